"""The Log page's day: Today and Yesterday one tap away, any other morning typed and taken at once.

The typed box keeps a refused date with its reason, even over a visit to
another page (Streamlit forgets a widget a run did not draw). A day tapped
after that empties the box: the refused text left there would otherwise be
taken again by the next Save, which then saved nothing.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from diary.views import log_words as words
from diary.views.log_day import (
    TYPED_DATE_EXAMPLE,
    TYPED_DATE_HELP,
    TYPED_DATE_LABEL,
    NotADate,
    last_years_note,
    read_day,
)
from diary.views.markdown import plain_message
from pages import _log_state as state

DATE_TYPED = "date_typed"  # the box a date can be typed into
DATE_PROBLEM = "log_date_problem"  # why the typed date was not taken
DATE_REFUSED = "log_date_refused"  # that date as typed: back in its box after a visit to another page
DATE_PROBLEM_SAID = "log_date_problem_said"  # that reason, once Save has said it too (the next Save is meant)
DATE_NOTE = "log_date_note"  # (day, note): a date typed without its year opened last year's


def pick_day(day: dt.date) -> None:
    """A day button (or a draft's): that morning, and the date box emptied of a date it refused."""
    state.pick(day)
    for refused in (DATE_PROBLEM, DATE_PROBLEM_SAID, DATE_REFUSED, DATE_NOTE):
        st.session_state.pop(refused, None)
    st.session_state[DATE_TYPED] = ""


def take_typed_day(today: dt.date) -> None:
    """The typed date, taken as soon as it is entered (Enter or leaving the box)."""
    text = str(st.session_state.get(DATE_TYPED) or "").strip()
    if not text:
        return
    try:
        day = read_day(text, today)
    except NotADate as exc:
        st.session_state[DATE_PROBLEM], st.session_state[DATE_REFUSED] = plain_message(exc), text
        return
    state.pick(day, typed=True)
    st.session_state.pop(DATE_PROBLEM, None)
    st.session_state.pop(DATE_PROBLEM_SAID, None)
    st.session_state[DATE_NOTE] = (day, last_years_note(text, day, today))
    st.session_state[DATE_TYPED] = ""


def day_choice(today: dt.date) -> dt.date:
    """Today and Yesterday one tap away; any other morning typed, taken at once."""
    day = state.chosen_day(today)
    yesterday = today - dt.timedelta(days=1)
    with st.container(horizontal=True, vertical_alignment="bottom", key="day_row"):
        for label, key, which in (
            (words.TODAY, "day_today", today),
            (words.YESTERDAY, "day_yesterday", yesterday),
        ):
            st.button(
                label,
                key=key,
                type="primary" if day == which else "secondary",
                on_click=pick_day,
                args=(which,),
            )
        if DATE_TYPED not in st.session_state and st.session_state.get(DATE_PROBLEM):  # Streamlit forgot it
            st.session_state[DATE_TYPED] = st.session_state.get(DATE_REFUSED, "")
        st.text_input(
            TYPED_DATE_LABEL,
            key=DATE_TYPED,
            placeholder=TYPED_DATE_EXAMPLE,
            help=TYPED_DATE_HELP,
            on_change=take_typed_day,
            args=(today,),
            label_visibility="collapsed",
            width=170,
        )
    problem = st.session_state.get(DATE_PROBLEM)
    if problem:
        st.error(problem, icon=":material/event_busy:")
    elif (noted := st.session_state.get(DATE_NOTE)) and noted[0] == day and noted[1]:
        st.info(noted[1], icon=":material/history:")
    return day
