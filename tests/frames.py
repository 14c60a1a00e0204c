"""Small diaries for chart and takeaway tests, built through the real validator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from diary.entry import parse_entry
from diary.entry.frame import entries_frame
from diary.storage import open_diary
from diary.trials import Trial, new_trial, schedule
from diary.trials.store import save_plan


def daily_frame(pains: Sequence[int | None], start: dt.date, **columns: list[Any]) -> pd.DataFrame:
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


def weeks_of_a_mattress_trial(path: Path, today: dt.date) -> Trial:
    """A diary at ``path``: forty nights on Old, then a finished trial of Old and New a week at a time (two
    pairs, ending on New three days before ``today``, logged as planned, New 2 points better); the trial."""
    start = today - dt.timedelta(days=30)
    trial = next(
        t
        for seed in range(1, 50)
        if schedule(t := new_trial("mattress", "Old", "New", pairs=2, start=start, seed=seed))[-1].value
        == "New"
    )  # ending on New: the last week is the new mattress, a switch to it
    before = [
        parse_entry({"date": (start - dt.timedelta(days=40 - i)).isoformat(), "pain": 5, "mattress": "Old"})
        for i in range(40)
    ]
    nights = [
        parse_entry({"date": n.date.isoformat(), "pain": 5 if n.value == "Old" else 3, "mattress": n.value})
        for n in schedule(trial)
    ]
    diary = open_diary(path)
    try:
        diary.import_entries(before)
        save_plan(diary, trial, start)
        diary.import_entries(nights)
    finally:
        diary.close()
    return trial
