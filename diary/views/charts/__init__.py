"""The dashboard's charts, as pure functions returning Altair charts.

Every function takes the entries DataFrame (or an analysis result) and returns
a chart; nothing here renders or imports streamlit, so the tests read
``chart.to_dict()``. (The report draws its pain chart from the same data with
reportlab: ``diary.views.report.chart``.)

Data go in already aggregated and as small DataFrames: Altair then stores each
one once, in the spec's top-level ``datasets`` (missing values become
``null``), which is far quicker to build and validate than inline records.

``common`` holds what every chart shares (the time axis, the rules marking
changes; the colours are in ``diary.views.marks``); ``trends`` the Trends
page's charts; ``factors`` the Factors page's; ``trials`` a self-experiment's
nights.
"""

from .common import change_rules
from .factors import before_after_chart, forest_plot, lag_chart, level_chart
from .trends import calendar_heatmap, pain_minutes_chart, pain_trend_chart, sleep_chart
from .trials import trial_nights_chart

__all__ = [
    "before_after_chart",
    "calendar_heatmap",
    "change_rules",
    "forest_plot",
    "lag_chart",
    "level_chart",
    "pain_minutes_chart",
    "pain_trend_chart",
    "sleep_chart",
    "trial_nights_chart",
]
