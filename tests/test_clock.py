"""Every "today" comes from ``diary.clock``: one answer for a page run or a command, set in one place."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from diary import cli, clock
from diary.storage import Diary, open_diary
from diary.views.log_day import day_heading

from . import apptest_support
from .apptest_support import open_app
from .clock_support import UNPINNED_TODAY

app_diary = apptest_support.app_diary

ROOT = Path(__file__).resolve().parent.parent
THE_DAY = dt.date(2025, 3, 4)  # a Tuesday in the past, far from the real today

# The local date or time asked of the system. UTC readings are not "today" and may stay
# where they are used: the future-date limit (a day begun anywhere) and a certificate's expiry.
ASKS_THE_CLOCK = re.compile(r"\bdate\.today\(|\bdatetime\.now\(\)")


def test_the_clock_is_the_local_date_and_time_to_the_second() -> None:
    before = dt.date.today()
    now = clock.now()
    assert now.tzinfo is not None and now.microsecond == 0
    assert abs(now - dt.datetime.now().astimezone()) < dt.timedelta(seconds=5)
    assert UNPINNED_TODAY() in {before, dt.date.today()}  # the clock's own today (the tests pin it)


def test_nothing_else_asks_the_system_for_today_or_the_local_time() -> None:
    files = [*(ROOT / "diary").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "streamlit_app.py"]
    asking = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        if path != ROOT / "diary" / "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ASKS_THE_CLOCK.search(line)
    ]
    assert asking == []


def test_the_log_page_and_the_command_line_take_the_day_from_the_clock(
    app_diary: Diary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("diary.clock.today", lambda: THE_DAY)
    at = open_app("pages/log.py")
    assert f"**{day_heading(THE_DAY, THE_DAY)}**" in [m.value for m in at.markdown]

    data = tmp_path / "diary.csv"
    assert cli.main(["add", "--pain", "4", "--data", str(data)]) == 0  # no --date: the clock's morning
    assert [e.date for e in open_diary(data).entries()] == [THE_DAY]
