"""Nights from a wearable, as the diary's sleep columns.

Every wearable reader ends with ``Night``s in local time; this module dates
them by their morning (the night belongs to the morning it ended on), keeps one
per morning, and turns them into the diary's ``bedtime``, ``wake_time``,
``sleep_latency_min``, ``awakenings`` and ``awake_minutes``. It also words an
imported night for the Log page ("From your watch: in bed 23:40–06:55, fell
asleep in 15 min").
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ..wording import moment_label, plural
from .common import SMALL_HOURS_END, Finding, Kind, SourceResult, counted_once, make_days, not_yet

DEFAULT_DEVICE = "your watch"
"""Where an imported night came from, in words, when its export does not say."""

LONGEST_SLEEP = dt.timedelta(hours=24)
"""The longest one sleep (a log, a record, a row) can be: anything longer is not a sleep, and places no night."""

NAP_AFTER = dt.time(12, 0)
"""A sleep that ends at or after this time of day and is shorter than ``NIGHT_AT_LEAST`` is a nap."""

NIGHT_AT_LEAST = dt.timedelta(hours=3)
"""The shortest sleep that counts as a night when it ends in the afternoon or evening (after a night shift)."""

SAME_SLEEP_GAP = dt.timedelta(hours=2)
"""Sleep that starts within this time of the last sleep's end is the same night, woken in between (every reader)."""

NIGHT_PART_FROM = dt.time(22, 0)
"""A short sleep ending at or after this time, with more sleep soon after, is the night's first part (in bed
at 21:30, awake from 23:45 with pain), not a doze on the sofa before bed (one ending earlier, or followed
by longer awake than it slept)."""

LONG_AWAKE_GAP = dt.timedelta(hours=3)
"""Woken in the small hours (before ``SMALL_HOURS_END``), lying awake up to this long still splits one night."""


@dataclass(frozen=True, slots=True)
class Night:
    """One main sleep in local clock time.

    ``bedtime`` is when the person went to bed (or, without an in-bed record,
    fell asleep); ``wake`` is the end of the last sleep. Minutes are whole
    minutes; ``None`` where the export does not say.
    """

    bedtime: dt.datetime
    wake: dt.datetime
    latency_min: int | None
    awake_min: int | None
    awakenings: int | None
    asleep_min: float
    where: str
    device: str
    main: bool = True  # False: the export calls it not the main sleep (a nap, unless it is part of the night)

    @property
    def morning(self) -> dt.date:
        """The date of the morning it ended on: the diary entry it belongs to."""
        return self.wake.date()

    @property
    def nap(self) -> bool:
        """A short sleep that ended in the afternoon or evening: not the night before any morning."""
        return self.wake.time() >= NAP_AFTER and self.wake - self.bedtime < NIGHT_AT_LEAST

    def values(self) -> dict[str, object]:
        raw: dict[str, object] = {
            "bedtime": self.bedtime.time().replace(second=0, microsecond=0, tzinfo=None),
            "wake_time": self.wake.time().replace(second=0, microsecond=0, tzinfo=None),
        }
        for column, value in (
            ("sleep_latency_min", self.latency_min),
            ("awakenings", self.awakenings),
            ("awake_minutes", self.awake_min),
        ):
            if value is not None:
                raw[column] = value
        return raw

    def times(self) -> str:
        """ "sleep Tue 7 Feb 2023, 19:00–20:10" """
        return f"sleep {moment_label(self.bedtime)}–{self.wake:%H:%M}"

    def describe(self) -> str:
        return f"{self.times()} ({self.device}, {self.where})"


@dataclass(frozen=True, slots=True)
class Unread:
    """A part of an export that could not be read but whose time can be told (a record with an unknown
    state, or with only its end readable): a night it falls in is not worked out without it.

    ``start`` and ``end`` as written: with their UTC offset, or in local clock time without one.
    """

    start: dt.datetime
    end: dt.datetime
    where: str

    @classmethod
    def between(cls, start: dt.datetime | None, end: dt.datetime | None, where: str) -> Unread | None:
        """The time of an unreadable part from what could be read of its start and end; None when neither
        says it (or they disagree beyond a day: it places nothing)."""
        if start is not None and end is not None and (start.tzinfo is None) == (end.tzinfo is None):
            first, last = sorted((start, end))
            return cls(first, last, where) if last - first <= LONGEST_SLEEP else None
        moment = start if start is not None else end
        return None if moment is None else cls(moment, moment, where)

    def touches(self, night: Night) -> bool:
        """Whether this part falls in ``night``, or near enough to have been part of it (``SAME_SLEEP_GAP``)."""
        start, end = _as_clock_of(self.start, night.bedtime), _as_clock_of(self.end, night.bedtime)
        return start <= night.wake + SAME_SLEEP_GAP and end >= night.bedtime - SAME_SLEEP_GAP


def _as_clock_of(moment: dt.datetime, like: dt.datetime) -> dt.datetime:
    """``moment`` comparable with ``like``: a moment without an offset is read on ``like``'s clock."""
    if (moment.tzinfo is None) == (like.tzinfo is None):
        return moment
    return moment.replace(tzinfo=like.tzinfo)


UNREAD_IN_NIGHT = (
    "a part of this night could not be read ({where}, listed): its bedtime, wake time and minutes"
    " would be worked out as if that part were not there"
)
"""Why a night with an unreadable part is not imported."""


Read = tuple[list[Night], list[Finding], list[Finding]]
"""What a reader gathers as it goes: the nights, what it could not understand, and what it does not import."""


def minutes(delta: dt.timedelta) -> int:
    """A duration in whole minutes, rounded."""
    return seconds_as_minutes(delta.total_seconds())


def seconds_as_minutes(seconds: float) -> int:
    """Seconds in whole minutes, a half minute up (every reader: 4.5 minutes is 5, as 18.5 is 19)."""
    return math.floor(seconds / 60 + 0.5)


def _joined(first: Night, then: Night) -> Night:
    """Two parts of one night, woken in between: the time between them (and to fall asleep again) is awake
    time, and one awakening.

    A first part without sleep (in bed, not asleep) is the time it took to fall asleep: the night's latency
    runs from its bedtime to the first sleep, and none of it is awake time or an awakening.
    """
    if first.asleep_min == 0:
        latency = minutes(then.bedtime - first.bedtime) + (then.latency_min or 0)
        return replace(
            then,
            bedtime=first.bedtime,
            latency_min=latency,
            where=_parts(first, then),
            main=first.main or then.main,
        )
    gap = minutes(then.bedtime - first.wake) + (then.latency_min or 0)
    awake = (
        None if first.awake_min is None or then.awake_min is None else first.awake_min + gap + then.awake_min
    )
    woke = (
        None
        if first.awakenings is None or then.awakenings is None
        else first.awakenings + 1 + then.awakenings
    )
    return Night(
        first.bedtime,
        then.wake,
        first.latency_min,
        awake,
        woke,
        first.asleep_min + then.asleep_min,
        _parts(first, then),
        first.device,
        first.main or then.main,
    )


def _parts(first: Night, then: Night) -> str:
    """Where a joined night came from: "line 7 and line 8"."""
    return first.where if first.where == then.where else f"{first.where} and {then.where}"


def _continues(last: Night, night: Night) -> bool:
    """Whether ``night`` is the same night as ``last`` after waking in it (not a doze before bed, no overlap).

    Sleep again within ``SAME_SLEEP_GAP`` continues the night; after waking in the small hours, within
    ``LONG_AWAKE_GAP`` (awake from 02:00 to 04:30: the wake time is the end of the later sleep). A short evening
    sleep (``Night.nap``) is the night's first part only when it ended at ``NIGHT_PART_FROM`` or later and
    lasted longer than the time awake after it: asleep 21:30–23:45, awake with pain until 00:25, is one
    night; a doze on the sofa, 21:40–22:10, then in bed at 23:50, is not.
    """
    if night.bedtime < last.wake:
        return False
    gap = night.bedtime - last.wake
    if last.nap and not first_part_of_night(last.wake, last.wake - last.bedtime, gap):
        return False
    woken_in_small_hours = last.wake.time() < SMALL_HOURS_END and last.wake.date() == night.wake.date()
    return gap <= SAME_SLEEP_GAP or (woken_in_small_hours and gap <= LONG_AWAKE_GAP)


def first_part_of_night(end: dt.datetime, slept: dt.timedelta, awake_after: dt.timedelta) -> bool:
    """Whether a short evening sleep ending at ``end``, ``slept`` long, then ``awake_after`` before more sleep,
    is the night's first part (in bed at 21:30, awake from 23:45 with pain) rather than a doze on the sofa:
    it ended at ``NIGHT_PART_FROM`` or later, and lasted at least as long as the time awake after it."""
    return end.time() >= NIGHT_PART_FROM and slept >= awake_after


def _one_clock(nights: Iterable[Night]) -> list[Night]:
    """The nights on one kind of clock: times that carry their UTC offset are compared as the instants they are,
    but a file that gives some times with an offset and some without is read on the clock as written throughout
    (an offset-less time cannot be placed among the others)."""
    listed = list(nights)
    if len({night.bedtime.tzinfo is None for night in listed}) < 2:
        return listed
    return [
        replace(n, bedtime=n.bedtime.replace(tzinfo=None), wake=n.wake.replace(tzinfo=None)) for n in listed
    ]


def join_parts(nights: Iterable[Night]) -> list[Night]:
    """A night logged in two parts (awake an hour with pain, then back to sleep) as the one night it was.

    Parts from one device join when the second starts soon after the first ended
    (``_continues``); overlapping sleeps are not parts (two devices, a repeat) and
    are left to ``one_per_morning``, and a nap (a doze on the sofa before bed)
    stays a nap.
    """
    joined: list[Night] = []
    latest: dict[str, int] = {}  # each device's last sleep so far: its place in ``joined``
    for night in sorted(_one_clock(nights), key=lambda n: (n.bedtime, n.wake)):
        at = latest.get(night.device)
        if at is not None and _continues(joined[at], night):
            joined[at] = _joined(joined[at], night)
        else:
            latest[night.device] = len(joined)
            joined.append(night)
    return joined


def one_per_morning(nights: Iterable[Night]) -> tuple[dict[dt.date, Night], list[Finding]]:
    """The longest sleep for each morning (its parts joined); every other one (a nap, a doze, a repeat) is listed.

    A nap (``Night.nap``) is listed even when it is the only sleep ending that
    day: an afternoon nap is not the night before that morning.
    """
    chosen: dict[dt.date, Night] = {}
    findings: list[Finding] = []
    for night in join_parts(nights):
        if not night.main:
            findings.append(Finding(night.where, night.times(), NOT_MAIN))
            continue
        if night.nap:
            findings.append(Finding(night.morning.isoformat(), night.describe(), _NAP))
            continue
        held = chosen.get(night.morning)
        if held is None:
            chosen[night.morning] = night
            continue
        if (night.bedtime, night.wake) == (held.bedtime, held.wake):
            findings.append(Finding(night.where, night.describe(), counted_once(held.where, "sleep")))
            continue
        shorter, kept = night, held
        if (night.asleep_min, night.wake) > (held.asleep_min, held.wake):
            chosen[night.morning], shorter, kept = night, held, night
        overlapping = shorter.bedtime < kept.wake and kept.bedtime < shorter.wake
        findings.append(
            Finding(
                shorter.morning.isoformat(),
                shorter.describe(),
                _SAME_NIGHT.format(device=kept.device) if overlapping else _SHORTER_SLEEP,
            )
        )
    return chosen, findings


_SHORTER_SLEEP = (
    "a shorter sleep ending on the same day (a nap or a doze); the diary keeps one night per morning"
)
_SAME_NIGHT = (
    "the same night, recorded again (by another device, or twice); the longer record ({device}) is kept"
)


NOT_MAIN = "is not the main sleep (a nap)"
"""Why a sleep its export calls not the main one, and not part of a night, is left out."""

_NAP = (
    f"a nap (under {NIGHT_AT_LEAST.seconds // 3600} hours, ending after {NAP_AFTER:%H:%M}), not a night;"
    " the diary keeps the night that ended each morning"
)


def nights_result(
    kind: Kind,
    name: str,
    nights: Iterable[Night],
    unrecognised: Iterable[Finding] = (),
    not_imported: Iterable[Finding] = (),
    unread: Iterable[Unread] = (),
) -> SourceResult:
    """A ``SourceResult`` with one day per morning, the values checked with the diary's rules.

    A night that an ``unread`` part falls in is listed, not imported: without that part its times and
    minutes would be wrong (a hole in the night's sleep counted as awake, a first sleep taken for later).
    """
    chosen, naps = one_per_morning(nights)
    holes = list(unread)
    for day, night in list(chosen.items()):
        hole = next((h for h in holes if h.touches(night)), None)
        if hole is not None:
            del chosen[day]
            naps.append(Finding(night.where, night.describe(), UNREAD_IN_NIGHT.format(where=hole.where)))
    # A device's clock set wrong: a night whose morning is still to come is listed, never kept aside for it.
    early = {day: reason for day in chosen if (reason := not_yet(day)) is not None}
    listed = [Finding(chosen[day].where, chosen[day].describe(), reason) for day, reason in early.items()]
    raw = {day: (n.values(), n.where, n.device) for day, n in chosen.items() if day not in early}
    days, broken = make_days(raw)
    return SourceResult(
        kind,
        name,
        tuple(days),
        unrecognised=(*unrecognised, *listed, *broken),
        not_imported=(*naps, *not_imported),
    )


def night_sentence(values: Mapping[str, object], device: str = DEFAULT_DEVICE) -> str:
    """An imported night in words for the Log page.

    "From your watch: in bed 23:40–06:55, fell asleep in 15 min". Only what the
    night holds is said; awake time and awakenings are added when known.
    """
    bedtime, wake = values.get("bedtime"), values.get("wake_time")
    parts: list[str] = []
    if isinstance(bedtime, dt.time) and isinstance(wake, dt.time):
        parts.append(f"in bed {bedtime:%H:%M}–{wake:%H:%M}")
    elif isinstance(bedtime, dt.time):
        parts.append(f"in bed from {bedtime:%H:%M}")
    elif isinstance(wake, dt.time):
        parts.append(f"woke at {wake:%H:%M}")
    latency = values.get("sleep_latency_min")
    if isinstance(latency, int):
        parts.append(f"fell asleep in {latency} min")
    awake, awakenings = values.get("awake_minutes"), values.get("awakenings")
    if isinstance(awake, int) and awake > 0:
        text = f"awake {awake} min in the night"
        if isinstance(awakenings, int) and awakenings > 0:
            text += f" ({plural(awakenings, 'time')})"
        parts.append(text)
    elif isinstance(awakenings, int) and awakenings > 0:
        parts.append(f"woke {plural(awakenings, 'time')}")
    if not parts:
        return f"From {device}: no sleep times"
    return f"From {device}: " + ", ".join(parts)
