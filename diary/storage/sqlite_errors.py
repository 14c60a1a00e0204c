"""SQLite's errors in the diary's words, chosen by SQLite's own result code.

Only a file SQLite reports as corrupt, or as not a database, is ever called
damaged: a full disk, a read-only file, a disk error or a lock each get their
own message, naming the file, and a failed write says that nothing was saved.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Literal

from ..errors import DiaryBusy, DiaryError, DiaryFileError, DiaryMissing, DiaryReadOnly, DiaryWriteError
from .files import (
    CHECK_DISK,
    DISK_ERROR,
    DISK_FULL,
    FREE_SPACE,
    NOT_CREATED,
    UNCHANGED,
    disk_full,
    read_only_reason,
)

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

Action = Literal["open", "read", "write", "create"]

RESTORE = "Restore a backup or an exported CSV into a new diary file."


def result_code(exc: sqlite3.Error) -> int:
    """SQLite's primary result code for an error (0 when it carries none)."""
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def is_busy(exc: sqlite3.Error) -> bool:
    """True for SQLite's "database is locked" / "busy": another connection kept the lock too long."""
    if result_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED):
        return True
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def damaged(path: Path, what: object) -> DiaryFileError:
    """A file SQLite itself calls corrupt (or not a database), with what it said."""
    return DiaryFileError(path, f"the database is damaged or unreadable ({what}).", RESTORE)


def translate(exc: sqlite3.Error, path: Path, action: Action, timeout: float) -> DiaryError:
    """The diary's error for a SQLite error met while opening, reading, writing or creating ``path``."""
    code = result_code(exc)
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN) and disk_full(path):
        code = SQLITE_FULL  # the log or its index did not fit: SQLite calls that a disk error
    if is_busy(exc):
        return DiaryBusy(path, timeout)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(path, exc)
    if code == SQLITE_CANTOPEN and not path.exists() and action != "create":
        return DiaryMissing(path)
    if action in ("write", "create"):
        return _write_error(exc, code, path, action)
    if code == SQLITE_READONLY or (code == SQLITE_CANTOPEN and read_only_reason(path)):
        why = read_only_reason(path) or "the disk refused to write to it"
        return DiaryFileError(
            path,
            f"it is read-only ({why}) and cannot be read as it is without writing beside it ({exc}).",
            "Copy the diary file (with its -wal file, if there is one) to a writable folder and open "
            "the copy, or make this folder writable.",
        )
    verb = "opened" if action == "open" else "read"
    if code == SQLITE_FULL:
        return DiaryFileError(path, f"it could not be {verb}: {DISK_FULL}.", FREE_SPACE)
    if code == SQLITE_IOERR:
        return DiaryFileError(path, f"it could not be {verb}: {DISK_ERROR} ({exc}).", CHECK_DISK)
    return DiaryFileError(path, f"it could not be {verb} ({exc}).")


def _write_error(exc: sqlite3.Error, code: int, path: Path, action: Action) -> DiaryError:
    what = NOT_CREATED if action == "create" else "it could not be written"
    kept = "" if action == "create" else f" {UNCHANGED}"
    if code == SQLITE_READONLY:
        return DiaryReadOnly(path, read_only_reason(path) or "the disk refused to write to it")
    if code == SQLITE_FULL:
        return DiaryWriteError(path, f"{what}: {DISK_FULL}.", f"{FREE_SPACE}{kept}")
    if code == SQLITE_IOERR:
        return DiaryWriteError(path, f"{what}: {DISK_ERROR} ({exc}).", f"{CHECK_DISK}{kept}")
    return DiaryWriteError(path, f"{what} ({exc}).", kept.strip())


def remove_empty_log(beside: list[Path], there_before: set[Path]) -> None:
    """Remove the empty -wal and -shm files a failed open on a full disk just made (nothing is in them).

    Left there, every read would need the -shm index, which cannot grow; without them the file is read as it lies.
    """
    wal, shm = beside
    with contextlib.suppress(OSError):
        if wal not in there_before and wal.exists() and wal.stat().st_size == 0:
            wal.unlink()
        if shm not in there_before and not wal.exists():
            shm.unlink(missing_ok=True)


def log_of_a_deleted_diary(path: Path) -> DiaryFileError | None:
    """The refusal to start a new diary at ``path`` beside the log (-wal, or a rollback -journal) of a diary
    that was deleted there while a program still had it open; None when there is none with anything in it.

    SQLite plays a log it finds beside a file into that file: a new diary would take the deleted diary's
    entries back in (or be read as damaged), so nothing is created and the person chooses.
    """
    for side in ("-wal", "-journal"):
        log = Path(f"{path}{side}")
        try:
            size = log.stat().st_size
        except OSError:
            continue
        if size:
            return DiaryFileError(
                path,
                f"there is no diary file there, but {log.name}, the log of a diary that was there and was deleted "
                "while a program still had it open, is beside it. A new diary there would take that diary's "
                "entries back in, so none was started.",
                f"Restore the diary from a backup, or move {log.name} (and {path.name}-shm) to another folder "
                "to start a new diary there; or point PAIN_DIARY_DATA (or --data) at another file.",
                what="a new diary at",
            )
    return None
