"""Pain & Sleep Diary: a local-first morning pain and sleep diary.

The library behind the dashboard and the ``pain-diary`` command: entries and
their validation, storage (SQLite or CSV), the diary CSV, analysis, charts and
the doctor report. It never imports Streamlit.
"""

from .entry import Entry, check_entry, parse_entry
from .errors import (
    CSVRejected,
    DiaryBusy,
    DiaryError,
    DiaryFileError,
    DiaryMissing,
    DiaryReadOnly,
    DiaryWriteError,
    EntryExists,
    EntryInvalid,
    EntryNotFound,
    Problem,
)
from .storage import Diary, open_diary

__version__ = "0.1.0"

__all__ = [
    "CSVRejected",
    "Diary",
    "DiaryBusy",
    "DiaryError",
    "DiaryFileError",
    "DiaryMissing",
    "DiaryReadOnly",
    "DiaryWriteError",
    "Entry",
    "EntryExists",
    "EntryInvalid",
    "EntryNotFound",
    "Problem",
    "check_entry",
    "open_diary",
    "parse_entry",
]
