"""Disruption rates and samples: the built-in scenario's rates are what its record gives (recomputed here from
its flown flights and events, and by hand for two of them), samples are reproducible stream by stream, and a
bad rate gets a clear error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from crewplan.domain import DisruptionRate, EventKind, FlightStatus
from crewplan.robustness.derive import derived_rates, docked_days
from crewplan.robustness.sample import draw, study_window
from crewplan.scenario import load_scenario
from crewplan.scenario.save import save_scenario
from robustness.closed_form import relieved_plan


def test_the_builtin_rates_are_what_its_record_gives() -> None:
    builtin = load_scenario()
    shipped = {r.id: r for r in builtin.disruption_rates}
    again = {r.id: r for r in derived_rates(builtin.model_copy(update={"disruption_rates": ()}))}
    assert shipped == again and all(r.derived and r.reasoning for r in shipped.values())
    # By hand: Soyuz MS-22's leak is the one Soyuz damage in the record's Soyuz docked days.
    soyuz = [f for f in builtin.flights if f.vehicle_type == "soyuz-ms" and f.status is FlightStatus.FLOWN
             and f.crew()]
    days = sum(docked_days(builtin, f.id) for f in soyuz)
    assert shipped["damage-soyuz-ms"].rate == pytest.approx(1.5 / days, rel=1e-6)
    assert "ms22-coolant-leak" in (shipped["damage-soyuz-ms"].reasoning or "")
    # Shenzhou-20's window is the one Shenzhou damage; no Shenzhou launch slipped in the record.
    assert "sz20-window-damage" in (shipped["damage-shenzhou"].reasoning or "")
    shenzhou = sum(1 for f in builtin.flights if f.vehicle_type == "shenzhou" and f.status is FlightStatus.FLOWN
                   and f.crew())
    assert shipped["slip-shenzhou"].rate == pytest.approx(0.5 / (shenzhou + 1), rel=1e-6)


def test_a_sample_is_the_same_whoever_draws_it_and_in_whatever_order() -> None:
    plan = load_scenario()
    forward = [draw(plan, 9, i) for i in range(30)]
    backward = [draw(plan, 9, i) for i in reversed(range(30))][::-1]
    assert forward == backward
    assert draw(plan, 10, 0) != draw(plan, 9, 0) or draw(plan, 10, 1) != draw(plan, 9, 1)
    window = study_window(plan)
    kinds = {e.kind for events in forward for e in events}
    assert {EventKind.VEHICLE_DAMAGED, EventKind.LAUNCH_SLIP} <= kinds
    assert all(window.first <= e.date <= window.last for events in forward for e in events)  # type: ignore[operator]


def test_sampled_damage_follows_its_rate() -> None:
    """Over many samples the share of docked days that end in damage is the rate (a binomial check)."""
    plan = relieved_plan()
    hits = 0
    for i in range(3000):  # each flight is drawn once per sample
        hits += len({e.flight for e in draw(plan, 1, i) if e.kind is EventKind.VEHICLE_DAMAGED})
    p = 0.004
    window = study_window(plan)
    exposure = [max(0, (min(f.undocking_day() or f.docking_day, window.last) - max(f.docking_day, window.first)).days
                    + 1) for f in plan.flights]
    expected = sum(1 - (1 - p) ** d for d in exposure) * 3000
    assert abs(hits - expected) < 4 * expected ** 0.5, (hits, expected)


@pytest.mark.parametrize("fields,problem", [
    ({"kind": "vehicle_damaged", "per": "launch", "rate": 0.1}, "counted per docked_day"),
    ({"kind": "launch_slip", "per": "launch", "rate": 1.5, "mean_days": 3}, "at most 1"),
    ({"kind": "pad_unavailable", "per": "site_year", "rate": 0.1}, "needs site, mean_days"),
])
def test_a_rate_that_does_not_fit_its_kind_is_refused(fields: dict, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        DisruptionRate(id="x", **fields)


def test_a_bad_rates_file_is_a_clear_error(tmp_path: Path) -> None:
    manifest = save_scenario(relieved_plan(), tmp_path / "plan" / "manifest.yaml")
    bad = tmp_path / "rates.yaml"
    bad.write_text("disruption_rates:\n  - id: damage\n    kind: vehicle_damaged\n    per: docked_day\n"
                   "    rate: 7\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "crewplan.cli", "robustness", str(manifest), "--rates", str(bad),
                           "--samples", "1", "--out", str(tmp_path / "out")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, done.stderr
    assert "disruption_rates[0]" in done.stderr and "at most 1" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()



def test_workers_and_a_scheduler_together_are_refused(tmp_path: Path) -> None:
    manifest = save_scenario(relieved_plan(), tmp_path / "plan" / "manifest.yaml")
    done = subprocess.run([sys.executable, "-m", "crewplan.cli", "robustness", str(manifest), "--workers", "2",
                           "--scheduler", "tcp://127.0.0.1:8786", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "one or the other" in done.stderr, done.stderr
