"""The factors as the model sees them: one column of numbers per factor, read from the calendar.

Each ``FACTORS`` entry becomes one candidate (a level family one per level
seen, a set one per member seen), with its values on every calendar day
(NaN where not recorded) and the words its sentences use. The reference level
of a level family is its usual one wherever it occurs on at least
``MIN_LEVEL_DAYS`` days and more than on a visit (a hotel week on a medium
bed, in months on soft and medium-firm ones), else the most frequent level,
and the analysis says which; a level is compared only with it, so its days are
gated with the level's own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .calendar import column_values
from .gates import MIN_LEVEL_DAYS, PERSISTENT, VISIT_DAYS
from .registry import FACTORS, Factor, Role, Unit
from .runs import Changes, lasting_changes, lasting_runs, runs_of

MINUTES_PER_HOUR = 60
"""Hours (of sitting, of sleep) are compared to the minute: hours kept to the last digit a file gave them
("0.0001", 0.36 s) would make a factor that never really changed vary, and its effect per hour run to thousands
of points. Sleep from bed and wake times is in whole minutes already."""
OTHER_LEVEL = 2.0  # in ``Candidate.compared``: a night on a level that is neither this one nor the reference


@dataclass(frozen=True)
class Candidate:
    """One factor's values on the calendar, ready to be gated and put into the model."""

    id: str
    label: str
    subject: str  # how a sentence starts: "Mornings after …" / "Each …"
    unit: Unit
    values: np.ndarray  # one per calendar day, float; NaN = not recorded
    role: Role = "factor"
    single: bool = False  # the only level ever logged: nothing to compare it with
    # A level's sides: 1 on it, 0 on its reference, 2 on another level (None: ``values`` say it).
    compared: np.ndarray | None = None
    reference: str | None = None  # a level's reference, as a sentence names it ("sleeping on your back")

    def sides(self, days: np.ndarray) -> tuple[int, int]:
        """Days on either side among ``days``: with/without for an indicator, at-or-above/below a value otherwise.

        A level's sides are its own days and its reference's: the model
        compares it with the reference, so a reference of a day or two leaves
        nothing to compare it with, however many days other levels have.
        """
        if self.compared is not None:
            c = self.compared[days]
            return int((c == 1).sum()), int((c == 0).sum())
        v = self.values[days]
        v = v[~np.isnan(v)]
        if v.size == 0:
            return 0, 0
        if self.unit == "indicator":
            return int((v == 1).sum()), int((v == 0).sum())
        # The split into "below" and "at or above" that leaves the most days on its smaller side: exertion
        # on 4 days of rest, 17 light, 11 moderate and 8 heavy varies (21 below moderate, 19 at or above),
        # though only 4 days lie below its median (light).
        ordered = np.sort(v)
        cuts = np.unique(ordered)[1:]  # each value above the lowest, as the lowest of the upper side
        if cuts.size == 0:
            return v.size, 0  # the same on every day: nothing below it
        below = np.searchsorted(ordered, cuts, side="left")
        best = int(np.argmax(np.minimum(below, v.size - below)))
        return int(v.size - below[best]), int(below[best])

    def recorded(self, days: np.ndarray) -> int:
        """How many of ``days`` have the factor recorded."""
        return int((~np.isnan(self.values[days])).sum())

    def days_with(self, days: np.ndarray) -> int:
        """The days a result counts: with the factor for an indicator, recorded otherwise."""
        return self.sides(days)[0] if self.unit == "indicator" else self.recorded(days)

    def changes(self, days: np.ndarray) -> Changes:
        """How the factor changed between its level and its reference along the recorded ``days``.

        A factor that stays the same for weeks (a mattress) sets its visits aside:
        a trip or a week back of under ``VISIT_DAYS`` days is not a change. A
        day-to-day factor counts every change. Nights on a third level (a firm
        hotel bed, for a soft mattress against a medium one) are neither side;
        a scale's or hours' every value counts (stress at moderate, 2 hours of sitting).
        """
        if self.compared is None:  # a yes/no, a scale or hours: every value is one side or a step of it
            sides, other = self.values, None
        else:
            sides, other = self.compared, OTHER_LEVEL
        counted = days & ~np.isnan(sides)
        if self.persistent(days):
            values = np.where(counted, sides, np.nan).tolist()
            return lasting_changes(values, other=None if other is None else str(other))
        idx = np.flatnonzero(counted if other is None else counted & (sides != other))
        where = [int(idx[w]) for w in np.flatnonzero(np.diff(sides[idx]) != 0) + 1]
        return Changes(where, [])

    def persistent(self, days: np.ndarray) -> bool:
        """Whether the factor stays the same from one logged day to the next (a mattress).

        Judged by the correlation of consecutive recorded values, so a factor that
        is merely rare (a late meal now and then) still counts as day-to-day.
        """
        seq = self.values[days]
        seq = seq[~np.isnan(seq)]
        if seq.size < 3 or np.ptp(seq) == 0:
            return False
        before, after = seq[:-1], seq[1:]
        if before.std() == 0 or after.std() == 0:
            return True  # one change at the very end: nothing but persistence
        return float(np.corrcoef(before, after)[0, 1]) >= PERSISTENT

    def raw_difference(self, y: np.ndarray, days: np.ndarray) -> float | None:
        """The plain difference (or slope) in the outcome on ``days``, before allowing for anything else."""
        mask = days & ~np.isnan(self.values) & ~np.isnan(y)
        x, yy = self.values[mask], y[mask]
        if self.unit == "indicator":
            if not (x == 1).any() or not (x == 0).any():
                return None
            return float(yy[x == 1].mean() - yy[x == 0].mean())
        if x.size < 3 or np.ptp(x) == 0:
            return None
        return float(np.polyfit(x, yy, 1)[0])


def candidate_factors(cal: pd.DataFrame, outcome_days: np.ndarray) -> tuple[list[Candidate], dict[str, str]]:
    """Every factor of ``FACTORS`` the calendar can hold, in the registry's order, and the references used."""
    found: list[Candidate] = []
    references: dict[str, str] = {}
    for factor in FACTORS:
        if factor.coding == "level":
            levels, references[factor.key] = _level_candidates(factor, cal[factor.column], outcome_days)
            found += levels
        elif factor.coding == "member":
            found += _member_candidates(factor, cal[factor.column], cal["logged"].to_numpy(), outcome_days)
        else:
            label = factor.label_of()
            values = column_values(cal, factor.column)
            if factor.unit == "per hour":
                values = np.round(values * MINUTES_PER_HOUR) / MINUTES_PER_HOUR
            found.append(Candidate(factor.key, label, factor.subject_of(), factor.unit, values, factor.role))
    return found, references


def _reference(series: pd.Series, usual: str) -> str | None:
    """The level every other one is compared with: the usual one (DESIGN's), unless it has too few days.

    ``series``: the level of each calendar day, blank where it does not count.
    A usual reference on fewer than ``MIN_LEVEL_DAYS`` days is as good as never seen: compared
    with two nights on the back, no other position could ever be judged. So is one only ever
    visited (``_only_visited``). The most frequent level is the reference then, and the analysis
    says which.
    """
    counts = series.value_counts()
    counts = counts[counts > 0]
    if counts.empty:
        return None
    if counts.get(usual, 0) >= MIN_LEVEL_DAYS and not _only_visited(series, usual):
        return usual
    return str(counts.idxmax())


def _only_visited(series: pd.Series, level: str) -> bool:
    """Whether ``level`` stays for weeks at a time, yet the diary holds it only on stays of under ``VISIT_DAYS`` days.

    A bed's firmness stays the same for weeks: a hotel week on a medium bed is
    a visit, and made the reference it would leave the months on the person's
    own mattresses compared with nothing else, and their change between them
    with no factor of its own. A level logged night by night (a position, now
    and then on the back) is no visit, however short its stretches.
    """
    recorded = series.dropna()
    on = (recorded == level).to_numpy(dtype=float)
    if on.size < 3 or on[:-1].std() == 0 or on[1:].std() == 0:
        return False
    if float(np.corrcoef(on[:-1], on[1:])[0, 1]) < PERSISTENT:
        return False
    lasting = lasting_runs(runs_of(series.tolist()), min_span=VISIT_DAYS, keep_ends=True, passing=True)
    return all(run.name != level for run in lasting)


def _level_candidates(
    factor: Factor, series: pd.Series, outcome_days: np.ndarray
) -> tuple[list[Candidate], str]:
    """One indicator per level seen, against the reference level.

    The reference itself is left out, unless it is the only level seen and not
    the usual one (only stomach nights: "position:stomach", with nothing to
    compare it with yet); only the usual reference seen gives no indicator, as
    DESIGN names none for it ("position:back").
    """
    usual = factor.reference or ""
    reference = _reference(series.where(outcome_days), usual)
    if reference is None:  # never recorded: nothing to compare, the usual reference stands
        return [], usual
    recorded = series.notna().to_numpy()
    present = [level for level in factor.levels if (series[outcome_days] == level).any()]
    on_reference = (series == reference).to_numpy(dtype=bool)
    found = []
    for level in present:
        if level == reference and (len(present) > 1 or level == usual):
            continue
        on_level = (series == level).to_numpy(dtype=bool)
        values = on_level.astype(float)
        values[~recorded] = np.nan
        compared = np.where(on_level, 1.0, np.where(on_reference, 0.0, OTHER_LEVEL))
        compared[~recorded] = np.nan
        single = len(present) == 1
        subject = factor.subject_of(level, None if single else reference)
        found.append(
            Candidate(
                f"{factor.key}:{level}",
                factor.label_of(level),
                subject,
                factor.unit,
                values,
                single=single,
                compared=compared,
                reference=None if single else factor.label_of(reference),
            )
        )
    return found, reference


def _member_candidates(
    factor: Factor, series: pd.Series, logged: np.ndarray, outcome_days: np.ndarray
) -> list[Candidate]:
    """One indicator per member seen; an empty cell on a logged day means none of them (the person logs what happened)."""
    cells = series.tolist()
    members = factor.levels or sorted({m for v in cells if isinstance(v, tuple) for m in v})
    # One pass over the days for every member at once: a day's cell names the members it had.
    having = np.zeros((len(members), len(cells)))
    position = {member: i for i, member in enumerate(members)}
    for day, cell in enumerate(cells):
        if isinstance(cell, tuple):
            for member in cell:
                if member in position:
                    having[position[member], day] = 1.0
    found = []
    for member, row in zip(members, having, strict=True):
        values = row.copy()
        values[~logged] = np.nan
        if not np.nansum(values[outcome_days]):
            continue
        label = factor.label_of(member)
        found.append(
            Candidate(f"{factor.key}:{member}", label, factor.subject_of(member), factor.unit, values)
        )
    return found
