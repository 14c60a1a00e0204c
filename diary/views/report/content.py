"""What a report holds: its range, and everything the page shows, gathered before any layout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...entry import Entry
from ...errors import DiaryError
from ...frame import entries_frame
from ...ranges import check_range, entries_in_range, no_entries_message
from ...safety import FlaggedDay, flagged_days
from ..summary import Summary, summarize

if TYPE_CHECKING:
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
    trials: tuple[TrialResult, ...] = ()  # finished self-experiments with nights in the range

    @property
    def chart_caption(self) -> str:
        """What the chart shows, in the resolution the chart chose for this range."""
        if self.pain_trend.resolution == "week":
            return (
                "Morning pain 0–10, drawn by week for a range this long: each week's mean of the mornings "
                "logged, and the 4-week mean. Dashed lines: mattress switches."
            )
        return (
            "Morning pain 0–10: each logged morning, and the 7-day mean of the mornings logged. "
            "Dashed lines: mattress switches."
        )


def report_range(
    entries: Sequence[Entry],
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> tuple[dt.date, dt.date, list[Entry]]:
    """The range a report covers and its entries; open ends are the first and last logged dates.

    A range reaching past today ends today (there are no entries to come, and
    counting future days would make the diary look gappier than it is). An
    empty range is a ``DiaryError``: an empty report would look like a
    diary without complaints.
    """
    today = today or dt.date.today()
    # A day restored from east of the date line may not have begun here yet: it still counts.
    today = max([today, *(e.date for e in entries)])
    check_range(start, end)
    if start is not None and start > today:
        raise DiaryError(f"The range starts on {start}, after today ({today}); choose an earlier start.")
    if end is not None and end > today:
        end = today
    chosen = sorted(entries_in_range(entries, start, end), key=lambda e: e.date)
    if not chosen:
        raise DiaryError(no_entries_message(start, end) + " There is nothing to report.")
    return start or chosen[0].date, end or chosen[-1].date, chosen


def report_content(
    entries: Sequence[Entry],
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    today: dt.date | None = None,
    trials: Sequence[TrialResult] = (),
    analysis: Analysis | None = None,
) -> ReportContent:
    """Gather the numbers, red flags, analysis, chart and finished trials for a report on ``start`` to ``end``.

    ``analysis``: the morning-pain analysis of the whole diary ``entries`` come
    from, when the caller already has it; it is used when the report covers
    exactly the days it was computed on (the usual report of the whole diary),
    and computed afresh for any other range.
    """
    from ..trends import trend_data

    generated = today or dt.date.today()
    first, last, chosen = report_range(entries, start, end, today=generated)
    frame = entries_frame(chosen)
    if analysis is None or not _covers(analysis, chosen, last):
        from ...analysis import analyze

        analysis = analyze(frame, "pain", until=last)
    return ReportContent(
        start=first,
        end=last,
        generated=generated,
        summary=summarize(frame, first, last),
        red_flags=flagged_days(chosen),
        analysis=analysis,
        pain_trend=trend_data(frame, "pain", first, last),
        trials=tuple(t for t in trials if t.trial.start <= last and t.trial.last_counted >= first),
    )


def _covers(analysis: Analysis, chosen: Sequence[Entry], last: dt.date) -> bool:
    """Whether ``analysis`` is the report's own: morning pain over exactly ``chosen``, ending on the report's last day."""
    return (
        analysis.outcome == "pain"
        and analysis.rows == len(chosen)
        and analysis.first == chosen[0].date
        and analysis.last == chosen[-1].date == last
    )


def report_filename(start: dt.date, end: dt.date) -> str:
    """The file name a report of ``start`` to ``end`` is offered under."""
    return f"pain-diary-report-{start.isoformat()}-to-{end.isoformat()}.pdf"
