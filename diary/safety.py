"""Red flags: warning symptoms that must never be buried behind the analytics.

Two tiers, as in DESIGN "Safety": some symptoms with back pain mean *call
emergency services now*, others *see a doctor today*. The diary is not a
diagnosis, and says so once, plainly (``NOT_A_DIAGNOSIS``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from .entry import Entry

Tier = Literal["emergency", "doctor_today"]

EMERGENCY_FLAGS: tuple[str, ...] = ("chest_pressure", "saddle_numbness", "bladder_bowel", "leg_weakness")
DOCTOR_TODAY_FLAGS: tuple[str, ...] = (
    "fever",
    "urinary",
    "worsening_numbness",
    "nausea",
    "dizziness",
    "weight_loss",
)

FLAG_LABELS: dict[str, str] = {
    "fever": "fever with back pain",
    "urinary": "urinary symptoms (burning, pain, blood, needing to go often)",
    "nausea": "nausea or vomiting",
    "dizziness": "severe dizziness",
    "chest_pressure": "chest pressure or pain",
    "worsening_numbness": "numbness that is getting worse",
    "leg_weakness": "new weakness in a leg",
    "saddle_numbness": "numbness between the legs or around the bottom (saddle area)",
    "bladder_bowel": "loss of bladder or bowel control",
    "weight_loss": "unexplained weight loss",
}

NOT_A_DIAGNOSIS = (
    "This diary is not a diagnosis. It shows patterns in what you logged; "
    "a doctor or physiotherapist can tell you what they mean."
)

DEFAULT_EMERGENCY_NUMBER = "112"


def tier_of(flag: str) -> Tier:
    return "emergency" if flag in EMERGENCY_FLAGS else "doctor_today"


@dataclass(frozen=True)
class RedFlagAdvice:
    """What to do about the warning symptoms of one morning, in plain words."""

    tier: Tier
    flags: tuple[str, ...]
    headline: str
    detail: str

    @property
    def is_emergency(self) -> bool:
        return self.tier == "emergency"


def red_flag_advice(
    flags: Iterable[str], emergency_number: str = DEFAULT_EMERGENCY_NUMBER
) -> RedFlagAdvice | None:
    """The advice for a set of red flags (the most urgent tier wins); ``None`` when there are none."""
    flags = tuple(flags)
    if not flags:
        return None
    emergency = [f for f in flags if tier_of(f) == "emergency"]
    if emergency:
        names = "; ".join(FLAG_LABELS.get(f, f) for f in emergency)
        return RedFlagAdvice(
            "emergency",
            flags,
            f"Call emergency services now ({emergency_number}).",
            f"You logged: {names}. With back pain this can mean a nerve or heart problem that "
            "needs help within hours. Do not wait to see whether it passes.",
        )
    names = "; ".join(FLAG_LABELS.get(f, f) for f in flags)
    return RedFlagAdvice(
        "doctor_today",
        flags,
        "See a doctor today.",
        f"You logged: {names}. Together with back pain this needs a doctor's look today, "
        f"not at the next routine visit. If it gets much worse, call {emergency_number}.",
    )


@dataclass(frozen=True)
class FlaggedDay:
    date: dt.date
    flags: tuple[str, ...]

    @property
    def tier(self) -> Tier:
        return "emergency" if any(tier_of(f) == "emergency" for f in self.flags) else "doctor_today"


class Morning(Protocol):
    """What red flags are read from: an ``Entry``, or a row of the entries frame."""

    @property
    def date(self) -> dt.date: ...

    @property
    def red_flags(self) -> tuple[str, ...]: ...


def flagged_days(
    entries: Sequence[Morning],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[FlaggedDay]:
    """Every logged morning with red flags (optionally within a date range), oldest first."""
    return [
        FlaggedDay(e.date, e.red_flags)
        for e in entries
        if e.red_flags and (since is None or e.date >= since) and (until is None or e.date <= until)
    ]


def recent_red_flags(
    entries: Sequence[Entry], *, days: int = 7, today: dt.date | None = None
) -> list[FlaggedDay]:
    """Red flags logged in the last ``days`` days, including today."""
    today = today or dt.date.today()
    return flagged_days(entries, since=today - dt.timedelta(days=days - 1), until=today)
