"""Real file systems for storage tests: a small tmpfs to fill up, and one to remount read-only.

Mounting needs root (or a user namespace); where that is not allowed, the tests
that need it skip and the fault-injection layer (``tests/faults.py``) still
makes the same failures happen at the Python level.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@functools.cache
def can_mount() -> bool:
    """True when this process may mount a tmpfs (root on Linux, with ``mount`` installed)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        return False
    with tempfile.TemporaryDirectory() as where:
        if subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", where], capture_output=True
        ).returncode:
            return False
        subprocess.run(["umount", where], check=True)
    return True


needs_mount = pytest.mark.skipif(not can_mount(), reason="mounting a tmpfs needs root")


@contextlib.contextmanager
def tmpfs(where: Path, size_kib: int = 64) -> Iterator[Path]:
    """A fresh tmpfs of ``size_kib`` KiB mounted at ``where`` (made if needed), unmounted afterwards."""
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(where)],
        check=True,
        capture_output=True,
    )
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True, capture_output=True)


def remount(where: Path, *, read_only: bool) -> None:
    """Remount a tmpfs read-only or read-write (every file on it must be closed for writing first)."""
    option = "remount,ro" if read_only else "remount,rw"
    subprocess.run(["mount", "-o", option, str(where)], check=True, capture_output=True)


def fill(where: Path) -> Path:
    """Fill the file system holding ``where`` until not one more byte fits; the filler file."""
    filler = where / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (65536, 4096, 1):
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    break
    finally:
        os.close(fd)
    return filler
