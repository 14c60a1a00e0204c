"""The storage interface both backends implement, and the writes built on it.

Every change goes through ``Diary._transaction``: one SQLite transaction, or one
locked read-modify-replace of the CSV file. Add, update, delete and import are
written once here on top of it.
"""

from __future__ import annotations

import abc
import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Protocol

from .. import clock
from ..entry import Entry
from ..errors import DiaryError, DiaryFileError, EntryExists, EntryNotFound
from ..wording import APP_NAME, NOTHING_IMPORTED_CLAUSE
from .files import read_only_reason
from .merge import ImportConflict, ImportPlan, ImportResult, plan_import, with_kept_nights

if TYPE_CHECKING:
    import pandas as pd


class Transaction(Protocol):
    """The view of the diary inside one write."""

    def get_many(self, days: Iterable[dt.date]) -> dict[dt.date, Entry]: ...

    def put(self, entry: Entry) -> None: ...

    def delete(self, day: dt.date) -> None: ...

    def dates(self) -> list[dt.date]: ...

    def records(self, kind: str) -> dict[str, Record]: ...

    def put_record(self, kind: str, key: str, body: Record) -> None: ...

    def delete_record(self, kind: str, key: str) -> None: ...


Record = dict[str, Any]
"""One record kept with the diary beside its entries (a trial, a night kept aside): JSON values by name."""
RECORDS_FILE = "the diary's records file"
"""The file beside a CSV diary that keeps its trials and imported nights, as a message names it."""
RECORDS_ADVICE = "It keeps the diary's trials; restore it from a backup or move it away."
"""What to do about a records file beside a CSV diary that cannot be read."""

RECORDS_FORMAT = 1
"""The version of the records as JSON, ``{"format": 1, "records": {kind: {key: record}}}``.

The CSV backend keeps them so in a file beside the diary, and a full backup in its ``records.json``.
"""


def newer_version_words(what: str, version: int, reads: int) -> str:
    """ "written by a newer version of … (schema 3; this version reads up to 2)": ``what`` names the format."""
    return f"written by a newer version of {APP_NAME} ({what} {version}; this version reads up to {reads})"


def written_by_newer(path: Path, what: str, version: int, reads: int) -> DiaryFileError:
    """A diary file (or its records) in a format this version cannot read."""
    return DiaryFileError(
        path, f"it was {newer_version_words(what, version, reads)}.", "Update the app to open it."
    )


class NewerRecords(ValueError):
    """Records JSON of a ``RECORDS_FORMAT`` newer than this version reads."""

    def __init__(self, version: int):
        super().__init__(newer_version_words("records format", version, RECORDS_FORMAT))
        self.version = version


def records_json(records: Mapping[str, Mapping[str, Record]], **named: str) -> bytes:
    """Records as JSON of ``RECORDS_FORMAT`` (with ``named`` fields beside them): the CSV backend's file, a backup's."""
    body = {"format": RECORDS_FORMAT, **named, "records": records}
    return json.dumps(body, indent=1, sort_keys=True).encode("utf-8")


def read_records_json(data: bytes, not_records: str) -> dict[str, dict[str, Record]]:
    """The records of ``records_json``; ``NewerRecords``, or ``ValueError`` saying ``not_records``, for other JSON
    (``UnicodeDecodeError`` and ``RecursionError`` pass through as the JSON reader raises them)."""
    body = json.loads(data.decode("utf-8"))
    version = body.get("format") if isinstance(body, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > RECORDS_FORMAT:
        raise NewerRecords(version)
    records = body.get("records") if isinstance(body, dict) else None
    if (
        version != RECORDS_FORMAT
        or not isinstance(records, dict)
        or not all(
            isinstance(kept, dict) and all(isinstance(r, dict) for r in kept.values())
            for kept in records.values()
        )
    ):
        raise ValueError(not_records)
    return records


Decide = Callable[
    [dict[dt.date, Entry], dict[str, Record]], tuple[Sequence[Entry], Mapping[str, Record | None]]
]
"""What ``Diary.write_changes`` asks: given the entries and records inside the write, what to save."""
CheckRecords = Callable[[dict[str, Record], list[dt.date]], None]
"""A rule checked inside a write: it sees one kind's records and the logged dates, and raises to refuse."""


class MattressNight(NamedTuple):
    """The mattress of one logged night: ``Diary.mattress_nights``."""

    date: dt.date
    mattress: str
    firmness: str | None


class Diary(abc.ABC):
    """A diary file: entries keyed by date."""

    backend: ClassVar[str]
    path: Path

    # -- reading

    @abc.abstractmethod
    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]:
        """Entries from ``start`` to ``end`` (inclusive; open ends allowed), sorted by date."""

    @abc.abstractmethod
    def get(self, day: dt.date) -> Entry | None:
        """The entry for one date, if there is one."""

    @abc.abstractmethod
    def version(self) -> str:
        """A token that changes whenever the diary changes (for caches)."""

    def load(self, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
        """Entries as a DataFrame with proper dtypes and the derived columns (see ``diary.entry.frame``)."""
        from ..entry.frame import entries_frame

        return entries_frame(self.entries(start, end))

    def dates(self) -> list[dt.date]:
        return [e.date for e in self.entries()]

    def latest(self, before: dt.date | None = None) -> Entry | None:
        """The most recent entry, or the most recent before ``before`` (the Log page pre-fills a new day from it)."""
        found = self.entries(end=None if before is None else before - dt.timedelta(days=1))
        return found[-1] if found else None

    def mattress_nights(self) -> list[MattressNight]:
        """Every entry that names a mattress, as (date, mattress, firmness), sorted by date.

        What the Log page needs to know the diary's mattresses: read after every
        save, so a backend may answer it without building whole entries.
        """
        return [
            MattressNight(e.date, e.mattress, e.firmness) for e in self.entries() if e.mattress is not None
        ]

    def __len__(self) -> int:
        return len(self.entries())

    @abc.abstractmethod
    def records(self, kind: str) -> dict[str, Record]:
        """The records of one kind kept with the diary (``"trial"``, ``"night"``), by key."""

    @property
    def records_file(self) -> Path:
        """The file that keeps the records: the diary's own, unless the backend keeps them beside it."""
        return self.path

    def change_records(
        self,
        kind: str,
        changes: Mapping[str, Record | None],
        *,
        check: CheckRecords | None = None,
    ) -> None:
        """Save (a body) or remove (``None``) records of one kind in one write.

        ``check`` sees the records and the logged dates as they are inside the
        write and may raise to refuse the change (one running trial at a time),
        so two windows cannot both pass it.
        """
        with self._transaction() as txn:
            if check is not None:
                check(txn.records(kind), txn.dates())
            for key, body in changes.items():
                if body is None:
                    txn.delete_record(kind, key)
                else:
                    txn.put_record(kind, key, body)

    def describe(self) -> str:
        kind = "SQLite database" if self.backend == "sqlite" else "CSV file"
        if not self.path.exists():  # moved or deleted since it was opened
            return f"{kind} {self.path} (missing)"
        why = self.read_only()
        return f"{kind} {self.path}" + (f" (read-only: {why})" if why else "")

    def read_only(self) -> str | None:
        """Why the diary cannot be changed now (a read-only file, folder or disk), or None when it can.

        A read-only diary is still read, exported and analysed; every change is
        refused as ``DiaryReadOnly``.
        """
        return read_only_reason(self.path)

    def close(self) -> None:  # noqa: B027 - optional for backends holding nothing open
        """Release open handles (optional)."""

    # -- writing

    @abc.abstractmethod
    def _transaction(self) -> contextlib.AbstractContextManager[Transaction]:
        """All-or-nothing access for one write."""

    def add(self, entry: Entry, *, take_kept_night: bool = False) -> Entry:
        """Save a new date; a date that exists raises ``EntryExists`` (updating is explicit).

        A night an import kept aside for this morning goes in the same write.
        With ``take_kept_night`` (the person was not shown it, as ``pain-diary
        add``), the entry first takes the sleep times it lacks from it; the
        saved entry is returned. The Log page offers the night instead.
        """
        stamped = entry if entry.logged_at else _with_logged_at(entry, clock.now())
        with self._transaction() as txn:
            if txn.get_many([entry.date]):
                raise EntryExists(entry.date)
            if take_kept_night:
                stamped = with_kept_nights(ImportPlan([stamped]), txn.records(NIGHT_KIND)).new[0]
            txn.put(stamped)
            _drop_kept_nights(txn, [entry.date])
        return stamped

    def update(self, entry: Entry) -> Entry:
        """Replace the entry of a date that exists; ``logged_at`` keeps the first save."""
        with self._transaction() as txn:
            old = txn.get_many([entry.date]).get(entry.date)
            if old is None:
                raise EntryNotFound(entry.date)
            saved = _with_logged_at(entry, old.logged_at or entry.logged_at)
            txn.put(saved)
            _drop_kept_nights(txn, [entry.date])
        return saved

    def save(self, entry: Entry, *, update: bool = False) -> Entry:
        return self.update(entry) if update else self.add(entry)

    def delete(self, day: dt.date) -> Entry:
        """Remove one date's entry and return it."""
        with self._transaction() as txn:
            old = txn.get_many([day]).get(day)
            if old is None:
                raise EntryNotFound(day)
            txn.delete(day)
        return old

    def delete_many(self, days: Iterable[dt.date]) -> int:
        """Remove the entries of these dates (missing dates are skipped); how many were removed."""
        wanted = list(days)
        with self._transaction() as txn:
            found = txn.get_many(wanted)
            for day in found:
                txn.delete(day)
        return len(found)

    def preview_import(
        self, entries: Sequence[Entry], *, columns: Collection[str] | None = None
    ) -> ImportPlan:
        """What importing these entries would do; changes nothing (``columns``: as ``import_entries``)."""
        existing = {e.date: e for e in self.entries()}
        return with_kept_nights(plan_import(existing, entries, columns), self.records(NIGHT_KIND))

    def import_entries(
        self,
        entries: Sequence[Entry],
        *,
        replace: bool = False,
        records: Mapping[str, Mapping[str, Record]] | None = None,
        columns: Collection[str] | None = None,
        checks: Mapping[str, CheckRecords] | None = None,
    ) -> ImportResult:
        """Merge entries by date in one write; conflicts without ``replace`` raise ``ImportConflict``.

        ``columns``: the columns the file held (``None``: all). A date already in
        the diary keeps its values in the others, and conflicts only in these.

        ``records`` (a full backup's trials) are merged in the same write: a
        record the diary lacks is added; one it holds with other values is
        replaced only with ``replace``. ``checks`` (kind → rule) see each kind's
        records and the logged dates as the import leaves them, inside the
        write: one that raises refuses the whole import (one trial at a time).
        A new day takes the sleep times it lacks from a night an earlier import
        kept aside for it (``with_kept_nights``).
        """
        with self._transaction() as txn:
            plan = with_kept_nights(
                plan_import(txn.get_many(e.date for e in entries), entries, columns), txn.records(NIGHT_KIND)
            )
            if plan.conflicts and not replace:
                raise ImportConflict(plan)
            for entry in plan.new:
                txn.put(entry)
            for conflict in plan.conflicts:
                txn.put(
                    _with_logged_at(
                        conflict.incoming, conflict.incoming.logged_at or conflict.existing.logged_at
                    )
                )
            _drop_kept_nights(txn, [*(e.date for e in plan.new), *(c.date for c in plan.conflicts)])
            kept = _merge_records(txn, _without_logged_nights(txn, records or {}), replace=replace)
            for kind, check in (checks or {}).items():
                check(txn.records(kind), txn.dates())
        return ImportResult(
            added=len(plan.new),
            replaced=len(plan.conflicts),
            unchanged=len(plan.identical),
            trials=kept.get(TRIAL_KIND, 0),
            nights=kept.get(NIGHT_KIND, 0),
            from_kept=len(plan.from_kept),
        )

    def write_changes(self, days: Iterable[dt.date], kind: str, decide: Decide) -> tuple[Entry, ...]:
        """One write whose changes are decided on the diary as it is inside it.

        ``decide`` sees the entries of ``days`` and every record of ``kind`` as
        they are inside the write, and returns the entries to save (new or
        changed, saved as they are) and the records to save (a body) or remove
        (``None``); it may raise to refuse, and then nothing is written. Used by
        imports that keep records beside the entries (nights kept aside).
        """
        wanted = list(days)
        with self._transaction() as txn:
            entries, records = decide(txn.get_many(wanted), txn.records(kind))
            for entry in entries:
                txn.put(entry)
            for key, body in records.items():
                if body is None:
                    txn.delete_record(kind, key)
                else:
                    txn.put_record(kind, key, dict(body))
            _drop_kept_nights(txn, [e.date for e in entries])
        return tuple(entries)

    def all_records(self) -> dict[str, dict[str, Record]]:
        """Every record kept with the diary, by kind and key (what a full backup carries)."""
        return {kind: found for kind in RECORD_KINDS if (found := self.records(kind))}


TRIAL_KIND = "trial"
"""Self-experiments, keyed by their id."""
NIGHT_KIND = "night"
"""Imported nights whose morning has no entry, keyed by the morning's date (YYYY-MM-DD)."""
RECORD_KINDS = (TRIAL_KIND, NIGHT_KIND)
"""The kinds of records kept with a diary: self-experiments, and imported nights waiting for their morning."""


def _without_logged_nights(
    txn: Transaction, records: Mapping[str, Mapping[str, Record]]
) -> Mapping[str, Mapping[str, Record]]:
    """Restored records without the nights whose morning the diary has logged (they wait for nothing)."""
    nights = records.get(NIGHT_KIND)
    if not nights:
        return records
    days = {}
    for key in nights:
        try:
            days[dt.date.fromisoformat(key)] = key
        except ValueError:
            continue
    logged = {days[day] for day in txn.get_many(days)}
    return {**records, NIGHT_KIND: {k: v for k, v in nights.items() if k not in logged}}


def _drop_kept_nights(txn: Transaction, days: Sequence[dt.date]) -> None:
    """A night kept aside waits for its morning's entry: once that entry is saved, it goes (same write)."""
    if not days:
        return
    kept = txn.records(NIGHT_KIND)
    for day in dict.fromkeys(days):
        if day.isoformat() in kept:
            txn.delete_record(NIGHT_KIND, day.isoformat())


def _merge_records(
    txn: Transaction, records: Mapping[str, Mapping[str, Record]], *, replace: bool
) -> dict[str, int]:
    """Add the records the diary lacks (and, with ``replace``, those it holds differently); how many, by kind."""
    changed: dict[str, int] = {}
    for kind, incoming in records.items():
        if kind not in RECORD_KINDS:
            raise DiaryError(
                f"The backup holds records of an unknown kind '{kind}'; {NOTHING_IMPORTED_CLAUSE}."
            )
        for key, body in records_to_put(txn.records(kind), incoming, replace=replace).items():
            txn.put_record(kind, key, body)
            changed[kind] = changed.get(kind, 0) + 1
    return changed


def records_to_put(
    current: Mapping[str, Record], incoming: Mapping[str, Record], *, replace: bool
) -> dict[str, Record]:
    """Of one kind's ``incoming`` records, those an import writes: the ones ``current`` lacks, and with
    ``replace`` those it holds differently (the import's write, and a backup's preview, both ask this)."""
    return {
        key: dict(body)
        for key, body in incoming.items()
        if current.get(key) != body and (key not in current or replace)
    }


def _with_logged_at(entry: Entry, stamp: dt.datetime | None) -> Entry:
    if entry.logged_at == stamp:
        return entry
    return dataclasses.replace(entry, logged_at=stamp)
