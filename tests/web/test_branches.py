"""What-ifs in the browser: a planner branches the plan, moves a launch to another window day on the branch,
compares the branch with the plan, proposes the merge; the agencies it touches approve; it is merged. A
disruption is recorded and replanned into a branch. The audit log is an administrator's page."""

from __future__ import annotations

import re
import time
from typing import Any

from api.service import Service
from web.conftest import VIEWPORT, Watched, log_in, screenshot

FLIGHT = "shenzhou-25"
"""A planned CMSA flight of the canary plan (CMSA operates the CSS: its planners may move it)."""


def test_branch_move_a_launch_compare_propose_approve_and_merge(ui: Service, browser: Any) -> None:
    cmsa = Watched(browser.new_context(viewport=VIEWPORT).new_page())
    page = cmsa.page
    log_in(page, ui, "cmsa-planner")
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}")
    main_revision = int(re.search(r"revision (\d+)", page.locator(".sub").first.inner_text())[1])
    form = page.get_by_test_id("branch-form")
    form.get_by_label("New branch").fill("SZ-25 on another day")
    form.get_by_role("button").click()
    page.wait_for_url(re.compile(rf"{re.escape(ui.url)}/ui/plans/\d+$"))
    branch = int(page.url.rsplit("/", 1)[1])
    assert f"a branch of plan {ui.plans['main']}" in page.locator(".sub").first.inner_text()

    page.goto(f"{ui.url}/ui/plans/{branch}/flights/{FLIGHT}/windows")
    chosen = page.get_by_test_id("chosen-day").inner_text()[:10]
    windows = page.get_by_test_id("windows")
    assert windows.locator("tr[data-chosen=true]").count() >= 1  # the plan's launch day is among its windows
    screenshot(page, "windows")
    other = windows.locator("form[data-testid^=move-]").first
    day = other.get_attribute("data-testid").removeprefix("move-")
    assert day != chosen
    other.get_by_role("button").click()
    page.wait_for_url(re.compile(r".*\?edited=2#flight-.*$"))
    assert day in page.locator(f"#flight-{FLIGHT}").inner_text()

    page.goto(f"{ui.url}/ui/plans/{branch}/compare")
    change = page.get_by_test_id("changes").locator("tr", has_text=FLIGHT)
    assert chosen in change.inner_text() and day in change.inner_text()
    propose = page.get_by_test_id("propose-merge")
    propose.get_by_label("Title").fill(f"{FLIGHT} on {day}")
    propose.get_by_role("button").click()
    page.wait_for_url(re.compile(rf"{re.escape(ui.url)}/ui/merge-requests/\d+$"))
    request = page.url
    assert page.get_by_test_id("mr-status").inner_text() == "open"
    assert "approved" in page.get_by_test_id("approval-CMSA").inner_text()  # the opener's agency approved
    screenshot(page, "merge-request")

    nasa = Watched(browser.new_context(viewport=VIEWPORT).new_page())
    log_in(nasa.page, ui, "nasa-planner")
    nasa.page.goto(request)
    assert nasa.page.get_by_test_id("mr-title").is_visible()
    assert nasa.page.get_by_test_id("approve-form").count() == 0  # the change touches no NASA flight or person
    assert nasa.page.get_by_test_id("merge-form").count() == 1  # every agency it touches approved: any planner

    page.reload()
    page.get_by_test_id("merge-form").get_by_role("button").click()
    page.wait_for_url(re.compile(r".*\?done=merged$"))
    assert page.get_by_test_id("mr-status").inner_text() == "merged"
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}")
    assert f"revision {main_revision + 1}" in page.locator(".sub").first.inner_text()
    assert day in page.locator(f"#flight-{FLIGHT}").inner_text()
    for w in (cmsa, nasa):
        w.assert_clean()
        w.page.context.close()


def test_a_stale_merge_says_so_and_merges_nothing(ui: Service, browser: Any) -> None:
    """The plan moved on after the reviewer loaded the request: the merge is refused with the newer revision."""
    main = ui.plans["main"]
    with ui.client("cmsa-planner") as api:
        branch = api.post(f"/plans/{main}/branches", json={"name": "a later SZ-26"}).json()["id"]
        moved = api.post(f"/plans/{branch}/edits/launch-day", headers={"If-Match": "1"},
                         json={"flight": "shenzhou-26", "launch_day": "2027-11-02"})
        assert moved.status_code == 200, moved.text
    watched = Watched(browser.new_context(viewport=VIEWPORT).new_page())
    watched.allowed_statuses.add(409)
    page = watched.page
    log_in(page, ui, "cmsa-planner")
    page.goto(f"{ui.url}/ui/plans/{branch}/compare")
    page.get_by_test_id("propose-merge").get_by_label("Title").fill("SZ-26 later")
    page.get_by_test_id("propose-merge").get_by_role("button").click()
    page.wait_for_url(re.compile(rf"{re.escape(ui.url)}/ui/merge-requests/\d+$"))
    shown = int(page.get_by_test_id("merge-form").locator("input[name=plan_revision]").input_value())
    with ui.client("cmsa-planner") as api:  # meanwhile, another planner pins a seat of another flight
        added = api.post(f"/plans/{main}/edits/pin", headers={"If-Match": str(shown)},
                         json={"flight": "shenzhou-24", "astronaut": "cand-cn-p1", "pinned": True})
        assert added.status_code == 200, added.text
    page.get_by_test_id("merge-form").get_by_role("button").click()
    problem = page.get_by_test_id("problem").inner_text()
    assert f"you saw revision {shown}, it is now revision {shown + 1}" in problem and "was not made" in problem
    assert page.get_by_test_id("mr-status").inner_text() == "open"
    assert int(page.get_by_test_id("merge-form").locator("input[name=plan_revision]").input_value()) == shown + 1
    watched.assert_clean()
    page.context.close()


def solved(ui: Service, plan: int) -> int:
    """The branch holding a plan the solver found for ``plan`` (a job through the API, to a work limit)."""
    with ui.client("cmsa-planner") as api:
        job = api.post(f"/plans/{plan}/solve-jobs", json={"kind": "plan", "work_limit": 10}).json()
        for _ in range(1200):
            job = api.get(f"/solve-jobs/{job['id']}").json()
            if job["status"] in ("succeeded", "failed", "cancelled"):
                break
            time.sleep(0.5)
    assert job["status"] == "succeeded", job
    return int(job["result_plan_id"])


def test_a_disruption_is_recorded_and_replanned_into_a_branch(ui: Service, watched: Any,
                                                              builtin_plan: int) -> None:
    plan = solved(ui, builtin_plan)
    page = watched.page
    log_in(page, ui, "cmsa-planner")
    page.goto(f"{ui.url}/ui/plans/{plan}")
    before = page.locator(".sub").first.inner_text()
    page.get_by_test_id("event-section").locator("summary").click()
    form = page.get_by_test_id("event-form")
    form.get_by_label("What").select_option("launch_slip")
    form.get_by_label("On (UTC)").fill("2027-03-01")
    form.get_by_label("Flight").select_option(FLIGHT)
    form.get_by_label("Slip (days)").fill("20")
    form.get_by_label("Description").fill("a what-if slip of Shenzhou-25")
    form.get_by_label("Time limit (s)").fill("60")
    form.get_by_role("button", name="Record the event").click()
    page.wait_for_url(re.compile(rf"{re.escape(ui.url)}/ui/solve-jobs/\d+$"))
    assert "replan" in page.locator(".sub").first.inner_text()
    status = page.get_by_test_id("job-status")
    for _ in range(600):
        if status.inner_text() in ("succeeded", "failed", "cancelled"):
            break
        page.wait_for_timeout(500)
    assert status.inner_text() == "succeeded", page.get_by_test_id("job-progress").inner_text()
    page.get_by_test_id("job-branch").click()
    page.wait_for_url(re.compile(rf"{re.escape(ui.url)}/ui/plans/\d+$"))
    assert f"a branch of plan {plan}" in page.locator(".sub").first.inner_text()
    assert "Every hard rule holds" in page.get_by_test_id("verdict").inner_text()
    launch = page.locator(f"#flight-{FLIGHT}").inner_text()
    assert re.search(r"2027-(03-(2[1-9]|3\d)|0[4-9]-\d\d)", launch), launch  # not before the slip's end
    page.goto(f"{ui.url}/ui/plans/{plan}")  # the plan keeps the event (a new revision), not the replan
    assert page.locator(".sub").first.inner_text() != before
    watched.assert_clean()


def test_a_refused_event_keeps_what_was_typed(ui: Service, watched: Any) -> None:
    watched.allowed_statuses.add(422)
    page = watched.page
    log_in(page, ui, "cmsa-planner")
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}")
    page.get_by_test_id("event-section").locator("summary").click()
    form = page.get_by_test_id("event-form")
    form.get_by_label("What").select_option("astronaut_grounded")  # needs an astronaut: none is chosen
    form.get_by_label("On (UTC)").fill("2027-01-10")
    form.get_by_label("Description").fill("kept text 7731")
    form.get_by_role("button", name="Record the event").click()
    assert "was refused" in page.get_by_test_id("problem").inner_text()
    assert page.get_by_test_id("event-form").get_by_label("Description").input_value() == "kept text 7731"
    watched.assert_clean()


def test_the_audit_log_is_an_administrators_page(ui: Service, browser: Any) -> None:
    admin = Watched(browser.new_context(viewport=VIEWPORT).new_page())
    log_in(admin.page, ui, "nasa-admin")
    admin.page.get_by_role("link", name="Audit log").click()
    admin.page.wait_for_url(f"{ui.url}/ui/audit")
    assert "intact" in admin.page.get_by_test_id("audit-verdict").inner_text()
    assert admin.page.get_by_test_id("audit").locator("tbody tr").count() >= 1
    screenshot(admin.page, "audit")
    planner = Watched(browser.new_context(viewport=VIEWPORT).new_page())
    planner.allowed_statuses.add(403)
    log_in(planner.page, ui, "cmsa-planner")
    assert planner.page.get_by_role("link", name="Audit log").count() == 0
    answer = planner.page.goto(f"{ui.url}/ui/audit")
    assert answer is not None and answer.status == 403
    assert "manage_users" in planner.page.get_by_test_id("refused").inner_text() or \
        "may not" in planner.page.get_by_test_id("refused").inner_text()
    for w in (admin, planner):
        w.assert_clean()
        w.page.context.close()
