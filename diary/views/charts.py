"""The dashboard's and the report's charts, as pure functions returning Altair charts.

Every function takes the entries DataFrame (or an analysis result) and returns
a chart; nothing here renders or imports streamlit, so the tests read
``chart.to_dict()`` and the report renders the same charts to PNG.

Data go in already aggregated — a long range is drawn as weekly means, so the
browser never receives thousands of raw days — and as small DataFrames: Altair
then stores each one once, in the spec's top-level ``datasets`` (missing
values become ``null``), which is far quicker to build and validate than
inline records. Dates are ``YYYY-MM-DD`` strings on a UTC time scale, so a
day stays on its date in every time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from ..analysis import MEANINGFUL_CHANGE, MIN_LEVEL_DAYS, Analysis
from ..ranges import in_range
from .trends import (
    LONG_PAIN_MINUTES,
    OUTCOME_DOMAINS,
    OUTCOME_TITLES,
    Change,
    SwitchLike,
    SwitchSpec,
    calendar_cells,
    change_label,
    changes_from,
    day_text,
    diary_span,
    forest_rows,
    trend_data,
)

# Okabe–Ito colours: distinguishable with the common kinds of colour blindness.
POINT_COLOUR = "#56b4e9"
LINE_COLOUR = "#0072b2"
CHANGE_COLOUR = "#555555"
THRESHOLD_COLOUR = "#d55e00"
OVER_COLOUR = "#e69f00"
MISSING_COLOUR = "#eeeeee"
VERDICT_COLOURS = {"worse": "#d55e00", "better": "#009e73", "unclear": "#999999"}
HEIGHT = 260


def _iso(day: object) -> str:
    return pd.Timestamp(day).strftime("%Y-%m-%d")  # type: ignore[arg-type]


def _isos(days: pd.Series | pd.Index) -> list[str]:
    """Timestamps as ``YYYY-MM-DD`` strings."""
    return list(pd.DatetimeIndex(days).strftime("%Y-%m-%d"))


def _column(values: Any) -> list[Any]:
    """Values as a plain list (so frames built from Series and Index alike line up by position)."""
    return list(values)


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


def _within(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def change_rules(changes: Sequence[Change], x: alt.X | None = None) -> alt.LayerChart | None:
    """Dashed vertical rules at the changes' dates, each labelled at the top.

    Labels go on three staggered rows so that changes a few days apart stay legible.
    """
    if not changes:
        return None
    x = x if x is not None else _time_x()
    table = pd.DataFrame(
        {
            "date": [_iso(c.date) for c in changes],
            "label": [c.label for c in changes],
            "what": [c.what for c in changes],
            "day": [day_text(c.date) for c in changes],
            "row": [i % 3 for i in range(len(changes))],
        }
    )
    tooltip = [alt.Tooltip("label:N", title="Change"), alt.Tooltip("day:N", title="From")]
    base = alt.Chart(table).encode(x=x, tooltip=tooltip)
    rules = base.mark_rule(color=CHANGE_COLOUR, strokeDash=[4, 3], strokeWidth=1.5)
    labels = [
        base.transform_filter(f"datum.row == {row}")
        .mark_text(align="left", baseline="top", dx=4, fontSize=11, color=CHANGE_COLOUR)
        .encode(y=alt.value(2 + 14 * row), text="label:N")
        for row in sorted(set(table["row"]))
    ]
    return alt.layer(rules, *labels)


# -- Trends ----------------------------------------------------------------------------


def pain_trend_chart(
    frame: pd.DataFrame,
    switches: Sequence[SwitchSpec] = (),
    *,
    outcome: str = "pain",
    start: dt.date | None = None,
    end: dt.date | None = None,
    changes: Sequence[Change] = (),
) -> alt.LayerChart:
    """Morning pain (or another outcome) per day with its 7-day mean, and switches as labelled rules.

    Up to ``LONG_RANGE_DAYS`` days in view: a point per logged morning and the
    mean of the days logged in the 7 calendar days up to each day (a week
    without entries breaks the line). Longer: a point per week (the mean of
    the days logged that week) and a 4-week mean. ``switches`` (``Switch``
    objects or ``find_switches`` tuples) and ``changes`` (anything else dated)
    are drawn as dashed rules with a label.
    """
    data = trend_data(frame, outcome, start, end)
    points = pd.DataFrame(
        {
            "date": _isos(data.points["date"]),
            "value": _column(data.points["value"].round(2)),
            "n": _column(data.points["n"]),
            "label": _column(data.points["label"]),
            "series": data.point_label,
        }
    )
    line = pd.DataFrame(
        {
            "date": _isos(data.line["date"]),
            "value": _column(data.line["mean"].round(2)),
            "series": data.line_label,
        }
    )
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=[data.point_label, data.line_label], range=[POINT_COLOUR, LINE_COLOUR]),
        legend=alt.Legend(title=None, orient="top"),
    )
    y = alt.Y("value:Q", title=OUTCOME_TITLES[outcome], scale=_y_scale(outcome))
    x = _time_x(None, domain=(start, end) if start is not None and end is not None else None)
    dots = (
        alt.Chart(points)
        .mark_circle(size=28 if data.resolution == "day" else 40, opacity=0.75)
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[
                alt.Tooltip("label:N", title="Week" if data.resolution == "week" else "Morning"),
                alt.Tooltip("value:Q", title=data.point_label, format=".1f"),
            ],
        )
    )
    mean = (
        alt.Chart(line)
        .mark_line(strokeWidth=2.5, interpolate="monotone")
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[
                alt.Tooltip("date:N", title="Up to"),
                alt.Tooltip("value:Q", title=data.line_label, format=".1f"),
            ],
        )
    )
    layers: list[Any] = [dots, mean]
    marks = [c for c in changes_from(switches) + list(changes) if _within(c.date, start, end)]
    rules = change_rules(sorted(marks, key=lambda c: c.date), x)
    if rules is not None:
        layers.append(rules)
    return alt.layer(*layers).properties(height=HEIGHT)


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
    whose = "" if data.resolution == "day" else "Week's mean "
    over_label = f"{whose}over {LONG_PAIN_MINUTES} minutes".capitalize()
    under_label = f"{whose}{LONG_PAIN_MINUTES} minutes or less".capitalize()
    # A bar spans its day (or its Monday-to-Sunday week, whose point sits mid-week).
    shift = pd.Timedelta(days=0 if data.resolution == "day" else 3)
    length = pd.Timedelta(days=1 if data.resolution == "day" else 7)
    starts = pd.to_datetime(data.points["date"]) - shift
    bars = pd.DataFrame(
        {
            "from": _isos(starts),
            "to": _isos(starts + length),
            "value": _column(data.points["value"].round(1)),
            "label": _column(data.points["label"]),
            "band": [over_label if v > LONG_PAIN_MINUTES else under_label for v in data.points["value"]],
        }
    )
    line = pd.DataFrame({"date": _isos(data.line["date"]), "value": _column(data.line["mean"].round(1))})
    domain = (start, end) if start is not None and end is not None else None
    x = _time_x(None, domain=domain)
    y = alt.Y("value:Q", title="Minutes of pain after getting up", scale=alt.Scale(zero=True, nice=True))
    bar_layer = (
        alt.Chart(bars)
        .mark_bar(opacity=0.85, stroke="white", strokeWidth=0.3)
        .encode(
            x=_time_x(None, domain=domain, field="from"),
            x2="to:T",
            y=y,
            y2=alt.datum(
                0
            ),  # a bar from 0: with a ranged x, Vega-Lite would otherwise draw a box at the value
            color=alt.Color(
                "band:N",
                scale=alt.Scale(domain=[over_label, under_label], range=[OVER_COLOUR, POINT_COLOUR]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Week" if data.resolution == "week" else "Morning"),
                alt.Tooltip("value:Q", title=f"{data.point_label} (minutes)", format=".0f"),
            ],
        )
    )
    mean_layer = (
        alt.Chart(line)
        .mark_line(color=LINE_COLOUR, strokeWidth=2, interpolate="monotone")
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("date:N", title="Up to"),
                alt.Tooltip("value:Q", title=data.line_label, format=".0f"),
            ],
        )
    )
    threshold = (
        alt.Chart(pd.DataFrame({"minutes": [LONG_PAIN_MINUTES], "label": [f"{LONG_PAIN_MINUTES} minutes"]}))
        .mark_rule(color=THRESHOLD_COLOUR, strokeDash=[6, 4], strokeWidth=1.5)
        .encode(y=alt.Y("minutes:Q"), tooltip=[alt.Tooltip("label:N", title="Line at")])
    )
    layers: list[Any] = [bar_layer, mean_layer, threshold]
    rules = change_rules([c for c in changes if _within(c.date, start, end)], x)
    if rules is not None:
        layers.append(rules)
    return alt.layer(*layers).properties(height=HEIGHT)


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
    """Morning pain against last night's sleep: a bubble per (sleep, pain) pair sized by its mornings.

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
    bubbles = counts.assign(label=[f"{s:g} {unit}" for s in counts["sleep"]])
    mean_line = pd.DataFrame(
        {
            "sleep": _column(means["sleep"]),
            "pain": _column(means["mean"].round(2)),
            "mornings": _column(means["size"]),
            "label": [f"{s:g} {unit}" for s in means["sleep"]],
        }
    )
    name = SLEEP_AXIS[column].split(" (")[0]
    x = alt.X("sleep:Q", title=SLEEP_AXIS[column], scale=alt.Scale(zero=False, nice=True))
    y = alt.Y("pain:Q", title="Morning pain (0–10)", scale=alt.Scale(domain=[0, 10]))
    bubble_layer = (
        alt.Chart(bubbles)
        .mark_circle(color=POINT_COLOUR, opacity=0.7)
        .encode(
            x=x,
            y=y,
            size=alt.Size("mornings:Q", title="Mornings", scale=alt.Scale(range=[20, 400], zero=False)),
            tooltip=[
                alt.Tooltip("label:N", title=name),
                alt.Tooltip("pain:Q", title="Morning pain"),
                alt.Tooltip("mornings:Q", title="Mornings"),
            ],
        )
    )
    line_layer = (
        alt.Chart(mean_line)
        .mark_line(color=LINE_COLOUR, strokeWidth=2, point=True)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("label:N", title=name),
                alt.Tooltip("pain:Q", title="Mean pain", format=".1f"),
                alt.Tooltip("mornings:Q", title="Mornings"),
            ],
        )
    )
    return alt.layer(bubble_layer, line_layer).properties(height=HEIGHT)


WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = [dt.date(2000, m, 1).strftime("%b") for m in range(1, 13)]


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
    scheme = "blues" if column == "sleep_quality" else "orangered"
    colour_scale = alt.Scale(scheme=scheme, domain=list(domain)) if domain else alt.Scale(scheme=scheme)
    title = OUTCOME_TITLES[column]
    if resolution == "day":
        table = pd.DataFrame(
            {
                "date": _isos(cells["date"]),
                "week": _isos(cells["week"]),
                "weekday": _column(cells["weekday"]),
                "value": _column(cells["value"]),
                "label": _column(cells["label"]),
            }
        )
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
        y = alt.Y("weekday:O", title=None, sort=WEEKDAYS)
        tooltip = [alt.Tooltip("label:N", title="Morning"), alt.Tooltip("value:Q", title=title)]
    else:
        table = pd.DataFrame(
            {
                "year": [str(int(y)) for y in cells["year"]],
                "month": [MONTHS[int(m) - 1] for m in cells["month"]],
                "value": _column(cells["value"].round(2)),
                "n": _column(cells["n"]),
                "label": _column(cells["label"]),
            }
        )
        x = alt.X("month:O", title=None, sort=MONTHS, axis=alt.Axis(labelAngle=0))
        y = alt.Y("year:O", title=None)
        tooltip = [
            alt.Tooltip("label:N", title="Month"),
            alt.Tooltip("value:Q", title=f"Mean {title}", format=".1f"),
        ]
    base = alt.Chart(table).encode(x=x, y=y, tooltip=tooltip)
    blank = base.mark_rect(color=MISSING_COLOUR, stroke="white", strokeWidth=1)
    logged = (
        base.transform_filter("isValid(datum.value)")
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(color=alt.Color("value:Q", title=title, scale=colour_scale))
    )
    return alt.layer(blank, logged)


# -- Factors ---------------------------------------------------------------------------


def forest_plot(analysis: Analysis) -> alt.LayerChart:
    """The adjusted effects with their 95 % intervals, largest first, coloured by verdict.

    A solid rule marks no difference; for morning pain, dashed rules at ±2
    points mark the change people notice. Adjusters (the painkiller) are left
    out: their "effect" is never a cause.
    """
    rows = forest_rows(analysis)
    outcome = analysis.outcome
    table = rows.assign(
        estimate=rows["estimate"].astype(float).round(2),
        ci_low=rows["ci_low"].astype(float).round(2),
        ci_high=rows["ci_high"].astype(float).round(2),
    )[["name", "estimate", "ci_low", "ci_high", "verdict", "q", "n", "sentence"]]
    unit = "minutes" if outcome == "pain_minutes" else "points"
    y = alt.Y("name:N", title=None, sort=list(table["name"]), axis=alt.Axis(labelLimit=260))
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
    base = alt.Chart(table).encode(y=y, color=colour, tooltip=tooltip)
    intervals = base.mark_rule(strokeWidth=2.5).encode(
        x=alt.X("ci_low:Q", title=x_title), x2=alt.X2("ci_high:Q")
    )
    estimates = base.mark_point(filled=True, size=70).encode(x=alt.X("estimate:Q"))
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
                legend=alt.Legend(title=None, orient="bottom", labelLimit=320),
            ),
            tooltip=[alt.Tooltip("kind:N", title="Line"), alt.Tooltip("at:Q", title="At")],
        )
    )
    return alt.layer(lines, intervals, estimates).properties(height=max(60, 26 * len(table)))


def level_chart(table: pd.DataFrame, column: str, outcome: str = "pain") -> alt.LayerChart:
    """The outcome per level (``level_summary``'s table): the middle half as a bar, the median, the mean, the days.

    Levels with fewer than 5 days are drawn pale: too few to compare.
    """
    days = table["days"].astype(int)
    data = pd.DataFrame(
        {
            "level": [str(level) for level in table["level"]],
            "days": _column(days),
            "mean": _column(table["mean"].astype(float).round(2)),
            "median": _column(table["median"].astype(float)),
            "q1": _column(table["q1"].astype(float)),
            "q3": _column(table["q3"].astype(float)),
            "enough": _column(days >= MIN_LEVEL_DAYS),
            "days_label": [f"{d} day{'s' if d != 1 else ''}" for d in days],
        }
    )
    domain = OUTCOME_DOMAINS.get(outcome)
    scale = alt.Scale(domain=list(domain)) if domain else alt.Scale(zero=True, nice=True)
    y = alt.Y("level:N", title=None, sort=list(data["level"]))
    opacity = alt.condition("datum.enough", alt.value(1.0), alt.value(0.35))
    tooltip = [
        alt.Tooltip("level:N", title="Level"),
        alt.Tooltip("days:Q", title="Days"),
        alt.Tooltip("mean:Q", title="Mean", format=".1f"),
        alt.Tooltip("median:Q", title="Median", format=".1f"),
        alt.Tooltip("q1:Q", title="Lower quarter", format=".1f"),
        alt.Tooltip("q3:Q", title="Upper quarter", format=".1f"),
    ]
    base = alt.Chart(data).encode(y=y, opacity=opacity, tooltip=tooltip)
    title = f"{OUTCOME_TITLES[outcome]}: middle half, median (|) and mean (●)"
    middle = base.mark_bar(color=POINT_COLOUR, size=16).encode(
        x=alt.X("q1:Q", title=title, scale=scale), x2="q3:Q"
    )
    median = base.mark_tick(color=LINE_COLOUR, thickness=3, size=22).encode(x="median:Q")
    mean = base.mark_point(filled=True, color="#000000", size=45).encode(x="mean:Q")
    counts = base.mark_text(align="right", dx=-4, color=CHANGE_COLOUR).encode(
        x=alt.value("width"), text="days_label:N"
    )
    return alt.layer(middle, median, mean, counts).properties(height=max(60, 34 * len(data)))


def lag_chart(table: pd.DataFrame, outcome: str = "pain") -> alt.LayerChart:
    """Exertion 1–4 days before and the last 3 days together (``lag_effects``' table), with 95 % intervals.

    Lags without an estimate (too few days) are left out; their order stays.
    """
    order = [str(label) for label in table["label"]]
    shown = table[table["estimate"].notna()]
    data = pd.DataFrame(
        {
            "label": [str(label) for label in shown["label"]],
            "estimate": _column(shown["estimate"].astype(float).round(3)),
            "ci_low": _column(shown["ci_low"].astype(float).round(3)),
            "ci_high": _column(shown["ci_high"].astype(float).round(3)),
            "n": _column(shown["n"].astype(int)),
        }
    )
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
    base = alt.Chart(data).encode(x=x, tooltip=tooltip)
    intervals = base.mark_rule(color=LINE_COLOUR, strokeWidth=2.5).encode(
        y=alt.Y("ci_low:Q", title=title), y2="ci_high:Q"
    )
    estimates = base.mark_point(filled=True, size=80, color=LINE_COLOUR).encode(y="estimate:Q")
    zero = alt.Chart(pd.DataFrame({"at": [0]})).mark_rule(color=CHANGE_COLOUR).encode(y="at:Q")
    return alt.layer(zero, intervals, estimates).properties(height=220)


BEFORE_AFTER_DAYS = 90  # days shown either side of the date


def before_after_chart(
    frame: pd.DataFrame, switch: SwitchLike, outcome: str = "pain", *, days: int = BEFORE_AFTER_DAYS
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
    before, after = getattr(switch, "before", None), getattr(switch, "after", None)
    if before is not None and lo < day:
        segments.append((_iso(lo), _iso(day - dt.timedelta(days=1)), round(before, 2), "Mean before"))
    if after is not None and hi >= day:
        segments.append((_iso(day), _iso(hi), round(after, 2), "Mean after"))
    if segments:
        levels = pd.DataFrame(segments, columns=["from", "to", "mean", "side"])
        layers.append(
            alt.Chart(levels)
            .mark_rule(color=THRESHOLD_COLOUR, strokeWidth=3)
            .encode(
                x=alt.X("from:T"),
                x2="to:T",
                y=alt.Y("mean:Q"),
                tooltip=[
                    alt.Tooltip("side:N", title="Level"),
                    alt.Tooltip("mean:Q", title="Mean", format=".1f"),
                ],
            )
        )
    marker = change_rules([Change(day, switch.what, change_label(switch.what, switch.from_, switch.to))])
    if marker is not None:
        layers.append(marker)
    return alt.layer(*layers).properties(height=200)
