"""CSV backend: the diary CSV itself, rewritten atomically under a file lock.

Readers never lock: every write replaces the whole file by rename, so a reader
sees the old or the new diary. Writers hold ``<file>.lock`` for the
read-modify-replace, so two windows saving at once both land.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import filelock

from ..csvformat import HEADER_LINE, _LineWriter, entry_line, parse_diary_csv
from ..entry import Entry
from ..errors import DiaryBusy, DiaryFileError
from .base import Diary, iter_range
from .files import PRIVATE_FILE, atomic_write, ensure_private_dir


@dataclass
class _Snapshot:
    """The file as last read: entries by date and their rendered CSV lines."""

    key: tuple[int, int, int]
    entries: dict[dt.date, Entry]
    lines: dict[dt.date, str] = field(default_factory=dict)
    ordered: list[Entry] | None = None

    def sorted_entries(self) -> list[Entry]:
        if self.ordered is None:
            self.ordered = sorted(self.entries.values(), key=lambda e: e.date)
        return self.ordered


def _key(status: os.stat_result) -> tuple[int, int, int]:
    return (status.st_ino, status.st_mtime_ns, status.st_size)


class _CSVTransaction:
    def __init__(self, snapshot: _Snapshot):
        self.entries = dict(snapshot.entries)
        self.lines = dict(snapshot.lines)
        self.changed = False

    def get_many(self, days: Iterable[dt.date]) -> dict[dt.date, Entry]:
        return {d: self.entries[d] for d in days if d in self.entries}

    def put(self, entry: Entry) -> None:
        self.entries[entry.date] = entry
        self.lines.pop(entry.date, None)
        self.changed = True

    def delete(self, day: dt.date) -> None:
        self.entries.pop(day, None)
        self.lines.pop(day, None)
        self.changed = True


class CSVDiary(Diary):
    """A diary kept in a diary CSV file (chosen by a path ending in .csv)."""

    backend = "csv"

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 10.0):
        self.path = Path(path).expanduser().absolute()
        self.timeout = timeout
        self._mutex = threading.RLock()
        self._snapshot: _Snapshot | None = None
        ensure_private_dir(self.path.parent)
        self._lock = filelock.FileLock(
            str(self.path) + ".lock", timeout=timeout, mode=PRIVATE_FILE, thread_local=False
        )
        if self.path.exists():
            self._read()  # refuse an unreadable file now, before anything is written
        else:
            with self._locked():
                if not self.path.exists():
                    status = atomic_write(self.path, HEADER_LINE.encode())
                    self._snapshot = _Snapshot(_key(status), {})

    # -- reading

    def _read(self) -> _Snapshot:
        try:
            handle = self.path.open("rb")
        except FileNotFoundError:
            return _Snapshot((0, 0, 0), {})
        except OSError as exc:
            raise DiaryFileError(self.path, f"it cannot be read ({exc.strerror or exc}).") from None
        with handle:
            key = _key(os.fstat(handle.fileno()))
            with self._mutex:
                if self._snapshot is not None and self._snapshot.key == key:
                    return self._snapshot
            data = handle.read()
        parsed = parse_diary_csv(data, check_future=False)
        if parsed.problems:
            shown = "; ".join(str(p) for p in parsed.problems[:5])
            more = len(parsed.problems) - 5
            if more > 0:
                shown += f"; and {more} more"
            raise DiaryFileError(
                self.path,
                f"it is not a valid diary CSV ({shown}).",
                "If it is not your diary, point PAIN_DIARY_DATA (or --data) at the diary's file; "
                "if it is, fix it by hand or restore a backup.",
            )
        snapshot = _Snapshot(key, {e.date: e for e in parsed.entries}, ordered=parsed.entries)
        with self._mutex:
            self._snapshot = snapshot
        return snapshot

    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]:
        ordered = self._read().sorted_entries()
        if start is None and end is None:
            return list(ordered)
        return list(iter_range(ordered, start, end))

    def get(self, day: dt.date) -> Entry | None:
        return self._read().entries.get(day)

    def __len__(self) -> int:
        return len(self._read().entries)

    def version(self) -> str:
        try:
            key = _key(self.path.stat())
        except FileNotFoundError:
            key = (0, 0, 0)
        return f"csv:{self.path}:{key[0]}:{key[1]}:{key[2]}"

    # -- writing

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._mutex:
            try:
                self._lock.acquire()
            except filelock.Timeout:
                raise DiaryBusy(self.path, self.timeout) from None
            try:
                yield
            finally:
                self._lock.release()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[_CSVTransaction]:
        with self._locked():
            txn = _CSVTransaction(self._read())
            yield txn
            if txn.changed:
                self._write(txn)

    def _write(self, txn: _CSVTransaction) -> None:
        writer = _LineWriter()
        ordered = sorted(txn.entries)
        parts = [HEADER_LINE]
        for day in ordered:
            line = txn.lines.get(day)
            if line is None:
                line = txn.lines[day] = entry_line(txn.entries[day], writer=writer)
            parts.append(line)
        status = atomic_write(self.path, "".join(parts).encode("utf-8"))
        self._snapshot = _Snapshot(_key(status), txn.entries, txn.lines)
