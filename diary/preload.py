"""Load the heavy libraries in the background while the browser loads the dashboard.

``pain-diary run`` starts the server, and the browser then spends a second or
more fetching Streamlit's page and scripts before it asks for the first page.
The Log page needs none of pandas, Arrow, Altair or the statistics, but the
Trends, Factors and Export pages do, and importing them takes seconds on a busy
machine: a daemon thread imports them in that idle time, so the first visit to
those pages finds them loaded. It prints nothing and gives up quietly on any
module that fails to import (the page that needs it then says what is wrong).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence

PRELOADED: tuple[str, ...] = (
    "numpy",
    "PIL.Image",  # Streamlit checks the tab's icon with it on every page
    "pandas",
    "pyarrow",
    "altair",
    "diary.frame",
    "diary.analysis",
    "diary.views.panels",
    "diary.views.history",
    "diary.stats",  # scipy.special: the statistics' t and normal tails
)
"""In the order pages need them: what every page uses first, the Factors page's statistics last."""

_started: threading.Thread | None = None
_lock = threading.Lock()


def _import_all(modules: Sequence[str]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a module that cannot load is reported by the page that needs it
            continue


def preload(modules: Sequence[str] = PRELOADED) -> threading.Thread:
    """Start importing ``modules`` in a daemon thread (once per process) and return the thread."""
    global _started
    with _lock:
        if _started is None:
            _started = threading.Thread(
                target=_import_all, args=(tuple(modules),), name="pain-diary-preload", daemon=True
            )
            _started.start()
        return _started
