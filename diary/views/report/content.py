"""What a report holds: its range, and everything the page shows, gathered before any layout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ... import clock
from ...entry import Entry
from ...entry.frame import entries_frame
from ...errors import DiaryError
from ...ranges import check_range, in_range, no_entries_message
from ...safety import FlaggedDay
from ...wording import SWITCH_KINDS
from ..summary import Summary, summarize

if TYPE_CHECKING:
    import pandas as pd

    from ...analysis import Analysis
    from ...trials import TrialResult
    from ..trends import TrendData


@dataclass(frozen=True)
class ReportContent:
    """Everything the page shows, gathered before any layout."""

    start: dt.date
    end: dt.date
    generated: dt.date
    summary: Summary
    red_flags: list[FlaggedDay]
    analysis: Analysis
    pain_trend: TrendData  # what the chart draws: the Trends page's points and mean line for the range
    trials: tuple[TrialResult, ...] = ()  # finished self-experiments ending in the range (``report_trials``)

    @property
    def chart_caption(self) -> str:
        """What the chart shows, in the resolution the chart chose for this range (its dashed lines only where
        it draws some)."""
        kinds = {s.what for s in self.analysis.switches if self.start <= s.date <= self.end}
        named = [words.several for what, words in SWITCH_KINDS.items() if what in kinds]
        dashed = f" Dashed lines: {' and '.join(named)}." if named else ""
        if self.pain_trend.resolution == "week":
            return (
                "Morning pain 0–10, drawn by week for a range this long: each week's mean of the mornings "
                f"logged, and the 4-week mean.{dashed}"
            )
        return f"Morning pain 0–10: each logged morning, and the 7-day mean of the mornings logged.{dashed}"


def report_frame(entries: Sequence[Entry] | pd.DataFrame) -> pd.DataFrame:
    """The entries as their frame (``entries_frame``); a frame is taken as it is (the diary's ``load()``)."""
    import pandas as pd

    return entries if isinstance(entries, pd.DataFrame) else entries_frame(entries)


def report_range(
    entries: Sequence[Entry] | pd.DataFrame,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> tuple[dt.date, dt.date, pd.DataFrame]:
    """The range a report covers and its entries' frame; open ends are the first and last logged dates.

    A range reaching past today ends today (there are no entries to come, and
    counting future days would make the diary look gappier than it is); one
    starting before its first logged day starts on that day, for the same
    reason (a diary begun in March is not "173 of 2100 days logged" from the
    January five years before). An empty range is a ``DiaryError``: an empty
    report would look like a diary without complaints.
    """
    frame = report_frame(entries)
    today = today or clock.today()
    # A day restored from east of the date line may not have begun here yet: it still counts.
    if len(frame):
        today = max(today, frame["date"].iloc[-1].date())
    check_range(start, end, today=today)
    if end is not None and end > today:
        end = today
    chosen = in_range(frame, start, end).reset_index(drop=True)
    if chosen.empty:
        raise DiaryError(no_entries_message(start, end) + " There is nothing to report.")
    first_logged = chosen["date"].iloc[0].date()
    start = first_logged if start is None else max(start, first_logged)
    return start, end or chosen["date"].iloc[-1].date(), chosen


def report_content(
    entries: Sequence[Entry] | pd.DataFrame,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    today: dt.date | None = None,
    trials: Sequence[TrialResult] = (),
    analysis: Analysis | None = None,
    hold_back: tuple[dt.date, dt.date] | None = None,
) -> ReportContent:
    """Gather the numbers, red flags, analysis, chart and finished trials for a report on ``start`` to ``end``.

    ``entries``: the diary's entries, or their frame (``entries_frame``, as the
    diary's ``load()`` gives it: a caller that has it saves building it again).
    ``analysis``: the morning-pain analysis of the whole diary ``entries`` come
    from, when the caller already has it; it is used when the report covers
    exactly the days it was computed on (the usual report of the whole diary),
    and computed afresh for any other range.
    """
    from ..trends import trend_data

    generated = today or clock.today()
    first, last, frame = report_range(entries, start, end, today=generated)
    if analysis is None or not _covers(analysis, frame, last, hold_back):
        from ...analysis import analyze

        analysis = analyze(frame, "pain", until=last, hold_back=hold_back)
    return ReportContent(
        start=first,
        end=last,
        generated=generated,
        summary=summarize(frame, first, last),
        red_flags=analysis.red_flags,  # the analysis' days are the report's: every flagged morning in it
        analysis=analysis,
        pain_trend=trend_data(frame, "pain", first, last),
        trials=report_trials(trials, first, last),
    )


def report_trials(trials: Sequence[TrialResult], first: dt.date, last: dt.date) -> tuple[TrialResult, ...]:
    """The finished trials a report on ``first`` to ``last`` shows, in the order it lists them.

    Only those whose answer rests on mornings in the range (``rests_on``): a
    trial still going on the report's last day would be judged on mornings
    after it, while one ended today, its last morning not logged, is whole in a
    report ending on the last morning logged. Trials with an answer come before
    those with too few nights to judge; each the most recent first.
    """
    from .text import judged

    shown = [t for t in trials if first <= t.rests_on <= last and t.trial.start <= last]
    return tuple(sorted(shown, key=lambda t: (not judged(t), -t.trial.last_counted.toordinal())))


def _covers(
    analysis: Analysis, frame: pd.DataFrame, last: dt.date, hold_back: tuple[dt.date, dt.date] | None
) -> bool:
    """Whether ``analysis`` is the report's own: morning pain over exactly ``frame``'s days, ending on the last,
    holding back the same running trial's mornings."""
    held = analysis.held_back
    return (
        analysis.outcome == "pain"
        and ((held.first, held.last) if held else None) == hold_back
        and analysis.rows == len(frame)
        and analysis.first == frame["date"].iloc[0].date()
        and analysis.last == frame["date"].iloc[-1].date() == last
    )


def report_filename(start: dt.date, end: dt.date) -> str:
    """The file name a report of ``start`` to ``end`` is offered under."""
    return f"pain-diary-report-{start.isoformat()}-to-{end.isoformat()}.pdf"
