"""The Factors page's charts: adjusted effects, levels, lags, and the days around a switch.

Pure functions from the analysis (or its tables) to an Altair chart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt
import pandas as pd

from ...analysis import MEANINGFUL_CHANGE, MIN_LEVEL_DAYS, OUTCOMES, Analysis, Switch
from ..factors import forest_rows
from ..marks import CHANGE_COLOUR, LINE_COLOUR, POINT_COLOUR, TEXT_COLOUR, THRESHOLD_COLOUR, VERDICT_COLOURS
from ..trends import diary_span
from .common import as_list, change_rules, iso, layered, outcome_scale
from .trends import pain_trend_chart

FOREST_ROW = 46  # pixels per factor: its name on one line, its interval on the next


def forest_plot(analysis: Analysis) -> alt.LayerChart:
    """The adjusted effects with their 95 % intervals, largest first, coloured by verdict.

    A solid rule marks no difference; for morning pain, dashed rules at ±2
    points mark the change people notice. Only factors of the main model are
    drawn: the painkiller is not one (its "effect" is never a cause).

    Each factor's name is written above its interval, across the plot, rather
    than beside it: on a phone, names beside the plot would leave the intervals,
    the legends and the axis title a sliver of the width.
    """
    rows = forest_rows(analysis)
    outcome = analysis.outcome
    table = rows.assign(
        estimate=rows["estimate"].astype(float).round(2),
        ci_low=rows["ci_low"].astype(float).round(2),
        ci_high=rows["ci_high"].astype(float).round(2),
    )[["name", "estimate", "ci_low", "ci_high", "verdict", "q", "n", "sentence"]]
    words = OUTCOMES[outcome]
    y = alt.Y("name:N", title=None, sort=list(table["name"]), axis=None)
    x_title = [f"Difference in {words.name.lower()} ({words.units})", "dot: estimate, bar: 95 % interval"]
    colour = alt.Color(
        "verdict:N",
        title="Verdict",
        scale=alt.Scale(domain=list(VERDICT_COLOURS), range=list(VERDICT_COLOURS.values())),
        legend=alt.Legend(orient="top", labelLimit=0),
    )
    tooltip = [
        alt.Tooltip("sentence:N", title="In words"),
        alt.Tooltip("q:Q", title="q (corrected p)", format=".3f"),
        alt.Tooltip("n:Q", title="Days"),
    ]
    names = (
        alt.Chart(table)
        .mark_text(align="left", baseline="bottom", dy=-3, fontSize=12, color=TEXT_COLOUR)
        .encode(y=y, x=alt.XValue(0), text=alt.Text("name:N"), tooltip=tooltip)
    )
    base = alt.Chart(table).encode(y=y, color=colour, tooltip=tooltip)
    intervals = base.mark_rule(strokeWidth=2.5, yOffset=9).encode(
        x=alt.X("ci_low:Q", title=x_title), x2=alt.X2("ci_high:Q")
    )
    estimates = base.mark_point(filled=True, size=70, yOffset=9).encode(x=alt.X("estimate:Q"))
    marks = [("no difference", 0.0)]
    if outcome == "pain":
        marks += [
            ("2-point change people notice", -MEANINGFUL_CHANGE),
            ("2-point change people notice", MEANINGFUL_CHANGE),
        ]
    references = pd.DataFrame({"kind": [k for k, _ in marks], "at": [a for _, a in marks]})
    lines = (
        alt.Chart(references)
        .mark_rule(color=CHANGE_COLOUR)
        .encode(
            x=alt.X("at:Q"),
            strokeDash=alt.StrokeDash(
                "kind:N",
                scale=alt.Scale(
                    domain=["no difference", "2-point change people notice"], range=[[1, 0], [5, 4]]
                ),
                legend=alt.Legend(title=None, orient="bottom", direction="vertical", labelLimit=0),
            ),
            tooltip=[alt.Tooltip("kind:N", title="Line"), alt.Tooltip("at:Q", title="At")],
        )
    )
    return layered(lines, intervals, estimates, names).properties(height=max(60, FOREST_ROW * len(table)))


def level_chart(table: pd.DataFrame, column: str, outcome: str = "pain") -> alt.LayerChart:
    """The outcome per level (``level_summary``'s table): the middle half as a bar, the median, the mean, the days.

    Levels with fewer than 5 days are drawn pale: too few to compare.
    """
    days = table["days"].astype(int)
    data = pd.DataFrame(
        {
            "level": [str(level) for level in table["level"]],
            "days": as_list(days),
            "mean": as_list(table["mean"].astype(float).round(2)),
            "median": as_list(table["median"].astype(float)),
            "q1": as_list(table["q1"].astype(float)),
            "q3": as_list(table["q3"].astype(float)),
            "enough": as_list(days >= MIN_LEVEL_DAYS),
            "days_label": [f"{d} day{'s' if d != 1 else ''}" for d in days],
        }
    )
    scale = outcome_scale(outcome)
    y = alt.Y("level:N", title=None, sort=list(data["level"]))
    opacity = alt.OpacityValue(0.35, condition={"test": "datum.enough", "value": 1.0})
    tooltip = [
        alt.Tooltip("level:N", title="Level"),
        alt.Tooltip("days:Q", title="Days"),
        alt.Tooltip("mean:Q", title="Mean", format=".1f"),
        alt.Tooltip("median:Q", title="Median", format=".1f"),
        alt.Tooltip("q1:Q", title="Lower quarter", format=".1f"),
        alt.Tooltip("q3:Q", title="Upper quarter", format=".1f"),
    ]
    base = alt.Chart(data).encode(y=y, opacity=opacity, tooltip=tooltip)
    title = [OUTCOMES[outcome].title, "bar: middle half, |: median, ●: mean"]
    middle = base.mark_bar(color=POINT_COLOUR, size=16).encode(
        x=alt.X("q1:Q", title=title, scale=scale), x2=alt.X2("q3:Q")
    )
    median = base.mark_tick(color=LINE_COLOUR, thickness=3, size=22).encode(x=alt.X("median:Q"))
    mean = base.mark_point(filled=True, color=TEXT_COLOUR, size=45).encode(x=alt.X("mean:Q"))
    counts = base.mark_text(align="right", dx=-4, color=TEXT_COLOUR).encode(
        x=alt.XValue("width"), text=alt.Text("days_label:N")
    )
    return layered(middle, median, mean, counts).properties(height=max(60, 34 * len(data)))


def lag_chart(table: pd.DataFrame, outcome: str = "pain") -> alt.LayerChart:
    """Exertion 1, 2 and 3 days before the morning (``lag_table``), from the one model holding all three, with 95 % intervals.

    Lags without an estimate are left out; their order stays. A lag the diary
    supports (q below 0.05 over the three, interval clear of 0) is drawn solid,
    the others hollow.
    """
    order = [str(label) for label in table["label"]]
    shown = table[table["estimate"].notna()]
    data = pd.DataFrame(
        {
            "label": [str(label) for label in shown["label"]],
            "estimate": as_list(shown["estimate"].astype(float).round(3)),
            "ci_low": as_list(shown["ci_low"].astype(float).round(3)),
            "ci_high": as_list(shown["ci_high"].astype(float).round(3)),
            "n": as_list(shown["n"].astype(int)),
            "clear": ["yes" if c else "no" for c in shown["clear"]],
        }
    )
    words = OUTCOMES[outcome]
    title = f"{words.name} per step of exertion ({words.units})"
    # Slanted labels end at their tick: the last one ("the last 3 days together") is not cut at the edge.
    x = alt.X(
        "label:N",
        title="Exertion",
        sort=order,
        axis=alt.Axis(labelAngle=-30, labelAlign="right", labelBaseline="top", labelLimit=0),
    )
    tooltip = [
        alt.Tooltip("label:N", title="Exertion"),
        alt.Tooltip("estimate:Q", title="Per step", format=".2f"),
        alt.Tooltip("ci_low:Q", title="Interval from", format=".2f"),
        alt.Tooltip("ci_high:Q", title="Interval to", format=".2f"),
        alt.Tooltip("n:Q", title="Days"),
        alt.Tooltip("clear:N", title="Clear link"),
    ]
    base = alt.Chart(data).encode(x=x, tooltip=tooltip)
    intervals = base.mark_rule(color=LINE_COLOUR, strokeWidth=2.5).encode(
        y=alt.Y("ci_low:Q", title=title), y2=alt.Y2("ci_high:Q")
    )
    fill = alt.FillValue("#ffffff", condition={"test": "datum.clear == 'yes'", "value": LINE_COLOUR})
    estimates = base.mark_point(filled=True, size=80, color=LINE_COLOUR, strokeWidth=2).encode(
        y=alt.Y("estimate:Q"), fill=fill
    )
    zero = alt.Chart(pd.DataFrame({"at": [0]})).mark_rule(color=CHANGE_COLOUR).encode(y=alt.Y("at:Q"))
    return layered(zero, intervals, estimates).properties(height=220)


BEFORE_AFTER_DAYS = 90  # days shown either side of the date


def before_after_chart(
    frame: pd.DataFrame, switch: Switch, outcome: str = "pain", *, days: int = BEFORE_AFTER_DAYS
) -> alt.LayerChart:
    """The days around a switch (or a chosen date), with the mean before and the mean after as level lines.

    The level lines are the means the sentence gives (over every day the
    comparison uses); the points show up to ``days`` days either side.
    """
    day = switch.date
    lo, hi = day - dt.timedelta(days=days), day + dt.timedelta(days=days)
    span = diary_span(frame)
    if span is not None:
        lo, hi = max(lo, span[0]), min(hi, span[1])
    trend = pain_trend_chart(frame, outcome=outcome, start=lo, end=hi)
    layers: list[Any] = list(trend.layer)
    segments = []
    before, after = switch.before, switch.after
    if before is not None and lo < day:
        segments.append((iso(lo), iso(day - dt.timedelta(days=1)), round(before, 2), "Mean before"))
    if after is not None and hi >= day:
        segments.append((iso(day), iso(hi), round(after, 2), "Mean after"))
    if segments:
        levels = pd.DataFrame(segments, columns=["from", "to", "mean", "side"])
        layers.append(
            alt.Chart(levels)
            .mark_rule(color=THRESHOLD_COLOUR, strokeWidth=3)
            .encode(
                x=alt.X("from:T"),
                x2=alt.X2("to:T"),
                y=alt.Y("mean:Q"),
                tooltip=[
                    alt.Tooltip("side:N", title="Level"),
                    alt.Tooltip("mean:Q", title="Mean", format=".1f"),
                ],
            )
        )
    marker = change_rules([switch], span=(lo, hi))
    if marker is not None:
        layers.append(marker)
    return layered(*layers).properties(height=200)
