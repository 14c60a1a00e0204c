"""The Log page through AppTest: log, edit, validation, red flags, pre-fill, mattress firmness, overview."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from diary.settings import Settings, save_settings
from diary.storage import Diary, open_diary
from diary.views.form import FLAG_KEYS
from diary.views.log_day import day_heading
from diary.wording import day_label
from pages._caching import finish_builds_ahead
from pages._parts import OPEN_FOLDS

from . import apptest_support
from .apptest_support import (
    TODAY,
    days_ago,
    elements,
    entry,
    open_app,
    shown,
    texts,
)

# The page tests' diaries (fixtures).
app_diary = apptest_support.app_diary
any_app_diary = apptest_support.any_app_diary


def heading(at: AppTest) -> str:
    """Which morning the form holds, as the page says it ("Morning of Tue 2 Dec 2025 (today)")."""
    found = [m.value.strip("*") for m in at.markdown if m.value.startswith("**Morning of ")]
    assert len(found) == 1, texts(at.markdown)
    return found[0]


def tick(at: AppTest, *flags: str) -> None:
    """Tick warning symptoms, each its own checkbox."""
    for flag in flags:
        at.checkbox(key=FLAG_KEYS[flag]).check()


def save_with(at: AppTest, pain: int, *flags: str) -> None:
    """Log this morning's pain with warning symptoms ticked, and save."""
    at.segmented_control(key="pain").set_value(pain)
    tick(at, *flags)
    at.button(key="save").click().run()


def test_log_this_morning_by_pain_and_save(any_app_diary: Diary) -> None:
    at = open_app()
    assert heading(at) == day_heading(TODAY, TODAY)
    at.segmented_control(key="pain").set_value(6)
    at.button(key="save").click().run()

    assert not at.exception
    saved = any_app_diary.get(TODAY)
    assert saved is not None and saved.pain == 6 and saved.logged_at is not None
    assert any("Added a new entry for" in s and "morning pain 6 of 10" in s for s in texts(at.success))
    # The form now holds the saved day, and saving again would be an explicit update.
    assert at.button(key="save").label.startswith("Update the entry for")
    assert at.segmented_control(key="pain").value == 6


def test_a_second_tap_on_save_keeps_what_the_first_said_and_writes_nothing(app_diary: Diary) -> None:
    at = open_app()
    at.segmented_control(key="pain").set_value(4)
    at.checkbox(key=FLAG_KEYS["fever"]).check()
    at.button(key="save").click().run()
    first = app_diary.version()
    at.button(key="save").click().run()  # the same answers again, its message still up: a double tap
    assert not at.exception
    assert app_diary.version() == first  # nothing written
    assert any("Added a new entry for" in s for s in texts(at.success))
    assert not any("Updated" in s for s in texts(at.success))
    assert any("See a doctor today" in w for w in texts(at.warning))  # the advice stays first in view
    # A changed answer is an update, as always.
    at.segmented_control(key="pain").set_value(5)
    at.button(key="save").click().run()
    assert any("Updated the existing entry for" in s for s in texts(at.success))
    saved = app_diary.get(TODAY)
    assert saved is not None and saved.pain == 5 and saved.red_flags == ("fever",)


def test_optional_answers_left_alone_stay_not_recorded(app_diary: Diary) -> None:
    at = open_app()
    at.segmented_control(key="pain").set_value(2)
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None
    assert saved.pain_minutes is None and saved.sitting_hours is None and saved.weight_kg is None
    assert saved.alcohol is None and saved.lifting is None and saved.exertion is None
    assert saved.position is None and saved.sleep_quality is None and saved.bedtime is None
    assert saved.pain_areas == () and saved.tags == () and saved.notes is None


def test_a_night_that_cannot_be_right_is_asked_about_and_still_saved(app_diary: Diary) -> None:
    """In bed from 07:30 to 07:00 is 23 h 30 min: the form asks, and saves what the person says all the same."""
    at = open_app()
    at.segmented_control(key="pain").set_value(4)
    at.time_input(key="bedtime").set_value(dt.time(7, 30))
    at.time_input(key="wake_time").set_value(dt.time(7, 0)).run()
    assert [w.value for w in at.warning if "in bed" in w.value] == [
        "From 07:30 to 07:00 is 23 h 30 min in bed: check the bedtime and the wake time."
    ]
    at.time_input(key="bedtime").set_value(dt.time(23, 30)).run()
    at.number_input(key="sleep_latency_min").set_value(300)
    at.number_input(key="awake_minutes").set_value(200).run()
    assert [w.value for w in at.warning if "in bed" in w.value] == [
        "From 23:30 to 07:00 is 7 h 30 min in bed, and the minutes to fall asleep and awake add up to "
        "8 h 20 min, which leaves no sleep: check them."
    ]
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None and (saved.bedtime, saved.sleep_latency_min) == (dt.time(23, 30), 300)
    at.number_input(key="sleep_latency_min").set_value(20)
    at.number_input(key="awake_minutes").set_value(10).run()
    assert not [w for w in at.warning if "in bed" in w.value]


def test_every_group_of_the_form_is_saved(app_diary: Diary) -> None:
    at = open_app()
    at.segmented_control(key="pain").set_value(5)
    at.number_input(key="pain_minutes").set_value(45)
    at.pills(key="pain_areas").set_value(["lower_back", "leg"])
    at.segmented_control(key="position").set_value("stomach")
    at.time_input(key="bedtime").set_value(dt.time(23, 40))
    at.segmented_control(key="sleep_quality").set_value(2)
    at.number_input(key="sleep_latency_min").set_value(30)
    at.segmented_control(key="exertion").set_value("heavy")
    at.checkbox(key="lifting").check()
    at.number_input(key="sitting_hours").set_value(7.5)
    at.pills(key="exercise").set_value(["walking"])
    at.number_input(key="weight_kg").set_value(81.4)
    at.text_input(key="tags").set_value("moving-house, travel")
    at.text_area(key="notes").set_value("Carried boxes all day.")
    at.button(key="save").click().run()

    assert not at.exception
    saved = app_diary.get(TODAY)
    assert saved is not None
    assert (saved.pain, saved.pain_minutes, saved.pain_areas) == (5, 45, ("lower_back", "leg"))
    assert (saved.position, saved.bedtime, saved.sleep_quality) == ("stomach", dt.time(23, 40), 2)
    assert saved.sleep_latency_min == 30
    assert (saved.exertion, saved.lifting, saved.sitting_hours) == ("heavy", True, 7.5)
    assert saved.alcohol is False  # yesterday was answered, so an unticked box is a "no"
    assert saved.exercise == ("walking",) and saved.weight_kg == 81.4
    assert saved.tags == ("moving-house", "travel") and saved.notes == "Carried boxes all day."


def test_missing_pain_is_explained_and_nothing_is_saved(app_diary: Diary) -> None:
    at = open_app()
    at.text_area(key="notes").set_value("forgot the pain")
    at.button(key="save").click().run()
    assert not at.exception
    assert app_diary.get(TODAY) is None
    errors = texts(at.error)
    assert any("Morning pain is missing" in e for e in errors)
    assert any("Nothing was saved" in e for e in errors)
    assert at.text_area(key="notes").value == "forgot the pain"  # what was typed is kept


def test_a_problem_answered_is_no_longer_said_and_ticked_advice_leads_the_list_at_save(
    app_diary: Diary,
) -> None:
    """The list at Save, kept at the bottom of the screen, covered a ticked symptom's advice after a failed
    save: it now says that advice first. Once the pain is chosen, "missing" is no longer said anywhere."""
    save_settings(Settings(emergency_number="112"))
    at = open_app()
    tick(at, "chest_pressure", "fever")
    at.button(key="save").click().run()
    assert not at.exception and app_diary.get(TODAY) is None
    errors = texts(at.error)
    (listed,) = [e for e in errors if "Nothing was saved: 1 answer needs a change." in e]
    assert listed.startswith(
        "**Call emergency services now (112)**: a warning symptom is ticked above; this stands whether or not "
        "the morning is saved.  \n**See a doctor today**: a warning symptom"
    ), listed
    at.segmented_control(key="pain").set_value(6).run()
    assert not at.exception
    assert not any("Morning pain is missing" in e or "Nothing was saved" in e for e in texts(at.error))
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None and saved.pain == 6 and set(saved.red_flags) == {"chest_pressure", "fever"}


def test_a_problem_of_an_answer_left_as_it_was_is_still_said() -> None:
    """Another answer changed: the one with the problem keeps it until Save checks it again."""
    at = open_app()
    at.text_input(key="tags").set_value("!!!")
    at.button(key="save").click().run()
    at.segmented_control(key="pain").set_value(4).run()  # pain chosen; the tag is as it was
    errors = texts(at.error)
    assert any("'!!!'" in e for e in errors)
    assert not any("Morning pain is missing" in e for e in errors)
    assert any("Nothing was saved: 1 answer needs a change." in e for e in errors)


def test_tags_are_tidied_as_typed_and_saved_tidy(app_diary: Diary) -> None:
    """ "new pillow" and "New Pillow!" become new-pillow, and the page says what it changed."""
    at = open_app()
    at.segmented_control(key="pain").set_value(4)
    at.text_input(key="tags").set_value("New Pillow!, new pillow, Travel").run()
    assert not at.exception
    assert at.text_input(key="tags").value == "new-pillow, travel"
    note = "Tags tidied: “New Pillow!” → new-pillow; “new pillow” → new-pillow; “Travel” → travel."
    assert any(c.startswith(note) for c in texts(at.caption)), texts(at.caption)
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None and saved.tags == ("new-pillow", "travel")
    assert not texts(at.error)


def test_tags_typed_and_saved_at_once_are_tidied_and_the_saved_message_says_so(app_diary: Diary) -> None:
    at = open_app()
    at.segmented_control(key="pain").set_value(4)
    at.text_input(key="tags").set_value("new pillow")
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None and saved.tags == ("new-pillow",)
    assert any("“new pillow” → new-pillow" in i for i in texts(at.info) + texts(at.caption))


def test_a_tag_with_nothing_to_keep_is_named_at_save_and_nothing_is_saved(app_diary: Diary) -> None:
    at = open_app()
    at.segmented_control(key="pain").set_value(4)
    at.text_input(key="tags").set_value("!!!, travel")
    at.session_state[OPEN_FOLDS] = set()  # the sections closed again before saving
    at.button(key="save").click().run()
    assert app_diary.get(TODAY) is None
    assert at.text_input(key="tags").value == "travel, !!!"  # nothing typed is lost
    errors = texts(at.error)
    assert any("'!!!'" in e and "no letter a–z or digit" in e for e in errors)
    assert any(e.startswith("**Nothing was saved: 1 answer needs a change.**") for e in errors)
    assert at.expander[3].label.startswith("Weight, tags and notes")  # its section is opened for the change
    assert [e.proto.expanded for e in at.expander] == [False, False, False, True]  # its section opens


def test_the_notes_box_stops_where_the_diary_does(app_diary: Diary) -> None:
    """The browser cannot type more than the validator allows, so a long note is never cut silently on save."""
    at = open_app()
    assert at.text_area(key="notes").max_chars == 2000


def test_an_existing_day_opens_for_editing_and_saving_updates_it(app_diary: Diary) -> None:
    first = app_diary.add(entry(3, pain=7, notes="bad night", alcohol=True, exertion="light"))
    at = open_app()
    at.text_input(key="date_typed").set_value(days_ago(3).isoformat()).run()

    assert at.segmented_control(key="pain").value == 7
    assert at.text_area(key="notes").value == "bad night"
    assert at.checkbox(key="alcohol").value is True
    assert at.button(key="save").label.startswith("Update the entry for")
    assert any("Editing the entry for" in c for c in texts(at.caption))  # a line under the day, not a box

    at.segmented_control(key="pain").set_value(5)
    at.button(key="save").click().run()
    saved = app_diary.get(days_ago(3))
    assert saved is not None and saved.pain == 5 and saved.notes == "bad night"
    assert saved.logged_at == first.logged_at  # the first save time is kept
    assert saved.lifting is None  # never answered on that day, still not recorded
    assert any("Updated the existing entry for" in s for s in texts(at.success))
    assert len(app_diary) == 1


def test_a_tap_on_the_chosen_pain_keeps_it_chosen(app_diary: Diary) -> None:
    """The scale cleared its choice when the chosen number was tapped again: Save then said the pain was missing."""
    app_diary.add(entry(1, pain=4))
    at = open_app()
    at.button(key="day_yesterday").click().run()
    assert at.segmented_control(key="pain").value == 4
    at.segmented_control(key="pain").set_value(None).run()  # what the browser sends for a second tap on 4
    assert at.segmented_control(key="pain").value == 4
    at.segmented_control(key="pain").set_value(6).run()
    assert at.segmented_control(key="pain").value == 6


def test_a_day_saved_elsewhere_meanwhile_is_never_overwritten_silently(app_diary: Diary) -> None:
    at = open_app()
    at.segmented_control(key="pain").set_value(6)
    app_diary.add(entry(0, pain=2, notes="from the command line"))  # another window was quicker
    at.button(key="save").click().run()

    assert not at.exception
    assert app_diary.get(TODAY).pain == 2  # type: ignore[union-attr]
    assert any("Nothing was saved: meanwhile an entry" in e for e in texts(at.error))
    assert at.button(key="save").label.startswith("Update the entry for")

    at.button(key="save").click().run()  # now an explicit update
    assert app_diary.get(TODAY).pain == 6  # type: ignore[union-attr]


def test_an_emergency_red_flag_shows_the_emergency_tier_with_the_configured_number(app_diary: Diary) -> None:
    save_settings(Settings(emergency_number="999"))
    at = open_app()
    save_with(at, 8, "saddle_numbness", "fever")

    assert not at.exception
    assert app_diary.get(TODAY).red_flags == ("fever", "saddle_numbness")  # type: ignore[union-attr]
    emergency = [e for e in texts(at.error) if "Call emergency services now (999)" in e]
    assert emergency, texts(at.error)
    assert any("saddle" in e for e in emergency)


def test_a_see_a_doctor_flag_is_a_warning_not_an_emergency(app_diary: Diary) -> None:
    at = open_app()
    save_with(at, 5, "urinary")
    assert any("See a doctor today" in w for w in texts(at.warning))
    assert not any("Call emergency services" in e for e in texts(at.error))


def test_red_flags_of_the_last_week_stay_at_the_top(app_diary: Diary) -> None:
    app_diary.add(entry(3, red_flags="chest_pressure"))
    app_diary.add(entry(10, red_flags="fever"))  # older than a week
    at = open_app()
    errors = texts(at.error)
    assert any("Call emergency services now (your local emergency number)" in e for e in errors), errors
    assert not any("See a doctor today" in w or "see a doctor today" in w for w in texts(at.warning))
    assert len(errors) == 1 and not texts(at.warning)


def alerts_in_order(node: object) -> list[tuple[str, str]]:
    """Every alert under ``node`` as (kind, text), top to bottom as the page draws them."""
    found: list[tuple[str, str]] = []
    for child in getattr(node, "children", {}).values():
        kind = getattr(child, "type", "")
        if kind in ("error", "warning", "success", "info") and hasattr(child, "value"):
            found.append((kind, str(child.value)))
        else:
            found.extend(alerts_in_order(child))
    return found


def test_a_save_less_urgent_than_the_weeks_warnings_comes_after_them(app_diary: Diary) -> None:
    """Fever saved today, loss of bladder control three days ago: the emergency first, then today's advice."""
    app_diary.add(entry(3, red_flags="bladder_bowel"))
    at = open_app()
    save_with(at, 5, "fever")
    kinds = [kind for kind, _ in alerts_in_order(at.main)]
    assert kinds[:3] == ["error", "warning", "success"], alerts_in_order(at.main)
    emergency, today_advice, _ = (text for _, text in alerts_in_order(at.main)[:3])
    assert "Call emergency services now" in emergency and "loss of bladder or bowel control" in emergency
    assert "See a doctor today" in today_advice
    assert len(texts(at.error)) == 1  # said once, not again below
    # Saved with an emergency of its own, today's advice stays first and the week's follows.
    tick(at, "leg_weakness")
    at.button(key="save").click().run()
    assert "new weakness in a leg" in alerts_in_order(at.main)[0][1]


def test_a_save_and_other_mornings_of_its_tier_are_one_message(app_diary: Diary) -> None:
    """Urinary trouble saved today, fever two days ago: one "See a doctor today" box naming both, not two."""
    app_diary.add(entry(2, red_flags="fever"))
    at = open_app()
    save_with(at, 5, "urinary")
    warnings = texts(at.warning)
    assert len(warnings) == 1, warnings
    [advice] = warnings
    assert advice.startswith("**See a doctor today.**") and "urinary symptoms" in advice
    assert advice.endswith(f"Also this week: fever with back pain on {day_label(days_ago(2))}.")
    assert [kind for kind, _ in alerts_in_order(at.main)][:2] == ["warning", "success"]


def test_advice_beside_a_symptom_of_an_old_morning_stands_and_says_what_to_do_if_it_has_passed(
    app_diary: Diary,
) -> None:
    """An old entry opened: its ticked symptom's advice is whole (never softened), and says whose morning it is;
    yesterday's and today's read as they always did."""
    app_diary.add(entry(20, pain=6, red_flags="fever"))
    app_diary.add(entry(1, pain=5, red_flags="fever"))
    at = open_app()
    at.text_input(key="date_typed").set_value(days_ago(20).isoformat()).run()
    [old] = [w for w in texts(at.warning) if w.startswith("**See a doctor today.**")]
    assert old.endswith(
        f"This is ticked for {day_label(days_ago(20))}: if it has passed since, tell a doctor about it all the same."
    )
    at.button(key="day_yesterday").click().run()
    [recent] = [w for w in texts(at.warning) if w.startswith("**See a doctor today.**")]
    assert "This is ticked for" not in recent


def test_advice_saved_for_an_earlier_morning_names_that_morning(app_diary: Diary) -> None:
    """The advice stays whole, and says which morning it was logged for, not as if about today."""
    at = open_app()
    at.text_input(key="date_typed").set_value(days_ago(15).isoformat()).run()
    save_with(at, 6, "leg_weakness")
    emergency = alerts_in_order(at.main)[0][1]
    assert "Call emergency services now" in emergency
    assert f"You logged for {day_label(days_ago(15))}: new weakness in a leg." in emergency
    # This morning's needs no date.
    at = open_app()
    save_with(at, 6, "fever")
    assert "You logged: fever with back pain." in alerts_in_order(at.main)[0][1]


def test_a_refused_typed_date_is_still_in_its_box_after_another_page(app_diary: Diary) -> None:
    """Streamlit forgets a widget that another page did not draw; what was typed is put back with its reason."""
    at = open_app()
    at.text_input(key="date_typed").set_value("the 40th").run()
    [problem] = [e for e in texts(at.error) if "the 40th" in e]
    at.switch_page("pages/trends.py").run()
    at.switch_page("pages/log.py").run()
    assert at.text_input(key="date_typed").value == "the 40th"
    assert problem in texts(at.error)
    at.text_input(key="date_typed").set_value(days_ago(2).isoformat()).run()  # a date: taken, the box emptied
    assert at.text_input(key="date_typed").value == "" and problem not in texts(at.error)
    at.switch_page("pages/trends.py").run()
    at.switch_page("pages/log.py").run()
    assert at.text_input(key="date_typed").value == ""


def test_a_week_of_warnings_is_one_message_grouped_by_tier(app_diary: Diary) -> None:
    """Six mornings with warning symptoms are one message, not six: the pain question stays on the first screen."""
    for back in range(1, 7):
        app_diary.add(entry(back, red_flags="fever;bladder_bowel" if back == 1 else "fever"))
    at = open_app()
    [message] = texts(at.error)
    assert not texts(at.warning)
    emergency, doctor = message.split("\n")  # one line per tier, the most urgent first
    assert (
        emergency.startswith("**Call emergency services now")
        and "loss of bladder or bowel control" in emergency
    )
    assert doctor.startswith(
        "**See a doctor today:** you logged fever with back pain on 6 mornings, the last "
    )


def test_slow_fields_are_prefilled_from_the_last_entry(app_diary: Diary) -> None:
    app_diary.add(entry(5, mattress="Old sofa", firmness="soft", position="back", pillow="high"))
    app_diary.add(
        entry(
            1,
            pain=6,
            mattress="Foam 2025",
            firmness="medium-firm",
            position="side",
            pillow="low",
            bedtime="23:15",
            wake_time="06:50",
            alcohol=True,
            notes="not copied",
        )
    )
    at = open_app()
    assert at.selectbox(key="mattress").value == "Foam 2025"
    assert at.segmented_control(key="position").value == "side"
    assert at.segmented_control(key="pillow").value == "low"
    assert at.time_input(key="bedtime").value == dt.time(23, 15)
    assert at.time_input(key="wake_time").value == dt.time(6, 50)
    assert at.segmented_control(key="pain").value is None  # never pre-filled
    assert at.checkbox(key="alcohol").value is False and at.text_area(key="notes").value == ""
    assert "copied from" in shown(at)

    at.segmented_control(key="pain").set_value(3)
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None
    assert (saved.mattress, saved.firmness, saved.position, saved.pillow) == (
        "Foam 2025",
        "medium-firm",
        "side",
        "low",
    )
    assert (saved.bedtime, saved.wake_time) == (dt.time(23, 15), dt.time(6, 50))
    assert saved.alcohol is None and saved.notes is None


def test_choosing_a_known_mattress_fills_its_firmness(app_diary: Diary) -> None:
    app_diary.add(entry(9, mattress="Old sofa", firmness="soft"))
    app_diary.add(entry(1, mattress="Foam 2025", firmness="medium-firm"))
    at = open_app()
    mattress = at.selectbox(key="mattress")
    assert mattress.options == ["Foam 2025 · medium-firm", "Old sofa · soft"]  # most recent first
    mattress.set_value("Old sofa")
    at.segmented_control(key="pain").set_value(5)
    at.button(key="save").click().run()

    saved = app_diary.get(TODAY)
    assert saved is not None and (saved.mattress, saved.firmness) == ("Old sofa", "soft")
    assert any("Old sofa (soft)" in s for s in texts(at.success))


def test_a_firmness_chosen_in_the_form_overrides_the_known_one(app_diary: Diary) -> None:
    app_diary.add(entry(1, mattress="Foam 2025", firmness="medium-firm"))
    at = open_app()
    at.segmented_control(key="pain").set_value(5)
    at.selectbox(key="firmness").set_value("firm")  # a topper since
    at.button(key="save").click().run()
    assert app_diary.get(TODAY).firmness == "firm"  # type: ignore[union-attr]


def test_a_day_opened_from_elsewhere_is_loaded(app_diary: Diary) -> None:
    app_diary.add(entry(4, pain=9))
    at = open_app()
    at.session_state["log_open_day"] = days_ago(4)
    at.run()
    assert heading(at) == day_heading(days_ago(4), TODAY)
    assert at.segmented_control(key="pain").value == 9


def test_overview_says_whether_today_is_logged(app_diary: Diary) -> None:
    app_diary.add(entry(1, pain=4))
    at = open_app()
    assert "is not logged yet" in shown(at)
    assert "Logged yesterday, not the day before." in shown(at)
    assert not at.metric  # the streak is the sentence above
    at.segmented_control(key="pain").set_value(2)
    at.button(key="save").click().run()
    assert "is logged: morning pain 2 of 10" in shown(at)
    assert "2 days in a row logged, up to today" in shown(at)
    sparkline = [e.proto.body for e in at.get("html") if "Morning pain, day by day" in e.proto.body]
    assert len(sparkline) == 1 and f"{day_label(TODAY)}: pain 2 of 10" in sparkline[0]


def test_first_run_offers_the_sample_and_an_import(app_diary: Diary) -> None:
    at = open_app()
    welcome = " ".join(texts(at.markdown))
    assert "what makes your back hurt after sleep" in welcome
    assert at.button(key="load_sample").label == "Load the sample diary"
    assert any(link.label == "Import a CSV" for link in elements(at, "page_link"))
    assert at.segmented_control(key="pain") is not None  # logging works on an empty diary too

    at.button(key="load_sample").click().run()
    assert not at.exception
    assert len(app_diary) > 100
    assert any("Loaded the sample diary" in s for s in texts(at.success))
    assert at.sidebar.button(key="remove_sample").label == "Remove the sample diary"
    # A morning within a year of the sample's last (30 Sep 2025) pre-fills from it; today, over a year
    # later, starts blank rather than copy the bed and times of a night long gone.
    assert at.selectbox(key="mattress").value is None or dt.date(2026, 9, 30) >= TODAY
    at.text_input(key="date_typed").set_value("2025-10-01").run()
    assert at.selectbox(key="mattress").value == "Foam 2025"

    at.sidebar.button(key="remove_sample").click().run()
    assert not at.exception
    assert len(app_diary) == 0
    assert any("Removed the sample diary" in s for s in texts(at.success))
    assert all(b.key != "remove_sample" for b in at.sidebar.button)


def test_removing_the_sample_keeps_days_the_person_changed(app_diary: Diary) -> None:
    at = open_app()
    at.button(key="load_sample").click().run()
    sample_day = app_diary.dates()[0]
    app_diary.update(app_diary.get(sample_day).replace(pain=10))  # type: ignore[union-attr]
    at.run()
    at.sidebar.button(key="remove_sample").click().run()
    assert app_diary.dates() == [sample_day]


def test_a_diary_damaged_while_the_app_is_open_is_named_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "diary.csv"
    monkeypatch.setenv("PAIN_DIARY_DATA", str(path))
    apptest_support._clear_caches()
    open_diary(path).add(entry(1, pain=3))
    at = open_app()
    path.write_text("this is not a diary\n", encoding="utf-8")  # e.g. overwritten by another program
    for page in ("pages/log.py", "pages/history.py"):
        at.switch_page(page).run()
        assert not at.exception
        assert any("Cannot open the diary" in e and str(path) in e for e in texts(at.error))
    apptest_support._clear_caches()


def test_answers_sent_back_from_the_morning_before_are_put_back_but_a_lone_change_is_kept(
    app_diary: Diary,
) -> None:
    """The first request after opening a morning can carry the previous morning's answers (a browser race)."""
    app_diary.add(entry(3, pain=4, position="side", mattress="Sofa"))
    app_diary.add(entry(2, pain=5, position="back", mattress="Foam"))
    at = open_app()
    at.text_input(key="date_typed").set_value(days_ago(3).isoformat()).run()
    at.text_input(key="date_typed").set_value(days_ago(2).isoformat()).run()
    assert at.segmented_control(key="position").value == "back"
    # The next tap (a pain) arrives with the position and mattress the form showed for the morning before.
    at.segmented_control(key="position").set_value("side")
    at.selectbox(key="mattress").set_value("Sofa")
    at.segmented_control(key="pain").set_value(7).run()
    assert at.segmented_control(key="position").value == "back"
    assert at.selectbox(key="mattress").value == "Foam"
    assert at.segmented_control(key="pain").value == 7  # the tap itself is kept
    at.button(key="save").click().run()
    saved = app_diary.get(days_ago(2))
    assert saved is not None and (saved.pain, saved.position, saved.mattress) == (7, "back", "Foam")

    at.text_input(key="date_typed").set_value(days_ago(3).isoformat()).run()
    at.segmented_control(key="position").set_value("back").run()  # one change on its own: the person's
    assert at.segmented_control(key="position").value == "back"

    at.text_input(key="date_typed").set_value(days_ago(2).isoformat()).run()
    # A warning symptom ticked first, sent with the pain shown for the morning before: the pain is put back.
    symptom = next(iter(FLAG_KEYS.values()))
    at.segmented_control(key="pain").set_value(4)
    at.checkbox(key=symptom).check().run()
    assert at.segmented_control(key="pain").value == 7 and at.checkbox(key=symptom).value


@pytest.mark.ahead
def test_the_pain_analysis_is_made_ahead_on_the_log_page_and_again_at_once_after_a_save(
    app_diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What Factors and the doctor's report ask for first is ready before they are opened, once per version."""
    import diary.analysis

    made: list[int] = []  # the mornings each analysis of morning pain was made from
    real = diary.analysis.analyze

    def counting(frame, outcome="pain", **options):
        if outcome == "pain":  # not the other outcomes, which Factors builds ahead once it is drawn
            made.append(len(frame))
        return real(frame, outcome, **options)

    monkeypatch.setattr(diary.analysis, "analyze", counting)
    app_diary.add(entry(1, pain=3))
    at = open_app()
    assert finish_builds_ahead()
    assert made == [1]  # the Factors page's first view, built while the Log page is read
    at.switch_page("pages/factors.py").run()
    assert not at.exception and made == [1]  # opening Factors is a look-up
    at.switch_page("pages/log.py").run()
    at.segmented_control(key="pain").set_value(6)
    at.button(key="save").click().run()
    assert not at.exception
    assert finish_builds_ahead()
    assert made == [1, 2]  # the diary as saved: both mornings
    at.run()
    assert finish_builds_ahead() and made == [1, 2]  # once per version of the diary


@pytest.mark.skipif(TODAY.month == 12 and TODAY.day == 31, reason="tomorrow is next year's: no date to type")
def test_a_date_typed_without_its_year_that_opens_last_years_says_so(app_diary: Diary) -> None:
    """On 6 Dec, "7 Dec" opened Sun 7 Dec of last year with only the year in the heading to tell."""
    tomorrow = TODAY + dt.timedelta(days=1)
    typed = f"{tomorrow.day} {tomorrow:%b}"
    at = open_app()
    at.text_input(key="date_typed").set_value(typed).run()
    last_year = dt.date(TODAY.year - 1, tomorrow.month, tomorrow.day)
    assert heading(at) == day_heading(last_year, TODAY)
    assert [n for n in texts(at.info) if "is still to come" in n] == [
        f"“{typed}” opened {day_label(last_year)}: {day_label(tomorrow)} is still to come. To log today, tap Today."
    ]
    at.button(key="day_today").click().run()  # another morning: the note goes
    assert not [n for n in texts(at.info) if "is still to come" in n]
    at.text_input(key="date_typed").set_value(f"{TODAY.day} {TODAY:%b}").run()  # this year's: nothing to say
    assert heading(at) == day_heading(TODAY, TODAY) and not [
        n for n in texts(at.info) if "still to come" in n
    ]


def test_a_trials_new_mattress_filled_in_for_tonight_is_shown_chosen_and_saved(app_diary: Diary) -> None:
    """The plan's mattress for tonight is not logged yet: it is one of the choices, chosen, and saved by name."""
    from diary.trials import new_trial
    from diary.trials.plan import schedule
    from diary.trials.store import save_plan

    for n in range(1, 15):
        app_diary.add(entry(n, mattress="Old", firmness="medium"))
    eve = dt.datetime.combine(TODAY - dt.timedelta(days=1), dt.time(21))  # drawn ahead of last night
    plans = (
        new_trial("mattress", "Old", "Foam 2026", pairs=2, block=2, start=TODAY, seed=s, now=eve)
        for s in range(64)
    )
    trial = next(t for t in plans if schedule(t)[0].value == "Foam 2026")  # the new one tonight
    save_plan(app_diary, trial, TODAY)
    at = open_app()
    at.run()  # again: the chosen name must stay one of the choices
    assert not at.exception, [e.value for e in at.exception]
    box = at.selectbox(key="mattress")
    assert box.value == "Foam 2026" and "Foam 2026" in box.options
    at.segmented_control(key="pain").set_value(3)
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None and saved.mattress == "Foam 2026"


def test_a_night_slept_before_the_trial_was_drawn_is_not_filled_in(app_diary: Diary) -> None:
    """A plan drawn this morning, dated back: last night was slept before it, so the form keeps what the
    diary had (the mattress slept on), never the plan's condition for a night nobody was given."""
    from diary.trials import new_trial
    from diary.trials.plan import schedule
    from diary.trials.store import save_plan

    for n in range(1, 15):
        app_diary.add(entry(n, mattress="Old", firmness="medium"))
    drawn = dt.datetime.combine(TODAY, dt.time(7))
    plans = (
        new_trial("mattress", "Old", "Foam 2026", pairs=2, block=2, start=TODAY, seed=s, now=drawn)
        for s in range(64)
    )
    trial = next(t for t in plans if schedule(t)[0].value == "Foam 2026")
    save_plan(app_diary, trial, TODAY)
    at = open_app()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="mattress").value == "Old"
