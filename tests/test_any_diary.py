"""Whatever a diary holds, every view of it is made: the analysis of each outcome, its JSON, the terminal's
text, the Trends and Factors charts, a before/after and the doctor report. No exception, no NaN in the JSON,
no empty sentence."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from diary.analysis import analyze, to_json
from diary.entry import Entry
from diary.entry.fields import OUTCOME_IDS
from diary.entry.frame import entries_frame
from diary.views.panels import before_after_panel, factor_panels, trend_panels
from diary.views.report import build_report
from diary.views.terminal import render_text
from diary.views.trends import default_range

from .strategies import TODAY, dense_diaries


def finite_json(value: object) -> None:
    """Strict JSON (no NaN or infinity anywhere), as ``analyze --json`` and the charts' specs must be."""
    json.dumps(value, allow_nan=False)


@given(dense_diaries(), st.sampled_from(sorted(OUTCOME_IDS)))
def test_every_view_of_any_diary_is_made(entries: list[Entry], outcome: str) -> None:
    frame = entries_frame(entries)
    result = analyze(frame, outcome)
    finite_json(to_json(result))
    assert render_text(result).strip()
    assert all(f.sentence.strip() for f in result.factors)
    assert all(f.estimate is None or math.isfinite(f.estimate) for f in result.factors)
    span = default_range(frame)
    if span is not None:
        for chart, _ in trend_panels(frame, *span).values():
            finite_json(chart)
    drawn = factor_panels(frame, result)
    for panel in [drawn.forest, drawn.lags, *drawn.levels.values()]:
        if panel is not None:
            finite_json(panel[0])
    for _, chart_spec in drawn.switches:
        finite_json(chart_spec)
    if entries:
        switch, chart_spec = before_after_panel(frame, entries[len(entries) // 2].date, outcome)
        assert switch.sentence.strip()
        finite_json(chart_spec)
        assert build_report(entries, today=TODAY).startswith(b"%PDF")
