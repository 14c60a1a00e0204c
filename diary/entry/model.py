"""The diary entry, and the one place raw values become one.

``parse_entry`` takes raw values from anywhere (a CSV row of strings, form
widgets, command-line flags) and returns a valid ``Entry`` or raises
``EntryInvalid`` listing every broken rule. Everything past this point trusts an
``Entry``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, SupportsFloat, SupportsIndex

from ..errors import EntryInvalid, Problem, show_value
from .derived import night_figures, stiffness_score, time_in_bed_hours
from .fields import COLUMNS, FIELD_BY_NAME, FIELDS, SET_SEPARATOR, Field, is_tag, tidy_tag
from .numbers import ASCII_DIGITS

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
"""The last date any entry may have, even where the future check is off (stored diaries).

Dates and ``logged_at`` outside EARLIEST_DATE..LATEST_DATE are refused: they cannot be a
real morning, and charts and analysis could not place them on a calendar.
"""
LATEST_UTC_OFFSET = dt.timedelta(hours=14)
"""The clocks furthest ahead on Earth (Kiribati's Line Islands, UTC+14): no date begins earlier."""
_EARLIEST_STAMP = dt.datetime.combine(EARLIEST_DATE, dt.time(), dt.UTC)
_LATEST_STAMP = dt.datetime.combine(LATEST_DATE, dt.time.max, dt.UTC)

# Digits are the ASCII 0-9 only: other scripts' digits (full-width ７, Arabic-Indic ٣)
# are not what the diary CSV allows, and are refused with a message saying so.
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_RE = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_NUMBER_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One morning: the morning of ``date``, the night before it, and the day before.

    Sets are tuples in canonical order (the DESIGN order; tags sorted), times
    have minute precision, ``None`` means "not recorded".
    """

    date: dt.date
    pain: int
    pain_minutes: int | None = None
    pain_areas: tuple[str, ...] = ()
    numbness: bool | None = None
    night_wakings: int | None = None
    mattress: str | None = None
    firmness: str | None = None
    position: str | None = None
    legs_elevated: bool | None = None
    pillow: str | None = None
    bedtime: dt.time | None = None
    wake_time: dt.time | None = None
    sleep_latency_min: int | None = None
    awakenings: int | None = None
    awake_minutes: int | None = None
    sleep_quality: int | None = None
    exertion: str | None = None
    lifting: bool | None = None
    sitting_hours: float | None = None
    exercise: tuple[str, ...] = ()
    alcohol: bool | None = None
    late_meal: bool | None = None
    warm_bath: bool | None = None
    cold_exposure: bool | None = None
    stress: str | None = None
    painkiller: bool | None = None
    weight_kg: float | None = None
    red_flags: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str | None = None
    logged_at: dt.datetime | None = None

    # -- derived values (never stored); formulas follow the Consensus Sleep Diary

    @property
    def time_in_bed_h(self) -> float | None:
        """wake_time − bedtime, in hours, crossing midnight."""
        return time_in_bed_hours(self.bedtime, self.wake_time)

    @property
    def sleep_hours(self) -> float | None:
        """Total sleep: time in bed − minutes to fall asleep − minutes awake (missing parts count as 0)."""
        return self._night()[1]

    @property
    def sleep_efficiency(self) -> float | None:
        """Total sleep as a percentage of time in bed."""
        return self._night()[2]

    def _night(self) -> tuple[float | None, float | None, float | None]:
        return night_figures(self.bedtime, self.wake_time, self.sleep_latency_min, self.awake_minutes)

    @property
    def stiffness_score(self) -> float | None:
        """BASDAI morning-stiffness duration scale: min(pain_minutes / 12, 10)."""
        return stiffness_score(self.pain_minutes)

    def as_dict(self) -> dict[str, object]:
        """The entry's values by column name, in CSV order."""
        return {name: getattr(self, name) for name in COLUMNS}

    def same_values(self, other: Entry) -> bool:
        """Equal in every column but ``logged_at`` (which only records when it was typed in)."""
        return all(getattr(self, n) == getattr(other, n) for n in COLUMNS if n != "logged_at")

    def differing_columns(self, other: Entry) -> list[str]:
        return [n for n in COLUMNS if n != "logged_at" and getattr(self, n) != getattr(other, n)]

    def replace(self, **changes: object) -> Entry:
        """A copy with some values changed, validated again."""
        values = self.as_dict()
        values.update(changes)
        return parse_entry(values, today=None, check_future=False)

    def to_cells(self) -> dict[str, str]:
        """The entry as diary-CSV cell text (before formula neutralising)."""
        return {name: format_value(FIELD_BY_NAME[name], getattr(self, name)) for name in COLUMNS}


# -- parsing raw values ----------------------------------------------------------


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def latest_today(now: dt.datetime | None = None) -> dt.date:
    """The latest date that has begun anywhere on Earth: today at UTC+14.

    An entry is in the future only after this date. The local date would refuse
    a morning that has come elsewhere: a backup made east of the date line
    could not be restored west of it on the same day.
    """
    return ((now or _utc_now()).astimezone(dt.UTC) + LATEST_UTC_OFFSET).date()


class _Rejected(ValueError):
    """A raw value broke its column's rule; the message says how."""


def _only_ascii_digits(field: Field, text: str) -> None:
    """Refuse, by name, a digit of another script in a value that must be written with 0-9."""
    for ch in text:
        if ch.isdigit() and not ch.isascii():
            raise _Rejected(
                f"uses the digit {show_value(ch)} ({unicodedata.name(ch, 'a non-ASCII digit').lower()}); "
                f"allowed: {field.allowed}, {ASCII_DIGITS}"
            )


def _is_empty(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, float) and math.isnan(raw):
        return True
    if isinstance(raw, (list, tuple, set, frozenset)):
        return len(raw) == 0
    # pandas.NA and numpy NaN-likes compare unequal to themselves or raise
    try:
        return bool(raw != raw)
    except (TypeError, ValueError, ArithmeticError):  # ArithmeticError: Decimal("sNaN")
        return True


def _number(field: Field, raw: object) -> Decimal:
    """The exact value of a number given as text or a number, within the column's range.

    Exact (``Decimal``) so that nothing is rounded into range or into a whole
    number: "1e-400" is not 0, "3.0000000000000001" is not 3, 10**400 does not
    overflow.
    """
    if isinstance(raw, str):
        _only_ascii_digits(field, raw)
    if isinstance(raw, bool) or (isinstance(raw, str) and not _NUMBER_RE.fullmatch(raw.strip())):
        raise _Rejected(f"must be {field.allowed}")
    try:
        if isinstance(raw, str):
            value = Decimal(raw.strip())
        elif isinstance(raw, (int, float, Decimal)):
            value = Decimal(raw)
        elif isinstance(raw, (SupportsFloat, SupportsIndex)):  # numpy and other numeric types
            value = Decimal(float(raw))
        else:
            raise _Rejected(f"must be {field.allowed}")
        in_range = _within(value, field)
    except (TypeError, ValueError, ArithmeticError):
        raise _Rejected(f"must be {field.allowed}") from None
    if not in_range:
        raise _Rejected(f"must be {field.allowed}")
    return value


def _within(value: Decimal, field: Field) -> bool:
    """A finite number inside the column's range (every number column has one)."""
    if field.low is None or field.high is None:
        return False
    return value.is_finite() and Decimal(field.low) <= value <= Decimal(field.high)


def _parse_int(field: Field, raw: object) -> int:
    value = _number(field, raw)
    if value != value.to_integral_value():
        raise _Rejected(f"must be {field.allowed}")
    return int(value)


def _parse_float(field: Field, raw: object) -> float:
    return float(_number(field, raw)) + 0.0  # + 0.0 turns -0.0 into 0.0


def _parse_bool(field: Field, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        text = raw.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    if type(raw).__name__ == "bool_":  # numpy.bool_
        return bool(raw)
    raise _Rejected(f"must be {field.allowed}")


def _choice(field: Field, text: str) -> str:
    candidate = text.strip().lower()
    if candidate in field.choices:
        return candidate
    candidate = candidate.replace(" ", "-").replace("_", "-")
    if candidate in field.choices:
        return candidate
    raise _Rejected(f"must be {field.allowed}")


def _parse_enum(field: Field, raw: object) -> str:
    if not isinstance(raw, str):
        raise _Rejected(f"must be {field.allowed}")
    return _choice(field, raw)


def _parse_set(field: Field, raw: object) -> tuple[str, ...]:
    if isinstance(raw, str):
        members: Iterable[object] = raw.split(SET_SEPARATOR)
    elif isinstance(raw, (list, tuple, set, frozenset)):
        members = raw
    else:
        raise _Rejected(f"must be {field.allowed}")
    found: set[str] = set()
    for member in members:
        if not isinstance(member, str):
            raise _Rejected(f"must be {field.allowed}")
        text = member.strip()
        if not text:
            continue
        if field.choices:
            try:
                found.add(_choice(field, text))
            except _Rejected:
                raise _Rejected(f"has {show_value(text)}, which is not allowed: {field.allowed}") from None
        elif is_tag(text):
            found.add(text)
        else:
            tidied = tidy_tag(text)
            hint = f" (try {show_value(tidied)})" if tidied else ""
            raise _Rejected(f"has {show_value(text)}, which is not allowed{hint}: {field.allowed}")
    if field.choices:
        return tuple(c for c in field.choices if c in found)
    return tuple(sorted(found))


def _parse_text(field: Field, raw: object) -> str:
    if not isinstance(raw, str):
        raise _Rejected(f"must be {field.allowed}")
    text = raw.strip() if field.name == "mattress" else raw
    if len(text) > (field.max_length or 0):
        raise _Rejected(f"is {len(text)} characters long; allowed: {field.allowed}")
    multiline = field.name == "notes"
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cs":  # how the command line passes on a byte of another encoding
            raise _Rejected(f"contains a byte that is not UTF-8 text ({ch!r}); allowed: {field.allowed}")
        if category == "Cc" and not (multiline and ch in "\t\n\r"):
            what = "line breaks or control characters" if not multiline else "control characters"
            raise _Rejected(f"contains {ch!r}; allowed: {field.allowed} without {what}")
    return text


def _parse_date(field: Field, raw: object) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if hasattr(raw, "to_pydatetime"):  # pandas.Timestamp
        return raw.to_pydatetime().date()
    if not isinstance(raw, str):
        raise _Rejected(f"must be {field.allowed}")
    text = raw.strip()
    _only_ascii_digits(field, text)
    if not DATE_RE.fullmatch(text):
        raise _Rejected(f"must be {field.allowed}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _Rejected(f"is not a date in the calendar; allowed: {field.allowed}") from None


def _parse_time(field: Field, raw: object) -> dt.time:
    if isinstance(raw, dt.time):
        return raw.replace(second=0, microsecond=0, tzinfo=None)
    if not isinstance(raw, str):
        raise _Rejected(f"must be {field.allowed}")
    _only_ascii_digits(field, raw)
    match = _TIME_RE.fullmatch(raw.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise _Rejected(f"must be {field.allowed}")
    return dt.time(int(match[1]), int(match[2]))


def _parse_timestamp(field: Field, raw: object) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        value = raw
    elif isinstance(raw, str):
        _only_ascii_digits(field, raw)
        try:
            value = dt.datetime.fromisoformat(raw.strip())
        except ValueError:
            raise _Rejected(f"must be {field.allowed}") from None
    else:
        raise _Rejected(f"must be {field.allowed}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise _Rejected(f"has no UTC offset; allowed: {field.allowed}")
    if not _EARLIEST_STAMP <= value <= _LATEST_STAMP:
        raise _Rejected(
            f"is not between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}; "
            f"allowed: {field.allowed}"
        )
    return value.replace(microsecond=0)


_PARSERS = {
    "int": _parse_int,
    "float": _parse_float,
    "bool": _parse_bool,
    "enum": _parse_enum,
    "set": _parse_set,
    "text": _parse_text,
    "date": _parse_date,
    "time": _parse_time,
    "timestamp": _parse_timestamp,
}


def parse_value(field: Field, raw: object) -> object:
    """One raw value as its column's type; ``None`` (or ``()`` for sets) when empty.

    Raises ``ValueError`` whose message says what the column allows. A note is
    kept exactly as typed: only an empty one is "not recorded", so a note of
    spaces or line breaks is not lost while the save says it succeeded.
    """
    if field.name == "notes" and isinstance(raw, str):
        return _parse_text(field, raw) if raw else None
    if _is_empty(raw):
        return () if field.kind == "set" else None
    return _PARSERS[field.kind](field, raw)


def _raw_text(raw: object) -> str:
    if isinstance(raw, (list, tuple, set, frozenset)):
        return SET_SEPARATOR.join(str(m) for m in raw)
    if isinstance(raw, dt.time):
        return raw.strftime("%H:%M")
    if isinstance(raw, (dt.date, dt.datetime)):
        return raw.isoformat()
    raw = int(raw) if isinstance(raw, float) and raw.is_integer() else raw  # a form's 900.0: 900 typed
    return "" if raw is None else str(raw)


def date_problem(day: dt.date, *, today: dt.date | None = None, check_future: bool = True) -> Problem | None:
    """What is wrong with ``day`` as an entry's date (in the future, before 1900…), or ``None``.

    ``today`` defaults to ``latest_today()``: a date after the date anywhere on Earth is in the future.
    """
    limit = today or latest_today()
    if check_future and day > limit:
        now = (
            f"today is {limit.isoformat()}"
            if today
            else f"it is {limit.isoformat()} at most, anywhere on Earth"
        )
        return Problem(
            "date", day.isoformat(), f"is in the future ({now}); an entry describes a morning that has come"
        )
    if day < EARLIEST_DATE:
        return Problem("date", day.isoformat(), f"is before {EARLIEST_DATE.isoformat()}")
    if day > LATEST_DATE:
        return Problem("date", day.isoformat(), f"is after {LATEST_DATE.isoformat()}")
    return None


def check_entry(
    raw: Mapping[str, object],
    *,
    today: dt.date | None = None,
    check_future: bool = True,
) -> tuple[Entry | None, list[Problem]]:
    """Raw values → (entry, []) or (None, every problem found).

    ``today`` defaults to ``latest_today()``: a date after the date anywhere on
    Earth is in the future. Problems are located by the entry's date when it could
    be read.
    """
    problems: list[Problem] = []
    values: dict[str, Any] = {}  # each column's parsed value, of the type Entry gives that column
    for key in raw:
        if key not in FIELD_BY_NAME:
            name = str(key)
            if not name.isprintable() or len(name) > 40:
                name = show_value(name)  # control characters and lone surrogates, escaped
            problems.append(Problem(name, "", "is not a diary column; columns are: " + ", ".join(COLUMNS)))
    for field in FIELDS:
        value = raw.get(field.name)
        try:
            parsed = parse_value(field, value)
        except ValueError as exc:
            problems.append(Problem(field.name, _raw_text(value), str(exc)))
            continue
        if parsed is None and field.required:
            problems.append(Problem(field.name, "", f"is missing; it is required: {field.allowed}"))
        values[field.name] = parsed
    day = values.get("date")
    if isinstance(day, dt.date):
        wrong = date_problem(day, today=today, check_future=check_future)
        if wrong is not None:
            problems.append(wrong)
        problems = [p.located(day.isoformat()) for p in problems]
    if problems:
        return None, problems
    return Entry(**values), []


def parse_entry(
    raw: Mapping[str, object],
    *,
    today: dt.date | None = None,
    check_future: bool = True,
) -> Entry:
    """Raw values → a valid ``Entry``, or ``EntryInvalid`` listing every problem."""
    entry, problems = check_entry(raw, today=today, check_future=check_future)
    if entry is None:
        raise EntryInvalid(problems)
    return entry


# -- formatting ------------------------------------------------------------------


def format_value(field: Field, value: object) -> str:
    """A typed value as diary-CSV cell text ("" when not recorded)."""
    if value is None or value == ():
        return ""
    kind = field.kind
    if kind == "bool":
        return "true" if value else "false"
    # The exact type first: a check against a typing protocol (SupportsFloat) is slow, and runs per cell.
    if kind == "set" and isinstance(value, (tuple, Iterable)):
        return SET_SEPARATOR.join(value)
    if kind == "timestamp" and isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if kind == "time" and isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if kind == "float" and isinstance(value, (float, SupportsFloat)):
        text = repr(float(value))
        return text[:-2] if text.endswith(".0") else text
    return str(value)


ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(Entry))
assert ENTRY_FIELDS == COLUMNS, "Entry and the CSV columns must agree"
