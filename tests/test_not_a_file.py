"""What is not a regular file (a FIFO, a device, a folder) is refused at once, never waited on.

Opening a FIFO for reading waits until something writes to it, which may be
never: ``pain-diary import`` of one used to hang forever.
"""

from __future__ import annotations

import os
import select
import socket
import stat
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from diary.errors import DiaryError, DiaryFileError
from diary.exchange.diary_csv import read_csv_file
from diary.storage import open_diary

from .test_cli import EXE, run

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def fifo(tmp_path: Path, name: str = "diary-import.csv") -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def kinds(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each kind of non-regular file, with the words the message must use for it."""
    folder = tmp_path / "diary-dir.csv"
    folder.mkdir()
    return {
        "fifo": (fifo(tmp_path), "named pipe"),
        "folder": (folder, "folder"),
        "device": (Path("/dev/null"), "device"),
    }


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_the_cli_refuses_to_import_what_is_not_a_file(tmp_path: Path, kind: str) -> None:
    path, words = kinds(tmp_path)[kind]
    data = tmp_path / "diary.sqlite3"
    started = time.monotonic()
    result = run("import", str(path), data=data)  # a hang fails with subprocess's timeout
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    err = result.stderr.decode()
    assert str(path) in err and words in err and "not a regular file" in err, err
    assert "Traceback" not in err


def without_waiting(path: Path, call: Callable[[], object]) -> BaseException | None:
    """Run ``call`` in a thread; fail the test if it is still waiting after 10 s (then release it)."""
    outcome: list[BaseException | None] = []

    def work() -> None:
        try:
            call()
            outcome.append(None)
        except BaseException as exc:  # handed back to the test
            outcome.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():
        if path.is_fifo():  # a writer that opens and closes ends the reader's wait
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(10)
        pytest.fail(f"still waiting on {path} after 10 seconds")
    return outcome[0]


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_the_library_refuses_to_read_what_is_not_a_file(tmp_path: Path, kind: str) -> None:
    path, words = kinds(tmp_path)[kind]
    caught = without_waiting(path, lambda: read_csv_file(path))
    assert isinstance(caught, DiaryError), caught
    assert str(path) in str(caught) and words in str(caught) and "not a regular file" in str(caught)


@pytest.mark.parametrize("kind", ["fifo", "device"])
@pytest.mark.parametrize("app", ["apple-health", "fitbit", "oura", "bearable", "daylio"])
def test_naming_an_apps_export_does_not_make_a_pipe_readable(tmp_path: Path, kind: str, app: str) -> None:
    """``--from KIND`` skips recognising the file: its reader must refuse a pipe or a device all the same."""
    from diary.sources import open_export

    path, words = kinds(tmp_path)[kind]
    caught = without_waiting(path, lambda: open_export(path, kind=app))
    assert isinstance(caught, DiaryError), caught
    assert str(path) in str(caught) and words in str(caught) and "not a regular file" in str(caught)


def test_the_cli_refuses_a_pipe_named_as_an_apps_export(tmp_path: Path) -> None:
    path = fifo(tmp_path)
    result = run("import", str(path), "--from", "apple-health", data=tmp_path / "diary.sqlite3")
    assert result.returncode == 1 and "named pipe" in result.stderr.decode()


@pytest.mark.parametrize("app", ["apple-health", "fitbit", "oura"])
def test_a_folder_of_pipes_named_as_an_export_says_so_not_that_it_is_empty(tmp_path: Path, app: str) -> None:
    from diary.sources import open_export

    folder = tmp_path / "export"
    folder.mkdir()
    os.mkfifo(folder / "sleep-2024-01-01.json")
    (folder / "export.xml").symlink_to("/dev/zero")
    caught = without_waiting(folder, lambda: open_export(folder, kind=app))
    assert isinstance(caught, DiaryError), caught
    assert "holds no regular file, only 2 pipes, devices or links to them, which are never read" in str(
        caught
    )


@pytest.mark.parametrize("name", ["diary.csv", "diary.sqlite3"])
def test_a_diary_path_that_is_a_fifo_is_refused_unchanged(tmp_path: Path, name: str) -> None:
    path = fifo(tmp_path, name)
    caught = without_waiting(path, lambda: open_diary(path))
    assert isinstance(caught, DiaryFileError), caught
    assert str(path) in str(caught) and "named pipe" in str(caught)
    assert path.is_fifo()


def test_the_cli_does_not_wait_on_a_fifo_given_as_the_diary(tmp_path: Path) -> None:
    path = fifo(tmp_path, "diary.csv")
    result = subprocess.run(
        [EXE, "export", "--data", str(path)], capture_output=True, timeout=30, env={**os.environ}
    )
    assert result.returncode == 1
    assert "named pipe" in result.stderr.decode()


def test_an_export_to_a_named_pipe_is_written_into_it_and_the_pipe_stays(tmp_path: Path) -> None:
    """``-o`` naming a pipe a program reads from (or a terminal): the file goes into it, never in its place.
    With nothing reading from the pipe, it is refused at once rather than waited on."""
    diary = tmp_path / "diary.csv"
    assert run("add", "--date", "2026-12-01", "--pain", "3", data=diary).returncode == 0
    pipe = fifo(tmp_path, "out.csv")
    unread = run("export", "-o", str(pipe), data=diary)  # a wait fails with subprocess's timeout
    assert unread.returncode == 1 and "named pipe (FIFO) that nothing reads from" in unread.stderr.decode()
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # a reader there first; the file fits in its buffer
    try:
        result = run("export", "-o", str(pipe), data=diary)
        os.set_blocking(reader, True)
        received = b"".join(iter(lambda: os.read(reader, 65536), b""))
    finally:
        os.close(reader)
    assert result.returncode == 0, result.stderr.decode()
    assert pipe.is_fifo() and received.startswith(b"date,pain,") and b"\n2026-12-01,3," in received
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.csv")) == []


def test_an_output_to_a_device_is_written_in_place_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replaced by a file, ``/dev/null`` would stop being the system's (an account allowed to write in /dev)."""
    from diary.storage import files

    def replaced(*_: object, **__: object) -> None:
        pytest.fail("/dev/null would have been replaced with a file")

    monkeypatch.setattr(files, "atomic_write", replaced)
    files.write_output("/dev/null", b"date,pain\n", "the diary CSV", diary=tmp_path / "diary.csv")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_an_output_to_a_socket_is_refused_in_words(tmp_path: Path) -> None:
    from diary.storage.files import write_output

    path = tmp_path / "out.sock"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        with pytest.raises(DiaryError) as refused:
            write_output(path, b"date,pain\n", "the diary CSV", diary=tmp_path / "diary.csv")
        assert stat.S_ISSOCK(os.stat(path).st_mode)
    assert str(refused.value) == (
        f"Could not write the diary CSV to {path}: it is a socket, not a file; give a file name. "
        "Nothing was written there (a file that was there already is unchanged)."
    )


def test_an_output_to_another_device_is_refused_before_it_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening some devices acts by itself (a watchdog reboots the machine): only the null device and this
    process's own terminals are written into."""
    from diary.storage import files

    def replaced(*_: object, **__: object) -> None:
        pytest.fail("/dev/zero would have been replaced with a file")

    monkeypatch.setattr(files, "atomic_write", replaced)
    with pytest.raises(DiaryError) as refused:
        files.write_output("/dev/zero", b"date,pain\n", "the diary CSV", diary=tmp_path / "diary.csv")
    assert "it is a device other than a terminal or /dev/null; give a file name" in str(refused.value)
    assert stat.S_ISCHR(os.stat("/dev/zero").st_mode)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs to give a pipe away")
def test_an_output_to_another_accounts_pipe_is_refused(tmp_path: Path) -> None:
    """In a shared folder (/tmp) another account could leave a pipe where a file is expected, and read the diary."""
    from diary.storage.files import write_output

    pipe = fifo(tmp_path, "out.csv")
    os.chown(pipe, 65534, 65534)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with pytest.raises(DiaryError) as refused:
            write_output(pipe, b"date,pain\n", "the diary CSV", diary=tmp_path / "diary.csv")
        assert os.read(reader, 100) == b""
    finally:
        os.close(reader)
    assert "named pipe (FIFO) of another user account" in str(refused.value) and pipe.is_fifo()


def test_a_reader_that_stops_early_is_said_to_have_only_part(tmp_path: Path) -> None:
    from diary.storage.files import write_output

    pipe = fifo(tmp_path, "out.csv")
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    data = b"date,pain\n" + b"2026-12-01,3\n" * 200_000  # far more than a pipe holds
    caught = []

    def write() -> None:
        try:
            write_output(pipe, data, "the diary CSV", diary=tmp_path / "diary.csv")
        except DiaryError as exc:
            caught.append(exc)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    assert select.select([reader], [], [], 10)[0]  # the writer has begun
    os.close(reader)
    writer.join(10)
    assert not writer.is_alive() and len(caught) == 1
    assert str(caught[0]) == (
        f"Could not write the diary CSV into {pipe}: the program reading from it stopped before the end; "
        "what it received is incomplete."
    )
