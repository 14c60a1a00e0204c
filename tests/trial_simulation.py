"""Simulated trials: a diary before the trial and the trial's nights, with known truth.

Morning pain = a level that drifts, a condition effect on the nights actually
slept on B, and AR(1) noise that carries over from one morning to the next.
About 1 night in 10 is slept on the other condition than planned, and about 1
in 10 is not logged, as in everyday use; the morning after the trial is logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from diary.entry import Entry
from diary.trials import Trial, new_trial, schedule

START = dt.date(2025, 6, 2)


@dataclass(frozen=True)
class Scenario:
    effect: float = 0.0  # B − A on the nights actually slept on B
    pairs: int = 3
    block: int = 7
    washout: int = 2
    pre_days: int = 90  # diary mornings before the trial
    drift: float = -1.5  # change in the pain level over the whole diary (a steady recovery)
    off_plan: float = 0.1
    missing: float = 0.1
    phi: float = 0.6
    sd: float = 1.2  # stationary day-to-day standard deviation
    step: float = 0.0  # a sudden lasting change in pain for another reason (an injury healing, a new job) ...
    step_night: int = 0  # ... from this night of the trial (counted from 0)


def simulate(scenario: Scenario, seed: int) -> tuple[Trial, list[Entry]]:
    rng = np.random.default_rng(seed)
    trial = new_trial(
        "mattress", "Old", "Foam", pairs=scenario.pairs, block=scenario.block, washout=scenario.washout,
        start=START, seed=int(rng.integers(2**31)),
    )  # fmt: skip
    nights = schedule(trial)
    total = scenario.pre_days + len(nights)
    noise = np.empty(total)
    noise[0] = rng.normal(0, scenario.sd)
    innovation = scenario.sd * np.sqrt(1 - scenario.phi**2)
    for i in range(1, total):
        noise[i] = scenario.phi * noise[i - 1] + rng.normal(0, innovation)
    level = 5.0 + scenario.drift * np.arange(total) / total
    level[scenario.pre_days + scenario.step_night :] += scenario.step
    first = START - dt.timedelta(days=scenario.pre_days)
    entries = []
    for i in range(total):
        if rng.random() < scenario.missing:
            continue
        slept, effect = "Old", 0.0
        if i >= scenario.pre_days:
            condition = nights[i - scenario.pre_days].condition
            if rng.random() < scenario.off_plan:
                condition = "a" if condition == "b" else "b"
            slept = "Old" if condition == "a" else "Foam"
            effect = scenario.effect if condition == "b" else 0.0
        pain = int(np.clip(np.round(level[i] + noise[i] + effect), 0, 10))
        entries.append(Entry(date=first + dt.timedelta(days=i), pain=pain, mattress=slept))
    # The diary goes on after the trial (a morning drawn from no random number, so every draw above stays as
    # it was): a trial whose last morning went unlogged is over all the same.
    after = Entry(date=trial.end + dt.timedelta(days=1), pain=entries[-1].pain, mattress="Old")
    return trial, [*entries, after]
