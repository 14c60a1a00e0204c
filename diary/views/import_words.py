"""Every fixed phrase of the Import page: labels, help and captions, defined once and testable without Streamlit.

The preview's sections (their titles and what they mean) and its tables are
``diary.views.imports``, shared with ``pain-diary import --dry-run``; the words
of a Bearable or Daylio mapping are ``diary.sources.mapping_options``, shared
with the command's flags.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..entry.fields import FIELD_BY_NAME
from ..wording import day_label, nights_waiting, plural
from . import app_words

TITLE = app_words.IMPORT
INTRO = (
    "Bring in a diary CSV (an export from this app, a backup, or a spreadsheet with a `date` and a "
    "`pain` column), or another app's export: Apple Health, Fitbit, Oura, Bearable or Daylio. You see "
    "exactly what would change before anything does. Importing is all or nothing, and what you typed "
    "into the diary is never overwritten unless you choose to."
)

UPLOAD = "A diary CSV, a full backup, or another app's export"
UPLOAD_HELP = (
    "A diary CSV or full backup from this app; Apple Health export.zip or export.xml; Fitbit "
    "sleep-*.json (or a zip of them); Oura sleep CSV or JSON; a Bearable or Daylio CSV."
)
READ_AS = "Read it as"
NOT_RECOGNISED = "Not recognised: choose a kind"

# -- a diary CSV or a full backup --------------------------------------------------------------

NEW_DAYS = "New days"
"""Days of the file not in the diary yet: the diary CSV's and another app's preview alike."""
UNCHANGED_DAYS = "Already in the diary, unchanged"
DAYS_DIFFERING = "Days that differ"
"""Days in the diary whose values the file would change: the diary CSV's and another app's preview alike."""
CONFLICTS_NOTE = "These days are already in the diary with different values. Only the differences are shown."
IMPORT = "Import"
IMPORT_HELP = "Add the new days. Off while the file has problems or days differ."
IMPORT_REPLACE = "Import and replace the days that differ"
IMPORT_REPLACE_HELP = "Add the new days and use the file's values for the days that differ."

# -- another app's export ----------------------------------------------------------------------

DAYS_GAINING = "Days gaining values"
OPEN_DAYS_NOTE = (
    "Days of the file not in the diary have no morning pain value, and the diary needs one. "
    "Give a day's pain to add it as a new day."
)
IMPORT_SOURCE_HELP = (
    "Write exactly what is shown above, in one go. Off while there is nothing to import or a problem remains."
)
DAY = "Day"
_PAIN = FIELD_BY_NAME["pain"]
PAIN_VALUE = f"{_PAIN.label} ({_PAIN.low:g}–{_PAIN.high:g})"
"""The pain given for a day the diary lacks: "Morning pain (0–10)", from the diary's own column."""
ADD_DAY = "Add this day"
CLEAR_PAIN = "Clear the pain values"


def imported(source: str, result: object) -> str:
    """A diary CSV or backup imported: the file, then what the import did ("backup.csv: 2 new days added…")."""
    return f"{source}: {result}"


def replace_choice(kind: str) -> str:
    """The box that lets the file's values win for one kind of value: "Replace the diary's sleep times with the file's"."""
    return f"Replace the diary's {kind} with the file's"


def pain_given(given: Mapping[dt.date, int]) -> str:
    """The pain values given so far, by date: "Pain given: Mon 3 Mar 2025: 4, Tue 4 Mar 2025: 2."."""
    shown = ", ".join(f"{day_label(day)}: {pain}" for day, pain in sorted(given.items()))
    return f"Pain given: {shown}."


def this_diary(described: str, days: int, waiting: int) -> str:
    """Before a file is dropped: which diary, how many days, and the nights waiting for their morning."""
    kept = f", and {nights_waiting(waiting, 'imported night')} entry." if waiting else "."
    return f"This diary: {described}, {plural(days, 'day')}{kept}"
