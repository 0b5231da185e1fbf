"""The domain model: frozen, unknown keys refused, units in names, cross-field order checks."""

import datetime as dt

import pytest
from pydantic import ValidationError

from crewplan.domain import (
    Astronaut,
    Capacity,
    Condition,
    Event,
    Flight,
    LaunchSite,
    Scenario,
    Settings,
    day_of,
    instant_of,
)


def _flight(**changes):
    data = {"id": "F1", "name": "F1", "vehicle_type": "shenzhou", "station": "CSS", "site": "JSLC",
            "launch": "2026-04-25"} | changes
    return Flight.model_validate(data)


def test_models_are_frozen():
    flight = _flight()
    with pytest.raises(ValidationError):
        flight.name = "other"


def test_unknown_key_is_refused():
    with pytest.raises(ValidationError, match="Extra inputs"):
        _flight(colour="red")


def test_dates_and_instants():
    flight = _flight(launch="2025-04-24T09:17:05Z", landing="2025-11-14")
    assert flight.launch == dt.datetime(2025, 4, 24, 9, 17, 5, tzinfo=dt.UTC)
    assert flight.launch_day == dt.date(2025, 4, 24)
    assert day_of(flight.landing) == dt.date(2025, 11, 14)
    assert instant_of(dt.date(2025, 11, 14)) == dt.datetime(2025, 11, 14, tzinfo=dt.UTC)


def test_naive_instant_is_refused():
    with pytest.raises(ValidationError, match="time zone"):
        _flight(launch="2025-04-24T09:17:05")


def test_landing_before_launch_is_refused():
    with pytest.raises(ValidationError, match="landing 2025-04-01 is before launch"):
        _flight(launch="2025-04-24", landing="2025-04-01")


def test_undocking_defaults_to_landing_then_stay():
    assert _flight(launch="2026-01-01", landing="2026-06-30").undocking_day() == dt.date(2026, 6, 30)
    assert _flight(launch="2026-01-01", stay_days=10).undocking_day() == dt.date(2026, 1, 11)
    assert _flight(launch="2026-01-01").undocking_day() is None


def test_uncrewed_flight_cannot_carry_crew():
    with pytest.raises(ValidationError, match="uncrewed"):
        _flight(uncrewed=True, seats=[{"role": "commander", "astronaut": "a"}])


def test_same_person_twice_on_a_flight_is_refused():
    with pytest.raises(ValidationError, match="more than one seat"):
        _flight(seats=[{"role": "commander", "astronaut": "a"}, {"role": "crew", "astronaut": "a"}])


def test_body_measures_only_for_fictional_people():
    base = {"id": "x", "name": "X", "agency": "NASA", "nationalities": ["US"],
            "body": {"height_cm": 180, "mass_kg": 80}}
    with pytest.raises(ValidationError, match="fictional"):
        Astronaut.model_validate(base)
    assert Astronaut.model_validate(base | {"fictional": True}).body.height_cm == 180


def test_capacity_handover_at_least_nominal():
    with pytest.raises(ValidationError, match="handover_crew 2 is below nominal_crew 3"):
        Capacity(nominal_crew=3, handover_crew=2)


def test_azimuth_ranges():
    site = LaunchSite.model_validate({
        "id": "KSC", "name": "KSC", "country": "US", "latitude_deg": 28.6, "longitude_deg": -80.6,
        "azimuths": [{"min_deg": 35, "max_deg": 120}]})
    assert site.azimuth_allowed(45.0)
    assert not site.azimuth_allowed(130.0)


def test_condition_needs_a_leaf_and_reads_not():
    with pytest.raises(ValidationError, match="empty condition"):
        Condition()
    cond = Condition.model_validate({"not": {"astronaut_agency": ["NASA"]}})
    assert cond.not_ is not None and cond.not_.astronaut_agency == ("NASA",)


def test_event_needs_its_fields():
    with pytest.raises(ValidationError, match="needs flight, slip_days"):
        Event.model_validate({"id": "e", "kind": "launch_slip", "date": "2026-01-01", "description": "x"})


def test_scenario_lookup_says_what_is_known():
    scenario = Scenario(id="s", name="S", settings=Settings(horizon_start="2026-01-01",
                                                            horizon_end="2026-12-31"))
    with pytest.raises(KeyError, match="no flight with id 'nope'"):
        scenario.flight("nope")
    assert len(list(scenario.horizon_days())) == 365


def test_model_copy_does_not_keep_a_stale_index():
    base = Scenario(id="s", name="S", settings=Settings(horizon_start="2026-01-01", horizon_end="2026-12-31"),
                    flights=(_flight(id="F1", name="old"),))
    assert base.flight("F1").name == "old"  # builds the index
    copy = base.model_copy(update={"flights": (_flight(id="F1", name="new"),)})
    assert copy.flight("F1").name == "new"
    assert base.flight("F1").name == "old"
