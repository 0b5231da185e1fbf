"""The HTML report: self-contained, every chart present, violations shown, lifeboat gap days marked."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

from report_fixtures import rebuilt, with_gap

from crewplan.check import CheckReport, check_scenario
from crewplan.domain import PlanHeader, Scenario
from crewplan.report import build_report, write_report
from crewplan.report.occupancy import occupancy


class _Page(HTMLParser):
    """Collects figures (with their attributes), ids of SVG groups, table rows' attributes and URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[dict[str, str]] = []
        self.ids: set[str] = set()
        self.rows: list[dict[str, str]] = []
        self.urls: list[str] = []
        self.svg_in_figure: dict[str, int] = {}
        self._figure: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "figure":
            self.figures.append(a)
            self._figure = a.get("data-chart")
        if tag == "svg" and self._figure:
            self.svg_in_figure[self._figure] = self.svg_in_figure.get(self._figure, 0) + 1
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "tr" and a:
            self.rows.append(a)
        for key in ("src", "href", "xlink:href", "action", "data"):
            if key in a and tag not in ("svg",):
                self.urls.append(a[key])

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self._figure = None


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


def _days(first: dt.date, last: dt.date) -> set[dt.date]:
    return {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}


def test_builtin_report_is_self_contained(builtin_report: Path):
    text = (builtin_report / "report.html").read_text(encoding="utf-8")
    page = _parse(text)
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    # Only in-page references: anchors and SVG defs. No http(s), no file, no protocol-relative URLs.
    assert page.urls and all(u.startswith("#") for u in page.urls), [u for u in page.urls if not u.startswith("#")]
    assert not re.search(r"url\((?!#)", text), "a CSS url() that is not an in-page reference"
    assert "<link" not in text and "<img" not in text and "<iframe" not in text


def test_builtin_report_has_every_chart(builtin: Scenario, builtin_report: Path):
    page = _parse((builtin_report / "report.html").read_text(encoding="utf-8"))
    charts = {f["data-chart"] for f in page.figures}
    stations = {s.id for s in builtin.stations}
    expected = {f"timeline-{s}" for s in stations} | {f"occupancy-{s}" for s in stations}
    expected |= {"people", "windows", "agreements"}
    assert charts == expected
    assert all(page.svg_in_figure.get(c) == 1 for c in charts)
    windows = next(f for f in page.figures if f["data-chart"] == "windows")
    assert int(windows["data-usable-windows"]) > 0


def test_builtin_lifeboat_gaps_are_marked(builtin: Scenario, builtin_check: CheckReport, builtin_report: Path):
    """Every lifeboat finding of the checker (the Soyuz MS-22 leak, Starliner, Shenzhou-20, ...) lies in a
    gap band of its station's occupancy chart, a gap-table row and the figure's data attributes."""
    page = _parse((builtin_report / "report.html").read_text(encoding="utf-8"))
    marked: dict[str, set[dt.date]] = {}
    for group in page.ids:
        m = re.fullmatch(r"lifeboat-gap-(.+)-(\d{4}-\d\d-\d\d)-(\d{4}-\d\d-\d\d)", group)
        if m:
            first, last = dt.date.fromisoformat(m[2]), dt.date.fromisoformat(m[3])
            marked.setdefault(m[1], set()).update(_days(first, last))
    tabled: dict[str, set[dt.date]] = {}
    for row in page.rows:
        if row.get("class") == "gap":
            tabled.setdefault(row["data-station"], set()).update(
                _days(dt.date.fromisoformat(row["data-first-day"]), dt.date.fromisoformat(row["data-last-day"])))
    assert marked == tabled
    findings = [v for v in builtin_check.violations if v.rule == "lifeboat"]
    assert findings, "the built-in history has lifeboat gaps (Soyuz MS-22, Starliner, Shenzhou-20)"
    for v in findings:
        for station in v.entities.stations:
            assert _days(v.first_day, v.last_day) <= marked[station], (station, v.first_day, v.last_day)
    leak = next(e for e in builtin.events if e.flight == "soyuz-ms-22")
    assert leak.date in marked["iss"]
    for figure in page.figures:
        if figure["data-chart"].startswith("occupancy-"):
            station = figure["data-station"]
            assert int(figure["data-gap-days"]) == len(marked.get(station, set()))


def test_gap_of_a_damaged_lifeboat_is_exactly_marked(minimal: Scenario, tmp_path: Path):
    manifest = with_gap(minimal)
    check = check_scenario(manifest)
    page = _parse(write_report(manifest, tmp_path, check).read_text(encoding="utf-8"))
    assert "lifeboat-gap-CSS-2026-06-01-2026-10-22" in page.ids
    occupancy_fig = next(f for f in page.figures if f["data-chart"] == "occupancy-CSS")
    assert occupancy_fig["data-gaps"] == "2026-06-01..2026-10-22"
    assert occupancy_fig["data-gap-days"] == str((dt.date(2026, 10, 22) - dt.date(2026, 6, 1)).days + 1)
    days = occupancy(manifest, check).stations["CSS"]
    i = days.days.index(dt.date(2026, 6, 1))
    assert (days.aboard[i], days.lifeboat_seats[i]) == (1, 0)
    assert (days.aboard[i - 1], days.lifeboat_seats[i - 1]) == (1, 3)
    # Without the damage there is no gap.
    clean = _parse(build_report(minimal).html)
    assert not [g for g in clean.ids if g.startswith("lifeboat-gap-")]


def test_violations_and_waivers_are_shown(builtin_check: CheckReport, builtin_report: Path):
    page = _parse((builtin_report / "report.html").read_text(encoding="utf-8"))
    text = (builtin_report / "report.html").read_text(encoding="utf-8")
    rows = [r for r in page.rows if "finding" in r.get("class", "")]
    findings = [*builtin_check.violations, *builtin_check.warnings]
    assert len(rows) == len(findings)
    assert {(r["data-rule"], r["data-first-day"], r["data-waived"]) for r in rows} == {
        (v.rule, v.first_day.isoformat(), str(v.waived).lower()) for v in findings}
    assert builtin_check.waived, "the built-in history records waivers"
    for v in builtin_check.hard[:5]:
        from html import escape

        assert escape(v.message) in text
        for fix in v.fixes:
            assert escape(fix) in text


def test_report_of_a_manifest_with_violations(minimal: Scenario, tmp_path: Path):
    manifest = with_gap(minimal)
    text = write_report(manifest, tmp_path).read_text(encoding="utf-8")
    page = _parse(text)
    rules = {r["data-rule"] for r in page.rows if "finding" in r.get("class", "")}
    assert rules == {"lifeboat", "agreement.deadline"}
    assert "2 hard violation(s)" in text
    assert "dock a sound lifeboat" in text


def test_report_is_reproducible(minimal: Scenario):
    assert build_report(minimal).html == build_report(minimal).html


def test_summary_shows_the_solve(minimal: Scenario):
    header = PlanHeader(solver="cp-sat", status="OPTIMAL", objective=1234.5, bound=1200.0,
                        terms={"agreement_seat_flown": -1000.0, "training_days": 12.5}, time_s=3.2,
                        created_utc="2026-01-02T03:04:05Z")
    text = build_report(rebuilt(minimal, plan=header)).html
    summary = text[text.index('<section id="summary">'):text.index('<section id="occupancy">')]
    for expected in ("OPTIMAL", "solver cp-sat, 3.2 s", "term: agreement_seat_flown", "-1,000", "12.5", "1,234.5",
                     "generated 2026-01-02 03:04 UTC"):
        assert expected in text if expected.startswith("generated") else expected in summary, expected


def test_windows_chart_stars_the_chosen_liftoff(minimal: Scenario):
    from crewplan.report.launches import launches

    window = next(w for w in launches(minimal).flights[0].windows if w.usable)
    flights = tuple(f.model_copy(update={"launch": window.launch_utc}) if f.id == "SZ-23" else f
                    for f in minimal.flights)
    text = build_report(rebuilt(minimal, flights=flights)).html
    page = _parse(text)
    assert "liftoff-SZ-23" in page.ids
    assert f"{window.launch_utc:%Y-%m-%d %H:%M:%S} UTC (+0.0 min; inside the window)" in text
    assert "launch-day-SZ-23" in _parse(build_report(minimal).html).ids


def test_summary_shows_seat_days_per_agency_and_person(minimal: Scenario):
    header = PlanHeader(solver="cp-sat", status="OPTIMAL", objective=1.0, bound=1.0)
    text = build_report(rebuilt(minimal, plan=header)).html
    summary = text[text.index('<section id="summary">'):text.index('<section id="occupancy">')]
    sz23 = next(f for f in minimal.flights if f.id == "SZ-23")
    days = (sz23.docking_day + dt.timedelta(days=sz23.stay_days or 0) - sz23.launch_day).days
    assert "Agencies (planned flights)" in summary and "People (planned flights)" in summary
    assert f"<td>CMSA</td><td class=\"num\">1</td><td class=\"num\">{days:,}</td>" in summary
    assert "100.0%" in summary and "cand-cn-1" in summary
