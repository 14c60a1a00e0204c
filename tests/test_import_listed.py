"""Another app's export, never guessed silently: what the preview names that it once passed over.

Two labels that became one tag, a kept night a new day disagrees with, a
date ahead typed in the other app, a rating whose own word says otherwise,
a pain scale upside down, a second export in a folder, a byte that is not
UTF-8, one day given two pain values: each is listed or refused by name.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from diary.entry import parse_entry
from diary.exchange.importing import SourcePreview, import_source, preview_source
from diary.sources import BearableMapping, MappingError, SourceDay, SourceError, kept_night, open_export
from diary.sources.reading import ANOTHER_EXPORT
from diary.storage import Diary, open_diary
from diary.views.imports import kept_differs_rows, mapping_rows, render_preview, tag_rows

from .test_cli_import import main
from .test_importing import APPLE, TODAY, _export

D = dt.date
T = dt.time
HEADER = "date,weekday,time of day,category,rating/amount,detail,notes\n"


def bearable(*lines: str) -> bytes:
    return (HEADER + "".join(f"{line}\n" for line in lines)).encode("utf-8")


def bearable_preview(diary: Diary, *lines: str) -> SourcePreview:
    """What importing a Bearable export of ``lines`` (after its header) would do, on its default mapping."""
    return preview_source(diary, open_export(bearable(*lines), name="bearable.csv"), today=TODAY)


LONG_WORK = "Stretching in the morning before work"
LONG_BED = "Stretching in the morning before bed"


def test_labels_that_become_one_tag_are_listed_together(diary: Diary) -> None:
    """Cut to 30 characters, two factors become one tag: the preview names both beside it."""
    preview = bearable_preview(
        diary,
        f'"1st Mar 2024",Friday,all day,Factors,,{LONG_WORK} | {LONG_BED} | Long drive,',
        '"2nd Mar 2024",Saturday,am,Symptom,2,Back (lower) pain (Moderate),',
    )
    assert tag_rows(preview) == [
        {"Tag": "long-drive", "From the file": "Long drive", "Note": ""},
        {
            "Tag": "stretching-in-the-morning-befo",
            "From the file": f"{LONG_BED}; {LONG_WORK}",
            "Note": "2 labels become this one tag",
        },
    ]
    assert {"What": "Tags", "How": "3 factors become 2 tags (listed under Tags)"} in mapping_rows(preview)
    clipped, whole = render_preview(preview), render_preview(preview, limit=None)
    assert f"{LONG_BED}; {LONG_WORK}" not in clipped  # cut to the cell's width,
    assert f"{LONG_BED}; {LONG_WORK}" in whole  # unless every row is asked for (--all)


def test_a_new_day_whose_own_sleep_differs_from_its_kept_night_says_so(diary: Diary) -> None:
    """The watch's night was kept aside; a diary app's file brings that morning with another bedtime."""
    import_source(diary, preview_source(diary, open_export(APPLE), today=TODAY))
    night = kept_night(diary, D(2024, 3, 31))
    assert night is not None and night.values["bedtime"] == T(23, 30)
    own = {"pain": 5, "bedtime": T(22, 0), "wake_time": night.values["wake_time"]}
    preview = preview_source(
        diary, _export("bearable", SourceDay(D(2024, 3, 31), own, "line 2")), today=TODAY
    )
    assert kept_differs_rows(preview) == [
        {
            "Date": "Sun 31 Mar 2024",
            "Column": "bedtime",
            "After the import": "the file's",
            "Kept aside": "23:30 (your watch)",
            "In the file": "22:00",
        }
    ]
    assert "1 new day whose sleep differs from a night kept aside (the file's is kept)" in preview.headline()
    assert "Sleep that differs from a night kept aside (1)" in render_preview(preview)
    import_source(diary, preview)
    saved = diary.get(D(2024, 3, 31))
    # The watch's minutes to fall asleep counted from its own bedtime: not beside the file's.
    assert saved is not None and (saved.bedtime, saved.sleep_latency_min) == (T(22, 0), None)
    assert kept_night(diary, D(2024, 3, 31)) is None


def test_a_date_ahead_in_the_other_app_is_listed_and_the_rest_imports(diary: Diary) -> None:
    preview = bearable_preview(
        diary,
        '"1st Mar 2024",Friday,am,Symptom,2,Back (lower) pain (Moderate),',
        '"1st Mar 2030",Friday,am,Symptom,2,Back (lower) pain (Moderate),',
    )
    assert [d.date for d in preview.plan.to_come] == [D(2030, 3, 1)] and not preview.plan.problems
    assert preview.can_import and "its morning has not come yet" in render_preview(preview)
    import_source(diary, preview)
    assert [e.date for e in diary.entries()] == [D(2024, 3, 1)]


def test_a_rating_its_own_word_contradicts_is_listed_not_used(diary: Diary) -> None:
    preview = bearable_preview(
        diary,
        '"1st Mar 2024",Friday,am,Symptom,1,Back (lower) pain (Severe),',
        '"2nd Mar 2024",Saturday,am,Symptom,3,Back (lower) pain (Severe),',
    )
    assert [e.date for e in preview.plan.new] == [D(2024, 3, 2)]
    (finding,) = preview.result.unrecognised
    assert finding.where == "line 2" and finding.reason == "is rated 1, but its word means 3: not clear which"


def test_a_pain_scale_that_goes_down_is_refused_naming_the_rule() -> None:
    with pytest.raises(MappingError, match="each at least the one before"):
        BearableMapping(pain_scale=(10, 8, 5, 3, 0))
    assert BearableMapping(pain_scale=(0, 0, 5, 5, 10)).pain_scale == (
        0,
        0,
        5,
        5,
        10,
    )  # equal steps are allowed


def test_a_second_export_of_the_same_kind_in_a_folder_is_named_as_one(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(APPLE, folder / "export.xml")
    shutil.copy(APPLE, folder / "export-old.xml")
    listed = open_export(folder).result().not_imported
    # The one named export.xml is read (Apple's own name); the other is named for what it is.
    assert [f.where for f in listed if f.reason == ANOTHER_EXPORT] == ["export-old.xml"]
    assert not [f for f in listed if "not read" in f.reason]


def test_text_that_is_not_utf8_names_the_byte_and_its_line() -> None:
    data = bearable('"1st Mar 2024",Friday,am,Symptom,2,Back (lower) pain (Moderate),caf\xe9').replace(
        "é".encode(), b"\xe9"
    )
    with pytest.raises(SourceError, match=r"byte 0xe9 on line 2\)"):
        open_export(data, name="bearable.csv", kind="bearable")


def test_one_day_given_two_pain_values_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "d.sqlite3"
    daylio = str(Path(__file__).parent / "fixtures" / "sources" / "daylio_export.csv")
    code, _, err = main(
        capsys, "import", daylio, "--pain", "2024-05-04=2", "--pain", "2024-05-04=5", "--data", str(data)
    )
    assert code == 2 and "--pain: Sat 4 May 2024 is given more than one pain value" in err
    assert not data.exists() or open_diary(data).entries() == []


def test_notes_too_long_to_append_are_listed_and_the_rest_imports(diary: Diary) -> None:
    """The same rule as a note too long by itself: left out and listed, never a reason to refuse the rest."""
    diary.add(parse_entry({"date": "2024-03-01", "pain": 5, "notes": "x" * 1990}))  # as the file maps it
    lines = (
        f'"1st Mar 2024",Friday,am,Symptom,2,Back (lower) pain (Moderate),"{"n" * 20}"',
        '"2nd Mar 2024",Saturday,am,Symptom,2,Back (lower) pain (Moderate),short',
    )
    preview = bearable_preview(diary, *lines)
    assert [(c.date, c.column) for c in preview.plan.notes_too_long] == [(D(2024, 3, 1), "notes")]
    assert preview.can_import and not preview.plan.problems and D(2024, 3, 1) not in preview.plan.unchanged
    assert "longer than the 2000 characters the diary keeps" in render_preview(preview)
    assert "1 item not imported (listed)" in preview.headline()
    import_source(diary, preview)
    first, second = diary.get(D(2024, 3, 1)), diary.get(D(2024, 3, 2))
    assert first is not None and first.notes == "x" * 1990
    assert second is not None and second.notes == "Back (lower) pain: short"
    again = bearable_preview(diary, *lines)
    assert not again.changes_anything and len(again.plan.notes_too_long) == 1
    assert "or their notes are too long to take more (listed)" in again.headline()
