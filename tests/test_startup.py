"""Start-up stays light: the first page and the everyday commands load no statistics or PDF stack."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

HEAVY = (
    "statsmodels",
    "scipy",
    "reportlab",
    "vl_convert",
    "pypdfium2",
    "pypdf",
    "diary.stats",
    "diary.views.report",
)
ROOT = Path(__file__).resolve().parent.parent


def loaded_after(code: str, tmp_path: Path) -> list[str]:
    """The heavy modules a fresh interpreter has imported after running ``code``."""
    script = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import sys
        print("heavy:" + ",".join(m for m in {HEAVY!r} if m in sys.modules))
        """
    )
    env = {
        "PAIN_DIARY_DATA": str(tmp_path / "diary.sqlite3"),
        "PAIN_DIARY_SETTINGS": str(tmp_path / "s.json"),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
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


def test_everyday_commands_load_neither(tmp_path: Path) -> None:
    code = """
        from diary.cli import main
        assert main(["add", "--date", "2025-03-01", "--pain", "4"]) == 0
        assert main(["export", "-o", "out.csv"]) == 0
    """
    (tmp_path / "work").mkdir()
    assert loaded_after(code.replace("out.csv", str(tmp_path / "out.csv")), tmp_path) == []


def test_the_analysis_loads_statistics_when_asked(tmp_path: Path) -> None:
    """The check above can fail: asking for the analysis loads the engine and scipy — but never statsmodels."""
    code = """
        from diary.cli import main
        main(["sample"])
        main(["analyze", "--json"])
    """
    loaded = loaded_after(code, tmp_path)
    assert "diary.stats" in loaded and "scipy" in loaded
    assert "statsmodels" not in loaded  # seconds to import, and nothing the engine needs
