"""Disruption events given to ``crewplan replan``: ``--event TEXT`` and ``--events FILE``, read and checked as
strictly as a scenario's own ``events:`` section.

An events file is YAML: a list of events, or a mapping with an ``events:`` list (so a scenario's
``events.yaml`` works as it is). Each event has the fields of :class:`crewplan.domain.Event`::

    - id: coolant-leak
      kind: vehicle_damaged          # vehicle_damaged, launch_slip, astronaut_grounded, pad_unavailable,
      date: 2027-01-10               # rule_added, rule_ended
      flight: shenzhou-24
      description: coolant leak in the service module

``--event`` takes the same fields on one line, ``KIND key=value ...``; ``id`` and ``description``
default to ``event-N`` and the text itself. Either way the file is read with the scenario's safe reader
(size, tags, aliases, duplicate keys, nesting), every problem is reported with file, line, field, value and
what would be valid, and the events are checked against the manifest like its own: the flights,
astronauts, sites, pads and rules they name must exist (the nearest id is suggested), ``until`` must
follow ``date``, and the date must lie in the scenario's horizon.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from crewplan.domain import Event, EventKind, Scenario
from crewplan.errors import Problem, ScenarioError, UsageError
from crewplan.scenario.loader import LineMap, _problem_from, _relevant
from crewplan.scenario.references import check_references
from crewplan.scenario.yamlio import Abort, YamlDocument, decode, format_path, parse_yaml

_EVENT = TypeAdapter(Event)
KINDS = ", ".join(kind.value for kind in EventKind)
EXAMPLE = "'vehicle_damaged flight=soyuz-ms-22 date=2022-12-14'"


def parse_event(text: str, number: int = 1) -> tuple[dict[str, Any], LineMap]:
    """The raw fields of ``--event TEXT`` (validated later with the others), and where to say they came from."""
    where = f"--event {number}"
    lines = LineMap()
    lines.default_file = where
    parts = text.split()
    if not parts:
        raise UsageError(f"{where}: empty; expected KIND key=value ..., e.g. {EXAMPLE}")
    kind = parts[0]
    if kind not in {k.value for k in EventKind}:
        raise UsageError(f"{where}: unknown event kind {kind!r}; expected one of {KINDS} (e.g. {EXAMPLE})")
    data: dict[str, Any] = {"id": f"event-{number}", "kind": kind, "description": text}
    for item in parts[1:]:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"{where}: {item!r} is not key=value; expected e.g. date=2026-05-01 or "
                             f"flight=shenzhou-24")
        if key in data and key not in ("id", "description"):
            raise UsageError(f"{where}: {key} given twice")
        data[key] = value
    return data, lines


def read_events_file(path: Path) -> tuple[list[Any], LineMap]:
    """The raw events of an events file and the line of every field."""
    file = str(path)
    if not path.exists():
        raise ScenarioError([Problem(file, 0, "", "no such file", None, "a YAML file with a list of events")],
                            "events")
    if path.is_dir():
        raise ScenarioError([Problem(file, 0, "", "is a folder", None, "a YAML file with a list of events")],
                            "events")
    try:
        document = parse_yaml(decode(path.read_bytes(), file), file)
    except Abort as abort:
        raise ScenarioError([abort.problem], "events") from None
    except OSError as error:
        raise ScenarioError([Problem(file, 0, "", f"cannot read file: {error.strerror or error}")],
                            "events") from None
    return _event_list(document)


def _event_list(document: YamlDocument) -> tuple[list[Any], LineMap]:
    data, file = document.data, document.file
    lines = LineMap()
    lines.default_file = file
    expected = "a list of events ('- id: ...' items), or a mapping with an 'events:' list"
    prefix: tuple[str | int, ...] = ()
    if isinstance(data, dict):
        extra = sorted(set(data) - {"events"})
        if extra:
            raise ScenarioError([Problem(file, document.lines.get((extra[0],), 1), extra[0], "unknown key",
                                         repr(extra[0]), "only 'events:' (a list of events)")], "events")
        data, prefix = data.get("events"), ("events",)
    if not isinstance(data, list):
        got = "an empty file" if data is None else f"a {type(data).__name__}"
        raise ScenarioError([Problem(file, document.lines.get(prefix, 1), format_path(prefix), "no list of events",
                                     got, expected)], "events")
    lines.add_list(document, prefix, ("events",))
    return data, lines


_ONE = ("events", 0)
"""Where a ``--event`` is validated: as an item of an ``events:`` list (so unknown keys list an event's)."""


def _on_line(problem: Problem, path: tuple[str | int, ...]) -> Problem:
    """A ``--event`` problem names the field alone (``slip_days``), not ``events[0].slip_days``."""
    if path:
        return problem
    field = problem.path.removeprefix(format_path(_ONE)).lstrip(".")
    return dataclasses.replace(problem, path=field)


def validate_events(scenario: Scenario, raw: list[tuple[Any, LineMap, tuple[str | int, ...]]]) -> list[Event]:
    """Validate raw events (each with its line map and its path there) and check them against ``scenario``.

    Raises:
        ScenarioError: every problem, each where it was written.
    """
    problems: list[Problem] = []
    events: list[Event] = []
    for item, lines, path in raw:
        try:
            events.append(_EVENT.validate_python(item))
        except ValidationError as error:
            problems.extend(_on_line(_problem_from(e, lines, path or _ONE), path) for e in _relevant(error))
    if problems:
        raise ScenarioError(problems, "events")
    taken = {e.id for e in scenario.events}
    fresh: list[Event] = []
    for n, event in enumerate(events, start=1):
        if event.id in taken:
            event = event.model_copy(update={"id": f"{event.id}-{n}"})
        taken.add(event.id)
        fresh.append(event)
    merged = scenario.model_copy(update={"events": (*scenario.events, *fresh)})
    offset = len(scenario.events)
    for finding_path, message, got, expected in check_references(merged):
        if finding_path[:1] != ("events",) or not isinstance(finding_path[1], int) or finding_path[1] < offset:
            continue
        _item, lines, path = raw[finding_path[1] - offset]
        where = (*path, *finding_path[2:])
        problems.append(Problem(*lines.locate(where), format_path(where), message, got, expected))
    problems = [p for p in problems if p.path or p.message]
    if problems:
        raise ScenarioError(problems, "events")
    return fresh


def events_from_text(scenario: Scenario, texts: list[str]) -> list[Event]:
    """Events from ``--event`` texts, checked against ``scenario`` (the Python face of ``--event``)."""
    raw: list[tuple[Any, LineMap, tuple[str | int, ...]]] = []
    for number, text in enumerate(texts, start=1):
        data, lines = parse_event(text, number)
        raw.append((data, lines, ()))
    return validate_events(scenario, raw)
