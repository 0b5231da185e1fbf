"""Element sets: TLE forms, OMM forms, selection by epoch, station element sets, malformed input."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest
from orbit_helpers import ISS_LAUNCHES, malformed_cases, meter, omm_csv, omm_fields, omm_json, omm_xml, utc

from crewplan.domain.places import Capacity, Port, Segment, Station, StationOrbit
from crewplan.errors import ElementSetError
from crewplan.orbit.elements import (
    ElementRecord,
    parse_tle,
    read_elements,
    read_elements_text,
    read_tle_text,
    select_elements,
    station_elements,
)
from crewplan.orbit.propagate import propagate
from crewplan.timeutil import to_unix

one_microsecond = dt.timedelta(microseconds=1)


def element_pairs(path: Path) -> list[tuple[str, str, str]]:
    """(provenance comment, line 1, line 2) of every set in a tests/data file, read without crewplan."""
    lines = path.read_text().splitlines()
    return [(lines[i], lines[i + 1], lines[i + 2]) for i, text in enumerate(lines) if text.startswith("# epoch=")]


def test_epochs_match_the_provenance_comments() -> None:
    records = read_elements(ISS_LAUNCHES)
    sets = element_pairs(ISS_LAUNCHES)
    assert len(records) == len(sets)
    stated = sorted(dt.datetime.fromisoformat(re.search(r"epoch=(\S+)", c)[1].replace("Z", "+00:00"))  # type: ignore[index]
                    for c, _, _ in sets)
    for record, when in zip(records, stated, strict=True):
        assert dt.timedelta(0) <= record.epoch_utc - when < dt.timedelta(seconds=1)  # comments truncate to 1 s


def test_two_and_three_line_forms_with_comments_read_the_same() -> None:
    sets = element_pairs(ISS_LAUNCHES)[:3]
    two = "\n".join(f"{a}\n{b}" for _, a, b in sets)
    three = "\n".join(f"ISS (ZARYA)\n{a}\n{b}" for _, a, b in sets)
    zero = "# a comment\n\n" + "\n".join(f"0 ISS (ZARYA)\n# between\n{a}\n{b}" for _, a, b in sets)
    for text in (two, three):
        records = read_tle_text(text)
        assert [r.lines for r in records] == [(a, b) for _, a, b in sets]
    assert [r.name for r in read_tle_text(three)] == ["ISS (ZARYA)"] * 3
    assert [r.name for r in read_tle_text(zero)] == ["ISS (ZARYA)"] * 3  # '0 ' prefix, comments between


@pytest.mark.parametrize("form", ["xml", "json", "csv"])
def test_omm_forms_give_the_same_orbit_as_the_tle(form: str, tmp_path: Path) -> None:
    sets = element_pairs(ISS_LAUNCHES)[:4]
    items = [omm_fields(a, b, "ISS (ZARYA)") for _, a, b in sets]
    writer = {"xml": omm_xml, "json": omm_json, "csv": omm_csv}[form]
    path = tmp_path / f"iss.{form}"
    path.write_text(writer(items))
    from_omm = read_elements(path)
    from_tle = read_elements_text("\n".join(f"{a}\n{b}" for _, a, b in sets))
    assert len(from_omm) == len(from_tle) == 4
    for omm, tle in zip(from_omm, from_tle, strict=True):
        assert abs(omm.epoch_utc - tle.epoch_utc) <= one_microsecond
        assert omm.name == "ISS (ZARYA)"
        unix = to_unix(tle.epoch_utc) + np.linspace(0.0, 86_400.0, 25)
        assert np.max(np.linalg.norm(propagate([omm], unix).r_km - propagate([tle], unix).r_km, axis=1)) < meter
    # the content decides the form, not the file name
    assert len(read_elements_text(writer(items), "no-suffix")) == 4


def test_omm_json_single_object_and_line_numbers(tmp_path: Path) -> None:
    _, a, b = element_pairs(ISS_LAUNCHES)[0]
    text = "\n\n" + omm_json([omm_fields(a, b, "ISS")]).strip()[1:-1].strip()  # one object, not a list
    records = read_elements_text(text, "one.json")
    assert len(records) == 1 and records[0].line == 3


def test_select_latest_epoch_not_after_the_instant() -> None:
    records = read_elements(ISS_LAUNCHES)
    epochs = [r.epoch_utc for r in records]
    for k, epoch in enumerate(epochs[1:], start=1):
        assert select_elements(records, epoch) is records[k]  # at the epoch: that set
        assert select_elements(records, epoch - one_microsecond) is records[k - 1]
        assert select_elements(records, epoch + dt.timedelta(hours=1)).epoch_utc <= epoch + dt.timedelta(hours=1)
    assert select_elements(records, epochs[0] - dt.timedelta(days=30)) is records[0]  # before all: the first
    assert select_elements(records, epochs[-1] + dt.timedelta(days=30)) is records[-1]
    with pytest.raises(ValueError, match="no time zone"):
        select_elements(records, dt.datetime(2025, 1, 1))


def _station(orbit: StationOrbit) -> Station:
    return Station(id="iss", name="ISS", operator="nasa",
                   segments=(Segment(id="us", name="US", operator="nasa"),),
                   ports=(Port(id="p", name="p", module="m", standard="idss"),),
                   capacity=Capacity(nominal_crew=7, handover_crew=11), orbit=orbit)


def test_station_elements_from_file_and_inline() -> None:
    sets = element_pairs(ISS_LAUNCHES)
    from_file = station_elements(_station(StationOrbit(elements_file=str(ISS_LAUNCHES), inclination_deg=51.6,
                                                       altitude_km=400)))
    assert len(from_file) == len(sets)
    inline = StationOrbit(elements=({"name": "ISS", "line1": sets[1][1], "line2": sets[1][2]},  # type: ignore[arg-type]
                                    {"line1": sets[0][1], "line2": sets[0][2]}),
                          inclination_deg=51.6, altitude_km=400)
    records = station_elements(_station(inline))
    assert [r.lines for r in records] == [(sets[0][1], sets[0][2]), (sets[1][1], sets[1][2])]  # by epoch
    with pytest.raises(ElementSetError, match="has no element sets"):
        station_elements(_station(StationOrbit(inclination_deg=51.6, altitude_km=400)))


def test_parse_tle_keeps_where_it_came_from() -> None:
    _, a, b = element_pairs(ISS_LAUNCHES)[0]
    record = parse_tle(a, b, file="x.tle", line=7, name="ISS")
    assert isinstance(record, ElementRecord)
    assert (record.file, record.line, record.name, record.lines) == ("x.tle", 7, "ISS", (a, b))
    # epoch field "25070.19861505": day 70 of 2025, 0.19861505 of a day after midnight
    assert abs(record.epoch_utc - (utc(2025, 1, 1) + dt.timedelta(days=69.19861505))) <= one_microsecond


GOOD_2 = element_pairs(ISS_LAUNCHES)[0][2]


@pytest.mark.parametrize(("kind", "name", "content", "line", "fragment"), malformed_cases(GOOD_2),
                         ids=[case[0] for case in malformed_cases(GOOD_2)])
def test_malformed_element_files_name_file_line_and_problem(kind: str, name: str, content: bytes, line: int,
                                                           fragment: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ElementSetError) as caught:
        read_elements(path)
    error = caught.value
    assert error.file == str(path)
    assert error.line == line, str(error)
    where = f"{path}:{line}: " if line else f"{path}: "
    assert str(error).startswith(where)
    assert fragment in str(error)


def test_missing_file_is_named() -> None:
    with pytest.raises(ElementSetError, match=r"nowhere\.tle: cannot read element file"):
        read_elements("nowhere.tle")
