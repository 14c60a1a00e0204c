"""How a Bearable export becomes diary values: the mapping, its defaults, and applying it.

The mapping is shown before import and can be changed:

- which symptom is morning pain (default: a back-pain symptom, the lower back's
  where several parts of the back are rated), which of the
  day's ratings counts (default: its earliest slot), and how its 0–4 rating maps
  onto the diary's 0–10 (default 0, 3, 5, 8, 10: ×2.5, rounded);
- whether a day with other symptoms but not this one counts as a pain value
  (default: no — a day without the symptom is never invented as pain 0);
- which medications count as a painkiller (default: the common pain relievers);
- which factors become which tags (default: every factor, tidied into a label);
- whether sleep quality (1–5, or where it has no rating its word: "Good" is
  4), bed and wake times ("In bed 23:00 - 07:00", else "Asleep 23:30 -
  07:10"; with both, the wake time is the end of sleep and the minutes to
  fall asleep are taken too) and notes are imported (default yes);
- whether the day's factors and medications count for the next morning, as the
  diary's "yesterday" fields do (default yes; sleep factors stay with the night
  they describe, and what was logged in the small hours with that same morning).

Mood, energy and the other categories are listed as not imported.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..entry import parse_value
from ..entry.derived import minutes_from
from ..entry.fields import FIELD_BY_NAME, PAIN_HIGH, PAIN_LOW, PAIN_POINTS, tidy_tag
from ..entry.numbers import whole_or_none
from ..wording import whole_number_from
from .bearable import (
    MEDICATION,
    NOTE_CATEGORIES,
    OTHER_KNOWN,
    SLEEP,
    SLEEP_QUALITY,
    SLEEP_QUALITY_WORDS,
    SYMPTOM,
    BearableExport,
    BearableRow,
    is_factor_category,
)
from .common import (
    NO_TAG_LETTERS,
    NOT_CHOSEN_AS_TAG,
    NOTES_NOT_IMPORTED,
    Finding,
    MappingError,
    SourceResult,
    count_findings,
    make_days,
    morning_counted,
    not_a_tag,
    shorten,
    span_refs,
)
from .mapping_options import (
    BEARABLE_OPTIONS,
    NO_PAINKILLER,
    counts_for,
    factor_tags,
    imported,
    notes_words,
    pain_when_missing_words,
    pain_words,
    slot_words,
)
from .tabular import parse_clock

PAIN_SLOTS = ("earliest", "worst", "pre", "am", "mid", "pm", "all day")
DEFAULT_SCALE = (0, 3, 5, 8, 10)
PAINKILLER_WORDS = (
    "ibuprofen",
    "paracetamol",
    "acetaminophen",
    "naproxen",
    "diclofenac",
    "aspirin",
    "acetylsalicyl",
    "ketoprofen",
    "meloxicam",
    "celecoxib",
    "etoricoxib",
    "metamizol",
    "novalgin",
    "codeine",
    "co-codamol",
    "cocodamol",
    "co-dydramol",
    "dihydrocodeine",
    "tramadol",
    "tapentadol",
    "oxycodone",
    "hydrocodone",
    "morphine",
    "tylenol",
    "advil",
    "motrin",
    "aleve",
    "nurofen",
    "panadol",
    "voltaren",
    "excedrin",
    "painkiller",
    "pain relief",
)
_BACK_PAIN = re.compile(
    r"back.*(pain|ache|stiff)|(pain|ache|stiff).*back|backache|lumbago|sciatica", re.IGNORECASE
)
_LOW_BACK = re.compile(r"lower|lumbar|low back|lumbago|sciatica", re.IGNORECASE)
_OTHER_BACK = re.compile(r"upper|mid|middle|neck|thoracic", re.IGNORECASE)
"""The parts of a back Bearable's symptoms may name: the lower back is the diary's own question, first."""
_CLOCK_TEXT = r"\d{1,2}:\d{2}(?:\s*[ap]\.?\s?m\.?)?"
_SLEEP_TIMES = re.compile(rf"(in bed|asleep)\s+({_CLOCK_TEXT})\s*[-–]\s*({_CLOCK_TEXT})", re.IGNORECASE)
"""Bearable's sleep detail: "In bed 23:00 - 07:00", or on a 12-hour clock "In bed 11:00 PM - 7:00 AM"."""
_LONGEST_IN_BED_MIN = 16 * 60


def _latency_allowed(minutes: int) -> bool:
    """Whether the diary takes ``minutes`` as minutes to fall asleep: its own rule for the column."""
    try:
        parse_value(FIELD_BY_NAME["sleep_latency_min"], minutes)
    except ValueError:
        return False
    return True


PAIN_SCALE_ALLOWED = (
    f"five whole numbers from {PAIN_LOW} to {PAIN_HIGH}, for ratings 0, 1, 2, 3 and 4, each at least the one "
    "before (a worse rating is never less pain)"
)
"""What a mapping of Bearable's 0–4 ratings onto the diary's pain may be, wherever one is refused."""


def is_pain_scale(values: Iterable[object]) -> bool:
    """Whether ``values`` map Bearable's five ratings (0–4) onto the diary's pain: five of its points, in order."""
    scale = tuple(values)
    points = [v for v in scale if isinstance(v, int) and v in PAIN_POINTS]
    return len(scale) == len(points) == 5 and all(low <= high for low, high in itertools.pairwise(points))


@dataclass(frozen=True)
class BearableMapping:
    """Which parts of a Bearable export become which diary values (see the module text)."""

    pain_symptom: str | None = None
    pain_slot: str = "earliest"
    pain_scale: tuple[int, ...] = DEFAULT_SCALE
    pain_when_missing: int | None = None
    painkillers: frozenset[str] = frozenset()
    tags: Mapping[str, str] = field(default_factory=dict)
    sleep_quality: bool = True
    bed_times: bool = True
    notes: bool = True
    next_morning: bool = True

    def __post_init__(self) -> None:
        if self.pain_slot not in PAIN_SLOTS:
            raise MappingError(f"The pain slot {self.pain_slot!r} is not one of {', '.join(PAIN_SLOTS)}.")
        scale = tuple(self.pain_scale)
        if not is_pain_scale(scale):
            raise MappingError(f"The pain scale needs {PAIN_SCALE_ALLOWED}.")
        missing = self.pain_when_missing
        if missing is not None and not (isinstance(missing, int) and missing in PAIN_POINTS):
            raise MappingError(
                f"The pain for days without the symptom must be {whole_number_from(PAIN_LOW, PAIN_HIGH)}, "
                "or none."
            )
        for label, tag in self.tags.items():
            if tidy_tag(tag) != tag:
                raise MappingError(not_a_tag(tag, label))
        object.__setattr__(self, "pain_scale", scale)
        object.__setattr__(self, "painkillers", frozenset(self.painkillers))
        object.__setattr__(self, "tags", dict(self.tags))

    def describe(self) -> list[tuple[str, str]]:
        """The mapping in words, one ``(what, how)`` pair per line, for the preview."""
        what = {name: option.what for name, option in BEARABLE_OPTIONS.items()}  # each choice's line
        return [
            (what["pain_symptom"], pain_words(self.pain_symptom, self.pain_slot, self.pain_scale)),
            (what["pain_when_missing"], pain_when_missing_words(self.pain_when_missing)),
            (what["painkillers"], ", ".join(sorted(self.painkillers)) or NO_PAINKILLER),
            (what["tags"], factor_tags(self.tags)),
            (what["next_morning"], counts_for(self.next_morning)),
            (what["sleep_quality"], imported(self.sleep_quality)),
            (what["bed_times"], imported(self.bed_times)),
            (what["notes"], notes_words(self.notes)),
        ]


def default_mapping(export: BearableExport) -> BearableMapping:
    """The mapping proposed for this export: a back-pain symptom, the usual painkillers, every factor as a tag."""
    backs = [name for name in export.symptoms() if _BACK_PAIN.search(name)]  # most frequent first
    # The lower back first, then a back not named further, then the upper back or neck; the most frequent in each.
    backs.sort(key=lambda name: 0 if _LOW_BACK.search(name) else 2 if _OTHER_BACK.search(name) else 1)
    painkillers = {m for m in export.medications() if any(w in m.lower() for w in PAINKILLER_WORDS)}
    tags = {label: tag for label in export.factors() if (tag := tidy_tag(label)) is not None}
    return BearableMapping(
        pain_symptom=backs[0] if backs else None, painkillers=frozenset(painkillers), tags=tags
    )


class _Days:
    """Diary values being gathered per date, with the lines they came from."""

    def __init__(self, export: BearableExport):
        self.values: dict[dt.date, dict[str, object]] = defaultdict(dict)
        self.tags: dict[dt.date, set[str]] = defaultdict(set)
        self.lines: dict[dt.date, set[tuple[str, int]]] = defaultdict(set)
        self.unrecognised: list[Finding] = list(export.unrecognised)
        self.not_imported: list[Finding] = list(export.not_imported)

    def put(self, date: dt.date, column: str, value: object, row: BearableRow) -> None:
        held = self.values[date].get(column)
        if held is not None and held != value:
            self.unrecognised.append(
                Finding(
                    row.where,
                    row.describe(),
                    f"a second, different {column.replace('_', ' ')} for {date}; the first is used",
                )
            )
            return
        self.values[date][column] = value
        self.lines[date].add(row.ref)

    def skip(self, where: str, counts: Mapping[str, int], reason: str) -> None:
        self.not_imported.extend(count_findings(where, counts, reason))


def _pick(ratings: list[tuple[int, int, BearableRow]], slot: str) -> tuple[int, BearableRow] | None:
    """The rating that counts as the day's morning pain: ``(rating, row)``."""
    if slot == "worst":
        chosen = min(ratings, key=lambda r: (-r[1], r[0], r[2].ref))
    elif slot == "earliest":
        chosen = min(ratings, key=lambda r: (r[0], r[2].ref))
    else:
        at_slot = [r for r in ratings if r[2].in_slot(slot)]
        if not at_slot:
            return None
        chosen = min(at_slot, key=lambda r: r[2].ref)
    return chosen[1], chosen[2]


def _pain(export: BearableExport, mapping: BearableMapping, days: _Days) -> None:
    ratings: dict[dt.date, list[tuple[int, int, BearableRow]]] = defaultdict(list)
    others: Counter[str] = Counter()
    symptom_days: dict[dt.date, list[BearableRow]] = defaultdict(list)
    for row in (r for r in export.rows if r.key in SYMPTOM):
        symptom_days[row.date].append(row)
        name, rating = row.symptom()
        if name != mapping.pain_symptom:
            others[name] += 1
        elif rating is None or not 0 <= rating <= 4:
            days.unrecognised.append(Finding(row.where, row.describe(), "is not a symptom rated 0–4"))
        elif (word := row.word_rating()) is not None and word != rating:
            days.unrecognised.append(
                Finding(
                    row.where,
                    row.describe(),
                    f"is rated {rating}, but its word means {word}: not clear which",
                )
            )
        else:
            ratings[row.date].append((row.order, rating, row))
    unused = 0
    for date in sorted(ratings):
        picked = _pick(ratings[date], mapping.pain_slot)
        unused += len(ratings[date]) - (picked is not None)
        if picked is not None:
            days.put(date, "pain", mapping.pain_scale[picked[0]], picked[1])
    if unused:
        days.skip(
            "symptoms",
            {f"{mapping.pain_symptom}, other ratings of the day": unused},
            f"only {slot_words(mapping.pain_slot)} counts as morning pain",
        )
    if mapping.pain_when_missing is not None:
        for date in symptom_days.keys() - ratings.keys():
            days.put(date, "pain", mapping.pain_when_missing, symptom_days[date][0])
    reason = (
        "not the symptom chosen as morning pain"
        if mapping.pain_symptom
        else "no symptom is chosen as morning pain"
    )
    days.skip("symptoms", others, reason)


def _shifted(row: BearableRow, mapping: BearableMapping) -> dt.date:
    """The morning a factor or medication counts for (``pre``, before the morning, is the small hours')."""
    stays = row.key == "sleep factors"  # they describe the night that ended that morning
    return morning_counted(row.date, row.order, next_morning=mapping.next_morning and not stays)


def _painkillers_and_tags(export: BearableExport, mapping: BearableMapping, days: _Days) -> None:
    other_meds: Counter[str] = Counter()
    untagged: Counter[str] = Counter()
    unusable: Counter[str] = Counter()
    absent: Counter[str] = Counter()
    for row in export.rows:
        if row.key in MEDICATION:
            if row.medication() in mapping.painkillers:
                days.put(_shifted(row, mapping), "painkiller", True, row)
            else:
                other_meds[row.medication()] += 1
        elif row.holds_factors():
            absent.update(row.absent())
            for label in row.factors():
                tag = mapping.tags.get(label)
                if tag is None:
                    (untagged if tidy_tag(label) else unusable)[label] += 1
                    continue
                day = _shifted(row, mapping)
                days.tags[day].add(tag)
                days.lines[day].add(row.ref)
    days.skip("medications", other_meds, "not counted as a painkiller")
    days.skip("factors", untagged, NOT_CHOSEN_AS_TAG)
    days.skip("factors", unusable, NO_TAG_LETTERS)
    days.skip("factors", absent, "marked None (absent that day), so not a tag")


def _night(row: BearableRow) -> dict[str, object] | str | None:
    """Bed and wake times from "In bed 23:00 - 07:00" (or, without one, "Asleep 23:30 - 07:10").

    With both, as the diary's own questions mean them: bed time from the time in
    bed, the wake time at the end of sleep (the final awakening) and the minutes
    from going to bed to falling asleep. A reason they cannot be used, or
    ``None`` when the row has neither.
    """
    found: dict[str, tuple[dt.time, dt.time]] = {}
    for match in _SLEEP_TIMES.finditer(row.detail):
        start, end = parse_clock(match[2]), parse_clock(match[3])
        if start is None or end is None:
            return "is not a pair of times of day"
        found.setdefault(match[1].lower(), (start, end))
    in_bed, asleep = found.get("in bed"), found.get("asleep")
    first = in_bed or asleep
    if first is None:
        return None
    bed, wake = first
    length = minutes_from(bed, wake)
    if not 0 < length <= _LONGEST_IN_BED_MIN:
        return (
            f"is {length / 60:.0f} hours in bed as written; the times may be on a 12-hour clock, "
            "so they are not imported"
        )
    night: dict[str, object] = {"bedtime": bed, "wake_time": wake}
    if in_bed is not None and asleep is not None:
        fell_asleep = minutes_from(bed, asleep[0])
        woke = minutes_from(bed, asleep[1])
        if not fell_asleep < woke <= length:
            return "has its time asleep outside its time in bed, so neither is imported"
        if not _latency_allowed(fell_asleep):
            return (
                f"has {fell_asleep} minutes from going to bed to falling asleep, more than the diary takes "
                f"({FIELD_BY_NAME['sleep_latency_min'].allowed}), so neither time is imported"
            )
        night.update(wake_time=asleep[1], sleep_latency_min=fell_asleep)
    return night


def _sleep_unread(row: BearableRow, *, bed_times: bool) -> str | None:
    """Why a sleep row that gave no night is listed (its text is not times the diary reads, or it holds
    nothing at all); None when it is accounted for already (its hours counted, its times not chosen)."""
    if row.detail.strip() and bed_times:
        return (
            'holds no bed and wake times the diary reads ("In bed 23:00 - 07:00" or "Asleep 23:30 - 07:10")'
        )
    if not row.detail.strip() and not row.amount.strip():
        return "holds neither hours of sleep nor bed and wake times"
    return None


def _sleep_quality(row: BearableRow) -> int | None:
    """A night's sleep quality: its rating, or where that is empty, its word ("Good" → 4); None if neither."""
    if row.amount.strip():
        return whole_or_none(row.amount)
    return SLEEP_QUALITY_WORDS.get(" ".join(row.detail.split()).casefold())


def _sleep(export: BearableExport, mapping: BearableMapping, days: _Days) -> None:
    left: Counter[str] = Counter()
    for row in export.rows:
        if row.key == SLEEP_QUALITY:
            rating = _sleep_quality(row)
            if not mapping.sleep_quality:
                left["sleep quality"] += 1
            elif rating is None or not 1 <= rating <= 5:
                days.unrecognised.append(
                    Finding(row.where, row.describe(), "is not a sleep quality from 1 to 5")
                )
            else:
                days.put(row.date, "sleep_quality", rating, row)
        elif row.key == SLEEP:
            if row.amount:
                left["hours of sleep (the diary works them out from bed and wake times)"] += 1
            night = _night(row) if mapping.bed_times else None
            if isinstance(night, str):
                days.unrecognised.append(Finding(row.where, row.describe(), night))
            elif night is not None:
                for name, value in night.items():
                    days.put(row.date, name, value, row)
            elif unread := _sleep_unread(row, bed_times=mapping.bed_times):
                days.unrecognised.append(Finding(row.where, row.describe(), unread))
    days.skip("sleep", left, "not imported")


def _notes(export: BearableExport, mapping: BearableMapping, days: _Days) -> None:
    texts: dict[dt.date, list[str]] = defaultdict(list)
    for row in export.rows:
        parts = [row.detail] if row.key in NOTE_CATEGORIES else []
        parts.append(row.notes)
        text = " ".join(p.strip() for p in parts if any(ch.isalnum() for ch in p))
        if not text:
            continue
        if not mapping.notes:
            days.not_imported.append(Finding(row.where, shorten(text), NOTES_NOT_IMPORTED))
            continue
        note = f"{_note_about(row)}: {text}"
        if note not in texts[row.date]:
            texts[row.date].append(note)
            days.lines[row.date].add(row.ref)
    for date, notes in texts.items():
        days.values[date]["notes"] = "\n".join(notes)


def _note_about(row: BearableRow) -> str:
    """What a note written beside a rating is about: the symptom or medication it was written on ("Neck pain",
    "Ibuprofen"), else the row's category ("Mood")."""
    named = row.symptom()[0] if row.key in SYMPTOM else row.medication() if row.key in MEDICATION else ""
    return named or row.category


def _other_categories(export: BearableExport, days: _Days, *, notes: bool) -> None:
    """The app's trackers the diary has no column for (mood, energy…), counted; factor groups are tags.

    With ``notes``, a note written beside one of their ratings came in with the day's notes: said so.
    """
    rated = [row for row in export.rows if row.key in OTHER_KNOWN]
    known = Counter(row.category for row in rated)
    noted = {row.category for row in rated if row.notes.strip()} if notes else set()
    plain = Counter({k: n for k, n in known.items() if k not in noted})
    days.skip("categories", plain, "the diary has no column for it")
    days.skip(
        "categories",
        known - plain,
        "the diary has no column for it; the notes written with it are in the day's notes",
    )
    for row in export.rows:
        if is_factor_category(row.key) and not row.holds_factors():
            days.unrecognised.append(
                Finding(
                    row.where, row.describe(), "is a measurement the diary has no column for, not a factor"
                )
            )


DEVICE = "Bearable"
"""Where a night read from Bearable came from, in words ("From Bearable: in bed 23:10–07:00")."""


def apply_mapping(export: BearableExport, mapping: BearableMapping) -> SourceResult:
    """The diary values the export supplies under ``mapping``: one ``SourceDay`` per date."""
    days = _Days(export)
    _pain(export, mapping, days)
    _painkillers_and_tags(export, mapping, days)
    _sleep(export, mapping, days)
    _notes(export, mapping, days)
    _other_categories(export, days, notes=mapping.notes)
    raw: dict[dt.date, tuple[Mapping[str, object], str, str]] = {}
    for date in sorted(days.values.keys() | days.tags.keys()):
        values = dict(days.values.get(date, {}))
        if days.tags.get(date):
            values["tags"] = tuple(sorted(days.tags[date]))
        if values:
            raw[date] = (values, span_refs(days.lines[date]), DEVICE)
    checked, broken = make_days(raw)
    return SourceResult(
        "bearable", export.name, tuple(checked), (*days.unrecognised, *broken), tuple(days.not_imported)
    )
