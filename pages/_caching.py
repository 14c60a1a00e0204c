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
import gc
import inspect
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import streamlit as st

from diary import Diary
from diary.dashboard.preload import yield_the_cpu

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

Measured in the browser benchmark: 1.5 s made no page switch quicker. The Log
page builds the Factors page's first view after this quiet time; started at
once, that build slowed a History visit clicked straight away. Factors builds
its other outcomes with ``quiet=0``: after half a second of quiet they were
still unbuilt for someone changing the outcome at once (1 s on ten years
instead of 0.4 s).
"""

_runs = threading.Condition()
"""Signalled when a page's run starts or ends and when work ahead is queued or done."""
_running = 0
_last_run_ended = 0.0
_garbage_due = False
"""Whether a page has run since the last full garbage collection, which the worker makes once it is quiet.

Streamlit's own collection after every run is off (``runner.postScriptGC`` in
``.streamlit/config.toml``): it held the interpreter for about 0.05 s on ten
years while the page's last messages waited to be sent."""


@contextlib.contextmanager
def page_run() -> Iterator[None]:
    """Mark a page's run (``streamlit_app.py`` wraps every run): work ahead waits while one is under way."""
    global _running, _last_run_ended, _garbage_due
    with _runs:
        _running += 1
    try:
        yield
    finally:
        with _runs:
            _running -= 1
            _last_run_ended = time.monotonic()
            _garbage_due = True
            _start_worker()
            _runs.notify_all()


def pages_running() -> bool:
    """Whether a page's run is under way (for other background work that should wait for it)."""
    return _running > 0


AHEAD = True
"""Whether ``build_ahead`` builds anything (the AppTest suite turns it off but where it is tested)."""

_AHEAD: set[tuple[str, str]] = set()
"""(what, diary version) already queued to be built ahead in this process."""
_AHEAD_LOCK = threading.Lock()


class AheadJob:
    """One page's builds ahead for one diary version, queued for the background worker."""

    def __init__(
        self,
        diary: Diary,
        version: str,
        builds: tuple[Callable[[], object], ...],
        quiet: float,
        wanted: bool = False,
    ) -> None:
        self.diary, self.version, self.quiet, self.wanted = diary, version, quiet, wanted
        self.pending = list(builds)
        self._done = threading.Event()

    def join(self, timeout: float | None = None) -> None:
        """Wait until every build is done, dropped or failed (or ``timeout`` seconds)."""
        self._done.wait(timeout)

    def is_alive(self) -> bool:
        """Whether builds are still to come."""
        return not self._done.is_set()

    def finish(self) -> None:
        self.pending.clear()
        self._done.set()


_jobs: list[AheadJob] = []
"""Queued jobs, the newest last: a worker takes the newest first (the page the person is on now).

Guarded by ``_runs``, the condition page runs signal: the workers wait on it for a quiet moment and
for a newer job alike."""
_building = 0
"""How many builds are under way (one per worker at most)."""
_workers: dict[bool, threading.Thread] = {}
"""The two workers, by the kind of job they take: wanted (True) or only likely (False)."""


def _collect_garbage() -> None:
    gc.collect()


def _next_build(wanted: bool) -> tuple[AheadJob | None, Callable[[], object]]:
    """The next build of the ``wanted`` worker: the newest such job's next one, after that job's quiet time.

    With no job left at all, the other worker makes a full garbage collection
    once no page has run for ``QUIET_SECONDS`` (and pages have run since the
    last one): job None.
    """
    global _building, _garbage_due
    with _runs:
        while True:
            idle = time.monotonic() - _last_run_ended
            mine = [job for job in _jobs if job.wanted == wanted]
            if not mine:
                if wanted or _jobs or _building or not _garbage_due or _running:
                    _runs.wait()
                elif idle < QUIET_SECONDS:
                    _runs.wait(timeout=QUIET_SECONDS - idle)
                else:
                    _garbage_due = False
                    _building += 1
                    return None, _collect_garbage
                continue
            job = mine[-1]
            if _running or idle < job.quiet:  # never compete with a page being drawn: pages come first
                _runs.wait(timeout=None if _running else job.quiet - idle)
                continue  # and look again: a newer page may have queued its own meanwhile
            if job.pending:
                _building += 1
                return job, job.pending.pop(0)
            _jobs.remove(job)
            job.finish()
            _runs.notify_all()


def _still_current(job: AheadJob | None) -> bool:
    """Whether the diary is still at the version ``job`` was queued for (a closed or vanished one is not)."""
    if job is None:  # not a build of the diary's (the garbage collection)
        return True
    try:
        return job.diary.version() == job.version
    except Exception:  # the diary is gone: nothing to build for it
        return False


def _work(wanted: bool) -> None:
    global _building
    if not wanted:
        yield_the_cpu()  # the browser drawing a page, and the page's own run, get the cores first
    while True:
        job, build = _next_build(wanted)
        current = _still_current(job)  # asked outside the lock: it reads the diary file
        if current:
            with contextlib.suppress(Exception):  # the page that asks for it shows what is wrong
                build()
        with _runs:
            _building -= 1
            if job is not None:
                if not current:
                    job.pending.clear()  # the diary changed since: the page will ask for its new version
                if not job.pending and job in _jobs:
                    _jobs.remove(job)
                    job.finish()
            _runs.notify_all()


def _start_worker() -> None:
    """Start the two background workers once (with ``_runs`` held): builds ahead and the quiet-time collection."""
    if not _workers and AHEAD:
        for wanted, name in ((False, "pain-diary-ahead"), (True, "pain-diary-wanted")):
            _workers[wanted] = threading.Thread(target=_work, args=(wanted,), name=name, daemon=True)
            _workers[wanted].start()


def build_ahead(
    diary: Diary,
    what: str,
    *builds: Callable[[], object],
    quiet: float = QUIET_SECONDS,
    wanted: bool = False,
) -> AheadJob | None:
    """Build cached ``builds`` in the background, once per diary version: what is likely asked next.

    Called at the end of a page; one background thread builds for every page,
    one build at a time, the newest page's first (the person is there now),
    each once no page has run for ``quiet`` seconds (the browser draws the
    page, the person reads), so a page they open is not slowed and builds do
    not compete with each other for the two cores; when they ask, the answer
    is a cache look-up, or waits for the build under way (a cached function
    computes a result once however many ask). That thread runs at the lowest
    CPU priority (``diary.dashboard.preload.yield_the_cpu``). Builds of a version the
    diary has left are dropped. ``quiet=0``: start as soon as no page runs.
    ``wanted=True``: what the page is for and a tap of the person's is likely
    to wait for (the report on Export); a second thread builds those, at the
    usual priority: at the lowest, a tap that waited for it waited as long as
    the browser kept the cores busy (the report straight after a save took
    0.75 s instead of 0.57 s, median of three). ``what`` names the set of
    builds (a page's, with its inputs). A build that fails is left for the
    page that asks for it, which shows the error. Returns the queued job, or
    None when this version's builds are done or queued.
    """
    if not AHEAD:
        return None
    version = diary.version()
    with _AHEAD_LOCK:
        if (what, version) in _AHEAD:
            return None
        _AHEAD.add((what, version))
    job = AheadJob(diary, version, builds, quiet, wanted)
    with _runs:
        _jobs.append(job)
        _start_worker()
        _runs.notify_all()
    return job


def finish_builds_ahead(timeout: float = 120) -> bool:
    """Wait until nothing is queued or being built ahead (tests, benchmarks); False if ``timeout`` passed first."""
    deadline = time.monotonic() + timeout
    with _runs:
        while _jobs or _building:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            _runs.wait(left)
    return True
