"""The storage suite: one set of tests, run against SQLite and CSV alike."""

from __future__ import annotations

import datetime as dt
import os
import stat
import threading
from pathlib import Path

import pandas as pd
import pytest

from diary.entry import Entry, parse_entry
from diary.errors import EntryExists, EntryNotFound
from diary.storage import CSVDiary, Diary, SQLiteDiary, open_diary
from diary.storage.merge import ImportConflict

TODAY = dt.date(2025, 12, 31)


def entry(day: str, pain: int = 3, **values: object) -> Entry:
    return parse_entry({"date": day, "pain": pain, **values}, today=TODAY)


def test_new_diary_is_empty(diary: Diary) -> None:
    assert diary.entries() == []
    assert len(diary) == 0
    assert diary.latest() is None
    frame = diary.load()
    assert frame.empty
    assert "pain" in frame.columns


def test_add_then_get(diary: Diary) -> None:
    saved = diary.add(entry("2025-03-01", 4, position="stomach", notes="stiff"))
    assert saved.logged_at is not None and saved.logged_at.utcoffset() is not None
    assert diary.get(dt.date(2025, 3, 1)) == saved
    assert diary.get(dt.date(2025, 3, 2)) is None
    assert len(diary) == 1


def test_adding_an_existing_date_is_refused(diary: Diary) -> None:
    diary.add(entry("2025-03-01", 4))
    with pytest.raises(EntryExists, match="Sat 1 Mar 2025"):
        diary.add(entry("2025-03-01", 6))
    kept = diary.get(dt.date(2025, 3, 1))
    assert kept is not None and kept.pain == 4
    assert len(diary) == 1


def test_update_is_explicit_and_keeps_first_logged_at(diary: Diary) -> None:
    first = diary.add(entry("2025-03-01", 4))
    updated = diary.update(entry("2025-03-01", 7, notes="worse than I wrote"))
    assert updated.pain == 7
    assert updated.logged_at == first.logged_at
    assert diary.get(dt.date(2025, 3, 1)) == updated
    with pytest.raises(EntryNotFound):
        diary.update(entry("2025-03-02", 1))


def test_delete(diary: Diary) -> None:
    diary.add(entry("2025-03-01"))
    diary.add(entry("2025-03-02"))
    removed = diary.delete(dt.date(2025, 3, 1))
    assert removed.date == dt.date(2025, 3, 1)
    assert diary.dates() == [dt.date(2025, 3, 2)]
    with pytest.raises(EntryNotFound):
        diary.delete(dt.date(2025, 3, 1))
    assert diary.delete_many([dt.date(2025, 3, 2), dt.date(2025, 3, 9)]) == 1
    assert len(diary) == 0


def test_entries_sorted_and_range_inclusive(diary: Diary) -> None:
    for day in ("2025-03-05", "2025-03-01", "2025-03-03"):
        diary.add(entry(day))
    assert [e.date.day for e in diary.entries()] == [1, 3, 5]
    assert [e.date.day for e in diary.entries(dt.date(2025, 3, 3), dt.date(2025, 3, 5))] == [3, 5]
    assert [e.date.day for e in diary.entries(end=dt.date(2025, 3, 3))] == [1, 3]
    latest = diary.latest()
    assert latest is not None and latest.date == dt.date(2025, 3, 5)
    latest = diary.latest(before=dt.date(2025, 3, 5))
    assert latest is not None and latest.date == dt.date(2025, 3, 3)
    latest = diary.latest(before=dt.date(2025, 3, 4))
    assert latest is not None and latest.date == dt.date(2025, 3, 3)
    assert diary.latest(before=dt.date(2025, 3, 1)) is None


def test_version_changes_on_every_write(diary: Diary) -> None:
    seen = {diary.version()}
    diary.add(entry("2025-03-01"))
    seen.add(diary.version())
    diary.update(entry("2025-03-01", 5))
    seen.add(diary.version())
    diary.delete(dt.date(2025, 3, 1))
    seen.add(diary.version())
    assert len(seen) == 4


def test_load_returns_typed_frame(diary: Diary, sample: list[Entry]) -> None:
    diary.import_entries(sample)
    frame = diary.load()
    assert len(frame) == len(sample)
    assert frame["date"].dtype == "datetime64[ns]"
    assert frame["pain"].dtype == "Int64"
    assert frame["sitting_hours"].dtype == "Float64"
    assert frame["alcohol"].dtype == "boolean"
    assert isinstance(frame["firmness"].dtype, pd.CategoricalDtype) and frame["firmness"].cat.ordered
    assert list(frame["firmness"].cat.categories) == ["soft", "medium-soft", "medium", "medium-firm", "firm"]
    assert frame["logged_at"].dt.tz is not None
    assert frame["date"].is_monotonic_increasing
    first = sample[0]
    assert frame.loc[0, "sleep_hours"] == pytest.approx(first.sleep_hours)
    assert frame.loc[0, "stiffness_score"] == pytest.approx(first.stiffness_score)


def test_import_merges_by_date(diary: Diary) -> None:
    diary.add(entry("2025-03-01", 2))
    result = diary.import_entries([entry("2025-03-01", 2), entry("2025-03-02", 5)])
    assert (result.added, result.replaced, result.unchanged) == (1, 0, 1)
    assert len(diary) == 2


def test_import_conflict_changes_nothing_unless_replace(diary: Diary) -> None:
    diary.add(entry("2025-03-01", 2))
    before = diary.entries()
    incoming = [entry("2025-03-01", 8, notes="from the file"), entry("2025-03-02", 5)]
    with pytest.raises(ImportConflict) as caught:
        diary.import_entries(incoming)
    assert [c.date for c in caught.value.plan.conflicts] == [dt.date(2025, 3, 1)]
    assert caught.value.plan.conflicts[0].columns == ["pain", "notes"]
    assert "Sat 1 Mar 2025" in str(caught.value)
    assert diary.entries() == before
    result = diary.import_entries(incoming, replace=True)
    assert (result.added, result.replaced) == (1, 1)
    replaced = diary.get(dt.date(2025, 3, 1))
    assert replaced is not None
    assert replaced.pain == 8
    assert replaced.logged_at == before[0].logged_at  # the file had none: the first save's time stays


def test_preview_import_changes_nothing(diary: Diary) -> None:
    diary.add(entry("2025-03-01", 2))
    version = diary.version()
    plan = diary.preview_import([entry("2025-03-01", 3), entry("2025-03-02", 1), entry("2025-03-03", 1)])
    assert (len(plan.new), len(plan.identical), len(plan.conflicts)) == (2, 0, 1)
    assert diary.version() == version


def test_a_failing_write_leaves_nothing_half_written(diary: Diary) -> None:
    diary.add(entry("2025-03-01", 2))
    before = diary.entries()

    class Boom(Exception):
        pass

    def failing_write() -> None:
        with diary._transaction() as txn:
            txn.put(entry("2025-03-02", 9))
            txn.delete(dt.date(2025, 3, 1))
            raise Boom

    with pytest.raises(Boom):
        failing_write()
    assert diary.entries() == before


def test_reopening_reads_the_same_entries(backend: str, tmp_path: Path, sample: list[Entry]) -> None:
    path = tmp_path / ("d.sqlite3" if backend == "sqlite" else "d.csv")
    first = open_diary(path)
    first.import_entries(sample)
    first.close()
    again = open_diary(path)
    assert again.entries() == sample


def test_open_diary_picks_backend_from_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(open_diary(tmp_path / "a.csv"), CSVDiary)
    assert isinstance(open_diary(tmp_path / "a.CSV"), CSVDiary)
    assert isinstance(open_diary(tmp_path / "a.db"), SQLiteDiary)
    monkeypatch.setenv("PAIN_DIARY_DATA", str(tmp_path / "env.csv"))
    opened = open_diary()
    assert isinstance(opened, CSVDiary) and opened.path == tmp_path / "env.csv"


def test_default_location_is_the_user_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAIN_DIARY_DATA")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    opened = open_diary()
    assert isinstance(opened, SQLiteDiary)
    assert opened.path == tmp_path / "data-home" / "pain-diary" / "diary.sqlite3"
    assert opened.path.exists()


def test_files_are_owner_only(backend: str, tmp_path: Path) -> None:
    diary = open_diary(tmp_path / "new" / ("d.sqlite3" if backend == "sqlite" else "d.csv"))
    diary.add(entry("2025-03-01"))
    assert stat.S_IMODE(os.stat(diary.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(diary.path.parent).st_mode) == 0o700


def test_two_threads_saving_at_once(diary: Diary) -> None:
    errors: list[BaseException] = []

    def save(month: int) -> None:
        try:
            for day in range(1, 29):
                diary.add(entry(f"2025-{month:02d}-{day:02d}", day % 11))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(m,)) for m in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(diary) == 56
