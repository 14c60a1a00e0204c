"""In Chromium, on a phone and a laptop: a night kept aside by an import is offered without pushing pain and Save away."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from diary.sources import KeptNight, SourceDay, kept_night
from diary.storage import open_diary

from .apptest_support import TODAY
from .browser_support import dashboard, photograph, require_browser, returning_user_diary
from .test_browser_log_phone import (
    MISSING,
    SHOTS,
    SIZES,
    in_view,
    name,
    open_log,
    pain,
    pain_and_save_on_the_first_screen,
    wait,
)

if TYPE_CHECKING:
    pass

pytestmark = pytest.mark.browser

WATCH = {"bedtime": dt.time(23, 40), "wake_time": dt.time(6, 55), "sleep_latency_min": 15}


@pytest.fixture(scope="module")
def with_night(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A returning user's diary with last night imported from a watch and this morning not logged yet."""
    require_browser()
    data = returning_user_diary(tmp_path_factory.mktemp("kept"), missing=MISSING, number="999")
    diary = open_diary(data)
    night = KeptNight.from_day(
        SourceDay(TODAY, WATCH, "sleep records 1–4", "your watch"), "apple-health", "export.zip"
    )
    diary.change_records("night", {night.key: night.to_record()})
    diary.close()
    with dashboard(data) as running:
        yield running.url, data


@SIZES
def test_the_offer_leaves_pain_and_save_on_the_first_screen(with_night, browser, size) -> None:
    url, _ = with_night
    page = open_log(browser, url, size)
    pain_and_save_on_the_first_screen(page)
    offer = page.locator(".st-key-kept_night")
    offer.scroll_into_view_if_needed()
    assert "From your watch: in bed 23:40–06:55, fell asleep in 15 min" in offer.inner_text()
    photograph(page, SHOTS / f"kept-night-{name(size)}.png")
    page.close()


def test_one_tap_uses_it_and_saving_keeps_it(with_night, browser) -> None:
    url, data = with_night
    page = open_log(browser, url, {"width": 390, "height": 844})
    button = page.locator(".st-key-use_kept_night button")
    button.scroll_into_view_if_needed()
    button.click()
    page.wait_for_function("(b) => b.disabled", arg=button.element_handle())
    pain(page, 4)
    page.locator(".st-key-save button").click()
    page.wait_for_function("() => !document.querySelector('.st-key-kept_night')")
    diary = open_diary(data)
    try:
        saved = diary.get(TODAY)
        assert saved is not None and (saved.pain, saved.bedtime, saved.sleep_latency_min) == (
            4,
            dt.time(23, 40),
            15,
        )
        assert kept_night(diary, TODAY) is None
    finally:
        diary.close()
    page.get_by_text("Added a new entry for").first.wait_for()
    wait(page)  # the save's rerun over: the page as it stays, not one still being drawn
    assert in_view(page.locator(".st-key-save button"))
    page.close()
