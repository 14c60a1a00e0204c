"""The note beside a factor that changed only once or twice: weak evidence, and how to confirm it.

One change (a mattress bought, months of high stress that ended) looks the
same as pain easing by itself, or as anything else that changed that week:
the note says so whatever the factor's numbers, and asks for a switch back
only where the diary holds no return already (``checks.weak_factors`` finds
these factors; ``text.effect_sentence`` says when the change cannot be told
apart from how pain was going anyway).
"""

from __future__ import annotations

import pandas as pd

from ..wording import days_text, join_names
from .candidates import Candidate
from .gates import VISIT_DAYS, WEAK_CHANGES
from .registry import held_at
from .runs import Changes, Run
from .text import stretch_text

SWITCH_BACK = " To confirm, switch back for a week."
"""How a yes/no that changed once is confirmed: a mattress, a pillow, a tag."""
GO_BACK = " To confirm, go back to how it was for a week, if you can."
"""How a scale or hours that changed once is confirmed (stress or sleep may not be the person's to choose)."""


def weak_note(f: Candidate, changes: Changes, dates: pd.DatetimeIndex) -> str | None:
    """For a factor that changed for good only once or twice: weak evidence, and how to confirm it.

    Switching back for a week is asked for only when the diary holds no return already. A factor whose
    only other days are short stays (a hotel week) is weak evidence too: the stay brought more than the bed.
    """
    count = len(changes.lasting)
    if count > WEAK_CHANGES:
        return None

    def stay(v: Run) -> str:
        return f"{_held(f, float(v.name))} for " + stretch_text(dates[v.first].date(), dates[v.last].date())

    if count == 0:
        if not changes.visits:
            return None
        those = "that stay" if len(changes.visits) == 1 else "those stays"
        return (
            f"Different only on short stays ({'; '.join(stay(v) for v in changes.visits)}): weak evidence on "
            f"its own, because anything else that went with {those} (a trip, say) would look the same."
        )
    days = days_text(dates[i].date() for i in changes.lasting)
    times = "once" if count == 1 else "twice"
    # Beside short stays (which a switch's comparison pools, "all 3 switches"): the lasting changes, said so.
    aside = f", not counting stays of under {VISIT_DAYS} days" if changes.visits else ""
    text = (
        f"Changed only {times} ({days}){aside}: weak evidence on its own, because anything else that changed "
        "at the same time would look the same."
    )
    if count == WEAK_CHANGES:
        return text + " The change back is already in your diary and counts in the comparison."
    if changes.visits:
        change = changes.lasting[0]
        held = [
            f"a stay before the change ({stay(v)})"
            if v.first < change
            else f"a return to how it was before ({stay(v)})"
            for v in changes.visits
        ]
        which = "which counts" if len(held) == 1 else "which count"
        return text + f" Your diary also holds {join_names(held)}, {which} in the comparison."
    return text + (SWITCH_BACK if f.unit == "indicator" else GO_BACK)


def _held(f: Candidate, value: float) -> str:
    """One side of a stay: "with a soft mattress", "without days tagged travel", "stress the day before at high"."""
    if f.unit == "indicator":
        return f"{'with' if value == 1 else 'without'} {f.label}"
    return held_at(f.id, value)
