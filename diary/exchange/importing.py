"""Importing any file: recognised from its content, previewed exactly, then written in one go.

Three sorts of file come in: the diary's own CSV, a full backup (the diary CSV
and its records in a ZIP), and other apps' exports (``diary.sources``). The
first two go through ``diary.exchange.diary_csv`` (merge by date; conflicting dates are
replaced whole, or nothing changes). Another app's export is previewed as a
``SourcePreview``: the plan of ``diary.sources.plan_merge`` (new days, values
added to existing days, conflicts by field kind) and the nights kept aside for
their morning. ``import_source`` writes exactly that — entries and kept nights
together, in one write — or nothing at all, when the diary changed since the
preview or the preview holds problems.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import stat
import zipfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..entry import latest_today
from ..entry.fields import COLUMNS, NIGHT_COLUMNS
from ..errors import DiaryError, Problem
from ..sources import (
    DIARY_CSV,
    KIND_LABELS,
    KINDS,
    Export,
    FieldChange,
    KeptNight,
    MergePlan,
    SourceError,
    SourceResult,
    detect_kind,
    parse_kind,
    plan_merge,
)
from ..sources.inputs import HEAD_BYTES, head_text
from ..sources.kept import KeptDiffers, kept_differs
from ..sources.merge import SLEEP_TIMES
from ..sources.reading import Mapping as SourceMapping
from ..sources.reading import known_other_file
from ..sources.tabular import header_names
from ..storage.base import NIGHT_KIND
from ..storage.merge import gains_from_kept
from ..wording import NOTHING_IMPORTED, join_names, plural
from .backup import DIARY_MEMBER, ZIP_MAGIC

if TYPE_CHECKING:
    from ..entry import Entry
    from ..storage import Diary
    from ..storage.base import Record

DIARY = DIARY_CSV
BACKUP = "backup"
FORCEABLE = (DIARY, *KINDS)
"""What ``--from`` (and the Import page's choice of kind) accepts: the diary CSV or one of the apps."""
KIND_NAMES: dict[str, str] = {
    DIARY: "a diary CSV",
    BACKUP: "a full backup of this diary",
    **{kind: label.split(" (")[0] for kind, label in KIND_LABELS.items()},
}
"""Each kind of file in a few words ("an Apple Health export"), for headings and messages."""
ImportFile = Path | bytes | IO[bytes]


# -- recognising what was handed over --------------------------------------------------


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _head(source: ImportFile) -> bytes:
    if isinstance(source, bytes):
        return source[:HEAD_BYTES]
    if isinstance(source, Path):
        with source.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    source.seek(0)
    try:
        return source.read(HEAD_BYTES)
    finally:
        source.seek(0)


def _is_backup(source: ImportFile) -> bool:
    """A ZIP holding the diary CSV: a full backup (read from its directory, never whole)."""
    if not _head(source).startswith(ZIP_MAGIC):
        return False
    opened: Path | IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with zipfile.ZipFile(opened) as archive:
            return DIARY_MEMBER in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        if not isinstance(opened, Path):
            opened.seek(0)


def _accepted() -> str:
    return "; ".join(["a diary CSV or a full backup of this diary", *(KIND_LABELS[k] for k in KINDS)])


def recognise(source: ImportFile, *, name: str | None = None, kind: str | None = None) -> str:
    """What a file is: ``"diary"``, ``"backup"`` or one of ``KINDS`` — from its content, or ``kind`` when given.

    A path that is not a regular file or folder (a pipe, a device) is taken as a
    diary CSV, whose reader refuses it by name without waiting on it; a file
    none of the readers recognises is a ``SourceError`` that lists what is read.
    """
    label = name or (str(source) if isinstance(source, Path) else "The file")
    if kind is not None:
        if kind.strip().lower() in (DIARY, "diary-csv", "csv", BACKUP):
            return BACKUP if _readable(source) and _is_backup(source) else DIARY
        return parse_kind(kind)
    if isinstance(source, Path):
        if source.is_dir():
            return _folder_kind(source, label)
        if not _regular(source):
            return DIARY
    if _is_backup(source):
        return BACKUP
    try:
        return detect_kind(source, name=label)
    except SourceError:
        head = _head(source)
        if head.startswith(ZIP_MAGIC):
            raise  # a zip that cannot be opened (cut short, say): the reader's own words say so
        if _looks_like_a_table(head):
            return DIARY  # the diary CSV's reader names what is wrong with it
        if not head.strip():
            raise  # "it is empty."
        known = known_other_file(head_text(head))
        raise SourceError(
            label, known or f"it is none of the files the diary imports. It reads {_accepted()}."
        ) from None


def _readable(source: ImportFile) -> bool:
    return not isinstance(source, Path) or _regular(source)


def _folder_kind(folder: Path, label: str) -> str:
    try:
        kind = detect_kind(folder, name=label)
    except SourceError:
        kind = DIARY
    if kind == DIARY:
        raise DiaryError(
            f"Cannot import {folder}: it is a folder, not a regular file, and holds no export the diary reads. "
            f"It reads {_accepted()}."
        )
    return kind


def _looks_like_a_table(head: bytes) -> bool:
    """Text whose first line names a diary column (``date``, ``pain``…): a diary CSV with problems.

    Its reader then says what is wrong (no date column, say) rather than that
    the file is none of the kinds the diary imports.
    """
    return bool(header_names(head_text(head)) & set(COLUMNS))


# -- another app's export: the preview -----------------------------------------------------


@dataclass(frozen=True)
class NightAside:
    """A night with no morning entry, to be kept aside: and the one the diary keeps already for it."""

    night: KeptNight
    kept: KeptNight | None = None
    replace: bool = False

    @property
    def status(self) -> str:
        if self.kept is None:
            return "kept aside"
        if self.kept.same_night(self.night):
            return "kept already"
        if self.replace:
            return "replaces the night kept before"
        return "differs from the night kept before, which stays"

    @property
    def writes(self) -> bool:
        return self.kept is None or (self.replace and not self.kept.same_night(self.night))


@dataclass(frozen=True)
class SourcePreview:
    """What importing one export with one mapping would do to the diary, exactly; nothing is written."""

    export: Export
    mapping: SourceMapping | None
    result: SourceResult
    plan: MergePlan
    nights: tuple[NightAside, ...]
    pain: Mapping[dt.date, int]
    today: dt.date
    open_days: tuple[dt.date, ...]
    """Days of the file not in the diary and without a pain value: a pain value given for one adds it."""
    from_kept: Mapping[dt.date, KeptNight]
    """New days whose sleep times come from a night kept aside by an earlier import."""
    kept_differs: tuple[KeptDiffers, ...] = ()
    """New days whose own sleep values differ from the night kept aside for them (the day keeps the file's);
    the night kept aside goes once its morning is saved."""

    @property
    def kind(self) -> str:
        return self.export.kind

    @property
    def name(self) -> str:
        return self.export.name

    @property
    def left_out(self) -> tuple[tuple[dt.date, str, Mapping[str, object]], ...]:
        """Days of a diary app not imported: not in the diary and without a pain value (date, where, values).

        Their sleep times are kept aside as a night (``nights``), so only the rest is listed here.
        """
        if self.result.is_sleep:
            return ()
        found = ((d, {c: v for c, v in d.values.items() if c not in NIGHT_COLUMNS}) for d in self.plan.aside)
        return tuple((d.date, d.where, rest) for d, rest in found if rest)

    def night_records(self) -> dict[str, Record | None]:
        return {n.night.key: n.night.to_record() for n in self.nights if n.writes}

    @property
    def changes_anything(self) -> bool:
        return self.plan.changes_anything or any(n.writes for n in self.nights)

    @property
    def can_import(self) -> bool:
        """Something to change, and no problem to fix first."""
        return self.changes_anything and not self.plan.problems

    def headline(self) -> str:
        """What the file is and holds, and what importing it would do, in a few sentences."""
        name = KIND_NAMES[self.kind]
        listed = len(self.left_out) + self.plan.listed  # listed with the file's own
        text = f"{name[0].upper()}{name[1:]}. {self.result.summary(listed)} "
        if self.plan.problems:
            return text + (
                f"{_cannot_go_in(len(self.plan.problems))} (listed): "
                "nothing can be imported until they are corrected in the file or the mapping leaves them out."
            )
        if self.changes_anything:
            return text + f"Importing it would bring {self._changes()}."
        if self.plan.conflicts:
            days = len({c.date for c in self.plan.conflicts})
            return text + (
                f"Importing it would change nothing as it is: {plural(days, 'day')} in the diary "
                f"{'holds' if days == 1 else 'hold'} values that differ from the file's (listed), and the "
                "diary's own stay unless you choose to replace them."
            )
        differing = sum(
            1 for n in self.nights if n.kept is not None and not n.writes and not n.kept.same_night(n.night)
        )
        if differing:
            return text + (
                f"Importing it would change nothing as it is: {plural(differing, 'night')} kept aside before "
                f"{'differs' if differing == 1 else 'differ'} from the file's (listed), and the nights kept "
                "before stay unless you choose to replace the sleep times."
            )
        held = "the diary holds what it says for its days already"
        if self.plan.notes_too_long:
            held += ", or their notes are too long to take more"
        if self.plan.notes_too_long and not self.left_out:
            return text + f"Importing it would change nothing: {held} (listed)."
        if self.left_out and len(self.left_out) + len(self.plan.to_come) < len(self.result.days):
            return text + (
                f"Importing it would change nothing: {held}, and "
                f"{plural(len(self.left_out), 'day')} not in the diary {'has' if len(self.left_out) == 1 else 'have'} "
                "no pain value. Give a pain value for a day to add it."
            )
        if self.left_out:
            return text + (
                "Importing it would change nothing: none of its days is in the diary, and it has no pain "
                "value for them. Give a pain value for a day to add it."
            )
        if not self.result.days:
            return text + "Importing it would change nothing."  # the summary said it holds nothing usable
        return text + "Importing it would change nothing: everything in it is in the diary already."

    def _changes(self) -> str:
        plan = self.plan
        gained = {g.date for g in plan.gains} - {e.date for e in plan.new}
        new = plural(len(plan.new), "new day")
        if self.from_kept:
            new += f" ({len(self.from_kept)} with sleep from a night kept aside)"
        parts = [new, f"values added to {plural(len(gained), 'day')}"]
        if self.kept_differs:
            days = len({d.change.date for d in self.kept_differs})
            parts.append(
                f"{plural(days, 'new day')} whose sleep differs from a night kept aside (the file's is kept)"
            )
        if plan.conflicts:
            text = f"{plural(len({c.date for c in plan.conflicts}), 'day')} with values that differ"
            kept = [k for k in plan.conflicts_by_kind() if k not in plan.replace]
            parts.append(
                text + (f" (the diary's own stay unless you replace {', '.join(kept)})" if kept else "")
            )
        keeping = sum(1 for n in self.nights if n.writes)
        if keeping:
            parts.append(f"{plural(keeping, 'night')} kept aside (no morning entry yet)")
        if self.left_out:
            parts.append(f"{plural(len(self.left_out), 'day')} left out (not in the diary, no pain value)")
        return ", ".join(parts)


def _nights_aside(
    plan: MergePlan, result: SourceResult, kept: Mapping[dt.date, KeptNight]
) -> tuple[NightAside, ...]:
    replace = SLEEP_TIMES in plan.replace
    return tuple(
        NightAside(KeptNight.from_day(day, result.kind, result.name), kept.get(day.date), replace)
        for day in plan.aside
        if any(c in day.values for c in NIGHT_COLUMNS)
    )


def _with_kept_nights(
    plan: MergePlan, kept: Mapping[dt.date, KeptNight]
) -> tuple[MergePlan, dict[dt.date, KeptNight]]:
    """New days take the sleep times they lack from a night kept aside for them (shown as values added)."""
    found = gains_from_kept(plan.new, lambda day: night.values if (night := kept.get(day)) else None)
    used = {entry.date: kept[entry.date] for entry, gains in found if gains}
    if not used:
        return plan, used
    new = tuple(entry.replace(**gains) if gains else entry for entry, gains in found)
    added = (FieldChange(entry.date, c, None, v) for entry, gains in found for c, v in gains.items())
    return dataclasses.replace(plan, new=new, gains=(*plan.gains, *added)), used


def _plan(
    existing: Mapping[dt.date, Entry],
    records: Mapping[str, Mapping[str, object]],
    result: SourceResult,
    replace: Collection[str],
    pain: Mapping[dt.date, int],
    today: dt.date,
) -> tuple[MergePlan, tuple[NightAside, ...], dict[dt.date, KeptNight], tuple[KeptDiffers, ...]]:
    kept = {n.date: n for key, body in records.items() if (n := KeptNight.from_record(key, body)) is not None}
    plan = plan_merge(existing, result, replace=replace, pain=pain, today=today)
    differs = kept_differs(plan.new, kept)  # the file's own values, before the night fills what they lack
    plan, used = _with_kept_nights(plan, kept)
    return plan, _nights_aside(plan, result, kept), used, differs


def preview_source(
    diary: Diary,
    export: Export,
    mapping: SourceMapping | None = None,
    *,
    replace: Collection[str] = (),
    pain: Mapping[dt.date, int] | None = None,
    today: dt.date | None = None,
) -> SourcePreview:
    """What importing ``export`` under ``mapping`` (its default when ``None``) would do; changes nothing.

    ``replace`` names the field kinds whose conflicts take the file's value;
    ``pain`` gives pain values for days not in the diary (they become new days).
    A mapping that cannot be applied is a ``MappingError`` (a ``DiaryError``).
    """
    chosen = mapping if mapping is not None else export.default_mapping()
    result = export.result(chosen)
    day = today or latest_today()  # a morning that has begun anywhere on Earth is not in the future
    dates = {d.date for d in result.days}
    existing = {e.date: e for e in diary.entries(result.first, result.last) if e.date in dates}
    given = {d: p for d, p in (pain or {}).items() if d in dates}
    plan, nights, used, differs = _plan(existing, diary.records(NIGHT_KIND), result, replace, given, day)
    open_days = tuple(
        d.date for d in result.days if d.date not in existing and (not d.has_pain or d.date in given)
    )
    return SourcePreview(export, chosen, result, plan, nights, given, day, open_days, used, differs)


# -- another app's export: the one write ------------------------------------------------------


class PreviewOutdated(DiaryError):
    """The diary changed between the preview and the import; nothing was imported."""

    def __init__(self, name: str):
        super().__init__(
            f"The diary changed after {name} was previewed (saved from another window or command). "
            f"{NOTHING_IMPORTED}: look at the preview again, then import."
        )


class ImportBlocked(DiaryError):
    """Values that cannot go into the diary as they are; nothing was imported."""

    def __init__(self, name: str, problems: Collection[Problem]):
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(
            f"{name}: {_cannot_go_in(len(self.problems))}:\n{lines}\n"
            f"{NOTHING_IMPORTED}. Correct them in the file, or change the mapping to leave them out, and try "
            "again."
        )


@dataclass(frozen=True)
class SourceImported:
    """What an import of another app's export did."""

    source: str
    new: int
    gained: int
    replaced: int
    kept: int
    unchanged: int
    differing: tuple[str, ...] = ()
    """The kinds of value ("sleep times", "pain") the file gave differently and the diary kept as they were."""
    differing_days: int = 0

    def __str__(self) -> str:
        parts = [f"Imported {plural(self.new, 'new day')}"]
        if self.gained:
            parts.append(f"added values to {plural(self.gained, 'day')}")
        if self.replaced:
            parts.append(f"replaced the diary's values on {plural(self.replaced, 'day')}")
        if self.kept:
            whose = "its morning is" if self.kept == 1 else "their mornings are"
            parts.append(f"kept {plural(self.kept, 'night')} aside until {whose} logged")
        if self.unchanged:
            parts.append(f"{plural(self.unchanged, 'day')} unchanged")
        if self.differing:
            parts.append(
                f"kept the diary's own {join_names(self.differing)} on {plural(self.differing_days, 'day')}"
                " where the file differs"
            )
        return f"{self.source}: " + "; ".join(parts) + "."


def import_source(diary: Diary, preview: SourcePreview) -> SourceImported:
    """Write exactly what ``preview`` shows — new days, values added, replaced kinds, nights kept aside — in one write.

    Inside the write the import is planned again on the diary as it is then: if
    that differs from the preview (another window saved in between),
    ``PreviewOutdated`` is raised and nothing is written. A preview with
    problems raises ``ImportBlocked``; one that changes nothing writes nothing.
    """
    if preview.plan.problems:
        raise ImportBlocked(preview.name, preview.plan.problems)

    def decide(
        existing: dict[dt.date, Entry], records: dict[str, Record]
    ) -> tuple[tuple[Entry, ...], dict[str, Record | None]]:
        planned = _plan(existing, records, preview.result, preview.plan.replace, preview.pain, preview.today)
        plan = planned[0]
        if planned != (preview.plan, preview.nights, preview.from_kept, preview.kept_differs):
            raise PreviewOutdated(preview.name)
        return plan.writes, preview.night_records()

    if preview.changes_anything:
        diary.write_changes([d.date for d in preview.result.days], NIGHT_KIND, decide)
    plan = preview.plan
    replaced = {c.date for c in plan.conflicts if plan.is_replaced(c)}
    return SourceImported(
        preview.name,
        new=len(plan.new),
        gained=len({g.date for g in plan.gains} - {e.date for e in plan.new}),  # as the preview counts them
        replaced=len(replaced),
        kept=sum(1 for n in preview.nights if n.writes),
        unchanged=len(plan.unchanged),
        differing=tuple(kind for kind in plan.conflicts_by_kind() if kind not in plan.replace),
        differing_days=len({c.date for c in plan.conflicts if not plan.is_replaced(c)}),
    )


def _cannot_go_in(count: int) -> str:
    """ "1 value cannot go into the diary as it is" / "3 values … as they are"."""
    return f"{plural(count, 'value')} cannot go into the diary as {'it is' if count == 1 else 'they are'}"
