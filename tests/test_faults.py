"""Every write, sync, rename and SQLite statement of a change, made to fail in turn.

For each backend and each kind of change (creating a diary, add, update,
delete, import, saving the settings), the change is first run once to count
its calls of each kind; then, for every N up to that count and for ENOSPC, EIO
and EROFS, it is run again on a fresh copy of the same diary with the Nth call
of that kind failing. After every failure:

- the error is the diary's own, names the file and says nothing was saved;
- a fresh reader finds exactly the old diary (a failed change) or the new one
  (a change that still succeeded, say when only the folder sync failed);
- nothing half-written is left beside it (no temporary file, no journal);
- the object that saw the failure still reads the diary as it is, and the same
  change tried again succeeds.

The injection layer is ``tests/faults.py``; the number of points tried is
printed by the test (``pytest -s``) and at the end of the session.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from diary import cli
from diary.settings import Settings, load_settings, save_settings
from diary.storage import open_diary

from .faults import CHANGES, ERRNOS, OLD, POINTS, build, injecting, try_every_point


@pytest.mark.parametrize("change", ["create", *CHANGES])
def test_every_write_sync_rename_and_statement_can_fail(
    backend: str, change: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = build(backend, change, tmp_path / "template")
    with injecting() as injector:
        tried, problems = try_every_point(scenario, tmp_path, injector)
    POINTS["python"] += tried
    with capsys.disabled():
        print(f"\n  fault injection, {backend} {change}: {tried} injection points tried")
    assert tried > 0
    assert problems == []


def test_the_settings_file_survives_every_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(emergency_number="112"), path)
    with injecting() as injector:
        save_settings(Settings(emergency_number="999"), tmp_path / "dry.json")
        counts = dict(injector.counts)
        tried = 0
        problems: list[str] = []
        for kind, total in sorted(counts.items()):
            for nth in range(1, total + 1):
                for name, error in ERRNOS.items():
                    injector.arm(kind, nth, error)
                    try:
                        save_settings(Settings(emergency_number="999"), path)
                        raised: Exception | None = None
                    except Exception as exc:  # judged below
                        raised = exc
                    injector.count_only()
                    tried += 1
                    number = load_settings(path).emergency_number
                    where = f"settings: {kind} #{nth} fails with {name}"
                    if raised is None:
                        problems += (
                            [] if number == "999" else [f"{where}: saved, but the file holds {number}"]
                        )
                        save_settings(Settings(emergency_number="112"), path)
                        continue
                    message = str(raised)
                    if str(path) not in message or "nothing was saved" not in message.lower():
                        problems.append(f"{where}: unclear message: {message}")
                    if number != "112":
                        problems.append(f"{where}: the file changed to {number}")
                    if sorted(p.name for p in tmp_path.iterdir()) != ["dry.json", "settings.json"]:
                        problems.append(f"{where}: left behind {sorted(p.name for p in tmp_path.iterdir())}")
    POINTS["python"] += tried
    with capsys.disabled():
        print(f"\n  fault injection, settings: {tried} injection points tried")
    assert tried > 0
    assert problems == []


@pytest.mark.parametrize("command", ["export", "sample"])
def test_a_file_written_with_o_survives_every_failure(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """pain-diary export/sample -o (report -o writes the same way): a failed write names the file, old one kept."""
    data = tmp_path / "diary.sqlite3"
    diary = open_diary(data)
    diary.import_entries(OLD)
    diary.close()
    out = tmp_path / "out" / "out.csv"
    out.parent.mkdir()
    out.write_bytes(b"the file that was there")
    args = [command, "-o", str(out), "--data", str(data)]
    with injecting() as injector:
        assert cli.main(args) == 0
        counts = {kind: n for kind, n in injector.counts.items() if kind != "sqlite"}  # the -o file's calls
        out.write_bytes(b"the file that was there")
        tried = 0
        problems: list[str] = []
        for kind, total in sorted(counts.items()):
            for nth in range(1, total + 1):
                for name, error in ERRNOS.items():
                    injector.arm(kind, nth, error)
                    status = cli.main(args)
                    injector.count_only()
                    tried += 1
                    where = f"{command} -o: {kind} #{nth} fails with {name}"
                    err = capsys.readouterr().err
                    if status == 0:
                        problems += (
                            []
                            if out.read_bytes() != b"the file that was there"
                            else [f"{where}: not written"]
                        )
                        out.write_bytes(b"the file that was there")
                        continue
                    if str(out) not in err or "Nothing was written" not in err or "Traceback" in err:
                        problems.append(f"{where}: unclear message: {err}")
                    if out.read_bytes() != b"the file that was there":
                        problems.append(f"{where}: the old file changed")
                    if sorted(p.name for p in out.parent.iterdir()) != [out.name]:
                        problems.append(
                            f"{where}: left behind {sorted(p.name for p in out.parent.iterdir())}"
                        )
    POINTS["python"] += tried
    with capsys.disabled():
        print(f"\n  fault injection, {command} -o: {tried} injection points tried")
    assert tried > 0
    assert problems == []


# -- SQLite's own system calls: the same changes with a preloaded C library ------------------

ROOT = Path(__file__).resolve().parent.parent
SHIM_SOURCE = Path(__file__).with_name("fault_shim.c")
COMPILER = shutil.which("cc") or shutil.which("gcc")


@pytest.fixture(scope="session")
def fault_shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``fault_shim.c`` built for this machine (Linux with a C compiler)."""
    if not sys.platform.startswith("linux") or COMPILER is None:
        pytest.skip("the system-call layer needs Linux and a C compiler; the Python layer above still runs")
    built = tmp_path_factory.mktemp("shim") / "fault_shim.so"
    subprocess.run(
        [COMPILER, "-shared", "-fPIC", "-O1", "-o", str(built), str(SHIM_SOURCE), "-ldl"],
        check=True,
        capture_output=True,
    )
    return built


@pytest.mark.slow
@pytest.mark.parametrize("change", ["create", *CHANGES])
def test_every_system_call_of_a_change_can_fail(
    fault_shim: Path, backend: str, change: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Nth write, sync or rename, by Python or by SQLite itself, fails with ENOSPC, EIO or EROFS."""
    env = {**os.environ, "LD_PRELOAD": str(fault_shim), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "tests._fault_child", str(fault_shim), backend, change, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    report = json.loads(result.stdout.decode().splitlines()[-1])
    POINTS["system-call"] += report["tried"]
    with capsys.disabled():
        print(
            f"\n  fault injection (system calls), {backend} {change}: {report['tried']} injection points tried"
        )
    assert report["tried"] > 0
    assert report["problems"] == []
