"""The dashboard's and the report's charts, as pure functions returning Altair charts.

Every function takes the entries DataFrame (or an analysis result) and returns
a chart spec; nothing here renders or imports streamlit, so the tests read
``chart.to_dict()`` and the report renders the same charts to PNG. Data go in
as plain records (a missing value is ``None``, never NaN, which is not valid
JSON), already aggregated: a long range is drawn as weekly means, so the
browser never receives thousands of raw days.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from .analysis import MEANINGFUL_CHANGE, MIN_LEVEL_DAYS, Analysis
from .trends import (
    LONG_PAIN_MINUTES,
    OUTCOME_DOMAINS,
    OUTCOME_TITLES,
    Change,
    SwitchLike,
    calendar_cells,
    change_label,
    changes_from,
    day_text,
    diary_span,
    forest_rows,
    in_range,
    trend_data,
)

# Okabe–Ito colours: distinguishable with the common kinds of colour blindness.
POINT_COLOUR = "#56b4e9"
LINE_COLOUR = "#0072b2"
CHANGE_COLOUR = "#555555"
THRESHOLD_COLOUR = "#d55e00"
HEIGHT = 260


def _num(value: object, digits: int = 2) -> float | None:
    """A JSON-safe number: ``None`` for missing or non-finite values."""
    if value is None or value is pd.NA:
        return None
    number = float(value)  # type: ignore[arg-type]
    return round(number, digits) if math.isfinite(number) else None


def _iso(day: object) -> str:
    return pd.Timestamp(day).strftime("%Y-%m-%d")  # type: ignore[arg-type]


def _time_x(
    title: str | None = None, *, domain: tuple[dt.date, dt.date] | None = None, field: str = "date"
) -> alt.X:
    # Dates are calendar days: a UTC scale keeps "2025-05-01" on 1 May in every time zone.
    scale = alt.Scale(type="utc")
    if domain is not None:
        scale = alt.Scale(type="utc", domain=[_iso(domain[0]), _iso(domain[1])])
    return alt.X(f"{field}:T", title=title, scale=scale, axis=alt.Axis(format="%-d %b %Y", labelOverlap=True))


def _y_scale(outcome: str) -> alt.Scale:
    domain = OUTCOME_DOMAINS.get(outcome)
    return alt.Scale(domain=list(domain)) if domain else alt.Scale(zero=True, nice=True)


def change_rules(changes: Sequence[Change], x: alt.X | None = None) -> alt.LayerChart | None:
    """Dashed vertical rules at the changes' dates, each labelled at the top.

    Labels go on three staggered rows so that changes a few days apart stay legible.
    """
    if not changes:
        return None
    x = x if x is not None else _time_x()
    values = [
        {"date": _iso(c.date), "label": c.label, "what": c.what, "day": day_text(c.date), "row": i % 3}
        for i, c in enumerate(changes)
    ]
    tooltip = [alt.Tooltip("label:N", title="Change"), alt.Tooltip("day:N", title="From")]
    rules = (
        alt.Chart(alt.Data(values=values))
        .mark_rule(color=CHANGE_COLOUR, strokeDash=[4, 3], strokeWidth=1.5)
        .encode(x=x, tooltip=tooltip)
    )
    labels = [
        alt.Chart(alt.Data(values=[v for v in values if v["row"] == row]))
        .mark_text(align="left", baseline="top", dx=4, fontSize=11, color=CHANGE_COLOUR)
        .encode(x=x, y=alt.value(2 + 14 * row), text="label:N", tooltip=tooltip)
        for row in sorted({v["row"] for v in values})
    ]
    return alt.layer(rules, *labels)


def pain_trend_chart(
    frame: pd.DataFrame,
    switches: Sequence[SwitchLike] = (),
    *,
    outcome: str = "pain",
    start: dt.date | None = None,
    end: dt.date | None = None,
    changes: Sequence[Change] = (),
) -> alt.LayerChart:
    """Morning pain (or another outcome) per day with its 7-day mean, and switches as labelled rules.

    Up to ``LONG_RANGE_DAYS`` days in view: a point per logged morning and the
    mean of the days logged in the 7 calendar days up to each day (a gap of a
    week or more breaks the line). Longer: a point per week (the mean of the
    days logged that week) and a 4-week mean. ``switches`` (mattress and
    position-habit switches) and ``changes`` (anything else dated) are drawn
    as dashed rules with a label.
    """
    data = trend_data(frame, outcome, start, end)
    title = OUTCOME_TITLES[outcome]
    point_values = [
        {"date": _iso(d), "value": _num(v), "n": int(n), "label": label, "series": data.point_label}
        for d, v, n, label in zip(
            data.points["date"], data.points["value"], data.points["n"], data.points["label"], strict=True
        )
    ]
    line_values = [
        {"date": _iso(d), "value": _num(v), "series": data.line_label}
        for d, v in zip(data.line["date"], data.line["mean"], strict=True)
    ]
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=[data.point_label, data.line_label], range=[POINT_COLOUR, LINE_COLOUR]),
        legend=alt.Legend(title=None, orient="top"),
    )
    y = alt.Y("value:Q", title=title, scale=_y_scale(outcome))
    domain = None
    if start is not None and end is not None:
        domain = (start, end)
    x = _time_x(None, domain=domain)
    point_tooltip = [
        alt.Tooltip("label:N", title="Week" if data.resolution == "week" else "Morning"),
        alt.Tooltip("value:Q", title=data.point_label, format=".1f"),
    ]
    points = (
        alt.Chart(alt.Data(values=point_values))
        .mark_circle(size=28 if data.resolution == "day" else 40, opacity=0.75)
        .encode(x=x, y=y, color=colour, tooltip=point_tooltip)
    )
    line = (
        alt.Chart(alt.Data(values=line_values))
        .mark_line(strokeWidth=2.5, interpolate="monotone")
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[
                alt.Tooltip("date:T", title="Up to", format="%-d %b %Y"),
                alt.Tooltip("value:Q", title=data.line_label, format=".1f"),
            ],
        )
    )
    layers: list[Any] = [points, line]
    marks = changes_from(switches) + list(changes)
    if start is not None or end is not None:
        marks = [c for c in marks if (start is None or c.date >= start) and (end is None or c.date <= end)]
    rules = change_rules(sorted(marks, key=lambda c: c.date), x)
    if rules is not None:
        layers.append(rules)
    return alt.layer(*layers).properties(height=HEIGHT)


# -- Trends ----------------------------------------------------------------------------

OVER_COLOUR = "#e69f00"
UNDER_COLOUR = "#56b4e9"
MISSING_COLOUR = "#eeeeee"


def pain_minutes_chart(
    frame: pd.DataFrame,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    changes: Sequence[Change] = (),
) -> alt.LayerChart:
    """Minutes of pain after getting up: a bar per morning (per week for long ranges) and the 30-minute line.

    Bars over 30 minutes stand out in a second colour; the 7-day (or 4-week)
    mean runs through them.
    """
    data = trend_data(frame, "pain_minutes", start, end)
    over_label = f"Over {LONG_PAIN_MINUTES} minutes"
    under_label = f"{LONG_PAIN_MINUTES} minutes or less"
    half = dt.timedelta(days=0) if data.resolution == "day" else dt.timedelta(days=3)
    length = dt.timedelta(days=1) if data.resolution == "day" else dt.timedelta(days=7)
    bar_values = [
        {
            "date": _iso(d),
            "from": _iso(d - half),
            "to": _iso(d - half + length),
            "value": _num(v, 1),
            "n": int(n),
            "label": label,
            "band": over_label if v > LONG_PAIN_MINUTES else under_label,
        }
        for d, v, n, label in zip(
            data.points["date"], data.points["value"], data.points["n"], data.points["label"], strict=True
        )
    ]
    line_values = [
        {"date": _iso(d), "value": _num(v, 1)}
        for d, v in zip(data.line["date"], data.line["mean"], strict=True)
    ]
    domain = (start, end) if start is not None and end is not None else None
    x = _time_x(None, domain=domain)
    y = alt.Y("value:Q", title="Minutes of pain after getting up", scale=alt.Scale(zero=True, nice=True))
    bars = (
        alt.Chart(alt.Data(values=bar_values))
        .mark_bar(opacity=0.85, stroke="white", strokeWidth=0.3)
        .encode(
            x=_time_x(None, domain=domain, field="from"),
            x2="to:T",
            y=y,
            color=alt.Color(
                "band:N",
                scale=alt.Scale(domain=[over_label, under_label], range=[OVER_COLOUR, UNDER_COLOUR]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Week" if data.resolution == "week" else "Morning"),
                alt.Tooltip("value:Q", title=data.point_label + " (minutes)", format=".0f"),
            ],
        )
    )
    line = (
        alt.Chart(alt.Data(values=line_values))
        .mark_line(color=LINE_COLOUR, strokeWidth=2, interpolate="monotone")
        .encode(x=x, y=y, tooltip=[alt.Tooltip("value:Q", title=data.line_label, format=".0f")])
    )
    threshold = (
        alt.Chart(alt.Data(values=[{"minutes": LONG_PAIN_MINUTES, "label": f"{LONG_PAIN_MINUTES} minutes"}]))
        .mark_rule(color=THRESHOLD_COLOUR, strokeDash=[6, 4], strokeWidth=1.5)
        .encode(y=alt.Y("minutes:Q"), tooltip=[alt.Tooltip("label:N", title="Line at")])
    )
    layers: list[Any] = [bars, line, threshold]
    rules = change_rules([c for c in changes if _within(c.date, start, end)], x)
    if rules is not None:
        layers.append(rules)
    return alt.layer(*layers).properties(height=HEIGHT)


def _within(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


SLEEP_BINS = {"sleep_hours": 0.5, "sleep_efficiency": 2.5}
SLEEP_AXIS = {
    "sleep_hours": "Total sleep (hours)",
    "sleep_efficiency": "Sleep efficiency (% of time in bed asleep)",
}
MIN_BIN_NIGHTS = 3  # a bin with fewer nights gets no point on the mean line


def sleep_chart(
    frame: pd.DataFrame,
    column: str = "sleep_hours",
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> alt.LayerChart:
    """Morning pain against last night's sleep: a bubble per (sleep, pain) pair sized by the mornings in it.

    Sleep is binned (half hours, 2.5 % of efficiency) so a long diary is a few
    hundred bubbles at most; a line joins the mean pain of each bin with at
    least ``MIN_BIN_NIGHTS`` nights.
    """
    step = SLEEP_BINS[column]
    data = in_range(frame, start, end)[[column, "pain"]].dropna().astype(float)
    binned = pd.DataFrame({"sleep": (data[column] / step).round() * step, "pain": data["pain"]})
    counts = binned.groupby(["sleep", "pain"]).size().reset_index(name="mornings")
    means = binned.groupby("sleep")["pain"].agg(["mean", "size"]).reset_index()
    means = means[means["size"] >= MIN_BIN_NIGHTS]
    unit = "h" if column == "sleep_hours" else "%"
    bubble_values = [
        {"sleep": _num(s), "pain": int(p), "mornings": int(m), "label": f"{s:g} {unit}"}
        for s, p, m in zip(counts["sleep"], counts["pain"], counts["mornings"], strict=True)
    ]
    mean_values = [
        {"sleep": _num(s), "pain": _num(m), "mornings": int(n), "label": f"{s:g} {unit}"}
        for s, m, n in zip(means["sleep"], means["mean"], means["size"], strict=True)
    ]
    x = alt.X("sleep:Q", title=SLEEP_AXIS[column], scale=alt.Scale(zero=False, nice=True))
    y = alt.Y("pain:Q", title="Morning pain (0–10)", scale=alt.Scale(domain=[0, 10]))
    bubbles = (
        alt.Chart(alt.Data(values=bubble_values))
        .mark_circle(color=POINT_COLOUR, opacity=0.7)
        .encode(
            x=x,
            y=y,
            size=alt.Size("mornings:Q", title="Mornings", scale=alt.Scale(range=[20, 400], zero=False)),
            tooltip=[
                alt.Tooltip("label:N", title=SLEEP_AXIS[column].split(" (")[0]),
                alt.Tooltip("pain:Q", title="Morning pain"),
                alt.Tooltip("mornings:Q", title="Mornings"),
            ],
        )
    )
    line = (
        alt.Chart(alt.Data(values=mean_values))
        .mark_line(color=LINE_COLOUR, strokeWidth=2, point=True)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("label:N", title=SLEEP_AXIS[column].split(" (")[0]),
                alt.Tooltip("pain:Q", title="Mean pain", format=".1f"),
                alt.Tooltip("mornings:Q", title="Mornings"),
            ],
        )
    )
    return alt.layer(bubbles, line).properties(height=HEIGHT)


PAIN_SCHEME = "orangered"


def calendar_heatmap(
    frame: pd.DataFrame,
    column: str = "pain",
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> alt.LayerChart:
    """A calendar of the outcome: weeks across, weekdays down, a grey cell for a day not logged.

    For ranges longer than ``LONG_RANGE_DAYS`` the cells are months (across)
    by years (down), coloured by the mean of the days logged.
    """
    resolution, cells = calendar_cells(frame, column, start, end)
    domain = OUTCOME_DOMAINS.get(column)
    scheme = PAIN_SCHEME if column != "sleep_quality" else "blues"
    colour_scale = alt.Scale(scheme=scheme, domain=list(domain)) if domain else alt.Scale(scheme=scheme)
    title = OUTCOME_TITLES[column]
    if resolution == "day":
        values = [
            {
                "date": _iso(d),
                "week": _iso(w),
                "weekday": wd,
                "value": _num(v, 1),
                "label": label,
            }
            for d, w, wd, v, label in zip(
                cells["date"], cells["week"], cells["weekday"], cells["value"], cells["label"], strict=True
            )
        ]
        x = alt.X(
            "week:O",
            title=None,
            axis=alt.Axis(
                labelAngle=0,
                labelExpr="utcdate(toDate(datum.value)) <= 7 ? utcFormat(toDate(datum.value), '%b') : ''",
                ticks=False,
                domain=False,
            ),
        )
        y = alt.Y("weekday:O", title=None, sort=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
        tooltip = [alt.Tooltip("label:N", title="Morning"), alt.Tooltip("value:Q", title=title)]
    else:
        values = [
            {
                "year": str(int(yr)),
                "month": dt.date(2000, int(m), 1).strftime("%b"),
                "value": _num(v, 1),
                "n": int(n),
                "label": label,
            }
            for yr, m, v, n, label in zip(
                cells["year"], cells["month"], cells["value"], cells["n"], cells["label"], strict=True
            )
        ]
        months = [dt.date(2000, m, 1).strftime("%b") for m in range(1, 13)]
        x = alt.X("month:O", title=None, sort=months, axis=alt.Axis(labelAngle=0))
        y = alt.Y("year:O", title=None)
        tooltip = [
            alt.Tooltip("label:N", title="Month"),
            alt.Tooltip("value:Q", title=f"Mean {title}", format=".1f"),
        ]
    base = alt.Chart(alt.Data(values=values)).encode(x=x, y=y, tooltip=tooltip)
    blank = base.mark_rect(color=MISSING_COLOUR, stroke="white", strokeWidth=1)
    logged = (
        base.transform_filter("datum.value !== null")
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(color=alt.Color("value:Q", title=title, scale=colour_scale))
    )
    return alt.layer(blank, logged)


# -- Factors ---------------------------------------------------------------------------

VERDICT_COLOURS = {"worse": "#d55e00", "better": "#009e73", "unclear": "#999999"}


def forest_plot(analysis: Analysis) -> alt.LayerChart:
    """The adjusted effects with their 95 % intervals, largest first, coloured by verdict.

    A solid rule marks no difference; for morning pain, dashed rules at ±2
    points mark the change people notice. Adjusters (the painkiller) are left
    out: their "effect" is never a cause.
    """
    rows = forest_rows(analysis)
    outcome = analysis.outcome
    unit = {"pain": "points", "pain_minutes": "minutes", "sleep_quality": "points"}[outcome]
    values = [
        {
            "name": name,
            "estimate": _num(est),
            "ci_low": _num(lo),
            "ci_high": _num(hi),
            "verdict": verdict,
            "q": _num(q, 4),
            "n": int(n),
            "sentence": sentence,
        }
        for name, est, lo, hi, verdict, q, n, sentence in zip(
            rows["name"], rows["estimate"], rows["ci_low"], rows["ci_high"], rows["verdict"], rows["q"],
            rows["n"], rows["sentence"], strict=True,
        )
    ]  # fmt: skip
    order = [v["name"] for v in values]
    y = alt.Y("name:N", title=None, sort=order, axis=alt.Axis(labelLimit=260))
    x_title = f"Difference in {OUTCOME_TITLES[outcome].split(' (')[0].lower()} ({unit}), 95 % interval"
    colour = alt.Color(
        "verdict:N",
        title="Verdict",
        scale=alt.Scale(domain=list(VERDICT_COLOURS), range=list(VERDICT_COLOURS.values())),
        legend=alt.Legend(orient="top"),
    )
    tooltip = [
        alt.Tooltip("sentence:N", title="In words"),
        alt.Tooltip("q:Q", title="q (corrected p)", format=".3f"),
        alt.Tooltip("n:Q", title="Days"),
    ]
    base = alt.Chart(alt.Data(values=values)).encode(y=y, color=colour, tooltip=tooltip)
    intervals = base.mark_rule(strokeWidth=2.5).encode(
        x=alt.X("ci_low:Q", title=x_title), x2=alt.X2("ci_high:Q")
    )
    estimates = base.mark_point(filled=True, size=70).encode(x=alt.X("estimate:Q"))
    references = [{"at": 0.0, "kind": "no difference"}]
    if outcome == "pain":
        references += [
            {"at": -MEANINGFUL_CHANGE, "kind": "2-point change people notice"},
            {"at": MEANINGFUL_CHANGE, "kind": "2-point change people notice"},
        ]
    lines = (
        alt.Chart(alt.Data(values=references))
        .mark_rule(color=CHANGE_COLOUR)
        .encode(
            x=alt.X("at:Q"),
            strokeDash=alt.StrokeDash(
                "kind:N",
                scale=alt.Scale(
                    domain=["no difference", "2-point change people notice"], range=[[1, 0], [5, 4]]
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[alt.Tooltip("kind:N", title="Line"), alt.Tooltip("at:Q", title="At")],
        )
    )
    return alt.layer(lines, intervals, estimates).properties(height=max(60, 26 * len(values)))


def level_chart(table: pd.DataFrame, column: str, outcome: str = "pain") -> alt.LayerChart:
    """The outcome per level (``level_summary``'s table): the middle half as a bar, the median, the mean, the days.

    Levels with fewer than 5 days are drawn pale: too few to compare.
    """
    levels = [str(level) for level in table["level"]]
    values = [
        {
            "level": str(level),
            "days": int(days),
            "mean": _num(mean),
            "median": _num(median),
            "q1": _num(q1),
            "q3": _num(q3),
            "enough": bool(days >= MIN_LEVEL_DAYS),
            "days_label": f"{int(days)} day{'s' if days != 1 else ''}",
        }
        for level, days, mean, median, q1, q3 in zip(
            table["level"],
            table["days"],
            table["mean"],
            table["median"],
            table["q1"],
            table["q3"],
            strict=True,
        )
    ]
    domain = OUTCOME_DOMAINS.get(outcome)
    scale = alt.Scale(domain=list(domain)) if domain else alt.Scale(zero=True, nice=True)
    title = OUTCOME_TITLES[outcome]
    y = alt.Y("level:N", title=None, sort=levels)
    opacity = alt.condition("datum.enough", alt.value(1.0), alt.value(0.35))
    tooltip = [
        alt.Tooltip("level:N", title="Level"),
        alt.Tooltip("days:Q", title="Days"),
        alt.Tooltip("mean:Q", title="Mean", format=".1f"),
        alt.Tooltip("median:Q", title="Median", format=".1f"),
        alt.Tooltip("q1:Q", title="Lower quarter", format=".1f"),
        alt.Tooltip("q3:Q", title="Upper quarter", format=".1f"),
    ]
    base = alt.Chart(alt.Data(values=values)).encode(y=y, opacity=opacity, tooltip=tooltip)
    middle = base.mark_bar(color=POINT_COLOUR, size=16).encode(
        x=alt.X("q1:Q", title=f"{title}: middle half, median (|) and mean (●)", scale=scale), x2="q3:Q"
    )
    median = base.mark_tick(color=LINE_COLOUR, thickness=3, size=22).encode(x="median:Q")
    mean = base.mark_point(filled=True, color="#000000", size=45).encode(x="mean:Q")
    days = base.mark_text(align="left", dx=6, color=CHANGE_COLOUR).encode(x=alt.value(0), text="days_label:N")
    return alt.layer(middle, median, mean, days).properties(height=max(60, 34 * len(values)))


def lag_chart(table: pd.DataFrame, outcome: str = "pain") -> alt.LayerChart:
    """Exertion 1–4 days before and the last 3 days together (``lag_effects``' table), with 95 % intervals."""
    order = [str(label) for label in table["label"]]
    values = [
        {"label": str(label), "estimate": _num(est), "ci_low": _num(lo), "ci_high": _num(hi), "n": int(n)}
        for label, est, lo, hi, n in zip(
            table["label"], table["estimate"], table["ci_low"], table["ci_high"], table["n"], strict=True
        )
        if est is not None and not pd.isna(est)
    ]
    unit = "minutes" if outcome == "pain_minutes" else "points"
    title = f"{OUTCOME_TITLES[outcome].split(' (')[0]} per step of exertion ({unit})"
    x = alt.X("label:N", title="Exertion", sort=order, axis=alt.Axis(labelAngle=0, labelLimit=160))
    tooltip = [
        alt.Tooltip("label:N", title="Exertion"),
        alt.Tooltip("estimate:Q", title="Per step", format=".2f"),
        alt.Tooltip("ci_low:Q", title="Interval from", format=".2f"),
        alt.Tooltip("ci_high:Q", title="Interval to", format=".2f"),
        alt.Tooltip("n:Q", title="Days"),
    ]
    base = alt.Chart(alt.Data(values=values)).encode(x=x, tooltip=tooltip)
    intervals = base.mark_rule(color=LINE_COLOUR, strokeWidth=2.5).encode(
        y=alt.Y("ci_low:Q", title=title), y2="ci_high:Q"
    )
    estimates = base.mark_point(filled=True, size=80, color=LINE_COLOUR).encode(y="estimate:Q")
    zero = alt.Chart(alt.Data(values=[{"at": 0}])).mark_rule(color=CHANGE_COLOUR).encode(y="at:Q")
    return alt.layer(zero, intervals, estimates).properties(height=220)


BEFORE_AFTER_DAYS = 90  # days shown either side of the date


def before_after_chart(
    frame: pd.DataFrame, switch: SwitchLike, outcome: str = "pain", *, days: int = BEFORE_AFTER_DAYS
) -> alt.LayerChart:
    """The days around a switch (or a chosen date) with the mean before and the mean after as level lines.

    The level lines are the means the sentence gives (over every day the
    comparison uses); the points show up to ``days`` days either side.
    """
    day = switch.date
    lo, hi = day - dt.timedelta(days=days), day + dt.timedelta(days=days)
    span = diary_span(frame)
    if span is not None:
        lo, hi = max(lo, span[0]), min(hi, span[1])
    chart = pain_trend_chart(frame, outcome=outcome, start=lo, end=hi)
    before, after = getattr(switch, "before", None), getattr(switch, "after", None)
    segments = []
    if before is not None and lo < day:
        segments.append(
            {
                "from": _iso(lo),
                "to": _iso(day - dt.timedelta(days=1)),
                "mean": _num(before),
                "side": "Mean before",
            }
        )
    if after is not None and hi >= day:
        segments.append({"from": _iso(day), "to": _iso(hi), "mean": _num(after), "side": "Mean after"})
    layers: list[Any] = list(chart.layer)
    if segments:
        layers.append(
            alt.Chart(alt.Data(values=segments))
            .mark_rule(color=THRESHOLD_COLOUR, strokeWidth=3)
            .encode(
                x=alt.X("from:T"),
                x2="to:T",
                y=alt.Y("mean:Q"),
                tooltip=[alt.Tooltip("side:N", title=""), alt.Tooltip("mean:Q", title="Mean", format=".1f")],
            )
        )
    marker = change_rules([Change(day, switch.what, change_label(switch.what, switch.from_, switch.to))])
    if marker is not None:
        layers.append(marker)
    return alt.layer(*layers).properties(height=200)
