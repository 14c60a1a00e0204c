"""The History table in a real Chromium, on a phone (390×844, a phone's browser) and a laptop.

- On a phone the table opens with the morning's columns, and each part of
  the log (morning, night, day before) fits the screen: nothing runs off it
  sideways. So it does in a window as narrow, whatever the browser calls itself. Every column is one tap away, and then the date stays in view.
- On a laptop it opens with every column.
- A tap on any cell of a row picks that row's day for correcting or deleting
  (no column of check boxes before the date, which a phone cannot spare).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from diary.sample import sample_entries
from diary.views.history import COLUMN_SETS, HISTORY_HEADINGS
from diary.views.history_words import COLUMN_SET_LABELS

from .browser_support import (
    PAGES,
    Dashboard,
    page_on,
    settle,
    sideways,
    visit,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


def history_on(headless: Browser, server: Dashboard, screen: str, width: int | None = None) -> Page:
    page = page_on(headless, server.url, screen, width=width)
    visit(page, "History")
    return page


def headings(page: Page) -> list[str]:
    """The headings of the columns on screen, from the hidden table the grid keeps for screen readers."""
    header = page.get_by_test_id("stDataFrame").get_by_role("columnheader", include_hidden=True)
    header.first.wait_for(state="attached")
    return header.all_inner_texts()


def choose_columns(page: Page, chosen: str) -> None:
    """Tap a column set, and wait until it is the one chosen and the table holds its columns, the first in view."""
    choices = page.locator(".st-key-history_columns")
    choices.get_by_text(COLUMN_SET_LABELS[chosen], exact=True).click()
    wanted = [HISTORY_HEADINGS[name] for name in COLUMN_SETS[chosen]]
    page.wait_for_function(
        """([label, wanted]) => {
            const chosen = document.querySelector(
                '.st-key-history_columns button[aria-checked="true"], .st-key-history_columns button[aria-pressed="true"]'
            );
            const grid = document.querySelector('[data-testid="stDataFrame"] [role="grid"]');
            const cells = document.querySelectorAll('[data-testid="stDataFrame"] [role="columnheader"]');
            const shown = [...cells].map((cell) => cell.innerText);
            // The column count too: the morning's set and every column begin with the same headings.
            return chosen?.innerText.trim() === label && grid?.getAttribute('aria-colcount') === String(wanted.length)
                && shown.length > 0 && shown.every((heading, i) => heading === wanted[i]);
        }""",
        arg=[COLUMN_SET_LABELS[chosen], wanted],
    )
    settle(page, PAGES["History"])


@pytest.mark.parametrize(
    ("screen", "width"),
    [("phone", None), ("narrow", None), ("phone", 360)],
    ids=["phone", "narrow", "phone-360"],
)
def test_on_a_phone_each_part_of_the_log_fits_the_screen(
    headless: Browser, sample_server: Dashboard, screen: str, width: int | None
) -> None:
    """At 390 px, and at 360 px (many Android phones), where the last column ran 14 px off the screen."""
    page = history_on(headless, sample_server, screen, width)
    assert headings(page) == [HISTORY_HEADINGS[name] for name in COLUMN_SETS["morning"]]
    assert sideways(page) <= 1
    for part in ("night", "day_before", "morning"):
        choose_columns(page, part)
        assert sideways(page) <= 1, part
    choose_columns(page, "all")
    assert sideways(page) > 0  # every column: the table scrolls, its date column pinned in view
    page.context.close()


def test_on_a_laptop_every_column_is_shown(headless: Browser, sample_server: Dashboard) -> None:
    page = history_on(headless, sample_server, "laptop")
    shown = headings(page)  # the grid keeps only the columns on screen in its hidden table
    assert len(shown) > len(COLUMN_SETS["morning"])
    assert shown == [HISTORY_HEADINGS[name] for name in COLUMN_SETS["all"]][: len(shown)]
    page.context.close()


ROW_PX = 35
"""The grid's rows, and its heading row (``pages/history.py`` sizes the table by them)."""


def tap_row(page: Page, row: int) -> None:
    """Tap a cell of the table's ``row`` (1: the newest), right of the date (the grid's scroller takes it)."""
    box = page.get_by_test_id("stDataFrame").locator("canvas").first.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + ROW_PX * (row + 0.5))


@pytest.mark.parametrize("screen", ["phone", "laptop"])
def test_a_tap_on_a_cell_picks_its_rows_day(headless: Browser, sample_server: Dashboard, screen: str) -> None:
    page = history_on(headless, sample_server, screen)
    day = page.locator(".st-key-history_day input")
    tap_row(page, 3)
    expected = sorted(e.date for e in sample_entries())[-3].isoformat()  # the table's third row, newest first
    page.wait_for_function(
        "([selector, value]) => document.querySelector(selector)?.value === value",
        arg=[".st-key-history_day input", expected],
    )
    assert day.input_value() == expected
    page.context.close()


_TOOLS_SHOWN = """() => {
    const tools = document.querySelector('[data-testid="stDataFrame"] [data-testid="stElementToolbar"]');
    return tools !== null && getComputedStyle(tools).opacity === '1';
}"""

_UNDER_THE_FINGER = """() => [...document.querySelectorAll(
    '.st-key-history_columns button[aria-checked], .st-key-history_columns button[aria-pressed]'
)].map((button) => {
    const box = button.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return [button.innerText.trim(), button.contains(hit)];
})"""


def test_on_a_phone_the_tables_tools_leave_the_column_choice_free(
    headless: Browser, sample_server: Dashboard
) -> None:
    """Touched, the table shows its tools above itself: every column set can still be tapped, "All" too."""
    page = history_on(headless, sample_server, "phone")
    tap_row(page, 1)
    page.wait_for_function(_TOOLS_SHOWN)
    reachable = dict(page.evaluate(_UNDER_THE_FINGER))
    assert reachable == dict.fromkeys(COLUMN_SET_LABELS.values(), True)
    choose_columns(page, "all")  # Playwright clicks only a target nothing else lies over
    page.context.close()


def test_on_a_phone_the_question_before_a_delete_is_scrolled_into_view(
    headless: Browser, sample_server: Dashboard
) -> None:
    """Delete… is at the foot of a phone's first screen: its question and answers came below it, unseen.

    Nothing is deleted: the answer given is "No, keep it".
    """
    page = history_on(headless, sample_server, "phone")
    page.locator(".st-key-history_delete button").click()
    keep = page.locator(".st-key-history_cancel_delete button")
    keep.wait_for()
    settle(page, PAGES["History"])
    page.wait_for_function(
        """() => [...document.querySelectorAll('.st-key-history_confirm_delete button, .st-key-history_cancel_delete button')]
            .every((b) => { const r = b.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })"""
    )
    keep.click()
    keep.wait_for(state="detached")
    page.context.close()
