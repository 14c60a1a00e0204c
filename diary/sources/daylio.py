"""Daylio: the CSV export — activities as tags, notes appended to the day's notes.

Columns: ``full_date, date, weekday, time, mood, activities, note_title,
note`` (newer ones may add ``scales``; older exports lack ``note_title``, and
the oldest ``full_date`` too: ``year, date, weekday, time, mood, activities,
note``, the day written "18 May" beside its year).
Times come as 24 h ("21:41") or 12 h ("9:41 pm"); activities are separated by
" | ". Several entries on one day are combined. Newer exports write rich-text
notes as HTML ("Who knows.<br><br>Am I?"): read as the plain text the app
shows; a note without HTML tags ("pain < yesterday") is taken as written.

Daylio has no pain rating, so its days only add to days already in the diary
or to days the person gives a pain value for (see ``merge``). The mapping
(shown before import, changeable) says which activity becomes which tag,
whether notes are imported, and whether the day's activities count for the next
morning, as the diary's "yesterday" fields do (default yes). Mood, scales
("Sleep Quality: 8/10 points | Sleep Time: 8:00") and the rest are listed as
not imported, each mood and each scale once with how often it occurs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..entry.derived import minute_of_day
from ..entry.fields import tidy_tag
from ..wording import join_names, plural
from .common import (
    NO_TAG_LETTERS,
    NOT_CHOSEN_AS_TAG,
    NOTES_NOT_IMPORTED,
    Finding,
    MappingError,
    SourceError,
    SourceResult,
    count_findings,
    counted_once,
    make_days,
    morning_counted,
    not_a_tag,
    shorten,
    span,
)
from .inputs import Input, SourceInput, as_input
from .mapping_options import (
    BEARABLE_OPTIONS,
    DAYLIO_OPTIONS,
    DAYLIO_PAIN,
    activity_tags,
    counts_for,
    notes_words,
)
from .tabular import (
    csv_rows,
    extra_columns,
    find_csvs,
    header_names,
    month_first,
    month_first_by_weekday,
    parse_clock,
    parse_day,
)

COLUMNS = (
    "full_date",
    "year",
    "date",
    "weekday",
    "time",
    "mood",
    "activities",
    "scales",
    "note_title",
    "note",
)
REQUIRED = ("mood", "activities")

NO_SCALES = "the diary has no column for Daylio's scales"
"""Why the values of Daylio's scales (sleep quality, sleep time, the person's own) are not imported."""
LINES_NAMED = 5
"""How many lines a scale's finding names before it counts the rest: a scale logged daily is one line of the list."""

_BLOCK_TAGS = frozenset(
    ["blockquote", "div", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "ul"]
)
"""Tags that start or end a block (a paragraph, a list item): the text around them is on lines of its own."""
_INLINE_TAGS = frozenset(
    [
        "a",
        "b",
        "big",
        "br",
        "code",
        "del",
        "em",
        "font",
        "i",
        "ins",
        "mark",
        "s",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "u",
    ]
)
"""The rich text's other tags: a line break, and what marks words up within a line."""
_HTML_TAG = re.compile(rf"</?(?:{'|'.join(sorted(_BLOCK_TAGS | _INLINE_TAGS))})\b[^<>]*>", re.IGNORECASE)
"""A tag of the rich text a note may hold: a note is read as HTML only when it has one ("x<y and z>w" has none)."""


def _dated(names: Collection[str]) -> bool:
    """The header says which day each entry is: ``full_date``, or (oldest exports) ``year`` and ``date``."""
    return "full_date" in names or {"year", "date"} <= set(names)


def is_daylio_head(text: str) -> bool:
    """Daylio's header, or enough of it to be one that lost a column (its reader then names the one missing)."""
    names = header_names(text)
    others = len(names & {"activities", "weekday", "time", "note", "note_title"})
    return _dated(names) and others >= (2 if "mood" in names else 3)


@dataclass(frozen=True, slots=True)
class DaylioRow:
    """One Daylio entry."""

    line: int
    date: dt.date
    time: dt.time | None
    mood: str
    activities: tuple[str, ...]
    note: str
    scales: tuple[str, ...] = ()
    """Each scale as written, "Sleep Quality: 8/10 points"."""


@dataclass(frozen=True)
class DaylioExport:
    """A Daylio export read into entries: what it holds, before any mapping is chosen."""

    name: str
    rows: tuple[DaylioRow, ...]
    unrecognised: tuple[Finding, ...] = ()
    not_imported: tuple[Finding, ...] = ()

    def activities(self) -> dict[str, int]:
        """Every activity with the number of days it was logged on, most frequent first."""
        days: dict[str, set[dt.date]] = defaultdict(set)
        for row in self.rows:
            for activity in row.activities:
                days[activity].add(row.date)
        return dict(sorted(((a, len(d)) for a, d in days.items()), key=lambda kv: (-kv[1], kv[0])))

    def moods(self) -> dict[str, int]:
        return dict(Counter(row.mood for row in self.rows if row.mood).most_common())

    def scales(self) -> dict[str, list[int]]:
        """Every scale by name ("Sleep Quality") with the lines of the entries that hold it, most frequent first."""
        lines: dict[str, list[int]] = defaultdict(list)
        for row in sorted(self.rows, key=lambda r: r.line):
            for scale in row.scales:
                lines[scale.partition(":")[0].strip()].append(row.line)
        return dict(sorted(lines.items(), key=lambda kv: (-len(kv[1]), kv[0])))


@dataclass(frozen=True)
class DaylioMapping:
    """Which activities become which tags, and whether notes are imported."""

    tags: Mapping[str, str] = field(default_factory=dict)
    notes: bool = True
    next_morning: bool = True

    def __post_init__(self) -> None:
        for activity, tag in self.tags.items():
            if tidy_tag(tag) != tag:
                raise MappingError(not_a_tag(tag, activity))
        object.__setattr__(self, "tags", dict(self.tags))

    def describe(self) -> list[tuple[str, str]]:
        """The mapping in words, one ``(what, how)`` pair per line, for the preview."""
        return [
            (DAYLIO_OPTIONS["tags"].what, activity_tags(self.tags)),
            (DAYLIO_OPTIONS["next_morning"].what, counts_for(self.next_morning)),
            (DAYLIO_OPTIONS["notes"].what, notes_words(self.notes)),
            (BEARABLE_OPTIONS["pain_symptom"].what, DAYLIO_PAIN),
        ]


def default_daylio_mapping(export: DaylioExport) -> DaylioMapping:
    """Every activity that can be written as a tag becomes one; notes are imported."""
    tags = {a: tag for a in export.activities() if (tag := tidy_tag(a)) is not None}
    return DaylioMapping(tags=tags)


def _written_date(cells: dict[str, str]) -> str:
    """The entry's date as written: ``full_date``, or the oldest exports' day ("18 May") and year."""
    if "full_date" in cells:
        return cells["full_date"]
    return f"{cells.get('date', '').strip()} {cells.get('year', '').strip()}"


def _plain_text(note: str) -> str:
    """A note as the plain text Daylio shows: newer exports write rich-text notes as HTML.

    A line break (``<br>`` in any form) is a line break, a paragraph or block
    starts a line of its own, other tags and comments are removed and entities
    ("&amp;", "&nbsp;", "&#39;") unescaped (``html.parser``). A note with no
    HTML tag is left as written: "pain < yesterday" is text, not HTML.
    """
    if not _HTML_TAG.search(note):
        return note
    reader = _NoteReader()
    reader.feed(note)
    reader.close()
    # A non-breaking space is a space in plain text: the same words are found with either.
    return "".join(reader.text).replace("\xa0", " ")


class _NoteReader(HTMLParser):
    """The text of a rich-text note, with its line breaks and blocks as new lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "br":
            self.text.append("\n")
        elif tag in _BLOCK_TAGS:
            self._new_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self._new_line()

    def _new_line(self) -> None:
        """A block starts a line of its own, unless one starts there anyway (or the note begins there)."""
        if self.text and not self.text[-1].endswith("\n"):
            self.text.append("\n")


def _scales(cells: dict[str, str]) -> tuple[str, ...]:
    """The entry's scales that hold a value, each as written ("Sleep Quality: 8/10 points")."""
    parts = (part.strip() for part in cells.get("scales", "").split("|"))
    return tuple(part for part in parts if part and (":" not in part or part.partition(":")[2].strip()))


def _lines_named(lines: list[int]) -> str:
    """ "line 4", "lines 4, 6 and 9", or the first ``LINES_NAMED`` of many and how many more."""
    if len(lines) == 1:
        return f"line {lines[0]}"
    named = [str(n) for n in lines[:LINES_NAMED]]
    if len(lines) > LINES_NAMED:
        named.append(f"{len(lines) - LINES_NAMED} more")
    return f"lines {join_names(named)}"


def _row(
    line: int, cells: dict[str, str], order: bool | None = False
) -> tuple[DaylioRow | None, list[Finding]]:
    """One entry; ``order``: the file writes numeric dates month first (``tabular.month_first``)."""
    where = f"line {line}"
    if "full_date" in cells:
        column, how = "full_date", "YYYY-MM-DD"
    else:
        column, how = "year and date", "the year, and the day as 18 May"
    written = _written_date(cells)
    date = parse_day(written, month_first=order)
    if date is None:
        return None, [Finding(where, f"{column} {written!r}", f"is not a date (Daylio writes {how})")]
    findings: list[Finding] = []
    time_text = cells.get("time", "").strip()
    time = parse_clock(time_text) if time_text else None
    if time_text and time is None:
        findings.append(
            Finding(where, f"time {time_text!r}", "is not a time of day; the entry's date is used")
        )
    activities = tuple(dict.fromkeys(a.strip() for a in cells.get("activities", "").split("|") if a.strip()))
    title, note = (_plain_text(cells.get(column, "")).strip() for column in ("note_title", "note"))
    text = "\n".join(part for part in (title, note) if part)
    mood = cells.get("mood", "").strip()
    return DaylioRow(line, date, time, mood, activities, text, _scales(cells)), findings


def read_daylio(source: SourceInput | Input, *, name: str | None = None) -> DaylioExport:
    """A Daylio CSV export (or a zip or folder holding one) read into entries; nothing is mapped yet."""
    given = as_input(source, name)
    with given.held():
        document = find_csvs(given, "daylio", is_daylio_head)[0]
        unrecognised: list[Finding] = []  # rows with more cells than the header, first
        header, read = csv_rows(document, given.name, "daylio", REQUIRED, unread=unrecognised)
        cells = list(read)
        if not _dated(header):
            raise SourceError(
                given.name,
                f"it lacks the column full_date (or year and date) (its header holds {', '.join(header)}).",
                "daylio",
            )
    rows: list[DaylioRow] = []
    not_imported = extra_columns(header, COLUMNS, "header")
    seen: dict[tuple[object, ...], int] = {}
    order = month_first(_written_date(c) for _, c in cells)
    if order is None:
        order = month_first_by_weekday((_written_date(c), c.get("weekday", "")) for _, c in cells)
    for line, row_cells in cells:
        row, findings = _row(line, row_cells, order)
        unrecognised.extend(findings)
        if row is None:
            continue
        same = (row.date, row.time, row.mood, row.activities, row.note, row.scales)
        if same in seen:
            not_imported.append(
                Finding(f"line {line}", f"entry of {row.date}", counted_once(f"line {seen[same]}"))
            )
            continue
        seen[same] = line
        rows.append(row)
    return DaylioExport(given.name, tuple(rows), tuple(unrecognised), tuple(not_imported))


def apply_daylio_mapping(export: DaylioExport, mapping: DaylioMapping) -> SourceResult:
    """The tags and notes the export supplies under ``mapping``: one ``SourceDay`` per date."""
    tags: dict[dt.date, set[str]] = defaultdict(set)
    notes: dict[dt.date, list[str]] = defaultdict(list)
    lines: dict[dt.date, set[int]] = defaultdict(set)
    untagged: Counter[str] = Counter()
    unusable: Counter[str] = Counter()
    not_imported = list(export.not_imported)
    for row in sorted(export.rows, key=lambda r: (r.date, r.time or dt.time(), r.line)):
        minute = minute_of_day(row.time) if row.time else None
        morning = morning_counted(row.date, minute, next_morning=mapping.next_morning)
        for activity in row.activities:
            tag = mapping.tags.get(activity)
            if tag is None:
                (untagged if tidy_tag(activity) else unusable)[activity] += 1
            else:
                tags[morning].add(tag)
                lines[morning].add(row.line)
        if row.note and not mapping.notes:
            not_imported.append(Finding(f"line {row.line}", shorten(row.note), NOTES_NOT_IMPORTED))
        elif row.note and row.note not in notes[row.date]:
            notes[row.date].append(row.note)
            lines[row.date].add(row.line)
    not_imported.extend(count_findings("activities", untagged, NOT_CHOSEN_AS_TAG))
    not_imported.extend(count_findings("activities", unusable, NO_TAG_LETTERS))
    not_imported.extend(count_findings("mood", export.moods(), "the diary has no column for mood"))
    not_imported.extend(
        Finding(_lines_named(lines), f"scales {name!r} ({plural(len(lines), 'entry', 'entries')})", NO_SCALES)
        for name, lines in export.scales().items()
    )
    raw: dict[dt.date, tuple[Mapping[str, object], str, str]] = {}
    for date in tags.keys() | notes.keys():
        values: dict[str, object] = {}
        if tags.get(date):
            values["tags"] = tuple(sorted(tags[date]))
        if notes.get(date):
            values["notes"] = "\n".join(notes[date])
        if values:
            raw[date] = (values, span(lines[date]), "")
    days, broken = make_days(raw)
    return SourceResult(
        "daylio", export.name, tuple(days), (*export.unrecognised, *broken), tuple(not_imported)
    )
