"""Edits of a plan, as a shared service receives them: pin or release an assignment, move a planned launch,
add a disruption event, waive a finding. Each returns a new scenario that passed the loader's validation
(the same as a file's: :class:`~crewplan.errors.ScenarioError` lists every problem), and says which flights
and people it touches (the policy decides who may make it)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from crewplan.domain import Event, FlightStatus, Proposal, ProposalKind, ProposalStatus, Scenario, Waiver, day_of
from crewplan.errors import UsageError
from crewplan.scenario.events import validate_events
from crewplan.scenario.loader import LineMap, load_scenario_text
from crewplan.scenario.save import scenario_data


@dataclasses.dataclass(frozen=True)
class Edited:
    scenario: Scenario
    flights: tuple[str, ...] = ()
    astronauts: tuple[str, ...] = ()
    summary: str = ""


def _revalidated(scenario: Scenario) -> Scenario:
    """The scenario through the loader again: every cross-field and cross-reference rule holds."""
    return load_scenario_text(json.dumps(scenario_data(scenario), ensure_ascii=False), file="edited plan")


def _replace_flight(scenario: Scenario, flight_id: str, **update: Any) -> Scenario:
    flights = tuple(f.model_copy(update=update) if f.id == flight_id else f for f in scenario.flights)
    return scenario.model_copy(update={"flights": flights})


def _flight(scenario: Scenario, flight_id: str) -> Any:
    try:
        return scenario.flight(flight_id)
    except KeyError as error:
        raise UsageError(f"flight: {error.args[0]}") from None


def pin(scenario: Scenario, flight_id: str, astronaut: str, pinned: bool = True) -> Edited:
    """Pin (the planner must keep it) or release the assignment of ``astronaut`` on ``flight_id``."""
    flight = _flight(scenario, flight_id)
    if flight.status is not FlightStatus.PLANNED:
        raise UsageError(f"flight {flight_id} is {flight.status.value}: only a planned flight's seats can be "
                         "pinned or released")
    if not any(s.astronaut == astronaut for s in flight.seats):
        crew = ", ".join(flight.crew()) or "nobody yet"
        raise UsageError(f"astronaut {astronaut!r} has no seat on {flight_id}; its crew: {crew}")
    seats = tuple(s.model_copy(update={"pinned": pinned}) if s.astronaut == astronaut else s for s in flight.seats)
    changed = _revalidated(_replace_flight(scenario, flight_id, seats=seats))
    verb = "pinned" if pinned else "released"
    return Edited(changed, (flight_id,), (astronaut,), f"{verb} {astronaut} on {flight_id}")


def move_launch(scenario: Scenario, flight_id: str, day: dt.date) -> Edited:
    """Move a planned flight's launch day (its launch range moves with it; its stay is kept)."""
    flight = _flight(scenario, flight_id)
    if flight.status is not FlightStatus.PLANNED:
        raise UsageError(f"flight {flight_id} is {flight.status.value}: only a planned launch can move")
    update: dict[str, Any] = {"launch": day}
    shift = day - flight.launch_day
    for name in ("launch_latest", "docking", "undocking", "landing"):  # they move with it: the stay is kept
        if getattr(flight, name) is not None:
            update[name] = day_of(getattr(flight, name)) + shift
    changed = _revalidated(_replace_flight(scenario, flight_id, **update))
    return Edited(changed, (flight_id,), tuple(flight.crew()), f"moved {flight_id} to {day.isoformat()}")


def add_event(scenario: Scenario, fields: dict[str, Any]) -> Edited:
    """Add a disruption event (checked as ``--event`` is: kind, needed fields, references)."""
    item = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in fields.items() if v is not None}
    item.setdefault("id", f"{item.get('kind', 'event')}-{item.get('date', '')}")
    lines = LineMap()
    lines.default_file = "event"
    (event,) = validate_events(scenario, [(item, lines, ())])
    changed = _revalidated(scenario.model_copy(update={"events": (*scenario.events, event)}))
    return Edited(changed, tuple(x for x in (event.flight,) if x), tuple(x for x in (event.astronaut,) if x),
                  f"event {event.kind.value} {event.id}")


def waive(scenario: Scenario, *, rule: str, reason: str, until: dt.date, accepted_by: str,
          start: dt.date | None = None, astronauts: tuple[str, ...] = (), flights: tuple[str, ...] = (),
          today: dt.date | None = None) -> Edited:
    """Waive a finding of ``rule`` (for these people and flights, ``start`` to ``until``): who, why, until when."""
    taken = {w.id for w in scenario.waivers}
    number = len(scenario.waivers) + 1
    while f"waiver-{number}" in taken:
        number += 1
    waiver = Waiver(id=f"waiver-{number}", rule=rule, astronauts=astronauts, flights=flights, start=start,
                    end=until, accepted_by=accepted_by, reason=reason, date=today)
    changed = _revalidated(scenario.model_copy(update={"waivers": (*scenario.waivers, waiver)}))
    return Edited(changed, flights, astronauts, f"waived {rule} until {until.isoformat()}")


def add_proposal(scenario: Scenario, *, proposer: str, kind: str, submitted_by: str,
                 astronaut: str | None = None, experiment: str | None = None, station: str | None = None,
                 earliest: dt.date | None = None, latest: dt.date | None = None, priority: int = 1,
                 note: str | None = None) -> Edited:
    """A proposal by ``proposer`` (an astronaut's flight or an experiment) to a station's operator, status
    ``proposed``: the planner counts it only once the operator accepts it."""
    if kind not in {k.value for k in ProposalKind}:
        raise UsageError(f"proposal kind {kind!r}: expected {' or '.join(k.value for k in ProposalKind)}")
    if kind == ProposalKind.EXPERIMENT and experiment and station is None and scenario.has("experiments",
                                                                                          experiment):
        station = scenario.experiment(experiment).station
    taken = {p.id for p in scenario.proposals}
    number = len(scenario.proposals) + 1
    while f"{proposer.lower()}-proposal-{number}" in taken:
        number += 1
    try:
        proposal = Proposal(id=f"{proposer.lower()}-proposal-{number}", proposer=proposer, kind=ProposalKind(kind),
                            astronaut=astronaut, experiment=experiment, station=station, earliest=earliest,
                            latest=latest, priority=priority, note=note, submitted_by=submitted_by)
    except ValueError as error:
        raise UsageError(f"proposal: {error.errors()[0]['msg'] if hasattr(error, 'errors') else error}") from None
    changed = _revalidated(scenario.model_copy(update={"proposals": (*scenario.proposals, proposal)}))
    return Edited(changed, (), tuple(x for x in (astronaut,) if x), f"proposal {proposal.id} by {proposer}")


def decide_proposal(scenario: Scenario, proposal_id: str, *, accept: bool, reason: str, decided_by: str,
                    today: dt.date) -> Edited:
    """Accept or decline a proposal, with the reason, who decided and when."""
    found = next((p for p in scenario.proposals if p.id == proposal_id), None)
    if found is None:
        raise UsageError(f"proposal {proposal_id!r} is not in the plan")
    status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    decided = found.model_copy(update={"status": status, "decision_reason": reason, "decided_by": decided_by,
                                       "decided_on": today})
    proposals = tuple(decided if p.id == proposal_id else p for p in scenario.proposals)
    changed = _revalidated(scenario.model_copy(update={"proposals": proposals}))
    return Edited(changed, (), tuple(x for x in (found.astronaut,) if x), f"proposal {proposal_id} {status.value}")


__all__ = ["Edited", "Event", "add_event", "add_proposal", "decide_proposal", "move_launch", "pin", "waive"]
