"""Import: a diary CSV, a full backup, or another app's export — after a preview of exactly what would change."""

from __future__ import annotations

from typing import Any

import streamlit as st

from diary import DiaryError
from diary.exchange.diary_csv import ImportPreview, import_upload, preview_upload
from diary.exchange.importing import (
    BACKUP,
    DIARY,
    FORCEABLE,
    KIND_NAMES,
    SourcePreview,
    import_source,
    preview_source,
    recognise,
)
from diary.sources import kept_nights, open_export
from diary.sources.reading import Export
from diary.views import import_words as words
from diary.views import imports as views
from pages._import_mapping import (
    NONE,
    chosen_replace,
    forget_choices,
    given_pain,
    mapping_widgets,
    pain_widgets,
    replace_key,
)
from pages._shared import after_write, current_diary, plain, plain_message, show_error, use_app_navigation

RESULT_KEY = "import_result"
RECOGNISED_KEY = "import_recognised"  # (file id, kind or the error saying it is none)
OPENED_KEY = "import_opened"  # (file id, kind, Export): read once per file and kind

use_app_navigation()
st.title(words.TITLE, anchor=False)
st.write(words.INTRO)

diary = current_diary()


def _recognised(uploaded: Any) -> str | DiaryError:
    """What the dropped file is, recognised once per file (a new file starts every choice afresh)."""
    held = st.session_state.get(RECOGNISED_KEY)
    if held is not None and held[0] == uploaded.file_id:
        return held[1]
    forget_choices()
    try:
        found: str | DiaryError = recognise(uploaded, name=uploaded.name)
    except DiaryError as exc:
        found = exc
    st.session_state[RECOGNISED_KEY] = (uploaded.file_id, found)
    return found


def _opened(uploaded: Any, kind: str) -> Export | None:
    """Another app's export read once per file and kind (a 500 MB export is not read again on every click)."""
    if kind in (DIARY, BACKUP):
        return None
    held = st.session_state.get(OPENED_KEY)
    if held is not None and held[:2] == (uploaded.file_id, kind):
        return held[2]
    st.session_state.pop(OPENED_KEY, None)
    export = open_export(uploaded, kind=kind, name=uploaded.name)
    st.session_state[OPENED_KEY] = (uploaded.file_id, kind, export)
    return export


def _show_result() -> None:
    if RESULT_KEY in st.session_state:
        kind, message = st.session_state.pop(RESULT_KEY)
        (st.success if kind == "success" else st.error)(message)


def _write(action: Any) -> None:
    """Button callback: runs before the page is drawn again, so the preview shows the new state."""
    try:
        message = action()
    except DiaryError as exc:
        st.session_state[RESULT_KEY] = ("error", plain_message(exc))
        return
    if message is not None:
        after_write()
        st.session_state[RESULT_KEY] = ("success", plain(message))  # plain text: a file name, as written


# -- the diary's own CSV and full backups ------------------------------------------------------


def _diary_preview() -> ImportPreview | None:
    uploaded = st.session_state.get("upload")
    return None if uploaded is None else preview_upload(diary, uploaded.getvalue(), name=uploaded.name)


def _import_diary_file(replace: bool) -> str | None:
    preview = _diary_preview()
    return (
        None
        if preview is None
        else words.imported(preview.source, import_upload(diary, preview, replace=replace))
    )


def diary_file(preview: ImportPreview) -> None:
    if preview.problems:
        st.error(plain(preview.headline()))
        st.dataframe(preview.problem_rows(), hide_index=True, width="stretch")
    elif preview.refused:
        st.error(plain(preview.headline()))
    else:
        (st.warning if preview.plan.conflicts else st.info)(plain(preview.headline()))
        new, same, conflicts = st.columns(3)
        new.metric(words.NEW_DAYS, len(preview.plan.new))
        same.metric(words.UNCHANGED_DAYS, len(preview.plan.identical))
        conflicts.metric(words.DAYS_DIFFERING, len(preview.plan.conflicts))
        if preview.plan.conflicts:
            st.header(words.DAYS_DIFFERING, anchor=False)
            st.caption(words.CONFLICTS_NOTE)
            st.dataframe(preview.conflict_rows(), hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.button(
        words.IMPORT,
        key="import",
        type="primary",
        disabled=not preview.can_import,
        on_click=_write,
        args=(lambda: _import_diary_file(False),),
        help=words.IMPORT_HELP,
    )
    right.button(
        words.IMPORT_REPLACE,
        key="import_replace",
        disabled=not preview.can_replace,
        on_click=_write,
        args=(lambda: _import_diary_file(True),),
        help=words.IMPORT_REPLACE_HELP,
    )


# -- another app's export --------------------------------------------------------------------


def _section(
    key: str, rows: list[dict[str, str]], *, title: str | None = None, note: str | None = None
) -> None:
    if not rows:
        return
    st.header(views.section_title(key, len(rows), title), anchor=False)
    st.caption(note or views.SECTIONS[key][1])
    st.dataframe(rows, hide_index=True, width="stretch")


def _source_preview(export: Export) -> SourcePreview:
    mapping = None
    if export.needs_mapping:  # a wearable's nights need none
        with st.expander(views.SECTIONS["mapping"][0], expanded=True):
            st.caption(views.SECTIONS["mapping"][1])
            mapping = mapping_widgets(export)
    return preview_source(diary, export, mapping, replace=chosen_replace(), pain=given_pain())


def other_app(preview: SourcePreview) -> None:
    (st.error if preview.plan.problems else st.info)(plain(preview.headline()))
    new, gained, differ, aside = st.columns(4)
    new.metric(views.SECTIONS["new"][0], len(preview.plan.new))
    gained.metric(words.DAYS_GAINING, len({g.date for g in preview.plan.gains}))
    differ.metric(words.DAYS_DIFFERING, len({c.date for c in preview.plan.conflicts}))
    aside.metric(views.SECTIONS["nights"][0], sum(1 for n in preview.nights if n.writes))
    _section("problems", views.problem_rows(preview.plan.problems))
    _section("tags", views.tag_rows(preview))
    _section("new", views.new_day_rows(preview))
    if preview.open_days:
        st.caption(words.OPEN_DAYS_NOTE)
        pain_widgets(preview.open_days)
    _section("gains", views.gain_rows(preview))
    for kind, changes in views.conflict_kinds(preview).items():
        _section(
            "conflicts",
            views.conflict_rows(preview, changes),
            title=views.conflicts_title(kind),
            note=views.conflicts_note(kind),
        )
        st.checkbox(words.replace_choice(kind), key=replace_key(kind))
    _section("kept_differs", views.kept_differs_rows(preview))
    _section("nights", views.night_rows(preview))
    _section("unrecognised", views.finding_rows(preview.result.unrecognised))
    _section("not_imported", views.not_imported_rows(preview))
    st.button(
        words.IMPORT,
        key="import_source",
        type="primary",
        disabled=not preview.can_import,
        on_click=_write,
        args=(lambda: str(import_source(diary, preview)),),
        help=words.IMPORT_SOURCE_HELP,
    )


# -- the page --------------------------------------------------------------------------------

_show_result()
st.file_uploader(
    words.UPLOAD, type=["csv", "txt", "zip", "xml", "json"], key="upload", help=words.UPLOAD_HELP
)
uploaded = st.session_state.get("upload")
if uploaded is None:
    st.caption(words.this_diary(diary.describe(), len(diary), len(kept_nights(diary))))
    st.stop()
recognised = _recognised(uploaded)
forced = st.selectbox(
    words.READ_AS,
    [NONE, *FORCEABLE],
    key="import_as",
    format_func=lambda k: (
        KIND_NAMES[k]
        if k
        else views.kind_heading(recognised)
        if isinstance(recognised, str)
        else words.NOT_RECOGNISED
    ),
)
try:
    if not forced and isinstance(recognised, DiaryError):
        raise recognised
    kind = forced or str(recognised)
    export = _opened(uploaded, kind)
    if export is None:
        preview = _diary_preview()
        if preview is not None:
            diary_file(preview)
    else:
        other_app(_source_preview(export))
except DiaryError as exc:
    show_error(exc)
