"""Odd values in other apps' exports: each is listed or refused in words, never an "unexpected error".

Found by a fuzzing run over the readers: a Fitbit log id or sleep level that is a
list, minutes of 1e400, a sleep in the year 9999 or the year 1 (reckoning its
night overflowed the calendar), JSON nested a hundred thousand deep, an Oura
file giving some times with a UTC offset and some without, an Apple Health
"export" of megabytes of text without a tag (the parser held it all), and
nights dated in the future, which were kept aside for a morning that cannot be
logged yet. A later run found a Daylio entry on 31 Dec 9999 (its next morning
overflowed the calendar), an Oura CSV with a bare carriage return in its header
or a cell past the CSV reader's size limit (and such a cell in fitbit.com's CSV), an Apple Health export declaring an
encoding Python does not know, and a Bearable date with a time and a letter
after it, which dateutil took for a time zone it warned about.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import warnings
import zipfile
from typing import Any

import pytest

from diary.entry import latest_today
from diary.sources import (
    SourceDay,
    SourceError,
    SourceResult,
    plan_merge,
    read_apple_health,
    read_fitbit,
    read_oura,
    read_source,
)
from diary.sources.tabular import parse_day

from .strategies import TODAY

_FITBIT_NAME = "sleep-2024-03-01.json"


def _fitbit_log(**fields: Any) -> dict[str, Any]:
    return {
        "logId": 1,
        "startTime": "2024-03-01T23:00:00.000",
        "endTime": "2024-03-02T07:00:00.000",
        "minutesToFallAsleep": 10,
        "minutesAsleep": 420,
        "minutesAwake": 30,
        "type": "classic",
        "mainSleep": True,
        **fields,
    }


def _fitbit(*logs: dict[str, Any]) -> SourceResult:
    return read_fitbit(json.dumps(logs).encode(), name=_FITBIT_NAME)


def _reasons(result: SourceResult) -> str:
    return " | ".join(f.reason for f in result.unrecognised)


def test_a_fitbit_log_id_that_is_not_a_number_still_reads_the_night() -> None:
    result = _fitbit(_fitbit_log(logId=[1, 2]))
    assert [day.date for day in result.days] == [dt.date(2024, 3, 2)]
    assert not result.unrecognised


def test_a_fitbit_sleep_level_that_is_not_a_word_is_no_level() -> None:
    levels = {"data": [{"dateTime": "2024-03-01T23:00:00.000", "level": ["light"], "seconds": 600}]}
    result = _fitbit(_fitbit_log(levels=levels))
    assert [day.date for day in result.days] == [dt.date(2024, 3, 2)]


@pytest.mark.parametrize("minutes", [1e400, -5, 10**9])
def test_fitbit_minutes_outside_a_day_are_listed(minutes: float) -> None:
    result = _fitbit(_fitbit_log(minutesAwake=minutes))
    assert not result.days
    assert "is not a whole number of minutes from 0 to 1440" in _reasons(result)


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_a_fitbit_sleep_in_a_year_no_diary_holds_is_listed(year: str) -> None:
    result = _fitbit(
        _fitbit_log(startTime=f"{year}-12-31T20:00:00.000", endTime=f"{year}-12-31T23:00:00.000")
    )
    assert not result.days
    assert "is not a date the diary can hold (1900-01-01 to 2199-12-31)" in _reasons(result)


def test_json_nested_deeper_than_any_export_is_refused_in_words() -> None:
    deep = ("[" * 100_000 + "]" * 100_000).encode()
    with pytest.raises(SourceError, match="nests lists or objects too deeply"):
        read_fitbit(deep, name=_FITBIT_NAME)
    with pytest.raises(SourceError, match="nests lists or objects too deeply"):
        read_oura(deep, name="oura.json")


def test_an_oura_file_mixing_times_with_and_without_an_offset_reads_them_on_the_clock_as_written() -> None:
    text = (
        "date,Bedtime Start,Bedtime End,Sleep Latency,Awake Time,Total Sleep Time\n"
        "2020-03-04,2020-03-04T23:41:02+01:00,2020-03-05T07:16:02+01:00,900,2610,24690\n"
        "2020-03-05,2020-03-05T23:41:02,2020-03-06T07:16:02,900,2610,24690\n"
    )
    result = read_oura(text.encode(), name="oura.csv")
    assert [day.date for day in result.days] == [dt.date(2020, 3, 5), dt.date(2020, 3, 6)]
    assert {day.values["bedtime"] for day in result.days} == {dt.time(23, 41)}
    assert {day.values["wake_time"] for day in result.days} == {dt.time(7, 16)}


def test_an_oura_bedtime_in_the_year_9999_is_listed() -> None:
    text = "Bedtime Start,Bedtime End\n9999-12-31T20:00:00-05:00,9999-12-31T23:00:00-05:00\n"
    result = read_oura(text.encode(), name="oura.csv")
    assert not result.days
    assert "is not a date the diary can hold" in _reasons(result)


_RECORD = (
    '<Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Watch" startDate="{start}" '
    'endDate="{end}" value="HKCategoryValueSleepAnalysisAsleepCore">{zone}</Record>'
)


def _health(*records: str) -> bytes:
    return ('<?xml version="1.0"?>\n<HealthData locale="en">' + "".join(records) + "</HealthData>").encode()


def test_an_apple_health_record_in_the_year_1_is_listed_even_with_a_time_zone() -> None:
    zone = '<MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>'
    export = _health(
        _RECORD.format(start="0001-01-01 00:00:00 +0100", end="0001-01-01 07:00:00 +0100", zone=zone),
        _RECORD.format(start="2024-01-01 23:00:00 +0100", end="2024-01-02 07:00:00 +0100", zone=zone),
    )
    result = read_apple_health(export, name="export.xml")
    assert [day.date for day in result.days] == [dt.date(2024, 1, 2)]
    assert "is not a date the diary can hold" in _reasons(result)


def test_a_night_whose_morning_is_still_to_come_is_listed_not_kept_aside() -> None:
    morning = latest_today() + dt.timedelta(days=30)
    start, end = f"{morning - dt.timedelta(days=1)} 23:00:00 +0000", f"{morning} 07:00:00 +0000"
    export = _health(
        _RECORD.format(start=start, end=end, zone=""),
        _RECORD.format(start="2024-01-01 23:00:00 +0100", end="2024-01-02 07:00:00 +0100", zone=""),
    )
    result = read_apple_health(export, name="export.xml")
    assert [day.date for day in result.days] == [dt.date(2024, 1, 2)]
    assert f"is dated {morning.isoformat()}, which is in the future" in _reasons(result)


def test_megabytes_of_text_without_a_tag_are_refused_before_they_fill_memory() -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("apple_health_export/export.xml", "w") as member,
    ):
        member.write(b'<?xml version="1.0"?>\n<HealthData locale="en">\n')
        for _ in range(6):
            member.write(b" " * 2**20)
        member.write(b"</HealthData>\n")
    with pytest.raises(SourceError, match="without a single XML tag"):
        read_apple_health(buffer.getvalue(), name="export.zip")


def test_a_day_for_a_morning_to_come_is_listed_not_kept_and_refuses_nothing() -> None:
    """Activities logged this morning count for tomorrow's: that day is left out, and the rest imports."""
    later = TODAY + dt.timedelta(days=3)
    sleep = {"bedtime": dt.time(23, 0), "wake_time": dt.time(7, 0)}
    days = (SourceDay(TODAY, sleep, "line 2"), SourceDay(later, sleep, "line 3"))
    plan = plan_merge({}, SourceResult("bearable", "bearable.csv", days), today=TODAY)
    assert [day.date for day in plan.aside] == [TODAY]
    assert [day.date for day in plan.to_come] == [later] and not plan.problems
    given = plan_merge({}, SourceResult("bearable", "bearable.csv", days), pain={later: 4}, today=TODAY)
    assert [(p.where, p.column) for p in given.problems] == [
        (later.isoformat(), "date")
    ]  # asked for: refused
    assert "is in the future" in given.problems[0].reason


def test_a_daylio_entry_on_the_calendars_last_day_is_named_as_past_the_diary_not_an_overflow() -> None:
    export = (
        b"full_date,date,weekday,time,mood,activities,note_title,note\n"
        b"2024-03-01,March 1,Friday,22:00,good,stretching,,\n"
        b"9999-12-31,December 31,Friday,22:00,good,stretching,,\n"
    )
    result = read_source(export, name="daylio.csv", kind="daylio")
    assert [day.date for day in result.days] == [
        dt.date(2024, 3, 2),
        dt.date.max,
    ]  # counted for that same day
    plan = plan_merge({}, result, today=TODAY)
    assert [(p.value, p.reason) for p in plan.problems] == [("9999-12-31", "is after 2199-12-31")]  # said so


def test_an_oura_csv_the_csv_reader_cannot_read_is_refused_in_words() -> None:
    header = "date,Bedtime Start,Bedtime End\n"
    row = "2024-03-01,2024-03-01T23:00:00+01:00,2024-03-02T07:00:00+01:00\n"
    carriage_return = (
        header.replace("Bedtime End", "Bedtime\rEnd") + row
    )  # the CSV reader ends the header there
    with pytest.raises(SourceError, match="it lacks the columns Bedtime Start and Bedtime End"):
        read_oura(carriage_return.encode(), name="oura.csv")
    too_long = header + row + f'2024-03-02,"{"x" * 200_000}",2024-03-03T07:00:00+01:00\n'
    with pytest.raises(
        SourceError, match=r"line 3 has a cell longer than 131,072 characters, far more than any"
    ):
        read_oura(too_long.encode(), name="oura.csv")


def test_an_apple_health_export_declaring_an_unknown_encoding_is_refused_in_words() -> None:
    export = b'<?xml version="1.0" encoding="UTF-1"?>\n<HealthData locale="en_GB"></HealthData>\n'
    with pytest.raises(SourceError, match="names a text encoding that cannot be read"):
        read_apple_health(export, name="export.xml")


def test_a_date_with_a_letter_after_its_time_is_read_without_a_time_zone_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # dateutil's UnknownTimezoneWarning would fail the test
        assert parse_day("18 May 2018 10:00 N") == dt.date(2018, 5, 18)


def test_a_fitbit_com_export_with_a_cell_past_the_csv_limit_is_refused_in_words() -> None:
    text = (
        "Sleep\n"
        "Start Time,End Time,Minutes Asleep,Minutes Awake,Number of Awakenings,Time in Bed\n"
        f'"2019-10-01 10:42PM","2019-10-02 6:31AM","411","58","{"3" * 200_000}","469"\n'
    )
    with pytest.raises(
        SourceError, match=r"its Sleep section \(line 1\) has a cell longer than 131,072 characters"
    ):
        read_source(text.encode(), name="fitbit_export_20191004.csv")
