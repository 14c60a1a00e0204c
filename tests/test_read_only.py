"""Read-only diaries: read, exported and analysed as they are; every change refused by name.

A diary is read-only when its file has no write permission (``chmod 0400``,
which is respected even for root), its folder cannot be written, or it lies on
a read-only file system. Then it opens without writing anything, a change is
refused with a message that says "read-only" and names the file, and a healthy
file is never called damaged. A full disk is said to be full: a new diary that
does not fit leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from diary.entry import Entry, parse_entry
from diary.errors import ANOTHER_ACCOUNT, READ_ONLY_DISK, DiaryError, DiaryReadOnly
from diary.exchange.diary_csv import export_csv, import_csv
from diary.storage import CSVDiary, Diary, SQLiteDiary, open_diary
from diary.storage.files import DISK_FULL, FREE_SPACE, NOT_CREATED, read_only_reason, temp_files
from diary.storage.sqlite_schema import MIGRATIONS

from . import apptest_support
from .apptest_support import open_app, shown, texts
from .filesystems import can_mount, fill, needs_mount, remount, tmpfs
from .test_cli import EXE

ENTRIES = [parse_entry({"date": f"2025-03-{d:02d}", "pain": d % 11, "notes": "kept"}) for d in range(1, 21)]
NEW = parse_entry({"date": "2025-04-01", "pain": 5})


def name(backend: str) -> str:
    return "diary.sqlite3" if backend == "sqlite" else "diary.csv"


def folder_state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file in the folder: its content's digest and its permissions."""
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), stat.S_IMODE(p.stat().st_mode))
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def filled(path: Path) -> None:
    diary = open_diary(path)
    diary.import_entries(ENTRIES)
    diary.close()


@pytest.fixture(params=["file 0400", "folder 0500", "read-only mount"])
def read_only(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Path]:
    """A healthy diary with 20 days, closed, then made read-only one way or another: its path."""
    how = request.param
    if how == "read-only mount":
        if not can_mount():
            pytest.skip("mounting a tmpfs needs root")
        with tmpfs(tmp_path / "mnt", 1024) as where:
            path = where / name(backend)
            filled(path)
            remount(where, read_only=True)
            yield path
            remount(where, read_only=False)
        return
    folder = tmp_path / "diary-folder"
    folder.mkdir()
    path = folder / name(backend)
    filled(path)
    if how == "file 0400":
        os.chmod(path, 0o400)
        yield path
        os.chmod(path, 0o600)
    else:
        os.chmod(folder, 0o500)
        yield path
        os.chmod(folder, 0o700)


def test_a_read_only_diary_opens_and_reads_everything(read_only: Path) -> None:
    before = folder_state(read_only.parent)
    diary = open_diary(read_only)
    assert diary.entries() == ENTRIES
    assert len(diary.load()) == len(ENTRIES)  # what the analysis and the charts read
    assert export_csv(diary).count("\n") == len(ENTRIES) + 1
    assert diary.read_only()
    assert "read-only" in diary.describe()
    diary.close()
    assert folder_state(read_only.parent) == before


@pytest.mark.parametrize("change", ["add", "update", "delete", "import"])
def test_a_change_to_a_read_only_diary_is_refused_by_name(read_only: Path, change: str) -> None:
    before = folder_state(read_only.parent)
    diary = open_diary(read_only)
    changes = {
        "add": lambda: diary.add(NEW),
        "update": lambda: diary.update(ENTRIES[0].replace(pain=9)),
        "delete": lambda: diary.delete(ENTRIES[0].date),
        "import": lambda: import_csv(diary, b"date,pain\n2025-04-02,3\n"),
    }
    with pytest.raises(DiaryReadOnly) as caught:
        changes[change]()
    message = str(caught.value)
    assert "read-only" in message and str(read_only) in message
    assert "Nothing was saved" in message
    assert "damaged" not in message
    assert diary.entries() == ENTRIES
    diary.close()
    assert folder_state(read_only.parent) == before


def test_the_way_to_make_it_writable_fits_what_made_it_read_only(read_only: Path) -> None:
    """Permissions cannot make a read-only disk writable: there the advice is the disk itself, or a copy."""
    diary = open_diary(read_only)
    with pytest.raises(DiaryReadOnly) as caught:
        diary.add(NEW)
    diary.close()
    message = str(caught.value)
    if READ_ONLY_DISK in message:
        assert "chmod" not in message
        assert "copy the diary to a place you can write to" in message
    else:
        assert "chmod u+w" in message


def cli(*args: str, data: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "PAIN_DIARY_DATA"}
    return subprocess.run([EXE, *args, "--data", str(data)], capture_output=True, env=env, timeout=120)


def test_the_command_line_reads_a_read_only_diary_and_refuses_to_change_it(read_only: Path) -> None:
    before = folder_state(read_only.parent)
    exported = cli("export", data=read_only)
    assert exported.returncode == 0, exported.stderr.decode()
    assert exported.stdout.decode().count("\n") == len(ENTRIES) + 1
    analysed = cli("analyze", "--json", data=read_only)
    assert analysed.returncode == 0, analysed.stderr.decode()
    assert json.loads(analysed.stdout)["rows"] == len(ENTRIES)
    added = cli("add", "--date", "2025-04-01", "--pain", "3", data=read_only)
    assert added.returncode == 1
    err = added.stderr.decode()
    assert "read-only" in err and str(read_only) in err and "damaged" not in err
    assert "Traceback" not in err and "unexpected" not in err
    assert folder_state(read_only.parent) == before


@pytest.mark.parametrize("how", ["file 0400", "folder 0500"])
def test_a_read_only_diary_of_an_older_format_is_still_read_and_left_as_it_is(
    how: str, tmp_path: Path
) -> None:
    """It could not be updated, and so was not read at all: "must first be updated … Make it writable"."""
    folder = tmp_path / "old"
    folder.mkdir()
    path = folder / "diary.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as conn:  # written by the first schema version
        for statement in MIGRATIONS[0].statements:
            conn.execute(statement)
        conn.execute("INSERT INTO entries (date, pain, notes) VALUES ('2025-03-01', 4, 'kept')")
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
    os.chmod(*((path, 0o400) if how == "file 0400" else (folder, 0o500)))
    before = folder_state(folder)
    try:
        diary = open_diary(path, create=False)
        assert [(e.date.isoformat(), e.pain, e.notes) for e in diary.entries()] == [("2025-03-01", 4, "kept")]
        assert "2025-03-01,4," in export_csv(diary)
        assert diary.records("trial") == {}  # a table the first version did not have
        with pytest.raises(DiaryReadOnly, match="read-only"):
            diary.add(NEW)
        diary.close()
        assert folder_state(folder) == before  # not a byte written, no copy or log beside it
    finally:
        os.chmod(folder, 0o700)
        os.chmod(path, 0o600)


@pytest.mark.parametrize("how", ["folder 0500", "read-only mount"])
def test_a_wal_diary_copied_with_its_log_but_not_its_index_is_read_whole_from_read_only_storage(
    how: str, tmp_path: Path
) -> None:
    """The -wal file holds the latest saves, and SQLite must make the -shm index to read it, which read-only
    storage cannot take: it was "could not be opened" (or "the disk is full" on a full read-only disk)."""
    source = tmp_path / "source" / "diary.sqlite3"
    source.parent.mkdir()
    folder = tmp_path / "copy"
    filled(source)
    writer = sqlite3.connect(source)  # a save left in the log, as in a diary still open when copied
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    with writer:
        writer.execute("INSERT INTO entries (date, pain, notes) VALUES ('2025-04-02', 6, 'in the log')")
    with contextlib.ExitStack() as stack:
        if how == "read-only mount":
            if not can_mount():
                pytest.skip("mounting a tmpfs needs root")
            stack.enter_context(tmpfs(folder, 1024))
        else:
            folder.mkdir()
        for suffix in ("", "-wal"):  # copied while the diary is open: its saves are still in the log
            (folder / f"diary.sqlite3{suffix}").write_bytes(Path(f"{source}{suffix}").read_bytes())
        writer.close()
        assert Path(f"{folder}/diary.sqlite3-wal").stat().st_size > 0
        if how == "read-only mount":
            remount(folder, read_only=True)
            stack.callback(remount, folder, read_only=False)
        else:
            os.chmod(folder, 0o500)
            stack.callback(os.chmod, folder, 0o700)
        before = folder_state(folder)
        diary = open_diary(folder / "diary.sqlite3", create=False)
        assert diary.entries()[:-1] == ENTRIES and diary.read_only()
        assert (diary.entries()[-1].pain, diary.entries()[-1].notes) == (6, "in the log")
        assert export_csv(diary).count("\n") == len(ENTRIES) + 2
        with pytest.raises(DiaryReadOnly, match="read-only"):
            diary.add(NEW)
        diary.close()
        assert folder_state(folder) == before  # no -shm made beside it, nothing written


def test_a_csv_diary_made_read_only_is_never_replaced(tmp_path: Path) -> None:
    """The CSV backend used to swap a new file in over a 0400 diary, and leave it 0600."""
    path = tmp_path / "diary.csv"
    filled(path)
    os.chmod(path, 0o400)
    diary = CSVDiary(path)
    data = path.read_bytes()
    with pytest.raises(DiaryReadOnly) as caught:
        diary.add(NEW)
    assert "read-only" in str(caught.value) and str(path) in str(caught.value)
    assert path.read_bytes() == data
    assert stat.S_IMODE(path.stat().st_mode) == 0o400
    assert not temp_files(path)


def test_a_csv_diarys_records_file_made_read_only_is_never_replaced(tmp_path: Path) -> None:
    """Its trials and kept nights' file beside it was swapped for a new one, and left 0600, as the diary once was."""
    path = tmp_path / "diary.csv"
    filled(path)
    diary = CSVDiary(path)
    diary.change_records("trial", {"t1": {"status": "planned"}})
    os.chmod(diary.records_path, 0o400)
    kept, data = diary.records_path.read_bytes(), path.read_bytes()
    with pytest.raises(DiaryReadOnly, match=f"{diary.records_path.name}, is read-only"):
        diary.change_records("trial", {"t1": None})
    with pytest.raises(DiaryReadOnly):
        diary.add(NEW)
    assert (diary.records_path.read_bytes(), path.read_bytes()) == (kept, data)
    assert stat.S_IMODE(diary.records_path.stat().st_mode) == 0o400
    assert [e.date for e in diary.entries()] == [e.date for e in ENTRIES]  # still read


def test_a_diary_made_read_only_while_open_refuses_the_next_change(diary: Diary) -> None:
    diary.add(ENTRIES[0])
    os.chmod(diary.path, 0o400)
    try:
        with pytest.raises(DiaryReadOnly, match="read-only"):
            diary.add(NEW)
        assert [e.date for e in diary.entries()] == [ENTRIES[0].date]
    finally:
        os.chmod(diary.path, 0o600)
    diary.add(NEW)  # writable again: saved
    assert [e.date for e in diary.entries()] == [ENTRIES[0].date, NEW.date]


def test_a_save_keeps_the_permissions_the_person_gave_the_file(diary: Diary) -> None:
    diary.add(ENTRIES[0])
    os.chmod(diary.path, 0o640)
    diary.add(NEW)
    assert stat.S_IMODE(diary.path.stat().st_mode) == 0o640


# -- a full disk ------------------------------------------------------------------------


@needs_mount
def test_a_new_diary_on_a_full_disk_says_so_and_leaves_nothing(backend: str, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "full", 64) as where:
        fill(where)
        path = where / name(backend)
        with pytest.raises(DiaryError) as caught:
            open_diary(path)
        message = str(caught.value)
        assert str(path) in message and "full" in message, message
        assert "damaged" not in message
        assert message.endswith(f"{NOT_CREATED}: {DISK_FULL}. {FREE_SPACE}"), message  # both backends alike
        assert sorted(p.name for p in where.iterdir()) == ["filler"]


@needs_mount
def test_the_command_line_on_a_full_disk_says_so_and_leaves_nothing(backend: str, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "full", 64) as where:
        fill(where)
        path = where / name(backend)
        result = cli("add", "--date", "2025-03-01", "--pain", "3", data=path)
        assert result.returncode == 1
        err = result.stderr.decode()
        assert str(path) in err and "full" in err and "damaged" not in err, err
        assert FREE_SPACE in err, err
        assert sorted(p.name for p in where.iterdir()) == ["filler"]


@needs_mount
def test_a_save_on_a_full_disk_names_the_file_and_keeps_the_diary(backend: str, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "full", 1024) as where:
        path = where / name(backend)
        filled(path)
        diary = open_diary(path)
        big = [
            parse_entry(
                {
                    "date": (dt.date(2024, 1, 1) + dt.timedelta(days=i)).isoformat(),
                    "pain": 3,
                    "notes": "n" * 1900,
                }
            )
            for i in range(300)
        ]
        fill(where)
        with pytest.raises(DiaryError) as caught:
            diary.import_entries(big)
        message = str(caught.value)
        assert str(path) in message and "full" in message and "Nothing was saved" in message, message
        assert "damaged" not in message
        (where / "filler").unlink()
        diary.close()
        assert open_diary(path).entries() == ENTRIES
        assert not temp_files(path)


def entries_of(path: Path) -> list[Entry]:
    diary = open_diary(path)
    try:
        return diary.entries()
    finally:
        diary.close()


def test_sqlite_diary_opened_read_only_still_sees_changes_made_elsewhere(tmp_path: Path) -> None:
    """A read-only view is read-only for this app, not a frozen copy: writable again, it saves."""
    path = tmp_path / "diary.sqlite3"
    filled(path)
    os.chmod(path, 0o400)
    viewer = SQLiteDiary(path)
    assert viewer.read_only()
    os.chmod(path, 0o600)
    viewer.add(NEW)
    assert [e.date for e in entries_of(path)] == [*(e.date for e in ENTRIES), NEW.date]


def test_a_new_diary_in_a_read_only_folder_is_refused_clearly(backend: str, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(folder, 0o500)
    path = folder / name(backend)
    try:
        with pytest.raises(DiaryError) as caught:
            open_diary(path)
        message = str(caught.value)
        assert str(path) in message and "cannot be created" in message and "read-only" in message
        assert "damaged" not in message and "can still be read" not in message
        assert list(folder.iterdir()) == []
    finally:
        os.chmod(folder, 0o700)


@pytest.mark.parametrize("backend_name", ["app-diary.sqlite3", "app-diary.csv"])
def test_the_dashboard_shows_a_read_only_diary_and_refuses_to_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend_name: str
) -> None:
    path = tmp_path / backend_name
    filled(path)
    os.chmod(path, 0o400)
    monkeypatch.setenv("PAIN_DIARY_DATA", str(path))
    apptest_support._clear_caches()
    try:
        at = open_app()
        assert any("read-only" in c for c in texts(at.sidebar.caption))
        at.switch_page("pages/export.py")
        at.run()
        assert not at.exception and "20 days" in shown(at)
        at.switch_page("pages/log.py")
        at.run()
        at.segmented_control(key="pain").set_value(4)
        at.button(key="save").click().run()
        assert not at.exception
        assert "read-only" in shown(at) and str(path) in shown(at)
        assert len(open_diary(path).entries()) == len(ENTRIES)
    finally:
        apptest_support._clear_caches()
        os.chmod(path, 0o600)


@pytest.mark.parametrize("backend", ["sqlite", "csv"])
def test_a_folder_that_cannot_be_looked_into_is_said_never_taken_for_no_diary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], backend: str
) -> None:
    """A folder without search permission (chmod 0600): looking for the file is refused. That was "the file
    is missing" for export and a bare "Permission denied" for add; now it is said, and nothing is created."""
    import errno

    from diary.cli import main
    from diary.errors import DiaryFileError

    path = tmp_path / "closed" / name(backend)
    path.parent.mkdir()
    filled(path)
    before = folder_state(path.parent)
    real_lstat = os.lstat

    def closed(where: str | os.PathLike[str]) -> os.stat_result:
        if Path(where).parent == path.parent:
            raise PermissionError(errno.EACCES, "Permission denied", str(where))
        return real_lstat(where)

    monkeypatch.setattr(os, "lstat", closed)
    for create in (False, True):
        with pytest.raises(DiaryFileError, match="permission to look into its folder was denied"):
            open_diary(path, create=create)
    for command in (["export"], ["add", "--date", "2025-04-01", "--pain", "5"]):
        assert main([*command, "--data", str(path)]) == 1
        err = capsys.readouterr().err
        assert "permission to look into its folder was denied" in err and "missing" not in err
    monkeypatch.undo()
    assert folder_state(path.parent) == before


def test_a_diary_of_another_user_account_says_whose_it_is_not_to_chmod_it(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the owner (or an administrator) can change a file's permissions: chmod is no advice for anyone else."""
    path = tmp_path / name(backend)
    diary = open_diary(path)
    diary.add(NEW)
    diary.close()
    before = path.read_bytes()
    owner = path.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: False if mode & os.W_OK else real_access(p, mode, **kw)
    )
    assert read_only_reason(path) == f"the file {ANOTHER_ACCOUNT}"
    message = str(DiaryReadOnly(path, f"the file {ANOTHER_ACCOUNT}"))
    assert "run the diary as that user, or copy the diary" in message and "chmod" not in message
    assert path.read_bytes() == before
