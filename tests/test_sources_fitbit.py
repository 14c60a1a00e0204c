"""Fitbit's sleep stages and classic levels: where a night begins and ends, and the times a person woke.

Found on real Google Takeout files: a stage log ending in ``unknown`` (no data,
the watch not read) kept its wake time at the log's end, and a classic log
counted the ``awake`` of falling asleep as an awakening.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from diary.sources import detect_kind, read_fitbit, read_source

T = dt.time
Entry = tuple[str, int]  # (level, seconds), one after the other from the log's start


def _log(start: str, entries: Sequence[Entry], **fields: Any) -> dict[str, Any]:
    """A sleep log whose ``levels.data`` runs from ``start`` to its ``endTime``, one entry after the other."""
    at = dt.datetime.fromisoformat(start)
    data = []
    for level, seconds in entries:
        data.append({"dateTime": at.isoformat(timespec="milliseconds"), "level": level, "seconds": seconds})
        at += dt.timedelta(seconds=seconds)
    return {
        "logId": 1,
        "startTime": start + ".000",
        "endTime": at.isoformat(timespec="milliseconds"),
        "mainSleep": True,
        "levels": {"data": data},
        **fields,
    }


def _stages(start: str, entries: Sequence[Entry], *, awake: int, asleep: int) -> dict[str, Any]:
    """A stage log detected by the watch, without ``shortData`` (as some real ones come)."""
    return _log(
        start,
        entries,
        type="stages",
        logType="auto_detected",
        minutesToFallAsleep=0,
        minutesAfterWakeup=0,
        minutesAwake=awake,
        minutesAsleep=asleep,
    )


def _night(log: dict[str, Any], morning: dt.date) -> dict[str, object]:
    result = read_fitbit(json.dumps([log]).encode(), name="sleep-2025-03-01.json")
    assert not result.unrecognised
    day = result.day(morning)
    assert day is not None
    return dict(day.values)


# -- stage logs: "unknown" -----------------------------------------------------------

# The stages of a real log (29–30 March 2025): it ends with 12.5 minutes awake at 05:56:30 and
# an hour without data (06:09–07:09). minutesAwake 86 holds every wake, short ones included, and no unknown.
REAL_STAGES: list[Entry] = [
    ("wake", 510), ("light", 150), ("wake", 300), ("light", 330), ("wake", 300), ("light", 540),
    ("wake", 660), ("light", 3570), ("wake", 240), ("light", 720), ("deep", 1200), ("light", 1920),
    ("deep", 2280), ("light", 1440), ("deep", 300), ("light", 960), ("wake", 540), ("light", 120),
    ("wake", 690), ("light", 10860), ("rem", 270), ("wake", 750), ("unknown", 3600),
]  # fmt: skip


def test_a_real_night_ending_without_data_woke_with_its_last_sleep() -> None:
    log = _stages("2025-03-29T22:11:30", REAL_STAGES, awake=86, asleep=391)
    assert log["endTime"] == "2025-03-30T07:09:00.000"
    assert _night(log, dt.date(2025, 3, 30)) == {
        "bedtime": T(22, 11),
        "wake_time": T(5, 56),  # the rem stage ended at 05:56:30, not the log at 07:09
        "sleep_latency_min": 9,  # the 8.5 minutes of wake it began with
        "awake_minutes": 65,  # 86 less the 8.5 before the first sleep and the 12.5 after the last
        "awakenings": 6,
    }


def test_a_stage_log_ending_in_wake_then_unknown_ends_with_its_last_sleep() -> None:
    """23:00 in bed, asleep 23:10, awake 15 min at 01:10, last sleep ends 05:30; awake until 05:42:30, no data after."""
    entries = [
        ("wake", 600),
        ("light", 7200),
        ("wake", 900),
        ("deep", 3600),
        ("light", 10800),
        ("rem", 300),
        ("wake", 750),
        ("unknown", 3600),
    ]
    log = _stages("2025-03-09T23:00:00", entries, awake=38, asleep=365)
    assert _night(log, dt.date(2025, 3, 10)) == {
        "bedtime": T(23, 0),
        "wake_time": T(5, 30),
        "sleep_latency_min": 10,
        "awake_minutes": 15,  # 38 less 10 before the first sleep and 12.5 after the last (22.5: 23 minutes)
        "awakenings": 1,
    }


def test_a_stage_log_ending_in_unknown_straight_after_sleep_ends_with_that_sleep() -> None:
    entries = [("wake", 600), ("light", 7200), ("wake", 900), ("deep", 18000), ("unknown", 1800)]
    log = _stages("2025-03-09T23:00:00", entries, awake=25, asleep=420)
    night = _night(log, dt.date(2025, 3, 10))
    assert (night["wake_time"], night["awake_minutes"]) == (T(6, 25), 15)


@pytest.mark.parametrize(
    ("entries", "bedtime", "latency", "awake"),
    [
        # no data for the first half hour: in bed from 23:30 as far as the watch knows, asleep at 23:40
        (
            [("unknown", 1800), ("wake", 600), ("light", 7200), ("wake", 900), ("deep", 18000)],
            T(23, 30),
            10,
            15,
        ),
        # no data, then asleep: detected from sleep onwards, so no time to fall asleep was measured
        ([("unknown", 1800), ("light", 7200), ("wake", 900), ("deep", 18000)], T(23, 30), None, 15),
        # awake, no data, awake again: the 10 + 5 minutes awake are the time to fall asleep, the gap is not
        (
            [("wake", 600), ("unknown", 900), ("wake", 300), ("light", 7200), ("wake", 900), ("deep", 16200)],
            T(23, 0),
            15,
            15,
        ),
    ],
)
def test_a_stage_log_beginning_without_data_begins_where_its_data_does(
    entries: list[Entry], bedtime: dt.time, latency: int | None, awake: int
) -> None:
    wake_seconds = sum(seconds for level, seconds in entries if level == "wake")
    log = _stages("2025-03-09T23:00:00", entries, awake=wake_seconds // 60, asleep=420)
    night = _night(log, dt.date(2025, 3, 10))
    assert (night["bedtime"], night.get("sleep_latency_min"), night["awake_minutes"]) == (
        bedtime,
        latency,
        awake,
    )
    assert night["awakenings"] == 1


def test_unknown_in_the_night_is_neither_sleep_nor_awake_time_nor_an_awakening() -> None:
    """Asleep, no data for an hour, asleep; later awake, no data, awake again: one waking, not two."""
    entries = [
        ("wake", 600),
        ("light", 7200),
        ("unknown", 3600),  # between two sleeps: no waking
        ("deep", 3600),
        ("wake", 900),
        ("unknown", 600),
        ("wake", 300),  # the same waking: only sleep ends one
        ("light", 7200),
        ("wake", 300),
    ]
    log = _stages("2025-03-09T23:00:00", entries, awake=35, asleep=300)  # Fitbit: wake only
    assert _night(log, dt.date(2025, 3, 10)) == {
        "bedtime": T(23, 0),
        "wake_time": T(5, 40),
        "sleep_latency_min": 10,
        "awake_minutes": 20,  # the 15 and 5 in the night; the hour and the 10 minutes without data are not
        "awakenings": 1,
    }


# -- classic logs: "awake" before the first "asleep" ------------------------------------


def _classic(entries: Sequence[Entry], *, awake_count: int) -> dict[str, Any]:
    """A classic log; its summary counts every ``awake`` entry, as Fitbit's does."""
    log = _log(
        "2015-06-15T23:46:00",
        entries,
        type="classic",
        minutesToFallAsleep=7,
        minutesAfterWakeup=0,
        minutesAwake=18,
        minutesAsleep=480,
    )
    log["levels"]["summary"] = {"awake": {"count": awake_count, "minutes": 1}}
    return log


@pytest.mark.parametrize(
    ("entries", "awakenings", "awake"),
    [
        # the real log's start: restless, awake one minute, then asleep at 23:53: falling asleep, not waking;
        # a minute restless in the night: no minute awake either
        ([("restless", 360), ("awake", 60), ("asleep", 4620), ("restless", 60), ("asleep", 24000)], 0, 0),
        # awake, restless, awake between two sleeps: one waking (only asleep ends one), 5 minutes awake
        ([("asleep", 4620), ("awake", 120), ("restless", 60), ("awake", 180), ("asleep", 24000)], 1, 5),
        # an awake after the last asleep is getting up
        ([("asleep", 4620), ("awake", 120), ("asleep", 24000), ("restless", 120), ("awake", 300)], 1, 2),
        # restless between sleeps is light, restless sleep, not a waking
        ([("asleep", 4620), ("restless", 240), ("asleep", 12000), ("restless", 60), ("asleep", 9000)], 0, 0),
    ],
)
def test_classic_awakenings_and_minutes_awake_are_the_awake_periods_between_asleep_ones(
    entries: list[Entry], awakenings: int, awake: int
) -> None:
    """Fitbit's ``minutesAwake`` (18 here) holds the restless minutes too: restless is neither awake nor a waking."""
    count = sum(1 for level, _ in entries if level == "awake")
    night = _night(_classic(entries, awake_count=count), dt.date(2015, 6, 16))
    assert (night["awakenings"], night["awake_minutes"]) == (awakenings, awake)


def test_classic_awakenings_without_asleep_data_are_fitbits_count() -> None:
    """Without an asleep period in ``levels.data`` (none exported) nothing places the awake ones."""
    log = _classic([("asleep", 28800)], awake_count=3)
    log["levels"]["data"] = []
    assert _night(log, dt.date(2015, 6, 16))["awakenings"] == 3
    assert _night(log, dt.date(2015, 6, 16))["awake_minutes"] == 18  # nor the awake minutes: Fitbit's own


# -- the Web API's answer, saved as a file -------------------------------------------------------


def test_the_web_apis_answer_saved_as_a_file_is_read_as_takeouts_list(tmp_path: Path) -> None:
    """``{"sleep": [...], "summary": {...}}`` (GET sleep/date) with ``isMainSleep``, keys in alphabetical order as
    the API writes them: refused before as "none of the files the diary imports"."""
    main = _stages("2025-03-29T22:11:30", REAL_STAGES, awake=86, asleep=391)
    nap = {**_stages("2025-03-30T14:00:00", [("light", 1800)], awake=0, asleep=30), "logId": 2}
    for log, is_main in ((main, True), (nap, False)):
        del log["mainSleep"]
        log.update(isMainSleep=is_main, dateOfSleep="2025-03-30")
    answer = {"sleep": [main, nap], "summary": {"totalSleepRecords": 2}}
    path = tmp_path / "2025-03-30.json"
    path.write_text(json.dumps(answer, indent=2, sort_keys=True), encoding="utf-8")
    assert detect_kind(path) == "fitbit"
    result = read_source(path)
    assert [(day.date, day.values["bedtime"], day.values["wake_time"]) for day in result.days] == [
        (dt.date(2025, 3, 30), T(22, 11), T(5, 56))
    ]
    nap_listed = "sleep Sun 30 Mar 2025, 14:00–14:30"
    assert [finding.item for finding in result.not_imported] == [nap_listed]


def test_the_fields_of_a_sleep_log_the_reader_does_not_use_are_listed_once() -> None:
    """As for Oura's periods: Takeout's logs carry efficiency and infoCode, which the diary does not keep."""
    takeout = Path(__file__).parent / "fixtures" / "sources" / "fitbit_takeout"
    listed = [f for f in read_source(takeout).not_imported if f.where == "sleep logs"]
    assert [(f.item, f.reason.split(" (")[0]) for f in listed] == [
        ("2 fields: efficiency, infoCode", "not among the sleep values the diary keeps")
    ]


def test_the_same_night_recorded_twice_is_said_to_be_a_repeat_and_a_shorter_sleep_a_nap_or_a_doze() -> None:
    """Two trackers on one account both wrote the night as the main sleep: the shorter record was called
    "a nap or a doze" although it covered the same hours."""
    night = _stages("2025-03-29T23:00:00", [("light", 7 * 3600)], awake=0, asleep=420)
    again = {**_stages("2025-03-29T23:10:00", [("light", 6 * 3600)], awake=0, asleep=360), "logId": 2}
    doze = {**_stages("2025-03-30T07:30:00", [("light", 1800)], awake=0, asleep=30), "logId": 3}
    result = read_fitbit(json.dumps([night, again, doze]).encode(), name="sleep-2025-03-01.json")
    reasons = {f.item.split(", ")[1][:11]: f.reason for f in result.not_imported}
    assert reasons["23:10–05:10"].startswith("the same night, recorded again"), reasons
    assert reasons["07:30–08:00"].startswith("a shorter sleep ending on the same day"), reasons
    day = result.day(dt.date(2025, 3, 30))
    assert day is not None and day.values["bedtime"] == T(23, 0)
