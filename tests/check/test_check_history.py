"""Checking the built-in scenario's flown flights (2021-2025) finds exactly the real incidents.

Every expected finding below is a fact of the record, named with its source (the sources are the ones the
built-in scenario's YAML files cite). Anything else the checker reports would be a modelling gap: a bug.
"""

from __future__ import annotations

import datetime as dt

import pytest

from crewplan.check import FAMILIES, CheckReport, check_scenario
from crewplan.domain import FlightStatus
from crewplan.scenario import load_scenario

D = dt.date.fromisoformat
HISTORY = (D("2021-01-01"), D("2025-12-31"))


@pytest.fixture(scope="module")
def report() -> CheckReport:
    scenario = load_scenario(None)
    flown = tuple(f for f in scenario.flights if f.status is FlightStatus.FLOWN)
    history = scenario.model_copy(update={"flights": flown})
    return check_scenario(history, horizon=HISTORY)


# (rule, first day, last day, people, waived, source)
LIFEBOAT_INCIDENTS = [
    # Soyuz MS-22 coolant leak (14 Dec 2022) until the uncrewed MS-23 docked (26 Feb 2023).
    ("lifeboat", "2022-12-14", "2023-02-25", {"sergey-prokopyev", "dmitry-petelin", "frank-rubio"}, True,
     "https://www.aiaa.org/news/news/2023/01/12/russia-to-launch-another-soyuz-craft-to-rescue-iss-crew"),
    # Starliner CFT: from NASA's decision on an uncrewed return (24 Aug 2024) until Crew-9 arrived.
    ("lifeboat", "2024-08-24", "2024-09-27", {"barry-wilmore", "sunita-williams"}, True,
     "https://owiki.org/wiki/Starliner_Crewed_Flight_Test"),
    # Shenzhou-20 window cracks (5 Nov 2025): the SZ-20 crew's own ship was unfit until they left in SZ-21.
    ("lifeboat", "2025-11-05", "2025-11-14", {"chen-dong", "chen-zhongrui", "wang-jie"}, True,
     "https://newspaceeconomy.ca/2025/11/14/shenzhou-20-crew-returns-safely-after-space-debris-incident"),
    # The SZ-21 crew without a ship after SZ-21 left with the SZ-20 crew, until SZ-22 docked (25 Nov 2025).
    ("lifeboat", "2025-11-15", "2025-11-24", {"zhang-lu", "wu-fei", "zhang-hongzhang"}, True,
     "https://installsat.tv/en/stattia/shenzhou-22-arrives-at-tiangong-after-emergency-launch"),
]

OTHER_REAL_FINDINGS = [
    # No standby Shenzhou on the ground after SZ-22 flew as the emergency lifeboat: the next rocket
    # (LM-2F Y23) became the rolling backup only in January 2026.
    ("rescue.standby", "2025-11-25", "2025-12-31", None, False,
     "http://www.ecns.cn/news/2026-01-19/detail-iheywhna5928187.shtml"),
    # The Starliner crew stayed aboard: nine people (more than the nominal seven) from June to October 2024.
    ("station.capacity", "2024-06-30", "2024-10-25", None, False,
     "https://owiki.org/wiki/Starliner_Crewed_Flight_Test"),
    # Twelve aboard the ISS while MS-25 and MS-26 overlapped (Crew-8 4 + Wilmore, Williams + 3 + 3), above
    # the scenario's handover limit of 11 (facts: "up to 10-11 during handovers").
    ("station.capacity", "2024-09-11", "2024-09-23", None, False,
     "https://friendlywiki.com/article/index.php?title=Soyuz_MS-25 ; https://www.nasaspaceflight.com/2024/09/soyuz-ms26/"),
    # Six aboard Tiangong for 15 days: the SZ-20 crew's return was postponed by the window damage.
    ("station.capacity", "2025-11-10", "2025-11-14", None, False,
     "https://newspaceeconomy.ca/2025/11/14/shenzhou-20-crew-returns-safely-after-space-debris-incident"),
]


def _key(rule: str, first: str, last: str) -> tuple[str, dt.date, dt.date]:
    return (rule, D(first), D(last))


def test_finds_exactly_the_real_incidents(report: CheckReport) -> None:
    found = sorted((v.rule, v.first_day, v.last_day) for v in report.violations)
    expected = sorted(_key(r, a, b) for r, a, b, *_ in LIFEBOAT_INCIDENTS + OTHER_REAL_FINDINGS)
    assert found == expected, "\n".join(v.message for v in report.violations)


@pytest.mark.parametrize("incident", LIFEBOAT_INCIDENTS, ids=lambda i: f"{i[1]}")
def test_lifeboat_incident_people_and_waiver(report: CheckReport, incident: tuple) -> None:  # type: ignore[type-arg]
    rule, first, last, people, waived, _source = incident
    match = [v for v in report.violations if (v.rule, v.first_day, v.last_day) == _key(rule, first, last)]
    assert len(match) == 1
    assert set(match[0].entities.astronauts) == people
    assert match[0].waived is waived and match[0].waiver is not None


def test_real_mitigations_are_reported_as_waived(report: CheckReport) -> None:
    """The scenario records the real mitigations (Rubio's seat in Crew-5, the Crew-8 emergency
    configuration, the SZ-20 crew's extended handover ...) as waivers: reported, not hidden."""
    waivers = {v.waiver for v in report.waived}
    assert {"waive-ms22-lifeboat", "waive-cft-lifeboat", "waive-sz21-lifeboat"} <= waivers
    assert all(v.rule in ("lifeboat", "station.capacity") for v in report.waived)
    # The standby gap after SZ-22 flew is a plain fact with no recorded mitigation.
    assert [(v.rule, v.first_day) for v in report.hard] == [("rescue.standby", D("2025-11-25"))]


def test_no_hard_finding_comes_from_missing_real_data(report: CheckReport) -> None:
    """Real people have no body or qualification data: those gaps are warnings, never violations."""
    assert {w.severity.value for w in report.warnings} == {"warning"}
    assert any(w.rule == "seat.fit" for w in report.warnings)
    assert not any(v.rule in ("seat.fit", "qualification") for v in report.violations)


def test_every_rule_family_ran(report: CheckReport) -> None:
    assert report.skipped == ()


def test_full_builtin_scenario_checks_without_error() -> None:
    report = check_scenario(load_scenario(None), families=[f for f in FAMILIES if f != "window"])
    assert report.summary()["scenario"] == "tiangong-iss"
