"""A short self-experiment end to end in a real Chromium: planned on the Experiments page, logged
night by night on the Log page, and judged.

Sleep position, back (A) or side (B), three pairs of one-night periods starting five mornings ago
(allowed: nothing is logged from then on). Those nights were slept before the plan was drawn, so the
Log page fills nothing in for them: each is logged with the position slept, here the planned one, as
the plan asks. Mornings after sleeping on the back are logged with more pain, so the answer says which
condition went with less pain.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from diary.entry import parse_entry
from diary.storage import open_diary
from diary.trials import schedule
from diary.trials.store import all_trials
from diary.views.experiments_words import PLAN_CHANGED
from diary.views.form import save_label

from .apptest_support import TODAY, days_ago
from .browser_support import ARTIFACTS, dashboard, photograph, require_browser, settle, visit

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

START = days_ago(5)
PAIN = {"back": 7, "side": 2}


def _diary(folder: Path) -> Path:
    """Four weeks of mornings ending the day before the trial, and the emergency number."""
    data = folder / "diary.sqlite3"
    diary = open_diary(data)
    for n in range(6, 34):
        diary.add(
            parse_entry({"date": days_ago(n), "pain": 3 + n % 3, "position": "back", "mattress": "Foam"})
        )
    diary.close()
    (folder / "settings.json").write_text(json.dumps({"emergency_number": "999"}), encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    require_browser()
    data = _diary(tmp_path_factory.mktemp("trial"))
    with dashboard(data) as server:
        yield server.url, data


def _number(page: Page, key: str, value: int) -> None:
    box = page.locator(f".st-key-{key} input")
    box.fill(str(value))
    box.press("Enter")
    settle(page, "Experiments")


def plan_on_the_page(page: Page) -> None:
    visit(page, "Experiments")
    page.locator(".st-key-trial_factor").click()
    page.get_by_role("option", name="Sleep position").click()
    settle(page, "Experiments")
    _number(page, "trial_block_other", 1)
    _number(page, "trial_pairs", 3)
    page.locator(".st-key-trial_b_choice").click()
    page.get_by_role("option", name="side", exact=False).first.click()
    settle(page, "Experiments")
    year = page.locator(".st-key-trial_start [role=spinbutton]").first
    year.click()
    page.keyboard.type(START.strftime("%Y%m%d"))  # year, month and day, segment by segment
    page.keyboard.press("Escape")  # the date is taken when the calendar closes
    page.get_by_role("heading", name="Plan a trial").click()
    settle(page, "Experiments")
    photograph(page, ARTIFACTS / "trial" / "plan.png")
    page.get_by_text("80 % of the time", exact=False).first.wait_for()
    start = page.locator(".st-key-trial_start_button button")
    said = page.get_by_text(re.compile(r"^(Not started|Started): "))
    start.click()
    said.first.wait_for()
    if said.first.inner_text() == PLAN_CHANGED:
        # The date's answer was still on its way (the server busy) when Start was tapped: the page
        # started nothing and says so, and the plan below is now the one shown. Tap again, as it asks.
        settle(page, "Experiments")
        start.click()
        page.get_by_text(re.compile(r"^Started: ")).wait_for()
    assert said.first.inner_text().startswith("Started: "), said.first.inner_text()
    settle(page, "Experiments")


def log_night(page: Page, day: dt.date, pain: int, position: str) -> None:
    """Open the morning, tap the position slept (last night's section opened if folded) and the pain, save.

    Each tap waits for what it changes to show, as a person does, before the next one.
    """
    box = page.locator(".st-key-date_typed input")
    box.fill(day.isoformat())
    box.press("Enter")
    save = page.locator(".st-key-save")
    expect(save.get_by_role("button", name=save_label(day, TODAY, editing=False))).to_be_visible(
        timeout=30_000
    )  # holds that morning
    settle(page, "Log a morning")
    assert "(trial plan)" not in page.content()  # slept before the plan was drawn: nothing is filled in
    slept = page.locator(".st-key-position").get_by_role("radio", name=position, exact=True)
    if not slept.is_visible():
        page.locator(".st-key-section_night summary").click()  # last night is folded
    if not slept.is_checked():
        slept.click()
        expect(slept).to_be_checked(timeout=30_000)
        settle(page, "Log a morning")
    tap = page.locator(".st-key-pain").get_by_role("radio", name=str(pain), exact=True)
    tap.click()
    expect(tap).to_be_checked(timeout=30_000)
    settle(page, "Log a morning")
    save.get_by_role("button").click()
    saved = save.get_by_role("button", name=save_label(day, TODAY, editing=True))  # the form now edits it
    expect(saved).to_be_visible(timeout=30_000)
    settle(page, "Log a morning")


def test_a_short_trial_planned_followed_and_judged_in_the_browser(running, browser) -> None:
    url, data = running
    page = browser.new_page()
    page.goto(url)
    settle(page, "Log a morning")
    plan_on_the_page(page)
    (trial,) = all_trials(open_diary(data))
    assert (trial.factor, trial.a, trial.b, trial.pairs, trial.block, trial.start) == (
        "position", "back", "side", 3, 1, START,
    )  # fmt: skip
    nights = schedule(trial)
    visit(page, "Log")
    page.get_by_text("Trial night", exact=False).first.wait_for()  # the Log page says where the trial stands
    for night in nights:
        log_night(page, night.date, PAIN[night.value], night.value)
    logged = {e.date: e for e in open_diary(data).entries(START, TODAY)}
    assert [logged[n.date].position for n in nights] == [n.value for n in nights]  # as planned
    visit(page, "Experiments")
    page.get_by_role("heading", name="Results").wait_for()
    page.get_by_text("less pain than after sleeping on your back", exact=False).first.wait_for()
    assert page.get_by_test_id("stVegaLiteChart").count() >= 1
    photograph(page, ARTIFACTS / "trial" / "result.png")
    page.close()
