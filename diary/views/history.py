"""The History page's table: the diary as readable rows, newest first, filtered by date and text.

``history_table`` is built once per diary version (the page caches it);
``filter_history`` runs on every rerun and only uses vectorised pandas, so a
ten-year diary stays quick.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from ..entry import Entry
from ..fields import FIELD_BY_NAME
from ..safety import FLAG_LABELS

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

HISTORY_LIMIT = 100
"""At most this many rows are sent to the browser at once; a narrower date range shows older ones."""

_SET_LABELS = {"red_flags": FLAG_LABELS}


def _cell(name: str, entry: Entry) -> object:
    value = entry.sleep_hours if name == "sleep_hours" else getattr(entry, name)
    if name == "sleep_hours":
        return None if value is None else round(value, 1)
    if name in FIELD_BY_NAME and FIELD_BY_NAME[name].kind == "set":
        labels = _SET_LABELS.get(name, {})
        return ", ".join(labels.get(m, m.replace("_", " ")) for m in value) or None
    return value


_DTYPES = {"int": "Int64", "float": "Float64", "text": "string", "enum": "string", "set": "string"}


def history_table(entries: Sequence[Entry]) -> pd.DataFrame:
    """The entries (sorted by date, as a ``Diary`` returns them) as display rows, newest first.

    Sets become comma-separated words, sleep hours (derived) are rounded to a
    tenth, and a hidden ``search`` column holds the lower-cased notes and tags.
    Built straight from the entries: much quicker than the full analysis frame.
    """
    newest_first = list(reversed(entries))
    columns: dict[str, object] = {}
    for name in HISTORY_COLUMNS:
        values = [_cell(name, e) for e in newest_first]
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


def filter_history(
    table: pd.DataFrame,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    search: str = "",
) -> pd.DataFrame:
    """Rows from ``start`` to ``end`` (inclusive) whose notes or tags contain ``search`` (any case)."""
    keep = pd.Series(True, index=table.index)
    if start is not None:
        keep &= table["date"] >= pd.Timestamp(start)
    if end is not None:
        keep &= table["date"] <= pd.Timestamp(end)
    text = search.strip().casefold()
    if text:
        keep &= table["search"].str.contains(text, regex=False)
    return table[keep]
