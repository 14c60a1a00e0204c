"""What a trial plan can find: the smallest difference it detects 80 % of the time.

Computed analytically from the variance of the B − A contrast under the same
model the result uses (GLS with AR(1) errors over dated nights, a trend within
the trial), with this diary's own day-to-day noise and carry-over — learnt from
its recent mornings, or typical values under 30 of them (``noise``). Nights that are not
logged widen it, and nights slept on the other condition than planned dilute
the difference the schedule can see (about 1 in 10 in everyday use), make
the trial's mornings seem to vary more, and make the difference found stray
further still (``OffPlan``). It allows for what the result does
with few mornings: it learns the carry-over anew (the plan averages over what
it may learn) and holds the noise to at least a typical diary's. In a short
trial, chance matters too: how many nights go off plan (averaged over, not
taken at the likely share) and whether enough are logged to judge at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..entry.fields import PAIN_HIGH, PAIN_LOW
from ..stats import ALPHA
from .design import night_jumps, trial_design
from .limits import MAX_BLOCK, MAX_PAIRS, MIN_PAIRS
from .noise import (
    MIN_NOISE_DAYS,
    MIN_PRE_TRIAL_DAYS,
    TYPICAL_NOISE,
    Noise,
    carry_over_range,
)
from .plan import Night, Trial, nights_needed, schedule

POWER = 0.8
OFF_PLAN = 0.1  # share of nights slept on the other condition than planned, in everyday use
TARGET_DIFFERENCE = 1.0  # a suggested plan aims to find a 1-point difference
ORDER_DRAWS = 16  # hypothetical plans are judged on this many random orders


CARRY_OVER_NODES = 3
"""Points at which the carry-over the result will learn is taken (Gauss–Hermite, for its normal spread)."""
_NODES, _RAW_WEIGHTS = np.polynomial.hermite_e.hermegauss(CARRY_OVER_NODES)
_WEIGHTS = _RAW_WEIGHTS / _RAW_WEIGHTS.sum()
"""The standard normal's points and their weights (summing to 1), for the carry-over and the noise learnt."""


def contrast_ses(nights: Sequence[Night], noise: Noise) -> list[tuple[float, float]]:
    """The standard errors of B − A the result may give, with their weights, if every night were logged.

    The result learns the carry-over from the mornings before the trial and
    the trial's own, and gives its interval at the end of ``carry_over_range``
    that makes it the wider: what it learns varies from diary to diary (by
    √((1 − φ²)/n)), and so does that interval. Each of ``CARRY_OVER_NODES``
    carry-overs it may learn, weighted by how likely it is, gives one standard
    error. Under ``MIN_NOISE_DAYS`` mornings the result takes the spread of
    mornings as no lower than a typical diary's: the standard errors are
    widened by what that floor adds on average.
    """
    from ..stats.regression import whiten

    used, days, design = _contrast_design(nights)
    likely = noise.likely_carry_over
    before = noise.mornings_before
    spare = _spare(len(used), noise, design.shape[1])

    def se_at(phi: float) -> float:
        # Fitted with a carry-over other than the likely one, mornings seem to vary more, or less, by this
        # much: (1 + φ² − 2φρ) / (1 − φ²) of their variance.
        seems = math.sqrt((1 + phi**2 - 2 * phi * likely) / (1 - phi**2))
        white = whiten(design, days, phi)
        return float(noise.sd * seems * math.sqrt(np.linalg.pinv(white.T @ white)[-1, -1]))

    widened = _floor_widening(noise.sd, max(spare, 1)) if spare < MIN_NOISE_DAYS else 1.0
    if spare < 2:  # too few mornings to learn it at all: the result takes a typical diary's
        return [(1.0, widened * se_at(TYPICAL_NOISE.phi))]
    spread = math.sqrt((1 - likely**2) / spare)
    found = []
    for z, weight in zip(_NODES.tolist(), _WEIGHTS.tolist(), strict=True):
        learnt = min(max(likely + z * spread, -0.95), 0.95)
        phis = carry_over_range(learnt, spare, before)
        found.append((weight, widened * max(se_at(phi) for phi in phis)))
    return found


def _floor_widening(sd: float, spare: int) -> float:
    """How much taking the spread of mornings as at least a typical diary's widens the interval, on average.

    The spread learnt from ``spare`` degrees of freedom varies by about 1/√(2·spare) of itself around
    ``sd``; where it falls under the floor, the floor is taken.
    """
    learnt = sd * (1 + _NODES / math.sqrt(2 * spare))
    return float(np.sum(_WEIGHTS * np.maximum(learnt, TYPICAL_NOISE.sd)) / sd)


@dataclass(frozen=True)
class OffPlan:
    """What nights off plan do to B − A, per point² of the jump each makes (``design.Jumps``), in points².

    A night slept on the other condition than planned is counted with its
    planned one: its morning jumps by the whole difference. ``strays``: what
    that adds to the variance of the difference found; ``learnt``: what it
    adds to the result's own standard error², and so to the bar its verdict
    sets; ``base``: the variance of the difference found without them, at the
    carry-over the result will likely learn (the standard errors of
    ``contrast_ses`` are the result's own, widened where it takes a typical
    diary's figures or a carry-over off the likely one: the bar, not the
    stray). Taken as adding no more to the stray than the result learns, and
    the stray as wide as the result's bar, a plan of ten pairs of 3-night
    periods was found at its own figure in 73 % of simulated trials with 1
    night in 10 off plan (74 % now), and a noisier diary's six pairs of weeks
    in 70 % (75 % now).
    """

    strays: float
    learnt: float
    base: float


def off_plan_weight(nights: Sequence[Night], noise: Noise) -> OffPlan:
    """``OffPlan`` for these nights (``design.night_jumps`` over the trial's nights alone; the result learns
    its spread from the mornings before them too, where there are no jumps)."""
    used, days, design = _contrast_design(nights)  # a plan always counts nights: washout < block
    jumps = night_jumps(design, days, noise.likely_carry_over, slice(None))
    counted = len(used) * noise.logged_share
    # Under ``MIN_PRE_TRIAL_DAYS`` mornings before it the result learns from the trial's nights alone.
    alone = noise.mornings_before < MIN_PRE_TRIAL_DAYS
    share = 1.0 if alone else counted / (noise.mornings_before + counted)
    logged = noise.logged_share  # a night not logged is lost: fewer nights, each weighing more
    return OffPlan(
        jumps.strays / logged, share * jumps.learnt / logged, noise.sd**2 * jumps.variance / logged
    )


def _df(nights: Sequence[Night], noise: Noise) -> float:
    """The degrees of freedom of the result's t: its mornings less its columns (``_spare``), at least 3.

    The mornings before the trial count, as they do in the result's fit: taken without them, two pairs of
    single nights after four months of mornings, every one logged, were planned with 3 and found their
    figure in 88 % of simulated trials (81 % now)."""
    used, _, design = _contrast_design(nights)
    return float(max(_spare(len(used), noise, design.shape[1]), 3))


def _contrast_design(nights: Sequence[Night]) -> tuple[list[Night], np.ndarray, np.ndarray]:
    """The nights counted, their days, and the result's columns over them: its level and trend, then B."""
    used, days = _counted(nights)
    condition = np.array([1.0 if n.condition == "b" else 0.0 for n in used])
    return used, days, np.column_stack([trial_design(days)[0], condition])


def _counted(nights: Sequence[Night]) -> tuple[list[Night], np.ndarray]:
    """The nights the result counts (adaptation nights left out), and their days from the trial's first night."""
    used = [n for n in nights if not n.washout]
    return used, np.array([(n.date - nights[0].date).days for n in used], dtype=float)


def _spare(counted: int, noise: Noise, trial_columns: int) -> int:
    """The mornings the result learns from less its columns: those before the trial (with a level and trend
    of their own) and the ``counted`` nights logged, with ``trial_columns`` (the trial's level, trend and
    condition)."""
    before = noise.mornings_before
    if before < MIN_PRE_TRIAL_DAYS:  # the result leaves so few out, and learns from the trial alone
        return round(counted * noise.logged_share) - trial_columns
    return before + round(counted * noise.logged_share) - trial_columns - 2


def chance_to_find(
    difference: float, nights: Sequence[Night], noise: Noise, off_plan: float = OFF_PLAN
) -> float:
    """How often the plan would find a true difference of ``difference`` points (two-sided 5 %)."""
    weights, ses, widen = _weighted_ses(nights, noise)
    df = _df(nights, noise)
    shares = _off_plan_shares(nights, noise, off_plan)
    return judged_chance(nights, noise) * _found(abs(difference), weights, ses, widen, df, shares)


def judged_chance(nights: Sequence[Night], noise: Noise) -> float:
    """How likely the trial is to be judged at all: enough of its counted nights logged (``nights_needed``),
    each with the diary's usual chance (``Noise.logged_share``).

    A plan of two pairs of single nights needs all four logged: about 2 trials in 3 where 1 morning in 10
    goes unlogged, so it finds nothing 80 % of the time, however large (simulated, 39 % of such trials
    ended with too few nights; their plan had promised 4.6 points).
    """
    counted = [n.condition for n in _counted(nights)[0]]
    in_all, each = nights_needed(len(counted))
    logged = min(max(noise.logged_share, 0.0), 1.0)

    a, b = _binomial(counted.count("a"), logged), _binomial(counted.count("b"), logged)
    return float(
        sum(a[i] * b[j] for i in range(each, len(a)) for j in range(each, len(b)) if i + j >= in_all)
    )


def _binomial(trials: int, chance: float) -> np.ndarray:
    """The chance of each number of successes, 0 to ``trials``, each with ``chance``."""
    return np.array(
        [math.comb(trials, i) * chance**i * (1 - chance) ** (trials - i) for i in range(trials + 1)]
    )


def _off_plan_shares(nights: Sequence[Night], noise: Noise, off_plan: float) -> tuple[np.ndarray, np.ndarray]:
    """The shares of a trial's nights that may be slept off plan, and how likely each is.

    Each counted night logged is off plan with chance ``off_plan``, so their number is binomial: a short
    trial may well have none, or a quarter of them. What the plan can find is averaged over these shares,
    not taken at the likely one: its chance falls faster with a night or two too many off plan than it rises
    with none (simulated, three pairs of 3-night periods with no diary before them found the plan's figure
    71 % of the time, and 68 % when it was worked out at the likely share). Numbers less likely than
    ``OFF_PLAN_LEAST_LIKELY`` are left out; the rest are taken in up to ``OFF_PLAN_GROUPS`` groups, each at
    its average share: in a short trial the likeliest numbers each a group of their own, the unlikely many
    one group together.
    """
    counted = max(round(len(_counted(nights)[0]) * noise.logged_share), 1)
    if not 0 < off_plan < 1:
        return np.array([min(max(off_plan, 0.0), 1.0)]), np.array([1.0])
    k = np.arange(counted + 1, dtype=float)
    pmf = _binomial(counted, off_plan)
    keep = pmf >= OFF_PLAN_LEAST_LIKELY
    mass = pmf[keep] / pmf[keep].sum()
    # A number starts a new group when the chance of fewer passes the next of equal steps (thirds).
    group = np.minimum(((np.cumsum(mass) - mass) * OFF_PLAN_GROUPS + 1e-9).astype(int), OFF_PLAN_GROUPS - 1)
    chance = np.bincount(group, weights=mass)
    share = np.bincount(group, weights=mass * k[keep] / counted)
    held = chance > 0
    return share[held] / chance[held], chance[held]


OFF_PLAN_LEAST_LIKELY = 1e-3
"""A number of nights off plan less likely than this is left out of the plan's average."""
OFF_PLAN_GROUPS = 3
"""The most shares of nights off plan the plan's chance is averaged over (``_off_plan_shares``)."""


def _found(
    difference: float,
    weights: np.ndarray,
    ses: np.ndarray,
    widen: OffPlan,
    df: float,
    shares: tuple[np.ndarray, np.ndarray],
) -> float:
    """The chance of a verdict, averaged over the shares of nights off plan (``_off_plan_shares``)."""
    share, likely = shares
    return float(
        sum(
            p * _weighted_found(weights, *_shift(difference, ses, widen, s), df)
            for s, p in zip(share, likely, strict=True)
        )
    )


SCALE_POINTS = float(PAIN_HIGH - PAIN_LOW)
"""The whole pain scale: no plan is said to find more than this (nights off the plan can keep a plan from
finding any difference 80 % of the time, the mornings they move varying as much as the difference)."""


def detectable(nights: Sequence[Night], noise: Noise, off_plan: float = OFF_PLAN) -> float:
    """The smallest difference in morning pain found 80 % of the time (two-sided 5 %), to within 0.0001."""
    from ..stats.student_t import t_quantile

    weights, ses, widen = _weighted_ses(nights, noise)
    df = _df(nights, noise)
    mixed = off_plan * (1 - off_plan) * widen.strays
    reach = t_quantile(1 - ALPHA / 2, df) + t_quantile(POWER, df)
    # Each standard error's own reach at the likely share of nights off plan (its chance 80 %, but for the
    # other tail's sliver) gives the first guess; the smallest's with every night on plan is below the answer.
    room = (1 - 2 * off_plan) ** 2 - reach**2 * mixed
    own = np.where(room > 0, reach * ses / np.sqrt(np.maximum(room, 1e-12)), SCALE_POINTS)
    low, high = 0.98 * reach * float(ses.min()), SCALE_POINTS

    judged = judged_chance(nights, noise)
    if judged < POWER:  # too few nights logged too often: nothing is found 80 % of the time
        return SCALE_POINTS
    shares = _off_plan_shares(nights, noise, off_plan)

    def short(difference: float) -> float:  # below 0 while the difference is found less than 80 % of the time
        return judged * _found(difference, weights, ses, widen, df, shares) - POWER

    # The secant from the standard errors' own reaches, weighted: two or three looks at the chance, mostly.
    guess = float(np.sum(weights * own))
    if low < guess < high:
        before, at_before = guess, short(guess)
        after = min(guess * 1.01, high)
        for _ in range(6):
            if abs(at_before) < 1e-5:
                return before
            at_after = short(after)
            if abs(at_after) < 1e-5:
                return after
            if at_after == at_before:
                break
            step = after - at_after * (after - before) / (at_after - at_before)
            if not low < step < high:
                break
            before, at_before, after = after, at_after, step
    # Else regula falsi over the bracket, Anderson and Björck's way (the end that stays has its value scaled
    # down).
    at_low, at_high = short(low), short(high)
    if at_high < 0:
        return SCALE_POINTS
    for _ in range(40):
        if high - low < 1e-4:
            break
        middle = high - at_high * (high - low) / (at_high - at_low)
        at_middle = short(middle)
        if abs(at_middle) < 1e-5:  # within a thousandth of a percentage point of 80 %
            return middle
        if at_middle < 0:
            scale = 1 - at_middle / at_low
            low, at_low = middle, at_middle
            at_high *= scale if scale > 0 else 0.5
        else:
            scale = 1 - at_middle / at_high
            high, at_high = middle, at_middle
            at_low *= scale if scale > 0 else 0.5
    return high


def _weighted_ses(nights: Sequence[Night], noise: Noise) -> tuple[np.ndarray, np.ndarray, OffPlan]:
    """``contrast_ses`` as arrays of weights and standard errors (a night not logged lost), and what the nights
    off plan add (``OffPlan``)."""
    pairs = contrast_ses(nights, noise)
    weights = np.array([w for w, _ in pairs])
    ses = np.array([se for _, se in pairs]) / math.sqrt(noise.logged_share)
    return weights, ses, off_plan_weight(nights, noise)


def _shift(difference: float, ses: np.ndarray, off: OffPlan, off_plan: float) -> tuple[float, np.ndarray]:
    """A true ``difference`` over the spread of the difference found (diluted by the nights off plan, which make
    it stray further), and each of the result's standard errors ``ses`` (its bar) over that spread, both
    with the nights off plan."""
    mixed = off_plan * (1 - off_plan) * difference**2
    strays = math.sqrt(off.base + mixed * off.strays)
    return difference * (1 - 2 * off_plan) / strays, np.sqrt(ses**2 + mixed * off.learnt) / strays


def _weighted_found(weights: np.ndarray, shift: float, held: np.ndarray, df: float) -> float:
    """The chance of a verdict, weighted over the result's standard errors: either tail.

    ``shift``: the difference over the spread of the difference found; ``held``: each standard error of the
    result's over that spread (its verdict needs the difference found beyond the critical value of its own)."""
    from ..stats.student_t import t_quantile, t_tail

    critical = t_quantile(1 - ALPHA / 2, df) * held
    return float(np.sum(weights * (t_tail(critical - shift, df) + t_tail(critical + shift, df))))


@dataclass(frozen=True)
class Option:
    """One plan shape and what it can find."""

    pairs: int
    block: int
    washout: int
    detectable: float

    @property
    def nights(self) -> int:
        return 2 * self.pairs * self.block


def typical_detectable(trial: Trial, noise: Noise) -> float:
    """``detectable`` averaged over orders this shape could draw (a plan not drawn yet); ``SCALE_POINTS``
    where one of them would find no difference reliably, however large (the order is drawn, not chosen).

    Kept for the shape and the noise (the plan's options and its suggested pairs ask for the same shapes).
    """
    shape = replace(trial, id="", seed=0, created_at=_ANY_TIME, ended_on=None, cancelled=False)
    return _typical_detectable(shape, noise)


_ANY_TIME = dt.datetime(2000, 1, 1)
"""A shape's plan made at no time in particular: when a plan was made has no part in what it can find."""


@functools.lru_cache(maxsize=128)
def _typical_detectable(shape: Trial, noise: Noise) -> float:
    values = [detectable(schedule(replace(shape, seed=seed)), noise) for seed in range(ORDER_DRAWS)]
    return SCALE_POINTS if max(values) >= SCALE_POINTS else float(np.mean(values))


def options(
    trial: Trial, noise: Noise, own: float | None = None, suggested: int | None = None
) -> list[Option]:
    """How more pairs, and longer or shorter blocks, change what the plan can find.

    Other shapes are averaged over the orders they could draw; the plan's own is
    its drawn order, the figure the plan itself gives (they differed by a tenth):
    ``own`` when the caller has it already. ``suggested``: a number of pairs
    to list as well (``suggested_pairs``'), so that the advice can give its figure.
    """
    counts = {2, 3, 4, 6, 8, 10} | ({suggested} if suggested is not None else set())
    shapes = {(pairs, trial.block) for pairs in counts if MIN_PAIRS <= pairs <= MAX_PAIRS}
    shapes.update(
        (trial.pairs, block)
        for block in (trial.block - 2, trial.block + 3)
        if trial.washout < block <= MAX_BLOCK
    )
    shapes.add((trial.pairs, trial.block))
    if own is None:
        own = detectable(schedule(trial), noise)
    return [
        Option(
            pairs,
            block,
            trial.washout,
            own
            if (pairs, block) == (trial.pairs, trial.block)
            else typical_detectable(replace(trial, pairs=pairs, block=block), noise),
        )
        for pairs, block in sorted(shapes)
    ]


def suggested_pairs(trial: Trial, noise: Noise, target: float = TARGET_DIFFERENCE) -> int:
    """The fewest pairs (with this block) that find ``target`` points 80 % of the time; the most allowed otherwise.

    More pairs find smaller differences, so the fewest is found by halving the range: a few shapes worked
    out, most of them ones the plan lists anyway (``options``), not every one.
    """
    fewest, most = MIN_PAIRS, MAX_PAIRS
    while fewest < most:
        middle = (fewest + most) // 2
        if typical_detectable(replace(trial, pairs=middle), noise) <= target:
            most = middle
        else:
            fewest = middle + 1
    return most
