"""What importing another app's export would do to the diary — worked out without touching it.

``plan_merge`` takes the diary's entries (``date -> Entry``) and a
``SourceResult`` and sorts every date the file supplies into:

- **new** entries: dates not in the diary that have a pain value (from the file,
  or given by the person for that date); the diary requires one;
- **gains**: values an existing day lacks (a night's bed and wake times, tags to
  add, notes to append) — what the person typed is never changed by a gain;
- **conflicts**: a value the diary holds that differs from the file's, field by
  field, grouped by field kind ("sleep times", "pain", "painkiller", "sleep
  quality"). The diary's value stays unless replacing that kind is chosen;
- **aside**: dates not in the diary without a pain value — for wearables, nights
  whose morning has not been logged. They are kept (not lost) by the caller and
  offered when that morning is logged (see ``night_sentence``);
- **to come**: such dates whose morning has not come yet (an activity logged
  this morning counts for tomorrow's): listed, not imported, and no reason to
  refuse the rest;
- **unchanged**: dates where the file brings nothing new or different;
- **notes too long**: notes the file would append to a day whose notes would
  then be longer than the diary allows: listed, not imported, and no reason to
  refuse the rest (as a note too long by itself is left out of a new day).

Tags are added to and notes appended to, never replaced, so they are gains,
not conflicts; importing the same file again changes nothing (notes already
holding the text and tags already present are left alone).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from ..entry import Entry, check_entry, date_problem, format_value
from ..entry.fields import FIELD_BY_NAME
from ..errors import DiaryError, EntryInvalid, Problem, problem_count
from ..wording import plural
from .common import SourceDay, SourceResult

SLEEP_TIMES = "sleep times"
FIELD_KINDS: dict[str, str] = {
    "bedtime": SLEEP_TIMES,
    "wake_time": SLEEP_TIMES,
    "sleep_latency_min": SLEEP_TIMES,
    "awakenings": SLEEP_TIMES,
    "awake_minutes": SLEEP_TIMES,
    "sleep_quality": "sleep quality",
    "pain": "pain",
    "painkiller": "painkiller",
    "tags": "tags",
    "notes": "notes",
}
ADDED_TO = frozenset({"tags", "notes"})
"""Columns an import adds to (tags) or appends to (notes): never a conflict."""
NOTES_SEPARATOR = "\n"
NOTES_AT_MOST = FIELD_BY_NAME["notes"].max_length or 0


def field_kind(column: str) -> str:
    """The kind a column's conflicts are grouped and replaced by ("bedtime" → "sleep times")."""
    return FIELD_KINDS.get(column, column)


REPLACEABLE = tuple(
    dict.fromkeys(field_kind(c) for c in FIELD_BY_NAME if c not in ADDED_TO | {"date", "logged_at"})
)
"""Field kinds whose conflicts the person may choose to replace with the file's values."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One value of one date: what the diary holds and what the file brings."""

    date: dt.date
    column: str
    diary: object
    """The diary's value (``None``, or ``()`` for tags, when it has none)."""
    file: object
    """The file's value; for tags the ones to add, for notes the text to append."""

    @property
    def kind(self) -> str:
        return field_kind(self.column)

    def cells(self) -> tuple[str, str]:
        """Both values as diary-CSV text, for a table ("" when not recorded)."""
        field = FIELD_BY_NAME[self.column]
        return format_value(field, self.diary), format_value(field, self.file)

    def __str__(self) -> str:
        diary, file = self.cells()
        return f"{self.date}: {self.column} {diary or '(empty)'} in the diary, {file} in the file"


@dataclass(frozen=True)
class MergePlan:
    """What importing one ``SourceResult`` would do (see the module text). Pure data: nothing is written."""

    source: str
    new: tuple[Entry, ...] = ()
    updated: tuple[Entry, ...] = ()
    """Existing entries as they would be after the import: gains, plus conflicts of the replaced kinds."""
    gains: tuple[FieldChange, ...] = ()
    conflicts: tuple[FieldChange, ...] = ()
    replace: frozenset[str] = frozenset()
    aside: tuple[SourceDay, ...] = ()
    unchanged: tuple[dt.date, ...] = ()
    problems: tuple[Problem, ...] = ()
    """Dates whose values cannot go into the diary as they are (e.g. a date past any the diary keeps), by date."""
    to_come: tuple[SourceDay, ...] = ()
    """Dates not in the diary whose morning has not come yet (a date typed wrong, in the other app): not imported."""
    notes_too_long: tuple[FieldChange, ...] = ()
    """Notes to append that would make a day's notes longer than the diary allows: listed, not imported."""

    @property
    def listed(self) -> int:
        """How many of the file's days or values the plan itself lists as not imported."""
        return len(self.to_come) + len(self.notes_too_long)

    @property
    def writes(self) -> tuple[Entry, ...]:
        """Every entry the import would save (new and updated), by date."""
        return tuple(sorted((*self.new, *self.updated), key=lambda e: e.date))

    @property
    def changes_anything(self) -> bool:
        return bool(self.new or self.updated)

    def is_replaced(self, change: FieldChange) -> bool:
        return change.kind in self.replace

    def conflicts_by_kind(self) -> dict[str, tuple[FieldChange, ...]]:
        """Conflicts grouped by field kind, in the order the kinds first occur."""
        grouped: dict[str, list[FieldChange]] = defaultdict(list)
        for change in self.conflicts:
            grouped[change.kind].append(change)
        return {kind: tuple(changes) for kind, changes in grouped.items()}

    def summary(self) -> str:
        """One sentence: what importing would do."""
        conflict_days = len({c.date for c in self.conflicts})
        gain_days = len({g.date for g in self.gains})
        parts = [
            f"{plural(len(self.new), 'new day')}",
            f"{plural(gain_days, 'day')} gaining values",
            f"{plural(conflict_days, 'day')} with values that differ from the diary",
            f"{plural(len(self.aside), 'day')} kept aside (no morning entry and no pain value)",
            f"{plural(len(self.unchanged), 'day')} unchanged",
        ]
        text = f"{self.source}: " + ", ".join(parts)
        if self.conflicts:
            kept = [k for k in self.conflicts_by_kind() if k not in self.replace]
            if kept:
                text += f"; the diary's {', '.join(kept)} stay unless you choose to replace them"
        if self.problems:
            text += f"; {problem_count(self.problems)} to fix first"
        return text + "."


def appended_notes(have: str | None, value: str) -> str | None:
    """What an import adds to a day's notes: the file's notes (one a line) that the diary does not hold yet.

    Apps export their whole history again (Daylio) or overlapping months
    (Bearable): a later export holds the day's earlier notes as well, and only
    its new ones are appended, however often the same notes come in. A note counts as held only
    when the diary has it as a whole line: "walk" is new beside "took a walk". None: nothing new.
    """
    if not have:
        return value
    lines = value.split(NOTES_SEPARATOR)
    have_lines = {line.strip() for line in have.split(NOTES_SEPARATOR)}
    held = {line for line in lines if line.strip() and line.strip() in have_lines}
    if not held:
        return value  # all new: as written, blank lines and all
    return NOTES_SEPARATOR.join(line for line in lines if line.strip() and line not in held) or None


def _merge_day(
    old: Entry, day: SourceDay, replace: frozenset[str]
) -> tuple[dict[str, object], list[FieldChange], list[FieldChange]]:
    """The changes to one existing entry, its gains and its conflicts."""
    changes: dict[str, object] = {}
    gains: list[FieldChange] = []
    conflicts: list[FieldChange] = []
    for column, value in day.values.items():
        have = getattr(old, column)
        if column == "tags":
            added = tuple(sorted(set(_labels(value)) - set(_labels(have))))
            if added:
                gains.append(FieldChange(day.date, column, have, added))
                changes[column] = tuple(sorted({*_labels(have), *added}))
        elif column == "notes":
            appended = appended_notes(have, str(value))
            if appended:
                gains.append(FieldChange(day.date, column, have, appended))
                changes[column] = f"{have}{NOTES_SEPARATOR}{appended}" if have else appended
        elif have is None or have == ():  # not recorded (an empty set for set columns)
            gains.append(FieldChange(day.date, column, have, value))
            changes[column] = value
        elif have != value:
            conflicts.append(FieldChange(day.date, column, have, value))
            if field_kind(column) in replace:
                changes[column] = value
    if any(c.column == "bedtime" for c in conflicts):
        # The file's minutes to fall asleep count from its own bedtime: they come with it
        # (replacing the sleep times), never beside the diary's other bedtime (``night_gains``).
        for gain in [g for g in gains if g.column == "sleep_latency_min"]:
            gains.remove(gain)
            conflicts.append(gain)
            if SLEEP_TIMES not in replace:
                del changes[gain.column]
        if "sleep_latency_min" not in day.values and old.sleep_latency_min is not None:
            # The diary's minutes to fall asleep counted from the diary's bedtime: replacing that
            # bedtime with the file's, which says nothing of them, clears them rather than keep a
            # figure from another start (total sleep would come out short by it).
            conflicts.append(FieldChange(day.date, "sleep_latency_min", old.sleep_latency_min, None))
            if SLEEP_TIMES in replace:
                changes["sleep_latency_min"] = None
    return changes, gains, conflicts


def _without_notes_too_long(changes: dict[str, object], gains: list[FieldChange]) -> list[FieldChange]:
    """Takes the notes out of one day's ``changes`` and ``gains`` when appending them would make the day's notes
    longer than the diary keeps (as a note too long by itself is left out of a new day); returns them."""
    if len(str(changes.get("notes") or "")) <= NOTES_AT_MOST:
        return []
    del changes["notes"]
    overlong = [g for g in gains if g.column == "notes"]
    gains[:] = [g for g in gains if g.column != "notes"]
    return overlong


def _labels(value: object) -> tuple[str, ...]:
    """A tags value (a tuple of labels; ``()`` when there are none)."""
    return tuple(str(label) for label in value) if isinstance(value, tuple | list | set | frozenset) else ()


def _check_replace(replace: Collection[str]) -> frozenset[str]:
    chosen = frozenset(replace)
    wrong = sorted(chosen - set(REPLACEABLE))
    if wrong:
        raise DiaryError(
            f"Cannot replace {', '.join(wrong)}: tags and notes are only added to, and the kinds that can be "
            f"replaced are {', '.join(REPLACEABLE)}."
        )
    return chosen


def plan_merge(
    existing: Mapping[dt.date, Entry],
    result: SourceResult,
    *,
    replace: Collection[str] = (),
    pain: Mapping[dt.date, int] | None = None,
    today: dt.date | None = None,
) -> MergePlan:
    """What importing ``result`` into a diary holding ``existing`` would do (nothing is written).

    ``replace`` names the field kinds (see ``REPLACEABLE``) whose conflicts take
    the file's value. ``pain`` gives the person's pain value for dates (a Daylio
    day, a night whose morning they now log): it makes a date not in the diary a
    new entry, and the file's pain for that date is not used, so importing again
    never contradicts it. ``today`` bounds new dates (default: the latest date begun anywhere on Earth, ``latest_today``).
    """
    chosen = _check_replace(replace)
    new: list[Entry] = []
    updated: list[Entry] = []
    gains: list[FieldChange] = []
    conflicts: list[FieldChange] = []
    aside: list[SourceDay] = []
    to_come: list[SourceDay] = []
    unchanged: list[dt.date] = []
    problems: list[Problem] = []
    too_long: list[FieldChange] = []
    for day in result.days:
        old = existing.get(day.date)
        given = pain.get(day.date) if pain is not None else None
        if given is not None and "pain" in day.values:  # the person's value wins over the file's
            day = SourceDay(
                day.date, {k: v for k, v in day.values.items() if k != "pain"}, day.where, day.device
            )
        if old is None:
            values = dict(day.values)
            if given is not None:
                values["pain"] = given
            wrong = date_problem(day.date, today=today, check_future=False)
            if given is None and wrong is None and date_problem(day.date, today=today) is not None:
                # Its morning has not come yet: listed (a pain value asked for such a day is refused).
                to_come.append(day)
                continue
            if values.get("pain") is None:  # kept aside only for a morning that can come
                if wrong is not None:
                    problems.append(wrong.located(day.date.isoformat()))
                else:
                    aside.append(day)
                continue
            entry, broken = check_entry({"date": day.date, **values}, today=today)
            new.extend([entry] if entry is not None else [])
            problems.extend(broken)
            continue
        changes, day_gains, day_conflicts = _merge_day(old, day, chosen)
        overlong = _without_notes_too_long(changes, day_gains)
        too_long.extend(overlong)
        conflicts.extend(day_conflicts)
        if not changes:
            if not day_conflicts and not overlong:
                unchanged.append(day.date)
            continue
        try:
            updated.append(old.replace(**changes))
        except EntryInvalid as exc:
            problems.extend(exc.problems)
            continue
        gains.extend(day_gains)
    return MergePlan(
        result.name,
        tuple(new),
        tuple(updated),
        tuple(gains),
        tuple(conflicts),
        chosen,
        tuple(aside),
        tuple(unchanged),
        tuple(problems),
        tuple(to_come),
        tuple(too_long),
    )


def apply_plan(existing: Mapping[dt.date, Entry], plan: MergePlan) -> dict[dt.date, Entry]:
    """The diary's entries as they would be after the import (pure; the storage does the real write)."""
    after = dict(existing)
    after.update((entry.date, entry) for entry in plan.writes)
    return after
