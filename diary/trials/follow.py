"""Following a trial night by night: tonight's condition, progress and adherence so far (never the answer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..entry import Entry
from ..wording import day_label, plural
from .plan import Night, Trial, night_on
from .result import night_logs
from .text import LOGGED_ONLY, WASHOUT_MARK, condition_words

WASHOUT_NIGHT = f"{WASHOUT_MARK}, not counted"
"""What a washout night is, wherever a night of the plan is named."""


@dataclass(frozen=True)
class Progress:
    """Where a trial stands on a given morning."""

    trial: Trial
    morning: dt.date
    last_night: Night | None  # the night that ended this morning (what the form fills in)
    tonight: Night | None  # the night that ends tomorrow morning
    logged: int
    followed: int
    deviations: list[tuple[dt.date, str, str | None]]  # (morning, planned, logged)
    morning_logged: bool = False  # this morning's pain is in the diary

    @property
    def night_number(self) -> int | None:
        night = self.last_night or self.tonight
        if night is None:
            return None
        return (night.date - self.trial.start).days + 1

    def headline(self) -> str:
        """ "Trial night 9 of 42 was last night (pair 2, Foam, night 2 of 7: getting used to it)." (the night
        that ended this morning: beside "Tonight: …", a bare number read as tonight's)"""
        night = self.last_night
        total = self.trial.nights_planned
        if night is None:
            if self.tonight is not None:
                return f"Your trial starts tonight: night 1 of {total}."
            return "No trial night this morning."
        number = (night.date - self.trial.start).days + 1
        text = (
            f"Trial night {number} of {total} was last night (pair {night.pair}, "
            f"{condition_words(self.trial, night.value)}, "
            f"night {night.night} of {self.trial.block}"
        )
        return text + (f": {WASHOUT_NIGHT})." if night.washout else ").")

    def tonight_text(self) -> str:
        if self.tonight is None and self.morning < self.trial.start:
            return f"The trial's first night ends on the morning of {day_label(self.trial.start)}."
        if self.tonight is None and self.morning > self.trial.end:
            return (
                f"The trial's nights are over: log its last morning ({day_label(self.trial.end)}) to see "
                f"the result, or see it now, {LOGGED_ONLY}."
            )
        if self.tonight is None and self.morning_logged:
            return "That was the trial's last night, and this morning is logged: the trial is over, its result ready."
        if self.tonight is None:
            return "The trial's last night is behind you: log this morning to finish it."
        words = condition_words(self.trial, self.tonight.value)
        switch = self.last_night is not None and self.last_night.condition != self.tonight.condition
        return f"Tonight: {words}" + (" — a change from last night." if switch else ".")

    def adherence_text(self) -> str:
        if not self.logged:
            return "No trial night logged yet."
        text = f"{self.followed} of {plural(self.logged, 'logged night')} followed the plan"
        if self.deviations:
            shown = ", ".join(day_label(day) for day, _, _ in self.deviations[:3])
            more = len(self.deviations) - 3
            text += f"; not followed on {shown}" + (f" and {more} more" if more > 0 else "")
            text += (
                " (it still counts as planned)"
                if len(self.deviations) == 1
                else " (they still count as planned)"
            )
        return text + "."


def progress(trial: Trial, morning: dt.date, entries: Sequence[Entry]) -> Progress:
    """The trial as seen on ``morning``: the night it ends, tonight's, and what was followed so far."""
    logs = [n for n in night_logs(trial, entries) if n.night.date <= morning and n.pain is not None]
    known = [n for n in logs if n.follows is not None]
    return Progress(
        trial=trial,
        morning=morning,
        last_night=night_on(trial, morning),
        tonight=night_on(trial, morning + dt.timedelta(days=1)),
        logged=len(known),
        followed=sum(1 for n in known if n.follows),
        deviations=[(n.night.date, n.night.value, n.logged_value) for n in known if not n.follows],
        morning_logged=any(n.night.date == morning for n in logs),
    )
