"""Pieces of pages that several pages show: the welcome, the sample diary, warnings, charts, folds, errors.

Also how pages hand a day to the Log page. Pages import all of this through
``pages._shared``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import streamlit as st

from diary import Diary, DiaryError
from diary.dashboard.server import guard_built
from diary.safety import RedFlagAdvice, number_saved_message
from diary.sample import SAMPLE_DAYS, SAMPLE_START, load_sample, remove_sample, sample_days
from diary.settings import Settings, SettingsNotSaved, save_settings, settings_path
from diary.views import app_words as words
from diary.views.log_words import not_saved, settings_not_written
from diary.views.markdown import plain_message
from pages._caching import after_write, per_version

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

    from diary.views.trends import Takeaway

LOG_PAGE = "pages/log.py"
IMPORT_PAGE = "pages/import_diary.py"
EMERGENCY_ICON = ":material/emergency:"
"""The emergency tier's mark: its advice boxes and the dialog that interrupts the Log page."""

# Session-state keys other pages use to talk to the Log page.
LOG_OPEN_DAY = "log_open_day"
"""Set to a date, then switch to the Log page: it opens that day (for editing when it has an entry)."""
LOG_LOADED = "log_loaded"
"""The Log page's record of which day its form holds; removing it makes the form load afresh."""

_SAMPLE_MESSAGE = "sample_message"  # (kind, text) from the last load or removal of the sample, shown once
OPEN_FOLDS = "open_folds"
"""The keys of the folds (``fold``) the person has opened, in plain session state: kept across pages."""
CHOSEN_TABS = "chosen_tabs"
"""Each ``chosen_tab``'s key → the view the person chose, in plain session state: kept across pages."""
OPENED_ON = "tabs_opened_on"
"""Each ``chosen_tab``'s key → the view its tabs opened on when the page was opened (their ``default``)."""


def forget_log_form() -> None:
    """Make the Log page load its form afresh (after the diary changed under it)."""
    st.session_state.pop(LOG_LOADED, None)


def show_error(exc: DiaryError) -> None:
    """A diary error as the person should see it: the message as written, never a traceback."""
    st.error(plain_message(exc))


NONCE = itertools.count()
"""Numbers a script's text with, so that the same script drawn again is a new element and runs again."""


def scroll_into_view(key: str, *, block: str = "start") -> None:
    """Scroll the element keyed ``key`` into view once, after this run has drawn it.

    ``block`` is "start" (to the top of the screen) or "nearest" (just into
    view). Each call gets its own script text, so a repeated call runs again.
    """
    selector = json.dumps(f".st-key-{key}")
    st.html(
        f"<script>/* {next(NONCE)} */ setTimeout(() => document.querySelector({selector})"
        f"?.scrollIntoView({{block: {json.dumps(block)}}}), 50);</script>",
        unsafe_allow_javascript=True,
    )


def tier_message(emergency: bool, text: str) -> None:
    """Advice as loud as its tier: the emergency tier in a red box, the see-a-doctor tier in amber."""
    if emergency:
        st.error(text, icon=EMERGENCY_ICON)
    else:
        st.warning(text, icon=":material/medical_services:")


def red_flag_alert(advice: RedFlagAdvice, day: dt.date | None = None) -> None:
    """A morning's red-flag advice, as loud as its tier."""
    tier_message(advice.is_emergency, words.red_flag_text(advice, day))


def chart_with_takeaway(panel: tuple[dict[str, Any] | None, Takeaway]) -> None:
    """A chart (its Vega-Lite spec) with its one-line takeaway under it; with too little to draw, the takeaway saying why."""
    spec, takeaway = panel
    if spec is None:
        st.info(takeaway.text)
        return
    st.vega_lite_chart(spec, width="stretch")
    st.markdown(takeaway.text)


# -- folded sections ---------------------------------------------------------------


def _fold_toggled(key: str) -> None:
    """A fold's ``on_change``: remember whether the person opened or closed it."""
    opened: set[str] = st.session_state.setdefault(OPEN_FOLDS, set())
    if st.session_state.get(key):
        opened.add(key)
    else:
        opened.discard(key)


def fold_is_open(key: str) -> bool:
    """Whether the person has opened the fold keyed ``key`` (and not closed it since)."""
    return key in st.session_state.get(OPEN_FOLDS, ())


@contextmanager
def fold(label: str, *, key: str, expanded: bool = False) -> Iterator[bool]:
    """An expander whose contents are drawn only while it is open: ``with fold(...) as is_open: if is_open: ...``.

    Streamlit sends a closed expander's contents all the same, and the browser
    draws every widget and chart in it on every visit of the page. This one
    reruns the page when it is opened or closed, and says whether it is open,
    so what nobody looks at costs nothing. Whether it is open is kept in plain
    session state (``OPEN_FOLDS``), so it stays open when its label changes
    (the label is part of its identity) and when the person comes back from
    another page. ``expanded``: open whatever the person did (a problem in it to show).
    """
    with st.expander(
        label,
        expanded=expanded or fold_is_open(key),
        key=key,
        on_change=_fold_toggled,
        args=(key,),
    ) as box:
        yield bool(box.open)


def _tab_chosen(key: str, views: Mapping[str, str]) -> None:
    """A ``chosen_tab``'s ``on_change``: remember the view whose tab the person chose."""
    label = st.session_state.get(key)
    chosen = next((view for view, shown in views.items() if shown == label), None)
    if chosen is not None:
        st.session_state.setdefault(CHOSEN_TABS, {})[key] = chosen


_TAB_IN_SIGHT = """<script>/* KEY */ [300, 1000].forEach((wait) => setTimeout(() => {
    const row = document.querySelector('.st-key-KEY [role="tablist"]');
    const tab = row && row.querySelector('[role="tab"][aria-selected="true"]');
    if (!tab) return;
    const [edges, at] = [row.getBoundingClientRect(), tab.getBoundingClientRect()];
    if (at.right > edges.right) row.scrollLeft += at.right - edges.right;
    else if (at.left < edges.left) row.scrollLeft -= edges.left - at.left;
}, wait));</script>"""


def _chosen_tab_in_sight(key: str) -> None:
    """Scroll the row of the tabs keyed ``key`` sideways, once drawn, until the chosen tab is in sight.

    A page opened again on a view chosen further along the row (on a phone)
    had the row at its start, the chosen tab out of sight: Streamlit's own
    scroll to it, smooth, is cut short by the page's scroll to its top. In
    the sidebar, at its end: on the page it would take a gap's room below the tabs.
    """
    st.sidebar.html(_TAB_IN_SIGHT.replace("KEY", key), unsafe_allow_javascript=True)


def chosen_tab(views: Mapping[str, str], *, key: str) -> tuple[str, DeltaGenerator]:
    """Tabs (view id → label) of which only the chosen one is drawn: its view id and its container.

    Streamlit sends every tab's contents and the browser lays out every chart
    in them, shown or not; these tabs rerun the page when another is chosen,
    and the page draws only the chosen view, inside the returned container.
    The choice is kept in plain session state (``CHOSEN_TABS``), so the person
    finds the same view on coming back from another page.
    """
    remembered = st.session_state.get(CHOSEN_TABS, {}).get(key)
    chosen = remembered if remembered in views else next(iter(views))
    # The default is part of the tabs' identity: changed at every choice, it made the browser draw
    # new tabs, their row scrolled back to the first ones (on a phone, the tab just chosen out of
    # sight). So it changes only when the tabs are drawn anew, the page opened again.
    opened_on: dict[str, str] = st.session_state.setdefault(OPENED_ON, {})
    drawn_anew = key not in st.session_state or opened_on.get(key) not in views
    if drawn_anew:
        opened_on[key] = chosen
    tabs = st.tabs(
        list(views.values()),
        default=views[opened_on[key]],
        key=key,
        on_change=_tab_chosen,
        args=(key, views),
    )
    if drawn_anew:
        _chosen_tab_in_sight(key)
    for view, tab in zip(views, tabs, strict=True):
        if tab.open:
            return view, tab
    return chosen, tabs[list(views).index(chosen)]


# -- the diary's dates, and the sample diary ------------------------------------------


@per_version(max_entries=4)
def logged_dates(diary: Diary) -> list[dt.date]:
    """Every logged date, sorted (cached per diary version): one read for every page that needs them."""
    return diary.dates()


@per_version(max_entries=4)
def sample_loaded(diary: Diary) -> list[dt.date]:
    """Dates whose entry is still exactly the sample's (cached)."""
    dates = logged_dates(diary)
    last = SAMPLE_START + dt.timedelta(days=SAMPLE_DAYS - 1)
    if bisect.bisect_right(dates, last) == bisect.bisect_left(dates, SAMPLE_START):
        return []  # nothing in the sample's months: no need to generate it
    return sample_days(diary)


def _change_sample(diary: Diary, change: Callable[[Diary], Any], said: Callable[[Any], str]) -> None:
    """Load or remove the sample (button callback); what happened is shown once by ``sample_message``."""
    try:
        outcome = change(diary)
    except DiaryError as exc:  # ImportConflict included: days of the person's own are in the way
        st.session_state[_SAMPLE_MESSAGE] = ("error", plain_message(exc))
        return
    after_write()
    forget_log_form()
    for key in DIARY_SPAN_KEYS:  # their first and last days were the diary's before the sample came or went
        st.session_state.pop(key, None)
    st.session_state[_SAMPLE_MESSAGE] = ("success", said(outcome))


DIARY_SPAN_KEYS = ("history_range", "history_day", "export_from", "export_to")
"""Date boxes that open on the diary's own first or last day: chosen again once the sample comes or goes."""


def _load_sample(diary: Diary) -> None:
    _change_sample(
        diary,
        load_sample,
        lambda result: words.sample_loaded_message(result.added, SAMPLE_START),
    )


def _remove_sample(diary: Diary) -> None:
    _change_sample(
        diary,
        remove_sample,
        lambda removed: words.sample_removed_message(removed),
    )


def sample_message() -> None:
    """The outcome of the last load/remove of the sample diary, shown once."""
    shown = st.session_state.pop(_SAMPLE_MESSAGE, None)
    if shown:
        kind, text = shown
        (st.success if kind == "success" else st.error)(text)


def first_run(diary: Diary, closing: str = "") -> None:
    """What an empty diary shows: what the app does, and two ways to start with data (``closing``: a last line)."""
    with st.container(border=True):
        st.markdown(words.WELCOME)
        left, right = st.columns(2)
        left.button(
            words.LOAD_SAMPLE,
            key="load_sample",
            icon=":material/science:",
            on_click=_load_sample,
            args=(diary,),
            help=words.LOAD_SAMPLE_HELP,
        )
        with right:
            st.page_link(IMPORT_PAGE, label=words.IMPORT_CSV, icon=":material/upload_file:")
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
    st.sidebar.info(words.sample_notice(len(days), min(days), max(days)))
    st.sidebar.button(
        words.REMOVE_SAMPLE,
        key="remove_sample",
        icon=":material/delete_sweep:",
        on_click=_remove_sample,
        args=(diary,),
        help=words.REMOVE_SAMPLE_HELP,
    )


def unguarded_notice() -> None:
    """In the sidebar when a browser reached the dashboard without its front door (``diary.dashboard.server``).

    Only a browser's session has a Host header; a page run without one (a test
    of the page) has no door to go without.
    """
    host = st.context.headers.get("Host")
    if isinstance(host, str) and not guard_built():
        st.sidebar.warning(words.UNGUARDED, icon=":material/gpp_maybe:")


def keep_emergency_number(typed: str, notice: str) -> Settings | None:
    """Save the emergency number ``typed``, and put what happened in ``st.session_state[notice]`` as (kind, text).

    The Log page's first-use prompt and the Settings page both save it here.
    Returns the saved settings, or None when nothing was saved (the message says why).
    """
    try:
        saved = save_settings(Settings(emergency_number=typed))
    except SettingsNotSaved as exc:  # the file could not be written: the message says so and names it
        st.session_state[notice] = ("error", plain_message(exc))
    except DiaryError as exc:  # not a number a phone can dial: the message says what is allowed
        st.session_state[notice] = ("error", not_saved(exc))
    except OSError as exc:
        st.session_state[notice] = ("error", settings_not_written(settings_path(), exc))
    else:
        st.session_state[notice] = ("success", number_saved_message(saved.emergency_number or ""))
        return saved
    return None
