"""Merge by date: what adding a batch of entries to the diary would do.

A date already in the diary with different values is a conflict: it is listed
and nothing changes unless the person chooses to replace those dates. Every
import (the diary CSV, the sample diary, other apps' exports) plans with this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from ..entry import COLUMNS, Entry
from ..errors import DiaryError
from ..wording import day_label, plural


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
        return f"{day_label(self.date)}: differs in {', '.join(self.columns)}"


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
    trials: int = 0  # restored from a full backup
    nights: int = 0  # imported nights waiting for their morning, restored from a full backup

    def __str__(self) -> str:
        text = f"Imported {plural(self.added, 'day')}"
        if self.replaced:
            text += f", replaced {plural(self.replaced, 'day')}"
        if self.unchanged:
            verb = "was" if self.unchanged == 1 else "were"
            text += f"; {plural(self.unchanged, 'day')} {verb} already in the diary unchanged"
        if self.trials:
            text += f"; restored {plural(self.trials, 'trial')}"
        if self.nights:
            text += f"; restored {plural(self.nights, 'night')} waiting for its morning entry"
        return text + "."


class ImportConflict(DiaryError):
    """Dates whose values differ between the diary and the file; nothing was imported."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        lines = "\n".join(f"  {c}" for c in plan.conflicts)
        super().__init__(
            f"{plural(len(plan.conflicts), 'day')} in the file already "
            f"{'has' if len(plan.conflicts) == 1 else 'have'} a different entry in the diary:\n"
            f"{lines}\nNothing was imported. Import again choosing to replace those dates "
            "(--replace) to use the file's values."
        )


def with_kept_columns(entry: Entry, old: Entry, columns: Collection[str]) -> Entry:
    """``entry`` from a file holding only ``columns``, with ``old``'s values for the columns the file lacks.

    A file without a column says nothing about it: a date's conflict is only
    about the columns the file holds, and replacing the date keeps the rest.
    """
    kept = {n: getattr(old, n) for n in COLUMNS if n not in columns and n != "logged_at"}
    if not kept or all(getattr(entry, n) == v for n, v in kept.items()):
        return entry
    return entry.replace(**kept)


def plan_import(
    existing: Mapping[dt.date, Entry], incoming: Sequence[Entry], columns: Collection[str] | None = None
) -> ImportPlan:
    """Sort incoming entries into new, identical and conflicting dates.

    ``columns``: the columns the file holds (``None``: every column). A date
    already in the diary is compared, and replaced, only in those.
    """
    plan = ImportPlan()
    for entry in incoming:
        old = existing.get(entry.date)
        if old is not None and columns is not None:
            entry = with_kept_columns(entry, old, columns)
        if old is None:
            plan.new.append(entry)
        elif old.same_values(entry):
            plan.identical.append(entry)
        else:
            plan.conflicts.append(Conflict(old, entry))
    return plan
