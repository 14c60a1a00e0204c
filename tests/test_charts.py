"""The chart functions, read through their Vega-Lite specs (``chart``), never rendered."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs; types-jsonschema is not a dev dependency
import pandas as pd
import pytest

from diary.analysis import Analysis, FactorEffect, Switch, analyze, lag_effects, level_summary
from diary.entry.frame import entries_frame
from diary.sample import sample_entries
from diary.trials import trial_result
from diary.trials.plan import ended_early
from diary.trials.text import condition_words
from diary.views import charts
from diary.views.trends import LONG_RANGE_DAYS

from .frames import daily_frame
from .trial_simulation import Scenario, simulate

START = dt.date(2024, 1, 1)


def make_frame(pains: Sequence[int | None], start: dt.date = START, **columns: list[Any]) -> pd.DataFrame:
    return daily_frame(pains, start, **columns)


def switch(day: dt.date, what: str = "mattress", from_: str = "Old sofa", to: str = "Foam") -> Switch:
    return Switch(day, what, from_, to, 5.0, 3.0, -2.0, -3.0, -1.0, 20, 20, -2.0, -3.0, -1.0, "")


def layers(spec: dict[str, Any], data: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """Every unit (non-layer) spec in a possibly nested layer spec, with the data it inherits."""
    for layer in spec.get("layer", []):
        inherited = layer.get("data", spec.get("data", data))
        if "layer" in layer:
            yield from layers(layer, inherited)
        else:
            yield {**layer, "data": inherited} if inherited is not None else layer


def values(spec: dict[str, Any], layer: dict[str, Any]) -> list[dict[str, Any]]:
    """A layer's data records, wherever the spec keeps them (inline or in the top-level datasets)."""
    data = layer["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


@functools.cache
def vega_lite_validator() -> jsonschema.Draft7Validator:
    """A validator for the Vega-Lite JSON schema (the copy Altair ships: Altair is a test dependency, for this)."""
    from altair.vegalite.v6.schema.core import load_schema

    return jsonschema.Draft7Validator(load_schema())


def valid(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec``, once checked against the Vega-Lite schema (raises ``ValidationError`` on a spec it does not allow)."""
    vega_lite_validator().validate(json.loads(json.dumps(spec, allow_nan=False)))
    return spec


def validated(build: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """A chart function whose every spec is checked against the schema before a test reads it."""

    @functools.wraps(build)
    def checked(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return valid(build(*args, **kwargs))

    return checked


before_after_chart = validated(charts.before_after_chart)
calendar_heatmap = validated(charts.calendar_heatmap)
forest_plot = validated(charts.forest_plot)
lag_chart = validated(charts.lag_chart)
level_chart = validated(charts.level_chart)
pain_minutes_chart = validated(charts.pain_minutes_chart)
pain_trend_chart = validated(charts.pain_trend_chart)
sleep_chart = validated(charts.sleep_chart)


def test_the_schema_check_refuses_what_vega_lite_does_not_allow() -> None:
    with pytest.raises(jsonschema.ValidationError):
        valid({"layer": [{"data": {"values": []}, "mark": {"type": "bubble"}}]})
    with pytest.raises(jsonschema.ValidationError):
        valid(
            {
                "layer": [
                    {"data": {"values": []}, "mark": "point", "encoding": {"x": {"field": "a", "type": "Q"}}}
                ]
            }
        )
    with pytest.raises(ValueError, match="Out of range float"):
        valid({"layer": [{"data": {"values": [{"a": float("nan")}]}, "mark": "point"}]})  # JSON has no NaN


def mark_of(layer: dict[str, Any]) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def by_mark(spec: dict[str, Any], mark: str) -> list[dict[str, Any]]:
    return [layer for layer in layers(spec) if mark_of(layer) == mark]


# -- pain trend ------------------------------------------------------------------------


def test_pain_trend_has_daily_points_and_a_7_day_mean_of_the_logged_days() -> None:
    pains = [2, 4, None, 6, None, None, None, None, None, None, 8]
    spec = pain_trend_chart(make_frame(pains))
    (points,) = by_mark(spec, "circle")
    (line,) = by_mark(spec, "line")
    assert [v["value"] for v in values(spec, points)] == [2, 4, 6, 8]
    assert [v["date"] for v in values(spec, points)][:3] == ["2024-01-01", "2024-01-02", "2024-01-04"]
    means = {v["date"]: v["value"] for v in values(spec, line)}
    assert means["2024-01-01"] == 2
    assert means["2024-01-03"] == 3  # a missing day: the days logged in the 7 up to it
    assert means["2024-01-04"] == 4
    assert means["2024-01-10"] == 6  # 4 to 10 January: only the 4th was logged
    assert means["2024-01-11"] == 8  # 5 to 11 January: only the 11th
    # The tooltips name a day as the pages do ("Mon 1 Jan 2024"), not as the axis data holds it.
    assert line["encoding"]["tooltip"][0]["field"] == "label"
    assert (
        values(spec, line)[0]["label"] == "Mon 1 Jan 2024"
        and values(spec, points)[0]["label"] == "Mon 1 Jan 2024"
    )
    assert points["encoding"]["x"]["field"] == "date" and points["encoding"]["x"]["type"] == "temporal"
    assert points["encoding"]["y"]["scale"]["domain"] == [0, 10]
    assert json.dumps(spec, allow_nan=False)  # valid JSON: no NaN sneaks in


def test_pain_trend_breaks_the_line_after_a_week_without_entries() -> None:
    pains = [3, 3, *([None] * 9), 5]
    spec = pain_trend_chart(make_frame(pains))
    (line,) = by_mark(spec, "line")
    means = {v["date"]: v["value"] for v in values(spec, line)}
    assert means["2024-01-08"] == 3  # 2 to 8 January still holds the 2nd
    assert means["2024-01-09"] is None  # 3 to 9 January: nothing logged
    assert means["2024-01-12"] == 5


def test_pain_trend_marks_switches_and_changes_with_labelled_rules() -> None:
    frame = make_frame([5] * 40)
    changes = [Switch(dt.date(2024, 1, 30), "position", "side", "back")]
    spec = pain_trend_chart(frame, [switch(dt.date(2024, 1, 20))], changes=changes)
    (rules,) = by_mark(spec, "rule")
    assert [v["date"] for v in values(spec, rules)] == ["2024-01-20", "2024-01-30"]
    assert rules["mark"]["strokeDash"]
    assert [v["label"] for v in values(spec, rules)] == [
        "Mattress: Old sofa → Foam",
        "Position habit: side → back",
    ]
    # On the chart a change says what it went from and to; the tooltip has the whole label.
    assert [v["mark"] for v in values(spec, rules)] == ["Old sofa → Foam", "side → back"]
    assert [t["field"] for t in rules["encoding"]["tooltip"]] == ["label", "day"]
    texts = by_mark(spec, "text")
    assert {layer["encoding"]["text"]["field"] for layer in texts} == {"mark"}
    # Close changes are labelled on staggered rows: one text layer per row, each at its own height.
    # The change in the chart's later half (of 1 January to 9 February) is written to the left of its rule,
    # so a long name is never cut off at the right edge (on a phone, "Foam 202…").
    assert [layer["transform"][0]["filter"] for layer in texts] == [
        "datum.row == 0 && datum.side == 'left'",
        "datum.row == 1 && datum.side == 'right'",
    ]
    assert [(layer["mark"]["align"], layer["mark"]["dx"]) for layer in texts] == [("left", 4), ("right", -4)]
    assert [v["side"] for v in values(spec, rules)] == ["left", "right"]
    assert len({layer["encoding"]["y"]["value"] for layer in texts}) == 2


def test_pain_trend_leaves_out_switches_outside_the_range() -> None:
    frame = make_frame([5] * 60)
    spec = pain_trend_chart(
        frame, [switch(dt.date(2024, 1, 10))], start=dt.date(2024, 1, 20), end=dt.date(2024, 2, 29)
    )
    assert not by_mark(spec, "rule")
    (points,) = by_mark(spec, "circle")
    assert values(spec, points)[0]["date"] == "2024-01-20"
    assert points["encoding"]["x"]["scale"]["domain"] == ["2024-01-20", "2024-02-29"]


def test_pain_trend_of_a_long_range_draws_weekly_means() -> None:
    days = 3650
    pains = [(i // 7) % 11 for i in range(days)]  # constant within each Monday-to-Sunday week
    frame = make_frame(pains, start=dt.date(2014, 1, 6))  # a Monday
    spec = pain_trend_chart(frame)
    (points,) = by_mark(spec, "circle")
    (line,) = by_mark(spec, "line")
    assert len(values(spec, points)) == 522  # 3,650 days in 522 weeks (the last one partial)
    assert len(values(spec, line)) == 522
    first = values(spec, points)[0]
    assert first["value"] == 0 and first["n"] == 7 and first["date"] == "2014-01-09"  # mid-week
    assert values(spec, points)[1]["value"] == 1
    assert {v["series"] for v in values(spec, points)} == {"Weekly mean"}
    assert {v["series"] for v in values(spec, line)} == {"4-week mean"}
    assert len(json.dumps(spec)) < 200_000


def test_pain_trend_switches_to_weekly_means_just_beyond_the_long_range_threshold() -> None:
    frame = make_frame([4] * (LONG_RANGE_DAYS + 1))
    short = pain_trend_chart(frame, end=START + dt.timedelta(days=LONG_RANGE_DAYS - 1))
    long = pain_trend_chart(frame)
    assert len(values(short, by_mark(short, "circle")[0])) == LONG_RANGE_DAYS
    assert len(values(long, by_mark(long, "circle")[0])) < LONG_RANGE_DAYS / 6


@pytest.mark.parametrize("pains", [[], [3], [3, None, 4]])
def test_pain_trend_of_an_empty_or_tiny_diary_is_a_valid_chart(pains: list[int | None]) -> None:
    spec = pain_trend_chart(make_frame(pains))
    (points,) = by_mark(spec, "circle")
    assert len(values(spec, points)) == sum(p is not None for p in pains)
    json.dumps(spec, allow_nan=False)


def test_pain_trend_of_other_outcomes_has_their_scale() -> None:
    frame = make_frame([3, 4, 5], pain_minutes=[10, 45, 20], sleep_quality=[2, 3, 4])
    minutes = pain_trend_chart(frame, outcome="pain_minutes")
    (points,) = by_mark(minutes, "circle")
    assert [v["value"] for v in values(minutes, points)] == [10, 45, 20]
    assert points["encoding"]["y"]["title"] == "Minutes of pain after getting up"
    quality = pain_trend_chart(frame, outcome="sleep_quality")
    assert by_mark(quality, "circle")[0]["encoding"]["y"]["scale"]["domain"] == [1, 5]


def test_pain_trend_of_the_sample_marks_its_mattress_switch() -> None:
    frame = entries_frame(sample_entries())
    analysis = analyze(frame)
    spec = pain_trend_chart(frame, analysis.switches)
    (rules,) = by_mark(spec, "rule")
    assert [v["date"] for v in values(spec, rules)] == [s.date.isoformat() for s in analysis.switches]
    assert len(values(spec, by_mark(spec, "circle")[0])) == len(frame)


# -- minutes of pain -------------------------------------------------------------------


def test_pain_minutes_chart_has_bars_coloured_by_the_30_minute_line() -> None:
    frame = make_frame([4, 4, None, 4], pain_minutes=[45, 30, None, 10])
    spec = pain_minutes_chart(frame)
    (bars,) = by_mark(spec, "bar")
    records = values(spec, bars)
    # Each bar centred on its day's tick, where the mean is drawn: from the noon before to the noon after.
    assert [(r["from"], r["to"], r["value"]) for r in records] == [
        ("2023-12-31T12:00:00Z", "2024-01-01T12:00:00Z", 45),
        ("2024-01-01T12:00:00Z", "2024-01-02T12:00:00Z", 30),
        ("2024-01-03T12:00:00Z", "2024-01-04T12:00:00Z", 10),
    ]
    assert [r["band"] for r in records] == ["Over 30 minutes", "30 minutes or less", "30 minutes or less"]
    assert bars["encoding"]["y"]["field"] == "value" and bars["encoding"]["y2"] == {"datum": 0}
    colour = bars["encoding"]["color"]["scale"]
    # One legend names the bars' colours, the mean and the dashed line, each its own colour.
    assert colour["domain"] == ["Over 30 minutes", "30 minutes or less", "7-day mean", "Line at 30 minutes"]
    assert len(set(colour["range"])) == 4
    threshold = [layer for layer in by_mark(spec, "rule") if layer["encoding"]["y"]["field"] == "minutes"]
    assert [r["minutes"] for r in values(spec, threshold[0])] == [30]
    assert threshold[0]["mark"]["strokeDash"]
    assert threshold[0]["encoding"]["color"] == {"datum": "Line at 30 minutes"}
    (line,) = by_mark(spec, "line")
    assert line["encoding"]["color"] == {"datum": "7-day mean"}
    assert values(spec, line)[-1]["value"] == pytest.approx((45 + 30 + 10) / 3, abs=0.05)


def test_pain_minutes_chart_of_a_long_range_draws_weekly_bars() -> None:
    frame = make_frame([4] * 800, start=dt.date(2020, 1, 6), pain_minutes=[40] * 800)
    spec = pain_minutes_chart(frame)
    records = values(spec, by_mark(spec, "bar")[0])
    assert len(records) == 115  # 800 days in 115 Monday-to-Sunday weeks
    assert (records[0]["from"], records[0]["to"]) == ("2020-01-06", "2020-01-13")
    assert records[0]["band"] == "Week's mean over 30 minutes"


def test_pain_minutes_chart_marks_changes_in_its_range_only() -> None:
    frame = make_frame([4] * 30, pain_minutes=[20] * 30)
    changes = [
        Switch(dt.date(2024, 1, 10), "mattress", "A", "B"),
        Switch(dt.date(2023, 12, 1), "mattress", "C", "D"),
    ]
    spec = pain_minutes_chart(frame, start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 30), changes=changes)
    dashed = [
        layer for layer in by_mark(spec, "rule") if layer["encoding"].get("x", {}).get("field") == "date"
    ]
    assert [r["date"] for r in values(spec, dashed[0])] == ["2024-01-10"]


# -- sleep ------------------------------------------------------------------------------


def sleep_frame(hours: Sequence[float], pains: Sequence[int], start: dt.date = START) -> pd.DataFrame:
    """Nights of ``hours`` of sleep (in bed from 23:00, no time awake) and the next morning's pain."""
    wake = [f"{(23 * 60 + round(h * 60)) // 60 % 24:02d}:{round(h * 60) % 60:02d}" for h in hours]
    return make_frame(pains, start, bedtime=["23:00"] * len(hours), wake_time=wake)


def test_sleep_chart_counts_mornings_per_bubble_and_draws_the_mean_of_full_bins() -> None:
    frame = sleep_frame([6.0, 6.1, 6.2, 8.0, 8.0, 9.0], [6, 6, 3, 2, 2, 5])
    spec = sleep_chart(frame, "sleep_hours")
    (bubbles,) = by_mark(spec, "circle")
    counts = {(r["sleep"], r["pain"]): r["mornings"] for r in values(spec, bubbles)}
    assert counts == {(6.0, 6): 2, (6.0, 3): 1, (8.0, 2): 2, (9.0, 5): 1}
    assert bubbles["encoding"]["size"]["field"] == "mornings"
    (line,) = by_mark(spec, "line")
    assert [(r["sleep"], r["pain"]) for r in values(spec, line)] == [(6.0, 5.0)]  # only the bin with 3 nights
    assert bubbles["encoding"]["x"]["title"] == "Total sleep (hours)"
    assert bubbles["encoding"]["y"]["scale"]["domain"] == [0, 10]


def test_sleep_chart_draws_a_bubble_at_no_pain_or_the_worst_whole() -> None:
    """The pain axis keeps the largest bubble's radius free above 10 and below 0: none is cut at the edge."""
    spec = sleep_chart(sleep_frame([7.0] * 12 + [8.0] * 12, [0] * 12 + [10] * 12), "sleep_hours")
    (bubbles,) = by_mark(spec, "circle")
    largest = bubbles["encoding"]["size"]["scale"]["range"][1]
    y = bubbles["encoding"]["y"]["scale"]
    assert y["padding"] >= math.sqrt(largest / math.pi) and y["nice"] is False  # no niced ends past 0–10


def test_sleep_chart_of_a_long_diary_stays_small() -> None:
    hours = [5 + (i * 37 % 50) / 10 for i in range(3650)]
    frame = sleep_frame(hours, [i * 7 % 11 for i in range(3650)], start=dt.date(2014, 1, 1))
    spec = sleep_chart(frame, "sleep_efficiency")
    assert len(values(spec, by_mark(spec, "circle")[0])) <= 11 * 41
    assert by_mark(spec, "circle")[0]["encoding"]["x"]["title"].startswith("Sleep efficiency")


def test_sleep_chart_of_nights_all_alike_has_a_readable_axis_and_whole_mornings() -> None:
    """A regular sleeper's nights fall in one bin: the axis spans around it, numbers without stray zeros."""
    spec = sleep_chart(sleep_frame([7.5] * 5, [3, 4, 3, 5, 4]), "sleep_hours")
    (bubbles,) = by_mark(spec, "circle")
    x = bubbles["encoding"]["x"]
    # Fixed-point, trimmed: "7.5" and "10" ("~g" takes the tick step's precision and wrote 10 as "1e+1")
    assert x["scale"]["domain"] == [5.5, 9.5] and x["axis"]["format"] == "~f"
    assert bubbles["encoding"]["size"]["legend"] == {"format": "d", "tickMinStep": 1}
    efficiency = sleep_chart(sleep_frame([7.5] * 5, [3, 4, 3, 5, 4]), "sleep_efficiency")
    assert by_mark(efficiency, "circle")[0]["encoding"]["x"]["scale"]["domain"] == [90.0, 100.0]


def test_sleep_bins_are_the_bubbles_and_the_line_the_sleep_chart_draws() -> None:
    """The Trends page names the line in its note only when there is one: ``sleep_bins`` says so."""
    frame = sleep_frame([6.0, 6.1, 6.2, 8.0, 8.0, 9.0], [6, 6, 3, 2, 2, 5])
    counts, means = charts.sleep_bins(frame, "sleep_hours")
    spec = sleep_chart(frame, "sleep_hours")
    assert len(counts) == len(values(spec, by_mark(spec, "circle")[0]))
    assert list(means["sleep"]) == [r["sleep"] for r in values(spec, by_mark(spec, "line")[0])] == [6.0]
    _, none = charts.sleep_bins(sleep_frame([5.0, 6.0, 7.0, 8.0, 9.0], [3, 4, 5, 6, 4]), "sleep_hours")
    assert none.empty  # no bin of 3 nights: no line


# -- calendar ---------------------------------------------------------------------------


def test_calendar_heatmap_has_a_cell_per_day_and_greys_the_missing_ones() -> None:
    spec = calendar_heatmap(make_frame([3, None, 9, 0, 5, 5, 5, 5]))
    blank, logged = by_mark(spec, "rect")
    cells = values(spec, blank)
    assert len(cells) == 8
    assert cells[1]["value"] is None
    assert cells[0]["week"] == "2024-01-01" and cells[7]["week"] == "2024-01-08"
    # A screen reader hears each cell's day and value, and the weeks' span, in the pages' words.
    assert blank["encoding"]["description"] == {"field": "said", "type": "nominal"}
    assert cells[0]["said"] == "Mon 1 Jan 2024: Morning pain (0–10) 3" and cells[1]["said"].endswith(
        ": not logged"
    )
    assert blank["encoding"]["x"]["axis"]["description"] == "Weeks from Mon 1 Jan 2024 to Mon 8 Jan 2024"
    assert blank["encoding"]["y"]["sort"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert blank["mark"]["color"] == "#eeeeee"
    assert logged["transform"] == [{"filter": "isValid(datum.value)"}]
    assert logged["encoding"]["color"]["scale"]["domain"] == [0, 10]


def test_calendar_heatmap_of_a_long_range_is_months_by_years() -> None:
    spec = calendar_heatmap(make_frame([4] * 1100, start=dt.date(2021, 1, 1)))
    blank, _ = by_mark(spec, "rect")
    cells = values(spec, blank)
    assert len(cells) == 37  # January 2021 to January 2024
    assert blank["encoding"]["x"]["field"] == "month" and blank["encoding"]["y"]["field"] == "year"
    assert cells[0]["month"] == "Jan" and cells[0]["year"] == "2021" and cells[0]["n"] == 31


# -- factors ----------------------------------------------------------------------------


def made_analysis(outcome: str = "pain") -> Analysis:
    def effect(fid: str, est: float, verdict: str, role: str = "factor") -> FactorEffect:
        return FactorEffect(
            fid, fid, 30, est, est, est - 0.4, est + 0.4, 0.01, 0.02, verdict, f"About {fid}.",  # type: ignore[arg-type]
            role=role,  # type: ignore[arg-type]
        )  # fmt: skip

    factors = [
        effect("warm_bath", -0.6, "better"),
        effect("position:stomach", 1.5, "worse"),
        effect("alcohol", 0.1, "unclear"),
        effect("painkiller", 0.9, "unclear", role="sensitivity"),
        FactorEffect(
            "late_meal", "late meal", 2, None, None, None, None, None, None, "not enough data", "Too few."
        ),
    ]
    return Analysis(
        outcome, 60, START, START, "regression", {"position": "back"}, factors, [], [], [], "confirmatory", ""
    )


def test_forest_plot_sorts_by_size_colours_by_verdict_and_draws_only_the_models_factors() -> None:
    spec = forest_plot(made_analysis())
    points = next(layer for layer in by_mark(spec, "point"))
    records = values(spec, points)
    assert [r["name"] for r in records] == ["Stomach sleeping (vs back)", "Alcohol", "Warm bath or shower"]
    assert points["encoding"]["y"]["sort"] == [r["name"] for r in records]
    colour = points["encoding"]["color"]
    assert colour["field"] == "verdict"
    assert dict(zip(colour["scale"]["domain"], colour["scale"]["range"], strict=True)) == {
        "worse": "#d55e00",
        "better": "#009e73",
        "unclear": "#999999",
    }
    interval = next(layer for layer in by_mark(spec, "rule") if "x2" in layer["encoding"])
    assert interval["encoding"]["x"]["field"] == "ci_low" and interval["encoding"]["x2"]["field"] == "ci_high"
    assert {(r["name"], r["ci_low"], r["ci_high"]) for r in values(spec, interval)} >= {
        ("Stomach sleeping (vs back)", 1.1, 1.9)
    }


def test_forest_plot_of_pain_has_the_2_point_lines() -> None:
    spec = forest_plot(made_analysis())
    lines = next(layer for layer in by_mark(spec, "rule") if "x2" not in layer["encoding"])
    assert sorted(r["at"] for r in values(spec, lines)) == [-2.0, 0.0, 2.0]
    assert lines["encoding"]["strokeDash"]["field"] == "kind"
    other = forest_plot(made_analysis("pain_minutes"))
    lines = next(layer for layer in by_mark(other, "rule") if "x2" not in layer["encoding"])
    assert [r["at"] for r in values(other, lines)] == [0.0]


def test_forest_plot_of_the_sample_is_valid(sample_analysis: Analysis) -> None:
    spec = forest_plot(sample_analysis)
    names = [r["name"] for r in values(spec, by_mark(spec, "point")[0])]
    assert names[0] in ("Soft mattress (vs medium-firm)", "Stomach sleeping (vs back)")
    assert not any("Painkiller" in name for name in names)
    json.dumps(spec, allow_nan=False)


@pytest.fixture(scope="module")
def sample_analysis() -> Analysis:
    return analyze(entries_frame(sample_entries()))


def test_level_chart_shows_the_spread_the_median_the_mean_and_the_days() -> None:
    frame = make_frame([6, 5, 7, 6, 4, 3, 3], firmness=["soft"] * 4 + ["firm"] * 3)
    spec = level_chart(level_summary(frame, "firmness"), "firmness")
    (bar,) = by_mark(spec, "bar")
    records = values(spec, bar)
    assert [r["level"] for r in records] == ["soft", "firm"]
    assert bar["encoding"]["y"]["sort"] == ["soft", "firm"]
    assert bar["encoding"]["x"]["field"] == "q1" and bar["encoding"]["x2"]["field"] == "q3"
    assert [r["days_label"] for r in records] == ["4 days", "3 days"]
    assert [r["enough"] for r in records] == [False, False]  # under 5 days: drawn pale
    assert bar["encoding"]["opacity"]["condition"]["test"] == "datum.enough"
    assert {mark_of(layer) for layer in layers(spec)} == {"bar", "tick", "point", "text"}


def test_lag_chart_has_intervals_and_a_zero_line_and_skips_lags_without_estimates() -> None:
    table = pd.DataFrame(
        {"lag": [1, 2, 3], "label": ["the day before", "2 days before", "3 days before"],
         "n": [60, 60, 60], "estimate": [0.5, None, 0.2], "ci_low": [0.3, None, 0.0], "ci_high": [0.7, None, 0.4],
         "q": [0.01, None, 0.2], "clear": [True, False, False]}
    )  # fmt: skip
    spec = lag_chart(table)
    interval = next(layer for layer in by_mark(spec, "rule") if "y2" in layer["encoding"])
    assert [r["label"] for r in values(spec, interval)] == ["the day before", "3 days before"]
    assert [r["clear"] for r in values(spec, interval)] == ["yes", "no"]
    assert interval["encoding"]["x"]["sort"] == ["the day before", "2 days before", "3 days before"]
    zero = next(layer for layer in by_mark(spec, "rule") if "y2" not in layer["encoding"])
    assert values(spec, zero) == [{"at": 0}]


def averages(spec: dict[str, Any]) -> list[tuple[str, str, float, str]]:
    """A before/after chart's level lines: (from, to, mean, legend entry) each."""
    (lines,) = [layer for layer in by_mark(spec, "rule") if "x2" in layer["encoding"]]
    return [(r["from"], r["to"], r["mean"], r["side"]) for r in values(spec, lines)]


def test_before_after_chart_draws_the_two_means_and_the_date() -> None:
    frame = make_frame([6] * 30 + [3] * 30, mattress=["Old"] * 30 + ["New"] * 30)
    switch = Switch(dt.date(2024, 1, 31), "mattress", "Old", "New", 6.0, 3.0, -3.0, -3.5, -2.5, 30, 30,
                    -3.0, -3.5, -2.5, "")  # fmt: skip
    spec = before_after_chart(frame, switch)
    assert averages(spec) == [
        ("2024-01-01", "2024-01-30", 6.0, "on Old"),
        ("2024-01-31", "2024-02-29", 3.0, "on New"),
    ]
    labels = [r["label"] for layer in by_mark(spec, "text") for r in values(spec, layer)]
    assert "Mattress: Old → New" in labels
    assert len(values(spec, by_mark(spec, "circle")[0])) == 60
    assert charts.draws_averages(spec)


def test_before_after_lines_are_the_averages_of_the_days_drawn_and_have_a_legend() -> None:
    """Pain at 8 for years, then 2 in the last months before the date: the line is 2, not the years' mean."""
    frame = make_frame([8] * 300 + [2] * 90 + [1] * 90)
    day = START + dt.timedelta(days=390)
    switch = Switch(day, "chosen date", None, None, 6.5, 1.0, -1.0, -1.5, -0.5, 390, 90, None, None, None, "")
    spec = before_after_chart(frame, switch)
    assert [(first, mean) for first, _, mean, _ in averages(spec)] == [
        ((day - dt.timedelta(days=90)).isoformat(), 2.0),
        (day.isoformat(), 1.0),
    ]
    (lines,) = [layer for layer in by_mark(spec, "rule") if "x2" in layer["encoding"]]
    colour = lines["encoding"]["color"]
    assert colour["title"] == "Average of the mornings shown" and "legend" in colour
    assert colour["scale"]["domain"] == ["before", "after"]
    assert spec["resolve"] == {"scale": {"color": "independent"}}  # a legend of their own


def test_before_after_lines_run_only_over_their_own_nights() -> None:
    """A week back on the old mattress: the old one's line over that week, the new one's either side of it."""
    beds = ["Old"] * 40 + ["New"] * 30 + ["Old"] * 7 + ["New"] * 30
    frame = make_frame([6] * 40 + [3] * 30 + [5] * 7 + [3] * 30, mattress=beds)
    day = START + dt.timedelta(days=40)
    switch = Switch(day, "mattress", "Old", "New", 5.8, 3.0, -2.8, -3.5, -2.1, 47, 60, None, None, None, "",
                    window=(START, START + dt.timedelta(days=106)))  # fmt: skip
    on = lambda n: (START + dt.timedelta(days=n)).isoformat()  # noqa: E731
    old = round((40 * 6 + 7 * 5) / 47, 2)
    assert averages(before_after_chart(frame, switch)) == [
        (on(0), on(39), old, "on Old"),
        (on(40), on(69), 3.0, "on New"),
        (on(70), on(76), old, "on Old"),
        (on(77), on(106), 3.0, "on New"),
    ]


def test_before_after_chart_without_days_on_either_side_draws_no_lines() -> None:
    frame = make_frame([4] * 60)
    switch = Switch(dt.date(2024, 1, 31), "mattress", "Old", "New")  # no night logged on either mattress
    spec = before_after_chart(frame, switch)
    assert not [layer for layer in by_mark(spec, "rule") if "x2" in layer["encoding"]]
    assert not charts.draws_averages(spec)


def test_before_after_chart_shows_90_days_either_side_at_most() -> None:
    frame = make_frame([5] * 400)
    switch = Switch(dt.date(2024, 7, 1), "chosen date", None, None, 5.0, 5.0, 0.0, -0.5, 0.5, 182, 218,
                    0.0, -0.5, 0.5, "")  # fmt: skip
    spec = before_after_chart(frame, switch)
    dates = [r["date"] for r in values(spec, by_mark(spec, "circle")[0])]
    assert (dates[0], dates[-1]) == ("2024-04-02", "2024-09-29")


@pytest.mark.parametrize(
    "build",
    [
        lambda f: pain_minutes_chart(f),
        lambda f: sleep_chart(f),
        lambda f: calendar_heatmap(f),
        lambda f: level_chart(level_summary(f, "position"), "position"),
        lambda f: lag_chart(lag_effects(f)),
        lambda f: forest_plot(analyze(f)),
    ],
)
@pytest.mark.parametrize("pains", [[], [4], [4, None, 5, 6]])
def test_every_chart_of_an_empty_or_tiny_diary_is_valid_json(build: Any, pains: list[int | None]) -> None:
    json.dumps(build(make_frame(pains)), allow_nan=False)


# -- legible on a phone ---------------------------------------------------------------------


def midnights(spec_x: dict[str, Any]) -> list[str]:
    """An x axis' explicit tick values (Vega-Lite date-time objects, UTC) as ``YYYY-MM-DD``."""
    ticks = spec_x["axis"]["values"]
    assert all(set(tick) == {"year", "month", "date", "utc"} and tick["utc"] for tick in ticks), ticks
    return [dt.date(t["year"], t["month"], t["date"]).isoformat() for t in ticks]  # midnight: no hours set


def test_two_days_get_one_tick_each_never_a_date_repeated() -> None:
    frame = make_frame([4, 6])
    for spec in (
        pain_trend_chart(frame, start=START, end=START + dt.timedelta(days=1)),
        pain_trend_chart(frame),  # the domain left to the data
    ):
        (points,) = by_mark(spec, "circle")
        assert midnights(points["encoding"]["x"]) == ["2024-01-01", "2024-01-02"]
        assert points["encoding"]["x"]["axis"]["format"] == "%-d %b %Y"  # one label per day, so no repeats
    minutes = pain_minutes_chart(
        make_frame([4, 6], pain_minutes=[20, 40]), start=START, end=START + dt.timedelta(days=1)
    )
    (bars,) = by_mark(minutes, "bar")
    # Each bar is centred on its day's tick: the axis runs half a day past the first and last, so both
    # are seen whole, and labels only the days shown (a "3 Jan" label would name a morning not come yet).
    noon = {"hours": 12, "utc": True}
    assert bars["encoding"]["x"]["scale"]["domain"] == [
        {"year": 2023, "month": 12, "date": 31, **noon},
        {"year": 2024, "month": 1, "date": 2, **noon},
    ]
    assert midnights(bars["encoding"]["x"]) == ["2024-01-01", "2024-01-02"]
    assert [r["from"] for r in values(minutes, bars)] == ["2023-12-31T12:00:00Z", "2024-01-01T12:00:00Z"]


def test_long_ranges_leave_the_ticks_to_vega_at_whole_days_at_least() -> None:
    spec = pain_trend_chart(make_frame([5] * 200))
    (points,) = by_mark(spec, "circle")
    axis = points["encoding"]["x"]["axis"]
    assert "values" not in axis and axis["tickMinStep"] == 86_400_000 and axis["labelOverlap"] is True


def test_the_forest_plot_writes_names_above_the_intervals_and_cuts_no_label() -> None:
    """At 390 px names beside the plot left the legend ("unc…") and the axis title ("95 % inte…") cut off."""
    spec = forest_plot(made_analysis())
    (names,) = by_mark(spec, "text")
    assert names["encoding"]["text"]["field"] == "name"
    assert names["encoding"]["x"] == {"value": 0} and names["mark"]["align"] == "left"
    assert [r["name"] for r in values(spec, names)] == [
        "Stomach sleeping (vs back)",
        "Alcohol",
        "Warm bath or shower",
    ]
    for layer in layers(spec):
        if "y" in layer["encoding"]:
            assert layer["encoding"]["y"]["axis"] is None  # no column of names squeezing the plot
    interval = next(layer for layer in by_mark(spec, "rule") if "x2" in layer["encoding"])
    title = interval["encoding"]["x"]["title"]
    assert isinstance(title, list) and all(len(line) <= 40 for line in title)  # two short lines fit 300 px
    assert "95 % interval" in title[1]
    legends = [
        layer["encoding"][channel]["legend"]
        for layer in layers(spec)
        for channel in ("color", "strokeDash")
        if channel in layer["encoding"]
    ]
    assert legends and all(legend["labelLimit"] == 0 for legend in legends)  # never "unc…"
    dashes = next(legend for legend in legends if legend.get("orient") == "bottom")
    assert dashes["direction"] == "vertical"  # one line each: "2-point change people notice" fits a phone
    assert spec["height"] >= 40 * 3  # a row per factor: its name, then its interval


def test_chart_words_follow_the_theme_colour() -> None:
    """Text marks take the page's text colour (dark on light, light on dark), never a fixed black or grey."""
    frame = make_frame([5] * 40)
    specs = [
        forest_plot(made_analysis()),
        pain_trend_chart(frame, [switch(dt.date(2024, 1, 20))]),
        level_chart(level_summary(make_frame([5] * 20, position=["side"] * 20), "position"), "position"),
    ]
    for spec in specs:
        for layer in by_mark(spec, "text") + by_mark(spec, "point"):
            colour = layer["mark"].get("color")
            assert colour in (None, "currentColor"), colour


# -- a self-experiment's nights -----------------------------------------------------------


def test_trial_nights_chart_colours_by_condition_pales_the_adaptation_nights_and_draws_the_means() -> None:
    trial, entries = simulate(Scenario(effect=2.0, pairs=2, off_plan=0.0), seed=4)
    result = trial_result(trial, entries, trial.end + dt.timedelta(days=1))
    assert result.verdict not in (None, "not_enough_nights")
    spec = valid(charts.trial_nights_chart(result))
    (points,) = by_mark(spec, "point")
    nights = values(spec, points)
    assert len(nights) == sum(1 for log in result.counted if log.pain is not None)
    assert {n["condition"] for n in nights} == {
        f"A: {condition_words(trial, trial.a)}",
        f"B: {condition_words(trial, trial.b)}",
    }
    assert {n["counted"] for n in nights} == {"counted", "getting used to it, not counted"}
    # a night not counted is an open ring in its condition's colour (made pale, it vanished on a dark page)
    assert points["mark"]["filled"] is False and points["encoding"]["fill"]["field"] == "condition"
    assert (
        points["encoding"]["fillOpacity"]["scale"]["range"] == [1.0, 0.0]
        and "opacity" not in points["encoding"]
    )
    assert [t["title"] for t in points["encoding"]["tooltip"]] == [
        "Morning", "Planned", "Morning pain (0–10)", "In the result",
    ]  # fmt: skip
    (means,) = by_mark(spec, "rule")
    assert means["encoding"]["y"] == {"aggregate": "mean", "field": "pain", "type": "quantitative"}
    assert all(n["counted"] == "counted" for n in values(spec, means))  # the means leave the adaptation out


def test_an_ended_early_trial_s_chart_draws_no_averages_and_stops_at_its_last_counted_night() -> None:
    """The sentence says "not enough nights to judge": two average lines apart would judge all the same."""
    trial, entries = simulate(Scenario(effect=2.0, pairs=3, off_plan=0.0, missing=0.0), seed=4)
    stopped = trial.start + dt.timedelta(days=12)
    trial = ended_early(trial, stopped)
    result = trial_result(trial, [e for e in entries if e.date <= stopped], stopped)
    assert result.verdict == "not_enough_nights" and trial.end > stopped + dt.timedelta(days=20)
    spec = valid(charts.trial_nights_chart(result))
    assert by_mark(spec, "rule") == []
    (points,) = by_mark(spec, "point")
    assert spec_dates(points["encoding"]["x"]["scale"]["domain"]) == [trial.start, stopped]
    assert max(n["date"] for n in values(spec, points)) == stopped.isoformat()


def spec_dates(domain: list[str]) -> list[dt.date]:
    return [dt.date.fromisoformat(day) for day in domain]


def test_the_trial_chart_fits_a_phone_its_legend_under_it_and_its_end_dots_whole() -> None:
    """On a phone (390 px, a chart about 330 px wide) a legend of two long names side by side was cut."""
    trial, entries = simulate(Scenario(effect=2.0, pairs=2, off_plan=0.0, missing=0.0), seed=4)
    result = trial_result(trial, entries, trial.end + dt.timedelta(days=1))
    spec = valid(charts.trial_nights_chart(result))
    (points,) = by_mark(spec, "point")
    legend = points["encoding"]["color"]["legend"]
    assert (legend["orient"], legend["direction"]) == ("bottom", "vertical")  # one condition a line
    assert 0 < legend["labelLimit"] <= 300  # a longer name is cut with "…"; the tooltip has it whole
    radius = (points["mark"]["size"] ** 0.5) / 2
    assert points["encoding"]["x"]["scale"]["padding"] >= radius  # a dot on the first or last night is whole
    dates = [n["date"] for n in values(spec, points)]
    assert min(dates) == trial.start.isoformat() and max(dates) == trial.end.isoformat()
