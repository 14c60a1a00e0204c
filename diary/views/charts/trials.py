"""A self-experiment's nights: morning pain by condition, washout nights pale."""

from __future__ import annotations

from ...fields import FIELD_BY_NAME
from ...trials.result import TrialResult
from ...trials.text import condition_words
from ..vegalite import Spec, channel, layered, records, tip, unit
from .common import HEIGHT, time_x

CONDITION_COLOURS = ("#0072b2", "#e69f00")  # Okabe–Ito blue (A) and orange (B)


def trial_nights_chart(result: TrialResult) -> Spec:
    """Each logged night's morning pain, coloured by its planned condition, with each condition's mean."""
    trial = result.trial
    names = {"a": f"A: {condition_words(trial, trial.a)}", "b": f"B: {condition_words(trial, trial.b)}"}
    logged = [log for log in result.counted if log.pain is not None]
    counted_words = {False: "counted", True: "adaptation night, not counted"}
    nights = records(
        date=[log.night.date.isoformat() for log in logged],
        pain=[log.pain for log in logged],
        condition=[names[log.night.condition] for log in logged],
        counted=[counted_words[log.night.washout] for log in logged],
    )
    colour = channel(
        "condition:N",
        title=None,
        scale={"domain": [names["a"], names["b"]], "range": list(CONDITION_COLOURS)},
        legend={"orient": "top", "labelLimit": 0},
    )
    points = unit(
        nights,
        {"type": "point", "filled": True, "size": 60},
        {
            "x": time_x(None, domain=(trial.start, trial.end)),
            "y": channel("pain:Q", title=FIELD_BY_NAME["pain"].titled, scale={"domain": [0, 10]}),
            "color": colour,
            "opacity": channel(
                "counted:N",
                scale={"domain": list(counted_words.values()), "range": [1.0, 0.3]},
                legend=None,
            ),
            "tooltip": [
                tip("date:T", format="%a %-d %b %Y"),
                tip("condition:N"),
                tip("pain:Q"),
                tip("counted:N"),
            ],
        },
    )
    means = unit(
        [night for night in nights if night["counted"] == "counted"],
        {"type": "rule", "strokeDash": [6, 3], "strokeWidth": 2},
        {"y": channel("mean(pain):Q"), "color": colour},
    )
    return layered(points, means, height=HEIGHT)
