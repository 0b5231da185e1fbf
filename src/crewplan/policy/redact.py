"""Apply the policy to what the service sends: a scenario document and the checker's findings.

Redacted fields are set to ``null`` for *every* object the viewer may not see that class of (never only where
a value would differ from the default: absence would leak too), and each is listed in ``redactions`` with the
rule that decided. Hidden proposals are left out. A finding never shows a body measure, a medical status or an
export-controlled detail to a viewer who may not see it: its message and fixes are replaced by a plain
sentence ("a seat-fit limit").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from crewplan.domain import Scenario
from crewplan.policy.decide import Decision, Principal, ShareGrant, may_see_data, may_see_item, may_see_proposal
from crewplan.rules.export import Item, items

DETAILS: dict[str, tuple[str, ...]] = {
    "module": ("note",),
    "vehicle": ("seat_fit", "note"),
    "experiment": ("name", "field", "institute", "crew_hours", "qualification", "source"),
}
"""The fields of an export-controlled item that a barred viewer does not see (ids, owners and stations stay:
they are the plan's structure, public in any manifest)."""


@dataclass
class Redacted:
    data: dict[str, Any]
    redactions: list[dict[str, str]] = field(default_factory=list)

    def hide(self, target: dict[str, Any], key: str, path: str, decision: Decision) -> None:
        target[key] = None
        self.redactions.append({"path": path, "rule": decision.rule, "reason": decision.reason})


@dataclass
class View:
    """What one principal may see of one scenario on one day (computed once per response)."""

    principal: Principal
    scenario: Scenario
    grants: tuple[ShareGrant, ...]
    day: dt.date
    _items: dict[tuple[str, str], Decision] = field(default_factory=dict)

    def data(self, agency: str, data_class: str) -> Decision:
        return may_see_data(self.principal, agency, data_class, self.grants, self.day)

    def item(self, item: Item) -> Decision:
        key = (item.kind, item.id)
        if key not in self._items:
            self._items[key] = may_see_item(self.principal, self.scenario, item, self.day)
        return self._items[key]

    def hidden_items(self) -> dict[tuple[str, str], Decision]:
        return {(i.kind, i.id): d for i in items(self.scenario) if not (d := self.item(i)).allowed}


def view(principal: Principal, scenario: Scenario, grants: Iterable[ShareGrant], day: dt.date) -> View:
    return View(principal, scenario, tuple(grants), day)


def redact_scenario(v: View, data: dict[str, Any]) -> Redacted:
    """``data`` (the scenario's plain data, as :func:`crewplan.scenario.save.scenario_data` gives it) as the
    principal may see it; ``data`` itself is not changed."""
    import copy

    out = Redacted(copy.deepcopy(data))
    for n, person in enumerate(out.data.get("astronauts", [])):
        for data_class in ("medical", "body"):
            decision = v.data(person["agency"], data_class)
            if not decision.allowed:
                out.hide(person, data_class, f"astronauts[{n}].{data_class}", decision)
    hidden = v.hidden_items()
    for s, station in enumerate(out.data.get("stations", [])):
        for g, segment in enumerate(station.get("segments", [])):
            for m, module in enumerate(segment.get("modules", [])):
                _hide_item(out, hidden, "module", module, f"stations[{s}].segments[{g}].modules[{m}]")
    for n, vtype in enumerate(out.data.get("vehicle_types", [])):
        _hide_item(out, hidden, "vehicle", vtype, f"vehicle_types[{n}]")
    for n, experiment in enumerate(out.data.get("experiments", [])):
        _hide_item(out, hidden, "experiment", experiment, f"experiments[{n}]")
    if "proposals" in out.data:
        proposals = {p.id: p for p in v.scenario.proposals}
        out.data["proposals"] = [p for p in out.data["proposals"]
                                 if may_see_proposal(v.principal, v.scenario, proposals[p["id"]]).allowed]
    return out


def _hide_item(out: Redacted, hidden: dict[tuple[str, str], Decision], kind: str, obj: dict[str, Any],
               path: str) -> None:
    decision = hidden.get((kind, obj["id"]))
    if decision is None:
        return
    for key in DETAILS[kind]:
        out.hide(obj, key, f"{path}.{key}", decision)


def redact_findings(v: View, findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings (``Violation.model_dump(mode="json")``) as the principal may see them."""
    people = {a.id: a for a in v.scenario.astronauts}
    secrets = _hidden_texts(v)
    out = []
    for finding in findings:
        finding = dict(finding)
        who = [people[p] for p in finding.get("entities", {}).get("astronauts", []) if p in people]
        body_hidden = [p for p in who if not v.data(p.agency, "body").allowed]
        medical_hidden = [p for p in who if not v.data(p.agency, "medical").allowed]
        text = " ".join([finding["message"], *finding.get("fixes", [])])
        names = ", ".join(p.name for p in who)
        if finding["rule"] == "seat.fit" and body_hidden:
            finding["message"] = f"a seat-fit limit for {names}"
            finding["fixes"] = ["choose another crew member or another vehicle type"]
        elif medical_hidden and "medical" in text.lower():
            finding["message"] = f"a medical restriction for {names}"
            finding["fixes"] = ["choose another crew member"]
        else:
            for secret in secrets:
                if secret in text:
                    finding["message"] = finding["message"].replace(secret, "an export-controlled item")
                    finding["fixes"] = [f.replace(secret, "an export-controlled item") for f in finding["fixes"]]
        out.append(finding)
    return out


def _hidden_texts(v: View) -> list[str]:
    """The detail values of items hidden from the viewer that are long enough to find in a sentence."""
    hidden = v.hidden_items()
    texts: list[str] = []
    for e in v.scenario.experiments:
        if ("experiment", e.id) in hidden:
            texts += [t for t in (e.name, e.field, e.institute) if t and len(t) >= 4]
    for station in v.scenario.stations:
        for segment in station.segments:
            for m in segment.modules:
                if ("module", m.id) in hidden and m.note:
                    texts.append(m.note)
    for vt in v.scenario.vehicle_types:
        if ("vehicle", vt.id) in hidden and vt.note:
            texts.append(vt.note)
    return sorted(set(texts), key=len, reverse=True)
