"""The Experiments page in each state: no trial, planned, running, finished (AppTest)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from diary.entry import Entry
from diary.storage import Diary
from diary.storage.sqlite import SQLiteDiary
from diary.trials import new_trial, schedule
from diary.trials.plan import TAG_KIND
from diary.trials.store import all_trials, current_trial, save_plan
from diary.wording import from_to

from . import apptest_support
from .apptest_support import TODAY, open_app, shown

app_diary = apptest_support.app_diary
PAGE = "pages/experiments.py"


def test_no_trial_offers_a_plan_with_its_reach_and_starts_it(app_diary: Diary) -> None:
    at = open_app(PAGE)
    assert "Plan a trial" in [h.value for h in at.header]
    assert "Condition A is empty" in shown(at)
    at.text_input(key="trial_a").set_value("Old sofa")
    at.text_input(key="trial_b").set_value("Foam")
    at.run()
    text = shown(at)
    assert "80 % of the time" in text and "typical figures" in text
    assert "'Foam' is a new mattress name" in text
    at.button(key="trial_start_button").click().run()
    assert not at.exception
    trial = current_trial(app_diary, TODAY)
    assert trial is not None and (trial.a, trial.b, trial.block, trial.washout) == ("Old sofa", "Foam", 7, 2)
    assert "Started" in shown(at) and "Your trial: planned, not begun yet" in [h.value for h in at.header]


def test_start_tapped_as_an_answer_changes_starts_nothing_then_the_plan_on_screen(app_diary: Diary) -> None:
    """Typing pairs (or a name) and tapping Start at once started the plan drawn before that answer."""
    at = open_app(PAGE)
    at.text_input(key="trial_a").set_value("Old sofa")
    at.text_input(key="trial_b").set_value("Foam")
    at.run()
    at.number_input(key="trial_pairs").set_value(6)
    at.button(key="trial_start_button").click().run()  # both in one rerun, as a tap out of the box does
    assert all_trials(app_diary) == []
    assert "Not started: the plan changed as you tapped Start" in shown(at)
    at.button(key="trial_start_button").click().run()
    trial = current_trial(app_diary, TODAY)
    assert trial is not None and trial.pairs == 6


def test_a_bad_plan_says_what_is_allowed_and_saves_nothing(app_diary: Diary) -> None:
    at = open_app(PAGE)
    at.text_input(key="trial_a").set_value("Foam")
    at.text_input(key="trial_b").set_value("foam")
    at.run()
    assert "are one and the same" in shown(at)
    assert not any(b.key == "trial_start_button" for b in at.button)
    assert all_trials(app_diary) == []
    # what each number may be, in sight (a number typed outside is not taken; a phone shows no hover help)
    assert [c.value for c in at.caption if c.value.startswith("Pairs: ")] == [
        "Pairs: 2 to 10. Nights per period: 1 to 28. Nights of getting used to it: fewer than a period has."
    ]


def test_a_start_before_logged_mornings_is_refused_before_start_is_offered(app_diary: Diary) -> None:
    """The plan's first morning is checked as it is chosen, not only once Start is tapped."""
    for n in (3, 2, 1):
        app_diary.add(Entry(date=TODAY - dt.timedelta(days=n), pain=3))
    at = open_app(PAGE)
    at.selectbox(key="trial_factor").set_value("position").run()
    at.date_input(key="trial_start").set_value(TODAY - dt.timedelta(days=10)).run()
    assert "already has 3 mornings logged from then on" in shown(at)
    assert not any(b.key == "trial_start_button" for b in at.button)
    at.date_input(key="trial_start").set_value(TODAY).run()  # nothing logged this morning yet
    assert any(b.key == "trial_start_button" for b in at.button)


def test_a_plan_of_nights_all_gone_says_so_before_it_is_started(app_diary: Diary) -> None:
    at = open_app(PAGE)
    at.selectbox(key="trial_factor").set_value("position").run()
    at.date_input(key="trial_start").set_value(TODAY - dt.timedelta(days=30)).run()
    assert "is over already" in shown(at)
    at.button(key="trial_start_button").click().run()
    assert len(all_trials(app_diary)) == 1 and not at.exception
    # No answer before its last morning is logged, its nights past or not: the mornings are asked for.
    assert "The trial's nights are over: log its last morning" in shown(at)
    assert "Not enough nights to judge" not in shown(at)
    at.button(key="trial_cancel").click().run()  # started by mistake: taken back, nothing lost
    at.button(key="trial_confirm").click().run()
    assert [t.cancelled for t in all_trials(app_diary)] == [True]


def test_a_plan_dated_back_and_left_unlogged_is_over_once_a_later_morning_is(app_diary: Diary) -> None:
    """This morning logged, none of the plan's: it is over with nothing to judge, and can be taken back."""
    save_plan(
        app_diary, new_trial("position", "back", "side", start=TODAY - dt.timedelta(days=30), seed=2), TODAY
    )
    app_diary.add(Entry(date=TODAY, pain=3))
    at = open_app(PAGE)
    assert "Not enough nights to judge: 0 counted nights" in shown(at)
    at.button(key="trial_cancel_unlogged").click().run()
    assert [t.cancelled for t in all_trials(app_diary)] == [True]
    assert not any(b.key == "trial_cancel_unlogged" for b in at.button)


def test_a_trial_whose_last_morning_went_unlogged_can_be_seen_without_it(app_diary: Diary) -> None:
    trial = save_plan(
        app_diary, new_trial("position", "back", "side", start=TODAY - dt.timedelta(days=30), seed=2), TODAY
    )
    for night in schedule(trial)[:-1]:
        app_diary.add(Entry(date=night.date, pain=4, position=night.value))
    at = open_app(PAGE)
    assert current_trial(app_diary, TODAY) == trial and "The trial's nights are over" in shown(at)
    at.button(key="trial_end").click().run()
    assert "See the result now?" in shown(at)
    at.button(key="trial_confirm").click().run()
    assert not at.exception and "Finished; its result is below." in shown(at)
    (kept,) = all_trials(app_diary)
    assert kept.status(app_diary.dates(), TODAY) == "finished" and "Ended early" not in shown(at)


def test_planned_and_running_trials_show_progress_never_the_answer(app_diary: Diary) -> None:
    trial = save_plan(app_diary, new_trial("position", "back", "side", start=TODAY, seed=2), TODAY)
    planned = schedule(trial)[0]
    app_diary.add(Entry(date=TODAY, pain=4, position=planned.value))
    at = open_app(PAGE)
    text = shown(at)
    assert "Your trial: running" in [h.value for h in at.header]
    assert (
        "Trial night 1 of 18" in text
        and "Tonight:" in text
        and "1 of 1 logged night followed the plan" in text
    )
    assert "No answer is shown before the last night is logged" in text
    at.button(key="trial_cancel").click().run()  # asks first: weeks of nights are not ended by one tap
    assert "Cancel the trial? It then gives no result" in shown(at)
    at.button(key="trial_keep").click().run()
    assert current_trial(app_diary, TODAY) is not None and "Cancel the trial?" not in shown(at)
    at.button(key="trial_end").click().run()
    assert "End the trial now?" in shown(at) and current_trial(app_diary, TODAY) is not None
    # in this trial's numbers: one of its 18 counted nights (no getting used to a position), far too few
    (question,) = [w.value for w in at.warning if "End the trial now?" in w.value]
    assert trial.counted_nights == 18 and question.endswith(
        "So far 1 of its 18 counted nights are logged (6 %). "
        f"Ended now, it cannot judge: at least {trial.nights_needed[0]} are needed, of both conditions."
    )
    # the question comes before its answers
    order = [type(e).__name__ for e in at.main if type(e).__name__ in ("Warning", "Button")]
    assert order.index("Warning") < order.index("Button")
    at.button(key="trial_confirm").click().run()
    assert not at.exception
    assert "Ended early" in shown(at) and current_trial(app_diary, TODAY) is None


def test_a_trial_not_started_yet_offers_cancel_not_end_early(app_diary: Diary) -> None:
    save_plan(
        app_diary, new_trial("position", "back", "side", start=TODAY + dt.timedelta(days=1), seed=2), TODAY
    )
    at = open_app(PAGE)
    keys = [b.key for b in at.button]
    assert "trial_cancel" in keys and "trial_end" not in keys


def test_finished_trial_shows_its_result_and_chart(app_diary: Diary) -> None:
    start = TODAY - dt.timedelta(days=40)
    trial = save_plan(app_diary, new_trial("pillow", "low", "high", start=start, seed=4, pairs=3), start)
    for night in schedule(trial):
        app_diary.add(Entry(date=night.date, pain=6 if night.condition == "a" else 3, pillow=night.value))
    at = open_app(PAGE)
    assert not at.exception
    text = shown(at)
    assert "Results" in [h.value for h in at.header]
    assert "less pain" in text and "only be drawn in 8 orders" in text
    assert "18 of the plan's 18 counted nights were logged and used." in text
    headers = [h.value for h in at.header]
    assert headers.index("Results") < headers.index("Plan a trial")  # the answer before a new plan
    assert at.get("vega_lite_chart")


def test_planning_learns_the_noise_from_the_recent_months_without_reading_every_entry(
    app_diary: Diary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long diary: the plan's noise comes from the last six months; older years are never decoded."""
    for n in range(1, 400, 2):  # every other morning for more than a year
        app_diary.add(Entry(date=TODAY - dt.timedelta(days=n), pain=2 + n % 5, mattress="Foam"))
    read: list[tuple[dt.date | None, dt.date | None]] = []
    whole = SQLiteDiary.entries

    def counted(self: SQLiteDiary, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]:
        read.append((start, end))
        return whole(self, start, end)

    monkeypatch.setattr(SQLiteDiary, "entries", counted)
    at = open_app(PAGE)
    at.text_input(key="trial_b").set_value("Hotel bed")
    at.run()
    text = shown(at)
    assert at.text_input(key="trial_a").value == "Foam"  # the diary's mattress, offered as A
    assert "From your last 90 mornings" in text  # 180 days, every other one logged
    assert read and all(start is not None for start, _ in read)  # never the whole diary
    first_morning = TODAY + dt.timedelta(days=1)  # the plan's default start
    assert (first_morning - dt.timedelta(days=180), first_morning) in read


def _two_mattresses(diary: Diary) -> None:
    """A diary with two mattresses: the plan offers them as A and B until the person types others."""
    for n, mattress in ((3, "Foam 2025"), (2, "Hotel bed")):
        diary.add(Entry(date=TODAY - dt.timedelta(days=n), pain=3, mattress=mattress))


def _type_a_plan(at: AppTest) -> None:
    at.text_input(key="trial_a").set_value("My futon")
    at.text_input(key="trial_b").set_value("Latex 2026")
    at.number_input(key="trial_block_mattress").set_value(10)
    at.run()


def _typed_mattress_plan(at: AppTest) -> tuple[object, ...]:
    return (
        at.text_input(key="trial_a").value,
        at.text_input(key="trial_b").value,
        at.number_input(key="trial_block_mattress").value,
    )


def test_typed_answers_are_kept_per_kind_when_compare_changes_and_back(app_diary: Diary) -> None:
    """Streamlit drops an undrawn widget's value: another kind chosen, and back, lost every typed name."""
    _two_mattresses(app_diary)
    at = open_app(PAGE)
    # The defaults, until typed over: the mattress slept on last (not the first in the alphabet) against the one before.
    assert _typed_mattress_plan(at) == ("Hotel bed", "Foam 2025", 7)
    _type_a_plan(at)
    at.selectbox(key="trial_factor").set_value("position").run()
    at.selectbox(key="trial_b_choice").set_value("side").run()
    at.number_input(key="trial_block_other").set_value(1).run()
    at.selectbox(key="trial_factor").set_value("pillow").run()
    pillow = (at.selectbox(key="trial_a_choice").value, at.selectbox(key="trial_b_choice").value)
    assert pillow == ("low", "high") and at.number_input(key="trial_block_other").value == 3  # its own
    at.selectbox(key="trial_factor").set_value("position").run()
    assert at.selectbox(key="trial_b_choice").value == "side"
    assert at.number_input(key="trial_block_other").value == 1
    at.selectbox(key="trial_factor").set_value("mattress").run()
    assert not at.exception
    assert _typed_mattress_plan(at) == ("My futon", "Latex 2026", 10)
    assert at.number_input(key="trial_washout_mattress").value == 2
    at.button(key="trial_start_button").click().run()  # the plan just shown again starts at once
    trial = current_trial(app_diary, TODAY)
    assert trial is not None and (trial.a, trial.b, trial.block) == ("My futon", "Latex 2026", 10)


def test_typed_answers_are_kept_across_a_visit_to_another_page(app_diary: Diary) -> None:
    _two_mattresses(app_diary)
    at = open_app(PAGE)
    _type_a_plan(at)
    at.number_input(key="trial_pairs").set_value(5).run()
    at.switch_page("pages/trends.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert _typed_mattress_plan(at) == ("My futon", "Latex 2026", 10)
    assert at.number_input(key="trial_pairs").value == 5
    at.selectbox(key="trial_factor").set_value(TAG_KIND).run()
    at.text_input(key="trial_tag").set_value("topper").run()
    at.switch_page("pages/trends.py").run()
    at.switch_page(PAGE).run()
    assert at.selectbox(key="trial_factor").value == TAG_KIND
    assert at.text_input(key="trial_tag").value == "topper"


def test_an_ended_early_trial_reads_as_headed_and_its_chart_judges_nothing(app_diary: Diary) -> None:
    """Every line that starts with the plan's title starts with a capital; a result without a verdict
    draws no averages, and its time axis stops on the day the trial ended (not its planned end)."""
    start = TODAY - dt.timedelta(days=4)
    trial = save_plan(app_diary, new_trial("position", "back", "side", start=start, seed=2, block=7), start)
    for night in schedule(trial)[:4]:
        app_diary.add(Entry(date=night.date, pain=5, position=night.value))
    at = open_app(PAGE)
    assert "**Sleeping on your back (A) or sleeping on your side (B)**" in shown(at)
    at.button(key="trial_end").click().run()
    at.button(key="trial_confirm").click().run()
    assert not at.exception
    said = shown(at)
    assert "Sleeping on your back (A) or sleeping on your side (B): Ended early" in said
    assert "Ended early: not enough nights to judge" in said
    assert [h.value for h in at.subheader] == [
        f"Sleeping on your back (A) or sleeping on your side (B), {from_to(start, TODAY)}"
    ]
    assert "No averages are drawn: there are too few nights to judge." in said
    assert "Dashed lines" not in said
    chart = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    marks = [layer["mark"]["type"] for layer in chart["layer"]]
    assert marks == ["point"]  # no average lines
    assert chart["layer"][0]["encoding"]["x"]["scale"]["domain"] == [start.isoformat(), TODAY.isoformat()]


def test_a_tag_typed_untidy_is_said_before_start_as_it_will_be_kept(app_diary: Diary) -> None:
    """ "New pillow" is kept as new-pillow, as the Log page keeps it: said under the box, not first in "Started"."""
    at = open_app(PAGE)
    at.selectbox(key="trial_factor").set_value(TAG_KIND).run()
    at.text_input(key="trial_tag").set_value("New pillow").run()
    assert not at.exception
    assert "Tags tidied: “New pillow” → new-pillow" in " ".join(c.value for c in at.caption)
    at.text_input(key="trial_tag").set_value("topper").run()
    assert not any("Tags tidied" in c.value for c in at.caption)
