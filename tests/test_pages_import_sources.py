"""The Import page with other apps' exports: each kind's path from the dropped file to the one write."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from diary.entry import parse_entry
from diary.sources import kept_nights
from diary.storage import Diary

from . import apptest_support
from .apptest_support import open_app, shown
from .test_importing import PAST_THE_CALENDAR

# The page tests' diaries (fixtures).
app_diary = apptest_support.app_diary
any_app_diary = apptest_support.any_app_diary

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
PAGE = "pages/import_diary.py"
D = dt.date


def drop(name: str, content: bytes) -> AppTest:
    at = open_app(PAGE)
    at.file_uploader(key="upload").set_value((name, content, "application/octet-stream"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def zipped(folder: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(folder).as_posix())
    return out.getvalue()


def table(at: AppTest, heading: str) -> pd.DataFrame:
    """The table under the subheader that starts with ``heading``."""
    headings = [h.value for h in at.header]
    index = next(i for i, h in enumerate(headings) if h.startswith(heading))
    return at.dataframe[index].value


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def click_import(at: AppTest) -> AppTest:
    at.button(key="import_source").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_apple_health_nights_are_kept_aside_then_nothing_is_left_to_import(any_app_diary: Diary) -> None:
    at = drop("export.xml", fixture("apple_health_export.xml"))
    assert at.selectbox(key="import_as").format_func("") == "Recognised: an Apple Health export"
    assert "Importing it would bring 0 new days" in at.info[0].value
    assert metrics(at)["Nights kept aside"] == "3"
    nights = table(at, "Nights kept aside")
    assert list(nights["Morning"]) == ["Sun 14 Jan 2024", "Sat 10 Feb 2024", "Sun 31 Mar 2024"]
    assert nights["What it said"][0].startswith("From your watch: in bed 23:40–06:55, fell asleep in 15 min")
    assert "sleep record 12" in " ".join(table(at, "Not understood")["Where"])
    assert "StepCount (1 entry)" in list(table(at, "Not imported")["What"])
    assert kept_nights(any_app_diary) == []  # nothing written by the preview
    click_import(at)
    assert (
        at.success[0].value
        == "export.xml: Imported 0 new days; kept 3 nights aside until their mornings are logged."
    )
    assert [n.date for n in kept_nights(any_app_diary)] == [D(2024, 1, 14), D(2024, 2, 10), D(2024, 3, 31)]
    assert at.button(key="import_source").disabled is True
    assert "change nothing" in at.info[0].value


def test_a_conflict_is_kept_unless_its_kind_is_replaced(app_diary: Diary, tmp_path: Path) -> None:
    app_diary.add(parse_entry({"date": "2024-01-14", "pain": 5, "bedtime": "23:00"}))
    folder = tmp_path / "apple_health_export"
    folder.mkdir()
    (folder / "export.xml").write_bytes(fixture("apple_health_export.xml"))
    at = drop("export.zip", zipped(tmp_path))
    conflicts = table(at, "Values that differ from the diary: sleep times")
    assert conflicts.to_dict("records") == [
        {
            "Date": "Sun 14 Jan 2024",
            "Column": "bedtime",
            "After the import": "the diary's",
            "In the diary": "23:00",
            "In the file": "23:40",
        },
        {  # counted from the watch's bedtime: it comes with it, not beside the typed one
            "Date": "Sun 14 Jan 2024",
            "Column": "sleep_latency_min",
            "After the import": "the diary's",
            "In the diary": "",
            "In the file": "15",
        },
    ]
    gains = table(at, "Values added to days in the diary")
    assert list(gains["Column"]) == ["wake_time", "awakenings", "awake_minutes"]
    at.checkbox(key="replace_sleep_times").check().run()
    assert set(table(at, "Values that differ")["After the import"]) == {"the file's"}
    click_import(at)
    saved = app_diary.get(D(2024, 1, 14))
    assert saved is not None and (saved.bedtime, saved.wake_time, saved.pain) == (
        dt.time(23, 40),
        dt.time(6, 55),
        5,
    )


def test_fitbit_takeout_as_a_zip(app_diary: Diary) -> None:
    at = drop("takeout.zip", zipped(FIXTURES / "fitbit_takeout"))
    assert "A Fitbit sleep export" in at.info[0].value
    nights = table(at, "Nights kept aside")
    assert all(n.startswith("From your Fitbit") for n in nights["What it said"])
    click_import(at)
    assert len(kept_nights(app_diary)) == len(nights)


def test_oura_sleepmodel_fills_a_logged_morning(app_diary: Diary) -> None:
    app_diary.add(parse_entry({"date": "2024-03-31", "pain": 4}))
    at = drop("sleepmodel.csv", fixture("sleepmodel.csv"))
    assert "An Oura sleep export" in at.info[0].value
    gains = table(at, "Values added to days in the diary")
    assert set(gains["Date"]) == {"Sun 31 Mar 2024"} and "bedtime" in set(gains["Column"])
    click_import(at)
    saved = app_diary.get(D(2024, 3, 31))
    assert saved is not None and saved.bedtime is not None and saved.pain == 4


def test_bearable_mapping_can_be_changed_before_import(any_app_diary: Diary) -> None:
    at = drop("bearable.csv", fixture("bearable_export.csv"))
    assert at.selectbox(key="map_symptom").value == "Back (lower) pain"
    assert at.multiselect(key="map_painkillers").value == ["Ibuprofen"]
    assert list(table(at, "New days")["pain"]) == ["5", "8", "5", "3"]
    at.number_input(key="map_scale_2").set_value(4).run()  # a rating of 2 becomes 4, not 5
    assert list(table(at, "New days")["pain"]) == ["4", "8", "4", "3"]
    at.multiselect(key="map_painkillers").set_value([]).run()
    assert "painkiller" not in table(at, "New days").columns
    at.checkbox(key="map_notes").uncheck().run()
    assert "notes" not in table(at, "New days").columns
    click_import(at)
    assert "Imported 4 new days" in at.success[0].value
    pains = [(e.date, e.pain, e.painkiller) for e in any_app_diary.entries()]
    assert pains == [
        (D(2020, 9, 22), 4, None),
        (D(2020, 9, 23), 8, None),
        (D(2020, 9, 24), 4, None),
        (D(2020, 9, 26), 3, None),
    ]


def test_bearable_without_a_pain_symptom_brings_no_new_days_and_keeps_its_nights(app_diary: Diary) -> None:
    at = drop("bearable.csv", fixture("bearable_export.csv"))
    at.selectbox(key="map_symptom").set_value("").run()
    assert metrics(at)["New days"] == "0"
    nights = table(at, "Nights kept aside")
    assert len(nights) >= 1 and all(w.startswith("From Bearable: in bed") for w in nights["What it said"])
    assert "kept aside (no morning entry yet)" in at.info[0].value
    click_import(at)
    assert (
        not app_diary.entries()
    )  # no day is invented without a pain value; the nights wait for their mornings
    assert len(kept_nights(app_diary)) == len(nights)


def test_daylio_days_need_a_pain_value(app_diary: Diary) -> None:
    at = drop("daylio.csv", fixture("daylio_export.csv"))
    assert "none of its days is in the diary" in at.info[0].value
    assert at.button(key="import_source").disabled is True
    assert "no pain value" in " ".join(table(at, "Not imported")["Why"])
    at.selectbox(key="pain_day").set_value(D(2024, 5, 4))
    at.number_input(key="pain_value").set_value(2)
    at.button(key="pain_add").click().run()
    assert not at.exception
    assert table(at, "New days").to_dict("records")[0]["Date"] == "Sat 4 May 2024"
    at.multiselect(key="map_tags").set_value(["walking"]).run()
    click_import(at)
    saved = app_diary.get(D(2024, 5, 4))
    assert saved is not None and (saved.pain, saved.tags) == (2, ("walking",))


def test_a_spreadsheet_s_unicode_text_save_can_be_dropped(app_diary: Diary) -> None:
    """Such a save is named .txt: the page takes it, and reads it by its content."""
    at = drop("daylio.txt", fixture("daylio_export_unicode_text.txt"))
    assert ".txt" in at.file_uploader(key="upload").allowed_type
    assert "A Daylio CSV export" in at.info[0].value


def test_values_that_cannot_go_in_block_the_import(app_diary: Diary) -> None:
    at = drop("daylio.csv", fixture("daylio_export.csv") + PAST_THE_CALENDAR)
    assert "cannot go into the diary" in at.error[0].value
    assert "9999-12-31" in " ".join(table(at, "Cannot go into the diary")["Where"])
    assert not at.button(key="import_source") or at.button(key="import_source").disabled


def test_notes_too_long_to_append_are_listed_and_the_rest_can_be_imported(app_diary: Diary) -> None:
    app_diary.add(parse_entry({"date": "2024-05-03", "pain": 3, "notes": "x" * 1990}))
    at = drop("daylio.csv", fixture("daylio_export.csv"))
    assert not at.error
    listed = table(at, "Not imported")
    assert any("longer than the 2000 characters" in why for why in listed["Why"])
    assert at.button(key="import_source").disabled is False


def test_a_file_of_no_kind_is_refused_naming_what_is_read(app_diary: Diary) -> None:
    at = drop("mystery.csv", b"\x89PNG\r\n\x1a\n" + bytes(200))
    message = at.error[0].value
    assert "mystery.csv cannot be read" in message and "Apple Health" in message and "Daylio" in message
    assert not at.get("button")
    assert at.selectbox(key="import_as").format_func("") == "Not recognised: choose a kind"
    at.selectbox(key="import_as").set_value("daylio").run()
    assert "mystery.csv cannot be read: it is not UTF-8 text" in at.error[0].value


def test_reading_it_as_another_kind_names_what_is_wrong(app_diary: Diary) -> None:
    at = drop("daylio.csv", fixture("daylio_export.csv"))
    at.selectbox(key="import_as").set_value("oura").run()
    assert not at.exception
    assert "daylio.csv cannot be read as an Oura sleep export" in at.error[0].value
    at.selectbox(key="import_as").set_value("").run()
    assert "A Daylio CSV export" in at.info[0].value
    at.selectbox(key="import_as").set_value("oura").run()
    at.file_uploader(key="upload").set_value(("other.csv", fixture("bearable_export.csv"), "text/csv")).run()
    assert at.selectbox(key="import_as").value == ""  # another file: recognised afresh
    assert "A Bearable CSV export" in at.info[0].value


def test_a_file_of_which_nothing_could_be_read_is_refused_with_its_first_problem(app_diary: Diary) -> None:
    before = app_diary.entries(), app_diary.all_records()
    at = drop("sleepmodel.csv", b"bedtime_start;bedtime_end;type\nxx;yy;long_sleep\n")
    message = at.error[0].value
    assert message.startswith("sleepmodel.csv cannot be read as an Oura sleep export")
    assert "the diary could not read it (line 2: " in message and "Nothing was imported" in message
    assert not at.button  # no preview, nothing to import
    assert (app_diary.entries(), app_diary.all_records()) == before


def test_a_diary_changed_in_another_window_gets_nothing(app_diary: Diary) -> None:
    at = drop("export.xml", fixture("apple_health_export.xml"))
    app_diary.add(parse_entry({"date": "2024-02-10", "pain": 3}))  # logged elsewhere meanwhile
    at.button(key="import_source").click().run()
    assert not at.exception
    assert "changed after export.xml was previewed" in at.error[0].value
    assert kept_nights(app_diary) == []
    assert "Nights kept aside" in shown(at) or metrics(at)["Nights kept aside"] == "2"
