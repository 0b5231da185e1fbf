"""The manifest as it stood on the morning of a past day: the flown record cut at ``day``.

What had happened before ``day`` stays as flown. A flight in orbit on ``day`` keeps its launch but not its
landing: it stays as long as it was then planned to. A flight launched on or after ``day`` becomes a
planned flight again, with the launch day, stay, port (and relocations) and crew it then had (a flight's
``planned_as`` revisions record how it stood before each decision that changed it; without one, as it
flew). Flights after the horizon are left out, but for the next two of a station with a standby rule, kept
uncrewed as the vehicles that stand by. Events, course bookings and waivers of ``day`` or later are
dropped: they had not happened. So a replan of the cut manifest with the day's event (``crewplan replan
before.yaml --event 'vehicle_damaged flight=soyuz-ms-22 date=2022-12-14'``) starts from what the planners
of the day knew, not from what they decided.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crewplan.domain import Flight, FlightRevision, FlightStatus, Scenario, day_of
from crewplan.errors import UsageError


def scenario_at(scenario: Scenario, day: dt.date, horizon_end: dt.date | None = None) -> Scenario:
    """The manifest on the morning of ``day`` (nothing of ``day`` itself has happened), planned to
    ``horizon_end`` (default: the scenario's own; flights launching after it are left out)."""
    start, end = scenario.settings.horizon_start, scenario.settings.horizon_end
    if not start < day <= end:
        raise UsageError(f"cannot cut {scenario.id} at {day}: expected a day after the horizon start {start} "
                         f"and no later than its end {end}")
    last = horizon_end or end
    if last <= day:
        raise UsageError(f"the horizon end {last} must be after the day {day}")
    flights = [cut for f in scenario.flights if (cut := _flight_at(f, day, last)) is not None]
    flights += _standby_after(scenario, day, last)
    kept = {f.id for f in flights}
    flights = [_returns_kept(f, kept) for f in flights]
    settings = scenario.settings.model_copy(update={"horizon_end": last})
    return scenario.model_copy(update={
        "settings": settings,
        "flights": tuple(flights),
        "events": tuple(e for e in scenario.events if day_of(e.date) < day),
        "bookings": tuple(b for b in scenario.bookings if b.start < day),
        "waivers": tuple(w for w in scenario.waivers if w.start is None or w.start < day),
        "plan": None,
    })


def _standby_after(scenario: Scenario, day: dt.date, last: dt.date) -> list[Flight]:
    """Per station with a standby rule, its first two flights after the horizon, kept uncrewed: the vehicle
    that stands by while the horizon's last crew is aboard (as the built-in ``shenzhou-31-standby``), and
    the one behind it that stands by when the first flies as a relief ("one launch, one standby")."""
    out = []
    for station in scenario.stations:
        if station.standby_rescue_days is None:
            continue
        later = [f for f in scenario.flights if f.station == station.id and _launch_at(f, day) > last
                 and f.status is not FlightStatus.CANCELLED]
        if not later:
            continue
        for f in sorted(later, key=lambda g: _launch_at(g, day))[:2]:
            cut = _flight_at(f, day, _launch_at(f, day)) or f
            out.append(cut.model_copy(update={
                "status": FlightStatus.PLANNED, "uncrewed": True, "seats": (), "purpose": "standby",
                "port": None, "port_moves": (),
                "note": f"Kept by the cut at {day} as a vehicle standing by after the horizon (the station's "
                        "standby rule: one launch, one standby); uncrewed, outside the horizon, so no plan "
                        "crews it, and it has no port yet."}))
    return out


def revision_at(flight: Flight, day: dt.date) -> FlightRevision | None:
    """The plan of ``flight`` that held on the morning of ``day`` (``None``: as it flew)."""
    return next((r for r in flight.planned_as if r.until >= day), None)


def _launch_at(f: Flight, day: dt.date) -> dt.date:
    """The launch day ``f`` had on the morning of ``day``."""
    rev = revision_at(f, day)
    return day_of(rev.launch) if rev and rev.launch else f.launch_day


def _flight_at(f: Flight, day: dt.date, last: dt.date) -> Flight | None:
    rev = revision_at(f, day)
    launch = _launch_at(f, day)
    if f.status is FlightStatus.CANCELLED:
        return f if f.launch_day <= last else None
    if f.status is FlightStatus.PLANNED:
        if launch > last:
            return None
        return f if rev is None else f.model_copy(update={
            **_as_planned(f, rev, day), "launch": launch, "launch_latest": None if rev.launch else f.launch_latest})
    if f.launch_day < day:
        home = _landing(f)
        if f.status is FlightStatus.ABORTED or (home is not None and home < day):
            return f
        return _in_orbit(f, day, rev)
    if launch > last:
        return None
    planned = _as_planned(f, rev, day)
    return f.model_copy(update={
        **planned, "status": FlightStatus.PLANNED, "launch": launch, "launch_latest": None, "docking": None,
        "undocking": None, "landing": None,
        "seats": tuple(s.model_copy(update={"pinned": False}) for s in planned["seats"])})


def _in_orbit(f: Flight, day: dt.date, rev: FlightRevision | None) -> Flight:
    """A flight launched before ``day`` and not yet home: it stays as then planned (at least through ``day``)."""
    planned = _as_planned(f, rev, day)
    stay = max(planned["stay_days"] or 0, (day - f.docking_day).days)
    return f.model_copy(update={
        **planned, "undocking": None, "landing": None, "stay_days": stay,
        "port_moves": tuple(m for m in f.port_moves if day_of(m.date) < day)})


def _as_planned(f: Flight, rev: FlightRevision | None, day: dt.date) -> dict[str, Any]:
    """The stay, port, crew and crewing that held on the morning of ``day``: the revision's, else as flown."""
    def pick(name: str, flown: Any) -> Any:
        value = getattr(rev, name) if rev is not None else None
        return flown if value is None else value

    return {"stay_days": pick("stay_days", _flown_stay(f)), "port": pick("port", f.port),
            "uncrewed": pick("uncrewed", f.uncrewed), "seats": tuple(pick("seats", f.seats)),
            "planned_as": tuple(r for r in f.planned_as if r.until >= day)}


def _landing(f: Flight) -> dt.date | None:
    return day_of(f.landing) if f.landing else (day_of(f.undocking) if f.undocking else None)


def _flown_stay(f: Flight) -> int | None:
    end = f.undocking_day()
    return (end - f.docking_day).days if end is not None else f.stay_days


def _returns_kept(f: Flight, kept: set[str]) -> Flight:
    """Seats whose ``returns_on`` flight is left out (after the horizon) go home on their own flight."""
    if all(s.returns_on is None or s.returns_on in kept for s in f.seats):
        return f
    seats = tuple(s if s.returns_on is None or s.returns_on in kept else s.model_copy(update={"returns_on": None})
                  for s in f.seats)
    return f.model_copy(update={"seats": seats})
