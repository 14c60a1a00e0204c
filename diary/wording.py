"""Small pieces of plain English shared by every message the diary writes.

The one home of how numbers of things, dates and lists of names read; the
words for factors and outcomes live in ``diary.analysis.registry``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence


def plural(n: int, word: str, words: str | None = None) -> str:
    """``n`` with its noun: "1 day", "3 days" ("2 logged mornings"; ``words`` for irregular plurals)."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def day_text(day: dt.date, *, year: bool = True) -> str:
    """A date as people read it in a sentence: "1 May 2025" (or "1 May")."""
    return f"{day.day} {day:%B %Y}" if year else f"{day.day} {day:%B}"


def day_label(day: dt.date) -> str:
    """A date on its own, with its weekday: "Tue 5 Aug 2025"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def from_to(first: dt.date, last: dt.date, *, joiner: str = "to") -> str:
    """ "1 May to 30 September 2025", with the year once when both share it."""
    if first.year == last.year:
        return f"{day_text(first, year=False)} {joiner} {day_text(last)}"
    return f"{day_text(first)} {joiner} {day_text(last)}"


def span_text(first: dt.date, last: dt.date) -> str:
    """ "between 1 May and 30 September 2025", with the year once when both share it."""
    return f"between {from_to(first, last, joiner='and')}"


def join_names(names: Sequence[str]) -> str:
    """Names as in a sentence: "a, b and c"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def moment_label(moment: dt.datetime) -> str:
    """A date and time of day, the date as ``day_label`` writes it: "Tue 5 Aug 2025, 07:15"."""
    return f"{day_label(moment.date())}, {moment:%H:%M}"


def relative_day(day: dt.date, today: dt.date) -> str:
    """ "Tue 5 Aug 2025 (today)", "(yesterday)", or the date alone for any other day."""
    names = {0: " (today)", 1: " (yesterday)"}
    return day_label(day) + names.get((today - day).days, "")
