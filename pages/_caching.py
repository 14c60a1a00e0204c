"""One cache for everything the pages compute from the diary: per diary version and inputs.

``diary.version()`` is a token that changes on every write, from any window or
process, so a result cached under it is never stale; ``after_write`` also
forgets every cached result at once, so a saved entry shows up everywhere
without waiting for old entries to age out.

A cached function is a plain function of the diary and its inputs::

    @per_version(max_entries=4)
    def frame(diary: Diary) -> pd.DataFrame:
        return diary.load()

Calls inside a cached function (``frame(diary)`` within ``analysis(diary, …)``)
reuse the version the outer call was keyed on, so the parts of one result all
belong to the same version of the diary, and the diary is asked only once.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import inspect
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import streamlit as st

from diary import Diary

P = ParamSpec("P")
R = TypeVar("R")


class _Clearable(Protocol):
    def clear(self, *args: Any, **kwargs: Any) -> None: ...


_CACHES: list[_Clearable] = []
"""Every per-version cache, for ``after_write``."""

_PINNED: contextvars.ContextVar[tuple[int, str] | None] = contextvars.ContextVar(
    "diary_version_being_computed", default=None
)
"""(id of the diary, its version) while a cached result of it is being computed."""


def per_version(
    *, max_entries: int, shared: bool = False
) -> Callable[[Callable[Concatenate[Diary, P], R]], Callable[Concatenate[Diary, P], R]]:
    """Cache ``func(diary, *inputs)`` per diary version and inputs (the diary itself is never hashed).

    The inputs must be hashable by Streamlit (dates, strings, numbers); a
    default left out and the same value passed share one entry. By default
    the result is copied in and out (``st.cache_data``): callers may not
    change it, but nothing breaks if they do. ``shared=True`` keeps one
    object for every session instead (``st.cache_resource``): quicker for a
    large table, and callers must never modify it. ``max_entries`` bounds the
    results kept per function (older ones are dropped first).
    """
    store = st.cache_resource if shared else st.cache_data

    def decorate(func: Callable[Concatenate[Diary, P], R]) -> Callable[Concatenate[Diary, P], R]:
        signature = inspect.signature(func)

        def keyed(version: str, _diary: Diary, *inputs: Any, **options: Any) -> R:
            # ``version`` and the inputs make the key; ``_diary`` is left out (leading underscore).
            return func(_diary, *inputs, **options)

        # Streamlit tells caches apart by module and qualified name: give each its function's own.
        keyed.__module__, keyed.__qualname__ = func.__module__, func.__qualname__
        cached = store(show_spinner=False, max_entries=max_entries)(keyed)
        _CACHES.append(cached)

        @functools.wraps(func)
        def cached_func(diary: Diary, *args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(diary, *args, **kwargs)
            bound.apply_defaults()
            pinned = _PINNED.get()
            version = pinned[1] if pinned and pinned[0] == id(diary) else diary.version()
            token = _PINNED.set((id(diary), version))
            try:
                return cached(version, diary, *bound.args[1:], **bound.kwargs)
            finally:
                _PINNED.reset(token)

        return cached_func

    return decorate


def after_write() -> None:
    """Forget every cached result after the diary changed."""
    for cache in _CACHES:
        cache.clear()


QUIET_SECONDS = 0.5
"""How long no page may have run before work ahead starts or goes on: the browser is drawing meanwhile.

Measured in the browser benchmark: 1.5 s left the other outcomes of Factors
unbuilt for someone moving on quickly (changing the outcome took 1.2 s instead
of 0.7 s) and made no page switch quicker; building while the Log page was read
did slow the next pages, so the Log page builds nothing ahead.
"""

_runs = threading.Condition()
_running = 0
_last_run_ended = 0.0


@contextlib.contextmanager
def page_run() -> Iterator[None]:
    """Mark a page's run (``streamlit_app.py`` wraps every run): work ahead waits while one is under way."""
    global _running, _last_run_ended
    with _runs:
        _running += 1
    try:
        yield
    finally:
        with _runs:
            _running -= 1
            _last_run_ended = time.monotonic()
            _runs.notify_all()


def wait_until_quiet(quiet: float = QUIET_SECONDS) -> None:
    """Return once no page has run for ``quiet`` seconds (in this process, in any session)."""
    with _runs:
        while True:
            idle = time.monotonic() - _last_run_ended
            if _running == 0 and idle >= quiet:
                return
            _runs.wait(timeout=None if _running else quiet - idle)


AHEAD = True
"""Whether ``build_ahead`` builds anything (the AppTest suite turns it off but where it is tested)."""

_AHEAD: set[tuple[str, str]] = set()
"""(what, diary version) already built ahead in this process."""
_AHEAD_LOCK = threading.Lock()


def build_ahead(
    diary: Diary, what: str, *builds: Callable[[], object], quiet: float = QUIET_SECONDS
) -> threading.Thread | None:
    """Run cached ``builds`` in a background thread, once per diary version: what is likely asked next.

    Called at the end of a page; each build waits until no page has run for
    ``quiet`` seconds (the browser draws the page, the person reads), so a page
    they open first is not slowed; when they ask, the answer is a cache
    look-up, or waits for the build under way (a cached function computes a
    result once however many ask). ``quiet=0``: start as soon as no page runs,
    for what the page is for (the report on Export). ``what`` names the set of
    builds (a page's, with its inputs). A build that fails is left for the page
    that asks for it, which shows the error. Returns the thread started, or
    None when this version's builds are done or under way.
    """
    if not AHEAD:
        return None
    key = (what, diary.version())
    with _AHEAD_LOCK:
        if key in _AHEAD:
            return None
        _AHEAD.add(key)

    def run() -> None:
        for build in builds:
            wait_until_quiet(quiet)  # never compete with a page being drawn: pages come first
            try:
                build()
            except Exception:  # the page that asks for it shows what is wrong
                continue

    thread = threading.Thread(target=run, name=f"pain-diary-ahead-{what}", daemon=True)
    thread.start()
    return thread
