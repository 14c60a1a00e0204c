"""File helpers: owner-only files and crash-safe replacement; the words both backends say about files.

Both backends (CSV and SQLite) refuse or fail in the same situations, and say
so in the same words, defined here once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import glob
import os
import re
import stat
import string
import tempfile
from pathlib import Path
from typing import BinaryIO

from ..errors import ANOTHER_ACCOUNT, READ_ONLY_DISK, DiaryError, DiaryFileError, DiaryWriteError
from .streams import StreamBroken, StreamRefused, write_stream

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_TEMP_SUFFIX = ".tmp"

DISK_FULL = "the disk is full"
DISK_ERROR = "the disk reported an input/output error"
NOT_CREATED = "a new diary cannot be created there"
"""Why a diary does not exist yet where it was asked for; followed by the reason."""
POINT_AT_DIARY = "Point PAIN_DIARY_DATA (or --data) at the diary's file."
"""What to do about a path that names something other than a diary (a folder, a device, another file)."""
NAMES_A_FOLDER = "the name given ends with a slash, so it names a folder, not a file"
"""Why a path written as a folder's ("backups/") is refused where a file is meant: its slash is easily lost."""
FREE_SPACE = "Free some space and try again."
"""What to do about a full disk."""
CHECK_DISK = "Check the disk."
"""What to do about a disk that reported an error."""
UNCHANGED = "The diary is as it was before."
UNCHANGED_UNTIL_FIXED = "The diary is as it was before; try again once that is fixed."
"""After a write that failed for a reason the person can fix (a full or read-only disk)."""


FOLDER_CLOSED = "permission to look into its folder was denied."
OPEN_THE_FOLDER = "Give yourself access to the folder (for example chmod u+rwx on it) and try again."


def names_a_folder(text: str | os.PathLike[str]) -> bool:
    """Whether a path as the person wrote it ends with a separator ("backups/"): a folder, meant or not."""
    return isinstance(text, str) and text.endswith(tuple(filter(None, ("/", os.sep, os.altsep))))


def diary_there(path: Path) -> bool:
    """Whether something is at the diary's path (not following a link). ``os.path.lexists`` and
    ``Path.exists`` also say "no", or fail, when the folder cannot be looked into: that is said
    (``DiaryFileError``), never taken for a diary not made yet."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except PermissionError:
        raise DiaryFileError(path, FOLDER_CLOSED, OPEN_THE_FOLDER) from None
    return True


def not_created(why: str) -> str:
    """A new diary refused or failed, with the reason in words (``write_failure``, ``read_only_reason``)."""
    return f"{NOT_CREATED}: {why}."


_WHAT_TO_DO = {errno.ENOSPC: FREE_SPACE, errno.EDQUOT: FREE_SPACE, errno.EIO: CHECK_DISK}


def creation_failed(path: Path, exc: OSError) -> DiaryWriteError:
    """A new diary at ``path`` that could not be made because of ``exc``, with what to do where that is known."""
    advice = _WHAT_TO_DO.get(exc.errno or 0, "")
    return DiaryWriteError(path, not_created(write_failure(exc)), advice)


def unreadable(path: Path, exc: OSError) -> DiaryFileError:
    """A diary file (or one kept beside it) that is there but cannot be read, with the system's reason."""
    return DiaryFileError(path, f"it cannot be read ({exc.strerror or exc}).")


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
    no_wait = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | no_wait | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(mode := os.fstat(fd).st_mode):
            raise NotRegularFile(path, mode)
        if no_wait:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def atomic_write(path: Path, data: bytes, *, keep_mode: bool = False) -> os.stat_result:
    """Replace ``path`` with ``data`` so that a crash at any instant leaves the old or the new file.

    The bytes go to a temporary file in the same folder, are flushed to disk,
    and the temporary file is renamed over the old one; the folder is synced
    so the rename itself survives. The new file is owner-only, or with
    ``keep_mode`` keeps the permissions of the file it replaces (a diary the
    person shared with their group stays so). Any failure removes the temporary
    file and leaves the old file as it was. Returns the new file's status (for
    cache keys). A path that is a symbolic link has the file it points to
    replaced; the link stays a link.
    """
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    keep = None
    if keep_mode:
        with contextlib.suppress(OSError):
            keep = stat.S_IMODE(os.stat(path).st_mode)
    temp_name, status = _written_temp(path, data, keep)
    try:
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    sync_dir(path.parent)
    return status


def create_new(path: Path, data: bytes) -> os.stat_result | None:
    """Create ``path`` holding ``data``, whole or not at all; None when a file appeared there meanwhile.

    Like ``atomic_write``, but never replaces a file: a full disk leaves
    nothing behind, not even an empty file, and of two processes creating the
    same file at once, the first one's stays.
    """
    temp_name, status = _written_temp(path, data, None)
    try:
        return status if link_in(Path(temp_name), path) else None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)


def link_in(temp: Path, path: Path) -> bool:
    """Put a finished file at ``path`` unless one is there already (then keep that one); True when put."""
    try:
        os.link(temp, path)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: a rename, where nothing is yet
        if path.exists():
            return False
        os.replace(temp, path)
    sync_dir(path.parent)
    return True


def _written_temp(path: Path, data: bytes, mode: int | None) -> tuple[str, os.stat_result]:
    """A temporary file beside ``path`` holding ``data``, flushed to disk; its name and status.

    Every write, sync and rename goes through ``os`` by name, one call each, so
    that the storage tests can make any one of them fail (``tests/faults.py``).
    """
    ensure_private_dir(path.parent)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TEMP_SUFFIX, dir=path.parent)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if mode is not None and mode != PRIVATE_FILE and hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            os.fsync(fd)
            status = os.fstat(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return temp_name, status


_WRITE_FAILURES = {
    errno.ENOSPC: DISK_FULL,
    getattr(errno, "EDQUOT", errno.ENOSPC): "the disk is full (your disk quota is used up)",
    errno.EROFS: "the disk is read-only (a read-only file system)",
    errno.EACCES: "permission to write there was denied",
    errno.EPERM: "permission to write there was denied",
    errno.EIO: DISK_ERROR,
}


RECORDS_SUFFIX = ".records.json"
"""The CSV diary's records file: the diary's name with this after it."""

PENDING_SUFFIX = RECORDS_SUFFIX + ".pending"
"""The CSV diary's records as they will be once the diary file is replaced (``CSVDiary``: a change of both)."""

DIARY_COMPANIONS = (RECORDS_SUFFIX, PENDING_SUFFIX, ".lock", "-wal", "-shm", "-journal")
"""What a diary keeps beside its file, named after it: the CSV diary's records (trials, nights kept aside),
their next version and its lock, SQLite's write-ahead log, its index and its journal."""


SCHEMA_BACKUP = "{diary}.schema{version}-backup-{stamp}"
SCHEMA_BACKUP_STAMP = "%Y%m%d-%H%M%S"
"""How a SQLite diary's copy made before its format is updated is named: beside it, after it, its old format
version and the time (``diary.sqlite3.schema2-backup-20261205-141500``)."""


def schema_backup(diary: Path, version: int, when: dt.datetime) -> Path:
    """Where ``diary`` is copied at ``when`` before its format ``version`` is updated (``SCHEMA_BACKUP``)."""
    stamp = when.strftime(SCHEMA_BACKUP_STAMP)
    return diary.with_name(SCHEMA_BACKUP.format(diary=diary.name, version=version, stamp=stamp))


def _is_schema_backup(path: Path, diary: Path) -> bool:
    """Whether ``path`` is named as one of ``diary``'s schema backups, in its folder (``SCHEMA_BACKUP``)."""
    fields = {"diary": re.escape(diary.name), "version": "[0-9]+", "stamp": "(?P<stamp>[0-9-]+)"}
    pattern = "".join(
        re.escape(text) + (fields[name] if name else "")
        for text, name, _, _ in string.Formatter().parse(SCHEMA_BACKUP)
    )
    named = re.fullmatch(pattern, path.name)
    if named is None or path.parent.resolve() != diary.parent.resolve():
        return False
    try:
        dt.datetime.strptime(named["stamp"], SCHEMA_BACKUP_STAMP)
    except ValueError:
        return False
    return True


def write_output(given: str | Path, data: bytes, what: str, *, diary: Path) -> None:
    """Write a file the person asked for (``-o``): whole or not at all, never over the diary or a read-only file.

    ``DiaryError`` names the file and why nothing was written there.
    """
    path = Path(given)

    def refused(why: str) -> DiaryError:
        return DiaryError(
            f"Could not write {what} to {path}: {why}. Nothing was written there "
            "(a file that was there already is unchanged)."
        )

    if path.is_dir():
        raise refused("it is a folder; give a file name (in that folder or elsewhere)")
    if names_a_folder(given):
        raise refused(f"{NAMES_A_FOLDER}; give a file name")
    if (file := file_in_the_way(path)) is not None:
        raise refused(f"{in_the_way(file)}; choose another place")
    if _same_file(path, diary):
        raise refused("that is the diary itself; choose another file name")
    for companion in (diary.with_name(diary.name + suffix) for suffix in DIARY_COMPANIONS):
        if _same_file(path, companion):
            raise refused(f"the diary keeps that file beside it ({companion.name}); choose another file name")
    if _is_schema_backup(path, diary):
        raise refused(
            "that is a copy of the diary made before its format was updated; choose another file name"
        )
    try:
        if write_stream(path, data):
            return
    except StreamRefused as refusal:
        raise refused(refusal.why) from None
    except StreamBroken as broken:
        failed = READER_STOPPED if broken.error.errno == errno.EPIPE else write_failure(broken.error)
        raise DiaryError(
            f"Could not write {what} into {path}: {failed}; what it received is incomplete."
        ) from None
    except OSError as exc:
        raise refused(write_failure(exc)) from None
    why = read_only_reason(path)
    if why is not None:
        raise refused(f"{why}; make it writable, or choose another file name")
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise refused(write_failure(exc)) from None


def _same_file(path: Path, other: Path) -> bool:
    """Whether ``path`` names ``other``: the same path once resolved, or a hard link to it."""
    if path.resolve() == other.resolve():
        return True
    try:
        return os.path.samefile(path, other)
    except OSError:  # either is not there (yet): not the same file
        return False


READER_STOPPED = "the program reading from it stopped before the end"


def write_failure(exc: OSError) -> str:
    """Why a write failed, in words: a full disk, a read-only disk, a disk error..."""
    return _WRITE_FAILURES.get(exc.errno or 0, exc.strerror or str(exc))


def nearest_existing(path: Path) -> Path | None:
    """The nearest place above ``path`` that exists (a folder, or a file in the way), if any."""
    return next((p for p in path.parents if p.exists()), None)


def file_in_the_way(path: Path) -> Path | None:
    """The nearest existing place above ``path`` when it is a file, not a folder ("notes.txt/diary.sqlite3"):
    nothing can be made under it; ``None`` when that place is a folder."""
    try:
        above = nearest_existing(path)
        return above if above is not None and not above.is_dir() else None
    except OSError:  # a folder above that cannot be looked into: whoever opens the path says why
        return None


def in_the_way(file: Path) -> str:
    """Why nothing can be made under ``file`` (``file_in_the_way``), in words."""
    return f"{file} is a file, not a folder, so nothing can be kept inside it"


def read_only_reason(path: Path) -> str | None:
    """Why the file at ``path`` (or a new one there) cannot be changed, in words; None when it can.

    A file without any write permission is read-only even for an administrator,
    who could write it anyway: the permission says what its owner wants. Its
    folder must be writable too, since a save writes beside the file (the
    temporary file, the lock, SQLite's write-ahead log).
    """
    folder = nearest_existing(path) or path.parent
    if not folder.is_dir():
        return in_the_way(folder)
    target = path if path.exists() else folder
    try:
        if _read_only_file_system(target):
            return READ_ONLY_DISK
        if target is path and (not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK)):
            return (
                f"the file {ANOTHER_ACCOUNT}" if _owned_by_another_account(path) else "the file is read-only"
            )
        if not folder.stat().st_mode & 0o222 or not os.access(folder, os.W_OK | os.X_OK):
            return (
                f"its folder {folder} {ANOTHER_ACCOUNT}"
                if _owned_by_another_account(folder)
                else f"its folder {folder} is read-only"
            )
    except FileNotFoundError:
        return None  # gone meanwhile: whoever reads or writes next says so
    return None


def _owned_by_another_account(path: Path) -> bool:
    """Whether ``path`` is writable by its owner, and its owner is another user account than this one's: then
    no permission this account can give itself makes it writable."""
    status = path.stat()
    return bool(status.st_mode & 0o200) and hasattr(os, "geteuid") and status.st_uid != os.geteuid()


_NEARLY_FULL = 1024 * 1024  # bytes: too little room for SQLite's log and index files


def disk_full(path: Path) -> bool:
    """True when the disk holding ``path`` (or the folder it would be in) has about no room left.

    SQLite reports a full disk as a disk error when it is its log or index
    files that do not fit; this tells the two apart.
    """
    where = path if path.exists() else nearest_existing(path)
    if where is None or not hasattr(os, "statvfs"):
        return False
    status = os.statvfs(where)
    if status.f_flag & getattr(os, "ST_RDONLY", 1):
        return False  # read-only (a CD, a read-only mount: no free space by nature): nothing is full
    return status.f_bavail * status.f_frsize < _NEARLY_FULL


def _read_only_file_system(path: Path) -> bool:
    if not hasattr(os, "statvfs"):
        return False
    return bool(os.statvfs(path).f_flag & getattr(os, "ST_RDONLY", 1))


def temp_files(path: Path) -> list[Path]:
    """The temporary files ``atomic_write`` makes for ``path`` that are there now.

    One outlives its write only if the process was killed before the rename.
    """
    return sorted(path.parent.glob(f".{glob.escape(path.name)}.*{_TEMP_SUFFIX}"))


def sync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` survive a crash (where the file system can sync a folder)."""
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
