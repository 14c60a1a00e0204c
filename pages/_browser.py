"""The browser loads the table and chart code of the other pages while the first one is read.

Streamlit's browser code comes in parts, and the parts for a table
(``st.dataframe``), a Vega-Lite chart (with Vega itself, about 750 KiB), a
date box or a select box are fetched and compiled only when a page
first shows one: a first visit to History, Trends or Factors waited for that,
on top of its own drawing. Once a page is drawn and the browser has nothing to
do, a small script imports those parts, once per browser tab, so that the
first table or chart finds them ready.
It waits until the page's run is over: the browser is idle for a moment
between two of the page's own parts arriving, and loading these then held up
the first page's drawing (by about 0.15 s, in six starts each way).
It asks only the dashboard's own server for them, and does nothing if this
version of Streamlit names its parts otherwise.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit as st

PARTS = ("DataFrame", "DateInput", "Selectbox", "ArrowVegaLiteChart", "embed", "vega-interpreter")
"""The browser code's parts to load ahead (file names before their hash), each with what it imports.

The table and the date box History shows, the select box of Trends and Factors, the chart and
Vega itself: with the first three (and the number tiles History then had), History's first visit
three seconds after the first page took 0.8 s instead of 1.0 s.
"""

_SCRIPT = """<script>
(() => {
    if (window.diaryPartsLoaded) return;
    window.diaryPartsLoaded = true;
    const main = document.querySelector('script[src*="static/js/index."]');
    const app = document.querySelector('[data-testid="stApp"]');
    if (!main || !app) return;
    const load = () => PARTS.forEach((part) => import(new URL(part, main.src).href).catch(() => {}));
    const idle = window.requestIdleCallback || ((then) => setTimeout(then, 1000));
    // Only once the page's run is over and it is drawn: the browser is idle for a moment between
    // two of the page's own parts arriving, and loading these then held up the page's drawing.
    const whenDrawn = () => {
        if (app.dataset.testScriptState === 'running') return setTimeout(whenDrawn, 100);
        idle(load, {timeout: 5000});
    };
    whenDrawn();
})();
</script>"""


@functools.cache
def part_files(folder: Path | None = None) -> tuple[str, ...]:
    """The file names of ``PARTS`` among Streamlit's browser code (``folder``: where it is; Streamlit's own)."""
    if folder is None:
        folder = Path(st.__file__).resolve().parent / "static" / "static" / "js"
    found = []
    for part in PARTS:
        files = sorted(folder.glob(f"{part}.*.js"))
        if len(files) == 1:  # one part of that name (a hash after it), or it is not known here
            found.append(files[0].name)
    return tuple(found)


def load_parts_ahead() -> None:
    """In the sidebar (it takes no room there): the script that loads ``PARTS`` once the browser is idle."""
    files = part_files()
    if files:
        script = _SCRIPT.replace("PARTS", json.dumps([f"./{name}" for name in files]), 1)
        st.sidebar.html(script, unsafe_allow_javascript=True)
