"""What the pages show, made from the API's answers (pure: no web framework, no database)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from crewplan.report.lanes import DAY_MS, timeline

__all__ = ["DAY_MS", "EXPORT_CONTROLLED", "NOT_SHARED", "Overview", "Person", "day", "hidden_label", "local_path",
           "occupancy_runs", "people_names", "plan_tree", "timeline"]

NOT_SHARED = "not shared with your agency"
EXPORT_CONTROLLED = "export-controlled"


def day(value: str | dt.date | dt.datetime | None) -> str:
    """A UTC date with its day of the year: ``2027-04-07 (097)``; a time keeps its hour and minute."""
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        text = value.replace("Z", "+00:00")
        value = dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC)
        return f"{value:%Y-%m-%d} ({value:%j}) {value:%H:%M} UTC"
    return f"{value:%Y-%m-%d} ({value:%j})"


def local_path(target: str) -> str:
    """``target`` if it is a path on this server's UI, else the plans page (no open redirect)."""
    if target.startswith("/ui/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/ui/plans"


def hidden_label(rule: str) -> str:
    """How a redacted value is shown: never as a blank that looks like missing data."""
    return EXPORT_CONTROLLED if rule.startswith("export.") else NOT_SHARED


def plan_tree(plans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The plans, each followed by its branches (indented by ``depth``)."""
    children: dict[int | None, list[dict[str, Any]]] = {}
    ids = {p["id"] for p in plans}
    for p in sorted(plans, key=lambda p: p["id"]):
        parent = p["parent_id"] if p["parent_id"] in ids else None
        children.setdefault(parent, []).append(p)
    out: list[dict[str, Any]] = []

    def walk(parent: int | None, depth: int) -> None:
        for p in children.get(parent, []):
            out.append({**p, "depth": depth})
            walk(p["id"], depth + 1)

    walk(None, 0)
    return out


@dataclass
class Overview:
    """A plan's overview: the checker's verdict, the flights and crews, the agreements, and what is hidden."""

    hard: int | None
    findings_by_rule: list[tuple[str, int]]
    findings: list[dict[str, Any]]
    flights: list[dict[str, Any]]
    agreements: list[dict[str, Any]]
    experiments: list[dict[str, Any]]
    hidden: list[tuple[str, int]] = field(default_factory=list)
    scenario_name: str = ""
    people: list[tuple[str, str]] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    header: dict[str, Any] | None = None
    """The manifest's ``plan:`` header (how it was solved: status, objective, bound, gap, terms), if any."""
    event_kinds: tuple[str, ...] = ("vehicle_damaged", "launch_slip", "astronaut_grounded", "pad_unavailable")

    @classmethod
    def of(cls, summary: dict[str, Any], document: dict[str, Any], checked: dict[str, Any] | None) -> Overview:
        scenario = document.get("scenario", {})
        redacted = {r["path"]: r["rule"] for r in document.get("redactions", [])}
        people = {a["id"]: a.get("name") or a["id"] for a in scenario.get("astronauts", [])}
        findings = checked["findings"] if checked else []
        return cls(
            hard=checked["hard"] if checked else None,
            findings_by_rule=Counter(f["rule"] for f in findings).most_common(),
            findings=findings,
            flights=[_flight(f, people) for f in scenario.get("flights", [])],
            agreements=[_agreement(a) for a in scenario.get("agreements", [])],
            experiments=[_experiment(n, e, redacted) for n, e in enumerate(scenario.get("experiments", []))],
            hidden=Counter(hidden_label(rule) for rule in redacted.values()).most_common(),
            scenario_name=str(scenario.get("name") or summary.get("name") or ""),
            people=sorted(people.items(), key=lambda p: p[1]),
            sites=[s["id"] for s in scenario.get("launch_sites", [])],
            header=scenario.get("plan"),
        )


def _flight(flight: dict[str, Any], people: dict[str, str]) -> dict[str, Any]:
    crew = [{"role": s.get("role", ""), "astronaut": s.get("astronaut"), "pinned": bool(s.get("pinned")),
             "name": people.get(s.get("astronaut") or "", s.get("astronaut"))} for s in flight.get("seats", [])]
    return {"id": flight["id"], "name": flight.get("name") or flight["id"], "station": flight.get("station"),
            "planned": (flight.get("status") or "planned") == "planned",
            "vehicle_type": flight.get("vehicle_type"), "launch": flight.get("launch"), "site": flight.get("site"),
            "stay_days": flight.get("stay_days"), "port": flight.get("port"), "crew": crew}


def _agreement(agreement: dict[str, Any]) -> dict[str, Any]:
    grants = agreement.get("seat_grants", []) or []
    return {"id": agreement["id"], "name": agreement.get("name") or agreement["id"],
            "parties": agreement.get("parties", []),
            "seats": [{"grantor": g.get("grantor"), "grantee": g.get("grantee"), "seats": g.get("seats"),
                       "deadline": g.get("deadline")} for g in grants]}


def _experiment(n: int, experiment: dict[str, Any], redacted: dict[str, str]) -> dict[str, Any]:
    rule = redacted.get(f"experiments[{n}].name")
    return {"id": experiment["id"], "name": experiment.get("name"), "hidden": hidden_label(rule) if rule else None,
            "owner": experiment.get("proposer"), "station": experiment.get("station")}



def people_names(document: dict[str, Any]) -> dict[str, str]:
    return {a["id"]: a.get("name") or a["id"] for a in document.get("scenario", {}).get("astronauts", [])}


def occupancy_runs(occupancy: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
    """The API's occupancy, per station, with each run's length in days and the names of the people aboard."""
    out = []
    for station in occupancy["stations"]:
        runs = [{**r, "days": (dt.date.fromisoformat(r["last_day"]) - dt.date.fromisoformat(r["first_day"])).days + 1,
                 "names": [names.get(p, p) for p in r["people"]]} for r in station["runs"]]
        out.append({**station, "runs": runs})
    return out


@dataclass
class Person:
    """An astronaut as the viewer may see them: every hidden field named, with the reason's label."""

    id: str
    name: str
    agency: str
    facts: list[tuple[str, str]]
    hidden: list[tuple[str, str]]
    qualifications: list[dict[str, Any]]
    seats: list[dict[str, Any]]

    @classmethod
    def of(cls, document: dict[str, Any], astronaut: str, today: dt.date) -> Person | None:
        scenario = document.get("scenario", {})
        found = [(n, a) for n, a in enumerate(scenario.get("astronauts", [])) if a["id"] == astronaut]
        if not found:
            return None
        n, person = found[0]
        redacted = {r["path"]: r["rule"] for r in document.get("redactions", [])}
        hidden = [(name, hidden_label(redacted[f"astronauts[{n}].{key}"])) for key, name in
                  (("medical", "Medical status"), ("body", "Body measures")) if f"astronauts[{n}].{key}" in redacted]
        facts = [("Agency", person.get("agency", "")), ("Nationalities", ", ".join(person.get("nationalities", []))),
                 ("Category", person.get("category") or "professional")]
        if f"astronauts[{n}].medical" not in redacted:
            facts.append(("Medical status", person.get("medical") or "fit"))
        if f"astronauts[{n}].body" not in redacted:
            body = person.get("body")
            facts.append(("Body measures", ", ".join(f"{k.removesuffix('_cm').removesuffix('_kg').replace('_', ' ')}"
                                                     f" {v} {'kg' if k.endswith('_kg') else 'cm'}"
                                                     for k, v in body.items()) if body else "none recorded"))
        for key, label in (("available_from", "Available from"), ("available_until", "Available until")):
            if person.get(key):
                facts.append((label, day(person[key])))
        quals = {q["id"]: q for q in scenario.get("qualifications", [])}
        qualifications = []
        for held in person.get("qualifications", []):
            expires = held.get("expires")
            qualifications.append({"id": held["qualification"],
                                   "name": quals.get(held["qualification"], {}).get("name") or held["qualification"],
                                   "earned": held.get("earned"), "expires": expires,
                                   "expired": bool(expires) and dt.date.fromisoformat(expires) <= today})
        seats = []
        for flight in scenario.get("flights", []):
            for seat in flight.get("seats", []):
                if seat.get("astronaut") == astronaut:
                    seats.append({"flight": flight["id"], "name": flight.get("name") or flight["id"],
                                  "role": seat.get("role", ""), "station": flight.get("station"),
                                  "launch": flight.get("launch"), "status": flight.get("status") or "planned",
                                  "returns_on": seat.get("returns_on") or flight["id"]})
        seats.sort(key=lambda s: str(s["launch"]))
        return cls(id=astronaut, name=person.get("name") or astronaut, agency=person.get("agency", ""), facts=facts,
                   hidden=hidden, qualifications=qualifications, seats=seats)
