"""``pain-diary import`` of every kind: recognised, previewed with --dry-run, mapped by flags, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from diary import cli
from diary.entry import parse_entry
from diary.sources import kept_nights
from diary.storage import open_diary

from .test_cli import run
from .test_importing import PAST_THE_CALENDAR

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
D = dt.date


def main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(args))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def state(data: Path) -> object:
    """What the diary holds: its entries and every record kept with it (nights, trials)."""
    if not data.exists():
        return None
    diary = open_diary(data, create=False)
    try:
        return diary.entries(), diary.all_records()
    finally:
        diary.close()


@pytest.mark.parametrize(
    ("name", "recognised"),
    [
        ("apple_health_export.xml", "An Apple Health export"),
        ("fitbit_takeout", "A Fitbit sleep export"),
        ("oura_trends.csv", "An Oura sleep export"),
        ("sleepmodel.csv", "An Oura sleep export"),
        ("bearable_export.csv", "A Bearable CSV export"),
        ("bearable_monthly", "A Bearable CSV export"),
        ("daylio_export.csv", "A Daylio CSV export"),
        ("daylio_export_old.csv", "A Daylio CSV export"),
        ("daylio_export_oldest.csv", "A Daylio CSV export"),
    ],
)
def test_every_kind_dry_runs_then_imports_then_changes_nothing_again(
    capsys: pytest.CaptureFixture[str], data: Path, name: str, recognised: str
) -> None:
    file = str(FIXTURES / name)
    main(capsys, "add", "--date", "2020-01-01", "--pain", "1", "--data", str(data))
    before = state(data)
    code, out, err = main(capsys, "import", file, "--dry-run", "--data", str(data))
    assert code == 0, err
    assert out.startswith(recognised)
    assert "Not imported" in out or "Not understood" in out
    assert state(data) == before  # a dry run changes nothing
    code, out, err = main(capsys, "import", file, "--data", str(data))
    assert code == 0, err
    assert ": Imported" in out or "change nothing" in out
    after = state(data)
    code, out, _ = main(capsys, "import", file, "--data", str(data))
    assert code == 0 and "change nothing" in out
    assert state(data) == after


def test_nights_are_kept_aside_and_typed_values_win(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    main(capsys, "add", "--date", "2024-01-14", "--pain", "5", "--bedtime", "23:00", "--data", str(data))
    apple = str(FIXTURES / "apple_health_export.xml")
    code, out, _ = main(capsys, "import", apple, "--data", str(data))
    assert code == 0
    assert "added values to 1 day" in out and "kept 2 nights aside" in out
    diary = open_diary(data)
    saved = diary.get(D(2024, 1, 14))
    # the watch's 15 minutes to fall asleep count from its 23:40: they go with that bedtime, not beside 23:00
    assert saved is not None and saved.bedtime == dt.time(23, 0) and saved.sleep_latency_min is None
    assert saved.wake_time is not None
    assert [n.date for n in kept_nights(diary)] == [D(2024, 2, 10), D(2024, 3, 31)]
    code, out, _ = main(capsys, "import", apple, "--replace", "sleep-times", "--data", str(data))
    assert code == 0 and "replaced the diary's values on 1 day" in out
    saved = open_diary(data).get(D(2024, 1, 14))
    assert saved is not None and saved.bedtime == dt.time(23, 40) and saved.sleep_latency_min == 15


def test_bearable_mapping_flags(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    bearable = str(FIXTURES / "bearable_export.csv")
    args = [
        "import",
        bearable,
        "--dry-run",
        "--pain-scale",
        "0,2,4,6,8",
        "--pain-slot",
        "worst",
        "--pain-without-symptom",
        "0",
        "--painkiller",
        "none",
        "--tag",
        "coffee=espresso",
        "--tag",
        "Long drive=",
        "--no-notes",
        "--same-day",
        "--data",
        str(data),
    ]
    code, out, err = main(capsys, *args)
    assert code == 0, err
    assert "ratings 0–4 become 0, 2, 4, 6, 8" in out
    assert "Painkiller                                 no medication counts" in out
    assert "Factors and medications count for          the same day" in out
    assert "espresso" in out and "long-drive" not in out
    assert "Days with other symptoms but not this one  pain 0" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["daylio_export.csv", "--pain-symptom", "Back pain"], "--pain-symptom cannot be used with a Daylio"),
        (["apple_health_export.xml", "--tag", "a=b"], "--tag cannot be used with an Apple Health"),
        (["oura_trends.csv", "--replace"], "name the kinds of value"),
        (["oura_trends.csv", "--replace", "bedtimes"], "the kinds of value that can be replaced are"),
        (["oura_trends.csv", "--pain", "2024-13-01=3"], "is not DATE=PAIN"),
        (["bearable_export.csv", "--pain-scale", "0,1,2"], "five whole numbers"),
        (["bearable_export.csv", "--pain-slot", "noon"], "invalid choice"),
        (["oura_trends.csv", "--all"], "--all goes with --dry-run"),  # never an import by a wrong flag
    ],
)
def test_flags_that_do_not_fit_are_usage_errors(
    capsys: pytest.CaptureFixture[str], data: Path, args: list[str], words: str
) -> None:
    code, _, err = main(capsys, "import", str(FIXTURES / args[0]), *args[1:], "--data", str(data))
    assert code == 2
    assert words in err
    assert not data.exists()


def test_a_mapping_naming_what_is_not_in_the_file_is_refused(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    bearable = str(FIXTURES / "bearable_export.csv")
    code, _, err = main(capsys, "import", bearable, "--pain-symptom", "Toothache", "--data", str(data))
    assert code == 1
    assert "no symptom 'Toothache'. It has: Back (lower) pain, Headache, Neck pain." in err
    code, _, err = main(capsys, "import", bearable, "--pain-symptom", "Neck pian", "--data", str(data))
    assert code == 1 and "no symptom 'Neck pian'. Did you mean 'Neck pain'?" in err
    code, _, err = main(capsys, "import", bearable, "--tag", "Coffee=Not A Tag!", "--data", str(data))
    assert code == 1 and "is not a label" in err


def test_a_long_list_of_the_export_s_names_says_how_many_more_it_has(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    head = "date,weekday,time of day,category,rating/amount,detail,notes\n"
    rows = "".join(f'"1st Mar 2021","Monday","am","Factors","","Factor {n:02}",""\n' for n in range(38))
    export = tmp_path / "bearable.csv"
    export.write_text(head + rows)
    code, _, err = main(capsys, "import", str(export), "--tag", "Nothing like it=x", "--data", str(data))
    assert code == 1 and "Factor 29 and 8 more." in err and "Factor 30" not in err


def test_daylio_needs_a_pain_value_for_days_not_in_the_diary(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    daylio = str(FIXTURES / "daylio_export.csv")
    code, out, _ = main(capsys, "import", daylio, "--data", str(data))
    assert code == 0 and "change nothing" in out
    code, out, err = main(capsys, "import", daylio, "--pain", "2024-05-04=2", "--data", str(data))
    assert code == 0, err
    assert "Imported 1 new day" in out
    assert "--dry-run lists them" in err
    saved = open_diary(data).get(D(2024, 5, 4))
    assert saved is not None and saved.pain == 2 and "walking" in saved.tags
    code, out, _ = main(capsys, "import", daylio, "--data", str(data))  # again: what it names is there
    assert code == 0 and "none of its days is in the diary" not in out
    assert "the diary holds what it says for its days already" in out


def test_a_pain_value_for_a_day_the_file_does_not_hold_is_refused(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    """A mistyped year in --pain was dropped unseen: now it is bad usage, naming the file's days."""
    daylio = str(FIXTURES / "daylio_export.csv")
    before = state(data)
    code, _, err = main(capsys, "import", daylio, "--pain", "2025-05-04=2", "--data", str(data))
    assert code == 2
    assert (
        "as mapped, gives no values for the morning of Sun 4 May 2025; "
        "the mornings it gives run from Wed 1 May 2024 to Sat 4 May 2024"
    ) in err
    assert state(data) == before


def test_a_forced_kind_that_does_not_fit_is_a_named_error(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    code, _, err = main(
        capsys, "import", str(FIXTURES / "daylio_export.csv"), "--from", "oura", "--data", str(data)
    )
    assert code == 1
    assert "daylio_export.csv cannot be read as an Oura sleep export" in err
    assert "Nothing was imported" in err


def test_an_export_without_sleep_says_it_holds_none_not_that_the_diary_has_it(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    steps = tmp_path / "export.xml"
    steps.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n'
        ' <ExportDate value="2023-01-05 10:00:00 +0100"/>\n'
        ' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="iPhone" unit="count"'
        ' startDate="2023-01-02 09:00:00 +0100" endDate="2023-01-02 10:00:00 +0100" value="1200"/>\n'
        "</HealthData>\n"
    )
    code, out, err = main(capsys, "import", str(steps), "--data", str(data))
    assert code == 0
    assert "export.xml holds no nights the diary can use" in out
    assert "everything in it is in the diary already" not in out
    assert "1 part of " in err and "export.xml was not understood or not imported; --dry-run lists it." in err


def test_what_could_not_be_read_is_named_after_an_import(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    """The readable nights come in; the row that could not be read is named, not only counted."""
    text = (FIXTURES / "oura_trends.csv").read_text(encoding="utf-8")
    broken = tmp_path / "oura.csv"
    broken.write_text(text.replace("2020-03-07T00:05:00+01:00", "07/03/2020 00:05"), encoding="utf-8")
    code, _, err = main(capsys, "import", str(broken), "--data", str(data))
    assert code == 0
    assert f"Could not read 2 parts of {broken}, left out of the import: line 4: " in err  # line 5: its own
    assert "'07/03/2020 00:05' is not a date and time" in err


@pytest.mark.parametrize(
    ("kind", "text", "named"),
    [
        (
            "oura",
            "Bedtime Start,Bedtime End\nxx,yy\nzz,ww\n",
            "any of its 2 parts (line 2: sleep period — bedtime_start 'xx' is not a date and time; "
            "line 3: sleep period — bedtime_start 'zz'",
        ),
        (
            "oura",
            "Bedtime Start,Bedtime End\n" + "".join(f"x{n},y\n" for n in range(6)),
            "any of its 6 parts (line 2: sleep period — bedtime_start 'x0' is not a date and time; line 3: "
            "sleep period — bedtime_start 'x1' is not a date and time; line 4: sleep period — bedtime_start "
            "'x2' is not a date and time; and 3 more)",
        ),
        (
            "fitbit",
            '[{"logId": 1, "startTime": "garbage", "endTime": "x"}]',
            "it (x.json, entry 1: sleep log 1",
        ),
        (
            "bearable",
            "date,weekday,time of day,category,rating/amount,detail,notes\nxx,Mon,am,Symptom,2,Back pain (Mild),\n",
            "it (line 2: date 'xx'",
        ),
    ],
)
def test_a_file_of_which_nothing_could_be_read_is_a_bad_file_not_an_empty_import(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path, kind: str, text: str, named: str
) -> None:
    """Every part unreadable: the usual named error and exit 1, not 'would change nothing' and exit 0."""
    bad = tmp_path / ("x.json" if kind == "fitbit" else "x.csv")
    bad.write_text(text, encoding="utf-8")
    for dry in ((), ("--dry-run",)):
        code, out, err = main(capsys, "import", str(bad), "--from", kind, "--data", str(data), *dry)
        assert code == 1 and out == ""
        assert f"{bad} cannot be read as " in err and f"the diary could not read {named}" in err
        assert "Nothing was imported" in err and not data.exists()


def test_values_that_cannot_go_in_change_nothing(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    diary = open_diary(data)
    diary.add(parse_entry({"date": "2024-05-02", "pain": 3, "notes": "x" * 1990}))
    before = state(data)
    daylio = tmp_path / "daylio.csv"
    daylio.write_bytes((FIXTURES / "daylio_export.csv").read_bytes() + PAST_THE_CALENDAR)
    code, _, err = main(capsys, "import", str(daylio), "--pain", "2024-05-04=2", "--data", str(data))
    assert code == 1
    assert "9999-12-31" in err and "Nothing was imported" in err
    assert state(data) == before
    # Notes that would not fit beside the day's own are listed, not a reason to refuse the rest.
    fixture = str(FIXTURES / "daylio_export.csv")
    code, out, err = main(capsys, "import", fixture, "--pain", "2024-05-04=2", "--data", str(data))
    assert code == 0 and "Imported 1 new day" in out and "--dry-run lists them" in err
    code, out, _ = main(capsys, "import", fixture, "--dry-run", "--all", "--data", str(data))
    assert "2 May 2024" in out and "longer than the 2000 characters the diary keeps" in out
    kept = open_diary(data).get(dt.date(2024, 5, 2))
    assert kept is not None and kept.notes == "x" * 1990


def test_a_diary_csv_and_a_backup_still_import_as_before(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("date,pain\n2025-03-01,2\n2025-03-02,5\n")
    code, out, _ = main(capsys, "import", str(mine), "--dry-run", "--data", str(data))
    assert code == 0 and "2 days new" in out and not data.exists()
    code, out, _ = main(capsys, "import", str(mine), "--data", str(data))
    assert code == 0 and out.strip() == "Imported 2 days."
    code, _, err = main(capsys, "import", str(mine), "--replace", "pain", "--data", str(data))
    assert code == 2 and "takes no kinds for a diary CSV" in err
    code, _, err = main(capsys, "import", str(mine), "--painkiller", "x", "--data", str(data))
    assert code == 2 and "cannot be used with a diary CSV" in err
    backup = tmp_path / "backup.zip"
    main(capsys, "backup", "-o", str(backup), "--data", str(data))
    code, out, _ = main(capsys, "import", str(backup), "--data", str(tmp_path / "other.sqlite3"))
    assert code == 0 and "Imported 2 days" in out


def test_an_export_from_standard_input(data: Path) -> None:
    result = run("import", "-", data=data, stdin=(FIXTURES / "oura_trends.csv").read_bytes())
    assert result.returncode == 0, result.stderr
    assert b"Standard input: Imported 0 new days; kept 2 nights aside" in result.stdout


@pytest.mark.parametrize("name", ["apple_health_export.xml", "bearable_export.csv"])
def test_a_large_standard_input_is_read_from_a_temporary_file_as_from_the_file(
    capsys: pytest.CaptureFixture[str], data: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Past the in-memory size, standard input goes to a temporary file: the same preview as the file's."""
    from diary.cli import import_command

    code, from_file, _ = main(capsys, "import", str(FIXTURES / name), "--dry-run", "--data", str(data))
    assert code == 0
    monkeypatch.setattr(import_command, "STDIN_IN_MEMORY", 256)  # the fixture is larger: spooled to disk
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO((FIXTURES / name).read_bytes())))
    code, from_stdin, _ = main(capsys, "import", "-", "--dry-run", "--data", str(data))
    assert code == 0
    named = from_file.replace(str(FIXTURES / name), "Standard input").replace(name, "Standard input")
    flat = " ".join(named.split())  # the tables' widths follow the names
    assert " ".join(from_stdin.split()) == flat


def test_import_without_a_file_says_so_with_its_own_usage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """FILE is required: the usage line shows it first, and the error is the import command's."""
    code, _, err = main(capsys, "import", "--dry-run", "--data", str(tmp_path / "diary.csv"))
    assert code == 2
    assert err.startswith("usage: pain-diary import FILE [--from KIND]"), err
    assert "pain-diary import: error: the following arguments are required: FILE" in err
    assert not (tmp_path / "diary.csv").exists()


def test_a_pain_value_for_a_day_the_diary_has_already_is_refused(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    """--pain is for days the diary lacks: one it has keeps its own morning pain, and is said, not dropped."""
    daylio = str(FIXTURES / "daylio_export.csv")
    assert main(capsys, "add", "--date", "2024-05-04", "--pain", "6", "--data", str(data))[0] == 0
    before = state(data)
    code, _, err = main(capsys, "import", daylio, "--pain", "2024-05-04=2", "--data", str(data))
    assert code == 2
    assert "--pain: the diary has Sat 4 May 2024 already, with its own morning pain" in err
    assert state(data) == before


def test_the_same_import_with_a_pain_value_run_twice_changes_nothing_the_second_time(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    """The day --pain brought is in the diary now, with that pain: running the command again is no error."""
    daylio = str(FIXTURES / "daylio_export.csv")
    command = ("import", daylio, "--pain", "2024-05-04=2", "--data", str(data))
    assert main(capsys, *command)[0] == 0
    after_first = state(data)
    code, out, err = main(capsys, *command)
    assert code == 0, err
    assert "change nothing" in out or "nothing" in out
    assert state(data) == after_first


def test_an_import_that_brings_nothing_starts_no_diary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Refused, or with nothing to bring, an import leaves no new diary file; one that brings a day starts it."""
    daylio = tmp_path / "daylio.csv"
    daylio.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2026-11-09,November 9,Monday,19:20,good,walk,,\n",
        encoding="utf-8",
    )
    for data in (tmp_path / "new.sqlite3", tmp_path / "new.csv"):
        code, out, _ = main(capsys, "--data", str(data), "import", str(daylio))
        assert code == 0 and "Importing it would change nothing" in out
        assert not data.exists() and not list(tmp_path.glob(f"{data.name}*"))
        code, _, err = main(capsys, "--data", str(data), "import", str(daylio), "--pain", "2026-11-12=4")
        assert code == 2 and not data.exists()  # refused: no such day in the file
        code, out, err = main(capsys, "--data", str(data), "import", str(daylio), "--pain", "2026-11-10=4")
        assert code == 0 and "Imported 1 new day" in out and "Started a new diary" in err
        assert [e.date for e in open_diary(data).entries()] == [D(2026, 11, 10)]


def test_what_is_logged_this_morning_for_tomorrow_is_listed_and_the_rest_imported(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Activities count for the next morning: one logged at 08:40 today is for a morning not come yet."""
    import diary.entry.model as entry_module

    monkeypatch.setattr(entry_module, "_utc_now", lambda: dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC))
    assert main(capsys, "--data", str(data), "add", "--date", "2026-12-06", "--pain", "5")[0] == 0
    daylio = tmp_path / "daylio.csv"
    daylio.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2026-12-06,December 6,Sunday,08:40,meh,heavy lifting,,\n"
        "2026-12-05,December 5,Saturday,21:00,good,beer,,\n",
        encoding="utf-8",
    )
    code, out, _ = main(capsys, "--data", str(data), "import", str(daylio), "--dry-run")
    assert code == 0 and "its morning has not come yet" in out and "Mon 7 Dec 2026" in out
    code, out, _ = main(capsys, "--data", str(data), "import", str(daylio))
    assert code == 0 and "added values to 1 day" in out
    diary = open_diary(data)
    assert [(e.date, e.tags) for e in diary.entries()] == [(D(2026, 12, 6), ("beer",))]


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)])
def test_a_diary_csv_with_only_its_header_starts_no_diary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, dry_run: tuple[str, ...]
) -> None:
    header = tmp_path / "header.csv"
    header.write_text("date,pain\n", encoding="utf-8")
    data = tmp_path / "new.sqlite3"
    code, out, err = main(capsys, "import", str(header), *dry_run, "--data", str(data))
    assert code == 1 and out == ""
    assert "header.csv holds no entries (only a header); there is nothing to import." in err
    assert not data.exists()  # no empty diary left behind by a refused import
