"""The report's sentences, and how long lists are cut so the page stays one page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...safety import FlaggedDay, flag_tally, urgent_first
from ...wording import FINEST, day_label, figure, from_to, plural
from ..app_words import EXPERIMENTS, FACTORS

if TYPE_CHECKING:
    from ...analysis import Analysis, FactorEffect, Switch
    from ...trials import TrialResult

MAX_RED_FLAG_ROWS = 8
EMERGENCY_ROWS = 2 * MAX_RED_FLAG_ROWS
"""Emergency-tier mornings listed as rows whatever else is cut; any more are named by date under them."""
MAX_SWITCH_LINES = 3  # the most recent switches; every one is marked on the chart
MAX_TRIAL_LINES = 2  # judged trials first, the most recent first; every one is on the Experiments page
MAX_FACTOR_ROWS = 9
MAX_NAMES = 10


@dataclass(frozen=True)
class Limits:
    """How many of each list the page shows; the rest is counted in a line under it.

    Patterns worth a doctor's visit have no limit: every one is on the page, whatever else is cut.
    """

    red_flags: int = MAX_RED_FLAG_ROWS
    switches: int = MAX_SWITCH_LINES
    factors: int = MAX_FACTOR_ROWS
    trials: int = MAX_TRIAL_LINES
    rest_with_numbers: bool = True  # the factors below the table with their estimates, or named only


SHORTER = Limits(switches=1, factors=5, trials=1, rest_with_numbers=False)
"""The lists a page too full to be read at its own size shows first: everything but the red flags shortened."""

COMPACT = Limits(red_flags=5, switches=1, factors=5, trials=1, rest_with_numbers=False)
"""The lists of a page still too full: the red-flag rows of the other tier too (every emergency morning still
listed, every flag still counted, by symptom)."""

ROOMY = Limits(red_flags=EMERGENCY_ROWS)
"""A page with room for them lists as many red-flag mornings as it would emergency ones, before any count."""

FITTING_ORDER = (ROOMY, Limits(), SHORTER, COMPACT)
"""The lists the page tries, in turn, until one fits at a readable size (``layout.fitted_story``)."""

DISCLAIMER = 'Patient-kept diary, not a diagnosis; its "you" is the patient.'
"""Under the title, and the PDF's subject. The page's sentences are the diary's own, written to the person who keeps it."""


def red_flag_lines(
    flagged: Sequence[FlaggedDay], limit: int = MAX_RED_FLAG_ROWS
) -> tuple[list[FlaggedDay], str]:
    """The red-flag mornings to list, the emergency tier first and each tier newest first, and a line about
    the rest ('' when all are listed).

    Emergency mornings are never cut to fit ``limit``: up to ``EMERGENCY_ROWS`` of them are listed whatever
    it is, and any beyond are named by date in the line (never only counted). The newest morning of all is
    listed too, and the other tier fills the rows up to ``limit``. With any left out, the line counts every
    flag over the whole range so nothing logged goes unmentioned.
    """
    ordered = urgent_first(flagged)
    if len(flagged) <= limit:
        return ordered, ""
    emergency = [d for d in ordered if d.tier == "emergency"]
    newest = max(flagged, key=lambda d: d.date)
    rows = emergency[:EMERGENCY_ROWS] + ([newest] if newest.tier != "emergency" else [])
    others = [d for d in ordered if d.tier != "emergency" and d != newest]
    keep = urgent_first([*rows, *others[: max(limit - len(rows), 0)]])
    rest = len(flagged) - len(keep)
    if not rest:
        return keep, ""
    unlisted = emergency[EMERGENCY_ROWS:]
    tiers = f" ({len(emergency)} of the emergency tier)" if emergency else ""
    named = f" (the emergency tier's on {', '.join(day_label(d.date) for d in unlisted)})" if unlisted else ""
    return keep, (
        f"and {plural(rest, 'more red-flag morning')}{named}, listed in the diary CSV (red_flags column). "
        f"In all, {len(flagged)} red-flag mornings from {from_to(flagged[0].date, flagged[-1].date)}{tiers}: "
        f"{flag_tally(flagged)}."
    )


def names_emergencies(flagged: Sequence[FlaggedDay]) -> bool:
    """Whether ``red_flag_lines``' line names emergency mornings by date (more than ``EMERGENCY_ROWS`` of them)."""
    return sum(day.tier == "emergency" for day in flagged) > EMERGENCY_ROWS


def effect_text(effect: FactorEffect) -> str:
    """An effect in pain points with its 95 % interval, e.g. '+1.4 (+0.8 to +2.0) points per hour'."""
    assert effect.estimate is not None and effect.ci_low is not None and effect.ci_high is not None
    unit = "" if effect.unit == "indicator" else f" {effect.unit}"
    digits = 1
    while digits < FINEST and len({figure(v, digits) for v in (effect.ci_low, effect.ci_high)}) == 1:
        digits += 1  # "−0.10 (−0.14 to −0.07)", never "−0.1 (−0.1 to −0.1)": an interval must read as one
    est, low, high = (signed(v, digits) for v in (effect.estimate, effect.ci_low, effect.ci_high))
    return f"{est} ({low} to {high}) points{unit}"


def name_list(names: Sequence[str], limit: int = MAX_NAMES, *, sep: str = ", ") -> str:
    """Names joined for a sentence, the tail counted: 'a, b, c and 4 more'. One name past ``limit`` is named:
    "and 1 more" would take its place and hide it (from the doctor, too)."""
    if len(names) <= limit + 1:
        return sep.join(names)
    return sep.join(names[:limit]) + f" and {len(names) - limit} more"


def signed(value: float, digits: int = 1) -> str:
    """A figure of the report with its sign: "+1.4", "−0.3" (a true minus), "+0.04" where "+0.0" would hide it."""
    return figure(value, digits, signed=True).replace("-", "−")


# -- switches, factors and trials below their tables --------------------------------------

SWITCHES_LEAD = (
    "Each switch below, the most recent first: morning pain after it compared with before, allowing for "
    "the trend in your pain and for carry-over from day to day."
)


def switch_line(switch: Switch, trials: Sequence[TrialResult] = ()) -> str:
    """A switch in one short sentence: its date, what changed and what the diary found, in the analysis' words.

    The analysis' own sentence (``switch.sentence``) also lists every switch it pools and every stretch
    back on the old mattress: a diary that switches every two months would fill a third of the page with it.
    ``trials``: those the page lists; one of the same two on the nights compared is named as the answer to
    go by (its nights drawn at random; the before/after only watched them).
    """
    from ...analysis.switch_text import DIFFERS_FROM_FACTOR
    from ...analysis.text import EXPLORATORY, estimate_text, gap_clause

    day = day_label(switch.date)
    est, low, high = switch.difference, switch.ci_low, switch.ci_high
    if switch.gap is not None:
        return f"{day}, {switch.label}: {gap_clause('the change', [(switch.date, switch.gap)], 'pain')}."
    if est is None or low is None or high is None:
        return switch.sentence  # why there is no number: one sentence, nothing listed after it
    pooled = (
        f" (all {len(switch.pooled)} switches between these two, pooled)" if len(switch.pooled) > 1 else ""
    )
    found = estimate_text(est, low, high, "pain")
    differs = f" {DIFFERS_FROM_FACTOR}" if switch.differs_from_factor else ""
    return (
        f"{EXPLORATORY if switch.exploratory else ''}{day}, {switch.label}: {found}{pooled}.{_caveats(switch)}"
        f"{differs}{_trial_of(switch, trials)}"
    )


def _trial_of(switch: Switch, trials: Sequence[TrialResult]) -> str:
    """The trial of the switch's two mattresses (or positions) on the nights it compares, named, or ""."""
    from ...trials.text import trial_answers_switch, trial_of_switch

    trial = trial_of_switch(switch, [result.trial for result in trials])
    return f" {trial_answers_switch(trial, 'below')}" if trial else ""


def _caveats(switch: Switch) -> str:
    """What holds a clear before/after back, in a few words: it is gone once the first week is left out, and
    one switch alone is weak evidence (the analysis' sentence says both; the report's line must not drop them)."""
    from ...analysis.switch_text import ONE_SWITCH, one_switch_alone
    from ...analysis.text import clear

    if switch.ci_low is None or switch.ci_high is None or not clear(switch.ci_low, switch.ci_high):
        return ""
    said = ""
    low, high = switch.adapted_ci_low, switch.adapted_ci_high
    if low is not None and high is not None and not clear(low, high):
        said += " Leaving out the first week: no clear difference."
    return said + (f" {ONE_SWITCH}." if one_switch_alone(switch) else "")


def more_switches(more: int) -> str:
    """Under the switches listed: how many earlier ones are left out, and where each is in full."""
    return (
        f"and {plural(more, 'earlier switch', 'earlier switches')}, marked on the chart; each in full on "
        f"the diary's {FACTORS} page."
    )


def more_trials(more: int) -> str:
    """Under the self-experiments listed: how many are left out, and where they are."""
    return f"and {plural(more, 'more trial')}: see the {EXPERIMENTS} page."


def judged(result: TrialResult) -> bool:
    """Whether a finished trial has an answer (a verdict), not "not enough nights to judge"."""
    return result.verdict not in (None, "not_enough_nights")


def smaller_effects(rest: Sequence[FactorEffect], *, numbers: bool) -> list[str]:
    """The supported factors left out of the table, worse and better apart, with their estimates if
    ``numbers``: 'Also with worse mornings, smaller effects: alcohol +0.6 (+0.2 to +1.0) points; …'."""
    lines = []
    for verdict in ("worse", "better"):
        effects = [e for e in rest if e.verdict == verdict]
        if not effects:
            continue
        named = [f"{e.label} {effect_text(e)}" if numbers else e.label for e in effects]
        listed = name_list(named, sep="; ")
        lines.append(f"Also with {verdict} mornings, smaller effects: {listed}.")
    return lines


def cause_caveat(analysis: Analysis) -> str:
    """That the factors found are links, not causes (the analysis' own sentence); '' when no factor was
    judged, as the summary then does not say it either."""
    from ...analysis.text import NOT_PROOF

    judged_any = analysis.stage != "too few days" and any(
        f.verdict != "not enough data" for f in analysis.factors
    )
    return NOT_PROOF if judged_any else ""
