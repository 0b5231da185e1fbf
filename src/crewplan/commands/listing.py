"""``crewplan ls [KIND]``: the ids a scenario defines, for the flags and files that name them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from crewplan.commands.common import JsonOption, ScenarioOption, console, load, print_json
from crewplan.domain import Scenario, day_of
from crewplan.errors import UsageError, nearest

Row = dict[str, str]


def _rows(section: str, columns: Callable[[Any], Row]) -> Callable[[Scenario], list[Row]]:
    return lambda s: [{"id": item.id, **columns(item)} for item in getattr(s, section)]


def _ports(s: Scenario) -> list[Row]:
    return [{"id": p.id, "station": st.id, "name": p.name, "standard": p.standard}
            for st in s.stations for p in st.ports]


def _pads(s: Scenario) -> list[Row]:
    return [{"id": p.id, "site": site.id, "name": p.name} for site in s.launch_sites for p in site.pads]


def _modules(s: Scenario) -> list[Row]:
    return [{"id": m.id, "station": st.id, "name": m.name, "owner": m.owner} for st in s.stations
            for m in st.modules()]


KINDS: dict[str, Callable[[Scenario], list[Row]]] = {
    "agencies": _rows("agencies", lambda a: {"name": a.name, "country": a.country or ", ".join(a.member_states)}),
    "astronauts": _rows("astronauts", lambda a: {"name": a.name, "agency": a.agency,
                                                 "nationalities": " ".join(a.nationalities),
                                                 "fictional": "yes" if a.fictional else ""}),
    "qualifications": _rows("qualifications", lambda q: {"name": q.name}),
    "facilities": _rows("facilities", lambda f: {"name": f.name, "agency": f.agency}),
    "courses": _rows("courses", lambda c: {"name": c.name, "provider": c.provider}),
    "vehicle-types": _rows("vehicle_types", lambda t: {"name": t.name, "operator": t.operator}),
    "vehicles": _rows("vehicles", lambda v: {"name": v.name, "type": v.type}),
    "stations": _rows("stations", lambda st: {"name": st.name, "operator": st.operator}),
    "modules": _modules,
    "ports": _ports,
    "adapters": _rows("docking_adapters", lambda a: {
        "station": a.station, "port": a.port, "presents": f"{a.base_system} -> {a.presents_system}",
        "status": a.status.value, "from": a.installed_date.isoformat() if a.installed_date else "",
        "until": a.removed_date.isoformat() if a.removed_date else ""}),
    "sites": _rows("launch_sites", lambda site: {"name": site.name, "country": site.country}),
    "pads": _pads,
    "flights": _rows("flights", lambda f: {"name": f.name, "station": f.station, "launch": f.launch_day.isoformat(),
                                           "status": f.status.value}),
    "agreements": _rows("agreements", lambda a: {"name": a.name, "hypothetical": "yes" if a.hypothetical else ""}),
    "rules": _rows("rules", lambda r: {"name": r.name, "effect": r.effect.value}),
    "waivers": _rows("waivers", lambda w: {"rule": w.rule, "accepted_by": w.accepted_by}),
    "experiments": _rows("experiments", lambda e: {"name": e.name, "station": e.station}),
    "proposals": _rows("proposals", lambda p: {"proposer": p.proposer, "kind": p.kind.value}),
    "events": _rows("events", lambda e: {"kind": e.kind.value, "date": day_of(e.date).isoformat()}),
    "bookings": _rows("bookings", lambda b: {"astronaut": b.astronaut, "course": b.course,
                                             "start": b.start.isoformat()}),
}
ALIASES = {"vehicle_types": "vehicle-types", "launch_sites": "sites", "launch-sites": "sites",
           "docking_adapters": "adapters", "docking-adapters": "adapters",
           **{(k[:-3] + "y" if k.endswith("ies") else k[:-1]): k for k in KINDS}}


def register(app: typer.Typer) -> None:
    app.command("ls")(ls)


def ls(kind: Annotated[str | None, typer.Argument(
           help=f"What to list: {', '.join(KINDS)} (default: how many of each).", show_default=False)] = None,
       scenario: ScenarioOption = None, as_json: JsonOption = False) -> None:
    """List the ids of a scenario (astronauts, flights, stations, sites, vehicle types, agreements, rules, ...)."""
    source = load(scenario)
    if kind is None:
        counts = {name: len(rows(source)) for name, rows in KINDS.items()}
        if as_json:
            print_json(counts)
            return
        console.print(", ".join(f"{n} {name}" for name, n in counts.items() if n)
                      + "; crewplan ls KIND lists the ids of one kind")
        return
    name = ALIASES.get(kind.lower(), kind.lower())
    if name not in KINDS:
        near = nearest(kind, KINDS)
        raise UsageError(f"unknown kind {kind!r}; " + (f"did you mean {near!r}? " if near else "")
                         + f"expected one of {', '.join(KINDS)}")
    rows = KINDS[name](source)
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"{len(rows)} {name}", title_justify="left")
    columns = list(rows[0]) if rows else ["id"]
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(Text(row[c]) for c in columns))
    console.print(table)
