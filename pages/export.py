"""Export: the diary CSV and the one-page doctor report for a date range, and a full backup."""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st

from diary import Diary, DiaryError, clock
from diary.entry import EARLIEST_DATE
from diary.exchange.backup import backup_filename, check_backup, full_backup
from diary.exchange.diary_csv import CSVExport, export_csv, export_preview, nothing_to_export
from diary.views import export_words as words
from diary.views.report import report_filename
from diary.wording import PICKER_FORMAT
from pages._shared import (
    analysis,
    build_ahead,
    current_diary,
    frame,
    logged_dates,
    per_version,
    plain_message,
    show_error,
    trial_results,
    use_app_navigation,
)

REPORT_KEY = "export_report"
REPORT_ERROR_KEY = "export_report_error"


@per_version(max_entries=8)
def _csv(diary: Diary, start: dt.date, end: dt.date, include_notes: bool) -> CSVExport:
    """What the diary CSV of a range holds (cached per diary version, range and choice of notes)."""
    return export_preview(diary, start, end, include_notes=include_notes)


@per_version(max_entries=4, shared=True)
def _csv_file(diary: Diary, start: dt.date, end: dt.date, include_notes: bool) -> bytes:
    """The diary CSV itself (cached per diary version, range and choice of notes; shared: never copied).

    Handed to the download button as the file, which the server then serves
    like any other. Made only when pressed instead (a callable), a press while
    the page reruns can lose its download: the callable belongs to the run it
    was drawn by (on a busy machine, 6 of 10 such presses never started one).
    """
    return export_csv(diary, start=start, end=end, include_notes=include_notes).encode("utf-8")


def _whole(diary: Diary) -> tuple[dt.date, dt.date] | None:
    """The first and last logged day (None for an empty diary)."""
    dates = logged_dates(diary)
    return (dates[0], dates[-1]) if dates else None


@per_version(max_entries=2)
def _backup_refusal(diary: Diary) -> str | None:
    """What would stop a full backup (``check_backup``), shown as written; read once per diary version, not on
    every run of the page."""
    try:
        check_backup(diary)
    except DiaryError as exc:
        return plain_message(exc)
    return None


@per_version(max_entries=4)
def _report(diary: Diary, start: dt.date, end: dt.date) -> tuple[bytes, bytes]:
    """The report PDF and a PNG of its page (cached per diary version and range)."""
    from diary.trials.store import trial_so_far
    from diary.views.report import build_report, preview_png

    trials = trial_results(diary, clock.today())
    held = trial_so_far(diary, clock.today())
    # The pages' analysis of the whole diary is the report's own when the range covers every day;
    # the report picks its days from the pages' frame of the whole diary (no entry objects to build).
    whole = analysis(diary, "pain") if (start, end) == _whole(diary) else None
    pdf = build_report(frame(diary), start, end, trials=trials, analysis=whole, hold_back=held)
    return pdf, preview_png(pdf)


def _make_report(diary: Diary) -> None:
    """Button callback: make the report for the chosen dates (runs before the page is drawn again)."""
    start, end = st.session_state.get("export_from"), st.session_state.get("export_to")
    st.session_state.pop(REPORT_ERROR_KEY, None)
    if start is None or end is None:
        return
    version = diary.version()
    try:
        st.session_state[REPORT_KEY] = ((version, start, end), *_report(diary, start, end))
    except DiaryError as exc:
        st.session_state.pop(REPORT_KEY, None)
        st.session_state[REPORT_ERROR_KEY] = plain_message(exc)


@st.fragment
def _report_section(diary: Diary, start: dt.date, end: dt.date) -> None:
    """The report's button, and the report once made: a fragment, so making it redraws only this part."""
    today = clock.today()
    st.button(words.MAKE_REPORT, key="make_report", type="primary", on_click=_make_report, args=(diary,))
    failed = st.session_state.pop(REPORT_ERROR_KEY, None)
    if failed:
        show_error(DiaryError(failed))
    made = st.session_state.get(REPORT_KEY)
    if made and made[0] == (diary.version(), start, end):
        _, pdf, png = made
        st.download_button(
            words.DOWNLOAD_REPORT,
            data=pdf,
            file_name=report_filename(start, min(end, today)),
            mime="application/pdf",
            key="download_report",
            type="primary",
        )
        # Its own width, never wider than the page (a phone's included).
        st.image(png, caption=words.REPORT_PREVIEW, width="content", alt=words.REPORT_PREVIEW_ALT)
    elif made:
        st.caption(words.REPORT_STALE)


def csv_section(diary: Diary, start: dt.date, end: dt.date) -> None:
    """The diary CSV of the dates chosen: notes in or out, the download, and its first rows."""
    st.header(words.CSV, anchor=False)
    include_notes = st.toggle(
        words.INCLUDE_NOTES, value=True, key="include_notes", help=words.INCLUDE_NOTES_HELP
    )
    try:
        export = _csv(diary, start, end, include_notes)
    except DiaryError as exc:
        st.warning(plain_message(exc))
        return
    st.download_button(
        words.DOWNLOAD_CSV,
        data=_csv_file(diary, start, end, include_notes),
        file_name=export.filename,
        mime="text/csv",
        key="download_csv",
    )
    st.caption(words.csv_holds(export.describe()))
    shown = export.preview()
    st.dataframe(shown, hide_index=True, width="stretch")
    if export.rows > len(shown):
        st.caption(words.rows_shown(len(shown), export.rows))


def backup_section(diary: Diary, today: dt.date) -> None:
    """The full backup, made when its button is pressed; what would stop it is said now."""
    st.header(words.BACKUP, anchor=False)
    st.write(words.BACKUP_INTRO)
    refusal = _backup_refusal(diary)
    if refusal is not None:
        st.error(refusal)
    else:
        st.download_button(
            words.DOWNLOAD_BACKUP,
            data=lambda: full_backup(diary),
            file_name=backup_filename(today),
            mime="application/zip",
            key="download_backup",
        )
    st.caption(words.where_the_diary_is(diary.describe()))


# -- the page -------------------------------------------------------------------------

use_app_navigation()
st.title(words.TITLE, anchor=False)
st.write(words.INTRO)
diary = current_diary()
logged = logged_dates(diary)
if not logged:
    st.info(nothing_to_export())
    st.stop()

today = clock.today()
first, last = logged[0], logged[-1]
latest = max(today, last)  # a day restored from east of the date line may not have begun here yet
left, right = st.columns(2)
start = left.date_input(
    words.FROM,
    value=first,
    min_value=EARLIEST_DATE,
    max_value=latest,
    format=PICKER_FORMAT,
    key="export_from",
)
end = right.date_input(
    words.TO, value=last, min_value=EARLIEST_DATE, max_value=latest, format=PICKER_FORMAT, key="export_to"
)
if start is None or end is None:
    st.info(words.CHOOSE_BOTH)
    st.stop()
st.caption(words.diary_holds(len(logged), first, last))

st.header(words.REPORT, anchor=False)
st.write(words.REPORT_INTRO)
_report_section(diary, start, end)

csv_section(diary, start, end)
backup_section(diary, today)

# The report of the dates shown, made as soon as this page's run is over (the report is what the page
# is for; it takes about half a second on ten years): "Make the report" is then a look-up, or waits only
# for the rest of it. Once per diary version and dates.
build_ahead(
    diary, f"report {start} {end}", functools.partial(_report, diary, start, end), quiet=0, wanted=True
)
