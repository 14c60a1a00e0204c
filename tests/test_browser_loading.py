"""The first page loads first, in a real Chromium: the other pages' browser code waits until it has.

``pages/_browser.py`` has the browser fetch the code of the other pages
(the table, the charts, Vega) ahead of their first visit. A page counts as
loaded once its network has been quiet for half a second (the browser's own
"network idle", which page-load tools wait for), so that fetching waits past
it: started any sooner, it would keep the first page "loading" for seconds.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from pages._browser import later_parts

from .browser_support import PAGES, SCREENS, WAIT_MS, Dashboard, settle

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def test_the_other_pages_code_is_fetched_once_the_first_page_has_loaded(
    headless: Browser, sample_server: Dashboard
) -> None:
    parts = set(later_parts())  # the table's, the chart's, Vega's … (the first page draws none of them)
    context = headless.new_context(**SCREENS["laptop"])  # type: ignore[arg-type]
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url.rsplit("/", 1)[-1]))

    page.goto(sample_server.url, wait_until="networkidle")
    early = parts.intersection(asked)
    settle(page, PAGES["Log"])
    assert not early, f"fetched before the first page had loaded: {sorted(early)}"

    deadline = time.monotonic() + WAIT_MS / 1000
    while not parts <= set(asked) and time.monotonic() < deadline:  # and then, each in a quiet moment
        page.wait_for_timeout(100)
    assert parts <= set(asked), f"never fetched: {sorted(parts - set(asked))}"
    context.close()
