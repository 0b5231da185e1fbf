"""Why no plan exists: a minimal set of conflicting rule instances, in the checker's words.

Every relaxable rule instance of the model (a flight that must fly crewed, an agreement's deadline, a
barter limit, a flight's launch range, the lifeboat cover of a flight's crew, a station's capacity) is
guarded by an assumption literal. CP-SAT returns a sufficient set of assumptions for infeasibility; it is
then reduced by deletion (drop one, re-solve; keep it out while still infeasible) to a minimal core: every
rule instance in it is needed for the conflict, so relaxing any one of them resolves this conflict.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from crewplan.planner.instance import Instance, PlanOptions, build_instance
from crewplan.planner.model import build_model
from crewplan.planner.solve import run_interruptibly


@dataclass
class Conflict:
    """One rule instance of a minimal core."""

    rule: str
    """The checker's rule id (``agreement.deadline``, ``lifeboat``, ...) or ``plan.crewed``."""
    key: str
    message: str
    fixes: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {"rule": self.rule, "key": self.key, "message": self.message, "fixes": list(self.fixes)}


@dataclass
class Explanation:
    feasible: bool
    core: list[Conflict] = field(default_factory=list)
    minimal: bool = False
    note: str | None = None

    def as_json(self) -> dict[str, object]:
        return {"feasible": self.feasible, "minimal": self.minimal, "note": self.note,
                "core": [c.as_json() for c in self.core]}

    def text(self) -> str:
        if self.feasible:
            return "a plan exists"
        if not self.core:
            return "no plan satisfies every hard rule" + (f"; {self.note}" if self.note else "")
        lines = [f"no plan satisfies every hard rule; {'a minimal' if self.minimal else 'a'} set of "
                 f"{len(self.core)} conflicting rule instance(s):"]
        for c in self.core:
            lines.append(f"  [{c.rule}] {c.message}")
            lines += [f"      fix: {f}" for f in c.fixes]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


def _infeasible(model: cp_model.CpModel, lits: list[cp_model.IntVar], time_limit_s: float, workers: int
                ) -> tuple[bool | None, list[int]]:
    model.clear_assumptions()
    model.add_assumptions(lits)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 1 if workers <= 1 else workers
    status = run_interruptibly(solver, model)
    if status == cp_model.INFEASIBLE:
        return True, list(solver.sufficient_assumptions_for_infeasibility())
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False, []
    return None, []


def explain(inst: Instance, *, time_limit_s: float = 20.0, slack_days: int = 45, workers: int = 1) -> Explanation:
    """Explain why ``inst`` has no plan (or say that it has one).

    ``slack_days`` widens each flight's launch range so that the range itself becomes a relaxable rule (not
    when the wider span loses the orbit layer's windows: the explanation must not relax them unguarded).
    """
    if slack_days:
        wide = build_instance(inst.scenario, _with_slack(inst, slack_days))
        if wide.windows_from_orbit == inst.windows_from_orbit:
            inst = wide
    built = build_model(inst, assumptions=True)
    model = built.model
    model.clear_objective()  # type: ignore[no-untyped-call]
    names = list(built.vars.assumptions)
    lits = [built.vars.assumptions[n] for n in names]
    index_of = {lit.index: n for n, lit in zip(names, lits, strict=True)}
    verdict, core_idx = _infeasible(model, lits, time_limit_s, workers)
    if verdict is False:
        return Explanation(True)
    if verdict is None:
        return Explanation(False, note=f"the conflicting rules could not be isolated within {time_limit_s:g} s")
    core = [index_of[i] for i in core_idx if i in index_of]
    if not core:
        return Explanation(False, note="the decided part of the scenario (flown flights, pinned seats) "
                                       "already breaks a hard rule that the planner cannot relax; run "
                                       "`crewplan check` on the scenario")
    minimal = True
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1:]
        verdict, sub = _infeasible(model, [built.vars.assumptions[n] for n in trial], time_limit_s, workers)
        if verdict is True:
            shrunk = [index_of[j] for j in sub if j in index_of]
            core = [n for n in trial if n in shrunk] if shrunk else trial
            i = min(i, len(core))
            continue
        if verdict is None:
            minimal = False
        i += 1
    return Explanation(False, [describe(inst, n, built.vars.assumption_info[n]) for n in core], minimal)


def _with_slack(inst: Instance, slack: int) -> PlanOptions:
    return dataclasses.replace(PlanOptions(origin=inst.origin, replan=inst.replan, require_crewed=inst.require_crewed),
                               slack_days=slack)


def describe(inst: Instance, name: str, info: dict[str, object]) -> Conflict:
    rule = str(info.get("rule", name.split(":")[0]))
    s = inst.scenario
    key = name.split(":", 1)[1] if ":" in name else name
    if rule == "plan.crewed":
        f = inst.flights[key]
        reasons = _reasons(inst, key)
        return Conflict(rule, key, f"{f.name} is planned crewed, but its required roles cannot all be filled "
                        f"in its launch range {inst.date(f.range_days[0])}..{inst.date(f.range_days[1])}"
                        + (f" ({reasons})" if reasons else ""),
                        (f"fly {f.id} uncrewed", f"train more candidates for {f.id}'s roles in time",
                         f"move {f.id} later"))
    if rule == "crew.size":
        f = inst.flights[key]
        vt = s.vehicle_type(f.vehicle_type)
        return Conflict(rule, key, f"{f.name} must fly at least {vt.crew_min} people when crewed, and not enough "
                        f"candidates can take its seats", (f"fly {f.id} uncrewed", f"train more candidates for "
                                                          f"{f.id}", f"lower {vt.id}'s crew_min"))
    if rule == "station.crew":
        st = s.station(key)
        return Conflict(rule, key, f"{st.name} must keep at least {st.min_crew or 1} aboard"
                        + (f" without a break from {st.continuous_from}" if st.continuous_from else " while crewed")
                        + ", and the planned flights and candidates cannot", (
                            "add a flight or candidates", "lower min_crew or the continuous_from date"))
    if rule == "agreement.deadline":
        grant = str(info["grant"])
        ag = s.agreement(str(info["agreement"]))
        g = next(x for x in ag.seat_grants if x.id == grant)
        return Conflict(rule, key, f"{ag.name}: grant {g.id} promises {info['seats']} more seat(s) to {g.grantee} "
                        f"on a {g.grantor} vehicle by {g.deadline}; no qualified {g.grantee} candidate can fly "
                        f"them in time together with the other rules here",
                        (f"move the deadline of {g.id} later", f"train a {g.grantee} candidate earlier",
                         f"open a seat for {g.grantee} on a {g.grantor} flight before {g.deadline}"))
    if rule == "agreement.barter":
        ag = s.agreement(key)
        return Conflict(rule, key, f"seat barter under {ag.name} cannot stay within "
                        f"{ag.barter.max_imbalance_seats if ag.barter else 0} seat(s)",
                        ("raise the barter limit", "open seats for the owed agency"))
    if rule == "launch.window":
        f = inst.flights[key]
        first, last = f.range_days
        if first > last:  # no usable day at all in its range
            flight = inst.scenario.flight(key)
            latest = flight.launch_latest or flight.launch
            return Conflict(rule, key, f"{f.name} has no usable launch window from {f.site} into the {f.station} "
                            f"orbit between {flight.launch_day} and {latest} (within the site's azimuths)",
                            (f"widen {f.id}'s launch range (launch_latest)",
                             f"launch from another site than {f.site}"))
        return Conflict(rule, key, f"{f.name} must launch between {inst.date(first)} and "
                        f"{inst.date(last)} (usable window days of {f.site} only)",
                        (f"widen {f.id}'s launch range (launch_latest)",))
    if rule == "lifeboat":
        f = inst.flights[key]
        return Conflict(rule, key, f"the crew of {f.name} needs a sound lifeboat seat every day aboard "
                        f"{f.station} (their own vehicle, or the one they go home in, docked in time)",
                        ("dock a sound lifeboat with free seats in time (e.g. an uncrewed replacement)",
                         "shorten the stay"))
    if rule == "station.capacity":
        st = s.station(key)
        return Conflict(rule, key, f"more than {st.capacity.nominal_crew} people aboard {st.name} beyond "
                        f"{st.capacity.handover_days_max} handover days, or more than {st.capacity.handover_crew}",
                        ("move an arrival later or a departure earlier",))
    return Conflict(rule, key, name)


def _reasons(inst: Instance, flight: str) -> str:
    parts = []
    for sc in inst.classes:
        if sc.flight != flight or not sc.required:
            continue
        if sc.candidates:
            parts.append(f"{sc.role.value}: {len(sc.candidates)} candidate(s), all needed elsewhere or not "
                         "ready by launch")
            continue
        common = Counter(r.split(":")[0] for r in sc.rejected.values()).most_common(3)
        example = next(iter(sc.rejected.items()), None)
        parts.append(f"{sc.role.value}: no candidate ({', '.join(f'{n} {k}' for k, n in common)}"
                     + (f"; e.g. {example[0]}: {example[1]}" if example else "") + ")")
    return "; ".join(parts)
