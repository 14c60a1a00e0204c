"""The Export and Import pages, driven through AppTest against a temporary diary on both backends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from diary.csvformat import write_diary_csv
from diary.entry import Entry, parse_entry
from diary.storage import Diary, open_diary

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"
TODAY = dt.date.today()


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
        for e in at.get(kind)
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
        {"Date": kept.date.isoformat(), "Column": "pain", "In the diary": "2", "In the file": "7"}
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
    assert saved[0].logged_at == reopen(data).get(kept.date).logged_at  # first save time kept


def test_file_that_is_not_utf8_is_refused_by_name(data: Path) -> None:
    at = upload(
        open_page("pages/import_diary.py"),
        "latin1.csv",
        "date,pain,notes\n2025-01-01,3,Müde\n".encode("latin-1"),
    )
    assert "latin1.csv has 1 problem" in at.error[0].value
    assert "not UTF-8" in at.dataframe[0].value["What is wrong"][0]
    assert reopen(data).entries() == []
