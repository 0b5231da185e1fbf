"""Summaries of a robustness study (pure: numpy and scipy): per plan, each measure's mean with its 95 %
confidence interval (Student's t), median, 90th percentile and maximum over the samples that found a plan;
the share of samples with a lifeboat gap and of infeasible ones with Wilson intervals; the worst samples
with their events. Plans studied on the same samples are compared pairwise: the mean of the per-sample
differences with its t interval (samples where both found a plan)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import stats

from crewplan.robustness.evaluate import METRICS, SampleResult

LEVEL = 0.95
WORST = 5


def wilson(hits: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    """Wilson's score interval of a proportion ``hits / n``."""
    if n == 0:
        return 0.0, 1.0
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_interval(values: np.ndarray, level: float = LEVEL) -> tuple[float, float, float]:
    """The mean and its t interval (the mean twice when there are fewer than two values)."""
    if len(values) == 0:
        return math.nan, math.nan, math.nan
    mean = float(values.mean())
    if len(values) < 2:
        return mean, mean, mean
    half = float(stats.t.ppf(0.5 + level / 2, len(values) - 1) * values.std(ddof=1) / math.sqrt(len(values)))
    return mean, mean - half, mean + half


def summary(results: list[SampleResult]) -> dict[str, Any]:
    ok = [r for r in results if r.status == "ok"]
    out: dict[str, Any] = {"samples": len(results), "found_a_plan": len(ok),
                           "infeasible": sum(r.status == "infeasible" for r in results),
                           "unsolved": sum(r.status == "unsolved" for r in results),
                           "replans": sum(r.replans for r in results),
                           "time_limited_replans": sum(r.time_limited for r in results)}
    out["infeasible_share"] = _share(out["infeasible"], len(results))
    out["lifeboat_gap_share"] = _share(sum(r.lifeboat_gap for r in results), len(results))
    measures = {}
    for name in METRICS:
        values = np.array([r.metrics[name] for r in ok], dtype=float)
        mean, low, high = mean_interval(values)
        measures[name] = {"mean": mean, "ci95": [low, high],
                          "median": float(np.median(values)) if len(values) else math.nan,
                          "p90": float(np.percentile(values, 90)) if len(values) else math.nan,
                          "max": float(values.max()) if len(values) else math.nan}
    out["measures"] = measures
    hit = [r for r in results if r.status != "ok" or any(r.metrics[m] > 0 for m in METRICS)]
    worst = sorted(hit, key=lambda r: (r.status == "ok", -r.metrics.get("lifeboat_gap_person_days", 0.0),
                                       -r.metrics.get("crew_extension_days", 0.0), r.index))[:WORST]
    out["worst"] = [{"sample": r.index, "status": r.status, "failed_on": r.failed_on,
                     **{m: r.metrics.get(m, math.nan) for m in METRICS},
                     "events": [f"{e.kind.value} {e.flight or e.astronaut or e.site or e.rule} on {e.date}"
                                for e in r.events]} for r in worst]
    out["infeasible_samples"] = [{"sample": r.index, "failed_on": r.failed_on} for r in results
                                 if r.status != "ok"][:WORST]
    return out


def _share(hits: int, n: int) -> dict[str, Any]:
    low, high = wilson(hits, n)
    return {"count": hits, "of": n, "share": hits / n if n else math.nan, "ci95": [low, high]}


def compare(a: list[SampleResult], b: list[SampleResult]) -> dict[str, Any]:
    """B against A on the same samples: the per-sample differences (B - A) where both found a plan."""
    by_index = {r.index: r for r in a}
    pairs = [(by_index[r.index], r) for r in b if r.index in by_index]
    both = [(x, y) for x, y in pairs if x.status == "ok" and y.status == "ok"]
    out: dict[str, Any] = {"paired_samples": len(both), "measures": {}}
    for name in METRICS:
        diff = np.array([y.metrics[name] - x.metrics[name] for x, y in both], dtype=float)
        mean, low, high = mean_interval(diff)
        out["measures"][name] = {"mean_difference": mean, "ci95": [low, high],
                                 "b_better_in": int((diff < 0).sum()), "a_better_in": int((diff > 0).sum())}
    out["infeasible"] = {"a": sum(x.status != "ok" for x, _ in pairs), "b": sum(y.status != "ok" for _, y in pairs)}
    return out
