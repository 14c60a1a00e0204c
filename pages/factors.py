"""Factors: what goes with worse mornings (arrives with the analysis)."""

import streamlit as st

st.title("Factors")
st.info(
    "Which factors go with worse mornings arrives with the analysis. Keep logging: it needs at least 14 days."
)
