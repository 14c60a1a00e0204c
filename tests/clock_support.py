"""One day for the whole test run: the diary's clock pinned to the day the run began.

A run that crosses midnight would otherwise see two todays: the tests' own
dates, worked out when they were collected, and the dashboard's, asked when a
page runs. ``conftest`` pins ``diary.clock.today`` in this process; a dashboard
started for a browser test gets the same day through ``pinned_env``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from diary import clock

TODAY = dt.date.today()
DAY_VAR = "PAIN_DIARY_TEST_TODAY"
UNPINNED_TODAY = clock.today
"""The clock's own ``today``, kept before any test pins it."""

SITECUSTOMIZE = f'''\
"""Test-only: the diary's clock says the day in {DAY_VAR}, as in the tests that started this process."""
import datetime
import os

if os.environ.get("{DAY_VAR}"):
    import diary.clock

    _DAY = datetime.date.fromisoformat(os.environ["{DAY_VAR}"])
    diary.clock.today = lambda: _DAY
'''


def pinned_env(folder: Path) -> dict[str, str]:
    """What a child process's environment needs for its diary to see ``TODAY``: a start-up hook, and the day."""
    hook = folder / "pinned-clock"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    paths = [str(hook), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {"PYTHONPATH": os.pathsep.join(paths), DAY_VAR: TODAY.isoformat()}
