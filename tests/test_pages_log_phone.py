"""The Log page as it is used on a phone, through AppTest: warnings, the emergency number, the draft, the day, a trial."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pytest
from streamlit.testing.v1 import AppTest

from diary.safety import ADVICE_ABOVE, FLAG_LABELS, NUMBER_QUESTION, TIERS, URGENT_FIRST, tier_of
from diary.settings import Settings, load_settings, save_settings
from diary.storage import Diary
from diary.trials.plan import new_trial, night_on
from diary.trials.store import save_plan
from diary.views.form import FLAG_KEYS, draft_note, other_drafts_note
from diary.views.form_sections import SECTIONS
from diary.views.log_day import day_heading
from diary.views.log_words import OFF_PLAN_AT_SAVE
from diary.wording import day_label
from pages._parts import OPEN_FOLDS

from . import apptest_support
from .apptest_support import TODAY, date_reads, days_ago, entry, open_app, shown, texts

app_diary = apptest_support.app_diary


def heading(at: AppTest) -> str:
    found = [m.value.strip("*") for m in at.markdown if m.value.startswith("**Morning of ")]
    assert len(found) == 1, texts(at.markdown)
    return found[0]


def tick(at: AppTest, *flags: str) -> AppTest:
    for flag in flags:
        at.checkbox(key=FLAG_KEYS[flag]).check()
    return at


def dialog(at: AppTest) -> Any:
    """The open dialog block, or None."""

    def find(node: Any) -> Any:
        if getattr(node, "type", "") == "dialog":
            return node
        for child in getattr(node, "children", {}).values():
            if (found := find(child)) is not None:
                return found
        return None

    return find(at._tree)


def top_of_page(at: AppTest) -> list[Any]:
    """The elements drawn right under the title, before anything else: what is first in view."""
    main = list(at.main.children.values())
    assert type(main[0]).__name__ == "Title"
    after_title = main[1]
    if not hasattr(after_title, "children"):
        return [after_title]
    children = list(after_title.children.values())
    # the container kept at the top for what comes and goes: what the last save said is inside it
    said = [c for c in children if str(getattr(getattr(c, "proto", None), "id", "")).endswith("-after_save")]
    return list(said[0].children.values()) if said else children


def save_bar(at: AppTest) -> list[Any]:
    """The elements beside the Save button (in its bar)."""

    def find(node: Any) -> Any:
        children = getattr(node, "children", {})
        if any(getattr(c, "key", None) == "save" for c in children.values()):
            return node
        for child in children.values():
            if (found := find(child)) is not None:
                return found
        return None

    shown: list[Any] = []
    for child in find(at._tree).children.values():
        notes = str(getattr(getattr(child, "proto", None), "id", "")).endswith("-save_bar_notes")
        shown.extend(child.children.values() if notes else [child])  # the notes' container, always there
    return shown


# -- the emergency number -----------------------------------------------------------------------


def test_first_use_asks_for_the_emergency_number_and_saving_it_works(app_diary: Diary) -> None:
    at = open_app()
    assert any(NUMBER_QUESTION in m for m in texts(at.markdown))
    assert at.text_input(key="log_emergency_number").value in ("", None)
    # Advice works before a number is given: it names no number, it says to call the local one.
    tick(at, "leg_weakness").run()
    assert any("Call emergency services now (your local emergency number)." in e for e in texts(at.error))
    assert not any("112" in e for e in texts(at.error))

    at.text_input(key="log_emergency_number").set_value("call mum")
    at.button(key="save_emergency_number").click().run()
    assert any("Not saved" in e and "not a phone number" in e for e in texts(at.error))
    assert load_settings().emergency_number is None

    at.text_input(key="log_emergency_number").set_value(" 999 ")
    at.button(key="save_emergency_number").click().run()
    assert not at.exception
    assert load_settings().emergency_number == "999"
    assert any("now says to call 999" in s for s in texts(at.success))
    assert not any(t.key == "log_emergency_number" for t in at.text_input)  # asked once, then gone
    assert any("Call emergency services now (999)." in e for e in texts(at.error))


def save_place(at: AppTest) -> tuple[int, int]:
    """Where the save bar stands among the page's elements, and Save within it."""
    for index, child in at.main.children.items():
        if str(getattr(getattr(child, "proto", None), "id", "")).endswith("-save_bar"):
            return index, next(i for i, c in child.children.items() if getattr(c, "key", None) == "save")
    raise AssertionError("no save bar")


def symptom_places(at: AppTest) -> dict[str, int]:
    """Where each warning symptom's check box stands in its box, by key."""
    box = next(
        c for c in at.main.children.values() if str(getattr(c.proto, "id", "")).endswith("-red_flags_box")
    )
    return {
        cast(str, c.key): i for i, c in box.children.items() if getattr(c, "key", None) in FLAG_KEYS.values()
    }


def top_places(at: AppTest) -> dict[str, int]:
    """Where each keyed block at the top of the page stands among the page's elements, by key."""
    places = {}
    for index, child in at.main.children.items():
        key = str(getattr(getattr(child, "proto", None), "id", "")).rpartition("-")[2]
        if key in PLACES:
            places[key] = index
    return places


PLACES = ("top_notes", "number_notice", "number_prompt", "week_notes", "day_row", "trial_notes", "offers")


def test_the_number_question_keeps_its_place_when_a_save_or_a_notice_comes_above_it(app_diary: Diary) -> None:
    """Moved down by what a save shows above it, the question was drawn anew while its old self was still on
    the screen: for a moment two "Save number" buttons (a tap then found two)."""
    at = open_app()
    first = top_places(at)
    assert set(first) == set(PLACES)
    symptoms = symptom_places(at)
    tick(at, "fever").run()
    assert symptom_places(at) == symptoms  # the advice under fever moved none of the symptoms below it
    assert top_places(at) == first
    at.segmented_control(key="pain").set_value(6)
    at.button(key="save").click().run()
    assert app_diary.entries() and any("Added" in s for s in texts(at.success))
    assert top_places(at) == first
    at.text_input(key="log_emergency_number").set_value("call mum")
    at.button(key="save_emergency_number").click().run()
    assert any("not a phone number" in e for e in texts(at.error)) and top_places(at) == first


def test_enter_in_the_number_box_saves_it_as_the_button_does(app_diary: Diary) -> None:
    at = open_app()
    at.text_input(key="log_emergency_number").set_value("abc").run()  # typed, then Enter
    assert any("Not saved" in e and "not a phone number" in e for e in texts(at.error))
    at.text_input(key="log_emergency_number").set_value("").run()  # emptied: nothing said, nothing saved
    assert load_settings().emergency_number is None
    at.text_input(key="log_emergency_number").set_value("112").run()
    assert load_settings().emergency_number == "112"
    assert any("now says to call 112" in s for s in texts(at.success))


def test_a_returning_user_with_a_number_is_not_asked_again(app_diary: Diary) -> None:
    save_settings(Settings(emergency_number="911"))
    at = open_app()
    assert not any(NUMBER_QUESTION in m for m in texts(at.markdown))


# -- warnings -------------------------------------------------------------------------------------


def test_advice_appears_the_moment_a_symptom_is_ticked_before_saving(app_diary: Diary) -> None:
    save_settings(Settings(emergency_number="999"))
    at = open_app()
    tick(at, "fever").run()
    assert app_diary.get(TODAY) is None  # nothing saved
    assert any(w.startswith("**See a doctor today.**") for w in texts(at.warning))
    tick(at, "chest_pressure").run()
    assert any(e.startswith("**Call emergency services now (999).**") for e in texts(at.error))
    # The emergency tier's boxes come first: the advice under each ticked box is never an emergency's below
    # a see-a-doctor one's.
    boxes = [c.key for c in at.checkbox if c.key and c.key.startswith("red_flag_")]
    assert boxes == [FLAG_KEYS[f] for f in URGENT_FIRST] and set(URGENT_FIRST) == set(FLAG_KEYS)
    assert [tier_of(f) for f in URGENT_FIRST] == sorted((tier_of(f) for f in URGENT_FIRST), key=TIERS.index)
    at.checkbox(key=FLAG_KEYS["fever"]).uncheck()
    at.checkbox(key=FLAG_KEYS["chest_pressure"]).uncheck().run()
    assert not texts(at.warning) and not texts(at.error)


def test_after_saving_every_symptom_is_named_by_tier_most_urgent_first(app_diary: Diary) -> None:
    save_settings(Settings(emergency_number="999"))
    at = open_app()
    at.segmented_control(key="pain").set_value(8)
    tick(at, "fever", "urinary", "bladder_bowel", "leg_weakness")
    at.button(key="save").click().run()
    assert not at.exception

    first, second, third = top_of_page(at)[:3]
    assert type(first).__name__ == "Error" and first.value.startswith(
        "**Call emergency services now (999).**"
    )
    assert FLAG_LABELS["bladder_bowel"] in first.value and FLAG_LABELS["leg_weakness"] in first.value
    assert FLAG_LABELS["fever"] not in first.value
    assert type(second).__name__ == "Warning" and second.value.startswith("**See a doctor today.**")
    assert FLAG_LABELS["fever"] in second.value and FLAG_LABELS["urinary"] in second.value
    assert type(third).__name__ == "Success" and "Added a new entry" in third.value
    # Said once, at the top: the ticked boxes below point there rather than repeat it.
    assert sum("See a doctor today." in w for w in texts(at.warning)) == 1
    assert sum("Call emergency services now (999)." in e for e in texts(at.error)) == 1
    assert any(ADVICE_ABOVE in m for m in texts(at.markdown))

    # The emergency tier interrupts: a dialog that names the number, with every symptom.
    shown_dialog = dialog(at)
    assert shown_dialog is not None and shown_dialog.proto.dialog.title == "Call emergency services now (999)"
    said = texts(shown_dialog.markdown)
    assert said[0] == "### Call 999 now."
    assert all(
        any(FLAG_LABELS[f] in s for s in said) for f in ("fever", "urinary", "bladder_bowel", "leg_weakness")
    )
    shown_dialog.button[0].click()
    at.run()
    assert dialog(at) is None  # once
    assert top_of_page(at)[0].value.startswith("**Call emergency services now (999).**")  # the advice stays


def test_a_see_a_doctor_symptom_alone_is_first_in_view_without_a_dialog(app_diary: Diary) -> None:
    at = open_app()
    at.segmented_control(key="pain").set_value(5)
    tick(at, "dizziness")
    at.button(key="save").click().run()
    first = top_of_page(at)[0]
    assert type(first).__name__ == "Warning" and FLAG_LABELS["dizziness"] in first.value
    assert dialog(at) is None


def test_a_routine_save_shows_what_was_saved_first(app_diary: Diary) -> None:
    at = open_app()
    at.segmented_control(key="pain").set_value(2)
    at.button(key="save").click().run()
    first = top_of_page(at)[0]
    assert type(first).__name__ == "Success" and first.value.startswith("Added a new entry")
    assert dialog(at) is None


# -- the draft, the day, a failed save ---------------------------------------------------------------


def test_the_draft_survives_a_page_switch(app_diary: Diary) -> None:
    app_diary.add(entry(1, pain=3, mattress="Foam"))
    at = open_app()
    at.segmented_control(key="pain").set_value(7)
    tick(at, "nausea")
    at.segmented_control(key="exertion").set_value("heavy")
    at.text_area(key="notes").set_value("stiff after the move").run()

    for page in ("pages/history.py", "pages/settings.py"):
        at.switch_page(page).run()
        assert not at.exception
    at.switch_page("pages/log.py").run()
    assert not at.exception
    assert at.segmented_control(key="pain").value == 7
    assert at.checkbox(key=FLAG_KEYS["nausea"]).value is True
    assert at.segmented_control(key="exertion").value == "heavy"
    assert at.text_area(key="notes").value == "stiff after the move"
    assert at.selectbox(key="mattress").value == "Foam"  # the pre-fill is still there too
    assert any(draft_note(TODAY) in c for c in texts(at.caption))
    assert app_diary.get(TODAY) is None  # kept, not saved

    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None and (saved.pain, saved.exertion, saved.notes) == (
        7,
        "heavy",
        "stiff after the move",
    )
    at.switch_page("pages/history.py").run()
    at.switch_page("pages/log.py").run()
    assert not any(draft_note(TODAY) in c for c in texts(at.caption))  # saved: no draft left


def test_unsaved_answers_survive_a_reload_and_can_be_discarded(app_diary: Diary) -> None:
    app_diary.add(entry(1, pain=3, mattress="Foam"))
    at = open_app()
    at.segmented_control(key="pain").set_value(7)
    at.text_area(key="notes").set_value("stiff after the move").run()

    reloaded = open_app()  # a reload: a new session, its session state empty
    assert reloaded.segmented_control(key="pain").value == 7
    assert reloaded.text_area(key="notes").value == "stiff after the move"
    assert any(draft_note(TODAY) in c for c in texts(reloaded.caption))
    assert app_diary.get(TODAY) is None  # kept in memory, not saved

    reloaded.button(key="discard_draft").click().run()
    assert reloaded.segmented_control(key="pain").value is None
    assert reloaded.text_area(key="notes").value in ("", None)
    assert reloaded.selectbox(key="mattress").value == "Foam"  # the morning as loaded, pre-fill and all
    assert not any(draft_note(TODAY) in c for c in texts(reloaded.caption))
    again = open_app()
    assert again.segmented_control(key="pain").value is None  # discarded for the next reload too
    assert not any(draft_note(TODAY) in c for c in texts(again.caption))


def test_a_restored_draft_put_back_by_hand_is_no_longer_called_unsaved(app_diary: Diary) -> None:
    at = open_app()
    at.checkbox(key="alcohol").check().run()
    reloaded = open_app()
    assert any(draft_note(TODAY) in c for c in texts(reloaded.caption))
    reloaded.checkbox(key="alcohol").uncheck().run()  # back to the morning as loaded
    assert not any(draft_note(TODAY) in c for c in texts(reloaded.caption))
    assert not any(b.key == "discard_draft" for b in reloaded.button)
    assert not any(draft_note(TODAY) in c for c in texts(open_app().caption))  # nor kept for the next reload


def test_a_reload_offers_the_other_days_with_unsaved_answers_and_a_save_forgets_them(
    app_diary: Diary,
) -> None:
    at = open_app()
    at.button(key="day_yesterday").click().run()
    at.segmented_control(key="pain").set_value(2).run()
    at.button(key="day_today").click().run()
    at.segmented_control(key="pain").set_value(6).run()

    reloaded = open_app()
    assert heading(reloaded) == day_heading(TODAY, TODAY)
    assert reloaded.segmented_control(key="pain").value == 6
    assert other_drafts_note([days_ago(1)]) in texts(reloaded.caption)
    reloaded.button(key=f"open_draft_{days_ago(1).isoformat()}").click().run()
    assert heading(reloaded) == day_heading(days_ago(1), TODAY)
    assert reloaded.segmented_control(key="pain").value == 2
    assert other_drafts_note([TODAY]) in texts(reloaded.caption)
    reloaded.button(key="save").click().run()
    assert app_diary.get(days_ago(1)) is not None

    after_save = open_app()
    assert after_save.segmented_control(key="pain").value == 6  # today's draft is still kept
    assert not any(c.startswith("Also not saved yet") for c in texts(after_save.caption))


def test_a_draft_saved_in_another_window_is_no_longer_offered_as_unsaved(app_diary: Diary) -> None:
    phone = open_app()
    phone.button(key="day_yesterday").click().run()
    phone.segmented_control(key="pain").set_value(2).run()
    laptop = open_app()  # opened meanwhile: it offers the phone's morning
    assert other_drafts_note([days_ago(1)]) in texts(laptop.caption)

    phone.button(key="save").click().run()
    assert app_diary.get(days_ago(1)) is not None
    laptop.run()
    assert not any(c.startswith("Also not saved yet") for c in texts(laptop.caption))


def test_each_day_keeps_its_own_draft(app_diary: Diary) -> None:
    at = open_app()
    at.segmented_control(key="pain").set_value(7)
    at.button(key="day_yesterday").click().run()
    assert heading(at) == day_heading(days_ago(1), TODAY)
    assert at.segmented_control(key="pain").value is None
    at.segmented_control(key="pain").set_value(2)
    at.button(key="day_today").click().run()
    assert heading(at) == day_heading(TODAY, TODAY)
    assert at.segmented_control(key="pain").value == 7
    at.button(key="day_yesterday").click().run()
    assert at.segmented_control(key="pain").value == 2


def test_a_typed_date_is_taken_at_once_and_a_bad_one_is_explained(app_diary: Diary) -> None:
    app_diary.add(entry(9, pain=8))
    at = open_app()
    at.text_input(key="date_typed").set_value(days_ago(9).isoformat()).run()
    assert heading(at) == day_heading(days_ago(9), TODAY)
    assert at.segmented_control(key="pain").value == 8
    assert at.text_input(key="date_typed").value == ""  # taken, the box is free again

    at.text_input(key="date_typed").set_value("the 40th").run()
    assert any("is not a date the diary can read" in e for e in texts(at.error))
    assert heading(at) == day_heading(days_ago(9), TODAY)  # nothing changed
    at.text_input(key="date_typed").set_value("2199-01-01").run()
    assert any("is in the future" in e for e in texts(at.error))
    at.text_input(key="date_typed").set_value("yesterday").run()
    assert heading(at) == day_heading(days_ago(1), TODAY)
    assert not any("not a date" in e or "future" in e for e in texts(at.error))


@pytest.mark.parametrize("tapped", ["day_yesterday", "day_today"])
def test_a_day_tapped_after_a_refused_date_empties_its_box_and_saves(app_diary: Diary, tapped: str) -> None:
    """The refused text left in its box made the next Save refuse the morning tapped, for a date not wanted."""
    at = open_app()
    at.text_input(key="date_typed").set_value("7/1").run()
    assert any("could be" in e for e in texts(at.error))
    at.button(key=tapped).click().run()
    assert at.text_input(key="date_typed").value == ""
    assert not texts(at.error)
    at.segmented_control(key="pain").set_value(3)
    at.button(key="save").click().run()
    day = days_ago(1) if tapped == "day_yesterday" else TODAY
    saved = app_diary.get(day)
    assert saved is not None and saved.pain == 3
    assert not texts(at.error)


def test_a_tap_sent_with_a_typed_date_goes_to_the_morning_typed(app_diary: Diary) -> None:
    """The date box is left by the next tap, so both arrive in one request: the tap is for the morning typed."""
    app_diary.add(entry(9, pain=8))
    at = open_app()
    at.segmented_control(key="pain").set_value(2).run()  # today's own answer, given before the date was typed
    at.text_input(key="date_typed").set_value(days_ago(9).isoformat())
    at.segmented_control(key="pain").set_value(5)
    tick(at, "fever").run()
    assert heading(at) == day_heading(days_ago(9), TODAY)
    assert at.segmented_control(key="pain").value == 5 and at.checkbox(key=FLAG_KEYS["fever"]).value
    assert any(w.startswith("**See a doctor today.**") for w in texts(at.warning))  # its advice, at once
    at.button(key="day_today").click().run()
    assert at.segmented_control(key="pain").value == 2  # today kept its own answer, and nothing of the taps
    assert not at.checkbox(key=FLAG_KEYS["fever"]).value
    at.button(key=f"open_draft_{days_ago(9).isoformat()}").click().run()
    assert at.segmented_control(key="pain").value == 5  # the morning typed kept the taps as its draft
    kept = app_diary.get(days_ago(9))
    assert kept is not None and kept.pain == 8  # nothing saved


def test_a_failed_save_lists_the_problems_at_the_save_button(app_diary: Diary) -> None:
    at = open_app()
    at.text_area(key="notes").set_value("forgot the pain")
    at.text_input(key="tags").set_value("???")
    at.session_state[OPEN_FOLDS] = set()  # the sections closed again before saving
    before = save_place(at)
    at.button(key="save").click().run()
    assert app_diary.get(TODAY) is None
    assert (
        save_place(at) == before
    )  # Save keeps its place beside the list (moved, it was drawn twice for a moment)
    bar = save_bar(at)
    assert type(bar[0]).__name__ == "Error"
    assert bar[0].value.startswith("**Nothing was saved: 2 answers need a change.**")
    assert (
        "- Morning pain is missing" in bar[0].value
        and "- Weight, tags and notes: Tags: '???'" in bar[0].value
    )
    # Each is also under its own answer, and the folded section holding one is opened.
    assert sum("Morning pain is missing" in e for e in texts(at.error)) == 2
    assert [e.proto.expanded for e in at.expander] == [False, False, False, True]  # its section opens
    assert at.text_area(key="notes").value == "forgot the pain"  # nothing typed is lost


def test_folded_sections_say_what_is_prefilled(app_diary: Diary) -> None:
    app_diary.add(
        entry(1, mattress="Foam 2025", position="side", pillow="low", bedtime="23:15", wake_time="06:50")
    )
    at = open_app(log_sections_open=False)
    labels = [e.label for e in at.expander]
    assert "Last night: Foam 2025, on your side, low pillow, 23:15–06:50" in labels
    assert "Yesterday (optional)" in labels
    at.session_state[OPEN_FOLDS] = {"section_night"}  # opened: its widgets say it, the label is the title
    at.run()
    assert [e.label for e in at.expander][1] == "Last night"
    assert at.selectbox(key="mattress").value == "Foam 2025"


def test_a_closed_section_draws_none_of_its_widgets_and_what_it_holds_is_saved(app_diary: Diary) -> None:
    app_diary.add(entry(1, mattress="Foam 2025", firmness="medium", position="side", bedtime="23:15"))
    at = open_app(log_sections_open=False)  # as a person first finds the page
    assert [e.proto.expanded for e in at.expander] == [False, False, False, False]
    folded = {key for section in SECTIONS for key in section.keys}
    drawn = {
        widget.key
        for kind in ("selectbox", "segmented_control", "number_input", "checkbox", "pills", "time_input")
        for widget in at.get(kind)
    } | {widget.key for widget in [*at.text_input, *at.text_area]}
    assert not drawn & folded, drawn & folded
    at.segmented_control(key="pain").set_value(2)
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None
    assert (saved.pain, saved.mattress, saved.position) == (2, "Foam 2025", "side")
    assert str(saved.bedtime) == "23:15:00"


def test_an_open_section_keeps_its_identity_while_answers_are_given(app_diary: Diary) -> None:
    """Its label stays its title: the browser keeps the section's widgets (and what is typed in them)."""
    at = open_app()  # the sections opened
    before = [(e.label, e.proto.id) for e in at.expander]
    assert [label for label, _ in before] == [section.title for section in SECTIONS]
    at.text_input(key="tags").set_value("travel").run()
    at.number_input(key="pain_minutes").set_value(20).run()
    assert [(e.label, e.proto.id) for e in at.expander] == before
    at.session_state[OPEN_FOLDS] = set()  # closed: the labels say what the sections hold
    at.run()
    labels = [e.label for e in at.expander]
    assert labels[0].startswith("More about this morning: 20 min") and "travel" in labels[3], labels


# -- a running trial ---------------------------------------------------------------------------------


def drawn_before(morning: dt.date) -> dt.datetime:
    """The evening before ``morning``: a plan drawn then is ahead of every one of its nights."""
    return dt.datetime.combine(morning - dt.timedelta(days=1), dt.time(21))


def test_a_running_trial_says_tonight_fills_the_plan_and_shows_a_deviation(app_diary: Diary) -> None:
    app_diary.add(entry(3, pain=5, mattress="Old sofa", firmness="soft"))
    trial = new_trial(
        "mattress", "Foam 2025", "Old sofa", pairs=2, block=3, washout=1, start=days_ago(1), seed=3,
        now=drawn_before(days_ago(1)),
    )  # fmt: skip
    save_plan(app_diary, trial, TODAY)
    night = night_on(trial, TODAY)
    assert night is not None
    at = open_app(log_sections_open=False)
    assert any("(trial plan)" in e.label for e in at.expander)  # said on the folded section
    at.session_state[OPEN_FOLDS] = {section.key for section in SECTIONS}
    at.run()
    said = shown(at)
    assert "Trial night 2 of 12" in said and "Tonight:" in said
    assert at.selectbox(key="mattress").value == night.value  # the plan for last night, filled in
    assert not any(w in said for w in ("better", "no clear difference", "B − A"))  # never the answer
    assert OFF_PLAN_AT_SAVE not in texts(at.caption)

    other = "Old sofa" if night.value == "Foam 2025" else "Foam 2025"
    at.selectbox(key="mattress").set_value(other).run()
    assert any(f"planned {night.value} for last night; you entered {other}" in w for w in texts(at.warning))
    # said at Save too: changed in a section far down, the note at the top of the form is out of sight
    assert [c for c in texts(at.caption) if OFF_PLAN_AT_SAVE in c] == [
        f":material/science: {OFF_PLAN_AT_SAVE}"
    ]
    at.segmented_control(key="pain").set_value(4)
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None and saved.mattress == other  # the person's answer, not the plan


def test_a_trials_last_morning_logged_a_day_late_is_filled_in_as_planned(app_diary: Diary) -> None:
    """The trial's last morning was yesterday and went unlogged: opened today, the page asks for it (the
    trial runs until then), and that morning still says it is the trial's last night and holds the planned
    position; saved, the trial is finished."""
    trial = new_trial(
        "position", "back", "side", pairs=2, block=1, start=days_ago(4), seed=5, now=drawn_before(days_ago(4))
    )
    save_plan(app_diary, trial, TODAY)
    assert trial.end == days_ago(1)
    night = night_on(trial, trial.end)
    assert night is not None
    at = open_app()
    assert f"The trial's nights are over: log its last morning ({day_label(trial.end)})" in shown(at)
    at.text_input(key="date_typed").set_value(trial.end.isoformat()).run()
    assert "Trial night 4 of 4" in shown(at)
    assert at.segmented_control(key="position").value == night.value
    at.segmented_control(key="pain").set_value(3)
    at.button(key="save").click().run()
    saved = app_diary.get(trial.end)
    assert saved is not None and saved.position == night.value
    assert trial.status(app_diary.dates(), TODAY) == "finished"


def test_with_a_trial_the_log_page_reads_the_logged_dates_once(app_diary: Diary) -> None:
    app_diary.add(entry(3, pain=5, mattress="Old sofa"))
    save_plan(app_diary, new_trial("mattress", "Foam", "Old sofa", start=days_ago(1), seed=3), TODAY)
    with date_reads(app_diary) as calls:
        at = open_app()
    assert not at.exception
    assert "Trial night 2 of" in shown(at)
    assert len(calls) == 1  # the trial's status and the overview share one cached read


def test_save_tapped_straight_after_typing_a_date_takes_the_date_and_saves_nothing(app_diary: Diary) -> None:
    """Leaving the date box for Save sends both at once: the answers must not go to the morning held before."""
    at = open_app()
    at.segmented_control(key="pain").set_value(7)
    at.text_input(key="date_typed").set_value(days_ago(3).isoformat())
    at.button(key="save").click().run()
    assert app_diary.get(TODAY) is None and app_diary.get(days_ago(3)) is None
    assert heading(at) == day_heading(days_ago(3), TODAY)  # the date is taken
    bar = save_bar(at)
    assert any(
        str(b.value).startswith("Nothing was saved: the date you typed was taken first") for b in bar
    ), bar
    at.segmented_control(key="pain").set_value(4)
    at.button(key="save").click().run()  # checked, saved again: to the morning typed
    saved = app_diary.get(days_ago(3))
    assert saved is not None and saved.pain == 4 and app_diary.get(TODAY) is None


def test_save_with_todays_date_typed_saves_and_a_bad_date_is_said_at_save(app_diary: Diary) -> None:
    at = open_app()
    at.segmented_control(key="pain").set_value(6)
    at.text_input(key="date_typed").set_value("the 40th")
    at.button(key="save").click().run()
    assert app_diary.get(TODAY) is None
    bar = [str(b.value) for b in save_bar(at)]
    assert any(b.startswith("Nothing was saved:") and "is not a date the diary can read" in b for b in bar), (
        bar
    )
    at.button(key="save").click().run()  # the problem seen, Save again: the morning held, today
    saved = app_diary.get(TODAY)
    assert saved is not None and saved.pain == 6
    # Saved: the refused date is not left beside the saved morning, nor its error under the box.
    assert at.text_input(key="date_typed").value == ""
    assert not any("is not a date the diary can read" in e for e in texts(at.error))
    at.text_input(key="date_typed").set_value(TODAY.isoformat())
    at.segmented_control(key="pain").set_value(5)
    at.button(key="save").click().run()  # the morning held, typed again: saved at once
    saved = app_diary.get(TODAY)
    assert saved is not None and saved.pain == 5


def test_a_refused_date_already_shown_beside_its_box_is_said_again_at_the_first_save(
    app_diary: Diary,
) -> None:
    """ "28" entered and refused: its error shown under the box is no choice of the morning held. The first Save
    says it and names that morning; only a second Save writes to it."""
    at = open_app()
    at.text_input(key="date_typed").set_value("the 40th").run()  # Enter: refused, said beside the box
    assert any("is not a date the diary can read" in e for e in texts(at.error))
    at.segmented_control(key="pain").set_value(7)
    at.button(key="save").click().run()
    assert app_diary.get(TODAY) is None
    bar = " ".join(str(b.value) for b in save_bar(at))
    assert bar.startswith("Nothing was saved:") and "is not a date the diary can read" in bar, bar
    assert f"To save the morning of {day_label(TODAY)} instead, tap Save again." in bar
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None and saved.pain == 7
    # Refused again later, the same text is said again at Save: the earlier choice is not carried over.
    at.text_input(key="date_typed").set_value("the 40th").run()
    at.segmented_control(key="pain").set_value(5)
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None and saved.pain == 7


def test_a_number_outside_its_range_is_named_at_save_and_kept(app_diary: Diary) -> None:
    """The browser no longer drops it on its own: Save says what is wrong, and the typed number stays."""
    at = open_app()
    at.segmented_control(key="pain").set_value(3)
    at.number_input(key="sleep_latency_min").set_value(5000)
    at.button(key="save").click().run()
    assert app_diary.get(TODAY) is None
    bar = " ".join(str(b.value) for b in save_bar(at))
    assert "Nothing was saved" in bar and "0 to 600" in bar, bar
    assert at.number_input(key="sleep_latency_min").value == 5000
