"""A date that is today somewhere on Earth is not in the future.

Clocks on Earth run from UTC−12 to UTC+14: a diary kept in Kiribati's Line
Islands (UTC+14) is a day or two ahead of one kept in Samoa or on Baker
Island. A backup made there must restore on the same day anywhere else, and an
entry for the morning that has come somewhere is never "in the future".
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from diary.entry import check_entry, latest_today, parse_entry
from diary.entry import model as entry_module
from diary.storage import Diary
from diary.views.report.content import report_range

from . import apptest_support
from .apptest_support import open_app
from .clock_support import TODAY
from .test_cli import EXE

app_diary = apptest_support.app_diary

EAST = "Pacific/Kiritimati"  # UTC+14, the first to start a new day
WEST = ("Pacific/Pago_Pago", "Etc/GMT+12")  # UTC−11 and UTC−12 (the last to end it)


@pytest.mark.parametrize(
    ("utc", "latest"),
    [
        ("2025-03-01T00:00:00", "2025-03-01"),
        ("2025-03-01T09:59:59", "2025-03-01"),
        ("2025-03-01T10:00:00", "2025-03-02"),  # midnight in Kiritimati
        ("2025-03-01T23:59:59", "2025-03-02"),
    ],
)
def test_latest_today_is_the_date_at_utc_plus_14(utc: str, latest: str) -> None:
    now = dt.datetime.fromisoformat(utc).replace(tzinfo=dt.UTC)
    assert latest_today(now) == dt.date.fromisoformat(latest)


def test_a_date_that_is_today_somewhere_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    # 10:30 UTC: 00:30 on 2 March in Kiritimati, 23:30 on 28 February in Pago Pago.
    monkeypatch.setattr(entry_module, "_utc_now", lambda: dt.datetime(2025, 3, 1, 10, 30, tzinfo=dt.UTC))
    accepted, problems = check_entry({"date": "2025-03-02", "pain": 3})
    assert accepted is not None and not problems
    refused, problems = check_entry({"date": "2025-03-03", "pain": 3})
    assert refused is None
    message = str(problems[0])
    assert "in the future" in message and "2025-03-02" in message  # says how far dates go now


def cli(zone: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "TZ": zone}
    env.pop("PAIN_DIARY_DATA", None)
    return subprocess.run([EXE, *args], capture_output=True, env=env, timeout=60)


@pytest.mark.skipif(
    not Path("/usr/share/zoneinfo/Pacific/Kiritimati").exists(), reason="needs the tz database"
)
@pytest.mark.parametrize("west", WEST)
@pytest.mark.parametrize("backend", ["sqlite3", "csv"])
def test_a_backup_made_east_of_the_date_line_restores_west_of_it(
    tmp_path: Path, west: str, backend: str
) -> None:
    east_diary = tmp_path / f"east.{backend}"
    # The date there, from the east's own clock: "today" for its diary.
    added = cli(EAST, "add", "--pain", "4", "--notes", "made in Kiribati", "--data", str(east_diary))
    assert added.returncode == 0, added.stderr.decode()
    backup = tmp_path / "backup.csv"
    exported = cli(EAST, "export", "-o", str(backup), "--data", str(east_diary))
    assert exported.returncode == 0, exported.stderr.decode()
    west_diary = tmp_path / f"west.{backend}"
    restored = cli(west, "import", str(backup), "--data", str(west_diary))
    assert restored.returncode == 0, restored.stderr.decode()
    assert "in the future" not in restored.stderr.decode()
    again = cli(west, "export", "--data", str(west_diary))
    assert again.stdout.decode().replace("\r\n", "\n") == backup.read_text(encoding="utf-8").replace(
        "\r\n", "\n"
    )


PAGES = ["pages/log.py", "pages/history.py", "pages/trends.py", "pages/factors.py", "pages/export.py"]


@pytest.mark.parametrize("page", PAGES)
def test_pages_open_with_an_entry_dated_after_the_local_today(app_diary: Diary, page: str) -> None:
    """A backup restored west of the date line holds a day that has not begun here yet."""
    today = TODAY
    for offset in (-3, -1, 0, 1):
        app_diary.add(parse_entry({"date": today + dt.timedelta(days=offset), "pain": 3}, check_future=False))
    at = open_app(page)
    assert not at.exception, [e.value for e in at.exception]


def test_the_report_covers_a_day_that_has_not_begun_here_yet() -> None:
    today = dt.date(2025, 3, 1)
    entries = [
        parse_entry({"date": today + dt.timedelta(days=offset), "pain": 3}, check_future=False)
        for offset in (-2, 0, 1)
    ]
    first, last, chosen = report_range(entries, None, today + dt.timedelta(days=5), today=today)
    assert (first, last) == (entries[0].date, entries[-1].date)
    assert [d.date() for d in chosen["date"]] == [e.date for e in entries]
