"""The Experiments page on phones (390×844 and 360 px wide), in a real Chromium: a plan's calendar fits.

Its table once ran 67 px off a phone's screen, its pair column out of sight.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from diary.views.experiments_words import CALENDAR_HEADINGS, PLAN_CALENDAR

from .browser_support import Dashboard, page_on, sideways, visit

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


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
    off = sideways(page, '[data-testid="stExpander"]')
    assert off <= 1, f"the calendar runs {off} px off the screen"
    page.context.close()
