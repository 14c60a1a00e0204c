"""Bearable and Daylio: reading, the mapping's defaults and changes, and what is listed."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary.sources import (
    BearableMapping,
    DaylioMapping,
    MappingError,
    SourceError,
    open_export,
    read_bearable,
    read_daylio,
    tidy_tag,
)
from diary.sources.bearable_mapping import apply_mapping, default_mapping
from diary.sources.daylio import apply_daylio_mapping, default_daylio_mapping
from diary.sources.tabular import parse_clock, parse_day

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
BEARABLE = FIXTURES / "bearable_export.csv"
D = dt.date
T = dt.time


# -- Bearable ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bearable():
    return read_bearable(BEARABLE)


def test_bearable_inventory_counts_days(bearable) -> None:
    assert bearable.symptoms() == {"Back (lower) pain": 4, "Headache": 2, "Neck pain": 1}
    assert bearable.medications() == {"Ibuprofen": 1, "Vitamin D": 1}
    assert "Heavy lifting" in bearable.factors() and "Woke early" in bearable.factors()


def test_bearable_default_mapping(bearable) -> None:
    mapping = default_mapping(bearable)
    assert mapping.pain_symptom == "Back (lower) pain"
    assert mapping.pain_slot == "earliest" and mapping.pain_scale == (0, 3, 5, 8, 10)
    assert mapping.pain_when_missing is None
    assert mapping.painkillers == {"Ibuprofen"}
    assert mapping.tags["Heavy lifting"] == "heavy-lifting"
    assert "🙂" not in mapping.tags
    assert ("Painkiller", "Ibuprofen") in mapping.describe()


def test_bearable_default_result(bearable) -> None:
    result = apply_mapping(bearable, default_mapping(bearable))
    by_date = {d.date: dict(d.values) for d in result.days}
    assert by_date[D(2020, 9, 22)] == {
        "pain": 5,  # the "pre" rating (2, Moderate), earlier than am's 1
        "tags": ("trouble-staying-asleep", "woke-early"),  # sleep factors stay with their night
        "bedtime": T(23, 0),
        "wake_time": T(7, 0),
        "sleep_quality": 2,
        "notes": "Mood: Moved the sofa with Tom, back stiff all evening.",  # once, though the row is repeated
    }
    # the day's factors and the evening's ibuprofen count for the next morning
    assert by_date[D(2020, 9, 23)] == {
        "pain": 8,
        "tags": ("coffee", "heavy-lifting", "long-drive"),
        "painkiller": True,
        "sleep_quality": 4,
    }
    assert by_date[D(2020, 9, 24)] == {
        "pain": 5,
        "tags": ("alcohol", "late-dinner", "rest-day", "walked-bruno"),  # "Pet care": the person's own group
    }  # the all-day slot
    assert by_date[D(2020, 9, 26)] == {
        "pain": 3,
        "notes": "Gratitudes: Felt better after the walk",
    }  # "(Mild)" without a number
    assert D(2020, 9, 25) not in by_date  # a headache only: no pain invented


def test_bearable_lists_what_it_did_not_understand_or_import(bearable) -> None:
    result = apply_mapping(bearable, default_mapping(bearable))
    unrecognised = {f.where: f for f in result.unrecognised}
    assert "12-hour clock" in unrecognised["line 17"].reason  # In bed 10:00 - 08:00
    assert "line 21" not in unrecognised  # "Pet care" is a factor group the person made
    assert "morning" in unrecognised["line 23"].item  # an unknown time of day
    assert "Sep 2020" in unrecognised["line 26"].item  # a date without a day
    left = [str(f) for f in result.not_imported]
    assert "line 13: Mood 5 Meh | Tired — the same as line 12: counted once" in left
    assert "symptoms: Headache (2 entries) — not the symptom chosen as morning pain" in left
    assert (
        "symptoms: Back (lower) pain, other ratings of the day (3 entries) — only its earliest rating"
        in " ".join(left)
    )
    assert "medications: Vitamin D (1 entry) — not counted as a painkiller" in left
    # Its rating has no column; the note written with it came in with the day's notes, and says so.
    assert (
        "categories: Mood (1 entry) — the diary has no column for it; the notes written with it are in the "
        "day's notes"
    ) in left
    assert any(f.startswith("factors: 🙂") for f in left)


def test_a_diary_app_s_days_are_said_to_be_what_its_mapping_gives(bearable) -> None:
    """Another mapping gives other days from the same file: the headline says "as mapped", never "holds"."""
    summary = apply_mapping(bearable, default_mapping(bearable)).summary()
    assert summary.startswith(f"{bearable.name}, as mapped, gives values for 4 days, Tue 22 Sep 2020 to")
    assert " holds " not in summary


def test_bearable_mapping_can_be_changed(bearable) -> None:
    mapping = dataclasses.replace(
        default_mapping(bearable),
        pain_slot="worst",
        pain_scale=(0, 2, 4, 7, 10),
        painkillers=frozenset(),
        tags={"Coffee": "coffee"},
        next_morning=False,
        notes=False,
        bed_times=False,
    )
    by_date = {d.date: dict(d.values) for d in apply_mapping(bearable, mapping).days}
    assert by_date[D(2020, 9, 22)] == {"pain": 4, "tags": ("coffee",), "sleep_quality": 2}
    assert by_date[D(2020, 9, 23)] == {"pain": 7, "sleep_quality": 4}


def test_bearable_pain_at_a_chosen_slot_and_for_days_without_the_symptom(bearable) -> None:
    mapping = dataclasses.replace(default_mapping(bearable), pain_slot="am", pain_when_missing=0)
    by_date = {d.date: d.values.get("pain") for d in apply_mapping(bearable, mapping).days}
    assert by_date[D(2020, 9, 22)] == 3  # its am rating
    assert by_date[D(2020, 9, 24)] is None  # rated only "all day", not at am
    assert by_date[D(2020, 9, 25)] == 0  # other symptoms logged, this one not: the mapping says 0


@pytest.mark.parametrize(("slot", "pain"), [("pre", 8), ("am", 3), ("mid", 5), ("pm", 10), ("all day", None)])
def test_bearable_ratings_written_as_a_time_of_day_count_for_the_slot_they_fall_in(
    tmp_path: Path, slot: str, pain: int | None
) -> None:
    """An export that writes 08:15 instead of "am": choosing "am" takes the 08:15 rating."""
    head = "date,weekday,time of day,category,rating/amount,detail,notes\n"
    rows = [
        f'"23rd Sep 2020","Wednesday","{clock}","Symptom","{rating}","Back (lower) pain","",'
        for clock, rating in (("03:40", 3), ("08:15", 1), ("13:30", 2), ("21:05", 4))
    ]
    path = tmp_path / "bearable.csv"
    path.write_text(head + "\n".join(row.rstrip(",") for row in rows) + "\n")
    export = read_bearable(path)
    mapping = dataclasses.replace(default_mapping(export), pain_slot=slot)
    by_date = {d.date: d.values.get("pain") for d in apply_mapping(export, mapping).days}
    assert by_date.get(D(2020, 9, 23)) == pain


@pytest.mark.parametrize(("rows", "pain"), [(("am", "04:50"), 8), (("am", "05:10"), 3), (("pm", "16:30"), 8)])
def test_the_earliest_bearable_rating_places_a_named_slot_at_the_start_of_its_band(
    tmp_path: Path, rows: tuple[str, str], pain: int
) -> None:
    """ "am" begins where the small hours end (05:00): before 05:10, after 04:50; "pm" after 16:30."""
    head = "date,weekday,time of day,category,rating/amount,detail,notes\n"
    lines = [
        f'"23rd Sep 2020","Wednesday","{when}","Symptom","{rating}","Back (lower) pain",""'
        for when, rating in zip(rows, (1, 3), strict=True)
    ]
    path = tmp_path / "bearable.csv"
    path.write_text(head + "\n".join(lines) + "\n")
    export = read_bearable(path)
    mapping = dataclasses.replace(default_mapping(export), pain_slot="earliest")
    assert {d.date: d.values.get("pain") for d in apply_mapping(export, mapping).days} == {
        D(2020, 9, 23): pain
    }


@pytest.mark.parametrize("amount", ["３", "²", "٣"])
def test_a_bearable_rating_in_other_digits_is_listed_not_read_nor_a_crash(
    tmp_path: Path, amount: str
) -> None:
    """str.isdigit() takes these; int() reads two of them and crashes on the superscript."""
    path = tmp_path / "bearable.csv"
    path.write_text(
        "date,weekday,time of day,category,rating/amount,detail,notes\n"
        f'"23rd Sep 2020","Wednesday","am","Symptom","{amount}","Back (lower) pain",""\n'
        '"23rd Sep 2020","Wednesday","","Sleep quality","４","",""\n',
        encoding="utf-8",
    )
    export = read_bearable(path)
    result = apply_mapping(export, default_mapping(export))
    assert not result.days
    assert [f.reason for f in result.unrecognised][:1] == ["is not a symptom rated 0–4"]


@pytest.mark.parametrize(
    ("amount", "detail", "expected"),
    [("", "Good", 4), ("", " very  POOR ", 1), ("", "Great", 5), ("2", "Great", 2), ("", "Dreamy", None)],
)
def test_a_bearable_sleep_quality_without_a_rating_is_read_from_its_word(
    tmp_path: Path, amount: str, detail: str, expected: int | None
) -> None:
    """The rating wins where there is one; a word the scale does not have is listed, not guessed."""
    path = tmp_path / "bearable.csv"
    path.write_text(
        "date,weekday,time of day,category,rating/amount,detail,notes\n"
        '"23rd Sep 2020","Wednesday","am","Symptom","2","Back (lower) pain (Moderate)",""\n'
        f'"23rd Sep 2020","Wednesday","","Sleep quality","{amount}","{detail}",""\n',
        encoding="utf-8",
    )
    export = read_bearable(path)
    result = apply_mapping(export, default_mapping(export))
    (day,) = result.days
    assert dict(day.values).get("sleep_quality") == expected
    reasons = [f.reason for f in result.unrecognised]
    assert reasons == ([] if expected else ["is not a sleep quality from 1 to 5"])


def test_bearable_medications_and_factors_of_the_small_hours_count_for_that_same_morning(
    tmp_path: Path,
) -> None:
    """A pill at 04:30 is in that morning's last 24 hours; one at 21:00 in the next morning's."""
    head = "date,weekday,time of day,category,rating/amount,detail,notes\n"
    rows = [
        '"25th Sep 2020","Friday","4:30","Meds/Supplements","400","Ibuprofen (mg)",""',
        '"25th Sep 2020","Friday","pre","Factors","","Woken by neighbours",""',
        '"25th Sep 2020","Friday","5:00","Factors","","Early walk",""',
        '"26th Sep 2020","Saturday","21:00","Meds/Supplements","400","Ibuprofen (mg)",""',
    ]
    path = tmp_path / "bearable.csv"
    path.write_text(head + "\n".join(rows) + "\n")
    export = read_bearable(path)
    by_date = {d.date: dict(d.values) for d in apply_mapping(export, default_mapping(export)).days}
    assert by_date[D(2020, 9, 25)] == {"painkiller": True, "tags": ("woken-by-neighbours",)}
    assert by_date[D(2020, 9, 26)] == {"tags": ("early-walk",)}  # 05:00: the small hours are over
    assert by_date[D(2020, 9, 27)] == {"painkiller": True}
    same_day = dataclasses.replace(default_mapping(export), next_morning=False)
    assert {d.date for d in apply_mapping(export, same_day).days} == {D(2020, 9, 25), D(2020, 9, 26)}


def test_bearable_without_a_back_pain_symptom_imports_no_pain(tmp_path: Path) -> None:
    path = tmp_path / "bearable.csv"
    path.write_text(
        'date,weekday,time of day,category,rating/amount,detail,notes\n"1st Mar 2021","Monday","am","Symptom","2","Headache (Moderate)",""\n'
    )
    export = read_bearable(path)
    mapping = default_mapping(export)
    assert mapping.pain_symptom is None
    assert apply_mapping(export, mapping).days == ()
    assert any("no symptom is chosen" in str(f) for f in apply_mapping(export, mapping).not_imported)


def test_bearable_proposes_the_lower_back_where_several_parts_of_the_back_are_rated(tmp_path: Path) -> None:
    """A real export rates the upper back more often than the lower: the diary's question is the lower back."""
    head = "date,weekday,time of day,category,rating/amount,detail,notes\n"
    upper = "".join(
        f'"{d}th May 2021","x","am","Symptom","2","Back (upper) pain (Moderate)",""\n' for d in (4, 5, 6)
    )
    lower = '"7th May 2021","x","am","Symptom","1","Back (lower) pain (Mild)",""\n'
    path = tmp_path / "bearable.csv"
    path.write_text(head + upper + lower)
    assert default_mapping(read_bearable(path)).pain_symptom == "Back (lower) pain"


def test_bearable_bed_times_on_a_12_hour_clock_are_imported(tmp_path: Path) -> None:
    """In bed and asleep both given: bed time from the one, the final awakening and the minutes to sleep from both."""
    path = tmp_path / "bearable.csv"
    path.write_text(
        "date,weekday,time of day,category,rating/amount,detail,notes\n"
        '"18th May 2021","Tuesday","am","Symptom","2","Back (lower) pain (Moderate)",""\n'
        '"18th May 2021","Tuesday","","Sleep","7:15","Asleep 11:30 PM - 6:45 AM. In bed 11:00 PM - 7:00 AM",". "\n'
    )
    export = read_bearable(path)
    [day] = apply_mapping(export, default_mapping(export)).days
    assert (day.values["bedtime"], day.values["wake_time"]) == (T(23, 0), T(6, 45))
    assert day.values["sleep_latency_min"] == 30


@pytest.mark.parametrize(
    ("detail", "expected"),
    [
        (
            "In bed 22:45 - 07:00 | Asleep 23:00 - 06:50",
            {"bedtime": T(22, 45), "wake_time": T(6, 50), "sleep_latency_min": 15},
        ),
        (
            "In bed 23:50 - 07:00 | Asleep 00:20 - 07:00",
            {"bedtime": T(23, 50), "wake_time": T(7, 0), "sleep_latency_min": 30},
        ),
        ("Asleep 23:30 - 07:10", {"bedtime": T(23, 30), "wake_time": T(7, 10)}),
        ("In bed 23:00 - 07:00 | Asleep 22:00 - 06:00", "time asleep outside its time in bed"),
        ("In bed 23:00 - 07:00 | Asleep 23:30 - 07:30", "time asleep outside its time in bed"),
        ("In bed 23:00 - 07:00 | Asleep 25:30 - 07:30", "is not a pair of times of day"),
        ("In bed 20:00 - 11:00 | Asleep 07:00 - 10:00", "660 minutes from going to bed to falling asleep"),
        ("23:15 - 06:45", "holds no bed and wake times the diary reads"),
        ("Bedtime 23:15, woke up 06:45", "holds no bed and wake times the diary reads"),
    ],
)
def test_bearable_night_from_in_bed_and_asleep(tmp_path: Path, detail: str, expected: object) -> None:
    path = tmp_path / "bearable.csv"
    path.write_text(
        "date,weekday,time of day,category,rating/amount,detail,notes\n"
        '"18th May 2021","Tuesday","am","Symptom","2","Back (lower) pain (Moderate)",""\n'
        f'"18th May 2021","Tuesday","","Sleep","7:15","{detail}",""\n'
    )
    export = read_bearable(path)
    result = apply_mapping(export, default_mapping(export))
    [day] = result.days
    night = {k: v for k, v in day.values.items() if k in ("bedtime", "wake_time", "sleep_latency_min")}
    if isinstance(expected, str):
        assert night == {}
        assert any(f.where == "line 3" and expected in str(f) for f in result.unrecognised)
    else:
        assert night == expected


def test_bearable_measured_values_in_a_category_the_diary_does_not_know_are_listed_not_tagged(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bearable.csv"
    path.write_text(
        "date,weekday,time of day,category,rating/amount,detail,notes\n"
        "22nd Sep 2020,Tuesday,am,Symptom,2,Back (lower) pain (Moderate),\n"
        "22nd Sep 2020,Tuesday,am,Blood sugar,5.4,5.4 mmol/L,\n"
        "22nd Sep 2020,Tuesday,all day,Cycle,,Flow (Medium),\n"
        "22nd Sep 2020,Tuesday,all day,Lifestyle,,Work | Caffeine - A lot,\n"
    )
    export = read_bearable(path)
    assert set(export.factors()) == {"Work", "Caffeine"}  # the person's own factor group only
    result = apply_mapping(export, default_mapping(export))
    assert any(f.where == "line 3" and "measurement" in str(f) for f in result.unrecognised)
    assert any("Cycle" in str(f) for f in result.not_imported)
    tags = {t for day in result.days for t in cast(tuple[str, ...], day.values.get("tags", ()))}
    assert tags <= {"work", "caffeine"}


def test_a_bearable_factor_marked_none_was_absent_and_is_listed_not_tagged(tmp_path: Path) -> None:
    path = tmp_path / "bearable.csv"
    path.write_text(
        "date,weekday,time of day,category,rating/amount,detail,notes\n"
        "4th Mar 2024,Monday,am,Symptom,2,Back (lower) pain (Moderate),\n"
        "4th Mar 2024,Monday,all day,Lifestyle,,☕ Caffeine - A lot | 🍷 Alcohol - None | Heavy lifting,\n"
        "5th Mar 2024,Tuesday,all day,Lifestyle,,🍷 Alcohol – none,\n"
    )
    export = read_bearable(path)
    assert set(export.factors()) == {"☕ Caffeine", "Heavy lifting"}
    result = apply_mapping(export, default_mapping(export))
    tags = {t for day in result.days for t in cast(tuple[str, ...], day.values.get("tags", ()))}
    assert tags == {"caffeine", "heavy-lifting"}
    assert "factors: 🍷 Alcohol (2 entries) — marked None (absent that day), so not a tag" in [
        str(f) for f in result.not_imported
    ]


def test_bearable_and_daylio_saved_with_semicolons_are_recognised(tmp_path: Path) -> None:
    bearable = tmp_path / "bearable.csv"
    bearable.write_text(BEARABLE.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    assert open_export(bearable).kind == "bearable"
    daylio = tmp_path / "daylio.csv"
    daylio.write_text(
        "full_date;date;weekday;time;mood;activities;note_title;note\n2024-05-04;May 4;Saturday;08:00;good;walking;;\n"
    )
    assert open_export(daylio).kind == "daylio"


def test_bearable_monthly_exports_are_read_together() -> None:
    """Bearable exports a month at a time: the factors of 30 September count for 1 October's morning."""
    export = read_bearable(FIXTURES / "bearable_monthly")
    result = apply_mapping(export, default_mapping(export))
    by_date = {d.date: (dict(d.values), d.where) for d in result.days}
    assert by_date[D(2020, 10, 1)] == (
        {"pain": 8, "tags": ("gardening", "wine"), "painkiller": True},
        "bearable-export-30-09-2020.csv, lines 4–5; bearable-export-31-10-2020.csv, line 3",
    )
    assert [str(f) for f in result.not_imported] == [
        "bearable-export-31-10-2020.csv, line 2: Factors Gardening | Wine — "
        "the same as bearable-export-30-09-2020.csv, line 4: counted once",
        "symptoms: Lower back pain, other ratings of the day (1 entry) — only its earliest rating of the day "
        "counts as morning pain",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pain_slot": "noon"}, "pain slot 'noon'"),
        ({"pain_scale": (0, 3, 5, 8)}, "five whole numbers"),
        ({"pain_scale": (0, 3, 5, 8, 11)}, "five whole numbers"),
        ({"pain_when_missing": 12}, "0 to 10"),
        ({"tags": {"Coffee": "Coffee!"}}, "'Coffee!' for 'Coffee' is not a label"),
    ],
)
def test_bearable_a_bad_mapping_is_refused(changes: dict, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        BearableMapping(**changes)


def test_bearable_missing_columns_are_a_named_error(tmp_path: Path) -> None:
    path = tmp_path / "bearable.csv"
    path.write_text("date,category,rating/amount\n")
    with pytest.raises(
        SourceError,
        match=r"^bearable\.csv cannot be read as a Bearable CSV export: it lacks the column\(s\) detail",
    ):
        read_bearable(path)


# -- Daylio -----------------------------------------------------------------------------


def test_daylio_new_export_with_12_hour_times() -> None:
    export = read_daylio(FIXTURES / "daylio_export.csv")
    assert export.moods() == {"good": 2, "meh": 1, "awful": 1, "rad": 1}
    result = apply_daylio_mapping(export, default_daylio_mapping(export))
    by_date = {d.date: dict(d.values) for d in result.days}
    # 2 May: a note written that evening (its activities count for 3 May's morning)
    assert by_date[D(2024, 5, 2)] == {"notes": "Dug the new bed. Lower back sore by evening,\nhard to sit."}
    assert by_date[D(2024, 5, 3)] == {
        "tags": ("beer", "gardening", "heavy-lifting"),
        "notes": "Pizza night\nLong walk home, back felt fine.",
    }
    assert by_date[D(2024, 5, 4)] == {"tags": ("friends", "sitting-a-lot", "walking", "work")}
    # 30 April's "Café visit" (its odd time is listed), and yoga logged at 00:05 on 1 May: after midnight,
    # before that morning (not the next one)
    assert by_date[D(2024, 5, 1)] == {"tags": ("cafe-visit", "yoga")}
    unrecognised = [str(f) for f in result.unrecognised]
    assert "line 9: full_date '2024-04-31' — is not a date (Daylio writes YYYY-MM-DD)" in unrecognised
    assert "line 10: time '25:70' — is not a time of day; the entry's date is used" in unrecognised
    left = [str(f) for f in result.not_imported]
    assert "line 6: entry of 2024-05-02 — the same as line 4: counted once" in left
    assert any(
        f.startswith("activities: 🍕") and "give it a tag of your own in the mapping" in f for f in left
    )
    assert any(f.startswith("mood: good (2 entries)") for f in left)


def test_daylio_old_export_without_note_title_and_24_hour_times() -> None:
    export = read_daylio(FIXTURES / "daylio_export_old.csv")
    mapping = DaylioMapping(tags={"work": "work", "long drive": "long-drive"}, next_morning=False)
    by_date = {d.date: dict(d.values) for d in apply_daylio_mapping(export, mapping).days}
    assert by_date == {
        D(2019, 11, 11): {"tags": ("long-drive", "work"), "notes": "woke up stiff"},
        D(2019, 11, 12): {"tags": ("work",), "notes": "Back OK after swimming"},
    }
    assert [r.time for r in export.rows] == [T(21, 30), T(7, 45), T(22, 10)]


@pytest.mark.parametrize(
    ("written", "time"),
    [
        ("9:41 pm", T(21, 41)),
        ("9:41 p. m.", T(21, 41)),
        ("오후 9:41", T(21, 41)),
        ("午前 7:05", T(7, 5)),
        ("21 h 41", T(21, 41)),  # Canadian French: hours, "h", minutes
        ("7\u202fh\u202f05", T(7, 5)),
        ("٩:٤١ م", T(21, 41)),  # Arabic: its own digits, the afternoon mark after the time
        ("7:05 ص", T(7, 5)),
        ("۹:۴۱ ب.ظ", T(21, 41)),  # Persian
    ],
)
def test_daylio_times_as_phones_write_them_in_other_languages(
    written: str, time: dt.time, tmp_path: Path
) -> None:
    path = tmp_path / "daylio.csv"
    path.write_text(
        f'full_date,date,weekday,time,mood,activities,note\n2024-05-02,x,y,"{written}",good,work,\n'
    )
    export = read_daylio(path)
    assert [r.time for r in export.rows] == [time] and not export.unrecognised


def test_daylio_oldest_export_dates_each_entry_by_its_year_and_day() -> None:
    """The oldest exports have no full_date: "2018" and "18 May" in two columns, times on a 12-hour clock."""
    export = read_daylio(FIXTURES / "daylio_export_oldest.csv")
    assert [(r.date, r.time) for r in export.rows] == [
        (D(2018, 5, 18), T(23, 54)),
        (D(2018, 5, 17), T(22, 21)),
    ]
    by_date = {
        d.date: dict(d.values) for d in apply_daylio_mapping(export, default_daylio_mapping(export)).days
    }
    assert by_date == {
        D(2018, 5, 18): {"tags": ("cook", "stressed"), "notes": "Went to a party"},  # notes stay on their day
        D(2018, 5, 19): {"tags": ("clean", "cook")},  # the evening's activities count for the next morning
    }
    assert not export.unrecognised


def test_daylio_oldest_export_in_the_phone_s_language(tmp_path: Path) -> None:
    """The oldest exports write the day in the phone's language: German, French, Spanish, Italian, Portuguese."""
    path = tmp_path / "daylio.csv"
    path.write_text(
        "year,date,weekday,time,mood,activities,note\n"
        '2024,17. Mai,Freitag,23:54,gut,kochen,""\n'
        '2024,18 mars,samedi,22:21,moyen,cuisine,""\n'
        '2024,3 de febrero,sábado,21:00,bien,cocinar,""\n'
        '2023,5 ott,giovedì,21:00,bene,cucinare,""\n'
        '2023,9 de dezembro,sábado,21:00,bem,cozinhar,""\n',
        encoding="utf-8",
    )
    export = read_daylio(path)
    assert [r.date for r in export.rows] == [
        D(2024, 5, 17),
        D(2024, 3, 18),
        D(2024, 2, 3),
        D(2023, 10, 5),
        D(2023, 12, 9),
    ]


def test_daylio_oldest_export_in_east_asian_and_arabic_phones(tmp_path: Path) -> None:
    """Chinese, Japanese and Korean phones write the day as 9月22日 or 9월 22일; Arabic ones write ٩:٤١ م; Thai
    ones 18 ก.ย., Vietnamese 17 thg 9 and 9:41 CH, Greek 7:05 π.μ."""
    path = tmp_path / "daylio.csv"
    path.write_text(
        "year,date,weekday,time,mood,activities,note\n"
        '2020,9月22日,火曜日,午後 9:41,良い,料理,""\n'
        '2020,9월 21일,월요일,오전 7:05,좋음,요리,""\n'
        '2020,9月20日,星期日,下午 10:30,好,做饭,""\n'
        '2020,19 سبتمبر,السبت,٩:٤١ م,جيد,طبخ,""\n'
        '2020,18 ก.ย.,วันศุกร์,21:41,ดี,ทำอาหาร,""\n'
        '2020,17 thg 9,Thứ Năm,07:05,tốt,nấu ăn,""\n'
        '2020,16 thg 9,Thứ Tư,9:41 CH,tốt,nấu ăn,""\n'
        '2020,15 Σεπτεμβρίου,Τρίτη,7:05 π.μ.,καλά,μαγείρεμα,""\n',
        encoding="utf-8",
    )
    export = read_daylio(path)
    assert [(r.date, r.time) for r in export.rows] == [
        (D(2020, 9, 22), T(21, 41)),
        (D(2020, 9, 21), T(7, 5)),
        (D(2020, 9, 20), T(22, 30)),
        (D(2020, 9, 19), T(21, 41)),
        (D(2020, 9, 18), T(21, 41)),
        (D(2020, 9, 17), T(7, 5)),
        (D(2020, 9, 16), T(21, 41)),
        (D(2020, 9, 15), T(7, 5)),
    ]
    assert not export.unrecognised


def test_daylio_oldest_export_with_polish_month_names() -> None:
    """A real Polish export's layout: months in the genitive ("7 września"), one row a cell short."""
    export = read_daylio(FIXTURES / "daylio_export_oldest_pl.csv")
    assert [r.date for r in export.rows] == [
        D(2017, 9, 7),
        D(2017, 9, 6),
        D(2017, 8, 31),
        D(2017, 8, 29),
        D(2017, 1, 2),
    ]
    assert not export.unrecognised


def test_daylio_saved_by_a_spreadsheet_as_unicode_text_is_read() -> None:
    """A spreadsheet's "Unicode Text" save: UTF-16 with a byte order mark, cells separated by tabs."""
    export = open_export(FIXTURES / "daylio_export_unicode_text.txt")
    assert export.kind == "daylio"
    daylio = read_daylio(FIXTURES / "daylio_export_unicode_text.txt")
    assert [(r.date, r.time, r.activities, r.note) for r in daylio.rows] == [
        (D(2024, 5, 3), T(21, 41), ("friends", "walking"), "Pizza night\nLong walk home, back felt fine."),
        (
            D(2024, 5, 2),
            T(22, 15),
            ("gardening", "Heavy Lifting"),
            "Dug the new bed; lower back sore, hard to sit.",
        ),
    ]
    assert not daylio.unrecognised


def test_bearable_with_tabs_between_its_cells_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bearable.txt"
    path.write_text(
        "date\tweekday\ttime of day\tcategory\trating/amount\tdetail\tnotes\n"
        "22nd Sep 2020\tTuesday\tpre\tSymptom\t2\tBack (lower) pain (Moderate)\t\n",
        encoding="utf-8",
    )
    export = open_export(path)
    assert export.kind == "bearable"
    assert read_bearable(path).symptoms() == {"Back (lower) pain": 1}


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2 stycznia 2017", D(2017, 1, 2)),  # Polish
        ("15 февраля 2019", D(2019, 2, 15)),  # Russian
        ("3 березня 2019", D(2019, 3, 3)),  # Ukrainian
        ("4. dubna 2019", D(2019, 4, 4)),  # Czech
        ("5 Mayıs 2019", D(2019, 5, 5)),  # Turkish
        ("6 augusti 2019", D(2019, 8, 6)),  # Swedish
        ("7. desember 2019", D(2019, 12, 7)),  # Norwegian, Danish
        ("8 listopada 2019", D(2019, 11, 8)),  # Polish: listopad is November
        ("9月22日 2020", D(2020, 9, 22)),  # Chinese, Japanese: the day, then the year column
        ("9월 22일 2020", D(2020, 9, 22)),  # Korean
        ("2020年9月22日", D(2020, 9, 22)),  # with its year first
        ("2020년 9월 22일", D(2020, 9, 22)),
        ("9月22日", None),  # no year: never guessed
        ("2020年9月22日 2021", None),  # two years: which one cannot be told
        ("2020年2月30日", None),  # no such day
        ("2020. szeptember 22.", D(2020, 9, 22)),  # Hungarian: the year first
        ("22 septembrie 2020", D(2020, 9, 22)),  # Romanian
        ("22 Agustus 2020", D(2020, 8, 22)),  # Indonesian
        ("22. syyskuuta 2020", D(2020, 9, 22)),  # Finnish
        ("22 Μαΐου 2020", D(2020, 5, 22)),  # Greek
        ("19 سبتمبر 2020", D(2020, 9, 19)),  # Arabic (Egypt, the Gulf)
        ("19 تشرين الأول 2020", D(2020, 10, 19)),  # Arabic (the Levant): a month in two words
        ("۲۲ سپتامبر ۲۰۲۰", D(2020, 9, 22)),  # Persian, in its own digits
        ("22 בספטמבר 2020", D(2020, 9, 22)),  # Hebrew: "in September"
        ("22 กันยายน 2020", D(2020, 9, 22)),  # Thai, the month named
        ("22 ก.ย. 2020", D(2020, 9, 22)),  # Thai, the month shortened
        ("1 ม.ค 2021", D(2021, 1, 1)),  # without its last dot
        ("1 มค 2021", D(2021, 1, 1)),  # without any
        ("5 มี.ค. 2563", D(2020, 3, 5)),  # the year counted from the Buddha
        ("๒๒ ก.ย. ๒๕๖๓", D(2020, 9, 22)),  # in Thai digits
        ("22 tháng 9 2020", D(2020, 9, 22)),  # Vietnamese: the month by its number
        ("22 Thg 9, 2020", D(2020, 9, 22)),
        ("22 tháng 13 2020", None),  # no such month
    ],
)
def test_daylio_oldest_export_months_in_more_languages(written: str, day: dt.date | None) -> None:
    assert parse_day(written) == day


@pytest.mark.parametrize(
    ("written", "clock"),
    [
        ("21:41", T(21, 41)),
        ("9:41 pm", T(21, 41)),
        ("9:41 p. m.", T(21, 41)),  # Spanish
        ("오후 9:41", T(21, 41)),  # Korean: the mark first
        ("٩:٤١ م", T(21, 41)),  # Arabic: the mark after, in Arabic digits
        ("9:41 μ.μ.", T(21, 41)),  # Greek
        ("12:05 π.μ.", T(0, 5)),
        ("9:41 CH", T(21, 41)),  # Vietnamese
        ("12:05 SA", T(0, 5)),
        ("۱:۱۵ ق.ظ.", T(1, 15)),  # Persian, in Persian digits, its mark with the final dot
        ("9:41 ب.ظ.", T(21, 41)),
        ("9:41 ب.ظ", T(21, 41)),  # and without it
        ("9:41 אחה״צ", T(21, 41)),  # Hebrew, with gershayim
        ('12:05 לפנה"צ', T(0, 5)),  # and with a plain quote
        ("9:41 nachm.", T(21, 41)),  # German
        ("12:05 vorm.", T(0, 5)),
        ("1:30 ก่อนเที่ยง", T(1, 30)),  # Thai
        ("9:41 หลังเที่ยง", T(21, 41)),
        ("21.41 น.", T(21, 41)),  # and its 24-hour time, "o'clock" after it
        ("13:00 CH", None),  # no 13 o'clock on a 12-hour clock
        ("25:70", None),
    ],
)
def test_daylio_times_of_day_as_phones_write_them(written: str, clock: dt.time | None) -> None:
    assert parse_clock(written) == clock


@pytest.mark.parametrize(
    ("rows", "dates"),
    [
        # a spreadsheet in the US saved it: 5/3/2024 is 3 May, as its weekday (Friday) says
        (["5/3/2024,3-May,Friday", "5/4/2024,4-May,Saturday"], [D(2024, 5, 3), D(2024, 5, 4)]),
        (["5/3/2024,x,", "5/13/2024,x,"], [D(2024, 5, 3), D(2024, 5, 13)]),  # 13 can only be the day
        (["5/3/2024,x,", "13/3/2024,x,"], [D(2024, 3, 5), D(2024, 3, 13)]),  # day first, as 13 says
        (["5/3/2024,x,Tuesday"], [D(2024, 3, 5)]),  # day first: the weekday agrees
        (["2024/5/3,x,", "2024. 5. 4.,x,"], [D(2024, 5, 3), D(2024, 5, 4)]),  # the year first: the month next
        (["2024-01-06T07:00:00,x,"], [D(2024, 1, 6)]),  # ISO with a time: never read as 1 June
    ],
)
def test_daylio_dates_resaved_by_a_spreadsheet_are_read_as_the_file_writes_them(
    rows: list[str], dates: list[dt.date], tmp_path: Path
) -> None:
    path = tmp_path / "daylio.csv"
    path.write_text(
        "full_date,date,weekday,time,mood,activities,note\n"
        + "".join(f"{r},21:00,good,work,\n" for r in rows)
    )
    export = read_daylio(path)
    assert [r.date for r in export.rows] == dates and not export.unrecognised


def test_daylio_the_same_note_saved_with_other_line_breaks_is_the_same_note(tmp_path: Path) -> None:
    """A note with a line break, exported again on another computer (CRLF): imported twice, it is one note."""
    row = 'full_date,date,weekday,time,mood,activities,note{nl}2024-05-02,x,y,21:00,good,work,"Dug the bed.{nl}hard to sit."{nl}'
    unix, windows = tmp_path / "unix.csv", tmp_path / "windows.csv"
    unix.write_bytes(row.format(nl="\n").encode())
    windows.write_bytes(row.format(nl="\r\n").encode())
    notes = [[r.note for r in read_daylio(path).rows] for path in (unix, windows)]
    assert notes[0] == notes[1] == ["Dug the bed.\nhard to sit."]


def test_daylio_without_any_date_column_is_a_named_error(tmp_path: Path) -> None:
    path = tmp_path / "daylio.csv"
    path.write_text("date,weekday,time,mood,activities\n18 May,Friday,10:00,good,work\n")
    with pytest.raises(SourceError, match=r"lacks the column full_date \(or year and date\)"):
        read_daylio(path)


def test_daylio_through_open_export_needs_a_daylio_mapping() -> None:
    export = open_export(FIXTURES / "daylio_export_old.csv")
    assert export.kind == "daylio" and export.needs_mapping
    assert isinstance(export.default_mapping(), DaylioMapping)
    with pytest.raises(MappingError, match="Daylio mapping"):
        export.result(BearableMapping())


def test_daylio_missing_columns_are_a_named_error(tmp_path: Path) -> None:
    path = tmp_path / "daylio.csv"
    path.write_text("full_date,date,weekday,time,note\n2024-01-01,x,y,z,n\n")
    with pytest.raises(SourceError, match=r"lacks the column\(s\) mood, activities"):
        read_daylio(path)


@pytest.mark.parametrize(
    ("label", "tag"),
    [
        ("Back (lower) pain", "back-lower-pain"),
        ("Café visit", "cafe-visit"),
        ("  Heavy   Lifting ", "heavy-lifting"),
        ("sitting_a_lot", "sitting_a_lot"),
        ("🍕", None),
        ("Кофе", None),
        ("a" * 40, "a" * 30),
        ("Work -- from   home!!", "work-from-home"),
    ],
)
def test_tidy_tag(label: str, tag: str | None) -> None:
    assert tidy_tag(label) == tag


def test_bearable_export_as_the_app_writes_it_now() -> None:
    """A newer export: a BOM, CRLF, ``date formatted``, the person's own factor groups, amounts, "Asleep" times."""
    export = read_bearable(FIXTURES / "bearable_export_2024.csv")
    assert {"☕ Caffeine", "🍷 Alcohol", "🏋️ Heavy lifting"} <= export.factors().keys()  # amounts left off
    mapping = default_mapping(export)
    result = apply_mapping(export, mapping)
    by_date = {d.date: dict(d.values) for d in result.days}
    assert by_date[D(2024, 1, 15)] == {
        "pain": 5,
        "bedtime": T(23, 30),  # only "Asleep" times: they are the night's
        "wake_time": T(7, 10),
    }
    assert by_date[D(2024, 1, 16)] == {"tags": ("alcohol", "caffeine", "heavy-lifting")}  # the next morning
    # "date" is a UTC timestamp here; "date formatted" is the person's own day
    # in bed from 22:45, asleep 23:00 to 06:50: the bed time, the final awakening and 15 minutes to fall asleep
    assert by_date[D(2024, 1, 17)] == {
        "pain": 3,
        "bedtime": T(22, 45),
        "wake_time": T(6, 50),
        "sleep_latency_min": 15,
    }
    assert not result.unrecognised
    left = [str(f) for f in result.not_imported]
    assert "categories: Mood (1 entry) — the diary has no column for it" in left
    assert "categories: Nutrition (1 entry) — the diary has no column for it" in left
    assert not any("date formatted" in f for f in left)


_date_words = st.sampled_from(
    [
        "22",
        "9",
        "2020",
        "2563",
        "๒๕๖๓",
        " ",
        ".",
        "ก.ย.",
        "มค",
        "tháng",
        "thg",
        "月",
        "日",
        "سبتمبر",
        "Mai",
        "of",
    ]
)


@given(st.lists(_date_words, max_size=6).map("".join) | st.text(max_size=24))
def test_a_day_or_a_time_in_any_words_is_read_or_refused_never_an_error(text: str) -> None:
    """Whatever a cell holds, reading it as a day or a time gives one, or None: never an exception."""
    day = parse_day(text)
    assert day is None or isinstance(day, dt.date)
    clock = parse_clock(text)
    assert clock is None or isinstance(clock, dt.time)


def test_bearable_period_rows_give_the_cycle_day_as_their_time_and_are_listed_as_not_imported() -> None:
    """Bearable's Period rows carry the day of the cycle ("Day 7") where others carry a time of day."""
    text = (
        "date,weekday,time of day,category,rating/amount,detail,notes\n"
        '"5th Jan 2022","Wednesday","am","Symptom","2","Back (lower) pain (Moderate)",""\n'
        '"5th Jan 2022","Wednesday","Day 7","Period","Follicular","Bleeding level (Heavy)",""\n'
    )
    result = apply_mapping(
        export := read_bearable(text.encode(), name="bearable.csv"), default_mapping(export)
    )
    assert not result.unrecognised
    assert "categories: Period (1 entry) — the diary has no column for it" in [
        str(f) for f in result.not_imported
    ]


def test_an_activity_in_another_script_can_be_given_a_tag_and_is_said_so_when_it_is_not() -> None:
    """Russian, Greek or Thai activities hold no letter a tag (a–z, 0–9) can: the finding says how to keep them."""
    text = "full_date,date,weekday,time,mood,activities,note\n2024-05-02,2 May,Thursday,21:00,good,уборка | yoga,\n"
    export = read_daylio(text.encode(), name="daylio.csv")
    result = apply_daylio_mapping(export, default_daylio_mapping(export))
    assert [str(f) for f in result.not_imported if f.where == "activities"] == [
        "activities: уборка (1 entry) — has no letters or digits a tag can hold (a–z, 0–9): give it a tag of your "
        "own in the mapping to import it"
    ]
    chosen = dataclasses.replace(default_daylio_mapping(export), tags={"уборка": "cleaning", "yoga": "yoga"})
    assert {d.date: d.values["tags"] for d in apply_daylio_mapping(export, chosen).days} == {
        D(2024, 5, 3): ("cleaning", "yoga")
    }


def test_a_bearable_sleep_row_with_nothing_in_it_is_listed() -> None:
    export = read_bearable(
        b"date,weekday,time of day,category,rating/amount,detail,notes\n"
        b'"18th May 2021","Tuesday","am","Symptom","2","Back (lower) pain (Moderate)",""\n'
        b'"18th May 2021","Tuesday","","Sleep","","",""\n'
    )
    result = apply_mapping(export, default_mapping(export))
    assert [(f.where, f.reason) for f in result.unrecognised] == [
        ("line 3", "holds neither hours of sleep nor bed and wake times")
    ]


def test_bearable_notes_name_the_symptom_or_medication_they_were_written_on_and_co_codamol_is_a_painkiller() -> (
    None
):
    export = read_bearable(
        b"date,weekday,time of day,category,rating/amount,detail,notes\n"
        b'"18th May 2021","Tuesday","am","Symptom","2","Back (lower) pain (Moderate)",""\n'
        b'"18th May 2021","Tuesday","pm","Symptom","1","Neck pain (Mild)","after gym"\n'
        b'"18th May 2021","Tuesday","pm","Medication","2","Co-codamol 30/500 (tablets)","with food"\n'
        b'"18th May 2021","Tuesday","pm","Mood","4","","calm"\n'
    )
    mapping = default_mapping(export)
    assert mapping.painkillers == frozenset({"Co-codamol 30/500"})
    notes = {str(day.values.get("notes")) for day in apply_mapping(export, mapping).days}
    assert "Neck pain: after gym" in " | ".join(notes) and "Co-codamol 30/500: with food" in " | ".join(notes)
    assert "Mood: calm" in " | ".join(notes)
