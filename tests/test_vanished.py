"""A diary whose file vanishes while it is open: said to be missing, never started afresh in its place.

Deleting (or moving) the diary file while the dashboard runs used to make the
SQLite backend create a new empty file, the CSV backend show an empty diary and
start a one-entry file at the next save, and an open SQLite diary report saves
that went into the deleted file. Only a diary that was never there is created,
on first use, as before.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from diary.entry import parse_entry
from diary.errors import DiaryFileError, DiaryMissing
from diary.storage import Diary, open_diary
from diary.storage.sqlite import MIGRATIONS

from . import apptest_support
from .apptest_support import entry, open_app, shown, texts
from .conftest import make_diary
from .test_read_only import cli

any_app_diary = apptest_support.any_app_diary

FIRST = parse_entry({"date": "2025-03-01", "pain": 4, "notes": "first"})
SECOND = parse_entry({"date": "2025-03-02", "pain": 6})


def remove(path: Path, *, with_side_files: bool) -> None:
    path.unlink()
    if with_side_files:
        for side in ("-wal", "-shm", "-journal", ".lock"):
            Path(f"{path}{side}").unlink(missing_ok=True)


def assert_missing(caught: pytest.ExceptionInfo[DiaryMissing], path: Path) -> None:
    message = str(caught.value)
    assert "missing" in message and str(path) in message, message


@pytest.mark.parametrize("with_side_files", [False, True], ids=["file", "file and side files"])
def test_reading_a_vanished_diary_says_it_is_missing(diary: Diary, with_side_files: bool) -> None:
    diary.add(FIRST)
    remove(diary.path, with_side_files=with_side_files)
    for read in (diary.entries, diary.version, diary.dates, diary.load, lambda: diary.get(FIRST.date)):
        with pytest.raises(DiaryMissing) as caught:
            read()
        assert_missing(caught, diary.path)
    assert not diary.path.exists()


@pytest.mark.parametrize("with_side_files", [False, True], ids=["file", "file and side files"])
def test_saving_to_a_vanished_diary_is_refused_and_starts_nothing(
    diary: Diary, with_side_files: bool
) -> None:
    diary.add(FIRST)
    remove(diary.path, with_side_files=with_side_files)
    writes = {
        "add": lambda: diary.add(SECOND),
        "update": lambda: diary.update(FIRST.replace(pain=1)),
        "delete": lambda: diary.delete(FIRST.date),
        "import": lambda: diary.import_entries([SECOND]),
    }
    for write in writes.values():
        with pytest.raises(DiaryMissing) as caught:
            write()
        assert_missing(caught, diary.path)
        assert "Nothing was saved" in str(caught.value)
    assert not diary.path.exists()


def test_a_vanished_folder_is_not_made_again(tmp_path: Path, backend: str) -> None:
    """Not even an empty folder with a lock file in it is left where the diary was."""
    folder = tmp_path / "diaries"
    diary = make_diary(backend, folder)
    diary.add(FIRST)
    shutil.rmtree(folder)
    for write in (lambda: diary.add(SECOND), lambda: diary.import_entries([SECOND]), diary.entries):
        with pytest.raises(DiaryMissing) as caught:
            write()
        assert_missing(caught, diary.path)
    assert not folder.exists()


def test_another_thread_does_not_start_a_new_diary_either(diary: Diary) -> None:
    """Streamlit runs each browser session in its own thread, each with its own connection."""
    diary.add(FIRST)
    remove(diary.path, with_side_files=False)
    seen: list[BaseException] = []

    def session() -> None:
        try:
            diary.entries()
        except BaseException as exc:  # handed back to the test
            seen.append(exc)

    worker = threading.Thread(target=session)
    worker.start()
    worker.join()
    assert len(seen) == 1 and isinstance(seen[0], DiaryMissing)
    assert not diary.path.exists()


def test_a_diary_put_back_is_read_and_written_again(diary: Diary, tmp_path: Path) -> None:
    diary.add(FIRST)
    diary.close()
    kept = tmp_path / "kept-copy"
    shutil.copy2(diary.path, kept)
    remove(diary.path, with_side_files=False)
    with pytest.raises(DiaryMissing):
        diary.entries()
    shutil.copy2(kept, diary.path)  # restored from a copy: a new file at the same place
    assert [e.date for e in diary.entries()] == [FIRST.date]
    diary.add(SECOND)
    assert [e.date for e in open_diary(diary.path).entries()] == [FIRST.date, SECOND.date]


def test_a_diary_replaced_by_another_file_is_read_from_the_new_file(diary: Diary, tmp_path: Path) -> None:
    """A save must land in the file that is there now, never in the one that was replaced."""
    diary.add(FIRST)
    other = open_diary(tmp_path / ("other" + diary.path.suffix))
    other.add(SECOND)
    other.close()
    os.replace(other.path, diary.path)
    for side in ("-wal", "-shm"):
        Path(f"{diary.path}{side}").unlink(missing_ok=True)
    assert [e.date for e in diary.entries()] == [SECOND.date]
    diary.add(FIRST)
    assert [e.date for e in open_diary(diary.path).entries()] == [FIRST.date, SECOND.date]


@pytest.mark.parametrize("how", ["moved into place", "copied over in place"])
def test_a_backup_restored_over_the_open_diary_is_what_it_reads_and_keeps(
    diary: Diary, tmp_path: Path, how: str
) -> None:
    """The side files are left as they are: the open diary's log must never be played onto the backup."""
    backup = open_diary(tmp_path / ("backup" + diary.path.suffix))
    backup.add(FIRST)
    backup.close()
    diary.add(SECOND)
    diary.add(parse_entry({"date": "2025-03-03", "pain": 2}))  # written while open, then restored over
    if how == "moved into place":
        shutil.copy(backup.path, tmp_path / "restoring")
        os.replace(tmp_path / "restoring", diary.path)
    else:
        shutil.copy(backup.path, diary.path)
    assert [e.date for e in diary.entries()] == [FIRST.date]
    diary.add(SECOND)
    diary.close()
    assert [e.date for e in open_diary(diary.path).entries()] == [FIRST.date, SECOND.date]


@pytest.mark.parametrize("how", ["moved into place", "copied over in place"])
def test_an_older_format_backup_restored_over_the_open_diary_is_updated_before_use(
    tmp_path: Path, how: str
) -> None:
    """The copy saved before an update, put back while the diary is open: read, updated (itself kept), written."""
    older = tmp_path / "before-update.sqlite3"
    with contextlib.closing(sqlite3.connect(older)) as conn:
        for statement in MIGRATIONS[0].statements:  # the first format: the entries table alone
            conn.execute(statement)
        conn.execute("INSERT INTO entries (date, pain) VALUES (?, ?)", (FIRST.date.isoformat(), FIRST.pain))
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
    diary = open_diary(tmp_path / "diary.sqlite3")
    diary.add(SECOND)
    if how == "moved into place":
        shutil.copy(older, tmp_path / "restoring")
        os.replace(tmp_path / "restoring", diary.path)
    else:
        shutil.copy(older, diary.path)  # the same file, its bytes overwritten
    assert [e.date for e in diary.entries()] == [FIRST.date]
    assert diary.records("trial") == {}  # a table the first format lacks
    diary.add(SECOND)
    assert [e.date for e in open_diary(diary.path).entries()] == [FIRST.date, SECOND.date]
    [kept] = tmp_path.glob("diary.sqlite3.schema1-backup-*")
    with contextlib.closing(sqlite3.connect(kept)) as conn:
        assert conn.execute("SELECT date FROM entries").fetchall() == [(FIRST.date.isoformat(),)]


def test_a_first_ever_diary_is_still_created(backend: str, tmp_path: Path) -> None:
    path = tmp_path / "new" / ("diary.sqlite3" if backend == "sqlite" else "diary.csv")
    diary = open_diary(path)
    diary.add(FIRST)
    assert path.exists() and [e.date for e in open_diary(path).entries()] == [FIRST.date]


@pytest.mark.parametrize("opening", ["library", "add", "export"])
def test_a_link_to_a_missing_diary_is_named_and_nothing_is_started(
    backend: str, tmp_path: Path, opening: str
) -> None:
    """A diary reached through a link whose file is not there (a disk not connected, a file moved): the
    link and where it points are named, and no diary is started there, now or on opening it again."""
    name = "diary.sqlite3" if backend == "sqlite" else "diary.csv"
    target = tmp_path / "elsewhere" / name
    link = tmp_path / name
    link.symlink_to(target)
    if opening == "library":
        with pytest.raises(DiaryMissing) as caught:
            open_diary(link)
        message = str(caught.value)
    else:
        args = ("add", "--date", "2025-03-01", "--pain", "4") if opening == "add" else ("export",)
        result = cli(*args, data=link)
        assert result.returncode == 1
        message = result.stderr.decode()
    assert f"{link}: it is a link to {target}, which is missing" in message, message
    assert "while it was open" not in message and "open it again" not in message, message
    assert not os.path.lexists(target) and link.is_symlink()


# -- the command line ---------------------------------------------------------------------


def vanished_diary(backend: str, tmp_path: Path) -> Path:
    """The path of a diary of one morning, deleted (no command has it open)."""
    path = tmp_path / ("diary.sqlite3" if backend == "sqlite" else "diary.csv")
    diary = open_diary(path)
    diary.add(FIRST)
    diary.close()
    remove(path, with_side_files=False)
    return path


@pytest.mark.parametrize(
    "command",
    [
        ("export",),
        ("analyze",),
        ("report", "-o", "report.pdf"),
        ("backup", "-o", "backup.zip"),
        ("trial", "status"),
        ("trial", "result"),
        ("trial", "end"),
        ("trial", "cancel"),
    ],
)
def test_reading_commands_say_the_diary_is_missing_and_create_nothing(
    backend: str, tmp_path: Path, command: tuple[str, ...]
) -> None:
    path = vanished_diary(backend, tmp_path)
    args = [str(tmp_path / a) if a.endswith((".pdf", ".zip")) else a for a in command]
    result = cli(*args, data=path)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "missing" in err and str(path) in err, err
    assert not path.exists() and not (tmp_path / "backup.zip").exists()


@pytest.mark.parametrize(
    "command",
    [
        ("add", "--pain", "3"),
        ("sample",),
        ("trial", "plan", "--factor", "position", "--a", "back", "--b", "side"),
    ],
)
def test_a_command_that_starts_a_diary_where_one_vanished_says_so(
    backend: str, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """The command line cannot tell a deleted diary from a first one: it starts one, and never unsaid."""
    path = vanished_diary(backend, tmp_path)
    result = cli(*command, data=path)
    assert result.returncode == 0, result.stderr.decode()
    assert f"Started a new diary at {path} (there was none there)." in result.stderr.decode()
    again = cli(*command, data=path)  # the diary is there now: nothing to say
    assert "Started a new diary" not in again.stderr.decode()


# -- the dashboard ------------------------------------------------------------------------


def test_the_dashboard_says_the_diary_is_missing_and_never_starts_a_new_one(any_app_diary: Diary) -> None:
    any_app_diary.add(entry(1))
    at = open_app()
    path = any_app_diary.path
    remove(path, with_side_files=False)
    for page in ("pages/log.py", "pages/history.py", "pages/export.py", "pages/settings.py"):
        at.switch_page(page)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert "missing" in shown(at) and str(path) in shown(at), shown(at)
        assert not path.exists()


def test_a_save_on_the_dashboard_after_the_diary_vanished_is_refused(any_app_diary: Diary) -> None:
    any_app_diary.add(entry(1))
    at = open_app()
    at.segmented_control(key="pain").set_value(4)
    path = any_app_diary.path
    remove(path, with_side_files=False)
    at.button(key="save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    text = shown(at)
    assert "missing" in text and str(path) in text, text
    assert not texts(at.success) or not any("Added" in s for s in texts(at.success))
    assert not path.exists()


def test_a_diary_reached_through_a_link_is_written_where_the_link_points(
    backend: str, tmp_path: Path
) -> None:
    real = tmp_path / "real" / ("diary.csv" if backend == "csv" else "diary.sqlite3")
    real.parent.mkdir()
    first = open_diary(real)
    first.add(FIRST)
    first.close()
    link = tmp_path / ("link.csv" if backend == "csv" else "link.sqlite3")
    link.symlink_to(real)
    through = open_diary(link)
    through.add(SECOND)
    through.close()
    assert link.is_symlink()
    assert [e.date for e in open_diary(real).entries()] == [FIRST.date, SECOND.date]


def test_a_new_diary_is_never_started_beside_the_log_of_a_deleted_one(tmp_path: Path) -> None:
    """A diary deleted while a program still had it open can leave its log (-wal) behind: SQLite played it into
    the next new diary there, bringing the deleted entries back (or making the new file read as damaged)."""
    path = tmp_path / "diary.sqlite"
    open_diary(path).add(FIRST)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("UPDATE entries SET notes = 'in the log only'")
        log = Path(f"{path}-wal").read_bytes()  # what a crash before the checkpoint leaves
    assert log
    path.unlink()
    Path(f"{path}-wal").write_bytes(log)
    with pytest.raises(DiaryFileError, match=r"diary\.sqlite-wal, the log of a diary that was there"):
        open_diary(path)
    added = cli("add", "--date", "2025-03-02", "--pain", "2", data=path)
    assert added.returncode == 1 and "move diary.sqlite-wal (and diary.sqlite-shm)" in added.stderr.decode()
    assert not path.exists() and Path(f"{path}-wal").read_bytes() == log
    Path(f"{path}-wal").rename(tmp_path / "kept.sqlite-wal")  # moved away, as the message says
    assert open_diary(path).entries() == []
