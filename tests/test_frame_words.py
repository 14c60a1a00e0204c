"""What the app's frame, History and Settings say, and the words storage and the readers share, without Streamlit."""

from __future__ import annotations

import datetime as dt
import errno
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from diary.entry import parse_entry
from diary.entry.fields import FIELD_BY_NAME, TAG_RULE
from diary.safety import RedFlagAdvice
from diary.sources import BearableMapping, DaylioMapping, MappingError
from diary.sources.common import counted_once, not_a_night, not_a_tag, not_json
from diary.storage.files import DISK_ERROR, not_created, write_failure
from diary.trials.limits import TrialError
from diary.trials.plan import check_factor
from diary.views import app_words, history_words, settings_words
from diary.views.form import saved_message
from diary.views.history import column_help, entry_summary, restored_message
from diary.wording import figure

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2025, 3, 4)  # a Tuesday


# -- the app's frame ----------------------------------------------------------------------------


def test_the_sidebar_names_the_diary_and_the_report_names_the_app() -> None:
    assert (
        app_words.diary_caption("SQLite database /tmp/d.sqlite3") == "Diary: SQLite database /tmp/d.sqlite3"
    )
    assert app_words.made_by("1.2") == "Pain & Sleep Diary 1.2"


def test_the_sample_diary_s_messages() -> None:
    assert app_words.sample_loaded_message(183, DAY) == (
        "Loaded the sample diary: 183 made-up mornings from Tue 4 Mar 2025. "
        "Look around; the sidebar has a button to remove it again."
    )
    assert app_words.sample_removed_message(7) == (
        "Removed the sample diary (7 days). Days you logged or changed yourself were kept."
    )
    assert app_words.sample_notice(2, DAY, DAY + dt.timedelta(days=1)) == (
        "The sample diary is loaded: 2 made-up days, Tue 4 Mar 2025 to Wed 5 Mar 2025."
    )


def test_warning_advice_is_headed_by_its_day_when_one_is_named() -> None:
    advice = RedFlagAdvice("doctor_today", ("fever",), "See a doctor today.", "Fever with back pain.")
    assert app_words.red_flag_text(advice) == "**See a doctor today.** Fever with back pain."
    assert (
        app_words.red_flag_text(advice, DAY)
        == "**Tue 4 Mar 2025 — See a doctor today.** Fever with back pain."
    )


@pytest.mark.parametrize(
    ("page", "name"), [("pages/history.py", "HISTORY"), ("pages/settings.py", "SETTINGS")]
)
def test_a_page_s_title_is_its_name_in_the_navigation(page: str, name: str) -> None:
    """The same constant titles the page and registers it in streamlit_app.py."""
    assert f"st.title({name}, anchor=False)" in (ROOT / page).read_text(encoding="utf-8")
    assert f"title=words.{name}," in (ROOT / "streamlit_app.py").read_text(encoding="utf-8")


def test_the_words_of_the_frame_history_and_settings_import_without_pandas() -> None:
    modules = "diary.views.app_words, diary.views.history_words, diary.views.settings_words"
    code = f"import sys, {modules}; print('pandas' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "False"]


# -- History and Settings ------------------------------------------------------------------------


def test_history_s_pain_and_sleep_columns_are_helped_like_the_others() -> None:
    pain = FIELD_BY_NAME["pain"]
    assert column_help("pain") == f"{pain.label}: {pain.meaning}"
    assert column_help("sleep_hours") == history_words.SLEEP_HOURS_HELP


def test_history_s_messages_about_a_day() -> None:
    entry = parse_entry({"date": DAY, "pain": 4, "mattress": "Hotel bed"}, check_future=False)
    assert entry_summary(entry).startswith("morning pain 4 of 10")  # as a save says it
    assert "morning pain 4 of 10" in saved_message(entry, updated=False)
    assert restored_message(entry) == "Restored. " + saved_message(entry, updated=False)
    assert history_words.edit_label(True) == "Open it on the Log page"
    assert history_words.edit_label(False) == "Log this day on the Log page"
    assert history_words.not_deleted(ValueError("locked")) == "Nothing was deleted: locked"
    assert history_words.not_restored(ValueError("locked")) == "Not restored: locked"


def test_settings_says_where_things_are_kept() -> None:
    assert settings_words.where_kept("CSV file /d.csv", Path("/s.json")) == (
        "- The diary: CSV file /d.csv\n- These settings: /s.json (kept apart from the diary, never exported)"
    )
    assert settings_words.phone_address("https://10.0.0.2:8501") == "Address: `https://10.0.0.2:8501`"


# -- storage and the readers ---------------------------------------------------------------------


def test_both_backends_say_a_new_diary_cannot_be_created_in_one_way() -> None:
    assert not_created(write_failure(OSError(errno.EIO, "I/O"))) == (
        f"a new diary cannot be created there: {DISK_ERROR}."
    )


def test_a_refused_tag_is_explained_by_the_same_rule_everywhere() -> None:
    assert (
        not_a_tag("New Pillow", "Pillow")
        == f"The tag 'New Pillow' for 'Pillow' is not a label of {TAG_RULE}."
    )
    with pytest.raises(MappingError, match="is not a label of 1 to 30 characters a-z, 0-9, _ or -"):
        DaylioMapping(tags={"Work": "Work!"})
    with pytest.raises(MappingError, match="is not a label of 1 to 30 characters a-z, 0-9, _ or -"):
        BearableMapping(tags={"Caffeine": "Caffeine!"})
    with pytest.raises(TrialError, match=f"^The tag '🛏️' cannot be made a label: use {TAG_RULE}"):
        check_factor("tag:🛏️")  # only an emoji: nothing to tidy into a label, and no "tag:" id shown


def test_the_readers_findings_read_alike() -> None:
    assert counted_once("line 4") == "the same as line 4: counted once"
    assert (
        counted_once("sleep-1.json, entry 1", "log") == "the same log as sleep-1.json, entry 1: counted once"
    )
    night = not_a_night(dt.datetime(2024, 5, 2, 7, 0), dt.datetime(2024, 5, 1, 23, 0))
    assert night == "Thu 2 May 2024, 07:00 to Wed 1 May 2024, 23:00 is not a possible night"
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads("[{]")
    assert (
        not_json(caught.value, "sleep-1.json")
        == "sleep-1.json is not valid JSON (line 1: Expecting property name enclosed in double quotes)."
    )


@pytest.mark.parametrize(
    ("value", "digits", "signed", "written"),
    [
        (1.44, 1, False, "1.4"),
        (0.04, 1, False, "0.04"),  # not "0.0": an interval that excludes 0 must not seem to touch it
        (0.004, 1, True, "+0.004"),
        (-0.0004, 2, True, "+0.00"),  # 0 at every precision: no "-0.00"
        (-0.3, 1, True, "-0.3"),
        (0.0, 2, False, "0.00"),
        (12.4, 0, False, "12"),
        (0.4, 0, False, "0.4"),
    ],
)
def test_a_figure_never_reads_as_0_when_it_is_not_and_never_as_minus_0(
    value: float, digits: int, signed: bool, written: str
) -> None:
    assert figure(value, digits, signed=signed) == written


@pytest.mark.parametrize(
    ("value", "json"),
    [(-0.0012, -0.001), (0.004, 0.004), (1.234, 1.23), (-0.0004, 0.0), (float("nan"), None), (None, None)],
)
def test_a_json_figure_keeps_a_bound_that_is_not_0_from_reading_as_0(
    value: float | None, json: float | None
) -> None:
    """An interval that excludes 0 (-2.15 to -0.001) must not read as touching it in `analyze --json` either."""
    from diary.wording import json_number

    written = json_number(value)
    assert written == json and (written is None or math.copysign(1, written) == math.copysign(1, json or 1.0))


def test_a_range_of_one_day_is_written_as_that_day() -> None:
    from diary.wording import from_to, span_text

    day = dt.date(2026, 12, 5)
    assert from_to(day, day) == "Sat 5 Dec 2026"
    assert span_text(day, day) == "on Sat 5 Dec 2026"
    assert span_text(day, day + dt.timedelta(days=1)) == "between Sat 5 Dec 2026 and Sun 6 Dec 2026"
