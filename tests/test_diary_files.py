"""Files that cannot be read are refused by name and never changed; migrations back up first."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest

from diary.entry import parse_entry
from diary.errors import DiaryFileError
from diary.storage import CSVDiary, SQLiteDiary, open_diary
from diary.storage import sqlite as sqlite_storage
from diary.storage.sqlite import MIGRATIONS, SCHEMA_VERSION, Migration


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
    kept = diary.get(parse_entry({"date": "2025-03-01", "pain": 4}).date)
    assert kept is not None and kept.notes == "kept"
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
        # Read loosely, the open quote took the next day into the first one's note, and a save rewrote it so.
        (
            b'date,pain,notes\n2025-03-01,3,"stiff\n2025-03-02,4,better\n',
            'line 2: record has a quote (") that never',
        ),
    ],
)
def test_bad_csv_diary_is_refused_unchanged(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "diary.csv"
    path.write_bytes(content)
    with pytest.raises(DiaryFileError) as caught:
        CSVDiary(path)
    assert str(path) in str(caught.value) and words in str(caught.value)
    assert path.read_bytes() == content


@pytest.mark.parametrize(
    ("content", "words"), [(b"", "it is empty"), (b"\n \r\n", "nothing but blank lines")]
)
def test_an_empty_csv_diary_is_refused_unchanged_with_both_ways_on(
    tmp_path: Path, content: bytes, words: str
) -> None:
    """A diary file with nothing in it may be a diary that lost its contents: it is not started again in place,
    and the message says how to start a new one there and how to bring the diary back."""
    path = tmp_path / "diary.csv"
    path.write_bytes(content)
    with pytest.raises(DiaryFileError) as caught:
        CSVDiary(path)
    said = str(caught.value)
    assert words in said and "starts with its header row" in said
    assert "Delete it: the diary makes its own file on the first save" in said and "backup" in said
    assert path.read_bytes() == content


def test_a_csv_diary_past_the_size_limit_is_refused_with_what_to_do_with_a_diary(tmp_path: Path) -> None:
    """Not "the diary CSV you meant to import", nor "fix it by hand": it is too large, not broken."""
    path = tmp_path / "diary.csv"
    content = b"date,pain,notes\n" + b"".join(
        f"{day},3,{'x' * 1900}\n".encode() for day in range(20, 20 + 11_100)
    )
    path.write_bytes(content)
    with pytest.raises(DiaryFileError) as caught:
        CSVDiary(path)
    message = str(caught.value)
    assert str(path) in message and "the largest diary CSV this app reads" in message
    assert "Keep the diary as SQLite instead" in message
    assert "meant to import" not in message and "fix it by hand" not in message
    assert path.read_bytes() == content


def test_csv_diary_edited_outside_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "diary.csv"
    diary = CSVDiary(path)
    diary.add(parse_entry({"date": "2025-03-01", "pain": 2}))
    path.write_text(path.read_text() + "2025-03-02,5" + "," * 30 + "\r\n")
    assert [e.pain for e in diary.entries()] == [2, 5]


# -- refusing a file never touches it, its write-ahead log included ---------------------------------


def side_files(path: Path) -> dict[str, bytes]:
    """The database and its write-ahead log, by name (the -shm index holds no diary data)."""
    return {p.name: p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists()}


def diary_with_pending_log(path: Path, *, user_version: int | None = None) -> None:
    """A diary whose last writes are still only in its -wal file, as after a crash or while open elsewhere.

    The files are copied while a connection holds the log open, so the copy's
    log is not folded back into the database when that connection closes.
    """
    work = path.with_name("work-" + path.name)
    diary = filled_sqlite(work)
    conn = diary._conn
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    diary._settle = lambda conn: None  # type: ignore[method-assign]  # the crash comes before the log is emptied
    for day in range(21, 29):
        diary.add(parse_entry({"date": f"2025-03-{day:02d}", "pain": 3, "notes": "only in the log"}))
    if user_version is not None:
        conn.execute(f"PRAGMA user_version = {user_version}")
    path.write_bytes(work.read_bytes())
    Path(f"{path}-wal").write_bytes(Path(f"{work}-wal").read_bytes())
    diary.close()
    assert Path(f"{path}-wal").stat().st_size > 0


def test_newer_schema_with_a_pending_log_is_refused_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    diary_with_pending_log(path, user_version=SCHEMA_VERSION + 1)
    before = side_files(path)
    with pytest.raises(DiaryFileError, match="newer version") as caught:
        open_diary(path)
    assert str(path) in str(caught.value)
    assert side_files(path) == before  # the log was not folded into the file, nor deleted


def test_a_healthy_diary_with_a_pending_log_opens_with_everything(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    diary_with_pending_log(path)
    diary = open_diary(path)
    assert len(diary) == 28 and diary.entries()[-1].notes == "only in the log"


def test_damaged_diary_with_a_pending_log_is_refused_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    diary_with_pending_log(path)
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 100, len(data), 53):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    before = side_files(path)
    with pytest.raises(DiaryFileError, match="damaged") as caught:
        open_diary(path)
    assert "Restore a backup" in str(caught.value)
    assert side_files(path) == before


@pytest.mark.parametrize(
    "damage",
    ["header only", "first page only", "two pages", "zeroed second page", "scribbled schema page"],
)
def test_every_kind_of_damage_is_refused_unchanged(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "diary.sqlite3"
    filled_sqlite(path)
    data = bytearray(path.read_bytes())
    page = 4096
    if damage == "header only":
        data = data[:100]
    elif damage == "first page only":
        data = data[:page]
    elif damage == "two pages":
        data = data[: 2 * page]
    elif damage == "zeroed second page":
        data[page : 2 * page] = bytes(page)
    else:  # the schema lives on page 1, after the 100-byte file header
        for offset in range(100, page, 7):
            data[offset] ^= 0xA5
    path.write_bytes(bytes(data))
    before = side_files(path)
    with pytest.raises(DiaryFileError) as caught:
        open_diary(path)
    message = str(caught.value)
    assert str(path) in message and "not changed" in message
    assert "damaged" in message or "not a pain diary" in message
    assert side_files(path) == before


@pytest.mark.parametrize(
    "content",
    [
        b"Date,Pain Level,Sleep Hours,Notes\n2025-03-01,4,7.5,ok\n",  # another app's export
        b"\xef\xbb\xbfdate;pain\n2025-03-01;4\n",  # semicolon-separated, as some spreadsheets save
        b"date,pain,mood\n2025-03-01,4,ok\n",  # one column too many
    ],
)
def test_csv_with_a_foreign_header_is_refused_unchanged(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "diary.csv"
    path.write_bytes(content)
    with pytest.raises(DiaryFileError) as caught:
        CSVDiary(path)
    message = str(caught.value)
    assert str(path) in message and "is not a diary column" in message
    assert "PAIN_DIARY_DATA" in message  # says what to do
    assert path.read_bytes() == content
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_backup_is_made_before_the_migration_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "diary.sqlite3"
    filled_sqlite(path)
    before = SQLiteDiary(path).entries()
    seen: list[list[str]] = []
    real_migrate = SQLiteDiary._migrate

    def migrate(self: SQLiteDiary, conn: sqlite3.Connection) -> None:
        seen.append(sorted(p.name for p in tmp_path.glob("*backup*")))
        real_migrate(self, conn)

    broken = Migration(
        "0003_broken", ("CREATE TABLE notes_extra (x TEXT)", "INSERT INTO no_such_table VALUES (1)")
    )
    monkeypatch.setattr(sqlite_storage, "MIGRATIONS", (*MIGRATIONS, broken))
    monkeypatch.setattr(sqlite_storage, "SCHEMA_VERSION", len(MIGRATIONS) + 1)
    monkeypatch.setattr(SQLiteDiary, "_migrate", migrate)
    with pytest.raises(DiaryFileError, match="could not be updated") as caught:
        SQLiteDiary(path)
    assert len(seen) == 1 and len(seen[0]) == 1  # the backup existed when the migration started
    backup = tmp_path / seen[0][0]
    assert "The update was undone" in str(caught.value) and str(backup) in str(caught.value)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    monkeypatch.undo()
    # The failed migration was rolled back: the diary is as it was, and so is the backup.
    assert SQLiteDiary(path).entries() == before
    assert SQLiteDiary(backup).entries() == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "notes_extra" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
