"""How wide a text is drawn in a table cell, and a text cut to fit a cell with "…" where it is too long.

The History table on a phone gives each column a fixed width; the grid draws
a longer text cut at the cell's edge, with no sign that more follows ("lower
back, k"). ``fit_cell`` cuts it first, after the last whole item that fits
and with "…", so that a cut text says it is cut; the full text is one tap
away (every column, or the day picked below the table).

The widths are the advances of Streamlit's own font (Source Sans, bundled
with it) at the grid's 14 px, measured in Chromium. A character not listed
(a letter with an accent, another script, an emoji) counts as the widest
listed, so a text is never thought narrower than it is drawn.
"""

from __future__ import annotations

from collections.abc import Iterable

_GLYPH_PX: dict[str, float] = {
    **dict.fromkeys("0123456789#$+<=>^~", 6.96),
    " ": 2.8,
    **dict.fromkeys("',.:;", 3.49),
    **dict.fromkeys("()[]{}", 4.24),
    **dict.fromkeys("/\\", 4.9),
    **{"!": 4.05, '"': 5.96, "%": 11.54, "&": 8.53, "*": 5.85, "-": 4.35, "?": 5.95, "@": 11.86},
    **{"_": 7.0, "`": 7.59, "|": 3.37, "–": 6.72, "…": 13.27},
    **{"A": 7.6, "B": 8.23, "C": 7.99, "D": 8.61, "E": 7.38, "F": 6.92, "G": 8.64, "H": 9.13, "I": 3.68},
    **{"J": 6.71, "K": 8.11, "L": 6.8, "M": 10.18, "N": 9.06, "O": 9.3, "P": 7.92, "Q": 9.3, "R": 7.97},
    **{"S": 7.48, "T": 7.5, "U": 9.03, "V": 7.21, "W": 11.0, "X": 7.18, "Y": 6.66, "Z": 7.55},
    **{"a": 7.06, "b": 7.74, "c": 6.38, "d": 7.77, "e": 6.94, "f": 4.09, "g": 7.06, "h": 7.62, "i": 3.44},
    **{"j": 3.46, "k": 6.93, "l": 3.57, "m": 11.61, "n": 7.66, "o": 7.59, "p": 7.77, "q": 7.77, "r": 4.86},
    **{"s": 5.87, "t": 4.73, "u": 7.62, "v": 6.54, "w": 10.07, "x": 6.24, "y": 6.54, "z": 5.95},
}
_WIDEST_PX = max(_GLYPH_PX.values())

CELL_PADDING_PX = 8
"""What a cell keeps of its width before its text (the grid's left padding; its text runs to the right edge)."""

ELLIPSIS = "…"


def text_px(text: str) -> float:
    """The width ``text`` is drawn at in a cell (CSS px), never less than it is."""
    return sum(_GLYPH_PX.get(ch, _WIDEST_PX) for ch in text)


def fit_cell(text: str, width_px: float, *, separator: str = ", ") -> str:
    """``text`` as it fits a cell ``width_px`` wide: whole, or cut with "…".

    A list (items joined by ``separator``) keeps its first whole items; a text
    whose first item is itself too long is cut after its last character that
    fits. The cut text and its "…" always fit.
    """
    room = width_px - CELL_PADDING_PX
    if text_px(text) <= room:
        return text
    room -= text_px(ELLIPSIS)
    items = text.split(separator)
    kept = _longest_prefix((separator.join(items[: n + 1]) for n in range(len(items) - 1)), room)
    if kept is None:
        kept = _longest_prefix((text[: n + 1].rstrip() for n in range(len(text))), room) or ""
    return kept.rstrip(" ,;") + ELLIPSIS


def _longest_prefix(prefixes: Iterable[str], room: float) -> str | None:
    """The last of ``prefixes`` (each longer than the one before) drawn within ``room`` px; None if none is."""
    kept = None
    for prefix in prefixes:
        if text_px(prefix) > room:
            break
        kept = prefix
    return kept
