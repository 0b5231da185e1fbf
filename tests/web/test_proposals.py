"""Proposals in the browser: ESA's planner proposes one of ESA's astronauts for a flight to the CSS; CMSA's
planner (the station's operator) accepts it with a reason; ESA sees the decision; NASA sees neither the
proposal nor any other agency's proposal notes (the canaries); a stale page keeps what was typed."""

from __future__ import annotations

import re
from typing import Any

from api.service import Service
from api.test_leaks import may_see
from web.conftest import VIEWPORT, Watched, log_in, screenshot

PERSON = "marcus-wandt"
NOTE = "Wandt for a short CSS visit; ESA covers the training"


def proposals(page: Any, ui: Service) -> None:
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}/proposals")


def test_a_proposal_is_submitted_decided_and_seen_by_the_two_parties_only(ui: Service, browser: Any) -> None:
    watched = {name: Watched(browser.new_context(viewport=VIEWPORT).new_page())
               for name in ("esa-planner", "cmsa-planner", "nasa-planner")}
    for name, w in watched.items():
        log_in(w.page, ui, name)
    esa, cmsa, nasa = (w.page for w in watched.values())
    proposals(esa, ui)
    form = esa.get_by_test_id("propose-form")
    form.get_by_label("Astronaut (for a flight)").select_option(PERSON)
    form.get_by_label("Station").select_option("css")
    form.get_by_label("Earliest").fill("2027-03-01")
    form.get_by_label("Latest").fill("2027-12-31")
    form.get_by_label("Note").fill(NOTE)
    form.get_by_role("button", name="Submit the proposal").click()
    esa.wait_for_url(re.compile(r".*\?done=submitted$"))
    row = esa.locator("tr", has_text=NOTE)
    proposal_id = row.get_attribute("id").removeprefix("proposal-")
    assert esa.get_by_test_id(f"status-{proposal_id}").inner_text() == "proposed"
    assert esa.get_by_test_id(f"decide-{proposal_id}").count() == 0  # ESA does not decide its own

    proposals(cmsa, ui)
    decide = cmsa.get_by_test_id(f"decide-{proposal_id}")
    decide.get_by_label("Reason").fill("A seat on Shenzhou-25 fits; training from March")
    screenshot(cmsa, "proposals")
    decide.get_by_role("button", name="Accept").click()
    cmsa.wait_for_url(re.compile(r".*\?done=decided$"))
    assert cmsa.get_by_test_id(f"status-{proposal_id}").inner_text() == "accepted"

    proposals(esa, ui)
    assert esa.get_by_test_id(f"status-{proposal_id}").inner_text() == "accepted"
    assert "training from March" in esa.locator(f"#proposal-{proposal_id}").inner_text()

    proposals(nasa, ui)
    dom = nasa.content()
    assert proposal_id not in dom and NOTE not in dom
    for name, w in watched.items():
        leaked = [c.text for c in ui.canaries if not may_see(ui.principals[name], c) and c.text in w.page.content()]
        assert leaked == [], name
        w.assert_clean()
        w.page.context.close()


def test_a_stale_proposal_keeps_what_was_typed(ui: Service, browser: Any) -> None:
    esa = Watched(browser.new_context(viewport=VIEWPORT).new_page())
    cmsa = Watched(browser.new_context(viewport=VIEWPORT).new_page())
    esa.allowed_statuses.add(409)
    log_in(esa.page, ui, "esa-planner")
    log_in(cmsa.page, ui, "cmsa-planner")
    proposals(esa.page, ui)
    form = esa.page.get_by_test_id("propose-form")
    form.get_by_label("Astronaut (for a flight)").select_option(PERSON)
    form.get_by_label("Note").fill("typed while CMSA edited")
    cmsa.page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}")
    cmsa.page.get_by_test_id("pin-shenzhou-24-cand-cn-p1").get_by_role("button").click()
    cmsa.page.wait_for_url(re.compile(r".*\?edited=\d+$"))
    form.get_by_role("button", name="Submit the proposal").click()
    assert "changed meanwhile" in esa.page.get_by_test_id("problem").inner_text()
    again = esa.page.get_by_test_id("propose-form")
    assert again.get_by_label("Note").input_value() == "typed while CMSA edited"
    assert again.get_by_label("Astronaut (for a flight)").input_value() == PERSON
    for w in (esa, cmsa):
        w.assert_clean()
        w.page.context.close()
