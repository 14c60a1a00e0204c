"""Log: this morning in a few taps on a phone, or any past day opened to correct it.

Made for a phone in bed: the morning's pain and Save fit the first screen;
last night is copied from the closest earlier day (and from a running trial's
plan), and every optional answer is folded into a section whose label says
what it holds. Warning symptoms show their advice the moment they are ticked;
after saving, the most urgent advice is the first thing in view, and an
emergency interrupts with a dialog that names the number to call.

Every widget is keyed by its column name; ``diary.views.form`` turns the
widget values into raw values and ``parse_entry`` judges them. A day that has
an entry opens for editing, and saving it is an explicit, labelled update.
Unsaved answers are kept per day over page switches and reloads (``pages._log_state``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

import streamlit as st

from diary import Diary, DiaryError, Entry, EntryExists, EntryInvalid, EntryNotFound, clock, parse_entry
from diary.safety import (
    NUMBER_HELP,
    NUMBER_QUESTION,
    NUMBER_WHY,
    FlaggedDay,
    advice_by_tier,
    by_tier,
    emergency_call,
    ticked_long_ago,
    tier_title,
)
from diary.sources.kept import KeptNight, kept_night, use_kept_night
from diary.trials.follow import Progress
from diary.views import form as entry_form
from diary.views import log_words as words
from diary.views.log_day import day_heading
from diary.views.log_sections import save_bar_problems
from diary.views.log_trial import asked_fields, deviation_note, trial_lines
from diary.views.overview import also_this_week, week_warnings
from diary.wording import day_label
from pages import _log_state as state
from pages._log_day import (
    DATE_PROBLEM,
    DATE_PROBLEM_SAID,
    DATE_TYPED,
    day_choice,
    pick_day,
    take_typed_day,
)
from pages._log_style import SAVE_BAR_PROBLEMS, inject_style, reachable_by_keyboard
from pages._log_widgets import pain_scale, sections, warning_symptoms
from pages._shared import (
    EMERGENCY_ICON,
    after_write,
    analysis,
    build_ahead,
    build_factors_ahead,
    current_diary,
    first_run,
    keep_emergency_number,
    mattresses,
    overview,
    per_version,
    sample_message,
    scroll_into_view,
    settings,
    show_error,
    sparkline,
    tier_message,
    use_app_navigation,
)

NUMBER_NOTICE = "log_number_notice"  # (kind, text) from saving the emergency number here


# -- callbacks (they run before the page is drawn) ----------------------------------------


def save_number() -> None:
    """The first-use prompt's button: keep the emergency number, or say what is wrong."""
    keep_emergency_number(str(st.session_state.get("log_emergency_number") or ""), NUMBER_NOTICE)


def number_entered() -> None:
    """Enter in the number box (or leaving it with a number typed) saves it, as the button does."""
    if str(st.session_state.get("log_emergency_number") or "").strip():
        save_number()


def failed(problems: dict[str, list[str]]) -> None:
    """Keep every typed answer and list the problems at Save (the sections holding them open); the first answer
    with a problem is then scrolled into view, wherever Save was pressed."""
    state.keep_problems(problems)
    st.session_state[state.GO_TO_PROBLEM] = next((key for key in problems if key), None)


def repeated_save(day: dt.date, entry: Entry, original: Entry | None) -> bool:
    """Whether this Save only repeats the one just made (a double tap): the same answers, its message still up.

    The first save's message stays, with its advice and its emergency dialog, instead of being
    replaced by "Updated…" for a write that would change nothing.
    """
    flash = st.session_state.get(state.FLASH)
    if original is None or not flash or flash["day"] != day:
        return False
    return entry.same_values(original)


def typed_day_pending(today: dt.date, held_day: dt.date) -> bool:
    """Save tapped while a date was still in the date box (typed, the box not left): take the date, save nothing.

    Leaving the box for the button sends both at once. Whichever callback runs
    first, Save must not write the answers to the morning the form held before
    the date was taken: the new morning is shown to be checked and saved again.
    """
    if str(st.session_state.get(DATE_TYPED) or "").strip():
        take_typed_day(today)
    problem = st.session_state.get(DATE_PROBLEM)
    if problem and problem != st.session_state.get(DATE_PROBLEM_SAID):  # not a date, not said at Save yet
        # Said beside the box is not enough: a tap on Save right after it is not a choice of the morning held.
        st.session_state[DATE_PROBLEM_SAID] = problem
        failed({"": [words.date_not_taken(problem, held_day)]})
        return True
    chosen = state.chosen_day(today)
    if chosen != held_day:
        failed({"": [words.typed_day_first(chosen)]})
        return True
    return False  # the same morning typed, or a date problem already shown: save the morning held


def save(diary: Diary, today: dt.date) -> None:
    """The save button: validate, then add or update, or keep every typed value and say what is wrong."""
    held = state.loaded()
    if held is None or typed_day_pending(today, held["date"]):
        return
    day, original = held["date"], held["original"]
    values = state.current_values()
    try:
        night = state.trial_progress(diary, today, day)
        asked = asked_fields(night.trial) if night is not None and night.last_night is not None else ()
        raw = entry_form.form_to_raw(values, day=day, known=mattresses(diary), original=original, asked=asked)
        entry = parse_entry(raw)
    except EntryInvalid as exc:
        failed(entry_form.problems_by_field(exc.problems))
        return
    except DiaryError as exc:  # the diary cannot be read (gone, locked, damaged): nothing to save into
        failed({"": [words.nothing_saved(exc)]})
        return
    if repeated_save(day, entry, original):
        return
    try:
        saved = diary.update(entry) if original is not None else diary.add(entry)
    except EntryExists:
        # Saved from another window or the command line meanwhile: never overwrite it silently.
        st.session_state[state.LOG_LOADED] = {**held, "original": diary.get(day)}
        failed({"": [entry_form.saved_elsewhere_message(day)]})
        return
    except EntryNotFound:
        st.session_state[state.LOG_LOADED] = {**held, "original": None}
        failed({"": [entry_form.deleted_meanwhile_message(day)]})
        return
    except DiaryError as exc:
        failed({"": [words.nothing_saved(exc)]})
        return
    after_write()
    state.forget_draft(day)
    # The tags box tidies as it is left; a note from that (or from tidying now) goes with the saved message.
    tidied = entry_form.tidy_tags(str(values.get("tags") or "")).note() or st.session_state.get(
        state.TAGS_NOTE
    )
    st.session_state[state.FLASH] = {
        "day": day,
        "message": entry_form.saved_message(saved, updated=original is not None),
        "flags": saved.red_flags,
        "tags": tidied,
        "dialog": True,  # the emergency dialog, once
        "scroll": True,  # bring the top of the page into view, once
    }
    for done in (state.PROBLEMS, DATE_PROBLEM, DATE_PROBLEM_SAID):  # a refused typed date included: saved
        st.session_state.pop(done, None)
    st.session_state[DATE_TYPED] = ""
    st.session_state.pop(state.LOG_LOADED, None)  # the form reloads the saved entry, now for editing


# -- the top of the page: what the last save said, the number, recent warnings -------------


def emergency_dialog(flags: tuple[str, ...], emergency_number: str | None) -> None:
    """The emergency tier interrupts: a dialog that names the number, and every symptom by tier."""

    def body() -> None:
        st.markdown(f"### {emergency_call(emergency_number)}", anchors=False)  # h3 under the dialog's h2
        if emergency_number:
            label, address = words.call_link(emergency_number)
            st.link_button(
                label,
                address,
                type="primary",
                icon=":material/call:",
                width="stretch",
            )
        for advice in advice_by_tier(flags, emergency_number):
            st.markdown(f"**{advice.headline}** {advice.detail}")
        if st.button(words.DIALOG_CLOSE, key="close_emergency", width="stretch"):
            st.rerun()

    st.dialog(tier_title("emergency", emergency_number), icon=EMERGENCY_ICON, width="medium")(body)()


def last_save(
    emergency_number: str | None, week: tuple[str, str] | None, others: Sequence[FlaggedDay], today: dt.date
) -> bool:
    """What the last save said, at the top: every ticked symptom's advice by tier, most urgent first.

    ``week``: the last week's warnings of the tiers the save has none of, drawn first here when more urgent
    than the save's (True then). ``others``: the last week's other mornings with symptoms, named in the
    advice of their tier (one message per tier).
    """
    flash = st.session_state.get(state.FLASH)
    if not flash:
        return False
    earlier = day_label(flash["day"]) if flash["day"] != today else None
    tiers = advice_by_tier(flash["flags"], emergency_number, logged_on=earlier)
    first = week is not None and week[0] == "emergency" and not any(a.is_emergency for a in tiers)
    with st.container(key="after_save"):
        if week is not None and first:
            tier_message(True, week[1])
        for advice in tiers:
            also = also_this_week(others, advice.tier, today)
            tier_message(
                advice.is_emergency, " ".join(filter(None, (f"**{advice.headline}**", advice.detail, also)))
            )
        st.success(flash["message"], icon=":material/check_circle:")
        if flash["tags"]:
            st.info(flash["tags"], icon=":material/label:")
    if flash["scroll"]:
        flash["scroll"] = False
        scroll_into_view("after_save")  # the advice (or the message) first in view, wherever Save was pressed
    if flash["dialog"] and any(a.is_emergency for a in tiers):
        flash["dialog"] = False
        emergency_dialog(flash["flags"], emergency_number)
    return first


def last_saved_flags(day: dt.date) -> tuple[str, ...]:
    """The warning symptoms of ``day`` whose advice the top of the page shows since it was saved."""
    flash = st.session_state.get(state.FLASH)
    return tuple(flash["flags"]) if flash and flash["day"] == day else ()


def number_prompt() -> None:
    """First use: ask for the emergency number (never assume one)."""
    notice = st.session_state.pop(NUMBER_NOTICE, None)
    with st.container(key="number_notice"):  # always there: the question below keeps its place
        if notice:
            kind, text = notice
            (st.success if kind == "success" else st.error)(text)
    if settings().has_emergency_number:
        return
    with st.container(border=True, key="number_prompt"):
        st.markdown(f"**{NUMBER_QUESTION}** {NUMBER_WHY}")
        with st.container(horizontal=True, vertical_alignment="bottom", key="number_row"):
            st.text_input(
                words.NUMBER_LABEL,
                key="log_emergency_number",
                type="phone",
                max_chars=20,
                placeholder=words.NUMBER_PLACEHOLDER,
                help=NUMBER_HELP,
                label_visibility="collapsed",
                on_change=number_entered,
            )
            st.button(words.SAVE_NUMBER, key="save_emergency_number", on_click=save_number)


def other_warnings(diary: Diary, today: dt.date) -> list[FlaggedDay]:
    """The last week's mornings with warning symptoms, but for the one just saved (``last_save`` shows its advice)."""
    flash = st.session_state.get(state.FLASH)
    saved = flash["day"] if flash and flash["flags"] else None
    return [f for f in overview(diary, today).red_flags if f.date != saved]


def week_warning(
    others: Sequence[FlaggedDay], today: dt.date, emergency_number: str | None
) -> tuple[str, str] | None:
    """Warning symptoms of the last week in one message, grouped by tier: (the most urgent tier, the text).

    The tiers of the day just saved are left out: ``last_save`` names their other mornings in its advice.
    """
    flash = st.session_state.get(state.FLASH)
    saved = {tier for tier, _ in by_tier(flash["flags"])} if flash and flash["flags"] else set()
    return week_warnings(others, today, emergency_number, without=saved)


# -- the day and the form -------------------------------------------------------------------


def day_notes(held: state.Loaded, today: dt.date) -> str:
    """Which morning the form holds and where its answers came from; returns the save button's label."""
    day, original = held["date"], held["original"]
    st.markdown(f"**{day_heading(day, today)}**")
    if held["restored"] and state.has_draft(day):
        # Above the pain, whose answer may be the one not saved: further down (with Discard) it was off a
        # phone's first screen, under the ten warning symptoms, and the morning could seem logged.
        st.caption(f":material/pending: **{entry_form.draft_note(day)}**")
    elif original is not None:  # a line, not a box: the pain question stays on a phone's first screen
        st.caption(f":material/edit: {entry_form.editing_note(original)}")
    else:
        st.caption(entry_form.new_day_note(day, held["prefilled_from"], held["trial_keys"]))
    return entry_form.save_label(day, today, editing=original is not None)


def drafts(held: state.Loaded) -> None:
    """Answers not saved yet: Discard for this day's (kept while away, or over a reload); other days' to open.

    Below the pain question and the warning symptoms, which stay on a phone's first screen above it.
    """
    day = held["date"]
    restored = held["restored"] and state.has_draft(day)  # not once the answers are back to the saved ones
    others = state.other_drafts(day)[: words.DRAFT_DAYS_SHOWN]
    if not (restored or others):
        return
    with st.container(horizontal=True, vertical_alignment="center", key="drafts"):
        if restored:  # its note is under the day, at the top (``day_notes``)
            st.button(
                words.DISCARD_DRAFT,
                key="discard_draft",
                type="tertiary",
                icon=":material/undo:",
                help=words.DISCARD_DRAFT_HELP,
                on_click=state.discard_draft,
                args=(day,),
            )
        if others:
            st.caption(entry_form.other_drafts_note(others))
            for other in others:
                st.button(
                    entry_form.open_draft_label(other),
                    key=f"open_draft_{other.isoformat()}",
                    type="tertiary",
                    icon=":material/edit_calendar:",
                    on_click=pick_day,
                    args=(other,),
                )


def trial_note(diary: Diary, night: Progress | None, today: dt.date) -> bool:
    """A running trial (``night``: where it stands on the form's morning): tonight's condition; a night that
    differs from the plan is said (and whether it does is returned, for the save bar to say too: the note may
    be far above it)."""
    if night is None:
        return False
    lines = trial_lines(night, today)
    if lines:
        st.caption(":material/science: " + " ".join(lines))
    if night.last_night is None:
        return False
    note = deviation_note(night.trial, night.last_night, state.current_values(), mattresses(diary))
    if note:
        st.warning(note, icon=":material/science:")
    return note is not None


@per_version(max_entries=8)
def night_kept_for(diary: Diary, day: dt.date) -> KeptNight | None:
    """The night an import kept aside for ``day``'s morning (cached per diary version)."""
    return kept_night(diary, day)


def use_night(night: KeptNight) -> None:
    """The offer's button: the watch's bedtime, wake time and minutes into the form (saved with the morning)."""
    state.fill_in(use_kept_night(state.current_values(), night))


def kept_night_offer(diary: Diary, held: state.Loaded) -> None:
    """A morning not logged yet whose night came from a watch (an import): said, and one tap to use it."""
    night = None if held["original"] is not None else night_kept_for(diary, held["date"])
    if night is None:
        return
    used = all(st.session_state.get(key) == value for key, value in night.values.items())
    with st.container(key="kept_night"):
        st.info(night.sentence(), icon=":material/watch:")
        st.button(
            words.USED_NIGHT if used else words.USE_NIGHT,
            key="use_kept_night",
            icon=":material/bedtime:",
            disabled=used,
            on_click=use_night,
            args=(night,),
        )


def save_bar(
    diary: Diary, today: dt.date, label: str, emergency_number: str | None, *, off_plan: bool = False
) -> None:
    """Save, always in reach at the bottom of the screen; after a failed save, what stopped it (led by the
    advice of any warning symptom ticked, which the list may cover); on a trial night logged off its
    plan, a line saying so (its note is at the top of the form, maybe out of sight)."""
    with st.container(key="save_bar"):
        failed_with: dict[str, list[str]] = st.session_state.get(state.PROBLEMS, {})
        flags = entry_form.ticked_flags(state.current_values()) if failed_with else ()
        titles = [tier_title(tier, emergency_number) for tier, _ in by_tier(flags)]
        problems = save_bar_problems(failed_with, titles)
        # Always there, so that Save keeps its place: drawn anew, it was on the screen twice for a moment
        # after a failed save.
        with st.container(key="save_bar_notes"):
            if problems:
                st.error(problems, icon=":material/block:")
                reachable_by_keyboard(SAVE_BAR_PROBLEMS)
            elif off_plan:
                st.caption(f":material/science: {words.OFF_PLAN_AT_SAVE}")
        st.button(
            label,
            key="save",
            type="primary",
            icon=":material/save:",
            width="stretch",
            on_click=save,
            args=(diary, today),
        )


def at_a_glance(diary: Diary, today: dt.date) -> None:
    """Today's status, the last two weeks and the streak, below the form."""
    summary = overview(diary, today)
    if summary.entry_count == 0:
        return
    with st.container(key="glance"):
        if summary.logged_today:
            st.success(summary.today_sentence(), icon=":material/check_circle:")
        else:
            st.info(summary.today_sentence(), icon=":material/wb_twilight:")
        if summary.recent_logged:
            st.html(sparkline(diary, today))
        # Sentences, not st.metric: the first page then needs none of the browser code for numbers
        # (the metric's part and the five it loads were the last the first page waited for). One
        # element for both: the browser draws each element of the page on every visit.
        st.markdown(f":small[{summary.recent_sentence()}]  \n**{summary.streak_sentence()}**")


def show_page(diary: Diary, today: dt.date) -> None:
    """The Log page, top to bottom in the order a phone shows it."""
    inject_style()
    st.title(words.TITLE, anchor=False)  # no "link to heading" Tab stop
    sample_message()
    emergency_number = settings().emergency_number
    others = other_warnings(diary, today)
    week = week_warning(others, today, emergency_number)
    # What comes and goes sits in containers that are always there (here, and the trial's notes, the offers
    # and the notes at Save), so that the elements below keep their place from run to run: moved, an element
    # is drawn anew while its old self is still shown until the run ends (the number question, or Save, twice
    # on the screen for a moment).
    with st.container(key="top_notes"):
        drawn = last_save(emergency_number, week, others, today)
    number_prompt()
    with st.container(key="week_notes"):
        if week is not None and not drawn:
            tier_message(week[0] == "emergency", week[1])
    state.start_drafts(diary)
    state.drop_answered_problems()
    day = day_choice(today)
    night = state.trial_progress(diary, today, day)
    held = state.hold(diary, day, night)
    label = day_notes(held, today)
    with st.container(key="trial_notes"):
        off_plan = trial_note(diary, night, today)
    pain_scale()
    warning_symptoms(emergency_number, explained=last_saved_flags(day), logged_on=ticked_long_ago(day, today))
    with st.container(key="offers"):
        drafts(held)
        kept_night_offer(diary, held)
    sections(mattresses(diary), held["trial_keys"])
    save_bar(diary, today, label, emergency_number, off_plan=off_plan)
    if overview(diary, today).entry_count == 0:  # below the form: the first morning needs no scrolling either
        first_run(diary, words.FIRST_RUN_CLOSING)
    at_a_glance(diary, today)
    state.remember()
    build_factors_ahead(diary)  # the page most likely opened next for a finding, ready when it is
    if st.session_state.get(state.FLASH):
        # Just saved: the analysis Factors and the report ask for first is made now, not when a tap waits for it.
        build_ahead(diary, "analysis after a save", functools.partial(analysis, diary), quiet=0, wanted=True)


use_app_navigation()
try:
    show_page(current_diary(), clock.today())
except DiaryError as exc:  # e.g. the diary file was damaged or locked while the app was open
    show_error(exc)
