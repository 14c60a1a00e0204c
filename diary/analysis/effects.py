"""Every factor's adjusted effect on the outcome: gate → design → fit → judge.

1. **Gate** each factor: enough of the outcome's days recorded, and at least
   ``MIN_LEVEL_DAYS`` days on either side (``gates``).
2. **Design**: the days used and the columns — intercept, time terms (the slow
   trend, bending at the changes of every factor that changed only once or
   twice, and the day of the week), the factors, and exertion 2 and 3 days
   before (``design``, ``lags``); factors that never vary apart cannot be
   separated. The painkiller is not in it: it is usually taken *because of*
   the morning's pain, and allowing for it would shrink every real effect.
3. **Fit** one regression with AR(1) errors (``diary.stats.regression.fit_ar1_regression``).
4. **Judge** each estimate: q (Benjamini–Hochberg over the factors estimated)
   below ``ALPHA`` and an interval that excludes 0 make a verdict, and each
   factor gets its sentence (``text``). A factor that changed only once or
   twice and is unclear says its change "cannot be told apart from how your
   pain was going anyway": its step did not survive a trend free to bend
   there. One more fit, with the day-to-day correlation of the main one, only
   changes words (``checks``): the same model with the painkiller says which
   verdicts it would change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..wording import WEEKDAYS
from .calendar import FarSide, calendar_dates, column_values, daily_calendar
from .candidates import Candidate, candidate_factors
from .checks import Fitted, PainCheck, changes_in_gaps, painkiller_check, weak_factors
from .design import build_design, days_used
from .gates import CONFIRMATORY_DAYS, MIN_COVERAGE, MIN_DAYS, MIN_LEVEL_DAYS, Stage, stage_for
from .lags import lag_candidates, lag_model, lag_results
from .registry import FACTORS, outcome_of
from .results import FactorEffect, Lag, PainkillerCheck, TimeTerms, Verdict
from .runs import Changes
from .switches import dated_as_switches
from .text import (
    EXPLORATORY,
    EXPLORATORY_FACTOR,
    EXPLORATORY_WEEKLY,
    coverage_sentence,
    effect_sentence,
    gap_sentence,
    incomplete_sentence,
    same_every_day,
    single_level_sentence,
    tangled_sentence,
    together_clause,
    too_few_days_sentence,
    too_few_sentence,
    too_many_sentence,
)
from .weak_text import weak_note


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


@dataclass(frozen=True)
class FactorResults:
    """What the main model (and its two checks) found."""

    effects: list[FactorEffect]
    references: dict[str, str]
    stage: Stage
    phi: float | None = None  # the day-to-day autocorrelation, when a model was fitted
    lags: list[Lag] = field(default_factory=list)
    painkiller: PainkillerCheck | None = None
    time_terms: TimeTerms = field(default_factory=TimeTerms)
    unchanged: str = ""  # the sentence when the outcome was the same on every day the factors were read on


def factor_effects(
    frame: pd.DataFrame, outcome: str = "pain", *, calendar: pd.DataFrame | None = None
) -> FactorResults:
    """Every factor's adjusted effect on the outcome, with verdicts and sentences, and exertion's lags.

    The effects are sorted: supported first by size, then unclear, then not
    estimated. ``references`` are the reference levels used.
    """
    outcome_of(outcome)
    cal = daily_calendar(frame) if calendar is None else calendar
    if cal.empty:  # nothing compared yet: the usual references stand, as on a diary whose levels are unlogged
        usual = {f.key: f.reference for f in FACTORS if f.coding == "level" and f.reference is not None}
        return FactorResults([], usual, "too few days")
    y = column_values(cal, outcome)
    recorded = ~np.isnan(y)
    days = OutcomeDays(outcome, y, recorded, calendar_dates(cal), stage_for(int(recorded.sum())))
    candidates, references = candidate_factors(cal, days.logged)
    found = _effects(days, candidates, cal, references)
    return FactorResults(
        _sorted(found.effects),
        references,
        days.stage,
        found.phi,
        found.lags,
        found.painkiller,
        found.time_terms,
        found.unchanged,
    )


def _effects(
    days: OutcomeDays, candidates: list[Candidate], cal: pd.DataFrame, references: dict[str, str]
) -> FactorResults:
    """The pipeline: the effects of every factor, and the lags and checks when a model was fitted."""
    factors = [f for f in candidates if f.role == "factor"]
    if days.stage == "too few days":
        sentence = too_few_days_sentence(days.outcome)
        return FactorResults(
            [_unjudged(days, f, sentence, f.days_with(days.logged)) for f in factors], {}, days.stage
        )
    usable, waiting = _gate(days, factors)
    if days.count >= CONFIRMATORY_DAYS:
        usable += _gate(days, lag_candidates(cal, usable))[0]
    rows = days_used(usable, days.logged)
    usable, lost = _gate_days_used(days, usable, rows)
    waiting += [e for e in lost if e.role == "factor"]
    if not any(f.id == "exertion" for f in usable):  # lags 2 and 3 only beside lag 1
        usable = [f for f in usable if f.role != "lag"]
    used = int(rows.sum())
    judged = [f for f in usable if f.role == "factor"]
    if used < MIN_DAYS:
        return FactorResults(
            waiting + [_unjudged(days, f, incomplete_sentence(f), f.days_with(rows)) for f in judged],
            {},
            days.stage,
        )
    same = set(days.y[rows].tolist())
    if len(same) == 1:  # nothing varied for a factor to go with: no estimate, rather than 0.0 (0.0 to 0.0)
        sentence = same_every_day(days.outcome, same.pop())
        return FactorResults(
            waiting + [_unjudged(days, f, sentence, f.days_with(rows)) for f in judged],
            {},
            days.stage,
            unchanged=sentence,
        )
    day = cal["day"].to_numpy()[rows].astype(float)
    weekday = cal["weekday"].to_numpy()[rows]
    changes = dated_as_switches(cal, {f.id: f.changes(days.logged) for f in judged}, references)
    weak = weak_factors(judged, changes)
    bends = sorted({float(cal["day"].iloc[p]) for c in weak.values() for p in c.lasting})
    design = build_design(usable, rows, day, weekday, bends=bends)
    if not design.fittable:
        return FactorResults(
            waiting + [_unjudged(days, f, too_many_sentence(used), f.days_with(rows)) for f in judged],
            {},
            days.stage,
        )
    y = days.y[rows]
    gapped = changes_in_gaps(weak, rows, days.dates)
    main = Fitted.of(y, design, day, days.outcome, [f.id for f in judged if f.id not in gapped])
    painkiller = next((c for c in candidates if c.role == "sensitivity"), None)
    check = painkiller_check(y, main, painkiller, rows, day) if painkiller else None
    effects = waiting + _judge(days, judged, rows, main, changes, weak, check, gapped)
    changed = tuple(e.id for e in effects if e.with_painkiller and e.with_painkiller.verdict != e.verdict)
    summary = check.summary(changed) if check else None
    terms = TimeTerms(
        sum(n.startswith("trend") and "bend" not in n for n in design.names),
        tuple(days.dates[int(b)].date() for b in bends if f"trend_bend_{b:g}" in design.names),
        any(n.startswith("weekday:") for n in design.names),
    )
    lag_fit, lag_days = lag_model(main, usable, rows, cal, bends)
    lags = lag_results(lag_fit, usable, lag_days, days.outcome, effects)
    return FactorResults(effects, {}, days.stage, main.fit.phi, lags, summary, terms)


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
    """A factor that was not estimated: no estimate, interval, p or q; its raw difference still shown, except
    under ``MIN_DAYS`` days (charts only then: a difference of a few mornings is no effect to give)."""
    changes = len(f.changes(days.logged).lasting)
    raw = None if days.stage == "too few days" else f.raw_difference(days.y, days.logged)
    return FactorEffect(
        f.id, f.label, n, raw, None, None, None, None, None, verdict, sentence,
        unit=f.unit, changes=changes, exploratory=days.stage != "confirmatory", role=f.role,
        separated_from=partners,
    )  # fmt: skip


# -- judge ---------------------------------------------------------------------------------


def _judge(
    days: OutcomeDays,
    judged: Sequence[Candidate],
    rows: np.ndarray,
    main: Fitted,
    changes: dict[str, Changes],
    weak: dict[str, Changes],
    check: PainCheck | None,
    gapped: dict[str, list[tuple[dt.date, FarSide]]],
) -> list[FactorEffect]:
    """Each factor's result: its verdict from the main fit, its words from the checks.

    ``changes``: each factor's changes along the logged days; ``weak``: those of the weak factors;
    ``gapped``: the weak factors whose changes all fall in weeks without days, with those gaps.
    """
    found = []
    week = any(n.startswith("weekday:") for n in main.design.names)
    for f in judged:
        if f.id in main.design.tangled:
            found.append(_tangled(days, f, judged, rows, main))
        elif f.id in gapped:
            sentence = gap_sentence(f, gapped[f.id], days.outcome)
            found.append(_unclear(days, f, rows, changes[f.id], sentence, week=week))
        elif f.id not in main.q_of:  # the fit could give it no number: the time terms alone make its column
            sentence = tangled_sentence(f, [], f.sides(rows)[0], "", days.outcome)
            found.append(_unjudged(days, f, sentence, f.days_with(rows), verdict="cannot be separated"))
        else:
            found.append(_estimated(days, f, rows, main, changes[f.id], f.id in weak, check, week=week))
    return found


def _unclear(
    days: OutcomeDays, f: Candidate, rows: np.ndarray, changes: Changes, sentence: str, *, week: bool
) -> FactorEffect:
    """A factor the diary cannot tell anything about (its change fell in weeks without days): unclear, no number."""
    prefix = _exploratory(days, f, rows, week=week)
    return FactorEffect(
        f.id, f.label, f.days_with(rows), f.raw_difference(days.y, rows), None, None, None, None, None,
        "unclear", prefix + sentence, note=weak_note(f, changes, days.dates),
        unit=f.unit, changes=len(changes.lasting), exploratory=bool(prefix), role=f.role,
        stays=len(changes.visits),
    )  # fmt: skip


def _exploratory(days: OutcomeDays, f: Candidate, rows: np.ndarray, *, week: bool) -> str:
    """The label before ``f``'s sentence when its verdict is exploratory ("" when not): the diary is under
    ``CONFIRMATORY_DAYS`` days, or ``f`` was recorded on fewer of the days used (a position logged only on the
    last 25 of 40 mornings), or ``f`` goes with the day of the week while the fit holds no weekly rhythm
    (``week`` False: under eight weeks of diary, as ``trend.trend_terms`` has it)."""
    if days.stage != "confirmatory":
        return EXPLORATORY
    recorded = int(np.count_nonzero(rows & ~np.isnan(f.values)))
    if recorded < CONFIRMATORY_DAYS:
        return EXPLORATORY_FACTOR
    return EXPLORATORY_WEEKLY if not week and _follows_the_week(f, rows, days.dates) else ""


WEEKLY_SHARE = 0.5
"""A factor whose spread the day of the week explains this much of (R², seven means) goes with the week:
sitting 7 hours on work days and 3 at weekends. Without the weekly rhythm in the fit, a rhythm of pain
over the week would be credited to it: with such sitting doing nothing, diaries of 5 to 8 weeks called
it worse in about 1 in 4 (23 %). Of a factor that does not follow the week the day explains about 6 in
the number of days (0.17 at 35), rarely 0.5."""


def _follows_the_week(f: Candidate, rows: np.ndarray, dates: pd.DatetimeIndex) -> bool:
    values = f.values[rows]
    weekday = dates.day_of_week.to_numpy()[rows]
    known = ~np.isnan(values)
    values, weekday = values[known], weekday[known]
    spread = float(np.sum((values - values.mean()) ** 2)) if values.size else 0.0
    if values.size < 2 * len(WEEKDAYS) or spread == 0:
        return False
    means = pd.Series(values).groupby(weekday).transform("mean").to_numpy()
    return 1 - float(np.sum((values - means) ** 2)) / spread >= WEEKLY_SHARE


def _estimated(
    days: OutcomeDays,
    f: Candidate,
    rows: np.ndarray,
    main: Fitted,
    changes: Changes,
    weak: bool,
    check: PainCheck | None,
    *,
    week: bool,
) -> FactorEffect:
    c, q, verdict = main.result(f.id)
    prefix = _exploratory(days, f, rows, week=week)
    sentence = prefix + effect_sentence(
        f, c.estimate, c.ci_low, c.ci_high, verdict, days.outcome,
        changed_on=[days.dates[p].date() for p in changes.lasting] if weak else (),
    )  # fmt: skip
    with_painkiller = check.check_of(f.id) if check is not None else None
    notes = [
        weak_note(f, changes, days.dates),
        check.note(with_painkiller, verdict) if check is not None and with_painkiller is not None else None,
    ]
    return FactorEffect(
        f.id, f.label, f.days_with(rows), f.raw_difference(days.y, rows), c.estimate, c.ci_low, c.ci_high, c.p, q,
        verdict, sentence, note=" ".join(n for n in notes if n) or None, unit=f.unit,
        changes=len(changes.lasting), exploratory=bool(prefix), role=f.role, stays=len(changes.visits),
        with_painkiller=with_painkiller,
    )  # fmt: skip


def _tangled(
    days: OutcomeDays, f: Candidate, judged: Sequence[Candidate], rows: np.ndarray, main: Fitted
) -> FactorEffect:
    """A factor that never varied apart from others; when it is the twin of one, their joint effect."""
    design = main.design
    partners = design.tangled[f.id]
    labels = [p.label for p in judged if p.id in partners]
    twins = [
        p for p in judged if p.id in partners and np.array_equal(design.filled[p.id], design.filled[f.id])
    ]
    kept = next((p.id for p in [f, *twins] if p.id in design.names), None)
    together = ""
    if twins and kept is not None:
        c = main.fit[kept]
        together = together_clause(c.estimate, c.ci_low, c.ci_high, days.outcome)
    sentence = tangled_sentence(f, labels, f.sides(rows)[0], together, days.outcome)
    return _unjudged(days, f, sentence, f.days_with(rows), verdict="cannot be separated", partners=partners)


_VERDICT_ORDER = {"worse": 0, "better": 0, "unclear": 1, "cannot be separated": 2, "not enough data": 3}


def _sorted(effects: Iterable[FactorEffect]) -> list[FactorEffect]:
    """Supported first (largest first), then unclear, then not separable, then not enough data."""
    return sorted(
        effects,
        key=lambda e: (
            _VERDICT_ORDER[e.verdict],
            -abs(e.estimate) if e.estimate is not None else 0.0,
            e.id,
        ),
    )
