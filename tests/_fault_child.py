"""Run with ``tests/fault_shim.so`` preloaded: every system-call injection point of one change.

``python -m tests._fault_child SHIM BACKEND CHANGE WORK`` prints, as one JSON
line, how many points it tried and every problem found (see tests/faults.py).
"""

from __future__ import annotations

import ctypes
import json
import sys
from pathlib import Path

from tests.faults import ShimInjector, build, try_every_point


def main(argv: list[str]) -> int:
    shim, backend, change, work = argv
    injector = ShimInjector(ctypes.CDLL(shim))
    scenario = build(backend, change, Path(work) / "template")
    try:
        tried, problems = try_every_point(scenario, Path(work), injector)
    finally:
        injector.stop()
    print(json.dumps({"tried": tried, "problems": problems}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
