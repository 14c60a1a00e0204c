"""What a person feels: the dashboard in headless Chromium, timed against a floor app in the same run.

    .venv/bin/python benchmarks/bench_browser.py [--rounds 3] [--sizes 90d 10y]

The floor is ``benchmarks/floor_app.py``, two pages and a button served with
``streamlit run`` from the repository's root (so ``.streamlit/config.toml``
applies): what Streamlit itself costs in this browser on this machine. The
dashboard is started as people start it, ``pain-diary run``, on 90-day and
10-year diaries built from the sample generator (as ``benchmarks/bench.py``
builds them, SQLite), a fresh copy each round, with the emergency number set
as for a returning user. Rounds alternate floor and diary runs, so a machine
that gets busier slows both. Each run uses a new browser context (an empty
cache, like the first visit after a restart) and measures:

- process start → first page drawn: from starting the server until the first
  page's heading is shown and its run is over (every shown chart drawn); and
  until its network is quiet (no request for half a second: how the browser,
  and page-load tools, tell that a page has loaded);
- the first visit of every page, then warm switches to Log, Trends and
  Factors, each a click on the sidebar link until the page has settled;
- interactions: a Trends range change, a Factors outcome change, Export's
  "Make the report" until the preview shows, a Log save, and the report again
  right after it (its analysis not yet made); the floor's is a button press
  and its rerun;
- the server's peak memory: the RSS of its process tree, sampled every 50 ms;

and, outside the browser, ``pain-diary analyze --json`` as a whole process
against ``python -c "import pandas"``. It prints medians and ratios to the
floor; figures, not pass/fail (the targets are in README "Performance"). Every wait
is checked on each frame the browser draws, so a figure is not rounded up to
the next poll of a slower wait.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import psutil
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from bench import SIZES, build_diary  # noqa: E402

from tests.browser_support import (  # noqa: E402
    PAGES,
    SETTLED,
    chromium_browser,
    entry_point,
    free_port,
    healthy,
    missing_browser,
    stop_server,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

FLOOR_APP = ROOT / "benchmarks" / "floor_app.py"
FLOOR_PAGES = {"One": "Floor one", "Two": "Floor two"}
WAIT_MS = 60_000  # the longest any one step may take before the run is called failed
WARM = ("Log", "Trends", "Factors")
Samples = dict[str, list[float]]


# -- the server under test, and its memory ---------------------------------------------------


@dataclass
class Server:
    """A server process started at ``started`` (perf_counter), with its peak memory sampled meanwhile."""

    process: subprocess.Popen[bytes]
    url: str
    started: float
    peak_rss: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def sample_memory(self) -> None:
        try:
            root = psutil.Process(self.process.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.wait(0.05):
            try:
                tree = [root, *root.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in tree)
            except psutil.NoSuchProcess:
                return
            self.peak_rss = max(self.peak_rss, rss)


@contextmanager
def serve(command: list[str], env: dict[str, str], log: Path) -> Iterator[Server]:
    """Start ``command`` (it takes ``--server.port``/``--port`` from ``{port}``) and sample its memory."""
    port = free_port()
    with log.open("wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            [part.format(port=port) for part in command],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, f"http://127.0.0.1:{port}", started)
    sampler = threading.Thread(target=server.sample_memory, daemon=True)
    sampler.start()
    try:
        yield server
    finally:
        server._stop.set()
        sampler.join()
        stop_server(process)


def first_page(page: Page, server: Server, heading: str, found: Samples) -> None:
    """Seconds from starting the server until its first page is drawn in ``page``, then until its network
    is quiet, added to ``found``.

    A quiet network (no request for half a second: Playwright's ``networkidle``,
    the browser's own signal) is how page-load tools tell that a page has loaded.
    """
    deadline = time.monotonic() + WAIT_MS / 1000
    while not healthy(server.url):
        if server.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not come up at {server.url}")
        time.sleep(0.02)
    page.goto(server.url, wait_until="commit")
    settled(page, heading)
    found["start → first page drawn"].append(time.perf_counter() - server.started)
    page.wait_for_load_state("networkidle")
    found["start → network quiet"].append(time.perf_counter() - server.started)


# -- waiting for a page, and timing what a person does ------------------------------------------


# Every wait is a check run on each frame the browser draws: Playwright's own waits for a locator poll at
# growing intervals (up to half a second apart), which would round every figure up to their next poll.
_SHOWN = """([scope, text]) => {
    // ``text`` in the first element under ``scope`` that holds it, and that element is visible.
    let element = document.querySelector(scope);
    if (element === null || !element.textContent.includes(text)) return false;
    for (;;) {
        const inner = [...element.children].find((child) => child.textContent.includes(text));
        if (inner === undefined) return element.checkVisibility();
        element = inner;
    }
}"""

_HEADING = """(heading) => [...document.querySelectorAll('h1, h2, h3')].some(
    (h) => h.innerText.replace(/\\s+/g, ' ').trim() === heading && h.checkVisibility()
)"""


_RUNS = """() => {
    // How many runs of the page have ended since this was first asked (it starts counting then).
    if (window.__benchRuns === undefined) {
        window.__benchRuns = 0;
        const app = document.querySelector('[data-testid="stApp"]');
        new MutationObserver((changes) => {
            for (const change of changes) {
                if (change.oldValue === 'running' && app.dataset.testScriptState !== 'running') window.__benchRuns += 1;
            }
        }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
    }
    return window.__benchRuns;
}"""


def rerun_after(page: Page, act: Callable[[], object], heading: str) -> None:
    """``act`` (a tap that reruns the page), then wait until that rerun is over and the page has settled.

    Between a tap and its rerun the old page reports that nothing runs: waiting
    only for a settled page could find the old one, and the rerun replace it later.
    A rerun whose start and end reach the page together never shows it running
    (the page draws both at once): after three seconds it is taken as over.
    """
    step(f"a tap on {heading}, waiting for its rerun")
    runs = page.evaluate(_RUNS)
    act()
    # A rerun so quick that the page drew its start and its end at once is over after three seconds.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(f"() => ({_RUNS})() > {runs}", polling="raf", timeout=3_000)
    settled(page, heading)


def settled(page: Page, heading: str) -> None:
    """``heading`` shown, the run over, nothing stale, every shown chart drawn (checked every frame)."""
    page.wait_for_function(_HEADING, arg=heading, polling="raf")
    page.wait_for_function(SETTLED, polling="raf")


_STEP = ["starting"]
"""What the run is doing now, named in the error if a wait never ends."""


def step(what: str) -> None:
    _STEP[0] = what


def timed(act: Callable[[], object], then: Callable[[], object]) -> float:
    """Seconds from ``act`` (a click) until ``then`` returns (the page shows the outcome and has settled)."""
    started = time.perf_counter()
    act()
    then()
    return time.perf_counter() - started


def shown(page: Page, text: str, heading: str, scope: str = '[data-testid="stMain"]') -> Callable[[], None]:
    """A wait for ``text`` to be shown under ``scope``, then for the page headed ``heading`` to settle."""

    def then() -> None:
        page.wait_for_function(_SHOWN, arg=[scope, text], polling="raf")
        settled(page, heading)

    return then


def switch(page: Page, link: str, heading: str) -> float:
    """A click on the sidebar link ``link`` until the page headed ``heading`` has settled."""
    step(f"switching to {link}")
    target = page.get_by_test_id("stSidebarNav").get_by_role(
        "link", name=re.compile(rf"\b{re.escape(link)}$")
    )
    return timed(target.click, lambda: settled(page, heading))


def choose(page: Page, key: str, option: str, then: Callable[[], object]) -> float:
    """Pick ``option`` in the select box keyed ``key``; timed from the pick until ``then`` returns."""
    step(f"choosing {option!r} in {key}")
    page.locator(f".st-key-{key}").click()
    return timed(page.get_by_role("option", name=option, exact=True).click, then)


_TEXT_CHANGED = """([selector, before]) => {
    const element = document.querySelector(selector);
    return element !== null && element.innerText !== before;
}"""


def text_changes(page: Page, selector: str, heading: str) -> Callable[[], None]:
    """A wait for the text of the first ``selector`` to differ from what it says now, then for the page to settle."""
    before = page.locator(selector).first.inner_text()

    def then() -> None:
        page.wait_for_function(_TEXT_CHANGED, arg=[selector, before], polling="raf")
        settled(page, heading)

    return then


# -- one run of the floor, one of the dashboard ----------------------------------------------------


def floor_run(browser: Browser, folder: Path, found: Samples) -> None:
    command = [sys.executable, "-m", "streamlit", "run", str(FLOOR_APP), "--server.port", "{port}"]
    env = os.environ | {"STREAMLIT_SERVER_HEADLESS": "true"}
    with serve(command, env, folder / "floor.log") as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        first_page(page, server, FLOOR_PAGES["One"], found)
        found["first visit"].append(switch(page, "Two", FLOOR_PAGES["Two"]))
        for _ in range(3):
            for link in ("One", "Two"):
                found["warm page switch"].append(switch(page, link, FLOOR_PAGES[link]))
        for presses in range(1, 6):
            press = page.get_by_role("button", name="Press", exact=True)
            then = shown(page, f"Pressed {presses} times.", FLOOR_PAGES["Two"])
            step(f"the floor's press {presses}")
            found["interaction"].append(timed(press.click, then))
        context.close()
        found["server peak memory (MiB)"].append(server.peak_rss / 2**20)


def dashboard_run(browser: Browser, folder: Path, days: int, found: Samples) -> None:
    folder.mkdir(parents=True)
    data = build_diary(folder, "sqlite", days)
    settings = folder / "settings.json"
    settings.write_text(json.dumps({"emergency_number": "112"}), encoding="utf-8")
    env = os.environ | {"PAIN_DIARY_DATA": str(data), "PAIN_DIARY_SETTINGS": str(settings)}
    command = [str(entry_point()), "run", "--port", "{port}", "--data", str(data)]
    with serve(command, env, folder / "dashboard.log") as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        first_page(page, server, PAGES["Log"], found)
        for name, heading in PAGES.items():
            if name != "Log":
                found[f"first visit: {name}"].append(switch(page, name, heading))
        for _ in range(2):
            for name in WARM:
                found[f"warm page switch: {name}"].append(switch(page, name, PAGES[name]))
        interactions(page, found)
        context.close()
        found["server peak memory (MiB)"].append(server.peak_rss / 2**20)


def interactions(page: Page, found: Samples) -> None:
    """A range change on Trends, an outcome change on Factors, two saves on Log, the report on Export."""
    switch(page, "Trends", "Trends")
    caption = '[data-testid="stMain"] [data-testid="stCaptionContainer"]'  # the range's dates and days
    for option in ("Last 30 days", "Everything"):
        then = text_changes(page, caption, "Trends")
        found["Trends range change"].append(choose(page, "trend_range", option, then))
    switch(page, "Factors", "Factors")
    then = shown(page, "minutes longer pain after getting up", "Factors")  # a factor's sentence for minutes
    found["Factors outcome change"].append(choose(page, "outcome", "Minutes of pain after getting up", then))
    make_report(page, found, "Export: make the report → preview")
    switch(page, "Log", PAGES["Log"])
    for pain, said in ((3, "Added a new entry"), (5, "Updated the existing entry")):
        rerun_after(page, page.locator(".st-key-pain").get_by_text(str(pain), exact=True).click, PAGES["Log"])
        save = page.locator(".st-key-save button")
        then = shown(page, said, PAGES["Log"], scope=".st-key-after_save")
        step(f"saving with pain {pain}")
        found["Log save"].append(timed(save.click, then))
    make_report(page, found, "Export: the report right after a save")


def make_report(page: Page, found: Samples, what: str) -> None:
    """Open Export and press "Make the report" as soon as the page is drawn, until the preview shows."""
    switch(page, "Export", "Export")
    make = page.get_by_role("button", name="Make the report", exact=True)
    step(what)
    found[what].append(timed(make.click, shown(page, "The report page as it will print", "Export")))


# -- outside the browser ----------------------------------------------------------------------------


def process_seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, cwd=ROOT)
    return time.perf_counter() - started


def command_figures(folder: Path, sizes: list[str], rounds: int) -> Samples:
    """``pain-diary analyze --json`` per size against ``python -c "import pandas"``, alternating."""
    found: Samples = defaultdict(list)
    (folder / "commands").mkdir()
    diaries = {size: build_diary(folder / "commands", "sqlite", SIZES[size]) for size in sizes}
    for _ in range(rounds):
        found["import pandas"].append(process_seconds([sys.executable, "-c", "import pandas"]))
        for size, data in diaries.items():
            command = [str(entry_point()), "analyze", "--json", "--data", str(data)]
            found[f"analyze --json {size}"].append(process_seconds(command))
    return found


# -- the table ---------------------------------------------------------------------------------------

ROWS: list[tuple[str, str]] = [
    # (what the dashboard measures, the floor figure it is compared with)
    ("start → first page drawn", "start → first page drawn"),
    ("start → network quiet", "start → network quiet"),
    *((f"first visit: {name}", "warm page switch") for name in PAGES if name != "Log"),
    *((f"warm page switch: {name}", "warm page switch") for name in WARM),
    ("Trends range change", "interaction"),
    ("Factors outcome change", "interaction"),
    ("Log save", "interaction"),
    ("Export: make the report → preview", "interaction"),
    ("Export: the report right after a save", "interaction"),
    ("server peak memory (MiB)", "server peak memory (MiB)"),
]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_table(floor: Samples, diaries: dict[str, Samples], commands: Samples) -> None:
    sizes = list(diaries)
    print(f"{'':<36} {'floor':>8}" + "".join(f" {size:>8} {'ratio':>6}" for size in sizes))
    print("-" * (46 + 16 * len(sizes)))
    floor_rows = {
        "start → first page drawn": "start → first page drawn",
        "start → network quiet": "start → network quiet",
        "warm page switch": "page switch",
        "interaction": "button rerun",
        "server peak memory (MiB)": "server peak memory (MiB)",
    }
    for what, compared in ROWS:
        base = median(floor[compared])
        line = f"{what:<36} {base:>8.2f}"
        for size in sizes:
            value = median(diaries[size][what])
            line += f" {value:>8.2f} {value / base:>5.1f}×"
        print(f"{line}   (floor: {floor_rows[compared]})")
    print(f"{'floor: first visit of its page two':<36} {median(floor['first visit']):>8.2f}")
    pandas = median(commands["import pandas"])
    print()
    print(f"{'python -c ' + repr('import pandas'):<36} {pandas:>8.2f}")
    for size in sizes:
        value = median(commands[f"analyze --json {size}"])
        print(f"{'pain-diary analyze --json ' + size:<36} {value:>8.2f} {value / pandas:>5.1f}×")


def machine() -> str:
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each a floor run and a run per size")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=["90d", "10y"])
    args = parser.parse_args(argv)
    reason = missing_browser()
    if reason is not None:
        print(f"Not run: this machine {reason}.", file=sys.stderr)
        return 1
    print(f"Browser benchmark on {machine()}; {dt.date.today()}; {args.rounds} rounds; seconds, medians")
    floor: Samples = defaultdict(list)
    diaries: dict[str, Samples] = {size: defaultdict(list) for size in args.sizes}
    with tempfile.TemporaryDirectory(prefix="pain-diary-bench-") as tmp, chromium_browser() as browser:
        folder = Path(tmp)
        for n in range(args.rounds):
            try:
                step("starting the floor")
                floor_run(browser, folder, floor)
                for size in args.sizes:
                    step(f"starting the {size} diary")
                    dashboard_run(browser, folder / f"{size}-{n}", SIZES[size], diaries[size])
            except Exception as exc:
                exc.add_note(f"in round {n + 1}, while {_STEP[0]}")
                raise
            print(f"round {n + 1} of {args.rounds} done", file=sys.stderr, flush=True)
        commands = command_figures(folder, args.sizes, max(3, args.rounds))
    print_table(floor, diaries, commands)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
