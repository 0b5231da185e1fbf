"""qualification.training: a qualification earned from a course that ran while its holder was in space (a
violation on a planned flight); training.in_space and training.capacity: booked course sessions."""

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
    assert found[0].severity is Severity.VIOLATION  # SZ-23 is planned: the planner books on the ground
    assert (found[0].first_day, found[0].last_day) == (dt.date(2026, 4, 25), dt.date(2026, 6, 1))
    assert found[0].entities.astronauts == ("cand-cn-1",) and found[0].entities.flights == ("SZ-23",)


def test_a_course_finished_before_launch_is_fine(tmp_path):
    assert _findings(tmp_path, "2026-04-25") == []


def _bookings(tmp_path: Path, *rows: tuple[str, str, str, str], quarantine: int = 0, capacity: int = 4) -> list:
    """The minimal scenario with ``bookings`` (astronaut, course, start, end), a pre-flight quarantine and the
    capacity of shenzhou-course's session."""
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "  rest_days_min: 60\n", f"  rest_days_min: 60\n  preflight_quarantine_days: {quarantine}\n").replace(
        "sessions: [{start: 2026-04-06, capacity: 4}]", f"sessions: [{{start: 2026-04-06, capacity: {capacity}}}]")
    text += "bookings:\n" + "".join(
        f"  - {{id: b{n}, astronaut: {a}, course: {c}, start: {s}, end: {e}}}\n" for n, (a, c, s, e) in enumerate(rows))
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    report = check_scenario(load_scenario(path), families=["qualifications"])
    return [v for v in report.violations if v.rule.startswith("training.")]


def test_a_booked_session_in_space_or_quarantine_is_a_violation(tmp_path):
    # SZ-23 launches 2026-04-25 with cand-cn-1 aboard.
    assert _bookings(tmp_path, ("cand-cn-1", "basic-course", "2026-01-05", "2026-03-30")) == []
    inside = _bookings(tmp_path, ("cand-cn-1", "shenzhou-course", "2026-04-06", "2026-08-24"))
    assert [v.rule for v in inside] == ["training.in_space"] and "while in space" in inside[0].message
    assert (inside[0].first_day, inside[0].last_day) == (dt.date(2026, 4, 25), dt.date(2026, 8, 24))
    # Ending 26 days before launch is fine, unless the quarantine is 30 days.
    assert _bookings(tmp_path, ("cand-cn-1", "basic-course", "2026-01-05", "2026-03-30"), quarantine=30)[0].rule \
        == "training.in_space"


def test_a_session_takes_at_most_its_capacity(tmp_path):
    # The 2026-04-06 session of shenzhou-course takes 4; the minimal scenario has two people, so make it 1.
    rows = [(p, "basic-course", "2025-06-02", "2025-08-25") for p in ("cand-cn-1", "cand-pk-1")]
    assert _bookings(tmp_path, *rows) == []  # basic-course has no 2025-06-02 session: not a session booking
    rows = [(p, "shenzhou-course", "2026-04-06", "2026-08-24") for p in ("cand-pk-1", "cand-cn-1")]
    found = [v for v in _bookings(tmp_path, *rows, capacity=1) if v.rule == "training.capacity"]
    assert len(found) == 1 and "2 trainees" in found[0].message and "takes 1" in found[0].message
    assert [v for v in _bookings(tmp_path, *rows[:1], capacity=1) if v.rule == "training.capacity"] == []
