"""qualification.training: a qualification earned from a course that ran while its holder was in space."""

import datetime as dt
from pathlib import Path

from crewplan.check import check_scenario
from crewplan.check.violations import Severity
from crewplan.scenario import load_scenario

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal" / "scenario.yaml"


def _findings(tmp_path: Path, earned: str) -> list:
    # cand-cn-1 commands SZ-23 (launch 2026-04-25, 180-day stay). Give them a Shenzhou qualification
    # earned on `earned` (the shortest course granting it, shenzhou-course, runs 20 weeks = 140 days).
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "      - {qualification: shenzhou-crew, earned: 2025-06-01, expires: 2027-06-01}",
        "      - {qualification: shenzhou-crew, earned: 2025-06-01, expires: 2027-06-01}\n"
        f"      - {{qualification: basic, earned: {earned}}}")
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    report = check_scenario(load_scenario(path), families=["qualifications"])
    return [v for v in (*report.violations, *report.warnings) if v.rule == "qualification.training"]


def test_a_course_ending_during_the_stay_is_reported_on_the_days_it_overlaps(tmp_path):
    # basic-course runs 12 weeks (84 days): earned 2026-06-01 means it ran 2026-03-09 to 2026-06-01,
    # overlapping the stay from launch on 2026-04-25.
    found = _findings(tmp_path, "2026-06-01")
    assert len(found) == 1
    assert found[0].severity is Severity.WARNING
    assert (found[0].first_day, found[0].last_day) == (dt.date(2026, 4, 25), dt.date(2026, 6, 1))
    assert found[0].entities.astronauts == ("cand-cn-1",) and found[0].entities.flights == ("SZ-23",)


def test_a_course_finished_before_launch_is_fine(tmp_path):
    assert _findings(tmp_path, "2026-04-25") == []
