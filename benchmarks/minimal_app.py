"""The floor: a one-widget Streamlit page, timed the same way as the diary's pages."""

import streamlit as st

value = st.slider("A number", 0, 10, 5, key="value")
st.write(f"You chose {value}.")
