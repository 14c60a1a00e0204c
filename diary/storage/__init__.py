"""Where the diary lives: ``open_diary`` picks the backend from the path.

``PAIN_DIARY_DATA`` (or the command line's ``--data``) names the diary: a path
ending in ``.csv`` is kept as a diary CSV, anything else as SQLite. Unset, the
diary is a SQLite file in the user's data folder, created on first use.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DiaryFileError
from ..wording import new_diary_started
from .base import Diary, Transaction
from .files import (
    DIARY_COMPANIONS,
    NAMES_A_FOLDER,
    POINT_AT_DIARY,
    diary_there,
    file_in_the_way,
    in_the_way,
    names_a_folder,
)
from .sqlite import SCHEMA_VERSION, SQLiteDiary

if TYPE_CHECKING:
    from .csvfile import CSVDiary

ENV_VAR = "PAIN_DIARY_DATA"
DATA_FOLDER = "pain-diary"  # the diary's folder in the platform's user data (and config) folders


def default_path() -> Path:
    """The SQLite diary in the platform's user data folder (e.g. ~/.local/share/pain-diary)."""
    import platformdirs

    return platformdirs.user_data_path(DATA_FOLDER, appauthor=False) / "diary.sqlite3"


def _given(path: str | os.PathLike[str] | None) -> str | os.PathLike[str] | None:
    """The diary path as given: the argument, else ``PAIN_DIARY_DATA``; ``None`` for the default."""
    if path is not None and str(path) != "":
        return path
    return os.environ.get(ENV_VAR, "").strip() or None


def resolve_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The diary path: the argument, else ``PAIN_DIARY_DATA``, else the default.

    A name written as a folder's ("newdir/") is ``DiaryFileError`` unless that
    folder exists (opening it then says it is a folder): its slash would be
    lost here, and a diary file made under the folder's name.
    """
    given = _given(path)
    if given is None:
        return default_path()
    where = Path(given).expanduser().absolute()
    if names_a_folder(given) and not where.is_dir():
        raise DiaryFileError(where, f"{NAMES_A_FOLDER}.", POINT_AT_DIARY)
    if (file := file_in_the_way(where)) is not None:
        raise DiaryFileError(where, f"{in_the_way(file)}.", POINT_AT_DIARY)
    return where


def open_diary(path: str | os.PathLike[str] | None = None, *, create: bool = True) -> Diary:
    """Open the diary at ``path`` / ``PAIN_DIARY_DATA`` / the default, creating it on first use.

    With ``create=False`` a diary that is not there is ``DiaryMissing``: for
    what only reads it (an export, the analysis), which must never start one.
    """
    where = resolve_path(path)
    if where.suffix.lower() == ".csv":
        from .csvfile import CSVDiary

        return CSVDiary(where, create=create)
    return SQLiteDiary(where, create=create)


def open_or_start(path: str | os.PathLike[str] | None, *, say: Callable[[str], None]) -> Diary:
    """``open_diary``, starting the diary on first use and telling ``say`` when it did.

    A command cannot tell a diary deleted from one never made: it may start
    one, but never unsaid.
    """
    with starting(path, say=say) as diary:  # nothing to undo: opening it is all the command does here
        return diary


@contextlib.contextmanager
def starting(path: str | os.PathLike[str] | None, *, say: Callable[[str], None]) -> Iterator[Diary]:
    """``open_or_start`` for a command that starts the diary to save into it, whole or not at all.

    A diary the command started is said only once the command succeeded. When
    it fails (a full disk at the first save, a refused plan), a diary it
    started that still holds nothing is removed with everything beside it, so
    no empty diary is left where the person expected their first entry.
    """
    where = resolve_path(path)
    new = not diary_there(where)
    diary = open_diary(path)
    try:
        yield diary
    except BaseException:
        if new and not _holds_anything(diary):
            diary.close()
            for leftover in (where, *(Path(f"{where}{suffix}") for suffix in DIARY_COMPANIONS)):
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)
        raise
    if new:
        say(new_diary_started(where))


def _holds_anything(diary: Diary) -> bool:
    """Whether a just-started diary holds anything: another window may have saved into it meanwhile."""
    try:
        return bool(diary.dates())
    except Exception:  # unreadable now: leave it as it is rather than remove what cannot be checked
        return True


def __getattr__(name: str) -> object:
    """``CSVDiary`` is imported when it is first asked for: a SQLite diary never loads the CSV backend."""
    if name == "CSVDiary":
        from .csvfile import CSVDiary

        return CSVDiary
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ENV_VAR",
    "SCHEMA_VERSION",
    "CSVDiary",
    "Diary",
    "SQLiteDiary",
    "Transaction",
    "default_path",
    "open_diary",
    "open_or_start",
    "resolve_path",
    "starting",
]
