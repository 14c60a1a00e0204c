"""A fitted model and its verdicts, and the two checks beside the main model.

- **Is it more than the trend?** A factor that changed only once or twice
  (a mattress switch) is weak evidence: pain that was easing anyway — or that
  was at its worst when the new mattress came — shows as a step at the switch.
  ``weak_factors`` finds them; the main model lets the trend bend (change its
  slope) at each of their changes, so a verdict is only given for a step the
  trend's curve cannot make. That is how "the trend's curve can explain the
  step" is judged: the step does not survive a fit in which the trend may bend
  at the change. Such a factor is then unclear, and its sentence says the
  change "cannot be told apart from how your pain was going anyway". So is
  one whose changes all fall in weeks without days (``changes_in_gaps``):
  there the trend's curve is a guess, and no number is given.
- **The painkiller check.** A painkiller is usually taken because of pain, and
  the column covers the last 24 hours, so it includes the pill taken for this
  morning's pain. Allowing for it would shrink every real effect, so the main
  model leaves it out. A second fit with it in (``painkiller_check``) is
  mentioned only where it changes a verdict; the painkiller's own "effect" is
  never shown.

The painkiller check reuses the main fit's day-to-day correlation: it only
changes words, never the numbers of the main model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..wording import clear_of_zero
from .calendar import FarSide, far_side_of
from .candidates import Candidate
from .design import Design
from .gates import ALPHA, MIN_COVERAGE, MIN_LEVEL_DAYS, WEAK_CHANGES
from .registry import OUTCOMES
from .results import Check, PainkillerCheck, Verdict
from .runs import Changes
from .text import painkiller_note, painkiller_summary

if TYPE_CHECKING:
    from ..stats.regression import AR1Fit, Coefficient


def verdict_for(c: Coefficient, q: float, outcome: str) -> Verdict:
    """``worse``/``better`` when q is below ``ALPHA`` and the interval excludes 0 within the scale, else ``unclear``."""
    # An interval past what the scale allows tells nothing, however far from 0 (``Outcome.beyond_scale``).
    beyond = OUTCOMES[outcome].beyond_scale(c.ci_low, c.ci_high)
    if q < ALPHA and clear_of_zero(c.ci_low, c.ci_high) and not beyond:
        up = c.estimate > 0
        return "worse" if up == OUTCOMES[outcome].higher_is_worse else "better"
    return "unclear"


@dataclass(frozen=True)
class Fitted:
    """A design, its regression with AR(1) errors, and q-values over the factors it judges."""

    design: Design
    fit: AR1Fit
    outcome: str
    q_of: dict[str, float]  # Benjamini–Hochberg over the factors judged

    @classmethod
    def of(
        cls,
        y: np.ndarray,
        design: Design,
        day: np.ndarray,
        outcome: str,
        judged: Sequence[str],
        *,
        phi: float | None = None,
    ) -> Fitted:
        """Fit ``design`` (the statistics load only now); q over the ``judged`` factors it could estimate.

        A factor the fit gives no number (the time terms alone could make its column) has no q.
        """
        from ..stats.regression import benjamini_hochberg, fit_ar1_regression

        fit = fit_ar1_regression(y, design.matrix, day, design.names, phi=phi, phi_uncertainty=True)
        ids = [
            i
            for i in judged
            if i in design.names and i not in design.tangled and np.isfinite(fit[i].estimate)
        ]
        return cls(
            design, fit, outcome, dict(zip(ids, benjamini_hochberg([fit[i].p for i in ids]), strict=True))
        )

    def result(self, factor_id: str) -> tuple[Coefficient, float, Verdict]:
        """A judged factor's coefficient, q and verdict."""
        c, q = self.fit[factor_id], self.q_of[factor_id]
        return c, q, verdict_for(c, q, self.outcome)


def weak_factors(factors: Sequence[Candidate], changes: Mapping[str, Changes]) -> dict[str, Changes]:
    """The factors that changed for good only once or twice (visits set aside), with their changes.

    A yes/no (a mattress) or a scale or hours (stress high for months, then
    none): one step of either, taken once, looks the same as pain easing by itself.
    ``changes``: each factor's changes along the logged days (``Candidate.changes``).
    """
    return {f.id: changes[f.id] for f in factors if 0 < len(changes[f.id].lasting) <= WEAK_CHANGES}


def changes_in_gaps(
    weak: Mapping[str, Changes], rows: np.ndarray, dates: pd.DatetimeIndex
) -> dict[str, list[tuple[dt.date, FarSide]]]:
    """The weak factors each change of which falls in weeks without days used (``far_side_of``), with the gaps.

    A mattress bought while the diary was put away: the step and how the
    outcome went in those weeks cannot be told apart, whatever the fit's numbers
    say (the trend's curve is a guess there). Such a factor stays in the model,
    so that the others are compared fairly, but gets no number and no q.
    """
    used = dates[rows]
    found = {}
    for factor_id, changes in weak.items():
        gaps = [(dates[p].date(), far_side_of(used, dates[p].date())) for p in changes.lasting]
        if all(gap is not None for _, gap in gaps):
            found[factor_id] = [(day, gap) for day, gap in gaps if gap is not None]
    return found


def painkiller_check(
    y: np.ndarray, main: Fitted, painkiller: Candidate, rows: np.ndarray, day: np.ndarray
) -> PainCheck | None:
    """The main model with the painkiller in, or None when the painkiller has too few days either way to allow for."""
    with_days, without_days = painkiller.sides(rows)
    if painkiller.recorded(rows) < MIN_COVERAGE * rows.sum() or min(with_days, without_days) < MIN_LEVEL_DAYS:
        return None
    design = main.design.with_factor(painkiller, rows)
    if design is None or not design.fittable:
        return None
    fitted = Fitted.of(y, design, day, main.outcome, list(main.q_of), phi=main.fit.phi)
    return PainCheck(fitted, with_days)


@dataclass(frozen=True)
class PainCheck:
    """The main model with the painkiller in: each factor's result there, and the words for a changed verdict."""

    fitted: Fitted
    days: int  # mornings with a painkiller among the days used

    def check_of(self, factor_id: str) -> Check | None:
        if factor_id not in self.fitted.q_of:
            return None
        c, q, verdict = self.fitted.result(factor_id)
        return Check(c.estimate, c.ci_low, c.ci_high, q, verdict)

    def note(self, check: Check, verdict: Verdict) -> str | None:
        """The plain sentence for a factor whose verdict the painkiller check changes; None when it does not."""
        if check.verdict == verdict:
            return None
        return painkiller_note(check, self.fitted.outcome, main_clear=verdict in ("worse", "better"))

    def summary(self, changed: tuple[str, ...]) -> PainkillerCheck:
        return PainkillerCheck(self.days, changed, painkiller_summary(self.days, len(changed)))
