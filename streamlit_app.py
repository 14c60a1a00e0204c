"""Pain & Sleep Diary dashboard (entry point for `streamlit run`)."""

import streamlit as st

from diary import open_diary

st.set_page_config(page_title="Pain & Sleep Diary", page_icon="🌙")
diary = open_diary()
st.title("Pain & Sleep Diary")
st.caption(f"Diary: {diary.describe()}")
st.write(f"{len(diary)} mornings logged.")
