"""Exertion one, two and three days before the morning, in one model with every other factor.

Exertion can act with a delay. Fitting each lag on its own finds a link at
every lag close to the real one whenever busy days come in runs, so lags 1–3
go into the main model together (lag 1 is the exertion factor itself: row D
holds the day before D; lags 2 and 3 are extra columns, from
``calendar.daily_calendar``). They are corrected as a family:
Benjamini–Hochberg over the three. The main model holds them from
``CONFIRMATORY_DAYS`` days on, when exertion has enough days either way;
before that they are listed without numbers.

A morning not logged leaves exertion unknown for the day before it: lag 2
of the next morning, lag 3 of the one after. The model fills such a blank
at the average, so that the other factors keep those mornings; for the lags
that passed part of a real lag's effect to the lags beside it whenever busy
days come in runs (with one morning in five not logged, lags 1 and 3 were
flagged in about 1 diary in 8, not 1 in 20). So the lags are read from the
same model fitted on the mornings with exertion known on each of the three
days before (``lag_model``); every factor keeps its own days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .calendar import column_values
from .candidates import Candidate
from .checks import Fitted
from .design import build_design
from .gates import CONFIRMATORY_DAYS
from .registry import FACTOR_BY_KEY
from .results import FactorEffect, Lag
from .text import lag_factor_clause, lag_sentence

if TYPE_CHECKING:
    from collections.abc import Iterable

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


def lag_model(
    main: Fitted,
    usable: Sequence[Candidate],
    rows: np.ndarray,
    cal: pd.DataFrame,
    bends: Iterable[float],
) -> tuple[Fitted | None, int]:
    """The fit lags 1–3 are read from, and how many mornings it holds (None: too few for numbers).

    The main fit when every one of its mornings has exertion known on each of
    the three days before; else the same model on only those mornings, from
    ``CONFIRMATORY_DAYS`` of them on, with the main fit's day-to-day correlation (the same mornings'
    carry-over, and no second search for it).
    """
    lagged = [f for f in usable if f.id in {lag_id(lag) for lag in LAG_LABELS}]
    known = rows.copy()
    for f in lagged:
        known &= ~np.isnan(f.values)
    if len(lagged) < len(LAG_LABELS):
        # Not in the model yet: listed without numbers, counted on the mornings they would be fitted on.
        for lag in LAG_LABELS:
            if lag != 1:
                known &= ~np.isnan(column_values(cal, f"{FACTOR}_lag{lag}"))
        return main, int(known.sum())
    n = int(known.sum())
    if n == int(rows.sum()):
        return main, n
    if n < CONFIRMATORY_DAYS:
        return None, n
    day = cal["day"].to_numpy()[known].astype(float)
    design = build_design(usable, known, day, cal["weekday"].to_numpy()[known], bends=sorted(bends))
    if not design.fittable:
        return None, n
    y = column_values(cal, main.outcome)[known]
    return Fitted.of(y, design, day, main.outcome, [f.id for f in lagged], phi=main.fit.phi), n


def lag_results(
    fitted: Fitted | None,
    usable: Sequence[Candidate],
    used: int,
    outcome: str,
    effects: Sequence[FactorEffect] = (),
) -> list[Lag]:
    """Lags 1–3 from ``fitted`` (``lag_model``) on ``used`` mornings, q over the three, each with its sentence.

    Empty when exertion is not in the model; when it is but the lags are not
    (fewer than ``CONFIRMATORY_DAYS`` days), or ``fitted`` is None, the three
    are listed without numbers, as a factor that is not estimated is. The day
    before is the exertion factor of ``effects`` seen again: where the two
    answers differ, its sentence says why.
    """
    factor = next((e for e in effects if e.id == FACTOR), None)
    found = []
    for lag in _lags(fitted, usable, used):
        sentence = lag_sentence(lag, outcome)
        if lag.lag == 1 and factor is not None:
            sentence += lag_factor_clause(lag, factor, outcome)
        found.append(replace(lag, sentence=sentence))
    return found


def _lags(fitted: Fitted | None, usable: Sequence[Candidate], used: int) -> list[Lag]:
    from ..stats.regression import benjamini_hochberg

    ids = {lag: lag_id(lag) for lag in LAG_LABELS}
    in_model = {f.id for f in usable}
    if FACTOR not in in_model:
        return []
    if fitted is None or not all(
        i in in_model for i in ids.values()
    ):  # too few days yet: listed, not estimated
        return [Lag(FACTOR, lag, LAG_LABELS[lag], used, None, None, None, None, None) for lag in LAG_LABELS]
    design, fit = fitted.design, fitted.fit
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
