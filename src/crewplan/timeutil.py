"""UTC at the edges, split Julian dates inside.

Every datetime that enters crewplan must be timezone-aware; a naive one is refused with a message that
shows the fix (the habit of skyfield's ``_naive_complaint``). Inside the orbit code time is a split Julian
date ``(jd, fr)`` as sgp4 wants it, for precision.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from crewplan.errors import UsageError

UTC = dt.UTC
SECONDS_PER_DAY = 86_400.0
# Julian date of the Unix epoch 1970-01-01T00:00:00 UTC.
JD_UNIX_EPOCH = 2_440_587.5
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2199, 12, 31)
"""Every date crewplan reads lies in these years: plans reach decades ahead and add at most a few decades of
days (docked lives, rests, shifts) to a date, which stays far inside Python's calendar (year 9999)."""
DATE_RANGE = f"a date from {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"


def in_date_range(day: dt.date) -> bool:
    """Whether ``day`` lies in the years crewplan plans in (:data:`EARLIEST_DAY` to :data:`LATEST_DAY`)."""
    return EARLIEST_DAY <= day <= LATEST_DAY


def require_utc(value: dt.datetime, what: str = "datetime") -> dt.datetime:
    """Return ``value`` converted to UTC; refuse a naive datetime with the fix spelled out."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise UsageError(
            f"{what} {value.isoformat()} has no time zone; crewplan needs UTC: write "
            f"'{value.isoformat()}Z' in files, or datetime(..., tzinfo=datetime.UTC) in Python"
        )
    return value.astimezone(UTC)


def parse_utc(text: str, what: str = "time") -> dt.datetime:
    """Parse ISO 8601 text as a UTC instant. A bare date means 00:00 UTC that day."""
    raw = text.strip()
    try:
        if len(raw) == 10:
            day = dt.date.fromisoformat(raw)
            value = dt.datetime(day.year, day.month, day.day, tzinfo=UTC)
        else:
            value = dt.datetime.fromisoformat(raw.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"{what} {raw!r} is not an ISO 8601 UTC time; expected e.g. 2026-04-24 or 2026-04-24T09:17:00Z"
        ) from None
    try:
        utc = require_utc(value, what)
    except OverflowError:
        raise UsageError(f"{what} {raw!r} is out of range; expected {DATE_RANGE}") from None
    if not in_date_range(utc.date()):
        raise UsageError(f"{what} {raw!r} is out of range; expected {DATE_RANGE}")
    return utc


def start_of_day(day: dt.date) -> dt.datetime:
    """00:00 UTC of ``day``."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=UTC)


def as_utc(value: dt.date | dt.datetime) -> dt.datetime:
    """A date as 00:00 UTC that day; an aware datetime converted to UTC."""
    if isinstance(value, dt.datetime):
        return require_utc(value)
    return start_of_day(value)


def iso_z(value: dt.datetime) -> str:
    """``2026-04-24T09:17:00Z`` (seconds precision, the Z suffix)."""
    return require_utc(value).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def to_jd(value: dt.datetime) -> tuple[float, float]:
    """Split Julian date ``(jd, fr)`` of an aware datetime: ``jd`` the midnight-aligned whole part."""
    utc = require_utc(value)
    seconds = (utc - dt.datetime(1970, 1, 1, tzinfo=UTC)).total_seconds()
    days = seconds / SECONDS_PER_DAY
    whole = np.floor(days)
    return JD_UNIX_EPOCH + float(whole), float(days - whole)


def unix_to_jd(unix_s: npt.ArrayLike) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Split Julian dates for an array of Unix seconds (UTC, no leap seconds, as sgp4 expects)."""
    seconds = np.asarray(unix_s, dtype=np.float64)
    days = seconds / SECONDS_PER_DAY
    whole = np.floor(days)
    return JD_UNIX_EPOCH + whole, days - whole


def to_unix(value: dt.datetime) -> float:
    """Unix seconds of an aware datetime."""
    return require_utc(value).timestamp()


def from_unix(seconds: float) -> dt.datetime:
    """Aware UTC datetime from Unix seconds."""
    return dt.datetime.fromtimestamp(float(seconds), tz=UTC)
