"""The report's pain trend chart, drawn with reportlab's own graphics: vector shapes and real PDF text.

It draws what the Trends page draws: the points, the mean line, their
labels and the resolution (a point per morning, or per week for a long
range) come from ``diary.views.trends.trend_data``, the switches from the
analysis, the colours and the switches' labels from ``diary.views.marks``.
Nothing but reportlab is loaded to draw it, it stays sharp in print, and its
words can be searched and copied like the rest of the page.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ...ranges import within
from ...wording import MONTHS, short_day_label
from ..marks import CHANGE_COLOUR, LINE_COLOUR, POINT_COLOUR, mark_label
from .page import BOLD_FONT, FONT, QUIET_TEXT_COLOUR, RULE_COLOUR, STRONG_RULE_COLOUR, drawable

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing, Group, Path

    from ...analysis import Switch
    from ..trends import TrendData

PLOT_RATIO = 210 / 720  # the plotting area's height to its width, as on the Trends page's chart
LEFT = 30.0  # room for the y axis' title and labels (points)
RIGHT = 6.0
TOP = 15.0  # the legend's row
BOTTOM = 12.0  # the date labels' row
LABEL_SIZE = 6.5
TITLE_SIZE = 7.0
LEGEND_SIZE = 7.0
MAX_DATE_TICKS = 10
DATE_LABEL_GAP = 8.0  # the least room between two date labels (points)
EPOCH = dt.date(1970, 1, 1).toordinal()

# Date tick steps from the finest: the first that leaves the labels room is used.
TICK_STEPS: tuple[tuple[str, int], ...] = (
    ("day", 1),
    ("day", 2),
    ("week", 1),
    ("week", 2),
    ("month", 1),
    ("month", 2),
    ("month", 3),
    ("month", 6),
    ("year", 1),
    ("year", 2),
    ("year", 5),
    ("year", 10),
)


@dataclass(frozen=True)
class Plot:
    """The plotting area within the drawing, and the days and values at its edges."""

    left: float
    bottom: float
    width: float
    height: float
    first: float  # the day (ordinal) at the left edge
    last: float  # the day (ordinal) at the right edge
    low: float  # the outcome's value at the bottom edge
    high: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def top(self) -> float:
        return self.bottom + self.height

    def x(self, day: float) -> float:
        return self.left + (day - self.first) / (self.last - self.first) * self.width

    def y(self, value: float) -> float:
        return self.bottom + (value - self.low) / (self.high - self.low) * self.height


def chart_height(width: float) -> float:
    """The drawing's height at ``width``: the plotting area in the Trends chart's proportions, with its margins."""
    return round((width - LEFT - RIGHT) * PLOT_RATIO + TOP + BOTTOM, 1)


def trend_drawing(
    data: TrendData, switches: Sequence[Switch], start: dt.date, end: dt.date, *, width: float
) -> Drawing:
    """Morning pain from ``start`` to ``end``: points, the mean line, dashed rules at switches, a legend.

    The x axis covers exactly ``start`` to ``end`` (a one-day range gets half
    a day either side, so its point is not drawn on the axis' edge).
    """
    from reportlab.graphics.shapes import Drawing

    from ...analysis import OUTCOMES

    outcome = OUTCOMES["pain"]
    low, high = outcome.domain or (0, 10)
    height = chart_height(width)
    first, last = float(start.toordinal()), float(end.toordinal())
    if first == last:
        first, last = first - 0.5, last + 0.5
    plot = Plot(LEFT, BOTTOM, width - LEFT - RIGHT, height - TOP - BOTTOM, first, last, low, high)
    drawing = Drawing(width, height)
    drawing.add(_value_axis(plot, outcome.title))
    drawing.add(_date_axis(plot, date_ticks(start, end, plot.width), width))
    drawing.add(_points(plot, data))
    drawing.add(_mean_line(plot, data))
    marked = sorted((s for s in switches if within(s.date, start, end)), key=lambda s: s.date)
    drawing.add(_switch_rules(plot, marked, start, end))
    drawing.add(_legend(plot, data, height))
    return drawing


# -- the axes ----------------------------------------------------------------------------


def _value_axis(plot: Plot, title: str) -> Group:
    """Light gridlines at every second point of the scale, their numbers, and the axis' title turned upright."""
    from reportlab.graphics.shapes import Group, Line, String
    from reportlab.lib import colors

    group = Group()
    for value in np.arange(plot.low, plot.high + 1e-9, 2):
        y = plot.y(float(value))
        group.add(
            Line(plot.left, y, plot.right, y, strokeColor=colors.HexColor(RULE_COLOUR), strokeWidth=0.4)
        )
        group.add(
            String(
                plot.left - 3,
                y - LABEL_SIZE * 0.35,
                f"{value:g}",
                fontName=FONT,
                fontSize=LABEL_SIZE,
                fillColor=colors.HexColor(QUIET_TEXT_COLOUR),
                textAnchor="end",
            )
        )
    upright = Group(
        String(0, 0, drawable(title), fontName=BOLD_FONT, fontSize=TITLE_SIZE, textAnchor="middle")
    )
    upright.translate(TITLE_SIZE, plot.bottom + plot.height / 2)
    upright.rotate(90)
    group.add(upright)
    return group


def date_ticks(start: dt.date, end: dt.date, room: float) -> list[tuple[dt.date, str]]:
    """A handful of dated ticks from ``start`` to ``end`` with their labels, spaced to fit ``room`` points.

    The finest step (a day, two days, a week, ... ten years) whose labels
    leave each other room; weeks begin on Mondays, months on the 1st, years on
    1 January. Labels are "9 Nov" for steps in days, "Mar" for months and
    years, with the year on the first tick and wherever the year changes; no
    two labels are the same.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    span = max((end - start).days, 1)
    ticks: list[tuple[dt.date, str]] = []
    for unit, step in TICK_STEPS:
        days = _tick_days(start, end, unit, step)
        if not days or len(days) > MAX_DATE_TICKS:
            continue
        ticks = _labelled(days, unit)
        widest = max(stringWidth(label, FONT, LABEL_SIZE) for _, label in ticks)
        spacing = room * min(((b - a).days for a, b in itertools.pairwise(days)), default=span) / span
        if spacing >= widest + DATE_LABEL_GAP:
            break
    return ticks


def _tick_days(start: dt.date, end: dt.date, unit: str, step: int) -> list[dt.date]:
    """The days from ``start`` to ``end`` on which a tick of ``step`` ``unit``s falls."""
    if unit == "day":
        return [start + dt.timedelta(days=i) for i in range(0, (end - start).days + 1, step)]
    if unit == "week":
        monday = start + dt.timedelta(days=-start.weekday() % 7)
        return [monday + dt.timedelta(days=i) for i in range(0, (end - monday).days + 1, 7 * step)]
    if unit == "month":  # the 1st of every ``step``-th month, counted from January
        months = range(start.year * 12 + start.month - 1 + (start.day > 1), end.year * 12 + end.month)
        return [dt.date(m // 12, m % 12 + 1, 1) for m in months if m % 12 % step == 0]
    years = range(start.year + (start > dt.date(start.year, 1, 1)), end.year + 1)
    return [dt.date(year, 1, 1) for year in years if year % step == 0]


def _labelled(days: Sequence[dt.date], unit: str) -> list[tuple[dt.date, str]]:
    """Each tick's label: day and month (or the month alone), the year on the first and at each new year.

    Should a label then come twice (May of two years), every label carries its year.
    """
    names = [short_day_label(day) if unit in ("day", "week") else MONTHS[day.month - 1] for day in days]
    labels = [
        name + (f" {day.year}" if i == 0 or day.year != days[i - 1].year else "")
        for i, (day, name) in enumerate(zip(days, names, strict=True))
    ]
    if len(set(labels)) < len(labels):
        labels = [f"{name} {day.year}" for day, name in zip(days, names, strict=True)]
    return list(zip(days, labels, strict=True))


def _date_axis(plot: Plot, ticks: Sequence[tuple[dt.date, str]], width: float) -> Group:
    """The time axis: its line, a light gridline, tick and label per date; a label never runs off the drawing."""
    from reportlab.graphics.shapes import Group, Line, String
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth

    grey = colors.HexColor(QUIET_TEXT_COLOUR)
    axis = colors.HexColor(STRONG_RULE_COLOUR)
    group = Group(Line(plot.left, plot.bottom, plot.right, plot.bottom, strokeColor=axis, strokeWidth=0.6))
    kept_until = -1.0  # the right end of the last label drawn
    for day, label in ticks:
        x = plot.x(float(day.toordinal()))
        group.add(
            Line(x, plot.bottom, x, plot.top, strokeColor=colors.HexColor(RULE_COLOUR), strokeWidth=0.4)
        )
        group.add(Line(x, plot.bottom, x, plot.bottom - 2.5, strokeColor=axis, strokeWidth=0.6))
        half = stringWidth(label, FONT, LABEL_SIZE) / 2
        middle = min(max(x, half + 1), width - half - 1)
        if middle - half < kept_until + DATE_LABEL_GAP / 2:
            continue  # pushed in from the edge onto its neighbour: the tick stays, the label goes
        kept_until = middle + half
        group.add(
            String(
                middle,
                plot.bottom - 3 - LABEL_SIZE,
                label,
                fontName=FONT,
                fontSize=LABEL_SIZE,
                fillColor=grey,
                textAnchor="middle",
            )
        )
    return group


# -- the data ----------------------------------------------------------------------------


def _ordinals(dates: object) -> np.ndarray:
    """Timestamps (a pandas column) as day ordinals."""
    return np.asarray(dates, dtype="datetime64[D]").astype(np.int64) + EPOCH


def _points(plot: Plot, data: TrendData) -> Path:
    """A dot per logged morning (or per week, at mid-week; a week begun before the range sits on its edge).

    The dots are one path of zero-length strokes with round caps, which PDF
    draws as filled circles: four numbers a dot, where circles of Bézier arcs
    take twenty-six, and reportlab formats each number in Python.
    """
    from reportlab.graphics.shapes import Path
    from reportlab.lib import colors

    days = np.clip(_ordinals(data.points["date"]), plot.first, plot.last)
    values = data.points["value"].to_numpy(dtype=float)
    points: list[float] = []
    for day, value in zip(days, values, strict=True):
        x, y = round(plot.x(float(day)), 2), round(plot.y(float(value)), 2)
        points += [x, y, x, y]  # x y moveto, x y lineto: one dot
    return Path(
        points=points,
        operators=[0, 1] * len(values),
        strokeColor=colors.HexColor(POINT_COLOUR),
        strokeOpacity=0.8,
        strokeWidth=3.6 if data.resolution == "day" else 4.0,  # the dot's diameter
        strokeLineCap=1,
        fillColor=None,
    )


def _mean_line(plot: Plot, data: TrendData) -> Group:
    """The rolling mean as a line, broken wherever it is missing (nothing logged in its window)."""
    from reportlab.graphics.shapes import Group, PolyLine
    from reportlab.lib import colors

    days = _ordinals(data.line["date"])
    means = data.line["mean"].to_numpy(dtype=float)
    group = Group()
    run: list[float] = []
    for day, mean in [*zip(days, means, strict=True), (0, float("nan"))]:
        if np.isnan(mean):
            if len(run) >= 4:  # two points or more: a lone mean between gaps has no line to draw
                group.add(
                    PolyLine(
                        run,
                        strokeColor=colors.HexColor(LINE_COLOUR),
                        strokeWidth=1.6,
                        strokeLineJoin=1,
                        strokeLineCap=1,
                    )
                )
            run = []
            continue
        run += [plot.x(float(day)), plot.y(float(mean))]
    return group


# -- switches and the legend -------------------------------------------------------------


LABEL_ROWS = 3
"""Rows of switch labels at the top of the chart, as on the Trends page."""

SWITCH_LABEL_GAP = 4.0
"""Points kept free between two switch labels on one row."""


LABEL_SHARE = 0.4
"""The widest a switch label may be, as a share of the plotting area's width: a long mattress name is cut."""

SHORT_LABEL_WIDTHS = (90.0, 45.0)
"""Narrower spellings of the new mattress' name (points), tried where the wider ones find no room."""

ELLIPSIS = "…"


def label_rows(
    extents: Sequence[Sequence[tuple[float, float]]], rows: int = LABEL_ROWS
) -> list[tuple[int, int] | None]:
    """For each label, in order, (which of its spellings, which row): the first spelling that fits a row.

    ``extents`` holds, per label, the left and right edge of each of its
    spellings, longest first. A spelling fits a row when it keeps
    ``SWITCH_LABEL_GAP`` from every label placed on that row. When none fits,
    the label is left out (None): its dashed rule is drawn all the same.
    """
    placed: list[list[tuple[float, float]]] = [[] for _ in range(rows)]

    def fits(row: int, left: float, right: float) -> bool:
        """Whether a label from ``left`` to ``right`` keeps its gap from every label on ``row``."""
        return all(right + SWITCH_LABEL_GAP <= a or b + SWITCH_LABEL_GAP <= left for a, b in placed[row])

    chosen: list[tuple[int, int] | None] = []
    for spellings in extents:
        found = next(
            (
                (i, row)
                for i, (left, right) in enumerate(spellings)
                for row in range(rows)
                if fits(row, left, right)
            ),
            None,
        )
        if found is not None:
            placed[found[1]].append(spellings[found[0]])
        chosen.append(found)
    return chosen


def cut_to(text: str, room: float) -> str:
    """``text`` as it fits ``room`` points at the labels' size: whole, or cut with an ellipsis ("Memory foam…");
    '' when not even three of its letters would fit."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, FONT, LABEL_SIZE) <= room:
        return text
    for end in range(len(text) - 1, 2, -1):
        cut = text[:end].rstrip() + ELLIPSIS
        if stringWidth(cut, FONT, LABEL_SIZE) <= room:
            return cut
    return ""


def label_spellings(switch: Switch, widest: float) -> list[str]:
    """A switch's label, longest first: "Old mattress → Foam 2025" where it is at most ``widest`` points,
    then the new mattress' name ("Foam 2025"), cut to fit ``widest`` and the ``SHORT_LABEL_WIDTHS``."""
    full = drawable(mark_label(switch))
    spellings = [full] if cut_to(full, widest) == full else []
    if switch.to:
        name = drawable(switch.to)
        spellings += [cut_to(name, room) for room in (widest, *SHORT_LABEL_WIDTHS)]
    return [label for label in dict.fromkeys(spellings) if label]


def _switch_rules(plot: Plot, switches: Sequence[Switch], start: dt.date, end: dt.date) -> Group:
    """A dashed rule at each switch, labelled at the top on three rows (as on the Trends page).

    A switch in the later half of the range has its label to the left of its
    rule, so that the label stays inside the plotting area. Each label takes
    the first row where it clears the others; where "Old mattress → Foam 2025"
    fits on no row (switches close together on a long range), "Foam 2025"
    does, or "Foam…"; where nothing fits, the rule goes unlabelled.
    """
    from reportlab.graphics.shapes import Group, Line, Rect, String
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth

    middle = start + (end - start) / 2
    group = Group()
    spellings: list[list[str]] = []
    extents: list[list[tuple[float, float]]] = []
    for switch in switches:
        x = plot.x(float(switch.date.toordinal()))
        group.add(
            Line(
                x,
                plot.bottom,
                x,
                plot.top,
                strokeColor=colors.HexColor(CHANGE_COLOUR),
                strokeWidth=0.9,
                strokeDashArray=[3, 2],
            )
        )
        labels = label_spellings(switch, plot.width * LABEL_SHARE)
        spellings.append(labels)
        extents.append([])
        for label in labels:
            size = stringWidth(label, FONT, LABEL_SIZE)
            left = x - 3 - size if switch.date > middle else x + 3
            left = min(max(left, plot.left + 1), plot.right - 1 - size)  # its backing inside the plot
            extents[-1].append((left, left + size))
    for labels, spans, found in zip(spellings, extents, label_rows(extents), strict=True):
        if found is None:
            continue
        label, (left, right) = labels[found[0]], spans[found[0]]
        baseline = plot.top - LABEL_SIZE - 1.5 - (LABEL_SIZE + 2) * found[1]
        # A white backing keeps the words legible over the points and the line.
        group.add(
            Rect(
                left - 1,
                baseline - 1.6,
                right - left + 2,
                LABEL_SIZE + 1.8,
                fillColor=colors.white,
                fillOpacity=0.8,
                strokeColor=None,
            )
        )
        group.add(String(left, baseline, label, fontName=FONT, fontSize=LABEL_SIZE))
    return group


def _legend(plot: Plot, data: TrendData, height: float) -> Group:
    """What the dots and the line are ("Each morning", "7-day mean"; weekly words for long ranges), above the plot."""
    from reportlab.graphics.shapes import Circle, Group, Line, String
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth

    baseline = height - LEGEND_SIZE - 2
    middle = baseline + LEGEND_SIZE * 0.35
    x = plot.left
    group = Group(Circle(x + 2.5, middle, 2.4, fillColor=colors.HexColor(POINT_COLOUR), strokeColor=None))
    group.add(String(x + 7, baseline, data.point_label, fontName=FONT, fontSize=LEGEND_SIZE))
    x += 7 + stringWidth(data.point_label, FONT, LEGEND_SIZE) + 12
    group.add(
        Line(
            x,
            middle,
            x + 12,
            middle,
            strokeColor=colors.HexColor(LINE_COLOUR),
            strokeWidth=1.6,
            strokeLineCap=1,
        )
    )
    group.add(String(x + 16, baseline, data.line_label, fontName=FONT, fontSize=LEGEND_SIZE))
    return group
