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
from ..wording import SWITCH_KINDS, clear_of_zero, json_number
from .calendar import FarSide
from .gates import ALPHA, Stage
from .registry import Role, Unit

Verdict = Literal["worse", "better", "unclear", "not enough data", "cannot be separated"]
METHOD = "regression with AR(1) errors, BH-corrected"
METHOD_IN_WORDS = (
    "how each morning goes partly carries over to the next (AR(1)), and the many factors checked at once are "
    "allowed for (BH: Benjamini–Hochberg)"
)
"""``METHOD`` said for someone who is not a statistician, beside it wherever it is named at length."""


def _sig(value: float | None) -> float | None:
    """A p-value to three significant digits (tiny ones stay tiny, not 0)."""
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.3g}")


@dataclass(frozen=True)
class Check:
    """A factor's result in a second fit (the painkiller check): only shown where its verdict differs."""

    estimate: float
    ci_low: float
    ci_high: float
    q: float
    verdict: Verdict

    def to_json(self) -> dict[str, object]:
        return {
            "estimate": json_number(self.estimate),
            "ci_low": json_number(self.ci_low),
            "ci_high": json_number(self.ci_high),
            "q": _sig(self.q),
            "verdict": self.verdict,
        }


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
    stays: int = 0  # short stays on its other level (a hotel week), apart from the lasting ``changes``
    separated_from: tuple[str, ...] = ()
    with_painkiller: Check | None = None  # the same factor in the painkiller check, when it was run

    @property
    def estimated(self) -> bool:
        return self.estimate is not None and self.verdict not in ("not enough data", "cannot be separated")

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "n": self.n,
            "raw": json_number(self.raw),
            "estimate": json_number(self.estimate) if self.estimated else None,
            "ci_low": json_number(self.ci_low) if self.estimated else None,
            "ci_high": json_number(self.ci_high) if self.estimated else None,
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
            "with_painkiller": self.with_painkiller.to_json() if self.with_painkiller else None,
        }


@dataclass(frozen=True)
class Lag:
    """Exertion ``lag`` days before the morning, from the one model that holds lags 1–3 together."""

    factor: str
    lag: int  # 1: the day before the morning (the row's own value), 2: two days before, 3: three
    label: str  # "the day before", "2 days before", "3 days before"
    n: int  # days used
    estimate: float | None  # per step of exertion
    ci_low: float | None
    ci_high: float | None
    p: float | None
    q: float | None  # Benjamini–Hochberg over the three lags
    sentence: str = ""  # in plain words (``text.lag_sentence``)

    @property
    def clear(self) -> bool:
        """q below ``ALPHA`` and an interval that excludes 0: a lag the diary supports."""
        if self.q is None or self.ci_low is None or self.ci_high is None:
            return False
        return self.q < ALPHA and clear_of_zero(self.ci_low, self.ci_high)

    def to_json(self) -> dict[str, object]:
        return {
            "factor": self.factor,
            "lag": self.lag,
            "label": self.label,
            "n": self.n,
            "estimate": json_number(self.estimate),
            "ci_low": json_number(self.ci_low),
            "ci_high": json_number(self.ci_high),
            "p": _sig(self.p),
            "q": _sig(self.q),
            "clear": self.clear,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class PainkillerCheck:
    """The second fit, with the painkiller in: which verdicts it would change.

    A painkiller is usually taken because of pain (the column covers the last
    24 hours, this morning's pill included), so it is left out of the main
    model; this check is mentioned only where it changes a verdict.
    """

    days: int  # mornings with a painkiller among the days used
    changed: tuple[str, ...]  # ids of the factors whose verdict it changes
    sentence: str

    def to_json(self) -> dict[str, object]:
        return {"days": self.days, "verdicts_changed": list(self.changed), "sentence": self.sentence}


@dataclass(frozen=True)
class TimeTerms:
    """What every fit allowed for besides the factors: the trend's pieces, its bends, the day of the week."""

    trend_pieces: int = 1
    bends: tuple[dt.date, ...] = ()
    day_of_week: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "trend_pieces": self.trend_pieces,
            "bends": [d.isoformat() for d in self.bends],
            "day_of_week": self.day_of_week,
        }


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
    pooled: tuple[dt.date, ...] = ()  # every switch between the same two mattresses that it pools, visits too
    bends: tuple[dt.date, ...] = ()  # the lasting ones among them: where the trend may bend
    returns: tuple[tuple[dt.date, dt.date], ...] = ()  # stretches back on the old one after the date
    changed_back: tuple[dt.date, ...] = ()  # a habit's changes the other way, before or after (each alone)
    gap: FarSide | None = None  # the side of the date with no days recorded near it: nothing can be measured
    exploratory: bool = False  # measured from fewer than ``CONFIRMATORY_DAYS`` days of the outcome
    differs_from_factor: bool = (
        False  # its numbers differ from the factor describing the same change (said why)
    )

    @property
    def label(self) -> str:
        """ "Mattress: Old mattress → Foam 2025" (just the kind when the two sides are unknown)."""
        kind = SWITCH_KINDS.get(self.what)
        head = kind.heading if kind else self.what[:1].upper() + self.what[1:]
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
            "before": json_number(self.before),
            "after": json_number(self.after),
            "difference": json_number(self.difference),
            "ci_low": json_number(self.ci_low),
            "ci_high": json_number(self.ci_high),
            "n_before": self.n_before,
            "n_after": self.n_after,
            "without_first_week": {
                "difference": json_number(self.adapted_difference),
                "ci_low": json_number(self.adapted_ci_low),
                "ci_high": json_number(self.adapted_ci_high),
            },
            "pooled_switches": [d.isoformat() for d in self.pooled],
            "nights_back": [{"first": a.isoformat(), "last": b.isoformat()} for a, b in self.returns],
            "exploratory": self.exploratory,
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
class HeldBack:
    """Mornings the factors and switches leave out for now: a running trial's so far, whose answer waits for
    its last night (looking at them before then makes false findings likely). Red flags and patterns still
    see every morning."""

    first: dt.date
    last: dt.date
    mornings: int  # logged mornings among them
    last_logged: dt.date | None = None  # the latest of those (today's may not be logged yet)

    def to_json(self) -> dict[str, object]:
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "mornings": self.mornings}


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
    lags: list[Lag] = field(default_factory=list)
    painkiller_check: PainkillerCheck | None = None
    time_terms: TimeTerms = field(default_factory=TimeTerms)
    outcome_days: int = 0  # the mornings with the outcome recorded: what the gates count
    unchecked_patterns: tuple[str, ...] = ()  # patterns the recent days hold too little to look for
    unchanged: str = ""  # why no factor was checked: the outcome was the same every day (its sentence)
    held_back: HeldBack | None = None  # a running trial's mornings, left out of factors and switches

    def supported(self) -> list[FactorEffect]:
        """Factors the data supports (verdict worse or better)."""
        return [f for f in self.factors if f.verdict in ("worse", "better")]

    def unclear(self) -> list[FactorEffect]:
        """Factors that were checked and found unclear."""
        return [f for f in self.factors if f.verdict == "unclear" and f.role == "factor"]

    def with_verdict(self, verdict: Verdict) -> list[FactorEffect]:
        """Every factor given ``verdict`` ("cannot be separated", "not enough data", …), in the analysis's order."""
        return [f for f in self.factors if f.verdict == verdict]

    def inseparable(self) -> list[FactorEffect]:
        """The factors that cannot be separated, each tie once: a factor whose tie an earlier sentence named whole
        (it and every factor it never varied apart from) is left out, so a firm mattress that only ever came with
        travel is one sentence ("… never varied apart from days tagged travel"), not that and its mirror image."""
        named: set[str] = set()
        kept = []
        for f in self.with_verdict("cannot be separated"):
            tie = {f.id, *f.separated_from}
            if not tie <= named:
                kept.append(f)
                named |= tie
        return kept

    def references_named(self) -> str:
        """The references of the factors estimated, as a reader is told them ("position back", only when a
        position was; "" when none was). ``references`` holds every family's, for the JSON, even where nothing
        was compared with it."""
        estimated = {f.id.split(":")[0] for f in self.factors if f.estimated}
        return ", ".join(
            f"{column} {level}" for column, level in self.references.items() if column in estimated
        )

    def to_json(self) -> dict[str, object]:
        return {
            "outcome": self.outcome,
            "rows": self.rows,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "method": self.method,
            "stage": self.stage,
            "summary": self.summary,
            "autocorrelation": json_number(self.autocorrelation),
            "references": self.references,
            "factors": [f.to_json() for f in self.factors],
            "switches": [s.to_json() for s in self.switches],
            "lags": [lag.to_json() for lag in self.lags],
            "painkiller_check": self.painkiller_check.to_json() if self.painkiller_check else None,
            "time_terms": self.time_terms.to_json(),
            "patterns": [p.to_json() for p in self.patterns],
            "red_flags": [
                {"date": d.date.isoformat(), "flags": list(d.flags), "tier": d.tier} for d in self.red_flags
            ],
            "held_back": self.held_back.to_json() if self.held_back else None,
        }
