"""The columns every trial fit shares: an intercept and a trend within the trial."""

from __future__ import annotations

import numpy as np


def trial_design(days: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Intercept and a straight trend over ``days`` (pain that drifts through the trial)."""
    days = np.asarray(days, dtype=float)
    centred = (days - days.mean()) / 365.25 if days.size else days
    return np.column_stack([np.ones(days.size), centred]), ["intercept", "trend"]
