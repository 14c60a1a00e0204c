"""Fault injection for the storage tests, in the spirit of SQLite's own test VFS.

SQLite's test suite makes the Nth I/O call fail and checks that the database
is still the old one or the new one. Python cannot put a VFS under the stdlib
``sqlite3`` module, so this layer injects at the calls Python can reach:

- ``os.write``, ``os.fsync``/``os.fdatasync`` and ``os.replace``/``os.rename``/``os.link``:
  every write, sync and rename both backends make themselves (the CSV file, a
  new SQLite diary's temporary file, the settings file). Writes are cut into
  4 KiB calls, so a failure can land in the middle of a file, as on a disk
  that fills up mid-write.
- every statement a SQLite connection executes (a ``sqlite3.Connection``
  subclass passed as ``factory``): the Nth raises ``sqlite3.OperationalError``
  with the result code SQLite itself gives for that failure (SQLITE_FULL for
  ENOSPC, SQLITE_IOERR for EIO, SQLITE_READONLY for EROFS).

``tests/test_faults.py`` also runs SQLite's own system calls through a small
preloaded C library where a compiler is at hand (``tests/fault_shim.c``); a
full disk and a read-only disk are real tmpfs mounts in ``tests/test_read_only.py``.

Every injection point tried is counted (``POINTS``) and the total printed at
the end of the session by ``conftest.py``.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import functools
import os
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pytest

from diary.entry import Entry, parse_entry
from diary.errors import DiaryError
from diary.exchange.importing import SourcePreview, import_source, preview_source
from diary.sources import Export, SourceDay, SourceResult
from diary.storage import Diary, open_diary
from diary.storage.files import temp_files
from diary.trials import new_trial
from diary.trials.store import save_plan

ERRNOS = {"ENOSPC": errno.ENOSPC, "EIO": errno.EIO, "EROFS": errno.EROFS}

# What SQLite reports for each operating-system failure: (result code, name, message).
SQLITE_FAILURES = {
    errno.ENOSPC: (13, "SQLITE_FULL", "database or disk is full"),
    errno.EIO: (10, "SQLITE_IOERR", "disk I/O error"),
    errno.EROFS: (8, "SQLITE_READONLY", "attempt to write a readonly database"),
}

KINDS = ("write", "fsync", "rename", "sqlite")
WRITE_CHUNK = 4096

POINTS: Counter[str] = Counter()
"""Injection points tried in this process, by layer ("python", "sqlite-statement", "system-call")."""


@dataclass
class Injector:
    """Counts the calls of each kind; once armed, makes the Nth call of one kind fail with one errno."""

    counts: Counter[str] = field(default_factory=Counter)
    target: tuple[str, int, int] | None = None
    fired: bool = False

    def arm(self, kind: str, nth: int, error: int) -> None:
        self.counts.clear()
        self.target = (kind, nth, error)
        self.fired = False

    def count_only(self) -> None:
        self.counts.clear()
        self.target = None
        self.fired = False

    def call(self, kind: str) -> int | None:
        """Count one call; the errno it must fail with, if it is the armed one."""
        self.counts[kind] += 1
        if self.target is not None and not self.fired:
            wanted, nth, error = self.target
            if wanted == kind and self.counts[kind] == nth:
                self.fired = True
                return error
        return None


def _failing(injector: Injector, kind: str, real: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        error = injector.call(kind)
        if error is not None:
            raise OSError(error, os.strerror(error))
        return real(*args, **kwargs)

    return call


def _chunked_write(injector: Injector, real: Callable[[int, Any], int]) -> Callable[[int, Any], int]:
    def write(fd: int, data: Any) -> int:
        error = injector.call("write")
        if error is not None:
            raise OSError(error, os.strerror(error))
        return real(fd, memoryview(data)[:WRITE_CHUNK])

    return write


def sqlite_error(error: int) -> sqlite3.OperationalError:
    """The ``sqlite3`` exception SQLite raises for an operating-system failure, with its result code."""
    code, name, message = SQLITE_FAILURES[error]
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code
    exc.sqlite_errorname = name
    return exc


def _connection_class(injector: Injector) -> type[sqlite3.Connection]:
    class FaultyConnection(sqlite3.Connection):
        """A connection whose Nth statement fails as SQLite would on a full, broken or read-only disk."""

        def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
            error = injector.call("sqlite")
            if error is not None:
                raise sqlite_error(error)
            return super().execute(sql, parameters)

    return FaultyConnection


@contextmanager
def injecting() -> Iterator[Injector]:
    """Route the storage's writes, syncs, renames and SQLite statements through an ``Injector``."""
    injector = Injector()
    with pytest.MonkeyPatch.context() as monkeypatch:
        _install(injector, monkeypatch)
        try:
            yield injector
        finally:
            injector.count_only()


def _install(injector: Injector, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "write", _chunked_write(injector, os.write))
    for name in ("fsync", "fdatasync"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, _failing(injector, "fsync", getattr(os, name)))
    for name in ("replace", "rename", "link"):
        monkeypatch.setattr(os, name, _failing(injector, "rename", getattr(os, name)))
    real_connect = sqlite3.connect
    faulty = _connection_class(injector)

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.setdefault("factory", faulty)
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)


# -- the C library preloaded into a child process: SQLite's own system calls ----------------

SHIM_KINDS = ("write", "fsync", "rename")


class ShimInjector:
    """The ``Injector`` interface over ``tests/fault_shim.c``, loaded with ctypes in the child."""

    def __init__(self, library: ctypes.CDLL) -> None:
        self._lib = library
        self._lib.fault_arm.argtypes = (ctypes.c_int, ctypes.c_long, ctypes.c_int)
        self._lib.fault_calls.argtypes = (ctypes.c_int,)
        self._lib.fault_calls.restype = ctypes.c_long

    @property
    def counts(self) -> dict[str, int]:
        found = {kind: self._lib.fault_calls(i) for i, kind in enumerate(SHIM_KINDS)}
        return {kind: n for kind, n in found.items() if n}

    @property
    def fired(self) -> bool:
        return bool(self._lib.fault_fired())

    def arm(self, kind: str, nth: int, error: int) -> None:
        self._lib.fault_arm(SHIM_KINDS.index(kind), nth, error)

    def count_only(self) -> None:
        self._lib.fault_count()

    def stop(self) -> None:
        self._lib.fault_stop()


class Injecting(Protocol):
    """What ``try_every_point`` needs of an injector (``Injector`` or ``ShimInjector``)."""

    @property
    def counts(self) -> Any: ...

    @property
    def fired(self) -> bool: ...

    def arm(self, kind: str, nth: int, error: int) -> None: ...

    def count_only(self) -> None: ...


# -- the changes tried, and how each failure is judged -----------------------------------

OLD = [
    parse_entry({"date": f"2025-03-{d:02d}", "pain": d % 11, "notes": f"day {d}", "mattress": "Foam"})
    for d in range(1, 11)
]
NEW = parse_entry({"date": "2025-03-20", "pain": 7, "notes": "new day"})
BATCH = [
    parse_entry(
        {"date": (dt.date(2024, 1, 1) + dt.timedelta(days=i)).isoformat(), "pain": i % 11, "notes": "n" * 60}
    )
    for i in range(120)
]
TRIAL = new_trial("mattress", "Foam", "Old sofa", start=dt.date(2025, 3, 21), seed=3, trial_id="trial-1")

NIGHTS = SourceResult(
    "oura",
    "sleep.csv",
    tuple(
        SourceDay(dt.date(2025, 3, d), {"bedtime": dt.time(23, d), "wake_time": dt.time(7, 0)}, f"line {d}")
        for d in range(6, 16)
    ),
)
"""Nights for five logged mornings (values added) and five not logged (kept aside): both files of a CSV diary."""


@functools.cache
def nights_preview() -> SourcePreview:
    """The preview of importing ``NIGHTS`` into a diary holding ``OLD``, made once before any fault is armed.

    Only the import's one write is tried with failures (the preview only reads).
    """
    with tempfile.TemporaryDirectory() as folder:
        diary = open_diary(Path(folder) / "plan.sqlite3")
        try:
            diary.import_entries(OLD)
            return preview_source(diary, Export("oura", "sleep.csv", NIGHTS), today=dt.date(2025, 4, 1))
        finally:
            diary.close()


def import_nights(diary: Diary) -> object:
    return import_source(diary, nights_preview())


Change = Callable[[Diary], object]
CHANGES: dict[str, Change] = {
    "add": lambda diary: diary.add(NEW),
    "update": lambda diary: diary.update(OLD[3].replace(pain=9, notes="changed")),
    "delete": lambda diary: diary.delete(OLD[5].date),
    "import": lambda diary: diary.import_entries(BATCH),
    "plan a trial": lambda diary: save_plan(diary, TRIAL, TRIAL.start),
    "import nights": import_nights,
}


def diary_name(backend: str) -> str:
    return "diary.sqlite3" if backend == "sqlite" else "diary.csv"


def read_back(path: Path) -> tuple[list[Entry], dict[str, object]] | None:
    """The diary as a new reader sees it (entries and the records kept with them), or None when there is no file."""
    if not path.exists():
        return None
    diary = open_diary(path, create=False)
    try:
        return [_without_stamp(e) for e in diary.entries()], dict(diary.all_records())
    finally:
        diary.close()


def _without_stamp(entry: Entry) -> Entry:
    """Entries compared without ``logged_at`` (the time of the save differs from run to run)."""
    return entry.replace(logged_at=None) if entry.logged_at else entry


def leftovers(path: Path) -> list[str]:
    """Files a failed change must not leave: temporary files and rollback journals."""
    found = [p.name for p in temp_files(path)]
    found += [p.name for p in path.parent.glob(f".{path.name}.*.tmp*")]
    found += [p.name for p in path.parent.glob("*-journal")]
    return sorted(set(found))


@dataclass
class Scenario:
    """One change on one backend: the diary before it, and how to judge each injected failure."""

    backend: str
    change: str
    template: Path

    @property
    def creates(self) -> bool:
        return self.change == "create"

    def fresh(self, folder: Path) -> Path:
        """A copy of the diary before the change, in its own folder; its path."""
        shutil.copytree(self.template, folder)
        return folder / diary_name(self.backend)

    def opened(self, path: Path) -> Diary | None:
        """The diary before the change, opened (None when the change is creating it)."""
        return None if self.creates else open_diary(path)

    def run(self, path: Path, diary: Diary | None) -> Diary:
        """Make the change; the diary object it was made through."""
        if diary is None:
            return open_diary(path)
        CHANGES[self.change](diary)
        return diary


def build(backend: str, change: str, folder: Path) -> Scenario:
    folder.mkdir()
    if change != "create":
        diary = open_diary(folder / diary_name(backend))
        diary.import_entries(OLD)
        diary.close()
    if change == "import nights":
        nights_preview()
    return Scenario(backend, change, folder)


def judge(
    scenario: Scenario, path: Path, raised: BaseException | None, old: object, new: object
) -> list[str]:
    """What is wrong after one injected failure (nothing, ideally)."""
    problems: list[str] = []
    if raised is not None:
        message = str(raised)
        if not isinstance(raised, DiaryError):
            problems.append(f"raised {type(raised).__name__} instead of a diary error: {message}")
        if str(path) not in message:
            problems.append(f"the message does not name the file: {message}")
        if not scenario.creates and "nothing was saved" not in message.lower():
            problems.append(f"the message does not say nothing was saved: {message}")
    state = read_back(path)
    allowed = ([old, new] if scenario.creates else [old]) if raised is not None else [new]
    if state not in allowed:
        what = "old" if raised is not None else "new"
        problems.append(f"the diary is neither as expected ({what}): {len(state[0]) if state else 0} entries")
    if leftovers(path):
        problems.append(f"left behind: {leftovers(path)}")
    return problems


def try_every_point(scenario: Scenario, work: Path, injector: Injecting) -> tuple[int, list[str]]:
    """Run the change with each injection point failing in turn; (points tried, problems found)."""
    dry = scenario.fresh(work / "dry")
    old = read_back(dry)
    opened = scenario.opened(dry)
    injector.count_only()
    diary: Diary | None  # each failing point below may leave none
    diary = scenario.run(dry, opened)
    counts = dict(injector.counts)
    diary.close()
    new = read_back(dry)
    assert new != old, "the change must change the diary"
    tried = 0
    problems: list[str] = []
    for kind, total in sorted(counts.items()):
        for nth in range(1, total + 1):
            for name, error in ERRNOS.items():
                where = f"{scenario.backend} {scenario.change}: {kind} #{nth} fails with {name}"
                path = scenario.fresh(work / f"{kind}-{nth}-{name}")
                diary = scenario.opened(path)
                injector.arm(kind, nth, error)
                raised: BaseException | None = None
                try:
                    diary = scenario.run(path, diary)
                except Exception as exc:  # judged below
                    raised = exc
                fired = injector.fired
                injector.count_only()
                tried += 1
                if not fired:
                    problems.append(f"{where}: the call was never made (the change is not repeatable)")
                found = judge(scenario, path, raised, old, new)
                if not found and diary is not None and raised is not None:
                    found += _recovers(scenario, diary, path, new)
                problems += [f"{where}: {p}" for p in found]
                if diary is not None:
                    diary.close()
                shutil.rmtree(path.parent)
    return tried, problems


def _recovers(scenario: Scenario, diary: Diary, path: Path, new: object) -> list[str]:
    """The object that saw the failure still reads the diary as it is, and the change then succeeds."""
    seen = ([_without_stamp(e) for e in diary.entries()], dict(diary.all_records()))
    if seen != read_back(path):
        return ["the diary object that saw the failure reads something else than the file holds"]
    CHANGES[scenario.change](diary)
    if read_back(path) != new:
        return ["the change tried again after the failure did not give the new diary"]
    return []
