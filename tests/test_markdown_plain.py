"""Plain text inside Markdown: a library message or a file name is shown as written."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from diary.errors import DiaryError
from diary.views.markdown import plain, plain_message
from tests.apptest_support import as_shown

MARKUP = "\\`*_[]<>#~$|"


@given(st.text())
def test_plain_text_reads_back_as_written(text: str) -> None:
    assert as_shown(plain(text)) == text


@given(st.text())
def test_no_markup_character_is_left_bare(text: str) -> None:
    escaped = plain(text)
    bare = re.sub(r"\\.", "", escaped, flags=re.DOTALL)  # every escape pair taken out
    assert not set(bare) & set(MARKUP)


def test_a_message_keeps_its_file_name_and_wildcards() -> None:
    error = DiaryError("No sleep-*.json in my_*best*_sleep <Workbook>.")
    shown = plain_message(error)
    assert shown == r"No sleep-\*.json in my\_\*best\*\_sleep \<Workbook\>."
    assert as_shown(shown) == str(error)
