"""Every fixed phrase of the Export page: labels, help and captions, defined once and testable without Streamlit.

What a diary CSV holds is said by ``diary.exchange.diary_csv.CSVExport.describe``, the
empty diary by ``diary.exchange.diary_csv.nothing_to_export``; the report's own words
are ``diary.views.report``.
"""

from __future__ import annotations

import datetime as dt

from ..wording import from_to, plural
from . import app_words

TITLE = app_words.EXPORT
INTRO = (
    "Take your diary to a doctor or physiotherapist: a one-page report they can read in a minute, "
    "and the diary CSV, which opens in any spreadsheet. Nothing leaves this computer until you "
    "save a file and hand it over."
)
FROM = "From"
TO = "To"
CHOOSE_BOTH = "Choose both dates: the first and the last morning to include."

REPORT = "Report for your doctor"
REPORT_INTRO = (
    "One A4 page: red flags and patterns worth a look first, then the summary numbers, the pain "
    "trend with mattress switches, and the factors your diary supports."
)
MAKE_REPORT = "Make the report"
DOWNLOAD_REPORT = "Download the report (PDF)"
REPORT_PREVIEW = "The report page as it will print"
REPORT_PREVIEW_ALT = "A picture of the report page: the same as the PDF to download above"
REPORT_STALE = "The dates or the diary changed since the last report: make it again for these dates."

CSV = "Diary CSV"
INCLUDE_NOTES = "Include notes"
INCLUDE_NOTES_HELP = "Notes can be private. Leave them out and the notes column stays empty."
DOWNLOAD_CSV = "Download the diary CSV"
FORMULA_GUARD = "Cells a spreadsheet would run as a formula get a leading ' (import removes it again)."

BACKUP = "Backup"
BACKUP_INTRO = (
    "The whole diary in one ZIP file: the diary CSV, notes included, and your self-experiments. Keep it "
    "somewhere safe; to move the diary to another computer, import this file there on the Import page "
    "(or with `pain-diary import`)."
)
DOWNLOAD_BACKUP = "Download a full backup (ZIP)"


def diary_holds(days: int, first: dt.date, last: dt.date) -> str:
    """Under the dates: what the whole diary holds, and that both chosen dates count."""
    both = " Both dates are included." if first != last else ""
    return f"The diary holds {plural(days, 'day')}, {from_to(first, last)}.{both}"


def csv_holds(described: str) -> str:
    """Under the CSV's button: what the file holds (``CSVExport.describe``), and the formula guard."""
    return f"{described} {FORMULA_GUARD}"


def rows_shown(shown: int, rows: int) -> str:
    """Under the CSV's first rows, when the file has more: "The first 10 of 365 rows."."""
    return f"The first {shown} of {rows} rows."


def where_the_diary_is(described: str) -> str:
    """Under the backup's button: the diary's file (``Diary.describe``), and the other way to move it."""
    return (
        f"This diary is the {described}. Copying that file while the dashboard is stopped "
        "is another way to move it."
    )
