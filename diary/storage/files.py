"""File helpers: owner-only files and crash-safe replacement."""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_TEMP_SUFFIX = ".tmp"


def ensure_private_dir(folder: Path) -> None:
    """Create a folder, and any missing parents, readable only by its owner; existing ones are left alone.

    Each new level is owner-only whatever the umask (``mkdir -p`` would give
    the parents the umask's permissions, world-writable under umask 000).
    """
    missing = []
    for level in (folder, *folder.parents):
        if level.exists():
            break
        missing.append(level)
    for level in reversed(missing):
        try:
            level.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            continue  # made meanwhile by another process: theirs to set
        os.chmod(level, PRIVATE_DIR)
    if not folder.is_dir():
        folder.mkdir()  # raises the usual, readable error (a file in the way)


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable only by its owner, unless it exists."""
    ensure_private_dir(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))


class NotRegularFile(Exception):
    """A path that names a folder, a named pipe, a device or a socket where a file was expected."""

    def __init__(self, path: Path, mode: int):
        self.path = path
        self.kind = _kind(mode)
        super().__init__(f"{path} is {self.kind}, not a regular file")

    @property
    def reason(self) -> str:
        return f"it is {self.kind}, not a regular file."


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something other than a file"


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; anything else raises ``NotRegularFile`` at once.

    Opening a named pipe for reading waits until something writes to it, which
    may be never, and opening a device can have effects of its own: both are
    refused by their status first, and the open itself cannot wait (the file
    could be swapped for a pipe in between), so nothing is ever waited on.
    """
    if not stat.S_ISREG(mode := os.stat(path).st_mode):
        raise NotRegularFile(path, mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(mode := os.fstat(fd).st_mode):
            raise NotRegularFile(path, mode)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def atomic_write(path: Path, data: bytes) -> os.stat_result:
    """Replace ``path`` with ``data`` so that a crash at any instant leaves the old or the new file.

    The bytes go to a temporary file in the same folder, are flushed to disk,
    and the temporary file is renamed over the old one; the folder is synced
    so the rename itself survives. The new file is owner-only. Returns the
    new file's status (for cache keys).
    """
    ensure_private_dir(path.parent)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            status = os.fstat(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _sync_dir(path.parent)
    return status


def temp_files(path: Path) -> list[Path]:
    """The temporary files ``atomic_write`` makes for ``path`` that are there now.

    One outlives its write only if the process was killed before the rename.
    """
    return sorted(path.parent.glob(f".{glob.escape(path.name)}.*{_TEMP_SUFFIX}"))


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory; the rename is still atomic
    finally:
        os.close(fd)
