"""Inclusive day intervals: the arithmetic every day-level rule needs.

An interval is ``(first, last)`` with both days included; a list of intervals is kept sorted and disjoint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

Interval = tuple[dt.date, dt.date]

MIN_DAY = dt.date(1900, 1, 1)
MAX_DAY = dt.date(2999, 12, 31)
ONE_DAY = dt.timedelta(days=1)


def normalize(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort, drop empty intervals, and merge overlapping or touching ones."""
    out: list[Interval] = []
    for first, last in sorted(i for i in intervals if i[0] <= i[1]):
        if out and first <= out[-1][1] + ONE_DAY:
            if last > out[-1][1]:
                out[-1] = (out[-1][0], last)
        else:
            out.append((first, last))
    return out


def intersect(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    """Days in both ``a`` and ``b``."""
    left, right = normalize(a), normalize(b)
    out: list[Interval] = []
    i = j = 0
    while i < len(left) and j < len(right):
        first = max(left[i][0], right[j][0])
        last = min(left[i][1], right[j][1])
        if first <= last:
            out.append((first, last))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    """Days in ``a`` and not in ``b``."""
    out: list[Interval] = []
    cuts = normalize(b)
    for first, last in normalize(a):
        start = first
        for cut_first, cut_last in cuts:
            if cut_last < start or cut_first > last:
                continue
            if cut_first > start:
                out.append((start, cut_first - ONE_DAY))
            start = max(start, cut_last + ONE_DAY)
            if start > last:
                break
        if start <= last:
            out.append((start, last))
    return out


def contains(intervals: Iterable[Interval], day: dt.date) -> bool:
    return any(first <= day <= last for first, last in intervals)


def clip(interval: Interval, bounds: Interval) -> Interval | None:
    """``interval`` cut to ``bounds``, or ``None`` when they do not meet."""
    first, last = max(interval[0], bounds[0]), min(interval[1], bounds[1])
    return (first, last) if first <= last else None
