"""Exertion one, two and three days before the morning, in one model with every other factor.

Exertion can act with a delay. Fitting each lag on its own finds a link at
every lag close to the real one whenever busy days come in runs, so lags 1–3
go into the main model together (lag 1 is the exertion factor itself: row D
holds the day before D; lags 2 and 3 are extra columns, from
``calendar.daily_calendar``). They are corrected as a family:
Benjamini–Hochberg over the three. The main model holds them from
``CONFIRMATORY_DAYS`` days on, when exertion has enough days either way;
before that they are listed without numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .calendar import column_values
from .candidates import Candidate
from .registry import FACTOR_BY_KEY
from .results import Lag
from .text import lag_sentence

if TYPE_CHECKING:
    from .checks import Fitted

FACTOR = "exertion"
LAG_LABELS = {1: "the day before", 2: "2 days before", 3: "3 days before"}
TABLE_COLUMNS = ["lag", "label", "n", "estimate", "ci_low", "ci_high", "q", "clear"]


def lag_id(lag: int) -> str:
    """The model's column for exertion ``lag`` days before the morning ("exertion" itself for lag 1)."""
    return FACTOR if lag == 1 else f"{FACTOR}:lag{lag}"


def lag_candidates(cal: pd.DataFrame, usable: Sequence[Candidate]) -> list[Candidate]:
    """Exertion 2 and 3 days before the morning, when exertion itself (lag 1) is in the model."""
    if not any(f.id == FACTOR for f in usable):
        return []
    factor = FACTOR_BY_KEY[FACTOR]
    return [
        Candidate(
            lag_id(lag),
            f"exertion {LAG_LABELS[lag]}",
            f"Exertion {LAG_LABELS[lag]}",
            factor.unit,
            column_values(cal, f"exertion_lag{lag}"),
            role="lag",
        )
        for lag in (2, 3)
    ]


def lag_results(main: Fitted, usable: Sequence[Candidate], used: int, outcome: str) -> list[Lag]:
    """Lags 1–3 from the main fit, q over the three, each with its sentence about ``outcome``.

    Empty when exertion is not in the model; when it is but the lags are not
    (fewer than ``CONFIRMATORY_DAYS`` days), the three are listed without
    numbers, as a factor that is not estimated is.
    """
    return [replace(lag, sentence=lag_sentence(lag, outcome)) for lag in _lags(main, usable, used)]


def _lags(main: Fitted, usable: Sequence[Candidate], used: int) -> list[Lag]:
    from ..stats import benjamini_hochberg

    ids = {lag: lag_id(lag) for lag in LAG_LABELS}
    in_model = {f.id for f in usable}
    if FACTOR not in in_model:
        return []
    if not all(i in in_model for i in ids.values()):  # too few days yet: listed, not estimated
        return [Lag(FACTOR, lag, LAG_LABELS[lag], used, None, None, None, None, None) for lag in LAG_LABELS]
    design, fit = main.design, main.fit
    estimated = [
        lag
        for lag, i in ids.items()
        if i in design.names and i not in design.tangled and np.isfinite(fit[i].estimate)
    ]
    qs = dict(zip(estimated, benjamini_hochberg([fit[ids[lag]].p for lag in estimated]), strict=True))
    found = []
    for lag, i in ids.items():
        if lag in qs:
            c = fit[i]
            found.append(
                Lag(FACTOR, lag, LAG_LABELS[lag], used, c.estimate, c.ci_low, c.ci_high, c.p, qs[lag])
            )
        else:
            found.append(Lag(FACTOR, lag, LAG_LABELS[lag], used, None, None, None, None, None))
    return found


def lag_table(lags: Sequence[Lag]) -> pd.DataFrame:
    """The lags as the Factors page's chart and line read them: one row per lag."""
    rows = [
        [lag.lag, lag.label, lag.n, lag.estimate, lag.ci_low, lag.ci_high, lag.q, lag.clear] for lag in lags
    ]
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    for column in ("estimate", "ci_low", "ci_high", "q"):
        table[column] = table[column].astype(float) if len(table) else np.array([], dtype=float)
    return table
