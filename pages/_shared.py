"""What every page needs, in one import: the open diary, its cached views, settings, shared pieces.

Everything computed from the diary is cached per diary version (a token that
changes on every write, from any window or process) and inputs, and every
cache is cleared after a write, so a saved entry shows up at once everywhere
(``pages._caching``). The pieces several pages show (the welcome, the sample
diary, warnings, charts) live in ``pages._parts``; pages import both from here.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

import streamlit as st

from diary import Diary, DiaryError, clock, open_diary
from diary.entry.fields import OUTCOME_IDS
from diary.settings import Settings, load_settings
from diary.storage import resolve_path
from diary.views import factors_words
from diary.views.form import known_mattresses
from diary.views.markdown import plain, plain_message
from diary.views.overview import GLANCE_DAYS, Overview, overview_of, pain_sparkline, week_warnings
from pages._caching import after_write, build_ahead, page_run, per_version
from pages._parts import (
    EMERGENCY_ICON,
    IMPORT_PAGE,
    LOG_LOADED,
    LOG_OPEN_DAY,
    LOG_PAGE,
    chart_with_takeaway,
    chosen_tab,
    first_run,
    fold,
    forget_log_form,
    keep_emergency_number,
    logged_dates,
    red_flag_alert,
    sample_loaded,
    sample_message,
    sample_notice,
    scroll_into_view,
    show_error,
    tier_message,
    unguarded_notice,
)

if TYPE_CHECKING:
    import pandas as pd

    from diary.analysis import Analysis, Switch
    from diary.trials import Trial, TrialResult
    from diary.views.panels import FactorPanels, Panel, Spec

# pandas and the analysis are imported where a view needs them, not here: every
# page imports this module, and the Log page, drawn first, needs none of them.

try:  # Streamlit's switch for its old pages/-folder mode (see use_app_navigation)
    from streamlit.runtime.pages_manager import PagesManager
except ImportError:  # pragma: no cover - a Streamlit without that mode needs nothing done
    _OLD_PAGES_MODE: type[PagesManager] | None = None
else:
    _OLD_PAGES_MODE = PagesManager

__all__ = [
    "EMERGENCY_ICON",
    "IMPORT_PAGE",
    "LOG_LOADED",
    "LOG_OPEN_DAY",
    "LOG_PAGE",
    "after_write",
    "analysis",
    "build_ahead",
    "build_factors_ahead",
    "chart_with_takeaway",
    "chosen_before_after",
    "chosen_tab",
    "current_diary",
    "factor_panels",
    "first_run",
    "fold",
    "forget_log_form",
    "frame",
    "history_rows",
    "keep_emergency_number",
    "logged_dates",
    "mattresses",
    "open_table_page",
    "overview",
    "page_run",
    "per_version",
    "plain",
    "plain_message",
    "red_flag_alert",
    "sample_loaded",
    "sample_message",
    "sample_notice",
    "scroll_into_view",
    "settings",
    "show_error",
    "sparkline",
    "tier_message",
    "trend_panels",
    "trial_results",
    "trials",
    "unguarded_notice",
    "use_app_navigation",
]


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
    if _OLD_PAGES_MODE is not None and getattr(_OLD_PAGES_MODE, "uses_pages_directory", False):
        _OLD_PAGES_MODE.uses_pages_directory = False
        st.rerun()


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Diary:
    return open_diary(path)


def current_diary() -> Diary:
    """The diary named by PAIN_DIARY_DATA (or the default); a page stops with a clear message if it cannot open."""
    try:
        return _open(str(resolve_path()))
    except DiaryError as exc:
        st.error(plain_message(exc))
        st.stop()
        raise  # unreachable: st.stop() ends the run


def settings() -> Settings:
    """The saved settings, read on every run: a file of a few bytes (well under a millisecond), and a
    number changed in another browser tab is the one the next advice names there."""
    return load_settings()


# -- cached views of the diary (small results, computed once per diary version) ---------


@per_version(max_entries=4)
def frame(diary: Diary) -> pd.DataFrame:
    """All entries as the typed DataFrame with derived columns (cached per diary version). Do not modify it."""
    return diary.load()


def open_table_page(title: str, empty_closing: str, *, warnings: bool = True) -> tuple[Diary, pd.DataFrame]:
    """The start of a page drawn from the diary's table: the menu, its heading, the sample message, the last
    week's warning symptoms (``warnings=False``: the page leads with them itself), the table.

    An empty diary gets the welcome instead (``empty_closing`` its last line), and the page stops there.
    """
    use_app_navigation()
    st.title(title, anchor=False)
    sample_message()
    diary = current_diary()
    data = frame(diary)
    if data.empty:
        first_run(diary, empty_closing)
        st.stop()
    if warnings:
        week_warnings_first(diary)
    return diary, data


@per_version(max_entries=4)
def mattresses(diary: Diary) -> dict[str, str | None]:
    """The diary's mattresses, most recent first, with their last recorded firmness (cached)."""
    return known_mattresses(diary.mattress_nights())


@per_version(max_entries=4)
def trials(diary: Diary) -> list[Trial]:
    """Every trial the diary keeps, oldest first (``trials.store.all_trials``; cached)."""
    from diary.trials.store import all_trials

    return all_trials(diary)


@per_version(max_entries=4)
def trial_results(diary: Diary, today: dt.date) -> list[TrialResult]:
    """The answers of every finished or early-ended trial, most recent first (``trials.store.finished_results``;
    cached: each is a fit over the trial's nights, and the entries are all read to find which are over)."""
    from diary.trials.store import finished_results

    return finished_results(diary, today)


@per_version(max_entries=4)
def overview(diary: Diary, today: dt.date) -> Overview:
    """Today's status, the last two weeks, the streak and recent red flags (cached)."""
    recent = diary.entries(today - dt.timedelta(days=GLANCE_DAYS - 1), today)
    return overview_of(logged_dates(diary), recent, today)  # one read per version, shared with History


def week_warnings_first(diary: Diary) -> None:
    """The last week's warning symptoms at the top of a page that shows the diary (History, Trends), as loud as
    their most urgent tier: red flags are never buried below the charts and tables (nothing without any)."""
    today = clock.today()
    warned = week_warnings(overview(diary, today).red_flags, today, settings().emergency_number)
    if warned is not None:
        tier_message(warned[0] == "emergency", warned[1])


@per_version(max_entries=4)
def sparkline(diary: Diary, today: dt.date) -> str:
    """The last-two-weeks pain chart as an SVG drawing (cached per diary version)."""
    return pain_sparkline(overview(diary, today).recent)


@per_version(max_entries=4, shared=True)
def history_rows(diary: Diary, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The History table of the entries from ``start`` to ``end``, newest first.

    Cached per version and range, and shared: never copied, so do not modify it.
    """
    from diary.views.history import history_table

    return history_table(diary.entries(start, end))


# -- Trends and Factors: analysis and chart specs, cached per diary version and inputs ----
#
# Building a chart spec (and validating it) is the slow part of drawing one, and the
# analysis fits regressions: both are done once per diary version and inputs, and a
# rerun only unpickles small results. Long ranges arrive already aggregated (weekly).


@per_version(max_entries=6)
def analysis(diary: Diary, outcome: str = "pain") -> Analysis:
    """``diary.analysis.analyze`` of the whole diary for one outcome (cached per diary version)."""
    from diary.analysis import analyze
    from diary.trials.store import trial_so_far

    return analyze(frame(diary), outcome, hold_back=trial_so_far(diary, clock.today()))


@per_version(max_entries=4)
def _changes(diary: Diary) -> list[Switch]:
    from diary.analysis import find_switches

    return find_switches(frame(diary))


@per_version(max_entries=24)
def trend_panels(diary: Diary, start: dt.date, end: dt.date, view: str) -> dict[str, Panel]:
    """The charts of one Trends view for ``start``–``end``: name → (Vega-Lite spec or None, takeaway) (cached)."""
    from diary.views import panels as _panels

    return _panels.trend_panels(frame(diary), start, end, _changes(diary), view=view)


@per_version(max_entries=16)
def factor_panels(diary: Diary, outcome: str, view: str) -> FactorPanels:
    """The charts of one Factors view for one outcome (cached per version, outcome and view)."""
    from diary.views import panels as _panels

    return _panels.factor_panels(frame(diary), analysis(diary, outcome), views=(view,))


FACTORS_OPENS_WITH = (OUTCOME_IDS[0], next(iter(factors_words.VIEW_LABELS)))
"""The outcome and view the Factors page opens with: the first outcome, and the first of its tabs.

Taken from light modules, so that the Log page can have them built without loading the analysis itself."""


def build_factors_ahead(diary: Diary) -> None:
    """Have the Factors page's first view (and the analysis under it) built while the Log page is read.

    Once no page has run for a moment, in the background (``build_ahead``),
    once per diary version: opening Factors is then a look-up instead of
    fitting the diary there and then (on ten years, in the browser benchmark,
    a first visit soon after the Log page took 0.34–0.43 s instead of
    0.54–0.61 s, and History's first visit was as quick as before). Started at
    once instead, the build slowed a History visit clicked straight away.
    """
    outcome, view = FACTORS_OPENS_WITH
    build_ahead(
        diary, "the Factors page's first view", functools.partial(factor_panels, diary, outcome, view)
    )


@per_version(max_entries=16)
def chosen_before_after(diary: Diary, outcome: str, day: dt.date) -> tuple[Switch, Spec]:
    """Before/after a date the person picked, with its chart spec (cached per version, outcome and date)."""
    from diary.analysis import without_held_back
    from diary.views import panels as _panels

    whole = analysis(diary, outcome)  # cached: the page has it already
    # A running trial's mornings wait for its end here too, as they do in the analysis above it.
    held = whole.held_back
    days, _ = without_held_back(frame(diary), (held.first, held.last) if held else None)
    return _panels.before_after_panel(days, day, outcome, whole.autocorrelation)
