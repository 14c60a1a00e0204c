"""What every chart shares: the time axis, dates as strings, and the dashed rules marking changes.

Dates are ``YYYY-MM-DD`` strings on a UTC time scale, so a day stays on its
date in every time zone. The colours and change labels, shared with the
report's chart, are in ``diary.views.marks``; the pieces of a Vega-Lite spec
in ``diary.views.vegalite``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from ...analysis import OUTCOMES, Switch
from ...wording import CHART_DAY_FORMAT, day_label
from ..marks import CHANGE_COLOUR, TEXT_COLOUR, mark_label
from ..vegalite import Spec, channel, layered, records, tip, unit

HEIGHT = 260
LEGEND_LABEL_LIMIT = 260
"""Pixels a legend label (or title) may take before it is cut with "…" (a tooltip or the caption names it in
full). Such a legend goes under the chart, one item a line: on a phone (a chart about 330 px wide) two side
by side ran past its edge."""


def legend_below() -> dict[str, object]:
    """A legend under the chart, one item a line, cut at ``LEGEND_LABEL_LIMIT``: it fits a phone."""
    return {
        "orient": "bottom",
        "direction": "vertical",
        "labelLimit": LEGEND_LABEL_LIMIT,
        "titleLimit": LEGEND_LABEL_LIMIT,
    }


DAY_MS = 86_400_000


def iso(day: dt.date) -> str:
    """A day as ``YYYY-MM-DD``."""
    return pd.Timestamp(day).strftime("%Y-%m-%d")


def isos(days: pd.Series | pd.Index) -> list[str]:
    """Timestamps as ``YYYY-MM-DD`` strings."""
    return list(pd.DatetimeIndex(days).strftime("%Y-%m-%d"))


def moment(day: dt.date, offset: dt.timedelta) -> dict[str, int | bool]:
    """A time ``offset`` from midnight UTC of ``day``, as a Vega-Lite date-time object (as ``day_ticks`` gives)."""
    at = dt.datetime.combine(day, dt.time()) + offset
    return {"year": at.year, "month": at.month, "date": at.day, "hours": at.hour, "utc": True}


HALF_DAY = pd.Timedelta(hours=12)


def centred_bars(days: pd.Series) -> dict[str, list[str]]:
    """A bar per day centred on its day's tick (where its dot or mean is drawn): from noon before to noon after."""
    starts = pd.DatetimeIndex(days) - HALF_DAY
    stamp = "%Y-%m-%dT%H:%M:%SZ"  # Z: a time without a zone would be read on the browser's clock
    return {"from": list(starts.strftime(stamp)), "to": list((starts + 2 * HALF_DAY).strftime(stamp))}


DOT_ROOM = 8
"""Pixels of room at each end of a time axis with dots: one on the first or last day is drawn whole."""
DAY_TICKS_UP_TO = 31  # days: a span this short gets a tick on each day (the axis drops labels that overlap)


def day_ticks(span: tuple[dt.date, dt.date]) -> list[dict[str, int | bool]] | None:
    """A tick at midnight UTC of each day of a short span (as Vega-Lite date-time objects), else None.

    Left to itself, Vega puts ticks every few hours on a span of a few days, and
    a day-month-year label then repeats one date under each of them. (Ticks
    given as milliseconds are dropped by the dashboard's chart element; date-time
    objects are drawn both there and in the report.)
    """
    first, last = span
    if (last - first).days > DAY_TICKS_UP_TO:
        return None
    days = [first + dt.timedelta(days=i) for i in range(max(0, (last - first).days) + 1)]
    return [{"year": d.year, "month": d.month, "date": d.day, "utc": True} for d in days]


def time_x(
    title: str | None = None,
    *,
    domain: tuple[dt.date, dt.date] | None = None,
    field: str = "date",
    span: tuple[dt.date, dt.date] | None = None,
    centred: bool = False,
    padding: int | None = None,
) -> Spec:
    """The time axis: calendar days on a UTC scale, over ``domain`` (else the data's), ticks on whole days.

    ``span``: the days shown when the domain is left to the data, so that a short
    span still gets one tick per day. ``centred``: the domain runs from the noon
    before its first day to the noon after its last, so that a bar centred on each
    day's tick (``centred_bars``) is seen whole. ``padding``: pixels of room at
    each end, so that a dot on the first or last day is drawn whole.
    """
    # Dates are calendar days: a UTC scale keeps "2025-05-01" on 1 May in every time zone.
    scale: Spec = {"type": "utc"}
    if domain is not None and centred:
        half = HALF_DAY.to_pytimedelta()
        scale["domain"] = [moment(domain[0], -half), moment(domain[1], half)]
    elif domain is not None:
        scale["domain"] = [iso(domain[0]), iso(domain[1])]
    if padding is not None:
        scale["padding"] = padding
    days = domain or span
    ticks = day_ticks(days) if days is not None else None
    # Labels at the ends sit flush inside the axis; one that would still run past it is left out.
    axis: Spec = {
        "format": CHART_DAY_FORMAT,
        "labelOverlap": True,
        "labelFlush": True,
        "labelBound": True,
    }
    if ticks is not None:
        axis["values"] = ticks
    else:
        axis["tickMinStep"] = DAY_MS
    return channel(f"{field}:T", title=title, scale=scale, axis=axis)


def outcome_scale(outcome: str) -> Spec:
    """The outcome's axis: its scale's ends (0–10, 1–5), or from zero for minutes."""
    domain = OUTCOMES[outcome].domain
    return {"domain": list(domain)} if domain else {"zero": True, "nice": True}


def change_rules(
    changes: Sequence[Switch], x: Spec | None = None, *, span: tuple[dt.date, dt.date] | None = None
) -> Spec | None:
    """Dashed vertical rules at the changes' dates (switches, sorted by date), each labelled at the top.

    Labels go on three staggered rows so that changes a few days apart stay
    legible. A change in the later half of ``span`` (the days the chart shows)
    has its label to the left of its rule, so that it is not cut off at the
    chart's right edge.
    """
    if not changes:
        return None
    x = x if x is not None else time_x()
    middle = span[0] + (span[1] - span[0]) / 2 if span is not None else None
    rows = [i % 3 for i in range(len(changes))]
    sides = ["right" if middle is not None and c.date > middle else "left" for c in changes]
    table = records(
        date=[iso(c.date) for c in changes],
        label=[c.label for c in changes],
        mark=[mark_label(c) for c in changes],
        what=[c.what for c in changes],
        day=[day_label(c.date) for c in changes],
        row=rows,
        side=sides,
    )
    tooltip = [tip("label:N", title="Change"), tip("day:N", title="From")]
    rules = unit(
        table,
        {"type": "rule", "color": CHANGE_COLOUR, "strokeDash": [4, 3], "strokeWidth": 1.5},
        {"x": x, "tooltip": tooltip},
    )
    labels = [
        unit(
            table,
            {
                "type": "text",
                "align": side,
                "baseline": "top",
                "dx": 4 if side == "left" else -4,
                "fontSize": 11,
                "color": TEXT_COLOUR,
            },
            {"x": x, "tooltip": tooltip, "y": {"value": 2 + 14 * row}, "text": channel("mark:N")},
            transform=[{"filter": f"datum.row == {row} && datum.side == '{side}'"}],
        )
        for row, side in sorted(set(zip(rows, sides, strict=True)))
    ]
    return layered(rules, *labels)
