"""Every sentence the analysis writes, and the terminal report (``pain-diary analyze``).

Wording follows the interval, not the point: a difference is "about 1.4
points more pain (0.8 to 2.0)", and an interval that crosses 0 says that
anything from less to more fits the data.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..safety import FLAG_LABELS, NOT_A_DIAGNOSIS
from .candidates import Candidate
from .gates import CONFIRMATORY_DAYS, MEANINGFUL_CHANGE, MIN_DAYS, MIN_LEVEL_DAYS, WEAK_CHANGES, Stage
from .registry import OUTCOMES
from .results import Analysis, FactorEffect, Switch

NOTICED = f"the {MEANINGFUL_CHANGE:g}-point change people notice"
EXPLORATORY = f"Exploratory (fewer than {CONFIRMATORY_DAYS} days logged): "
ADJUSTER_NOTE = "Adjusted for so that the other factors are compared fairly; never a cause."


# -- amounts ---------------------------------------------------------------------------


def amount(value: float, outcome: str) -> str:
    """ "1.4 points more pain", "12 minutes shorter pain after getting up", "the same pain"."""
    words = OUTCOMES[outcome]
    text = words.number(value)
    if float(text) == 0:
        return f"the same {words.same}"
    unit = words.unit if text in ("1", "1.0") else words.units
    return f"{text} {unit} {words.more if value >= 0 else words.less}"


def interval(lo: float, hi: float, outcome: str) -> str:
    """ "(0.8 to 2.0)", or "(anywhere from 0.3 less to 1.2 more fits your data)" when it crosses 0."""
    words = OUTCOMES[outcome]
    if lo >= 0 or hi <= 0:
        return f"({words.number(min(abs(lo), abs(hi)))} to {words.number(max(abs(lo), abs(hi)))})"
    more_word, less_word = words.more.split()[0], words.less.split()[0]
    return f"(anywhere from {words.number(lo)} {less_word} to {words.number(hi)} {more_word} fits your data)"


# -- factors ---------------------------------------------------------------------------


def effect_sentence(f: Candidate, est: float, lo: float, hi: float, verdict: str, outcome: str) -> str:
    """An estimated factor's sentence, with the size beside the change people notice (for pain)."""
    text = f"{f.subject}: about {amount(est, outcome)} {interval(lo, hi, outcome)}."
    if verdict == "unclear":
        return text + " No clear difference."
    if outcome != "pain":
        return text
    if f.unit == "per step":
        whole = est * 3
        size = "as large as" if abs(whole) >= MEANINGFUL_CHANGE else "less than"
        return (
            text
            + f" From the lowest to the highest step that is about {abs(whole):.1f} points, {size} {NOTICED}."
        )
    if f.unit == "indicator":
        size = "As large as" if abs(est) >= MEANINGFUL_CHANGE else "Less than"
        return text + f" {size} {NOTICED}."
    return text


def adjuster_sentence(f: Candidate, est: float, outcome: str) -> str:
    return (
        f"Mornings after {f.label}: adjusted for, not judged. A painkiller is usually taken because "
        f"of pain, so how these mornings compare (about {amount(est, outcome)}) says nothing "
        "about what the painkiller does."
    )


def too_few_days_sentence() -> str:
    return (
        f"Fewer than {MIN_DAYS} days logged: no effects yet. Keep logging; the charts already show your days."
    )


def single_level_sentence(f: Candidate) -> str:
    return f"Every logged morning came after {f.label}: there is nothing to compare it with yet."


def coverage_sentence(f: Candidate, recorded: int, days: int) -> str:
    return f"Not enough data on {f.label}: recorded on {recorded} of {days} days."


def too_few_sentence(f: Candidate, with_days: int, without_days: int) -> str:
    if f.unit == "indicator":
        return (
            f"Not enough data on {f.label}: {with_days} days with and {without_days} without; "
            f"at least {MIN_LEVEL_DAYS} of each are needed."
        )
    return (
        f"Not enough data on {f.label}: it varied on too few days "
        f"(at least {MIN_LEVEL_DAYS} days above and below its usual value are needed)."
    )


def incomplete_sentence(f: Candidate) -> str:
    return f"Not enough complete days to judge {f.label}."


def too_many_sentence(days: int) -> str:
    return f"Too many factors for {days} days."


def tangled_sentence(f: Candidate, partners: Sequence[str], days: int, together: str) -> str:
    """A factor that never varied apart from others (``together``: their joint effect, when there is one)."""
    return (
        f"{f.label[0].upper()}{f.label[1:]} never varied apart from {', '.join(partners)} "
        f"({days} days): the diary cannot tell which of them matters.{together}"
    )


def together_clause(est: float, lo: float, hi: float, outcome: str) -> str:
    return f" Together: about {amount(est, outcome)} {interval(lo, hi, outcome)}."


def weak_note(f: Candidate, changes: int, where: Sequence[int], dates: pd.DatetimeIndex) -> str | None:
    """For an indicator that changed only once or twice: weak evidence, and how to confirm it."""
    if f.unit != "indicator" or changes == 0 or changes > WEAK_CHANGES:
        return None
    days = ", ".join(dates[i].date().isoformat() for i in where)
    times = "once" if changes == 1 else "twice"
    return (
        f"Changed only {times} ({days}): weak evidence whatever the numbers, because anything else "
        "that changed at the same time would look the same. To confirm, switch back for a week."
    )


# -- switches --------------------------------------------------------------------------


def switch_sentence(switch: Switch, outcome: str) -> str:
    """Before/after a date (a switch's measured fields filled in), or why it cannot be compared."""
    day = switch.date
    change = (
        f"the switch from {switch.from_} to {switch.to} on {day}" if switch.from_ and switch.to else f"{day}"
    )
    est, lo, hi = switch.difference, switch.ci_low, switch.ci_high
    if est is None or lo is None or hi is None:
        return (
            f"Not enough days to compare before and after {change}: at least {MIN_LEVEL_DAYS} "
            f"on each side are needed ({switch.n_before} before, {switch.n_after} after)."
        )
    sentence = (
        f"After {change}: about {amount(est, outcome)} {interval(lo, hi, outcome)}, "
        "allowing for the slow trend and for pain carrying over from day to day."
    )
    a_est, a_lo, a_hi = switch.adapted_difference, switch.adapted_ci_low, switch.adapted_ci_high
    if a_est is not None and a_lo is not None and a_hi is not None:
        sentence += (
            f" Leaving out the first week (getting used to it): about {amount(a_est, outcome)} "
            f"{interval(a_lo, a_hi, outcome)}."
        )
    if switch.what in ("mattress", "position"):
        sentence += " One switch is weak evidence on its own: to confirm, switch back for a week."
    return sentence


# -- the summary -----------------------------------------------------------------------


def summary(rows: int, outcome_days: int, stage: Stage, factors: list[FactorEffect], outcome: str) -> str:
    """The analysis in a few sentences: what goes with worse and better mornings, and how sure that is."""
    if rows == 0:
        return "The diary is empty: log your first morning to start."
    if stage == "too few days":
        return (
            f"{outcome_days} {OUTCOMES[outcome].recorded}: at least {MIN_DAYS} are needed before the diary looks for "
            "what goes with worse mornings. The charts already show your days."
        )
    worse = [f.label for f in factors if f.verdict == "worse"]
    better = [f.label for f in factors if f.verdict == "better"]
    unclear = [f for f in factors if f.verdict == "unclear" and f.role == "factor"]
    parts = []
    if worse:
        parts.append(f"Going with {OUTCOMES[outcome].summary_worse} mornings: {', '.join(worse)}.")
    if better:
        parts.append(f"Going with better mornings: {', '.join(better)}.")
    if not worse and not better:
        parts.append("No factor shows a clear link with your mornings so far.")
    if unclear:
        parts.append(f"{len(unclear)} other factors were checked and showed no clear difference.")
    if stage == "exploratory":
        parts.append(
            f"With fewer than {CONFIRMATORY_DAYS} days this is exploratory: keep logging to confirm."
        )
    parts.append("These are links in your diary, not proof of cause.")
    return " ".join(parts)


# -- plain text (the command line) -----------------------------------------------------


def _cell(value: float | None, fmt: str = "{:+.2f}") -> str:
    return "" if value is None else fmt.format(value)


def _q_text(q: float | None) -> str:
    if q is None:
        return ""
    return "<0.001" if q < 0.001 else f"{q:.3f}"


def _factor_table(factors: list[FactorEffect]) -> list[str]:
    header = f"{'factor':<24} {'days':>5} {'effect':>7} {'95% interval':>17} {'q':>7}  verdict"
    lines = [header, "-" * len(header)]
    for f in factors:
        interval_text = f"{f.ci_low:+.2f} to {f.ci_high:+.2f}" if f.estimated else ""
        estimate = _cell(f.estimate) if f.estimated else ""
        verdict = f.verdict + (" (adjusted for)" if f.role == "adjuster" else "")
        q = _q_text(f.q) if f.estimated else ""
        lines.append(f"{f.id:<24} {f.n:>5} {estimate:>7} {interval_text:>17} {q:>7}  {verdict}")
    lines.append("")
    for f in factors:
        lines.append(f"- {f.sentence}")
        if f.note:
            lines.append(f"  {f.note}")
    return [*lines, ""]


def _warnings(analysis: Analysis) -> list[str]:
    lines = []
    if analysis.patterns:
        lines.append("Patterns worth a doctor's visit:")
        lines += [f"- {p.sentence}" for p in analysis.patterns]
        lines.append("")
    if analysis.red_flags:
        lines.append("Warning symptoms logged:")
        for day in analysis.red_flags:
            advice = "call emergency services" if day.tier == "emergency" else "see a doctor the same day"
            names = "; ".join(FLAG_LABELS.get(f, f) for f in day.flags)
            lines.append(f"- {day.date}: {names} ({advice})")
        lines.append("")
    return lines


def render_text(analysis: Analysis) -> str:
    """The analysis as a readable report for a terminal: sentences first, then the table."""
    lines = [f"What goes with your mornings: {OUTCOMES[analysis.outcome].terminal_title}"]
    if analysis.rows:
        lines.append(
            f"{analysis.rows} mornings logged, {analysis.first} to {analysis.last}. Method: {analysis.method}."
        )
    if analysis.references:
        refs = ", ".join(f"{k} {v}" for k, v in analysis.references.items())
        lines.append(f"Compared with: {refs}.")
    lines += ["", analysis.summary, ""]
    if analysis.factors:
        lines += _factor_table(analysis.factors)
    if analysis.switches:
        lines.append("Switches:")
        lines += [f"- {s.sentence}" for s in analysis.switches]
        lines.append("")
    lines += _warnings(analysis)
    lines.append(NOT_A_DIAGNOSIS)
    return "\n".join(lines) + "\n"
