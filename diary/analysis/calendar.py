"""The diary on a daily calendar: one row per day, missing days kept missing.

"Yesterday" is a column of the same row (DESIGN "What an entry means");
longer lags come from shifting rows of this calendar, so they are never taken
from the wrong day when a morning was not logged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..fields import SCALE_STEPS

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
