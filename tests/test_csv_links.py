"""A CSV diary reached through a symbolic link is the file it points to: one lock, one records file.

Its lock and records file were named after the path given, so writers through
the link and through the file never waited for each other: of 24 saves at once,
six reported "Saved" and were lost.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from diary.entry import parse_entry
from diary.storage import CSVDiary

FIRST = dt.date(2024, 2, 1)


def _linked(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "diary.csv"
    CSVDiary(real)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    return real, link


def test_the_link_and_the_file_share_their_records(tmp_path: Path) -> None:
    real, link = _linked(tmp_path)
    CSVDiary(link).change_records("trial", {"t1": {"status": "planned"}})
    assert CSVDiary(real).records("trial") == {"t1": {"status": "planned"}}
    assert not (tmp_path / ("link.csv" + ".records.json")).exists()
    assert link.is_symlink()  # a save replaces the file, never the link


def test_saves_through_the_link_and_the_file_at_once_are_all_kept(tmp_path: Path) -> None:
    real, link = _linked(tmp_path)
    diaries = [CSVDiary(link), CSVDiary(real)]
    start = threading.Barrier(16)
    failures: list[BaseException] = []

    def save(number: int) -> None:
        start.wait()
        try:
            day = FIRST + dt.timedelta(days=number)
            diaries[number % 2].add(parse_entry({"date": day, "pain": number % 11}))
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert len(CSVDiary(real)) == 16
    assert link.is_symlink()
