"""History: every logged morning, newest first; open a day to correct it, or delete it.

The table comes from ``diary.views.history`` (built once per diary version and
filtered with pandas on each rerun); counts and the streak from
``diary.views.overview``.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from diary import Diary, DiaryError, Entry, EntryExists, EntryNotFound
from diary.entry import EARLIEST_DATE
from diary.fields import FIELD_BY_NAME
from diary.views.form import saved_message
from diary.views.history import HISTORY_COLUMNS, HISTORY_LIMIT, filter_history
from diary.views.overview import logged_and_missing
from diary.wording import day_label
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
    show_error,
    use_app_navigation,
)

CONFIRM = "history_confirm"  # the day whose deletion waits for confirmation
DELETED = "history_deleted"  # the entry just deleted (for Undo)
NOTICE = "history_notice"  # (kind, text) from the last delete or undo
SHOWN = "history_shown"  # the dates of the table's rows, in order, for row clicks
PICKED = "history_picked"  # the table selection already applied to the day picker
GO_TO_LOG = "history_go_to_log"  # set by the edit button: switch to the Log page on this run


def pick_row(selection: object) -> None:
    """A click on a table row chooses that day below (once per click: picking a date later still works)."""
    rows = tuple(selection["selection"]["rows"]) if selection else ()  # type: ignore[index]
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
    st.session_state.pop(NOTICE, None)


def cancel_delete() -> None:
    st.session_state.pop(CONFIRM, None)


def delete(diary: Diary, day: dt.date) -> None:
    """The confirmed delete: remove the day's entry and keep it for Undo."""
    st.session_state.pop(CONFIRM, None)
    try:
        removed = diary.delete(day)
    except (EntryNotFound, DiaryError) as exc:
        st.session_state[NOTICE] = ("error", f"Nothing was deleted: {exc}")
        return
    after_write()
    forget_log_form()
    st.session_state[DELETED] = removed
    st.session_state[NOTICE] = ("success", f"Deleted the entry for {day_label(day)}.")


def undo_delete(diary: Diary) -> None:
    """Put the entry just deleted back, exactly as it was (its first-saved time included)."""
    removed: Entry | None = st.session_state.pop(DELETED, None)
    if removed is None:
        return
    try:
        restored = diary.add(removed)
    except EntryExists:
        st.session_state[NOTICE] = (
            "error",
            f"Not restored: {day_label(removed.date)} has a new entry since. Open it on the Log page.",
        )
        return
    except DiaryError as exc:
        st.session_state[NOTICE] = ("error", f"Not restored: {exc}")
        return
    after_write()
    forget_log_form()
    st.session_state[NOTICE] = ("success", "Restored. " + saved_message(restored, updated=False))


def entry_summary(entry: Entry) -> str:
    parts = [f"morning pain {entry.pain} of 10"]
    if entry.mattress:
        parts.append(entry.mattress)
    if entry.tags:
        parts.append("tags " + ", ".join(entry.tags))
    if entry.notes:
        note = entry.notes if len(entry.notes) <= 60 else entry.notes[:59] + "…"
        parts.append(f"“{note}”")
    return "; ".join(parts)


def column_config() -> dict[str, object]:
    def label(name: str) -> str:
        return FIELD_BY_NAME[name].label if name in FIELD_BY_NAME else name

    config: dict[str, object] = {
        name: st.column_config.Column(label(name), help=FIELD_BY_NAME[name].meaning)
        for name in HISTORY_COLUMNS
        if name in FIELD_BY_NAME
    }
    config["date"] = st.column_config.DateColumn("Date", format="ddd D MMM YYYY", pinned=True)
    config["pain"] = st.column_config.NumberColumn(
        "Pain", help="Morning pain, 0 no pain to 10 worst imaginable"
    )
    config["sleep_hours"] = st.column_config.NumberColumn(
        "Sleep (h)",
        help="Hours asleep: time in bed minus the minutes to fall asleep and the minutes awake",
        format="%.1f",
    )
    return config


# -- the page -------------------------------------------------------------------------


def show_page(diary: Diary, today: dt.date) -> None:
    """The History page: counts, filters, the table, and correcting or deleting a day."""
    st.title("History")
    sample_message()

    dates = logged_dates(diary)
    if not dates:
        first_run(diary, "Once you log mornings, they are listed here to browse, correct or delete.")
        return

    summary = overview(diary, today)
    # Today only counts as missing once it is over.
    whole = logged_and_missing(
        dates, dates[0], today if summary.logged_today else today - dt.timedelta(days=1)
    )
    logged, missing, streak = st.columns(3)
    logged.metric("Days logged", whole.logged)
    missing.metric("Days missing", whole.missing)
    streak.metric("Logged in a row", summary.streak)
    st.caption(f"{whole.sentence()} {summary.streak_sentence()}")

    # A backup restored from east of the date line can hold a day that has not begun here yet.
    latest = max(today, dates[-1])
    span, search = st.columns([2, 3])
    with span:
        chosen = st.date_input(
            "Dates",
            value=(dates[0], latest),
            min_value=EARLIEST_DATE,
            max_value=latest,
            format="YYYY-MM-DD",
            key="history_range",
            help="Show the mornings from the first to the second date.",
        )
    with search:
        text = st.text_input(
            "Search notes and tags",
            key="history_search",
            placeholder="e.g. travel or drive",
            help="Shows only the days whose notes or tags contain this text (any case).",
        )
    picked = tuple(chosen) if isinstance(chosen, (tuple, list)) else (chosen,)
    start = picked[0] if picked else dates[0]
    end = picked[1] if len(picked) > 1 else latest

    rows = filter_history(history_rows(diary), start=start, end=end, search=text or "")
    in_range = logged_and_missing(dates, start, end)
    if text and text.strip():
        st.caption(f"{len(rows)} of {in_range.logged} entries in this range mention “{text.strip()}”.")
    elif (start, end) != (dates[0], latest):
        st.caption(in_range.sentence())
    shown = rows.head(HISTORY_LIMIT)
    if len(rows) > len(shown):
        st.caption(
            f"Showing the newest {len(shown)} of {len(rows)} entries; choose a narrower range to see older ones."
        )
    st.session_state[SHOWN] = [ts.date() for ts in shown["date"]]
    if len(shown):
        selection = st.dataframe(
            shown,
            key="history_table",
            on_select="rerun",
            selection_mode="single-row",
            hide_index=True,
            column_order=HISTORY_COLUMNS,
            column_config=column_config(),
            height=min(38 + 35 * len(shown), 420),
        )
        pick_row(selection)
    else:
        st.info("No entries match. Widen the dates or change the search.")

    st.subheader("Correct or delete a day")
    if not isinstance(st.session_state.get("history_day"), dt.date):
        st.session_state["history_day"] = dates[-1]
    pick, edit_col, delete_col = st.columns([2, 2, 1], vertical_alignment="bottom")
    with pick:
        day = st.date_input(
            "Day",
            key="history_day",
            min_value=EARLIEST_DATE,
            max_value=latest,
            format="YYYY-MM-DD",
            help="Click a row in the table, or pick a date.",
        )
    entry = diary.get(day) if isinstance(day, dt.date) else None
    with edit_col:
        st.button(
            "Open it on the Log page" if entry else "Log this day on the Log page",
            key="history_edit",
            icon="✏️",
            disabled=not isinstance(day, dt.date),
            on_click=open_on_log_page,
            args=(day,),
        )
    with delete_col:
        st.button(
            "Delete…",
            key="history_delete",
            icon="🗑️",
            disabled=entry is None,
            on_click=ask_to_delete,
            args=(day,),
        )
    if entry is not None:
        st.caption(f"{day_label(entry.date)}: {entry_summary(entry)}.")
    elif isinstance(day, dt.date):
        st.caption(f"{day_label(day)} has no entry.")

    if st.session_state.get(CONFIRM) is not None and (entry is None or st.session_state[CONFIRM] != day):
        cancel_delete()  # another day was picked meanwhile: never delete a day the person is not looking at
    if st.session_state.get(CONFIRM) is not None and entry is not None:
        with st.container(border=True):
            st.warning(
                f"**Delete the entry for {day_label(day)}?** ({entry_summary(entry)}.) "
                "It is removed from the diary; you can undo this right after.",
                icon="🗑️",
            )
            yes, no = st.columns(2)
            yes.button(
                "Yes, delete it",
                key="history_confirm_delete",
                type="primary",
                on_click=delete,
                args=(diary, day),
            )
            no.button("No, keep it", key="history_cancel_delete", on_click=cancel_delete)

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
            f"Undo: put {day_label(deleted.date)} back",
            key="history_undo",
            icon="↩️",
            on_click=undo_delete,
            args=(diary,),
        )


use_app_navigation()
if st.session_state.pop(GO_TO_LOG, False):
    st.switch_page(LOG_PAGE)
try:
    show_page(current_diary(), dt.date.today())
except DiaryError as exc:  # e.g. the diary file was damaged or locked while the app was open
    show_error(exc)
