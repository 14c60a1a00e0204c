"""A CSV diary and its records file change together: a write killed between the two leaves both old or both new.

Importing nights writes both: values into logged mornings (the diary CSV) and
nights kept aside for mornings not logged yet (the records file). A child
process makes that change and is killed (``os._exit``, as SIGKILL would, with
no clean-up) just before the diary file is replaced, or just after it. A fresh
reader must then find the old diary with the old records, or the new with the
new; and the next change must tidy what the killed one left.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from diary.entry import Entry, parse_entry
from diary.storage import open_diary
from diary.storage.files import PENDING_SUFFIX

from .faults import build, read_back

State = tuple[list[Entry], dict[str, object]]

ROOT = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from diary.storage import csvfile, open_diary
    from tests.faults import CHANGES

    path, when = Path(sys.argv[1]), sys.argv[2]
    real = csvfile.atomic_write

    def atomic_write(target, data, **options):
        diary = Path(target).name == path.name
        if diary and when == "before the diary":
            os._exit(137)
        status = real(target, data, **options)
        if diary and when == "after the diary":
            os._exit(137)
        return status

    csvfile.atomic_write = atomic_write
    CHANGES["import nights"](open_diary(path))
    sys.exit(3)  # the change was never killed
    """
)


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, State, State]:
    """The diary before importing the nights (a folder to copy), and as a reader finds it before and after."""
    folder = tmp_path_factory.mktemp("two-files")
    scenario = build("csv", "import nights", folder / "template")
    dry = scenario.fresh(folder / "dry")
    old = read_back(dry)
    scenario.run(dry, scenario.opened(dry)).close()
    new = read_back(dry)
    assert new is not None and old is not None
    assert new[0] != old[0] and new[1] != old[1], "the change must change both files"
    return scenario.template, old, new


@pytest.mark.parametrize(("when", "expected"), [("before the diary", "old"), ("after the diary", "new")])
def test_a_change_of_both_files_killed_between_them_leaves_both_old_or_both_new(
    states: tuple[Path, State, State], tmp_path: Path, when: str, expected: str
) -> None:
    template, old, new = states
    folder = tmp_path / "diary"
    shutil.copytree(template, folder)
    path = folder / "diary.csv"
    killed = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), when], cwd=ROOT, capture_output=True, timeout=120
    )
    assert killed.returncode == 137, killed.stderr.decode()[-2000:]
    pending = path.with_name(path.name + PENDING_SUFFIX)
    assert pending.exists()  # the records were written ahead of the diary, as pending
    assert read_back(path) == (old if expected == "old" else new)

    # The next change tidies up: what the killed one left is finished, or dropped.
    diary = open_diary(path)
    try:
        diary.add(parse_entry({"date": "2025-01-05", "pain": 2}, today=dt.date(2025, 4, 1)))
    finally:
        diary.close()
    assert not pending.exists()
    after = read_back(path)
    assert after is not None
    assert after[1] == (old if expected == "old" else new)[1]
