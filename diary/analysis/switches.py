"""Switches — a new mattress, a new sleep-position habit — and before/after any date.

Finding: a mattress switch is a lasting change of the mattress named; a stay of
under ``VISIT_DAYS`` days elsewhere (a trip, a week back on the old bed) is a
visit, not a switch. A position habit is one position on at least
``HABIT_SHARE`` of the nights over ``HABIT_WINDOW`` nights.

Measuring: the outcome before vs from the date on, from a regression with
AR(1) errors and the slow trend every fit uses (``trend.trend_terms``), and
the same with the first ``ADAPTATION_DAYS`` days left out (the body adapts to
a new mattress). All of it is one ``Switch`` per date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .calendar import calendar_dates, column_values, daily_calendar
from .gates import ADAPTATION_DAYS, MIN_LEVEL_DAYS, VISIT_DAYS
from .results import Switch
from .text import switch_sentence
from .trend import trend_terms

HABIT_WINDOW = 21  # nights a position habit is judged over
HABIT_SHARE = 0.7  # one position on at least this share of them is a habit
HABIT_MIN_NIGHTS = 2 * HABIT_WINDOW  # fewer nights with a position logged: no habits looked for
HABIT_MIN_DAYS = 14  # a habit lasting fewer days is not a switch


# -- finding ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    """A stretch of the same value: positions in the calendar, and how many days it was logged."""

    name: str
    first: int
    last: int
    days: int


def _runs(values: Sequence[object]) -> list[_Run]:
    runs: list[_Run] = []
    for pos, value in enumerate(values):
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            continue
        if runs and runs[-1].name == value:
            last = runs[-1]
            runs[-1] = _Run(last.name, last.first, pos, last.days + 1)
        else:
            runs.append(_Run(str(value), pos, pos, 1))
    return runs


def _merge(runs: list[_Run]) -> list[_Run]:
    merged: list[_Run] = []
    for run in runs:
        if merged and merged[-1].name == run.name:
            last = merged[-1]
            merged[-1] = _Run(last.name, last.first, run.last, last.days + run.days)
        else:
            merged.append(run)
    return merged


def _lasting_runs(runs: list[_Run], *, min_days: int) -> list[_Run]:
    """Drop visits (a short stretch between two stretches of the same thing) and stretches too short to count."""
    changed = True
    while changed:
        changed = False
        for i in range(1, len(runs) - 1):
            if runs[i].days < VISIT_DAYS and runs[i - 1].name == runs[i + 1].name:
                runs = _merge(runs[:i] + runs[i + 1 :])
                changed = True
                break
    return _merge([r for r in runs if r.days >= min_days])


def _window(cal: pd.DataFrame, before: _Run, after: _Run) -> tuple[dt.date, dt.date]:
    return cal.index[before.first].date(), cal.index[after.last].date()


def _mattress_switches(cal: pd.DataFrame) -> list[Switch]:
    mattress = cal["mattress"].astype("object").where(cal["logged"], None)
    runs = _lasting_runs(_runs(mattress.tolist()), min_days=MIN_LEVEL_DAYS)
    return [
        Switch(
            cal.index[after.first].date(),
            "mattress",
            before.name,
            after.name,
            window=_window(cal, before, after),
        )
        for before, after in itertools.pairwise(runs)
    ]


def _habits(logged: list[object]) -> list[object]:
    """Each logged night's habit: the position of at least ``HABIT_SHARE`` of the nights around it, or None."""
    habits: list[object] = []
    for i in range(len(logged)):
        lo = max(0, min(i - HABIT_WINDOW // 2, len(logged) - HABIT_WINDOW))
        chunk = logged[lo : lo + HABIT_WINDOW]
        top = max(set(chunk), key=chunk.count)
        habits.append(top if chunk.count(top) >= HABIT_SHARE * len(chunk) else None)
    return habits


def _position_switches(cal: pd.DataFrame) -> list[Switch]:
    position = cal["position"].astype("object").where(cal["logged"], None)
    logged = position.dropna()
    if len(logged) < HABIT_MIN_NIGHTS:
        return []
    habit = pd.Series(_habits(logged.tolist()), index=logged.index).reindex(cal.index)
    runs = _lasting_runs(_runs(habit.tolist()), min_days=HABIT_MIN_DAYS)
    found = []
    for before, after in itertools.pairwise(runs):
        # The switch night: the split of the stretch between the two habits that puts
        # the most old-habit nights before it and new-habit nights from it on.
        zone = [position.iloc[p] for p in range(before.last + 1, after.first + 1)]
        scores = [
            sum(v == before.name for v in zone[:k]) + sum(v == after.name for v in zone[k:])
            for k in range(len(zone))
        ]
        first = before.last + 1 + scores.index(max(scores))
        found.append(
            Switch(
                cal.index[first].date(),
                "position",
                before.name,
                after.name,
                window=_window(cal, before, after),
            )
        )
    return found


def switches_in(cal: pd.DataFrame) -> list[Switch]:
    """The lasting mattress switches and position-habit changes on a calendar, by date (not yet measured)."""
    if cal.empty:
        return []
    return sorted(_mattress_switches(cal) + _position_switches(cal), key=lambda s: s.date)


def find_switches(frame: pd.DataFrame) -> list[Switch]:
    """Lasting mattress switches and position-habit changes: date, kind, from and to (not yet measured)."""
    return switches_in(daily_calendar(frame))


# -- measuring -------------------------------------------------------------------------


def _step_fit(
    y: np.ndarray, day: np.ndarray, after: np.ndarray
) -> tuple[float | None, float | None, float | None]:
    """The step at the date (after − before) with its 95 % interval, or Nones with too few days either side."""
    keep = ~np.isnan(y)
    y, day, after = y[keep], day[keep], after[keep]
    if after.sum() < MIN_LEVEL_DAYS or (1 - after).sum() < MIN_LEVEL_DAYS:
        return None, None, None
    from ..stats import fit_ar1_regression  # statsmodels and scipy load only when a fit is asked for

    trend, trend_names = trend_terms(day)
    X = np.column_stack([np.ones(len(y)), after, trend])
    fit = fit_ar1_regression(y, X, day.astype(float), ["intercept", "after", *trend_names])
    c = fit["after"]
    return c.estimate, c.ci_low, c.ci_high


def _compared_days(cal: pd.DataFrame, switch: Switch) -> np.ndarray:
    """The calendar days a switch's before/after uses: its window; for a mattress only nights on the two mattresses.

    Nights elsewhere (a trip, a week back on the old one) belong to neither side.
    """
    dates = calendar_dates(cal).date
    mask = np.ones(len(cal), dtype=bool)
    if switch.window is not None:
        mask &= (dates >= switch.window[0]) & (dates <= switch.window[1])
    if switch.what == "mattress" and switch.window is not None:
        names = cal["mattress"].astype("object")
        on_old, on_new = (names == switch.from_).to_numpy(), (names == switch.to).to_numpy()
        after = dates >= switch.date
        mask &= (~after & on_old) | (after & on_new)
    return mask


def measure(cal: pd.DataFrame, switch: Switch, outcome: str = "pain") -> Switch:
    """``switch`` with its before/after filled in: means, the step with its interval, and without the first week."""
    if cal.empty:
        return dataclasses.replace(switch, sentence="The diary is empty.")
    y = np.where(_compared_days(cal, switch), column_values(cal, outcome), np.nan)
    dates = calendar_dates(cal).date
    after = (dates >= switch.date).astype(float)
    days = np.arange(len(cal)).astype(float)
    before_vals, after_vals = y[(after == 0) & ~np.isnan(y)], y[(after == 1) & ~np.isnan(y)]
    est, lo, hi = _step_fit(y, days, after)
    first_week = (dates >= switch.date) & (dates < switch.date + dt.timedelta(days=ADAPTATION_DAYS))
    a_est, a_lo, a_hi = _step_fit(np.where(first_week, np.nan, y), days, after)
    measured = dataclasses.replace(
        switch,
        before=float(before_vals.mean()) if before_vals.size else None,
        after=float(after_vals.mean()) if after_vals.size else None,
        difference=est, ci_low=lo, ci_high=hi,
        n_before=int(before_vals.size), n_after=int(after_vals.size),
        adapted_difference=a_est, adapted_ci_low=a_lo, adapted_ci_high=a_hi,
    )  # fmt: skip
    return dataclasses.replace(measured, sentence=switch_sentence(measured, outcome))


def before_after(
    frame: pd.DataFrame, day: dt.date, outcome: str = "pain", *, calendar: pd.DataFrame | None = None
) -> Switch:
    """Outcome before vs from ``day`` on, allowing for the slow trend and day-to-day carry-over (AR(1)).

    Also the same with the first 7 days after ``day`` left out (the body adapts
    to a new mattress). ``calendar`` is ``daily_calendar(frame)`` when the caller has it already.
    """
    cal = daily_calendar(frame) if calendar is None else calendar
    return measure(cal, Switch(day, "chosen date"), outcome)


def switch_effects(
    frame: pd.DataFrame, outcome: str = "pain", *, calendar: pd.DataFrame | None = None
) -> list[Switch]:
    """Before/after for every lasting mattress switch and position-habit change."""
    cal = daily_calendar(frame) if calendar is None else calendar
    return [measure(cal, switch, outcome) for switch in switches_in(cal)]
