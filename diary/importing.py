"""What importing an uploaded diary CSV would do, shown before anything changes.

The Import page reads a file, shows this preview (every problem with its line,
column and value; new, identical and conflicting dates with the values that
differ), and only then offers to import. The same checks as ``pain-diary
import``: all or nothing, conflicts change nothing unless replaced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .csvformat import parse_diary_csv
from .entry import Entry
from .errors import CSVRejected, DiaryError, Problem
from .exchange import ImportPlan, ImportResult

if TYPE_CHECKING:
    from .storage import Diary


@dataclass(frozen=True)
class ImportPreview:
    """One file checked against the diary: its problems, or what importing it would do."""

    source: str
    entries: list[Entry]
    problems: list[Problem]
    plan: ImportPlan

    @property
    def can_import(self) -> bool:
        """No problems, and something to add (new dates) — conflicts need ``can_replace``."""
        return not self.problems and bool(self.plan.new) and not self.plan.conflicts

    @property
    def can_replace(self) -> bool:
        """No problems, and dates whose values differ from the diary's."""
        return not self.problems and bool(self.plan.conflicts)

    @property
    def first(self) -> dt.date | None:
        return self.entries[0].date if self.entries else None

    @property
    def last(self) -> dt.date | None:
        return self.entries[-1].date if self.entries else None

    def headline(self) -> str:
        """One sentence: what the file holds and what importing it would do."""
        if self.problems:
            count = len(self.problems)
            noun = "problem" if count == 1 else "problems"
            return (
                f"{self.source} has {count} {noun}. Nothing can be imported until the file is fixed; "
                "the diary has not been changed."
            )
        if not self.entries:
            return f"{self.source} holds no entries (only a header); there is nothing to import."
        days = len(self.entries)
        span = f"{days} day" if days == 1 else f"{days} days"
        text = f"{self.source} holds {span}, {self.first} to {self.last}: {self.plan.summary()}."
        if self.plan.conflicts:
            text += (
                " Nothing changes unless you choose to replace the conflicting dates with the file's values."
            )
        elif not self.plan.new:
            text += " Everything in it is already in the diary."
        return text

    def problem_rows(self) -> list[dict[str, str]]:
        """Every problem as a table row: where, column, value and what is wrong."""
        return [
            {"Where": p.where or "file", "Column": p.column, "Value": p.value, "What is wrong": p.reason}
            for p in self.problems
        ]

    def conflict_rows(self) -> list[dict[str, str]]:
        """One row per differing value of each conflicting date: the diary's value and the file's."""
        rows: list[dict[str, str]] = []
        for conflict in self.plan.conflicts:
            old, new = conflict.existing.to_cells(), conflict.incoming.to_cells()
            for column in conflict.columns:
                rows.append(
                    {
                        "Date": conflict.date.isoformat(),
                        "Column": column,
                        "In the diary": old[column],
                        "In the file": new[column],
                    }
                )
        return rows


def preview_upload(diary: Diary, data: bytes, *, name: str = "The file") -> ImportPreview:
    """Check an uploaded diary CSV and compare it with the diary, without changing anything."""
    parsed = parse_diary_csv(data)
    if parsed.problems:
        return ImportPreview(name, parsed.entries, parsed.problems, ImportPlan())
    return ImportPreview(name, parsed.entries, [], diary.preview_import(parsed.entries))


def import_upload(diary: Diary, preview: ImportPreview, *, replace: bool = False) -> ImportResult:
    """Import a previewed file, all or nothing.

    The diary may have changed since the preview (another window): the import
    plans again inside its own write, so a new conflict still changes nothing.
    """
    if preview.problems:
        raise CSVRejected(preview.source, preview.problems)
    if not preview.entries:
        raise DiaryError(f"{preview.source} holds no entries; there is nothing to import.")
    return diary.import_entries(preview.entries, replace=replace)
