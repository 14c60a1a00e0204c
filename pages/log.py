"""Log: this morning in under half a minute, or any past day opened to correct it.

One form, grouped as DESIGN groups the fields. Every widget is keyed by its
column name; ``diary.views.form`` turns the widget values into raw values and
``parse_entry`` judges them. A day that has an entry opens for editing, and
saving it is an explicit, labelled update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import streamlit as st

from diary import Diary, DiaryError, EntryExists, EntryInvalid, EntryNotFound, parse_entry
from diary.entry import EARLIEST_DATE
from diary.fields import FIELD_BY_NAME, Field
from diary.safety import FLAG_LABELS, red_flag_advice
from diary.views import form as entry_form
from pages._shared import (
    LOG_LOADED,
    LOG_OPEN_DAY,
    after_write,
    current_diary,
    first_run,
    mattresses,
    nothing_saved,
    overview,
    red_flag_alert,
    sample_message,
    settings,
    show_error,
    sparkline_spec,
    use_app_navigation,
)

PROBLEMS = "log_problems"  # {column or "": [messages]} from the last save that failed
FLASH = "log_flash"  # what the last successful save said, shown once
YESTERDAY_BOXES = ("lifting", "alcohol", "late_meal", "warm_bath", "cold_exposure", "painkiller")


# -- loading a day into the form --------------------------------------------------


def load_day(diary: Diary, day: dt.date) -> None:
    """Put a day into the form: its entry to edit, or a new entry pre-filled from the closest earlier day."""
    existing = diary.get(day)
    source = None
    if existing is not None:
        values = entry_form.form_values(existing)
    else:
        source = entry_form.prefill_source(diary, day)
        values = entry_form.new_day_values(source)
    for key, value in values.items():
        st.session_state[key] = value
    st.session_state[LOG_LOADED] = {
        "date": day,
        "original": existing,
        "prefilled_from": source.date if source else None,
    }
    st.session_state.pop(PROBLEMS, None)


def save(diary: Diary) -> None:
    """The save button: validate, then add or update, or keep every typed value and say what is wrong."""
    loaded = st.session_state.get(LOG_LOADED)
    if not loaded:
        return
    day, original = loaded["date"], loaded["original"]
    values = {key: st.session_state.get(key) for key in entry_form.FORM_KEYS}
    try:
        raw = entry_form.form_to_raw(values, day=day, known=mattresses(diary), original=original)
        entry = parse_entry(raw)
    except EntryInvalid as exc:
        st.session_state[PROBLEMS] = entry_form.problems_by_field(exc.problems)
        return
    except DiaryError as exc:  # the diary cannot be read (missing, locked...): nothing to save into
        st.session_state[PROBLEMS] = {"": [nothing_saved(exc)]}
        return
    try:
        saved = diary.update(entry) if original is not None else diary.add(entry)
    except EntryExists:
        # Saved from another window or the command line meanwhile: never overwrite it silently.
        st.session_state[LOG_LOADED] = {**loaded, "original": diary.get(day)}
        st.session_state[PROBLEMS] = {"": [entry_form.saved_elsewhere_message(day)]}
        return
    except EntryNotFound:
        st.session_state[LOG_LOADED] = {**loaded, "original": None}
        st.session_state[PROBLEMS] = {"": [entry_form.deleted_meanwhile_message(day)]}
        return
    except DiaryError as exc:
        st.session_state[PROBLEMS] = {"": [nothing_saved(exc)]}
        return
    after_write()
    st.session_state[FLASH] = {
        "message": entry_form.saved_message(saved, updated=original is not None),
        "advice": red_flag_advice(saved.red_flags, settings().emergency_number),
    }
    st.session_state.pop(LOG_LOADED, None)  # the form reloads the saved entry, now for editing


# -- pieces of the page -------------------------------------------------------------


def problems_for(name: str) -> None:
    """The problems the last save found with one field, right under it."""
    for message in st.session_state.get(PROBLEMS, {}).get(name, ()):
        st.error(message, icon="✏️")


def field(name: str) -> Field:
    return FIELD_BY_NAME[name]


def meaning(f: Field) -> str:
    """The column's meaning as a sentence start, for a widget's help."""
    return f.meaning[0].upper() + f.meaning[1:]


def number(name: str, *, step: float = 1) -> None:
    """A number that may stay empty ("not recorded"), limited to the column's range."""
    f = field(name)
    low, high = entry_form.number_range(f)
    shared: dict[str, Any] = {
        "value": None,
        "key": name,
        "help": f"{meaning(f)} ({f.allowed}). Leave empty if you don't know.",
        "placeholder": "not recorded",
    }
    if f.kind == "float":
        st.number_input(
            f.label, min_value=float(low), max_value=float(high), step=float(step), format="%.1f", **shared
        )
    else:
        st.number_input(f.label, min_value=int(low), max_value=int(high), step=int(step), **shared)
    problems_for(name)


def choice(name: str, *, words: Mapping[Any, str] | None = None) -> None:
    """One of the column's choices (or of ``words``' keys, shown as its values), or none."""
    f = field(name)
    options: list[object] = list(words) if words else list(f.choices)
    st.segmented_control(
        f.label,
        options,
        format_func=(lambda v: words[v]) if words else (lambda v: str(v).replace("-", " ")),
        key=name,
        help=f"{meaning(f)}. Click the chosen one again to clear it.",
    )
    problems_for(name)


def several(name: str, *, labels: dict[str, str] | None = None) -> None:
    """Any of the column's choices (a set column)."""
    f = field(name)
    st.pills(
        f.label,
        list(f.choices),
        selection_mode="multi",
        format_func=lambda v: (labels or {}).get(v, v.replace("_", " ")),
        key=name,
        help=f"{meaning(f)}; pick any that apply.",
    )
    problems_for(name)


def yes_no(name: str) -> None:
    """A yes/no question (see diary.views.form for when an unticked box means "no")."""
    f = field(name)
    st.checkbox(f.label, key=name, help=f"{meaning(f)}.")
    problems_for(name)


def time_of_day(name: str) -> None:
    """A time of day, in 5-minute steps, that may stay empty."""
    f = field(name)
    st.time_input(f.label, value=None, step=300, key=name, help=f"{meaning(f)}.")
    problems_for(name)


def show_overview(diary: Diary, today: dt.date) -> None:
    """Warnings from the last week first, then today's status, the last two weeks and the streak."""
    summary = overview(diary, today)
    number_to_call = settings().emergency_number
    for flagged in reversed(summary.red_flags):
        advice = red_flag_advice(flagged.flags, number_to_call)
        if advice is not None:
            red_flag_alert(advice, flagged.date)
    if summary.entry_count == 0:
        first_run(diary, "Or simply log this morning below.")
        return
    status, glance, streak = st.columns([3, 4, 2], vertical_alignment="center")
    with status:
        if summary.logged_today:
            st.success(summary.today_sentence(), icon="✅")
        else:
            st.info(summary.today_sentence(), icon="🌅")
    with glance:
        if summary.recent_logged:
            st.vega_lite_chart(sparkline_spec(diary, today), width="stretch")
        st.caption(summary.recent_sentence())
    with streak:
        st.metric("Logged in a row", summary.streak)
        st.caption(summary.streak_sentence())


# -- the page -------------------------------------------------------------------------


def chosen_day(today: dt.date) -> dt.date:
    """The date picker: today, or the day another page asked to open, or the day picked."""
    opened = st.session_state.pop(LOG_OPEN_DAY, None)
    if isinstance(opened, dt.date):
        st.session_state["date"] = min(opened, today)
    elif not isinstance(st.session_state.get("date"), dt.date):
        st.session_state["date"] = today
    day = st.columns([1, 2])[0].date_input(
        "Which morning",
        key="date",
        min_value=EARLIEST_DATE,
        max_value=today,
        format="YYYY-MM-DD",
        help="Today by default. Pick an earlier date to log a day you missed or to correct one.",
    )
    return day if isinstance(day, dt.date) else today


def form_heading(diary: Diary, day: dt.date, today: dt.date) -> str:
    """Load ``day`` into the form unless it holds it already; say which day it is. Returns the save button's label."""
    loaded = st.session_state.get(LOG_LOADED)
    if not loaded or loaded["date"] != day or "pain" not in st.session_state:
        load_day(diary, day)
        loaded = st.session_state[LOG_LOADED]
    original = loaded["original"]
    if original is not None:
        st.info(entry_form.editing_note(original), icon="✏️")
    else:
        st.caption(entry_form.new_day_note(day, loaded["prefilled_from"]))
    return entry_form.save_label(day, today, editing=original is not None)


def this_morning() -> None:
    st.subheader("This morning", divider="gray")
    st.segmented_control(
        "Morning pain on waking: 0 no pain … 10 worst imaginable",
        list(range(11)),
        key="pain",
        help="How much your back hurt when you woke up: 0 means no pain, 10 the worst pain imaginable. "
        "This is the one thing every entry needs.",
    )
    problems_for("pain")
    minutes, wakings, numb = st.columns(3, vertical_alignment="bottom")
    with minutes:
        number("pain_minutes", step=5)
    with wakings:
        number("night_wakings")
    with numb:
        yes_no("numbness")
    several("pain_areas")
    several("red_flags", labels=FLAG_LABELS)
    st.caption(
        "Warning symptoms: tick any you have this morning. Saving will tell you what to do about them."
    )


def mattress_and_firmness(known: dict[str, str | None]) -> None:
    """The bed: a known mattress (shown with its firmness) or a new name, and the firmness if it changed."""
    bed, firm = st.columns(2)
    with bed:
        st.selectbox(
            field("mattress").label,
            list(known),
            index=None,
            format_func=lambda name: entry_form.mattress_label(name, known),
            accept_new_options=True,
            placeholder="Choose, or type a new name",
            key="mattress",
            help="The bed you slept on. Type a new name for a bed you have not logged before (e.g. Hotel bed).",
        )
        problems_for("mattress")
    with firm:
        st.selectbox(
            field("firmness").label,
            list(field("firmness").choices),
            index=None,
            placeholder="As recorded for this mattress",
            key="firmness",
            help="Leave empty to use the firmness you recorded for this mattress before. "
            "Pick one for a new mattress, or if it changed (a topper).",
        )
        problems_for("firmness")


def last_night(known: dict[str, str | None]) -> None:
    st.subheader("Last night", divider="gray")
    mattress_and_firmness(known)
    position, pillow, legs = st.columns([4, 3, 2], vertical_alignment="bottom")
    with position:
        choice("position")
    with pillow:
        choice("pillow")
    with legs:
        yes_no("legs_elevated")
    bedtime, wake_time, quality = st.columns([2, 2, 5])
    with bedtime:
        time_of_day("bedtime")
    with wake_time:
        time_of_day("wake_time")
    with quality:
        choice("sleep_quality", words=entry_form.SLEEP_QUALITY_WORDS)
    with st.expander("More about the night (optional, as in the Consensus Sleep Diary)"):
        latency, awakenings, awake = st.columns(3)
        with latency:
            number("sleep_latency_min", step=5)
        with awakenings:
            number("awakenings")
        with awake:
            number("awake_minutes", step=5)


def yesterday() -> None:
    st.subheader("Yesterday", divider="gray")
    st.caption(
        "Unticked boxes count as “no” once you answer anything about yesterday; "
        "leave the whole group empty if you don't remember."
    )
    exertion, stress, sitting = st.columns([4, 4, 2], vertical_alignment="bottom")
    with exertion:
        choice("exertion")
    with stress:
        choice("stress")
    with sitting:
        number("sitting_hours", step=0.5)
    several("exercise")
    boxes = st.columns(3)
    for i, name in enumerate(YESTERDAY_BOXES):
        with boxes[i % 3]:
            yes_no(name)


def other() -> None:
    st.subheader("Other", divider="gray")
    weight, tags = st.columns([1, 3])
    with weight:
        number("weight_kg", step=0.1)
    with tags:
        st.text_input(
            field("tags").label,
            key="tags",
            placeholder="e.g. new-pillow, travel",
            help="Your own factors, separated by commas: 1 to 30 lower-case letters, digits, - or _ each.",
        )
        problems_for("tags")
    st.text_area(field("notes").label, key="notes", max_chars=int(field("notes").max_length or 0), height=90)
    problems_for("notes")


def save_problems() -> None:
    """Above the save button after a failed save: problems of no single answer, then how many answers need a change."""
    problems = st.session_state.get(PROBLEMS, {})
    for message in problems.get("", ()):
        st.error(message)
    summary = entry_form.unsaved_summary(problems)
    if summary:
        st.error(summary, icon="🛑")


def last_save() -> None:
    """What the last save said, once; with the advice for any warning symptom ticked."""
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash["message"], icon="✅")
        st.toast(flash["message"], icon="✅")
        if flash["advice"] is not None:
            red_flag_alert(flash["advice"])


def show_page(diary: Diary, today: dt.date) -> None:
    """The Log page: overview, the date, the form, what the last save said."""
    st.title("Log a morning")
    sample_message()
    show_overview(diary, today)
    day = chosen_day(today)
    button_label = form_heading(diary, day, today)
    with st.form("log_form", enter_to_submit=False, border=False):
        problems_for("date")
        this_morning()
        last_night(mattresses(diary))
        yesterday()
        other()
        save_problems()
        st.form_submit_button(
            button_label, key="save", type="primary", icon="💾", on_click=save, args=(diary,)
        )
    last_save()


use_app_navigation()
try:
    show_page(current_diary(), dt.date.today())
except DiaryError as exc:  # e.g. the diary file was damaged or locked while the app was open
    show_error(exc)
