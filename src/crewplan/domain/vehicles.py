"""Vehicle types (Shenzhou, Soyuz MS, Crew Dragon, ...) and the individual ships of a type."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from crewplan.domain.base import Day, Id, Model, Text
from crewplan.domain.people import Category


class Role(StrEnum):
    COMMANDER = "commander"
    PILOT = "pilot"
    FLIGHT_ENGINEER = "flight_engineer"
    MISSION_SPECIALIST = "mission_specialist"
    PAYLOAD_SPECIALIST = "payload_specialist"
    SPACEFLIGHT_PARTICIPANT = "spaceflight_participant"
    CREW = "crew"
    """A crew seat whose published role is not more specific."""


class LanguageRequirement(Model):
    language: str = Field(pattern=r"^[a-z]{2}$")
    level_min: int = Field(ge=0, le=5)


class SeatRole(Model):
    """What a seat role on a vehicle type requires of the person in it."""

    role: Role
    required: bool = False
    """A crewed flight must fill at least one seat of this role (e.g. the commander)."""
    max_count: int = Field(default=1, ge=1, le=20)
    qualifications: tuple[Id, ...] = ()
    categories: tuple[Category, ...] = (
        Category.PROFESSIONAL,
        Category.PAYLOAD_SPECIALIST,
        Category.SPACEFLIGHT_PARTICIPANT,
    )
    languages: tuple[LanguageRequirement, ...] = ()
    agencies: tuple[Id, ...] = ()
    """Agencies whose people may hold this role (empty: anyone the other rules allow); an agreement in force
    between the person's agency and the vehicle's operator that lists the role in ``seat_roles`` opens it (as
    Soyuz commanders are Roscosmos, Dragon commanders NASA or a commercial operator)."""
    source: Text | None = None


class SeatFit(Model):
    """Anthropometric limits of the vehicle type's seats. ``source``/``note`` say how sure the values are."""

    height_cm_min: float | None = Field(default=None, ge=100, le=230)
    height_cm_max: float | None = Field(default=None, ge=100, le=230)
    sitting_height_cm_max: float | None = Field(default=None, ge=50, le=130)
    mass_kg_min: float | None = Field(default=None, ge=30, le=200)
    mass_kg_max: float | None = Field(default=None, ge=30, le=200)
    custom_liner: bool = False
    """Each person needs their own moulded seat liner (Soyuz Kazbek); it moves with them between ships."""
    source: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _order(self) -> SeatFit:
        for low, high, what in (
            (self.height_cm_min, self.height_cm_max, "height_cm"),
            (self.mass_kg_min, self.mass_kg_max, "mass_kg"),
        ):
            if low is not None and high is not None and high < low:
                raise ValueError(f"{what}_max {high} is below {what}_min {low}")
        return self


class RendezvousProfile(Model):
    """One way a vehicle type phases to the station, flown when the phase angle at liftoff lies in its range
    (``docs/orbit.md``, "Rendezvous").

    ``phase_deg_min``/``phase_deg_max`` bound the station's lead over the site's projection in the orbit
    plane (degrees, -180..180). Without ``phasing_altitude_km`` the profile has a fixed number of
    revolutions and takes ``hours`` whatever the phase in its range. With it, the vehicle catches up from
    that mean altitude: ``approach_hours`` (ascent, checkout, final raising, approach and docking) plus the
    station's lead at liftoff (0..360 degrees) over the catch-up rate against the station's altitude, never
    less than ``hours`` (the quickest timeline flown) and at most ``hours_max``.
    """

    id: Id
    hours: float = Field(gt=0, le=24 * 10)
    phase_deg_min: float = Field(ge=-180, le=180)
    phase_deg_max: float = Field(ge=-180, le=180)
    phasing_altitude_km: float | None = Field(default=None, ge=120, le=2000)
    """Mean altitude of the catch-up (coelliptic) phasing orbits, km; none for a fixed-revolution profile."""
    approach_hours: float | None = Field(default=None, ge=0, le=24 * 10)
    """Hours of a catch-up profile that close no phase (ascent, checkout, final raising and approach)."""
    hours_max: float | None = Field(default=None, gt=0, le=24 * 10)
    """Longest free flight the profile allows (consumables, certification); catch-up profiles only."""
    source: Text | None = None

    @model_validator(mode="after")
    def _order(self) -> RendezvousProfile:
        if self.phase_deg_max < self.phase_deg_min:
            raise ValueError(f"phase_deg_max {self.phase_deg_max} is below phase_deg_min {self.phase_deg_min}")
        if self.hours_max is not None and self.hours_max < self.hours:
            raise ValueError(f"hours_max {self.hours_max} is below hours {self.hours}")
        catch_up = (self.phasing_altitude_km, self.approach_hours)
        if (catch_up[0] is None) != (catch_up[1] is None):
            raise ValueError("a catch-up profile gives both phasing_altitude_km and approach_hours")
        if catch_up[0] is None and self.hours_max is not None:
            raise ValueError("hours_max belongs to a catch-up profile: give phasing_altitude_km and "
                             "approach_hours too")
        return self


class VehicleReadiness(Model):
    """How soon the next vehicle of a type can fly from a site when a disruption calls for it."""

    site: Id
    advance_days_max: int = Field(ge=0, le=365)
    """A planned launch from this site can be brought forward by at most this many days (accelerated
    processing, as demonstrated: Soyuz MS-23 about three weeks). A replan moves it no earlier."""
    turnaround_days: int | None = Field(default=None, ge=1, le=3650)
    """Nominal days between two launches of the type from the site (for information and added flights)."""
    source: Text


class VehicleType(Model):
    """A crew vehicle type: seats and roles, docking, docked life, lifeboat use, seat fit, launch data."""

    id: Id
    name: Text
    operator: Id
    seats: int = Field(ge=0, le=20)
    crew_min: int = Field(default=1, ge=1, le=20)
    """A crewed flight of this type carries at least this many people (an uncrewed one, none)."""
    roles: tuple[SeatRole, ...] = ()
    docking_standard: Id
    berthing_system: Id | None = None
    """The berthing mechanism of a type that can instead be captured by a station's arm and berthed (``cbm``:
    Cygnus, HTV, the first Dragon); none for a type that only docks (every crew vehicle flown so far)."""
    docked_life_days: int = Field(ge=1, le=3650)
    lifeboat_capable: bool = True
    contingency_places: int = Field(default=0, ge=0, le=10)
    """People beyond its seats it can take home in an emergency configuration (a seat liner fitted beside
    the crew), as flown: ``crewplan rescue`` counts them for a docked vehicle; the lifeboat rule does not."""
    seat_fit: SeatFit = SeatFit()
    launch_sites: tuple[Id, ...] = ()
    export_control_class: str | None = None
    plane_tolerance_deg: float = Field(default=0.05, ge=0.001, le=10)
    """Out-of-plane angle the ascent can absorb; sets how long the window stays open around the in-plane instant."""
    ascent_lead_minutes: float = Field(default=0.0, ge=-120, le=120)
    """Liftoff is this long before the site passes through the plane (the ascent flies on into it)."""
    rendezvous_profiles: tuple[RendezvousProfile, ...] = ()
    available_from: Day | None = None
    """First day the type may fly crew (e.g. Mengzhou, planned)."""
    readiness: tuple[VehicleReadiness, ...] = ()
    """Per launch site, how far a planned launch can be brought forward (none listed: ``--shift-days``)."""
    source: Text | None = None
    note: Text | None = None

    def readiness_at(self, site: str) -> VehicleReadiness | None:
        return next((r for r in self.readiness if r.site == site), None)

    @model_validator(mode="after")
    def _roles(self) -> VehicleType:
        if self.crew_min > max(self.seats, 1):
            raise ValueError(f"crew_min {self.crew_min} is more than the {self.seats} seats")
        seen: set[str] = set()
        for spec in self.roles:
            if spec.role in seen:
                raise ValueError(f"role {spec.role.value!r} is listed twice")
            seen.add(spec.role)
        return self

    def role(self, role: Role) -> SeatRole | None:
        """The seat-role specification for ``role``, if the type has it."""
        for spec in self.roles:
            if spec.role == role:
                return spec
        return None


class Vehicle(Model):
    """One named ship of a type (reusable capsules such as Crew Dragon Endeavour)."""

    id: Id
    type: Id
    name: Text
    serial: str | None = None
    note: Text | None = None
