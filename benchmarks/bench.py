"""Speed figures for 90-day, 1-year and 10-year diaries, on both backends.

Prints one table: the median of repeated runs with min and max, for

- every page's first run and a rerun after a widget interaction (AppTest),
  beside the same figures for a minimal one-widget Streamlit page: the floor
  the platform itself sets, and each page's ratio to it;
- saving one entry, importing and exporting the whole diary, the report, and
  ``pain-diary analyze --json`` as a whole process including start-up.

Run with ``make bench`` (``--quick`` for fewer repeats, ``--sizes 10y``).
Figures, not pass/fail: the targets are in README "Performance".
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diary.entry import parse_entry  # noqa: E402
from diary.exchange.diary_csv import export_csv  # noqa: E402
from diary.sample import SampleSpec, generate_sample  # noqa: E402
from diary.storage import open_diary  # noqa: E402
from diary.views.trends import RANGE_PRESETS  # noqa: E402

SIZES = {"90d": 90, "1y": 365, "10y": 3650}
BACKENDS = ("sqlite", "csv")
MINIMAL_APP = Path(__file__).with_name("minimal_app.py")


@dataclass
class Figure:
    what: str
    size: str
    backend: str
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def build_diary(folder: Path, backend: str, days: int) -> Path:
    """A diary of ``days`` days from the sample generator, ending yesterday."""
    end = dt.date.today() - dt.timedelta(days=1)
    entries = generate_sample(SampleSpec(start=end - dt.timedelta(days=days - 1), days=days, seed=days))
    path = folder / f"diary-{days}.{'sqlite3' if backend == 'sqlite' else 'csv'}"
    diary = open_diary(path)
    try:
        diary.import_entries(entries)
    finally:
        diary.close()  # as a diary is between sessions: its write-ahead log folded in
    return path


# -- pages -----------------------------------------------------------------------

PAGES: dict[str, str] = {
    "Log": "pages/log.py",
    "History": "pages/history.py",
    "Trends": "pages/trends.py",
    "Factors": "pages/factors.py",
    "Export": "pages/export.py",
    "Import": "pages/import_diary.py",
}


def interact(at, page: str, step: int) -> None:
    """One realistic widget change per page (the rerun it causes is what is timed)."""
    if page == "Log":
        at.button(key="day_yesterday" if step % 2 else "day_today").click()
    elif page == "History":
        at.text_input(key="history_search").set_value("walk" if step % 2 else "")
    elif page == "Trends":
        presets = [key for key in RANGE_PRESETS if key != "custom"]
        at.selectbox(key="trend_range").set_value(presets[step % len(presets)])
    elif page == "Factors":
        at.selectbox(key="outcome").set_value("pain_minutes" if step % 2 else "pain")
    elif page == "Export":
        at.toggle(key="include_notes").set_value(bool(step % 2))
    # Import has no widget to change without a file: a plain rerun.


def keep_pages_mode_as_a_server_does() -> None:
    """Time pages as a running dashboard shows them.

    AppTest resets Streamlit's old pages-folder flag before every run, which a
    server never does once ``st.navigation`` has run; every page run would then
    go through ``use_app_navigation``'s one-off rerun and be timed twice. The
    flag is left to the server's own class here, where it stays off.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class ServerPagesManager(PagesManager):
        pass

    PagesManager.uses_pages_directory = False
    app_test.PagesManager = ServerPagesManager  # type: ignore[misc]  # AppTest's reset now lands on this subclass


def _quiet_streamlit() -> None:
    import logging

    for name in ("streamlit", "streamlit.runtime"):
        logging.getLogger(name).setLevel(logging.ERROR)


def page_figures(path: Path, size: str, backend: str, repeat: int) -> list[Figure]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    _quiet_streamlit()
    keep_pages_mode_as_a_server_does()
    os.environ["PAIN_DIARY_DATA"] = str(path)
    figures = []
    for name, script in PAGES.items():
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
        at.run()
        at.switch_page(script)
        first = timed(at.run, 1)
        assert not at.exception, f"{name}: {at.exception}"
        reruns = []
        for step in range(repeat):
            interact(at, name, step)
            reruns += timed(at.run, 1)
            assert not at.exception, f"{name}: {at.exception}"
        figures.append(Figure(f"page {name}: first run", size, backend, first))
        figures.append(Figure(f"page {name}: rerun", size, backend, reruns))
    # The pages' work ahead (other ranges and outcomes, the report) goes on in the background:
    # let it finish, or it would compete with the library figures timed next.
    from pages._caching import finish_builds_ahead

    finish_builds_ahead(timeout=600)
    return figures


def floor_figures(repeat: int) -> list[Figure]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(MINIMAL_APP), default_timeout=60)
    first = timed(at.run, 1)
    reruns = []
    for step in range(repeat):
        at.slider(key="value").set_value(step % 10)
        reruns += timed(at.run, 1)
    return [
        Figure("minimal page: first run", "-", "-", first),
        Figure("minimal page: rerun", "-", "-", reruns),
    ]


# -- library and command line --------------------------------------------------


def core_figures(path: Path, size: str, backend: str, repeat: int, folder: Path) -> list[Figure]:
    diary = open_diary(path)
    figures = []
    free = sorted(set(_all_days(diary)) - set(diary.dates()))
    if len(free) < repeat:  # make room: delete the most recent days, then add them back
        free = diary.dates()[-repeat:]
        diary.delete_many(free)
    days = iter(free)

    def save_one() -> None:
        diary.add(parse_entry({"date": next(days), "pain": 4, "position": "side", "notes": "bench"}))

    figures.append(Figure("save one entry", size, backend, timed(save_one, repeat)))
    text = export_csv(diary)
    figures.append(
        Figure("export whole diary (CSV)", size, backend, timed(lambda: export_csv(diary), repeat))
    )
    csv_file = folder / f"whole-{size}.csv"
    csv_file.write_text(text, encoding="utf-8")

    def import_fresh() -> None:
        target = folder / f"import-{time.perf_counter_ns()}.{'sqlite3' if backend == 'sqlite' else 'csv'}"
        open_diary(target).import_entries(_read(csv_file))

    figures.append(
        Figure("import whole diary (CSV)", size, backend, timed(import_fresh, max(3, repeat // 2)))
    )
    exe = Path(sys.executable).with_name("pain-diary")
    command = [str(exe), "analyze", "--json", "--data", str(path)]
    figures.append(
        Figure(
            "analyze --json (whole process)",
            size,
            backend,
            timed(lambda: subprocess.run(command, capture_output=True, check=True), max(3, repeat // 2)),
        )
    )
    report = folder / f"report-{size}-{backend}.pdf"
    report_command = [str(exe), "report", "-o", str(report), "--data", str(path)]
    figures.append(
        Figure(
            "report (whole process)",
            size,
            backend,
            timed(
                lambda: subprocess.run(report_command, capture_output=True, check=True), max(3, repeat // 3)
            ),
        )
    )
    return figures


def _read(csv_file: Path):
    from diary.csv.format import read_diary_csv

    return read_diary_csv(csv_file.read_bytes())


def _all_days(diary) -> list[dt.date]:
    dates = diary.dates()
    span = (dates[-1] - dates[0]).days
    return [dates[0] + dt.timedelta(days=i) for i in range(span + 1)]


# -- output ----------------------------------------------------------------------


def print_table(figures: list[Figure]) -> None:
    floor = {f.what.split(": ")[1]: f.median for f in figures if f.what.startswith("minimal page")}
    print(f"{'what':<34} {'diary':>6} {'backend':>7} {'median ms':>10} {'min':>8} {'max':>8} {'x floor':>8}")
    print("-" * 88)
    for f in figures:
        ratio = ""
        if f.what.startswith("page "):
            kind = f.what.split(": ")[1]
            ratio = f"{f.median / floor[kind]:.1f}" if floor.get(kind) else ""
        print(
            f"{f.what:<34} {f.size:>6} {f.backend:>7} {f.median:>10.1f} {min(f.samples):>8.1f} "
            f"{max(f.samples):>8.1f} {ratio:>8}"
        )


def machine() -> str:
    cpus = os.cpu_count()
    return f"{platform.processor() or platform.machine()}, {cpus} cores, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES))
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--repeat", type=int, default=9, help="repeats per figure (median, min, max)")
    parser.add_argument("--quick", action="store_true", help="3 repeats")
    parser.add_argument("--no-pages", action="store_true", help="skip the page figures")
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else args.repeat
    print(f"Pain & Sleep Diary benchmark on {machine()}; {dt.date.today()}")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["PAIN_DIARY_SETTINGS"] = str(folder / "settings.json")
        if not args.no_pages:
            figures += floor_figures(repeat)
        for size in args.sizes:
            for backend in args.backends:
                path = build_diary(folder, backend, SIZES[size])
                if not args.no_pages:
                    figures += page_figures(path, size, backend, repeat)
                figures += core_figures(path, size, backend, repeat, folder)
    print()
    print_table(figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
