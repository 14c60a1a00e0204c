"""The columns every trial fit shares: an intercept and the analysis' own slow trend."""

from __future__ import annotations

import numpy as np


def trial_design(days: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """An intercept and the analysis' own slow trend over ``days`` (pain drifting through the trial)."""
    from ..analysis.trend import trend_terms

    days = np.asarray(days, dtype=float)
    trend, names = trend_terms(days)
    return np.column_stack([np.ones(days.size), trend]), ["intercept", *names]
