"""A morning from the Log page to the CSV, in a real Chromium against ``pain-diary run``.

One person's path through the dashboard, in order: an empty diary, the sample
loaded with the first-run button, today's morning logged with clicks and
typing, then seen in the History table, plotted on the Trends chart and found
in the downloaded CSV. Every page is photographed into
``test-artifacts/browser/`` on the way, and the browser may not ask any host
but the dashboard for anything.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from diary.sample import sample_entries
from diary.views.app_words import UNGUARDED
from diary.wording import day_label

from .browser_support import (
    ARTIFACTS,
    PAGES,
    Dashboard,
    RequestLog,
    chromium,
    dashboard,
    photograph,
    require_browser,
    settle,
    tap_taken,
    visit,
)
from .clock_support import TODAY

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PAIN = 6
MINUTES = 25
TAGS = "travel"
NOTE = 'Long drive yesterday, stiff "all" morning'  # a comma and quotes: the CSV must quote them


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    """``pain-diary run`` on a new, empty diary."""
    require_browser()
    folder = tmp_path_factory.mktemp("e2e")
    with dashboard(folder / "diary.sqlite3") as running:
        yield running


def snap(page: Page, name: str) -> None:
    """The page as it is now, into the test artefacts (``<name>.png``)."""
    photograph(page, ARTIFACTS / f"{name}.png")


def no_error_shown(page: Page) -> None:
    errors = page.get_by_test_id("stException")
    assert errors.count() == 0, errors.all_inner_texts()


def load_the_sample(page: Page) -> None:
    page.get_by_role("button", name="Load the sample diary").click()
    page.get_by_text("Loaded the sample diary").wait_for()
    settle(page, PAGES["Log"])


def log_this_morning(page: Page, today: dt.date) -> None:
    """Pain by a click, minutes, a tag and a note typed, then save; the page says what it saved."""
    # Each tap once the page shows the one before has taken, as a person sees it (on a busy machine,
    # a run still drawing the form would show the answers as they were before the latest tap).
    page.locator(".st-key-pain").get_by_role("radio", name=str(PAIN), exact=True).click()
    expect(page.locator(".st-key-pain").get_by_role("radio", name=str(PAIN), exact=True)).to_be_checked()
    tap_taken(page, PAGES["Log"])
    for section, first in (("section_morning", "pain_minutes input"), ("section_other", "notes textarea")):
        page.locator(f".st-key-{section} summary").click()  # the optional answers are folded
        page.locator(f".st-key-{first}").wait_for()  # drawn once the section is open
        tap_taken(page, PAGES["Log"])
    for box, text in ((".st-key-pain_minutes input", str(MINUTES)), (".st-key-tags input", TAGS)):
        page.locator(box).fill(text)
        page.locator(box).press("Enter")  # taken, as a person's next tap would find it
        tap_taken(page, PAGES["Log"])
    page.locator(".st-key-notes textarea").fill(NOTE)
    page.locator(".st-key-notes textarea").blur()
    tap_taken(page, PAGES["Log"])
    page.get_by_role("button", name="Save this morning").click()
    page.get_by_text(f"Added a new entry for {day_label(today)}: morning pain {PAIN} of 10").first.wait_for()
    settle(page, PAGES["Log"])


def history_shows_today_first(page: Page, today: dt.date) -> None:
    """The table's first row (newest first) is today, with the pain just logged.

    The grid is drawn on a canvas; it keeps its cells in a hidden table for
    screen readers, which is what is read here.
    """
    table = page.get_by_test_id("stDataFrame")
    header = table.get_by_role("columnheader", include_hidden=True)
    header.first.wait_for(state="attached")
    assert header.all_inner_texts()[:2] == ["Date", "Pain"], header.all_inner_texts()
    first_row = (
        table.get_by_role("row", include_hidden=True).nth(1).get_by_role("gridcell", include_hidden=True)
    )
    first_row.nth(0).filter(has_text=re.compile(rf"^{today.isoformat()}$")).wait_for(state="attached")
    first_row.nth(1).filter(has_text=re.compile(rf"^{PAIN}$")).wait_for(state="attached")


def trends_plot_today(page: Page, today: dt.date) -> None:
    """The range ends today, and the Morning pain chart has a dot for today at the pain logged.

    Vega draws the chart as SVG with an ARIA label on every mark naming its
    fields, so the dot is found by what it plots, not by where it is.
    """
    page.get_by_text(re.compile(rf" to {re.escape(day_label(today))}: \d+ days, \d+ logged")).wait_for()
    chart = page.get_by_test_id("stMain").get_by_test_id("stVegaLiteChart").first
    dots = chart.locator('[aria-roledescription="circle"]')
    dots.first.wait_for()
    labels = dots.evaluate_all("marks => marks.map((mark) => mark.getAttribute('aria-label') || '')")
    todays = [label for label in labels if day_label(today) in label]
    assert len(todays) == 1, f"one dot for {today} expected on the Morning pain chart, found: {labels}"
    assert re.search(rf":\s*{PAIN}(\.0)?(;|$)", todays[0]), f"today's dot is not at pain {PAIN}: {todays[0]}"


def downloaded_csv_has_today(page: Page, today: dt.date, folder: Path) -> None:
    """The diary CSV from the Export page: the whole sample plus today's row, as typed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    button = page.get_by_role("button", name="Download the diary CSV")
    try:
        with page.expect_download(timeout=15_000) as started:
            button.click()
    except PlaywrightTimeout:  # on a loaded machine a click can land while the page is still being redrawn
        with page.expect_download() as started:
            button.click()
    download = started.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename.endswith(".csv"), download.suggested_filename
    saved = folder / download.suggested_filename
    download.save_as(saved)

    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == len(sample_entries()) + 1
    todays = [row for row in rows if row["date"] == today.isoformat()]
    assert len(todays) == 1, f"one row dated {today} expected in {saved.name}"
    row = todays[0]
    assert (row["pain"], row["pain_minutes"], row["tags"], row["notes"]) == (
        str(PAIN),
        str(MINUTES),
        TAGS,
        NOTE,
    )


def report_made_and_downloaded(page: Page, today: dt.date, folder: Path) -> None:
    """Making the report redraws its own part of the Export page: the preview, and a one-page PDF to download."""
    page.get_by_role("button", name="Make the report", exact=True).click()
    page.get_by_text("The report page as it will print").wait_for()
    settle(page, "Export")
    with page.expect_download() as started:
        page.get_by_role("button", name="Download the report (PDF)").click()
    download = started.value
    assert download.failure() is None, download.failure()
    saved = folder / download.suggested_filename
    download.save_as(saved)
    assert saved.suffix == ".pdf" and saved.read_bytes().startswith(b"%PDF-"), saved.name
    assert today.isoformat() in saved.name, saved.name  # the report runs to this morning
    page.get_by_role(
        "button", name="Download the diary CSV"
    ).wait_for()  # the rest of the page is still shown


def parts_loaded_ahead(page: Page) -> None:
    """Once the first page is drawn and the browser idle, it loads the table and chart code from the server."""
    from pages._browser import later_parts, later_styles

    names = [f"/static/js/{name}" for name in later_parts()]
    sheets = [
        f"/static/css/{sheet.removeprefix('../css/')}" for found in later_styles().values() for sheet in found
    ]
    assert names and sheets
    page.wait_for_function(
        """(names) => names.every((name) => performance.getEntriesByType('resource')
            .some((entry) => entry.name.endsWith(name)))""",
        arg=names + sheets,
    )


def test_a_morning_from_the_log_page_to_the_csv(server: Dashboard, tmp_path: Path) -> None:
    today = TODAY
    (ARTIFACTS / "e2e-failure.png").unlink(missing_ok=True)  # from an earlier run
    with chromium(tmp_path / "profile") as browser:
        requests = RequestLog(server.host)
        requests.watch(browser)
        page = browser.pages[0] if browser.pages else browser.new_page()
        try:
            page.goto(server.url)
            settle(page, PAGES["Log"])
            page.get_by_text("Welcome.").wait_for()  # an empty diary's first page
            parts_loaded_ahead(page)

            load_the_sample(page)
            log_this_morning(page, today)
            no_error_shown(page)
            snap(page, "log")

            visit(page, "History")
            history_shows_today_first(page, today)
            no_error_shown(page)
            snap(page, "history")

            visit(page, "Trends")
            trends_plot_today(page, today)
            no_error_shown(page)
            snap(page, "trends")

            visit(page, "Factors")
            no_error_shown(page)
            snap(page, "factors")

            visit(page, "Export")
            downloaded_csv_has_today(page, today, tmp_path)
            report_made_and_downloaded(page, today, tmp_path)
            no_error_shown(page)
            snap(page, "export")

            for name in ("Import", "Settings"):
                visit(page, name)
                no_error_shown(page)
                snap(page, name.lower())
        except BaseException:
            with contextlib.suppress(Exception):  # never hide the failure behind a failed screenshot
                snap(page, "e2e-failure")  # where it stopped, for whoever reads the CI log
            raise

    assert any(url.startswith(f"ws://{server.host}/_stcore/stream") for url in requests.urls), requests.urls
    assert requests.foreign() == [], f"the page asked hosts other than {server.host}"


def test_started_without_pain_diary_run_every_page_says_its_protections_are_off(
    server: Dashboard, tmp_path: Path
) -> None:
    """A plain ``streamlit run streamlit_app.py`` has none of the front door's checks; the sidebar says so."""
    notice = UNGUARDED.split(" (")[0]
    with (
        dashboard(tmp_path / "diary.sqlite3", plain=True) as plain,
        chromium(tmp_path / "profile") as browser,
    ):
        page = browser.pages[0] if browser.pages else browser.new_page()
        for running, shown in ((plain, 1), (server, 0)):
            page.goto(running.url)
            settle(page, PAGES["Log"])
            assert page.get_by_test_id("stSidebar").get_by_text(notice).count() == shown, running
            visit(page, "History")
            assert page.get_by_test_id("stSidebar").get_by_text(notice).count() == shown, running


def test_the_report_preview_fits_a_phone(server: Dashboard, browser) -> None:
    """The preview picture keeps to the page's width: nothing of it, or of the page, is off the screen."""
    from .browser_support import SCREENS

    page = browser.new_page()
    page.set_viewport_size(SCREENS["phone"]["viewport"])
    page.goto(server.url)
    settle(page, PAGES["Log"])
    if page.get_by_role("button", name="Load the sample diary").count():
        load_the_sample(page)
    visit(page, "Export")
    page.get_by_role("button", name="Make the report", exact=True).click()
    page.get_by_text("The report page as it will print").wait_for()
    settle(page, "Export")
    preview = page.get_by_test_id("stImage").locator("img").first
    box = preview.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    photograph(page, ARTIFACTS / "export-report-390x844.png")
    page.close()


def test_an_error_naming_files_and_tags_is_shown_as_written(
    server: Dashboard, browser, tmp_path: Path
) -> None:
    """Streamlit reads messages as Markdown: "sleep-*.json or UserSleeps_*.csv" lost its asterisks to italics,
    and a file's own name its underscores and asterisks."""
    page = browser.new_page()
    page.goto(server.url)
    settle(page, PAGES["Log"])
    visit(page, "Import")
    odd = tmp_path / "my_*best*_sleep.csv"
    odd.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(odd))
    alert = page.get_by_test_id("stAlert").filter(has_text="sleep export")
    alert.wait_for()
    said = alert.inner_text()
    assert "my_*best*_sleep.csv" in said and "sleep-*.json or UserSleeps_*.csv" in said, said
    page.close()
