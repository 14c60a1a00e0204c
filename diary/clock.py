"""The clock: today's date and the current local time, asked in one place.

Every "today" in the diary — the morning a new entry defaults to, the week of
warnings, a trial's night, a backup's name — comes from ``today()``, so one
answer holds for a whole page run or command, and a test or a demonstration
can set the day in one place.
"""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    """Today's local date."""
    return dt.date.today()


def now() -> dt.datetime:
    """The current local time with its UTC offset, to the second."""
    return dt.datetime.now().astimezone().replace(microsecond=0)
