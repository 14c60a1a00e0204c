"""What every chart draws alike, on the dashboard (Vega-Lite) and in the report (reportlab): colours, change labels.

Kept apart from ``diary.views.charts`` so that the report's chart, drawn with
reportlab, shares them without building the dashboard's charts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..analysis import Switch

# Okabe–Ito colours: distinguishable with the common kinds of colour blindness.
POINT_COLOUR = "#56b4e9"
LINE_COLOUR = "#0072b2"
CHANGE_COLOUR = "#888888"  # rules marking changes: 3.5:1 on white, 5:1 on the dark theme's background
TEXT_COLOUR = (
    "currentColor"  # words and marks in the text's colour: dark on a light page, light on a dark one
)
THRESHOLD_COLOUR = "#d55e00"
OVER_COLOUR = "#e69f00"
MISSING_COLOUR = "#eeeeee"
VERDICT_COLOURS = {"worse": "#d55e00", "better": "#009e73", "unclear": "#999999"}


def mark_label(change: Switch) -> str:
    """What a change's rule says on a chart: "Old sofa → Foam 2023" (its full label is in the tooltip)."""
    if change.from_ and change.to:
        return f"{change.from_} → {change.to}"
    return change.label
