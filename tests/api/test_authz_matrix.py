"""Every cell of the hand-written authorization matrix (authz-matrix.yaml) against the live service."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from api.service import MATRIX, Service

SPEC = yaml.safe_load(MATRIX.read_text(encoding="utf-8"))
CASES = [(cell, who) for cell in SPEC["cells"] for who in cell["expect"]]


def test_every_cell_names_every_principal() -> None:
    for cell in SPEC["cells"]:
        assert set(cell["expect"]) == set(SPEC["principals"]), cell["name"]


def _path(service: Service, template: str) -> str:
    return template.format(**service.plans)


def _locate(data: Any, path: str) -> tuple[Any, str]:
    """``a[id=x].b[id=y].c`` in the document: the object holding the last key, and that key."""
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        match = re.fullmatch(r"(\w+)\[id=([\w.-]+)\]", part)
        assert match, part
        node = next(o for o in node[match[1]] if o["id"] == match[2])
    return node, parts[-1]


def _document(service: Service, who: str, plan: str = "main") -> tuple[int, Any]:
    with service.client(who) as client:
        answer = client.get(f"/plans/{service.plans[plan]}/document")
    return answer.status_code, answer.json()


def _outcome(service: Service, cell: dict[str, Any], who: str) -> str | int:
    if "request" in cell:
        method, template = cell["request"].split(" ", 1)
        with service.client(who) as client:
            answer = client.request(method, _path(service, template), json=cell.get("body"))
        return answer.status_code
    if "list" in cell:
        with service.client(who) as client:
            plans = client.get(cell["list"]).json()["plans"]
        return "present" if int(_path(service, cell["item"])) in {p["id"] for p in plans} else "absent"
    if "edit" in cell:
        plan = service.plans[cell["edit"]["plan"]]
        with service.client(who) as client:
            read = client.get(f"/plans/{plan}")
            if read.status_code != 200:
                return read.status_code
            answer = client.post(f"/plans/{plan}{cell['edit']['path']}", json=cell["edit"]["body"],
                                 headers={"If-Match": str(read.json()["revision"])})
        return answer.status_code
    status, doc = _document(service, who)
    if status != 200:
        return status
    if "field" in cell:
        holder, key = _locate(doc["scenario"], cell["field"])
        listed = any(r["path"].endswith(key) and holder.get(key) is None for r in doc["redactions"])
        if holder.get(key) is None:
            assert listed, f"{cell['field']} is null but not listed in redactions"
            return "redacted"
        return "visible"
    if "proposal" in cell:
        return "present" if cell["proposal"] in {p["id"] for p in doc["scenario"].get("proposals", [])} else "absent"
    spec = cell["finding"]
    with service.client(who) as client:
        findings = client.get(f"/plans/{service.plans['main']}/check").json()["findings"]
    mine = [f for f in findings if f["rule"] == spec["rule"] and spec["astronaut"] in f["entities"]["astronauts"]]
    assert mine, f"no {spec['rule']} finding for {spec['astronaut']}"
    return "visible" if all(spec["text"] in f["message"] for f in mine) else "redacted"


@pytest.mark.parametrize(("cell", "who"), CASES, ids=[f"{c['name']}-{w}" for c, w in CASES])
def test_matrix_cell(service: Service, cell: dict[str, Any], who: str) -> None:
    assert _outcome(service, cell, who) == cell["expect"][who]
