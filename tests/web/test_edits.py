"""Edits in the browser: a planner pins and releases an assignment on the revision the page showed; a stale
page (someone else edited meanwhile) says so, shows the newer revision and changes nothing; an edit the
policy refuses says why; a viewer is offered no edit."""

from __future__ import annotations

import re
from typing import Any

from api.service import Service
from web.conftest import VIEWPORT, Watched, log_in

FLIGHT, PERSON = "shenzhou-24", "cand-cn-p1"
"""A planned CMSA flight of the canary plan with a CMSA candidate seated on it."""


def revision_shown(page: Any) -> int:
    found = re.search(r"revision (\d+)", page.locator(".sub").first.inner_text())
    assert found, page.locator(".sub").first.inner_text()
    return int(found[1])


def pin_button(page: Any) -> Any:
    return page.get_by_test_id(f"pin-{FLIGHT}-{PERSON}").get_by_role("button")


def test_a_planner_pins_and_releases_an_assignment(ui: Service, watched: Any) -> None:
    page = watched.page
    log_in(page, ui, "cmsa-planner")
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}")
    before = revision_shown(page)
    assert pin_button(page).inner_text() == "Pin"
    pin_button(page).click()
    page.wait_for_url(re.compile(r".*\?edited=\d+$"))
    assert page.get_by_test_id("note").inner_text() == f"Your edit is saved as revision {before + 1}."
    assert revision_shown(page) == before + 1
    assert "pinned" in page.locator(f"#flight-{FLIGHT}").inner_text()
    pin_button(page).click()
    page.wait_for_url(re.compile(r".*\?edited=\d+$"))
    assert pin_button(page).inner_text() == "Pin" and revision_shown(page) == before + 2
    watched.assert_clean()


def test_a_stale_page_says_the_plan_changed_and_changes_nothing(ui: Service, browser: Any) -> None:
    pages = []
    for _ in range(2):
        context = browser.new_context(viewport=VIEWPORT)
        pages.append(Watched(context.new_page()))
    first, second = pages
    second.allowed_statuses.add(409)
    for w in pages:
        log_in(w.page, ui, "cmsa-planner")
        w.page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}")
    seen = revision_shown(second.page)
    pin_button(first.page).click()
    first.page.wait_for_url(re.compile(r".*\?edited=\d+$"))
    with second.page.expect_response(f"{ui.url}/ui/plans/{ui.plans['main']}/pin") as answer:
        pin_button(second.page).click()
    assert answer.value.status == 409
    problem = second.page.get_by_test_id("problem").inner_text()
    assert f"you saw revision {seen}, it is now revision {seen + 1}" in problem and "was not made" in problem
    assert revision_shown(second.page) == seen + 1  # the newer plan is shown
    assert pin_button(second.page).inner_text() == "Release"  # as the first planner left it
    for w in pages:
        w.assert_clean()
        w.page.context.close()


def test_an_edit_of_another_agencys_flight_is_refused_with_the_reason(ui: Service, watched: Any) -> None:
    watched.allowed_statuses.add(403)
    page = watched.page
    log_in(page, ui, "nasa-planner")
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}")
    before = revision_shown(page)
    pin_button(page).click()
    problem = page.get_by_test_id("problem").inner_text()
    assert "was refused" in problem and "CMSA" in problem
    assert revision_shown(page) == before
    watched.assert_clean()


def test_a_viewer_is_offered_no_edit(ui: Service, watched: Any) -> None:
    page = watched.page
    log_in(page, ui, "cmsa-viewer")
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}")
    assert page.locator("form[action$='/pin']").count() == 0
    watched.assert_clean()
