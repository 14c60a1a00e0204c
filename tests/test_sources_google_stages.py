"""Google Health's ``UserSleepStages_*.csv`` beside ``UserSleeps_*.csv``: a sleep's stages place its night."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from diary.sources import SourceError, night_sentence, read_source
from diary.sources.google_tables import STAGES_ALONE, on_their_clock

T = dt.time
FIXTURES = Path(__file__).parent / "fixtures" / "sources"

SLEEPS = (
    "sleep_id,sleep_type,minutes_in_sleep_period,minutes_after_wake_up,minutes_to_fall_asleep,minutes_asleep,"
    "minutes_awake,start_utc_offset,sleep_start,end_utc_offset,sleep_end,data_source\n"
    # on a +05:30 clock: 23:00 to 06:30; 15 min awake before sleep, 25 in the night, 10 after the last sleep
    "111,STAGES,450,0,0,400,50,+05:30,2026-09-11T17:30:00Z,+05:30,2026-09-12T01:00:00Z,GOOGLE_FITBIT_AIR\n"
    # a classic sleep on a -04:00 clock: 22:30 to 06:00, woken twice (a restless stretch is no waking)
    "222,CLASSIC,450,0,10,420,20,-04:00,2026-09-13T02:30:00Z,-04:00,2026-09-13T10:00:00Z,TRACKER\n"
    # a stage sleep without its stages in the table: read from its row alone, as before
    "333,STAGES,420,0,0,380,40,+00:00,2026-09-13T23:00:00Z,+00:00,2026-09-14T06:00:00Z,WATCH\n"
)
STAGES_HEADER = (
    "sleep_id,sleep_stage_id,sleep_stage_type,start_utc_offset,sleep_stage_start,end_utc_offset,sleep_stage_end,"
    "data_source,algorithm_version,sleep_stage_created,sleep_stage_last_updated\n"
)


def _rows(sleep_id: str, offset: str, stages: list[tuple[str, str, str]]) -> str:
    return "".join(
        f"{sleep_id},{n},{kind},{offset},{start},{offset},{end},WATCH,3,,\n"
        for n, (kind, start, end) in enumerate(stages)
    )


STAGES = (
    STAGES_HEADER
    + _rows(
        "111",
        "+05:30",
        [
            ("AWAKE", "2026-09-11T17:30:00Z", "2026-09-11T17:45:00Z"),
            ("LIGHT", "2026-09-11T17:45:00Z", "2026-09-11T19:15:00Z"),
            ("DEEP", "2026-09-11T19:15:00Z", "2026-09-11T20:30:00Z"),
            ("REM", "2026-09-11T20:30:00Z", "2026-09-11T22:00:00Z"),
            ("LIGHT", "2026-09-11T22:00:00Z", "2026-09-11T23:55:00Z"),
            ("AWAKE", "2026-09-11T23:55:00Z", "2026-09-12T00:20:00Z"),
            ("REM", "2026-09-12T00:20:00Z", "2026-09-12T00:50:00Z"),
            ("AWAKE", "2026-09-12T00:50:00Z", "2026-09-12T01:00:00Z"),
        ],
    )
    + _rows(
        "222",
        "-04:00",
        [
            ("RESTLESS", "2026-09-13T02:30:00Z", "2026-09-13T02:40:00Z"),
            ("ASLEEP", "2026-09-13T02:40:00Z", "2026-09-13T05:00:00Z"),
            ("AWAKE", "2026-09-13T05:00:00Z", "2026-09-13T05:10:00Z"),
            ("ASLEEP", "2026-09-13T05:10:00Z", "2026-09-13T06:00:00Z"),
            ("RESTLESS", "2026-09-13T06:00:00Z", "2026-09-13T06:05:00Z"),
            ("ASLEEP", "2026-09-13T06:05:00Z", "2026-09-13T07:00:00Z"),
            ("AWAKE", "2026-09-13T07:00:00Z", "2026-09-13T07:05:00Z"),
            ("ASLEEP", "2026-09-13T07:05:00Z", "2026-09-13T10:00:00Z"),
        ],
    )
)


def _takeout(folder: Path, sleeps: str = SLEEPS, *stage_tables: str) -> Path:
    tables = folder / "Takeout" / "Google Health" / "Health Fitness Data_GoogleData"
    tables.mkdir(parents=True)
    (tables / "UserSleeps_2026-09-01.csv").write_text(sleeps)
    for number, text in enumerate(stage_tables or (STAGES,)):
        (tables / f"UserSleepStages_2026-0{number + 1}-01.csv").write_text(text)
    return folder


def test_a_sleep_s_stages_give_its_time_to_fall_asleep_its_awake_time_and_the_times_it_woke(
    tmp_path: Path,
) -> None:
    result = read_source(_takeout(tmp_path))
    assert result.kind == "fitbit" and not result.unrecognised
    assert {d.date: dict(d.values) for d in result.days} == {
        # the wake before the first stage of sleep is falling asleep; the night ends with the last sleep
        dt.date(2026, 9, 12): {
            "bedtime": T(23, 0),
            "wake_time": T(6, 20),
            "sleep_latency_min": 15,
            "awake_minutes": 25,
            "awakenings": 1,
        },
        dt.date(2026, 9, 13): {
            "bedtime": T(22, 30),
            "wake_time": T(6, 0),
            "sleep_latency_min": 10,
            "awake_minutes": 15,  # its two AWAKE stages in the night; RESTLESS is neither awake nor a waking
            "awakenings": 2,
        },
        # no stages: its awake minutes would hold falling asleep and after waking, so none are imported
        dt.date(2026, 9, 14): {"bedtime": T(23, 0), "wake_time": T(6, 0)},
    }
    night = result.day(dt.date(2026, 9, 12))
    assert night is not None and night.where == "UserSleeps_2026-09-01.csv, line 2"


def test_stages_repeated_in_another_file_are_read_once_and_listed_once_a_file(tmp_path: Path) -> None:
    once = read_source(_takeout(tmp_path / "once"))
    twice = read_source(_takeout(tmp_path / "twice", SLEEPS, STAGES, STAGES))
    assert twice.days == once.days
    repeats = [str(f) for f in twice.not_imported if "stage row" in f.item]
    assert len(repeats) == 1 and repeats[0].startswith(
        "UserSleepStages_2026-02-01.csv: 16 stage rows — the same as"
    )
    assert "UserSleepStages_2026-01-01.csv" in repeats[0]


def test_a_gap_between_stages_is_time_without_data_and_an_unknown_type_is_listed(tmp_path: Path) -> None:
    gaps = STAGES_HEADER + _rows(
        "111",
        "+05:30",
        [
            ("SNOOZE", "2026-09-11T17:30:00Z", "2026-09-11T17:45:00Z"),
            ("LIGHT", "2026-09-11T17:45:00Z", "2026-09-11T20:00:00Z"),
            # 20:00 to 21:00 not in the table: neither awake nor a waking
            ("DEEP", "2026-09-11T21:00:00Z", "2026-09-12T00:30:00Z"),
            ("AWAKE", "2026-09-12T00:30:00Z", "2026-09-12T01:00:00Z"),
        ],
    )
    one_sleep = "".join(SLEEPS.splitlines(keepends=True)[:2])
    result = read_source(_takeout(tmp_path, one_sleep, gaps))
    assert dict(result.days[0].values) == {
        # the time before the first known stage is not known to be in bed
        "bedtime": T(23, 15),
        "wake_time": T(6, 0),
        # the row's 50 awake minutes less the 30 after the last sleep
        "awake_minutes": 20,
        "awakenings": 0,
    }
    (listed,) = [str(f) for f in result.unrecognised]
    assert listed.startswith(
        "UserSleepStages_2026-01-01.csv, line 2: stage of sleep 111 — sleep_stage_type 'SNOOZE'"
    )
    assert "counted as time without data" in listed


def test_stages_of_a_sleep_no_row_holds_and_unreadable_stages_are_listed(tmp_path: Path) -> None:
    stray = _rows("999", "+00:00", [("LIGHT", "2026-09-01T00:00:00Z", "2026-09-01T01:00:00Z")] * 2)
    broken = "111,9,DEEP,+05:30,2026-09-12T01:00:00Z,+05:30,2026-09-11T23:00:00Z,WATCH,3,,\n"
    result = read_source(_takeout(tmp_path, SLEEPS, STAGES + stray.replace(",1,", ",7,", 1) + broken))
    assert [str(f) for f in result.unrecognised] == [
        "UserSleepStages_2026-01-01.csv, line 20: stage of sleep 111 — a stage from 2026-09-12T01:00:00Z to "
        "2026-09-11T23:00:00Z is not possible"
    ]
    (orphans,) = [f for f in result.not_imported if "no UserSleeps" in f.reason]
    assert (orphans.where, orphans.item) == ("UserSleepStages_2026-01-01.csv", "2 stages of 1 sleep (999)")
    night = result.day(dt.date(2026, 9, 12))
    assert night is not None and dict(night.values)["awake_minutes"] == 25


def test_stages_without_their_sleeps_are_refused_in_words(tmp_path: Path) -> None:
    folder = tmp_path / "Health Fitness Data_GoogleData"
    folder.mkdir()
    (folder / "UserSleepStages_2026-09-01.csv").write_text(STAGES)
    with pytest.raises(SourceError) as raised:
        read_source(folder)
    assert STAGES_ALONE in str(raised.value)
    # a table of stages renamed is told by its columns, and refused the same way
    with pytest.raises(SourceError) as renamed:
        read_source(STAGES.encode(), name="stages.csv")
    assert renamed.value.kind == "fitbit" and STAGES_ALONE in str(renamed.value)


def test_the_takeout_fixture_names_its_watch_and_reads_each_night_from_its_stages() -> None:
    """``fixtures/sources/google_health_takeout`` (read twice by ``test_import_twice`` too): a Pixel Watch's nights."""
    result = read_source(FIXTURES / "google_health_takeout")
    assert result.kind == "fitbit" and not result.unrecognised
    assert {d.device for d in result.days} == {"Google Health (Pixel Watch 2)"}
    first = result.day(dt.date(2025, 12, 2))
    assert first is not None
    assert night_sentence(first.values, first.device) == (
        "From Google Health (Pixel Watch 2): in bed 22:40–05:45, fell asleep in 12 min, "
        "awake 18 min in the night (1 time)"
    )


@pytest.mark.parametrize(
    ("offset", "clock"),
    [
        ("+05:30", T(23, 0)),
        ("+0530", T(23, 0)),
        ("UTC+05:30", T(23, 0)),
        ("-4", T(13, 30)),
        ("Z", T(17, 30)),
        ("UTC", T(17, 30)),
        ("+00:00", T(17, 30)),
    ],
)
def test_a_row_s_offset_is_read_however_it_is_written(offset: str, clock: dt.time) -> None:
    cells = {"sleep_start": "2026-09-11T17:30:00Z", "start_utc_offset": offset}
    assert on_their_clock(cells, "sleep_start", "start_utc_offset").time() == clock


@pytest.mark.parametrize("offset", ["", "05:30", "+15:00", "+02:60", "east"])
def test_an_offset_that_is_none_is_named(offset: str) -> None:
    cells = {"sleep_start": "2026-09-11T17:30:00Z", "start_utc_offset": offset}
    with pytest.raises(ValueError, match=re.escape(f"start_utc_offset {offset!r} is not an offset from UTC")):
        on_their_clock(cells, "sleep_start", "start_utc_offset")
