"""Factors: what goes with worse mornings, in plain sentences first and the numbers one click away."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from diary import Diary
from diary.analysis import MIN_DAYS, MIN_LEVEL_DAYS, OUTCOMES, Analysis, FactorEffect
from diary.analysis.registry import LEVEL_COLUMNS, short_label
from diary.safety import NOT_A_DIAGNOSIS, red_flag_advice
from diary.views.factors import gate_text
from diary.views.panels import FACTOR_VIEWS, FactorPanels, factor_views
from diary.wording import day_label, plural
from pages._shared import (
    analysis,
    build_ahead,
    chart_with_takeaway,
    chosen_before_after,
    chosen_tab,
    current_diary,
    factor_panels,
    first_run,
    fold,
    frame,
    red_flag_alert,
    sample_message,
    settings,
    use_app_navigation,
)

if TYPE_CHECKING:
    from diary.views.panels import Panel

OUTCOME_KEY = "outcome"
DATE_KEY = "before_after_date"
NUMBERS_FOLD = "factors_numbers"  # the folded sections' keys (``fold``)
UNCLEAR_FOLD = "factors_unclear"
WAITING_FOLD = "factors_waiting"
VIEW_TABS = "factors_view"  # the tab chosen: which view is drawn
VIEW_LABELS = {
    "effects": "Adjusted effects",
    "levels": "Day by day, per level",
    "lags": "Days before",
    "switches": "Switches",
    "chosen": "Before and after a date",
}
LEVEL_CHOICE = "factors_levels"  # the factor chosen under "Day by day, per level"
RECENT_FLAG_DAYS = 14  # red-flag mornings this recent get their full advice; older ones are counted


def warnings_first(result: Analysis) -> None:
    """Red flags and patterns worth a doctor's visit, above everything else."""
    today = dt.date.today()
    recent = [d for d in result.red_flags if (today - d.date).days < RECENT_FLAG_DAYS]
    older = [d for d in result.red_flags if (today - d.date).days >= RECENT_FLAG_DAYS]
    number = settings().emergency_number
    for day in reversed(recent):
        advice = red_flag_advice(day.flags, number)
        if advice is not None:
            red_flag_alert(advice, day.date)
    if older:
        latest = older[-1]
        st.warning(
            f"Warning symptoms were logged on {plural(len(older), 'earlier morning')} "
            f"(the latest {day_label(latest.date)}). "
            "If a doctor has not seen them yet, mention them: the History page lists the days.",
            icon=":material/warning:",
        )
    for pattern in result.patterns:
        st.warning(f"**Worth a doctor's visit.** {pattern.sentence}", icon=":material/stethoscope:")


def sentence_list(effects: list[FactorEffect], above: str = "") -> None:
    """``above`` (if any), then one item per factor, its note in small print under it: one element.

    One element for the lot, not one per sentence: the browser draws every
    element of a page on every visit, and the factors' sentences were a dozen.
    """
    items = []
    for effect in effects:
        note = effect.note
        if note and "]" not in note:  # a bracket would end the small print early
            note = f":small[{note}]"
        items.append(f"- {effect.sentence}" + (f"  \n  {note}" if note else ""))
    text = "\n\n".join(filter(None, [above, "\n".join(items)]))
    if text:
        st.markdown(text)


def plain_sentences(result: Analysis) -> None:
    """The summary, the supported factors, then what is unclear, not separable or not yet judged."""
    sentence_list(result.supported(), above=result.summary)
    tangled = [f for f in result.factors if f.verdict == "cannot be separated"]
    if tangled:
        sentence_list(
            tangled,
            above="**Cannot be separated.** These factors always changed together in your diary, so it cannot "
            "tell which of them matters. Changing one of them on its own for a week or two would tell them apart.",
        )
    unclear = result.unclear()
    if unclear:
        with fold(f"No clear difference: {plural(len(unclear), 'factor')}", key=UNCLEAR_FOLD) as is_open:
            if is_open:
                st.caption(
                    "Checked, and the interval includes no difference at all: the diary cannot say these "
                    "matter, and cannot rule out a small effect either."
                )
                sentence_list(unclear)
    waiting = [f for f in result.factors if f.verdict == "not enough data"]
    if waiting:
        with fold(f"Not enough data yet: {plural(len(waiting), 'factor')}", key=WAITING_FOLD) as is_open:
            if is_open:
                st.caption(
                    f"A factor is judged once it has at least {MIN_LEVEL_DAYS} days with it and "
                    f"{MIN_LEVEL_DAYS} without (and the diary has at least {MIN_DAYS} days). Until then the "
                    "diary says nothing about it."
                )
                sentence_list(waiting)


def numbers_table(result: Analysis) -> pd.DataFrame:
    """Every factor's figures, for the expander under the sentences."""
    rows = []
    for f in result.factors:
        estimated = f.estimated
        rows.append(
            {
                "Factor": short_label(f.id, result.references),
                "Verdict": f.verdict,
                "Estimate": f.estimate if estimated else None,
                "95 % interval": f"{f.ci_low:+.2f} to {f.ci_high:+.2f}" if estimated else "",
                "q": f.q if estimated else None,
                "Days": f.n,
                "Unit": f.unit,
                "Note": f.note or "",
            }
        )
    return pd.DataFrame(rows)


def numbers(result: Analysis, outcome: str) -> None:
    """The method in a paragraph, and every factor's figures in a table (in "The numbers", once opened)."""
    references = ", ".join(f"{column} {level}" for column, level in result.references.items())
    st.caption(
        f"Method: {result.method}. Allowing for how your pain was going anyway: a slow trend that may "
        "curve, bending where a factor changed only once or twice"
        + (", and the day of the week" if result.time_terms.day_of_week else "")
        + ". Painkillers are left out of the model: one is usually taken because of the morning's pain. "
        f"Estimates are in {OUTCOMES[outcome].units}, per step or per hour where the unit says so"
        + (f"; compared with {references}" if references else "")
        + ". q is the p-value corrected for testing many factors (Benjamini–Hochberg); a verdict needs "
        "q below 0.05 and an interval that excludes 0."
    )
    st.dataframe(
        numbers_table(result),
        hide_index=True,
        width="stretch",
        column_config={
            "Estimate": st.column_config.NumberColumn(format="%+.2f"),
            "q": st.column_config.NumberColumn(format="%.3f"),
        },
    )


def adjusted_effects(forest: Panel, outcome: str) -> None:
    """The forest plot: every estimated factor with its interval."""
    chart_with_takeaway(forest)
    st.caption(
        "Each dot is a factor's estimated effect with every other factor and the slow trend held fixed; the bar "
        "is its 95 % interval. Orange: goes with worse, green: with better, grey: no clear difference."
        + (
            " The dashed lines at ±2 points mark the smallest change in pain people notice."
            if outcome == "pain"
            else ""
        )
    )


def day_by_day(levels: dict[str, Panel]) -> None:
    """The plain distribution of the outcome per level of the factor the person picks."""
    st.caption(
        "Plain distributions of what you logged, before allowing for anything else: the bar covers the middle "
        f"half of the days, | is the median, ● the mean. Levels with fewer than {MIN_LEVEL_DAYS} days are pale."
    )
    column = st.radio(
        "Factor",
        list(levels),
        format_func=lambda name: LEVEL_COLUMNS[name].title if name in LEVEL_COLUMNS else name,
        horizontal=True,
        key=LEVEL_CHOICE,
    )
    chart_with_takeaway(levels[column if column in levels else next(iter(levels))])


def before_and_after(
    diary: Diary, result: Analysis, outcome: str, first_day: dt.date, last_day: dt.date
) -> None:
    """Before and after a date the person picks: the sentence, and the chart when there is a difference."""
    if result.stage == "too few days":
        st.info(f"Comparing before and after a date needs at least {MIN_DAYS} logged days.")
        return
    # A remembered date from a diary that has since changed must stay inside the diary's days.
    chosen = st.session_state.get(DATE_KEY)
    if not isinstance(chosen, dt.date) or not first_day < chosen <= last_day:
        st.session_state[DATE_KEY] = first_day + (last_day - first_day) // 2
    day = st.date_input(
        "Compare the mornings before and from",
        min_value=first_day + dt.timedelta(days=1),
        max_value=last_day,
        key=DATE_KEY,
        format="DD/MM/YYYY",
        help="A new pillow, a course of physiotherapy, a new job: anything you changed on a known day.",
    )
    if isinstance(day, dt.date):
        chosen_result, spec = chosen_before_after(diary, outcome, day)
        st.markdown(chosen_result.sentence)
        if chosen_result.difference is not None:
            st.vega_lite_chart(spec, width="stretch")


# -- the page ----------------------------------------------------------------------

use_app_navigation()
st.title("Factors", anchor=False)
sample_message()
diary = current_diary()
data = frame(diary)

if data.empty:
    first_run(diary, f"Which factors go with worse mornings shows here after {MIN_DAYS} logged days.")
    st.stop()

outcome = st.selectbox(
    "Look at",
    list(OUTCOMES),
    # A label maps to itself: AppTest (and so the benchmark) can select options by their labels.
    format_func=lambda name: OUTCOMES[name].title if name in OUTCOMES else name,
    key=OUTCOME_KEY,
    help="Which part of your mornings to explain. Morning pain is the main one.",
)
result = analysis(diary, outcome)

warnings_first(result)
st.caption(NOT_A_DIAGNOSIS)
gate = gate_text(result.stage, outcome, result.outcome_days)
if result.stage == "too few days":
    st.info(gate, icon=":material/hourglass_top:")
elif gate:
    st.warning(gate, icon=":material/search:")

if result.stage != "too few days":
    st.header("What goes with your mornings", anchor=False)
    plain_sentences(result)
if result.stage != "too few days" and result.factors:  # under 14 days the gate above says it all
    with fold("The numbers", key=NUMBERS_FOLD) as is_open:
        if is_open:
            numbers(result, outcome)


# One view at a time: the browser lays out every chart it is sent, and five at once made the page slow;
# and only the chosen view's charts are built.
available = factor_views(result)
views = {view: label for view, label in VIEW_LABELS.items() if view in available or view == "chosen"}
view, tab = chosen_tab(views, key=VIEW_TABS)
panels = factor_panels(diary, outcome, view) if view in FACTOR_VIEWS else FactorPanels()
with tab:
    if view == "effects" and panels.forest is not None:
        adjusted_effects(panels.forest, outcome)
    elif view == "levels":
        day_by_day(panels.levels)
    elif view == "lags" and panels.lags is not None:
        chart_with_takeaway(panels.lags)
        st.caption(
            "Exertion the day before, 2 days before and 3 days before, all three in the same model as every "
            "other factor, so each is its own share. A filled dot is a day the diary supports once the three "
            "are judged together; a hollow one is not."
        )
    elif view == "switches":
        for switch, spec in panels.switches:
            st.markdown(f"**{switch.label}**, {day_label(switch.date)}")
            st.markdown(switch.sentence)
            st.vega_lite_chart(spec, width="stretch")
    else:
        before_and_after(diary, result, outcome, data["date"].iloc[0].date(), data["date"].iloc[-1].date())

# The other outcomes of this view, built while the person reads this one: changing the outcome is then a
# look-up. At once (not after the quiet moment other pages wait for): each takes a third of a second on a
# long diary, and the outcome box is the next thing on this page a person is likely to touch. Then this
# outcome's other views.
if view in FACTOR_VIEWS:
    build_ahead(
        diary,
        f"factors {view}",
        *(functools.partial(factor_panels, diary, other, view) for other in OUTCOMES if other != outcome),
        *(functools.partial(factor_panels, diary, outcome, other) for other in available if other != view),
        quiet=0,
    )
