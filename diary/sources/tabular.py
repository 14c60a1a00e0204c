"""Reading the CSV exports of diary apps (Bearable, Daylio): rows with line numbers, dates, times.

Both apps write a header row and one entry per line; cells may hold line
breaks, so a row's line is where it starts. A row with more cells than the
header (a separator in a cell that was not quoted) is never cut to fit: which
cell belongs to which column cannot be told from the file. Dates are read with
``dateutil`` ("22nd Sep 2020", "2020-09-22") and refused when a part of the
date is missing rather than filled in from today.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence

from dateutil import parser as dateparser

from ..csv.format import cell_past_limit
from ..wording import plural, weekday_named
from .common import Finding, SourceError, shorten, span_refs
from .inputs import Document, Input, decode_text, head_text

_CLOCK = re.compile(r"^(\d{1,2})(?:[:.]|\s*h\s*)(\d{2})(?::\d{2})?\s*([ap]\.?\s?m\.?)?$", re.IGNORECASE)
"""A time of day: "21:41", "21.41", "21 h 41" (Canadian French), "9:41 pm"."""
_HALVES = {"오전": "am", "오후": "pm", "午前": "am", "午後": "pm", "上午": "am", "下午": "pm"}
"""The morning and afternoon marks of Korean, Japanese and Chinese 12-hour times, written before the time."""
_HALVES_AFTER = {
    "ص": "am",
    "م": "pm",
    "ق.ظ.": "am",
    "ب.ظ.": "pm",
    "ق.ظ": "am",
    "ب.ظ": "pm",
    "לפנה״צ": "am",
    "אחה״צ": "pm",
    'לפנה"צ': "am",
    'אחה"צ': "pm",
    "π.μ.": "am",
    "μ.μ.": "pm",
    "vorm.": "am",
    "nachm.": "pm",
    "SA": "am",
    "CH": "pm",
    "ก่อนเที่ยง": "am",
    "หลังเที่ยง": "pm",
    "น.": "",
}
"""The morning and afternoon marks written after a 12-hour time: Arabic and Persian ("9:41 م", "1:15 ق.ظ.",
with its final dot or without), Hebrew ("9:41 אחה״צ", its gershayim or a plain quote), Greek ("9:41 μ.μ."),
German ("9:41 nachm."), Vietnamese ("9:41 CH"), Thai ("1:30 ก่อนเที่ยง"; "น.", o'clock, after a 24-hour time:
"21.41 น."). The first that ends the text is taken."""
_EAST_ASIAN_DAY = re.compile(
    r"(?:(?P<year>\d{4})\s*[年년]\s*)?(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]?"
    r"(?:[^\d]*?(?P<later>\d{4}))?\s*"
)
"""A day written the Chinese, Japanese or Korean way: "2020年9月22日", "2020년 9월 22일", or "9月22日" then its year."""
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_FIRST = re.compile(r"\d{4}\s*[-/.]")
"""A date that starts with its year ("2024-01-06T07:00", "2024/5/3", "2024. 5. 3."): the month comes next."""
_NUMERIC = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*\d{2,4}\b")
"""A date written in numbers with the year last: 3/5/2024 is 3 May or 5 March, as the file's other dates tell."""
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))

LONG_ROW = "which cell belongs to which column cannot be told (a separator in a cell that is not quoted?)"
"""Why a row with more cells than its header is not read: cutting it to fit would shift or drop cells unseen."""

_MONTH_NAMES = (  # as phones write them in German, French, Spanish, Italian, Portuguese, Dutch, Scandinavian
    ("januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "janeiro", "januari"),
    ("februar", "feber", "février", "févr", "fevrier", "febrero", "febbraio", "fevereiro", "fev", "februari"),
    ("märz", "maerz", "mär", "mars", "marzo", "março", "marco", "maart", "mrt"),
    ("avril", "avr", "abril", "abr", "aprile"),
    ("mai", "mayo", "maggio", "mag", "maio", "mei"),
    ("juni", "juin", "junio", "giugno", "giu", "junho"),
    ("juli", "juillet", "juil", "julio", "luglio", "lug", "julho"),
    ("août", "aout", "agosto", "ago", "augustus", "augusti"),
    ("septembre", "septiembre", "setiembre", "settembre", "set", "setembro"),
    ("oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out"),
    ("novembre", "noviembre", "novembro"),
    (
        "dezember",
        "dez",
        "décembre",
        "déc",
        "decembre",
        "diciembre",
        "dic",
        "dicembre",
        "dezembro",
        "desember",
    ),
)
_MORE_MONTH_NAMES = (  # Polish, Russian, Ukrainian, Czech (named, and "of the month"), Turkish
    ("styczeń", "stycznia", "январь", "января", "січень", "січня", "leden", "ledna", "ocak"),
    ("luty", "lutego", "февраль", "февраля", "лютий", "лютого", "únor", "února", "şubat"),
    ("marzec", "marca", "март", "марта", "березень", "березня", "březen", "března", "mart"),
    ("kwiecień", "kwietnia", "апрель", "апреля", "квітень", "квітня", "duben", "dubna", "nisan"),
    ("maj", "maja", "май", "мая", "травень", "травня", "květen", "května", "mayıs"),
    ("czerwiec", "czerwca", "июнь", "июня", "червень", "червня", "červen", "června", "haziran"),
    ("lipiec", "lipca", "июль", "июля", "липень", "липня", "červenec", "července", "temmuz"),
    ("sierpień", "sierpnia", "август", "августа", "серпень", "серпня", "srpen", "srpna", "ağustos"),
    ("wrzesień", "września", "сентябрь", "сентября", "вересень", "вересня", "září", "eylül"),
    ("październik", "października", "октябрь", "октября", "жовтень", "жовтня", "říjen", "října", "ekim"),
    ("listopad", "listopada", "ноябрь", "ноября", "листопад", "листопада", "listopadu", "kasım"),
    ("grudzień", "grudnia", "декабрь", "декабря", "грудень", "грудня", "prosinec", "prosince", "aralık"),
)
_OTHER_MONTH_NAMES = (  # Hungarian, Romanian, Indonesian, Finnish, Greek, Arabic, Persian, Hebrew
    ("január", "ianuarie", "tammikuuta", "ιανουαρίου", "ιανουάριος", "يناير", "ژانویه", "ינואר", "בינואר"),
    (
        "február",
        "februarie",
        "helmikuuta",
        "φεβρουαρίου",
        "φεβρουάριος",
        "فبراير",
        "شباط",
        "فوریه",
        "פברואר",
        "בפברואר",
    ),
    ("március", "martie", "maret", "maaliskuuta", "μαρτίου", "μάρτιος", "مارس", "آذار", "מרץ", "במרץ"),
    (
        "április",
        "aprilie",
        "huhtikuuta",
        "απριλίου",
        "απρίλιος",
        "أبريل",
        "ابريل",
        "نيسان",
        "آوریل",
        "אפריל",
        "באפריל",
    ),
    ("május", "toukokuuta", "μαΐου", "μάιος", "مايو", "أيار", "مه", "מאי", "במאי"),
    ("június", "iunie", "kesäkuuta", "ιουνίου", "ιούνιος", "يونيو", "حزيران", "ژوئن", "יוני", "ביוני"),
    ("július", "iulie", "heinäkuuta", "ιουλίου", "ιούλιος", "يوليو", "تموز", "ژوئیه", "יולי", "ביולי"),
    ("augusztus", "agustus", "elokuuta", "αυγούστου", "αύγουστος", "أغسطس", "آب", "اوت", "אוגוסט", "באוגוסט"),
    (
        "szeptember",
        "septembrie",
        "syyskuuta",
        "σεπτεμβρίου",
        "σεπτέμβριος",
        "سبتمبر",
        "أيلول",
        "سپتامبر",
        "ספטמבר",
        "בספטמבר",
    ),
    ("október", "octombrie", "lokakuuta", "οκτωβρίου", "οκτώβριος", "أكتوبر", "اکتبر", "אוקטובר", "באוקטובר"),
    ("noiembrie", "marraskuuta", "νοεμβρίου", "νοέμβριος", "نوفمبر", "نوامبر", "נובמבר", "בנובמבר"),
    (
        "decembrie",
        "desember",
        "joulukuuta",
        "δεκεμβρίου",
        "δεκέμβριος",
        "ديسمبر",
        "دسامبر",
        "דצמבר",
        "בדצמבר",
    ),
)
_TWO_WORD_MONTHS = {  # the Levant's names of four months, each two words: one word for dateutil
    "كانون الثاني": "يناير",
    "تشرين الأول": "أكتوبر",
    "تشرين الثاني": "نوفمبر",
    "كانون الأول": "ديسمبر",
}


_THAI_MONTHS = (
    ("มกราคม", "ม.ค."),
    ("กุมภาพันธ์", "ก.พ."),
    ("มีนาคม", "มี.ค."),
    ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."),
    ("มิถุนายน", "มิ.ย."),
    ("กรกฎาคม", "ก.ค."),
    ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."),
    ("ตุลาคม", "ต.ค."),
    ("พฤศจิกายน", "พ.ย."),
    ("ธันวาคม", "ธ.ค."),
)
"""Thai months, named and shortened ("22 ก.ย."): marks and dots within them, which dateutil cannot take."""
_THAI_MONTH = re.compile(
    "|".join(
        re.escape(name).replace(r"\.", r"\.?") if "." in name else re.escape(name)
        for name in sorted((n for pair in _THAI_MONTHS for n in pair), key=len, reverse=True)
    )
)
_THAI_NUMBER = {
    name.replace(".", ""): number for number, pair in enumerate(_THAI_MONTHS, start=1) for name in pair
}
"""Each Thai month's number, by its name without dots (a shortened one may be written with or without them)."""
_BUDDHIST_ERA = 543
"""Years: a Thai phone may count them from the Buddha (2560 is 2017)."""
_VIETNAMESE_MONTH = re.compile(r"\b(?:tháng|thg)\s*(\d{1,2})\b", re.IGNORECASE)
"""A Vietnamese month, written by its number ("22 tháng 9", "22 thg 9")."""


def _numbered_months(text: str) -> str:
    """A Thai or Vietnamese day ("22 กันยายน 2560", "22 tháng 9 2017") with its month in English, its year the
    common era's."""
    text = _VIETNAMESE_MONTH.sub(lambda m: f" {_english_month(int(m[1]))} ", text)
    thai = _THAI_MONTH.search(text)
    if thai is None:
        return text
    number = _THAI_NUMBER[thai[0].replace(".", "")]
    text = f"{text[: thai.start()]} {_english_month(number)} {text[thai.end() :]}"
    text = "".join(
        str(d) if (d := unicodedata.decimal(c, None)) is not None else c for c in text
    )  # Thai digits
    return re.sub(r"\b(2[4-9]\d\d)\b", lambda m: str(int(m[1]) - _BUDDHIST_ERA), text)


def _english_month(number: int) -> str:
    return dateparser.parserinfo.MONTHS[number - 1][1] if 1 <= number <= 12 else f"month {number}"


class _Months(dateparser.parserinfo):
    """English month names and those of the languages above: the oldest Daylio exports write the day in the
    phone's language ("17. Mai", "18 mars", "18 de mayo", "7 września", "19 سبتمبر"); Chinese, Japanese and
    Korean days (9月22日) are read by ``_EAST_ASIAN_DAY`` before them."""

    MONTHS = [  # noqa: RUF012 (dateutil reads the class attribute as a list)
        tuple(dict.fromkeys((*english, *others, *more, *other)))
        for english, others, more, other in zip(
            dateparser.parserinfo.MONTHS, _MONTH_NAMES, _MORE_MONTH_NAMES, _OTHER_MONTH_NAMES, strict=True
        )
    ]
    JUMP = [*dateparser.parserinfo.JUMP, "de", "del", "di"]  # noqa: RUF012


_MONTHS = _Months()


def header_key(name: str) -> str:
    """A column's name as the readers look it up: without a byte-order mark, in lower case, spaces collapsed,
    and none around a slash (a spreadsheet's "Rating / Amount" is Bearable's "rating/amount")."""
    words = " ".join(name.replace("\ufeff", "").strip().lower().split())
    return "/".join(part.strip() for part in words.split("/"))


def delimiter_of(first_line: str) -> str:
    """The cell separator of an app's CSV: the header's most frequent of ``,``, ``;`` (as some spreadsheets save
    it) and a tab (a spreadsheet's "Unicode Text" save); ``,`` when none is more frequent."""
    return max((",", ";", "\t"), key=first_line.count)


def header_names(text: str) -> set[str]:
    """The column keys named by the first line of ``text`` (either separator), to recognise an export by."""
    first = text.splitlines()[0] if text.strip() else ""
    return {header_key(cell.strip().strip('"')) for cell in first.split(delimiter_of(first))}


def find_csvs(given: Input, kind: str, looks_right: Callable[[str], bool]) -> list[Document]:
    """The export's CSV files: the file itself, or every CSV in the zip or folder that looks right."""
    documents = given.documents()
    if not (given.is_zip or given.is_folder):
        return documents
    found = [d for d in documents if d.basename.lower().endswith(".csv") and looks_right(head_text(d.head()))]
    if not found:
        raise SourceError(given.name, "it holds no CSV file of this kind.", kind)
    return found


def csv_rows(
    document: Document,
    source: str,
    kind: str,
    required: Sequence[str],
    *,
    unread: list[Finding],
    file: str = "",
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header (as keys) and the rows as ``(line, {column key: cell})``; ``SourceError`` when columns are missing.

    A row with more cells than the header is not yielded: it is listed in
    ``unread`` (with ``file``, when several are read together, its line and the
    cells beyond the header); it is never read with its last cells cut off.
    Empty cells beyond the header (a spreadsheet pads rows so) lose nothing
    and are dropped.
    """
    text = decode_text(document.read_bytes(source), source)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text.split("\n", 1)[0]))
    try:
        header = [header_key(cell) for cell in next(reader, [])]
    except csv.Error as exc:
        raise SourceError(source, f"its header cannot be read ({exc}).", kind) from None
    missing = [name for name in required if name not in header]
    if missing:
        shown = ", ".join(header) if any(header) else "nothing"
        raise SourceError(
            source, f"it lacks the column(s) {', '.join(missing)} (its header holds {shown}).", kind
        )

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        line = reader.line_num
        try:
            for cells in reader:
                start, line = line + 1, reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                # One line break whatever the file used: the same note saved with CRLF is the same note.
                cells = [c.replace("\r\n", "\n").replace("\r", "\n") for c in cells]
                if is_long_row(cells, header):
                    unread.append(long_row(start, cells, header, file))
                    continue
                yield start, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        except csv.Error as exc:
            raise SourceError(source, not_csv(line + 1, exc), kind) from None

    return header, rows()


def long_row(line: int, cells: Sequence[str], header: Sequence[str], file: str = "") -> Finding:
    """A row with more cells than ``header``, listed with the cells beyond it (what the header has no column for).

    Every CSV reader lists such a row this way and does not read it (``LONG_ROW``).
    """
    beyond = list(cells[len(header) :])
    while not beyond[-1].strip():  # ends: a row is long only when a cell beyond the header is not empty
        beyond.pop()
    first, last = len(header) + 1, len(header) + len(beyond)
    which = f"cell {first}" if first == last else f"cells {first}–{last}"
    too_many = f"{plural(len(cells), 'cell')} for {plural(len(header), 'column')}"
    return Finding(
        span_refs([(file, line)]),
        f"{which} {shorten(' | '.join(beyond))!r}",
        f"{too_many}: {LONG_ROW}; the row is not read",
    )


def is_long_row(cells: Sequence[str], header: Sequence[str]) -> bool:
    """Whether a row holds something beyond its header's columns (empty padding cells lose nothing)."""
    return any(c.strip() for c in cells[len(header) :])


def month_first(texts: Iterable[str]) -> bool | None:
    """Whether a file writes its dates in numbers month first (5/3/2024 for 3 May, as US spreadsheets save them).

    Told by a date that can only be read one way (a first number over 12 is a
    day, a second one over 12 is a day too); ``None`` when every date could be
    either (``parse_day`` then reads them day first: the apps themselves never
    write them month first).
    """
    second_is_day = False
    for text in texts:
        match = _NUMERIC.match(text.strip())
        if match is None:
            continue
        if int(match[1]) > 12:
            return False
        second_is_day = second_is_day or int(match[2]) > 12
    return True if second_is_day else None


def month_first_by_weekday(dated: Iterable[tuple[str, str]]) -> bool | None:
    """For numeric dates that could be read either way (``month_first`` found none that tells): the reading the
    weekday written beside each date agrees with ("11/5/2026" beside "Thu" is 5 November), or ``None``.

    A spreadsheet re-saved on another continent rewrites the dates, not the app's own weekday column.
    """
    agree = {False: 0, True: 0}
    for text, weekday in dated:
        number = weekday_named(weekday)
        if number is None or _NUMERIC.match(text.strip()) is None:
            continue
        for order in agree:
            day = parse_day(text, month_first=order)
            agree[order] += day is not None and day.weekday() == number
    if agree[True] > agree[False]:
        return True
    return False if agree[False] > agree[True] else None


def not_csv(line: int, exc: csv.Error, where: str = "") -> str:
    """Why a file is refused at ``line`` (``where``: the place named instead, "its Sleep section (line 4)"),
    where Python's CSV reader stopped (a quote that never closes, a cell past its size limit, …)."""
    place = where or f"line {line}"
    too_long = cell_past_limit(exc)
    if too_long:
        return f"{place} has {too_long}, far more than any value the diary keeps (perhaps a quote that never closes)."
    return f"{place} cannot be read as CSV ({exc})."


def parse_day(text: str, *, month_first: bool | None = False) -> dt.date | None:
    """A calendar date written any usual way ("22nd Sep 2020", "2020-09-22", "2024/5/3"); ``None`` if incomplete or
    not a date. Numbers with the year last are read day first unless ``month_first`` (see ``month_first``)."""
    text = text.strip()
    east_asian = _EAST_ASIAN_DAY.fullmatch(text)
    if east_asian is not None:
        if bool(east_asian["year"]) == bool(east_asian["later"]):  # no year, or two
            return None
        text = f"{east_asian['year'] or east_asian['later']}-{int(east_asian['month']):02}-{int(east_asian['day']):02}"
    if _ISO_DAY.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    if not any(ch.isdigit() for ch in text):
        return None
    for words, word in _TWO_WORD_MONTHS.items():
        text = text.replace(words, word)
    text = _numbered_months(unicodedata.normalize("NFC", text))
    year_first = bool(_YEAR_FIRST.match(text))
    day_first = not (year_first or month_first)
    try:
        first, second = (
            dateparser.parse(
                text, _MONTHS, dayfirst=day_first, yearfirst=year_first, default=d, ignoretz=True
            )
            for d in _DEFAULTS
        )
    except (ValueError, OverflowError):
        return None
    if first.date() != second.date():  # a part of the date was missing and filled in
        return None
    return first.date()


def parse_clock(text: str) -> dt.time | None:
    """A time of day in 24 h ("21:41", "21 h 41") or 12 h ("9:41 pm", "오후 9:41", "9:41 م") form; ``None`` otherwise."""
    text = text.strip()
    for mark, half in _HALVES.items():
        if text.startswith(mark):
            text = f"{text[len(mark) :].strip()} {half}"
    for mark, half in _HALVES_AFTER.items():
        if text.endswith(mark):
            text = f"{text[: -len(mark)].strip()} {half}".strip()
            break
    match = _CLOCK.match(text)
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2]), match[3]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def extra_columns(header: Sequence[str], known: Sequence[str], where: str) -> list[Finding]:
    """A finding for each column the reader does not use."""
    return [
        Finding(where, f"column {name!r}", "is not a column the diary reads from this app")
        for name in header
        if name and name not in known
    ]


NOT_KEPT = "not among the sleep values the diary keeps (bed and wake times, latency, awake time)"
"""Why a wearable export's columns (or the parts of a dump) that the reader does not use are listed."""


def not_kept(where: str, names: Sequence[str], what: str = "column") -> Finding:
    """One finding for all of a wearable export's columns (``what``) the reader does not use, named as written."""
    return Finding(where, f"{plural(len(names), what)}: {shorten(', '.join(names), 120)}", NOT_KEPT)
