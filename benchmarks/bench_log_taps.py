"""How many taps, and how long, a morning takes on the Log page at phone size (390×844), in Chromium.

    .venv/bin/python benchmarks/bench_log_taps.py [--size 390x844] [--repeat 3]

Starts ``pain-diary run`` on a temporary diary of a returning user (three
weeks of mornings up to the day before yesterday, the emergency number set),
opens it in Debian's headless chromium and logs mornings the way a person on a
phone would. For each kind of morning it prints the taps (clicks plus key
presses) and the time from the first tap until the page confirms the save,
with the page already open. Figures, not pass/fail; the person's own diary and
settings are never touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diary.wording import day_label  # noqa: E402
from tests.browser_support import chromium, dashboard, missing_browser, returning_user_diary, settle  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

HEADING = "Log a morning"


@dataclass
class Taps:
    """Counts what a person does: a click is one tap, every key pressed is one more."""

    page: Page
    count: int = 0

    def tap(self, target: Locator, *, then: Locator | None = None) -> None:
        """Tap ``target``; wait for ``then`` to show (the rerun's outcome), and for the page to settle."""
        target.click()
        self.count += 1
        if then is not None:
            then.wait_for()
        settle(self.page, HEADING)

    def type(self, target: Locator, text: str) -> None:
        """Tap into a box, type ``text`` key by key, and press Enter."""
        target.click()
        target.press_sequentially(text)
        target.press("Enter")
        self.count += 1 + len(text) + 1
        settle(self.page, HEADING)


@dataclass
class Morning:
    """One kind of morning: what it is, and the taps that log it."""

    name: str
    steps: Callable[[Taps], None]
    seconds: list[float] = field(default_factory=list)
    taps: int = 0


def _pain(taps: Taps, value: int) -> None:
    button = taps.page.locator(".st-key-pain").get_by_role("radio", name=str(value), exact=True)
    taps.tap(button, then=taps.page.locator(".st-key-pain [aria-checked='true']"))


def _save(taps: Taps) -> None:
    taps.page.locator(".st-key-save button").click()
    taps.count += 1
    taps.page.locator(".st-key-after_save").get_by_text("Added a new entry").wait_for()


def routine(taps: Taps) -> None:
    """This morning, nothing unusual: the pain, then Save (last night is copied)."""
    _pain(taps, 3)
    _save(taps)


def with_a_symptom(taps: Taps) -> None:
    """Yesterday's morning, logged late, with a warning symptom ticked."""
    yesterday = dt.date.today() - dt.timedelta(days=1)
    taps.tap(
        taps.page.get_by_role("button", name="Yesterday", exact=True),
        then=taps.page.get_by_text(f"Morning of {day_label(yesterday)}"),
    )
    _pain(taps, 6)
    taps.tap(taps.page.get_by_text("Fever with back pain", exact=True))
    _save(taps)


def typed_day(days_back: int) -> Callable[[Taps], None]:
    """A missed morning ``days_back`` days ago, its date typed (e.g. "25 Nov")."""

    def steps(taps: Taps) -> None:
        day = dt.date.today() - dt.timedelta(days=days_back)
        taps.type(taps.page.locator(".st-key-date_typed input"), f"{day.day} {day:%b}")
        taps.page.get_by_text(f"Morning of {day_label(day)}").wait_for()
        _pain(taps, 4)
        _save(taps)

    return steps


def run_once(morning: Morning, size: dict[str, int], folder: Path) -> None:
    """Log ``morning`` once on a fresh diary and browser tab; record its taps and seconds."""
    folder.mkdir(parents=True)
    data = returning_user_diary(folder, missing=(5,))
    with dashboard(data) as server, chromium(folder / "profile") as browser:
        page = browser.new_page()
        page.set_viewport_size(size)  # type: ignore[arg-type]
        page.goto(server.url)
        settle(page, HEADING)
        taps = Taps(page)
        started = time.perf_counter()
        morning.steps(taps)
        morning.seconds.append(time.perf_counter() - started)
        morning.taps = taps.count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="390x844", help="viewport WIDTHxHEIGHT (default 390x844)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each morning (default 3)")
    args = parser.parse_args(argv)
    reason = missing_browser()
    if reason is not None:
        print(f"Not run: this machine {reason}.", file=sys.stderr)
        return 1
    width, height = (int(n) for n in args.size.lower().split("x"))
    size = {"width": width, "height": height}
    mornings = [
        Morning("routine morning (today, pain only)", routine),
        Morning("yesterday, with a warning symptom", with_a_symptom),
        Morning("a missed morning, date typed", typed_day(5)),
    ]
    for morning in mornings:
        for run in range(args.repeat):
            with tempfile.TemporaryDirectory(prefix="pain-diary-taps-") as folder:
                run_once(morning, size, Path(folder) / str(run))
    print(f"Log page at {width}x{height}, Chromium headless, {args.repeat} runs each (page already open)")
    print(f"{'morning':<40} {'taps':>5} {'median s':>9} {'min s':>6} {'max s':>6}")
    for m in mornings:
        print(
            f"{m.name:<40} {m.taps:>5} {statistics.median(m.seconds):>9.2f} "
            f"{min(m.seconds):>6.2f} {max(m.seconds):>6.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
