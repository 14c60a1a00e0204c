"""The report's sentences, and how long lists are cut so the page stays one page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...safety import FlaggedDay, flag_tally, urgent_first
from ...wording import figure, from_to, plural

if TYPE_CHECKING:
    from ...analysis import FactorEffect

MAX_RED_FLAG_ROWS = 8
MAX_PATTERN_LINES = 4
MAX_SWITCH_LINES = 3
MAX_TRIAL_LINES = 2  # the most recent finished trials; every one is on the Experiments page
MAX_FACTOR_ROWS = 9
MAX_NAMES = 10


@dataclass(frozen=True)
class Limits:
    """How many of each list the page shows; the rest is counted in a line under it."""

    red_flags: int = MAX_RED_FLAG_ROWS
    patterns: int = MAX_PATTERN_LINES
    switches: int = MAX_SWITCH_LINES
    factors: int = MAX_FACTOR_ROWS
    trials: int = MAX_TRIAL_LINES


COMPACT = Limits(red_flags=5, patterns=2, switches=1, factors=5, trials=1)
"""The lists a page too full to be read at its own size shows instead (everything else counted, as before)."""

DISCLAIMER = 'Patient-kept diary, not a diagnosis; its "you" is the patient.'
"""Under the title, and the PDF's subject. The page's sentences are the diary's own, written to the person who keeps it."""


def red_flag_lines(
    flagged: Sequence[FlaggedDay], limit: int = MAX_RED_FLAG_ROWS
) -> tuple[list[FlaggedDay], str]:
    """The red-flag mornings to list, the emergency tier first and each tier newest first (the newest of all
    always among them), and a line about the rest ('' when all are listed): with more than ``limit``
    mornings, the line counts every flag over the whole range so nothing logged goes unmentioned.
    """
    ordered = urgent_first(flagged)
    if len(flagged) <= limit:
        return ordered, ""
    keep = ordered[:limit]
    newest = max(flagged, key=lambda d: d.date)
    if newest not in keep:  # a run of older emergency mornings never hides the latest one
        keep = urgent_first([*keep[:-1], newest])
    emergency = [d for d in flagged if d.tier == "emergency"]
    tiers = f" ({len(emergency)} of the emergency tier)" if emergency else ""
    rest = len(flagged) - len(keep)
    return keep, (
        f"and {plural(rest, 'more red-flag morning')}, listed in the diary CSV (red_flags column). "
        f"In all, {len(flagged)} red-flag mornings from {from_to(flagged[0].date, flagged[-1].date)}{tiers}: "
        f"{flag_tally(flagged)}."
    )


def effect_text(effect: FactorEffect) -> str:
    """An effect in pain points with its 95 % interval, e.g. '+1.4 (+0.8 to +2.0) points per hour'."""
    assert effect.estimate is not None and effect.ci_low is not None and effect.ci_high is not None
    unit = "" if effect.unit == "indicator" else f" {effect.unit}"
    return f"{signed(effect.estimate)} ({signed(effect.ci_low)} to {signed(effect.ci_high)}) points{unit}"


def name_list(names: Sequence[str], limit: int = MAX_NAMES) -> str:
    """Names joined for a sentence, the tail counted: 'a, b, c and 4 more'."""
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def signed(value: float) -> str:
    """A figure of the report with its sign: "+1.4", "−0.3" (a true minus), "+0.04" where "+0.0" would hide it."""
    return figure(value, 1, signed=True).replace("-", "−")
