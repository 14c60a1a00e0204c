"""What every page needs: the open diary, cached loads, settings, error display.

Loads are cached per diary version (a token that changes on every write, from
any window or process), and the caches are cleared after every write, so a
saved entry shows up at once everywhere.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from diary import Diary, DiaryError, open_diary
from diary.analysis import (
    MIN_DAYS,
    Analysis,
    Switch,
    analyze,
    before_after,
    find_switches,
    lag_effects,
    level_summary,
)
from diary.ranges import in_range
from diary.safety import RedFlagAdvice
from diary.sample import SAMPLE_DAYS, SAMPLE_START, load_sample, remove_sample, sample_days
from diary.settings import Settings, load_settings
from diary.storage import resolve_path
from diary.views import charts as _charts
from diary.views import trends as _trends
from diary.views.form import known_mattresses
from diary.views.history import history_table
from diary.views.overview import GLANCE_DAYS, Overview, pain_sparkline, summarize
from diary.wording import day_label

try:  # Streamlit's switch for its old pages/-folder mode (see use_app_navigation)
    from streamlit.runtime.pages_manager import PagesManager
except ImportError:  # pragma: no cover - a Streamlit without that mode needs nothing done
    PagesManager = None  # type: ignore[assignment,misc]

LOG_PAGE = "pages/log.py"
IMPORT_PAGE = "pages/import_diary.py"

# Session-state keys other pages use to talk to the Log page.
LOG_OPEN_DAY = "log_open_day"
"""Set to a date, then switch to the Log page: it opens that day (for editing when it has an entry)."""
LOG_LOADED = "log_loaded"
"""The Log page's record of which day its form holds; removing it makes the form load afresh."""


def use_app_navigation() -> None:
    """Make sure this run went through streamlit_app.py and its navigation; call first on a page.

    Streamlit treats an app with a ``pages/`` folder beside its entry script as
    an old-style multipage app until the entry script has called
    ``st.navigation`` once in the process. So the first request a fresh server
    gets for a page address (a bookmarked /history, a browser tab restored
    after a restart) runs that page file alone: no sidebar, and a menu of
    every file in ``pages/``. When that happens, turn the old mode off and
    rerun: the entry script then runs and shows the requested page properly.
    Buttons on pages that call this act through callbacks (``on_click``),
    which run once before the script, so the rerun loses no click.
    """
    if PagesManager is not None and getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Diary:
    return open_diary(path)


def current_diary() -> Diary:
    """The diary named by PAIN_DIARY_DATA (or the default); a page stops with a clear message if it cannot open."""
    path = str(resolve_path())
    try:
        return _open(path)
    except DiaryError as exc:
        st.error(str(exc))
        st.stop()
        raise  # unreachable: st.stop() ends the run


@st.cache_data(show_spinner=False, max_entries=4)
def _frame(version: str, _diary: Diary) -> pd.DataFrame:
    return _diary.load()


def frame(diary: Diary) -> pd.DataFrame:
    """All entries as the typed DataFrame with derived columns (cached per diary version). Do not modify it."""
    return _frame(diary.version(), diary)


def after_write() -> None:
    """Forget cached loads after the diary changed."""
    st.cache_data.clear()
    _history_table.clear()


def settings() -> Settings:
    return load_settings()


def show_error(exc: DiaryError) -> None:
    """A diary error as the person should see it: the message, never a traceback."""
    st.error(str(exc))


def nothing_saved(exc: DiaryError) -> str:
    """A failed save's message, starting with "Nothing was saved" (once, if the error says so itself)."""
    text = str(exc)
    return text if "nothing was saved" in text.lower() else f"Nothing was saved: {text}"


# -- cached summaries (small results, computed once per diary version) ---------------


@st.cache_data(show_spinner=False, max_entries=4)
def _dates(version: str, _diary: Diary) -> list[dt.date]:
    return _diary.dates()


def logged_dates(diary: Diary) -> list[dt.date]:
    """Every logged date, sorted (cached per diary version)."""
    return _dates(diary.version(), diary)


@st.cache_data(show_spinner=False, max_entries=4)
def _mattresses(version: str, _diary: Diary) -> dict[str, str | None]:
    return known_mattresses(_diary.entries())


def mattresses(diary: Diary) -> dict[str, str | None]:
    """The diary's mattresses, most recent first, with their last recorded firmness (cached)."""
    return _mattresses(diary.version(), diary)


@st.cache_data(show_spinner=False, max_entries=4)
def _overview(version: str, today: dt.date, _diary: Diary) -> Overview:
    recent = _diary.entries(today - dt.timedelta(days=GLANCE_DAYS - 1), today)
    return summarize(_diary.dates(), recent, today)


def overview(diary: Diary, today: dt.date) -> Overview:
    """Today's status, the last two weeks, the streak and recent red flags (cached)."""
    return _overview(diary.version(), today, diary)


@st.cache_data(show_spinner=False, max_entries=4)
def _sparkline_spec(version: str, today: dt.date, _diary: Diary) -> dict[str, Any]:
    return pain_sparkline(_overview(version, today, _diary).recent).to_dict()


def sparkline_spec(diary: Diary, today: dt.date) -> dict[str, Any]:
    """The last-two-weeks pain chart as a Vega-Lite spec (cached: building it is the slow part)."""
    return _sparkline_spec(diary.version(), today, diary)


@st.cache_resource(show_spinner=False, max_entries=2)
def _history_table(version: str, _diary: Diary) -> pd.DataFrame:
    return history_table(_diary.entries())


def history_rows(diary: Diary) -> pd.DataFrame:
    """The History table, newest first (cached per version and shared, never copied: do not modify it)."""
    return _history_table(diary.version(), diary)


@st.cache_data(show_spinner=False, max_entries=4)
def _sample_days(version: str, _diary: Diary) -> list[dt.date]:
    dates = _diary.dates()
    last = SAMPLE_START + dt.timedelta(days=SAMPLE_DAYS - 1)
    if bisect.bisect_right(dates, last) == bisect.bisect_left(dates, SAMPLE_START):
        return []  # nothing in the sample's months: no need to generate it
    return sample_days(_diary)


def sample_loaded(diary: Diary) -> list[dt.date]:
    """Dates whose entry is still exactly the sample's (cached)."""
    return _sample_days(diary.version(), diary)


# -- shared pieces of pages -------------------------------------------------------


def forget_log_form() -> None:
    """Make the Log page load its form afresh (after the diary changed under it)."""
    st.session_state.pop(LOG_LOADED, None)


def red_flag_alert(advice: RedFlagAdvice, day: dt.date | None = None) -> None:
    """Red-flag advice as loud as its tier: an error box for emergencies, a warning box otherwise."""
    when = f"{day_label(day)} — " if day else ""
    text = f"**{when}{advice.headline}** {advice.detail}"
    if advice.is_emergency:
        st.error(text, icon="🚨")
    else:
        st.warning(text, icon="⚠️")


def _change_sample(diary: Diary, change: Callable[[Diary], Any], said: Callable[[Any], str]) -> None:
    """Load or remove the sample (button callback); what happened is shown once by ``sample_message``."""
    try:
        outcome = change(diary)
    except DiaryError as exc:  # ImportConflict included: days of the person's own are in the way
        st.session_state["sample_message"] = ("error", str(exc))
        return
    after_write()
    forget_log_form()
    st.session_state["sample_message"] = ("success", said(outcome))


def _load_sample(diary: Diary) -> None:
    _change_sample(
        diary,
        load_sample,
        lambda result: (
            f"Loaded the sample diary: {result.added} made-up mornings from {day_label(SAMPLE_START)}. "
            "Look around; the sidebar has a button to remove it again."
        ),
    )


def _remove_sample(diary: Diary) -> None:
    _change_sample(
        diary,
        remove_sample,
        lambda removed: (
            f"Removed the sample diary ({removed} days). Days you logged or changed yourself were kept."
        ),
    )


def sample_message() -> None:
    """The outcome of the last load/remove of the sample diary, shown once."""
    shown = st.session_state.pop("sample_message", None)
    if shown:
        kind, text = shown
        (st.success if kind == "success" else st.error)(text)


def first_run(diary: Diary, closing: str = "") -> None:
    """What an empty diary shows: what the app does, and two ways to start with data (``closing``: a last line)."""
    with st.container(border=True):
        st.markdown(
            "**Welcome.** This diary helps you find out what makes your back hurt after sleep: "
            "each morning you log your pain, last night and yesterday in under half a minute. "
            "After a few weeks it shows your trends and which factors go with worse mornings, "
            "and makes a CSV or a one-page report for your doctor."
        )
        left, right = st.columns(2)
        left.button(
            "Load the sample diary",
            key="load_sample",
            icon="🧪",
            on_click=_load_sample,
            args=(diary,),
            help="Six months of made-up mornings to look around with; you can remove them in one click.",
        )
        with right:
            st.page_link(IMPORT_PAGE, label="Import a CSV", icon="📥")
        if closing:
            st.caption(closing)


def sample_notice(diary: Diary) -> None:
    """In the sidebar while sample entries are in the diary: say so, and offer to remove them."""
    try:
        days = sample_loaded(diary)
    except DiaryError:
        return  # the page itself says what is wrong with the diary
    if not days:
        return
    st.sidebar.info(
        f"The sample diary is loaded: {len(days)} made-up days, "
        f"{day_label(min(days))} to {day_label(max(days))}."
    )
    st.sidebar.button(
        "Remove the sample diary",
        key="remove_sample",
        icon="🧹",
        on_click=_remove_sample,
        args=(diary,),
        help="Deletes the sample's days; any day you logged or edited yourself stays.",
    )


# -- Trends and Factors: analysis and chart specs, cached per diary version and inputs ----
#
# Building a chart spec (and validating it) is the slow part of drawing one, and the
# analysis fits regressions: both are done once per diary version and inputs, and a
# rerun only unpickles small results. Long ranges arrive already aggregated (weekly).

Spec = dict[str, Any]
Panel = tuple[Spec | None, _trends.Takeaway]
"""A chart's Vega-Lite spec (None when there is too little to draw) and the line under it."""


def _spec(chart: Any) -> Spec:
    # Every chart function's spec is validated against the Vega-Lite schema in
    # tests/test_charts.py; checking it again on every build only costs time.
    spec = chart.to_dict(validate=False)
    # Fill the page's width, but keep the chart's own height for the plot itself:
    # Streamlit's default ("fit") squeezes axes and legends into that height, which
    # crushes charts with a row per level or per factor.
    spec.setdefault("autosize", {"type": "fit-x", "contains": "padding"})
    return spec


@st.cache_data(show_spinner=False, max_entries=6)
def _analysis(version: str, outcome: str, _diary: Diary) -> Analysis:
    return analyze(_frame(version, _diary), outcome)


def analysis(diary: Diary, outcome: str = "pain") -> Analysis:
    """``diary.analysis.analyze`` of the whole diary for one outcome (cached per diary version)."""
    return _analysis(diary.version(), outcome, diary)


@st.cache_data(show_spinner=False, max_entries=4)
def _changes(version: str, _diary: Diary) -> list[_trends.Change]:
    return _trends.changes_from(find_switches(_frame(version, _diary)))


@st.cache_data(show_spinner=False, max_entries=12)
def _trend_panels(version: str, start: dt.date, end: dt.date, _diary: Diary) -> dict[str, Panel]:
    # Only the range and the weeks its rolling means look back on: a month of a long diary costs a month.
    data = in_range(_frame(version, _diary), start - dt.timedelta(days=_trends.LONG_WINDOW_DAYS), end)
    marks = _changes(version, _diary)
    panels: dict[str, Panel] = {}

    def panel(name: str, takeaway: _trends.Takeaway, build: Any) -> None:
        panels[name] = (_spec(build()) if takeaway.enough else None, takeaway)

    panel(
        "pain",
        _trends.trend_takeaway(data, "pain", start, end),
        lambda: _charts.pain_trend_chart(data, outcome="pain", start=start, end=end, changes=marks),
    )
    panel(
        "pain_minutes",
        _trends.minutes_takeaway(data, start, end),
        lambda: _charts.pain_minutes_chart(data, start=start, end=end, changes=marks),
    )
    for column in ("sleep_hours", "sleep_efficiency"):
        panel(
            column,
            _trends.sleep_takeaway(data, column, start, end),
            lambda column=column: _charts.sleep_chart(data, column, start=start, end=end),
        )
    panel(
        "calendar",
        _trends.calendar_takeaway(data, "pain", start, end),
        lambda: _charts.calendar_heatmap(data, "pain", start=start, end=end),
    )
    return panels


def trend_panels(diary: Diary, start: dt.date, end: dt.date) -> dict[str, Panel]:
    """The Trends page's charts for ``start``–``end``: name → (Vega-Lite spec or None, takeaway) (cached)."""
    return _trend_panels(diary.version(), start, end, diary)


@st.cache_data(show_spinner=False, max_entries=6)
def _factor_panels(version: str, outcome: str, _diary: Diary) -> dict[str, Any]:
    data = _frame(version, _diary)
    result = _analysis(version, outcome, _diary)
    panels: dict[str, Any] = {"days": _trends.outcome_days(data, outcome)}
    forest = _trends.forest_takeaway(result, panels["days"])
    panels["forest"] = (_spec(_charts.forest_plot(result)) if forest.enough else None, forest)
    for column in ("firmness", "position", "exertion"):
        table = level_summary(data, column, outcome)
        takeaway = _trends.levels_takeaway(table, column, outcome)
        panels[column] = (
            _spec(_charts.level_chart(table, column, outcome)) if takeaway.enough else None,
            takeaway,
        )
    if result.rows >= MIN_DAYS:
        lags = lag_effects(data, outcome)
        takeaway = _trends.lag_takeaway(lags, outcome)
        panels["lags"] = (_spec(_charts.lag_chart(lags, outcome)) if takeaway.enough else None, takeaway)
    panels["switches"] = [
        (switch, _spec(_charts.before_after_chart(data, switch, outcome))) for switch in result.switches
    ]
    return panels


def factor_panels(diary: Diary, outcome: str = "pain") -> dict[str, Any]:
    """The Factors page's charts for one outcome (cached).

    name → (spec or None, takeaway); "switches" → [(Switch, spec)]; "days" →
    the mornings with the outcome recorded.
    """
    return _factor_panels(diary.version(), outcome, diary)


@st.cache_data(show_spinner=False, max_entries=16)
def _before_after(version: str, outcome: str, day: dt.date, _diary: Diary) -> tuple[Switch, Spec]:
    data = _frame(version, _diary)
    result = before_after(data, day, outcome)
    return result, _spec(_charts.before_after_chart(data, result, outcome))


def chosen_before_after(diary: Diary, outcome: str, day: dt.date) -> tuple[Switch, Spec]:
    """Before/after a date the person picked, with its chart spec (cached per version, outcome and date)."""
    return _before_after(diary.version(), outcome, day, diary)


_WARM_KEY = "_trend_presets_ready"


def prepare_trend_presets(diary: Diary, ranges: list[tuple[dt.date, dt.date]]) -> None:
    """Build the Trends charts for the preset ranges ahead of time, once per diary version and session.

    Called after the page is drawn (the person already sees their charts), so
    that switching between presets later is a cache lookup rather than a rebuild.
    """
    version = diary.version()
    if st.session_state.get(_WARM_KEY) == version:
        return
    for start, end in dict.fromkeys(ranges):
        _trend_panels(version, start, end, diary)
    st.session_state[_WARM_KEY] = version


def chart_with_takeaway(panel: Panel) -> None:
    """A chart with its one-line takeaway under it; with too little to draw, the takeaway saying why."""
    spec, takeaway = panel
    if spec is None:
        st.info(takeaway.text)
        return
    st.vega_lite_chart(spec, width="stretch")
    st.markdown(takeaway.text)
