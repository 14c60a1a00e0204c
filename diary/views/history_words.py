"""Every fixed phrase of the History page: labels, hints and help, defined once and testable without Streamlit.

The table's headings and the sentences that depend on the rows or the day
picked are in ``history`` (which needs pandas); the page's name is
``app_words.HISTORY``. Light to import: no pandas here.
"""

from __future__ import annotations

from ..entry.fields import SLEEP_HOURS_FORMULA, TOTAL_SLEEP

FIRST_RUN_CLOSING = "Once you log mornings, they are listed here to browse, correct or delete."

SLEEP_HOURS_HELP = f"{TOTAL_SLEEP}, in hours: {SLEEP_HOURS_FORMULA}"
"""The help of the one column the diary does not hold but works out (``Entry.sleep_hours``)."""

DATES = "Dates"
DATES_HELP = "Show the mornings from the first to the second date."
SEARCH = "Search notes and tags"
SEARCH_PLACEHOLDER = "e.g. travel or drive"
SEARCH_HELP = "Shows only the days whose notes or tags contain this text (any case)."
NO_MATCH = "No entries match. Widen the dates or change the search."
COLUMNS = "Columns"
COLUMNS_HELP = (
    "Which columns the table shows: the main answers about the morning, the night or the day before, "
    "each of which fits a phone's screen, or all of them (the table then scrolls sideways, the date "
    "staying in view)."
)
COLUMN_SET_LABELS = {"morning": "Morning", "night": "Night", "day_before": "Day before", "all": "All"}
"""The column sets' names (``history.COLUMN_SETS``), as the page's choice shows them."""

CORRECT_OR_DELETE = "Correct or delete a day"
DAY = "Day"
DAY_HELP = "Tap or click any cell of a row in the table, or pick a date."
OPEN_ON_LOG = "Open it on the Log page"
LOG_ON_LOG = "Log this day on the Log page"
DELETE = "Delete…"
CONFIRM_DELETE = "Yes, delete it"
KEEP = "No, keep it"


def edit_label(has_entry: bool) -> str:
    """The button that hands the day picked to the Log page: to correct its entry, or to log it."""
    return OPEN_ON_LOG if has_entry else LOG_ON_LOG


def not_deleted(error: Exception) -> str:
    """A delete refused (the entry gone meanwhile, the diary locked or read-only): why."""
    return f"Nothing was deleted: {error}"


def not_restored(error: Exception | str) -> str:
    """Undo could not put the entry back (the diary locked or read-only meanwhile): why."""
    return f"Not restored: {error}"


def restored(saved: str) -> str:
    """Undo put the entry back: ``saved`` is what a save of it says (``form.saved_message``)."""
    return f"Restored. {saved}"
