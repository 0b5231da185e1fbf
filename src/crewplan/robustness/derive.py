"""Disruption rates derived from a scenario's own record (its flown flights and the events among them).

The estimates are Jeffreys' (the mean of the posterior under the Jeffreys prior): ``(k + 1/2) / exposure``
for a count ``k`` over an exposure (docked days, person-years, site-years), ``(k + 1/2) / (n + 1)`` for ``k``
of ``n`` launches. They are not zero where the record saw nothing (a clean record of a few hundred docked
days does not prove a vehicle cannot fail), and they are as good as the record: a record that lists only
the slips that changed a manifest undercounts slips. Each rate says so in its ``reasoning``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from crewplan.domain import DisruptionRate, Event, EventKind, Flight, FlightStatus, RatePer, Scenario, day_of

GROUNDING_EXPOSURE_YEARS = 1.0
"""Person-years of exposure per crewed seat flown: crews are named about a year before launch, and a
grounding that matters to a manifest happens in that year or in flight."""
GROUNDING_MEAN_DAYS = 180.0
"""ASSUMED: how long a grounding lasts when the record has none to measure (a medical recovery, or the rest
of a six-month increment)."""


def record_span(scenario: Scenario) -> tuple[dt.date, dt.date]:
    """The days the record covers: the first flown launch to the day before planning starts."""
    flown = [f.launch_day for f in scenario.flights if f.status is FlightStatus.FLOWN]
    end = scenario.planning_origin() - dt.timedelta(days=1)
    return (min(flown) if flown else end), end


def docked_days(scenario: Scenario, flight_id: str) -> int:
    f = next(f for f in scenario.flights if f.id == flight_id)
    last = f.undocking_day() or f.docking_day
    return (last - f.docking_day).days + 1


def derived_rates(scenario: Scenario) -> list[DisruptionRate]:
    """Every rate the record supports: damage per docked day and slips per launch for each vehicle type that
    flew crew (and pooled over all types, for types that did not), grounding per person-year, outages per
    site-year (each site that had one, and pooled)."""
    flown = [f for f in scenario.flights if f.status is FlightStatus.FLOWN and f.crew()]
    if not flown:
        return []  # no record: nothing to derive from
    by_flight = {f.id: f for f in scenario.flights}
    first, last = record_span(scenario)
    years = max((last - first).days + 1, 1) / 365.25
    span = f"{first.isoformat()} to {last.isoformat()}"
    out: list[DisruptionRate] = []
    damage = [e for e in scenario.events if e.kind is EventKind.VEHICLE_DAMAGED and e.flight in by_flight]
    slips = [e for e in scenario.events if e.kind is EventKind.LAUNCH_SLIP and e.flight in by_flight]
    exposure: Counter[str] = Counter()
    launches: Counter[str] = Counter()
    for f in flown:
        exposure[f.vehicle_type] += docked_days(scenario, f.id)
        launches[f.vehicle_type] += 1
    for vtype in [*sorted(exposure), None]:
        days = exposure[vtype] if vtype else sum(exposure.values())
        hits = [e for e in damage if vtype is None or by_flight[e.flight or ""].vehicle_type == vtype]
        name = vtype or "any vehicle type"
        out.append(DisruptionRate(
            id=f"damage-{vtype or 'pooled'}", kind=EventKind.VEHICLE_DAMAGED, per=RatePer.DOCKED_DAY,
            vehicle_type=vtype, rate=round((len(hits) + 0.5) / days, 8), derived=True,
            reasoning=f"{len(hits)} damage event(s) ({', '.join(e.id for e in hits) or 'none'}) in {days} docked "
                      f"days of {launches[vtype] if vtype else sum(launches.values())} crewed flights of {name}, "
                      f"{span}; Jeffreys estimate (k + 1/2) / docked days"))
        n = launches[vtype] if vtype else sum(launches.values())
        slipped = [e for e in slips if vtype is None or by_flight[e.flight or ""].vehicle_type == vtype]
        all_days = [e.slip_days or 0 for e in slips]
        mean = (sum(e.slip_days or 0 for e in slipped) / len(slipped)) if slipped else sum(all_days) / max(
            len(all_days), 1) or 7.0
        out.append(DisruptionRate(
            id=f"slip-{vtype or 'pooled'}", kind=EventKind.LAUNCH_SLIP, per=RatePer.LAUNCH, vehicle_type=vtype,
            rate=round((len(slipped) + 0.5) / (n + 1), 8), mean_days=round(mean, 3), derived=True,
            reasoning=f"{len(slipped)} slip(s) ({', '.join(e.id for e in slipped) or 'none'}) in {n} crewed "
                      f"launches of {name}, {span}; Jeffreys estimate (k + 1/2) / (n + 1); mean slip of "
                      f"{'these slips' if slipped else 'all the slips of the record'}. The record lists the "
                      "slips that changed a manifest, not every slip: an undercount"))
    out += _grounding(scenario, flown, span) + _outages(scenario, years, span)
    return out


def _grounding(scenario: Scenario, flown: list[Flight], span: str) -> list[DisruptionRate]:
    seats = sum(len(f.crew()) for f in flown)
    grounded = [e for e in scenario.events if e.kind is EventKind.ASTRONAUT_GROUNDED]
    lengths = [(day_of(e.until) - day_of(e.date)).days for e in grounded if e.until]
    mean = sum(lengths) / len(lengths) if lengths else GROUNDING_MEAN_DAYS
    return [DisruptionRate(
        id="grounding", kind=EventKind.ASTRONAUT_GROUNDED, per=RatePer.PERSON_YEAR,
        rate=round((len(grounded) + 0.5) / max(seats * GROUNDING_EXPOSURE_YEARS, 1), 8), mean_days=mean,
        derived=True, reasoning=f"{len(grounded)} grounding event(s) for {seats} crewed seats flown, {span}, "
                                f"{GROUNDING_EXPOSURE_YEARS:g} person-year each (crews are named about a year "
                                "ahead); Jeffreys estimate; mean length "
                                + ("from the record" if lengths else f"{mean:g} days, ASSUMED (none recorded)"))]


def _outages(scenario: Scenario, years: float, span: str) -> list[DisruptionRate]:
    outages: dict[str, list[Event]] = defaultdict(list)
    for e in scenario.events:
        if e.kind is EventKind.PAD_UNAVAILABLE and e.site:
            outages[e.site].append(e)
    lengths = [(day_of(e.until) - day_of(e.date)).days for es in outages.values() for e in es if e.until]
    pooled_mean = sum(lengths) / len(lengths) if lengths else 30.0
    out = []
    for site in scenario.launch_sites:
        hits = outages.get(site.id, [])
        own = [(day_of(e.until) - day_of(e.date)).days for e in hits if e.until]
        pads = {e.pad for e in hits}
        out.append(DisruptionRate(
            id=f"outage-{site.id}", kind=EventKind.PAD_UNAVAILABLE, per=RatePer.SITE_YEAR, site=site.id,
            pad=next(iter(pads)) if len(pads) == 1 else None,
            rate=round((len(hits) + 0.5) / (years * len(scenario.launch_sites)) if not hits
                       else (len(hits) + 0.5) / years, 8),
            mean_days=round(sum(own) / len(own) if own else pooled_mean, 3), derived=True,
            reasoning=(f"{len(hits)} outage(s) ({', '.join(e.id for e in hits)}) in {years:.2f} years, {span}; "
                       "Jeffreys estimate per site-year" if hits else
                       f"no outage of this site in {years:.2f} years, {span}: half an outage pooled over the "
                       f"{len(scenario.launch_sites)} sites' years (Jeffreys)")
            + "; mean length from the record's outages (whose end may be ASSUMED: see events.yaml)"))
    return out
