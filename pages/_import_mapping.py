"""The Import page's widgets for another app's export: its mapping, pain values for new days, replace choices.

Every widget starts from the export's default mapping and keeps its own key,
so the preview under it follows each change. ``forget_choices`` clears them
all when another file is dropped.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from diary.entry.fields import PAIN_HIGH, PAIN_LOW, PAIN_POINTS
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
from diary.sources.mapping_options import (
    BEARABLE_OPTIONS,
    DAYLIO_OPTIONS,
    NO_SYMPTOM,
    MappingOption,
    pain_when_missing_choice,
    rating_label,
    slot_words,
)
from diary.views import import_words as words
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
    said = BEARABLE_OPTIONS
    left, right = st.columns(2)
    symptom = left.selectbox(
        said["pain_symptom"].label,
        [NONE, *export.symptoms()],
        key=_start("map_symptom", default.pain_symptom or NONE),
        format_func=lambda s: s or NO_SYMPTOM,
    )
    slot = right.selectbox(
        said["pain_slot"].label,
        PAIN_SLOTS,
        key=_start("map_slot", default.pain_slot),
        format_func=slot_words,
    )
    st.caption(said["pain_scale"].label)
    scale = [
        column.number_input(
            rating_label(rating),
            PAIN_LOW,
            PAIN_HIGH,
            step=1,
            key=_start(f"map_scale_{rating}", default.pain_scale[rating]),
        )
        for rating, column in enumerate(st.columns(5))
    ]
    missing = st.selectbox(
        said["pain_when_missing"].label,
        [NONE, *(str(n) for n in PAIN_POINTS)],
        key=_start(
            "map_missing", NONE if default.pain_when_missing is None else str(default.pain_when_missing)
        ),
        format_func=pain_when_missing_choice,
    )
    painkillers = st.multiselect(
        said["painkillers"].label,
        list(export.medications()),
        key=_start("map_painkillers", sorted(default.painkillers)),
    )
    factors = st.multiselect(
        said["tags"].label,
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
        sleep_quality=st.checkbox(said["sleep_quality"].label, key=_start("map_sleep_quality", True)),
        bed_times=st.checkbox(said["bed_times"].label, key=_start("map_bed_times", True)),
        notes=st.checkbox(said["notes"].label, key=_start("map_notes", True)),
        next_morning=_next_morning(said["next_morning"]),
    )


def _next_morning(option: MappingOption) -> bool:
    return st.checkbox(option.label, key=_start("map_next_morning", True))


def _daylio(export: DaylioExport, default: DaylioMapping) -> DaylioMapping:
    said = DAYLIO_OPTIONS
    activities = st.multiselect(
        said["tags"].label,
        list(export.activities()),
        key=_start("map_tags", [a for a in export.activities() if a in default.tags]),
    )
    return DaylioMapping(
        tags=_tags(dict(default.tags), activities),
        notes=st.checkbox(said["notes"].label, key=_start("map_notes", True)),
        next_morning=_next_morning(said["next_morning"]),
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
    day_col.selectbox(words.DAY, open_days, key="pain_day", format_func=day_label)
    pain_col.number_input(words.PAIN_VALUE, PAIN_LOW, PAIN_HIGH, step=1, key=_start("pain_value", 3))
    add_col.button(words.ADD_DAY, key="pain_add", on_click=_add_pain)
    given = given_pain()
    if given:
        st.caption(words.pain_given(given))
        st.button(words.CLEAR_PAIN, key="pain_clear", on_click=_clear_pain)
