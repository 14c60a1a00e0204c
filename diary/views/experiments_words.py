"""Every fixed phrase of the Experiments page: labels, hints and notices, defined once and testable without Streamlit.

What a trial says about itself (its title, its reach, its progress, its
answer) is ``diary.trials.text`` and ``diary.trials.follow``; the factors a
trial can compare are named as the diary's own columns are (``diary.entry.fields``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..entry.fields import FIELD_BY_NAME
from ..trials.follow import WASHOUT_NIGHT
from ..trials.limits import MAX_BLOCK, MAX_PAIRS, MIN_PAIRS
from ..trials.text import LOGGED_ONLY
from ..wording import from_to
from . import app_words

if TYPE_CHECKING:
    from ..trials import TrialResult

TITLE = app_words.EXPERIMENTS

# -- the running trial -----------------------------------------------------------------

YOUR_TRIAL = {"planned": "Your trial: planned, not begun yet", "running": "Your trial: running"}
"""The heading of a trial that is planned or running, by its status (``trials.Status``)."""
NO_PEEKING = (
    "No answer is shown before the last night is logged: looking while it runs makes false findings "
    "likely. Ending early gives a result labelled as such."
)
CALENDAR = "The calendar"
CALENDAR_HEADINGS = {"pair": "Pair", "morning": "Morning", "night": "Night"}
"""The trial calendar's column headings, by ``diary.trials.preview.CALENDAR_COLUMNS``."""
END_EARLY = "End early and see the result"
SEE_NOW = f"See the result, {LOGGED_ONLY}"
"""The end button once the trial's nights are over, its last morning not logged: nothing is ended early."""
CANCEL = "Cancel the trial"
CANCEL_UNLOGGED = "Cancel this plan (none of its mornings is logged)"
KEEP_RUNNING = "Keep it running"
CONFIRM_TEXT = {
    "end": (
        "End the trial now? Its result counts only the nights logged so far and says it was ended early; "
        "with under 60 % of the plan's counted nights it cannot judge."
    ),
    "cancel": "Cancel the trial? It then gives no result at all.",
    "finish": (
        "See the result now? It counts the nights logged so far; a missing morning logged later still "
        "counts, and updates it."
    ),
}
"""What End early and Cancel ask before acting, by action."""
CONFIRM_BUTTON = {"end": "Yes, end it now", "cancel": "Yes, cancel it", "finish": "Yes, see it now"}
_DONE = {
    "end": "Ended early; the result below is labelled so.",
    "cancel": "Cancelled; it gives no result.",
    "finish": "Finished; its result is below.",
}

# -- planning ---------------------------------------------------------------------------

PLAN = "Plan a trial"
INTRO = (
    "Is it the mattress, or the way you sleep? Watching alone can rarely tell: a mattress changes once, "
    "usually when the pain is at its worst, and pain then eases by itself. A trial switches back and forth "
    "in pairs of periods, in an order drawn at random, so what it finds can be trusted."
)
COMPARE = "Compare"
MATTRESS_HINT = "(two beds or mattresses)"
OWN_TAG = "Something of your own (a tag)"
MATTRESS_A = "A: a mattress or bed"
MATTRESS_B = "B: the other one"
CONDITION_A = "A"
CONDITION_B = "B"
TAG_LABEL = "Your tag (as on the Log page, e.g. topper)"
PAIRS = "Pairs of periods"
NIGHTS_PER_PERIOD = "Nights per period"
WASHOUT = "Of these, nights to get used to it"
LIMITS = (
    f"Pairs: {MIN_PAIRS} to {MAX_PAIRS}. Nights per period: 1 to {MAX_BLOCK}. "
    "Nights of getting used to it: fewer than a period has."
)
"""Under the plan's three numbers: what each may be (a number typed outside is not taken, and a phone shows no
hover help)."""
FIRST_MORNING = "First morning"
PLAN_CALENDAR = "The calendar this plan draws"
START = "Start this trial"
PLAN_CHANGED = (
    "Not started: the plan changed as you tapped Start (an answer was still being typed). "
    "Check the plan below and tap Start again."
)

# -- results ----------------------------------------------------------------------------

RESULTS = "Results"


def factor_label(kind: str) -> str:
    """A factor as the planner's "Compare" offers it: the diary column's own label ("Sleep position").

    ``kind`` is one of ``diary.trials.plan.FACTOR_KINDS``; a ``tag:`` kind is the person's own.
    """
    if kind.startswith("tag:"):
        return OWN_TAG
    label = FIELD_BY_NAME[kind].label
    return f"{label} {MATTRESS_HINT}" if kind == "mattress" else label


def ending_now(answer: TrialResult) -> str:
    """What End early would give (``answer_if_ended``), in this trial's numbers, under its question."""
    used, counted = answer.nights_used, answer.trial.counted_nights
    said = f"So far {used} of its {counted} counted nights are logged ({round(100 * used / counted)} %)."
    if answer.verdict != "not_enough_nights":
        return said
    return f"{said} Ended now, it cannot judge: at least {answer.trial.nights_needed[0]} are needed, of both conditions."


def done(action: str, title: str) -> str:
    """The notice after End early or Cancel ("end", "cancel"), after the trial's title."""
    return f"{title}: {_DONE[action]}"


def started(title: str) -> str:
    return f"Started: {title}. The Log page says each night's condition."


def not_started(error: Exception) -> str:
    """Start refused (the plan no longer fits the diary, the diary could not be written): why."""
    return f"Not started: {error}"


def running_heading(title: str, start: dt.date, end: dt.date) -> str:
    """The running trial's title (``plan_heading``: it starts the line) and dates, the title in bold (Markdown)."""
    return f"**{title}**, {from_to(start, end)}."


def result_heading(title: str, start: dt.date, last: dt.date) -> str:
    """A result's heading: the trial's title (``plan_heading``: it starts the line) and the mornings that count."""
    return f"{title}, {from_to(start, last)}"


# -- a result's chart of nights -----------------------------------------------------------

NIGHT_COUNTED = {False: "counted", True: WASHOUT_NIGHT}
"""Whether a night counts in the result, by whether it is a night of getting used to it (the chart's tooltip)."""
CHART_MORNING = "Morning"  # the chart's tooltip titles
CHART_CONDITION = "Planned"
CHART_COUNTED = "In the result"


def chart_condition(side: str, condition: str) -> str:
    """A condition as the chart's legend and tooltip name it: "A: sleeping on your back"."""
    return f"{side.upper()}: {condition}"


def chart_caption(a: str, b: str, *, washout: bool = True, means: bool = True) -> str:
    """Under a result's chart of nights; ``a`` and ``b`` are the conditions as a sentence says them.

    ``washout``: the plan has nights of getting used to it, drawn as open rings (said only where there are some).
    ``means``: each condition's average is drawn (only when the result gives a verdict); else why it is not.
    """
    said = [f"Each dot is a morning after a trial night: {a} (A) or {b} (B), as planned."]
    if washout:
        said.append("Open rings are nights of getting used to it (not counted).")
    said.append(
        "Dashed lines are each condition's average."
        if means
        else "No averages are drawn: there are too few nights to judge."
    )
    return " ".join(said)
