"""Every sentence about a switch or a date asked about: before/after, and why it cannot be compared.

Each comes whole from here (its numbers worded by ``text``); a factor's sentences are in ``text``.
"""

from __future__ import annotations

import datetime as dt

from ..wording import day_label, days_text, size_words
from .calendar import FarSide
from .gates import MIN_LEVEL_DAYS
from .registry import FACTOR_BY_KEY, OUTCOMES
from .results import FactorEffect, Switch
from .text import (
    EXPLORATORY,
    NOT_CLEAR_WITH_MANY,
    anyway,
    clear,
    estimate_text,
    fits,
    gap_clause,
    no_change,
    no_days_text,
    stretch_text,
)


def switch_sentence(switch: Switch, outcome: str, same_change: str = "") -> str:
    """Before/after a date (a switch's measured fields filled in), or why it cannot be compared.

    ``same_change``: how this compares with the factor that describes the same change, if any.
    """
    day = day_label(switch.date)
    change = (
        f"the switch from {switch.from_} to {switch.to} on {day}" if switch.from_ and switch.to else f"{day}"
    )
    est, lo, hi = switch.difference, switch.ci_low, switch.ci_high
    if switch.gap is not None:
        sentence = f"{gap_clause(change[:1].upper() + change[1:], [(switch.date, switch.gap)], outcome)}."
        return sentence + _evidence(switch)
    if est is None or lo is None or hi is None:
        return (
            f"Not enough days to compare before and after {change}: at least {MIN_LEVEL_DAYS} "
            f"on each side are needed ({switch.n_before} before, {switch.n_after} after)."
        )
    means = _means(switch, outcome)
    # After the means of a date asked about ("… before Fri 1 Aug 2025 and 4.8 from then on."), its date again
    # would only repeat them; a switch is named, its date with it.
    after = "Allowing" if means and not (switch.from_ and switch.to) else f"After {change}, allowing"
    sentence = (
        f"{EXPLORATORY if switch.exploratory else ''}{means}{after} for how your "
        f"{OUTCOMES[outcome].short_noun} was going anyway (a slow trend that may bend at the change) and for "
        f"carry-over from day to day: {estimate_text(est, lo, hi, outcome)}."
    )
    noticed = OUTCOMES[outcome].noticed_change is not None
    if noticed and not OUTCOMES[outcome].beyond_scale(lo, hi) and not no_change(lo, hi, outcome):
        words = size_words(lo, hi)
        sentence += f" {words[0].upper()}{words[1:]}."
    a_est, a_lo, a_hi = switch.adapted_difference, switch.adapted_ci_low, switch.adapted_ci_high
    if a_est is not None and a_lo is not None and a_hi is not None:
        sentence += (
            f" Leaving out the first week (getting used to it): {estimate_text(a_est, a_lo, a_hi, outcome)}."
        )
    return sentence + same_change + _evidence(switch)  # what would confirm it last


def _means(switch: Switch, outcome: str) -> str:
    """The plain means of the mornings compared, before the difference that allows for the trend: where
    pain was easing anyway the two can differ, even in sign, and the sentence after says why.

    "Your pain averaged 5.7 on Old mattress and 4.5 on Foam 2025. " (a mattress: the nights on each, a
    night back on the old one counted with it), or "… 5.1 before Mon 2 Jun 2025 and 4.2 from then on. "."""
    if switch.before is None or switch.after is None:
        return ""
    words = OUTCOMES[outcome]
    if switch.what == "mattress" and switch.from_ and switch.to:
        sides = f"on {switch.from_}", f"on {switch.to}"
    elif switch.what == "position" and switch.from_ and switch.to:
        sides = f"when {_position(switch.from_)}", f"when {_position(switch.to)}"
    else:
        sides = f"before {day_label(switch.date)}", "from then on"
    return (
        f"Your {words.short_noun} averaged {words.value_text(switch.before)} {sides[0]} and "
        f"{words.value_text(switch.after)} {sides[1]}. "
    )


def _evidence(switch: Switch) -> str:
    """What else the comparison holds (the switches it pools, nights back), or what would confirm it."""
    sentence = ""
    stays = "; ".join(stretch_text(first, last) for first, last in switch.returns)
    if len(switch.pooled) > 1:
        dates = days_text(switch.pooled)
        count = "both" if len(switch.pooled) == 2 else f"all {len(switch.pooled)}"
        sentence += f" It pools {count} switches between these two ({dates}), each way"
        sentence += f": your nights back on {switch.from_} ({stays}) count too." if switch.returns else "."
    elif switch.returns and switch.what == "position":
        sentence += f" Your nights {_position(switch.from_ or '')} again ({stays}) count in this comparison."
    elif switch.returns:
        sentence += f" Your nights back on {switch.from_} ({stays}) count in this comparison."
    if switch.returns:
        return sentence
    if switch.changed_back:
        other_way = days_text(switch.changed_back)
        sentence += (
            f" Your diary also holds the change the other way ({other_way}), compared on its own days."
        )
    elif one_switch_alone(switch):
        sentence += f" {ONE_SWITCH}: to confirm, {_switch_back(switch)} for a week."
    return sentence


ONE_SWITCH = "One switch is weak evidence on its own"


def one_switch_alone(switch: Switch) -> bool:
    """A habit changed once, with no switch to pool, no nights back and no change the other way: weak evidence."""
    return (
        switch.what in ("mattress", "position")
        and len(switch.pooled) <= 1
        and not switch.returns
        and not switch.changed_back
    )


def _switch_back(switch: Switch) -> str:
    """What to do to confirm a switch, named: a week on another bed of the old one's firmness (a hotel) is none."""
    if switch.what == "position":
        return f"go back to {_position(switch.from_ or '')}"
    return f"switch back to {switch.from_}"


def _position(level: str) -> str:
    """ "sleeping on your back"."""
    return FACTOR_BY_KEY["position"].label_of(level)


DIFFERS_FROM_FACTOR = (
    "The factor list gives another number for the same change: it takes every night and allows for "
    "everything else you logged; this compares only the nights on the two."
)
"""The reason a switch's numbers differ from its factor's, in short (the report; the analysis' sentence says it
in full, ``same_change_clause``)."""


def _shown_alike(switch: tuple[float | None, ...], factor: tuple[float, ...]) -> bool:
    """Whether the switch's difference and range read as the factor's do, to the tenth they are shown to
    (an unclear answer shows only its range, so equal differences are not enough)."""
    return all(s is None or f"{s:+.1f}" == f"{f:+.1f}" for s, f in zip(switch, factor, strict=True))


def same_change_clause(switch: Switch, effect: FactorEffect, sign: int, reference: str, outcome: str) -> str:
    """Why the switch's numbers and the factor's differ, when they describe the same change and do.

    ``sign``: +1 when the factor's level is what the switch went to, −1 when it
    is what it came from; ``reference``: the level the factor is compared with.
    """
    if (
        switch.difference is None
        or effect.estimate is None
        or effect.ci_low is None
        or effect.ci_high is None
    ):
        return ""
    low, high = effect.ci_low, effect.ci_high
    if _shown_alike(
        (switch.difference, switch.ci_low, switch.ci_high),
        (sign * effect.estimate, *sorted((sign * low, sign * high))),
    ):
        return ""
    switch_clear = (
        switch.ci_low is not None and switch.ci_high is not None and clear(switch.ci_low, switch.ci_high)
    )
    factor_clear = effect.verdict in ("worse", "better")  # not only clear of 0: judged among all the factors
    # Neither clear, or both clear the same way: the same answer, but the numbers and ranges shown differ.
    agree = factor_clear and switch_clear and (sign * effect.estimate > 0) == (switch.difference > 0)
    answer = "a different answer" if (factor_clear or switch_clear) and not agree else "different numbers"
    if factor_clear:
        said = (
            f"gives {effect.label} against {reference} {estimate_text(effect.estimate, low, high, outcome)}"
        )
    elif clear(low, high):
        said = (
            f"finds the difference between {effect.label} and {reference} {NOT_CLEAR_WITH_MANY} "
            f"({fits(low, high, outcome)})"
        )
    else:
        either = "" if switch_clear else " either"
        said = (
            f"finds no clear difference between {effect.label} and {reference}{either} "
            f"({fits(low, high, outcome)})"
        )
    return (
        f" The factor list {said}: {answer} because it takes every night across the diary and "
        f"allows for everything else you logged; this compares only the nights on {switch.from_} and {switch.to}."
    )


def gap_at_date_sentence(day: dt.date, gap: FarSide, outcome: str) -> str:
    """A date with too few days recorded near it on one side (``gap``): no step can be measured there."""
    return (
        f"The diary has {no_days_text(day, gap, outcome)}: a change on that day {anyway(outcome)}. "
        "Choose a date with days recorded close to it on both sides."
    )
