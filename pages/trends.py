"""Trends: morning pain, its duration, sleep and a calendar over a chosen range, each with a one-line takeaway."""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import streamlit as st

from diary.views import trends_words as words
from diary.views.panels import TREND_VIEWS, view_notes
from diary.views.trends import (
    DEFAULT_PRESET,
    LONG_RANGE_MONTHS,
    RANGE_PRESETS,
    VIEW_LABELS,
    clamp_range,
    preset_range,
    range_caption,
)
from diary.wording import PICKER_FORMAT
from pages._shared import (
    build_ahead,
    chart_with_takeaway,
    chosen_tab,
    open_table_page,
    trend_panels,
)

RANGE_KEY = "trend_range"
DATES_KEY = "trend_dates"
VIEW_TABS = "trends_view"  # the tab chosen: which chart is drawn
VIEWS = {view: VIEW_LABELS[view] for view in TREND_VIEWS}
# The page's views, one tab each (id → tab label), in the order ``diary.views.panels`` builds them.


def chosen_range(data: pd.DataFrame, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """The range picked with the preset box (and, for "Choose dates…", the date picker)."""
    left, right = st.columns([1, 2])
    preset = left.selectbox(
        words.RANGE_LABEL,
        list(RANGE_PRESETS),
        index=list(RANGE_PRESETS).index(DEFAULT_PRESET),
        # A label maps to itself: AppTest (and so the benchmark) selects options by their labels.
        format_func=lambda key: RANGE_PRESETS[key][0] if key in RANGE_PRESETS else key,
        key=RANGE_KEY,
        help=words.range_help(LONG_RANGE_MONTHS),
    )
    start, end = preset_range(data, preset) or (first, last)
    if preset != "custom":
        return start, end
    # A remembered range from a diary that has since changed must stay inside the diary's days.
    remembered = st.session_state.get(DATES_KEY)
    if not remembered or any(not first <= d <= last for d in remembered):
        st.session_state[DATES_KEY] = (start, end)
    picked = right.date_input(
        words.DATES_LABEL, min_value=first, max_value=last, key=DATES_KEY, format=PICKER_FORMAT
    )
    if isinstance(picked, (tuple, list)) and len(picked) == 2:
        return clamp_range(data, picked[0], picked[1]) or (start, end)
    if isinstance(picked, (tuple, list)) and len(picked) == 1:  # only the first date picked so far
        return clamp_range(data, picked[0], last) or (start, end)
    return start, end


diary, data = open_table_page(words.TITLE, words.FIRST_RUN)

first_day, last_day = data["date"].iloc[0].date(), data["date"].iloc[-1].date()
start, end = chosen_range(data, first_day, last_day)
st.caption(range_caption(data, start, end))

# One view at a time: the browser lays out every chart it is sent, and four at once made the page slow;
# and only its charts are built, so a range is quick to change.
view, tab = chosen_tab(VIEWS, key=VIEW_TABS)
panels = trend_panels(diary, start, end, view)
with tab:
    if view == "sleep":
        hours, efficiency = st.columns(2)
        with hours:
            chart_with_takeaway(panels["sleep_hours"])
        with efficiency:
            chart_with_takeaway(panels["sleep_efficiency"])
    else:
        chart_with_takeaway(panels[view])
    # The small print says what the charts drawn show (a week's dots, the changes in range), and nothing
    # under a chart too short of data to draw.
    for note in view_notes(panels.values()):
        st.caption(note)

# The other ranges of this view, then the other views of this range, built while the person reads this
# one: choosing one is then a look-up.
ranges = [r for r in dict.fromkeys(preset_range(data, preset) for preset in RANGE_PRESETS) if r is not None]
build_ahead(
    diary,
    "trends",
    *(
        functools.partial(trend_panels, diary, first, last, view)
        for first, last in ranges
        if (first, last) != (start, end)
    ),
    *(functools.partial(trend_panels, diary, start, end, other) for other in VIEWS if other != view),
)
