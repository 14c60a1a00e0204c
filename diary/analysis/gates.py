"""The analysis' gates and thresholds: how many days before it says anything, and what counts.

DESIGN "Analysis": under ``MIN_DAYS`` days, charts only and no effects; a
level with fewer than ``MIN_LEVEL_DAYS`` days on either side is "not enough
data"; under ``CONFIRMATORY_DAYS`` days every verdict is exploratory; a verdict
needs q below ``ALPHA``; ``MEANINGFUL_CHANGE`` points of pain is the change
people notice.
"""

from __future__ import annotations

from typing import Literal

from ..stats import ALPHA as ALPHA  # the diary's one level of evidence, re-exported
from ..wording import MEANINGFUL_CHANGE as MEANINGFUL_CHANGE  # the words' own, re-exported

Stage = Literal["too few days", "exploratory", "confirmatory"]

MIN_DAYS = 14  # fewer: charts only, no effects
CONFIRMATORY_DAYS = 30  # fewer: every verdict is exploratory
MIN_LEVEL_DAYS = 5  # a level needs this many days on either side
MIN_COVERAGE = 0.6  # a factor recorded on fewer of the outcome days is left out
COMPLETE_SHARE = 0.9  # fewer days with every factor recorded: blanks are marked, not dropped
PERSISTENT = 0.7  # day-to-day correlation above which a factor "stays the same for weeks"
ADAPTATION_DAYS = 7  # the body adapts to a new mattress: before/after also without these days
VISIT_DAYS = 14  # a stretch back on the old mattress (or habit) shorter than this is a visit, not a switch
WEAK_CHANGES = 2  # a factor that changed this often or less is weak evidence whatever its numbers


def stage_for(days: int) -> Stage:
    """The gate a diary with ``days`` days of the outcome is at."""
    if days < MIN_DAYS:
        return "too few days"
    if days < CONFIRMATORY_DAYS:
        return "exploratory"
    return "confirmatory"
