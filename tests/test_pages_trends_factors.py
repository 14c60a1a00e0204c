"""The Trends and Factors pages, driven through AppTest against a temporary diary."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type information
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from diary.analysis import OUTCOMES, analyze, before_after
from diary.entry import Entry, parse_entry
from diary.safety import NOT_A_DIAGNOSIS
from diary.sample import SampleSpec, generate_sample, load_sample
from diary.storage import open_diary
from diary.views import panels
from diary.views.factors_words import VIEW_LABELS
from diary.wording import from_to
from pages._caching import finish_builds_ahead
from pages._parts import OPEN_FOLDS
from pages._shared import FACTORS_OPENS_WITH

from .apptest_support import elements
from .clock_support import TODAY
from .frames import weeks_of_a_mattress_trial

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"
TRENDS = "pages/trends.py"
FACTORS = "pages/factors.py"
TREND_VIEWS = "trends_view"  # the pages' view tabs
FACTOR_VIEWS = "factors_view"

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")  # how the CSV writes a date, not the pages


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's diary file; caches cleared so each test opens its own."""
    path = tmp_path / "diary.sqlite3"
    monkeypatch.setenv("PAIN_DIARY_DATA", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


def fill(path: Path, entries: list[Entry]) -> None:
    diary = open_diary(path)
    try:
        diary.import_entries(entries)
    finally:
        diary.close()


def days(count: int, **values: Any) -> list[Entry]:
    """``count`` mornings up to yesterday, pain going 3, 4, 5, 6, 3, …"""
    first = TODAY - dt.timedelta(days=count)
    return [
        parse_entry({"date": (first + dt.timedelta(days=i)).isoformat(), "pain": 3 + i % 4, **values})
        for i in range(count)
    ]


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
    return "\n".join(str(e.value) for kind in kinds for e in elements(at, kind))


def charts(at: AppTest) -> list[Any]:
    """The Vega-Lite charts on the page, in order (their protos)."""
    return [e.proto for e in at.main if getattr(e, "type", "") == "vega_lite_chart"]


def views(at: AppTest, key: str) -> Iterator[str]:
    """Choose each tab of the page's view tabs (keyed ``key``) in turn, as a click does; yield its label once drawn."""
    for label in [tab.label for tab in at.tabs]:
        choose_view(at, key, label)
        yield label


def choose_view(at: AppTest, key: str, label: str) -> None:
    """Choose the view tab ``label`` (keyed ``key``), as a click on it does."""
    assert label in [tab.label for tab in at.tabs]
    at.session_state[key] = label
    at.run()
    assert not at.exception, at.exception


def datasets(chart: Any) -> list[list[dict[str, Any]]]:
    """The records of each dataset the browser receives for a chart: in its layers, or as Arrow beside the spec."""
    found = [pa.ipc.open_stream(io.BytesIO(d.data.data)).read_all().to_pylist() for d in chart.datasets]

    def inline(spec: dict[str, Any]) -> None:
        if "values" in spec.get("data", {}):
            found.append(spec["data"]["values"])
        for layer in spec.get("layer", []):
            inline(layer)

    inline(json.loads(chart.spec))
    return found


# -- Trends -------------------------------------------------------------------------------


def test_trends_on_an_empty_diary_welcomes_and_offers_the_sample(data: Path) -> None:
    at = open_page(TRENDS)
    assert "Welcome" in texts(at)
    assert at.button(key="load_sample")
    assert not charts(at)


@pytest.mark.parametrize("count", [1, 5, 13])
def test_trends_on_a_tiny_diary_draws_what_it_can_and_says_what_is_missing(data: Path, count: int) -> None:
    fill(data, days(count))
    at = open_page(TRENDS)
    drawn, shown = {}, ""
    for label in views(at, TREND_VIEWS):
        drawn[label] = len(charts(at))
        shown += texts(at)
    # Morning pain and the calendar; no minutes or sleep logged. One view at a time: only its charts are sent.
    assert drawn == {
        "Morning pain": 1,
        "How long the pain lasted": 0,
        "Sleep and morning pain": 0,
        "Calendar": 1,
    }
    assert "No minutes of pain after getting up recorded" in shown
    assert "Too few nights with bed and wake times in this range for this chart (0; at least 5" in shown
    assert "the hours of sleep come from those times" in shown
    assert "the sleep efficiency figures come from those times" in shown
    assert f"{count} logged" in at.caption[0].value


def test_trends_on_the_sample_has_every_chart_with_a_takeaway(data: Path) -> None:
    diary = open_diary(data)
    load_sample(diary)
    diary.close()
    at = open_page(TRENDS)
    assert at.tabs[0].label == "Morning pain"  # the view shown first
    labels = [r.get("label") for records in datasets(charts(at)[0]) for r in records]
    assert "Mattress: Old mattress → Foam 2025" in labels
    drawn, markdown, shown = {}, [], ""
    for label in views(at, TREND_VIEWS):
        drawn[label] = len(charts(at))
        markdown += [m.value for m in at.markdown]
        shown += texts(at)
        # The charts' data go inside their specs, as plain JSON: no Arrow tables to build and decode.
        assert all(not chart.datasets and not chart.data.data for chart in charts(at))
    assert drawn == {
        "Morning pain": 1,
        "How long the pain lasted": 1,
        "Sleep and morning pain": 2,
        "Calendar": 1,
    }
    assert any(m.startswith("Your 7-day average went from") for m in markdown)
    assert any(m.startswith("Pain lasted over 30 minutes on") for m in markdown)
    assert any(m.startswith("After your shorter nights") for m in markdown)
    assert any(m.startswith("After nights when you slept") for m in markdown)
    assert any(m.startswith("You logged 173 of the 183 days") for m in markdown)
    assert "Consensus Sleep Diary" in shown
    assert "sleep efficiency = total sleep ÷ time in bed × 100" in shown
    assert "Dashed vertical line: a mattress switch." in shown  # the sample's switch, in the last 6 months
    assert not ISO_DATE.search(shown), ISO_DATE.search(shown)  # dates are written one way: "Tue 30 Sep 2025"


def test_trends_small_print_describes_only_what_is_drawn(data: Path) -> None:
    """Three weeks of morning pain: no minutes or sleep charts, no switches, so no note about any of them."""
    fill(data, days(20))
    at = open_page(TRENDS)
    captions = {}
    for label in views(at, TREND_VIEWS):
        captions[label] = " ".join(str(c.value) for c in at.main.caption[1:])  # after the range's caption
    assert "each morning's pain" in captions["Morning pain"]
    assert "Dashed" not in captions["Morning pain"]  # no mattress switch or new position in the diary
    assert captions["How long the pain lasted"] == ""  # was: "The dashed line marks 30 minutes", no chart
    assert captions["Sleep and morning pain"] == ""  # was: the bubbles and the formulas, no chart
    assert captions["Calendar"].startswith("Darker is more pain; grey days have no entry.")


def test_trends_of_a_long_range_speaks_of_the_weeks_and_months_it_draws(data: Path) -> None:
    """Drawn as weekly means with a 4-week mean, the range was described as mornings and a 7-day average."""
    fill(data, generate_sample(SampleSpec(start=TODAY - dt.timedelta(days=1100), days=1100, seed=3)))
    at = open_page(TRENDS)
    at.selectbox(key="trend_range").set_value("all").run()
    assert not at.exception
    said = texts(at)
    legend = json.loads(charts(at)[0].spec)["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert legend == ["Weekly mean", "4-week mean"]
    assert any(m.value.startswith("Your 4-week average ") for m in at.markdown), said
    assert "each week's mean pain on waking" in said and "in the 4 weeks up to each week's last day" in said
    assert "7-day" not in said and "each morning's pain" not in said
    choose_view(at, TREND_VIEWS, "Calendar")
    assert "grey months have no entry" in texts(at) and "grey days" not in texts(at)


@pytest.fixture
def built_ranges(monkeypatch: pytest.MonkeyPatch) -> list[tuple[dt.date, dt.date, str | None]]:
    """The (start, end, view) of every Trends range built from now on, in order."""
    built: list[tuple[dt.date, dt.date, str | None]] = []
    real = panels.trend_panels

    def counting(
        frame: Any, start: dt.date, end: dt.date, changes: Any = None, *, view: str | None = None
    ) -> Any:
        built.append((start, end, view))
        return real(frame, start, end, changes, view=view)

    monkeypatch.setattr(panels, "trend_panels", counting)
    return built


def test_trends_builds_only_the_range_and_view_asked_for(
    data: Path, built_ranges: list[tuple[dt.date, dt.date, str | None]]
) -> None:
    """A first visit builds the view shown for the range shown; others are built when chosen, once per version."""
    fill(data, days(400))
    built = built_ranges
    at = open_page(TRENDS)
    assert [view for *_, view in built] == ["pain"]
    at.selectbox(key="trend_range").set_value("30d").run()
    at.selectbox(key="trend_range").set_value("6m").run()
    assert not at.exception
    assert len(built) == 2  # 6 months again is a cache look-up
    start, end, view = built[1]
    assert end - start == dt.timedelta(days=29) and view == "pain"
    choose_view(at, TREND_VIEWS, "Sleep and morning pain")
    assert built[2:] == [(built[0][0], built[0][1], "sleep")]  # the view chosen, for the range shown
    assert "Too few nights with bed and wake times" in texts(at)  # and shown (no sleep logged here)
    choose_view(at, TREND_VIEWS, "Morning pain")
    assert len(built) == 3  # a look-up


@pytest.mark.ahead
def test_trends_builds_the_other_ranges_and_views_after_the_page(
    data: Path, built_ranges: list[tuple[dt.date, dt.date, str | None]]
) -> None:
    """The view and range shown are built before the page is drawn; the others after, in the background, once.

    First the other presets of the view shown (the range box is what is changed most), then the other views.
    """
    fill(data, days(400))
    built = built_ranges
    at = open_page(TRENDS)
    assert not at.exception
    assert finish_builds_ahead()
    last = TODAY - dt.timedelta(days=1)
    shown = (last - dt.timedelta(days=182), last, "pain")  # the default: six months, morning pain
    assert built[0] == shown
    lengths = [(end - start).days + 1 for start, end, view in built[1:5] if view == "pain"]
    assert sorted(lengths) == [
        30,
        91,
        365,
        400,
    ]  # then each other preset once: 30 days, 3 months, a year, all
    assert built[5:] == [(shown[0], shown[1], view) for view in ("pain_minutes", "sleep", "calendar")]
    at.selectbox(key="trend_range").set_value("30d").run()
    at.selectbox(key="trend_range").set_value("6m").run()
    choose_view(at, TREND_VIEWS, "Calendar")
    assert not at.exception
    assert len(built) == 8  # look-ups: built ahead, and the same diary version builds nothing again
    at.selectbox(key="trend_range").set_value("30d").run()
    assert built[8] == (
        last - dt.timedelta(days=29),
        last,
        "calendar",
    )  # another view's other range: when asked


@pytest.mark.ahead
def test_factors_builds_the_outcome_shown_first_and_the_others_after(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page draws the outcome asked for; the others are built once it is drawn, in the background, once."""
    fill(data, days(120))
    built: list[tuple[str, tuple[str, ...]]] = []
    real = panels.factor_panels

    def counting(frame: Any, result: Any, views: Any = panels.FACTOR_VIEWS) -> Any:
        built.append((result.outcome, tuple(views)))
        return real(frame, result, views)

    monkeypatch.setattr(panels, "factor_panels", counting)
    at = open_page(FACTORS)
    assert not at.exception
    assert finish_builds_ahead()
    assert built[0] == ("pain", ("effects",))  # the outcome and view shown, built before the page is drawn
    # then each other outcome of that view, then that outcome's other views, once each
    assert built[1:3] == [("pain_minutes", ("effects",)), ("sleep_quality", ("effects",))]
    assert built[3:] == [("pain", ("levels",)), ("pain", ("lags",))]
    at.run()
    assert len(built) == 5  # the same diary version: nothing is built ahead again


def test_the_log_page_builds_ahead_what_the_factors_page_opens_with(data: Path) -> None:
    """The outcome and view named for the Log page to build ahead are the ones the Factors page shows first."""
    assert (next(iter(OUTCOMES)), next(iter(VIEW_LABELS))) == FACTORS_OPENS_WITH
    fill(data, days(120))
    at = open_page(FACTORS)
    assert at.selectbox(key="outcome").value == FACTORS_OPENS_WITH[0]
    assert at.tabs[0].label == VIEW_LABELS[FACTORS_OPENS_WITH[1]]  # the first tab, the one open


def test_trends_range_presets_and_chosen_dates_change_what_is_shown(data: Path) -> None:
    fill(data, days(400))
    at = open_page(TRENDS)
    assert at.selectbox(key="trend_range").value == "6m"
    assert ": 183 days," in at.caption[0].value
    at.selectbox(key="trend_range").set_value("30d").run()
    assert not at.exception
    assert ": 30 days, 30 logged, one point per morning." in at.caption[0].value
    at.selectbox(key="trend_range").select_index(3).run()  # by position, as a script driving the page would
    assert not at.exception
    assert ": 365 days, 365 logged" in at.caption[0].value
    at.selectbox(key="trend_range").set_value("custom").run()
    start, end = TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=41)
    at.date_input(key="trend_dates").set_value((start, end)).run()
    assert not at.exception
    assert ": 20 days, 20 logged" in at.caption[0].value


def test_trends_of_a_long_diary_sends_weekly_means_not_every_day(data: Path) -> None:
    entries = generate_sample(SampleSpec(start=TODAY - dt.timedelta(days=1100), days=1100, seed=3))
    fill(data, entries)
    at = open_page(TRENDS)
    at.selectbox(key="trend_range").set_value("all").run()
    assert not at.exception
    assert "one point per week" in at.caption[0].value
    for _ in views(at, TREND_VIEWS):
        for chart in charts(at):
            assert (
                max((len(records) for records in datasets(chart)), default=0) <= 200
            )  # 1,100 days: about 158 weeks or 37 months


# -- Factors ------------------------------------------------------------------------------


def test_factors_on_an_empty_diary_welcomes(data: Path) -> None:
    at = open_page(FACTORS)
    assert "Welcome" in texts(at)
    assert not charts(at)


@pytest.mark.parametrize("count", [1, 5, 13])
def test_factors_under_14_days_shows_charts_only_and_says_why(data: Path, count: int) -> None:
    fill(data, days(count, firmness="medium", position="back", exertion="light"))
    at = open_page(FACTORS)
    shown = texts(at)
    assert f"{count} of the 14 mornings needed" in shown
    assert "charts only and estimates no effects" in shown
    assert [tab.label for tab in at.tabs] == ["Day by day, per level", "Before and after a date"]
    assert len(charts(at)) == 1  # the first level's distribution
    choose_view(at, FACTOR_VIEWS, "Before and after a date")
    shown = texts(at)
    assert "Comparing before and after a date needs at least 14 logged days." in shown
    assert shown.count(NOT_A_DIAGNOSIS) == 1


def test_factors_gates_count_the_mornings_with_the_chosen_outcome(data: Path) -> None:
    fill(data, days(20, position="back"))
    at = open_page(FACTORS)
    at.selectbox(key="outcome").set_value("pain_minutes").run()
    assert not at.exception
    shown = texts(at)
    assert "Pain after getting up recorded on 0 of the 14 mornings needed." in shown
    assert "Exploratory." not in shown


def test_factors_under_30_days_is_labelled_exploratory(data: Path) -> None:
    fill(data, days(20, position="back"))
    at = open_page(FACTORS)
    shown = texts(at)
    assert "Exploratory." in shown and "Fewer than 30 days logged (20)" in shown
    assert at.tabs[0].label == "Adjusted effects"


def test_factors_with_nothing_but_pain_logged_says_nothing_was_compared(data: Path) -> None:
    """No factor recorded: no chart of effects, so no caption about its dots, and no "clear link" talk."""
    fill(data, days(40))
    at = open_page(FACTORS)
    assert not at.exception
    shown = texts(at)
    assert "No factor could be judged yet" in shown
    assert "No factor shows a clear link" not in shown
    assert not charts(at) and "Each dot is a factor" not in shown


def test_factors_with_dates_and_pain_only_describes_no_model_and_no_dots(data: Path) -> None:
    """Nothing estimated: "The numbers" names no method or reference levels, and "Days before" shows its
    box without the note on how to read dots it does not draw."""
    fill(data, days(40))
    at = open_page(FACTORS)
    at.session_state[OPEN_FOLDS] = {"factors_numbers"}  # as the section's on_change keeps it when opened
    at.run()
    assert not at.exception and at.dataframe  # the table of factors waiting for data is still there
    shown = texts(at)
    assert (
        "Method:" not in shown and "compared with position" not in shown and "Estimates are in" not in shown
    )
    choose_view(at, FACTOR_VIEWS, "Days before")
    assert not charts(at) and at.info
    assert "A filled dot" not in texts(at)


def test_factors_switch_and_chosen_date_charts_say_what_their_lines_are(data: Path) -> None:
    diary = open_diary(data)
    load_sample(diary)
    diary.close()
    at = open_page(FACTORS)
    for view in ("Switches", "Before and after a date"):
        choose_view(at, FACTOR_VIEWS, view)
        assert len(charts(at)) == 1
        captions = [c.value for c in at.caption]
        assert any(
            c.startswith("The level lines are the plain averages of the mornings shown") for c in captions
        ), view
        assert any("so it can differ from the gap between the lines" in c for c in captions), view


def test_a_switch_over_a_trials_nights_names_the_trial_as_the_answer_to_go_by(data: Path) -> None:
    """Forty nights on Old, then a trial of Old and New a week at a time: the switch compared over the trial's
    nights says that the trial's answer, from nights drawn at random, is the one to go by."""
    trial = weeks_of_a_mattress_trial(data, TODAY)
    at = open_page(FACTORS)
    choose_view(at, FACTOR_VIEWS, VIEW_LABELS["switches"])
    said = [m.value for m in at.markdown if "It pools" in m.value]
    assert len(said) == 1, texts(at)
    assert said[0].endswith(
        f"These nights include your trial of the two ({from_to(trial.start, trial.last_counted)}): its answer "
        "on the Experiments page, from nights planned at random, is the one to go by."
    )


def test_factors_on_the_sample_says_it_in_sentences_first_then_the_charts(data: Path) -> None:
    diary = open_diary(data)
    load_sample(diary)
    diary.close()
    at = open_page(FACTORS)
    shown = texts(at)
    assert shown.count(NOT_A_DIAGNOSIS) == 1
    assert "Going with worse mornings:" in shown
    assert "Mornings after sleeping on your stomach" in shown
    assert "Cannot be separated." in shown
    assert shown.count("never varied apart from") == 1  # the firm mattress and the travel days: one sentence
    assert "A firm mattress never varied apart from days tagged travel" in shown
    assert "factors estimated," in shown and "a soft mattress" in shown
    assert [s.value for s in at.header] == ["What goes with your mornings"]
    # Then the charts, one view at a time: only the chosen tab's are sent.
    assert [tab.label for tab in at.tabs] == [
        "Adjusted effects",
        "Day by day, per level",
        "Days before",
        "Switches",
        "Before and after a date",
    ]
    assert len(charts(at)) == 1 and "Difference in morning pain" in charts(at)[0].spec  # the forest plot
    drawn = {}
    for label in views(at, FACTOR_VIEWS):
        drawn[label] = len(charts(at))
        shown += texts(at)
    assert "what goes with your mornings is exertion the day before: about" in shown
    assert "After the switch from Old mattress to Foam 2025 on Mon 23 Jun 2025" in shown
    assert "Changed only once (Mon 23 Jun 2025)" in shown
    assert not ISO_DATE.search(shown), ISO_DATE.search(shown)  # dates are written one way: "Tue 30 Sep 2025"
    assert drawn == {
        "Adjusted effects": 1,
        "Day by day, per level": 1,
        "Days before": 1,
        "Switches": 1,
        "Before and after a date": 1,
    }
    choose_view(at, FACTOR_VIEWS, "Day by day, per level")
    levels = lambda: {r.get("level") for records in datasets(charts(at)[0]) for r in records}  # noqa: E731
    assert levels() == {"soft", "medium-firm", "firm"}
    at.radio(key="factors_levels").set_value("position").run()
    assert not at.exception
    assert len(charts(at)) == 1 and "stomach" in levels()  # the factor chosen is drawn, and only it
    # The numbers are one click away: a folded section, its table drawn only once it is opened.
    assert any(e.label == "The numbers" and not e.proto.expanded for e in at.expander)
    assert not at.dataframe and "Estimates are in" not in texts(at)
    at.session_state[OPEN_FOLDS] = {"factors_numbers"}  # as the section's on_change keeps it when opened
    at.run()
    assert any(e.label == "The numbers" and e.proto.expanded for e in at.expander)
    assert at.dataframe and "95 % interval" in at.dataframe[0].value.columns
    assert at.dataframe[0].proto.placeholder == "–"  # a factor without an estimate: never "None"
    assert "Estimates are in points" in texts(at)


def warnings_come_first(at: AppTest) -> bool:
    """Every warning and error box sits above the first section of analytics."""
    order = [getattr(e, "type", "") for e in at.main]
    first_section = order.index("header")
    boxes = [
        i for i, kind in enumerate(order) if kind in ("alert_warning", "alert_error", "warning", "error")
    ]
    return bool(boxes) and all(i < first_section for i in boxes)


def test_factors_shows_a_recent_red_flag_before_any_analysis(data: Path) -> None:
    entries = days(20)
    entries[-1] = parse_entry({"date": entries[-1].date.isoformat(), "pain": 7, "red_flags": ["fever"]})
    fill(data, entries)
    at = open_page(FACTORS)
    assert any("See a doctor today." in w.value for w in at.warning)
    assert warnings_come_first(at)


def test_factors_shows_patterns_worth_a_doctors_visit_before_any_analysis(data: Path) -> None:
    diary = open_diary(data)
    load_sample(diary)
    diary.close()
    at = open_page(FACTORS)
    patterns = [w.value for w in at.warning if "Worth a doctor's visit." in w.value]
    assert any("more than 30 minutes after getting up" in p for p in patterns)
    assert all("up to Tue 30 Sep 2025" in p for p in patterns)
    assert any("Warning symptoms were logged on 1 earlier morning" in w.value for w in at.warning)
    assert warnings_come_first(at)


def test_factors_outcome_selector_changes_the_analysis(data: Path) -> None:
    diary = open_diary(data)
    load_sample(diary)
    diary.close()
    at = open_page(FACTORS)
    at.selectbox(key="outcome").set_value("pain_minutes").run()
    assert not at.exception
    assert "Difference in minutes of pain after getting up (minutes)" in charts(at)[0].spec
    at.selectbox(key="outcome").select_index(2).run()
    assert not at.exception
    assert "Difference in sleep quality (points)" in charts(at)[0].spec


def test_factors_before_after_a_chosen_date(data: Path) -> None:
    """The sentence is the before/after with the analysis' own carry-over as its floor."""
    diary = open_diary(data)
    load_sample(diary)
    frame = diary.load()
    diary.close()
    at = open_page(FACTORS)
    choose_view(at, FACTOR_VIEWS, "Before and after a date")
    at.date_input(key="before_after_date").set_value(dt.date(2025, 8, 1)).run()
    assert not at.exception
    expected = before_after(frame, dt.date(2025, 8, 1), carry_over=analyze(frame).autocorrelation)
    assert expected.sentence.startswith("Your pain averaged ")
    assert " before Fri 1 Aug 2025 and " in expected.sentence
    assert " from then on. Allowing for how your pain was going anyway" in expected.sentence
    assert expected.sentence in [m.value for m in at.markdown]


def test_factors_before_after_first_offers_a_date_with_mornings_near_it(data: Path) -> None:
    """Twenty mornings, three months without any, twenty more: the date offered has mornings near it on both
    sides, not the first after the gap, where nothing before it could be compared."""
    start = dt.date(2025, 1, 1)
    days = [start + dt.timedelta(days=i) for i in range(20)]
    days += [start + dt.timedelta(days=110 + i) for i in range(20)]
    diary = open_diary(data)
    diary.import_entries([Entry(date=day, pain=3 + i % 4) for i, day in enumerate(days)])
    diary.close()
    at = open_page(FACTORS)
    choose_view(at, FACTOR_VIEWS, "Before and after a date")
    assert not at.exception
    assert at.date_input(key="before_after_date").value == days[15]
    assert any(
        m.value.startswith("Your pain averaged ") and " before Thu 16 Jan 2025 and " in m.value
        for m in at.markdown
    )
    at.date_input(key="before_after_date").set_value(days[20]).run()
    # The first morning after the gap: no step can be measured across three months of nothing.
    said = [m.value for m in at.markdown if "Choose a date with days recorded close to it" in m.value]
    assert said == [
        "The diary has no mornings logged in the 90 days before Mon 21 Apr 2025: a change on that day "
        "cannot be told apart from how your pain was going anyway. Choose a date with days recorded close "
        "to it on both sides."
    ]
    assert not any("scale itself allows" in m.value for m in at.markdown) and not charts(at)
    at.date_input(key="before_after_date").set_value(days[10]).run()
    assert any(
        m.value.startswith("Your pain averaged ") and " before Sat 11 Jan 2025 and " in m.value
        for m in at.markdown
    )
    assert len(charts(at)) == 1


def test_factors_leaves_a_running_trials_mornings_out_and_says_so(data: Path) -> None:
    from diary.storage import open_diary
    from diary.trials import new_trial
    from diary.trials.store import save_plan

    start = TODAY - dt.timedelta(days=3)
    mornings = days(40, position="back")
    fill(data, mornings[:-3])
    diary = open_diary(data)
    try:
        save_plan(diary, new_trial("position", "back", "side", start=start, seed=1), start)
    finally:
        diary.close()
    fill(data, mornings[-3:])  # the trial's first three mornings, logged since
    at = open_page(FACTORS)
    assert "Your trial's 3 mornings so far" in texts(at)  # the last three of the 40, all logged
    # A date chosen for before/after: its "after" is the trial's mornings, which wait for its end here too.
    choose_view(at, FACTOR_VIEWS, "Before and after a date")
    at.date_input(key="before_after_date").set_value(start).run()
    assert not at.exception
    diary = open_diary(data)
    whole = diary.load()
    diary.close()
    held = whole[whole["date"] < str(start)].reset_index(drop=True)
    peeked = before_after(whole, start, carry_over=analyze(held).autocorrelation).sentence
    honest = before_after(held, start, carry_over=analyze(held).autocorrelation).sentence
    shown = [m.value for m in at.markdown]
    assert honest != peeked and honest in shown and peeked not in shown


def test_day_by_day_opens_on_a_factor_that_was_logged_and_offers_no_other(data: Path) -> None:
    """It opened on mattress firmness ("No mattress firmness recorded…") for a diary that never logs it."""
    fill(data, days(20, mattress="Foam 2025", position="side"))
    at = open_page(FACTORS)
    choose_view(at, FACTOR_VIEWS, VIEW_LABELS["levels"])
    assert [str(o) for o in at.radio(key="factors_levels").options] == ["Sleep position"]
    assert at.radio(key="factors_levels").value == "position"
    assert "No mattress firmness" not in texts(at)
    (chart,) = charts(at)
    assert {r.get("level") for records in datasets(chart) for r in records} == {"side"}


def test_day_by_day_says_once_that_no_factor_with_levels_is_logged(data: Path) -> None:
    fill(data, days(20, mattress="Foam 2025"))  # date, pain and a mattress name: no level of any factor
    at = open_page(FACTORS)
    choose_view(at, FACTOR_VIEWS, VIEW_LABELS["levels"])
    assert not at.radio and not charts(at)
    said = [str(i.value) for i in at.info]
    assert said == [
        "No mattress firmness, sleep position and exertion the day before recorded together with "
        "morning pain yet."
    ]
