"""Importing any file through the diary: recognised, previewed exactly, written once — on both backends."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest

from diary.csv.format import write_diary_csv
from diary.entry import Entry, parse_entry
from diary.errors import DiaryError
from diary.exchange.backup import full_backup
from diary.exchange.importing import (
    BACKUP,
    DIARY,
    ImportBlocked,
    PreviewOutdated,
    import_source,
    preview_source,
    recognise,
)
from diary.sources import (
    Export,
    SourceDay,
    SourceError,
    SourceResult,
    kept_night,
    kept_nights,
    open_export,
)
from diary.storage import Diary
from diary.views.imports import (
    conflict_rows,
    gain_rows,
    new_day_rows,
    night_rows,
    not_imported_rows,
    render_preview,
)

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
PAST_THE_CALENDAR = b"9999-12-31,December 31,Friday,8:00 am,good,walking,,\n"
"""A Daylio line dated past any date the diary takes: a value that cannot go in, whatever the mapping."""
APPLE = FIXTURES / "apple_health_export.xml"
D = dt.date
T = dt.time
TODAY = D(2026, 1, 31)


def entry(day: dt.date, pain: int = 4, **values: object) -> Entry:
    return parse_entry({"date": day, "pain": pain, **values}, today=TODAY)


def snapshot(diary: Diary) -> tuple[object, object]:
    return diary.entries(), diary.all_records()


# -- recognising -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("apple_health_export.xml", "apple-health"),
        ("fitbit_takeout", "fitbit"),
        ("oura_trends.csv", "oura"),
        ("sleepmodel.csv", "oura"),
        ("bearable_export.csv", "bearable"),
        ("bearable_monthly", "bearable"),
        ("daylio_export.csv", "daylio"),
        ("daylio_export_old.csv", "daylio"),
        ("daylio_export_oldest.csv", "daylio"),
    ],
)
def test_every_kind_is_recognised_from_its_content(name: str, kind: str, tmp_path: Path) -> None:
    assert recognise(FIXTURES / name) == kind
    if (FIXTURES / name).is_file():  # a misleading name changes nothing
        renamed = tmp_path / "download.txt"
        renamed.write_bytes((FIXTURES / name).read_bytes())
        assert recognise(renamed) == kind
        assert recognise(renamed.read_bytes(), name="upload") == kind
        assert recognise(io.BytesIO(renamed.read_bytes()), name="upload") == kind


def _zipped(files: dict[str, bytes]) -> bytes:
    """A zip holding ``files`` (name → content)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (
            b'<?xml version="1.0"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"><component/></ClinicalDocument>\n',
            "it holds Apple Health's clinical records (export_cda.xml). The sleep records are in export.xml",
        ),
        (
            b'{"daily_sleep": [{"contributors": {"deep_sleep": 99, "total_sleep": 85}, "day": "2024-01-05",'
            b' "score": 84, "timestamp": "2024-01-05T00:00:00+00:00"}]}',
            "it holds Oura's daily sleep scores, not sleep periods with bed times",
        ),
        (
            b'id;contributors;day;score;timestamp\nx;"{""total_sleep"": 85}";2024-01-05;84;2024-01-05T00:00:00\n',
            "The nights are in the account export's sleepmodel.csv",
        ),
        (
            b"sleep_log_entry_id,timestamp,overall_score,composition_score,revitalization_score\n"
            b"48809009246,2025-03-30T05:56:30Z,72,19,18\n",
            "it holds Fitbit's sleep scores (sleep_score.csv), not bed times. The nights are in",
        ),
        (_zipped({"backup.daylio": b"eyJ2ZXJzaW9uIjoxNX0=", "assets/": b""}), "it is Daylio's own backup"),
        (b"colour,size\nred,3\n", "it is none of the files the diary imports. It reads a diary CSV"),
    ],
)
def test_a_file_of_another_app_s_export_without_sleep_says_where_the_sleep_is(
    content: bytes, said: str
) -> None:
    with pytest.raises(SourceError) as refused:
        recognise(content, name="the file")
    assert said in str(refused.value)


def test_the_diarys_own_files_are_recognised(diary: Diary, tmp_path: Path) -> None:
    diary.add(parse_entry({"date": "2025-03-01", "pain": 3}))
    assert recognise(b"date,pain\n2025-03-01,3\n") == DIARY
    assert recognise(b"date,position\n2025-03-01,side\n") == DIARY  # its reader names what is missing
    assert recognise(b"pain,mattress\n3,Foam\n") == DIARY  # no date column: said by the diary CSV's reader
    with pytest.raises(SourceError):
        recognise(b"colour,size\nred,3\n", name="other.csv")  # no diary column at all: none of the kinds
    cut_short = full_backup(diary)[:-40]
    with pytest.raises(SourceError, match="looks like a zip file but cannot be opened"):
        recognise(cut_short, name="export.zip")  # a zip cut short is said to be one, not "none of the files"
    backup = tmp_path / "backup.zip"
    backup.write_bytes(full_backup(diary))
    assert recognise(backup) == BACKUP
    assert recognise(backup, kind="diary") == BACKUP
    assert recognise(APPLE, kind="Apple Health") == "apple-health"


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (
            b"date,weekday,time of day,category,detail,notes\n22nd Sep 2020,Tue,am,Symptom,Back (lower) pain (Mild),\n",
            "cannot be read as a Bearable CSV export: it lacks the column(s) rating/amount",
        ),
        (
            b"full_date,date,weekday,time,mood,note_title\n2024-03-09,March 9,Saturday,08:05,good,\n",
            "cannot be read as a Daylio CSV export: it lacks the column(s) activities",
        ),
    ],
)
def test_another_app_s_export_that_lost_a_column_is_named_with_the_column(content: bytes, said: str) -> None:
    """It was refused as a diary CSV, column by column ("header 'weekday' is not a diary column")."""
    assert recognise(content, name="export.csv") in ("bearable", "daylio")
    with pytest.raises(SourceError, match=re.escape(said)):
        open_export(content, name="export.csv")


def test_something_else_is_refused_naming_what_is_read(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        recognise(b"\x89PNG\r\n\x1a\nnot an export", name="photo.png")
    message = str(caught.value)
    assert "photo.png" in message and "a diary CSV" in message and "Apple Health" in message
    assert "Nothing was imported" in message
    with pytest.raises(SourceError, match="it is empty"):
        recognise(b"", name="nothing.csv")
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    with pytest.raises(DiaryError, match="folder, not a regular file"):
        recognise(empty)
    with pytest.raises(DiaryError, match="is not a kind of export"):
        recognise(APPLE, kind="garmin")


# -- previewing and importing a wearable's nights -----------------------------------------------


def test_nights_fill_in_typed_mornings_and_the_rest_are_kept_aside(diary: Diary) -> None:
    diary.add(entry(D(2024, 1, 14), 5, bedtime="23:00", position="side"))
    before = snapshot(diary)
    preview = preview_source(diary, open_export(APPLE), today=TODAY)
    assert snapshot(diary) == before  # a preview changes nothing
    assert [g.column for g in preview.plan.gains] == ["wake_time", "awakenings", "awake_minutes"]
    # the watch's minutes to fall asleep count from its own bedtime: they belong to that conflict
    assert conflict_rows(preview, preview.plan.conflicts) == [
        {
            "Date": "Sun 14 Jan 2024",
            "Column": "bedtime",
            "After the import": "the diary's",
            "In the diary": "23:00",
            "In the file": "23:40",
        },
        {
            "Date": "Sun 14 Jan 2024",
            "Column": "sleep_latency_min",
            "After the import": "the diary's",
            "In the diary": "",
            "In the file": "15",
        },
    ]
    assert [(r["Morning"], r["Status"]) for r in night_rows(preview)] == [
        ("Sat 10 Feb 2024", "kept aside"),
        ("Sun 31 Mar 2024", "kept aside"),
    ]
    assert "2 nights kept aside" in preview.headline()
    done = import_source(diary, preview)
    assert str(done) == (
        "apple_health_export.xml: Imported 0 new days; added values to 1 day; "
        "kept 2 nights aside until their mornings are logged; "
        "kept the diary's own sleep times on 1 day where the file differs."
    )
    saved = diary.get(D(2024, 1, 14))
    assert saved is not None
    assert (saved.bedtime, saved.wake_time, saved.sleep_latency_min, saved.position) == (
        T(23, 0),  # what the person typed stays
        T(6, 55),
        None,
        "side",
    )
    night = kept_night(diary, D(2024, 3, 31))
    assert night is not None and night.sentence().startswith("From your watch: in bed 23:30–07:00")


def test_importing_the_same_file_again_writes_nothing(diary: Diary) -> None:
    diary.add(entry(D(2024, 1, 14), 5, bedtime="23:00"))
    import_source(diary, preview_source(diary, open_export(APPLE), today=TODAY))
    version, before = diary.version(), snapshot(diary)
    again = preview_source(diary, open_export(APPLE), today=TODAY)
    assert not again.changes_anything and not again.can_import
    assert [r["Status"] for r in night_rows(again)] == ["kept already", "kept already"]
    assert "change nothing" in again.headline()
    import_source(diary, again)
    assert snapshot(diary) == before and diary.version() == version


def test_replacing_sleep_times_takes_the_watchs_values(diary: Diary) -> None:
    diary.add(entry(D(2024, 1, 14), 5, bedtime="23:00"))
    preview = preview_source(diary, open_export(APPLE), replace={"sleep times"}, today=TODAY)
    assert conflict_rows(preview, preview.plan.conflicts)[0]["After the import"] == "the file's"
    import_source(diary, preview)
    saved = diary.get(D(2024, 1, 14))
    assert saved is not None and saved.bedtime == T(23, 40)


def test_a_pain_value_turns_a_night_into_a_new_day(diary: Diary) -> None:
    preview = preview_source(diary, open_export(APPLE), pain={D(2024, 3, 31): 6}, today=TODAY)
    assert [r["Date"] for r in new_day_rows(preview)] == ["Sun 31 Mar 2024"]
    assert D(2024, 3, 31) in preview.open_days  # still offered for a pain value
    import_source(diary, preview)
    saved = diary.get(D(2024, 3, 31))
    assert saved is not None and (saved.pain, saved.bedtime) == (6, T(23, 30))
    assert saved.logged_at is None  # an imported day, not typed that morning
    assert kept_night(diary, D(2024, 3, 31)) is None


def _export(kind: str, *days: SourceDay) -> Export:
    return Export(kind, f"{kind}.csv", SourceResult(kind, f"{kind}.csv", days))  # type: ignore[arg-type]


def test_a_later_import_adding_that_morning_takes_its_kept_night(diary: Diary) -> None:
    import_source(diary, preview_source(diary, open_export(APPLE), today=TODAY))
    bearable = _export("bearable", SourceDay(D(2024, 3, 31), {"pain": 5, "tags": ("travel",)}, "line 2"))
    preview = preview_source(diary, bearable, today=TODAY)
    rows = gain_rows(preview)
    assert {r["Column"] for r in rows} == {"bedtime", "wake_time", "sleep_latency_min", "awake_minutes"}
    assert {r["From"] for r in rows} == {"the night kept aside (your watch)"}
    import_source(diary, preview)
    saved = diary.get(D(2024, 3, 31))
    assert saved is not None and (saved.pain, saved.bedtime, saved.tags) == (5, T(23, 30), ("travel",))
    assert [n.date for n in kept_nights(diary)] == [D(2024, 1, 14), D(2024, 2, 10)]


def test_what_an_import_says_it_did_counts_days_as_its_preview_did(diary: Diary) -> None:
    """A day that gains values and has others replaced is counted under both, in the preview and after."""
    diary.add(entry(D(2024, 1, 14), 5, bedtime="23:00", position="side"))
    preview = preview_source(diary, open_export(APPLE), replace={"sleep times"}, today=TODAY)
    gaining = len({g.date for g in preview.plan.gains})
    assert gaining == 1 and f"{gaining} day gaining values" in preview.plan.summary()
    done = str(import_source(diary, preview))
    assert "added values to 1 day" in done and "replaced the diary's values on 1 day" in done


def test_a_different_night_for_a_kept_morning_stays_unless_sleep_times_are_replaced(diary: Diary) -> None:
    import_source(diary, preview_source(diary, open_export(APPLE), today=TODAY))
    other = {"bedtime": T(22, 15), "wake_time": T(6, 0)}
    oura = _export("oura", SourceDay(D(2024, 3, 31), other, "line 3", "your Oura ring"))
    kept = preview_source(diary, oura, today=TODAY)
    assert [r["Status"] for r in night_rows(kept)] == ["differs from the night kept before, which stays"]
    assert not kept.changes_anything
    assert "1 night kept aside before differs from the file's (listed)" in kept.headline()
    assert "everything in it is in the diary already" not in kept.headline()
    replaced = preview_source(diary, oura, replace={"sleep times"}, today=TODAY)
    assert [r["Status"] for r in night_rows(replaced)] == ["replaces the night kept before"]
    import_source(diary, replaced)
    night = kept_night(diary, D(2024, 3, 31))
    assert night is not None and night.values == other and night.device == "your Oura ring"


def test_a_diary_changed_after_the_preview_gets_nothing(diary: Diary) -> None:
    preview = preview_source(diary, open_export(APPLE), today=TODAY)
    diary.add(entry(D(2024, 2, 10), 3))  # another window logs that morning
    before = snapshot(diary)
    with pytest.raises(PreviewOutdated, match="Nothing was imported"):
        import_source(diary, preview)
    assert snapshot(diary) == before


def test_values_that_cannot_go_in_block_the_whole_import(diary: Diary) -> None:
    daylio = open_export((FIXTURES / "daylio_export.csv").read_bytes() + PAST_THE_CALENDAR, name="daylio.csv")
    preview = preview_source(diary, daylio, pain={D(2024, 5, 4): 2}, today=TODAY)
    assert preview.plan.problems and not preview.can_import
    count = len(preview.plan.problems)
    assert f"{count} value{'' if count == 1 else 's'} cannot go into the diary as " in preview.headline()
    assert ("as it is" if count == 1 else "as they are") in preview.headline()
    before = snapshot(diary)
    with pytest.raises(ImportBlocked, match="Nothing was imported") as blocked:
        import_source(diary, preview)
    assert ("as it is:" if count == 1 else "as they are:") in str(blocked.value)
    assert snapshot(diary) == before
    assert "9999-12-31" in render_preview(preview)


def test_the_headline_counts_what_the_not_imported_list_shows(diary: Diary) -> None:
    """The days with no morning to go to are in the list, so in the headline's count too."""
    preview = preview_source(diary, open_export(FIXTURES / "daylio_export.csv"), today=TODAY)
    listed = len(not_imported_rows(preview))
    assert preview.left_out and listed > len(preview.result.not_imported)
    assert f"; {listed} items not imported (listed)." in preview.headline()


def test_daylio_adds_to_days_in_the_diary_and_to_days_given_a_pain_value(diary: Diary) -> None:
    diary.add(entry(D(2024, 5, 3), 3, tags="own", notes="typed"))
    daylio = open_export(FIXTURES / "daylio_export.csv")
    preview = preview_source(diary, daylio, pain={D(2024, 5, 4): 2}, today=TODAY)
    left = [r["Where"].split(" (")[0] for r in not_imported_rows(preview) if "no pain value" in r["Why"]]
    assert left == ["Wed 1 May 2024", "Thu 2 May 2024"]
    assert preview.open_days == (D(2024, 5, 1), D(2024, 5, 2), D(2024, 5, 4))
    import_source(diary, preview)
    typed = diary.get(D(2024, 5, 3))
    assert typed is not None and typed.pain == 3 and "own" in typed.tags and "heavy-lifting" in typed.tags
    assert typed.notes is not None and typed.notes.startswith("typed\n")
    added = diary.get(D(2024, 5, 4))
    assert added is not None and added.pain == 2 and "walking" in added.tags
    assert diary.get(D(2024, 5, 1)) is None


def test_the_text_preview_lists_every_section(diary: Diary) -> None:
    diary.add(entry(D(2024, 1, 14), 5, bedtime="23:00"))
    text = render_preview(preview_source(diary, open_export(APPLE), today=TODAY))
    for heading in (
        "Values added to days in the diary (3)",
        "Values that differ from the diary: sleep times (2)",
        "--replace sleep-times",
        "Nights kept aside (2)",
        "Not understood (1)",
        "sleep record 12",
        "Not imported (8)",
    ):
        assert heading in text
    assert text.count("Minutes to fall asleep go with the bedtime") == 1  # under sleep times, once


def test_a_zip_of_an_export_is_read_like_the_file(diary: Diary, tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(APPLE, "apple_health_export/export.xml")
    assert recognise(archive) == "apple-health"
    preview = preview_source(diary, open_export(archive), today=TODAY)
    assert [n.night.date for n in preview.nights] == [D(2024, 1, 14), D(2024, 2, 10), D(2024, 3, 31)]


def test_a_diary_csv_is_not_taken_for_an_export(tmp_path: Path) -> None:
    file = tmp_path / "mine.csv"
    file.write_text(write_diary_csv([parse_entry({"date": "2025-03-01", "pain": 3})]))
    with pytest.raises(SourceError, match="diary CSV"):
        open_export(file)


def test_a_preview_whose_only_news_are_conflicts_says_so(diary: Diary) -> None:
    diary.add(entry(D(2024, 1, 14), 5, bedtime="23:00"))
    import_source(diary, preview_source(diary, open_export(APPLE), today=TODAY))  # gains in, nights kept
    again = preview_source(diary, open_export(APPLE), today=TODAY)
    assert not again.changes_anything and again.plan.conflicts
    headline = again.headline()
    assert "everything in it is in the diary already" not in headline
    assert "1 day in the diary holds values that differ from the file's" in headline


def test_an_apps_export_takes_mornings_begun_anywhere_on_earth(
    diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``today``, a date that is today at UTC+14 is not refused as in the future."""
    monkeypatch.setattr("diary.exchange.importing.latest_today", lambda: D(2024, 3, 31))
    preview = preview_source(diary, open_export(APPLE), pain={D(2024, 3, 31): 3})
    assert preview.today == D(2024, 3, 31) and [e.date for e in preview.plan.new] == [D(2024, 3, 31)]


def test_a_monthly_exports_last_evening_reaches_the_next_months_first_morning_when_imported_again(
    diary: Diary,
) -> None:
    """Bearable exports a month at a time: 30 September's factors count for 1 October, a morning only the next
    month's export holds. Imported month by month, the list says how to bring them in, and doing so does."""
    months = sorted((FIXTURES / "bearable_monthly").iterdir())
    september = preview_source(diary, open_export(months[0]), today=TODAY)
    why = {r["Where"].split(" (")[0]: r["Why"] for r in not_imported_rows(september)}
    assert "import this file again once the morning is in the diary" in why["Thu 1 Oct 2020"]
    import_source(diary, september)
    import_source(diary, preview_source(diary, open_export(months[1]), today=TODAY))
    first = diary.get(D(2020, 10, 1))
    # The pill of 30 September's evening is not in October's export.
    assert first is not None and first.painkiller is None
    # September again, as the list says.
    import_source(diary, preview_source(diary, open_export(months[0]), today=TODAY))
    first = diary.get(D(2020, 10, 1))
    assert first is not None and first.painkiller is True and first.tags == ("gardening", "wine")
