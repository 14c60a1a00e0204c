"""Every fixed phrase of the Trends page: titles, labels, help and the notes under its charts, defined once.

Testable without Streamlit, and light to import (no pandas). The numbers in
them (the rolling mean's days, the long-pain threshold) are passed in by the
page. The range presets' names, the range's caption, each chart's takeaway
and the views' tab labels (``VIEW_LABELS``) are in ``diary.views.trends``;
the pain views are named after their outcome in ``diary.analysis.registry``.
"""

from __future__ import annotations

from . import app_words

TITLE = app_words.TRENDS
FIRST_RUN = "Trends appear here from your first logged morning."

RANGE_LABEL = "Show"
DATES_LABEL = "From – to"

SLEEP_VIEW = "Sleep and morning pain"  # the tabs not named after an outcome
CALENDAR_VIEW = "Calendar"


def range_help(long_range_months: int) -> str:
    """The range box's help: where the ranges start, and when a chart turns weekly."""
    return (
        "Counted back from your last entry. "
        f"Ranges longer than about {long_range_months} months are drawn week by week."
    )


def pain_note(window_days: int) -> str:
    """Under the morning pain chart: its dots, its line of means and its dashed marks."""
    return (
        "Dots: each morning's pain on waking. Line: the mean of the days you logged in the "
        f"{window_days} days up to each day (days without an entry are left out, never filled in). "
        "Dashed lines: mattress switches and changes in your usual sleep position."
    )


def minutes_note(long_pain_minutes: int) -> str:
    """Under the minutes-of-pain chart: what its dashed line marks."""
    return (
        f"The dashed line marks {long_pain_minutes} minutes: morning stiffness that lasts longer than that on "
        "most days is one of the patterns worth showing a doctor."
    )


SLEEP_NOTE = (
    "Following the Consensus Sleep Diary, a night is dated by its morning. Time in bed = wake time − bed "
    "time; total sleep = time in bed − minutes to fall asleep − minutes awake in the night; sleep "
    "efficiency = total sleep ÷ time in bed × 100. A bubble's size is the number of mornings; the line "
    "joins the mean pain of nights of about the same length."
)


def calendar_note(long_range_months: int) -> str:
    """Under the calendar: its colours, and when it shows months."""
    return (
        "Darker is more pain; grey days have no entry. "
        f"Ranges longer than about {long_range_months} months show a cell per month (the mean of the days logged)."
    )
