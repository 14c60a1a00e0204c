"""Import: bring a diary CSV in (arrives with the import page)."""

import streamlit as st

st.title("Import")
st.info("Until the import page arrives, `pain-diary import FILE.csv` merges a diary CSV, all or nothing.")
