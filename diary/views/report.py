"""The one-page doctor report: an A4 PDF a clinician can read in a minute.

Header (range, days logged, generated date, "not a diagnosis"), red flags and
patterns first so they are never buried, the summary numbers, the pain trend
chart (the dashboard's own Altair chart, rendered locally with vl-convert),
mattress switches and the factor table. Laid out with reportlab, no internet
needed; the text is real PDF text, so it can be searched and copied.

However long the diary, the report stays one page: long lists are cut to the
most telling rows with a line saying how many more there are (they are all in
the diary CSV), and the whole page is shrunk to fit as a last resort.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from ..entry import Entry
from ..errors import DiaryError
from ..frame import entries_frame
from ..ranges import check_range, no_entries_message
from ..safety import FLAG_LABELS, FlaggedDay, flagged_days
from ..wording import plural
from .summary import Summary, summarize

if TYPE_CHECKING:
    import pandas as pd
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable, Paragraph, Table

    from ..analysis import Analysis, FactorEffect, Switch

MAX_RED_FLAG_ROWS = 8
MAX_PATTERN_LINES = 4
MAX_SWITCH_LINES = 3
MAX_FACTOR_ROWS = 9
MAX_NAMES = 10

_MM = 72 / 25.4  # a millimetre in PDF points (reportlab.lib.units.mm, without importing reportlab)

CHART_WIDTH_PX = 720
CHART_HEIGHT_PX = 210

DISCLAIMER = "Patient-kept diary, not a diagnosis."

TIER_WORDS = {
    "emergency": "emergency: call emergency services",
    "doctor_today": "see a doctor today",
}


@dataclass(frozen=True)
class ReportContent:
    """Everything the page shows, gathered before any layout."""

    start: dt.date
    end: dt.date
    generated: dt.date
    summary: Summary
    red_flags: list[FlaggedDay]
    analysis: Analysis
    chart_png: bytes

    @property
    def chart_caption(self) -> str:
        """What the chart shows, in the resolution the chart chose for this range."""
        from .trends import resolution_for

        if resolution_for(self.start, self.end) == "week":
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
    check_range(start, end)
    if start is not None and start > today:
        raise DiaryError(f"The range starts on {start}, after today ({today}); choose an earlier start.")
    if end is not None and end > today:
        end = today
    chosen = sorted(
        (e for e in entries if (start is None or e.date >= start) and (end is None or e.date <= end)),
        key=lambda e: e.date,
    )
    if not chosen:
        raise DiaryError(no_entries_message(start, end) + " There is nothing to report.")
    return start or chosen[0].date, end or chosen[-1].date, chosen


def report_content(
    entries: Sequence[Entry],
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> ReportContent:
    """Gather the numbers, red flags, analysis and chart for a report on ``start`` to ``end``."""
    from ..analysis import analyze

    generated = today or dt.date.today()
    first, last, chosen = report_range(entries, start, end, today=generated)
    frame = entries_frame(chosen)
    analysis = analyze(frame, "pain", until=last)
    return ReportContent(
        start=first,
        end=last,
        generated=generated,
        summary=summarize(frame, first, last),
        red_flags=flagged_days(chosen),
        analysis=analysis,
        chart_png=trend_chart_png(frame, analysis.switches, start=first, end=last),
    )


def build_report(
    entries: Sequence[Entry],
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> bytes:
    """The one-page A4 PDF report for the entries from ``start`` to ``end`` (inclusive)."""
    return render_report(report_content(entries, start, end, today=today))


def report_filename(start: dt.date, end: dt.date) -> str:
    return f"pain-diary-report-{start.isoformat()}-to-{end.isoformat()}.pdf"


def trend_chart_png(
    frame: pd.DataFrame,
    switches: Sequence[Switch] = (),
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> bytes:
    """The Trends page's pain chart as a PNG, rendered locally (vl-convert: no browser, no internet)."""
    import vl_convert

    from .charts import pain_trend_chart

    chart = pain_trend_chart(frame, switches, start=start, end=end)
    chart = chart.properties(width=CHART_WIDTH_PX, height=CHART_HEIGHT_PX)
    return bytes(vl_convert.vegalite_to_png(chart.to_dict(), scale=2))


def preview_png(pdf: bytes, *, width_px: int = 1100) -> bytes:
    """The first page of a PDF as a PNG, to preview the report in the dashboard."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=width_px / page.get_width()).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()
    finally:
        document.close()


# -- text for the page --------------------------------------------------------------


def red_flag_lines(
    flagged: Sequence[FlaggedDay], limit: int = MAX_RED_FLAG_ROWS
) -> tuple[list[FlaggedDay], str]:
    """The red-flag mornings to list by date, and a line about the rest ('' when all are listed).

    With more than ``limit`` mornings, the emergency-tier ones come first, then
    the most recent; the line counts every flag over the whole range so
    nothing logged goes unmentioned.
    """
    if len(flagged) <= limit:
        return list(flagged), ""
    emergency = [d for d in flagged if d.tier == "emergency"]
    others = [d for d in flagged if d.tier != "emergency"]
    keep = sorted(emergency, key=lambda d: d.date, reverse=True)[:limit]
    keep += sorted(others, key=lambda d: d.date, reverse=True)[: limit - len(keep)]
    keep.sort(key=lambda d: d.date)
    counts: dict[str, int] = {}
    for day in flagged:
        for flag in day.flags:
            counts[flag] = counts.get(flag, 0) + 1
    tally = "; ".join(
        f"{FLAG_LABELS.get(flag, flag)} on {n}"
        for flag, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    tiers = f" ({len(emergency)} of the emergency tier)" if emergency else ""
    rest = len(flagged) - len(keep)
    return keep, (
        f"and {plural(rest, 'more red-flag morning')}, listed in the diary CSV (red_flags column). "
        f"In all, {len(flagged)} red-flag mornings from {flagged[0].date} to {flagged[-1].date}{tiers}: "
        f"{tally}."
    )


def effect_text(effect: FactorEffect) -> str:
    """An effect in pain points with its 95 % interval, e.g. '+1.4 (+0.8 to +2.0) points per hour'."""
    assert effect.estimate is not None and effect.ci_low is not None and effect.ci_high is not None
    unit = "" if effect.unit == "indicator" else f" {effect.unit}"
    return f"{_signed(effect.estimate)} ({_signed(effect.ci_low)} to {_signed(effect.ci_high)}) points{unit}"


def name_list(names: Sequence[str], limit: int = MAX_NAMES) -> str:
    """Names joined for a sentence, the tail counted: 'a, b, c and 4 more'."""
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


# -- layout ----------------------------------------------------------------------


_FONT_FILES = {
    "DiarySans": "Vera.ttf",
    "DiarySans-Bold": "VeraBd.ttf",
    "DiarySans-Italic": "VeraIt.ttf",
    "DiarySans-BoldItalic": "VeraBI.ttf",
}


@functools.cache
def _fonts() -> frozenset[int]:
    """Register the Bitstream Vera fonts that ship with reportlab; the code points they cover.

    Shipped with the PDF library, so the report looks the same on every
    machine and needs nothing downloaded; embedded, so the text extracts.
    """
    import reportlab
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(reportlab.__file__).parent / "fonts"
    covered: frozenset[int] = frozenset()
    for name, file in _FONT_FILES.items():
        font = TTFont(name, str(folder / file))
        pdfmetrics.registerFont(font)
        if name == "DiarySans":
            covered = frozenset(font.face.charToGlyph)
    addMapping("DiarySans", 0, 0, "DiarySans")
    addMapping("DiarySans", 1, 0, "DiarySans-Bold")
    addMapping("DiarySans", 0, 1, "DiarySans-Italic")
    addMapping("DiarySans", 1, 1, "DiarySans-BoldItalic")
    return covered


def _printable(text: str) -> str:
    """Text the report's font can draw, escaped for reportlab's paragraph markup.

    A character the font lacks becomes its unaccented letter where there is
    one (ą → a), else '?', instead of an empty box.
    """
    covered = _fonts()
    out = []
    for char in text:
        if ord(char) in covered or char in "\n\t":
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) in covered)
        base = "".join(c for c in base if not unicodedata.combining(c))
        out.append(base or "?")
    return escape("".join(out))


class _Page:
    """Styles and building blocks for the one page: paragraphs, tables, headings."""

    def __init__(self, width: float) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import TableStyle

        _fonts()
        self.width = width
        base = ParagraphStyle("base", fontName="DiarySans", fontSize=8, leading=10)
        self.body = base
        self.small = ParagraphStyle(
            "small", parent=base, fontSize=7, leading=8.6, textColor=colors.HexColor("#444444")
        )
        self.cell = ParagraphStyle("cell", parent=base, fontSize=7.4, leading=9)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName="DiarySans-Bold")
        self.title = ParagraphStyle("title", parent=base, fontName="DiarySans-Bold", fontSize=14, leading=17)
        self.meta = ParagraphStyle("meta", parent=base, fontSize=9, leading=12)
        self.heading = ParagraphStyle(
            "heading",
            parent=base,
            fontName="DiarySans-Bold",
            fontSize=9.5,
            leading=12,
            spaceBefore=7,
            spaceAfter=2,
        )
        self.alarm = ParagraphStyle("alarm", parent=self.heading, textColor=colors.HexColor("#a4161a"))
        self.bullet_style = ParagraphStyle("bullet", parent=base, leftIndent=9, bulletIndent=0)
        self.grid = TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cccccc")),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
        self.header_rule = TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#888888"))])

    def text(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        from reportlab.platypus import Paragraph

        return Paragraph(_printable(text), style or self.body)

    def bullet(self, text: str) -> Paragraph:
        from reportlab.platypus import Paragraph

        return Paragraph(_printable(text), self.bullet_style, bulletText="•")

    def table(
        self,
        rows: list[list[str]],
        widths: list[float],
        styles: Sequence[ParagraphStyle],
        *,
        header: bool = False,
    ) -> Table:
        """A ruled table; ``styles`` gives each column's paragraph style (the header row is bold)."""
        from reportlab.platypus import Table

        cells = [
            [
                self.text(value, self.cell_bold if header and i == 0 else styles[j])
                for j, value in enumerate(row)
            ]
            for i, row in enumerate(rows)
        ]
        made = Table(cells, colWidths=widths, hAlign="LEFT")
        made.setStyle(self.grid)
        if header:
            made.setStyle(self.header_rule)
        return made


def render_report(content: ReportContent) -> bytes:
    """Lay the report out on exactly one A4 page and return the PDF bytes."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepInFrame, SimpleDocTemplate

    from .. import __version__

    margin = 13 * mm
    footer_room = 6 * mm
    page = _Page(A4[0] - 2 * margin)
    story = [
        *_header(page, content),
        *_red_flag_section(page, content.red_flags),
        *_pattern_section(page, content.analysis),
        *_summary_section(page, content.summary),
        *_chart_section(page, content),
        *_factor_section(page, content.analysis),
    ]
    # The last resort that keeps it one page: shrink everything to fit the frame.
    fitted = KeepInFrame(
        page.width, A4[1] - 2 * margin - footer_room, story, mode="shrink", hAlign="LEFT", vAlign="TOP"
    )

    def footer(canvas: Canvas, _doc: object) -> None:
        canvas.saveState()
        canvas.setFont("DiarySans", 6.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        canvas.drawString(
            margin,
            margin - 2 * mm,
            f"Pain & Sleep Diary {__version__}, made on the patient's computer from their own entries. "
            "Every day's values are in the diary CSV.",
        )
        canvas.restoreState()

    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin + footer_room,
        title=f"Pain and sleep diary report {content.start} to {content.end}",
        author="Pain & Sleep Diary",
        subject=DISCLAIMER,
        creator=f"Pain & Sleep Diary {__version__}",
        invariant=1,  # same diary, same bytes: no creation time or random id in the file
    )
    document.build([fitted], onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _header(page: _Page, content: ReportContent) -> list[Flowable]:
    summary = content.summary
    return [
        page.text(f"Morning pain and sleep diary: {content.start} to {content.end}", page.title),
        page.text(
            f"{summary.days_logged} of {summary.days_in_range} days logged · generated {content.generated} · "
            f"{DISCLAIMER}",
            page.meta,
        ),
    ]


def _red_flag_section(page: _Page, flagged: Sequence[FlaggedDay]) -> list[Flowable]:
    """Every red-flag morning with its date and tier, first on the page so it is never buried."""
    parts: list[Flowable] = [page.text("Red flags logged (warning symptoms)", page.alarm)]
    if not flagged:
        parts.append(page.text("No red-flag symptoms were logged in this range."))
        return parts
    listed, rest = red_flag_lines(flagged)
    rows = [
        [day.date.isoformat(), TIER_WORDS[day.tier], "; ".join(FLAG_LABELS.get(f, f) for f in day.flags)]
        for day in listed
    ]
    parts.append(
        page.table(
            rows, [20 * _MM, 52 * _MM, page.width - 72 * _MM], [page.cell_bold, page.cell_bold, page.cell]
        )
    )
    if rest:
        parts.append(page.text(rest, page.small))
    return parts


def _pattern_section(page: _Page, analysis: Analysis) -> list[Flowable]:
    """The Safety patterns (long morning pain, waking from pain, ...) with their numbers."""
    if not analysis.patterns:
        return [
            page.text("Patterns worth a doctor's look", page.heading),
            page.text(
                "None found (checked: morning pain over 30 minutes on most recent days, waking from pain, "
                "pain not easing over weeks, the inflammatory pattern)."
            ),
        ]
    parts: list[Flowable] = [page.text("Patterns worth a doctor's look", page.alarm)]
    parts += [page.bullet(pattern.sentence) for pattern in analysis.patterns[:MAX_PATTERN_LINES]]
    if len(analysis.patterns) > MAX_PATTERN_LINES:
        parts.append(page.text(f"and {len(analysis.patterns) - MAX_PATTERN_LINES} more.", page.small))
    return parts


def _summary_section(page: _Page, summary: Summary) -> list[Flowable]:
    rows = [[line.label, line.value, line.detail] for line in summary.lines()]
    return [
        page.text("Summary", page.heading),
        page.table(
            rows, [44 * _MM, 58 * _MM, page.width - 102 * _MM], [page.cell_bold, page.cell_bold, page.small]
        ),
    ]


def _chart_section(page: _Page, content: ReportContent) -> list[Flowable]:
    """The pain trend chart at full width, then what each mattress switch did."""
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    px_width, px_height = ImageReader(io.BytesIO(content.chart_png)).getSize()
    parts: list[Flowable] = [
        page.text("Morning pain over time", page.heading),
        Image(io.BytesIO(content.chart_png), width=page.width, height=page.width * px_height / px_width),
        page.text(content.chart_caption, page.small),
    ]
    switches = content.analysis.switches
    parts += [page.bullet(switch.sentence) for switch in switches[:MAX_SWITCH_LINES]]
    if len(switches) > MAX_SWITCH_LINES:
        parts.append(
            page.text(
                f"and {len(switches) - MAX_SWITCH_LINES} more switches, marked on the chart.", page.small
            )
        )
    return parts


def _factor_section(page: _Page, analysis: Analysis) -> list[Flowable]:
    """The effects the analysis supports, with intervals; then what was checked and found unclear."""
    from ..analysis import MEANINGFUL_CHANGE

    parts: list[Flowable] = [page.text("What goes with worse or better mornings", page.heading)]
    if analysis.stage == "too few days":
        parts.append(page.text(analysis.summary))
        return parts
    stage = (
        "Exploratory: fewer than 30 days, treat these as hints to test. "
        if analysis.stage == "exploratory"
        else ""
    )
    parts.append(
        page.text(
            f"{stage}Method: {analysis.method}; 95 % intervals; adjusted for the other factors and a slow "
            f"trend. A change of {MEANINGFUL_CHANGE:g} points is the smallest most people notice.",
            page.small,
        )
    )
    supported = [f for f in analysis.supported() if f.role == "factor" and f.estimated]
    if supported:
        shown = supported[:MAX_FACTOR_ROWS]
        rows = [["Factor", "Days", "Change in morning pain (95 % interval)"]]
        rows += [[e.label, str(e.n), f"{e.verdict}: {effect_text(e)}"] for e in shown]
        widths = [58 * _MM, 12 * _MM, page.width - 70 * _MM]
        styles = [page.cell, page.cell, page.cell]
        if any(e.note for e in shown):  # weak-evidence notes get a column; without notes, no empty column
            rows[0].append("Note")
            for row, effect in zip(rows[1:], shown, strict=True):
                row.append(effect.note or "")
            widths = [52 * _MM, 12 * _MM, 62 * _MM, page.width - 126 * _MM]
            styles.append(page.small)
        parts.append(page.table(rows, widths, styles, header=True))
        if len(supported) > MAX_FACTOR_ROWS:
            rest = [f.label for f in supported[MAX_FACTOR_ROWS:]]
            parts.append(page.text(f"Also supported, with smaller effects: {name_list(rest)}.", page.small))
    else:
        parts.append(page.text("No factor went clearly with worse or better mornings in this range."))
    unclear = [f.label for f in analysis.unclear()]
    if unclear:
        parts.append(
            page.text(f"Checked and found unclear (no clear difference either way): {name_list(unclear)}.")
        )
    not_enough = [f.label for f in analysis.factors if f.verdict == "not enough data" and f.role == "factor"]
    if not_enough:
        parts.append(page.text(f"Not enough days to check: {name_list(not_enough)}.", page.small))
    tied = [f.label for f in analysis.factors if f.verdict == "cannot be separated"]
    if tied:
        parts.append(
            page.text(f"Never varied apart, so cannot be told apart: {name_list(tied)}.", page.small)
        )
    if any(f.role == "adjuster" for f in analysis.factors):
        parts.append(
            page.text(
                "Painkiller use is adjusted for but not shown as a cause: it is usually taken because of pain.",
                page.small,
            )
        )
    return parts
