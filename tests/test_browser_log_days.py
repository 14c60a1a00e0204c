"""Editing past mornings one after another in a real Chromium keeps each morning's own answers.

A browser does not always take a newly opened morning's values into a select box
or a row of buttons at once, and the next tap can carry the previous morning's
answers with it. The Log page puts those back (``pages._log_state.undo_stale``);
without that, about one run in two saved a mattress, position or pillow from the
morning before over the one being edited.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from diary.entry import parse_entry
from diary.storage import open_diary
from diary.views.form import save_label

from .apptest_support import TODAY, days_ago
from .browser_support import chromium, dashboard, require_browser, settle

pytestmark = pytest.mark.browser

ODD = ("back", "Foam", "low", "22:00", True)
EVEN = ("side", "Sofa", "high", "23:30", False)


def _answers(n: int) -> tuple[str, str, str, str, bool]:
    """The morning ``n`` days ago: its position, mattress, pillow, bed time and alcohol alternate."""
    return ODD if n % 2 else EVEN


def test_editing_mornings_in_a_row_keeps_each_mornings_own_answers(tmp_path: Path) -> None:
    require_browser()
    data = tmp_path / "diary.sqlite3"
    diary = open_diary(data)
    for n in range(1, 12):
        position, mattress, pillow, bedtime, alcohol = _answers(n)
        values = {"position": position, "mattress": mattress, "pillow": pillow, "bedtime": bedtime}
        diary.add(parse_entry({"date": days_ago(n), "pain": 3, "alcohol": alcohol, **values}))
    diary.close()
    (tmp_path / "settings.json").write_text(json.dumps({"emergency_number": "999"}), encoding="utf-8")
    with dashboard(data) as server, chromium(tmp_path / "chromium") as context:
        page = context.new_page()
        page.goto(server.url)
        settle(page, "Log a morning")
        for n in range(10, 0, -1):  # open each morning by its typed date, tap a new pain, save
            day = days_ago(n)
            box = page.locator(".st-key-date_typed input")
            box.fill(day.isoformat())
            box.press("Enter")
            save = page.locator(".st-key-save")
            opened = save.get_by_role("button", name=save_label(day, TODAY, editing=True))
            expect(opened).to_be_visible(timeout=30_000)
            settle(page, "Log a morning")
            tap = page.locator(".st-key-pain").get_by_role("radio", name="6", exact=True)
            tap.click()
            expect(tap).to_be_checked(timeout=30_000)
            settle(page, "Log a morning")
            save.get_by_role("button").click()
            page.locator(".st-key-after_save").wait_for()
            settle(page, "Log a morning")
    saved = open_diary(data).entries()
    assert [e.pain for e in saved[-10:]] == [6] * 10  # every tap was saved
    for entry in saved:
        n = (TODAY - entry.date).days
        kept = (entry.position, entry.mattress, entry.pillow, f"{entry.bedtime:%H:%M}", entry.alcohol)
        assert kept == _answers(n), f"{entry.date}: {kept}"
