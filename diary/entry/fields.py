"""The diary's columns: names, types, allowed values and plain-language meaning.

This table is the single source of the diary CSV format (version 1) described in
DESIGN.md. The validator, both storage backends, the CSV reader and writer, the
command line and the pages all read it, so a column is defined in one place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..wording import whole_number_from

OUTCOME_IDS = ("pain", "pain_minutes", "sleep_quality")
"""What the analysis can explain, morning pain first: the one ``analyze`` and the Factors page start with.
Named here, where loading it costs nothing; ``diary.analysis.OUTCOMES`` has the words for each."""

Kind = Literal["date", "int", "float", "bool", "enum", "set", "text", "time", "timestamp"]
Group = Literal["morning", "night", "yesterday", "other", "record"]

PAIN_AREAS = ("lower_back", "kidney_area", "upper_back", "neck", "leg")
FIRMNESS = ("soft", "medium-soft", "medium", "medium-firm", "firm")
POSITIONS = ("back", "side", "stomach", "mixed")
POSITION_WORDS = {
    "back": "on your back",
    "side": "on your side",
    "stomach": "on your stomach",
    "mixed": "in mixed positions",
}
"""A position as it reads after "sleeping" or on its own in a sentence."""
PILLOWS = ("low", "medium", "high")
EXERTION = ("rest", "light", "moderate", "heavy")
EXERCISE = ("stretching", "yoga", "swimming", "walking", "strength", "massage", "other")
STRESS = ("none", "mild", "moderate", "high")
RED_FLAGS = (
    "fever",
    "urinary",
    "nausea",
    "dizziness",
    "chest_pressure",
    "worsening_numbness",
    "leg_weakness",
    "saddle_numbness",
    "bladder_bowel",
    "weight_loss",
)
TAG_PATTERN = r"[a-z0-9_-]{1,30}"
TAG_RULE = "1 to 30 characters a-z, 0-9, _ or -"
"""``TAG_PATTERN`` in words, wherever a tag is refused."""
TAG_IN_WORDS = "1 to 30 lower-case letters, digits, - or _"
"""``TAG_RULE`` as the form says it to a person."""
SET_SEPARATOR = ";"
"""Between the members of a set cell (tags, where it hurt, exercise): "lower_back;neck"."""
SEPARATED = f", separated by {SET_SEPARATOR}"
"""How a column of several values (a set) writes them in one cell: said after what each may be."""
SLEEP_QUALITY_WORDS: dict[int, str] = {1: "very poor", 2: "poor", 3: "fair", 4: "good", 5: "very good"}
"""The sleep-quality scale (1–5) in words: the column's meaning, what the form offers, and what an import reads."""

_TAG_RE = re.compile(TAG_PATTERN)
_NOT_TAG = re.compile(r"[^a-z0-9_-]+")
_DASHES = re.compile(r"-{2,}")
_LATIN_LETTERS = str.maketrans(
    {"ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"}
    | {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h", "Ħ": "h"}
)
"""Latin letters without an accent to drop (Unicode keeps them whole), as they are written in ASCII."""


def is_tag(text: str) -> bool:
    """Whether ``text`` is a valid tag as it is (``TAG_PATTERN``)."""
    return _TAG_RE.fullmatch(text) is not None


def tidy_tag(text: str) -> str | None:
    """``text`` made a valid tag ("New Pillow!" → "new-pillow", "Back (lower) pain" → "back-lower-pain").

    Lower case, accents dropped ("ß" written "ss", "ø" "o"), anything else
    between words becomes "-", at most 30 characters. ``None`` when nothing
    usable is left (only signs, an emoji, a script without Latin letters).
    For what a person types on the Log page and for another app's labels alike.
    """
    latin = text.translate(_LATIN_LETTERS)
    folded = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode("ascii").lower()
    tag = _DASHES.sub("-", _NOT_TAG.sub("-", folded)).strip("-_")
    tag = tag[:30].rstrip("-_")
    return tag if tag and is_tag(tag) else None


def match_mattress(name: str, known: Iterable[str]) -> str:
    """The known spelling of a typed mattress name ("foam 2025" → "Foam 2025"), else the name as typed.

    One mattress spelt two ways would count as two mattresses in the analysis:
    the Log page and a trial's plan both take the diary's own spelling.
    """
    wanted = name.strip().casefold()
    for candidate in known:
        if candidate.casefold() == wanted:
            return candidate
    return name.strip()


@dataclass(frozen=True, slots=True)
class Field:
    """One diary column and the rule a value must follow."""

    name: str
    kind: Kind
    group: Group
    label: str
    meaning: str
    required: bool = False
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    ordered: bool = False  # enum levels form a scale (firmness, exertion, ...)
    rating: bool = False  # a number on a scale from low to high (pain 0–10, sleep quality 1–5)
    heading: str = ""  # a table's heading, where the label is too long for a phone's column: "Woken"
    counted: str = ""  # what a number of it is, after the number in a summary: "12 min until it eased"

    @property
    def short(self) -> str:
        """The column's heading in a table: its ``heading``, else its label."""
        return self.heading or self.label

    @property
    def titled(self) -> str:
        """The label with its scale, for a rating: "Morning pain (0–10)"; other columns' label alone."""
        if self.rating and self.low is not None and self.high is not None:
            return f"{self.label} ({self.low:g}–{self.high:g})"
        return self.label

    @property
    def allowed(self) -> str:
        """What the column accepts, in words, for error messages and help."""
        if self.kind == "date":
            return "a date written YYYY-MM-DD, not in the future"
        if self.kind == "int" and self.low is not None and self.high is not None:  # every int column has both
            return whole_number_from(self.low, self.high)
        if self.kind == "float":
            return f"a number from {self.low:g} to {self.high:g}"
        if self.kind == "bool":
            return "true or false (also 1/0, yes/no)"
        if self.kind == "enum":
            return "one of " + ", ".join(self.choices)
        if self.kind == "set":
            if self.choices:
                return "any of " + ", ".join(self.choices) + SEPARATED
            return f"labels of {TAG_RULE}{SEPARATED}"
        if self.kind == "text":
            return f"text of at most {self.max_length} characters"
        if self.kind == "time":
            return "a time of day written HH:MM (24 hours)"
        return "a date and time in ISO 8601 with a UTC offset, e.g. 2025-03-01T07:15:00+01:00"


FIELDS: tuple[Field, ...] = (
    Field("date", "date", "record", "Date", "the morning this entry describes", required=True),
    Field(
        "pain",
        "int",
        "morning",
        "Morning pain",
        "pain on waking, 0 no pain to 10 worst imaginable",
        required=True,
        low=0,
        high=10,
        rating=True,
        heading="Pain",
    ),
    Field(
        "pain_minutes",
        "int",
        "morning",
        "Minutes until it eased",
        "minutes after getting up until the pain eased",
        low=0,
        high=1440,
        heading="Pain (min)",
        counted="min until it eased",
    ),
    Field(
        "pain_areas", "set", "morning", "Where it hurt", "where it hurt", choices=PAIN_AREAS, heading="Where"
    ),
    Field("numbness", "bool", "morning", "Numbness or tingling", "numbness, tingling or pins and needles"),
    Field(
        "night_wakings",
        "int",
        "morning",
        "Woken by pain",
        "times woken by pain in the night",
        low=0,
        high=20,
        heading="Woken",
        counted="× woken by pain",
    ),
    Field("mattress", "text", "night", "Mattress", "name of the bed slept on", max_length=80),
    Field(
        "firmness",
        "enum",
        "night",
        "Firmness",
        "that mattress's firmness",
        choices=FIRMNESS,
        ordered=True,
    ),
    Field(
        "position",
        "enum",
        "night",
        "Sleep position",
        "main sleep position",
        choices=POSITIONS,
        heading="Position",
    ),
    Field("legs_elevated", "bool", "night", "Legs raised", "slept on the back with legs raised"),
    Field("pillow", "enum", "night", "Pillow", "pillow height", choices=PILLOWS, ordered=True),
    Field("bedtime", "time", "night", "Bedtime", "when you tried to go to sleep"),
    Field("wake_time", "time", "night", "Wake time", "final awakening"),
    Field(
        "sleep_latency_min",
        "int",
        "night",
        "Minutes to fall asleep",
        "minutes it took to fall asleep",
        low=0,
        high=600,
        counted="min to fall asleep",
    ),
    Field(
        "awakenings",
        "int",
        "night",
        "Awakenings",
        "times woken, not counting the final awakening",
        low=0,
        high=50,
        counted="awakenings",
    ),
    Field(
        "awake_minutes",
        "int",
        "night",
        "Minutes awake in the night",
        "minutes awake during those awakenings",
        low=0,
        high=900,
        counted="min awake",
    ),
    Field(
        "sleep_quality",
        "int",
        "night",
        "Sleep quality",
        f"1 {SLEEP_QUALITY_WORDS[1]} to 5 {SLEEP_QUALITY_WORDS[5]}",
        low=1,
        high=5,
        rating=True,
        heading="Sleep (1–5)",
    ),
    Field(
        "exertion",
        "enum",
        "yesterday",
        "Exertion",
        "physical exertion yesterday",
        choices=EXERTION,
        ordered=True,
    ),
    Field("lifting", "bool", "yesterday", "Heavy lifting", "heavy lifting, carrying or loading yesterday"),
    Field(
        "sitting_hours",
        "float",
        "yesterday",
        "Hours sitting",
        "hours spent sitting yesterday",
        low=0,
        high=24,
        counted="h sitting",
    ),
    Field(
        "exercise",
        "set",
        "yesterday",
        "Exercise or therapy",
        "exercise or therapy yesterday",
        choices=EXERCISE,
        heading="Exercise",
    ),
    Field("alcohol", "bool", "yesterday", "Alcohol", "alcohol yesterday evening"),
    Field("late_meal", "bool", "yesterday", "Late heavy meal", "heavy meal shortly before bed"),
    Field("warm_bath", "bool", "yesterday", "Warm bath or shower", "warm bath or contrast shower before bed"),
    Field("cold_exposure", "bool", "yesterday", "Got cold", "got chilled or sat in a draught yesterday"),
    Field("stress", "enum", "yesterday", "Stress", "stress yesterday", choices=STRESS, ordered=True),
    Field(
        "painkiller", "bool", "yesterday", "Painkiller", "took a painkiller (e.g. an NSAID) in the last 24 h"
    ),
    Field("weight_kg", "float", "other", "Weight (kg)", "body weight", low=20, high=400, counted="kg"),
    Field(
        "red_flags", "set", "morning", "Warning symptoms", "warning symptoms this morning", choices=RED_FLAGS
    ),
    Field("tags", "set", "other", "Tags", "your own factors, e.g. new-pillow or travel"),
    Field("notes", "text", "other", "Notes", "free text", max_length=2000),
    Field("logged_at", "timestamp", "record", "Logged at", "when the entry was first saved"),
)

FIELD_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
COLUMNS: tuple[str, ...] = tuple(f.name for f in FIELDS)


def rating_scale(name: str) -> tuple[float, float]:
    """The ends of a rating's scale ("pain": 0 to 10, "sleep_quality": 1 to 5), as its column allows."""
    field = FIELD_BY_NAME[name]
    if not field.rating or field.low is None or field.high is None:
        raise ValueError(f"{name} is not a rating")
    return float(field.low), float(field.high)


PAIN_LOW, PAIN_HIGH = (int(end) for end in rating_scale("pain"))
"""Morning pain's scale, 0 to 10: every widget, flag and message that asks for a pain uses these."""
PAIN_POINTS = range(PAIN_LOW, PAIN_HIGH + 1)
"""Every morning pain there is, lowest first."""


REQUIRED: tuple[str, ...] = tuple(f.name for f in FIELDS if f.required)

# Fields the Log page pre-fills from the latest entry: they change rarely.
SLOW_FIELDS: tuple[str, ...] = ("mattress", "firmness", "pillow", "position", "bedtime", "wake_time")
NIGHT_COLUMNS: tuple[str, ...] = ("bedtime", "wake_time", "sleep_latency_min", "awakenings", "awake_minutes")
"""A night's times and minutes, as a watch gives them: hours of sleep and sleep efficiency are worked out
from them together, so an import keeps or leaves them out together, and a night kept aside holds them."""

TOTAL_SLEEP = "Total sleep"
TOTAL_SLEEP_HEADING = "Sleep (h)"  # its heading in a table
SLEEP_EFFICIENCY = "Sleep efficiency"
"""The two figures worked out from a night's times and minutes (``sleep_hours``, ``sleep_efficiency``):
one name each wherever they are shown (tables, charts, summaries, the report)."""
TIME_IN_BED_FORMULA = "time in bed = wake time − bedtime"
SLEEP_HOURS_FORMULA = "total sleep = time in bed − minutes to fall asleep − minutes awake in the night"
SLEEP_EFFICIENCY_FORMULA = "sleep efficiency = total sleep ÷ time in bed × 100"
"""How they are worked out, following the Consensus Sleep Diary (``diary.entry.derived``)."""

# Ordinal scales used by the analysis ("per step of the scale").
SCALE_STEPS: dict[str, dict[str, int]] = {
    "exertion": {level: i for i, level in enumerate(EXERTION)},
    "stress": {level: i for i, level in enumerate(STRESS)},
}
