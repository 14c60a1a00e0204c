"""SQLite backend: one ``entries`` table keyed by date, named migrations, WAL.

The file is checked before anything is written to it: a file that is not a
SQLite database, a damaged one, another program's database, or one from a
newer schema raises ``DiaryFileError`` and is left exactly as it was. Before a
migration runs on an existing diary, a backup copy is made beside it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..entry import Entry
from ..errors import DiaryBusy, DiaryError, DiaryFileError
from ..fields import COLUMNS, FIELD_BY_NAME
from .base import Diary
from .files import NotRegularFile, create_private_file, open_regular

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Migration:
    name: str
    statements: tuple[str, ...]


_SQL_TYPES = {
    "date": "TEXT",
    "int": "INTEGER",
    "float": "REAL",
    "bool": "INTEGER",
    "enum": "TEXT",
    "set": "TEXT",
    "text": "TEXT",
    "time": "TEXT",
    "timestamp": "TEXT",
}


def _entries_table() -> str:
    columns = ["date TEXT PRIMARY KEY NOT NULL", "pain INTEGER NOT NULL"]
    columns += [f"{name} {_SQL_TYPES[FIELD_BY_NAME[name].kind]}" for name in COLUMNS[2:]]
    return "CREATE TABLE entries (\n  " + ",\n  ".join(columns) + "\n) WITHOUT ROWID"


# Append only: a migration that has shipped is never edited. The schema version
# is the number of migrations applied (PRAGMA user_version).
MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_create_entries", (_entries_table(),)),
    Migration(
        "0002_revision_counter",
        (
            "CREATE TABLE diary_meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL)",
            "INSERT INTO diary_meta (key, value) VALUES ('revision', 0)",
        ),
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
_SELECT = "SELECT " + ", ".join(COLUMNS) + " FROM entries"
_INSERT = (
    "INSERT OR REPLACE INTO entries ("
    + ", ".join(COLUMNS)
    + ") VALUES ("
    + ", ".join("?" for _ in COLUMNS)
    + ")"
)


def _encode(entry: Entry) -> tuple[object, ...]:
    row: list[object] = []
    for name in COLUMNS:
        value = getattr(entry, name)
        kind = FIELD_BY_NAME[name].kind
        if value is None or value == ():
            row.append(None)
        elif kind == "bool":
            row.append(int(value))
        elif kind == "set":
            row.append(";".join(value))
        elif kind == "date":
            row.append(value.isoformat())
        elif kind == "time":
            row.append(value.strftime("%H:%M"))
        elif kind == "timestamp":
            row.append(value.isoformat(timespec="seconds"))
        else:
            row.append(value)
    return tuple(row)


# SQLite hands back each cell as stored: text, integer, real or NULL.
_DECODERS: dict[str, Callable[[Any], object]] = {
    "date": dt.date.fromisoformat,
    "bool": bool,
    "set": lambda text: tuple(text.split(";")),
    "time": dt.time.fromisoformat,
    "timestamp": dt.datetime.fromisoformat,
    "float": float,
}
_ROW_DECODERS = tuple(_DECODERS.get(FIELD_BY_NAME[name].kind) for name in COLUMNS)


def _decode(row: Sequence[Any]) -> Entry:
    values: list[Any] = [  # each column's value, of the type Entry gives that column
        (() if FIELD_BY_NAME[COLUMNS[i]].kind == "set" else None)
        if value is None
        else (decoder(value) if decoder else value)
        for i, (value, decoder) in enumerate(zip(row, _ROW_DECODERS, strict=True))
    ]
    return Entry(*values)


class _SQLiteTransaction:
    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self.changed = False

    def get_many(self, days: Iterable[dt.date]) -> dict[dt.date, Entry]:
        keys = sorted({d.isoformat() for d in days})
        found: dict[dt.date, Entry] = {}
        for chunk in range(0, len(keys), 500):
            part = keys[chunk : chunk + 500]
            query = f"{_SELECT} WHERE date IN ({', '.join('?' for _ in part)})"
            for row in self._conn.execute(query, part):
                entry = _decode(row)
                found[entry.date] = entry
        return found

    def put(self, entry: Entry) -> None:
        self._conn.execute(_INSERT, _encode(entry))
        self.changed = True

    def delete(self, day: dt.date) -> None:
        self._conn.execute("DELETE FROM entries WHERE date = ?", (day.isoformat(),))
        self.changed = True


class SQLiteDiary(Diary):
    """A diary in a SQLite file (the default)."""

    backend = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 10.0):
        self.path = Path(path).expanduser().absolute()
        self.timeout = timeout
        self._local = threading.local()
        self._wal_header = False
        self._open_and_migrate()

    # -- opening

    def _check_file(self) -> bool:
        """Refuse files that are not SQLite; True when the file holds a database already."""
        try:
            with open_regular(self.path) as handle:
                head = handle.read(100)  # the database header
        except FileNotFoundError:
            create_private_file(self.path)
            return False
        except NotRegularFile as exc:
            raise DiaryFileError(
                self.path, exc.reason, "Point PAIN_DIARY_DATA (or --data) at the diary's file."
            ) from None
        except OSError as exc:
            raise DiaryFileError(self.path, f"it cannot be read ({exc.strerror or exc}).") from None
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

    def _open_and_migrate(self) -> None:
        version = self._inspect() if self._check_file() else 0
        with self._sqlite_errors(self._damaged):
            conn = self._connect()
        try:
            # WAL before the first write: a new diary is created through the log too,
            # so a crash while creating it leaves no rollback journal behind.
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            if version < SCHEMA_VERSION:
                backup = self._backup(conn, version) if version > 0 else None
                try:
                    self._migrate(conn)
                except sqlite3.Error as exc:
                    if _is_busy(exc):
                        raise
                    kept = f" A copy from before the update is at {backup}." if backup else ""
                    raise DiaryFileError(
                        self.path,
                        f"it could not be updated to this version's format ({exc}).",
                        f"The update was undone.{kept}",
                    ) from None
        except sqlite3.Error as exc:
            raise self._translated(exc, self._damaged) from None
        finally:
            conn.close()

    def _inspect(self) -> int:
        """Check an existing file without writing to it; its schema version.

        Read-only, so that refusing a file leaves it, and its write-ahead log,
        byte for byte as it was: a read-write connection would fold the log into
        the file when it closes. (A rollback journal left by a crash needs a
        read-write connection to be undone, which is the journal's purpose.)
        SQLite's -shm index beside a log holds no diary data; readers update it.
        """
        if Path(f"{self.path}-journal").exists():
            target = str(self.path)
        elif self._wal_header and not Path(f"{self.path}-wal").exists():
            # A WAL diary nobody has open (an open one always has its -wal file):
            # read it as it lies, without creating -wal and -shm files beside it.
            target = self.path.as_uri() + "?immutable=1"
        else:
            target = self.path.as_uri() + "?mode=ro"
        with self._sqlite_errors(self._damaged):
            conn = sqlite3.connect(
                target, uri=target.startswith("file:"), timeout=self.timeout, isolation_level=None
            )
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version > SCHEMA_VERSION:
                raise DiaryFileError(
                    self.path,
                    f"it was written by a newer version of Pain & Sleep Diary (schema {version}; "
                    f"this version reads up to {SCHEMA_VERSION}).",
                    "Update the app to open it.",
                )
            if version == 0 and tables:
                raise DiaryFileError(
                    self.path,
                    "it is a SQLite database of another program, not a pain diary.",
                    "Point PAIN_DIARY_DATA (or --data) at a diary file or a new file name.",
                )
            check = conn.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                raise DiaryFileError(
                    self.path,
                    f"the database is damaged ({check[0][0]}).",
                    "Restore a backup or an exported CSV into a new diary file.",
                )
            return version
        except sqlite3.Error as exc:
            raise self._translated(exc, self._damaged) from None
        finally:
            conn.close()

    def _damaged(self, exc: Exception) -> DiaryFileError:
        return DiaryFileError(
            self.path,
            f"the database is damaged or unreadable ({exc}).",
            "Restore a backup or an exported CSV into a new diary file.",
        )

    def _translated(
        self, exc: sqlite3.Error, otherwise: Callable[[sqlite3.Error], DiaryFileError]
    ) -> DiaryError:
        """A SQLite error as the diary's: a lock held too long is ``DiaryBusy``, anything else ``otherwise``."""
        if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
            return DiaryBusy(self.path, self.timeout)
        return otherwise(exc)

    @contextlib.contextmanager
    def _sqlite_errors(self, otherwise: Callable[[sqlite3.Error], DiaryFileError]) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise self._translated(exc, otherwise) from None

    def _backup(self, conn: sqlite3.Connection, version: int) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.schema{version}-backup-{stamp}")
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
                        (migration.name, dt.datetime.now().astimezone().isoformat(timespec="seconds")),
                    )
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    @property
    def _conn(self) -> sqlite3.Connection:
        # One connection per thread: Streamlit runs each session in its own thread.
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- reading

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        try:
            with self._sqlite_errors(lambda exc: DiaryFileError(self.path, f"it could not be read ({exc}).")):
                yield self._conn
        except (ValueError, TypeError) as exc:
            raise DiaryFileError(self.path, f"it holds a value this version cannot read ({exc}).") from None

    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]:
        query = f"{_SELECT} WHERE date >= ? AND date <= ? ORDER BY date"
        low = start.isoformat() if start else "0000-00-00"
        high = end.isoformat() if end else "9999-99-99"
        with self._reading() as conn:
            return [_decode(row) for row in conn.execute(query, (low, high))]

    def get(self, day: dt.date) -> Entry | None:
        with self._reading() as conn:
            row = conn.execute(f"{_SELECT} WHERE date = ?", (day.isoformat(),)).fetchone()
            return _decode(row) if row else None

    def latest(self) -> Entry | None:
        with self._reading() as conn:
            row = conn.execute(f"{_SELECT} ORDER BY date DESC LIMIT 1").fetchone()
            return _decode(row) if row else None

    def dates(self) -> list[dt.date]:
        with self._reading() as conn:
            return [
                dt.date.fromisoformat(r[0]) for r in conn.execute("SELECT date FROM entries ORDER BY date")
            ]

    def __len__(self) -> int:
        with self._reading() as conn:
            return conn.execute("SELECT count(*) FROM entries").fetchone()[0]

    def version(self) -> str:
        with self._reading() as conn:
            revision = conn.execute("SELECT value FROM diary_meta WHERE key = 'revision'").fetchone()[0]
        return f"sqlite:{self.path}:{revision}"

    # -- writing

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[_SQLiteTransaction]:
        conn = self._conn
        with self._sqlite_errors(lambda exc: DiaryFileError(self.path, f"it cannot be written ({exc}).")):
            conn.execute("BEGIN IMMEDIATE")
        try:
            txn = _SQLiteTransaction(conn)
            yield txn
            if txn.changed:
                conn.execute("UPDATE diary_meta SET value = value + 1 WHERE key = 'revision'")
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._translated(
                    exc,
                    lambda e: DiaryFileError(self.path, f"it could not be written ({e}); nothing was saved."),
                ) from None
            raise


def _is_busy(exc: sqlite3.Error) -> bool:
    """True for SQLite's "database is locked" / "busy": another connection kept the lock too long."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text
