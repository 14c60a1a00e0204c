"""Fitbit: nights from fitbit.com's own data export (``fitbit_export_YYYYMMDD.csv``).

Before Google Takeout, the Fitbit dashboard exported up to a month at a time
as one CSV file of sections, each a title line, a header and rows, with an
empty line between them::

    Activities
    Date,Calories Burned,Steps,...
    "2019-10-02","2,310","11,204",...

    Sleep
    Start Time,End Time,Minutes Asleep,Minutes Awake,Number of Awakenings,Time in Bed,...
    "2019-10-02 10:42PM","2019-10-03 6:31AM","411","58","31","469",...

Only the Sleep section is read: ``bedtime`` is the start, ``wake_time`` the
end, both local clock times as the account's settings wrote them (the date
as the other Fitbit dates, day or month first as the file's own dates tell).
Its "Minutes Awake" and "Number of Awakenings" are Fitbit's summary, which
counts every wake of a few minutes and the restless ones, and the file holds
no stages to tell them apart, so they are listed rather than imported; nor
does it say how long it took to fall asleep. The other sections (weight, food,
activity) are listed as not imported, one finding each.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from .common import Finding, SourceError, not_a_moment, not_a_night, span, within_the_diary
from .inputs import Document, decode_text
from .nights import LONGEST_SLEEP, Night, Read
from .tabular import month_first, not_csv, not_kept, parse_clock, parse_day

SECTIONS = ("Body", "Foods", "Food Log", "Activities", "Sleep")
"""The titles of the sections fitbit.com's data export writes (a food log's title names its day)."""
SLEEP_HEADER = ("Start Time", "End Time", "Minutes Asleep")
"""The start of the Sleep section's header: what makes the file this export."""
DEVICE = "your Fitbit"
SUMMARY_ONLY = (
    "Fitbit's summary, which counts every short or restless wake; without the night's stages the diary "
    "cannot count them its own way, so they are not imported"
)
"""Why the export's awake minutes and awakenings are listed rather than imported."""
NOT_SLEEP = "not sleep: only the Sleep section is imported"
_READ = frozenset({*SLEEP_HEADER, "Minutes Awake", "Number of Awakenings"})
"""The Sleep section's columns the reader uses or lists on their own: the others are listed together."""
EXPORT_FILE = re.compile(r"^fitbit_export_\d{8}\.csv$", re.IGNORECASE)
"""The name fitbit.com gives its data export (``fitbit_export_20191003.csv``: the day it was made)."""


def _is_title(line: str) -> bool:
    title = line.strip().strip('"')
    return title in SECTIONS or title.startswith("Food Log ")


def is_fitbit_csv_head(text: str) -> bool:
    """Whether the start of a document is fitbit.com's data export: a section's title, then its header."""
    lines = [line for line in text.splitlines() if line.strip()][:2]
    return len(lines) == 2 and _is_title(lines[0]) and "," in lines[1]


def _sections(text: str) -> list[tuple[int, str, list[str]]]:
    """(line of the title, the title, the section's lines after it) for each section of the file."""
    found: list[tuple[int, str, list[str]]] = []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        previous = lines[number - 2] if number > 1 else ""
        if _is_title(line) and not previous.strip():
            found.append((number, line.strip().strip('"'), []))
        elif found:
            found[-1][2].append(line)
    return found


def _moment(text: str, name: str, order: bool | None) -> dt.datetime:
    """ "2019-10-02 10:42PM" as a clock time, or the ``ValueError`` naming it."""
    day_part, _, clock_part = text.strip().rpartition(" ")
    day = parse_day(day_part, month_first=order)
    clock = parse_clock(clock_part)
    if day is None or clock is None:  # "10:42 PM": the clock's mark is a word of its own
        day_part, _, first = day_part.rpartition(" ")
        day, clock = parse_day(day_part, month_first=order), parse_clock(f"{first} {clock_part}")
    if day is None or clock is None:
        raise not_a_moment(name, text)
    return within_the_diary(name, text, dt.datetime.combine(day, clock))


def _minutes(text: str) -> float | None:
    cleaned = text.strip().replace(",", "")
    try:
        return float(cleaned) if cleaned else None
    except ValueError:
        return None


def _night(cells: dict[str, str], where: str, order: bool | None) -> Night:
    bedtime = _moment(cells.get("Start Time", ""), "Start Time", order)
    wake = _moment(cells.get("End Time", ""), "End Time", order)
    if not bedtime < wake <= bedtime + LONGEST_SLEEP:
        raise ValueError(not_a_night(bedtime, wake))
    asleep = _minutes(cells.get("Minutes Asleep", ""))
    return Night(
        bedtime,
        wake,
        None,
        None,
        None,
        asleep if asleep is not None else (wake - bedtime).total_seconds() / 60,
        where,
        DEVICE,
    )


def _is_night(cells: dict[str, str], order: bool) -> bool:
    """Whether the row is a possible night with its numeric dates read month first (``order``) or not."""
    try:
        _night(cells, "", order)
    except ValueError:
        return False
    return True


def read_fitbit_csv(document: Document, source: str, result: Read) -> None:
    """The nights of fitbit.com's data export, added to ``result`` (nights, not understood, not imported)."""
    nights, unrecognised, not_imported = result
    file = document.basename
    sections = _sections(decode_text(document.read_bytes(source), source))
    sleep = [s for s in sections if s[1] == "Sleep"]
    for line, title, _ in sections:
        if title != "Sleep":
            not_imported.append(Finding(f"{file}, line {line}", f"section {title!r}", NOT_SLEEP))
    if not sleep:
        raise SourceError(source, "it is a Fitbit data export without its Sleep section.", "fitbit")
    for line, _, rows in sleep:
        try:
            table = list(csv.reader(io.StringIO("\n".join(rows), newline="")))
        except csv.Error as exc:  # a cell past the CSV reader's size limit, …
            raise SourceError(
                source, not_csv(line, exc, f"its Sleep section (line {line})"), "fitbit"
            ) from None
        if not table or tuple(cell.strip() for cell in table[0][:3]) != SLEEP_HEADER:
            raise SourceError(
                source,
                f"its Sleep section (line {line}) does not start with the columns {', '.join(SLEEP_HEADER)}.",
                "fitbit",
            )
        header = [cell.strip() for cell in table[0]]
        body = [
            (line + 1 + n, dict(zip(header, cells, strict=False))) for n, cells in enumerate(table[1:], 1)
        ]
        order = month_first(c.get("Start Time", "").rpartition(" ")[0] for _, c in body)
        if order is None:  # every date could be read either way: the reading that makes nights of them
            order = max((False, True), key=lambda first: sum(_is_night(c, first) for _, c in body))
        summary = [n for n, c in body if c.get("Minutes Awake", "").strip() or c.get("Number of Awakenings")]
        if summary:
            where = f"{file}, {span(summary)}"
            not_imported.append(Finding(where, "Minutes Awake, Number of Awakenings", SUMMARY_ONLY))
        unused = [name for name in header if name and name not in _READ]
        if unused:
            not_imported.append(not_kept(f"{file}, line {line + 1}", unused))
        for number, cells in body:
            try:
                nights.append(_night(cells, f"{file}, line {number}", order))
            except ValueError as exc:
                unrecognised.append(Finding(f"{file}, line {number}", "sleep", str(exc)))
