"""Spreadsheet formulas behind leading whitespace are neutralised too, and come back exactly.

A spreadsheet that trims spaces before evaluating (LibreOffice's "trim spaces"
with "evaluate formulas") runs `` =1+1`` as a formula, so the guard looks past
any leading whitespace, no-break and zero-width spaces included, and takes the
full-width look-alikes (＝＋－＠) for what they resemble. Import undoes
exactly one level of quoting, so every value comes back as it was typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diary.csv.format import _NEEDS_GUARD, neutralise, read_diary_csv, restore, write_diary_csv
from diary.entry import parse_entry
from diary.exchange.diary_csv import export_csv, import_csv

from .conftest import BACKENDS, make_diary

TODAY = dt.date(2026, 1, 31)
TRIGGERS = "=+-@"
# Full-width and small-form look-alikes a spreadsheet set for East Asian input may take for them.
LOOK_ALIKES = "\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b"
# Whitespace a spreadsheet may trim, or that a person cannot see, before a formula.
LEADS = [" ", "  ", "\u00a0", "\u2002", "\u3000", "\u200b", "\ufeff", "\n", " \t", "\t ", "\r "]
# Invisible too: marks and controls of writing direction, a soft hyphen, invisible operators.
INVISIBLE_LEADS = ["\u200e", "\u200f", "\u202e", "\u2066", "\u061c", "\u00ad", "\u2061", "\u200f\u202b "]


def formula_starts(cell: str) -> bool:
    """True when a spreadsheet that trims leading whitespace would read the cell as a formula."""
    trimmed = cell.lstrip(
        " \t\r\n\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u3000\ufeff"
    )
    return bool(trimmed) and trimmed[0] in TRIGGERS + LOOK_ALIKES


@pytest.mark.parametrize(
    "cell", [" =1+1", "\u00a0+cmd", "  -2", "\u3000@SUM(A1)", "\u200b=1", " \t=1", "\n=1"]
)
def test_a_formula_behind_whitespace_is_guarded_and_restored(cell: str) -> None:
    guarded = neutralise(cell)
    assert guarded == "'" + cell
    assert restore(guarded) == cell


@pytest.mark.parametrize("lead", INVISIBLE_LEADS)
def test_a_formula_behind_an_invisible_mark_of_writing_direction_is_guarded_and_restored(lead: str) -> None:
    """A spreadsheet may drop what it cannot show; the cell then starts with the formula."""
    for trigger in TRIGGERS:
        cell = lead + trigger + "1+1"
        assert neutralise(cell) == "'" + cell
        assert restore(neutralise(cell)) == cell


@pytest.mark.parametrize("cell", ["\uff1d1+1", " \uff0bcmd", "\u3000\uff0d2", "\uff20SUM(A1)", "\ufe661"])
def test_a_full_width_look_alike_is_guarded_and_restored(cell: str) -> None:
    guarded = neutralise(cell)
    assert guarded == "'" + cell
    assert restore(guarded) == cell


@pytest.mark.parametrize(
    "cell", ["  plain", "\u00a0text", "a\uff1d1", "\uff08note\uff09", "'  =already quoted", " ", "a =1"]
)
def test_guarding_stays_exactly_reversible(cell: str) -> None:
    assert restore(neutralise(cell)) == cell


def test_exported_notes_never_start_a_formula_after_trimming(tmp_path: Path) -> None:
    notes = [lead + trigger + "1+1" for lead in LEADS for trigger in TRIGGERS + LOOK_ALIKES]
    entries = [
        parse_entry({"date": (dt.date(2025, 1, 1) + dt.timedelta(days=i)).isoformat(), "pain": 3, "notes": n})
        for i, n in enumerate(notes)
    ]
    text = write_diary_csv(entries)
    for record in list(csv.reader(io.StringIO(text, newline="")))[1:]:
        for cell in record:
            assert not formula_starts(cell), repr(cell)
    assert [e.notes for e in read_diary_csv(text, today=TODAY)] == notes


_lead = st.lists(st.sampled_from([*LEADS, "'"]), max_size=4).map("".join)
_body = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
_formula_notes = st.builds(
    lambda a, t, b: a + t + b, _lead, st.sampled_from([*TRIGGERS, *LOOK_ALIKES, "\t", "\r", "x"]), _body
)


@given(st.lists(_formula_notes, min_size=1, max_size=6))
def test_formula_notes_round_trip_through_both_backends(notes: list[str]) -> None:
    """Saved in either backend, exported, imported into either: the same notes, and no live formula."""
    entries = [
        parse_entry(
            {"date": (dt.date(2025, 1, 1) + dt.timedelta(days=i)).isoformat(), "pain": i % 11, "notes": n},
            today=TODAY,
        )
        for i, n in enumerate(notes)
    ]
    for source_backend in BACKENDS:
        for target_backend in BACKENDS:
            with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
                source = make_diary(source_backend, Path(a))
                source.import_entries(entries)
                exported = export_csv(source)
                for record in list(csv.reader(io.StringIO(exported, newline="")))[1:]:
                    assert not any(formula_starts(cell) for cell in record), record
                target = make_diary(target_backend, Path(b))
                import_csv(target, exported.encode("utf-8"))
                assert target.entries() == source.entries()
                assert [e.notes for e in target.entries()] == notes
                source.close()
                target.close()


@given(st.one_of(_formula_notes, st.text(max_size=12)))
def test_the_quick_look_at_a_cell_s_first_character_guards_exactly_what_the_rule_does(cell: str) -> None:
    """``neutralise`` looks at the rest of a cell only when its first character could begin a guarded one."""
    assert neutralise(cell) == ("'" + cell if _NEEDS_GUARD.match(cell) else cell)
