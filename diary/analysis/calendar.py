"""The diary on a daily calendar: one row per day, missing days kept missing.

"Yesterday" is a column of the same row (DESIGN "What an entry means");
longer lags come from shifting rows of this calendar, so they are never taken
from the wrong day when a morning was not logged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..fields import SCALE_STEPS

LAGS = (0, 1, 2, 3)


def daily_calendar(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per calendar day from the first to the last entry; missing days stay empty.

    Indexed by date, with ``day`` (days since the first entry), ``logged``,
    scale steps (``exertion_step``, ``stress_step``), lags of exertion and
    lifting (``exertion_lag1`` = two days before the morning, as row ``D`` holds
    the day before), and ``exertion_sum3`` (the last three days together).
    """
    if frame.empty:
        empty = frame.set_index("date")
        empty["day"] = pd.Series(dtype="int64")
        return empty
    data = frame.set_index("date").sort_index()
    days = pd.date_range(data.index[0], data.index[-1], freq="D", name="date")
    cal = data.reindex(days)
    cal["firmness"] = _firmness_from_mattress(cal["mattress"], cal["firmness"])
    cal["logged"] = cal["pain"].notna()
    cal["day"] = np.arange(len(cal))
    for name, steps in SCALE_STEPS.items():
        cal[f"{name}_step"] = cal[name].astype("object").map(steps).astype("Float64")
    for lag in LAGS[1:]:
        cal[f"exertion_lag{lag}"] = cal["exertion_step"].shift(lag)
        cal[f"lifting_lag{lag}"] = cal["lifting"].astype("Float64").shift(lag)
    cal["exertion_sum3"] = cal["exertion_step"] + cal["exertion_lag1"] + cal["exertion_lag2"]
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
