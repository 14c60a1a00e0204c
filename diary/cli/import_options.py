"""The options of ``pain-diary import``: each flag, what it takes, and how its value is read.

A value that is not allowed is refused by argparse, naming what is (exit
status 2), before any file is opened; ``diary.cli.import_command`` runs the
import with what is read here.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

from ..entry.fields import PAIN_HIGH, PAIN_LOW, PAIN_POINTS
from ..entry.numbers import ASCII_DIGITS, whole_number, whole_or_none
from ..exchange.importing import FORCEABLE
from ..sources import PAIN_SLOTS, REPLACEABLE
from ..sources.bearable_mapping import PAIN_SCALE_ALLOWED, is_pain_scale
from ..sources.mapping_options import BEARABLE_OPTIONS, NO_TAGS_HELP

# -- flag values -------------------------------------------------------------------------


def pain_arg(text: str) -> tuple[dt.date, int]:
    """``--pain DATE=N``: a day and its morning pain."""
    day, sep, value = text.partition("=")
    try:
        date = dt.date.fromisoformat(day.strip())
        pain = whole_number(value)
    except ValueError:
        date = None
        pain = -1
    if not sep or date is None or pain not in PAIN_POINTS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not DATE=PAIN: a date YYYY-MM-DD and a morning pain from {PAIN_LOW} to {PAIN_HIGH} "
            "(e.g. 2025-03-02=4), "
            f"{ASCII_DIGITS}"
        )
    return date, pain


def scale_arg(text: str) -> tuple[int, ...]:
    """``--pain-scale A,B,C,D,E``: the pain each of Bearable's ratings 0–4 becomes."""
    try:
        parts = tuple(whole_number(p) for p in text.replace(";", ",").split(","))
    except ValueError:
        parts = ()
    if not is_pain_scale(parts):
        raise argparse.ArgumentTypeError(
            f"{text!r}: give {PAIN_SCALE_ALLOWED} (e.g. 0,3,5,8,10), {ASCII_DIGITS}"
        )
    return parts


def level_arg(text: str) -> int | None:
    """``--pain-without-symptom N``: a morning pain, or none."""
    if text.strip().lower() == "none":
        return None
    level = whole_or_none(text)
    if level is None or level not in PAIN_POINTS:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give a morning pain from {PAIN_LOW} to {PAIN_HIGH} ({ASCII_DIGITS}), or none"
        )
    return level


def kind_key(text: str) -> str:
    """A kind of value as typed, to compare: "sleep-times" and "Sleep times" alike."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def replace_kinds_text() -> str:
    """The kinds ``--replace`` takes, as they are typed ("sleep-times, pain, …")."""
    return ", ".join(k.replace(" ", "-") for k in REPLACEABLE)


def add_import_options(
    imp: argparse.ArgumentParser, data_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    """The flags of ``pain-diary import`` (and its description), on the command's parser ``imp``."""
    imp.description = "Kinds read: a diary CSV or full backup; " + ", ".join(FORCEABLE[1:]) + "."
    # FILE is required (``import_command._file_argument``); argparse takes it as optional only so that ``--replace``
    # may stand right before it, and would show it last, in brackets.
    imp.usage = "%(prog)s FILE [--from KIND] [--dry-run] [--all] [--replace [KIND ...]] [options]"
    data_option(imp)
    imp.add_argument(
        "file", nargs="?", metavar="FILE", help="the file, zip or folder to import (- for standard input)"
    )
    imp.add_argument(
        "--from",
        dest="kind",
        metavar="KIND",
        choices=FORCEABLE,
        help="read FILE as this kind: " + ", ".join(FORCEABLE) + " (default: recognised from its content)",
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="print exactly what would change, and change nothing"
    )
    imp.add_argument(
        "--all", action="store_true", help="with --dry-run: every row, not the first 20 of each table"
    )
    imp.add_argument(
        "--replace",
        nargs="*",
        metavar="KIND",
        help="a diary CSV: replace conflicting dates. Another app's export: the file's values win for these kinds: "
        + replace_kinds_text(),
    )
    imp.add_argument(
        "--pain",
        action="append",
        type=pain_arg,
        metavar="DATE=N",
        help="a morning pain for a day not in the diary (adds the day); repeat for more",
    )
    _mapping_options(imp)


def _mapping_options(imp: argparse.ArgumentParser) -> None:
    """The flags that change how a Bearable or Daylio export is read (its mapping), helped by each choice's words."""
    bearable = imp.add_argument_group("Bearable")
    bearable.add_argument("--pain-symptom", metavar="NAME", help=BEARABLE_OPTIONS["pain_symptom"].help)
    bearable.add_argument("--pain-slot", choices=PAIN_SLOTS, help=BEARABLE_OPTIONS["pain_slot"].help)
    bearable.add_argument(
        "--pain-scale", type=scale_arg, metavar="A,B,C,D,E", help=BEARABLE_OPTIONS["pain_scale"].help
    )
    bearable.add_argument(
        "--pain-without-symptom",
        type=level_arg,
        nargs=1,
        metavar="N",
        help=BEARABLE_OPTIONS["pain_when_missing"].help,
    )
    bearable.add_argument(
        "--painkiller", action="append", metavar="NAME", help=BEARABLE_OPTIONS["painkillers"].help
    )
    bearable.add_argument(
        "--no-sleep-quality", action="store_true", help=BEARABLE_OPTIONS["sleep_quality"].help
    )
    bearable.add_argument("--no-bed-times", action="store_true", help=BEARABLE_OPTIONS["bed_times"].help)
    apps = imp.add_argument_group("Bearable and Daylio")
    apps.add_argument("--tag", action="append", metavar="LABEL=TAG", help=BEARABLE_OPTIONS["tags"].help)
    apps.add_argument("--no-tags", action="store_true", help=NO_TAGS_HELP)
    apps.add_argument("--no-notes", action="store_true", help=BEARABLE_OPTIONS["notes"].help)
    apps.add_argument("--same-day", action="store_true", help=BEARABLE_OPTIONS["next_morning"].help)
