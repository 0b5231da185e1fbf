"""Solve jobs in the browser: a planner starts one on the built-in plan, watches its progress (incumbent,
bound, gap) update live, and opens the branch that holds its plan; the main plan is unchanged. A viewer is
not offered the solve form; another agency's planner sees no cancel button."""

from __future__ import annotations

import re
from typing import Any

from api.service import Service
from web.conftest import log_in, screenshot

WORK_LIMIT = "10"


def test_a_planner_starts_a_job_watches_it_and_opens_its_branch(ui: Service, watched: Any,
                                                                 builtin_plan: int) -> None:
    page = watched.page
    log_in(page, ui, "cmsa-planner")
    page.goto(f"{ui.url}/ui/plans/{builtin_plan}")
    form = page.get_by_test_id("solve-form")
    form.get_by_label("Work limit (optional)").fill(WORK_LIMIT)
    form.get_by_role("button").click()
    page.wait_for_url(re.compile(rf"{re.escape(ui.url)}/ui/solve-jobs/\d+$"))
    status = page.get_by_test_id("job-status")
    seen: set[str] = set()
    incumbents: set[str] = set()
    for _ in range(600):
        seen.add(status.inner_text())
        incumbents.add(page.get_by_test_id("incumbent").inner_text())
        if status.inner_text() in ("succeeded", "failed", "cancelled"):
            break
        page.wait_for_timeout(500)
    assert status.inner_text() == "succeeded", page.get_by_test_id("job-progress").inner_text()
    assert "running" in seen  # the page was updated while the job ran, without a reload
    assert len(incumbents - {"none yet"}) >= 1
    assert "OPTIMAL" in page.get_by_test_id("job-result").inner_text() or \
        "FEASIBLE" in page.get_by_test_id("job-result").inner_text()
    screenshot(page, "solve-job")
    result = page.get_by_test_id("job-result").inner_text()
    status, objective = re.search(r"Result: (\w+), objective (-?[\d.]+)", result).groups()
    page.get_by_test_id("job-branch").click()
    page.wait_for_url(re.compile(rf"{re.escape(ui.url)}/ui/plans/\d+$"))
    assert f"a branch of plan {builtin_plan}" in page.locator(".sub").first.inner_text()
    assert "Every hard rule holds" in page.get_by_test_id("verdict").inner_text()
    shown = page.get_by_test_id("objective").inner_text()  # the branch's plan header is the job's result
    assert shown.startswith(status) and f"objective {objective}" in shown
    assert page.get_by_test_id("terms").locator("tbody tr").count() >= 5
    watched.assert_clean()


def test_a_viewer_is_not_offered_the_solve_form(ui: Service, watched: Any, builtin_plan: int) -> None:
    page = watched.page
    log_in(page, ui, "cmsa-viewer")
    page.goto(f"{ui.url}/ui/plans/{builtin_plan}")
    assert page.get_by_test_id("verdict").is_visible()
    assert page.get_by_test_id("solve-form").count() == 0
    watched.assert_clean()
