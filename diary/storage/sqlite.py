"""SQLite backend: one ``entries`` table keyed by date, named migrations, WAL.

The file is checked before anything is written to it: a file that is not a
SQLite database, a damaged one, another program's database, or one from a
newer schema raises ``DiaryFileError`` and is left exactly as it was. Before a
migration runs on an existing diary, a backup copy is made beside it.

A diary that cannot be written (a read-only file, folder or disk) is opened
read-only, without a byte written beside it (one of an older format is read
through a copy updated in memory); a change is then refused as
``DiaryReadOnly``. A diary whose file vanishes while open is ``DiaryMissing``:
connections are opened without ever creating the file, and every read and
write first checks that the file is still the one that was opened (a file
put in its place, or copied over it, is opened afresh; the log is emptied
after every write, so none is played onto it). A new diary is built under a
temporary name and put in place whole, so a full disk leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock
from ..entry import Entry
from ..errors import NEW_DIARY_ELSEWHERE, DiaryFileError, DiaryMissing, DiaryReadOnly, DiaryWriteError
from ..wording import NOTHING_SAVED
from .base import Diary, MattressNight, Record, written_by_newer
from .files import (
    DISK_FULL,
    POINT_AT_DIARY,
    UNCHANGED_UNTIL_FIXED,
    NotRegularFile,
    create_private_file,
    creation_failed,
    diary_there,
    disk_full,
    ensure_private_dir,
    link_in,
    not_created,
    open_regular,
    read_only_reason,
    schema_backup,
    unreadable,
)
from .sqlite_copy import in_memory, read_only
from .sqlite_errors import Action, damaged, is_busy, log_of_a_deleted_diary, remove_empty_log, translate
from .sqlite_schema import (
    DATES,
    MIGRATIONS,
    SCHEMA_VERSION,
    SELECT,
    SQLITE_HEADER,
    Migration,
    SQLiteTransaction,
    between,
    decode_columns,
    decode_row,
    read_records,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration", "SQLiteDiary"]


@dataclass
class _Connection:
    """One thread's connection, and the file as it was when last seen (device, inode, change time, size)."""

    conn: sqlite3.Connection
    key: tuple[int, ...]
    writable: bool


class SQLiteDiary(Diary):
    """A diary in a SQLite file (the default)."""

    backend = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 10.0, create: bool = True):
        self.path = Path(path).expanduser().absolute()
        self.timeout = timeout
        self._local = threading.local()
        self._reopening = threading.Lock()
        self._wal_header = False
        self._identity: tuple[int, int] = (0, 0)  # the file that was checked: device, inode
        self._opened_read_only: str | None = None  # why, when it was opened read-only
        # Opened read-only in an older format: read through a copy updated in memory (``_connect``).
        self._older_format = False
        if not diary_there(self.path):
            if not create:
                raise DiaryMissing(self.path, was_open=False)
            self._create()
        self._open_and_migrate()
        self._seen = self._file_key()  # the file as last checked or written here (``_connection``)

    # -- opening

    @contextlib.contextmanager
    def _sqlite_errors(self, action: Action) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise translate(exc, self.path, action, self.timeout) from None

    def _create(self) -> None:
        """Make a new, empty diary: built under a temporary name, then put in place whole.

        A full disk or any other failure leaves nothing behind, not even an empty
        file; and two processes creating the same diary at once both end with
        one diary, since the finished file is linked in only where none is.
        """
        why = read_only_reason(self.path)
        if why:
            raise DiaryWriteError(self.path, not_created(why), NEW_DIARY_ELSEWHERE)
        if (refused := log_of_a_deleted_diary(self.path)) is not None:
            raise refused
        try:
            ensure_private_dir(self.path.parent)
            fd, temp_name = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
            )
            os.close(fd)
        except OSError as exc:
            raise creation_failed(self.path, exc) from None
        temp = Path(temp_name)
        try:
            self._build(temp)
            link_in(temp, self.path)
        except sqlite3.Error as exc:
            raise translate(exc, self.path, "create", self.timeout) from None
        except OSError as exc:
            raise creation_failed(self.path, exc) from None
        finally:
            for leftover in (temp, *(Path(f"{temp}{side}") for side in ("-wal", "-shm", "-journal"))):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def _build(self, temp: Path) -> None:
        """A complete new diary at ``temp``: every table in the file itself, flushed to disk."""
        with contextlib.closing(sqlite3.connect(temp, timeout=self.timeout, isolation_level=None)) as conn:
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA journal_mode = WAL")
            self._migrate(conn)
            # Copy the log into the file now, where a failure is an error: closing ignores one,
            # and the log is left behind when the file moves into place.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        log = Path(f"{temp}-wal")
        if log.exists() and log.stat().st_size:
            raise OSError(errno.EIO, "the new diary's log could not be copied into it")
        with open_regular(temp) as handle:
            os.fsync(handle.fileno())

    def _check_file(self) -> bool:
        """Refuse files that are not SQLite; True when the file holds a database already."""
        try:
            with open_regular(self.path) as handle:
                head = handle.read(100)  # the database header
                status = os.fstat(handle.fileno())
        except FileNotFoundError:
            raise DiaryMissing(self.path) from None
        except NotRegularFile as exc:
            raise DiaryFileError(self.path, exc.reason, POINT_AT_DIARY) from None
        except OSError as exc:
            raise unreadable(self.path, exc) from None
        self._identity = (status.st_dev, status.st_ino)
        if not head:
            return False
        self._wal_header = head[18:20] == b"\x02\x02"
        if head[: len(SQLITE_HEADER)] != SQLITE_HEADER:
            raise DiaryFileError(
                self.path,
                "it is not a SQLite database.",
                "A diary kept as CSV must have a name ending in .csv; otherwise point "
                "PAIN_DIARY_DATA (or --data) at the right file.",
            )
        return True

    def _open_and_migrate(self, *, again: bool = False) -> None:
        """Open the file at the path (``again``: in place of the one this diary had open), updating its format."""
        holds_database = self._check_file()
        if again and not holds_database:
            self._identity = (0, 0)  # not taken as this diary's file: every use checks it again
            raise DiaryFileError(
                self.path,
                "it was emptied while the diary was open (the file is now empty), so it holds no diary.",
                f"{NOTHING_SAVED}, and no new diary was started in its place: put the diary back "
                "(or restore a backup there) to go on.",
            )
        why = read_only_reason(self.path)
        version = self._inspect() if holds_database else 0
        self._opened_read_only = why
        self._older_format = bool(why) and version < SCHEMA_VERSION
        if why:
            if not holds_database:
                raise DiaryFileError(
                    self.path,
                    f"it is empty, and read-only ({why}), so it cannot become a diary.",
                    "Make it writable, or point PAIN_DIARY_DATA (or --data) at your diary.",
                )
            return  # read as it is; an older format through an updated copy (``_connect``)
        conn: sqlite3.Connection | None = None
        beside = [Path(f"{self.path}{suffix}") for suffix in ("-wal", "-shm")]
        there_before = {p for p in beside if p.exists()}
        full = False
        try:
            conn = self._connect(writable=True)
            # WAL before the first write: a diary is written through the log from the start,
            # so a crash while writing leaves no rollback journal behind.
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            if version < SCHEMA_VERSION:
                self._update(conn, version)
        except sqlite3.Error as exc:
            if version == SCHEMA_VERSION and disk_full(self.path):
                # No room for the log beside it: read the diary as it is; a save says the disk is full.
                self._opened_read_only = DISK_FULL
                full = True
                return
            raise translate(exc, self.path, "open", self.timeout) from None
        finally:
            if conn is not None:
                conn.close()
            if full:
                remove_empty_log(beside, there_before)

    def _update(self, conn: sqlite3.Connection, version: int) -> None:
        """Bring a diary of an older schema (or an empty file) up to this version's, after a backup."""
        backup = self._backup(conn, version) if version > 0 else None
        try:
            self._migrate(conn)
        except sqlite3.Error as exc:
            if is_busy(exc):
                raise
            kept = f" A copy from before the update is at {backup}." if backup else ""
            raise DiaryFileError(
                self.path,
                f"it could not be updated to this version's format ({exc}).",
                f"The update was undone.{kept}",
            ) from None

    def _read_only_target(self) -> str:
        """The URI that reads the file without writing a byte to it or beside it.

        A rollback journal left by a crash needs a read-write connection to be undone. A WAL diary nobody has
        open (an open one always has its -wal file) is read as it lies, creating no -wal and -shm beside it;
        otherwise read-only (the -shm index beside a log holds no diary data; readers update it).
        """
        if Path(f"{self.path}-journal").exists():
            return str(self.path)
        if self._wal_header and not Path(f"{self.path}-wal").exists():
            return self.path.as_uri() + "?immutable=1"
        return self.path.as_uri() + "?mode=ro"

    def _inspect(self) -> int:
        """Check an existing file without writing to it; its schema version."""
        with self._sqlite_errors("open"):
            conn = read_only(self.path, self._read_only_target(), self.timeout)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version > SCHEMA_VERSION:
                raise written_by_newer(self.path, "schema", version, SCHEMA_VERSION)
            if version == 0 and tables:
                raise DiaryFileError(
                    self.path,
                    "it is a SQLite database of another program, not a pain diary.",
                    "Point PAIN_DIARY_DATA (or --data) at a diary file or a new file name.",
                )
            check = conn.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                raise damaged(self.path, check[0][0])
            return version
        except sqlite3.Error as exc:
            raise translate(exc, self.path, "open", self.timeout) from None
        finally:
            conn.close()

    def _backup(self, conn: sqlite3.Connection, version: int) -> Path:
        target = schema_backup(self.path, version, clock.now())
        create_private_file(target)
        with contextlib.closing(sqlite3.connect(target)) as copy:
            conn.backup(copy)
        return target

    def _migrate(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION:
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)"
                )
                for migration in MIGRATIONS[version:]:
                    for statement in migration.statements:
                        conn.execute(statement)
                    conn.execute(
                        "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                        (migration.name, clock.now().isoformat()),
                    )
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    # -- connections

    def _connect(self, *, writable: bool) -> sqlite3.Connection:
        """A connection that never creates the file: a vanished diary is missing, not new."""
        if not writable:
            conn = read_only(self.path, self._read_only_target(), self.timeout)
            if self._older_format:  # read-only, in an older format: read through a copy updated in memory
                conn = in_memory(conn)
                self._migrate(conn)
            return conn
        target = self.path.as_uri() + "?mode=rw"
        conn = sqlite3.connect(target, uri=True, timeout=self.timeout, isolation_level=None)
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    def _file_key(self) -> tuple[int, int, int, int]:
        """Which file is at the path now, and as it is: device, inode, change time and size.

        A connection is used only while the key is as it was (``_settle`` keeps the key of its own writes): a
        backup copied over the diary in place keeps its inode, and a connection going on would read stale pages.
        """
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            raise DiaryMissing(self.path) from None
        return (status.st_dev, status.st_ino, status.st_mtime_ns, status.st_size)

    def _connection(self, *, write: bool = False) -> sqlite3.Connection:
        """This thread's connection to the file at the path now, opened again if the file changed.

        A file put in place of the one opened (a backup restored, say), or
        changed by anyone but this diary (a backup copied over it in place,
        keeping its inode; another program's save), is checked like any diary
        being opened before it is used, and brought up to this version's format.
        """
        if write and self._opened_read_only is not None:
            self._reopen()  # opened read-only: writable now?
            if self._opened_read_only is not None:
                raise DiaryWriteError(self.path, f"{self._opened_read_only}.", UNCHANGED_UNTIL_FIXED)
        writable = self._opened_read_only is None
        key = self._file_key()
        held: _Connection | None = getattr(self._local, "held", None)
        if held is not None and held.key == key and held.writable == writable:
            return held.conn
        self.close()
        if key != self._seen:
            self._reopen()
            writable = self._opened_read_only is None
            key = self._seen
        with self._sqlite_errors("write" if write else "read"):
            conn = self._connect(writable=writable)
        self._local.held = _Connection(conn, key, writable)
        return conn

    def _reopen(self) -> None:
        with self._reopening:
            self.close()
            self._open_and_migrate(again=True)
            self._seen = self._file_key()

    @property
    def _conn(self) -> sqlite3.Connection:
        """This thread's connection (tests reach for it to hold the log open)."""
        return self._connection()

    def close(self) -> None:
        held: _Connection | None = getattr(self._local, "held", None)
        if held is not None:
            held.conn.close()
            self._local.held = None

    # -- reading

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        try:
            with self._sqlite_errors("read"):
                yield self._connection()
        except (ValueError, TypeError) as exc:
            raise DiaryFileError(self.path, f"it holds a value this version cannot read ({exc}).") from None

    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]:
        with self._reading() as conn:
            return [decode_row(row) for row in conn.execute(*between(start, end))]

    def load(self, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
        """As ``Diary.load``, read column by column: no ``Entry`` is made for a row."""
        from ..entry.frame import columns_frame

        with self._reading() as conn:
            columns = decode_columns(conn.execute(*between(start, end)).fetchall())
        return columns_frame(columns)

    def get(self, day: dt.date) -> Entry | None:
        with self._reading() as conn:
            row = conn.execute(f"{SELECT} WHERE date = ?", (day.isoformat(),)).fetchone()
            return decode_row(row) if row else None

    def latest(self, before: dt.date | None = None) -> Entry | None:
        where, given = ("", ()) if before is None else ("WHERE date < ? ", (before.isoformat(),))
        with self._reading() as conn:
            row = conn.execute(f"{SELECT} {where}ORDER BY date DESC LIMIT 1", given).fetchone()
            return decode_row(row) if row else None

    def mattress_nights(self) -> list[MattressNight]:
        query = "SELECT date, mattress, firmness FROM entries WHERE mattress IS NOT NULL ORDER BY date"
        with self._reading() as conn:
            return [MattressNight(dt.date.fromisoformat(d), m, f) for d, m, f in conn.execute(query)]

    def dates(self) -> list[dt.date]:
        with self._reading() as conn:
            return [dt.date.fromisoformat(r[0]) for r in conn.execute(DATES)]

    def __len__(self) -> int:
        with self._reading() as conn:
            return conn.execute("SELECT count(*) FROM entries").fetchone()[0]

    def records(self, kind: str) -> dict[str, Record]:
        with self._reading() as conn:
            return read_records(conn, kind)

    def version(self) -> str:
        with self._reading() as conn:
            revision = conn.execute("SELECT value FROM diary_meta WHERE key = 'revision'").fetchone()[0]
        return f"sqlite:{self.path}:{self._identity[1]}:{revision}"

    # -- writing

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[SQLiteTransaction]:
        why = self.read_only()
        if why:
            raise DiaryReadOnly(self.path, why)
        with self._sqlite_errors("write"):
            conn = self._connection(write=True)
            conn.execute("BEGIN IMMEDIATE")
        try:
            txn = SQLiteTransaction(conn)
            yield txn
            if txn.changed:
                conn.execute("UPDATE diary_meta SET value = value + 1 WHERE key = 'revision'")
                self._still_there()
            conn.execute("COMMIT")
            if txn.changed:
                self._settle(conn)
        except BaseException as exc:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise translate(exc, self.path, "write", self.timeout) from None
            raise

    def _settle(self, conn: sqlite3.Connection) -> None:
        """Move a committed write from the log into the file, leaving the log empty, and keep the key it made.

        A log with pages in it would be played onto any file put at the path next (a backup restored over the
        open diary). The write is saved already: a checkpoint that cannot finish (a reader in the way) waits.
        """
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        held: _Connection | None = getattr(self._local, "held", None)
        if held is not None and held.conn is conn:
            with contextlib.suppress(DiaryMissing):
                self._seen = self._file_key()
                self._local.held = _Connection(conn, self._seen, held.writable)

    def _still_there(self) -> None:
        """Refuse to commit into a file that is no longer the diary (deleted or replaced meanwhile)."""
        if self._file_key()[:2] != self._identity:
            raise DiaryWriteError(self.path, "the file was replaced by another while saving.", "Try again.")
