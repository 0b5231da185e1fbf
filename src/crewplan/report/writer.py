"""Write the whole report of a manifest: ``report.html`` and the exports, into one folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from crewplan.check import CheckReport, check_scenario
from crewplan.domain import Scenario
from crewplan.report import charts, html
from crewplan.report.exports import write_exports
from crewplan.report.launches import launches
from crewplan.report.ledger import ledger
from crewplan.report.occupancy import occupancy, span_of
from crewplan.report.people import timelines

Progress = Callable[[str], None]
"""Called with the name of each step as it starts (for a progress display)."""

STEPS = ("checking the manifest", "drawing the manifest timelines", "drawing occupancy and lifeboat seats",
         "drawing the astronaut timeline", "computing launch windows", "drawing the agreements ledger",
         "writing report.html", "writing the exports")


@dataclass(frozen=True)
class Report:
    """What :func:`build_report` made: the page and the checker's report it used."""

    html: str
    check: CheckReport


def build_report(manifest: Scenario, check_report: CheckReport | None = None,
                 progress: Progress | None = None) -> Report:
    """The HTML report of ``manifest`` as a string (runs the checker unless ``check_report`` is given)."""
    say = progress or (lambda _step: None)
    say(STEPS[0])
    check = check_report if check_report is not None else check_scenario(manifest)
    occ = occupancy(manifest, check)
    span = span_of(manifest)
    colours = charts.agency_colours(manifest)
    say(STEPS[1])
    timeline_charts = [c for st in manifest.stations
                       if (c := charts.manifest_timeline(occ.context, st.id, colours, span)) is not None]
    say(STEPS[2])
    occupancy_charts = [c for days in occ.stations.values() if (c := charts.occupancy_chart(days)) is not None]
    say(STEPS[3])
    people_chart = charts.astronaut_timeline(manifest, timelines(manifest, occ.stays), colours, span)
    say(STEPS[4])
    windows = launches(manifest)
    windows_chart = charts.windows_chart(windows)
    say(STEPS[5])
    books = ledger(occ.context)
    agreements_chart = charts.agreements_chart(books, span)
    created = _created(manifest)
    page = html.page(
        manifest, summary=html.summary_section(manifest, occ, check), timelines=timeline_charts,
        occupancy=occupancy_charts, occupancy_extra=html.occupancy_tables(occ), people=people_chart,
        windows=windows_chart, windows_extra=html.windows_table(windows), agreements=agreements_chart,
        agreements_extra=html.ledger_tables(books), violations=html.violations_section(check, manifest),
        generated=created)
    return Report(page, check)


def write_report(manifest: Scenario, out_dir: Path, check_report: CheckReport | None = None,
                 progress: Progress | None = None) -> Path:
    """Write ``report.html`` and the exports of ``manifest`` into ``out_dir``; return the report's path.

    Args:
        manifest: a manifest (or any scenario: its flights are drawn as they stand).
        out_dir: the folder; created if missing. Existing files of the same names are replaced.
        check_report: the checker's report of ``manifest``, if the caller already has it.
        progress: called with each step's name as it starts.
    """
    say = progress or (lambda _step: None)
    report = build_report(manifest, check_report, say)
    out_dir.mkdir(parents=True, exist_ok=True)
    say(STEPS[6])
    path = out_dir / "report.html"
    path.write_text(report.html, encoding="utf-8")
    say(STEPS[7])
    write_exports(manifest, out_dir, [v.model_dump(mode="json") for v in report.check.violations])
    return path


def _created(manifest: Scenario) -> dt.datetime | None:
    """The plan header's creation time (never the wall clock, so the same manifest gives the same page)."""
    text = manifest.plan.created_utc if manifest.plan else None
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)
    except ValueError:
        return None
