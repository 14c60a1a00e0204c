"""Round-trip properties: whatever valid entry goes in comes back out, to the character."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given, settings

from diary.csv.format import HEADER_LINE, entry_line, read_diary_csv, write_diary_csv
from diary.entry import Entry, parse_entry
from diary.entry.frame import entries_frame
from diary.exchange.diary_csv import export_csv, import_csv
from diary.views.form import known_mattresses

from .conftest import BACKENDS, make_diary
from .strategies import TODAY, diaries, entries, raw_entries


@given(entries())
def test_entry_survives_the_csv(entry: Entry) -> None:
    assert read_diary_csv(write_diary_csv([entry]), today=TODAY) == [entry]


@given(entries())
def test_entry_saved_then_loaded_is_equal(entry: Entry) -> None:
    for backend in BACKENDS:
        with tempfile.TemporaryDirectory() as folder:
            diary = make_diary(backend, Path(folder))
            saved = diary.add(entry)
            assert diary.get(entry.date) == saved
            # A second process (a fresh object) reads the same thing from the file.
            assert make_diary(backend, Path(folder)).entries() == [saved]
            diary.close()


@given(diaries())
def test_diary_exported_then_imported_is_equal(found: list[Entry]) -> None:
    if not found:
        return
    for source_backend in BACKENDS:
        for target_backend in BACKENDS:
            with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
                source = make_diary(source_backend, Path(a))
                source.import_entries(found)
                target = make_diary(target_backend, Path(b))
                import_csv(target, export_csv(source).encode("utf-8"))
                assert target.entries() == found


@settings(max_examples=40, deadline=None)
@given(diaries())
def test_a_diary_loads_as_the_frame_of_its_entries(found: list[Entry]) -> None:
    """SQLite reads ``load`` column by column, without an Entry per row: the frame is the same, to the bit."""
    for backend in BACKENDS:
        with tempfile.TemporaryDirectory() as folder:
            diary = make_diary(backend, Path(folder))
            diary.import_entries(found)
            pd.testing.assert_frame_equal(diary.load(), entries_frame(diary.entries()), check_exact=True)
            if found:
                middle = found[len(found) // 2].date
                pd.testing.assert_frame_equal(
                    diary.load(end=middle), entries_frame(diary.entries(end=middle)), check_exact=True
                )
            diary.close()


@given(diaries())
def test_the_whole_file_holds_the_same_records_as_one_entry_at_a_time(found: list[Entry]) -> None:
    """The CSV backend appends ``entry_line``s; an export writes them all at once: the same text."""
    ordered = sorted(found, key=lambda e: e.date)
    for notes in (True, False):
        one_by_one = "".join(entry_line(e, include_notes=notes) for e in ordered)
        assert write_diary_csv(found, include_notes=notes) == HEADER_LINE + one_by_one


@given(raw_entries)
def test_parsing_is_idempotent(raw: dict) -> None:
    entry = parse_entry(raw, today=TODAY)
    assert parse_entry(entry.to_cells(), today=TODAY) == entry


@given(diaries())
def test_each_backend_reads_the_mattress_nights_its_entries_hold(found: list[Entry]) -> None:
    """The narrow read the Log page uses after every save agrees with the whole entries, on both backends."""
    wanted = [(e.date, e.mattress, e.firmness) for e in found if e.mattress is not None]
    for backend in BACKENDS:
        with tempfile.TemporaryDirectory() as folder:
            diary = make_diary(backend, Path(folder))
            diary.import_entries(found)
            nights = diary.mattress_nights()
            assert [tuple(night) for night in nights] == wanted
            assert known_mattresses(nights) == known_mattresses(diary.entries())
            diary.close()
