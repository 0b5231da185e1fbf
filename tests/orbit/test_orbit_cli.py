"""``crewplan windows`` and ``crewplan orbits``: JSON contracts (DESIGN §6), tables, exit codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from orbit_helpers import CSS_LAUNCHES, ISS_LAUNCHES, malformed_cases

from crewplan.cli import main
from crewplan.orbit.elements import read_elements

WINDOW_FIELDS = {"station", "site", "pass", "inplane_utc", "launch_utc", "open_utc", "close_utc", "azimuth_deg",
                 "phase_deg", "rendezvous_profile", "rendezvous_hours"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    out, err = capsys.readouterr()
    code = caught.value.code
    return (code if isinstance(code, int) else 0), out, err


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_windows_json_has_the_contract_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "windows", "--station", "css", "--site", "jiuquan", "--start", "2025-04-24",
                       "--days", "3", "--json")
    assert code == 0
    windows: list[dict[str, Any]] = json.loads(out)  # one JSON document, nothing else
    assert len(windows) == 3  # one usable (descending) pass a day
    for window in windows:
        assert set(window) >= WINDOW_FIELDS
        assert window["pass"] == "descending" and window["usable"] is True
        assert window["station"] == "css" and window["site"] == "jiuquan"
        assert when(window["open_utc"]) <= when(window["launch_utc"]) <= when(window["close_utc"])
        assert -180.0 <= window["phase_deg"] <= 180.0
    days = [when(w["launch_utc"]).date() for w in windows]
    assert days == [dt.date(2025, 4, 24), dt.date(2025, 4, 25), dt.date(2025, 4, 26)]


def test_windows_all_lists_unusable_passes_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "windows", "--station", "iss", "--site", "ksc-lc39a", "--start", "2025-08-01",
                       "--all", "--json")
    assert code == 0
    windows = json.loads(out)
    assert {(w["pass"], w["usable"]) for w in windows} == {("ascending", True), ("descending", False)}
    assert {w["vehicle_type"] for w in windows} == {"crew-dragon"}  # the type that flies from the Cape


def test_windows_with_elements_use_the_latest_set_not_after_each_window(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "windows", "--station", "iss", "--site", "baikonur-31", "--start", "2025-04-05",
                       "--days", "4", "--all", "--elements", str(ISS_LAUNCHES), "--json")
    assert code == 0
    epochs = [r.epoch_utc for r in read_elements(ISS_LAUNCHES)]
    windows = json.loads(out)
    assert len(windows) >= 7
    for window in windows:
        inplane = when(window["inplane_utc"])
        expected = max(e for e in epochs if e <= inplane)
        assert abs(when(window["elements_epoch_utc"]) - expected) < dt.timedelta(seconds=1)
    assert len({w["elements_epoch_utc"] for w in windows}) >= 3  # the sets change along the span


def test_windows_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "windows", "--station", "iss", "--site", "baikonur-31", "--start", "2025-11-27",
                       "--vehicle", "soyuz-ms")
    assert code == 0
    assert "Launch windows baikonur-31 -> iss (soyuz-ms)" in out and "ascending" in out
    assert "descending" not in out  # unusable passes only with --all


def test_orbits_shenzhou_5_circular(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "orbits", "--start", "2003-10-15T01:00:03Z", "--end", "2003-10-15T22:22:48Z",
                       "--altitude-km", "334", "--inclination-deg", "42.4", "--json")
    assert code == 0
    document = json.loads(out)
    assert document["complete_orbits"] == 14
    assert document["period_minutes"] == pytest.approx(91.2, abs=0.05)


@pytest.mark.parametrize("source", [("--station", "css"), ("--elements", str(CSS_LAUNCHES))])
def test_orbits_from_station_or_elements(source: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "orbits", "--start", "2025-04-24", "--end", "2025-04-25", *source, "--json")
    assert code == 0
    document = json.loads(out)
    assert document["period_minutes"] == pytest.approx(92.2, abs=0.3)
    assert document["orbits"] == pytest.approx(1440 / document["nodal_period_minutes"], rel=1e-3)
    code, out, _ = run(capsys, "orbits", "--start", "2025-04-24", "--end", "2025-04-25", *source)
    assert code == 0 and "period 92." in out


@pytest.mark.parametrize("argv", [
    ("windows", "--station", "mir", "--site", "jiuquan", "--start", "2025-04-24"),
    ("windows", "--station", "css", "--site", "jiuquan", "--start", "24 April"),
    ("windows", "--station", "css", "--site", "jiuquan", "--start", "2025-04-24", "--vehicle", "buran"),
    ("orbits", "--start", "2025-04-24", "--end", "2025-04-25", "--station", "css", "--altitude-km", "400"),
    ("orbits", "--start", "2025-04-24", "--end", "2025-04-25", "--altitude-km", "400"),
    ("orbits", "--start", "2025-04-25", "--end", "2025-04-24", "--station", "css"),
], ids=["unknown-station", "bad-date", "unknown-vehicle", "two-orbits", "half-circular", "reversed"])
def test_bad_arguments_exit_2_with_a_message(argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert "error:" in err and "Traceback" not in err


GOOD_2 = read_elements(ISS_LAUNCHES)[0].lines[1]


@pytest.mark.parametrize(("kind", "name", "content", "line", "fragment"), malformed_cases(GOOD_2),
                         ids=[case[0] for case in malformed_cases(GOOD_2)])
def test_malformed_element_files_exit_2_naming_file_line_problem(
        kind: str, name: str, content: bytes, line: int, fragment: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(capsys, "windows", "--station", "iss", "--site", "ksc-lc39a", "--start", "2025-03-12",
                         "--elements", str(path), "--json")
    assert code == 2
    assert out == ""
    flat = " ".join(err.split())  # the console may wrap long lines
    where = f"{path}:{line}:" if line else f"{path}:"
    assert where in flat and " ".join(fragment.split()) in flat
    assert "Traceback" not in err
