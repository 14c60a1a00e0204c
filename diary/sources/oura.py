"""Oura: nights from the sleep CSV export, the newer ``sleepmodel.csv``, or the JSON export.

Three shapes carry the same facts:

- the Oura Cloud CSV (comma separated): ``Bedtime Start``, ``Bedtime End``,
  ``Sleep Latency``, ``Awake Time``, ``Total Bedtime``, ``Total Sleep Time``
  (or ``Total Sleep Duration``), durations in seconds;
- the account export's ``sleepmodel.csv`` (semicolon separated):
  ``bedtime_start``, ``bedtime_end``, ``latency``, ``awake_time``,
  ``time_in_bed``, ``total_sleep_duration``, ``type``, in seconds;
- JSON: ``{"sleep": [...]}`` (API v1: ``onset_latency``, ``awake``,
  ``duration``, ``total``), ``{"data": [...], "next_token": ...}`` (API v2, the
  sleepmodel names), a bare list of periods, a dump of several endpoints
  (``{"sleep": {"data": [...]}, "daily_sleep": ...}``: the other endpoints are
  listed), or one period on its own.

Bedtime start and end carry their UTC offset: their clock time is the local
time. ``bedtime`` = bedtime start, ``wake_time`` = bedtime end,
``sleep_latency_min`` = latency. Oura counts the time it took to fall asleep as
awake time, so ``awake_minutes`` = time in bed − total sleep − latency (or, without
those, awake time − latency). The night belongs to the morning of bedtime end;
Oura's own ``date`` column is not used (older exports date a night by its
evening). Rest periods and deleted periods are listed, not imported.

A period without sleep (total sleep 0: in bed, not asleep) has no latency and
no awake time of its own: Oura writes latency 0 for it, which would read "fell
asleep at once". Its bed time still starts the night when sleep follows
(``nights.join_parts``).

Oura's type ``sleep`` is a length (15 minutes to 3 hours), not "not the night":
a short night of pain is typed so. Such periods are read like ``long_sleep``;
naps are told by the diary's own rule (``Night.nap``) and the parts of one
night are joined as for every wearable.

Oura's daily sleep scores (``daily_sleep``, ``dailysleep.csv``) hold no bed
times: such a file is refused with where the nights are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from ..wording import plural
from .common import (
    Finding,
    SourceError,
    SourceResult,
    count_findings,
    load_json,
    not_a_moment,
    not_a_night,
    shorten,
    within_the_diary,
)
from .inputs import Document, Input, SourceInput, as_input, decode_text, head_text
from .nights import LONGEST_SLEEP, Night, minutes, nights_result, seconds_as_minutes
from .tabular import delimiter_of, is_long_row, long_row, not_csv, not_kept

DEVICE = "your Oura ring"
ALIASES: dict[str, tuple[str, ...]] = {
    "start": ("bedtime_start",),
    "end": ("bedtime_end",),
    "latency": ("latency", "sleep_latency", "onset_latency"),
    "awake": ("awake_time", "awake"),
    "in_bed": ("time_in_bed", "total_bedtime", "duration"),
    "total": ("total_sleep_duration", "total_sleep_time", "total"),
    "type": ("type",),
}
SKIPPED_TYPES = {
    "rest": "a rest period, not sleep",
    "deleted": "deleted in the Oura app",
    "late_nap": "a nap, not a night",
}
READ_TYPES = frozenset({"", "long_sleep", "sleep"})
"""The period types read as sleep (old exports write none); another type is listed, never guessed to be sleep."""
UNKNOWN_TYPE = "a type of period the diary does not know (Oura's sleep is long_sleep or sleep): left out"
_SPACES = re.compile(r"[\s_]+")

DAILY_SLEEP_SCORES = (
    "it holds Oura's daily sleep scores, not sleep periods with bed times. The nights are in the account "
    'export\'s sleepmodel.csv, or in the sleep periods ("sleep") of a JSON export.'
)
"""Why a file of daily sleep scores (the API's ``daily_sleep``, the account export's ``dailysleep.csv``) is refused."""

_SLEEP_CONTRIBUTORS = frozenset({"deep_sleep", "rem_sleep", "restfulness", "timing", "total_sleep"})
"""What makes a daily sleep score, and only a sleep score (readiness and activity scores have others)."""


def key(name: str) -> str:
    """A column or field name as the aliases spell it ("Total Bedtime " → "total_bedtime")."""
    return _SPACES.sub("_", re.sub(r"\(.*?\)", "", name).strip().lower()).strip("_")


def is_oura_head(text: str) -> bool:
    """Whether the start of a document looks like an Oura sleep export.

    Every JSON shape the reader reads counts: an object (a response, a dump, one
    period) or a bare list, with a sleep period's ``bedtime_start`` in its start.
    """
    first = key(text.splitlines()[0]) if text.strip() else ""
    if "bedtime_start" in first and "bedtime_end" in first:
        return True
    stripped = text.lstrip()
    return stripped.startswith(("{", "[")) and '"bedtime_start"' in text


def find_sleep_document(given: Input) -> Document:
    documents = given.documents()
    if not (given.is_zip or given.is_folder):
        return documents[0]
    ordered = sorted(documents, key=lambda d: (d.basename.lower() != "sleepmodel.csv", d.name))
    for document in ordered:
        if document.basename.lower().endswith((".csv", ".json")) and is_oura_head(head_text(document.head())):
            return document
    raise SourceError(
        given.name, "it holds no Oura sleep file (sleepmodel.csv or an Oura sleep CSV).", "oura"
    )


def _csv_rows(text: str, unread: list[Finding], name: str) -> Iterator[tuple[str, dict[str, str]]]:
    """The rows of a sleep CSV by line; a row with more cells than the header is listed in ``unread``, not read.

    A line Python's CSV reader cannot read (a field past its size limit, …) refuses the file (``name``).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text.split("\n", 1)[0]))
    line = 0
    try:
        header = [key(cell) for cell in next(reader, [])]
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if is_long_row(cells, header):
                unread.append(long_row(start, cells, header))
                continue
            yield f"line {start}", dict(zip(header, (c.strip() for c in cells), strict=False))
    except csv.Error as exc:
        raise SourceError(name, not_csv(line + 1, exc), "oura") from None


_READ = frozenset({"date", "day", "summary_date", "id", *(a for names in ALIASES.values() for a in names)})
"""Every column the reader looks at (by ``key``): the rest are listed as not imported."""


def _unused_columns(text: str) -> list[str]:
    """The header's columns the reader does not use, as the file names them."""
    first = text.split("\n", 1)[0]
    try:
        header = next(csv.reader(io.StringIO(first, newline=""), delimiter=delimiter_of(first)), [])
    except csv.Error:  # the rows' reader says what is wrong with the file, line by line
        return []
    return [
        name.strip().lstrip("\ufeff")
        for name in header
        if name.strip() and key(name.lstrip("\ufeff")) not in _READ
    ]


_WRAPPERS = ("sleep", "data", "daily_sleep")
"""Where a JSON export keeps its list, in order: ``sleep`` (API v1, or a dump of several endpoints), ``data``
(API v2), then ``daily_sleep`` (a dump of scores only: read to say so)."""

_WRAPPING_DEPTH = 2
"""How deep the list can be: ``{"sleep": {"data": [...]}}`` in a dump of the API v2 responses."""

_PAGING = frozenset({"next_token"})
"""What an API v2 response holds besides its list: not data, so not listed as a part left out."""


def _is_period(item: object) -> bool:
    """Whether a JSON object or a CSV row is a sleep period: it has a bed time (score rows and empty days do not)."""
    return isinstance(item, dict) and (_pick(item, "start") is not None or _pick(item, "end") is not None)


def _periods(data: object) -> tuple[object, list[str]]:
    """The list a JSON export holds (one period on its own is a list of one), and the other parts of a dump.

    The other parts (``daily_sleep``, ``readiness`` … beside ``sleep``) are named
    to be listed as not imported, never passed over unsaid.
    """
    others: list[str] = []
    for _ in range(_WRAPPING_DEPTH):
        if not isinstance(data, dict) or _is_period(data):
            break
        name = next((wrapper for wrapper in _WRAPPERS if wrapper in data), None)
        if name is None:
            break
        others += [part for part in data if part != name and part not in _PAGING]
        data = data[name]
    return ([data] if _is_period(data) else data), others


def _json_rows(
    text: str, source: str
) -> tuple[Iterator[tuple[str, Mapping[str, object]]], list[str], list[str]]:
    """The sleep periods of a JSON export, numbered; the other parts of a dump (``_periods``); and the fields
    of its periods the reader does not use (as ``_unused_columns`` gives a CSV's), in the order first met."""
    data, others = _periods(load_json(text, source, "oura"))
    if not isinstance(data, list):
        raise SourceError(source, 'it holds no list of sleep periods ("sleep" or "data").', "oura")
    rows = (
        (f"sleep period {n}", item if isinstance(item, dict) else {}) for n, item in enumerate(data, start=1)
    )
    fields = dict.fromkeys(name for item in data if _is_period(item) for name in item)
    return rows, others, [name for name in fields if key(name) not in _READ]


def is_daily_scores_head(text: str) -> bool:
    """Whether the start of a file is Oura's daily sleep scores (``dailysleep.csv``, ``daily_sleep``): a score and
    the contributors of sleep, no bed times."""
    return (
        "contributors" in text
        and "score" in text
        and "bedtime_start" not in text.lower().replace(" ", "_")
        and any(name in text for name in _SLEEP_CONTRIBUTORS)
    )


def _is_daily_sleep_score(row: Mapping[str, object]) -> bool:
    """Whether a row without bed times is one of Oura's daily sleep scores (contributors as JSON, or as text in
    ``dailysleep.csv``), not a day without sleep data."""
    contributors = row.get("contributors")
    if isinstance(contributors, str):
        try:
            contributors = json.loads(contributors)
        except (ValueError, RecursionError):
            return False
    return (
        row.get("score") is not None
        and isinstance(contributors, dict)
        and bool(_SLEEP_CONTRIBUTORS & contributors.keys())
    )


def _not_a_sleep_csv(text: str, name: str) -> str:
    """Why a CSV without Bedtime Start and Bedtime End is refused: daily sleep scores are named as such."""
    first = next(_csv_rows(text, [], name), None)
    if first is not None and _is_daily_sleep_score(first[1]):
        return DAILY_SLEEP_SCORES
    header = text.split("\n", 1)[0].strip()[:200] or "nothing"
    return f"it lacks the columns Bedtime Start and Bedtime End (its header holds {header})."


_EMPTY = ("", "none", "null", "nan")
"""How a missing value is written: Oura's CSV writes "None" for a day without sleep data."""


def _pick(row: Mapping[str, object], name: str) -> object:
    for alias in ALIASES[name]:
        value = row.get(alias)
        if value is not None and not (isinstance(value, str) and value.strip().lower() in _EMPTY):
            return value
    return None


def _seconds(row: Mapping[str, object], name: str) -> float | None:
    value = _pick(row, name)
    if value is None:
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise TypeError
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{ALIASES[name][0]} {value!r} is not a number of seconds") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{ALIASES[name][0]} {value!r} is not a number of seconds")
    return number


def _stamp(row: Mapping[str, object], name: str) -> dt.datetime:
    value = _pick(row, name)
    try:
        moment = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        raise not_a_moment(ALIASES[name][0], value) from None
    return within_the_diary(ALIASES[name][0], value, moment)


def row_night(row: Mapping[str, object], where: str) -> Night:
    """One sleep period as a ``Night``; ``ValueError`` says what is wrong with it."""
    start, end = _stamp(row, "start"), _stamp(row, "end")
    if (start.tzinfo is None) != (end.tzinfo is None) or not start < end <= start + LONGEST_SLEEP:
        raise ValueError(not_a_night(start, end))
    total = _seconds(row, "total")
    latency, awake = _latency_and_awake(row, total)
    return Night(
        start,
        end,
        latency,
        awake,
        None,
        total / 60 if total is not None else float(minutes(end - start)),
        where,
        DEVICE,
    )


def _latency_and_awake(row: Mapping[str, object], total: float | None) -> tuple[int | None, int | None]:
    """Minutes to fall asleep and minutes awake in the night, ``None`` where the period does not say.

    Oura counts the time to fall asleep as awake time, so it is taken off. A
    period without sleep has neither: its latency 0 is no time to fall asleep.
    """
    latency, awake, in_bed = _seconds(row, "latency"), _seconds(row, "awake"), _seconds(row, "in_bed")
    if total == 0:
        return None, None
    awake_s = None
    if in_bed is not None and total is not None:
        awake_s = in_bed - total - (latency or 0)
    elif awake is not None:
        awake_s = awake - (latency or 0)
    return (
        None if latency is None else seconds_as_minutes(latency),
        None if awake_s is None else max(0, seconds_as_minutes(awake_s)),
    )


@dataclass
class _Rows:
    """What the rows of an export came to: nights, and the rows that are not one (each listed)."""

    nights: list[Night] = field(default_factory=list)
    unrecognised: list[Finding] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    empty: list[str] = field(default_factory=list)  # where the rows without bed times are: days without data
    scores: int = 0  # daily sleep scores, not sleep periods
    rows: int = 0  # every row or entry read
    periods: int = 0  # of them, sleep periods: with bed times, whatever their type

    @property
    def only_scores(self) -> bool:
        """Whether the file held daily sleep scores and nothing else (refused, saying where the nights are)."""
        return self.scores > 0 and not (self.nights or self.unrecognised or self.skipped or self.empty)


def _read_rows(rows: Iterable[tuple[str, Mapping[str, object]]]) -> _Rows:
    """Each row as a night, or counted as what it is instead (a rest, a day without data, a daily score)."""
    read = _Rows()
    for where, row in rows:
        read.rows += 1
        read.periods += _is_period(row)
        kind = str(_pick(row, "type") or "").lower()
        if kind in SKIPPED_TYPES:
            read.skipped[SKIPPED_TYPES[kind]] += 1
        elif kind not in READ_TYPES:
            read.unrecognised.append(Finding(where, f"period of type {kind!r}", UNKNOWN_TYPE))
        elif not _is_period(row):
            if _is_daily_sleep_score(row):
                read.scores += 1
            else:
                read.empty.append(where)
        else:
            try:
                read.nights.append(row_night(row, where))
            except ValueError as exc:
                read.unrecognised.append(Finding(where, "sleep period", str(exc)))
    return read


_NO_DATA = "days without sleep data"
_NO_PERIOD = "it holds {entries} and no Oura sleep period (an entry with bedtime_start and bedtime_end)."
"""Why a JSON file of objects without bed times is refused: it is not Oura's (another app's, or another kind)."""
_SCORE_ROWS = "Oura's score for a day, not a sleep period with bed times"
"""Why daily sleep scores found among sleep periods are listed, not imported."""


def _not_imported(
    read: _Rows, where: str, unused_columns: list[str], other_parts: list[str], *, is_json: bool
) -> list[Finding]:
    """Everything the export holds that is not a night, each kind said once."""
    found = count_findings(where, read.skipped, "not a night's sleep")
    if read.empty:
        found.append(
            Finding(
                shorten(", ".join(read.empty)),
                plural(len(read.empty), "row") + " without a bedtime",
                _NO_DATA,
            )
        )
    if read.scores:
        found.append(Finding(where, plural(read.scores, "daily sleep score"), _SCORE_ROWS))
    if unused_columns:
        found.append(
            not_kept(f"{where} sleep periods", unused_columns, "field")
            if is_json
            else not_kept(f"{where} header", unused_columns)
        )
    if other_parts:
        found.append(not_kept(where, other_parts, "other part"))
    return found


def read_oura(source: SourceInput | Input, *, name: str | None = None) -> SourceResult:
    """The nights in an Oura sleep export (CSV, sleepmodel.csv or JSON, or a zip holding one), one per morning."""
    given = as_input(source, name)
    with given.held():
        document = find_sleep_document(given)
        text = decode_text(document.read_bytes(given.name), given.name)
    long_rows: list[Finding] = []
    is_json = text.lstrip().startswith(("{", "["))
    if is_json:
        rows, other_parts, unused_columns = _json_rows(text, given.name)
    elif is_oura_head(text):
        rows, other_parts, unused_columns = _csv_rows(text, long_rows, given.name), [], _unused_columns(text)
    else:
        raise SourceError(given.name, _not_a_sleep_csv(text, given.name), "oura")
    read = _read_rows(rows)
    if read.only_scores:
        raise SourceError(given.name, DAILY_SLEEP_SCORES, "oura")
    # Another app's file (a CSV's "None" rows are days without data): JSON entries none of which has
    # Oura's bed times, whatever else they hold (a Fitbit sleep log has a "type" too).
    if is_json and read.rows and not read.periods and not read.scores:
        raise SourceError(
            given.name, _NO_PERIOD.format(entries=plural(read.rows, "entry", "entries")), "oura"
        )
    not_imported = _not_imported(read, document.basename, unused_columns, other_parts, is_json=is_json)
    unrecognised = [*long_rows, *read.unrecognised]
    return nights_result("oura", given.name, read.nights, unrecognised, not_imported)
