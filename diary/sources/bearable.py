"""Bearable: the CSV export, read into rows and an inventory of what it holds.

Columns: ``date, weekday, time of day, category, rating/amount, detail,
notes`` (newer exports add ``date formatted``, the day as the app shows it,
read when ``date`` carries a time of day). Dates look like "22nd Sep 2020"; the time of
day is HH:MM or one of the app's slots ``pre`` (before the morning), ``am``,
``mid``, ``pm``, ``all day`` (or empty for sleep). Symptoms look like "Back
(lower) pain (Mild)" rated 0–4; medications like "Ibuprofen (mg)"; factors
are ``|``-separated, an amount after a dash ("Caffeine - A lot"), under the
person's own factor groups (Lifestyle, Health, Work…): every category that is
not one of the app's own trackers is such a group.

Reading never decides what to import: ``BearableExport`` lists the symptoms,
medications and factors with the days they occur on; ``bearable_mapping``
proposes a mapping from them and applies one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..entry.derived import minute_of_day
from ..entry.fields import SLEEP_QUALITY_WORDS as DIARY_SLEEP_QUALITY
from ..entry.numbers import whole_or_none
from .common import SMALL_HOURS_END, Finding, counted_once, shorten
from .inputs import Input, SourceInput, as_input
from .tabular import (
    csv_rows,
    extra_columns,
    find_csvs,
    header_key,
    header_names,
    month_first,
    month_first_by_weekday,
    parse_clock,
    parse_day,
)

COLUMNS = ("date", "date formatted", "weekday", "time of day", "category", "rating/amount", "detail", "notes")
REQUIRED = ("date", "category", "rating/amount", "detail")
_DAWN = minute_of_day(SMALL_HOURS_END)
SLOT_BANDS = {
    "pre": (0, _DAWN),
    "am": (_DAWN, 12 * 60),
    "mid": (12 * 60, 17 * 60),
    "pm": (17 * 60, 24 * 60),
}
"""The minutes of the day (from, up to) each of the app's slots takes in; ``pre`` is before the morning,
in the small hours. A rating written as HH:MM counts for the slot whose band holds it (when "am" is
chosen as morning pain, a rating at 08:15 is one too), and a slot's own rows are placed at the start
of its band when the day's earliest rating is looked for."""
UNTIMED = {"all day": 24 * 60, "": 24 * 60 + 1}
"""Slots with no time in the day: after every timed one when the earliest is looked for."""
SEVERITY = {"none": 0, "mild": 1, "moderate": 2, "severe": 3, "unbearable": 4, "extreme": 4}

SYMPTOM = frozenset({"symptom", "symptoms"})
MEDICATION = frozenset({"meds/supplements", "medication", "medications", "meds", "supplements", "treatments"})
SLEEP = "sleep"
SLEEP_QUALITY = "sleep quality"
SLEEP_QUALITY_WORDS = {
    **{word: rating for rating, word in DIARY_SLEEP_QUALITY.items()},
    "awful": 1,
    "terrible": 1,
    "very bad": 1,
    "bad": 2,
    "ok": 3,
    "okay": 3,
    "average": 3,
    "great": 5,
    "excellent": 5,
}
"""A sleep quality written as a word, where the rating is missing ("Sleep quality", "", "Good"): its step of 1–5.

The diary's own scale words (very poor to very good) and Bearable's faces; any other word is listed, not
guessed."""
NOTE_CATEGORIES = frozenset({"notes", "extra notes", "note"})
OTHER_KNOWN = frozenset(
    {
        "mood",
        "energy",
        "emotions",
        "gratitudes",
        "gratitude",
        "food diary",
        "nutrition",
        "water",
        "bowel movements",
        "health measurements",
        "weight",
        "steps",
        "custom ratings",
        "meditation",
        "significant events",
        "menstrual health",
        "heart rate",
        "resting heart rate",
        "heart rate variability",
        "blood pressure",
        "blood glucose",
        "blood oxygen",
        "temperature",
        "body temperature",
        "cycle",
        "menstrual cycle",
        "period",
        "screen time",
    }
)
"""Categories Bearable writes that have no column in the diary: listed as not imported."""
TRACKERS = SYMPTOM | MEDICATION | NOTE_CATEGORIES | {SLEEP, SLEEP_QUALITY} | OTHER_KNOWN
"""The app's own trackers; any other category is one of the person's factor groups."""

_SYMPTOM_RE = re.compile(r"^(.*?)\s*\((none|mild|moderate|severe|unbearable|extreme)\)\s*$", re.IGNORECASE)
_UNIT_RE = re.compile(r"^(.*?)\s*\([^()]*\)\s*$")
_PLAIN_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_AMOUNT_RE = re.compile(r"\s+[-–]\s+(a little|little|some|moderate|a lot|lots)\s*$", re.IGNORECASE)
_NONE_RE = re.compile(r"\s+[-–]\s+none\s*$", re.IGNORECASE)
"""A factor's amount "None" ("Alcohol - None"): the factor was absent that day."""


def is_bearable_head(text: str) -> bool:
    """Bearable's header, or enough of it to be one that lost a column (its reader then names the one missing)."""
    names = header_names(text)
    return {"date", "category"} <= names and len(
        names & {"rating/amount", "detail", "time of day", "weekday"}
    ) >= 2


FACTOR_GROUPS = frozenset({"factors", "sleep factors"})
"""The app's own factor groups; the person may add more under names of their own."""
_MEASURED = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def is_factor_category(key: str) -> bool:
    """A factor group: "Factors", "Sleep factors", or a group the person named (Lifestyle, Work…)."""
    return bool(key) and key not in TRACKERS


@dataclass(frozen=True, slots=True)
class BearableRow:
    """One line of the export, its date and time of day read."""

    line: int
    date: dt.date
    slot: str
    order: int
    category: str
    amount: str
    detail: str
    notes: str
    file: str = ""
    """The CSV's name when several monthly exports are read together."""

    @property
    def where(self) -> str:
        return f"{self.file}, line {self.line}" if self.file else f"line {self.line}"

    @property
    def ref(self) -> tuple[str, int]:
        return self.file, self.line

    @property
    def key(self) -> str:
        return header_key(self.category)

    def in_slot(self, slot: str) -> bool:
        """Whether the row was written at ``slot``: the slot itself, or a time of day inside its band."""
        if self.slot == slot:
            return True
        band = SLOT_BANDS.get(slot)
        return band is not None and ":" in self.slot and band[0] <= self.order < band[1]

    def symptom(self) -> tuple[str, int | None]:
        """The symptom's name and its 0–4 rating ("Back (lower) pain (Mild)", "1" → ("Back (lower) pain", 1))."""
        match = _SYMPTOM_RE.match(self.detail.strip())
        name = match[1].strip() if match else self.detail.strip()
        amount = self.amount.strip()
        if (rating := whole_or_none(amount)) is not None:
            return name, rating
        return name, SEVERITY[match[2].lower()] if match and not amount else None

    def word_rating(self) -> int | None:
        """The 0–4 rating the symptom's own word says ("Back (lower) pain (Severe)" → 3); None without one."""
        match = _SYMPTOM_RE.match(self.detail.strip())
        return SEVERITY[match[2].lower()] if match else None

    def medication(self) -> str:
        match = _UNIT_RE.match(self.detail.strip())
        return (match[1] if match else self.detail).strip()

    def holds_factors(self) -> bool:
        """A row of factors. In a category the diary does not know, a number ("5.4" under "Blood
        glucose") is a measurement of a tracker, not a factor: such a row is listed, never made a tag."""
        if self.key in FACTOR_GROUPS:
            return True
        return is_factor_category(self.key) and not _MEASURED.fullmatch(self.amount)

    def factors(self) -> list[str]:
        """The row's factors, without the amount some carry ("Caffeine - A lot" → "Caffeine");
        a factor whose amount is "None" was absent, and is not one of them (``absent``)."""
        parts = (part.strip() for part in self.detail.split("|"))
        return [_AMOUNT_RE.sub("", part).strip() for part in parts if part and not _NONE_RE.search(part)]

    def absent(self) -> list[str]:
        """The factors marked absent ("Alcohol - None" → "Alcohol")."""
        return [_NONE_RE.sub("", part).strip() for part in self.detail.split("|") if _NONE_RE.search(part)]

    def describe(self) -> str:
        text = f"{self.category} {self.amount} {self.detail}".strip()
        return shorten(" ".join(text.split()))


def _slot(text: str) -> tuple[str, int] | None:
    slot = " ".join(text.strip().lower().split())
    if slot in SLOT_BANDS:
        return slot, SLOT_BANDS[slot][0]
    if slot in UNTIMED:
        return slot, UNTIMED[slot]
    clock = parse_clock(slot)
    if clock is None:
        return None
    return clock.strftime("%H:%M"), minute_of_day(clock)


@dataclass(frozen=True)
class BearableExport:
    """A Bearable export read into rows: what it holds, before any mapping is chosen."""

    name: str
    rows: tuple[BearableRow, ...]
    unrecognised: tuple[Finding, ...] = ()
    not_imported: tuple[Finding, ...] = ()

    def _days(self, pick: Callable[[BearableRow], list[str]]) -> dict[str, int]:
        days: dict[str, set[dt.date]] = {}
        for row in self.rows:
            for name in pick(row):
                days.setdefault(name, set()).add(row.date)
        return dict(sorted(((name, len(d)) for name, d in days.items()), key=lambda kv: (-kv[1], kv[0])))

    def symptoms(self) -> dict[str, int]:
        """Every symptom with the number of days it was rated on, most frequent first."""
        return self._days(lambda r: [r.symptom()[0]] if r.key in SYMPTOM else [])

    def medications(self) -> dict[str, int]:
        return self._days(lambda r: [r.medication()] if r.key in MEDICATION else [])

    def factors(self) -> dict[str, int]:
        return self._days(lambda r: r.factors() if r.holds_factors() else [])

    def categories(self) -> dict[str, int]:
        return dict(Counter(row.category for row in self.rows).most_common())


def _row_date(cells: dict[str, str], order: bool | None = False) -> dt.date | None:
    """The row's day: ``date`` when it is a plain day, else ``date formatted`` (the day the app shows), else ``date``.

    A ``date`` with a time ("2024-01-15T23:30:00.000Z") may be in UTC, a day
    off the person's own; ``date formatted`` is their day.
    """
    written = cells.get("date", "").strip()
    if _PLAIN_DAY.fullmatch(written):
        return parse_day(written, month_first=order)
    shown = cells.get("date formatted", "").strip()
    return (parse_day(shown, month_first=order) if shown else None) or parse_day(written, month_first=order)


def _row(line: int, cells: dict[str, str], file: str, order: bool | None = False) -> BearableRow | Finding:
    """One row; ``order``: the file writes numeric dates month first (``tabular.month_first``)."""
    where = f"{file}, line {line}" if file else f"line {line}"
    date = _row_date(cells, order)
    if date is None:
        return Finding(
            where, f"date {cells.get('date', '')!r}", "is not a date (Bearable writes e.g. 22nd Sep 2020)"
        )
    category = cells.get("category", "").strip()
    slot = _slot(cells.get("time of day", ""))
    if slot is None and header_key(category) in OTHER_KNOWN:
        # Not imported anyway: a period's "Day 7" is the day of the cycle, not a time.
        slot = ("", UNTIMED[""])
    if slot is None:
        return Finding(
            where,
            f"time of day {cells.get('time of day', '')!r}",
            "is not HH:MM or one of pre, am, mid, pm, all day",
        )
    return BearableRow(
        line,
        date,
        slot[0],
        slot[1],
        category,
        cells.get("rating/amount", "").strip(),
        cells.get("detail", "").strip(),
        cells.get("notes", "").strip(),
        file,
    )


def read_bearable(source: SourceInput | Input, *, name: str | None = None) -> BearableExport:
    """A Bearable CSV export read into rows; nothing is mapped yet.

    Bearable exports a month at a time: a zip or folder of monthly CSVs is read
    as one export (rows that appear in two files are counted once).
    """
    given = as_input(source, name)
    rows: list[BearableRow] = []
    unrecognised: list[Finding] = []
    not_imported: list[Finding] = []
    seen: dict[tuple[object, ...], BearableRow] = {}
    with given.held():
        documents = find_csvs(given, "bearable", is_bearable_head)
        for document in documents:
            file = document.basename if len(documents) > 1 else ""
            header, read = csv_rows(
                document, given.name, "bearable", REQUIRED, unread=unrecognised, file=file
            )
            not_imported.extend(extra_columns(header, COLUMNS, f"{file} header".strip()))
            cells = list(read)
            order = month_first(c.get(k, "") for _, c in cells for k in ("date", "date formatted"))
            if order is None:  # every date could be read either way: the weekdays beside them tell
                order = month_first_by_weekday((c.get("date", ""), c.get("weekday", "")) for _, c in cells)
            for line, row_cells in cells:
                found = _row(line, row_cells, file, order)
                if isinstance(found, Finding):
                    unrecognised.append(found)
                    continue
                same = (found.date, found.slot, found.key, found.amount, found.detail, found.notes)
                if same in seen:
                    first = seen[same].where
                    not_imported.append(Finding(found.where, found.describe(), counted_once(first)))
                    continue
                seen[same] = found
                rows.append(found)
    return BearableExport(given.name, tuple(rows), tuple(unrecognised), tuple(not_imported))
