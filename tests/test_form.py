"""The Log form's rules: widget values ↔ entries, pre-fill, firmness from the mattress, messages."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary.entry import Entry, check_entry, parse_entry
from diary.entry.fields import (
    FIELD_BY_NAME,
    RED_FLAGS,
    SLEEP_QUALITY_WORDS,
    SLOW_FIELDS,
    match_mattress,
    tidy_tag,
)
from diary.errors import EntryInvalid, Problem
from diary.storage import Diary
from diary.views.form import (
    COPIED_PARTS,
    FLAG_KEYS,
    FORM_KEYS,
    deleted_meanwhile_message,
    draft_note,
    editing_note,
    form_to_raw,
    form_values,
    known_mattresses,
    mattress_label,
    new_day_note,
    new_day_values,
    open_draft_label,
    other_drafts_note,
    prefill_source,
    problem_message,
    problems_by_field,
    save_label,
    saved_elsewhere_message,
    saved_message,
    split_tags,
    ticked_flags,
    tidy_tags,
    unsaved_summary,
)
from diary.views.log_words import field_help

from .strategies import TODAY, diaries, entries

DAY = dt.date(2025, 5, 2)


def entry(day: dt.date = DAY, **values: object) -> Entry:
    return parse_entry({"date": day, "pain": 3, **values}, check_future=False)


def save(values: dict[str, object], **kwargs: object) -> Entry:
    """What the Log page would store for these widget values."""
    raw = form_to_raw(values, day=kwargs.pop("day", DAY), **kwargs)  # type: ignore[arg-type]
    return parse_entry(raw, check_future=False)


# -- entry ↔ widget values ------------------------------------------------------------


def test_the_form_asks_for_every_column_but_date_and_logged_at() -> None:
    columns = set(FIELD_BY_NAME) - {"date", "logged_at", "red_flags"}
    assert set(FORM_KEYS) == columns | set(FLAG_KEYS.values())
    assert set(FLAG_KEYS) == set(RED_FLAGS)  # one checkbox per warning symptom


def test_warning_symptoms_are_one_checkbox_each_and_saved_as_the_set() -> None:
    shown = form_values(entry(red_flags="fever;bladder_bowel"))
    assert shown[FLAG_KEYS["fever"]] is True and shown[FLAG_KEYS["bladder_bowel"]] is True
    assert shown[FLAG_KEYS["nausea"]] is False and "red_flags" not in shown
    assert ticked_flags(shown) == ("fever", "bladder_bowel")
    ticked = form_values(None) | {"pain": 6, FLAG_KEYS["saddle_numbness"]: True, FLAG_KEYS["fever"]: True}
    assert save(ticked).red_flags == ("fever", "saddle_numbness")
    assert save(form_values(None) | {"pain": 6}).red_flags == ()


def test_blank_form_values_are_not_recorded_not_zero() -> None:
    values = form_values(None)
    assert values["pain"] is None
    assert values["pain_minutes"] is None and values["sitting_hours"] is None
    assert values["position"] is None and values["bedtime"] is None
    assert values["pain_areas"] == [] and values["tags"] == "" and values["notes"] == ""
    assert values["alcohol"] is False  # an unticked box


def test_form_values_show_an_entry() -> None:
    shown = form_values(
        entry(
            pain=6,
            pain_areas="leg;lower_back",
            tags="travel;new-pillow",
            bedtime="23:15",
            alcohol=True,
            lifting=False,
            notes="x",
        )
    )
    assert shown["pain"] == 6
    assert shown["pain_areas"] == ["lower_back", "leg"]
    assert shown["tags"] == "new-pillow, travel"
    assert shown["bedtime"] == dt.time(23, 15)
    assert shown["alcohol"] is True and shown["lifting"] is False and shown["painkiller"] is False
    assert shown["notes"] == "x"


@given(st.data())
def test_saving_an_unchanged_form_gives_back_the_loaded_entry(data: st.DataObject) -> None:
    """Editing a day and pressing Update without changes never alters it, whatever the diary knows."""
    loaded = data.draw(entries())
    others = data.draw(diaries(max_size=6))
    raw = form_to_raw(form_values(loaded), day=loaded.date, known=known_mattresses(others), original=loaded)
    again = parse_entry(raw, today=TODAY)
    assert again.same_values(loaded), again.differing_columns(loaded)


# -- yes/no questions -----------------------------------------------------------------


def test_an_untouched_group_keeps_its_yes_no_questions_not_recorded() -> None:
    values = form_values(None) | {"pain": 4}
    saved = save(values)
    for name in ("alcohol", "lifting", "late_meal", "warm_bath", "cold_exposure", "painkiller"):
        assert getattr(saved, name) is None
    assert saved.legs_elevated is None
    assert saved.numbness is None  # asked in "More about this morning", not beside the pain
    answered = save(form_values(None) | {"pain": 4, "pain_minutes": 20})
    assert answered.numbness is False  # its section answered


def test_unticked_boxes_record_no_once_the_group_is_answered() -> None:
    saved = save(form_values(None) | {"pain": 4, "exertion": "heavy", "alcohol": True})
    assert saved.alcohol is True
    assert saved.lifting is False and saved.painkiller is False and saved.warm_bath is False
    assert saved.legs_elevated is None  # the night was not answered


def test_a_ticked_box_alone_answers_its_group() -> None:
    saved = save(form_values(None) | {"pain": 4, "painkiller": True})
    assert saved.painkiller is True and saved.alcohol is False


def test_editing_never_turns_not_recorded_into_no() -> None:
    original = entry(exertion="light", alcohol=True)  # lifting etc. not recorded
    values = form_values(original) | {"alcohol": False}
    saved = save(values, original=original)
    assert saved.alcohol is False  # unticked by the person
    assert saved.lifting is None  # never answered, still not recorded


# -- pre-fill -----------------------------------------------------------------------------


def test_a_new_day_copies_only_the_slow_fields() -> None:
    previous = entry(
        pain=7,
        mattress="Foam",
        firmness="medium-firm",
        position="side",
        pillow="low",
        bedtime="23:00",
        wake_time="07:10",
        alcohol=True,
        notes="hello",
    )
    values = new_day_values(previous)
    assert values["mattress"] == "Foam"
    assert values["position"] == "side" and values["pillow"] == "low"
    assert values["bedtime"] == dt.time(23, 0) and values["wake_time"] == dt.time(7, 10)
    assert values["firmness"] is None  # follows the mattress
    assert values["pain"] is None and values["alcohol"] is False and values["notes"] == ""
    assert set(SLOW_FIELDS) <= set(values)


def test_without_a_mattress_the_firmness_itself_is_copied() -> None:
    assert new_day_values(entry(firmness="firm"))["firmness"] == "firm"


def test_nothing_to_copy_gives_a_blank_form() -> None:
    assert new_day_values(None) == form_values(None)


def test_prefill_takes_the_closest_earlier_day(diary: Diary) -> None:
    diary.add(entry(dt.date(2025, 5, 1), mattress="Old"))
    diary.add(entry(dt.date(2025, 9, 1), mattress="New"))
    assert prefill_source(diary, dt.date(2025, 5, 20)).mattress == "Old"  # type: ignore[union-attr]
    assert prefill_source(diary, dt.date(2025, 9, 20)).mattress == "New"  # type: ignore[union-attr]
    # Before the first entry: the most recent one is the best guess there is.
    assert prefill_source(diary, dt.date(2025, 1, 1)).mattress == "New"  # type: ignore[union-attr]
    # The closest earlier day more than a year back: the most recent entry again, not that old night.
    diary.add(entry(dt.date(2023, 1, 1), mattress="Sofa"))
    assert prefill_source(diary, dt.date(2025, 1, 1)).mattress == "New"  # type: ignore[union-attr]
    # Back after more than a year away: a blank form, not the bed and times of a night long gone.
    assert prefill_source(diary, dt.date(2026, 9, 3)) is None
    assert prefill_source(diary, dt.date(2026, 8, 31)).mattress == "New"  # type: ignore[union-attr]
    # Before the first entry, with the newest more than a year later: nothing either.
    assert prefill_source(diary, dt.date(2022, 6, 1)) is None


def test_prefill_on_an_empty_diary_is_nothing(diary: Diary) -> None:
    assert prefill_source(diary, DAY) is None


# -- mattresses and firmness ---------------------------------------------------------


def test_known_mattresses_are_most_recent_first_with_their_last_firmness() -> None:
    diary = [
        entry(dt.date(2025, 1, 1), mattress="Old sofa", firmness="soft"),
        entry(dt.date(2025, 1, 2), mattress="Foam", firmness="medium"),
        entry(dt.date(2025, 1, 3), mattress="Foam", firmness="medium-firm"),  # a topper
        entry(dt.date(2025, 1, 4), mattress="Foam"),  # firmness not recorded that day
        entry(dt.date(2025, 1, 5), mattress="Hotel"),
        entry(dt.date(2025, 1, 6)),
    ]
    known = known_mattresses(diary)
    assert list(known) == ["Hotel", "Foam", "Old sofa"]
    assert known == {"Hotel": None, "Foam": "medium-firm", "Old sofa": "soft"}


def test_choosing_a_known_mattress_fills_its_firmness() -> None:
    known = {"Foam": "medium-firm", "Old sofa": "soft"}
    saved = save(form_values(None) | {"pain": 2, "mattress": "Old sofa"}, known=known)
    assert saved.firmness == "soft"


def test_a_firmness_picked_in_the_form_wins() -> None:
    known = {"Foam": "medium-firm"}
    saved = save(form_values(None) | {"pain": 2, "mattress": "Foam", "firmness": "firm"}, known=known)
    assert saved.firmness == "firm"


def test_a_new_mattress_takes_the_typed_name_and_the_picked_firmness() -> None:
    known = {"Foam": "medium-firm"}
    saved = save(form_values(None) | {"pain": 2, "mattress": "  Hotel bed ", "firmness": "firm"}, known=known)
    assert saved.mattress == "Hotel bed" and saved.firmness == "firm"
    unknown = save(form_values(None) | {"pain": 2, "mattress": "Tent"}, known=known)
    assert unknown.mattress == "Tent" and unknown.firmness is None


def test_a_typed_name_takes_the_known_spelling() -> None:
    known = {"Foam 2025": "medium-firm"}
    assert match_mattress("foam 2025 ", known) == "Foam 2025"
    assert match_mattress("Futon", known) == "Futon"
    saved = save(form_values(None) | {"pain": 2, "mattress": "FOAM 2025"}, known=known)
    assert saved.mattress == "Foam 2025" and saved.firmness == "medium-firm"


def test_editing_to_another_mattress_takes_that_mattress_firmness() -> None:
    original = entry(mattress="Old sofa", firmness="soft")
    values = form_values(original) | {"mattress": "Foam", "firmness": None}
    saved = save(values, known={"Foam": "medium-firm", "Old sofa": "soft"}, original=original)
    assert (saved.mattress, saved.firmness) == ("Foam", "medium-firm")


def test_mattress_label_shows_the_known_firmness() -> None:
    known = {"Foam": "medium-firm", "Tent": None}
    assert mattress_label("Foam", known) == "Foam · medium-firm"
    assert mattress_label("Tent", known) == "Tent"
    assert mattress_label("New", known) == "New"


# -- tags and messages -------------------------------------------------------------------


def test_tags_are_split_on_commas_semicolons_and_lines() -> None:
    assert split_tags(" travel, new-pillow;;sick\nx ,") == ["travel", "new-pillow", "sick", "x"]
    assert split_tags("") == []


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("new pillow", ["new-pillow"]),
        ("New Pillow!", ["new-pillow"]),
        ("  Über Müde!! , travel", ["uber-mude", "travel"]),
        ("new pillow, new-pillow; NEW PILLOW", ["new-pillow"]),  # one tag, however it was typed
        ("a   b--c", ["a-b-c"]),
        ("x" * 50, ["x" * 30]),
        ("night_owl, travel", ["night_owl", "travel"]),
    ],
)
def test_tags_are_tidied_rather_than_refused(typed: str, saved: list[str]) -> None:
    assert tidy_tags(typed).tags == saved
    assert list(save(form_values(None) | {"pain": 3, "tags": typed}).tags) == sorted(saved)


def test_tidying_says_what_it_changed_and_is_silent_when_nothing_changed() -> None:
    tidied = tidy_tags("New Pillow!, travel, a b")
    assert tidied.text == "new-pillow, travel, a-b"
    assert tidied.note() == (
        "Tags tidied: “New Pillow!” → new-pillow; “a b” → a-b. A tag is 1 to 30 lower-case letters, digits, - or _."
    )
    assert tidy_tags("travel, new-pillow").note() is None
    assert tidy_tags("").tags == [] and tidy_tags("").note() is None
    twice = tidy_tags("new pillow, new pillow")  # typed twice: one tag, and the change named once
    assert twice.tags == ["new-pillow"]
    note = twice.note()
    assert note is not None and note.count("new pillow") == 1


def test_a_tag_with_nothing_to_keep_is_kept_in_the_box_and_named_on_save() -> None:
    tidied = tidy_tags("Спина, travel")
    assert tidied.tags == ["travel"] and tidied.untidy == ["Спина"]
    assert tidied.text == "travel, Спина"  # nothing typed is lost
    raw = form_to_raw(form_values(None) | {"pain": 3, "tags": "Спина, travel"}, day=DAY)
    with pytest.raises(EntryInvalid) as caught:
        parse_entry(raw, check_future=False)
    messages = problems_by_field(caught.value.problems)
    assert list(messages) == ["tags"]
    (message,) = messages["tags"]
    assert (
        "'Спина'" in message and "no letter a–z or digit" in message and "change it or remove it" in message
    )


def test_a_typed_tag_is_tidied_as_another_apps_label_is() -> None:
    """The form and the imports share one tidier (``diary.entry.fields.tidy_tag``)."""
    assert tidy_tag("New Pillow") == "new-pillow"
    assert tidy_tag("  Über Müde!! ") == "uber-mude"
    # Latin letters Unicode keeps whole are written as in ASCII, not dropped.
    assert tidy_tag("Ärger & Streß") == "arger-stress"
    assert tidy_tag("Smørrebrød på Łódź") == "smorrebrod-pa-lodz"
    assert tidy_tag("Þórsmörk") == "thorsmork"
    assert tidy_tag("!!!") is None
    assert tidy_tag("x" * 50) == "x" * 30
    assert tidy_tags("New Pillow, _Late Night_").tags == ["new-pillow", "late-night"]


def test_missing_pain_says_what_to_choose() -> None:
    _, problems = check_entry(form_to_raw(form_values(None), day=DAY), check_future=False)
    assert [problem_message(p) for p in problems] == [
        "Morning pain is missing: choose a number from 0 (no pain) to 10 (worst imaginable)."
    ]


def test_problem_messages_name_the_field_in_plain_words() -> None:
    raw = form_to_raw(
        form_values(None) | {"pain": 3, "pain_minutes": 5000, "notes": "n" * 2001, "mattress": "m" * 81},
        day=DAY,
    )
    _, problems = check_entry(raw, check_future=False)
    messages = problems_by_field(problems)
    assert messages["pain_minutes"] == [
        "Minutes until it eased: '5000' must be a whole number from 0 to 1440."
    ]
    assert messages["notes"] == ["Notes is 2001 characters long; allowed: text of at most 2000 characters."]
    assert messages["mattress"] == ["Mattress is 81 characters long; allowed: text of at most 80 characters."]


def test_a_problem_of_an_unknown_column_is_shown_as_it_is() -> None:
    problem = Problem("colour", "", "is not a diary column")
    assert problem_message(problem) == "colour is not a diary column"


def test_saved_message_says_which_day_what_and_added_or_updated() -> None:
    saved = entry(dt.date(2025, 8, 5), pain=6, mattress="Foam", firmness="medium-firm")
    assert saved_message(saved, updated=False) == (
        "Added a new entry for Tue 5 Aug 2025: morning pain 6 of 10, Foam (medium-firm)."
    )
    assert saved_message(entry(dt.date(2025, 8, 5), pain=0), updated=True) == (
        "Updated the existing entry for Tue 5 Aug 2025: morning pain 0 of 10."
    )


# -- what the page says about the day it holds ------------------------------------------


def test_editing_note_names_the_day_and_when_it_was_first_saved() -> None:
    edited = parse_entry(
        {"date": "2025-08-05", "pain": 4, "logged_at": "2025-08-05T07:12:00+02:00"}, check_future=False
    )
    assert editing_note(edited) == (
        "Editing the entry for Tue 5 Aug 2025 (first saved Tue 5 Aug 2025, 07:12): saving replaces it."
    )
    imported = entry(dt.date(2025, 8, 5))  # no logged_at: nothing to say about it
    assert editing_note(imported) == "Editing the entry for Tue 5 Aug 2025: saving replaces it."


def test_new_day_note_says_where_the_slow_fields_came_from() -> None:
    assert new_day_note(dt.date(2025, 8, 5), None) == "New entry: only the morning pain is needed."
    full = entry(dt.date(2025, 8, 3), mattress="Foam", position="side", pillow="low", bedtime="23:00")
    copied = new_day_note(dt.date(2025, 8, 5), full)
    assert copied.startswith("New entry: only the morning pain is needed.")
    assert copied.endswith("Last night's bed, position, pillow and times are copied from Sun 3 Aug 2025.")
    # Only what was there to copy is named: never "pillow" when no pillow was ever recorded.
    some = entry(dt.date(2025, 8, 3), mattress="Foam", position="side")
    assert new_day_note(dt.date(2025, 8, 5), some).endswith(
        "Last night's bed and position are copied from Sun 3 Aug 2025."
    )
    times = entry(dt.date(2025, 8, 3), bedtime="23:00", wake_time="07:00")
    assert "Last night's times are copied" in new_day_note(dt.date(2025, 8, 5), times)
    assert "Last night's pillow is copied" in new_day_note(
        dt.date(2025, 8, 5), entry(dt.date(2025, 8, 3), pillow="low")
    )
    assert (
        new_day_note(dt.date(2025, 8, 5), entry(dt.date(2025, 8, 3)))
        == "New entry: only the morning pain is needed."
    )
    assert {n for _, names in COPIED_PARTS for n in names} == set(SLOW_FIELDS)  # every copied field, named


def test_draft_note_says_the_answers_are_not_saved() -> None:
    assert draft_note(dt.date(2025, 8, 5)).startswith("Not saved yet: your answers for Tue 5 Aug 2025")


def test_the_other_days_with_unsaved_answers_are_named_in_a_sentence_each_with_its_button() -> None:
    days = [dt.date(2025, 8, 5), dt.date(2025, 8, 3)]
    assert (
        other_drafts_note(days) == "Also not saved yet: your answers for Tue 5 Aug 2025 and Sun 3 Aug 2025."
    )
    assert other_drafts_note(days[:1]) == "Also not saved yet: your answers for Tue 5 Aug 2025."
    assert open_draft_label(days[1]) == "Open Sun 3 Aug 2025"


def test_save_label_names_an_update_and_a_past_day() -> None:
    today = dt.date(2025, 8, 5)
    assert save_label(today, today, editing=False) == "Save this morning"
    assert save_label(dt.date(2025, 8, 1), today, editing=False) == "Save Fri 1 Aug 2025"
    assert save_label(today, today, editing=True) == "Update the entry for Tue 5 Aug 2025"


def test_unsaved_summary_counts_the_answers_to_change_only() -> None:
    assert unsaved_summary({}) is None
    assert unsaved_summary({"": ["Nothing was saved: the file is locked."]}) is None
    assert unsaved_summary({"pain": ["a"], "": ["b"]}) == "Nothing was saved: 1 answer needs a change."
    assert (
        unsaved_summary({"pain": ["a"], "tags": ["b", "c"]}) == "Nothing was saved: 3 answers need a change."
    )


def test_conflict_messages_say_nothing_was_saved_and_what_to_do() -> None:
    day = dt.date(2025, 8, 5)
    elsewhere = saved_elsewhere_message(day)
    assert elsewhere.startswith(
        "Nothing was saved: meanwhile an entry for Tue 5 Aug 2025 was saved elsewhere"
    )
    assert "Press the button again to replace it" in elsewhere
    deleted = deleted_meanwhile_message(day)
    assert deleted.startswith("Nothing was saved: the entry for Tue 5 Aug 2025 was deleted meanwhile.")
    assert "save what you see here as a new entry" in deleted


def test_every_number_in_the_form_says_its_range_in_its_help() -> None:
    """The range is not the widget's bound (a number outside it was dropped by the browser): it is said, and checked at Save."""
    numbers = [
        FIELD_BY_NAME[k]
        for k in FORM_KEYS
        if k in FIELD_BY_NAME and FIELD_BY_NAME[k].kind in ("int", "float") and k != "sleep_quality"
    ]  # sleep quality is five tapped choices, not a number box
    assert "sitting_hours" in {f.name for f in numbers}
    for f in numbers:
        assert f.low is not None and f.high is not None and f.low < f.high
        assert f.allowed in field_help(f), f.name


def test_sleep_quality_words_cover_its_scale() -> None:
    quality = FIELD_BY_NAME["sleep_quality"]
    assert list(SLEEP_QUALITY_WORDS) == list(range(int(quality.low or 0), int(quality.high or 0) + 1))
    assert (SLEEP_QUALITY_WORDS[1], SLEEP_QUALITY_WORDS[5]) == ("very poor", "very good")
