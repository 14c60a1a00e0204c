"""Every fixed phrase of the Factors page: titles, labels, help and the notes under its charts, defined once.

Testable without Streamlit, and light to import (no pandas). The numbers in
them (the gates' days, the change people notice) are passed in by the page or
by ``diary.views.factors``, which also builds the sentences that depend on the
analysis: the takeaways, the gate, the method paragraph. The factors' and
outcomes' own words are in ``diary.analysis.registry``; the words about
warning symptoms in ``diary.safety``.
"""

from __future__ import annotations

import datetime as dt

from ..wording import FINDINGS_HEADING, Q_MEANING, day_label, plural, verdict_rule
from . import app_words

TITLE = app_words.FACTORS
OUTCOME_LABEL = "Look at"
OUTCOME_HELP = "Which part of your mornings to explain. Morning pain is the main one."
HEADING = FINDINGS_HEADING
NUMBERS = "The numbers"

VIEW_LABELS = {
    "effects": "Adjusted effects",
    "levels": "Day by day, per level",
    "lags": "Days before",
    "switches": "Switches",
    "chosen": "Before and after a date",
}
"""The page's views, one tab each (id → tab label)."""


def first_run(min_days: int) -> str:
    """The last line of an empty diary's welcome."""
    return f"Which factors go with worse mornings shows here after {min_days} logged days."


def older_flags(count: int, latest: dt.date, tally: str) -> str:
    """Warning symptoms logged longer ago than the ones shown with their full advice: each named, in one line."""
    return (
        f"Warning symptoms were logged on {plural(count, 'earlier morning')} "
        f"(the latest {day_label(latest)}): {tally}. "
        "If a doctor has not seen them yet, mention them: the doctor report (Export page) lists them by day."
    )


# -- the sentences, by verdict ---------------------------------------------------------

TANGLED = (
    "**Cannot be separated.** These factors always changed together in your diary, so it cannot "
    "tell which of them matters. Changing one of them on its own for a week or two would tell them apart."
)
UNCLEAR_NOTE = (
    "Checked, and not clear: each one's range includes 0 (no difference), or it does not hold up "
    "once every factor checked is allowed for. The diary cannot say these matter, and cannot rule out a "
    "small effect either."
)


def unclear_fold(count: int) -> str:
    """The folded list of factors with no clear difference."""
    return f"No clear difference: {plural(count, 'factor')}"


def waiting_fold(count: int) -> str:
    """The folded list of factors not judged yet."""
    return f"Not enough data yet: {plural(count, 'factor')}"


def waiting_note(min_level_days: int, min_days: int) -> str:
    """When a factor not judged yet will be."""
    return (
        f"A factor is judged once it has at least {min_level_days} days with it and "
        f"{min_level_days} without (and the diary has at least {min_days} days). Until then the "
        "diary says nothing about it."
    )


# -- the numbers ------------------------------------------------------------------------

FACTOR = "Factor"  # the table's columns
VERDICT = "Verdict"
ESTIMATE = "Estimate"
INTERVAL = "95 % interval"
Q = "q"
DAYS = "Days"
UNIT = "Unit"
NOTE = "Note"
NO_ESTIMATE = "–"
"""What the Estimate cell shows for a factor without one (too few days, or never varied apart): never "None"."""

NARROW_NUMBERS_NOTE = (
    "On a screen this narrow the table shows each factor's estimate and interval; the verdicts are in the "
    "sentences above. A wider screen adds the verdict, q, days, unit and note."
)

UNIT_WORDS = {"indicator": "days with it vs without", "per step": "per step", "per hour": "per hour"}
"""The Unit column in words: a yes/no factor compares the days with it and without it."""


def method_paragraph(
    method: str, units: str, references: str, *, day_of_week: bool, alpha: float, noun: str = "pain"
) -> str:
    """How the figures were found, above the table: the model, what it allows for, units, and when a verdict is given.

    ``references``: the levels compared with ("position back, firmness medium"), or ""; ``noun``: the outcome's.
    """
    return (
        f"Method: {method}. Allowing for how your {noun} was going anyway: a slow trend that may "
        "curve, bending where a factor changed only once or twice"
        + (", and the day of the week" if day_of_week else "")
        + ". Painkillers are left out of the model: one is usually taken because of the morning's pain. "
        f"Estimates are in {units}, per step or per hour where the unit says so"
        + (f"; compared with {references}" if references else "")
        + f". q is {Q_MEANING} (the p-value corrected for testing many factors, Benjamini–Hochberg); "
        f"{verdict_rule(alpha)}."
    )


# -- the views ---------------------------------------------------------------------------


def forest_note(noticed: float | None) -> str:
    """Under the adjusted effects; ``noticed``: the change people notice, drawn as dashed lines (pain only)."""
    return (
        "Each dot is a factor's estimated effect with every other factor and the slow trend held fixed; the bar "
        "is its 95 % interval. Orange: goes with worse, green: with better, grey: no clear difference."
        + (
            f" The dashed lines at ±{noticed:g} points mark the smallest change in pain people notice."
            if noticed is not None
            else ""
        )
    )


def levels_note(min_level_days: int) -> str:
    """Under the plain distributions per level."""
    return (
        "Plain distributions of what you logged, before allowing for anything else: the bar covers the middle "
        f"half of the days, | is the median, ● the mean. Levels with fewer than {min_level_days} days are pale."
    )


LEVEL_CHOICE = "Factor"  # which factor's levels are drawn

LAGS_NOTE = (
    "Exertion the day before, 2 days before and 3 days before, all three in one model with every other "
    "factor, so each is its own share. It takes the mornings with exertion logged on all three days before, "
    "so the day before's number can differ a little from the factor list's, which takes every morning. A "
    "filled dot is a day the diary supports once the three are judged together; a hollow one is not."
)


def lags_wait(min_days: int) -> str:
    """The lag view before exertion can be estimated at all."""
    return (
        f"Exertion needs to be recorded on at least {min_days} days, and to vary, before the days before the "
        "morning can be compared."
    )


def lags_need_days_before(min_days: int) -> str:
    """The lag view when exertion is estimated but too few mornings have the days before them logged."""
    return (
        "Exertion 2 and 3 days before a morning is known only when the days before that morning are logged "
        f"too, and fewer than {min_days} of your mornings have exertion on each of the three days before, so "
        "the three days cannot be compared together yet. Exertion the day before is judged in the factor "
        "list; logging the days in between lets the three be compared."
    )


def lag_list_differs(clear_here: bool) -> str:
    """When the lag view and the factor list judge exertion the day before differently: why."""
    here, there = ("goes clearly", "unclear") if clear_here else ("shows no clear link", "clear")
    return (
        f"Here the day before {here} with your mornings, while “{FINDINGS_HEADING}” calls it {there}: there "
        "it is judged among all your factors on every morning it was logged, and here beside the two other "
        "days, on the mornings with all three logged, so near the line the two can differ. Neither is strong "
        "evidence."
    )


ON_EXPERIMENTS = f"on the {app_words.EXPERIMENTS} page"
"""Where a trial's answer is, said under a switch compared over its nights."""


def switch_heading(label: str, day: dt.date) -> str:
    """Above a switch's sentence and chart: "**Firm mattress**, Tue 5 Aug 2025"."""
    return f"**{label}**, {day_label(day)}"


AVERAGES_TITLE = "Average of the mornings shown"
"""The legend's title over a before/after chart's level lines."""


def average_labels(what: str, from_: str | None, to: str | None) -> tuple[str, str]:
    """The legend's entries for the two sides' level lines: "on Old mattress", or "before" and "after"."""
    if what == "mattress" and from_ and to:
        return f"on {from_}", f"on {to}"
    return "before", "after"


def averages_note(compared: int | None, noun: str = "pain") -> str:
    """Under a before/after chart with level lines; ``compared``: the days the sentence's difference uses, if any."""
    note = (
        "The level lines are the plain averages of the mornings shown, one per side as the legend names them, "
        "each drawn across its own mornings only."
    )
    if compared is None:
        return note
    return (
        f"{note} The difference in the sentence uses all {plural(compared, 'morning')} compared and allows for "
        f"how your {noun} was going anyway, so it can differ from the gap between the lines."
    )


DATE_LABEL = "Compare the mornings before and from"
DATE_HELP = "A new pillow, a course of physiotherapy, a new job: anything you changed on a known day."


def chosen_needs(min_days: int) -> str:
    """Why there is no before-and-after yet."""
    return f"Comparing before and after a date needs at least {min_days} logged days."
