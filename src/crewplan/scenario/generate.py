"""Generate a synthetic programme: N stations, Y years, A astronauts, F flights, from a seed.

The programme is built to hold every hard rule (the checker finds no hard violation): each station is
served by its operator's vehicle type on a regular rotation with a short handover, alternating between two
ports; two flights in four carry an astronaut of a neighbouring agency under a barter agreement; crews are picked
so that nobody flies twice without the minimum rest. Legality rules, a restrict rule, seat grants, courses
with sessions and prerequisites are included so that every rule family has work to do. Everything is
fictional ("Agency 3", "Astronaut 3-017 (fictional)"). The planner can clear the seats and re-plan.

The seed changes the instance, not only its names: the launch sites' positions, each person's body, the order
in which each agency's people fly, which of them (beyond the first ``COMMANDERS_MIN``) hold the commander's
qualification, and each launch date (up to ``JITTER_DAYS`` either way, so that handovers last 0 to 8 days).
``launch_slack_days`` N lets each launch move within N days either side of its generated date
(``launch``..``launch_latest``, the stay as ``stay_days``); the programme's dates then start N days later, so
that every launch on its earliest day still holds every rule.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from crewplan.domain import Scenario
from crewplan.errors import UsageError

# A real ISS element set (epoch 2026-08-08), drag terms zeroed so that it does not decay over a decade,
# used as the template of each synthetic station's orbit; the
# inclination and RAAN fields are rewritten and the checksums recomputed.
_TEMPLATE = ("1 25544U 98067A   26220.18240180  .00000000  00000-0  00000-0 0  9992",
             "2 25544  51.6324  42.7701 0007350  24.6056 335.5282 15.49383195579818")
_TEMPLATE_EPOCH = dt.datetime(2026, 1, 1) + dt.timedelta(days=220.18240180 - 1)
SETS_EVERY_YEARS = 1
"""A synthetic station gets one element set per year of its programme (the J2 drift carried forward), so that
every window lies within a year of a set, as with a real station's published sets."""


STAY_DAYS_MAX = 400
"""The longest rotation the generator makes (about a year, as the longest real increments; a vehicle's docked
life is the stay plus a margin)."""
ROTATION_DAYS_MIN = 30
"""The shortest: a crew a month per station still leaves two ports, the site's turnaround and the handover room."""
JITTER_DAYS = 2
"""A generated launch date moves up to this many days either way from the regular rotation (by the seed)."""
COMMANDERS_MIN = 4
"""The first people of each agency always hold its commander's qualification; a quarter of the others do not."""
LAUNCH_SLACK_DAYS_MAX = 60
MAX_FLIGHTS = 5000
MAX_ASTRONAUTS = 10_000
"""Beyond these a programme is larger than any planner benchmark uses (size L: 300 flights, 500 astronauts)."""


def _inclination(i: int) -> float:
    """Station ``i``'s inclination: prograde, 40° to 70°, above every generated site's latitude (5° to 35°),
    so that each site's azimuths (10° to 170°) reach the plane every day."""
    return float(40 + (3 * i) % 31)


def _checksum(line: str) -> str:
    total = sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line[:68])
    return line[:68] + str(total % 10)


def _tle(norad: int, inclination_deg: float, raan_deg: float, epoch: dt.date | None = None) -> dict[str, str]:
    """The template set for a station: its inclination and node, at the template's epoch or at ``epoch`` (the
    node and perigee moved on by their J2 drift rates, so that sets of several years describe one orbit)."""
    l1, l2 = _TEMPLATE
    argp_deg, mean_anomaly_deg = float(l2[34:42]), float(l2[43:51])
    if epoch is not None:
        from sgp4.api import Satrec

        # The drift rates depend on the inclination: take them from the set with the station's inclination.
        probe = Satrec.twoline2rv(l1, _checksum(f"2 25544 {inclination_deg:8.4f}" + l2[16:]))
        minutes = (dt.datetime(epoch.year, epoch.month, epoch.day) - _TEMPLATE_EPOCH).total_seconds() / 60.0
        raan_deg = (raan_deg + math.degrees(probe.nodedot * minutes)) % 360.0
        argp_deg = (argp_deg + math.degrees(probe.argpdot * minutes)) % 360.0
        mean_anomaly_deg = (mean_anomaly_deg + math.degrees(probe.mdot * minutes)) % 360.0
        year = epoch.year % 100
        day_of_year = epoch.timetuple().tm_yday
        l1 = l1[:18] + f"{year:02d}{day_of_year:03d}.00000000" + l1[32:]
    l1 = f"1 {norad:05d}" + l1[7:]
    l2 = (f"2 {norad:05d} {inclination_deg:8.4f} {raan_deg:8.4f}" + l2[25:34]
          + f"{argp_deg:8.4f} {mean_anomaly_deg:8.4f}" + l2[51:])
    return {"name": f"STATION {norad}", "line1": _checksum(l1), "line2": _checksum(l2)}


def generate_data(stations: int = 6, years: int = 10, astronauts: int = 500, flights: int = 300, seed: int = 1,
                  start_year: int = 2030, launch_slack_days: int = 0) -> dict[str, Any]:
    """The generated scenario as plain data (what a YAML file would hold)."""
    if not 0 <= launch_slack_days <= LAUNCH_SLACK_DAYS_MAX:
        raise UsageError(f"--launch-slack-days {launch_slack_days}: expected 0 to {LAUNCH_SLACK_DAYS_MAX}")
    if not 1 <= stations <= 50:
        raise UsageError(f"--stations {stations}: expected 1 to 50")
    if not 1 <= years <= 50:
        raise UsageError(f"--years {years}: expected 1 to 50")
    if not stations <= flights <= MAX_FLIGHTS:
        raise UsageError(f"--flights {flights}: expected at least one per station ({stations}) and at most "
                         f"{MAX_FLIGHTS}")
    if not 8 * stations <= astronauts <= MAX_ASTRONAUTS:
        raise UsageError(f"--astronauts {astronauts}: expected at least 8 per station ({8 * stations}) and at most "
                         f"{MAX_ASTRONAUTS}")
    rng = random.Random(seed)
    start = dt.date(start_year, 1, 1)
    end = dt.date(start_year + years, 1, 1) - dt.timedelta(days=1)
    span = (end - start).days + 1
    fewest, most = stations * math.ceil(span / STAY_DAYS_MAX), stations * (span // ROTATION_DAYS_MIN)
    if not fewest <= flights <= most:
        raise UsageError(f"--flights {flights}: {stations} station(s) over {years} year(s) take {fewest} to {most} "
                         f"flights (a crew rotation every {ROTATION_DAYS_MIN} to {STAY_DAYS_MAX} days per station)")
    rest_days = 90
    agencies = [f"AG{i}" for i in range(stations)]
    countries = [chr(ord("A") + i % 26) + chr(ord("A") + (i // 26) % 26) for i in range(stations)]
    data: dict[str, Any] = {
        "id": f"generated-s{seed}",
        "name": f"Generated programme: {stations} stations, {years} years, {astronauts} astronauts, "
                f"{flights} flights (seed {seed}"
                + (f", launches free within {launch_slack_days} days)" if launch_slack_days else ")"),
        "description": "Synthetic and fictional; made by crewplan generate.",
        "settings": {"horizon_start": start.isoformat(), "horizon_end": end.isoformat(), "rest_days_min": rest_days},
        "agencies": [{"id": a, "name": f"Agency {i}", "country": countries[i]} for i, a in enumerate(agencies)],
        "astronauts": [], "qualifications": [], "facilities": [], "courses": [], "vehicle_types": [],
        "stations": [], "launch_sites": [], "flights": [], "agreements": [], "rules": [],
    }
    per_station = [flights // stations + (1 if i < flights % stations else 0) for i in range(stations)]
    seats_of = [3 + (i % 2) for i in range(stations)]
    for i, agency in enumerate(agencies):
        interval = span / per_station[i]
        stay = math.ceil(interval) + 4
        data["qualifications"] += [
            {"id": f"basic-{i}", "name": f"Basic training {i}"},
            {"id": f"crew-{i}", "name": f"Vehicle {i} crew", "validity_months": 240, "vehicle_type": f"vt{i}"},
            {"id": f"cmd-{i}", "name": f"Vehicle {i} commander", "vehicle_type": f"vt{i}"},
        ]
        data["facilities"].append({"id": f"fac{i}", "name": f"Training centre {i}", "agency": agency})
        sessions = [{"start": (start + dt.timedelta(days=91 * k)).isoformat(), "capacity": 6}
                    for k in range(years * 4)]
        data["courses"] += [
            {"id": f"basic-course-{i}", "name": f"Basic course {i}", "provider": agency, "facility": f"fac{i}",
             "duration_weeks": 26, "grants": [f"basic-{i}"]},
            {"id": f"crew-course-{i}", "name": f"Crew course {i}", "provider": agency, "facility": f"fac{i}",
             "duration_weeks": 12, "prerequisites": [f"basic-{i}"], "grants": [f"crew-{i}"], "sessions": sessions},
            {"id": f"cmd-course-{i}", "name": f"Commander course {i}", "provider": agency, "facility": f"fac{i}",
             "duration_weeks": 8, "prerequisites": [f"crew-{i}"], "grants": [f"cmd-{i}"], "sessions": sessions},
        ]
        data["vehicle_types"].append({
            "id": f"vt{i}", "name": f"Vehicle {i}", "operator": agency, "seats": seats_of[i],
            "roles": [{"role": "commander", "required": True, "qualifications": [f"cmd-{i}", f"crew-{i}"],
                       "categories": ["professional"]},
                      {"role": "flight_engineer", "max_count": seats_of[i] - 1, "qualifications": [f"crew-{i}"]}],
            "docking_standard": f"std{i}", "docked_life_days": stay + 30,
            "seat_fit": {"height_cm_min": 150, "height_cm_max": 190, "mass_kg_min": 45, "mass_kg_max": 100,
                         "custom_liner": i % 2 == 0},
            "launch_sites": [f"site{i}"],
        })
        partner = (i + 1) % stations
        data["stations"].append({
            "id": f"st{i}", "name": f"Station {i}", "operator": agency,
            "standby_rescue_days": 10 if i == 0 else None,
            "segments": [
                {"id": f"st{i}-main", "name": "Main segment", "operator": agency,
                 "modules": [{"id": f"st{i}-core", "name": f"Core {i}", "owner": agency},
                             {"id": f"st{i}-node", "name": f"Node {i}", "owner": agency}]},
                {"id": f"st{i}-lab", "name": "Partner lab", "operator": agencies[partner],
                 "modules": [{"id": f"st{i}-lab1", "name": f"Lab {i}", "owner": agencies[partner],
                              "export_control_class": f"EC{partner}"}]},
            ],
            "ports": [{"id": f"st{i}-p{k}", "name": f"Port {k}", "module": f"st{i}-core" if k < 2 else f"st{i}-node",
                       "standard": f"std{i}"} for k in range(4)],
            "capacity": {"nominal_crew": seats_of[i], "handover_crew": 2 * seats_of[i], "handover_days_max": 10},
            "orbit": {"inclination_deg": _inclination(i), "altitude_km": 380 + 5 * i,
                      "elements": [_tle(90000 + i, _inclination(i), (37.0 * i) % 360,
                                        dt.date(start_year + k, 1, 1)) for k in range(years + 1)]},
        })
        if stations > 1:
            data["agreements"].append({
                "id": f"barter-{i}-{partner}", "name": f"Seat barter {i}/{partner}",
                "parties": [agency, agencies[partner]],
                "valid_from": start.isoformat(),
                "barter": {"agencies": [agency, agencies[partner]], "max_imbalance_seats": 2},
                # The grant is met by the station's second flight, which carries the partner's astronaut.
                "seat_grants": [{"id": f"grant-{i}-{partner}", "grantor": agency, "grantee": agencies[partner],
                                 "seats": 1, "vehicle_types": [f"vt{i}"],
                                 "deadline": min(end, start + dt.timedelta(
                                     days=int(span / per_station[i]) + 3 + i + 30 + 2 * launch_slack_days
                                     + JITTER_DAYS)).isoformat()}]
                if per_station[i] >= 2 else [],
            })
        data["launch_sites"].append({
            "id": f"site{i}", "name": f"Launch site {i}", "country": countries[i],
            "latitude_deg": round(rng.uniform(5, 35), 3), "longitude_deg": round(rng.uniform(-170, 170), 3),
            "azimuths": [{"min_deg": 10, "max_deg": 170}], "turnaround_days": 7,
        })
    if stations > 3:
        far = stations // 2  # never a barter partner of agency 0, so the ban holds by construction
        data["rules"].append({
            "id": f"ban-0-on-{far}", "name": f"Agency 0 personnel not on Agency {far} vehicles",
            "citation": "Generated law 1", "summary": "A bilateral ban, for the benchmark.",
            "when": {"astronaut_agency": [agencies[0]], "vehicle_operator": [agencies[far]]}})
    if stations > 1:
        data["rules"].append({
            "id": "export-1", "name": "Export class EC1 hardware", "citation": "Generated export rule",
            "kind": "export_control", "effect": "restrict", "summary": "Agency 0 nationals stay out of EC1 labs.",
            "when": {"astronaut_nationality": [countries[0]], "module_export_class": ["EC1"]}})
    # People: each agency gets a share; everybody is qualified for their own vehicle and the one they visit.
    pools: list[list[str]] = [[] for _ in range(stations)]
    commanders: set[str] = set()
    for k in range(astronauts):
        i = k % stations
        pid = f"a{i}-{len(pools[i]):03d}"
        commands = len(pools[i]) < COMMANDERS_MIN or rng.random() >= 0.25
        pools[i].append(pid)
        if commands:
            commanders.add(pid)
        visits = sorted({(i - 1) % stations, (i + 1) % stations} - {i})
        held = [{"qualification": q, "earned": (start - dt.timedelta(days=400)).isoformat()}
                for q in (f"basic-{i}", f"crew-{i}", *([f"cmd-{i}"] if commands else []),
                          *(f"crew-{v}" for v in visits))]
        data["astronauts"].append({
            "id": pid, "name": f"Astronaut {i}-{len(pools[i]) - 1:03d} (fictional)", "agency": agencies[i],
            "nationalities": [countries[i]], "fictional": True, "qualifications": held,
            "body": {"height_cm": round(rng.uniform(155, 188), 1), "mass_kg": round(rng.uniform(50, 95), 1)},
        })
    free: dict[str, dt.date] = {}
    cursor = [0] * stations
    order = [rng.sample(pool, len(pool)) for pool in pools]  # who flies first, by the seed

    def pick(agency_index: int, launch: dt.date, landing: dt.date, command: bool = False) -> str | None:
        pool = order[agency_index]
        for step in range(len(pool)):
            pid = pool[(cursor[agency_index] + step) % len(pool)]
            if command and pid not in commanders:
                continue
            if free.get(pid, dt.date.min) <= launch:
                cursor[agency_index] = (cursor[agency_index] + step + 1) % len(pool)
                free[pid] = landing + dt.timedelta(days=rest_days)
                return pid
        return None

    plan: list[tuple[dt.date, int, int]] = []
    for i in range(stations):
        interval = span / per_station[i]
        for k in range(per_station[i]):
            jitter = rng.randint(-JITTER_DAYS, JITTER_DAYS) if k else 0
            plan.append((start + dt.timedelta(days=int(k * interval) + 3 + JITTER_DAYS + i + launch_slack_days
                                              + jitter), i, k))
    plan.sort()
    slack = dt.timedelta(days=launch_slack_days)
    for launch, i, k in plan:
        interval = span / per_station[i]
        stay = math.ceil(interval) + 4
        undock = launch + dt.timedelta(days=stay)
        seats: list[dict[str, Any]] = []
        for s in range(seats_of[i]):
            role = "commander" if s == 0 else "flight_engineer"
            agency_index = i
            if s == seats_of[i] - 1 and stations > 1 and k % 4 in (1, 3):
                agency_index = (i + 1) % stations if k % 4 == 1 else (i - 1) % stations
            who = pick(agency_index, launch - slack, undock + slack, command=s == 0)
            seats.append({"role": role, "astronaut": who} if who else {"role": role})
        flight: dict[str, Any] = {
            "id": f"f{i}-{k:03d}", "name": f"Flight {i}-{k:03d}", "vehicle_type": f"vt{i}", "station": f"st{i}",
            "site": f"site{i}", "status": "planned", "launch": (launch - slack).isoformat()}
        if launch_slack_days:  # free within the slack: the earliest day keeps every rule, the stay moves with it
            flight.update(launch_latest=min(launch + slack, end).isoformat(), stay_days=stay)
        else:
            flight.update(undocking=undock.isoformat(), landing=undock.isoformat())
        data["flights"].append({**flight, "port": f"st{i}-p{k % 2}", "seats": seats})
    # Station 0 demands standby rescue: keep one uncrewed flight on the books after the horizon.
    data["flights"].append({
        "id": "f0-standby", "name": "Flight 0 standby", "vehicle_type": "vt0", "station": "st0", "site": "site0",
        "status": "planned", "launch": (end + dt.timedelta(days=30)).isoformat(), "uncrewed": True,
        "undocking": (end + dt.timedelta(days=60)).isoformat(), "port": "st0-p2",
        "seats": [{"role": "commander"}] + [{"role": "flight_engineer"}] * (seats_of[0] - 1)})
    for station in data["stations"]:
        if station["standby_rescue_days"] is None:
            del station["standby_rescue_days"]
    return data


def generate_scenario(stations: int = 6, years: int = 10, astronauts: int = 500, flights: int = 300,
                      seed: int = 1, start_year: int = 2030, launch_slack_days: int = 0) -> Scenario:
    """A generated programme as a validated :class:`Scenario` (see the module docstring)."""
    return Scenario.model_validate(generate_data(stations, years, astronauts, flights, seed, start_year,
                                                 launch_slack_days))


def fingerprint(scenario: Scenario) -> str:
    """A short hash of the scenario's content but its own id, name and description (16 hex digits): two
    instances with the same fingerprint are the same problem, whatever their names say."""
    import hashlib
    import json

    content = scenario.model_dump(mode="json", exclude={"id", "name", "description"})
    text = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
