"""Hostile and careless command lines across every command, run through the real CLI.

Each case gives the arguments (``{d}`` is the case's own folder, ``{s}`` the built-in scenario), the files to
create there, the exit code it must end with, and words its message must contain: the field or flag, the
value, what would be valid. No case may print a traceback or an internal error, and none may take long
(an absurd size is refused, not attempted).
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from crewplan.scenario import builtin_path

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = (ROOT / "tests" / "data" / "minimal" / "scenario.yaml").read_text(encoding="utf-8")
FAST_S = 60.0
"""Every case ends well within this (the slowest load the built-in scenario and its element sets)."""


@dataclass
class Case:
    name: str
    args: list[str]
    code: int
    words: tuple[str, ...]
    files: dict[str, bytes | str] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None
    stream: str = "stderr"
    """Where the words must appear (``stdout`` for ``--json`` answers)."""


def minimal(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


def bomb() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for n in "bcdefghi":
        prev = chr(ord(n) - 1)
        lines.append(f"{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, "
                     f"*{prev}]")
    return "\n".join(lines) + "\nevents: *i\n"


def read_only(folder: Path) -> None:
    target = folder / "locked"
    target.mkdir()
    target.chmod(stat.S_IRUSR | stat.S_IXUSR)


EVENT = "vehicle_damaged flight=soyuz-ms-22 date=2022-12-14"
GOOD_EVENT_FILE = """events:
  - id: leak
    kind: vehicle_damaged
    date: 2022-12-14
    flight: soyuz-ms-22
    description: coolant leak
"""

CASES = [
    # --- the top level ---------------------------------------------------------------------------
    Case("no-such-command", ["fly"], 2, ("fly",)),
    Case("version", ["--version"], 0, ("crewplan 0.",), stream="stdout"),
    # --- scenario validate -----------------------------------------------------------------------
    Case("complex-key", ["scenario", "validate", "{d}/s.yaml"], 2, ("s.yaml:3", "a list as a key", "plain word"),
         files={"s.yaml": "id: x\nname: y\n? [a, b]\n: 1\n"}),
    Case("complex-key-nested", ["scenario", "validate", "{d}/s.yaml"], 2,
         ("s.yaml:10", "settings", "a mapping as a key"),
         files={"s.yaml": minimal("  rest_days_min: 60\n", "  rest_days_min: 60\n  ? {a: 1}\n  : 2\n")}),
    Case("tagged-key", ["scenario", "validate", "{d}/s.yaml"], 2, ("s.yaml:2", "!!python/tuple"),
         files={"s.yaml": "id: x\n? !!python/tuple [a]\n: 1\n"}),
    Case("alias-key", ["scenario", "validate", "{d}/s.yaml"], 2, ("s.yaml:2", "a list as a key"),
         files={"s.yaml": "id: x\nk: &k [a]\n? *k\n: 1\n"}),
    Case("horizon-end-year-9999", ["scenario", "validate", "{d}/s.yaml"], 2,
         ("settings.horizon_end", "9999-12-31", "2199-12-31"),
         files={"s.yaml": minimal("horizon_end: 2026-12-31", "horizon_end: 9999-12-31")}),
    Case("launch-year-1", ["scenario", "validate", "{d}/s.yaml"], 2, ("flights[0].launch", "0001-04-25", "1900-01-01"),
         files={"s.yaml": minimal("    launch: 2026-04-25", "    launch: 0001-04-25")}),
    Case("validate-missing", ["scenario", "validate", "{d}/nothing.yaml"], 2, ("nothing.yaml", "no such file")),
    Case("validate-empty-folder", ["scenario", "validate", "{d}/empty"], 2, ("no .yaml files",),
         setup=lambda d: (d / "empty").mkdir()),
    Case("validate-json-invalid", ["scenario", "validate", "--json", "{d}/s.yaml"], 2,
         ('"valid": false', '"path": "settings.horizon_end"'), stream="stdout",
         files={"s.yaml": minimal("horizon_end: 2026-12-31", "horizon_end: 2025-12-31")}),
    Case("validate-path-and-scenario", ["scenario", "validate", "{s}", "--scenario", "{s}"], 2, ("not both",)),
    Case("show-missing", ["scenario", "show", "--scenario", "{d}/x.yaml"], 2, ("x.yaml", "no such file")),
    Case("validate-name-too-long", ["scenario", "validate", "L" * 300], 2, ("too long",)),
    Case("validate-device", ["scenario", "validate", "/dev/null"], 2, ("not a regular file",)),
    Case("markup-in-names", ["scenario", "show", "{d}/s.yaml"], 0, ("[/x] odd [bold",), stream="stdout",
         files={"s.yaml": minimal("name: Minimal test scenario", 'name: "[/x] odd [bold"')}),
    Case("binary-file", ["scenario", "validate", "{d}/s.yaml"], 2, ("UTF-8",),
         files={"s.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe"}),
    # --- ls -----------------------------------------------------------------------------------------
    Case("ls-unknown-kind", ["ls", "spaceships"], 2, ("spaceships", "stations")),
    Case("ls-near-kind", ["ls", "Stationz"], 2, ("did you mean 'stations'",)),
    # --- windows ------------------------------------------------------------------------------------
    Case("windows-start-9999", ["windows", "--station", "iss", "--site", "baikonur-31", "--start", "9999-12-31"], 2,
         ("--start", "9999-12-31", "2199-12-31")),
    Case("windows-start-2040", ["windows", "--station", "iss", "--site", "baikonur-31", "--start", "2040-01-01"], 2,
         ("cannot predict", "2040-01-01", "--elements")),
    Case("windows-ten-years", ["windows", "--station", "css", "--site", "jiuquan", "--start", "2026-01-01",
                               "--days", "3660"], 2, ("cannot predict", "2036-01-09")),
    Case("windows-days-nan", ["windows", "--station", "iss", "--site", "baikonur-31", "--start", "2026-01-01",
                              "--days", "nan"], 2, ("--days", "finite")),
    Case("windows-days-zero", ["windows", "--station", "iss", "--site", "baikonur-31", "--start", "2026-01-01",
                               "--days", "0"], 2, ("--days", "out of range")),
    Case("windows-bad-date", ["windows", "--station", "iss", "--site", "baikonur-31", "--start", "2026-02-30"], 2,
         ("--start", "2026-02-30", "ISO 8601")),
    Case("windows-hour-25", ["windows", "--station", "iss", "--site", "baikonur-31", "--start", "2026-04-24T25:00Z"],
         2, ("--start", "2026-04-24T25:00Z")),
    Case("windows-naive-time", ["windows", "--station", "iss", "--site", "baikonur-31", "--start",
                                "2026-04-24T09:00"], 2, ("no time zone", "Z")),
    Case("windows-station-case", ["windows", "--station", "ISS", "--site", "baikonur-31", "--start", "2026-01-01"], 2,
         ("--station", "'ISS'", "did you mean 'iss'")),
    Case("windows-site-near", ["windows", "--station", "iss", "--site", "baikonur", "--start", "2026-01-01"], 2,
         ("--site", "did you mean 'baikonur-31'")),
    Case("windows-vehicle-unknown", ["windows", "--station", "iss", "--site", "baikonur-31", "--start", "2026-01-01",
                                     "--vehicle", "buran"], 2, ("--vehicle", "buran", "soyuz-ms")),
    Case("windows-elements-missing", ["windows", "--station", "iss", "--site", "baikonur-31", "--start",
                                      "2026-01-01", "--elements", "{d}/none.tle"], 2, ("none.tle",)),
    Case("windows-elements-garbage", ["windows", "--station", "iss", "--site", "baikonur-31", "--start",
                                      "2026-01-01", "--elements", "{d}/bad.tle"], 2, ("bad.tle",),
         files={"bad.tle": "this is not an element set\n"}),
    Case("windows-elements-empty", ["windows", "--station", "iss", "--site", "baikonur-31", "--start",
                                    "2026-01-01", "--elements", "{d}/empty.tle"], 2, ("empty.tle",),
         files={"empty.tle": ""}),
    # --- orbits -------------------------------------------------------------------------------------
    Case("orbits-end-before-start", ["orbits", "--start", "2026-01-02", "--end", "2026-01-01", "--station", "iss"],
         2, ("--end", "before")),
    Case("orbits-altitude-zero", ["orbits", "--start", "2026-01-01", "--end", "2026-01-02", "--altitude-km", "0",
                                  "--inclination-deg", "51"], 2, ("--altitude-km", "out of range", "100")),
    Case("orbits-inclination-200", ["orbits", "--start", "2026-01-01", "--end", "2026-01-02", "--altitude-km",
                                    "400", "--inclination-deg", "200"], 2, ("--inclination-deg", "180")),
    Case("orbits-two-orbits", ["orbits", "--start", "2026-01-01", "--end", "2026-01-02", "--station", "iss",
                               "--altitude-km", "400", "--inclination-deg", "51"], 2, ("exactly one orbit",)),
    Case("orbits-far-future", ["orbits", "--start", "2026-01-01", "--end", "2045-01-01", "--station", "css"], 2,
         ("cannot predict",)),
    Case("orbits-scenario-unused", ["orbits", "--start", "2026-01-01", "--end", "2026-01-02", "--altitude-km", "400",
                                    "--inclination-deg", "51", "--scenario", "{d}/none.yaml"], 2, ("--scenario",)),
    Case("windows-vehicle-elsewhere", ["windows", "--station", "css", "--site", "jiuquan", "--start", "2025-04-24",
                                       "--vehicle", "soyuz-ms"], 0, ("does not launch from jiuquan", "what-if")),
    Case("windows-site-beyond-plane", ["windows", "--station", "css", "--site", "baikonur-31", "--start",
                                       "2025-04-24"], 0, ("never passes over it",)),
    Case("windows-elements-device", ["windows", "--station", "iss", "--site", "baikonur-31", "--start",
                                     "2026-01-01", "--elements", "/dev/zero"], 2, ("not a regular file",)),
    # --- check and explain --------------------------------------------------------------------------
    Case("check-missing", ["check", "{d}/none.yaml"], 2, ("none.yaml", "no such file")),
    Case("check-both", ["check", "{s}", "--scenario", "{s}"], 2, ("not both",)),
    Case("explain-no-astronaut", ["explain", "--flight", "shenzhou-23"], 2, ("--astronaut",)),
    Case("explain-unknown-astronaut", ["explain", "--astronaut", "cand-esa-9", "--flight", "shenzhou-23"], 2,
         ("cand-esa-9", "did you mean")),
    Case("explain-flown-flight", ["explain", "--astronaut", "cand-esa-1", "--flight", "shenzhou-19"], 1,
         ("flew on 2024-10-29", "history"), stream="stdout"),
    Case("explain-both", ["explain", "{s}", "--scenario", "{s}", "--astronaut", "cand-esa-1", "--flight",
                          "shenzhou-23"], 2, ("not both",)),
    Case("explain-flight-case", ["explain", "--astronaut", "cand-esa-1", "--flight", "Shenzhou-23"], 2,
         ("'Shenzhou-23'", "did you mean 'shenzhou-23'")),
    # --- plan ---------------------------------------------------------------------------------------
    Case("plan-out-is-file", ["plan", "--out", "{d}/file"], 2, ("--out", "is a file"), files={"file": "x"}),
    Case("plan-out-under-file", ["plan", "--out", "{d}/file/sub"], 2, ("--out", "is a file"), files={"file": "x"}),
    Case("plan-out-foreign-files", ["plan", "--out", "{d}/mine"], 2, ("--out", "did not write", "notes.txt"),
         files={"mine/notes.txt": "my own notes"}),
    Case("plan-out-read-only", ["plan", "--out", "/sys/crewplan-out"], 2, ("--out", "cannot write")),
    Case("plan-seed-64-bit", ["plan", "--seed", str(2**64)], 2, ("--seed",)),
    Case("plan-seed-negative", ["plan", "--seed", "-1"], 2, ("--seed",)),
    Case("plan-time-limit-zero", ["plan", "--time-limit", "0"], 2, ("--time-limit", "out of range")),
    Case("plan-time-limit-nan", ["plan", "--time-limit", "nan"], 2, ("--time-limit", "finite")),
    Case("plan-gap-two", ["plan", "--gap", "2"], 2, ("--gap",)),
    Case("plan-workers-zero", ["plan", "--workers", "0"], 2, ("--workers",)),
    Case("plan-scenario-missing", ["plan", "--scenario", "{d}/none.yaml"], 2, ("none.yaml",)),
    Case("plan-horizon-9999", ["plan", "--scenario", "{d}/s.yaml"], 2, ("horizon_end", "2199-12-31"),
         files={"s.yaml": minimal("horizon_end: 2026-12-31", "horizon_end: 9999-12-31")}),
    # --- replan: --event --------------------------------------------------------------------------
    Case("replan-no-event", ["replan", "{s}"], 2, ("--event",)),
    Case("replan-no-manifest", ["replan", "--event", EVENT], 2, ("MANIFEST",)),
    Case("replan-empty-event", ["replan", "{s}", "--event", ""], 2, ("--event 1", "empty")),
    Case("replan-bad-kind", ["replan", "{s}", "--event", "meteor flight=soyuz-ms-22 date=2022-12-14"], 2,
         ("meteor", "vehicle_damaged")),
    Case("replan-not-key-value", ["replan", "{s}", "--event", "vehicle_damaged soyuz-ms-22"], 2,
         ("soyuz-ms-22", "key=value")),
    Case("replan-slip-abc", ["replan", "{s}", "--event", "launch_slip flight=soyuz-ms-23 date=2023-01-01 "
                                                         "slip_days=abc"], 2, ("--event 1", "slip_days", "'abc'")),
    Case("replan-slip-zero", ["replan", "{s}", "--event", "launch_slip flight=soyuz-ms-23 date=2023-01-01 "
                                                          "slip_days=0"], 2, ("slip_days", ">= 1")),
    Case("replan-unknown-flight", ["replan", "{s}", "--event", "vehicle_damaged flight=soyuz-ms-99 date=2022-12-14"],
         2, ("--event 1", "flight", "soyuz-ms-99", "did you mean")),
    Case("replan-flight-case", ["replan", "{s}", "--event", "vehicle_damaged flight=Soyuz-MS-22 date=2022-12-14"],
         2, ("did you mean 'soyuz-ms-22'",)),
    Case("replan-unknown-astronaut", ["replan", "{s}", "--event", "astronaut_grounded astronaut=nobody "
                                                                  "date=2026-05-01"], 2, ("astronaut", "nobody")),
    Case("replan-unknown-site", ["replan", "{s}", "--event", "pad_unavailable site=kourou date=2026-05-01"], 2,
         ("site", "kourou", "the id of a launch site")),
    Case("replan-unknown-pad", ["replan", "{s}", "--event", "pad_unavailable site=baikonur-31 pad=lc-99 "
                                                            "date=2026-05-01"], 2, ("pad", "lc-99")),
    Case("replan-unknown-rule", ["replan", "{s}", "--event", "rule_ended rule=no-such-rule date=2026-05-01"], 2,
         ("rule", "no-such-rule")),
    Case("replan-until-before-date", ["replan", "{s}", "--event", "astronaut_grounded astronaut=cand-us-1 "
                                                                  "date=2026-05-01 until=2026-04-01"], 2,
         ("until", "not after")),
    Case("replan-date-outside-horizon", ["replan", "{s}", "--event", "vehicle_damaged flight=soyuz-ms-22 "
                                                                     "date=2035-01-01"], 2,
         ("date", "horizon", "2030-12-31")),
    Case("replan-date-9999", ["replan", "{s}", "--event", "vehicle_damaged flight=soyuz-ms-22 date=9999-12-31"], 2,
         ("date", "2199-12-31")),
    Case("replan-unknown-field", ["replan", "{s}", "--event", EVENT + " colour=red"], 2, ("colour", "unknown key")),
    Case("replan-field-twice", ["replan", "{s}", "--event", EVENT + " date=2022-12-15"], 2, ("date", "twice")),
    Case("replan-shift-days-huge", ["replan", "{s}", "--event", EVENT, "--shift-days", "100000000"], 2,
         ("--shift-days",)),
    # --- replan: --events FILE -----------------------------------------------------------------------
    Case("events-missing", ["replan", "{s}", "--events", "{d}/none.yaml"], 2, ("none.yaml", "no such file")),
    Case("events-folder", ["replan", "{s}", "--events", "{d}"], 2, ("is a folder",)),
    Case("events-non-utf8", ["replan", "{s}", "--events", "{d}/e.yaml"], 2, ("e.yaml:2", "UTF-8"),
         files={"e.yaml": b"events:\n  - id: \xff\xfe\n"}),
    Case("events-broken-yaml", ["replan", "{s}", "--events", "{d}/e.yaml"], 2, ("e.yaml", "not valid YAML"),
         files={"e.yaml": "events: [\n  - id: x\n"}),
    Case("events-python-tag", ["replan", "{s}", "--events", "{d}/e.yaml"], 2, ("e.yaml:1", "tag not allowed"),
         files={"e.yaml": 'events: !!python/object/apply:os.system ["echo pwned"]\n'}),
    Case("events-alias-bomb", ["replan", "{s}", "--events", "{d}/e.yaml"], 2, ("e.yaml", "alias"),
         files={"e.yaml": bomb()}),
    Case("events-duplicate-key", ["replan", "{s}", "--events", "{d}/e.yaml"], 2,
         ("e.yaml:5", "events[0].date", "duplicate key", "'date'"),
         files={"e.yaml": GOOD_EVENT_FILE.replace("    flight:", "    date: 2022-12-15\n    flight:")}),
    Case("events-scalars", ["replan", "{s}", "--events", "{d}/e.yaml"], 2, ("e.yaml:1", "events[0]", "mapping"),
         files={"e.yaml": "- damaged\n- slipped\n"}),
    Case("events-no-list", ["replan", "{s}", "--events", "{d}/e.yaml"], 2, ("e.yaml", "colour", "events:"),
         files={"e.yaml": "colour: red\n"}),
    Case("events-empty", ["replan", "{s}", "--events", "{d}/e.yaml"], 2, ("e.yaml", "no list of events"),
         files={"e.yaml": ""}),
    Case("events-unknown-flight", ["replan", "{s}", "--events", "{d}/e.yaml"], 2,
         ("e.yaml:5", "events[0].flight", "soyuz-ms-222", "did you mean"),
         files={"e.yaml": GOOD_EVENT_FILE.replace("soyuz-ms-22", "soyuz-ms-222")}),
    Case("events-bad-date", ["replan", "{s}", "--events", "{d}/e.yaml"], 2, ("e.yaml:4", "events[0].date", "calendar"),
         files={"e.yaml": GOOD_EVENT_FILE.replace("2022-12-14", "2022-02-30")}),
    Case("events-missing-field", ["replan", "{s}", "--events", "{d}/e.yaml"], 2, ("e.yaml:2", "flight"),
         files={"e.yaml": GOOD_EVENT_FILE.replace("    flight: soyuz-ms-22\n", "")}),
    Case("events-replan-out-is-file", ["replan", "{s}", "--events", "{d}/e.yaml", "--out", "{d}/e.yaml"], 2,
         ("--out", "is a file"), files={"e.yaml": GOOD_EVENT_FILE}),
    # --- report -------------------------------------------------------------------------------------
    Case("report-out-is-file", ["report", "--out", "{d}/file"], 2, ("--out", "is a file"), files={"file": "x"}),
    Case("report-missing", ["report", "{d}/none.yaml", "--out", "{d}/out"], 2, ("none.yaml",)),
    Case("report-out-read-only", ["report", "--out", "/sys/crewplan-report"], 2, ("--out", "cannot write")),
    # --- generate -----------------------------------------------------------------------------------
    Case("generate-billion", ["generate", "--astronauts", "1000000000"], 2, ("--astronauts", "10000")),
    Case("generate-zero-stations", ["generate", "--stations", "0"], 2, ("--stations",)),
    Case("generate-out-folder", ["generate", "--stations", "1", "--years", "1", "--astronauts", "8", "--flights",
                                 "2", "--out", "{d}"], 2, ("folder",)),
    Case("generate-out-under-file", ["generate", "--stations", "1", "--years", "1", "--astronauts", "8",
                                     "--flights", "2", "--out", "{d}/file/x.yaml"], 2, ("x.yaml",),
         files={"file": "x"}),
    Case("generate-out-not-yaml", ["generate", "--stations", "1", "--years", "1", "--astronauts", "8",
                                   "--flights", "2", "--out", "{d}/x.txt"], 2, (".yaml",)),
    Case("generate-seed-huge", ["generate", "--seed", str(2**70)], 2, ("--seed",)),
]
CASES += [
    Case("db-url-not-a-url", ["db", "plans", "--database", "no url"], 2, ("'no url' is not a URL", "sqlite:///")),
    Case("db-url-unsupported", ["db", "plans", "--database", "mysql://u@h/x"], 2, ("'mysql' is not supported",)),
    Case("db-url-memory", ["db", "plans", "--database", "sqlite://"], 2, ("in-memory", "sqlite:///PATH.db")),
    Case("db-folder-missing", ["db", "upgrade", "--database", "sqlite:///{d}/none/x.db"], 2, ("does not exist",)),
    Case("db-not-crewplan", ["db", "plans", "--database", "sqlite:///{d}/other.db"], 2,
         ("has schema none", "crewplan db upgrade"), setup=lambda d: _other_sqlite(d / "other.db")),
    Case("db-server-down", ["audit", "verify", "--database", "postgresql://crewplan:secret-pw@127.0.0.1:9/x"], 2,
         ("cannot open database", "127.0.0.1:9", "***")),
    Case("db-export-no-database", ["db", "export", "7", "--out", "{d}/x.yaml", "--database",
                                   "sqlite:///{d}/x.db"], 2, ("no database at", "x.db", "db upgrade")),
    Case("db-export-no-plan", ["db", "export", "7", "--out", "{d}/x.yaml", "--database", "sqlite:///{d}/x.db"],
         2, ("no plan 7", "db import"), setup=lambda d: _empty_crewplan_db(d / "x.db")),
    Case("db-export-out-not-yaml", ["db", "export", "1", "--out", "{d}/x.txt", "--database",
                                    "sqlite:///{d}/x.db"], 2, (".yaml",)),
    Case("worker-no-database", ["worker", "--once", "--database", "sqlite:///{d}/x.db"], 2,
         ("no database at", "x.db")),
    Case("worker-poll-zero", ["worker", "--poll-seconds", "0"], 2, ("--poll-seconds",)),
    Case("users-add-no-password", ["users", "add", "li.wei", "--agency", "CMSA", "--nationality", "CN",
                                   "--database", "sqlite:///{d}/x.db"], 2, ("CREWPLAN_PASSWORD",)),
]


def _empty_crewplan_db(path: Path) -> None:
    from crewplan.storage import open_database

    open_database(f"sqlite:///{path}").dispose()


def _other_sqlite(path: Path) -> None:
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.commit()


if os.geteuid() != 0:  # root may write anywhere: the permission case is only meaningful for other users
    CASES.append(Case("plan-out-permission", ["plan", "--out", "{d}/locked/out"], 2, ("--out", "permission"),
                      setup=read_only))


def _run(case: Case, folder: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if case.setup is not None:
        case.setup(folder)
    args = [a.replace("{d}", str(folder)).replace("{s}", str(builtin_path())) for a in case.args]
    env = {**os.environ, "COLUMNS": "250", "TERM": "dumb"}
    for name in ("CREWPLAN_DEBUG", "CREWPLAN_PASSWORD", "CREWPLAN_DATABASE_URL"):
        env.pop(name, None)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "crewplan.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=300, env=env, cwd=folder,
                          stdin=subprocess.DEVNULL)
    return done, time.perf_counter() - start


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[subprocess.CompletedProcess[str], float]]:
    base = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {c.name: pool.submit(_run, c, base / c.name) for c in CASES}
        return {name: future.result() for name, future in futures.items()}


def test_names_are_unique() -> None:
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_command_line(case: Case, results: dict[str, tuple[subprocess.CompletedProcess[str], float]]
                              ) -> None:
    done, elapsed = results[case.name]
    out = done.stdout if case.stream == "stdout" else done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert "internal error" not in done.stderr, done.stderr
    assert done.returncode == case.code, (done.returncode, done.stderr[-3000:])
    flat = " ".join(out.split()).lower()
    for word in case.words:
        assert " ".join(word.split()).lower() in flat, (word, out[-3000:])
    assert elapsed < FAST_S, elapsed
