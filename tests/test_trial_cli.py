"""`pain-diary trial …` as a person types it: every option's bad value named, with what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from diary import cli
from diary.wording import from_to

from .clock_support import TODAY
from .frames import weeks_of_a_mattress_trial

PLAN = ["trial", "plan", "--factor", "mattress", "--a", "Old", "--b", "Foam"]


@pytest.mark.parametrize(
    ("option", "typed", "allowed"),
    [
        ("--pairs", "x", "a whole number from 2 to 10"),
        ("--pairs", "2.5", "a whole number from 2 to 10"),
        ("--block", "week", "from 1 to 28 nights"),
        ("--washout", "two", "0 or more nights, fewer than the block"),
        ("--seed", "abc", "a whole number from 0 to 9223372036854775807"),
    ],
)
def test_a_plan_option_that_is_not_a_whole_number_says_what_is_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, typed: str, allowed: str
) -> None:
    data = tmp_path / "d.sqlite3"
    with pytest.raises(SystemExit) as stopped:
        cli.main([*PLAN, option, typed, "--data", str(data)])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: '{typed}' is not a whole number" in err and allowed in err
    assert not data.exists()  # nothing saved, not even an empty diary


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            "tag:New Pillow!",
            "The tag 'New Pillow!' is not a label (try 'tag:new-pillow'): use 1 to 30 characters",
        ),
        ("tag:🙂", "The tag '🙂' is not a label: use 1 to 30 characters"),
    ],
)
def test_a_trial_of_a_tag_typed_otherwise_than_a_label_is_refused_naming_the_label_it_could_be(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str, said: str
) -> None:
    """As ``add --tags`` refuses it: the command line never saves a plan for another label than the one typed."""
    data = tmp_path / "d.sqlite3"
    assert (
        cli.main(["trial", "plan", "--factor", typed, "--a", "with", "--b", "without", "--data", str(data)])
        == 1
    )
    assert said in capsys.readouterr().err
    assert not data.exists()
    assert (
        cli.main(
            [
                "trial",
                "plan",
                "--factor",
                "tag:new-pillow",
                "--a",
                "with",
                "--b",
                "without",
                "--data",
                str(data),
            ]
        )
        == 0
    )
    assert "with new-pillow (A) or without new-pillow (B)" in capsys.readouterr().out


def test_analyze_names_a_trial_on_a_switchs_nights_and_the_command_for_its_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the report and the Factors page do: the switch compared over a trial's nights names the trial."""
    data = tmp_path / "d.sqlite3"
    trial = weeks_of_a_mattress_trial(data, TODAY)
    assert cli.main(["analyze", "--data", str(data)]) == 0
    [line] = [line for line in capsys.readouterr().out.splitlines() if "It pools" in line]
    assert line.endswith(
        f"These nights include your trial of the two ({from_to(trial.start, trial.last_counted)}): its answer "
        f"(pain-diary trial result --id {trial.id}), from nights planned at random, is the one to go by."
    )


def test_the_planned_calendar_says_its_dates_are_mornings_and_its_conditions_the_nights_before(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    """Read as nights, every switch would be slept one night late."""
    assert cli.main([*PLAN, "--seed", "3", "--data", str(data)]) == 0
    lines = capsys.readouterr().out.splitlines()
    heading = lines.index("Each line is a morning, and how to sleep the night before it:")
    assert lines[heading - 1] == "" and lines[heading + 1].endswith("(getting used to it, not counted)")
