"""Factors: what goes with worse mornings, in plain sentences first and the numbers one click away."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

import streamlit as st

from diary import Diary, clock
from diary.analysis import MIN_DAYS, MIN_LEVEL_DAYS, OUTCOMES, Analysis, FactorEffect, Switch
from diary.analysis.patterns import PATTERN_LABEL
from diary.analysis.registry import LEVEL_COLUMNS
from diary.analysis.switches import offered_date
from diary.dashboard.browser_code import screen_width
from diary.safety import NOT_A_DIAGNOSIS, flag_tally, red_flag_advice
from diary.trials.text import trial_answers_switch, trial_of_switch
from diary.views import factors_words as words
from diary.views.factors import (
    flags_by_age,
    forest_caption,
    gate_text,
    method_text,
    narrow_screen,
    no_levels_text,
    numbers_table,
)
from diary.views.panels import FACTOR_VIEWS, FactorPanels, before_after_caption, factor_views
from diary.wording import PICKER_FORMAT
from pages._shared import (
    analysis,
    build_ahead,
    chart_with_takeaway,
    chosen_before_after,
    chosen_tab,
    factor_panels,
    fold,
    open_table_page,
    red_flag_alert,
    settings,
    trials,
)

if TYPE_CHECKING:
    import pandas as pd

    from diary.views.panels import Panel
    from diary.views.vegalite import Spec

OUTCOME_KEY = "outcome"
DATE_KEY = "before_after_date"
NUMBERS_FOLD = "factors_numbers"  # the folded sections' keys (``fold``)
UNCLEAR_FOLD = "factors_unclear"
WAITING_FOLD = "factors_waiting"
VIEW_TABS = "factors_view"  # the tab chosen: which view is drawn
LEVEL_CHOICE = "factors_levels"  # the factor chosen under "Day by day, per level"
NARROW_FACTOR_PX = 150  # "The numbers" on a phone: the factor's column, beside its estimate and interval
NARROW_ROW_PX = 68  # rows taller than 64 px let the grid wrap a cell's text


def warnings_first(result: Analysis) -> None:
    """Red flags and patterns worth a doctor's visit, above everything else."""
    recent, older = flags_by_age(result.red_flags, clock.today())
    number = settings().emergency_number
    for day in recent:
        advice = red_flag_advice(day.flags, number)
        if advice is not None:
            red_flag_alert(advice, day.date)
    if older:
        st.warning(
            words.older_flags(len(older), older[-1].date, flag_tally(older)), icon=":material/warning:"
        )
    for pattern in result.patterns:
        st.warning(f"**{PATTERN_LABEL}.** {pattern.sentence}", icon=":material/stethoscope:")


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
    tangled = result.inseparable()
    if tangled:
        sentence_list(tangled, above=words.TANGLED)
    unclear = result.unclear()
    if unclear:
        with fold(words.unclear_fold(len(unclear)), key=UNCLEAR_FOLD) as is_open:
            if is_open:
                st.caption(words.UNCLEAR_NOTE)
                sentence_list(unclear)
    waiting = result.with_verdict("not enough data")
    if waiting:
        with fold(words.waiting_fold(len(waiting)), key=WAITING_FOLD) as is_open:
            if is_open:
                st.caption(words.waiting_note(MIN_LEVEL_DAYS, MIN_DAYS))
                sentence_list(waiting)


def numbers(result: Analysis) -> None:
    """The method in a paragraph (when a factor was estimated), and every factor's figures in a table.

    In "The numbers", once opened. On a phone's screen (or as narrow a window) the
    table has only the columns that fit it, and says which are left out.
    """
    method = method_text(result)
    if method is not None:
        st.caption(method)
    narrow = narrow_screen(st.context.headers.get("User-Agent") or "", screen_width(st.context.cookies))
    st.dataframe(
        numbers_table(result, narrow=narrow),
        placeholder=words.NO_ESTIMATE,
        hide_index=True,
        width="stretch",
        column_config={
            words.ESTIMATE: st.column_config.NumberColumn(format="%+.2f"),
            # On a phone a long name wraps onto a second line in a narrower column (rows tall enough to wrap).
            **({words.FACTOR: st.column_config.TextColumn(width=NARROW_FACTOR_PX)} if narrow else {}),
        },
        row_height=NARROW_ROW_PX if narrow else None,
    )
    if narrow:
        st.caption(words.NARROW_NUMBERS_NOTE)


def adjusted_effects(forest: Panel, outcome: str) -> None:
    """The forest plot: every estimated factor with its interval (its caption only under a chart)."""
    chart_with_takeaway(forest)
    if forest[0] is not None:
        st.caption(forest_caption(outcome))


def day_by_day(levels: dict[str, Panel], outcome: str) -> None:
    """The plain distribution of the outcome per level of the factor the person picks.

    ``levels`` holds only the factors logged with the outcome: the first of them is
    offered first, and a diary with none gets one sentence saying so.
    """
    if not levels:
        st.info(no_levels_text(outcome))
        return
    if (
        st.session_state.get(LEVEL_CHOICE) not in levels
    ):  # chosen for another outcome, or before the diary changed
        st.session_state.pop(LEVEL_CHOICE, None)
    st.caption(words.levels_note(MIN_LEVEL_DAYS))
    column = st.radio(
        words.LEVEL_CHOICE,
        list(levels),
        format_func=lambda name: LEVEL_COLUMNS[name].title if name in LEVEL_COLUMNS else name,
        horizontal=True,
        key=LEVEL_CHOICE,
    )
    chart_with_takeaway(levels[column if column in levels else next(iter(levels))])


def before_after_drawn(switch: Switch, spec: Spec, outcome: str) -> None:
    """A before/after chart, with the caption saying what its level lines are (when it draws any)."""
    st.vega_lite_chart(spec, width="stretch")
    caption = before_after_caption(switch, spec, outcome)
    if caption is not None:
        st.caption(caption)


def before_and_after(diary: Diary, result: Analysis, outcome: str, logged: pd.Series) -> None:
    """Before and after a date the person picks: the sentence, and the chart when there is a difference.

    ``logged``: the diary's dates, sorted. The date offered first is the logged day nearest the middle with
    days logged near it on both sides (``offered_date``); a remembered one must stay inside the diary's days.
    """
    if result.stage == "too few days":
        st.info(words.chosen_needs(MIN_DAYS))
        return
    first_day, last_day = logged.iloc[0].date(), logged.iloc[-1].date()
    chosen = st.session_state.get(DATE_KEY)
    if not isinstance(chosen, dt.date) or not first_day < chosen <= last_day:
        st.session_state[DATE_KEY] = offered_date([d.date() for d in logged])
    day = st.date_input(
        words.DATE_LABEL,
        min_value=first_day + dt.timedelta(days=1),
        max_value=last_day,
        key=DATE_KEY,
        format=PICKER_FORMAT,
        help=words.DATE_HELP,
    )
    if isinstance(day, dt.date):
        chosen_result, spec = chosen_before_after(diary, outcome, day)
        st.markdown(chosen_result.sentence)
        if chosen_result.difference is not None:
            before_after_drawn(chosen_result, spec, outcome)


def answer(result: Analysis, outcome: str) -> None:
    """The warnings first, then the gate, the factors in plain sentences and (folded) their numbers."""
    warnings_first(result)
    st.caption(NOT_A_DIAGNOSIS)
    gate = gate_text(result.stage, outcome, result.outcome_days)
    if result.stage == "too few days":
        st.info(gate, icon=":material/hourglass_top:")
    elif gate:
        st.warning(gate, icon=":material/search:")
    if result.stage == "too few days":  # under 14 days the gate above says it all
        return
    st.header(words.HEADING, anchor=False)
    plain_sentences(result)
    if result.factors:
        with fold(words.NUMBERS, key=NUMBERS_FOLD) as is_open:
            if is_open:
                numbers(result)


def switch_view(diary: Diary, panels: FactorPanels, outcome: str) -> None:
    """Each switch's before and after, with the trial of the same two named where one ran on its nights."""
    kept = trials(diary)
    for switch, spec in panels.switches:
        st.markdown(words.switch_heading(switch.label, switch.date))
        trial = trial_of_switch(switch, kept)
        st.markdown(
            switch.sentence + (f" {trial_answers_switch(trial, words.ON_EXPERIMENTS)}" if trial else "")
        )
        before_after_drawn(switch, spec, outcome)


def chosen_view(
    diary: Diary, result: Analysis, outcome: str, dates: pd.Series
) -> tuple[str, tuple[str, ...]]:
    """One view at a time: the browser lays out every chart it is sent, and five at once made the page slow;
    and only the chosen view's charts are built. The view shown, and those the diary has."""
    available = factor_views(result)
    views = {
        view: label for view, label in words.VIEW_LABELS.items() if view in available or view == "chosen"
    }
    view, tab = chosen_tab(views, key=VIEW_TABS)
    panels = factor_panels(diary, outcome, view) if view in FACTOR_VIEWS else FactorPanels()
    with tab:
        if view == "effects" and panels.forest is not None:
            adjusted_effects(panels.forest, outcome)
        elif view == "levels":
            day_by_day(panels.levels, outcome)
        elif view == "lags" and panels.lags is not None:
            chart_with_takeaway(panels.lags)
            if panels.lags[0] is not None:  # the note says how to read the dots: only under the chart
                st.caption(words.LAGS_NOTE)
        elif view == "switches":
            switch_view(diary, panels, outcome)
        else:
            before_and_after(diary, result, outcome, dates)
    return view, available


def build_others(diary: Diary, outcome: str, view: str, available: tuple[str, ...]) -> None:
    """The other outcomes of this view, built while the person reads this one: changing the outcome is then a
    look-up. At once (not after the quiet moment other pages wait for): each takes a third of a second on a
    long diary, and the outcome box is the next thing on this page a person is likely to touch. Then this
    outcome's other views."""
    if view not in FACTOR_VIEWS:
        return
    build_ahead(
        diary,
        f"factors {view}",
        *(functools.partial(factor_panels, diary, other, view) for other in OUTCOMES if other != outcome),
        *(functools.partial(factor_panels, diary, outcome, other) for other in available if other != view),
        quiet=0,
    )


# -- the page ----------------------------------------------------------------------

diary, data = open_table_page(words.TITLE, words.first_run(MIN_DAYS), warnings=False)  # warnings_first
outcome = st.selectbox(
    words.OUTCOME_LABEL,
    list(OUTCOMES),
    # A label maps to itself: AppTest (and so the benchmark) can select options by their labels.
    format_func=lambda name: OUTCOMES[name].title if name in OUTCOMES else name,
    key=OUTCOME_KEY,
    help=words.OUTCOME_HELP,
)
result = analysis(diary, outcome)
answer(result, outcome)
view, available = chosen_view(diary, result, outcome, data["date"])
build_others(diary, outcome, view, available)
