"""Moving between pages: by keyboard, on a laptop and on a phone (a Bluetooth keyboard, switch access),
and by the menu on a narrow screen.

- First comes Streamlit's "Skip to main content", then the way to the other pages:
  the sidebar's links on a laptop, the "Expand sidebar" button on a phone,
  whose closed sidebar keeps its links out of the Tab order (once opened, its
  links come right before the page).
- Headings are not links (no "Link to heading" stop before every section).
- On a narrow screen the sidebar lies over the page: once a page is chosen it
  closes, whatever the browser says it is (Streamlit itself closes it only
  for a phone's user agent); on a laptop it stays beside the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from .browser_support import (
    PAGES,
    SCREENS,
    WAIT_MS,
    Dashboard,
    Screen,
    dashboard,
    page_on,
    require_browser,
    settle,
    tap_taken,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

FOCUSED = """() => {
    const element = document.activeElement;
    const holder = element?.closest('[data-testid]');
    return [holder ? holder.dataset.testid : '', (element?.getAttribute('aria-label') || element?.innerText || '').trim()];
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    require_browser()
    with dashboard(tmp_path_factory.mktemp("keyboard") / "diary.sqlite3") as running:
        yield running


def fresh_page(headless: Browser, server: Dashboard, screen: str, name: str = "Trends") -> Page:
    """A page loaded by its address, as after a bookmark: the focus starts at the top of the document."""
    page = page_on(headless, server.url, screen, path=name.lower())
    if screen == "phone":  # the sidebar starts closed there: wait until it has slid away
        page.wait_for_function(
            "() => getComputedStyle(document.querySelector('[data-testid=\"stSidebar\"]')).visibility === 'hidden'"
        )
    return page


def tab(page: Page, times: int = 1) -> list[tuple[str, str]]:
    """Press Tab ``times`` times; what has the focus after each press (its test id and its name)."""
    stops = []
    for _ in range(times):
        page.keyboard.press("Tab")
        test_id, name = page.evaluate(FOCUSED)
        stops.append((test_id, name))
    return stops


def test_on_a_laptop_the_pages_are_the_first_stops_after_skip_to_content(
    headless: Browser, server: Dashboard
) -> None:
    page = fresh_page(headless, server, "laptop")
    stops = tab(page, 1 + len(PAGES))
    assert stops[0] == ("stSkipToContent", "Skip to main content")
    assert [name.split()[-1] for test_id, name in stops[1:] if test_id == "stSidebarNavLink"] == list(PAGES)
    # The link with the focus is outlined, plainly more than the tint of the page it is on.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.context.close()


def test_on_a_phone_the_closed_sidebar_is_one_stop_and_opens_with_enter(
    headless: Browser, server: Dashboard
) -> None:
    page = fresh_page(headless, server, "phone")
    stops = tab(page, 3)
    assert stops[0] == ("stSkipToContent", "Skip to main content")
    assert stops[1] == ("stExpandSidebarButton", "Expand sidebar")
    assert stops[2][0] == "stMain"  # then the page: none of the links nobody can see in between
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # on "Expand sidebar"
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('[data-testid=\"stSidebar\"]')).visibility === 'visible'"
    )
    # Open, its links are in the Tab order again, right before the page (Shift+Tab from the page).
    page.get_by_test_id("stMain").focus()
    stops = []
    for _ in range(len(PAGES)):
        page.keyboard.press("Shift+Tab")
        stops.append(tuple(page.evaluate(FOCUSED)))
    assert [name.split()[-1] for _, name in stops] == list(reversed(PAGES)), stops
    page.context.close()


def test_headings_are_not_tab_stops(headless: Browser, server: Dashboard) -> None:
    page = fresh_page(headless, server, "laptop", "Experiments")
    stops = tab(page, 30)
    assert not [name for _, name in stops if name == "Link to heading"], stops
    page.context.close()


NARROW: dict[str, Screen] = {
    "phone": SCREENS["phone"],
    "narrow window": {"viewport": {"width": 390, "height": 844}},  # a laptop's browser made narrow
    "tablet": {"viewport": {"width": 700, "height": 1000}},  # or a phone asking for the desktop site
}

_UNDER_A_FINGER = """(testId) => {
    // What a tap on the left of the screen, halfway down, would touch lies in the element ``testId``.
    const touched = document.elementFromPoint(window.innerWidth / 4, window.innerHeight / 2);
    return touched !== null && touched.closest(`[data-testid="${testId}"]`) !== null;
}"""


def choose_page(page: Page, name: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=re.compile(rf"\b{name}$")).click()
    settle(page, PAGES[name])


@pytest.mark.parametrize("screen", list(NARROW))
def test_on_a_narrow_screen_the_menu_closes_once_a_page_is_chosen(
    headless: Browser, server: Dashboard, screen: str
) -> None:
    context = headless.new_context(**NARROW[screen])
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(f"{server.url}/trends")
    settle(page, PAGES["Trends"])
    sidebar = page.get_by_test_id("stSidebar")
    for name in ("History", "Settings"):
        page.get_by_test_id("stExpandSidebarButton").click()
        page.wait_for_function(_UNDER_A_FINGER, arg="stSidebar")  # the open menu lies over the page
        choose_page(page, name)
        page.wait_for_function(_UNDER_A_FINGER, arg="stMain")  # then the page chosen, not the menu
        assert sidebar.get_attribute("data-collapsed") == "true", screen
    context.close()


def test_on_a_laptop_the_sidebar_stays_beside_the_page(headless: Browser, server: Dashboard) -> None:
    page = fresh_page(headless, server, "laptop")
    choose_page(page, "History")
    page.wait_for_timeout(300)  # as long as a narrow screen's menu would take to close
    assert page.get_by_test_id("stSidebar").get_attribute("data-collapsed") == "false"
    assert page.get_by_test_id("stSidebarNav").is_visible()
    page.context.close()


PAIN_CHOSEN = (
    "() => document.querySelector('.st-key-pain [role=radio][aria-checked=true]')?.innerText ?? null"
)


def test_the_arrow_keys_choose_in_the_pain_scale_as_in_any_radio_group(
    headless: Browser, server: Dashboard
) -> None:
    """Space or Enter only, and Save would keep the old answer under a focus ring on another number."""
    page = page_on(headless, server.url, "phone", path="")
    settle(page, PAGES["Log"])
    three = page.locator(".st-key-pain").get_by_role("radio", name="3", exact=True)
    three.click()
    page.wait_for_function(f"() => ({PAIN_CHOSEN})() === '3'")
    three.focus()
    for key, chosen in (("ArrowRight", "4"), ("ArrowRight", "5"), ("ArrowLeft", "4")):
        page.keyboard.press(key)  # a screen reader says each number before the next key
        page.wait_for_function(f"() => ({PAIN_CHOSEN})() === '{chosen}'", timeout=WAIT_MS)
        tap_taken(page, PAGES["Log"])
        assert page.evaluate(PAIN_CHOSEN) == chosen
    page.context.close()
