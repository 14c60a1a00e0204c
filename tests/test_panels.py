"""The Trends and Factors panels, built without Streamlit: what each page draws, and the line under it."""

from __future__ import annotations

import datetime as dt
import pickle
import subprocess
import sys
from typing import Any

import pandas as pd
import pytest

from diary.analysis import Switch, analyze
from diary.entry.frame import entries_frame
from diary.sample import sample_entries
from diary.views.marks import TEXT_COLOUR
from diary.views.panels import (
    FACTOR_VIEWS,
    TREND_VIEWS,
    FactorPanels,
    before_after_caption,
    before_after_panel,
    factor_panels,
    factor_views,
    trend_panels,
    view_notes,
)
from diary.views.trends import LONG_RANGE_DAYS

from .frames import daily_frame
from .test_charts import by_mark, valid, values

SWITCH_DAY = "2025-06-23"  # the sample's move from the old mattress to the foam one


@pytest.fixture(scope="module")
def sample_frame() -> pd.DataFrame:
    return entries_frame(sample_entries())


def rule_dates(spec: dict[str, Any]) -> list[str]:
    """The dates of the dashed rules marking changes in a chart spec."""
    dashed = [layer for layer in by_mark(spec, "rule") if "strokeDash" in layer["mark"]]
    return sorted({row["date"] for layer in dashed for row in values(spec, layer)})


def test_trend_panels_draw_every_chart_of_the_range_and_mark_the_switch(sample_frame: pd.DataFrame) -> None:
    panels = trend_panels(sample_frame, dt.date(2025, 6, 1), dt.date(2025, 7, 31))
    assert list(panels) == ["pain", "pain_minutes", "sleep_hours", "sleep_efficiency", "calendar"]
    for name, (spec, takeaway) in panels.items():
        assert spec is not None and takeaway.enough, name
        valid(spec)
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
        assert takeaway.text
    pain = panels["pain"][0]
    assert pain is not None
    assert rule_dates(pain) == [SWITCH_DAY]
    points = values(pain, by_mark(pain, "circle")[0])  # each morning's dot
    assert min(r["date"] for r in points) == "2025-06-01" and max(r["date"] for r in points) <= "2025-07-31"


def test_trend_panels_of_one_view_are_that_views_panels_only(sample_frame: pd.DataFrame) -> None:
    start, end = dt.date(2025, 6, 1), dt.date(2025, 7, 31)
    every = trend_panels(sample_frame, start, end)
    for view, names in TREND_VIEWS.items():
        assert trend_panels(sample_frame, start, end, view=view) == {name: every[name] for name in names}
    assert [name for names in TREND_VIEWS.values() for name in names] == list(every)
    with pytest.raises(
        ValueError, match="view must be one of pain, pain_minutes, sleep, calendar, not 'mood'"
    ):
        trend_panels(sample_frame, start, end, view="mood")


def test_trend_panels_mark_only_the_changes_given(sample_frame: pd.DataFrame) -> None:
    start, end = dt.date(2025, 6, 1), dt.date(2025, 7, 31)
    chosen = [Switch(dt.date(2025, 7, 10), "chosen date")]
    assert rule_dates(trend_panels(sample_frame, start, end, changes=[])["pain"][0] or {}) == []
    assert rule_dates(trend_panels(sample_frame, start, end, changes=chosen)["pain"][0] or {}) == [
        "2025-07-10"
    ]


def test_trend_panels_without_enough_to_draw_say_why() -> None:
    frame = daily_frame([4, 5], dt.date(2025, 5, 1))
    panels = trend_panels(frame, dt.date(2025, 5, 1), dt.date(2025, 5, 2))
    spec, takeaway = panels["sleep_hours"]
    assert spec is None and not takeaway.enough
    assert "Too few nights with bed and wake times" in takeaway.text
    assert panels["pain"][0] is not None


def notes(frame: pd.DataFrame, start: dt.date, end: dt.date, view: str, changes: list[Switch]) -> str:
    """The small print under one Trends view, as one text."""
    return " ".join(view_notes(trend_panels(frame, start, end, changes, view=view).values()))


def test_trend_notes_say_only_what_their_charts_draw() -> None:
    """No note on a chart not drawn, no switches' line when none is in range, no 7 days under weekly dots."""
    start = dt.date(2025, 5, 1)
    end = start + dt.timedelta(days=19)
    frame = daily_frame([3, 4, 5, 6] * 5, start)  # pain only: no minutes, no sleep
    switch = Switch(start + dt.timedelta(days=10), "mattress", "Old", "New")
    pain = notes(frame, start, end, "pain", [])
    assert "each morning's pain" in pain and "7 days up to each day" in pain and "Dashed" not in pain
    assert notes(frame, start, end, "pain", [switch]).endswith("Dashed vertical line: a mattress switch.")
    before = Switch(start - dt.timedelta(days=3), "mattress", "Older", "Old")  # out of range: not drawn
    assert "Dashed" not in notes(frame, start, end, "pain", [before])
    assert notes(frame, start, end, "pain_minutes", [switch]) == ""  # no minutes logged: no chart, no line
    assert notes(frame, start, end, "sleep", []) == ""  # no sleep times: no bubbles, no formulas
    assert notes(frame, start, end, "calendar", []).startswith(
        "Darker is more pain; grey days have no entry."
    )
    long_end = start + dt.timedelta(days=LONG_RANGE_DAYS + 9)
    long = daily_frame([3, 4, 5, 6] * ((LONG_RANGE_DAYS + 10) // 4), start)
    weekly = notes(long, start, long_end, "pain", [])
    assert "each week's mean pain" in weekly and "the 4 weeks up to each week's last day" in weekly
    assert "each morning" not in weekly and "7 days" not in weekly
    assert "grey months have no entry" in notes(long, start, long_end, "calendar", [])


def test_the_sleep_note_names_the_line_only_where_one_is_drawn() -> None:
    """A line joins bins of 3 nights or more: five nights of five lengths have bubbles and no line."""
    start = dt.date(2025, 5, 1)
    end = start + dt.timedelta(days=4)

    def nights(hours: list[str], latency: list[int]) -> pd.DataFrame:
        return daily_frame(
            [3, 4, 5, 6, 4], start, bedtime=["23:00"] * 5, wake_time=hours, sleep_latency_min=latency
        )

    # Asleep 6, 6.75, 7.5, 8.25 and 9 hours, at 100 % to 90 % of the time in bed: no two nights in one bin.
    scattered = notes(
        nights(["05:00", "06:00", "07:00", "08:00", "09:00"], [0, 15, 30, 45, 60]), start, end, "sleep", []
    )
    assert "Consensus Sleep Diary" in scattered and "A bubble's size is the number of mornings." in scattered
    assert "the line" not in scattered
    alike = notes(
        nights(["07:00", "07:00", "07:00", "08:00", "09:00"], [0, 0, 0, 15, 60]), start, end, "sleep", []
    )
    assert alike.count("Consensus Sleep Diary") == 1  # the two charts share one note
    assert "the line joins the mean pain" in alike


def test_factor_panels_on_the_sample(sample_frame: pd.DataFrame) -> None:
    result = analyze(sample_frame)
    panels = factor_panels(sample_frame, result)
    assert result.outcome_days == len(sample_frame)
    assert factor_views(result) == FACTOR_VIEWS
    assert (
        panels.forest is not None
        and panels.forest[0] is not None
        and "factors estimated" in panels.forest[1].text
    )
    assert list(panels.levels) == ["firmness", "position", "exertion"]
    assert all(spec is not None for spec, _ in panels.levels.values())
    assert panels.lags is not None
    for spec in (panels.forest[0], panels.lags[0], *(s for s, _ in panels.levels.values())):
        assert spec is not None
        valid(spec)
        # The chart theme's grey reads at 3.7:1 on the light page: axis and legend words take the page's text colour.
        assert spec["config"]["axis"] == {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR}
        assert spec["config"]["legend"]["labelColor"] == TEXT_COLOUR
    levels_spec = panels.levels["exertion"][0]
    assert levels_spec is not None
    (counts,) = [layer for layer in levels_spec["layer"] if layer["mark"]["type"] == "text"]
    assert counts["encoding"]["opacity"] == {
        "value": 1.0
    }  # a level's day count stays legible when its marks are pale
    assert panels.lags is not None and panels.lags[0] is not None
    ((switch, spec),) = panels.switches
    assert (switch.what, switch.from_, switch.to) == ("mattress", "Old mattress", "Foam 2025")
    assert rule_dates(spec) == [SWITCH_DAY]


def test_factor_panels_for_another_outcome_name_it(sample_frame: pd.DataFrame) -> None:
    panels = factor_panels(sample_frame, analyze(sample_frame, "sleep_quality"))
    assert panels.forest is not None
    spec = panels.forest[0]
    assert spec is not None
    titles = [
        layer["encoding"]["x"].get("title") for layer in spec["layer"] if "x" in layer.get("encoding", {})
    ]
    assert ["Difference in sleep quality (points)", "dot: estimate, bar: 95 % interval"] in titles
    assert "Sleep quality averaged" in panels.levels["position"][1].text


def test_factor_panels_under_14_days_draw_no_effects() -> None:
    frame = daily_frame([3, 5, 4, 6, 2, 5, 4, 3, 6, 5], dt.date(2025, 5, 1), position=["back", "side"] * 5)
    result = analyze(frame)
    panels = factor_panels(frame, result)
    assert result.outcome_days == 10 and factor_views(result) == ("levels",)
    assert panels.forest is not None
    assert panels.forest[0] is None and "from 14 days on" in panels.forest[1].text
    assert panels.lags is None and panels.switches == []
    assert panels.levels["position"][0] is not None  # the plain distributions are shown from the first days


def test_factor_panels_build_only_the_views_asked_for(sample_frame: pd.DataFrame) -> None:
    """The page draws one view at a time, and builds only that one: the others stay empty."""
    result = analyze(sample_frame)
    whole = factor_panels(sample_frame, result)
    assert factor_panels(sample_frame, result, views=()) == FactorPanels()
    levels = factor_panels(sample_frame, result, views=("levels",))
    assert levels == FactorPanels(levels=whole.levels)
    assert factor_panels(sample_frame, result, views=("switches", "lags")) == FactorPanels(
        lags=whole.lags, switches=whole.switches
    )


def test_before_after_panel_draws_the_two_means(sample_frame: pd.DataFrame) -> None:
    switch, spec = before_after_panel(sample_frame, dt.date(2025, 8, 1))
    assert (switch.what, switch.date) == ("chosen date", dt.date(2025, 8, 1))
    assert switch.difference is not None and switch.sentence.startswith("Your pain averaged ")
    assert " before Fri 1 Aug 2025 and " in switch.sentence
    (levels,) = [layer for layer in by_mark(spec, "rule") if "x2" in layer["encoding"]]
    sides = [row["side"] for row in values(spec, levels)]
    assert sides == ["before", "after"]
    assert rule_dates(spec) == ["2025-08-01"]


def test_a_before_after_chart_says_what_its_lines_are(sample_frame: pd.DataFrame) -> None:
    """The caption names the level lines as the averages of the mornings shown, and says why the sentence differs."""
    ((switch, spec),) = factor_panels(sample_frame, analyze(sample_frame), views=("switches",)).switches
    caption = before_after_caption(switch, spec)
    compared = switch.n_before + switch.n_after
    assert caption is not None and "plain averages of the mornings shown" in caption
    assert f"all {compared} mornings compared" in caption and "how your pain was going anyway" in caption
    unmeasured = Switch(dt.date(2025, 6, 23), "mattress", "Old mattress", "Foam 2025")
    assert "uses all" not in (
        before_after_caption(unmeasured, spec) or ""
    )  # no difference: nothing to compare
    assert before_after_caption(switch, {"layer": []}) is None  # no lines drawn: no caption about them


def test_before_after_panel_assumes_the_carry_over_it_is_given(sample_frame: pd.DataFrame) -> None:
    """The Factors page passes the analysis' autocorrelation: a higher one than the step's own widens it."""
    own, _ = before_after_panel(sample_frame, dt.date(2025, 8, 1))
    floored, _ = before_after_panel(sample_frame, dt.date(2025, 8, 1), carry_over=0.95)
    assert None not in (own.ci_low, own.ci_high, floored.ci_low, floored.ci_high)
    assert floored.ci_high - floored.ci_low > own.ci_high - own.ci_low  # type: ignore[operator]


def test_panels_survive_the_page_cache(sample_frame: pd.DataFrame) -> None:
    """The pages cache panels with st.cache_data, which pickles them."""
    panels = factor_panels(sample_frame, analyze(sample_frame))
    assert pickle.loads(pickle.dumps(panels)) == panels


def test_panels_load_no_streamlit() -> None:
    code = "import sys, diary.views.panels; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
