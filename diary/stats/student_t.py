"""Student's t: its upper tail and its quantiles, from numpy and the math module alone.

Every fit's intervals and p-values, and a trial's power, need these two
numbers. ``scipy.special`` has them (``stdtr``, ``stdtrit``), but importing it
loads scipy's array-API layer, which copies numpy's namespace and with it
numpy's Fortran wrapper generator: 0.15–0.2 s, a fifth of a whole
``pain-diary analyze`` on a ten-year diary, for two functions. Here they are
the textbook way (the tests check them against ``scipy.special`` to 10 digits
over the degrees of freedom the diary meets):

- the tail from the regularised incomplete beta function,
  P(T > |t|) = I_x(ν/2, 1/2) / 2 with x = ν / (ν + t²), evaluated by its
  continued fraction (modified Lentz), on whichever side of the symmetry
  I_x(a, b) = 1 − I_(1−x)(b, a) it converges quickly;
- the quantile by Newton's method on the tail, started from the normal
  quantile and kept inside a bracket by bisection.
"""

from __future__ import annotations

import functools
import math
from statistics import NormalDist

import numpy as np

_TINY = 1e-300  # Lentz's guard against a zero denominator
_CONVERGED = 1e-15  # a step of the continued fraction this close to 1 changes nothing more
_MOST_TERMS = 1000  # more than any degrees of freedom a diary has need (about √ν terms)


def t_tail(t: np.ndarray | float, df: float) -> np.ndarray:
    """P(T > t) for Student's t with ``df`` degrees of freedom (``t`` any real, ±inf included; NaN stays NaN;
    all NaN where ``df`` is not above 0)."""
    values = np.asarray(t, dtype=float)
    if not df > 0:  # no distribution (NaN, as scipy gives)
        return np.full(values.shape, np.nan)
    return np.array([_tail(value, df) for value in values.ravel().tolist()]).reshape(values.shape)


@functools.lru_cache(maxsize=512)
def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (0 < p < 1; NaN where ``df`` is not
    above 0).

    Kept for the process (a few hundred pairs at most): a trial's plan asks for the same two quantiles of
    each of its shapes once for every order it averages over, some 260 times for a dozen distinct
    answers, and each takes about a millisecond (Newton's steps, each a continued fraction).
    """
    if not 0.0 < p < 1.0:
        raise ValueError(f"a quantile needs a probability between 0 and 1, not {p}")
    if not df > 0:  # no distribution (NaN, as scipy gives)
        return math.nan
    if p == 0.5:
        return 0.0
    tail = min(p, 1.0 - p)  # the upper tail beyond |t|: p itself below the middle, not 1 − (1 − p)
    start = -NormalDist().inv_cdf(tail)
    low, high = 0.0, max(start, 1.0)
    while _tail(high, df) > tail:  # a bracket: the tail at ``low`` is above ``tail``, at ``high`` not
        low, high = high, 2.0 * high
    t = min(max(start, low), high)
    log_scale = math.lgamma(0.5 * (df + 1)) - math.lgamma(0.5 * df) - 0.5 * math.log(df * math.pi)
    for _ in range(200):
        gap = _tail(t, df) - tail
        if gap > 0:
            low = t
        else:
            high = t
        density = math.exp(log_scale - 0.5 * (df + 1) * math.log1p(t * t / df))
        following = t + gap / density  # the tail falls as t grows: Newton's step is up by gap / density
        if not low < following < high:  # Newton would leave the bracket: halve it instead
            following = 0.5 * (low + high)
        if abs(following - t) <= 1e-15 * max(abs(following), 1.0):
            t = following
            break
        t = following
    return t if p > 0.5 else -t


def _tail(t: float, df: float) -> float:
    """P(T > t), one value."""
    if math.isnan(t):
        return math.nan
    if math.isinf(t):
        return 0.0 if t > 0 else 1.0
    squared = t * t
    x = df / (df + squared)  # ν / (ν + t²), and 1 − it, each without cancellation
    y = squared / (df + squared)
    beyond = 0.5 * _incomplete_beta(x, y, 0.5 * df, 0.5)  # P(T > |t|)
    return beyond if t >= 0 else 1.0 - beyond


def _incomplete_beta(x: float, y: float, a: float, b: float) -> float:
    """I_x(a, b), the regularised incomplete beta function, for ``x`` in [0, 1] with ``y`` = 1 − x given as
    accurately."""
    if x <= 0.0:
        return 0.0
    if y <= 0.0:
        return 1.0
    front = math.exp(a * math.log(x) + b * math.log(y) - math.lgamma(a) - math.lgamma(b) + math.lgamma(a + b))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(x, a, b) / a
    return 1.0 - front * _beta_fraction(y, b, a) / b


def _beta_fraction(x: float, a: float, b: float) -> float:
    """The continued fraction of I_x(a, b) by the modified Lentz method (quick for x < (a + 1) / (a + b + 2))."""

    # Each denominator and ``c`` is kept off zero (±_TINY), written out rather than called: this loop is
    # most of a trial plan's time.
    c = 1.0
    d = 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) >= _TINY else _TINY)
    fraction = d
    for m in range(1, _MOST_TERMS + 1):
        even = m * (b - m) * x / ((a - 1.0 + 2 * m) * (a + 2 * m))
        d = 1.0 + even * d
        d = 1.0 / (d if abs(d) >= _TINY else _TINY)
        c = 1.0 + even / c
        c = c if abs(c) >= _TINY else _TINY
        fraction *= d * c
        odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 1.0 + 2 * m))
        d = 1.0 + odd * d
        d = 1.0 / (d if abs(d) >= _TINY else _TINY)
        c = 1.0 + odd / c
        c = c if abs(c) >= _TINY else _TINY
        step = d * c
        fraction *= step
        if abs(step - 1.0) < _CONVERGED:
            break
    return fraction
