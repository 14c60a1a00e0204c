"""The floor for the browser benchmark: a Streamlit app with two pages and one button, nothing else.

``benchmarks/bench_browser.py`` serves it with ``streamlit run`` from the
repository's root, so it gets the dashboard's ``.streamlit/config.toml``, and
times it in the same browser as the dashboard: what Streamlit itself costs to
start, to switch pages and to rerun after a click.
"""

import streamlit as st

PRESSES = "floor_presses"


def _press() -> None:
    st.session_state[PRESSES] = st.session_state.get(PRESSES, 0) + 1


def _page(title: str) -> None:
    st.title(title, anchor=False)
    st.button("Press", key="press", on_click=_press)
    st.write(f"Pressed {st.session_state.get(PRESSES, 0)} times.")


def first() -> None:
    _page("Floor one")


def second() -> None:
    _page("Floor two")


st.navigation(
    [st.Page(first, title="One", url_path="one", default=True), st.Page(second, title="Two", url_path="two")]
).run()
