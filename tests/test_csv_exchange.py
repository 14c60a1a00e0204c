"""The diary CSV: exact format, formula neutralising, all-or-nothing import, export ranges."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from diary.csv.format import (
    MAX_CSV_BYTES,
    neutralise,
    parse_diary_csv,
    read_diary_csv,
    restore,
    write_diary_csv,
)
from diary.entry import Entry, parse_entry
from diary.entry.fields import COLUMNS
from diary.errors import CSVRejected, DiaryError
from diary.exchange.diary_csv import export_csv, import_csv, preview_file
from diary.sample import generate_sample, load_sample, sample_days, sample_entries
from diary.storage import Diary
from diary.storage.merge import ImportConflict

TODAY = dt.date(2025, 12, 31)
HEADER = ",".join(COLUMNS)


def entry(day: str, pain: int = 3, **values: object) -> Entry:
    return parse_entry({"date": day, "pain": pain, **values}, today=TODAY)


def test_header_and_cells_follow_the_design() -> None:
    text = write_diary_csv(
        [
            entry(
                "2025-03-02",
                5,
                pain_areas="leg;lower_back",
                alcohol=True,
                lifting=False,
                bedtime="23:05",
                sitting_hours=7.5,
                weight_kg=80,
                logged_at="2025-03-02T07:10:00+01:00",
            ),
            entry("2025-03-01", 2),
        ]
    )
    lines = text.splitlines()
    assert lines[0] == HEADER
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["date"] for r in rows] == ["2025-03-01", "2025-03-02"]  # sorted by date
    second = rows[1]
    assert second["pain_areas"] == "lower_back;leg"  # DESIGN order
    assert (second["alcohol"], second["lifting"], second["numbness"]) == ("true", "false", "")
    assert second["bedtime"] == "23:05"
    assert second["sitting_hours"] == "7.5"
    assert second["weight_kg"] == "80"
    assert second["logged_at"] == "2025-03-02T07:10:00+01:00"


def test_export_opens_with_pandas(diary: Diary, sample: list[Entry]) -> None:
    diary.import_entries(sample)
    frame = pd.read_csv(io.StringIO(export_csv(diary)))
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == len(sample)
    assert frame["pain"].tolist() == [e.pain for e in sample]


@pytest.mark.parametrize(
    ("cell", "guarded"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+1", "'+1"),
        ("-Old sofa", "'-Old sofa"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("'hello", "'hello"),
        ("plain", "plain"),
    ],
)
def test_formula_neutralising_is_exactly_reversible(cell: str, guarded: str) -> None:
    assert neutralise(cell) == guarded
    assert restore(guarded) == cell


def test_formula_cells_are_neutralised_in_the_file() -> None:
    text = write_diary_csv([entry("2025-03-01", notes='=HYPERLINK("http://x")', mattress="@home", tags="-x")])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["notes"] == '\'=HYPERLINK("http://x")'
    assert row["mattress"] == "'@home"
    assert row["tags"] == "'-x"
    assert read_diary_csv(text)[0].notes == '=HYPERLINK("http://x")'


def test_import_accepts_any_column_order_and_subset() -> None:
    text = "notes,pain,date\r\nhello,4,2025-03-01\r\n,0,2025-03-02\r\n"
    entries = read_diary_csv(text, today=TODAY)
    assert [(e.date.day, e.pain, e.notes) for e in entries] == [(1, 4, "hello"), (2, 0, None)]


def test_import_accepts_bom_and_spreadsheet_booleans() -> None:
    data = "\ufeffdate,pain,alcohol,lifting\n2025-03-01,1,TRUE,0\n2025-03-02,2,yes,False\n".encode()
    entries = read_diary_csv(data, today=TODAY)
    assert [(e.alcohol, e.lifting) for e in entries] == [(True, False), (True, False)]


def test_every_problem_is_listed_with_line_column_value() -> None:
    text = (
        "date,pain,position,bedtime,notes\n"
        '2025-03-01,3,back,23:00,"fine,\nreally"\n'  # a note over two lines
        "2025-03-02,11,back,23:00,\n"
        "2025-03-03,2,belly,25:61,\n"
        "2025-03-01,2,side,22:00,\n"
        "2025-13-01,2,side,22:00,\n"
        "2025-03-05,2,side\n"
    )
    parsed = parse_diary_csv(text, today=TODAY)
    messages = [str(p) for p in parsed.problems]
    assert messages == [
        "line 4 (2025-03-02): pain '11' must be a whole number from 0 to 10",
        "line 5 (2025-03-03): position 'belly' must be one of back, side, stomach, mixed",
        "line 5 (2025-03-03): bedtime '25:61' must be a time of day written HH:MM (24 hours)",
        "line 6: date '2025-03-01' appears again (first on line 2); each date may have one entry",
        "line 7: date '2025-13-01' is not a date in the calendar; allowed: a date written YYYY-MM-DD, not in the future",
        "line 8: record has 3 cells but the header has 5",
    ]
    with pytest.raises(CSVRejected) as caught:
        read_diary_csv(text, today=TODAY)
    assert "6 problems" in str(caught.value)


def test_a_repeated_date_is_listed_even_where_a_record_has_other_problems() -> None:
    text = "date,pain\n2025-03-01,11\n2025-03-01,4\n2025-03-02,4\n2025-03-02,12\n"
    messages = [str(p) for p in parse_diary_csv(text, today=TODAY).problems]
    assert messages == [
        "line 2 (2025-03-01): pain '11' must be a whole number from 0 to 10",
        "line 3: date '2025-03-01' appears again (first on line 2); each date may have one entry",
        "line 5 (2025-03-02): pain '12' must be a whole number from 0 to 10",
        "line 5: date '2025-03-02' appears again (first on line 4); each date may have one entry",
    ]
    # A date cell that breaks the date rule is not a date to repeat: one problem, not two.
    odd = parse_diary_csv("date,pain\n20250301,3\n2025-03-01,4\n", today=TODAY)
    assert [str(p) for p in odd.problems] == [
        "line 2: date '20250301' must be a date written YYYY-MM-DD, not in the future"
    ]


def test_a_csv_saved_with_semicolons_is_read() -> None:
    """Excel in most of Europe saves "CSV" with semicolons (commas are its decimal mark): read, not refused."""
    text = 'date;pain;notes\r\n2025-03-01;4;"a, b; c"\r\n2025-03-02;5;\r\n'
    parsed = parse_diary_csv(text, today=TODAY, semicolons=True)
    assert not parsed.problems and [(e.pain, e.notes) for e in parsed.entries] == [(4, "a, b; c"), (5, None)]
    assert parse_diary_csv(text, today=TODAY).problems  # a diary kept as CSV is never read so
    # A comma file stays one, semicolons in its cells and all.
    comma = parse_diary_csv("date,pain,notes\n2025-03-01,4,x;y\n", today=TODAY, semicolons=True)
    assert [e.notes for e in comma.entries] == ["x;y"]
    # ... and writes decimals with a comma, which it reads as such; a comma file's "7,5" is still refused.
    decimal = parse_diary_csv(
        "date;pain;sitting_hours;weight_kg\n2025-03-01;4;7,5;72,5\n", today=TODAY, semicolons=True
    )
    assert not decimal.problems and [(e.sitting_hours, e.weight_kg) for e in decimal.entries] == [(7.5, 72.5)]
    quoted = parse_diary_csv('date,pain,sitting_hours\n2025-03-01,4,"7,5"\n', today=TODAY, semicolons=True)
    assert [str(p) for p in quoted.problems] == [
        "line 2 (2025-03-01): sitting_hours '7,5' must be a number from 0 to 24"
    ]


def test_a_csv_saved_with_tabs_is_read() -> None:
    """A spreadsheet's "tab-separated text": tabs between the cells, decimals as the spreadsheet writes them."""
    text = 'date\tpain\tsitting_hours\tnotes\r\n2025-03-01\t4\t7,5\t"a, b; c"\r\n2025-03-02\t5\t8.0\t\r\n'
    parsed = parse_diary_csv(text, today=TODAY, semicolons=True)
    assert not parsed.problems
    assert [(e.pain, e.sitting_hours, e.notes) for e in parsed.entries] == [
        (4, 7.5, "a, b; c"),
        (5, 8.0, None),
    ]
    assert parse_diary_csv(text, today=TODAY).problems  # a diary kept as CSV is never read so


def test_unknown_and_missing_columns_are_named() -> None:
    parsed = parse_diary_csv("date,mood,pain_level\n2025-03-01,ok,3\n", today=TODAY)
    text = "\n".join(str(p) for p in parsed.problems)
    assert "header 'mood' is not a diary column" in text
    assert "header 'pain_level' is not a diary column" in text
    assert "has no pain column" in text
    assert text.count("allowed columns: date, pain,") == 1  # listed once, with the first unknown column
    assert "header 'pain_level' is not a diary column; allowed columns as above" in text
    trailing = parse_diary_csv("date,pain,\n2025-03-01,3,\n", today=TODAY)  # a spreadsheet's extra comma
    assert str(trailing.problems[0]).startswith("line 1: header 'column 3' has no name")
    written = parse_diary_csv("date,pain, Mood \n2025-03-01,3,ok\n", today=TODAY)
    assert str(written.problems[0]).startswith(
        "line 1: header 'Mood' is not a diary column"
    )  # as in the file


def test_a_quote_that_never_closes_is_a_problem_not_a_long_note() -> None:
    """Read loosely, every row after an open quote became part of one cell, and the file was taken as valid."""
    parsed = parse_diary_csv('date,pain,notes\n2025-03-01,3,"stiff\n2025-03-02,4,better\n', today=TODAY)
    assert [str(p) for p in parsed.problems] == [
        'line 2: record has a quote (") that never closes: everything after it to the end of the file would be '
        'one cell. A cell that starts with a quote must end with one; a quote inside such a cell is written twice ("")'
    ]
    assert parsed.entries == []
    after = parse_diary_csv('date,pain,notes\n2025-03-01,3,"stiff"ish\n', today=TODAY)
    assert [str(p) for p in after.problems] == [
        "line 2: record has text after a cell's closing quote. A cell in quotes must end at its closing quote, "
        'and a quote inside it is written twice ("")'
    ]
    fine = parse_diary_csv(
        'date,pain,notes\n2025-03-01,3,"said ""ouch"", 5"" bed"\n2025-03-02,4,5" high\n', today=TODAY
    )
    assert not fine.problems
    assert [e.notes for e in fine.entries] == ['said "ouch", 5" bed', '5" high']


def test_rows_of_empty_cells_below_the_data_are_skipped() -> None:
    """A spreadsheet saves rows it once touched as ",,": they are blank lines, not days without a date."""
    parsed = parse_diary_csv("date,pain,notes\r\n2025-03-01,3,x\r\n,,\r\n , ,\r\n,\r\n", today=TODAY)
    assert not parsed.problems
    assert [e.date for e in parsed.entries] == [dt.date(2025, 3, 1)]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "is empty"),
        ("date,pain\n2025-03-01,3\n".encode("utf-16"), "UTF-16"),
        ("date,pain,notes\n2025-03-01,3,caf\xe9\n".encode("latin-1"), "not UTF-8 text (byte 0xe9 on line 2)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
        (b"just some words\nand more", "not a diary column"),
    ],
)
def test_unreadable_files_are_refused_clearly(data: bytes, words: str) -> None:
    with pytest.raises(CSVRejected) as caught:
        read_diary_csv(data, today=TODAY)
    assert words in str(caught.value)


def test_huge_file_is_refused_before_parsing() -> None:
    data = b"date,pain\n" + b"2025-03-01,3\n" * (MAX_CSV_BYTES // 13 + 1)
    with pytest.raises(CSVRejected, match="the largest diary CSV accepted is 20 MB"):
        read_diary_csv(data, today=TODAY)


def test_the_size_limit_says_why_and_what_to_do() -> None:
    data = b"date,pain\n" + b"2025-03-01,3\n" * (MAX_CSV_BYTES // 13 + 1)
    with pytest.raises(CSVRejected) as caught:
        read_diary_csv(data, today=TODAY)
    message = str(caught.value)
    assert "ten years" in message and "under 8 MB" in message  # why: diaries are small
    assert "protects this computer" in message  # why: the limit guards memory and time
    assert "Check that this is the diary CSV you meant" in message  # what to do
    assert "split it by date" in message


def test_import_with_bad_rows_changes_nothing(diary: Diary) -> None:
    diary.add(entry("2025-03-01", 2))
    before, version = diary.entries(), diary.version()
    bad = "date,pain\n2025-03-02,3\n2025-03-03,eleven\n2025-03-04,-2\n"
    with pytest.raises(CSVRejected) as caught:
        import_csv(diary, bad)
    assert len(caught.value.problems) == 2
    assert diary.entries() == before and diary.version() == version


def test_import_conflict_lists_dates_and_changes_nothing(diary: Diary) -> None:
    diary.add(entry("2025-03-01", 2))
    before = diary.entries()
    text = "date,pain\n2025-03-01,6\n2025-03-02,1\n"
    plan = preview_file(diary, text).plan
    assert [c.date.isoformat() for c in plan.conflicts] == ["2025-03-01"]
    with pytest.raises(
        ImportConflict, match=r"(?s)1 day in the file already has .*Sat 1 Mar 2025: differs in pain"
    ):
        import_csv(diary, text)
    assert diary.entries() == before
    result = import_csv(diary, text, replace=True)
    assert (result.added, result.replaced) == (1, 1)
    replaced = diary.get(dt.date(2025, 3, 1))
    assert replaced is not None and replaced.pain == 6


def test_a_column_the_file_lacks_is_neither_a_conflict_nor_replaced(diary: Diary) -> None:
    """A file of only date and pain says nothing of position or notes: they stay as the diary has them."""
    from diary.exchange.diary_csv import import_upload, preview_upload

    diary.add(entry("2025-05-02", 6, position="stomach", notes="keep me"))
    same = "date,pain\n2025-05-02,6\n"
    plan = preview_file(diary, same).plan
    assert (len(plan.identical), plan.conflicts) == (1, [])
    assert import_csv(diary, same).unchanged == 1
    other = (
        "date,pain,notes\n2025-05-02,7,\n"  # a column it holds, empty, is "not recorded": that does change
    )
    assert [c.columns for c in preview_file(diary, other).plan.conflicts] == [["pain", "notes"]]
    import_csv(diary, "date,pain\n2025-05-02,7\n", replace=True)
    kept = diary.get(dt.date(2025, 5, 2))
    assert kept is not None
    assert (kept.pain, kept.position, kept.notes) == (7, "stomach", "keep me")
    preview = preview_upload(diary, b"date,pain\n2025-05-02,8\n")  # the Import page's path
    assert [c.columns for c in preview.plan.conflicts] == [["pain"]]
    import_upload(diary, preview, replace=True)
    kept = diary.get(dt.date(2025, 5, 2))
    assert kept is not None and kept.notes == "keep me"


def test_export_range_and_no_notes(diary: Diary) -> None:
    for day in (1, 2, 3, 4):
        diary.add(entry(f"2025-03-0{day}", day, notes=f"private {day}"))
    rows = list(
        csv.DictReader(io.StringIO(export_csv(diary, start=dt.date(2025, 3, 2), end=dt.date(2025, 3, 3))))
    )
    assert [r["date"] for r in rows] == ["2025-03-02", "2025-03-03"]
    assert rows[0]["notes"] == "private 2"
    rows = list(csv.DictReader(io.StringIO(export_csv(diary, include_notes=False))))
    assert len(rows) == 4 and {r["notes"] for r in rows} == {""}


def test_export_of_an_empty_range_is_an_error_not_an_empty_file(diary: Diary) -> None:
    with pytest.raises(DiaryError, match="no entries yet"):
        export_csv(diary)
    diary.add(entry("2025-03-01"))
    with pytest.raises(DiaryError, match="no entries from Mon 1 Jan 2024 to Wed 31 Jan 2024"):
        export_csv(diary, start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31))
    with pytest.raises(DiaryError, match=r"starts .* after it ends"):
        export_csv(diary, start=dt.date(2025, 3, 2), end=dt.date(2025, 3, 1))


def test_sample_file_is_the_generator_output(sample: list[Entry]) -> None:
    committed = Path(__file__).parent.parent / "sample_data" / "diary.csv"
    assert committed.read_bytes() == write_diary_csv(sample).encode("utf-8")


def test_the_sample_is_generated_once_and_handed_out_as_a_fresh_list(diary: Diary) -> None:
    first = sample_entries()
    first.clear()  # a caller changing its list leaves the sample alone
    assert sample_entries() == generate_sample()
    load_sample(diary)
    changed = diary.dates()[0]
    diary.update(diary.get(changed).replace(pain=10))  # type: ignore[union-attr]
    assert changed not in sample_days(diary)
    assert len(sample_days(diary)) == len(generate_sample()) - 1
