"""History: every logged morning, newest first; open a day to correct it, or delete it.

The table and what the page says about it come from ``diary.views.history``
(built once per diary version and range from only the entries it can show,
and filtered with pandas on each rerun); its fixed words from
``diary.views.history_words``; counts and the streak from
``diary.views.overview``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

import streamlit as st

from diary import Diary, DiaryError, Entry, EntryExists, EntryNotFound, clock
from diary.dashboard.browser_code import screen_width
from diary.entry import EARLIEST_DATE
from diary.views import history as view
from diary.views import history_words as words
from diary.views.app_words import HISTORY
from diary.views.overview import days_so_far, logged_and_missing
from diary.wording import PICKER_FORMAT
from pages._shared import (
    LOG_OPEN_DAY,
    LOG_PAGE,
    after_write,
    current_diary,
    first_run,
    forget_log_form,
    history_rows,
    logged_dates,
    overview,
    sample_message,
    scroll_into_view,
    show_error,
    use_app_navigation,
    week_warnings_first,
)

if TYPE_CHECKING:
    from streamlit.typing import DataframeState

CONFIRM = "history_confirm"  # the day whose deletion waits for confirmation
DELETED = "history_deleted"  # the entry just deleted (for Undo)
NOTICE = "history_notice"  # (kind, text) from the last delete or undo
CONFIRM_SHOWN = "history_confirm_shown"  # the question before a delete has been scrolled into view once
SHOWN = "history_shown"  # the dates of the table's rows, in order, for taps on the table
PICKED = "history_picked"  # the table selection already applied to the day picker
GO_TO_LOG = "history_go_to_log"  # set by the edit button: switch to the Log page on this run
COLUMNS = "history_columns"  # the column-set control


def pick_row(selection: DataframeState) -> None:
    """A tap on a cell of the table chooses its row's day below (once per tap: picking a date later still works).

    Cells, not rows: row selection puts a column of check boxes before the
    date, which a phone's screen cannot spare.
    """
    rows = tuple(dict.fromkeys(row for row, _ in selection["selection"]["cells"])) if selection else ()
    if rows == st.session_state.get(PICKED):
        return
    st.session_state[PICKED] = rows
    shown = st.session_state.get(SHOWN, [])
    if rows and rows[0] < len(shown):
        st.session_state["history_day"] = shown[rows[0]]
        st.session_state.pop(CONFIRM, None)


def open_on_log_page(day: dt.date) -> None:
    """The edit button: hand the day to the Log page, which opens it (for editing when it has an entry)."""
    st.session_state[LOG_OPEN_DAY] = day
    st.session_state[GO_TO_LOG] = True
    forget_log_form()


def ask_to_delete(day: dt.date) -> None:
    st.session_state[CONFIRM] = day
    st.session_state[CONFIRM_SHOWN] = False
    st.session_state.pop(NOTICE, None)


def cancel_delete() -> None:
    st.session_state.pop(CONFIRM, None)


def delete(diary: Diary, day: dt.date) -> None:
    """The confirmed delete: remove the day's entry and keep it for Undo."""
    st.session_state.pop(CONFIRM, None)
    try:
        removed = diary.delete(day)
    except (EntryNotFound, DiaryError) as exc:
        st.session_state[NOTICE] = ("error", words.not_deleted(exc))
        return
    after_write()
    forget_log_form()
    st.session_state[DELETED] = removed
    st.session_state[NOTICE] = ("success", view.deleted_message(day))


def undo_delete(diary: Diary) -> None:
    """Put the entry just deleted back, exactly as it was (its first-saved time included)."""
    removed: Entry | None = st.session_state.pop(DELETED, None)
    if removed is None:
        return
    try:
        restored = diary.add(removed)
    except EntryExists:
        st.session_state[NOTICE] = ("error", view.not_restored_message(removed.date))
        return
    except DiaryError as exc:
        st.session_state[NOTICE] = ("error", words.not_restored(exc))
        return
    after_write()
    forget_log_form()
    st.session_state[NOTICE] = ("success", view.restored_message(restored))


def column_config(columns: tuple[str, ...]) -> dict[str, Any]:
    """The table's columns: short headings with the diary's own label and meaning as help; the date pinned.

    Numbers get narrow columns. Every column of a part's set
    (``view.COLUMN_SETS``) gets the width that fits a phone of 360 px
    (``view.PART_WIDTHS_PX``); a long text is cut there with "…" (``view.fit_part``), and shown whole
    with every column.
    """
    every = columns == view.COLUMN_SETS["all"]
    narrow = set(view.NARROW_COLUMNS)
    headings = view.HISTORY_HEADINGS

    def width(name: str) -> Literal["small"] | int | None:
        if not every:
            return view.PART_WIDTHS_PX.get(name)
        return "small" if name in narrow else None

    typed = {
        # The date stays in view while the others scroll sideways (on a phone, most are off screen).
        "date": st.column_config.DateColumn(
            headings["date"], format="ddd D MMM YYYY", pinned=True, width=width("date")
        ),
        "pain": st.column_config.NumberColumn(
            headings["pain"], help=view.column_help("pain"), width=width("pain")
        ),
        "sleep_hours": st.column_config.NumberColumn(
            headings["sleep_hours"],
            help=view.column_help("sleep_hours"),
            format="%.1f",
            width=width("sleep_hours"),
        ),
    }
    return {
        name: typed.get(name)
        or st.column_config.Column(headings[name], help=view.column_help(name), width=width(name))
        for name in view.HISTORY_COLUMNS
    }


def column_set() -> tuple[str, ...]:
    """The choice of columns, and the columns it shows: at first all, or on a phone (or as narrow a window) the morning's.

    Streamlit keeps the choice for the session (``persist_state``), so it is
    found again on coming back from another page.
    """
    chosen = st.segmented_control(
        words.COLUMNS,
        list(view.COLUMN_SETS),
        default=view.default_column_set(
            st.context.headers.get("User-Agent") or "", screen_width(st.context.cookies)
        ),
        format_func=words.COLUMN_SET_LABELS.__getitem__,
        required=True,
        key=COLUMNS,
        persist_state="session",
        help=words.COLUMNS_HELP,
    )
    return view.COLUMN_SETS[chosen if chosen in view.COLUMN_SETS else "all"]


# -- the page -------------------------------------------------------------------------


def day_counts(diary: Diary, dates: list[dt.date], today: dt.date) -> None:
    """Days logged and missing since the first entry, and the current run of logged days: two sentences.

    Sentences, not three number tiles as well: the tiles said what the
    sentences say, and were four more elements (and the browser code for
    numbers) for the browser to draw on every visit.
    """
    summary = overview(diary, today)
    whole = days_so_far(dates, today)
    st.markdown(f"**{whole.sentence()}**  \n{summary.streak_sentence()}")


def filters(dates: list[dt.date], today: dt.date) -> tuple[dt.date, dt.date, str]:
    """The range and search boxes: the first and last date to show, and the text to look for."""
    span, search = st.columns([2, 3])
    with span:
        chosen = st.date_input(
            words.DATES,
            value=(dates[0], today),
            min_value=EARLIEST_DATE,
            max_value=today,
            format=PICKER_FORMAT,
            key="history_range",
            help=words.DATES_HELP,
        )
    with search:
        text = st.text_input(
            words.SEARCH,
            key="history_search",
            placeholder=words.SEARCH_PLACEHOLDER,
            help=words.SEARCH_HELP,
        )
    start, end = view.picked_range(chosen, dates[0], today)
    return start, end, text or ""


def entries_table(diary: Diary, dates: list[dt.date], today: dt.date) -> None:
    """The filters, then the newest matching entries; a tap on a cell picks its row's day below."""
    start, end, text = filters(dates, today)
    first = view.rows_needed(dates, start, end, text)
    rows = view.filter_history(history_rows(diary, first, end), start=start, end=end, search=text)
    counts = logged_and_missing(dates, start, end)
    matching = len(rows) if text.strip() else counts.logged  # without a search, every logged day matches
    shown = rows.head(view.HISTORY_LIMIT)
    narrowed = (start, end) != (dates[0], today)
    captions = (
        view.filter_caption(matching, counts, text, narrowed=narrowed),
        view.limit_caption(len(shown), matching),
        view.TABLE_KEY if len(shown) else None,
    )
    said = "  \n".join(c for c in captions if c)
    if said:
        st.caption(said)  # one element: the browser draws each element on every visit
    st.session_state[SHOWN] = [ts.date() for ts in shown["date"]]
    if not len(shown):
        st.info(words.NO_MATCH)
        return
    columns = column_set()
    selection = st.dataframe(
        view.fit_part(shown, columns),
        key=view.table_key(st.session_state[SHOWN]),
        alt=view.TABLE_NAME,
        placeholder=view.NOT_RECORDED,
        on_select="rerun",
        selection_mode="single-cell",
        hide_index=True,
        column_order=columns,
        column_config=column_config(columns),
        height=min(38 + 35 * len(shown), 420),
    )
    pick_row(selection)


def correct_or_delete(diary: Diary, dates: list[dt.date], today: dt.date) -> None:
    """Pick a day (or click a row), then open it on the Log page or delete its entry."""
    st.header(words.CORRECT_OR_DELETE, anchor=False)
    if not isinstance(st.session_state.get("history_day"), dt.date):
        st.session_state["history_day"] = dates[-1]
    pick, edit_col, delete_col = st.columns([2, 2, 1], vertical_alignment="bottom")
    with pick:
        picked = st.date_input(
            words.DAY,
            key="history_day",
            min_value=EARLIEST_DATE,
            max_value=today,
            format=PICKER_FORMAT,
            help=words.DAY_HELP,
        )
    day = picked if isinstance(picked, dt.date) else None
    entry = diary.get(day) if day else None
    with edit_col:
        st.button(
            words.edit_label(entry is not None),
            key="history_edit",
            icon=":material/edit:",
            disabled=day is None,
            on_click=open_on_log_page,
            args=(day,),
        )
    with delete_col:
        st.button(
            words.DELETE,
            key="history_delete",
            icon=":material/delete:",
            disabled=entry is None,
            on_click=ask_to_delete,
            args=(day,),
        )
    if day is not None:
        st.caption(view.day_caption(day, entry))
    confirm_delete(diary, entry)


def confirm_delete(diary: Diary, entry: Entry | None) -> None:
    """The question before a delete, for the day picked (a delete asked for another day is cancelled)."""
    asked = st.session_state.get(CONFIRM)
    if asked is None:
        return
    if entry is None or asked != entry.date:
        cancel_delete()  # another day was picked meanwhile: never delete a day the person is not looking at
        return
    with st.container(border=True, key="history_confirm_box"):
        st.warning(view.delete_question(entry), icon=":material/delete:")
        yes, no = st.columns(2)
        yes.button(
            words.CONFIRM_DELETE,
            key="history_confirm_delete",
            type="primary",
            on_click=delete,
            args=(diary, entry.date),
        )
        no.button(words.KEEP, key="history_cancel_delete", on_click=cancel_delete)
    if not st.session_state.get(CONFIRM_SHOWN, True):
        # Asked at the foot of a phone's screen, the question and its answers came below it, out of sight.
        st.session_state[CONFIRM_SHOWN] = True
        scroll_into_view("history_confirm_box", block="nearest")


def last_change(diary: Diary) -> None:
    """What the last delete or undo said, once; and Undo while a deleted entry can be put back."""
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        kind, message = notice
        if kind == "success":
            st.success(message)
        else:
            st.error(message)
    deleted = st.session_state.get(DELETED)
    if deleted is not None:
        st.button(
            view.undo_label(deleted.date),
            key="history_undo",
            icon=":material/undo:",
            on_click=undo_delete,
            args=(diary,),
        )


def show_page(diary: Diary, today: dt.date) -> None:
    """The History page: counts, filters, the table, and correcting or deleting a day."""
    st.title(HISTORY, anchor=False)
    sample_message()
    dates = logged_dates(diary)
    if not dates:
        last_change(diary)  # the last entry just deleted: said, with its Undo, above the welcome
        first_run(diary, words.FIRST_RUN_CLOSING)
        return
    week_warnings_first(diary)
    day_counts(diary, dates, today)
    # A backup restored from east of the date line can hold a day that has not begun here yet.
    latest = max(today, dates[-1])
    entries_table(diary, dates, latest)
    correct_or_delete(diary, dates, latest)
    last_change(diary)


use_app_navigation()
if st.session_state.pop(GO_TO_LOG, False):
    st.switch_page(LOG_PAGE)
try:
    show_page(current_diary(), clock.today())
except DiaryError as exc:  # e.g. the diary file was damaged or locked while the app was open
    show_error(exc)
