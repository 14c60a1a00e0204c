"""What a trial's plan may be: its numbers, its dates, and the errors that name what is not allowed.

Checked when a plan is made (``diary.trials.plan.new_trial``) and when a kept
trial is read back (``Trial.from_record``: the diary's own records, or a
backup's), so that no trial whose schedule cannot be drawn is ever kept.
"""

from __future__ import annotations

import datetime as dt

from ..entry import EARLIEST_DATE, LATEST_DATE
from ..errors import DiaryError
from ..wording import day_label, plural, whole_number_from

MIN_PAIRS, MAX_PAIRS, DEFAULT_PAIRS = 2, 10, 3
MAX_BLOCK = 28
MAX_SEED = 2**63 - 1
MAX_DAYS_AHEAD = 90
"""How far ahead a plan may start: a plan waiting for its first night holds the place of every other trial
(one runs at a time), and a start typed a century out ("2199") would hold it for good."""
ALLOWED = {
    "pairs": whole_number_from(MIN_PAIRS, MAX_PAIRS),
    "block": f"from 1 to {MAX_BLOCK} nights",
    "washout": "0 or more nights, fewer than the block",
    "seed": whole_number_from(0, MAX_SEED),
}
"""What each number of a plan may be, wherever a bad one is named (the planner's check, the command's options)."""


class TrialError(DiaryError):
    """A plan, or a change to a trial, that cannot be made; nothing was saved."""


class TrialRecordError(TrialError):
    """A trial kept with the diary (or in a backup) that cannot be read as one: a value missing or not valid."""

    def __init__(self, reason: str):
        self.reason = reason  # "its trial 't1' has no seed"
        super().__init__(f"A kept trial cannot be read: {reason}.")


def check_design(factor: str, pairs: int, block: int, washout: int) -> None:
    """``TrialError`` for a number of pairs, a block or a washout outside what DESIGN allows."""
    if not MIN_PAIRS <= pairs <= MAX_PAIRS:
        raise TrialError(f"Pairs must be {ALLOWED['pairs']}, not {pairs}.")
    if not 1 <= block <= MAX_BLOCK:
        raise TrialError(f"A block must be {ALLOWED['block']}, not {block}.")
    if washout < 0:
        raise TrialError(f"Washout must be {ALLOWED['washout']}, not {washout}.")
    if washout >= block:
        raise TrialError(
            f"Washout ({plural(washout, 'night')} of getting used to it) must be shorter than the block "
            f"({plural(block, 'night')} per period): otherwise no night of a period would count."
        )


def check_ahead(start: dt.date, today: dt.date) -> None:
    """``TrialError`` for a plan starting more than ``MAX_DAYS_AHEAD`` days after ``today``."""
    latest = today + dt.timedelta(days=MAX_DAYS_AHEAD)
    if start > latest:
        raise TrialError(
            f"The trial cannot start on {day_label(start)}: a plan may start at most {MAX_DAYS_AHEAD} days "
            f"ahead ({day_label(latest)} at the latest), as it holds the place of every other trial until then. "
            "Plan it nearer the time."
        )


def check_seed(seed: int) -> None:
    """``TrialError`` for a seed outside what a kept plan can hold (a whole number from 0 to ``MAX_SEED``)."""
    if not 0 <= seed <= MAX_SEED:
        raise TrialError(f"The seed must be {ALLOWED['seed']}, not {seed}.")


def check_dates(start: dt.date, nights: int) -> None:
    """``TrialError`` for a plan of ``nights`` from ``start`` whose mornings are not all days a diary can hold."""
    if start >= EARLIEST_DATE and (LATEST_DATE - start).days >= nights - 1:
        return
    raise TrialError(
        f"A trial's mornings must be days the diary can hold, {day_label(EARLIEST_DATE)} to "
        f"{day_label(LATEST_DATE)}: this plan of {plural(nights, 'night')} would start on {day_label(start)}."
    )
