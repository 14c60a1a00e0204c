"""What every chart shares: colours, the time axis, dates as strings, and the dashed rules marking changes.

Dates are ``YYYY-MM-DD`` strings on a UTC time scale, so a day stays on its
date in every time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from ...analysis import OUTCOMES, Switch
from ...wording import day_text

# Okabe–Ito colours: distinguishable with the common kinds of colour blindness.
POINT_COLOUR = "#56b4e9"
LINE_COLOUR = "#0072b2"
CHANGE_COLOUR = "#555555"
THRESHOLD_COLOUR = "#d55e00"
OVER_COLOUR = "#e69f00"
MISSING_COLOUR = "#eeeeee"
VERDICT_COLOURS = {"worse": "#d55e00", "better": "#009e73", "unclear": "#999999"}
HEIGHT = 260


def iso(day: dt.date) -> str:
    """A day as ``YYYY-MM-DD``."""
    return pd.Timestamp(day).strftime("%Y-%m-%d")


def isos(days: pd.Series | pd.Index) -> list[str]:
    """Timestamps as ``YYYY-MM-DD`` strings."""
    return list(pd.DatetimeIndex(days).strftime("%Y-%m-%d"))


def as_list(values: Any) -> list[Any]:
    """Values as a plain list (so frames built from Series and Index alike line up by position)."""
    return list(values)


def time_x(
    title: str | None = None, *, domain: tuple[dt.date, dt.date] | None = None, field: str = "date"
) -> alt.X:
    # Dates are calendar days: a UTC scale keeps "2025-05-01" on 1 May in every time zone.
    scale = alt.Scale(type="utc")
    if domain is not None:
        scale = alt.Scale(type="utc", domain=[iso(domain[0]), iso(domain[1])])
    return alt.X(f"{field}:T", title=title, scale=scale, axis=alt.Axis(format="%-d %b %Y", labelOverlap=True))


def layered(*charts: Any) -> alt.LayerChart:
    """The charts drawn on top of each other.

    ``alt.layer`` does the same but is typed as possibly faceted; no chart here has a facet encoding.
    """
    return alt.LayerChart(layer=list(charts))


def outcome_scale(outcome: str) -> alt.Scale:
    """The outcome's axis: its scale's ends (0–10, 1–5), or from zero for minutes."""
    domain = OUTCOMES[outcome].domain
    return alt.Scale(domain=list(domain)) if domain else alt.Scale(zero=True, nice=True)


def within(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def change_rules(changes: Sequence[Switch], x: alt.X | None = None) -> alt.LayerChart | None:
    """Dashed vertical rules at the changes' dates (switches, sorted by date), each labelled at the top.

    Labels go on three staggered rows so that changes a few days apart stay legible.
    """
    if not changes:
        return None
    x = x if x is not None else time_x()
    table = pd.DataFrame(
        {
            "date": [iso(c.date) for c in changes],
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
    return layered(rules, *labels)
