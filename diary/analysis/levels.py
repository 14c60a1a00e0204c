"""The outcome per level of a choice column, before allowing for anything else (the Factors page's distributions)."""

from __future__ import annotations

import pandas as pd


def level_summary(frame: pd.DataFrame, column: str, outcome: str = "pain") -> pd.DataFrame:
    """The outcome per level of a choice column (firmness, position, exertion, …) with day counts."""
    data = frame[[column, outcome]].dropna()
    grouped = data.groupby(column, observed=True)[outcome]
    table = pd.DataFrame(
        {
            "days": grouped.size(),
            "mean": grouped.mean().astype(float),
            "median": grouped.median().astype(float),
            "q1": grouped.quantile(0.25).astype(float),
            "q3": grouped.quantile(0.75).astype(float),
        }
    )
    table.index.name = "level"
    return table.reset_index()
