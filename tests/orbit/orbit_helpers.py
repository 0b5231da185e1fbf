"""Plain helpers of the orbit tests (data paths, hand-built domain objects); fixtures live in conftest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from crewplan.domain.places import AzimuthRange, LaunchSite
from crewplan.domain.vehicles import RendezvousProfile, VehicleType

DATA = Path(__file__).resolve().parents[1] / "data"
CSS_LAUNCHES = DATA / "css-48274-launches.tle"
ISS_LAUNCHES = DATA / "iss-25544-launches.tle"
FLIGHTS_CSV = DATA / "flights.csv"

# Named tolerances, in physical units.
one_second = 1.0  # s
arcsecond = 1.0 / 3600.0  # deg
meter = 1e-3  # km


def make_site(site_id: str, latitude_deg: float, longitude_deg: float, altitude_m: float = 0.0,
              azimuths: tuple[tuple[float, float], ...] = ((0.0, 360.0),)) -> LaunchSite:
    return LaunchSite(id=site_id, name=site_id, country="XX", latitude_deg=latitude_deg,
                      longitude_deg=longitude_deg, altitude_m=altitude_m,
                      azimuths=tuple(AzimuthRange(min_deg=lo, max_deg=hi) for lo, hi in azimuths))


def make_vehicle(vehicle_id: str = "test-vehicle", *, plane_tolerance_deg: float = 0.05,
                 ascent_lead_minutes: float = 0.0,
                 profiles: tuple[tuple[str, float, float, float], ...] = ()) -> VehicleType:
    return VehicleType(
        id=vehicle_id, name=vehicle_id, operator="test", seats=3, docking_standard="test",
        docked_life_days=200, plane_tolerance_deg=plane_tolerance_deg, ascent_lead_minutes=ascent_lead_minutes,
        rendezvous_profiles=tuple(RendezvousProfile(id=p, hours=h, phase_deg_min=lo, phase_deg_max=hi)
                                  for p, h, lo, hi in profiles))


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)  # type: ignore[misc]


# --- OMM documents built from real element sets ---------------------------------------------------------
# The project has no OMM files from a catalogue, so the tests write OMM documents (in CelesTrak's XML, JSON
# and CSV layouts) from the real TLE sets in tests/data with sgp4's own exporter, and check that reading
# them back gives the same orbit.

_META = ("OBJECT_NAME", "OBJECT_ID", "CENTER_NAME", "REF_FRAME", "TIME_SYSTEM", "MEAN_ELEMENT_THEORY")
_MEAN = ("EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE", "ARG_OF_PERICENTER",
         "MEAN_ANOMALY")
_TLE_PARAMETERS = ("EPHEMERIS_TYPE", "CLASSIFICATION_TYPE", "NORAD_CAT_ID", "ELEMENT_SET_NO", "REV_AT_EPOCH",
                   "BSTAR", "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT")


def omm_fields(line1: str, line2: str, name: str) -> dict[str, object]:
    from sgp4.api import Satrec
    from sgp4.exporter import export_omm

    fields: dict[str, object] = export_omm(Satrec.twoline2rv(line1, line2), name)
    return fields


def omm_json(items: list[dict[str, object]]) -> str:
    import json

    return json.dumps(items, indent=1)


def omm_csv(items: list[dict[str, object]]) -> str:
    keys = list(items[0])
    rows = [",".join(keys)] + [",".join(str(item[k]) for k in keys) for item in items]
    return "\n".join(rows) + "\n"


def omm_xml(items: list[dict[str, object]]) -> str:
    def block(tag: str, keys: tuple[str, ...], item: dict[str, object]) -> str:
        inner = "".join(f"\n      <{k}>{item[k]}</{k}>" for k in keys if k in item)
        return f"    <{tag}>{inner}\n    </{tag}>"

    segments = []
    for item in items:
        segments.append(
            "  <segment>\n" + block("metadata", _META, item) + "\n    <data>\n"
            + block("meanElements", _MEAN, item) + "\n" + block("tleParameters", _TLE_PARAMETERS, item)
            + "\n    </data>\n  </segment>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<ndm><omm id="CCSDS_OMM_VERS" version="2.0"><body>\n'
            + "\n".join(segments) + "\n</body></omm></ndm>\n")


# --- malformed element files ------------------------------------------------------------------------

# A real ISS set (tests/data/iss-25544-launches.tle, epoch 2025-03-11T04:46:00Z).
GOOD_1 = "1 25544U 98067A   25070.19861505  .00013846  00000-0  25100-3 0  9992"


def _with_checksum(line: str) -> str:
    from sgp4.io import compute_checksum

    return line[:68] + str(compute_checksum(line))


def malformed_cases(good_2: str) -> list[tuple[str, str, bytes, int, str]]:
    """``(kind, file name, content, expected line, expected message fragment)`` for each kind of damage."""
    fields = omm_fields(GOOD_1, good_2, "ISS (ZARYA)")
    head = "# header comment\n"
    bad_sum_1 = GOOD_1[:68] + str((int(GOOD_1[68]) + 1) % 10)
    bad_sum_2 = good_2[:68] + str((int(good_2[68]) + 1) % 10)
    bad_incl = _with_checksum(good_2[:8] + " 5X.6383" + good_2[16:])
    bad_ecc = _with_checksum(good_2[:26] + "0.00049" + good_2[33:])
    high_incl = _with_checksum(good_2[:8] + "191.6383"[:8] + good_2[16:])
    other_sat = _with_checksum(good_2[:2] + "48274" + good_2[7:])
    missing = {k: v for k, v in fields.items() if k != "MEAN_MOTION"}
    bad_ecc_csv = dict(fields, ECCENTRICITY="0.0001x")
    bad_epoch = dict(fields, EPOCH="2025-13-40T99:00:00")
    json_text = omm_json([fields])
    broken_json = json_text.replace('"MEAN_MOTION":', '"MEAN_MOTION"', 1)
    broken_json_line = broken_json[: broken_json.index('"MEAN_MOTION"')].count("\n") + 1
    xml_text = omm_xml([fields])
    broken_xml = xml_text.replace("</INCLINATION>", "</INCLINATON>", 1)
    broken_xml_line = broken_xml[: broken_xml.index("</INCLINATON>")].count("\n") + 1
    missing_json = omm_json([missing])
    bad_epoch_json = omm_json([bad_epoch])
    doctype = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n'
    epoch_line = bad_epoch_json[: bad_epoch_json.index('"EPOCH"')].count("\n") + 1
    return [
        ("checksum-line-1", "a.tle", (head + f"{bad_sum_1}\n{good_2}\n").encode(), 2, "bad checksum on element line 1"),
        ("checksum-line-2", "a.tle", (head + f"{GOOD_1}\n{bad_sum_2}\n").encode(), 3, "bad checksum on element line 2"),
        ("line-1-alone", "a.tle", (head + f"{GOOD_1}\n").encode(), 2, "has no line 2 after it"),
        ("line-2-alone", "a.tle", (head + f"{good_2}\n").encode(), 2, "line 2 without a line 1"),
        ("short-line", "a.tle", (head + f"{GOOD_1}\n{good_2[:50]}\n").encode(), 3, "has 50 characters"),
        ("long-line", "a.tle", (head + f"{GOOD_1}  extra\n{good_2}\n").encode(), 2, "extra text after the checksum"),
        ("catalogue-mismatch", "a.tle", (head + f"{GOOD_1}\n{other_sat}\n").encode(), 3, "catalogue numbers differ"),
        ("non-numeric-field", "a.tle", (head + f"{GOOD_1}\n{bad_incl}\n").encode(), 3, "columns 9-16 (inclination"),
        ("eccentricity-format", "a.tle", (head + f"{GOOD_1}\n{bad_ecc}\n").encode(), 3, "columns 27-33 (eccentricity"),
        ("out-of-range", "a.tle", (head + f"{GOOD_1}\n{high_incl}\n").encode(), 3, "outside 0..180"),
        ("name-without-elements", "a.tle", (head + "ISS (ZARYA)\nnot an element line\n").encode(), 2,
         "is not followed by element line 1"),
        ("no-element-sets", "a.tle", b"# only a comment\n\n", 0, "no element sets found"),
        ("not-utf8", "a.tle", (head + GOOD_1 + "\n").encode() + b"\xff\xfe\n", 3, "not UTF-8"),
        ("json-syntax", "a.json", broken_json.encode(), broken_json_line, "not valid JSON"),
        ("json-missing-field", "a.json", missing_json.encode(), 2, "lacks MEAN_MOTION"),
        ("json-bad-epoch", "a.json", bad_epoch_json.encode(), epoch_line, "EPOCH"),
        ("xml-not-well-formed", "a.xml", broken_xml.encode(), broken_xml_line, "not well-formed XML"),
        ("xml-doctype", "a.xml", (doctype + xml_text.split("\n", 1)[1]).encode(), 2, "DOCTYPE"),
        ("csv-not-a-number", "a.csv", omm_csv([bad_ecc_csv]).encode(), 2, "ECCENTRICITY is not a number"),
    ]
