"""Summary numbers of a date range, checked against values computed straight from the entries."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest

from diary.entry import Entry, parse_entry
from diary.entry.frame import entries_frame
from diary.errors import DiaryError
from diary.views.summary import format_number, format_share, summarize

TODAY = dt.date(2025, 12, 31)


def entry(day: str, pain: int, **values: object) -> Entry:
    return parse_entry({"date": day, "pain": pain, **values}, today=TODAY)


FOUR_MORNINGS = [
    entry(
        "2025-03-01",
        2,
        pain_minutes=10,
        night_wakings=0,
        bedtime="23:00",
        wake_time="07:00",
        sleep_latency_min=30,
        awake_minutes=30,
    ),
    entry("2025-03-02", 7, pain_minutes=45, night_wakings=2, bedtime="22:30", wake_time="06:30"),
    entry("2025-03-04", 8),
    entry("2025-03-05", 3, pain_minutes=31, night_wakings=1, bedtime="00:30", wake_time="06:30"),
]


def test_hand_counted_diary() -> None:
    summary = summarize(entries_frame(FOUR_MORNINGS))
    assert (summary.start, summary.end) == (dt.date(2025, 3, 1), dt.date(2025, 3, 5))
    assert (summary.days_logged, summary.days_in_range) == (4, 5)
    assert summary.pain_mean == 5.0
    assert summary.pain_median == 5.0
    assert (summary.severe_days, summary.severe_share) == (2, 0.5)
    assert (summary.minutes_days, summary.minutes_median) == (3, 31.0)
    assert (summary.long_days, summary.long_share) == (2, 2 / 3)
    assert (summary.woken_nights, summary.wakings_nights) == (2, 3)
    # 7 h (8 h in bed, 1 h awake), 8 h, 6 h; efficiency 87.5 %, 100 %, 100 %
    assert summary.sleep_nights == 3
    assert summary.sleep_hours_mean == pytest.approx(7.0)
    assert summary.sleep_efficiency_mean == pytest.approx((87.5 + 100 + 100) / 3)


def test_lines_say_what_each_number_counts() -> None:
    lines = {line.label: line for line in summarize(entries_frame(FOUR_MORNINGS)).lines()}
    assert lines["Morning pain (0–10)"].value == "mean 5, median 5"
    assert lines["Severe mornings (pain 7 or more)"].value == "2 of 4 (50 %)"
    assert lines["Pain after getting up"].value == "median 31 min; over 30 min on 2 of 3 (67 %)"
    assert lines["Woken by pain"].value == "2 of 3 nights (67 %)"
    one = {line.label: line for line in summarize(entries_frame(FOUR_MORNINGS[:1])).lines()}
    assert one["Woken by pain"].value == "0 of 1 night (0 %)"  # never "1 nights"
    assert lines["Total sleep"].value == "mean 7.0 h a night"
    assert "Consensus Sleep Diary" in lines["Total sleep"].detail
    assert "minutes to fall asleep" in lines["Total sleep"].detail
    assert lines["Sleep efficiency"].value == "mean 96 %"
    assert "total sleep ÷ time in bed × 100" in lines["Sleep efficiency"].detail


def test_sleep_efficiency_needs_more_than_bed_and_wake_times() -> None:
    """Without minutes to fall asleep or awake, every night would be 100 %: that is not a measurement."""
    times_only = [entry(f"2025-03-0{d}", 3, bedtime="23:00", wake_time="07:00") for d in (1, 2)]
    lines = {line.label: line for line in summarize(entries_frame(times_only)).lines()}
    assert lines["Sleep efficiency"].value == "not recorded"
    assert "minutes to fall asleep or minutes awake" in lines["Sleep efficiency"].detail
    lines = {line.label: line for line in summarize(entries_frame(FOUR_MORNINGS)).lines()}
    assert (
        "on 2 nights with neither recorded, all the time in bed counts as sleep"
        in lines["Sleep efficiency"].detail
    )


def test_unrecorded_values_are_said_to_be_unrecorded() -> None:
    summary = summarize(entries_frame([entry("2025-03-01", 4)]))
    assert summary.minutes_median is None and summary.long_share is None
    assert summary.woken_share is None and summary.sleep_hours_mean is None
    values = {line.label: line.value for line in summary.lines()}
    assert values["Pain after getting up"] == "not recorded"
    assert values["Woken by pain"] == "not recorded"
    assert values["Total sleep"] == "not recorded"


def test_sample_range_matches_an_independent_count(sample: list[Entry]) -> None:
    start, end = dt.date(2025, 5, 1), dt.date(2025, 6, 30)
    chosen = [e for e in sample if start <= e.date <= end]
    summary = summarize(entries_frame(sample), start, end)

    pains = [e.pain for e in chosen]
    minutes = [e.pain_minutes for e in chosen if e.pain_minutes is not None]
    wakings = [e.night_wakings for e in chosen if e.night_wakings is not None]
    sleep = [e.sleep_hours for e in chosen if e.sleep_hours is not None]
    efficiency = [e.sleep_efficiency for e in chosen if e.sleep_efficiency is not None]

    assert (summary.start, summary.end, summary.days_in_range) == (start, end, 61)
    assert summary.days_logged == len(chosen)
    assert summary.pain_mean == pytest.approx(statistics.mean(pains))
    assert summary.pain_median == statistics.median(pains)
    assert summary.severe_days == sum(p >= 7 for p in pains)
    assert summary.minutes_median == statistics.median(minutes)
    assert summary.long_days == sum(m > 30 for m in minutes)
    assert summary.woken_nights == sum(w >= 1 for w in wakings)
    assert summary.sleep_hours_mean == pytest.approx(statistics.mean(sleep))
    assert summary.sleep_efficiency_mean == pytest.approx(statistics.mean(efficiency))


def test_range_is_inclusive_at_both_ends() -> None:
    summary = summarize(entries_frame(FOUR_MORNINGS), dt.date(2025, 3, 2), dt.date(2025, 3, 4))
    assert summary.days_logged == 2
    assert summary.pain_mean == 7.5
    assert summary.days_in_range == 3


def test_empty_range_is_a_clear_error() -> None:
    with pytest.raises(DiaryError, match=r"no entries from Tue 1 Apr 2025 to Wed 30 Apr 2025"):
        summarize(entries_frame(FOUR_MORNINGS), dt.date(2025, 4, 1), dt.date(2025, 4, 30))
    with pytest.raises(DiaryError, match="no entries yet"):
        summarize(entries_frame([]))
    with pytest.raises(DiaryError, match=r"^The diary has no entry on Tue 1 Apr 2025; choose another range"):
        summarize(entries_frame(FOUR_MORNINGS), dt.date(2025, 4, 1), dt.date(2025, 4, 1))  # one day: one date


def test_backwards_range_is_a_clear_error() -> None:
    with pytest.raises(DiaryError, match=r"starts \(Wed 5 Mar 2025\) after it ends \(Sat 1 Mar 2025\)"):
        summarize(entries_frame(FOUR_MORNINGS), dt.date(2025, 3, 5), dt.date(2025, 3, 1))


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (0.0, "0 %"),
        (0.001, "under 1 %"),
        (0.125, "13 %"),
        (0.5, "50 %"),
        (0.999, "over 99 %"),
        (1.0, "100 %"),
    ],
)
def test_shares_never_round_to_a_misleading_zero_or_hundred(share: float, text: str) -> None:
    assert format_share(share) == text


@pytest.mark.parametrize(("value", "text"), [(5.0, "5"), (4.5, "4.5"), (4.535, "4.5"), (3.96, "4")])
def test_numbers_drop_a_needless_decimal(value: float, text: str) -> None:
    assert format_number(value) == text
