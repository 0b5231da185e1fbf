"""Agencies, astronauts, qualifications, courses and training facilities."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from crewplan.domain.base import Day, Id, Model, Text


class AgencyKind(StrEnum):
    NATIONAL = "national"
    INTERGOVERNMENTAL = "intergovernmental"
    COMMERCIAL = "commercial"
    PRIVATE = "private"


class Agency(Model):
    """A space agency or operator. ``country`` is an ISO 3166-1 alpha-2 code; intergovernmental
    agencies list their ``member_states`` instead."""

    id: Id
    name: Text
    kind: AgencyKind = AgencyKind.NATIONAL
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    member_states: tuple[str, ...] = ()
    source: Text | None = None
    note: Text | None = None


class Category(StrEnum):
    PROFESSIONAL = "professional"
    PAYLOAD_SPECIALIST = "payload_specialist"
    SPACEFLIGHT_PARTICIPANT = "spaceflight_participant"


class Medical(StrEnum):
    FIT = "fit"
    RESTRICTED = "restricted"
    GROUNDED = "grounded"


class LanguageSkill(Model):
    """A language (ISO 639-1 code) at an ILR level 0 (none) to 5 (native)."""

    language: str = Field(pattern=r"^[a-z]{2}$")
    level: int = Field(ge=0, le=5)
    source: Text | None = None
    """Where the level comes from (for real people: a source, or "implied by their assignment to ...")."""


class Body(Model):
    """Body measures used for seat fit. Only for fictional candidates: never invent them for real people."""

    height_cm: float = Field(ge=100, le=230)
    sitting_height_cm: float | None = Field(default=None, ge=50, le=120)
    mass_kg: float = Field(ge=30, le=200)


class HeldQualification(Model):
    """A qualification an astronaut holds: earned on a day, valid until ``expires`` (exclusive) if set."""

    qualification: Id
    earned: Day
    expires: Day | None = None
    source: Text | None = None
    """Where it comes from (for real people: a source, or "implied by their assignment to ...")."""

    @model_validator(mode="after")
    def _order(self) -> HeldQualification:
        if self.expires is not None and self.expires <= self.earned:
            raise ValueError(f"expires {self.expires} is not after earned {self.earned}")
        return self


class Astronaut(Model):
    """A person of one agency who may fly. ``fictional`` marks invented planning candidates."""

    id: Id
    name: Text
    agency: Id
    nationalities: tuple[str, ...] = Field(min_length=1)
    category: Category = Category.PROFESSIONAL
    sex: str | None = Field(default=None, pattern=r"^[FMX]$")
    languages: tuple[LanguageSkill, ...] = ()
    body: Body | None = None
    qualifications: tuple[HeldQualification, ...] = ()
    available_from: Day | None = None
    available_until: Day | None = None
    medical: Medical = Medical.FIT
    fictional: bool = False
    source: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _checks(self) -> Astronaut:
        for code in self.nationalities:
            if len(code) != 2 or not code.isalpha() or not code.isupper():
                raise ValueError(f"nationality {code!r} is not an ISO 3166-1 alpha-2 code such as CN or US")
        if self.available_from and self.available_until and self.available_until < self.available_from:
            raise ValueError(f"available_until {self.available_until} is before available_from {self.available_from}")
        if self.body is not None and not self.fictional:
            raise ValueError("body measures are only allowed for fictional candidates (fictional: true)")
        return self


class Qualification(Model):
    """A qualification granted by a course; valid ``validity_months`` after it is earned (none: forever)."""

    id: Id
    name: Text
    validity_months: int | None = Field(default=None, ge=1, le=600)
    vehicle_type: Id | None = None
    station: Id | None = None
    note: Text | None = None


class Facility(Model):
    """A training facility run by an agency."""

    id: Id
    name: Text
    agency: Id
    location: Text | None = None
    latitude_deg: float | None = Field(default=None, ge=-90, le=90)
    longitude_deg: float | None = Field(default=None, ge=-180, le=180)


class CourseSession(Model):
    """One run of a course, starting on a day, with a capacity of trainees."""

    start: Day
    capacity: int = Field(default=4, ge=1, le=1000)


class Course(Model):
    """A course given by an agency at a facility; needs prerequisites, grants qualifications."""

    id: Id
    name: Text
    provider: Id
    facility: Id | None = None
    duration_weeks: float = Field(gt=0, le=520)
    prerequisites: tuple[Id, ...] = ()
    grants: tuple[Id, ...] = Field(min_length=1)
    sessions: tuple[CourseSession, ...] = ()
    languages: tuple[str, ...] = ()
    refresher: bool = False
    """A refresher: only for someone who has held every qualification it grants before (expired or not);
    the short course that renews a repeat flyer's qualifications instead of the full one."""
    note: Text | None = None


class Booking(Model):
    """A trainee's place in one run of a course: planned by crewplan (a manifest's ``bookings``) or recorded.

    The course runs from ``start`` to ``end``, the day its qualifications are earned.
    """

    id: Id
    astronaut: Id
    course: Id
    start: Day
    end: Day
    for_flight: Id | None = None
    """The flight the training is for, if any."""
    note: Text | None = None

    @model_validator(mode="after")
    def _order(self) -> Booking:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self
