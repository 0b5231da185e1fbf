"""The built-in scenario's report in a real headless browser (Debian's ``chromium``).

Checks that every chart is laid out with a non-zero size and drawn marks, that the page logs nothing to
the console (no script error, no blocked load, no network attempt), and saves a screenshot to
``tests/artifacts/report.png``. Under CI (``CI=true``) a missing Chromium fails the test; elsewhere it skips
with the install command.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from crewplan.report.browser import INSTALL_HINT, find_chromium, render, screenshot

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        message = f"Chromium is not installed; the browser test needs it: {INSTALL_HINT}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _figures(dom: str) -> list[dict[str, str]]:
    out = []
    for tag in re.findall(r"<figure\b[^>]*>", dom):
        out.append(dict(re.findall(r'([\w-]+)="([^"]*)"', tag)))
    return out


def test_report_renders_in_chromium(chromium: str, builtin_report: Path):
    page = builtin_report / "report.html"
    rendered = render(page)
    assert rendered.console == [], f"the page logged: {rendered.console}"
    figures = _figures(rendered.dom)
    assert len(figures) >= 7
    measured = re.search(r'<body[^>]*data-charts-measured="(\d+)"', rendered.dom)
    assert measured, "the page's measuring script did not run"
    assert int(measured[1]) == len(figures)
    for figure in figures:
        name = figure["data-chart"]
        assert int(figure["data-rendered-width"]) > 300, name
        assert int(figure["data-rendered-height"]) > 100, name
        assert int(figure["data-rendered-marks"]) > 20, name

    png = screenshot(page, ARTIFACTS / "report.png", height_px=4000)
    from PIL import Image

    with Image.open(png) as image:
        assert image.size == (1400, 4000)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
        assert colours is not None and len(colours) > 50, "the screenshot is (nearly) blank"


def test_a_page_with_an_error_is_caught(chromium: str, tmp_path: Path):
    """The console check is real: a script error and a blocked remote load both show up."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
                   "content=\"default-src 'none'; script-src 'unsafe-inline'\"></head><body>"
                   '<img src="https://example.invalid/x.png"><script>missingFunction();</script></body></html>',
                   encoding="utf-8")
    console = render(bad).console
    assert any("missingFunction" in line for line in console), console
    assert any("Content Security Policy" in line for line in console), console
