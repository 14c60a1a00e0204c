"""CSV backend: the diary CSV itself, rewritten atomically under a file lock.

Readers never lock: every write replaces the whole file by rename, so a reader
sees the old or the new diary. Writers hold ``<file>.lock`` for the
read-modify-replace, so two windows saving at once both land.

The records beside the diary (trials, nights kept aside) are a second file.
A change of both writes the new records beside it first, as pending and
naming the diary they go with (its SHA-256), then the diary, then renames the
pending records into place: a reader takes pending records only with the
diary they name, so a write killed at any instant leaves both files old or
both new, and the next writer finishes or drops what it left.

A file the person made read-only (or in a read-only folder or disk) is read
as usual and never replaced: a change is refused as ``DiaryReadOnly``. Once
open, a file that vanishes is ``DiaryMissing`` for reads and writes alike:
an empty diary is never shown, and never started, in its place. A write the
disk refuses (full, read-only, an I/O error) names the file and says that
nothing was saved; the old file stays as it was.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import json
import os
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..csv.format import HEADER_LINE, MAX_CSV_BYTES, SIZE_LIMIT_WHY, LineWriter, entry_line, parse_diary_csv
from ..entry import Entry
from ..errors import (
    NEW_DIARY_ELSEWHERE,
    DiaryBusy,
    DiaryError,
    DiaryFileError,
    DiaryMissing,
    DiaryReadOnly,
    DiaryWriteError,
)
from ..ranges import entries_in_range
from ..wording import NOTHING_SAVED
from .base import (
    RECORDS_ADVICE,
    RECORDS_FILE,
    RECORDS_FORMAT,
    Diary,
    NewerRecords,
    Record,
    read_records_json,
    records_json,
    written_by_newer,
)
from .files import (
    PENDING_SUFFIX,
    POINT_AT_DIARY,
    PRIVATE_FILE,
    RECORDS_SUFFIX,
    UNCHANGED_UNTIL_FIXED,
    NotRegularFile,
    atomic_write,
    create_new,
    creation_failed,
    diary_there,
    ensure_private_dir,
    not_created,
    open_regular,
    read_only_reason,
    sync_dir,
    temp_files,
    unreadable,
    write_failure,
)

_BOTH_UNCHANGED = (
    "The diary, its trials and its kept nights are as they were before; try again once that is fixed."
)
"""After a records file that could not be written: neither file was changed."""
_LIMIT_MB = MAX_CSV_BYTES // 1024 // 1024
_LARGEST = "the largest diary CSV this app reads"
_AS_SQLITE = "Keep the diary as SQLite instead"
_INTO_SQLITE = "into a diary whose name does not end in .csv"
"""What to do with a diary CSV at the size limit: keep it as SQLite, which has no such limit."""
_EMPTY = "a diary CSV, even one with no days yet, starts with its header row (date,pain,…)"
_EMPTY_NEXT = (
    "Delete it: the diary makes its own file on the first save. If it held your diary, then bring your "
    "last backup back in (the Import page, or pain-diary import with the backup's ZIP)."
)
"""A diary CSV with nothing in it: kept as it is (it may be a diary that lost its contents), with what to do."""


@dataclass
class _Snapshot:
    """The file as last read: its bytes, entries by date and their rendered CSV lines."""

    key: tuple[int, int, int]
    entries: dict[dt.date, Entry]
    data: bytes = b""
    lines: dict[dt.date, str] = field(default_factory=dict)
    ordered: list[Entry] | None = None

    def sorted_entries(self) -> list[Entry]:
        if self.ordered is None:
            self.ordered = sorted(self.entries.values(), key=lambda e: e.date)
        return self.ordered


def _digest(data: bytes) -> str:
    """What names a diary file's bytes in its pending records."""
    return hashlib.sha256(data).hexdigest()


def _key_or_zeros(path: Path) -> tuple[int, int, int]:
    """A file's identity for ``version`` (zeros when there is none)."""
    try:
        return _key(path.stat())
    except FileNotFoundError:
        return (0, 0, 0)


def _key(status: os.stat_result) -> tuple[int, int, int]:
    return (status.st_ino, status.st_mtime_ns, status.st_size)


class _CSVTransaction:
    def __init__(self, snapshot: _Snapshot, records: dict[str, dict[str, Record]]):
        self.entries = dict(snapshot.entries)
        self.lines = dict(snapshot.lines)
        self.changed = False
        self.kept = {kind: dict(by_key) for kind, by_key in records.items()}
        self.records_changed = False

    def dates(self) -> list[dt.date]:
        return sorted(self.entries)

    def records(self, kind: str) -> dict[str, Record]:
        return copy.deepcopy(self.kept.get(kind, {}))

    def put_record(self, kind: str, key: str, body: Record) -> None:
        self.kept.setdefault(kind, {})[key] = copy.deepcopy(body)
        self.records_changed = True

    def delete_record(self, kind: str, key: str) -> None:
        self.kept.get(kind, {}).pop(key, None)
        self.records_changed = True

    def get_many(self, days: Iterable[dt.date]) -> dict[dt.date, Entry]:
        return {d: self.entries[d] for d in days if d in self.entries}

    def put(self, entry: Entry) -> None:
        self.entries[entry.date] = entry
        self.lines.pop(entry.date, None)
        self.changed = True

    def delete(self, day: dt.date) -> None:
        self.entries.pop(day, None)
        self.lines.pop(day, None)
        self.changed = True


class CSVDiary(Diary):
    """A diary kept in a diary CSV file (chosen by a path ending in .csv)."""

    backend = "csv"

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 10.0, create: bool = True):
        self.path = Path(path).expanduser().absolute()
        # The file itself, where the path is a symbolic link to it: its lock, records and temporary files are
        # named after it, so that writers through the link and through the file wait for each other.
        self.file = Path(os.path.realpath(self.path))
        self.timeout = timeout
        # Writers of this process queue on the first (Streamlit sessions are threads);
        # the second is held only to swap the snapshot, so readers never wait on a write.
        self._write_mutex = threading.RLock()
        self._snapshot_lock = threading.Lock()
        self._snapshot: _Snapshot | None = None
        import filelock  # here, not at the top: opening a SQLite diary never loads it

        self._lock = filelock.FileLock(
            str(self.file) + ".lock", timeout=timeout, mode=PRIVATE_FILE, thread_local=False
        )
        if diary_there(self.path):
            self._read()  # refuse an unreadable file now, before anything is written
        elif not create:
            raise DiaryMissing(self.path, was_open=False)
        else:
            self._create()

    def _create(self) -> None:
        """Start a new diary (a header row), whole or not at all: a full disk leaves no file behind."""
        why = read_only_reason(self.path)
        if why:
            raise DiaryWriteError(self.path, not_created(why), NEW_DIARY_ELSEWHERE)
        data = HEADER_LINE.encode()
        try:
            ensure_private_dir(self.path.parent)
            status = create_new(self.path, data)
        except OSError as exc:
            raise creation_failed(self.path, exc) from None
        if status is not None:
            self._keep(_Snapshot(_key(status), {}, data))
        else:
            self._read()  # another window made it meanwhile: use theirs

    # -- reading

    def _keep(self, snapshot: _Snapshot) -> _Snapshot:
        with self._snapshot_lock:
            self._snapshot = snapshot
        return snapshot

    def _read(self, *, exact: bool = False) -> _Snapshot:
        """The file's entries, parsed again only when the file changed.

        Plain reads trust the file's identity (inode, modification time, size).
        ``exact`` compares the bytes as well: writes use it, because a quick
        rewrite by another process can repeat all three (inode numbers are
        reused, some file systems keep coarse times), and saving on top of a
        stale copy would silently undo that process's change.
        """
        try:
            handle = open_regular(self.path)
        except FileNotFoundError:
            raise DiaryMissing(self.path) from None
        except NotRegularFile as exc:
            raise DiaryFileError(self.path, exc.reason, POINT_AT_DIARY) from None
        except OSError as exc:
            raise unreadable(self.path, exc) from None
        with handle:
            status = os.fstat(handle.fileno())
            if status.st_size > MAX_CSV_BYTES:  # a diary too large to read whole, not a broken one
                raise DiaryFileError(
                    self.path,
                    f"it is {status.st_size / 1024 / 1024:.1f} MB, past {_LIMIT_MB} MB, {_LARGEST} ({SIZE_LIMIT_WHY}).",
                    f"{_AS_SQLITE}: split it by date into files under {_LIMIT_MB} MB and import them one "
                    f"by one {_INTO_SQLITE}.",
                )
            key = _key(status)
            with self._snapshot_lock:
                cached = self._snapshot
            if cached is not None and cached.key == key and not exact:
                return cached
            data = handle.read()
        if cached is not None and cached.data == data:
            return cached if cached.key == key else self._keep(replace(cached, key=key))
        if not data.strip():
            holds = "it is empty" if not data else "it holds nothing but blank lines or spaces"
            raise DiaryFileError(self.path, f"{holds}, and {_EMPTY}.", _EMPTY_NEXT)
        parsed = parse_diary_csv(data, check_future=False)
        if parsed.problems:
            shown = "; ".join(str(p) for p in parsed.problems[:5])
            more = len(parsed.problems) - 5
            if more > 0:
                shown += f"; and {more} more"
            raise DiaryFileError(
                self.path,
                f"it is not a valid diary CSV ({shown}).",
                "If it is not your diary, point PAIN_DIARY_DATA (or --data) at the diary's file; "
                "if it is, fix it by hand or restore a backup.",
            )
        return self._keep(_Snapshot(key, {e.date: e for e in parsed.entries}, data, ordered=parsed.entries))

    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]:
        ordered = self._read().sorted_entries()
        if start is None and end is None:
            return list(ordered)
        return list(entries_in_range(ordered, start, end))

    def get(self, day: dt.date) -> Entry | None:
        return self._read().entries.get(day)

    def __len__(self) -> int:
        return len(self._read().entries)

    @property
    def records_path(self) -> Path:
        """The file beside the diary that keeps its records (trials, nights kept aside) as JSON."""
        return self.file.with_name(self.file.name + RECORDS_SUFFIX)

    @property
    def records_file(self) -> Path:
        return self.records_path

    def read_only(self) -> str | None:
        """As for any diary, and the records file beside it too: a save may rewrite it (``_write_records``)."""
        why = read_only_reason(self.file)
        if why is None and self.records_path.exists() and read_only_reason(self.records_path):
            why = f"the file keeping its trials and kept nights, {self.records_path.name}, is read-only"
        return why

    def _records_bytes(self) -> bytes | None:
        """The records file as it is (``None`` when there is none)."""
        try:
            return self.records_path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise unreadable(self.records_path, exc) from None

    @property
    def _pending_path(self) -> Path:
        """The records of a change of both files, written before the diary (``PENDING_SUFFIX``)."""
        return self.file.with_name(self.file.name + PENDING_SUFFIX)

    def _pending(self) -> dict[str, dict[str, Record]] | None:
        """The pending records, when there are some and the diary now is the one they name; else ``None``.

        Records pending for another diary are of a change killed before its
        diary was written: they never were, and are passed over.
        """
        try:
            body = json.loads(self._pending_path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            return None  # not whole: the change it began never got as far as the diary
        if not isinstance(body, dict) or body.get("format") != RECORDS_FORMAT:
            return None
        kept = body.get("records")
        if body.get("diary") != _digest(self._read().data) or not isinstance(kept, dict):
            return None
        return kept

    def _read_records(self) -> dict[str, dict[str, Record]]:
        pending = self._pending()
        if pending is not None:
            return pending
        data = self._records_bytes()
        if data is None:
            return {}
        try:
            kept = read_records_json(data, "not a records file of this diary")
        except NewerRecords as exc:
            raise written_by_newer(self.records_path, "records format", exc.version, RECORDS_FORMAT) from None
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError) as exc:
            raise DiaryFileError(
                self.records_path,
                f"it is not the diary's records file ({exc}).",
                RECORDS_ADVICE,
                what=RECORDS_FILE,
            ) from None
        return kept

    def records(self, kind: str) -> dict[str, Record]:
        return self._read_records().get(kind, {})

    def version(self) -> str:
        try:
            key = _key(self.path.stat())
        except FileNotFoundError:
            raise DiaryMissing(self.path) from None
        kept = [_key_or_zeros(self.records_path), _key_or_zeros(self._pending_path)]
        return f"csv:{self.path}:{key[0]}:{key[1]}:{key[2]}:" + ":".join(map(str, (*kept[0], *kept[1])))

    # -- writing

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """The write lock: first among this process's threads, then among processes, within ``timeout``."""
        import filelock

        deadline = time.monotonic() + self.timeout
        if not self._write_mutex.acquire(timeout=self.timeout):
            raise DiaryBusy(self.path, self.timeout)
        try:
            try:
                self._lock.acquire(timeout=max(deadline - time.monotonic(), 0))
            except filelock.Timeout:
                raise DiaryBusy(self.path, self.timeout) from None
            except OSError as exc:  # the lock file cannot be made: a full or read-only disk
                raise DiaryWriteError(
                    self.path, f"its lock file could not be made: {write_failure(exc)}."
                ) from None
            try:
                yield
            finally:
                self._lock.release()
        finally:
            self._write_mutex.release()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[_CSVTransaction]:
        why = self.read_only()
        if why:
            raise DiaryReadOnly(self.path, why)
        if not os.path.lexists(self.path):  # before the lock, whose file would bring its folder back
            raise DiaryMissing(self.path, was_open=True)
        with self._locked():
            self._settle_pending()
            txn = _CSVTransaction(self._read(exact=True), self._read_records())
            yield txn
            if txn.changed and txn.records_changed:
                self._write_both(txn)
            elif txn.records_changed:
                self._write_records(self.records_path, txn)
            elif txn.changed:
                self._write(txn, self._diary_bytes(txn))

    def _settle_pending(self) -> None:
        """Finish a change of both files that was killed after its diary was written, or drop one killed before.

        Under the lock, before any change: the pending records become the
        records where the diary is the one they name, and are removed otherwise.
        """
        if not self._pending_path.exists():
            return
        try:
            if self._pending() is not None:
                self._promote_pending()
            else:
                self._pending_path.unlink()
        except OSError as exc:
            raise DiaryWriteError(
                self._pending_path,
                f"{write_failure(exc)}.",
                _BOTH_UNCHANGED,
            ) from None

    def _write_both(self, txn: _CSVTransaction) -> None:
        """The diary and its records together: the records pending first, then the diary, then the records.

        A failure before the diary is replaced removes the pending records (the
        change was not made); once it is replaced the change is made, and
        pending records not yet renamed are read as the records all the same.
        """
        data = self._diary_bytes(txn)
        self._write_records(self._pending_path, txn, diary=_digest(data))
        try:
            self._write(txn, data)
        except BaseException:
            with contextlib.suppress(OSError):
                self._pending_path.unlink()
            raise
        with contextlib.suppress(OSError):  # made all the same: the pending records are read until renamed
            self._promote_pending()

    def _promote_pending(self) -> None:
        """The pending records become the records (a rename, made to survive a crash)."""
        os.replace(self._pending_path, self.records_path)
        sync_dir(self.records_path.parent)

    def _diary_bytes(self, txn: _CSVTransaction) -> bytes:
        """The diary file as the change leaves it; ``DiaryError`` when it would be too large to read back."""
        writer = LineWriter()
        ordered = sorted(txn.entries)
        parts = [HEADER_LINE]
        for day in ordered:
            line = txn.lines.get(day)
            if line is None:
                line = txn.lines[day] = entry_line(txn.entries[day], writer=writer)
            parts.append(line)
        data = "".join(parts).encode("utf-8")
        if len(data) > MAX_CSV_BYTES:
            raise DiaryError(
                f"{NOTHING_SAVED}: the diary {self.path} would grow past {_LIMIT_MB} MB, {_LARGEST} "
                f"({SIZE_LIMIT_WHY}). {_AS_SQLITE}: import an export of it {_INTO_SQLITE}."
            )
        return data

    def _write(self, txn: _CSVTransaction, data: bytes) -> None:
        # Only writers make temporary files, and only under the lock held now: any
        # left are from a write that was killed before its rename.
        for leftover in temp_files(self.file):
            with contextlib.suppress(OSError):
                leftover.unlink()
        try:
            status = atomic_write(self.path, data, keep_mode=True)
        except OSError as exc:
            raise DiaryWriteError(
                self.path,
                f"{write_failure(exc)}.",
                UNCHANGED_UNTIL_FIXED,
            ) from None
        self._keep(_Snapshot(_key(status), txn.entries, data, txn.lines))

    def _write_records(self, path: Path, txn: _CSVTransaction, *, diary: str | None = None) -> None:
        """Replace the records file (or write the pending records, naming the ``diary`` they go with), atomically,
        under the diary's lock."""
        kept = {kind: by_key for kind, by_key in txn.kept.items() if by_key}
        named = {"diary": diary} if diary is not None else {}
        try:
            atomic_write(path, records_json(kept, **named))
        except OSError as exc:
            raise DiaryWriteError(
                path,
                f"{write_failure(exc)}.",
                _BOTH_UNCHANGED,
            ) from None
