"""Timeline benchmark (issue 16): the time from navigation to the manifest timeline fully drawn, and the time
of one zoom step, in Chromium, on the built-in plan and on a generated ten-year programme (300 flights, 500
astronauts, 6 stations).

Usage: .venv/bin/python benchmarks/bench_timeline.py [--programmes builtin generated] [--repeats 5]
       [--zoom-steps 20] [--json]

For each programme it seeds a fresh SQLite database with the plan and one planner, starts ``python -m
crewplan.cli serve`` on a free loopback port, starts Debian's Chromium through Playwright (1280x800), and
logs in through the log-in page. The first navigation to the timeline is reported apart (``cold``: the
server loads the revision and runs the checker once); then ``--repeats`` navigations, each timed from the
navigation's start to the moment the page's script has drawn every bar (``data-drawn-at-ms``, the page's own
``performance.now()``, whose origin is the navigation's start). A zoom step is ``zoom(0.8)`` (one step of
the + key) followed by the next animation frame and a task after it (so the frame with the new drawing is
done); ``--zoom-steps`` steps in from the whole plan, then as many out. Figures are medians and ranges;
recorded in docs/benchmarks.md (## Web UI timeline (issue 16)).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import bench_service
from bench_service import BenchError, cpu_model, load_average, positive_int, serving

PROGRAMMES = ("builtin", "generated")
USERNAME, PASSWORD = bench_service.USERNAME, bench_service.PASSWORD
TARGET_DRAW_MS = 1000.0
TARGET_ZOOM_MS = 100.0
ZOOM = """async () => {
  const t0 = performance.now();
  window.crewplanTimeline.zoom(%s);
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return performance.now() - t0;
}"""


def scenario_of(programme: str) -> Any:
    if programme == "builtin":
        from crewplan.scenario import load_scenario

        return load_scenario()
    from crewplan.scenario.generate import generate_scenario

    return generate_scenario(stations=6, years=10, astronauts=500, flights=300, seed=1)


def seed(url: str, programme: str) -> tuple[int, int]:
    """A plan of the programme and the bench planner; the plan's id and its number of flights."""
    from crewplan.storage import Actor, open_database, repository

    scenario = scenario_of(programme)
    agency = scenario.agencies[0].id
    db = open_database(url)
    try:
        with db.transaction() as session:
            plan = repository.create_plan(session, scenario, Actor("local:bench"), programme)
            repository.add_user(session, Actor("local:bench"), username=USERNAME, password=PASSWORD,
                                agency=agency, nationalities=[scenario.agencies[0].country or "US"],
                                roles=["planner"])
            return plan.id, len([f for f in scenario.flights if f.launch])
    finally:
        db.dispose()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    from crewplan.report.browser import INSTALL_HINT, find_chromium

    path = find_chromium()
    if path is None:
        raise BenchError(f"Chromium is not installed: {INSTALL_HINT}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()


def draw_once(page: Any, url: str) -> float:
    page.goto(url)
    page.wait_for_selector("[data-testid=timeline][data-drawn]", timeout=120_000)
    timeline = page.get_by_test_id("timeline")
    if timeline.get_attribute("data-drawn") != "true":
        raise BenchError(f"the timeline was not drawn: {timeline.inner_text()[:300]}")
    return float(timeline.get_attribute("data-drawn-at-ms"))


def figures(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 2), "min": round(min(values), 2),
            "max": round(max(values), 2), "n": len(values)}


def bench_programme(programme: str, args: argparse.Namespace, browser: Any, progress: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="crewplan-bench-ui-") as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'bench.db'}"
        t0 = time.perf_counter()
        plan, flights = seed(url, programme)
        progress(f"{programme}: seeded plan {plan} ({flights} flights) in {time.perf_counter() - t0:.1f} s")
        with serving(url, folder) as server:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{server.url}/ui/login")
            page.get_by_label("User name").fill(USERNAME)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(f"{server.url}/ui/plans")
            target = f"{server.url}/ui/plans/{plan}/timeline"
            cold = draw_once(page, target)
            bars = int(page.get_by_test_id("timeline").get_attribute("data-bars"))
            if bars != flights:
                raise BenchError(f"{programme}: {bars} bars drawn for {flights} flights")
            draws = [draw_once(page, target) for _ in range(args.repeats)]
            progress(f"{programme}: cold {cold:.0f} ms, warm draws {[round(d) for d in draws]} ms")
            zooms_in = [float(page.evaluate(ZOOM % "0.8")) for _ in range(args.zoom_steps)]
            zooms_out = [float(page.evaluate(ZOOM % "1.25")) for _ in range(args.zoom_steps)]
            context.close()
            if errors:
                raise BenchError(f"{programme}: console errors: {errors[:3]}")
    result = {"programme": programme, "flights": flights, "cold_draw_ms": round(cold, 1),
              "draw_ms": figures(draws), "zoom_in_ms": figures(zooms_in), "zoom_out_ms": figures(zooms_out),
              "zoom_ms": figures(zooms_in + zooms_out)}
    progress(f"{programme}: draw median {result['draw_ms']['median']} ms, zoom median "
             f"{result['zoom_ms']['median']} ms (max {result['zoom_ms']['max']})")
    return result


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--programmes", nargs="+", choices=PROGRAMMES, default=list(PROGRAMMES))
    p.add_argument("--repeats", type=positive_int, default=5, help="warm navigations per programme (default 5)")
    p.add_argument("--zoom-steps", type=positive_int, default=20, help="zoom steps in, then out (default 20)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = dt.datetime.now(dt.UTC)
    load_before = load_average()
    try:
        with chromium() as browser:
            rows = [bench_programme(p, args, browser, progress) for p in dict.fromkeys(args.programmes)]
    except KeyboardInterrupt:
        print("bench_timeline.py: interrupted; the server and the browser are stopped", file=sys.stderr)
        return 130
    except BenchError as error:
        print(f"bench_timeline.py: error: {error}", file=sys.stderr)
        return 1
    result = {"date": started.isoformat(timespec="seconds"),
              "machine": {"python": platform.python_version(), "cpu": cpu_model(), "cores": os.cpu_count(),
                          "system": f"{platform.system()} {platform.machine()}"},
              "load_before": load_before, "load_after": load_average(),
              "settings": {"repeats": args.repeats, "zoom_steps": args.zoom_steps, "viewport": "1280x800"},
              "runs": rows,
              "target": {"draw_ms": TARGET_DRAW_MS, "zoom_ms": TARGET_ZOOM_MS,
                         "met": {r["programme"]: r["draw_ms"]["median"] < TARGET_DRAW_MS
                                 and r["zoom_ms"]["median"] < TARGET_ZOOM_MS for r in rows}}}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"python {result['machine']['python']} on {result['machine']['cpu']}; load {load_before} before, "
              f"{result['load_after']} after")
        print(f"{'programme':<10} {'flights':>7} {'cold ms':>8} {'draw ms (range)':>24} {'zoom ms (range)':>22}")
        for r in rows:
            d, z = r["draw_ms"], r["zoom_ms"]
            print(f"{r['programme']:<10} {r['flights']:>7} {r['cold_draw_ms']:>8} "
                  f"{d['median']:>8} ({d['min']}-{d['max']}) {z['median']:>8} ({z['min']}-{z['max']})")
        print(f"target (draw < {TARGET_DRAW_MS:g} ms, zoom step < {TARGET_ZOOM_MS:g} ms): {result['target']['met']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
