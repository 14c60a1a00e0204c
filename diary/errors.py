"""Errors the diary reports to people: every one carries a readable message."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .wording import NOTHING_IMPORTED_CLAUSE, NOTHING_SAVED, day_label, plural


def show_value(value: object, limit: int = 40) -> str:
    """A value as it appears in a message: quoted, short, control characters visible."""
    text = value if isinstance(value, str) else str(value)
    shown = repr(text)[1:-1]
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f"'{shown}'"


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule: where (a date or a CSV line), the column, the value and what is allowed."""

    column: str
    value: str
    reason: str
    where: str = ""

    def located(self, where: str) -> Problem:
        return Problem(self.column, self.value, self.reason, where)

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        if self.value == "":
            return f"{prefix}{self.column} {self.reason}"
        return f"{prefix}{self.column} {show_value(self.value)} {self.reason}"


class DiaryError(Exception):
    """Base for errors whose message is meant for the person using the diary."""


class EntryInvalid(DiaryError):
    """Raw values that do not make a valid entry."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class EntryExists(DiaryError):
    def __init__(self, day: dt.date):
        self.date = day
        super().__init__(
            f"There is already an entry for {day_label(day)}. Saving it again is an update: "
            "open it for editing (or pass --update on the command line)."
        )


def no_entry_for(day: dt.date) -> str:
    """The start of every sentence about a day the diary has no entry for."""
    return f"There is no entry for {day_label(day)}"


class EntryNotFound(DiaryError):
    def __init__(self, day: dt.date):
        self.date = day
        super().__init__(f"{no_entry_for(day)}.")


class DiaryFileError(DiaryError):
    """A diary file that cannot be used as it is. It is never changed."""

    def __init__(self, path: Path | str, reason: str, advice: str = "", *, what: str = "the diary"):
        self.path = Path(path)
        self.reason = reason
        message = f"Cannot open {what} {self.path}: {reason}"
        if advice:
            message += f" {advice}"
        message += " The file was not changed."
        super().__init__(message)


NEW_DIARY_ELSEWHERE = "Point PAIN_DIARY_DATA (or --data) at a place you can write to."


class DiaryWriteError(DiaryError):
    """A change that could not be written (a full disk, a disk error): nothing was saved."""

    def __init__(self, path: Path | str, reason: str, advice: str = ""):
        self.path = Path(path)
        self.reason = reason
        message = f"{NOTHING_SAVED} to the diary {self.path}: {reason}"
        if advice:
            message += f" {advice}"
        super().__init__(message)


READ_ONLY_DISK = "it is on a read-only disk or file system"
"""Why a diary is read-only when no permission could make it writable (a read-only mount, a locked card)."""
ANOTHER_ACCOUNT = "belongs to another user account, which alone may write to it"
"""Why a diary's file or folder is read-only when only its owner may change that (said of the file or folder)."""


class DiaryReadOnly(DiaryWriteError):
    """A diary that can be read, exported and analysed, but not changed (the file, folder or disk is read-only)."""

    def __init__(self, path: Path | str, why: str):
        self.why = why
        if why == READ_ONLY_DISK:  # no permission helps there
            writable = (
                "make the disk writable (mount it read-write, or switch off its write protection), or copy "
                "the diary to a place you can write to and point PAIN_DIARY_DATA (or --data) at the copy."
            )
        elif why.endswith(ANOTHER_ACCOUNT):
            # Only that account (or an administrator) can change its permissions.
            writable = (
                "run the diary as that user, or copy the diary to a place you can write to and point "
                "PAIN_DIARY_DATA (or --data) at the copy."
            )
        else:
            writable = "make it writable (for example chmod u+w on the file and its folder) and try again."
        super().__init__(
            path,
            f"the diary is read-only ({why}).",
            f"It can still be read, exported and analysed. To change it, {writable}",
        )


class DiaryMissing(DiaryError):
    """The diary's file is not there. A new, empty diary is never started silently in its place."""

    def __init__(self, path: Path | str, *, was_open: bool = True):
        self.path = Path(path)
        target = _missing_link_target(self.path)
        if target is not None:  # opening it again finds the same link: no new diary is made through it
            message = (
                f"There is no diary at {self.path}: it is a link to {target}, which is missing (on a disk "
                "that is not connected, or moved or deleted). No new diary was started there. Connect the "
                "disk or put the file back; to keep the diary elsewhere, point --data (or PAIN_DIARY_DATA) "
                "there, or remove the link to start a new diary in its place."
            )
        elif was_open:
            message = (
                f"The diary {self.path} is missing: the file was moved or deleted while it was open. "
                f"{NOTHING_SAVED}, and no new diary was started in its place. Put the file back "
                "(or restore a backup there) to go on; to start a new, empty diary there instead, "
                "open it again (restart the dashboard)."
            )
        else:
            message = (
                f"There is no diary at {self.path}: the file is missing. If you moved it, point "
                "--data (or PAIN_DIARY_DATA) at its new place; pain-diary add, import, sample or "
                "trial plan start a new diary there."
            )
        super().__init__(message)


def _missing_link_target(path: Path) -> Path | None:
    """Where ``path`` points, when it is a symbolic link to nothing (None otherwise)."""
    try:
        if not path.is_symlink() or path.exists():
            return None
        return path.parent / os.readlink(path)
    except OSError:
        return None


class DiaryBusy(DiaryError):
    def __init__(self, path: Path | str, seconds: float):
        self.path = Path(path)
        super().__init__(
            f"The diary {self.path} is busy: another window or program has been saving for "
            f"{seconds:g} seconds. {NOTHING_SAVED}; try again in a moment."
        )


MAX_PROBLEMS = 100
"""Reading a file stops after this many problems: a list longer than that helps nobody fix a file,
and a wrong 20 MB file is refused in a moment instead of after a million checks. The list then ends
with a note that it was cut short (one more item)."""


def problem_count(problems: Sequence[Problem]) -> str:
    """How many problems ``problems`` holds ("3 problems"), or "more than 100 problems" for a list cut short."""
    if len(problems) > MAX_PROBLEMS:
        return f"more than {plural(MAX_PROBLEMS, 'problem')}"
    return plural(len(problems), "problem")


class CSVRejected(DiaryError):
    """A diary CSV with problems. Nothing was imported."""

    def __init__(self, source: str, problems: Sequence[Problem]):
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{source} has {problem_count(self.problems)}; {NOTHING_IMPORTED_CLAUSE}:\n{lines}")
