"""The Log page offers a night kept aside by an import: said in words, used with one tap, gone once saved."""

from __future__ import annotations

import datetime as dt

from diary.sources import KeptNight, SourceDay, kept_night
from diary.storage import Diary
from diary.views import log_words as words

from . import apptest_support
from .apptest_support import TODAY, days_ago, entry, open_app, texts

# The page tests' diaries (fixtures).
app_diary = apptest_support.app_diary
any_app_diary = apptest_support.any_app_diary

T = dt.time
WATCH = {"bedtime": T(23, 40), "wake_time": T(6, 55), "sleep_latency_min": 15, "awake_minutes": 20}


def keep(diary: Diary, day: dt.date, **values: object) -> KeptNight:
    night = KeptNight.from_day(
        SourceDay(day, {**WATCH, **values}, "sleep records 1–9", "your watch"), "apple-health", "export.zip"
    )
    diary.change_records("night", {night.key: night.to_record()})
    return night


def test_the_imported_night_is_offered_and_one_tap_fills_the_sleep_times(any_app_diary: Diary) -> None:
    keep(any_app_diary, TODAY)
    at = open_app()
    assert "From your watch: in bed 23:40–06:55, fell asleep in 15 min, awake 20 min in the night" in texts(
        at.info
    )
    button = at.button(key="use_kept_night")
    assert button.label == words.USE_NIGHT and not button.disabled
    assert at.time_input(key="bedtime").value is None
    button.click().run()
    assert not at.exception
    assert at.time_input(key="bedtime").value == T(23, 40)
    assert at.time_input(key="wake_time").value == T(6, 55)
    assert at.number_input(key="sleep_latency_min").value == 15
    assert at.number_input(key="awake_minutes").value == 20
    assert at.button(key="use_kept_night").disabled  # in the form already
    at.segmented_control(key="pain").set_value(4)
    at.button(key="save").click().run()
    assert not at.exception
    saved = any_app_diary.get(TODAY)
    assert saved is not None
    assert (saved.pain, saved.bedtime, saved.wake_time, saved.sleep_latency_min, saved.awake_minutes) == (
        4,
        T(23, 40),
        T(6, 55),
        15,
        20,
    )
    assert kept_night(any_app_diary, TODAY) is None  # removed in the same write
    assert not at.get("button") or all(b.key != "use_kept_night" for b in at.button)


def test_the_times_can_be_changed_after_using_them(app_diary: Diary) -> None:
    keep(app_diary, TODAY)
    at = open_app()
    at.button(key="use_kept_night").click().run()
    at.time_input(key="bedtime").set_value(T(23, 0))
    at.segmented_control(key="pain").set_value(3)
    at.run()
    assert at.button(key="use_kept_night").label == words.USE_NIGHT  # the form differs from the watch now
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None and (saved.bedtime, saved.wake_time) == (T(23, 0), T(6, 55))


def test_saving_without_using_it_removes_it_too(app_diary: Diary) -> None:
    keep(app_diary, TODAY)
    at = open_app()
    at.segmented_control(key="pain").set_value(2)
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None and saved.bedtime is None  # what the person typed (nothing) is what is saved
    assert kept_night(app_diary, TODAY) is None


def test_a_morning_already_logged_or_without_a_kept_night_has_no_offer(app_diary: Diary) -> None:
    app_diary.add(entry(0, 5))
    keep(app_diary, days_ago(3))  # kept for another morning
    at = open_app()
    assert all(b.key != "use_kept_night" for b in at.button)
    assert not any(s.startswith("From your watch") for s in texts(at.info))


def test_times_sent_back_from_before_the_tap_on_use_are_put_back(app_diary: Diary) -> None:
    """The tap after "use" can carry the times the browser showed before it (a race): the watch's stay."""
    keep(app_diary, TODAY)
    at = open_app()
    before = at.time_input(key="bedtime").value, at.number_input(key="sleep_latency_min").value
    at.button(key="use_kept_night").click().run()
    # The pain tap arrives with the bedtime and minutes the form showed before the button filled them in.
    at.time_input(key="bedtime").set_value(before[0])
    at.number_input(key="sleep_latency_min").set_value(before[1])
    at.segmented_control(key="pain").set_value(4).run()
    assert not at.exception
    assert at.time_input(key="bedtime").value == T(23, 40)
    assert at.number_input(key="sleep_latency_min").value == 15
    at.button(key="save").click().run()
    saved = app_diary.get(TODAY)
    assert saved is not None and (saved.pain, saved.bedtime, saved.sleep_latency_min) == (4, T(23, 40), 15)
