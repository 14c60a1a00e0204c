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
from html import escape

from ..entry import Entry
from ..safety import FlaggedDay, Tier, advice_by_tier, flag_names, recent_red_flags
from ..wording import NOT_LOGGED, day_label, from_to, plural, relative_day

GLANCE_DAYS = 14
"""The Log page's "last two weeks at a glance"."""

RED_FLAG_DAYS = 7
"""Red flags logged this many days back (today included) stay on the Log page."""

WARNING_SYMPTOMS = "warning symptoms"
"""Several of them at once, as the week's warnings count them ("4 warning symptoms on 5 mornings")."""
ALSO_THIS_WEEK = "Also this week:"
"""Before the other mornings of the last week whose symptoms call for the same as the morning just saved."""


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
        span = f"On {day_label(self.start)}" if self.days == 1 else f"From {from_to(self.start, self.end)}"
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
    logged, the count runs up to yesterday. A day logged ahead of today here
    (a backup restored from east of the date line, where it had begun) counts too.
    """
    at = bisect.bisect_left(dates, today)
    logged_today = at < len(dates) and dates[at] == today
    first = dates[0] if dates else today
    last = today if logged_today else today - dt.timedelta(days=1)
    return logged_and_missing(dates, first, max(last, dates[-1]) if dates else last)


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


SPARKLINE_TITLE = "Morning pain, day by day, over the last two weeks"
SPARKLINE_HEIGHT = 70  # pixels
_CAP = 3  # pixels: the mark on top of every logged day's bar
BAR_COLOUR = "#7b8fb8"


def sparkline_day(day: GlanceDay) -> str:
    """What a day of the sparkline says when pointed at: "Tue 5 Aug 2025: pain 3 of 10", or not logged."""
    return f"{day.label}: pain {day.pain} of 10" if day.pain is not None else f"{day.label}: {NOT_LOGGED}"


def pain_sparkline(days: Sequence[GlanceDay]) -> str:
    """A small chart of morning pain per day (``last_days``), as HTML; a missing day is an empty slot.

    A bar shows the pain (0–10, to the full height) and a cap marks every
    logged day, so a pain-free morning (a bar of height 0) still shows as
    logged; pointing at a day says its date and pain. A row of boxes the
    browser lays out itself: the Log page, the first page, needs no chart
    library for it (a Vega chart would wait for 750 KiB of scripts). The caps
    take the text's colour, so the chart reads in light and dark themes.
    """
    room = SPARKLINE_HEIGHT - _CAP
    slots = []
    for day in days:
        marks = ""
        if day.pain is not None:
            bar = round(room * day.pain / 10, 1)
            marks = (
                f'<div style="height:{_CAP}px;background:currentColor"></div>'
                f'<div style="height:{bar}px;background:{BAR_COLOUR};opacity:0.8"></div>'
            )
        slots.append(
            f'<div title="{escape(sparkline_day(day))}" style="flex:1 1 0;display:flex;'
            f'flex-direction:column;justify-content:flex-end">{marks}</div>'
        )
    return (
        f'<div role="img" aria-label="{escape(SPARKLINE_TITLE)}" style="display:flex;gap:3px;'
        f'align-items:stretch;height:{SPARKLINE_HEIGHT}px">{"".join(slots)}</div>'
    )


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
            return "Nothing logged today or yesterday."
        if self.streak == 1:
            return f"Logged {'today' if self.logged_today else 'yesterday'}, not the day before."
        if self.logged_today:
            return f"{plural(self.streak, 'day')} in a row logged, up to today."
        return f"{plural(self.streak, 'day')} in a row logged, up to yesterday."


def overview_of(
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


def _mornings(days: Sequence[dt.date], today: dt.date) -> str:
    """ "on Wed 2 Dec 2026 (yesterday)", or "on 3 mornings, the last Wed 2 Dec 2026 (yesterday)" (newest first)."""
    if len(days) == 1:
        return f"on {relative_day(days[0], today)}"
    return f"on {len(days)} mornings, the last {relative_day(days[0], today)}"


def _flagged_mornings(flagged: Sequence[FlaggedDay]) -> dict[str, list[dt.date]]:
    """Each warning symptom's mornings, newest first."""
    days: dict[str, list[dt.date]] = {}
    for day in sorted(flagged, key=lambda f: f.date, reverse=True):
        for flag in day.flags:
            days.setdefault(flag, []).append(day.date)
    return days


MANY_SYMPTOMS = 3
"""From this many warning symptoms in one tier, their mornings are said once for all of them (``_logged``)."""


def _logged(days: dict[str, list[dt.date]], flags: Sequence[str], today: dt.date) -> str:
    """ "fever with back pain on 2 mornings, …; nausea or vomiting on …", or with ``MANY_SYMPTOMS`` and more,
    "4 warning symptoms on 5 mornings, the last …: A; B; C; D", so a bad week stays a few lines on a phone."""
    if len(flags) < MANY_SYMPTOMS:
        return "; ".join(f"{flag_names([flag])} {_mornings(days[flag], today)}" for flag in flags)
    mornings = sorted({day for flag in flags for day in days[flag]}, reverse=True)
    return f"{len(flags)} {WARNING_SYMPTOMS} {_mornings(mornings, today)}: {flag_names(flags)}"


def week_warnings(
    flagged: Sequence[FlaggedDay],
    today: dt.date,
    emergency_number: str | None,
    *,
    markdown: bool = True,
    without: Collection[Tier] = (),
) -> tuple[Tier, str] | None:
    """The last week's warning symptoms in one message for the top of the Log page, and its most urgent tier.

    One line per tier, the most urgent first, each naming its symptoms and the
    mornings they were logged, so a week of them stays a few lines and the pain
    question stays on a phone's first screen::

        **Call emergency services now (999):** you logged loss of bladder or bowel control on Wed 2 Dec
        2026 (yesterday).
        **See a doctor today:** you logged fever with back pain on 3 mornings, the last Wed 2 Dec 2026
        (yesterday).

    ``without``: tiers said elsewhere already (in the advice of a morning just saved, by ``also_this_week``).
    ``None`` without any. Without ``markdown``, plain lines (the terminal's).
    """
    days = _flagged_mornings(flagged)
    tiers = [advice for advice in advice_by_tier(days, emergency_number) if advice.tier not in without]
    if not tiers:
        return None
    bold = "**" if markdown else ""
    lines = [
        f"{bold}{advice.title}:{bold} you logged {_logged(days, advice.flags, today)}." for advice in tiers
    ]
    return tiers[0].tier, ("  \n" if markdown else "\n").join(lines)


def also_this_week(flagged: Sequence[FlaggedDay], tier: Tier, today: dt.date) -> str | None:
    """The other mornings of the last week with symptoms of ``tier``, said in the advice of the morning just
    saved, so that one tier's advice is one message: "Also this week: fever with back pain on Mon 30 Nov 2026."
    ``None`` without any.
    """
    days = _flagged_mornings(flagged)
    flags = [flag for advice in advice_by_tier(days) if advice.tier == tier for flag in advice.flags]
    return f"{ALSO_THIS_WEEK} {_logged(days, flags, today)}." if flags else None


def warnings_for_terminal(flagged: Sequence[FlaggedDay], today: dt.date, emergency_number: str | None) -> str:
    """The last week's warning symptoms as the terminal opens with them (``week_warnings`` in plain lines, and
    a blank line after), or "" without any: said first, with the number to call.
    """
    week = [day for day in flagged if 0 <= (today - day.date).days < RED_FLAG_DAYS]
    warned = week_warnings(week, today, emergency_number, markdown=False)
    return warned[1] + "\n\n" if warned else ""
