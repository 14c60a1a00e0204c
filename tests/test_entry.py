"""The entry model: every validation rule, lenient spellings, derived values."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest

from diary.entry import Entry, check_entry, parse_entry
from diary.entry.derived import night_figures, time_in_bed_hours
from diary.entry.fields import COLUMNS, FIELDS
from diary.errors import EntryInvalid, show_value

TODAY = dt.date(2025, 6, 30)
DAY = "2025-06-01"


def problems_for(column: str, value: object) -> list:
    entry, problems = check_entry({"date": DAY, "pain": 3, column: value}, today=TODAY)
    assert entry is None
    return problems


# One failing example per rule: (column, bad value, words the message must use).
BAD_VALUES = [
    ("pain", "11", "whole number from 0 to 10"),
    ("pain", "-1", "whole number from 0 to 10"),
    ("pain", "3.5", "whole number from 0 to 10"),
    ("pain", "abc", "whole number from 0 to 10"),
    ("pain", True, "whole number from 0 to 10"),
    ("pain_minutes", "1441", "from 0 to 1440"),
    ("night_wakings", "21", "from 0 to 20"),
    ("sleep_latency_min", "601", "from 0 to 600"),
    ("awakenings", "51", "from 0 to 50"),
    ("awake_minutes", "901", "from 0 to 900"),
    ("sleep_quality", "0", "from 1 to 5"),
    ("sleep_quality", "6", "from 1 to 5"),
    ("sitting_hours", "24.5", "number from 0 to 24"),
    ("sitting_hours", "nan", "number from 0 to 24"),
    ("sitting_hours", "1e400", "number from 0 to 24"),
    ("weight_kg", "19.9", "from 20 to 400"),
    ("weight_kg", "401", "from 20 to 400"),
    ("numbness", "maybe", "true or false"),
    ("lifting", "2", "true or false"),
    ("legs_elevated", "y", "true or false"),
    ("alcohol", "a little", "true or false"),
    ("late_meal", "-1", "true or false"),
    ("warm_bath", "on", "true or false"),
    ("cold_exposure", "nope", "true or false"),
    ("painkiller", "ibuprofen", "true or false"),
    ("firmness", "rock", "soft, medium-soft, medium, medium-firm, firm"),
    ("position", "belly", "back, side, stomach, mixed"),
    ("pillow", "huge", "low, medium, high"),
    ("exertion", "extreme", "rest, light, moderate, heavy"),
    ("stress", "panic", "none, mild, moderate, high"),
    ("pain_areas", "lower_back;hip", "lower_back, kidney_area, upper_back, neck, leg"),
    ("exercise", "golf", "stretching, yoga"),
    ("red_flags", "headache", "fever, urinary"),
    ("tags", "new pillow", "a-z, 0-9, _ or -"),
    ("tags", "New-Pillow", "a-z, 0-9, _ or -"),
    ("tags", "x" * 31, "1 to 30 characters"),
    ("mattress", "m" * 81, "at most 80 characters"),
    ("mattress", "Old\nsofa", "without line breaks"),
    ("notes", "n" * 2001, "at most 2000 characters"),
    ("notes", "bad\x00byte", "control characters"),
    ("bedtime", "25:00", "HH:MM"),
    ("wake_time", "7.30", "HH:MM"),
    ("wake_time", "12:60", "HH:MM"),
    ("logged_at", "yesterday", "ISO 8601"),
    ("logged_at", "2025-06-01T07:00:00", "UTC offset"),
]


@pytest.mark.parametrize(("column", "value", "allowed"), BAD_VALUES)
def test_bad_value_is_named_with_column_value_date_and_rule(column: str, value: object, allowed: str) -> None:
    problems = problems_for(column, value)
    assert [p.column for p in problems] == [column]
    message = str(problems[0])
    assert message.startswith(DAY), message
    assert column in message
    assert show_value(str(value)) in message
    assert allowed in message


@pytest.mark.parametrize("column", ["notes", "mattress"])
def test_a_byte_that_is_not_utf8_is_called_so_not_a_control_character(column: str) -> None:
    """A terminal that writes Latin-1 passes "café" to the command line as c, a, f and one stray byte."""
    (problem,) = problems_for(column, "caf\udce9")
    message = str(problem)
    assert "a byte that is not UTF-8 text" in message and "control" not in message


@pytest.mark.parametrize(
    ("value", "hint"),
    [("new pillow", "(try 'new-pillow')"), ("New-Pillow", "(try 'new-pillow')"), ("🍕", None)],
)
def test_a_refused_tag_suggests_the_label_it_could_be(value: str, hint: str | None) -> None:
    (problem,) = problems_for("tags", value)
    message = str(problem)
    if hint is None:
        assert "(try" not in message  # nothing usable to suggest
    else:
        assert hint in message


def test_every_column_has_a_failing_example() -> None:
    tested = {column for column, _, _ in BAD_VALUES} | {"date"}
    assert tested == set(COLUMNS)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2025/06/01", "YYYY-MM-DD"),
        ("01-06-2025", "YYYY-MM-DD"),
        ("2025-02-30", "not a date in the calendar"),
        ("0000-01-01", "not a date in the calendar"),
        ("1899-12-31", "before 1900-01-01"),
        ("2025-07-01", "in the future"),
        ("2999-12-31", "in the future"),
    ],
)
def test_bad_dates(value: str, words: str) -> None:
    entry, problems = check_entry({"date": value, "pain": 2}, today=TODAY)
    assert entry is None
    assert problems[0].column == "date"
    assert value in str(problems[0])
    assert words in str(problems[0])


def test_required_columns_missing() -> None:
    entry, problems = check_entry({"pain": ""}, today=TODAY)
    assert entry is None
    assert {p.column for p in problems} == {"date", "pain"}
    assert all("required" in str(p) for p in problems)


def test_unknown_column_is_named() -> None:
    _, problems = check_entry({"date": DAY, "pain": 1, "mood": "ok"}, today=TODAY)
    assert problems[0].column == "mood"
    assert "not a diary column" in str(problems[0])


def test_all_problems_are_reported_at_once() -> None:
    _, problems = check_entry({"date": DAY, "pain": 12, "position": "x", "bedtime": "9pm"}, today=TODAY)
    assert [p.column for p in problems] == ["pain", "position", "bedtime"]


def test_parse_entry_raises_with_every_problem() -> None:
    with pytest.raises(EntryInvalid) as caught:
        parse_entry({"date": DAY, "pain": 12, "stress": "x"}, today=TODAY)
    assert len(caught.value.problems) == 2
    assert "pain '12'" in str(caught.value)


def test_lenient_spellings_are_normalised() -> None:
    entry = parse_entry(
        {
            "date": " 2025-06-01 ",
            "pain": "4.0",
            "numbness": "TRUE",
            "alcohol": "Yes",
            "lifting": "0",
            "late_meal": "False",
            "firmness": "Medium Firm",
            "position": "Stomach",
            "pain_areas": " leg ; lower_back;leg;",
            "tags": "travel;new-pillow;travel",
            "bedtime": "7:05",
            "mattress": "  Foam 2023  ",
        },
        today=TODAY,
    )
    assert entry.pain == 4
    assert entry.numbness is True and entry.alcohol is True
    assert entry.lifting is False and entry.late_meal is False
    assert entry.firmness == "medium-firm"
    assert entry.position == "stomach"
    assert entry.pain_areas == ("lower_back", "leg")  # DESIGN order, no repeats
    assert entry.tags == ("new-pillow", "travel")
    assert entry.bedtime == dt.time(7, 5)
    assert entry.mattress == "Foam 2023"


def test_form_values_are_accepted() -> None:
    entry = parse_entry(
        {
            "date": dt.date(2025, 6, 1),
            "pain": 3,
            "pain_areas": ["neck"],
            "bedtime": dt.time(23, 15, 42),
            "sitting_hours": 7,
            "logged_at": dt.datetime(2025, 6, 1, 7, 1, 2, 345, tzinfo=dt.UTC),
            "notes": "",
            "exercise": [],
        },
        today=TODAY,
    )
    assert entry.bedtime == dt.time(23, 15)
    assert entry.sitting_hours == 7.0
    assert entry.logged_at == dt.datetime(2025, 6, 1, 7, 1, 2, tzinfo=dt.UTC)
    assert entry.notes is None
    assert entry.exercise == ()


def test_empty_cells_mean_not_recorded() -> None:
    raw = dict.fromkeys(COLUMNS, "")
    raw.update(date=DAY, pain="0")
    entry = parse_entry(raw, today=TODAY)
    assert entry == Entry(date=dt.date(2025, 6, 1), pain=0)


def test_notes_keep_every_character() -> None:
    text = ' =SUM(A1)\r\n\t"quoted", 😀 Привет ; '
    assert parse_entry({"date": DAY, "pain": 1, "notes": text}, today=TODAY).notes == text


def test_time_in_bed_crosses_midnight() -> None:
    assert time_in_bed_hours(dt.time(23, 30), dt.time(7, 0)) == 7.5
    assert time_in_bed_hours(dt.time(0, 30), dt.time(7, 0)) == 6.5
    assert time_in_bed_hours(dt.time(21, 0), dt.time(21, 0)) == 0.0
    assert time_in_bed_hours(None, dt.time(7, 0)) is None


def test_sleep_hours_and_efficiency() -> None:
    assert night_figures(dt.time(23, 0), dt.time(7, 0), 30, 30) == (
        8.0,
        7.0,
        cast(float, pytest.approx(87.5)),
    )
    assert night_figures(dt.time(23, 0), dt.time(7, 0), None, None)[1] == 8.0  # missing parts count as 0
    assert night_figures(dt.time(23, 0), dt.time(23, 30), 60, 0)[1] == 0.0  # never negative
    assert night_figures(dt.time(7, 0), dt.time(7, 0), 0, 0) == (0.0, 0.0, None)
    assert night_figures(None, dt.time(7, 0), 10, 0) == (None, None, None)
    night = Entry(
        date=dt.date.fromisoformat(DAY),
        pain=1,
        bedtime=dt.time(23, 0),
        wake_time=dt.time(7, 0),
        sleep_latency_min=30,
    )
    assert (night.sleep_hours, night.sleep_efficiency) == (7.5, cast(float, pytest.approx(93.75)))


def test_entry_derived_properties() -> None:
    entry = parse_entry(
        {
            "date": DAY,
            "pain": 5,
            "pain_minutes": 150,
            "bedtime": "22:45",
            "wake_time": "06:45",
            "awake_minutes": 48,
        },
        today=TODAY,
    )
    assert entry.time_in_bed_h == 8.0
    assert entry.sleep_hours == pytest.approx(7.2)
    assert entry.sleep_efficiency == pytest.approx(90.0)
    assert entry.stiffness_score == 10.0  # capped: 150 / 12 > 10
    assert parse_entry({"date": DAY, "pain": 1, "pain_minutes": 30}, today=TODAY).stiffness_score == 2.5


def test_field_table_matches_design() -> None:
    assert COLUMNS[:2] == ("date", "pain")
    assert COLUMNS[-1] == "logged_at"
    assert len(FIELDS) == 32


def test_same_values_ignores_logged_at() -> None:
    a = parse_entry({"date": DAY, "pain": 2, "logged_at": "2025-06-01T07:00:00+02:00"}, today=TODAY)
    b = parse_entry({"date": DAY, "pain": 2}, today=TODAY)
    assert a.same_values(b)
    assert not a.same_values(b.replace(pain=3))
    assert a.differing_columns(b.replace(pain=3, stress="high")) == ["pain", "stress"]


@pytest.mark.parametrize("note", [" ", "   ", "\t", "\n", " \r\n ", "\u00a0", "\u3000"])
def test_a_note_of_only_whitespace_is_kept_as_typed(note: str) -> None:
    """A note is free text: whatever was typed is what is kept, never turned into "not recorded"."""
    assert parse_entry({"date": DAY, "pain": 3, "notes": note}, today=TODAY).notes == note
    assert parse_entry({"date": DAY, "pain": 3, "notes": ""}, today=TODAY).notes is None


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("pain", "７"),  # full-width
        ("pain", "٣"),  # Arabic-Indic
        ("pain", "۳"),  # extended Arabic-Indic (Persian)
        ("pain", "𝟕"),  # mathematical bold
        ("pain_minutes", "３0"),
        ("sitting_hours", "٣.٥"),
        ("weight_kg", "８０"),
        ("bedtime", "２３:００"),
        ("wake_time", "٠٧:٣٠"),
        ("date", "２０２５-０３-０１"),
        ("logged_at", "２０２５-03-01T07:00:00+01:00"),
    ],
)
def test_numbers_must_use_ascii_digits(column: str, value: str) -> None:
    """Other scripts' digits look like numbers but are not what the diary CSV allows: refused, saying so."""
    raw = {"date": DAY, "pain": 3, column: value}
    entry, problems = check_entry(raw, today=TODAY)
    assert entry is None
    message = " ".join(str(p) for p in problems)
    assert column in message and show_value(value) in message
    assert "ASCII digits 0-9" in message


@pytest.mark.parametrize(("given", "shown"), [(900.0, "'900'"), (900.5, "'900.5'"), ("900.0", "'900.0'")])
def test_a_refused_number_is_quoted_as_typed_not_as_the_form_s_float(given: object, shown: str) -> None:
    """The Log page's number boxes give floats: 900 typed arrives as 900.0, and is quoted as 900."""
    with pytest.raises(EntryInvalid) as refused:
        parse_entry({"date": "2026-12-01", "pain": 3, "weight_kg": given})
    assert f"weight_kg {shown} must be" in str(refused.value)
