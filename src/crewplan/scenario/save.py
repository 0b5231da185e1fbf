"""Write a scenario (or a manifest) back to YAML in the format it was read from.

Writing is atomic: the file is written beside its target and renamed over it, so a failure never leaves
a half-written scenario and never loses the one already saved.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from crewplan.domain import SECTIONS, Scenario
from crewplan.errors import UsageError


class _Dumper(yaml.SafeDumper):
    """Block style, keys in model order; dates written plain (``2026-04-24``), as people write them."""


_Dumper.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def scenario_data(scenario: Scenario, base_dir: Path | None = None) -> dict[str, Any]:
    """Plain data for YAML: defaults left out, element-file paths relative to ``base_dir``."""
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if base_dir is not None:
        for station in data.get("stations", []):
            orbit = station.get("orbit", {})
            if orbit.get("elements_file"):
                orbit["elements_file"] = os.path.relpath(orbit["elements_file"], base_dir.resolve())
    ordered: dict[str, Any] = {}
    for key in ("id", "name", "description", "plan", "settings", *SECTIONS):
        if key in data and data[key] not in (None, []):
            ordered[key] = data[key]
    return ordered


def dump_scenario(scenario: Scenario, base_dir: Path | None = None) -> str:
    """The scenario as one YAML document."""
    text: str = yaml.dump(scenario_data(scenario, base_dir), Dumper=_Dumper, sort_keys=False,
                          allow_unicode=True, width=110, default_flow_style=False)
    return text


def save_scenario(scenario: Scenario, path: Path | str) -> Path:
    """Write ``scenario`` to ``path`` (one .yaml file), atomically. Returns the path written."""
    target = Path(path)
    if target.suffix not in (".yaml", ".yml"):
        raise UsageError(f"cannot save a scenario to {target}: expected a path ending in .yaml")
    target.parent.mkdir(parents=True, exist_ok=True)
    text = dump_scenario(scenario, target.parent)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target
