"""A separate process that writes to a diary, for the crash-safety and concurrency tests.

    python tests/_writer.py MODE DIARY [ARGS...]

It imports everything first, prints ``ready`` and waits for a line on standard
input, so the test decides the instant the write starts (and can start the next
process while the current one runs). Once the diary is open and the input read
it prints ``writing``; when the write has returned, ``done <opened> <total>``:
seconds from the go line to each of those two moments. Modes:

    import FILE.csv        merge FILE.csv into the diary, replacing dates that differ
    save DATE PAIN         add one entry (with a fixed logged_at, so the result is known)
    burst FIRST COUNT      add COUNT consecutive dates from FIRST, one write each
    hold                   take the diary's write lock, print ``locked``, keep it until killed

A diary error is printed to standard error and ends the process with status 1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from diary.entry import parse_entry
from diary.errors import DiaryError
from diary.exchange.diary_csv import read_csv_file
from diary.storage import open_diary

STAMP = "2025-06-01T07:30:00+02:00"


def burst_entries(first: str, count: int) -> list[dict[str, object]]:
    """The entries ``burst`` saves: one per date, pain and notes derived from the date."""
    start = dt.date.fromisoformat(first)
    days = [start + dt.timedelta(days=i) for i in range(count)]
    return [
        {"date": d.isoformat(), "pain": d.toordinal() % 11, "notes": f"saved by the burst from {first}"}
        for d in days
    ]


def main(argv: list[str]) -> int:
    mode, path, *args = argv
    print("ready", flush=True)
    if not sys.stdin.readline():
        return 0  # the test ended without starting this writer
    began = time.monotonic()
    diary = open_diary(Path(path))
    if mode == "import":
        entries = read_csv_file(Path(args[0])).entries
        opened = time.monotonic() - began
        print("writing", flush=True)
        diary.import_entries(entries, replace=True)
    elif mode == "save":
        entry = parse_entry({"date": args[0], "pain": args[1], "notes": "one save", "logged_at": STAMP})
        opened = time.monotonic() - began
        print("writing", flush=True)
        diary.add(entry)
    elif mode == "burst":
        raws = burst_entries(args[0], int(args[1]))
        opened = time.monotonic() - began
        print("writing", flush=True)
        for raw in raws:
            diary.add(parse_entry(raw))
    elif mode == "hold":
        with diary._transaction():
            print("locked", flush=True)
            time.sleep(3600)
        return 0
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(f"done {opened:.6f} {time.monotonic() - began:.6f}", flush=True)
    diary.close()
    return 0


# -- driving it from a test ------------------------------------------------------------------------

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent


class Writer:
    """A writer process, started at once and waiting for ``go``."""

    def __init__(self, mode: str, diary: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE), mode, str(diary), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )

    def expect(self, word: str, timeout: float = 30.0) -> str:
        """The next line of output, which must start with ``word`` (the process is killed after ``timeout``)."""
        assert self.proc.stdout is not None
        watchdog = threading.Timer(timeout, self.proc.kill)
        watchdog.start()
        try:
            line = self.proc.stdout.readline().strip()
        finally:
            watchdog.cancel()
        if not line.startswith(word):
            _, _, err = self.finish()
            raise AssertionError(f"expected {word!r} from the writer, got {line!r}; stderr:\n{err}")
        return line

    def go(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def finish(self, timeout: float = 60.0) -> tuple[int, str, str]:
        """Wait for the process to end: exit status, the rest of its output, its errors.

        Read through the same buffered pipes as ``expect`` (``communicate`` would
        skip lines already buffered); the process is killed after ``timeout``.
        """
        assert self.proc.stdout is not None and self.proc.stderr is not None
        watchdog = threading.Timer(timeout, self.proc.kill)
        watchdog.start()
        try:
            out = self.proc.stdout.read()
            err = self.proc.stderr.read()
            status = self.proc.wait()
        finally:
            watchdog.cancel()
            self._close()
        return status, out, err

    def running(self) -> bool:
        """True while the process has not ended."""
        return self.proc.poll() is None

    def kill(self) -> bool:
        """SIGKILL now; True when the process was still running."""
        alive = self.proc.poll() is None
        self.proc.kill()
        self.proc.wait()
        self._close()
        return alive

    def _close(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except DiaryError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(1)
