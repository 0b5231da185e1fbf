"""The HTML report: one self-contained file, charts inline as SVG, CSS inline, no network.

A Content-Security-Policy in the page forbids every load from elsewhere (``default-src 'none'``), so a
report that tried to fetch anything would say so in the browser's console instead of quietly doing it.
The one inline script measures each chart after layout and writes ``data-rendered-width``/``-height``
on its ``<figure>`` (the browser test reads them); it logs nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from html import escape

from crewplan.check import CheckReport, Violation
from crewplan.domain import FlightStatus, Scenario
from crewplan.report.launches import Launches
from crewplan.report.ledger import Ledger
from crewplan.report.occupancy import Occupancy
from crewplan.report.svg import Chart

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
       "font-src data:")

CSS = """
:root { --ink: #1b2631; --muted: #5d6d7e; --line: #d5dbdb; --bad: #c0392b; --ok: #1e8449; --warn: #b9770e; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink);
       margin: 0; background: #fbfcfc; }
header { background: #1b2631; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #d5dbdb; }
main { padding: 8px 32px 48px; max-width: 1280px; }
section { margin-top: 28px; }
h2 { font-size: 18px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.card .n { font-size: 22px; font-weight: 600; }
.card .l { color: var(--muted); font-size: 12px; }
.verdict-ok { color: var(--ok); } .verdict-bad { color: var(--bad); }
figure.chart { margin: 10px 0 18px; background: #fff; border: 1px solid var(--line); border-radius: 6px;
               padding: 10px; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 12.5px; margin-top: 6px; }
table { border-collapse: collapse; background: #fff; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.waived td { color: var(--muted); }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11.5px; color: #fff; }
.badge.violation { background: var(--bad); } .badge.warning { background: var(--warn); }
.badge.waived { background: #7f8c8d; }
ul.fixes { margin: 0; padding-left: 18px; }
.note { color: var(--muted); }
nav a { color: #aed6f1; margin-right: 14px; text-decoration: none; }
"""

SCRIPT = """
(function () {
  function measure() {
    var figures = document.querySelectorAll('figure.chart');
    for (var i = 0; i < figures.length; i++) {
      var svg = figures[i].querySelector('svg');
      var box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
      var marks = svg ? svg.querySelectorAll('path, use, rect, text').length : 0;
      figures[i].setAttribute('data-rendered-width', String(Math.round(box.width)));
      figures[i].setAttribute('data-rendered-height', String(Math.round(box.height)));
      figures[i].setAttribute('data-rendered-marks', String(marks));
    }
    document.body.setAttribute('data-charts-measured', String(figures.length));
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', measure); }
  else { measure(); }
})();
"""


def _e(value: object) -> str:
    return escape(str(value))


def _figure(chart: Chart) -> str:
    attrs = "".join(f' data-{escape(k)}="{_e(v)}"' for k, v in chart.data.items())
    return (f'<figure class="chart" id="chart-{_e(chart.key)}" data-chart="{_e(chart.key)}"{attrs}>\n'
            f"<h3>{_e(chart.title)}</h3>\n{chart.svg}\n<figcaption>{_e(chart.caption)}</figcaption>\n</figure>")


def _table(head: list[str], rows: list[list[str]], cls: str = "", row_attrs: list[str] | None = None) -> str:
    """A table; cells are already-escaped HTML."""
    out = [f'<table class="{cls}">' if cls else "<table>", "<thead><tr>"]
    out += [f"<th>{h}</th>" for h in head]
    out.append("</tr></thead><tbody>")
    for i, row in enumerate(rows):
        attrs = f" {row_attrs[i]}" if row_attrs else ""
        out.append(f"<tr{attrs}>" + "".join(row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _td(value: object, num: bool = False) -> str:
    return f'<td class="num">{_e(value)}</td>' if num else f"<td>{_e(value)}</td>"


def _card(number: object, label: str, cls: str = "") -> str:
    return f'<div class="card"><div class="n {cls}">{_e(number)}</div><div class="l">{_e(label)}</div></div>'


def summary_section(scenario: Scenario, occ: Occupancy, check: CheckReport | None) -> str:
    statuses = Counter(f.status.value for f in scenario.flights)
    flying = {s.astronaut for s in occ.stays}
    agencies = sorted({occ.context.people[p].agency for p in flying if p in occ.context.people})
    gap_days = sum(len(d.gap_days) for d in occ.stations.values())
    s = scenario.settings
    cards = [
        _card(f"{s.horizon_start} → {s.horizon_end}", "planning horizon"),
        _card(len(scenario.flights), "flights: " + ", ".join(f"{n} {k}" for k, n in sorted(statuses.items()))),
        _card(len(flying), f"people flying (of {len(scenario.astronauts)} in the scenario)"),
        _card(len(agencies), "agencies flying: " + ", ".join(agencies)),
        _card(gap_days, "lifeboat gap days", "verdict-bad" if gap_days else "verdict-ok"),
    ]
    if check is not None:
        verdict = "passes" if check.ok else f"{len(check.hard)} hard violation(s)"
        cards.append(_card(verdict, f"checker: {len(check.waived)} waived, {len(check.warnings)} warning(s)",
                           "verdict-ok" if check.ok else "verdict-bad"))
    else:
        cards.append(_card("not run", "checker"))
    plan = scenario.plan
    if plan is not None:
        cards.append(_card(plan.status, f"solver {plan.solver}" + (f", {plan.time_s:.1f} s" if plan.time_s else "")))
    parts = ['<section id="summary"><h2>Summary</h2>', f'<div class="cards" id="summary-cards">{"".join(cards)}</div>']
    if plan is not None:
        rows = [[_td("objective"), _td(_fmt(plan.objective), True)], [_td("bound"), _td(_fmt(plan.bound), True)]]
        rows += [[_td(f"term: {k}"), _td(_fmt(v), True)] for k, v in sorted(plan.terms.items())]
        if plan.created_utc:
            rows.append([_td("created"), _td(plan.created_utc)])
        if plan.scenario_hash:
            rows.append([_td("scenario hash"), _td(plan.scenario_hash)])
        parts += ["<h3>Solve</h3>", _table(["", "value"], rows, "plan"), _shares(scenario)]
    else:
        parts.append('<p class="note">No <code>plan:</code> header: this manifest was not made by the planner '
                     "(e.g. a record of flown flights), so there is no solver status or objective.</p>")
    if check is not None and check.skipped:
        parts.append('<p class="note">Checker skipped: ' + _e("; ".join(check.skipped)) + "</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _shares(scenario: Scenario) -> str:
    """Per agency seats and seat-days against their grants, per person flights, days in space and courses, over
    the planned flights (the planner's summary)."""
    from crewplan.planner.summary import summarize

    planned = [f.launch_day for f in scenario.flights if f.status is FlightStatus.PLANNED]
    if not planned:
        return ""
    doc = summarize(scenario, min(planned))
    agencies = [[_td(a["agency"]), _td(a["seats"], True), _td(f"{a['seat_days']:,}", True),
                 _td(f"{a['seat_days_share_pct']:.1f}%", True),
                 _td(f"{a['grant_seats_flown']} of {a['grant_seats']}" if a["grant_seats"] else "-", True)]
                for a in doc["agencies"]]
    people = [[_td(p["astronaut"]), _td(p["agency"] or "-"), _td(", ".join(p["flights"])),
               _td(f"{p['days_in_space']:,}", True), _td(", ".join(p["courses"]) or "-")] for p in doc["people"]]
    return "\n".join([
        "<h3>Agencies (planned flights)</h3>",
        _table(["agency", "seats", "seat-days", "share of seat-days", "grant seats flown"], agencies, "agencies"),
        "<h3>People (planned flights)</h3>",
        _table(["astronaut", "agency", "flights", "days in space", "courses booked"], people, "people")])


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def occupancy_tables(occ: Occupancy) -> str:
    rows, attrs = [], []
    for days in occ.stations.values():
        for first, last in days.gaps:
            i0, i1 = days.days.index(first), days.days.index(last)
            short = max(days.aboard[i] - days.lifeboat_seats[i] for i in range(i0, i1 + 1))
            rows.append([_td(days.station), _td(first), _td(last), _td((last - first).days + 1, True),
                         _td(max(days.aboard[i0:i1 + 1]), True), _td(min(days.lifeboat_seats[i0:i1 + 1]), True),
                         _td(max(short, 0), True)])
            attrs.append(f'class="gap" data-station="{_e(days.station)}" data-first-day="{first}" '
                         f'data-last-day="{last}"')
    if not rows:
        return '<p class="note" id="lifeboat-gaps">No lifeboat gap days: everyone aboard had a lifeboat seat.</p>'
    return ('<h3 id="lifeboat-gaps">Lifeboat gap days</h3>' + _table(
        ["station", "first day", "last day", "days", "most aboard", "fewest seats", "most short"], rows,
        "gaps", attrs))


def windows_table(data: Launches) -> str:
    rows = []
    for item in data.flights:
        f = item.flight
        usable = [w for w in item.windows if w.usable]
        nearest = ""
        liftoff = item.liftoff
        if liftoff is not None and usable:
            best = min(usable, key=lambda w: abs((w.launch_utc - liftoff).total_seconds()))
            off = (liftoff - best.launch_utc).total_seconds() / 60
            inside = best.open_utc <= liftoff <= best.close_utc
            nearest = (f"{best.launch_utc:%Y-%m-%d %H:%M:%S} UTC ({off:+.1f} min; "
                       f"{'inside' if inside else 'outside'} the window)")
        rows.append([_td(f.name), _td(f.site), _td(f.station), _td(f.status.value),
                     _td(f"{item.liftoff:%Y-%m-%d %H:%M:%S} UTC" if item.liftoff else f"{f.launch_day} (day only)"),
                     _td(len(usable), True), _td(nearest or (item.error or "—"))])
    return _table(["flight", "site", "station", "status", "chosen liftoff", "usable windows", "nearest window"],
                  rows, "windows")


def ledger_tables(data: Ledger) -> str:
    if not data.grants and not data.barters:
        return '<p class="note">No agreements in this manifest.</p>'
    parts = []
    if data.grants:
        rows = [[_td(g.agreement_name), _td(g.grant), _td(f"{g.grantor} → {g.grantee}"), _td(g.seats, True),
                 _td(g.flown, True), _td(g.planned, True), _td(g.due, True), _td(g.deadline or "—"),
                 _td(", ".join(f"{u.astronaut} on {u.flight}" for u in g.uses) or "—")] for g in data.grants]
        parts.append(_table(["agreement", "grant", "seats", "granted", "flown", "planned", "due", "deadline",
                             "seats used"], rows, "ledger"))
    if data.barters:
        rows = [[_td(b.agreement_name), _td(f"{b.agencies[0]} / {b.agencies[1]}"), _td(b.max_imbalance, True),
                 _td(b.steps[-1][1] if b.steps else 0, True), _td(b.worst, True)] for b in data.barters]
        parts.append(_table(["barter", "parties", "allowed imbalance", "balance now", "worst"], rows, "barter"))
    return "\n".join(parts)


def violations_section(check: CheckReport | None, scenario: Scenario) -> str:
    parts = ['<section id="violations"><h2>Violations and waivers</h2>']
    if check is None:
        parts.append('<p class="note">The checker was not run for this report.</p></section>')
        return "\n".join(parts)
    findings: list[Violation] = [*check.violations, *check.warnings]
    if not findings:
        parts.append('<p class="verdict-ok">The checker finds no violation and no warning.</p>')
    else:
        rows, attrs = [], []
        for v in findings:
            kind = "waived" if v.waived else v.severity.value
            badge = f'<span class="badge {kind}">{_e(kind)}</span>'
            entities = "; ".join(f"{k}: {', '.join(ids)}" for k, ids in v.entities.as_dict().items())
            fixes = "<ul class=\"fixes\">" + "".join(f"<li>{_e(f)}</li>" for f in v.fixes) + "</ul>" if v.fixes else ""
            waiver = f"<br>waiver {_e(v.waiver)}" if v.waiver else ""
            days = f"{v.first_day}" if v.first_day == v.last_day else f"{v.first_day} → {v.last_day}"
            rows.append([f"<td>{badge}{waiver}</td>", _td(v.rule), _td(days), _td(v.message), _td(entities),
                         f"<td>{fixes}</td>"])
            attrs.append(f'class="finding {kind}" data-rule="{_e(v.rule)}" data-first-day="{v.first_day}" '
                         f'data-last-day="{v.last_day}" data-waived="{str(v.waived).lower()}"')
        parts.append(_table(["", "rule", "days", "what is wrong", "who and what", "how to fix it"], rows,
                            "violations", attrs))
    if scenario.waivers:
        rows = [[_td(w.id), _td(w.rule), _td(w.scope.value), _td(", ".join([*w.astronauts, *w.flights]) or "—"),
                 _td(f"{w.start or '…'} → {w.end or '…'}"), _td(w.accepted_by), _td(w.reason)]
                for w in scenario.waivers]
        parts += ["<h3>Waivers on file</h3>",
                  _table(["waiver", "rule", "scope", "for", "days", "accepted by", "reason"], rows, "waivers")]
    parts.append("</section>")
    return "\n".join(parts)


def page(scenario: Scenario, *, summary: str, timelines: list[Chart], occupancy: list[Chart], occupancy_extra: str,
         people: Chart | None, windows: Chart | None, windows_extra: str, agreements: Chart | None,
         agreements_extra: str, violations: str, generated: dt.datetime | None = None) -> str:
    """The whole page."""
    def charts(items: list[Chart], empty: str) -> str:
        return "\n".join(_figure(c) for c in items) if items else f'<p class="note">{_e(empty)}</p>'

    title = f"crewplan report: {scenario.name}"
    made = f" · generated {generated:%Y-%m-%d %H:%M} UTC" if generated else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>{_e(title)}</h1>
<p>manifest <code>{_e(scenario.id)}</code>{_e(made)}</p>
<nav><a href="#summary">Summary</a><a href="#occupancy">Occupancy</a><a href="#manifest">Manifest</a>
<a href="#people">Astronauts</a><a href="#windows">Launch windows</a><a href="#agreements">Agreements</a>
<a href="#violations">Violations</a></nav>
</header>
<main>
{summary}
<section id="occupancy"><h2>Station occupancy and lifeboat seats</h2>
{charts(occupancy, "Nobody is aboard any station in this manifest.")}
{occupancy_extra}
</section>
<section id="manifest"><h2>Manifest timeline</h2>
{charts(timelines, "No flights that flew or are planned.")}
</section>
<section id="people"><h2>Astronauts</h2>
{charts([people] if people else [], "Nobody flies in this manifest.")}
</section>
<section id="windows"><h2>Launch windows</h2>
{charts([windows] if windows else [], "No launch windows could be computed.")}
{windows_extra}
</section>
<section id="agreements"><h2>Agreements ledger</h2>
{charts([agreements] if agreements else [], "No seat grants or barter to chart.")}
{agreements_extra}
</section>
{violations}
</main>
<script>{SCRIPT}</script>
</body>
</html>
"""
