"""Files that cannot be read are refused by name and never changed; migrations back up first."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from diary.entry import parse_entry
from diary.errors import DiaryFileError
from diary.storage import CSVDiary, SQLiteDiary, open_diary
from diary.storage.sqlite import MIGRATIONS, SCHEMA_VERSION


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def filled_sqlite(path: Path) -> SQLiteDiary:
    diary = SQLiteDiary(path)
    for day in range(1, 21):
        diary.add(parse_entry({"date": f"2025-03-{day:02d}", "pain": day % 11, "notes": "x" * 300}))
    diary.close()
    return diary


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"this is not a database at all", "not a SQLite database"),
        (b"date,pain\n2025-03-01,3\n", "not a SQLite database"),
        (b"\x00" * 4096, "not a SQLite database"),
    ],
)
def test_garbage_sqlite_path_is_refused_unchanged(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "diary.sqlite3"
    path.write_bytes(content)
    with pytest.raises(DiaryFileError) as caught:
        open_diary(path)
    assert str(path) in str(caught.value) and words in str(caught.value)
    assert "not changed" in str(caught.value)
    assert path.read_bytes() == content


def test_truncated_sqlite_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    filled_sqlite(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = digest(path)
    with pytest.raises(DiaryFileError, match="damaged") as caught:
        open_diary(path)
    assert str(path) in str(caught.value)
    assert digest(path) == before


def test_garbled_sqlite_pages_are_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    filled_sqlite(path)
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 100, len(data), 97):  # scribble over every page after the first
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(DiaryFileError, match="damaged"):
        open_diary(path)
    assert digest(path) == before


def test_newer_schema_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    filled_sqlite(path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = digest(path)
    with pytest.raises(DiaryFileError, match="newer version") as caught:
        open_diary(path)
    assert "Update the app" in str(caught.value)
    assert digest(path) == before


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    before = digest(path)
    with pytest.raises(DiaryFileError, match="another program"):
        open_diary(path)
    assert digest(path) == before


def test_migration_backs_up_first_and_is_recorded(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    # A diary written by the first schema version.
    with sqlite3.connect(path) as conn:
        for statement in MIGRATIONS[0].statements:
            conn.execute(statement)
        conn.execute("INSERT INTO entries (date, pain, notes) VALUES ('2025-03-01', 4, 'kept')")
        conn.execute("PRAGMA user_version = 1")
    original = path.read_bytes()
    diary = open_diary(path)
    backups = list(tmp_path.glob("diary.sqlite3.schema1-backup-*"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT date, pain, notes FROM entries").fetchall() == [("2025-03-01", 4, "kept")]
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert len(original) > 0
    assert diary.get(parse_entry({"date": "2025-03-01", "pain": 4}).date).notes == "kept"
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")]
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert names == [m.name for m in MIGRATIONS[1:]]


def test_new_diary_records_every_migration_without_backup(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    SQLiteDiary(path).close()
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert names == [m.name for m in MIGRATIONS]
    assert not list(tmp_path.glob("*backup*"))


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00garbage\xff\xfe", "not UTF-8"),
        (b"name,score\nann,3\n", "'name' is not a diary column"),
        (b"date,pain\n2025-03-01,3\n2025-03-02,eleven\n", "line 3 (2025-03-02): pain 'eleven'"),
    ],
)
def test_bad_csv_diary_is_refused_unchanged(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "diary.csv"
    path.write_bytes(content)
    with pytest.raises(DiaryFileError) as caught:
        CSVDiary(path)
    assert str(path) in str(caught.value) and words in str(caught.value)
    assert path.read_bytes() == content


def test_csv_diary_edited_outside_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "diary.csv"
    diary = CSVDiary(path)
    diary.add(parse_entry({"date": "2025-03-01", "pain": 2}))
    path.write_text(path.read_text() + "2025-03-02,5" + "," * 30 + "\r\n")
    assert [e.pain for e in diary.entries()] == [2, 5]
