"""The compact summary table ``crewplan plan`` and ``crewplan report`` print (rich)."""

from __future__ import annotations

from collections import Counter

from rich.table import Table
from rich.text import Text

from crewplan.check import CheckReport
from crewplan.domain import Scenario
from crewplan.report.occupancy import occupancy


def summary_table(manifest: Scenario, check_report: CheckReport | None = None) -> Table:
    """One table: horizon, flights by status, people and agencies flying, per-station lifeboat gap days,
    the solve (status, objective, time) and, when given, the checker's verdict."""
    occ = occupancy(manifest, check_report)
    table = Table(title=Text(f"{manifest.name} ({manifest.id})"), title_justify="left", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    s = manifest.settings
    table.add_row("horizon", f"{s.horizon_start} to {s.horizon_end}")
    statuses = Counter(f.status.value for f in manifest.flights)
    table.add_row("flights", f"{len(manifest.flights)} (" + ", ".join(f"{n} {k}" for k, n in sorted(statuses.items()))
                  + ")")
    flying = {stay.astronaut for stay in occ.stays}
    agencies = sorted({occ.context.people[p].agency for p in flying if p in occ.context.people})
    table.add_row("people flying", f"{len(flying)} of {len(manifest.astronauts)}")
    table.add_row("agencies flying", Text(", ".join(agencies) or "none"))
    for days in occ.stations.values():
        gap = len(days.gap_days)
        peak = max(days.aboard, default=0)
        text = Text(f"peak {peak} aboard; ")
        text.append(f"{gap} lifeboat gap days" if gap else "no lifeboat gap", style="red" if gap else "")
        table.add_row(Text(f"station {days.station}"), text)
    plan = manifest.plan
    if plan is not None:
        objective = "—" if plan.objective is None else f"{plan.objective:g}"
        time = "" if plan.time_s is None else f", {plan.time_s:.1f} s"
        table.add_row("solve", Text(f"{plan.solver}: {plan.status}, objective {objective}{time}"))
    if check_report is not None:
        hard = len(check_report.hard)
        verdict = Text("passes", style="green") if check_report.ok else Text(f"{hard} hard violation(s)", style="red")
        verdict.append(f"; {len(check_report.waived)} waived, {len(check_report.warnings)} warning(s)")
        table.add_row("checker", verdict)
    return table
