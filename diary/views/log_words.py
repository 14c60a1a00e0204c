"""Every fixed phrase of the Log page: labels, hints and help, defined once and testable without Streamlit.

Sentences that depend on the day or the entry are built in ``form``,
``log_day``, ``log_sections`` and ``log_trial``; the words about warning
symptoms and the emergency number are in ``diary.safety``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..entry.fields import TAG_IN_WORDS, Field
from ..wording import NOTHING_SAVED, day_label

TITLE = "Log a morning"
OFF_PLAN_AT_SAVE = "Last night differs from the trial's plan: see the note above the pain question."
"""At Save, on a trial night logged off its plan: the note itself is at the top of the form."""
TODAY = "Today"
YESTERDAY = "Yesterday"
FIRST_RUN_CLOSING = "Or simply log this morning above: only the pain is needed."

PAIN_LABEL = "Morning pain: 0 no pain … 10 worst imaginable"
PAIN_HELP = (
    "How much your back hurt when you woke up: 0 means no pain, 10 the worst pain imaginable. "
    "This is the one thing every entry needs."
)

NUMBER_LABEL = "Emergency number"
NUMBER_PLACEHOLDER = "e.g. 112, 911 or 999"
SAVE_NUMBER = "Save number"
DIALOG_CLOSE = "I have read this"
DISCARD_DRAFT = "Discard"
DISCARD_DRAFT_HELP = "Forget the answers not saved yet, and show this morning as it is in the diary."
DRAFT_DAYS_SHOWN = 3  # other days with unsaved answers, offered to open (newest first)
USE_NIGHT = "Use these sleep times"
USED_NIGHT = "In the form: saving this morning keeps them"

MATTRESS_PLACEHOLDER = "Choose, or type a new name"
MATTRESS_HELP = "The bed you slept on. Type a new name for a bed you have not logged before (e.g. Hotel bed)."
FIRMNESS_PLACEHOLDER = "As recorded for this mattress"
FIRMNESS_HELP = (
    "Leave empty to use the firmness you recorded for this mattress before. "
    "Pick one for a new mattress, or if it changed (a topper)."
)
NIGHT_DETAILS = "More about the night, as in the Consensus Sleep Diary (optional):"
YESTERDAY_NOTE = (
    "Unticked boxes count as “no” once you answer anything about yesterday; "
    "leave the whole section empty if you don't remember."
)
TAGS_PLACEHOLDER = "e.g. new pillow, travel"
TAGS_HELP = (
    f"Your own factors, separated by commas. Each is saved as {TAG_IN_WORDS} "
    "(“New Pillow” becomes new-pillow)."
)


def call_link(emergency_number: str) -> tuple[str, str]:
    """The dialog's button that dials the number on a phone: its label and its ``tel:`` address."""
    return f"Call {emergency_number}", "tel:" + "".join(c for c in emergency_number if c not in " -")


def settings_not_written(path: Path, error: OSError) -> str:
    """The settings file could not be written (a full disk, a read-only folder)."""
    return f"Not saved: the settings file {path} could not be written ({error})."


def not_saved(error: Exception) -> str:
    """The emergency number was not kept: why."""
    return f"Not saved: {error}"


def nothing_saved(error: Exception | str) -> str:
    """A save refused (the file locked or damaged meanwhile, a date not read), saying "Nothing was saved" once."""
    text = str(error)
    return text if NOTHING_SAVED in text else f"{NOTHING_SAVED}: {text}"


def date_not_taken(problem: str, held: dt.date) -> str:
    """Save tapped while the date box holds a date it refused: nothing saved; the next Save is for ``held``."""
    return nothing_saved(f"{problem} To save the morning of {day_label(held)} instead, tap Save again.")


def typed_day_first(day: dt.date) -> str:
    """Save tapped with a date still in the date box: the date is taken, and nothing is saved to the old morning."""
    return (
        f"{NOTHING_SAVED}: the date you typed was taken first, so the form now holds the morning of "
        f"{day_label(day)}. Check its answers and tap Save again."
    )


def _meaning(field: Field) -> str:
    return field.meaning[:1].upper() + field.meaning[1:]


def field_help(field: Field) -> str:
    """A widget's help: what the column means, and how to answer it."""
    if field.kind == "enum" or field.name == "sleep_quality":  # both are tapped choices in the form
        return f"{_meaning(field)}. Tap the chosen one again to clear it."
    if field.kind in ("int", "float"):
        return f"{_meaning(field)} ({field.allowed}). Leave empty if you don't know."
    if field.kind == "set":
        return f"{_meaning(field)}; pick any that apply."
    return f"{_meaning(field)}."
