"""Date ranges: the one check, filter and message for "from – to" (both ends included, either open)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .errors import DiaryError
from .wording import day_label

if TYPE_CHECKING:
    import pandas as pd

    from .entry import Entry


def check_range(start: dt.date | None, end: dt.date | None, *, today: dt.date | None = None) -> None:
    """``DiaryError`` for a range that starts after it ends (or, given ``today``, after today)."""
    if start is not None and end is not None and start > end:
        raise DiaryError(
            f"The range starts ({day_label(start)}) after it ends ({day_label(end)}); choose a start before the end."
        )
    if start is not None and today is not None and start > today:
        raise DiaryError(
            f"The range starts on {day_label(start)}, after today ({day_label(today)}); choose an earlier start."
        )


def no_entries_message(start: dt.date | None, end: dt.date | None) -> str:
    """What to say when a range holds no entries."""
    if start is None and end is None:
        return "The diary has no entries yet; log a few mornings first."
    if start is not None and start == end:
        return f"The diary has no entry on {day_label(start)}; choose another range."
    first = day_label(start) if start else "the start"
    last = day_label(end) if end else "today"
    return f"The diary has no entries from {first} to {last}; choose another range."


def in_range(frame: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> pd.DataFrame:
    """The rows of an entries frame from ``start`` to ``end`` (inclusive; a missing bound is open)."""
    import pandas as pd

    keep = pd.Series(True, index=frame.index)
    if start is not None:
        keep &= frame["date"] >= pd.Timestamp(start)
    if end is not None:
        keep &= frame["date"] <= pd.Timestamp(end)
    return frame.loc[keep]


def within(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether ``day`` is from ``start`` to ``end`` (inclusive; a missing bound is open)."""
    return (start is None or day >= start) and (end is None or day <= end)


def entries_in_range(entries: Iterable[Entry], start: dt.date | None, end: dt.date | None) -> Iterator[Entry]:
    """The entries from ``start`` to ``end`` (inclusive; a missing bound is open), in their order."""
    return (entry for entry in entries if within(entry.date, start, end))
