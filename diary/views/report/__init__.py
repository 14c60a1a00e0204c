"""The one-page doctor report: an A4 PDF a clinician can read in a minute.

Header (range, days logged, generated date, "not a diagnosis"), red flags and
patterns first so they are never buried, the summary numbers, the pain trend
chart (the Trends page's points and mean line, drawn as vector graphics with
reportlab: sharp in print, its words real text), mattress switches and the factor table. Laid out with reportlab, no internet
needed; the text is real PDF text, so it can be searched and copied.

However long the diary, the report stays one page: long lists are cut to the
most telling rows with a line saying how many more there are (they are all in
the diary CSV), the red flags' rows last, and the whole page is shrunk to fit
as a last resort. Patterns worth a doctor's visit are never cut.

The package keeps what the report holds apart from how it is drawn:

- ``content``: the range a report covers and everything it shows, gathered
  before any layout (``report_content``);
- ``text``: the page's sentences and how long lists are cut;
- ``page``: the fonts, styles and building blocks of the A4 page;
- ``chart``: the pain trend chart, drawn with reportlab's graphics;
- ``layout``: the sections in order, on exactly one page (``render_report``),
  and the preview image of the finished PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...entry import Entry
from .content import (
    ReportContent,
    report_content,
    report_filename,
    report_range,
)
from .layout import preview_png, render_report
from .text import DISCLAIMER, effect_text, name_list, red_flag_lines

if TYPE_CHECKING:
    import pandas as pd

    from ...analysis import Analysis
    from ...trials import TrialResult


def build_report(
    entries: Sequence[Entry] | pd.DataFrame,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    today: dt.date | None = None,
    trials: Sequence[TrialResult] = (),
    analysis: Analysis | None = None,
    hold_back: tuple[dt.date, dt.date] | None = None,
) -> bytes:
    """The one-page A4 PDF report for the entries from ``start`` to ``end`` (inclusive), with finished trials.

    ``entries``: the diary's entries, or their frame (the diary's ``load()``).
    ``analysis``: the morning-pain analysis of the whole diary, when the caller
    has it already (see ``report_content``); each saves building it again.
    ``hold_back``: a running trial's mornings so far, left out of the analysis (``analysis.analyze``).
    """
    content = report_content(
        entries, start, end, today=today, trials=trials, analysis=analysis, hold_back=hold_back
    )
    return render_report(content)


__all__ = [
    "DISCLAIMER",
    "ReportContent",
    "build_report",
    "effect_text",
    "name_list",
    "preview_png",
    "red_flag_lines",
    "render_report",
    "report_content",
    "report_filename",
    "report_range",
]
