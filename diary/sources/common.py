"""What every reader of another app's export returns, and the checks they share.

A reader turns a file into a ``SourceResult``: for each date, the diary column
values the file supplies (already checked with the diary's own column rules),
everything in the file that was not understood (with its line, record or date),
and everything that was understood but deliberately left out. Nothing is
guessed silently: a value that breaks a column's rule is listed, not bent into
range.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..entry import EARLIEST_DATE, LATEST_DATE, date_problem, parse_value
from ..entry.derived import minute_of_day
from ..entry.fields import COLUMNS, FIELD_BY_NAME, NIGHT_COLUMNS, TAG_RULE
from ..errors import DiaryError
from ..wording import NOTHING_IMPORTED, from_to, moment_label, plural

Kind = Literal["apple-health", "fitbit", "oura", "bearable", "daylio"]
KINDS: tuple[Kind, ...] = ("apple-health", "fitbit", "oura", "bearable", "daylio")
SLEEP_KINDS: frozenset[str] = frozenset({"apple-health", "fitbit", "oura"})
"""Kinds that bring nights from a wearable: days without a morning entry are kept aside."""

KIND_LABELS: dict[str, str] = {
    "apple-health": "an Apple Health export (export.zip or export.xml)",
    "fitbit": "a Fitbit sleep export (Google Takeout sleep-*.json or UserSleeps_*.csv, or fitbit.com's CSV)",
    "oura": "an Oura sleep export (CSV or JSON)",
    "bearable": "a Bearable CSV export",
    "daylio": "a Daylio CSV export",
}

COUNTED_ONCE = "counted once"
"""Why a repeat of something already read is not imported again."""

EMPTY = "it is empty."
"""Why an empty file (or folder, or zip) is refused, whatever kind it was named."""

NOT_CHOSEN_AS_TAG = "not chosen as a tag"
"""Why a factor or activity the mapping leaves out is not imported."""

NO_TAG_LETTERS = "has no letters or digits a tag can hold (a–z, 0–9): give it a tag of your own in the mapping to import it"
"""Why a factor or activity named only in another script, or only in signs, is not imported by default."""

NOTES_NOT_IMPORTED = "notes are not imported"
"""Why a diary app's note is left out: the mapping was told to leave notes out."""

WITH_THE_NIGHT = (
    "left out with it: a night's hours of sleep are worked out from its times and minutes together"
)
"""Why a night's other values are not imported when one of them breaks its column's rule."""


SMALL_HOURS_END = dt.time(5, 0)
"""The end of the small hours: what happens after midnight and before this belongs to the night that ends
that morning (a sleep ending then is a night's part, not its end; a pill taken then counts for that morning)."""


def morning_counted(date: dt.date, minute: int | None, *, next_morning: bool) -> dt.date:
    """The morning a factor or medication logged on ``date`` counts for (``minute``: of the day, if known).

    The next morning, as the diary's "yesterday" fields (painkiller: the last
    24 hours), unless it was logged in the small hours: then it was part of the
    night before that same morning (a pill at 04:30 is in that morning's 24 hours).
    """
    small_hours = minute is not None and minute < minute_of_day(SMALL_HOURS_END)
    # The calendar's last day has no next one: kept on its own day, and named as past the diary's dates.
    if next_morning and not small_hours and date < dt.date.max:
        return date + dt.timedelta(days=1)
    return date


class SourceError(DiaryError):
    """A file that cannot be read as another app's export. Nothing was imported."""

    def __init__(self, name: str, reason: str, kind: str | None = None):
        self.name = name
        self.reason = reason
        self.kind = kind
        what = f" as {KIND_LABELS[kind]}" if kind in KIND_LABELS else ""
        super().__init__(f"{name} cannot be read{what}: {reason} {NOTHING_IMPORTED}.")


class MappingError(DiaryError):
    """A mapping (Bearable, Daylio) that cannot be applied; the message says which part and what is allowed."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing in the file that was not imported: where it is, what it is, and why."""

    where: str
    item: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.item} — {self.reason}"


@dataclass(frozen=True, slots=True)
class SourceDay:
    """The diary values a file supplies for one date (the morning ``date``).

    ``values`` maps diary column names to values of the column's type
    (``datetime.time``, ``int``, ``bool``, ``tuple`` of tags, ``str``), each
    checked with the diary's own rule. ``where`` says which lines or records
    they came from; ``device`` names the wearable for sleep nights ("your watch").
    """

    date: dt.date
    values: Mapping[str, object]
    where: str
    device: str = ""

    @property
    def has_pain(self) -> bool:
        return self.values.get("pain") is not None


@dataclass(frozen=True)
class SourceResult:
    """Everything read from one export: days by date, and what was not imported."""

    kind: Kind
    name: str
    days: tuple[SourceDay, ...]
    """One per date, sorted by date."""
    unrecognised: tuple[Finding, ...] = ()
    """Things in the file that were not understood (never guessed): each with its line, record or date."""
    not_imported: tuple[Finding, ...] = ()
    """Things that were understood but have no place in the diary (mood, naps, steps …), or were left out by the mapping."""
    _by_date: dict[dt.date, SourceDay] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", tuple(sorted(self.days, key=lambda d: d.date)))
        object.__setattr__(self, "_by_date", {d.date: d for d in self.days})
        if len(self._by_date) != len(self.days):
            raise ValueError("a source result holds one day per date")

    def day(self, date: dt.date) -> SourceDay | None:
        return self._by_date.get(date)

    @property
    def is_sleep(self) -> bool:
        """Nights from a wearable (every day of the file is a night; days are worded as nights)."""
        return self.kind in SLEEP_KINDS

    @property
    def columns(self) -> tuple[str, ...]:
        """The diary columns any day supplies, in the diary's column order."""
        found = {name for day in self.days for name in day.values}
        return tuple(c for c in COLUMNS if c in found)

    @property
    def first(self) -> dt.date | None:
        return self.days[0].date if self.days else None

    @property
    def last(self) -> dt.date | None:
        return self.days[-1].date if self.days else None

    def summary(self, left_out: int = 0) -> str:
        """One sentence: what the file holds, and how much of it is not imported.

        ``left_out``: days the preview leaves out besides the file's own list (a diary app's days with no
        morning to go to), counted with it as the list shows them.
        """
        noun = ("night", "nights") if self.is_sleep else ("day", "days")
        # A diary app's days are what its mapping makes of the file: another mapping, other days.
        what = f"{self.name} holds" if self.is_sleep else f"{self.name}, as mapped, gives"
        if not self.days:
            text = f"{what} no {noun[1]} the diary can use"
        else:
            dates = from_to(self.days[0].date, self.days[-1].date)
            text = f"{what} {'' if self.is_sleep else 'values for '}{plural(len(self.days), *noun)}, {dates}"
        if self.unrecognised:
            text += f"; {plural(len(self.unrecognised), 'thing')} not understood (listed)"
        if self.not_imported or left_out:
            text += f"; {plural(len(self.not_imported) + left_out, 'item')} not imported (listed)"
        return text + "."


def check_values(
    date: dt.date, raw: Mapping[str, object], where: str
) -> tuple[dict[str, object], list[Finding]]:
    """Each raw value checked with its diary column's rule; a broken one is dropped and listed.

    A night's values (``NIGHT_COLUMNS``) go together: with one of them broken,
    the others are left out too, and listed (kept, a bedtime and wake time
    without the hour it took to fall asleep would make a sleepless night
    twelve hours of sleep).
    """
    values: dict[str, object] = {}
    findings: list[Finding] = []
    place = f"{date.isoformat()} ({where})"
    broken: set[str] = set()
    for name, value in raw.items():
        column = FIELD_BY_NAME[name]  # a reader only ever supplies diary columns
        try:
            parsed = parse_value(column, value)
        except ValueError as exc:
            findings.append(Finding(place, f"{name} {_shown(value)}", str(exc)))
            broken.add(name)
            continue
        if parsed is not None and parsed != ():
            values[name] = parsed
    kept = [name for name in NIGHT_COLUMNS if name in values]
    if kept and broken & set(NIGHT_COLUMNS):
        what = ", ".join(f"{name} {_shown(values.pop(name))}" for name in kept)
        findings.append(Finding(place, what, WITH_THE_NIGHT))
    return values, findings


def _shown(value: object) -> object:
    """A value as a finding names it: a time of day as HH:MM, a long text on one line and cut short."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, str):
        return shorten(value)
    return value


FIRST_NAMED = 3
"""How many findings a one-line message names (a file refused, an import that left parts out): enough to
see whether every line fails the same way (another export, another column layout) or each in its own (a
damaged file); the preview lists them all."""


def first_named(findings: Sequence[Finding]) -> str:
    """The first ``FIRST_NAMED`` findings in one sentence, and how many more: "line 2: …; line 3: …; and 4 more"."""
    named = "; ".join(str(finding) for finding in findings[:FIRST_NAMED])
    if len(findings) > FIRST_NAMED:
        named += f"; and {len(findings) - FIRST_NAMED} more"
    return named


def shorten(text: str, limit: int = 60) -> str:
    """A text as a finding quotes it: on one line, and cut with "…" past ``limit`` characters."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def make_days(
    raw_days: Mapping[dt.date, tuple[Mapping[str, object], str, str]],
) -> tuple[list[SourceDay], list[Finding]]:
    """Checked ``SourceDay``s, sorted by date, from ``date -> (raw values, where, device)``."""
    days: list[SourceDay] = []
    findings: list[Finding] = []
    for date in sorted(raw_days):
        raw, where, device = raw_days[date]
        values, problems = check_values(date, raw, where)
        findings.extend(problems)
        if values:
            days.append(SourceDay(date, values, where, device))
    return days, findings


def count_findings(where: str, counts: Mapping[str, int], reason: str) -> list[Finding]:
    """One finding per counted item ("Mood: 612 rows"), largest first."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Finding(where, f"{item} ({plural(n, 'entry', 'entries')})", reason) for item, n in ordered]


def span(lines: Iterable[int], word: str = "line") -> str:
    """ "line 4" or "lines 4–9" for the lines a day came from."""
    numbers = sorted(set(lines))
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"{word} {numbers[0]}"
    return f"{word}s {numbers[0]}–{numbers[-1]}"


def span_refs(refs: Iterable[tuple[str, int]]) -> str:
    """Lines in one or several files: "lines 4–9", or "may.csv, lines 30–31; june.csv, line 2"."""
    by_file: dict[str, list[int]] = {}
    for file, line in sorted(refs):
        by_file.setdefault(file, []).append(line)
    return "; ".join((f"{file}, " if file else "") + span(lines) for file, lines in by_file.items())


# -- what readers say about what they found ----------------------------------------------


def not_a_tag(tag: str, label: str) -> str:
    """A mapping's tag for another app's label (a factor, an activity) that is not a valid diary tag."""
    return f"The tag {tag!r} for {label!r} is not a label of {TAG_RULE}."


def counted_once(first: str, what: str = "") -> str:
    """A repeat (``what``: "log", "sleep"; nothing for a row) of the one at ``first``, which is the one imported."""
    same = f"the same {what} as" if what else "the same as"
    return f"{same} {first}: {COUNTED_ONCE}"


def not_a_night(start: dt.datetime, end: dt.datetime) -> str:
    """A sleep that ends before it starts, or lasts over a day."""
    return f"{moment_label(start)} to {moment_label(end)} is not a possible night"


def not_a_moment(name: str, value: object) -> ValueError:
    """The error for a file's start or end of sleep that is not a date and time (``name``: its field)."""
    return ValueError(f"{name} {value!r} is not a date and time")


def within_the_diary(name: str, value: object, moment: dt.datetime) -> dt.datetime:
    """``moment`` (a file's start or end of sleep, its field ``name``), or the ``ValueError`` for one no diary day
    can have: before 1900, or past the diary's last date (where reckoning a night from it could not be done)."""
    if not EARLIEST_DATE <= moment.date() <= LATEST_DATE:
        raise ValueError(
            f"{name} {value!r} is not a date the diary can hold "
            f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})"
        )
    return moment


def not_yet(morning: dt.date) -> str | None:
    """Why a night dated ``morning`` cannot be imported (its morning is still to come, as for entries), or ``None``."""
    problem = date_problem(morning)
    return f"is dated {morning.isoformat()}, which {problem.reason}" if problem is not None else None


def load_json(text: str, source: str, kind: Kind, what: str = "it") -> object:
    """A JSON export's values; one that is not JSON, or nests deeper than any export does, is a ``SourceError``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(source, not_json(exc, what), kind) from None
    except RecursionError:  # thousands of brackets inside each other: no export looks like that
        raise SourceError(
            source, f"{what} nests lists or objects too deeply to be an export.", kind
        ) from None


def not_json(error: json.JSONDecodeError, what: str = "it") -> str:
    """A JSON file that does not parse (``what``: its name, when the message names several files)."""
    return f"{what} is not valid JSON (line {error.lineno}: {error.msg})."
