"""The Log and History pages in a real Chromium against a real server: what AppTest cannot show.

- a fresh server whose first request is a page address (a bookmark, a restored
  tab) still shows the app's own navigation and sidebar;
- a morning logged by clicks, with a mattress name typed as a new option.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from diary.entry import parse_entry
from diary.storage import open_diary

from .apptest_support import TODAY, days_ago
from .browser_support import dashboard, require_browser, tap_taken

if TYPE_CHECKING:
    pass

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``pain-diary run`` on a diary holding yesterday's morning; its address and the diary path."""
    require_browser()
    folder = tmp_path_factory.mktemp("browser")
    data = folder / "diary.sqlite3"
    diary = open_diary(data)
    diary.add(parse_entry({"date": days_ago(1), "pain": 4, "mattress": "Foam", "firmness": "medium-firm"}))
    diary.close()
    with dashboard(data) as running:
        yield running.url, data


def test_a_page_address_as_the_first_request_gets_the_app_navigation(server, browser) -> None:
    url, data = server
    page = browser.new_page()
    page.goto(f"{url}/history")  # the server's very first page request
    page.get_by_role("heading", name="History").wait_for(timeout=30_000)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(f"Diary: SQLite database {data}").wait_for(timeout=30_000)
    assert sidebar.get_by_text("Settings", exact=True).count() == 1  # not the icon's own name, "settings"
    assert sidebar.get_by_text("shared").count() == 0  # not the old-style menu of every file in pages/
    page.close()


def test_log_a_morning_by_clicks_with_a_new_mattress_typed_in(server, browser) -> None:
    url, data = server
    page = browser.new_page()
    page.set_viewport_size({"width": 1300, "height": 2400})
    page.goto(url)
    page.get_by_role("heading", name="Log a morning").wait_for(timeout=30_000)

    # Each answer is given once the page shows the one before, as a person sees each tap take:
    # on a busy machine a run still drawing the form would otherwise show (and send back) the
    # answers as they were before the latest tap.
    page.locator(".st-key-pain").get_by_text("6", exact=True).click()
    tap_taken(page, "Log a morning")
    page.locator(".st-key-section_night summary").click()  # last night is folded
    mattress = page.locator(".st-key-mattress input")
    mattress.click()
    mattress.fill("Hotel bed")
    mattress.press("Enter")
    expect(mattress).to_have_value("Hotel bed")
    tap_taken(page, "Log a morning")
    page.locator(".st-key-firmness").click()
    page.get_by_role("option", name="firm", exact=True).click()
    expect(page.locator(".st-key-firmness input")).to_have_value("firm")
    tap_taken(page, "Log a morning")
    page.get_by_role("button", name="Save this morning").click()
    page.get_by_text("Added a new entry for").first.wait_for(timeout=30_000)

    saved = open_diary(data).get(TODAY)
    assert saved is not None
    assert (saved.pain, saved.mattress, saved.firmness) == (6, "Hotel bed", "firm")
    page.close()
