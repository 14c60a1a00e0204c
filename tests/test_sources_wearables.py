"""Fitbit and Oura: nights from Google Takeout sleep-*.json and Oura's CSV, sleepmodel.csv and JSON."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

from diary.entry.fields import NIGHT_COLUMNS
from diary.sources import SourceError, night_sentence, read_fitbit, read_oura, read_source
from diary.sources.common import check_values
from diary.sources.nights import seconds_as_minutes

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
TAKEOUT = FIXTURES / "fitbit_takeout"
T = dt.time


# -- Fitbit ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fitbit():
    return read_fitbit(TAKEOUT)


def test_fitbit_stage_log_across_midnight(fitbit) -> None:
    night = fitbit.day(dt.date(2023, 1, 2))
    # Its stages begin with 7 minutes awake (falling asleep) and end with 12.5 (after waking at 06:50):
    # as for Apple Health, neither is awake time in the night (the summary's 57 minutes hold both).
    assert dict(night.values) == {
        "bedtime": T(23, 14),
        "wake_time": T(6, 50),
        "sleep_latency_min": 7,
        "awake_minutes": 37,
        "awakenings": 1,  # the one long wake between sleeps (not the summary's 32, short ones included)
    }
    assert night.where == "sleep-2023-01-01.json, entry 1"
    assert night_sentence(night.values, night.device).startswith(
        "From your Fitbit: in bed 23:14–06:50, fell asleep in 7 min"
    )


def test_fitbit_classic_log_wakes_before_its_end(fitbit) -> None:
    # endTime 06:45 less 5 minutes after waking; 12 minutes to fall asleep; classic "awake" count
    night = fitbit.day(dt.date(2023, 1, 3))
    assert dict(night.values) == {
        "bedtime": T(22, 50),
        "wake_time": T(6, 40),
        "sleep_latency_min": 12,
        "awake_minutes": 28,
        "awakenings": 3,
    }


def test_fitbit_local_times_are_used_as_written_across_a_clock_change(fitbit) -> None:
    night = fitbit.day(dt.date(2023, 3, 26))
    assert (night.values["bedtime"], night.values["wake_time"]) == (T(23, 30), T(7, 0))


def test_fitbit_naps_repeats_and_broken_logs_are_listed(fitbit) -> None:
    assert [d.date for d in fitbit.days] == [dt.date(2023, 1, 2), dt.date(2023, 1, 3), dt.date(2023, 3, 26)]
    left = [str(f) for f in fitbit.not_imported]
    assert any("entry 3" in f and "not the main sleep (a nap)" in f for f in left)
    assert any(
        f.startswith("sleep-2023-03-02.json, entry 1") and "same log as sleep-2023-01-01.json, entry 1" in f
        for f in left
    )
    assert [str(f) for f in fitbit.unrecognised] == [
        "sleep-2023-01-01.json, entry 4: sleep log 39653333333 — endTime is missing"
    ]


def test_fitbit_from_a_single_file_and_from_a_zip(fitbit) -> None:
    single = read_fitbit(TAKEOUT / "Fitbit" / "Global Export Data" / "sleep-2023-03-02.json")
    assert [d.date for d in single.days] == [dt.date(2023, 1, 2), dt.date(2023, 3, 26)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in TAKEOUT.rglob("*"):
            if path.is_file():
                archive.write(path, "Takeout/" + path.relative_to(TAKEOUT).as_posix())
    assert read_source(buffer.getvalue(), name="takeout.zip").days == fitbit.days


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[{]", r"is not valid JSON \(line 1"),
        (b'{"logs": []}', r"is not a list of sleep logs"),  # {"sleep": [...]} is the Web API's answer
        (b'{"sleep": {}}', r"is not a list of sleep logs"),
        (b"\xff\xfe\x00\x00garbage\xc3", r"not UTF-8|not valid JSON"),
    ],
)
def test_fitbit_bad_files_get_a_named_error(data: bytes, message: str) -> None:
    with pytest.raises(
        SourceError, match=r"^sleep-2023-01-01\.json cannot be read as a Fitbit sleep export.*" + message
    ):
        read_fitbit(data, name="sleep-2023-01-01.json")


def test_fitbit_a_folder_without_sleep_files_is_a_named_error(tmp_path: Path) -> None:
    (tmp_path / "steps-2023-01-01.json").write_text("[]")
    with pytest.raises(SourceError, match=r"holds no Fitbit sleep-YYYY-MM-DD\.json files"):
        read_fitbit(tmp_path)


def test_fitbit_values_outside_the_diary_rules_are_listed_not_bent() -> None:
    log = {
        "logId": 1,
        "startTime": "2023-05-01T23:00:00.000",
        "endTime": "2023-05-02T07:00:00.000",
        "minutesToFallAsleep": 700,
        "minutesAwake": 20,
        "minutesAsleep": 400,
        "mainSleep": True,
    }
    result = read_fitbit(json.dumps([log]).encode(), name="sleep-2023-05-01.json")
    assert "0 to 600" in result.unrecognised[0].reason
    # The night's other values go with it: kept, its bedtime and wake time would count 8 h of sleep.
    assert [f.item for f in result.unrecognised] == [
        "sleep_latency_min 700",
        "bedtime 23:00, wake_time 07:00, awake_minutes 20",
    ]
    assert "worked out from its times and minutes together" in result.unrecognised[1].reason
    assert not any(set(NIGHT_COLUMNS) & set(day.values) for day in result.days)


def test_a_broken_value_outside_the_night_leaves_the_others_be() -> None:
    """Only a night's times and minutes go together: a broken value elsewhere leaves the others be."""
    values, findings = check_values(
        dt.date(2024, 3, 6), {"pain": 14, "painkiller": True, "bedtime": "23:00"}, "x"
    )
    assert values == {"painkiller": True, "bedtime": dt.time(23, 0)}
    assert [f.item for f in findings] == ["pain 14"]


def _log(log_id: int, start: str, end: str, *, main: bool, asleep: int, awake: int) -> dict[str, object]:
    """A classic Fitbit sleep log (awake periods counted in its summary)."""
    return {
        "logId": log_id,
        "startTime": start,
        "endTime": end,
        "minutesToFallAsleep": 5,
        "minutesAwake": awake,
        "minutesAsleep": asleep,
        "mainSleep": main,
        "type": "classic",
        "levels": {"summary": {"awake": {"count": 1, "minutes": awake}}},
    }


def test_fitbit_a_night_logged_in_two_parts_is_one_night_and_a_doze_before_bed_stays_a_nap() -> None:
    """Awake an hour and a half with pain: Fitbit logs two sleeps, the longer its main one. Both are the night."""
    logs = [
        _log(1, "2023-02-06T22:30:00.000", "2023-02-07T02:15:00.000", main=False, asleep=210, awake=10),
        _log(2, "2023-02-07T03:40:00.000", "2023-02-07T07:54:00.000", main=True, asleep=240, awake=4),
        _log(3, "2023-02-07T19:00:00.000", "2023-02-07T20:10:00.000", main=False, asleep=65, awake=0),
        _log(4, "2023-02-07T21:30:00.000", "2023-02-08T06:30:00.000", main=True, asleep=500, awake=15),
    ]
    result = read_fitbit(json.dumps(logs).encode(), name="sleep-2023-02-06.json")
    split = result.day(dt.date(2023, 2, 7))
    assert split is not None
    # 85 minutes awake between the parts and 5 to fall asleep again, with their own 10 and 4: one more awakening
    assert dict(split.values) == {
        "bedtime": T(22, 30),
        "wake_time": T(7, 54),
        "sleep_latency_min": 5,
        "awake_minutes": 104,
        "awakenings": 3,
    }
    after = result.day(dt.date(2023, 2, 8))
    assert after is not None
    assert after.values["bedtime"] == T(21, 30)  # the doze on the sofa at 19:00 is not where the night began
    assert [str(f) for f in result.not_imported] == [
        "sleep-2023-02-06.json, entry 3: sleep Tue 7 Feb 2023, 19:00–20:10 — is not the main sleep (a nap)"
    ]


def test_fitbit_a_night_first_woken_before_midnight_is_one_night_not_a_nap() -> None:
    """In bed at 21:30, awake from 23:45 to 00:25 with pain: the short first part is the night's start."""
    logs = [
        _log(1, "2024-03-05T21:30:00.000", "2024-03-05T23:45:00.000", main=True, asleep=120, awake=5),
        _log(2, "2024-03-06T00:25:00.000", "2024-03-06T06:30:00.000", main=True, asleep=350, awake=10),
    ]
    result = read_fitbit(json.dumps(logs).encode(), name="sleep-2024-03-05.json")
    night = result.day(dt.date(2024, 3, 6))
    assert night is not None
    # 40 minutes between the parts and 5 to fall asleep again, with their own 5 and 10: one more awakening
    assert dict(night.values) == {
        "bedtime": T(21, 30),
        "wake_time": T(6, 30),
        "sleep_latency_min": 5,
        "awake_minutes": 60,
        "awakenings": 3,
    }
    assert not result.not_imported


def test_fitbit_lying_awake_in_the_small_hours_still_ends_the_night_at_the_final_waking() -> None:
    """Asleep 22:45–02:15, awake two and a half hours, asleep 04:45–07:30: woke for the day at 07:30."""
    logs = [
        _log(1, "2023-05-01T22:45:00.000", "2023-05-02T02:15:00.000", main=True, asleep=200, awake=5),
        _log(2, "2023-05-02T04:45:00.000", "2023-05-02T07:30:00.000", main=False, asleep=160, awake=0),
    ]
    night = read_fitbit(json.dumps(logs).encode(), name="sleep-2023-05-01.json").day(dt.date(2023, 5, 2))
    assert night is not None
    assert (night.values["bedtime"], night.values["wake_time"]) == (T(22, 45), T(7, 30))
    assert night.values["awake_minutes"] == 5 + 150 + 5 + 0
    # up at 06:00 and back to bed at 09:00 is a morning's lie-in, not the night: the night ended at 06:00
    logs = [
        _log(1, "2023-05-01T22:45:00.000", "2023-05-02T06:00:00.000", main=True, asleep=420, awake=5),
        _log(2, "2023-05-02T09:00:00.000", "2023-05-02T11:00:00.000", main=False, asleep=115, awake=0),
    ]
    night = read_fitbit(json.dumps(logs).encode(), name="sleep-2023-05-01.json").day(dt.date(2023, 5, 2))
    assert night is not None
    assert night.values["wake_time"] == T(6, 0)


# -- Oura ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "whole"), [(0, 0), (29, 0), (30, 1), (270, 5), (870, 15), (1050, 18), (1110, 19), (1410, 24)]
)
def test_a_half_minute_is_always_rounded_up(seconds: float, whole: int) -> None:
    """Not to the even minute: 4.5 minutes became 4 and 17.5 minutes 18."""
    assert seconds_as_minutes(seconds) == whole


def test_oura_cloud_csv_dates_a_night_by_its_morning() -> None:
    result = read_oura(FIXTURES / "oura_trends.csv")
    # the row dated 2020-03-04 (its evening) is the morning of 2020-03-05
    first = result.day(dt.date(2020, 3, 5))
    assert first is not None
    # awake = 27300 in bed − 24690 asleep − 900 latency = 1710 s: 28.5 minutes, a half minute up
    assert dict(first.values) == {
        "bedtime": T(23, 41),
        "wake_time": T(7, 16),
        "sleep_latency_min": 15,
        "awake_minutes": 29,
    }
    second = result.day(dt.date(2020, 3, 7))
    assert second is not None
    assert (second.values["bedtime"], second.values["sleep_latency_min"]) == (T(0, 5), 10)
    assert [str(f) for f in result.unrecognised] == [
        "line 5: sleep period — latency 'abc' is not a number of seconds"
    ]
    assert any("1 row without a bedtime" in str(f) for f in result.not_imported)


def test_oura_cloud_csv_writes_none_for_a_day_without_sleep_data(tmp_path: Path) -> None:
    lines = (FIXTURES / "oura_trends.csv").read_text().splitlines()
    width = lines[2].count(",")
    lines[2] = "2020-03-05," + ",".join(["None"] * (width - 1)) + ",4210"  # as Oura writes it
    path = tmp_path / "oura.csv"
    path.write_text("\n".join(lines) + "\n")
    result = read_oura(path)
    assert len(result.days) == 2 and len(result.unrecognised) == 1  # the row with "abc" is the one not read
    assert any(
        str(f).startswith("line 3: 1 row without a bedtime") for f in result.not_imported
    )  # where it is


def test_oura_sleepmodel_across_dst_and_time_zones() -> None:
    result = read_oura(FIXTURES / "sleepmodel.csv")
    assert [d.date for d in result.days] == [dt.date(2024, 3, 31), dt.date(2024, 4, 5)]
    dst = result.day(dt.date(2024, 3, 31))
    assert dst is not None
    # 24600 s in bed − 22080 asleep − 1020 latency = 1500 s awake
    assert dict(dst.values) == {
        "bedtime": T(23, 18),
        "wake_time": T(7, 8),
        "sleep_latency_min": 17,
        "awake_minutes": 25,
    }
    new_york = result.day(dt.date(2024, 4, 5))
    assert new_york is not None
    assert (new_york.values["bedtime"], new_york.values["wake_time"]) == (T(22, 45), T(6, 50))
    left = " | ".join(str(f) for f in result.not_imported)
    assert "a nap, not a night" in left and "the same sleep as line 2" in left
    assert "a rest period" in left and "deleted in the Oura app" in left
    # the columns it does not read are listed, not silently passed over
    assert "sleepmodel.csv header: 13 columns: average_breath, average_heart_rate" in left
    assert "bedtime_start" not in left.split("header:")[1]
    assert [f.where for f in result.unrecognised] == ["line 8"]


SLEEPMODEL_HEADER = (
    "id;bedtime_end;bedtime_start;day;latency;time_in_bed;total_sleep_duration;awake_time;type\n"
)
"""The header of the newer Oura sleepmodel.csv, as far as these nights need."""


def test_oura_a_night_in_two_parts_wakes_at_the_end_of_the_second() -> None:
    """Two long sleeps of one night (awake 70 minutes at 3 am): one night, not the first part alone."""
    text = (
        SLEEPMODEL_HEADER
        + "a;2023-01-03T03:00:00.000+01:00;2023-01-02T22:45:00.000+01:00;2023-01-03;600;15300;14400;900;long_sleep\n"
        "b;2023-01-03T07:30:00.000+01:00;2023-01-03T04:10:00.000+01:00;2023-01-03;300;12000;11400;600;long_sleep\n"
    )
    result = read_oura(text.encode(), name="sleepmodel.csv")
    night = result.day(dt.date(2023, 1, 3))
    assert night is not None
    assert dict(night.values) == {
        "bedtime": T(22, 45),
        "wake_time": T(7, 30),
        "sleep_latency_min": 10,
        "awake_minutes": 5 + 70 + 5 + 5,  # in bed not asleep, each part; awake between; falling asleep again
    }
    assert night.where == "line 2 and line 3"


def test_oura_a_doze_on_the_sofa_ending_after_ten_is_not_the_nights_start() -> None:
    """A half-hour doze (Oura's "sleep", 21:40–22:10), in bed at 23:50 (its "long_sleep"): the night starts at 23:50."""
    text = (
        SLEEPMODEL_HEADER
        + "a;2023-02-02T22:10:00.000+01:00;2023-02-02T21:40:00.000+01:00;2023-02-03;120;1800;1500;300;sleep\n"
        "b;2023-02-03T06:50:00.000+01:00;2023-02-02T23:50:00.000+01:00;2023-02-03;600;25200;23400;1200;long_sleep\n"
    )
    result = read_oura(text.encode(), name="sleepmodel.csv")
    night = result.day(dt.date(2023, 2, 3))
    assert night is not None
    assert dict(night.values) == {
        "bedtime": T(23, 50),
        "wake_time": T(6, 50),
        "sleep_latency_min": 10,
        "awake_minutes": 20,  # 7 hours in bed, 6 h 30 asleep, 10 minutes of it falling asleep
    }
    assert [(f.where, f.item) for f in result.not_imported] == [
        ("2023-02-02", "sleep Thu 2 Feb 2023, 21:40–22:10 (your Oura ring, line 2)")
    ]


def test_oura_json_exports() -> None:
    v1 = {
        "sleep": [
            {
                "summary_date": "2021-02-01",
                "bedtime_start": "2021-02-01T23:10:00+01:00",
                "bedtime_end": "2021-02-02T07:05:00+01:00",
                "onset_latency": 600,
                "awake": 1500,
                "duration": 28500,
                "total": 27000,
                "is_longest": 1,
            }
        ]
    }
    result = read_oura(json.dumps(v1).encode(), name="oura_data.json")
    assert dict(result.days[0].values) == {
        "bedtime": T(23, 10),
        "wake_time": T(7, 5),
        "sleep_latency_min": 10,
        "awake_minutes": 15,
    }
    v2 = {
        "data": [
            {
                "bedtime_start": "2024-01-01T22:00:00.000-08:00",
                "bedtime_end": "2024-01-02T06:00:00.000-08:00",
                "latency": 300,
                "awake_time": 900,
                "type": "long_sleep",
            }
        ]
    }
    night = read_oura(json.dumps(v2).encode(), name="sleep.json").days[0]
    assert night.date == dt.date(2024, 1, 2) and night.values["awake_minutes"] == 10


def test_oura_from_an_account_export_zip() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("App Data/dailyactivity.csv", "id;day;steps\n1;2024-03-31;8000\n")
        archive.write(FIXTURES / "sleepmodel.csv", "App Data/sleepmodel.csv")
    result = read_source(buffer.getvalue(), name="oura-export.zip")
    assert result.kind == "oura" and len(result.days) == 2


def test_oura_bad_file_is_a_named_error() -> None:
    with pytest.raises(
        SourceError, match=r"oura\.json cannot be read as an Oura sleep export.*not valid JSON"
    ):
        read_oura(b'{"sleep": [', name="oura.json")


def test_fitbit_a_night_with_a_part_that_cannot_be_read_is_listed_not_imported_short() -> None:
    """The night's first part cannot be read: the second alone would give a bedtime of 03:40."""
    first = _log(1, "2023-02-06T22:30:00.000", "2023-02-07T02:15:00.000", main=False, asleep=210, awake=10)
    first["minutesAsleep"] = "lots"
    second = _log(2, "2023-02-07T03:40:00.000", "2023-02-07T07:54:00.000", main=True, asleep=240, awake=4)
    other = _log(3, "2023-02-08T23:00:00.000", "2023-02-09T07:00:00.000", main=True, asleep=450, awake=10)
    result = read_fitbit(json.dumps([first, second, other]).encode(), name="sleep-2023-02-06.json")
    assert [d.date for d in result.days] == [dt.date(2023, 2, 9)]  # the other night is imported
    assert [f.where for f in result.unrecognised] == ["sleep-2023-02-06.json, entry 1"]
    (kept,) = [f for f in result.not_imported if f.where == "sleep-2023-02-06.json, entry 2"]
    assert "a part of this night could not be read (sleep-2023-02-06.json, entry 1, listed)" in kept.reason
