"""Small hand-built scenarios for the planner tests (fictional people, real-shaped stations and vehicles).

Station orbits are the element sets shipped with crewplan; launch days come from the orbit layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from crewplan.domain import Scenario
from crewplan.scenario import load_scenario_text

ELEMENTS = Path(__file__).resolve().parents[2] / "src" / "crewplan" / "data" / "elements"

_BASE: dict[str, Any] = {
    "id": "small",
    "name": "small planner test",
    "settings": {"horizon_start": "2022-01-01", "horizon_end": "2027-12-31", "rest_days_min": 30},
    "agencies": [
        {"id": "RSA", "name": "Roscosmos", "country": "RU"},
        {"id": "NASA", "name": "NASA", "country": "US"},
        {"id": "CMSA", "name": "CMSA", "country": "CN"},
        {"id": "PAK", "name": "SUPARCO", "country": "PK"},
        {"id": "HK", "name": "Hong Kong", "country": "HK"},
    ],
    "qualifications": [{"id": "soyuz-q", "name": "Soyuz crew"}, {"id": "dragon-q", "name": "Dragon crew"},
                       {"id": "starliner-q", "name": "Starliner crew"}],
    "vehicle_types": [
        {"id": "soyuz", "name": "Soyuz MS", "operator": "RSA", "seats": 3, "docking_standard": "SSVP",
         "docked_life_days": 210, "launch_sites": ["baikonur"], "seat_fit": {"custom_liner": True},
         "readiness": [{"site": "baikonur", "advance_days_max": 24, "source": "as the built-in scenario"}],
         "roles": [{"role": "commander", "required": True, "qualifications": ["soyuz-q"]},
                   {"role": "flight_engineer", "max_count": 2, "qualifications": ["soyuz-q"]}]},
        {"id": "dragon", "name": "Crew Dragon", "operator": "NASA", "seats": 4, "docking_standard": "IDSS",
         "docked_life_days": 210, "launch_sites": ["ksc"],
         "readiness": [{"site": "ksc", "advance_days_max": 0, "source": "as the built-in scenario"}],
         "roles": [{"role": "commander", "required": True, "qualifications": ["dragon-q"]},
                   {"role": "pilot", "qualifications": ["dragon-q"]},
                   {"role": "mission_specialist", "max_count": 2, "qualifications": ["dragon-q"]}]},
        {"id": "starliner", "name": "Starliner", "operator": "NASA", "seats": 4, "docking_standard": "IDSS",
         "docked_life_days": 210, "launch_sites": ["ksc"],
         "roles": [{"role": "commander", "required": True, "qualifications": ["starliner-q"]},
                   {"role": "pilot", "qualifications": ["starliner-q"]}]},
        {"id": "shenzhou", "name": "Shenzhou", "operator": "CMSA", "seats": 3, "docking_standard": "CDM",
         "docked_life_days": 200, "launch_sites": ["jiuquan"],
         "roles": [{"role": "commander", "required": True}, {"role": "crew", "max_count": 2},
                   {"role": "payload_specialist"}]},
    ],
    "stations": [
        {"id": "iss", "name": "ISS", "operator": "NASA",
         "segments": [{"id": "us", "name": "USOS", "operator": "NASA",
                       "modules": [{"id": "harmony", "name": "Harmony", "owner": "NASA"}]},
                      {"id": "ru", "name": "ROS", "operator": "RSA",
                       "modules": [{"id": "rassvet", "name": "Rassvet", "owner": "RSA"}]}],
         "ports": [{"id": "rassvet", "name": "Rassvet", "module": "rassvet", "standard": "SSVP"},
                   {"id": "prichal", "name": "Prichal", "module": "rassvet", "standard": "SSVP"},
                   {"id": "h-fwd", "name": "Harmony fwd", "module": "harmony", "standard": "IDSS"},
                   {"id": "h-zen", "name": "Harmony zenith", "module": "harmony", "standard": "IDSS"}],
         "capacity": {"nominal_crew": 7, "handover_crew": 11, "handover_days_max": 20},
         "orbit": {"inclination_deg": 51.6, "altitude_km": 420, "elements_file": str(ELEMENTS / "iss-25544.tle")}},
        {"id": "css", "name": "CSS", "operator": "CMSA", "standby_rescue_days": 9,
         "segments": [{"id": "core", "name": "Core", "operator": "CMSA",
                       "modules": [{"id": "tianhe", "name": "Tianhe", "owner": "CMSA"}]}],
         "ports": [{"id": "fwd", "name": "Tianhe fwd", "module": "tianhe", "standard": "CDM"},
                   {"id": "radial", "name": "Tianhe radial", "module": "tianhe", "standard": "CDM"}],
         "capacity": {"nominal_crew": 3, "handover_crew": 6, "handover_days_max": 10},
         "orbit": {"inclination_deg": 41.5, "altitude_km": 390, "elements_file": str(ELEMENTS / "css-48274.tle")}},
    ],
    "launch_sites": [
        {"id": "baikonur", "name": "Baikonur", "country": "KZ", "latitude_deg": 45.9, "longitude_deg": 63.3,
         "azimuths": [{"min_deg": 0, "max_deg": 360}]},
        {"id": "ksc", "name": "KSC", "country": "US", "latitude_deg": 28.6, "longitude_deg": -80.6,
         "azimuths": [{"min_deg": 0, "max_deg": 360}]},
        {"id": "jiuquan", "name": "Jiuquan", "country": "CN", "latitude_deg": 40.96, "longitude_deg": 100.29,
         "azimuths": [{"min_deg": 0, "max_deg": 360}]},
    ],
}


def person(pid: str, agency: str, nat: str, quals: tuple[str, ...] | None = None, **extra: Any) -> dict[str, Any]:
    """A fictional person; by default qualified for their agency's vehicle (Soyuz or Dragon)."""
    if quals is None:
        quals = {"RSA": ("soyuz-q",), "NASA": ("dragon-q",)}.get(agency, ())
    held = [{"qualification": q, "earned": "2020-01-01"} for q in quals]
    return {"id": pid, "name": f"Candidate {pid} (fictional)", "agency": agency, "nationalities": [nat],
            "fictional": True, "qualifications": held, **extra}


def scenario(astronauts: list[dict[str, Any]], flights: list[dict[str, Any]], **sections: Any) -> Scenario:
    """A scenario from the base stations and vehicles plus these people, flights and other sections."""
    data = dict(_BASE)
    settings = dict(data["settings"], **sections.pop("settings", {}))
    data.update(settings=settings, astronauts=astronauts, flights=flights, **sections)
    if "stations" in sections:
        data["stations"] = sections["stations"]
    return load_scenario_text(yaml.safe_dump(data, sort_keys=False))


def flight(fid: str, vtype: str, station: str, launch: str, *, crew: list[tuple[str, str | None]],
           status: str = "planned", stay_days: int | None = None, undocking: str | None = None,
           port: str | None = None, **extra: Any) -> dict[str, Any]:
    site = {"soyuz": "baikonur", "dragon": "ksc", "starliner": "ksc", "shenzhou": "jiuquan"}[vtype]
    out: dict[str, Any] = {"id": fid, "name": fid, "vehicle_type": vtype, "station": station, "site": site,
                           "status": status, "launch": launch,
                           "seats": [{"role": role, **({"astronaut": who} if who else {})} for role, who in crew]}
    if stay_days is not None:
        out["stay_days"] = stay_days
    if undocking is not None:
        out["undocking"] = undocking
        out["landing"] = undocking
    if port is not None:
        out["port"] = port
    out.update(extra)
    return out
