"""Small pieces of plain English shared by every message the diary writes.

The one home of how numbers of things, dates and lists of names read (a date
is written one way wherever a person reads it; the CSV, file names and JSON
keep ISO dates), and of the change in pain people notice (``MEANINGFUL_CHANGE``) and the words for a change's
size beside it; the words for factors and outcomes live in ``diary.analysis.registry``. It imports nothing of
the diary: every other module may use it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

APP_NAME = "Pain & Sleep Diary"
"""The app's name, wherever it names itself: the browser tab, the doctor report, the command line."""


def whole_number_from(low: float, high: float) -> str:
    """What a whole-number answer may be, wherever one is refused or asked for: "a whole number from 0 to 10"."""
    return f"a whole number from {_written(low)} to {_written(high)}"


def _written(value: float) -> str:
    """A bound as a person writes it: 10, not 10.0; an int of any size in full (``:g`` rounds past 6 digits)."""
    return str(value) if isinstance(value, int) else f"{value:g}"


PORT_ALLOWED = f"a port is {whole_number_from(1, 65535)}"
"""What a port may be, wherever one is refused (``--port``, ``STREAMLIT_SERVER_PORT``, ``--server.port``)."""

FINDINGS_HEADING = "What goes with your mornings"
"""The analysis' findings, as the Factors page and the terminal report head them."""


Q_MEANING = "how easily chance alone would give a difference this large, allowing for every factor checked"
"""What a factor's q means, in words, wherever its numbers are shown (the Factors page, the terminal)."""


def verdict_rule(alpha: float) -> str:
    """When a factor gets a verdict, as the Factors page's method and the terminal's table key say it."""
    return f"a verdict needs q below {alpha:g} and an interval that excludes 0"


MEANINGFUL_CHANGE = 2.0
"""Points of morning pain (0–10) that people notice as a real change: what every finding is measured against."""

CHANGE_NOTICED = f"{MEANINGFUL_CHANGE:g}-point change people notice"
"""The change in morning pain people notice, as a chart's legend names it; ``NOTICED`` as a sentence does."""

NOTICED = f"the {CHANGE_NOTICED}"

NOTHING_SAVED = "Nothing was saved"
"""How every refused write begins, so that the person knows at once that nothing changed."""

NOTHING_IMPORTED = "Nothing was imported"
"""How every refused import says that the diary did not change."""
NOTHING_IMPORTED_CLAUSE = "nothing was imported"
"""The same, closing a sentence after a semicolon ("…larger than 20 MB; nothing was imported.")."""


def new_diary_started(path: object) -> str:
    """Said on the command line when a command made the diary's file: never a new diary started unsaid."""
    return f"Started a new diary at {path} (there was none there)."


NOT_LOGGED = "not logged"
"""A day with no entry, where a chart or the week's squares name it."""

UNRECORDED = "not recorded"
"""An answer left out: the summary's figure that has no data, an empty box on the Log page."""

PICKER_FORMAT = "YYYY-MM-DD"
"""How every date picker shows its date: a picker offers only numeric orders, and this one reads the
same in every country (and as the CSV and the command line write dates); the date it holds is then
written out in full (``day_label``) wherever the page says what it shows."""


WEEKDAY_NAMES = tuple(f"{dt.date(2024, 1, 1) + dt.timedelta(days=n):%A}" for n in range(7))
"""Monday to Sunday, in full: the entries' table's weekday column."""

WEEKDAYS = tuple(f"{dt.date(2024, 1, 1) + dt.timedelta(days=n):%a}" for n in range(7))
"""Monday to Sunday, short, as ``day_label`` writes them: the calendar chart's rows, the weekly rhythm's terms."""

WEEKDAY_WORDS: dict[str, int] = {
    **{
        word.lower(): n for n, words in enumerate(zip(WEEKDAY_NAMES, WEEKDAYS, strict=True)) for word in words
    },
    **{"tues": 1, "weds": 2, "thur": 3, "thurs": 3},
}
"""The words read as a weekday (Monday 0), in lower case: each full name, its abbreviation, and the common
longer short forms ("tues", "thurs"); a typed date and an app's weekday column are read with the same words."""


def weekday_named(word: str) -> int | None:
    """The weekday a word names (Monday 0), or None: one of ``WEEKDAY_WORDS``, or three letters or more that
    start a weekday's name ("wedn."); any case, a closing full stop ignored."""
    named = word.strip().lower().rstrip(".")
    if named in WEEKDAY_WORDS:
        return WEEKDAY_WORDS[named]
    if len(named) < 3:
        return None
    return next((n for name, n in WEEKDAY_WORDS.items() if name.startswith(named)), None)


MONTHS = tuple(f"{dt.date(2000, month, 1):%b}" for month in range(1, 13))
"""January to December, short, as ``day_label`` writes them: the calendar chart's columns by month."""


FINEST = 3
"""The most decimals ``figure`` writes, to keep a small number from reading as 0."""


def figure(value: float, digits: int, *, signed: bool = False) -> str:
    """``value`` with ``digits`` decimals — more (up to ``FINEST``) where those would make a value that is not
    0 read as 0 ("0.04", not "0.0": an interval that excludes 0 must not seem to touch it) — and never "-0.0"."""
    finer = digits
    while finer < FINEST and value != 0 and round(abs(value), finer) == 0:
        finer += 1
    if round(value, finer) == 0:
        value, finer = 0.0, digits  # 0 at every precision: written as 0 is
    digits = finer
    return f"{value:{'+' if signed else ''}.{digits}f}"


def json_number(value: float | None, digits: int = 2) -> float | None:
    """``value`` for JSON, rounded as ``figure`` writes it (a bound that is not 0 never reads as 0); None if unknown."""
    if value is None or not math.isfinite(value):
        return None
    return float(figure(float(value), digits)) + 0.0  # + 0.0: never -0.0


def clear_of_zero(lo: float, hi: float) -> bool:
    """Whether an interval excludes 0 as it is written (``json_number``): a bound of 0.00004 reads "0.0", and
    an answer that follows its interval must not call a difference clear while its interval seems to touch 0."""
    low, high = json_number(lo), json_number(hi)
    return (low is not None and low > 0) or (high is not None and high < 0)


def size_words(lo: float, hi: float) -> str:
    """Beside the change people notice, by the whole interval: "less than …", "could be as large as 2.4 points, …".

    Every answer (a factor, a switch, a trial) follows the interval as it is written, not its point.
    """
    crosses = lo <= 0 <= hi
    near, far = (0.0, max(abs(lo), abs(hi))) if crosses else sorted((abs(lo), abs(hi)))
    near, far = round(near, 1), round(far, 1)  # as the interval is written
    if far < MEANINGFUL_CHANGE:
        return f"less than {NOTICED}"
    if near >= MEANINGFUL_CHANGE:
        return f"at least {NOTICED}"
    if far == MEANINGFUL_CHANGE:
        return f"could be as large as {NOTICED}"
    return f"could be as large as {far:.1f} points, more than {NOTICED}"


def wider_than_scale(lo: float, hi: float, scale: tuple[float, float], days: str = "days") -> str:
    """For an interval reaching past any difference ``scale`` allows (11.8 points on 0–10), or longer than the
    whole scale (2.7 less to 8.2 more): that too few ``days`` (or nights) were logged to tell anything yet, as
    a clause (", a range wider than …"); else ""."""
    low, high = scale
    span = high - low
    if max(abs(lo), abs(hi)) <= span and abs(hi - lo) <= span:
        return ""
    return (
        f", a range wider than the {low:g}–{high:g} scale itself allows: too few {days} to tell anything yet"
    )


def points(value: float) -> str:
    """ "1.0 point", "2.9 points": a size on the pain scale, to the tenth, without its sign."""
    shown = f"{abs(value):.1f}"
    return f"{shown} point" if shown == "1.0" else f"{shown} points"


def plural(n: int, word: str, words: str | None = None) -> str:
    """``n`` with its noun: "1 day", "3 days" ("2 logged mornings"; ``words`` for irregular plurals)."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def nights_waiting(n: int, night: str = "night") -> str:
    """Imported nights whose morning is not logged yet: "1 night waiting for its morning", "2 … their …"."""
    return f"{plural(n, night)} waiting for {'its' if n == 1 else 'their'} morning"


def day_label(day: dt.date) -> str:
    """A date, with its weekday, as every page, report and message writes one: "Tue 5 Aug 2025"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


@dataclass(frozen=True)
class SwitchKind:
    """The words for one kind of switch: how one is headed, and what a chart's dashed rule marks."""

    heading: str  # "Mattress"
    one: str  # "a mattress switch"
    several: str  # "mattress switches"


SWITCH_KINDS = {
    "mattress": SwitchKind("Mattress", "a mattress switch", "mattress switches"),
    "position": SwitchKind(
        "Position habit", "a change in your usual sleep position", "changes in your usual sleep position"
    ),
}
"""Each kind of switch's words; any other kind ("chosen date") is its own name (capitalised as a heading)."""


def short_day_label(day: dt.date) -> str:
    """A date on a chart's axis, where the year is said once: "5 Aug" (``day_label`` without weekday and year)."""
    return f"{day.day} {day:%b}"


def month_label(day: dt.date) -> str:
    """The month a date falls in, with its year, as the month calendar names it: "August 2025"."""
    return f"{day:%B %Y}"


CHART_DAY_FORMAT = "%-d %b %Y"
CHART_SHORT_DAY_FORMAT = "%-d %b"
CHART_MONTH_FORMAT = "%b"
"""The same styles in the charts' own (d3) time formats, which the browser writes: "5 Aug 2025", "5 Aug", "Aug"."""


def day_labels(days: Iterable[dt.date]) -> list[str]:
    """Each date as ``day_label`` writes it (a pandas column of days as well)."""
    return [day_label(day) for day in days]


def from_to(first: dt.date, last: dt.date, *, joiner: str = "to") -> str:
    """ "Thu 1 May 2025 to Tue 30 Sep 2025"; one date alone when the two are one day."""
    if first == last:
        return day_label(first)
    return f"{day_label(first)} {joiner} {day_label(last)}"


def span_text(first: dt.date, last: dt.date) -> str:
    """ "between Thu 1 May 2025 and Tue 30 Sep 2025"; "on Thu 1 May 2025" for one day."""
    if first == last:
        return f"on {day_label(first)}"
    return f"between {from_to(first, last, joiner='and')}"


def join_names(names: Sequence[str], last: str = "and") -> str:
    """Names as in a sentence: "a, b and c" (or, with ``last="or"``, "a, b or c")."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {last} " + names[-1]


def days_text(days: Iterable[dt.date]) -> str:
    """Dates as in a sentence: "Mon 23 Jun 2025, Fri 1 Aug 2025 and Tue 2 Sep 2025"."""
    return join_names(day_labels(days))


def moment_label(moment: dt.datetime) -> str:
    """A date and time of day, the date as ``day_label`` writes it: "Tue 5 Aug 2025, 07:15"."""
    return f"{day_label(moment.date())}, {moment:%H:%M}"


def relative_day(day: dt.date, today: dt.date) -> str:
    """ "Tue 5 Aug 2025 (today)", "(yesterday)", or the date alone for any other day."""
    names = {0: " (today)", 1: " (yesterday)"}
    return day_label(day) + names.get((today - day).days, "")
