"""Any taps, on any page, in any order: no page ever shows an exception.

Each session opens the dashboard on the sample diary or an empty one, with the
emergency number set or not yet asked, on either backend, and makes
``MOVES`` random moves a person could make: a tap on a button, a check box or
a choice; a text typed from ``TEXTS`` (awkward ones among them); a number or
a date within the widget's own bounds; or a switch to another page. After
every move the page must have run without an exception. The seeds are fixed,
so a failure names the moves that led to it and replays exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from diary.sample import load_sample
from diary.storage import Diary

from . import apptest_support
from .apptest_support import elements, open_app
from .test_pages_smoke import PAGES

any_app_diary = apptest_support.any_app_diary

MOVES = 40
SEEDS = range(6)
PAGE_SWITCH = 0.15
"""The chance that a move is a switch to another page rather than a tap on this one."""
SAVE = 0.2
"""The chance that a move on the Log page is a tap on Save (one of some fifty widgets there, and the one
people tap every morning), whatever the form holds."""

TEXTS = (
    "",
    " ",
    "new pillow",
    " =1+1",
    "2025-05-01",
    "29 Nov",
    "tue",
    "yesterday",
    "0",
    "-1",
    "999999",
    "--",
    "Foam 2020",
    "été",
    "x" * 90,
    "12:30",
    "25:00",
)
"""What may be typed into any text box: dates and times in several forms, numbers, formulas, too long."""

TAPPABLE = (
    "button",
    "checkbox",
    "toggle",
    "selectbox",
    "radio",
    "multiselect",
    "button_group",
    "text_input",
    "text_area",
    "number_input",
    "date_input",
    "time_input",
)


def _number(widget: object, rng: random.Random) -> float | int:
    low = getattr(widget, "min", None)
    high = getattr(widget, "max", None)
    low = -5 if low is None else low
    high = 1000 if high is None else high
    value = rng.choice([low, high, low + (high - low) * rng.random()])
    whole = isinstance(getattr(widget, "step", 1), int) and not isinstance(getattr(widget, "value", 0), float)
    return round(value) if whole else value


def _date(widget: object, rng: random.Random) -> dt.date:
    low = getattr(widget, "min", None) or dt.date(2024, 1, 1)
    high = getattr(widget, "max", None) or dt.date(2027, 12, 31)
    if isinstance(low, dt.datetime):
        low = low.date()
    if isinstance(high, dt.datetime):
        high = high.date()
    return low + dt.timedelta(days=rng.randint(0, max(0, (high - low).days)))


def _value_shown_as(widget: Any, label: str) -> object | None:
    """The value behind a segmented control's or pills' ``label``: AppTest sees only the labels, and a tap
    sends the value. Tried in the forms the diary's choices take: the label itself, a number (pain, a 0-based
    or 1-based step), the label as an id ("lower back" is ``lower_back``, "All" is ``all``)."""
    index = list(widget.options).index(label)
    tried: list[object] = [label, label.lower(), label.lower().replace(" ", "_"), index, index + 1]
    if label.isdigit():
        tried.insert(0, int(label))

    def shown_as(value: object) -> str | None:
        try:
            return str(widget.format_func(value))
        except (KeyError, LookupError, TypeError, ValueError):  # not one of its values
            return None

    return next((value for value in tried if shown_as(value) == label), None)


def tap(at: AppTest, rng: random.Random) -> str | None:
    """One random move on the page shown; what it was, in words (None: the page has nothing to tap)."""
    widgets = [
        (kind, w) for kind in TAPPABLE for w in elements(at, kind) if not getattr(w, "disabled", False)
    ]
    save = [(kind, w) for kind, w in widgets if kind == "button" and w.key == "save"]
    if save and rng.random() < SAVE:
        widgets = save
    if not widgets:
        return None
    kind, w = rng.choice(widgets)
    move = f"{kind} {getattr(w, 'key', None) or getattr(w, 'label', '')!r}"
    if kind == "button":
        w.click()
    elif kind in ("checkbox", "toggle"):
        w.set_value(not w.value)
    elif kind in ("selectbox", "radio"):
        if not w.options:
            return None
        value = rng.choice(list(w.options))
        w.set_value(value) if kind == "radio" else w.select(value)
        move += f" = {value!r}"
    elif kind == "multiselect":
        chosen = rng.sample(list(w.options), rng.randint(0, min(3, len(w.options))))
        w.set_value(chosen)
        move += f" = {chosen!r}"
    elif kind == "button_group":
        label = rng.choice(list(w.options)) if w.options else None
        value = None if label is None else _value_shown_as(w, label)
        if value is None:
            return None
        w.select(value)
        move += f" = {value!r}"
    elif kind in ("text_input", "text_area"):
        text = rng.choice(TEXTS)
        w.input(text)
        move += f" = {text!r}"
    elif kind == "number_input":
        number = _number(w, rng)
        w.set_value(number)
        move += f" = {number!r}"
    elif kind == "date_input":
        day = _date(w, rng)
        w.set_value(day)
        move += f" = {day}"
    else:  # time_input
        moment = dt.time(rng.randrange(24), rng.choice((0, 15, 30, 45)))
        w.set_value(moment)
        move += f" = {moment}"
    return move


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_no_sequence_of_taps_breaks_a_page(
    any_app_diary: Diary, seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    if rng.random() < 0.7:
        load_sample(any_app_diary)
    settings = tmp_path / "settings.json"
    if rng.random() < 0.7:
        settings.write_text(json.dumps({"emergency_number": "112"}), encoding="utf-8")
    monkeypatch.setenv("PAIN_DIARY_SETTINGS", str(settings))
    at = open_app()
    moves: list[str] = []
    for _ in range(MOVES):
        if rng.random() < PAGE_SWITCH:
            page = rng.choice(list(PAGES))
            at.switch_page(page)
            moves.append(f"open {page}")
        else:
            move = tap(at, rng)
            if move is None:
                continue
            moves.append(move)
        at.run()
        assert not at.exception, (moves, [e.value for e in at.exception])
