"""The first page loads first, in a real Chromium: the other pages' browser code waits until it has.

``pages/_browser.py`` has the browser fetch the code of the other pages
(the table, the charts, Vega) ahead of their first visit. A page counts as
loaded once its network has been quiet for half a second (the browser's own
"network idle", which page-load tools wait for), so that fetching waits past
it: started any sooner, it would keep the first page "loading" for seconds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from pages._browser import QUIET_NETWORK_MS, later_parts

from .browser_support import WAIT_MS, Dashboard, page_on

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


_TIMES = """(parts) => {
    // The browser's own record: when each later part was asked for, and when each other response came in.
    const entries = performance.getEntriesByType('resource');
    const name = (entry) => entry.name.split('/').pop();
    return {
        later: entries.filter((e) => parts.includes(name(e))).map((e) => [name(e), e.startTime]),
        others: entries.filter((e) => !parts.includes(name(e))).map((e) => [name(e), e.responseEnd]),
    };
}"""


def test_the_other_pages_code_is_fetched_once_the_first_page_has_loaded(
    headless: Browser, sample_server: Dashboard
) -> None:
    parts = sorted(later_parts())  # the table's, the chart's, Vega's … (the first page draws none of them)
    page = page_on(headless, sample_server.url, "laptop")  # a new context: nothing loaded yet

    # Each is fetched, in a quiet moment, once the page has loaded …
    page.wait_for_function(f"({_TIMES})({parts!r}).later.length === {len(parts)}", timeout=WAIT_MS)
    times = page.evaluate(_TIMES, parts)
    first_name, first_asked = min(times["later"], key=lambda entry: entry[1])
    # … and not before: half a second after the first page's last response had come in, by the browser's clock.
    before = [(name, end) for name, end in times["others"] if end <= first_asked]
    last_name, last_end = max(before, key=lambda entry: entry[1])
    assert first_asked - last_end >= QUIET_NETWORK_MS - 1, (
        f"{first_name} asked for {first_asked - last_end:.0f} ms after {last_name} came in"
    )
    page.context.close()
