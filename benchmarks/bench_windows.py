"""Benchmark: one year of launch windows, every site of the built-in scenario against both stations.

crewplan's windows (coarse sgp4 grid + vectorised Chandrupatla root-finding) are timed against a
dense-sampling reference built on skyfield: the station's GCRS position and velocity and the site's GCRS
position at every second, each in-plane crossing taken where the signed distance from the orbit plane
changes sign (linear interpolation between seconds). The reference is far too slow for a whole year, so it
runs on ``--reference-days`` sample days per station (spread over the year, all sites) and its time is
scaled to the year; the crossings of those days are compared one by one with crewplan's.

Run (one core):  taskset -c 0 .venv/bin/python benchmarks/bench_windows.py [--year 2025] [--reference-days 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import time
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from crewplan.domain.places import LaunchSite
from crewplan.domain.vehicles import VehicleType
from crewplan.orbit.elements import ElementRecord, station_elements
from crewplan.orbit.windows import find_windows_many
from crewplan.scenario import load_scenario


def vehicle_for(site: LaunchSite, vehicles: tuple[VehicleType, ...]) -> VehicleType:
    """A vehicle type that launches from the site (timing does not depend on which); any one otherwise."""
    return next((v for v in vehicles if site.id in v.launch_sites), vehicles[0])


def reference_crossings(records: list[ElementRecord], sites: list[LaunchSite], day: dt.datetime,
                        timescale: Any) -> dict[str, np.ndarray[Any, Any]]:
    """In-plane instants (Unix s) of each site on one day, from skyfield sampled every second."""
    from skyfield.api import EarthSatellite, wgs84

    start = day.timestamp()
    seconds = np.arange(0.0, 86_401.0)
    unix = start + seconds
    t = timescale.utc(day.year, day.month, day.day, 0, 0, seconds)
    epochs = np.array([r.epoch_utc.timestamp() for r in records])
    choice = np.maximum(np.searchsorted(epochs, unix, side="right") - 1, 0)
    normal = np.empty((unix.size, 3))
    for k in np.unique(choice):
        rows = np.flatnonzero(choice == k)
        satellite = EarthSatellite(*records[k].lines, ts=timescale)
        position = satellite.at(t[rows[0]:rows[-1] + 1])
        normal[rows] = np.cross(position.position.km.T, position.velocity.km_per_s.T)
    found = {}
    for site in sites:
        place = wgs84.latlon(site.latitude_deg, site.longitude_deg, elevation_m=site.altitude_m)
        f = np.einsum("ij,ij->i", place.at(t).position.km.T, normal)
        k = np.flatnonzero(np.sign(f[:-1]) != np.sign(f[1:]))
        found[site.id] = unix[k] + f[k] / (f[k] - f[k + 1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--reference-days", type=int, default=2, help="sample days per station for skyfield")
    parser.add_argument("--repeat", type=int, default=5, help="crewplan runs; the best is reported")
    args = parser.parse_args()

    from skyfield.api import load

    timescale = load.timescale(builtin=True)
    scenario = load_scenario(None)
    start = dt.datetime(args.year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(args.year + 1, 1, 1, tzinfo=dt.UTC)
    sites = list(scenario.launch_sites)
    pairs = [(site, vehicle_for(site, scenario.vehicle_types)) for site in sites]

    t0 = time.perf_counter()
    records = {station.id: station_elements(station) for station in scenario.stations}
    parse_s = time.perf_counter() - t0

    best = best_cpu = float("inf")
    windows: dict[str, list[list[Any]]] = {}
    load_before = os.getloadavg()[0]
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        windows = {sid: find_windows_many(recs, pairs, start, end, station=sid) for sid, recs in records.items()}
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    count = sum(len(w) for per_site in windows.values() for w in per_site)

    # Reference sample days, spread over the year.
    step = 365 // (args.reference_days + 1)
    days = [start + dt.timedelta(days=step * (k + 1)) for k in range(args.reference_days)]
    reference_s = reference_cpu_s = 0.0
    worst_s = 0.0
    compared = 0
    for sid, recs in records.items():
        for day in days:
            t0, c0 = time.perf_counter(), time.process_time()
            reference = reference_crossings(recs, sites, day, timescale)
            reference_s += time.perf_counter() - t0
            reference_cpu_s += time.process_time() - c0
            lo, hi = day.timestamp(), day.timestamp() + 86_400.0
            for site, per_site in zip(sites, windows[sid], strict=True):
                ours = np.array([w.inplane_utc.timestamp() for w in per_site])
                ours = ours[(ours >= lo + 1) & (ours <= hi - 1)]
                theirs = reference[site.id][(reference[site.id] >= lo + 1) & (reference[site.id] <= hi - 1)]
                if ours.size != theirs.size:
                    raise SystemExit(f"crossing counts differ for {sid}/{site.id} on {day.date()}: "
                                     f"{ours.size} vs {theirs.size}")
                if ours.size:
                    worst_s = max(worst_s, float(np.max(np.abs(ours - theirs))))
                    compared += ours.size
    scale = 365.0 / len(days)
    reference_year_s = reference_s * scale
    reference_year_cpu_s = reference_cpu_s * scale
    result = {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "span": f"{start.date()} to {end.date()}",
        "stations": list(records),
        "sites": [s.id for s in sites],
        "windows_found": count,
        "element_parse_s": round(parse_s, 3),
        "load_average_1min_at_start": round(load_before, 2),
        "crewplan_year_wall_s": round(best, 3),
        "crewplan_year_cpu_s": round(best_cpu, 3),
        "reference_sample_days_per_station": len(days),
        "reference_measured_wall_s": round(reference_s, 1),
        "reference_measured_cpu_s": round(reference_cpu_s, 1),
        "reference_year_wall_s_scaled": round(reference_year_s, 0),
        "reference_year_cpu_s_scaled": round(reference_year_cpu_s, 0),
        "speedup_wall": round(reference_year_s / best, 0),
        "speedup_cpu": round(reference_year_cpu_s / best_cpu, 0),
        "crossings_compared": compared,
        "max_disagreement_s": round(worst_s, 4),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
