"""The History page: the diary as readable rows, newest first, filtered by date and text; what it says.

``history_table`` is built once per diary version and range (the page caches
it) from only the entries the table can show: without a search, the newest
``HISTORY_LIMIT`` logged days of the range (``rows_needed``), so the page's
work does not grow with the diary; ``filter_history`` runs on every rerun and
only uses vectorised pandas. The rest are the page's sentences about the rows
shown and about the day picked for correcting or deleting.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..entry import Entry
from ..entry.fields import FIELD_BY_NAME, TOTAL_SLEEP_HEADING
from ..ranges import in_range
from ..safety import FLAG_LABELS
from ..wording import day_label
from .cell_width import fit_cell
from .form import pain_of_ten, saved_message
from .history_words import SLEEP_HOURS_HELP, not_restored, restored
from .markdown import literal
from .overview import DayCounts

HISTORY_COLUMNS: tuple[str, ...] = (
    "date",
    "pain",
    "pain_minutes",
    "pain_areas",
    "night_wakings",
    "mattress",
    "firmness",
    "position",
    "sleep_quality",
    "sleep_hours",
    "exertion",
    "stress",
    "exercise",
    "tags",
    "notes",
    "red_flags",
)
"""The columns the table shows, in order (``sleep_hours`` is derived)."""

HISTORY_HEADINGS: dict[str, str] = {
    c: TOTAL_SLEEP_HEADING if c == "sleep_hours" else FIELD_BY_NAME[c].short for c in HISTORY_COLUMNS
}
"""Each column's heading: its label, or a shorter word where that is long; its help says the rest."""

COLUMN_SETS: dict[str, tuple[str, ...]] = {
    "morning": ("date", "pain", "pain_minutes", "pain_areas"),
    "night": ("date", "mattress", "position", "sleep_hours"),
    "day_before": ("date", "exertion", "stress", "exercise"),
    "all": HISTORY_COLUMNS,
}
"""The table's column sets (id → columns): the main questions of each part of the log, or every column.

Each part's set fits a phone's screen (its text cut short where long); the
table opens with the morning's there (``default_column_set``).
"""

PHONE_MARK = "Mobi"
"""What a phone's browser says in its User-Agent and a computer's does not (MDN's advice for telling them apart)."""

PHONE_WIDTH_PX = 640
"""A window narrower than this (CSS pixels) is a phone's: Streamlit's own ``sm`` breakpoint, below which it stacks columns."""


def default_column_set(user_agent: str, width: int | None = None) -> str:
    """The column set the table opens with: the morning's on a phone (it fits the screen), else every column.

    A phone is told by its browser's ``user_agent``, or by the window's
    ``width`` when known: a phone's browser asking for the desktop site, or a
    narrow window on a computer, has no room for every column either.
    """
    narrow = width is not None and width < PHONE_WIDTH_PX
    return "morning" if narrow or PHONE_MARK in user_agent else "all"


NARROW_COLUMNS = ("pain", "pain_minutes", "night_wakings", "sleep_quality", "sleep_hours")
"""Numbers: a narrow column is enough for them and their heading."""

PART_WIDTHS_PX: dict[str, int] = {
    "date": 110,
    "pain": 44,
    "pain_minutes": 72,
    "pain_areas": 98,
    "mattress": 82,
    "position": 62,
    "sleep_hours": 70,
    "exertion": 66,
    "stress": 66,
    "exercise": 82,
}
"""The width of each column of a part's set (CSS px): each heading whole, the widest date ("Wed 28 May
2025", 106 px) whole, and each set within the 326 px a phone of 360 px leaves the table. Streamlit's
narrowest ("small", 75 px) for all three ran 14 px off such a screen. A text longer than its column is cut
with "…" (``fit_part``)."""


def fit_part(rows: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``rows`` as a part's set of ``columns`` shows them: each text cut with "…" to its column's width.

    The grid cuts a longer text at the cell's edge with no sign that more
    follows ("lower back, k"); cut here, it says so ("lower back…"). Every
    column (``COLUMN_SETS["all"]``) shows each text whole and is returned as it is.
    """
    texts = [
        name
        for name in columns
        if name in PART_WIDTHS_PX
        and name in FIELD_BY_NAME
        and FIELD_BY_NAME[name].kind in ("text", "enum", "set")
    ]
    if columns == COLUMN_SETS["all"] or not texts:
        return rows
    return rows.assign(
        **{
            name: rows[name].map(
                lambda text, width=PART_WIDTHS_PX[name]: fit_cell(text, width), na_action="ignore"
            )
            for name in texts
        }
    )


NOT_RECORDED = "–"
"""What an empty cell shows: the question was not answered that day (never "None").

A dash, which fits the narrowest column ("not recorded" was cut to "ot recorded"
in a phone's number columns); ``TABLE_KEY`` says what it means. Cells stay empty
(missing) in the table itself, so numbers still sort as numbers; the table is
told to show this in them.
"""
_DASH_MEANS = "means not recorded that morning"
TABLE_KEY = f"{NOT_RECORDED} {_DASH_MEANS}."
"""Under the table's filters: what an empty cell's dash means."""

TABLE_NAME = f"Logged mornings, newest first; a dash {_DASH_MEANS}"
"""The table's name for screen readers."""

HISTORY_LIMIT = 100
"""At most this many rows are sent to the browser at once; a narrower date range shows older ones."""

_SET_LABELS = {"red_flags": FLAG_LABELS}


def _cell(name: str, entry: Entry) -> object:
    if name == "sleep_hours":
        hours = entry.sleep_hours
        return None if hours is None else round(hours, 1)
    value: Any = getattr(entry, name)
    if FIELD_BY_NAME[name].kind == "set":
        labels = _SET_LABELS.get(name, {})
        return ", ".join(labels.get(m, m.replace("_", " ")) for m in value) or None
    return value


_DTYPES: dict[str, Any] = {  # pandas-stubs types pd.array by each literal dtype, not by a lookup
    "int": "Int64",
    "float": "Float64",
    "text": "string",
    "enum": "string",
    "set": "string",
}


def column_help(name: str) -> str | None:
    """A column's help under its short heading: the diary's own label for it, and what it means."""
    if name == "sleep_hours":
        return SLEEP_HOURS_HELP
    field = FIELD_BY_NAME.get(name)
    if field is None:
        return None
    if field.meaning.casefold() == field.label.casefold():
        return field.label
    return f"{field.label}: {field.meaning}"


def history_table(entries: Sequence[Entry]) -> pd.DataFrame:
    """The entries (sorted by date, as a ``Diary`` returns them) as display rows, newest first.

    Sets become comma-separated words, sleep hours (derived) are rounded to a
    tenth, and a hidden ``search`` column holds the lower-cased notes and tags.
    Built straight from the entries: much quicker than the full analysis frame.
    """
    newest_first = list(reversed(entries))
    columns: dict[str, object] = {}
    for name in HISTORY_COLUMNS:
        values: list[Any] = [_cell(name, e) for e in newest_first]
        if name == "date":
            columns[name] = pd.to_datetime(pd.Series(values, dtype="object")).astype("datetime64[ns]")
        elif name == "sleep_hours":
            columns[name] = pd.array(values, dtype="Float64")
        else:
            columns[name] = pd.array(values, dtype=_DTYPES[FIELD_BY_NAME[name].kind])
    columns["search"] = pd.array(
        [f"{e.notes or ''}\n{' '.join(e.tags)}".casefold() for e in newest_first], dtype="string"
    )
    return pd.DataFrame(columns, index=pd.RangeIndex(len(newest_first)))


def table_key(shown: Sequence[dt.date]) -> str:
    """The table's widget key, new whenever its rows change.

    A tapped cell is remembered by its row's place: kept over a search, a
    delete or an undo, it would point at another day's row, and a tap on the
    same place would change nothing. A new key starts with nothing selected.
    """
    digest = hashlib.sha1(",".join(day.isoformat() for day in shown).encode("ascii")).hexdigest()[:12]
    return f"history_table_{digest}"


def rows_needed(dates: Sequence[dt.date], start: dt.date, end: dt.date, search: str = "") -> dt.date:
    """The first day whose entries the table of ``start``–``end`` needs (they are needed up to ``end``).

    ``dates``: every logged day, in order. Without a search the table shows the
    newest ``HISTORY_LIMIT`` logged days of the range, so only those entries are
    needed; with one, every entry of the range is searched.
    """
    if search.strip():
        return start
    newest = dates[bisect.bisect_left(dates, start) : bisect.bisect_right(dates, end)][-HISTORY_LIMIT:]
    return newest[0] if len(newest) == HISTORY_LIMIT else start


def filter_history(
    table: pd.DataFrame,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    search: str = "",
) -> pd.DataFrame:
    """Rows from ``start`` to ``end`` (inclusive) whose notes or tags contain ``search`` (any case)."""
    table = in_range(table, start, end)
    text = search.strip().casefold()
    if text:
        table = table[table["search"].str.contains(text, regex=False)]
    return table


def picked_range(
    picked: dt.date | Sequence[dt.date] | None, first: dt.date, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The dates the History page's range picker holds: the whole diary up to today until both ends are picked."""
    if picked is None:
        return first, today
    ends = tuple(picked) if isinstance(picked, (tuple, list)) else (picked,)
    return (ends[0] if ends else first), (ends[1] if len(ends) > 1 else today)


def filter_caption(matching: int, counts: DayCounts, search: str, *, narrowed: bool) -> str | None:
    """Over the table: how many entries mention the search text, or how many days a narrowed range logs."""
    text = search.strip()
    if text:
        return f"{matching} of {counts.logged} entries in this range mention “{literal(text)}”."
    return counts.sentence() if narrowed else None


def limit_caption(shown: int, matching: int) -> str | None:
    """Over the table when it shows only the newest ``HISTORY_LIMIT`` of the matching rows."""
    if matching <= shown:
        return None
    return f"Showing the newest {shown} of {matching} entries; choose a narrower range to see older ones."


def entry_summary(entry: Entry) -> str:
    """One line about an entry: the pain, the mattress, the tags and the start of the notes."""
    parts = [pain_of_ten(entry.pain)]
    if entry.mattress:
        parts.append(literal(entry.mattress))
    if entry.tags:
        parts.append("tags " + ", ".join(entry.tags))
    if entry.notes:
        note = entry.notes if len(entry.notes) <= 60 else entry.notes[:59] + "…"
        parts.append(f"“{literal(note)}”")
    return "; ".join(parts)


def day_caption(day: dt.date, entry: Entry | None) -> str:
    """Under the day picked for correcting or deleting: its entry in one line, or that it has none."""
    if entry is None:
        return f"{day_label(day)} has no entry."
    return f"{day_label(entry.date)}: {entry_summary(entry)}."


def delete_question(entry: Entry) -> str:
    """The confirmation asked before an entry is deleted, naming the day and what it holds."""
    return (
        f"**Delete the entry for {day_label(entry.date)}?** ({entry_summary(entry)}.) "
        "It is removed from the diary; you can undo this right after."
    )


def deleted_message(day: dt.date) -> str:
    return f"Deleted the entry for {day_label(day)}."


def undo_label(day: dt.date) -> str:
    return f"Undo: put {day_label(day)} back"


def restored_message(entry: Entry) -> str:
    """Undo put the entry back: the day and what it holds, as a save of it would say."""
    return restored(saved_message(entry, updated=False))


def not_restored_message(day: dt.date) -> str:
    """Undo found a new entry on the deleted day: it is never overwritten."""
    return not_restored(f"{day_label(day)} has a new entry since. Open it on the Log page.")
