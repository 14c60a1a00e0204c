"""The History page's table (readable rows, newest first, filtered by dates and text) and its sentences."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from diary.entry import Entry, parse_entry
from diary.entry.fields import FIELD_BY_NAME
from diary.views.cell_width import CELL_PADDING_PX, fit_cell, text_px
from diary.views.history import (
    COLUMN_SETS,
    HISTORY_COLUMNS,
    HISTORY_HEADINGS,
    HISTORY_LIMIT,
    PART_WIDTHS_PX,
    PHONE_WIDTH_PX,
    day_caption,
    default_column_set,
    delete_question,
    deleted_message,
    entry_summary,
    filter_caption,
    filter_history,
    fit_part,
    history_table,
    limit_caption,
    not_restored_message,
    picked_range,
    rows_needed,
    undo_label,
)
from diary.views.history_words import COLUMN_SET_LABELS
from diary.views.overview import logged_and_missing
from diary.wording import day_label


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


# -- what the page says ------------------------------------------------------------------

FIRST, TODAY = dt.date(2025, 6, 1), dt.date(2025, 6, 30)


def test_picked_range_waits_for_both_ends() -> None:
    assert picked_range((dt.date(2025, 6, 3), dt.date(2025, 6, 9)), FIRST, TODAY) == (
        dt.date(2025, 6, 3),
        dt.date(2025, 6, 9),
    )
    assert picked_range((dt.date(2025, 6, 3),), FIRST, TODAY) == (dt.date(2025, 6, 3), TODAY)
    assert picked_range((), FIRST, TODAY) == (FIRST, TODAY)
    assert picked_range(dt.date(2025, 6, 3), FIRST, TODAY) == (dt.date(2025, 6, 3), TODAY)
    assert picked_range(None, FIRST, TODAY) == (FIRST, TODAY)


def test_filter_caption_counts_matches_or_the_narrowed_range() -> None:
    counts = logged_and_missing(
        [dt.date(2025, 6, d) for d in (2, 3, 5)], dt.date(2025, 6, 2), dt.date(2025, 6, 5)
    )
    assert (
        filter_caption(1, counts, "  drive ", narrowed=False)
        == "1 of 3 entries in this range mention “drive”."
    )
    assert filter_caption(3, counts, " ", narrowed=True) == counts.sentence()
    assert "“\\*\\*x\\*\\*”" in str(filter_caption(1, counts, "**x**", narrowed=False))  # as typed, not bold
    assert filter_caption(3, counts, "", narrowed=False) is None


def test_limit_caption_only_when_rows_are_left_out() -> None:
    assert limit_caption(100, 100) is None
    assert limit_caption(100, 250) == (
        "Showing the newest 100 of 250 entries; choose a narrower range to see older ones."
    )


def test_entry_summary_has_pain_mattress_tags_and_the_start_of_the_notes() -> None:
    assert entry_summary(entry(4)) == "morning pain 4 of 10"
    full = entry(5, mattress="Foam", tags="travel;new-pillow", notes="x" * 61)
    assert entry_summary(full) == f"morning pain 5 of 10; Foam; tags new-pillow, travel; “{'x' * 59}…”"
    assert entry_summary(entry(5, notes="short")).endswith("; “short”")
    # Typed text is shown as typed: a note's Markdown makes no bold, link or image (fetched from elsewhere).
    marked = entry_summary(entry(5, mattress="*Old*", notes="![x](https://example.invalid/p.png) **sore**"))
    assert (
        "\\*Old\\*" in marked and "\\!\\[x\\]\\(https://example.invalid/p.png\\) \\*\\*sore\\*\\*" in marked
    )


def test_literal_escapes_only_what_markdown_would_make_something_of() -> None:
    from diary.views.markdown import literal

    assert literal("back pain 7.5, a-b + c") == "back pain 7.5, a-b + c"
    assert literal("*a* _b_ `c` [d](e) <f> ~~g~~ $h$ #i |j") == (
        "\\*a\\* \\_b\\_ \\`c\\` \\[d\\]\\(e\\) \\<f\\> \\~\\~g\\~\\~ \\$h\\$ \\#i \\|j"
    )


def test_sentences_about_the_picked_day_name_it() -> None:
    day = dt.date(2025, 6, 5)
    assert day_caption(day, None) == "Thu 5 Jun 2025 has no entry."
    assert day_caption(day, entry(5)) == "Thu 5 Jun 2025: morning pain 5 of 10."
    assert delete_question(entry(5)) == (
        "**Delete the entry for Thu 5 Jun 2025?** (morning pain 5 of 10.) "
        "It is removed from the diary; you can undo this right after."
    )
    assert deleted_message(day) == "Deleted the entry for Thu 5 Jun 2025."
    assert undo_label(day) == "Undo: put Thu 5 Jun 2025 back"
    assert not_restored_message(day) == (
        "Not restored: Thu 5 Jun 2025 has a new entry since. Open it on the Log page."
    )


def test_without_a_search_only_the_newest_rows_of_the_range_are_needed() -> None:
    first = dt.date(2024, 1, 1)
    dates = [first + dt.timedelta(days=2 * n) for n in range(HISTORY_LIMIT + 50)]  # every other day
    last = dates[-1]
    # The whole diary: from the HISTORY_LIMIT-th newest day on; every logged day counts.
    assert rows_needed(dates, first, last) == dates[-HISTORY_LIMIT]
    assert logged_and_missing(dates, first, last).logged == HISTORY_LIMIT + 50
    # A range ending earlier, starting on a day that was not logged: counted within the range only.
    start, end = dates[10] - dt.timedelta(days=1), dates[-20]
    assert rows_needed(dates, start, end) == dates[-20 - HISTORY_LIMIT + 1]
    assert logged_and_missing(dates, start, end).logged == HISTORY_LIMIT + 50 - 10 - 19
    # Fewer logged days than a table holds: the range as picked.
    assert rows_needed(dates, dates[5], dates[9]) == dates[5]
    assert logged_and_missing(dates, dates[5], dates[9]).logged == 5
    after = last + dt.timedelta(days=1)
    assert rows_needed(dates, after, after + dt.timedelta(days=8)) == after
    assert logged_and_missing(dates, after, after + dt.timedelta(days=8)).logged == 0
    # A range given the wrong way round needs nothing, and counts nothing.
    assert rows_needed(dates, last, first) == last
    assert logged_and_missing(dates, last, first).logged == 0


def test_a_search_needs_every_row_of_the_range() -> None:
    dates = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(HISTORY_LIMIT * 2)]
    assert rows_needed(dates, dates[0], dates[-1], " pillow ") == dates[0]
    assert rows_needed(dates, dates[0], dates[-1], "  ") == dates[-HISTORY_LIMIT]  # blank is no search


def test_the_column_sets_each_start_with_the_date_and_together_hold_every_column() -> None:
    assert COLUMN_SETS["all"] == HISTORY_COLUMNS
    parts = [columns for name, columns in COLUMN_SETS.items() if name != "all"]
    assert all(columns[0] == "date" and set(columns) <= set(HISTORY_COLUMNS) for columns in parts)
    assert all(len(columns) <= 4 for columns in parts)  # what a phone's screen holds
    assert set(COLUMN_SET_LABELS) == set(COLUMN_SETS)


def test_a_phone_opens_the_table_with_the_mornings_columns() -> None:
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    )
    android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
    laptop = (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
    )
    assert default_column_set(iphone) == default_column_set(android) == "morning"
    assert default_column_set(laptop) == default_column_set("") == "all"
    # A narrow window is a phone's, whatever its browser says; a wide one keeps what the browser says.
    assert default_column_set(laptop, 390) == default_column_set("", PHONE_WIDTH_PX - 1) == "morning"
    assert default_column_set(laptop, PHONE_WIDTH_PX) == default_column_set(laptop, 1280) == "all"
    assert default_column_set(android, 1280) == "morning"  # a phone held sideways


# -- a part's set on a phone: each column's width, and long texts cut with "…" ------------------------

PHONE_360_TABLE_PX = 326
"""What a phone 360 px wide leaves the table (its page's side margins taken off)."""


def test_each_part_s_columns_fit_a_360_px_phone_with_the_widest_date_whole() -> None:
    for part, columns in COLUMN_SETS.items():
        if part != "all":
            assert sum(PART_WIDTHS_PX[name] for name in columns) <= PHONE_360_TABLE_PX - 2, part
    widest = max(
        (day_label(dt.date(2025, month, 28)) for month in range(1, 13)),
        key=lambda label: text_px(label.replace("Sun", "Wed").replace("Mon", "Wed")),
    )
    assert text_px(widest) + CELL_PADDING_PX <= PART_WIDTHS_PX["date"]
    for name, width in PART_WIDTHS_PX.items():
        assert text_px(HISTORY_HEADINGS[name]) + CELL_PADDING_PX <= width, name


def test_every_choice_of_a_one_choice_column_is_shown_whole_in_a_part_s_set() -> None:
    for name in ("position", "exertion", "stress"):
        for choice in FIELD_BY_NAME[name].choices:
            assert fit_cell(choice, PART_WIDTHS_PX[name]) == choice, (name, choice)
    for area in ("lower back", "kidney area", "upper back", "neck", "leg"):  # each one area alone
        assert fit_cell(area, PART_WIDTHS_PX["pain_areas"]) == area


def test_a_long_text_in_a_part_s_set_is_cut_after_whole_items_with_an_ellipsis() -> None:
    rows = table(
        entry(1, pain_areas=["lower_back", "kidney_area"], mattress="Tempur Cloud Supreme 2019"),
        entry(2, pain_areas=["lower_back", "leg"], exercise=["stretching", "walking"]),
        entry(3),
    )
    morning = fit_part(rows, COLUMN_SETS["morning"])
    assert list(morning["pain_areas"].fillna("–")) == ["–", "lower back, leg", "lower back…"]
    night = fit_part(rows, COLUMN_SETS["night"])
    assert night["mattress"].iloc[2] == "Tempur Cl…"  # no list: cut after its last character that fits
    assert fit_part(rows, COLUMN_SETS["day_before"])["exercise"].iloc[1] == "stretching…"
    every = fit_part(rows, COLUMN_SETS["all"])
    assert every is rows and rows["pain_areas"].iloc[2] == "lower back, kidney area"  # the whole, untouched
    assert morning["pain_areas"].dtype == rows["pain_areas"].dtype  # still text, its gaps still missing


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.integers(min_value=22, max_value=200))  # narrower: not even "…" fits
def test_a_cut_text_always_fits_and_begins_as_the_whole_does(text: str, width: int) -> None:
    shown = fit_cell(text, width)
    if shown == text:
        assert text_px(text) <= width - CELL_PADDING_PX
    else:
        assert shown.endswith("…") and text.startswith(shown[:-1])
        assert text_px(shown) <= width - CELL_PADDING_PX
