"""The shape of the code: small modules, small functions, no import cycles in diary/ and pages/.

Read from the source with ``ast``, nothing is imported. The import graph holds
every import of a module (at the top, inside functions, under TYPE_CHECKING),
with relative imports resolved, and ``from package import name`` pointing at
the submodule when ``name`` is one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("diary", "pages")
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


@dataclass(frozen=True)
class Module:
    name: str  # dotted, e.g. diary.views.report.content
    path: Path
    relative: str  # e.g. diary/views/report/content.py

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


def modules(root: Path = ROOT, folders: tuple[str, ...] = FOLDERS) -> dict[str, Module]:
    """Every Python module under the folders, by dotted name."""
    found: dict[str, Module] = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = Module(name, path, path.relative_to(root).as_posix())
    return found


# -- sizes --------------------------------------------------------------------------------


def long_modules(found: dict[str, Module]) -> list[str]:
    over = []
    for module in found.values():
        lines = len(module.path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            over.append(f"{module.relative}: {lines} lines")
    return over


def long_functions(found: dict[str, Module]) -> list[str]:
    """Functions and methods (nested ones too) longer than the limit, from ``def`` to their last line."""
    over = []
    for module in found.values():
        tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    over.append(f"{module.relative}:{node.lineno} {node.name}: {length} lines")
    return over


def test_no_module_is_over_500_lines() -> None:
    assert long_modules(modules()) == [], f"modules over {MAX_MODULE_LINES} lines"


def test_no_function_is_over_80_lines() -> None:
    assert long_functions(modules()) == [], f"functions over {MAX_FUNCTION_LINES} lines"


def undocumented(found: dict[str, Module]) -> list[str]:
    """Modules that do not open with a docstring saying what they hold."""
    return [
        m.relative
        for m in found.values()
        if not (ast.get_docstring(ast.parse(m.path.read_text(encoding="utf-8"))) or "").strip()
    ]


def test_every_module_says_what_it_holds() -> None:
    assert undocumented(modules()) == [], "modules without a docstring"


# -- imports ------------------------------------------------------------------------------


def _imported(module: Module, found: dict[str, Module]) -> Iterator[str]:
    """The modules of ``found`` that ``module`` imports anywhere in its source."""

    def known(name: str) -> str | None:
        """The module itself, or the closest enclosing package that is one of ours."""
        while name and name not in found:
            name = name.rpartition(".")[0]
        return name or None

    tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [known(alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's package, one level up per extra dot
                package = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, node.module] if node.module else package)
            else:
                base = node.module or ""
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in found else known(base)
                for alias in node.names
            ]
        else:
            continue
        yield from (t for t in targets if t is not None and t != module.name)


def import_graph(found: dict[str, Module]) -> dict[str, set[str]]:
    return {name: set(_imported(module, found)) for name, module in found.items()}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_no_import_cycles() -> None:
    graph = import_graph(modules())
    assert graph["diary.views.report"] >= {"diary.views.report.content", "diary.views.report.layout"}
    assert import_cycles(graph) == []


def parts_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The imports between the parts of ``diary/``: each folder (entry, storage, analysis, …) as one, each module
    at its top (wording, errors, …) as one; the imports within a part are left out."""

    def part(name: str) -> str:
        return ".".join(name.split(".")[:2])

    folded: dict[str, set[str]] = {}
    for name, targets in graph.items():
        if name.split(".")[0] == "diary":
            inside = {part(t) for t in targets if t.split(".")[0] == "diary"}
            folded.setdefault(part(name), set()).update(inside - {part(name)})
    return folded


PARTS_IN_ORDER = (
    "diary.wording",
    "diary.clock",
    "diary.errors",
    "diary.entry",
    "diary.csv",
    "diary.ranges",
    "diary.storage",
    "diary",  # the package's face: Entry, parse_entry, open_diary, the errors
    "diary.safety",
    "diary.stats",
    "diary.analysis",
    "diary.sources",
    "diary.trials",
    "diary.exchange",
    "diary.views",
    "diary.settings",
    "diary.sample",
    "diary.dashboard",
    "diary.cli",
)
"""The parts of ``diary/`` in the order the README's layout lists them: each imports only parts before it."""


def imports_out_of_order(folded: dict[str, set[str]], order: tuple[str, ...]) -> list[str]:
    """Each import of a part listed later than the importer (or of a part not in ``order``), as "a -> b"."""
    rank = {part: n for n, part in enumerate(order)}
    return sorted(
        f"{part} -> {target}"
        for part, targets in folded.items()
        for target in targets
        if rank.get(target, len(order)) >= rank.get(part, -1)
    )


def test_the_parts_of_diary_import_only_the_parts_before_them() -> None:
    """entry -> CSV -> storage -> analysis -> views: a part never needs one listed after it."""
    folded = parts_graph(import_graph(modules()))
    assert set(folded) == set(PARTS_IN_ORDER), "a new part of diary/ needs its place in PARTS_IN_ORDER"
    assert folded["diary.storage"] >= {"diary.entry", "diary.csv"}
    assert imports_out_of_order(folded, PARTS_IN_ORDER) == []
    assert import_cycles(folded) == []


# -- the checks themselves can fail ----------------------------------------------------------


def test_the_checks_find_a_cycle_a_long_function_and_a_long_module(tmp_path: Path) -> None:
    package = tmp_path / "diary"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("from .inner import helpers\n")
    (package / "inner" / "__init__.py").write_text("")
    (package / "inner" / "helpers.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..top import Thing\n"
    )
    (package / "top.py").write_text(
        "def show():\n    from . import inner\n    from .inner.helpers import nothing\n" + "    x = 1\n" * 80
    )
    (package / "alone.py").write_text("import diary.top\n" + "\n" * 500)
    found = modules(tmp_path, ("diary",))
    graph = import_graph(found)
    assert graph == {
        "diary": {"diary.inner.helpers"},
        "diary.alone": {"diary.top"},
        "diary.inner": set(),
        "diary.inner.helpers": {"diary.top"},
        "diary.top": {"diary.inner", "diary.inner.helpers"},
    }
    assert import_cycles(graph) == [["diary.inner.helpers", "diary.top"]]
    assert parts_graph(graph) == {
        "diary": {"diary.inner"},
        "diary.alone": {"diary.top"},
        "diary.inner": {"diary.top"},
        "diary.top": {"diary.inner"},
    }
    assert import_cycles(parts_graph(graph)) == [["diary.inner", "diary.top"]]
    # diary.alone is not in the order: each of its imports is out of it
    assert imports_out_of_order(parts_graph(graph), ("diary.inner", "diary.top", "diary")) == [
        "diary.alone -> diary.top",
        "diary.inner -> diary.top",
    ]
    assert long_functions(found) == ["diary/top.py:1 show: 83 lines"]
    assert long_modules(found) == ["diary/alone.py: 501 lines"]
    (package / "said.py").write_text('"""What it holds."""\nx = 1\n')
    assert undocumented(modules(tmp_path, ("diary",))) == [
        "diary/__init__.py",
        "diary/alone.py",
        "diary/inner/__init__.py",
        "diary/inner/helpers.py",
        "diary/top.py",
    ]


def pickers_without_the_one_format(found: dict[str, Module]) -> list[str]:
    """Every ``date_input`` call that does not show its date as ``wording.PICKER_FORMAT`` (one date style)."""
    wrong = []
    for name, module in found.items():
        for node in ast.walk(ast.parse(module.path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "date_input":
                given = {k.arg: k.value for k in node.keywords}
                fmt = given.get("format")
                if not (isinstance(fmt, ast.Name) and fmt.id == "PICKER_FORMAT"):
                    wrong.append(f"{name}:{node.lineno}")
    return wrong


def test_every_date_picker_shows_dates_one_way() -> None:
    assert pickers_without_the_one_format(modules()) == []


def test_the_picker_check_finds_a_picker_with_its_own_format(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.py").write_text(
        'import streamlit as st\nst.date_input("From", format="DD/MM/YYYY")\n'
    )
    assert pickers_without_the_one_format(modules(tmp_path, ("pages",))) == ["pages.p:2"]


# -- one home for each constant --------------------------------------------------------------


def _constant(node: ast.expr) -> object:
    """The value of a literal (lists as tuples, so a list and a tuple of the same items match); else None.

    A lone string is not taken: the same English word may be two phrases (the
    Import page's name and the Import button's verb translate differently).
    """
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return None
    if isinstance(value, str):
        return None
    return tuple(value) if isinstance(value, list) else value


def repeated_constants(found: dict[str, Module]) -> list[str]:
    """Module-level constants given the same name and the same literal value in more than one module.

    Words modules may each have their own ``TITLE``; the same name with the same
    value twice is one concept kept in two places, which drift apart.
    """
    homes: dict[tuple[str, str], list[str]] = {}
    for name, module in found.items():
        for node in ast.parse(module.path.read_text(encoding="utf-8")).body:
            target, value = None, None
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            if isinstance(target, ast.Name) and target.id.isupper() and value is not None:
                constant = _constant(value)
                if constant is not None:
                    homes.setdefault((target.id, repr(constant)), []).append(name)
    return sorted(
        f"{key[0]} = {key[1]} in {', '.join(names)}" for key, names in homes.items() if len(names) > 1
    )


def test_no_constant_is_kept_in_two_modules() -> None:
    assert repeated_constants(modules()) == []


def test_the_constant_check_finds_one_kept_twice(tmp_path: Path) -> None:
    (tmp_path / "diary").mkdir()
    (tmp_path / "diary" / "a.py").write_text('ALPHA = 0.05\nDAYS = ["Mon", "Tue"]\nTITLE = "Import"\n')
    (tmp_path / "diary" / "b.py").write_text('ALPHA: float = 0.05\nDAYS = ("Mon", "Tue")\nTITLE = "Import"\n')
    assert repeated_constants(modules(tmp_path, ("diary",))) == [
        "ALPHA = 0.05 in diary.a, diary.b",
        "DAYS = ('Mon', 'Tue') in diary.a, diary.b",
    ]


def loose_strings(scripts: list[Path]) -> list[str]:
    """A string standing alone as a statement after a script's docstring: Streamlit's "magic" draws it on the
    page when magic is on (a plain ``streamlit run`` elsewhere than the repository, without its config)."""
    found = []
    for script in scripts:
        body = ast.parse(script.read_text(encoding="utf-8")).body
        for node in body[1:]:
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                found.append(f"{script.relative_to(script.parent.parent)}:{node.lineno}")
    return found


def test_no_page_script_holds_a_string_streamlit_magic_would_draw() -> None:
    scripts = [
        ROOT / "streamlit_app.py",
        *(p for p in (ROOT / "pages").glob("*.py") if not p.name.startswith("_")),
    ]
    assert loose_strings(scripts) == []


def test_the_magic_check_finds_a_loose_string(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    page = tmp_path / "pages" / "page.py"
    page.write_text('"""The page."""\nKEY = "k"\n"""What KEY holds."""\n', encoding="utf-8")
    assert loose_strings([page]) == ["pages/page.py:3"]


# -- the pain scale written once -------------------------------------------------------------------


def _is(node: ast.expr, value: int) -> bool:
    return isinstance(node, ast.Constant) and node.value == value


def pain_scales_written_out(found: dict[str, Module]) -> list[str]:
    """Places that write the pain scale's 0 and 10 themselves: ``range(11)``, ``0 <= x <= 10`` and a number
    input from 0 to 10 (``fields.PAIN_LOW``, ``PAIN_HIGH`` and ``PAIN_POINTS`` are its one home)."""
    written = []
    for name, module in found.items():
        for node in ast.walk(ast.parse(module.path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range":
                here = len(node.args) == 1 and _is(node.args[0], 11)
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "number_input":
                here = len(node.args) >= 3 and _is(node.args[1], 0) and _is(node.args[2], 10)
            elif isinstance(node, ast.Compare):
                ends = [node.left, *node.comparators]
                here = len(ends) == 3 and _is(ends[0], 0) and _is(ends[2], 10)
            else:
                here = False
            if here:
                written.append(f"{name}:{getattr(node, 'lineno', 0)}")
    return written


def test_the_pain_scale_is_written_in_one_place() -> None:
    assert pain_scales_written_out(modules()) == []


def test_the_pain_scale_check_finds_each_way_of_writing_it(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.py").write_text(
        "import streamlit as st\n"
        "options = list(range(11))\n"
        'st.number_input("Pain", 0, 10)\n'
        "ok = 0 <= options[0] <= 10\n"
    )
    assert sorted(pain_scales_written_out(modules(tmp_path, ("pages",)))) == [
        "pages.p:2",
        "pages.p:3",
        "pages.p:4",
    ]
