"""Fitbit: nights from Google Takeout's ``sleep-YYYY-MM-DD.json`` files.

A file, a folder or a zip of them (``Takeout/Fitbit/Global Export Data/``).
Each file is a JSON list of sleep logs. ``startTime`` and ``endTime`` are local
clock times without a zone, so they are used as written. Per log:
``bedtime`` = ``startTime``; ``wake_time`` = ``endTime`` less
``minutesAfterWakeup``; ``sleep_latency_min`` = ``minutesToFallAsleep``
(except a 0 on a stage or automatically detected log: such a log starts
when sleep was detected, so the time to fall asleep was not measured);
``awake_minutes`` = ``minutesAwake``. A stage log's ``levels.data`` places
the night within the log: the wake before its first sleep stage is the time
to fall asleep, and the wake after its last is after waking up (as for Apple
Health, neither is awake time in the night), and the night ends where its
last sleep stage ends. ``unknown`` there is time without data (the device
not read): neither sleep nor awake, so it is no awake minutes (Fitbit's
``minutesAwake`` holds none of it) and no awakening, a night ending in it
ended with the last sleep, and one beginning in it began at its first known
level. ``awakenings`` = the times the person woke between the first and the
last sleep of ``levels.data`` (a stretch between two sleeps holding a wake;
only sleep ends one): for a stage log the ``wake`` periods between sleep
stages (its summary's ``wake`` count adds every wake of three minutes or
less, ``shortData``: some 30 a night, not the times a person woke); for a
classic log the ``awake`` periods between ``asleep`` ones, ``restless``
being neither waking nor the night's sleep (an ``awake`` in the restless
start of a night is falling asleep, as in ``minutesToFallAsleep``), and its
summary's ``awake`` count when ``levels.data`` holds no ``asleep``. A log
that is not the main sleep is a nap, listed and not imported, unless it is
the part of a night before or after waking in it (``nights.join_parts``);
the same log exported twice is listed once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .common import (
    Finding,
    SourceError,
    SourceResult,
    counted_once,
    load_json,
    not_a_moment,
    not_a_night,
    within_the_diary,
)
from .inputs import Document, Input, SourceInput, as_input, decode_text
from .nights import Night, nights_result, seconds_as_minutes

SLEEP_FILE = re.compile(r"^sleep-\d{4}-\d{2}-\d{2}\.json$", re.IGNORECASE)
DEVICE = "your Fitbit"
_STAGES = frozenset({"light", "deep", "rem"})
"""A stage log's levels of sleep (its others: ``wake``, and ``unknown``)."""

_CLASSIC_SLEEP = frozenset({"asleep"})
"""A classic log's level of sleep: ``restless`` is not it (Fitbit counts restless minutes in ``minutesAwake``)."""

_NO_DATA = "unknown"
"""A stage log's level for time without data (the device not read): neither sleep nor awake."""

_MINUTES_A_DAY = 24 * 60
"""The most minutes any of a sleep log's counts can hold (a log is of one sleep, at most a day long)."""


def sleep_files(given: Input) -> list[Document]:
    """The sleep-*.json files in what was handed over (the file itself when it is one)."""
    documents = given.documents()
    if not (given.is_zip or given.is_folder):
        return documents
    found = [d for d in documents if SLEEP_FILE.match(d.basename)]
    if not found:
        raise SourceError(
            given.name,
            "it holds no Fitbit sleep-YYYY-MM-DD.json files (in Google Takeout they are in "
            "Fitbit/Global Export Data).",
            "fitbit",
        )
    return found


def _logs(document: Document, source: str) -> list[object]:
    data = load_json(decode_text(document.read_bytes(source), source), source, "fitbit", document.basename)
    if not isinstance(data, list):
        raise SourceError(source, f"{document.basename} is not a list of sleep logs.", "fitbit")
    return data


def _minutes(log: Mapping[str, object], key: str) -> int | None:
    value = log.get(key)
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not 0 <= value <= _MINUTES_A_DAY  # NaN and infinity too
        or value != int(value)
    ):
        raise ValueError(f"{key} {value!r} is not a whole number of minutes from 0 to {_MINUTES_A_DAY}")
    return int(value)


def _awakenings(log: Mapping[str, object]) -> int | None:
    levels = log.get("levels")
    if not isinstance(levels, dict):
        return None
    data = levels.get("data")
    if log.get("type") == "stages":
        return _wakings(data, _STAGES, "wake")
    woke = _wakings(data, _CLASSIC_SLEEP, "awake")
    if woke is not None:
        return woke
    # No asleep period to place the awake ones by: Fitbit's own count, as exported.
    summary = levels.get("summary")
    block = summary.get("awake") if isinstance(summary, dict) else None
    count = block.get("count") if isinstance(block, dict) else None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _wakings(data: object, sleep: frozenset[str], wake: str) -> int | None:
    """The times ``levels.data`` woke between its first and its last sleep (``None`` without sleep in it).

    A waking is a stretch between two sleeps that holds a ``wake`` entry: a wake
    before the first sleep is falling asleep, and one after the last is getting
    up. Only sleep ends a waking: ``unknown`` (no data) and a classic log's
    ``restless`` neither begin nor end one, so wake, unknown, wake is one waking
    and a stretch of only unknown or restless is none.
    """
    if not isinstance(data, list) or not data:
        return None
    levels = [_level(item) for item in data]
    asleep = [i for i, level in enumerate(levels) if level in sleep]
    if not asleep:
        return None
    wakings, woke = 0, False
    for level in levels[asleep[0] : asleep[-1] + 1]:
        if level in sleep:
            wakings += 1 if woke else 0
            woke = False
        elif level == wake:
            woke = True
    return wakings


def _latency(log: Mapping[str, object]) -> int | None:
    """``minutesToFallAsleep``, unless it is the 0 of a log that starts when sleep was detected."""
    value = _minutes(log, "minutesToFallAsleep")
    detected = log.get("type") == "stages" or log.get("logType") == "auto_detected"
    return None if value == 0 and detected else value


def _local(log: Mapping[str, object], key: str) -> dt.datetime:
    value = log.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{key} is missing")
    try:
        moment = dt.datetime.fromisoformat(value.strip()).replace(tzinfo=None)
    except ValueError:
        raise not_a_moment(key, value) from None
    return within_the_diary(key, value, moment)


@dataclass(frozen=True, slots=True)
class _Edges:
    """Where a stage log's night begins and ends in its ``levels.data``, in seconds from the log's ends."""

    no_data_before: float = 0.0
    """Unknown before the first known level: not known to be in bed yet (the bedtime is later)."""
    wake_before: float = 0.0
    """Wake before the first sleep: the time to fall asleep, not awake time in the night."""
    after_sleep: float = 0.0
    """Everything after the last sleep, wake and unknown alike: the night ended that long before ``endTime``."""
    wake_after: float = 0.0
    """Wake after the last sleep: after waking up, not awake time in the night."""


def _stage_spans(log: Mapping[str, object]) -> list[tuple[object, float]]:
    """A stage log's ``levels.data`` as (level, seconds), in order; empty for any other log."""
    levels = log.get("levels")
    data = levels.get("data") if isinstance(levels, dict) and log.get("type") == "stages" else None
    if not isinstance(data, list):
        return []
    return [
        (_level(item), float(item["seconds"]))
        for item in data
        if isinstance(item, dict) and _seconds_in_a_day(item.get("seconds"))
    ]


def _seconds_in_a_day(value: object) -> bool:
    return (
        isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= _MINUTES_A_DAY * 60
    )


def _level(item: object) -> str | None:
    """The level of one entry of ``levels.data`` ("deep", "wake", "restless"…); ``None`` when it names none."""
    level = item.get("level") if isinstance(item, dict) else None
    return level if isinstance(level, str) else None


def _seconds(spans: list[tuple[object, float]], level: object) -> float:
    """The seconds ``spans`` spent in ``level``."""
    return sum(seconds for each, seconds in spans if each == level)


def _stage_edges(log: Mapping[str, object]) -> _Edges:
    """The edges of a stage log's night (none without a sleep stage in ``levels.data``).

    Measured in seconds from ``startTime`` and back from ``endTime`` (the entries
    follow on from each other), not from each entry's ``dateTime``: an export's
    ``levels.data`` may stop short of its log, and its last entry is then no end.
    """
    spans = _stage_spans(log)
    asleep = [i for i, (level, _) in enumerate(spans) if level in _STAGES]
    if not asleep:
        return _Edges()
    before, after = spans[: asleep[0]], spans[asleep[-1] + 1 :]
    known = next(i for i, (level, _) in enumerate(spans) if level != _NO_DATA)
    return _Edges(
        no_data_before=sum(seconds for _, seconds in spans[:known]),
        wake_before=_seconds(before, "wake"),
        after_sleep=sum(seconds for _, seconds in after),
        wake_after=_seconds(after, "wake"),
    )


def log_night(log: Mapping[str, object], where: str) -> Night:
    """One sleep log as a ``Night``; ``ValueError`` says what is wrong with it.

    A stage log's wake before its first sleep is the time to fall asleep, and its
    wake after the last sleep is after waking up: neither is awake time in the
    night (as for Apple Health), and the night ends with the last sleep, however
    long the log runs on in wake or without data (``unknown``) after it.
    """
    start, end = _local(log, "startTime"), _local(log, "endTime")
    edges = _stage_edges(log)
    bedtime = start + dt.timedelta(seconds=edges.no_data_before)
    after = max(
        dt.timedelta(minutes=_minutes(log, "minutesAfterWakeup") or 0),
        dt.timedelta(seconds=edges.after_sleep),
    )
    wake = end - after
    if not bedtime < wake <= bedtime + dt.timedelta(hours=24):
        raise ValueError(not_a_night(bedtime, wake))
    asleep = _minutes(log, "minutesAsleep")
    awake = _minutes(log, "minutesAwake")
    latency = _latency(log)
    lead, trail = edges.wake_before, edges.wake_after
    if lead and latency is None:
        latency = seconds_as_minutes(lead)
    if awake is not None and (lead or trail):
        awake = max(0, awake - seconds_as_minutes(lead + trail))
    return Night(
        bedtime,
        wake,
        latency,
        awake,
        _awakenings(log),
        float(asleep) if asleep is not None else (wake - bedtime).total_seconds() / 60,
        where,
        DEVICE,
    )


def _read_log(
    log: object, where: str, seen: dict[object, str], result: tuple[list[Night], list[Finding], list[Finding]]
) -> None:
    nights, unrecognised, not_imported = result
    if not isinstance(log, dict):
        unrecognised.append(
            Finding(where, "entry", "is not a sleep log (an object with startTime and endTime)")
        )
        return
    log_id = log.get("logId")
    if not isinstance(log_id, (int, str)):  # a number as exported; anything else names no log to count once
        log_id = None
    if log_id is not None and log_id in seen:
        not_imported.append(Finding(where, f"sleep log {log_id}", counted_once(seen[log_id], "log")))
        return
    if log_id is not None:
        seen[log_id] = where
    try:
        night = log_night(log, where)
        # Not the main sleep: a nap, or the part of a night before or after waking in it (``join_parts``).
        nights.append(night if log.get("mainSleep") is not False else replace(night, main=False))
    except ValueError as exc:
        unrecognised.append(
            Finding(where, f"sleep log {log_id if log_id is not None else ''}".strip(), str(exc))
        )


def read_fitbit(source: SourceInput | Input, *, name: str | None = None) -> SourceResult:
    """The nights in Fitbit sleep-*.json files (a file, a folder or a zip of them), one per morning."""
    given = as_input(source, name)
    result: tuple[list[Night], list[Finding], list[Finding]] = ([], [], [])
    seen: dict[object, str] = {}
    with given.held():
        for document in sleep_files(given):
            for number, log in enumerate(_logs(document, given.name), start=1):
                _read_log(log, f"{document.basename}, entry {number}", seen, result)
    nights, unrecognised, not_imported = result
    return nights_result("fitbit", given.name, nights, unrecognised, not_imported)
