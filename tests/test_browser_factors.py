"""The Factors page in a real Chromium: what is drawn only when asked for.

- of the page's views (tabs), only the chosen one's charts are sent and
  drawn; choosing another tab draws its view, and within "Day by day, per
  level" only the chosen factor's chart; the view chosen is kept when the
  person comes back from another page;
- "The numbers" holds no table until it is opened, and then shows it; on a
  phone (or as narrow a window) the table fits the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .browser_support import SCREENS, Dashboard, choose_tab, settle, visit

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def url(sample_server: Dashboard) -> str:
    """``pain-diary run`` on the sample diary: its address."""
    return sample_server.url


def test_only_the_chosen_view_and_an_opened_fold_are_drawn(url: str, browser: BrowserContext) -> None:
    page = browser.new_page()
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(url)
    settle(page, "Log a morning")
    visit(page, "Factors")
    main = page.get_by_test_id("stMain")
    views = page.locator(".st-key-factors_view")
    assert main.get_by_test_id("stVegaLiteChart").count() == 1  # the adjusted effects, not one per view
    assert views.get_by_test_id("stVegaLiteChart").first.is_visible()

    choose_tab(page, "factors_view", "Day by day, per level", "Factors")
    assert main.get_by_test_id("stVegaLiteChart").count() == 1  # the first factor's distribution, and only it
    assert "soft mattress" in views.inner_text()  # its takeaway
    page.locator(".st-key-factors_levels").get_by_text("Sleep position", exact=True).click()
    page.wait_for_function(
        "() => document.querySelector('.st-key-factors_view').innerText.includes('stomach')"
    )
    settle(page, "Factors")
    assert main.get_by_test_id("stVegaLiteChart").count() == 1
    assert views.get_by_test_id("stVegaLiteChart").first.is_visible()

    # The view chosen is the one found on coming back.
    visit(page, "Trends")
    visit(page, "Factors")
    chosen = views.get_by_role("tab", name="Day by day, per level", exact=True)
    assert chosen.get_attribute("aria-selected") == "true"
    assert "soft mattress" in views.inner_text()

    numbers = page.locator(".st-key-factors_numbers")
    assert numbers.get_by_test_id("stDataFrame").count() == 0  # folded: the table is not even sent
    numbers.locator("summary").click()
    numbers.get_by_test_id("stDataFrame").wait_for()
    settle(page, "Factors")
    assert "Estimates are in points" in numbers.inner_text()
    page.close()


_NUMBERS_WIDTHS = """() => {
    const grid = document.querySelector('.st-key-factors_numbers [data-testid="stDataFrame"] .dvn-scroller');
    return grid === null ? null : [grid.scrollWidth, grid.clientWidth];
}"""


def test_in_a_window_as_narrow_as_a_phone_the_numbers_fit(url: str, browser: BrowserContext) -> None:
    """390 px wide (a phone's user agent is told apart too: ``narrow_screen``): no column runs off the screen."""
    page = browser.new_page()
    page.set_viewport_size(SCREENS["narrow"]["viewport"])
    page.goto(url)
    settle(page, "Log a morning")
    visit(page, "Factors")
    numbers = page.locator(".st-key-factors_numbers")
    numbers.locator("summary").click()
    numbers.get_by_test_id("stDataFrame").wait_for()
    settle(page, "Factors")
    widths = page.evaluate(_NUMBERS_WIDTHS)
    assert widths is not None, "no table in the numbers"
    assert widths[0] - widths[1] <= 1, widths  # nothing runs off to the right
    assert "A wider screen adds the verdict" in numbers.inner_text()
    page.close()
