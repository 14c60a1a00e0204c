"""The answer of a trial: B − A in morning pain, how sure it is, and what to do next.

By assigned condition (what the schedule said, whatever was slept on), with
washout nights left out: GLS with AR(1) errors over the dated nights and a
trend within the trial — the analysis' own engine (``diary.stats.regression``). A few
pairs of nights cannot tell how noisy mornings are, so the noise and carry-over
are learnt together with the diary's mornings before the trial (their own level
and trend), which keeps a short trial from being overconfident. A randomisation
test over every order the schedule could have drawn checks the answer without
any model, and says the smallest p it could ever give.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from ..entry import Entry
from ..stats import ALPHA
from ..wording import clear_of_zero, json_number
from .design import night_jumps, trial_design
from .noise import (
    LEAST_NOISE,
    MIN_NOISE_DAYS,
    MIN_PRE_TRIAL_DAYS,
    TYPICAL_NOISE,
    carry_over_range,
    mornings_before,
    unbiased_carry_over,
)
from .plan import Night, Status, Trial, entry_value, follows_plan, schedule, used_per_condition
from .power import OFF_PLAN

Verdict = Literal["a_better", "b_better", "no_clear_difference", "not_enough_nights"]


@dataclass(frozen=True)
class NightLog:
    """A planned night and what was logged for it."""

    night: Night
    pain: int | None
    logged_value: str | None  # the factor as logged, in the plan's terms
    follows: bool | None  # matches the plan (None: not logged, or the factor not recorded)


@dataclass(frozen=True)
class Estimate:
    difference: float
    ci_low: float
    ci_high: float
    p: float
    p_randomisation: float
    p_randomisation_min: float
    mean_a: float
    mean_b: float
    pairs_counted: int = 0  # pairs with a night in the result: only their orders differ in the check


@dataclass(frozen=True)
class TrialResult:
    trial: Trial
    status: Status
    nights: list[NightLog]
    estimate: Estimate | None
    verdict: Verdict | None
    sentence: str
    notes: list[str] = field(default_factory=list)

    @property
    def counted(self) -> list[NightLog]:
        """Planned nights up to the last morning that counts."""
        return [n for n in self.nights if n.night.date <= self.trial.last_counted]

    @property
    def rests_on(self) -> dt.date:
        """The last morning the answer rests on: the last counted morning logged (one ended today may end on a
        morning not logged yet), or the last counted morning when none was logged."""
        logged = [n.night.date for n in self.counted if n.pain is not None]
        return max(logged, default=self.trial.last_counted)

    @property
    def nights_logged(self) -> int:
        return sum(1 for n in self.counted if n.pain is not None)

    @property
    def used(self) -> list[NightLog]:
        """The counted nights the result uses: logged, and not adaptation."""
        return [n for n in self.counted if n.pain is not None and not n.night.washout]

    @property
    def nights_used(self) -> int:
        return len(self.used)

    @property
    def adherence(self) -> float | None:
        """Share of logged nights, with the factor recorded, slept as planned."""
        known = [n.follows for n in self.counted if n.follows is not None]
        return sum(known) / len(known) if known else None

    @property
    def deviations(self) -> list[NightLog]:
        return [n for n in self.counted if n.follows is False]

    def to_json(self) -> dict[str, object]:
        est = self.estimate

        return {
            "id": self.trial.id,
            "factor": self.trial.factor,
            "a": self.trial.a,
            "b": self.trial.b,
            "status": self.status,
            "nights_planned": self.trial.nights_planned,
            "nights_logged": self.nights_logged,
            "nights_used": self.nights_used,
            "adherence": json_number(self.adherence, 3),
            "difference": json_number(est.difference) if est else None,
            "ci_low": json_number(est.ci_low) if est else None,
            "ci_high": json_number(est.ci_high) if est else None,
            "p": float(f"{est.p:.3g}") if est else None,
            "p_randomisation": float(f"{est.p_randomisation:.4g}") if est else None,
            "p_randomisation_min": float(f"{est.p_randomisation_min:.4g}") if est else None,
            "verdict": self.verdict,
            "sentence": self.sentence,
            "deviations": [
                {"date": n.night.date.isoformat(), "planned": n.night.value, "logged": n.logged_value}
                for n in self.deviations
            ],
            "notes": self.notes,
        }


def night_logs(trial: Trial, entries: Sequence[Entry]) -> list[NightLog]:
    """Every planned night beside what the diary holds for its morning."""
    by_date = {e.date: e for e in entries}
    logs = []
    for night in schedule(trial):
        entry = by_date.get(night.date)
        if entry is None:
            logs.append(NightLog(night, None, None, None))
            continue
        value = entry_value(trial.factor, entry)
        logs.append(NightLog(night, entry.pain, value, follows_plan(trial.factor, night.value, value)))
    return logs


# -- the fit ---------------------------------------------------------------------------


def _design(trial: Trial, entries: Sequence[Entry], used: Sequence[NightLog]) -> tuple[np.ndarray, ...]:
    """Outcome, design, day numbers and the condition column: pre-trial mornings (own level and trend) + trial nights."""
    before = mornings_before(entries, trial.start)
    if len(before) < MIN_PRE_TRIAL_DAYS:
        before = []
    origin = before[0].date if before else trial.start
    pre_days = np.array([(e.date - origin).days for e in before], dtype=float)
    trial_days = np.array([(n.night.date - origin).days for n in used], dtype=float)
    condition = np.array([1.0 if n.night.condition == "b" else 0.0 for n in used])
    trial_cols, _ = trial_design(trial_days)
    trial_rows = np.column_stack([trial_cols, condition])
    if before:
        pre_cols, _ = trial_design(pre_days)
        design = np.block(
            [
                [pre_cols, np.zeros((len(before), trial_rows.shape[1]))],
                [np.zeros((len(used), pre_cols.shape[1])), trial_rows],
            ]
        )
    else:
        design = trial_rows
    days = np.concatenate([pre_days, trial_days])
    y = np.concatenate([[e.pain for e in before], [n.pain for n in used]]).astype(float)
    return y, design, days, condition


def _randomisation(
    trial: Trial, used: Sequence[NightLog], y: np.ndarray, design: np.ndarray, days: np.ndarray, phi: float
) -> tuple[float, float]:
    """Two-sided p over every order the schedule could have drawn, and the smallest p it can reach."""
    from ..stats.regression import whiten

    n_pre = len(y) - len(used)
    dates = {n.night.date: i for i, n in enumerate(used)}
    columns = []
    for flips in itertools.product((False, True), repeat=trial.pairs):
        x = np.zeros(len(used))
        for night in schedule(trial, list(flips)):
            if night.date in dates and night.condition == "b":
                x[dates[night.date]] = 1.0
        columns.append(np.concatenate([np.zeros(n_pre), x]))
    others = whiten(design[:, :-1], days, phi)
    target = whiten(y, days, phi)
    candidates = whiten(np.column_stack(columns), days, phi)
    q, _ = np.linalg.qr(others)
    resid_y = target - q @ (q.T @ target)
    resid_x = candidates - q @ (q.T @ candidates)
    with np.errstate(invalid="ignore", divide="ignore"):
        effects = (resid_x * resid_y[:, None]).sum(axis=0) / (resid_x**2).sum(axis=0)
    effects = np.nan_to_num(effects)
    observed = abs(effects[0])
    p = float(np.mean(np.abs(effects) >= observed - 1e-9))
    return p, _smallest_p(np.column_stack(columns)[n_pre:])


def _smallest_p(orders: np.ndarray) -> float:
    """The smallest p the check can reach: the share of orders that give the drawn one's nights, or its mirror.

    Every order but the drawn one and its mirror could beat it, so 2 in 2^pairs at best; a pair none of whose
    nights were used (after an early end, or not logged) changes nothing when flipped, and halves the
    orders that can differ.
    """
    drawn = orders[:, :1]
    same = np.all(orders == drawn, axis=0) | np.all(orders == 1.0 - drawn, axis=0)
    return float(np.mean(same))


def estimate(trial: Trial, entries: Sequence[Entry], used: Sequence[NightLog]) -> Estimate:
    """B − A with its 95 % interval and p (GLS, AR(1)), and the randomisation test."""
    from ..stats.regression import fit_ar1_regression
    from ..stats.student_t import t_quantile

    y, design, days, condition = _design(trial, entries, used)
    names = [f"x{i}" for i in range(design.shape[1] - 1)] + ["b_minus_a"]
    n, k = design.shape
    if n - k < 2:
        # The smallest plans (two pairs of one counted night) with no diary before them: too few
        # mornings to estimate the carry-over at all, so a typical diary's is taken.
        phis: tuple[float, ...] = (TYPICAL_NOISE.phi,)
    else:
        # Learnt from few mornings, the carry-over is uncertain, and biased low: the interval holds for
        # either end of what it could be (``carry_over_range``), whichever makes it wider. Learnt from 12
        # or 20 mornings before the trial (under 30: the plan, too, took typical figures), a trial with
        # no effect found one in 8 % of diaries before the upper end was a typical diary's at least.
        learnt = unbiased_carry_over(fit_ar1_regression(y, design, days, names).phi, n - k)
        phis = carry_over_range(learnt, n - k, n - len(used))
    # Nor can so few mornings tell how much mornings vary (four whole numbers can lie on a line): no lower
    # than a typical diary's either, as the plan assumed; and never below the plan's least noise (the same
    # pain every morning has none at all, and would make any difference look certain).
    floor = TYPICAL_NOISE.sd if n - k < MIN_NOISE_DAYS else LEAST_NOISE
    fits = [fit_ar1_regression(y, design, days, names, phi=phi).with_sigma_at_least(floor) for phi in phis]
    fit = max(fits, key=lambda f: f["b_minus_a"].se)
    c = fit["b_minus_a"]
    spread = _off_plan_spread(used, design, days, fit.phi)
    low, high = interval(c.estimate, c.se, spread, t_quantile(1 - ALPHA / 2, fit.df_resid))
    p_rand, p_min = _randomisation(trial, used, y, design, days, fit.phi)
    pain = np.array([n.pain for n in used], dtype=float)
    return Estimate(
        difference=c.estimate,
        ci_low=low,
        ci_high=high,
        p=c.p,
        p_randomisation=p_rand,
        p_randomisation_min=p_min,
        mean_a=float(pain[condition == 0].mean()),
        mean_b=float(pain[condition == 1].mean()),
        pairs_counted=len({n.night.pair for n in used}),
    )


def _off_plan_spread(used: Sequence[NightLog], design: np.ndarray, days: np.ndarray, phi: float) -> float:
    """What the nights slept on the other condition than planned add to the variance of B − A, per point² of
    the true difference (B − A by assigned condition, as the result gives it).

    Such a night is counted with its planned condition, and its morning moves
    by the whole difference before the dilution the nights off plan cause:
    on the trial's nights, and only there, mornings vary more, by share ×
    (1 − share) × that difference² (share: of the nights off plan), night by
    night, not carried over. With the factor logged on none of the nights,
    the share is taken as the plan took it (``power.OFF_PLAN``). The fit took
    its spread from all its mornings, most of them before the trial where none
    of this is, and as carried over; this is what its standard error lacks:
    the extra variance through the fit's own weights (night by night it counts
    double or more), less the part the spread it learnt holds already
    (``design.night_jumps``).
    """
    known = [n.follows for n in used if n.follows is not None]
    share = known.count(False) / len(known) if known else OFF_PLAN
    if share == 0:
        return 0.0
    jumps = night_jumps(design, days, phi, slice(len(days) - len(used), len(days)))
    undiluted = 1 / max(1 - 2 * share, OFF_PLAN_DILUTION_LEAST) ** 2
    return share * (1 - share) * undiluted * max(jumps.strays - jumps.learnt, 0.0)


OFF_PLAN_DILUTION_LEAST = 0.5
"""The least the nights off plan are taken to have shrunk the difference by (a quarter of nights off plan): with
more of them the difference seen is too unsure a guide to the one before the dilution."""

WIDEST = 0.25
"""The least ``interval``'s leading term is taken to be. Below it the differences the result is within reach
of have no far end (nights off plan so many, or nights so few, that no difference however large is ruled
out); held here, each end of the interval reaches at least twice as far as the fit's own would."""


def interval(difference: float, se: float, spread: float, critical: float) -> tuple[float, float]:
    """The 95 % interval of B − A: every true difference ``d`` the result is within ``critical`` standard errors
    of, its standard error √(se² + spread × d²) growing with ``d`` (``_off_plan_spread``).

    With no night off plan, difference ± critical × se. Otherwise the end
    away from 0 reaches further than the end toward it: had the difference
    been larger, the nights off plan would have blurred it more. At 0 the
    standard error is the fit's own, so the interval holds 0 exactly when the
    fit's p is 0.05 or more.
    """
    leading = max(1 - critical**2 * spread, WIDEST)
    reach = math.sqrt(difference**2 * (1 - leading) + leading * (critical * se) ** 2)
    return (difference - reach) / leading, (difference + reach) / leading


# -- the verdict -------------------------------------------------------------------------


def enough_nights(trial: Trial, used: Sequence[NightLog]) -> bool:
    """At least 60 % of the whole plan's counted nights, and a few of each condition (``Trial.nights_needed``).

    Against the whole plan, not the nights up to an early end: ending early when
    the mornings look good is the peeking the plan guards against, and the
    plan's power assumed every night.
    """
    in_all, each = trial.nights_needed
    return len(used) >= in_all and min(used_per_condition(n.night for n in used)) >= each


def verdict_of(est: Estimate) -> Verdict:
    """A or B better where the interval of B − A excludes 0 as it is written (``wording.clear_of_zero``)."""
    if not clear_of_zero(est.ci_low, est.ci_high):
        return "no_clear_difference"
    return "a_better" if est.ci_low > 0 else "b_better"  # a_better: B has more pain
