"""Import: bring a diary CSV in, after a preview of exactly what would change."""

from __future__ import annotations

import streamlit as st

from diary import DiaryError
from diary.exchange import ImportPreview, import_upload, preview_upload
from pages._shared import after_write, current_diary, show_error, use_app_navigation

RESULT_KEY = "import_result"

use_app_navigation()
st.title("Import", anchor=False)
st.write(
    "Bring in a diary CSV — an export from this app on another computer, a backup, or a "
    "spreadsheet with a `date` and a `pain` column. You see what it holds before anything "
    "changes. Importing is all or nothing: a file with any problem changes nothing."
)

diary = current_diary()


def _current_preview() -> ImportPreview | None:
    uploaded = st.session_state.get("upload")
    if uploaded is None:
        return None
    return preview_upload(diary, uploaded.getvalue(), name=uploaded.name)


def _import(replace: bool) -> None:
    """Button callback: runs before the page is drawn again, so the preview shows the new state."""
    preview = _current_preview()
    if preview is None:
        return
    try:
        result = import_upload(diary, preview, replace=replace)
    except DiaryError as exc:
        st.session_state[RESULT_KEY] = ("error", str(exc))
        return
    after_write()
    st.session_state[RESULT_KEY] = ("success", f"{preview.source}: {result}")


if RESULT_KEY in st.session_state:
    kind, message = st.session_state.pop(RESULT_KEY)
    (st.success if kind == "success" else st.error)(message)

st.file_uploader(
    "Diary CSV or full backup",
    type=["csv", "zip"],
    key="upload",
    help="A diary CSV (UTF-8, a header row; columns in any order, `date` and `pain` required), "
    "or a full backup ZIP from the Export page.",
)

try:
    preview = _current_preview()
except DiaryError as exc:
    show_error(exc)
    st.stop()

if preview is None:
    st.caption(
        "The diary CSV is what the Export page and the command pain-diary export write. "
        f"This diary: {diary.describe()}, {len(diary)} days."
    )
    st.stop()

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
    on_click=_import,
    args=(False,),
    help="Add the new dates. Off while the file has problems or dates conflict.",
)
right.button(
    "Import and replace conflicting dates",
    key="import_replace",
    disabled=not preview.can_replace,
    on_click=_import,
    args=(True,),
    help="Add the new dates and use the file's values for the conflicting ones.",
)
