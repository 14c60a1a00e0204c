"""What the Export page offers for download: the diary CSV of a range, and the full backup.

Thin wrappers over ``diary.exchange.export_csv`` (the one writer of the diary
CSV) that also say what the file holds: how many days, which dates, and its
first rows as a spreadsheet would show them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .exchange import export_csv

if TYPE_CHECKING:
    from .storage import Diary


@dataclass(frozen=True)
class CSVExport:
    """A diary CSV ready to download, with what it holds."""

    text: str
    rows: int
    first: dt.date
    last: dt.date
    include_notes: bool

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")

    @property
    def filename(self) -> str:
        private = "" if self.include_notes else "-without-notes"
        return f"pain-diary-{self.first.isoformat()}-to-{self.last.isoformat()}{private}.csv"

    def describe(self) -> str:
        days = "1 day" if self.rows == 1 else f"{self.rows} days"
        notes = "notes included" if self.include_notes else "notes left out"
        return f"{days}, {self.first} to {self.last}, {notes}."

    def preview(self, rows: int = 10) -> list[dict[str, str]]:
        """The first rows exactly as the file holds them (formula guards included)."""
        reader = csv.DictReader(io.StringIO(self.text, newline=""))
        return list(itertools.islice(reader, rows))


def csv_export(
    diary: Diary,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    include_notes: bool = True,
) -> CSVExport:
    """The diary CSV for a date range (inclusive); an empty range is a ``DiaryError``, never an empty file."""
    text = export_csv(diary, start=start, end=end, include_notes=include_notes)
    dates = [row["date"] for row in csv.DictReader(io.StringIO(text, newline=""))]
    return CSVExport(
        text=text,
        rows=len(dates),
        first=dt.date.fromisoformat(dates[0]),
        last=dt.date.fromisoformat(dates[-1]),
        include_notes=include_notes,
    )


def backup_filename(today: dt.date | None = None) -> str:
    """The name of a full backup: the date it was made, so several backups sort by age."""
    return f"pain-diary-backup-{(today or dt.date.today()).isoformat()}.csv"
