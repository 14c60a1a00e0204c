"""Fitbit: nights from Google Takeout's ``sleep-YYYY-MM-DD.json`` files.

A file, a folder or a zip of them (``Takeout/Fitbit/Global Export Data/``).
Each file is a JSON list of sleep logs. ``startTime`` and ``endTime`` are local
clock times without a zone, so they are used as written. Per log:
``bedtime`` = ``startTime``; ``wake_time`` = ``endTime`` less
``minutesAfterWakeup``; ``sleep_latency_min`` = ``minutesToFallAsleep``
(except a 0 on a stage or automatically detected log: such a log starts
when sleep was detected, so the time to fall asleep was not measured);
``awake_minutes`` = ``minutesAwake``. A stage log whose ``levels.data``
begins with wake took that long to fall asleep, and one that ends with wake
woke up at its start: as for Apple Health, those minutes are the time to fall
asleep and the time after waking, not awake time in the night. ``awakenings`` = for a classic log, the
count of ``awake`` periods in ``levels.summary``; for a stage log, the wake
periods of ``levels.data`` between the first and the last sleep (its summary's
``wake`` count adds every wake of three minutes or less, ``shortData``: some
30 a night, not the times a person woke). A log that is not the main sleep
is a nap, listed and not imported, unless it is the part of a night before
or after waking in it (``nights.join_parts``); the same log exported twice is
listed once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import replace

from .common import Finding, SourceError, SourceResult, counted_once, not_a_night, not_json
from .inputs import Document, Input, SourceInput, as_input, decode_text
from .nights import Night, nights_result, seconds_as_minutes

SLEEP_FILE = re.compile(r"^sleep-\d{4}-\d{2}-\d{2}\.json$", re.IGNORECASE)
DEVICE = "your Fitbit"
_STAGES = frozenset({"light", "deep", "rem"})


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
    text = decode_text(document.read_bytes(source), source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(source, not_json(exc, document.basename), "fitbit") from None
    if not isinstance(data, list):
        raise SourceError(source, f"{document.basename} is not a list of sleep logs.", "fitbit")
    return data


def _minutes(log: Mapping[str, object], key: str) -> int | None:
    value = log.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise ValueError(f"{key} {value!r} is not a whole number of minutes")
    return int(value)


def _awakenings(log: Mapping[str, object]) -> int | None:
    levels = log.get("levels")
    if not isinstance(levels, dict):
        return None
    if log.get("type") == "stages":
        return _stage_wakes(levels.get("data"))
    summary = levels.get("summary")
    block = summary.get("awake") if isinstance(summary, dict) else None
    count = block.get("count") if isinstance(block, dict) else None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _stage_wakes(data: object) -> int | None:
    """The wake periods between the first and the last sleep of a stage log's ``levels.data``."""
    if not isinstance(data, list) or not data:
        return None
    levels = [item.get("level") if isinstance(item, dict) else None for item in data]
    asleep = [i for i, level in enumerate(levels) if level in _STAGES]
    if not asleep:
        return None
    wakes, previous = 0, None
    for level in levels[asleep[0] : asleep[-1] + 1]:
        if level == "wake" and previous != "wake":  # a run of wake entries is one waking
            wakes += 1
        previous = level
    return wakes


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
        return dt.datetime.fromisoformat(value.strip()).replace(tzinfo=None)
    except ValueError:
        raise ValueError(f"{key} {value!r} is not a date and time") from None


def _wake_edges(log: Mapping[str, object]) -> tuple[float, float]:
    """Seconds of wake before the first sleep and after the last in a stage log's ``levels.data`` (0, 0 otherwise)."""
    levels = log.get("levels")
    data = levels.get("data") if isinstance(levels, dict) and log.get("type") == "stages" else None
    if not isinstance(data, list) or not data:
        return 0.0, 0.0
    spans: list[tuple[object, float]] = [
        (item.get("level"), float(item["seconds"]))
        for item in data
        if isinstance(item, dict) and isinstance(item.get("seconds"), (int, float))
    ]
    if not any(level in _STAGES for level, _ in spans):
        return 0.0, 0.0

    def edge(items: list[tuple[object, float]]) -> float:
        total = 0.0
        for level, seconds in items:
            if level != "wake":
                break
            total += seconds
        return total

    return edge(spans), edge(spans[::-1])


def log_night(log: Mapping[str, object], where: str) -> Night:
    """One sleep log as a ``Night``; ``ValueError`` says what is wrong with it.

    A stage log's wake before its first sleep is the time to fall asleep, and its
    wake after the last sleep is after waking up: neither is awake time in the
    night (as for Apple Health), and the night ends with the last sleep.
    """
    start, end = _local(log, "startTime"), _local(log, "endTime")
    lead, trail = _wake_edges(log)
    after = max(dt.timedelta(minutes=_minutes(log, "minutesAfterWakeup") or 0), dt.timedelta(seconds=trail))
    wake = end - after
    if not start < wake <= start + dt.timedelta(hours=24):
        raise ValueError(not_a_night(start, wake))
    asleep = _minutes(log, "minutesAsleep")
    awake = _minutes(log, "minutesAwake")
    latency = _latency(log)
    if lead and latency is None:
        latency = seconds_as_minutes(lead)
    if awake is not None and (lead or trail):
        awake = max(0, awake - seconds_as_minutes(lead + trail))
    return Night(
        start,
        wake,
        latency,
        awake,
        _awakenings(log),
        float(asleep) if asleep is not None else (wake - start).total_seconds() / 60,
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
