"""Shared fixtures: a diary on every backend, Hypothesis profiles, the sample, a Chromium per browser test module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

from diary.sample import sample_entries
from diary.storage import CSVDiary, Diary, SQLiteDiary

from .clock_support import TODAY

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

    from .browser_support import Dashboard

# Small profiles keep the suite quick; HYPOTHESIS_PROFILE=dev searches harder.
settings.register_profile("ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

BACKENDS = ("sqlite", "csv")


def make_diary(backend: str, folder: Path) -> Diary:
    if backend == "sqlite":
        return SQLiteDiary(folder / "diary.sqlite3")
    return CSVDiary(folder / "diary.csv")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(params=["diary.sqlite3", "diary.csv"])
def data(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A diary file's path on either backend (not created): what ``--data`` names."""
    return tmp_path / request.param


@pytest.fixture
def diary(backend: str, tmp_path: Path) -> Iterator[Diary]:
    """An empty diary, once per backend."""
    opened = make_diary(backend, tmp_path)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def sample() -> list:
    return sample_entries()


@pytest.fixture(autouse=True)
def _one_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is the day the run began, for every test, even one that runs after midnight."""
    monkeypatch.setattr("diary.clock.today", lambda: TODAY)


@pytest.fixture(autouse=True)
def _no_user_diary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real user's diary: the default location points into the test folder."""
    monkeypatch.setenv("PAIN_DIARY_DATA", str(tmp_path / "default-diary.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture(autouse=True)
def _nothing_built_ahead(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pages opened in AppTest build nothing in the background (threads outliving their test), unless marked.

    A marked test's builds are waited for when it ends: one still running would
    call the next test's stand-ins.
    """
    marked = request.node.get_closest_marker("ahead") is not None
    if not marked:
        monkeypatch.setattr("pages._caching.AHEAD", False)
    yield
    if marked:
        from pages._caching import finish_builds_ahead

        finish_builds_ahead()


@pytest.fixture(autouse=True, scope="session")
def _reports_in_the_shipped_font() -> Iterator[None]:
    """Every report made in the tests' process uses Bitstream Vera, shipped with reportlab, so that what it
    prints is the same on every computer (one with DejaVu Sans uses that: tests/test_report.py tries it in a
    process of its own)."""
    from diary.views.report import page

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(page, "WIDE_FONT_FOLDERS", ())
        yield


@pytest.fixture(autouse=True)
def _private_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PAIN_DIARY_SETTINGS", str(tmp_path / "settings.json"))


# -- the fault-injection count: printed at the end of the session (tests/faults.py) ----------


def pytest_sessionfinish(session: pytest.Session) -> None:
    from .faults import POINTS

    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the count to the controller
        workeroutput["fault_points"] = dict(POINTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    from .faults import POINTS

    POINTS.update(getattr(node, "workeroutput", {}).get("fault_points", {}))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from .faults import POINTS

    total = sum(POINTS.values())
    if total:
        layers = ", ".join(f"{count} {layer}" for layer, count in sorted(POINTS.items()))
        terminalreporter.write_line(f"fault injection: {total} injection points tried ({layers})")


@pytest.fixture(scope="module")
def headless() -> Iterator[Browser]:
    """Debian's Chromium itself, for a module whose tests open contexts of their own (a phone's, a laptop's)."""
    from .browser_support import chromium_browser, require_browser

    require_browser()
    with chromium_browser() as running:
        yield running


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Debian's Chromium with a fresh profile, shared by a browser test module's tests (each opens its own tab)."""
    from .browser_support import chromium, require_browser

    require_browser()
    with chromium(tmp_path_factory.mktemp("chromium")) as context:
        yield context


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    """``pain-diary run`` on the sample diary, the emergency number set, for a browser test module."""
    from .browser_support import require_browser, sample_dashboard

    require_browser()
    with sample_dashboard(tmp_path_factory.mktemp("sample")) as running:
        yield running
