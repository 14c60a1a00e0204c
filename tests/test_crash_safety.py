"""Crash safety: a write killed at any instant leaves the old diary or the new one, never a torn one.

A separate process imports a few hundred rows (or saves one entry) and is
killed with SIGKILL at a random moment: mostly while it writes (after it says
so), sometimes while it is still opening the diary. After every kill the diary
must open without complaint and hold exactly the entries from before the write
or exactly those after it. Each backend gets the same treatment.

The kill times come from a random seed, printed with every run and named in
every failure; ``CRASH_SEED=<seed> pytest tests/test_crash_safety.py`` replays
the same schedule (which runs are killed while opening, and how long after the
write began the others are). The machine's timing still varies from run to
run, so a replay lands close to the failing instants, not always on them.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import signal
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
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
SEED_VARIABLE = "CRASH_SEED"
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


def crash_seed() -> int:
    """The seed of the kill schedule: ``CRASH_SEED`` when set (to replay a failure), else a new one."""
    given = os.environ.get(SEED_VARIABLE, "").strip()
    return int(given) if given else random.randrange(1 << 30)


@dataclass(frozen=True)
class FinishedWrite:
    """What the write leaves when it is not killed, and how long its two phases take (medians)."""

    new: list[Entry]
    opening: float  # seconds from the go line until the diary is open and the input read
    writing: float  # seconds of the write itself


def finished_write(diary: Diary, mode: str, args: tuple[str, ...]) -> FinishedWrite:
    """Let the write finish three times: the new state (the same each time), and its timings."""
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
    return FinishedWrite(
        results[0], statistics.median(t[0] for t in timings), statistics.median(t[1] for t in timings)
    )


def kill_delays(
    rng: random.Random, count: int, writing: float, outcomes: Counter[str]
) -> Iterator[float | None]:
    """When to kill each run, in seconds after it began writing (None: while it opens the diary).

    ``count`` runs at random times around the measured write. A busy machine can
    make the write slower or faster than measured: if every kill fell on one side
    of the commit, up to twelve more runs move the kill until one falls on the other.
    """
    yield from [None if run % 4 == 0 else rng.uniform(0, 2 * writing) for run in range(count)]
    later = 2 * writing
    for _ in range(12):
        if not outcomes["writing:new"] + outcomes["writing:new (had ended)"]:
            later *= 2
            yield later
        elif not outcomes["writing:old"]:
            yield 0.0
        else:
            return


def kill_once(writer: Writer, delay: float | None, opening_delay: float) -> tuple[str, bool]:
    """Start the write and SIGKILL it: ``delay`` seconds after it began writing, or while opening.

    Returns where it was killed ("writing" or "opening") and whether it was still running.
    """
    writer.expect("ready")
    writer.go()
    if delay is None:
        time.sleep(opening_delay)
        return "opening", writer.kill()
    writer.expect("writing")
    time.sleep(delay)
    return "writing", writer.kill()


def crash_loop(diary: Diary, mode: str, *args: str) -> Counter[str]:
    """Kill the write again and again; every outcome must be the old or the new diary."""
    finished = finished_write(diary, mode, args)
    seed = crash_seed()
    replay = f"random seed {seed}; replay the schedule with {SEED_VARIABLE}={seed}"
    print(f"crash loop ({mode}): {replay}")  # shown with a failure, whose message names it too
    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    upcoming = Writer(mode, diary.path, *args)  # started early: each run's writer is ready at once
    try:
        for run, delay in enumerate(kill_delays(rng, KILLS[mode], finished.writing, outcomes)):
            diary.restore()
            writer, upcoming = upcoming, Writer(mode, diary.path, *args)
            opening_delay = rng.uniform(0, finished.opening) if delay is None else 0.0
            where, alive = kill_once(writer, delay, opening_delay)
            got = read_back(diary.path)
            assert got in (diary.old, finished.new), (
                f"a {mode} killed while {where} left a diary that is neither the old nor the new one "
                f"(run {run}, {replay})"
            )
            outcome = f"{where}:{'old' if got == diary.old else 'new'}"
            outcomes[outcome + ("" if alive else " (had ended)")] += 1
    finally:
        upcoming.kill()
    # The kills landed on both sides of the commit, so the test saw the write from inside.
    assert outcomes["writing:old"] and outcomes["writing:new"] + outcomes["writing:new (had ended)"], (
        f"{outcomes} ({replay})"
    )
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


def test_the_kill_schedule_replays_from_its_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SEED_VARIABLE, "12345")
    assert crash_seed() == 12345
    twice = [
        list(kill_delays(random.Random(crash_seed()), 8, 0.05, Counter({"writing:old": 1, "writing:new": 1})))
        for _ in range(2)
    ]
    assert twice[0] == twice[1] and len(twice[0]) == 8 and twice[0][0] is None
    monkeypatch.delenv(SEED_VARIABLE)
    assert len({crash_seed() for _ in range(5)}) > 1  # unset: a new seed each time
