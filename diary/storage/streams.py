"""Writing a file the person asked for into a terminal, ``/dev/null`` or a named pipe, rather than in its place.

``-o /dev/stdout``, ``-o /dev/null`` or a pipe another program of theirs
reads from: replacing any of them with a file would put a file where the
system's device was (``/dev/null``, for an account allowed to), or leave the
program waiting. They are written into as a stream. Anything else that is not
a regular file is refused before it is opened (opening some devices acts by
itself: a watchdog reboots the machine), and so is another account's pipe
(its owner would read what is written).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class StreamRefused(Exception):
    """Nothing was written: ``why`` says what ``path`` is and why it is not written into."""

    def __init__(self, why: str):
        self.why = why
        super().__init__(why)


class StreamBroken(Exception):
    """Writing into the stream failed part way (``error``): the reader has part of it."""

    def __init__(self, error: OSError):
        self.error = error
        super().__init__(str(error))


NOBODY_READS = "it is a named pipe (FIFO) that nothing reads from; give a file name"


def write_stream(path: Path, data: bytes) -> bool:
    """Write ``data`` into the terminal, ``/dev/null`` or own named pipe ``path`` names; False, having written
    nothing, when it names a regular file or nothing (it is then written as a file).

    ``StreamRefused`` for anything else, or a pipe nothing reads from (the open
    never waits for a reader that may never come); ``StreamBroken`` when the
    writing fails part way (the reader stopped reading); ``OSError`` when it
    cannot be opened (nothing written).
    """
    try:
        named = os.stat(path)
    except OSError:
        return False
    if stat.S_ISREG(named.st_mode):
        return False
    _check(named)
    no_wait = getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, os.O_WRONLY | no_wait | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == getattr(os, "ENXIO", 6) and stat.S_ISFIFO(named.st_mode):
            raise StreamRefused(NOBODY_READS) from None
        raise
    try:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (named.st_dev, named.st_ino):  # swapped meanwhile
            raise StreamRefused("it was replaced by something else while being opened; try again")
        if no_wait:
            os.set_blocking(fd, True)
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(fd, view) :]
        except OSError as exc:
            raise StreamBroken(exc) from None
        return True
    finally:
        os.close(fd)


def _check(status: os.stat_result) -> None:
    """Refuse what is not the null device, one of this process's own terminals or its own account's pipe."""
    mode = status.st_mode
    if stat.S_ISFIFO(mode):
        if status.st_uid != os.geteuid():
            raise StreamRefused(
                "it is a named pipe (FIFO) of another user account, whose programs would read what is "
                "written; give a file name"
            )
        return
    if stat.S_ISCHR(mode):
        if status.st_rdev in _harmless_devices():
            return
        raise StreamRefused("it is a device other than a terminal or /dev/null; give a file name")
    if stat.S_ISBLK(mode):
        raise StreamRefused("it is a disk (block device), not a file; give a file name")
    if stat.S_ISSOCK(mode):
        raise StreamRefused("it is a socket, not a file; give a file name")
    raise StreamRefused("it is not a regular file; give a file name")


def _harmless_devices() -> set[int]:
    """The device numbers of the null device and of the terminals this process reads and writes already."""
    devices = {os.stat(os.devnull).st_rdev}
    for fd in (0, 1, 2):
        try:
            if os.isatty(fd):
                devices.add(os.fstat(fd).st_rdev)
        except OSError:  # a standard stream closed
            continue
    return devices
