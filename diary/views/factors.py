"""What the Factors page draws and says: forest rows, the gate, the warnings, and the one line under each chart.

Pure functions on the analysis (``diary.analysis.analyze``) and its tables
(``level_summary``, ``lag_table``); no streamlit. Words for factors and
outcomes come from ``diary.analysis.registry``; the page's fixed phrases from
``diary.views.factors_words``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from ..analysis import CONFIRMATORY_DAYS, MEANINGFUL_CHANGE, MIN_DAYS, MIN_LEVEL_DAYS, Analysis, FactorEffect
from ..analysis.gates import ALPHA
from ..analysis.registry import LEVEL_COLUMNS, OUTCOMES, level_column, plain_name, short_label
from ..analysis.results import METHOD_IN_WORDS
from ..analysis.text import EXPLORATORY, loose_mark
from ..safety import FlaggedDay
from ..wording import NOTICED, join_names, plural
from . import factors_words as words
from .history import PHONE_MARK, PHONE_WIDTH_PX
from .terminal import interval_figures, q_text
from .trends import Takeaway, row_with_most

FOREST_COLUMNS = ["id", "name", "estimate", "ci_low", "ci_high", "q", "n", "unit", "verdict", "sentence"]


def forest_rows(analysis: Analysis) -> pd.DataFrame:
    """The estimated factors, largest effect first.

    Sorted by the signed estimate, so what goes with a higher outcome is at the
    top and what goes with a lower one at the bottom.
    """
    rows = [
        {
            "id": f.id,
            "name": short_label(f.id, analysis.references),
            "estimate": f.estimate,
            "ci_low": f.ci_low,
            "ci_high": f.ci_high,
            "q": f.q,
            "n": f.n,
            "unit": f.unit,
            "verdict": f.verdict,
            "sentence": f.sentence,
        }
        for f in analysis.factors
        if f.estimated and f.role == "factor"
    ]
    table = pd.DataFrame(rows, columns=FOREST_COLUMNS)
    return table.sort_values(["estimate", "id"], ascending=[False, True], ignore_index=True)


def _names(effects: Sequence[FactorEffect], *, marked: bool = False, exploratory: bool = True) -> str:
    """Factors named as in a sentence: "a soft mattress, sleeping on your stomach and more exertion the day before".

    ``marked``: each with what it is held loosely for, as the analysis' summary names it ("(changed only
    once: weak evidence)"); ``exploratory`` False when the whole list is said to be exploratory already.
    """
    return join_names(
        [
            plain_name(f.id, f.label) + (loose_mark(f, exploratory=exploratory) if marked else "")
            for f in effects
        ]
    )


def forest_takeaway(analysis: Analysis) -> Takeaway:
    """How many factors go with worse and better mornings, and which reach the 2-point change people notice."""
    words = OUTCOMES[analysis.outcome]
    if analysis.stage == "too few days":
        days = analysis.outcome_days
        return Takeaway(
            f"The diary estimates effects from {MIN_DAYS} days on; "
            f"{plural(days, 'morning')} with {words.noun.lower()} "
            f"{'is' if days == 1 else 'are'} logged so far.",
            enough=False,
        )
    rows = forest_rows(analysis)
    if rows.empty:
        return Takeaway(
            "No factor has enough days on both sides to estimate yet: each needs at least "
            f"{MIN_LEVEL_DAYS} days with it and {MIN_LEVEL_DAYS} without.",
            enough=False,
        )
    worse = [f for f in analysis.supported() if f.verdict == "worse"]
    better = [f for f in analysis.supported() if f.verdict == "better"]
    prefix = EXPLORATORY if analysis.stage == "exploratory" else ""
    if not worse and not better:
        return Takeaway(
            f"{prefix}None of the {len(rows)} factors estimated shows a clear link with {words.worse}: "
            "every interval either crosses 0 or is too weak once all of them are tested together."
        )
    clauses = [
        f"{_names(group, marked=True, exploratory=not prefix)} {'goes' if len(group) == 1 else 'go'} with {said}"
        for group, said in ((worse, words.worse), (better, words.better))
        if group
    ]
    text = f"{prefix}Of the {len(rows)} factors estimated, {'; '.join(clauses)}."
    if words.noticed_change is not None:
        text = f"{text} {_noticed(worse + better)}".rstrip()
    return Takeaway(text)


def _sizes(f: FactorEffect) -> tuple[float, float] | None:
    """The near and far end of a factor's interval, in size (no sign)."""
    if f.ci_low is None or f.ci_high is None:
        return None
    near, far = sorted((abs(f.ci_low), abs(f.ci_high)))
    return round(near, 1), round(far, 1)  # as the interval is written


def _noticed(supported: list[FactorEffect]) -> str:
    """Which of the supported yes/no factors reach the change in pain people notice, by their whole interval."""
    surely, maybe, below = [], [], []
    for f in supported:
        sizes = _sizes(f) if f.unit == "indicator" else None
        if sizes is not None and sizes[0] >= MEANINGFUL_CHANGE:
            surely.append(f)
        elif sizes is not None and sizes[1] >= MEANINGFUL_CHANGE:
            maybe.append(f)
        elif sizes is not None:
            below.append(f)
    parts = []
    if surely:
        names = _names(surely)
        verb = "reaches" if len(surely) == 1 else "reach"
        parts.append(f"{names[0].upper()}{names[1:]} {verb} {NOTICED}.")
    change = "that change" if surely else NOTICED  # named once in the paragraph
    # An estimate past the change, its interval reaching below it (3.1: 1.2 to 4.9), is likelier above the
    # change than not: "as large as, or smaller" would understate it.
    either_side = [f for f in maybe if f.estimate is not None and abs(f.estimate) >= MEANINGFUL_CHANGE]
    up_to = [f for f in maybe if f not in either_side]
    if either_side:
        names = _names(either_side)
        parts.append(f"{names[0].upper()}{names[1:]} could be smaller or larger than {change}.")
        change = "that change"
    # Their intervals reach past the change too (as each one's sentence says), their points below it.
    if up_to:
        names = _names(up_to)
        likelier = "it is" if len(up_to) == 1 else "each is"
        parts.append(
            f"{names[0].upper()}{names[1:]} could reach {change} or more, though {likelier} likelier below it."
        )
    if below and not parts:
        parts.append(f"None of the yes/no ones could reach {NOTICED}.")
    return " ".join(parts)


def gate_text(stage: str, outcome: str, days: int) -> str | None:
    """What the Factors page says about its gate (under 14 days, under 30), or ``None`` when none applies."""
    noun = OUTCOMES[outcome].noun
    recorded = (
        f"{days} of the {MIN_DAYS} mornings needed"
        if outcome == "pain"
        else f"{noun} recorded on {days} of the {MIN_DAYS} mornings needed"
    )
    if stage == "too few days":
        return (
            f"**{recorded}.** Under {MIN_DAYS} days the diary shows charts only and estimates no effects: "
            "a few days cannot tell a pattern from chance."
        )
    if stage == "exploratory":
        which = "days logged" if outcome == "pain" else f"days with {noun.lower()} recorded"
        return (
            f"**Exploratory.** Fewer than {CONFIRMATORY_DAYS} {which} ({days}): every result below is a first "
            "look that may well change as you keep logging."
        )
    return None


def level_phrase(column: str, level: str) -> str:
    """ "on a soft mattress", "after sleeping on your stomach", "after a heavy day"."""
    return level_column(column).phrase_of(level)


def not_recorded(nouns: Sequence[str], outcome: str = "pain") -> str:
    """None of the factors named by ``nouns`` is logged on a day with the outcome yet."""
    return f"No {join_names(nouns)} recorded together with {OUTCOMES[outcome].noun.lower()} yet."


def no_levels_text(outcome: str = "pain") -> str:
    """Said once, instead of a chart per factor, when no factor with levels has been logged with the outcome."""
    return not_recorded([level_column(column).noun for column in LEVEL_COLUMNS], outcome)


def levels_takeaway(table: pd.DataFrame, column: str, outcome: str = "pain") -> Takeaway:
    """The highest and lowest plain average among the levels with enough days (``level_summary``'s table)."""
    noun = level_column(column).noun
    words = OUTCOMES[outcome]
    if table.empty:
        return Takeaway(not_recorded([noun], outcome), enough=False)
    if len(table) == 1:
        row = table.iloc[0]
        return Takeaway(
            f"Only {row['level']} logged so far ({plural(int(row['days']), 'day')}): nothing to compare it with yet."
        )
    comparable = table[table["days"] >= MIN_LEVEL_DAYS]
    if len(comparable) < 2:
        return Takeaway(
            f"Fewer than {MIN_LEVEL_DAYS} days for all but at most one {noun}: too few to compare yet."
        )
    high, low = row_with_most(comparable, "mean"), row_with_most(comparable, "mean", least=True)
    left_out = len(table) - len(comparable)
    if words.value_text(high["mean"]) == words.value_text(low["mean"]):  # no highest and lowest to name
        text = (
            f"{words.noun} averaged {words.value_text(high['mean'])} whatever the {noun} "
            f"({plural(len(comparable), 'level')} compared), before allowing for anything else."
        )
    else:
        text = (
            f"{words.noun} averaged {words.value_text(high['mean'])} "
            f"{level_phrase(column, str(high['level']))} ({plural(int(high['days']), 'day')}) and "
            f"{words.value_text(low['mean'])} {level_phrase(column, str(low['level']))} "
            f"({plural(int(low['days']), 'day')}), before allowing for anything else."
        )
    if left_out:
        text += f" {plural(left_out, 'level')} with fewer than {MIN_LEVEL_DAYS} days not compared."
    return Takeaway(text)


def _per_step(value: float, outcome: str) -> str:
    """ "0.4 points more pain", "3 minutes shorter pain"."""
    words = OUTCOMES[outcome]
    return f"{words.number(value)} {words.units} {words.step_more if value >= 0 else words.step_less}"


def _range_text(low: float, high: float, outcome: str) -> str:
    """ "0.3 to 0.7": the interval of a clear lag, in the outcome's units, without signs."""
    words = OUTCOMES[outcome]
    near, far = sorted((abs(low), abs(high)))
    return f"{words.number(near)} to {words.number(far)}"


def lag_takeaway(
    table: pd.DataFrame, outcome: str = "pain", day_before: str | None = None, *, confirmatory: bool = False
) -> Takeaway:
    """Which days before the morning exertion goes with the outcome (``lag_table``), all three judged together.

    ``day_before``: the factor list's verdict on exertion the day before (the
    same exertion, judged among all the factors on its own mornings): where the two disagree, said why.
    ``confirmatory``: the diary has the days the lags wait for (``CONFIRMATORY_DAYS``),
    so lags without numbers beside an estimated day before lack the days before the mornings.
    """
    sparse = confirmatory and day_before in ESTIMATED
    takeaway = _lag_takeaway(table, outcome, days_before_sparse=sparse)
    first = table[table["lag"] == 1] if not table.empty else table
    if day_before not in ESTIMATED or first.empty or pd.isna(first["estimate"].iloc[0]):
        return takeaway
    clear_here = bool(first["clear"].iloc[0])
    if clear_here == (day_before != "unclear"):
        return takeaway
    return Takeaway(f"{takeaway.text} {words.lag_list_differs(clear_here)}", enough=takeaway.enough)


ESTIMATED = ("worse", "better", "unclear")
"""The verdicts of a factor the model estimated (the others: not enough data, tangled)."""


def _lag_takeaway(table: pd.DataFrame, outcome: str, *, days_before_sparse: bool) -> Takeaway:
    estimated = table[table["estimate"].notna()] if not table.empty else table
    if estimated.empty:
        if days_before_sparse:  # the day before is in the model; the two days before it are logged too rarely
            return Takeaway(words.lags_need_days_before(CONFIRMATORY_DAYS), enough=False)
        return Takeaway(words.lags_wait(CONFIRMATORY_DAYS), enough=False)
    clear = estimated[estimated["clear"].astype(bool)]
    if clear.empty:
        return Takeaway(
            "Looking at exertion 1, 2 and 3 days before together, none of them goes clearly with your mornings."
        )
    parts = [
        f"exertion {row['label']}: about {_per_step(float(row['estimate']), outcome)} per step "
        f"({_range_text(float(row['ci_low']), float(row['ci_high']), outcome)})"
        for _, row in clear.iterrows()
    ]
    text = f"Looking at the three days together, what goes with your mornings is {join_names(parts)}."
    quiet = [str(row["label"]) for _, row in estimated.iterrows() if not row["clear"]]
    if quiet:
        text += f" Exertion {' or '.join(quiet)} shows no clear link."
    return Takeaway(text)


# -- the page's warnings, and the numbers under its sentences ------------------------

RECENT_FLAG_DAYS = 14  # red-flag mornings this recent get their full advice; older ones are counted


def flags_by_age(
    flagged: Sequence[FlaggedDay], today: dt.date, days: int = RECENT_FLAG_DAYS
) -> tuple[list[FlaggedDay], list[FlaggedDay]]:
    """The red-flag mornings of the last ``days`` days, newest first (each shown with its advice), and the older ones.

    ``flagged`` is oldest first, as ``Analysis.red_flags``; the older ones keep that order, so the last is the latest.
    """
    recent = [d for d in flagged if (today - d.date).days < days]
    older = [d for d in flagged if (today - d.date).days >= days]
    return recent[::-1], older


NARROW_NUMBERS = (words.FACTOR, words.ESTIMATE, words.INTERVAL)
"""The columns of the figures on a phone's screen: the factor (its unit is in its name) with its estimate and
interval. Its verdict is in the sentences above the table; the other columns need a wider screen."""


def narrow_screen(user_agent: str, width: int | None) -> bool:
    """A phone's screen (or as narrow a window), told as the History table tells it (``history.default_column_set``)."""
    return (width is not None and width < PHONE_WIDTH_PX) or PHONE_MARK in user_agent


def numbers_table(analysis: Analysis, *, narrow: bool = False) -> pd.DataFrame:
    """Every factor's figures, for the table under the sentences (its columns named as the page shows them).

    ``narrow``: only the columns a phone's screen has room for (``NARROW_NUMBERS``).
    """
    rows = []
    for f in analysis.factors:
        estimated = f.estimated
        interval = (
            interval_figures(f.ci_low, f.ci_high)
            if estimated and f.ci_low is not None and f.ci_high is not None
            else ""
        )
        rows.append(
            {
                words.FACTOR: short_label(f.id, analysis.references),
                words.VERDICT: f.verdict,
                # Rounded as shown, so that -0.002 reads +0.00, not -0.00 (-0.0 + 0.0 is 0.0).
                words.ESTIMATE: round(f.estimate, 2) + 0.0 if estimated and f.estimate is not None else None,
                words.INTERVAL: interval,
                words.Q: q_text(f.q) if estimated else "",
                words.DAYS: f.n,
                words.UNIT: words.UNIT_WORDS[f.unit],
                words.NOTE: f.note or "",
            }
        )
    table = pd.DataFrame(rows)
    return table[list(NARROW_NUMBERS)] if narrow and not table.empty else table


def method_text(analysis: Analysis) -> str | None:
    """The method in a paragraph, above the table of figures: what the model allows for, units, references.

    None when no factor was estimated: no model was fitted, so there is no method or reference to describe.
    The references named are those of the factors estimated ("position back" only when a position was).
    """
    if not any(f.estimated for f in analysis.factors):
        return None
    return words.method_paragraph(
        f"{analysis.method}: {METHOD_IN_WORDS}",
        OUTCOMES[analysis.outcome].units,
        analysis.references_named(),
        day_of_week=analysis.time_terms.day_of_week,
        alpha=ALPHA,
        noun=OUTCOMES[analysis.outcome].short_noun,
    )


def forest_caption(outcome: str) -> str:
    """Under the adjusted effects: how to read the dots and bars (and, for pain, the dashed lines)."""
    return words.forest_note(OUTCOMES[outcome].noticed_change)
