"""Every page of the web UI, for planners of three agencies (CMSA, the CSS's operator; NASA; ESA), a viewer
and an agency of no plan here, against the authorization matrix: the pages of a plan are shown to its members
and "not found" to anyone else; no value the policy hides from a viewer is anywhere in the DOM (nor in a file
the page exports), and what is hidden is named, not left blank. Then the pages themselves: occupancy with the
real lifeboat gaps, an astronaut's record, training and qualifications, and the exports."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from api.service import Service
from api.test_leaks import may_see
from web.conftest import log_in, screenshot

WHO = ("cmsa-planner", "nasa-planner", "esa-planner", "roscosmos-viewer")
GROUNDED, TALL = "cand-cn-p1", "cand-us-1"
"""A CMSA candidate made medically grounded, and a NASA candidate given body measures (tests/api/canary.py)."""


def plan_pages(ui: Service) -> list[str]:
    main, branch = ui.plans["main"], ui.plans["branch"]
    return [f"/ui/plans/{main}", f"/ui/plans/{main}/timeline", f"/ui/plans/{main}/occupancy",
            f"/ui/plans/{main}/proposals", f"/ui/plans/{main}/merge-requests", f"/ui/plans/{branch}/compare",
            f"/ui/plans/{main}/astronauts/{GROUNDED}", f"/ui/plans/{main}/astronauts/{TALL}",
            f"/ui/plans/{main}/flights/shenzhou-25/windows", "/ui/merge-requests/1"]


def exports(ui: Service) -> list[str]:
    main = ui.plans["main"]
    return [f"/ui/plans/{main}/exports/{name}" for name in ("manifest.csv", "manifest.json", "flights.ics",
                                                             "training.ics")] + [
        f"/ui/plans/{main}/exports/training.csv?astronaut={GROUNDED}", f"/ui/plans/{main}/openmct-plan.json",
        f"/ui/plans/{main}/timeline.json"]


@pytest.mark.parametrize("who", WHO)
def test_every_page_shows_a_member_what_the_policy_allows_and_no_more(ui: Service, watched: Any, who: str) -> None:
    page = watched.page
    principal = ui.principals[who]
    hidden = [c.text for c in ui.canaries if not may_see(principal, c)]
    shown = [c.text for c in ui.canaries if may_see(principal, c)]
    log_in(page, ui, who)
    seen_any = set()
    for path in plan_pages(ui):
        answer = page.goto(f"{ui.url}{path}")
        assert answer is not None and answer.status == 200, (path, answer and answer.status)
        page.wait_for_load_state("networkidle")
        dom = page.content()
        assert [t for t in hidden if t in dom] == [], (who, path)
        seen_any |= {t for t in shown if t in dom}
    for path in exports(ui):
        got = page.request.get(f"{ui.url}{path}")
        assert got.status == 200, (path, got.status)
        assert [t for t in hidden if t in got.text()] == [], (who, path)
    assert seen_any, "what the viewer may see reaches the pages: the scan above can fail"
    watched.assert_clean()


def test_an_agency_of_no_plan_here_finds_none_of_its_pages(ui: Service, watched: Any) -> None:
    watched.allowed_statuses.add(404)
    page = watched.page
    log_in(page, ui, "outsider-planner")
    for path in [*plan_pages(ui), *exports(ui)]:
        answer = page.goto(f"{ui.url}{path}") if "/exports/" not in path and not path.endswith(".json") \
            else None
        if answer is None:
            assert page.request.get(f"{ui.url}{path}").status == 404, path
            continue
        assert answer.status == 404, path
        dom = page.content()
        assert "not found" in dom.lower() and not any(c.text in dom for c in ui.canaries), path
    watched.assert_clean()


def test_occupancy_marks_the_real_lifeboat_gaps(ui: Service, watched: Any) -> None:
    page = watched.page
    log_in(page, ui, "nasa-planner")
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}/occupancy")
    iss = page.get_by_test_id("occupancy-iss")
    # Soyuz MS-22 leaked on 2022-12-14 (day 348): a gap until MS-23 docked on 2023-02-26.
    first = iss.locator("tr[data-gap=true]", has_text="2022-12-14 (348)")
    assert first.count() == 1 and "gap" in first.inner_text()
    assert int(page.get_by_test_id("gap-days-iss").inner_text().split()[0]) >= 74
    assert page.get_by_test_id("gap-days-css").inner_text().startswith("20 days")  # Shenzhou-20, 2025-11-05..24
    first.scroll_into_view_if_needed()
    screenshot(page, "occupancy")
    watched.assert_clean()


def test_an_astronauts_page_names_what_is_not_shared(ui: Service, browser: Any) -> None:
    from web.conftest import VIEWPORT, Watched

    for who, label in (("nasa-planner", "not shared with your agency"), ("cmsa-planner", None),
                       ("esa-planner", None)):
        watched = Watched(browser.new_context(viewport=VIEWPORT).new_page())
        page = watched.page
        log_in(page, ui, who)
        page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}/astronauts/{GROUNDED}")
        facts = page.get_by_test_id("facts").inner_text()
        if label:
            assert page.get_by_test_id("hidden-medical-status").inner_text() == label
            assert "grounded" not in facts
        else:  # CMSA's own, and ESA by CMSA's share grant of medical data
            assert "grounded" in facts
        assert page.get_by_test_id("hidden-body-measures").count() == (0 if who == "cmsa-planner" else 1)
        assert "shenzhou-24" in page.get_by_test_id("seats").inner_text().lower().replace(" ", "-")
        training = page.get_by_test_id("training")
        assert training.locator("tbody tr").count() >= 1
        got = page.request.get(f"{ui.url}/ui/plans/{ui.plans['main']}/exports/training.csv?astronaut={GROUNDED}")
        rows = list(csv.DictReader(io.StringIO(got.text())))
        assert len(rows) == training.locator("tbody tr").count()
        assert all(r["start"] in training.inner_text() for r in rows)
        if who == "cmsa-planner":
            screenshot(page, "astronaut")
        watched.assert_clean()
        page.context.close()


def test_the_exports_are_the_plan_the_viewer_sees(ui: Service, watched: Any) -> None:
    page = watched.page
    log_in(page, ui, "esa-planner")
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}")
    with page.expect_download() as csv_download:
        page.get_by_test_id("plan-nav").get_by_role("link", name="CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(csv_download.value.path()).read_text(encoding="utf-8"))))
    shown = page.get_by_test_id("flights").locator("tbody tr").count()
    assert len({r["flight"] for r in rows}) == shown
    calendar = page.request.get(f"{ui.url}/ui/plans/{ui.plans['main']}/exports/flights.ics")
    assert calendar.headers["content-type"].startswith("text/calendar") and "BEGIN:VEVENT" in calendar.text()
    document = page.request.get(f"{ui.url}/ui/plans/{ui.plans['main']}/exports/manifest.json").json()
    assert len(document["flights"]) == shown
    watched.assert_clean()
