"""Which factors go with worse mornings — honestly, for one person's noisy days.

Pure functions on the entries DataFrame (``Diary.load()``). The method follows
DESIGN "Analysis":

1. The days are put on a daily calendar first; missing days stay missing, so
   "the day before" and longer lags never come from the wrong row.
2. One regression of the outcome on every factor with enough data plus a slow
   time trend, with AR(1) errors (``diary.stats.fit_ar1_regression``), gives
   each factor's adjusted effect with a 95 % interval.
3. p-values are corrected for testing many factors (Benjamini–Hochberg ``q``).
4. Gates: under 14 days no effects at all; a level with fewer than 5 days on
   either side is "not enough data"; under 30 days every verdict is
   exploratory; factors that never vary apart "cannot be separated"; a factor
   that changed only once or twice is weak evidence and says so.
5. A painkiller is usually taken because of pain: it is adjusted for, never
   presented as a cause.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from ..fields import EXERCISE, FIRMNESS, POSITIONS, SCALE_STEPS
from ..safety import FlaggedDay

OUTCOMES: tuple[str, ...] = ("pain", "pain_minutes", "sleep_quality")
METHOD = "regression with AR(1) errors, BH-corrected"

MIN_DAYS = 14  # fewer: charts only, no effects
CONFIRMATORY_DAYS = 30  # fewer: every verdict is exploratory
MIN_LEVEL_DAYS = 5  # a level needs this many days on either side
MEANINGFUL_CHANGE = 2.0  # points of pain people notice as a real change
ADAPTATION_DAYS = 7  # the body adapts to a new mattress
MIN_COVERAGE = 0.6  # a factor recorded on fewer of the outcome days is left out
COMPLETE_SHARE = 0.9  # fewer days with every factor recorded: blanks are marked, not dropped
PERSISTENT = 0.7  # day-to-day correlation above which a factor "stays the same for weeks"
SWITCH_MIN_DAYS = 7  # a mattress used for fewer logged days in a row is a visit, not a switch
ALPHA = 0.05

Verdict = Literal["worse", "better", "unclear", "not enough data", "cannot be separated"]
Stage = Literal["too few days", "exploratory", "confirmatory"]

DEFAULT_REFERENCES = {"position": "back", "firmness": "medium"}

_OUTCOME_WORDS = {
    # outcome: (unit singular, unit plural, more, less, higher is worse)
    "pain": ("point", "points", "more pain", "less pain", True),
    "pain_minutes": (
        "minute",
        "minutes",
        "longer pain after getting up",
        "shorter pain after getting up",
        True,
    ),
    "sleep_quality": ("point", "points", "better sleep quality", "worse sleep quality", False),
}

_POSITION_WORDS = {
    "back": "sleeping on your back",
    "side": "sleeping on your side",
    "stomach": "sleeping on your stomach",
    "mixed": "sleeping in mixed positions",
}
_BOOL_FACTORS = {
    "lifting": "heavy lifting the day before",
    "alcohol": "alcohol the evening before",
    "late_meal": "a late heavy meal",
    "warm_bath": "a warm bath or shower before bed",
    "cold_exposure": "getting cold the day before",
    "painkiller": "a painkiller in the last 24 hours",
    "legs_elevated": "sleeping with your legs raised",
}
_SCALE_WORDS = {
    "exertion": "each step up in exertion the day before (rest, light, moderate, heavy)",
    "stress": "each step up in stress the day before (none, mild, moderate, high)",
}
_HOUR_WORDS = {
    "sitting_hours": "each extra hour of sitting the day before",
    "sleep_hours": "each extra hour of sleep",
}
ADJUSTERS = ("painkiller",)


# -- results ---------------------------------------------------------------------


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
    unit: str = "indicator"
    changes: int = 0
    exploratory: bool = False
    role: Literal["factor", "adjuster"] = "factor"
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


@dataclass(frozen=True)
class Switch:
    """Before/after a date: a mattress or position-habit switch, or any date asked about."""

    date: dt.date
    what: str
    from_: str | None
    to: str | None
    before: float | None
    after: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None
    n_before: int
    n_after: int
    adapted_difference: float | None
    adapted_ci_low: float | None
    adapted_ci_high: float | None
    sentence: str

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


# -- the calendar ----------------------------------------------------------------

LAGS = (0, 1, 2, 3)


def daily_calendar(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per calendar day from the first to the last entry; missing days stay empty.

    Indexed by date, with ``day`` (days since the first entry), ``logged``,
    scale steps (``exertion_step``, ``stress_step``), lags of exertion and
    lifting (``exertion_lag1`` = two days before the morning, as row ``D`` holds
    the day before), and ``exertion_sum3`` (the last three days together).
    """
    if frame.empty:
        empty = frame.set_index("date")
        empty["day"] = pd.Series(dtype="int64")
        return empty
    data = frame.set_index("date").sort_index()
    days = pd.date_range(data.index[0], data.index[-1], freq="D", name="date")
    cal = data.reindex(days)
    cal["firmness"] = _firmness_from_mattress(cal["mattress"], cal["firmness"])
    cal["logged"] = cal["pain"].notna()
    cal["day"] = np.arange(len(cal))
    for name, steps in SCALE_STEPS.items():
        cal[f"{name}_step"] = cal[name].astype("object").map(steps).astype("Float64")
    for lag in LAGS[1:]:
        cal[f"exertion_lag{lag}"] = cal["exertion_step"].shift(lag)
        cal[f"lifting_lag{lag}"] = cal["lifting"].astype("Float64").shift(lag)
    cal["exertion_sum3"] = cal["exertion_step"] + cal["exertion_lag1"] + cal["exertion_lag2"]
    return cal


def _firmness_from_mattress(mattress: pd.Series, firmness: pd.Series) -> pd.Series:
    """A night's firmness left blank is its mattress's: the firmness most often logged for that mattress."""
    blank = firmness.isna() & mattress.notna()
    if not blank.any():
        return firmness
    known = pd.DataFrame({"mattress": mattress, "firmness": firmness}).dropna()
    if known.empty:
        return firmness
    usual = known.groupby("mattress", observed=True)["firmness"].agg(lambda v: v.value_counts().idxmax())
    filled = firmness.copy()
    filled[blank] = mattress[blank].map(usual).astype(firmness.dtype)
    return filled


# -- factors ---------------------------------------------------------------------


@dataclass
class _Factor:
    id: str
    label: str
    subject: str  # how a sentence starts: "Mornings after …" / "Each …"
    unit: str
    values: np.ndarray  # float, NaN = not recorded
    role: str = "factor"
    single: bool = False  # the only level ever logged: nothing to compare it with


def _indicator(series: pd.Series) -> np.ndarray:
    return series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def _set_indicator(series: pd.Series, member: str, recorded: np.ndarray) -> np.ndarray:
    present = np.array([member in v if isinstance(v, tuple) else False for v in series], dtype=float)
    present[~recorded] = np.nan
    return present


def _reference(series: pd.Series, default: str) -> str | None:
    counts = series.value_counts()
    counts = counts[counts > 0]
    if counts.empty:
        return None
    if counts.get(default, 0) >= MIN_LEVEL_DAYS:
        return default
    return str(counts.idxmax())


def _candidate_factors(cal: pd.DataFrame, outcome_days: np.ndarray) -> tuple[list[_Factor], dict[str, str]]:
    factors: list[_Factor] = []
    references: dict[str, str] = {}
    for column, levels, words in (
        ("position", POSITIONS, _POSITION_WORDS),
        ("firmness", FIRMNESS, None),
    ):
        series = cal[column]
        ref = _reference(series[outcome_days], DEFAULT_REFERENCES[column])
        if ref is None:  # never recorded: nothing to compare, the usual reference stands
            references[column] = DEFAULT_REFERENCES[column]
            continue
        references[column] = ref
        recorded = series.notna().to_numpy()
        present = [level for level in levels if (series[outcome_days] == level).any()]
        for level in present:
            if level == ref and len(present) > 1:
                continue
            values = (series == level).to_numpy(dtype=float)
            values[~recorded] = np.nan
            if column == "position":
                label = words[level]  # type: ignore[index]
                ref_words = words[ref]  # type: ignore[index]
            else:
                label = f"a {level} mattress"
                ref_words = f"a {ref} one"
            subject = (
                f"Mornings after {label}" if column == "position" else f"Mornings after a night on {label}"
            )
            if len(present) == 1:
                factors.append(
                    _Factor(
                        f"{column}:{level}",
                        label,
                        f"Mornings after {label}",
                        "indicator",
                        values,
                        single=True,
                    )
                )
                continue
            factors.append(
                _Factor(
                    f"{column}:{level}",
                    label,
                    f"{subject} (compared with {ref_words})",
                    "indicator",
                    values,
                )
            )
    for name, words in _SCALE_WORDS.items():
        factors.append(
            _Factor(name, words, words[0].upper() + words[1:], "per step", _indicator(cal[f"{name}_step"]))
        )
    for name, words in _HOUR_WORDS.items():
        factors.append(_Factor(name, words, words[0].upper() + words[1:], "per hour", _indicator(cal[name])))
    for name, words in _BOOL_FACTORS.items():
        factors.append(
            _Factor(
                name,
                words,
                f"Mornings after {words}",
                "indicator",
                _indicator(cal[name]),
                role="adjuster" if name in ADJUSTERS else "factor",
            )
        )
    # Sets: an empty cell on a logged day means none of them (the person logs what happened).
    logged = cal["logged"].to_numpy()
    for column, prefix, members, noun in (
        ("exercise", "exercise", EXERCISE, None),
        ("tags", "tag", None, "days tagged"),
    ):
        series = cal[column]
        found = members or sorted({m for v in series.dropna() for m in v})
        for member in found:
            values = _set_indicator(series, member, logged)
            if not np.nansum(values[outcome_days]):
                continue
            label = f"{member} the day before" if noun is None else f"{noun} {member}"
            subject = f"Mornings after {label}" if noun is None else f"Mornings on {label}"
            factors.append(_Factor(f"{prefix}:{member}", label, subject, "indicator", values))
    return factors, references


def _changes(values: np.ndarray) -> tuple[int, list[int]]:
    """How often a factor changed value along the recorded days, and where."""
    idx = np.flatnonzero(~np.isnan(values))
    if idx.size < 2:
        return 0, []
    seq = values[idx]
    where = np.flatnonzero(np.diff(seq) != 0) + 1
    return int(where.size), [int(idx[w]) for w in where]


def _persistent(values: np.ndarray) -> bool:
    """Whether a factor stays the same from one logged day to the next (a mattress).

    Judged by the correlation of consecutive recorded values, so a factor that
    is merely rare (a late meal now and then) still counts as day-to-day.
    """
    seq = values[~np.isnan(values)]
    if seq.size < 3 or np.ptp(seq) == 0:
        return False
    before, after = seq[:-1], seq[1:]
    if before.std() == 0 or after.std() == 0:
        return True  # one change at the very end: nothing but persistence
    return float(np.corrcoef(before, after)[0, 1]) >= PERSISTENT


def _sides(values: np.ndarray, unit: str) -> tuple[int, int]:
    """Days on either side: with/without for an indicator, below/at-or-above the median otherwise."""
    v = values[~np.isnan(values)]
    if v.size == 0:
        return 0, 0
    if unit == "indicator":
        return int((v == 1).sum()), int((v == 0).sum())
    low = v < np.median(v)
    if not low.any():  # the median is the minimum: compare minimum vs above it
        low = v == v.min()
        return int((~low).sum()), int(low.sum())
    return int((~low).sum()), int(low.sum())


# -- sentences -------------------------------------------------------------------


def _fmt(value: float, outcome: str) -> str:
    if outcome == "pain_minutes":
        return f"{abs(value):.0f}"
    return f"{abs(value):.1f}"


_SAME = {"pain": "pain", "pain_minutes": "length of morning pain", "sleep_quality": "sleep quality"}


def _amount(value: float, outcome: str) -> str:
    one, many, more, less, _ = _OUTCOME_WORDS[outcome]
    text = _fmt(value, outcome)
    if float(text) == 0:
        return f"the same {_SAME[outcome]}"
    unit = one if text in ("1", "1.0") else many
    return f"{text} {unit} {more if value >= 0 else less}"


def _interval(lo: float, hi: float, outcome: str) -> str:
    if lo >= 0 or hi <= 0:
        return f"({_fmt(min(abs(lo), abs(hi)), outcome)} to {_fmt(max(abs(lo), abs(hi)), outcome)})"
    _, _, more, less, _ = _OUTCOME_WORDS[outcome]
    more_word = more.split()[0]
    less_word = less.split()[0]
    return (
        f"(anywhere from {_fmt(lo, outcome)} {less_word} to {_fmt(hi, outcome)} {more_word} fits your data)"
    )


def _effect_sentence(
    subject: str, unit: str, est: float, lo: float, hi: float, verdict: str, outcome: str
) -> str:
    text = f"{subject}: about {_amount(est, outcome)} {_interval(lo, hi, outcome)}."
    if verdict == "unclear":
        return text + " No clear difference."
    if outcome != "pain":
        return text
    if unit == "per step":
        whole = est * 3
        size = "as large as" if abs(whole) >= MEANINGFUL_CHANGE else "less than"
        return (
            text
            + f" From the lowest to the highest step that is about {abs(whole):.1f} points, {size} the 2-point change people notice."
        )
    if unit == "indicator":
        size = "As large as" if abs(est) >= MEANINGFUL_CHANGE else "Less than"
        return text + f" {size} the 2-point change people notice."
    return text


def _verdict(est: float, lo: float, hi: float, q: float, outcome: str) -> Verdict:
    higher_is_worse = _OUTCOME_WORDS[outcome][4]
    if q < ALPHA and (lo > 0 or hi < 0):
        up = est > 0
        return "worse" if up == higher_is_worse else "better"
    return "unclear"


# -- factor effects --------------------------------------------------------------


def _trend_columns(day: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """A slow trend: linear, with a bend each full year for long diaries."""
    years = (day - day.mean()) / 365.25
    columns = [years]
    names = ["trend"]
    span = day.max() - day.min()
    for knot in range(365, int(span), 365):
        columns.append(np.maximum(day - day.min() - knot, 0) / 365.25)
        names.append(f"trend_bend_{knot}")
    return np.column_stack(columns), names


def _dependent_groups(matrix: np.ndarray, names: list[str], protected: int) -> list[list[int]]:
    """Groups of factor columns that never vary apart (exact linear dependence).

    ``protected`` leading columns (intercept, trend) are always kept. Each group
    holds the dropped column and the kept columns it is a combination of.
    """
    groups: list[list[int]] = []
    kept: list[int] = list(range(protected))
    for j in range(protected, matrix.shape[1]):
        trial = [*kept, j]
        sub = matrix[:, trial]
        if np.linalg.matrix_rank(sub, tol=1e-8 * max(1.0, np.abs(sub).max())) == len(trial):
            kept.append(j)
            continue
        coef, *_ = np.linalg.lstsq(matrix[:, kept], matrix[:, j], rcond=None)
        partners = [kept[i] for i, c in enumerate(coef) if kept[i] >= protected and abs(c) > 1e-6]
        groups.append([j, *partners])
    return groups


def _too_few_sentence(f: _Factor, with_days: int, without_days: int) -> str:
    if f.unit == "indicator":
        return (
            f"Not enough data on {f.label}: {with_days} days with and {without_days} without; "
            f"at least {MIN_LEVEL_DAYS} of each are needed."
        )
    return (
        f"Not enough data on {f.label}: it varied on too few days "
        f"(at least {MIN_LEVEL_DAYS} days above and below its usual value are needed)."
    )


def _weak_note(f: _Factor, changes: int, where: list[int], cal_dates: pd.DatetimeIndex) -> str | None:
    if f.unit != "indicator" or changes == 0 or changes > 2:
        return None
    dates = ", ".join(cal_dates[i].date().isoformat() for i in where)
    times = "once" if changes == 1 else "twice"
    return (
        f"Changed only {times} ({dates}): weak evidence whatever the numbers, because anything else "
        "that changed at the same time would look the same. To confirm, switch back for a week."
    )


def factor_effects(
    frame: pd.DataFrame,
    outcome: str = "pain",
    *,
    calendar: pd.DataFrame | None = None,
) -> tuple[list[FactorEffect], dict[str, str], Stage, float | None]:
    """Every factor's adjusted effect on the outcome, with verdicts and sentences.

    Returns the effects (sorted: supported first by size, then unclear, then
    not estimated), the reference levels used, the stage (gate) and the
    estimated day-to-day autocorrelation.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    cal = daily_calendar(frame) if calendar is None else calendar
    if cal.empty:
        return [], {}, "too few days", None
    y_all = cal[outcome].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    outcome_days = ~np.isnan(y_all)
    n_days = int(outcome_days.sum())
    stage: Stage = (
        "too few days"
        if n_days < MIN_DAYS
        else "exploratory"
        if n_days < CONFIRMATORY_DAYS
        else "confirmatory"
    )
    candidates, references = _candidate_factors(cal, outcome_days)
    dates = cal.index
    results: dict[str, FactorEffect] = {}

    def not_estimated(
        f: _Factor, verdict: Verdict, sentence: str, *, n: int, partners: tuple[str, ...] = ()
    ) -> None:
        changes, _ = _changes(f.values[outcome_days])
        raw = _raw_difference(f, y_all, outcome_days)
        results[f.id] = FactorEffect(
            f.id, f.label, n, raw, None, None, None, None, None, verdict, sentence,
            unit=f.unit, changes=changes, exploratory=stage != "confirmatory", role=f.role,  # type: ignore[arg-type]
            separated_from=partners,
        )  # fmt: skip

    if stage == "too few days":
        for f in candidates:
            with_days, _ = _sides(f.values[outcome_days], f.unit)
            not_estimated(
                f,
                "not enough data",
                f"Fewer than {MIN_DAYS} days logged: no effects yet. Keep logging; the charts already show your days.",
                n=with_days if f.unit == "indicator" else int((~np.isnan(f.values[outcome_days])).sum()),
            )
        return _sorted(results.values()), references, stage, None

    # Gate each factor on coverage and on days either side.
    usable: list[_Factor] = []
    for f in candidates:
        values = f.values[outcome_days]
        recorded = int((~np.isnan(values)).sum())
        with_days, without_days = _sides(values, f.unit)
        n = with_days if f.unit == "indicator" else recorded
        if f.single:
            not_estimated(
                f,
                "not enough data",
                f"Every logged morning came after {f.label}: there is nothing to compare it with yet.",
                n=n,
            )
        elif recorded < MIN_COVERAGE * n_days:
            not_estimated(
                f,
                "not enough data",
                f"Not enough data on {f.label}: recorded on {recorded} of {n_days} days.",
                n=n,
            )
        elif min(with_days, without_days) < MIN_LEVEL_DAYS:
            not_estimated(f, "not enough data", _too_few_sentence(f, with_days, without_days), n=n)
        else:
            usable.append(f)

    # Days with every usable factor recorded (the calendar keeps the gaps dated). A factor
    # that stays the same for weeks (the mattress) needs its value on every day used. When
    # blank cells of day-to-day factors would cost more than a few days, those days are kept:
    # the blank is marked by a missing-value indicator (and set to the factor's mean), so it
    # neither counts as "no" nor drops the day for the other factors.
    rows = outcome_days.copy()
    day_to_day = []
    for f in usable:
        if _persistent(f.values[outcome_days]):
            rows &= ~np.isnan(f.values)
        else:
            day_to_day.append(f)
    complete = rows.copy()
    for f in day_to_day:
        complete &= ~np.isnan(f.values)
    if complete.sum() >= COMPLETE_SHARE * rows.sum():
        rows = complete
    # A usable factor can still lose its days to other factors' gaps: gate again.
    still: list[_Factor] = []
    for f in usable:
        with_days, without_days = _sides(f.values[rows], f.unit)
        if min(with_days, without_days) < MIN_LEVEL_DAYS:
            not_estimated(
                f,
                "not enough data",
                _too_few_sentence(f, with_days, without_days),
                n=with_days if f.unit == "indicator" else int(rows.sum()),
            )
        else:
            still.append(f)
    usable = still
    day = cal["day"].to_numpy()[rows].astype(float)
    y = y_all[rows]
    if rows.sum() < MIN_DAYS:
        for f in usable:
            not_estimated(
                f, "not enough data", f"Not enough complete days to judge {f.label}.", n=int(rows.sum())
            )
        return _sorted(results.values()), references, stage, None

    trend, trend_names = _trend_columns(day)
    base = np.column_stack([np.ones(rows.sum()), trend])
    names = ["intercept", *trend_names]
    columns = []
    for f in usable:
        values = f.values[rows].copy()
        blank = np.isnan(values)
        if blank.any():
            values[blank] = values[~blank].mean()
            marker = blank.astype(float)
            widened = np.column_stack([base, marker])
            if np.linalg.matrix_rank(widened) == widened.shape[1]:  # one marker per blank pattern
                base = widened
                names.append(f"not recorded:{f.id}")
        columns.append(values)
    filled = {f.id: column for f, column in zip(usable, columns, strict=True)}
    matrix = np.column_stack([base, *columns]) if columns else base
    groups = _dependent_groups(matrix, names + [f.id for f in usable], protected=base.shape[1])
    dropped = {g[0] for g in groups}
    in_group: dict[int, tuple[str, ...]] = {}
    for g in groups:
        members = [usable[i - base.shape[1]].id for i in g]
        for i in g:
            others = tuple(m for m in members if m != usable[i - base.shape[1]].id)
            in_group[i] = tuple(sorted(set(in_group.get(i, ())) | set(others)))
    keep = [i for i in range(base.shape[1], matrix.shape[1]) if i not in dropped]
    design = matrix[:, list(range(base.shape[1])) + keep]
    design_names = names + [usable[i - base.shape[1]].id for i in keep]

    from ..stats import benjamini_hochberg, fit_ar1_regression

    if design.shape[0] <= design.shape[1] + 2:
        for f in usable:
            not_estimated(
                f, "not enough data", f"Too many factors for {int(rows.sum())} days.", n=int(rows.sum())
            )
        return _sorted(results.values()), references, stage, None
    fit = fit_ar1_regression(y, design, day, design_names)

    estimated = [usable[i - base.shape[1]] for i in keep if i not in in_group]
    qs = benjamini_hochberg([fit[f.id].p for f in estimated])
    q_of = {f.id: q for f, q in zip(estimated, qs, strict=True)}
    prefix = "Exploratory (fewer than 30 days logged): " if stage == "exploratory" else ""

    for i, f in enumerate(usable):
        col = base.shape[1] + i
        values = f.values[rows]
        with_days, _ = _sides(values, f.unit)
        n = with_days if f.unit == "indicator" else int((~np.isnan(f.values[rows])).sum())
        changes, where = _changes(f.values[outcome_days])
        if col in in_group:
            partners = in_group[col]
            labels = [p.label for p in usable if p.id in partners]
            together = ""
            twins = [p for p in usable if p.id in partners and np.array_equal(filled[p.id], filled[f.id])]
            kept_twin = next((p.id for p in [f, *twins] if p.id in fit.names), None)
            if twins and kept_twin is not None:
                c = fit[kept_twin]
                together = f" Together: about {_amount(c.estimate, outcome)} {_interval(c.ci_low, c.ci_high, outcome)}."
            not_estimated(
                f,
                "cannot be separated",
                f"{f.label[0].upper()}{f.label[1:]} never varied apart from {', '.join(labels)} "
                f"({with_days} days): the diary cannot tell which of them matters.{together}",
                n=n,
                partners=partners,
            )
            continue
        c = fit[f.id]
        q = q_of[f.id]
        verdict = _verdict(c.estimate, c.ci_low, c.ci_high, q, outcome)
        note = _weak_note(f, changes, where, dates[outcome_days])
        if f.role == "adjuster":
            verdict = "unclear"
            sentence = (
                f"Mornings after {f.label}: adjusted for, not judged. A painkiller is usually taken because "
                f"of pain, so how these mornings compare (about {_amount(c.estimate, outcome)}) says nothing "
                "about what the painkiller does."
            )
            note = "Adjusted for so that the other factors are compared fairly; never a cause."
        else:
            sentence = prefix + _effect_sentence(
                f.subject, f.unit, c.estimate, c.ci_low, c.ci_high, verdict, outcome
            )
        results[f.id] = FactorEffect(
            f.id, f.label, n, _raw_difference(f, y_all, rows), c.estimate, c.ci_low, c.ci_high, c.p, q,
            verdict, sentence, note=note, unit=f.unit, changes=changes,
            exploratory=stage != "confirmatory", role=f.role,  # type: ignore[arg-type]
        )  # fmt: skip
    return _sorted(results.values()), references, stage, fit.phi


def _raw_difference(f: _Factor, y: np.ndarray, rows: np.ndarray) -> float | None:
    mask = rows & ~np.isnan(f.values) & ~np.isnan(y)
    x, yy = f.values[mask], y[mask]
    if f.unit == "indicator":
        if not (x == 1).any() or not (x == 0).any():
            return None
        return float(yy[x == 1].mean() - yy[x == 0].mean())
    if x.size < 3 or np.ptp(x) == 0:
        return None
    return float(np.polyfit(x, yy, 1)[0])


_VERDICT_ORDER = {"worse": 0, "better": 0, "unclear": 1, "cannot be separated": 2, "not enough data": 3}


def _sorted(effects: Sequence[FactorEffect] | object) -> list[FactorEffect]:
    return sorted(
        effects,  # type: ignore[arg-type]
        key=lambda e: (
            _VERDICT_ORDER[e.verdict],
            e.role == "adjuster",
            -abs(e.estimate) if e.estimate is not None else 0.0,
            e.id,
        ),
    )


# -- switches and before/after ---------------------------------------------------


@dataclass(frozen=True)
class _Run:
    name: str
    first: int  # positions in the calendar
    last: int
    days: int


def _runs(values: pd.Series) -> list[_Run]:
    runs: list[_Run] = []
    for pos, value in enumerate(values):
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            continue
        if runs and runs[-1].name == value:
            last = runs[-1]
            runs[-1] = _Run(last.name, last.first, pos, last.days + 1)
        else:
            runs.append(_Run(str(value), pos, pos, 1))
    return runs


def _merge(runs: list[_Run]) -> list[_Run]:
    merged: list[_Run] = []
    for run in runs:
        if merged and merged[-1].name == run.name:
            last = merged[-1]
            merged[-1] = _Run(last.name, last.first, run.last, last.days + run.days)
        else:
            merged.append(run)
    return merged


def _lasting_runs(runs: list[_Run], *, visit_days: int, min_days: int) -> list[_Run]:
    """Drop visits (a short stretch between two stretches of the same thing) and stretches too short to count."""
    changed = True
    while changed:
        changed = False
        for i in range(1, len(runs) - 1):
            if runs[i].days < visit_days and runs[i - 1].name == runs[i + 1].name:
                runs = _merge(runs[:i] + runs[i + 1 :])
                changed = True
                break
    return _merge([r for r in runs if r.days >= min_days])


@dataclass(frozen=True)
class _SwitchSpot:
    date: dt.date
    what: str
    from_: str
    to: str
    start: int  # calendar window the before/after uses
    end: int
    position: int


def _switch_spots(cal: pd.DataFrame) -> list[_SwitchSpot]:
    spots: list[_SwitchSpot] = []
    if cal.empty:
        return spots
    mattress = cal["mattress"].astype("object").where(cal["logged"], None)
    runs = _lasting_runs(_runs(mattress), visit_days=14, min_days=MIN_LEVEL_DAYS)
    for i in range(1, len(runs)):
        before, after = runs[i - 1], runs[i]
        spots.append(
            _SwitchSpot(
                cal.index[after.first].date(),
                "mattress",
                before.name,
                after.name,
                before.first,
                after.last,
                after.first,
            )
        )
    # A position habit: one position on at least 70 % of nights over three weeks.
    position = cal["position"].astype("object").where(cal["logged"], None)
    logged = position.dropna()
    if len(logged) >= 42:
        window = 21
        habits: list[object] = []
        values = logged.tolist()
        for i in range(len(values)):
            lo = max(0, min(i - window // 2, len(values) - window))
            chunk = values[lo : lo + window]
            top = max(set(chunk), key=chunk.count)
            habits.append(top if chunk.count(top) >= 0.7 * len(chunk) else None)
        habit_series = pd.Series(habits, index=logged.index).reindex(cal.index)
        habit_runs = _lasting_runs(_runs(habit_series), visit_days=14, min_days=14)
        for i in range(1, len(habit_runs)):
            before, after = habit_runs[i - 1], habit_runs[i]
            # The switch night: the split of the stretch between the two habits that puts
            # the most old-habit nights before it and new-habit nights from it on.
            zone = [position.iloc[p] for p in range(before.last + 1, after.first + 1)]
            scores = [
                sum(v == before.name for v in zone[:k]) + sum(v == after.name for v in zone[k:])
                for k in range(len(zone))
            ]
            first = before.last + 1 + scores.index(max(scores))
            spots.append(
                _SwitchSpot(
                    cal.index[first].date(),
                    "position",
                    before.name,
                    after.name,
                    before.first,
                    after.last,
                    first,
                )
            )
    return sorted(spots, key=lambda s: s.date)


def find_switches(frame: pd.DataFrame) -> list[tuple[dt.date, str, str, str]]:
    """Lasting mattress switches and position-habit changes: (date, what, from, to)."""
    return [(s.date, s.what, s.from_, s.to) for s in _switch_spots(daily_calendar(frame))]


def _step_fit(
    y: np.ndarray, day: np.ndarray, after: np.ndarray
) -> tuple[float | None, float | None, float | None]:
    keep = ~np.isnan(y)
    y, day, after = y[keep], day[keep], after[keep]
    if after.sum() < MIN_LEVEL_DAYS or (1 - after).sum() < MIN_LEVEL_DAYS:
        return None, None, None
    from ..stats import fit_ar1_regression

    trend = (day - day.mean()) / 365.25
    X = np.column_stack([np.ones(len(y)), after, trend])
    fit = fit_ar1_regression(y, X, day.astype(float), ["intercept", "after", "trend"])
    c = fit["after"]
    return c.estimate, c.ci_low, c.ci_high


def before_after(
    frame: pd.DataFrame,
    day: dt.date,
    outcome: str = "pain",
    *,
    what: str = "chosen date",
    from_: str | None = None,
    to: str | None = None,
    calendar: pd.DataFrame | None = None,
    _window: tuple[int, int] | None = None,
    _only: np.ndarray | None = None,
) -> Switch:
    """Outcome before vs from ``day`` on, allowing for a slow trend and day-to-day carry-over (AR(1)).

    Also the same with the first 7 days after ``day`` left out (the body adapts
    to a new mattress). ``calendar`` is ``daily_calendar(frame)`` when the caller has it already.
    """
    cal = daily_calendar(frame) if calendar is None else calendar
    if cal.empty:
        return Switch(day, what, from_, to, None, None, None, None, None, 0, 0, None, None, None,
                      "The diary is empty.")  # fmt: skip
    y = cal[outcome].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    positions = np.arange(len(cal))
    mask = np.ones(len(cal), dtype=bool)
    if _window is not None:
        mask &= (positions >= _window[0]) & (positions <= _window[1])
    if _only is not None:
        mask &= _only
    y = np.where(mask, y, np.nan)
    after = (cal.index.date >= day).astype(float)
    days = positions.astype(float)
    before_vals, after_vals = y[(after == 0) & ~np.isnan(y)], y[(after == 1) & ~np.isnan(y)]
    mean_before = float(before_vals.mean()) if before_vals.size else None
    mean_after = float(after_vals.mean()) if after_vals.size else None
    est, lo, hi = _step_fit(y, days, after)
    adapted_y = np.where(
        (cal.index.date >= day) & (cal.index.date < day + dt.timedelta(days=ADAPTATION_DAYS)), np.nan, y
    )
    a_est, a_lo, a_hi = _step_fit(adapted_y, days, after)
    change = f"the switch from {from_} to {to} on {day}" if from_ and to else f"{day}"
    if est is None or lo is None or hi is None:
        sentence = (
            f"Not enough days to compare before and after {change}: at least {MIN_LEVEL_DAYS} "
            f"on each side are needed ({before_vals.size} before, {after_vals.size} after)."
        )
    else:
        sentence = (
            f"After {change}: about {_amount(est, outcome)} {_interval(lo, hi, outcome)}, "
            "allowing for the slow trend and for pain carrying over from day to day."
        )
        if a_est is not None and a_lo is not None and a_hi is not None:
            sentence += (
                f" Leaving out the first week (getting used to it): about {_amount(a_est, outcome)} "
                f"{_interval(a_lo, a_hi, outcome)}."
            )
        if what in ("mattress", "position"):
            sentence += " One switch is weak evidence on its own: to confirm, switch back for a week."
    return Switch(
        day, what, from_, to, mean_before, mean_after, est, lo, hi, int(before_vals.size), int(after_vals.size),
        a_est, a_lo, a_hi, sentence,
    )  # fmt: skip


def switch_effects(
    frame: pd.DataFrame, outcome: str = "pain", *, calendar: pd.DataFrame | None = None
) -> list[Switch]:
    """Before/after for every lasting mattress switch and position-habit change."""
    cal = daily_calendar(frame) if calendar is None else calendar
    results = []
    for spot in _switch_spots(cal):
        # Compare nights on the old mattress (habit) before with nights on the new one after;
        # nights elsewhere (a trip, a week back on the old one) belong to neither side.
        names = cal[spot.what].astype("object")
        after = cal.index.date >= spot.date
        if spot.what == "mattress":
            only = ((~after & (names == spot.from_)) | (after & (names == spot.to))).to_numpy()
        else:
            only = None
        results.append(
            before_after(
                frame, spot.date, outcome, what=spot.what, from_=spot.from_, to=spot.to,
                calendar=cal, _window=(spot.start, spot.end), _only=only,
            )
        )  # fmt: skip
    return results


# -- patterns worth a doctor's visit ---------------------------------------------


def find_patterns(frame: pd.DataFrame, until: dt.date | None = None) -> list[Pattern]:
    """The Safety patterns (DESIGN), each with its numbers, over the most recent days of the diary."""
    if frame.empty:
        return []
    data = frame.set_index("date").sort_index()
    end = pd.Timestamp(until) if until else data.index[-1]
    found: list[Pattern] = []
    day_text = end.date().isoformat()

    last14 = data.loc[end - pd.Timedelta(days=13) : end]
    minutes = last14["pain_minutes"].dropna()
    if len(minutes) >= 7:
        long_days = int((minutes > 30).sum())
        if long_days > len(minutes) / 2:
            found.append(
                Pattern(
                    "long_morning_pain",
                    f"Morning pain lasted more than 30 minutes after getting up on {long_days} of the "
                    f"{len(minutes)} mornings logged in the 14 days up to {day_text}. Morning stiffness "
                    "that lasts this long on most days is worth showing a doctor.",
                    {"days_over_30_min": long_days, "days_logged": len(minutes)},
                )
            )
    wakings = last14["night_wakings"].dropna()
    woken = int((wakings > 0).sum())
    if woken >= 3:
        found.append(
            Pattern(
                "night_waking",
                f"Pain woke you in the night on {woken} of the {len(wakings)} nights logged in the 14 days "
                f"up to {day_text} ({int(wakings.sum())} times in all). Pain that wakes you at night is "
                "worth mentioning to a doctor.",
                {"nights_woken": woken, "nights_logged": len(wakings), "times": int(wakings.sum())},
            )
        )
    last42 = data.loc[end - pd.Timedelta(days=41) : end, "pain"].dropna().astype(float)
    if len(last42) >= 28 and (data.index[-1] - data.index[0]).days >= 41:
        weekly = last42.groupby((end - last42.index).days // 7).mean().sort_index(ascending=False)
        slope = np.polyfit((last42.index - end).days.to_numpy(dtype=float), last42.to_numpy(), 1)[0] * 7
        if last42.mean() >= 4 and slope > -0.15 and len(weekly) >= 5:
            weeks = ", ".join(f"{v:.1f}" for v in weekly)
            found.append(
                Pattern(
                    "not_easing",
                    f"Morning pain has averaged {last42.mean():.1f} over the 6 weeks up to {day_text} "
                    f"(week by week: {weeks}) and is not easing. Pain that does not ease over weeks is "
                    "worth a doctor's visit.",
                    {"mean": round(float(last42.mean()), 2), "change_per_week": round(float(slope), 3)},
                )
            )
    last28 = data.loc[end - pd.Timedelta(days=27) : end]
    if len(last28) >= 10:
        stiffness = last28["pain_minutes"].dropna()
        nights = last28["night_wakings"].dropna()
        active = last28["exertion"].isin(["moderate", "heavy"]) | last28["exercise"].map(
            lambda v: bool(v) if isinstance(v, tuple) else False
        )
        rest = (last28["exertion"] == "rest") & ~active
        pain = last28["pain"].astype(float)
        if len(stiffness) >= 7 and len(nights) >= 7 and active.sum() >= 3 and rest.sum() >= 3:
            median_minutes = float(stiffness.median())
            woken_share = float((nights > 0).mean())
            after_active, after_rest = float(pain[active].mean()), float(pain[rest].mean())
            if median_minutes >= 30 and woken_share >= 0.25 and after_active < after_rest:
                found.append(
                    Pattern(
                        "inflammatory",
                        f"Over the 4 weeks up to {day_text}: morning stiffness lasting {median_minutes:.0f} "
                        f"minutes on a typical day, pain waking you on {woken_share:.0%} of nights, and "
                        f"mornings after active days no worse than after rest (pain {after_active:.1f} vs "
                        f"{after_rest:.1f}). Long morning stiffness, night waking and easing with movement "
                        "rather than rest together are the inflammatory back pain pattern, which a doctor "
                        "should look at.",
                        {
                            "median_minutes": median_minutes,
                            "share_nights_woken": round(woken_share, 3),
                            "pain_after_active": round(after_active, 2),
                            "pain_after_rest": round(after_rest, 2),
                        },
                    )
                )
    return found


# -- the whole analysis ----------------------------------------------------------


def _red_flags(frame: pd.DataFrame) -> list[FlaggedDay]:
    if frame.empty:
        return []
    return [
        FlaggedDay(day.date(), flags)
        for day, flags in zip(frame["date"], frame["red_flags"], strict=True)
        if isinstance(flags, tuple) and flags
    ]


_RECORDED = {
    "pain": "mornings logged",
    "pain_minutes": "mornings with the minutes of pain recorded",
    "sleep_quality": "nights with the sleep quality recorded",
}


def _summary(rows: int, outcome_days: int, stage: Stage, factors: list[FactorEffect], outcome: str) -> str:
    if rows == 0:
        return "The diary is empty: log your first morning to start."
    if stage == "too few days":
        return (
            f"{outcome_days} {_RECORDED[outcome]}: at least {MIN_DAYS} are needed before the diary looks for "
            "what goes with worse mornings. The charts already show your days."
        )
    worse_word = "worse" if outcome != "sleep_quality" else "worse sleep"
    worse = [f.label for f in factors if f.verdict == "worse"]
    better = [f.label for f in factors if f.verdict == "better"]
    unclear = [f for f in factors if f.verdict == "unclear" and f.role == "factor"]
    parts = []
    if worse:
        parts.append(f"Going with {worse_word} mornings: {', '.join(worse)}.")
    if better:
        parts.append(f"Going with better mornings: {', '.join(better)}.")
    if not worse and not better:
        parts.append("No factor shows a clear link with your mornings so far.")
    if unclear:
        parts.append(f"{len(unclear)} other factors were checked and showed no clear difference.")
    if stage == "exploratory":
        parts.append(
            f"With fewer than {CONFIRMATORY_DAYS} days this is exploratory: keep logging to confirm."
        )
    parts.append("These are links in your diary, not proof of cause.")
    return " ".join(parts)


def analyze(frame: pd.DataFrame, outcome: str = "pain", *, until: dt.date | None = None) -> Analysis:
    """Factors, switches, patterns and red flags for one outcome, as DESIGN "Analysis" describes."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    calendar = daily_calendar(frame)
    factors, references, stage, phi = factor_effects(frame, outcome, calendar=calendar)
    switches = switch_effects(frame, outcome, calendar=calendar) if stage != "too few days" else []
    rows = len(frame)
    outcome_days = int(frame[outcome].notna().sum()) if rows else 0
    return Analysis(
        outcome=outcome,
        rows=rows,
        first=frame["date"].iloc[0].date() if rows else None,
        last=frame["date"].iloc[-1].date() if rows else None,
        method=METHOD,
        references=references,
        factors=factors,
        switches=switches,
        patterns=find_patterns(frame, until),
        red_flags=_red_flags(frame),
        stage=stage,
        summary=_summary(rows, outcome_days, stage, factors, outcome),
        autocorrelation=phi,
    )


# -- for the Factors page --------------------------------------------------------


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


def lag_effects(frame: pd.DataFrame, outcome: str = "pain") -> pd.DataFrame:
    """Exertion 1–4 days before the morning (and the last three days together), each with a 95 % interval.

    Each row is its own regression with AR(1) errors and a slow trend, so the
    lags are compared on the same footing.
    """
    cal = daily_calendar(frame)
    rows = []
    if cal.empty:
        return pd.DataFrame(columns=["lag", "label", "n", "estimate", "ci_low", "ci_high"])
    y_all = cal[outcome].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    columns = [("exertion_step", 1), ("exertion_lag1", 2), ("exertion_lag2", 3), ("exertion_lag3", 4)]
    for column, days_before in columns:
        label = "the day before" if days_before == 1 else f"{days_before} days before"
        rows.append(_single_effect(cal, y_all, column, f"lag{days_before - 1}", label))
    rows.append(_single_effect(cal, y_all, "exertion_sum3", "sum3", "the last 3 days together"))
    return pd.DataFrame(rows)


def _single_effect(
    cal: pd.DataFrame, y_all: np.ndarray, column: str, lag: str, label: str
) -> dict[str, object]:
    x = cal[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    keep = ~np.isnan(x) & ~np.isnan(y_all)
    row: dict[str, object] = {"lag": lag, "label": label, "n": int(keep.sum()), "estimate": None,
                              "ci_low": None, "ci_high": None}  # fmt: skip
    if keep.sum() < MIN_DAYS or np.ptp(x[keep]) == 0:
        return row
    from ..stats import fit_ar1_regression

    day = cal["day"].to_numpy()[keep].astype(float)
    trend = (day - day.mean()) / 365.25
    fit = fit_ar1_regression(
        y_all[keep], np.column_stack([np.ones(keep.sum()), x[keep], trend]), day, ["intercept", "x", "trend"]
    )
    c = fit["x"]
    row.update(estimate=c.estimate, ci_low=c.ci_low, ci_high=c.ci_high)
    return row


# -- plain text (the command line) ------------------------------------------------


def _cell(value: float | None, fmt: str = "{:+.2f}") -> str:
    return "" if value is None else fmt.format(value)


def _q_text(q: float | None) -> str:
    if q is None:
        return ""
    return "<0.001" if q < 0.001 else f"{q:.3f}"


def render_text(analysis: Analysis) -> str:
    """The analysis as a readable report for a terminal: sentences first, then the table."""
    from ..safety import FLAG_LABELS, NOT_A_DIAGNOSIS

    outcome_words = {
        "pain": "morning pain (0-10)",
        "pain_minutes": "minutes of pain after getting up",
        "sleep_quality": "sleep quality (1-5)",
    }[analysis.outcome]
    lines = [f"What goes with your mornings: {outcome_words}"]
    if analysis.rows:
        lines.append(
            f"{analysis.rows} mornings logged, {analysis.first} to {analysis.last}. Method: {analysis.method}."
        )
    if analysis.references:
        refs = ", ".join(f"{k} {v}" for k, v in analysis.references.items())
        lines.append(f"Compared with: {refs}.")
    lines += ["", analysis.summary, ""]
    if analysis.factors:
        header = f"{'factor':<24} {'days':>5} {'effect':>7} {'95% interval':>17} {'q':>7}  verdict"
        lines += [header, "-" * len(header)]
        for f in analysis.factors:
            interval = f"{f.ci_low:+.2f} to {f.ci_high:+.2f}" if f.estimated else ""
            estimate = _cell(f.estimate) if f.estimated else ""
            verdict = f.verdict + (" (adjusted for)" if f.role == "adjuster" else "")
            q = _q_text(f.q) if f.estimated else ""
            lines.append(f"{f.id:<24} {f.n:>5} {estimate:>7} {interval:>17} {q:>7}  {verdict}")
        lines.append("")
        for f in analysis.factors:
            lines.append(f"- {f.sentence}")
            if f.note:
                lines.append(f"  {f.note}")
        lines.append("")
    if analysis.switches:
        lines.append("Switches:")
        lines += [f"- {s.sentence}" for s in analysis.switches]
        lines.append("")
    if analysis.patterns:
        lines.append("Patterns worth a doctor's visit:")
        lines += [f"- {p.sentence}" for p in analysis.patterns]
        lines.append("")
    if analysis.red_flags:
        lines.append("Warning symptoms logged:")
        for day in analysis.red_flags:
            advice = "call emergency services" if day.tier == "emergency" else "see a doctor the same day"
            names = "; ".join(FLAG_LABELS.get(f, f) for f in day.flags)
            lines.append(f"- {day.date}: {names} ({advice})")
        lines.append("")
    lines.append(NOT_A_DIAGNOSIS)
    return "\n".join(lines) + "\n"
