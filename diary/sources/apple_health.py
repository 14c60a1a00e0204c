"""Apple Health: nights from ``export.zip`` or ``export.xml``.

The export is one XML file, often hundreds of MB. It is streamed with
``xml.etree.ElementTree.iterparse``, each top-level element cleared as soon as
it has been looked at, so memory stays bounded whatever the file's size; from a
zip it is streamed out of the archive without unpacking it.

Only ``HKCategoryTypeIdentifierSleepAnalysis`` records are read (InBed,
Asleep/AsleepUnspecified, AsleepCore, AsleepDeep, AsleepREM, Awake); every
other kind of record is counted and listed as not imported. How the records
become nights is in ``apple_sleep``.

Two faults of real exports are tolerated: since iOS 16 the document type
declaration at the top is malformed (it is skipped: nothing in it is needed),
and some records hold control characters that XML forbids (each becomes a space).
The first exports (iOS 8) are read too: they name a record's app ``source``
(later ``sourceName``) and write its times without separators
("20150616071820-0700").
"""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING
from xml.parsers.expat import errors as expat_errors

from ..wording import moment_label, plural
from .apple_sleep import SleepRecord, records_to_nights
from .common import COUNTED_ONCE, EMPTY, Finding, SourceError, SourceResult, count_findings, within_the_diary
from .inputs import Document, Input, SourceInput, as_input, fill_buffer
from .nights import LONGEST_SLEEP, Unread, nights_result

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

SLEEP_TYPE = "HKCategoryTypeIdentifierSleepAnalysis"
ROOT_TAG = "HealthData"
_NOT_XML = frozenset(
    expat_errors.codes[e] for e in (expat_errors.XML_ERROR_SYNTAX, expat_errors.XML_ERROR_INVALID_TOKEN)
)
"""What the parser says of a file whose first line is not XML: text (a CSV's header), or JSON's "{"."""
_PREFIX = "HKCategoryValueSleepAnalysis"
STATES: dict[str, str] = {
    "InBed": "in_bed",
    "Asleep": "asleep",  # before iOS 16
    "AsleepUnspecified": "asleep",
    "AsleepCore": "core",
    "AsleepDeep": "deep",
    "AsleepREM": "rem",
    "Awake": "awake",
}
_RAW_STATES = {"0": "in_bed", "1": "asleep", "2": "awake", "3": "core", "4": "deep", "5": "rem"}
"""HealthKit's numeric sleep values, as some third-party exporters write them."""

_STAMPS = ("%Y-%m-%d %H:%M:%S %z", "%Y%m%d%H%M%S%z")
"""How a record's start and end are written: since iOS 9, and (the second) by iOS 8."""
_CONTROL = bytes(range(32)).translate(None, b"\t\n\r")
_SPACES = bytes.maketrans(_CONTROL, b" " * len(_CONTROL))
_PROLOGUE_BYTES = 256 * 1024
_SKIPPED_TAGS = frozenset({"ExportDate", "Me"})
_LONGEST_WITHOUT_TAG = 4 * 1024 * 1024
"""The most bytes read without a ``<`` before the export is refused: the parser holds text until the next tag, so
memory would grow with it. An export's data is all in attributes (a record's tag is under a kilobyte)."""


class _TextWithoutTags(Exception):
    """More than ``_LONGEST_WITHOUT_TAG`` bytes without a tag: not an export, or a damaged one."""


class _CleanXML(io.RawIOBase):
    """The export as the XML parser should see it: no document type declaration, no control characters.

    The declaration is replaced by as many line breaks as it held, so that the
    parser's line numbers still point into the real file.
    """

    def __init__(self, raw: IO[bytes]):
        self._raw = raw
        self._head = b""
        self._offset = 0
        self._started = False
        self._since_tag = 0  # bytes since the last "<"

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if not self._started:
            self._started = True
            self._head = _drop_doctype(self._raw.read(_PROLOGUE_BYTES))
        if self._offset < len(self._head):
            end = len(self._head) if size is None or size < 0 else self._offset + size
            data = self._head[self._offset : end]
            self._offset += len(data)
            if self._offset >= len(self._head):
                self._head, self._offset = b"", 0
            return data
        data = self._raw.read(size).translate(_SPACES)
        last = data.rfind(b"<")
        self._since_tag = self._since_tag + len(data) if last < 0 else len(data) - last - 1
        if self._since_tag > _LONGEST_WITHOUT_TAG:
            raise _TextWithoutTags
        return data

    def readinto(self, buffer: WriteableBuffer) -> int:
        return fill_buffer(buffer, self.read)


def _drop_doctype(head: bytes) -> bytes:
    head = head.translate(_SPACES)
    start = head.find(b"<!DOCTYPE")
    if start < 0:
        return head
    end = head.find(b"<" + ROOT_TAG.encode(), start)
    if end < 0:
        return head
    return head[:start] + b"\n" * head.count(b"\n", start, end) + head[end:]


@dataclass
class _Scan:
    """What one pass over the XML found."""

    records: list[SleepRecord]
    unrecognised: list[Finding]
    others: Counter[str]
    unread: list[Unread] = field(default_factory=list)  # the times of records that could not be read
    duplicates: int = 0
    sleep_records: int = 0


def _type_name(elem: ET.Element) -> str:
    kind = elem.get("type")
    if not kind:
        return elem.tag
    for prefix in (
        "HKQuantityTypeIdentifier",
        "HKCategoryTypeIdentifier",
        "HKCorrelationTypeIdentifier",
        "HKDataType",
    ):
        kind = kind.removeprefix(prefix)
    return kind


def _time_zone(elem: ET.Element) -> str | None:
    for meta in elem.iter("MetadataEntry"):
        if meta.get("key") == "HKTimeZone":
            return meta.get("value") or None
    return None


def _moment(text: str) -> dt.datetime | None:
    """A record's start or end as written (``_STAMPS``), or ``None``."""
    for pattern in _STAMPS:
        try:
            return dt.datetime.strptime(text.strip(), pattern)
        except ValueError:
            continue
    return None


def _sleep_record(elem: ET.Element, number: int) -> SleepRecord | Finding | None:
    """One sleep record, a finding naming what is wrong with it, or ``None`` for an empty one."""
    where = f"sleep record {number}"
    value = (elem.get("value") or "").strip()
    state = STATES.get(value.removeprefix(_PREFIX)) if value.startswith(_PREFIX) else _RAW_STATES.get(value)
    if state is None:
        return Finding(
            where,
            f"value {value or '(none)'}",
            "is not a sleep state the diary knows (InBed, Asleep…, Awake)",
        )
    start, end = _moment(elem.get("startDate", "")), _moment(elem.get("endDate", ""))
    if start is None or end is None:
        shown = f"{elem.get('startDate', '')} – {elem.get('endDate', '')}"
        return Finding(where, shown, "is not a start and end written YYYY-MM-DD HH:MM:SS ±HHMM")
    try:
        within_the_diary("startDate", elem.get("startDate"), start)
        within_the_diary("endDate", elem.get("endDate"), end)
    except ValueError as exc:
        return Finding(where, f"{elem.get('startDate', '')} – {elem.get('endDate', '')}", str(exc))
    if end < start or end - start > LONGEST_SLEEP:
        return Finding(
            where, f"{moment_label(start)} – {moment_label(end)}", "is not a possible sleep period"
        )
    if end == start:
        return None
    source = (elem.get("sourceName") or elem.get("source") or "").strip() or "an unnamed source"
    device = elem.get("device") or ""
    watch = "watch" in source.lower() or "name:Apple Watch" in device
    return SleepRecord(number, state, start, end, source, watch, _time_zone(elem))


def _take(elem: ET.Element, scan: _Scan, seen: set[tuple[object, ...]]) -> None:
    if elem.tag in _SKIPPED_TAGS:
        return
    if elem.tag != "Record" or elem.get("type") != SLEEP_TYPE:
        scan.others[_type_name(elem)] += 1
        return
    scan.sleep_records += 1
    found = _sleep_record(elem, scan.sleep_records)
    if isinstance(found, Finding):
        scan.unrecognised.append(found)
        start, end = _moment(elem.get("startDate", "")), _moment(elem.get("endDate", ""))
        if (hole := Unread.between(start, end, found.where)) is not None:
            scan.unread.append(hole)
    elif found is not None:
        key = (found.state, found.start, found.end, found.source)
        if key in seen:
            scan.duplicates += 1
        else:
            seen.add(key)
            scan.records.append(found)


def scan_export(stream: IO[bytes], name: str) -> _Scan:
    """Stream the export once, keeping only the sleep records (bounded memory)."""
    scan = _Scan([], [], Counter())
    seen: set[tuple[object, ...]] = set()
    depth = 0
    root: ET.Element | None = None
    try:
        for event, elem in ET.iterparse(_CleanXML(stream), events=("start", "end")):
            if event == "start":
                depth += 1
                if root is None:
                    root = elem
                    if elem.tag != ROOT_TAG:
                        raise SourceError(
                            name,
                            f"it is XML, but not an Apple Health export (it starts with <{elem.tag}>).",
                            "apple-health",
                        )
                continue
            depth -= 1
            if depth == 1 and root is not None:  # a direct child of <HealthData>, now complete
                _take(elem, scan, seen)
                elem.clear()
                root.clear()  # drop the finished children, so memory stays flat
    except _TextWithoutTags:
        raise SourceError(
            name,
            f"it holds over {_LONGEST_WITHOUT_TAG // 2**20} MB of text without a single XML tag, "
            "which no Apple Health export does: it is damaged, or not an export. "
            "Export it again from the Health app (Profile → Export All Health Data).",
            "apple-health",
        ) from None
    except LookupError as exc:  # the XML declaration names an encoding Python does not know
        raise SourceError(
            name,
            f"its first line names a text encoding that cannot be read ({exc}); an Apple Health export "
            "is UTF-8. Export it again from the Health app (Profile → Export All Health Data).",
            "apple-health",
        ) from None
    except ET.ParseError as exc:
        line, column = exc.position
        if root is None and line == 1 and exc.code in _NOT_XML:  # refused on its first line: not XML at all
            raise SourceError(
                name,
                "it is not XML, as an Apple Health export is. Export it from the Health app "
                "(Profile → Export All Health Data), or choose the kind of file it is.",
                "apple-health",
            ) from None
        raise SourceError(
            name,
            f"the XML is broken at line {line}, column {column} ({str(exc.msg).split(':')[0]}). "
            "The file may be cut short: "
            "export it again from the Health app (Profile → Export All Health Data).",
            "apple-health",
        ) from None
    if root is None:
        raise SourceError(name, EMPTY, "apple-health")
    return scan


def find_export_xml(source: Input) -> Document:
    """The export.xml itself, or the one inside the zip or folder (its name may be translated)."""
    documents = source.documents()
    if len(documents) == 1 and not (source.is_zip or source.is_folder):
        return documents[0]
    candidates = [
        d for d in documents if d.basename.lower().endswith(".xml") and "cda" not in d.basename.lower()
    ]
    for document in sorted(candidates, key=lambda d: (d.basename.lower() != "export.xml", d.name)):
        if b"<" + ROOT_TAG.encode() in document.head():
            return document
    raise SourceError(
        source.name,
        "it holds no Apple Health export.xml. Export it from the Health app (Profile → Export All Health Data).",
        "apple-health",
    )


def read_apple_health(source: SourceInput | Input, *, name: str | None = None) -> SourceResult:
    """The nights in an Apple Health export (zip, folder or export.xml), one per morning."""
    given = as_input(source, name)
    with given.held():
        document = find_export_xml(given)
        with document.open() as stream:
            scan = scan_export(stream, given.name)
    nights, findings, left_out = records_to_nights(scan.records)
    not_imported = [
        *left_out,
        *count_findings(document.basename, scan.others, "only sleep analysis is imported from Apple Health"),
    ]
    if scan.duplicates:
        not_imported.insert(
            0,
            Finding(
                document.basename,
                plural(scan.duplicates, "duplicate sleep record"),
                f"the same source, times and state twice: {COUNTED_ONCE}",
            ),
        )
    return nights_result(
        "apple-health", given.name, nights, (*scan.unrecognised, *findings), not_imported, scan.unread
    )
