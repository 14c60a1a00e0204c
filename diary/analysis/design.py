"""The design matrix of the main model: which days enter the fit, and which columns.

Columns, in order: the intercept, the time terms (``trend.trend_terms``: the
slow trend with its bends, and the day of the week), one marker per pattern of
blank cells, then one column per factor (and per lag). Factors that never vary
apart from others, or from the time terms (exact linear dependence), are taken
out of the fit and reported as "cannot be separated".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .candidates import Candidate
from .gates import COMPLETE_SHARE
from .trend import trend_terms

ORTHONORMAL = 1e-10  # how far from orthonormal (largest entry of Q'Q − I) a computed basis may be
DEPENDENT = 1e-7  # a column whose part not explained by the others is this small (relative) adds nothing


@dataclass(frozen=True)
class Design:
    """What the main model is fitted to."""

    matrix: np.ndarray  # one row per day used
    names: list[str]  # one per column: intercept, time terms…, "not recorded:<id>"…, factor ids
    filled: dict[str, np.ndarray]  # each factor's column as it entered (a blank cell at the factor's mean)
    tangled: dict[
        str, tuple[str, ...]
    ]  # a factor that cannot be separated → the factors it never varied apart from (empty: the time terms)
    basis: _Basis = field(repr=False, compare=False)  # of the matrix's columns: is a further column new?

    @property
    def fittable(self) -> bool:
        """Enough days for every column and the autocorrelation, with a little to spare."""
        return self.matrix.shape[0] > self.matrix.shape[1] + 2

    def with_factor(self, f: Candidate, rows: np.ndarray) -> Design | None:
        """The same design with one more factor (the painkiller), or None when the others already explain it."""
        values = f.values[rows].copy()
        blank = np.isnan(values)
        basis = self.basis.copy()
        columns, names = [], []
        if blank.any():
            values[blank] = values[~blank].mean()
            marker = blank.astype(float)
            new_part = basis.new_part(marker)
            if new_part is not None:  # a pattern of blank cells no marker in the design has
                basis.keep(new_part)
                columns.append(marker)
                names.append(f"not recorded:{f.id}")
        new_part = basis.new_part(values)
        if new_part is None:
            return None
        basis.keep(new_part)
        matrix = np.column_stack([self.matrix, *columns, values])
        return Design(matrix, [*self.names, *names, f.id], {**self.filled, f.id: values}, self.tangled, basis)


def days_used(factors: Sequence[Candidate], outcome_days: np.ndarray) -> np.ndarray:
    """The calendar days the fit uses (a boolean mask).

    A factor that stays the same for weeks (the mattress) needs its value on
    every day used. When blank cells of day-to-day factors would cost more than
    a few days, those days are kept: the blank is marked by a missing-value
    indicator (and set to the factor's mean), so it neither counts as "no" nor
    drops the day for the other factors.
    """
    rows = outcome_days.copy()
    day_to_day = []
    for f in factors:
        if f.persistent(outcome_days):
            rows &= ~np.isnan(f.values)
        else:
            day_to_day.append(f)
    complete = rows.copy()
    for f in day_to_day:
        complete &= ~np.isnan(f.values)
    return complete if complete.sum() >= COMPLETE_SHARE * rows.sum() else rows


def orthonormal(columns: np.ndarray) -> np.ndarray:
    """An orthonormal basis of ``columns`` (full column rank), as a QR decomposition's Q would be.

    By Cholesky QR, twice: from the columns' cross-products, which for the ten
    years' trend (some 90 columns) takes a quarter of a Householder QR's time,
    and twice makes it orthonormal to rounding (the second pass starts from
    columns already nearly so). Columns too close to dependent for that (the
    check fails) take the Householder QR.
    """
    q = columns
    try:
        for _ in range(2):
            q = q @ np.linalg.inv(np.linalg.cholesky(q.T @ q).T)  # Q = X R⁻¹, R'R = X'X
    except np.linalg.LinAlgError:
        return np.linalg.qr(columns)[0]
    gram = q.T @ q
    if not np.all(np.isfinite(gram)) or np.abs(gram - np.eye(gram.shape[0])).max() > ORTHONORMAL:
        return np.linalg.qr(columns)[0]
    return q


class _Basis:
    """An orthonormal basis of the columns kept so far: is a new column anything new?

    Its columns live in one array with room to grow (column-major, so the kept
    ones are one contiguous block): keeping a column copies nothing.
    """

    def __init__(self, q: np.ndarray, room: int = 0) -> None:
        self._store = np.empty((q.shape[0], q.shape[1] + room), order="F")
        self._store[:, : q.shape[1]] = q
        self._kept = q.shape[1]

    @classmethod
    def of(cls, columns: np.ndarray, room: int = 0) -> _Basis:
        return cls(orthonormal(columns), room)

    @property
    def q(self) -> np.ndarray:
        """The orthonormal columns kept so far."""
        return self._store[:, : self._kept]

    def copy(self, room: int = 2) -> _Basis:
        return _Basis(self.q, room)

    def rest(self, column: np.ndarray) -> np.ndarray:
        """The part of ``column`` the kept columns do not explain."""
        q = self.q
        return column - q @ (q.T @ column)

    def new_part(self, column: np.ndarray) -> np.ndarray | None:
        """The part of ``column`` the kept columns do not explain, or None when it adds nothing."""
        size = float(np.linalg.norm(column))
        if not size > 0:
            return None
        rest = self.rest(column)
        return rest if float(np.linalg.norm(rest)) > DEPENDENT * size else None

    def keep(self, new_part: np.ndarray) -> None:
        """Keep a column, given its new part (``new_part``)."""
        rest = self.rest(new_part)  # twice is enough for a numerically orthogonal basis
        if self._kept == self._store.shape[1]:  # out of room: grow by half
            grown = np.empty((self._store.shape[0], self._kept + max(4, self._kept // 2)), order="F")
            grown[:, : self._kept] = self.q
            self._store = grown
        self._store[:, self._kept] = rest / np.linalg.norm(rest)
        self._kept += 1


def build_design(
    factors: Sequence[Candidate],
    rows: np.ndarray,
    day: np.ndarray,
    weekday: np.ndarray | None = None,
    *,
    bends: Sequence[float] = (),
) -> Design:
    """The matrix for ``factors`` on the days ``rows``.

    ``day``/``weekday``: the calendar day numbers and days of the week of those
    days; ``bends``: day numbers where the trend may change its slope.
    """
    time, time_names = trend_terms(day, weekday, bends=bends)
    base = np.column_stack([np.ones(int(rows.sum())), time])
    names = ["intercept", *time_names]
    basis = _Basis.of(base, room=2 * len(factors))  # a marker and a column per factor at most
    markers, filled = [], {}
    for f in factors:
        values = f.values[rows].copy()
        blank = np.isnan(values)
        if blank.any():
            values[blank] = values[~blank].mean()
            marker = blank.astype(float)
            new_part = basis.new_part(marker)
            if new_part is not None:  # one marker per pattern of blank cells
                basis.keep(new_part)
                markers.append(marker)
                names.append(f"not recorded:{f.id}")
        filled[f.id] = values
    if markers:
        base = np.column_stack([base, *markers])
    kept, tangled = _separable(factors, filled, basis)
    matrix = np.column_stack([base, *(filled[i] for i in kept)]) if kept else base
    return Design(matrix, names + kept, filled, tangled, basis)


def _separable(
    factors: Sequence[Candidate], filled: dict[str, np.ndarray], basis: _Basis
) -> tuple[list[str], dict[str, tuple[str, ...]]]:
    """The factors kept in the fit, and each one that cannot be separated with those it never varied apart from.

    A factor whose column the earlier ones (with the intercept, the time terms
    and the markers) already explain is left out; its partners are the kept
    factors it is a combination of (none: the time terms alone explain it).
    Every member of such a group is reported.
    """
    base = basis.copy(room=0)  # the intercept, the time terms and the markers only
    kept: list[str] = []
    rests: list[np.ndarray] = []  # each kept factor beyond the base
    tangled: dict[str, set[str]] = {}
    for f in factors:
        column = filled[f.id]
        new_part = basis.new_part(column)
        if new_part is not None:
            basis.keep(new_part)
            kept.append(f.id)
            rests.append(base.rest(column))
            continue
        partners: list[str] = []
        if rests:
            coef, *_ = np.linalg.lstsq(np.column_stack(rests), base.rest(column), rcond=None)
            partners = [kept[i] for i, c in enumerate(coef) if abs(c) > 1e-6]
        group = {f.id, *partners}
        for member in group:
            tangled.setdefault(member, set()).update(group - {member})
    return kept, {k: tuple(sorted(v)) for k, v in tangled.items()}
