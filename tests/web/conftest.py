"""A live ``crewplan serve`` over the canary scenario (SQLite; the pages are the same over PostgreSQL, whose
API the API tests cover) and a real headless Chromium (Debian's, driven by Playwright; no browser download)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from api.service import Service, launch, password_of
from crewplan.report.browser import INSTALL_HINT, find_chromium

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
RESOURCE_STATUS = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing on CI: {INSTALL_HINT}")
        pytest.skip(f"Chromium is not installed: {INSTALL_HINT}")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    folder = tmp_path_factory.mktemp("web")
    running = launch(f"sqlite:///{folder / 'crewplan.db'}", folder)
    yield running
    running.stop()


@dataclass
class Watched:
    """A page whose console errors, page errors and failed requests are collected (each fails a test)."""

    page: Any
    problems: list[str] = field(default_factory=list)
    allowed_statuses: set[int] = field(default_factory=set)

    def console(self, kind: str, text: str) -> None:
        """A console error, unless it is Chromium's note of a response status the test expects."""
        expected = RESOURCE_STATUS.match(text)
        if kind == "error" and not (expected and int(expected[1]) in self.allowed_statuses):
            self.problems.append(f"console {kind}: {text}")

    def assert_clean(self) -> None:
        assert self.problems == [], self.problems


@pytest.fixture
def watched(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) and a page in it, watched."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    out = Watched(page)
    page.on("console", lambda m: out.console(m.type, m.text))
    page.on("pageerror", lambda e: out.problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: out.problems.append(f"request failed: {r.url} {r.failure}"))
    page.on("response", lambda r: out.problems.append(f"{r.status} for {r.url}")
            if r.status >= 400 and r.status not in out.allowed_statuses else None)
    yield out
    context.close()


def log_in(page: Any, service: Service, name: str) -> None:
    page.goto(f"{service.url}/ui/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password_of(name))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{service.url}/ui/plans")


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


@pytest.fixture(scope="module")
def builtin_plan(ui: Service) -> int:
    """The built-in scenario as a plan of the UI's database (the canary plan breaks hard rules on purpose, so
    a solve of it is proven infeasible; this one is solved)."""
    from api.service import SEEDER
    from crewplan.scenario import load_scenario
    from crewplan.storage import open_database, repository

    db = open_database(ui.database_url)
    try:
        with db.transaction() as session:
            return repository.create_plan(session, load_scenario(), SEEDER, "built-in").id
    finally:
        db.dispose()
