"""A scenario (or manifest) as one self-contained document: its data with element files inlined.

A revision stores the document's canonical JSON and its SHA-256. Reading it back writes the element files
into a folder and loads the scenario from there, through the same loader as every file, so a stored plan
is checked by the same rules as one on disk. ``load == load(export(import(load)))``: the document keeps
every field (defaults left out, as the YAML writer does) and element files by their bytes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from crewplan.domain import Scenario
from crewplan.errors import UsageError
from crewplan.files import write_atomic
from crewplan.scenario.loader import load_scenario_text
from crewplan.scenario.save import scenario_data
from crewplan.storage.audit import canonical

FORMAT = "crewplan.document/1"


def to_document(scenario: Scenario) -> tuple[str, str]:
    """The scenario's document (canonical JSON) and its ``sha256:`` hash."""
    data = scenario_data(scenario)
    files: dict[str, str] = {}
    for station in data.get("stations", []):
        orbit = station.get("orbit", {})
        source = orbit.get("elements_file")
        if not source:
            continue
        name = f"elements/{Path(source).name}"
        if name in files:
            name = f"elements/{station['id']}-{Path(source).name}"
        try:
            files[name] = Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read the element sets of station {station['id']} ({source}): "
                             f"{getattr(error, 'strerror', None) or error}") from None
        orbit["elements_file"] = name
    text = canonical({"format": FORMAT, "scenario": data, "files": files})
    return text, "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_files(text: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The scenario data and the inlined files of a document."""
    doc = json.loads(text)
    if doc.get("format") != FORMAT:
        raise UsageError(f"stored document has format {doc.get('format')!r}; this crewplan reads {FORMAT}")
    return doc["scenario"], doc["files"]


def write_files(files: dict[str, str], folder: Path) -> None:
    """Write a document's inlined files under ``folder`` (each atomically)."""
    for name, content in files.items():
        target = (folder / name).resolve()
        if folder.resolve() not in target.parents:
            raise UsageError(f"stored document names a file outside its folder: {name!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, content)


def from_document(text: str, folder: Path) -> Scenario:
    """The scenario of a document, its element files written under ``folder`` (which must stay while the
    scenario is used: its orbit reads them)."""
    data, files = document_files(text)
    write_files(files, folder)
    return load_scenario_text(json.dumps(data, ensure_ascii=False), file="<stored revision>", base_dir=folder)


def export_document(text: str, out: Path) -> Path:
    """Write a document as a scenario file ``out`` (.yaml), its element sets in ``elements/`` beside it, each
    file atomically; returns the path written."""
    import tempfile

    from crewplan.scenario.save import save_scenario, scenario_target, with_elements_in

    target = scenario_target(out)
    with tempfile.TemporaryDirectory(prefix="crewplan-export-") as folder:
        scenario = from_document(text, Path(folder))
        return save_scenario(with_elements_in(scenario, target.parent), target)


def merged_document(base: str, plan: str, branch: str) -> tuple[str | None, str | None, Any]:
    """The three-way merge (:mod:`crewplan.scenario.merge`) of a branch's document into its plan's: the merged
    document and its hash (None, None when there are conflicts), and the merge itself."""
    from crewplan.scenario.merge import merge

    if plan == base:  # the plan has not moved: the branch is the result, byte for byte
        base_data, _ = document_files(base)
        branch_data, _ = document_files(branch)
        result = merge(base_data, base_data, branch_data)
        return branch, "sha256:" + hashlib.sha256(branch.encode("utf-8")).hexdigest(), result
    (base_data, _), (plan_data, plan_files), (branch_data, branch_files) = map(document_files, (base, plan, branch))
    result = merge(base_data, plan_data, branch_data)
    if result.conflicts:
        return None, None, result
    text = canonical({"format": FORMAT, "scenario": result.data, "files": {**branch_files, **plan_files}})
    return text, "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest(), result
