"""The Experiments page on phones (390×844 and 360 px wide), in a real Chromium: a plan's calendar fits.

Its table once ran 67 px off a phone's screen, its pair column out of sight.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from diary.views.experiments_words import CALENDAR_HEADINGS, PLAN_CALENDAR

from .browser_support import Dashboard, page_on, visit

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

_WIDTHS = """() => {
    const grid = document.querySelector('[data-testid="stExpander"] [data-testid="stDataFrame"] .dvn-scroller');
    return grid === null ? null : [grid.scrollWidth, grid.clientWidth];
}"""


@pytest.mark.parametrize("width", [390, 360])
def test_on_a_phone_the_plans_calendar_fits_the_screen(
    headless: Browser, sample_server: Dashboard, width: int
) -> None:
    page = page_on(headless, sample_server.url, "phone", width=width)
    visit(page, "Experiments")
    page.get_by_text(PLAN_CALENDAR, exact=True).click()
    table = page.get_by_test_id("stExpander").get_by_test_id("stDataFrame")
    header = table.get_by_role("columnheader", include_hidden=True)
    header.first.wait_for(state="attached")
    assert header.all_inner_texts() == list(CALENDAR_HEADINGS.values())
    page.wait_for_function(f"({_WIDTHS})() !== null")
    scroll, client = page.evaluate(_WIDTHS)
    assert scroll - client <= 1, f"the calendar runs {scroll - client} px off the screen"
    page.context.close()
