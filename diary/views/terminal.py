"""The analysis as a terminal reads it (``pain-diary analyze``): warnings first, then sentences, then the table."""

from __future__ import annotations

from collections.abc import Callable

from ..analysis.gates import ALPHA
from ..analysis.patterns import PATTERNS_HEADING
from ..analysis.registry import OUTCOMES, short_label
from ..analysis.results import METHOD_IN_WORDS, Analysis, Switch
from ..analysis.text import EXPLORATORY_MARK
from ..safety import NOT_A_DIAGNOSIS, tier_records, urgent_first
from ..wording import FINDINGS_HEADING, Q_MEANING, day_label, figure, from_to, plural, verdict_rule


def _cell(value: float | None) -> str:
    return "" if value is None else figure(value, 2, signed=True)


def q_text(q: float | None) -> str:
    """A q-value as every table writes it: three decimals, "<0.001" rather than 0.000, and never rounded onto the
    line a finding must be under: 0.0496 is "<0.050" (a finding), 0.0504 is "0.050" (not one)."""
    if q is None:
        return ""
    if q < 0.001:
        return "<0.001"
    if q < ALPHA and f"{q:.3f}" == f"{ALPHA:.3f}":
        return f"<{ALPHA:.3f}"
    return f"{q:.3f}"


def interval_figures(low: float, high: float) -> str:
    """An interval as a table of figures writes it (the terminal's, the Factors page's): "-0.40 to +1.25"."""
    return f"{figure(low, 2, signed=True)} to {figure(high, 2, signed=True)}"


TABLE_KEY = (
    "effect: the difference that goes with the factor (per step or per hour where its name says so); "
    f"95% interval: where the true difference most likely lies; q: {Q_MEANING}; {verdict_rule(ALPHA)}."
)
"""Under the terminal's table of factors: what its columns mean, in words."""


def _factor_table(analysis: Analysis) -> list[str]:
    """The table of factors, each named as the Factors page names it ("Stomach sleeping (vs back)"), then their
    sentences (a tie of factors that never varied apart in one)."""
    factors = analysis.factors
    names = {f.id: short_label(f.id, analysis.references) for f in factors}
    tied = analysis.with_verdict("cannot be separated")
    mirrored = {f.id for f in tied} - {f.id for f in analysis.inseparable()}  # said in a tie's first sentence
    width = max([len("factor"), *map(len, names.values())])
    header = f"{'factor':<{width}} {'days':>5} {'effect':>7} {'95% interval':>17} {'q':>7}  verdict"
    lines = [header, "-" * len(header)]
    for f in factors:
        low, high = f.ci_low, f.ci_high
        interval_text = (
            interval_figures(low, high) if f.estimated and low is not None and high is not None else ""
        )
        estimate = _cell(f.estimate) if f.estimated else ""
        mark = EXPLORATORY_MARK if f.exploratory and f.estimated else ""  # as its sentence says
        verdict = f.verdict + mark
        q = q_text(f.q) if f.estimated else ""
        lines.append(f"{names[f.id]:<{width}} {f.n:>5} {estimate:>7} {interval_text:>17} {q:>7}  {verdict}")
    if any(f.estimated for f in factors):
        lines.append(TABLE_KEY)
    lines.append("")
    said: set[str] = set()
    for f in factors:
        # One "fewer than 14 days" for all, not one per factor.
        if f.sentence not in said and f.id not in mirrored:
            lines.append(f"- {f.sentence}")
            said.add(f.sentence)
        if f.note:
            lines.append(f"  {f.note}")
    return [*lines, ""]


LAGS_HEADING = "Exertion on the days before, judged together (per step of exertion)"
"""The terminal report's lines on the lags (``analyze --json`` lists them under ``lags``)."""
LAGS_NOTE = (
    "  The day before is judged here beside the two other days, on the mornings with all three logged; the "
    "factor list above judges it among all your factors on every morning it was logged, so the two numbers "
    "can differ a little."
)
"""Why lag 1 and the exertion factor need not give the same number."""


def _lag_lines(analysis: Analysis) -> list[str]:
    """Each lag: its figures and whether the diary supports it, or why it is not judged yet (as the JSON)."""
    lines = []
    for lag in analysis.lags:
        if lag.estimate is None or lag.ci_low is None or lag.ci_high is None:
            lines.append(f"- {lag.sentence}")
            continue
        figures = f"{_cell(lag.estimate)} ({interval_figures(lag.ci_low, lag.ci_high)}), q {q_text(lag.q)}"
        lines.append(f"- {lag.sentence} [{figures}]")
    if any(lag.estimate is not None for lag in analysis.lags):
        lines.append(LAGS_NOTE)
    return [f"{LAGS_HEADING}:", *lines, ""] if lines else []


def _warnings(analysis: Analysis) -> list[str]:
    """Warning symptoms logged, the most urgent first (as the report and the pages lead with them), then the
    patterns worth a doctor's visit."""
    lines = []
    if analysis.red_flags:
        lines.append("Warning symptoms logged (the most urgent first, then the newest):")
        for day in urgent_first(analysis.red_flags):
            lines.append(f"- {day_label(day.date)}: {tier_records(day.flags)}")
        lines.append("")
    if analysis.patterns:
        lines.append(f"{PATTERNS_HEADING}:")
        lines += [f"- {p.sentence}" for p in analysis.patterns]
        lines.append("")
    return lines


def render_text(analysis: Analysis, switch_note: Callable[[Switch], str] = lambda _: "") -> str:
    """The analysis as a readable report for a terminal: warnings first, then sentences, then the table.

    ``switch_note``: what to add after a switch's sentence (a trial of the same two on its nights).
    """
    lines = [f"{FINDINGS_HEADING}: {OUTCOMES[analysis.outcome].terminal_title}"]
    if analysis.rows and analysis.first and analysis.last:
        span = from_to(analysis.first, analysis.last)
        fitted = any(f.estimate is not None for f in analysis.factors)  # no method to name before a fit
        method = f" Method: {analysis.method}: {METHOD_IN_WORDS}." if fitted else ""
        lines.append(f"{plural(analysis.rows, 'morning')} logged, {span}.{method}")
    if references := analysis.references_named():
        lines.append(f"Compared with: {references}.")
    lines.append("")
    lines += _warnings(analysis)  # never below the analysis: what a doctor should hear about comes first
    lines += [analysis.summary, ""]
    if analysis.factors:
        lines += _factor_table(analysis)
    lines += _lag_lines(analysis)
    if analysis.switches:
        lines.append("Switches:")
        lines += [f"- {s.sentence}{switch_note(s)}" for s in analysis.switches]
        lines.append("")
    lines.append(NOT_A_DIAGNOSIS)
    return "\n".join(lines) + "\n"
