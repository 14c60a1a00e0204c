"""Trials kept with the diary: planned, followed, ended or cancelled — one running at a time.

Each trial is a record of kind ``"trial"`` in the diary (a table in SQLite, a
file beside a CSV diary); its schedule is drawn again from the stored plan.
Every change is one write, and the rules (one trial at a time, a schedule drawn
before its mornings are logged) are checked inside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import DiaryFileError
from ..storage.base import RECORDS_ADVICE, RECORDS_FILE, TRIAL_KIND
from ..wording import NOTHING_IMPORTED, day_label, from_to
from .limits import TrialError, TrialRecordError
from .plan import (
    Trial,
    cancelled,
    check_start,
    ended_early,
    night_on,
    schedule,
)

if TYPE_CHECKING:
    from ..entry import Entry
    from ..storage import Diary
    from ..storage.base import CheckRecords, Record
    from .result import TrialResult

OPEN = ("planned", "running")


def all_trials(diary: Diary) -> list[Trial]:
    """Every trial the diary keeps, oldest first."""
    return sorted(
        (kept_trial(diary, r) for r in diary.records(TRIAL_KIND).values()), key=lambda t: t.created_at
    )


def kept_trial(diary: Diary, record: Record) -> Trial:
    """The trial a record of the diary keeps; one that cannot be read is named with the file that keeps it."""
    try:
        return Trial.from_record(record)
    except TrialRecordError as exc:
        where = diary.records_file
        if where == diary.path:
            raise DiaryFileError(where, f"{exc.reason}.", "Restore the diary from a backup.") from None
        raise DiaryFileError(where, f"{exc.reason}.", RECORDS_ADVICE, what=RECORDS_FILE) from None


def current_trial(diary: Diary, today: dt.date, logged: Sequence[dt.date] | None = None) -> Trial | None:
    """The trial that is planned or running, if any.

    ``logged``: the diary's logged dates, sorted, when the caller has them
    already; they are read only when the diary keeps a trial.
    """
    trials = all_trials(diary)
    if not trials:
        return None
    return _open_in(trials, diary.dates() if logged is None else logged, today)


def trial_so_far(diary: Diary, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last morning of the running trial up to ``today``, or None when none runs.

    The analysis holds them back until the trial ends (``analysis.analyze``'s ``hold_back``): the trial's
    answer waits for its last night, and a verdict from its mornings meanwhile would be the peeking it
    guards against.
    """
    trial = current_trial(diary, today)
    if trial is None or today < trial.start:
        return None
    return trial.start, min(today, trial.end)


def trial_of_morning(
    diary: Diary, today: dt.date, morning: dt.date, logged: Sequence[dt.date] | None = None
) -> Trial | None:
    """The trial with a planned night ending on ``morning``: the one planned or running (for today's morning
    whatever it holds), or else a kept one that has finished (ended, or a later morning logged) and holds
    that morning.

    A morning is often logged a day late, the trial's last one too; its night was still the trial's, and
    is filled in and counted as planned. Not a cancelled trial, nor one ended early before that morning.
    ``logged``: the diary's logged dates, sorted, when the caller has them already.
    """
    trials = all_trials(diary)
    if not trials:
        return None
    running = _open_in(trials, diary.dates() if logged is None else logged, today)
    if running is not None and (morning == today or night_on(running, morning) is not None):
        return running  # today's morning too: a trial that starts tonight says so
    for trial in trials:
        if trial.cancelled or (trial.ended_on is not None and morning > trial.ended_on):
            continue
        if morning <= today and night_on(trial, morning) is not None:
            return trial
    return None


def latest_trial(diary: Diary) -> Trial | None:
    """The most recently planned trial that was not cancelled (the one ``trial result`` is about)."""
    kept = [t for t in all_trials(diary) if not t.cancelled]
    return kept[-1] if kept else None


def _open_in(trials: list[Trial], logged: Sequence[dt.date], today: dt.date) -> Trial | None:
    for trial in trials:
        if trial.status(logged, today) in OPEN:
            return trial
    return None


class _IdTaken(TrialError):
    """Inside a plan's write: its id is a kept trial's already (nothing was written)."""


def save_plan(diary: Diary, trial: Trial, today: dt.date) -> Trial:
    """Keep a new plan, and return it as kept; refused while another trial is planned or running, once its
    mornings are logged, or where its nights overlap a kept trial's.

    Both rules are checked inside the write, on the diary as it is then. A plan
    whose id (the second it was made) a cancelled one has already is kept
    under the next free one ("trial-20261205-033936-2").
    """

    def only_one(candidate: Trial) -> CheckRecords:
        def check(kept: dict[str, Record], logged: list[dt.date]) -> None:
            check_start(candidate, logged, today)
            running = _open_in([kept_trial(diary, r) for r in kept.values()], logged, today)
            if running is not None:
                status = running.status(logged, today)
                action = "cancel it" if status == "planned" else "end it early or cancel it"
                raise TrialError(
                    f"A trial is already {status} ({running.factor}: {running.a} or "
                    f"{running.b}, until {day_label(running.end)}). One trial runs at a time: {action} first."
                )
            overlapped = _overlapped(candidate, [kept_trial(diary, r) for r in kept.values()])
            if overlapped is not None:
                after = overlapped.last_counted + dt.timedelta(days=1)
                raise TrialError(
                    f"The trial's nights ({from_to(candidate.start, candidate.end)}) overlap those of an earlier "
                    f"trial ({overlapped.factor}: {overlapped.a} or {overlapped.b}, "
                    f"{from_to(overlapped.start, overlapped.last_counted)}). Each night belongs to one trial: "
                    f"start on {day_label(after)} or later."
                )
            if candidate.id in kept:
                raise _IdTaken(f"A trial called {candidate.id} exists already.")

        return check

    candidate, tries = trial, 1
    while True:
        try:
            diary.change_records(TRIAL_KIND, {candidate.id: candidate.to_record()}, check=only_one(candidate))
        except _IdTaken:
            tries += 1
            candidate = replace(trial, id=f"{trial.id}-{tries}")
            continue
        return candidate


def _overlapped(candidate: Trial, kept: Sequence[Trial]) -> Trial | None:
    """A kept trial, not cancelled, whose nights (up to its end, or the day it was ended early) share a morning
    with ``candidate``'s: a plan dated back could otherwise lay a second schedule over a finished one's."""
    for trial in kept:
        if (
            not trial.cancelled
            and trial.start <= candidate.last_counted
            and candidate.start <= trial.last_counted
        ):
            return trial
    return None


def restored_trial_rules(today: dt.date) -> CheckRecords:
    """The rules a restored backup is checked by, inside its write: no two trials planned or running at once,
    and no night in two trials (a backup of another diary, whose trial lies over this one's finished one)."""

    def check(kept: dict[str, Record], logged: list[dt.date]) -> None:
        trials = [Trial.from_record(r) for r in kept.values()]
        running = [t for t in trials if t.status(logged, today) in OPEN]
        if len(running) > 1:
            raise TrialError(
                f"The backup would leave two trials planned or running ({_described(running)}). One trial "
                "runs at a time: cancel the diary's own (pain-diary trial cancel, or the Experiments page) and "
                f"import the backup again. {NOTHING_IMPORTED}."
            )
        kept_trials = [t for t in trials if not t.cancelled]
        for i, trial in enumerate(kept_trials):
            other = _overlapped(trial, kept_trials[i + 1 :])
            if other is not None:
                raise TrialError(
                    f"The backup would leave two trials on the same nights ({_described([trial, other])}). Each "
                    "night belongs to one trial, whose schedule was drawn for it: import the backup into a "
                    f"diary of its own instead. {NOTHING_IMPORTED}."
                )

    return check


def _described(trials: Sequence[Trial]) -> str:
    return "; ".join(f"{t.factor}: {t.a} or {t.b}, {from_to(t.start, t.last_counted)}" for t in trials)


def _never_logged(diary: Diary, today: dt.date) -> Trial | None:
    """The latest trial if it is over with none of its mornings logged (a plan dated back, maybe by mistake)."""
    trial = latest_trial(diary)
    if trial is None or trial.ended_on is not None or trial.end >= today:
        return None
    logged = set(diary.dates())
    return None if any(n.date in logged for n in schedule(trial)) else trial


def _change_current(diary: Diary, today: dt.date, change: str) -> Trial:
    trial = current_trial(diary, today) or (_never_logged(diary, today) if change == "cancel" else None)
    if trial is None:
        raise TrialError("No trial is planned or running, so there is nothing to end or cancel.")
    if change == "end":
        if today < trial.start:
            raise TrialError(
                f"The trial has not started yet (its first morning is {day_label(trial.start)}): "
                "cancel it instead of ending it."
            )
        updated = ended_early(trial, today)
    else:
        updated = cancelled(trial, today)
    diary.change_records(TRIAL_KIND, {trial.id: updated.to_record()})
    return updated


def end_trial(diary: Diary, today: dt.date) -> Trial:
    """End the running trial early: its result counts the mornings up to ``today``, and is labelled so."""
    return _change_current(diary, today, "end")


def cancel_trial(diary: Diary, today: dt.date) -> Trial:
    """Cancel the planned or running trial, or one whose nights are all over with none logged: no result."""
    return _change_current(diary, today, "cancel")


def without_other_trials(
    entries: Sequence[Entry], trials: Sequence[Trial], trial: Trial | None = None
) -> list[Entry]:
    """``entries`` without the mornings of every trial in ``trials`` but ``trial``.

    A trial switched its conditions on purpose, so its mornings would pass for
    day-to-day noise where a plan or a result learns the noise from the
    mornings before it (an earlier mattress trial's effect made the next plan
    ask for far more nights than needed).
    """
    others = [t for t in trials if trial is None or t.id != trial.id]
    # Only the nights each one ran (up to an early end or a cancellation), and never ``trial``'s own: one
    # trial runs at a time, so a night on both calendars is the later trial's, after the earlier stopped.
    taken = {n.date for t in others for n in schedule(t) if n.date <= t.last_counted}
    if trial is not None:
        taken -= {n.date for n in schedule(trial)}
    return [e for e in entries if e.date not in taken] if taken else list(entries)


def trial_answer(
    diary: Diary, trial: Trial, today: dt.date, entries: Sequence[Entry] | None = None
) -> TrialResult:
    """``trial``'s state and answer, its noise learnt without the mornings of the diary's other trials."""
    from .judge import trial_result

    found = diary.entries() if entries is None else entries
    return trial_result(trial, without_other_trials(found, all_trials(diary), trial), today)


def finished_results(diary: Diary, today: dt.date) -> list[TrialResult]:
    """The answers of every finished or early-ended trial, most recent first (the report shows them)."""
    trials = all_trials(diary)
    if not trials:
        return []  # most diaries: no need to read every entry
    entries = diary.entries()
    logged = [e.date for e in entries]
    done = [t for t in trials if t.status(logged, today) in ("finished", "ended_early")]
    return [trial_answer(diary, t, today, entries) for t in reversed(done)]
