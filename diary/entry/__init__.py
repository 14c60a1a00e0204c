"""The entry: one morning's answers, what each may hold, and what is worked out from them.

Its face is the model (``Entry``, ``parse_entry``: raw values -> a valid entry or every problem), kept in
``model``; ``fields`` names the diary's columns (types, allowed values, meaning), ``numbers`` reads whole
numbers, ``derived`` works out time in bed, sleep and stiffness, and ``frame`` holds many entries as a typed
DataFrame (it loads pandas, so it is imported only by those that need it).
"""

from .model import (
    DATE_RE,
    EARLIEST_DATE,
    LATEST_DATE,
    LATEST_UTC_OFFSET,
    Entry,
    check_entry,
    date_problem,
    format_value,
    latest_today,
    parse_entry,
    parse_value,
)

__all__ = [
    "DATE_RE",
    "EARLIEST_DATE",
    "LATEST_DATE",
    "LATEST_UTC_OFFSET",
    "Entry",
    "check_entry",
    "date_problem",
    "format_value",
    "latest_today",
    "parse_entry",
    "parse_value",
]
