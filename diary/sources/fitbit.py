"""Fitbit: nights from Google Takeout's ``sleep-YYYY-MM-DD.json`` and ``UserSleeps_*.csv`` files.

A file, a folder or a zip of them (``Takeout/Fitbit/Global Export Data/``, or
``Takeout/Google Health/…`` with ``UserSleeps_*.csv`` in ``Health Fitness
Data_GoogleData``). Each file is a JSON list of sleep logs (the Web API's answer
saved as a file holds them under ``sleep``, ``isMainSleep`` for ``mainSleep``).
``startTime`` and ``endTime`` are local clock times without a zone, used as written. Per log:
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

``UserSleeps_*.csv`` (Google's own tables: one row per sleep, ``sleep_start``
and ``sleep_end`` in UTC beside the offset of the person's clock) holds the same
sleeps without their levels: bedtime and wake time are read on that clock,
``minutes_to_fall_asleep`` and ``minutes_after_wake_up`` as in a log; a
``STAGES`` row's ``minutes_awake`` holds the wake before sleep and after waking
(its levels, which would tell them apart, are not in the row), so it is not
imported as awake time in the night, nor is its 0 minutes to fall asleep, unless
``UserSleepStages_*.csv`` beside it holds the sleep's stages: they are its
levels (``google_tables``), and the row is then read as a log with them is. A
sleep both a log and a row hold is read from the log, the row listed as counted once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
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
from .fitbit_csv import EXPORT_FILE, read_fitbit_csv
from .fitbit_files import TABLE_REQUIRED, is_export, is_stages, is_table, sleep_files
from .google_tables import (
    CLASSIC_SLEEP,
    NO_DATA,
    STAGE_SLEEP,
    STAGES_ALONE,
    STAGES_FILE,
    Stage,
    Stages,
    device,
    levels,
    on_their_clock,
    read_stages,
    stages_of_no_sleep,
    utc_moment,
)
from .inputs import Document, Input, SourceInput, as_input, decode_text
from .nights import LONGEST_SLEEP, Night, Read, Unread, nights_result, seconds_as_minutes
from .tabular import csv_rows, not_kept

DEVICE = "your Fitbit"
LOG_FIELDS_READ = frozenset(
    {
        "logId",
        "startTime",
        "endTime",
        "minutesToFallAsleep",
        "minutesAwake",
        "minutesAsleep",
        "minutesAfterWakeup",
        "mainSleep",
        "isMainSleep",
        "type",
        "logType",
        "levels",
        "dateOfSleep",  # the three repeat what startTime and endTime say
        "duration",
        "timeInBed",
    }
)
"""The fields of a sleep log the reader uses; the others (``efficiency``, ``infoCode``…) are listed once."""

_MINUTES_A_DAY = 24 * 60
"""The most minutes any of a sleep log's counts can hold (a log is of one sleep, at most a day long)."""


def _logs(document: Document, source: str) -> list[object]:
    data = load_json(decode_text(document.read_bytes(source), source), source, "fitbit", document.basename)
    if isinstance(data, dict) and isinstance(data.get("sleep"), list):
        data = data["sleep"]  # the Web API's answer; beside it only its totals ("summary") or paging
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
        return _wakings(data, STAGE_SLEEP, "wake")
    woke = _wakings(data, CLASSIC_SLEEP, "awake")
    if woke is not None:
        return woke
    # No asleep period to place the awake ones by: Fitbit's own count, as exported.
    summary = levels.get("summary")
    block = summary.get("awake") if isinstance(summary, dict) else None
    count = block.get("count") if isinstance(block, dict) else None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _classic_awake(log: Mapping[str, object]) -> int | None:
    """A classic log's minutes awake in the night: its ``awake`` periods between the first and the last
    ``asleep`` of ``levels.data`` (``None`` for a stage log, or without an ``asleep``). Its ``minutesAwake``
    holds the ``restless`` minutes too (restless is not asleep), and restless is no waking.
    """
    levels = log.get("levels")
    data = levels.get("data") if isinstance(levels, dict) and log.get("type") != "stages" else None
    if not isinstance(data, list):
        return None
    spans = _spans(data)
    asleep = [i for i, (level, _) in enumerate(spans) if level in CLASSIC_SLEEP]
    if not asleep:
        return None
    return seconds_as_minutes(_seconds(spans[asleep[0] : asleep[-1] + 1], "awake"))


def _wakings(data: object, sleep: frozenset[str], wake: str) -> int | None:
    """The times ``levels.data`` woke between its first and its last sleep (``None`` without sleep in it).

    A waking is a stretch between two sleeps holding a ``wake`` (a wake before the first sleep is falling
    asleep, one after the last getting up). ``unknown`` (no data) and a classic log's ``restless`` neither
    begin nor end one: wake, unknown, wake is one waking, and only unknown or restless is none.
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
    return _spans(data)


def _spans(data: list[object]) -> list[tuple[object, float]]:
    """``levels.data`` as (level, seconds), in order; an entry without a length of time is passed over."""
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


def _seconds(spans: Sequence[tuple[object, float]], level: object) -> float:
    """The seconds ``spans`` spent in ``level``."""
    return sum(seconds for each, seconds in spans if each == level)


def _stage_edges(log: Mapping[str, object]) -> _Edges:
    """The edges of a stage log's night (none without a sleep stage in ``levels.data``).

    Measured in seconds from ``startTime`` and back from ``endTime`` (the entries
    follow on from each other), not from each entry's ``dateTime``: an export's
    ``levels.data`` may stop short of its log, and its last entry is then no end.
    """
    spans = _stage_spans(log)
    asleep = [i for i, (level, _) in enumerate(spans) if level in STAGE_SLEEP]
    if not asleep:
        return _Edges()
    before, after = spans[: asleep[0]], spans[asleep[-1] + 1 :]
    known = next(i for i, (level, _) in enumerate(spans) if level != NO_DATA)
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
    if not bedtime < wake <= bedtime + LONGEST_SLEEP:
        raise ValueError(not_a_night(bedtime, wake))
    asleep = _minutes(log, "minutesAsleep")
    awake = _classic_awake(log)
    if awake is None:
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


def _read_log(log: object, where: str, seen: dict[object, str], result: Read, unread: list[Unread]) -> None:
    """One sleep log as a night; one that cannot be read is listed, and its times that can be go in ``unread``."""
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
        main = log.get("mainSleep", log.get("isMainSleep"))  # Takeout's name, and the Web API's
        nights.append(night if main is not False else replace(night, main=False))
    except ValueError as exc:
        unrecognised.append(
            Finding(where, f"sleep log {log_id if log_id is not None else ''}".strip(), str(exc))
        )
        if hole := Unread.between(_moment_or_none(log, "startTime"), _moment_or_none(log, "endTime"), where):
            unread.append(hole)


def _moment_or_none(log: Mapping[str, object], key: str) -> dt.datetime | None:
    try:
        return _local(log, key)
    except ValueError:
        return None


_TABLE_READ = frozenset(
    {
        "sleep_id",
        "sleep_type",
        "sleep_start",
        "start_utc_offset",
        "sleep_end",
        "end_utc_offset",
        "minutes_after_wake_up",
        "minutes_to_fall_asleep",
        "minutes_asleep",
        "minutes_awake",
        "data_source",
    }
)
"""The columns of a table of sleeps the reader uses: the others are listed, once a file."""


def _cell_minutes(cells: Mapping[str, str], key: str) -> int | None:
    """A table's count of minutes, checked as a log's are (``None`` when the cell is empty)."""
    text = cells.get(key, "").strip()
    if not text:
        return None
    try:
        value: object = float(text)
    except ValueError:
        value = text
    return _minutes({key: value}, key)


def _staged_log(cells: Mapping[str, str], stages: Sequence[Stage]) -> dict[str, object] | None:
    """A row of a table of sleeps with its stages, as the sleep log it is (``None`` without a stage of sleep)."""
    found = levels(stages, utc_moment(cells, "sleep_start"), utc_moment(cells, "sleep_end"))
    if found is None:
        return None
    kind, data = found
    start = on_their_clock(cells, "sleep_start", "start_utc_offset")
    end = on_their_clock(cells, "sleep_end", "end_utc_offset")
    counts = {
        key: _cell_minutes(cells, column)
        for key, column in (
            ("minutesToFallAsleep", "minutes_to_fall_asleep"),
            ("minutesAsleep", "minutes_asleep"),
            ("minutesAwake", "minutes_awake"),
            ("minutesAfterWakeup", "minutes_after_wake_up"),
        )
    }
    return {
        "type": kind,
        "startTime": start.isoformat(),
        "endTime": end.isoformat(),
        "levels": {"data": data},
        **counts,
    }


def table_night(cells: Mapping[str, str], where: str, stages: Sequence[Stage] = ()) -> Night:
    """One row of a table of sleeps (with its ``stages``, when known) as a ``Night``; ``ValueError`` says what is
    wrong with it."""
    log = _staged_log(cells, stages) if stages else None
    if log is not None:
        return replace(log_night(log, where), device=device(cells))
    bedtime = on_their_clock(cells, "sleep_start", "start_utc_offset")
    end = on_their_clock(cells, "sleep_end", "end_utc_offset")
    wake = end - dt.timedelta(minutes=_cell_minutes(cells, "minutes_after_wake_up") or 0)
    if not bedtime < wake <= bedtime + LONGEST_SLEEP:
        raise ValueError(not_a_night(bedtime, wake))
    staged = cells.get("sleep_type", "").strip().lower() == "stages"
    latency = _cell_minutes(cells, "minutes_to_fall_asleep")
    asleep = _cell_minutes(cells, "minutes_asleep")
    return Night(
        bedtime,
        wake,
        None if staged and latency == 0 else latency,
        None if staged else _cell_minutes(cells, "minutes_awake"),
        None,
        float(asleep) if asleep is not None else (wake - bedtime).total_seconds() / 60,
        where,
        device(cells),
    )


def _read_table(
    document: Document,
    source: str,
    logs: list[Night],
    seen: dict[str, str],
    result: Read,
    stages: Stages,
) -> None:
    """The sleeps of a table; one a log holds too, or a row read before (``seen``: by ``sleep_id``, in any
    table), is listed as counted once."""
    nights, unrecognised, not_imported = result
    file = document.basename
    header, rows = csv_rows(document, source, "fitbit", TABLE_REQUIRED, unread=unrecognised, file=file)
    unused = [name for name in header if name and name not in _TABLE_READ]
    if unused:
        not_imported.append(not_kept(f"{file} header", unused))
    for line, cells in rows:
        where, sleep_id = f"{file}, line {line}", cells.get("sleep_id", "").strip()
        if sleep_id and sleep_id in seen:
            not_imported.append(Finding(where, f"sleep {sleep_id}", counted_once(seen[sleep_id], "sleep")))
            continue
        if sleep_id:
            seen[sleep_id] = where
        try:
            night = table_night(cells, where, stages.get(sleep_id, ()))
        except ValueError as exc:
            unrecognised.append(Finding(where, f"sleep {sleep_id}".strip(), str(exc)))
            continue
        same = next((log for log in logs if log.bedtime < night.wake and night.bedtime < log.wake), None)
        if same is not None:
            not_imported.append(Finding(where, night.times(), counted_once(same.where, "sleep")))
        else:
            nights.append(night)


def read_fitbit(source: SourceInput | Input, *, name: str | None = None) -> SourceResult:
    """The nights in Fitbit's sleep files (module docstring) or fitbit.com's export, one per morning."""
    given = as_input(source, name)
    result: Read = ([], [], [])
    seen: dict[object, str] = {}
    unread: list[Unread] = []
    with given.held():
        documents = sleep_files(given)
        staged = [d for d in documents if STAGES_FILE.match(d.basename) or is_stages(d)]
        documents = [d for d in documents if d not in staged]
        if staged and not documents:
            raise SourceError(given.name, STAGES_ALONE, "fitbit")
        exports = [d for d in documents if EXPORT_FILE.match(d.basename) or is_export(d)]
        tables = [d for d in documents if d not in exports and is_table(d)]
        fields: set[str] = set()
        for document in (d for d in documents if d not in exports and d not in tables):
            for number, log in enumerate(_logs(document, given.name), start=1):
                _read_log(log, f"{document.basename}, entry {number}", seen, result, unread)
                if isinstance(log, dict):
                    fields.update(str(key) for key in log)
        if unused := sorted(fields - LOG_FIELDS_READ):
            result[2].append(not_kept("sleep logs", unused, "field"))
        for document in exports:  # fitbit.com's own export: no log ids, overlaps left to one_per_morning
            read_fitbit_csv(document, given.name, result)
        stages = read_stages(staged, given.name, result[1], result[2])
        logs = list(result[0])  # the logs' sleeps, before any row: a row of the same sleep is the repeat
        rows: dict[str, str] = {}
        for document in tables:
            _read_table(document, given.name, logs, rows, result, stages)
        result[2].extend(stages_of_no_sleep(stages, rows))
    nights, unrecognised, not_imported = result
    return nights_result("fitbit", given.name, nights, unrecognised, not_imported, unread)
