"""Apple Health sleep records → one night per morning, in local time.

The rules, in order:

1. **Local time.** A record's ``HKTimeZone`` metadata names the zone its times
   are local to; a record without one, in a night where others have one, takes
   theirs; otherwise the offset written with the record is used. Durations are
   always measured between instants, so a night across a clock change is as
   long as it really was; a night across time zones (a night flight) gives its
   bedtime on the clock it ended on (``on_the_mornings_clock``).
2. **Nights.** Records of every source, sorted by start, belong to one sleep
   while each starts less than two hours after everything before it ended.
3. **Overlapping sources are reconciled, never added up.** Several sources often
   record the same night (a watch, a phone, a sleep app). One source's sleep
   records describe the night: among the sources whose total sleep is within a
   quarter of the longest, the one with the most detail (sleep stages, then Awake
   records), then the most sleep. Its records of one state that overlap (an
   export that repeats itself) are merged, not summed.
4. **Derived values.** ``bedtime`` = start of in-bed (that source's InBed records,
   else the InBed records of the source that overlaps the sleep most; without
   any, the start of that source's Awake records leading into its first sleep,
   as a watch records going to bed without an in-bed record; else when sleep
   began), ``wake_time`` = end of the last sleep, ``sleep_latency_min`` =
   bedtime to first sleep (not when bedtime is when sleep began),
   ``awake_minutes`` = the minutes between first sleep and last sleep
   that no sleep record covers (the Awake records, and gaps; not from one
   unbroken block of plain sleep, which is what a source that cannot tell
   waking writes), ``awakenings`` = that source's Awake periods between first
   and last sleep — only when the source records Awake at all. A night with
   in-bed records only gives bedtime and the end of in-bed as wake time; under
   an hour in bed with no sleep recorded (a phone's record of lying down after
   the alarm) is not a night, and is listed.
5. **A doze before bed is not the night.** Sleep that ended half an hour or
   more before the in-bed record began (on the sofa, say) is left out of the
   night and listed. Without in-bed records, so is sleep that ended in the
   evening (after noon) half an hour or more before the next sleep began, when
   that sleep went on past midnight: bedtime is then when the night's own sleep
   began, not the doze, unless it was the night's first part
   (``nights.first_part_of_night``, as for every wearable).
6. The night belongs to the morning (local date) it ended on.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..entry.fields import FIELD_BY_NAME
from ..wording import moment_label
from .common import Finding, span
from .nights import NAP_AFTER, SAME_SLEEP_GAP, Night, Read, first_part_of_night, minutes

ASLEEP = frozenset({"asleep", "core", "deep", "rem"})
STAGES = frozenset({"core", "deep", "rem"})
DOZE_GAP = dt.timedelta(minutes=30)
IN_BED_NIGHT_AT_LEAST = dt.timedelta(hours=1)
"""The shortest time in bed, with no sleep recorded in it, that is taken as a night (rule 4)."""
CLOSE_ENOUGH = 0.75
TOUCHING = dt.timedelta(minutes=1)
"""An Awake record ending this close to the first sleep leads into it (rule 4)."""
LONGEST_LATENCY_MIN = FIELD_BY_NAME["sleep_latency_min"].high or 0

Interval = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True, slots=True)
class SleepRecord:
    """One sleep analysis record: its state, aware start and end, source, and time zone name."""

    number: int
    state: str
    start: dt.datetime
    end: dt.datetime
    source: str
    watch: bool
    zone: str | None = None


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching intervals merged; sorted by start."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def total(intervals: Iterable[Interval]) -> dt.timedelta:
    return sum((end - start for start, end in intervals), dt.timedelta())


def _overlap(intervals: Sequence[Interval], start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    return sum(
        (min(e, end) - max(s, start) for s, e in intervals if e > start and s < end),
        dt.timedelta(),
    )


def sessions(records: Iterable[SleepRecord]) -> list[list[SleepRecord]]:
    """Records grouped into sleeps: a record starting two hours or more after the rest ended begins a new one."""
    grouped: list[list[SleepRecord]] = []
    reach: dt.datetime | None = None
    for record in sorted(records, key=lambda r: (r.start, r.end, r.number)):
        if reach is None or record.start > reach + SAME_SLEEP_GAP:
            grouped.append([])
            reach = record.end
        grouped[-1].append(record)
        reach = max(reach, record.end)
    return grouped


def localise(session: list[SleepRecord], unknown: set[str]) -> list[SleepRecord]:
    """The session's records in local time: their own HKTimeZone, else the one the session's other records name."""
    named = Counter(r.zone for r in session if r.zone and _zone(r.zone) is not None)
    unknown.update(r.zone for r in session if r.zone and _zone(r.zone) is None)
    default = named.most_common(1)[0][0] if named else None
    local: list[SleepRecord] = []
    for record in session:
        name = record.zone if record.zone and _zone(record.zone) else default
        zone = _zone(name) if name else None
        if zone is None:
            local.append(record)
        else:
            local.append(replace(record, start=_fixed(record.start, zone), end=_fixed(record.end, zone)))
    return local


def _fixed(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """``moment`` on the clock of ``zone``, with that clock's offset fixed to it.

    Two times on one ``ZoneInfo`` are compared and subtracted by their clock
    readings alone, so in the hour the clocks go back 02:15 (after the change)
    would count as earlier than 02:45 (before it); with their own offsets they
    are compared as the instants they are.
    """
    local = moment.astimezone(zone)
    offset = local.utcoffset()
    return local if offset is None else local.replace(tzinfo=dt.timezone(offset))


def _by_source(session: list[SleepRecord]) -> dict[str, list[SleepRecord]]:
    found: dict[str, list[SleepRecord]] = defaultdict(list)
    for record in session:
        found[record.source].append(record)
    return found


def _intervals(records: Iterable[SleepRecord], states: frozenset[str]) -> list[Interval]:
    return union((r.start, r.end) for r in records if r.state in states)


def primary_source(by_source: dict[str, list[SleepRecord]]) -> str | None:
    """The source whose sleep records describe the night (rule 3), or ``None`` without any sleep."""
    asleep = {src: total(_intervals(recs, ASLEEP)) for src, recs in by_source.items()}
    longest = max(asleep.values(), default=dt.timedelta())
    if longest <= dt.timedelta():
        return None

    def detail(src: str) -> tuple[int, dt.timedelta, str]:
        states = {r.state for r in by_source[src]}
        richness = 2 if states & STAGES else 1 if "awake" in states else 0
        return richness, asleep[src], src

    close = [src for src, slept in asleep.items() if slept >= longest * CLOSE_ENOUGH]
    return max(close, key=detail)


def _in_bed(by_source: dict[str, list[SleepRecord]], primary: str, sleep: Interval) -> list[Interval]:
    own = _intervals(by_source[primary], frozenset({"in_bed"}))
    if own:
        return own
    best: list[Interval] = []
    best_overlap = dt.timedelta()
    for source in sorted(by_source):
        in_bed = _intervals(by_source[source], frozenset({"in_bed"}))
        overlap = _overlap(in_bed, *sleep)
        if overlap > best_overlap:
            best, best_overlap = in_bed, overlap
    return best


def _device(records: Iterable[SleepRecord], source: str) -> str:
    return "your watch" if any(r.watch for r in records) else f"Apple Health ({source})"


def _in_bed_only(session: list[SleepRecord], where: str) -> tuple[Night | None, Finding | None]:
    """A night known only from in-bed records; one too short to be a night left out and listed (rule 4)."""
    by_source = _by_source(session)
    choices = {src: _intervals(recs, frozenset({"in_bed"})) for src, recs in by_source.items()}
    source = max(sorted(choices), key=lambda s: total(choices[s]))
    in_bed = choices[source]
    if not in_bed:
        return None, None
    start, end = in_bed[0][0], in_bed[-1][1]
    if total(in_bed) < IN_BED_NIGHT_AT_LEAST:
        return None, Finding(where, f"in bed {moment_label(start)}–{end:%H:%M}", _TOO_SHORT)
    night = Night(
        start,
        end,
        None,
        None,
        None,
        total(in_bed).total_seconds() / 60,
        where,
        _device(by_source[source], source),
    )
    return night, None


_TOO_SHORT = f"under {IN_BED_NIGHT_AT_LEAST.seconds // 3600} hour in bed with no sleep recorded: lying down, not a night"


def _without_doze(asleep: list[Interval], in_bed: list[Interval]) -> tuple[list[Interval], list[Interval]]:
    """The night's sleep, and the sleep that ended well before the person went to bed (rule 5)."""
    before = [(s, e) for s, e in asleep if e <= in_bed[0][0] - DOZE_GAP] if in_bed else _evening_doze(asleep)
    night = asleep[len(before) :]
    return (night, before) if night else (asleep, [])


def _evening_doze(asleep: list[Interval]) -> list[Interval]:
    """Without in-bed records: the sleep before the last break of ``DOZE_GAP`` or more that came after a sleep
    ending in the evening, when the night's sleep then went on past midnight (rule 5)."""
    morning = asleep[-1][1].date()
    doze: list[Interval] = []
    for at, (_, end) in enumerate(asleep[:-1]):
        gap = asleep[at + 1][0] - end
        late = first_part_of_night(end, end - asleep[len(doze)][0], gap)
        if end.time() >= NAP_AFTER and not late and end.date() < morning and gap >= DOZE_GAP:
            doze = asleep[: at + 1]
    return doze


def _doze_finding(doze: list[Interval], where: str, in_bed: bool) -> Finding:
    start, end = doze[0][0], doze[-1][1]
    counted = "the in-bed time" if in_bed else "when the night's sleep began"
    return Finding(
        where,
        f"sleep {moment_label(start)}–{end:%H:%M}",
        f"a doze before going to bed; the night is counted from {counted}",
    )


TRAVEL = dt.timedelta(hours=1)
"""A night whose clock moved by more than this crossed time zones (a clock change moves it by an hour at most)."""


def _awake_before(records: Sequence[SleepRecord], first: dt.datetime) -> dt.datetime | None:
    """When a source without in-bed records began lying awake just before its first sleep (rule 4): a watch
    records the night from going to bed, awake until asleep, and no in-bed record. None without such a run, or
    one longer than the diary takes as minutes to fall asleep."""
    start = first
    for begun, ended in reversed(_intervals(records, frozenset({"awake"}))):
        if ended > start:  # awake later in the night
            continue
        if start - ended > TOUCHING:
            break
        start = begun
    if start == first or minutes(first - start) > LONGEST_LATENCY_MIN:
        return None
    return start


def _tells_waking(records: Sequence[SleepRecord], asleep: Sequence[Interval]) -> bool:
    """Whether a source's night says how long it lay awake (rule 4): it has Awake records or sleep stages, or
    its sleep has gaps. One unbroken block of plain sleep is what a source without waking writes."""
    return len(asleep) > 1 or any(r.state == "awake" or r.state in STAGES for r in records)


def on_the_mornings_clock(bedtime: dt.datetime, wake: dt.datetime) -> dt.datetime:
    """``bedtime`` as the clock the night ended on reads it, when the night crossed time zones (a night flight).

    The diary keeps clock times, and measures the night from bedtime to wake
    time: 22:00 in New York to 12:00 in Berlin would be a night of 14 hours for
    8 hours in bed. Across a clock change the bedtime stays as the person's
    clock read it (23:00 summer time), as they remember it.
    """
    before, after = bedtime.utcoffset(), wake.utcoffset()
    if before is None or after is None or abs(after - before) <= TRAVEL:
        return bedtime
    return bedtime.astimezone(wake.tzinfo)


def session_night(session: list[SleepRecord]) -> tuple[Night | None, Finding | None]:
    """One sleep's records (already in local time) as a ``Night`` (rule 4), and what was left out and why:
    a doze before it (rule 5), or the whole of a short time in bed without sleep (rule 4)."""
    where = span((r.number for r in session), "sleep record")
    by_source = _by_source(session)
    primary = primary_source(by_source)
    if primary is None:
        return _in_bed_only(session, where)
    records = by_source[primary]
    asleep = _intervals(records, ASLEEP)
    in_bed = _in_bed(by_source, primary, (asleep[0][0], asleep[-1][1]))
    asleep, doze = _without_doze(asleep, in_bed)
    first, last = asleep[0][0], asleep[-1][1]
    lay_awake = None if in_bed else _awake_before(records, first)
    bedtime = on_the_mornings_clock(min(in_bed[0][0], first) if in_bed else lay_awake or first, last)
    latency = minutes(first - bedtime) if in_bed or lay_awake else None
    slept = total(asleep)
    awakenings = None
    if any(r.state == "awake" for r in records):
        awake = _intervals(records, frozenset({"awake"}))
        awakenings = sum(1 for s, e in awake if s >= first and e <= last)
    night = Night(
        bedtime,
        last,
        latency,
        minutes(last - first - slept) if _tells_waking(records, asleep) else None,
        awakenings,
        slept.total_seconds() / 60,
        where,
        _device(records, primary),
    )
    return night, _doze_finding(doze, where, bool(in_bed)) if doze else None


def records_to_nights(records: Iterable[SleepRecord]) -> Read:
    """Every sleep in the records as a ``Night``; findings about unknown time zones; what was left out of nights."""
    unknown: set[str] = set()
    nights: list[Night] = []
    left_out: list[Finding] = []
    for session in sessions(records):
        night, why = session_night(localise(session, unknown))
        if night is not None:
            nights.append(night)
        if why is not None:
            left_out.append(why)
    findings = [
        Finding(
            "HKTimeZone",
            name,
            "is not a time zone this computer knows; the offsets written in the records are used",
        )
        for name in sorted(unknown)
    ]
    return nights, findings, left_out
