"""The manifest timeline in Chromium: every flight of the API's document is a bar in its station's port lane,
with its crew; damaged vehicles and lifeboat gaps are marked; zoom reaches one week and the whole plan again,
by keyboard and buttons; an agency that may not see the plan gets nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from api.service import Service
from web.conftest import log_in, screenshot

DAY_MS = 86_400_000


def open_timeline(page: Any, ui: Service, who: str) -> Any:
    log_in(page, ui, who)
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}/timeline")
    timeline = page.get_by_test_id("timeline")
    page.wait_for_selector("[data-testid=timeline][data-drawn=true]")
    return timeline


def span_ms(timeline: Any) -> int:
    return int(timeline.get_attribute("data-view-end-ms")) - int(timeline.get_attribute("data-view-start-ms"))


def test_every_flight_is_a_bar_in_its_port_lane_with_its_crew(ui: Service, watched: Any) -> None:
    page = watched.page
    timeline = open_timeline(page, ui, "cmsa-planner")
    with ui.client("cmsa-planner") as client:
        document = client.get(f"/plans/{ui.plans['main']}/document").json()["scenario"]
    flights = [f for f in document["flights"] if f.get("launch")]
    assert int(timeline.get_attribute("data-bars")) == len(flights)
    assert timeline.locator("g.bar").count() == len(flights)
    labels = timeline.locator("text.lane-label").all_text_contents()
    for station in document["stations"]:
        for port in station["ports"]:
            assert f"{station['id'].upper()} · {port['id']}" in labels
    sz12 = timeline.locator("g.bar[data-flight=shenzhou-12] title").text_content()
    assert "Nie Haisheng" in sz12 and "launch 2021-06-17 (168)" in sz12
    assert timeline.locator("g.bar[data-flight=soyuz-ms-22] rect.damage").count() == 1
    screenshot(page, "timeline")
    watched.assert_clean()


def test_zoom_reaches_one_week_and_the_whole_plan_again(ui: Service, watched: Any) -> None:
    page = watched.page
    timeline = open_timeline(page, ui, "nasa-planner")
    whole = span_ms(timeline)
    assert whole > 9 * 365 * DAY_MS  # the canary plan spans 2021 to 2030
    timeline.focus()
    page.keyboard.press("+")
    assert span_ms(timeline) < whole
    for _ in range(60):
        page.keyboard.press("+")
    assert span_ms(timeline) == 7 * DAY_MS
    start = int(timeline.get_attribute("data-view-start-ms"))
    page.keyboard.press("ArrowRight")
    assert int(timeline.get_attribute("data-view-start-ms")) > start
    assert span_ms(timeline) == 7 * DAY_MS
    page.get_by_role("button", name="Whole plan").click()
    assert span_ms(timeline) == whole
    page.get_by_role("button", name="Zoom in (+)").click()
    assert span_ms(timeline) < whole
    watched.assert_clean()


def test_the_timeline_data_of_a_hidden_plan_is_not_found(ui: Service, watched: Any) -> None:
    watched.allowed_statuses.add(404)
    log_in(watched.page, ui, "outsider-planner")
    answer = watched.page.request.get(f"{ui.url}/ui/plans/{ui.plans['main']}/timeline.json")
    assert answer.status == 404 and "canary" not in answer.text()
    assert httpx.get(f"{ui.url}/ui/plans/{ui.plans['main']}/timeline.json").status_code in (200, 303, 307)


def test_the_open_mct_export_is_the_plan_as_the_viewer_may_see_it(ui: Service, watched: Any) -> None:
    from crewplan.report.lanes import openmct_plan

    page = watched.page
    log_in(page, ui, "esa-planner")
    page.goto(f"{ui.url}/ui/plans/{ui.plans['main']}/timeline")
    with page.expect_download() as download:
        page.get_by_role("link", name="Open MCT plan").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    with ui.client("esa-planner") as client:
        document = client.get(f"/plans/{ui.plans['main']}/document").json()
        findings = client.get(f"/plans/{ui.plans['main']}/check").json()["findings"]
    assert exported == openmct_plan(document, findings)
    assert sum(len(g) for g in exported.values()) >= len([f for f in document["scenario"]["flights"]
                                                           if f.get("launch")])
    watched.assert_clean()
