"""A diary's day-to-day noise: how much mornings vary around their trend and carry over to the next.

The plan's figures and the result both learn it from the mornings before a
trial (``noise_window``), corrected for the bias of a short series, or take a
typical diary's under ``MIN_NOISE_DAYS`` of them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..entry import Entry
from .design import trial_design

LEAST_NOISE = 0.3
"""Points: the day-to-day noise is taken as no lower than this, however steady the mornings logged (pain is a
whole number: a diary of the same pain every morning has none, and would promise to find any difference)."""
MIN_NOISE_DAYS = 30  # fewer recent mornings: typical values instead of the diary's own
NOISE_WINDOW_DAYS = 180  # the noise is learnt from the mornings of the last six months before the trial
MIN_PRE_TRIAL_DAYS = (
    10  # fewer mornings in that window: the result learns the noise from the trial nights alone
)


@dataclass(frozen=True)
class Noise:
    """How much mornings vary around their trend (``sd``) and carry over to the next (``phi``)."""

    sd: float
    phi: float
    days: int  # mornings it was learnt from; 0: typical values
    logged_share: float  # share of days logged recently (a trial night not logged is lost)
    before: int = 0  # mornings logged before the trial (``noise_window``), fewer than 30 when typical

    @property
    def from_diary(self) -> bool:
        return self.days > 0

    @property
    def mornings_before(self) -> int:
        """The mornings before the trial the result learns from besides the trial's own."""
        return self.days if self.from_diary else self.before

    @property
    def likely_carry_over(self) -> float:
        """The carry-over the result will likely learn: the diary's, corrected for the bias of a short series."""
        return unbiased_carry_over(self.phi, self.days - 3) if self.from_diary else self.phi


TYPICAL_NOISE = Noise(sd=1.2, phi=0.6, days=0, logged_share=0.9)

CARRY_OVER_MARGIN = 0.75
"""Standard errors (√((1 − φ²)/n)) the carry-over learnt from the mornings is taken to be uncertain by, each way,
after its bias is corrected (``carry_over_range``): without it, a trial whose conditions did nothing got a
verdict in 6 % of simulated diaries, not 5 %."""


def unbiased_carry_over(phi: float, spare: int) -> float:
    """The carry-over ``phi`` learnt from mornings that leave ``spare`` degrees of freedom, corrected for the
    bias of a short series (Kendall's, about (1 + 3φ)/n: it is learnt too low)."""
    return min(0.95, phi + (1 + 3 * max(phi, 0.0)) / max(spare, 1))


def carry_over_range(phi: float, spare: int, learnt_from: int) -> tuple[float, float]:
    """The carry-over values a trial's interval is made to hold for, lowest and highest.

    ``phi`` (``unbiased_carry_over``) is learnt from mornings that leave ``spare`` degrees of freedom, and
    may be off by ``CARRY_OVER_MARGIN`` standard errors either way. With under ``MIN_NOISE_DAYS`` mornings
    (``learnt_from``) before the trial a few weeks cannot tell it, and the highest is no lower than a
    typical diary's.

    Both ends matter: a carry-over taken too low narrows the interval of periods of a week (the
    mornings of one period move together), one taken too high narrows that of night-by-night plans
    (neighbouring mornings, compared, share their noise). The result gives the wider interval of the two.
    """
    step = CARRY_OVER_MARGIN * math.sqrt(max(1 - phi**2, 0.0) / max(spare, 1))
    high = min(0.95, phi + step)
    if learnt_from < MIN_NOISE_DAYS:
        high = max(high, TYPICAL_NOISE.phi)
    return max(-0.95, phi - step), high


def noise_window(before: dt.date) -> tuple[dt.date, dt.date]:
    """The mornings the noise is learnt from: from the first of the ``NOISE_WINDOW_DAYS`` up to ``before`` (not included)."""
    return before - dt.timedelta(days=NOISE_WINDOW_DAYS), before


def mornings_before(entries: Sequence[Entry], start: dt.date) -> list[Entry]:
    """The logged mornings of ``noise_window(start)``, oldest first: what the plan and the result learn the noise from."""
    first, before = noise_window(start)
    return sorted((e for e in entries if first <= e.date < before), key=lambda e: e.date)


def diary_noise(entries: Sequence[Entry], before: dt.date) -> Noise:
    """The diary's day-to-day noise over the mornings before ``before`` (typical values under 30 of them)."""
    recent = mornings_before(entries, before)
    if len(recent) < MIN_NOISE_DAYS:
        return replace(TYPICAL_NOISE, before=len(recent))
    from ..stats.regression import fit_ar1_regression

    days = np.array([(e.date - recent[0].date).days for e in recent], dtype=float)
    pain = np.array([e.pain for e in recent], dtype=float)
    design, names = trial_design(days)
    fit = fit_ar1_regression(pain, design, days, names)
    span = days[-1] + 1
    return Noise(
        sd=max(float(fit.sigma), LEAST_NOISE),
        phi=float(min(max(fit.phi, 0.0), 0.95)),
        days=len(recent),
        logged_share=min(1.0, len(recent) / span),
    )
