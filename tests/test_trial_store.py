"""Trials kept with the diary on both backends, and `pain-diary trial …`."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from diary import cli
from diary.entry import Entry
from diary.errors import DiaryError, DiaryFileError
from diary.storage import CSVDiary, Diary, SQLiteDiary, open_diary
from diary.trials import TrialError, new_trial, trial_result
from diary.trials.follow import progress
from diary.trials.plan import ended_early as ended_early_on
from diary.trials.plan import night_on, schedule
from diary.trials.preview import preview_plan
from diary.trials.store import (
    all_trials,
    cancel_trial,
    current_trial,
    end_trial,
    latest_trial,
    save_plan,
    trial_answer,
    trial_of_morning,
    without_other_trials,
)
from diary.wording import day_label
from tests.clock_support import TODAY as RUN_DAY
from tests.conftest import make_diary

TODAY = dt.date(2025, 6, 1)


def test_a_plan_is_kept_and_read_back_on_both_backends(diary: Diary) -> None:
    trial = new_trial("mattress", "Old", "Foam", start=TODAY, seed=5, trial_id="t1")
    save_plan(diary, trial, TODAY)
    assert all_trials(diary) == [trial]
    assert current_trial(diary, TODAY) == trial
    reopened = make_diary(diary.backend, diary.path.parent)
    assert all_trials(reopened) == [trial]


def test_the_current_trial_reads_the_logged_dates_only_when_a_trial_is_kept(diary: Diary) -> None:
    diary.add(Entry(date=TODAY - dt.timedelta(days=1), pain=3))
    with mock.patch.object(type(diary), "dates", side_effect=AssertionError("dates read")):
        assert current_trial(diary, TODAY) is None  # no trial kept: nothing else to read
    trial = new_trial("mattress", "Old", "Foam", start=TODAY, seed=5, trial_id="t1")
    save_plan(diary, trial, TODAY)
    with mock.patch.object(type(diary), "dates", side_effect=AssertionError("dates read")):
        assert current_trial(diary, TODAY, [TODAY - dt.timedelta(days=1)]) == trial  # the caller's dates
        # The caller's dates decide: with every night logged, the trial is over.
        assert current_trial(diary, trial.end, [trial.end]) is None
    assert current_trial(diary, TODAY) == trial  # read from the diary when not given


def test_trial_writes_change_the_diary_version(diary: Diary) -> None:
    before = diary.version()
    save_plan(diary, new_trial("pillow", "low", "high", start=TODAY, seed=1, trial_id="t1"), TODAY)
    assert diary.version() != before


def test_one_trial_at_a_time_and_nothing_changes_when_refused(diary: Diary) -> None:
    save_plan(diary, new_trial("mattress", "Old", "Foam", start=TODAY, seed=5, trial_id="t1"), TODAY)
    second = new_trial("position", "back", "side", start=TODAY, seed=2, trial_id="t2")
    with pytest.raises(TrialError, match="One trial runs at a time"):
        save_plan(diary, second, TODAY)
    assert [t.id for t in all_trials(diary)] == ["t1"]
    cancel_trial(diary, TODAY)
    save_plan(diary, second, TODAY)
    assert current_trial(diary, TODAY) == second


def test_a_plan_dated_back_over_an_earlier_trials_nights_is_refused(diary: Diary) -> None:
    """An earlier trial is finished, not open: its nights still belong to it alone."""
    first = new_trial(
        "position", "back", "side", pairs=2, start=TODAY - dt.timedelta(days=40), seed=1, trial_id="t1"
    )
    save_plan(diary, first, TODAY)
    assert first.end < TODAY
    end_trial(diary, TODAY)  # its nights over: finished, not ended early
    assert all_trials(diary)[0].status([], TODAY) == "finished"
    overlapping = new_trial(
        "position", "back", "side", pairs=2, start=first.start + dt.timedelta(days=2), seed=2, trial_id="t2"
    )
    with pytest.raises(TrialError) as caught:
        save_plan(diary, overlapping, TODAY)
    after = first.end + dt.timedelta(days=1)
    assert str(caught.value) == (
        f"The trial's nights ({day_label(overlapping.start)} to {day_label(overlapping.end)}) overlap those of "
        f"an earlier trial (position: back or side, {day_label(first.start)} to {day_label(first.end)}). "
        f"Each night belongs to one trial: start on {day_label(after)} or later."
    )
    assert [t.id for t in all_trials(diary)] == ["t1"]
    following = new_trial("mattress", "Old", "Foam", pairs=2, block=3, start=after, seed=3, trial_id="t3")
    save_plan(diary, following, TODAY)  # from the morning after its last: no night shared
    assert [t.id for t in all_trials(diary)] == ["t1", "t3"]


def test_a_cancelled_trials_nights_are_free_for_another_plan(diary: Diary) -> None:
    first = new_trial(
        "position", "back", "side", pairs=2, start=TODAY - dt.timedelta(days=40), seed=1, trial_id="t1"
    )
    save_plan(diary, first, TODAY)
    cancel_trial(diary, TODAY)  # dated back by mistake, nothing logged: cancelled
    again = new_trial("position", "back", "side", pairs=2, start=first.start, seed=2, trial_id="t2")
    save_plan(diary, again, TODAY)
    assert [t.id for t in all_trials(diary)] == ["t1", "t2"]


def test_a_plan_made_in_the_same_second_as_a_cancelled_one_gets_its_own_id(diary: Diary) -> None:
    first = new_trial("position", "back", "side", start=TODAY, seed=1, trial_id="trial-20250601-070000")
    save_plan(diary, first, TODAY)
    cancel_trial(diary, TODAY)
    again = save_plan(diary, first, TODAY)
    assert again.id == "trial-20250601-070000-2" and current_trial(diary, TODAY) == again
    cancel_trial(diary, TODAY)
    assert save_plan(diary, first, TODAY).id == "trial-20250601-070000-3"
    assert len(all_trials(diary)) == 3


def test_past_start_after_logged_mornings_is_refused(diary: Diary) -> None:
    diary.add(Entry(date=TODAY - dt.timedelta(days=2), pain=3))
    late = new_trial("mattress", "Old", "Foam", start=TODAY - dt.timedelta(days=5), seed=1, trial_id="t1")
    with pytest.raises(TrialError, match="already has 1 morning logged"):
        save_plan(diary, late, TODAY)
    assert all_trials(diary) == []


def test_end_early_and_cancel(diary: Diary) -> None:
    save_plan(diary, new_trial("mattress", "Old", "Foam", start=TODAY, seed=5, trial_id="t1"), TODAY)
    ended = end_trial(diary, TODAY + dt.timedelta(days=10))
    assert ended.ended_on == TODAY + dt.timedelta(days=10)
    assert current_trial(diary, TODAY + dt.timedelta(days=11)) is None
    assert latest_trial(diary) == ended
    with pytest.raises(TrialError, match="nothing to end or cancel"):
        cancel_trial(diary, TODAY + dt.timedelta(days=11))


def test_a_plan_dated_back_runs_until_its_last_morning_is_logged(diary: Diary) -> None:
    """Its nights all past, it still runs: an answer from the mornings back-filled so far would be peeking."""
    start = TODAY - dt.timedelta(days=30)
    gone = save_plan(diary, new_trial("position", "back", "side", start=start, seed=2, trial_id="t1"), TODAY)
    assert current_trial(diary, TODAY) == gone
    taken_back = cancel_trial(diary, TODAY)
    assert taken_back.id == gone.id and taken_back.cancelled and latest_trial(diary) is None
    logged = save_plan(
        diary, new_trial("position", "back", "side", start=start, seed=3, trial_id="t2"), TODAY
    )
    nights = schedule(logged)
    for night in nights[:-1]:
        diary.add(Entry(date=night.date, pain=3, position=night.value))
    assert current_trial(diary, TODAY) == logged
    waiting = trial_answer(diary, logged, TODAY)
    assert waiting.status == "running" and waiting.verdict is None and waiting.estimate is None
    diary.add(Entry(date=nights[-1].date, pain=3, position=nights[-1].value))
    assert current_trial(diary, TODAY) is None and trial_answer(diary, logged, TODAY).status == "finished"
    with pytest.raises(TrialError, match="nothing to end or cancel"):
        cancel_trial(diary, TODAY)  # its nights are in the diary: its result stands
    assert latest_trial(diary) == logged


def test_a_plan_dated_back_and_never_logged_is_over_once_a_later_morning_is(diary: Diary) -> None:
    gone = save_plan(
        diary, new_trial("position", "back", "side", start=TODAY - dt.timedelta(days=30), seed=2), TODAY
    )
    diary.add(Entry(date=TODAY, pain=3))  # the diary went on: the plan is behind, none of its nights logged
    assert current_trial(diary, TODAY) is None
    with pytest.raises(TrialError, match="nothing to end or cancel"):
        end_trial(diary, TODAY)
    assert cancel_trial(diary, TODAY).id == gone.id and latest_trial(diary) is None


def test_progress_says_tonight_and_adherence(diary: Diary) -> None:
    trial = save_plan(diary, new_trial("position", "back", "side", start=TODAY, seed=3, trial_id="t1"), TODAY)
    first = progress(trial, TODAY, [])
    assert first.night_number == 1 and "Trial night 1 of 18" in first.headline()
    planned = first.last_night.value if first.last_night else ""
    other = "side" if planned == "back" else "back"
    entries = [Entry(date=TODAY, pain=3, position=other)]
    later = progress(trial, TODAY, entries)
    assert later.logged == 1 and later.followed == 0 and "not followed" in later.adherence_text()


def test_records_written_by_a_newer_version_say_so(tmp_path: Path) -> None:
    from diary.exchange.backup import RECORDS_MEMBER, full_backup, read_backup

    diary = make_diary("csv", tmp_path)
    save_plan(diary, new_trial("mattress", "Old", "Foam", start=TODAY, seed=5, trial_id="t1"), TODAY)
    with zipfile.ZipFile(io.BytesIO(full_backup(diary))) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    beside = tmp_path / "diary.csv.records.json"
    body = json.loads(beside.read_text())
    body["format"] = 7
    beside.write_text(json.dumps(body))
    with pytest.raises(DiaryFileError, match=r"written by a newer version of .* \(records format 7; "):
        all_trials(diary)
    members[RECORDS_MEMBER] = json.dumps({**json.loads(members[RECORDS_MEMBER]), "format": 7}).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(
        DiaryError, match=r"written by a newer version of .* \(records format 7; .*update the app"
    ):
        read_backup(out.getvalue(), name="backup.zip")


def test_csv_diary_keeps_trials_in_a_file_beside_it(tmp_path: Path) -> None:
    diary = make_diary("csv", tmp_path)
    save_plan(diary, new_trial("mattress", "Old", "Foam", start=TODAY, seed=5, trial_id="t1"), TODAY)
    beside = tmp_path / "diary.csv.records.json"
    assert json.loads(beside.read_text())["records"]["trial"]["t1"]["seed"] == 5
    assert (beside.stat().st_mode & 0o777) == 0o600
    assert (tmp_path / "diary.csv").read_text().count("\n") == 1  # the diary CSV itself is untouched


def test_old_sqlite_diary_is_migrated_with_a_backup(tmp_path: Path) -> None:
    import sqlite3

    from diary.storage import sqlite as backend

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for migration in backend.MIGRATIONS[:2]:
        for statement in migration.statements:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    diary = SQLiteDiary(path)
    save_plan(diary, new_trial("mattress", "Old", "Foam", start=TODAY, seed=5, trial_id="t1"), TODAY)
    assert list(tmp_path.glob("old.sqlite3.schema2-backup-*"))
    assert [t.id for t in all_trials(diary)] == ["t1"]


def test_cli_plans_reports_and_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "d.sqlite3")
    args = ["trial", "plan", "--factor", "mattress", "--a", "Old", "--b", "Foam", "--seed", "9", "--json"]
    assert cli.main([*args, "--data", data]) == 0
    body = json.loads(capsys.readouterr().out)
    assert set(body) >= {"id", "factor", "a", "b", "pairs", "block", "washout", "seed", "start", "end",
                         "detectable", "schedule"}  # fmt: skip
    assert body["seed"] == 9 and len(body["schedule"]) == 42
    assert set(body["schedule"][0]) >= {"date", "condition", "value", "washout"}
    assert cli.main([*args, "--data", data]) == 1
    assert "One trial runs at a time" in capsys.readouterr().err
    assert cli.main(["trial", "result", "--json", "--data", data]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "planned" and result["difference"] is None and result["verdict"] is None
    assert cli.main(["trial", "status", "--data", data]) == 0
    assert "planned" in capsys.readouterr().out
    assert cli.main(["trial", "plan", "--factor", "mattress", "--a", "A", "--b", "B", "--washout", "7",
                     "--data", data]) == 1  # fmt: skip
    assert "must be shorter than the block" in capsys.readouterr().err
    assert cli.main(["trial", "cancel", "--data", data]) == 0


def test_cli_waits_for_a_past_plans_last_morning_then_sees_it_without(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Dated back and logged but for its last morning: running, no numbers; ``trial end`` finishes it (not early)."""
    data = tmp_path / "d.sqlite3"
    diary = open_diary(data)
    trial = save_plan(
        diary,
        new_trial("position", "back", "side", pairs=2, start=RUN_DAY - dt.timedelta(days=20), seed=4),
        RUN_DAY,
    )
    for night in schedule(trial)[:-1]:
        diary.add(Entry(date=night.date, pain=4, position=night.value))
    diary.close()
    with mock.patch("diary.clock.today", return_value=RUN_DAY):
        assert cli.main(["trial", "result", "--json", "--data", str(data)]) == 0
        waiting = json.loads(capsys.readouterr().out)
        assert waiting["status"] == "running" and waiting["difference"] is None and waiting["verdict"] is None
        assert (
            f"the answer is shown when its last morning, {day_label(trial.end)}, is logged"
            in waiting["sentence"]
        )
        assert cli.main(["trial", "status", "--data", str(data)]) == 0
        assert "The trial's nights are over: log its last morning" in capsys.readouterr().out
        assert cli.main(["trial", "end", "--data", str(data)]) == 0
        assert capsys.readouterr().out.startswith(
            "Finished the trial (sleeping on your back (A) or sleeping on your side (B)), from the mornings logged only"
        )
        assert cli.main(["trial", "result", "--json", "--data", str(data)]) == 0
        done = json.loads(capsys.readouterr().out)
    assert (
        done["status"] == "finished" and done["verdict"] is not None and "Ended early" not in done["sentence"]
    )


def test_cli_plan_knows_a_mattress_logged_only_in_an_earlier_trial(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Other trials' nights are left out of the noise, not out of the names the diary knows."""
    data = tmp_path / "d.sqlite3"
    diary = open_diary(data)
    today = RUN_DAY
    start = today - dt.timedelta(days=10)
    for i in range(11, 21):
        diary.add(Entry(date=today - dt.timedelta(days=i), pain=4, mattress="Foam"))
    drawn = new_trial(
        "mattress", "Foam", "Latex", pairs=2, block=2, washout=0, start=start, seed=1, trial_id="t1"
    )
    earlier = save_plan(diary, drawn, start)
    for night in schedule(earlier)[:6]:
        diary.add(Entry(date=night.date, pain=4, mattress=night.value))
    cancel_trial(diary, start + dt.timedelta(days=5))
    assert "Latex" in {e.mattress for e in diary.entries()}
    args = [
        "trial",
        "plan",
        "--factor",
        "mattress",
        "--a",
        "foam",
        "--b",
        "latex",
        "--json",
        "--data",
        str(data),
    ]
    assert cli.main(args) == 0
    body = json.loads(capsys.readouterr().out)
    assert (body["a"], body["b"]) == ("Foam", "Latex") and body["new_names"] == []


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("seed", None, "has no seed"),
        ("start", "2026-13-01", "not valid"),
        # A schedule past the calendar's end (its nights could not be drawn) or past the diary's days.
        ("start", "9999-12-31", "holds a plan no trial can have (A trial's mornings must be days the diary"),
        ("start", "1899-12-31", "holds a plan no trial can have"),
        ("pairs", 1000, "holds a plan no trial can have (Pairs must be a whole number from 2 to 10"),
        # Values no plan writes, which broke every page showing the trial (and "trial end" wrote first).
        ("factor", "firmness", "holds a plan no trial can have (A trial cannot compare 'firmness'"),
        ("factor", "tag:New Pillow", "the factor 'tag:New Pillow' is not written as a plan writes it"),
        ("a", "belly", "holds a plan no trial can have"),
        ("b", "back", "holds a plan no trial can have (Conditions A and B are one and the same"),
        ("seed", -5, "holds a plan no trial can have (The seed must be a whole number from 0"),
        ("cancelled", "no", "cancelled is 'no', not true or false"),
    ],
)
def test_a_damaged_trial_record_is_named_with_the_file_that_keeps_it(
    diary: Diary, field: str, value: str | None, said: str
) -> None:
    """Edited by hand, a trial kept with the diary is reported, not an unexpected error."""
    trial = save_plan(diary, new_trial("position", "back", "side", start=TODAY, seed=2, trial_id="t1"), TODAY)
    body = trial.to_record()
    if value is None:
        del body[field]
    else:
        body[field] = value
    diary.change_records("trial", {"t1": body})
    with pytest.raises(DiaryFileError) as caught:
        all_trials(diary)
    message = str(caught.value)
    assert "its trial 't1'" in message and said in message
    assert str(diary.records_file) in message  # the CSV's records file, or the SQLite diary
    kept = "the diary's records file" if diary.records_file != diary.path else "the diary"
    assert message.startswith(f"Cannot open {kept} {diary.records_file}")
    from diary.exchange.backup import full_backup

    with pytest.raises(DiaryFileError) as backing_up:  # a backup that could not be restored is no backup
        full_backup(diary)
    assert str(backing_up.value) == message


def test_a_plan_whose_every_night_is_over_is_kept_and_judged_once_its_mornings_are_logged(
    diary: Diary,
) -> None:
    """DESIGN: a start in the past is allowed while nothing is logged since, even when every night has gone.

    A trial kept on paper and logged afterwards; the plan says what its result rests on.
    """
    gone = new_trial(
        "position", "back", "side", pairs=3, block=1, start=TODAY - dt.timedelta(days=30), seed=1
    )
    saved = save_plan(diary, gone, TODAY)
    assert all_trials(diary) == [saved]
    said = preview_plan(saved, [], with_options=False, today=TODAY).sentences()
    assert any(line.startswith("Every night of this plan") for line in said)
    assert not any("over already" in line for line in preview_plan(saved, [], with_options=False).sentences())
    for night in schedule(saved):
        pain = 6 if night.condition == "b" else 3
        diary.add(Entry(date=night.date, pain=pain, position=night.value))
    result = trial_result(saved, diary.entries(), TODAY)
    assert result.status == "finished" and result.nights_used == 6
    assert result.estimate is not None and result.estimate.difference == pytest.approx(3.0)


def test_cli_lists_every_trial_and_judges_an_earlier_one_by_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "d.sqlite3")
    assert cli.main(["add", "--date", "2025-03-01", "--pain", "3", "--data", data]) == 0
    assert cli.main(["trial", "result", "--data", data]) == 1  # a diary without trials: nothing to judge
    assert "No trial yet" in capsys.readouterr().err
    plan = ["trial", "plan", "--factor", "pillow", "--a", "low", "--b", "high", "--seed", "1", "--data", data]
    assert cli.main([*plan, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)["id"]
    assert cli.main(["trial", "cancel", "--data", data]) == 0
    assert cli.main(["trial", "result", "--data", data]) == 1
    assert "all cancelled" in capsys.readouterr().err
    assert cli.main([*plan, "--json"]) == 0  # within the same second, often: its own id all the same
    second = json.loads(capsys.readouterr().out)["id"]
    assert second != first
    assert cli.main(["trial", "list", "--json", "--data", data]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(t["id"], t["status"]) for t in listed] == [(second, "planned"), (first, "cancelled")]
    assert cli.main(["trial", "list", "--data", data]) == 0
    listed_text = capsys.readouterr().out
    assert listed_text.startswith(f"{second}  a low pillow (A) or a high pillow (B) — planned")
    assert f"{first}  a low pillow (A) or a high pillow (B) — cancelled, planned from " in listed_text
    assert listed_text.rstrip().endswith("never started")  # cancelled before its first morning: no range
    assert cli.main(["trial", "result", "--id", first, "--json", "--data", data]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "cancelled"
    assert cli.main(["trial", "result", "--id", "trial-x", "--data", data]) == 1
    assert f"No trial called 'trial-x' (the diary's trials: {first}, {second}" in capsys.readouterr().err


def test_a_finished_trial_appears_in_the_doctor_report(diary: Diary) -> None:
    import io

    from pypdf import PdfReader

    from diary.trials import schedule
    from diary.trials.store import finished_results
    from diary.views.report import build_report

    start = dt.date(2025, 3, 1)
    trial = save_plan(diary, new_trial("pillow", "low", "high", start=start, seed=4, trial_id="t1"), start)
    for night in schedule(trial):
        diary.add(Entry(date=night.date, pain=6 if night.condition == "a" else 3, pillow=night.value))
    results = finished_results(diary, dt.date(2025, 6, 1))
    assert [r.trial.id for r in results] == ["t1"]
    pdf = build_report(diary.entries(), today=dt.date(2025, 6, 1), trials=results)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "Self-experiments" in text and "less pain" in text
    # Three pairs: a verdict the check over every order cannot confirm, and the report says so with it.
    assert "cannot confirm a difference on its own" in " ".join(text.split())


def test_a_full_backup_carries_trials_and_restores_them(diary: Diary, tmp_path: Path) -> None:
    from diary.exchange.backup import full_backup, read_backup
    from diary.exchange.diary_csv import import_upload, preview_upload

    trial = save_plan(diary, new_trial("mattress", "Old", "Foam", start=TODAY, seed=5, trial_id="t1"), TODAY)
    diary.add(Entry(date=TODAY, pain=4, mattress="Old", notes='=1+1, "quoted"\nline'))
    data = full_backup(diary)
    assert read_backup(data).entries == diary.entries()
    other = make_diary("csv" if diary.backend == "sqlite" else "sqlite", tmp_path / "other")
    preview = preview_upload(other, data, name="backup.zip")
    assert preview.can_import and "with 1 trial" in preview.headline()
    result = import_upload(other, preview)
    assert "restored 1 trial" in str(result)
    assert all_trials(other) == [trial] and other.entries() == diary.entries()
    again = import_upload(
        other, preview_upload(other, data, name="backup.zip")
    )  # nothing new the second time
    assert again.added == 0 and again.trials == 0


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda kept: kept["trial"]["t1"].pop("factor"), "its trial 't1' has no factor"),
        (
            lambda kept: kept["trial"]["t1"].update(pairs="two"),
            "its trial 't1' holds a value that is not valid",
        ),
        (lambda kept: kept.update(trial=["t1"]), "not the records of this diary's backup format"),
        (
            lambda kept: kept["trial"]["t1"].update(start="9999-12-31"),
            "its trial 't1' holds a plan no trial can have",
        ),
    ],
)
def test_a_backup_whose_trial_cannot_be_read_is_refused_naming_it(
    diary: Diary, tmp_path: Path, damage: Callable[[dict[str, Any]], object], said: str
) -> None:
    from diary.exchange.backup import RECORDS_MEMBER, full_backup, read_backup

    save_plan(diary, new_trial("mattress", "Old", "Foam", start=TODAY, seed=5, trial_id="t1"), TODAY)
    diary.add(Entry(date=TODAY, pain=4, mattress="Old"))
    with zipfile.ZipFile(io.BytesIO(full_backup(diary))) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    body = json.loads(members[RECORDS_MEMBER])
    damage(body["records"])
    members[RECORDS_MEMBER] = json.dumps(body).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(DiaryError) as refused:
        read_backup(out.getvalue(), name="backup.zip")
    assert str(refused.value).startswith("backup.zip: its records.json cannot be read")
    assert said in str(refused.value) and "nothing was imported" in str(refused.value)


def test_cli_backup_and_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, target, backup = tmp_path / "a.sqlite3", tmp_path / "b.csv", tmp_path / "full.zip"
    assert cli.main(["sample", "--data", str(source)]) == 0
    assert cli.main(["trial", "plan", "--factor", "position", "--a", "back", "--b", "side", "--data",
                     str(source)]) == 0  # fmt: skip
    assert cli.main(["backup", "-o", str(backup), "--data", str(source)]) == 0
    with pytest.raises(SystemExit) as refused:
        cli.main(["backup", "-o", str(tmp_path / "x.csv"), "--data", str(source)])
    assert refused.value.code == 2 and "ending in .zip" in capsys.readouterr().err
    assert cli.main(["import", str(backup), "--data", str(target)]) == 0
    assert "restored 1 trial" in capsys.readouterr().out
    assert len(all_trials(CSVDiary(target))) == 1


def test_a_trial_that_starts_later_says_when_not_that_it_is_over(diary: Diary) -> None:
    later = TODAY + dt.timedelta(days=20)
    trial = save_plan(diary, new_trial("position", "back", "side", start=later, seed=3, trial_id="t1"), TODAY)
    text = progress(trial, TODAY, []).tonight_text()
    assert "behind you" not in text and day_label(later) in text


def test_a_start_on_a_logged_morning_is_refused_today_and_tomorrow_too(diary: Diary) -> None:
    """This morning logged: a trial starting today would have a night whose morning is known already."""
    diary.add(Entry(date=TODAY, pain=3))
    today = new_trial("mattress", "Old", "Foam", start=TODAY, seed=1, trial_id="t1")
    with pytest.raises(TrialError, match=f"start on {day_label(TODAY + dt.timedelta(days=1))} or later"):
        save_plan(diary, today, TODAY)
    diary.add(Entry(date=TODAY + dt.timedelta(days=1), pain=3))  # tomorrow has begun somewhere on Earth
    tomorrow = new_trial("mattress", "Old", "Foam", start=TODAY + dt.timedelta(days=1), seed=1, trial_id="t2")
    with pytest.raises(TrialError, match="already has 1 morning logged"):
        save_plan(diary, tomorrow, TODAY)
    assert all_trials(diary) == []
    later = new_trial("mattress", "Old", "Foam", start=TODAY + dt.timedelta(days=2), seed=1, trial_id="t3")
    assert save_plan(diary, later, TODAY) == later


def test_a_backup_whose_trial_would_run_beside_the_diarys_own_is_refused_whole(
    diary: Diary, tmp_path: Path
) -> None:
    from diary.exchange.backup import full_backup
    from diary.exchange.diary_csv import import_upload, preview_upload

    now = RUN_DAY  # the import checks against the day it is
    start = now + dt.timedelta(days=10)
    save_plan(diary, new_trial("position", "back", "side", start=start, seed=1, trial_id="t1"), now)
    diary.add(Entry(date=now - dt.timedelta(days=3), pain=4))
    data = full_backup(diary)
    other = make_diary("csv" if diary.backend == "sqlite" else "sqlite", tmp_path / "other")
    save_plan(other, new_trial("pillow", "low", "high", start=start, seed=2, trial_id="t2"), now)
    preview = preview_upload(other, data, name="backup.zip")
    assert preview.refused is not None and "two trials planned or running" in preview.refused
    assert not preview.can_import and "Importing it would be refused" in preview.headline()  # said first
    with pytest.raises(TrialError, match="two trials planned or running"):
        import_upload(other, preview)
    assert [t.id for t in all_trials(other)] == ["t2"] and other.entries() == []  # nothing imported


def test_a_backup_whose_trial_lies_on_the_nights_of_the_diarys_own_is_refused_whole(
    diary: Diary, tmp_path: Path
) -> None:
    """Another diary's backup, its trial on the nights of this diary's finished one: each night has one trial."""
    from diary.exchange.backup import full_backup
    from diary.exchange.diary_csv import import_upload, preview_upload

    now = RUN_DAY
    start = now - dt.timedelta(days=30)
    save_plan(
        diary, new_trial("pillow", "low", "high", start=start, seed=3, trial_id="t1", pairs=2, block=3), now
    )
    data = full_backup(diary)
    other = make_diary("csv" if diary.backend == "sqlite" else "sqlite", tmp_path / "other")
    own = new_trial("mattress", "Old", "Foam", start=start - dt.timedelta(days=2), seed=1, trial_id="t2")
    save_plan(other, own, now)
    other.add(Entry(date=own.end, pain=3))  # its last morning logged: finished, no longer open
    preview = preview_upload(other, data, name="backup.zip")
    assert preview.refused is not None and "two trials on the same nights" in preview.refused
    assert "pillow: low or high" in preview.refused and "mattress: Old or Foam" in preview.refused
    with pytest.raises(TrialError, match="Each night belongs to one trial"):
        import_upload(other, preview)
    assert [t.id for t in all_trials(other)] == ["t2"] and [e.date for e in other.entries()] == [own.end]


def test_a_plan_starts_at_most_three_months_ahead(diary: Diary) -> None:
    """A start typed a century out would hold the place of every other trial: refused, naming the latest day."""
    latest = TODAY + dt.timedelta(days=90)
    far = new_trial("pillow", "low", "high", start=latest + dt.timedelta(days=1), seed=1, trial_id="t1")
    with pytest.raises(TrialError, match=f"at most 90 days ahead \\({day_label(latest)} at the latest\\)"):
        save_plan(diary, far, TODAY)
    assert all_trials(diary) == []
    near = new_trial("pillow", "low", "high", start=latest, seed=1, trial_id="t2")
    assert save_plan(diary, near, TODAY) == near


def test_a_dry_run_of_a_backup_names_its_trials_and_a_refusal(
    diary: Diary, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from diary.exchange.backup import full_backup

    now = RUN_DAY
    start = now + dt.timedelta(days=10)
    save_plan(diary, new_trial("position", "back", "side", start=start, seed=1, trial_id="t1"), now)
    diary.add(Entry(date=now - dt.timedelta(days=3), pain=4))
    backup = tmp_path / "backup.zip"
    backup.write_bytes(full_backup(diary))
    empty = str(tmp_path / "empty.sqlite3")
    assert (
        cli.main(["add", "--date", (now - dt.timedelta(days=30)).isoformat(), "--pain", "2", "--data", empty])
        == 0
    )
    capsys.readouterr()
    assert cli.main(["import", str(backup), "--dry-run", "--data", empty]) == 0
    said = capsys.readouterr().out
    assert f"holds 1 day, {day_label(now - dt.timedelta(days=3))}, with 1 trial: 1 day new" in said
    plan = ["trial", "plan", "--factor", "pillow", "--a", "low", "--b", "high", "--start", start.isoformat()]
    assert cli.main([*plan, "--data", empty]) == 0
    capsys.readouterr()
    assert cli.main(["import", str(backup), "--dry-run", "--data", empty]) == 1
    assert "Importing it would be refused: The backup would leave two trials" in capsys.readouterr().err


def test_a_night_by_night_mattress_trial_takes_no_adaptation_nights_by_default() -> None:
    assert new_trial("mattress", "Old", "Foam", block=1, start=TODAY, seed=1).washout == 0
    assert new_trial("mattress", "Old", "Foam", block=2, start=TODAY, seed=1).washout == 1
    assert new_trial("mattress", "Old", "Foam", start=TODAY, seed=1).washout == 2


def test_a_second_plan_beside_a_planned_one_is_told_to_cancel_it(diary: Diary) -> None:
    save_plan(diary, new_trial("mattress", "Old", "Foam", start=TODAY + dt.timedelta(days=3), seed=5), TODAY)
    with pytest.raises(TrialError, match="One trial runs at a time: cancel it first"):
        save_plan(
            diary, new_trial("pillow", "low", "high", start=TODAY + dt.timedelta(days=3), seed=2), TODAY
        )


def test_a_plan_learns_the_noise_without_an_earlier_trials_mornings() -> None:
    """An earlier trial's 3-point effect is no day-to-day noise: left out, the next plan is not made to ask for more."""
    from diary.trials.noise import diary_noise
    from diary.trials.store import without_other_trials
    from tests.trial_simulation import Scenario, simulate

    earlier, entries = simulate(Scenario(effect=3.0, pre_days=60, drift=0.0), seed=3)
    after = earlier.end + dt.timedelta(days=1)
    with_trial = diary_noise(entries, after)
    without = diary_noise(without_other_trials(entries, [earlier]), after)
    assert without.days < with_trial.days
    assert without.sd < with_trial.sd - 0.2
    assert without_other_trials(entries, [earlier], earlier) == entries  # a trial's own mornings stay


def test_add_on_a_trial_night_fills_in_the_plan_or_says_where_it_differs(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the Log page: the night's planned condition filled in, a different one kept and said."""
    today = RUN_DAY
    earlier = today - dt.timedelta(days=3)
    diary = open_diary(data)
    diary.add(Entry(date=earlier, pain=3, mattress="Foam", firmness="firm"))
    plan = new_trial("mattress", "Old", "Foam", start=today, seed=2, trial_id="t1", now=eve_of(today))
    trial = save_plan(diary, plan, today)
    planned = night_on(trial, today)
    assert planned is not None
    assert cli.main(["add", "--date", today.isoformat(), "--pain", "4", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "Trial night 1 of" in out and "Filled in as planned" in out
    saved = open_diary(data).get(today)
    assert saved is not None and saved.mattress == planned.value
    assert saved.firmness == (
        "firm" if planned.value == "Foam" else None
    )  # the firmness last recorded for it
    # Not a trial night (before the trial): nothing filled in, nothing said about it.
    day_before = today - dt.timedelta(days=1)
    assert cli.main(["add", "--date", day_before.isoformat(), "--pain", "2", "--data", str(data)]) == 0
    assert "Trial" not in capsys.readouterr().out
    assert open_diary(data).get(day_before).mattress is None  # type: ignore[union-attr]


def eve_of(morning: dt.date) -> dt.datetime:
    """The evening before ``morning``: a plan drawn then is ahead of the night that ends on it."""
    return dt.datetime.combine(morning - dt.timedelta(days=1), dt.time(21, 30))


def test_a_night_slept_before_its_plan_was_drawn_is_never_filled_in_as_planned(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plan dated back, drawn today: its nights so far were slept before it existed, so the form is not
    filled in with a condition nobody was given, nor is the night counted as following it unless logged so."""
    today = RUN_DAY
    start = today - dt.timedelta(days=3)
    drawn = dt.datetime.combine(today, dt.time(8))  # this morning
    plan = new_trial("position", "back", "side", pairs=2, block=2, start=start, seed=3, now=drawn)
    trial = save_plan(open_diary(data), plan, today)
    assert not trial.drawn_ahead_of(start) and not trial.drawn_ahead_of(today)
    assert trial.drawn_ahead_of(today + dt.timedelta(days=1))
    assert cli.main(["add", "--date", start.isoformat(), "--pain", "4", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "Filled in as planned" not in out and "left empty here: fill it in" in out
    saved = open_diary(data).get(start)
    assert saved is not None and saved.position is None
    # What was slept, named, is kept and compared with the plan as any night's is.
    day = start + dt.timedelta(days=1)
    assert (
        cli.main(
            ["add", "--date", day.isoformat(), "--pain", "4", "--position", "stomach", "--data", str(data)]
        )
        == 0
    )
    assert "you entered sleeping on your stomach" in capsys.readouterr().out


def test_add_on_a_trial_night_keeps_a_different_condition_and_says_so(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = RUN_DAY
    diary = open_diary(data)
    trial = save_plan(diary, new_trial("position", "back", "side", start=today, seed=4, trial_id="t1"), today)
    planned = night_on(trial, today)
    assert planned is not None
    other = "stomach"
    args = ["add", "--date", today.isoformat(), "--pain", "4", "--position", other, "--data", str(data)]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "you entered sleeping on your stomach" in out and "not followed" in out
    assert open_diary(data).get(today).position == other  # type: ignore[union-attr]


@pytest.mark.parametrize("stop", ["end", "cancel"])
def test_a_trial_after_one_stopped_early_keeps_its_own_nights(diary: Diary, stop: str) -> None:
    """The first trial's calendar ran on past the day it stopped: those days are the next trial's nights."""
    first = save_plan(diary, new_trial("mattress", "Old", "Foam", start=TODAY, seed=1, trial_id="t1"), TODAY)
    for i in range(3):
        diary.add(Entry(date=TODAY + dt.timedelta(days=i), pain=5))
    stopped_on = TODAY + dt.timedelta(days=2)
    (end_trial if stop == "end" else cancel_trial)(diary, stopped_on)
    start = stopped_on + dt.timedelta(days=1)
    second = save_plan(diary, new_trial("pillow", "low", "high", start=start, seed=1, trial_id="t2"), start)
    assert any(n.date <= first.end for n in schedule(second))  # the two calendars overlap
    for i in range(second.nights_planned):
        diary.add(Entry(date=start + dt.timedelta(days=i), pain=4 + i % 3))
    result = trial_answer(diary, second, second.end + dt.timedelta(days=1))
    assert result.status == "finished" and result.nights_logged == second.nights_planned
    assert result.verdict != "not_enough_nights"
    # The first trial's own mornings stay out of what the second learns its noise from, and no more.
    kept = without_other_trials(diary.entries(), all_trials(diary), second)
    assert [e.date for e in kept if e.date < start] == []
    stopped = next(t for t in all_trials(diary) if t.id == "t1")
    later = [e.date for e in without_other_trials(diary.entries(), [stopped])]
    assert later == [e.date for e in diary.entries() if e.date > stopped_on]  # its calendar after it stopped


def test_add_on_a_tag_trial_night_fills_the_tag_in_beside_other_tags(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Other tags say nothing about the trial's: the plan is filled in beside them, never read as a deviation."""
    today = RUN_DAY
    diary = open_diary(data)
    plan = new_trial("tag:topper", "true", "false", start=today, seed=3, trial_id="t1", now=eve_of(today))
    trial = save_plan(diary, plan, today)
    planned = night_on(trial, today)
    assert planned is not None
    args = ["add", "--date", today.isoformat(), "--pain", "4", "--tags", "travel", "--data", str(data)]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "Filled in as planned" in out and "not followed" not in out
    saved = open_diary(data).get(today)
    assert saved is not None
    assert saved.tags == (("topper", "travel") if planned.value == "true" else ("travel",))


def test_add_with_empty_tags_on_a_tag_trial_night_says_it_was_without_the_tag(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--tags ''`` is the one command that says "without" on a night planned with the tag: kept, and said."""
    today = RUN_DAY
    diary = open_diary(data)
    drawn = (
        new_trial("tag:topper", "true", "false", start=today, seed=seed, trial_id="t1") for seed in range(50)
    )
    planned_with = next(
        t for t in drawn if (night := night_on(t, today)) is not None and night.value == "true"
    )
    save_plan(diary, planned_with, today)
    args = ["add", "--date", today.isoformat(), "--pain", "4", "--tags", "", "--data", str(data)]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "Filled in as planned" not in out and "not followed" in out
    saved = open_diary(data).get(today)
    assert saved is not None and saved.tags == ()


def test_a_backup_whose_trial_the_diary_has_since_ended_says_which_copy_stays(
    diary: Diary, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Restoring an older backup over a trial ended early since: the diary's stays, said; ``--replace`` says it
    takes the backup's (the trial runs again)."""
    from diary.exchange.backup import full_backup
    from diary.exchange.diary_csv import preview_upload

    now = RUN_DAY
    start = now - dt.timedelta(days=3)
    save_plan(diary, new_trial("position", "back", "side", start=start, seed=1, trial_id="t1"), start)
    for day in range(3):
        diary.add(Entry(date=start + dt.timedelta(days=day), pain=4, position="back"))
    backup = tmp_path / "backup.zip"
    backup.write_bytes(full_backup(diary))
    end_trial(diary, now)
    stays = (
        "1 trial the diary keeps differently from the backup stays as the diary has it (position: back or side, "
        f"ended early on {day_label(now)} in the diary, not ended in the backup); replacing conflicts takes "
        "the backup's."
    )
    assert stays in preview_upload(diary, backup.read_bytes(), name="backup.zip").headline()
    data = ["--data", str(diary.path)]
    assert cli.main(["import", str(backup), "--dry-run", *data]) == 0
    assert stays in capsys.readouterr().out
    assert cli.main(["import", str(backup), *data]) == 0
    assert stays.replace(" stays ", " stayed ") in capsys.readouterr().out
    kept = latest_trial(diary)
    assert kept is not None and kept.ended_on == now
    assert cli.main(["import", str(backup), "--replace", *data]) == 0
    assert (
        "The backup's copy of 1 trial the diary keeps differently was taken (position: back or side, ended "
        f"early on {day_label(now)} in the diary, not ended in the backup)."
    ) in capsys.readouterr().out
    kept = latest_trial(diary)
    assert kept is not None and kept.ended_on is None


def test_a_running_trials_mornings_wait_for_its_end_before_the_analysis_counts_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No verdict before a trial's end: its mornings so far stay out of the factors and switches (the Factors
    page, ``analyze`` and the report), said in the summary; red flags on them are never held back."""
    from diary.analysis import analyze
    from diary.sample import sample_entries
    from diary.trials.store import trial_so_far

    path = tmp_path / "diary.sqlite3"
    diary = open_diary(path)
    for e in sample_entries():
        diary.add(e)
    now = RUN_DAY
    start = now - dt.timedelta(days=4)
    assert trial_so_far(diary, now) is None  # no trial
    trial = save_plan(diary, new_trial("position", "back", "stomach", start=start, seed=4), start)
    assert trial_so_far(diary, start - dt.timedelta(days=1)) is None  # planned, not begun
    assert trial_so_far(diary, now) == (start, now)
    for night in schedule(trial)[:5]:  # stomach nights much worse: a verdict now would be peeking
        pain = 9 if night.value == "stomach" else 1
        flags = ("fever",) if night.date == now else ()
        diary.add(Entry(date=night.date, pain=pain, position=night.value, red_flags=flags))
    frame = diary.load()
    held = analyze(frame, hold_back=trial_so_far(diary, now))
    before = analyze(frame[frame["date"] < str(start)].reset_index(drop=True))
    assert held.held_back is not None and held.held_back.mornings == 5
    assert held.summary.startswith(
        f"Your trial's 5 mornings so far ({day_label(start)} to {day_label(now)}) are left out here until it "
        "ends: its own answer comes then, and looking at them before makes false findings likely."
    )
    assert [(f.id, f.n, f.estimate) for f in held.factors] == [
        (f.id, f.n, f.estimate) for f in before.factors
    ]
    assert held.rows == len(frame) and held.last == now  # the diary as it is
    # this morning not logged yet: the span said ends at the last morning logged, not today
    frame = frame[frame["date"] < str(now)].reset_index(drop=True)
    yesterday = now - dt.timedelta(days=1)
    assert analyze(frame, hold_back=trial_so_far(diary, now)).summary.startswith(
        f"Your trial's 4 mornings so far ({day_label(start)} to {day_label(yesterday)}) are left out here"
    )
    assert now in [d.date for d in held.red_flags]  # a warning on a trial morning is never held back
    data = ["--data", str(path)]
    assert cli.main(["analyze", "--json", *data]) == 0  # the clock is pinned to ``now`` for the run
    body = json.loads(capsys.readouterr().out)
    assert body["held_back"] == {"from": start.isoformat(), "to": now.isoformat(), "mornings": 5}
    report = tmp_path / "report.pdf"
    assert cli.main(["report", "-o", str(report), *data]) == 0
    from pypdf import PdfReader

    assert "Your trial's 5 mornings so far" in PdfReader(report).pages[0].extract_text().replace("\n", " ")
    end_trial(diary, now)  # ended: its answer is given, and its mornings count everywhere again
    assert trial_so_far(diary, now) is None


def test_a_trial_morning_logged_after_the_trials_end_is_filled_in_as_planned(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last morning logged a day late: its night was the trial's, and is filled in and counted as planned.

    Not so for a cancelled trial, nor for a morning after a trial ended early.
    """
    today = RUN_DAY
    start = today - dt.timedelta(days=6)
    diary = open_diary(data)
    plan = new_trial("position", "back", "side", pairs=2, block=1, start=start, seed=5, now=eve_of(start))
    trial = save_plan(diary, plan, today)
    last = trial.end
    assert last < today  # its last morning has passed: the trial counts as finished
    planned = night_on(trial, last)
    assert planned is not None
    assert cli.main(["add", "--date", last.isoformat(), "--pain", "4", "--data", str(data)]) == 0
    assert "Filled in as planned" in capsys.readouterr().out
    saved = open_diary(data).get(last)
    assert saved is not None and saved.position == planned.value
    assert trial_of_morning(open_diary(data), today, last) == trial
    assert trial_of_morning(open_diary(data), today, today) is None  # not a night of it


def test_a_cancelled_trials_morning_logged_late_is_no_trial_night(diary: Diary) -> None:
    today = RUN_DAY
    start = today - dt.timedelta(days=6)
    trial = save_plan(
        diary, new_trial("position", "back", "side", pairs=2, block=1, start=start, seed=5), today
    )
    assert trial_of_morning(diary, today, trial.end) == trial
    cancel_trial(diary, today)  # dated back by mistake, nothing logged: cancelled
    assert trial_of_morning(diary, today, trial.end) is None


def test_a_trial_ended_today_before_its_morning_is_logged_is_in_the_default_report(diary: Diary) -> None:
    """The report of the whole diary ends on the last morning logged; a trial ended today ends on today, a
    morning not logged yet, and was left out of it (though the Experiments page listed its result)."""
    from diary.trials.store import finished_results
    from diary.views.report import report_content

    start = TODAY - dt.timedelta(days=8)  # 12 nights: 8 logged, ended today, 3 never to come
    trial = save_plan(diary, new_trial("pillow", "low", "high", pairs=2, block=3, start=start, seed=3), start)
    for night in schedule(trial):
        if night.date < TODAY:
            diary.add(Entry(date=night.date, pain=4 if night.condition == "a" else 6, pillow=night.value))
    end_trial(diary, TODAY)
    (result,) = finished_results(diary, TODAY)
    assert result.status == "ended_early" and result.trial.last_counted == TODAY
    assert result.rests_on == TODAY - dt.timedelta(days=1)
    content = report_content(diary.entries(), today=TODAY, trials=[result])
    assert content.end == TODAY - dt.timedelta(days=1) and [r.trial.id for r in content.trials] == [trial.id]


def test_the_calendar_marks_today_and_uncounted_nights_before_what_a_phone_may_cut() -> None:
    """In a phone's narrow columns "Sun 6 Dec 2026 (tod" and "B: Old mattress (adaptat" lost their marks, the only
    signs of today and of the nights not counted."""
    from diary.trials.preview import calendar_rows

    trial = new_trial(
        "mattress", "Old mattress with a long name", "Foam", pairs=2, block=4, start=TODAY, seed=5
    )
    rows = calendar_rows(trial, schedule(trial), TODAY)
    assert rows[0]["morning"] == f"Today, {day_label(TODAY)}"
    assert rows[1]["morning"] == day_label(TODAY + dt.timedelta(days=1))
    washout = [str(row["night"]) for row, night in zip(rows, schedule(trial), strict=True) if night.washout]
    assert washout and all(
        cell[:24] in ("A (getting used to it): ", "B (getting used to it): ") for cell in washout
    )
    # a yes/no condition in words, never "true" or "false"
    legs = new_trial("legs_elevated", "true", "false", pairs=2, start=TODAY, seed=5)
    assert {str(row["night"]) for row in calendar_rows(legs, schedule(legs))} == {
        "A: legs raised",
        "B: legs not raised",
    }
    topper = new_trial("tag:topper", "true", "false", pairs=2, start=TODAY, seed=5)
    assert {str(row["night"]) for row in calendar_rows(topper, schedule(topper))} == {
        "A: with topper",
        "B: without topper",
    }


def test_a_result_with_too_few_nights_still_says_its_nights_adherence_and_what_next() -> None:
    """Ended early with too few nights, the answer had no line on nights used, adherence or what to do next."""
    trial = new_trial("position", "back", "side", pairs=2, block=3, start=TODAY, seed=5)
    nights = schedule(trial)
    entries = [Entry(date=nights[0].date, pain=4, position=nights[0].value)]
    entries.append(Entry(date=nights[1].date, pain=5, position="stomach"))  # not the plan's
    ended = trial_result(ended_early_on(trial, nights[1].date), entries, nights[1].date)
    assert ended.verdict == "not_enough_nights"
    assert ended.notes[0] == f"2 of the plan's {trial.counted_nights} counted nights were logged and used."
    assert (
        ended.notes[1] == "50 % of logged nights followed the plan; 1 night did not, and counted as planned."
    )
    assert ended.notes[-1].startswith(f"What next: plan it again and log at least {trial.nights_needed[0]} ")
