"""The web UI in a real headless Chromium against a live ``crewplan serve``: three agencies' planners (CMSA,
the station operator; NASA; ESA) log in and see the plan through their own visibility (hidden values absent
from the DOM, shown as "not shared" or "export-controlled"); CSRF, cross-site posts and HTML in names are
refused or shown as text; any console error or failed request fails a test."""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.canary import canary_scenario
from api.service import SEEDER, Service, password_of
from api.test_leaks import may_see
from crewplan.storage import open_database, repository
from servers import free_port
from web.conftest import log_in, screenshot

PLANNERS = ("cmsa-planner", "nasa-planner", "esa-planner")
HOSTILE = '<script>window.pwned = 1</script><img src="x" onerror="window.pwned = 2">'


@pytest.mark.parametrize("who", PLANNERS)
def test_a_planner_logs_in_and_sees_the_plan_as_the_policy_says(ui: Service, watched: Any, who: str) -> None:
    page = watched.page
    log_in(page, ui, who)
    principal = ui.principals[who]
    assert page.get_by_test_id("who").inner_text().startswith(f"{who} · {principal['agency']}")
    listed = page.get_by_test_id("plans")
    assert listed.get_by_role("link", name="canary", exact=True).is_visible()
    assert listed.get_by_role("link", name="canary what-if").is_visible()
    if who == "cmsa-planner":
        screenshot(page, "plans")
    listed.get_by_role("link", name="canary", exact=True).click()
    page.wait_for_url(f"{ui.url}/ui/plans/{ui.plans['main']}")
    assert page.get_by_test_id("plan-name").inner_text() == "canary"
    assert "hard rule" in page.get_by_test_id("verdict").inner_text()
    assert page.get_by_test_id("flights").locator("tbody tr").count() > 50
    dom = page.content()
    leaked = [c.text for c in ui.canaries if not may_see(principal, c) and c.text in dom]
    assert leaked == []
    experiments = page.get_by_test_id("experiments").inner_text()
    if "CN" in principal["nationalities"]:
        assert "export-controlled" in experiments and "CANARY-EXPERIMENT" not in dom
    else:
        assert "CANARY-EXPERIMENT-" in experiments  # what it may see is there: the scan above can fail
    hidden = page.get_by_test_id("hidden").inner_text()
    assert "not shared with your agency" in hidden
    if who == "cmsa-planner":
        screenshot(page, "overview")
    watched.assert_clean()


def test_a_wrong_password_says_why_and_keeps_the_user_name(ui: Service, watched: Any) -> None:
    watched.allowed_statuses.add(401)
    page = watched.page
    page.goto(f"{ui.url}/ui/login")
    page.get_by_label("User name").fill("esa-planner")
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Log in").click()
    assert "wrong user name or password" in page.get_by_test_id("message").inner_text()
    assert page.get_by_label("User name").input_value() == "esa-planner"
    watched.assert_clean()


def test_a_page_without_a_session_asks_to_log_in_and_comes_back(ui: Service, watched: Any) -> None:
    page = watched.page
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}")
    assert page.url.startswith(f"{ui.url}/ui/login")
    page.get_by_label("User name").fill("nasa-planner")
    page.get_by_label("Password").fill(password_of("nasa-planner"))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{ui.url}/ui/plans/{ui.plans['main']}")
    watched.assert_clean()


def test_a_plan_the_agency_may_not_see_is_not_found(ui: Service, watched: Any) -> None:
    watched.allowed_statuses.add(404)
    page = watched.page
    log_in(page, ui, "outsider-planner")
    assert page.get_by_test_id("plans").count() == 0
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}")
    assert "or none that your agency may see" in page.get_by_test_id("missing").inner_text()
    assert "canary" not in page.content()
    watched.assert_clean()


def test_the_session_cookie_is_http_only_and_same_site_strict(ui: Service, watched: Any) -> None:
    log_in(watched.page, ui, "esa-planner")
    cookies = {c["name"]: c for c in watched.page.context.cookies()}
    session = cookies["crewplan_session"]
    assert session["httpOnly"] and session["sameSite"] == "Strict"
    assert watched.page.evaluate("document.cookie") == ""  # scripts cannot read it


def test_every_page_and_file_sends_a_policy_that_blocks_outside_loads(ui: Service) -> None:
    for path in ("/ui/login", "/ui/static/crewplan.css", "/ui/static/vendor/htmx-2.0.11.min.js", "/"):
        answer = httpx.get(f"{ui.url}{path}")
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe" not in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in httpx.get(f"{ui.url}/health").headers  # the API is left alone


def test_a_post_without_the_csrf_token_is_refused(ui: Service, watched: Any) -> None:
    page = watched.page
    log_in(page, ui, "cmsa-planner")
    refused = page.request.post(f"{ui.url}/ui/logout", form={"csrf": ""})
    assert refused.status == 403 and "security token" in refused.text()
    forged = page.request.post(f"{ui.url}/ui/logout", form={"csrf": "0" * 64})
    assert forged.status == 403
    page.goto(f"{ui.url}/ui/plans")  # still logged in: the refused requests did nothing
    assert page.url == f"{ui.url}/ui/plans"
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{ui.url}/ui/login?message=logged-out")
    assert page.get_by_test_id("message").inner_text() == "logged out"
    watched.assert_clean()


@contextlib.contextmanager
def another_site(target: str) -> Iterator[str]:
    """A page on another loopback port whose form posts itself to ``target`` (with a made-up token)."""
    body = (f'<!doctype html><form id="f" method="post" action="{target}">'
            '<input name="csrf" value="guessed"></form><script>document.getElementById("f").submit()</script>')

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_cross_site_form_post_is_refused(ui: Service, watched: Any) -> None:
    watched.allowed_statuses.add(403)
    page = watched.page
    log_in(page, ui, "nasa-planner")
    with another_site(f"{ui.url}/ui/logout") as evil:
        with page.expect_response(f"{ui.url}/ui/logout") as posted:
            page.goto(evil)
        assert posted.value.status == 403
    assert "another site" in page.get_by_test_id("refused").inner_text()
    page.goto(f"{ui.url}/ui/plans")
    assert page.url == f"{ui.url}/ui/plans"  # the session was not ended by the other site
    watched.assert_clean()


@pytest.fixture(scope="module")
def hostile_plan(ui: Service) -> int:
    scenario, _ = canary_scenario()
    scenario = scenario.model_copy(update={"name": f"Scenario {HOSTILE}"})
    db = open_database(ui.database_url)
    try:
        with db.transaction() as session:
            plan = repository.create_plan(session, scenario, SEEDER, f"Plan {HOSTILE}")
            return plan.id
    finally:
        db.dispose()


def test_names_holding_html_and_script_show_as_text(ui: Service, watched: Any, hostile_plan: int) -> None:
    page = watched.page
    log_in(page, ui, "esa-planner")
    link = page.get_by_test_id("plans").get_by_role("link", name=f"Plan {HOSTILE}")
    assert link.inner_text() == f"Plan {HOSTILE}"
    link.click()
    page.wait_for_url(f"{ui.url}/ui/plans/{hostile_plan}")
    assert page.get_by_test_id("plan-name").inner_text() == f"Plan {HOSTILE}"
    assert f"Scenario {HOSTILE}" in page.locator(".sub").first.inner_text()
    assert page.evaluate("window.pwned") is None
    assert page.locator("main script, main img").count() == 0
    watched.assert_clean()


def test_dates_show_the_day_of_the_year(ui: Service, watched: Any) -> None:
    page = watched.page
    log_in(page, ui, "cmsa-planner")
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}")
    row = page.locator("#flight-shenzhou-25").inner_text()
    launch = dt.date(2027, 4, 7)
    assert f"{launch:%Y-%m-%d} ({launch:%j})" in row
    watched.assert_clean()


def test_the_log_in_page_shows_only_its_own_notes(ui: Service, watched: Any) -> None:
    page = watched.page
    page.goto(f"{ui.url}/ui/login?message=call%20this%20number")
    assert page.get_by_test_id("message").count() == 0
    page.goto(f"{ui.url}/ui/login?message=session-ended")
    assert page.get_by_test_id("message").inner_text() == "your session ended: log in again"
    watched.assert_clean()


def test_a_live_part_of_a_page_sends_the_whole_page_to_log_in(ui: Service) -> None:
    answer = httpx.get(f"{ui.url}/ui/solve-jobs/1/progress", headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert answer.headers["HX-Redirect"] == "/ui/login?next=/ui/solve-jobs/1"
    plain = httpx.get(f"{ui.url}/ui/plans")
    assert plain.status_code == 303 and plain.headers["location"] == "/ui/login?next=/ui/plans"
    assert "set-cookie" not in plain.headers  # no session was sent, so none is removed


def test_bad_addresses_get_a_page_that_says_why(ui: Service, watched: Any) -> None:
    watched.allowed_statuses.update({404, 422})
    page = watched.page
    log_in(page, ui, "esa-planner")
    page.goto(f"{ui.url}/ui/plans/0")
    assert page.locator("h1").inner_text() == "Not valid"
    assert "plan_id" in page.get_by_test_id("refused").inner_text()
    page.goto(f"{ui.url}/ui/nowhere")
    assert page.locator("h1").inner_text() == "Not found"
    watched.assert_clean()
