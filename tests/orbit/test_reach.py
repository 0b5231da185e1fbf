"""The reach table (issue 14, first part): which site can launch into which station's orbit, against the
published inclinations, azimuths and the Florida range's corridor, and against the numerical window search
(sgp4 on real element sets) as an independent reference."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from crewplan.orbit.elements import read_elements
from crewplan.orbit.reach import plane_azimuths_deg, reach, reach_table
from crewplan.orbit.windows import find_windows
from crewplan.scenario import load_scenario

DATA = Path(__file__).resolve().parents[1] / "data"
TLE = {"css": "css-48274-launches.tle", "iss": "iss-25544-launches.tle"}
EXPECTED = {
    # The CSS (41.5°): Jiuquan (40.96 N) and Wenchang (19.6 N) reach it, and Florida; Baikonur (46.0 N) and
    # Vostochny (51.9 N) lie north of its plane. The ISS (51.6°): every site but Vostochny, just north of it.
    ("css", "jiuquan"): True, ("css", "wenchang"): True, ("css", "baikonur-31"): False,
    ("css", "vostochny"): False, ("css", "ksc-lc39a"): True,
    ("iss", "jiuquan"): True, ("iss", "wenchang"): True, ("iss", "baikonur-31"): True,
    ("iss", "vostochny"): False, ("iss", "ksc-lc39a"): True,
}


@pytest.fixture(scope="module")
def builtin():
    return load_scenario()


def test_the_builtin_sites_reach_the_stations_they_do_in_reality(builtin) -> None:
    table = {(r.station, r.site): r for r in reach_table(builtin)}
    assert {k: table[k].reachable for k in EXPECTED} == EXPECTED
    assert "above the orbit's inclination" in table[("css", "baikonur-31")].reason
    assert table[("css", "jiuquan")].vehicle_types == ("shenzhou",)


@pytest.mark.parametrize(("inclination", "latitude", "published"), [
    (41.5, 40.96, (83.0, 97.0)),     # Jiuquan to the CSS (facts: sin Az ≈ 0.992, Az ≈ 83° or 97°)
    (41.5, 19.61, (53.0, 127.0)),    # Wenchang to the CSS (≈ 53° or 127°)
    (51.64, 45.996, (63.0, 117.0)),  # Baikonur to the ISS (≈ 63°)
    (51.64, 28.6, (45.0, 135.0)),    # Florida to the ISS (≈ 45°, northeast up the coast)
])
def test_the_azimuths_are_the_published_ones(inclination: float, latitude: float,
                                             published: tuple[float, float]) -> None:
    found = plane_azimuths_deg(inclination, latitude)
    assert found is not None
    assert found[0] == pytest.approx(published[0], abs=0.6) and found[1] == pytest.approx(published[1], abs=0.6)


@pytest.mark.parametrize(("inclination", "reachable"), [(28.7, True), (45.0, True), (57.0, True), (60.0, False)])
def test_the_florida_corridor_gives_the_published_inclinations(builtin, inclination: float, reachable: bool) -> None:
    """Allowed azimuths 35°-120° give inclinations of about 28.5° to 57° from the Cape (facts, VERIFIED)."""
    iss = builtin.station("iss")
    station = iss.model_copy(update={"orbit": iss.orbit.model_copy(update={"inclination_deg": inclination})})
    assert reach(station, builtin.launch_site("ksc-lc39a")).reachable is reachable


@pytest.mark.parametrize(("station", "site"), sorted(EXPECTED))
def test_the_table_agrees_with_the_window_search(builtin, station: str, site: str) -> None:
    """Independent reference: sgp4 on the station's real element sets, the site's pass through the plane
    found numerically, the corridor applied to the rotating-Earth azimuth."""
    found = reach(builtin.station(station), builtin.launch_site(site))
    vehicle = next(v for v in builtin.vehicle_types if site in v.launch_sites)
    start = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    windows = find_windows(read_elements(DATA / TLE[station]), builtin.launch_site(site), vehicle, start,
                           start + dt.timedelta(days=3))
    assert not found.marginal  # none of these lies at a corridor's edge, so the two must agree
    assert any(w.usable for w in windows) is found.reachable, [(w.azimuth_deg, w.usable) for w in windows]


def test_the_reach_command_prints_the_table(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "crewplan.cli", "reach", "--json"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["reach"]
    assert {(r["station"], r["site"]): r["reachable"] for r in rows if (r["station"], r["site"]) in EXPECTED} \
        == EXPECTED
    bad = subprocess.run([sys.executable, "-m", "crewplan.cli", "reach", "--station", "tiangong"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "css" in bad.stderr and "Traceback" not in bad.stderr
