"""Load the heavy libraries in the background, once the first page is drawn.

The Log page needs none of pandas, Arrow or the statistics, but the
History, Trends, Factors and Export pages do, and importing them takes seconds
on a busy machine. ``pain-diary run`` starts a daemon thread with the server
(``dashboard_app.py``); it waits until the first page has been drawn
(``first_page_drawn``, called by ``streamlit_app.py``) and then imports them
while the person reads that page, so the first visit to the other pages finds
them loaded. Importing while the first page was still being drawn slowed that
page down (both compete for the same two cores and the interpreter lock), so
the thread waits for it, or for ``FIRST_PAGE_WAIT`` seconds when nobody opens
the dashboard. It prints nothing and gives up quietly on any module that fails
to import (the page that needs it then says what is wrong). Those imports run
at the lowest CPU priority (``yield_the_cpu``): the browser drawing the first
page gets the cores first.

Once they are loaded, it sets every object alive then aside from the garbage
collector (``gc.freeze``): the libraries' own objects live as long as the
process, and every full collection (the dashboard's, once the pages are
quiet, and Python's own) would otherwise walk all of them each time, holding
the interpreter. It does the same once the first page's own modules are
loaded, for that page's first run.

Before that, while the browser is still loading Streamlit's own scripts (about
a second in which the server has nothing to do), it imports the first page's
own light modules (``first``) and does the first page's once-per-process work
(``warm``: the sample diary every page compares the diary with), once the
server is ``ready`` for them, so the first page's run does not have to.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence

PRELOADED: tuple[str, ...] = (
    "numpy",
    "pandas",
    "pyarrow",
    "diary.entry.frame",
    "diary.views.history",
    "diary.analysis",
    "diary.views.panels",
    "diary.stats.regression",  # the statistics: the GLS fits and Student's t
)
"""In the order pages need them: what every page uses first, then History's table (the next page in the
menu), the charts of Trends and Factors, and the Factors page's statistics last."""

PAUSE_CHECK = 0.01
"""Seconds between two looks at whether a page still runs, while the imports wait for it."""

FIRST_PAGE_WAIT = 20.0
"""Seconds the thread waits for the first page before it imports anyway."""

_started: threading.Thread | None = None
_lock = threading.Lock()
_first_page = threading.Event()


BACKGROUND_NICENESS = 19
"""The CPU priority of background work (``nice``): the lowest, so it uses only a core nobody else wants."""


def yield_the_cpu() -> None:
    """Lower the calling thread's CPU priority to ``BACKGROUND_NICENESS`` (Linux; elsewhere nothing happens).

    For threads doing work ahead of need: on a machine with two cores, the
    browser drawing a page and the page's own run then get the cores first.
    Linux gives each thread its own priority; elsewhere the call would lower
    the whole process (or another one), so it is left alone there.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):  # not allowed: the work just runs at the usual priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8
"""glibc's ``mallopt`` options (``malloc.h``)."""

HEAP_TUNING = {M_ARENA_MAX: 1, M_TRIM_THRESHOLD: 128 * 1024, M_MMAP_THRESHOLD: 128 * 1024}
"""glibc ``mallopt`` settings for the dashboard's process: one heap for every thread, memory freed at the
top of it handed back to the system once 128 KiB are free there, and blocks of 128 KiB and more kept apart
(each handed back as it is freed), where glibc would raise that size as large blocks are freed."""


def lean_heap() -> bool:
    """Keep the server's memory close to what it uses: ``HEAP_TUNING`` (glibc only; elsewhere nothing happens).

    Each thread that allocates (Streamlit runs every page in its own thread,
    and this module preloads in another) gets a heap of its own from glibc,
    and memory freed inside a heap is kept for later: a server that had shown
    every page on a 10-year diary peaked at 265 MiB without these settings and
    246 MiB with them, as quick (``make bench``). True when they were taken.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # another C library (musl): it has no mallopt
        return False
    return all(mallopt(option, value) == 1 for option, value in HEAP_TUNING.items())


def first_page_drawn() -> None:
    """Let the preload begin: the first page has been drawn (harmless when no preload was started)."""
    _first_page.set()


def _import_quietly(modules: Sequence[str], wait_while: Callable[[], bool] = lambda: False) -> None:
    for name in modules:
        while wait_while():  # a page is running: it comes first (it imports what it needs itself)
            time.sleep(PAUSE_CHECK)
        try:
            importlib.import_module(name)
        except Exception:  # a module that cannot load is reported by the page that needs it
            continue


def _import_all(
    first: Sequence[str],
    warm: Sequence[Callable[[], object]],
    ready: Callable[[], bool],
    modules: Sequence[str],
    wait: float,
    wait_while: Callable[[], bool],
) -> None:
    deadline = time.monotonic() + wait
    while (first or warm) and not ready() and not _first_page.is_set() and time.monotonic() < deadline:
        time.sleep(0.02)
    _import_quietly(first)
    for step in warm:
        try:
            step()
        except Exception:  # the page that needs it computes it again, and says what is wrong
            continue
    if first or warm:
        gc.freeze()  # the server's and the first page's modules: the first page's collection skips them
    _first_page.wait(max(0.0, deadline - time.monotonic()))
    yield_the_cpu()  # the browser is drawing the first page meanwhile: it comes first
    _import_quietly(modules, wait_while)
    gc.freeze()  # what is loaded now lives as long as the process: no full collection need walk it again


def preload(
    modules: Sequence[str] = PRELOADED,
    *,
    first: Sequence[str] = (),
    warm: Sequence[Callable[[], object]] = (),
    ready: Callable[[], bool] = lambda: True,
    wait: float = FIRST_PAGE_WAIT,
    wait_while: Callable[[], bool] = lambda: False,
) -> threading.Thread:
    """Start a daemon thread (once per process) that imports ``first`` at once and ``modules`` after the first page.

    ``first`` (the first page's own modules) and then ``warm`` (work of its
    that is cached for the process) wait only until ``ready()`` is true (the
    server can take them: for the dashboard, a browser has been given the
    page and is loading Streamlit's scripts); ``modules`` wait until
    ``first_page_drawn``. ``wait``: the longest it waits for either before
    going ahead anyway. Each of ``modules`` also waits while ``wait_while()``
    is true (a page is running: a module's import holds the interpreter, and
    the page on screen comes first; a page that needs a module not loaded yet
    imports it itself).
    """
    global _started
    with _lock:
        if _started is None:
            _started = threading.Thread(
                target=_import_all,
                args=(tuple(first), tuple(warm), ready, tuple(modules), wait, wait_while),
                name="pain-diary-preload",
                daemon=True,
            )
            _started.start()
        return _started
