"""The curriculum graph: which courses grant a qualification, what they need, and prerequisite cycles."""

from __future__ import annotations

import datetime as dt

from crewplan.domain import Course, Scenario
from crewplan.errors import CrewplanError, InputError
from crewplan.rules.agreements import in_force


class CurriculumCycleError(InputError):
    """Prerequisites that go round in a circle; ``cycle`` lists the qualifications in order."""

    def __init__(self, cycle: list[str]) -> None:
        self.cycle = cycle
        super().__init__("prerequisite cycle: " + " -> ".join(cycle) + "; break it by removing one of these "
                         "prerequisites from its course")


class TrainingError(CrewplanError):
    """No training path leads to the qualifications asked for; the message says where the chain breaks."""


def granting(scenario: Scenario) -> dict[str, list[Course]]:
    """Qualification id -> the courses that grant it."""
    out: dict[str, list[Course]] = {}
    for course in scenario.courses:
        for q in course.grants:
            out.setdefault(q, []).append(course)
    return out


def find_cycle(scenario: Scenario) -> list[str] | None:
    """A prerequisite cycle (qualification ids, first repeated last), or ``None``."""
    grants = granting(scenario)
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(q: str) -> list[str] | None:
        state[q] = 1
        path.append(q)
        for course in grants.get(q, []):
            for p in course.prerequisites:
                if state.get(p) == 1:
                    return [*path[path.index(p):], p]
                if p not in state:
                    found = visit(p)
                    if found:
                        return found
        path.pop()
        state[q] = 2
        return None

    for q in sorted(grants):
        if q not in state:
            found = visit(q)
            if found:
                return found
    return None


def check_curriculum(scenario: Scenario) -> None:
    """Raise :class:`CurriculumCycleError` when prerequisites form a cycle."""
    cycle = find_cycle(scenario)
    if cycle:
        raise CurriculumCycleError(cycle)


def course_open(scenario: Scenario, course: Course, agency: str, day: dt.date) -> bool:
    """Whether an ``agency`` astronaut may take ``course`` starting on ``day``: always for the provider's
    own people and for courses no agreement mentions; otherwise only under an agreement in force that lists
    the course and has both agencies as parties."""
    if agency == course.provider:
        return True
    listing = [a for a in scenario.agreements if course.id in a.courses]
    if not listing:
        return True
    return any(in_force(a, day) and agency in a.parties and course.provider in a.parties for a in listing)
