"""A self-experiment's nights: morning pain by condition, washout nights pale."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ...trials.result import TrialResult
from ...trials.text import condition_words
from .common import HEIGHT, layered, time_x

CONDITION_COLOURS = ("#0072b2", "#e69f00")  # Okabe–Ito blue (A) and orange (B)


def trial_nights_chart(result: TrialResult) -> alt.LayerChart:
    """Each logged night's morning pain, coloured by its planned condition, with each condition's mean."""
    trial = result.trial
    names = {"a": f"A: {condition_words(trial, trial.a)}", "b": f"B: {condition_words(trial, trial.b)}"}
    rows = [
        {
            "date": log.night.date.isoformat(),
            "pain": log.pain,
            "condition": names[log.night.condition],
            "counted": "adaptation night, not counted" if log.night.washout else "counted",
        }
        for log in result.counted
        if log.pain is not None
    ]
    data = pd.DataFrame(rows, columns=["date", "pain", "condition", "counted"])
    colour = alt.Color(
        "condition:N",
        title=None,
        scale=alt.Scale(domain=[names["a"], names["b"]], range=list(CONDITION_COLOURS)),
        legend=alt.Legend(orient="top", labelLimit=0),
    )
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=60)
        .encode(
            x=time_x(None, domain=(trial.start, trial.end)),
            y=alt.Y("pain:Q", title="Morning pain (0–10)", scale=alt.Scale(domain=[0, 10])),
            color=colour,
            opacity=alt.Opacity(
                "counted:N",
                scale=alt.Scale(domain=["counted", "adaptation night, not counted"], range=[1.0, 0.3]),
                legend=None,
            ),
            tooltip=[alt.Tooltip("date:T", format="%a %-d %b %Y"), "condition:N", "pain:Q", "counted:N"],
        )
    )
    counted = data[data["counted"] == "counted"]
    means = (
        alt.Chart(counted)
        .mark_rule(strokeDash=[6, 3], strokeWidth=2)
        .encode(y=alt.Y("mean(pain):Q"), color=colour)
    )
    return layered(points, means).properties(height=HEIGHT)
