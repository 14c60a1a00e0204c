"""Stretches of the same value along the logged days, and which of them are only visits.

A mattress, a firmness or a habit stays the same for weeks; a trip or a week
back on the old bed is a *visit*: a stretch of under ``VISIT_DAYS`` calendar
days between two stretches of the same thing (a morning left unlogged in it
does not shorten it). The lasting stretches are what
remains when visits are set aside, and a *lasting change* is a step from one
lasting stretch to the next. Switches (``switches``) and a factor's change
count (``candidates``) both read the diary this way.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .gates import VISIT_DAYS


@dataclass(frozen=True)
class Run:
    """A stretch of the same value: its first and last positions in the calendar, and how many days it was logged."""

    name: str
    first: int
    last: int
    days: int

    @property
    def span(self) -> int:
        """Calendar days from its first logged day to its last, both included."""
        return self.last - self.first + 1


def runs_of(values: Sequence[object]) -> list[Run]:
    """The stretches of equal values along ``values`` (one per calendar day); blanks neither break nor count."""
    series = pd.Series(list(values), dtype=object)
    logged = np.flatnonzero(series.notna().to_numpy())
    if logged.size == 0:
        return []
    names = np.array([str(v) for v in series.to_numpy()[logged]])
    starts = np.flatnonzero(np.r_[True, names[1:] != names[:-1]])
    ends = np.r_[starts[1:], names.size]
    return [
        Run(str(names[s]), int(logged[s]), int(logged[e - 1]), int(e - s))
        for s, e in zip(starts, ends, strict=True)
    ]


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].name == run.name:
            last = merged[-1]
            merged[-1] = Run(last.name, last.first, run.last, last.days + run.days)
        else:
            merged.append(run)
    return merged


def lasting_runs(
    runs: list[Run],
    *,
    min_days: int = 0,
    min_span: int = 0,
    keep_ends: bool = False,
    passing: bool = False,
) -> list[Run]:
    """Drop visits (a short stretch between two stretches of the same thing) and stretches too short to last.

    Too short: logged on fewer than ``min_days`` days, or spanning fewer than
    ``min_span`` calendar days.

    ``keep_ends``: the first and the last stretch stay, however short. Nobody
    came back from them within the diary, so they are no visit: a mattress
    bought ten days ago is a change (one that needs its days before it can be
    compared, which the gates see to).

    ``passing``: a stretch of under ``VISIT_DAYS`` calendar days between two
    others is a stay on the way (a hotel week between the old mattress and the
    new one), dropped like a visit whatever surrounds it; the ends are judged
    by ``min_days`` and ``min_span`` as before.
    """
    changed = True
    while changed:
        changed = False
        for i in range(1, len(runs) - 1):
            if runs[i].span < VISIT_DAYS and runs[i - 1].name == runs[i + 1].name:
                runs = _merge(runs[:i] + runs[i + 1 :])
                changed = True
                break
    if passing:
        runs = _merge([r for i, r in enumerate(runs) if i in (0, len(runs) - 1) or r.span >= VISIT_DAYS])
    last = len(runs) - 1
    return _merge(
        [
            r
            for i, r in enumerate(runs)
            if (r.days >= min_days and r.span >= min_span) or (keep_ends and i in (0, last))
        ]
    )


@dataclass(frozen=True)
class Changes:
    """How a value that stays the same for weeks changed along the logged days."""

    lasting: list[int]  # calendar positions where a lasting stretch began (after the first)
    visits: list[Run]  # short stretches inside a lasting stretch of the other value (a trip, a week back)


def lasting_changes(values: Sequence[object], *, other: str | None = None) -> Changes:
    """The lasting changes of ``values`` (one per calendar day, blanks for days that do not count), and its visits.

    ``other``: a value that is neither side of the comparison (a firm hotel bed,
    for a soft mattress against a medium one). Its stretches break nothing: its
    short ones are visits like any other, its lasting ones are left out, so
    soft → firm → medium is one change from soft to medium, and hotel nights
    strung together across months never make a lasting stretch. A value that
    never lasts is only ever visited, wherever its stays fall (a firm hotel
    week in the months on a soft mattress, for firm against medium).
    """
    runs = runs_of(values)
    lasting = lasting_runs(runs, min_span=VISIT_DAYS, keep_ends=True)
    if other is not None:
        lasting = _merge([r for r in lasting if r.name != other])
    lasted = {r.name for r in lasting}
    visits = [
        r
        for r in runs
        if r.name != other
        and (
            r.name
            not in lasted  # never lasting: every stretch of it is a stay (a hotel week within the third level)
            or any(stay.first <= r.first <= stay.last and stay.name != r.name for stay in lasting)
        )
    ]
    starts = [after.first for before, after in itertools.pairwise(lasting) if before.name != after.name]
    return Changes(starts, visits)
