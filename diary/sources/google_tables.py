"""Google Health's own tables: moments in UTC beside the person's offset, and ``UserSleepStages_*.csv``.

Every moment in Google's tables (``UserSleeps_*.csv``, ``UserSleepStages_*.csv``)
is in UTC, beside the offset of the clock the person lived on: a sleep's
times are read on that clock (``on_their_clock``), as a log's are written.

``UserSleepStages_*.csv`` holds the stages of the sleeps in ``UserSleeps_*.csv``.

One row per stage: ``sleep_id`` (the sleep's row in ``UserSleeps_*.csv``),
``sleep_stage_type`` (a stage sleep's LIGHT, DEEP, REM and AWAKE, a classic
sleep's ASLEEP, RESTLESS and AWAKE) and ``sleep_stage_start`` and
``sleep_stage_end`` in UTC. A sleep's stages are its levels, as a sleep log's
``levels.data`` is (``fitbit.log_night`` reads both alike): the wake before
the first sleep stage is the time to fall asleep, the wake after the last is
after waking up, the wake between is awake time in the night, and the times
the person woke are counted. Time between two stages, and a stage of a type
the diary does not know (listed), is time without data (``unknown``). Takeout
repeats its tables in several files: a stage held twice is read once, the
repeats listed once a file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..entry import LATEST_UTC_OFFSET
from ..wording import plural
from .common import Finding, counted_once, not_a_moment, shorten, within_the_diary
from .inputs import Document
from .tabular import csv_rows, header_names, not_kept

STAGES_FILE = re.compile(r"^UserSleepStages_.*\.csv$", re.IGNORECASE)
"""Google's table of sleep stages in a Takeout (``Health Fitness Data_GoogleData/UserSleepStages_2026-04-07.csv``)."""

_REQUIRED = ("sleep_id", "sleep_stage_type", "sleep_stage_start", "sleep_stage_end")
_READ = frozenset({*_REQUIRED, "sleep_stage_id", "start_utc_offset", "end_utc_offset"})
"""The columns read (the offsets are the sleep's own, read from its row in ``UserSleeps_*.csv``)."""

NO_DATA = "unknown"
"""A sleep's level for time without data (the device not read): neither sleep nor awake."""

STAGE_SLEEP = frozenset({"light", "deep", "rem"})
"""A stage sleep's levels of sleep, in a sleep log or a table of stages (its others: ``wake``, and ``unknown``)."""

CLASSIC_SLEEP = frozenset({"asleep"})
"""A classic sleep's level of sleep: ``restless`` is not it (Fitbit counts restless minutes in ``minutesAwake``)."""

_LEVELS = {
    "LIGHT": "light",
    "DEEP": "deep",
    "REM": "rem",
    "AWAKE": "wake",
    "WAKE": "wake",
    "ASLEEP": "asleep",
    "RESTLESS": "restless",
    "UNKNOWN": NO_DATA,
}
"""A stage's type as a sleep log's level (a classic log's awake level is ``awake``: ``levels`` renames it)."""


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of a sleep: its level (as in a sleep log's ``levels.data``) from ``start`` to ``end``, in UTC."""

    level: str
    start: dt.datetime
    end: dt.datetime
    file: str
    """The file the stage was read from."""


Stages = dict[str, list[Stage]]
"""Each sleep's stages, by the ``sleep_id`` of its row in ``UserSleeps_*.csv``."""

STAGES_ALONE = (
    "it holds UserSleepStages_*.csv files, the stages of sleeps, without UserSleeps_*.csv, the sleeps "
    "themselves: choose those too (they are in the same folder, Health Fitness Data_GoogleData), or the whole folder."
)
NO_SLEEP = "no UserSleeps_*.csv row holds their sleep, and a night is read from its row: not imported"


def is_user_sleep_stages_head(text: str) -> bool:
    """Whether the start of a document is Google's table of sleep stages (``UserSleepStages_*.csv``)."""
    return set(_REQUIRED) <= header_names(text)


def utc_moment(cells: Mapping[str, str], key: str) -> dt.datetime:
    """A Google table's moment, in UTC whether it says so or not; ``ValueError`` names the cell when it is none."""
    value = cells.get(key, "").strip()
    if not value:
        raise ValueError(f"{key} is missing")
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise not_a_moment(key, value) from None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


_OFFSET = re.compile(
    r"(?:UTC|GMT)?\s*(?:(?P<zero>Z)|(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?"
)
"""An offset as it may be written: "+02:00", "+0200", "-4", "UTC+05:30", and UTC itself as "Z", "UTC" or "+00:00"."""


def _offset(text: str, key: str) -> dt.timezone:
    """A row's offset from UTC ("+02:00"): the clock the person lived on that night."""
    written = text.strip()
    match = _OFFSET.fullmatch(written.upper()) if written else None
    if match is None or (
        match["sign"] is None and match["zero"] is None and written.upper() not in ("UTC", "GMT")
    ):
        raise ValueError(f"{key} {written!r} is not an offset from UTC such as +02:00")
    if match["sign"] is None:
        return dt.UTC
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if dt.timedelta(hours=hours) > LATEST_UTC_OFFSET or minutes > 59:
        raise ValueError(f"{key} {written!r} is not an offset from UTC such as +02:00")
    offset = dt.timedelta(hours=hours, minutes=minutes)
    return dt.timezone(-offset if match["sign"] == "-" else offset)


def on_their_clock(cells: Mapping[str, str], key: str, offset_key: str) -> dt.datetime:
    """A table's moment (in UTC) as the clock of the row's offset showed it, as a log's times are written."""
    local = (
        utc_moment(cells, key).astimezone(_offset(cells.get(offset_key, ""), offset_key)).replace(tzinfo=None)
    )
    return within_the_diary(key, cells[key].strip(), local)


def device(cells: Mapping[str, str]) -> str:
    """Who measured a row's sleep, for the Log page's "From …": Google Health, and the row's ``data_source``
    in words when it names one ("GOOGLE_PIXEL_WATCH_2": "Google Health (Pixel Watch 2)")."""
    words = cells.get("data_source", "").replace("_", " ").split()
    if words and words[0].upper() == "GOOGLE":
        words = words[1:]
    named = " ".join(w if any(c.isdigit() for c in w) else w.capitalize() for w in words)
    return f"Google Health ({named})" if named else "Google Health"


def read_stages(
    documents: Sequence[Document], source: str, unrecognised: list[Finding], not_imported: list[Finding]
) -> Stages:
    """The stages in ``UserSleepStages_*.csv`` files, by sleep; a row that cannot be read is listed in ``unrecognised``."""
    stages: Stages = {}
    seen: dict[tuple[str, ...], str] = {}
    for document in documents:
        file = document.basename
        header, rows = csv_rows(document, source, "fitbit", _REQUIRED, unread=unrecognised, file=file)
        unused = [name for name in header if name and name not in _READ]
        if unused:
            not_imported.append(not_kept(f"{file} header", unused))
        repeats, first = 0, ""
        for line, cells in rows:
            where = f"{file}, line {line}"
            sleep_id = cells.get("sleep_id", "").strip()
            try:
                stage = _stage(cells, file)
            except ValueError as exc:
                unrecognised.append(Finding(where, f"stage of sleep {sleep_id}".strip(), str(exc)))
                continue
            key = _key(sleep_id, cells, stage)
            if key in seen:
                repeats, first = repeats + 1, first or seen[key].rsplit(", line", 1)[0]
                continue
            seen[key] = where
            if cells["sleep_stage_type"].strip().upper() not in _LEVELS:
                unrecognised.append(
                    Finding(where, f"stage of sleep {sleep_id}", _unknown_type(cells["sleep_stage_type"]))
                )
            stages.setdefault(sleep_id, []).append(stage)
        if repeats:
            not_imported.append(Finding(file, plural(repeats, "stage row"), counted_once(first)))
    return stages


def _stage(cells: Mapping[str, str], file: str) -> Stage:
    start, end = utc_moment(cells, "sleep_stage_start"), utc_moment(cells, "sleep_stage_end")
    if not start < end <= start + dt.timedelta(days=1):
        shown = f"{cells['sleep_stage_start'].strip()} to {cells['sleep_stage_end'].strip()}"
        raise ValueError(f"a stage from {shown} is not possible")
    return Stage(_LEVELS.get(cells.get("sleep_stage_type", "").strip().upper(), NO_DATA), start, end, file)


def _key(sleep_id: str, cells: Mapping[str, str], stage: Stage) -> tuple[str, ...]:
    """What makes a stage the same one in another file: its id, else its sleep, level and times."""
    stage_id = cells.get("sleep_stage_id", "").strip()
    if stage_id:
        return (sleep_id, stage_id)
    return (sleep_id, stage.level, stage.start.isoformat(), stage.end.isoformat())


def _unknown_type(value: str) -> str:
    known = ", ".join(_LEVELS)
    return f"sleep_stage_type {value.strip()!r} is not one of {known}: counted as time without data"


def levels(
    stages: Sequence[Stage], start: dt.datetime, end: dt.datetime
) -> tuple[str, list[dict[str, object]]] | None:
    """A sleep's stages from ``start`` to ``end`` (UTC) as a sleep log's type and ``levels.data``.

    ``None`` when no stage of sleep lies within the sleep (its row is then read
    on its own). The stages are put in order and cut to the sleep; a gap
    between two, or before the first or after the last, is time without data.
    """
    data: list[dict[str, object]] = []
    at = start
    for stage in sorted(stages, key=lambda s: (s.start, s.end)):
        begin, finish = max(stage.start, at), min(stage.end, end)
        if finish <= begin:
            continue
        if begin > at:
            data.append({"level": NO_DATA, "seconds": (begin - at).total_seconds()})
        data.append({"level": stage.level, "seconds": (finish - begin).total_seconds()})
        at = finish
    if at < end and data:
        data.append({"level": NO_DATA, "seconds": (end - at).total_seconds()})
    found = {item["level"] for item in data}
    if found & STAGE_SLEEP:
        return "stages", data
    if found & CLASSIC_SLEEP:
        return "classic", [{**item, "level": "awake"} if item["level"] == "wake" else item for item in data]
    return None


def stages_of_no_sleep(stages: Stages, sleeps: Mapping[str, str]) -> list[Finding]:
    """One finding a file for the stages of sleeps that no row of ``UserSleeps_*.csv`` holds (``sleeps``: by id)."""
    orphans: dict[str, dict[str, int]] = {}
    for sleep_id, held in stages.items():
        if sleep_id in sleeps:
            continue
        for stage in held:
            by_sleep = orphans.setdefault(stage.file, {})
            by_sleep[sleep_id] = by_sleep.get(sleep_id, 0) + 1
    return [
        Finding(
            file,
            f"{plural(sum(by_sleep.values()), 'stage')} of {plural(len(by_sleep), 'sleep')} "
            f"({shorten(', '.join(sleep_id or 'no sleep_id' for sleep_id in by_sleep), 80)})",
            NO_SLEEP,
        )
        for file, by_sleep in orphans.items()
    ]
