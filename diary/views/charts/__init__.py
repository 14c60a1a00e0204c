"""The dashboard's charts, as pure functions returning Vega-Lite specs (plain dicts).

Every function takes the entries DataFrame (or an analysis result) and returns
a chart's spec; nothing here renders or imports streamlit, so the tests read
the specs (and check each against the Vega-Lite schema). (The report draws its
pain chart from the same data with reportlab: ``diary.views.report.chart``.)

Data go in already aggregated (a long range as weekly means), as records inside
each layer (``diary.views.vegalite``), missing values as ``null``.

``common`` holds what every chart shares (the time axis, the rules marking
changes; the colours are in ``diary.views.marks``); ``trends`` the Trends
page's charts; ``factors`` the Factors page's; ``trials`` a self-experiment's
nights.
"""

from .common import change_rules
from .factors import before_after_chart, draws_averages, forest_plot, lag_chart, level_chart
from .trends import calendar_heatmap, pain_minutes_chart, pain_trend_chart, sleep_bins, sleep_chart
from .trials import trial_nights_chart

__all__ = [
    "before_after_chart",
    "calendar_heatmap",
    "change_rules",
    "draws_averages",
    "forest_plot",
    "lag_chart",
    "level_chart",
    "pain_minutes_chart",
    "pain_trend_chart",
    "sleep_bins",
    "sleep_chart",
    "trial_nights_chart",
]
