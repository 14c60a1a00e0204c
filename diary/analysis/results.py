"""What the analysis finds, as plain values, and their JSON (DESIGN "``pain-diary analyze --json``").

Numbers are rounded for the JSON only: effects to two decimals, p and q to
three significant digits (a tiny p stays tiny, never 0). A factor that was not
estimated keeps its estimate, interval, p and q as ``null``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Literal

from ..safety import FlaggedDay
from .gates import Stage
from .registry import Role, Unit

Verdict = Literal["worse", "better", "unclear", "not enough data", "cannot be separated"]
METHOD = "regression with AR(1) errors, BH-corrected"


def _num(value: float | None, digits: int = 2) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def _sig(value: float | None) -> float | None:
    """A p-value to three significant digits (tiny ones stay tiny, not 0)."""
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.3g}")


@dataclass(frozen=True)
class FactorEffect:
    """One factor's link with the outcome, in plain words and numbers."""

    id: str
    label: str
    n: int
    raw: float | None
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    p: float | None
    q: float | None
    verdict: Verdict
    sentence: str
    note: str | None = None
    unit: Unit = "indicator"
    changes: int = 0
    exploratory: bool = False
    role: Role = "factor"
    separated_from: tuple[str, ...] = ()

    @property
    def estimated(self) -> bool:
        return self.estimate is not None and self.verdict not in ("not enough data", "cannot be separated")

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "n": self.n,
            "raw": _num(self.raw),
            "estimate": _num(self.estimate) if self.estimated else None,
            "ci_low": _num(self.ci_low) if self.estimated else None,
            "ci_high": _num(self.ci_high) if self.estimated else None,
            "p": _sig(self.p) if self.estimated else None,
            "q": _sig(self.q) if self.estimated else None,
            "verdict": self.verdict,
            "sentence": self.sentence,
            "note": self.note,
            "unit": self.unit,
            "changes": self.changes,
            "exploratory": self.exploratory,
            "role": self.role,
            "cannot_be_separated_from": list(self.separated_from),
        }


SWITCH_KINDS = {"mattress": "Mattress", "position": "Position habit"}
"""How a switch of each kind is headed; any other kind ("chosen date") is its own name, capitalised."""


@dataclass(frozen=True)
class Switch:
    """A dated change — a mattress switch, a new sleep-position habit, or a date asked about — and its before/after.

    ``find_switches`` gives the date, the kind and the two sides; measuring it
    (``before_after``, ``switch_effects``) fills in the rest. Trends marks the
    same objects on its time axes, under their ``label``.
    """

    date: dt.date
    what: str  # "mattress", "position", "chosen date"
    from_: str | None = None
    to: str | None = None
    before: float | None = None  # mean outcome on the days compared, before and after
    after: float | None = None
    difference: float | None = None  # after − before, allowing for the trend and carry-over
    ci_low: float | None = None
    ci_high: float | None = None
    n_before: int = 0
    n_after: int = 0
    adapted_difference: float | None = None  # the same without the first week after the date
    adapted_ci_low: float | None = None
    adapted_ci_high: float | None = None
    sentence: str = ""
    window: tuple[dt.date, dt.date] | None = None  # days a found switch compares: the old stretch to the new

    @property
    def label(self) -> str:
        """ "Mattress: Old mattress → Foam 2025" (just the kind when the two sides are unknown)."""
        head = SWITCH_KINDS.get(self.what, self.what[:1].upper() + self.what[1:])
        if self.from_ and self.to:
            return f"{head}: {self.from_} → {self.to}"
        if self.to:
            return f"{head}: {self.to}"
        return head

    def to_json(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "what": self.what,
            "from": self.from_,
            "to": self.to,
            "before": _num(self.before),
            "after": _num(self.after),
            "difference": _num(self.difference),
            "ci_low": _num(self.ci_low),
            "ci_high": _num(self.ci_high),
            "n_before": self.n_before,
            "n_after": self.n_after,
            "without_first_week": {
                "difference": _num(self.adapted_difference),
                "ci_low": _num(self.adapted_ci_low),
                "ci_high": _num(self.adapted_ci_high),
            },
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Pattern:
    """A pattern worth a doctor's visit, stated with its numbers."""

    id: str
    sentence: str
    numbers: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "sentence": self.sentence, "numbers": self.numbers}


@dataclass(frozen=True)
class Analysis:
    """The whole analysis of one outcome: factors, switches, patterns and red flags."""

    outcome: str
    rows: int
    first: dt.date | None
    last: dt.date | None
    method: str
    references: dict[str, str]
    factors: list[FactorEffect]
    switches: list[Switch]
    patterns: list[Pattern]
    red_flags: list[FlaggedDay]
    stage: Stage
    summary: str
    autocorrelation: float | None = None

    def supported(self) -> list[FactorEffect]:
        """Factors the data supports (verdict worse or better)."""
        return [f for f in self.factors if f.verdict in ("worse", "better")]

    def unclear(self) -> list[FactorEffect]:
        """Factors that were checked and found unclear (adjusters excluded)."""
        return [f for f in self.factors if f.verdict == "unclear" and f.role == "factor"]

    def to_json(self) -> dict[str, object]:
        return {
            "outcome": self.outcome,
            "rows": self.rows,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "method": self.method,
            "stage": self.stage,
            "summary": self.summary,
            "autocorrelation": _num(self.autocorrelation),
            "references": self.references,
            "factors": [f.to_json() for f in self.factors],
            "switches": [s.to_json() for s in self.switches],
            "patterns": [p.to_json() for p in self.patterns],
            "red_flags": [
                {"date": d.date.isoformat(), "flags": list(d.flags), "tier": d.tier} for d in self.red_flags
            ],
        }
