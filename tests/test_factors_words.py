"""The Factors and Trends pages' words and the functions they show, without Streamlit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import subprocess
import sys
from pathlib import Path

import pytest

from diary.analysis import LONG_PAIN_MINUTES, MEANINGFUL_CHANGE, OUTCOMES, Analysis, FactorEffect
from diary.analysis.results import TimeTerms, Verdict
from diary.safety import FlaggedDay, flag_tally
from diary.views import factors_words, trends_words
from diary.views.factors import (
    RECENT_FLAG_DAYS,
    flags_by_age,
    forest_caption,
    interval_figures,
    method_text,
    narrow_screen,
    numbers_table,
)
from diary.views.panels import FACTOR_VIEWS, TREND_VIEWS
from diary.views.trends import LONG_RANGE_DAYS, LONG_RANGE_MONTHS, MEAN_WINDOW_DAYS, VIEW_LABELS

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2025, 8, 20)


def effect(factor_id: str, verdict: Verdict, estimate: float | None = None, **values: object) -> FactorEffect:
    interval = (estimate - 0.5, estimate + 0.5) if estimate is not None else (None, None)
    return FactorEffect(
        id=factor_id,
        label=factor_id,
        n=20,
        raw=estimate,
        estimate=estimate,
        ci_low=interval[0],
        ci_high=interval[1],
        p=0.01 if estimate is not None else None,
        q=0.02 if estimate is not None else None,
        verdict=verdict,
        sentence=f"{factor_id}: {verdict}.",
        **values,  # type: ignore[arg-type]
    )


def analysis(factors: list[FactorEffect], **values: object) -> Analysis:
    fields: dict[str, object] = {
        "outcome": "pain",
        "rows": 40,
        "first": TODAY - dt.timedelta(days=40),
        "last": TODAY,
        "method": "regression with AR(1) errors, BH-corrected",
        "references": {},
        "factors": factors,
        "switches": [],
        "patterns": [],
        "red_flags": [],
        "stage": "confirmatory",
        "summary": "",
    }
    return Analysis(**{**fields, **values})  # type: ignore[arg-type]


def test_the_words_modules_load_no_data_stack() -> None:
    code = (
        "import sys, diary.views.factors_words, diary.views.trends_words; "
        "print(','.join(m for m in ('pandas', 'numpy', 'altair', 'diary.analysis') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, check=True
    )
    assert result.stdout.strip() == ""


def test_every_view_of_both_pages_has_a_tab_label() -> None:
    assert set(FACTOR_VIEWS) | {"chosen"} == set(factors_words.VIEW_LABELS)
    assert list(VIEW_LABELS) == list(TREND_VIEWS)
    # The outcomes' views are named by the registry, the others by the page's words.
    assert VIEW_LABELS["pain"] == OUTCOMES["pain"].noun == "Morning pain"
    assert VIEW_LABELS["pain_minutes"] == OUTCOMES["pain_minutes"].trend_title == "How long the pain lasted"
    assert VIEW_LABELS["sleep"] == trends_words.SLEEP_VIEW


def test_red_flags_of_the_last_two_weeks_come_newest_first_and_older_ones_apart() -> None:
    flagged = [
        FlaggedDay(TODAY - dt.timedelta(days=ago), ("saddle_numbness",))
        for ago in (40, RECENT_FLAG_DAYS, 13, 1)
    ]
    recent, older = flags_by_age(flagged, TODAY)
    assert [TODAY - d.date for d in recent] == [dt.timedelta(days=1), dt.timedelta(days=13)]
    assert [TODAY - d.date for d in older] == [dt.timedelta(days=40), dt.timedelta(days=RECENT_FLAG_DAYS)]
    assert flags_by_age([], TODAY) == ([], [])
    assert factors_words.older_flags(len(older), older[-1].date, flag_tally(older)) == (
        "Warning symptoms were logged on 2 earlier mornings (the latest Wed 6 Aug 2025): "
        "numbness between the legs or around the bottom (saddle area) on 2 mornings "
        "(emergency: call emergency services). "
        "If a doctor has not seen them yet, mention them: the doctor report (Export page) lists them by day."
    )


def test_with_verdict_keeps_the_analysis_order() -> None:
    factors = [
        effect("alcohol", "not enough data"),
        effect("lifting", "worse", 1.5),
        effect("tag:trip", "cannot be separated"),
        effect("late_meal", "not enough data"),
    ]
    result = analysis(factors)
    assert [f.id for f in result.with_verdict("not enough data")] == ["alcohol", "late_meal"]
    assert [f.id for f in result.with_verdict("cannot be separated")] == ["tag:trip"]
    assert result.with_verdict("better") == []


def test_a_tie_of_factors_that_never_varied_apart_is_one_sentence() -> None:
    """A pair is named once (the first of it, whose sentence names the other); a tie that names someone new stays."""
    tied: Verdict = "cannot be separated"
    result = analysis(
        [
            effect("lifting", "worse", 1.5),
            effect("firmness:firm", tied, separated_from=("tag:travel",)),
            effect("tag:travel", tied, separated_from=("firmness:firm",)),
            effect("position:mixed", tied, separated_from=("position:side", "tag:sofa")),
            effect("tag:sofa", tied, separated_from=("position:mixed",)),
            effect("position:side", tied, separated_from=("position:mixed", "late_meal")),
            effect("yoga", tied),  # follows the weekdays or the trend: no partner, its own sentence
        ]
    )
    assert [f.id for f in result.inseparable()] == [
        "firmness:firm",
        "position:mixed",
        "position:side",  # it names the late meal, which no sentence above did
        "yoga",
    ]
    assert len(result.with_verdict(tied)) == 6  # the JSON and the table keep every factor


def test_the_numbers_table_names_its_columns_as_the_page_does() -> None:
    result = analysis(
        [effect("position:stomach", "worse", 1.25), effect("alcohol", "not enough data", note="5 days")],
        references={"position": "back"},
    )
    table = numbers_table(result)
    assert list(table.columns) == [
        factors_words.FACTOR,
        factors_words.VERDICT,
        factors_words.ESTIMATE,
        factors_words.INTERVAL,
        factors_words.Q,
        factors_words.DAYS,
        factors_words.UNIT,
        factors_words.NOTE,
    ]
    stomach, alcohol = table.to_dict("records")
    assert stomach["Factor"] == "Stomach sleeping (vs back)"
    assert stomach["95 % interval"] == "+0.75 to +1.75" == interval_figures(0.75, 1.75)
    assert stomach["Estimate"] == 1.25 and stomach["q"] == "0.020" and stomach["Note"] == ""
    assert alcohol["q"] == ""  # not estimated
    assert stomach["Unit"] == "days with it vs without"  # not the model's "indicator"
    tiny = analysis([dataclasses.replace(effect("stress", "worse", 1.0), q=0.00004)])
    assert numbers_table(tiny).to_dict("records")[0]["q"] == "<0.001"  # as the terminal writes it, not 0.000
    near_zero = analysis([effect("late_meal", "unclear", -0.002)])
    estimate = numbers_table(near_zero).to_dict("records")[0]["Estimate"]
    assert estimate == 0 and math.copysign(1, estimate) == 1  # shown "+0.00", never "-0.00"
    assert alcohol["95 % interval"] == "" and alcohol["Note"] == "5 days"
    assert interval_figures(-0.4, 0.0) == "-0.40 to +0.00"


def test_the_method_paragraph_says_what_the_fit_allowed_for() -> None:
    plain = method_text(analysis([effect("alcohol", "unclear", 0.2)]))
    assert plain is not None
    assert plain.startswith(
        "Method: regression with AR(1) errors, BH-corrected: how each morning goes partly carries over to the next "
        "(AR(1)), and the many factors checked at once are allowed for (BH: Benjamini–Hochberg). Allowing for"
    )
    assert "twice. Painkillers" in plain and "day of the week" not in plain
    assert "Estimates are in points, per step or per hour where the unit says so. q is" in plain
    assert plain.endswith("a verdict needs q below 0.05 and an interval that excludes 0.")
    weekly = method_text(
        analysis(
            [effect("position:side", "unclear", 0.3), effect("firmness:soft", "worse", 1.2)],
            outcome="pain_minutes",
            references={"position": "back", "firmness": "medium"},
            time_terms=TimeTerms(day_of_week=True),
        )
    )
    assert weekly is not None
    assert "twice, and the day of the week. Painkillers" in weekly
    assert "Estimates are in minutes, per step or per hour where the unit says so; compared with " in weekly
    assert "compared with position back, firmness medium. q is" in weekly


def test_the_method_paragraph_is_left_out_when_nothing_was_estimated() -> None:
    """A diary of dates and pain only: no model was fitted, so no method and no levels compared with."""
    waiting = analysis(
        [effect("position:side", "not enough data"), effect("firmness:soft", "not enough data")],
        references={"position": "back", "firmness": "medium"},
    )
    assert method_text(waiting) is None
    # Only the references of the factors estimated are named: no firmness was.
    some = analysis(
        [effect("position:side", "unclear", 0.3), effect("firmness:soft", "not enough data")],
        references={"position": "back", "firmness": "medium"},
    )
    said = method_text(some)
    assert said is not None and "compared with position back. q is" in said and "firmness" not in said


def test_on_a_narrow_screen_the_numbers_table_has_the_columns_that_fit() -> None:
    result = analysis([effect("position:stomach", "worse", 1.25)], references={"position": "back"})
    narrow = numbers_table(result, narrow=True)
    assert list(narrow.columns) == [factors_words.FACTOR, factors_words.ESTIMATE, factors_words.INTERVAL]
    assert narrow.to_dict("records") == [
        {"Factor": "Stomach sleeping (vs back)", "Estimate": 1.25, "95 % interval": "+0.75 to +1.75"}
    ]
    assert len(numbers_table(result).columns) == 8  # a wide screen: every column
    phone = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
    assert narrow_screen(phone, None) and narrow_screen("", 390)
    assert not narrow_screen("", 1280) and not narrow_screen("", None)
    for column in ("verdict", "q", "days", "unit", "note"):  # the note names what a wider screen adds
        assert column in factors_words.NARROW_NUMBERS_NOTE


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_the_dashed_lines_are_explained_where_they_are_drawn(outcome: str) -> None:
    caption = forest_caption(outcome)
    assert caption.startswith("Each dot is a factor's estimated effect")
    marked = (
        f"The dashed lines at ±{MEANINGFUL_CHANGE:g} points mark the smallest change in pain people notice."
    )
    assert (marked in caption) == (outcome == "pain")
    assert "±2 points" in forest_caption("pain")


def test_the_notes_give_the_numbers_the_library_uses() -> None:
    assert "The dashed line marks 30 minutes:" in trends_words.minutes_note(LONG_PAIN_MINUTES)
    assert "the mean of the days you logged in the 7 days up to each day" in trends_words.pain_note(
        MEAN_WINDOW_DAYS
    )
    # A chart turns weekly (and the calendar monthly) past LONG_RANGE_DAYS: the page says it in months.
    assert LONG_RANGE_MONTHS == 13 and 12 * 30 < LONG_RANGE_DAYS < 14 * 30
    assert "about 13 months are drawn week by week." in trends_words.range_help(LONG_RANGE_MONTHS)
    assert "about 13 months show a cell per month" in trends_words.calendar_note(LONG_RANGE_MONTHS)
    assert "at least 5 days with it and 5 without (and the diary has at least 14 days)" in (
        factors_words.waiting_note(5, 14)
    )
    assert factors_words.unclear_fold(1) == "No clear difference: 1 factor"
    assert factors_words.waiting_fold(3) == "Not enough data yet: 3 factors"
    assert factors_words.switch_heading("Mattress", dt.date(2025, 6, 23)) == "**Mattress**, Mon 23 Jun 2025"


def test_the_painkiller_check_never_asks_to_hold_an_unclear_answer_more_loosely() -> None:
    from diary.analysis.results import Check
    from diary.analysis.text import painkiller_note

    worse = Check(0.9, 0.3, 1.5, 0.01, "worse")
    on_a_verdict = painkiller_note(worse, "pain")
    assert on_a_verdict.startswith(
        "Allowing for painkiller days as well, this would be worse (about 0.9 points"
    )
    assert on_a_verdict.endswith("a reason to hold this one more loosely.")
    on_unclear = painkiller_note(worse, "pain", main_clear=False)
    assert "more loosely" not in on_unclear and on_unclear.endswith("this one stays unclear.")


def test_the_painkiller_summary_counts_in_good_english() -> None:
    from diary.analysis.text import painkiller_summary

    assert painkiller_summary(1, 0) == "Allowing for the 1 painkiller day as well changes no verdict."
    assert painkiller_summary(12, 1).startswith(
        "Allowing for the 12 painkiller days as well changes 1 verdict "
    )
    assert painkiller_summary(12, 2).startswith(
        "Allowing for the 12 painkiller days as well changes 2 verdicts "
    )


def test_too_few_days_with_a_factor_reads_in_good_english() -> None:
    from diary.analysis import analyze

    from .test_analysis import frame_of, noisy_days

    result = analyze(frame_of(noisy_days(20, alcohol=lambda i: i == 3)))
    alcohol = next(f for f in result.factors if f.id == "alcohol")
    assert "1 day with and 19 without" in alcohol.sentence


def test_a_factor_per_hour_is_set_beside_the_change_people_notice() -> None:
    from diary.analysis import analyze
    from diary.entry.frame import entries_frame
    from diary.sample import sample_entries

    sleep = next(f for f in analyze(entries_frame(sample_entries())).factors if f.id == "sleep_hours")
    assert sleep.verdict == "better" and sleep.estimate is not None
    assert f"Over 2 hours that is about {abs(2 * sleep.estimate):.1f} points" in sleep.sentence
    assert sleep.sentence.endswith("the 2-point change people notice.")


def test_a_small_hourly_effect_is_written_over_two_hours_with_the_digits_its_interval_needs() -> None:
    """A clear effect of 0.01 to 0.09 points an hour is 0.02 to 0.19 over two hours: "(0.02 to 0.2)", never "(0.0 to 0.2)",
    which would seem to touch 0 beside a clear verdict."""
    import numpy as np

    from diary.analysis.candidates import Candidate
    from diary.analysis.text import noticed_clause

    sitting = Candidate("sitting_hours", "sitting", "Each extra hour of sitting", "per hour", np.zeros(1))
    said = noticed_clause(sitting, 0.0106, 0.0935, "pain", est=0.052)
    assert (
        said
        == " Over 2 hours that is about 0.1 points (0.02 to 0.2): less than the 2-point change people notice."
    )
