"""Every fixed phrase of the app's frame: its name, the pages' names, and the pieces several pages show.

The navigation and each page's title use the same page name, so a page is
called the same in the sidebar and over its content. The welcome of an empty
diary, the sample diary's buttons and messages, and the heading of warning
symptoms' advice are shown by several pages (``pages._parts``). Light to
import: the app's entry script reads this before any page runs.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..wording import APP_NAME, day_label, plural

if TYPE_CHECKING:
    from ..safety import RedFlagAdvice


LOG = "Log"
HISTORY = "History"
TRENDS = "Trends"
FACTORS = "Factors"
EXPERIMENTS = "Experiments"
EXPORT = "Export"
IMPORT = "Import"
SETTINGS = "Settings"
"""The pages' names: in the navigation, and as each page's title (the Log page's title says more)."""


def diary_caption(described: str) -> str:
    """In the sidebar: which diary is open (``described``: the diary's own description of its file)."""
    return f"Diary: {described}"


def made_by(version: str) -> str:
    """The app and its version, as the doctor report names where it came from."""
    return f"{APP_NAME} {version}"


# -- an empty diary's welcome, and the sample diary --------------------------------------

WELCOME = (
    "**Welcome.** This diary helps you find out what makes your back hurt after sleep: "
    "each morning you log your pain, last night and yesterday in under half a minute. "
    "After a few weeks it shows your trends and which factors go with worse mornings, "
    "and makes a CSV or a one-page report for your doctor."
)
UNGUARDED = (
    "Started without the dashboard's protections (plain `streamlit run`): a web page or another "
    "program on this computer could reach your diary. Stop it and start it with `make run` "
    "or `pain-diary run`."
)
LOAD_SAMPLE = "Load the sample diary"
LOAD_SAMPLE_HELP = "Six months of made-up mornings to look around with; you can remove them in one click."
IMPORT_CSV = "Import a CSV"
REMOVE_SAMPLE = "Remove the sample diary"
REMOVE_SAMPLE_HELP = "Deletes the sample's days; any day you logged or edited yourself stays."


def sample_loaded_message(added: int, start: dt.date) -> str:
    """After loading the sample diary: how many mornings, from when, and how to remove them."""
    return (
        f"Loaded the sample diary: {added} made-up mornings from {day_label(start)}. "
        "Look around; the sidebar has a button to remove it again."
    )


def sample_removed_message(removed: int) -> str:
    """After removing the sample diary: how many days went, and that the person's own stayed."""
    return (
        f"Removed the sample diary ({plural(removed, 'day')}). Days you logged or changed yourself were kept."
    )


def sample_notice(days: int, first: dt.date, last: dt.date) -> str:
    """In the sidebar while sample entries are in the diary."""
    return f"The sample diary is loaded: {days} made-up days, {day_label(first)} to {day_label(last)}."


def red_flag_text(advice: RedFlagAdvice, day: dt.date | None = None) -> str:
    """Warning symptoms' advice in a box: the headline in bold (after the day, when one is named), then the detail."""
    when = f"{day_label(day)} — " if day else ""
    return f"**{when}{advice.headline}** {advice.detail}"
