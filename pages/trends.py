"""Trends: morning pain over time (arrives with the analysis)."""

import streamlit as st

st.title("Trends")
st.info("Charts of your mornings over time arrive with the analysis. Your entries are already being kept.")
