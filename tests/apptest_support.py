"""Driving the dashboard with AppTest against a temporary diary: the fixtures and helpers the page tests share."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast
from unittest import mock

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import DateInput, Element

from diary.entry import Entry, parse_entry
from diary.storage import Diary, open_diary
from diary.views.form_sections import SECTIONS
from pages._parts import OPEN_FOLDS

from .clock_support import TODAY

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@contextmanager
def date_reads(diary: Diary) -> Iterator[list[str]]:
    """Count the reads of every logged date (``Diary.dates``) while the block runs: one item per read."""
    read = type(diary).dates
    calls: list[str] = []

    def dates(self: Diary) -> list[dt.date]:
        calls.append("dates")
        return read(self)

    with mock.patch.object(type(diary), "dates", dates):
        yield calls


def entry(n: int, pain: int = 3, **values: object) -> Entry:
    """An entry for the morning ``n`` days ago."""
    return parse_entry({"date": days_ago(n), "pain": pain, **values})


def _clear_caches() -> None:
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def app_diary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Diary]:
    """The diary the app opens (SQLite), empty; caches cleared so each test opens its own."""
    path = tmp_path / "app-diary.sqlite3"
    monkeypatch.setenv("PAIN_DIARY_DATA", str(path))
    _clear_caches()
    diary = open_diary(path)
    yield diary
    diary.close()
    _clear_caches()


@pytest.fixture(params=["app-diary.sqlite3", "app-diary.csv"])
def any_app_diary(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Diary]:
    """Like ``app_diary``, once per backend."""
    path = tmp_path / request.param
    monkeypatch.setenv("PAIN_DIARY_DATA", str(path))
    _clear_caches()
    diary = open_diary(path)
    yield diary
    diary.close()
    _clear_caches()


def open_app(page: str | None = None, *, log_sections_open: bool = True) -> AppTest:
    """The dashboard after its first run, on ``page`` (a path like "pages/history.py") when given.

    The Log form's folded sections are open, as if the person had opened
    them, so their widgets are there to fill in (a closed section's are not
    drawn); ``log_sections_open=False`` leaves them as a person first finds them.
    """
    at = AppTest.from_file(str(APP), default_timeout=60)
    if log_sections_open:
        at.session_state[OPEN_FOLDS] = {section.key for section in SECTIONS}
    at.run()
    if page is not None:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


_ESCAPED = re.compile(r"\\([\\`*_\[\]<>#~$|])")
"""A character ``diary.views.markdown.plain`` escaped so that Markdown shows it as written."""


def as_shown(markdown: str) -> str:
    """``markdown`` with plain text's escapes undone: the characters the person reads (the markup itself kept)."""
    return _ESCAPED.sub(r"\1", markdown)


def texts(elements: object) -> list[str]:
    """The text of every element in an AppTest element list (alerts, captions, markdown...), ``as_shown``."""
    return [as_shown(str(e.value)) for e in elements]  # type: ignore[attr-defined]


def elements(at: AppTest, kind: str) -> list[Element]:
    """``at.get(kind)`` for a kind of element (a widget, a caption...), typed as one: ``get`` also serves blocks."""
    found = list(at.get(kind))
    assert all(isinstance(e, Element) for e in found), kind
    return cast(list[Element], found)


def range_start(widget: DateInput) -> dt.date:
    """The first day chosen in a date input that asks for a range."""
    value = widget.value
    assert isinstance(value, tuple) and value, value
    return value[0]


def shown(at: AppTest) -> str:
    """Everything the page says in alerts, captions and markdown, as one text to search."""
    parts = [*texts(at.error), *texts(at.warning), *texts(at.info), *texts(at.success)]
    parts += [*texts(at.caption), *texts(at.markdown)]
    return "\n".join(parts)
