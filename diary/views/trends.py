"""What the Trends page draws and says: the range, series, rolling means, aggregation, one-line takeaways.

Pure functions on the entries DataFrame (``Diary.load()``); no streamlit. The
charts in ``diary.views.charts`` draw what these functions compute, and every
chart gets a one-line takeaway (``Takeaway``, also used by the Factors page's
``diary.views.factors``), so the numbers in a sentence are the numbers in the
picture.

Long ranges are aggregated before they are charted: with more than
``LONG_RANGE_DAYS`` days in view one point per week is drawn (the mean of the
days logged that week), never thousands of raw days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..analysis import LONG_PAIN_MINUTES, OUTCOMES
from ..analysis.patterns import MIN_RECENT_MORNINGS
from ..analysis.registry import Outcome
from ..analysis.trend import DAYS_PER_YEAR
from ..ranges import check_range, in_range
from ..wording import day_label, day_labels, from_to, plural, span_text
from . import trends_words as words

MEAN_WINDOW_DAYS = 7  # the rolling mean: the days logged in the 7 calendar days up to each day
# A 7-day average a sentence names holds at least this many logged days, not one morning (16 of 28 days).
MEAN_WINDOW_LOGGED = 4
LONG_WINDOW_DAYS = 28  # the rolling mean drawn through weekly points
LONG_RANGE_DAYS = 400  # more days than this in view: one point per week
LONG_RANGE_MONTHS = round(
    LONG_RANGE_DAYS * 12 / DAYS_PER_YEAR
)  # the same, as the page says it: "about 13 months"
DEFAULT_RANGE_DAYS = 183  # the Trends page opens on the last 6 months

Resolution = Literal["day", "week"]
WINDOWS: dict[Resolution, int] = {"day": MEAN_WINDOW_DAYS, "week": LONG_WINDOW_DAYS}  # the mean line's days


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
    """``start``–``end`` limited to the diary's days; a missing bound means the diary's own.

    ``None`` for an empty diary or a range that misses the diary altogether; a
    range that starts after it ends is refused (``DiaryError``), as everywhere.
    """
    check_range(start, end)
    span = diary_span(frame)
    if span is None:
        return None
    first, last = span
    lo = max(first, start) if start else first
    hi = min(last, end) if end else last
    return (lo, hi) if lo <= hi else None


def resolution_for(start: dt.date, end: dt.date) -> Resolution:
    """One point per day for up to ``LONG_RANGE_DAYS`` days in view, one per week beyond."""
    return "week" if (end - start).days + 1 > LONG_RANGE_DAYS else "day"


# -- the daily series and its means ----------------------------------------------


def daily_series(
    frame: pd.DataFrame,
    column: str = "pain",
    *,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> pd.DataFrame:
    """One row per calendar day from the first to the last entry: ``value`` and the 7-day ``mean``.

    ``value`` is missing on a day with nothing logged (never filled in);
    ``mean`` is the mean of the days logged in the 7 calendar days up to each
    day, and is missing only when none of them was logged; ``logged_7`` says
    how many it is the mean of. ``mean_28`` and ``logged_28`` are the same over 28 days.
    ``first``/``last`` set the calendar's ends instead of the entries' (an
    empty diary stays empty).
    """
    columns = ["value", "mean", "logged_7", "mean_28", "logged_28"]
    if frame.empty:
        return pd.DataFrame(columns=columns, index=pd.DatetimeIndex([], name="date"), dtype=float)
    values = frame.set_index("date")[column].astype("Float64").astype(float)
    values = values[~values.index.duplicated()].sort_index()
    lo = pd.Timestamp(first) if first else values.index[0]
    hi = pd.Timestamp(last) if last else values.index[-1]
    value = values.reindex(pd.date_range(lo, hi, freq="D", name="date"))
    rolling = value.rolling(MEAN_WINDOW_DAYS, min_periods=1)
    long = value.rolling(LONG_WINDOW_DAYS, min_periods=1)
    return pd.DataFrame(
        {
            "value": value,
            "mean": rolling.mean(),
            "logged_7": rolling.count(),
            "mean_28": long.mean(),
            "logged_28": long.count(),
        }
    )


def _window(series: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> pd.DataFrame:
    lo = pd.Timestamp(start) if start else None
    hi = pd.Timestamp(end) if end else None
    return series.loc[lo:hi]


def range_series(
    frame: pd.DataFrame, column: str = "pain", start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """``daily_series`` from ``start`` to ``end``, its rolling means still counting the days just before ``start``.

    Only the entries the range and its means need are used, so a month of a
    ten-year diary costs a month's work.
    """
    lead = start - dt.timedelta(days=LONG_WINDOW_DAYS - 1) if start else None
    return _window(daily_series(in_range(frame, lead, end), column, first=lead, last=end), start, end)


@dataclass(frozen=True)
class TrendData:
    """What a trend chart draws: points (days or weekly means) and a rolling-mean line."""

    resolution: Resolution
    points: pd.DataFrame  # date (where drawn), value, n (days behind the point), label
    line: pd.DataFrame  # date, mean (missing where nothing was logged in the window), n (days logged in it)
    point_label: str  # "Each morning" / "Weekly mean"

    @property
    def line_label(self) -> str:
        """ "7-day mean" / "4-week mean" """
        return f"{words.window_name(WINDOWS[self.resolution])} mean"


def mean_line(view: pd.DataFrame, resolution: Resolution) -> pd.DataFrame:
    """The line a trend chart draws through ``view`` (a ``range_series``): each day's 7-day mean, or the
    4-week mean at each week's last day in view (``date``, ``mean``, ``n``: the days logged behind it)."""
    if resolution == "day":
        return pd.DataFrame(
            {"date": view.index, "mean": view["mean"].to_numpy(), "n": view["logged_7"].to_numpy()}
        )
    days = pd.DatetimeIndex(view.index)
    mondays = (days - pd.to_timedelta(days.day_of_week, unit="D")).to_numpy()
    ends = view.loc[np.append(mondays[1:] != mondays[:-1], True)]
    return pd.DataFrame(
        {"date": ends.index, "mean": ends["mean_28"].to_numpy(), "n": ends["logged_28"].to_numpy()}
    )


def trend_data(
    frame: pd.DataFrame,
    column: str = "pain",
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    resolution: Resolution | None = None,
) -> TrendData:
    """The points and mean line of ``column`` from ``start`` to ``end``, aggregated for long ranges.

    The means count the days just before the range too, so the first days in
    view are averaged with the week before them, not alone.
    """
    view = range_series(frame, column, start, end)
    if resolution is None:
        resolution = "day" if view.empty else resolution_for(view.index[0].date(), view.index[-1].date())
    if resolution == "day":
        logged = view[view["value"].notna()]
        points = pd.DataFrame(
            {
                "date": logged.index,
                "value": logged["value"].to_numpy(),
                "n": 1,
                "label": day_labels(logged.index),
            }
        )
        return TrendData("day", points, mean_line(view, "day"), "Each morning")
    # Weeks run Monday to Sunday; a week's point sits mid-week, its 4-week mean at the week's last day in view.
    # (Grouped by each day's Monday: much quicker than resampling with a weekly offset.)
    days = pd.DatetimeIndex(view.index)
    monday = days - pd.to_timedelta(days.day_of_week, unit="D")
    weeks = view["value"].groupby(monday)
    summary = pd.DataFrame({"value": weeks.mean(), "n": weeks.count()})
    summary = summary[summary["n"] > 0]
    points = pd.DataFrame(
        {
            "date": pd.DatetimeIndex(summary.index) + pd.Timedelta(days=3),
            "value": summary["value"].to_numpy(),
            "n": summary["n"].to_numpy(),
            "label": [
                f"Week of {day_label(d.date())} ({plural(int(n), 'day')} logged)"
                for d, n in zip(summary.index, summary["n"], strict=True)
            ],
        }
    )
    return TrendData("week", points, mean_line(view, "week"), "Weekly mean")


# -- takeaways: the one line under each chart -------------------------------------


@dataclass(frozen=True)
class Takeaway:
    """The one line under a chart; ``enough`` is False when there is too little to draw, and the line says why."""

    text: str
    enough: bool = True
    note: str = ""  # the small print under the chart: what its marks are, only those drawn


def row_with_most(table: pd.DataFrame, column: str, *, least: bool = False) -> pd.Series:
    """The (first) row with the largest value of ``column``, or the smallest with ``least``."""
    values = table[column].to_numpy(dtype=float)
    return table.iloc[int(values.argmin() if least else values.argmax())]


def range_words(start: dt.date | None, end: dt.date | None) -> str:
    return span_text(start, end) if start and end else "yet"


def no_mornings_logged(start: dt.date | None, end: dt.date | None) -> str:
    """What a range without a morning logged says, on the chart and in its takeaway."""
    return f"No mornings logged {range_words(start, end)}."


def trend_takeaway(
    frame: pd.DataFrame, column: str = "pain", start: dt.date | None = None, end: dt.date | None = None
) -> Takeaway:
    """Where the chart's line of means (``mean_line``) stood after the range's first 7 days and at its end.

    Through weekly points the line is a 4-week mean at each week's end, and
    the sentence names that, after the first 28 days. The first figure is the
    mean of the days logged in those first days, not a lone first morning;
    ranges under two weeks get their plain average instead.
    """
    outcome = OUTCOMES[column]
    series = range_series(frame, column, start, end)
    logged = series["value"].dropna()
    if logged.empty:
        if column == "pain":
            return Takeaway(no_mornings_logged(start, end), enough=False)
        return Takeaway(f"No {outcome.name.lower()} recorded {range_words(start, end)}.", enough=False)
    noun = outcome.short_noun
    resolution = resolution_for(series.index[0].date(), series.index[-1].date())  # as ``trend_data`` draws it
    window = WINDOWS[resolution]
    average = f"{words.window_name(window)} average"
    if len(logged) == 1:
        day = logged.index[0].date()
        return Takeaway(
            f"One morning logged in this range ({day_label(day)}): {noun} "
            f"{outcome.value_text(float(logged.iloc[0]), whole=True)}. "
            f"The {average} fills in as you log more mornings."
        )
    if len(series) < 2 * MEAN_WINDOW_DAYS:
        low, high = float(logged.min()), float(logged.max())
        return Takeaway(
            f"Over these {plural(len(logged), 'logged morning')} your {noun} averaged "
            f"{outcome.value_text(float(logged.mean()))} (from {outcome.value_text(low, whole=True)} to "
            f"{outcome.value_text(high, whole=True)}). The {average} tells more after "
            f"{plural(2 * MEAN_WINDOW_DAYS // 7, 'week')}."
        )
    # The line's mean on the range's 7th (28th) day is the mean of its first days exactly. A mean the sentence
    # names holds a few logged days: a week with one morning logged is that morning, not an average.
    line = mean_line(series, resolution).set_index("date")
    held = line["mean"].where(line["n"] >= MEAN_WINDOW_LOGGED * window // MEAN_WINDOW_DAYS)
    settled = held[held.index >= series.index[0] + pd.Timedelta(days=window - 1)].dropna()
    means = held.dropna()
    if settled.empty:
        return Takeaway(
            f"Over these {plural(len(logged), 'logged morning')} your {noun} averaged "
            f"{outcome.value_text(float(logged.mean()))}: too few in any {words.window_span(window)} "
            f"for a {average} to say how it went."
        )
    first, first_day = float(settled.iloc[0]), settled.index[0].date()
    last, last_day = float(means.iloc[-1]), means.index[-1].date()
    span = span_text(first_day, last_day)
    between = _in_between(settled, first, last, outcome)
    if outcome.named_unit:  # "from 12 to 8 minutes of pain after getting up"
        of = f"{outcome.units} {outcome.averaged}"
        if round(first, outcome.digits) == round(last, outcome.digits):
            return Takeaway(f"Your {average} stayed at about {outcome.number(last)} {of} {span}.{between}")
        return Takeaway(
            f"Your {average} went from {outcome.number(first)} to {outcome.number(last)} {of} {span}.{between}"
        )
    what = f"{average} {outcome.averaged}".strip()
    if round(first, outcome.digits) == round(last, outcome.digits):
        return Takeaway(
            f"Your {what} was {last:.1f} both on {day_label(first_day)} and on {day_label(last_day)}.{between}"
        )
    return Takeaway(f"Your {what} went from {first:.1f} to {last:.1f} {span}.{between}")


def _in_between(means: pd.Series, first: float, last: float, outcome: Outcome) -> str:
    """ " In between it was as low as 3.6 (Mon 14 Jul 2025)." where the average went well past both ends
    (``Outcome.far``: a range's two ends alone can hide a bad month between them)."""
    step = outcome.far
    shown = outcome.value_text
    values = means.to_numpy()
    low, high = int(values.argmin()), int(values.argmax())
    parts = [
        f"as {side} as {shown(float(values[at]))} ({day_label(means.index[at].date())})"
        for side, at, far in (
            ("low", low, values[low] <= min(first, last) - step),
            ("high", high, values[high] >= max(first, last) + step),
        )
        if far
    ]
    return f" In between it was {' and '.join(parts)}." if parts else ""


def minutes_takeaway(
    frame: pd.DataFrame, start: dt.date | None = None, end: dt.date | None = None
) -> Takeaway:
    """How many mornings the pain lasted longer than 30 minutes after getting up."""
    minutes = in_range(frame, start, end)["pain_minutes"].dropna().astype(float)
    if minutes.empty:
        return Takeaway(
            f"No minutes of pain after getting up recorded {range_words(start, end)}. "
            "The Log page asks how long the pain lasted once you were up.",
            enough=False,
        )
    over = int((minutes > LONG_PAIN_MINUTES).sum())
    typical = f"typically {minutes.median():.0f}" if len(minutes) > 1 else f"{minutes.iloc[0]:.0f}"
    text = (
        f"Pain lasted over {LONG_PAIN_MINUTES} minutes on {over} of {plural(len(minutes), 'morning')} "
        f"({typical} minutes)."
    )
    # As the patterns worth a doctor's visit judge it: on enough mornings to speak of "most" of them.
    if over * 2 > len(minutes) and len(minutes) >= MIN_RECENT_MORNINGS:
        text += " Pain that lasts this long on most mornings is worth mentioning to a doctor."
    return Takeaway(text)


MIN_SLEEP_NIGHTS = 5  # fewer nights with sleep and pain: no sleep chart
MIN_SLEEP_SIDE = 5  # fewer shorter (or other) nights: the chart, but no comparison of their mornings
SLEEP_TITLES = {"sleep_hours": "hours of sleep", "sleep_efficiency": "sleep efficiency figures"}


def sleep_takeaway(
    frame: pd.DataFrame, column: str = "sleep_hours", start: dt.date | None = None, end: dt.date | None = None
) -> Takeaway:
    """Morning pain after the shorter (less efficient) half of the nights vs the rest: a plain comparison."""
    title = SLEEP_TITLES[column]
    data = in_range(frame, start, end)[[column, "pain"]].dropna().astype(float)
    if len(data) < MIN_SLEEP_NIGHTS:
        return Takeaway(
            f"Too few nights with bed and wake times in this range for this chart ({len(data)}; at least "
            f"{MIN_SLEEP_NIGHTS} are needed): the {title} come from those times.",
            enough=False,
        )
    x, pain = data[column], data["pain"]
    if x.nunique() == 1:
        return Takeaway(
            f"Every night logged here had {words.sleep_value(float(x.iloc[0]), column)}"
            f"{' of sleep' if column == 'sleep_hours' else ' sleep efficiency'}: nothing to compare yet."
        )
    cut = float(x.median())
    low, strictly = x < cut, True
    if not low.any():  # the median is the smallest value: compare it with everything above
        low, strictly = x <= cut, False
    if min(int(low.sum()), int((~low).sum())) < MIN_SLEEP_SIDE:
        return Takeaway(
            f"{plural(len(data), 'night')} with bed and wake times and morning pain in this range: too few to "
            f"compare shorter nights with longer ones (at least {MIN_SLEEP_SIDE} of each are needed; a few "
            "nights cannot tell a pattern from chance)."
        )
    return Takeaway(
        f"After {words.shorter_nights(column, cut, int(low.sum()), strictly=strictly)} morning pain averaged "
        f"{pain[low].mean():.1f}; after the others, "
        f"{pain[~low].mean():.1f} ({plural(int((~low).sum()), 'morning')}). A plain comparison: the Factors page "
        "weighs sleep against everything else you log."
    )


RANGE_PRESETS: dict[str, tuple[str, int | None]] = {
    "30d": ("Last 30 days", 30),
    "3m": ("Last 3 months", 91),
    "6m": ("Last 6 months", DEFAULT_RANGE_DAYS),
    "1y": ("Last year", 365),
    "all": ("Everything", None),
    "custom": ("Choose dates…", None),
}
DEFAULT_PRESET = "6m"

VIEW_LABELS = {
    "pain": OUTCOMES["pain"].trend_title,
    "pain_minutes": OUTCOMES["pain_minutes"].trend_title,
    "sleep": words.SLEEP_VIEW,
    "calendar": words.CALENDAR_VIEW,
}
"""The Trends page's views (``diary.views.panels.TREND_VIEWS``) and their tabs' labels."""


def preset_range(frame: pd.DataFrame, preset: str) -> tuple[dt.date, dt.date] | None:
    """The dates a preset of ``RANGE_PRESETS`` covers, counted back from the last entry (``None``: empty diary).

    "custom" falls back to the default range: the page asks for the dates.
    """
    if preset not in RANGE_PRESETS:
        raise ValueError(f"range must be one of {', '.join(RANGE_PRESETS)}, not {preset!r}")
    days = RANGE_PRESETS[preset][1]
    if preset == "all":
        return diary_span(frame)
    return default_range(frame, days or DEFAULT_RANGE_DAYS)


def range_caption(frame: pd.DataFrame, start: dt.date, end: dt.date) -> str:
    """ "1 April to 30 September 2025: 183 days, 171 logged, one point per morning." """
    total = (end - start).days + 1
    dates = frame["date"]  # in date order: the logged days of the range counted without copying its rows
    logged = int(
        dates.searchsorted(pd.Timestamp(end), side="right") - dates.searchsorted(pd.Timestamp(start))
    )
    per = words.POINTS[resolution_for(start, end)]
    return f"{from_to(start, end)}: {plural(total, 'day')}, {logged:,} logged, {per}."
