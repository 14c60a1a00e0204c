"""The Log form's folded sections: which answers each holds.

Only the morning pain (and, when present, the warning symptoms) stay open;
the rest is folded into these sections. Their labels, what they say they
hold, are ``log_sections``; what an untouched section's yes/no boxes save is
``form``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """One folded part of the form: its expander key, its title and the widget keys inside it."""

    key: str
    title: str
    keys: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "section_morning",
        "More about this morning",
        ("pain_minutes", "night_wakings", "numbness", "pain_areas"),
    ),
    Section(
        "section_night",
        "Last night",
        (
            "mattress",
            "firmness",
            "position",
            "pillow",
            "legs_elevated",
            "bedtime",
            "wake_time",
            "sleep_quality",
            "sleep_latency_min",
            "awakenings",
            "awake_minutes",
        ),
    ),
    Section(
        "section_yesterday",
        "Yesterday",
        (
            "exertion",
            "stress",
            "sitting_hours",
            "exercise",
            "lifting",
            "alcohol",
            "late_meal",
            "warm_bath",
            "cold_exposure",
            "painkiller",
        ),
    ),
    Section("section_other", "Weight, tags and notes", ("weight_kg", "tags", "notes")),
)
SECTION_OF: dict[str, Section] = {key: section for section in SECTIONS for key in section.keys}
