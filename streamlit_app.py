"""Pain & Sleep Diary dashboard: the entry point for `streamlit run` and `pain-diary run`."""

import streamlit as st

from diary import DiaryError
from diary.dashboard.preload import first_page_drawn
from diary.views import app_words as words
from diary.wording import APP_NAME
from pages._browser import browser_additions, tab_icon
from pages._shared import current_diary, page_run, sample_notice, show_error, unguarded_notice

st.set_page_config(page_title=APP_NAME, page_icon=tab_icon(), layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/log.py", title=words.LOG, icon=":material/edit_note:", default=True),
        st.Page("pages/history.py", title=words.HISTORY, icon=":material/calendar_month:"),
        st.Page("pages/trends.py", title=words.TRENDS, icon=":material/show_chart:"),
        st.Page("pages/factors.py", title=words.FACTORS, icon=":material/query_stats:"),
        st.Page("pages/experiments.py", title=words.EXPERIMENTS, icon=":material/science:"),
        st.Page("pages/export.py", title=words.EXPORT, icon=":material/file_export:"),
        st.Page("pages/import_diary.py", title=words.IMPORT, icon=":material/file_download:"),
        st.Page("pages/settings.py", title=words.SETTINGS, icon=":material/settings:"),
    ]
)
diary = current_diary()
st.sidebar.caption(words.diary_caption(diary.describe()))
unguarded_notice()  # started with plain `streamlit run`: none of pain-diary run's checks
sample_notice(diary)
browser_additions()  # a closed sidebar out of the Tab order, the menu closing, the chart code ahead
try:
    with page_run():  # work built ahead in the background waits while a page runs
        navigation.run()
except DiaryError as exc:  # the diary vanished, or became unreadable, while a page read it
    show_error(exc)
finally:  # a page that stops early (st.stop) has been drawn too
    first_page_drawn()  # the background loading of the other pages' libraries may begin (diary.dashboard.preload)
