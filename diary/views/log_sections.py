"""The Log page's folded sections (``form_sections``) in words: a label that says what each holds already.

Only the morning pain (and, when present, the warning symptoms) stay open; the
rest is folded into sections whose labels list what they hold already (copied
from an earlier day, planned by a trial, or typed), so a routine morning needs
no unfolding at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from ..entry.derived import time_in_bed_hours
from ..entry.fields import FIELD_BY_NAME, POSITION_WORDS, SLEEP_QUALITY_WORDS
from ..safety import TICKED_NOT_SAVED
from .form import unsaved_summary
from .form_sections import SECTION_OF, Section
from .markdown import plain

MAX_SHOWN = 4
"""How many answers a section's label lists before "and N more"."""


def _time(value: object) -> str | None:
    return f"{value:%H:%M}" if isinstance(value, dt.time) else None


def _number(value: object, unit: str) -> str:
    return f"{value:g} {unit}" if isinstance(value, float) else f"{value} {unit}"


def _words(key: str, value: object) -> str | None:
    """One answer as a few words for a label, or ``None`` when it is not filled in (an unticked box)."""
    if value is None or value == "" or value == [] or value is False:
        return None
    field = FIELD_BY_NAME[key]
    if field.kind == "bool":
        return field.label.lower()
    if key == "position":
        return POSITION_WORDS.get(str(value), str(value))
    if key in ("pillow", "firmness"):
        return f"{value} {key}"
    if key in ("exertion", "stress"):
        return f"{value} {key}" if value not in ("none", "rest") else f"{key}: {value}"
    if key == "sleep_quality" and isinstance(value, int):
        return f"slept {SLEEP_QUALITY_WORDS.get(value, value)}"
    if isinstance(value, list):
        return ", ".join(str(v).replace("_", " ") for v in value)
    if field.counted:
        return _number(value, field.counted)
    if key == "notes":
        return "a note"
    return str(value)


def _times(values: Mapping[str, object]) -> dict[str, str | None]:
    """Bed and wake time for a label: "23:00–06:45" together, else "bed 23:00" or "up 06:45"."""
    bed, up = _time(values.get("bedtime")), _time(values.get("wake_time"))
    if bed and up:
        return {"bedtime": f"{bed}–{up}", "wake_time": None}
    return {"bedtime": f"bed {bed}" if bed else None, "wake_time": f"up {up}" if up else None}


def section_answers(
    section: Section, values: Mapping[str, object], *, marked: Sequence[str] = ()
) -> list[str]:
    """What the section holds, answer by answer, in a few words each; ``marked`` keys get " (trial plan)"."""
    times = _times(values)
    answers = []
    for key in section.keys:
        words = times[key] if key in times else _words(key, values.get(key))
        if words:
            answers.append(f"{words} (trial plan)" if key in marked else words)
    return answers


def section_label(section: Section, values: Mapping[str, object], *, marked: Sequence[str] = ()) -> str:
    """The section's title with what it holds: "Last night: Foam 2025, on your side, low pillow and 1 more"."""
    answers = section_answers(section, values, marked=marked)
    if not answers:
        return f"{section.title} (optional)"
    more = len(answers) - MAX_SHOWN
    listed = ", ".join(answers[:MAX_SHOWN]) + (f" and {more} more" if more > 0 else "")
    return f"{section.title}: {listed}"


def located(key: str) -> str:
    """Where an answer is, for a message at the save button: "Last night › Mattress"."""
    field = FIELD_BY_NAME.get(key)
    label = field.label if field else key
    section = SECTION_OF.get(key)
    return f"{section.title} › {label}" if section else label


def sections_with_problems(problem_keys: Sequence[str]) -> list[str]:
    """The expander keys of the sections that hold an answer that needs a change."""
    return list(dict.fromkeys(SECTION_OF[k].key for k in problem_keys if k in SECTION_OF))


def save_bar_problems(problems: Mapping[str, Sequence[str]], ticked: Sequence[str] = ()) -> str | None:
    """After a failed save, at the save button: what stopped it, each answer named with its section.

    ``problems`` are those of ``diary.views.form.problems_by_field``: widget
    key → messages, with "" for problems of no single answer. ``ticked``: the
    titles of the tiers of the warning symptoms ticked (``safety.tier_title``),
    most urgent first. They lead, so that the list, kept in view at the bottom
    of the screen, never covers a ticked symptom's advice without saying it
    too. Markdown; ``None`` when there are no problems.
    """
    general = list(problems.get("", ()))
    summary = unsaved_summary(problems)
    if summary is None and not general:
        return None
    advice = [f"**{title}**: {TICKED_NOT_SAVED}." for title in ticked]
    if summary is None:
        return "\n\n".join([*advice, *map(plain, general)])
    lines = [*(f"{line}  " for line in advice), f"**{summary}**", *(f"- {plain(m)}" for m in general)]
    for key, messages in problems.items():
        section = SECTION_OF.get(key)
        if key:
            lines.extend(f"- {section.title}: {plain(m)}" if section else f"- {plain(m)}" for m in messages)
    return "\n".join(lines)


LONGEST_NIGHT_HOURS = 16
"""Longer in bed than this, a night's bedtime and wake time are asked about (a bedtime after midnight typed as
morning, or the wake time of another day), never refused: the diary keeps what the person says."""


def night_doubt(values: Mapping[str, object]) -> str | None:
    """A question about last night's times when they cannot both be right, else ``None`` (shown, never blocking).

    ``values``: the form's widget values (``bedtime``, ``wake_time``, ``sleep_latency_min``, ``awake_minutes``).
    """
    bedtime, wake = values.get("bedtime"), values.get("wake_time")
    if not isinstance(bedtime, dt.time) or not isinstance(wake, dt.time):
        return None
    in_bed = time_in_bed_hours(bedtime, wake)
    assert in_bed is not None  # both times are there
    span = f"From {bedtime:%H:%M} to {wake:%H:%M} is {_hours(in_bed)} in bed"
    if in_bed > LONGEST_NIGHT_HOURS:
        return f"{span}: check the bedtime and the wake time."
    awake = sum(
        v for k in ("sleep_latency_min", "awake_minutes") if isinstance(v := values.get(k), int | float)
    )
    if awake and awake >= in_bed * 60:
        return (
            f"{span}, and the minutes to fall asleep and awake add up to {_hours(awake / 60)}, which leaves "
            "no sleep: check them."
        )
    return None


def _hours(hours: float) -> str:
    """ "7 h 30 min", "23 h", "45 min"."""
    whole, minutes = divmod(round(hours * 60), 60)
    if not whole:
        return f"{minutes} min"
    return f"{whole} h" + (f" {minutes} min" if minutes else "")
