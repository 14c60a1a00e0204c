"""Import: a diary CSV, a full backup, or another app's export — after a preview of exactly what would change."""

from __future__ import annotations

from typing import Any

import streamlit as st

from diary import DiaryError
from diary.exchange import ImportPreview, import_upload, preview_upload
from diary.importing import (
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
from pages._shared import after_write, current_diary, show_error, use_app_navigation

RESULT_KEY = "import_result"
RECOGNISED_KEY = "import_recognised"  # (file id, kind or the error saying it is none)
OPENED_KEY = "import_opened"  # (file id, kind, Export): read once per file and kind

use_app_navigation()
st.title("Import", anchor=False)
st.write(
    "Bring in a diary CSV (an export from this app, a backup, or a spreadsheet with a `date` and a "
    "`pain` column), or another app's export: Apple Health, Fitbit, Oura, Bearable or Daylio. You see "
    "exactly what would change before anything does. Importing is all or nothing, and what you typed "
    "into the diary is never overwritten unless you choose to."
)

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
        st.session_state[RESULT_KEY] = ("error", str(exc))
        return
    if message is not None:
        after_write()
        st.session_state[RESULT_KEY] = ("success", message)


# -- the diary's own CSV and full backups ------------------------------------------------------


def _diary_preview() -> ImportPreview | None:
    uploaded = st.session_state.get("upload")
    return None if uploaded is None else preview_upload(diary, uploaded.getvalue(), name=uploaded.name)


def _import_diary_file(replace: bool) -> str | None:
    preview = _diary_preview()
    return None if preview is None else f"{preview.source}: {import_upload(diary, preview, replace=replace)}"


def diary_file(preview: ImportPreview) -> None:
    if preview.problems:
        st.error(preview.headline())
        st.dataframe(preview.problem_rows(), hide_index=True, width="stretch")
    else:
        (st.warning if preview.plan.conflicts else st.info)(preview.headline())
        new, same, conflicts = st.columns(3)
        new.metric("New dates", len(preview.plan.new))
        same.metric("Already in the diary, unchanged", len(preview.plan.identical))
        conflicts.metric("Conflicting dates", len(preview.plan.conflicts))
        if preview.plan.conflicts:
            st.header("Conflicting dates", anchor=False)
            st.caption(
                "These dates are already in the diary with different values. Only the differences are shown."
            )
            st.dataframe(preview.conflict_rows(), hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.button(
        "Import",
        key="import",
        type="primary",
        disabled=not preview.can_import,
        on_click=_write,
        args=(lambda: _import_diary_file(False),),
        help="Add the new dates. Off while the file has problems or dates conflict.",
    )
    right.button(
        "Import and replace conflicting dates",
        key="import_replace",
        disabled=not preview.can_replace,
        on_click=_write,
        args=(lambda: _import_diary_file(True),),
        help="Add the new dates and use the file's values for the conflicting ones.",
    )


# -- another app's export --------------------------------------------------------------------


def _section(key: str, rows: list[dict[str, str]], *, title: str | None = None) -> None:
    if not rows:
        return
    heading, meaning = views.SECTIONS[key]
    st.header(f"{title or heading} ({len(rows)})", anchor=False)
    st.caption(meaning)
    st.dataframe(rows, hide_index=True, width="stretch")


def _source_preview(export: Export) -> SourcePreview:
    mapping = None
    if export.needs_mapping:  # a wearable's nights need none
        with st.expander(views.SECTIONS["mapping"][0], expanded=True):
            st.caption(views.SECTIONS["mapping"][1])
            mapping = mapping_widgets(export)
    return preview_source(diary, export, mapping, replace=chosen_replace(), pain=given_pain())


def other_app(preview: SourcePreview) -> None:
    (st.error if preview.plan.problems else st.info)(preview.headline())
    new, gained, differ, aside = st.columns(4)
    new.metric("New days", len(preview.plan.new))
    gained.metric("Days gaining values", len({g.date for g in preview.plan.gains}))
    differ.metric("Days that differ", len({c.date for c in preview.plan.conflicts}))
    aside.metric("Nights kept aside", sum(1 for n in preview.nights if n.writes))
    _section("problems", views.problem_rows(preview.plan.problems))
    _section("new", views.new_day_rows(preview))
    if preview.open_days:
        st.caption(
            "Days of the file not in the diary have no morning pain value, and the diary needs one. "
            "Give a day's pain to add it as a new day."
        )
        pain_widgets(preview.open_days)
    _section("gains", views.gain_rows(preview))
    for kind, changes in views.conflict_kinds(preview).items():
        _section(
            "conflicts",
            views.conflict_rows(preview, changes),
            title=f"{views.SECTIONS['conflicts'][0]}: {kind}",
        )
        st.checkbox(f"Replace the diary's {kind} with the file's", key=replace_key(kind))
    _section("nights", views.night_rows(preview))
    _section("unrecognised", views.finding_rows(preview.result.unrecognised))
    _section("not_imported", views.not_imported_rows(preview))
    st.button(
        "Import",
        key="import_source",
        type="primary",
        disabled=not preview.can_import,
        on_click=_write,
        args=(lambda: str(import_source(diary, preview)),),
        help="Write exactly what is shown above, in one go. Off while there is nothing to import or a problem remains.",
    )


# -- the page --------------------------------------------------------------------------------

_show_result()
st.file_uploader(
    "A diary CSV, a full backup, or another app's export",
    type=["csv", "zip", "xml", "json"],
    key="upload",
    help="A diary CSV or full backup from this app; Apple Health export.zip or export.xml; Fitbit "
    "sleep-*.json (or a zip of them); Oura sleep CSV or JSON; a Bearable or Daylio CSV.",
)
uploaded = st.session_state.get("upload")
if uploaded is None:
    waiting = len(kept_nights(diary))
    st.caption(
        f"This diary: {diary.describe()}, {len(diary)} days"
        + (f", and {waiting} imported nights waiting for their morning entry." if waiting else ".")
    )
    st.stop()
recognised = _recognised(uploaded)
forced = st.selectbox(
    "Read it as",
    [NONE, *FORCEABLE],
    key="import_as",
    format_func=lambda k: (
        KIND_NAMES[k]
        if k
        else views.kind_heading(recognised)
        if isinstance(recognised, str)
        else "Not recognised: choose a kind"
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
