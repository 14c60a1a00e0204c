"""Start-up stays light: the first page and the everyday commands load no statistics or PDF stack."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

HEAVY = (
    "statsmodels",
    "scipy",
    "reportlab",
    "pypdfium2",
    "pypdf",
    "diary.stats.regression",
    "diary.stats.student_t",
    "diary.views.report",
)
ROOT = Path(__file__).resolve().parent.parent


DATA_STACK = ("pandas", "pyarrow", "diary.analysis", "diary.views.charts")
"""What the Log page's first draw does without: the Trends and Factors pages load these."""


def run_python(code: str, tmp_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``code`` (dedented) run by a fresh interpreter in the project's folder, which must succeed.

    With ``tmp_path``, the diary and the settings are kept there.
    """
    env = dict(os.environ)
    if tmp_path is not None:
        env |= {
            "PAIN_DIARY_DATA": str(tmp_path / "diary.sqlite3"),
            "PAIN_DIARY_SETTINGS": str(tmp_path / "s.json"),
        }
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result


def loaded_after(code: str, tmp_path: Path, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """The ``heavy`` modules a fresh interpreter has imported after running ``code``."""
    script = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import sys
        print("heavy:" + ",".join(m for m in {heavy!r} if m in sys.modules))
        """
    )
    result = run_python(script, tmp_path)
    line = result.stdout.splitlines()[-1]
    assert line.startswith("heavy:"), result.stdout
    return [m for m in line.removeprefix("heavy:").split(",") if m]


def test_the_first_page_loads_no_statistics_or_pdf_stack(tmp_path: Path) -> None:
    code = f"""
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file({str(ROOT / "streamlit_app.py")!r}, default_timeout=60).run()
        assert not at.exception, at.exception
        assert [t.value for t in at.title] == ["Log a morning"]
    """
    assert loaded_after(code, tmp_path) == []


def test_the_log_page_draws_its_chart_without_pandas_or_arrow(tmp_path: Path) -> None:
    code = f"""
        import datetime as dt
        from diary import open_diary, parse_entry
        from diary.sample import load_sample
        diary = open_diary({str(tmp_path / "diary.sqlite3")!r})
        load_sample(diary)  # the sidebar's sample notice shows too
        today = dt.date.today()
        for n in (1, 2, 4):
            diary.add(parse_entry({{"date": today - dt.timedelta(days=n), "pain": n}}))
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file({str(ROOT / "streamlit_app.py")!r}, default_timeout=60).run()
        assert not at.exception, at.exception
        assert not at.get("vega_lite_chart")  # no chart library: the last two weeks are boxes of HTML
        assert any("Morning pain, day by day" in element.proto.body for element in at.get("html"))
        assert at.sidebar.button(key="remove_sample")
    """
    # Loading the sample itself needs numpy, not pandas: the diary is written entry by entry.
    assert loaded_after(code, tmp_path, DATA_STACK) == []


def test_the_data_stack_check_can_fail(tmp_path: Path) -> None:
    code = f"""
        from diary import open_diary
        from diary.sample import load_sample
        load_sample(open_diary({str(tmp_path / "diary.sqlite3")!r}))
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file({str(ROOT / "streamlit_app.py")!r}, default_timeout=60).run()
        at.switch_page("pages/trends.py").run()
        assert at.get("vega_lite_chart")
    """
    assert set(loaded_after(code, tmp_path, DATA_STACK)) >= {"pandas", "diary.analysis", "diary.views.charts"}


def test_no_page_loads_a_chart_library(tmp_path: Path) -> None:
    """The charts are Vega-Lite specs written as dicts: Altair (and its schema checker) stay unloaded."""
    code = f"""
        from diary import open_diary
        from diary.sample import load_sample
        load_sample(open_diary({str(tmp_path / "diary.sqlite3")!r}))
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file({str(ROOT / "streamlit_app.py")!r}, default_timeout=60).run()
        for page in ("trends", "factors", "experiments", "export"):
            at.switch_page(f"pages/{{page}}.py").run()
            assert not at.exception, at.exception
            assert page in ("experiments", "export") or at.get("vega_lite_chart")
    """
    assert loaded_after(code, tmp_path, ("altair", "jsonschema")) == []


def test_everyday_commands_load_neither(tmp_path: Path) -> None:
    code = """
        from diary.cli import main
        assert main(["add", "--date", "2025-03-01", "--pain", "4"]) == 0
        assert main(["export", "-o", "out.csv"]) == 0
    """
    (tmp_path / "work").mkdir()
    assert loaded_after(code.replace("out.csv", str(tmp_path / "out.csv")), tmp_path) == []


def test_the_analysis_loads_statistics_when_asked(tmp_path: Path) -> None:
    """The check above can fail: asking for the analysis loads the engine — but neither scipy (its Student's t
    is the diary's own, ``diary.stats.student_t``) nor statsmodels."""
    code = """
        from diary.cli import main
        main(["sample"])
        main(["analyze", "--json"])
    """
    loaded = loaded_after(code, tmp_path)
    assert "diary.stats.regression" in loaded and "diary.stats.student_t" in loaded
    assert (
        "scipy" not in loaded and "statsmodels" not in loaded
    )  # long to import, and nothing the engine needs


def test_analyze_runs_without_the_collector_and_sets_the_libraries_aside(tmp_path: Path) -> None:
    """No collection walks pandas' objects while they load, nor at exit; other commands keep the collector."""
    code = """
        import gc
        from diary.cli import main
        assert main(["sample"]) == 0 and gc.isenabled() and gc.get_freeze_count() == 0
        assert main(["analyze", "--json"]) == 0
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 10_000, gc.get_freeze_count()
    """
    run_python(code, tmp_path)


COMMAND_MODULES = (
    "diary.cli.import_command",
    "diary.exchange.importing",
    "diary.sources",
    "diary.cli.trial_command",
)
"""What only ``pain-diary import`` and ``pain-diary trial`` need: the other commands never load it."""


def test_analyze_loads_no_other_command_s_modules(tmp_path: Path) -> None:
    code = """
        from diary.cli import main
        assert main(["sample"]) == 0
        assert main(["analyze", "--json"]) == 0
        assert main(["analyze"]) == 0
    """
    assert loaded_after(code, tmp_path, COMMAND_MODULES) == []


def test_import_and_trial_load_their_modules_when_they_run(tmp_path: Path) -> None:
    """The check above can fail: the commands that need those modules load them."""
    out = tmp_path / "out.csv"
    code = f"""
        from diary.cli import main
        assert main(["add", "--date", "2025-03-01", "--pain", "4"]) == 0
        assert main(["export", "-o", {str(out)!r}]) == 0
        assert main(["trial", "status"]) == 0
        assert main(["import", "--dry-run", {str(out)!r}]) == 0
    """
    assert loaded_after(code, tmp_path, COMMAND_MODULES) == list(COMMAND_MODULES)


def test_preload_takes_the_first_pages_modules_early_the_rest_after_it_quietly_skipping_what_fails() -> None:
    """...and then sets what it loaded aside from the garbage collector (``gc.freeze``)."""
    code = textwrap.dedent(
        """
        import sys, time
        import diary.dashboard.preload
        from diary.dashboard.preload import PRELOADED, first_page_drawn, preload
        ready, warmed, lowered = [], [], []
        real_yield = diary.dashboard.preload.yield_the_cpu
        def yielding():  # the heavy imports run at the lowest CPU priority: the browser draws meanwhile
            lowered.append("pandas" in sys.modules)
            real_yield()
        diary.dashboard.preload.yield_the_cpu = yielding
        def failing():
            raise RuntimeError("skipped quietly")
        thread = preload(
            ("no_such_module_for_the_diary", "pandas", "diary.analysis"),
            first=("no_such_first_module", "diary.views.overview"),
            warm=(failing, lambda: warmed.append(True)),
            ready=lambda: bool(ready),
        )
        assert thread.daemon and preload() is thread  # once per process
        time.sleep(0.3)
        assert "diary.views.overview" not in sys.modules  # the server is not ready for them yet
        ready.append(True)
        time.sleep(0.5)
        assert "diary.views.overview" in sys.modules and warmed  # the first page's own: before it is drawn
        assert "pandas" not in sys.modules  # the first page is not drawn yet
        import gc
        frozen = gc.get_freeze_count()
        assert frozen > 1_000  # the first page's modules, out of the collector's way
        first_page_drawn()
        thread.join(timeout=120)
        assert not thread.is_alive()
        assert "pandas" in sys.modules and "diary.analysis" in sys.modules
        assert lowered == [False]  # before the libraries, after the first page's own modules
        assert gc.get_freeze_count() > frozen + 10_000  # and then the libraries' objects
        assert "streamlit" not in sys.modules
        assert "diary.stats.regression" in PRELOADED and "pyarrow" in PRELOADED
        """
    )
    result = run_python(code)
    assert result.stdout == "" and result.stderr == ""


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="each thread has its own priority on Linux only"
)
def test_background_work_takes_the_lowest_cpu_priority_for_its_own_thread_only() -> None:
    from diary.dashboard.preload import BACKGROUND_NICENESS, yield_the_cpu

    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: list[int] = []

    def background() -> None:
        yield_the_cpu()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    thread = threading.Thread(target=background)
    thread.start()
    thread.join(timeout=10)
    assert seen == [BACKGROUND_NICENESS] == [19]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before  # the calling thread only


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
@pytest.mark.parametrize(
    "setup", ["", "from diary.dashboard.preload import lean_heap; assert lean_heap()", "import dashboard_app"]
)
def test_a_lean_heap_hands_freed_blocks_back_to_the_system(tmp_path: Path, setup: str) -> None:
    """Every other one of 500 blocks of 200 KiB freed: with the settings (the served app takes them), the
    memory leaves the process; without, glibc keeps it (once a larger block was freed, as in any server)."""
    code = textwrap.dedent(
        f"""
        import psutil
        {setup}
        rss = lambda: psutil.Process().memory_info().rss / 2**20
        large = b"x" * 2**20  # freed: glibc then keeps blocks up to this size in its heap
        del large
        blocks = [b"x" * (200 * 1024) for _ in range(500)]
        before = rss()
        del blocks[::2]
        returned = before - rss()
        assert (returned > 40) is {bool(setup)}, returned
        """
    )
    run_python(code, tmp_path)


def test_the_served_app_preloads_once_its_first_page_is_drawn(tmp_path: Path) -> None:
    """What ``pain-diary run`` serves starts the thread; the first page's run lets it begin."""
    code = textwrap.dedent(
        f"""
        import sys, threading
        import dashboard_app
        (thread,) = [t for t in threading.enumerate() if t.name == "pain-diary-preload"]
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file({str(ROOT / "streamlit_app.py")!r}, default_timeout=60).run()
        assert not at.exception, at.exception
        from diary.dashboard import preload
        assert preload._first_page.is_set()  # the first page's run let the thread go on at once
        thread.join(timeout=120)  # the imports themselves: seconds, more on a busy machine
        assert not thread.is_alive()
        assert "pyarrow" in sys.modules and "diary.stats.regression" in sys.modules
        """
    )
    run_python(code, tmp_path)


def test_the_served_app_loads_the_first_pages_modules_once_a_browser_has_the_page() -> None:
    """Not while the server starts and answers the page, which the browser waits for before anything else."""
    code = textwrap.dedent(
        """
        import sys, time
        import dashboard_app
        from diary.dashboard.browser_code import FirstPageCode
        (code,) = [m for m in dashboard_app.app._user_middleware if m.cls is FirstPageCode]
        assert code.kwargs["on_page"] == dashboard_app.PAGE_SENT.set  # the page's answer says when
        first = [name for name in dashboard_app.FIRST_PAGE_MODULES if name.startswith("pages.")]
        time.sleep(1.0)
        assert not [name for name in first if name in sys.modules]  # no browser has the page yet
        dashboard_app.PAGE_SENT.set()
        deadline = time.monotonic() + 120  # imports: well under a second, more on a busy machine
        while [name for name in first if name not in sys.modules] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [name for name in first if name not in sys.modules]
        """
    )
    run_python(code)


def test_every_module_named_for_loading_ahead_exists() -> None:
    """A misspelt name would be skipped quietly (as a module that fails is): each must be found."""
    code = textwrap.dedent(
        """
        import importlib.util
        import dashboard_app
        from diary.dashboard.preload import PRELOADED
        named = (*dashboard_app.FIRST_PAGE_MODULES, *PRELOADED)
        missing = [name for name in named if importlib.util.find_spec(name) is None]
        assert not missing, missing
        """
    )
    run_python(code)


def test_the_browser_parts_loaded_ahead_are_found_in_this_streamlit(tmp_path: Path) -> None:
    """Each part named is one file of Streamlit's browser code: a rename would quietly stop the loading."""
    from diary.dashboard.browser_code import FIRST_PAGE_PARTS, part_files
    from pages._browser import PARTS, later_parts

    found = later_parts()
    assert [name.split(".")[0] for name in found] == list(PARTS)
    assert [name.split(".")[0] for name in part_files(FIRST_PAGE_PARTS)] == list(FIRST_PAGE_PARTS)
    (tmp_path / "DataFrame.abc123.js").write_text("", encoding="utf-8")
    (tmp_path / "embed.one.js").write_text("", encoding="utf-8")
    (tmp_path / "embed.two.js").write_text("", encoding="utf-8")  # two of a name: which one is unknown
    assert part_files(PARTS, tmp_path) == ("DataFrame.abc123.js",)  # the others are not there: left out


def test_each_later_part_names_every_file_it_needs_once_and_none_the_first_page_has() -> None:
    """The browser is given each part's whole import tree at once, so it fetches the files side by side."""
    from diary.dashboard.browser_code import FIRST_PAGE_PARTS, code_folder, part_files, with_imports
    from pages._browser import later_code, later_parts

    folder = code_folder()
    assert folder is not None
    groups = later_code()
    assert [part for part, _ in groups] == list(later_parts())
    named = [name for _, files in groups for name in files]
    assert len(named) == len(set(named))  # none named twice
    first_page = set(with_imports(part_files(FIRST_PAGE_PARTS, folder), folder))
    assert not first_page & set(named)
    assert set(named) == set(with_imports(later_parts(), folder, first_page))  # nothing left out
    assert groups[0][1][0] == groups[0][0]  # History's table first, itself before what it imports


def test_every_page_asks_the_browser_to_load_the_parts_once_idle(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import json
        from streamlit.testing.v1 import AppTest
        from pages._browser import later_named
        at = AppTest.from_file({str(ROOT / "streamlit_app.py")!r}, default_timeout=60).run()
        assert not at.exception, at.exception
        in_sidebar = [e.proto for e in at.sidebar if getattr(e, "type", "") == "html"]
        (script,) = [h for h in in_sidebar if "requestIdleCallback" in h.body]
        named = later_named()
        assert json.dumps(named) in script.body
        assert "modulepreload" in script.body  # a part's files asked for at once
        assert any(sheet for _, _, sheets in named for sheet in sheets)  # the table's style sheet too
        assert script.unsafe_allow_javascript
        assert "testScriptState" in script.body  # not before the page's run is over
        """
    )
    run_python(code, tmp_path)


def test_streamlits_once_per_process_check_is_made_before_the_first_page() -> None:
    """Its stack walk (0.08–0.2 s) is one of the server's warm-up steps, so the first page's run skips it."""
    code = textwrap.dedent(
        """
        import streamlit.delta_generator as delta_generator
        import streamlit.env_util as env_util
        import dashboard_app
        asked = []
        real = env_util.is_repl
        env_util.is_repl = lambda: asked.append(True) or real()
        assert dashboard_app.streamlits_first_element_check in dashboard_app.WARM
        dashboard_app.streamlits_first_element_check()
        assert asked == [True]
        delta_generator._maybe_print_use_warning()  # what the first element of the first page calls
        assert asked == [True]  # not asked again
        """
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr


def test_make_compiles_the_diarys_own_modules_even_where_python_would_not_keep_them() -> None:
    """An editable install's own code has no bytecode from pip; with PYTHONDONTWRITEBYTECODE set, every start
    would compile it again. ``make bytecode`` (part of installing and of ``make run``) keeps it current."""
    import importlib.util

    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(
        ["make", "--no-print-directory", "bytecode"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    sources = [
        *ROOT.glob("diary/**/*.py"),
        *ROOT.glob("pages/*.py"),
        ROOT / "streamlit_app.py",
        ROOT / "dashboard_app.py",
    ]
    stale = []
    for source in sources:
        cached = Path(importlib.util.cache_from_source(str(source)))
        if not cached.exists():
            stale.append(source)
            continue
        header = cached.read_bytes()[:16]  # magic, flags, then the source's mtime and size it was made from
        stat = source.stat()
        if header[:4] != importlib.util.MAGIC_NUMBER or (
            int.from_bytes(header[8:12], "little"),
            int.from_bytes(header[12:16], "little"),
        ) != (int(stat.st_mtime) & 0xFFFFFFFF, stat.st_size & 0xFFFFFFFF):
            stale.append(source)
    assert len(sources) > 100 and stale == []


def test_the_libraries_wait_while_a_page_runs() -> None:
    """A module's import holds the interpreter: the page being drawn comes first, between two modules."""
    code = textwrap.dedent(
        """
        import sys, time
        from diary.dashboard.preload import PRELOADED, first_page_drawn, preload
        busy = [True]
        thread = preload(("diary.views.history",), wait_while=lambda: busy[0])
        first_page_drawn()
        time.sleep(0.5)
        assert "diary.views.history" not in sys.modules and thread.is_alive()  # a page is running
        busy[0] = False
        thread.join(timeout=120)
        assert "diary.views.history" in sys.modules
        # History's table (the next page in the menu) before the charts and the statistics
        order = [PRELOADED.index(name) for name in ("pandas", "diary.views.history", "diary.analysis", "diary.stats.regression")]
        assert order == sorted(order)
        """
    )
    result = run_python(code)
    assert result.stdout == "" and result.stderr == ""


def test_the_served_app_lets_pages_go_first() -> None:
    code = """
        import dashboard_app
        from pages import _caching
        assert dashboard_app.pages_running is _caching.pages_running and not _caching.pages_running()
        with _caching.page_run():
            assert _caching.pages_running()
        assert not _caching.pages_running()
    """
    run_python(code)


def test_the_tab_icon_is_sent_as_it_is_without_numpy_or_pillow() -> None:
    """Given as a file, the icon was opened with Pillow on every run and fetched again after every page switch."""
    code = textwrap.dedent(
        """
        import base64, sys
        from streamlit.commands import page_config
        from pages._browser import ICON, tab_icon
        icon = tab_icon()
        assert icon.startswith("data:image/png;base64,")
        assert base64.b64decode(icon.split(",", 1)[1]) == ICON.read_bytes()
        import dashboard_app
        dashboard_app.tab_icon_as_given()  # a second call changes nothing
        assert page_config._get_favicon_string(icon) == icon
        assert "numpy" not in sys.modules and "PIL" not in sys.modules
        assert page_config._get_favicon_string("🛏️") == "emoji:🛏️"  # anything else goes Streamlit's way
        page_config._get_favicon_string(str(ICON))
        assert "PIL" in sys.modules  # a file is opened with Pillow, as before
        """
    )
    run_python(code)


def test_an_answer_sent_just_before_a_page_switch_is_kept_when_streamlit_merges_the_two() -> None:
    """A text box left for a page link while the page still runs: its answer reaches the session all the same."""
    code = textwrap.dedent(
        """
        from streamlit.proto.WidgetStates_pb2 import WidgetStates
        from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests

        def states(**values):
            found = WidgetStates()
            for key, value in values.items():
                found.widgets.add(id=key, string_value=value)
            return found

        def merged(first, then):
            requests = ScriptRequests()
            requests.request_rerun(RerunData(widget_states=first, page_script_hash="log"))
            requests.request_rerun(RerunData(widget_states=then, page_script_hash="history"))
            data = requests._rerun_data
            return data.page_script_hash, {w.id: w.string_value for w in data.widget_states.widgets}

        # Streamlit alone drops the box's answer: the switch names only the sidebar's widgets.
        assert merged(states(notes="stiff"), states()) == ("history", {})
        import dashboard_app
        dashboard_app.keep_answers_sent_just_before_a_page_switch()  # a second call changes nothing
        assert merged(states(notes="stiff"), states()) == ("history", {"notes": "stiff"})
        assert merged(states(notes="stiff", side="a"), states(side="b")) == (
            "history", {"side": "b", "notes": "stiff"},
        )  # where both name a widget, the newer value wins
        assert merged(states(notes="old"), states(notes="new")) == ("history", {"notes": "new"})
        """
    )
    run_python(code)


def test_an_answer_reaches_its_callback_when_a_page_switch_arrives_as_it_is_applied() -> None:
    """The switch arrives once the box's request has begun: the box's callback runs whole, then the switch."""
    code = textwrap.dedent(
        """
        import threading
        from streamlit.proto.WidgetStates_pb2 import WidgetStates
        from streamlit.runtime.fragment import MemoryFragmentStorage
        from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner import RerunData, RerunException
        from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequests
        from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext, add_script_run_ctx
        from streamlit.runtime.state.common import WidgetMetadata
        from streamlit.runtime.state.safe_session_state import SafeSessionState
        from streamlit.runtime.state.session_state import SessionState

        def apply_notes(switch_first):
            '''The draft the notes box's callback keeps, and the page the next run shows.'''
            pending, draft = [], []

            def check():  # Streamlit's look for a newer request
                if pending:
                    raise RerunException(pending.pop())

            state = SessionState()
            safe = SafeSessionState(state, check)
            ctx = ScriptRunContext(
                session_id="s", _enqueue=lambda msg: None, script_requests=ScriptRequests(), query_string="",
                session_state=safe, uploaded_file_mgr=MemoryUploadedFileManager("/upload"),
                main_script_path="streamlit_app.py", user_info={}, gather_usage_stats=False,
                fragment_storage=MemoryFragmentStorage(), pages_manager=PagesManager("streamlit_app.py"),
                context_info=None, on_script_error=None,
            )
            add_script_run_ctx(threading.current_thread(), ctx)

            def remember():
                draft.append(safe["notes"])
                pending.append(RerunData(page_script_hash="history"))  # the switch arrives mid-callback
                draft.append(safe["notes"].upper())

            state._set_widget_metadata(WidgetMetadata(
                id="notes", deserializer=lambda v: v, serializer=lambda v: v,
                value_type="string_value", callback=remember,
            ))
            answers = WidgetStates()
            answers.widgets.add(id="notes", string_value="stiff")
            if switch_first:
                pending.append(RerunData(page_script_hash="history"))
            try:
                safe.on_script_will_rerun(answers)
                safe["notes"]  # the next look for a newer request
            except RerunException as switch:
                return draft, switch.rerun_data.page_script_hash
            return draft, None

        # Streamlit alone: the switch takes over before the callback, or halfway through it.
        assert apply_notes(switch_first=True) == ([], "history")
        assert apply_notes(switch_first=False)[0] == ["stiff"]
        import dashboard_app
        dashboard_app.let_answers_reach_their_callbacks()  # a second call changes nothing
        assert apply_notes(switch_first=True) == (["stiff", "STIFF"], "history")
        assert apply_notes(switch_first=False) == (["stiff", "STIFF"], "history")
        """
    )
    run_python(code)


def test_stopping_as_a_tab_closes_its_connection_prints_no_traceback() -> None:
    """The web server's stop meets a connection the tab is closing: it is closed as it is, nothing raised."""
    code = textwrap.dedent(
        """
        import queue
        from types import SimpleNamespace
        from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
        from websockets.exceptions import InvalidState

        class ClosingConnection:  # the tab's own close, answered already
            def send_close(self, code):
                raise InvalidState("connection is closing")

        class Transport:
            closed = False

            def close(self):
                self.closed = True

        def stop():
            connection = SimpleNamespace(
                stop_keepalive=lambda: None, close_sent=False, handshake_complete=True, initial_response=None,
                queue=queue.Queue(), conn=ClosingConnection(), transport=Transport(),
            )
            WebSocketsSansIOProtocol.shutdown(connection)
            return connection

        try:  # the web server alone
            stop()
        except InvalidState:
            pass
        else:
            raise AssertionError("the web server no longer refuses: the mend can go")
        import dashboard_app
        dashboard_app.stop_quietly_beside_a_closing_tab()  # a second call changes nothing
        stopped = stop()
        assert stopped.transport.closed
        assert stopped.queue.get_nowait() == {"type": "websocket.disconnect", "code": 1012}
        """
    )
    run_python(code)
