"""Switches — a new mattress, a new sleep-position habit — and before/after any date.

Finding: a mattress switch is a lasting change of the mattress named; a stay of
under ``VISIT_DAYS`` days elsewhere (a trip, a week back on the old bed) is a
visit, not a switch (``runs``). A position habit is one position on at least
``HABIT_SHARE`` of the nights over ``HABIT_WINDOW`` nights.

Measuring: a regression with AR(1) errors and the time terms every fit uses
(``trend.trend_terms``), with the trend free to bend at the change, so that
pain that was easing anyway — or was at its worst when the new mattress came —
is not credited to the switch. A mattress switch pools every night on the two
mattresses around it, each way: a week back on the old one is evidence, not
noise. A position switch likewise compares the nights on the old position
with those on the new one, whichever side of the switch they fall. The trend
may bend at each lasting change, not at a visit's. Also the same with the
first ``ADAPTATION_DAYS`` days after each lasting change left out (the body
adapts to a new mattress). All of it is one ``Switch`` per date.

The carry-over from one morning to the next is at least the main model's
(``carry_over``): a before/after holds only the step and the time terms, so
what the other logged factors do day to day stays in its noise, which then
looks less carried over than it is (an AR(1) fitted to carried-over pain plus
day-to-day scatter), and a step, a slow contrast, looks surer than it is. On
simulated diaries of pain easing by itself around a switch that does nothing,
its interval left out 0 in 7–11 % of them instead of 5 %; with the main
model's carry-over as the floor, in 2–3 %.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .calendar import FarSide, calendar_dates, column_values, daily_calendar, far_side_of
from .gates import ADAPTATION_DAYS, MIN_LEVEL_DAYS, VISIT_DAYS, stage_for
from .registry import FACTOR_BY_KEY
from .results import FactorEffect, Switch
from .runs import Changes, Run, lasting_runs, runs_of
from .switch_text import gap_at_date_sentence, same_change_clause, switch_sentence
from .trend import trend_terms

HABIT_WINDOW = 21  # nights a position habit is judged over
HABIT_SHARE = 0.7  # one position on at least this share of them is a habit
HABIT_MIN_NIGHTS = 2 * HABIT_WINDOW  # fewer nights with a position logged: no habits looked for
HABIT_MIN_DAYS = 14  # a habit lasting fewer days is not a switch


# -- finding ---------------------------------------------------------------------------


def _window(cal: pd.DataFrame, before: Run, after: Run) -> tuple[dt.date, dt.date]:
    return cal.index[before.first].date(), cal.index[after.last].date()


def _mattress_switches(cal: pd.DataFrame) -> list[Switch]:
    """Each lasting change of mattress, with every lasting switch between the same two that its comparison pools.

    The comparison's window is the chain of lasting stretches on either of the
    two mattresses around the switch (A, B, A, … with visits inside), so a
    switch back — for a week or for good — is part of the evidence. A first
    stretch of under ``VISIT_DAYS`` may be the end of a visit that began before
    the days compared (a report's dates that start in a hotel week): it is no
    side of a switch. A chain that reaches the first or last lasting stretch
    reaches the calendar's end too: the nights there on the two mattresses
    count, though too few to make a stretch of their own (four nights back on
    the old one in the last week of the diary).
    """
    mattress = cal["mattress"].astype("object").where(cal["logged"], None)
    runs = lasting_runs(runs_of(mattress.tolist()), min_days=MIN_LEVEL_DAYS, passing=True)
    if len(runs) > 1 and runs[0].span < VISIT_DAYS:
        runs = runs[1:]
    found = []
    for i, (before, after) in enumerate(itertools.pairwise(runs)):
        pair = {before.name, after.name}
        first, last = i, i + 1
        while first > 0 and runs[first - 1].name in pair:
            first -= 1
        while last < len(runs) - 1 and runs[last + 1].name in pair:
            last += 1
        window = _window(cal, runs[first], runs[last])
        window = (
            cal.index[0].date() if first == 0 else window[0],
            cal.index[-1].date() if last == len(runs) - 1 else window[1],
        )
        found.append(
            Switch(
                cal.index[after.first].date(),
                "mattress",
                before.name,
                after.name,
                window=window,
                pooled=_every_change(mattress, pair, window),
                bends=tuple(cal.index[r.first].date() for r in runs[first + 1 : last + 1]),
            )
        )
    return found


def _every_change(
    mattress: pd.Series, pair: Collection[str], window: tuple[dt.date, dt.date]
) -> tuple[dt.date, ...]:
    """Every change between the two mattresses of ``pair`` within ``window``, visits too (a week back on the
    old one, a trial's weeks): nights elsewhere between two nights on the same one are no change."""
    dates = calendar_dates(mattress.to_frame()).date
    on_pair = mattress[(dates >= window[0]) & (dates <= window[1]) & mattress.isin(pair).to_numpy()]
    changed = on_pair.ne(on_pair.shift()).to_numpy()
    return tuple(day.date() for day in on_pair.index[1:][changed[1:]])


def _habits(logged: list[object]) -> list[object]:
    """Each logged night's habit: the position of at least ``HABIT_SHARE`` of the nights around it, or None.

    The nights around a night are the ``HABIT_WINDOW`` nights centred on it
    (shifted to stay within the nights logged); each position's count there
    comes from running counts. ``HABIT_SHARE`` is over half: at most one
    position can reach it.
    """
    if not logged:
        return []
    positions = list(dict.fromkeys(logged))
    code = {p: i for i, p in enumerate(positions)}
    nights = np.array([code[p] for p in logged])
    running = np.zeros((len(logged) + 1, len(positions)), dtype=np.int64)
    running[1:] = np.cumsum(nights[:, None] == np.arange(len(positions)), axis=0)
    start = np.clip(np.arange(len(logged)) - HABIT_WINDOW // 2, None, len(logged) - HABIT_WINDOW).clip(0)
    end = np.minimum(start + HABIT_WINDOW, len(logged))
    counts = running[end] - running[start]
    top = counts.argmax(axis=1)
    reached = counts.max(axis=1) >= HABIT_SHARE * (end - start)
    return [positions[t] if r else None for t, r in zip(top.tolist(), reached.tolist(), strict=True)]


def _position_switches(cal: pd.DataFrame) -> list[Switch]:
    position = cal["position"].astype("object").where(cal["logged"], None)
    logged = position.dropna()
    if len(logged) < HABIT_MIN_NIGHTS:
        return []
    habit = pd.Series(_habits(logged.tolist()), index=logged.index).reindex(cal.index)
    runs = lasting_runs(runs_of(habit.tolist()), min_days=HABIT_MIN_DAYS)
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


@dataclass(frozen=True)
class _Compared:
    """What a before/after compares: the days used, which side each is on, where the trend may bend."""

    days: np.ndarray  # calendar positions used (a boolean mask)
    new: np.ndarray  # 1 on the "after" side: on the new mattress, or from the date on
    bends: list[int]  # calendar positions of the changes
    returns: tuple[tuple[dt.date, dt.date], ...] = ()  # stretches back on the old mattress after the date


def _step_fit(
    y: np.ndarray, cal: pd.DataFrame, compared: _Compared, carry_over: float | None = None
) -> tuple[float | None, float | None, float | None]:
    """The step (after − before) with its 95 % interval, or Nones with too few days either side.

    Allows for the time terms every fit uses (``trend.trend_terms``), with the
    trend free to bend at each change: a step that is only the trend turning
    at the switch is not credited to it. The autocorrelation is this fit's own,
    or ``carry_over`` (the main model's) where that is higher (module docstring).
    """
    keep = ~np.isnan(y) & compared.days
    new = compared.new[keep]
    if new.sum() < MIN_LEVEL_DAYS or (1 - new).sum() < MIN_LEVEL_DAYS:
        return None, None, None
    from ..stats.regression import fit_ar1_regression  # the statistics load only when a fit is asked for

    day = cal["day"].to_numpy()[keep].astype(float)
    all_days = cal["day"].to_numpy()
    time, names = trend_terms(
        day, cal["weekday"].to_numpy()[keep], bends=[float(all_days[b]) for b in compared.bends]
    )
    X = np.column_stack([np.ones(len(day)), new, time])
    names = ["intercept", "after", *names]
    fit = fit_ar1_regression(y[keep], X, day, names)
    if carry_over is not None and fit.phi < carry_over:
        fit = fit_ar1_regression(y[keep], X, day, names, phi=carry_over)
    c = fit["after"]
    if not np.isfinite(c.estimate):  # the time terms alone could make the step: no number for it
        return None, None, None
    return c.estimate, c.ci_low, c.ci_high


RETURN_NIGHTS = {"mattress": 1, "position": 3}
"""The fewest nights in a row back on the old mattress or position, after a switch, that are a return (said to
count, and never asked for): a position habit holds other nights now and then (a restless night on the back)."""


def _compared(cal: pd.DataFrame, switch: Switch) -> _Compared:
    """The days a switch's before/after uses and its sides.

    A mattress or position switch pools every night on the two mattresses (or
    positions) within its window, whichever way round (a week back on the old
    one counts); nights elsewhere (a trip, a third position) belong to neither
    side. Any other date compares every day in its window before it with every
    day from it on.
    """
    dates = calendar_dates(cal).date
    in_window = np.ones(len(cal), dtype=bool)
    if switch.window is not None:
        in_window = (dates >= switch.window[0]) & (dates <= switch.window[1])
    if switch.what not in RETURN_NIGHTS or switch.window is None:
        after = dates >= switch.date
        return _Compared(in_window, after.astype(float), [int(np.argmax(after))] if after.any() else [])
    names = cal[switch.what].astype("object").where(cal["logged"], None)
    on_old, on_new = (names == switch.from_).to_numpy(), (names == switch.to).to_numpy()
    changes = [int(np.flatnonzero(dates == d)[0]) for d in (switch.bends or (switch.date,))]
    later = dates >= switch.date
    returns = tuple(
        (dates[r.first], dates[r.last])
        for r in runs_of(names.where(in_window & (on_old | on_new), None).tolist())
        if r.name == switch.from_ and later[r.first] and r.days >= RETURN_NIGHTS[switch.what]
    )
    return _Compared(in_window & (on_old | on_new), on_new.astype(float), changes, returns)


def measure(
    cal: pd.DataFrame, switch: Switch, outcome: str = "pain", *, carry_over: float | None = None
) -> Switch:
    """``switch`` with its before/after filled in: means, the step with its interval, and without the first week.

    ``carry_over``: the main model's autocorrelation, the least each step's fit assumes (module docstring).
    """
    if cal.empty:
        return dataclasses.replace(switch, sentence="The diary is empty.")
    compared = _compared(cal, switch)
    outcome_values = column_values(cal, outcome)
    y = np.where(compared.days, outcome_values, np.nan)
    seen = ~np.isnan(y)
    before_vals, after_vals = y[seen & (compared.new == 0)], y[seen & (compared.new == 1)]
    switch = dataclasses.replace(
        switch,
        before=float(before_vals.mean()) if before_vals.size else None,
        after=float(after_vals.mean()) if after_vals.size else None,
        n_before=int(before_vals.size), n_after=int(after_vals.size),
        returns=compared.returns,
        exploratory=stage_for(int((~np.isnan(outcome_values)).sum())) != "confirmatory",
    )  # fmt: skip
    gap = _in_gap(cal, switch.date, compared, outcome)
    if gap is not None:  # the step and the trend's turn in the weeks without days cannot be told apart
        gapped = dataclasses.replace(switch, gap=gap)
        return dataclasses.replace(gapped, sentence=switch_sentence(gapped, outcome))
    est, lo, hi = _step_fit(y, cal, compared, carry_over)
    settling = np.zeros(len(cal), dtype=bool)
    for change in compared.bends:
        settling[change : change + ADAPTATION_DAYS] = True
    a_est, a_lo, a_hi = _step_fit(np.where(settling, np.nan, y), cal, compared, carry_over)
    measured = dataclasses.replace(
        switch,
        difference=est, ci_low=lo, ci_high=hi,
        adapted_difference=a_est, adapted_ci_low=a_lo, adapted_ci_high=a_hi,
    )  # fmt: skip
    return dataclasses.replace(measured, sentence=switch_sentence(measured, outcome))


def _in_gap(cal: pd.DataFrame, day: dt.date, compared: _Compared, outcome: str) -> FarSide | None:
    """The side of ``day`` without days near it (``far_side``) when every change compared has one, else None.

    A mattress bought while the diary was put away: its step and how pain went in those weeks cannot be
    told apart, whatever the numbers of a fit say. A change the comparison pools that has days near it
    on both sides is enough to measure.
    """
    dates = calendar_dates(cal)
    gaps = [far_side(cal, dates[change].date(), outcome) for change in compared.bends]
    if not gaps or any(gap is None for gap in gaps):
        return None
    return far_side(cal, day, outcome)


def before_after(
    frame: pd.DataFrame,
    day: dt.date,
    outcome: str = "pain",
    *,
    calendar: pd.DataFrame | None = None,
    carry_over: float | None = None,
) -> Switch:
    """Outcome before vs from ``day`` on, allowing for the slow trend and day-to-day carry-over (AR(1)).

    Also the same with the first 7 days after ``day`` left out (the body adapts
    to a new mattress). ``calendar`` is ``daily_calendar(frame)`` when the caller
    has it already; ``carry_over`` the main model's autocorrelation (``Analysis.autocorrelation``).
    """
    cal = daily_calendar(frame) if calendar is None else calendar
    gap = far_side(cal, day, outcome)
    if gap is not None:
        return Switch(day, "chosen date", sentence=gap_at_date_sentence(day, gap, outcome), gap=gap)
    return measure(cal, Switch(day, "chosen date"), outcome, carry_over=carry_over)


def offered_date(dates: Sequence[dt.date]) -> dt.date:
    """The date a before/after is first offered for: the logged day nearest the middle of ``dates`` (the
    diary's logged days, sorted, at least two) with days logged near it on both sides (``far_side``); the
    middle one itself when none has."""
    middle = len(dates) // 2
    logged = pd.DatetimeIndex(list(dates))
    for i in sorted(range(1, len(dates)), key=lambda i: (abs(i - middle), i)):
        if far_side_of(logged, dates[i]) is None:
            return dates[i]
    return dates[max(middle, 1)]


def far_side(cal: pd.DataFrame, day: dt.date, outcome: str) -> FarSide | None:
    """The side of ``day`` with too few days recorded near it (before first), or ``None`` when both have enough."""
    if cal.empty:
        return None
    return far_side_of(calendar_dates(cal)[~np.isnan(column_values(cal, outcome))], day)


def switch_effects(
    frame: pd.DataFrame,
    outcome: str = "pain",
    *,
    calendar: pd.DataFrame | None = None,
    carry_over: float | None = None,
) -> list[Switch]:
    """Before/after for every lasting mattress switch and position-habit change (``carry_over``: as ``measure``)."""
    cal = daily_calendar(frame) if calendar is None else calendar
    measured = [measure(cal, switch, outcome, carry_over=carry_over) for switch in switches_in(cal)]
    return [_with_changes_back(switch, measured, outcome) for switch in measured]


def _with_changes_back(switch: Switch, switches: Sequence[Switch], outcome: str) -> Switch:
    """A habit's switch with the changes the other way the diary holds, before or after it (a mattress pools them)."""
    if switch.what == "mattress":
        return switch
    back = tuple(
        other.date
        for other in switches
        if other.what == switch.what and (other.from_, other.to) == (switch.to, switch.from_)
    )
    if not back:
        return switch
    changed = dataclasses.replace(switch, changed_back=back)
    return dataclasses.replace(changed, sentence=switch_sentence(changed, outcome))


# -- the factor that describes the same change ---------------------------------------------


def _usual(cal: pd.DataFrame, column: str, name: str) -> str | None:
    """The value of ``column`` most often logged with mattress ``name`` (its firmness)."""
    values = cal.loc[cal["mattress"] == name, column].dropna()
    return str(values.value_counts().idxmax()) if not values.empty else None


def _same_change(
    cal: pd.DataFrame, switch: Switch, references: dict[str, str]
) -> tuple[str, int, str] | None:
    """The factor id describing the same change as ``switch``, its sign, and its reference level; or None.

    A mattress switch between the reference firmness and another firmness is
    that firmness' factor; a change of position habit from the reference
    position is that position's factor.
    """
    if switch.from_ is None or switch.to is None:
        return None
    if switch.what == "mattress":
        key, sides = "firmness", (_usual(cal, "firmness", switch.from_), _usual(cal, "firmness", switch.to))
    elif switch.what == "position":
        key, sides = "position", (switch.from_, switch.to)
    else:
        return None
    reference = references.get(key)
    if reference is None or None in sides or sides[0] == sides[1] or reference not in sides:
        return None
    if sides[0] == reference:
        return f"{key}:{sides[1]}", 1, reference
    return f"{key}:{sides[0]}", -1, reference


def with_same_change(
    cal: pd.DataFrame,
    switches: list[Switch],
    effects: Sequence[FactorEffect],
    references: dict[str, str],
    outcome: str,
) -> list[Switch]:
    """Each switch whose number differs from the factor describing the same change, saying why in its sentence."""
    by_id = {e.id: e for e in effects if e.estimated}
    found = []
    for switch in switches:
        same = _same_change(cal, switch, references)
        effect = by_id.get(same[0]) if same else None
        if same is None or effect is None:
            found.append(switch)
            continue
        reference = FACTOR_BY_KEY[same[0].split(":")[0]].label_of(same[2])
        clause = same_change_clause(switch, effect, same[1], reference, outcome)
        found.append(
            dataclasses.replace(
                switch, sentence=switch_sentence(switch, outcome, clause), differs_from_factor=bool(clause)
            )
        )
    return found


def dated_as_switches(
    cal: pd.DataFrame, changes: Mapping[str, Changes], references: dict[str, str]
) -> dict[str, Changes]:
    """Each factor's lasting changes, each dated as the switch describing the same change where one is near it.

    The nights between two habits are mixed; a habit's switch is the split of
    them that fits both habits best, while a factor's own count puts its change
    where its last stretch began, a few nights apart. One change has one date:
    the factor's sentence, the trend's bend and the list of switches agree.
    Near: within ``VISIT_DAYS`` days, the longest stay that is not a change.
    """
    found: dict[str, list[int]] = {}
    for switch in switches_in(cal):
        same = _same_change(cal, switch, references)
        if same is not None and same[0] in changes:
            found.setdefault(same[0], []).append(int(cal.index.searchsorted(pd.Timestamp(switch.date))))
    dated = dict(changes)
    for factor, spots in found.items():
        lasting = sorted({_nearest(p, spots) for p in changes[factor].lasting})
        dated[factor] = dataclasses.replace(changes[factor], lasting=lasting)
    return dated


def _nearest(position: int, spots: Sequence[int]) -> int:
    """The spot nearest ``position`` if it is within ``VISIT_DAYS`` days of it, else ``position``."""
    spot = min(spots, key=lambda s: (abs(s - position), s))
    return spot if abs(spot - position) < VISIT_DAYS else position
