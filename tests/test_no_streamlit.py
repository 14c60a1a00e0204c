"""The library never imports Streamlit: every ``diary`` module loads in a fresh interpreter without it.

The CLI, the tests and the benchmarks use the same functions as the pages, so
they must work where Streamlit is not wanted. The modules are found by walking
the package (``pkgutil``), so a new module is checked without being listed here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Imports each module in turn; a finder placed first on the import path notes which
# module asked for streamlit (the frame that ran the import), and lets the import go on.
_CHECK = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys

    package_name = sys.argv[1]
    asked_by = []

    class NoteStreamlit:
        def find_spec(self, fullname, path=None, target=None):
            if fullname == "streamlit" and not asked_by:
                frame = sys._getframe(1)
                while frame is not None:
                    name = frame.f_globals.get("__name__", "")
                    if name == package_name or name.startswith(package_name + "."):
                        asked_by.append(name)
                        break
                    frame = frame.f_back
            return None

    sys.meta_path.insert(0, NoteStreamlit())
    package = importlib.import_module(package_name)
    names = [package.__name__]
    names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    for name in names:
        importlib.import_module(name)
    loaded = sorted(m for m in sys.modules if m == "streamlit" or m.startswith("streamlit."))
    culprit = (asked_by or ["(unknown)"])[0] if loaded else None
    print(json.dumps({"modules": names, "culprit": culprit, "loaded": loaded[:5]}))
    """
)


def import_every_module(package: str, *, path: Path = ROOT) -> tuple[list[str], str | None, list[str]]:
    """Import ``package`` and every module under it in a fresh interpreter.

    Returns the modules imported, the first after which Streamlit was loaded
    (None if never), and the Streamlit modules loaded by then.
    """
    result = subprocess.run(
        [sys.executable, "-c", _CHECK, package],
        capture_output=True,
        text=True,
        cwd=path,
        env={**os.environ, "PYTHONPATH": str(path)},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.splitlines()[-1])
    return found["modules"], found["culprit"], found["loaded"]


def test_no_diary_module_loads_streamlit() -> None:
    modules, culprit, loaded = import_every_module("diary")
    assert culprit is None, f"importing {culprit} loads Streamlit ({loaded}); diary/ must not import it"
    # The walk saw the whole library: every .py file under diary/ is one of the modules imported.
    on_disk = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / "diary").rglob("*.py")
    }
    assert on_disk <= set(modules), (
        f"not reached by the walk (a folder without __init__.py?): {sorted(on_disk - set(modules))}"
    )


def test_the_check_names_the_module_that_loads_streamlit(tmp_path: Path) -> None:
    """The same check on a package with one module importing Streamlit names that module."""
    package = tmp_path / "somepackage"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "plain.py").write_text("import json\n")
    (package / "inner" / "__init__.py").write_text("")
    (package / "inner" / "widgets.py").write_text("import streamlit\n")
    modules, culprit, loaded = import_every_module("somepackage", path=tmp_path)
    assert modules == ["somepackage", "somepackage.inner", "somepackage.inner.widgets", "somepackage.plain"]
    assert culprit == "somepackage.inner.widgets"
    assert "streamlit" in loaded
