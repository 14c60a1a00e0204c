"""Hostile input: whatever bytes, text or values arrive, the diary imports them correctly or
refuses them with a message, and a refusal changes nothing.

The importer (``parse_diary_csv`` / ``read_diary_csv`` / ``import_csv``) and the one validator
(``check_entry``) are fuzzed with arbitrary bytes and text, and fed the classic troublemakers by
name: huge files, wrong encodings, formulas, absurd numbers, impossible dates, NUL bytes, lone
surrogates, deeply quoted and enormous cells.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import tracemalloc
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from diary.csv.format import (
    HEADER_LINE,
    MAX_CSV_BYTES,
    MAX_PROBLEMS,
    parse_diary_csv,
    read_diary_csv,
    restore,
    write_diary_csv,
)
from diary.entry import EARLIEST_DATE, LATEST_DATE, Entry, check_entry, format_value, parse_entry
from diary.entry.fields import COLUMNS, FIELD_BY_NAME, FIELDS
from diary.entry.frame import entries_frame
from diary.errors import CSVRejected, DiaryError, EntryInvalid
from diary.exchange.diary_csv import export_csv, import_csv, read_csv_file
from diary.storage import Diary
from diary.storage.merge import ImportConflict

from .strategies import TODAY, value_strategy

# Dates the fuzzer may use for rows meant to be valid: never after the real today.
LAST_DAY = min(TODAY, dt.date.today())
FORMULA_START = "=+-@\t\r"

# The usual suspects, tried in every column.
HOSTILE_CELLS = [
    "",
    " ",
    "1e308",
    "-1e308",
    "1e309",
    "-0",
    "-0.0",
    "+0",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "99999999999999999999",
    "1e-400",
    "3.0000000000000001",
    "0x10",
    "1_000",
    "\u0663",  # Arabic-Indic digit three
    "\uff13",  # full-width digit three
    "0000-01-01",
    "2999-12-31",
    "1899-12-31",
    "1900-01-01",
    "2024-02-29",
    "2025-02-29",
    "2025-13-01",
    "24:00",
    "23:60",
    "7:05",
    "=cmd|' /C calc'!A0",
    "'=1+1",
    "@SUM(A1:A9)",
    "+1+1",
    "-1",
    "\t=1",
    "\r=1",
    '=HYPERLINK("http://example.invalid","click")',
    "true",
    "FALSE",
    "Yes",
    "2",
    "lower_back;leg",
    ";;;",
    "Lower Back;LEG",
    "x" * 2001,
    "y" * 81,
    "a\x00b",
    "\x00",
    "\ud800",
    "\udfff",
    "\ufeff",
    "\u202eevil",
    "🙂",
    '"',
    '""""',
    "\n",
    "\r\n",
    ",",
    "2025-03-01T07:00:00+01:00",
    "2025-03-01T07:00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
]

HOSTILE_NAMES = ["", "Date", " PAIN ", "mood", "date\x00", "\ufeffdate", "pain", "pain"]


def message_is_readable(text: str) -> None:
    """A message a terminal and a web page can show: encodable, no raw control characters."""
    text.encode("utf-8")  # lone surrogates would make printing it fail
    assert text.strip()
    assert not any(ord(ch) < 32 and ch not in "\n" for ch in text), repr(text[:200])


def valid_cell(name: str) -> st.SearchStrategy[str]:
    """Cells this column accepts, drawn from the column table, written as the diary writes them."""
    field = FIELD_BY_NAME[name]
    if name == "date":
        return st.dates(min_value=dt.date(1990, 1, 1), max_value=LAST_DAY).map(dt.date.isoformat)
    return value_strategy(field).map(lambda v: format_value(field, parse_entry_value(field.name, v)))


def parse_entry_value(name: str, value: object) -> object:
    """The value as an entry keeps it (sets ordered, text trimmed, numbers typed)."""
    entry = parse_entry({"date": "2025-03-01", "pain": 3, name: value}, check_future=False)
    return getattr(entry, name)


@st.composite
def hostile_csv(draw: st.DrawFn) -> bytes | str:
    """A CSV-shaped file: real and fake column names, valid and hostile cells, odd framing.

    Half the files are clean (real columns, valid cells, distinct dates from a
    few weeks, so they meet the diary's own days), so that importing them, with
    their conflicts, is exercised as much as refusing the rest.
    """
    if draw(st.booleans()):
        extra = draw(st.lists(st.sampled_from(COLUMNS[2:]), unique=True, max_size=5))
        names = draw(st.permutations(["date", "pain", *extra]))
        days = draw(st.lists(st.dates(dt.date(2025, 2, 20), dt.date(2025, 3, 10)), unique=True, max_size=6))
        rows = [[day.isoformat() if n == "date" else draw(valid_cell(n)) for n in names] for day in days]
    else:
        names = draw(st.lists(st.sampled_from([*COLUMNS, *HOSTILE_NAMES]), max_size=6))
        if draw(st.booleans()):
            names = ["date", "pain", *[n for n in names if n not in ("date", "pain")]]
        rows = []
        for _ in range(draw(st.integers(0, 6))):
            width = len(names) + draw(st.sampled_from([0, 0, 0, 0, 1, -1]))
            row = []
            for i in range(max(width, 0)):
                name = names[i] if i < len(names) else ""
                good = valid_cell(name) if name in FIELD_BY_NAME else st.just("")
                row.append(draw(st.one_of(good, good, st.sampled_from(HOSTILE_CELLS), st.text(max_size=12))))
            rows.append(row)
    buffer = io.StringIO()
    quoting: Literal[0, 1] = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    terminator = draw(st.sampled_from(["\n", "\r\n"]))
    writer = csv.writer(buffer, quoting=quoting, lineterminator=terminator)
    writer.writerow(names)
    writer.writerows(rows)
    text = buffer.getvalue()
    if draw(st.booleans()):
        text = "\ufeff" + text
    if draw(st.booleans()):
        return text  # passed as a Python string (may hold lone surrogates)
    return text.encode("utf-8", "surrogatepass")  # lone surrogates become invalid UTF-8


def state(diary: Diary) -> tuple[list[Entry], str]:
    return diary.entries(), diary.version()


def import_or_refuse(diary: Diary, data: bytes | str | Path, *, replace: bool) -> None:
    """Import ``data``; on success the diary holds exactly the merge, on refusal nothing changed."""
    before, version = state(diary)
    try:
        result = import_csv(diary, data, replace=replace)
    except (CSVRejected, ImportConflict, DiaryError) as exc:
        message_is_readable(str(exc))
        assert state(diary) == (before, version), "a refused import changed the diary"
        return
    parsed = read_csv_file(data)
    incoming = parsed.entries
    merged = {e.date: e for e in before}
    for entry in incoming:
        old = merged.get(entry.date)
        if old is not None:  # the file speaks only for its own columns: the day keeps the others
            entry = old.replace(
                **{n: getattr(entry, n) for n in parsed.columns if n not in ("date", "logged_at")}
            )
        if old is None or not old.same_values(entry):
            assert old is None or replace
            merged[entry.date] = entry
    after = diary.entries()
    assert [e.date for e in after] == sorted(merged)
    for entry in after:
        assert entry.same_values(merged[entry.date])
    assert result.added + result.replaced + result.unchanged == len(incoming)


# -- fuzzing the importer ----------------------------------------------------------


@given(st.binary(max_size=400))
@example(b"\x00" * 64)
@example(codecs.BOM_UTF8 + b"date,pain\n2025-03-01,3\n")
@example(b"date,pain\n2025-03-01,\xed\xa0\x80\n")  # an encoded lone surrogate
@example(b'date,pain\n"2025-03-01,3\n')  # a quote that never closes
def test_arbitrary_bytes_are_parsed_or_refused(data: bytes) -> None:
    parsed = parse_diary_csv(data, today=TODAY)
    for problem in parsed.problems:
        message_is_readable(str(problem))
    try:
        entries = read_diary_csv(data, today=TODAY)
    except CSVRejected as exc:
        message_is_readable(str(exc))
        assert parsed.problems
    else:
        assert entries == parsed.entries and not parsed.problems


@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=300))
@example("date,pain\n2025-03-01,3\ud800\n")
@example("date,pain,notes\n2025-03-01,3,\udfff\n")
@example("\ud800date,pain\n")
def test_arbitrary_text_with_lone_surrogates_is_parsed_or_refused(text: str) -> None:
    try:
        entries = read_diary_csv(text, today=TODAY)
    except CSVRejected as exc:
        message_is_readable(str(exc))
        return
    for entry in entries:
        for value in entry.to_cells().values():
            value.encode("utf-8")  # whatever was accepted can be written back


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=hostile_csv(), replace=st.booleans(), as_file=st.booleans())
def test_hostile_csv_imports_exactly_or_changes_nothing(
    diary: Diary, tmp_path: Path, data: bytes | str, replace: bool, as_file: bool
) -> None:
    if not len(diary):
        diary.import_entries([parse_entry({"date": "2025-03-01", "pain": 4, "notes": "=keep me"})])
    source: bytes | str | Path = data
    if as_file:
        source = tmp_path / "incoming.csv"
        source.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    import_or_refuse(diary, source, replace=replace)


# -- named troublemakers -----------------------------------------------------------


def one_row(column: str, cell: str, *, date: str = "2025-03-01") -> bytes:
    names = ["date", "pain"] if column in ("date", "pain") else ["date", "pain", column]
    values = {"date": date, "pain": "3", column: cell}
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([names, [values[n] for n in names]])
    return buffer.getvalue().encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("column", [f.name for f in FIELDS])
def test_every_hostile_cell_in_every_column_imports_or_is_refused(column: str) -> None:
    for cell in HOSTILE_CELLS:
        parsed = parse_diary_csv(one_row(column, cell), today=TODAY)
        if parsed.problems:
            text = str(CSVRejected("The file", parsed.problems))
            message_is_readable(text)
            if parsed.problems[0].column not in ("file", "record"):
                assert column in text, text  # the problem names the column
            with pytest.raises(CSVRejected):
                read_diary_csv(one_row(column, cell), today=TODAY)
            continue
        # Whatever is accepted survives a round trip and can be analysed.
        entries = parsed.entries
        assert read_diary_csv(write_diary_csv(entries), today=TODAY) == entries
        assert entries_frame(entries).shape[0] == 1


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1e308", None),
        ("1e309", None),
        ("-1", None),
        ("NaN", None),
        ("inf", None),
        ("99999999999999999999", None),
        ("1e-400", None),  # would silently become 0
        ("3.0000000000000001", None),  # would silently become 3
        ("-0", 0),
        ("+0", 0),
        ("3.0", 3),
        ("3e0", 3),
        ("10", 10),
    ],
)
def test_absurd_numbers_for_pain(cell: str, expected: int | None) -> None:
    entry, problems = check_entry({"date": "2025-03-01", "pain": cell}, today=TODAY)
    if expected is None:
        assert entry is None
        assert "pain" in str(problems[0]) and "whole number from 0 to 10" in str(problems[0])
    else:
        assert entry is not None and entry.pain == expected and not problems


@pytest.mark.parametrize(
    "value", [10**400, -(10**400), 1e308, float("nan"), float("-inf"), Decimal("1e999999"), Decimal("sNaN")]
)
def test_absurd_python_numbers_are_refused_or_empty(value: object) -> None:
    for column in ("pain", "weight_kg", "sitting_hours"):
        entry, problems = check_entry({"date": "2025-03-01", "pain": 3, column: value}, today=TODAY)
        if entry is None:
            assert column in str(problems[0])
        else:  # NaN-likes mean "not recorded", as in a pandas frame
            assert getattr(entry, column) in (None, 3) and column != "pain"


def test_negative_zero_hours_are_plain_zero() -> None:
    entry = parse_entry({"date": "2025-03-01", "pain": 0, "sitting_hours": "-0"}, today=TODAY)
    assert entry.sitting_hours == 0.0 and str(entry.sitting_hours) == "0.0"


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("0000-01-01", "not a date in the calendar"),
        ("2025-02-29", "not a date in the calendar"),
        ("1899-12-31", "is before 1900-01-01"),
        ("2999-12-31", "is in the future"),
        ("25-03-01", "YYYY-MM-DD"),
    ],
)
def test_impossible_dates_are_refused_by_name(cell: str, words: str) -> None:
    with pytest.raises(CSVRejected) as caught:
        read_diary_csv(one_row("date", cell, date=cell), today=TODAY)
    assert words in str(caught.value) and "date" in str(caught.value)


def test_far_future_dates_are_refused_even_where_the_future_is_allowed() -> None:
    """Stored diaries are read without the future check; 2999 must still never reach a chart."""
    entry, problems = check_entry({"date": "2999-12-31", "pain": 3}, check_future=False)
    assert entry is None and f"is after {LATEST_DATE.isoformat()}" in str(problems[0])
    entry, problems = check_entry({"date": LATEST_DATE.isoformat(), "pain": 3}, check_future=False)
    assert entry is not None and not problems
    entry, problems = check_entry({"date": EARLIEST_DATE.isoformat(), "pain": 3}, check_future=False)
    assert entry is not None
    assert entries_frame([entry]).shape[0] == 1


@pytest.mark.parametrize(
    "stamp", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1850-06-01T08:00:00+00:00"]
)
def test_absurd_logged_at_is_refused(stamp: str) -> None:
    entry, problems = check_entry({"date": "2025-03-01", "pain": 3, "logged_at": stamp}, today=TODAY)
    assert entry is None and "logged_at" in str(problems[0])


def test_formula_injection_is_neutralised_on_export_and_restored_on_import(diary: Diary) -> None:
    nasty = ["=cmd|' /C calc'!A0", "@SUM(A1:A9)", "+1+1", "-2", "\t=1", "\r=1", "'=already quoted"]
    rows = "".join(
        f'2025-03-{day:02d},3,"{cell.replace(chr(34), chr(34) * 2)}","{cell}"\r\n'
        for day, cell in enumerate(nasty, start=1)
    )
    import_csv(diary, f"date,pain,mattress,notes\r\n{rows}")
    notes = [e.notes for e in diary.entries()]
    assert notes == [restore(cell) for cell in nasty]  # one level of ' quoting is the file's own
    exported = export_csv(diary)
    for record in list(csv.reader(io.StringIO(exported)))[1:]:
        for cell in record:
            assert not cell or cell[0] not in FORMULA_START, repr(cell)
    assert read_diary_csv(exported, today=TODAY) == diary.entries()


def test_very_long_notes_stop_at_the_limit() -> None:
    limit = FIELD_BY_NAME["notes"].max_length
    assert limit == 2000
    ok = read_diary_csv(one_row("notes", "n" * limit), today=TODAY)
    assert ok[0].notes == "n" * limit
    with pytest.raises(CSVRejected, match=r"notes .* is 2001 characters long"):
        read_diary_csv(one_row("notes", "n" * (limit + 1)), today=TODAY)


def test_a_single_enormous_cell_is_refused_clearly() -> None:
    data = b'date,pain,notes\n2025-03-01,3,"' + b"a" * (5 * 1024 * 1024) + b'"\n'
    with pytest.raises(CSVRejected) as caught:
        read_diary_csv(data, today=TODAY)
    text = str(caught.value)
    assert "line 2" in text and "longer than" in text and "2000 characters" in text


def test_deeply_quoted_cells_are_read_exactly() -> None:
    note = '"' * 500 + "quoted" + '"' * 500
    data = (
        HEADER_LINE
        + write_diary_csv([parse_entry({"date": "2025-03-01", "pain": 2, "notes": note})])[len(HEADER_LINE) :]
    )
    (entry,) = read_diary_csv(data, today=TODAY)
    assert entry.notes == note


@pytest.mark.parametrize(
    "data",
    [
        b"date,pain,notes\n2025-03-01,3,a\x00b\n",
        b"date,pain\n2025-03-01,3\x00\n",
        b"date\x00,pain\n2025-03-01,3\n",
    ],
)
def test_nul_bytes_are_refused_with_their_place(data: bytes) -> None:
    with pytest.raises(CSVRejected) as caught:
        read_diary_csv(data, today=TODAY)
    message_is_readable(str(caught.value))
    assert "\\x00" in str(caught.value)


@pytest.mark.parametrize("column", ["notes", "mattress", "tags", "date", "bogus\ud800"])
def test_lone_surrogates_from_python_are_refused_readably(column: str) -> None:
    raw: dict[str, object] = {"date": "2025-03-01", "pain": 3, column: "bad\ud800"}
    with pytest.raises(EntryInvalid) as caught:
        parse_entry(raw, today=TODAY)
    message_is_readable(str(caught.value))
    with pytest.raises(CSVRejected) as rejected:
        read_diary_csv(f"date,pain,{column}\n2025-03-01,3,bad\ud800\n".replace("date,pain,date", "date,pain"))
    message_is_readable(str(rejected.value))


# -- encodings and sizes -----------------------------------------------------------

GOOD_TEXT = "date,pain,notes\n2025-03-01,3,Café – besser 🙂\n"


def test_utf8_with_and_without_bom_is_accepted() -> None:
    plain = read_diary_csv(GOOD_TEXT.encode("utf-8"), today=TODAY)
    with_bom = read_diary_csv(GOOD_TEXT.encode("utf-8-sig"), today=TODAY)
    assert plain == with_bom and plain[0].notes == "Café – besser 🙂"


@pytest.mark.parametrize(
    ("encoding", "words"),
    [
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("latin-1", "not UTF-8 text (byte 0xe9 on line 2)"),
        ("cp1252", "not UTF-8 text"),
        ("shift_jis", "not UTF-8 text"),
    ],
)
def test_other_encodings_are_refused_clearly(encoding: str, words: str) -> None:
    text = GOOD_TEXT.replace(" 🙂", "").replace(" – ", " ")
    if encoding == "shift_jis":
        text = text.replace("Café", "日本語")
    with pytest.raises(CSVRejected) as caught:
        read_diary_csv(text.encode(encoding), today=TODAY)
    assert words in str(caught.value)
    assert "UTF-8" in str(caught.value)  # says what is allowed


class _Pipe(io.RawIOBase):
    """A stream that cannot be wound back (a pipe): only what was read of it is known."""

    def __init__(self, data: bytes):
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self._data.readinto(buffer)


def test_a_huge_stream_is_refused_by_its_true_size_or_as_over_the_limit(diary: Diary) -> None:
    """A stream is read no further than the limit: the refusal said "20.0 MB" of a 21 MB file, as if within it."""
    row = b"2025-03-01,3\n"
    data = b"date,pain\n" + row * (21 * 1024 * 1024 // len(row))
    with pytest.raises(CSVRejected, match=r"file is 21 MB; the largest diary CSV accepted is 20 MB"):
        import_csv(diary, io.BytesIO(data))
    # just over the limit: never "20.0 MB" beside "20 MB", as if the two were the same
    just_over = b"date,pain\n" + b"x" * (20 * 1024 * 1024 + 30_000)
    with pytest.raises(CSVRejected, match=r"file is 20\.03 MB; the largest diary CSV accepted is 20 MB"):
        import_csv(diary, io.BytesIO(just_over))
    with pytest.raises(CSVRejected, match="file is over 20 MB; the largest diary CSV accepted is 20 MB"):
        import_csv(diary, io.BufferedReader(_Pipe(data)))
    assert len(diary) == 0


def test_huge_bytes_text_and_files_are_refused_with_the_limit(tmp_path: Path, diary: Diary) -> None:
    assert MAX_CSV_BYTES == 20 * 1024 * 1024
    row = "2025-03-01,3\n"
    text = "date,pain\n" + row * (MAX_CSV_BYTES // len(row) + 1)
    for data in (text, text.encode()):
        with pytest.raises(CSVRejected, match="the largest diary CSV accepted is 20 MB"):
            import_csv(diary, data)
    # A 1 GB file (sparse: no disk used) is refused by its size, without reading it into memory.
    big = tmp_path / "huge.csv"
    with big.open("wb") as handle:
        handle.write(b"date,pain\n")
        handle.truncate(1024**3)
    tracemalloc.start()
    try:
        with pytest.raises(CSVRejected) as caught:
            import_csv(diary, big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "is 1024 MB" in str(caught.value) and str(big) in str(caught.value)
    assert peak < 2 * MAX_CSV_BYTES
    assert len(diary) == 0


def test_a_file_object_is_read_like_bytes(diary: Diary) -> None:
    result = import_csv(diary, io.BytesIO(GOOD_TEXT.encode("utf-8-sig")))
    assert result.added == 1 and diary.entries()[0].notes == "Café – besser 🙂"


def test_a_file_full_of_problems_is_refused_quickly_with_a_bounded_list() -> None:
    bad = b"date,pain\n" + b"2025-03-01,eleven\n" * (MAX_CSV_BYTES // 18 - 1)
    parsed = parse_diary_csv(bad, today=TODAY)
    assert len(parsed.problems) == MAX_PROBLEMS + 1
    assert f"only the first {MAX_PROBLEMS}" in str(parsed.problems[-1])
    # The count says the list was cut short: not "101 problems", the closing note counted as one.
    said = str(CSVRejected("The file", parsed.problems))
    assert said.startswith(f"The file has more than {MAX_PROBLEMS} problems; nothing was imported")
    duplicates = b"date,pain\n" + b"2025-03-01,3\n" * 200_000
    parsed = parse_diary_csv(duplicates, today=TODAY)
    assert len(parsed.problems) == MAX_PROBLEMS + 1
    header = b"x," * 2_000_000 + b"date,pain\n2025-03-01,3\n"
    with pytest.raises(CSVRejected) as caught:
        read_diary_csv(header, today=TODAY)
    assert str(caught.value).count("\n") <= MAX_PROBLEMS + 2


def test_a_list_just_under_the_bound_is_counted_exactly() -> None:
    bad = "date,pain\n" + "".join(f"2025-03-{day:02},eleven\n" for day in range(1, 31))
    with pytest.raises(CSVRejected) as caught:
        read_diary_csv(bad, today=TODAY)
    assert str(caught.value).startswith("The file has 30 problems; nothing was imported")


# -- the validator directly --------------------------------------------------------

_offsets = st.timedeltas(
    min_value=-dt.timedelta(hours=23, minutes=59), max_value=dt.timedelta(hours=23, minutes=59)
)
any_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**400),
    st.floats(),
    st.decimals(),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=40),
    st.sampled_from(HOSTILE_CELLS),
    st.dates(),
    st.datetimes(timezones=st.none() | _offsets.map(dt.timezone)),
    st.times(),
    st.lists(st.text(max_size=12) | st.integers(), max_size=4),
    st.binary(max_size=8),
)


@given(
    st.dictionaries(st.sampled_from(COLUMNS) | st.text(max_size=6), any_value, max_size=8),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=LAST_DAY),
    st.integers(0, 10),
)
def test_the_validator_never_raises_and_what_it_accepts_is_usable(
    raw: dict[str, object], day: dt.date, pain: int
) -> None:
    base = {"date": day, "pain": pain}
    candidates = [raw, {**base, **{k: v for k, v in raw.items() if k not in base}}]
    candidates += [{**base, key: value} for key, value in raw.items() if key not in base]
    for candidate in candidates:
        entry, problems = check_entry(candidate, today=TODAY)
        if entry is None:
            assert problems
            for problem in problems:
                message_is_readable(str(problem))
            with pytest.raises(EntryInvalid):
                parse_entry(candidate, today=TODAY)
            continue
        assert not problems
        text = write_diary_csv([entry])
        assert read_diary_csv(text, today=TODAY) == [entry]
        assert entries_frame([entry]).shape[0] == 1
