"""Reading a SQLite diary through a copy in memory, where it cannot be read as it lies; the file is untouched.

Two cases. A diary in an older format on read-only storage is read through a
copy brought up to this version's format (``in_memory``, then the migrations).
And a diary in WAL mode whose log (``-wal``) is there without its index
(``-shm``), on storage that cannot take one (a read-only folder or disk, a
copy on a CD): SQLite needs to make that index to read the log, whose rows are
the latest saves, and refuses to open the file. It is then read from a private
copy of the file and its log, made in a temporary folder and removed at once
(``through_private_copy``). A diary is small (ten years: about 2 MB).
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

from .files import read_only_reason


def read_only(path: Path, target: str, timeout: float) -> sqlite3.Connection:
    """A connection that reads ``path`` without writing to it or beside it: at ``target`` (a URI, or the path
    where a journal left by a crash must be undone first), or through a private copy (module docstring)."""
    if needs_private_copy(path):
        return through_private_copy(path, timeout)
    return sqlite3.connect(target, uri=target.startswith("file:"), timeout=timeout, isolation_level=None)


def in_memory(conn: sqlite3.Connection) -> sqlite3.Connection:
    """A copy in memory of what ``conn`` reads; ``conn`` is closed."""
    copy = sqlite3.connect(":memory:", isolation_level=None)
    with contextlib.closing(conn):
        conn.backup(copy)
    return copy


def needs_private_copy(path: Path) -> bool:
    """Whether ``path`` is a WAL diary with its log but no index, where no index can be made."""
    log, index = Path(f"{path}-wal"), Path(f"{path}-shm")
    return log.exists() and not index.exists() and read_only_reason(path) is not None


def through_private_copy(path: Path, timeout: float) -> sqlite3.Connection:
    """The diary at ``path`` with its log's rows, read from a copy in a private temporary folder, in memory."""
    with tempfile.TemporaryDirectory(prefix="pain-diary-read-") as folder:
        copy = Path(folder) / "diary.sqlite3"
        shutil.copyfile(path, copy)
        shutil.copyfile(f"{path}-wal", f"{copy}-wal")
        return in_memory(sqlite3.connect(copy, timeout=timeout, isolation_level=None))
