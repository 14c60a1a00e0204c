"""The History table: readable rows, newest first, filtered by dates and by text in notes or tags."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from diary.entry import Entry, parse_entry
from diary.views.history import HISTORY_COLUMNS, filter_history, history_table


def entry(day: int, **values: object) -> Entry:
    return parse_entry({"date": dt.date(2025, 6, day), "pain": day % 11, **values}, check_future=False)


def table(*entries: Entry) -> pd.DataFrame:
    return history_table(sorted(entries, key=lambda e: e.date))


def test_rows_are_newest_first_with_readable_sets() -> None:
    rows = table(
        entry(1, pain_areas="lower_back;kidney_area", red_flags="fever"),
        entry(3, exercise="walking", tags="travel;new-pillow"),
        entry(2),
    )
    assert [d.day for d in rows["date"]] == [3, 2, 1]
    assert list(rows.columns[: len(HISTORY_COLUMNS)]) == list(HISTORY_COLUMNS)
    oldest = rows.iloc[2]
    assert oldest["pain_areas"] == "lower back, kidney area"
    assert oldest["red_flags"] == "fever with back pain"
    assert rows.iloc[0]["tags"] == "new-pillow, travel"
    assert pd.isna(rows.iloc[1]["tags"])  # nothing recorded shows as empty, not as ""


def test_sleep_hours_are_derived_and_rounded() -> None:
    rows = table(entry(1, bedtime="23:10", wake_time="06:45", sleep_latency_min=20))
    assert rows.iloc[0]["sleep_hours"] == 7.2


def test_filter_by_dates_inclusive() -> None:
    rows = table(*(entry(d) for d in range(1, 11)))
    kept = filter_history(rows, start=dt.date(2025, 6, 3), end=dt.date(2025, 6, 5))
    assert [d.day for d in kept["date"]] == [5, 4, 3]
    assert len(filter_history(rows)) == 10
    assert len(filter_history(rows, start=dt.date(2025, 6, 8))) == 3


def test_search_finds_notes_and_tags_in_any_case() -> None:
    rows = table(
        entry(1, notes="Long DRIVE to Lyon"),
        entry(2, tags="travel"),
        entry(3, notes="nothing special", mattress="Travel cot"),
    )
    assert [d.day for d in filter_history(rows, search="drive")["date"]] == [1]
    assert [d.day for d in filter_history(rows, search=" TRAVEL ")["date"]] == [2]  # not the mattress
    assert filter_history(rows, search="missing").empty


def test_search_text_is_literal_not_a_pattern() -> None:
    rows = table(entry(1, notes="pain (left) 50%"), entry(2, notes="pain left"))
    assert [d.day for d in filter_history(rows, search="(left)")["date"]] == [1]
    assert filter_history(rows, search=".*").empty


def test_an_empty_diary_gives_an_empty_table() -> None:
    rows = table()
    assert rows.empty and list(rows.columns[: len(HISTORY_COLUMNS)]) == list(HISTORY_COLUMNS)
    assert filter_history(rows, search="x").empty
