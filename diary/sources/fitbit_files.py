"""Which of the files handed over hold Fitbit's sleeps, and of what sort each is.

Google Takeout names them ``sleep-YYYY-MM-DD.json`` (a list of sleep logs),
``UserSleeps_*.csv`` (Google's table of sleeps), ``UserSleepStages_*.csv``
(their stages) and fitbit.com's ``fitbit_export_YYYYMMDD.csv``. A name is a
shortcut, never the only test: a file renamed (a browser's repeated download,
``sleep-2023-03-10 (1).json``, or ``mydata.json``) is known by its first bytes.
"""

from __future__ import annotations

import re

from .common import SourceError
from .fitbit_csv import EXPORT_FILE, is_fitbit_csv_head
from .google_tables import STAGES_FILE, is_user_sleep_stages_head
from .inputs import Document, Input, head_text
from .tabular import header_names

SLEEP_FILE = re.compile(r"^sleep-\d{4}-\d{2}-\d{2}(?: ?\(\d+\))?\.json$", re.IGNORECASE)
"""A file of sleep logs, also as a browser names a second download of it ("sleep-2023-03-10 (1).json")."""
USER_SLEEPS_FILE = re.compile(r"^UserSleeps_.*\.csv$", re.IGNORECASE)
"""Google's table of sleeps in a Takeout (``Health Fitness Data_GoogleData/UserSleeps_2026-04-07.csv``)."""
FILES = (SLEEP_FILE, USER_SLEEPS_FILE, EXPORT_FILE)
"""The names of the files that hold sleeps (``UserSleepStages_*.csv`` holds only their stages)."""
TABLE_REQUIRED = ("sleep_start", "sleep_end")
"""The columns a ``UserSleeps_*.csv`` cannot be read without."""

NO_SLEEP_FILES = (
    "it holds no Fitbit sleep-YYYY-MM-DD.json files (in Google Takeout they are in "
    "Global Export Data, under Fitbit or Google Health), nor UserSleeps_*.csv files "
    "(in Health Fitness Data_GoogleData), nor fitbit.com's fitbit_export_YYYYMMDD.csv."
)


def is_sleep_logs_head(text: str) -> bool:
    """Whether the start of a document is a JSON list of Fitbit sleep logs, whatever the file is called."""
    return (
        text.lstrip().startswith(("[", "{"))
        and '"dateOfSleep"' in text
        and ('"startTime"' in text or '"endTime"' in text)
    )


def is_user_sleeps_head(text: str) -> bool:
    """Whether the start of a document is Google's table of sleeps (``UserSleeps_*.csv``)."""
    return {"sleep_id", *TABLE_REQUIRED} <= header_names(text)


def _named(document: Document) -> bool:
    return any(p.match(document.basename) for p in (*FILES, STAGES_FILE))


def _logs_by_content(document: Document) -> bool:
    return document.basename.lower().endswith(".json") and is_sleep_logs_head(head_text(document.head()))


def sleep_files(given: Input) -> list[Document]:
    """The sleep files in what was handed over (the file itself when it is one).

    Known by name, and JSON files by their first bytes: those with "sleep" in
    their name always, every JSON file when none is named as Fitbit names them
    (a Takeout holds thousands of other JSON files, read only when needed).
    """
    documents = given.documents()
    if not (given.is_zip or given.is_folder):
        return documents
    named = [d for d in documents if _named(d)]
    unnamed = [d for d in documents if not _named(d) and (not named or "sleep" in d.basename.lower())]
    found = named + [d for d in unnamed if _logs_by_content(d)]
    if not found:
        raise SourceError(given.name, NO_SLEEP_FILES, "fitbit")
    return found


def is_table(document: Document) -> bool:
    """A table of sleeps rather than a JSON list of logs: by its name, else by its first bytes."""
    if USER_SLEEPS_FILE.match(document.basename) or SLEEP_FILE.match(document.basename):
        return bool(USER_SLEEPS_FILE.match(document.basename))
    return not head_text(document.head()).lstrip().startswith(("[", "{"))


def is_stages(document: Document) -> bool:
    """A table of sleep stages under another name, by its first bytes."""
    return not any(p.match(document.basename) for p in FILES) and is_user_sleep_stages_head(
        head_text(document.head())
    )


def is_export(document: Document) -> bool:
    """fitbit.com's own data export, by its first bytes (a file renamed, or uploaded on its own)."""
    return not SLEEP_FILE.match(document.basename) and is_fitbit_csv_head(head_text(document.head()))
