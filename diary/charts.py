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

from .trends import (
    OUTCOME_DOMAINS,
    OUTCOME_TITLES,
    Change,
    SwitchLike,
    changes_from,
    day_text,
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


def _time_x(title: str | None = None, *, domain: tuple[dt.date, dt.date] | None = None) -> alt.X:
    # Dates are calendar days: a UTC scale keeps "2025-05-01" on 1 May in every time zone.
    scale = alt.Scale(type="utc")
    if domain is not None:
        scale = alt.Scale(type="utc", domain=[_iso(domain[0]), _iso(domain[1])])
    return alt.X("date:T", title=title, scale=scale, axis=alt.Axis(format="%-d %b %Y", labelOverlap=True))


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
