"""Importing the same file twice changes nothing the second time — through the whole path, on both backends.

Hypothesis writes real export files (Fitbit sleep JSON, Daylio CSV, and the
fixture files of every kind) and a diary that already holds some of their
days, typed by hand; the file is recognised, read, mapped, previewed and
imported into a real diary (SQLite or CSV), then imported again. The second
import must find nothing to do and leave the diary's entries, its kept nights
and its version exactly as they were; what the person typed stays.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import event, given
from hypothesis import strategies as st

from diary.entry import Entry, parse_entry
from diary.exchange.importing import SourcePreview, import_source, preview_source, recognise
from diary.sources import field_kind, open_export
from diary.storage import Diary

from .conftest import BACKENDS, make_diary

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
TODAY = dt.date(2026, 1, 31)
FIRST = dt.date(2025, 12, 1)
WINDOW = [FIRST + dt.timedelta(days=n) for n in range(14)]
FIXTURE_FILES = sorted(p.name for p in FIXTURES.iterdir())
REPLACEABLE_HERE = ["sleep times", "pain", "painkiller", "sleep quality"]
ACTIVITIES = ["walking", "Heavy Lifting", "beer", "yoga", "work | overtime", "Café visit"]

_times = st.times().map(lambda t: t.strftime("%H:%M"))
_typed = st.fixed_dictionaries(
    {"pain": st.integers(0, 10)},
    optional={
        "bedtime": _times,
        "wake_time": _times,
        "sleep_latency_min": st.integers(0, 120),
        "awake_minutes": st.integers(0, 200),
        "painkiller": st.booleans(),
        "sleep_quality": st.integers(1, 5),
        "tags": st.sampled_from(["own", "walking", "beer;own"]),
        "notes": st.sampled_from(["typed", "Long walk", "x" * 1990]),
    },
)


@st.composite
def typed_diaries(draw: st.DrawFn, dates: list[dt.date]) -> list[Entry]:
    chosen = draw(st.lists(st.sampled_from(dates), unique=True, max_size=8))
    return [parse_entry({"date": day, **draw(_typed)}, today=TODAY) for day in sorted(chosen)]


@st.composite
def fitbit_files(draw: st.DrawFn) -> bytes:
    logs = []
    for number, morning in enumerate(draw(st.lists(st.sampled_from(WINDOW), max_size=8)), start=1):
        start = dt.datetime.combine(morning, dt.time(0)) - dt.timedelta(minutes=draw(st.integers(-600, 240)))
        length = draw(st.integers(30, 11 * 60))
        log = {
            "logId": draw(st.integers(1, 6)) if draw(st.booleans()) else 1000 + number,
            "startTime": start.isoformat(timespec="milliseconds"),
            "endTime": (start + dt.timedelta(minutes=length)).isoformat(timespec="milliseconds"),
            "minutesToFallAsleep": draw(st.integers(0, 60)),
            "minutesAwake": draw(st.integers(0, 90)),
            "minutesAsleep": max(0, length - 60),
            "mainSleep": draw(st.booleans() | st.just(True)),
            "type": "classic",
            "levels": {"summary": {"awake": {"count": draw(st.integers(0, 9)), "minutes": 10}}},
        }
        logs.append(log)
    return json.dumps(logs).encode()


@st.composite
def daylio_files(draw: st.DrawFn) -> bytes:
    lines = ["full_date,date,weekday,time,mood,activities,note_title,note"]
    for day in draw(st.lists(st.sampled_from(WINDOW), max_size=10)):
        clock = draw(st.sampled_from(["9:41 pm", "08:02", "12:05 am", "25:70", ""]))
        acts = " | ".join(draw(st.lists(st.sampled_from(ACTIVITIES), max_size=3)))
        note = draw(st.sampled_from(["", "Back sore", 'A "quoted", note\nover lines']))
        quoted = '"' + note.replace('"', '""') + '"'
        lines.append(f'{day.isoformat()},x,x,{clock},good,"{acts}","",{quoted}')
    return ("\n".join(lines) + "\n").encode()


@dataclass(frozen=True)
class Case:
    backend: str
    source: Path | bytes
    name: str
    typed: list[Entry]
    replace: frozenset[str]
    pain: dict[dt.date, int]


@st.composite
def imports(draw: st.DrawFn) -> Case:
    which = draw(st.sampled_from(["fitbit", "daylio", "fixture"]))
    if which == "fixture":
        source: Path | bytes = FIXTURES / draw(st.sampled_from(FIXTURE_FILES))
        dates = sorted({d.date for d in open_export(source).result().days})
    else:
        source = draw(fitbit_files() if which == "fitbit" else daylio_files())
        dates = WINDOW
    pains = st.dictionaries(st.sampled_from(dates), st.integers(0, 10), max_size=4) if dates else st.just({})
    return Case(
        backend=draw(st.sampled_from(BACKENDS)),
        source=source,
        name="sleep-2025-12-01.json" if which == "fitbit" else "export.csv",
        typed=draw(typed_diaries(dates)) if dates else [],
        replace=frozenset(draw(st.sets(st.sampled_from(REPLACEABLE_HERE)))),
        pain=draw(pains),
    )


def _import(diary: Diary, case: Case) -> SourcePreview:
    """The whole path: recognise, read, map (the defaults), preview, and import when there is something to."""
    kind = recognise(case.source, name=case.name)
    export = open_export(case.source, kind=kind, name=case.name)
    preview = preview_source(diary, export, replace=case.replace, pain=case.pain, today=TODAY)
    if preview.can_import:
        import_source(diary, preview)
    return preview


@given(imports())
def test_importing_the_same_file_twice_changes_nothing_the_second_time(case: Case) -> None:
    with tempfile.TemporaryDirectory() as folder:
        diary = make_diary(case.backend, Path(folder))
        try:
            if case.typed:
                diary.import_entries(case.typed)
            first = _import(diary, case)
            event(f"the first import changed something: {first.can_import}")
            entries, records, version = diary.entries(), diary.all_records(), diary.version()
            second = _import(diary, case)
            if first.plan.problems:  # blocked both times: nothing was written
                assert second.plan == first.plan
            else:
                assert not second.changes_anything
            assert (diary.entries(), diary.all_records(), diary.version()) == (entries, records, version)
            for old in case.typed:  # what the person typed stays, unless its kind was replaced
                new = diary.get(old.date)
                assert new is not None
                assert set(old.tags) <= set(new.tags)
                assert (new.notes or "").startswith(old.notes or "")
                for column, value in old.as_dict().items():
                    kept = column not in ("tags", "notes") and field_kind(column) not in case.replace
                    if value is not None and kept:
                        assert getattr(new, column) == value, column
        finally:
            diary.close()
