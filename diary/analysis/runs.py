"""Stretches of the same value along the logged days, and which of them are only visits.

A mattress, a firmness or a habit stays the same for weeks; a trip or a week
back on the old bed is a *visit*: a stretch of under ``VISIT_DAYS`` days
between two stretches of the same thing. The lasting stretches are what
remains when visits are set aside, and a *lasting change* is a step from one
lasting stretch to the next. Switches (``switches``) and a factor's change
count (``candidates``) both read the diary this way.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .gates import VISIT_DAYS


@dataclass(frozen=True)
class Run:
    """A stretch of the same value: its first and last positions in the calendar, and how many days it was logged."""

    name: str
    first: int
    last: int
    days: int


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def runs_of(values: Sequence[object]) -> list[Run]:
    """The stretches of equal values along ``values`` (one per calendar day); blanks neither break nor count."""
    runs: list[Run] = []
    for pos, value in enumerate(values):
        if _blank(value):
            continue
        if runs and runs[-1].name == str(value):
            last = runs[-1]
            runs[-1] = Run(last.name, last.first, pos, last.days + 1)
        else:
            runs.append(Run(str(value), pos, pos, 1))
    return runs


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].name == run.name:
            last = merged[-1]
            merged[-1] = Run(last.name, last.first, run.last, last.days + run.days)
        else:
            merged.append(run)
    return merged


def lasting_runs(runs: list[Run], *, min_days: int) -> list[Run]:
    """Drop visits (a short stretch between two stretches of the same thing) and stretches shorter than ``min_days``."""
    changed = True
    while changed:
        changed = False
        for i in range(1, len(runs) - 1):
            if runs[i].days < VISIT_DAYS and runs[i - 1].name == runs[i + 1].name:
                runs = _merge(runs[:i] + runs[i + 1 :])
                changed = True
                break
    return _merge([r for r in runs if r.days >= min_days])


@dataclass(frozen=True)
class Changes:
    """How a value that stays the same for weeks changed along the logged days."""

    lasting: list[int]  # calendar positions where a lasting stretch began (after the first)
    flips: int  # every change from one logged day to the next, visits included
    visits: list[Run]  # short stretches inside a lasting stretch of something else (a trip, a week back)


def lasting_changes(values: Sequence[object]) -> Changes:
    """The lasting changes of ``values`` (one per calendar day, blanks for days that do not count), and its visits."""
    runs = runs_of(values)
    lasting = lasting_runs(runs, min_days=VISIT_DAYS)
    visits = [
        r for r in runs if any(stay.first <= r.first <= stay.last and stay.name != r.name for stay in lasting)
    ]
    starts = [after.first for before, after in itertools.pairwise(lasting) if before.name != after.name]
    return Changes(starts, max(len(runs) - 1, 0), visits)
