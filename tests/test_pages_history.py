"""The History page through AppTest: the table, filters, counts, editing and deleting a day."""

from __future__ import annotations

import datetime as dt
import json
from unittest import mock

from diary.entry import Entry
from diary.storage import Diary
from diary.views.history import (
    COLUMN_SETS,
    HISTORY_COLUMNS,
    HISTORY_HEADINGS,
    HISTORY_LIMIT,
    NARROW_COLUMNS,
    NOT_RECORDED,
    PART_WIDTHS_PX,
    TABLE_KEY,
    TABLE_NAME,
    table_key,
)

from . import apptest_support
from .apptest_support import (
    TODAY,
    date_reads,
    days_ago,
    entry,
    open_app,
    range_start,
    shown,
    texts,
)

# The page tests' diaries (fixtures).
app_diary = apptest_support.app_diary
any_app_diary = apptest_support.any_app_diary

HISTORY = "pages/history.py"


def seed(diary: Diary) -> None:
    """Mornings 1 to 6 days ago except 4 days ago; today not logged yet."""
    for n in (1, 2, 3, 5, 6):
        diary.add(entry(n, pain=n, notes=f"note {n}", tags="travel" if n == 3 else ""))


def table_dates(at: object) -> list[dt.date]:
    return [ts.date() for ts in at.dataframe[0].value["date"]]  # type: ignore[attr-defined]


def test_the_table_is_newest_first(any_app_diary: Diary) -> None:
    seed(any_app_diary)
    at = open_app(HISTORY)
    assert table_dates(at) == [days_ago(n) for n in (1, 2, 3, 5, 6)]
    assert list(at.dataframe[0].value["pain"]) == [1, 2, 3, 5, 6]


def test_logged_and_missing_days_and_the_streak(app_diary: Diary) -> None:
    seed(app_diary)
    at = open_app(HISTORY)
    # From 6 days ago to yesterday (today is not over yet): 5 logged, 1 missing; 3 in a row up to yesterday.
    assert not at.metric  # sentences, not number tiles saying the same
    assert "5 of 6 days logged, 1 missing" in shown(at)
    assert "3 days in a row logged, up to yesterday" in shown(at)


def test_search_finds_notes_and_tags(app_diary: Diary) -> None:
    seed(app_diary)
    at = open_app(HISTORY)
    at.text_input(key="history_search").set_value("TRAVEL").run()
    assert table_dates(at) == [days_ago(3)]
    assert "1 of 5 entries in this range mention “TRAVEL”" in shown(at)
    at.text_input(key="history_search").set_value("note 5").run()
    assert table_dates(at) == [days_ago(5)]
    at.text_input(key="history_search").set_value("nowhere").run()
    assert not at.dataframe and "No entries match" in shown(at)


def test_a_long_diary_reads_only_the_rows_shown_and_a_search_still_reaches_every_day(
    app_diary: Diary,
) -> None:
    days = HISTORY_LIMIT + 30
    for n in range(1, days + 1):
        app_diary.add(entry(n, pain=n % 11, notes="the hotel bed" if n == days else None))
    asked: list[tuple[dt.date | None, dt.date | None]] = []
    read = type(app_diary).entries

    def entries(diary: Diary, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]:
        asked.append((start, end))
        return read(diary, start, end)

    with mock.patch.object(type(app_diary), "entries", entries):
        at = open_app(HISTORY)
        assert table_dates(at) == [days_ago(n) for n in range(1, HISTORY_LIMIT + 1)]
        assert f"Showing the newest {HISTORY_LIMIT} of {days} entries" in shown(at)
        # The table's read starts at its oldest row: the 30 entries before it are never decoded.
        assert (days_ago(HISTORY_LIMIT), TODAY) in asked
        assert (None, None) not in asked and (days_ago(days), TODAY) not in asked
        at.text_input(key="history_search").set_value("hotel").run()
    assert table_dates(at) == [days_ago(days)]
    assert f"1 of {days} entries in this range mention “hotel”" in shown(at)
    assert asked[-1] == (days_ago(days), TODAY)


def test_the_date_filter_limits_the_rows(app_diary: Diary) -> None:
    seed(app_diary)
    at = open_app(HISTORY)
    at.date_input(key="history_range").set_value((days_ago(5), days_ago(2))).run()
    assert table_dates(at) == [days_ago(2), days_ago(3), days_ago(5)]
    assert "3 of 4 days logged, 1 missing" in shown(at)


def test_a_table_row_click_chooses_the_day(app_diary: Diary) -> None:
    seed(app_diary)
    at = open_app(HISTORY)
    key = table_key(table_dates(at))
    at.session_state[key] = {"selection": {"rows": [], "columns": [], "cells": [(2, "pain")]}}
    at.run()
    assert at.date_input(key="history_day").value == days_ago(3)


def test_a_tap_after_the_rows_change_reads_the_rows_on_screen(app_diary: Diary) -> None:
    """The table's selection starts afresh when its rows change: a kept one would point at another day."""
    seed(app_diary)
    at = open_app(HISTORY)
    before = table_dates(at)
    at.session_state[table_key(before)] = {"selection": {"rows": [], "columns": [], "cells": [(1, "pain")]}}
    at.run()
    assert at.date_input(key="history_day").value == before[1]
    at.date_input(key="history_range").set_value((days_ago(6), days_ago(2))).run()
    after = table_dates(at)
    assert after != before and table_key(after) != table_key(before)
    at.session_state[table_key(after)] = {"selection": {"rows": [], "columns": [], "cells": [(1, "pain")]}}
    at.run()
    assert at.date_input(key="history_day").value == after[1]


def test_delete_asks_for_confirmation_first(any_app_diary: Diary) -> None:
    seed(any_app_diary)
    at = open_app(HISTORY)
    at.date_input(key="history_day").set_value(days_ago(2)).run()
    at.button(key="history_delete").click().run()

    assert not at.exception
    assert any_app_diary.get(days_ago(2)) is not None  # nothing deleted yet
    assert any("Delete the entry for" in w and "note 2" in w for w in texts(at.warning))

    at.button(key="history_confirm_delete").click().run()
    assert not at.exception
    assert any_app_diary.get(days_ago(2)) is None
    assert any("Deleted the entry for" in s for s in texts(at.success))
    assert days_ago(2) not in table_dates(at)  # the table shows it at once


def test_a_delete_can_be_cancelled(app_diary: Diary) -> None:
    seed(app_diary)
    at = open_app(HISTORY)
    at.date_input(key="history_day").set_value(days_ago(2)).run()
    at.button(key="history_delete").click().run()
    at.button(key="history_cancel_delete").click().run()
    assert app_diary.get(days_ago(2)) is not None
    assert not any("Delete the entry for" in w for w in texts(at.warning))


def test_choosing_another_day_drops_a_pending_confirmation(app_diary: Diary) -> None:
    seed(app_diary)
    at = open_app(HISTORY)
    at.date_input(key="history_day").set_value(days_ago(2)).run()
    at.button(key="history_delete").click().run()
    at.date_input(key="history_day").set_value(days_ago(3)).run()
    assert not any("Delete the entry for" in w for w in texts(at.warning))
    assert len(app_diary) == 5


def test_a_deleted_day_can_be_put_back(app_diary: Diary) -> None:
    seed(app_diary)
    before = app_diary.get(days_ago(5))
    at = open_app(HISTORY)
    at.date_input(key="history_day").set_value(days_ago(5)).run()
    at.button(key="history_delete").click().run()
    at.button(key="history_confirm_delete").click().run()
    assert app_diary.get(days_ago(5)) is None

    at.button(key="history_undo").click().run()
    assert app_diary.get(days_ago(5)) == before  # exactly as it was, first-saved time included
    assert any("Restored" in s for s in texts(at.success))


def test_deleting_the_only_entry_says_so_and_can_be_undone(app_diary: Diary) -> None:
    """The diary is empty after it: the welcome shows, and above it what was deleted, with its Undo."""
    app_diary.add(entry(2, pain=5))
    only = app_diary.get(days_ago(2))
    at = open_app(HISTORY)
    at.date_input(key="history_day").set_value(days_ago(2)).run()
    at.button(key="history_delete").click().run()
    at.button(key="history_confirm_delete").click().run()
    assert not at.exception and len(app_diary) == 0
    assert any("Deleted the entry for" in s for s in texts(at.success))
    at.button(key="history_undo").click().run()
    assert app_diary.get(days_ago(2)) == only


def test_a_day_without_an_entry_cannot_be_deleted(app_diary: Diary) -> None:
    seed(app_diary)
    at = open_app(HISTORY)
    at.date_input(key="history_day").set_value(days_ago(4)).run()
    assert at.button(key="history_delete").disabled
    assert "has no entry" in shown(at)
    assert at.button(key="history_edit").label == "Log this day on the Log page"


def test_edit_opens_the_day_on_the_log_page(app_diary: Diary) -> None:
    seed(app_diary)
    at = open_app(HISTORY)
    at.date_input(key="history_day").set_value(days_ago(3)).run()
    at.button(key="history_edit").click().run()

    assert not at.exception
    assert [t.value for t in at.title] == ["Log a morning"]
    assert at.session_state["log_day"] == days_ago(3)  # the day the Log page holds
    assert at.segmented_control(key="pain").value == 3
    assert at.text_input(key="tags").value == "travel"

    at.switch_page("pages/log.py")  # AppTest stays on the page it was last switched to
    at.segmented_control(key="pain").set_value(8)
    at.button(key="save").click().run()
    saved = app_diary.get(days_ago(3))
    assert saved is not None and saved.pain == 8 and saved.notes == "note 3"


def test_a_missing_day_opens_as_a_new_entry_on_the_log_page(app_diary: Diary) -> None:
    seed(app_diary)
    at = open_app(HISTORY)
    at.date_input(key="history_day").set_value(days_ago(4)).run()
    at.button(key="history_edit").click().run()
    assert at.session_state["log_day"] == days_ago(4)
    assert at.button(key="save").label.startswith("Save ")


def test_a_saved_entry_shows_in_the_history_at_once(app_diary: Diary) -> None:
    seed(app_diary)
    at = open_app(HISTORY)
    assert TODAY not in table_dates(at)
    at.switch_page("pages/log.py").run()
    at.segmented_control(key="pain").set_value(2)
    at.button(key="save").click().run()
    at.switch_page(HISTORY).run()
    assert table_dates(at)[0] == TODAY


def test_an_empty_diary_explains_itself(app_diary: Diary) -> None:
    at = open_app(HISTORY)
    assert "what makes your back hurt after sleep" in shown(at)
    assert at.button(key="load_sample") is not None
    at.button(key="load_sample").click().run()
    assert not at.exception
    # The sample's newest days are listed, a page of them at a time.
    assert len(app_diary) > HISTORY_LIMIT
    assert len(at.dataframe[0].value) == HISTORY_LIMIT
    assert f"Showing the newest {HISTORY_LIMIT} of {len(app_diary)} entries" in shown(at)


def test_empty_cells_say_not_recorded_and_the_date_and_pain_come_first(app_diary: Diary) -> None:
    """On a phone the table shows two or three columns: the date (pinned) and the pain, then the rest scroll."""
    app_diary.add(entry(1, pain=3))  # nothing else recorded that morning
    at = open_app(HISTORY)
    table = at.dataframe[0]
    assert table.proto.placeholder == NOT_RECORDED  # shown in every empty cell, never "None"
    assert any(TABLE_KEY in c for c in texts(at.caption))  # and what it means is said above the table
    assert table.value.iloc[0].isna().sum() >= 10  # the cells stay empty: numbers still sort as numbers
    assert list(table.proto.column_order)[:2] == ["date", "pain"]
    columns = json.loads(table.proto.columns)
    assert columns["date"]["pinned"] is True
    assert [columns[name]["label"] for name in HISTORY_COLUMNS] == [
        HISTORY_HEADINGS[n] for n in HISTORY_COLUMNS
    ]
    assert all(len(HISTORY_HEADINGS[name]) <= 16 for name in HISTORY_COLUMNS)  # short headings
    assert (
        columns["pain_minutes"]["help"]
        == "Minutes until it eased: minutes after getting up until the pain eased"
    )
    assert columns["pain_areas"]["help"] == "Where it hurt"
    assert all(columns[name]["width"] == "small" for name in NARROW_COLUMNS)
    assert table.proto.alt == TABLE_NAME


def test_the_columns_chosen_are_shown_and_kept_while_another_page_is_shown(app_diary: Diary) -> None:
    """Every column at first (no phone here); the night's when chosen, and still on coming back."""
    seed(app_diary)
    at = open_app(HISTORY)
    assert list(at.dataframe[0].proto.column_order) == list(COLUMN_SETS["all"])
    at.button_group(key="history_columns").set_value("night").run()
    table = at.dataframe[0]
    assert list(table.proto.column_order) == list(COLUMN_SETS["night"])
    columns = json.loads(table.proto.columns)
    assert all(columns[name]["width"] == PART_WIDTHS_PX[name] for name in COLUMN_SETS["night"])  # a phone
    at.switch_page("pages/trends.py").run()
    at.switch_page(HISTORY).run()
    assert not at.exception
    assert list(at.dataframe[0].proto.column_order) == list(COLUMN_SETS["night"])


def test_the_first_visit_after_the_log_page_reads_no_dates_again(app_diary: Diary) -> None:
    seed(app_diary)
    with date_reads(app_diary) as calls:
        at = open_app()  # the Log page: its overview reads every logged date once per diary version
        assert calls, "the Log page's overview reads the logged dates"
        before = len(calls)
        at.switch_page(HISTORY)
        at.run()
    assert not at.exception
    assert len(calls) == before  # History's counts come from the same cached read
    assert "5 of 6 days logged, 1 missing" in shown(at)


def test_removing_the_sample_opens_the_range_on_the_persons_own_days(app_diary: Diary) -> None:
    from diary.sample import load_sample

    load_sample(app_diary)
    app_diary.add(entry(1, pain=4, notes="mine"))
    at = open_app(HISTORY)
    assert range_start(at.date_input(key="history_range")) < days_ago(60)  # the sample's first day
    at.sidebar.button(key="remove_sample").click().run()
    assert not at.exception and app_diary.dates() == [days_ago(1)]
    assert range_start(at.date_input(key="history_range")) == days_ago(1)
    assert table_dates(at) == [days_ago(1)]


def test_warning_symptoms_of_the_last_week_lead_the_history_and_trends_pages(app_diary: Diary) -> None:
    """Red flags are never buried: a week's warning symptoms come before the table and the charts."""
    for n in range(1, 20):
        app_diary.add(entry(n, pain=4, red_flags=("chest_pressure",) if n == 2 else ()))
    for page in ("pages/history.py", "pages/trends.py"):
        at = open_app(page)
        assert at.error, page  # the emergency tier: a red box
        said = at.error[0].value
        assert "Call emergency services now" in said and "chest pressure or pain" in said, said
    app_diary.update(entry(2, pain=4))  # no warning symptom logged any more: nothing said
    for page in ("pages/history.py", "pages/trends.py"):
        assert not open_app(page).error
