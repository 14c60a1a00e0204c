"""Summary numbers of a date range: morning pain, how long it lasts, night waking, sleep.

The numbers a clinician reads first on the doctor report. Each share says what
it is a share of (mornings with that value recorded), and the sleep values are
the derived columns of ``diary.entry.frame`` with their Consensus Sleep Diary
formulas named, so nobody has to guess how a number was made.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from ..analysis import LONG_PAIN_MINUTES, OUTCOMES
from ..entry.fields import (
    FIELD_BY_NAME,
    SLEEP_EFFICIENCY,
    SLEEP_EFFICIENCY_FORMULA,
    SLEEP_HOURS_FORMULA,
    TIME_IN_BED_FORMULA,
    TOTAL_SLEEP,
)
from ..errors import DiaryError
from ..ranges import check_range, in_range, no_entries_message
from ..wording import UNRECORDED, plural

SEVERE_PAIN = 7
"""Morning pain from this value up counts as a severe morning."""


CSD = "(Consensus Sleep Diary)"
TIMES_NEEDED = "needs bedtime and wake time"
EFFICIENCY_NEEDS = "needs minutes to fall asleep or minutes awake in the night, beside bedtime and wake time"


@dataclass(frozen=True)
class SummaryLine:
    """One summary number as the report shows it: what, the value, how it was counted."""

    label: str
    value: str
    detail: str


@dataclass(frozen=True)
class Summary:
    """The summary numbers of the mornings logged from ``start`` to ``end`` (inclusive)."""

    start: dt.date
    end: dt.date
    days_logged: int
    pain_mean: float
    pain_median: float
    severe_days: int
    minutes_days: int
    minutes_median: float | None
    long_days: int
    wakings_nights: int
    woken_nights: int
    sleep_nights: int
    sleep_hours_mean: float | None
    sleep_efficiency_mean: float | None
    measured_nights: int = 0  # nights with minutes to fall asleep or minutes awake recorded beside the times

    @property
    def days_in_range(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def severe_share(self) -> float:
        """Share of logged mornings with pain of ``SEVERE_PAIN`` or more."""
        return self.severe_days / self.days_logged

    @property
    def long_share(self) -> float | None:
        """Share of mornings with the minutes recorded whose pain lasted over ``LONG_PAIN_MINUTES``."""
        return self.long_days / self.minutes_days if self.minutes_days else None

    @property
    def woken_share(self) -> float | None:
        """Share of nights with night waking recorded on which pain woke the person at least once."""
        return self.woken_nights / self.wakings_nights if self.wakings_nights else None

    def lines(self) -> list[SummaryLine]:
        """The numbers in plain words, in the order the report shows them."""
        mornings = plural(self.days_logged, "morning")
        lines = [
            SummaryLine(
                OUTCOMES["pain"].title,
                f"mean {format_number(self.pain_mean)}, median {format_number(self.pain_median)}",
                f"pain on waking, over {mornings} logged",
            ),
            SummaryLine(
                f"Severe mornings (pain {SEVERE_PAIN} or more)",
                f"{self.severe_days} of {self.days_logged} ({format_share(self.severe_share)})",
                "share of logged mornings",
            ),
        ]
        if self.minutes_days and self.minutes_median is not None and self.long_share is not None:
            lines.append(
                SummaryLine(
                    OUTCOMES["pain_minutes"].noun,
                    f"median {format_number(self.minutes_median)} min; over {LONG_PAIN_MINUTES} min on "
                    f"{self.long_days} of {self.minutes_days} ({format_share(self.long_share)})",
                    f"minutes until the pain eased, {plural(self.minutes_days, 'morning')} with it recorded",
                )
            )
        else:
            lines.append(
                SummaryLine(OUTCOMES["pain_minutes"].noun, UNRECORDED, "minutes until the pain eased")
            )
        if self.wakings_nights and self.woken_share is not None:
            lines.append(
                SummaryLine(
                    FIELD_BY_NAME["night_wakings"].label,
                    f"{self.woken_nights} of {plural(self.wakings_nights, 'night')} ({format_share(self.woken_share)})",
                    f"nights woken by pain at least once, of {plural(self.wakings_nights, 'night')} "
                    "with it recorded",
                )
            )
        else:
            lines.append(
                SummaryLine(FIELD_BY_NAME["night_wakings"].label, UNRECORDED, "nights woken by pain")
            )
        if self.sleep_nights and self.sleep_hours_mean is not None:
            lines.append(
                SummaryLine(
                    TOTAL_SLEEP,
                    f"mean {self.sleep_hours_mean:.1f} h a night",
                    f"{SLEEP_HOURS_FORMULA}, {TIME_IN_BED_FORMULA} {CSD}; {plural(self.sleep_nights, 'night')} with bedtime and "
                    "wake time recorded",
                )
            )
        else:
            lines.append(SummaryLine(TOTAL_SLEEP, UNRECORDED, TIMES_NEEDED))
        if self.sleep_nights and self.sleep_efficiency_mean is not None and self.measured_nights:
            unmeasured = self.sleep_nights - self.measured_nights
            counted = (
                f"; on {plural(unmeasured, 'night')} with neither recorded, all the time in bed counts as sleep"
                if unmeasured
                else ""
            )
            lines.append(
                SummaryLine(
                    SLEEP_EFFICIENCY,
                    f"mean {self.sleep_efficiency_mean:.0f} %",
                    f"{SLEEP_EFFICIENCY_FORMULA} {CSD}{counted}",
                )
            )
        elif self.sleep_nights:  # every night would be 100 %: nothing was measured
            lines.append(SummaryLine(SLEEP_EFFICIENCY, UNRECORDED, EFFICIENCY_NEEDS))
        else:
            lines.append(SummaryLine(SLEEP_EFFICIENCY, UNRECORDED, TIMES_NEEDED))
        return lines


def summarize(frame: pd.DataFrame, start: dt.date | None = None, end: dt.date | None = None) -> Summary:
    """The summary numbers of an entries frame (``Diary.load()``) over a date range.

    An open end of the range is the first or last logged date. A range without
    entries is a ``DiaryError``: there is nothing honest to summarise.
    """
    check_range(start, end)
    rows = in_range(frame, start, end)
    if rows.empty:
        raise DiaryError(no_entries_message(start, end))
    dates = rows["date"]
    first = start or dates.min().date()
    last = end or dates.max().date()

    pain = rows["pain"].astype("float64")
    minutes = rows["pain_minutes"].dropna().astype("float64")
    wakings = rows["night_wakings"].dropna()
    sleep = rows["sleep_hours"].dropna().astype("float64")
    efficiency = rows["sleep_efficiency"].dropna().astype("float64")
    return Summary(
        start=first,
        end=last,
        days_logged=len(rows),
        pain_mean=float(pain.mean()),
        pain_median=float(pain.median()),
        severe_days=int((pain >= SEVERE_PAIN).sum()),
        minutes_days=len(minutes),
        minutes_median=float(minutes.median()) if len(minutes) else None,
        long_days=int((minutes > LONG_PAIN_MINUTES).sum()),
        wakings_nights=len(wakings),
        woken_nights=int((wakings >= 1).sum()),
        sleep_nights=len(sleep),
        sleep_hours_mean=float(sleep.mean()) if len(sleep) else None,
        sleep_efficiency_mean=float(efficiency.mean()) if len(efficiency) else None,
        measured_nights=int(
            (
                rows["sleep_hours"].notna()
                & (rows["sleep_latency_min"].notna() | rows["awake_minutes"].notna())
            ).sum()
        ),
    )


def format_number(value: float) -> str:
    """A mean or median as people read it: a whole number without decimals, else one decimal."""
    rounded = round(value, 1)
    return f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"


def format_share(share: float) -> str:
    """A share as a percentage; a rare event is "under 1 %", never a misleading 0 %."""
    if share > 0 and share < 0.005:
        return "under 1 %"
    if share < 1 and share > 0.995:
        return "over 99 %"
    return f"{math.floor(share * 100 + 0.5)} %"
