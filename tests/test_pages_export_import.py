"""The Export and Import pages, driven through AppTest against a temporary diary on both backends."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
import streamlit as st
from hypothesis import given
from streamlit.testing.v1 import AppTest

from diary.csv.format import write_diary_csv
from diary.entry import Entry, parse_entry
from diary.errors import CSVRejected
from diary.exchange.backup import backup_filename
from diary.exchange.diary_csv import PREVIEW_ROWS, export_csv, export_preview, import_upload, preview_upload
from diary.storage import Diary, open_diary
from diary.storage.merge import ImportConflict
from diary.wording import day_label
from pages._caching import finish_builds_ahead

from .apptest_support import elements
from .clock_support import TODAY
from .conftest import BACKENDS, make_diary
from .strategies import diaries

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"


def entry(days_ago: int, pain: int, **values: object) -> Entry:
    day = TODAY - dt.timedelta(days=days_ago)
    return parse_entry({"date": day.isoformat(), "pain": pain, **values})


@pytest.fixture(params=["diary.sqlite3", "diary.csv"])
def data(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's diary file, once per backend; caches cleared so each test opens its own."""
    path = tmp_path / request.param
    monkeypatch.setenv("PAIN_DIARY_DATA", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception
    return at


def reopen(data: Path) -> Diary:
    return open_diary(data)


# -- Import ------------------------------------------------------------------------


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="upload").set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception
    return at


def text_of(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error", "success")
        for e in elements(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def test_import_page_without_a_file_imports_nothing(data: Path) -> None:
    at = open_page("pages/import_diary.py")
    assert at.title[0].value == "Import"
    assert at.file_uploader(key="upload")
    assert not at.get("button")  # nothing to import yet


def test_good_file_is_previewed_then_imported(data: Path) -> None:
    incoming = [entry(3, 4, notes='Line one,\n"quoted" =SUM(1) 🙂'), entry(2, 6, position="stomach")]
    at = upload(open_page("pages/import_diary.py"), "backup.csv", write_diary_csv(incoming).encode())
    assert "backup.csv holds 2 days" in text_of(at)
    assert [m.value for m in at.metric] == ["2", "0", "0"]
    assert reopen(data).entries() == []  # the preview changes nothing

    assert at.button(key="import").disabled is False
    assert at.button(key="import_replace").disabled is True
    at.button(key="import").click().run()
    assert not at.exception
    assert at.success[0].value == "backup.csv: Imported 2 days."
    assert reopen(data).entries() == incoming
    assert "already in the diary" in text_of(at)
    assert at.button(key="import").disabled is True  # importing again would change nothing


def test_a_file_saved_with_semicolons_is_previewed_and_imported(data: Path) -> None:
    """As Excel saves "CSV" in much of Europe: semicolons between cells, commas in decimals."""
    day = (TODAY - dt.timedelta(days=1)).isoformat()
    content = f"\ufeffdate;pain;sitting_hours\r\n{day};4;7,5\r\n".encode()
    at = upload(open_page("pages/import_diary.py"), "excel.csv", content)
    assert "excel.csv holds 1 day" in text_of(at) and not at.error
    at.button(key="import").click().run()
    assert not at.exception
    assert [(e.pain, e.sitting_hours) for e in reopen(data).entries()] == [(4, 7.5)]


def test_bad_file_lists_every_problem_and_imports_nothing(data: Path) -> None:
    reopen(data).add(entry(5, 3))
    before = reopen(data).entries()
    future = (TODAY + dt.timedelta(days=2)).isoformat()
    bad = (
        "date,pain,position,mood\n"
        f"{(TODAY - dt.timedelta(days=1)).isoformat()},11,belly,ok\n"
        f"{future},3,side,\n"
        f"{(TODAY - dt.timedelta(days=2)).isoformat()},4,back,\n"
    )
    at = upload(open_page("pages/import_diary.py"), "bad.csv", bad.encode())
    assert "bad.csv has 4 problems" in at.error[0].value
    table = at.dataframe[0].value
    assert list(table.columns) == ["Where", "Column", "Value", "What is wrong"]
    assert set(table["Column"]) == {"header", "pain", "position", "date"}
    assert set(table["Value"]) == {"mood", "11", "belly", future}
    assert "line 2" in " ".join(table["Where"])
    assert at.button(key="import").disabled is True
    assert at.button(key="import_replace").disabled is True
    assert reopen(data).entries() == before


def test_conflicts_show_both_values_and_change_nothing_unless_replaced(data: Path) -> None:
    kept = entry(4, 2, notes="my words")
    reopen(data).add(kept)
    changed = entry(4, 7, notes="my words")
    fresh = entry(1, 5)
    at = upload(open_page("pages/import_diary.py"), "other.csv", write_diary_csv([changed, fresh]).encode())
    assert [m.value for m in at.metric] == ["1", "0", "1"]
    conflicts = at.dataframe[0].value
    assert conflicts.to_dict("records") == [
        {"Date": day_label(kept.date), "Column": "pain", "In the diary": "2", "In the file": "7"}
    ]
    assert at.button(key="import").disabled is True
    assert [e.pain for e in reopen(data).entries()] == [2]

    at.button(key="import_replace").click().run()
    assert not at.exception
    assert at.success[0].value == "other.csv: Imported 1 day, replaced 1 day."
    saved = reopen(data).entries()
    assert [(e.date, e.pain, e.notes) for e in saved] == [
        (changed.date, 7, "my words"),
        (fresh.date, 5, None),
    ]
    reread = reopen(data).get(kept.date)
    assert reread is not None
    assert saved[0].logged_at == reread.logged_at  # first save time kept


def test_file_that_is_not_utf8_is_refused_by_name(data: Path) -> None:
    at = upload(
        open_page("pages/import_diary.py"),
        "latin1.csv",
        "date,pain,notes\n2025-01-01,3,Müde\n".encode("latin-1"),
    )
    assert "latin1.csv has 1 problem" in at.error[0].value
    assert "not UTF-8" in at.dataframe[0].value["What is wrong"][0]
    assert reopen(data).entries() == []


# -- Export ------------------------------------------------------------------------


def test_export_page_on_an_empty_diary_says_so(data: Path) -> None:
    at = open_page("pages/export.py")
    assert "no entries yet" in at.info[0].value
    assert not at.get("download_button")


def test_a_backup_that_could_not_be_restored_is_not_offered_and_the_reason_is_said(data: Path) -> None:
    """A kept trial edited by hand so it cannot be read: the backup is refused where the button would be."""
    from diary.trials import new_trial
    from diary.trials.store import save_plan

    diary = reopen(data)
    diary.import_entries([entry(2, 4)])
    today = dt.date.today()
    trial = new_trial("position", "back", "side", start=today + dt.timedelta(days=1), seed=2, trial_id="t1")
    save_plan(diary, trial, today)
    broken = trial.to_record()
    del broken["seed"]
    diary.change_records("trial", {"t1": broken})
    at = open_page("pages/export.py")
    keys = {button.key for button in at.get("download_button")}
    assert "download_csv" in keys and "download_backup" not in keys
    assert any("its trial 't1'" in e.value and "has no seed" in e.value for e in at.error)


def test_export_page_offers_csv_report_and_backup(data: Path) -> None:
    logged = [entry(9, 2, notes="=cmd private"), entry(5, 7, notes="slept on the sofa"), entry(1, 4)]
    reopen(data).import_entries(logged)
    at = open_page("pages/export.py")
    keys = {button.key for button in at.get("download_button")}
    assert {"download_csv", "download_backup"} <= keys
    assert at.button(key="make_report")
    assert "3 days" in text_of(at)
    preview = at.dataframe[0].value
    assert preview["date"].tolist() == [e.date.isoformat() for e in logged]
    assert preview["notes"].tolist()[:2] == ["'=cmd private", "slept on the sofa"]  # formula guarded


def test_report_is_made_previewed_and_offered_for_download(data: Path) -> None:
    start = TODAY - dt.timedelta(days=20)
    logged = [entry(20 - i, 2 + i % 5) for i in range(21)]
    logged[10] = entry(10, 8, red_flags="saddle_numbness")
    reopen(data).import_entries(logged)
    at = open_page("pages/export.py")
    assert "download_report" not in {b.key for b in at.get("download_button")}
    at.button(key="make_report").click().run()
    assert not at.exception
    assert "download_report" in {b.key for b in at.get("download_button")}
    assert at.image[0].captions == ["The report page as it will print"]
    _, pdf, _ = at.session_state["export_report"]  # what the download button serves
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1
    assert f"{day_label(start)} to {day_label(TODAY)}" in text
    assert f"{day_label(logged[10].date)} emergency: call emergency services" in text

    at.toggle(key="include_notes").set_value(False).run()  # other widgets keep the report
    assert "download_report" in {b.key for b in at.get("download_button")}
    at.date_input(key="export_from").set_value(start + dt.timedelta(days=1)).run()
    assert "download_report" not in {b.key for b in at.get("download_button")}  # never a stale report
    assert "make it again" in text_of(at)


@pytest.mark.ahead
def test_report_of_the_dates_shown_is_made_while_the_page_is_read(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Export page makes the report of its dates in the background: the button then only shows it."""
    from diary.views import report

    reopen(data).import_entries([entry(20 - i, 2 + i % 5) for i in range(21)])
    made: list[tuple[dt.date, dt.date]] = []
    real = report.build_report

    def counting(entries: Any, start: dt.date, end: dt.date, **options: Any) -> bytes:
        made.append((start, end))
        return real(entries, start, end, **options)

    monkeypatch.setattr(report, "build_report", counting)
    at = open_page("pages/export.py")
    assert not at.exception
    assert finish_builds_ahead()
    assert made == [(TODAY - dt.timedelta(days=20), TODAY)]
    at.button(key="make_report").click().run()
    assert not at.exception
    assert "download_report" in {b.key for b in at.get("download_button")}
    assert len(made) == 1  # the report made ahead, not made again


def test_report_of_an_empty_range_is_a_message(data: Path) -> None:
    reopen(data).import_entries([entry(30, 2), entry(1, 4)])
    at = open_page("pages/export.py")
    at.date_input(key="export_from").set_value(TODAY - dt.timedelta(days=20))
    at.date_input(key="export_to").set_value(TODAY - dt.timedelta(days=10))
    at.run()
    at.button(key="make_report").click().run()
    assert not at.exception
    assert any("nothing to report" in e.value for e in at.error)
    assert "download_report" not in {b.key for b in at.get("download_button")}


def test_export_csv_honours_range_and_notes(data: Path) -> None:
    logged = [entry(9, 2, notes="a"), entry(5, 7, notes="b"), entry(1, 4, notes="c")]
    reopen(data).import_entries(logged)
    at = open_page("pages/export.py")
    at.date_input(key="export_from").set_value(logged[1].date)
    at.date_input(key="export_to").set_value(logged[1].date)
    at.toggle(key="include_notes").set_value(False)
    at.run()
    assert not at.exception
    preview = at.dataframe[0].value
    assert preview["date"].tolist() == [logged[1].date.isoformat()]
    assert preview["notes"].tolist() == [""]
    assert "1 day" in text_of(at) and "notes left out" in text_of(at)


def test_export_of_an_empty_range_shows_a_message_not_a_file(data: Path) -> None:
    reopen(data).import_entries([entry(30, 2), entry(1, 4)])
    at = open_page("pages/export.py")
    at.date_input(key="export_from").set_value(TODAY - dt.timedelta(days=20))
    at.date_input(key="export_to").set_value(TODAY - dt.timedelta(days=10))
    at.run()
    assert not at.exception
    assert "no entries from" in at.warning[0].value
    keys = {button.key for button in at.get("download_button")}
    assert "download_csv" not in keys
    assert "download_backup" in keys  # the full backup is always there


# -- what the pages call, without a browser -------------------------------------------


@given(diaries())
def test_page_export_then_page_import_gives_the_same_diary(found: list[Entry]) -> None:
    """The Export page's CSV, uploaded on the Import page of a fresh diary, on every pair of backends."""
    if not found:
        return
    for source_backend in BACKENDS:
        for target_backend in BACKENDS:
            with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
                source = make_diary(source_backend, Path(a))
                source.import_entries(found)
                export = export_preview(source)
                assert export.rows == len(found)
                assert (export.first, export.last) == (found[0].date, found[-1].date)
                target = make_diary(target_backend, Path(b))
                written = export_csv(source).encode("utf-8")
                rows = list(csv.DictReader(io.StringIO(written.decode())))
                assert (
                    rows[: len(export.preview())] == export.preview()
                )  # the page shows the file's first rows
                preview = preview_upload(target, written, name=export.filename)
                assert not preview.problems and preview.can_import
                assert len(preview.plan.new) == len(found)
                import_upload(target, preview)
                assert target.entries() == found

                private = export_csv(source, include_notes=False).encode("utf-8")
                again = make_diary(target_backend, Path(b) / "private")
                import_upload(again, preview_upload(again, private))
                assert again.entries() == [dataclasses.replace(e, notes=None) for e in found]
                for opened in (source, target, again):
                    opened.close()


def test_export_says_what_the_file_holds(tmp_path: Path) -> None:
    diary = make_diary("sqlite", tmp_path)
    diary.import_entries([entry(9, 2), entry(5, 7, notes="=1+1"), entry(1, 4)])
    export = export_preview(
        diary, TODAY - dt.timedelta(days=9), TODAY - dt.timedelta(days=5), include_notes=False
    )
    assert export.rows == 2
    assert (
        export.describe() == f"2 days, {day_label(export.first)} to {day_label(export.last)}, notes left out."
    )
    assert export.filename == f"pain-diary-{export.first}-to-{export.last}-without-notes.csv"
    assert [row["pain"] for row in export.preview(1)] == ["2"]


def test_the_export_page_writes_only_the_rows_it_shows_until_the_file_is_downloaded(tmp_path: Path) -> None:
    diary = make_diary("sqlite", tmp_path)
    diary.import_entries([entry(n, n % 10) for n in range(40, 0, -1)])
    export = export_preview(diary)
    assert export.rows == 40
    assert (export.first, export.last) == (TODAY - dt.timedelta(days=40), TODAY - dt.timedelta(days=1))
    assert len(export.head.splitlines()) == 1 + PREVIEW_ROWS  # the header and the rows shown
    whole = export_csv(diary)
    assert whole.startswith(export.head) and len(whole.splitlines()) == 41
    assert backup_filename(dt.date(2025, 10, 2)) == "pain-diary-backup-2025-10-02.zip"


def test_import_of_a_file_with_problems_is_refused_even_if_forced(tmp_path: Path) -> None:
    diary = make_diary("csv", tmp_path)
    preview = preview_upload(diary, b"date,pain\n2025-01-01,12\n", name="bad.csv")
    assert not preview.can_import and not preview.can_replace
    with pytest.raises(CSVRejected, match=r"bad\.csv has 1 problem"):
        import_upload(diary, preview)
    assert diary.entries() == []


def test_a_conflict_that_appears_after_the_preview_still_changes_nothing(tmp_path: Path) -> None:
    diary = make_diary("sqlite", tmp_path)
    incoming = [entry(3, 5), entry(2, 6)]
    preview = preview_upload(diary, write_diary_csv(incoming).encode(), name="late.csv")
    assert preview.can_import
    diary.add(entry(3, 1))  # another window saves that morning meanwhile
    with pytest.raises(ImportConflict, match="1 day in the file already has a different entry"):
        import_upload(diary, preview)
    assert [e.pain for e in diary.entries()] == [1]
