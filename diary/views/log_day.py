"""Which morning the Log page holds: the day buttons and a date typed in words or numbers.

A typed date is read at once (on Enter or on leaving the box), in any of the
forms people type on a phone: "29 Nov", "Nov 29 2025", "2025-11-29",
"29/11/2025", "11-29", a weekday ("tue") or "yesterday". A year left out
means the latest such date that is not in the future; a weekday means the
latest such day, today included. Numbers that could be day/month or
month/day ("1/7/2025", "2-12") are refused with both readings named, never
guessed.
Every date the page shows is written by ``diary.wording.day_label``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..entry import EARLIEST_DATE
from ..wording import WEEKDAY_WORDS, day_label, relative_day
from .log_words import TODAY

TYPED_DATE_LABEL = "Another morning"
TYPED_DATE_EXAMPLE = "e.g. 29 Nov or tue"
TYPED_DATE_HELP = (
    "Type a date and press Enter: 29 Nov, 29 Nov 2025, 2025-11-29, 11-29, a weekday such as tue, "
    "or yesterday. Without a year, the latest such date that is not in the future."
)

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}))?")
_ORDINAL = r"(?:st|nd|rd|th)?"
_DAY_MONTH = re.compile(rf"(?:([a-z]+)\s+)?(\d{{1,2}}){_ORDINAL}\s+([a-z]+)(?:\s+(\d{{4}}))?")
_MONTH_FIRST = re.compile(rf"(?:([a-z]+)\s+)?([a-z]+)\s+(\d{{1,2}}){_ORDINAL}(?:\s+(\d{{4}}))?")


class NotADate(ValueError):
    """Typed text that is not a morning that can be logged; the message says what is allowed."""


def _allowed(text: str) -> NotADate:
    return NotADate(
        f"“{text.strip()}” is not a date the diary can read. Type it like 29 Nov, 29 Nov 2025, "
        "2025-11-29 or a weekday (tue)."
    )


def _make(year: int | None, month: int, day: int, today: dt.date, text: str) -> dt.date:
    """The date, or without a year the latest such date that is not after ``today``."""
    if year is not None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise _allowed(text) from None
    for back in range(0, 9):  # 29 Feb needs up to eight years back
        try:
            candidate = dt.date(today.year - back, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise _allowed(text)


def _numeric(words: str, text: str, today: dt.date) -> dt.date | None:
    """29/11/2025, 11/29, 11-29, 5.8.2025: day and month in either order when only one order makes a date."""
    match = _NUMERIC.fullmatch(words)
    if not match:
        return None
    first, second = int(match[1]), int(match[3])
    year = int(match[4]) if match[4] else None
    readings = {(first, second), (second, first)}  # (day, month)
    readings = {(d, m) for d, m in readings if 1 <= m <= 12 and 1 <= d <= 31}
    if len(readings) > 1:
        (d1, m1), (d2, m2) = sorted(readings, key=lambda r: (r[1], r[0]))
        meant = _make(
            year, m2, d2, today, text
        )  # the date "7 Dec" would open: both spellings mean one morning
        raise NotADate(
            f"“{text.strip()}” could be {d1} {calendar.month_abbr[m1]} or {d2} {calendar.month_abbr[m2]}: "
            f"type the month as a word ({d2} {calendar.month_abbr[m2]}) or the date as {meant.isoformat()}."
        )
    if not readings:
        raise _allowed(text)
    day, month = readings.pop()
    return _make(year, month, day, today, text)


def _in_words(words: str, text: str, today: dt.date) -> dt.date | None:
    """29 Nov, Sat 29 November 2025, Nov 29, November 29th 2025."""
    for pattern, day_group, month_group in ((_DAY_MONTH, 2, 3), (_MONTH_FIRST, 3, 2)):
        match = pattern.fullmatch(words)
        if not match:
            continue
        weekday, month = match[1], _MONTHS.get(match[month_group])
        if month is None or (weekday is not None and weekday not in WEEKDAY_WORDS):
            continue
        year = int(match[4]) if match[4] else None
        day = _make(year, month, int(match[day_group]), today, text)
        if weekday is not None and WEEKDAY_WORDS[weekday] != day.weekday():  # "Wed 30 Nov" for a Monday
            raise NotADate(
                f"{text.strip()!r}: {day_label(day)} is a {calendar.day_name[day.weekday()]}, not a "
                f"{calendar.day_name[WEEKDAY_WORDS[weekday]]}. Type the date alone, or with its own weekday."
            )
        return day
    return None


def _read(text: str, today: dt.date) -> dt.date:
    words = re.sub(r"[,.](?=\s|$)", "", text.strip().lower())
    words = re.sub(r"\s+", " ", words)
    if words in ("today", "now"):
        return today
    if words == "yesterday":
        return today - dt.timedelta(days=1)
    if words in WEEKDAY_WORDS:
        return today - dt.timedelta(days=(today.weekday() - WEEKDAY_WORDS[words]) % 7)
    if match := _ISO.fullmatch(words):
        return _make(int(match[1]), int(match[2]), int(match[3]), today, text)
    found = _numeric(words, text, today) or _in_words(words, text, today)
    if found is None:
        raise _allowed(text)
    return found


def read_day(text: str, today: dt.date) -> dt.date:
    """The morning a typed date means, or ``NotADate`` saying what is wrong and what to type."""
    day = _read(text, today)
    if day > today:
        raise NotADate(
            f"{day_label(day)} is in the future: a morning can be logged from that morning on. "
            f"Today is {day_label(today)}."
        )
    if day < EARLIEST_DATE:
        raise NotADate(f"{day_label(day)} is too long ago: the diary starts at {day_label(EARLIEST_DATE)}.")
    return day


def last_years_note(text: str, day: dt.date, today: dt.date) -> str | None:
    """What a date typed without its year opened, when that is last year's because this year's is still to come
    ("7 Dec" on 6 Dec: Sun 7 Dec 2025); ``None`` otherwise."""
    if str(day.year) in text or day.year != today.year - 1:
        return None
    try:
        this_year = day.replace(year=today.year)
    except ValueError:  # 29 Feb
        return None
    if this_year <= today:
        return None
    return (
        f"“{text.strip()}” opened {day_label(day)}: {day_label(this_year)} is still to come. "
        f"To log today, tap {TODAY}."
    )


def day_heading(day: dt.date, today: dt.date) -> str:
    """Which morning the form holds, in one line: "Morning of Tue 2 Dec 2025 (today)"."""
    return f"Morning of {relative_day(day, today)}"
