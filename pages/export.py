"""Export: the diary CSV and the doctor report (arrives with the report)."""

import streamlit as st

st.title("Export")
st.info("Until the export page arrives, `pain-diary export -o diary.csv` writes the diary CSV.")
