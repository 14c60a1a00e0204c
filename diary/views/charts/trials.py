"""A self-experiment's nights: morning pain by condition, washout nights as open rings.

Its words (the legend's, the tooltip's, the caption under it) are the
Experiments page's: ``diary.views.experiments_words``.
"""

from __future__ import annotations

from ...entry.fields import FIELD_BY_NAME
from ...trials.result import TrialResult
from ...trials.text import condition_words
from ...wording import day_label
from .. import experiments_words as words
from ..vegalite import Spec, channel, layered, records, tip, unit
from .common import DOT_ROOM, HEIGHT, legend_below, time_x

CONDITION_COLOURS = ("#0072b2", "#e69f00")  # Okabe–Ito blue (A) and orange (B)
POINT_SIZE = 60  # square pixels: a dot about 9 px across


def draws_means(result: TrialResult) -> bool:
    """Whether the chart draws each condition's average: only beside a verdict.

    With too few nights to judge, the sentence withholds an answer; two lines
    apart would invite the reader to draw one all the same.
    """
    return result.verdict is not None and result.verdict != "not_enough_nights"


def trial_nights_chart(result: TrialResult) -> Spec:
    """Each logged night's morning pain, coloured by its planned condition, with each condition's mean.

    The time axis runs from the first night to the last that counts (the day
    an ended-early trial stopped, not its planned end).
    """
    trial = result.trial
    names = {
        "a": words.chart_condition("a", condition_words(trial, trial.a)),
        "b": words.chart_condition("b", condition_words(trial, trial.b)),
    }
    logged = [log for log in result.counted if log.pain is not None]
    nights = records(
        date=[log.night.date.isoformat() for log in logged],
        day=[day_label(log.night.date) for log in logged],  # the tooltip's: a date:T one is in local time
        pain=[log.pain for log in logged],
        condition=[names[log.night.condition] for log in logged],
        counted=[words.NIGHT_COUNTED[log.night.washout] for log in logged],
    )
    colour = channel(
        "condition:N",
        title=None,
        scale={"domain": [names["a"], names["b"]], "range": list(CONDITION_COLOURS)},
        legend=legend_below(),
    )
    pain = FIELD_BY_NAME["pain"].titled
    # A night not counted is an open ring in its condition's colour: made pale instead, it all but vanished
    # on the dark theme's background.
    points = unit(
        nights,
        {"type": "point", "filled": False, "size": POINT_SIZE, "strokeWidth": 2},
        {
            "x": time_x(None, domain=(trial.start, trial.last_counted), padding=DOT_ROOM),
            "y": channel("pain:Q", title=pain, scale={"domain": [0, 10]}),
            "color": colour,
            "fill": {**colour, "legend": None},
            "fillOpacity": channel(
                "counted:N",
                scale={"domain": list(words.NIGHT_COUNTED.values()), "range": [1.0, 0.0]},
                legend=None,
            ),
            "tooltip": [
                tip("day:N", title=words.CHART_MORNING),
                tip("condition:N", title=words.CHART_CONDITION),
                tip("pain:Q", title=pain),
                tip("counted:N", title=words.CHART_COUNTED),
            ],
        },
    )
    if not draws_means(result):
        return layered(points, height=HEIGHT)
    means = unit(
        [night for night in nights if night["counted"] == words.NIGHT_COUNTED[False]],
        {"type": "rule", "strokeDash": [6, 3], "strokeWidth": 2},
        {"y": channel("mean(pain):Q"), "color": colour},
    )
    return layered(points, means, height=HEIGHT)
