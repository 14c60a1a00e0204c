"""The Log page's memory: which day the form holds, the unsaved draft of each day, the running trial.

Streamlit forgets a widget's value once a run does not draw it: switching to
another page would drop every answer typed on the Log page. So every form
widget calls ``remember`` when it changes, which copies the form into a draft
kept in plain session state (not widget state, so it survives), one draft per
day; loading a day into the form brings its draft back. A day's draft is
dropped when it is saved, discarded, or when the form is back to what was
loaded.

A reload starts a new session, with empty session state: so every draft is
also kept in the server's memory, per diary (``KeptDrafts``), and a new
session starts with the drafts kept there. They last until saved or
discarded, or until the dashboard stops; nothing of them is written to disk.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any, TypedDict

import streamlit as st

from diary import Diary, Entry
from diary.trials.follow import Progress, progress
from diary.trials.store import trial_of_morning
from diary.views import form as entry_form
from diary.views.log_trial import planned_values, trial_keys
from pages._shared import LOG_LOADED, LOG_OPEN_DAY, logged_dates, per_version

LOG_DAY = "log_day"  # the morning the form is for (a date), chosen by the day buttons or typed
DRAFTS = "log_drafts"  # {date: widget values} typed but not saved
DRAFTS_OF = "log_drafts_of"  # the diary (its path) whose drafts DRAFTS holds, mirrored in ``KeptDrafts``
PROBLEMS = "log_problems"  # {widget key or "": [messages]} from the last save that failed
PROBLEM_ANSWERS = "log_problem_answers"  # {widget key: value} of each answer with a problem, at that save
GO_TO_PROBLEM = "log_go_to_problem"  # the answer whose problem is scrolled to once, after that save
FLASH = "log_flash"  # what the last save said (and its advice), until another day is picked
TAGS_NOTE = "log_tags_note"  # what tidying the tags changed, shown under the box
REVEAL = "log_reveal"  # the warning symptom just ticked, whose advice is scrolled into view once
FILLED_IN = "log_filled_in"  # (answers before, answers after) the page itself last filled in the form
DRAWN = "log_drawn"  # (day, answers) the form was last drawn with: what tells a request's taps apart
CARRIED = "log_carried"  # (day, answers) tapped along with a typed date, for the morning typed


class Loaded(TypedDict):
    """What ``LOG_LOADED`` holds: the day in the form and what it was loaded from."""

    date: dt.date
    original: Entry | None  # the saved entry being edited, or None for a new day
    prefilled_from: Entry | None  # the earlier day a new day copied last night from
    values: dict[str, object]  # the widget values as loaded (a draft is what differs from them)
    restored: bool  # the form shows a draft kept from before
    trial_keys: tuple[str, ...]  # widget keys filled in from a trial's plan
    shown: dict[str, object]  # the widget values the form was given (the draft, ``values``, a fill-in)
    before: dict[str, object]  # the widget values just before (another morning's, or before the fill-in)
    fresh: bool  # no request has come back since the form was loaded (or filled in)


class KeptDrafts:
    """One diary's unsaved drafts in the server's memory, for the sessions that come after (a reload)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._drafts: dict[dt.date, dict[str, object]] = {}

    def copy(self) -> dict[dt.date, dict[str, object]]:
        with self._lock:
            return {day: dict(values) for day, values in self._drafts.items()}

    def keep(self, day: dt.date, values: dict[str, object]) -> None:
        with self._lock:
            self._drafts[day] = dict(values)

    def drop(self, day: dt.date) -> None:
        with self._lock:
            self._drafts.pop(day, None)

    def days(self) -> set[dt.date]:
        with self._lock:
            return set(self._drafts)


@st.cache_resource(show_spinner=False)
def kept_drafts(path: str) -> KeptDrafts:
    """The drafts kept for the diary at ``path`` while the dashboard runs (one store for every session)."""
    return KeptDrafts()


def _kept() -> KeptDrafts | None:
    path = st.session_state.get(DRAFTS_OF)
    return kept_drafts(path) if isinstance(path, str) else None


def start_drafts(diary: Diary) -> None:
    """Give this session the drafts kept for ``diary`` (every Log run, before the form).

    A new session (a reload) starts with those typed before it. Later, a
    draft saved or discarded in another window (the phone, another tab) is
    dropped here too, so it is not offered again as unsaved.
    """
    path = str(diary.path)
    kept = kept_drafts(path)
    if st.session_state.get(DRAFTS_OF) != path:
        st.session_state[DRAFTS] = kept.copy()
        st.session_state[DRAFTS_OF] = path
        return
    drafts: dict[dt.date, dict[str, object]] = st.session_state.setdefault(DRAFTS, {})
    still_kept = kept.days()
    for day in [day for day in drafts if day not in still_kept]:
        del drafts[day]


def has_draft(day: dt.date) -> bool:
    """Whether ``day`` has answers not saved yet."""
    return day in st.session_state.get(DRAFTS, {})


def other_drafts(day: dt.date) -> list[dt.date]:
    """The other days with answers not saved yet, newest first."""
    return sorted((d for d in st.session_state.get(DRAFTS, {}) if d != day), reverse=True)


def current_values() -> dict[str, object]:
    """The form's widget values as they are now."""
    return {key: st.session_state.get(key) for key in entry_form.FORM_KEYS}


def loaded() -> Loaded | None:
    held: Loaded | None = st.session_state.get(LOG_LOADED)
    return held


def remember() -> None:
    """Keep the form's answers as the draft of its day (every form widget's ``on_change``)."""
    held = loaded()
    if held is None or any(key not in st.session_state for key in entry_form.FORM_KEYS):
        return
    drafts: dict[dt.date, dict[str, object]] = st.session_state.setdefault(DRAFTS, {})
    values = current_values()
    kept = _kept()
    if values == held["values"]:
        if drafts.pop(held["date"], None) is not None and kept is not None:
            kept.drop(held["date"])
    elif drafts.get(held["date"]) != values:
        drafts[held["date"]] = values
        if kept is not None:
            kept.keep(held["date"], values)


def fill_in(values: dict[str, object]) -> None:
    """Put ``values`` into the form from a button's callback, kept as the draft, and guarded like a load.

    The browser may not have taken them in when the next tap is sent, and would
    send back what it showed before with it: ``hold`` puts those back.
    """
    before = current_values()
    for key, value in values.items():
        st.session_state[key] = value
    st.session_state[FILLED_IN] = (before, current_values())
    remember()


def forget_draft(day: dt.date) -> None:
    st.session_state.get(DRAFTS, {}).pop(day, None)
    kept = _kept()
    if kept is not None:
        kept.drop(day)


def discard_draft(day: dt.date) -> None:
    """The draft note's button: drop the day's unsaved answers and load the day afresh."""
    forget_draft(day)
    st.session_state.pop(LOG_LOADED, None)


def chosen_day(today: dt.date) -> dt.date:
    """The morning the form is for: one another page asked to open, or the last one picked, or today."""
    opened = st.session_state.pop(LOG_OPEN_DAY, None)
    if isinstance(opened, dt.date):
        pick(min(opened, today))
    day = st.session_state.get(LOG_DAY)
    if not isinstance(day, dt.date) or day > today:
        day = st.session_state[LOG_DAY] = today
    return day


def keep_problems(problems: dict[str, list[str]]) -> None:
    """List a failed save's problems (widget key or "" → messages), with the answers they were found in."""
    st.session_state[PROBLEMS] = problems
    st.session_state[PROBLEM_ANSWERS] = {key: st.session_state.get(key) for key in problems if key}


def drop_answered_problems() -> None:
    """Forget the problem of an answer changed since the failed save: Save checks the new one.

    "Morning pain is missing" went on being said beside the pain just chosen, and the list at Save
    (kept at the bottom of the screen) stayed until Save was pressed again. A problem of no single
    answer (key "") stays until then.
    """
    problems: dict[str, list[str]] | None = st.session_state.get(PROBLEMS)
    if not problems:
        return
    answers: dict[str, object] = st.session_state.get(PROBLEM_ANSWERS, {})
    left = {
        key: messages
        for key, messages in problems.items()
        if not key or key not in answers or st.session_state.get(key) == answers[key]
    }
    if left != problems:
        st.session_state[PROBLEMS] = left


def pick(day: dt.date, *, typed: bool = False) -> None:
    """Make ``day`` the form's morning (keeping the draft of the one it held).

    ``typed``: the day was typed in the date box. The box sends its date as it
    is left, so the tap that leaves it (a pain number, a warning symptom) comes
    in the same request: that answer is for the morning typed, and goes with it
    instead of into the draft of the morning the form held.
    """
    held = loaded()
    if typed and held is not None and held["date"] != day:
        carry_taps(held, day)
    remember()
    if st.session_state.get(LOG_DAY) != day:
        st.session_state.pop(FLASH, None)
        st.session_state.pop(PROBLEMS, None)
    st.session_state[LOG_DAY] = day


def carry_taps(held: Loaded, day: dt.date) -> None:
    """Move the answers changed since the form was last drawn from ``held``'s morning to ``day``."""
    drawn: tuple[dt.date, dict[str, object]] | None = st.session_state.get(DRAWN)
    if drawn is None or drawn[0] != held["date"]:
        return
    taps = {key: value for key, value in current_values().items() if value != drawn[1].get(key)}
    for key in taps:
        st.session_state[key] = drawn[1].get(key)
    st.session_state[CARRIED] = (day, taps)


@per_version(max_entries=8)
def trial_progress(diary: Diary, today: dt.date, morning: dt.date) -> Progress | None:
    """The trial of ``morning`` (``trial_of_morning``: the running one, or a finished one whose morning is
    logged late) as seen on that morning (cached per diary version)."""
    trial = trial_of_morning(diary, today, morning, logged_dates(diary))
    if trial is None:
        return None
    return progress(trial, morning, diary.entries(trial.start, min(morning, trial.end)))


def hold(diary: Diary, day: dt.date, night: Progress | None) -> Loaded:
    """The form holding ``day``: as it is, or loaded afresh when it held another day or its widgets were dropped."""
    held = loaded()
    if held is not None and held["date"] == day and all(k in st.session_state for k in entry_form.FORM_KEYS):
        if held["fresh"]:
            held["fresh"] = False
            undo_stale(held)
        filled: tuple[dict[str, object], dict[str, object]] | None = st.session_state.pop(FILLED_IN, None)
        if filled is not None:  # answers a button just put in: guarded as a morning loaded is
            held["before"], held["shown"] = filled
            if current_values() == held["shown"]:
                held["fresh"] = True  # this is the button's own run: the next request is guarded
            else:
                undo_stale(held)  # the button's own run was cut short by the next request: this is it
        # Set every answer anew, every run. Streamlit drops the value of a widget a run does not draw:
        # so the answers of a closed section (``fold``), whose widgets are not drawn, are kept. And a page
        # link clicked while a text box still has the focus makes Streamlit show the other page for an
        # instant and come back here with the browser's widgets blank while this session still holds
        # the answers; set anew, they are shown again.
        for key in entry_form.FORM_KEYS:
            st.session_state[key] = st.session_state[key]
    else:
        held = load(diary, day, night)
    st.session_state[DRAWN] = (day, current_values())
    return held


def load(diary: Diary, day: dt.date, night: Progress | None) -> Loaded:
    """Put ``day`` into the form: its draft if one is kept, else its entry, else a new day pre-filled.

    A new day copies last night's slowly changing answers from the closest
    earlier day, and a running trial's plan for the night that ended on it.
    """
    existing = diary.get(day)
    source = None
    marked: tuple[str, ...] = ()
    if existing is not None:
        values = entry_form.form_values(existing)
    else:
        source = entry_form.prefill_source(diary, day)
        values = entry_form.new_day_values(source)
        if night is not None and night.last_night is not None and night.trial.drawn_ahead_of(day):
            values |= planned_values(night.trial, night.last_night, values)
            marked = trial_keys(night.trial)
    draft: dict[str, Any] | None = st.session_state.get(DRAFTS, {}).get(day)
    carried: tuple[dt.date, dict[str, object]] | None = st.session_state.pop(CARRIED, None)
    taps = carried[1] if carried is not None and carried[0] == day else {}
    before = current_values() | taps  # what the browser shows: the morning before, and the taps
    shown = dict(draft or values) | taps
    for key, value in shown.items():
        st.session_state[key] = value
    held: Loaded = {
        "date": day,
        "original": existing,
        "prefilled_from": source,
        "values": values,
        "restored": draft is not None,
        "trial_keys": marked,
        "shown": shown,
        "before": before,
        "fresh": True,
    }
    st.session_state[LOG_LOADED] = held
    st.session_state.pop(TAGS_NOTE, None)
    if taps:
        remember()  # the taps are the new morning's draft
    return held


TAPPED_FIRST = ("pain", *entry_form.FLAG_KEYS.values())
"""The answers at the top of the form: what a person taps first, never taken for a stale one."""


def undo_stale(held: Loaded) -> None:
    """Put back answers a browser sent from the morning the form held before (the first request after a load).

    The browser does not always take a new morning's values into a select box or
    a row of buttons at once: the next tap can send the answer shown for the
    previous morning (its pain, position, mattress, pillow) along with the tap
    itself. Taken as sent, it would be saved over the new morning's own. So, in
    the first request after loading, an answer that changed back to exactly what
    the form held before counts as sent back; one tap changes one answer, so:

    - another answer changed too (the tap): every answer sent back is put back;
    - only answers sent back changed: the tap is one of them, and a lone one is
      kept; of several, the pain or a warning symptom (what is tapped first on
      a morning) is kept, the others are put back.
    """
    now = current_values()
    changed = [key for key, value in now.items() if value != held["shown"].get(key)]
    sent_back = [
        key
        for key in changed
        if now[key] == held["before"].get(key) and held["before"].get(key) != held["shown"].get(key)
    ]
    if len(sent_back) == len(changed):  # no other tap among them: one of these is the tap
        if len(changed) < 2:
            return
        sent_back = [key for key in sent_back if key not in TAPPED_FIRST]
    for key in sent_back:
        st.session_state[key] = held["shown"][key]
