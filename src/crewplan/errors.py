"""One error tree for crewplan.

::

    CrewplanError
     ├── InputError (also ValueError)      bad input from a user: a file, a flag, a value
     │    ├── ScenarioError                 a scenario file that does not validate; carries every Problem
     │    ├── ElementSetError               a TLE or OMM element set that does not parse
     │    └── UsageError                    a command-line or API argument that makes no sense
     ├── OrbitError                         propagation failed (sgp4 error code), no window exists, ...
     └── InfeasibleError                    no plan satisfies the hard rules (carries the explanation)

The command line prints ``str(error)`` and exits 2 for every ``InputError``; it never shows a traceback.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass


class CrewplanError(Exception):
    """Base of every error crewplan raises on purpose."""


class InputError(CrewplanError, ValueError):
    """Bad input: the message says what was wrong and what would be right."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    Attributes:
        file: the file's path as the user gave it (or ``<string>``).
        line: 1-based line number, or 0 when the problem has no single line.
        path: dotted path to the field, e.g. ``flights[3].site``.
        message: what is wrong, in plain words.
        got: the offending value, shortened for display (``None`` if not applicable).
        expected: what would be valid (``None`` if not applicable).
    """

    file: str
    line: int
    path: str
    message: str
    got: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.path or '<document>'}: {self.message}"
        extra = []
        if self.got is not None:
            extra.append(f"got {self.got}")
        if self.expected is not None:
            extra.append(f"expected {self.expected}")
        if extra:
            text += f" ({'; '.join(extra)})"
        return text


class ScenarioError(InputError):
    """A scenario that does not validate. ``problems`` lists every problem found, in file order."""

    SHOWN = 100
    """The message lists at most this many problems (``problems`` holds them all)."""

    def __init__(self, problems: list[Problem], what: str = "scenario") -> None:
        self.problems = sorted(problems, key=_problem_order)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in {what}"
        shown = [f"  {p}" for p in self.problems[: self.SHOWN]]
        if count > self.SHOWN:
            shown.append(f"  ... and {count - self.SHOWN} more (fix these first, or see them all with --json)")
        super().__init__(head + ":\n" + "\n".join(shown))


def _problem_order(p: Problem) -> tuple[str, int, list[int | str]]:
    """File, line, then the path with its indexes compared as numbers (``[9]`` before ``[10]``)."""
    return p.file, p.line, [int(part) if part.isdecimal() else part for part in re.split(r"(\d+)", p.path)]


class ElementSetError(InputError):
    """An element set (TLE or OMM) that cannot be read."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file = file
        self.line = line
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


class UsageError(InputError):
    """An argument that makes no sense (unknown id, end before start, ...)."""


class OrbitError(CrewplanError):
    """A numerical failure in the orbit layer (sgp4 error code, decayed orbit, ...)."""


class InfeasibleError(CrewplanError):
    """No plan satisfies the hard rules; ``explanation`` says which rules conflict."""

    def __init__(self, message: str, explanation: object = None) -> None:
        self.explanation = explanation
        super().__init__(message)


def shorten(value: object, limit: int = 60) -> str:
    """Render a value for an error message, cut to ``limit`` characters."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def nearest(value: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``value`` (wrong case first, then spelling), if any is close."""
    by_lower: dict[str, str] = {}
    for name in known:
        by_lower.setdefault(name.lower(), name)
    if value.lower() in by_lower:
        return by_lower[value.lower()]
    hits = difflib.get_close_matches(value.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[hits[0]] if hits else None


def known_ids(value: str, known: Iterable[str], noun: str, limit: int = 10) -> str:
    """What to say about an id that is not among ``known``: ``the id of a station: did you mean 'iss'? known
    ids: css, iss``."""
    names = sorted(set(known))
    article = "an" if noun[:1] in "aeiou" else "a"
    if not names:
        return f"{article} {noun} defined in the scenario (none are)"
    near = nearest(value, names)
    shown = ", ".join(names[:limit]) + (f", ... ({len(names)} in all)" if len(names) > limit else "")
    hint = f"did you mean {near!r}? " if near and near != value else ""
    return f"the id of {article} {noun}: {hint}known ids: {shown}"
