"""Whole numbers as the diary reads them wherever they are written: with the digits 0-9 only.

Python's ``int`` and ``str.isdigit`` also take other scripts' digits
(full-width "３", Arabic-Indic "٣") and ``isdigit`` even superscripts ("²",
which ``int`` then refuses): neither is what the diary allows in a CSV cell,
on the command line or in another app's export, so every reader of a whole
number asks here.
"""

from __future__ import annotations

import re

DIGITS = "the ASCII digits 0-9"
ASCII_DIGITS = f"written with {DIGITS}"
"""How a number must be written, as every message that refuses one says it."""

_WHOLE = re.compile(r"[+-]?[0-9]+")


def whole_number(text: str) -> int:
    """``text`` (spaces around it allowed) as a whole number written with 0-9; ``ValueError`` for anything else."""
    stripped = text.strip()
    if not _WHOLE.fullmatch(stripped):
        raise ValueError(f"{text!r} is not a whole number {ASCII_DIGITS}")
    return int(stripped)


def whole_or_none(text: str) -> int | None:
    """``whole_number``, or ``None`` where ``text`` is not one (an empty cell, a word, another script's digit)."""
    try:
        return whole_number(text)
    except ValueError:
        return None
