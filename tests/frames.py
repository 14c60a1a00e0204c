"""Small diaries for chart and takeaway tests, built through the real validator."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from diary.entry import parse_entry
from diary.frame import entries_frame


def daily_frame(pains: list[int | None], start: dt.date, **columns: list[Any]) -> pd.DataFrame:
    """A diary frame with one entry per day from ``start``; ``None`` leaves the day (or the value) unrecorded."""
    rows = []
    for i, pain in enumerate(pains):
        if pain is None:
            continue
        values: dict[str, Any] = {"date": (start + dt.timedelta(days=i)).isoformat(), "pain": pain}
        for name, column in columns.items():
            if column[i] is not None:
                values[name] = column[i]
        rows.append(parse_entry(values))
    return entries_frame(rows)
