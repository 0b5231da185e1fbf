"""UTC handling at the edges and split Julian dates inside."""

import datetime as dt

import pytest

from crewplan.errors import InputError
from crewplan.timeutil import from_unix, iso_z, parse_utc, require_utc, to_jd, unix_to_jd

one_microsecond_in_days = 1e-6 / 86_400


def test_naive_datetime_is_refused_with_the_fix():
    with pytest.raises(InputError) as caught:
        require_utc(dt.datetime(2026, 4, 24, 9, 17))
    assert "2026-04-24T09:17:00Z" in str(caught.value)


def test_other_zones_are_converted_to_utc():
    beijing = dt.timezone(dt.timedelta(hours=8))
    assert require_utc(dt.datetime(2003, 10, 15, 9, 0, 3, tzinfo=beijing)) == dt.datetime(
        2003, 10, 15, 1, 0, 3, tzinfo=dt.UTC)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-04-24", dt.datetime(2026, 4, 24, tzinfo=dt.UTC)),
    ("2026-04-24T09:17:00Z", dt.datetime(2026, 4, 24, 9, 17, tzinfo=dt.UTC)),
    ("2026-04-24T17:17:00+08:00", dt.datetime(2026, 4, 24, 9, 17, tzinfo=dt.UTC)),
])
def test_parse_utc(text, expected):
    assert parse_utc(text) == expected


@pytest.mark.parametrize("text", ["2026-04-24T09:17:00", "yesterday", "2026-02-30"])
def test_parse_utc_refuses_bad_text(text):
    with pytest.raises(InputError):
        parse_utc(text)


def test_julian_date_of_j2000_matches_the_definition():
    # J2000.0 is JD 2451545.0 = 2000-01-01T12:00:00 TT; in UTC (no leap-second model here) that is
    # the calendar instant 2000-01-01T12:00:00, JD 2451545.0 exactly.
    jd, fr = to_jd(dt.datetime(2000, 1, 1, 12, tzinfo=dt.UTC))
    assert jd == 2451544.5
    assert fr == pytest.approx(0.5, abs=one_microsecond_in_days)


def test_array_julian_dates_agree_with_scalar():
    instant = dt.datetime(2025, 4, 24, 9, 17, 5, tzinfo=dt.UTC)
    jd, fr = unix_to_jd([instant.timestamp()])
    assert (jd[0], fr[0]) == pytest.approx(to_jd(instant), abs=one_microsecond_in_days)
    assert from_unix(instant.timestamp()) == instant
    assert iso_z(instant) == "2025-04-24T09:17:05Z"
