"""Entries as a pandas DataFrame with proper dtypes, plus the derived columns.

Column dtypes: ``date`` datetime64; whole numbers ``Int64``; decimals
``Float64``; yes/no ``boolean``; choices ``category`` (ordered where they form
a scale); sets tuples; times ``HH:MM`` strings; text ``string``; ``logged_at``
UTC. Derived (never stored): ``time_in_bed_h``, ``sleep_hours``,
``sleep_efficiency``, ``stiffness_score`` and ``weekday``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..wording import WEEKDAY_NAMES
from .derived import night_figures, stiffness_score
from .fields import COLUMNS, FIELD_BY_NAME
from .model import Entry

DERIVED = ("time_in_bed_h", "sleep_hours", "sleep_efficiency", "stiffness_score", "weekday")


def _column(name: str, values: Sequence[Any]) -> pd.Series | pd.api.extensions.ExtensionArray:
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
        return pd.array([None if v is None else v.isoformat("minutes") for v in values], dtype="string")
    if kind == "text":
        return pd.array(values, dtype="string")
    if kind == "timestamp":
        return pd.to_datetime(pd.Series(values, dtype="object"), utc=True).astype("datetime64[ns, UTC]")
    series = pd.Series(values, dtype="object")  # sets: tuples
    return series


def entries_frame(entries: Sequence[Entry], *, derived: bool = True) -> pd.DataFrame:
    """One row per entry, sorted by date, in CSV column order, then the derived columns."""
    ordered = sorted(entries, key=lambda e: e.date)
    return columns_frame({name: [getattr(e, name) for e in ordered] for name in COLUMNS}, derived=derived)


def columns_frame(columns: Mapping[str, Sequence[Any]], *, derived: bool = True) -> pd.DataFrame:
    """The frame of ``entries_frame`` from its columns: each one's values in date order, as ``Entry`` holds them.

    For a diary read column by column (SQLite), without making an ``Entry`` per row.
    """
    data = {name: _column(name, columns[name]) for name in COLUMNS}
    if derived:
        data.update(_derived(columns))
    return pd.DataFrame(data, index=pd.RangeIndex(len(columns["date"])))


def _derived(columns: Mapping[str, Sequence[Any]]) -> dict[str, Any]:
    """The derived columns, by the formulas of ``Entry``'s properties (``diary.entry.derived``)."""
    # One pass over the nights: each night's three figures come from one time in bed.
    nights = zip(
        columns["bedtime"],
        columns["wake_time"],
        columns["sleep_latency_min"],
        columns["awake_minutes"],
        strict=True,
    )
    figures = [night_figures(*night) for night in nights]
    in_bed, slept, efficiency = ([night[i] for night in figures] for i in range(3))
    values = {
        "time_in_bed_h": in_bed,
        "sleep_hours": slept,
        "sleep_efficiency": efficiency,
        "stiffness_score": [stiffness_score(minutes) for minutes in columns["pain_minutes"]],
    }
    data: dict[str, Any] = {name: pd.array(values[name], dtype="Float64") for name in DERIVED[:-1]}
    data["weekday"] = pd.Categorical(
        [WEEKDAY_NAMES[day.weekday()] for day in columns["date"]], categories=WEEKDAY_NAMES, ordered=True
    )
    return data
