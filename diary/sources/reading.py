"""Recognising an export from its content, and reading any kind through the same three calls.

``detect_kind`` looks inside the file (and inside a zip or folder) rather than
trusting its name. ``open_export`` reads a file of a detected or forced kind
into an ``Export``; ``Export.default_mapping()`` proposes a mapping (Bearable,
Daylio; ``None`` for wearables) and ``Export.result(mapping)`` gives the
``SourceResult``. ``read_source`` does both steps with the default mapping.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import DiaryError
from ..wording import plural
from .apple_health import ROOT_TAG, read_apple_health
from .bearable import BearableExport, is_bearable_head, read_bearable
from .bearable_mapping import BearableMapping, apply_mapping, default_mapping
from .common import (
    EMPTY,
    KIND_LABELS,
    KINDS,
    Finding,
    Kind,
    MappingError,
    SourceError,
    SourceResult,
    first_named,
)
from .daylio import (
    DaylioExport,
    DaylioMapping,
    apply_daylio_mapping,
    default_daylio_mapping,
    is_daylio_head,
    read_daylio,
)
from .fitbit import read_fitbit
from .fitbit_csv import is_fitbit_csv_head
from .fitbit_files import FILES as FITBIT_FILES
from .fitbit_files import is_sleep_logs_head, is_user_sleeps_head
from .google_tables import STAGES_FILE, is_user_sleep_stages_head
from .inputs import Document, Input, SourceInput, head_text
from .oura import DAILY_SLEEP_SCORES, is_daily_scores_head, is_oura_head, read_oura
from .tabular import header_names

DIARY_CSV = "diary"
"""What ``detect_kind`` returns for the diary's own CSV format (imported by ``diary.exchange.diary_csv``, not here)."""
_PRIORITY: tuple[str, ...] = (*KINDS, DIARY_CSV)
_ALIASES = {
    "apple": "apple-health",
    "applehealth": "apple-health",
    "apple_health": "apple-health",
    "health": "apple-health",
    "google-takeout": "fitbit",
    "takeout": "fitbit",
    "oura-ring": "oura",
}
_MAX_HEADS = 300
Mapping = BearableMapping | DaylioMapping


def parse_kind(text: str) -> Kind:
    """A kind as a person types it ("apple-health", "Apple Health", "fitbit"); ``DiaryError`` names the kinds."""
    key = "-".join(text.strip().lower().replace("_", "-").split())
    key = _ALIASES.get(key, key)
    for kind in KINDS:
        if kind == key:
            return kind
    raise DiaryError(f"{text!r} is not a kind of export the diary reads; the kinds are {', '.join(KINDS)}.")


def _is_diary_head(text: str) -> bool:
    return {"date", "pain"} <= header_names(text)


def document_kind(document: Document, in_container: bool) -> str | None:
    """The kind one document looks like, from its first bytes; from its name only when they say nothing
    the diary knows (a Fitbit sleep file that is not valid JSON then gets Fitbit's own message)."""
    base = document.basename.lower()
    named_fitbit = any(p.match(base) for p in (*FITBIT_FILES, STAGES_FILE))
    if in_container and not named_fitbit and not base.endswith((".xml", ".csv", ".json")):
        return None
    head = head_text(document.head())
    if head.lstrip().startswith("<") and f"<{ROOT_TAG}" in head:
        return "apple-health"
    if is_sleep_logs_head(head):
        return "fitbit"
    checks = (
        ("fitbit", is_user_sleeps_head),
        ("fitbit", is_user_sleep_stages_head),
        ("oura", is_oura_head),
        ("bearable", is_bearable_head),
        ("daylio", is_daylio_head),
        ("fitbit", is_fitbit_csv_head),
    )
    for kind, looks in checks:
        if looks(head):
            return kind
    if _is_diary_head(head):
        return DIARY_CSV
    return "fitbit" if named_fitbit else None


def _by_name(documents: list[Document]) -> str | None:
    """The kind of a zip or folder when its files' names make it certain (checked cheaply, before any content)."""
    xml = [d for d in documents if d.basename.lower().endswith(".xml") and "cda" not in d.basename.lower()]
    # export.xml first; its name is translated in some languages (exporteren.xml, 导出.xml), so every XML counts
    for document in sorted(xml, key=lambda d: "export" not in d.basename.lower())[:_MAX_HEADS]:
        if f"<{ROOT_TAG}" in head_text(document.head()):
            return "apple-health"
    for document in documents:
        if any(p.match(document.basename) for p in (*FITBIT_FILES, STAGES_FILE)):
            return "fitbit"
        if document.basename.lower() == "sleepmodel.csv":
            return "oura"
    return None


_BLANK_BYTES = 4096
"""A file this small holding only a byte-order mark and white space is empty (a spreadsheet's blank save)."""


def only_other_files(count: int) -> str:
    """Why a folder holding only pipes, devices or links to them gives nothing: they are never read."""
    return (
        f"it holds no regular file, only {plural(count, 'pipe, device or link to one', 'pipes, devices or links to them')}, "
        "which are never read."
    )


def _refuse_empty(given: Input) -> None:
    """``SourceError`` "it is empty." for an empty file (or an empty folder or zip), whatever kind it was named.

    A file of only a byte-order mark and white space counts as empty too.
    """
    documents = given.documents()
    single = not (given.is_zip or given.is_folder)
    if not documents and given.passed_over:
        raise SourceError(given.name, only_other_files(given.passed_over))
    if not documents:
        raise SourceError(given.name, EMPTY)
    if single and (documents[0].size or 0) <= _BLANK_BYTES:
        head = documents[0].head(_BLANK_BYTES + 1)
        if len(head) <= _BLANK_BYTES and not head.removeprefix(codecs.BOM_UTF8).strip():
            raise SourceError(given.name, EMPTY)


def _detect(given: Input) -> str:
    in_container = given.is_zip or given.is_folder
    _refuse_empty(given)
    documents = given.documents()
    found: set[str] = set()
    with given.held():
        named = _by_name(documents) if in_container else None
        if named is not None:
            return named
        for document in documents[:_MAX_HEADS] if in_container else documents:
            kind = document_kind(document, in_container)
            if kind is not None:
                found.add(kind)
    for kind in _PRIORITY:
        if kind in found:
            return kind
    if given.name.lower().endswith(".daylio") or any(
        d.basename.lower() == "backup.daylio" for d in documents
    ):
        raise SourceError(given.name, DAYLIO_BACKUP)
    accepted = "; ".join(KIND_LABELS[k] for k in KINDS)
    what = "the files in it" if in_container else "its content"
    raise SourceError(given.name, f"none of {what} is an export the diary can read. It reads {accepted}.")


APPLE_CLINICAL_RECORDS = (
    "it holds Apple Health's clinical records (export_cda.xml). The sleep records are in export.xml beside it: "
    "import that, or the whole export.zip."
)
"""Why the clinical-records file of an Apple Health export is not read on its own."""


FITBIT_SLEEP_SCORES = (
    "it holds Fitbit's sleep scores (sleep_score.csv), not bed times. The nights are in the same Takeout's "
    "Global Export Data/sleep-*.json files: import those, or the whole Takeout zip or folder."
)
"""Why Fitbit's file of nightly sleep scores is not read on its own."""

DAYLIO_BACKUP = (
    "it is Daylio's own backup (.daylio), which only Daylio reads. In Daylio, export your entries as a CSV "
    "file (More → Export entries) and import that."
)
"""Why a Daylio backup is refused: the diary reads Daylio's CSV export."""


def known_other_file(head: str) -> str | None:
    """Why a file the diary does not import, but knows from another app's export, is not read; None for others.

    Each is part of an export whose sleep is in another file of it: saying
    which helps more than the list of everything the diary reads.
    """
    if "<ClinicalDocument" in head:
        return APPLE_CLINICAL_RECORDS
    if is_daily_scores_head(head):
        return DAILY_SLEEP_SCORES
    if {"sleep_log_entry_id", "overall_score"} <= header_names(head):
        return FITBIT_SLEEP_SCORES
    return None


def detect_kind(source: SourceInput, *, name: str | None = None) -> str:
    """The kind of export, recognised from the content: one of ``KINDS``, or ``"diary"`` for the diary's own CSV.

    ``SourceError`` when it is none of them (the message lists what is read).
    """
    return _detect(Input(source, name))


@dataclass(frozen=True)
class Export:
    """An export read into memory, to be mapped: the same calls for every kind."""

    kind: Kind
    name: str
    content: SourceResult | BearableExport | DaylioExport
    others: tuple[Finding, ...] = ()  # files of another kind in the zip or folder: listed, not read

    @property
    def needs_mapping(self) -> bool:
        """Bearable and Daylio exports are imported through a mapping the person can change."""
        return not isinstance(self.content, SourceResult)

    def default_mapping(self) -> Mapping | None:
        if isinstance(self.content, BearableExport):
            return default_mapping(self.content)
        if isinstance(self.content, DaylioExport):
            return default_daylio_mapping(self.content)
        return None

    def result(self, mapping: Mapping | None = None) -> SourceResult:
        """What the export supplies for each date, under ``mapping`` (the default one when ``None``)."""
        content = self.content
        if isinstance(content, SourceResult):
            if mapping is not None:
                raise MappingError(f"{KIND_LABELS[self.kind].capitalize()} takes no mapping.")
            result = content
        elif isinstance(content, BearableExport):
            if not isinstance(mapping, BearableMapping | None):
                raise MappingError("A Bearable export needs a Bearable mapping.")
            result = apply_mapping(content, mapping or default_mapping(content))
        else:
            if not isinstance(mapping, DaylioMapping | None):
                raise MappingError("A Daylio export needs a Daylio mapping.")
            result = apply_daylio_mapping(content, mapping or default_daylio_mapping(content))
        _refuse_unreadable(result)
        if not self.others:
            return result
        return dataclasses.replace(result, not_imported=(*result.not_imported, *self.others))


def _refuse_unreadable(result: SourceResult) -> None:
    """A file of which nothing at all was understood is a bad file, named as such (not an empty import).

    A file that was read but brings nothing (naps only, a mapping that leaves
    everything out) is not refused: what it holds is listed as not imported.
    """
    if result.days or result.not_imported or not result.unrecognised:
        return
    unread = result.unrecognised
    count = "it" if len(unread) == 1 else f"any of its {len(unread)} parts"
    raise SourceError(result.name, f"the diary could not read {count} ({first_named(unread)}).", result.kind)


def open_export(source: SourceInput, *, kind: str | None = None, name: str | None = None) -> Export:
    """Read an export of the given kind (``None``: recognised from its content).

    ``SourceError`` (a ``DiaryError``) names the file and what is wrong when it
    cannot be read; nothing is changed anywhere.
    """
    given = Input(source, name)
    chosen = parse_kind(kind) if kind is not None else _detect(given)
    if kind is not None:
        _refuse_empty(given)  # said as such, not as the named kind's broken start
    if chosen == DIARY_CSV:
        raise SourceError(
            given.name, "it is a diary CSV: import it as a diary CSV, not as another app's export."
        )
    readers: dict[str, Callable[..., SourceResult | BearableExport | DaylioExport]] = {
        "apple-health": read_apple_health,
        "fitbit": read_fitbit,
        "oura": read_oura,
        "bearable": read_bearable,
        "daylio": read_daylio,
    }
    known = parse_kind(chosen)
    try:
        content = readers[known](given, name=given.name)
    except SourceError as exc:
        raise _with_its_kind(exc, given, known) if kind is not None else exc from None
    others = _other_kinds(given, known)
    return Export(known, given.name, content, (*others, *_not_read(given, {f.where for f in others})))


def kind_label(kind: str) -> str:
    """A kind ``detect_kind`` returns, in words: "an Oura sleep export (CSV or JSON)", or "a diary CSV"."""
    return KIND_LABELS.get(kind, "a diary CSV")


LOOKS_LIKE = "It looks like {label} instead: import it as that."
"""Said after why a file cannot be read as the kind chosen for it, when its content is another kind the diary reads."""


def _with_its_kind(exc: SourceError, given: Input, chosen: str) -> SourceError:
    """``exc`` (a file refused as the ``chosen`` kind), naming the kind its content is, when the diary reads that."""
    try:
        found = _detect(given)
    except SourceError:
        return exc
    if found == chosen:
        return exc
    return SourceError(exc.name, f"{exc.reason} {LOOKS_LIKE.format(label=kind_label(found))}", exc.kind)


OTHER_KIND = "a file of another kind than this import: import it on its own"
"""Why a file of the zip or folder that another import reads is left out of this one."""
ANOTHER_EXPORT = "another export of the same kind: this import reads one, so import it on its own"
"""Why a second export of the chosen kind in a folder (two Apple Health exports) is left out."""


def _other_kinds(given: Input, chosen: str) -> tuple[Finding, ...]:
    """The files of a zip or folder that look like another export (or a diary CSV), or like a second export of
    the chosen kind that the reader left unread: listed, never dropped unsaid."""
    if not (given.is_zip or given.is_folder):
        return ()
    unread = {d.name for d in given.unread()}
    found = []
    with given.held():
        for document in given.documents()[:_MAX_HEADS]:
            kind = document_kind(document, True)
            if kind is None or (kind == chosen and document.name not in unread):
                continue
            found.append(
                Finding(document.name, kind_label(kind), OTHER_KIND if kind != chosen else ANOTHER_EXPORT)
            )
    return tuple(found)


NOT_READ = "not read: this import takes only an export's sleep or diary entries"
"""Why a file of the zip or folder that no reader opened is left out: listed, never dropped unsaid."""

_SYSTEM_FILES = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")
"""What a computer adds to a zip or folder of its own (a Mac's resource forks, folder settings): no part of
the export, not listed."""


def _not_read(given: Input, listed: set[str]) -> tuple[Finding, ...]:
    """The files of a zip or folder no reader opened, apart from those ``listed`` already: one line per kind
    of name, its digits as * ("heart_rate-*-*-*.json: 365 files"), or the name itself for one file."""
    groups: dict[str, list[str]] = {}
    for document in given.unread():
        name = document.name
        if name in listed or document.basename.startswith("._") or any(s in name for s in _SYSTEM_FILES):
            continue
        groups.setdefault(re.sub(r"\d+", "*", name), []).append(name)
    return tuple(
        Finding(names[0] if len(names) == 1 else pattern, plural(len(names), "file"), NOT_READ)
        for pattern, names in groups.items()
    )


def read_source(
    source: SourceInput, *, kind: str | None = None, name: str | None = None, mapping: Mapping | None = None
) -> SourceResult:
    """``open_export(...).result(mapping)``: the diary values an export supplies, by date."""
    return open_export(source, kind=kind, name=name).result(mapping)
