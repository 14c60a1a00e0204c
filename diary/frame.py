"""Entries as a pandas DataFrame with proper dtypes, plus the derived columns.

Column dtypes: ``date`` datetime64; whole numbers ``Int64``; decimals
``Float64``; yes/no ``boolean``; choices ``category`` (ordered where they form
a scale); sets tuples; times ``HH:MM`` strings; text ``string``; ``logged_at``
UTC. Derived (never stored): ``time_in_bed_h``, ``sleep_hours``,
``sleep_efficiency``, ``stiffness_score`` and ``weekday``.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .entry import Entry
from .fields import COLUMNS, FIELD_BY_NAME

DERIVED = ("time_in_bed_h", "sleep_hours", "sleep_efficiency", "stiffness_score", "weekday")
WEEKDAYS = tuple(calendar.day_name)  # Monday … Sunday


def _column(name: str, values: list[Any]) -> pd.Series | pd.api.extensions.ExtensionArray:
    """One column's values (each of the type ``Entry`` gives that column) with the column's dtype."""
    field = FIELD_BY_NAME[name]
    kind = field.kind
    if kind == "date":
        return pd.to_datetime(pd.Series(values, dtype="object")).astype("datetime64[ns]")
    if kind == "int":
        return pd.array(values, dtype="Int64")
    if kind == "float":
        return pd.array(values, dtype="Float64")
    if kind == "bool":
        return pd.array(values, dtype="boolean")
    if kind == "enum":
        return pd.Categorical(values, categories=field.choices, ordered=field.ordered)
    if kind == "time":
        return pd.array([None if v is None else v.strftime("%H:%M") for v in values], dtype="string")
    if kind == "text":
        return pd.array(values, dtype="string")
    if kind == "timestamp":
        return pd.to_datetime(pd.Series(values, dtype="object"), utc=True).astype("datetime64[ns, UTC]")
    series = pd.Series(values, dtype="object")  # sets: tuples
    return series


def entries_frame(entries: Sequence[Entry], *, derived: bool = True) -> pd.DataFrame:
    """One row per entry, sorted by date, in CSV column order, then the derived columns."""
    ordered = sorted(entries, key=lambda e: e.date)
    data = {name: _column(name, [getattr(e, name) for e in ordered]) for name in COLUMNS}
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(ordered)))
    if derived:
        for name in DERIVED[:-1]:
            frame[name] = pd.array([getattr(e, name) for e in ordered], dtype="Float64")
        frame["weekday"] = pd.Categorical(
            [WEEKDAYS[e.date.weekday()] for e in ordered], categories=WEEKDAYS, ordered=True
        )
    return frame
