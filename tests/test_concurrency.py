"""Concurrency: two programs, or two browser sessions, saving at once both land, every entry of them.

When one writer keeps the diary longer than the timeout, the other gets
``DiaryBusy`` (a plain message, never SQLite's "database is locked") and
nothing changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from diary.entry import Entry, parse_entry
from diary.errors import DiaryBusy
from diary.storage import CSVDiary, Diary, SQLiteDiary, open_diary

from ._writer import Writer, burst_entries

WRITES = 200  # per writer


def diary_path(folder: Path, backend: str) -> Path:
    return folder / ("diary.sqlite3" if backend == "sqlite" else "diary.csv")


def expected(first: str) -> dict[dt.date, tuple[int, str]]:
    return {
        dt.date.fromisoformat(str(raw["date"])): (int(raw["pain"]), str(raw["notes"]))  # type: ignore[call-overload]
        for raw in burst_entries(first, WRITES)
    }


def assert_holds(diary: Diary, *firsts: str) -> None:
    """Every entry of every burst is there, with its values, and nothing else."""
    want: dict[dt.date, tuple[int, str]] = {}
    for first in firsts:
        want.update(expected(first))
    got = {e.date: (e.pain, e.notes) for e in diary.entries()}
    missing = sorted(set(want) - set(got))
    assert not missing, f"{len(missing)} saved entries are missing, the first {missing[:3]}"
    assert got == want


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "csv"])
def test_two_processes_saving_at_once_both_land(backend: str, tmp_path: Path) -> None:
    path = diary_path(tmp_path, backend)
    open_diary(path).close()
    writers = [
        Writer("burst", path, "2019-01-01", str(WRITES)),
        Writer("burst", path, "2021-01-01", str(WRITES)),
    ]
    for writer in writers:
        writer.expect("ready")
    for writer in writers:
        writer.go()
    for writer in writers:
        status, _, err = writer.finish(timeout=120)
        assert status == 0, err
        assert "locked" not in err.lower() and "Traceback" not in err
    diary = open_diary(path)
    assert len(diary) == 2 * WRITES
    assert_holds(diary, "2019-01-01", "2021-01-01")


@pytest.mark.parametrize("backend", ["sqlite", "csv"])
def test_two_sessions_saving_through_one_diary_both_land(backend: str, tmp_path: Path) -> None:
    """Streamlit runs each browser session in its own thread, all sharing the one cached Diary."""
    diary = open_diary(diary_path(tmp_path, backend))
    errors: list[BaseException] = []
    counts: list[int] = []
    done = threading.Event()

    def session(first: str) -> None:
        try:
            for raw in burst_entries(first, WRITES):
                diary.add(parse_entry(raw))
        except BaseException as exc:  # reported below
            errors.append(exc)

    def reader() -> None:  # a third session looking at the History page meanwhile
        try:
            while not done.is_set():
                counts.append(len(diary.entries()))
                time.sleep(0.001)
        except BaseException as exc:
            errors.append(exc)

    sessions = [threading.Thread(target=session, args=(first,)) for first in ("2019-01-01", "2021-01-01")]
    watcher = threading.Thread(target=reader)
    watcher.start()
    for thread in sessions:
        thread.start()
    for thread in sessions:
        thread.join(timeout=120)
    done.set()
    watcher.join(timeout=10)
    assert errors == []
    assert_holds(diary, "2019-01-01", "2021-01-01")
    assert counts == sorted(counts)  # a reader never sees an entry vanish
    diary.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entry(day: str) -> Entry:
    return parse_entry({"date": day, "pain": 5, "notes": "should not be saved"})


@pytest.mark.parametrize("backend", ["sqlite", "csv"])
def test_a_diary_held_too_long_by_another_program_is_busy_and_unchanged(backend: str, tmp_path: Path) -> None:
    path = diary_path(tmp_path, backend)
    first = open_diary(path)
    first.add(parse_entry({"date": "2025-03-01", "pain": 2}))
    first.close()
    holder = Writer("hold", path)
    try:
        holder.expect("ready")
        holder.go()
        holder.expect("locked")
        diary = SQLiteDiary(path, timeout=0.3) if backend == "sqlite" else CSVDiary(path, timeout=0.3)
        before, version, data = diary.entries(), diary.version(), digest(path)
        for attempt in (
            lambda: diary.add(entry("2025-03-02")),
            lambda: diary.update(entry("2025-03-01")),
            lambda: diary.delete(dt.date(2025, 3, 1)),
            lambda: diary.import_entries([entry("2025-03-03")]),
        ):
            started = time.monotonic()
            with pytest.raises(DiaryBusy) as caught:
                attempt()
            # It waited out its timeout (a sleep is never shorter than asked), and gave up
            # while the other program still held the lock, instead of waiting for it to let go.
            waited = time.monotonic() - started
            assert waited >= 0.25, f"gave up after {waited:.2f} s, before its 0.3 s timeout"
            assert holder.running(), "the other program ended before the write gave up"
            message = str(caught.value)
            assert str(path) in message and "busy" in message and "Nothing was saved" in message
            assert "database is locked" not in message
        # Readers are not held up by the writer, and nothing changed.
        assert diary.entries() == before and diary.version() == version and digest(path) == data
    finally:
        assert holder.kill()  # it was still holding the lock
    # With the other program gone, the same save goes through.
    diary.add(entry("2025-03-02"))
    assert [e.date.isoformat() for e in open_diary(path).entries()] == ["2025-03-01", "2025-03-02"]


@pytest.mark.parametrize("backend", ["sqlite", "csv"])
def test_a_write_waits_for_a_short_hold_instead_of_failing(backend: str, tmp_path: Path) -> None:
    """Another program saving for a moment is waited for, within the timeout, not reported."""
    path = diary_path(tmp_path, backend)
    open_diary(path).close()
    holder = Writer("hold", path)
    letting_go = threading.Event()

    def let_go() -> None:
        letting_go.set()  # before the kill, so a save that waited for the lock always sees it
        holder.kill()

    release = threading.Timer(0.4, let_go)
    try:
        holder.expect("ready")
        holder.go()
        holder.expect("locked")
        diary = open_diary(path)  # the default timeout, 10 s
        release.start()
        diary.add(entry("2025-03-02"))
        assert letting_go.is_set(), "the save went through while the other program held the lock"
    finally:
        release.cancel()
        if release.is_alive():
            release.join()
        holder.kill()
    assert len(open_diary(path)) == 1


@pytest.mark.parametrize("backend", ["sqlite", "csv"])
def test_reading_is_not_held_up_by_a_session_waiting_to_write(backend: str, tmp_path: Path) -> None:
    """One session waiting for the lock must not freeze the pages of every other session.

    Judged by order, not by the clock: the reads return while the waiting save is
    still queued for the lock, which the other program keeps until the reads are done.
    """
    path = diary_path(tmp_path, backend)
    first = open_diary(path)
    first.add(parse_entry({"date": "2025-03-01", "pain": 2}))
    first.close()
    holder = Writer("hold", path)
    outcome: list[BaseException] = []
    try:
        holder.expect("ready")
        holder.go()
        holder.expect("locked")
        # A timeout far longer than the reads take: the save can end only once the holder lets go.
        diary = SQLiteDiary(path, timeout=30) if backend == "sqlite" else CSVDiary(path, timeout=30)
        waiting = threading.Thread(target=lambda: _record(outcome, lambda: diary.add(entry("2025-03-02"))))
        waiting.start()
        wait_until_queued_for_the_lock(waiting)
        assert [e.pain for e in diary.entries()] == [2]
        assert diary.get(dt.date(2025, 3, 1)) is not None and diary.version()
        assert waiting.is_alive() and queued_for_the_lock(waiting), "the reads waited for the save"
    finally:
        holder.kill()
    waiting.join(timeout=60)
    assert not waiting.is_alive() and outcome == []  # once the other program let go, the save landed
    assert [e.date.isoformat() for e in diary.entries()] == ["2025-03-01", "2025-03-02"]


def queued_for_the_lock(thread: threading.Thread) -> bool:
    """True while ``thread`` is inside a diary write, blocked on the write lock.

    SQLite waits inside ``_transaction`` (its BEGIN IMMEDIATE); the CSV backend
    inside the file lock's acquire loop, called from ``_transaction``.
    """
    frame = sys._current_frames().get(thread.ident or -1)
    innermost = frame
    names = []
    while frame is not None:
        names.append(frame.f_code.co_name)
        frame = frame.f_back
    if innermost is None or "_transaction" not in names:
        return False
    return (
        innermost.f_code.co_name == "_transaction" or "filelock" in Path(innermost.f_code.co_filename).parts
    )


def wait_until_queued_for_the_lock(thread: threading.Thread) -> None:
    for _ in range(30_000):  # a guard against hanging, not a timing assertion: it is met at once
        if queued_for_the_lock(thread):
            return
        assert thread.is_alive(), "the save ended without waiting for the lock"
        time.sleep(0.001)
    raise AssertionError("the save never started waiting for the lock")


def _record(into: list[BaseException], action: Callable[[], object]) -> None:
    try:
        action()
    except BaseException as exc:
        into.append(exc)
