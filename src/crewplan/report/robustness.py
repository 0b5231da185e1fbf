"""``robustness.html``: a robustness study as a page (opens from disk, charts inline as SVG, the report's
style): per plan the shares of samples with a lifeboat gap and without a plan, each measure's distribution
and summary, the worst samples with their events; plan B against plan A on the same samples."""

from __future__ import annotations

from html import escape
from typing import Any

import numpy as np

from crewplan.report.html import CSP, CSS, _table, _td
from crewplan.report.svg import Chart, new_figure, style, to_svg

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")
CHARTED = ("lifeboat_gap_person_days", "crew_extension_days", "changes")


def _e(value: object) -> str:
    return escape(str(value))


def _f(value: Any) -> str:
    return "-" if value is None or (isinstance(value, float) and value != value) else f"{value:.2f}"


def distribution_chart(name: str, values_by_plan: dict[str, list[float]]) -> Chart:
    """Histograms of one measure, one colour per plan, on shared bins."""
    every = [v for values in values_by_plan.values() for v in values] or [0.0]
    bins = np.histogram_bin_edges(every, bins=min(30, max(5, len(set(every)))))
    with style():
        fig = new_figure(7.5, 2.6)
        ax = fig.add_subplot()
        for n, (label, values) in enumerate(values_by_plan.items()):
            ax.hist(values, bins=list(bins), histtype="step", linewidth=1.4, color=COLOURS[n % len(COLOURS)],
                    label=f"{label} ({len(values)} samples)")
        ax.set_xlabel(name.replace("_", " "))
        ax.set_ylabel("samples")
        ax.legend(fontsize=8)
        svg = to_svg(fig, f"robustness-{name}", f"Distribution of {name.replace('_', ' ')}")
    return Chart(f"robustness-{name}", name.replace("_", " "),
                 "Samples that found a plan; samples without one are counted apart.", svg)


def page(document: dict[str, Any], values: dict[str, dict[str, list[float]]]) -> str:
    """The page of ``crewplan robustness``'s summary ``document``; ``values``: measure -> plan -> values."""
    parts = []
    for plan in document["plans"]:
        s = plan["summary"]
        gap, infeasible = s["lifeboat_gap_share"], s["infeasible_share"]
        rows = [[_td(name), _td(_f(m["mean"]), True), _td(f"{_f(m['ci95'][0])} to {_f(m['ci95'][1])}"),
                 _td(_f(m["median"]), True), _td(_f(m["p90"]), True), _td(_f(m["max"]), True)]
                for name, m in s["measures"].items()]
        worst = [[_td(w["sample"], True), _td("no plan after " + str(w["failed_on"]) if w["status"] != "ok"
                                              else "a plan"),
                  _td(_f(w["lifeboat_gap_person_days"]), True), _td(_f(w["crew_extension_days"]), True),
                  _td("; ".join(w["events"]))] for w in s["worst"]]
        parts.append(
            f'<section class="plan" data-manifest="{_e(plan["manifest"])}"><h2>{_e(plan["manifest"])}</h2>'
            f"<p>{s['samples']} samples: a lifeboat gap in {gap['count']} "
            f"({_f(100 * gap['share'])} %, 95 % CI {_f(100 * gap['ci95'][0])} to {_f(100 * gap['ci95'][1])} %); "
            f"no plan in {s['infeasible'] + s['unsolved']} ({s['infeasible']} proven infeasible, "
            f"{_f(100 * infeasible['share'])} %).</p>"
            + _table(["measure", "mean", "95 % CI", "median", "90th percentile", "max"], rows)
            + "<h3>The worst samples and their events</h3>"
            + (_table(["sample", "outcome", "lifeboat-gap person-days", "crew extension days", "events"], worst)
               if worst else "<p>No sample was hurt.</p>")
            + "</section>")
    for c in document["comparisons"]:
        rows = [[_td(name), _td(_f(m["mean_difference"]), True),
                 _td(f"{_f(m['ci95'][0])} to {_f(m['ci95'][1])}"), _td(m["b_better_in"], True),
                 _td(m["a_better_in"], True)] for name, m in c["measures"].items()]
        parts.append(f'<section class="comparison"><h2>{_e(c["b"])} against {_e(c["a"])}</h2>'
                     f"<p>On {c['paired_samples']} samples where both found a plan (the same disruption draws); "
                     f"no plan: {c['infeasible']['a']} for A, {c['infeasible']['b']} for B. A negative "
                     "difference means B holds up better.</p>"
                     + _table(["measure", "mean difference B - A", "95 % CI", "B better in", "A better in"], rows)
                     + "</section>")
    charts = "\n".join(f'<figure class="chart" data-chart="{_e(ch.key)}"><h3>{_e(ch.title)}</h3>{ch.svg}'
                       f"<figcaption>{_e(ch.caption)}</figcaption></figure>"
                       for ch in (distribution_chart(name, values[name]) for name in CHARTED if name in values))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>crewplan robustness study</title>
<style>{CSS}</style>
</head>
<body>
<header><h1>Robustness study</h1>
<p>seed {document['seed']}, {document['samples_asked']} samples asked{' (interrupted)' if document['interrupted']
                                                                     else ''}, {document['workers']} workers
on {_e(document['scheduler'])}, {document['seconds']} s</p></header>
<main>
{''.join(parts)}
<section id="distributions"><h2>Distributions</h2>
{charts}
</section>
</main>
</body>
</html>
"""
