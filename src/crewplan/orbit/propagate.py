"""Propagation with sgp4's array API, each instant with the latest element set not after it.

sgp4 reports a per-row error code instead of failing the whole array; here a failed row becomes a NaN
row with its code kept, and :func:`raise_for_errors` turns codes into one readable
:class:`~crewplan.errors.OrbitError` when a caller needs every row.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sgp4.api import SGP4_ERRORS

from crewplan.errors import ElementSetError, OrbitError, UsageError
from crewplan.orbit.elements import ElementRecord
from crewplan.timeutil import from_unix, iso_z, unix_to_jd

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Propagation:
    """States at many instants, TEME frame.

    Attributes:
        unix_s: the instants, Unix seconds (UTC), shape ``(n,)``.
        jd, fr: the same instants as split Julian dates (UTC).
        r_km: positions, km, shape ``(n, 3)``; NaN rows where sgp4 failed.
        v_km_s: velocities, km/s, shape ``(n, 3)``; NaN rows where sgp4 failed.
        error: sgp4 error code per row (0 = success; see ``sgp4.api.SGP4_ERRORS``).
        record_index: which element set (index into the records given) each row used.
    """

    unix_s: FloatArray
    jd: FloatArray
    fr: FloatArray
    r_km: FloatArray
    v_km_s: FloatArray
    error: npt.NDArray[np.uint8]
    record_index: IntArray


def epochs_unix_s(records: Sequence[ElementRecord]) -> FloatArray:
    """Epochs of ``records`` (sorted by epoch) as Unix seconds."""
    return np.array([r.epoch_unix_s for r in records], dtype=np.float64)


def record_indices(epochs_s: FloatArray, unix_s: FloatArray) -> IntArray:
    """For each instant, the index of the latest epoch not after it (the first epoch before them all)."""
    index = np.searchsorted(epochs_s, unix_s, side="right") - 1
    return np.asarray(np.clip(index, 0, len(epochs_s) - 1), dtype=np.intp)


def propagate(records: Sequence[ElementRecord], unix_s: npt.ArrayLike,
              epochs_s: FloatArray | None = None) -> Propagation:
    """Propagate at every instant in ``unix_s`` with the element set selected for that instant.

    Args:
        records: element sets sorted by epoch.
        unix_s: instants, Unix seconds (UTC), any order.
        epochs_s: ``epochs_unix_s(records)``, if the caller already has it.

    Returns:
        The states; rows where sgp4 reported an error are NaN and keep their error code.
    """
    if not records:
        raise ElementSetError("<elements>", 0, "no element sets to propagate")
    times = np.atleast_1d(np.asarray(unix_s, dtype=np.float64))
    epochs = epochs_unix_s(records) if epochs_s is None else epochs_s
    which = record_indices(epochs, times)
    jd, fr = unix_to_jd(times)
    n = times.shape[0]
    r = np.empty((n, 3))
    v = np.empty((n, 3))
    err = np.zeros(n, dtype=np.uint8)
    if n == 0:
        return Propagation(times, jd, fr, r, v, err, which)
    # One sgp4_array call per element set: sort by set, then walk the runs of equal set index.
    ordered = bool(np.all(which[1:] >= which[:-1]))
    order = np.arange(n) if ordered else np.argsort(which, kind="stable")
    sorted_which = which[order]
    jd_s, fr_s = jd[order], fr[order]
    r_s, v_s = np.empty((n, 3)), np.empty((n, 3))
    err_s = np.zeros(n, dtype=np.uint8)
    bounds = [0, *(np.flatnonzero(np.diff(sorted_which)) + 1).tolist(), n]
    for lo, hi in itertools.pairwise(bounds):
        satrec = records[int(sorted_which[lo])].satrec
        err_s[lo:hi], r_s[lo:hi], v_s[lo:hi] = satrec.sgp4_array(jd_s[lo:hi], fr_s[lo:hi])
    err[order], r[order], v[order] = err_s, r_s, v_s
    bad = err != 0
    if bad.any():  # sgp4 already fills NaN for most codes; make sure every failed row is NaN
        r[bad] = np.nan
        v[bad] = np.nan
    return Propagation(times, jd, fr, r, v, err, which)


def describe_errors(records: Sequence[ElementRecord], state: Propagation) -> str:
    """A plain-words summary of the failed rows of ``state`` ('' when none failed)."""
    bad = np.flatnonzero(state.error)
    if bad.size == 0:
        return ""
    parts = []
    for code in np.unique(state.error[bad]):
        rows = bad[state.error[bad] == code]
        record = records[int(state.record_index[rows[0]])]
        first, last = iso_z(from_unix(state.unix_s[rows].min())), iso_z(from_unix(state.unix_s[rows].max()))
        parts.append(
            f"sgp4 error {int(code)} ({SGP4_ERRORS.get(int(code), 'unknown error')}) at {rows.size} instant(s) "
            f"from {first} to {last}, element set of epoch {iso_z(record.epoch_utc)} "
            f"({record.file}:{record.line})")
    return "; ".join(parts)


def raise_for_errors(records: Sequence[ElementRecord], state: Propagation) -> None:
    """Raise an :class:`OrbitError` describing every sgp4 failure in ``state``, if any."""
    message = describe_errors(records, state)
    if message:
        raise OrbitError(f"propagation failed: {message}; the element set may be decayed or wrong, or too "
                         "far from its epoch")


EXTRAPOLATION_DAYS_MAX = 1827
"""How far from the nearest element set crewplan propagates (5 years). SGP4's mean elements keep the orbit
plane (what a launch window depends on) within a fraction of a degree for months, and the J2 drift of the
plane for years; beyond that, drag, reboosts and decay make any window a guess, so a span further out is
bad input (give newer element sets) rather than a number that looks precise."""


def predictable_span(records: Sequence[ElementRecord], first: dt.datetime, last: dt.datetime,
                     what: str = "the element sets") -> None:
    """Refuse, as bad input, a span the element sets cannot predict: further than
    :data:`EXTRAPOLATION_DAYS_MAX` from their epochs, or where sgp4 decays the set it would use.

    Raises:
        UsageError: with the span the sets do cover.
    """
    reach = dt.timedelta(days=EXTRAPOLATION_DAYS_MAX)
    lo, hi = records[0].epoch_utc - reach, records[-1].epoch_utc + reach
    step_s = 86_400.0
    start, end = max(first, lo), min(last, hi)
    if start <= end:
        grid = np.arange(start.timestamp(), end.timestamp() + step_s, step_s)
        state = propagate(records, grid)
        bad = np.flatnonzero(state.error)
        if bad.size:
            hi = min(hi, dt.datetime.fromtimestamp(float(grid[bad[0]]), tz=dt.UTC) - dt.timedelta(days=1))
    if first < lo or last > hi:
        raise UsageError(
            f"{what} cannot predict {first:%Y-%m-%d} to {last:%Y-%m-%d}: their epochs run from "
            f"{records[0].epoch_utc:%Y-%m-%d} to {records[-1].epoch_utc:%Y-%m-%d}, and crewplan propagates them "
            f"from {lo:%Y-%m-%d} to {hi:%Y-%m-%d} (at most {EXTRAPOLATION_DAYS_MAX} days from an epoch, and not past "
            "the day sgp4 finds the orbit decayed); give a span inside that, or newer element sets with --elements")
