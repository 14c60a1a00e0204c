"""Red flags: warning symptoms that must never be buried behind the analytics.

Two tiers, as in DESIGN "Safety": some symptoms with back pain mean *call
emergency services now*, others *see a doctor today*. The diary is not a
diagnosis, and says so once, plainly (``NOT_A_DIAGNOSIS``).

The emergency number is the person's own setting and is asked for on first
use; until they give one, the advice says to call their local emergency
number rather than guessing one (``call_words``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from . import clock
from .entry import Entry
from .ranges import within
from .wording import day_label, plural

Tier = Literal["emergency", "doctor_today"]
TIERS: tuple[Tier, ...] = ("emergency", "doctor_today")
"""The tiers, most urgent first."""

EMERGENCY_FLAGS: tuple[str, ...] = ("chest_pressure", "saddle_numbness", "bladder_bowel", "leg_weakness")
DOCTOR_TODAY_FLAGS: tuple[str, ...] = (
    "fever",
    "urinary",
    "worsening_numbness",
    "nausea",
    "dizziness",
    "weight_loss",
)
SAYS_BACK_PAIN = frozenset({"fever"})
"""Symptoms whose own words name back pain ("fever with back pain"): advice naming them does not add it again."""
URGENT_FIRST: tuple[str, ...] = (*EMERGENCY_FLAGS, *DOCTOR_TODAY_FLAGS)
"""The symptoms as the Log page offers them: the emergency tier first, so its advice, shown under each ticked
box, is never below a see-a-doctor one."""

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

LOCAL_EMERGENCY_NUMBER = "your local emergency number"
EMERGENCY_NUMBER_EXAMPLES = "112 in Europe, 911 in North America, 999 in the UK, 000 in Australia"

TIER_NAMES: dict[Tier, str] = {
    "emergency": "Call emergency services now",
    "doctor_today": "See a doctor today",
}
TIER_RECORDS: dict[Tier, str] = {
    "emergency": "emergency: call emergency services",
    "doctor_today": "see a doctor the same day",
}
"""A tier as a record of a past morning names it (the report, the terminal): what it called for, not an order for now."""


def tier_of(flag: str) -> Tier:
    return "emergency" if flag in EMERGENCY_FLAGS else "doctor_today"


def call_words(emergency_number: str | None) -> str:
    """What to call: the number the person gave, or "your local emergency number" while none is set."""
    return emergency_number or LOCAL_EMERGENCY_NUMBER


def tier_title(tier: Tier, emergency_number: str | None) -> str:
    """A tier's advice as a title (a dialog's, or before a colon): "Call emergency services now (999)"."""
    name = TIER_NAMES[tier]
    return f"{name} ({call_words(emergency_number)})" if tier == "emergency" else name


def symptom_label(flag: str) -> str:
    """A warning symptom as a checkbox names it: "Fever with back pain"."""
    words = FLAG_LABELS.get(flag, flag)
    return words[:1].upper() + words[1:]


def flag_names(flags: Iterable[str]) -> str:
    """Symptoms in plain words, joined with semicolons (their labels may hold commas)."""
    return "; ".join(FLAG_LABELS.get(f, f) for f in flags)


@dataclass(frozen=True)
class TierAdvice:
    """What to do about the symptoms of one tier: its headline, and a detail naming each of them."""

    tier: Tier
    flags: tuple[str, ...]
    title: str
    """The advice without its full stop: "See a doctor today" (``tier_title``)."""
    detail: str

    @property
    def headline(self) -> str:
        """The advice as a sentence: "See a doctor today."."""
        return f"{self.title}."

    @property
    def is_emergency(self) -> bool:
        return self.tier == "emergency"


HEART_FLAGS = ("chest_pressure",)
"""Emergency symptoms of the heart; the others (saddle numbness, bladder or bowel control, leg weakness) are of nerves."""


def _emergency_cause(flags: tuple[str, ...]) -> str:
    """What the emergency symptoms logged can mean: a nerve problem, a heart problem, or either."""
    heart = any(f in HEART_FLAGS for f in flags)
    nerve = any(f not in HEART_FLAGS for f in flags)
    return (
        "a nerve or heart problem" if heart and nerve else "a heart problem" if heart else "a nerve problem"
    )


def _tier_advice(
    tier: Tier, flags: tuple[str, ...], emergency_number: str | None, logged_on: str | None = None
) -> TierAdvice:
    logged = (
        f"You logged for {logged_on}: {flag_names(flags)}"
        if logged_on
        else f"You logged: {flag_names(flags)}"
    )
    if tier == "emergency":
        return TierAdvice(
            tier,
            flags,
            tier_title(tier, emergency_number),
            f"{logged}. With back pain this can mean {_emergency_cause(flags)} that "
            "needs help within hours. Do not wait to see whether it passes.",
        )
    return TierAdvice(
        tier,
        flags,
        tier_title(tier, emergency_number),
        f"{logged}. {'This' if SAYS_BACK_PAIN & set(flags) else 'Together with back pain this'} needs a "
        f"doctor's look today, not at the next routine visit. If it gets much worse, call "
        f"{call_words(emergency_number)}.",
    )


def by_tier(flags: Iterable[str]) -> list[tuple[Tier, tuple[str, ...]]]:
    """The symptoms grouped by tier, the most urgent tier first; tiers without symptoms left out."""
    flags = tuple(flags)
    grouped = [(tier, tuple(f for f in flags if tier_of(f) == tier)) for tier in TIERS]
    return [(tier, tier_flags) for tier, tier_flags in grouped if tier_flags]


def advice_by_tier(
    flags: Iterable[str], emergency_number: str | None = None, *, logged_on: str | None = None
) -> tuple[TierAdvice, ...]:
    """One piece of advice per tier that has symptoms, the most urgent first; each names every symptom of its tier.

    ``logged_on``: the morning they were logged for, named when it is not this morning ("You logged for Fri
    20 Nov 2026: …"), so that advice saved for an earlier day does not read as if about today.
    """
    return tuple(
        _tier_advice(tier, tier_flags, emergency_number, logged_on) for tier, tier_flags in by_tier(flags)
    )


def tier_records(flags: Iterable[str], *, name_first_tier: bool = True) -> str:
    """A past morning's symptoms, each under the tier it called for, the most urgent first:
    "chest pressure or pain (emergency: call emergency services). Also fever with back pain (see a doctor the
    same day)".
    Without ``name_first_tier`` the most urgent tier goes unnamed (a table names it in a column of its own).
    """
    parts = [
        f"{flag_names(tier_flags)} ({TIER_RECORDS[tier]})" if name_first_tier or i else flag_names(tier_flags)
        for i, (tier, tier_flags) in enumerate(by_tier(flags))
    ]
    return ". Also ".join(parts)


@dataclass(frozen=True)
class RedFlagAdvice:
    """What to do about the warning symptoms of one morning: the most urgent tier's advice, naming every symptom."""

    tier: Tier
    flags: tuple[str, ...]
    headline: str
    detail: str
    tiers: tuple[TierAdvice, ...] = ()

    @property
    def is_emergency(self) -> bool:
        return self.tier == "emergency"


def red_flag_advice(flags: Iterable[str], emergency_number: str | None = None) -> RedFlagAdvice | None:
    """The advice for a morning's red flags (``None`` when there are none), in one message.

    The most urgent tier gives the headline; the detail names every symptom,
    grouped by tier, so a second symptom is never hidden behind the first.
    ``emergency_number`` is the person's setting (``None``: not set yet).
    """
    tiers = advice_by_tier(flags, emergency_number)
    if not tiers:
        return None
    first, *others = tiers
    detail = first.detail
    for other in others:
        detail += f" Also logged: {flag_names(other.flags)} ({TIER_NAMES[other.tier].lower()})."
    return RedFlagAdvice(first.tier, tuple(flags), first.headline, detail, tiers)


def advice_text(flags: Iterable[str], emergency_number: str | None = None) -> str | None:
    """A morning's advice in one paragraph, for a terminal: "Call emergency services now (999). You logged: …"."""
    advice = red_flag_advice(flags, emergency_number)
    return None if advice is None else f"{advice.headline} {advice.detail}"


def ticked_long_ago(day: dt.date, today: dt.date) -> str | None:
    """The morning a symptom is ticked for, named, when it is before yesterday (an old entry opened): the
    advice beside it then says what to do if it has passed since (``symptom_advice``'s ``logged_on``)."""
    return day_label(day) if day < today - dt.timedelta(days=1) else None


def symptom_advice(flag: str, emergency_number: str | None = None, *, logged_on: str | None = None) -> str:
    """The advice shown beside one ticked symptom, before anything is saved.

    ``logged_on``: the morning it is ticked for, when that is before yesterday (an old entry opened): the advice
    stands as it is, and says what to do if the symptom has passed since.
    """
    tier = tier_of(flag)
    why = (
        "With back pain this can need help within hours: do not wait to see whether it passes."
        if tier == "emergency"
        else "With back pain this needs a doctor's look today, not at the next routine visit."
    )
    advice = f"**{tier_title(tier, emergency_number)}.** {why}"
    if logged_on is None:
        return advice
    return f"{advice} This is ticked for {logged_on}: if it has passed since, tell a doctor about it all the same."


@dataclass(frozen=True)
class FlaggedDay:
    date: dt.date
    flags: tuple[str, ...]

    @property
    def tier(self) -> Tier:
        return "emergency" if any(tier_of(f) == "emergency" for f in self.flags) else "doctor_today"


def urgent_first(days: Sequence[FlaggedDay]) -> list[FlaggedDay]:
    """Red-flag mornings as every list of them is read: the emergency tier first, each tier newest first."""
    return sorted(days, key=lambda d: (d.tier != "emergency", -d.date.toordinal()))


def flag_tally(days: Sequence[FlaggedDay]) -> str:
    """Every flag with the number of mornings it was logged, by tier, the most urgent first, each tier named after
    its flags, the most frequent first: "numbness … on 1 morning (emergency: call emergency services); fever
    with back pain on 3 mornings, nausea or vomiting on 1 morning (see a doctor the same day)"."""
    counts: dict[str, int] = {}
    for day in days:
        for flag in day.flags:
            counts[flag] = counts.get(flag, 0) + 1
    frequent = sorted(counts, key=lambda flag: (-counts[flag], flag))
    return "; ".join(
        ", ".join(f"{FLAG_LABELS.get(flag, flag)} on {plural(counts[flag], 'morning')}" for flag in flags)
        + f" ({TIER_RECORDS[tier]})"
        for tier, flags in by_tier(frequent)
    )


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
    return [FlaggedDay(e.date, e.red_flags) for e in entries if e.red_flags and within(e.date, since, until)]


def recent_red_flags(
    entries: Sequence[Entry], *, days: int = 7, today: dt.date | None = None
) -> list[FlaggedDay]:
    """Red flags logged in the last ``days`` days, including today."""
    today = today or clock.today()
    return flagged_days(entries, since=today - dt.timedelta(days=days - 1), until=today)


# -- the emergency number: asking for it, and naming it --------------------------------

NUMBER_QUESTION = "Which number do you call in an emergency?"
NUMBER_WHY = "Warning-symptom advice will name it."
NUMBER_HELP = f"The number warning-symptom advice tells you to call: {EMERGENCY_NUMBER_EXAMPLES}."


def number_saved_message(emergency_number: str) -> str:
    return f"Saved. Advice about warning symptoms now says to call {emergency_number}."


def number_in_use(emergency_number: str | None) -> str:
    """The setting as it stands, in a sentence."""
    if emergency_number:
        return f"Currently in use: {emergency_number}."
    return f"Not set yet: advice about warning symptoms says to call {LOCAL_EMERGENCY_NUMBER}."


def emergency_call(emergency_number: str | None) -> str:
    """The first line of the emergency dialog: whom to call, now."""
    if emergency_number:
        return f"Call {emergency_number} now."
    return f"Call {LOCAL_EMERGENCY_NUMBER} now ({EMERGENCY_NUMBER_EXAMPLES})."


SYMPTOMS_HEADING = "Warning symptoms this morning"
SYMPTOMS_NOTE = "Tick any you have: what to do appears at once, before saving."
ADVICE_ABOVE = "What to do about the symptoms you saved is at the top of the page."
TICKED_NOT_SAVED = "a warning symptom is ticked above; this stands whether or not the morning is saved"
"""After a failed save, beside Save, after each ticked tier's advice: "See a doctor today: a warning …"."""
