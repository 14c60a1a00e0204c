"""Nights kept aside: stored with the diary on both backends, offered for their morning, gone once it is logged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from diary.entry import parse_entry
from diary.errors import EntryExists
from diary.exchange.backup import full_backup, read_backup
from diary.sources import (
    KeptNight,
    SourceDay,
    forget_kept_night,
    kept_night,
    kept_nights,
    use_kept_night,
)
from diary.storage import Diary

from .conftest import make_diary

D = dt.date
T = dt.time
MORNING = D(2025, 3, 2)
WATCH = {"bedtime": T(23, 40), "wake_time": T(6, 55), "sleep_latency_min": 15, "awake_minutes": 20}


def watch_night(day: dt.date = MORNING, **values: object) -> KeptNight:
    source = SourceDay(day, {**WATCH, **values}, "sleep records 3–9", "your watch")
    return KeptNight.from_day(source, "apple-health", "export.zip")


def keep(diary: Diary, *nights: KeptNight) -> None:
    diary.change_records("night", {n.key: n.to_record() for n in nights})


def test_a_kept_night_is_stored_and_read_back_on_both_backends(diary: Diary) -> None:
    night = watch_night(awakenings=2)
    keep(diary, night, watch_night(D(2025, 3, 5)))
    assert kept_night(diary, MORNING) == night
    assert kept_night(diary, D(2025, 3, 3)) is None
    assert [n.date for n in kept_nights(diary)] == [MORNING, D(2025, 3, 5)]
    record = diary.records("night")[MORNING.isoformat()]
    assert record["values"] == {
        "bedtime": "23:40",
        "wake_time": "06:55",
        "sleep_latency_min": "15",
        "awakenings": "2",
        "awake_minutes": "20",
    }
    assert (record["device"], record["source"], record["file"]) == (
        "your watch",
        "apple-health",
        "export.zip",
    )


def test_the_offer_says_what_the_watch_said() -> None:
    assert watch_night().sentence() == (
        "From your watch: in bed 23:40–06:55, fell asleep in 15 min, awake 20 min in the night"
    )
    assert watch_night().origin() == "export.zip, sleep records 3–9 (an Apple Health export)"


def test_only_the_sleep_columns_are_kept() -> None:
    night = KeptNight.from_day(SourceDay(MORNING, {**WATCH, "pain": 4}, "line 2"), "oura", "sleep.csv")
    assert set(night.values) == set(WATCH)
    assert night.device == "your watch"


def test_a_record_edited_into_nonsense_is_not_offered(diary: Diary) -> None:
    diary.change_records(
        "night",
        {
            "2025-03-02": {"values": {"bedtime": "25:00", "wake_time": "06:55"}},
            "2025-03-03": {"values": {"bedtime": "nonsense"}},
            "2025-03-04": {"values": "not a mapping"},
            "not-a-date": {"values": {"bedtime": "23:00"}},
        },
    )
    (night,) = kept_nights(diary)
    assert night.values == {"wake_time": T(6, 55)}  # the broken bedtime is left out, never guessed
    assert kept_night(diary, D(2025, 3, 3)) is None


def test_using_it_fills_the_forms_sleep_times_and_nothing_else() -> None:
    form = {"pain": 4, "bedtime": T(22, 0), "wake_time": T(7, 0), "awakenings": 3, "position": "side"}
    used = use_kept_night(form, watch_night())
    assert used == {**form, **WATCH}  # awakenings: the night does not say, so the form's stays
    assert form["bedtime"] == T(22, 0)  # the caller's values are not changed


def test_saving_the_morning_removes_its_kept_night_in_the_same_write(diary: Diary) -> None:
    keep(diary, watch_night(), watch_night(D(2025, 3, 3)))
    diary.add(parse_entry({"date": MORNING, "pain": 3}))
    assert kept_night(diary, MORNING) is None
    assert kept_night(diary, D(2025, 3, 3)) is not None  # another morning's night stays


def test_updating_or_importing_the_morning_removes_it_too(diary: Diary) -> None:
    diary.add(parse_entry({"date": MORNING, "pain": 3}))
    keep(diary, watch_night(), watch_night(D(2025, 3, 3)), watch_night(D(2025, 3, 4)))
    diary.update(parse_entry({"date": MORNING, "pain": 5}))
    diary.import_entries([parse_entry({"date": D(2025, 3, 3), "pain": 2})])
    assert [n.date for n in kept_nights(diary)] == [D(2025, 3, 4)]


def test_a_failed_save_keeps_the_night(diary: Diary) -> None:
    diary.add(parse_entry({"date": MORNING, "pain": 3}))
    keep(diary, watch_night())
    with pytest.raises(EntryExists):
        diary.add(parse_entry({"date": MORNING, "pain": 5}))  # the date exists: refused
    assert kept_night(diary, MORNING) == watch_night()


def test_forgetting_a_night(diary: Diary) -> None:
    keep(diary, watch_night())
    assert forget_kept_night(diary, MORNING) is True
    assert forget_kept_night(diary, MORNING) is False
    assert kept_nights(diary) == []


def test_a_full_backup_carries_the_kept_nights_to_another_diary(tmp_path: Path, backend: str) -> None:
    source = make_diary(backend, tmp_path / "a")
    source.add(parse_entry({"date": D(2025, 3, 1), "pain": 2}))
    keep(source, watch_night(), watch_night(D(2025, 3, 3)))
    backup = read_backup(full_backup(source))
    assert "2 nights waiting for their morning" in backup.describe()
    other = "csv" if backend == "sqlite" else "sqlite"
    target = make_diary(other, tmp_path / "b")
    target.add(parse_entry({"date": D(2025, 3, 3), "pain": 6}))  # logged there already
    result = target.import_entries(backup.entries, records=backup.records)
    assert result.nights == 1
    assert "restored 1 night waiting" in str(result)
    assert kept_nights(target) == [watch_night()]  # the logged morning's night is not kept
