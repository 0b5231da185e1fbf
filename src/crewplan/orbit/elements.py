"""Element sets: two-line element sets (TLE) read with sgp4's own parser and checksum check.

Every failure is an :class:`~crewplan.errors.ElementSetError` naming the file, the line and the problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sgp4 import io as sgp4_io
from sgp4.api import WGS72, Satrec
from sgp4.earth_gravity import wgs72

from crewplan.errors import ElementSetError

TLE_LINE_TEMPLATE = {
    1: "1 NNNNNC NNNNNAAA NNNNN.NNNNNNNN +.NNNNNNNN +NNNNN-N +NNNNN-N N NNNNN",
    2: "2 NNNNN NNN.NNNN NNN.NNNN NNNNNNN NNN.NNNN NNN.NNNN NN.NNNNNNNNNNNNNN",
}


@dataclass(frozen=True)
class ElementRecord:
    """One element set, parsed.

    Attributes:
        satrec: sgp4's satellite record (WGS72 constants, as TLEs are fitted).
        epoch_utc: the element set's epoch.
        name: the satellite name (line 0 of a three-line set), if any.
        lines: the element lines as given.
        file: where it came from; ``line``: the 1-based line of its first element line there.
    """

    satrec: Satrec
    epoch_utc: dt.datetime
    name: str | None
    lines: tuple[str, str]
    file: str
    line: int


def epoch_of(satrec: Satrec) -> dt.datetime:
    """The epoch of an sgp4 record as an aware UTC datetime (microsecond precision)."""
    seconds = (satrec.jdsatepoch - 2_440_587.5 + satrec.jdsatepochF) * 86_400.0
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=round(seconds, 6))


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
        if len(text) < 68:
            raise ElementSetError(
                file, at, f"element line {number} has {len(text)} characters; a TLE line has 69\n"
                f"  expected a line like: {TLE_LINE_TEMPLATE[number]}")
        if len(text) >= 69:
            try:
                sgp4_io.verify_checksum(text)
            except ValueError as error:
                raise ElementSetError(file, at, f"bad checksum on element line {number}: "
                                      f"{str(error).splitlines()[0]}") from None
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
    return ElementRecord(satrec, epoch_of(satrec), name, (line1, line2), file, line)


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
            if index + 1 >= len(lines):
                raise ElementSetError(file, number, "element line 1 has no line 2 after it")
            records.append(parse_tle(raw, lines[index + 1], file=file, line=number, name=pending_name))
            pending_name = None
            index += 2
            continue
        if raw.startswith("2 "):
            raise ElementSetError(file, number, "element line 2 without a line 1 before it")
        if raw.startswith("0 "):
            raw = raw[2:]
        pending_name = raw.strip()
        index += 1
    if not records:
        raise ElementSetError(file, 0, "no element sets found; expected TLE lines starting '1 ' and '2 '")
    return sorted(records, key=lambda r: r.epoch_utc)


def read_elements(path: Path | str) -> list[ElementRecord]:
    """Read a TLE file, sorted by epoch."""
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ElementSetError(file, 0, f"cannot read element file: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ElementSetError(file, line, "not UTF-8 text (an element file is ASCII)") from None
    return read_tle_text(text, file)
