"""Every fixed phrase of the Trends page: titles, labels, help and the notes under its charts, defined once.

Testable without Streamlit, and light to import (no pandas). The numbers in
them (the rolling mean's days, the long-pain threshold) are passed in, and
``diary.views.panels`` gives each chart only the note of what it draws (a
week's dots, the changes in range, a line where there is one). The range presets' names, the range's caption, each chart's takeaway
and the views' tab labels (``VIEW_LABELS``) are in ``diary.views.trends``;
the pain views are named after their outcome in ``diary.analysis.registry``.
"""

from __future__ import annotations

from ..entry.fields import SLEEP_EFFICIENCY_FORMULA, SLEEP_HOURS_FORMULA, TIME_IN_BED_FORMULA
from ..wording import SWITCH_KINDS, plural
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


POINTS = {"day": "one point per morning", "week": "one point per week (the mean of the days logged)"}
"""What a trend chart draws a point for, per resolution (``diary.views.trends.Resolution``)."""


def window_name(days: int) -> str:
    """A rolling mean's span as the legends and the takeaways name it: "7-day", "4-week"."""
    return f"{days // 7}-week" if days > 7 and days % 7 == 0 else f"{days}-day"


def window_span(days: int) -> str:
    """The same span in a sentence: "week", "4 weeks"."""
    return "week" if days == 7 else (f"{days // 7} weeks" if days % 7 == 0 else f"{days} days")


def pain_note(window_days: int, *, weekly: bool = False) -> str:
    """Under the morning pain chart: its dots and its line of means, as drawn (a dot per morning, or per week)."""
    if weekly:
        dots = "each week's mean pain on waking (Monday to Sunday, the days you logged)"
        up_to = f"the {window_span(window_days)} up to each week's last day"
    else:
        dots, up_to = "each morning's pain on waking", f"the {window_days} days up to each day"
    return (
        f"Dots: {dots}. Line: the mean of the days you logged in {up_to} "
        "(days without an entry are left out, never filled in)."
    )


def changes_note(counts: dict[str, int]) -> str:
    """ "Dashed vertical lines: mattress switches." for the changes drawn (kind → how many; ``SWITCH_KINDS``'
    words for what a rule marks); empty for none."""
    kinds = []
    for what, n in counts.items():
        kind = SWITCH_KINDS.get(what)
        if n:
            kinds.append(what if kind is None else kind.several if n > 1 else kind.one)
    if not kinds:
        return ""
    lines = "Dashed vertical lines" if sum(counts.values()) > 1 else "Dashed vertical line"
    return f"{lines}: {' and '.join(kinds)}."


def minutes_note(long_pain_minutes: int) -> str:
    """Under the minutes-of-pain chart: what its dashed line marks."""
    return (
        f"The dashed line marks {long_pain_minutes} minutes: morning stiffness that lasts longer than that on "
        "most days is one of the patterns worth showing a doctor."
    )


def sleep_note(*, line: bool) -> str:
    """Under the sleep charts: the Consensus Sleep Diary's formulas, the bubbles, and the line where one is drawn."""
    return (
        "Following the Consensus Sleep Diary, a night is dated by its morning. "
        f"{TIME_IN_BED_FORMULA.capitalize()}; {SLEEP_HOURS_FORMULA}; {SLEEP_EFFICIENCY_FORMULA}. "
        "A bubble's size is the number of mornings"
        + ("; the line joins the mean pain of nights with about the same sleep." if line else ".")
    )


def sleep_value(value: float, column: str) -> str:
    """ "6.5 hours" of sleep, "85 %" sleep efficiency."""
    return f"{value:.1f} hours" if column == "sleep_hours" else f"{value:.0f} %"


def shorter_nights(column: str, cut: float, mornings: int, *, strictly: bool) -> str:
    """The nights under (``strictly``) or up to the median ``cut``: "your shorter nights (under 7.5 hours …)"."""
    if column == "sleep_hours":
        return (
            f"your shorter nights ({'under' if strictly else 'up to'} {sleep_value(cut, column)} of sleep, "
            f"{plural(mornings, 'morning')})"
        )
    return (
        f"nights when you slept {'less than' if strictly else 'at most'} {sleep_value(cut, column)} "
        f"of your time in bed ({plural(mornings, 'morning')})"
    )


def best_month(word: str, months: int, month: str, average: float, days: int) -> str:
    """ "your best month was June 2025 (average 2.0 over 30 days)"; months tied at the average shown are
    counted, not one of them called the best: "40 months tied for best at an average of 0.0, the latest …"."""
    if months == 1:
        return f"your {word} month was {month} (average {average:.1f} over {days} days)"
    return f"{months} months tied for {word} at an average of {average:.1f}, the latest {month}"


def months_alike(months: int, least_days: int, average: float) -> str:
    """Every month of a long calendar at the same average: no best and worst to name."""
    return f"Each of its {months} months with {least_days} or more days logged averaged {average:.1f}."


def calendar_note(long_range_months: int, *, monthly: bool = False) -> str:
    """Under the calendar: its colours, and when it shows months (and, when it does, that its cells are months)."""
    if monthly:
        return (
            f"A cell per month (ranges longer than about {long_range_months} months): the mean of the days "
            "logged. Darker is more pain; grey months have no entry."
        )
    return (
        "Darker is more pain; grey days have no entry. "
        f"Ranges longer than about {long_range_months} months show a cell per month (the mean of the days logged)."
    )
