"""The lag explorer: exertion one to four days before the morning, and the last three days together.

Each lag is its own regression with AR(1) errors and the same slow trend as
every other fit (``trend.trend_terms``), so the lags are compared on the same
footing. A first look at timing, not a verdict: the lags are not corrected for
being several.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .calendar import column_values, daily_calendar
from .gates import MIN_DAYS
from .trend import trend_terms

# (calendar column, label, lag id); row D holds the day before D, so "exertion_step" is one day before.
LAG_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("exertion_step", "the day before", "lag0"),
    ("exertion_lag1", "2 days before", "lag1"),
    ("exertion_lag2", "3 days before", "lag2"),
    ("exertion_lag3", "4 days before", "lag3"),
    ("exertion_sum3", "the last 3 days together", "sum3"),
)
TABLE_COLUMNS = ["lag", "label", "n", "estimate", "ci_low", "ci_high"]


def lag_effects(frame: pd.DataFrame, outcome: str = "pain") -> pd.DataFrame:
    """Exertion 1–4 days before the morning (and the last three days together), each with a 95 % interval.

    One row per lag: ``lag``, ``label``, ``n`` (days with both values),
    ``estimate``, ``ci_low``, ``ci_high`` (None with too few days or no variation).
    """
    cal = daily_calendar(frame)
    if cal.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    y = column_values(cal, outcome)
    return pd.DataFrame([_lag_effect(cal, y, column, lag, label) for column, label, lag in LAG_COLUMNS])


def _lag_effect(cal: pd.DataFrame, y: np.ndarray, column: str, lag: str, label: str) -> dict[str, object]:
    x = column_values(cal, column)
    keep = ~np.isnan(x) & ~np.isnan(y)
    row: dict[str, object] = dict(
        zip(TABLE_COLUMNS, [lag, label, int(keep.sum()), None, None, None], strict=True)
    )
    if keep.sum() < MIN_DAYS or np.ptp(x[keep]) == 0:
        return row
    from ..stats import fit_ar1_regression  # statsmodels and scipy load only when a fit is asked for

    day = cal["day"].to_numpy()[keep].astype(float)
    trend, trend_names = trend_terms(day)
    X = np.column_stack([np.ones(int(keep.sum())), x[keep], trend])
    c = fit_ar1_regression(y[keep], X, day, ["intercept", "x", *trend_names])["x"]
    row.update(estimate=c.estimate, ci_low=c.ci_low, ci_high=c.ci_high)
    return row
