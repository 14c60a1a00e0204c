"""The analysis tells the truth: known effects found, noise left alone, gates respected."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binom

from diary.analysis import (
    MIN_DAYS,
    OUTCOMES,
    FactorEffect,
    analyze,
    before_after,
    daily_calendar,
    find_patterns,
    find_switches,
    lag_effects,
    level_summary,
    to_json,
)
from diary.analysis.design import orthonormal
from diary.analysis.registry import held_at, short_label
from diary.analysis.results import Pattern, Verdict
from diary.analysis.trend import bspline_basis, second_derivative_at_ends, trend_knots, trend_terms
from diary.entry import Entry, parse_entry
from diary.entry.fields import OUTCOME_IDS
from diary.entry.frame import entries_frame
from diary.sample import NO_EFFECTS, TRUE_EFFECTS, SampleSpec, generate_sample, sample_entries
from diary.views.terminal import render_text
from diary.wording import day_label, days_text, figure, size_words

from .simulate import EFFECTS as SIMULATED_EFFECTS
from .simulate import KINDS, simulated_diary

START = dt.date(2025, 1, 1)


def json_of(data: dict[str, object]) -> dict[str, Any]:
    """JSON output (``to_json``), its values read as the JSON they are."""
    return data


def cell(cal: pd.DataFrame, when: str, column: str) -> Any:
    """One value of a daily calendar: the day ``when``, the column ``column``."""
    return cal.loc[pd.Timestamp(when), column]


def frame_of(rows: list[dict]) -> pd.DataFrame:
    return entries_frame([parse_entry(r, check_future=False) for r in rows])


def day(i: int) -> str:
    return (START + dt.timedelta(days=i)).isoformat()


def noisy_days(n: int, seed: int = 0, **columns) -> list[dict]:
    """n consecutive mornings of noisy pain with alternating factors, plus any fixed columns."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        row = {
            "date": day(i),
            "pain": int(rng.integers(2, 8)),
            "position": ["back", "side", "stomach"][i % 3],
            "exertion": ["rest", "light", "moderate", "heavy"][(i // 2) % 4],
            "alcohol": bool(i % 4 == 0),
        }
        row.update({k: (v(i) if callable(v) else v) for k, v in columns.items()})
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def sample_analysis():
    return analyze(entries_frame(sample_entries()))


# -- the sample's known effects ----------------------------------------------------


def test_sample_verdicts_name_the_real_effects(sample_analysis) -> None:
    """The sample's verdicts are all real effects; lifting (0.7) and sitting (0.15 an hour, and longest on
    work days, so the weekly rhythm takes most of its spread) stay unclear on six months, as README says."""
    verdicts = {f.id: f.verdict for f in sample_analysis.factors}
    for factor in ("position:stomach", "firmness:soft", "exertion", "stress"):
        assert verdicts[factor] == "worse", factor
    for factor in ("warm_bath", "exercise:stretching", "sleep_hours"):
        assert verdicts[factor] == "better", factor
    assert verdicts["lifting"] == verdicts["sitting_hours"] == "unclear"
    no_effect = {k for k, v in TRUE_EFFECTS.items() if v == 0}
    assert not [f.id for f in sample_analysis.supported() if f.id in no_effect]


def test_the_readme_gives_the_sample_switchs_own_figures(sample_analysis) -> None:
    """README "The sample diary" quotes the mattress switch's before/after: the figures are the analysis' own."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    quoted = re.search(
        r"is unclear too \(about ([\d.]+) points? less pain, from ([\d.]+) less to ([\d.]+) more\)",
        " ".join(readme.split()),
    )
    assert quoted is not None
    (switch,) = [s for s in sample_analysis.switches if s.what == "mattress"]
    assert switch.difference is not None and switch.ci_low is not None and switch.ci_high is not None
    assert switch.ci_low < 0 < switch.ci_high  # unclear, as it says
    said = tuple(float(figure) for figure in quoted.groups())
    assert said == (round(-switch.difference, 1), round(-switch.ci_low, 1), round(switch.ci_high, 1))


def test_sample_intervals_cover_the_truth(sample_analysis) -> None:
    """The sample (seed SAMPLE_SEED): its 95 % intervals miss the truth no more often than chance allows."""
    estimated = [f for f in sample_analysis.factors if f.estimated]
    covered = [f.id for f in estimated if f.ci_low <= TRUE_EFFECTS.get(f.id, 0.0) <= f.ci_high]
    assert len(estimated) >= 15
    fewest, _ = covered_by_chance(len(estimated))
    assert len(covered) >= fewest


def test_sample_method_references_and_gates(sample_analysis) -> None:
    assert sample_analysis.method == "regression with AR(1) errors, BH-corrected"
    # "medium" never occurs in the sample: the most frequent firmness is the reference, and it says so
    assert sample_analysis.references == {"position": "back", "firmness": "medium-firm"}
    assert sample_analysis.stage == "confirmatory"
    soft = next(f for f in sample_analysis.factors if f.id == "firmness:soft")
    assert "compared with a medium-firm one" in soft.sentence
    assert 0 < sample_analysis.autocorrelation < 0.9


def test_sample_trip_cannot_be_separated_from_firm_bed(sample_analysis) -> None:
    firm = next(f for f in sample_analysis.factors if f.id == "firmness:firm")
    travel = next(f for f in sample_analysis.factors if f.id == "tag:travel")
    assert firm.verdict == travel.verdict == "cannot be separated"
    assert firm.estimate is None and firm.q is None
    assert "days tagged travel" in firm.sentence
    assert firm.separated_from == ("tag:travel",)
    assert sample_analysis.inseparable() == [firm]  # one sentence for the pair: it names travel too
    text = render_text(sample_analysis)
    assert text.count("never varied apart") == 1 and f"- {firm.sentence}" in text
    assert text.count("cannot be separated") == 2  # the table still has a row for each


def test_painkiller_is_left_out_and_only_a_check(sample_analysis) -> None:
    """Taken because of pain, the painkiller is no factor of the main model; its second fit changes no verdict here."""
    assert "painkiller" not in {f.id for f in sample_analysis.factors}
    check = sample_analysis.painkiller_check
    assert check is not None and check.days == 56 and check.changed == ()
    said = " ".join(
        [sample_analysis.summary] + [f.sentence + (f.note or "") for f in sample_analysis.factors]
    )
    assert "painkiller" not in said.lower() and "fair" not in said
    assert all(f.with_painkiller is not None for f in sample_analysis.factors if f.estimated)


def test_sample_mattress_switch(sample_analysis) -> None:
    """One switch, and a week back on the old mattress: pooled, and never asked for again."""
    (switch,) = sample_analysis.switches  # the trip and the week back are visits, not switches
    assert (switch.date, switch.from_, switch.to) == (dt.date(2025, 6, 23), "Old mattress", "Foam 2025")
    assert switch.before > switch.after
    assert switch.ci_low < switch.difference < switch.ci_high
    assert switch.adapted_difference is not None
    assert switch.returns == ((dt.date(2025, 8, 29), dt.date(2025, 9, 3)),)
    assert "switch back" not in switch.sentence
    assert switch.pooled == (dt.date(2025, 6, 23), dt.date(2025, 8, 29), dt.date(2025, 9, 4))  # the week back
    assert (
        switch.differs_from_factor and " The factor list " in switch.sentence
    )  # the report says why, in short
    assert (
        "It pools all 3 switches between these two (Mon 23 Jun 2025, Fri 29 Aug 2025 and Thu 4 Sep 2025), "
        "each way: your nights back on Old mattress (6 days, Fri 29 Aug 2025 to Wed 3 Sep 2025) count too."
    ) in switch.sentence
    assert (
        size_words(switch.ci_low, switch.ci_high).capitalize() in switch.sentence
    )  # beside the 2-point change
    assert switch.n_before >= 60 + 5 and switch.n_after >= 60
    soft = next(f for f in sample_analysis.factors if f.id == "firmness:soft")
    assert soft.changes == 1 and "Changed only once (Mon 23 Jun 2025)" in soft.note
    # the week back is pooled by the switch ("all 3 switches"): the note says what "once" leaves aside
    assert "Changed only once (Mon 23 Jun 2025), not counting stays of under 14 days:" in soft.note
    assert "switch back" not in soft.note and "Fri 29 Aug 2025 to Wed 3 Sep 2025" in soft.note
    # the factor and the switch describe the same change: different numbers, and the switch says why
    assert "The factor list gives a soft mattress" in switch.sentence


def test_weeks_taken_in_turn_on_two_mattresses_are_pooled_and_no_switch_back_is_asked_for() -> None:
    """Five weeks on Old, then a week each on New, Old, New (a trial's blocks): each under the 14 days of a
    lasting switch. The comparison pools all three changes and says so; it never asks for a week back on Old."""
    rng = np.random.default_rng(41)
    beds = ["Old"] * 35 + ["New"] * 7 + ["Old"] * 7 + ["New"] * 7
    pains = [int(np.clip(round(5 - (bed == "New") + rng.normal(0, 1)), 0, 10)) for bed in beds]
    start = dt.date(2026, 9, 1)
    rows = [
        parse_entry({"date": (start + dt.timedelta(days=i)).isoformat(), "pain": p, "mattress": bed})
        for i, (p, bed) in enumerate(zip(pains, beds, strict=True))
    ]
    (switch,) = analyze(entries_frame(rows)).switches
    changes = (dt.date(2026, 10, 6), dt.date(2026, 10, 13), dt.date(2026, 10, 20))
    assert switch.pooled == changes  # every change between the two, the weeks' too
    assert switch.n_before == 42 and switch.n_after == 14  # as the nights pooled: consistent with the list
    assert f"It pools all 3 switches between these two ({days_text(changes)}), each way." in switch.sentence
    assert "switch back" not in switch.sentence
    assert switch.to_json()["pooled_switches"] == [day.isoformat() for day in changes]


def test_a_switch_and_its_factor_say_why_their_numbers_differ_whatever_their_answers(sample_analysis) -> None:
    from diary.analysis.switch_text import same_change_clause

    (switch,) = sample_analysis.switches
    soft = next(f for f in sample_analysis.factors if f.id == "firmness:soft")
    unclear = dataclasses.replace(soft, estimate=0.8, ci_low=-0.2, ci_high=1.8, verdict="unclear")
    vague = dataclasses.replace(switch, difference=-0.3, ci_low=-1.0, ci_high=0.4)
    # Both unclear: the same answer, but the numbers shown differ (-0.3 and 0.8), so the switch says why.
    said = same_change_clause(vague, unclear, -1, "a medium mattress", "pain")
    assert said.startswith(
        " The factor list finds no clear difference between a soft mattress and a medium mattress either "
        "(anything from 0.2 points less pain to 1.8 points more pain): different numbers because"
    )
    # The same number and range to one decimal: nothing to explain.
    alike = dataclasses.replace(vague, difference=-0.8, ci_low=-1.8, ci_high=0.2)
    assert same_change_clause(alike, unclear, -1, "a medium", "pain") == ""
    # The same number but another range: an unclear answer shows its range, so the switch says why they differ.
    same_number = dataclasses.replace(vague, difference=-0.8)
    assert "different numbers because" in same_change_clause(same_number, unclear, -1, "a medium", "pain")
    sure = dataclasses.replace(switch, difference=-1.1, ci_low=-2.0, ci_high=-0.3)
    said = same_change_clause(sure, unclear, -1, "a medium mattress", "pain")
    assert said.startswith(
        " The factor list finds no clear difference between a soft mattress and a medium mattress "
        "(anything from 0.2 points less pain to 1.8 points more pain): a different answer because"
    )
    # Clear of 0 on its own but held back once every factor is allowed for: said so, not given as a finding.
    held_back = dataclasses.replace(soft, estimate=0.8, ci_low=0.1, ci_high=1.5, verdict="unclear")
    said = same_change_clause(sure, held_back, -1, "a medium mattress", "pain")
    assert said.startswith(
        " The factor list finds the difference between a soft mattress and a medium mattress not clear enough "
        "with this many factors checked at once (anything from 0.1 points more pain to 1.5 points more pain)"
    )
    assert "gives" not in said
    # Both clear, the same way (the new mattress with less pain, the factor's soft one with more): the same
    # answer in different numbers, not "a different answer".
    firm = dataclasses.replace(soft, estimate=1.4, ci_low=0.2, ci_high=2.7, verdict="worse")
    said = same_change_clause(sure, firm, -1, "a medium mattress", "pain")
    assert "different numbers because" in said and "a different answer" not in said
    # Both clear, opposite ways: a different answer.
    said = same_change_clause(sure, firm, 1, "a medium mattress", "pain")
    assert "a different answer because" in said


def test_a_stay_before_the_change_is_not_called_a_return() -> None:
    rows = noisy_days(120, position=lambda i: "back" if 20 <= i < 28 or i >= 60 else "side")
    side = next(f for f in analyze(frame_of(rows)).factors if f.id == "position:side")
    assert side.changes == 1 and side.note is not None
    assert "a stay before the change (without sleeping on your side for 8 days" in side.note
    assert "again" not in side.note and "return" not in side.note


def test_a_week_back_after_the_change_is_called_a_return_to_how_it_was() -> None:
    """Side until day 60, back from then on but for eight side nights on days 80-87: a return, said plainly."""
    rows = noisy_days(140, position=lambda i: "side" if i < 60 or 80 <= i < 88 else "back")
    result = analyze(frame_of(rows))
    assert result.references["position"] == "back"
    side = next(f for f in result.factors if f.id == "position:side")
    assert side.changes == 1 and side.note is not None
    assert "a return to how it was before (with sleeping on your side for 8 days" in side.note
    assert "which counts in the comparison" in side.note and "again" not in side.note


def test_a_factor_that_differs_only_on_a_short_stay_is_weak_evidence() -> None:
    """Eight nights in a row on the back, months on the side: the stay is compared with the side, not the reverse."""
    rows = noisy_days(120, position=lambda i: "back" if 20 <= i < 28 else "side")
    result = analyze(frame_of(rows))
    assert result.references["position"] == "side"
    back = next(f for f in result.factors if f.id == "position:back")
    assert back.changes == 0 and back.note is not None
    assert back.note.startswith("Different only on short stays (with sleeping on your back for 8 days")
    assert "weak evidence" in back.note


def test_a_hotel_week_on_the_usual_reference_does_not_become_the_reference() -> None:
    """Soft, then medium-firm at home, and five nights on a medium hotel bed: the switch keeps its factor and note.

    Made the reference, the hotel week would leave the months at home compared
    with it alone: the one real change described by no factor, no bend of the
    trend at it, and the "changed only once" note gone.
    """
    firmness = lambda i: "soft" if i < 70 else ("medium" if 110 <= i < 115 else "medium-firm")  # noqa: E731
    rows = noisy_days(160, firmness=firmness, mattress=lambda i: "Hotel" if 110 <= i < 115 else "Home")
    result = analyze(frame_of(rows))
    assert result.references["firmness"] == "medium-firm"
    soft = next(f for f in result.factors if f.id == "firmness:soft")
    assert soft.changes == 1 and soft.note is not None and soft.note.startswith("Changed only once")
    medium = next(f for f in result.factors if f.id == "firmness:medium")
    assert medium.changes == 0 and medium.note is not None
    assert medium.note.startswith("Different only on short stays (with a medium mattress for 5 days")


def test_scattered_nights_on_the_back_stay_the_reference() -> None:
    """A position is logged night by night: a few back nights here and there are no visit."""
    rows = noisy_days(120, position=lambda i: "back" if i % 9 == 0 else "side")
    assert analyze(frame_of(rows)).references["position"] == "back"


def test_a_level_seen_only_on_a_stay_within_a_third_level_is_weak_evidence() -> None:
    """A firm hotel week in the months on a soft mattress, against medium: the only firm nights are that stay."""
    firmness = lambda i: "medium" if i < 60 else ("firm" if 100 <= i < 107 else "soft")  # noqa: E731
    rows = noisy_days(160, firmness=firmness, mattress="Home")
    firm = next(f for f in analyze(frame_of(rows)).factors if f.id == "firmness:firm")
    assert firm.changes == 0 and firm.note is not None
    assert firm.note.startswith("Different only on short stays (with a firm mattress for 7 days")


def test_sample_red_flags_are_listed(sample_analysis) -> None:
    assert [(d.date, d.flags, d.tier) for d in sample_analysis.red_flags] == [
        (dt.date(2025, 5, 20), ("fever", "urinary"), "doctor_today")
    ]


# -- calibration over many diaries --------------------------------------------------

CHANCE = 0.001  # correct intervals fall outside the bounds below less often than this, on each side


def covered_by_chance(n: int, level: float = 0.95) -> tuple[int, int]:
    """The fewest and most of ``n`` correct ``level`` intervals that cover the truth, give or take chance.

    The count is binomial(n, level); below the first or above the second happens with
    probability under ``CHANCE`` each. Too few: intervals too narrow; too many: too wide.
    """
    return int(binom.ppf(CHANCE, n, level)), int(binom.isf(CHANCE, n, level))


def test_the_coverage_bounds_fail_intervals_too_narrow_or_too_wide() -> None:
    fewest, most = covered_by_chance(500)
    assert 0.9 * 500 < fewest < 0.95 * 500 < most < 500  # 90 % coverage fails, and so does 100 %
    assert covered_by_chance(17)[0] == 12  # 17 intervals: up to 5 misses happen by chance


def _calls_and_cover(
    effects: dict[str, float], seeds: range, **spec
) -> tuple[Counter[str], Counter[str], Counter[str]]:
    called: Counter[str] = Counter()
    covered: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for seed in seeds:
        result = analyze(entries_frame(generate_sample(SampleSpec(seed=seed, effects=effects, **spec))))
        for f in result.factors:
            if not f.estimated or f.role != "factor":
                continue
            seen[f.id] += 1
            called[f.id] += f.verdict in ("worse", "better")
            assert f.ci_low is not None and f.ci_high is not None  # estimated: an interval
            covered[f.id] += f.ci_low <= effects.get(f.id, 0.0) <= f.ci_high
    return called, covered, seen


@pytest.mark.slow
def test_noise_is_not_called_an_effect() -> None:
    """No effects at all, a mattress switch that does nothing, autocorrelated noise: rarely a verdict."""
    called, covered, seen = _calls_and_cover(NO_EFFECTS, range(100, 160), trend_per_day=0.0, ar_phi=0.7)
    assert sum(called.values()) / sum(seen.values()) <= 0.02
    assert called["firmness:soft"] / seen["firmness:soft"] <= 0.1  # the switch
    fewest, most = covered_by_chance(sum(seen.values()))
    assert fewest <= sum(covered.values()) <= most


@pytest.mark.slow
def test_intervals_are_calibrated_on_true_effects() -> None:
    called, covered, seen = _calls_and_cover(TRUE_EFFECTS, range(200, 240))
    fewest, most = covered_by_chance(sum(seen.values()))
    assert fewest <= sum(covered.values()) <= most
    for factor in ("position:stomach", "exertion", "firmness:soft"):
        assert covered[factor] / seen[factor] >= 0.8, factor
    zero = [k for k, v in TRUE_EFFECTS.items() if v == 0 and k in seen]
    false_calls = sum(called[k] for k in zero) / sum(seen[k] for k in zero)
    assert false_calls <= 0.07
    assert called["position:stomach"] == seen["position:stomach"]


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_intervals_hold_when_the_days_break_the_model(kind: str) -> None:
    """AR(2) noise, heavy tails, a flare the trend cannot follow, painful days left unlogged (tests/simulate.py).

    Seeds 1000–1059 for each kind. The intervals must still cover the truth as often
    as 95 % intervals do, give or take chance, and factors that do nothing must be
    called an effect no more often than 5 % allows.
    """
    covered = seen = null_seen = null_called = 0
    for seed in range(1000, 1060):
        for f in analyze(simulated_diary(kind, seed)).factors:
            if not f.estimated or f.role != "factor":
                continue
            seen += 1
            assert f.ci_low is not None and f.ci_high is not None  # estimated: an interval
            covered += f.ci_low <= SIMULATED_EFFECTS[f.id] <= f.ci_high
            if SIMULATED_EFFECTS[f.id] == 0:
                null_seen += 1
                null_called += f.verdict in ("worse", "better")
    assert seen >= 60 * 8  # nearly every factor estimated in nearly every diary
    fewest, most = covered_by_chance(seen)
    assert fewest <= covered <= most
    assert null_called <= binom.isf(CHANCE, null_seen, 0.05)


# -- gates -------------------------------------------------------------------------


def test_empty_diary() -> None:
    result = analyze(entries_frame([]))
    assert result.rows == 0 and result.factors == [] and result.first is None
    assert "empty" in result.summary
    json.dumps(result.to_json())


def test_under_14_days_charts_only() -> None:
    result = analyze(frame_of(noisy_days(MIN_DAYS - 1)))
    assert result.stage == "too few days"
    assert result.factors, "factors still listed"
    assert all(f.verdict == "not enough data" and f.estimate is None for f in result.factors)
    assert all(
        entry["estimate"] is None and entry["q"] is None for entry in json_of(result.to_json())["factors"]
    )
    # No difference of any kind either: a raw one from a few mornings is an effect by another name.
    assert all(entry["raw"] is None for entry in json_of(result.to_json())["factors"])
    assert "at least 14" in result.summary


def test_a_diary_of_pain_alone_says_nothing_was_compared_not_that_nothing_showed_a_link() -> None:
    """Forty mornings with only the pain filled in: no factor was judged, so none "shows no clear link"."""
    result = analyze(frame_of([{"date": day(i), "pain": 3 + i % 4} for i in range(40)]))
    assert not any(f.verdict in ("worse", "better", "unclear") for f in result.factors)
    assert result.summary.startswith("No factor could be judged yet")
    assert "proof of cause" not in result.summary and "clear link" not in result.summary
    judged = analyze(frame_of(noisy_days(40)))
    assert "not proof of cause" in judged.summary


def test_pain_the_same_every_morning_gives_no_estimate_rather_than_a_zero_width_interval() -> None:
    """Sixty mornings of pain 3: "0.0 (0.0 to 0.0)" would claim a certainty no such diary holds."""
    result = analyze(frame_of(noisy_days(60, pain=3)))
    assert result.summary.startswith("Your pain was 3 on every day compared: with nothing changing")
    assert all(f.estimate is None and f.ci_low is None for f in result.factors)
    assert all(f.verdict == "not enough data" for f in result.factors)
    assert any(f.sentence == result.summary for f in result.factors)  # the factors compared say it too
    assert result.unchanged == result.summary  # the reason none was checked, kept as such (the report)
    assert analyze(frame_of(noisy_days(60))).unchanged == ""
    assert "the same pain to the same pain" not in render_text(result)


def test_pain_the_same_every_morning_counts_each_factors_own_days_and_its_switch_says_so() -> None:
    """Each factor keeps its own days (not every day's), and a switch says nothing changed, not "from … to"."""
    names = ["Old"] * 30 + ["Foam"] * 30
    rows = noisy_days(60, pain=3, mattress=lambda i: names[i], alcohol=lambda i: i % 5 == 0)
    result = analyze(frame_of(rows))
    alcohol = next(f for f in result.factors if f.id == "alcohol")
    assert 10 <= alcohol.n <= 12  # the evenings with it (12 logged), not all 60 days
    (switch,) = result.switches
    assert "no difference; your pain did not change" in switch.sentence
    assert "anything from the same pain" not in switch.sentence and "2-point change" not in switch.sentence


def test_under_30_days_is_exploratory() -> None:
    result = analyze(frame_of(noisy_days(20)))
    assert result.stage == "exploratory"
    estimated = [f for f in result.factors if f.estimated and f.role == "factor"]
    assert estimated
    assert all(f.sentence.startswith("Exploratory") and f.exploratory for f in estimated)


def test_a_switch_under_30_days_is_labelled_exploratory() -> None:
    """29 mornings, a new mattress on the 15th, stomach nights besides (seed 4): the switch's sentence, and
    the factor list's different number it gives, are exploratory like every verdict under 30 days."""
    rng = np.random.default_rng(4)
    rows = []
    for i in range(29):
        stomach = bool(rng.random() < 0.4)
        pain = int(np.clip(round(4 + 2 * (i < 14) + 1.5 * stomach + rng.normal(0, 0.8)), 0, 10))
        position = "stomach" if stomach else "back"
        mattress, firmness = ("Old", "soft") if i < 14 else ("Foam", "medium")
        rows.append(
            {"date": day(i), "pain": pain, "position": position, "mattress": mattress, "firmness": firmness}
        )
    result = analyze(frame_of(rows))
    assert result.stage == "exploratory"
    (switch,) = [s for s in result.switches if s.what == "mattress"]
    assert switch.difference is not None and switch.exploratory
    assert switch.sentence.startswith("Exploratory (fewer than 30 days logged): Your pain averaged ")
    assert " on Old and " in switch.sentence and ". After the switch from Old to Foam" in switch.sentence
    assert "The factor list gives a soft mattress" in switch.sentence
    assert switch.sentence.count("Exploratory") == 1
    assert switch.to_json()["exploratory"] is True
    steady = analyze(frame_of([{**row, "date": day(i)} for i, row in enumerate(rows + rows)]))
    assert not any(s.exploratory or "Exploratory" in s.sentence for s in steady.switches)


def test_level_with_fewer_than_5_days_is_not_enough_data() -> None:
    rows = noisy_days(40, position="back", alcohol=lambda i: i in (3, 9, 17, 30))
    result = analyze(frame_of(rows))
    alcohol = next(f for f in result.factors if f.id == "alcohol")
    assert alcohol.verdict == "not enough data"
    assert "4 days with and 36 without" in alcohol.sentence


def test_a_number_that_hardly_moved_says_how_often_it_moved() -> None:
    """Hours sitting at 8 on all but 3 days: the reason counts the days below the usual value."""
    rows = noisy_days(40, position="back", sitting_hours=lambda i: 4.0 if i in (5, 12, 20) else 8.0)
    sitting = next(f for f in analyze(frame_of(rows)).factors if f.id == "sitting_hours")
    assert sitting.verdict == "not enough data"
    assert "below its usual value on only 3 days" in sitting.sentence
    assert "at least 5" in sitting.sentence


def test_a_number_at_its_lowest_most_days_counts_the_days_above() -> None:
    rows = noisy_days(40, position="back", sitting_hours=lambda i: 10.0 if i in (5, 12) else 2.0)
    sitting = next(f for f in analyze(frame_of(rows)).factors if f.id == "sitting_hours")
    assert "above its usual value on only 2 days" in sitting.sentence


def test_single_level_only() -> None:
    result = analyze(frame_of(noisy_days(40, position="stomach", firmness="firm")))
    position = next(f for f in result.factors if f.id == "position:stomach")
    assert position.verdict == "not enough data"
    assert "nothing to compare" in position.sentence
    assert result.references["position"] == "stomach"


def test_only_the_usual_reference_gives_no_factor_outside_designs_ids() -> None:
    result = analyze(frame_of(noisy_days(40, position="back", firmness="medium")))
    assert not [f.id for f in result.factors if f.id.startswith(("position:", "firmness:"))]
    assert result.references == {"position": "back", "firmness": "medium"}


def test_reference_that_never_occurs() -> None:
    rows = noisy_days(60, position=lambda i: "side" if i % 3 else "stomach")
    result = analyze(frame_of(rows))
    assert result.references["position"] == "side"
    assert {f.id for f in result.factors if f.id.startswith("position:")} == {"position:stomach"}


def test_the_usual_reference_stands_where_it_has_enough_days() -> None:
    """Back on 6 of 40 nights: still the reference; the other positions are compared with it."""
    rows = noisy_days(
        40, position=lambda i: "back" if i in (3, 11, 17, 25, 31, 33) else ("side" if i % 2 else "stomach")
    )
    result = analyze(frame_of(rows))
    assert result.references["position"] == "back"
    levels = {f.id: f for f in result.factors if f.id.startswith("position:")}
    assert set(levels) == {"position:side", "position:stomach"}  # never "position:back": the ids are DESIGN's
    assert all(f.estimated for f in levels.values())


def test_a_reference_on_too_few_days_gives_way_to_the_most_frequent_level() -> None:
    """Back on 2 of 100 nights is as good as never: side (the most frequent) is the reference, stomach is
    judged against it, and the output says so; the 2 back nights are a level of their own, gated.

    Seed 8 (as the audit's reproducer): stomach nights add 2 points."""
    rng = np.random.default_rng(8)
    rows, carried = [], 0.0
    for i in range(100):
        carried = 0.5 * carried + rng.normal(0, 0.9)
        position = "back" if i in (10, 50) else ("stomach" if rng.random() < 0.4 else "side")
        pain = int(np.clip(round(5 + 2 * (position == "stomach") + carried), 0, 10))
        rows.append({"date": day(i), "pain": pain, "position": position})
    result = analyze(frame_of(rows))
    assert (
        result.references["position"] == "side"
        and json_of(result.to_json())["references"]["position"] == "side"
    )
    levels = {f.id: f for f in result.factors if f.id.startswith("position:")}
    assert set(levels) == {"position:back", "position:stomach"}
    assert levels["position:stomach"].verdict == "worse"
    assert "compared with sleeping on your side" in levels["position:stomach"].sentence
    assert levels["position:back"].verdict == "not enough data"
    assert "2 days on it and" in levels["position:back"].sentence
    assert "Compared with: position side" in render_text(result)
    assert "sleeping on your stomach" in result.summary
    # Without the stomach nights' effect to find, the summary still never says position went unrecorded.
    same = analyze(frame_of([{**row, "pain": 5 + i % 3} for i, row in enumerate(rows)]))
    assert not same.summary.startswith("No factor could") and "1 factor was checked" in same.summary


def test_the_terminal_table_marks_an_exploratory_verdict_as_its_sentence_does() -> None:
    """Under 30 days every verdict is exploratory: the table's column says so too, beside each one estimated."""
    result = analyze(frame_of(noisy_days(20)))
    lines = render_text(result).splitlines()
    estimated = [f for f in result.factors if f.estimated]
    assert estimated and all(f.exploratory for f in estimated)
    for f in result.factors:
        name = short_label(f.id, result.references)
        (row,) = [line for line in lines if line.startswith(f"{name}  ")]
        assert row.endswith(f"{f.verdict} (exploratory)" if f.estimated else f.verdict), row


def test_the_terminal_names_only_the_references_of_factors_it_estimated() -> None:
    """One stomach night compares nothing: no "Compared with" line (the JSON keeps every family's reference).
    Forty nights on the back or side, no firmness ever logged: position's reference only. Seed 3."""
    one = analyze(frame_of([{"date": day(0), "pain": 4, "position": "stomach"}]))
    assert one.references_named() == "" and "Compared with" not in render_text(one)
    assert set(json_of(one.to_json())["references"]) == {"position", "firmness"}
    rng = np.random.default_rng(3)
    rows = [
        {
            "date": day(i),
            "pain": int(rng.integers(2, 7)),
            "position": "side" if rng.random() < 0.5 else "back",
        }
        for i in range(40)
    ]
    result = analyze(frame_of(rows))
    assert result.references_named() == "position back"
    assert "Compared with: position back." in render_text(result)


def test_the_summary_never_says_a_factor_logged_every_night_was_not_recorded() -> None:
    """Position on every one of 40 nights, stomach on only 2: nothing can be judged, and the summary does
    not claim the reason (too few days recorded); each factor's sentence gives its own."""
    rows = noisy_days(40, position=lambda i: "stomach" if i in (4, 30) else "side", alcohol=False)
    rows = [{k: v for k, v in row.items() if k != "exertion"} for row in rows]
    result = analyze(frame_of(rows))
    assert all(f.verdict == "not enough data" for f in result.factors)
    assert result.summary.startswith("No factor could be judged yet")
    assert "recorded on enough days" not in result.summary


def test_a_switch_in_the_diary_s_last_days_is_a_change() -> None:
    """A mattress bought ten days ago is one change, so weak evidence, not a confident verdict with no note."""
    rng = np.random.default_rng(5)  # seed for the pain's noise
    late = lambda i: i >= 40  # noqa: E731
    rows = [
        {
            "date": day(i),
            "pain": int((3 if late(i) else 6) + rng.integers(-1, 2)),
            "mattress": "New" if late(i) else "Old",
            "firmness": "firm" if late(i) else "medium",
            "position": ["back", "side"][i % 2],
        }
        for i in range(50)
    ]
    firm = next(f for f in analyze(frame_of(rows)).factors if f.id == "firmness:firm")
    assert firm.changes == 1
    assert firm.note is not None and "once" in firm.note


def test_a_visit_is_counted_in_calendar_days_not_logged_mornings() -> None:
    """Fifteen nights back on the old bed, two of them not logged, is a switch back (and forth), not a visit."""
    from diary.analysis.runs import lasting_changes

    old, new = ["Old"] * 40, ["New"] * 40
    stay: list[object] = ["Old"] * 15
    stay[4] = stay[9] = None  # two mornings not logged
    assert len(lasting_changes(old + new + stay + new).lasting) == 3
    short = ["Old"] * 13
    assert len(lasting_changes(old + new + short + new).lasting) == 1  # under two weeks: a visit
    assert len(lasting_changes(old + ["New"] * 6).lasting) == 1  # the last stretch, however short, stays


def test_lags_are_listed_without_numbers_before_thirty_days() -> None:
    """DESIGN: lags appear in the JSON; under 30 days, like a factor not estimated, with null numbers."""
    data = json_of(to_json(analyze(frame_of(noisy_days(20)))))
    assert [lag["lag"] for lag in data["lags"]] == [1, 2, 3]
    assert all(lag["estimate"] is None and lag["q"] is None for lag in data["lags"])
    # Counted as the fitted lags are: the mornings with exertion known on each of the three days before
    # (the first two mornings have no day two or three days before them in the diary).
    assert [lag["n"] for lag in data["lags"]] == [18, 18, 18]
    assert data["lags"][1]["sentence"] == (
        "Exertion 2 days before: not judged yet; it needs 30 days logged, with the days before them."
    )
    assert to_json(analyze(frame_of(noisy_days(20, exertion=None))))["lags"] == []  # exertion never logged
    text = render_text(analyze(frame_of(noisy_days(20))))  # the terminal says so too, as the JSON does
    assert (
        "- Exertion 2 days before: not judged yet; it needs 30 days logged, with the days before them."
        in text
    )


@pytest.mark.parametrize("spread", [5e-324, 1e-300, 1e-9, 1e-4])
def test_hours_that_vary_by_less_than_a_minute_never_varied(spread: float) -> None:
    """Sitting hours of 0, 0.0001, 0.0002… (from a file, kept to its last digit) are the same to the minute:
    not enough data, with its reason; kept exact, they gave an effect of thousands of points an hour, or failed
    to fit at all (a spread under 1e-160 overflowed)."""
    rows = noisy_days(60, sitting_hours=lambda i: spread * (i % 5))
    sitting = next(f for f in analyze(frame_of(rows)).factors if f.id == "sitting_hours")
    assert sitting.verdict == "not enough data" and sitting.estimate is None and sitting.raw is None
    assert sitting.sentence.endswith("it was the same on every day logged, so there is nothing to compare.")
    two_minutes = noisy_days(60, sitting_hours=lambda i: 2 / 60 * (i % 5))  # a minute or more still counts
    assert next(f for f in analyze(frame_of(two_minutes)).factors if f.id == "sitting_hours").estimated


def test_perfectly_confounded_factors() -> None:
    stomach_on_sofa = lambda i: i % 5 == 0  # noqa: E731
    rows = noisy_days(
        60,
        position=lambda i: "stomach" if stomach_on_sofa(i) else "back",
        mattress=lambda i: "Old sofa" if stomach_on_sofa(i) else "Foam",
        firmness=lambda i: "soft" if stomach_on_sofa(i) else "medium",
    )
    result = analyze(frame_of(rows))
    verdicts = {f.id: f for f in result.factors}
    assert verdicts["position:stomach"].verdict == "cannot be separated"
    assert verdicts["firmness:soft"].verdict == "cannot be separated"
    assert "a soft mattress" in verdicts["position:stomach"].sentence


def test_missing_days_stay_missing_on_the_calendar() -> None:
    rows = [r for i, r in enumerate(noisy_days(30)) if i not in (10, 11, 20)]
    cal = daily_calendar(frame_of(rows))
    assert len(cal) == 30
    assert not cal.loc[pd.Timestamp(day(10)), "logged"]
    # exertion two days before the morning of day 12 is the entry of day 11: missing, not day 9's
    assert pd.isna(cell(cal, day(12), "exertion_lag2"))
    assert cell(cal, day(14), "exertion_lag2") == cell(cal, day(13), "exertion_step")
    assert cell(cal, day(15), "exertion_lag3") == cell(cal, day(13), "exertion_step")
    assert pd.isna(cell(cal, day(13), "exertion_lag3"))  # day 11's entry: missing
    assert list(cal["weekday"][:2]) == [START.weekday(), (START.weekday() + 1) % 7]
    result = analyze(frame_of(rows))
    assert result.rows == 27


def test_the_outcomes_worded_are_the_ones_named_where_loading_is_light() -> None:
    """The command line and the Log page take the outcomes from ``diary.entry.fields``; the analysis words each one."""
    assert tuple(OUTCOMES) == OUTCOME_IDS
    assert all(OUTCOMES[name].id == name for name in OUTCOME_IDS)


def test_outcomes_other_than_pain() -> None:
    rows = noisy_days(40, pain_minutes=lambda i: 10 + (i % 7) * 5, sleep_quality=lambda i: 1 + i % 5)
    for outcome in ("pain_minutes", "sleep_quality"):
        result = analyze(frame_of(rows), outcome)
        assert result.outcome == outcome
        assert result.factors
    with pytest.raises(ValueError, match="outcome"):
        analyze(frame_of(rows), "mood")


def test_sleep_quality_direction() -> None:
    rng = np.random.default_rng(4)
    rows = noisy_days(80, sleep_quality=None)
    for i, row in enumerate(rows):
        bathed = i % 2 == 0
        row["warm_bath"] = bathed
        row["sleep_quality"] = int(np.clip(round(2.5 + 1.5 * bathed + rng.normal(0, 0.5)), 1, 5))
    bath = next(f for f in analyze(frame_of(rows), "sleep_quality").factors if f.id == "warm_bath")
    assert bath.verdict == "better"
    assert "better sleep quality" in bath.sentence


def test_weak_evidence_note_for_a_factor_changed_once() -> None:
    rows = noisy_days(60, firmness=lambda i: "soft" if i < 30 else "medium")
    soft = next(f for f in analyze(frame_of(rows)).factors if f.id == "firmness:soft")
    assert soft.changes == 1
    assert (
        soft.note is not None and "Changed only once" in soft.note and "switch back for a week" in soft.note
    )


def test_a_scale_changed_once_is_weak_evidence_too() -> None:
    """Stress high for a month, then none; sitting 9 hours a day, then 2: each one change, said so."""
    rows = noisy_days(
        70,
        stress=lambda i: "high" if i < 30 else "none",
        sitting_hours=lambda i: 9.0 if i < 45 else 2.0,
    )
    result = analyze(frame_of(rows))
    for factor_id, changed in (("stress", 30), ("sitting_hours", 45)):
        found = next(f for f in result.factors if f.id == factor_id)
        assert found.changes == 1, factor_id
        assert (
            found.note is not None
            and f"Changed only once ({day_label(dt.date.fromisoformat(day(changed)))})" in found.note
        )
        assert "go back to how it was for a week, if you can" in found.note  # not "switch back": stress
    assert result.time_terms.bends == tuple(dt.date.fromisoformat(day(i)) for i in (30, 45))


def test_a_scale_different_only_on_a_short_stay_names_it_at_its_value() -> None:
    """Stress high every day but six: the note names those days as the scale's own word says them."""
    rows = noisy_days(60, stress=lambda i: "none" if 30 <= i < 36 else "high")
    stress = next(f for f in analyze(frame_of(rows)).factors if f.id == "stress")
    assert stress.changes == 0 and stress.note is not None
    first, last = (dt.date.fromisoformat(day(i)) for i in (30, 35))
    assert (
        f"(stress the day before at none for 6 days, {day_label(first)} to {day_label(last)})" in stress.note
    )
    assert held_at("sleep_hours", 6.5) == "sleep at 6.5 hours"
    assert held_at("sitting_hours", 1.0) == "sitting the day before at 1 hour"
    assert held_at("exertion", 0.0) == "exertion the day before at rest"


def test_every_value_of_a_scale_counts_as_a_change() -> None:
    """Moderate (step 2) and 2 hours of sitting are values like any other, not "neither side"."""
    levels = ["rest", "moderate"] * 20
    rows = noisy_days(40, exertion=lambda i: levels[i], sitting_hours=lambda i: 2.0 if i % 2 else 5.0)
    result = analyze(frame_of(rows))
    assert next(f for f in result.factors if f.id == "exertion").changes == 39
    assert next(f for f in result.factors if f.id == "sitting_hours").changes == 39


def test_a_scale_that_varies_is_judged_though_few_days_lie_below_its_median() -> None:
    """Exertion on 4 days of rest, 17 light, 11 moderate and 8 heavy: 21 below moderate, 19 at or above it."""
    steps = ["rest"] * 4 + ["light"] * 17 + ["moderate"] * 11 + ["heavy"] * 8
    order = np.random.default_rng(11).permutation(len(steps))
    rows = noisy_days(len(steps), exertion=lambda i: steps[order[i]])
    exertion = next(f for f in analyze(frame_of(rows)).factors if f.id == "exertion")
    assert exertion.verdict != "not enough data" and exertion.estimate is not None
    rare = ["light"] * 36 + ["heavy"] * 4  # only 4 days away from its usual value: not enough
    rows = noisy_days(len(rare), exertion=lambda i: rare[i])
    exertion = next(f for f in analyze(frame_of(rows)).factors if f.id == "exertion")
    assert exertion.verdict == "not enough data"
    assert "above its usual value on only 4 days" in exertion.sentence


# -- switches, before/after, patterns, lags --------------------------------------


def test_switches_ignore_short_visits() -> None:
    names = ["Sofa"] * 30 + ["Hotel"] * 5 + ["Sofa"] * 10 + ["Foam"] * 40
    rows = noisy_days(len(names), mattress=lambda i: names[i])
    found = [(s.date, s.what, s.from_, s.to) for s in find_switches(frame_of(rows))]
    assert found == [(START + dt.timedelta(days=45), "mattress", "Sofa", "Foam")]


def test_a_trip_between_the_old_mattress_and_the_new_is_one_switch() -> None:
    """Old, a hotel week, then New: the hotel is a stay on the way, not two switches."""
    names = ["Old"] * 60 + ["Hotel"] * 8 + ["Foam"] * 40
    rows = noisy_days(len(names), mattress=lambda i: names[i])
    found = [(s.date, s.from_, s.to) for s in find_switches(frame_of(rows))]
    assert found == [(START + dt.timedelta(days=68), "Old", "Foam")]
    lasting = ["Old"] * 60 + ["Hotel"] * 20 + ["Foam"] * 40  # three weeks is a mattress of its own
    rows = noisy_days(len(lasting), mattress=lambda i: lasting[i])
    assert [(s.from_, s.to) for s in find_switches(frame_of(rows))] == [("Old", "Hotel"), ("Hotel", "Foam")]


def test_a_short_first_stretch_is_no_side_of_a_switch() -> None:
    """Days that start in a hotel week (a report's dates, a diary begun on a trip) hold no switch home."""
    names = ["Hotel"] * 6 + ["Old"] * 60 + ["Foam"] * 40
    rows = noisy_days(len(names), mattress=lambda i: names[i])
    assert [(s.from_, s.to) for s in find_switches(frame_of(rows))] == [("Old", "Foam")]
    weeks = ["Old"] * 14 + ["Foam"] * 40  # two weeks before the new mattress: a switch
    rows = noisy_days(len(weeks), mattress=lambda i: weeks[i])
    assert [(s.from_, s.to) for s in find_switches(frame_of(rows))] == [("Old", "Foam")]
    recent = ["Old"] * 60 + ["Foam"] * 6  # a mattress bought six days ago still is one
    rows = noisy_days(len(recent), mattress=lambda i: recent[i])
    assert [(s.from_, s.to) for s in find_switches(frame_of(rows))] == [("Old", "Foam")]


def test_nights_back_on_the_old_mattress_too_few_for_a_stretch_still_count_and_are_never_asked_for() -> None:
    """The last week back on the old mattress, four of its mornings logged: evidence, not a request."""
    names = ["Old"] * 70 + ["New"] * 73 + ["Old"] * 7
    rows = [
        r
        for i, r in enumerate(noisy_days(len(names), mattress=lambda i: names[i]))
        if i not in (144, 146, 148)
    ]
    (switch,) = analyze(frame_of(rows)).switches
    assert (switch.from_, switch.to, switch.n_before) == ("Old", "New", 74)
    assert switch.returns == ((START + dt.timedelta(days=143), START + dt.timedelta(days=149)),)
    assert "your nights back on Old" in switch.sentence and "switch back" not in switch.sentence


def test_before_after_any_date_with_and_without_first_week() -> None:
    rng = np.random.default_rng(2)
    rows = [
        {"date": day(i), "pain": int(np.clip(round(6 - 3 * (i >= 50) + rng.normal(0, 0.7)), 0, 10))}
        for i in range(100)
    ]
    result = before_after(frame_of(rows), START + dt.timedelta(days=50))
    assert result.difference == pytest.approx(-3, abs=0.6)
    assert result.ci_low is not None and result.ci_high is not None
    assert result.ci_low < -2 and result.ci_high < 0
    assert result.adapted_difference == pytest.approx(-3, abs=0.6)
    assert (result.n_before, result.n_after) == (50, 50)
    short = before_after(frame_of(rows), START + dt.timedelta(days=97))
    assert short.difference is None and "Not enough days" in short.sentence


def test_before_after_a_date_with_nothing_logged_near_it_on_one_side_measures_nothing() -> None:
    """Across a long gap a step and the trend's bend cannot be told apart: said so, never ±500 points."""
    rows = noisy_days(20) + [{**row, "date": day(110 + i)} for i, row in enumerate(noisy_days(20, seed=1))]
    frame = frame_of(rows)
    after_gap = before_after(frame, START + dt.timedelta(days=110))
    assert after_gap.difference is None and after_gap.ci_low is None
    assert after_gap.sentence.startswith(
        f"The diary has no mornings logged in the 90 days before {day_label(START + dt.timedelta(days=110))}: "
        "a change on that day cannot be told apart from how your pain was going anyway."
    )
    never = before_after(frame, START + dt.timedelta(days=30), "sleep_quality")  # never recorded at all
    assert never.difference is None and never.sentence.startswith(
        "Not enough days to compare before and after"
    )
    into_gap = before_after(frame, START + dt.timedelta(days=16))  # four mornings before it, then the gap
    assert "in the 14 days from" in into_gap.sentence and into_gap.difference is None
    assert into_gap.sentence.startswith("The diary has only 4 mornings logged in the 14 days from")
    one_after = before_after(frame, START + dt.timedelta(days=111))
    assert one_after.sentence.startswith("The diary has only 1 morning logged in the 14 days before")
    # Five days recorded within 14 on each side are enough to measure a step; the gap further off is no matter.
    near = before_after(frame, START + dt.timedelta(days=10))
    assert near.difference is not None and near.sentence.startswith(
        "Your pain averaged 3.8 before Sat 11 Jan 2025 and 4.8 from then on. Allowing for "
    )
    # Too few after it near the date, though enough further on: said of that side, not of "before".
    rows = noisy_days(80, sleep_quality=lambda i: 3 + i % 2 if i < 50 or i >= 66 else None)
    later = before_after(frame_of(rows), START + dt.timedelta(days=52), "sleep_quality")
    assert later.sentence.startswith(
        "The diary has no nights with the sleep quality recorded in the 14 days from "
        f"{day_label(START + dt.timedelta(days=52))} on"
    )


def test_the_date_offered_first_has_mornings_near_it_on_both_sides() -> None:
    from diary.analysis.switches import offered_date

    dates = [START + dt.timedelta(days=i) for i in [*range(20), *range(110, 130)]]
    offered = offered_date(dates)  # the middle (day 110) is just after three months of nothing
    assert offered in (dates[15], dates[25]) and offered == dates[15]
    steady = [START + dt.timedelta(days=i) for i in range(30)]
    assert offered_date(steady) == steady[15]
    sparse = [START + dt.timedelta(days=40 * i) for i in range(4)]  # nowhere near enough: the middle one
    assert offered_date(sparse) == sparse[2]


def test_position_habit_switch_is_found() -> None:
    rows = noisy_days(
        90, position=lambda i: ("stomach" if i % 10 else "side") if i < 45 else ("side" if i % 10 else "back")
    )
    switches = find_switches(frame_of(rows))
    assert [(s.what, s.from_, s.to) for s in switches] == [("position", "stomach", "side")]
    assert abs((switches[0].date - (START + dt.timedelta(days=45))).days) <= 2


def test_a_week_back_on_the_old_position_counts_on_its_side_and_is_never_asked_for() -> None:
    """Back until day 80, then stomach, with a week back on the back (days 140–146): the week is the back's."""
    rng = np.random.default_rng(0)
    back = [i < 80 or 140 <= i < 147 for i in range(200)]
    rows = [
        {"date": day(i), "pain": int(np.clip(round(3 + 1.5 * (not b) + rng.normal(0, 1)), 0, 10)),
         "position": "back" if b else "stomach"}
        for i, b in enumerate(back)
    ]  # fmt: skip
    (switch,) = [s for s in analyze(frame_of(rows)).switches if s.what == "position"]
    assert (switch.n_before, switch.n_after) == (87, 113)  # by the night's position, not by the date
    assert switch.returns == ((START + dt.timedelta(days=140), START + dt.timedelta(days=146)),)
    assert switch.ci_low is not None and switch.ci_high is not None and switch.ci_low < 1.5 < switch.ci_high
    assert "when sleeping on your back and" in switch.sentence
    assert "Your nights sleeping on your back again (7 days" in switch.sentence
    assert "go back to" not in switch.sentence


def test_stiffness_of_a_typical_30_minutes_is_not_called_long() -> None:
    """Long morning pain is over 30 minutes; the inflammatory pattern's long stiffness is too (it took 30 as long)."""
    rows = noisy_days(
        50,
        pain=lambda i: 6,
        pain_minutes=lambda i: 30,
        night_wakings=lambda i: 1 if i % 3 == 0 else 0,
        exercise=lambda i: "walking" if i % 2 else "",
        exertion=lambda i: "rest" if i % 2 == 0 else "light",
    )
    for i, row in enumerate(rows):
        row["pain"] = 5 if i % 2 else 7
    found = {p.id for p in find_patterns(frame_of(rows))}
    assert "inflammatory" not in found and "long_morning_pain" not in found


def test_patterns_with_their_numbers() -> None:
    rows = noisy_days(
        50,
        pain=lambda i: 6,
        pain_minutes=lambda i: 60 if i % 5 else 20,
        night_wakings=lambda i: 1 if i % 3 == 0 else 0,
        exercise=lambda i: "walking" if i % 2 else "",
        exertion=lambda i: "rest" if i % 2 == 0 else "light",
    )
    for i, row in enumerate(rows):
        row["pain"] = 5 if i % 2 else 7  # better after active days than after rest
    found = {p.id: p for p in find_patterns(frame_of(rows))}
    assert set(found) == {"long_morning_pain", "night_waking", "not_easing", "inflammatory"}
    assert "on 12 of the 14 mornings" in found["long_morning_pain"].sentence
    assert found["night_waking"].numbers["nights_woken"] == 5
    assert "not easing" in found["not_easing"].sentence
    said = found["inflammatory"].sentence  # with the mornings and days behind each number
    assert said.startswith("Over the 28 mornings logged in the 4 weeks up to ")
    assert "(pain 5.0 after 14 active days, 7.0 after 14 days of rest)" in said


def test_no_patterns_on_easy_mornings() -> None:
    rows = noisy_days(50, pain=1, pain_minutes=5, night_wakings=0)
    assert find_patterns(frame_of(rows)) == []


def test_lags_are_fitted_together_and_find_the_right_day() -> None:
    """Seed 5: exertion acts two days later (1 point a step); lag 2 is clear, lags 1 and 3 are not."""
    rng = np.random.default_rng(5)
    steps = rng.integers(0, 4, 200)
    rows = []
    for i in range(200):
        two_days_before = steps[i - 1] if i else 0
        pain = int(np.clip(round(3 + 1.0 * two_days_before + rng.normal(0, 0.8)), 0, 10))
        rows.append(
            {"date": day(i), "pain": pain, "exertion": ["rest", "light", "moderate", "heavy"][steps[i]]}
        )
    result = analyze(frame_of(rows))
    lags = {lag.lag: lag for lag in result.lags}
    assert sorted(lags) == [1, 2, 3]
    assert lags[2].clear and lags[2].ci_low is not None and lags[2].ci_low > 0.7
    assert not lags[1].clear and not lags[3].clear
    # Each in plain words, and the clear one named in the summary (the factor list has only the day before).
    assert lags[2].sentence.startswith(
        "Exertion 2 days before: about 1"
    ) and "point more pain per step (" in (lags[2].sentence)
    assert lags[3].sentence.startswith("Exertion 3 days before: no clear link; your diary fits anything from")
    assert "Going with worse mornings: each step up in exertion 2 days before." in result.summary
    assert "3 days before" not in result.summary
    assert json_of(to_json(result))["lags"][1]["sentence"] == lags[2].sentence
    exertion = next(f for f in result.factors if f.id == "exertion")
    assert exertion.estimate == lags[1].estimate  # lag 1 is the exertion factor itself, in the same model
    table = lag_effects(frame_of(rows)).set_index("lag")
    assert list(table.index) == [1, 2, 3] and bool(table.loc[2, "clear"])


def bent_trend_diary(seed: int, days: int = 900, **columns) -> pd.DataFrame:
    """Pain easing from 8 to 3 over the first year, then level, with AR(1) noise; nothing else matters."""
    rng = np.random.default_rng(seed)
    noise = np.zeros(days)
    for i in range(1, days):
        noise[i] = 0.5 * noise[i - 1] + rng.normal(0, 0.5)
    pain = 8 - 5 * np.minimum(np.arange(days), 365) / 365 + noise
    rows = [{"date": day(i), "pain": int(np.clip(round(pain[i]), 0, 10))} for i in range(days)]
    for i, row in enumerate(rows):
        row.update({k: v(i, rng) for k, v in columns.items()})
    return frame_of(rows)


def test_trend_is_a_natural_spline_with_a_knot_about_every_six_weeks() -> None:
    short, short_names = trend_terms(np.arange(60.0))
    assert short_names == ["trend"] and short.shape == (60, 1)  # under two knot spacings: a straight line
    year, year_names = trend_terms(np.arange(10.0, 375.0))
    assert year.shape[1] == len(year_names) == round(365 / 42)  # one column per piece
    assert np.linalg.matrix_rank(np.column_stack([np.ones(365), year])) == year.shape[1] + 1
    # natural: straight beyond the first and last knots, so a straight line is in its span
    line = np.arange(10.0, 375.0)
    with_intercept = np.column_stack([np.ones(365), year])
    fitted = with_intercept @ np.linalg.lstsq(with_intercept, line, rcond=None)[0]
    assert np.allclose(fitted, line)


def test_no_trend_knot_falls_in_weeks_without_days() -> None:
    """Two months not logged in ten: a knot there would let the curve turn where no day shows it (and a
    mattress bought in those weeks would get a confident number from that guess). Each knot has days used
    within a week on both sides, and the trend still bends about every six weeks elsewhere."""
    day = np.r_[np.arange(0, 70), np.arange(130, 300)].astype(float)
    knots = trend_knots(day)
    assert knots and not [k for k in knots if 69 < k < 130]
    for knot in knots:
        assert ((day <= knot) & (day > knot - 7)).any() and ((day > knot) & (day <= knot + 7)).any()
    assert len(knots) >= 3
    every_day = trend_knots(np.arange(300.0))
    assert len(every_day) == round(299 / 42) - 1


@settings(max_examples=40, deadline=None)
@given(
    days=st.lists(st.integers(0, 4000), min_size=30, max_size=1500, unique=True),
    extra=st.integers(0, 3),
)
def test_the_spline_basis_is_scipys(days: list[int], extra: int) -> None:
    """The B-splines and their curvature at the ends, computed without scipy.interpolate, are scipy's own."""
    from scipy.interpolate import BSpline

    day = np.sort(np.array(days, dtype=float))
    knots = trend_knots(day)
    t = np.r_[[day.min()] * 4, knots, np.linspace(day.min(), day.max(), extra + 2)[1:-1], [day.max()] * 4]
    t = np.sort(t)
    assert np.allclose(bspline_basis(day, t, 3), BSpline.design_matrix(day, t, 3).toarray(), atol=1e-12)
    ends = BSpline(t, np.eye(len(t) - 4), 3).derivative(2)(np.array([day.min(), day.max()]))
    assert np.allclose(second_derivative_at_ends(t), ends, rtol=1e-9, atol=1e-12 * np.abs(ends).max())


@settings(max_examples=40, deadline=None)
@given(
    days=st.integers(30, 4000),
    extra=st.integers(0, 6),
    seed=st.integers(0, 2**32 - 1),
    repeat=st.booleans(),
)
def test_the_designs_basis_spans_what_a_householder_qr_spans(
    days: int, extra: int, seed: int, repeat: bool
) -> None:
    """The time terms' orthonormal basis (Cholesky QR) is orthonormal and spans the columns, as numpy's QR.

    ``repeat`` adds a copy of a column: dependent columns, which take the QR itself.
    """
    rng = np.random.default_rng(seed)
    day_numbers = np.sort(rng.choice(4000 + days, size=days, replace=False)).astype(float)
    terms, _ = trend_terms(day_numbers, (day_numbers.astype(int) % 7))
    columns = np.column_stack([np.ones(days), terms, rng.normal(size=(days, extra))])
    if repeat:
        columns = np.column_stack([columns, columns[:, -1]])
    q = orthonormal(columns)
    assert q.shape == columns.shape
    assert np.allclose(q.T @ q, np.eye(q.shape[1]), atol=1e-9)
    householder = np.linalg.qr(columns)[0]
    # the same space: each projects the other's columns onto themselves
    assert np.allclose(q @ (q.T @ householder), householder, atol=1e-8) or repeat
    assert np.allclose(q @ (q.T @ columns), columns, atol=1e-8 * np.abs(columns).max())


def test_trend_bends_and_weekdays_are_columns_of_their_own() -> None:
    day_numbers = np.arange(100.0)
    weekday = (day_numbers.astype(int) + 2) % 7
    terms, names = trend_terms(day_numbers, weekday, bends=[40.0])
    assert "trend_bend_40" in names
    bend = terms[:, names.index("trend_bend_40")]
    assert bend[40] == 0 and bend[41] > 0
    weekly = [n for n in names if n.startswith("weekday:")]
    assert weekly == [
        "weekday:Tue",
        "weekday:Wed",
        "weekday:Thu",
        "weekday:Fri",
        "weekday:Sat",
        "weekday:Sun",
    ]
    _, names_short = trend_terms(day_numbers[:55], weekday[:55])
    assert not any(n.startswith("weekday:") for n in names_short)  # under 8 weeks: no weekly terms


def test_before_after_and_lags_allow_for_the_same_trend_as_the_main_model() -> None:
    """On a diary longer than a year whose pain eased and then levelled off, nothing is credited with the bend.

    Seed 0. A straight trend (as the before/after and the lag models once had) finds about 2 points
    "after" a date on which nothing changed, and a lag effect of exertion that is no more than its timing.
    """
    exertion = ["heavy" if i < 150 or i > 700 else "rest" for i in range(900)]
    frame = bent_trend_diary(0, exertion=lambda i, rng: exertion[i] if rng.random() > 0.1 else "moderate")
    after = before_after(frame, START + dt.timedelta(days=600))
    assert after.ci_low is not None and after.ci_high is not None and after.difference is not None
    assert after.ci_low < 0 < after.ci_high and abs(after.difference) < 0.8
    lag1 = lag_effects(frame).set_index("lag").loc[1]
    assert lag1["ci_low"] < 0 < lag1["ci_high"] and abs(lag1["estimate"]) < 0.08


def test_level_summary_counts_days() -> None:
    table = level_summary(entries_frame(sample_entries()), "firmness")
    assert list(table["level"]) == ["soft", "medium-firm", "firm"]
    assert table["days"].sum() == len(sample_entries())
    assert (table["q1"] <= table["median"]).all()


# -- output --------------------------------------------------------------------


def test_json_has_every_design_field(sample_analysis) -> None:
    data = sample_analysis.to_json()
    for key in (
        "outcome",
        "rows",
        "first",
        "last",
        "method",
        "references",
        "factors",
        "switches",
        "patterns",
        "red_flags",
    ):
        assert key in data
    for factor in data["factors"]:
        for key in ("id", "n", "raw", "estimate", "ci_low", "ci_high", "p", "q", "verdict", "sentence"):
            assert key in factor
        if factor["verdict"] in ("not enough data", "cannot be separated"):
            assert (
                factor["estimate"]
                is factor["ci_low"]
                is factor["ci_high"]
                is factor["p"]
                is factor["q"]
                is None
            )
    for switch in data["switches"]:
        for key in ("date", "what", "from", "to", "before", "after", "difference", "ci_low", "ci_high"):
            assert key in switch
    assert data["red_flags"] == [
        {"date": "2025-05-20", "flags": ["fever", "urinary"], "tier": "doctor_today"}
    ]


def test_text_report_puts_sentences_and_safety_first(sample_analysis) -> None:
    text = render_text(sample_analysis)
    assert text.index("Going with worse mornings") < text.index("factor ")
    assert "Tue 20 May 2025: fever with back pain" in text
    # Warning symptoms come before any of the analysis: never buried under fifty lines of it.
    assert text.index("Warning symptoms logged") < text.index("Going with worse mornings")
    assert "not a diagnosis" in text
    # lag 1 beside the exertion factor: why their numbers differ
    assert "so the two numbers can differ a little" in text
    # and before the patterns worth a doctor's visit, as the report and the pages put them
    with_patterns = dataclasses.replace(
        sample_analysis,
        patterns=(Pattern("stiffness", "Morning stiffness lasted over 30 minutes on most mornings."),),
    )
    text = render_text(with_patterns)
    assert text.index("Warning symptoms logged") < text.index("Patterns worth a doctor's visit")


def test_text_report_says_too_few_days_once_and_of_the_outcome() -> None:
    """45 mornings logged, the minutes recorded on 10: not "fewer than 14 days logged", and not once per factor."""
    rows = noisy_days(45, pain_minutes=lambda i: 20 if i % 4 == 0 and i < 40 else None)
    text = render_text(analyze(frame_of(rows), outcome="pain_minutes"))
    said = "Fewer than 14 mornings with the minutes of pain recorded: no effects yet."
    assert text.count(said) == 1, text
    assert "days logged: no effects" not in text
    assert "Method:" not in text  # nothing was fitted: no method to name
    assert "Method: regression" in render_text(analyze(frame_of(rows)))


def test_the_summary_counts_unclear_factors_as_others_only_after_named_ones() -> None:
    from diary.analysis.text import summary

    def effect(name: str, verdict: Verdict) -> FactorEffect:
        return FactorEffect(name, name, 30, 0.1, 0.1, -0.5, 0.7, 0.6, 0.8, verdict, "")

    unclear = [effect("alcohol", "unclear"), effect("stress", "unclear")]
    said = summary(60, 60, "confirmatory", unclear, "pain")
    assert "2 factors were checked and showed no clear difference." in said and "other" not in said
    said = summary(60, 60, "confirmatory", [effect("lifting", "worse"), unclear[0]], "pain")
    assert "Going with worse mornings: lifting." in said and "1 other factor was checked" in said
    # unclear only once every factor is allowed for (its interval clear of 0): not "no clear difference"
    leaning = dataclasses.replace(effect("stomach", "unclear"), ci_low=0.2, ci_high=1.6)
    said = summary(60, 60, "confirmatory", [*unclear, leaning], "pain")
    assert "2 other factors were checked and showed no clear difference." in said
    assert "Leaning one way, but not clear enough with this many factors checked at once: stomach." in said


def test_the_summary_and_the_factors_takeaway_name_weak_evidence_as_the_factor_note_does() -> None:
    """A factor that changed only once or twice, or differed only on short stays, is never named in a list
    more firmly than its own note has it: each list says why it is held loosely."""
    from diary.analysis.results import Analysis
    from diary.analysis.text import summary
    from diary.views.factors import forest_takeaway

    def effect(name: str, **kwargs: Any) -> FactorEffect:
        return dataclasses.replace(
            FactorEffect(name, name, 60, 1.0, 1.0, 0.4, 1.6, 0.001, 0.01, "worse", ""), **kwargs
        )

    found = [
        effect("firmness:soft", changes=1),
        effect("tag:topper", changes=2, exploratory=True),
        effect("tag:travel", stays=1),
        effect("lifting", changes=9, stays=1),
    ]
    said = summary(90, 90, "confirmatory", found, "pain")
    assert (
        "Going with worse mornings: firmness:soft (changed only once: weak evidence), "
        "tag:topper (exploratory; changed only twice: weak evidence), "
        "tag:travel (only on short stays: weak evidence), lifting."
    ) in said
    analysis = Analysis("pain", 90, None, None, "", {}, [], [], [], [], "confirmatory", "", outcome_days=90)
    takeaway = forest_takeaway(dataclasses.replace(analysis, factors=found)).text
    assert "(changed only once: weak evidence)" in takeaway and "(exploratory; changed only twice" in takeaway
    # A diary exploratory as a whole says so before its list, not after each name.
    early = dataclasses.replace(analysis, factors=found, stage="exploratory")
    assert "exploratory;" not in forest_takeaway(early).text
    assert "exploratory;" not in summary(20, 20, "exploratory", found, "pain")


def test_text_report_lists_the_lags_as_the_json_does(sample_analysis) -> None:
    """The terminal reader sees the days before as ``analyze --json`` lists them under ``lags``."""
    text = render_text(sample_analysis)
    lines = text[text.index("Exertion on the days before, judged together") :].splitlines()[1:4]
    for line, lag in zip(lines, sample_analysis.lags, strict=True):
        assert line.startswith(
            f"- {lag.sentence} [{figure(lag.estimate, 2, signed=True)} ("
        )  # words, then figures
        assert ("no clear link" in line) != lag.clear


def test_cli_analyze_json(tmp_path: Path, sample: list[Entry]) -> None:
    exe = Path(sys.executable).with_name("pain-diary")
    data = tmp_path / "d.csv"
    assert subprocess.run([exe, "--data", str(data), "sample"], capture_output=True).returncode == 0
    result = subprocess.run([exe, "analyze", "--json", "--data", str(data)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    data_json = json.loads(result.stdout)
    assert data_json["rows"] == len(sample)
    assert data_json["first"] == sample[0].date.isoformat()
    stomach = next(f for f in data_json["factors"] if f["id"] == "position:stomach")
    assert stomach["verdict"] == "worse" and stomach["ci_low"] > 0
    for outcome in ("pain_minutes", "sleep_quality"):
        other = subprocess.run(
            [exe, "analyze", "--json", "--outcome", outcome, "--data", str(data)],
            capture_output=True,
            text=True,
        )
        assert json.loads(other.stdout)["outcome"] == outcome
    bad = subprocess.run(
        [exe, "analyze", "--outcome", "mood", "--data", str(data)], capture_output=True, text=True
    )
    assert bad.returncode == 2
    plain = subprocess.run([exe, "analyze", "--data", str(data)], capture_output=True, text=True)
    assert "Stomach sleeping (vs back)" in plain.stdout and plain.returncode == 0
    assert "position:stomach" not in plain.stdout  # the table names factors in words; ids are for the JSON


def test_gate_counts_the_days_with_the_chosen_outcome() -> None:
    rows = noisy_days(40, pain_minutes=lambda i: 20 if i < 10 else None)
    result = analyze(frame_of(rows), "pain_minutes")
    assert result.stage == "too few days"
    assert result.summary.startswith("10 mornings with the minutes of pain recorded: at least 14")


def test_blank_cells_do_not_throw_away_days() -> None:
    """Realistic diaries leave single cells blank: the days still count for every other factor."""
    import dataclasses

    rng = np.random.default_rng(0)
    columns = (
        "position",
        "firmness",
        "exertion",
        "lifting",
        "sitting_hours",
        "alcohol",
        "stress",
        "warm_bath",
    )
    full = generate_sample(SampleSpec(seed=7, days=365))
    blank = [
        dataclasses.replace(e, **cast(dict[str, Any], {c: None for c in columns if rng.random() < 0.1}))
        for e in full
    ]
    result = analyze(entries_frame(blank))
    verdicts = {f.id: f for f in result.factors}
    for factor in ("position:stomach", "exertion", "sitting_hours"):
        assert verdicts[factor].verdict == "worse", factor
        low, high = verdicts[factor].ci_low, verdicts[factor].ci_high
        assert low is not None and high is not None
        assert low <= TRUE_EFFECTS[factor] <= high
    # stress is blank on about a tenth of the days, yet counted on the others
    assert verdicts["stress"].n > 0.85 * len(blank)


def test_a_blank_firmness_is_its_mattress_firmness() -> None:
    rows = noisy_days(
        40,
        mattress=lambda i: "Sofa" if i < 20 else "Foam",
        firmness=lambda i: None if i % 4 == 0 else ("soft" if i < 20 else "medium"),
    )
    cal = daily_calendar(frame_of(rows))
    assert cal["firmness"].isna().sum() == 0
    assert cal.loc[pd.Timestamp(day(0)), "firmness"] == "soft"
    assert cal.loc[pd.Timestamp(day(20)), "firmness"] == "medium"


def test_a_diary_of_pain_alone() -> None:
    """Only the required columns: every factor listed as not enough data, references still named."""
    rows = [{"date": day(i), "pain": (i * 7) % 11} for i in range(40)]
    data = json_of(analyze(frame_of(rows)).to_json())
    assert data["references"] == {"position": "back", "firmness": "medium"}
    assert data["factors"]
    assert {f["verdict"] for f in data["factors"]} == {"not enough data"}
    assert all(f["estimate"] is None for f in data["factors"])


def test_one_switch_asks_for_a_week_back_on_what_it_left_by_name() -> None:
    """A week on another bed of the old one's firmness (a hotel) is no switch back: the advice names the old one."""
    rows = noisy_days(
        150,
        mattress=lambda i: "Old futon" if i < 60 else ("Hotel" if 100 <= i < 107 else "Foam 2025"),
        firmness=lambda i: "soft" if i < 60 or 100 <= i < 107 else "medium-firm",
    )
    (switch,) = analyze(frame_of(rows)).switches
    assert switch.sentence.endswith("to confirm, switch back to Old futon for a week.")
    rows = noisy_days(150, position=lambda i: "back" if i < 75 else "side")
    (switch,) = analyze(frame_of(rows)).switches
    assert switch.sentence.endswith("to confirm, go back to sleeping on your back for a week.")


def test_a_habit_changed_both_ways_never_asks_for_a_switch_back() -> None:
    """DESIGN: the advice never asks for a switch-back the diary already holds."""
    rows = noisy_days(180, position=lambda i: "side" if 60 <= i < 120 else "back")
    there, back = analyze(frame_of(rows)).switches
    assert (there.from_, there.to, back.from_, back.to) == ("back", "side", "side", "back")
    assert there.changed_back == (back.date,) and back.changed_back == (there.date,)
    for switch in (there, back):
        assert "to confirm" not in switch.sentence and "for a week" not in switch.sentence
        assert "Your diary also holds the change the other way" in switch.sentence


def test_a_factor_recorded_on_fewer_than_30_of_the_days_compared_is_labelled_exploratory() -> None:
    """Forty mornings, the position logged on only the last 25: its verdict rests on 25 days, and says so."""
    rng = np.random.default_rng(5)
    rows = []
    for i in range(40):
        row: dict[str, object] = {"date": day(i), "alcohol": i % 3 == 0}
        if i >= 15:
            row["position"] = "stomach" if i % 2 else "back"
        stomach = row.get("position") == "stomach"
        row["pain"] = int(np.clip(round(3 + 3 * stomach + rng.normal(0, 0.6)), 0, 10))
        rows.append(row)
    result = analyze(frame_of(rows))
    assert result.stage == "confirmatory"
    position = next(f for f in result.factors if f.id == "position:stomach")
    assert position.exploratory and position.verdict == "worse"
    assert position.sentence.startswith("Exploratory (recorded on fewer than 30 of the days compared): ")
    alcohol = next(f for f in result.factors if f.id == "alcohol")
    assert not alcohol.exploratory and not alcohol.sentence.startswith("Exploratory")


def test_an_empty_diary_names_the_usual_references_as_a_diary_without_those_levels_does() -> None:
    """An empty diary said ``references: {}``, one morning without a firmness ``{"firmness": "medium", ...}``."""
    empty = analyze(frame_of([])).to_json()["references"]
    unlogged = analyze(frame_of([{"date": day(0), "pain": 3}])).to_json()["references"]
    assert empty == unlogged == {"position": "back", "firmness": "medium"}


def test_a_q_value_is_never_rounded_onto_the_line_a_finding_must_be_under() -> None:
    """0.0496 is a finding (q below 0.05): written "0.050" it read as not one, beside "a verdict needs q below 0.05"."""
    from diary.views.terminal import q_text

    assert [q_text(q) for q in (0.0496, 0.0504, 0.05, 0.0004, 0.0123, None)] == [
        "<0.050",
        "0.050",
        "0.050",
        "<0.001",
        "0.012",
        "",
    ]


def test_a_diary_a_factor_fits_exactly_is_never_given_sizes_past_the_scale() -> None:
    """Pain 0 and 10 by turns, exertion cycling its four steps: every fit is exact (intervals of no width)."""
    steps = ("rest", "light", "moderate", "heavy")
    rows = [{"date": day(i), "pain": 10 * (i % 2), "exertion": steps[i % 4]} for i in range(60)]
    result = analyze(frame_of(rows))
    exertion = next(f for f in result.factors if f.id == "exertion")
    assert "From the lowest to the highest step" not in exertion.sentence  # it would be 15 points on 0–10
    sentences = [lag.sentence for lag in result.lags]
    assert not any("from the same pain to the same pain" in s for s in sentences)
    assert "Exertion 2 days before: no link; your pain did not change with it." in sentences


def test_the_day_befores_lag_says_why_its_answer_differs_from_the_exertion_factors() -> None:
    """One link seen twice: the lag line names the factor list's answer and why the two differ, only then."""
    from diary.analysis.results import Lag
    from diary.analysis.text import lag_factor_clause

    lag = Lag("exertion", 1, "the day before", 49, 0.8, -0.02, 1.6, 0.06, 0.17)
    factor = FactorEffect(
        "exertion",
        "exertion the day before",
        76,
        1.0,
        1.0,
        0.5,
        1.5,
        0.0005,
        0.002,
        "worse",
        "",
        unit="per step",
    )
    clause = lag_factor_clause(lag, factor, "pain")
    assert (
        "The factor list, which takes every morning and is judged among all the factors, finds a link"
        in clause
    )
    assert "on the 49 mornings with all three known" in clause
    assert (
        lag_factor_clause(dataclasses.replace(lag, ci_low=0.3, q=0.01), factor, "pain") == ""
    )  # both a link
    unclear = dataclasses.replace(factor, verdict="unclear", ci_low=-0.1)
    assert lag_factor_clause(lag, unclear, "pain") == ""  # neither


def test_a_size_of_one_point_is_one_point_not_one_points() -> None:
    from diary.wording import points

    assert (points(1.0), points(-0.96), points(2.9), points(0.04)) == (
        "1.0 point",
        "1.0 point",
        "2.9 points",
        "0.0 points",
    )
