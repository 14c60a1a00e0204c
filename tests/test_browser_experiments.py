"""The Experiments page on phones (390×844 and 360 px wide), in a real Chromium: a plan's calendar fits.

Its table once ran 67 px off a phone's screen, its pair column out of sight.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from diary.views.experiments_words import CALENDAR_HEADINGS, PLAN_CALENDAR

from .browser_support import (
    PAGES,
    SCREENS,
    WAIT_MS,
    Dashboard,
    require_browser,
    sample_dashboard,
    settle,
    visit,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

_WIDTHS = """() => {
    const grid = document.querySelector('[data-testid="stExpander"] [data-testid="stDataFrame"] .dvn-scroller');
    return grid === null ? null : [grid.scrollWidth, grid.clientWidth];
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    require_browser()
    with sample_dashboard(tmp_path_factory.mktemp("experiments")) as running:
        yield running


@pytest.mark.parametrize("width", [390, 360])
def test_on_a_phone_the_plans_calendar_fits_the_screen(
    headless: Browser, server: Dashboard, width: int
) -> None:
    phone = {**SCREENS["phone"], "viewport": {"width": width, "height": 800}}
    context = headless.new_context(**phone)  # type: ignore[arg-type]
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(server.url)
    settle(page, PAGES["Log"])
    visit(page, "Experiments")
    page.get_by_text(PLAN_CALENDAR, exact=True).click()
    table = page.get_by_test_id("stExpander").get_by_test_id("stDataFrame")
    header = table.get_by_role("columnheader", include_hidden=True)
    header.first.wait_for(state="attached")
    assert header.all_inner_texts() == list(CALENDAR_HEADINGS.values())
    page.wait_for_function(f"({_WIDTHS})() !== null")
    scroll, client = page.evaluate(_WIDTHS)
    assert scroll - client <= 1, f"the calendar runs {scroll - client} px off the screen"
    context.close()
