"""The SQLite diary's schema: the entries table, its named migrations, and entries as rows.

Migrations are append only: one that has shipped is never edited. The schema
version is the number of migrations applied (``PRAGMA user_version``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..entry import Entry
from ..entry.fields import COLUMNS, FIELD_BY_NAME, SET_SEPARATOR
from .base import Record

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


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_create_entries", (_entries_table(),)),
    Migration(
        "0002_revision_counter",
        (
            "CREATE TABLE diary_meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL)",
            "INSERT INTO diary_meta (key, value) VALUES ('revision', 0)",
        ),
    ),
    Migration(
        "0003_records",
        (
            "CREATE TABLE records (kind TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL, "
            "PRIMARY KEY (kind, key)) WITHOUT ROWID",
        ),
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
SELECT = "SELECT " + ", ".join(COLUMNS) + " FROM entries"
DATES = "SELECT date FROM entries ORDER BY date"
INSERT = (
    "INSERT OR REPLACE INTO entries ("
    + ", ".join(COLUMNS)
    + ") VALUES ("
    + ", ".join("?" for _ in COLUMNS)
    + ")"
)


def between(start: dt.date | None, end: dt.date | None) -> tuple[str, tuple[str, str]]:
    """The query of the entries from ``start`` to ``end`` (inclusive; open ends allowed), by date, and its values."""
    low = start.isoformat() if start else "0000-00-00"
    high = end.isoformat() if end else "9999-99-99"
    return f"{SELECT} WHERE date >= ? AND date <= ? ORDER BY date", (low, high)


def encode_row(entry: Entry) -> tuple[object, ...]:
    row: list[object] = []
    for name in COLUMNS:
        value = getattr(entry, name)
        kind = FIELD_BY_NAME[name].kind
        if value is None or value == ():
            row.append(None)
        elif kind == "bool":
            row.append(int(value))
        elif kind == "set":
            row.append(SET_SEPARATOR.join(value))
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
    "set": lambda text: tuple(text.split(SET_SEPARATOR)),
    "time": dt.time.fromisoformat,
    "timestamp": dt.datetime.fromisoformat,
    "float": float,
}
_ROW_DECODERS = tuple(_DECODERS.get(FIELD_BY_NAME[name].kind) for name in COLUMNS)
_BLANKS = tuple(() if FIELD_BY_NAME[name].kind == "set" else None for name in COLUMNS)  # what NULL is


def decode_row(row: Sequence[Any]) -> Entry:
    values: list[Any] = [  # each column's value, of the type Entry gives that column
        blank if value is None else (decoder(value) if decoder else value)
        for value, decoder, blank in zip(row, _ROW_DECODERS, _BLANKS, strict=True)
    ]
    return Entry(*values)


def decode_columns(rows: Sequence[Sequence[Any]]) -> dict[str, list[Any]]:
    """The rows' values column by column, each of the type Entry gives that column (as ``decode_row``)."""
    cells = list(zip(*rows, strict=True)) if rows else [() for _ in COLUMNS]
    columns: dict[str, list[Any]] = {}
    for name, column, decoder, blank in zip(COLUMNS, cells, _ROW_DECODERS, _BLANKS, strict=True):
        if decoder is None:
            columns[name] = [blank if value is None else value for value in column]
        else:
            columns[name] = [blank if value is None else decoder(value) for value in column]
    return columns


class SQLiteTransaction:
    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self.changed = False

    def get_many(self, days: Iterable[dt.date]) -> dict[dt.date, Entry]:
        keys = sorted({d.isoformat() for d in days})
        found: dict[dt.date, Entry] = {}
        for chunk in range(0, len(keys), 500):
            part = keys[chunk : chunk + 500]
            query = f"{SELECT} WHERE date IN ({', '.join('?' for _ in part)})"
            for row in self._conn.execute(query, part):
                entry = decode_row(row)
                found[entry.date] = entry
        return found

    def put(self, entry: Entry) -> None:
        self._conn.execute(INSERT, encode_row(entry))
        self.changed = True

    def delete(self, day: dt.date) -> None:
        self._conn.execute("DELETE FROM entries WHERE date = ?", (day.isoformat(),))
        self.changed = True

    def dates(self) -> list[dt.date]:
        return [dt.date.fromisoformat(r[0]) for r in self._conn.execute(DATES)]

    def records(self, kind: str) -> dict[str, Record]:
        return read_records(self._conn, kind)

    def put_record(self, kind: str, key: str, body: Record) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO records (kind, key, body) VALUES (?, ?, ?)",
            (kind, key, json.dumps(body, sort_keys=True)),
        )
        self.changed = True

    def delete_record(self, kind: str, key: str) -> None:
        self._conn.execute("DELETE FROM records WHERE kind = ? AND key = ?", (kind, key))
        self.changed = True


def read_records(conn: sqlite3.Connection, kind: str) -> dict[str, Record]:
    """The records of one kind kept in the diary (trials, nights kept aside), by key."""
    rows = conn.execute("SELECT key, body FROM records WHERE kind = ? ORDER BY key", (kind,))
    return {key: json.loads(body) for key, body in rows}
