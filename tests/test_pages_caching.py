"""The pages' one cache: per diary version and inputs, cleared after every write."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st

from diary.entry import parse_entry
from diary.storage import Diary
from pages import _caching
from pages._caching import QUIET_SECONDS, after_write, build_ahead, finish_builds_ahead, page_run, per_version

RUNS: Counter[str] = Counter()


@per_version(max_entries=4)
def pain_of(diary: Diary, day: dt.date, default: int = -1) -> int:
    RUNS["pain_of"] += 1
    entry = diary.get(day)
    return entry.pain if entry else default


@per_version(max_entries=2)
def copied_dates(diary: Diary) -> list[dt.date]:
    RUNS["copied_dates"] += 1
    return diary.dates()


@per_version(max_entries=2, shared=True)
def shared_dates(diary: Diary) -> list[dt.date]:
    RUNS["shared_dates"] += 1
    return diary.dates()


@per_version(max_entries=2)
def entry_count(diary: Diary) -> int:
    RUNS["entry_count"] += 1
    return len(diary)


@per_version(max_entries=2)
def dates_and_count(diary: Diary) -> tuple[list[dt.date], int]:
    RUNS["dates_and_count"] += 1
    return copied_dates(diary), len(diary)


DAY = dt.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    RUNS.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def add(diary: Diary, day: dt.date, pain: int) -> None:
    diary.add(parse_entry({"date": day, "pain": pain}))


def test_a_result_is_computed_once_per_version_and_inputs(diary: Diary) -> None:
    add(diary, DAY, 4)
    assert pain_of(diary, DAY) == 4
    assert pain_of(diary, DAY) == 4
    assert RUNS["pain_of"] == 1
    assert pain_of(diary, DAY + dt.timedelta(days=1)) == -1  # other inputs: computed
    assert RUNS["pain_of"] == 2


def test_a_write_gives_a_new_result_even_without_clearing(diary: Diary) -> None:
    add(diary, DAY, 4)
    assert pain_of(diary, DAY) == 4
    diary.update(parse_entry({"date": DAY, "pain": 7}))  # as another window or the command line would
    assert pain_of(diary, DAY) == 7
    assert RUNS["pain_of"] == 2


def test_after_write_forgets_every_result(diary: Diary) -> None:
    add(diary, DAY, 4)
    pain_of(diary, DAY)
    shared_dates(diary)
    after_write()
    pain_of(diary, DAY)
    shared_dates(diary)
    assert RUNS["pain_of"] == 2 and RUNS["shared_dates"] == 2


def test_a_default_left_out_and_passed_share_one_result(diary: Diary) -> None:
    assert pain_of(diary, DAY) == -1
    assert pain_of(diary, DAY, -1) == -1
    assert pain_of(diary, day=DAY, default=-1) == -1
    assert RUNS["pain_of"] == 1
    assert pain_of(diary, DAY, default=0) == 0
    assert RUNS["pain_of"] == 2


def test_data_results_are_copies_and_shared_results_one_object(diary: Diary) -> None:
    add(diary, DAY, 4)
    first = copied_dates(diary)
    first.clear()  # a careless caller cannot spoil the cached value
    assert copied_dates(diary) == [DAY]
    assert shared_dates(diary) is shared_dates(diary)


def test_a_cached_call_inside_another_keeps_the_outer_version(
    diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(diary, DAY, 4)
    asked: list[str] = []
    real_version = diary.version

    def version() -> str:
        asked.append(real_version())
        return asked[-1]

    monkeypatch.setattr(diary, "version", version)
    assert dates_and_count(diary) == ([DAY], 1)
    assert len(asked) == 1  # the inner copied_dates did not ask again
    assert copied_dates(diary) == [DAY]  # and its result was kept under that same version
    assert RUNS["copied_dates"] == 1
    assert len(asked) == 2


def test_each_function_has_its_own_cache(diary: Diary) -> None:
    add(diary, DAY, 4)
    assert copied_dates(diary) == [DAY]
    assert entry_count(diary) == 1  # same inputs, another function: never the other's result
    assert RUNS["copied_dates"] == RUNS["entry_count"] == 1


@pytest.mark.ahead
def test_builds_ahead_fill_the_cache_in_the_background_once_per_version(diary: Diary) -> None:
    add(diary, DAY, 4)
    later = DAY + dt.timedelta(days=1)

    def broken() -> None:
        raise ValueError("a build that fails")

    thread = build_ahead(diary, "test", broken, lambda: pain_of(diary, DAY), lambda: pain_of(diary, later))
    assert thread is not None
    thread.join(timeout=30)
    assert RUNS["pain_of"] == 2  # both built, past the one that failed
    assert build_ahead(diary, "test", lambda: pain_of(diary, DAY)) is None  # this version's are done
    assert pain_of(diary, DAY) == 4 and RUNS["pain_of"] == 2  # asked now: a look-up
    add(diary, later, 6)
    again = build_ahead(diary, "test", lambda: pain_of(diary, later))
    assert again is not None  # a new version: built again
    again.join(timeout=30)
    assert pain_of(diary, later) == 6 and RUNS["pain_of"] == 3


@pytest.mark.ahead
def test_builds_ahead_wait_while_a_page_runs(diary: Diary) -> None:
    """Nothing is built ahead while a page is being drawn (nor for a moment after): pages come first."""
    add(diary, DAY, 4)
    with page_run():
        thread = build_ahead(diary, "waiting", lambda: pain_of(diary, DAY))
        assert thread is not None
        thread.join(timeout=2)
        assert thread.is_alive() and RUNS["pain_of"] == 0  # still waiting for the page
    thread.join(timeout=30)
    assert not thread.is_alive() and RUNS["pain_of"] == 1


@pytest.mark.ahead
def test_a_build_wanted_at_once_starts_when_the_page_run_ends_not_after_the_quiet(diary: Diary) -> None:
    """``quiet=0`` (the report on Export): waits for the page's run, not for the half second after it."""
    add(diary, DAY, 4)
    started: list[float] = []

    def build() -> None:
        started.append(time.monotonic())
        pain_of(diary, DAY)

    with page_run():
        thread = build_ahead(diary, "at once", build, quiet=0)
        assert thread is not None
        thread.join(timeout=1)
        assert thread.is_alive() and not started  # never while the page runs
    thread.join(timeout=30)
    assert not thread.is_alive() and RUNS["pain_of"] == 1
    assert started[0] - _caching._last_run_ended < QUIET_SECONDS  # not held back for the quiet


@pytest.mark.ahead
def test_builds_ahead_run_one_at_a_time_the_newest_page_first(diary: Diary) -> None:
    """One background thread for every page: builds never overlap, and the page asked last comes first."""
    add(diary, DAY, 4)
    order: list[str] = []
    running: list[int] = [0, 0]  # now, most at once

    def build(name: str) -> Callable[[], None]:
        def run() -> None:
            running[0] += 1
            running[1] = max(running)
            time.sleep(0.05)
            order.append(name)
            running[0] -= 1

        return run

    with page_run():  # queued while a page runs: nothing starts before it ends
        first = build_ahead(diary, "first page", build("a1"), build("a2"), quiet=0)
        second = build_ahead(diary, "second page", build("b1"), build("b2"), quiet=0)
        assert first is not None and second is not None
        time.sleep(0.2)
        assert order == []
    assert finish_builds_ahead(timeout=30)
    assert order == ["b1", "b2", "a1", "a2"]
    assert running[1] == 1
    assert not first.is_alive() and not second.is_alive()


@pytest.mark.ahead
def test_builds_ahead_for_a_version_the_diary_has_left_are_dropped(diary: Diary) -> None:
    """A write while builds wait: they were for the old diary, and the page will ask for the new one."""
    add(diary, DAY, 4)
    with page_run():
        job = build_ahead(diary, "stale", lambda: pain_of(diary, DAY), quiet=0)
        assert job is not None
        add(diary, DAY + dt.timedelta(days=1), 5)
    assert finish_builds_ahead(timeout=30)
    assert not job.is_alive() and RUNS["pain_of"] == 0


@pytest.mark.ahead
def test_garbage_is_collected_once_pages_have_been_quiet_not_after_every_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Streamlit's collection after every run is off; the worker collects in full once pages are quiet."""
    config_file = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"
    config = tomllib.loads(config_file.read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
    collected: list[float] = []
    monkeypatch.setattr(_caching, "_collect_garbage", lambda: collected.append(time.monotonic()))
    with page_run():
        time.sleep(QUIET_SECONDS + 0.2)
        assert collected == []  # never while a page runs
    ended = _caching._last_run_ended
    deadline = time.monotonic() + 10
    while not collected and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(collected) == 1 and collected[0] - ended >= QUIET_SECONDS
    time.sleep(QUIET_SECONDS + 0.2)
    assert len(collected) == 1  # once: no page has run since


@pytest.mark.ahead
@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="each thread has its own priority on Linux only"
)
def test_builds_ahead_run_at_the_lowest_cpu_priority(diary: Diary) -> None:
    """The browser drawing a page, and the page's own run, get the cores before work ahead."""
    add(diary, DAY, 4)
    seen: list[int] = []
    job = build_ahead(
        diary, "priority", lambda: seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
    )
    assert job is not None
    job.join(timeout=30)
    assert seen == [19]


@pytest.mark.ahead
@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="each thread has its own priority on Linux only"
)
def test_a_wanted_build_starts_at_once_at_the_usual_priority_beside_builds_only_likely(diary: Diary) -> None:
    """The report on Export (``wanted``) is not queued behind, nor as slow as, what is only likely to be asked."""
    add(diary, DAY, 4)
    likely_started, likely_may_end = threading.Event(), threading.Event()
    seen: dict[str, int] = {}

    def likely() -> None:
        seen["likely"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        likely_started.set()
        likely_may_end.wait(timeout=30)

    def wanted() -> None:
        seen["wanted"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    first = build_ahead(diary, "likely", likely, quiet=0)
    assert first is not None and likely_started.wait(timeout=30)
    job = build_ahead(diary, "wanted", wanted, quiet=0, wanted=True)
    assert job is not None
    job.join(timeout=30)
    try:
        assert not job.is_alive() and first.is_alive()  # built while the other build was still under way
    finally:
        likely_may_end.set()
    assert finish_builds_ahead(timeout=30)
    assert seen == {"likely": 19, "wanted": os.getpriority(os.PRIO_PROCESS, 0)}
