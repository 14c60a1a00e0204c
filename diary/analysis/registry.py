"""What the analysis looks at, and every word it uses for it: the factors and the outcomes.

``FACTORS`` lists each factor (or family of factors, such as ``position:<level>``)
once: the diary column it is read from, how it is coded, its unit, its role, and
how it is named — in a sentence ("sleeping on your stomach"), on a chart axis
("Stomach sleeping (vs back)") and in a plain list ("more exertion the day
before"). ``OUTCOMES`` does the same for what the analysis explains: titles,
nouns, units and the words for more and less, worse and better. The analysis,
the charts, the pages and the terminal report all take their words from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..entry.fields import (
    EXERCISE,
    EXERTION,
    FIELD_BY_NAME,
    FIRMNESS,
    POSITIONS,
    STRESS,
    rating_scale,
)
from ..wording import MEANINGFUL_CHANGE, figure, wider_than_scale

Unit = Literal["indicator", "per step", "per hour"]
Role = Literal["factor", "sensitivity", "lag"]
"""A factor of the main model; the painkiller, which enters only a second fit (a sensitivity check);
or a longer lag of exertion, which the main model holds but reports under ``lags``."""
Coding = Literal["level", "scale", "hours", "yes/no", "member"]
"""How a factor enters the model: one indicator per level against a reference level,
a step on an ordered scale, hours, a yes/no, or membership of a set (exercise, tags)."""


# -- outcomes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One outcome the analysis explains, with every word and number format used for it."""

    id: str
    title: str  # chart axes and the outcome picker: "Morning pain (0–10)"
    noun: str  # a sentence's subject: "Morning pain averaged …"
    short_noun: str  # "your pain averaged …"
    same: str  # "about the same pain"
    recorded: str  # "12 mornings logged"
    unit: str  # one point, one minute
    units: str
    more: str  # an effect's direction in a sentence: "1.2 points more pain"
    less: str
    step_more: str  # the same, shorter, per step of a scale: "0.4 points more pain per step"
    step_less: str
    worse: str  # what a "worse" verdict goes with: "worse mornings"
    better: str
    summary_worse: str  # "Going with worse mornings" / "Going with worse sleep"
    higher_is_worse: bool
    domain: tuple[float, float] | None  # the scale's ends, for chart axes; None: open-ended
    digits: int  # decimals an effect or a mean is given with
    named_unit: bool = False  # values read "12 minutes" rather than a bare "4.5"
    trend: str | None = None  # the Trends page's view of it, when not the noun: "How long the pain lasted"
    noticed_change: float | None = None  # the change people notice, where known: pain's 2 points
    averaged: str = (
        ""  # what a Trends sentence's average is of, when not plain: "Your 7-day average sleep quality"
    )
    far: float = 1.0  # how far an average must go past both ends of a range for the Trends sentence to say so

    def beyond_scale(self, lo: float, hi: float) -> str:
        """An interval reaching past any difference the scale allows (11.8 points on 0–10): too few days, said so."""
        return "" if self.domain is None else wider_than_scale(lo, hi, self.domain)

    @property
    def name(self) -> str:
        """The title without its scale: "Morning pain"."""
        return self.title.split(" (")[0]

    @property
    def trend_title(self) -> str:
        """The Trends page's view of this outcome: "Morning pain", "How long the pain lasted"."""
        return self.trend or self.noun

    @property
    def terminal_title(self) -> str:
        """The title for the terminal report, lower case and in plain ASCII: "morning pain (0-10)"."""
        return self.title.replace("–", "-").lower()

    def recorded_count(self, n: int) -> str:
        """ "12 mornings logged", "1 morning logged" (each ``recorded`` starts with its plural noun)."""
        noun, _, rest = self.recorded.partition(" ")
        return f"{n} {noun.removesuffix('s') if n == 1 else noun} {rest}"

    def number(self, value: float) -> str:
        """The size of a value or an effect, without sign or unit: "1.4", "12" ("0.04" rather than "0.0")."""
        return figure(abs(value), self.digits)

    def value_text(self, value: float, *, whole: bool = False) -> str:
        """A value as a sentence gives it: "4.5", "12 minutes"; ``whole``: a logged value, "5" when it has no decimal."""
        if self.named_unit:
            return f"{value:.{self.digits}f} {self.units}"
        if whole and float(value).is_integer():
            return f"{value:.0f}"
        return f"{value:.{self.digits}f}"


OUTCOMES: dict[str, Outcome] = {
    "pain": Outcome(
        id="pain",
        title=FIELD_BY_NAME["pain"].titled,
        noun=FIELD_BY_NAME["pain"].label,
        short_noun="pain",
        same="pain",
        recorded="mornings logged",
        unit="point",
        units="points",
        more="more pain",
        less="less pain",
        step_more="more pain",
        step_less="less pain",
        worse="worse mornings",
        better="better mornings",
        summary_worse="worse mornings",
        higher_is_worse=True,
        domain=rating_scale("pain"),
        digits=1,
        noticed_change=MEANINGFUL_CHANGE,
    ),
    "pain_minutes": Outcome(
        id="pain_minutes",
        title="Minutes of pain after getting up",
        noun="Pain after getting up",
        short_noun="pain after getting up",
        same="length of morning pain",
        recorded="mornings with the minutes of pain recorded",
        unit="minute",
        units="minutes",
        more="longer pain after getting up",
        less="shorter pain after getting up",
        step_more="longer pain",
        step_less="shorter pain",
        worse="longer morning pain",
        better="shorter morning pain",
        summary_worse="worse mornings",
        higher_is_worse=True,
        domain=None,
        digits=0,
        named_unit=True,
        trend="How long the pain lasted",
        averaged="of pain after getting up",
        far=10.0,
    ),
    "sleep_quality": Outcome(
        id="sleep_quality",
        title=FIELD_BY_NAME["sleep_quality"].titled,
        noun=FIELD_BY_NAME["sleep_quality"].label,
        short_noun="sleep quality",
        same="sleep quality",
        recorded="nights with the sleep quality recorded",
        unit="point",
        units="points",
        more="better sleep quality",
        less="worse sleep quality",
        step_more="better sleep quality",
        step_less="worse sleep quality",
        worse="worse sleep",
        better="better sleep",
        summary_worse="worse sleep",
        higher_is_worse=False,
        domain=rating_scale("sleep_quality"),
        digits=1,
        averaged="sleep quality",
    ),
}
"""The outcomes the analysis can explain; morning pain is the main one."""


def outcome_of(outcome: str) -> Outcome:
    """The registry entry of ``outcome``; a ``ValueError`` naming the outcomes allowed otherwise."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    return OUTCOMES[outcome]


# -- factors -------------------------------------------------------------------------


@dataclass(frozen=True)
class Factor:
    """One factor, or a family of factors (one per level or member), as the analysis reads and names it.

    Templates: ``{level}`` is the level or member ("stomach"), ``{Level}`` the
    same capitalised; a subject's ``{label}``/``{Label}`` is the factor's label.
    """

    key: str  # the id, or the part of a family's ids before the colon
    column: str  # the calendar column the values come from
    coding: Coding
    unit: Unit
    label: str  # in a sentence: "sleeping on your {level}"
    short: str  # on a chart axis: "{Level} sleeping"
    subject: str = "Mornings after {label}"  # how an effect's sentence starts
    plain: str | None = None  # in a list of names, when not the label: "more exertion the day before"
    role: Role = "factor"
    levels: tuple[str, ...] = ()  # a level family's levels, or a set's members (none: found in the diary)
    reference: str | None = None  # a level family's usual reference level
    reference_words: str = "{label}"  # the reference in "(compared with …)"
    irregular: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # level: (label, short)
    measure: str = ""  # a scale or hours, named at one of its values: "stress the day before at {value}"
    steps: tuple[str, ...] = ()  # a scale's words, lowest first (its values are their positions)

    def label_of(self, level: str = "") -> str:
        if level in self.irregular:
            return self.irregular[level][0]
        return self.label.format(level=level, Level=level.capitalize())

    def short_of(self, level: str = "") -> str:
        if level in self.irregular:
            return self.irregular[level][1]
        return self.short.format(level=level, Level=level.capitalize())

    def subject_of(self, level: str = "", reference: str | None = None) -> str:
        """The start of an effect's sentence, naming the reference level when there is one."""
        label = self.label_of(level)
        text = self.subject.format(label=label, Label=label[:1].upper() + label[1:])
        if reference is None:
            return text
        words = self.reference_words.format(label=self.label_of(reference), level=reference)
        return f"{text} (compared with {words})"


_EACH_STEP = "{Label}"  # a scale's or an hour's sentence starts with its label: "Each step up in …"

FACTORS: tuple[Factor, ...] = (
    Factor(
        "position",
        "position",
        "level",
        "indicator",
        label="sleeping on your {level}",
        short="{Level} sleeping",
        levels=POSITIONS,
        reference="back",
        irregular={"mixed": ("sleeping in mixed positions", "Mixed positions")},
    ),
    Factor(
        "firmness",
        "firmness",
        "level",
        "indicator",
        label="a {level} mattress",
        short="{Level} mattress",
        subject="Mornings after a night on {label}",
        levels=FIRMNESS,
        reference="medium",
        reference_words="a {level} one",
    ),
    Factor(
        "exertion",
        "exertion_step",
        "scale",
        "per step",
        label=f"each step up in exertion the day before ({', '.join(EXERTION)})",
        short="Exertion the day before, per step",
        subject=_EACH_STEP,
        plain="more exertion the day before",
        measure="exertion the day before at {value}",
        steps=EXERTION,
    ),
    Factor(
        "stress",
        "stress_step",
        "scale",
        "per step",
        label=f"each step up in stress the day before ({', '.join(STRESS)})",
        short="Stress the day before, per step",
        subject=_EACH_STEP,
        plain="more stress the day before",
        measure="stress the day before at {value}",
        steps=STRESS,
    ),
    Factor(
        "sitting_hours",
        "sitting_hours",
        "hours",
        "per hour",
        label="each extra hour of sitting the day before",
        short="Sitting, per hour",
        subject=_EACH_STEP,
        plain="more sitting the day before",
        measure="sitting the day before at {value}",
    ),
    Factor(
        "sleep_hours",
        "sleep_hours",
        "hours",
        "per hour",
        label="each extra hour of sleep",
        short="Sleep, per hour",
        subject=_EACH_STEP,
        plain="more sleep",
        measure="sleep at {value}",
    ),
    Factor(
        "lifting",
        "lifting",
        "yes/no",
        "indicator",
        "heavy lifting the day before",
        FIELD_BY_NAME["lifting"].label,
    ),
    Factor(
        "alcohol",
        "alcohol",
        "yes/no",
        "indicator",
        "alcohol the evening before",
        FIELD_BY_NAME["alcohol"].label,
    ),
    Factor(
        "late_meal", "late_meal", "yes/no", "indicator", "a late heavy meal", FIELD_BY_NAME["late_meal"].label
    ),
    Factor(
        "warm_bath",
        "warm_bath",
        "yes/no",
        "indicator",
        f"a {FIELD_BY_NAME['warm_bath'].label.lower()} before bed",
        FIELD_BY_NAME["warm_bath"].label,
    ),
    Factor(
        "cold_exposure",
        "cold_exposure",
        "yes/no",
        "indicator",
        "getting cold the day before",
        FIELD_BY_NAME["cold_exposure"].label,
    ),
    Factor(
        "painkiller",
        "painkiller",
        "yes/no",
        "indicator",
        "a painkiller in the last 24 hours",
        FIELD_BY_NAME["painkiller"].label,
        role="sensitivity",  # usually taken because of pain: only in the second fit, never judged a cause
    ),
    Factor(
        "legs_elevated",
        "legs_elevated",
        "yes/no",
        "indicator",
        "sleeping with your legs raised",
        FIELD_BY_NAME["legs_elevated"].label,
    ),
    Factor(
        "exercise",
        "exercise",
        "member",
        "indicator",
        label="{level} the day before",
        short="{Level} the day before",
        levels=EXERCISE,
    ),
    Factor(
        "tag",
        "tags",
        "member",
        "indicator",
        label="days tagged {level}",
        short="Tagged {level}",
        subject="Mornings on {label}",
    ),
)
"""Every factor the analysis considers, in the order they enter the model."""

FACTOR_BY_KEY: dict[str, Factor] = {f.key: f for f in FACTORS}


def factor_of(factor_id: str) -> tuple[Factor | None, str]:
    """The registry entry of a factor id and its level or member ("position:stomach" → position, "stomach")."""
    key, _, level = factor_id.partition(":")
    return FACTOR_BY_KEY.get(key), level


def factor_label(factor_id: str) -> str:
    """A factor as a sentence names it: "sleeping on your stomach", "a soft mattress", "days tagged travel"."""
    factor, level = factor_of(factor_id)
    return factor.label_of(level) if factor else factor_id.replace("_", " ")


def short_label(factor_id: str, references: Mapping[str, str] | None = None) -> str:
    """A factor's name short enough for a chart axis: "Stomach sleeping (vs back)", "Sitting, per hour"."""
    factor, level = factor_of(factor_id)
    if factor is None:
        return factor_id.replace("_", " ").capitalize()
    return factor.short_of(level) + versus(factor_id, references)


def versus(factor_id: str, references: Mapping[str, str] | None = None) -> str:
    """ " (vs back)" after a level's name, naming what it is compared with; "" for any other factor."""
    factor, level = factor_of(factor_id)
    reference = (
        (references or {}).get(factor.key) if factor is not None and factor.coding == "level" else None
    )
    return f" (vs {reference})" if reference and reference != level else ""


def plain_name(factor_id: str, label: str) -> str:
    """A factor as a list of names gives it ("more exertion the day before"); its ``label`` unless it has a plainer one."""
    factor, _ = factor_of(factor_id)
    return factor.plain if factor is not None and factor.plain else label


def held_at(factor_id: str, value: float) -> str:
    """A scale or hours factor at one of its values: "stress the day before at high", "sleep at 6.5 hours"."""
    factor, _ = factor_of(factor_id)
    if factor is None or not factor.measure:
        return f"{factor_label(factor_id)} at {value:g}"
    if factor.steps and float(value).is_integer() and 0 <= value < len(factor.steps):
        return factor.measure.format(value=factor.steps[int(value)])
    hours = round(value, 1)
    return factor.measure.format(value=f"{hours:g} {'hour' if hours == 1 else 'hours'}")


# -- columns compared level by level (the Factors page's plain distributions) --------------


@dataclass(frozen=True)
class LevelColumn:
    """A choice column whose levels the Factors page compares side by side, before any adjustment."""

    column: str
    noun: str  # "mattress firmness"
    phrase: str  # where a level's mornings come from: "on {label}" ({label}: the factor's label of the level)

    @property
    def title(self) -> str:
        """ "Mattress firmness" """
        return self.noun[:1].upper() + self.noun[1:]

    def phrase_of(self, level: str) -> str:
        """ "on a soft mattress", "after sleeping on your stomach", "after a heavy day"."""
        factor = FACTOR_BY_KEY.get(self.column)
        label = factor.label_of(level) if factor is not None and factor.coding == "level" else level
        return self.phrase.format(label=label, level=level)


LEVEL_COLUMNS: dict[str, LevelColumn] = {
    "firmness": LevelColumn("firmness", "mattress firmness", "on {label}"),
    "position": LevelColumn("position", "sleep position", "after {label}"),
    "exertion": LevelColumn("exertion", "exertion the day before", "after a {level} day"),
}


def level_column(column: str) -> LevelColumn:
    """The entry for ``column``, or plain wording for a column not listed ("with pillow high")."""
    return LEVEL_COLUMNS.get(column, LevelColumn(column, column, f"with {column} {{level}}"))
