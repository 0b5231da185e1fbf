"""Which launch site can reach which station's orbit (issue 14's reach table), in closed form.

A site at geodetic latitude φ passes through an orbital plane of inclination i twice a day when |φ| ≤ i
(never when |φ| > i: the plane does not reach that far north or south, and only a dogleg, out of this
model, would get there). At each pass the plane's inertial azimuth A satisfies ``sin A = cos i / cos φ``:
A northeasterly (ascending pass) and 180° − A southeasterly (descending pass) for a prograde orbit. The
site can launch into the plane if one of the two azimuths lies in its allowed corridors (``azimuths``).

The launch azimuth a vehicle flies relative to the rotating Earth differs from the inertial one by up to a
few degrees (more at low latitude: the site's eastward speed); :func:`crewplan.orbit.windows.find_windows`
computes that one, pass by pass, from the station's element sets. This module's answer is the geometric one
and says how far the nearest azimuth lies inside or outside a corridor, so an answer within a few degrees
of a corridor's edge is marked as such (``margin_deg``) rather than trusted blindly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from crewplan.domain import LaunchSite, Scenario, Station

EDGE_DEG = 3.0
"""An azimuth this close to a corridor's edge is reported as marginal: the rotating-Earth correction may
move it across."""


@dataclass(frozen=True)
class Reach:
    station: str
    site: str
    inclination_deg: float
    latitude_deg: float
    ascending_azimuth_deg: float | None
    """The inertial azimuth of the northeasterly (ascending) pass; none when the plane never passes the site."""
    descending_azimuth_deg: float | None
    reachable: bool
    margin_deg: float | None
    """How far inside (positive) or outside (negative) the nearest corridor edge the best azimuth lies."""
    vehicle_types: tuple[str, ...]
    """The vehicle types of the scenario that launch from the site."""
    reason: str

    @property
    def marginal(self) -> bool:
        return self.margin_deg is not None and abs(self.margin_deg) < EDGE_DEG

    def to_json(self) -> dict[str, object]:
        return {"station": self.station, "site": self.site, "inclination_deg": self.inclination_deg,
                "latitude_deg": self.latitude_deg, "ascending_azimuth_deg": _round(self.ascending_azimuth_deg),
                "descending_azimuth_deg": _round(self.descending_azimuth_deg), "reachable": self.reachable,
                "marginal": self.marginal, "margin_deg": _round(self.margin_deg),
                "vehicle_types": list(self.vehicle_types), "reason": self.reason}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def plane_azimuths_deg(inclination_deg: float, latitude_deg: float) -> tuple[float, float] | None:
    """The inertial azimuths (ascending, descending) of the plane at the latitude, or ``None`` if the plane
    never passes it."""
    i, phi = math.radians(inclination_deg), math.radians(latitude_deg)
    ratio = math.cos(i) / math.cos(phi)
    if abs(latitude_deg) > min(inclination_deg, 180 - inclination_deg) or abs(ratio) > 1:
        return None
    a = math.degrees(math.asin(ratio))
    return a % 360, (180 - a) % 360


def _margin(site: LaunchSite, azimuth_deg: float) -> float:
    """Distance to the nearest corridor edge: positive inside a corridor, negative outside all of them."""
    inside = [min(azimuth_deg - r.min_deg, r.max_deg - azimuth_deg) for r in site.azimuths
              if r.min_deg <= azimuth_deg <= r.max_deg]
    if inside:
        return max(inside)
    return -min(min(abs(azimuth_deg - r.min_deg), abs(azimuth_deg - r.max_deg)) for r in site.azimuths)


def reach(station: Station, site: LaunchSite, vehicle_types: tuple[str, ...] = ()) -> Reach:
    inc = station.orbit.inclination_deg
    found = plane_azimuths_deg(inc, site.latitude_deg)
    if found is None:
        return Reach(station.id, site.id, inc, site.latitude_deg, None, None, reachable=False, margin_deg=None,
                     vehicle_types=vehicle_types,
                     reason=f"the site's latitude {abs(site.latitude_deg):.1f}° is above the orbit's inclination "
                            f"{inc:.1f}°: the plane never passes over it (only a dogleg ascent would reach it)")
    up, down = found
    corridors = ", ".join(f"{r.min_deg:g}-{r.max_deg:g}°" for r in site.azimuths) or "none"
    best, margin = max(((az, _margin(site, az)) for az in (up, down)), key=lambda x: x[1])
    if margin >= 0:
        which = "northeast (ascending pass)" if best == up else "southeast (descending pass)"
        reason = f"launch {which} at {best:.1f}°, within the allowed {corridors}"
    else:
        reason = (f"the plane's azimuths {up:.1f}° and {down:.1f}° are outside the allowed {corridors} "
                  "(range safety: the corridor keeps the ascent off populated land)")
    if abs(margin) < EDGE_DEG:
        reason += f"; within {abs(margin):.1f}° of a corridor edge (the Earth's rotation may decide it)"
    return Reach(station.id, site.id, inc, site.latitude_deg, up, down, reachable=margin >= 0, margin_deg=margin,
                 vehicle_types=vehicle_types, reason=reason)


def reach_table(scenario: Scenario) -> list[Reach]:
    """Every station against every launch site of the scenario."""
    launches = {site.id: tuple(v.id for v in scenario.vehicle_types if site.id in v.launch_sites)
                for site in scenario.launch_sites}
    return [reach(station, site, launches[site.id]) for station in scenario.stations
            for site in scenario.launch_sites]
