"""The Factors page in a real Chromium: what is drawn only when asked for.

- of the "Day by day, per level" tabs, only the chosen one's chart is sent
  and drawn; choosing another tab draws its chart;
- "The numbers" holds no table until it is opened, and then shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from diary.sample import load_sample
from diary.storage import open_diary

from .browser_support import dashboard, require_browser, settle, visit

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``pain-diary run`` on the sample diary."""
    require_browser()
    data = tmp_path_factory.mktemp("factors") / "diary.sqlite3"
    diary = open_diary(data)
    load_sample(diary)
    diary.close()
    with dashboard(data) as running:
        yield running.url


def test_only_the_chosen_tab_and_an_opened_fold_are_drawn(url: str, browser: BrowserContext) -> None:
    page = browser.new_page()
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(url)
    settle(page, "Log a morning")
    visit(page, "Factors")
    tabs = page.locator(".st-key-factors_levels")
    assert tabs.get_by_test_id("stVegaLiteChart").count() == 1  # not one per tab
    assert "soft mattress" in tabs.inner_text()  # the first tab's takeaway

    tabs.get_by_role("tab", name="Sleep position").click()
    page.wait_for_function(
        "() => document.querySelector('.st-key-factors_levels').innerText.includes('stomach')"
    )
    settle(page, "Factors")
    assert tabs.get_by_test_id("stVegaLiteChart").count() == 1
    assert tabs.get_by_test_id("stVegaLiteChart").first.is_visible()

    numbers = page.locator(".st-key-factors_numbers")
    assert numbers.get_by_test_id("stDataFrame").count() == 0  # folded: the table is not even sent
    numbers.locator("summary").click()
    numbers.get_by_test_id("stDataFrame").wait_for()
    settle(page, "Factors")
    assert "Estimates are in points" in numbers.inner_text()
    page.close()
