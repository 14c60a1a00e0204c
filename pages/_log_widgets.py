"""The Log form's widgets: the pain scale, the warning symptoms and the folded sections.

Every widget is keyed by its column name (``diary.views.form.FORM_KEYS``) and
calls ``remember`` when it changes, so its answer is kept as a draft when the
person switches pages. What the widgets mean and say comes from ``diary``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import streamlit as st

from diary.entry.fields import FIELD_BY_NAME, PAIN_POINTS, SLEEP_QUALITY_WORDS, Field
from diary.safety import (
    ADVICE_ABOVE,
    SYMPTOMS_HEADING,
    SYMPTOMS_NOTE,
    URGENT_FIRST,
    symptom_advice,
    symptom_label,
    tier_of,
)
from diary.views import form as entry_form
from diary.views import log_words as words
from diary.views.form_sections import SECTIONS
from diary.views.log_sections import night_doubt, section_label, sections_with_problems
from diary.views.markdown import plain
from diary.wording import UNRECORDED
from pages._log_state import GO_TO_PROBLEM, PROBLEMS, REVEAL, TAGS_NOTE, current_values, remember
from pages._parts import fold, fold_is_open, scroll_into_view, tier_message

YESTERDAY_BOXES = ("lifting", "alcohol", "late_meal", "warm_bath", "cold_exposure", "painkiller")


def problems_for(name: str) -> None:
    """The problems the last save found with one answer, right under it (scrolled to, when it is the first).

    Their container is there with or without them (empty, it takes no room), so that what follows keeps its
    place: moved by a failed save, the page below the pain was drawn anew while its old self was still on the
    screen until the run ended (Save twice for a moment).
    """
    messages = st.session_state.get(PROBLEMS, {}).get(name, ())
    with st.container(key=f"problem_{name}"):
        for message in messages:
            st.error(plain(message), icon=":material/edit:")
        if messages and st.session_state.get(GO_TO_PROBLEM) == name:
            # Once: a later rerun leaves the page where it was scrolled.
            st.session_state[GO_TO_PROBLEM] = None
            scroll_into_view(f"problem_{name}", block="center")


def field(name: str) -> Field:
    return FIELD_BY_NAME[name]


def number(name: str, *, step: float = 1) -> None:
    """A number that may stay empty ("not recorded"); its range is said in its help and checked at Save.

    Not given to the widget as bounds: a number typed outside them was then
    refused by the browser alone, and Save stored the entry without it, with no
    word at Save. Checked with the rest of the entry, it is kept in the box and
    named among the problems at Save, its section opened.
    """
    f = field(name)
    shared: dict[str, Any] = {
        "value": None,
        "key": name,
        "help": words.field_help(f),
        "placeholder": UNRECORDED,
        "on_change": remember,
    }
    if f.kind == "float":
        st.number_input(f.label, step=float(step), format="%.1f", **shared)
    else:
        st.number_input(f.label, step=int(step), **shared)
    problems_for(name)


def choice(name: str, *, shown_as: Mapping[Any, str] | None = None) -> None:
    """One of the column's choices (or of ``shown_as``' keys, shown as its values), or none."""
    f = field(name)
    options: list[object] = list(shown_as) if shown_as else list(f.choices)
    st.segmented_control(
        f.label,
        options,
        format_func=(lambda v: shown_as[v]) if shown_as else (lambda v: str(v).replace("-", " ")),
        key=name,
        help=words.field_help(f),
        on_change=remember,
    )
    problems_for(name)


def several(name: str) -> None:
    """Any of the column's choices (a set column)."""
    f = field(name)
    st.pills(
        f.label,
        list(f.choices),
        selection_mode="multi",
        format_func=lambda v: v.replace("_", " "),
        key=name,
        help=words.field_help(f),
        on_change=remember,
    )
    problems_for(name)


def yes_no(name: str) -> None:
    """A yes/no question (see diary.views.form for when an unticked box means "no")."""
    f = field(name)
    st.checkbox(f.label, key=name, help=words.field_help(f), on_change=remember)
    problems_for(name)


def time_of_day(name: str) -> None:
    """A time of day, in 5-minute steps, that may stay empty."""
    f = field(name)
    st.time_input(f.label, value=None, step=300, key=name, help=words.field_help(f), on_change=remember)
    problems_for(name)


# -- always in view: the pain and the warning symptoms ------------------------------------


PAIN_SHOWN = "log_pain_shown"
"""The pain the scale showed chosen when it was last drawn: a tap on it again keeps it (``_pain_tapped``)."""


def _pain_tapped() -> None:
    """A tap on the scale. A segmented control clears its choice when the chosen number is tapped again; a
    morning's pain is never unanswered by a tap, so the number stays chosen (as on a radio scale)."""
    if st.session_state.get("pain") is None and st.session_state.get(PAIN_SHOWN) is not None:
        st.session_state["pain"] = st.session_state[PAIN_SHOWN]
    remember()


def pain_scale() -> None:
    """0–10 on one row: the one answer every entry needs."""
    st.session_state[PAIN_SHOWN] = st.session_state.get("pain")
    st.segmented_control(
        words.PAIN_LABEL,
        list(PAIN_POINTS),
        key="pain",
        width="stretch",
        wrap=False,
        on_change=_pain_tapped,
        help=words.PAIN_HELP,
    )
    problems_for("pain")


def symptom_ticked(flag: str) -> None:
    """A warning symptom's ``on_change``: keep the draft; when it was ticked, bring its advice into view."""
    remember()
    if st.session_state.get(entry_form.FLAG_KEYS[flag]):
        st.session_state[REVEAL] = flag


def warning_symptoms(
    emergency_number: str | None, explained: Collection[str] = (), *, logged_on: str | None = None
) -> None:
    """One checkbox per warning symptom, in a box of its own; a ticked one shows its advice right under it.

    ``explained`` are symptoms whose advice the top of the page shows already
    (just saved): the box points there instead of saying it twice. ``logged_on``:
    the morning's date, when it is before yesterday (``symptom_advice``).
    """
    reveal = st.session_state.pop(REVEAL, None)
    with st.container(border=True, key="red_flags_box"):
        st.markdown(f"**:material/warning: {SYMPTOMS_HEADING}**  \n{SYMPTOMS_NOTE}")  # one element, two lines
        for flag in URGENT_FIRST:
            key = entry_form.FLAG_KEYS[flag]
            ticked = st.checkbox(
                symptom_label(flag), key=key, on_change=symptom_ticked, args=(flag,), width="stretch"
            )
            # There ticked or not (empty, it takes no room), so the symptoms below keep their place: moved, each
            # was drawn anew while its old self was still on the screen until the run ended.
            with st.container(key=f"advice_{flag}"):
                if ticked and flag not in explained:
                    tier_message(
                        tier_of(flag) == "emergency",
                        symptom_advice(flag, emergency_number, logged_on=logged_on),
                    )
                    if flag == reveal:
                        # Just ticked, perhaps at the bottom of a phone's screen: the advice must not stay below.
                        scroll_into_view(f"advice_{flag}", block="nearest")
        with st.container(key="advice_above"):
            if any(st.session_state.get(entry_form.FLAG_KEYS[f]) for f in explained):
                st.markdown(f":material/arrow_upward: {ADVICE_ABOVE}")
        problems_for("red_flags")


# -- folded: the optional sections ---------------------------------------------------------


def more_this_morning() -> None:
    number("pain_minutes", step=5)
    number("night_wakings")
    yes_no("numbness")
    several("pain_areas")


def mattress_and_firmness(known: dict[str, str | None]) -> None:
    """The bed: a known mattress (shown with its firmness) or a new name, and the firmness if it changed.

    A name not logged yet but already chosen (a trial's new mattress filled in, a draft's) is one of the
    choices too, so the box shows it as chosen."""
    chosen = st.session_state.get("mattress")
    st.selectbox(
        field("mattress").label,
        [*known, *([chosen] if isinstance(chosen, str) and chosen and chosen not in known else [])],
        index=None,
        format_func=lambda name: entry_form.mattress_label(name, known),
        accept_new_options=True,
        placeholder=words.MATTRESS_PLACEHOLDER,
        key="mattress",
        on_change=remember,
        help=words.MATTRESS_HELP,
    )
    problems_for("mattress")
    st.selectbox(
        field("firmness").label,
        list(field("firmness").choices),
        index=None,
        placeholder=words.FIRMNESS_PLACEHOLDER,
        key="firmness",
        on_change=remember,
        help=words.FIRMNESS_HELP,
    )
    problems_for("firmness")


def last_night(known: dict[str, str | None]) -> None:
    mattress_and_firmness(known)
    choice("position")
    choice("pillow")
    yes_no("legs_elevated")
    bedtime, wake_time = st.columns(2)
    with bedtime:
        time_of_day("bedtime")
    with wake_time:
        time_of_day("wake_time")
    choice("sleep_quality", shown_as=SLEEP_QUALITY_WORDS)
    st.caption(words.NIGHT_DETAILS)
    number("sleep_latency_min", step=5)
    number("awakenings")
    number("awake_minutes", step=5)
    doubt = night_doubt(current_values())  # asked, never refused: the diary keeps what the person says
    if doubt:
        st.warning(doubt, icon=":material/bedtime:")


def yesterday() -> None:
    st.caption(words.YESTERDAY_NOTE)
    choice("exertion")
    choice("stress")
    number("sitting_hours", step=0.5)
    several("exercise")
    for name in YESTERDAY_BOXES:
        yes_no(name)


def tidy_tags_now() -> None:
    """The tags box's ``on_change``: tidy what was typed at once, and say what changed."""
    tidied = entry_form.tidy_tags(str(st.session_state.get("tags") or ""))
    st.session_state["tags"] = tidied.text
    note = tidied.note()
    if note:
        st.session_state[TAGS_NOTE] = note
    else:
        st.session_state.pop(TAGS_NOTE, None)
    remember()


def other() -> None:
    number("weight_kg", step=0.1)
    st.text_input(
        field("tags").label,
        key="tags",
        placeholder=words.TAGS_PLACEHOLDER,
        on_change=tidy_tags_now,
        help=words.TAGS_HELP,
    )
    note = st.session_state.get(TAGS_NOTE)
    if note:
        st.caption(note)
    problems_for("tags")
    st.text_area(
        field("notes").label,
        key="notes",
        max_chars=int(field("notes").max_length or 0),
        height=90,
        on_change=remember,
    )
    problems_for("notes")


def sections(known: dict[str, str | None], marked: Sequence[str]) -> None:
    """The optional answers, folded; each closed section's label lists what it holds already.

    A section's widgets are drawn only while it is open (``fold``): most
    mornings never open one, and the browser then has a quarter of the page to
    draw. After a failed save, a section holding an answer that needs a change opens.
    """
    values = current_values()
    bodies: dict[str, Callable[[], None]] = {
        "section_morning": more_this_morning,
        "section_night": lambda: last_night(known),
        "section_yesterday": yesterday,
        "section_other": other,
    }
    to_open = sections_with_problems(list(st.session_state.get(PROBLEMS, {})))
    for section in SECTIONS:
        opened = section.key in to_open
        # An open section's label is its title alone: its widgets show the answers. A label that
        # followed them would give the expander a new identity at every answer, and the browser
        # would replace the section's widgets (and what is being typed in them) with new ones.
        label = (
            section.title
            if opened or fold_is_open(section.key)
            else section_label(section, values, marked=[k for k in marked if k in section.keys])
        )
        # Drawn only while open: the answers of a closed section are kept in session state (``hold``).
        with fold(label, key=section.key, expanded=opened) as is_open:
            if is_open:
                bodies[section.key]()
