"""Concurrency: two programs, or two browser sessions, saving at once both land, every entry of them.

When one writer keeps the diary longer than the timeout, the other gets
``DiaryBusy`` (a plain message, never SQLite's "database is locked") and
nothing changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
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
            waited = time.monotonic() - started
            assert 0.25 <= waited < 5, f"waited {waited:.2f} s for a 0.3 s timeout"
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
    try:
        holder.expect("ready")
        holder.go()
        holder.expect("locked")
        diary = open_diary(path)  # the default timeout, 10 s
        threading.Timer(0.4, holder.kill).start()
        started = time.monotonic()
        diary.add(entry("2025-03-02"))
        assert time.monotonic() - started >= 0.3
    finally:
        holder.kill()
    assert len(open_diary(path)) == 1


@pytest.mark.parametrize("backend", ["sqlite", "csv"])
def test_reading_is_not_held_up_by_a_session_waiting_to_write(backend: str, tmp_path: Path) -> None:
    """One session waiting for the lock must not freeze the pages of every other session."""
    path = diary_path(tmp_path, backend)
    first = open_diary(path)
    first.add(parse_entry({"date": "2025-03-01", "pain": 2}))
    first.close()
    holder = Writer("hold", path)
    try:
        holder.expect("ready")
        holder.go()
        holder.expect("locked")
        diary = SQLiteDiary(path, timeout=1.5) if backend == "sqlite" else CSVDiary(path, timeout=1.5)
        outcome: list[BaseException] = []
        waiting = threading.Thread(target=lambda: _record(outcome, lambda: diary.add(entry("2025-03-02"))))
        waiting.start()
        time.sleep(0.3)  # the writer is now queued for the lock
        started = time.monotonic()
        assert [e.pain for e in diary.entries()] == [2]
        assert diary.get(dt.date(2025, 3, 1)) is not None and diary.version()
        assert time.monotonic() - started < 0.8
        waiting.join(timeout=10)
        assert len(outcome) == 1 and isinstance(outcome[0], DiaryBusy)
    finally:
        holder.kill()


def _record(into: list[BaseException], action: object) -> None:
    try:
        action()  # type: ignore[operator]
    except BaseException as exc:
        into.append(exc)
