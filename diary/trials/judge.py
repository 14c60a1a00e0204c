"""A trial's answer as the person reads it: its state, and once it is over, the verdict in plain words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..entry import Entry
from .plan import Trial, ended_early
from .result import TrialResult, enough_nights, estimate, night_logs, verdict_of
from .text import not_enough_notes, result_notes, result_sentence, waiting_sentence


def trial_result(trial: Trial, entries: Sequence[Entry], today: dt.date) -> TrialResult:
    """The trial's state and, once it has finished or was ended early, its answer."""
    logs = night_logs(trial, entries)
    status = trial.status([e.date for e in entries], today)
    result = TrialResult(trial, status, logs, None, None, "")
    if status in ("planned", "running", "cancelled"):
        return TrialResult(trial, status, logs, None, None, waiting_sentence(result, today))
    used = result.used
    if not enough_nights(trial, used):
        said = result_sentence(result, None)
        return TrialResult(trial, status, logs, None, "not_enough_nights", said, not_enough_notes(result))
    est = estimate(trial, entries, used)
    done = TrialResult(trial, status, logs, est, verdict_of(est), "")
    return TrialResult(
        trial, status, logs, est, done.verdict, result_sentence(done, est), result_notes(done, est)
    )


def answer_if_ended(trial: Trial, entries: Sequence[Entry], today: dt.date) -> TrialResult:
    """What ending ``trial`` early today would answer, the trial itself left as it is (End early's question)."""
    return trial_result(ended_early(trial, today), entries, today)
