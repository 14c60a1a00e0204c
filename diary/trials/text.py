"""What a trial says in plain words: the plan's reach, its progress, its answer and what to do next."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..entry.fields import FIELD_BY_NAME, POSITION_WORDS, rating_scale
from ..stats import ALPHA
from ..wording import day_label, figure, from_to, plural, points, size_words, wider_than_scale
from .limits import MAX_PAIRS
from .noise import LEAST_NOISE, MIN_PRE_TRIAL_DAYS
from .plan import MIN_USED_SHARE, Trial, tag_of, used_per_condition
from .power import SCALE_POINTS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..analysis.results import Switch
    from .noise import Noise
    from .power import Option
    from .result import Estimate, TrialResult


def condition_words(trial: Trial, value: str) -> str:
    """A condition as it reads in a sentence: "Foam 2025", "sleeping on your side", "a low pillow", "with topper"."""
    factor = trial.factor
    if factor == "mattress":
        return value
    if factor == "position":
        return f"sleeping {POSITION_WORDS.get(value, value)}"
    if factor == "pillow":
        return f"a {value} pillow"
    label = tag_of(factor)
    if label is not None:
        return f"with {label}" if value == "true" else f"without {label}"
    words = YES_NO_WORDS[factor]
    return words.yes if value == "true" else words.no


def trial_of_switch(switch: Switch, trials: Sequence[Trial]) -> Trial | None:
    """The trial (not cancelled) of a switch's two mattresses or positions on the nights it compares, if any."""
    first, last = switch.window or (switch.date, switch.date)
    for trial in trials:
        same = trial.factor == switch.what and {trial.a, trial.b} == {switch.from_, switch.to}
        if same and not trial.cancelled and trial.start <= last and first <= trial.last_counted:
            return trial
    return None


def trial_answers_switch(trial: Trial, where: str) -> str:
    """Under a switch compared over ``trial``'s nights: the trial's answer (``where`` it is) is the one to go by,
    its nights drawn at random where the before/after only watched them."""
    return (
        f"These nights include your trial of the two ({from_to(trial.start, trial.last_counted)}): its answer "
        f"{where}, from nights planned at random, is the one to go by."
    )


def terminal_trial_note(switch: Switch, trials: Sequence[Trial]) -> str:
    """After a switch's sentence in the terminal: the trial of the same two on its nights, and the command that
    gives its answer ("" without one)."""
    trial = trial_of_switch(switch, trials)
    return f" {trial_answers_switch(trial, f'(pain-diary trial result --id {trial.id})')}" if trial else ""


def plan_title(trial: Trial) -> str:
    """ "Foam 2025 (A) or Old sofa (B)" """
    return f"{condition_words(trial, trial.a)} (A) or {condition_words(trial, trial.b)} (B)"


def plan_heading(trial: Trial) -> str:
    """``plan_title`` at the start of a line: "A low pillow (A) or a high pillow (B)"."""
    title = plan_title(trial)
    return title[:1].upper() + title[1:]


def trial_span(trial: Trial) -> str:
    """The mornings a trial ran: to its end, or to the day it was ended or cancelled; or that it never began."""
    if trial.last_counted < trial.start:
        return f"planned from {day_label(trial.start)}, never started"
    return from_to(trial.start, trial.last_counted)


def after_words(trial: Trial, value: str) -> str:
    """A condition as it reads after "mornings after": "sleeping on your side", "nights with topper",
    "nights without a warm bath or shower before bed" (never "mornings after no warm bath" or "after legs not
    raised")."""
    if not trial.yes_no:
        return condition_words(trial, value)
    label = tag_of(trial.factor)
    what = label if label is not None else YES_NO_WORDS[trial.factor].with_
    return f"nights {'with' if value == 'true' else 'without'} {what}"


BATH = FIELD_BY_NAME["warm_bath"].label.lower()
"""The warm bath as the Log page asks about it ("warm bath or shower"), and the analysis names it."""


@dataclass(frozen=True)
class YesNoWords:
    """A yes/no factor of a trial in its sentences: each condition, and the factor after "nights with"."""

    yes: str
    no: str
    with_: str


YES_NO_WORDS = {
    "legs_elevated": YesNoWords("legs raised", "legs not raised", "your legs raised"),
    "warm_bath": YesNoWords(f"a {BATH} before bed", f"no {BATH} before bed", f"a {BATH} before bed"),
}


def rounded_up(detectable: float, digits: int) -> float:
    """The smallest difference a plan finds, rounded up (never down: 1.04 is not a plan that finds 1.0 point),
    in its sentences (a tenth) and its JSON (a hundredth) alike."""
    scale = 10**digits
    return math.ceil(round(detectable * scale, 6)) / scale


def _reach(detectable: float, *, about: bool = False) -> str:
    """What a plan finds 80 % of the time, in words ("about" for a shape's figure averaged over its orders)."""
    if detectable >= SCALE_POINTS:
        return "too few nights to find any difference reliably"
    return ("about " if about else "") + points(rounded_up(detectable, 1))


LITTLE_CARRY_OVER = 0.2
"""Below this, a bad morning is said to hardly carry over to the next (the autocorrelation of morning pain)."""


def noise_sentence(noise: Noise) -> str:
    if noise.from_diary:
        carries = "hardly carries" if noise.phi < LITTLE_CARRY_OVER else "tends to carry"
        varies = f"your morning pain varies by about {noise.sd:.1f} points around its trend"
        if noise.sd <= LEAST_NOISE:  # steadier than that: the plan's least (``power.diary_noise``)
            varies = (
                f"your morning pain hardly varied (by less than {LEAST_NOISE:.1f} points around its trend), "
                f"so the plan takes {LEAST_NOISE:.1f}, the least it assumes"
            )
        return (
            f"From your last {noise.days} mornings: {varies}, and a bad morning {carries} over to the next "
            f"(carry-over {noise.phi:.2f})."
        )
    return (
        "Your diary has fewer than 30 recent mornings, so the plan assumes typical figures: morning pain varying "
        f"by about {noise.sd:.1f} points, and a bad morning often followed by another (carry-over "
        f"{noise.phi:.1f} from one morning to the next)."
    )


def few_mornings_sentence(count: int, start: dt.date) -> str:
    """Too few mornings before the first night for the result to learn how they vary: the plan finds less."""
    have = "no mornings" if count == 0 else f"only {plural(count, 'morning')}"
    return (
        f"Your diary has {have} logged in the six months before the trial's first morning "
        f"({day_label(start)}), so the result can learn how your mornings vary only from the trial's own "
        "nights. The plan's figures allow for that, so they are larger than they would be after some mornings "
        f"of logging: log at least {MIN_PRE_TRIAL_DAYS} mornings before the trial starts, or start it later, "
        "to find smaller differences."
    )


def over_already_sentence(trial: Trial) -> str:
    """A plan whose every night has gone: what its result will rest on."""
    return (
        f"Every night of this plan ({from_to(trial.start, trial.end)}) is over already: log each of its "
        "mornings with what was slept that night. Once its last morning is logged, the result compares them "
        "by what the plan gave each night (a night slept otherwise shows as off the plan)."
    )


def reach_sentence(trial: Trial, detectable: float, chance_15: float) -> str:
    nights = plural(trial.nights_planned, "night")
    shape = (
        f"This plan ({plural(trial.pairs, 'pair')} of {trial.block}-night periods, {nights}, "
        f"{trial.counted_nights} of them counted)"
    )
    chance = f"A 1.5-point difference it would find about {round(chance_15 * 100):d} % of the time."
    if detectable >= SCALE_POINTS:
        return (
            f"{shape} would not find even a difference as large as the whole pain scale 80 % of the time, "
            f"allowing for about 1 night in 10 slept otherwise than planned: too few nights. {chance}"
        )
    return (
        f"{shape} would find a difference of {_reach(detectable)} or more 80 % of the time, allowing for about "
        f"1 night in 10 slept otherwise than planned. {chance}"
    )


def options_sentence(trial: Trial, options: list[Option], suggested: int, *, from_diary: bool = True) -> str:
    """How more pairs and other period lengths change it, and the suggested number for a 1-point difference.

    Advice about period length follows the figures: shorter periods lose a larger
    share of their nights to getting used to the change, so they do not always help.
    Other shapes' figures are "about": averaged over the orders they could draw,
    they may differ by a tenth from what such a plan, once drawn, says of itself.
    Without ``from_diary`` the figures are the typical ones, and the sentence blames no one's own mornings.
    """
    best = {o.pairs: o for o in options if o.block == trial.block}
    # Another shape's figure is its average over the orders it could draw ("about"); this plan's, its own order.
    parts = [f"{p} pairs: {_reach(best[p].detectable, about=p != trial.pairs)}" for p in sorted(best)]
    text = "With more pairs of the same periods it finds smaller differences (" + "; ".join(parts) + ")."
    others = sorted(
        (o for o in options if o.pairs == trial.pairs and o.block != trial.block), key=lambda o: o.block
    )
    if others:
        shown = "; ".join(f"{o.block}-night periods: {_reach(o.detectable, about=True)}" for o in others)
        text += f" With {plural(trial.pairs, 'pair')} of other periods: {shown}."
    if best.get(suggested) and best[suggested].detectable <= 1.0:
        return text + f" {suggested} pairs would find a 1-point difference."
    whose = "Your mornings vary" if from_diary else "With the typical figures, mornings vary"
    text += f" {whose} too much for even 10 pairs to find a 1-point difference reliably"
    better = min(others, key=lambda o: o.detectable, default=None)
    own = best.get(trial.pairs)
    if better is not None and own is not None and better.detectable < own.detectable:
        where = ", where the body does not need long to adapt" if better.block < trial.block else ""
        return text + f"; {better.block}-night periods would help{where}."
    return text + "."


def waiting_sentence(result: TrialResult, today: dt.date) -> str:
    trial = result.trial
    if result.status == "cancelled":
        return "This trial was cancelled; it gives no result."
    if result.status == "planned":
        return f"The trial starts with the night before {day_label(trial.start)}."
    left = sum(1 for n in result.nights if n.night.date > today)
    ahead = (
        f"; {plural(left, 'night')} still ahead, the last ending on the morning of {day_label(trial.end)}"
        if left
        else ""
    )
    if today > trial.end:  # every night over, the last morning not logged yet
        return (
            f"Running: {result.nights_logged} of {plural(trial.nights_planned, 'night')} logged so far; its "
            f"nights are over, and the answer is shown when its last morning, {day_label(trial.end)}, is "
            f"logged. You can also see it now, {LOGGED_ONLY}: pain-diary trial end."
        )
    return (
        f"Running: {result.nights_logged} of {plural(trial.nights_planned, 'night')} logged so far"
        f"{ahead}. The answer is shown when the last night is logged: looking "
        "at it before then makes false findings likely. You can end the trial early; its result is labelled so."
    )


PAIN_SCALE = rating_scale("pain")
"""Morning pain's scale: a trial's interval wider than it allows says too few nights were logged."""


def _size(low: float, high: float) -> str:
    """Follow the interval, not the point, as every answer does (``wording.size_words``): a sentence; and say
    so where the interval is wider than the pain scale allows."""
    words = size_words(low, high) + wider_than_scale(low, high, PAIN_SCALE, "nights")
    return f"{words[0].upper()}{words[1:]}."


EARLY = "Ended early: "
LOGGED_ONLY = "from the mornings logged only"
"""How a result is seen once the nights are over but the last morning is not logged (nothing ended early)."""


def result_sentence(result: TrialResult, est: Estimate | None) -> str:
    """The answer in one sentence ("Ended early: " before it, the sentence then going on in lower case)."""
    sentence = _result_sentence(result, est)
    if sentence.startswith(EARLY):
        rest = sentence[len(EARLY) :]
        return EARLY + rest[:1].lower() + rest[1:]
    return sentence


def not_enough_sentence(result: TrialResult, a: str, b: str) -> str:
    """Why there is no answer: too few counted nights in all, or too few after one of the two."""
    trial = result.trial
    in_all, each = trial.nights_needed
    used = result.used
    after_a, after_b = used_per_condition(n.night for n in used)
    if len(used) < in_all:
        return (
            f"Not enough nights to judge: {plural(len(used), 'counted night')} logged, and at least "
            f"{MIN_USED_SHARE * 100:.0f} % of the {trial.counted_nights} planned ({in_all}) are needed."
        )
    return (
        f"Not enough nights to judge: {plural(after_a, 'counted night')} after {a} and {after_b} after {b} "
        f"were logged, and at least {each} of each are needed."
    )


MOSTLY_OFF_PLAN = 0.5
"""Under this share of logged nights slept as planned, the answer is about the plan more than the conditions."""


def _result_sentence(result: TrialResult, est: Estimate | None) -> str:
    sentence = _answer(result, est)
    adherence = result.adherence
    if (
        est is None
        or result.verdict == "not_enough_nights"
        or adherence is None
        or adherence >= MOSTLY_OFF_PLAN
    ):
        return sentence
    trial = result.trial
    return (
        f"{sentence} But {round((1 - adherence) * 100):d} % of the logged nights were slept on the other "
        f"condition than planned: this compares the nights the plan gave {trial.a} and {trial.b}, and says "
        "little about the two themselves."
    )


def _answer(result: TrialResult, est: Estimate | None) -> str:
    trial = result.trial
    a, b = after_words(trial, trial.a), after_words(trial, trial.b)
    early = EARLY if result.status == "ended_early" else ""
    if est is None or result.verdict == "not_enough_nights":
        return early + not_enough_sentence(result, a, b)
    low, high = sorted((est.ci_low, est.ci_high))
    if result.verdict == "no_clear_difference":
        return (
            f"{early}No clear difference between {a} and {b}: mornings after {b} had somewhere between "
            f"{_signed_words(low)} and {_signed_words(high)} pain than after {a}. " + _size(low, high)
        )
    better, worse = (a, b) if result.verdict == "a_better" else (b, a)
    near, far = sorted((abs(low), abs(high)))
    return (
        f"{early}Mornings after {better} had about {points(est.difference)} less pain than after {worse} "
        f"({figure(near, 1)} to {figure(far, 1)} less). " + _size(low, high)
    )


def _signed_words(value: float) -> str:
    return f"{figure(abs(value), 1)} less" if value < 0 else f"{figure(value, 1)} more"


def unconfirmed_note(result: TrialResult) -> str:
    """For a one-line account of a verdict (the doctor report): that the model-free check could not confirm it."""
    est = result.estimate
    if est is None or result.verdict not in ("a_better", "b_better") or est.p_randomisation_min <= ALPHA:
        return ""
    pairs, counted = result.trial.pairs, est.pairs_counted or result.trial.pairs
    which = (
        plural(pairs, "pair") if counted == pairs else f"{plural(counted, 'pair')} of {pairs} in the result"
    )
    return (
        f" With {which}, the check over every order the schedule could have "
        f"drawn cannot confirm a difference on its own (p = {est.p_randomisation:.3g}; it cannot go below "
        f"{est.p_randomisation_min:.3g}): a repeat would make it surer."
    )


CONFIRMING_PAIRS = math.ceil(math.log2(2 / ALPHA))
"""The fewest pairs whose orders let the check over every order reach p < 0.05 on its own (2 in 2^6)."""


def orders_sentence(trial: Trial) -> str | None:
    """Before the start: what the check over every order can say with this many pairs, when it cannot confirm
    a difference on its own (three pairs: 8 orders, p = 0.25 at the least)."""
    orders = 2**trial.pairs
    smallest = 2 / orders  # the order drawn and its mirror image
    if smallest <= ALPHA:
        return None
    return (
        f"{plural(trial.pairs, 'pair')} can be drawn in only {orders} orders: too few for the check over every "
        f"order (how often the other orders would give as large a difference) to confirm one on its own, as it "
        f"cannot go below p = {smallest:.3g} where {ALPHA:g} is needed. The verdict will rest on the model's "
        f"interval; with {CONFIRMING_PAIRS} pairs or more the check could confirm it."
    )


def _orders_as_large(p: float, orders: int) -> str:
    """The randomisation p in plain words: "in 2 of the 8 orders the difference came out at least as large"."""
    count = max(1, round(p * orders))
    return f"in {count} of the {orders} orders the difference came out at least as large as this one"


def result_notes(result: TrialResult, est: Estimate) -> list[str]:
    """The randomisation check, adherence and washout, and what to do next."""
    trial = result.trial
    notes = []
    orders = 2**trial.pairs
    # Pairs with no night in the result (after an early end, or not logged) change nothing when drawn the
    # other way round: only the others' orders count.
    counted = est.pairs_counted or trial.pairs
    pairs = (
        plural(trial.pairs, "pair")
        if counted == trial.pairs
        else f"The {plural(counted, 'pair')} of {trial.pairs} with nights in the result"
    )
    if est.p_randomisation_min > ALPHA:
        notes.append(
            f"{pairs} can only be drawn in {2**counted} orders, so the check over every order "
            f"cannot go below p = {est.p_randomisation_min:.3g}, above the {ALPHA:g} a finding needs: it cannot "
            f"confirm a difference on its own (here p = {est.p_randomisation:.3g}: "
            f"{_orders_as_large(est.p_randomisation, 2**counted)}). "
            f"With {max(CONFIRMING_PAIRS, trial.pairs)} pairs {'it could' if counted == trial.pairs else 'logged, it could'}."
        )
    else:
        drawn = (
            f"all {orders} orders the schedule could have drawn"
            if counted == trial.pairs
            else f"the {2**counted} orders {pairs[:1].lower()}{pairs[1:]} could have been drawn in"
        )
        notes.append(
            f"Checked over {drawn}: p = {est.p_randomisation:.3f}, "
            f"{_orders_as_large(est.p_randomisation, 2**counted)} (the smallest possible is "
            f"{est.p_randomisation_min:.3f}; a finding needs under {ALPHA:g})."
        )
    notes.append(
        f"{result.nights_used} of the plan's {trial.counted_nights} counted nights were logged and used."
    )
    notes += adherence_notes(result)
    if trial.washout:
        first = "The first night" if trial.washout == 1 else f"The first {trial.washout} nights"
        verb = "was" if trial.washout == 1 else "were"
        notes.append(f"{first} of each period (getting used to the change) {verb} left out.")
    notes.append(next_step(result, est))
    return notes


def not_enough_notes(result: TrialResult) -> list[str]:
    """What a trial with too few nights to judge still says: its nights used, adherence, and what next."""
    trial = result.trial
    return [
        f"{result.nights_used} of the plan's {trial.counted_nights} counted nights were logged and used.",
        *adherence_notes(result),
        f"What next: plan it again and log at least {trial.nights_needed[0]} of its counted nights; "
        "a morning logged late still counts.",
    ]


def adherence_notes(result: TrialResult) -> list[str]:
    """How many logged nights followed the plan, and on how many the factor was not recorded (those cannot
    say whether they did: a deviation is shown, never hidden)."""
    trial, notes = result.trial, []
    logged = [n for n in result.counted if n.pain is not None]
    unknown = sum(1 for n in logged if n.follows is None)
    if result.adherence is not None:
        off = len(result.deviations)
        notes.append(
            f"{round(result.adherence * 100):d} % of logged nights followed the plan"
            + (f"; {plural(off, 'night')} did not, and counted as planned." if off else ".")
        )
    if unknown:
        what = FACTOR_WORDS[trial.factor]
        share = "any of the logged nights" if unknown == len(logged) else plural(unknown, "logged night")
        notes.append(
            f"{what[:1].upper()}{what[1:]} was not recorded on {share}, so whether "
            f"{'they' if unknown > 1 else 'it'} followed the plan is not known; "
            f"{'they' if unknown > 1 else 'it'} counted as planned."
        )
    return notes


FACTOR_WORDS = {
    "mattress": "the mattress",
    "position": "the sleep position",
    "pillow": "the pillow",
    "legs_elevated": "whether your legs were raised",
    "warm_bath": "whether you had a warm bath or shower",
}
"""A trial's factor as a sentence names it where a logged night may leave it unrecorded (a tag never is:
a night is with it or without it)."""


def next_step(result: TrialResult, est: Estimate) -> str:
    if result.adherence is not None and result.adherence < MOSTLY_OFF_PLAN:
        return "What next: plan it again, and sleep each night as the plan says; only then can it tell the two apart."
    width = abs(est.ci_high - est.ci_low)
    if result.verdict == "no_clear_difference" and width > 2.0:
        pairs = result.trial.pairs
        # At least two more, and enough for the check over every order to confirm a difference on its own.
        more = min(MAX_PAIRS, max(pairs + 2, CONFIRMING_PAIRS)) - pairs
        if more > 0:
            return f"What next: repeat with {plural(more, 'more pair')} to narrow it."
        if result.trial.block > 1:
            return "What next: shorter periods (where the body adapts quickly) would narrow it."
        return "What next: a second trial like this one would narrow it (the two answers together are surer)."
    if result.verdict == "no_clear_difference":
        return "What next: whichever you prefer; any difference is likely small."
    return "What next: show this to your doctor or physiotherapist; a repeat would show whether it holds."


def today_marked(day: dt.date) -> str:
    """A morning of the trial's calendar that is today: "Today, Sun 6 Dec 2026" (the mark first, so a phone's
    narrow column cuts the date, never the mark)."""
    return f"Today, {day_label(day)}"


WASHOUT_MARK = "getting used to it"
"""A night of getting used to the condition (not counted), wherever a night of the plan is marked as one."""


def night_cell(condition: str, value: object, *, washout: bool) -> str:
    """A night of the trial's calendar: "A: Foam", or "B (getting used to it): Old sofa" for a night not counted
    (the mark before the name, so a phone's narrow column cuts a long name, never the mark)."""
    return f"{condition.upper()} ({WASHOUT_MARK}): {value}" if washout else f"{condition.upper()}: {value}"
