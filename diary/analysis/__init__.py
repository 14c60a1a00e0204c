"""Which factors go with worse mornings — honestly, for one person's noisy days.

Pure functions on the entries DataFrame (``Diary.load()``). The method follows
DESIGN "Analysis":

1. The days are put on a daily calendar first (``calendar``); missing days stay
   missing, so "the day before" and longer lags never come from the wrong row.
2. One regression of the outcome on every factor with enough data, exertion 2
   and 3 days before (``lags``), and the time terms (``trend``: a slow trend
   that may curve and bend, and the day of the week), with AR(1) errors
   (``diary.stats.regression.fit_ar1_regression``), gives each factor's adjusted effect
   with a 95 % interval (``effects``).
3. p-values are corrected for testing many factors (Benjamini–Hochberg ``q``).
4. Gates (``gates``): under 14 days no effects at all; a level with fewer than 5
   days on either side is "not enough data"; under 30 days every verdict is
   exploratory; factors that never vary apart "cannot be separated"; a factor
   that changed only once or twice is weak evidence, says so, and is never
   credited with a step the trend's curve explains (``checks``).
5. A painkiller is usually taken because of pain (this morning's pill
   included): it stays out of the main model; a second fit with it in is a
   check, mentioned only where it changes a verdict, never a cause.

The package, one home per concept: ``registry`` (the factors and outcomes and
their words), ``results`` (what is found, and its JSON), ``calendar``,
``trend``, ``candidates`` and ``design`` (the model's columns), ``effects``
(gate → design → fit → judge), ``checks`` (the trend and painkiller checks),
``runs`` (lasting stretches and visits), ``switches`` (before/after), ``lags``,
``levels``, ``gates`` (what is judged, from how many days), ``patterns``
(worth a doctor's visit), ``text`` (every sentence) with ``switch_text`` (a
switch's and a date's); the terminal report that lists them is ``diary.views.terminal``.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pandas as pd

from ..safety import flagged_days
from .calendar import daily_calendar
from .effects import FactorResults, factor_effects
from .gates import (
    ADAPTATION_DAYS,
    ALPHA,
    CONFIRMATORY_DAYS,
    MEANINGFUL_CHANGE,
    MIN_DAYS,
    MIN_LEVEL_DAYS,
    Stage,
)
from .lags import lag_table
from .levels import level_summary
from .patterns import LONG_PAIN_MINUTES, find_patterns, judge_patterns
from .registry import FACTORS, OUTCOMES, Factor, Outcome, outcome_of
from .results import METHOD, Analysis, FactorEffect, HeldBack, Lag, PainkillerCheck, Pattern, Switch, Verdict
from .switches import before_after, find_switches, switch_effects, with_same_change
from .text import held_back_sentence, same_every_day, summary

__all__ = [
    "ADAPTATION_DAYS",
    "ALPHA",
    "CONFIRMATORY_DAYS",
    "FACTORS",
    "LONG_PAIN_MINUTES",
    "MEANINGFUL_CHANGE",
    "METHOD",
    "MIN_DAYS",
    "MIN_LEVEL_DAYS",
    "OUTCOMES",
    "Analysis",
    "Factor",
    "FactorEffect",
    "Lag",
    "Outcome",
    "PainkillerCheck",
    "Pattern",
    "Stage",
    "Switch",
    "Verdict",
    "analyze",
    "before_after",
    "daily_calendar",
    "factor_effects",
    "find_patterns",
    "find_switches",
    "lag_effects",
    "lag_table",
    "level_summary",
    "switch_effects",
    "to_json",
    "without_held_back",
]


def analyze(
    frame: pd.DataFrame,
    outcome: str = "pain",
    *,
    until: dt.date | None = None,
    hold_back: tuple[dt.date, dt.date] | None = None,
) -> Analysis:
    """Factors, switches, patterns and red flags for one outcome, as DESIGN "Analysis" describes.

    ``hold_back``: the first and last morning of a running trial so far (``trials.store.trial_so_far``): its
    answer waits for its end, so its mornings stay out of the factors and switches until then (a verdict
    from them now would be the peeking the trial guards against). Patterns and red flags see every morning.
    """
    outcome_of(outcome)
    whole = frame
    frame, held = without_held_back(frame, hold_back)
    found, switches = _factors_and_switches(frame, outcome)
    rows = len(whole)
    outcome_days = int(frame[outcome].notna().sum()) if len(frame) else 0
    patterns, unchecked = judge_patterns(whole, until)
    said = _same_every_day(frame, outcome) or summary(
        len(frame), outcome_days, found.stage, found.effects, outcome, found.lags
    )
    return Analysis(
        outcome=outcome,
        rows=rows,
        first=whole["date"].iloc[0].date() if rows else None,
        last=whole["date"].iloc[-1].date() if rows else None,
        method=METHOD,
        references=found.references,
        factors=found.effects,
        switches=switches,
        patterns=patterns,
        red_flags=flagged_days(_mornings(whole)),
        stage=found.stage,
        summary=f"{held_back_sentence(held)} {said}" if held and held.mornings else said,
        autocorrelation=found.phi,
        lags=found.lags,
        painkiller_check=found.painkiller,
        time_terms=found.time_terms,
        outcome_days=outcome_days,
        unchecked_patterns=tuple(unchecked),
        unchanged=found.unchanged,
        held_back=held,
    )


def without_held_back(
    frame: pd.DataFrame, hold_back: tuple[dt.date, dt.date] | None
) -> tuple[pd.DataFrame, HeldBack | None]:
    """``frame`` without the mornings from the first to the last day of ``hold_back`` (a running trial's so
    far), and what was left out; ``frame`` itself when nothing is held back."""
    if hold_back is None:
        return frame, None
    inside = frame["date"].between(pd.Timestamp(hold_back[0]), pd.Timestamp(hold_back[1]))
    logged = frame.loc[inside, "date"]
    last_logged = logged.max().date() if len(logged) else None
    held = HeldBack(hold_back[0], hold_back[1], int(inside.sum()), last_logged)
    return frame[~inside].reset_index(drop=True), held


def _factors_and_switches(frame: pd.DataFrame, outcome: str) -> tuple[FactorResults, list[Switch]]:
    """The factors' effects and the switches' before/after, on the mornings ``analyze`` judges."""
    calendar = daily_calendar(frame)
    found = factor_effects(frame, outcome, calendar=calendar)
    switches = (
        switch_effects(frame, outcome, calendar=calendar, carry_over=found.phi)
        if found.stage != "too few days"
        else []
    )
    return found, with_same_change(calendar, switches, found.effects, found.references, outcome)


def lag_effects(frame: pd.DataFrame, outcome: str = "pain") -> pd.DataFrame:
    """Exertion 1–3 days before the morning from the one model that holds them together (``lag_table``)."""
    return lag_table(factor_effects(frame, outcome).lags)


def to_json(analysis: Analysis) -> dict[str, object]:
    """The analysis as ``pain-diary analyze --json`` prints it (DESIGN "Analysis")."""
    return analysis.to_json()


class _Morning(NamedTuple):
    """A row of the entries frame as ``flagged_days`` reads it: its date and its red flags."""

    date: dt.date
    red_flags: tuple[str, ...]


def _mornings(frame: pd.DataFrame) -> list[_Morning]:
    """The mornings with red flags (``flagged_days`` leaves out the others)."""
    if frame.empty:
        return []
    flagged = frame[[isinstance(flags, tuple) and len(flags) > 0 for flags in frame["red_flags"]]]
    return [
        _Morning(day.date(), flags) for day, flags in zip(flagged["date"], flagged["red_flags"], strict=True)
    ]


def _same_every_day(frame: pd.DataFrame, outcome: str) -> str:
    """The summary when the outcome, logged on enough days to compare, never changed ("" otherwise)."""
    values = set(frame[outcome].dropna().tolist()) if len(frame) else set()
    if len(values) != 1 or int(frame[outcome].notna().sum()) < MIN_DAYS:
        return ""
    return same_every_day(outcome, float(values.pop()))
