"""The slow trend every fit allows for: pain often eases (or worsens) by itself over weeks.

One term, used by the main model, by before/after and by the lag explorer, so
that a factor, a switch and a lag are all judged against the same picture of
how the diary was going anyway. Time is in years from the middle of the days
used; diaries longer than a year get a bend at each full year, so a trend that
flattens out is not mistaken for an effect.
"""

from __future__ import annotations

import numpy as np

DAYS_PER_YEAR = 365.25
BEND_EVERY_DAYS = 365  # a new slope from each full year of the days used


def trend_terms(day: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The trend's columns for the days used (calendar day numbers) and their names.

    A straight line, plus one hinge at each full year after the first day used
    (``trend_bend_365``, ``trend_bend_730`` …) when the days span more than a year.
    """
    day = np.asarray(day, dtype=float)
    columns = [(day - day.mean()) / DAYS_PER_YEAR]
    names = ["trend"]
    span = day.max() - day.min()
    for knot in range(BEND_EVERY_DAYS, int(span), BEND_EVERY_DAYS):
        columns.append(np.maximum(day - day.min() - knot, 0) / DAYS_PER_YEAR)
        names.append(f"trend_bend_{knot}")
    return np.column_stack(columns), names
