"""Which vehicle type flies from a launch site to a station (for windows asked without a vehicle)."""

from __future__ import annotations

from crewplan.domain import Scenario
from crewplan.domain.places import LaunchSite, Station
from crewplan.domain.vehicles import VehicleType
from crewplan.errors import UsageError


def default_vehicle(scenario: Scenario, station: Station, site: LaunchSite) -> VehicleType:
    """The vehicle type that flies from ``site`` to ``station``: the one most flown there in the scenario,
    else the only type listing the site among its launch sites."""
    flown: dict[str, int] = {}
    for flight in scenario.flights:
        if flight.station == station.id and flight.site == site.id:
            flown[flight.vehicle_type] = flown.get(flight.vehicle_type, 0) + 1
    if flown:
        return scenario.vehicle_type(max(sorted(flown), key=lambda k: flown[k]))
    candidates = [vt for vt in scenario.vehicle_types if site.id in vt.launch_sites]
    if len(candidates) == 1:
        return candidates[0]
    known = ", ".join(vt.id for vt in candidates) or "none"
    raise UsageError(f"cannot tell which vehicle type flies from {site.id} to {station.id} (candidates: "
                     f"{known}); give --vehicle TYPE")
