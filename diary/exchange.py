"""Import and export of the diary CSV: merge by date, all or nothing.

A date already in the diary with different values is a conflict: it is listed
and nothing changes unless the person chooses to replace those dates.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .csvformat import MAX_CSV_BYTES, read_diary_csv, size_problem, write_diary_csv
from .entry import Entry
from .errors import CSVRejected, DiaryError
from .wording import plural

if TYPE_CHECKING:
    from .storage import Diary

CSVSource = bytes | bytearray | memoryview | str | Path | IO[bytes]
"""A diary CSV as bytes, text, a path, or a binary file (an upload)."""


@dataclass(frozen=True, slots=True)
class Conflict:
    """A date in both the diary and the file, with different values."""

    existing: Entry
    incoming: Entry

    @property
    def date(self) -> dt.date:
        return self.existing.date

    @property
    def columns(self) -> list[str]:
        return self.existing.differing_columns(self.incoming)

    def __str__(self) -> str:
        return f"{self.date.isoformat()}: differs in {', '.join(self.columns)}"


@dataclass(frozen=True)
class ImportPlan:
    """What importing would do: dates to add, dates already identical, conflicts."""

    new: list[Entry] = field(default_factory=list)
    identical: list[Entry] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{plural(len(self.new), 'day')} new, {plural(len(self.identical), 'day')} already in the diary unchanged, "
            f"{plural(len(self.conflicts), 'day')} in conflict"
        )


@dataclass(frozen=True)
class ImportResult:
    added: int
    replaced: int
    unchanged: int

    def __str__(self) -> str:
        text = f"Imported {plural(self.added, 'day')}"
        if self.replaced:
            text += f", replaced {plural(self.replaced, 'day')}"
        if self.unchanged:
            text += f"; {plural(self.unchanged, 'day')} were already in the diary unchanged"
        return text + "."


class ImportConflict(DiaryError):
    """Dates whose values differ between the diary and the file; nothing was imported."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        lines = "\n".join(f"  {c}" for c in plan.conflicts)
        super().__init__(
            f"{plural(len(plan.conflicts), 'day')} in the file already have a different entry in the diary:\n"
            f"{lines}\nNothing was imported. Import again choosing to replace those dates "
            "(--replace) to use the file's values."
        )


def plan_import(existing: Mapping[dt.date, Entry], incoming: Sequence[Entry]) -> ImportPlan:
    """Sort incoming entries into new, identical and conflicting dates."""
    plan = ImportPlan()
    for entry in incoming:
        old = existing.get(entry.date)
        if old is None:
            plan.new.append(entry)
        elif old.same_values(entry):
            plan.identical.append(entry)
        else:
            plan.conflicts.append(Conflict(old, entry))
    return plan


def read_csv_source(source: CSVSource, *, name: str | None = None) -> list[Entry]:
    """The entries of a diary CSV given as bytes, text, a path or a binary file; ``CSVRejected`` lists every problem.

    Files and streams are read no further than the size limit, so a huge file
    is refused by its size without being loaded into memory.
    """
    if isinstance(source, Path):
        label = name or str(source)
        try:
            with source.open("rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > MAX_CSV_BYTES:
                    raise CSVRejected(label, [size_problem(size)])
                data: bytes | str = handle.read(MAX_CSV_BYTES + 1)
        except OSError as exc:
            raise DiaryError(f"Cannot read {source}: {exc.strerror or exc}.") from None
        return read_diary_csv(data, source=label)
    if isinstance(source, (str, bytes, bytearray, memoryview)):
        return read_diary_csv(source, source=name or "The file")
    data = source.read(MAX_CSV_BYTES + 1)  # an upload or another binary stream
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DiaryError(f"{name or 'The file'} must be opened in binary mode to be imported.")
    return read_diary_csv(data, source=name or getattr(source, "name", None) or "The file")


def preview_csv(diary: Diary, source: CSVSource) -> ImportPlan:
    """What importing this CSV would do, without changing anything (raises ``CSVRejected``)."""
    return diary.preview_import(read_csv_source(source))


def import_csv(diary: Diary, source: CSVSource, *, replace: bool = False) -> ImportResult:
    """Merge a diary CSV into the diary, all or nothing.

    Raises ``CSVRejected`` (problems in the file) or ``ImportConflict``
    (different values for dates already in the diary, without ``replace``).
    """
    return diary.import_entries(read_csv_source(source), replace=replace)


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
        raise DiaryError(no_entries_message(start, end) + " There is nothing to export.")
    return write_diary_csv(entries, include_notes=include_notes)


def check_range(start: dt.date | None, end: dt.date | None) -> None:
    """``DiaryError`` for a range that starts after it ends."""
    if start is not None and end is not None and start > end:
        raise DiaryError(f"The range starts ({start}) after it ends ({end}); choose a start before the end.")


def no_entries_message(start: dt.date | None, end: dt.date | None) -> str:
    """What to say when a range holds no entries."""
    if start is None and end is None:
        return "The diary has no entries yet; log a few mornings first."
    return f"The diary has no entries from {start or 'the start'} to {end or 'today'}; choose another range."
