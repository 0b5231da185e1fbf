"""Element sets: TLE (two- and three-line) and OMM (XML, JSON, CSV), read with sgp4's own parsers.

Every failure is an :class:`~crewplan.errors.ElementSetError` naming the file, the line and the problem,
with a template of the right format where one helps (the habit of ``sgp4/io.py``).

Selection rule used everywhere in crewplan: for an instant, the latest set whose epoch is not after it
(:func:`select_elements`).
"""

from __future__ import annotations

import bisect
import calendar
import csv
import datetime as dt
import functools
import io
import json
import math
import re
import stat
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sgp4 import io as sgp4_io
from sgp4 import omm as sgp4_omm
from sgp4.api import SGP4_ERRORS, WGS72, Satrec
from sgp4.earth_gravity import wgs72
from sgp4.exporter import export_tle

from crewplan.errors import ElementSetError, shorten
from crewplan.timeutil import EARLIEST_DAY, LATEST_DAY, in_date_range, require_utc

if TYPE_CHECKING:
    from crewplan.domain.places import Station

TLE_LINE_TEMPLATE = {
    1: "1 NNNNNC NNNNNAAA NNNNN.NNNNNNNN +.NNNNNNNN +NNNNN-N +NNNNN-N N NNNNN",
    2: "2 NNNNN NNN.NNNN NNN.NNNN NNNNNNN NNN.NNNN NNN.NNNN NN.NNNNNNNNNNNNNN",
}

# Fixed-column fields of a TLE (1-based, inclusive columns as in the Space-Track format description),
# with a parser that says whether the text is valid and an allowed range for the value.
_Field = tuple[int, int, str, str, tuple[float, float] | None]
_TLE_FIELDS: dict[int, tuple[_Field, ...]] = {
    1: (
        (19, 20, "epoch year (two digits)", "int", (0, 99)),
        (21, 32, "epoch day of year", "float", (1.0, 367.0)),
        (34, 43, "first derivative of mean motion", "float", None),
        (45, 52, "second derivative of mean motion (implied decimal)", "exp", None),
        (54, 61, "BSTAR drag term (implied decimal)", "exp", None),
        (65, 68, "element set number", "int_blank", None),
    ),
    2: (
        (9, 16, "inclination (degrees)", "float", (0.0, 180.0)),
        (18, 25, "right ascension of the ascending node (degrees)", "float", (0.0, 360.0)),
        (27, 33, "eccentricity (implied leading decimal point)", "digits", None),
        (35, 42, "argument of perigee (degrees)", "float", (0.0, 360.0)),
        (44, 51, "mean anomaly (degrees)", "float", (0.0, 360.0)),
        (53, 63, "mean motion (revolutions per day)", "float", (0.05, 20.0)),
        (64, 68, "revolution number at epoch", "int_blank", None),
    ),
}
_EXP_FIELD = re.compile(r"^[ +-]?\d{0,5} ?[+-]\d$|^[ +-]?0{0,5} ?[+-]?0$")


@dataclass(frozen=True)
class ElementRecord:
    """One element set, parsed.

    Attributes:
        satrec: sgp4's satellite record (WGS72 constants, as TLEs are fitted).
        epoch_utc: the element set's epoch.
        name: the satellite name (line 0 of a three-line set, ``OBJECT_NAME`` of an OMM), if any.
        lines: the element lines as given; for an OMM, the equivalent TLE lines written by sgp4's exporter.
        file: where it came from; ``line``: the 1-based line of its first element line (or OMM record) there.
    """

    satrec: Satrec
    epoch_utc: dt.datetime
    name: str | None
    lines: tuple[str, str]
    file: str
    line: int

    @property
    def epoch_unix_s(self) -> float:
        """The epoch as Unix seconds (UTC)."""
        return float(self.satrec.jdsatepoch - 2_440_587.5 + self.satrec.jdsatepochF) * 86_400.0


def epoch_of(satrec: Satrec) -> dt.datetime:
    """The epoch of an sgp4 record as an aware UTC datetime (microsecond precision)."""
    seconds = (satrec.jdsatepoch - 2_440_587.5 + satrec.jdsatepochF) * 86_400.0
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=round(seconds, 6))


def _check_field(text: str, kind: str) -> bool:
    body = text.strip()
    if kind == "int":
        return body.isdigit()
    if kind == "int_blank":
        return body == "" or body.isdigit()
    if kind == "digits":
        return len(body) == len(text) and body.isdigit()
    if kind == "exp":
        return bool(_EXP_FIELD.match(text.rstrip())) if body else True
    try:
        float(body)
    except ValueError:
        return False
    return True


def _check_fields(number: int, text: str, file: str, at: int) -> None:
    """Name the first malformed fixed-column field of a TLE line, with its columns and the template."""
    for first, last, what, kind, bounds in _TLE_FIELDS[number]:
        chunk = text[first - 1:last]
        if not _check_field(chunk, kind):
            raise ElementSetError(
                file, at, f"element line {number}, columns {first}-{last} ({what}): got {chunk!r}, "
                f"which is not a valid {'number' if kind != 'digits' else 'digit string'}\n"
                f"  line:     {text}\n  expected: {TLE_LINE_TEMPLATE[number]}")
        if bounds is not None:
            value = float(chunk)
            if not bounds[0] <= value <= bounds[1]:
                raise ElementSetError(
                    file, at, f"element line {number}, columns {first}-{last} ({what}): {value:g} is outside "
                    f"{bounds[0]:g}..{bounds[1]:g}")


def parse_tle(line1: str, line2: str, *, file: str = "<string>", line: int = 0, name: str | None = None
              ) -> ElementRecord:
    """Parse one two-line element set, checking format and checksums with sgp4's parser.

    Args:
        line1, line2: the element lines.
        file, line: where they came from, for error messages (``line`` is line 1's line number).
        name: the satellite name, if a three-line set gave one.

    Raises:
        ElementSetError: on a bad checksum or a malformed field, naming the file and the line.
    """
    line1 = line1.rstrip("\r\n ")
    line2 = line2.rstrip("\r\n ")
    for number, text, at in ((1, line1, line), (2, line2, line + 1 if line else 0)):
        if not text.startswith(f"{number} "):
            raise ElementSetError(
                file, at, f"element line {number} must start with '{number} '; got {text[:20]!r}\n"
                f"  expected a line like: {TLE_LINE_TEMPLATE[number]}")
        if not text.isascii():
            raise ElementSetError(file, at, f"element line {number} contains non-ASCII characters: "
                                  f"{shorten(text, 80)}")
        if len(text) < 68:
            raise ElementSetError(
                file, at, f"element line {number} has {len(text)} characters; a TLE line has 69\n"
                f"  line:     {text}\n  expected: {TLE_LINE_TEMPLATE[number]}")
        if len(text) > 69:
            raise ElementSetError(
                file, at, f"element line {number} has {len(text)} characters; a TLE line has 69 "
                f"(extra text after the checksum column: {text[69:]!r})")
        if len(text) == 69:
            try:
                sgp4_io.verify_checksum(text)
            except ValueError as error:
                raise ElementSetError(file, at, f"bad checksum on element line {number}: "
                                      f"{str(error).splitlines()[0]}") from None
        _check_fields(number, text, file, at)
    _check_epoch_day(line1, file, line)
    if line1[2:7] != line2[2:7]:
        raise ElementSetError(file, line + 1 if line else 0,
                              f"catalogue numbers differ between line 1 ({line1[2:7]!r}) and line 2 "
                              f"({line2[2:7]!r}); the two lines are not one element set")
    try:
        sgp4_io.twoline2rv(line1, line2, wgs72)
    except (ValueError, IndexError) as error:
        message = " ".join(str(error).split())
        raise ElementSetError(file, line, f"malformed element set: {message}") from None
    satrec = Satrec.twoline2rv(line1, line2, WGS72)
    if satrec.error:
        raise ElementSetError(file, line, f"sgp4 cannot initialise this element set: "
                              f"{SGP4_ERRORS.get(satrec.error, f'error {satrec.error}')}")
    return ElementRecord(satrec, epoch_of(satrec), name, (line1, line2), file, line)


def _check_epoch_day(line1: str, file: str, at: int) -> None:
    """The epoch day of year (columns 21-32) must exist in its year: sgp4 rolls 25366.5 into 2026."""
    try:
        year, day = int(line1[18:20]), float(line1[20:32])
    except ValueError:
        return  # the field checks report it
    full = year + (1900 if year >= 57 else 2000)
    days = 366 if calendar.isleap(full) else 365
    if not 1.0 <= day < days + 1.0:
        raise ElementSetError(file, at, f"element line 1 epoch day {day:g} does not exist in {full} (expected 1 "
                              f"to {days}.99999999)\n  line:     {line1}\n  expected: {TLE_LINE_TEMPLATE[1]}")


def read_tle_text(text: str, file: str = "<string>") -> list[ElementRecord]:
    """Read every element set in a TLE document (two- or three-line form; ``#`` lines are comments)."""
    records: list[ElementRecord] = []
    pending_name: str | None = None
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        raw = lines[index].rstrip()
        number = index + 1
        if not raw.strip() or raw.lstrip().startswith("#"):
            index += 1
            continue
        if raw.startswith("1 "):
            if index + 1 >= len(lines) or not lines[index + 1].startswith("2"):
                raise ElementSetError(file, number, "element line 1 has no line 2 after it\n"
                                      f"  expected next: {TLE_LINE_TEMPLATE[2]}")
            records.append(parse_tle(raw, lines[index + 1], file=file, line=number, name=pending_name))
            pending_name = None
            index += 2
            continue
        if raw.startswith("2 "):
            raise ElementSetError(file, number, "element line 2 without a line 1 before it")
        if pending_name is not None:
            raise ElementSetError(file, number - 1 if number > 1 else number,
                                  f"a name line {shorten(pending_name)} is not followed by element line 1; "
                                  f"expected a line like: {TLE_LINE_TEMPLATE[1]}")
        if raw.startswith("0 "):
            raw = raw[2:]
        if len(raw.strip()) > 69:
            raise ElementSetError(file, number, f"not a TLE line: {shorten(raw.strip())}; expected a "
                                  "satellite name (up to 24 characters) or a line starting '1 ' or '2 '")
        pending_name = raw.strip()
        index += 1
    if pending_name is not None:
        raise ElementSetError(file, len(lines), f"a name line {shorten(pending_name)} at the end of the file "
                              "has no element lines after it")
    if not records:
        raise ElementSetError(file, 0, "no element sets found; expected TLE lines starting '1 ' and '2 ' "
                              "or an OMM document (XML, JSON or CSV)")
    return sorted(records, key=lambda r: r.epoch_utc)


# --- OMM (CCSDS Orbit Mean-Elements Message) ---------------------------------------------------------

_OMM_REQUIRED = ("EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE",
                 "ARG_OF_PERICENTER", "MEAN_ANOMALY", "NORAD_CAT_ID")
_OMM_DEFAULTS = {"CLASSIFICATION_TYPE": "U", "OBJECT_ID": "", "EPHEMERIS_TYPE": "0",
                 "ELEMENT_SET_NO": "999", "REV_AT_EPOCH": "0", "BSTAR": "0", "MEAN_MOTION_DOT": "0",
                 "MEAN_MOTION_DDOT": "0"}
_OMM_RANGES = {"INCLINATION": (0.0, 180.0), "RA_OF_ASC_NODE": (-360.0, 360.0),
               "ARG_OF_PERICENTER": (-360.0, 360.0), "MEAN_ANOMALY": (-360.0, 360.0),
               "ECCENTRICITY": (0.0, 0.999999), "MEAN_MOTION": (0.05, 20.0)}


def _omm_epoch(text: str) -> dt.datetime:
    raw = text.strip().rstrip("Zz")
    if "T" not in raw:
        raise ValueError("no 'T' between date and time")
    value = dt.datetime.fromisoformat(raw)
    try:
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
    except OverflowError:
        raise ValueError("out of range") from None
    if not in_date_range(value.date()):
        raise ValueError("out of range")
    return value


def parse_omm_fields(fields: Mapping[str, Any], *, file: str = "<string>", line: int = 0,
                     field_lines: Mapping[str, int] | None = None) -> ElementRecord:
    """Build one element record from the keyword/value pairs of one OMM record.

    Args:
        fields: OMM keywords (``EPOCH``, ``MEAN_MOTION``, ... as in CCSDS 502.0-B) to their text values.
        file, line: where the record starts, for error messages.
        field_lines: the line of each keyword, where known, so that an error names the exact line.

    Raises:
        ElementSetError: a missing keyword, a value that is not a number, or one out of range.
    """
    where = dict(field_lines or {})
    clean: dict[str, str] = {}
    for key, value in fields.items():
        if key is None:
            raise ElementSetError(file, line, "an OMM CSV row has more values than the header has columns")
        clean[str(key).strip().upper()] = "" if value is None else str(value).strip()
    missing = [key for key in _OMM_REQUIRED if not clean.get(key)]
    if missing:
        raise ElementSetError(file, line, f"OMM record lacks {', '.join(missing)}; an OMM mean-elements "
                              f"record needs {', '.join(_OMM_REQUIRED)}")
    for key, default in _OMM_DEFAULTS.items():
        if not clean.get(key):
            clean[key] = default
    for key in ("MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE", "ARG_OF_PERICENTER",
                "MEAN_ANOMALY", "BSTAR", "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT"):
        try:
            value = float(clean[key])
        except ValueError:
            raise ElementSetError(file, where.get(key, line), f"OMM {key} is not a number: "
                                  f"{shorten(clean[key])}") from None
        if not math.isfinite(value):
            raise ElementSetError(file, where.get(key, line), f"OMM {key} is not finite: {clean[key]}")
        bounds = _OMM_RANGES.get(key)
        if bounds and not bounds[0] <= value <= bounds[1]:
            raise ElementSetError(file, where.get(key, line),
                                  f"OMM {key} {value:g} is outside {bounds[0]:g}..{bounds[1]:g}")
    for key, top in (("NORAD_CAT_ID", 999_999_999), ("EPHEMERIS_TYPE", 9), ("ELEMENT_SET_NO", 9999),
                     ("REV_AT_EPOCH", 9_999_999)):
        if not clean[key].lstrip("+").isdigit():
            raise ElementSetError(file, where.get(key, line), f"OMM {key} is not a whole number >= 0: "
                                  f"{shorten(clean[key])}")
        if len(clean[key]) > 12 or int(clean[key]) > top:
            raise ElementSetError(file, where.get(key, line), f"OMM {key} {shorten(clean[key])} is out of range; "
                                  f"expected 0 to {top}")
    try:
        epoch = _omm_epoch(clean["EPOCH"])
    except ValueError:
        raise ElementSetError(file, where.get("EPOCH", line),
                              f"OMM EPOCH {shorten(clean['EPOCH'])} is not an ISO 8601 UTC time in "
                              f"{EARLIEST_DAY.year} to {LATEST_DAY.year}; expected e.g. 2025-04-23T22:07:17.123456"
                              ) from None
    clean["EPOCH"] = epoch.strftime("%Y-%m-%dT%H:%M:%S.%f")
    satrec = Satrec()
    try:
        sgp4_omm.initialize(satrec, clean)
    except (ValueError, KeyError, OverflowError) as error:
        raise ElementSetError(file, line, f"sgp4 cannot read this OMM record: {error}") from None
    if satrec.error:
        raise ElementSetError(file, line, f"sgp4 cannot initialise this OMM record: "
                              f"{SGP4_ERRORS.get(satrec.error, f'error {satrec.error}')}")
    try:
        lines = export_tle(satrec)
    except (ValueError, TypeError):  # a satnum too large for a TLE: keep a placeholder
        lines = ("", "")
    name = clean.get("OBJECT_NAME") or None
    return ElementRecord(satrec, epoch_of(satrec), name, (lines[0], lines[1]), file, line)


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _field_lines(text: str, start: int, end: int, pattern: str) -> dict[str, int]:
    """Line numbers of each keyword inside ``text[start:end]``; ``pattern`` has one group, the keyword."""
    found: dict[str, int] = {}
    for match in re.finditer(pattern, text[start:end]):
        found.setdefault(match.group(1).upper(), _line_at(text, start + match.start()))
    return found


def read_omm_json(text: str, file: str = "<string>") -> list[ElementRecord]:
    """Read an OMM JSON document: one object, or a list of objects, of OMM keywords (as CelesTrak)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ElementSetError(file, error.lineno, f"not valid JSON: {error.msg} (column {error.colno})"
                              ) from None
    except RecursionError:
        raise ElementSetError(file, 0, "not an OMM document: JSON nested too deeply") from None
    items = document if isinstance(document, list) else [document]
    if not items:
        raise ElementSetError(file, 1, "no OMM records: the JSON list is empty")
    # The text offsets of each top-level object, to give every record and keyword its line.
    starts = [m.start() for m in re.finditer(r"\{", text)]
    records: list[ElementRecord] = []
    search_from = 0
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ElementSetError(file, 0, f"OMM JSON item {number} is a {type(item).__name__}, "
                                  "expected an object of OMM keywords")
        start = next((s for s in starts if s >= search_from), 0)
        end = text.find("}", start) + 1 or len(text)
        search_from = end
        lines = _field_lines(text, start, end, r'"([A-Za-z_]+)"\s*:')
        records.append(parse_omm_fields(item, file=file, line=_line_at(text, start), field_lines=lines))
    return records


def read_omm_xml(text: str, file: str = "<string>") -> list[ElementRecord]:
    """Read an OMM XML document (CCSDS NDM/XML: ``<segment>`` with metadata and mean elements)."""
    if re.search(r"<!(DOCTYPE|ENTITY)", text):
        raise ElementSetError(file, _line_at(text, re.search(r"<!(DOCTYPE|ENTITY)", text).start()),  # type: ignore[union-attr]
                              "OMM XML must not declare a DOCTYPE or entities (refused for safety)")
    try:
        segments = list(sgp4_omm.parse_xml(io.StringIO(text)))
    except ET.ParseError as error:
        line, column = error.position
        raise ElementSetError(file, line, f"not well-formed XML: {error.msg if hasattr(error, 'msg') else error}"
                              f" (column {column})") from None
    except AttributeError:
        raise ElementSetError(file, 0, "OMM XML segment lacks <metadata>, <data>, <meanElements> or "
                              "<tleParameters>") from None
    if not segments:
        raise ElementSetError(file, 0, "no OMM <segment> found in the XML document")
    spans = [m.start() for m in re.finditer(r"<segment\b", text)] + [len(text)]
    records = []
    for number, fields in enumerate(segments):
        start, end = spans[number], spans[number + 1]
        lines = _field_lines(text, start, end, r"<([A-Za-z_]+)>")
        records.append(parse_omm_fields(fields, file=file, line=_line_at(text, start), field_lines=lines))
    return records


def read_omm_csv(text: str, file: str = "<string>") -> list[ElementRecord]:
    """Read an OMM CSV document: a header row of OMM keywords, then one record per row (as CelesTrak)."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [name.strip().strip("\x00").upper() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        raise ElementSetError(file, 1, f"not valid CSV: {error}") from None
    missing = [key for key in _OMM_REQUIRED if key not in header]
    if missing:
        raise ElementSetError(file, 1, f"OMM CSV header lacks {', '.join(missing)}")
    records = []
    try:
        for row in reader:
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue
            records.append(parse_omm_fields(row, file=file, line=reader.line_num))
    except csv.Error as error:
        raise ElementSetError(file, reader.line_num, f"not valid CSV: {error}") from None
    if not records:
        raise ElementSetError(file, 0, "no OMM records after the CSV header")
    return records


def detect_format(text: str, file: str = "<string>") -> str:
    """``'tle'``, ``'omm-xml'``, ``'omm-json'`` or ``'omm-csv'``, from the content (the name as a hint)."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        return "omm-xml"
    if head.startswith(("[", "{")):
        return "omm-json"
    first = head.splitlines()[0] if head else ""
    columns = {part.strip().strip('"').upper() for part in first.split(",")}
    if not first.startswith("#") and {"EPOCH", "MEAN_MOTION"} <= columns:
        return "omm-csv"
    suffix = Path(file).suffix.lower()
    return {".xml": "omm-xml", ".json": "omm-json", ".csv": "omm-csv"}.get(suffix, "tle")


def read_elements_text(text: str, file: str = "<string>") -> list[ElementRecord]:
    """Read a TLE or OMM document from text, sorted by epoch."""
    kind = detect_format(text, file)
    readers = {"tle": read_tle_text, "omm-xml": read_omm_xml, "omm-json": read_omm_json,
               "omm-csv": read_omm_csv}
    records = readers[kind](text.lstrip("\ufeff"), file)
    return sorted(records, key=lambda r: r.epoch_utc)


MAX_ELEMENT_FILE_BYTES = 64 * 1024 * 1024
"""An element file larger than this is refused (a station's whole history since 1998 is a few MB)."""


def read_elements(path: Path | str) -> list[ElementRecord]:
    """Read a TLE or OMM (XML, JSON, CSV) file, sorted by epoch.

    Parsed files are cached by path, size and modification time (records are immutable), so that a
    station's file is parsed once per process.
    """
    file = str(path)
    try:
        info = Path(path).stat()
    except OSError as error:
        raise ElementSetError(file, 0, f"cannot read element file: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, pipe or socket)"
        raise ElementSetError(file, 0, f"cannot read element file: {what}; expected a TLE or OMM file")
    if info.st_size > MAX_ELEMENT_FILE_BYTES:
        raise ElementSetError(file, 0, f"element file is too large ({info.st_size} bytes; at most "
                              f"{MAX_ELEMENT_FILE_BYTES})")
    return list(_read_elements_cached(file, info.st_size, info.st_mtime_ns))


@functools.lru_cache(maxsize=32)
def _read_elements_cached(file: str, size: int, mtime_ns: int) -> tuple[ElementRecord, ...]:
    del size, mtime_ns  # part of the cache key only
    try:
        data = Path(file).read_bytes()
    except OSError as error:
        raise ElementSetError(file, 0, f"cannot read element file: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ElementSetError(file, line, "not UTF-8 text (an element file is ASCII)") from None
    return tuple(read_elements_text(text, file))


def station_elements(station: Station) -> list[ElementRecord]:
    """The element sets of a station: its ``orbit.elements_file`` and inline ``orbit.elements``, by epoch.

    After scenario loading ``elements_file`` is an absolute path. Raises ``ElementSetError`` if the
    station has neither.
    """
    records: list[ElementRecord] = []
    if station.orbit.elements_file:
        records.extend(read_elements(station.orbit.elements_file))
    label = f"<station {station.id} orbit.elements>"
    for number, item in enumerate(station.orbit.elements, start=1):
        records.append(parse_tle(item.line1, item.line2, file=f"{label}[{number}]", line=0, name=item.name))
    if not records:
        raise ElementSetError(f"<station {station.id}>", 0, "the station has no element sets: give "
                              "orbit.elements_file (a TLE or OMM file) or inline orbit.elements")
    return sorted(records, key=lambda r: r.epoch_utc)


def select_index(records: Sequence[ElementRecord], instant: dt.datetime) -> int:
    """Index of :func:`select_elements`' choice in ``records`` (which must be sorted by epoch)."""
    if not records:
        raise ElementSetError("<elements>", 0, "no element sets to choose from")
    epochs = [r.epoch_utc for r in records]
    return max(bisect.bisect_right(epochs, require_utc(instant, "instant")) - 1, 0)


def select_elements(records: Sequence[ElementRecord], instant: dt.datetime) -> ElementRecord:
    """The latest element set whose epoch is not after ``instant``.

    ``records`` must be sorted by epoch (every reader here returns them so). An instant before the first
    epoch gets the first set (propagated backwards), since no earlier one exists.
    """
    return records[select_index(records, instant)]
