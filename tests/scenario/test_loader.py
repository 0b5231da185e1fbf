"""The scenario loader: round trip, folders merged by section, every problem at once, atomic save, show."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import crewplan.scenario.save as save_module
from crewplan.cli import app
from crewplan.errors import ScenarioError
from crewplan.scenario import dump_scenario, load_scenario, load_scenario_text, save_scenario

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "minimal" / "scenario.yaml"
TEXT = FIXTURE.read_text(encoding="utf-8")


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _line_of(text: str, content: str) -> int:
    lines = text.splitlines()
    hits = [number for number, line in enumerate(lines, start=1) if line.rstrip() == content]
    assert len(hits) == 1, content
    return hits[0]


# --- round trip ------------------------------------------------------------------------------------

def test_round_trip_of_the_fixture(tmp_path: Path) -> None:
    scenario = load_scenario(FIXTURE)
    written = save_scenario(scenario, tmp_path / "copy.yaml")
    assert written == tmp_path / "copy.yaml"
    again = load_scenario(written)
    assert again == scenario
    # Saving what was loaded gives the same text again (stable output).
    assert save_scenario(again, tmp_path / "copy2.yaml").read_text(encoding="utf-8") == written.read_text(
        encoding="utf-8")


def test_dump_scenario_text_loads_to_the_same_scenario() -> None:
    scenario = load_scenario(FIXTURE)
    assert load_scenario_text(dump_scenario(scenario), "dump.yaml", FIXTURE.parent) == scenario


def test_round_trip_of_the_builtin_scenario(tmp_path: Path) -> None:
    scenario = load_scenario(None)
    again = load_scenario(save_scenario(scenario, tmp_path / "builtin.yaml"))
    assert again == scenario


# --- folders ---------------------------------------------------------------------------------------

def _sections(text: str) -> list[str]:
    """The fixture cut into top-level chunks (each a key and its block), comments kept with the next."""
    chunks: list[str] = []
    current: list[str] = []
    for line in text.splitlines(keepends=True):
        if re.match(r"^[a-z_]+:", line) and any(not c.startswith("#") for c in current):
            chunks.append("".join(current))
            current = []
        current.append(line)
    chunks.append("".join(current))
    return chunks


def test_folder_of_files_is_merged_by_section(tmp_path: Path) -> None:
    chunks = _sections(TEXT)
    heads = [c for c in chunks if re.match(r"^(#.*\n)*(id|name|settings):", c)]
    people = [c for c in chunks if re.match(r"^(agencies|astronauts|qualifications|facilities|courses):", c)]
    rest = [c for c in chunks if c not in heads and c not in people]
    assert len(heads) == 3 and len(people) == 5 and rest
    folder = tmp_path / "split"
    (folder / "more").mkdir(parents=True)
    (folder / "scenario.yaml").write_text("".join(heads), encoding="utf-8")
    (folder / "people.yaml").write_text("".join(people), encoding="utf-8")
    (folder / "more" / "rest.yml").write_text("".join(rest), encoding="utf-8")
    assert load_scenario(folder) == load_scenario(FIXTURE)


def test_a_section_split_over_two_files_is_concatenated_and_reported_in_its_file(tmp_path: Path) -> None:
    chunks = _sections(TEXT)
    flights = next(c for c in chunks if c.startswith("flights:"))
    first, second = flights.split("  - id: SZ-22\n")
    folder = tmp_path / "split"
    folder.mkdir()
    (folder / "a.yaml").write_text(TEXT.replace(flights, first), encoding="utf-8")
    (folder / "b.yaml").write_text("flights:\n  - id: SZ-22\n" + second, encoding="utf-8")
    assert load_scenario(folder) == load_scenario(FIXTURE)

    bad = "flights:\n  - id: SZ-22\n" + second.replace("    site: JSLC", "    site: XSLC")
    (folder / "b.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.path) == (str(folder / "b.yaml"), _line_of(bad, "    site: XSLC"),
                                                          "flights[1].site")


def test_an_empty_folder_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"no \.yaml files"):
        load_scenario(tmp_path)


def test_a_missing_path_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "nope.yaml")


# --- every problem at once -------------------------------------------------------------------------

def test_every_problem_is_reported_at_once_in_line_order() -> None:
    text = _edit(TEXT, "    site: JSLC\n    pad: LA-4", "    site: XSLC\n    pad: LA-4")
    text = _edit(text, "    duration_weeks: 12\n", "    duration_weeks: -12\n")
    text = _edit(text, "    country: CN\n    operator: CMSA", "    country: China\n    operator: CMSA")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "three.yaml", FIXTURE.parent)
    problems = caught.value.problems
    assert [(p.line, p.path) for p in problems] == [
        (_line_of(text, "    duration_weeks: -12"), "courses[0].duration_weeks"),
        (_line_of(text, "    country: China"), "launch_sites[0].country"),
        (_line_of(text, "    site: XSLC"), "flights[0].site"),
    ]
    message = str(caught.value)
    assert message.startswith("3 problems in scenario:")
    assert all(str(p) in message for p in problems)


def test_problems_of_two_entries_of_one_section_are_both_reported() -> None:
    text = _edit(TEXT, "    latitude_deg: 40.9581", "    latitude_deg: 95")
    text = _edit(text, "    launch: 2026-04-25", "    launch: 2026-02-30")
    text = _edit(text, "    launch: 2025-11-25T04:11:00Z", "    launch: 2025-11-25T04:11:00")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "many.yaml", FIXTURE.parent)
    assert [p.path for p in caught.value.problems] == ["launch_sites[0].latitude_deg", "flights[0].launch",
                                                       "flights[1].launch"]


# --- atomic save -----------------------------------------------------------------------------------

def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "saved.yaml")


def test_a_failing_dump_leaves_the_old_file_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = load_scenario(FIXTURE)
    target = tmp_path / "saved.yaml"
    target.write_bytes(b"old: contents\n")

    def broken_dump(*args: object, **kwargs: object) -> str:
        raise RuntimeError("cannot represent this value")

    monkeypatch.setattr(yaml, "dump", broken_dump)
    with pytest.raises(RuntimeError):
        save_scenario(scenario, target)
    assert target.read_bytes() == b"old: contents\n"
    assert _leftovers(tmp_path) == []


def test_a_failure_while_writing_leaves_the_old_file_and_no_temp_file(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = load_scenario(FIXTURE)
    target = save_scenario(scenario, tmp_path / "saved.yaml")
    before = target.read_bytes()
    other = scenario.model_copy(update={"name": "Another name"})

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(save_module.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        save_scenario(other, target)
    assert target.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_save_refuses_a_path_that_is_not_yaml(tmp_path: Path) -> None:
    from crewplan.errors import UsageError

    with pytest.raises(UsageError):
        save_scenario(load_scenario(FIXTURE), tmp_path / "scenario.json")
    assert os.listdir(tmp_path) == []


# --- the command line ------------------------------------------------------------------------------

runner = CliRunner()


def test_scenario_show_json_prints_one_json_document() -> None:
    result = runner.invoke(app, ["scenario", "show", str(FIXTURE), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["id"] == "minimal"
    assert [f["id"] for f in document["flights"]] == ["SZ-23", "SZ-22"]
    assert load_scenario_text(yaml.safe_dump(document), "from-json.yaml", FIXTURE.parent) == load_scenario(FIXTURE)


def test_scenario_show_prints_the_tables() -> None:
    result = runner.invoke(app, ["scenario", "show", str(FIXTURE)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for title in ("Stations", "Vehicle types", "Launch sites", "Flights by year", "Agreements", "Rules"):
        assert title in result.stdout
    for name in ("Minimal test scenario", "China Space Station", "Shenzhou-23", "Jiuquan", "cn-pk-2025"):
        assert name in result.stdout


def test_scenario_validate_prints_valid() -> None:
    result = runner.invoke(app, ["scenario", "validate", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout and "minimal" in result.stdout


def test_show_prints_names_that_look_like_markup_as_written(tmp_path: Path) -> None:
    text = _edit(TEXT, "name: Minimal test scenario", 'name: "Odd [/bold] name :100:"')
    text = _edit(text, "    name: Jiuquan", '    name: "Jiu [red]quan"')
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    for command in ("show", "validate"):
        result = runner.invoke(app, ["scenario", command, str(path)], env={"COLUMNS": "200"})
        assert result.exit_code == 0, (result.output, result.exception)
        assert "Odd [/bold] name :100:" in result.stdout
    assert "Jiu [red]quan" in runner.invoke(app, ["scenario", "show", str(path)], env={"COLUMNS": "200"}).stdout
