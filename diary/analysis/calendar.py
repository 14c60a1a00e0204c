"""The diary on a daily calendar: one row per day, missing days kept missing.

"Yesterday" is a column of the same row (DESIGN "What an entry means");
longer lags come from shifting rows of this calendar, so they are never taken
from the wrong day when a morning was not logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..entry.fields import SCALE_STEPS
from .gates import MIN_LEVEL_DAYS

LAGS = (2, 3)  # exertion this many days before the morning, beside the row's own (the day before: lag 1)


def daily_calendar(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per calendar day from the first to the last entry; missing days stay empty.

    Indexed by date, with ``day`` (days since the first entry), ``weekday``
    (0 = Monday), ``logged``, scale steps (``exertion_step``, ``stress_step``)
    and the longer lags of exertion: row ``D`` holds the day before ``D`` (lag 1),
    so ``exertion_lag2`` is two days before the morning and ``exertion_lag3`` three.
    """
    if frame.empty:
        empty = frame.set_index("date")
        empty["day"] = pd.Series(dtype="int64")
        empty["weekday"] = pd.Series(dtype="int64")
        return empty
    data = frame.set_index("date").sort_index()
    days = pd.date_range(data.index[0], data.index[-1], freq="D", name="date")
    cal = data.reindex(days)
    cal["firmness"] = _firmness_from_mattress(cal["mattress"], cal["firmness"])
    cal["logged"] = cal["pain"].notna()
    cal["day"] = np.arange(len(cal))
    cal["weekday"] = days.day_of_week
    for name, steps in SCALE_STEPS.items():
        cal[f"{name}_step"] = cal[name].astype("object").map(steps).astype("Float64")
    for lag in LAGS:
        cal[f"exertion_lag{lag}"] = cal["exertion_step"].shift(lag - 1)
    return cal


def _firmness_from_mattress(mattress: pd.Series, firmness: pd.Series) -> pd.Series:
    """A night's firmness left blank is its mattress's: the firmness most often logged for that mattress."""
    blank = firmness.isna() & mattress.notna()
    if not blank.any():
        return firmness
    known = pd.DataFrame({"mattress": mattress, "firmness": firmness}).dropna()
    if known.empty:
        return firmness
    usual = known.groupby("mattress", observed=True)["firmness"].agg(lambda v: str(v.value_counts().idxmax()))
    filled = firmness.copy()
    filled[blank] = mattress[blank].map(usual).astype(firmness.dtype)
    return filled


def calendar_dates(cal: pd.DataFrame) -> pd.DatetimeIndex:
    """The calendar's days."""
    return pd.DatetimeIndex(cal.index)


def column_values(cal: pd.DataFrame, column: str) -> np.ndarray:
    """A calendar column as floats, NaN where nothing was recorded."""
    return cal[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)


NEAR_DAYS = 14
"""A change needs days recorded within this many days on each side (``NEAR_ENOUGH``) to be measured:
across a longer gap a step and the trend's own turn cannot be told apart (the interval runs to hundreds
of points, or a confident number comes from the curve's guess at the weeks without days)."""

NEAR_ENOUGH = MIN_LEVEL_DAYS
"""Days recorded within ``NEAR_DAYS`` on each side of a date that a before/after needs."""


@dataclass(frozen=True)
class FarSide:
    """A side of a date with fewer than ``NEAR_ENOUGH`` days recorded within ``NEAR_DAYS`` (but enough further
    off): ``"before"`` or ``"after"``, how many it has there, and the closest day recorded on it."""

    side: Literal["before", "after"]
    near: int
    nearest: dt.date


def far_side_of(recorded: pd.DatetimeIndex, day: dt.date) -> FarSide | None:
    """The side of ``day`` with too few of the ``recorded`` days near it (before first), or ``None``.

    A side with too few days in all is no gap: the gates say "not enough days" for it.
    """
    at, reach = pd.Timestamp(day), pd.Timedelta(days=NEAR_DAYS)
    before, after = recorded[recorded < at], recorded[recorded >= at]
    near_before = int((before >= at - reach).sum())
    near_after = int((after < at + reach).sum())
    if near_before < NEAR_ENOUGH <= len(before):
        return FarSide("before", near_before, before[-1].date())
    if near_after < NEAR_ENOUGH <= len(after):
        return FarSide("after", near_after, after[0].date())
    return None
