"""Crash safety: a write killed at any instant leaves the old diary or the new one, never a torn one.

A separate process imports a few hundred rows (or saves one entry) and is
killed with SIGKILL at a random moment: mostly while it writes (after it says
so), sometimes while it is still opening the diary. After every kill the diary
must open without complaint and hold exactly the entries from before the write
or exactly those after it. Each backend gets the same treatment.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import signal
import statistics
import time
from collections import Counter
from pathlib import Path

import pytest

from diary.entry import Entry, parse_entry
from diary.storage import open_diary
from diary.storage.files import temp_files

from ._writer import Writer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
]

KILLS = {"import": 16, "save": 10}
IMPORT_ROWS = 300
FIRST_IMPORTED = dt.date(2024, 6, 1)


def read_back(path: Path) -> list[Entry]:
    """The diary as a fresh process would see it (a damaged file raises DiaryFileError here)."""
    diary = open_diary(path)
    try:
        return diary.entries()
    finally:
        diary.close()


class Diary:
    """A diary file in a folder, with its state before the write kept to restore between kills."""

    def __init__(self, folder: Path, backend: str) -> None:
        self.path = folder / ("diary.sqlite3" if backend == "sqlite" else "diary.csv")
        opened = open_diary(self.path)
        opened.import_entries(
            [
                parse_entry({"date": f"2024-05-{d:02d}", "pain": d % 11, "notes": "before"})
                for d in range(1, 32)
            ]
            + [
                parse_entry({"date": f"2024-06-{d:02d}", "pain": 9, "mattress": "Old sofa"})
                for d in range(1, 31)
            ]
        )
        opened.close()
        assert not Path(f"{self.path}-wal").exists()  # closed cleanly: everything is in the one file
        self.pristine = self.path.read_bytes()
        self.old = read_back(self.path)

    def restore(self) -> None:
        for side in (Path(f"{self.path}-wal"), Path(f"{self.path}-shm"), Path(f"{self.path}-journal")):
            side.unlink(missing_ok=True)
        self.path.write_bytes(self.pristine)


def import_file(folder: Path) -> Path:
    """Three hundred days, the first thirty replacing days already in the diary with other values."""
    path = folder / "incoming.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "pain", "position", "mattress", "notes"])
        for i in range(IMPORT_ROWS):
            date = (FIRST_IMPORTED + dt.timedelta(days=i)).isoformat()
            writer.writerow(
                [date, i % 11, ("back", "side", "stomach")[i % 3], "Foam, firm", f'night {i}: "ok"\n']
            )
    return path


def crash_loop(diary: Diary, mode: str, *args: str) -> Counter[str]:
    """Kill the write again and again; every outcome must be the old or the new diary."""
    # Let it finish three times: the new state, and how long opening and writing take.
    timings, results = [], []
    for _ in range(3):
        diary.restore()
        writer = Writer(mode, diary.path, *args)
        writer.expect("ready")
        writer.go()
        writer.expect("writing")
        status, out, err = writer.finish()
        assert status == 0, err
        opened, total = (float(x) for x in out.split()[1:3])
        timings.append((opened, total - opened))
        results.append(read_back(diary.path))
    assert results[0] == results[1] == results[2] != diary.old
    new = results[0]
    opening = statistics.median(t[0] for t in timings)
    writing = statistics.median(t[1] for t in timings)

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()

    def kill_once(writer: Writer, run: int, delay: float | None) -> str:
        """Start the write, kill it ``delay`` seconds after it began writing (None: while opening)."""
        writer.expect("ready")
        writer.go()
        if delay is None:
            where = "opening"
            time.sleep(rng.uniform(0, opening))
        else:
            where = "writing"
            writer.expect("writing")
            time.sleep(delay)
        alive = writer.kill()
        got = read_back(diary.path)
        assert got in (diary.old, new), (
            f"a {mode} killed while {where} left a diary that is neither the old nor the new one "
            f"(random seed {seed}, run {run})"
        )
        outcome = f"{where}:{'old' if got == diary.old else 'new'}"
        outcomes[outcome + ("" if alive else " (had ended)")] += 1
        return outcome

    upcoming = Writer(mode, diary.path, *args)
    try:
        planned = [None if run % 4 == 0 else rng.uniform(0, 2 * writing) for run in range(KILLS[mode])]
        # A busy machine can make the write slower or faster than measured: if every
        # kill fell on one side of the commit, move the kills until one falls on the other.
        later = 2 * writing
        for run in range(KILLS[mode] + 12):
            if run < len(planned):
                delay = planned[run]
            elif not outcomes["writing:new"] + outcomes["writing:new (had ended)"]:
                later *= 2
                delay = later
            elif not outcomes["writing:old"]:
                delay = 0.0
            else:
                break
            diary.restore()
            writer, upcoming = upcoming, Writer(mode, diary.path, *args)
            kill_once(writer, run, delay)
    finally:
        upcoming.kill()
    # The kills landed on both sides of the commit, so the test saw the write from inside.
    assert outcomes["writing:old"] and outcomes["writing:new"] + outcomes["writing:new (had ended)"], outcomes
    return outcomes


@pytest.mark.parametrize("backend", ["sqlite", "csv"])
def test_a_killed_import_leaves_the_old_or_the_new_diary(backend: str, tmp_path: Path) -> None:
    diary = Diary(tmp_path, backend)
    crash_loop(diary, "import", str(import_file(tmp_path)))


@pytest.mark.parametrize("backend", ["sqlite", "csv"])
def test_a_killed_save_leaves_the_old_or_the_new_diary(backend: str, tmp_path: Path) -> None:
    diary = Diary(tmp_path, backend)
    crash_loop(diary, "save", "2024-07-15", "4")
    # Whatever a killed write left behind (a temporary file of the CSV) goes with the next write.
    opened = open_diary(diary.path)
    opened.add(parse_entry({"date": "2024-07-16", "pain": 2}))
    assert temp_files(diary.path) == []
    opened.close()


def test_a_temporary_file_left_by_a_killed_write_is_removed_by_the_next(tmp_path: Path) -> None:
    path = tmp_path / "diary.csv"
    diary = open_diary(path)
    leftover = tmp_path / ".diary.csv.k1ll3d.tmp"
    leftover.write_text("date,pain\r\n2024-07-15,4\r\n")
    other = tmp_path / ".other.csv.k1ll3d.tmp"  # another file's: not ours to remove
    other.write_text("x")
    assert temp_files(path) == [leftover]
    diary.add(parse_entry({"date": "2024-07-16", "pain": 2}))
    assert not leftover.exists() and other.exists()
    assert [e.date.isoformat() for e in diary.entries()] == ["2024-07-16"]
