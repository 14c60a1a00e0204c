"""Oura: nights from the sleep CSV export, the newer ``sleepmodel.csv``, or the JSON export.

Three shapes carry the same facts:

- the Oura Cloud CSV (comma separated): ``Bedtime Start``, ``Bedtime End``,
  ``Sleep Latency``, ``Awake Time``, ``Total Bedtime``, ``Total Sleep Time``
  (or ``Total Sleep Duration``), durations in seconds;
- the account export's ``sleepmodel.csv`` (semicolon separated):
  ``bedtime_start``, ``bedtime_end``, ``latency``, ``awake_time``,
  ``time_in_bed``, ``total_sleep_duration``, ``type``, in seconds;
- JSON: ``{"sleep": [...]}`` (``onset_latency``, ``awake``, ``duration``,
  ``total``) or ``{"data": [...]}`` with the sleepmodel names.

Bedtime start and end carry their UTC offset: their clock time is the local
time. ``bedtime`` = bedtime start, ``wake_time`` = bedtime end,
``sleep_latency_min`` = latency. Oura counts the time it took to fall asleep as
awake time, so ``awake_minutes`` = time in bed − total sleep − latency (or, without
those, awake time − latency). The night belongs to the morning of bedtime end;
Oura's own ``date`` column is not used (older exports date a night by its
evening). Rest periods and deleted periods are listed, not imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping

from ..wording import plural
from .common import Finding, SourceError, SourceResult, count_findings, not_a_night, not_json
from .inputs import Document, Input, SourceInput, as_input, decode_text, head_text
from .nights import Night, minutes, nights_result, seconds_as_minutes
from .tabular import shorten

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
_SPACES = re.compile(r"[\s_]+")


def key(name: str) -> str:
    """A column or field name as the aliases spell it ("Total Bedtime " → "total_bedtime")."""
    return _SPACES.sub("_", re.sub(r"\(.*?\)", "", name).strip().lower()).strip("_")


def is_oura_head(text: str) -> bool:
    """Whether the start of a document looks like an Oura sleep export."""
    first = key(text.splitlines()[0]) if text.strip() else ""
    if "bedtime_start" in first and "bedtime_end" in first:
        return True
    stripped = text.lstrip()
    return stripped.startswith("{") and '"bedtime_start"' in text


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


def _delimiter(text: str) -> str:
    """The CSV's separator: ";" in the account export's ``sleepmodel.csv``, "," in the sleep CSV."""
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _csv_rows(text: str) -> Iterator[tuple[str, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = [key(cell) for cell in next(reader, [])]
    line = reader.line_num
    for cells in reader:
        where, line = f"line {line + 1}", reader.line_num
        if any(c.strip() for c in cells):
            yield where, dict(zip(header, (c.strip() for c in cells), strict=False))


_READ = frozenset({"date", "day", "summary_date", "id", *(a for names in ALIASES.values() for a in names)})
"""Every column the reader looks at (by ``key``): the rest are listed as not imported."""


def _unused_columns(text: str) -> list[str]:
    """The header's columns the reader does not use, as the file names them."""
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=_delimiter(text)), [])
    return [
        name.strip().lstrip("\ufeff")
        for name in header
        if name.strip() and key(name.lstrip("\ufeff")) not in _READ
    ]


def _json_rows(text: str, source: str) -> Iterator[tuple[str, Mapping[str, object]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(source, not_json(exc), "oura") from None
    if isinstance(data, dict):
        data = data.get("sleep", data.get("data"))
    if not isinstance(data, list):
        raise SourceError(source, 'it holds no list of sleep periods ("sleep" or "data").', "oura")
    for number, item in enumerate(data, start=1):
        yield f"sleep period {number}", item if isinstance(item, dict) else {}


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
        return dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{ALIASES[name][0]} {value!r} is not a date and time") from None


def row_night(row: Mapping[str, object], where: str) -> Night:
    """One sleep period as a ``Night``; ``ValueError`` says what is wrong with it."""
    start, end = _stamp(row, "start"), _stamp(row, "end")
    if (start.tzinfo is None) != (end.tzinfo is None) or not start < end <= start + dt.timedelta(hours=24):
        raise ValueError(not_a_night(start, end))
    latency, awake = _seconds(row, "latency"), _seconds(row, "awake")
    in_bed, total = _seconds(row, "in_bed"), _seconds(row, "total")
    awake_s = None
    if in_bed is not None and total is not None:
        awake_s = in_bed - total - (latency or 0)
    elif awake is not None:
        awake_s = awake - (latency or 0)
    return Night(
        start,
        end,
        None if latency is None else seconds_as_minutes(latency),
        None if awake_s is None else max(0, seconds_as_minutes(awake_s)),
        None,
        total / 60 if total is not None else float(minutes(end - start)),
        where,
        DEVICE,
    )


def read_oura(source: SourceInput | Input, *, name: str | None = None) -> SourceResult:
    """The nights in an Oura sleep export (CSV, sleepmodel.csv or JSON, or a zip holding one), one per morning."""
    given = as_input(source, name)
    with given.held():
        document = find_sleep_document(given)
        text = decode_text(document.read_bytes(given.name), given.name)
    is_json = text.lstrip().startswith(("{", "["))
    if not is_json and not is_oura_head(text):
        header = text.split("\n", 1)[0].strip()[:200] or "nothing"
        raise SourceError(
            given.name,
            f"it lacks the columns Bedtime Start and Bedtime End (its header holds {header}).",
            "oura",
        )
    rows = _json_rows(text, given.name) if is_json else _csv_rows(text)
    nights: list[Night] = []
    unrecognised: list[Finding] = []
    skipped: Counter[str] = Counter()
    empty = 0
    for where, row in rows:
        kind = str(_pick(row, "type") or "").lower()
        if kind in SKIPPED_TYPES:
            skipped[SKIPPED_TYPES[kind]] += 1
        elif _pick(row, "start") is None and _pick(row, "end") is None:
            empty += 1
        else:
            try:
                nights.append(row_night(row, where))
            except ValueError as exc:
                unrecognised.append(Finding(where, "sleep period", str(exc)))
    not_imported = count_findings(document.basename, skipped, "not a night's sleep")
    if empty:
        not_imported.append(
            Finding(document.basename, plural(empty, "row") + " without a bedtime", "days without sleep data")
        )
    unused = [] if is_json else _unused_columns(text)
    if unused:
        not_imported.append(
            Finding(
                f"{document.basename} header",
                f"{plural(len(unused), 'column')}: {shorten(', '.join(unused), 120)}",
                "not among the sleep values the diary keeps (bed and wake times, latency, awake time)",
            )
        )
    return nights_result("oura", given.name, nights, unrecognised, not_imported)
