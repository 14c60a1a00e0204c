"""The design matrix of the main model: which days enter the fit, and which columns.

Columns, in order: the intercept, the slow trend (``trend.trend_terms``), one
marker per pattern of blank cells, then one column per factor. Factors that
never vary apart from others (exact linear dependence) are taken out of the
fit and reported as "cannot be separated".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .candidates import Candidate
from .gates import COMPLETE_SHARE
from .trend import trend_terms


@dataclass(frozen=True)
class Design:
    """What the main model is fitted to."""

    matrix: np.ndarray  # one row per day used
    names: list[str]  # one per column: intercept, trend…, "not recorded:<id>"…, factor ids
    filled: dict[str, np.ndarray]  # each factor's column as it entered (a blank cell at the factor's mean)
    tangled: dict[
        str, tuple[str, ...]
    ]  # a factor that cannot be separated → the factors it never varied apart from

    @property
    def fittable(self) -> bool:
        """Enough days for every column and the autocorrelation, with a little to spare."""
        return self.matrix.shape[0] > self.matrix.shape[1] + 2


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


def build_design(factors: Sequence[Candidate], rows: np.ndarray, day: np.ndarray) -> Design:
    """The matrix for ``factors`` on the days ``rows``; ``day``: their calendar day numbers."""
    trend, trend_names = trend_terms(day)
    base = np.column_stack([np.ones(int(rows.sum())), trend])
    names = ["intercept", *trend_names]
    filled: dict[str, np.ndarray] = {}
    for f in factors:
        values = f.values[rows].copy()
        blank = np.isnan(values)
        if blank.any():
            values[blank] = values[~blank].mean()
            widened = np.column_stack([base, blank.astype(float)])
            if np.linalg.matrix_rank(widened) == widened.shape[1]:  # one marker per blank pattern
                base = widened
                names.append(f"not recorded:{f.id}")
        filled[f.id] = values
    ids = [f.id for f in factors]
    matrix = np.column_stack([base, *filled.values()]) if factors else base
    protected = base.shape[1]
    groups = _dependent_groups(matrix, protected)
    tangled: dict[str, tuple[str, ...]] = {}
    for group in groups:
        members = [ids[i - protected] for i in group]
        for member in members:
            others = {m for m in members if m != member}
            tangled[member] = tuple(sorted(set(tangled.get(member, ())) | others))
    dropped = {group[0] for group in groups}
    keep = list(range(protected)) + [i for i in range(protected, matrix.shape[1]) if i not in dropped]
    kept_names = names + [ids[i - protected] for i in keep[protected:]]
    return Design(matrix[:, keep], kept_names, filled, tangled)


def _dependent_groups(matrix: np.ndarray, protected: int) -> list[list[int]]:
    """Groups of factor columns that never vary apart (exact linear dependence).

    ``protected`` leading columns (intercept, trend, markers) are always kept.
    Each group holds the dropped column and the kept columns it is a combination of.
    """
    groups: list[list[int]] = []
    kept: list[int] = list(range(protected))
    for j in range(protected, matrix.shape[1]):
        trial = [*kept, j]
        sub = matrix[:, trial]
        if np.linalg.matrix_rank(sub, tol=1e-8 * max(1.0, np.abs(sub).max())) == len(trial):
            kept.append(j)
            continue
        coef, *_ = np.linalg.lstsq(matrix[:, kept], matrix[:, j], rcond=None)
        partners = [kept[i] for i, c in enumerate(coef) if kept[i] >= protected and abs(c) > 1e-6]
        groups.append([j, *partners])
    return groups
