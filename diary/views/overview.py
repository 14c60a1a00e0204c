"""The diary at a glance: today's status, the last two weeks, the current streak, recent red flags.

Pure functions over dates and entries, so the Log and History pages only
display what is computed (and tested) here. Plain Python throughout: the Log
page is the first page drawn, and it should not wait for pandas.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from ..entry import Entry
from ..safety import FlaggedDay, Tier, advice_by_tier, flag_names, recent_red_flags
from ..wording import day_label, plural, relative_day
from .vegalite import SCHEMA

GLANCE_DAYS = 14
"""The Log page's "last two weeks at a glance"."""

RED_FLAG_DAYS = 7
"""Red flags logged this many days back (today included) stay on the Log page."""


def current_streak(dates: Collection[dt.date], today: dt.date) -> int:
    """Days logged in a row up to today, or up to yesterday while today is not logged yet.

    A streak is not broken before the day is over: at 7 a.m. yesterday's run
    still counts.
    """
    logged = dates if isinstance(dates, (set, frozenset)) else set(dates)
    day = today if today in logged else today - dt.timedelta(days=1)
    streak = 0
    while day in logged:
        streak += 1
        day -= dt.timedelta(days=1)
    return streak


@dataclass(frozen=True)
class DayCounts:
    """How many calendar days from ``start`` to ``end`` (inclusive) have an entry, and how many do not."""

    start: dt.date
    end: dt.date
    logged: int

    @property
    def days(self) -> int:
        return max((self.end - self.start).days + 1, 0)

    @property
    def missing(self) -> int:
        return self.days - self.logged

    def sentence(self) -> str:
        if self.days == 0:
            return "No days in this range."
        span = (
            f"On {day_label(self.start)}"
            if self.days == 1
            else f"From {day_label(self.start)} to {day_label(self.end)}"
        )
        return (
            f"{span}: {self.logged} of {plural(self.days, 'day')} logged, "
            f"{self.missing} missing (a missing day is one without an entry)."
        )


def logged_and_missing(dates: Sequence[dt.date], start: dt.date, end: dt.date) -> DayCounts:
    """Logged and missing days from ``start`` to ``end`` (inclusive); ``dates`` sorted and unique."""
    if end < start:
        return DayCounts(start, end, 0)
    logged = bisect.bisect_right(dates, end) - bisect.bisect_left(dates, start)
    return DayCounts(start, end, logged)


def days_so_far(dates: Sequence[dt.date], today: dt.date) -> DayCounts:
    """Logged and missing days from the first entry to today; ``dates`` sorted and unique.

    Today only counts once it is logged or over: before the morning is
    logged, the count runs up to yesterday.
    """
    at = bisect.bisect_left(dates, today)
    logged_today = at < len(dates) and dates[at] == today
    first = dates[0] if dates else today
    return logged_and_missing(dates, first, today if logged_today else today - dt.timedelta(days=1))


@dataclass(frozen=True)
class GlanceDay:
    """One calendar day of the last two weeks: its date, its label ("Tue 5 Aug 2025") and its pain."""

    date: dt.date
    label: str
    pain: int | None  # None: not logged

    @property
    def logged(self) -> bool:
        return self.pain is not None


def last_days(entries: Sequence[Entry], today: dt.date, days: int = GLANCE_DAYS) -> tuple[GlanceDay, ...]:
    """One ``GlanceDay`` per calendar day of the last ``days`` days (oldest first), pain None where not logged."""
    first = today - dt.timedelta(days=days - 1)
    pain = {e.date: e.pain for e in entries if first <= e.date <= today}
    calendar = [first + dt.timedelta(days=i) for i in range(days)]
    return tuple(GlanceDay(d, day_label(d), pain.get(d)) for d in calendar)


def pain_sparkline(days: Sequence[GlanceDay]) -> dict[str, Any]:
    """A small chart of morning pain per day (``last_days``), as a Vega-Lite spec; a missing day is an empty slot.

    A bar shows the pain and a dot marks every logged day, so a pain-free
    morning (a bar of height 0) still shows as logged. Its few values are
    inside the layers, where Streamlit sends them as they are (top-level data
    goes through pandas and Arrow): the Log page draws it without loading either.
    """
    values = [{"day": f"{d.date:%Y-%m-%d}", "label": d.label, "pain": d.pain} for d in days]
    # An explicit domain keeps a slot for every day: a missing day stays an empty gap.
    x = {
        "field": "day",
        "type": "ordinal",
        "scale": {"domain": [v["day"] for v in values]},
        "axis": None,
        "title": None,
    }
    y = {
        "field": "pain",
        "type": "quantitative",
        "scale": {"domain": [0, 10]},
        "axis": None,
        "title": "Morning pain",
    }
    tooltip = [
        {"field": "label", "type": "nominal", "title": "Morning"},
        {"field": "pain", "type": "quantitative", "title": "Pain (0–10)"},
    ]
    return {
        "$schema": SCHEMA,
        "height": 70,
        "title": "",
        "layer": [
            {
                "data": {"values": values},
                "encoding": {"x": x, "y": y, "tooltip": tooltip},
                "layer": [
                    {"mark": {"type": "bar", "color": "#7b8fb8", "opacity": 0.8}},
                    {"mark": {"type": "point", "filled": True, "color": "#33416b", "size": 30}},
                ],
            }
        ],
    }


@dataclass(frozen=True)
class Overview:
    """What the top of the Log page says about the diary today."""

    today: dt.date
    today_pain: int | None
    streak: int
    recent: tuple[GlanceDay, ...]
    red_flags: tuple[FlaggedDay, ...]
    entry_count: int

    @property
    def logged_today(self) -> bool:
        return self.today_pain is not None

    @property
    def recent_logged(self) -> int:
        return sum(d.logged for d in self.recent)

    @property
    def recent_mean(self) -> float | None:
        pain = [d.pain for d in self.recent if d.pain is not None]
        return sum(pain) / len(pain) if pain else None

    def today_sentence(self) -> str:
        if self.logged_today:
            return f"Today ({day_label(self.today)}) is logged: morning pain {self.today_pain} of 10."
        return f"Today ({day_label(self.today)}) is not logged yet."

    def recent_sentence(self) -> str:
        days = len(self.recent)
        if not self.recent_logged:
            return f"No mornings logged in the last {days} days."
        mean = self.recent_mean
        return (
            f"Last {days} days: {self.recent_logged} of {days} mornings logged, "
            f"average morning pain {mean:.1f} of 10."
        )

    def streak_sentence(self) -> str:
        if self.streak == 0:
            return "No run of logged days at the moment."
        if self.logged_today:
            return f"{plural(self.streak, 'day')} in a row logged, up to today."
        return f"{plural(self.streak, 'day')} in a row logged, up to yesterday."


def summarize(
    dates: Sequence[dt.date],
    recent_entries: Sequence[Entry],
    today: dt.date,
    *,
    days: int = GLANCE_DAYS,
) -> Overview:
    """The overview from every logged date and the entries of at least the last ``days`` days."""
    todays = next((e for e in recent_entries if e.date == today), None)
    return Overview(
        today=today,
        today_pain=todays.pain if todays else None,
        streak=current_streak(dates, today),
        recent=last_days(recent_entries, today, days),
        red_flags=tuple(recent_red_flags(recent_entries, days=RED_FLAG_DAYS, today=today)),
        entry_count=len(dates),
    )


def warning_line(flagged: FlaggedDay, today: dt.date, emergency_number: str | None) -> tuple[Tier, str]:
    """A recent morning's warning symptoms in one line for the top of the Log page, with its most urgent tier.

    "**Mon 1 Dec 2025 (yesterday): see a doctor today.** You logged: fever with back pain."
    """
    first = advice_by_tier(flagged.flags, emergency_number)[0]
    headline = first.headline[:1].lower() + first.headline[1:]
    return first.tier, (
        f"**{relative_day(flagged.date, today)}: {headline}** You logged: {flag_names(flagged.flags)}."
    )
