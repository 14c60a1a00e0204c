"""The Factors page's charts: adjusted effects, levels, lags, and the days around a switch.

Pure functions from the analysis (or its tables) to a Vega-Lite spec.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ...analysis import MIN_LEVEL_DAYS, OUTCOMES, Analysis, Switch
from ...wording import CHANGE_NOTICED, plural
from ..factors import forest_rows
from ..factors_words import AVERAGES_TITLE, average_labels
from ..marks import CHANGE_COLOUR, LINE_COLOUR, POINT_COLOUR, TEXT_COLOUR, THRESHOLD_COLOUR, VERDICT_COLOURS
from ..trends import diary_span
from ..vegalite import Spec, channel, layered, records, tip, unit
from .common import change_rules, iso, legend_below, outcome_scale
from .trends import pain_trend_chart

FOREST_ROW = 46  # pixels per factor: its name on one line, its interval on the next


def forest_plot(analysis: Analysis) -> Spec:
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
    table = records(
        name=rows["name"],
        estimate=rows["estimate"].astype(float).round(2),
        ci_low=rows["ci_low"].astype(float).round(2),
        ci_high=rows["ci_high"].astype(float).round(2),
        verdict=rows["verdict"],
        q=rows["q"],
        n=rows["n"],
        sentence=rows["sentence"],
    )
    words = OUTCOMES[outcome]
    y = channel("name:N", title=None, sort=list(rows["name"]), axis=None)
    x_title = [f"Difference in {words.name.lower()} ({words.units})", "dot: estimate, bar: 95 % interval"]
    colour = channel(
        "verdict:N",
        title="Verdict",
        scale={"domain": list(VERDICT_COLOURS), "range": list(VERDICT_COLOURS.values())},
        legend={"orient": "top", "labelLimit": 0},
    )
    tooltip = [
        tip("sentence:N", title="In words"),
        tip("q:Q", title="q (corrected p)", format=".3f"),
        tip("n:Q", title="Days"),
    ]
    names = unit(
        table,
        {
            "type": "text",
            "align": "left",
            "baseline": "bottom",
            "dy": -3,
            "fontSize": 12,
            "color": TEXT_COLOUR,
        },
        {"y": y, "x": {"value": 0}, "text": channel("name:N"), "tooltip": tooltip},
    )
    intervals = unit(
        table,
        {"type": "rule", "strokeWidth": 2.5, "yOffset": 9},
        {
            "y": y,
            "color": colour,
            "tooltip": tooltip,
            "x": channel("ci_low:Q", title=x_title),
            "x2": {"field": "ci_high"},
        },
    )
    estimates = unit(
        table,
        {"type": "point", "filled": True, "size": 70, "yOffset": 9},
        {"y": y, "color": colour, "tooltip": tooltip, "x": channel("estimate:Q")},
    )
    lines = reference_lines(outcome)
    return layered(lines, intervals, estimates, names, height=max(60, FOREST_ROW * len(rows)))


def reference_lines(outcome: str) -> Spec:
    """The forest plot's rules: no difference (solid), and for morning pain the ±2-point change (dashed)."""
    marks = [("no difference", 0.0)]
    noticed = OUTCOMES[outcome].noticed_change
    if noticed is not None:
        marks += [(CHANGE_NOTICED, -noticed), (CHANGE_NOTICED, noticed)]
    return unit(
        records(kind=[k for k, _ in marks], at=[a for _, a in marks]),
        {"type": "rule", "color": CHANGE_COLOUR},
        {
            "x": channel("at:Q"),
            "strokeDash": channel(
                "kind:N",
                scale={
                    "domain": ["no difference", CHANGE_NOTICED],
                    "range": [[1, 0], [5, 4]],
                },
                legend={"title": None, "orient": "bottom", "direction": "vertical", "labelLimit": 0},
            ),
            "tooltip": [tip("kind:N", title="Line"), tip("at:Q", title="At")],
        },
    )


def level_chart(table: pd.DataFrame, column: str, outcome: str = "pain") -> Spec:
    """The outcome per level (``level_summary``'s table): the middle half as a bar, the median, the mean, the days.

    Levels with fewer than 5 days are drawn pale: too few to compare.
    """
    days = table["days"].astype(int)
    levels = [str(level) for level in table["level"]]
    data = records(
        level=levels,
        days=days,
        mean=table["mean"].astype(float).round(2),
        median=table["median"].astype(float),
        q1=table["q1"].astype(float),
        q3=table["q3"].astype(float),
        enough=days >= MIN_LEVEL_DAYS,
        days_label=[plural(int(d), "day") for d in days],
    )
    scale = outcome_scale(outcome)
    shared = {
        "y": channel("level:N", title=None, sort=levels),
        "opacity": {"value": 0.35, "condition": {"test": "datum.enough", "value": 1.0}},
        "tooltip": [
            tip("level:N", title="Level"),
            tip("days:Q", title="Days"),
            tip("mean:Q", title="Mean", format=".1f"),
            tip("median:Q", title="Median", format=".1f"),
            tip("q1:Q", title="Lower quarter", format=".1f"),
            tip("q3:Q", title="Upper quarter", format=".1f"),
        ],
    }
    title = [OUTCOMES[outcome].title, "bar: middle half, |: median, ●: mean"]
    middle = unit(
        data,
        {"type": "bar", "color": POINT_COLOUR, "size": 16},
        shared | {"x": channel("q1:Q", title=title, scale=scale), "x2": {"field": "q3"}},
    )
    median = unit(
        data,
        {"type": "tick", "color": LINE_COLOUR, "thickness": 3, "size": 22},
        shared | {"x": channel("median:Q")},
    )
    mean = unit(
        data,
        {"type": "point", "filled": True, "color": TEXT_COLOUR, "size": 45},
        shared | {"x": channel("mean:Q")},
    )
    counts = unit(  # whole, even for a level with few days: the pale marks say that, the words stay legible
        data,
        {"type": "text", "align": "right", "dx": -4, "color": TEXT_COLOUR},
        shared | {"x": {"value": "width"}, "text": channel("days_label:N"), "opacity": {"value": 1.0}},
    )
    return layered(middle, median, mean, counts, height=max(60, 34 * len(levels)))


def lag_chart(table: pd.DataFrame, outcome: str = "pain") -> Spec:
    """Exertion 1, 2 and 3 days before the morning (``lag_table``), from the one model holding all three, with 95 % intervals.

    Lags without an estimate are left out; their order stays. A lag the diary
    supports (q below 0.05 over the three, interval clear of 0) is drawn solid,
    the others hollow.
    """
    order = [str(label) for label in table["label"]]
    shown = table[table["estimate"].notna()]
    data = records(
        label=[str(label) for label in shown["label"]],
        estimate=shown["estimate"].astype(float).round(3),
        ci_low=shown["ci_low"].astype(float).round(3),
        ci_high=shown["ci_high"].astype(float).round(3),
        n=shown["n"].astype(int),
        clear=["yes" if c else "no" for c in shown["clear"]],
    )
    words = OUTCOMES[outcome]
    title = f"{words.name} per step of exertion ({words.units})"
    shared = {
        # Slanted labels end at their tick: the last one ("the last 3 days together") is not cut at the edge.
        "x": channel(
            "label:N",
            title="Exertion",
            sort=order,
            axis={"labelAngle": -30, "labelAlign": "right", "labelBaseline": "top", "labelLimit": 0},
        ),
        "tooltip": [
            tip("label:N", title="Exertion"),
            tip("estimate:Q", title="Per step", format=".2f"),
            tip("ci_low:Q", title="Interval from", format=".2f"),
            tip("ci_high:Q", title="Interval to", format=".2f"),
            tip("n:Q", title="Days"),
            tip("clear:N", title="Clear link"),
        ],
    }
    intervals = unit(
        data,
        {"type": "rule", "color": LINE_COLOUR, "strokeWidth": 2.5},
        shared | {"y": channel("ci_low:Q", title=title), "y2": {"field": "ci_high"}},
    )
    estimates = unit(
        data,
        {"type": "point", "filled": True, "size": 80, "color": LINE_COLOUR, "strokeWidth": 2},
        shared
        | {
            "y": channel("estimate:Q"),
            "fill": {"value": "#ffffff", "condition": {"test": "datum.clear == 'yes'", "value": LINE_COLOUR}},
        },
    )
    zero = unit(records(at=[0]), {"type": "rule", "color": CHANGE_COLOUR}, {"y": channel("at:Q")})
    return layered(zero, intervals, estimates, height=220)


BEFORE_AFTER_DAYS = 90  # days shown either side of the date
AVERAGES_LAYER = "averages"  # the name of the layer of level lines (``draws_averages``)
# Okabe–Ito reddish purple: the "after" side's level lines, told apart from the "before" side's.
AFTER_COLOUR = "#cc79a7"


def compared_stretches(
    frame: pd.DataFrame, switch: Switch, outcome: str, lo: dt.date, hi: dt.date
) -> tuple[list[tuple[str, dt.date, dt.date]], dict[str, tuple[float, int]]]:
    """The days from ``lo`` to ``hi`` that the switch's comparison uses, as stretches on one side each.

    A mattress switch's sides are the nights on its two mattresses (a week back on
    the old one is on the old one's side; nights elsewhere on neither); any other
    date's are the days before it and from it on; only days in the comparison's
    window count. Returns the stretches, oldest first, as (side, first day, last
    day) with side "before" or "after", and each side's mean of the outcome over
    its days drawn, with their count.
    """
    dates = pd.to_datetime(frame["date"]).dt.date
    values = frame[outcome].astype("Float64")
    keep = values.notna() & (dates >= lo) & (dates <= hi)
    if switch.window is not None:
        keep &= (dates >= switch.window[0]) & (dates <= switch.window[1])
    side: list[str | None]
    if switch.what == "mattress" and switch.from_ and switch.to:
        names = {switch.from_: "before", switch.to: "after"}
        # A night's mattress counts where its morning is logged, as in the analysis' calendar.
        logged = frame["pain"].notna()
        side = [names.get(m) if ok else None for m, ok in zip(frame["mattress"], logged, strict=True)]
    else:
        side = ["after" if d >= switch.date else "before" for d in dates]
    days = pd.DataFrame({"date": dates, "side": side, "value": values})[keep].sort_values("date")
    stretches: list[tuple[object, dt.date, dt.date]] = []  # a day on neither side: None or NaN
    for name, day in zip(days["side"], days["date"], strict=True):
        if stretches and stretches[-1][0] == name:
            stretches[-1] = (name, stretches[-1][1], day)
        else:  # a new side, or a day on neither mattress (a trip), which ends a stretch
            stretches.append((name, day, day))
    means = {str(name): (float(group["value"].mean()), len(group)) for name, group in days.groupby("side")}
    return [(name, first, last) for name, first, last in stretches if isinstance(name, str)], means


def before_after_chart(
    frame: pd.DataFrame, switch: Switch, outcome: str = "pain", *, days: int = BEFORE_AFTER_DAYS
) -> Spec:
    """The days around a switch (or a chosen date), with each side's average over the days drawn as level lines.

    The points show up to ``days`` days either side. A level line is the mean of
    the days shown on its side that the comparison uses (``compared_stretches``),
    drawn across each stretch of those days only: a week back on the old mattress
    gets the old mattress' line, not the new one's. A legend names the lines.
    """
    day = switch.date
    lo, hi = day - dt.timedelta(days=days), day + dt.timedelta(days=days)
    span = diary_span(frame)
    if span is not None:
        lo, hi = max(lo, span[0]), min(hi, span[1])
    trend = pain_trend_chart(frame, outcome=outcome, start=lo, end=hi)
    layers: list[Spec] = [{"layer": trend["layer"]}]  # the dots and the 7-day mean: one legend of their own
    stretches, means = compared_stretches(frame, switch, outcome, lo, hi) if span else ([], {})
    labels = dict(zip(("before", "after"), average_labels(switch.what, switch.from_, switch.to), strict=True))
    if stretches:
        layers.append(
            unit(
                records(
                    **{"from": [iso(first) for _, first, _ in stretches]},
                    to=[iso(last) for _, _, last in stretches],
                    mean=[round(means[side][0], 2) for side, _, _ in stretches],
                    days=[means[side][1] for side, _, _ in stretches],
                    side=[labels[side] for side, _, _ in stretches],
                ),
                {"type": "rule", "strokeWidth": 3},
                {
                    "x": channel("from:T"),
                    "x2": {"field": "to"},
                    "y": channel("mean:Q"),
                    "color": channel(
                        "side:N",
                        title=AVERAGES_TITLE,
                        scale={"domain": list(labels.values()), "range": [THRESHOLD_COLOUR, AFTER_COLOUR]},
                        legend=legend_below(),
                    ),
                    "tooltip": [
                        tip("side:N", title=AVERAGES_TITLE),
                        tip("mean:Q", title="Average", format=".1f"),
                        tip("days:Q", title="Days shown"),
                    ],
                },
            )
            | {"name": AVERAGES_LAYER}
        )
    marker = change_rules([switch], span=(lo, hi))
    if marker is not None:
        layers.append(marker)
    chart = layered(*layers, height=200)
    if stretches:  # the level lines' colours are their own, beside the dots' and the weekly line's
        chart["resolve"] = {"scale": {"color": "independent"}}
    return chart


def draws_averages(chart: Spec) -> bool:
    """Whether a ``before_after_chart`` draws level lines (its caption says what they are only then)."""
    return any(layer.get("name") == AVERAGES_LAYER for layer in chart.get("layer", []))
