"""Every page opens without an exception on an empty diary and on the sample diary; navigation and settings."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from diary.sample import load_sample
from diary.settings import load_settings
from diary.storage import Diary
from diary.views import app_words

from . import apptest_support
from .apptest_support import APP, open_app, shown, texts

app_diary = apptest_support.app_diary

PAGES = {
    "pages/log.py": "Log",
    "pages/history.py": "History",
    "pages/trends.py": "Trends",
    "pages/factors.py": "Factors",
    "pages/experiments.py": "Experiments",
    "pages/export.py": "Export",
    "pages/import_diary.py": "Import",
    "pages/settings.py": "Settings",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("content", ["empty", "sample"])
def test_every_page_opens(app_diary: Diary, page: str, content: str) -> None:
    if content == "sample":
        load_sample(app_diary)
    at = open_app(page)
    assert not at.exception
    at.run()  # and runs again (a rerun after any click) just as well
    assert not at.exception
    assert at.title, f"{page} shows no title"
    # A heading's link icon is a Tab stop before every section; nobody links to a diary's sections.
    linked = [h.value for h in [*at.title, *at.header, *at.subheader] if not h.proto.hide_anchor]
    assert not linked, f"{page}: headings with a link: {linked}"
    # Run through streamlit_app.py's navigation (use_app_navigation), not as a lone pages/ file.
    assert any(c.startswith("Diary:") for c in texts(at.sidebar.caption)), f"{page} ran without the app"


def _argument(node: ast.expr) -> object:
    """A literal argument's value; a name from ``app_words`` (imported as ``words``), its value there."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "words":
        return getattr(app_words, node.attr)
    return ast.literal_eval(node)


def test_the_navigation_registers_every_page_with_its_title() -> None:
    """The page list of streamlit_app.py: file paths and titles, the Log page first and the default."""
    tree = ast.parse(APP.read_text(encoding="utf-8"))
    pages = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page"
    ]
    registered = {}
    for call in pages:
        path = call.args[0].value  # type: ignore[attr-defined]
        keywords = {k.arg: _argument(k.value) for k in call.keywords}
        registered[path] = keywords
        assert str(keywords.get("icon", "")).startswith(":material/"), f"{path} has no Material icon"
        assert (APP.parent / path).is_file()
    assert {path: kw["title"] for path, kw in registered.items()} == PAGES
    assert next(iter(registered)) == "pages/log.py" and registered["pages/log.py"].get("default") is True


def icon_arguments(path: Path) -> list[tuple[int, str]]:
    """Every literal ``icon=`` and ``page_icon=`` argument in a file: (line, value)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (keyword.value.lineno, keyword.value.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg in ("icon", "page_icon")
        and isinstance(keyword.value, ast.Constant)
        and isinstance(keyword.value.value, str)
    ]


def test_icons_are_material_symbols_never_emoji() -> None:
    """Emoji show as empty boxes on a computer without an emoji font; Streamlit's own icon font is always there."""
    from streamlit.string_util import validate_material_icon

    files = [APP, *sorted((APP.parent / "pages").glob("*.py"))]
    checked = 0
    for path in files:
        name = path.relative_to(APP.parent).as_posix()
        for line, icon in icon_arguments(path):
            assert icon.startswith(":material/"), f"{name}:{line} uses {icon!r}, not a Material icon"
            validate_material_icon(icon)  # a name Streamlit knows (raises otherwise)
            checked += 1
    assert checked >= 10  # the navigation alone has nine


def test_the_sidebar_says_which_diary_is_open(app_diary: Diary) -> None:
    at = open_app()
    assert any(str(app_diary.path) in c and "SQLite database" in c for c in texts(at.sidebar.caption))
    at.run()  # still there on the next run
    assert any(str(app_diary.path) in c for c in texts(at.sidebar.caption))


def test_the_log_page_is_the_default(app_diary: Diary) -> None:
    at = open_app()
    assert [t.value for t in at.title] == ["Log a morning"]


def test_settings_change_the_emergency_number(app_diary: Diary) -> None:
    at = open_app("pages/settings.py")
    assert at.text_input(key="emergency_number").value == ""  # no silent default: not set until given
    assert "Not set yet" in shown(at)
    at.text_input(key="emergency_number").set_value(" 999 ")
    at.button(key="save_settings").click().run()
    assert not at.exception
    assert load_settings().emergency_number == "999"
    assert any("now says to call 999" in s for s in texts(at.success))

    at.switch_page("pages/log.py").run()
    at.segmented_control(key="pain").set_value(7)
    at.checkbox(key="red_flag_leg_weakness").check()
    at.button(key="save").click().run()
    assert any("Call emergency services now (999)" in e for e in texts(at.error))


def test_a_bad_emergency_number_is_refused_and_nothing_changes(app_diary: Diary) -> None:
    at = open_app("pages/settings.py")
    at.text_input(key="emergency_number").set_value("call mum")
    at.button(key="save_settings").click().run()
    assert not at.exception
    assert load_settings().emergency_number is None
    assert any("Not saved" in e and "not a phone number" in e for e in texts(at.error))
    assert "Not set yet: advice about warning symptoms says to call your local emergency number." in shown(at)


def test_pages_keep_to_the_library(app_diary: Diary) -> None:
    """Pages are a thin shell: no SQL, CSV parsing or statistics of their own."""
    for name in ("log.py", "history.py", "settings.py", "_shared.py"):
        source = (Path(APP).parent / "pages" / name).read_text(encoding="utf-8")
        for forbidden in ("import sqlite3", "import csv", "statsmodels", "scipy", "SELECT "):
            assert forbidden not in source, f"pages/{name} uses {forbidden}"


def test_a_diary_named_as_a_folder_is_said_so_and_no_file_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PAIN_DIARY_DATA=newdir/: the page names the problem; no diary file is made under the folder's name."""
    monkeypatch.setenv("PAIN_DIARY_DATA", f"{tmp_path / 'newdir'}/")
    apptest_support._clear_caches()
    at = open_app()
    assert not at.exception
    assert any("ends with a slash, so it names a folder" in e for e in texts(at.error))
    assert not (tmp_path / "newdir").exists()
