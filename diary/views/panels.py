"""The Trends and Factors pages' panels: each chart as a Vega-Lite spec, with the one line under it.

Plain functions of the entries DataFrame (and the analysis), so they are
tested without Streamlit; the pages cache what they return per diary version
and draw it. A chart that would have too little to draw is not built: its
panel holds ``None`` and the takeaway saying why.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, partial

import pandas as pd

from ..analysis import (
    LONG_PAIN_MINUTES,
    MIN_DAYS,
    Analysis,
    Switch,
    before_after,
    find_switches,
    lag_table,
    level_summary,
)
from ..analysis.registry import LEVEL_COLUMNS, OUTCOMES
from ..ranges import in_range, within
from . import charts
from . import trends_words as words
from .factors import forest_takeaway, lag_takeaway, levels_takeaway
from .factors_words import averages_note
from .marks import TEXT_COLOUR
from .trends import (
    LONG_RANGE_MONTHS,
    LONG_WINDOW_DAYS,
    MEAN_WINDOW_DAYS,
    Takeaway,
    minutes_takeaway,
    resolution_for,
    sleep_takeaway,
    trend_takeaway,
)
from .trends_calendar import calendar_takeaway
from .vegalite import SCHEMA, Spec

Panel = tuple[Spec | None, Takeaway]
"""A chart's Vega-Lite spec (None when there is too little to draw) and the line under it."""

SLEEP_COLUMNS = ("sleep_hours", "sleep_efficiency")


WORDS_IN_TEXT_COLOUR: Spec = {
    "axis": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR},
    "legend": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR},
    "title": {"color": TEXT_COLOUR, "subtitleColor": TEXT_COLOUR},
    "header": {"labelColor": TEXT_COLOUR, "titleColor": TEXT_COLOUR},
}
"""Axis, legend and title words in the page's own text colour, in either theme: the chart theme's grey reads at
3.7:1 on the light page, under the 4.5:1 small text needs."""


def spec(chart: Spec) -> Spec:
    """A chart's spec as the page draws it: filling the page's width at the chart's own height, its words in the
    page's text colour (``WORDS_IN_TEXT_COLOUR``)."""
    # Fill the page's width, but keep the chart's own height for the plot itself:
    # Streamlit's default ("fit") squeezes axes and legends into that height, which
    # crushes charts with a row per level or per factor.
    return {
        "$schema": SCHEMA,
        **chart,
        "autosize": chart.get("autosize", {"type": "fit-x", "contains": "padding"}),
        "config": WORDS_IN_TEXT_COLOUR | chart.get("config", {}),
    }


def panel(takeaway: Takeaway, build: Callable[[], Spec], note: Callable[[], str] | None = None) -> Panel:
    """The chart ``build`` makes, built only when the takeaway says there is enough to draw.

    ``note`` gives the small print under the chart (``Takeaway.note``): asked for only when it is drawn.
    """
    if not takeaway.enough:
        return None, takeaway
    return spec(build()), replace(takeaway, note=note()) if note is not None else takeaway


# -- Trends ---------------------------------------------------------------------------------


TREND_VIEWS: dict[str, tuple[str, ...]] = {
    "pain": ("pain",),
    "pain_minutes": ("pain_minutes",),
    "sleep": SLEEP_COLUMNS,
    "calendar": ("calendar",),
}
"""The Trends page's views (it shows one at a time) and the panels each one draws, in the page's order."""


def trend_panels(
    frame: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    changes: Sequence[Switch] | None = None,
    *,
    view: str | None = None,
) -> dict[str, Panel]:
    """The Trends page's charts for ``start``–``end``: pain, pain_minutes, sleep_hours, sleep_efficiency, calendar.

    ``changes``: the switches to mark (``find_switches`` of the whole diary when
    not given). ``view``: only the panels of that view of ``TREND_VIEWS`` (the
    page draws one view at a time); every panel when None. Each drawn chart's
    takeaway carries its note (``view_notes``), saying only what it draws.
    """
    if view is not None and view not in TREND_VIEWS:
        raise ValueError(f"view must be one of {', '.join(TREND_VIEWS)}, not {view!r}")

    @cache
    def marks() -> list[Switch]:  # found only if a chart of this view marks them
        return find_switches(frame) if changes is None else list(changes)

    def marked(note: str) -> str:  # a note, and what the dashed rules of the changes in range are
        drawn = Counter(c.what for c in marks() if within(c.date, start, end))
        return " ".join(text for text in (note, words.changes_note(drawn)) if text)

    # Only the range and the weeks its rolling means look back on: a month of a long diary costs a month.
    data = in_range(frame, start - dt.timedelta(days=LONG_WINDOW_DAYS), end)
    weekly = resolution_for(start, end) == "week"
    builders: dict[str, Callable[[], dict[str, Panel]]] = {
        "pain": lambda: {
            "pain": panel(
                trend_takeaway(data, "pain", start, end),
                lambda: charts.pain_trend_chart(data, outcome="pain", start=start, end=end, changes=marks()),
                lambda: marked(
                    words.pain_note(LONG_WINDOW_DAYS if weekly else MEAN_WINDOW_DAYS, weekly=weekly)
                ),
            )
        },
        "pain_minutes": lambda: {
            "pain_minutes": panel(
                minutes_takeaway(data, start, end),
                lambda: charts.pain_minutes_chart(data, start=start, end=end, changes=marks()),
                lambda: marked(words.minutes_note(LONG_PAIN_MINUTES)),
            )
        },
        "sleep": partial(_sleep_panels, data, start, end),
        "calendar": lambda: {
            "calendar": panel(
                calendar_takeaway(data, "pain", start, end),
                lambda: charts.calendar_heatmap(data, "pain", start=start, end=end),
                lambda: words.calendar_note(LONG_RANGE_MONTHS, monthly=weekly),
            )
        },
    }
    return {name: p for shown in ([view] if view else TREND_VIEWS) for name, p in builders[shown]().items()}


def _sleep_panels(data: pd.DataFrame, start: dt.date, end: dt.date) -> dict[str, Panel]:
    """The two sleep charts, under one note: the line of mean pain named only if either chart draws one."""
    takeaways = {column: sleep_takeaway(data, column, start, end) for column in SLEEP_COLUMNS}
    bins = {c: charts.sleep_bins(data, c, start=start, end=end) for c in SLEEP_COLUMNS if takeaways[c].enough}
    lined = any(not means.empty for _, means in bins.values())
    return {
        column: panel(
            takeaways[column],
            partial(charts.sleep_chart, data, column, start=start, end=end, bins=bins.get(column)),
            partial(words.sleep_note, line=lined),
        )
        for column in SLEEP_COLUMNS
    }


def view_notes(panels: Iterable[Panel]) -> list[str]:
    """The small print under a view: each drawn chart's note, once (the two sleep charts share theirs)."""
    return list(
        dict.fromkeys(takeaway.note for chart, takeaway in panels if chart is not None and takeaway.note)
    )


# -- Factors --------------------------------------------------------------------------------


FACTOR_VIEWS = ("effects", "levels", "lags", "switches")
"""The Factors page's views drawn from ``factor_panels`` (a chosen date's before/after is built on its own)."""


def factor_views(result: Analysis) -> tuple[str, ...]:
    """The views with something to show for ``result``: effects and lags from enough days, switches when found."""
    shown = {
        "effects": result.stage != "too few days",
        "levels": True,  # the plain distributions are shown from the first days
        "lags": result.rows >= MIN_DAYS,
        "switches": bool(result.switches),
    }
    return tuple(view for view in FACTOR_VIEWS if shown[view])


@dataclass(frozen=True)
class FactorPanels:
    """The Factors page's charts for one outcome: those of the views asked for, the others left empty."""

    forest: Panel | None = None  # the adjusted effects
    levels: dict[str, Panel] = field(
        default_factory=dict
    )  # the plain distributions, per logged ``LEVEL_COLUMNS``
    lags: Panel | None = None  # exertion 1–3 days before, from the main model
    switches: list[tuple[Switch, Spec]] = field(default_factory=list)  # each switch found, with its days


def factor_panels(
    frame: pd.DataFrame, result: Analysis, views: Collection[str] = FACTOR_VIEWS
) -> FactorPanels:
    """The charts of ``views`` for the outcome ``result`` (``analyze(frame, outcome)``) explains.

    Each view is built only when asked for: the page draws one at a time, and
    building the others on its first visit cost it a tenth of a second on ten
    years. A view with nothing to show (see ``factor_views``) stays empty.
    """
    outcome = result.outcome
    available = factor_views(result)
    forest = levels = lags = switches = None
    if "effects" in views:
        forest = panel(forest_takeaway(result), lambda: charts.forest_plot(result))
    if "levels" in views:
        levels = {}
        for column in LEVEL_COLUMNS:
            table = level_summary(frame, column, outcome)
            if table.empty:  # never logged with the outcome: not offered (the page says so once if none is)
                continue
            levels[column] = panel(
                levels_takeaway(table, column, outcome),
                partial(charts.level_chart, table, column, outcome),
            )
    if "lags" in views and "lags" in available:
        table = lag_table(result.lags)
        day_before = next((f.verdict for f in result.factors if f.id == "exertion"), None)
        takeaway = lag_takeaway(table, outcome, day_before, confirmatory=result.stage == "confirmatory")
        lags = panel(takeaway, lambda: charts.lag_chart(table, outcome))
    if "switches" in views:
        switches = [(s, spec(charts.before_after_chart(frame, s, outcome))) for s in result.switches]
    return FactorPanels(forest=forest, levels=levels or {}, lags=lags, switches=switches or [])


def before_after_panel(
    frame: pd.DataFrame, day: dt.date, outcome: str = "pain", carry_over: float | None = None
) -> tuple[Switch, Spec]:
    """Before/after a date the person picked, with its chart (``carry_over``: the analysis' autocorrelation)."""
    result = before_after(frame, day, outcome, carry_over=carry_over)
    return result, spec(charts.before_after_chart(frame, result, outcome))


def before_after_caption(switch: Switch, chart: Spec, outcome: str = "pain") -> str | None:
    """Under a before/after chart: what its level lines are (None when it draws none), and why the sentence may differ."""
    if not charts.draws_averages(chart):
        return None
    compared = switch.n_before + switch.n_after if switch.difference is not None else None
    return averages_note(compared, OUTCOMES[outcome].short_noun)
