"""Merge by date: what adding a batch of entries to the diary would do.

A date already in the diary with different values is a conflict: it is listed
and nothing changes unless the person chooses to replace those dates. Every
import of diary entries (the diary CSV, a full backup, the sample diary) plans
with this; other apps' exports plan by column (``diary.sources.merge``). Both
fill a new day's sleep times from a night kept aside for it with ``gains_from_kept``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..entry import Entry, parse_value
from ..entry.fields import COLUMNS, FIELD_BY_NAME, NIGHT_COLUMNS
from ..errors import DiaryError
from ..wording import NOTHING_IMPORTED, day_label, nights_waiting, plural


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
    from_kept: list[dt.date] = field(default_factory=list)
    """New days that take sleep times they lack from a night kept aside for them (``with_kept_nights``)."""

    def summary(self) -> str:
        text = (
            f"{plural(len(self.new), 'day')} new, {plural(len(self.identical), 'day')} already in the diary unchanged, "
            f"{plural(len(self.conflicts), 'day')} in conflict"
        )
        if self.from_kept:
            text += f"; {from_kept_text(len(self.from_kept))}"
        return text


def from_kept_text(days: int) -> str:
    """How many new days take their sleep times from nights an import kept aside, in words."""
    takes = "takes its" if days == 1 else "take their"
    return f"{plural(days, 'new day')} {takes} sleep times from a night kept aside by an earlier import"


@dataclass(frozen=True)
class ImportResult:
    added: int
    replaced: int
    unchanged: int
    trials: int = 0  # restored from a full backup
    nights: int = 0  # imported nights waiting for their morning, restored from a full backup
    from_kept: int = 0  # new days that took sleep times from a night kept aside for them

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
            text += f"; restored {nights_waiting(self.nights)} entry"
        if self.from_kept:
            text += f"; {from_kept_text(self.from_kept)}"
        return text + "."


class ImportConflict(DiaryError):
    """Dates whose values differ between the diary and the file; nothing was imported."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        lines = "\n".join(f"  {c}" for c in plan.conflicts)
        super().__init__(
            f"{plural(len(plan.conflicts), 'day')} in the file already "
            f"{'has' if len(plan.conflicts) == 1 else 'have'} a different entry in the diary:\n"
            f"{lines}\n{NOTHING_IMPORTED}. Import again choosing to replace those dates "
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


def night_gains(have: Mapping[str, object], night: Mapping[str, object]) -> dict[str, object]:
    """The values of a wearable's night that a morning lacks; the morning's own values stay.

    The minutes to fall asleep count from the night's own bedtime, so they come
    only with it: not beside a different bedtime the morning already holds.
    """
    gains = {c: v for c, v in night.items() if c in NIGHT_COLUMNS and have.get(c) is None}
    bedtime = have.get("bedtime")
    if bedtime is not None and bedtime != night.get("bedtime"):
        gains.pop("sleep_latency_min", None)
    return gains


def kept_night_values(body: Mapping[str, object]) -> dict[str, object]:
    """The typed values of a night kept aside, from its stored record (a value edited into nonsense is left out)."""
    cells = body.get("values")
    values: dict[str, object] = {}
    if not isinstance(cells, Mapping):
        return values
    for column in NIGHT_COLUMNS:
        text = cells.get(column)
        if isinstance(text, str):
            try:
                value = parse_value(FIELD_BY_NAME[column], text)
            except ValueError:
                continue
            if value is not None:
                values[column] = value
    return values


def gains_from_kept(
    entries: Iterable[Entry], night_of: Callable[[dt.date], Mapping[str, object] | None]
) -> list[tuple[Entry, dict[str, object]]]:
    """Each new day with the sleep times it lacks that the night kept aside for its date holds ({} when none).

    A night kept aside waits for its morning; a morning that arrives without
    the person seeing that night (a file imported, ``pain-diary add``) takes
    what it lacks from it, exactly as importing the watch's file after the
    morning would (``night_gains``). ``night_of``: a date's kept night's values, or None.
    """
    found: list[tuple[Entry, dict[str, object]]] = []
    for entry in entries:
        values = night_of(entry.date)
        found.append((entry, night_gains(entry.as_dict(), values) if values is not None else {}))
    return found


def with_kept_nights(plan: ImportPlan, nights: Mapping[str, Mapping[str, object]]) -> ImportPlan:
    """``plan`` with each new day's missing sleep times taken from the night kept aside for it (``gains_from_kept``;
    ``nights``: the kept nights' records, keyed by date)."""
    if not nights or not plan.new:
        return plan

    def night_of(day: dt.date) -> Mapping[str, object] | None:
        body = nights.get(day.isoformat())
        return None if body is None else kept_night_values(body)

    found = gains_from_kept(plan.new, night_of)
    taken = [entry.date for entry, gains in found if gains]
    if not taken:
        return plan
    new = [entry.replace(**gains) if gains else entry for entry, gains in found]
    return ImportPlan(new, plan.identical, plan.conflicts, taken)


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
