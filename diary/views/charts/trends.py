"""The Trends page's charts: pain over time, its duration, sleep, the calendar.

Pure functions from the entries DataFrame to a Vega-Lite spec. Data go in
already aggregated — a long range is drawn as weekly means, so the browser
never receives thousands of raw days.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Literal

import pandas as pd

from ...analysis import LONG_PAIN_MINUTES, OUTCOMES, Switch
from ...entry.fields import SLEEP_EFFICIENCY, TOTAL_SLEEP
from ...ranges import in_range, within
from ...wording import (
    CHART_MONTH_FORMAT,
    CHART_SHORT_DAY_FORMAT,
    MONTHS,
    NOT_LOGGED,
    WEEKDAYS,
    day_labels,
    from_to,
)
from ..marks import LINE_COLOUR, MISSING_COLOUR, OVER_COLOUR, POINT_COLOUR, THRESHOLD_COLOUR
from ..trends import trend_data
from ..trends_calendar import calendar_cells
from ..vegalite import Spec, channel, layered, records, tip, unit
from .common import HEIGHT, centred_bars, change_rules, isos, outcome_scale, time_x


def shown_span(
    dates: pd.Series, start: dt.date | None, end: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    """The days a time axis covers: ``start``–``end`` where given, else the first and last of ``dates``."""
    days = pd.to_datetime(dates)
    if start is None and days.empty:
        return None
    first = start if start is not None else days.min().date()
    last = end if end is not None else (days.max().date() if not days.empty else first)
    return first, max(first, last)


def pain_trend_chart(
    frame: pd.DataFrame,
    switches: Sequence[Switch] = (),
    *,
    outcome: str = "pain",
    start: dt.date | None = None,
    end: dt.date | None = None,
    changes: Sequence[Switch] = (),
) -> Spec:
    """Morning pain (or another outcome) per day with its 7-day mean, and switches as labelled rules.

    Up to ``LONG_RANGE_DAYS`` days in view: a point per logged morning and the
    mean of the days logged in the 7 calendar days up to each day (a week
    without entries breaks the line). Longer: a point per week (the mean of
    the days logged that week) and a 4-week mean. ``switches`` and ``changes``
    (both ``Switch``, e.g. the analysis' and ``find_switches``') are drawn as
    dashed rules with their label.
    """
    data = trend_data(frame, outcome, start, end)
    points = records(
        date=isos(data.points["date"]),
        value=data.points["value"].round(2),
        n=data.points["n"],
        label=data.points["label"],
        series=[data.point_label] * len(data.points),
    )
    line = records(
        date=isos(data.line["date"]),
        value=data.line["mean"].round(2),
        label=day_labels(data.line["date"]),
        series=[data.line_label] * len(data.line),
    )
    colour = channel(
        "series:N",
        scale={"domain": [data.point_label, data.line_label], "range": [POINT_COLOUR, LINE_COLOUR]},
        legend={"title": None, "orient": "top"},
    )
    y = channel("value:Q", title=OUTCOMES[outcome].title, scale=outcome_scale(outcome))
    span = shown_span(data.points["date"], start, end)
    x = time_x(None, domain=(start, end) if start is not None and end is not None else None, span=span)
    # Outlined in the mean's colour: the light fill alone is under 3:1 on white, too faint to find a day by.
    dots = unit(
        points,
        {"type": "circle", "size": 40 if data.resolution == "day" else 50, "opacity": 0.85}
        | {"stroke": LINE_COLOUR, "strokeWidth": 1},
        {
            "x": x,
            "y": y,
            "color": colour,
            "tooltip": [
                tip("label:N", title="Week" if data.resolution == "week" else "Morning"),
                tip("value:Q", title=data.point_label, format=".1f"),
            ],
        },
    )
    mean = unit(
        line,
        {"type": "line", "strokeWidth": 2.5, "interpolate": "monotone"},
        {
            "x": x,
            "y": y,
            "color": colour,
            "tooltip": [tip("label:N", title="Up to"), tip("value:Q", title=data.line_label, format=".1f")],
        },
    )
    layers: list[Spec] = [dots, mean]
    marks = [c for c in [*switches, *changes] if within(c.date, start, end)]
    rules = change_rules(sorted(marks, key=lambda c: c.date), x, span=span)
    if rules is not None:
        layers.append(rules)
    return layered(*layers, height=HEIGHT)


Days = tuple[dt.date, dt.date]


def _bars_placed(
    dates: pd.Series, daily: bool, start: dt.date | None, end: dt.date | None
) -> tuple[dict[str, list[str]], Days | None, Days | None]:
    """Where each bar runs ("from", "to"), the axis' domain and the days it spans.

    A day's bar is centred on its day's tick, where the mean is drawn; a week's
    spans its Monday to Sunday (its point sits mid-week), the domain widened to
    hold every week whole.
    """
    if daily:
        domain = (start, end) if start is not None and end is not None else None
        return centred_bars(dates), domain, domain or shown_span(dates, start, end)
    starts = pd.to_datetime(dates) - pd.Timedelta(days=3)
    ends = starts + pd.Timedelta(days=7)
    domain = None
    if start is not None and end is not None:
        domain = (
            min([start, *(ts.date() for ts in starts)]),
            max([end + dt.timedelta(days=1), *(ts.date() for ts in ends)]),
        )
    return {"from": isos(starts), "to": isos(ends)}, domain, domain or shown_span(starts, start, end)


def pain_minutes_chart(
    frame: pd.DataFrame,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    changes: Sequence[Switch] = (),
) -> Spec:
    """Minutes of pain after getting up: a bar per morning (per week for long ranges) and the 30-minute line.

    Bars over 30 minutes stand out in a second colour; the 7-day (or 4-week)
    mean runs through them.
    """
    data = trend_data(frame, "pain_minutes", start, end)
    whose = "" if data.resolution == "day" else "Week's mean "
    over_label = f"{whose}over {LONG_PAIN_MINUTES} minutes".capitalize()
    under_label = f"{whose}{LONG_PAIN_MINUTES} minutes or less".capitalize()
    line_at = f"Line at {LONG_PAIN_MINUTES} minutes"
    daily = data.resolution == "day"
    placed, domain, span = _bars_placed(data.points["date"], daily, start, end)
    bars = records(
        **placed,
        value=data.points["value"].round(1),
        label=data.points["label"],
        band=[over_label if v > LONG_PAIN_MINUTES else under_label for v in data.points["value"]],
    )
    line = records(
        date=isos(data.line["date"]), value=data.line["mean"].round(1), label=day_labels(data.line["date"])
    )
    x = time_x(None, domain=domain, span=span, centred=daily)
    y = channel("value:Q", title=OUTCOMES["pain_minutes"].title, scale={"zero": True, "nice": True})
    bar_layer = unit(
        bars,
        {"type": "bar", "opacity": 0.85, "stroke": "white", "strokeWidth": 0.3},
        {
            "x": time_x(None, domain=domain, field="from", span=span, centred=daily),
            "x2": {"field": "to"},
            "y": y,
            # A bar from 0: with a ranged x, Vega-Lite would otherwise draw a box at the value.
            "y2": {"datum": 0},
            # One legend for every layer: the bars' two colours, the mean and the 30-minute line.
            "color": channel(
                "band:N",
                scale={
                    "domain": [over_label, under_label, data.line_label, line_at],
                    "range": [OVER_COLOUR, POINT_COLOUR, LINE_COLOUR, THRESHOLD_COLOUR],
                },
                legend={"title": None, "orient": "top", "columns": 2},
            ),
            "tooltip": [
                tip("label:N", title="Week" if data.resolution == "week" else "Morning"),
                tip("value:Q", title=f"{data.point_label} (minutes)", format=".0f"),
            ],
        },
    )
    mean_layer = unit(
        line,
        {"type": "line", "strokeWidth": 2, "interpolate": "monotone"},
        {
            "x": x,
            "y": y,
            "color": {"datum": data.line_label},
            "tooltip": [tip("label:N", title="Up to"), tip("value:Q", title=data.line_label, format=".0f")],
        },
    )
    threshold = unit(
        records(minutes=[LONG_PAIN_MINUTES], label=[f"{LONG_PAIN_MINUTES} minutes"]),
        {"type": "rule", "strokeDash": [6, 4], "strokeWidth": 1.5},
        {
            "y": channel("minutes:Q"),
            "color": {"datum": line_at},
            "tooltip": [tip("label:N", title="Line at")],
        },
    )
    layers: list[Spec] = [bar_layer, mean_layer, threshold]
    rules = change_rules([c for c in changes if within(c.date, start, end)], x, span=span)
    if rules is not None:
        layers.append(rules)
    return layered(*layers, height=HEIGHT)


SLEEP_BINS = {"sleep_hours": 0.5, "sleep_efficiency": 2.5}
SLEEP_AXIS = {
    "sleep_hours": f"{TOTAL_SLEEP} (hours)",
    "sleep_efficiency": f"{SLEEP_EFFICIENCY} (% of time in bed asleep)",
}
MIN_BIN_NIGHTS = 3  # a bin with fewer nights gets no point on the mean line
BUBBLE_AREA_PX = 400  # the largest bubble's area, in square pixels
BUBBLE_ROOM_PX = round((BUBBLE_AREA_PX / math.pi) ** 0.5) + 1  # its radius, and a pixel to spare


def sleep_bins(
    frame: pd.DataFrame,
    column: str = "sleep_hours",
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A sleep chart's bubbles (``sleep``, ``pain``, ``mornings``) and its line of mean pain per bin (``sleep``,
    ``mean``, ``size``): only bins with ``MIN_BIN_NIGHTS`` nights or more, so it may have no point at all."""
    step = SLEEP_BINS[column]
    data = in_range(frame, start, end)[[column, "pain"]].dropna().astype(float)
    binned = pd.DataFrame({"sleep": (data[column] / step).round() * step, "pain": data["pain"]})
    counts = binned.groupby(["sleep", "pain"]).size().reset_index(name="mornings")
    means = binned.groupby("sleep")["pain"].agg(["mean", "size"]).reset_index()
    return counts, means[means["size"] >= MIN_BIN_NIGHTS]


def sleep_chart(
    frame: pd.DataFrame,
    column: str = "sleep_hours",
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    bins: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> Spec:
    """Morning pain against last night's sleep: a bubble per (sleep, pain) pair sized by its mornings.

    Sleep is binned (half hours, 2.5 % of efficiency) so a long diary is a few
    hundred bubbles at most; a line joins the mean pain of each bin with at
    least ``MIN_BIN_NIGHTS`` nights. ``bins``: ``sleep_bins`` of the same, when already found.
    """
    step = SLEEP_BINS[column]
    counts, means = bins if bins is not None else sleep_bins(frame, column, start=start, end=end)
    sign = "h" if column == "sleep_hours" else "%"
    bubbles = records(
        sleep=counts["sleep"],
        pain=counts["pain"],
        mornings=counts["mornings"],
        label=[f"{s:g} {sign}" for s in counts["sleep"]],
    )
    mean_line = records(
        sleep=means["sleep"],
        pain=means["mean"].round(2),
        mornings=means["size"],
        label=[f"{s:g} {sign}" for s in means["sleep"]],
    )
    name = SLEEP_AXIS[column].split(" (")[0]
    scale: dict[str, object] = {"zero": False, "nice": True}
    if counts["sleep"].nunique() == 1:  # every night alike: a span around it, not a one-value axis
        middle = float(counts["sleep"].iloc[0])
        top = middle + 4 * step if sign == "h" else min(100.0, middle + 4 * step)
        scale["domain"] = [middle - 4 * step, top]
    # Whole percents for efficiency, hours with their half ("7.5", "10"): fixed-point, for Vega gives a "g"
    # format the tick step's precision, and 10 h on an axis stepping by hours came out as "1e+1".
    x = channel(
        "sleep:Q", title=SLEEP_AXIS[column], scale=scale, axis={"format": "~f" if sign == "h" else "d"}
    )
    # The axis' room widened by the largest bubble's radius, so a bubble at 0 or 10 is drawn whole.
    y_scale = outcome_scale("pain") | {"padding": BUBBLE_ROOM_PX, "nice": False}
    y = channel("pain:Q", title=OUTCOMES["pain"].title, scale=y_scale)
    bubble_layer = unit(
        bubbles,
        {"type": "circle", "color": POINT_COLOUR, "opacity": 0.7},
        {
            "x": x,
            "y": y,
            "size": channel(
                "mornings:Q",
                title="Mornings",
                scale={"range": [20, BUBBLE_AREA_PX], "zero": False},
                legend={"format": "d", "tickMinStep": 1},  # whole mornings
            ),
            "tooltip": [
                tip("label:N", title=name),
                tip("pain:Q", title=OUTCOMES["pain"].noun),
                tip("mornings:Q", title="Mornings"),
            ],
        },
    )
    line_layer = unit(
        mean_line,
        {"type": "line", "color": LINE_COLOUR, "strokeWidth": 2, "point": True},
        {
            "x": x,
            "y": y,
            "tooltip": [
                tip("label:N", title=name),
                tip("pain:Q", title="Mean pain", format=".1f"),
                tip("mornings:Q", title="Mornings"),
            ],
        },
    )
    return layered(bubble_layer, line_layer, height=HEIGHT)


def _week_axis(weeks: pd.DatetimeIndex) -> Spec:
    """The calendar's weeks across: a month's name under the week it begins in, and the first week's own
    date, so a calendar of a few days, none of them in a month's first week, still says when it is."""
    first = weeks.min().date().isoformat() if len(weeks) else ""
    return channel(
        "week:O",
        title=None,
        axis={
            "description": f"Weeks from {from_to(weeks.min(), weeks.max())}" if len(weeks) else "Weeks",
            "labelAngle": 0,
            "labelExpr": (
                f"utcdate(toDate(datum.value)) <= 7 ? utcFormat(toDate(datum.value), '{CHART_MONTH_FORMAT}') : "
                f"datum.value === '{first}' ? utcFormat(toDate(datum.value), '{CHART_SHORT_DAY_FORMAT}') : ''"
            ),
            "ticks": False,
            "domain": False,
        },
    )


def calendar_heatmap(
    frame: pd.DataFrame,
    column: str = "pain",
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Spec:
    """A calendar of the outcome: weeks across, weekdays down, a grey cell for a day not logged.

    For ranges longer than ``LONG_RANGE_DAYS`` the cells are months (across)
    by years (down), coloured by the mean of the days logged.
    """
    resolution, cells = calendar_cells(frame, column, start, end)
    domain = OUTCOMES[column].domain
    scheme: Literal["orangered", "blues"] = "orangered" if OUTCOMES[column].higher_is_worse else "blues"
    colour_scale: Spec = {"scheme": scheme, "domain": list(domain)} if domain else {"scheme": scheme}
    title = OUTCOMES[column].title
    if resolution == "day":
        table = records(
            date=isos(cells["date"]),
            week=isos(cells["week"]),
            weekday=cells["weekday"],
            value=cells["value"],
            label=cells["label"],
            # What a screen reader says of a cell (else Vega reads out every encoded field, ISO weeks and all).
            said=[
                f"{label}: {title} {value:g}" if pd.notna(value) else f"{label}: {NOT_LOGGED}"
                for label, value in zip(cells["label"], cells["value"], strict=True)
            ],
        )
        x = _week_axis(pd.DatetimeIndex(cells["week"]))
        y = channel("weekday:O", title=None, sort=list(WEEKDAYS))
        tooltip = [tip("label:N", title="Morning"), tip("value:Q", title=title)]
        described: Spec = {"description": channel("said:N")}
    else:
        table = records(
            year=[str(int(y)) for y in cells["year"]],
            month=[MONTHS[int(m) - 1] for m in cells["month"]],
            value=cells["value"].round(2),
            n=cells["n"],
            label=cells["label"],
        )
        x = channel("month:O", title=None, sort=list(MONTHS), axis={"labelAngle": 0})
        y = channel("year:O", title=None)
        tooltip = [tip("label:N", title="Month"), tip("value:Q", title=f"Mean {title}", format=".1f")]
        described = {}
    encoding = {"x": x, "y": y, "tooltip": tooltip} | described
    blank = unit(
        table, {"type": "rect", "color": MISSING_COLOUR, "stroke": "white", "strokeWidth": 1}, encoding
    )
    logged = unit(
        table,
        {"type": "rect", "stroke": "white", "strokeWidth": 1},
        # A horizontal legend above: a few logged days make a short chart, which a
        # standing gradient beside it would run out of (its last number cut off on a phone).
        encoding
        | {
            "color": channel(
                "value:Q",
                title=title,
                scale=colour_scale,
                legend={"orient": "top", "direction": "horizontal", "gradientLength": 160},
            )
        },
        transform=[{"filter": "isValid(datum.value)"}],
    )
    return layered(blank, logged)
