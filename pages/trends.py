"""Trends: morning pain, its duration, sleep and a calendar over a chosen range, each with a one-line takeaway."""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import streamlit as st

from diary.analysis import OUTCOMES
from diary.views.panels import TREND_VIEWS
from diary.views.trends import DEFAULT_PRESET, RANGE_PRESETS, clamp_range, preset_range, range_caption
from pages._shared import (
    build_ahead,
    chart_with_takeaway,
    chosen_tab,
    current_diary,
    first_run,
    frame,
    sample_message,
    trend_panels,
    use_app_navigation,
)

RANGE_KEY = "trend_range"
DATES_KEY = "trend_dates"
VIEW_TABS = "trends_view"  # the tab chosen: which chart is drawn

VIEW_LABELS = {
    "pain": OUTCOMES["pain"].noun,
    "pain_minutes": "How long the pain lasted",
    "sleep": "Sleep and morning pain",
    "calendar": "Calendar",
}
VIEWS = {view: VIEW_LABELS[view] for view in TREND_VIEWS}
"""The page's views, one tab each (id → tab label), in the order ``diary.views.panels`` builds them."""


def chosen_range(data: pd.DataFrame, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """The range picked with the preset box (and, for "Choose dates…", the date picker)."""
    left, right = st.columns([1, 2])
    preset = left.selectbox(
        "Show",
        list(RANGE_PRESETS),
        index=list(RANGE_PRESETS).index(DEFAULT_PRESET),
        # A label maps to itself: AppTest (and so the benchmark) selects options by their labels.
        format_func=lambda key: RANGE_PRESETS[key][0] if key in RANGE_PRESETS else key,
        key=RANGE_KEY,
        help="Counted back from your last entry. Ranges longer than about 13 months are drawn week by week.",
    )
    start, end = preset_range(data, preset) or (first, last)
    if preset != "custom":
        return start, end
    # A remembered range from a diary that has since changed must stay inside the diary's days.
    remembered = st.session_state.get(DATES_KEY)
    if not remembered or any(not first <= d <= last for d in remembered):
        st.session_state[DATES_KEY] = (start, end)
    picked = right.date_input(
        "From – to", min_value=first, max_value=last, key=DATES_KEY, format="DD/MM/YYYY"
    )
    if isinstance(picked, (tuple, list)) and len(picked) == 2:
        return clamp_range(data, picked[0], picked[1]) or (start, end)
    if isinstance(picked, (tuple, list)) and len(picked) == 1:  # only the first date picked so far
        return clamp_range(data, picked[0], last) or (start, end)
    return start, end


use_app_navigation()
st.title("Trends", anchor=False)
sample_message()
diary = current_diary()
data = frame(diary)

if data.empty:
    first_run(diary, "Trends appear here from your first logged morning.")
    st.stop()

first_day, last_day = data["date"].iloc[0].date(), data["date"].iloc[-1].date()
start, end = chosen_range(data, first_day, last_day)
st.caption(range_caption(data, start, end))

# One view at a time: the browser lays out every chart it is sent, and four at once made the page slow;
# and only its charts are built, so a range is quick to change.
view, tab = chosen_tab(VIEWS, key=VIEW_TABS)
panels = trend_panels(diary, start, end, view)
with tab:
    if view == "pain":
        chart_with_takeaway(panels["pain"])
        st.caption(
            "Dots: each morning's pain on waking. Line: the mean of the days you logged in the 7 days up to each "
            "day (days without an entry are left out, never filled in). Dashed lines: mattress switches and "
            "changes in your usual sleep position."
        )
    elif view == "pain_minutes":
        chart_with_takeaway(panels["pain_minutes"])
        st.caption(
            "The dashed line marks 30 minutes: morning stiffness that lasts longer than that on most days is one "
            "of the patterns worth showing a doctor."
        )
    elif view == "sleep":
        hours, efficiency = st.columns(2)
        with hours:
            chart_with_takeaway(panels["sleep_hours"])
        with efficiency:
            chart_with_takeaway(panels["sleep_efficiency"])
        st.caption(
            "Following the Consensus Sleep Diary, a night is dated by its morning. Time in bed = wake time − bed "
            "time; total sleep = time in bed − minutes to fall asleep − minutes awake in the night; sleep "
            "efficiency = total sleep ÷ time in bed × 100. A bubble's size is the number of mornings; the line "
            "joins the mean pain of nights of about the same length."
        )
    else:
        chart_with_takeaway(panels["calendar"])
        st.caption(
            "Darker is more pain; grey days have no entry. Ranges longer than about 13 months show a cell per "
            "month (the mean of the days logged)."
        )

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
