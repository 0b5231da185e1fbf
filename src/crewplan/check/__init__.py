"""The independent checker: a manifest in, Violations out. No solver.

``check_scenario(scenario)`` evaluates every hard rule of DESIGN §4, one module per rule family, day by
day over the scenario's horizon, then marks the findings that waivers cover (they stay in the report with
``waived: true``). Rule ids are stable; the planner relies on them:

=====================  =============================================================================
``seat.count``         more seats listed, or more people to bring home, than the vehicle has
``seat.role``          a role the vehicle lacks, too many of a role, a required role unfilled
``seat.return``        a return flight that cannot bring the person home
``crew.overlap``       a person on two flights at once
``crew.rest``          too few days on the ground between flights (more after a long-duration mission)
``crew.available``     grounded, medically unfit, or outside availability dates
``qualification``      a role's qualification, language or category requirement not met
``qualification.training``  a qualification earned from a course run while its holder was in space on a
                       planned flight (a warning on a flown one)
``training.in_space``  a booked course session while its trainee is in space, in quarantine or in recovery
``training.capacity``  more trainees booked on a course session than it takes
``legality.<rule>``    a legality rule of the scenario (``forbid``: violation; ``restrict``: warning)
``seat.fit``           body measures outside the seat limits (warning when unmeasured)
``station.capacity``   more people aboard than nominal (beyond the handover days) or than handover
``station.crew``       fewer than the station's minimum crew while crewed; nobody aboard while it is
                       to be continuously crewed
``seat.holder``        a seat role held by someone of an agency the role does not name (no agreement opens it)
``crew.size``          a crewed flight with fewer people than its vehicle type's ``crew_min``
``lifeboat``           a person aboard without a seat on a sound, docked, in-life lifeboat that fits
``docking.port``       no port, a port of another standard, two vehicles on one port
``launch.site``        a site or pad that does not launch the vehicle type
``launch.pad``         a pad out of service or closed by an event
``launch.turnaround``  two launches from a site closer than its turnaround
``launch.slip``        a launch before a slip event allows
``launch.window``      a launch time outside the site's windows into the station's orbit (orbit layer)
``agreement.deadline`` granted seats not flown by the deadline
``agreement.stay``     a granted stay longer than allowed
``agreement.barter``   a barter balance beyond its limit
``rescue.standby``     no rescue vehicle launchable within the station's standby days
``plan.header``        (warning) a manifest's plan header does not match its contents (edited afterwards)
=====================  =============================================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from crewplan.check import (
    agreements,
    capacity,
    docking,
    launch,
    legality,
    lifeboat,
    qualifications,
    rescue,
    rest,
    seatfit,
    seats,
    window,
)
from crewplan.check.context import CheckContext
from crewplan.check.violations import CheckReport, Entities, Severity, Violation, sort_key
from crewplan.check.waivers import apply_waivers
from crewplan.domain import Scenario
from crewplan.scenario.save import plan_header_problem

FAMILIES = ("seats", "rest", "qualifications", "legality", "seatfit", "capacity", "lifeboat", "docking",
            "launch", "window", "agreements", "rescue")


def check_scenario(scenario: Scenario, *, families: Iterable[str] | None = None,
                   horizon: tuple[dt.date, dt.date] | None = None) -> CheckReport:
    """Check every hard rule of ``scenario`` over its horizon (or ``horizon``, both days included).

    Args:
        scenario: a scenario or manifest.
        families: evaluate only these rule families (names in ``FAMILIES``); default all.
        horizon: override the scenario's ``settings.horizon_start``/``horizon_end``.
    """
    span = horizon or (scenario.settings.horizon_start, scenario.settings.horizon_end)
    ctx = CheckContext(scenario, span)
    wanted = set(FAMILIES if families is None else families)
    unknown = wanted - set(FAMILIES)
    if unknown:
        from crewplan.errors import UsageError

        raise UsageError(f"unknown rule famil{'ies' if len(unknown) > 1 else 'y'} {sorted(unknown)}; "
                         f"known: {', '.join(FAMILIES)}")
    cache = legality.LegalityCache(ctx)
    runners: dict[str, Callable[[], Iterable[Violation]]] = {
        "seats": lambda: seats.check(ctx),
        "rest": lambda: rest.check(ctx),
        "qualifications": lambda: [*qualifications.check(ctx), *qualifications.check_training_on_the_ground(ctx),
                                   *qualifications.check_bookings(ctx)],
        "legality": lambda: legality.check(ctx, cache),
        "seatfit": lambda: seatfit.check(ctx),
        "capacity": lambda: [*capacity.check(ctx), *capacity.check_crew(ctx)],
        "lifeboat": lambda: lifeboat.check(ctx, cache),
        "docking": lambda: docking.check(ctx),
        "launch": lambda: launch.check(ctx),
        "window": lambda: window.check(ctx),
        "agreements": lambda: agreements.check(ctx),
        "rescue": lambda: rescue.check(ctx),
    }
    found: list[Violation] = []
    skipped: list[str] = []
    for name in FAMILIES:
        if name not in wanted:
            continue
        if name == "window" and not window.available():
            skipped.append(f"launch.window: {window.unavailable_reason()}")
            continue
        found.extend(runners[name]())
    header = plan_header_problem(scenario)
    if header:
        found.append(Violation.on_days("plan.header", f"manifest {scenario.id}: {header}", Entities(), *span,
                                       severity=Severity.WARNING,
                                       fixes=("plan or replan again to get a header that describes this plan",)))
    found = apply_waivers(found, scenario.waivers)
    hard = sorted((v for v in found if v.severity is Severity.VIOLATION), key=sort_key)
    warn = sorted((v for v in found if v.severity is Severity.WARNING), key=sort_key)
    return CheckReport(scenario=scenario.id, horizon_start=span[0], horizon_end=span[1],
                       violations=tuple(hard), warnings=tuple(warn), skipped=tuple(skipped))


__all__ = ["FAMILIES", "CheckReport", "Entities", "Severity", "Violation", "check_scenario"]
