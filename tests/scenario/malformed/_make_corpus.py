"""Regenerate the malformed-scenario corpus beside this script from ``tests/data/minimal/scenario.yaml``.

Run ``python tests/scenario/malformed/_make_corpus.py`` after changing the fixture, then review the diff:
each case is one small edit of the fixture, and the expected line is the line the edit wrote (not whatever
the loader happens to report), so the index ``EXPECTED.yaml`` is an independent oracle for the tests.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent.parent / "data" / "minimal" / "scenario.yaml"
LINES = FIXTURE.read_text(encoding="utf-8").splitlines()


def find(text: str, nth: int = 0) -> int:
    """0-based index of the ``nth`` fixture line equal to ``text`` (trailing spaces ignored)."""
    hits = [i for i, line in enumerate(LINES) if line.rstrip() == text]
    if len(hits) <= nth:
        raise SystemExit(f"fixture line not found: {text!r}")
    return hits[nth]


@dataclass
class Edit:
    """Replace ``count`` fixture lines starting at the line equal to ``old`` (``count=0``: insert before it)."""

    old: str
    new: list[str]
    count: int = 1
    nth: int = 0
    after: bool = False


@dataclass
class Case:
    name: str
    path: str
    word: str
    edits: list[Edit] | None = None
    at: int = 0
    """Which line of the first edit's new text carries the problem (0-based)."""
    line: int | None = None
    """The expected line when it is not a line the edit wrote (e.g. a missing field: its entity's line)."""
    text: Callable[[], bytes] | None = None
    files: dict[str, str] | None = None
    problem_file: str | None = None


def apply(edits: list[Edit]) -> tuple[list[str], int]:
    """The edited fixture and the 0-based output index of the first edit's first new line."""
    positions = []
    for edit in edits:
        start = find(edit.old, edit.nth) + (1 if edit.after else 0)
        positions.append((start, edit))
    out = list(LINES)
    first = None
    for start, edit in sorted(positions, key=lambda p: -p[0]):
        out[start:start + edit.count] = edit.new
        shift = sum(len(e.new) - e.count for s, e in positions if s < start)
        if edit is edits[0]:
            first = start + shift
    assert first is not None
    return out, first


def tle_checksum(line: str) -> str:
    total = sum(int(c) if c.isdigit() else 1 if c == "-" else 0 for c in line[:68])
    return line[:68] + str(total % 10)


LINE1 = "1 48274U 21035A   21152.91865056  .00003057  00000-0  33542-4 0  9993"
LINE2 = "2 48274  41.4713  16.3199 0005053  25.9394 109.3813 15.65195495  5304"


def bomb() -> list[str]:
    lines = ["description:", "  a: &a [" + ", ".join(["lol"] * 9) + "]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"  {name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return lines


def non_utf8() -> bytes:
    out, _ = apply([Edit("    name: Jiuquan", ["    name: Jiuquan-XX"])])
    return "\n".join(out).encode("utf-8").replace(b"Jiuquan-XX", b"Jiuquan \xff\xfe") + b"\n"


CASES = [
    # --- unknown keys ------------------------------------------------------------------------------
    Case("unknown-key-top-level", "colour", "unknown",
         [Edit("name: Minimal test scenario", ["colour: blue"], count=0, after=True)]),
    Case("unknown-key-nested", "flights[0].cabin_pressure", "unknown",
         [Edit("    stay_days: 180", ["    cabin_pressure: 101"], count=0, after=True)]),
    Case("unknown-key-deep", "stations[0].capacity.max_crew", "unknown",
         [Edit("    capacity: {nominal_crew: 3, handover_crew: 6, handover_days_max: 10}",
               ["    capacity: {nominal_crew: 3, handover_crew: 6, handover_days_max: 10,", "      max_crew: 7}"])],
         at=1),
    # --- wrong types -------------------------------------------------------------------------------
    Case("wrong-type-string-for-number", "courses[0].duration_weeks", "number",
         [Edit("    duration_weeks: 12", ["    duration_weeks: twelve"])]),
    Case("wrong-type-mapping-for-list", "astronauts[0].nationalities", "list",
         [Edit("    nationalities: [CN]", ["    nationalities: {country: CN}"])]),
    Case("wrong-type-list-for-mapping", "stations[0].capacity", "mapping",
         [Edit("    capacity: {nominal_crew: 3, handover_crew: 6, handover_days_max: 10}",
               ["    capacity: [3, 6, 10]"])]),
    Case("wrong-type-string-for-bool", "astronauts[0].fictional", "boolean",
         [Edit("    fictional: true", ["    fictional: perhaps"])]),
    Case("section-not-a-list", "agencies", "list",
         [Edit("agencies:", ["agencies:", "  CMSA: China Manned Space Agency", "  SUPARCO: Space and Upper "
                             "Atmosphere Research Commission"], count=7)]),
    Case("top-level-list", "", "mapping",
         text=lambda: b"# a list, not a mapping\n- id: minimal\n- name: Minimal\n", line=2),
    Case("empty-file", "", "empty", text=lambda: b"", line=1),
    # --- missing fields ----------------------------------------------------------------------------
    Case("missing-required-field", "flights[0].site", "missing",
         [Edit("    site: JSLC", [])], line=find("  - id: SZ-23") + 1),
    Case("missing-settings", "settings", "missing",
         [Edit("settings:", [], count=4)], line=1),
    # --- dangling references -----------------------------------------------------------------------
    Case("dangling-flight-site", "flights[0].site", "unknown",
         [Edit("    site: JSLC", ["    site: XSLC"])]),
    Case("dangling-flight-station", "flights[0].station", "unknown",
         [Edit("    station: CSS", ["    station: ISS"])]),
    Case("dangling-seat-astronaut", "flights[0].seats[0].astronaut", "unknown",
         [Edit("      - {role: commander, astronaut: cand-cn-1}",
               ["      - {role: commander, astronaut: cand-xx-9}"])]),
    Case("dangling-returns-on", "flights[0].seats[2].returns_on", "unknown",
         [Edit("      - {role: payload_specialist, returns_on: SZ-22}",
               ["      - {role: payload_specialist, returns_on: SZ-99}"])]),
    Case("dangling-port-not-of-station", "flights[0].port", "port",
         [Edit("    port: forward", ["    port: aft"])]),
    Case("dangling-pad-not-of-site", "flights[0].pad", "pad",
         [Edit("    pad: LA-4", ["    pad: LC-39A"])]),
    Case("dangling-port-module", "stations[0].ports[1].module", "module",
         [Edit("      - {id: nadir, name: Tianhe nadir, module: tianhe, standard: CDM}",
               ["      - {id: nadir, name: Tianhe nadir, module: wentian, standard: CDM}"])]),
    Case("duplicate-id", "qualifications[2].id", "duplicate",
         [Edit("    name: Basic training", ["  - id: basic", "    name: Basic training again"], count=0, after=True)]),
    Case("duplicate-key", "flights[0].name", "duplicate",
         [Edit("    name: Shenzhou-23", ["    name: Shenzhou-23 again"], count=0, after=True)]),
    # --- dates -------------------------------------------------------------------------------------
    Case("landing-before-launch", "flights[1].landing", "before",
         [Edit("    landing: 2026-05-01", ["    landing: 2025-11-01"])]),
    Case("agreement-valid-until-before-valid-from", "agreements[0].valid_until", "before",
         [Edit("    valid_from: 2025-02-28", ["    valid_until: 2024-12-31"], count=0, after=True)]),
    Case("horizon-end-before-start", "settings.horizon_end", "after",
         [Edit("  horizon_end: 2026-12-31", ["  horizon_end: 2025-12-31"])]),
    Case("qualification-expires-before-earned", "astronauts[0].qualifications[0].expires", "after",
         [Edit("      - {qualification: shenzhou-crew, earned: 2025-06-01, expires: 2027-06-01}",
               ["      - {qualification: shenzhou-crew, earned: 2025-06-01, expires: 2025-01-01}"])]),
    Case("invalid-calendar-date", "flights[0].launch", "calendar",
         [Edit("    launch: 2026-04-25", ["    launch: 2026-02-30"])]),
    Case("naive-datetime", "flights[1].launch", "zone",
         [Edit("    launch: 2025-11-25T04:11:00Z", ["    launch: 2025-11-25T04:11:00"])]),
    # --- physical ranges ---------------------------------------------------------------------------
    Case("latitude-out-of-range", "launch_sites[0].latitude_deg", "range",
         [Edit("    latitude_deg: 40.9581", ["    latitude_deg: 95"])]),
    Case("longitude-out-of-range", "launch_sites[0].longitude_deg", "range",
         [Edit("    longitude_deg: 100.2912", ["    longitude_deg: -200"])]),
    Case("azimuth-out-of-range", "launch_sites[0].azimuths[0].max_deg", "range",
         [Edit("    azimuths: [{min_deg: 90, max_deg: 150}]", ["    azimuths: [{min_deg: 90, max_deg: 400}]"])]),
    Case("negative-duration-weeks", "courses[0].duration_weeks", "range",
         [Edit("    duration_weeks: 12", ["    duration_weeks: -12"])]),
    Case("negative-docked-life-days", "vehicle_types[0].docked_life_days", "range",
         [Edit("    docked_life_days: 180", ["    docked_life_days: -1"])]),
    Case("body-mass-out-of-range", "astronauts[0].body.mass_kg", "range",
         [Edit("    body: {height_cm: 172, mass_kg: 68}", ["    body: {height_cm: 172, mass_kg: 1000}"])]),
    # --- cross-entity checks -----------------------------------------------------------------------
    Case("prerequisite-cycle", "courses[0].prerequisites", "cycle",
         [Edit("    grants: [basic]", ["    prerequisites: [shenzhou-crew]"], count=0)]),
    Case("tle-bad-checksum", "stations[0].orbit.elements[0].line1", "checksum",
         [Edit(f'          line1: "{LINE1}"', [f'          line1: "{LINE1[:68]}4"'])]),
    Case("tle-line-too-short", "stations[0].orbit.elements[0].line2", "69",
         [Edit(f'          line2: "{LINE2}"', [f'          line2: "{LINE2[:60]}"'])]),
    Case("tle-catalogue-mismatch", "stations[0].orbit.elements[0].line2", "catalogue",
         [Edit(f'          line2: "{LINE2}"',
               [f'          line2: "{tle_checksum(LINE2.replace("48274", "48275"))}"'])]),
    Case("bad-enum-role", "flights[0].seats[0].role", "allowed",
         [Edit("      - {role: commander, astronaut: cand-cn-1}", ["      - {role: captain, astronaut: cand-cn-1}"])]),
    Case("bad-country-code", "agencies[0].country", "ISO 3166",
         [Edit("    country: CN", ["    country: China"])]),
    Case("body-measures-on-real-person", "astronauts[0].body", "fictional",
         [Edit("    fictional: true", ["    fictional: false"])],
         line=find("    body: {height_cm: 172, mass_kg: 68}") + 1),
    Case("uncrewed-flight-with-astronaut", "flights[1].uncrewed", "uncrewed",
         [Edit("    uncrewed: true", ["    uncrewed: true", "    seats: [{role: crew, astronaut: cand-pk-1}]"])]),
    # --- hostile or broken YAML --------------------------------------------------------------------
    Case("yaml-syntax-error", "", "YAML",
         [Edit("    name: Shenzhou-23", ["\tname: Shenzhou-23"])]),
    Case("yaml-unclosed-flow", "", "YAML",
         [Edit("    grants: [basic]", ["    grants: [basic", "    sessions: []"], count=2)], at=1),
    Case("control-character", "", "control character",
         [Edit("    name: Jiuquan", ["    name: Jiu\x1fquan"])]),
    Case("python-object-tag", "name", "tag",
         [Edit("name: Minimal test scenario", ['name: !!python/object/apply:os.system ["echo pwned"]'])]),
    Case("custom-tag", "launch_sites[0].name", "tag",
         [Edit("    name: Jiuquan", ["    name: !site Jiuquan"])]),
    Case("alias-bomb", "description.i", "alias",
         [Edit("name: Minimal test scenario", bomb(), count=0, after=True)], at=9),
    Case("recursive-alias", "description[0]", "alias",
         [Edit("name: Minimal test scenario", ["description: &loop [*loop]"], count=0, after=True)]),
    Case("merge-key", "launch_sites[0]", "merge",
         [Edit("    name: Jiuquan", ["    <<: {name: Jiuquan}"])]),
    Case("key-not-a-word", "flights[0]", "key",
         [Edit("    stay_days: 180", ["    2026: 180"])]),
    Case("deep-nesting", "description[0][0][0]", "deep",
         [Edit("name: Minimal test scenario", ["description: " + "[" * 5000 + "]" * 5000], count=0, after=True)]),
    Case("non-utf8-bytes", "", "UTF-8", text=non_utf8, line=find("    name: Jiuquan") + 1),
    Case("huge-integer", "flights[0].stay_days", "large",
         [Edit("    stay_days: 180", ["    stay_days: " + "9" * 5000])]),
    Case("infinite-number", "launch_sites[0].latitude_deg", "finite",
         [Edit("    latitude_deg: 40.9581", ["    latitude_deg: .inf"])]),
    Case("nan-number", "launch_sites[0].longitude_deg", "finite",
         [Edit("    longitude_deg: 100.2912", ["    longitude_deg: .nan"])]),
    Case("huge-string", "launch_sites[0].name", "long",
         [Edit("    name: Jiuquan", ["    name: " + "Jiuquan " * 25_000])]),
    Case("complex-key", "launch_sites[0]", "plain word",
         [Edit("    name: Jiuquan", ["    ? [name, alias]", "    : Jiuquan"])]),
    Case("tagged-key", "launch_sites[0]", "tagged",
         [Edit("    name: Jiuquan", ["    !!python/str name: Jiuquan"])]),
    Case("control-character-escape", "launch_sites[0].name", "control character",
         [Edit("    name: Jiuquan", ['    name: "\\e[2JJiuquan"'])]),
    Case("bidi-override", "launch_sites[0].name", "control character",
         [Edit("    name: Jiuquan", ['    name: "Jiu\\u202equan"'])]),
    Case("base-60-number", "settings.rest_days_min", "base-60",
         [Edit("  rest_days_min: 60", ["  rest_days_min: 1:00"])]),
    Case("boolean-for-number", "settings.rest_days_min", "not a number",
         [Edit("  rest_days_min: 60", ["  rest_days_min: yes"])]),
    Case("date-year-9999", "settings.horizon_end", "2199-12-31",
         [Edit("  horizon_end: 2026-12-31", ["  horizon_end: 9999-12-31"])]),
    Case("date-offset-overflow", "flights[0].launch", "out of range",
         [Edit("    launch: 2026-04-25", ['    launch: "9999-12-31T23:00:00-05:00"'])]),
    Case("more-seats-than-vehicle", "flights[0].seats", "more seats",
         [Edit("      - {role: payload_specialist, returns_on: SZ-22}",
               ["      - {role: payload_specialist, returns_on: SZ-22}", "      - {role: crew}"])],
         line=find("    seats:", 0) + 1),
    Case("seat-role-vehicle-lacks", "flights[0].seats[1].role", "no pilot seat",
         [Edit("      - {role: crew}", ["      - {role: pilot}"])]),
    Case("module-removed-before-added", "stations[0].segments[0].modules[0].removed", "not after",
         [Edit("          - {id: tianhe, name: Tianhe, owner: CMSA, added: 2021-04-29}",
               ["          - {id: tianhe, name: Tianhe, owner: CMSA, added: 2021-04-29, removed: 2020-01-01}"])]),
    Case("pad-until-before-from", "launch_sites[0].pads[0].available_until", "before",
         [Edit("    pads: [{id: LA-4, name: Launch Area 4, vehicle_types: [shenzhou]}]",
               ["    pads: [{id: LA-4, name: Launch Area 4, vehicle_types: [shenzhou], available_from: 2026-01-01,",
                "           available_until: 2025-01-01}]"])], at=1),
    Case("inclination-not-the-elements", "stations[0].orbit.inclination_deg", "element sets",
         [Edit("      inclination_deg: 41.47", ["      inclination_deg: 97"])]),
    Case("event-outside-horizon", "events[0].date", "horizon",
         [Edit("    date: 2026-04-20", ["    date: 2027-04-20"])]),
    Case("event-until-before-date", "events[0].until", "not after",
         [Edit("    date: 2026-04-20", ["    date: 2026-04-20", "    until: 2026-04-01"])], at=1),
    # --- folders -----------------------------------------------------------------------------------
    Case("folder-id-twice", "id", "again",
         files={"1-scenario.yaml": "\n".join(LINES) + "\n",
                "2-extra.yaml": "# a second file that sets the scenario id again\nflights: []\nid: other\n"},
         problem_file="2-extra.yaml", line=3),
]


def main() -> None:
    for old in HERE.iterdir():
        if old.name.startswith(("_", "EXPECTED")):
            continue
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink()
    index = ["# Generated by _make_corpus.py: for each case, where the loader must report the problem.",
             "# target: the file or folder to validate; file: the file named in the report (default: target);",
             "# line: 1-based line; path: the field ('' for the whole document); word: in the message."]
    for case in CASES:
        if case.files is not None:
            folder = HERE / case.name
            folder.mkdir()
            for name, content in case.files.items():
                (folder / name).write_text(content, encoding="utf-8")
            target, file, line = case.name, f"{case.name}/{case.problem_file}", case.line
        else:
            target = file = f"{case.name}.yaml"
            if case.text is not None:
                (HERE / target).write_bytes(case.text())
                line = case.line
            else:
                assert case.edits is not None
                out, first = apply(case.edits)
                (HERE / target).write_text("\n".join(out) + "\n", encoding="utf-8")
                line = case.line if case.line is not None else first + case.at + 1
        index.append(f"{case.name}:")
        index.append(f"  target: {target}")
        if file != target:
            index.append(f"  file: {file}")
        index.append(f"  line: {line}")
        index.append(f"  path: '{case.path}'")
        index.append(f"  word: '{case.word}'")
    (HERE / "EXPECTED.yaml").write_text("\n".join(index) + "\n", encoding="utf-8")
    print(f"{len(CASES)} cases written to {HERE}")


if __name__ == "__main__":
    main()
