"""Oura: what real exports hold beyond the plain cases (a night begun without sleep, the JSON shapes, score files)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from diary.sources import SourceError, detect_kind, read_oura, read_source

T = dt.time
HEADER = (
    "id;bedtime_start;bedtime_end;day;latency;awake_time;time_in_bed;total_sleep_duration;efficiency;type\n"
)
# One night of a real export (tylerjrichards/throne): in bed at 23:46 without falling asleep, up at 00:05,
# back at 00:13 and asleep three minutes later. Oura writes latency 0 for the part without sleep.
NO_SLEEP_PART = "p7;2023-08-20T23:46:00.000-05:00;2023-08-21T00:05:52.000-05:00;2023-08-21;0;1192;1192;0;0;\n"
SLEEP_PART = "p8;2023-08-21T00:13:01.000-05:00;2023-08-21T08:45:57.000-05:00;2023-08-21;180;4136;30776;26640;87;long_sleep\n"
MORNING = dt.date(2023, 8, 21)
PERIOD = {
    "bedtime_start": "2022-07-12T01:05:14-07:00",
    "bedtime_end": "2022-07-12T09:25:14-07:00",
    "day": "2022-07-12",
    "latency": 540,
    "awake_time": 4800,
    "time_in_bed": 30000,
    "total_sleep_duration": None,
    "type": "long_sleep",
}
"""Oura's own API v2 example of a sleep period: (4800 − 540) s awake is 71 minutes."""
PERIOD_VALUES = {"bedtime": T(1, 5), "wake_time": T(9, 25), "sleep_latency_min": 9, "awake_minutes": 71}
DAILY_SLEEP = {
    "id": "4e2ec640-e22a-491c-ae67-64f86f4150e9",
    "contributors": {
        "deep_sleep": 37,
        "efficiency": 76,
        "latency": 43,
        "rem_sleep": 99,
        "restfulness": 49,
        "timing": 42,
        "total_sleep": 83,
    },
    "day": "2024-07-18",
    "score": 66,
    "timestamp": "2024-07-18T00:00:00+00:00",
}
"""One day of Oura's daily_sleep: a score and what made it, no bed times."""


def _sleepmodel(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


# -- a night begun without sleep --------------------------------------------------------------


def test_a_period_without_sleep_claims_no_latency_and_no_awake_time() -> None:
    """Latency 0 with no sleep at all is not "fell asleep at once"; nor is it a night to be awake in."""
    night = read_oura(_sleepmodel(NO_SLEEP_PART), name="sleepmodel.csv").day(MORNING)
    assert night is not None
    assert dict(night.values) == {"bedtime": T(23, 46), "wake_time": T(0, 5)}


def test_a_night_begun_without_sleep_does_not_say_it_fell_asleep_at_once() -> None:
    """It read "fell asleep in 0 min, awake 96 min": the time before the first sleep is neither."""
    night = read_oura(_sleepmodel(NO_SLEEP_PART, SLEEP_PART), name="sleepmodel.csv").day(MORNING)
    assert night is not None
    assert (night.values["bedtime"], night.values["wake_time"]) == (T(23, 46), T(8, 45))
    assert night.values.get("sleep_latency_min") == 30
    assert night.values.get("awake_minutes") == 66
    assert night.where == "line 2 and line 3"


def test_the_latency_of_a_night_begun_without_sleep_runs_from_its_bedtime_to_its_first_sleep() -> None:
    night = read_oura(_sleepmodel(NO_SLEEP_PART, SLEEP_PART), name="sleepmodel.csv").day(MORNING)
    assert night is not None
    # 23:46:00 to 00:13:01 in bed and out of it, then 3 minutes to fall asleep; awake (30776 − 26640 − 180) s
    assert dict(night.values) == {
        "bedtime": T(23, 46),
        "wake_time": T(8, 45),
        "sleep_latency_min": 27 + 3,
        "awake_minutes": 66,
    }


# -- the shapes of Oura's JSON ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "content"),
    [
        ("a bare list of periods", [PERIOD]),
        ("an API v2 response", {"data": [PERIOD], "next_token": None}),
        ("an API v1 response", {"sleep": [PERIOD]}),
        ("a dump of several endpoints", {"sleep": {"data": [PERIOD], "next_token": None}}),
        ("one period on its own", PERIOD),
    ],
)
def test_every_json_shape_the_reader_reads_is_recognised(tmp_path: Path, shape: str, content: object) -> None:
    path = tmp_path / "oura.json"
    path.write_text(json.dumps(content, indent=1), encoding="utf-8")
    assert detect_kind(path) == "oura", shape
    result = read_source(path)
    assert [dict(day.values) for day in result.days] == [PERIOD_VALUES], shape


def test_the_other_endpoints_of_a_dump_are_listed_not_passed_over(tmp_path: Path) -> None:
    dump = {"daily_sleep": {"data": [DAILY_SLEEP], "next_token": None}, "sleep": {"data": [PERIOD]}}
    path = tmp_path / "oura_data.json"
    path.write_text(json.dumps(dump), encoding="utf-8")
    result = read_source(path)
    assert len(result.days) == 1
    assert [(f.where, f.item) for f in result.not_imported] == [
        ("oura_data.json", "1 other part: daily_sleep")
    ]


def test_the_fields_of_a_json_period_the_reader_does_not_use_are_listed(tmp_path: Path) -> None:
    """As a CSV's unused columns are: the heart rates and the readiness of a period are not imported, and said."""
    more = {**PERIOD, "average_hrv": 41, "lowest_heart_rate": 52, "readiness": {"score": 80}}
    path = tmp_path / "oura.json"
    path.write_text(json.dumps({"data": [more], "next_token": None}), "utf-8")
    result = read_source(path)
    assert [dict(day.values) for day in result.days] == [PERIOD_VALUES]
    assert [(f.where, f.item) for f in result.not_imported] == [
        ("oura.json sleep periods", "3 fields: average_hrv, lowest_heart_rate, readiness")
    ]


# -- daily sleep scores are not nights -------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        {"data": [DAILY_SLEEP, {**DAILY_SLEEP, "day": "2024-07-19"}], "next_token": None},
        {"daily_sleep": {"data": [DAILY_SLEEP]}},
    ],
)
def test_a_file_of_daily_sleep_scores_says_where_the_nights_are(content: object) -> None:
    """It read "2 rows without a bedtime – days without sleep data" and imported nothing, successfully."""
    with pytest.raises(SourceError, match=r"holds Oura's daily sleep scores, not sleep periods") as caught:
        read_oura(json.dumps(content).encode(), name="oura_data.json")
    assert "sleepmodel.csv" in str(caught.value)


def test_the_account_exports_dailysleep_csv_names_sleepmodel_csv() -> None:
    contributors = json.dumps(DAILY_SLEEP["contributors"]).replace('"', '""')
    text = f'id;contributors;day;score;timestamp\nd1;"{contributors}";2024-07-18;66;2024-07-18T00:00:00.000+00:00\n'
    with pytest.raises(SourceError, match=r"daily sleep scores.*sleepmodel\.csv"):
        read_oura(text.encode(), name="dailysleep.csv")


def test_another_daily_score_file_is_not_called_sleep_scores() -> None:
    readiness = 'id;contributors;day;score\nr1;"{""hrv_balance"": 80, ""sleep_balance"": 70}";2024-07-18;80\n'
    with pytest.raises(SourceError, match=r"lacks the columns Bedtime Start and Bedtime End") as caught:
        read_oura(readiness.encode(), name="dailyreadiness.csv")
    assert "daily sleep scores" not in str(caught.value)


# -- Oura's types: "sleep" is a length (15 minutes to 3 hours), not "not the night" --------------------


def test_a_short_night_oura_types_sleep_is_still_the_night() -> None:
    """A night of pain with 2.5 hours' sleep: Oura types it "sleep" (under 3 hours); it is that morning's night."""
    short = "s1;2023-03-02T02:10:00.000+01:00;2023-03-02T04:40:00.000+01:00;2023-03-02;600;1200;9000;7800;87;sleep\n"
    night = read_oura(_sleepmodel(short), name="sleepmodel.csv").day(dt.date(2023, 3, 2))
    assert night is not None
    assert (night.values["bedtime"], night.values["wake_time"]) == (T(2, 10), T(4, 40))


def test_a_period_of_a_type_the_diary_does_not_know_is_listed_not_read_as_sleep() -> None:
    unknown = json.dumps({"data": [{**PERIOD, "type": "weird_type"}]}).encode()
    result = read_oura(unknown, name="oura.json")
    assert not result.days
    assert [(f.item, f.reason.split(" (")[0]) for f in result.unrecognised] == [
        ("period of type 'weird_type'", "a type of period the diary does not know")
    ]


def test_back_to_sleep_after_the_main_sleep_is_part_of_the_night_as_for_every_wearable() -> None:
    """Up at 06:00, asleep again 06:40–08:10 (Oura: "sleep"): the night ends at the last sleep, as for Fitbit."""
    rows = (
        "m1;2023-03-01T23:00:00.000+01:00;2023-03-02T06:00:00.000+01:00;2023-03-02;600;1500;25200;23700;94;long_sleep\n",
        "m2;2023-03-02T06:40:00.000+01:00;2023-03-02T08:10:00.000+01:00;2023-03-02;300;600;5400;4800;89;sleep\n",
    )
    night = read_oura(_sleepmodel(*rows), name="sleepmodel.csv").day(dt.date(2023, 3, 2))
    assert night is not None
    assert (night.values["bedtime"], night.values["wake_time"]) == (T(23, 0), T(8, 10))


def test_a_sleep_csv_row_with_more_cells_than_the_header_is_listed_not_cut() -> None:
    """As the diary apps' CSVs: which cell belongs to which column cannot be told, so the row is not read."""
    shifted = SLEEP_PART.replace("p8;", "p8;extra;", 1)
    result = read_oura(_sleepmodel(NO_SLEEP_PART, shifted), name="sleepmodel.csv")
    assert [f.where for f in result.unrecognised] == ["line 3"]
    assert "11 cells for 10 columns" in str(result.unrecognised[0])
    night = result.day(MORNING)
    assert night is not None and night.values == {"bedtime": T(23, 46), "wake_time": T(0, 5)}


def test_another_apps_json_named_as_oura_is_refused_not_read_as_days_without_data() -> None:
    """A Fitbit sleep log read with ``--from oura`` was "1 row without a bedtime – days without sleep data"."""
    fitbit: dict[str, Any] = {
        "sleep": [{"dateOfSleep": "2025-03-30", "startTime": "2025-03-29T22:11:30.000"}],
        "summary": {},
    }
    with pytest.raises(
        SourceError, match=r"holds 1 entry and no Oura sleep period \(an entry with bedtime_start"
    ):
        read_oura(json.dumps(fitbit).encode(), name="2025-03-30.json")
    fitbit["sleep"] = fitbit["sleep"] * 4
    with pytest.raises(SourceError, match=r"holds 4 entries and no Oura sleep period"):
        read_oura(json.dumps(fitbit).encode(), name="2025-03-30.json")
    # A Takeout sleep-*.json: a bare list of logs, each with a "type" ("stages", "classic") Oura does not know;
    # it was read as an Oura export of unknown periods and nothing refused.
    takeout = [
        {"logId": n, "dateOfSleep": "2025-03-30", "startTime": "2025-03-29T22:11:30.000", "type": kind}
        for n, kind in enumerate(["stages", "classic", "classic"])
    ]
    with pytest.raises(SourceError, match=r"holds 3 entries and no Oura sleep period"):
        read_oura(json.dumps(takeout).encode(), name="sleep-2025-03-30.json")
