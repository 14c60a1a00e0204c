"""What the Experiments, Export and Import pages say, and the words of a mapping, without Streamlit."""

from __future__ import annotations

import argparse
import datetime as dt

import pytest

from diary.cli.import_options import add_import_options
from diary.entry.fields import FIELD_BY_NAME, PILLOWS
from diary.errors import Problem
from diary.exchange.diary_csv import nothing_to_export, problem_rows
from diary.ranges import no_entries_message
from diary.sources import BearableMapping, DaylioMapping
from diary.sources.mapping_options import (
    BEARABLE_OPTIONS,
    DAYLIO_OPTIONS,
    NO_TAGS_HELP,
    pain_when_missing_choice,
    pain_words,
    slot_words,
)
from diary.trials.plan import (
    FACTOR_KINDS,
    TAG_KIND,
    TRIAL_POSITIONS,
    TrialError,
    check_factor,
    condition_choices,
    default_conditions,
    new_trial,
    tag_factor,
)
from diary.views import experiments_words, export_words, import_words
from diary.views.imports import SECTIONS, SLEEP_TIMES_NOTE, conflicts_note, conflicts_title, section_title

DAY = dt.date(2025, 3, 4)  # a Tuesday

# -- the Experiments page ---------------------------------------------------------------------


def test_every_factor_a_trial_compares_is_named_as_the_diary_names_its_column() -> None:
    labels = {kind: experiments_words.factor_label(kind) for kind in FACTOR_KINDS}
    assert labels["mattress"] == "Mattress (two beds or mattresses)"
    assert labels["position"] == FIELD_BY_NAME["position"].label == "Sleep position"
    assert labels["legs_elevated"] == FIELD_BY_NAME["legs_elevated"].label
    assert labels[TAG_KIND] == "Something of your own (a tag)"
    assert len(set(labels.values())) == len(FACTOR_KINDS)


def test_a_plan_starts_from_the_diary_s_mattresses_and_the_ends_of_a_choice() -> None:
    assert default_conditions("mattress", ["Foam", "Old sofa", "Hotel"]) == ("Foam", "Old sofa")
    assert default_conditions("mattress", ["Foam"]) == ("Foam", "")
    assert default_conditions("mattress") == ("", "")
    assert condition_choices("pillow") == PILLOWS
    assert default_conditions("pillow") == ("low", "high")
    assert default_conditions("position") == (TRIAL_POSITIONS[0], TRIAL_POSITIONS[-1])
    assert condition_choices("warm_bath") == ()
    assert default_conditions("warm_bath") == ("true", "false")
    assert default_conditions("tag:topper") == ("with", "without")


@pytest.mark.parametrize("factor", FACTOR_KINDS)
def test_every_default_plan_is_one_a_trial_accepts(factor: str) -> None:
    if factor == TAG_KIND:
        factor = tag_factor("Topper")
    a, b = default_conditions(factor, ["Foam", "Old sofa"])
    assert new_trial(factor, a, b, start=DAY, seed=1).factor == factor


def test_a_typed_tag_becomes_the_trial_s_factor_and_nothing_typed_is_refused() -> None:
    assert tag_factor(" Topper ") == "tag:topper"
    assert tag_factor("New Pillow") == "tag:new-pillow"  # tidied, as the Log page tidies a tag
    assert check_factor("tag:Top per") == "tag:top-per"  # and on the command line
    assert tag_factor("") == "tag:?"
    with pytest.raises(TrialError, match=r"^Type the tag the trial compares with and without \(a label of"):
        check_factor(tag_factor("  "))  # nothing typed yet: said plainly, never as "tag:?"


def test_the_experiments_page_notices_and_headings() -> None:
    assert experiments_words.done("end", "Foam (A) or Sofa (B)") == (
        "Foam (A) or Sofa (B): Ended early; the result below is labelled so."
    )
    assert experiments_words.done("cancel", "X").endswith("Cancelled; it gives no result.")
    assert experiments_words.done("finish", "X").endswith("Finished; its result is below.")
    assert (
        set(experiments_words.CONFIRM_TEXT)
        == set(experiments_words.CONFIRM_BUTTON)
        == {"end", "cancel", "finish"}
    )
    assert experiments_words.started("T") == "Started: T. The Log page says each night's condition."
    assert experiments_words.not_started(TrialError("no")) == "Not started: no"
    assert experiments_words.running_heading("T", DAY, DAY) == "**T**, Tue 4 Mar 2025."  # one day: one date
    later = DAY + dt.timedelta(days=6)
    assert experiments_words.result_heading("T", DAY, later) == "T, Tue 4 Mar 2025 to Mon 10 Mar 2025"
    caption = experiments_words.chart_caption("Foam", "Sofa")
    assert "trial night: Foam (A) or Sofa (B), as planned." in caption and "Open rings" in caption
    assert "rings" not in experiments_words.chart_caption("Foam", "Sofa", washout=False)  # none to draw so


# -- the Export page -------------------------------------------------------------------------


def test_the_export_page_says_what_the_diary_holds_in_its_own_words() -> None:
    assert export_words.diary_holds(1, DAY, DAY) == "The diary holds 1 day, Tue 4 Mar 2025."
    assert export_words.diary_holds(7, DAY, DAY + dt.timedelta(days=6)) == (
        "The diary holds 7 days, Tue 4 Mar 2025 to Mon 10 Mar 2025. Both dates are included."
    )
    assert export_words.csv_holds("2 days.").startswith("2 days. Cells a spreadsheet would run")
    assert export_words.rows_shown(10, 365) == "The first 10 of 365 rows."
    assert export_words.where_the_diary_is("diary in x").startswith("This diary is the diary in x.")


def test_an_empty_diary_has_nothing_to_export_in_the_words_of_every_empty_range() -> None:
    assert nothing_to_export() == no_entries_message(None, None) + " There is nothing to export."
    assert "no entries yet" in nothing_to_export()
    assert nothing_to_export(DAY, None).startswith(no_entries_message(DAY, None))


# -- the Import page -------------------------------------------------------------------------


def test_problem_rows_are_one_table_for_a_diary_csv_and_another_app_s_export() -> None:
    rows = problem_rows([Problem("pain", "11", "is not 0-10", "line 3"), Problem("", "", "empty")])
    assert rows == [
        {"Where": "line 3", "Column": "pain", "Value": "11", "What is wrong": "is not 0-10"},
        {"Where": "file", "Column": "", "Value": "", "What is wrong": "empty"},
    ]


def test_the_import_page_s_words() -> None:
    assert import_words.PAIN_VALUE == "Morning pain (0–10)"
    assert import_words.pain_given({DAY + dt.timedelta(days=1): 2, DAY: 4}) == (
        "Pain given: Tue 4 Mar 2025: 4, Wed 5 Mar 2025: 2."
    )
    assert import_words.replace_choice("sleep times") == "Replace the diary's sleep times with the file's"
    assert import_words.imported("a.csv", "2 new days.") == "a.csv: 2 new days."
    assert import_words.this_diary("SQLite diary x", 3, 0) == "This diary: SQLite diary x, 3 days."
    assert import_words.this_diary("x", 1, 2) == (
        "This diary: x, 1 day, and 2 imported nights waiting for their morning entry."
    )
    assert import_words.this_diary("x", 1, 1).endswith("1 imported night waiting for its morning entry.")
    assert section_title("nights", 2) == "Nights kept aside (2)" == f"{SECTIONS['nights'][0]} (2)"
    assert conflicts_title("pain") == "Values that differ from the diary: pain"
    # How minutes to fall asleep go with their bedtime is said under sleep times only.
    assert conflicts_note("pain") == SECTIONS["conflicts"][1]
    assert conflicts_note("sleep times") == f"{SECTIONS['conflicts'][1]} {SLEEP_TIMES_NOTE}"


# -- a mapping's words: the preview, the page and the command line --------------------------


def test_a_mapping_s_preview_names_each_choice_as_its_option_does() -> None:
    bearable = dict(
        BearableMapping(pain_symptom="Back pain", painkillers=frozenset({"Ibuprofen"})).describe()
    )
    assert bearable[BEARABLE_OPTIONS["painkillers"].what] == "Ibuprofen"
    assert (
        bearable["Morning pain"]
        == "Back pain, its earliest rating of the day; ratings 0–4 become 0, 3, 5, 8, 10"
    )
    assert bearable["Factors and medications count for"] == (
        "the next morning (those logged in the small hours, before 05:00, that same morning)"
    )
    assert bearable["Notes"] == "appended to the day's notes"
    assert dict(BearableMapping(sleep_quality=False).describe())["Sleep quality (1–5)"] == "not imported"
    several = DaylioMapping(tags={"Walk": "walk", "walk": "walk", "Gym": "gym"}).describe()
    assert dict(several)["Tags"] == "3 activities become 2 tags (listed under Tags)"
    daylio = dict(DaylioMapping(tags={"Walk": "walk"}, next_morning=False).describe())
    assert daylio == {
        "Tags": "1 activity becomes a tag (listed under Tags)",
        "Activities count for": "the same day",
        "Notes": "appended to the day's notes",
        "Morning pain": "not in Daylio: only days already in the diary, or given a pain value, are changed",
    }


def test_the_option_words_read_as_before() -> None:
    assert slot_words("worst") == "its worst rating of the day" and slot_words("am") == "its rating at am"
    assert pain_words(None, "earliest", (0, 3, 5, 8, 10)) == "not imported: no symptom is chosen"
    assert pain_when_missing_choice("") == "has no pain value (it is not invented)"
    assert pain_when_missing_choice("3") == "has pain 3"
    assert DAYLIO_OPTIONS["next_morning"].label == (
        "Activities count for the next morning (as the diary's “yesterday” fields do)"
    )
    assert BEARABLE_OPTIONS["tags"].label == "Factors that become tags (tidied into labels)"
    assert DAYLIO_OPTIONS["notes"] == BEARABLE_OPTIONS["notes"]


def test_the_import_command_s_mapping_flags_are_helped_by_the_options_words() -> None:
    parser = argparse.ArgumentParser()
    add_import_options(parser, lambda _parser: None)
    helps = {action.option_strings[0]: action.help for action in parser._actions if action.option_strings}
    assert helps["--pain-symptom"] == BEARABLE_OPTIONS["pain_symptom"].help
    assert helps["--painkiller"] == BEARABLE_OPTIONS["painkillers"].help
    assert helps["--same-day"] == "factors and activities count for the same day, not the next morning"
    assert helps["--no-tags"] == NO_TAGS_HELP
    assert helps["--no-notes"] == "leave out the notes"


def test_a_condition_reads_as_a_sentence_both_ways() -> None:
    """ "no warm bath before bed", never "no a warm bath"; positions in the Log page's own words."""
    from diary.trials.text import condition_words

    bath = new_trial("warm_bath", "true", "false", start=DAY, seed=1)
    assert [condition_words(bath, v) for v in ("true", "false")] == [
        "a warm bath or shower before bed",
        "no warm bath or shower before bed",
    ]
    legs = new_trial("legs_elevated", "true", "false", start=DAY, seed=1)
    assert condition_words(legs, "false") == "legs not raised"
    position = new_trial("position", "back", "stomach", start=DAY, seed=1)
    assert condition_words(position, "stomach") == "sleeping on your stomach"
    assert condition_words(position, "mixed") == "sleeping in mixed positions"  # logged off the plan


def test_a_condition_reads_as_a_sentence_after_mornings_after() -> None:
    """ "Mornings after nights without topper", never "after without topper" or "after no warm bath"."""
    from diary.trials.text import after_words, plan_heading

    topper = new_trial("tag:topper", "true", "false", start=DAY, seed=1)
    assert [after_words(topper, v) for v in ("true", "false")] == [
        "nights with topper",
        "nights without topper",
    ]
    bath = new_trial("warm_bath", "true", "false", start=DAY, seed=1)
    assert after_words(bath, "false") == "nights without a warm bath or shower before bed"
    legs = new_trial("legs_elevated", "true", "false", start=DAY, seed=1)
    assert after_words(legs, "true") == "nights with your legs raised"
    pillow = new_trial("pillow", "low", "high", start=DAY, seed=1)
    assert after_words(pillow, "low") == "a low pillow"
    assert plan_heading(pillow) == "A low pillow (A) or a high pillow (B)"  # at the start of a line
