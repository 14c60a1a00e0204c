"""Plain text inside the Markdown the pages show.

Streamlit reads every message as Markdown. A message of the library or a
file's name is plain text: "sleep-*.json or UserSleeps_*.csv" lost its
asterisks to italics, a file named ``my_*best*_sleep.csv`` part of its name,
and "<Workbook>" vanished as HTML. ``plain`` writes such text so that it is
shown as written, inside Markdown of the views' own (bold, lists); ``literal``
does the same for what a person typed (a note, a search).
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_\[\]<>#~$|])")
"""What Markdown would read as markup in plain text: emphasis, code, links, HTML, headings, maths, tables."""


def plain(text: str) -> str:
    """``text`` with each character Markdown would read as markup escaped, so it is shown as written."""
    return _MARKUP.sub(r"\\\1", text)


_TYPED_MARKUP = re.compile(r"([\\`*_\[\]()#!|<>~$])")
"""The same, and the parentheses and "!" of a link or an image, for text a person typed."""


def literal(text: str) -> str:
    """Text a person typed (a note, a mattress's name, a search), shown through Markdown exactly as typed:
    no bold, link, image or maths made of it, and nothing of a link's or image's shape left unescaped."""
    return _TYPED_MARKUP.sub(r"\\\1", text)


def plain_message(error: Exception) -> str:
    """What ``error`` says to the user (the library's messages are plain text), ready to show as Markdown."""
    return plain(str(error))
