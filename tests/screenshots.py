"""Take the README's screenshots again: every page of the dashboard on the sample diary, in Chromium.

    .venv/bin/python -m tests.screenshots [--out docs/screenshots]

(``make screenshots``.) The dashboard runs with ``pain-diary run`` on a
temporary diary holding the sample, so nobody's own diary is shown. Needs
Debian's chromium. The icons are Streamlit's own Material symbols, drawn
without any emoji font (the Log page's last emoji aside).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from diary.sample import load_sample
from diary.storage import open_diary

from .browser_support import PAGES, REPO, chromium, dashboard, missing_browser, screenshot_pages, settle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=REPO / "docs" / "screenshots", help="folder for <page>.png"
    )
    args = parser.parse_args(argv)
    reason = missing_browser()
    if reason is not None:
        print(f"No screenshots taken: this machine {reason}.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="pain-diary-") as folder:
        data = Path(folder) / "diary.sqlite3"
        diary = open_diary(data)
        try:
            load_sample(diary)
        finally:
            diary.close()
        with dashboard(data) as server, chromium(Path(folder) / "profile") as browser:
            page = browser.pages[0] if browser.pages else browser.new_page()
            page.goto(server.url)
            settle(page, PAGES["Log"])
            for path in screenshot_pages(page, args.out):
                print(f"{path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
