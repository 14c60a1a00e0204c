"""A trial whose conditions do nothing, judged over thousands of simulated diaries: false verdicts at most 5 %."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from diary.trials import diary_noise, schedule, trial_result
from diary.trials.power import detectable
from tests.trial_simulation import Scenario, simulate


@pytest.mark.slow
@pytest.mark.parametrize(
    ("scenario", "seeds", "limit"),
    [
        (Scenario(pre_days=45), range(2000, 4000), 0.05),
        (Scenario(pre_days=90), range(2000, 4000), 0.05),
        (Scenario(pairs=6, block=1, washout=0, phi=0.0, pre_days=15), range(2000), 0.065),
    ],
    ids=["weeks, 45 days before", "weeks, 90 days before", "night by night, no carry-over"],
)
def test_a_trial_of_conditions_that_do_nothing_gives_a_verdict_about_5_percent_of_the_time(
    scenario: Scenario, seeds: range, limit: float
) -> None:
    """Pain falling through the diary, a verdict for conditions that do nothing at most ``limit`` of the time.

    The default plan (three pairs of week-long periods), seeds 2000–3999: the carry-over learnt from a few
    months of mornings is a little low by chance as often as high, but too low narrows the interval more than
    too high widens it: it gave a verdict in 6 % of these diaries. Six pairs of single nights without
    carry-over, 15 mornings before, seeds 0–1999: neighbouring mornings are compared, so a carry-over taken too
    high narrows the interval instead (raising it, as for week-long periods, gave a verdict in about 10 %).
    """
    verdicts = 0
    for seed in seeds:
        trial, entries = simulate(scenario, seed)
        result = trial_result(trial, entries, trial.end + dt.timedelta(days=1))
        verdicts += result.verdict in ("a_better", "b_better")
    assert verdicts / len(seeds) <= limit, verdicts / len(seeds)


@pytest.mark.slow
def test_a_plan_s_own_figure_is_found_about_80_percent_of_the_time() -> None:
    """Seeds 0–399, 60 mornings before the default plan, the true difference each plan's own figure.

    The plan took the carry-over as learnt, while the answer allows for it being learnt a little low: a plan's
    figure was found in 70 % of such diaries.
    """
    scenario = Scenario(pre_days=60, phi=0.4)
    found = []
    for seed in range(400):
        trial, entries = simulate(scenario, seed)
        reach = detectable(schedule(trial), diary_noise(entries, trial.start))
        trial, entries = simulate(replace(scenario, effect=reach), seed)  # the same mornings before it
        found.append(trial_result(trial, entries, trial.end + dt.timedelta(days=1)).verdict == "a_better")
    assert 0.72 <= sum(found) / len(found) <= 0.9, sum(found) / len(found)
