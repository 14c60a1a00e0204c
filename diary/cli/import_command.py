"""``pain-diary import``: a diary CSV, a full backup, or another app's export, all or nothing.

The kind of file is recognised from its content (``--from`` names it instead).
A diary CSV or full backup merges by date as always (``--replace`` replaces the
conflicting dates whole). Another app's export is read through its mapping —
the defaults, changed by flags — and ``--dry-run`` prints exactly what would
change (new days, values added, conflicts by field kind, nights kept aside,
what was not understood, what is not imported) without changing anything.
``--replace KIND…`` lets the file's values win for those field kinds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from ..errors import DiaryError, DiaryMissing
from ..exchange.importing import (
    BACKUP,
    DIARY,
    KIND_NAMES,
    ImportBlocked,
    ImportFile,
    import_source,
    preview_source,
    recognise,
)
from ..sources import (
    REPLACEABLE,
    BearableExport,
    BearableMapping,
    DaylioExport,
    DaylioMapping,
    Export,
    MappingError,
    first_named,
    open_export,
)
from ..storage import Diary, SQLiteDiary, open_diary, open_or_start, resolve_path
from ..wording import days_text, from_to, plural
from .import_options import kind_key, replace_kinds_text

if TYPE_CHECKING:
    from ..csv.format import ParsedCSV
    from ..exchange.diary_csv import ImportPreview

BEARABLE_FLAGS = {
    "pain_symptom": "--pain-symptom",
    "pain_slot": "--pain-slot",
    "pain_scale": "--pain-scale",
    "pain_without_symptom": "--pain-without-symptom",
    "painkiller": "--painkiller",
    "no_sleep_quality": "--no-sleep-quality",
    "no_bed_times": "--no-bed-times",
}
DIARY_APP_FLAGS = {"tag": "--tag", "no_tags": "--no-tags", "no_notes": "--no-notes", "same_day": "--same-day"}
EXPORT_FLAGS = {"pain": "--pain"}


class UsageError(Exception):
    """Flags that do not fit the file (exit status 2)."""


def _replace_kinds(given: Sequence[str]) -> frozenset[str]:
    """``--replace sleep-times pain`` as field kinds; an unknown kind names the ones there are."""
    known = {kind_key(k): k for k in REPLACEABLE}
    chosen: set[str] = set()
    for text in given:
        kind = known.get(kind_key(text))
        if kind is None:
            raise UsageError(
                f"--replace {text!r}: the kinds of value that can be replaced are {replace_kinds_text()}"
            )
        chosen.add(kind)
    return frozenset(chosen)


def _file_argument(args: argparse.Namespace) -> str:
    """FILE, also where it was typed straight after ``--replace`` (``import --replace diary.csv``).

    ``--replace`` takes kinds, so a file named right after it was taken as one of them.
    """
    if args.file is not None:
        return str(args.file)
    known = {kind_key(k) for k in REPLACEABLE}
    if args.replace and kind_key(args.replace[-1]) not in known:
        return str(args.replace.pop())  # what is left is the kinds, or none: replace conflicting dates
    raise UsageError("the following arguments are required: FILE")


NAMES_SHOWN = 30
"""The most names of an export's symptoms, factors or medications one message lists."""


def _one_of(what: str, given: str, names: Iterable[str]) -> str:
    """A name from the export, matched without regard to case; ``MappingError`` lists the names there are."""
    known = list(names)
    for name in known:
        if name.casefold() == given.strip().casefold():
            return name
    close = difflib.get_close_matches(given.strip(), known, n=1, cutoff=0.6)
    guess = f" Did you mean {close[0]!r}?" if close else ""
    shown = ", ".join(known[:NAMES_SHOWN]) or "none"
    more = f" and {len(known) - NAMES_SHOWN} more" if len(known) > NAMES_SHOWN else ""
    raise MappingError(f"The export has no {what} {given!r}.{guess} It has: {shown}{more}.")


# -- the mapping, changed by flags ----------------------------------------------------------------


def _tags(
    default: dict[str, str], labels: Iterable[str], args: argparse.Namespace, what: str
) -> dict[str, str]:
    tags = {} if args.no_tags else dict(default)
    for text in args.tag or []:
        label, sep, tag = text.partition("=")
        if not sep:
            raise UsageError(f"--tag {text!r}: write LABEL=TAG (an empty TAG leaves that {what} out)")
        name = _one_of(what, label, labels)
        if tag.strip():
            tags[name] = tag.strip()
        else:
            tags.pop(name, None)
    return tags


def _bearable(export: BearableExport, default: BearableMapping, args: argparse.Namespace) -> BearableMapping:
    symptom = default.pain_symptom
    if args.pain_symptom is not None:
        none = args.pain_symptom.strip().lower() == "none"
        symptom = None if none else _one_of("symptom", args.pain_symptom, export.symptoms())
    painkillers = default.painkillers
    if args.painkiller is not None:
        names = [n for n in args.painkiller if n.strip().lower() != "none"]
        painkillers = frozenset(_one_of("medication", n, export.medications()) for n in names)
    missing = default.pain_when_missing if args.pain_without_symptom is None else args.pain_without_symptom[0]
    return BearableMapping(
        pain_symptom=symptom,
        pain_slot=args.pain_slot or default.pain_slot,
        pain_scale=args.pain_scale or default.pain_scale,
        pain_when_missing=missing,
        painkillers=painkillers,
        tags=_tags(dict(default.tags), export.factors(), args, "factor"),
        sleep_quality=default.sleep_quality and not args.no_sleep_quality,
        bed_times=default.bed_times and not args.no_bed_times,
        notes=default.notes and not args.no_notes,
        next_morning=default.next_morning and not args.same_day,
    )


def mapping_from_flags(export: Export, args: argparse.Namespace) -> BearableMapping | DaylioMapping | None:
    """The export's default mapping, changed by the flags given; flags that do not fit the kind are refused."""
    _refuse_flags(export.kind, args)
    default = export.default_mapping()
    if isinstance(export.content, BearableExport) and isinstance(default, BearableMapping):
        return _bearable(export.content, default, args)
    if isinstance(export.content, DaylioExport) and isinstance(default, DaylioMapping):
        tags = _tags(dict(default.tags), export.content.activities(), args, "activity")
        return DaylioMapping(tags=tags, notes=not args.no_notes, next_morning=not args.same_day)
    return default


def _given(args: argparse.Namespace, flags: dict[str, str]) -> list[str]:
    return [flag for dest, flag in flags.items() if getattr(args, dest, None) not in (None, False, [])]


def _refuse_flags(kind: str, args: argparse.Namespace) -> None:
    wrong: list[str] = []
    if kind != "bearable":
        wrong += _given(args, BEARABLE_FLAGS)
    if kind not in ("bearable", "daylio"):
        wrong += _given(args, DIARY_APP_FLAGS)
    if kind in (DIARY, BACKUP):
        wrong += _given(args, EXPORT_FLAGS)
    if wrong:
        raise UsageError(f"{', '.join(wrong)} cannot be used with {KIND_NAMES[kind]}")


# -- the command ---------------------------------------------------------------------------------


STDIN_IN_MEMORY = 8 * 1024 * 1024
"""Standard input up to this size is held in memory; beyond it, in a temporary file (an Apple Health export of
hundreds of MB is then streamed from there, as from a file named on the command line)."""


@contextmanager
def _read_source(file: str) -> Iterator[tuple[ImportFile, str]]:
    """The file named, or standard input (``-``) held in memory or, when large, in a temporary file."""
    if file != "-":
        yield Path(file), file
        return
    with tempfile.SpooledTemporaryFile(max_size=STDIN_IN_MEMORY) as spool:
        shutil.copyfileobj(sys.stdin.buffer, spool)
        spool.seek(0)
        yield cast("IO[bytes]", spool), "Standard input"


@contextmanager
def _diary_for(
    args: argparse.Namespace, say: Callable[[str], None], *, start: bool = True
) -> Iterator[Diary]:
    """The diary (one started here said through ``say``); for a dry run of a diary not made yet, or without
    ``start``, an empty one in a temporary folder (nothing is created)."""
    try:
        if args.dry_run or not start:
            diary = open_diary(args.data, create=False)
        else:
            diary = open_or_start(args.data, say=say)
    except DiaryMissing:
        with tempfile.TemporaryDirectory() as folder:
            empty = SQLiteDiary(Path(folder) / "empty.sqlite3")
            try:
                yield empty
            finally:
                empty.close()
        return
    yield diary


def _check_pain_values(
    given: Sequence[tuple[dt.date, int]], export: Export, mapping: BearableMapping | DaylioMapping | None
) -> None:
    """Refuse ``--pain`` for a day the export does not hold (it would be dropped unseen: a mistyped year, say),
    and two values for one day (the last would win unseen)."""
    result = export.result(mapping if mapping is not None else export.default_mapping())
    twice = sorted(
        day for day, n in Counter(day for day, _ in set(given)).items() if n > 1
    )  # the same twice: one
    if twice:
        raise UsageError(
            f"--pain: {days_text(twice)} {'is' if len(twice) == 1 else 'are'} given more than one pain value; "
            "give each day one (DATE=PAIN)."
        )
    missing = sorted({day for day, _ in given} - {d.date for d in result.days})
    if missing:
        first, last = result.first, result.last
        # "As mapped": a day whose rows all map to nothing (a headache, water) gives no morning, and a
        # Daylio day's entries count for the next morning; the file may hold the date all the same.
        held = f"the mornings it gives run from {from_to(first, last)}" if first and last else "it gives none"
        raise UsageError(
            f"--pain: {export.name}, as mapped, gives no values for the morning of {days_text(missing)}; "
            f"{held}. A pain value goes with a morning the file has values for and the diary does not have yet."
        )


def cmd_import(args: argparse.Namespace, say: Callable[[str], None]) -> int:
    """Import any file the diary reads, all or nothing (``--dry-run``: only show what would change)."""
    if args.all and not args.dry_run:
        raise UsageError("--all goes with --dry-run: it shows every row of the preview, not the first 20")
    with _read_source(_file_argument(args)) as (source, name):
        return _import_source(args, say, source, name)


def _pain_for_new_days(diary: Diary, given: Iterable[tuple[dt.date, int]]) -> dict[dt.date, int]:
    """``--pain`` values for days the diary lacks; one it has with that pain is the same import run again."""
    pain = dict(given)
    held = {day: diary.get(day) for day in pain}
    differ = sorted(day for day, entry in held.items() if entry is not None and entry.pain != pain[day])
    if differ:
        raise UsageError(
            f"--pain: the diary has {days_text(differ)} already, with its own morning pain. A pain value "
            "is for a day of the file that is not in the diary (a logged day is changed with add --update or on the Log page)."
        )
    return {day: value for day, value in pain.items() if held[day] is None}


def _import_source(
    args: argparse.Namespace, say: Callable[[str], None], source: ImportFile, name: str
) -> int:
    kind = recognise(source, name=name, kind=args.kind)
    if kind in (DIARY, BACKUP):
        _refuse_flags(kind, args)
        return _import_diary_file(args, say, source, name, backup=kind == BACKUP)
    if args.replace == []:
        raise UsageError(
            f"--replace: name the kinds of value the file's values replace ({replace_kinds_text()})"
        )
    replace = _replace_kinds(args.replace or ())
    export = open_export(source, kind=kind, name=name)
    mapping = mapping_from_flags(export, args)
    if args.pain:
        _check_pain_values(args.pain, export, mapping)
    # A diary not made yet is started only for an import that brings something: a refused or empty one
    # leaves no new file behind.
    new = not args.dry_run and not resolve_path(args.data).exists()
    with _diary_for(args, say, start=not new) as diary:
        pain = _pain_for_new_days(diary, args.pain or ())
        preview = preview_source(diary, export, mapping, replace=replace, pain=pain)
        if args.dry_run:
            from ..views.imports import render_preview

            sys.stdout.write(render_preview(preview, limit=None if args.all else 20))
            return 0
        if preview.plan.problems:
            raise ImportBlocked(preview.name, preview.plan.problems)
        if not preview.changes_anything:
            print(preview.headline())
        elif new:  # the diary started now is as empty as the one previewed; the write plans again in it
            with _diary_for(args, say) as started:
                print(import_source(started, preview))
        else:
            print(import_source(diary, preview))
    unread = preview.result.unrecognised
    if unread:  # the rest came in: what could not be read is named here, not only counted
        named = first_named(unread)
        say(f"Could not read {plural(len(unread), 'part')} of {name}, left out of the import: {named}.")
    left = len(unread) + len(preview.result.not_imported) + len(preview.left_out) + preview.plan.listed
    if left:
        was, them = ("was", "it") if left == 1 else ("were", "them")
        say(f"{plural(left, 'part')} of {name} {was} not understood or not imported; --dry-run lists {them}.")
    return 0


def _import_diary_file(
    args: argparse.Namespace, say: Callable[[str], None], source: ImportFile, name: str, *, backup: bool
) -> int:
    """A diary CSV or full backup: merge by date; conflicting dates are replaced whole with --replace.

    Previewed and imported as the Import page does (``exchange.preview_read``, ``import_upload``).
    """
    from ..exchange.backup import Backup, read_backup, trials_kept_differently
    from ..exchange.diary_csv import import_upload, nothing_to_import, preview_read, read_csv_file

    if args.replace:
        raise UsageError(
            "--replace takes no kinds for a diary CSV or backup: it replaces the conflicting dates"
        )
    replace = args.replace is not None
    read: ParsedCSV | Backup
    if backup:
        data = source.read_bytes() if isinstance(source, Path) else source
        read = read_backup(data if isinstance(data, bytes) else data.read(), name=name)
    else:
        read = read_csv_file(source, name=None if isinstance(source, Path) else name)
    if not read.entries and not (isinstance(read, Backup) and read.records):  # before any diary is started
        raise DiaryError(nothing_to_import(name))
    with _diary_for(args, say) as diary:
        preview = preview_read(diary, read, name, replace=replace)
        if args.dry_run:
            return _dry_run(preview)
        trials = (
            trials_kept_differently(diary, read, replace=replace, done=True)
            if isinstance(read, Backup)
            else ""
        )
        print(import_upload(diary, preview, replace=replace))
        if trials:
            print(trials)
    return 0


def _dry_run(preview: ImportPreview) -> int:
    """What importing a diary CSV or backup would do, and 1 when its import would be refused."""
    print(preview.holds())
    for conflict in preview.plan.conflicts:
        print(f"  {conflict}")
    if preview.trials:
        print(preview.trials)
    if preview.refusal is not None:
        print(preview.refusal, file=sys.stderr)
        return 1
    return 0
