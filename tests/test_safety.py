"""Red-flag tiers and the emergency-number setting."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
from pathlib import Path

import pytest

from diary.entry import parse_entry
from diary.entry.fields import RED_FLAGS
from diary.errors import DiaryError
from diary.safety import (
    DOCTOR_TODAY_FLAGS,
    EMERGENCY_FLAGS,
    FLAG_LABELS,
    advice_by_tier,
    emergency_call,
    flagged_days,
    number_in_use,
    recent_red_flags,
    red_flag_advice,
    symptom_advice,
    symptom_label,
    ticked_long_ago,
    tier_title,
)
from diary.settings import Settings, check_emergency_number, load_settings, save_settings


def test_every_red_flag_has_a_tier_and_plain_words() -> None:
    assert set(EMERGENCY_FLAGS) | set(DOCTOR_TODAY_FLAGS) == set(RED_FLAGS)
    assert not set(EMERGENCY_FLAGS) & set(DOCTOR_TODAY_FLAGS)
    assert set(FLAG_LABELS) == set(RED_FLAGS)


@pytest.mark.parametrize("flag", EMERGENCY_FLAGS)
def test_emergency_flags_say_call_now_with_the_number(flag: str) -> None:
    advice = red_flag_advice([flag], emergency_number="911")
    assert advice is not None and advice.is_emergency
    assert "Call emergency services now (911)" in advice.headline


@pytest.mark.parametrize("flag", DOCTOR_TODAY_FLAGS)
def test_other_flags_say_see_a_doctor_today(flag: str) -> None:
    advice = red_flag_advice([flag])
    assert advice is not None and advice.tier == "doctor_today"
    assert advice.headline == "See a doctor today."
    assert FLAG_LABELS[flag] in advice.detail


def test_a_tier_as_a_title_is_its_sentence_without_the_full_stop() -> None:
    """A dialog's title and "See a doctor today: you logged …" take the advice without its full stop."""
    advice = advice_by_tier(["fever", "chest_pressure"], "999")
    assert [a.title for a in advice] == [tier_title("emergency", "999"), tier_title("doctor_today", "999")]
    assert [a.title for a in advice] == ["Call emergency services now (999)", "See a doctor today"]
    assert [a.headline for a in advice] == ["Call emergency services now (999).", "See a doctor today."]
    assert tier_title("emergency", None) == "Call emergency services now (your local emergency number)"


def test_red_flag_mornings_are_listed_the_emergency_tier_first_then_the_newest() -> None:
    from diary.safety import FlaggedDay, urgent_first

    days = [
        FlaggedDay(dt.date(2025, 1, 1), ("chest_pressure",)),
        FlaggedDay(dt.date(2025, 1, 5), ("fever",)),
        FlaggedDay(dt.date(2025, 1, 3), ("bladder_bowel", "fever")),
        FlaggedDay(dt.date(2025, 1, 9), ("urinary",)),
    ]
    assert [d.date.day for d in urgent_first(days)] == [3, 1, 9, 5]


def test_emergency_advice_names_the_kind_of_problem_its_symptoms_can_mean() -> None:
    """Saddle numbness alone is a nerve's warning, not "a nerve or heart problem"."""
    from diary.safety import advice_by_tier

    def detail(*flags: str) -> str:
        return advice_by_tier(flags, "112")[0].detail

    assert "can mean a nerve problem that" in detail("saddle_numbness")
    assert "can mean a heart problem that" in detail("chest_pressure")
    assert "can mean a nerve or heart problem that" in detail("chest_pressure", "leg_weakness")


def test_see_a_doctor_advice_says_back_pain_once() -> None:
    """ "fever with back pain. Together with back pain…" said it twice; the others still say why it matters."""
    from diary.safety import advice_by_tier

    fever = advice_by_tier(["fever"], "112")[0].detail
    assert fever.startswith("You logged: fever with back pain. This needs a doctor's look today")
    assert fever.count("back pain") == 1
    nausea = advice_by_tier(["nausea"], "112")[0].detail
    assert "Together with back pain this needs a doctor's look today" in nausea
    from diary.safety import FLAG_LABELS, SAYS_BACK_PAIN

    assert {flag for flag, label in FLAG_LABELS.items() if "back pain" in label} == SAYS_BACK_PAIN


def test_most_urgent_tier_wins() -> None:
    advice = red_flag_advice(["fever", "saddle_numbness"])
    assert advice is not None and advice.is_emergency
    assert red_flag_advice([]) is None


def test_every_symptom_is_named_grouped_by_tier() -> None:
    """Fever and loss of bladder control ticked together: both are named, each under its own tier."""
    flags = ["fever", "bladder_bowel", "nausea", "chest_pressure"]
    tiers = advice_by_tier(flags, "999")
    assert [t.tier for t in tiers] == ["emergency", "doctor_today"]
    emergency, doctor = tiers
    assert emergency.flags == ("bladder_bowel", "chest_pressure")
    assert doctor.flags == ("fever", "nausea")
    assert (
        FLAG_LABELS["bladder_bowel"] in emergency.detail and FLAG_LABELS["chest_pressure"] in emergency.detail
    )
    assert FLAG_LABELS["fever"] in doctor.detail and FLAG_LABELS["nausea"] in doctor.detail
    assert FLAG_LABELS["fever"] not in emergency.detail
    # The one-message form (Factors page, recent warnings) names them all too.
    advice = red_flag_advice(flags, "999")
    assert advice is not None and advice.headline == "Call emergency services now (999)."
    assert all(FLAG_LABELS[f] in advice.detail for f in flags)
    assert "Also logged: fever with back pain; nausea or vomiting (see a doctor today)." in advice.detail
    assert advice_by_tier([]) == ()


def test_without_a_number_the_advice_says_the_local_emergency_number() -> None:
    """No silent default: until the person gives a number, no number is named."""
    advice = red_flag_advice(["leg_weakness"])
    assert advice is not None
    assert advice.headline == "Call emergency services now (your local emergency number)."
    assert "112" not in advice.headline + advice.detail
    doctor = red_flag_advice(["fever"])
    assert doctor is not None and doctor.detail.endswith("call your local emergency number.")
    assert emergency_call(None).startswith("Call your local emergency number now")
    assert emergency_call("000") == "Call 000 now."
    assert number_in_use(None).startswith("Not set yet")
    assert number_in_use("911") == "Currently in use: 911."


@pytest.mark.parametrize("flag", EMERGENCY_FLAGS + DOCTOR_TODAY_FLAGS)
def test_each_ticked_symptom_has_advice_of_its_own_tier(flag: str) -> None:
    beside = symptom_advice(flag, "999")
    if flag in EMERGENCY_FLAGS:
        assert beside.startswith("**Call emergency services now (999).**")
    else:
        assert beside.startswith("**See a doctor today.**")
    assert symptom_label(flag)[0].isupper() and symptom_label(flag).lower() == FLAG_LABELS[flag].lower()


def test_advice_beside_a_symptom_names_its_morning_only_before_yesterday() -> None:
    today = dt.date(2025, 3, 10)
    assert ticked_long_ago(today, today) is None and ticked_long_ago(dt.date(2025, 3, 9), today) is None
    assert ticked_long_ago(dt.date(2025, 3, 8), today) == "Sat 8 Mar 2025"


def test_flagged_days_and_recent_ones() -> None:
    entries = [
        parse_entry({"date": "2025-03-01", "pain": 3, "red_flags": "fever"}),
        parse_entry({"date": "2025-03-05", "pain": 3}),
        parse_entry({"date": "2025-03-09", "pain": 3, "red_flags": "leg_weakness;nausea"}),
    ]
    assert [d.date.day for d in flagged_days(entries)] == [1, 9]
    recent = recent_red_flags(entries, days=7, today=dt.date(2025, 3, 10))
    assert [(d.date.day, d.tier) for d in recent] == [(9, "emergency")]


def test_settings_default_save_and_reload(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    assert load_settings(path) == Settings()
    assert load_settings(path).emergency_number is None  # not set: asked for on first use
    assert not Settings().has_emergency_number
    save_settings(Settings(emergency_number=" 911 "), path)
    assert load_settings(path).emergency_number == "911"
    assert load_settings(path).has_emergency_number
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_bad_emergency_number_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    with pytest.raises(DiaryError, match="not a phone number"):
        save_settings(Settings(emergency_number="call mum"), path)
    assert not path.exists()
    with pytest.raises(DiaryError, match="is empty"):
        save_settings(Settings(), path)
    assert not path.exists()
    path.write_text(json.dumps({"emergency_number": "<script>"}))
    assert load_settings(path) == Settings()
    assert load_settings(path).emergency_number is None


@pytest.mark.parametrize("typed", ["+", "#", "***", "- -", "+ # *"])
def test_an_emergency_number_without_a_digit_to_dial_is_refused(typed: str) -> None:
    """Warning-symptom advice names this number: "call +" would be no number at all."""
    with pytest.raises(DiaryError, match="at least one"):
        check_emergency_number(typed)
    assert check_emergency_number("+44 999") == "+44 999" and check_emergency_number("*112#") == "*112#"


def test_an_emergency_number_in_other_digits_is_refused_naming_0_to_9() -> None:
    with pytest.raises(DiaryError, match="digits 0-9"):
        check_emergency_number("１１２")


def test_settings_that_cannot_be_written_say_so_and_keep_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(emergency_number="112"), path)
    before = path.read_bytes()

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(DiaryError) as caught:
        save_settings(Settings(emergency_number="999"), path)
    message = str(caught.value)
    assert str(path) in message and "Nothing was saved" in message and "disk is full" in message
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_a_tally_of_past_warning_symptoms_names_the_emergency_tier_first_however_rare() -> None:
    """Fever on three mornings and numbness between the legs on one: the numbness, an emergency, leads."""
    from diary.safety import FlaggedDay, flag_tally

    days = [
        FlaggedDay(dt.date(2025, 5, n), flags)
        for n, flags in ((1, ("fever",)), (2, ("fever", "nausea")), (3, ("fever", "saddle_numbness")))
    ]
    assert flag_tally(days) == (
        f"{FLAG_LABELS['saddle_numbness']} on 1 morning (emergency: call emergency services); "
        f"{FLAG_LABELS['fever']} on 3 mornings, {FLAG_LABELS['nausea']} on 1 morning (see a doctor the same day)"
    )
