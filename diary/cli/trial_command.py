"""``pain-diary trial …``: plan, follow, judge, end and cancel a self-experiment from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable

from .. import clock
from ..entry.numbers import whole_number as read_whole_number
from ..storage import Diary, open_diary, starting
from ..trials.follow import WASHOUT_NIGHT, progress
from ..trials.limits import ALLOWED, TrialError
from ..trials.plan import FACTOR_KINDS, Trial, in_diary_spelling, new_trial, typed_exactly
from ..trials.preview import preview_plan
from ..trials.store import (
    all_trials,
    cancel_trial,
    current_trial,
    end_trial,
    latest_trial,
    save_plan,
    trial_answer,
    without_other_trials,
)
from ..trials.text import LOGGED_ONLY, condition_words, plan_heading, plan_title, trial_span
from ..wording import day_label, from_to, join_names


def _diary(args: argparse.Namespace) -> Diary:
    """The diary named by --data.

    Only planning may start a new one (as ``add`` does, ``storage.starting``); the
    other commands read or change a trial of a diary that is there, so a missing
    file is said, never replaced by an empty diary.
    """
    return open_diary(args.data, create=False)


def _print_json(body: object) -> None:
    print(json.dumps(body, indent=2, ensure_ascii=False))


CALENDAR_INTRO = "Each line is a morning, and how to sleep the night before it:"
"""Before a plan's calendar in the terminal: a line's date is its morning, the condition that night's (as the
dashboard's calendar says with its Morning and Night columns), so no switch is slept a night late."""


def cmd_plan(args: argparse.Namespace) -> int:
    today = clock.today()
    trial = new_trial(
        typed_exactly(args.factor),
        args.a,
        args.b,
        pairs=args.pairs,
        block=args.block,
        washout=args.washout,
        start=args.start or today + dt.timedelta(days=1),
        seed=args.seed,
    )
    # Only once the plan's own values are right; a plan refused leaves no new empty diary.
    with starting(args.data, say=lambda text: print(text, file=sys.stderr)) as diary:
        logged = diary.entries()
        known = {e.mattress for e in logged if e.mattress}  # every night's, an earlier trial's included
        trial = in_diary_spelling(trial, known)
        entries = without_other_trials(logged, all_trials(diary))  # the noise is learnt without other trials
        trial = save_plan(diary, trial, today)
    preview = preview_plan(trial, entries, known=known, today=today)
    if args.json:
        _print_json(preview.to_json())
        return 0
    print(f"Planned: {plan_title(trial)}, {from_to(trial.start, trial.end)}.")
    for line in preview.sentences()[1:]:
        print(line)
    print(f"\n{CALENDAR_INTRO}")
    for night in preview.nights:
        mark = f"  ({WASHOUT_NIGHT})" if night.washout else ""
        print(
            f"{day_label(night.date)}  {night.condition.upper()}  {condition_words(trial, night.value)}{mark}"
        )
    print(f"\nSeed {trial.seed}: the same seed always draws this calendar.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    diary = _diary(args)
    today = clock.today()
    trial = current_trial(diary, today) or latest_trial(diary)
    if trial is None:
        print("No trial planned. Plan one with: pain-diary trial plan --factor mattress --a A --b B")
        return 0
    entries = diary.entries()
    status = trial.status([e.date for e in entries], today)
    print(f"{plan_heading(trial)}: {status.replace('_', ' ')}, {trial_span(trial)}.")
    if status in ("planned", "running"):
        now = progress(trial, today, entries)
        print(now.headline())
        print(now.tonight_text())
        print(now.adherence_text())
    else:
        print("Its result: pain-diary trial result")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    diary = _diary(args)
    trials = all_trials(diary)
    today = clock.today()
    logged = diary.dates() if trials else []
    rows = [(t, t.status(logged, today)) for t in reversed(trials)]
    if args.json:
        _print_json(
            [
                {"id": t.id, "factor": t.factor, "a": t.a, "b": t.b, "status": status}
                | {"start": t.start.isoformat(), "end": t.end.isoformat()}
                for t, status in rows
            ]
        )
        return 0
    if not rows:
        print("No trial yet. Plan one with: pain-diary trial plan --factor mattress --a A --b B")
    for trial, status in rows:
        print(f"{trial.id}  {plan_title(trial)} — {status.replace('_', ' ')}, {trial_span(trial)}")
    return 0


def _asked_trial(diary: Diary, asked: str | None) -> Trial:
    """The trial ``--id`` names, or the latest not cancelled; a ``TrialError`` saying what there is otherwise."""
    trials = all_trials(diary)
    if asked is not None:
        found = next((t for t in trials if t.id == asked), None)
        if found is None:
            known = ", ".join(t.id for t in trials) or "none yet"
            raise TrialError(
                f"No trial called {asked!r} (the diary's trials: {known}; see pain-diary trial list)."
            )
        return found
    trial = latest_trial(diary)
    if trial is not None:
        return trial
    if trials:
        raise TrialError("The diary's trials were all cancelled, and a cancelled trial gives no result.")
    raise TrialError("No trial yet: plan one with pain-diary trial plan.")


def cmd_result(args: argparse.Namespace) -> int:
    diary = _diary(args)
    trial = _asked_trial(diary, args.id)
    result = trial_answer(diary, trial, clock.today())
    if args.json:
        _print_json(result.to_json())
        return 0
    print(f"{plan_heading(trial)} — {result.status.replace('_', ' ')}.")
    print(result.sentence)
    for note in result.notes:
        print(f"- {note}")
    return 0


def cmd_end(args: argparse.Namespace) -> int:
    trial = end_trial(_diary(args), clock.today())
    if trial.status((), clock.today()) == "finished":  # its nights were over, its last morning not logged
        print(f"Finished the trial ({plan_title(trial)}), {LOGGED_ONLY}: pain-diary trial result")
    else:
        print(
            f"Ended the trial early ({plan_title(trial)}); its result is labelled so: pain-diary trial result"
        )
    return 0


def cmd_cancel(args: argparse.Namespace) -> int:
    trial = cancel_trial(_diary(args), clock.today())
    print(f"Cancelled the trial ({plan_title(trial)}). It gives no result; your diary entries are unchanged.")
    return 0


def whole_number(option: str) -> Callable[[str], int]:
    """An option's whole number; anything else is bad usage naming what ``option`` allows (its range is
    checked with the rest of the plan)."""

    def read(text: str) -> int:
        try:
            return read_whole_number(text)
        except ValueError as exc:
            # In the diary's own words for it: "'x' is not a whole number written with the ASCII digits 0-9".
            raise argparse.ArgumentTypeError(f"{exc}: {option} must be {ALLOWED[option]}") from None

    return read


TRIAL_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "plan": cmd_plan,
    "status": cmd_status,
    "result": cmd_result,
    "list": cmd_list,
    "end": cmd_end,
    "cancel": cmd_cancel,
}


def add_trial_options(
    trial: argparse.ArgumentParser,
    data_option: Callable[[argparse.ArgumentParser], None],
    date_arg: Callable[[str], dt.date],
) -> None:
    """The subcommands of ``pain-diary trial`` and their options, on the command's parser ``trial``."""
    data_option(trial)
    actions = trial.add_subparsers(dest="trial_command", metavar="ACTION", required=True)
    plan = actions.add_parser("plan", help="draw and save a trial's schedule, and say what it can find")
    data_option(plan)
    plan.add_argument("--factor", required=True, help=join_names(FACTOR_KINDS, last="or"))
    plan.add_argument(
        "--a", required=True, help="condition A (a mattress name, back/side/stomach, true/with …)"
    )
    plan.add_argument("--b", required=True, help="condition B")
    plan.add_argument(
        "--pairs", type=whole_number("pairs"), default=3, help="pairs of periods, 2 to 10 (default 3)"
    )
    plan.add_argument(
        "--block", type=whole_number("block"), help="nights per period (default 7 for a mattress, else 3)"
    )
    plan.add_argument(
        "--washout",
        type=whole_number("washout"),
        help="adaptation nights per period (default 2 for a mattress, else 0)",
    )
    plan.add_argument(
        "--start",
        type=date_arg,
        help="the first morning, YYYY-MM-DD (default tomorrow: the first night is tonight)",
    )
    plan.add_argument(
        "--seed", type=whole_number("seed"), help="the seed of the random order (default: drawn)"
    )
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    for name, text in (
        ("status", "where the trial stands: tonight's condition, progress, adherence"),
        ("end", "end the running trial early (its result is labelled so)"),
        ("cancel", "cancel the planned or running trial"),
    ):
        data_option(actions.add_parser(name, help=text))
    result = actions.add_parser(
        "result", help="the trial's answer, once its last night is logged or it ended"
    )
    data_option(result)
    result.add_argument("--id", help="the trial to judge, as trial list names it (default: the latest)")
    result.add_argument("--json", action="store_true", help="print the result as JSON")
    listed = actions.add_parser("list", help="every trial the diary keeps, newest first, with its id")
    data_option(listed)
    listed.add_argument("--json", action="store_true", help="print the list as JSON")
