"""Pain & Sleep Diary dashboard: the entry point for `streamlit run` and `pain-diary run`."""

import streamlit as st

from diary import DiaryError
from pages._shared import current_diary, sample_notice, show_error

st.set_page_config(page_title="Pain & Sleep Diary", page_icon="🌙", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/log.py", title="Log", icon="📝", default=True),
        st.Page("pages/history.py", title="History", icon="🗓️"),
        st.Page("pages/trends.py", title="Trends", icon="📈"),
        st.Page("pages/factors.py", title="Factors", icon="🔍"),
        st.Page("pages/experiments.py", title="Experiments", icon="🧪"),
        st.Page("pages/export.py", title="Export", icon="📤"),
        st.Page("pages/import_diary.py", title="Import", icon="📥"),
        st.Page("pages/settings.py", title="Settings", icon="⚙️"),
    ]
)
diary = current_diary()
st.sidebar.caption(f"Diary: {diary.describe()}")
sample_notice(diary)
try:
    navigation.run()
except DiaryError as exc:  # the diary vanished, or became unreadable, while a page read it
    show_error(exc)
