"""The columns every trial fit shares (an intercept and the analysis' own slow trend), and what a night's jump
does to the fit of B − A."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def trial_design(days: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """An intercept and the analysis' own slow trend over ``days`` (pain drifting through the trial)."""
    from ..analysis.trend import trend_terms

    days = np.asarray(days, dtype=float)
    trend, names = trend_terms(days)
    return np.column_stack([np.ones(days.size), trend]), ["intercept", *names]


@dataclass(frozen=True)
class Jumps:
    """What jumps of variance 1, one on each of a fit's trial nights and not carried over, do to its last
    coefficient (B − A): ``strays`` is what they add to its variance, through the fit's own weights;
    ``learnt`` the part of that its standard error holds (the fit takes its spread from every row, as carried
    over); ``variance`` its variance per unit of the noise's own, for scale."""

    strays: float
    learnt: float
    variance: float


def night_jumps(design: np.ndarray, days: np.ndarray, phi: float, trial: slice) -> Jumps:
    """``Jumps`` on the rows ``trial`` of a fit of ``design`` over ``days`` with AR(1) errors of ``phi``.

    A night slept on the other condition than planned is such a jump: its
    morning moves by the whole difference. Each morning is taken against the
    one before it, so a jump counts up to (1 + φ²) / (1 − φ²) times as much as
    a morning of the carried-over noise.
    """
    from ..stats.regression import whiten

    rows = len(days)
    transform = whiten(np.eye(rows), days, phi)
    weighted = transform @ design
    inverse = np.linalg.pinv(weighted.T @ weighted)
    weights = (transform.T @ (weighted @ inverse[:, -1]))[trial]
    variance = float(inverse[-1, -1])
    return Jumps(
        float(np.sum(weights**2)), variance * float(np.sum(transform[:, trial] ** 2)) / rows, variance
    )
