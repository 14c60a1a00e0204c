"""Pain & Sleep Diary dashboard: the entry point for `streamlit run` and `pain-diary run`."""

from pathlib import Path

import streamlit as st

from diary import DiaryError
from diary.preload import first_page_drawn
from pages._browser import browser_additions
from pages._shared import current_diary, page_run, sample_notice, show_error

# The tab's icon is a picture kept here: a Material icon as page_icon is fetched from a font
# server on the internet by the browser, and the diary never talks to anyone else.
ICON = Path(__file__).resolve().parent / "assets" / "icon.png"

st.set_page_config(page_title="Pain & Sleep Diary", page_icon=str(ICON), layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/log.py", title="Log", icon=":material/edit_note:", default=True),
        st.Page("pages/history.py", title="History", icon=":material/calendar_month:"),
        st.Page("pages/trends.py", title="Trends", icon=":material/show_chart:"),
        st.Page("pages/factors.py", title="Factors", icon=":material/query_stats:"),
        st.Page("pages/experiments.py", title="Experiments", icon=":material/science:"),
        st.Page("pages/export.py", title="Export", icon=":material/file_export:"),
        st.Page("pages/import_diary.py", title="Import", icon=":material/file_download:"),
        st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
    ]
)
diary = current_diary()
st.sidebar.caption(f"Diary: {diary.describe()}")
sample_notice(diary)
browser_additions()  # a closed sidebar out of the Tab order, the menu closing, the chart code ahead
try:
    with page_run():  # work built ahead in the background waits while a page runs
        navigation.run()
except DiaryError as exc:  # the diary vanished, or became unreadable, while a page read it
    show_error(exc)
finally:  # a page that stops early (st.stop) has been drawn too
    first_page_drawn()  # the background loading of the other pages' libraries may begin (diary.preload)
