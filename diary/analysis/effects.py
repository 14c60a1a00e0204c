"""Every factor's adjusted effect on the outcome: gate → design → fit → judge.

1. **Gate** each factor: enough of the outcome's days recorded, and at least
   ``MIN_LEVEL_DAYS`` days on either side (``gates``).
2. **Design**: the days used and the columns — intercept, slow trend, factors
   (``design``); factors that never vary apart cannot be separated.
3. **Fit** one regression with AR(1) errors (``diary.stats.fit_ar1_regression``).
4. **Judge** each estimate: q (Benjamini–Hochberg over the factors estimated)
   below ``ALPHA`` and an interval that excludes 0 make a verdict, and each
   factor gets its sentence (``text``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .calendar import calendar_dates, column_values, daily_calendar
from .candidates import Candidate, candidate_factors
from .design import Design, build_design, days_used
from .gates import ALPHA, MIN_COVERAGE, MIN_DAYS, MIN_LEVEL_DAYS, Stage, stage_for
from .registry import OUTCOMES, outcome_of
from .results import FactorEffect, Verdict
from .text import (
    ADJUSTER_NOTE,
    EXPLORATORY,
    adjuster_sentence,
    coverage_sentence,
    effect_sentence,
    incomplete_sentence,
    single_level_sentence,
    tangled_sentence,
    together_clause,
    too_few_days_sentence,
    too_few_sentence,
    too_many_sentence,
    weak_note,
)

if TYPE_CHECKING:
    from ..stats import AR1Fit, Coefficient


@dataclass(frozen=True)
class OutcomeDays:
    """The outcome on the calendar, and the gate the diary is at."""

    outcome: str
    y: np.ndarray  # one value per calendar day, NaN where not recorded
    logged: np.ndarray  # the days with the outcome recorded (a boolean mask)
    dates: pd.DatetimeIndex
    stage: Stage

    @property
    def count(self) -> int:
        return int(self.logged.sum())


def factor_effects(
    frame: pd.DataFrame,
    outcome: str = "pain",
    *,
    calendar: pd.DataFrame | None = None,
) -> tuple[list[FactorEffect], dict[str, str], Stage, float | None]:
    """Every factor's adjusted effect on the outcome, with verdicts and sentences.

    Returns the effects (sorted: supported first by size, then unclear, then
    not estimated), the reference levels used, the stage (gate) and the
    estimated day-to-day autocorrelation.
    """
    outcome_of(outcome)
    cal = daily_calendar(frame) if calendar is None else calendar
    if cal.empty:
        return [], {}, "too few days", None
    y = column_values(cal, outcome)
    recorded = ~np.isnan(y)
    days = OutcomeDays(outcome, y, recorded, calendar_dates(cal), stage_for(int(recorded.sum())))
    candidates, references = candidate_factors(cal, days.logged)
    effects, phi = _effects(days, candidates, cal["day"].to_numpy())
    return _sorted(effects), references, days.stage, phi


def _effects(
    days: OutcomeDays, candidates: list[Candidate], day: np.ndarray
) -> tuple[list[FactorEffect], float | None]:
    """The pipeline: the effects of every candidate, and the autocorrelation when a model was fitted."""
    if days.stage == "too few days":
        sentence = too_few_days_sentence()
        return [_unjudged(days, f, sentence, f.days_with(days.logged)) for f in candidates], None
    usable, waiting = _gate(days, candidates)
    rows = days_used(usable, days.logged)
    usable, lost = _gate_days_used(days, usable, rows)
    waiting += lost
    used = int(rows.sum())
    if used < MIN_DAYS:
        return waiting + [_unjudged(days, f, incomplete_sentence(f), used) for f in usable], None
    design = build_design(usable, rows, day[rows].astype(float))
    if not design.fittable:
        return waiting + [_unjudged(days, f, too_many_sentence(used), used) for f in usable], None
    fit = _fit(days.y[rows], design, day[rows].astype(float))
    return waiting + _judge(days, usable, rows, design, fit), fit.phi


# -- gate --------------------------------------------------------------------------------


def _gate_reason(days: OutcomeDays, f: Candidate) -> str | None:
    """Why a factor cannot be estimated from the outcome's days, or None when it can."""
    recorded = f.recorded(days.logged)
    with_days, without_days = f.sides(days.logged)
    if f.single:
        return single_level_sentence(f)
    if recorded < MIN_COVERAGE * days.count:
        return coverage_sentence(f, recorded, days.count)
    if min(with_days, without_days) < MIN_LEVEL_DAYS:
        return too_few_sentence(f, with_days, without_days)
    return None


def _gate(days: OutcomeDays, candidates: Iterable[Candidate]) -> tuple[list[Candidate], list[FactorEffect]]:
    """The factors that pass the gate, and the others as "not enough data"."""
    usable: list[Candidate] = []
    waiting: list[FactorEffect] = []
    for f in candidates:
        reason = _gate_reason(days, f)
        if reason is None:
            usable.append(f)
        else:
            waiting.append(_unjudged(days, f, reason, f.days_with(days.logged)))
    return usable, waiting


def _gate_days_used(
    days: OutcomeDays, usable: Iterable[Candidate], rows: np.ndarray
) -> tuple[list[Candidate], list[FactorEffect]]:
    """The gate again on the days the fit uses: a factor can lose its days to other factors' gaps."""
    still: list[Candidate] = []
    lost: list[FactorEffect] = []
    for f in usable:
        with_days, without_days = f.sides(rows)
        if min(with_days, without_days) >= MIN_LEVEL_DAYS:
            still.append(f)
            continue
        n = with_days if f.unit == "indicator" else int(rows.sum())
        lost.append(_unjudged(days, f, too_few_sentence(f, with_days, without_days), n))
    return still, lost


def _unjudged(
    days: OutcomeDays,
    f: Candidate,
    sentence: str,
    n: int,
    *,
    verdict: Verdict = "not enough data",
    partners: tuple[str, ...] = (),
) -> FactorEffect:
    """A factor that was not estimated: no estimate, interval, p or q; its raw difference still shown."""
    changes, _ = f.changes(days.logged)
    return FactorEffect(
        f.id, f.label, n, f.raw_difference(days.y, days.logged), None, None, None, None, None, verdict, sentence,
        unit=f.unit, changes=changes, exploratory=days.stage != "confirmatory", role=f.role,
        separated_from=partners,
    )  # fmt: skip


# -- fit -----------------------------------------------------------------------------------


def _fit(y: np.ndarray, design: Design, day: np.ndarray) -> AR1Fit:
    """Regression with AR(1) errors over the dated days (statsmodels and scipy load only now)."""
    from ..stats import fit_ar1_regression

    return fit_ar1_regression(y, design.matrix, day, design.names)


# -- judge ---------------------------------------------------------------------------------


def verdict_for(c: Coefficient, q: float, outcome: str) -> Verdict:
    """``worse``/``better`` when q is below ``ALPHA`` and the interval excludes 0, else ``unclear``."""
    if q < ALPHA and (c.ci_low > 0 or c.ci_high < 0):
        up = c.estimate > 0
        return "worse" if up == OUTCOMES[outcome].higher_is_worse else "better"
    return "unclear"


def _judge(
    days: OutcomeDays, usable: Sequence[Candidate], rows: np.ndarray, design: Design, fit: AR1Fit
) -> list[FactorEffect]:
    """Each usable factor's result: q-values over the factors estimated, then a verdict and a sentence."""
    from ..stats import benjamini_hochberg

    estimated = [f for f in usable if f.id not in design.tangled]
    qs = benjamini_hochberg([fit[f.id].p for f in estimated])
    q_of = {f.id: q for f, q in zip(estimated, qs, strict=True)}
    return [
        _tangled(days, f, usable, rows, design, fit)
        if f.id in design.tangled
        else _estimated(days, f, rows, fit[f.id], q_of[f.id])
        for f in usable
    ]


def _estimated(days: OutcomeDays, f: Candidate, rows: np.ndarray, c: Coefficient, q: float) -> FactorEffect:
    verdict = verdict_for(c, q, days.outcome)
    changes, where = f.changes(days.logged)
    note = weak_note(f, changes, where, days.dates)
    if f.role == "adjuster":
        verdict = "unclear"
        sentence = adjuster_sentence(f, c.estimate, days.outcome)
        note = ADJUSTER_NOTE
    else:
        prefix = EXPLORATORY if days.stage == "exploratory" else ""
        sentence = prefix + effect_sentence(f, c.estimate, c.ci_low, c.ci_high, verdict, days.outcome)
    return FactorEffect(
        f.id, f.label, f.days_with(rows), f.raw_difference(days.y, rows), c.estimate, c.ci_low, c.ci_high, c.p, q,
        verdict, sentence, note=note, unit=f.unit, changes=changes,
        exploratory=days.stage != "confirmatory", role=f.role,
    )  # fmt: skip


def _tangled(
    days: OutcomeDays,
    f: Candidate,
    usable: Sequence[Candidate],
    rows: np.ndarray,
    design: Design,
    fit: AR1Fit,
) -> FactorEffect:
    """A factor that never varied apart from others; when it is the twin of one, their joint effect."""
    partners = design.tangled[f.id]
    labels = [p.label for p in usable if p.id in partners]
    twins = [
        p for p in usable if p.id in partners and np.array_equal(design.filled[p.id], design.filled[f.id])
    ]
    kept = next((p.id for p in [f, *twins] if p.id in design.names), None)
    together = ""
    if twins and kept is not None:
        c = fit[kept]
        together = together_clause(c.estimate, c.ci_low, c.ci_high, days.outcome)
    sentence = tangled_sentence(f, labels, f.sides(rows)[0], together)
    return _unjudged(days, f, sentence, f.days_with(rows), verdict="cannot be separated", partners=partners)


_VERDICT_ORDER = {"worse": 0, "better": 0, "unclear": 1, "cannot be separated": 2, "not enough data": 3}


def _sorted(effects: Iterable[FactorEffect]) -> list[FactorEffect]:
    """Supported first (largest first), then unclear, then not separable, then not enough data; adjusters last of their kind."""
    return sorted(
        effects,
        key=lambda e: (
            _VERDICT_ORDER[e.verdict],
            e.role == "adjuster",
            -abs(e.estimate) if e.estimate is not None else 0.0,
            e.id,
        ),
    )
