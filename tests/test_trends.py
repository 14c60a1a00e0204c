"""What the Trends and Factors pages compute and say: series, aggregation, ranges and one-line takeaways."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import pandas as pd
import pytest

from diary.analysis import Analysis, FactorEffect, Switch, analyze, lag_effects, level_summary
from diary.analysis.registry import short_label
from diary.entry.frame import entries_frame
from diary.errors import DiaryError
from diary.sample import sample_entries
from diary.views.factors import (
    forest_rows,
    forest_takeaway,
    gate_text,
    lag_takeaway,
    level_phrase,
    levels_takeaway,
)
from diary.views.panels import factor_panels
from diary.views.trends import (
    DEFAULT_RANGE_DAYS,
    LONG_RANGE_DAYS,
    RANGE_PRESETS,
    clamp_range,
    daily_series,
    default_range,
    minutes_takeaway,
    preset_range,
    range_caption,
    range_series,
    resolution_for,
    sleep_takeaway,
    trend_data,
    trend_takeaway,
)
from diary.views.trends_calendar import calendar_cells, calendar_takeaway
from diary.wording import day_label

from .frames import daily_frame

START = dt.date(2025, 5, 1)


def make_frame(pains: Sequence[int | None], start: dt.date = START, **columns: list[Any]) -> pd.DataFrame:
    return daily_frame(pains, start, **columns)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


@pytest.fixture(scope="module")
def sample_frame() -> pd.DataFrame:
    return entries_frame(sample_entries())


# -- the daily series ---------------------------------------------------------------------


def test_daily_series_keeps_missing_days_missing_and_averages_the_days_logged() -> None:
    series = daily_series(make_frame([2, None, 4, None, None, None, None, None, None, 8]))
    assert len(series) == 10
    assert math.isnan(series["value"].iloc[1])
    assert series["mean"].iloc[1] == 2  # only the 1st was logged in the 7 days up to the 2nd
    assert series["mean"].iloc[2] == 3
    assert series["logged_7"].iloc[6] == 2
    assert series["mean"].iloc[8] == 4  # 3 to 9 May: only the 3rd
    assert series["mean"].iloc[9] == 8


def test_daily_series_can_span_a_calendar_wider_than_the_entries() -> None:
    series = daily_series(make_frame([5]), first=day(-3), last=day(2))
    assert list(cast(pd.DatetimeIndex, series.index).date) == [day(i) for i in range(-3, 3)]
    assert series["value"].notna().sum() == 1
    assert series["mean"].iloc[-1] == 5  # 2 days after the only entry: still in its week


def test_range_series_means_count_the_days_just_before_the_range() -> None:
    frame = make_frame([9] * 7 + [1] * 7)
    series = range_series(frame, "pain", day(7), day(13))
    assert series.index[0].date() == day(7)
    assert series["mean"].iloc[0] == pytest.approx((9 * 6 + 1) / 7)
    assert series["mean"].iloc[-1] == 1


def test_range_series_keeps_empty_days_at_the_ends_of_the_range() -> None:
    frame = make_frame([None] * 40 + [3] * 5)
    series = range_series(frame, "pain", day(35), day(44))
    assert len(series) == 10
    assert series["value"].isna().sum() == 5


# -- aggregation --------------------------------------------------------------------------


def test_trend_data_draws_days_up_to_the_long_range_threshold() -> None:
    assert resolution_for(START, START + dt.timedelta(days=LONG_RANGE_DAYS - 1)) == "day"
    assert resolution_for(START, START + dt.timedelta(days=LONG_RANGE_DAYS)) == "week"
    data = trend_data(make_frame([3, None, 5]))
    assert data.resolution == "day"
    assert list(data.points["value"]) == [3, 5]
    assert list(data.points["label"]) == ["Thu 1 May 2025", "Sat 3 May 2025"]
    assert list(data.line["mean"]) == [3, 3, 4]
    assert (data.point_label, data.line_label) == ("Each morning", "7-day mean")


def test_trend_data_of_a_long_range_is_weekly_means_drawn_mid_week() -> None:
    start = dt.date(2023, 1, 2)  # a Monday
    pains = [(i // 7) % 5 if i % 7 != 3 else None for i in range(LONG_RANGE_DAYS + 20)]
    data = trend_data(make_frame(pains, start=start))
    assert data.resolution == "week"
    assert len(data.points) == math.ceil(len(pains) / 7)
    first = data.points.iloc[0]
    assert first["date"].date() == dt.date(2023, 1, 5)  # Thursday, mid-week
    assert first["n"] == 6  # Thursday was left unlogged
    assert first["value"] == 0
    assert data.points["value"].iloc[1] == 1
    assert first["label"] == "Week of Mon 2 Jan 2023 (6 days logged)"
    assert all(d.weekday() == 6 for d in data.line["date"].iloc[:-1])  # each week's last day: Sunday
    assert (data.point_label, data.line_label) == ("Weekly mean", "4-week mean")


def test_trend_data_can_be_forced_to_a_resolution() -> None:
    data = trend_data(make_frame([4] * 30), resolution="week")
    assert data.resolution == "week"
    assert data.points["n"].sum() == 30


# -- ranges -------------------------------------------------------------------------------


def test_default_range_is_the_last_six_months_or_everything_when_shorter() -> None:
    assert default_range(make_frame([])) is None
    short = make_frame([3] * 20)
    assert default_range(short) == (day(0), day(19))
    long = make_frame([3] * 400)
    assert default_range(long) == (day(400 - DEFAULT_RANGE_DAYS), day(399))


def test_presets_count_back_from_the_last_entry() -> None:
    frame = make_frame([3] * 400)
    assert preset_range(frame, "30d") == (day(370), day(399))
    assert preset_range(frame, "all") == (day(0), day(399))
    assert preset_range(frame, "custom") == default_range(frame)
    assert set(RANGE_PRESETS) >= {"30d", "3m", "6m", "1y", "all", "custom"}
    with pytest.raises(ValueError, match="range must be one of 30d, 3m, 6m, 1y, all, custom, not 'week'"):
        preset_range(frame, "week")


def test_clamp_range_keeps_a_range_inside_the_diary() -> None:
    frame = make_frame([3] * 10)
    assert clamp_range(frame, day(-5), day(50)) == (day(0), day(9))
    assert clamp_range(frame, None, day(4)) == (day(0), day(4))
    with pytest.raises(DiaryError, match="after it ends"):
        clamp_range(frame, day(8), day(2))
    assert clamp_range(frame, day(20), day(30)) is None
    assert clamp_range(make_frame([]), day(0), day(1)) is None


def test_range_caption_says_the_span_the_days_and_the_resolution() -> None:
    frame = make_frame([3, None, 4] + [5] * 500)
    assert range_caption(frame, day(0), day(29)) == (
        "Thu 1 May 2025 to Fri 30 May 2025: 30 days, 29 logged, one point per morning."
    )
    assert range_caption(frame, day(0), day(502)).endswith(
        "503 days, 502 logged, one point per week (the mean of the days logged)."
    )
    assert range_caption(frame, day(0), day(502)).startswith("Thu 1 May 2025 to Tue 15 Sep 2026")


# -- annotations --------------------------------------------------------------------------


def test_switches_found_and_measured_are_labelled_alike() -> None:
    switch = Switch(day(20), "mattress", "Old sofa", "Foam", 5, 3, -2, -3, -1, 20, 20, -2, -3, -1, "")
    found = Switch(day(30), "position", "stomach", "side")  # as find_switches gives it: not yet measured
    assert [s.label for s in (switch, found)] == [
        "Mattress: Old sofa → Foam",
        "Position habit: stomach → side",
    ]
    assert Switch(day(40), "chosen date").label == "Chosen date"


# -- takeaways under the Trends charts ----------------------------------------------------


def test_trend_takeaway_compares_the_first_week_with_the_last() -> None:
    pains = [6] * 7 + [5] * 139 + [3] * 7  # 1 May to 30 September
    takeaway = trend_takeaway(make_frame(pains), "pain", day(0), day(152))
    assert takeaway.enough
    assert (
        takeaway.text == "Your 7-day average went from 6.0 to 3.0 between Wed 7 May 2025 and Tue 30 Sep 2025."
    )


def test_trend_takeaway_says_when_the_average_went_far_past_both_ends_in_between() -> None:
    """Two ends alone hide a bad or a good month between them: "5.0 to 5.0" must not read as a steady line."""
    bad_month = [5] * 30 + [8] * 30 + [5] * 30
    text = trend_takeaway(make_frame(bad_month), "pain").text
    assert text.startswith("Your 7-day average was 5.0 both on ")
    assert text.endswith(f"In between it was as high as 8.0 ({day_label(day(36))}).")
    dip = [6] * 20 + [2] * 20 + [7] * 20
    assert trend_takeaway(make_frame(dip), "pain").text.endswith(f"as low as 2.0 ({day_label(day(26))}).")
    # Within a point of the ends: nothing more is said.
    wobble = [5, 6] * 30
    assert "In between" not in trend_takeaway(make_frame(wobble), "pain").text
    minutes = make_frame([4] * 60, pain_minutes=[30] * 20 + [90] * 20 + [35] * 20)
    assert trend_takeaway(minutes, "pain_minutes").text.endswith(
        f"In between it was as high as 90 minutes ({day_label(day(26))})."
    )


def test_trend_takeaway_never_calls_a_lone_morning_a_7_day_average() -> None:
    """The range's last week held one morning (4): "went from 5.6 to 4.0" named it as an average."""
    pains: list[int | None] = [6, 5, 6, 5, 6, 6, 5] * 3 + [None] * 6 + [4]
    text = trend_takeaway(make_frame(pains), "pain", day(0), day(27)).text
    assert "to 4.0" not in text
    assert text == "Your 7-day average went from 5.6 to 5.5 between Wed 7 May 2025 and Sat 24 May 2025."
    sparse: list[int | None] = [6, None, None, None, None, None, None] * 4 + [3]
    assert trend_takeaway(make_frame(sparse), "pain", day(0), day(28)).text == (
        "Over these 5 logged mornings your pain averaged 5.4: too few in any week for a 7-day average to say "
        "how it went."
    )


def test_trend_takeaway_says_when_the_average_did_not_move() -> None:
    takeaway = trend_takeaway(make_frame([4] * 30))
    assert takeaway.text == "Your 7-day average was 4.0 both on Wed 7 May 2025 and on Fri 30 May 2025."


def test_trend_takeaway_of_minutes_and_sleep_quality_names_the_unit() -> None:
    frame = make_frame([4] * 20, pain_minutes=[40] * 10 + [10] * 10, sleep_quality=[2] * 20)
    assert trend_takeaway(frame, "pain_minutes").text == (
        "Your 7-day average went from 40 to 10 minutes of pain after getting up between Wed 7 May 2025 and Tue 20 May 2025."
    )
    assert "7-day average sleep quality was 2.0" in trend_takeaway(frame, "sleep_quality").text


def test_trend_takeaway_of_a_long_range_names_the_4_week_average_its_weekly_chart_draws() -> None:
    """Past LONG_RANGE_DAYS the chart draws weekly means and a 4-week mean: the sentence said "7-day average"."""
    pains = [8] * 100 + [2] * (LONG_RANGE_DAYS + 20)
    frame = make_frame(pains)
    drawn = trend_data(frame)
    assert (drawn.resolution, drawn.line_label) == ("week", "4-week mean")
    line = drawn.line.set_index("date")["mean"]
    first_sunday = next(day(n) for n in range(27, 34) if day(n).weekday() == 6)  # the 28th day's week ends
    last = day(len(pains) - 1)
    text = trend_takeaway(frame).text
    assert text.startswith(
        f"Your 4-week average went from {line[pd.Timestamp(first_sunday)]:.1f} to {line.iloc[-1]:.1f} "
        f"between {day_label(first_sunday)} and {day_label(last)}."
    )
    assert (line[pd.Timestamp(first_sunday)], line.iloc[-1]) == (8, 2)  # the line's own points
    assert "7-day" not in text
    one = make_frame([5] + [None] * LONG_RANGE_DAYS + [5])
    sparse = trend_takeaway(one, "pain", day(0), day(LONG_RANGE_DAYS + 1)).text
    assert "too few in any 4 weeks for a 4-week average" in sparse


def test_trend_takeaway_of_a_short_range_gives_its_plain_average() -> None:
    takeaway = trend_takeaway(make_frame([3, 5, None, 7]))
    assert takeaway.text == (
        "Over these 3 logged mornings your pain averaged 5.0 (from 3 to 7). The 7-day average tells more after 2 weeks."
    )


def test_trend_takeaway_of_one_morning_and_of_none() -> None:
    assert trend_takeaway(make_frame([6])).text.startswith(
        "One morning logged in this range (Thu 1 May 2025): pain 6. "  # as logged: a whole number, not 6.0
    )
    empty = trend_takeaway(make_frame([]))
    assert not empty.enough and empty.text == "No mornings logged yet."
    gap = trend_takeaway(make_frame([3] + [None] * 20 + [4]), "pain", day(5), day(15))
    assert not gap.enough and gap.text == "No mornings logged between Tue 6 May 2025 and Fri 16 May 2025."


def test_minutes_takeaway_counts_mornings_over_30_minutes() -> None:
    minutes = [45] * 12 + [30] * 6 + [20] * 42  # exactly 30 is not over
    takeaway = minutes_takeaway(make_frame([4] * 60, pain_minutes=minutes))
    assert takeaway.text == "Pain lasted over 30 minutes on 12 of 60 mornings (typically 20 minutes)."


def test_minutes_takeaway_mentions_a_doctor_when_most_mornings_last_long() -> None:
    takeaway = minutes_takeaway(make_frame([4] * 10, pain_minutes=[60] * 6 + [5] * 4))
    assert "on 6 of 10 mornings" in takeaway.text
    assert "worth mentioning to a doctor" in takeaway.text


def test_minutes_takeaway_without_minutes_asks_for_them() -> None:
    takeaway = minutes_takeaway(make_frame([4] * 10))
    assert not takeaway.enough
    assert "No minutes of pain after getting up recorded" in takeaway.text


def sleep_frame(hours: Sequence[float], pains: Sequence[int]) -> pd.DataFrame:
    """Nights of ``hours`` of sleep (in bed from 23:00, no time awake) and the next morning's pain."""
    wake = [f"{(23 * 60 + int(h * 60)) // 60 % 24:02d}:{int(h * 60) % 60:02d}" for h in hours]
    return make_frame(pains, bedtime=["23:00"] * len(hours), wake_time=wake)


def test_sleep_takeaway_compares_the_shorter_nights_with_the_rest() -> None:
    frame = sleep_frame([6] * 5 + [8] * 5, [6] * 5 + [4] * 5)
    takeaway = sleep_takeaway(frame, "sleep_hours")
    assert takeaway.text.startswith(
        "After your shorter nights (under 7.0 hours of sleep, 5 mornings) morning pain averaged 6.0; "
        "after the others, 4.0 (5 mornings)."
    )
    assert "plain comparison" in takeaway.text


def test_sleep_takeaway_of_efficiency_speaks_of_time_in_bed() -> None:
    frame = make_frame(
        [6] * 5 + [3] * 5, bedtime=["23:00"] * 10, wake_time=["07:00"] * 10, awake_minutes=[120] * 5 + [0] * 5
    )
    takeaway = sleep_takeaway(frame, "sleep_efficiency")
    assert (
        "nights when you slept less than" in takeaway.text
        and "of your time in bed (5 mornings)" in takeaway.text
    )
    assert "averaged 6.0; after the others, 3.0" in takeaway.text


def test_sleep_takeaway_of_nights_all_alike_says_of_what() -> None:
    same = make_frame([5] * 6, bedtime=["23:00"] * 6, wake_time=["07:00"] * 6, awake_minutes=[20] * 6)
    assert sleep_takeaway(same, "sleep_efficiency").text == (
        "Every night logged here had 96 % sleep efficiency: nothing to compare yet."
    )
    assert sleep_takeaway(same, "sleep_hours").text == (
        "Every night logged here had 7.7 hours of sleep: nothing to compare yet."
    )


def test_sleep_takeaway_needs_five_nights_and_says_why() -> None:
    takeaway = sleep_takeaway(sleep_frame([7] * 4, [4] * 4), "sleep_hours")
    assert not takeaway.enough
    assert takeaway.text == (
        "Too few nights with bed and wake times in this range for this chart (4; at least 5 are needed): "
        "the hours of sleep come from those times."
    )
    same = sleep_takeaway(sleep_frame([7] * 6, [4] * 6), "sleep_hours")
    assert same.enough and "nothing to compare yet" in same.text


def test_calendar_cells_hold_every_day_of_the_range_by_week_and_weekday() -> None:
    resolution, cells = calendar_cells(make_frame([3, None, 5, 6]))
    assert resolution == "day"
    assert len(cells) == 4
    assert list(cells["weekday"]) == ["Thu", "Fri", "Sat", "Sun"]
    assert {d.date() for d in cells["week"]} == {dt.date(2025, 4, 28)}  # that week's Monday
    assert math.isnan(cells["value"].iloc[1])


def test_calendar_cells_of_a_long_range_are_months() -> None:
    resolution, cells = calendar_cells(make_frame([4] * 500))
    assert resolution == "month"
    assert len(cells) == 17  # May 2025 to September 2026
    assert cells.iloc[0]["label"] == "May 2025: 31 days logged"


def test_calendar_takeaway_counts_logged_bad_and_good_mornings() -> None:
    takeaway = calendar_takeaway(make_frame([8, None, 2, 5, 7]))
    assert (
        takeaway.text
        == "You logged 4 of the 5 days in this range; pain was 7 or more on 2 and 3 or less on 1 of them."
    )


def test_calendar_takeaway_of_a_long_range_names_the_worst_and_best_month() -> None:
    pains = [6] * 31 + [2] * 30 + [4] * 440  # May 2025 worst, June best
    takeaway = calendar_takeaway(make_frame(pains))
    assert takeaway.text == (
        "You logged 501 of the 501 days in this range. Your worst month was May 2025 (average 6.0 over 31 days); "
        "your best month was June 2025 (average 2.0 over 30 days)."
    )


def test_calendar_takeaway_counts_the_months_tied_for_best_instead_of_naming_one() -> None:
    """Ten years ending pain-free: "your best September 2022 (average 0.0)" of some 40 months at 0.0."""
    pains = [6] * 31 + [0] * 30 + [3] * 31 + [0] * 408  # May 2025 worst; June, and August 2025 on, at 0
    assert calendar_takeaway(make_frame(pains)).text == (
        "You logged 500 of the 500 days in this range. Your worst month was May 2025 (average 6.0 over 31 days); "
        "15 months tied for best at an average of 0.0, the latest September 2026."
    )
    # Months that read the same are tied although their means differ in the second decimal.
    close = [6] * 31 + [5] * 30 + [2] * 31 + [2] * 25 + [3] + [2] * 382
    text = calendar_takeaway(make_frame(close)).text
    assert "Your worst month was May 2025" in text and "months tied for best at an average of 2.0" in text
    assert calendar_takeaway(make_frame([4] * 500)).text == (
        "You logged 500 of the 500 days in this range. Each of its 17 months with 7 or more days logged "
        "averaged 4.0."
    )


# -- the Factors page ---------------------------------------------------------------------


def effect(
    fid: str,
    estimate: float | None,
    verdict: str,
    *,
    label: str | None = None,
    unit: str = "indicator",
    role: str = "factor",
) -> FactorEffect:
    """A factor's result as ``analyze`` would give it, with an interval of ±0.5 around the estimate."""
    lo = None if estimate is None else estimate - 0.5
    hi = None if estimate is None else estimate + 0.5
    return FactorEffect(
        fid, label or fid.replace("_", " "), 20, estimate, estimate, lo, hi, 0.01, 0.02, verdict,  # type: ignore[arg-type]
        f"About {fid}.", unit=unit, role=role,  # type: ignore[arg-type]
    )  # fmt: skip


def made_analysis(
    factors: list[FactorEffect], stage: str = "confirmatory", outcome: str = "pain"
) -> Analysis:
    return Analysis(
        outcome, 60, day(0), day(59), "regression", {"position": "back", "firmness": "medium"}, factors,
        [], [], [], stage, "",  # type: ignore[arg-type]
    )  # fmt: skip


def test_short_labels_name_the_reference_and_the_unit() -> None:
    refs = {"position": "back", "firmness": "medium-firm"}
    assert short_label("position:stomach", refs) == "Stomach sleeping (vs back)"
    assert short_label("position:mixed", refs) == "Mixed positions (vs back)"
    assert short_label("firmness:soft", refs) == "Soft mattress (vs medium-firm)"
    assert short_label("exertion") == "Exertion the day before, per step"
    assert short_label("sitting_hours") == "Sitting, per hour"
    assert short_label("exercise:stretching") == "Stretching the day before"
    assert short_label("tag:travel") == "Tagged travel"
    assert short_label("painkiller") == "Painkiller"


def test_forest_rows_leave_out_unestimated_factors_and_sort_by_estimate() -> None:
    analysis = made_analysis(
        [
            effect("warm_bath", -0.6, "better"),
            effect("position:stomach", 1.5, "worse"),
            effect("alcohol", 0.1, "unclear"),
            effect("late_meal", None, "not enough data"),
        ]
    )
    rows = forest_rows(analysis)
    assert list(rows["id"]) == ["position:stomach", "alcohol", "warm_bath"]
    assert list(rows["name"]) == ["Stomach sleeping (vs back)", "Alcohol", "Warm bath or shower"]


def test_forest_takeaway_names_what_goes_with_worse_and_better_mornings() -> None:
    analysis = made_analysis(
        [
            effect("firmness:soft", 2.6, "worse", label="a soft mattress"),
            effect("exertion", 0.5, "worse", unit="per step"),
            effect("warm_bath", -0.6, "better", label="a warm bath or shower before bed"),
            effect("alcohol", 0.1, "unclear"),
        ]
    )
    assert forest_takeaway(analysis).text == (
        "Of the 4 factors estimated, a soft mattress and more exertion the day before go with worse mornings; "
        "a warm bath or shower before bed goes with better mornings. "
        "A soft mattress reaches the 2-point change people notice."
    )


def test_forest_takeaway_follows_the_interval_not_the_point() -> None:
    """1.6 (1.1 to 2.1) could reach the 2-point change; 1.2 (0.7 to 1.7) cannot: the point alone says neither."""
    analysis = made_analysis(
        [
            effect("firmness:soft", 1.6, "worse", label="a soft mattress"),
            effect("position:stomach", 1.2, "worse", label="sleeping on your stomach"),
        ]
    )
    text = forest_takeaway(analysis).text
    assert text.endswith(
        "A soft mattress could reach the 2-point change people notice or more, though it is likelier below it."
    )
    assert "reaches" not in text
    only_small = made_analysis([effect("position:stomach", 1.2, "worse", label="sleeping on your stomach")])
    assert forest_takeaway(only_small).text.endswith(
        "None of the yes/no ones could reach the 2-point change people notice."
    )


def test_forest_takeaway_measures_only_pain_against_the_change_people_notice() -> None:
    """The 2-point change is a fact about the 0–10 pain scale: minutes and sleep quality have none."""
    for outcome in ("pain_minutes", "sleep_quality"):
        analysis = made_analysis(
            [effect("firmness:soft", 2.6, "worse", label="a soft mattress")], outcome=outcome
        )
        assert "notice" not in forest_takeaway(analysis).text


def test_forest_takeaway_on_noise_says_it_cannot_tell() -> None:
    analysis = made_analysis(
        [effect("alcohol", 0.1, "unclear"), effect("late_meal", -0.2, "unclear")], "exploratory"
    )
    text = forest_takeaway(analysis).text
    assert text.startswith(
        "Exploratory (fewer than 30 days logged): None of the 2 factors estimated shows a clear link with worse "
        "mornings"
    )


def test_forest_takeaway_gates() -> None:
    few = made_analysis([], "too few days")
    assert not forest_takeaway(few).enough
    assert "from 14 days on" in forest_takeaway(few).text
    waiting = made_analysis([effect("alcohol", None, "not enough data")])
    assert not forest_takeaway(waiting).enough
    assert "at least 5 days with it and 5 without" in forest_takeaway(waiting).text


def test_forest_takeaway_on_the_sample_names_its_real_effects(sample_frame: pd.DataFrame) -> None:
    text = forest_takeaway(analyze(sample_frame)).text
    assert "sleeping on your stomach" in text and "a soft mattress" in text
    assert "goes with better mornings" in text or "go with better mornings" in text
    assert "painkiller" not in text


def said(text: str | None) -> str:
    """A gate's text, which the case expects there to be."""
    assert text is not None
    return text


def test_gate_text_counts_the_mornings_with_the_outcome() -> None:
    frame = make_frame([4] * 20, pain_minutes=[30] * 3 + [None] * 17)
    assert analyze(frame, "pain").outcome_days == 20
    assert analyze(frame, "pain_minutes").outcome_days == 3
    assert analyze(make_frame([]), "pain").outcome_days == 0
    assert said(gate_text("too few days", "pain", 5)).startswith(
        "**5 of the 14 mornings needed.** Under 14 days"
    )
    assert said(gate_text("too few days", "pain_minutes", 3)).startswith(
        "**Pain after getting up recorded on 3 of the 14 mornings needed.**"
    )
    assert said(gate_text("exploratory", "pain", 20)).startswith(
        "**Exploratory.** Fewer than 30 days logged (20)"
    )
    assert "days with sleep quality recorded (25)" in said(gate_text("exploratory", "sleep_quality", 25))
    assert gate_text("confirmatory", "pain", 60) is None


def test_forest_takeaway_under_14_days_counts_the_outcome_days() -> None:
    analysis = dataclasses.replace(made_analysis([], "too few days", "pain_minutes"), outcome_days=3)
    text = forest_takeaway(analysis).text
    assert text == (
        "The diary estimates effects from 14 days on; 3 mornings with pain after getting up are logged so far."
    )


def level_table(days: list[int], means: list[float]) -> pd.DataFrame:
    """A firmness levels table (soft, medium, firm) as the Factors page has it; the takeaway reads days and means."""
    spread = {"median": means, "q1": [m - 1 for m in means], "q3": [m + 1 for m in means]}
    return pd.DataFrame({"level": ["soft", "medium", "firm"], "days": days, "mean": means, **spread})


def test_levels_takeaway_compares_levels_with_enough_days() -> None:
    table = level_table([40, 30, 3], [5.7, 4.4, 2.0])
    assert levels_takeaway(table, "firmness").text == (
        "Morning pain averaged 5.7 on a soft mattress (40 days) and 4.4 on a medium mattress (30 days), "
        "before allowing for anything else. 1 level with fewer than 5 days not compared."
    )


def test_levels_takeaway_with_the_same_average_on_every_level_names_none_twice() -> None:
    table = level_table([16, 38, 2], [4.0, 4.0, 6.0])
    assert levels_takeaway(table, "firmness").text == (
        "Morning pain averaged 4.0 whatever the mattress firmness (2 levels compared), before allowing for "
        "anything else. 1 level with fewer than 5 days not compared."
    )


def test_levels_takeaway_from_level_summary_and_its_gates() -> None:
    frame = make_frame([6] * 6 + [3] * 6, exertion=["heavy"] * 6 + ["rest"] * 6)
    text = levels_takeaway(level_summary(frame, "exertion"), "exertion").text
    assert text.startswith(
        "Morning pain averaged 6.0 after a heavy day (6 days) and 3.0 after a rest day (6 days)"
    )
    only = levels_takeaway(level_summary(make_frame([4] * 3, position=["side"] * 3), "position"), "position")
    assert only.text == "Only side logged so far (3 days): nothing to compare it with yet."
    none = levels_takeaway(level_summary(make_frame([4] * 3), "firmness"), "firmness")
    assert not none.enough
    assert level_phrase("position", "mixed") == "after sleeping in mixed positions"


def lag_rows(estimates: list[float], low: list[float], high: list[float], clear: list[bool]) -> pd.DataFrame:
    return pd.DataFrame(
        {"lag": [1, 2, 3], "label": ["the day before", "2 days before", "3 days before"], "n": [60] * 3,
         "estimate": estimates, "ci_low": low, "ci_high": high, "q": [0.01] * 3, "clear": clear}
    )  # fmt: skip


def test_lag_takeaway_names_the_days_the_joint_model_supports_in_plain_words() -> None:
    table = lag_rows([0.05, 0.5, 0.2], [-0.2, 0.3, 0.02], [0.3, 0.7, 0.4], [False, True, False])
    text = lag_takeaway(table).text
    assert text == (
        "Looking at the three days together, what goes with your mornings is exertion 2 days before: "
        "about 0.5 points more pain per step (0.3 to 0.7). Exertion the day before or 3 days before shows "
        "no clear link."
    )
    assert "excludes" not in text and "lag" not in text
    none = lag_rows([0.05, 0.1, 0.2], [-0.2, -0.1, -0.1], [0.3, 0.3, 0.4], [False, False, False])
    assert lag_takeaway(none).text == (
        "Looking at exertion 1, 2 and 3 days before together, none of them goes clearly with your mornings."
    )


def test_lag_takeaway_says_why_it_differs_from_the_findings_on_the_day_before() -> None:
    """Two families: the findings judge it among all factors on its own mornings, the lag view beside two days
    on the mornings with all three logged."""
    quiet = lag_rows([0.2, 0.1, 0.0], [-0.01, -0.1, -0.2], [0.45, 0.3, 0.2], [False, False, False])
    agree = lag_takeaway(quiet, "pain", "unclear").text
    assert "judged among all your factors" not in agree
    differs = lag_takeaway(quiet, "pain", "worse").text
    assert differs.startswith(agree) and "calls it clear" in differs
    assert (
        "judged among all your factors on every morning it was logged, and here beside the two other days, "
        "on the mornings with all three logged" in differs
    )
    clear = lag_rows([0.3, 0.1, 0.0], [0.1, -0.1, -0.2], [0.5, 0.3, 0.2], [True, False, False])
    assert "calls it unclear" in lag_takeaway(clear, "pain", "unclear").text
    assert lag_takeaway(clear, "pain", "worse").text == lag_takeaway(clear).text


def test_lag_takeaway_without_estimates_says_what_is_needed() -> None:
    table = lag_effects(make_frame([4] * 10, exertion=["rest"] * 10))
    assert table["estimate"].isna().all()
    takeaway = lag_takeaway(table)
    assert not takeaway.enough and "at least 30 days" in takeaway.text


def test_lags_without_the_days_before_the_mornings_say_so_not_that_exertion_is_missing(
    sample_frame: pd.DataFrame,
) -> None:
    """Nearly half the days not logged: exertion is judged, but 2 and 3 days before are known too rarely."""
    gappy = sample_frame.sample(frac=0.55, random_state=7).sort_values("date").reset_index(drop=True)
    result = analyze(gappy)
    exertion = next(f for f in result.factors if f.id == "exertion")
    assert exertion.estimate is not None and result.stage == "confirmatory"
    assert [lag.estimate for lag in result.lags] == [None, None, None]
    panels = factor_panels(gappy, result, views=("lags",))
    assert panels.lags is not None
    text = panels.lags[1].text
    assert "known only when the days before that morning are logged too" in text
    assert "needs to be recorded" not in text


def test_lag_takeaway_on_the_sample_finds_the_day_before(sample_frame: pd.DataFrame) -> None:
    text = lag_takeaway(lag_effects(sample_frame)).text
    assert text.startswith(
        "Looking at the three days together, what goes with your mornings is exertion the day before"
    )


def test_takeaways_never_print_nan() -> None:
    rng = np.random.default_rng(4)
    pains = [None if rng.random() < 0.4 else int(rng.integers(0, 11)) for _ in range(60)]
    frame = make_frame(pains, pain_minutes=[None if p is None else 20 for p in pains])
    texts = [
        trend_takeaway(frame).text,
        trend_takeaway(frame, "pain_minutes").text,
        minutes_takeaway(frame).text,
        calendar_takeaway(frame).text,
        sleep_takeaway(frame).text,
    ]
    assert not any("nan" in text.lower() for text in texts)


def test_one_long_morning_is_not_called_most_mornings_nor_typical() -> None:
    """One morning of 33 minutes: said as it is, without "typically" or a doctor's visit for "most mornings"."""
    takeaway = minutes_takeaway(make_frame([5], pain_minutes=[33]))
    assert takeaway.text == "Pain lasted over 30 minutes on 1 of 1 morning (33 minutes)."
    week = minutes_takeaway(make_frame([5] * 7, pain_minutes=[40] * 7))
    assert "(typically 40 minutes)" in week.text and "worth mentioning to a doctor" in week.text


def test_a_few_nights_are_charted_but_not_compared() -> None:
    """Five nights split two against three: no averages set against each other."""
    takeaway = sleep_takeaway(sleep_frame([6, 6, 8, 8, 8], [6, 6, 4, 4, 4]), "sleep_hours")
    assert "averaged" not in takeaway.text
    assert takeaway.text.startswith(
        "5 nights with bed and wake times and morning pain in this range: too few"
    )


def test_an_estimate_past_the_noticed_change_is_not_said_to_be_at_most_that_large() -> None:
    """3.1 (1.2 to 4.9): "could be smaller or larger than" the change, never "as large as it, or smaller"."""
    better = effect("firmness:medium-firm", -3.1, "better", label="a medium-firm mattress")
    effect_past = dataclasses.replace(better, ci_low=-4.9, ci_high=-1.2)
    text = forest_takeaway(made_analysis([effect_past])).text
    assert text.endswith(
        "A medium-firm mattress could be smaller or larger than the 2-point change people notice."
    )
