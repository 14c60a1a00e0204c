"""Nights kept aside: a wearable's night whose morning has no entry yet, kept with the diary until it has.

Importing a watch's nights never drops one: a night whose morning is not in
the diary is kept as a record of kind ``"night"``, keyed by its morning's date
(a table in SQLite, the records file beside a CSV diary; a full backup carries
it). When that morning is logged, the Log page offers it ("From your watch: in
bed 23:40–06:55, fell asleep in 15 min") and one tap fills the form's sleep
times with it (``use_kept_night``). Saving the morning's entry removes the kept
night in the same write, whether or not it was used (``Diary`` does this for
every entry it saves); importing the file again later fills in the times the
entry still lacks. A morning that arrives without the person seeing the night
(``pain-diary add``, a file imported) takes the times it lacks from it first,
as importing the watch's file after the morning would
(``diary.storage.merge.with_kept_nights``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..entry import format_value
from ..entry.fields import FIELD_BY_NAME, NIGHT_COLUMNS
from ..storage.base import NIGHT_KIND
from ..storage.merge import kept_night_values
from .common import KIND_LABELS, SourceDay
from .merge import FieldChange
from .nights import DEFAULT_DEVICE, night_sentence

if TYPE_CHECKING:
    from ..entry import Entry
    from ..storage import Diary
    from ..storage.base import Record


@dataclass(frozen=True)
class KeptNight:
    """One night kept aside: its morning, what the wearable said, and where it came from."""

    date: dt.date
    values: Mapping[str, object]
    """Typed values of ``NIGHT_COLUMNS`` (``datetime.time`` for the times, ``int`` for minutes)."""
    device: str = DEFAULT_DEVICE
    source: str = ""
    """The kind of export it came from ("apple-health", "fitbit", "oura")."""
    file: str = ""
    where: str = ""
    """The records or lines of the file it was read from."""

    @classmethod
    def from_day(cls, day: SourceDay, source: str, file: str) -> KeptNight:
        """A night of an imported file (its sleep columns only)."""
        values = {c: day.values[c] for c in NIGHT_COLUMNS if day.values.get(c) is not None}
        return cls(day.date, values, day.device or DEFAULT_DEVICE, source, file, day.where)

    @classmethod
    def from_record(cls, key: str, body: Mapping[str, object]) -> KeptNight | None:
        """A kept night as the diary stores it; ``None`` for a record that does not hold one."""
        try:
            date = dt.date.fromisoformat(key)
        except ValueError:
            return None
        values = kept_night_values(body)
        if not values:
            return None
        text = {name: str(body.get(name) or "") for name in ("device", "source", "file", "where")}
        return cls(
            date, values, text["device"] or DEFAULT_DEVICE, text["source"], text["file"], text["where"]
        )

    @property
    def key(self) -> str:
        return self.date.isoformat()

    def to_record(self) -> Record:
        """The night as the diary keeps it: JSON, its values written as in the diary CSV."""
        cells = {c: format_value(FIELD_BY_NAME[c], self.values[c]) for c in NIGHT_COLUMNS if c in self.values}
        return {
            "date": self.key,
            "values": cells,
            "device": self.device,
            "source": self.source,
            "file": self.file,
            "where": self.where,
        }

    def sentence(self) -> str:
        """ "From your watch: in bed 23:40–06:55, fell asleep in 15 min"."""
        return night_sentence(self.values, self.device)

    def origin(self) -> str:
        """Where it came from, in words ("export.zip, sleep records 3–9")."""
        label = KIND_LABELS.get(self.source, "")
        parts = [p for p in (self.file, self.where) if p]
        text = ", ".join(parts)
        return f"{text} ({label.split(' (')[0]})" if label and text else text or label

    def same_night(self, other: KeptNight) -> bool:
        """The same values (where it was read from does not matter)."""
        return dict(self.values) == dict(other.values)


def kept_nights(diary: Diary) -> list[KeptNight]:
    """Every night kept aside, by date."""
    found = (KeptNight.from_record(key, body) for key, body in diary.records(NIGHT_KIND).items())
    return sorted((n for n in found if n is not None), key=lambda n: n.date)


def kept_night(diary: Diary, day: dt.date) -> KeptNight | None:
    """The night kept aside for the morning ``day``, if there is one."""
    body = diary.records(NIGHT_KIND).get(day.isoformat())
    return KeptNight.from_record(day.isoformat(), body) if body is not None else None


def use_kept_night(values: Mapping[str, object], night: KeptNight) -> dict[str, object]:
    """A morning's values with the kept night's sleep times in place of the form's (one tap on the Log page).

    The night's bedtime, wake time, minutes to fall asleep, awakenings and
    minutes awake replace what the form held for them; a column the night does
    not know is left as it was; everything else is untouched.
    """
    used = dict(values)
    used.update({c: night.values[c] for c in NIGHT_COLUMNS if c in night.values})
    return used


def add_morning(diary: Diary, entry: Entry) -> tuple[Entry, str | None]:
    """Save a new morning that the person typed without seeing its kept night (``pain-diary add``).

    It takes the sleep times it lacks from the night an import kept aside for
    it (``Diary.add(take_kept_night=True)``), in the same write. Returns the
    saved entry and, when it took any, what it took in words: "From your watch:
    in bed 23:40–06:55, fell asleep in 15 min (added to this morning's entry)."
    """
    night = kept_night(diary, entry.date)
    saved = diary.add(entry, take_kept_night=True)
    taken = {c: getattr(saved, c) for c in NIGHT_COLUMNS if getattr(entry, c) != getattr(saved, c)}
    if night is None or not taken:
        return saved, None
    return saved, f"{night_sentence(taken, night.device)} (added to this morning's entry)."


def forget_kept_night(diary: Diary, day: dt.date) -> bool:
    """Remove the night kept for ``day`` (the person does not want it); whether there was one."""
    if day.isoformat() not in diary.records(NIGHT_KIND):
        return False
    diary.change_records(NIGHT_KIND, {day.isoformat(): None})
    return True


@dataclass(frozen=True)
class KeptDiffers:
    """A sleep value of a new day that differs from the night kept aside for it: ``change.diary`` is the night's
    value, ``change.file`` the file's (which the day keeps); ``device`` what measured the night."""

    change: FieldChange
    device: str


def kept_differs(new: Collection[Entry], kept: Mapping[dt.date, KeptNight]) -> tuple[KeptDiffers, ...]:
    """Each sleep value of a new day (an import's) that differs from the night kept aside for it: shown, as the
    day keeps its own and the night goes once the day is saved."""
    return tuple(
        KeptDiffers(FieldChange(entry.date, column, night.values[column], value), night.device)
        for entry in new
        if (night := kept.get(entry.date)) is not None
        for column in NIGHT_COLUMNS
        if (value := getattr(entry, column)) is not None
        and column in night.values
        and night.values[column] != value
    )
