"""What the Trends page draws and says: daily series, rolling means, aggregation, one-line takeaways.

Pure functions on the entries DataFrame (``Diary.load()``); no streamlit. The
charts in ``diary.charts`` draw what these functions compute, and every chart
gets a one-line takeaway from here, so the numbers in a sentence are the
numbers in the picture.

Long ranges are aggregated before they are charted: with more than
``LONG_RANGE_DAYS`` days in view one point per week is drawn (the mean of the
days logged that week), never thousands of raw days.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
import pandas as pd

MEAN_WINDOW_DAYS = 7  # the rolling mean: the days logged in the 7 calendar days up to each day
LONG_WINDOW_DAYS = 28  # the rolling mean drawn through weekly points
LONG_RANGE_DAYS = 400  # more days than this in view: one point per week
DEFAULT_RANGE_DAYS = 183  # the Trends page opens on the last 6 months
LONG_PAIN_MINUTES = 30  # morning pain lasting longer is worth noticing (DESIGN "Safety")

Resolution = Literal["day", "week"]

OUTCOME_TITLES = {
    "pain": "Morning pain (0–10)",
    "pain_minutes": "Minutes of pain after getting up",
    "sleep_quality": "Sleep quality (1–5)",
}
OUTCOME_DOMAINS: dict[str, tuple[float, float] | None] = {
    "pain": (0, 10),
    "pain_minutes": None,
    "sleep_quality": (1, 5),
}


def day_text(day: dt.date, *, year: bool = True) -> str:
    """A date as people read it in a sentence: "1 May 2025" (or "1 May")."""
    return f"{day.day} {day:%B %Y}" if year else f"{day.day} {day:%B}"


def _span_text(first: dt.date, last: dt.date) -> str:
    """ "between 1 May and 30 September 2025", with the year once when both share it."""
    if first.year == last.year:
        return f"between {day_text(first, year=False)} and {day_text(last)}"
    return f"between {day_text(first)} and {day_text(last)}"


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def _value_text(value: float, outcome: str) -> str:
    if outcome == "pain_minutes":
        return f"{value:.0f} minutes"
    return f"{value:.1f}"


# -- the range ---------------------------------------------------------------------


def diary_span(frame: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """The first and last logged date, or ``None`` for an empty diary."""
    if frame.empty:
        return None
    return frame["date"].iloc[0].date(), frame["date"].iloc[-1].date()


def default_range(frame: pd.DataFrame, days: int = DEFAULT_RANGE_DAYS) -> tuple[dt.date, dt.date] | None:
    """The last ``days`` days up to the last entry, or everything when the diary is shorter."""
    span = diary_span(frame)
    if span is None:
        return None
    first, last = span
    return max(first, last - dt.timedelta(days=days - 1)), last


def clamp_range(
    frame: pd.DataFrame, start: dt.date | None, end: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    """``start``–``end`` limited to the diary's days (a missing bound means the diary's own)."""
    span = diary_span(frame)
    if span is None:
        return None
    first, last = span
    lo = max(first, start) if start else first
    hi = min(last, end) if end else last
    if lo > hi:
        lo, hi = hi, lo
    return lo, hi


def in_range(frame: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> pd.DataFrame:
    """The entries from ``start`` to ``end`` (inclusive; a missing bound is open)."""
    mask = pd.Series(True, index=frame.index)
    if start is not None:
        mask &= frame["date"] >= pd.Timestamp(start)
    if end is not None:
        mask &= frame["date"] <= pd.Timestamp(end)
    return frame.loc[mask]


def resolution_for(start: dt.date, end: dt.date) -> Resolution:
    """One point per day for up to ``LONG_RANGE_DAYS`` days in view, one per week beyond."""
    return "week" if (end - start).days + 1 > LONG_RANGE_DAYS else "day"


# -- the daily series and its means ----------------------------------------------


def daily_series(frame: pd.DataFrame, column: str = "pain") -> pd.DataFrame:
    """One row per calendar day from the first to the last entry: ``value`` and the 7-day ``mean``.

    ``value`` is missing on a day with nothing logged (never filled in);
    ``mean`` is the mean of the days logged in the 7 calendar days up to each
    day, and is missing only when none of them was logged; ``logged_7`` says
    how many it is the mean of. ``mean_28`` is the same over 28 days.
    """
    columns = ["value", "mean", "logged_7", "mean_28"]
    if frame.empty:
        return pd.DataFrame(columns=columns, index=pd.DatetimeIndex([], name="date"), dtype=float)
    values = frame.set_index("date")[column].astype("Float64").astype(float)
    values = values[~values.index.duplicated()].sort_index()
    days = pd.date_range(values.index[0], values.index[-1], freq="D", name="date")
    value = values.reindex(days)
    rolling = value.rolling(MEAN_WINDOW_DAYS, min_periods=1)
    return pd.DataFrame(
        {
            "value": value,
            "mean": rolling.mean(),
            "logged_7": rolling.count(),
            "mean_28": value.rolling(LONG_WINDOW_DAYS, min_periods=1).mean(),
        }
    )


def _window(series: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> pd.DataFrame:
    lo = pd.Timestamp(start) if start else None
    hi = pd.Timestamp(end) if end else None
    return series.loc[lo:hi]


@dataclass(frozen=True)
class TrendData:
    """What a trend chart draws: points (days or weekly means) and a rolling-mean line."""

    resolution: Resolution
    points: pd.DataFrame  # date (where drawn), value, n (days behind the point), label
    line: pd.DataFrame  # date, mean (missing where nothing was logged in the window)
    point_label: str  # "Each morning" / "Weekly mean"
    line_label: str  # "7-day mean" / "4-week mean"


def trend_data(
    frame: pd.DataFrame,
    column: str = "pain",
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    resolution: Resolution | None = None,
) -> TrendData:
    """The points and mean line of ``column`` from ``start`` to ``end``, aggregated for long ranges.

    The means are computed on the whole diary before the range is cut, so the
    first days in view are averaged with the days just before them, not alone.
    """
    series = daily_series(frame, column)
    view = _window(series, start, end)
    if resolution is None:
        resolution = "day" if view.empty else resolution_for(view.index[0].date(), view.index[-1].date())
    if resolution == "day":
        logged = view[view["value"].notna()]
        points = pd.DataFrame(
            {
                "date": logged.index,
                "value": logged["value"].to_numpy(),
                "n": 1,
                "label": [f"{d:%a} {day_text(d.date())}" for d in logged.index],
            }
        )
        line = pd.DataFrame({"date": view.index, "mean": view["mean"].to_numpy()})
        return TrendData("day", points, line, "Each morning", "7-day mean")
    # Weeks run Monday to Sunday; a week's point sits mid-week, its 4-week mean at the week's last day in view.
    weeks = view.resample("W-MON", closed="left", label="left")
    summary = pd.DataFrame({"value": weeks["value"].mean(), "n": weeks["value"].count()})
    summary = summary[summary["n"] > 0]
    points = pd.DataFrame(
        {
            "date": summary.index + pd.Timedelta(days=3),
            "value": summary["value"].to_numpy(),
            "n": summary["n"].to_numpy(),
            "label": [
                f"Week of {day_text(d.date())} ({_plural(int(n), 'day')} logged)"
                for d, n in zip(summary.index, summary["n"], strict=True)
            ],
        }
    )
    ends = view["mean_28"].groupby(view.index.to_period("W-SUN")).tail(1)
    line = pd.DataFrame({"date": ends.index, "mean": ends.to_numpy()})
    return TrendData("week", points, line, "Weekly mean", "4-week mean")


# -- annotations -------------------------------------------------------------------


class SwitchLike(Protocol):
    """A switch as ``diary.analysis.Switch`` has it (only these attributes are read)."""

    date: dt.date
    what: str
    from_: str | None
    to: str | None


@dataclass(frozen=True)
class Change:
    """A dated change to mark on a time axis."""

    date: dt.date
    what: str  # "mattress", "position", "chosen date", …
    label: str


_WHAT_WORDS = {"mattress": "Mattress", "position": "Position habit"}


def change_label(what: str, from_: str | None, to: str | None) -> str:
    """ "Mattress: Old mattress → Foam 2025" (just the kind when the levels are unknown)."""
    head = _WHAT_WORDS.get(what, what[:1].upper() + what[1:])
    if from_ and to:
        return f"{head}: {from_} → {to}"
    if to:
        return f"{head}: {to}"
    return head


def changes_from(
    switches: Sequence[SwitchLike | tuple[dt.date, str, str | None, str | None]],
) -> list[Change]:
    """Switches (``Switch`` objects or ``find_switches`` tuples) as changes to mark, sorted by date."""
    found = []
    for s in switches:
        if isinstance(s, tuple):
            day, what, from_, to = s
        else:
            day, what, from_, to = s.date, s.what, s.from_, s.to
        found.append(Change(day, what, change_label(what, from_, to)))
    return sorted(found, key=lambda c: c.date)


# -- takeaways ---------------------------------------------------------------------


def _finite(value: object) -> bool:
    return value is not None and isinstance(value, (int, float, np.floating)) and math.isfinite(value)


def trend_takeaway(
    frame: pd.DataFrame, column: str = "pain", start: dt.date | None = None, end: dt.date | None = None
) -> str:
    """One line on where the 7-day average started and ended in the range."""
    series = _window(daily_series(frame, column), start, end)
    logged = series[series["value"].notna()]
    what = {"pain": "morning pain", "pain_minutes": "morning pain", "sleep_quality": "sleep quality"}[column]
    if logged.empty:
        if start and end:
            return f"Nothing logged {_span_text(start, end)}."
        return "Nothing logged yet."
    if len(logged) == 1:
        day = logged.index[0].date()
        return f"One morning logged in this range ({day_text(day)}): {what} {_value_text(logged['value'].iloc[0], column)}."
    means = series["mean"].dropna()
    first_day, last_day = means.index[0].date(), means.index[-1].date()
    first, last = float(means.iloc[0]), float(means.iloc[-1])
    noun = {"pain": "7-day average", "pain_minutes": "7-day average", "sleep_quality": "7-day average"}[
        column
    ]
    suffix = {"pain": "", "pain_minutes": " of minutes of pain", "sleep_quality": " of sleep quality"}[column]
    if round(first, 1) == round(last, 1):
        return f"Your {noun}{suffix} was {_value_text(last, column)} both on {day_text(first_day)} and on {day_text(last_day)}."
    return (
        f"Your {noun}{suffix} went from {_value_text(first, column)} to {_value_text(last, column)} "
        f"{_span_text(first_day, last_day)}."
    )
