"""Write a scenario (or a manifest) back to YAML in the format it was read from.

Writing is atomic (:func:`crewplan.files.write_atomic`): the file is written beside its target and renamed
over it, so a failure never leaves a half-written scenario and never loses the one already saved.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import yaml

from crewplan.domain import SECTIONS, Scenario
from crewplan.errors import UsageError
from crewplan.files import write_atomic


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


def with_elements_in(scenario: Scenario, folder: Path) -> Scenario:
    """A copy of ``scenario`` whose element files are copied into ``folder/elements`` (so that an output folder
    holds everything its manifest needs, wherever it is moved)."""
    stations = []
    target = folder / "elements"
    used: dict[str, str] = {}
    for station in scenario.stations:
        source = station.orbit.elements_file
        if not source:
            stations.append(station)
            continue
        name = Path(source).name
        if used.get(name, source) != source:
            name = f"{station.id}-{name}"
        used[name] = source
        target.mkdir(exist_ok=True)
        try:
            write_atomic(target / name, Path(source).read_bytes())
        except OSError as error:
            raise UsageError(f"cannot copy the element sets of {station.id} ({source}): "
                             f"{error.strerror or error}") from None
        orbit = station.orbit.model_copy(update={"elements_file": str(target / name)})
        stations.append(station.model_copy(update={"orbit": orbit}))
    return scenario.model_copy(update={"stations": tuple(stations)})


def manifest_hash(scenario: Scenario) -> str:
    """SHA-256 over a manifest's whole content, its plan header included (but for this hash itself).

    Element files count by their bytes, not by where they lie (a copied output folder keeps its hash).
    """
    header = scenario.plan.model_copy(update={"manifest_hash": None}) if scenario.plan else None
    data = scenario.model_copy(update={"plan": header}).model_dump(mode="json", by_alias=True,
                                                                   exclude_defaults=True)
    for station in data.get("stations", []):
        orbit = station.get("orbit", {})
        if orbit.get("elements_file"):
            path = Path(orbit["elements_file"])
            try:
                orbit["elements_file"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                orbit["elements_file"] = "missing:" + path.name
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def plan_header_problem(scenario: Scenario) -> str | None:
    """Why the ``plan:`` header of a manifest cannot be trusted, or ``None`` (no header, or it matches)."""
    if scenario.plan is None:
        return None
    if not scenario.plan.manifest_hash:
        return ("its plan header carries no manifest_hash, so nothing shows that its status, objective and "
                "terms describe these flights")
    if manifest_hash(scenario) != scenario.plan.manifest_hash:
        return ("it was changed after crewplan wrote it (its plan header's manifest_hash does not match the "
                "contents): the header's status, objective and terms may not describe these flights; plan or "
                "replan again for a header that does")
    return None


def dump_scenario(scenario: Scenario, base_dir: Path | None = None) -> str:
    """The scenario as one YAML document."""
    text: str = yaml.dump(scenario_data(scenario, base_dir), Dumper=_Dumper, sort_keys=False,
                          allow_unicode=True, width=110, default_flow_style=False)
    return text


def save_scenario(scenario: Scenario, path: Path | str) -> Path:
    """Write ``scenario`` to ``path`` (one .yaml file), atomically. Returns the path written."""
    target = scenario_target(path)
    write_atomic(target, dump_scenario(scenario, target.parent))
    return target


def scenario_target(path: Path | str) -> Path:
    """``path`` checked as where a scenario file may be saved, its folder made (UsageError if it cannot be)."""
    target = Path(path)
    if target.suffix not in (".yaml", ".yml"):
        raise UsageError(f"cannot save a scenario to {target}: expected a path ending in .yaml")
    if target.exists() and target.is_dir():
        raise UsageError(f"cannot save a scenario to {target}: it is a folder; give a file path ending in .yaml")
    blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise UsageError(f"cannot save a scenario to {target}: {blocking} is a file, so no folder can be made "
                         "under it")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot save a scenario to {target}: {error.strerror or error}") from None
    return target
