"""The dashboard in a real Chromium: the server, the browser, the request log, page visits and screenshots.

Shared by the browser tests and by ``tests/screenshots.py`` (``make screenshots``).
The dashboard is started the way people start it, with the installed
``pain-diary run``, so ``.streamlit/config.toml`` applies; the browser is
Debian's chromium (``/usr/bin/chromium``), never a downloaded one, with a fresh
profile and its background services off, so every request it makes comes from
the page under test.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import urlsplit

from .clock_support import TODAY, pinned_env

if TYPE_CHECKING:  # playwright is a test extra; it is imported only when a browser is launched
    from playwright.sync_api import Browser, BrowserContext, Page, Request, ViewportSize, WebSocket

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",  # containers and CI runners have no user namespaces for Chromium's sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)


class Screen(TypedDict, total=False):
    """Options of ``Browser.new_context`` that make a screen."""

    viewport: ViewportSize
    is_mobile: bool
    has_touch: bool
    user_agent: str


SCREENS: dict[str, Screen] = {
    # A phone as Streamlit sees one: its width, touch, and a phone's user agent (Streamlit
    # closes the sidebar after a tap on a page only when the user agent says "mobile").
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "user_agent": PHONE_UA,
    },
    "laptop": {"viewport": {"width": 1280, "height": 800}},
    # A phone's size in a computer's browser: a narrow window, or a phone asking for the desktop site.
    "narrow": {"viewport": {"width": 390, "height": 844}},
}
"""Browser context options for the two screens the dashboard is checked on (``Browser.new_context(**…)``)."""
ARTIFACTS = REPO / "test-artifacts" / "browser"
WAIT_MS = 30_000  # the longest any single step may take (a first Factors page fits its regressions)

PAGES = {
    "Log": "Log a morning",
    "History": "History",
    "Trends": "Trends",
    "Factors": "Factors",
    "Experiments": "Experiments",
    "Export": "Export",
    "Import": "Import",
    "Settings": "Settings",
}
"""Every page of the dashboard: its name in the sidebar → its heading."""


# -- what is needed, and what to do when it is missing --------------------------------


def missing_browser() -> str | None:
    """Why a browser test cannot run here (no Chromium, no playwright), or None when it can."""
    if not CHROMIUM.exists():
        return (
            f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium; "
            ".ci/run installs it, and under CI its absence fails the test)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "needs the playwright package (pip install -e '.[test]')"
    return None


def require_browser() -> None:
    """Skip the calling test when there is no browser to drive, except under CI, where that is a failure."""
    import pytest

    reason = missing_browser()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, so the browser tests must run, but this machine {reason}")
    pytest.skip(reason)


def entry_point() -> Path:
    """The installed ``pain-diary`` command beside this Python (``.venv/bin/pain-diary``)."""
    command = Path(sys.executable).parent / "pain-diary"
    if not command.exists():
        raise RuntimeError(
            f"{command} is missing: install the project into this environment (pip install -e .)"
        )
    return command


# -- the dashboard server ------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Dashboard:
    """A running ``pain-diary run``: where it listens, which diary it has open, where its output goes."""

    port: int
    data: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"


def healthy(url: str) -> bool:
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via an HTTP proxy
    try:
        with direct.open(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def dashboard(
    data: Path, *, settings: Path | None = None, timeout: float = 60, plain: bool = False
) -> Iterator[Dashboard]:
    """``pain-diary run --port <free port> --data <data>``, up and healthy; stopped on leaving.

    The settings file defaults to ``settings.json`` beside the diary, so the
    person's own settings are never read or written. A port taken between
    choosing and binding it (another test run) is retried on another port.
    ``plain`` starts ``streamlit run streamlit_app.py`` instead, with none of
    ``pain-diary run``'s own parts (its front door, the work done ahead).
    """
    settings = settings or data.with_name("settings.json")
    env = (
        os.environ
        | {"PAIN_DIARY_DATA": str(data), "PAIN_DIARY_SETTINGS": str(settings)}
        | pinned_env(data.parent)
    )
    for _attempt in range(3):
        port = free_port()
        server = Dashboard(port=port, data=data, log=data.with_name(f"dashboard-{port}.log"))
        with server.log.open("wb") as output:
            process = subprocess.Popen(
                _plain_command(port)
                if plain
                else [str(entry_point()), "run", "--port", str(port), "--data", str(data)],
                env=env,
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + timeout
            while not healthy(server.url):
                if process.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            else:
                yield server
                return
        finally:
            stop_server(process)
        said = server.log.read_text(errors="replace")
        if "already in use" not in said:
            raise RuntimeError(
                f"pain-diary run did not come up on port {port} within {timeout:.0f} s; it said:\n{said[-3000:]}"
            )
    raise RuntimeError("pain-diary run found no free port in three tries")


def _plain_command(port: int) -> list[str]:
    app = str(REPO / "streamlit_app.py")
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        app,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
    ]


@contextmanager
def sample_dashboard(folder: Path, *, number: str | None = "112") -> Iterator[Dashboard]:
    """``dashboard`` on a new SQLite diary in ``folder`` holding the sample; the emergency number set unless None."""
    from diary.sample import load_sample
    from diary.storage import open_diary

    data = folder / "diary.sqlite3"
    diary = open_diary(data)
    try:
        load_sample(diary)
    finally:
        diary.close()
    if number is not None:
        data.with_name("settings.json").write_text(json.dumps({"emergency_number": number}), encoding="utf-8")
    with dashboard(data) as running:
        yield running


def page_on(headless: Browser, url: str, screen: str, *, width: int | None = None, path: str = "") -> Page:
    """A new tab in a new context at ``screen`` (``SCREENS``; ``width`` narrows its viewport), opened at
    ``url`` + ``path`` and drawn (the first page: the Log page, unless ``path`` names another)."""
    size = SCREENS[screen].copy()
    if width is not None:
        size["viewport"] = {"width": width, "height": 800}
    context = headless.new_context(**size)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(f"{url}/{path}" if path else url)
    settle(page, next((heading for name, heading in PAGES.items() if name.lower() == path), PAGES["Log"]))
    return page


_GRID_WIDTHS = """(within) => {
    const grid = document.querySelector(`${within} [data-testid="stDataFrame"] .dvn-scroller`);
    return grid === null ? null : [grid.scrollWidth, grid.clientWidth];
}"""


def sideways(page: Page, within: str = "") -> int:
    """How far the first table's grid (inside the CSS selector ``within``) scrolls sideways, once drawn
    (0: every column it shows is on screen)."""
    page.wait_for_function(f"({_GRID_WIDTHS})({json.dumps(within)}) !== null")
    scroll, client = page.evaluate(_GRID_WIDTHS, within)
    return int(scroll - client)


# -- the browser and what it asks for -------------------------------------------------------


@dataclass
class RequestLog:
    """Every URL the browser asked for (pages, scripts, fonts, WebSockets), to find any that left the dashboard."""

    host: str
    """The dashboard's ``127.0.0.1:<port>``: the only host the page may talk to."""
    urls: list[str] = field(default_factory=list)

    def request(self, request: Request) -> None:
        self.urls.append(request.url)

    def websocket(self, socket: WebSocket) -> None:
        self.urls.append(socket.url)

    def watch(self, context: BrowserContext) -> None:
        """Record from now on every request of every page of ``context``, WebSockets included."""
        context.on("request", self.request)
        for page in context.pages:
            page.on("websocket", self.websocket)
        context.on("page", lambda page: page.on("websocket", self.websocket))

    def is_own(self, url: str) -> bool:
        """The dashboard itself, or data the page holds already (``data:``, ``blob:``, ``about:``)."""
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return parts.scheme in ("http", "https", "ws", "wss") and parts.netloc == self.host

    def foreign(self) -> list[str]:
        """The URLs that went to any other host, in the order asked."""
        return [url for url in self.urls if not self.is_own(url)]


@contextmanager
def chromium(profile: Path) -> Iterator[BrowserContext]:
    """Debian's chromium, headless, with a fresh profile in ``profile`` and downloads accepted."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=list(CHROMIUM_FLAGS),
            viewport=VIEWPORT,
            accept_downloads=True,
            service_workers="block",
        )
        context.set_default_timeout(WAIT_MS)
        try:
            yield context
        finally:
            context.close()


@contextmanager
def chromium_browser() -> Iterator[Browser]:
    """Debian's chromium, headless, as a browser to open contexts in (a screen size and colour scheme each)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_FLAGS))
        try:
            yield browser
        finally:
            browser.close()


# -- waiting for Streamlit, and moving between pages -------------------------------------------

SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== 'notRunning' || app.dataset.testConnectionState !== 'CONNECTED') {
        return false;
    }
    if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
    // Every chart that is shown (not in a closed tab or expander) is drawn.
    return [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
        .every((chart) => chart.offsetParent === null || chart.querySelector('svg, canvas'));
}"""


def settle(page: Page, heading: str) -> None:
    """Wait until ``heading`` is shown and the run that drew it is over: nothing stale, every shown chart drawn.

    The heading comes first: between a click and its rerun, Streamlit briefly
    reports "not running" with the old page still on screen.
    """
    page.get_by_role("heading", name=heading, exact=True).first.wait_for()
    page.wait_for_function(SETTLED, polling=100)


def tap_taken(page: Page, heading: str) -> None:
    """Wait for the rerun of the last tap to be over, on the page headed ``heading``.

    For a moment after a tap Streamlit still reports "not running" with the
    page as it was; the pause lets the tap's rerun begin, so that the next tap
    does not land on widgets the rerun is about to draw again (on a busy
    machine, that run would show the answers as they were before the tap).
    """
    page.wait_for_timeout(250)
    settle(page, heading)


def visit(page: Page, name: str) -> None:
    """Open a page by clicking its link in the sidebar, as a person would, and wait for it to settle.

    A closed sidebar (on a phone) is opened first with its button.
    """
    if page.get_by_test_id("stSidebar").get_attribute("data-collapsed") == "true":
        page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=re.compile(rf"\b{re.escape(name)}$")).click()
    settle(page, PAGES[name])


_TAB_DRAWN = """([key, label]) => {
    const tabs = document.querySelector(`.st-key-${key}`);
    const tab = tabs && [...tabs.querySelectorAll('[role="tab"]')].find((t) => t.innerText.trim() === label);
    if (!tab || tab.getAttribute('aria-selected') !== 'true') return false;
    const panel = document.getElementById(tab.getAttribute('aria-controls'));
    return panel !== null && panel.querySelector('[data-testid="stElementContainer"]') !== null;
}"""


def choose_tab(page: Page, key: str, label: str, heading: str) -> None:
    """Click the tab ``label`` of the tabs keyed ``key`` and wait until its view is drawn and the page has settled.

    The pages' view tabs draw only the chosen view: its panel stays empty until the rerun the click asks for.
    """
    page.locator(f".st-key-{key}").get_by_role("tab", name=label, exact=True).click()
    page.wait_for_function(_TAB_DRAWN, arg=[key, label], polling=100)
    settle(page, heading)


def screenshot_pages(page: Page, folder: Path, names: tuple[str, ...] = tuple(PAGES)) -> list[Path]:
    """Visit each page in ``names`` and save the viewport as ``folder/<name>.png`` (lower case)."""
    taken = []
    for name in names:
        visit(page, name)
        tap_taken(page, PAGES[name])  # the page already open when its link is clicked: its rerun is over too
        taken.append(photograph(page, folder / f"{name.lower()}.png"))
    return taken


def photograph(page: Page, path: Path) -> Path:
    """Save what the viewport shows now as a PNG at ``path`` (its folder made if missing)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    path.parent.mkdir(parents=True, exist_ok=True)
    page.mouse.move(0, 0)  # no hover highlight or tooltip in the picture
    try:
        page.screenshot(path=path, animations="disabled", caret="hide", timeout=15_000)
    except PlaywrightTimeout:  # a renderer starved by a busy machine can miss a frame: one more try
        page.screenshot(path=path, animations="disabled", caret="hide", timeout=30_000)
    return path


# -- a returning user's diary ----------------------------------------------------------------


def returning_user_diary(
    folder: Path, *, missing: tuple[int, ...] = (), number: str | None = "112", warned: bool = False
) -> Path:
    """Three weeks of mornings up to the day before yesterday (``missing`` days ago left out); the emergency number.

    Last night is the same every time (a known mattress, side, low pillow,
    23:10–06:45), so a new morning's form comes filled in as for someone who
    logs most days. ``number`` None leaves the emergency number unset (the first use).
    ``warned``: fever on each morning of the last week, and loss of bladder control on the last.
    """
    from diary.entry import parse_entry
    from diary.storage import open_diary

    data = folder / "diary.sqlite3"
    diary = open_diary(data)
    night = {"mattress": "Foam 2025", "firmness": "medium-firm", "position": "side", "pillow": "low"}
    for n in range(2, 22):
        if n not in missing:
            day = TODAY - dt.timedelta(days=n)
            diary.add(
                parse_entry(
                    {
                        "date": day,
                        "pain": 3 + n % 4,
                        **night,
                        "bedtime": "23:10",
                        "wake_time": "06:45",
                        "red_flags": ("fever;bladder_bowel" if n == 2 else "fever")
                        if warned and n < 7
                        else "",
                    }
                )
            )
    diary.close()
    if number is not None:
        (folder / "settings.json").write_text(json.dumps({"emergency_number": number}), encoding="utf-8")
    return data


# -- accessibility ----------------------------------------------------------------------------


FAILING_IMPACTS = {"serious", "critical"}
ALSO_FAILING = {"heading-order"}  # moderate in axe, but a page's outline is how a screen reader skims it


def problems(page: Page, where: str) -> list[str]:
    """What axe-core finds on the page as shown now that must not be there, one line per problem and element."""
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]  # no type information

    found: dict[str, Any] = Axe().run(page).response
    lines = []
    for violation in found["violations"]:
        rule = violation["id"]
        if violation["impact"] not in FAILING_IMPACTS and rule not in ALSO_FAILING:
            continue
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(
                f"{where}: {rule} ({violation['impact']}): {violation['help']} at {node['target']}: {summary}"
            )
    return lines
