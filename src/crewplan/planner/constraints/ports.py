"""Rule 8 and the site part of rule 9: each docked vehicle holds a port of its standard, one vehicle per
port at a time (a port is held from the docking day up to, not including, the undocking day); a launch
site launches at most once per ``turnaround_days``."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ortools.sat.python import cp_model

from crewplan.domain import FlightStatus, day_of
from crewplan.planner.instance import Instance
from crewplan.planner.objective import ObjectiveTerm
from crewplan.planner.variables import Variables


def build(model: cp_model.CpModel, v: Variables, inst: Instance) -> list[ObjectiveTerm]:
    by_port: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for fid, fv in v.flights.items():
        info = fv.info
        lo, hi = info.range_days
        if not info.fixed and info.skip_day is None and (lo > info.launch_lo or hi < info.launch_hi):
            # Explain mode widened the launch days: the flight's own range is a relaxable rule.
            lit = v.assumption(f"launch.window:{fid}", rule="launch.window", flight=fid)
            model.add(v.launch_in(fid, lo, hi) == 1).only_enforce_if(lit)
        if info.undock_hi <= 0:
            continue
        flight = inst.scenario.flight(fid)
        if flight.port_moves:
            # Relocations on their days (decided, or planned with the flight): the first piece starts at the
            # launch (a planned flight launches before its first move), the last ends when the vehicle leaves.
            port, start = flight.port, info.launch_lo
            for n, move in enumerate(sorted(flight.port_moves, key=lambda m: day_of(m.date))):
                day = inst.day(day_of(move.date))
                if port and n == 0 and not info.fixed:
                    size = model.new_int_var(0, 100_000, f"portsize({fid},first)")
                    by_port[(info.station, port)].append(model.new_interval_var(fv.launch, size, day,
                                                                                f"port({fid},{port},first)"))
                elif port and day > start:
                    by_port[(info.station, port)].append(
                        model.new_fixed_size_interval_var(start, day - start, f"port({fid},{port},{start})"))
                port, start = move.port, max(day, start)
            if port:
                size = model.new_int_var(0, 100_000, f"portsize({fid})")
                by_port[(info.station, port)].append(model.new_interval_var(start, size, fv.undock, f"port({fid})"))
            continue
        for port, lit in fv.port_at.items():
            size = model.new_int_var(0, 100_000, f"portsize({fid},{port})")
            by_port[(info.station, port)].append(
                model.new_optional_interval_var(fv.launch, size, fv.undock, lit, f"port({fid},{port})"))
    for ivs in by_port.values():
        if len(ivs) > 1:
            model.add_no_overlap(ivs)

    sites = {s.id: s for s in inst.scenario.launch_sites}
    by_site: dict[str, list[Any]] = defaultdict(list)
    for f in inst.scenario.flights:
        if f.status is FlightStatus.CANCELLED and f.id not in v.flights:  # an optional one left out may fly
            continue
        site = sites.get(f.site)
        if site is None or not site.turnaround_days:
            continue
        planned = v.flights.get(f.id)
        launch = planned.launch if planned is not None else inst.day(f.launch_day)
        lo = planned.info.launch_lo if planned is not None else inst.day(f.launch_day)
        if lo + site.turnaround_days <= 0 and (planned is None or planned.info.fixed):
            continue
        by_site[f.site].append(model.new_fixed_size_interval_var(launch, site.turnaround_days, f"pad({f.id})"))
    for ivs in by_site.values():
        if len(ivs) > 1:
            model.add_no_overlap(ivs)
    return []
