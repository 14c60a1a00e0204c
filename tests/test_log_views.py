"""What the Log page computes and says, without Streamlit: the typed date, the folded sections, a trial's night."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from diary.entry import parse_entry
from diary.entry.fields import FIELD_BY_NAME, FIELDS
from diary.safety import FlaggedDay
from diary.trials.follow import progress
from diary.trials.plan import new_trial, night_on, schedule
from diary.views.form import FLAG_KEYS, form_to_raw, form_values, new_day_values
from diary.views.form_sections import SECTION_OF, SECTIONS
from diary.views.log_day import NotADate, day_heading, last_years_note, read_day
from diary.views.log_sections import (
    save_bar_problems,
    section_answers,
    section_label,
    sections_with_problems,
)
from diary.views.log_trial import asked_fields, deviation_note, planned_values, trial_keys, trial_lines
from diary.views.log_words import call_link, field_help, nothing_saved
from diary.views.overview import also_this_week, week_warnings
from diary.wording import moment_label, relative_day, weekday_named

TODAY = dt.date(2025, 12, 2)  # a Tuesday


# -- the typed date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("29 Nov", dt.date(2025, 11, 29)),
        ("29 November 2025", dt.date(2025, 11, 29)),
        ("Sat 29 Nov 2025", dt.date(2025, 11, 29)),  # as the page writes it
        ("Nov 29", dt.date(2025, 11, 29)),
        ("November 29th, 2025", dt.date(2025, 11, 29)),
        ("2025-11-29", dt.date(2025, 11, 29)),
        ("11-29", dt.date(2025, 11, 29)),  # what a person typed into the old date box
        ("29-11", dt.date(2025, 11, 29)),  # the day first, with a dash
        ("29-11-2025", dt.date(2025, 11, 29)),
        ("29/11/2025", dt.date(2025, 11, 29)),  # only one order makes a date
        ("11/29/2025", dt.date(2025, 11, 29)),
        ("29.11.", dt.date(2025, 11, 29)),
        ("3 Dec", dt.date(2024, 12, 3)),  # without a year: the latest that is not in the future
        ("29 Feb", dt.date(2024, 2, 29)),
        ("tue", TODAY),  # a weekday: the latest, today included
        ("Monday", dt.date(2025, 12, 1)),
        ("thurs", dt.date(2025, 11, 27)),
        ("yesterday", dt.date(2025, 12, 1)),
        (" Today ", TODAY),
    ],
)
def test_a_typed_date_is_read_in_the_forms_people_type(typed: str, day: dt.date) -> None:
    assert read_day(typed, TODAY) == day


@pytest.mark.parametrize(
    ("word", "weekday"),
    [("Thurs.", 3), ("tue", 1), ("TUESDAY", 1), ("Wedn", 2), ("sat", 5), ("we", None), ("someday", None)],
)
def test_a_weekday_is_read_with_the_same_words_wherever_it_is_typed_or_exported(
    word: str, weekday: int | None
) -> None:
    """The Log page's date box and an app's weekday column read one list of words (``WEEKDAY_WORDS``)."""
    assert weekday_named(word) == weekday


@pytest.mark.parametrize("typed", ["1/7/2025", "1-7", "1.7.2025", "01-07"])
def test_a_date_that_could_be_read_two_ways_is_refused_with_both_readings(typed: str) -> None:
    """A dash is no surer than a slash: "1-7" might be typed day first; never guessed, never a silent other day."""
    with pytest.raises(NotADate, match=r"could be 7 Jan or 1 Jul: type the month as a word \(1 Jul\)"):
        read_day(typed, TODAY)


@pytest.mark.parametrize("typed", ["12-07", "1-7", "4/5/2025"])
def test_both_spellings_a_two_way_date_suggests_open_the_same_past_morning(typed: str) -> None:
    """On 2 Dec, "12-07" once suggested this year's 7 Dec: refused as the future, while "7 Dec" opened last year's."""
    with pytest.raises(NotADate) as refused:
        read_day(typed, TODAY)
    match = re.search(
        r"type the month as a word \((\d+ \w+)\) or the date as (\d{4}-\d\d-\d\d)\.", str(refused.value)
    )
    assert match is not None, str(refused.value)
    in_words, in_numbers = match[1], match[2]
    assert read_day(in_words, TODAY) == read_day(in_numbers, TODAY) <= TODAY


@pytest.mark.parametrize(
    ("typed", "noted"),
    [
        ("3 Dec", True),  # on 2 Dec: last year's 3 Dec, this year's still to come
        ("Dec 3rd", True),
        ("1 Dec", False),  # this year's
        ("3 Dec 2024", False),  # its year typed
        ("2024-12-03", False),
        ("29 Feb", False),  # 2024's: no 29 Feb this year to be still to come
    ],
)
def test_a_date_typed_without_its_year_says_when_it_opened_last_years(typed: str, noted: bool) -> None:
    note = last_years_note(typed, read_day(typed, TODAY), TODAY)
    assert (note is not None) == noted
    if note is not None:
        assert "opened Tue 3 Dec 2024: Wed 3 Dec 2025 is still to come" in note


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("hello", "is not a date the diary can read"),
        ("32 Nov", "“32 Nov” is not a date"),
        ("2025-13-01", "is not a date"),
        ("2026-01-01", "Thu 1 Jan 2026 is in the future"),
        ("1899-12-31", "is too long ago"),
        # A weekday that contradicts the date.
        ("Wed 29 Nov", "Sat 29 Nov 2025 is a Saturday, not a Wednesday"),
    ],
)
def test_a_date_that_cannot_be_logged_says_why(typed: str, says: str) -> None:
    with pytest.raises(NotADate, match=says):
        read_day(typed, TODAY)


def test_one_date_format_on_the_page() -> None:
    assert day_heading(TODAY, TODAY) == "Morning of Tue 2 Dec 2025 (today)"
    assert relative_day(dt.date(2025, 12, 1), TODAY) == "Mon 1 Dec 2025 (yesterday)"
    assert relative_day(dt.date(2025, 11, 5), TODAY) == "Wed 5 Nov 2025"
    assert moment_label(dt.datetime(2025, 8, 5, 7, 12)) == "Tue 5 Aug 2025, 07:12"


# -- the folded sections ---------------------------------------------------------------------


def test_every_optional_answer_is_in_one_section_and_the_pain_and_symptoms_in_none() -> None:
    keys = [k for section in SECTIONS for k in section.keys]
    assert len(keys) == len(set(keys))
    assert set(keys) == set(form_values(None)) - {"pain", *FLAG_KEYS.values()}


def test_section_labels_show_what_is_prefilled() -> None:
    previous = parse_entry(
        {
            "date": "2025-12-01",
            "pain": 4,
            "mattress": "Foam 2025",
            "position": "side",
            "pillow": "low",
            "bedtime": "23:15",
            "wake_time": "06:50",
        }
    )
    values = new_day_values(previous)
    morning, night, yesterday, other = SECTIONS
    assert section_label(night, values) == "Last night: Foam 2025, on your side, low pillow, 23:15–06:50"
    assert section_label(morning, values) == "More about this morning (optional)"
    assert section_label(yesterday, values) == "Yesterday (optional)"
    assert section_label(other, values | {"tags": "travel"}) == "Weight, tags and notes: travel"
    assert section_label(night, values, marked=["mattress"]).startswith("Last night: Foam 2025 (trial plan),")
    only_bed = section_label(night, values | {"wake_time": None})
    assert only_bed.endswith("low pillow, bed 23:15")


def test_a_long_section_label_lists_four_answers_and_counts_the_rest() -> None:
    values = form_values(None) | {
        "exertion": "heavy",
        "lifting": True,
        "alcohol": True,
        "sitting_hours": 7.5,
        "painkiller": True,
        "exercise": ["walking", "yoga"],
    }
    label = section_label(SECTION_OF["exertion"], values)
    assert label == "Yesterday: heavy exertion, 7.5 h sitting, walking, yoga, heavy lifting and 2 more"


@pytest.mark.parametrize(
    "name", [f.name for f in FIELDS if f.kind in ("int", "float") and not f.rating and f.name in SECTION_OF]
)
def test_a_number_in_a_section_label_says_what_it_counts(name: str) -> None:
    """A folded section shows "12 min until it eased", never a bare "12" nobody can place."""
    value = (FIELD_BY_NAME[name].low or 0) + 3
    (answer,) = section_answers(SECTION_OF[name], {name: value})
    assert answer == f"{value:g} {FIELD_BY_NAME[name].counted}" and FIELD_BY_NAME[name].counted


def test_problems_are_listed_at_save_with_their_section() -> None:
    problems = {"pain": ["Morning pain is missing."], "mattress": ["Mattress is too long."]}
    text = save_bar_problems(problems)
    assert text is not None
    assert text.startswith("**Nothing was saved: 2 answers need a change.**")
    assert "- Morning pain is missing." in text and "- Last night: Mattress is too long." in text
    assert sections_with_problems(list(problems)) == ["section_night"]
    assert save_bar_problems({}) is None
    assert save_bar_problems({"": ["Nothing was saved: the file is locked."]}) == (
        "Nothing was saved: the file is locked."
    )
    # What was typed is shown as typed inside the list's own Markdown: no italics, no vanished <tag>.
    typed = save_bar_problems({"tags": ["Tags: '*new*' or '<x>' holds no letters a tag can use."]})
    assert typed is not None and r"Tags: '\*new\*' or '\<x\>'" in typed
    ticked = save_bar_problems(problems, ["See a doctor today"])
    assert ticked is not None and ticked.startswith(
        "**See a doctor today**: a warning symptom is ticked above; this stands whether or not the morning "
        "is saved.  \n**Nothing was saved: 2 answers need a change.**"
    )
    assert save_bar_problems({}, ["See a doctor today"]) is None  # nothing failed: the advice is by its box


# -- a trial's night ---------------------------------------------------------------------------


def _trial(factor: str, a: str, b: str, start: dt.date = dt.date(2025, 12, 1)):
    return new_trial(factor, a, b, pairs=2, block=3, washout=1, start=start, seed=7)


def test_the_nights_plan_is_filled_in_and_a_deviation_is_said() -> None:
    trial = _trial("mattress", "Foam 2025", "Old sofa")
    night = night_on(trial, TODAY)
    assert night is not None
    values = form_values(None) | {"mattress": "Something else", "firmness": "firm"}
    planned = values | planned_values(trial, night, values)
    assert planned["mattress"] == night.value and planned["firmness"] is None
    known = {"Foam 2025": "medium-firm", "Old sofa": "soft"}
    assert deviation_note(trial, night, planned, known) is None
    other = "Old sofa" if night.value == "Foam 2025" else "Foam 2025"
    note = deviation_note(trial, night, planned | {"mattress": other.lower()}, known)
    assert note is not None and f"planned {night.value} for last night; you entered {other}" in note
    empty = deviation_note(trial, night, planned | {"mattress": None}, known)
    assert empty is not None and "left empty" in empty


def test_a_tag_trial_adds_or_removes_the_tag_and_a_yes_no_trial_records_no() -> None:
    trial = _trial("tag:topper", "true", "false")
    for night in schedule(trial)[:6]:
        values = form_values(None) | {"tags": "travel, topper"}
        tags = planned_values(trial, night, values)["tags"]
        assert tags == ("travel, topper" if night.value == "true" else "travel")
    assert trial_keys(trial) == ("tags",)
    bath = _trial("warm_bath", "true", "false")
    assert asked_fields(bath) == ("warm_bath",) and asked_fields(trial) == ()
    # Unticked and nothing else about yesterday answered: still "no", because the trial asked.
    raw = form_to_raw(form_values(None) | {"pain": 3}, day=TODAY, asked=asked_fields(bath))
    assert raw["warm_bath"] is False
    assert form_to_raw(form_values(None) | {"pain": 3}, day=TODAY)["warm_bath"] is None


def test_trial_lines_say_progress_and_tonight_never_the_answer() -> None:
    trial = _trial("position", "back", "side")
    entries = [parse_entry({"date": "2025-12-01", "pain": 3, "position": schedule(trial)[0].value})]
    lines = trial_lines(progress(trial, TODAY, entries), TODAY)
    assert lines[0].startswith("Trial night 2 of 12 was last night (pair 1,")  # not read as tonight's
    assert lines[1].startswith("Tonight: sleeping on your")
    assert lines[2] == "1 of 1 logged night followed the plan."
    assert not any("better" in line or "worse" in line or "difference" in line for line in lines)
    past = trial_lines(progress(trial, dt.date(2025, 12, 1), entries), TODAY)
    assert len(past) == 2 and not any(line.startswith("Tonight") for line in past)
    before = trial_lines(progress(_trial("position", "back", "side", dt.date(2025, 12, 3)), TODAY, []), TODAY)
    assert before == [
        "Your trial starts tonight: night 1 of 12.",
        f"Tonight: {before[1][len('Tonight: ') :]}",
    ]
    assert trial_lines(progress(trial, dt.date(2025, 11, 20), entries), TODAY) == []


# -- recent warnings ----------------------------------------------------------------------------


def test_a_week_of_warnings_is_one_message_grouped_by_tier() -> None:
    flagged = [
        FlaggedDay(dt.date(2025, 11, 28), ("fever",)),
        FlaggedDay(dt.date(2025, 12, 1), ("fever", "leg_weakness")),
        FlaggedDay(dt.date(2025, 11, 30), ("nausea",)),
    ]
    found = week_warnings(flagged, TODAY, None)
    assert found is not None
    tier, text = found
    assert tier == "emergency"
    assert text.split("  \n") == [
        "**Call emergency services now (your local emergency number):** you logged new weakness in a leg "
        "on Mon 1 Dec 2025 (yesterday).",
        "**See a doctor today:** you logged fever with back pain on 2 mornings, the last Mon 1 Dec 2025 "
        "(yesterday); nausea or vomiting on Sun 30 Nov 2025.",
    ]
    assert week_warnings([FlaggedDay(dt.date(2025, 12, 1), ("fever",))], TODAY, "999") == (
        "doctor_today",
        "**See a doctor today:** you logged fever with back pain on Mon 1 Dec 2025 (yesterday).",
    )
    assert week_warnings([], TODAY, None) is None


def test_a_week_with_many_warning_symptoms_of_one_tier_says_their_mornings_once() -> None:
    """Four symptoms over three mornings: one date phrase for the tier, every symptom still named."""
    flagged = [
        FlaggedDay(dt.date(2025, 11, 28), ("fever", "nausea")),
        FlaggedDay(dt.date(2025, 11, 30), ("dizziness",)),
        FlaggedDay(dt.date(2025, 12, 1), ("fever", "weight_loss")),
    ]
    found = week_warnings(flagged, TODAY, "999")
    assert found == (
        "doctor_today",
        "**See a doctor today:** you logged 4 warning symptoms on 3 mornings, the last Mon 1 Dec 2025 "
        "(yesterday): fever with back pain; unexplained weight loss; severe dizziness; nausea or vomiting.",
    )


def test_a_tier_said_with_a_saved_morning_is_left_out_of_the_week_and_named_there() -> None:
    flagged = [
        FlaggedDay(dt.date(2025, 12, 1), ("fever", "leg_weakness")),
        FlaggedDay(dt.date(2025, 11, 29), ("nausea",)),
    ]
    assert week_warnings(flagged, TODAY, None, without={"doctor_today"}) == (
        "emergency",
        "**Call emergency services now (your local emergency number):** you logged new weakness in a leg "
        "on Mon 1 Dec 2025 (yesterday).",
    )
    assert week_warnings(flagged, TODAY, None, without={"doctor_today", "emergency"}) is None
    assert also_this_week(flagged, "doctor_today", TODAY) == (
        "Also this week: fever with back pain on Mon 1 Dec 2025 (yesterday); nausea or vomiting on Sat 29 Nov 2025."
    )
    assert also_this_week(flagged[1:], "emergency", TODAY) is None


# -- fixed phrases -------------------------------------------------------------------------------


def test_widget_help_says_what_a_column_means_and_how_to_answer_it() -> None:
    assert field_help(FIELD_BY_NAME["pain_minutes"]) == (
        "Minutes after getting up until the pain eased (a whole number from 0 to 1440). Leave empty if you don't know."
    )
    assert field_help(FIELD_BY_NAME["position"]).endswith("Tap the chosen one again to clear it.")
    assert field_help(FIELD_BY_NAME["sleep_quality"]).endswith("Tap the chosen one again to clear it.")
    assert field_help(FIELD_BY_NAME["exercise"]).endswith("pick any that apply.")
    assert field_help(FIELD_BY_NAME["alcohol"]) == "Alcohol yesterday evening."


def test_the_call_link_dials_the_number_as_given() -> None:
    assert call_link("999") == ("Call 999", "tel:999")
    assert call_link("+44 20 7946-0000") == ("Call +44 20 7946-0000", "tel:+442079460000")


def test_a_refused_save_says_nothing_was_saved_once() -> None:
    assert nothing_saved(OSError("the disk is full")) == "Nothing was saved: the disk is full"
    assert nothing_saved(OSError("Nothing was saved to x: full")) == "Nothing was saved to x: full"


def test_the_trials_last_morning_logged_is_not_asked_for_again() -> None:
    """On the last morning, already logged and open for editing, the page said "log this morning to finish it"
    while the Experiments page said the trial was finished."""
    trial = _trial("position", "back", "side", TODAY - dt.timedelta(days=11))  # 12 nights, the last today
    assert trial.end == TODAY
    unlogged = trial_lines(progress(trial, TODAY, []), TODAY)
    assert "The trial's last night is behind you: log this morning to finish it." in unlogged
    logged = [parse_entry({"date": TODAY.isoformat(), "pain": 3, "position": schedule(trial)[-1].value})]
    lines = trial_lines(progress(trial, TODAY, logged), TODAY)
    assert (
        "That was the trial's last night, and this morning is logged: the trial is over, its result ready."
        in lines
    )
    assert not any("log this morning" in line for line in lines)
