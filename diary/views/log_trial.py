"""A running self-experiment on the Log page: tonight's condition, progress, and the night's plan filled in.

While a trial runs, the page says where it stands (night n of N, pair,
getting used to it) and tonight's condition, and a new morning's form gets the
planned value of the night that ended on it. The person can still change it:
the form then says that the night differs from the plan, rather than hiding
it. The trial's answer is never shown here (DESIGN "Self-experiments").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from ..entry import Entry, parse_entry
from ..entry.fields import SET_SEPARATOR, match_mattress
from ..trials.follow import Progress, progress
from ..trials.plan import BOOL_FACTORS, Night, Trial, follows_plan, night_on, tag_of
from ..trials.store import trial_of_morning
from ..trials.text import condition_words
from .form import known_mattresses, tidy_tags

if TYPE_CHECKING:
    from ..storage import Diary


def trial_lines(progress: Progress, today: dt.date) -> list[str]:
    """What the page says about the trial for the morning being logged (empty when the morning is not in it).

    This morning, after a trial whose nights are over and whose last morning is not logged: to log it.
    """
    if progress.morning == today and today > progress.trial.end:
        return [progress.tonight_text()]
    if progress.last_night is None and not (progress.morning == today and progress.tonight is not None):
        return []
    lines = [progress.headline()]
    if progress.morning == today:
        lines.append(progress.tonight_text())
    if progress.logged:
        lines.append(progress.adherence_text())
    return lines


def trial_keys(trial: Trial) -> tuple[str, ...]:
    """The form's widget keys that hold the trial's factor."""
    if tag_of(trial.factor) is not None:
        return ("tags",)
    return (trial.factor,)


def asked_fields(trial: Trial) -> tuple[str, ...]:
    """Yes/no columns a trial plans each night: an unticked box then means "no", never "not recorded"."""
    return (trial.factor,) if trial.factor in BOOL_FACTORS else ()


def planned_values(trial: Trial, night: Night, values: Mapping[str, object]) -> dict[str, object]:
    """The widget values that put the night's planned condition into the form (the others unchanged)."""
    label = tag_of(trial.factor)
    if label is not None:
        tags = [t for t in tidy_tags(str(values.get("tags") or "")).tags if t != label]
        return {"tags": ", ".join([*tags, label] if night.value == "true" else tags)}
    if trial.factor in BOOL_FACTORS:
        return {trial.factor: night.value == "true"}
    if trial.factor == "mattress":
        return {"mattress": night.value, "firmness": None}  # the firmness follows the mattress
    return {trial.factor: night.value}


def logged_value(trial: Trial, values: Mapping[str, object], known: Mapping[str, str | None]) -> str | None:
    """What the form says about the trial's factor, in the plan's terms (``None``: left empty)."""
    label = tag_of(trial.factor)
    if label is not None:
        return "true" if label in tidy_tags(str(values.get("tags") or "")).tags else "false"
    value = values.get(trial.factor)
    if trial.factor in BOOL_FACTORS:
        return "true" if value else "false"
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return (
        match_mattress(value, known) if trial.factor == "mattress" and isinstance(value, str) else str(value)
    )


def deviation_note(
    trial: Trial, night: Night, values: Mapping[str, object], known: Mapping[str, str | None]
) -> str | None:
    """What the form says when last night differs from the plan (``None`` while it follows it)."""
    logged = logged_value(trial, values, known)
    follows = follows_plan(trial.factor, night.value, logged)
    planned = condition_words(trial, night.value)
    if follows:
        return None
    if logged is None:
        return (
            f"The trial planned {planned} for last night, and it is left empty here: fill it in "
            "if you know, so that the trial can tell whether the plan was followed."
        )
    return (
        f"The trial planned {planned} for last night; you entered {condition_words(trial, logged)}. "
        "Keep it if that is what happened: the trial notes the night as not followed and still counts it as planned."
    )


def add_with_plan(diary: Diary, entry: Entry, given: Collection[str], today: dt.date) -> tuple[Entry, str]:
    """A new morning from the command line while a trial runs, as the Log page fills its form in.

    Where the command did not name the trial's factor (for a tag: did not give the tag, nor empty tags), the
    night's planned condition is filled in (``planned_values``; a mattress with the firmness last recorded for it),
    unless the night was slept before the plan was drawn; where it did and differs, it is kept and the
    difference said. The words are "" when the morning is not a trial night. ``given``: the diary
    columns the command named.
    """
    trial = trial_of_morning(diary, today, entry.date)
    night = night_on(trial, entry.date) if trial is not None else None
    if trial is None or night is None:
        return entry, ""
    known = known_mattresses(diary.mattress_nights())
    headline = progress(trial, entry.date, ()).headline()
    form: dict[str, object] = {
        "tags": ", ".join(entry.tags),
        trial.factor: getattr(entry, trial.factor, None),
    }
    label = tag_of(trial.factor)
    # A tag's plan is filled in beside other tags; "--tags ''" (no tags at all) says the night was without it.
    said_none = "tags" in given and not entry.tags
    named = (label in entry.tags or said_none) if label is not None else (trial.factor in given)
    # A night slept before the plan was drawn is logged as it was slept: nothing planned is filled in.
    if not named and trial.drawn_ahead_of(entry.date):
        cells = {k: v for k, v in entry.to_cells().items() if k != "logged_at"}
        for key, value in planned_values(trial, night, form).items():
            if key == "firmness":  # follows the mattress, unless the command named it
                value = cells["firmness"] if "firmness" in given else known.get(night.value)
            cells[key] = _cell(key, value)
        return parse_entry(cells), f"{headline} Filled in as planned: {condition_words(trial, night.value)}."
    note = deviation_note(trial, night, form, known)
    return entry, f"{headline} {note}" if note else headline


def _cell(key: str, value: object) -> str:
    """A widget value of ``planned_values`` as the diary CSV's cell."""
    if key == "tags":
        return SET_SEPARATOR.join(tidy_tags(str(value)).tags)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
