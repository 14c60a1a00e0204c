"""The Import page's widgets for another app's export: its mapping, pain values for new days, replace choices.

Every widget starts from the export's default mapping and keeps its own key,
so the preview under it follows each change. ``forget_choices`` clears them
all when another file is dropped.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from diary.sources import (
    PAIN_SLOTS,
    REPLACEABLE,
    BearableExport,
    BearableMapping,
    DaylioExport,
    DaylioMapping,
    Export,
    tidy_tag,
)
from diary.sources.bearable_mapping import slot_words
from diary.wording import day_label

PREFIXES = ("map_", "replace_", "pain_", "import_as")
NONE = ""
"""The option meaning "none" in a selectbox (a ``None`` option would show as an empty choice)."""
PAIN_GIVEN = "pain_given"
"""Session state: the pain values given on the page for days not in the diary, ``{date: pain}``."""


def replace_key(kind: str) -> str:
    return "replace_" + kind.replace(" ", "_")


def forget_choices() -> None:
    """A new file: every mapping widget, replace choice and pain value starts afresh."""
    for key in [k for k in st.session_state if str(k).startswith(PREFIXES)]:
        del st.session_state[key]


def chosen_replace() -> frozenset[str]:
    """The field kinds whose "replace" box is ticked (read before the boxes are drawn again)."""
    return frozenset(kind for kind in REPLACEABLE if st.session_state.get(replace_key(kind)))


def given_pain() -> dict[dt.date, int]:
    found = st.session_state.get(PAIN_GIVEN)
    return dict(found) if isinstance(found, dict) else {}


def _start(key: str, value: object) -> str:
    st.session_state.setdefault(key, value)
    return key


def _tags(default: dict[str, str], chosen: list[str]) -> dict[str, str]:
    tags: dict[str, str] = {}
    for label in chosen:
        tag = default.get(label) or tidy_tag(label)
        if tag is not None:
            tags[label] = tag
    return tags


def _bearable(export: BearableExport, default: BearableMapping) -> BearableMapping:
    left, right = st.columns(2)
    symptom = left.selectbox(
        "Morning pain is the symptom",
        [NONE, *export.symptoms()],
        key=_start("map_symptom", default.pain_symptom or NONE),
        format_func=lambda s: s or "(none: import no pain)",
    )
    slot = right.selectbox(
        "Which of the day's ratings counts",
        PAIN_SLOTS,
        key=_start("map_slot", default.pain_slot),
        format_func=slot_words,
    )
    st.caption("Bearable rates a symptom 0–4; the diary's pain is 0–10. Each rating becomes:")
    scale = [
        column.number_input(
            f"Rating {rating}", 0, 10, step=1, key=_start(f"map_scale_{rating}", default.pain_scale[rating])
        )
        for rating, column in enumerate(st.columns(5))
    ]
    missing = st.selectbox(
        "A day with other symptoms rated but not this one",
        [NONE, *(str(n) for n in range(11))],
        key=_start(
            "map_missing", NONE if default.pain_when_missing is None else str(default.pain_when_missing)
        ),
        format_func=lambda v: f"has pain {v}" if v else "has no pain value (it is not invented)",
    )
    painkillers = st.multiselect(
        "Medications that count as a painkiller",
        list(export.medications()),
        key=_start("map_painkillers", sorted(default.painkillers)),
    )
    factors = st.multiselect(
        "Factors that become tags (tidied into labels)",
        list(export.factors()),
        key=_start("map_tags", [f for f in export.factors() if f in default.tags]),
    )
    return BearableMapping(
        pain_symptom=symptom or None,
        pain_slot=slot,
        pain_scale=tuple(int(v) for v in scale),
        pain_when_missing=int(missing) if missing else None,
        painkillers=frozenset(painkillers),
        tags=_tags(dict(default.tags), factors),
        sleep_quality=st.checkbox("Import sleep quality (1–5)", key=_start("map_sleep_quality", True)),
        bed_times=st.checkbox("Import bed and wake times", key=_start("map_bed_times", True)),
        notes=st.checkbox("Append notes to the day's notes", key=_start("map_notes", True)),
        next_morning=_next_morning("Factors and medications"),
    )


def _next_morning(what: str) -> bool:
    return st.checkbox(
        f"{what} count for the next morning (as the diary's “yesterday” fields do)",
        key=_start("map_next_morning", True),
    )


def _daylio(export: DaylioExport, default: DaylioMapping) -> DaylioMapping:
    activities = st.multiselect(
        "Activities that become tags (tidied into labels)",
        list(export.activities()),
        key=_start("map_tags", [a for a in export.activities() if a in default.tags]),
    )
    return DaylioMapping(
        tags=_tags(dict(default.tags), activities),
        notes=st.checkbox("Append notes to the day's notes", key=_start("map_notes", True)),
        next_morning=_next_morning("Activities"),
    )


def mapping_widgets(export: Export) -> BearableMapping | DaylioMapping | None:
    """The mapping as the person set it (Bearable, Daylio); ``None`` for a wearable (it has none)."""
    default = export.default_mapping()
    content = export.content
    if isinstance(content, BearableExport) and isinstance(default, BearableMapping):
        return _bearable(content, default)
    if isinstance(content, DaylioExport) and isinstance(default, DaylioMapping):
        return _daylio(content, default)
    return None


def _add_pain() -> None:
    day, pain = st.session_state.get("pain_day"), st.session_state.get("pain_value")
    if isinstance(day, dt.date) and isinstance(pain, int):
        st.session_state[PAIN_GIVEN] = {**given_pain(), day: pain}


def _clear_pain() -> None:
    st.session_state.pop(PAIN_GIVEN, None)


def pain_widgets(open_days: tuple[dt.date, ...]) -> None:
    """Pick a day the diary lacks and give its morning pain: it is then imported as a new day."""
    if not open_days:
        return
    day_col, pain_col, add_col = st.columns([3, 2, 2], vertical_alignment="bottom")
    day_col.selectbox("Day", open_days, key="pain_day", format_func=day_label)
    pain_col.number_input("Morning pain (0–10)", 0, 10, step=1, key=_start("pain_value", 3))
    add_col.button("Add this day", key="pain_add", on_click=_add_pain)
    given = given_pain()
    if given:
        shown = ", ".join(f"{day_label(d)}: {p}" for d, p in sorted(given.items()))
        st.caption(f"Pain given: {shown}.")
        st.button("Clear the pain values", key="pain_clear", on_click=_clear_pain)
