"""Accessibility: axe-core finds no serious or critical problem on any page, on a phone and a laptop.

Every control is at least 24 px each way, too (WCAG's minimum target size).

One ``pain-diary run`` per screen size, on a new diary. Every page is checked
in turn, in the light theme with the diary empty, then again after the sample
diary is loaded with the first-run button, then once more in the dark theme
(the browser asking for it, as a phone set to dark mode does). axe-core comes
bundled with the ``axe-playwright-python`` package; nothing is fetched.

On the sample diary every view (tab) of the Trends and Factors pages is
checked too, and their charts must show every word
whole (at 390 px the effects chart used to cut its legend to "unc…"); each is
photographed into ``test-artifacts/browser/chart-<screen>-<page>-<n>.png``.

A failure lists each problem with the rule, what it means and where it is, and
leaves a screenshot in ``test-artifacts/browser/axe-<screen>-<state>-<page>.png``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pytest

from diary.views import export_words

from .browser_support import (
    ARTIFACTS,
    PAGES,
    SCREENS,
    WAIT_MS,
    Dashboard,
    choose_tab,
    dashboard,
    photograph,
    problems,
    settle,
    visit,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


def sidebar_closed(page: Page) -> None:
    """On a phone the sidebar closes itself after a page is chosen: wait until it has, so axe sees the page."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]')?.dataset.collapsed !== 'false'",
        polling=100,
    )


CUT_WORDS = """(chart) => {
    // Words Vega shortened ("unc…"), or that run past the chart's edge and are cut off there
    // (by more than the 3 px a rotated axis title may lean over it).
    const box = chart.getBoundingClientRect();
    return [...chart.querySelectorAll('svg text')].filter((text) => {
        const words = text.textContent || '';
        const at = text.getBoundingClientRect();
        if (getComputedStyle(text).opacity === '0' || text.getAttribute('opacity') === '0') return false;  // hidden
        return words.endsWith('…') || (words && (at.left < box.left - 3 || at.right > box.right + 3));
    }).map((text) => {
        const at = text.getBoundingClientRect();
        return `${text.textContent} (${Math.round(at.left - box.left)} to ${Math.round(at.right - box.right)} px)`;
    });
}"""


def cut_chart_words(page: Page, name: str, screen: str) -> list[str]:
    """Words in the page's charts that Vega had to cut short ("unc…", "Foam 202…"); each chart photographed."""
    cut = []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    charts = page.get_by_test_id("stMain").get_by_test_id("stVegaLiteChart")
    for i in range(charts.count()):
        chart = charts.nth(i)
        if not chart.is_visible():  # in a closed tab
            continue
        chart.scroll_into_view_if_needed()
        found = chart.evaluate(CUT_WORDS)
        if found:  # measured while Vega was laying the chart out anew (a resize): a real cut is still there
            page.wait_for_timeout(CHART_RELAYOUT_MS)
            found = chart.evaluate(CUT_WORDS)
        chart.screenshot(path=ARTIFACTS / f"chart-{screen}-{name.lower()}-{i}.png", animations="disabled")
        cut += [f"{name}: chart {i} cuts {words!r}" for words in found]
    return cut


CHART_RELAYOUT_MS = 1000
"""Time for a chart caught mid-layout (words past its edges in one frame) to be drawn at its width."""


VIEW_TABS = {"Trends": "trends_view", "Factors": "factors_view"}
"""The pages that draw one view at a time, and the key of their view tabs."""


def every_view(page: Page, name: str, screen: str) -> list[str]:
    """Each view of a page with view tabs in turn: axe's problems on it (the first is checked already) and cut words."""
    labels = [
        label.strip()
        for label in page.locator(f".st-key-{VIEW_TABS[name]}").get_by_role("tab").all_inner_texts()
    ]
    lines = []
    for i, label in enumerate(labels):
        if i:
            choose_tab(page, VIEW_TABS[name], label, PAGES[name])
            lines += problems(page, f"{name} ({label})") + small_targets(page, f"{name} ({label})")
        lines += cut_chart_words(page, f"{name}-{i}", screen)
    choose_tab(page, VIEW_TABS[name], labels[0], PAGES[name])  # as the person found it
    return lines


SMALL_TARGETS = """() => [...document.querySelectorAll(
    'button, a[href], input, select, textarea, summary, [role=radio], [role=checkbox], [role=tab], ' +
    '[role=switch], [role=button], [role=option], [role=combobox], [role=spinbutton]')]
    .filter((e) => e.checkVisibility() && !e.closest('[data-testid=stSidebar], [data-testid=stSkipToContent]'))
    .map((e) => [e, e.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && r.height > 0 && (r.width < 24 || r.height < 24))
    .map(([e, r]) => `${(e.getAttribute('aria-label') || e.innerText || e.tagName).trim().slice(0, 40)} ` +
                     `${Math.round(r.width)}x${Math.round(r.height)}`)"""
"""Every control on the page smaller than 24 px either way (WCAG's minimum target size), the sidebar's aside."""


def small_targets(page: Page, name: str) -> list[str]:
    return [f"{name}: a target under 24 px: {target}" for target in page.evaluate(SMALL_TARGETS)]


def check_every_page(page: Page, screen: str, state: str) -> list[str]:
    """Visit each page in the sidebar's order and collect axe's problems on each."""
    found = []
    for name in PAGES:
        if name == "Log" and page.get_by_role("heading", name=PAGES["Log"], exact=True).count():
            settle(page, PAGES["Log"])  # already there: the app opens on the Log page
        else:
            visit(page, name)
        if screen == "phone":
            sidebar_closed(page)
        lines = problems(page, name) + small_targets(page, name)
        if state.startswith("sample") and name in VIEW_TABS:
            lines += every_view(page, name, screen)
        if lines:
            with contextlib.suppress(Exception):
                photograph(page, ARTIFACTS / f"axe-{screen}-{state.replace(', ', '-')}-{name.lower()}.png")
        found += [f"[{screen}, {state}] {line}" for line in lines]
    return found


CONTRAST = """(label) => {
    // The label's colour against what is drawn behind it: each see-through background laid over the next.
    const rgba = (text) => (text.match(/[\\d.]+/g) || []).map(Number).concat([1]).slice(0, 4);
    const layers = [];
    for (let at = label; at; at = at.parentElement) {
        const colour = rgba(getComputedStyle(at).backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] >= 1) break;
    }
    let behind = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) behind = [r, g, b].map((c, i) => c * a + behind[i] * (1 - a));
    const [r, g, b, a] = rgba(getComputedStyle(label).color);
    const front = [r, g, b].map((c, i) => c * a + behind[i] * (1 - a));
    const lum = (c) => c.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const [hi, lo] = [lum(front), lum(behind)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
}"""


def chosen_labels_read(page: Page, where: str) -> list[str]:
    """A chosen pain number and a chosen tab read at 4.5:1 at least (axe leaves a tinted pill to a person)."""
    visit(page, "Log")
    seven = page.locator(".st-key-pain").get_by_role("radio", name="7", exact=True)
    if seven.get_attribute("aria-checked") != "true":  # a tap on the chosen number would clear it
        seven.click()
    chosen = page.locator(".st-key-pain [aria-checked='true'] p")
    chosen.wait_for()
    found = [("the chosen pain number", chosen.evaluate(CONTRAST))]
    visit(page, "Trends")
    tab = page.locator(".st-key-trends_view [role='tab'][aria-selected='true'] p")
    found.append(("the chosen view's tab", tab.evaluate(CONTRAST)))
    return [f"{where}: {what} reads at {ratio:.2f}:1, below 4.5:1" for what, ratio in found if ratio < 4.5]


def with_a_file_chosen(page: Page, screen: str, tmp_path: Path) -> list[str]:
    """The Import page once a file is chosen (one with a problem, so its table is shown): the file's own
    "Remove" and the "Add files" beside it were 14 and 20 px, and the empty page has neither."""
    bad = tmp_path / "with-a-problem.csv"
    bad.write_text("date,pain\n2025-01-01,99\n", encoding="utf-8")
    visit(page, "Import")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(bad))
    page.get_by_role("button", name=f"Remove {bad.name}").wait_for()
    settle(page, PAGES["Import"])
    return [
        f"[{screen}, a file chosen] {line}"
        for line in problems(page, "Import") + small_targets(page, "Import")
    ]


def with_the_report_made(page: Page, screen: str) -> list[str]:
    """The Export page once the report is made: its preview is a picture, which must say what it shows."""
    visit(page, "Export")
    page.get_by_role("button", name=export_words.MAKE_REPORT).click()
    page.get_by_role("img", name=export_words.REPORT_PREVIEW_ALT).wait_for()
    settle(page, PAGES["Export"])
    return [
        f"[{screen}, the report made] {line}"
        for line in problems(page, "Export") + small_targets(page, "Export")
    ]


def open_app(headless: Browser, server: Dashboard, screen: str, scheme: Literal["light", "dark"]) -> Page:
    context = headless.new_context(color_scheme=scheme, **SCREENS[screen])
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(server.url)
    settle(page, PAGES["Log"])
    return page


@pytest.mark.parametrize("screen", ["phone", "laptop"])
def test_no_serious_accessibility_problem_on_any_page(headless: Browser, screen: str, tmp_path: Path) -> None:
    found = []
    with dashboard(tmp_path / "diary.sqlite3") as server:
        page = open_app(headless, server, screen, "light")
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") is False
        found += check_every_page(page, screen, "empty")

        visit(page, "Log")
        page.get_by_role("button", name="Load the sample diary").click()
        page.get_by_text("Loaded the sample diary").wait_for()
        found += check_every_page(page, screen, "sample")
        found += with_a_file_chosen(page, screen, tmp_path)
        found += with_the_report_made(page, screen)
        page.context.close()

        dark = open_app(headless, server, screen, "dark")
        background = dark.get_by_test_id("stApp").evaluate("(app) => getComputedStyle(app).backgroundColor")
        assert background != "rgb(255, 255, 255)", "the browser asked for dark, the app stayed light"
        found += check_every_page(dark, screen, "sample, dark")
        found += chosen_labels_read(dark, f"[{screen}, dark]")
        dark.context.close()
    assert not found, "Problems found:\n" + "\n".join(found)
