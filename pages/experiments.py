"""Experiments: plan a randomised self-experiment, follow it, and read its answer.

A diary that only watches can rarely say whether the mattress matters: it
changes once, while pain drifts by itself. A planned trial switches back and
forth in random order, so its answer can be trusted (DESIGN "Self-experiments").
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import streamlit as st

from diary import Diary, DiaryError, clock
from diary.trials import Trial, TrialResult, new_trial, schedule
from diary.trials.follow import progress
from diary.trials.judge import answer_if_ended
from diary.trials.limits import DEFAULT_PAIRS, MAX_BLOCK, MAX_DAYS_AHEAD, MAX_PAIRS, MIN_PAIRS, TrialError
from diary.trials.noise import noise_window
from diary.trials.plan import (
    FACTOR_KINDS,
    TAG_KIND,
    check_start,
    condition_choices,
    default_block,
    default_conditions,
    default_washout,
    in_diary_spelling,
    tag_factor,
)
from diary.trials.preview import CALENDAR_COLUMNS, PlanPreview, calendar_rows, preview_plan
from diary.trials.store import (
    cancel_trial,
    current_trial,
    end_trial,
    save_plan,
    without_other_trials,
)
from diary.trials.text import condition_words, plan_heading, plan_title
from diary.views import experiments_words as words
from diary.views.charts.trials import draws_means, trial_nights_chart
from diary.views.form import tidy_tags
from diary.views.panels import spec
from diary.wording import PICKER_FORMAT
from pages._shared import (
    after_write,
    current_diary,
    logged_dates,
    mattresses,
    per_version,
    plain_message,
    show_error,
    trial_results,
    trials,
    use_app_navigation,
)

NOTICE = "experiments_notice"
CONFIRM = "experiments_confirm"  # "end" or "cancel", asked and waiting for the second tap
SHOWN_PLAN = "experiments_shown_plan"  # the planning answers the plan on screen was drawn from
PLAN_DRAFT = "experiments_plan_draft"
# The planning answers typed, in plain session state: {factor kind, or "" for every kind's: {widget key: answer}}.
#
# Streamlit drops a widget's value once a run does not draw it: changing Compare
# (the other kind's boxes are not drawn) or visiting another page would put
# every typed name and number back to its default. So, as the Log page keeps its
# draft (``pages._log_state``), each planning widget copies its answer here when
# it changes, and is given it again before it is drawn; a default only until
# something is typed. Dropped once the plan starts.
EVERY_KIND = ""  # the draft's entry for the answers every factor kind shares
SHARED_KEYS = ("trial_factor", "trial_pairs", "trial_start")


def kind_keys(kind: str) -> tuple[str, ...]:
    """The planning widgets a factor kind draws besides ``SHARED_KEYS``, by key."""
    if kind == "mattress":
        names: tuple[str, ...] = ("trial_a", "trial_b")
    elif condition_choices(kind):
        names = ("trial_a_choice", "trial_b_choice")
    else:
        names = ("trial_tag",) if kind == TAG_KIND else ()
    base = "mattress" if kind == "mattress" else "other"
    return (*names, f"trial_block_{base}", f"trial_washout_{base}")


def _notice() -> None:
    shown = st.session_state.pop(NOTICE, None)
    if shown:
        kind, text = shown
        (st.success if kind == "success" else st.error)(text)


def _ask(action: str) -> None:
    """The first tap on End early or Cancel: ask before weeks of nights are ended."""
    st.session_state[CONFIRM] = action


def _keep() -> None:
    st.session_state.pop(CONFIRM, None)


def _change(diary: Diary, action: str) -> None:
    """End or cancel the current trial (the confirming button's callback)."""
    st.session_state.pop(CONFIRM, None)
    try:
        trial = (cancel_trial if action == "cancel" else end_trial)(diary, clock.today())
    except DiaryError as exc:
        st.session_state[NOTICE] = ("error", plain_message(exc))
        return
    after_write()
    st.session_state[NOTICE] = ("success", words.done(action, plan_heading(trial)))


def _plan_answers() -> dict[str, object]:
    """The answers of the widgets on screen: those every kind shares, and the chosen kind's."""
    kind = str(st.session_state.get("trial_factor"))
    return {key: st.session_state.get(key) for key in (*SHARED_KEYS, *kind_keys(kind))}


def _typed(kind: str, key: str) -> None:
    """A planning widget's ``on_change``: keep its answer in the draft, for its factor kind."""
    st.session_state.setdefault(PLAN_DRAFT, {}).setdefault(kind, {})[key] = st.session_state.get(key)


def kept(kind: str, key: str, default: object) -> dict[str, Any]:
    """A planning widget's ``key`` and ``on_change``, its answer set to the one typed for ``kind`` (else ``default``).

    Set on every run, before the widget is drawn: the kinds share some widgets
    (position and pillow both draw ``trial_a_choice``), and each shows its own answer.
    """
    typed = st.session_state.get(PLAN_DRAFT, {}).get(kind, {})
    st.session_state[key] = typed.get(key, default)
    return {"key": key, "on_change": _typed, "args": (kind, key)}


def _start(diary: Diary, trial: Trial) -> None:
    """Start the plan on screen; an answer changed as Start was tapped (typed, not yet left) starts nothing."""
    if _plan_answers() != st.session_state.get(SHOWN_PLAN):
        st.session_state[NOTICE] = ("error", words.PLAN_CHANGED)
        return
    try:
        save_plan(diary, trial, clock.today())
    except DiaryError as exc:
        st.session_state[NOTICE] = ("error", words.not_started(exc))
        return
    after_write()
    st.session_state[NOTICE] = ("success", words.started(plan_title(trial)))
    st.session_state.pop("trial_seed", None)
    st.session_state.pop(PLAN_DRAFT, None)  # started: the next plan starts afresh


# -- the running trial -----------------------------------------------------------------


def running_trial(diary: Diary, trial: Trial) -> None:
    today = clock.today()
    entries = diary.entries()
    status = trial.status((e.date for e in entries), today)
    st.header(words.YOUR_TRIAL.get(status, words.YOUR_TRIAL["running"]), anchor=False)
    st.markdown(words.running_heading(plan_heading(trial), trial.start, trial.end))
    now = progress(trial, today, entries)
    st.markdown(f"{now.headline()} **{now.tonight_text()}**")
    st.markdown(now.adherence_text())
    st.caption(words.NO_PEEKING)
    with st.expander(words.CALENDAR):
        calendar_table(calendar_rows(trial, schedule(trial), today))
    asked = st.session_state.get(CONFIRM)
    if asked in words.CONFIRM_TEXT:  # the question, then its answers under it
        question = words.CONFIRM_TEXT[asked]
        ending = words.ending_now(answer_if_ended(trial, entries, today)) if asked == "end" else ""
        st.warning(f"{question} {ending}".strip())
        left, right = st.columns(2)
        left.button(
            words.CONFIRM_BUTTON[asked],
            key="trial_confirm",
            type="primary",
            on_click=_change,
            args=(diary, asked),
        )
        right.button(words.KEEP_RUNNING, key="trial_keep", on_click=_keep)
        return
    left, right = st.columns(2)
    if today > trial.end:  # its nights are over, its last morning not logged: nothing to end early
        left.button(words.SEE_NOW, key="trial_end", on_click=_ask, args=("finish",))
    elif today >= trial.start:  # before its first morning there is nothing to end early: only to cancel
        left.button(words.END_EARLY, key="trial_end", on_click=_ask, args=("end",))
    right.button(words.CANCEL, key="trial_cancel", on_click=_ask, args=("cancel",))


# -- planning ---------------------------------------------------------------------------


def _conditions(diary: Diary, kind: str) -> tuple[str, str, str]:
    """The factor id and its two conditions from the widgets, each given the answer typed for ``kind``."""
    left, right = st.columns(2)
    if kind == "mattress":
        # The mattress slept on last, against the one before it (``mattresses``: most recent first).
        first, second = default_conditions(kind, list(mattresses(diary)))
        a = left.text_input(words.MATTRESS_A, **kept(kind, "trial_a", first))
        b = right.text_input(words.MATTRESS_B, **kept(kind, "trial_b", second))
        return kind, a, b
    choices = condition_choices(kind)
    if choices:
        first, second = default_conditions(kind)
        a = left.selectbox(words.CONDITION_A, choices, **kept(kind, "trial_a_choice", first))
        b = right.selectbox(words.CONDITION_B, choices, **kept(kind, "trial_b_choice", second))
        return kind, a, b
    factor = kind
    if kind == TAG_KIND:
        typed = st.text_input(words.TAG_LABEL, **kept(kind, "trial_tag", ""))
        factor = tag_factor(typed)
        tidied = tidy_tags(typed).note()
        if tidied:  # said before Start, as the Log page says it: "New pillow" is kept as new-pillow
            st.caption(tidied)
    return factor, *default_conditions(factor)


def plan_form(diary: Diary) -> None:
    st.header(words.PLAN, anchor=False)
    st.markdown(words.INTRO)
    kind = st.selectbox(
        words.COMPARE,
        FACTOR_KINDS,
        format_func=words.factor_label,
        **kept(EVERY_KIND, "trial_factor", FACTOR_KINDS[0]),
    )
    factor, a, b = _conditions(diary, kind)
    block_key, washout_key = kind_keys(kind)[-2:]
    base = "mattress" if kind == "mattress" else "other"
    cols = st.columns(3)
    pairs = cols[0].number_input(
        words.PAIRS, MIN_PAIRS, MAX_PAIRS, **kept(EVERY_KIND, "trial_pairs", DEFAULT_PAIRS)
    )
    block = cols[1].number_input(
        words.NIGHTS_PER_PERIOD, 1, MAX_BLOCK, **kept(kind, block_key, default_block(base))
    )
    washout = cols[2].number_input(
        words.WASHOUT, 0, MAX_BLOCK - 1, **kept(kind, washout_key, default_washout(base))
    )
    st.caption(words.LIMITS)
    start = st.date_input(
        words.FIRST_MORNING,
        format=PICKER_FORMAT,
        max_value=clock.today() + dt.timedelta(days=MAX_DAYS_AHEAD),
        **kept(EVERY_KIND, "trial_start", clock.today() + dt.timedelta(days=1)),
    )
    # The order is drawn once per plan being prepared, and kept with it when it starts.
    seed = st.session_state.setdefault("trial_seed", secrets.randbelow(2**31))
    try:
        trial = new_trial(
            factor, a, b, pairs=int(pairs), block=int(block), washout=int(washout), start=start, seed=seed
        )
        trial = in_diary_spelling(trial, mattresses(diary))
        check_start(trial, logged_dates(diary), clock.today())  # said now, not only once Start is tapped
    except TrialError as exc:  # no plan to show or start until it is changed: said as a problem, not a note
        st.warning(plain_message(exc), icon=":material/edit:")
        return
    shape = (trial.factor, trial.a, trial.b, trial.pairs, trial.block, trial.washout, trial.start, trial.seed)
    show_preview(plan_preview(diary, *shape, today=clock.today()))
    st.session_state[SHOWN_PLAN] = _plan_answers()
    st.button(words.START, key="trial_start_button", type="primary", on_click=_start, args=(diary, trial))


@per_version(max_entries=8)
def plan_preview(
    diary: Diary,
    factor: str,
    a: str,
    b: str,
    pairs: int,
    block: int,
    washout: int,
    start: dt.date,
    seed: int,
    *,
    today: dt.date,
) -> PlanPreview:
    """What the plan can find, and its calendar (cached per diary version and plan: its figures take a moment,
    and every answer typed on the page runs it again)."""
    trial = new_trial(factor, a, b, pairs=pairs, block=block, washout=washout, start=start, seed=seed)
    # The noise is learnt from the months before the trial: only those are read (not ten years of entries).
    learnt_from = without_other_trials(diary.entries(*noise_window(trial.start)), trials(diary))
    return preview_plan(trial, learnt_from, known=mattresses(diary), today=today)


def calendar_table(rows: list[dict[str, object]]) -> None:
    """A trial's calendar, every column in sight on a phone of 360 px: the pair narrow, the morning as wide as
    its date, the night's condition in the rest (a long mattress name is cut there, and shown whole on a tap)."""
    headings = words.CALENDAR_HEADINGS
    config = {
        "pair": st.column_config.NumberColumn(headings["pair"], width=40),
        "morning": st.column_config.TextColumn(headings["morning"], width=112),
        "night": st.column_config.TextColumn(headings["night"], width=136),
    }
    st.dataframe(rows, hide_index=True, width="stretch", column_config=config, column_order=CALENDAR_COLUMNS)


def show_preview(preview: PlanPreview) -> None:
    for line in preview.sentences()[1:]:
        st.markdown(line)
    with st.expander(words.PLAN_CALENDAR):
        calendar_table(calendar_rows(preview.trial, preview.nights))


# -- results ----------------------------------------------------------------------------


def show_result(result: TrialResult) -> None:
    trial = result.trial
    st.subheader(words.result_heading(plan_heading(trial), trial.start, trial.last_counted), anchor=False)
    st.markdown(result.sentence)
    for note in result.notes:
        st.markdown(f"- {note}")
    if result.nights_logged:
        st.vega_lite_chart(spec(trial_nights_chart(result)), width="stretch")
        a, b = condition_words(trial, trial.a), condition_words(trial, trial.b)
        st.caption(words.chart_caption(a, b, washout=trial.washout > 0, means=draws_means(result)))


def past_results(diary: Diary, *, none_open: bool) -> None:
    """The answers of every finished or early-ended trial, most recent first.

    ``none_open``: no trial is planned or running, so the first answer is the latest trial's.
    """
    results = trial_results(diary, clock.today())
    if not results:
        return
    st.header(words.RESULTS, anchor=False)
    for result in results:
        show_result(result)
        if none_open and result is results[0] and not result.nights_logged:
            # Dated back (maybe by mistake) and never logged: nothing is lost by cancelling it.
            st.button(
                words.CANCEL_UNLOGGED, key="trial_cancel_unlogged", on_click=_change, args=(diary, "cancel")
            )


# -- the page ---------------------------------------------------------------------------

use_app_navigation()
st.title(words.TITLE, anchor=False)
_notice()
diary = current_diary()
try:
    active = current_trial(diary, clock.today(), logged_dates(diary))
    if active is not None:
        running_trial(diary, active)
        past_results(diary, none_open=False)
    else:
        past_results(diary, none_open=True)  # a trial just ended: its answer first, then a new plan
        plan_form(diary)
except DiaryError as exc:
    show_error(exc)
