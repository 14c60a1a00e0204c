"""The view tabs of Trends and Factors on a phone: a tab chosen stays in view in its row.

At 390 px the tabs do not fit one row: the row scrolls sideways, and the
person scrolls it to reach the last views. Choosing one must leave the row
where it was, the chosen tab in sight, not jump back to the first tabs; and
the page opened again on the view chosen last shows that view's tab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .browser_support import PAGES, Dashboard, choose_tab, page_on, visit

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

VIEW_TABS = {"Trends": "trends_view", "Factors": "factors_view"}

_CHOSEN_IN_ROW = """(key) => {
    const row = document.querySelector(`.st-key-${key} [role="tablist"]`);
    const chosen = row && row.querySelector('[role="tab"][aria-selected="true"]');
    if (!chosen) return null;
    const [r, c] = [row.getBoundingClientRect(), chosen.getBoundingClientRect()];
    return {row: [Math.round(r.left), Math.round(r.right)], chosen: [Math.round(c.left), Math.round(c.right)],
            scrolls: row.scrollWidth > row.clientWidth, inside: c.left >= r.left - 1 && c.right <= r.right + 1};
}"""


@pytest.mark.parametrize("name", list(VIEW_TABS))
def test_on_a_phone_the_chosen_tab_stays_in_view_in_its_row(
    headless: Browser, sample_server: Dashboard, name: str
) -> None:
    page = page_on(headless, sample_server.url, "phone")
    visit(page, name)
    key = VIEW_TABS[name]
    labels = [label.strip() for label in page.locator(f".st-key-{key}").get_by_role("tab").all_inner_texts()]
    assert page.evaluate(_CHOSEN_IN_ROW, key)["scrolls"], "the tabs fit the row: nothing to check"
    for label in labels[1:]:  # each in turn, the row scrolled on to reach it
        choose_tab(page, key, label, PAGES[name])
        page.wait_for_timeout(1000)  # any scrolling of the row (Streamlit's is smooth) is over
        where = page.evaluate(_CHOSEN_IN_ROW, key)
        assert where["inside"], f"{name}: {label!r} chosen, then out of sight in its row: {where}"
    visit(page, "History")  # and back: the page opens on the view chosen last, its tab in sight
    visit(page, name)
    page.wait_for_timeout(1000)
    where = page.evaluate(_CHOSEN_IN_ROW, key)
    assert where["inside"], f"{name} opened again on {labels[-1]!r}, out of sight in its row: {where}"
    page.context.close()
