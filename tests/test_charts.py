"""The chart functions, read through their Vega-Lite specs (``chart.to_dict()``), never rendered."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from diary.analysis import Switch, analyze
from diary.charts import pain_trend_chart
from diary.entry import parse_entry
from diary.frame import entries_frame
from diary.sample import sample_entries
from diary.trends import LONG_RANGE_DAYS, Change

START = dt.date(2024, 1, 1)


def make_frame(pains: list[int | None], start: dt.date = START, **columns: list[Any]) -> pd.DataFrame:
    """A diary frame with one entry per day from ``start``; ``None`` leaves the day unlogged."""
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


def mark_of(layer: dict[str, Any]) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def by_mark(spec: dict[str, Any], mark: str) -> list[dict[str, Any]]:
    return [layer for layer in layers(spec) if mark_of(layer) == mark]


# -- pain trend ------------------------------------------------------------------------


def test_pain_trend_has_daily_points_and_a_7_day_mean_of_the_logged_days() -> None:
    pains = [2, 4, None, 6, None, None, None, None, None, None, 8]
    spec = pain_trend_chart(make_frame(pains)).to_dict()
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
    assert points["encoding"]["x"]["field"] == "date" and points["encoding"]["x"]["type"] == "temporal"
    assert points["encoding"]["y"]["scale"]["domain"] == [0, 10]
    assert json.dumps(spec, allow_nan=False)  # valid JSON: no NaN sneaks in


def test_pain_trend_breaks_the_line_after_a_week_without_entries() -> None:
    pains = [3, 3, *([None] * 9), 5]
    spec = pain_trend_chart(make_frame(pains)).to_dict()
    (line,) = by_mark(spec, "line")
    means = {v["date"]: v["value"] for v in values(spec, line)}
    assert means["2024-01-08"] == 3  # 2 to 8 January still holds the 2nd
    assert means["2024-01-09"] is None  # 3 to 9 January: nothing logged
    assert means["2024-01-12"] == 5


def test_pain_trend_marks_switches_and_changes_with_labelled_rules() -> None:
    frame = make_frame([5] * 40)
    changes = [Change(dt.date(2024, 1, 30), "position", "Position habit: side → back")]
    spec = pain_trend_chart(frame, [switch(dt.date(2024, 1, 20))], changes=changes).to_dict()
    (rules,) = by_mark(spec, "rule")
    assert [v["date"] for v in values(spec, rules)] == ["2024-01-20", "2024-01-30"]
    assert rules["mark"]["strokeDash"]
    assert [v["label"] for v in values(spec, rules)] == [
        "Mattress: Old sofa → Foam",
        "Position habit: side → back",
    ]
    texts = by_mark(spec, "text")
    assert {layer["encoding"]["text"]["field"] for layer in texts} == {"label"}
    # Close changes are labelled on staggered rows: one text layer per row, each at its own height.
    assert [layer["transform"][0]["filter"] for layer in texts] == ["datum.row == 0", "datum.row == 1"]
    assert len({layer["encoding"]["y"]["value"] for layer in texts}) == 2


def test_pain_trend_leaves_out_switches_outside_the_range() -> None:
    frame = make_frame([5] * 60)
    spec = pain_trend_chart(
        frame, [switch(dt.date(2024, 1, 10))], start=dt.date(2024, 1, 20), end=dt.date(2024, 2, 29)
    ).to_dict()
    assert not by_mark(spec, "rule")
    (points,) = by_mark(spec, "circle")
    assert values(spec, points)[0]["date"] == "2024-01-20"
    assert points["encoding"]["x"]["scale"]["domain"] == ["2024-01-20", "2024-02-29"]


def test_pain_trend_of_a_long_range_draws_weekly_means() -> None:
    days = 3650
    pains = [(i // 7) % 11 for i in range(days)]  # constant within each Monday-to-Sunday week
    frame = make_frame(pains, start=dt.date(2014, 1, 6))  # a Monday
    spec = pain_trend_chart(frame).to_dict()
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
    short = pain_trend_chart(frame, end=START + dt.timedelta(days=LONG_RANGE_DAYS - 1)).to_dict()
    long = pain_trend_chart(frame).to_dict()
    assert len(values(short, by_mark(short, "circle")[0])) == LONG_RANGE_DAYS
    assert len(values(long, by_mark(long, "circle")[0])) < LONG_RANGE_DAYS / 6


@pytest.mark.parametrize("pains", [[], [3], [3, None, 4]])
def test_pain_trend_of_an_empty_or_tiny_diary_is_a_valid_chart(pains: list[int | None]) -> None:
    spec = pain_trend_chart(make_frame(pains)).to_dict()
    (points,) = by_mark(spec, "circle")
    assert len(values(spec, points)) == sum(p is not None for p in pains)
    json.dumps(spec, allow_nan=False)


def test_pain_trend_of_other_outcomes_has_their_scale() -> None:
    frame = make_frame([3, 4, 5], pain_minutes=[10, 45, 20], sleep_quality=[2, 3, 4])
    minutes = pain_trend_chart(frame, outcome="pain_minutes").to_dict()
    (points,) = by_mark(minutes, "circle")
    assert [v["value"] for v in values(minutes, points)] == [10, 45, 20]
    assert points["encoding"]["y"]["title"] == "Minutes of pain after getting up"
    quality = pain_trend_chart(frame, outcome="sleep_quality").to_dict()
    assert by_mark(quality, "circle")[0]["encoding"]["y"]["scale"]["domain"] == [1, 5]


def test_pain_trend_of_the_sample_marks_its_mattress_switch() -> None:
    frame = entries_frame(sample_entries())
    analysis = analyze(frame)
    spec = pain_trend_chart(frame, analysis.switches).to_dict()
    (rules,) = by_mark(spec, "rule")
    assert [v["date"] for v in values(spec, rules)] == [s.date.isoformat() for s in analysis.switches]
    assert len(values(spec, by_mark(spec, "circle")[0])) == len(frame)
