"""The command line never writes over the diary or a read-only file, and refused input creates nothing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from diary.entry import parse_entry
from diary.errors import DiaryError
from diary.sources.kept import KeptNight, kept_nights
from diary.storage import open_diary
from diary.storage.base import NIGHT_KIND

from .test_cli_import import FIXTURES, main


def test_an_export_onto_the_diary_itself_is_refused(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    assert main(capsys, "sample", "--data", str(data))[0] == 0
    before = open_diary(data).entries()
    for command in (["export", "--no-notes"], ["sample"]):
        for spelling in (str(data), f"{data.parent}/./{data.name}"):
            code, _, err = main(capsys, *command, "-o", spelling, "--data", str(data))
            assert code == 1 and "that is the diary itself" in err and "Nothing was written there" in err
    assert open_diary(data).entries() == before


def test_an_export_onto_a_file_the_diary_keeps_beside_it_is_refused(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    """The CSV diary's trials and lock, SQLite's write-ahead log: never replaced by an output."""
    assert main(capsys, "sample", "--data", str(data))[0] == 0
    plan = ["trial", "plan", "--factor", "position", "--a", "back", "--b", "side", "--data", str(data)]
    assert main(capsys, *plan)[0] == 0
    records = data.with_name(data.name + ".records.json")
    kept = records.read_bytes() if records.exists() else None
    for suffix in (".records.json", ".lock", "-wal"):
        code, _, err = main(capsys, "export", "-o", f"{data}{suffix}", "--data", str(data))
        assert code == 1 and f"the diary keeps that file beside it ({data.name}{suffix})" in err
    assert (records.read_bytes() if records.exists() else None) == kept
    assert main(capsys, "trial", "status", "--data", str(data))[0] == 0  # the trial is still there


def test_an_export_onto_a_copy_made_before_a_format_update_is_refused(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    """The copy kept when a diary's format was updated (by name, whether or not it is there): never replaced."""
    assert main(capsys, "sample", "--data", str(data))[0] == 0
    backup = data.with_name(f"{data.name}.schema2-backup-20261201-061500")
    backup.write_bytes(b"the diary as it was")
    for target in (backup, backup.with_name(f"{data.name}.schema3-backup-20261205-071000")):
        code, _, err = main(capsys, "export", "-o", str(target), "--data", str(data))
        assert code == 1 and "a copy of the diary made before its format was updated" in err
    assert backup.read_bytes() == b"the diary as it was"
    assert not backup.with_name(f"{data.name}.schema3-backup-20261205-071000").exists()
    elsewhere = data.parent / "other" / backup.name  # the same name in another folder is any file
    assert main(capsys, "export", "-o", str(elsewhere), "--data", str(data))[0] == 0
    for name in (f"{data.name}.schema2-backup-20261399-061500", f"{data.name}.schema-backup-20261201-061500"):
        alike = data.with_name(name)  # not a time, or no format version: not such a copy's name
        assert main(capsys, "export", "-o", str(alike), "--data", str(data))[0] == 0 and alike.exists()


def test_an_output_file_made_read_only_is_not_replaced(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    assert main(capsys, "sample", "--data", str(data))[0] == 0
    kept = data.with_name("kept.csv")
    kept.write_text("mine\n")
    kept.chmod(0o400)
    code, _, err = main(capsys, "export", "-o", str(kept), "--data", str(data))
    assert code == 1 and "the file is read-only" in err
    assert kept.read_text() == "mine\n" and kept.stat().st_mode & 0o777 == 0o400


def test_an_output_that_names_a_folder_asks_for_a_file_name(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    """``-o`` naming a folder (or left empty, which is the folder you are in) says so, not the system's words."""
    assert main(capsys, "sample", "--data", str(data))[0] == 0
    asked: list[tuple[str, Path | str, str]] = [
        ("export", data.parent, str(data.parent)),
        ("sample", data.parent, str(data.parent)),
    ]
    asked.append(("export", "", "."))  # (a backup or a report must be named .zip or .pdf anyway)
    for command, output, shown in asked:
        code, _, err = main(capsys, command, "-o", str(output), "--data", str(data))
        assert code == 1, (command, err)
        assert f"to {shown}: it is a folder; give a file name (in that folder or elsewhere)" in err, err


def test_a_name_ending_in_a_slash_is_a_folder_never_a_file_made_in_its_place(
    capsys: pytest.CaptureFixture[str], data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "out/" or "--data newdir/" meant a folder: no file named "out" or "newdir" is made instead."""
    assert main(capsys, "sample", "--data", str(data))[0] == 0
    meant = data.parent / "out"
    code, _, err = main(capsys, "export", "-o", f"{meant}/", "--data", str(data))
    assert code == 1 and "ends with a slash, so it names a folder, not a file; give a file name" in err
    new = data.parent / "newdir"
    code, _, err = main(capsys, "add", "--date", "2024-03-01", "--pain", "3", "--data", f"{new}/")
    assert code == 1 and "ends with a slash, so it names a folder, not a file" in err
    monkeypatch.setenv("PAIN_DIARY_DATA", f"{new}/")
    for command in (["add", "--date", "2024-03-01", "--pain", "3"], ["run", "--port", "1"]):
        code, _, err = main(capsys, *command)  # the dashboard is not started on the folder's name
        assert code == 1 and "ends with a slash" in err, command
    assert not meant.exists() and not new.exists()


@pytest.mark.parametrize("name", ["x.sqlite3", "x.csv", "deeper/x.sqlite3"])
def test_a_path_under_a_file_is_named_as_such_not_read_only_nor_missing(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path, name: str
) -> None:
    """ "notes.txt/x.sqlite3": the file in the way is named, whatever the command; nothing is made or changed."""
    in_the_way = tmp_path / "notes.txt"
    in_the_way.write_text("mine", encoding="utf-8")
    wrong = in_the_way / name
    said = f"{in_the_way} is a file, not a folder, so nothing can be kept inside it"
    for command in (["add", "--pain", "3"], ["export"], ["analyze"]):
        code, _, err = main(capsys, *command, "--data", str(wrong))
        assert code == 1 and said in err and "read-only" not in err and "missing" not in err, (command, err)
    assert main(capsys, "sample", "--data", str(data))[0] == 0
    for command in (
        ["export", "-o", str(in_the_way / "out.csv")],
        ["report", "-o", str(in_the_way / "r.pdf")],
    ):
        code, _, err = main(capsys, *command, "--data", str(data))
        assert code == 1 and f"{said}; choose another place" in err, (command, err)
    assert in_the_way.read_text(encoding="utf-8") == "mine"


def test_a_date_that_is_not_in_the_calendar_is_said_so(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    code, _, err = main(capsys, "add", "--date", "2024-02-30", "--pain", "3", "--data", str(data))
    assert code == 2 and "'2024-02-30' is not a date in the calendar" in err
    code, _, err = main(capsys, "add", "--date", "2024-2-3", "--pain", "3", "--data", str(data))
    assert code == 2 and "'2024-2-3' is not a date written YYYY-MM-DD" in err


def test_refused_input_creates_no_diary(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, _, err = main(capsys, "add", "--pain", "11", "--data", str(data))
    assert code == 1 and "from 0 to 10" in err
    code, _, err = main(capsys, "add", "--pain", "3", "--mattress", " ", "--data", str(data))
    assert code == 2 and "--mattress holds only spaces" in err
    code, _, err = main(
        capsys, "trial", "plan", "--factor", "firmness", "--a", "a", "--b", "b", "--data", str(data)
    )
    assert code == 1 and "must be one of" in err
    assert not data.exists()


def test_a_lone_double_dash_is_a_value_for_a_one_value_option(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    bearable = str(FIXTURES / "bearable_export.csv")
    code, _, err = main(
        capsys, "import", bearable, "--dry-run", "--pain-without-symptom=--", "--data", str(data)
    )
    assert code == 2 and "'--': give a morning pain from 0 to 10" in err


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (
            ["add", "--pain", "3", "--notes", "--"],
            "('--' was read as the end of the options; to give it as the value, write --notes=--)",
        ),
        (
            ["add", "--pain", "3", "--tags", "-x"],
            "('-x' was read as an option; to give it as the value, write --tags=-x)",
        ),
        (["export", "-o", "--"], "to give it as the value, write --output=--)"),
        (  # an option's name cut short, as argparse allows
            ["add", "--pain", "3", "--note", "--"],
            "('--' was read as the end of the options; to give it as the value, write --notes=--)",
        ),
        (
            ["export", "--out", "-x"],
            "('-x' was read as an option; to give it as the value, write --output=-x)",
        ),
    ],
)
def test_a_value_beginning_with_a_dash_is_shown_how_to_give_it(
    capsys: pytest.CaptureFixture[str], data: Path, words: list[str], said: str
) -> None:
    code, _, err = main(capsys, *words, "--data", str(data))
    assert code == 2 and said in err
    assert not data.exists()


def test_an_option_missing_its_value_at_the_end_gets_argparse_message_alone(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    code, _, err = main(capsys, "add", "--data", str(data), "--pain")
    assert code == 2 and err.strip().endswith("error: argument --pain: expected one argument")


def test_add_takes_the_sleep_times_it_lacks_from_a_kept_night(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    diary = open_diary(data)
    night = KeptNight(
        dt.date(2024, 5, 10),
        {"bedtime": dt.time(23, 30), "wake_time": dt.time(6, 45), "sleep_latency_min": 20},
    )
    diary.change_records(NIGHT_KIND, {night.key: night.to_record()})
    code, out, _ = main(
        capsys, "add", "--date", "2024-05-10", "--pain", "2", "--bedtime", "23:00", "--data", str(data)
    )
    assert code == 0
    # typed bedtime stays; the watch's 20 minutes count from its own 23:30, so they are not taken beside it
    assert "From your watch: woke at 06:45 (added to this morning's entry)." in out
    saved = open_diary(data).get(dt.date(2024, 5, 10))
    assert saved is not None and (saved.bedtime, saved.wake_time, saved.sleep_latency_min) == (
        dt.time(23, 0),
        dt.time(6, 45),
        None,
    )
    assert kept_nights(open_diary(data)) == []


def test_a_diary_csv_import_takes_kept_nights_for_its_new_days(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    diary = open_diary(data)
    night = KeptNight(dt.date(2024, 3, 29), {"bedtime": dt.time(23, 30), "sleep_latency_min": 15})
    diary.change_records(NIGHT_KIND, {night.key: night.to_record()})
    csv = tmp_path / "one.csv"
    csv.write_text("date,pain\n2024-03-29,4\n")
    code, out, _ = main(capsys, "import", str(csv), "--dry-run", "--data", str(data))
    assert code == 0 and "1 new day takes its sleep times from a night kept aside" in out
    code, out, _ = main(capsys, "import", str(csv), "--data", str(data))
    assert code == 0 and "1 new day takes its sleep times from a night kept aside" in out
    saved = open_diary(data).get(dt.date(2024, 3, 29))
    assert saved is not None and (saved.bedtime, saved.sleep_latency_min) == (dt.time(23, 30), 15)
    assert kept_nights(open_diary(data)) == []


def test_a_sqlite_diary_emptied_while_open_is_never_started_again(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    diary = open_diary(path)
    diary.add(parse_entry({"date": "2026-01-01", "pain": 3}))
    os.remove(path)
    path.write_bytes(b"")  # a sync tool, or `> diary.sqlite3`
    for _ in range(2):  # every use says so, not only the first
        with pytest.raises(DiaryError, match="emptied while the diary was open"):
            diary.entries()
        with pytest.raises(DiaryError, match="emptied while the diary was open"):
            diary.add(parse_entry({"date": "2026-01-02", "pain": 3}))
    assert path.stat().st_size == 0


def test_an_update_with_an_empty_value_clears_it(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    assert (
        main(
            capsys,
            "add",
            "--date",
            "2026-01-01",
            "--pain",
            "3",
            "--mattress",
            "Foam",
            "--tags",
            "a,b",
            "--data",
            str(data),
        )[0]
        == 0
    )
    code, _, err = main(
        capsys, "add", "--date", "2026-01-01", "--update", "--mattress", "", "--tags", "", "--data", str(data)
    )
    assert code == 0, err
    saved = open_diary(data).get(dt.date(2026, 1, 1))
    assert saved is not None and saved.mattress is None and saved.tags == ()
