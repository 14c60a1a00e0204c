"""The diary CSV (format version 1): the one exchange format.

The CSV export, the CSV import and the CSV storage backend all read and write
through this module. Writing neutralises spreadsheet formulas (a cell starting
with ``= + - @`` or a full-width look-alike, a tab or a carriage return, after any
leading whitespace, gets a leading ``'``); reading reverses exactly that.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..entry import Entry, check_entry, parse_value
from ..entry.fields import COLUMNS, FIELD_BY_NAME, FIELDS, REQUIRED
from ..errors import MAX_PROBLEMS, CSVRejected, Problem

if TYPE_CHECKING:
    from _csv import Reader  # what csv.reader returns

MAX_CSV_BYTES = 20 * 1024 * 1024
"""The largest diary CSV accepted (20 MB; ten years of daily entries with long notes is under 8 MB)."""

# Whitespace a spreadsheet may trim before it evaluates a cell (LibreOffice's "trim
# spaces"), and the invisible characters a person cannot see are there (zero-width
# spaces and joiners, the byte-order mark, a soft hyphen, marks and controls of writing
# direction, invisible operators): any of them may stand before the character that
# starts a formula.
_INVISIBLE = "".join(
    map(
        chr,
        [
            0x00AD,
            0x061C,
            0x180E,
            *range(0x200B, 0x2010),
            *range(0x202A, 0x202F),
            *range(0x2060, 0x206A),
            0xFEFF,
        ],
    )
)
_LEADING_SPACE = rf"[\s{_INVISIBLE}]*"
# The characters that start a formula, with their full-width (＝＋－＠) and small-form
# (﹦﹢﹣﹫) look-alikes, which a spreadsheet set for East Asian input may read as the
# ASCII ones (Unicode's compatibility forms of = + - @).
_STARTS_FORMULA = "[=+\\-@\\t\\r\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b]"
_NEEDS_GUARD = re.compile(r"'*" + _LEADING_SPACE + _STARTS_FORMULA)
_GUARDED = re.compile(r"'+" + _LEADING_SPACE + _STARTS_FORMULA)


_MAY_NEED_GUARD = frozenset("'" + _INVISIBLE + "=+-@\t\r\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b")
"""The first characters of a cell ``_NEEDS_GUARD`` can match, besides whitespace: a quote, an invisible character,
or a formula's first character. Any other first character needs no look at the rest (most cells: numbers,
dates, words)."""


def neutralise(cell: str) -> str:
    """Stop a spreadsheet from running a cell as a formula, reversibly.

    A cell whose first character after any leading whitespace starts a formula
    gets a leading ``'``. Cells that already start with quotes before such a
    character get one more, so ``restore`` can undo exactly one level.
    """
    if not cell or (cell[0] not in _MAY_NEED_GUARD and not cell[0].isspace()):
        return cell
    return "'" + cell if _NEEDS_GUARD.match(cell) else cell


def restore(cell: str) -> str:
    """Undo ``neutralise``."""
    return cell[1:] if _GUARDED.match(cell) else cell


class LineWriter:
    """Formats one CSV record at a time with the csv module's quoting rules."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def line(self, cells: Iterable[str]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(cells)
        return self._buffer.getvalue()


HEADER_LINE = ",".join(COLUMNS) + "\r\n"


def _record(entry: Entry, include_notes: bool) -> list[str]:
    """An entry's cells in the columns' order, guarded against formulas (``neutralise``)."""
    cells = entry.to_cells()
    if not include_notes:
        cells["notes"] = ""
    return [neutralise(cells[name]) for name in COLUMNS]


def entry_line(entry: Entry, *, include_notes: bool = True, writer: LineWriter | None = None) -> str:
    """One entry as a diary-CSV record (with its newline)."""
    return (writer or LineWriter()).line(_record(entry, include_notes))


def write_diary_csv(entries: Iterable[Entry], *, include_notes: bool = True) -> str:
    """The diary CSV text for these entries, sorted by date (the same records as ``entry_line`` writes)."""
    buffer = io.StringIO(HEADER_LINE)
    buffer.seek(0, io.SEEK_END)
    ordered = sorted(entries, key=lambda e: e.date)
    csv.writer(buffer, lineterminator="\r\n").writerows(_record(e, include_notes) for e in ordered)
    return buffer.getvalue()


@dataclass(frozen=True)
class ParsedCSV:
    """What a diary CSV holds: the valid entries and every problem found."""

    entries: list[Entry]
    problems: list[Problem]
    columns: tuple[str, ...]


SIZE_LIMIT_WHY = (
    "A diary is small: ten years of mornings with long notes is under 8 MB, so the limit "
    "protects this computer's memory and time from a file that is not a diary"
)


def _megabytes(size: int, limit: int) -> str:
    """``size`` bytes in MB to the hundredth ("21", "20.03"), rounded up where rounding would make a file
    just over the ``limit`` read as the limit itself ("20.0 MB" of a file refused for being over 20 MB)."""
    exact = size / 1024 / 1024
    shown = round(exact, 2)
    if shown <= limit < exact:
        shown = math.ceil(exact * 100) / 100
    return f"{shown:.2f}".rstrip("0").rstrip(".")


def size_problem(size: int | None) -> Problem:
    """The problem of a file over ``MAX_CSV_BYTES``: its size, the limit, why there is one, what to do.

    ``size`` None: a stream read no further than the limit, whose whole size is not known.
    """
    limit = MAX_CSV_BYTES // 1024 // 1024
    said = f"is over {limit} MB" if size is None else f"is {_megabytes(size, limit)} MB"
    return Problem(
        "file",
        "",
        f"{said}; the largest diary CSV accepted is {limit} MB. "
        f"{SIZE_LIMIT_WHY}. Check that this is the diary CSV you meant to import; if it is, "
        "split it by date into files under the limit and import them one by one",
    )


def _text_size(text: str) -> int:
    """Bytes the text takes as UTF-8 (counted only when it could be over the limit)."""
    if len(text) * 4 <= MAX_CSV_BYTES:
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


_SAVE_AS_UTF8 = "allowed: UTF-8. Save it as 'CSV UTF-8' and try again"


def decode_csv(data: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without BOM) bytes → text, or a problem saying what the file is instead."""
    if len(data) > MAX_CSV_BYTES:
        return None, [size_problem(len(data))]
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None, [Problem("file", "", f"is UTF-32 text; {_SAVE_AS_UTF8}")]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, [Problem("file", "", f"is UTF-16 text; {_SAVE_AS_UTF8}")]
    head = data[:1024]
    if head.count(0) * 4 >= len(head) > 0:
        # Every other byte zero: UTF-16 without a byte-order mark, or no text file at all.
        return None, [
            Problem("file", "", f"is not UTF-8 text (it looks like UTF-16 or a binary file); {_SAVE_AS_UTF8}")
        ]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [Problem("file", "", f"is {not_utf8(data, exc)}; {_SAVE_AS_UTF8}")]


def not_utf8(data: bytes, exc: UnicodeDecodeError) -> str:
    """ "not UTF-8 text (byte 0xe9 on line 2)": where ``data`` stops being UTF-8, for any file the diary reads."""
    line = data.count(b"\n", 0, exc.start) + 1
    return f"not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line})"


_QUOTE_NEVER_CLOSES = "unexpected end of data"
"""What the csv module says (read strictly) when a quote is still open at the end of the file."""

_TEXT_AFTER_QUOTE = "expected after '\"'"
"""... and when a quoted cell has more text after its closing quote (``"ab"c``)."""


def _csv_error(exc: csv.Error) -> str:
    """A csv module error in the person's words."""
    if _QUOTE_NEVER_CLOSES in str(exc):
        return (
            'has a quote (") that never closes: everything after it to the end of the file would be one cell. '
            'A cell that starts with a quote must end with one; a quote inside such a cell is written twice ("")'
        )
    if _TEXT_AFTER_QUOTE in str(exc):
        return (
            "has text after a cell's closing quote. A cell in quotes must end at its closing quote, "
            'and a quote inside it is written twice ("")'
        )
    too_long = cell_past_limit(exc)
    if too_long:
        longest = max(f.max_length or 0 for f in FIELDS)
        return (
            f"has {too_long} (perhaps a quote that never closes); the longest cell allowed "
            f"({', '.join(f.name for f in FIELDS if f.max_length == longest)}) is {longest} characters"
        )
    return f"cannot be read as CSV ({exc})"


def cell_past_limit(exc: csv.Error) -> str | None:
    """ "a cell longer than 131,072 characters" when Python's CSV reader stopped at a cell past its size limit
    (for a file of the diary or of another app alike), else None."""
    if "field larger than field limit" in str(exc):
        return f"a cell longer than {csv.field_size_limit():,} characters"
    return None


def _too_many(problems: list[Problem], where: str) -> bool:
    """True (with a closing note added) once the list is full; reading stops there."""
    if len(problems) < MAX_PROBLEMS:
        return False
    del problems[MAX_PROBLEMS:]  # a record with several problems may have gone past the bound
    problems.append(
        Problem(
            "file",
            "",
            f"has more problems {where}; only the first {MAX_PROBLEMS} are listed. Fix these and try again",
        )
    )
    return True


def parse_diary_csv(
    data: bytes | str,
    *,
    today: dt.date | None = None,
    check_future: bool = True,
    semicolons: bool = False,
) -> ParsedCSV:
    """Read a diary CSV: columns in any order, any subset holding ``date`` and ``pain``.

    Every problem is collected (header, record shape, each cell, repeated
    dates) so the person can fix the file in one go. ``semicolons``: a file to
    import may be separated by semicolons or tabs (``_separator``); a diary kept as CSV
    never is, so the CSV backend refuses such a file rather than rewrite it.
    """
    text, problems = _as_text(data)
    if text is None:
        return ParsedCSV([], problems, ())
    separator = _separator(text) if semicolons else ","
    # Strict: a quote that never closes (it would swallow every later row into one cell) or text after a
    # closing quote is a problem the person is shown, not a file read some other way than they meant.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    header, problems = _read_header(reader)
    if header is None:
        return ParsedCSV([], problems, ())
    columns = [cell.strip().lower() for cell in header]
    problems, readable = _header_problems(columns, header)
    if not readable:
        return ParsedCSV([], problems, tuple(columns))
    entries = _read_records(
        reader, columns, problems, today=today, check_future=check_future, decimal_comma=separator != ","
    )
    return ParsedCSV(entries, problems, tuple(columns))


_DECIMALS = tuple(f.name for f in FIELDS if f.kind == "float")
_DECIMAL_COMMA = re.compile(r"\s*\d+,\d+\s*")


def _separator(text: str) -> str:
    """``,`` — or ``;`` for a file whose header has semicolons and no comma between its names, as a spreadsheet
    set for a language with decimal commas saves "CSV" (Excel in most of Europe), or a tab for one whose header
    has tabs, as spreadsheets save "tab-separated text"."""
    first = text.split("\n", 1)[0]
    if "," in first:
        return ","
    for separator in (";", "\t"):
        names = {name.strip().strip('"').lower() for name in first.split(separator)}
        if len(names & set(COLUMNS)) >= 2:
            return separator
    return ","


def _as_text(data: bytes | str) -> tuple[str | None, list[Problem]]:
    """The file's text without a byte-order mark, or the problem that it is too large or not UTF-8."""
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if isinstance(data, bytes):
        return decode_csv(data)
    size = _text_size(data)
    if size > MAX_CSV_BYTES:
        return None, [size_problem(size)]
    return data.removeprefix("\ufeff"), []


def _read_header(reader: Reader) -> tuple[list[str] | None, list[Problem]]:
    """The header row, or the problem that there is none (an empty file) or it cannot be read."""
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return None, [Problem("header", "", _csv_error(exc), "line 1")]
    if not header or all(not cell.strip() for cell in header):
        return None, [
            Problem("file", "", "is empty; a diary CSV starts with a header row: " + ",".join(COLUMNS))
        ]
    return header, []


def _header_problems(columns: list[str], header: list[str]) -> tuple[list[Problem], bool]:
    """Repeated, unknown and missing columns; False when no record can be read under this header.

    ``columns`` are the names as matched (trimmed, lower case); a name that is not a diary column is shown
    as the file writes it (``header``), so it can be found there.
    """
    problems: list[Problem] = []
    known = set(COLUMNS)
    seen: set[str] = set()
    unknown = 0
    for number, (name, written) in enumerate(zip(columns, header, strict=True), start=1):
        if not name.strip():
            problems.append(
                Problem(
                    "header",
                    f"column {number}",
                    "has no name (an extra comma in the header?); every column needs one of the diary's "
                    "names: " + ", ".join(COLUMNS),
                    "line 1",
                )
            )
        elif name in seen:
            if name in known:
                problems.append(
                    Problem("header", name, "appears twice; each column may appear once", "line 1")
                )
        elif name not in known:
            # The allowed columns once, with the first unknown one: 26 copies of the list help nobody.
            allowed = "allowed columns: " + ", ".join(COLUMNS) if not unknown else "allowed columns as above"
            unknown += 1
            problems.append(Problem("header", written.strip(), f"is not a diary column; {allowed}", "line 1"))
        seen.add(name)
        if _too_many(problems, "in the header"):
            return problems, False
    missing = [name for name in REQUIRED if name not in seen]
    problems += [
        Problem("header", "", f"has no {name} column; {name} is required", "line 1") for name in missing
    ]
    return problems, not missing


def _read_records(
    reader: Reader,
    columns: list[str],
    problems: list[Problem],
    *,
    today: dt.date | None,
    check_future: bool,
    decimal_comma: bool = False,
) -> list[Entry]:
    """The valid entries of the records under the header, sorted by date; problems go to ``problems``.

    ``decimal_comma``: a file saved with semicolons or tabs may write its decimals with a comma ("7,5" hours).
    """
    known = set(COLUMNS)
    keep = [(i, name) for i, name in enumerate(columns) if name in known]
    entries: list[Entry] = []
    first_line: dict[dt.date, int] = {}
    for start, row in _records(reader, problems):
        where = f"line {start}"
        if len(row) != len(columns):
            problems.append(
                Problem("record", "", f"has {len(row)} cells but the header has {len(columns)}", where)
            )
            continue
        raw = {name: restore(row[i]) for i, name in keep}
        if decimal_comma:
            raw |= {
                n: raw[n].replace(",", ".") for n in _DECIMALS if _DECIMAL_COMMA.fullmatch(raw.get(n, ""))
            }
        entry, found = check_entry(raw, today=today, check_future=check_future)
        if entry is None:
            problems.extend(p.located(f"{where} ({p.where})" if p.where else where) for p in found)
        # A repeated date is a problem even where either record has others: every problem is listed at once.
        day = entry.date if entry is not None else _date_cell(raw.get("date", ""))
        if day is not None and day in first_line:
            problems.append(
                Problem(
                    "date",
                    day.isoformat(),
                    f"appears again (first on line {first_line[day]}); each date may have one entry",
                    where,
                )
            )
        elif day is not None:
            first_line[day] = start
            if entry is not None:
                entries.append(entry)
    entries.sort(key=lambda e: e.date)
    return entries


def _date_cell(cell: str) -> dt.date | None:
    """The date of a record whose other cells are broken, when its date cell passes the date column's rule."""
    try:
        day = parse_value(FIELD_BY_NAME["date"], cell)
    except ValueError:
        return None
    return day if isinstance(day, dt.date) else None


def _records(reader: Reader, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """Each record that is not blank (an empty line, or only separators as a spreadsheet leaves below its
    rows), with the line it starts on.

    Stops at a record the csv module cannot read, or once the problem list is
    full (checked before each record, after the previous one was judged).
    """
    end = reader.line_num
    while True:
        start = end + 1
        if _too_many(problems, f"from line {start} on"):
            return
        try:
            row = next(reader, None)
        except csv.Error as exc:
            problems.append(Problem("record", "", _csv_error(exc), f"line {start}"))
            return
        end = reader.line_num
        if row is None:
            return
        if any(cell.strip() for cell in row):  # blank lines, and rows of empty cells (",,,"), are skipped
            yield start, row


def read_diary_csv(
    data: bytes | str,
    *,
    source: str = "The file",
    today: dt.date | None = None,
    check_future: bool = True,
) -> list[Entry]:
    """The entries of a diary CSV, or ``CSVRejected`` listing every problem (all or nothing)."""
    return checked_diary_csv(data, source=source, today=today, check_future=check_future).entries


def checked_diary_csv(
    data: bytes | str,
    *,
    source: str = "The file",
    today: dt.date | None = None,
    check_future: bool = True,
    semicolons: bool = False,
) -> ParsedCSV:
    """A diary CSV's entries and the columns it holds, or ``CSVRejected`` listing every problem."""
    parsed = parse_diary_csv(data, today=today, check_future=check_future, semicolons=semicolons)
    if parsed.problems:
        raise CSVRejected(source, parsed.problems)
    return parsed


__all__ = [
    "HEADER_LINE",
    "MAX_CSV_BYTES",
    "MAX_PROBLEMS",
    "ParsedCSV",
    "checked_diary_csv",
    "decode_csv",
    "entry_line",
    "neutralise",
    "parse_diary_csv",
    "read_diary_csv",
    "restore",
    "size_problem",
    "write_diary_csv",
]
