"""Every word of a Bearable or Daylio mapping: each choice as the preview, the Import page and the command line say it.

A mapping's choices (which symptom is morning pain, which medications count as
a painkiller, which factors become tags, …) are shown in three places: the
preview of the mapping (the Import page and ``pain-diary import --dry-run``),
the Import page's widgets, and the help of ``pain-diary import``'s flags. Each
choice is worded here once, for all three (``MappingOption``); the words of
its values in the preview are here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..entry.fields import FIELD_BY_NAME
from ..wording import plural
from .common import SMALL_HOURS_END

_PAIN = FIELD_BY_NAME["pain"].label


@dataclass(frozen=True)
class MappingOption:
    """One choice of a mapping, worded for each place it is shown."""

    what: str  # its line in the preview of the mapping: "Painkiller"
    label: str  # its widget on the Import page: "Medications that count as a painkiller"
    help: str  # its flag's help in ``pain-diary import``


YESTERDAY_FIELDS = "(as the diary's “yesterday” fields do)"


def _next_morning(subject: str) -> MappingOption:
    """Whether the day's factors (or activities) count for the next morning."""
    return MappingOption(
        f"{subject} count for",
        f"{subject} count for the next morning {YESTERDAY_FIELDS}",
        "factors and activities count for the same day, not the next morning",
    )


def _tags(things: str) -> MappingOption:
    """Which factors (or activities) become tags."""
    return MappingOption(
        "Tags",
        f"{things} that become tags (tidied into labels)",
        "the tag a factor or activity becomes (empty TAG: left out); repeat for more",
    )


NOTES = MappingOption(
    "Notes",
    "Append notes to the day's notes",
    "leave out the notes",
)

BEARABLE_OPTIONS: dict[str, MappingOption] = {
    "pain_symptom": MappingOption(
        _PAIN,
        "Morning pain is the symptom",
        "the symptom that is morning pain (none: no pain imported)",
    ),
    "pain_slot": MappingOption(
        _PAIN,
        "Which of the day's ratings counts",
        "which of the day's ratings counts (default: earliest)",
    ),
    "pain_scale": MappingOption(
        _PAIN,
        "Bearable rates a symptom 0–4; the diary's pain is 0–10. Each rating becomes:",
        "the 0-10 pain for ratings 0-4 (default 0,3,5,8,10)",
    ),
    "pain_when_missing": MappingOption(
        "Days with other symptoms but not this one",
        "A day with other symptoms rated but not this one",
        "the pain of a day with other symptoms but not this one (default: none, no pain value)",
    ),
    "painkillers": MappingOption(
        "Painkiller",
        "Medications that count as a painkiller",
        "a medication that counts as a painkiller (repeat; replaces the default list; none for none)",
    ),
    "tags": _tags("Factors"),
    "next_morning": _next_morning("Factors and medications"),
    "sleep_quality": MappingOption(
        FIELD_BY_NAME["sleep_quality"].titled,
        "Import sleep quality (1–5)",
        "leave out the sleep quality ratings",
    ),
    "bed_times": MappingOption(
        "Bed and wake times",
        "Import bed and wake times",
        "leave out the bed and wake times",
    ),
    "notes": NOTES,
}
"""Each choice of a Bearable mapping, by its ``BearableMapping`` field."""

DAYLIO_OPTIONS: dict[str, MappingOption] = {
    "tags": _tags("Activities"),
    "next_morning": _next_morning("Activities"),
    "notes": NOTES,
}
"""Each choice of a Daylio mapping, by its ``DaylioMapping`` field."""

NO_TAGS_HELP = "no factors or activities become tags (except those given with --tag)"
"""The help of ``--no-tags`` (``--tag`` is the tags choice's own flag)."""

# -- the words of the values ------------------------------------------------------------

IMPORTED = "imported"
NOT_IMPORTED = "not imported"
NOTES_APPENDED = "appended to the day's notes"
NEXT_MORNING = (
    f"the next morning (those logged in the small hours, before {SMALL_HOURS_END:%H:%M}, that same morning)"
)
SAME_DAY = "the same day"
NO_SYMPTOM = "(none: import no pain)"
"""The symptom picker's "none"."""
NO_SYMPTOM_CHOSEN = "not imported: no symptom is chosen"
NO_PAINKILLER = "no medication counts"
NO_PAIN_WHEN_MISSING = "left without a pain value"
DAYLIO_PAIN = "not in Daylio: only days already in the diary, or given a pain value, are changed"


def imported(chosen: bool) -> str:
    """ "imported" or "not imported"."""
    return IMPORTED if chosen else NOT_IMPORTED


def notes_words(chosen: bool) -> str:
    return NOTES_APPENDED if chosen else NOT_IMPORTED


def counts_for(next_morning: bool) -> str:
    """The morning the day's factors count for."""
    return NEXT_MORNING if next_morning else SAME_DAY


def _tags_words(tags: Mapping[str, str], thing: str, things: str) -> str:
    if not tags:
        return f"no {things}"
    count, distinct = len(tags), len(set(tags.values()))
    become = (
        ("becomes a tag" if count == 1 else "become tags")
        if distinct == count
        else f"become {plural(distinct, 'tag')}"
    )
    return f"{plural(count, thing, things)} {become} (listed under Tags)"


def factor_tags(tags: Mapping[str, str]) -> str:
    """A Bearable mapping's tags (label: tag) in the preview: "12 factors become tags", "3 factors become 2 tags"."""
    return _tags_words(tags, "factor", "factors")


def activity_tags(tags: Mapping[str, str]) -> str:
    """A Daylio mapping's tags (label: tag) in the preview: "12 activities become tags", "no activities"."""
    return _tags_words(tags, "activity", "activities")


def slot_words(slot: str) -> str:
    """Which of the day's ratings counts, in words ("its earliest rating of the day")."""
    if slot in ("earliest", "worst"):
        return f"its {slot} rating of the day"
    return f"its rating at {slot}"


def pain_words(symptom: str | None, slot: str, scale: tuple[int, ...]) -> str:
    """The morning pain a mapping reads, as its preview says it."""
    if symptom is None:
        return NO_SYMPTOM_CHOSEN
    return f"{symptom}, {slot_words(slot)}; ratings 0–4 become {', '.join(map(str, scale))}"


def rating_label(rating: int) -> str:
    """One of the five numbers a Bearable rating becomes on the Import page: "Rating 3"."""
    return f"Rating {rating}"


def pain_when_missing_words(pain: int | None) -> str:
    """A day with other symptoms but not this one, in the preview: "left without a pain value", "pain 0"."""
    return NO_PAIN_WHEN_MISSING if pain is None else f"pain {pain}"


def pain_when_missing_choice(pain: str) -> str:
    """The same, as the Import page's picker offers it ("" is none): "has pain 0"."""
    return f"has pain {pain}" if pain else "has no pain value (it is not invented)"
