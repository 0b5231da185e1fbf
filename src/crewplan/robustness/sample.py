"""Draw disruption histories from a plan's disruption rates (pure: numpy's generator, no solver).

Sample ``index`` of seed ``seed`` is drawn from its own stream (``SeedSequence([seed, index])``), so a sample
is the same whichever worker draws it and however many there are. The events fall in the study window, from
the plan's first decided day (:meth:`Scenario.planning_origin`) to the end of its horizon, on the plan as it
stands (a later replan may move what they hit: a damage day after the moved undocking then does nothing):

- a **launch slip** of each planned launch with seats, with the probability per launch of its vehicle type (else
  the pooled rate), announced on the launch day, of an exponentially distributed number of days (at least 1);
- **damage** of each vehicle docked in the window, with the probability per docked day of its type: the
  first damage day is geometric;
- a **grounding** of each person seated on a planned flight, at the rate per person-year over the days to
  their last planned launch: the count is Poisson, the day uniform, the length exponential;
- a **pad outage** of each site with a rate (Poisson per year of the window, uniform day, exponential length);
- a **rule added or ended** at its rate per year (Poisson, uniform day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from crewplan.domain import DisruptionRate, Event, EventKind, FlightStatus, RatePer, Scenario

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Window:
    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def years(self) -> float:
        return self.days / 365.25


def study_window(plan: Scenario) -> Window:
    return Window(plan.planning_origin(), plan.settings.horizon_end)


def generator(seed: int, index: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, index]))


def _rate(rates: list[DisruptionRate], kind: EventKind, vehicle_type: str) -> DisruptionRate | None:
    own = [r for r in rates if r.kind is kind and r.vehicle_type == vehicle_type]
    pooled = [r for r in rates if r.kind is kind and r.vehicle_type is None]
    found = own or pooled
    return found[0] if found else None


def _length(rng: np.random.Generator, mean_days: float | None) -> int:
    return max(1, round(float(rng.exponential(mean_days or 1.0))))


def draw(plan: Scenario, seed: int, index: int, rates: list[DisruptionRate] | None = None) -> list[Event]:
    """The disruption events of sample ``index`` (sorted by day, then id)."""
    rates = list(plan.disruption_rates if rates is None else rates)
    rng = generator(seed, index)
    window = study_window(plan)
    tag = f"s{index}"
    events: list[Event] = []
    flights = sorted(plan.flights, key=lambda f: f.id)
    for f in flights:
        rate = _rate(rates, EventKind.LAUNCH_SLIP, f.vehicle_type)
        slipped = rng.random()  # drawn for every flight, so one flight's draw never shifts another's
        if (f.status is FlightStatus.PLANNED and f.seats and rate is not None
                and window.first <= f.launch_day <= window.last and slipped < rate.rate):
            events.append(Event(id=f"{tag}-slip-{f.id}", kind=EventKind.LAUNCH_SLIP, date=f.launch_day, flight=f.id,
                                slip_days=_length(rng, rate.mean_days), description=f"sampled ({rate.id})"))
    for f in flights:
        rate = _rate(rates, EventKind.VEHICLE_DAMAGED, f.vehicle_type)
        first = max(f.docking_day, window.first)
        last = min(f.undocking_day() or f.docking_day, window.last)
        wait = int(rng.geometric(rate.rate)) if rate is not None and rate.rate > 0 else 0
        if (f.status is not FlightStatus.CANCELLED and rate is not None and rate.rate > 0 and first <= last
                and wait <= (last - first).days + 1):
            events.append(Event(id=f"{tag}-damage-{f.id}", kind=EventKind.VEHICLE_DAMAGED,
                                date=first + (wait - 1) * ONE_DAY, flight=f.id, description=f"sampled ({rate.id})"))
    events += _groundings(plan, rates, rng, window, tag)
    events += _yearly(rates, rng, window, tag)
    return sorted(events, key=lambda e: (e.date, e.id))


def _groundings(plan: Scenario, rates: list[DisruptionRate], rng: np.random.Generator, window: Window,
                tag: str) -> list[Event]:
    rate = next((r for r in rates if r.kind is EventKind.ASTRONAUT_GROUNDED), None)
    if rate is None:
        return []
    last_launch: dict[str, dt.date] = {}
    for f in plan.flights:
        if f.status is FlightStatus.PLANNED and window.first <= f.launch_day <= window.last:
            for person in f.crew():
                last_launch[person] = max(last_launch.get(person, f.launch_day), f.launch_day)
    out = []
    for person in sorted(last_launch):
        days = (last_launch[person] - window.first).days + 1
        for n in range(int(rng.poisson(rate.rate * days / 365.25))):
            day = window.first + int(rng.integers(0, days)) * ONE_DAY
            out.append(Event(id=f"{tag}-grounded-{person}-{n}", kind=EventKind.ASTRONAUT_GROUNDED, date=day,
                             astronaut=person, until=day + _length(rng, rate.mean_days) * ONE_DAY,
                             description=f"sampled ({rate.id})"))
    return out


def _yearly(rates: list[DisruptionRate], rng: np.random.Generator, window: Window, tag: str) -> list[Event]:
    out = []
    for rate in sorted((r for r in rates if r.per in (RatePer.SITE_YEAR, RatePer.YEAR)), key=lambda r: r.id):
        for n in range(int(rng.poisson(rate.rate * window.years))):
            day = window.first + int(rng.integers(0, window.days)) * ONE_DAY
            common = {"id": f"{tag}-{rate.id}-{n}", "date": day, "description": f"sampled ({rate.id})"}
            if rate.kind is EventKind.PAD_UNAVAILABLE:
                out.append(Event(kind=rate.kind, site=rate.site, pad=rate.pad,
                                 until=day + _length(rng, rate.mean_days) * ONE_DAY, **common))
            else:
                out.append(Event(kind=rate.kind, rule=rate.rule, **common))
    return out
