"""Shapes of real exports seen in the wild, each in a small file of made-up values."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

from diary.sources import SourceError, inputs, read_source

T = dt.time


def test_the_first_apple_health_exports_name_the_source_and_write_times_without_separators() -> None:
    """iOS 8 wrote ``source="…"`` and ``startDate="20150615232000-0700"``; later exports ``sourceName`` and
    ``2015-06-15 23:20:00 -0700``."""
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_US">
 <ExportDate value="20150616071916-0700"/>
 <Record type="HKQuantityTypeIdentifierStepCount" source="iPhone" unit="count"
  startDate="20150615113000-0700" endDate="20150615114000-0700" value="120"/>
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" source="Sleep Cycle"
  startDate="20150615232000-0700" endDate="20150616064500-0700" value="0"/>
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" source="Sleep Cycle"
  startDate="20150615234500-0700" endDate="20150616063000-0700" value="1"/>
</HealthData>
"""
    result = read_source(xml, name="export.xml")
    assert result.kind == "apple-health" and not result.unrecognised
    night = result.day(dt.date(2015, 6, 16))
    assert night is not None and night.device == "Apple Health (Sleep Cycle)"
    assert dict(night.values) == {
        "bedtime": T(23, 20),
        "wake_time": T(6, 30),
        "sleep_latency_min": 25,
    }  # one unbroken block of plain sleep says nothing about waking in the night


USER_SLEEPS_HEADER = (
    "sleep_id,sleep_type,minutes_in_sleep_period,minutes_after_wake_up,minutes_to_fall_asleep,minutes_asleep,"
    "minutes_awake,minutes_longest_awakening,minutes_to_persistent_sleep,start_utc_offset,sleep_start,"
    "end_utc_offset,sleep_end,data_source,algorithm_version,sleep_created,sleep_last_updated\n"
)
USER_SLEEPS = USER_SLEEPS_HEADER + (
    # the night the log below holds too
    "1701,CLASSIC,460,0,10,420,30,12,15,+02:00,2026-09-01T21:05:00Z,+02:00,2026-09-02T04:45:00Z,"
    "Tracker,none,2026-09-02T05:00:00Z,2026-09-02T05:00:00Z\n"
    # in UTC, on a +02:00 clock: 23:10 to 06:55
    "1702,STAGES,465,0,0,410,55,14,20,+02:00,2026-09-05T21:10:00Z,+02:00,2026-09-06T04:55:00Z,"
    "Watch,v3,2026-09-06T05:10:00Z,2026-09-06T05:10:00Z\n"
    "1703,CLASSIC,510,5,12,473,20,9,14,-04:00,2026-09-07T02:30:00Z,-04:00,2026-09-07T11:00:00Z,"
    "Tracker,none,2026-09-07T11:10:00Z,2026-09-07T11:10:00Z\n"
    # no offset: which clock the night was on cannot be told
    "1704,STAGES,400,0,0,380,20,6,8,,2026-09-07T21:00:00Z,,2026-09-08T03:40:00Z,"
    "Watch,v3,2026-09-08T04:00:00Z,2026-09-08T04:00:00Z\n"
)
LOG = [
    {
        "logId": 51000000001,
        "dateOfSleep": "2026-09-02",
        "startTime": "2026-09-01T23:05:00.000",
        "endTime": "2026-09-02T06:45:00.000",
        "minutesToFallAsleep": 10,
        "minutesAsleep": 420,
        "minutesAwake": 30,
        "minutesAfterWakeup": 0,
        "type": "classic",
        "logType": "manual",
        "mainSleep": True,
    }
]


def test_a_google_health_takeout_reads_its_tables_of_sleeps_beside_the_logs(tmp_path: Path) -> None:
    """Since the move to Google, Takeout holds ``Google Health/Global Export Data/sleep-*.json`` and Google's own
    tables, ``Health Fitness Data_GoogleData/UserSleeps_*.csv`` (times in UTC beside the person's offset), in
    several files that repeat each other; some exports hold the tables only."""
    root = tmp_path / "Takeout" / "Google Health"
    (root / "Global Export Data").mkdir(parents=True)
    (root / "Global Export Data" / "sleep-2026-09-01.json").write_text(json.dumps(LOG))
    tables = root / "Health Fitness Data_GoogleData"
    tables.mkdir()
    (tables / "UserSleeps_2025-01-01.csv").write_text(USER_SLEEPS)
    (tables / "UserSleeps_2026-09-01.csv").write_text(USER_SLEEPS)
    result = read_source(tmp_path)
    assert result.kind == "fitbit"
    assert {d.date: dict(d.values) for d in result.days} == {
        dt.date(2026, 9, 2): {
            "bedtime": T(23, 5),
            "wake_time": T(6, 45),
            "sleep_latency_min": 10,
            "awake_minutes": 30,
        },
        # a stage row's awake minutes hold falling asleep and after waking, and its 0 is no time to fall asleep
        dt.date(2026, 9, 6): {"bedtime": T(23, 10), "wake_time": T(6, 55)},
        dt.date(2026, 9, 7): {
            "bedtime": T(22, 30),
            "wake_time": T(6, 55),
            "sleep_latency_min": 12,
            "awake_minutes": 20,
        },
    }
    night = result.day(dt.date(2026, 9, 2))
    assert night is not None and night.where == "sleep-2026-09-01.json, entry 1"
    assert [str(f) for f in result.unrecognised] == [
        "UserSleeps_2025-01-01.csv, line 5: sleep 1704 — start_utc_offset '' is not an offset from UTC such as +02:00"
    ]
    repeats = [f for f in result.not_imported if "counted once" in f.reason]
    assert [f.where for f in repeats] == ["UserSleeps_2025-01-01.csv, line 2"] + [
        f"UserSleeps_2026-09-01.csv, line {n}" for n in (2, 3, 4, 5)
    ]
    assert "sleep-2026-09-01.json, entry 1" in repeats[0].reason
    columns = [f for f in result.not_imported if f.where.endswith("header")]
    assert len(columns) == 2 and columns[0].item.startswith("6 columns: minutes_in_sleep_period")


def test_a_table_of_sleeps_on_its_own_is_recognised_by_its_columns() -> None:
    result = read_source(USER_SLEEPS.encode(), name="my sleeps.csv")
    assert result.kind == "fitbit"
    assert [d.date for d in result.days] == [dt.date(2026, 9, d) for d in (2, 6, 7)]


def test_a_zip_or_folder_past_the_most_files_is_refused_never_read_in_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Google Takeout of many years holds tens of thousands of files, its sleep anywhere among them: a reader
    that stopped at a count would leave nights out unsaid."""
    monkeypatch.setattr(inputs, "MAX_MEMBERS", 3)
    for n in range(3):
        (tmp_path / f"steps-2026-0{n + 1}-01.json").write_text("[]")
    (tmp_path / "sleep-2026-09-01.json").write_text(json.dumps(LOG))
    with pytest.raises(SourceError, match=r"holds more than 3 files, more than an export does"):
        read_source(tmp_path)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        for path in sorted(tmp_path.iterdir()):
            archive.write(path, f"Takeout/Fitbit/Global Export Data/{path.name}")
    with pytest.raises(SourceError, match=r"not a zip around it"):
        read_source(packed.getvalue(), name="takeout.zip")
    monkeypatch.setattr(inputs, "MAX_MEMBERS", 4)
    assert read_source(packed.getvalue(), name="takeout.zip").day(dt.date(2026, 9, 2)) is not None


FITBIT_COM_EXPORT = (
    "Activities\n"
    "Date,Calories Burned,Steps,Distance,Floors,Minutes Sedentary,Minutes Lightly Active,"
    "Minutes Fairly Active,Minutes Very Active,Activity Calories\n"
    '"2019-10-02","2,310","11,204","8.1","9","650","220","18","40","1,050"\n'
    "\n"
    "Sleep\n"
    "Start Time,End Time,Minutes Asleep,Minutes Awake,Number of Awakenings,Time in Bed,"
    "Minutes REM Sleep,Minutes Light Sleep,Minutes Deep Sleep\n"
    '"2019-10-01 10:42PM","2019-10-02 6:31AM","411","58","31","469","91","250","70"\n'
    '"2019-10-03 2:10PM","2019-10-03 2:55PM","40","5","1","45","N/A","N/A","N/A"\n'
    '"2019-10-03 11:60PM","2019-10-04 6:50AM","410","55","18","465","95","240","75"\n'
    "\n"
)


def test_fitbit_com_s_own_export_gives_its_sleep_section_and_lists_the_rest() -> None:
    """fitbit.com's data export (before Google Takeout): sections of CSV, one of them Sleep."""
    result = read_source(FITBIT_COM_EXPORT.encode(), name="fitbit_export_20191004.csv")
    assert result.kind == "fitbit"
    assert [d.date for d in result.days] == [dt.date(2019, 10, 2)]
    night = result.day(dt.date(2019, 10, 2))
    assert night is not None and night.device == "your Fitbit"
    assert dict(night.values) == {"bedtime": T(22, 42), "wake_time": T(6, 31)}  # no summary counts
    assert [(f.where, f.item) for f in result.unrecognised] == [
        ("fitbit_export_20191004.csv, line 9", "sleep")  # 11:60PM
    ]
    listed = {f.item: f.where for f in result.not_imported}
    assert listed["section 'Activities'"] == "fitbit_export_20191004.csv, line 1"
    assert listed["Minutes Awake, Number of Awakenings"] == "fitbit_export_20191004.csv, lines 7–9"
    assert any(item.startswith("4 columns: Time in Bed") for item in listed)
    assert any("14:10–14:55" in item for item in listed)  # the nap


def test_fitbit_com_s_export_renamed_is_told_by_its_content_with_us_dates() -> None:
    text = (
        "Sleep\n"
        "Start Time,End Time,Minutes Asleep,Minutes Awake,Number of Awakenings,Time in Bed\n"
        '"10/1/2019 10:42 PM","10/2/2019 6:31 AM","411","58","31","469"\n'
        '"10/13/2019 11:05 PM","10/14/2019 6:50 AM","410","55","18","465"\n'
    )
    result = read_source(text.encode(), name="my sleep.csv")
    assert result.kind == "fitbit" and not result.unrecognised
    assert [d.date for d in result.days] == [dt.date(2019, 10, 2), dt.date(2019, 10, 14)]


def test_fitbit_com_s_us_export_of_the_first_twelve_days_is_read_month_first() -> None:
    """Every date could be read either way: only month first makes nights of them (3 Nov to 4 Nov, not Mar to Apr)."""
    text = (
        "Sleep\n"
        "Start Time,End Time,Minutes Asleep,Minutes Awake,Number of Awakenings,Time in Bed\n"
        '"11/03/2026 10:42PM","11/04/2026 6:31AM","411","58","31","469"\n'
        '"11/04/2026 11:05PM","11/05/2026 7:00AM","410","55","18","465"\n'
    )
    result = read_source(text.encode(), name="fitbit_export_20261106.csv")
    assert not result.unrecognised
    assert [d.date for d in result.days] == [dt.date(2026, 11, 4), dt.date(2026, 11, 5)]
    day_first = text.replace("11/03/2026", "03/11/2026").replace("11/04/2026", "04/11/2026")
    day_first = day_first.replace("11/05/2026", "05/11/2026")
    assert [d.date for d in read_source(day_first.encode(), name="f.csv").days] == [
        dt.date(2026, 11, 4),
        dt.date(2026, 11, 5),
    ]


def test_a_bearable_file_resaved_month_first_is_read_by_its_own_weekdays() -> None:
    """A US spreadsheet rewrote the dates (every one could be read either way), not the weekday column."""
    head = "date,weekday,time of day,category,rating/amount,detail,notes\n"
    us = (
        head
        + "11/5/2026,Thu,am,Symptom,3,Back (lower) pain (Severe),\n11/6/2026,Fri,am,Symptom,2,Back (lower) pain (Moderate),\n"
    )
    assert [d.date for d in read_source(us.encode(), name="bearable.csv").days] == [
        dt.date(2026, 11, 5),
        dt.date(2026, 11, 6),
    ]
    europe = us.replace("11/5/2026,Thu", "5/11/2026,Thu").replace("11/6/2026,Fri", "6/11/2026,Fri")
    assert [d.date for d in read_source(europe.encode(), name="bearable.csv").days] == [
        dt.date(2026, 11, 5),
        dt.date(2026, 11, 6),
    ]


def test_a_bearable_header_resaved_in_title_case_with_spaced_slashes_is_still_bearable() -> None:
    """A spreadsheet's save writes "Time Of Day" and "Rating / Amount"; the columns are the same. So are
    categories written with spaces around a slash ("Meds / Supplements")."""
    text = (
        "Date,Weekday,Time Of Day,Category,Rating / Amount,Detail,Notes\n"
        "2026-11-05,Thu,am,Symptom,3,Back (lower) pain (Severe),stiff\n"
        "2026-11-05,Thu,pm,Meds / Supplements,400,Ibuprofen (mg),\n"
        "2026-11-06,Fri,am,Symptom,2,Back (lower) pain (Moderate),\n"
    )
    read = read_source(text.encode(), name="export.csv")
    assert read.kind == "bearable"
    assert [(d.date, d.values["pain"], d.values.get("painkiller")) for d in read.days] == [
        (dt.date(2026, 11, 5), 8, None),
        (dt.date(2026, 11, 6), 5, True),  # the evening's pill counts for the next morning
    ]


def test_fitbit_com_s_export_without_sleep_is_refused_in_words() -> None:
    text = "Body\nDate,Weight,BMI,Fat\n" + '"2019-10-02","80","24.1","20"\n'
    with pytest.raises(SourceError, match="a Fitbit data export without its Sleep section"):
        read_source(text.encode(), name="fitbit_export_20191004.csv")


def test_a_folder_of_monthly_fitbit_com_exports_is_read_whole(tmp_path: Path) -> None:
    (tmp_path / "fitbit_export_20191004.csv").write_text(FITBIT_COM_EXPORT, encoding="utf-8")
    later = FITBIT_COM_EXPORT.replace("2019-10-0", "2019-11-0")
    (tmp_path / "fitbit_export_20191104.csv").write_text(later, encoding="utf-8")
    result = read_source(tmp_path)
    assert result.kind == "fitbit"
    assert [d.date for d in result.days] == [dt.date(2019, 10, 2), dt.date(2019, 11, 2)]
