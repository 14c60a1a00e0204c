"""The Trends page's calendar: a cell a day (weeks by weekdays), or a month a cell for long ranges, and its line.

Pure functions on the entries DataFrame, like the rest of ``diary.views.trends``; the heatmap in
``diary.views.charts.trends`` draws these cells.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pandas as pd

from ..analysis import OUTCOMES
from ..wording import WEEKDAYS, day_labels, month_label, plural
from . import trends_words as words
from .trends import Takeaway, no_mornings_logged, range_series, resolution_for


def calendar_cells(
    frame: pd.DataFrame, column: str = "pain", start: dt.date | None = None, end: dt.date | None = None
) -> tuple[Literal["day", "month"], pd.DataFrame]:
    """The calendar heatmap's cells: a day each (weeks × weekdays), or a month each for long ranges.

    Daily cells: ``date``, ``week`` (its Monday), ``weekday``, ``value``
    (missing on a day not logged), ``label``. Monthly cells: ``year``,
    ``month``, ``value`` (mean of the days logged), ``n``, ``label``.
    """
    series = range_series(frame, column, start, end)
    if series.empty:
        return "day", pd.DataFrame(columns=["date", "week", "weekday", "value", "label"])
    if resolution_for(series.index[0].date(), series.index[-1].date()) == "day":
        index = pd.DatetimeIndex(series.index)
        return "day", pd.DataFrame(
            {
                "date": index,
                "week": index - pd.to_timedelta(index.day_of_week, unit="D"),
                "weekday": [WEEKDAYS[d.weekday()] for d in index],
                "value": series["value"].to_numpy(),
                "label": day_labels(index),
            }
        )
    days = pd.DatetimeIndex(series.index)
    months = series["value"].groupby([days.year, days.month])
    table = pd.DataFrame({"value": months.mean(), "n": months.count()})
    table.index.names = ["year", "month"]
    table = table.reset_index()
    table["label"] = [
        f"{month_label(dt.date(int(y), int(m), 1))}: {plural(int(n), 'day')} logged"
        for y, m, n in zip(table["year"], table["month"], table["n"], strict=True)
    ]
    return "month", table


MIN_MONTH_DAYS = 7  # a month with fewer logged days is not called the best or worst


def calendar_takeaway(
    frame: pd.DataFrame, column: str = "pain", start: dt.date | None = None, end: dt.date | None = None
) -> Takeaway:
    """How much of the range is logged, and how many mornings were bad or good (or the best and worst month)."""
    resolution, cells = calendar_cells(frame, column, start, end)
    if cells.empty or cells["value"].isna().all():
        return Takeaway(no_mornings_logged(start, end), enough=False)
    if resolution == "day":
        values = cells["value"].dropna()
        text = f"You logged {len(values)} of the {plural(len(cells), 'day')} in this range"
        if column != "pain":
            return Takeaway(text + ".")
        if len(values) == 1:  # one morning: its pain, not counts of bad and good mornings
            return Takeaway(f"You logged 1 morning in this range: pain {values.iloc[0]:g}.")
        high, low = int((values >= 7).sum()), int((values <= 3).sum())
        return Takeaway(f"{text}; pain was 7 or more on {high} and 3 or less on {low} of them.")
    usable = cells[cells["n"] >= MIN_MONTH_DAYS]
    logged, total = int(cells["n"].sum()), len(range_series(frame, column, start, end))
    text = f"You logged {logged:,} of the {total:,} days in this range"
    if len(usable) < 2:
        return Takeaway(text + ".")
    shown = usable["value"].round(1)  # months that read the same are a tie, not one month the best
    if shown.nunique() == 1:
        return Takeaway(f"{text}. {words.months_alike(len(usable), MIN_MONTH_DAYS, float(shown.iloc[0]))}")
    high_word, low_word = ("worst", "best") if OUTCOMES[column].higher_is_worse else ("best", "worst")
    highest = _month_words(usable[shown == shown.max()], high_word)
    lowest = _month_words(usable[shown == shown.min()], low_word)
    return Takeaway(f"{text}. {highest[0].upper()}{highest[1:]}; {lowest}.")


def _month_words(months: pd.DataFrame, word: str) -> str:
    """The best (worst) month, or the months tied for it (in date order) with the latest named."""
    latest = months.iloc[-1]
    name = month_label(dt.date(int(latest["year"]), int(latest["month"]), 1))
    return words.best_month(word, len(months), name, float(latest["value"]), int(latest["n"]))
