"""The History page's table: the diary as readable rows, newest first, filtered by date and text.

``history_table`` is built once per diary version (the page caches it);
``filter_history`` runs on every rerun and only uses vectorised pandas, so a
ten-year diary stays quick.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .fields import FIELD_BY_NAME
from .safety import FLAG_LABELS

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

HISTORY_LIMIT = 400
"""At most this many rows are sent to the browser at once; a narrower date range shows older ones."""

_SET_LABELS = {"red_flags": FLAG_LABELS}


def _joined(values: pd.Series, name: str) -> pd.Series:
    labels = _SET_LABELS.get(name, {})
    return values.map(lambda members: ", ".join(labels.get(m, m.replace("_", " ")) for m in members) or None)


def history_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The diary frame (``Diary.load()``) as display rows, newest first.

    Sets become comma-separated words, sleep hours are rounded to a tenth, and
    a hidden ``search`` column holds the lower-cased notes and tags.
    """
    table = pd.DataFrame(index=frame.index)
    for name in HISTORY_COLUMNS:
        column = frame[name]
        if name in FIELD_BY_NAME and FIELD_BY_NAME[name].kind == "set":
            table[name] = _joined(column, name).astype("string")
        elif name == "sleep_hours":
            table[name] = column.round(1)
        elif isinstance(column.dtype, pd.CategoricalDtype):
            table[name] = column.astype("string")
        else:
            table[name] = column
    notes = frame["notes"].fillna("").astype(str)
    tags = frame["tags"].map(" ".join)
    table["search"] = (notes + "\n" + tags).str.casefold()
    return table.iloc[::-1].reset_index(drop=True)


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
