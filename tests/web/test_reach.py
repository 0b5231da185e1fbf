"""The UI as people reach it: by keyboard alone, at 1280x800 and on a 1920-wide screen, behind a TLS reverse
proxy, and the API's own documentation page, all from the package (nothing loaded from elsewhere)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from api.service import Service, password_of
from web.conftest import Watched, log_in, screenshot


def test_a_planner_logs_in_and_pins_a_seat_by_keyboard_alone(ui: Service, watched: Any) -> None:
    page = watched.page
    page.goto(f"{ui.url}/ui/login")
    assert page.evaluate("document.activeElement.name") == "username"  # the log-in form has the focus
    page.keyboard.type("cmsa-planner")
    page.keyboard.press("Tab")
    page.keyboard.type(password_of("cmsa-planner"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{ui.url}/ui/plans")
    page.keyboard.press("Tab")  # on every other page the skip link comes first
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    for _ in range(40):  # Tab through the page to the plan's link, and follow it
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "canary":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"{ui.url}/ui/plans/{ui.plans['main']}")
    pin = page.get_by_test_id("pin-shenzhou-24-cand-cn-p1").get_by_role("button")
    pin.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*\?edited=\d+$"))
    assert "pinned" in page.locator("#flight-shenzhou-24").inner_text()
    watched.assert_clean()


@pytest.mark.parametrize("width,height", [(1280, 800), (1920, 1080)])
def test_every_page_fits_the_screen_width(ui: Service, browser: Any, width: int, height: int) -> None:
    watched = Watched(browser.new_context(viewport={"width": width, "height": height}).new_page())
    page = watched.page
    log_in(page, ui, "nasa-planner")
    main = ui.plans["main"]
    for path in (f"/ui/plans/{main}", f"/ui/plans/{main}/timeline", f"/ui/plans/{main}/occupancy",
                 f"/ui/plans/{main}/proposals", f"/ui/plans/{main}/astronauts/cand-us-1",
                 f"/ui/plans/{main}/flights/crew-13/windows", "/ui/merge-requests/1", "/ui/plans"):
        page.goto(f"{ui.url}{path}")
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, width, overflow)
    if width == 1920:
        page.goto(f"{ui.url}/ui/plans/{main}")
        screenshot(page, "overview-1920")
    watched.assert_clean()
    page.context.close()


def test_behind_a_tls_proxy_cookies_are_secure_and_the_public_origin_is_accepted(ui: Service) -> None:
    """The test is the proxy: it connects from loopback (trusted by default) and forwards as nginx would."""
    proxied = {"Host": "plans.example.org", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    with httpx.Client(base_url=ui.url, headers=proxied) as client:
        form = client.get("/ui/login")
        assert "secure" in form.headers["set-cookie"].lower()
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', form.text)[1]
        nonce = form.cookies.get("crewplan_login") or re.search(r"crewplan_login=([^;]+)",
                                                                 form.headers["set-cookie"])[1]
        logged = client.post("/ui/login", headers={"Origin": "https://plans.example.org",
                                                   "Cookie": f"crewplan_login={nonce}"},
                             data={"username": "esa-planner", "password": password_of("esa-planner"),
                                   "csrf": csrf, "next": "/ui/plans"})
        assert logged.status_code == 303, logged.text
        assert "secure" in logged.headers["set-cookie"].lower()
        elsewhere = client.post("/ui/login", headers={"Origin": "https://evil.example.net",
                                                      "Cookie": f"crewplan_login={nonce}"},
                                data={"username": "esa-planner", "password": password_of("esa-planner"),
                                      "csrf": csrf})
        assert elsewhere.status_code == 403


def test_the_api_documentation_loads_from_the_package_only(ui: Service, watched: Any) -> None:
    page = watched.page
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    answer = page.goto(f"{ui.url}/docs")
    assert answer is not None and "default-src 'none'" in answer.headers["content-security-policy"]
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 30  # every operation of the API is listed
    assert [u for u in asked if not u.startswith(ui.url) and not u.startswith("data:")] == []
    assert httpx.get(f"{ui.url}/redoc").status_code == 404
    watched.assert_clean()
