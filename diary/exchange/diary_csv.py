"""The diary CSV in and out: import (preview, merge by date, all or nothing) and export.

Import reads a file, shows what it would do before anything changes (every
problem with its line, column and value; new, identical and conflicting dates
with the values that differ), and only then imports. Export writes the diary
CSV of a range (optionally without notes) and says what the file holds. The
format itself is ``diary.csv.format``; merging by date is ``diary.storage.merge``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..csv.format import (
    MAX_CSV_BYTES,
    ParsedCSV,
    checked_diary_csv,
    parse_diary_csv,
    size_problem,
    write_diary_csv,
)
from ..entry import Entry
from ..errors import CSVRejected, DiaryError, Problem, problem_count
from ..ranges import check_range, no_entries_message, within
from ..storage.files import NotRegularFile, open_regular
from ..storage.merge import ImportPlan, ImportResult
from ..wording import day_label, from_to, plural
from .backup import Backup, is_backup, read_backup, restore_checks, restore_refusal, trials_kept_differently

if TYPE_CHECKING:
    from ..storage import Diary

CSVSource = bytes | bytearray | memoryview | str | Path | IO[bytes]
"""A diary CSV as bytes, text, a path, or a binary file (an upload)."""

IN_THE_DIARY = "In the diary"
IN_THE_FILE = "In the file"
"""The headings of a preview's two sides of a value that differs: the diary's, the imported file's."""


# -- import ------------------------------------------------------------------------


def nothing_to_import(name: str) -> str:
    """A diary CSV with only its header (or a backup with nothing in it): there is nothing to import."""
    return f"{name} holds no entries (only a header); there is nothing to import."


def problem_rows(problems: Sequence[Problem]) -> list[dict[str, str]]:
    """Every problem of a file as a table row: where, column, value and what is wrong (a diary CSV or another app's)."""
    return [
        {"Where": p.where or "file", "Column": p.column, "Value": p.value, "What is wrong": p.reason}
        for p in problems
    ]


def source_label(source: CSVSource, name: str | None = None) -> str:
    """How messages name a diary CSV: ``name`` when given, else a path as written, a stream's own name, or
    "The file"."""
    if name:
        return name
    if isinstance(source, Path):
        return str(source)
    found = None if isinstance(source, (str, bytes, bytearray, memoryview)) else getattr(source, "name", None)
    return found if isinstance(found, str) and found else "The file"


def read_csv_file(source: CSVSource, *, name: str | None = None) -> ParsedCSV:
    """A diary CSV given as bytes, text, a path or a binary file: its entries and columns (no problems:
    ``CSVRejected`` lists every one).

    Files and streams are read no further than the size limit, so a huge file
    is refused by its size without being loaded into memory.
    """
    label = source_label(source, name)
    if isinstance(source, Path):
        try:
            with open_regular(source) as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > MAX_CSV_BYTES:
                    raise CSVRejected(label, [size_problem(size)])
                data: bytes | str = handle.read(MAX_CSV_BYTES + 1)
        except NotRegularFile as exc:
            raise DiaryError(
                f"Cannot import {source}: {exc.reason} Import a diary CSV file "
                "(one saved by a spreadsheet as CSV, or by pain-diary export)."
            ) from None
        except OSError as exc:
            raise DiaryError(f"Cannot read {source}: {exc.strerror or exc}.") from None
    elif isinstance(source, str):
        data = source
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        if source.seekable():
            source.seek(0)  # from its start, whatever recognising its kind read of it
        read = source.read(MAX_CSV_BYTES + 1)  # an upload or another binary stream
        if not isinstance(read, (bytes, bytearray, memoryview)):
            raise DiaryError(f"{label} must be opened in binary mode to be imported.")
        data = bytes(read)
        if len(data) > MAX_CSV_BYTES:  # read only to past the limit: its whole size, where it can be told
            raise CSVRejected(
                label, [size_problem(source.seek(0, os.SEEK_END) if source.seekable() else None)]
            )
    return checked_diary_csv(data, source=label, semicolons=True)  # a file to import may use semicolons


@dataclass(frozen=True)
class ImportPreview:
    """One file checked against the diary: its problems, or what importing it would do."""

    source: str
    entries: list[Entry]
    problems: list[Problem]
    plan: ImportPlan
    backup: Backup | None = None  # a full backup: its trials are restored with the entries
    columns: tuple[str, ...] | None = None  # a diary CSV's columns: dates in the diary keep the others
    refused: str | None = None  # why a backup's import would be refused (``restore_refusal``)
    trials: str = ""  # the trials a backup keeps differently from the diary (``trials_kept_differently``)

    @property
    def can_import(self) -> bool:
        """No problems, and something to add (new dates or trials) — conflicts need ``can_replace``."""
        adds = bool(self.plan.new) or bool(self.backup and self.backup.records)
        return not self.problems and not self.refused and adds and not self.plan.conflicts

    @property
    def can_replace(self) -> bool:
        """No problems, and dates whose values differ from the diary's."""
        return not self.problems and not self.refused and bool(self.plan.conflicts)

    @property
    def first(self) -> dt.date | None:
        return self.entries[0].date if self.entries else None

    @property
    def last(self) -> dt.date | None:
        return self.entries[-1].date if self.entries else None

    def headline(self) -> str:
        """One sentence: what the file holds and what importing it would do."""
        if self.problems:
            return (
                f"{self.source} has {problem_count(self.problems)}. Nothing can be imported until the file is fixed; "
                "the diary has not been changed."
            )
        if not self.entries:
            return nothing_to_import(self.source)
        text = self.holds()
        if self.plan.conflicts:
            text += (
                " Nothing changes unless you choose to replace the conflicting dates with the file's values."
            )
        elif not self.plan.new:
            text += " Everything in it is already in the diary."
        if self.trials:
            text += f" {self.trials}"
        if self.refused:
            text += f" {self.refusal}"
        return text

    @property
    def refusal(self) -> str | None:
        """Why importing this file would be refused, as a sentence; None when it would not be."""
        return f"Importing it would be refused: {self.refused}" if self.refused else None

    def holds(self) -> str:
        """What the file holds and what importing it would do: "x.csv holds 3 days, … : 2 new, 1 the same."."""
        dates = f", {from_to(self.entries[0].date, self.entries[-1].date)}" if self.entries else ""
        kept = self.backup.describe() if self.backup else ""
        return f"{self.source} holds {plural(len(self.entries), 'day')}{dates}{kept}: {self.plan.summary()}."

    def problem_rows(self) -> list[dict[str, str]]:
        """Every problem as a table row: where, column, value and what is wrong."""
        return problem_rows(self.problems)

    def conflict_rows(self) -> list[dict[str, str]]:
        """One row per differing value of each conflicting date: the diary's value and the file's."""
        rows: list[dict[str, str]] = []
        for conflict in self.plan.conflicts:
            old, new = conflict.existing.to_cells(), conflict.incoming.to_cells()
            for column in conflict.columns:
                rows.append(
                    {
                        "Date": day_label(conflict.date),
                        "Column": column,
                        IN_THE_DIARY: old[column],
                        IN_THE_FILE: new[column],
                    }
                )
        return rows


def preview_upload(diary: Diary, data: bytes, *, name: str = "The file") -> ImportPreview:
    """Check an uploaded diary CSV (or full backup) and compare it with the diary, without changing anything."""
    if is_backup(data):
        try:
            backup = read_backup(data, name=name)
        except CSVRejected as exc:
            return ImportPreview(name, [], exc.problems, ImportPlan())
        return preview_read(diary, backup, name)
    parsed = parse_diary_csv(data, semicolons=True)
    if parsed.problems:
        return ImportPreview(name, parsed.entries, parsed.problems, ImportPlan())
    return preview_read(diary, parsed, name)


def preview_read(
    diary: Diary, read: ParsedCSV | Backup, name: str, *, replace: bool = False
) -> ImportPreview:
    """A diary CSV or full backup already read without problems, compared with the diary (nothing changes).

    ``replace``: whether the import would replace conflicting dates (what a
    backup's trials would do, and whether its restore would be refused, depend on it).
    """
    if isinstance(read, Backup):
        return ImportPreview(
            name,
            read.entries,
            [],
            diary.preview_import(read.entries),
            read,
            refused=restore_refusal(diary, read, replace=replace),
            trials=trials_kept_differently(diary, read, replace=replace),
        )
    plan = diary.preview_import(read.entries, columns=read.columns)
    return ImportPreview(name, read.entries, [], plan, columns=read.columns)


def preview_file(diary: Diary, source: CSVSource, *, name: str | None = None) -> ImportPreview:
    """What importing a diary CSV (a path, bytes or an open file) would do; raises ``CSVRejected`` on problems."""
    parsed = read_csv_file(source, name=name)
    return preview_read(diary, parsed, source_label(source, name))


def import_upload(diary: Diary, preview: ImportPreview, *, replace: bool = False) -> ImportResult:
    """Import a previewed file, all or nothing.

    The diary may have changed since the preview (another window): the import
    plans again inside its own write, so a new conflict still changes nothing.
    """
    if preview.problems:
        raise CSVRejected(preview.source, preview.problems)
    if not preview.entries and not (preview.backup and preview.backup.records):
        raise DiaryError(nothing_to_import(preview.source))
    records = preview.backup.records if preview.backup else None
    checks = restore_checks() if records else None
    return diary.import_entries(
        preview.entries, replace=replace, records=records, columns=preview.columns, checks=checks
    )


def import_csv(diary: Diary, source: CSVSource, *, replace: bool = False) -> ImportResult:
    """A diary CSV previewed and imported in one call (``preview_file``, then ``import_upload``).

    Raises ``CSVRejected`` (problems in the file) or ``ImportConflict``
    (different values for dates already in the diary, without ``replace``).
    """
    return import_upload(diary, preview_file(diary, source), replace=replace)


# -- export ------------------------------------------------------------------------


def nothing_to_export(start: dt.date | None = None, end: dt.date | None = None) -> str:
    """A range (by default the whole diary) that holds no entries: there is no file to make."""
    return no_entries_message(start, end) + " There is nothing to export."


def export_csv(
    diary: Diary,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    include_notes: bool = True,
) -> str:
    """The diary CSV for a date range (inclusive); an empty range is an error, not an empty file."""
    check_range(start, end)
    entries = diary.entries(start, end)
    if not entries:
        raise DiaryError(nothing_to_export(start, end))
    return write_diary_csv(entries, include_notes=include_notes)


PREVIEW_ROWS = 10
"""How many of its rows the Export page shows of a diary CSV before it is downloaded."""


@dataclass(frozen=True)
class CSVExport:
    """What the diary CSV of a date range holds: its days and its first rows (the whole file: ``export_csv``)."""

    rows: int
    first: dt.date
    last: dt.date
    include_notes: bool
    head: str  # the file's header and first rows, exactly as the file has them

    @property
    def filename(self) -> str:
        private = "" if self.include_notes else "-without-notes"
        return f"pain-diary-{self.first.isoformat()}-to-{self.last.isoformat()}{private}.csv"

    def describe(self) -> str:
        days = plural(self.rows, "day")
        notes = "notes included" if self.include_notes else "notes left out"
        return f"{days}, {from_to(self.first, self.last)}, {notes}."

    def preview(self, rows: int = PREVIEW_ROWS) -> list[dict[str, str]]:
        """The first rows exactly as the file holds them (formula guards included)."""
        reader = csv.DictReader(io.StringIO(self.head, newline=""))
        return list(itertools.islice(reader, rows))


def export_preview(
    diary: Diary,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    include_notes: bool = True,
) -> CSVExport:
    """What the diary CSV for a date range (inclusive) would hold; an empty range is a ``DiaryError``.

    Its days come from the diary's dates and only its first rows are written:
    the page says what the file holds at once, and writes it (``export_csv``)
    when it is downloaded (ten years: 0.3 s).
    """
    check_range(start, end)
    dates = [d for d in diary.dates() if within(d, start, end)]
    if not dates:
        raise DiaryError(nothing_to_export(start, end))
    shown = diary.entries(dates[0], dates[min(PREVIEW_ROWS, len(dates)) - 1])
    return CSVExport(
        rows=len(dates),
        first=dates[0],
        last=dates[-1],
        include_notes=include_notes,
        head=write_diary_csv(shown, include_notes=include_notes),
    )
