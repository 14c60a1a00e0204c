"""Between the Log page's widgets and the diary: what the form shows, and what it saves.

The page holds one widget per column, keyed by the column name. This module
turns an entry into widget values (to edit a day, or to pre-fill a new one) and
widget values back into raw values for ``parse_entry``, the one validator. It
never imports Streamlit, so every rule here is tested without a browser.

Two rules a person should know about, because a widget cannot say "not
recorded" the way an empty CSV cell can:

- **Yes/no questions are checkboxes.** A ticked box records yes. On a new
  day, an unticked box records no once the person has answered anything else
  in the same folded section (``form_sections``: numbness is asked in *More
  about this morning*, not beside the pain); when the whole section is left
  empty, its boxes stay "not recorded". Editing a day
  never turns a question that was not recorded into "no" just because its box
  was left unticked.
- **Firmness follows the mattress.** Left empty, the firmness is the one last
  recorded for the chosen mattress; a new mattress, or one whose firmness
  changed (a topper), gets the firmness picked in the form. Editing a day
  without changing its mattress keeps the day's own values.

Warning symptoms are one checkbox each (``FLAG_KEYS``), not a list of pills:
they must look unlike ordinary choices and show their advice beside them.
Tags are tidied, never refused: "New Pillow!" is saved as ``new-pillow``, and
the page says so (``tidy_tags``).

Saving a day's unchanged form gives back exactly the entry that was loaded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..entry import Entry
from ..entry.fields import (
    FIELD_BY_NAME,
    FIELDS,
    RED_FLAGS,
    SEPARATED,
    SLOW_FIELDS,
    TAG_IN_WORDS,
    Field,
    Group,
    is_tag,
    match_mattress,
    tidy_tag,
)
from ..errors import Problem, show_value
from ..wording import NOTHING_SAVED, day_label, days_text, join_names, moment_label
from .form_sections import SECTION_OF, SECTIONS, Section
from .log_words import DISCARD_DRAFT

if TYPE_CHECKING:
    from ..storage import Diary
    from ..storage.base import MattressNight

FORM_GROUPS: tuple[Group, ...] = ("morning", "night", "yesterday", "other")
FORM_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.group in FORM_GROUPS)
"""Every column the Log form asks about (all but ``date`` and ``logged_at``), in CSV order."""

FLAG_KEYS: dict[str, str] = {flag: f"red_flag_{flag}" for flag in RED_FLAGS}
"""The checkbox key of each warning symptom."""

FORM_KEYS: tuple[str, ...] = tuple(
    key for f in FORM_FIELDS for key in (FLAG_KEYS.values() if f.name == "red_flags" else (f.name,))
)
"""Every widget key of the form: a column's name, or one key per warning symptom (``FLAG_KEYS``)."""

PREFILL_LOOKBACK_DAYS = 366
"""How far back a new day looks for the entry to pre-fill the slowly changing fields from."""

_TAG_SPLIT = re.compile(r"[,;\n]+")


# -- mattresses ---------------------------------------------------------------------


def known_mattresses(entries: Iterable[Entry | MattressNight]) -> dict[str, str | None]:
    """Every mattress name in the diary, most recently slept on first, with the firmness last recorded for it.

    ``entries`` (or ``Diary.mattress_nights``) must be sorted by date, as every
    ``Diary`` returns them. A mattress never logged with a firmness maps to ``None``.
    """
    known: dict[str, str | None] = {}
    for entry in reversed(list(entries)):
        name = entry.mattress
        if name is None:
            continue
        # Newest first: the first firmness met for a name is the one last recorded for it.
        if name not in known or (known[name] is None and entry.firmness is not None):
            known[name] = entry.firmness
    return known


def mattress_label(name: str, known: Mapping[str, str | None]) -> str:
    """How a mattress appears in the form's list: its name and, when known, its firmness."""
    firmness = known.get(name)
    return f"{name} · {firmness}" if firmness else name


# -- entry → widget values --------------------------------------------------------


def _widget_value(field: Field, value: object) -> object:
    kind = field.kind
    if kind == "bool":
        return bool(value)
    if field.name == "tags" and isinstance(value, (tuple, list)):
        return ", ".join(value)
    if kind == "set" and isinstance(value, (tuple, list)):
        return list(value)
    if field.name == "notes":
        return value or ""
    return value


def form_values(entry: Entry | None) -> dict[str, object]:
    """Widget values that show ``entry`` (all blank for ``None``), keyed by ``FORM_KEYS``.

    Numbers, choices, times and the mattress are ``None`` when not recorded;
    yes/no questions and warning symptoms are checkbox states; sets are lists;
    tags are one comma-separated text; notes are text.
    """
    values: dict[str, object] = {}
    for f in FORM_FIELDS:
        if f.name == "red_flags":
            ticked = entry.red_flags if entry else ()
            values.update({key: flag in ticked for flag, key in FLAG_KEYS.items()})
        else:
            values[f.name] = _widget_value(f, getattr(entry, f.name) if entry else _blank(f))
    return values


def ticked_flags(values: Mapping[str, object]) -> tuple[str, ...]:
    """The warning symptoms ticked in the form, in the diary's order."""
    return tuple(flag for flag, key in FLAG_KEYS.items() if values.get(key))


def _blank(field: Field) -> object:
    return () if field.kind == "set" else None


def new_day_values(previous: Entry | None) -> dict[str, object]:
    """Widget values for a day not logged yet: blank, but the slowly changing fields copied from ``previous``.

    The firmness is left empty when a mattress is copied: it then follows the
    mattress (see the module docs), so choosing another known mattress brings
    that mattress's firmness rather than the old one's.
    """
    values = form_values(None)
    if previous is None:
        return values
    for name in SLOW_FIELDS:
        values[name] = _widget_value(FIELD_BY_NAME[name], getattr(previous, name))
    if previous.mattress is not None:
        values["firmness"] = None
    return values


def prefill_source(diary: Diary, day: dt.date) -> Entry | None:
    """The entry a new ``day`` copies its slowly changing fields from.

    The closest earlier entry within a year (back-filling a day in May takes
    May's mattress, not today's); without one, the most recent entry if it is
    within a year of the day. Nothing after a year or more away: a morning logged
    after a long pause does not take the bed and times of a night long gone.
    """
    reach = dt.timedelta(days=PREFILL_LOOKBACK_DAYS)
    earlier = diary.latest(before=day)
    if earlier is not None and earlier.date >= day - reach:
        return earlier
    newest = diary.latest()
    return newest if newest is not None and abs(newest.date - day) <= reach else None


# -- widget values → raw values ---------------------------------------------------


def split_tags(text: str) -> list[str]:
    """Tags as typed in the form: separated by commas, semicolons or line breaks."""
    return [part.strip() for part in _TAG_SPLIT.split(text or "") if part.strip()]


def _filled(field: Field, value: object) -> bool:
    if field.kind == "bool":
        return bool(value)
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) > 0
    return True


def _field_value(field: Field, values: Mapping[str, object]) -> object:
    """A column's value from the widget values (the warning symptoms from their checkboxes)."""
    if field.name == "red_flags":
        return list(ticked_flags(values))
    return values.get(field.name)


def _section_answered(section: Section, values: Mapping[str, object]) -> bool:
    return any(_filled(FIELD_BY_NAME[key], _field_value(FIELD_BY_NAME[key], values)) for key in section.keys)


def form_to_raw(
    values: Mapping[str, object],
    *,
    day: dt.date,
    known: Mapping[str, str | None] | None = None,
    original: Entry | None = None,
    asked: Collection[str] = (),
) -> dict[str, object]:
    """Raw values for ``parse_entry`` from the Log form's widget values for ``day``.

    ``known`` are the diary's mattresses (for the firmness and the spelling),
    ``original`` the entry being edited (``None`` for a new day), ``asked``
    yes/no columns whose unticked box means "no" whatever else was answered
    (a trial's condition for the night). Applies the two rules in the module
    docs and tidies the tags; everything else passes through unchanged for the
    validator to judge.
    """
    known = known or {}
    raw: dict[str, object] = {"date": day}
    answered = {section.key: _section_answered(section, values) for section in SECTIONS}
    for field in FORM_FIELDS:
        value = _field_value(field, values)
        if field.kind == "bool":
            if value:
                raw[field.name] = True
            elif field.name in asked:
                raw[field.name] = False
            elif original is not None:
                raw[field.name] = None if getattr(original, field.name) is None else False
            else:
                raw[field.name] = False if answered[SECTION_OF[field.name].key] else None
        elif field.name == "tags":
            tidied = tidy_tags(value) if isinstance(value, str) else None
            # An untidy tag (no letter or digit to keep) goes on to the validator, which names it.
            raw["tags"] = [*tidied.tags, *tidied.untidy] if tidied else value
        else:
            raw[field.name] = value
    mattress = raw.get("mattress")
    kept = original is not None and isinstance(mattress, str) and mattress.strip() == original.mattress
    if isinstance(mattress, str) and mattress.strip() and not kept:
        name = raw["mattress"] = match_mattress(mattress, known)
        if raw.get("firmness") is None:
            raw["firmness"] = known.get(name)
    return raw


# -- what the page says about the day it holds -----------------------------------


def editing_note(entry: Entry) -> str:
    """Under the day while the form holds a day that has an entry: saving replaces it."""
    first_saved = f" (first saved {moment_label(entry.logged_at)})" if entry.logged_at is not None else ""
    return f"Editing the entry for {day_label(entry.date)}{first_saved}: saving replaces it."


COPIED_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bed", ("mattress", "firmness")),
    ("position", ("position",)),
    ("pillow", ("pillow",)),
    ("times", ("bedtime", "wake_time")),
)
"""``SLOW_FIELDS``, the answers a new day copies, as the note under the day names them."""


def new_day_note(day: dt.date, source: Entry | None, planned: Collection[str] = ()) -> str:
    """Under the day for a day not logged yet: only the pain is needed, and what of last night was copied from
    which day (``source``, ``prefill_source``'s entry: only the parts it holds an answer for are named).

    ``planned``: the form's keys a running trial filled in with its plan instead (on a switch night the
    mattress shown is not the day before's).
    """
    copied = [
        part
        for part, names in COPIED_PARTS
        if source
        and any(getattr(source, n) is not None for n in names)
        and not any(n in planned for n in names)
    ]
    if source is None or not copied:
        return "New entry: only the morning pain is needed."
    verb = "is" if copied in (["bed"], ["position"], ["pillow"]) else "are"
    return (
        f"New entry: only the morning pain is needed. Last night's {join_names(copied)} {verb} copied from "
        f"{day_label(source.date)}."
    )


def draft_note(day: dt.date) -> str:
    """Under the day when the form shows answers kept from before (the person looked at another page)."""
    return (
        f"Not saved yet: your answers for {day_label(day)} were kept while you were away. Save them, or tap "
        f"{DISCARD_DRAFT} under the warning symptoms to go back to what the diary holds."
    )


def other_drafts_note(days: list[dt.date]) -> str:
    """Under the day when other mornings have answers not saved yet (newest first)."""
    return "Also not saved yet: your answers for " + days_text(days) + "."


def open_draft_label(day: dt.date) -> str:
    """The button that opens another morning with unsaved answers."""
    return f"Open {day_label(day)}"


def save_label(day: dt.date, today: dt.date, *, editing: bool) -> str:
    """The save button: an update names the day; a new entry for today is "this morning"."""
    if editing:
        return f"Update the entry for {day_label(day)}"
    return "Save this morning" if day == today else f"Save {day_label(day)}"


# -- messages ---------------------------------------------------------------------


@dataclass(frozen=True)
class TidyTags:
    """Tags as typed, made valid: the tags to save, and what was changed to get them."""

    tags: list[str]
    changed: list[tuple[str, str]]  # (as typed, as saved)
    untidy: list[
        str
    ]  # typed, but with no letter a-z or digit to make a tag of: kept for the person to change

    @property
    def text(self) -> str:
        """The tags as the form's box shows them (the untidy ones too: nothing typed is lost)."""
        return ", ".join([*self.tags, *self.untidy])

    def note(self) -> str | None:
        """What tidying did, in one sentence (``None`` when every tag was typed as it is saved)."""
        if not self.changed:
            return None
        parts = "; ".join(f"“{typed}” → {saved}" for typed, saved in self.changed)
        return f"Tags tidied: {parts}. A tag is {TAG_IN_WORDS}."


def tidy_tags(text: str) -> TidyTags:
    """The tags typed in the form, each made a valid tag, in order and without repeats.

    Separated by commas, semicolons or line breaks; spaces and other signs
    become "-", capitals lower case, accents are dropped, and a tag is cut at
    30 characters.
    """
    tags: list[str] = []
    changed: list[tuple[str, str]] = []
    untidy: list[str] = []
    for typed in split_tags(text):
        tag = typed if is_tag(typed) else tidy_tag(typed)
        if tag is None:
            untidy.append(typed)
            continue
        if tag != typed and (typed, tag) not in changed:
            changed.append((typed, tag))
        if tag not in tags:
            tags.append(tag)
    return TidyTags(tags, changed, untidy)


def problem_message(problem: Problem) -> str:
    """One validation problem in plain words for the form: the field's label, the value, what to do."""
    field = FIELD_BY_NAME.get(problem.column)
    if field is None:
        return str(problem)
    if field.name == "pain" and problem.value == "":
        return "Morning pain is missing: choose a number from 0 (no pain) to 10 (worst imaginable)."
    if field.name == "tags":
        bad = [t for t in split_tags(problem.value) if not is_tag(t)]
        if bad:
            shown = ", ".join(show_value(t) for t in bad)
            hints = [s for s in (tidy_tag(t) for t in bad) if s]
            if hints:
                return (
                    f"Tags: {shown} cannot be used. A tag is {TAG_IN_WORDS} "
                    f"(no spaces); separate tags with commas. For example: {', '.join(hints)}."
                )
            return (
                f"Tags: {shown} has no letter a–z or digit to make a tag of. A tag is {TAG_IN_WORDS}: "
                "change it or remove it."
            )
    reason = problem.reason.replace(SEPARATED, "")
    if problem.value == "" or field.kind == "text":
        return f"{field.label} {reason}."
    return f"{field.label}: {show_value(problem.value)} {reason}."


def problems_by_field(problems: Iterable[Problem]) -> dict[str, list[str]]:
    """Plain-word messages grouped by the column (= the widget key) they belong to."""
    grouped: dict[str, list[str]] = {}
    for problem in problems:
        grouped.setdefault(problem.column, []).append(problem_message(problem))
    return grouped


def unsaved_summary(problems: Mapping[str, Sequence[str]]) -> str | None:
    """Under the form after a failed save: how many answers need a change (``None`` when none do).

    ``problems`` are those of ``problems_by_field``; the ones under the key ""
    concern no single answer and are shown on their own.
    """
    count = sum(len(messages) for name, messages in problems.items() if name)
    if not count:
        return None
    needs = "answer needs" if count == 1 else "answers need"
    return f"{NOTHING_SAVED}: {count} {needs} a change."


def saved_elsewhere_message(day: dt.date) -> str:
    """A new day's save found an entry saved meanwhile (another window, the command line)."""
    return (
        f"{NOTHING_SAVED}: meanwhile an entry for {day_label(day)} was saved elsewhere "
        "(another window or the command line). Press the button again to replace it with "
        "what you see here."
    )


def deleted_meanwhile_message(day: dt.date) -> str:
    """An edit's save found its entry deleted meanwhile."""
    return (
        f"{NOTHING_SAVED}: the entry for {day_label(day)} was deleted meanwhile. "
        "Press the button again to save what you see here as a new entry."
    )


def pain_of_ten(pain: int) -> str:
    """An entry's pain in a sentence about it: "morning pain 4 of 10" (after a save, in History's summary)."""
    return f"morning pain {pain} of 10"


def saved_message(entry: Entry, *, updated: bool) -> str:
    """What the Log page says after a save: which day, added or updated, and the pain."""
    what = pain_of_ten(entry.pain)
    if entry.mattress:
        what += f", {entry.mattress}" + (f" ({entry.firmness})" if entry.firmness else "")
    if updated:
        return f"Updated the existing entry for {day_label(entry.date)}: {what}."
    return f"Added a new entry for {day_label(entry.date)}: {what}."
