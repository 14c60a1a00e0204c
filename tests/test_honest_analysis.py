"""Honest answers when pain drifts, weeks have rhythms, exertion lags and pills follow pain.

Each situation of ``tests/situations.py`` fooled the analysis once: natural
recovery credited to a mattress switch, work days' pain credited to sitting,
real effects shrunk by a painkiller taken for the morning's pain, lag 1 and 3
flagged for a 2-day lag, a trip hiding the weak-evidence note, a week back on
the old mattress thrown away and asked for again. The slow tests run each
over many seeds (stated in each) and check that the analysis is right about
as often as it says it is: 95 % intervals cover the truth as often as chance
allows, and a factor that does nothing is called an effect no more often than
5 % allows (binomial bounds, each broken by chance less than 1 time in 1000).
The quick tests check the words and the JSON on single diaries.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pytest
from scipy.stats import binom

from diary.analysis import Analysis, FactorEffect, Switch, analyze, to_json
from diary.analysis.calendar import daily_calendar
from diary.analysis.switches import measure, switches_in
from diary.analysis.text import estimate_text, size_words
from diary.entry import parse_entry
from diary.entry.frame import entries_frame
from diary.sample import sample_entries
from diary.wording import day_label

from . import situations
from .situations import Simulated

CHANCE = 0.001  # a correct analysis breaks each bound below less often than this


def fewest_covered(n: int, level: float = 0.95) -> int:
    """The fewest of ``n`` correct ``level`` intervals that cover the truth, give or take chance."""
    return int(binom.ppf(CHANCE, n, level))


def most_called(n: int, rate: float = 0.05) -> int:
    """The most of ``n`` factors that do nothing a correct 5 % test calls an effect, give or take chance."""
    return int(binom.isf(CHANCE, n, rate))


def covers(lo: float | None, hi: float | None, truth: float) -> bool:
    return lo is not None and hi is not None and lo <= truth <= hi


def excludes_zero(lo: float | None, hi: float | None) -> bool:
    return lo is not None and hi is not None and (lo > 0 or hi < 0)


def runs(make: Callable[[int], Simulated], seeds: Iterable[int]) -> list[tuple[Simulated, Analysis]]:
    return [(sim, analyze(sim.frame)) for sim in map(make, seeds)]


def factor(result: Analysis, factor_id: str) -> FactorEffect:
    return next(f for f in result.factors if f.id == factor_id)


def mattress_switch(result: Analysis) -> Switch:
    (switch,) = [s for s in result.switches if s.what == "mattress"]
    return switch


def first_logged(sim: Simulated) -> dt.date:
    """The first morning logged on the new mattress (the switch's own morning may have been skipped)."""
    assert sim.switch is not None
    dates = sim.frame["date"].dt.date
    return min(d for d in dates if d >= sim.switch)


def everything_said(result: Analysis) -> str:
    lines = [result.summary]
    lines += [f.sentence + " " + (f.note or "") for f in result.factors]
    lines += [s.sentence for s in result.switches]
    return " ".join(lines)


# -- over many diaries -------------------------------------------------------------------


@pytest.mark.slow
def test_natural_recovery_is_not_credited_to_a_switch_that_does_nothing() -> None:
    """Seeds 3000–3089 (30 of each curve): the switch's interval covers 0 and the soft mattress is rarely called.

    A straight trend once covered 0 in 57 % of these diaries and called the soft
    mattress worse in 23 %.
    """
    found = runs(situations.recovery, range(3000, 3090))
    switches = [mattress_switch(result) for _, result in found]
    assert all(s.difference is not None for s in switches)
    assert sum(covers(s.ci_low, s.ci_high, 0.0) for s in switches) >= fewest_covered(len(switches))
    assert sum(excludes_zero(s.ci_low, s.ci_high) for s in switches) <= most_called(len(switches))
    soft = [factor(result, "firmness:soft") for _, result in found]
    estimated = [f for f in soft if f.estimated]
    assert len(estimated) == len(soft)
    assert sum(f.verdict in ("worse", "better") for f in estimated) <= most_called(len(estimated))
    assert sum(covers(f.ci_low, f.ci_high, 0.0) for f in estimated) >= fewest_covered(len(estimated))
    unclear = [f for f in estimated if f.verdict == "unclear"]
    # Its interval holding 0, the step is put down to the trend; clear of 0 (the trend free to bend there
    # too), only the correction for many factors holds it back, and the sentence says that instead.
    held = [f for f in unclear if covers(f.ci_low, f.ci_high, 0.0)]
    assert held and all(
        "cannot be told apart from how your pain was going anyway" in f.sentence for f in held
    )
    corrected = [f for f in unclear if not covers(f.ci_low, f.ci_high, 0.0)]
    assert all("not clear enough with this many factors" in f.sentence for f in corrected)


@pytest.mark.slow
def test_natural_recovery_is_not_credited_to_stress_that_ended_with_it() -> None:
    """Seeds 3400–3459 (20 of each curve): stress high until pain turns to ease, none after, doing nothing.

    Its interval covers 0 as often as chance allows, it is rarely called, and every one carries the note.
    """
    found = runs(situations.stress_ends, range(3400, 3460))
    stress = [factor(result, "stress") for _, result in found]
    assert all(f.estimated and f.changes == 1 and f.note for f in stress)
    assert sum(f.verdict in ("worse", "better") for f in stress) <= most_called(len(stress))
    assert sum(covers(f.ci_low, f.ci_high, 0.0) for f in stress) >= fewest_covered(len(stress))


@pytest.mark.slow
def test_a_weekly_rhythm_is_not_credited_to_sitting() -> None:
    """Seeds 3100–3159: work days mean more sitting and more pain; sitting itself is rarely called.

    Without day-of-week terms sitting was called worse in every one of these diaries.
    """
    found = runs(situations.weekday, range(3100, 3160))
    sitting = [factor(result, "sitting_hours") for _, result in found]
    assert sum(f.verdict in ("worse", "better") for f in sitting) <= most_called(len(sitting))
    estimated = [(sim, f) for sim, result in found for f in result.factors if f.estimated]
    hits = sum(covers(f.ci_low, f.ci_high, sim.truth[f.id]) for sim, f in estimated)
    assert hits >= fewest_covered(len(estimated))


def sparse(frame: Any, seed: int, *, days: int = 91, kept: float = 0.42) -> Any:
    """The first ``days`` mornings of ``frame``, about ``kept`` of them logged (drawn with ``seed``)."""
    rng = np.random.default_rng(seed)
    head = frame.iloc[:days]
    return head[rng.random(len(head)) < kept]


@pytest.mark.slow
def test_a_weekly_rhythm_in_a_diary_kept_every_other_day_is_not_credited_to_sitting() -> None:
    """Seeds 3300–3359: three months, about 4 mornings in 10 logged (30–45 days used, verdicts firm).

    With six weeks' worth of days asked for before the weekdays came in, such diaries had none, and
    sitting was called worse in about 2 of 5.
    """
    found = [analyze(sparse(situations.weekday(seed).frame, seed)) for seed in range(3300, 3360)]
    assert sum(result.time_terms.day_of_week for result in found) >= 55  # the few under 28 days: exploratory
    sitting = [factor(result, "sitting_hours") for result in found]
    assert sum(f.verdict in ("worse", "better") for f in sitting) <= most_called(len(sitting))


@pytest.mark.slow
def test_a_pill_taken_for_the_mornings_pain_does_not_shrink_real_effects() -> None:
    """Seeds 3200–3259: real effects keep their size and their intervals cover them.

    Allowing for the painkiller shrank exertion from 0.7 to about 0.62 and stomach
    sleeping from 1.5 to about 1.3 on these diaries, and real-effect intervals
    covered the truth 86 % of the time.
    """
    found = runs(situations.pills, range(3200, 3260))
    real = [(sim, f) for sim, result in found for f in result.factors if f.estimated and sim.truth.get(f.id)]
    assert sum(covers(f.ci_low, f.ci_high, sim.truth[f.id]) for sim, f in real) >= fewest_covered(len(real))
    for factor_id, truth in (("exertion", 0.7), ("position:stomach", 1.5)):
        estimates = np.array([factor(result, factor_id).estimate for _, result in found], dtype=float)
        standard_error = estimates.std(ddof=1) / np.sqrt(len(estimates))
        assert abs(estimates.mean() - truth) < 4 * standard_error, factor_id  # chance: under 1 in 10,000
    assert all("painkiller" not in {f.id for f in result.factors} for _, result in found)


@pytest.mark.slow
def test_a_two_day_lag_is_found_without_flagging_its_neighbours() -> None:
    """Seeds 3300–3359: exertion acts two days later only, and busy days come in runs.

    Fitted one lag at a time, lag 1 and lag 3 were each flagged in 1 diary in 4.
    """
    found = runs(situations.exertion_lag, range(3300, 3360))
    lags = [{lag.lag: lag for lag in result.lags} for _, result in found]
    neighbours = [lag[n] for lag in lags for n in (1, 3)]
    assert sum(lag.clear for lag in neighbours) <= most_called(len(neighbours))
    assert sum(lag[2].clear for lag in lags) >= 0.8 * len(lags)
    every = [(sim, lag) for (sim, _), by_lag in zip(found, lags, strict=True) for lag in by_lag.values()]
    assert sum(covers(lag.ci_low, lag.ci_high, sim.lags[lag.lag]) for sim, lag in every) >= fewest_covered(
        len(every)
    )


@pytest.mark.slow
def test_a_two_day_lag_with_mornings_skipped_is_not_passed_to_its_neighbours() -> None:
    """Seeds 3700–3849: one morning in five not logged, busy spells that last (8 times in 10), a 2-day lag.

    A skipped morning leaves exertion unknown for the day before it. Filled in at its mean for the lags,
    lags 1 and 3 took part of lag 2's effect: they were flagged in about 1 diary in 8, and the lags'
    intervals covered the truth in 80–86 % of these diaries.
    """
    diaries = runs(lambda s: situations.exertion_lag(s, 0.7, lasting=0.8, skipped=0.2), range(3700, 3850))
    found = [(sim, result) for sim, result in diaries if all(lag.estimate is not None for lag in result.lags)]
    assert len(found) >= 0.95 * len(diaries)
    lags = [{lag.lag: lag for lag in result.lags} for _, result in found]
    neighbours = [lag[n] for lag in lags for n in (1, 3)]
    assert sum(lag.q is not None and lag.q < 0.05 for lag in neighbours) <= most_called(len(neighbours))
    assert sum(lag[2].clear for lag in lags) >= 0.8 * len(lags)
    every = [(sim, lag) for (sim, _), by_lag in zip(found, lags, strict=True) for lag in by_lag.values()]
    covered = sum(covers(lag.ci_low, lag.ci_high, sim.lags[lag.lag]) for sim, lag in every)
    assert covered >= fewest_covered(len(every))
    # Every factor keeps its own days: the lags' mornings are at most the factors' (fewer where some are blank).
    fewer = [factor(result, "exertion").n - result.lags[0].n for _, result in found]
    assert min(fewer) >= 0 and sum(n > 0 for n in fewer) >= len(fewer) / 2


@pytest.mark.slow
def test_a_week_back_on_the_old_mattress_is_pooled_and_honest() -> None:
    """Seeds 3400–3459, pain easing by itself: no effect and a real one (1.2 points), with a week back.

    The before/after pools the week back (its nights are on the "before" side)
    and its intervals cover the truth as often as chance allows.
    """
    found = runs(lambda s: situations.switch_back(s, s % 2 * 1.2, recovering=True), range(3400, 3460))
    switches = [(sim, mattress_switch(result)) for sim, result in found]
    assert all(len(s.returns) == 1 for _, s in switches)
    hits = sum(covers(s.ci_low, s.ci_high, -sim.truth["firmness:soft"]) for sim, s in switches)
    assert hits >= fewest_covered(len(switches))
    nulls = [s for sim, s in switches if sim.truth["firmness:soft"] == 0]
    assert sum(excludes_zero(s.ci_low, s.ci_high) for s in nulls) <= most_called(len(nulls))


@pytest.mark.slow
def test_a_switch_that_does_nothing_on_steady_pain_is_rarely_claimed() -> None:
    """Seeds 3500–3649: no trend, a switch that does nothing; its interval leaves out 0 as rarely as 5 % allows.

    The step's fit holds no logged factor, so their day-to-day effects look like
    noise that carries over less than pain does: with its own autocorrelation
    the interval left out 0 in about 7 % of such diaries (2 % with the main
    model's as its floor).
    """
    switches = [mattress_switch(result) for _, result in runs(situations.steady, range(3500, 3650))]
    assert sum(excludes_zero(s.ci_low, s.ci_high) for s in switches) <= most_called(len(switches))
    assert sum(covers(s.ci_low, s.ci_high, 0.0) for s in switches) >= fewest_covered(len(switches))


# -- one diary at a time -------------------------------------------------------------------


def test_a_switch_assumes_at_least_the_main_models_carry_over() -> None:
    """Seed 3000: the before/after's own autocorrelation is lower than the main model's, which it then uses.

    Its fit holds only the step and the time terms; what the logged factors do
    day to day stays in its noise, which then looks less carried over than it
    is, and the step surer than it is.
    """
    sim = situations.recovery(3000)
    result = analyze(sim.frame)
    cal = daily_calendar(sim.frame)
    (bare,) = [s for s in switches_in(cal) if s.what == "mattress"]
    own = measure(cal, bare)
    floored = measure(cal, bare, carry_over=result.autocorrelation)
    switch = mattress_switch(result)
    assert (switch.ci_low, switch.ci_high) == (floored.ci_low, floored.ci_high)
    assert (switch.adapted_ci_low, switch.adapted_ci_high) == (
        floored.adapted_ci_low,
        floored.adapted_ci_high,
    )
    assert own.ci_low is not None and own.ci_high is not None and switch.ci_low is not None
    assert switch.ci_high is not None and switch.ci_high - switch.ci_low > own.ci_high - own.ci_low
    # A floor below the step's own autocorrelation changes nothing.
    assert measure(cal, bare, carry_over=0.0).ci_low == own.ci_low


def test_a_step_the_trend_can_make_cannot_be_told_apart_from_how_pain_was_going() -> None:
    """Seed 4: pain builds to its worst when the new mattress comes, then eases; the mattress does nothing.

    A fit whose trend cannot bend at the switch calls the soft mattress worse on this diary; the
    analysis lets the trend bend there, so it is unclear and says why.
    """
    sim = situations.recovery(4)
    result = analyze(sim.frame)
    soft = factor(result, "firmness:soft")
    assert soft.verdict == "unclear"
    if covers(soft.ci_low, soft.ci_high, 0.0):  # the trend's bend explains the step
        assert "cannot be told apart from how your pain was going anyway" in soft.sentence
    else:  # it (only just) does not: what holds the verdict back is the correction for many factors
        assert "not clear enough with this many factors" in soft.sentence
    assert soft.changes == 1 and soft.note is not None and "switch back for a week" in soft.note
    assert result.time_terms.bends == (first_logged(sim),)


def test_a_scale_that_changed_once_with_the_curve_is_weak_evidence() -> None:
    """Seed 4: months of high stress end as pain turns to ease; the stress does nothing.

    A step of a scale is weighed as a mattress's is: the trend bends there, and the note says one
    change is weak evidence (the note was kept for yes/no factors, and the trend bent only for them).
    """
    sim = situations.stress_ends(4)
    result = analyze(sim.frame)
    stress = factor(result, "stress")
    assert stress.changes == 1
    assert stress.note is not None and f"Changed only once ({day_label(first_logged(sim))})" in stress.note
    assert "go back to how it was for a week" in stress.note
    assert result.time_terms.bends == (first_logged(sim),)


def test_a_trip_on_another_bed_is_a_visit_not_a_change() -> None:
    """Seeds 0–4: one switch and an eight-night hotel trip count as one change, and the note stays."""
    for seed in range(5):
        sim = situations.trip(seed)
        result = analyze(sim.frame)
        soft = factor(result, "firmness:soft")
        assert soft.changes == 1, seed
        assert soft.note is not None and f"Changed only once ({day_label(first_logged(sim))})" in soft.note, (
            seed
        )
        assert [s.date for s in result.switches if s.what == "mattress"] == [first_logged(sim)], seed


def test_a_week_back_is_never_asked_for_again() -> None:
    """Seed 7: the week back on the old mattress is in the comparison, and no sentence asks for one."""
    sim = situations.switch_back(7)
    result = analyze(sim.frame)
    switch = mattress_switch(result)
    week = (situations.START + dt.timedelta(days=140), situations.START + dt.timedelta(days=146))
    assert len(switch.returns) == 1 and week[0] <= switch.returns[0][0] <= switch.returns[0][1] <= week[1]
    back = int(((sim.frame["date"].dt.date >= week[0]) & (sim.frame["date"].dt.date <= week[1])).sum())
    old = int((sim.frame["mattress"] == "Old mattress").sum())
    assert switch.n_before == old and back >= 5  # the week back is on the "before" side
    assert "switch back" not in everything_said(result)
    soft = factor(result, "firmness:soft")
    assert soft.changes == 1 and soft.note is not None and "counts in the comparison" in soft.note


def test_the_painkiller_check_is_mentioned_only_where_it_changes_a_verdict() -> None:
    """Seed 2: allowing for the pills would make the warm bath unclear; that factor's note says so, no other."""
    result = analyze(situations.pills(2).frame)
    check = result.painkiller_check
    assert check is not None and check.changed == ("warm_bath",)
    for f in result.factors:
        mentioned = "painkiller" in (f.note or "")
        assert mentioned == (f.id in check.changed), f.id
    bath = factor(result, "warm_bath")
    assert bath.with_painkiller is not None and bath.with_painkiller.verdict == "unclear"
    assert "Allowing for painkiller days as well, this would be unclear" in (bath.note or "")
    assert "painkiller" not in {f.id for f in result.factors}


def test_lags_with_too_few_mornings_after_three_logged_days_have_no_numbers() -> None:
    """Seed 11: exertion logged on 7 mornings in 10 over 60 days, so known on each of the three days before
    only about a third of the mornings: too few for the lags, which are listed without numbers, while
    exertion the day before is still judged among the factors on every morning it was logged."""
    rng = np.random.default_rng(11)
    rows = []
    for i in range(60):
        row = {"date": (situations.START + dt.timedelta(days=i)).isoformat(), "pain": int(rng.integers(2, 8))}
        if rng.random() < 0.7:
            row["exertion"] = str(rng.choice(["rest", "light", "moderate", "heavy"]))
        rows.append(parse_entry(row, check_future=False))
    result = analyze(entries_frame(rows))
    assert [lag.estimate for lag in result.lags] == [None, None, None]
    assert all(lag.n < 30 and "not judged yet" in lag.sentence for lag in result.lags)
    exertion = factor(result, "exertion")
    assert exertion.estimated and exertion.n == sum(r.exertion is not None for r in rows)


def test_day_of_week_terms_from_eight_weeks() -> None:
    short = analyze(situations.weekday(1).frame.iloc[:50])
    long = analyze(situations.weekday(1).frame)
    assert not short.time_terms.day_of_week and long.time_terms.day_of_week


def test_under_eight_weeks_a_factor_that_goes_with_the_week_is_exploratory() -> None:
    """Sitting on work days, pain worse after them: under eight weeks no weekly rhythm is in the fit, so a
    verdict on sitting is held loosely and said so (it was called worse, firmly, in about 1 diary in 4)."""
    for seed in range(3):
        short = analyze(situations.weekday(seed).frame.iloc[:42])
        sitting = factor(short, "sitting_hours")
        assert sitting.exploratory and sitting.sentence.startswith(
            "Exploratory (it goes with the day of the week"
        )
        assert all(not f.exploratory for f in short.factors if f.id in ("alcohol", "stress"))
        if sitting.verdict in ("worse", "better"):
            assert f"{sitting.label} (exploratory)" in short.summary
        long = factor(analyze(situations.weekday(seed).frame), "sitting_hours")
        assert not long.exploratory  # the weekdays are in the fit


@pytest.mark.parametrize("days", [56, 57])
def test_exactly_eight_weeks_logged_every_day_bring_the_weekdays_in(days: int) -> None:
    """The lags cannot be known for the diary's first two days: that must not put eight weeks under 56 days."""
    frame = situations.weekday(1).frame.iloc[:days]
    assert analyze(frame).time_terms.day_of_week


def test_a_factor_left_blank_in_the_first_days_does_not_keep_the_weekdays_out() -> None:
    """Eight weeks logged every day, exertion blank on the first three: its lags start later, the diary does not."""
    rng = np.random.default_rng(3)
    start = dt.date(2025, 1, 6)
    rows = [
        {
            "date": (start + dt.timedelta(days=i)).isoformat(),
            "pain": int(rng.integers(2, 8)),
            "exertion": ["rest", "light", "moderate", "heavy"][int(rng.integers(0, 4))] if i >= 3 else "",
            "sitting_hours": float(rng.integers(2, 9)),
            "alcohol": bool(rng.random() < 0.3),
        }
        for i in range(56)
    ]
    frame = entries_frame([parse_entry(row, today=start + dt.timedelta(days=60)) for row in rows])
    assert analyze(frame).time_terms.day_of_week


def test_a_diary_kept_every_other_day_for_three_months_has_the_weekdays() -> None:
    frame = sparse(situations.weekday(5).frame, 5)
    assert 30 <= len(frame) < 42
    assert analyze(frame).time_terms.day_of_week


def test_eight_weeks_are_counted_on_the_calendar() -> None:
    """Nine weeks with a few mornings not logged: the days used fall under 56, the weekdays still come in."""
    frame = situations.weekday(3).frame.iloc[:63]
    frame = frame.drop(frame.index[[20, 45]])  # two skipped mornings, and the lags' columns lose more
    assert analyze(frame).time_terms.day_of_week


# -- words --------------------------------------------------------------------------------


def test_less_than_the_noticed_change_only_when_the_whole_interval_is() -> None:
    assert size_words(0.8, 1.9) == "less than the 2-point change people notice"
    assert (
        size_words(0.8, 2.4) == "could be as large as 2.4 points, more than the 2-point change people notice"
    )
    assert (
        size_words(-2.4, -0.8)
        == "could be as large as 2.4 points, more than the 2-point change people notice"
    )
    assert size_words(2.1, 3.0) == "at least the 2-point change people notice"
    assert size_words(0.8, 1.96) == "could be as large as the 2-point change people notice"  # written "2.0"
    assert size_words(-0.3, 1.94) == "less than the 2-point change people notice"  # unclear, written "1.9"


def test_a_changed_once_factor_clear_of_zero_is_held_back_by_the_correction_not_the_trend() -> None:
    """Unclear with an interval clear of 0: the step survived the trend's bend, so the trend is not blamed."""

    from diary.analysis.candidates import Candidate
    from diary.analysis.text import effect_sentence

    soft = Candidate(
        "firmness:soft", "a soft mattress", "Mornings after a soft mattress", "indicator", np.zeros(3)
    )
    switch = (dt.date(2025, 5, 24),)
    held = effect_sentence(soft, 1.3, 0.2, 2.5, "unclear", "pain", changed_on=switch)
    assert "not clear enough with this many factors" in held and "anyway" not in held
    # A range all on one side beside "not clear": why, so a tired reader does not take it for "worse".
    assert "since among many factors one or two lean one way by chance alone." in held
    spans_zero = effect_sentence(soft, 0.6, -0.4, 1.6, "unclear", "pain", changed_on=switch)
    assert "cannot be told apart from how your pain was going anyway" in spans_zero
    assert day_label(switch[0]) in spans_zero


def test_a_difference_that_is_not_clear_is_still_set_beside_the_noticed_change() -> None:
    """ "No clear difference" says too how large it could be, beside the 2 points people notice."""
    from diary.analysis.candidates import Candidate
    from diary.analysis.text import effect_sentence

    soft = Candidate(
        "firmness:soft", "a soft mattress", "Mornings after a soft mattress", "indicator", np.zeros(3)
    )
    small = effect_sentence(soft, 0.6, -0.4, 1.6, "unclear", "pain")
    assert small.endswith("Either way, less than the 2-point change people notice.")
    wide = effect_sentence(soft, 4.0, -0.03, 8.2, "unclear", "pain")
    assert wide.endswith("Could be as large as 8.2 points, more than the 2-point change people notice.")
    stress = Candidate("stress", "stress", "Each step up in stress", "per step", np.zeros(3))
    steps = effect_sentence(stress, 0.1, -0.1, 0.3, "unclear", "pain")
    assert steps.endswith("From the lowest to the highest step: less than the 2-point change people notice.")
    assert "notice" not in effect_sentence(soft, 0.6, -0.4, 1.6, "unclear", "sleep_quality")


def test_no_jargon_in_the_plain_sentences() -> None:
    results = [analyze(entries_frame(sample_entries()))]
    results += [analyze(make(seed).frame) for make in situations.SITUATIONS.values() for seed in (0, 1)]
    for result in results:
        said = everything_said(result)
        for jargon in (
            "excludes 0",
            "anywhere from",
            "fits your data",
            "0.0 less",
            "0.0 more",
            "adjusted for",
            "fair",
        ):
            assert jargon not in said, jargon


def test_json_has_lags_the_painkiller_check_and_time_terms() -> None:
    result = analyze(situations.exertion_lag(0).frame)
    data = json.loads(json.dumps(to_json(result)))
    assert [lag["lag"] for lag in data["lags"]] == [1, 2, 3]
    for lag in data["lags"]:
        assert {"factor", "lag", "estimate", "ci_low", "ci_high", "q"} <= set(lag)
        assert lag["factor"] == "exertion"
    # Lag 1 is the exertion factor, from the same model on the mornings with all three days before known.
    exertion = next(f for f in data["factors"] if f["id"] == "exertion")
    assert data["lags"][0]["n"] < exertion["n"]  # one morning in twenty skipped: some mornings lack them
    whole = analyze(situations.exertion_lag(0, skipped=0.0).frame)
    assert factor(whole, "exertion").estimate == whole.lags[0].estimate  # none skipped: the very same fit
    assert data["painkiller_check"] is None  # this diary has no painkiller column
    assert data["time_terms"]["day_of_week"] is True and data["time_terms"]["trend_pieces"] >= 3
    for f in data["factors"]:
        assert {"id", "n", "raw", "estimate", "ci_low", "ci_high", "p", "q", "verdict", "sentence"} <= set(f)


def test_the_painkiller_check_adds_a_column_only_where_it_is_new() -> None:
    """The check's design: one more column, a blank-cell marker only when no column already explains it."""
    from diary.analysis.candidates import Candidate
    from diary.analysis.design import build_design

    rng = np.random.default_rng(7)  # seed for the factor values
    n = 120
    rows = np.ones(n, dtype=bool)
    day = np.arange(n, dtype=float)
    stress = rng.integers(0, 2, n).astype(float)
    stress[:10] = np.nan  # blank on the first ten days: a marker column for that pattern
    design = build_design(
        [Candidate("stress", "Stress", "Mornings after stress", "indicator", stress)], rows, day
    )
    assert design.names[-2:] == ["not recorded:stress", "stress"]

    def pill(values: np.ndarray) -> Candidate:
        return Candidate(
            "painkiller", "Painkiller", "Mornings after a painkiller", "indicator", values, "sensitivity"
        )

    blank_alike = rng.integers(0, 2, n).astype(float)
    blank_alike[:10] = np.nan  # the same blank days as stress: its marker is already there
    with_pill = design.with_factor(pill(blank_alike), rows)
    assert with_pill is not None and with_pill.names == [*design.names, "painkiller"]
    assert with_pill.matrix.shape == (n, design.matrix.shape[1] + 1)
    other_blanks = rng.integers(0, 2, n).astype(float)
    other_blanks[50:55] = np.nan  # blank on other days: a marker of its own
    with_pill = design.with_factor(pill(other_blanks), rows)
    assert with_pill is not None and with_pill.names[-2:] == ["not recorded:painkiller", "painkiller"]
    # A painkiller taken exactly when stressed adds nothing the design does not already hold.
    assert design.with_factor(pill(np.where(np.isnan(stress), 0.5, stress)), rows) is None
    assert np.linalg.matrix_rank(with_pill.matrix) == with_pill.matrix.shape[1]


def test_an_interval_wider_than_the_scale_says_there_are_too_few_days() -> None:
    """ "Anything from 4.9 points less pain to 11.8 points more pain" on a 0–10 scale tells nothing: it says so."""
    said = estimate_text(3.4, -4.9, 11.8, "pain")
    assert said.startswith("no clear difference; your diary fits anything from 4.9 points less pain to 11.8")
    assert said.endswith("a range wider than the 0–10 scale itself allows: too few days to tell anything yet")
    assert "scale itself" in estimate_text(1.0, -2.0, 4.2, "sleep_quality")  # 1–5: no difference beyond 4
    assert "scale" not in estimate_text(1.0, 0.2, 1.8, "pain")
    assert "scale" not in estimate_text(30.0, -20.0, 400.0, "pain_minutes")  # open-ended: no scale to pass


def test_a_switch_interval_wider_than_the_whole_scale_says_so() -> None:
    """ "2.7 points less to 8.2 more" spans 10.9 points of a 0–10 scale: said, and never set beside 2 points."""
    from diary.analysis.switch_text import switch_sentence

    wide = Switch(dt.date(2025, 6, 23), "mattress", "Old", "New", 4.0, 6.7, 2.7, -2.7, 8.2, 30, 25,
                  3.0, -3.1, 9.0, "", pooled=(dt.date(2025, 6, 23), dt.date(2025, 8, 1)))  # fmt: skip
    said = switch_sentence(wide, "pain")
    beyond = "a range wider than the 0–10 scale itself allows: too few days to tell anything yet"
    assert f"anything from 2.7 points less pain to 8.2 points more pain, {beyond}." in said
    assert (
        f"anything from 3.1 points less pain to 9.0 points more pain, {beyond}." in said
    )  # without the week
    assert "Could be as large as" not in said
    assert said.count("scale itself") == 2
    past = switch_sentence(
        Switch(dt.date(2025, 6, 23), "mattress", "Old", "New", 4.0, 7.0, 3.4, -4.9, 11.8, 30, 25), "pain"
    )
    assert past.count("scale itself") == 1  # said once, not once by each check
    narrow = switch_sentence(
        Switch(dt.date(2025, 6, 23), "mattress", "Old", "New", 4.0, 5.0, 1.0, -0.5, 2.5, 30, 25), "pain"
    )
    assert "scale" not in narrow


def test_a_switch_pooling_two_switches_says_both() -> None:
    from diary.analysis.switch_text import switch_sentence

    days = (dt.date(2025, 6, 23), dt.date(2025, 8, 1), dt.date(2025, 9, 1))
    two = Switch(days[0], "mattress", "Old", "New", 4.0, 3.0, -1.0, -1.5, -0.5, 30, 25, pooled=days[:2])
    assert " It pools both switches between these two (" in switch_sentence(two, "pain")
    assert "all 2" not in switch_sentence(two, "pain")
    three = Switch(days[0], "mattress", "Old", "New", 4.0, 3.0, -1.0, -1.5, -0.5, 30, 25, pooled=days)
    assert " It pools all 3 switches between these two (" in switch_sentence(three, "pain")


def test_an_interval_past_the_scale_is_never_a_finding() -> None:
    """63 points (19 to 107) on a 0–10 scale: no verdict, and no sentence words it as a finding."""
    from diary.analysis.candidates import Candidate
    from diary.analysis.checks import verdict_for
    from diary.analysis.text import effect_sentence
    from diary.stats.regression import Coefficient

    soft = Candidate(
        "firmness:soft", "a soft mattress", "Mornings after a soft mattress", "indicator", np.zeros(3)
    )
    assert verdict_for(Coefficient(63.1, 19.0, 107.3, 0.001, 22.0), 0.005, "pain") == "unclear"
    assert verdict_for(Coefficient(2.1, 1.0, 3.2, 0.001, 0.5), 0.005, "pain") == "worse"
    # clear of 0, but written "0.0 to 1.9": an interval that seems to touch 0 is no finding either
    assert verdict_for(Coefficient(0.95, 0.00003, 1.9, 0.0499, 0.48), 0.0499, "pain") == "unclear"
    beyond = "a range wider than the 0–10 scale itself allows"
    said = effect_sentence(soft, 63.1, 19.0, 107.3, "worse", "pain")  # as a caller might still pass it
    assert beyond in said and "change people notice" not in said
    unclear = effect_sentence(soft, 63.1, 19.0, 107.3, "unclear", "pain")
    assert beyond in unclear and "not clear enough with this many factors" not in unclear
    assert not estimate_text(-63.1, -107.3, -19.0, "pain").startswith("about")
    assert estimate_text(-1.4, -2.0, -0.8, "pain").startswith("about 1.4 points less pain")


def gap_diary(seed: int, missing: tuple[int, int]) -> Simulated:
    """300 mornings, the days ``missing`` not logged; a soft mattress until day 100, a medium one after
    (falling in the gap when it covers day 100), the soft one adding a point; pain carried over (φ 0.5)."""
    rng = np.random.default_rng(seed)
    entries, carried = [], 0.0
    for i in range(300):
        carried = 0.5 * carried + rng.normal(0, 0.9)
        soft = i < 100
        if missing[0] <= i < missing[1]:
            continue
        entries.append(
            parse_entry(
                {
                    "date": (situations.START + dt.timedelta(days=i)).isoformat(),
                    "pain": int(np.clip(round(5 + soft + carried), 0, 10)),
                    "mattress": "Old" if soft else "Foam",
                    "firmness": "soft" if soft else "medium",
                },
                check_future=False,
            )
        )
    truth = {"firmness:soft": 1.0}
    return Simulated(entries_frame(entries), truth, switch=situations.START + dt.timedelta(days=100))


def test_a_mattress_switch_in_weeks_without_entries_gets_no_number() -> None:
    """Seed 3 (the audit's reproducer): days 70–129 not logged, the new mattress first logged on day 130.
    The soft mattress was once called worse by 63 points (19 to 107) with q 0.005, and the switch "63.1
    points less pain … too few days" on 240 days logged. Now both say the change falls where nothing was
    logged, give no number, and the summary names no mattress."""
    sim = gap_diary(3, (70, 130))
    result = analyze(sim.frame)
    soft = factor(result, "firmness:soft")
    first = day_label(first_logged(sim))
    assert soft.verdict == "unclear" and soft.estimate is None and soft.q is None
    assert soft.to_json()["estimate"] is None
    assert soft.sentence == (
        "Mornings after a night on a soft mattress (compared with a medium one): no clear difference. "
        f"The change on {first} falls in a stretch with no entries (no mornings logged in the 60 days "
        f"before {first}), so it cannot be told apart from how your pain was going anyway; the diary "
        "gives no number for it."
    )
    assert soft.note is not None and "switch back for a week" in soft.note
    assert "soft mattress" not in result.summary
    switch = mattress_switch(result)
    assert switch.difference is None and switch.ci_low is None and switch.adapted_difference is None
    assert switch.sentence.startswith(
        f"The switch from Old to Foam on {first} falls in a stretch with no entries (no mornings logged "
        f"in the 60 days before {first}), so it cannot be told apart from how your pain was going anyway"
    )
    assert "too few days" not in everything_said(result)
    assert (switch.n_before, switch.n_after) == (70, 170)


@pytest.mark.parametrize("missing", [(70, 130), (93, 107), (30, 200)])
def test_no_number_past_the_scale_is_a_verdict_around_a_gap(missing: tuple[int, int]) -> None:
    """Seeds 0–11, the switch in two months, two weeks or most of the diary unlogged: never a verdict, a
    number past the scale, or "too few days" said of a diary of hundreds of mornings."""
    for seed in range(12):
        result = analyze(gap_diary(seed, missing).frame)
        soft = factor(result, "firmness:soft")
        assert soft.verdict == "unclear" and soft.estimate is None, (seed, soft.sentence)
        assert "falls in a stretch with no entries" in soft.sentence
        assert mattress_switch(result).difference is None
        assert "too few days" not in everything_said(result)


def test_a_switch_with_mornings_close_on_both_sides_is_still_measured() -> None:
    """Seeds 0–11, nine days unlogged around the switch (five mornings within two weeks before it): the
    step is measured as before, and no number past the scale is called worse or better."""
    for seed in range(12):
        result = analyze(gap_diary(seed, (96, 105)).frame)
        switch, soft = mattress_switch(result), factor(result, "firmness:soft")
        assert switch.difference is not None and soft.estimate is not None, seed
        assert soft.ci_low is not None and soft.ci_high is not None
        assert max(abs(soft.ci_low), abs(soft.ci_high)) <= 10 or soft.verdict == "unclear"


def test_a_habit_change_has_one_date_in_the_switch_list_and_the_factor_sentence() -> None:
    """Back for 62 nights, a fortnight of mixed nights, then stomach: the factor's change is the switch's night."""
    rng = np.random.default_rng(3)
    start = dt.date(2026, 1, 1)
    rows = []
    for i in range(150):
        position = "back" if i < 70 else "stomach"
        if 62 <= i < 78:
            position = ["back", "stomach", "stomach", "back"][i % 4]
        rows.append(
            {
                "date": (start + dt.timedelta(days=i)).isoformat(),
                "pain": int(rng.integers(2, 7)),
                "position": position,
            }
        )
    result = analyze(entries_frame([parse_entry(r, check_future=False) for r in rows]))
    (switch,) = [s for s in result.switches if s.what == "position"]
    stomach = next(f for f in result.factors if f.id == "position:stomach")
    assert f"The change on {day_label(switch.date)}" in stomach.sentence
    assert switch.date in result.time_terms.bends
