"""Recognising an export from its content, the ways a file arrives, and the shared wording."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from diary.errors import DiaryError
from diary.sources import (
    DIARY_CSV,
    BearableMapping,
    Finding,
    MappingError,
    SourceDay,
    SourceError,
    SourceResult,
    detect_kind,
    first_named,
    night_sentence,
    open_export,
    parse_kind,
    read_source,
)
from diary.sources.reading import ANOTHER_EXPORT

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
T = dt.time


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("apple_health_export.xml", "apple-health"),
        ("fitbit_takeout", "fitbit"),
        ("fitbit_takeout/Fitbit/Global Export Data/sleep-2023-01-01.json", "fitbit"),
        ("oura_trends.csv", "oura"),
        ("sleepmodel.csv", "oura"),
        ("bearable_export.csv", "bearable"),
        ("bearable_monthly", "bearable"),
        ("daylio_export.csv", "daylio"),
        ("daylio_export_old.csv", "daylio"),
    ],
)
def test_every_fixture_is_recognised(name: str, kind: str) -> None:
    assert detect_kind(FIXTURES / name) == kind


@pytest.mark.parametrize(
    ("fixture", "disguise", "kind"),
    [
        ("apple_health_export.xml", "health.dat", "apple-health"),
        ("daylio_export.csv", "bearable.csv", "daylio"),
        ("bearable_export.csv", "export.xml", "bearable"),
        ("fitbit_takeout/Fitbit/Global Export Data/sleep-2023-03-02.json", "my-nights.json", "fitbit"),
        ("sleepmodel.csv", "data.txt", "oura"),
        ("apple_health_export.xml", "sleep-2023-01-01.json", "apple-health"),  # a Fitbit name
        ("oura_trends.csv", "sleep-2023-01-01.json", "oura"),
    ],
)
def test_the_content_decides_not_the_name(fixture: str, disguise: str, kind: str) -> None:
    data = (FIXTURES / fixture).read_bytes()
    assert detect_kind(data, name=disguise) == kind
    assert open_export(io.BytesIO(data), name=disguise).kind == kind


def test_the_diary_own_csv_is_recognised_but_not_read_here() -> None:
    data = b"date,pain,bedtime\n2025-03-01,4,23:10\n"
    assert detect_kind(data) == DIARY_CSV
    with pytest.raises(SourceError, match="it is a diary CSV"):
        open_export(data, name="diary.csv")


def test_a_kind_can_be_forced_and_is_spelt_leniently() -> None:
    assert parse_kind("Apple Health") == "apple-health"
    assert parse_kind("apple_health") == "apple-health"
    assert parse_kind(" FITBIT ") == "fitbit"
    assert read_source(FIXTURES / "sleepmodel.csv", kind="oura").kind == "oura"
    with pytest.raises(
        DiaryError, match="'garmin' is not a kind of export the diary reads; the kinds are apple-health"
    ):
        parse_kind("garmin")
    with pytest.raises(SourceError, match="as a Daylio CSV export: it lacks the column") as refused:
        read_source(FIXTURES / "bearable_export.csv", kind="daylio")
    # the kind its content is, when the diary reads that: said after why it cannot be read as the one chosen
    assert "It looks like a Bearable CSV export instead: import it as that." in str(refused.value)
    with pytest.raises(SourceError, match=r"It looks like an Apple Health export .* instead"):
        read_source(FIXTURES / "apple_health_export.xml", kind="fitbit")
    with pytest.raises(SourceError, match="It looks like a diary CSV instead"):
        read_source(b"date,pain\n2024-01-01,3\n", kind="oura", name="diary.csv")
    with pytest.raises(SourceError) as refused:
        read_source(b"hello, world\n1,2\n", kind="oura", name="other.csv")
    assert "looks like" not in str(refused.value)  # nothing the diary reads


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "it is empty"),
        (b"\xef\xbb\xbf", "it is empty"),  # only a byte-order mark: a spreadsheet's blank save
        (b"\xef\xbb\xbf \r\n\r\n", "it is empty"),
        (
            b"hello, world\n1,2\n",
            "none of its content is an export the diary can read. It reads an Apple Health export",
        ),
        (b"PK\x03\x04 not really a zip", "it looks like a zip file but cannot be opened"),
    ],
)
def test_unreadable_files_get_a_named_error(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=r"^upload\.bin cannot be read: " + message):
        detect_kind(data, name="upload.bin")


def test_a_missing_path_is_a_named_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="there is no such file or folder"):
        read_source(tmp_path / "export.zip")


def test_zip_folder_bytes_and_streams_give_the_same_days(tmp_path: Path) -> None:
    expected = read_source(FIXTURES / "daylio_export.csv").days
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.txt", "Daylio backup")
        archive.write(FIXTURES / "daylio_export.csv", "daylio/daylio_export_2024_05_04.csv")
    assert read_source(buffer.getvalue(), name="daylio.zip").days == expected
    folder = tmp_path / "unpacked"
    folder.mkdir()
    shutil.copy(FIXTURES / "daylio_export.csv", folder / "export.csv")
    assert read_source(folder).days == expected

    class Pipe(io.RawIOBase):  # a stream that cannot seek
        def __init__(self, data: bytes):
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    piped = read_source(
        io.BufferedReader(Pipe((FIXTURES / "daylio_export.csv").read_bytes())), name="daylio.csv"
    )
    assert piped.days == expected


def test_fitbit_files_renamed_in_a_folder_or_zip_are_read_by_their_content(tmp_path: Path) -> None:
    """A browser's second download ("sleep-… (1).json") is read beside the others; a zip of one renamed file too."""
    logs = FIXTURES / "fitbit_takeout" / "Fitbit" / "Global Export Data"
    first, second = sorted(logs.glob("sleep-*.json"))[:2]
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy(first, folder / first.name)
    shutil.copy(second, folder / f"{second.stem} (1).json")
    dates = {d.date for d in read_source(first).days} | {d.date for d in read_source(second).days}
    assert {d.date for d in read_source(folder).days} == dates
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(second, "mydata.json")
    assert detect_kind(buffer.getvalue(), name="nights.zip") == "fitbit"
    zipped = read_source(buffer.getvalue(), name="nights.zip").days
    assert [(d.date, d.values) for d in zipped] == [(d.date, d.values) for d in read_source(second).days]


def test_an_upload_is_not_closed_by_reading_it() -> None:
    upload = io.BytesIO((FIXTURES / "oura_trends.csv").read_bytes())
    read_source(upload, name="oura.csv")
    assert not upload.closed


def test_a_byte_order_mark_is_fine_and_other_encodings_are_named() -> None:
    text = (FIXTURES / "daylio_export_old.csv").read_text(encoding="utf-8")
    assert len(read_source(b"\xef\xbb\xbf" + text.encode(), name="d.csv").days) == 3
    assert len(read_source(text.encode("utf-16"), name="d.csv").days) == 3
    latin = text.replace("Back OK", "Rücken OK").encode("latin-1")
    with pytest.raises(SourceError, match="it is not UTF-8 text"):
        read_source(latin, name="d.csv")


def test_sleep_exports_take_no_mapping() -> None:
    export = open_export(FIXTURES / "sleepmodel.csv")
    assert not export.needs_mapping and export.default_mapping() is None
    with pytest.raises(MappingError, match="takes no mapping"):
        export.result(BearableMapping())


def test_result_summary_and_columns() -> None:
    result = read_source(FIXTURES / "apple_health_export.xml")
    assert result.is_sleep
    assert result.columns == ("bedtime", "wake_time", "sleep_latency_min", "awakenings", "awake_minutes")
    assert result.summary() == (
        "apple_health_export.xml holds 3 nights, Sun 14 Jan 2024 to Sun 31 Mar 2024; 1 thing not understood (listed); "
        "8 items not imported (listed)."
    )
    with pytest.raises(ValueError, match="one day per date"):
        SourceResult(
            "oura", "x", (SourceDay(dt.date(2024, 1, 1), {}, ""), SourceDay(dt.date(2024, 1, 1), {}, ""))
        )


@pytest.mark.parametrize(
    ("values", "sentence"),
    [
        (
            {"bedtime": T(23, 40), "wake_time": T(6, 55), "sleep_latency_min": 15},
            "From your watch: in bed 23:40–06:55, fell asleep in 15 min",
        ),
        ({"bedtime": T(23, 40)}, "From your watch: in bed from 23:40"),
        ({"wake_time": T(6, 5), "awakenings": 1}, "From your watch: woke at 06:05, woke 1 time"),
        (
            {"bedtime": T(0, 10), "wake_time": T(8, 0), "awake_minutes": 0},
            "From your watch: in bed 00:10–08:00",
        ),
        ({}, "From your watch: no sleep times"),
    ],
)
def test_night_sentence(values: dict, sentence: str) -> None:
    assert night_sentence(values) == sentence


@pytest.mark.parametrize("kind", ["apple-health", "fitbit", "oura", "bearable", "daylio"])
def test_an_empty_file_is_said_to_be_empty_whatever_kind_it_is_named(kind: str) -> None:
    with pytest.raises(SourceError, match="it is empty"):
        open_export(b"", kind=kind, name="empty.csv")


def test_an_empty_upload_is_said_to_be_empty() -> None:
    """An uploaded file comes as a stream, not bytes: its emptiness is read from it."""
    import io

    from diary.exchange.importing import recognise

    with pytest.raises(SourceError, match="it is empty"):
        recognise(io.BytesIO(b""), name="empty.csv")


def test_files_of_another_kind_in_a_folder_are_listed_not_dropped_unsaid(tmp_path: Path) -> None:
    """A folder with a Daylio export and a diary CSV: the Daylio file is read, the diary CSV named as left out."""
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(FIXTURES / "daylio_export.csv", folder / "daylio_export.csv")
    shutil.copy(FIXTURES / "oura_trends.csv", folder / "oura.csv")
    (folder / "diary.csv").write_text("date,pain\n2024-05-01,3\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not an export", encoding="utf-8")
    export = open_export(folder, kind="daylio")
    result = export.result()
    assert result.days == read_source(FIXTURES / "daylio_export.csv").days
    others = [(f.where, f.item) for f in result.not_imported if "another kind" in f.reason]
    assert others == [("diary.csv", "a diary CSV"), ("oura.csv", "an Oura sleep export (CSV or JSON)")]
    # A single file has no others; neither has a folder of one kind.
    assert not open_export(FIXTURES / "daylio_export.csv").others


def test_the_files_of_a_zip_no_reader_opened_are_listed_by_kind_of_name(tmp_path: Path) -> None:
    """Anything not understood is listed: Oura's other tables beside its sleep, a Takeout's daily files grouped
    under one name with their digits as *, a second Oura sleep file; never what the computer added itself."""
    archive = tmp_path / "oura.zip"
    with zipfile.ZipFile(archive, "w") as written:
        written.write(FIXTURES / "sleepmodel.csv", "App Data/sleepmodel.csv")
        written.write(FIXTURES / "oura_trends.csv", "App Data/oura_2023-01-01_trends.csv")
        written.writestr("App Data/DailySleep.csv", "id;day;score\nx;2024-01-05;84\n")
        for day in range(1, 4):
            written.writestr(f"App Data/heartrate-2024-01-0{day}.json", "[]")
        written.writestr("__MACOSX/App Data/._sleepmodel.csv", b"\x00\x05")
        written.writestr("App Data/.DS_Store", b"\x00")
    listed = read_source(archive).not_imported
    left = {(f.where, f.item) for f in listed if "not read" in f.reason}
    assert left == {
        ("App Data/DailySleep.csv", "1 file"),
        ("App Data/heartrate-*-*-*.json", "3 files"),
    }
    # The second sleep file is named for what it is: another export of the kind read, to import on its own.
    (second,) = [f for f in listed if f.where == "App Data/oura_2023-01-01_trends.csv"]
    assert "Oura" in second.item and second.reason == ANOTHER_EXPORT
    # a single file is never "not read"
    assert not [f for f in read_source(FIXTURES / "sleepmodel.csv").not_imported if "not read" in f.reason]


def test_a_one_line_message_names_the_first_three_findings_and_counts_the_rest() -> None:
    findings = [Finding(f"line {n}", f"date 'x{n}'", "is not a date") for n in range(2, 8)]
    assert first_named(findings[:1]) == "line 2: date 'x2' — is not a date"
    assert first_named(findings[:3]).count(" — is not a date") == 3 and "more" not in first_named(
        findings[:3]
    )
    assert first_named(findings) == (
        "line 2: date 'x2' — is not a date; line 3: date 'x3' — is not a date; line 4: date 'x4' — is not a date; "
        "and 3 more"
    )
