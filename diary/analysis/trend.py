"""How the diary was going anyway: the time terms every fit allows for.

Pain often eases (or flares) by itself over weeks, and people change things —
buy a mattress — when it is at its worst. Every fit (the main model, the
painkiller check, before/after, the lags) allows for the same three things, so
a factor, a switch and a lag are all judged against one picture of how pain
was going anyway:

- **A slow trend that may curve**: a natural cubic spline in the day number
  with a knot about every ``KNOT_EVERY_DAYS`` days (evenly spaced over the days
  used; a piece with fewer than ``MIN_PIECE_DAYS`` days used, or a knot with no
  day used within ``KNOT_REACH_DAYS`` on either side of it, is joined to its
  neighbour). Diaries shorter than about two knot spacings get a straight line.
  The spline is the B-spline basis with the curvature held at zero at both
  ends (as R's ``splines::ns``), so it never swings wildly at the first or last
  days.
- **Bends** at given days (a mattress switch, a date asked about): the trend
  may change its slope there. A step that is no more than the trend turning at
  that day is then not credited to the change. This is how the analysis asks
  whether a factor that changed only once or twice is more than "how your pain
  was going anyway": its step must survive a trend that is free to bend at
  the change.
- **The weekly rhythm**: once the days cover ``WEEKDAY_FROM_DAYS`` calendar days, one
  indicator per day of the week (the first one present is the reference), so
  that work days vs weekends, logged or not, are not credited to sitting or
  stress.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..wording import WEEKDAYS

DAYS_PER_YEAR = 365.25
KNOT_EVERY_DAYS = 42  # about six weeks between the trend's knots
MIN_PIECE_DAYS = 14  # days used between two knots, at least
KNOT_REACH_DAYS = 7  # a knot needs a day used within this many days on each side
WEEKDAY_FROM_DAYS = 56  # eight weeks of calendar: the day of the week enters the fits
WEEKDAY_MIN_USED = 28  # days used at least: four of each weekday, fewer than any fit whose verdicts are firm


def _eight_weeks(day: np.ndarray) -> bool:
    """Whether the diary holds ``WEEKDAY_FROM_DAYS`` calendar days up to the last day used, enough of them used.

    Counted on the calendar from the diary's first entry (day numbers start
    there), so a few mornings left unlogged, the first days the lags cannot be
    known for, or a factor left blank in the first week do not keep the
    weekdays out of an eight-week diary. The days used must be at least
    ``WEEKDAY_MIN_USED``, fewer than ``gates.CONFIRMATORY_DAYS``: a diary kept
    every other day over three months, its verdicts firm, had no weekday
    terms when six weeks' worth of days was asked for, and sitting on work
    days was called "worse" in about 2 of 5 such diaries where it did nothing.
    """
    return bool(day.size) and day.max() + 1 >= WEEKDAY_FROM_DAYS and day.size >= WEEKDAY_MIN_USED


def trend_knots(day: np.ndarray) -> list[float]:
    """The spline's interior knots for the days used: about every six weeks, each piece with enough days.

    A knot falling in weeks without days used (or at their end) is left out, joining the pieces around
    it: a knot there lets the curve turn where no day shows it, so that a change in those weeks (a
    mattress bought while the diary was put away) and the trend's own turn could not be told apart,
    however confident the numbers looked.
    """
    first, last = float(day.min()), float(day.max())
    pieces = max(1, round((last - first) / KNOT_EVERY_DAYS))
    knots: list[float] = []
    previous = first
    for knot in np.linspace(first, last, pieces + 1)[1:-1]:
        if np.count_nonzero((day > previous) & (day <= knot)) >= MIN_PIECE_DAYS and _among_days(day, knot):
            knots.append(float(knot))
            previous = float(knot)
    if knots and np.count_nonzero(day > knots[-1]) < MIN_PIECE_DAYS:
        knots.pop()
    return knots


def _among_days(day: np.ndarray, knot: float) -> bool:
    """Whether days used lie within ``KNOT_REACH_DAYS`` of ``knot`` on both sides."""
    before = bool(np.any((day > knot - KNOT_REACH_DAYS) & (day <= knot)))
    after = bool(np.any((day > knot) & (day <= knot + KNOT_REACH_DAYS)))
    return before and after


def natural_spline(day: np.ndarray, knots: Sequence[float]) -> np.ndarray:
    """A natural cubic spline basis in ``day`` (without the constant): one column per piece.

    With no interior knot this is the straight line (in years from the middle of the days).
    """
    first, last = float(day.min()), float(day.max())
    if not knots or last <= first:
        return ((day - day.mean()) / DAYS_PER_YEAR)[:, None]
    t = np.r_[[first] * 4, knots, [last] * 4]
    basis = bspline_basis(np.clip(day, first, last), t, 3)[:, 1:]
    ends = second_derivative_at_ends(t)[:, 1:]
    q, _ = np.linalg.qr(ends.T, mode="complete")
    return basis @ q[:, 2:]


def bspline_basis(x: np.ndarray, t: np.ndarray, degree: int) -> np.ndarray:
    """Every B-spline of ``degree`` on the knots ``t`` at ``x`` (Cox–de Boor), one column each.

    The same numbers as scipy's ``BSpline.design_matrix`` (the tests compare them),
    without loading scipy.interpolate, which costs the first analysis half a second.
    ``x`` must lie within ``t[degree]``–``t[-degree - 1]``; the last piece includes its end.
    Only the ``degree + 1`` splines that are not zero at each ``x`` (those of its
    piece) are computed, then put in their columns.
    """
    x = np.asarray(x, dtype=float)
    pieces = np.flatnonzero(t[:-1] < t[1:])
    span = np.clip(np.searchsorted(t, x, side="right") - 1, pieces[0], pieces[-1])
    at = x[:, None]
    local: np.ndarray = np.ones((x.size, 1))  # degree 0: the spline of x's piece
    for d in range(1, degree + 1):
        j = span[:, None] + np.arange(-d, 1)  # the splines of degree d not zero at x: span - d … span
        left_width = t[j + d] - t[j]
        right_width = t[j + d + 1] - t[j + 1]
        left = np.divide(at - t[j], left_width, out=np.zeros(j.shape), where=left_width > 0)
        right = np.divide(t[j + d + 1] - at, right_width, out=np.zeros(j.shape), where=right_width > 0)
        step = np.empty(j.shape)  # B(j, d) = left · B(j, d − 1) + right · B(j + 1, d − 1)
        step[:, 0] = right[:, 0] * local[:, 0]
        step[:, d] = left[:, d] * local[:, d - 1]
        step[:, 1:d] = left[:, 1:d] * local[:, : d - 1] + right[:, 1:d] * local[:, 1:d]
        local = step
    basis = np.zeros((x.size, len(t) - degree - 1))
    basis[np.arange(x.size)[:, None], span[:, None] + np.arange(-degree, 1)] = local
    return basis


def second_derivative_at_ends(t: np.ndarray) -> np.ndarray:
    """The second derivative of every cubic B-spline on ``t`` at the first and last knot (2 × splines)."""
    size = len(t) - 4
    coefficients = np.eye(size)
    knots, degree = t, 3
    for _ in range(2):  # a B-spline's derivative is a spline of one degree less on the inner knots
        width = knots[degree + 1 : -1] - knots[1 : -degree - 1]
        steps = np.diff(coefficients, axis=0)
        coefficients = degree * np.divide(
            steps, width[:, None], out=np.zeros_like(steps), where=width[:, None] > 0
        )
        knots, degree = knots[1:-1], degree - 1
    return bspline_basis(np.array([t[0], t[-1]]), knots, degree) @ coefficients


def trend_terms(
    day: np.ndarray, weekday: np.ndarray | None = None, *, bends: Sequence[float] = ()
) -> tuple[np.ndarray, list[str]]:
    """The time terms' columns for the days used and their names (no intercept: the fit adds it).

    ``day``: calendar day numbers of the days used; ``weekday``: their day of the
    week (0 = Monday), or None to leave the weekly rhythm out; ``bends``: day
    numbers at which the trend may change its slope.
    """
    day = np.asarray(day, dtype=float)
    spline = natural_spline(day, trend_knots(day))
    columns = [spline]
    names = ["trend", *(f"trend_curve_{i}" for i in range(1, spline.shape[1]))]
    for bend in sorted(set(bends)):
        if day.min() < bend < day.max():
            columns.append((np.maximum(day - bend, 0) / DAYS_PER_YEAR)[:, None])
            names.append(f"trend_bend_{bend:g}")
    if weekday is not None and _eight_weeks(day):
        weekday = np.asarray(weekday)
        present = [w for w in range(7) if (weekday == w).any()]
        for w in present[1:]:
            columns.append((weekday == w).astype(float)[:, None])
            names.append(f"weekday:{WEEKDAYS[w]}")
    return np.column_stack(columns), names
