"""Values derived from an entry, never stored: the Consensus Sleep Diary's sleep figures, morning stiffness.

The formulas are named where the values are shown: time in bed = wake time −
bedtime (crossing midnight); total sleep = time in bed − minutes to fall
asleep − minutes awake (missing parts count as 0); sleep efficiency = total
sleep / time in bed × 100; stiffness = min(pain minutes / 12, 10) (BASDAI).
"""

from __future__ import annotations

import datetime as dt


def minute_of_day(t: dt.time) -> int:
    """Minutes since midnight: 23:40 is 1420."""
    return t.hour * 60 + t.minute


def minutes_from(start: dt.time, end: dt.time) -> int:
    """Minutes on the clock from ``start`` to the next ``end``, across midnight: 23:40 to 06:55 is 435."""
    return (minute_of_day(end) - minute_of_day(start)) % 1440


def time_in_bed_hours(bedtime: dt.time | None, wake_time: dt.time | None) -> float | None:
    """Hours from bedtime to wake time; a bedtime after the wake time is the evening before."""
    if bedtime is None or wake_time is None:
        return None
    return minutes_from(bedtime, wake_time) / 60


def night_figures(
    bedtime: dt.time | None,
    wake_time: dt.time | None,
    latency_min: int | None,
    awake_min: int | None,
) -> tuple[float | None, float | None, float | None]:
    """Time in bed and total sleep (hours), and sleep efficiency (%), of one night: each None when unknown."""
    in_bed = time_in_bed_hours(bedtime, wake_time)
    if in_bed is None:
        return None, None, None
    slept = max(in_bed - ((latency_min or 0) + (awake_min or 0)) / 60, 0.0)
    return in_bed, slept, slept / in_bed * 100 if in_bed else None


def stiffness_score(pain_minutes: int | None) -> float | None:
    if pain_minutes is None:
        return None
    return min(pain_minutes / 12, 10.0)
