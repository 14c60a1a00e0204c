"""A plan as the person sees it before starting: its calendar and what it can find."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..entry import Entry
from ..wording import day_label
from .noise import MIN_PRE_TRIAL_DAYS, Noise, diary_noise, mornings_before
from .plan import Night, Trial, new_mattresses, schedule
from .power import Option, chance_to_find, detectable, options, suggested_pairs
from .text import (
    condition_words,
    few_mornings_sentence,
    night_cell,
    noise_sentence,
    options_sentence,
    orders_sentence,
    over_already_sentence,
    plan_heading,
    reach_sentence,
    rounded_up,
    today_marked,
)


@dataclass(frozen=True)
class PlanPreview:
    """A drawn plan with its reach in this diary's own numbers."""

    trial: Trial
    nights: list[Night]
    noise: Noise
    detectable: float
    chance_15: float  # how often it finds a 1.5-point difference
    options: list[Option]
    suggested: int  # pairs (with this block) that find a 1-point difference, or the most allowed
    new_names: list[str]  # mattress names the diary has never logged
    mornings_before: int  # logged in the noise window before the first morning (the result learns from them)
    over: bool = False  # every night of the plan was over when it was drawn

    def sentences(self) -> list[str]:
        lines = [plan_heading(self.trial) + "."]
        for name in self.new_names:
            lines.append(f"'{name}' is a new mattress name in your diary: it will be used as written.")
        if self.over:
            lines.append(over_already_sentence(self.trial))
        lines.append(noise_sentence(self.noise))
        if self.mornings_before < MIN_PRE_TRIAL_DAYS:
            lines.append(few_mornings_sentence(self.mornings_before, self.trial.start))
        lines.append(reach_sentence(self.trial, self.detectable, self.chance_15))
        orders = orders_sentence(self.trial)
        if orders:
            lines.append(orders)
        lines.append(
            options_sentence(self.trial, self.options, self.suggested, from_diary=self.noise.from_diary)
        )
        return lines

    def to_json(self) -> dict[str, object]:
        """``trial plan --json`` (DESIGN "Self-experiments"), with the noise and options after the required fields."""
        trial = self.trial
        return {
            "id": trial.id,
            "factor": trial.factor,
            "a": trial.a,
            "b": trial.b,
            "pairs": trial.pairs,
            "block": trial.block,
            "washout": trial.washout,
            "seed": trial.seed,
            "start": trial.start.isoformat(),
            "end": trial.end.isoformat(),
            "detectable": rounded_up(self.detectable, 2),
            "schedule": [n.to_json() for n in self.nights],
            "chance_to_find_1_5": round(self.chance_15, 3),
            "noise": {
                "sd": round(self.noise.sd, 3),
                "autocorrelation": round(self.noise.phi, 3),
                "days": self.noise.days,
                "from_diary": self.noise.from_diary,
            },
            "options": [
                {
                    "pairs": o.pairs,
                    "block": o.block,
                    "washout": o.washout,
                    "detectable": rounded_up(o.detectable, 2),
                }
                for o in self.options
            ],
            "suggested_pairs": self.suggested,
            "new_names": self.new_names,
            "sentences": self.sentences(),
        }


def preview_plan(
    trial: Trial,
    entries: Sequence[Entry],
    *,
    with_options: bool = True,
    known: Iterable[str] | None = None,
    today: dt.date | None = None,
) -> PlanPreview:
    """The plan's calendar, this diary's noise, and what the plan (and bigger ones) can find.

    ``entries``: the diary's, or at least those of ``noise_window(trial.start)``
    (the noise is learnt from them); ``known``: the
    mattress names the diary has logged (from ``entries`` when not given); ``today``: to say when
    every night of the plan is over already.
    """
    noise = diary_noise(entries, trial.start)
    nights = schedule(trial)
    if known is None:
        known = {e.mattress for e in entries if e.mattress}
    reach = detectable(nights, noise)
    suggested = suggested_pairs(trial, noise) if with_options else trial.pairs
    return PlanPreview(
        trial=trial,
        nights=nights,
        noise=noise,
        detectable=reach,
        chance_15=chance_to_find(1.5, nights, noise),
        options=options(trial, noise, reach, suggested) if with_options else [],
        suggested=suggested,
        new_names=new_mattresses(trial.factor, trial.a, trial.b, known),
        mornings_before=len(mornings_before(entries, trial.start)),
        over=today is not None and trial.end < today,
    )


CALENDAR_COLUMNS = ("pair", "morning", "night")
"""The calendar table's columns, narrowest first, so that a phone shows them all (their headings: the page's)."""


def calendar_rows(
    trial: Trial, nights: Sequence[Night], today: dt.date | None = None
) -> list[dict[str, object]]:
    """The schedule as table rows (``CALENDAR_COLUMNS``): the pair, the morning (today's marked), and the night's
    condition, an adaptation night marked as such. A mattress, position or pillow is named as logged; a yes/no
    condition in words ("legs raised", "without topper"), never as "true" or "false"."""
    return [
        {
            "pair": n.pair,
            "morning": today_marked(n.date) if n.date == today else day_label(n.date),
            "night": night_cell(
                n.condition, condition_words(trial, n.value) if trial.yes_no else n.value, washout=n.washout
            ),
        }
        for n in nights
    ]
