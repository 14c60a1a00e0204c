"""Hypothesis strategies drawn from the diary's own column table."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from diary.entry import Entry, parse_entry
from diary.entry.fields import FIELDS, Field

TODAY = dt.date(2026, 1, 31)

# Text a person can type: any printable character (emoji and non-Latin
# scripts included), no control characters except tab and line breaks in notes.
_printable = st.characters(blacklist_categories=("Cs", "Cc"))
_notes_chars = st.one_of(
    _printable, st.sampled_from(["\t", "\n", "\r", ",", '"', "'", "=", "+", "-", "@", ";"])
)


def _text(field: Field) -> st.SearchStrategy[str | None]:
    limit = field.max_length or 0
    if field.name == "notes":
        body = st.text(_notes_chars, min_size=1, max_size=min(limit, 300))
        lead = st.sampled_from(
            ["", "=", "+", "-", "@", "'=", "''-", "\t", "\r", " ", " =", "\u00a0+", "' -", "\u200b@"]
        )
        return st.builds(lambda a, b: a + b, lead, body).filter(lambda s: len(s) <= limit)
    names = st.text(_printable, min_size=1, max_size=limit).map(str.strip).filter(bool)
    return st.one_of(names, st.sampled_from(["=cmd|' /C calc'!A0", "@SUM(1+1)", "-Old sofa", "+foam"]))


def value_strategy(field: Field) -> st.SearchStrategy[object]:
    """Valid values for one column (including "not recorded")."""
    kind = field.kind
    if kind == "date":
        return st.dates(min_value=dt.date(1990, 1, 1), max_value=TODAY)
    if kind == "int":
        values = st.integers(int(field.low), int(field.high))  # type: ignore[arg-type]
        return values if field.required else st.none() | values
    if kind == "float":
        return st.none() | st.floats(field.low, field.high, allow_nan=False)
    if kind == "bool":
        return st.none() | st.booleans()
    if kind == "enum":
        return st.none() | st.sampled_from(field.choices)
    if kind == "set":
        members = (
            st.sampled_from(field.choices)
            if field.choices
            else st.from_regex(r"[a-z0-9_-]{1,30}", fullmatch=True)
        )
        return st.lists(members, max_size=4)
    if kind == "text":
        return st.none() | _text(field)
    if kind == "time":
        return st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0))
    offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
    stamps = st.datetimes(
        min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2026, 1, 31), timezones=offsets
    )
    return st.none() | stamps.map(lambda d: d.replace(microsecond=0))


raw_entries = st.fixed_dictionaries({f.name: value_strategy(f) for f in FIELDS})


def _light_value(field: Field) -> st.SearchStrategy[object]:
    """``value_strategy`` with its text kept short (a mattress, notes): ninety entries of long notes ran past
    what Hypothesis draws for one example, and about one run in three failed its health check for it."""
    if field.kind == "text":
        return st.none() | st.text(_printable, min_size=1, max_size=12).map(str.strip).filter(bool)
    return value_strategy(field)


light_entries = st.fixed_dictionaries({f.name: _light_value(f) for f in FIELDS})
"""Raw entries as ``raw_entries``, every text short: for long diaries, where the text is not what is tested."""


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    return parse_entry(draw(raw_entries), today=TODAY)


@st.composite
def diaries(draw: st.DrawFn, max_size: int = 12) -> list[Entry]:
    """Entries with distinct dates."""
    found = draw(st.lists(entries(), max_size=max_size, unique_by=lambda e: e.date))
    return sorted(found, key=lambda e: e.date)


@st.composite
def dense_diaries(draw: st.DrawFn, max_size: int = 90) -> list[Entry]:
    """Entries a few days apart at most, ending before ``TODAY``: long enough runs for the analysis to fit,
    every other value drawn freely (so any factor may be missing, constant or tangled with another)."""
    count = draw(st.integers(0, max_size))
    gaps = draw(st.lists(st.integers(1, 3), min_size=count, max_size=count))
    day = TODAY - dt.timedelta(days=sum(gaps) + draw(st.integers(0, 400)))
    found = []
    for gap in gaps:
        found.append(parse_entry({**draw(light_entries), "date": day.isoformat()}, today=TODAY))
        day += dt.timedelta(days=gap)
    return found
