"""The diary at a glance: streak, logged vs missing days, the last two weeks, the sparkline."""

from __future__ import annotations

import datetime as dt
from typing import cast
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary.entry import Entry, parse_entry
from diary.views.overview import (
    GLANCE_DAYS,
    SPARKLINE_HEIGHT,
    SPARKLINE_TITLE,
    GlanceDay,
    current_streak,
    days_so_far,
    last_days,
    logged_and_missing,
    overview_of,
    pain_sparkline,
)

TODAY = dt.date(2025, 8, 20)


def day(offset: int) -> dt.date:
    """``offset`` days before TODAY."""
    return TODAY - dt.timedelta(days=offset)


def entry(offset: int, pain: int = 3, **values: object) -> Entry:
    return parse_entry({"date": day(offset), "pain": pain, **values}, check_future=False)


# -- streak ----------------------------------------------------------------------------


def test_streak_counts_days_in_a_row_up_to_today() -> None:
    assert current_streak([day(3), day(2), day(1), day(0)], TODAY) == 4


def test_streak_is_kept_while_today_is_not_logged_yet() -> None:
    assert current_streak([day(3), day(2), day(1)], TODAY) == 3


def test_a_gap_ends_the_streak() -> None:
    assert current_streak([day(5), day(4), day(2), day(1), day(0)], TODAY) == 3
    assert current_streak([day(5), day(4)], TODAY) == 0
    assert current_streak([], TODAY) == 0


@given(st.sets(st.integers(0, 40)))
def test_streak_matches_counting_back_by_hand(offsets: set[int]) -> None:
    dates = {day(o) for o in offsets}
    start = 0 if 0 in offsets else 1
    expected = 0
    while start + expected in offsets:
        expected += 1
    assert current_streak(dates, TODAY) == expected


# -- logged vs missing -----------------------------------------------------------------


def test_logged_and_missing_days_of_a_range() -> None:
    dates = sorted([day(10), day(8), day(7), day(1)])
    counts = logged_and_missing(dates, day(9), day(0))
    assert (counts.days, counts.logged, counts.missing) == (10, 3, 7)
    assert counts.sentence() == (
        "From Mon 11 Aug 2025 to Wed 20 Aug 2025: 3 of 10 days logged, 7 missing "
        "(a missing day is one without an entry)."
    )


def test_logged_and_missing_of_one_day_and_of_an_empty_range() -> None:
    one = logged_and_missing([TODAY], TODAY, TODAY)
    assert (one.days, one.logged, one.missing) == (1, 1, 0)
    assert one.sentence().startswith("On Wed 20 Aug 2025: 1 of 1 day logged")
    backwards = logged_and_missing([TODAY], TODAY, day(3))
    assert (backwards.days, backwards.logged, backwards.missing) == (0, 0, 0)
    assert backwards.sentence() == "No days in this range."


def test_days_so_far_count_today_once_it_is_logged() -> None:
    before = days_so_far([day(5), day(3), day(1)], TODAY)  # today not logged yet: up to yesterday
    assert (before.start, before.end, before.logged, before.missing) == (day(5), day(1), 3, 2)
    after = days_so_far([day(5), day(3), day(1), TODAY], TODAY)
    assert (after.start, after.end, after.logged, after.missing) == (day(5), TODAY, 4, 2)
    assert days_so_far([TODAY], TODAY).sentence().startswith("On Wed 20 Aug 2025: 1 of 1 day logged")
    assert days_so_far([], TODAY).days == 0


def test_days_so_far_count_a_day_logged_ahead_of_today_here() -> None:
    """A backup restored from east of the date line holds tomorrow here: "No days in this range" was said."""
    tomorrow = TODAY + dt.timedelta(days=1)
    only = days_so_far([tomorrow], TODAY)
    assert (only.start, only.end, only.logged, only.missing) == (tomorrow, tomorrow, 1, 0)
    both = days_so_far([day(1), tomorrow], TODAY)
    assert (both.start, both.end, both.logged, both.missing) == (day(1), tomorrow, 2, 1)


@given(st.sets(st.integers(0, 60)), st.integers(0, 60), st.integers(0, 60))
def test_logged_and_missing_agrees_with_counting(offsets: set[int], a: int, b: int) -> None:
    dates = sorted(day(o) for o in offsets)
    start, end = day(max(a, b)), day(min(a, b))
    counts = logged_and_missing(dates, start, end)
    assert counts.logged == sum(start <= d <= end for d in dates)
    assert counts.logged + counts.missing == counts.days == (end - start).days + 1


# -- the last two weeks ------------------------------------------------------------------


def test_last_days_has_a_row_for_every_calendar_day_with_gaps_missing() -> None:
    days = last_days([entry(20, 9), entry(13, 5), entry(2, 0), entry(0, 4)], TODAY)
    assert len(days) == GLANCE_DAYS
    assert days[0].date == day(13) and days[-1].date == TODAY
    assert days[0].pain == 5 and days[-1].pain == 4
    assert days[-3].pain == 0 and days[-3].logged  # a pain-free morning is logged, not missing
    assert sum(d.pain is None for d in days) == 11
    assert [d.logged for d in days].count(True) == 3
    assert days[-1].label == "Wed 20 Aug 2025"


def test_sparkline_has_a_slot_per_day_a_bar_to_scale_and_a_cap_on_every_logged_day() -> None:
    chart = ElementTree.fromstring(pain_sparkline(last_days([entry(5, 7), entry(0, 0)], TODAY)))
    assert chart.get("role") == "img" and chart.get("aria-label") == SPARKLINE_TITLE
    assert f"height:{SPARKLINE_HEIGHT}px" in chart.get("style", "")
    slots = list(chart)
    assert len(slots) == GLANCE_DAYS
    said = [cast(str, slot.get("title")) for slot in slots]  # every slot has its title
    assert said[-1] == "Wed 20 Aug 2025: pain 0 of 10" and said[-6] == "Fri 15 Aug 2025: pain 7 of 10"
    assert sum(s.endswith(": not logged") for s in said) == GLANCE_DAYS - 2
    assert [len(slot) for slot in slots].count(2) == 2  # a cap and a bar, on each logged day only

    def height(mark: ElementTree.Element) -> float:
        return float(mark.get("style", "").split("height:")[1].split("px")[0])

    cap, seven = slots[-6]
    assert height(seven) == pytest.approx((SPARKLINE_HEIGHT - height(cap)) * 0.7, abs=0.1)
    cap, zero = slots[-1]
    assert height(zero) == 0 and "currentColor" in cap.get("style", "")  # pain-free, and logged


def test_sparkline_escapes_what_it_says() -> None:
    day = GlanceDay(TODAY, '<b>Wed</b> & "co"', 3)
    html = pain_sparkline([day])
    assert "&lt;b&gt;Wed&lt;/b&gt; &amp; &quot;co&quot;: pain 3 of 10" in html
    assert ElementTree.fromstring(html)[0].get("title") == '<b>Wed</b> & "co": pain 3 of 10'


# -- the summary ---------------------------------------------------------------------------


def test_summary_of_a_diary_logged_today() -> None:
    recent = [entry(3, 2), entry(2, 4), entry(1, 6), entry(0, 5)]
    summary = overview_of([e.date for e in recent], recent, TODAY)
    assert summary.logged_today and summary.today_pain == 5
    assert summary.streak == 4 and summary.entry_count == 4
    assert summary.recent_logged == 4 and summary.recent_mean == pytest.approx(4.25)
    assert summary.today_sentence() == "Today (Wed 20 Aug 2025) is logged: morning pain 5 of 10."
    assert summary.recent_sentence() == (
        "Last 14 days: 4 of 14 mornings logged, average morning pain 4.2 of 10."
    )
    assert summary.streak_sentence() == "4 days in a row logged, up to today."
    assert summary.red_flags == ()


def test_summary_before_logging_today() -> None:
    recent = [entry(1, 6)]
    summary = overview_of([day(40), day(1)], recent, TODAY)
    assert not summary.logged_today
    assert summary.today_sentence() == "Today (Wed 20 Aug 2025) is not logged yet."
    assert summary.streak_sentence() == "Logged yesterday, not the day before."
    assert summary.entry_count == 2


def test_summary_of_an_empty_diary() -> None:
    summary = overview_of([], [], TODAY)
    assert summary.streak == 0 and summary.recent_mean is None
    assert summary.recent_sentence() == "No mornings logged in the last 14 days."
    assert summary.streak_sentence() == "Nothing logged today or yesterday."


def test_summary_keeps_red_flags_of_the_last_seven_days_with_their_tier() -> None:
    recent = [
        entry(8, red_flags="chest_pressure"),  # too old for the overview
        entry(6, red_flags="fever"),
        entry(0, red_flags="saddle_numbness;nausea"),
    ]
    summary = overview_of([e.date for e in recent], recent, TODAY)
    assert [(f.date, f.tier) for f in summary.red_flags] == [
        (day(6), "doctor_today"),
        (day(0), "emergency"),
    ]


def test_a_run_of_one_morning_is_said_as_a_person_would() -> None:
    """Never "1 day in a row logged"."""
    summary = overview_of([day(2), day(0)], [entry(0, 3)], TODAY)
    assert summary.streak == 1 and summary.streak_sentence() == "Logged today, not the day before."
