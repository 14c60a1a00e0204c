"""The pain-diary command, run through its installed entry point."""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from diary.cli import main
from diary.cli.commands import build_parser
from diary.cli.subcommands import complete_parser
from diary.csv.format import write_diary_csv
from diary.entry import Entry
from diary.storage import open_diary

EXE = shutil.which("pain-diary", path=str(Path(sys.executable).parent)) or "pain-diary"


def run(*args: str, data: Path | None = None, stdin: bytes | None = None, env_data: Path | None = None):
    env = dict(os.environ)
    env.pop("PAIN_DIARY_DATA", None)
    if env_data is not None:
        env["PAIN_DIARY_DATA"] = str(env_data)
    command = [EXE, *args]
    if data is not None:
        command += ["--data", str(data)]
    return subprocess.run(command, input=stdin, capture_output=True, env=env, timeout=60)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def test_entry_point_is_installed() -> None:
    assert Path(EXE).exists(), "pain-diary must be installed in the test environment (pip install -e .)"
    result = run("--help")
    assert result.returncode == 0
    for command in ("run", "add", "import", "export", "sample"):
        assert command in result.stdout.decode()


def test_add_then_export(data: Path) -> None:
    result = run(
        "add",
        "--date", "2025-03-01",
        "--pain", "6",
        "--position", "stomach",
        "--pain_areas", "lower_back;leg",
        "--exercise", "walking",
        "--exercise", "yoga",
        "--alcohol",
        "--sitting-hours", "7.5",
        "--notes", "=looks like a formula, but is a note",
        data=data,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Sat 1 Mar 2025" in result.stdout.decode()
    exported = run("export", data=data)
    assert exported.returncode == 0
    row = next(csv.DictReader(io.StringIO(exported.stdout.decode())))
    assert row["pain"] == "6" and row["position"] == "stomach"
    assert row["pain_areas"] == "lower_back;leg"
    assert row["exercise"] == "yoga;walking"
    assert row["alcohol"] == "true" and row["sitting_hours"] == "7.5"
    assert row["notes"] == "'=looks like a formula, but is a note"


def test_add_existing_date_needs_update(data: Path) -> None:
    assert run("add", "--date", "2025-03-01", "--pain", "6", data=data).returncode == 0
    again = run("add", "--date", "2025-03-01", "--pain", "2", data=data)
    assert again.returncode == 1
    assert "already an entry for Sat 1 Mar 2025" in again.stderr.decode()
    updated = run("add", "--date", "2025-03-01", "--update", "--stress", "high", data=data)
    assert updated.returncode == 0, updated.stderr
    entry = open_diary(data).get(__import__("datetime").date(2025, 3, 1))
    assert entry is not None
    assert (entry.pain, entry.stress) == (6, "high")


def test_invalid_add_lists_every_problem_and_saves_nothing(data: Path) -> None:
    result = run("add", "--date", "2025-03-01", "--pain", "12", "--position", "belly", data=data)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "pain '12' must be a whole number from 0 to 10" in err
    assert "position 'belly' must be one of back, side, stomach, mixed" in err
    assert "Traceback" not in err
    assert open_diary(data).entries() == []


def test_future_date_is_refused(data: Path) -> None:
    result = run("add", "--date", "2999-12-31", "--pain", "3", data=data)
    assert result.returncode == 1
    assert "in the future" in result.stderr.decode()


@pytest.mark.parametrize(
    "args",
    [
        ("add", "--date", "yesterday", "--pain", "3"),
        ("export", "--from", "2025-3-1"),
        ("frobnicate",),
        ("add", "--date", "2025-03-01"),
    ],
)
def test_bad_usage_exits_2(args: tuple[str, ...], data: Path) -> None:
    result = run(*args, data=data)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr.decode()


def test_import_is_all_or_nothing(data: Path, tmp_path: Path) -> None:
    run("add", "--date", "2025-03-01", "--pain", "1", data=data)
    before = digest(data)
    bad = tmp_path / "bad.csv"
    bad.write_text("date,pain,position\n2025-03-02,3,side\n2025-03-03,x,side\n2025-03-04,4,belly\n")
    result = run("import", str(bad), data=data)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "line 3 (2025-03-03): pain 'x'" in err
    assert "line 4 (2025-03-04): position 'belly'" in err
    assert "nothing was imported" in err
    assert digest(data) == before


def test_import_conflicts_need_replace(data: Path, tmp_path: Path) -> None:
    run("add", "--date", "2025-03-01", "--pain", "1", data=data)
    file = tmp_path / "in.csv"
    file.write_text("date,pain\n2025-03-01,7\n2025-03-02,3\n")
    result = run("import", str(file), data=data)
    assert result.returncode == 1
    assert "Sat 1 Mar 2025: differs in pain" in result.stderr.decode()
    assert len(open_diary(data)) == 1
    result = run("import", str(file), "--replace", data=data)
    assert result.returncode == 0, result.stderr
    assert "Imported 1 day, replaced 1 day" in result.stdout.decode()
    assert [e.pain for e in open_diary(data).entries()] == [7, 3]


@pytest.mark.parametrize("kinds", [[], ["pain"]])
def test_replace_may_come_before_the_file(data: Path, tmp_path: Path, kinds: list[str]) -> None:
    """``import --replace FILE`` (DESIGN's order turned round): the file is not taken for a kind of value."""
    run("add", "--date", "2025-03-01", "--pain", "1", data=data)
    file = tmp_path / "in.csv"
    file.write_text("date,pain\n2025-03-01,7\n")
    result = run("import", "--replace", *kinds, str(file), data=data)
    if kinds:  # kinds are for other apps' exports: a diary CSV replaces whole dates, and says so
        assert result.returncode == 2 and "--replace takes no kinds" in result.stderr.decode()
        assert [e.pain for e in open_diary(data).entries()] == [1]
    else:
        assert result.returncode == 0, result.stderr
        assert [e.pain for e in open_diary(data).entries()] == [7]
    result = run("import", "--replace", data=data)  # no file at all is still bad usage
    assert result.returncode == 2 and "required: FILE" in result.stderr.decode()


def test_import_from_stdin(data: Path) -> None:
    result = run("import", "-", data=data, stdin=b"date,pain\n2025-03-01,2\n")
    assert result.returncode == 0, result.stderr
    assert len(open_diary(data)) == 1
    # as Excel saves "CSV" in much of Europe
    result = run("import", "-", data=data, stdin=b"\xef\xbb\xbfdate;pain\r\n2025-03-02;3\r\n")
    assert result.returncode == 0, result.stderr
    assert [e.pain for e in open_diary(data).entries()] == [2, 3]


def test_export_to_file_with_range_and_without_notes(data: Path, tmp_path: Path, sample: list[Entry]) -> None:
    open_diary(data).import_entries(sample)
    out = tmp_path / "out.csv"
    result = run(
        "export", "-o", str(out), "--from", "2025-06-01", "--to", "2025-06-30", "--no-notes", data=data
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(newline="", encoding="utf-8")))
    assert rows and all("2025-06-01" <= r["date"] <= "2025-06-30" for r in rows)
    assert {r["notes"] for r in rows} == {""}
    assert oct(out.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("command", ["export", "report"])
def test_a_range_that_ends_before_it_starts_is_bad_usage(data: Path, tmp_path: Path, command: str) -> None:
    run("add", "--date", "2025-03-01", "--pain", "1", data=data)
    report = tmp_path / "r.pdf"
    output = ["-o", str(report)] if command == "report" else []
    result = run(command, *output, "--from", "2025-05-03", "--to", "2025-05-01", data=data)
    assert result.returncode == 2
    assert (
        "--from/--to: The range starts (Sat 3 May 2025) after it ends (Thu 1 May 2025)"
        in result.stderr.decode()
    )
    assert result.stdout == b"" and not report.exists()


def test_export_of_empty_range_is_an_error(data: Path) -> None:
    run("add", "--date", "2025-03-01", "--pain", "1", data=data)
    result = run("export", "--from", "2024-01-01", "--to", "2024-01-31", data=data)
    assert result.returncode == 1
    assert "no entries from Mon 1 Jan 2024 to Wed 31 Jan 2024" in result.stderr.decode()
    assert result.stdout == b""


def test_sample_loads_and_writes(data: Path, tmp_path: Path, sample: list[Entry]) -> None:
    result = run("sample", data=data)
    assert result.returncode == 0, result.stderr
    assert open_diary(data).entries() == sample
    out = tmp_path / "sample.csv"
    assert run("sample", "-o", str(out)).returncode == 0
    assert out.read_bytes() == write_diary_csv(sample).encode()


def test_the_sample_never_replaces_days_of_the_person_s_own(data: Path) -> None:
    """The usual conflict message offers --replace, which sample does not have: its own message says what to do."""
    run("add", "--date", "2025-05-02", "--pain", "5", data=data)
    result = run("sample", data=data)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "1 day of its own on the sample's dates (Fri 2 May 2025)" in err
    assert "--replace" not in err and "pain-diary --data sample.sqlite3 sample" in err
    assert [e.pain for e in open_diary(data).entries()] == [5]


def test_environment_variable_names_the_diary(tmp_path: Path) -> None:
    target = tmp_path / "from-env.csv"
    result = run("add", "--date", "2025-03-01", "--pain", "4", env_data=target)
    assert result.returncode == 0, result.stderr
    assert "2025-03-01,4," in target.read_text()
    # --data wins over the environment, before or after the command name
    other = tmp_path / "other.sqlite3"
    env = dict(os.environ, PAIN_DIARY_DATA=str(target))
    assert subprocess.run([EXE, "--data", str(other), "sample"], env=env, capture_output=True).returncode == 0
    assert len(open_diary(other)) > 100 and len(open_diary(target)) == 1


def test_unreadable_diary_file_is_named_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite3"
    path.write_bytes(b"not a database")
    result = run("add", "--date", "2025-03-01", "--pain", "4", data=path)
    assert result.returncode == 1
    assert str(path) in result.stderr.decode()
    assert path.read_bytes() == b"not a database"


def exported_row(data: Path) -> dict[str, str]:
    result = run("export", data=data)
    assert result.returncode == 0, result.stderr.decode()
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode(), newline="")))
    assert len(rows) == 1
    return rows[0]


def test_a_lone_double_dash_is_a_note_like_any_other(data: Path) -> None:
    result = run("add", "--date", "2025-03-01", "--pain", "3", "--notes=--", data=data)
    assert result.returncode == 0, result.stderr.decode()
    assert open_diary(data).entries()[0].notes == "--"
    assert exported_row(data)["notes"] == "'--"  # guarded in the file, restored on import


def test_a_lone_double_dash_as_a_tag_is_a_tag(data: Path) -> None:
    result = run("add", "--date", "2025-03-01", "--pain", "3", "--tags=--", data=data)
    assert result.returncode == 0, result.stderr.decode()
    assert "unexpected error" not in result.stderr.decode()
    assert open_diary(data).entries()[0].tags == ("--",)


def test_a_lone_double_dash_where_a_number_goes_is_refused_clearly(data: Path) -> None:
    result = run("add", "--date", "2025-03-01", "--pain=--", data=data)
    assert result.returncode == 1
    assert "pain '--' must be a whole number from 0 to 10" in result.stderr.decode()
    assert not open_diary(data).entries()


def test_a_lone_double_dash_for_a_list_option_is_its_value_not_a_bare_option(
    data: Path, tmp_path: Path
) -> None:
    """``--replace=--`` acted as a bare ``--replace`` and replaced a conflicting date."""
    assert run("add", "--date", "2025-03-01", "--pain", "3", data=data).returncode == 0
    other = tmp_path / "other.csv"
    other.write_text("date,pain\n2025-03-01,5\n")
    result = run("import", str(other), "--replace=--", data=data)
    assert result.returncode == 2 and "--replace takes no kinds" in result.stderr.decode()
    assert open_diary(data).entries()[0].pain == 3


def test_a_whitespace_note_is_saved_as_typed(data: Path) -> None:
    result = run("add", "--date", "2025-03-01", "--pain", "3", "--notes", "   ", data=data)
    assert result.returncode == 0, result.stderr.decode()
    assert open_diary(data).entries()[0].notes == "   "
    assert exported_row(data)["notes"] == "   "


def test_a_date_in_other_digits_is_refused_naming_ascii_digits(data: Path) -> None:
    result = run("add", "--date", "２０２５-０３-０１", "--pain", "3", data=data)
    assert result.returncode == 2
    assert "ASCII digits 0-9" in result.stderr.decode()


def test_pain_in_other_digits_is_refused_naming_ascii_digits(data: Path) -> None:
    result = run("add", "--date", "2025-03-01", "--pain", "٣", data=data)
    assert result.returncode == 1
    assert "pain '٣' uses the digit" in result.stderr.decode()
    assert "ASCII digits 0-9" in result.stderr.decode()
    assert not open_diary(data).entries()


@pytest.mark.parametrize(
    "words",
    [
        ("trial", "plan", "--factor", "pillow", "--a", "low", "--b", "high", "--pairs", "３"),
        ("trial", "plan", "--factor", "pillow", "--a", "low", "--b", "high", "--block", "٣"),
        ("trial", "plan", "--factor", "pillow", "--a", "low", "--b", "high", "--washout", "０"),
        ("trial", "plan", "--factor", "pillow", "--a", "low", "--b", "high", "--seed", "٣"),
        ("run", "--port", "８７１６"),
        ("import", "daylio.csv", "--pain", "2024-05-04=５"),
        ("import", "bearable.csv", "--pain-scale", "0,3,5,8,١٠"),
        ("import", "bearable.csv", "--pain-without-symptom", "５"),
    ],
)
def test_every_number_an_option_takes_is_written_with_the_digits_0_9(
    words: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """Python's int() reads "３" and "٣" as numbers; the command line refuses them, as an entry's values are."""
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(list(words))
    assert stopped.value.code == 2
    assert "written with the ASCII digits 0-9" in capsys.readouterr().err


def test_options_still_take_numbers_written_with_0_9() -> None:
    args = build_parser().parse_args(["run", "--port", "8716"])
    assert args.port == 8716
    plan = (
        "trial",
        "plan",
        "--factor",
        "pillow",
        "--a",
        "low",
        "--b",
        "high",
        "--pairs",
        " 4 ",
        "--seed",
        "+7",
    )
    args = build_parser().parse_args(list(plan))
    assert (args.pairs, args.seed) == (4, 7)


def every_parser(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()):
    """Each command's words (``("trial", "plan")``) with its parser, the main parser first."""
    yield words, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from every_parser(sub, (*words, name))


COMPLETE = dict(every_parser(complete_parser(build_parser())))


def test_every_command_is_read_with_all_its_options() -> None:
    """The list below is the real one: the commands whose options wait until used are in it, whole."""
    assert {("import",), ("trial",), ("trial", "plan"), ("analyze",)} <= set(COMPLETE)
    assert "--pain-scale" in COMPLETE[("import",)].format_help()


@pytest.mark.parametrize("words", list(COMPLETE), ids=lambda words: " ".join(words) or "pain-diary")
def test_help_is_that_of_the_parser_with_every_option(words: tuple[str, ...], capsys) -> None:
    """Options added only when their command runs (import, trial) still show in its --help, unchanged."""
    with pytest.raises(SystemExit) as stop:
        main([*words, "--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == COMPLETE[words].format_help()


def test_analyze_leaves_the_diary_folder_as_it_found_it(tmp_path: Path) -> None:
    """The analysis closes the diary itself: a SQLite diary keeps no -wal or -shm file beside it.

    The garbage collector is off in the child, so nothing but the command can close it.
    """
    from diary.sample import sample_entries

    path = tmp_path / "diary.sqlite3"
    diary = open_diary(path)
    diary.import_entries(sample_entries())
    diary.close()
    code = f"import gc; gc.disable(); from diary.cli import main; main(['--data', {str(path)!r}, 'analyze', '--json'])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary.sqlite3"]


def test_warning_symptoms_saved_from_the_command_line_get_their_advice(data: Path, tmp_path: Path) -> None:
    """As on the Log page: every symptom named, the most urgent tier first, the emergency number said."""
    (tmp_path / "settings.json").write_text(
        '{"emergency_number": "999"}', encoding="utf-8"
    )  # the tests' settings
    result = run(
        "add", "--date", "2025-01-04", "--pain", "6", "--red_flags", "chest_pressure;fever", data=data
    )
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert out.splitlines()[1].startswith("Call emergency services now (999). You logged: chest pressure")
    assert "Also logged: fever with back pain (see a doctor today)" in out
    quiet = run("add", "--date", "2025-01-05", "--pain", "2", data=data)
    assert quiet.stdout.decode().splitlines() == ["Saved Sun 5 Jan 2025: morning pain 2."]


def test_analyze_opens_with_the_last_weeks_warnings_each_under_its_own_tier(
    data: Path, tmp_path: Path
) -> None:
    """The terminal, like the Log page, says this week's warning advice first, with the number to call."""
    import datetime as dt

    (tmp_path / "settings.json").write_text('{"emergency_number": "999"}', encoding="utf-8")
    recent = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    old = "2025-01-04"
    run("add", "--date", old, "--pain", "6", "--red_flags", "chest_pressure;fever", data=data)
    assert run("analyze", data=data).stdout.decode().startswith("What goes with")  # only older mornings
    run("add", "--date", recent, "--pain", "6", "--red_flags", "chest_pressure;fever", data=data)
    out = run("analyze", data=data).stdout.decode()
    lines = out.splitlines()
    assert lines[0].startswith("Call emergency services now (999): you logged chest pressure or pain on ")
    assert lines[1].startswith("See a doctor today: you logged fever with back pain on ")
    assert old not in lines[0] and "Jan 2025" not in lines[0]  # older mornings are the record below
    record = "chest pressure or pain (emergency: call emergency services). Also fever with back pain"
    assert out.count(record) == 2


def test_the_command_line_runs_as_a_module_too(tmp_path: Path) -> None:
    """``python -m diary.cli`` is ``pain-diary``: the same commands, the same answers."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "diary.cli",
            "--data",
            str(tmp_path / "d.sqlite3"),
            "add",
            "--date",
            "2025-05-01",
            "--pain",
            "3",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [e.pain for e in open_diary(tmp_path / "d.sqlite3").entries()] == [3]
