"""Shared building blocks of the domain model: the frozen base model, ids, and UTC dates.

Every entity is a frozen pydantic model that forbids unknown keys. Dates in files are ISO 8601 in UTC,
either a day (``2026-04-24``) or an instant (``2026-04-24T09:17:00Z``); a naive instant is refused.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, StringConstraints, model_validator

from crewplan.timeutil import DATE_RANGE, in_date_range

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$")]
"""A short identifier: letters, digits, ``_ . + -``; up to 64 characters."""

Text = Annotated[str, StringConstraints(max_length=4000)]
"""Free text (names, notes, citations), bounded so that a hostile file cannot make it huge."""


class Model(BaseModel):
    """Base of every domain entity: frozen, unknown keys refused, no true/false where a number belongs."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False)

    @model_validator(mode="before")
    @classmethod
    def _no_bool_numbers(cls, data: Any) -> Any:
        # pydantic reads true as 1 in a number field; a YAML "yes" there is a mistake, not a count.
        if isinstance(data, dict):
            for name in _numeric_fields(cls):
                field = cls.model_fields[name]
                key = field.alias if field.alias in data else name
                if isinstance(data.get(key), bool):
                    raise ValueError(f"{key} is {str(data[key]).lower()}, not a number")
        return data


@functools.cache
def _numeric_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` whose type is a number (``int``, ``float``, optional or constrained)."""

    def numeric(annotation: Any) -> bool:
        if annotation in (int, float):
            return True
        return any(numeric(arg) for arg in typing.get_args(annotation) if arg is not type(None))

    return tuple(name for name, field in cls.model_fields.items() if numeric(field.annotation))


def _parse_when(value: Any) -> dt.date | dt.datetime:
    try:
        parsed = _parse_any_when(value)
    except OverflowError:
        raise ValueError(f"date out of range; expected {DATE_RANGE}") from None
    if not in_date_range(day_of(parsed)):
        raise ValueError(f"date out of range; expected {DATE_RANGE}")
    return parsed


def _parse_any_when(value: Any) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise ValueError("a time without a time zone; write it in UTC with a Z suffix")
        return value.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError("a date (2026-04-24) or a UTC time (2026-04-24T09:17:00Z)")
    text = value.strip()
    if len(text) == 10:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("not a valid calendar date; expected YYYY-MM-DD") from None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError("not an ISO 8601 date or time; expected 2026-04-24 or 2026-04-24T09:17:00Z") from None
    if parsed.tzinfo is None:
        raise ValueError("a time without a time zone; write it in UTC with a Z suffix, e.g. 2026-04-24T09:17:00Z")
    return parsed.astimezone(dt.UTC)


def _parse_day(value: Any) -> dt.date:
    parsed = _parse_when(value)
    if isinstance(parsed, dt.datetime):
        raise ValueError("a day (YYYY-MM-DD) without a time of day")
    return parsed


def _dump_when(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


When = Annotated[dt.date | dt.datetime, PlainValidator(_parse_when), PlainSerializer(_dump_when)]
"""A UTC day or a UTC instant; instants are always timezone-aware and in UTC."""

Day = Annotated[dt.date, PlainValidator(_parse_day), PlainSerializer(_dump_when)]
"""A UTC calendar day."""


def day_of(value: dt.date | dt.datetime) -> dt.date:
    """The UTC calendar day of a day or an instant."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).date()
    return value


def instant_of(value: dt.date | dt.datetime) -> dt.datetime:
    """The instant of a day (00:00 UTC) or an instant."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
