"""A small hand-built manifest that holds every hard rule, and the seeded faults that each break one.

Two stations (a CSS-like ``css`` with standby rescue, an ISS-like ``iss`` with an export-controlled US
segment), three vehicle types, fictional people with body measures and qualifications, 2030-2031.
``FAULTS`` maps a fault name to (mutation, expected rule id, expected first day, expected last day).
``python tests/check/check_mini.py`` rewrites the YAML corpus in ``tests/check/faults/`` from these.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crewplan.domain import Scenario

Data = dict[str, Any]
FAULT_DIR = Path(__file__).parent / "faults"


def _person(pid: str, agency: str, nat: str, quals: list[str], *, category: str = "professional",
            height_cm: float = 172.0, expires: str | None = None) -> Data:
    held = []
    for q in quals:
        record: Data = {"qualification": q, "earned": "2028-01-01"}
        if expires:
            record["expires"] = expires
        held.append(record)
    return {"id": pid, "name": f"{pid.upper()} (fictional)", "agency": agency, "nationalities": [nat],
            "category": category, "body": {"height_cm": height_cm, "sitting_height_cm": 88.0, "mass_kg": 70.0},
            "qualifications": held, "fictional": True}


# Real element sets (epoch 2026-08-08) from the shipped files; the mini scenario does not check windows.
CSS_TLE = {"name": "CSS",
           "line1": "1 48274U 21035A   26220.11751067  .00010226  00000-0  13227-3 0  9995",
           "line2": "2 48274  41.4698   6.7561 0001066 264.8842  95.1875 15.58886836301277"}
ISS_TLE = {"name": "ISS",
           "line1": "1 25544U 98067A   26220.18240180  .00005236  00000-0  10178-3 0  9992",
           "line2": "2 25544  51.6324  42.7701 0007350  24.6056 335.5282 15.49383195579818"}

SZ = ["sz-crew", "sz-cmdr"]
DRAGON = ["dragon-crew", "dragon-cmdr"]
SOYUZ = ["soyuz-crew", "soyuz-cmdr"]


def _crew(*pairs: tuple[str, str]) -> list[Data]:
    return [{"role": role, "astronaut": who} for role, who in pairs]


def base() -> Data:
    """The clean manifest: no hard violation, no warning but the skipped launch-window rule."""
    return {
        "id": "mini",
        "name": "Mini two-station manifest (tests)",
        "settings": {"horizon_start": "2030-01-01", "horizon_end": "2031-12-31", "rest_days_min": 60},
        "agencies": [
            {"id": "CMSA", "name": "CMSA", "country": "CN"},
            {"id": "NASA", "name": "NASA", "country": "US"},
            {"id": "ROSCOSMOS", "name": "Roscosmos", "country": "RU"},
            {"id": "ESA", "name": "ESA", "kind": "intergovernmental", "member_states": ["DE", "FR", "IT"]},
            {"id": "SUPARCO", "name": "SUPARCO", "country": "PK"},
            {"id": "AXIOM", "name": "Axiom", "kind": "commercial", "country": "US"},
        ],
        "astronauts": [
            *[_person(f"c{i}", "CMSA", "CN", SZ) for i in range(1, 9)],
            _person("c9", "CMSA", "CN", SOYUZ),
            *[_person(f"n{i}", "NASA", "US", DRAGON) for i in range(1, 9)],
            _person("e1", "ESA", "DE", DRAGON),
            _person("e2", "ESA", "IT", ["sz-crew"]),
            _person("e3", "ESA", "FR", DRAGON),
            _person("r1", "ROSCOSMOS", "RU", SOYUZ),
            _person("r2", "ROSCOSMOS", "RU", SOYUZ),
            _person("p1", "SUPARCO", "PK", ["sz-crew"], category="payload_specialist"),
            _person("p2", "SUPARCO", "PK", [], category="payload_specialist"),
            _person("x1", "AXIOM", "US", ["dragon-crew"], category="spaceflight_participant"),
        ],
        "qualifications": [
            {"id": "basic", "name": "Basic astronaut training"},
            {"id": "sz-crew", "name": "Shenzhou crew", "validity_months": 60, "vehicle_type": "shenzhou"},
            {"id": "sz-cmdr", "name": "Shenzhou commander", "vehicle_type": "shenzhou"},
            {"id": "dragon-crew", "name": "Dragon crew"},
            {"id": "dragon-cmdr", "name": "Dragon commander"},
            {"id": "soyuz-crew", "name": "Soyuz crew"},
            {"id": "soyuz-cmdr", "name": "Soyuz commander"},
        ],
        "facilities": [{"id": "acc", "name": "Astronaut Center of China", "agency": "CMSA", "location": "Beijing"}],
        "courses": [
            {"id": "basic-training", "name": "Basic training", "provider": "CMSA", "facility": "acc",
             "duration_weeks": 26, "grants": ["basic"],
             "sessions": [{"start": d} for d in ("2029-01-07", "2029-07-02", "2030-01-07", "2030-07-01")]},
            {"id": "sz-crew-course", "name": "Shenzhou crew course", "provider": "CMSA", "facility": "acc",
             "duration_weeks": 16, "prerequisites": ["basic"], "grants": ["sz-crew"],
             "sessions": [{"start": d, "capacity": 3} for d in
                          ("2029-03-05", "2029-09-03", "2030-03-04", "2030-09-02", "2031-03-03")]},
            {"id": "sz-cmdr-course", "name": "Shenzhou commander course", "provider": "CMSA",
             "duration_weeks": 8, "prerequisites": ["sz-crew"], "grants": ["sz-cmdr"],
             "sessions": [{"start": d} for d in ("2030-02-04", "2030-10-05", "2031-04-05")]},
            {"id": "dragon-course", "name": "Dragon crew course", "provider": "NASA", "duration_weeks": 20,
             "grants": ["dragon-crew"]},
        ],
        "vehicle_types": [
            {"id": "shenzhou", "name": "Shenzhou", "operator": "CMSA", "seats": 3,
             "roles": [
                 {"role": "commander", "required": True, "qualifications": ["sz-cmdr", "sz-crew"],
                  "categories": ["professional"]},
                 {"role": "flight_engineer", "max_count": 2, "qualifications": ["sz-crew"]},
                 {"role": "payload_specialist", "qualifications": ["sz-crew"],
                  "categories": ["payload_specialist", "professional"]},
             ],
             "docking_standard": "cdm", "docked_life_days": 200,
             "seat_fit": {"height_cm_min": 155, "height_cm_max": 190, "mass_kg_min": 50, "mass_kg_max": 95,
                          "custom_liner": True},
             "launch_sites": ["jiuquan"]},
            {"id": "dragon", "name": "Crew Dragon", "operator": "NASA", "seats": 4,
             "roles": [
                 {"role": "commander", "required": True, "qualifications": ["dragon-cmdr", "dragon-crew"]},
                 {"role": "pilot", "qualifications": ["dragon-crew"]},
                 {"role": "mission_specialist", "max_count": 3, "qualifications": ["dragon-crew"]},
             ],
             "docking_standard": "idss", "docked_life_days": 210, "export_control_class": "ITAR",
             "seat_fit": {"height_cm_min": 150, "height_cm_max": 198}, "launch_sites": ["ksc"]},
            {"id": "soyuz", "name": "Soyuz MS", "operator": "ROSCOSMOS", "seats": 3,
             "roles": [
                 {"role": "commander", "required": True, "qualifications": ["soyuz-cmdr", "soyuz-crew"]},
                 {"role": "flight_engineer", "max_count": 2, "qualifications": ["soyuz-crew"]},
             ],
             "docking_standard": "ssvp", "docked_life_days": 210,
             "seat_fit": {"height_cm_min": 150, "height_cm_max": 190, "custom_liner": True},
             "launch_sites": ["baikonur"]},
        ],
        "stations": [
            {"id": "css", "name": "CSS", "operator": "CMSA", "standby_rescue_days": 10,
             "segments": [{"id": "css-main", "name": "Main", "operator": "CMSA",
                           "modules": [{"id": "tianhe", "name": "Tianhe", "owner": "CMSA"},
                                       {"id": "wentian", "name": "Wentian", "owner": "CMSA"}]}],
             "ports": [{"id": "fwd", "name": "Tianhe forward", "module": "tianhe", "standard": "cdm"},
                       {"id": "nadir", "name": "Tianhe nadir", "module": "tianhe", "standard": "cdm"}],
             "capacity": {"nominal_crew": 3, "handover_crew": 6, "handover_days_max": 10},
             "orbit": {"inclination_deg": 41.5, "altitude_km": 390, "elements": [CSS_TLE]}},
            {"id": "iss", "name": "ISS", "operator": "NASA",
             "segments": [
                 {"id": "ros", "name": "Russian segment", "operator": "ROSCOSMOS",
                  "modules": [{"id": "zvezda", "name": "Zvezda", "owner": "ROSCOSMOS"},
                              {"id": "poisk", "name": "Poisk", "owner": "ROSCOSMOS"}]},
                 {"id": "usos", "name": "US segment", "operator": "NASA",
                  "modules": [{"id": "harmony", "name": "Harmony", "owner": "NASA", "export_control_class": "ITAR"},
                              {"id": "destiny", "name": "Destiny", "owner": "NASA", "export_control_class": "ITAR"}]},
             ],
             "ports": [{"id": "harmony-fwd", "name": "Harmony forward", "module": "harmony", "standard": "idss"},
                       {"id": "harmony-zenith", "name": "Harmony zenith", "module": "harmony", "standard": "idss"},
                       {"id": "poisk-zenith", "name": "Poisk zenith", "module": "poisk", "standard": "ssvp"}],
             "capacity": {"nominal_crew": 7, "handover_crew": 11, "handover_days_max": 20},
             "orbit": {"inclination_deg": 51.64, "altitude_km": 420, "elements": [ISS_TLE]}},
        ],
        "launch_sites": [
            {"id": "jiuquan", "name": "Jiuquan", "country": "CN", "latitude_deg": 40.96, "longitude_deg": 100.29,
             "azimuths": [{"min_deg": 80, "max_deg": 100}], "turnaround_days": 7},
            {"id": "ksc", "name": "KSC", "country": "US", "latitude_deg": 28.6, "longitude_deg": -80.6,
             "azimuths": [{"min_deg": 35, "max_deg": 120}]},
            {"id": "baikonur", "name": "Baikonur", "country": "KZ", "latitude_deg": 46.0, "longitude_deg": 63.56,
             "azimuths": [{"min_deg": 40, "max_deg": 70}]},
        ],
        "flights": [
            _flight("sz-a", "shenzhou", "css", "jiuquan", "2030-01-10", "2030-06-20", "fwd",
                    _crew(("commander", "c1"), ("flight_engineer", "c2"), ("flight_engineer", "c3"))),
            _flight("sz-b", "shenzhou", "css", "jiuquan", "2030-06-15", "2030-12-10", "nadir",
                    _crew(("commander", "c4"), ("flight_engineer", "c5"), ("flight_engineer", "e2"))),
            _flight("sz-c", "shenzhou", "css", "jiuquan", "2030-12-05", "2031-06-01", "fwd",
                    _crew(("commander", "c7"), ("flight_engineer", "c8"), ("payload_specialist", "p1"))),
            _flight("sz-d", "shenzhou", "css", "jiuquan", "2031-05-28", "2031-11-20", "nadir",
                    _crew(("commander", "c1"), ("flight_engineer", "c2"), ("flight_engineer", "c3"))),
            _flight("sz-e", "shenzhou", "css", "jiuquan", "2031-11-15", "2032-05-10", "fwd",
                    _crew(("commander", "c4"), ("flight_engineer", "c5"), ("flight_engineer", "c6"))),
            _flight("sz-f", "shenzhou", "css", "jiuquan", "2032-05-05", "2032-11-01", "nadir",
                    [{"role": "commander"}, {"role": "flight_engineer"}, {"role": "flight_engineer"}]),
            _flight("dragon-a", "dragon", "iss", "ksc", "2030-02-01", "2030-08-01", "harmony-fwd",
                    _crew(("commander", "n1"), ("pilot", "n2"), ("mission_specialist", "n3"),
                          ("mission_specialist", "e1"))),
            _flight("dragon-b", "dragon", "iss", "ksc", "2030-07-25", "2031-01-20", "harmony-zenith",
                    _crew(("commander", "n4"), ("pilot", "n5"), ("mission_specialist", "n6"),
                          ("mission_specialist", "n7"))),
            _flight("dragon-v", "dragon", "iss", "ksc", "2030-09-20", "2030-09-30", "harmony-fwd",
                    _crew(("commander", "n8"), ("mission_specialist", "x1"))),
            _flight("dragon-c", "dragon", "iss", "ksc", "2031-01-15", "2031-07-10", "harmony-fwd",
                    _crew(("commander", "n1"), ("pilot", "n2"), ("mission_specialist", "n3"),
                          ("mission_specialist", "n8"))),
            _flight("dragon-d", "dragon", "iss", "ksc", "2031-07-05", "2032-01-01", "harmony-zenith",
                    _crew(("commander", "n4"), ("pilot", "n5"), ("mission_specialist", "n6"),
                          ("mission_specialist", "n7"))),
            _flight("soyuz-a", "soyuz", "iss", "baikonur", "2030-03-01", "2030-09-15", "poisk-zenith",
                    _crew(("commander", "r1"), ("flight_engineer", "r2"), ("flight_engineer", "c9"))),
        ],
        "agreements": [
            {"id": "esa-cmsa", "name": "ESA-CMSA astronaut cooperation", "parties": ["ESA", "CMSA"],
             "valid_from": "2020-01-01", "valid_until": "2030-12-31"},
            {"id": "pk-cmsa", "name": "Pakistan-China astronaut agreement", "parties": ["CMSA", "SUPARCO"],
             "valid_from": "2029-01-01", "courses": ["basic-training", "sz-crew-course"],
             "seat_grants": [{"id": "pk-seat", "grantor": "CMSA", "grantee": "SUPARCO", "seats": 1,
                              "vehicle_types": ["shenzhou"], "deadline": "2031-12-01"}]},
            {"id": "nasa-esa", "name": "NASA-ESA seat barter", "parties": ["NASA", "ESA"],
             "valid_from": "2029-01-01", "barter": {"agencies": ["ESA", "NASA"], "max_imbalance_seats": 1}},
        ],
        "rules": [
            {"id": "wolf-amendment", "name": "Wolf Amendment", "citation": "Public Law 112-10, Sec. 1340",
             "summary": "NASA personnel do not fly on CMSA vehicles or to CMSA stations.",
             "when": {"any": [{"astronaut_agency": ["NASA"], "vehicle_operator": ["CMSA"]},
                              {"astronaut_agency": ["NASA"], "station_operator": ["CMSA"]}]}},
            {"id": "itar-vehicle", "name": "ITAR: US vehicles", "kind": "export_control",
             "citation": "22 CFR 126.1", "summary": "Chinese nationals are not flown on US-built vehicles.",
             "when": {"astronaut_nationality": ["CN"], "vehicle_export_class": ["ITAR"]}},
            {"id": "itar-segment", "name": "ITAR: US segment", "kind": "export_control", "effect": "restrict",
             "citation": "22 CFR 126.1", "summary": "Chinese nationals stay out of US segment hardware.",
             "when": {"astronaut_nationality": ["CN"], "segment_operator": ["NASA"]}},
            {"id": "esa-on-cmsa", "name": "ESA seats on CMSA flights", "kind": "policy",
             "citation": "ESA-CMSA agreement", "summary": "ESA astronauts fly CMSA only under the agreement.",
             "when": {"astronaut_agency": ["ESA"], "vehicle_operator": ["CMSA"]}, "unless_agreement": "esa-cmsa"},
        ],
    }


def _flight(fid: str, vtype: str, station: str, site: str, launch: str, undock: str, port: str,
            seats: list[Data]) -> Data:
    return {"id": fid, "name": fid.upper(), "vehicle_type": vtype, "station": station, "site": site,
            "launch": launch, "undocking": undock, "landing": undock, "port": port, "seats": seats,
            "status": "planned"}


def flight(data: Data, fid: str) -> Data:
    return next(f for f in data["flights"] if f["id"] == fid)


def person(data: Data, pid: str) -> Data:
    return next(a for a in data["astronauts"] if a["id"] == pid)


def seat_of(data: Data, fid: str, pid: str) -> Data:
    return next(s for s in flight(data, fid)["seats"] if s.get("astronaut") == pid)


# --- the faults: each mutates a copy of base() and breaks exactly one rule -------------------------------

def f_seat_count(d: Data) -> None:
    # A fourth person to bring home in a three-seat Shenzhou (more seats listed than a type has, or a role it
    # lacks, is a malformed file the loader refuses).
    seat_of(d, "sz-b", "e2")["returns_on"] = "sz-a"


def f_seat_role(d: Data) -> None:
    seat_of(d, "sz-b", "c5")["role"] = "commander"


def f_crew_overlap(d: Data) -> None:
    seat_of(d, "dragon-a", "n3")["astronaut"] = "n4"


def f_crew_rest(d: Data) -> None:
    seat_of(d, "dragon-v", "n8")["astronaut"] = "n1"


def f_crew_available(d: Data) -> None:
    d.setdefault("events", []).append({"id": "n8-grounded", "kind": "astronaut_grounded", "date": "2030-09-01",
                                       "until": "2030-12-01", "astronaut": "n8", "description": "injury"})


def f_qualification(d: Data) -> None:
    for q in person(d, "c5")["qualifications"]:
        q["expires"] = "2030-09-01"


def f_legality_wolf(d: Data) -> None:
    seat_of(d, "sz-c", "c8")["astronaut"] = "n5"
    person(d, "n5")["qualifications"] += [{"qualification": "sz-crew", "earned": "2029-01-01"}]
    # n5 no longer flies dragon-b/-d: give those seats to n3 and n8's twin (e3 breaks barter, so use x1).
    seat_of(d, "dragon-b", "n5")["astronaut"] = "x1"
    seat_of(d, "dragon-d", "n5")["astronaut"] = "x1"
    seat_of(d, "dragon-v", "x1")["astronaut"] = None


def f_legality_esa(d: Data) -> None:
    seat_of(d, "sz-d", "c3")["astronaut"] = "e2"


def f_legality_itar(d: Data) -> None:
    seat_of(d, "dragon-v", "x1")["astronaut"] = "c6"
    person(d, "c6")["qualifications"] += [{"qualification": "dragon-crew", "earned": "2029-01-01"}]


def f_seat_fit(d: Data) -> None:
    person(d, "c6")["body"]["height_cm"] = 195.0


def f_capacity(d: Data) -> None:
    d["flights"].append(_flight("sz-v", "shenzhou", "css", "jiuquan", "2030-03-01", "2030-03-15", "nadir",
                                _crew(("commander", "c4"), ("flight_engineer", "c5"), ("flight_engineer", "c6"))))


def f_lifeboat(d: Data) -> None:
    d.setdefault("events", []).append({"id": "sz-a-leak", "kind": "vehicle_damaged", "date": "2030-04-01",
                                       "flight": "sz-a", "description": "coolant leak"})


def f_docking(d: Data) -> None:
    flight(d, "sz-b")["port"] = "fwd"


def f_launch_turnaround(d: Data) -> None:
    d["flights"].append({**_flight("sz-x", "shenzhou", "css", "jiuquan", "2030-06-18", "2030-06-25", "fwd",
                                   []), "docking": "2030-06-21", "uncrewed": True})


def f_launch_pad(d: Data) -> None:
    d.setdefault("events", []).append({"id": "pad-fire", "kind": "pad_unavailable", "date": "2030-06-10",
                                       "until": "2030-06-16", "site": "jiuquan", "description": "pad repair"})


def f_agreement_deadline(d: Data) -> None:
    d["agreements"][1]["seat_grants"][0]["deadline"] = "2030-06-01"


def f_agreement_barter(d: Data) -> None:
    seat_of(d, "dragon-v", "x1")["astronaut"] = "e3"


def f_rescue(d: Data) -> None:
    d.setdefault("events", []).append({"id": "jiuquan-closed", "kind": "pad_unavailable", "date": "2031-03-01",
                                       "until": "2031-04-01", "site": "jiuquan", "description": "range closed"})


Fault = tuple[Callable[[Data], None], str, str, str]
FAULTS: dict[str, Fault] = {
    "seat-count": (f_seat_count, "seat.count", "2030-01-10", "2030-06-20"),
    "seat-role": (f_seat_role, "seat.role", "2030-06-15", "2030-12-10"),
    "crew-overlap": (f_crew_overlap, "crew.overlap", "2030-07-25", "2030-08-01"),
    "crew-rest": (f_crew_rest, "crew.rest", "2030-08-01", "2030-09-20"),
    "crew-available": (f_crew_available, "crew.available", "2030-09-20", "2030-09-30"),
    "qualification": (f_qualification, "qualification", "2030-09-01", "2030-12-10"),
    "legality-wolf": (f_legality_wolf, "legality.wolf-amendment", "2030-12-05", "2031-06-01"),
    "legality-esa": (f_legality_esa, "legality.esa-on-cmsa", "2031-05-28", "2031-11-20"),
    "legality-itar": (f_legality_itar, "legality.itar-vehicle", "2030-09-20", "2030-09-30"),
    "seat-fit": (f_seat_fit, "seat.fit", "2031-11-15", "2031-12-31"),
    "station-capacity": (f_capacity, "station.capacity", "2030-03-11", "2030-03-15"),
    "lifeboat": (f_lifeboat, "lifeboat", "2030-04-01", "2030-06-20"),
    "docking-port": (f_docking, "docking.port", "2030-06-15", "2030-06-19"),
    "launch-turnaround": (f_launch_turnaround, "launch.turnaround", "2030-06-15", "2030-06-18"),
    "launch-pad": (f_launch_pad, "launch.pad", "2030-06-15", "2030-06-15"),
    "agreement-deadline": (f_agreement_deadline, "agreement.deadline", "2030-06-01", "2030-06-01"),
    "agreement-barter": (f_agreement_barter, "agreement.barter", "2030-09-20", "2031-12-31"),
    "rescue-standby": (f_rescue, "rescue.standby", "2031-03-01", "2031-03-21"),
}


def faulty(name: str) -> Data:
    data = copy.deepcopy(base())
    FAULTS[name][0](data)
    return data


def build(data: Data) -> Scenario:
    return Scenario.model_validate(data)


def write_corpus(folder: Path = FAULT_DIR) -> list[Path]:
    """Write ``clean.yaml`` and one ``<fault>.yaml`` per fault (each a loadable manifest)."""
    from crewplan.scenario import save_scenario

    folder.mkdir(parents=True, exist_ok=True)
    paths = [save_scenario(build(base()), folder / "clean.yaml")]
    for name in FAULTS:
        paths.append(save_scenario(build(faulty(name)), folder / f"{name}.yaml"))
    return paths


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


if __name__ == "__main__":
    for path in write_corpus():
        print(path)
