"""The merge planner: gains, conflicts per field kind, days kept aside, and importing twice changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary.entry import Entry, parse_entry
from diary.errors import DiaryError
from diary.sources import (
    REPLACEABLE,
    SourceDay,
    SourceResult,
    apply_plan,
    field_kind,
    night_sentence,
    open_export,
    plan_merge,
    read_source,
)
from diary.sources.common import check_values
from diary.sources.merge import appended_notes

from .strategies import TODAY, diaries

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
D = dt.date
T = dt.time


def entry(day: dt.date, pain: int = 4, **values: object) -> Entry:
    return parse_entry({"date": day, "pain": pain, **values}, today=TODAY)


def night(day: dt.date, **values: object) -> SourceDay:
    return SourceDay(day, values, "sleep record 1", "your watch")


def result(*days: SourceDay, kind: str = "apple-health") -> SourceResult:
    return SourceResult(kind, "export.zip", days)  # type: ignore[arg-type]


WATCH = {
    "bedtime": T(23, 40),
    "wake_time": T(6, 55),
    "sleep_latency_min": 15,
    "awake_minutes": 20,
    "awakenings": 2,
}


def test_a_night_fills_in_what_the_morning_entry_lacks() -> None:
    existing = {D(2025, 3, 2): entry(D(2025, 3, 2), 5, position="side", wake_time="06:55")}
    plan = plan_merge(existing, result(night(D(2025, 3, 2), **WATCH)), today=TODAY)
    assert not plan.new and not plan.conflicts and not plan.aside
    (updated,) = plan.updated
    assert (updated.bedtime, updated.wake_time, updated.sleep_latency_min, updated.awake_minutes) == (
        T(23, 40),
        T(6, 55),
        15,
        20,
    )
    assert (updated.pain, updated.position) == (5, "side")  # untouched
    assert {g.column for g in plan.gains} == {"bedtime", "sleep_latency_min", "awake_minutes", "awakenings"}


def test_what_the_person_typed_wins_unless_that_kind_is_replaced() -> None:
    existing = {D(2025, 3, 2): entry(D(2025, 3, 2), 5, bedtime="23:00", wake_time="07:00")}
    source = result(night(D(2025, 3, 2), **WATCH))
    plan = plan_merge(existing, source, today=TODAY)
    assert [(c.column, c.cells()) for c in plan.conflicts] == [
        ("bedtime", ("23:00", "23:40")),
        ("wake_time", ("07:00", "06:55")),
        ("sleep_latency_min", ("", "15")),  # counted from 23:40: it goes with that bedtime, not beside 23:00
    ]
    assert list(plan.conflicts_by_kind()) == ["sleep times"]
    (kept,) = plan.updated  # the other gains still apply
    assert (kept.bedtime, kept.wake_time, kept.sleep_latency_min, kept.awake_minutes) == (
        T(23, 0),
        T(7, 0),
        None,
        20,
    )
    assert "the diary's sleep times stay unless you choose to replace them" in plan.summary()

    replaced = plan_merge(existing, source, replace={"sleep times"}, today=TODAY)
    (changed,) = replaced.updated
    assert (changed.bedtime, changed.wake_time, changed.sleep_latency_min) == (T(23, 40), T(6, 55), 15)
    assert all(replaced.is_replaced(c) for c in replaced.conflicts)


def test_replacing_the_bedtime_takes_the_typed_minutes_to_fall_asleep_with_it() -> None:
    """Typed: in bed 22:30, 40 minutes to fall asleep. The watch, without an in-bed record, says asleep at 23:10
    and nothing of the minutes: its bedtime must not stand beside 40 minutes counted from 22:30."""
    existing = {D(2024, 10, 28): entry(D(2024, 10, 28), 3, bedtime="22:30", sleep_latency_min=40)}
    source = result(night(D(2024, 10, 28), bedtime=T(23, 10), wake_time=T(6, 45), awake_minutes=50))
    kept = plan_merge(existing, source, today=TODAY)
    assert [(c.column, c.cells()) for c in kept.conflicts] == [
        ("bedtime", ("22:30", "23:10")),
        ("sleep_latency_min", ("40", "")),
    ]
    (day,) = kept.updated
    assert (day.bedtime, day.sleep_latency_min, day.wake_time) == (T(22, 30), 40, T(6, 45))
    replaced = plan_merge(existing, source, replace={"sleep times"}, today=TODAY)
    (day,) = replaced.updated
    assert (day.bedtime, day.sleep_latency_min, day.wake_time) == (T(23, 10), None, T(6, 45))
    # The same bedtime in both: the typed minutes stay, whatever is replaced.
    same = result(night(D(2024, 10, 28), bedtime=T(22, 30), wake_time=T(6, 45)))
    (day,) = plan_merge(existing, same, replace={"sleep times"}, today=TODAY).updated
    assert day.sleep_latency_min == 40


def test_nights_without_a_morning_entry_are_kept_aside_not_dropped() -> None:
    source = result(night(D(2025, 3, 3), **WATCH))
    plan = plan_merge({}, source, today=TODAY)
    assert plan.aside == source.days and not plan.writes
    (day,) = plan.aside
    assert night_sentence(day.values, day.device) == (
        "From your watch: in bed 23:40–06:55, fell asleep in 15 min, awake 20 min in the night (2 times)"
    )
    # when the morning is logged, the person's pain value makes it a new entry
    logged = plan_merge({}, source, pain={D(2025, 3, 3): 6}, today=TODAY)
    (new,) = logged.new
    assert (new.pain, new.bedtime, new.logged_at) == (6, T(23, 40), None)


def test_days_with_a_pain_value_become_new_entries_and_future_ones_are_listed_not_refused() -> None:
    """A date ahead in the other app (typed wrong there) is left out and listed: the rest imports."""
    later = TODAY + dt.timedelta(days=2)
    source = result(
        SourceDay(D(2025, 1, 5), {"pain": 5, "tags": ("coffee",)}, "line 3"),
        SourceDay(later, {"pain": 3}, "line 9"),
        kind="bearable",
    )
    plan = plan_merge({}, source, today=TODAY)
    assert [e.date for e in plan.new] == [D(2025, 1, 5)]
    assert [d.date for d in plan.to_come] == [later] and not plan.problems


def test_tags_are_added_and_notes_appended_once() -> None:
    existing = {D(2025, 5, 3): entry(D(2025, 5, 3), 3, tags="travel;work", notes="Stiff on waking.")}
    source = result(
        SourceDay(D(2025, 5, 3), {"tags": ("gardening", "work"), "notes": "Dug the new bed."}, "line 4"),
        kind="daylio",
    )
    plan = plan_merge(existing, source, today=TODAY)
    (updated,) = plan.updated
    assert updated.tags == ("gardening", "travel", "work")
    assert updated.notes == "Stiff on waking.\nDug the new bed."
    assert {(g.column, g.file) for g in plan.gains} == {
        ("tags", ("gardening",)),
        ("notes", "Dug the new bed."),
    }
    again = plan_merge(apply_plan(existing, plan), source, today=TODAY)
    assert again.unchanged == (D(2025, 5, 3),) and not again.writes


def test_a_later_export_appends_only_the_notes_the_diary_does_not_hold() -> None:
    """Daylio exports the whole history each time, Bearable overlapping months: a day's earlier notes come again."""
    day = D(2024, 3, 9)
    existing = {day: entry(day, 3)}
    first = result(SourceDay(day, {"notes": "Woke at 4 with back pain"}, "line 2"), kind="daylio")
    once = apply_plan(existing, plan_merge(existing, first, today=TODAY))
    later = result(
        SourceDay(day, {"notes": "Woke at 4 with back pain\nGarden day\nDug the beds"}, "line 2"),
        kind="daylio",
    )
    plan = plan_merge(once, later, today=TODAY)
    (updated,) = plan.updated
    assert updated.notes == "Woke at 4 with back pain\nGarden day\nDug the beds"
    assert [(g.column, g.file) for g in plan.gains] == [("notes", "Garden day\nDug the beds")]
    again = plan_merge(apply_plan(once, plan), later, today=TODAY)
    assert again.unchanged == (day,) and not again.writes
    assert appended_notes("Typed.", "First.\n\nSecond.") == "First.\n\nSecond."  # all new: as written
    assert appended_notes("First.", "First.\n\nSecond.") == "Second."
    assert appended_notes("Back not great, took a walk", "walk\nBack") == "walk\nBack"  # whole lines only
    assert appended_notes("Typed.\n  walk ", "walk\nBack") == "Back"


def test_notes_that_would_grow_too_long_are_listed_and_the_days_other_values_go_in() -> None:
    existing = {
        D(2025, 5, 3): entry(D(2025, 5, 3), 3, notes="x" * 1990),
        D(2025, 5, 4): entry(D(2025, 5, 4), 3, notes="x" * 1990),
    }
    source = result(
        SourceDay(D(2025, 5, 3), {"notes": "twelve chars", "tags": ("walk",)}, "line 2"),
        SourceDay(D(2025, 5, 4), {"notes": "twelve chars"}, "line 3"),
        kind="daylio",
    )
    plan = plan_merge(existing, source, today=TODAY)
    assert [(e.date, e.tags, e.notes) for e in plan.writes] == [(D(2025, 5, 3), ("walk",), "x" * 1990)]
    assert [(g.date, g.column) for g in plan.gains] == [(D(2025, 5, 3), "tags")]
    assert [(c.date, c.file) for c in plan.notes_too_long] == [
        (D(2025, 5, 3), "twelve chars"),
        (D(2025, 5, 4), "twelve chars"),
    ]
    assert not plan.problems and not plan.unchanged and plan.listed == 2
    fits = plan_merge({D(2025, 5, 4): entry(D(2025, 5, 4), 3, notes="x" * 1987)}, source, today=TODAY)
    assert not fits.notes_too_long and [len(e.notes or "") for e in fits.writes] == [
        2000
    ]  # to the last character


def test_an_empty_set_column_gains_and_a_different_one_conflicts() -> None:
    existing = {D(2025, 5, 3): entry(D(2025, 5, 3)), D(2025, 5, 4): entry(D(2025, 5, 4), pain_areas="neck")}
    source = result(
        SourceDay(D(2025, 5, 3), {"pain_areas": ("lower_back",)}, "line 2"),
        SourceDay(D(2025, 5, 4), {"pain_areas": ("lower_back",)}, "line 3"),
        kind="bearable",
    )
    plan = plan_merge(existing, source, today=TODAY)
    assert [(g.date, g.column) for g in plan.gains] == [(D(2025, 5, 3), "pain_areas")]
    assert [(c.date, c.cells()) for c in plan.conflicts] == [(D(2025, 5, 4), ("neck", "lower_back"))]


def test_tags_and_notes_cannot_be_replaced() -> None:
    with pytest.raises(DiaryError, match="Cannot replace notes: tags and notes are only added to"):
        plan_merge({}, result(), replace={"notes"})
    assert "sleep times" in REPLACEABLE and "pain" in REPLACEABLE and "tags" not in REPLACEABLE


FIXTURE_FILES = [
    "apple_health_export.xml",
    "fitbit_takeout",
    "oura_trends.csv",
    "sleepmodel.csv",
    "bearable_export.csv",
    "bearable_monthly",
    "daylio_export.csv",
    "daylio_export_old.csv",
]


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_importing_a_real_shaped_file_twice_changes_nothing_the_second_time(name: str) -> None:
    source = read_source(FIXTURES / name)
    dates = sorted(d.date for d in source.days)
    # a diary holding every other date, typed by hand
    existing = {day: entry(day, 2, bedtime="22:00", tags="own", notes="typed") for day in dates[::2]}
    pain = dict.fromkeys(dates[1::2], 4)
    first = plan_merge(existing, source, replace={"sleep times"}, pain=pain, today=TODAY)
    assert first.changes_anything
    after = apply_plan(existing, first)
    second = plan_merge(after, source, replace={"sleep times"}, pain=pain, today=TODAY)
    assert not second.writes and not second.gains
    assert second.conflicts == tuple(c for c in first.conflicts if not first.is_replaced(c))
    assert apply_plan(after, second) == after


def test_open_export_to_plan_end_to_end() -> None:
    export = open_export(FIXTURES / "bearable_export.csv")
    plan = plan_merge({}, export.result(export.default_mapping()), today=TODAY)
    assert [e.date for e in plan.new] == [D(2020, 9, 22), D(2020, 9, 23), D(2020, 9, 24), D(2020, 9, 26)]
    assert plan.summary().startswith("bearable_export.csv: 4 new days, 0 days gaining values")


# -- the property: importing the same file twice changes nothing the second time ----------

_notes = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip)
_tags = st.lists(st.from_regex(r"[a-z0-9_-]{1,8}", fullmatch=True), max_size=3).map(
    lambda t: tuple(sorted(set(t)))
)
_times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
_columns = {
    "pain": st.integers(0, 10),
    "bedtime": _times,
    "wake_time": _times,
    "sleep_latency_min": st.integers(0, 600),
    "awakenings": st.integers(0, 50),
    "awake_minutes": st.integers(0, 900),
    "sleep_quality": st.integers(1, 5),
    "painkiller": st.booleans(),
    "tags": _tags,
    "notes": _notes,
}


@st.composite
def imports(draw: st.DrawFn) -> tuple[dict[dt.date, Entry], SourceResult, frozenset[str], dict[dt.date, int]]:
    existing = {e.date: e for e in draw(diaries(max_size=8))}
    known = sorted(existing)
    some_dates = st.dates(min_value=D(2025, 12, 1), max_value=TODAY)
    dates = draw(
        st.lists(st.sampled_from(known) | some_dates if known else some_dates, max_size=8, unique=True)
    )
    days = []
    for day in sorted(dates):
        raw = draw(st.fixed_dictionaries({}, optional=_columns))
        values, problems = check_values(day, raw, "line 1")
        assert not problems
        if values:
            days.append(SourceDay(day, values, "line 1"))
    kind = draw(st.sampled_from(["apple-health", "bearable", "daylio"]))
    replace = frozenset(
        draw(st.sets(st.sampled_from(["sleep times", "pain", "painkiller", "sleep quality"])))
    )
    pain = draw(
        st.dictionaries(st.sampled_from(sorted(dates)) if dates else st.nothing(), st.integers(0, 10))
    )
    return existing, SourceResult(kind, "file", tuple(days)), replace, pain  # type: ignore[arg-type]


@given(imports())
def test_property_importing_twice_changes_nothing_and_typed_values_win(case) -> None:
    existing, source, replace, pain = case
    first = plan_merge(existing, source, replace=replace, pain=pain, today=TODAY)
    after = apply_plan(existing, first)
    second = plan_merge(after, source, replace=replace, pain=pain, today=TODAY)
    assert second.writes == () and second.gains == ()
    assert apply_plan(after, second) == after
    for day, old in existing.items():
        new = after[day]
        assert set(old.tags) <= set(new.tags)
        assert (new.notes or "").startswith(old.notes or "")
        for column, value in old.as_dict().items():
            if value is not None and column not in {"tags", "notes"} and field_kind(column) not in replace:
                assert getattr(new, column) == value, column  # what the person typed stays
    for day in first.aside:
        assert day.date not in after
    handled = (
        {e.date for e in first.new}
        | {d.date for d in first.aside}
        | set(existing)
        | {dt.date.fromisoformat(p.where) for p in first.problems}
    )
    assert {d.date for d in source.days} <= handled
