"""Diaries drawn from known effects, with noise the analysis does not assume, for calibration tests.

The analysis assumes a slow trend plus AR(1) errors. Real mornings break that
in several ways; each diary here breaks it in one (or none, ``ar1``):

- ``ar2``: noise that carries over two days (u_t = 0.3 u_(t−1) + 0.4 u_(t−2) + e_t);
- ``heavy``: AR(1) noise whose shocks have heavy tails (Student t, 3 degrees of freedom);
- ``curved``: a flare that builds and eases within the diary, which a straight trend cannot follow;
- ``painful_gaps``: mornings left unlogged *because* they hurt (pain 7 or more: 4 in 10 skipped).

Every factor varies from day to day at random, so none is tied to the calendar.
``EFFECTS`` is the truth, in pain points, keyed by the analysis' factor ids.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from diary.entry import parse_entry
from diary.entry.frame import entries_frame

EFFECTS: dict[str, float] = {
    "position:stomach": 1.2,
    "position:side": 0.0,  # against back
    "exertion": 0.4,  # per step: rest, light, moderate, heavy
    "stress": 0.3,  # per step: none, mild, moderate, high
    "sitting_hours": 0.15,  # per hour
    "lifting": 0.7,
    "warm_bath": -0.6,
    "alcohol": 0.0,
    "late_meal": 0.0,
}
KINDS = ("ar1", "ar2", "heavy", "curved", "painful_gaps")
START = dt.date(2024, 3, 1)
SCALES = {
    "exertion": ("rest", "light", "moderate", "heavy"),
    "stress": ("none", "mild", "moderate", "high"),
}


def _noise(kind: str, days: int, rng: np.random.Generator) -> np.ndarray:
    if kind == "heavy":
        shocks = rng.standard_t(3, days + 100) * 0.9 / np.sqrt(3)  # t(3) has variance 3
    else:
        shocks = rng.normal(0, 0.9, days + 100)
    u = np.zeros(days + 100)
    for t in range(2, days + 100):  # the first 100 days are burn-in: the noise starts stationary
        u[t] = 0.3 * u[t - 1] + 0.4 * u[t - 2] + shocks[t] if kind == "ar2" else 0.6 * u[t - 1] + shocks[t]
    return u[100:]


def simulated_diary(kind: str, seed: int, days: int = 180) -> pd.DataFrame:
    """One diary of ``days`` mornings whose pain follows ``EFFECTS`` plus the noise of ``kind``."""
    rng = np.random.default_rng(seed)
    position = rng.choice(["back", "side", "stomach"], days, p=[0.45, 0.3, 0.25])
    steps = {name: rng.integers(0, 4, days) for name in SCALES}
    sitting = rng.uniform(2, 10, days).round(1)
    yes = {"lifting": 0.2, "warm_bath": 0.4, "alcohol": 0.3, "late_meal": 0.25}
    flags = {name: rng.random(days) < share for name, share in yes.items()}
    day = np.arange(days)
    pain = (
        3.2
        + EFFECTS["position:stomach"] * (position == "stomach")
        + sum(EFFECTS[name] * steps[name] for name in SCALES)
        + EFFECTS["sitting_hours"] * sitting
        + sum(EFFECTS[name] * flags[name] for name in yes)
        - 0.004 * day
        + _noise(kind, days, rng)
    )
    if kind == "curved":
        pain += 2.0 * np.exp(-(((day - days / 3) / (days / 8)) ** 2))
    pain = np.clip(np.round(pain), 0, 10).astype(int)
    skipped = rng.random(days) < (np.where(pain >= 7, 0.4, 0.05) if kind == "painful_gaps" else 0.05)
    rows: list[dict[str, Any]] = []
    for i in np.flatnonzero(~skipped):
        row: dict[str, Any] = {
            "date": (START + dt.timedelta(days=int(i))).isoformat(),
            "pain": int(pain[i]),
            "position": str(position[i]),
            "sitting_hours": float(sitting[i]),
        }
        row.update({name: SCALES[name][steps[name][i]] for name in SCALES})
        row.update({name: bool(flags[name][i]) for name in yes})
        rows.append(row)
    return entries_frame([parse_entry(r, check_future=False) for r in rows])
