"""What every page needs: the open diary, cached loads, settings, error display.

Loads are cached per diary version (a token that changes on every write, from
any window or process), and the caches are cleared after every write, so a
saved entry shows up at once everywhere.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from diary import Diary, DiaryError, Entry, open_diary
from diary.settings import Settings, load_settings
from diary.storage import resolve_path


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Diary:
    return open_diary(path)


def current_diary() -> Diary:
    """The diary named by PAIN_DIARY_DATA (or the default); a page stops with a clear message if it cannot open."""
    path = str(resolve_path())
    try:
        return _open(path)
    except DiaryError as exc:
        st.error(str(exc))
        st.stop()
        raise  # unreachable: st.stop() ends the run


@st.cache_data(show_spinner=False, max_entries=4)
def _entries(version: str, _diary: Diary) -> list[Entry]:
    return _diary.entries()


@st.cache_data(show_spinner=False, max_entries=4)
def _frame(version: str, _diary: Diary) -> pd.DataFrame:
    return _diary.load()


def entries(diary: Diary) -> list[Entry]:
    """All entries, sorted by date (cached per diary version)."""
    return _entries(diary.version(), diary)


def frame(diary: Diary) -> pd.DataFrame:
    """All entries as the typed DataFrame with derived columns (cached per diary version). Do not modify it."""
    return _frame(diary.version(), diary)


def after_write() -> None:
    """Forget cached loads after the diary changed."""
    st.cache_data.clear()


def settings() -> Settings:
    return load_settings()


def show_error(exc: DiaryError) -> None:
    """A diary error as the person should see it: the message, never a traceback."""
    st.error(str(exc))
