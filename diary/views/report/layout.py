"""The report's sections in the order a clinician reads them, laid out on exactly one A4 page."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ...analysis.patterns import PATTERNS_HEADING, no_patterns
from ...analysis.registry import versus
from ...analysis.results import METHOD_IN_WORDS
from ...safety import TIER_RECORDS, FlaggedDay, tier_records
from ...wording import APP_NAME, day_label, from_to, plural
from ..app_words import made_by
from ..summary import Summary
from .content import ReportContent
from .page import FONT, MM, Page
from .text import (
    DISCLAIMER,
    FITTING_ORDER,
    SWITCHES_LEAD,
    Limits,
    cause_caveat,
    effect_text,
    more_switches,
    more_trials,
    name_list,
    names_emergencies,
    red_flag_lines,
    signed,
    smaller_effects,
    switch_line,
)

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

    from ...analysis import Analysis, FactorEffect
    from ...trials import TrialResult

MARGIN_MM = 13
FOOTER_MM = 6


def render_report(content: ReportContent) -> bytes:
    """Lay the report out on exactly one A4 page and return the PDF bytes."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import KeepInFrame, SimpleDocTemplate

    from ... import __version__

    # Binary streams, not ASCII85 text: a PDF needs no 7-bit safety, and reportlab's
    # pure-Python ASCII85 encoder is slow on the embedded fonts and the page's drawing.
    rl_config.useA85 = 0

    margin = MARGIN_MM * MM
    footer_room = FOOTER_MM * MM
    page = Page(A4[0] - 2 * margin)
    height = A4[1] - 2 * margin - footer_room
    story = fitted_story(page, content, height)
    # The last resort that keeps it one page: shrink everything to fit the frame.
    fitted = KeepInFrame(page.width, height, story, mode="shrink", hAlign="LEFT", vAlign="TOP")
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin + footer_room,
        title=f"Pain and sleep diary report {content.start} to {content.end}",
        author=APP_NAME,
        subject=DISCLAIMER,
        creator=made_by(__version__),
        invariant=1,  # same diary, same bytes: no creation time or random id in the file
    )
    document.build([fitted], onFirstPage=_footer, onLaterPages=_footer)
    return out.getvalue()


SMALLEST_SCALE = 0.85
"""Shrunk below this to fit, the page's small print would be under 6 points: shorter lists are shown instead."""


def fitted_story(page: Page, content: ReportContent, height: float) -> list[Flowable]:
    """The page's parts with every list at its usual length, or shorter (``FITTING_ORDER``: the other lists
    before the red flags' rows) where those would have to shrink the page below ``SMALLEST_SCALE`` to fit
    (a year of red flags and a dozen mattresses). Patterns worth a doctor's visit are never shortened."""
    for limits in FITTING_ORDER:
        story = _story(page, content, limits)
        if story_height(page, story, height) * SMALLEST_SCALE <= height:
            break
    return story


def story_height(page: Page, story: Sequence[Flowable], height: float) -> float:
    """The height ``story`` takes at its own size on ``page``, in a frame ``height`` high."""
    return sum(
        part.wrap(page.width, height)[1] + part.getSpaceBefore() + part.getSpaceAfter() for part in story
    )


def _story(page: Page, content: ReportContent, limits: Limits) -> list[Flowable]:
    return [
        *_header(page, content),
        *_red_flag_section(page, content.red_flags, limits.red_flags),
        *_pattern_section(page, content.analysis),
        *_summary_section(page, content.summary),
        *_chart_section(page, content, limits),
        *_factor_section(page, content.analysis, limits),
        *_trial_section(page, content.trials, limits.trials),
    ]


def _footer(canvas: Canvas, _doc: object) -> None:
    """Where the page came from, at the foot of the page."""
    from reportlab.lib import colors

    from ... import __version__

    margin = MARGIN_MM * MM
    canvas.saveState()
    canvas.setFont(FONT, 6.5)
    canvas.setFillColor(colors.HexColor("#666666"))
    canvas.drawString(
        margin,
        margin - 2 * MM,
        f"{made_by(__version__)}, made on the patient's computer from their own entries. "
        "Every day's values are in the diary CSV.",
    )
    canvas.restoreState()


def preview_png(pdf: bytes, *, width_px: int = 900) -> bytes:
    """The first page of a PDF as a PNG, to preview the report in the dashboard.

    A preview only: 256 colours (the page is text, rules and one chart) keep
    it under a third of a full-colour image's size, so it reaches the
    browser quickly; the PDF itself is untouched. The colours are chosen by
    the fast octree (20 ms; the default median cut takes 80 ms, for a
    preview that looks the same).
    """
    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=width_px / page.get_width()).to_pil()
        out = io.BytesIO()
        image.quantize(256, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
        return out.getvalue()
    finally:
        document.close()


# -- the sections, top to bottom ---------------------------------------------------------


def _header(page: Page, content: ReportContent) -> list[Flowable]:
    summary = content.summary
    return [
        page.text(
            f"Morning pain and sleep diary: {from_to(content.start, content.end)}",
            page.title,
        ),
        page.text(
            f"{summary.days_logged} of {plural(summary.days_in_range, 'day')} logged · generated {day_label(content.generated)} · "
            f"{DISCLAIMER}",
            page.meta,
        ),
    ]


def _red_flag_section(page: Page, flagged: Sequence[FlaggedDay], limit: int) -> list[Flowable]:
    """Every red-flag morning with its date and tier, first on the page so it is never buried."""
    parts: list[Flowable] = [page.text("Red flags logged (warning symptoms)", page.alarm)]
    if not flagged:
        parts.append(page.text("No red-flag symptoms were logged in this range."))
        return parts
    listed, rest = red_flag_lines(flagged, limit)
    rows = [
        [day_label(day.date), TIER_RECORDS[day.tier], tier_records(day.flags, name_first_tier=False)]
        for day in listed
    ]
    parts.append(
        page.table(
            rows, [29 * MM, 57 * MM, page.width - 86 * MM], [page.cell_bold, page.cell_bold, page.cell]
        )
    )
    if rest:  # at the page's own size where it names emergency mornings by date: small print would bury them
        parts.append(page.text(rest, None if names_emergencies(flagged) else page.small))
    return parts


def _pattern_section(page: Page, analysis: Analysis) -> list[Flowable]:
    """The Safety patterns (long morning pain, waking from pain, ...) with their numbers: every one, always."""
    if not analysis.patterns:
        return [
            page.text(PATTERNS_HEADING, page.heading),
            page.text(no_patterns(analysis.unchecked_patterns)),
        ]
    return [
        page.text(PATTERNS_HEADING, page.alarm),
        *(page.bullet(pattern.sentence) for pattern in analysis.patterns),
    ]


def _summary_section(page: Page, summary: Summary) -> list[Flowable]:
    rows = [[line.label, line.value, line.detail] for line in summary.lines()]
    return [
        page.text("Summary", page.heading),
        page.table(
            rows, [44 * MM, 58 * MM, page.width - 102 * MM], [page.cell_bold, page.cell_bold, page.small]
        ),
    ]


def _chart_section(page: Page, content: ReportContent, limits: Limits) -> list[Flowable]:
    """The pain trend chart at full width, then what the most recent switches did, a short sentence each."""
    from .chart import trend_drawing

    switches = content.analysis.switches
    parts: list[Flowable] = [
        page.text("Morning pain over time", page.heading),
        trend_drawing(content.pain_trend, switches, content.start, content.end, width=page.width),
        page.text(content.chart_caption, page.small),
    ]
    if not switches:
        return parts
    latest = sorted(switches, key=lambda s: s.date, reverse=True)
    parts.append(page.text(SWITCHES_LEAD, page.small))
    trials = content.trials[: limits.trials]  # those the page lists
    parts += [page.bullet(switch_line(switch, trials)) for switch in latest[: limits.switches]]
    if len(switches) > limits.switches:
        parts.append(page.text(more_switches(len(switches) - limits.switches), page.small))
    return parts


def _factor_section(page: Page, analysis: Analysis, limits: Limits) -> list[Flowable]:
    """The effects the analysis supports, with intervals; then what was checked and found unclear."""
    from ...analysis import MEANINGFUL_CHANGE
    from ...analysis.text import EXPLORATORY, held_back_sentence

    parts: list[Flowable] = [page.text("What goes with worse or better mornings", page.heading)]
    if analysis.stage == "too few days":
        parts.append(page.text(analysis.summary))
        return parts
    stage = f"{EXPLORATORY}treat these as hints to test. " if analysis.stage == "exploratory" else ""
    parts.append(
        page.text(
            f"{stage}Method: {analysis.method} ({METHOD_IN_WORDS}); 95 % intervals; allowing for the other "
            "factors, a slow trend that may curve"
            + (" and the day of the week" if analysis.time_terms.day_of_week else "")
            + "; painkillers left out (usually taken because of the morning's pain). "
            f"A change of {MEANINGFUL_CHANGE:g} points is the smallest most people notice."
            + (f" {held_back_sentence(held)}" if (held := analysis.held_back) and held.mornings else ""),
            page.small,
        )
    )
    parts += _supported_factors(page, analysis, limits)
    parts += _earlier_days(page, analysis)
    parts += _factors_without_a_verdict(page, analysis)
    return parts


def _earlier_days(page: Page, analysis: Analysis) -> list[Flowable]:
    """Exertion 2 or 3 days before the morning, where the three days judged together support it.

    (The day before is the table's exertion row.)
    """
    found = [
        f"exertion {g.label}: {signed(g.estimate)} points per step ({signed(g.ci_low)} to {signed(g.ci_high)})"
        for g in analysis.lags
        if g.lag > 1 and g.clear and g.estimate is not None and g.ci_low is not None and g.ci_high is not None
    ]
    if not found:
        return []
    return [page.text(f"Also supported, the days before judged together: {'; '.join(found)}.", page.small)]


def _supported_factors(page: Page, analysis: Analysis, limits: Limits) -> list[Flowable]:
    """The table of factors with a clear effect, the largest first; the rest below it, worse and better apart;
    then that these are links, not causes."""
    supported = [f for f in analysis.supported() if f.role == "factor" and f.estimated]
    if not supported:
        return [page.text("No factor went clearly with worse or better mornings in this range.")]
    parts: list[Flowable] = [_factor_table(page, supported[: limits.factors], analysis.references)]
    rest = smaller_effects(supported[limits.factors :], numbers=limits.rest_with_numbers)
    parts += [page.text(line, page.small) for line in rest]
    if caveat := cause_caveat(analysis):
        parts.append(page.text(caveat))
    return parts


def _factor_table(page: Page, shown: Sequence[FactorEffect], references: Mapping[str, str]) -> Flowable:
    rows = [["Factor", "Days", "Change in morning pain (95 % interval)"]]
    rows += [[e.label + versus(e.id, references), str(e.n), f"{e.verdict}: {effect_text(e)}"] for e in shown]
    widths = [58 * MM, 12 * MM, page.width - 70 * MM]
    styles = [page.cell, page.cell, page.cell]
    if any(e.note for e in shown):  # weak-evidence notes get a column; without notes, no empty column
        rows[0].append("Note")
        for row, effect in zip(rows[1:], shown, strict=True):
            row.append(effect.note or "")
        widths = [52 * MM, 12 * MM, 62 * MM, page.width - 126 * MM]
        styles.append(page.small)
    return page.table(rows, widths, styles, header=True)


def _factors_without_a_verdict(page: Page, analysis: Analysis) -> list[Flowable]:
    """What was checked and found unclear, what had too few days, what never varied apart."""
    from ...analysis.text import NOT_CLEAR_WITH_MANY, clear_alone

    parts: list[Flowable] = []
    leaning = [f for f in analysis.unclear() if clear_alone(f, analysis.outcome)]
    unclear = [f.label for f in analysis.unclear() if f not in leaning]
    if leaning:
        named = [f"{f.label}{versus(f.id, analysis.references)} {effect_text(f)}" for f in leaning]
        said = f"{NOT_CLEAR_WITH_MANY[:1].upper()}{NOT_CLEAR_WITH_MANY[1:]}: {name_list(named, sep='; ')}."
        parts.append(page.text(said))
    if unclear:
        parts.append(
            page.text(
                f"Checked and found unclear (no difference the diary can vouch for): {name_list(unclear)}."
            )
        )
    not_enough = [f for f in analysis.factors if f.verdict == "not enough data" and f.role == "factor"]
    if analysis.unchanged:  # the outcome never changed: no factor was checked, for that reason
        parts.append(page.text(f"Not checked: {analysis.unchanged}", page.small))
        not_enough = [f for f in not_enough if f.sentence != analysis.unchanged]
    if not_enough:
        parts.append(
            page.text(f"Not enough days to check: {name_list([f.label for f in not_enough])}.", page.small)
        )
    tied = [f.label for f in analysis.factors if f.verdict == "cannot be separated"]
    if tied:
        parts.append(
            page.text(f"Never varied apart, so cannot be told apart: {name_list(tied)}.", page.small)
        )
    return parts


def _trial_section(page: Page, trials: Sequence[TrialResult], limit: int) -> list[Flowable]:
    """Finished self-experiments ending in the range (``report_trials``: answered ones first), what each compared
    and its answer in one sentence; how many more there are."""
    from ...trials.text import plan_heading, unconfirmed_note

    if not trials:
        return []
    parts: list[Flowable] = [page.text("Self-experiments (randomised, planned in the diary)", page.heading)]
    for result in trials[:limit]:
        trial = result.trial
        parts.append(
            page.bullet(
                f"{plan_heading(trial)}, {from_to(trial.start, trial.last_counted)}, {result.nights_used} nights "
                f"counted: {result.sentence}{unconfirmed_note(result)}"
            )
        )
    if len(trials) > limit:
        parts.append(page.text(more_trials(len(trials) - limit), page.small))
    return parts
