"""Every sentence the analysis writes (the terminal report that lists them: ``terminal``; a switch's
and a date's before/after, built from these words: ``switch_text``).

Wording follows the interval, not the point: a clear difference is "about 1.4
points more pain (0.8 to 2.0)"; one that is not says "no clear difference"
and the range the diary fits ("anything from 0.3 points less pain to 1.2
points more pain"). Beside the 2-point change people notice, "less than" is
said only when the whole interval is below it; otherwise "could be as large
as" its far end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial

from ..wording import (
    clear_of_zero,
    day_label,
    days_text,
    from_to,
    plural,
    points,
    size_words,
)
from .calendar import NEAR_DAYS, FarSide
from .candidates import Candidate
from .gates import CONFIRMATORY_DAYS, MIN_DAYS, MIN_LEVEL_DAYS, WEAK_CHANGES, Stage
from .registry import OUTCOMES
from .results import Check, FactorEffect, HeldBack, Lag
from .trend import WEEKDAY_FROM_DAYS

EXPLORATORY = f"Exploratory (fewer than {CONFIRMATORY_DAYS} days logged): "
EXPLORATORY_MARK = " (exploratory)"
"""After a verdict held loosely (the diary, or the factor's days, under 30; a factor going with the week)."""
WEAK_MARKS = {1: "changed only once: weak evidence", 2: "changed only twice: weak evidence"}
STAYS_MARK = "only on short stays: weak evidence"
"""Beside a factor named in a list (the summary, the Factors takeaway) whose own note calls it weak evidence:
it changed for good only once or twice, or differed only on short stays (``weak_text.weak_note``)."""
EXPLORATORY_FACTOR = f"Exploratory (recorded on fewer than {CONFIRMATORY_DAYS} of the days compared): "
EXPLORATORY_WEEKLY = (
    f"Exploratory (it goes with the day of the week, and under {WEEKDAY_FROM_DAYS // 7} weeks of diary the "
    "weekly rhythm of your mornings cannot be allowed for): "
)


def anyway(outcome: str) -> str:
    """ "cannot be told apart from how your pain was going anyway" (in the outcome's own words)."""
    return f"cannot be told apart from how your {OUTCOMES[outcome].short_noun} was going anyway"


# -- amounts ---------------------------------------------------------------------------


def amount(value: float, outcome: str) -> str:
    """ "1.4 points more pain", "12 minutes shorter pain after getting up", "the same pain"."""
    words = OUTCOMES[outcome]
    text = words.number(value)
    if float(text) == 0:
        return f"the same {words.same}"
    unit = words.unit if text in ("1", "1.0") else words.units
    return f"{text} {unit} {words.more if value >= 0 else words.less}"


def interval(lo: float, hi: float, outcome: str) -> str:
    """ "(0.8 to 2.0)": an interval on one side of 0, in the outcome's units."""
    words = OUTCOMES[outcome]
    return f"({words.number(min(abs(lo), abs(hi)))} to {words.number(max(abs(lo), abs(hi)))})"


def fits(lo: float, hi: float, outcome: str) -> str:
    """ "anything from 0.3 points less pain to 1.2 points more pain": an interval that crosses 0, in words."""
    return f"anything from {amount(lo, outcome)} to {amount(hi, outcome)}"


def clear(lo: float, hi: float) -> bool:
    """Whether an interval excludes 0, as written (``wording.clear_of_zero``)."""
    return clear_of_zero(lo, hi)


def no_change(lo: float, hi: float, outcome: str) -> bool:
    """Whether both ends of an interval are "the same pain" as written: the outcome did not change at all."""
    return amount(lo, outcome) == amount(hi, outcome) == amount(0.0, outcome)


def estimate_text(est: float, lo: float, hi: float, outcome: str) -> str:
    """ "about 1.4 points more pain (0.8 to 2.0)", or "no clear difference: anything from … to …".

    An interval wider than the scale allows is never "about" its middle, even clear of 0: it tells nothing.
    """
    beyond = OUTCOMES[outcome].beyond_scale(lo, hi)
    if clear(lo, hi) and not beyond:  # past the scale, "about 63.1 points" would read as a finding
        return f"about {amount(est, outcome)} {interval(lo, hi, outcome)}"
    if no_change(lo, hi, outcome):  # not "anything from the same pain to the same pain"
        return f"no difference; your {OUTCOMES[outcome].short_noun} did not change"
    return f"no clear difference; your diary fits {fits(lo, hi, outcome)}{beyond}"


# -- factors ---------------------------------------------------------------------------


def effect_sentence(
    f: Candidate,
    est: float,
    lo: float,
    hi: float,
    verdict: str,
    outcome: str,
    *,
    changed_on: Sequence[dt.date] = (),
) -> str:
    """An estimated factor's sentence, with the size beside the change people notice (for pain).

    ``changed_on``: the days a factor that changed only once or twice changed.
    Unclear with an interval that holds 0, its step did not survive a trend free
    to bend there: the change cannot be told apart from how pain was going
    anyway. Unclear with an interval clear of 0, the step did survive it, and
    only the correction for checking many factors holds it back.
    """
    beyond = OUTCOMES[outcome].beyond_scale(lo, hi)
    if verdict != "unclear":
        text = f"{f.subject}: about {amount(est, outcome)} {interval(lo, hi, outcome)}{beyond}."
        return text + noticed_clause(f, lo, hi, outcome, est)
    # clear of 0 on its own (the trend free to bend too), not once every factor is allowed for
    if clear(lo, hi) and not beyond:
        text = (
            f"{f.subject}: {NOT_CLEAR_WITH_MANY}, since among many factors one or two lean one way by chance "
            f"alone. Your diary fits anything from {amount(lo, outcome)} to {amount(hi, outcome)}."
        )
    elif changed_on:
        change = "The change on" if len(changed_on) == 1 else "The changes on"
        text = (
            f"{f.subject}: no clear difference. {change} {days_text(changed_on)} {anyway(outcome)}; "
            f"your diary fits {fits(lo, hi, outcome)}{beyond}."
        )
    else:
        text = f"{f.subject}: no clear difference. Your diary fits {fits(lo, hi, outcome)}{beyond}."
    return text + noticed_clause(f, lo, hi, outcome)


def noticed_clause(f: Candidate, lo: float, hi: float, outcome: str, est: float | None = None) -> str:
    """An effect's interval beside the 2-point change people notice, for pain; "" for another outcome, or a range
    past the scale (it says nothing). Per step, over the whole scale; per hour, over ``HOURS_COMPARED`` hours.

    ``est``: the effect's size, for a clear one ("that is about 1.9 points (0.8 to 3.0)"); None for one that is
    not clear, which is sized by its interval alone ("Either way, less than …").
    """
    times = {"per step": 3, "per hour": HOURS_COMPARED}.get(f.unit, 1)
    if OUTCOMES[outcome].noticed_change is None or OUTCOMES[outcome].beyond_scale(times * lo, times * hi):
        return ""
    words = size_words(times * lo, times * hi)
    if times == 1:
        if est is None and words.startswith("less"):
            return f" Either way, {words}."
        return f" {words[0].upper()}{words[1:]}."
    span = "From the lowest to the highest step" if f.unit == "per step" else f"Over {times} hours"
    if est is None:
        return f" {span}: {words}."
    return (
        f" {span} that is about {points(times * est)} {interval(times * lo, times * hi, outcome)}: {words}."
    )


HOURS_COMPARED = 2
"""A factor per hour (sleep, sitting) is set beside the change people notice over this many hours:
a short night against a long one, a day at a desk against an active one."""


def gap_sentence(f: Candidate, gaps: Sequence[tuple[dt.date, FarSide]], outcome: str) -> str:
    """A factor that changed only once or twice, each time in a stretch without days: no number for it."""
    change = f"{'The change' if len(gaps) == 1 else 'The changes'} on {days_text(day for day, _ in gaps)}"
    return f"{f.subject}: no clear difference. {gap_clause(change, gaps, outcome)}."


def gap_clause(change: str, gaps: Sequence[tuple[dt.date, FarSide]], outcome: str) -> str:
    """ "The change on … falls in a stretch with no entries (no mornings logged in the 60 days before …),
    so it cannot be told apart from how your pain was going anyway; the diary gives no number for it"."""
    one = len(gaps) == 1
    empty = "; ".join(no_days_text(day, gap, outcome) for day, gap in gaps)
    falls, stretch, it = ("falls", "a stretch", "it") if one else ("fall", "stretches", "they")
    return (
        f"{change} {falls} in {stretch} with no entries ({empty}), so {it} {anyway(outcome)}; "
        f"the diary gives no number for {'it' if one else 'them'}"
    )


def no_days_text(day: dt.date, gap: FarSide, outcome: str) -> str:
    """ "no mornings logged in the 60 days before Fri 16 May 2025", "only 3 mornings logged in the 14 days
    from … on": the side of ``day`` with too few days recorded near it (``gap``)."""
    words, on = OUTCOMES[outcome], day_label(day)
    if gap.near:
        within = (
            f"the {NEAR_DAYS} days before {on}"
            if gap.side == "before"
            else f"the {NEAR_DAYS} days from {on} on"
        )
        return f"only {words.recorded_count(gap.near)} in {within}"
    if gap.side == "before":
        return f"no {words.recorded} in the {plural((day - gap.nearest).days - 1, 'day')} before {on}"
    return f"no {words.recorded} in the {plural((gap.nearest - day).days, 'day')} from {on} on"


def too_few_days_sentence(outcome: str = "pain") -> str:
    """Under ``MIN_DAYS`` days of the outcome: no effects yet (said of the outcome, not of the mornings logged)."""
    return (
        f"Fewer than {MIN_DAYS} {OUTCOMES[outcome].recorded}: no effects yet. Keep logging; the charts "
        "already show your days."
    )


def single_level_sentence(f: Candidate) -> str:
    return f"Every logged morning came after {f.label}: there is nothing to compare it with yet."


def coverage_sentence(f: Candidate, recorded: int, days: int) -> str:
    return f"Not enough data on {f.label}: recorded on {recorded} of {days} days."


def too_few_sentence(f: Candidate, with_days: int, without_days: int) -> str:
    if f.reference is not None:
        return (
            f"Not enough data on {f.label}: {plural(with_days, 'day')} on it and {without_days} on "
            f"{f.reference}, the level it is compared with; at least {MIN_LEVEL_DAYS} of each are needed."
        )
    if f.unit == "indicator":
        return (
            f"Not enough data on {f.label}: {plural(with_days, 'day')} with and {without_days} without; "
            f"at least {MIN_LEVEL_DAYS} of each are needed."
        )
    side, moved = ("below", without_days) if without_days <= with_days else ("above", with_days)
    varied = f"{side} its usual value on only {plural(moved, 'day')}; at least {MIN_LEVEL_DAYS} are needed"
    if not moved:  # never varied (to the minute, for hours)
        varied = "the same on every day logged, so there is nothing to compare"
    return f"Not enough data on {f.label}: it was {varied}."


def incomplete_sentence(f: Candidate) -> str:
    return f"Not enough complete days to judge {f.label}."


def too_many_sentence(days: int) -> str:
    return f"Too many factors for {days} days."


def tangled_sentence(
    f: Candidate, partners: Sequence[str], days: int, together: str, outcome: str = "pain"
) -> str:
    """A factor that never varied apart from others (``together``: their joint effect, when there is one).

    No partners: the factor follows the day of the week or the slow trend exactly.
    """
    name = f"{f.label[0].upper()}{f.label[1:]}"
    if not partners:
        return (
            f"{name} always came on the same days of the week, or only with how your "
            f"{OUTCOMES[outcome].short_noun} was going anyway "
            f"({days} days): the diary cannot tell it apart from those."
        )
    return (
        f"{name} never varied apart from {', '.join(partners)} "
        f"({days} days): the diary cannot tell which of them matters.{together}"
    )


def together_clause(est: float, lo: float, hi: float, outcome: str) -> str:
    text = estimate_text(est, lo, hi, outcome)
    return f" Together: {text}."


def stretch_text(first: dt.date, last: dt.date) -> str:
    """ "6 days, Fri 29 Aug 2025 to Wed 3 Sep 2025" (calendar days, first and last included)."""
    days = (last - first).days + 1
    return f"{plural(days, 'day')}, {from_to(first, last)}"


def painkiller_note(check: Check, outcome: str, *, main_clear: bool = True) -> str:
    """A factor whose verdict the painkiller check changes: how, in a plain sentence.

    ``main_clear``: the main answer is a verdict (worse or better), to be held
    more loosely; an unclear one stays unclear, the check only says where it leans.
    """
    said = (
        "unclear"
        if check.verdict == "unclear"
        else f"{check.verdict} ({estimate_text(check.estimate, check.ci_low, check.ci_high, outcome)})"
    )
    why = "A painkiller is often taken because of the morning's pain, so that second check is not the main answer"
    if main_clear:
        return f"Allowing for painkiller days as well, this would be {said}. {why}, but it is a reason to hold this one more loosely."
    return f"Allowing for painkiller days as well, this would be {said}. {why}: this one stays unclear."


def painkiller_summary(days: int, changed: int) -> str:
    """What the painkiller check found, for the JSON and the terminal report."""
    counted = plural(days, "painkiller day")
    if not changed:
        return f"Allowing for the {counted} as well changes no verdict."
    return (
        f"Allowing for the {counted} as well changes {plural(changed, 'verdict')} (see the notes). A painkiller is "
        "often taken because of the morning's pain, so the main answer leaves it out."
    )


def same_every_day(outcome: str, value: float) -> str:
    """The outcome was the same on every day compared: there is no difference for a factor to go with."""
    words = OUTCOMES[outcome]
    return (
        f"Your {words.short_noun} was {words.value_text(value, whole=True)} on every day compared: with nothing "
        "changing, no factor can go with worse or better mornings yet."
    )


# -- the summary -----------------------------------------------------------------------

NOT_PROOF = "These are links in your diary, not proof of cause."
"""Said wherever factors are judged: the summary, and the report beside its table."""

NOT_CLEAR_WITH_MANY = "not clear enough with this many factors checked at once"
"""An unclear factor whose interval alone leaves out 0: only the correction for checking many holds it back."""


def clear_alone(effect: FactorEffect, outcome: str) -> bool:
    """An unclear factor whose interval leaves out 0 (and stays within the scale): ``NOT_CLEAR_WITH_MANY``."""
    lo, hi = effect.ci_low, effect.ci_high
    return (
        effect.verdict == "unclear"
        and lo is not None
        and hi is not None
        and clear(lo, hi)
        and not OUTCOMES[outcome].beyond_scale(lo, hi)
    )


def held_back_sentence(held: HeldBack) -> str:
    """That a running trial's mornings wait for its end before they count here."""
    span = from_to(held.first, held.last_logged or held.last)
    return (
        f"Your trial's {plural(held.mornings, 'morning')} so far ({span}) are left out here until it ends: its "
        "own answer comes then, and looking at them before makes false findings likely."
    )


NONE_JUDGED = (
    "No factor could be judged yet: the diary compares the answers about the night and the day before "
    f"(mattress, position, exertion …) across your mornings, with at least {MIN_LEVEL_DAYS} days on either "
    "side of each."
)
"""The summary when every factor is "not enough data". It claims no one reason, as each factor's own
sentence gives it: nothing recorded, a position logged every night but nearly always the same, or too
many factors for the days."""


def lag_sentence(lag: Lag, outcome: str) -> str:
    """ "Exertion 2 days before: about 0.9 points more pain per step (0.7 to 1.1)." — or no clear link, or not yet."""
    subject = f"Exertion {lag.label}"
    if lag.estimate is None or lag.ci_low is None or lag.ci_high is None:
        return (
            f"{subject}: not judged yet; it needs {CONFIRMATORY_DAYS} days logged, with the days before them."
        )
    lo, hi = lag.ci_low, lag.ci_high
    if lag.clear:
        return f"{subject}: about {amount(lag.estimate, outcome)} per step {interval(lo, hi, outcome)}."
    if no_change(lo, hi, outcome):  # not "anything from the same pain to the same pain"
        return f"{subject}: no link; your {OUTCOMES[outcome].short_noun} did not change with it."
    return f"{subject}: no clear link; your diary fits {fits(lo, hi, outcome)} per step."


def lag_factor_clause(lag: Lag, effect: FactorEffect, outcome: str) -> str:
    """Why the day before's lag and the exertion factor, one link seen twice, give different answers; "" when
    they agree (both a link, or neither).

    The factor list takes every morning and is judged among all the factors; the lag is fitted with the two
    and three days before, on the mornings with all three known, and judged among the three lags.
    """
    if lag.estimate is None or effect.estimate is None or effect.ci_low is None or effect.ci_high is None:
        return ""
    linked = effect.verdict in ("worse", "better")
    if lag.clear == linked:
        return ""
    if linked:
        said = f"finds a link: {estimate_text(effect.estimate, effect.ci_low, effect.ci_high, outcome)}"
    else:
        said = f"finds it not clear: it fits {fits(effect.ci_low, effect.ci_high, outcome)}"
    mornings = f", on the {lag.n} mornings with all three known," if lag.n < effect.n else ""
    return (
        f" The factor list, which takes every morning and is judged among all the factors, {said}. This line "
        f"fits the day before with the 2 and 3 days before{mornings} and is judged among the three."
    )


def lag_verdicts(lags: Sequence[Lag], outcome: str) -> tuple[list[str], list[str]]:
    """Exertion two or three days before that goes clearly with worse, or better, mornings: their names.

    The day before is the exertion factor itself, named among the factors.
    """
    worse: list[str] = []
    better: list[str] = []
    for lag in lags:
        if lag.lag > 1 and lag.clear and lag.estimate is not None:
            up = lag.estimate > 0
            (worse if up == OUTCOMES[outcome].higher_is_worse else better).append(
                f"each step up in exertion {lag.label}"
            )
    return worse, better


def loose_mark(f: FactorEffect, *, exploratory: bool = True) -> str:
    """ " (exploratory; changed only once: weak evidence)": what a factor named in a list is held loosely
    for, as its own sentence and note say, so that no list names it more firmly than they do ("" when
    nothing). ``exploratory`` False: the list says already that all of it is."""
    marks = [EXPLORATORY_MARK.strip(" ()")] if exploratory and f.exploratory else []
    if 0 < f.changes <= WEAK_CHANGES:
        marks.append(WEAK_MARKS[f.changes])
    elif f.changes == 0 and f.stays:
        marks.append(STAYS_MARK)
    return f" ({'; '.join(marks)})" if marks else ""


def summary(
    rows: int,
    outcome_days: int,
    stage: Stage,
    factors: list[FactorEffect],
    outcome: str,
    lags: Sequence[Lag] = (),
) -> str:
    """The analysis in a few sentences: what goes with worse and better mornings, and how sure that is."""
    if rows == 0:
        return "The diary is empty: log your first morning to start."
    if stage == "too few days":
        return (
            f"{OUTCOMES[outcome].recorded_count(outcome_days)}: at least {MIN_DAYS} are needed before the diary looks for "
            "what goes with worse mornings. The charts already show your days."
        )
    lagged_worse, lagged_better = lag_verdicts(lags, outcome)

    # Each verdict held more loosely than the rest (recorded on few days, going with the week, a factor
    # that changed once or twice) says so.
    marked = partial(loose_mark, exploratory=stage == "confirmatory")

    def named(verdict: str) -> list[str]:
        return [f.label + marked(f) for f in factors if f.verdict == verdict]

    worse, better = named("worse") + lagged_worse, named("better") + lagged_better
    unclear = [f for f in factors if f.verdict == "unclear" and f.role == "factor"]
    if all(f.verdict == "not enough data" for f in factors):
        return NONE_JUDGED  # nothing compared: no link to call "not proof of cause"
    parts = []
    if worse:
        parts.append(f"Going with {OUTCOMES[outcome].summary_worse}: {', '.join(worse)}.")
    if better:
        parts.append(f"Going with better mornings: {', '.join(better)}.")
    if not worse and not better:
        parts.append("No factor shows a clear link with your mornings so far.")
    # Unclear with an interval clear of 0 on its own: held back only by the correction for checking many.
    leaning = [
        f for f in unclear if f.ci_low is not None and f.ci_high is not None and clear(f.ci_low, f.ci_high)
    ]
    unclear = [f for f in unclear if f not in leaning]
    if unclear:
        checked = "other factor" if worse or better or leaning else "factor"
        parts.append(
            f"{plural(len(unclear), checked)} {'was' if len(unclear) == 1 else 'were'} checked and showed no clear difference."
        )
    if leaning:
        names = ", ".join(f.label for f in leaning)
        parts.append(f"Leaning one way, but {NOT_CLEAR_WITH_MANY}: {names}.")
    if stage == "exploratory":
        parts.append(
            f"With fewer than {CONFIRMATORY_DAYS} days this is exploratory: keep logging to confirm."
        )
    parts.append(NOT_PROOF)
    return " ".join(parts)
