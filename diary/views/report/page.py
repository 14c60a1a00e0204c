"""The A4 page's fonts, styles and building blocks: paragraphs, bullets, ruled tables.

reportlab is imported only when a report is drawn, so loading the report
package costs nothing until then.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table

MM = 72 / 25.4  # a millimetre in PDF points (reportlab.lib.units.mm, without importing reportlab)

FONT = "DiarySans"
BOLD_FONT = "DiarySans-Bold"
QUIET_TEXT_COLOUR = "#444444"  # small print and the chart's axis labels
RULE_COLOUR = "#cccccc"  # table rules and the chart's gridlines
STRONG_RULE_COLOUR = "#888888"  # a table's header rule and the chart's axes
PLAIN_SPELLINGS = {"→": "->", "←": "<-"}  # characters the fonts lack, as they are typed without them
_FONT_FILES = {
    FONT: "Vera.ttf",
    BOLD_FONT: "VeraBd.ttf",
    "DiarySans-Italic": "VeraIt.ttf",
    "DiarySans-BoldItalic": "VeraBI.ttf",
}
_WIDE_FONT_FILES = (
    {
        FONT: "DejaVuSans.ttf",
        BOLD_FONT: "DejaVuSans-Bold.ttf",
        "DiarySans-Italic": "DejaVuSans-Oblique.ttf",
        "DiarySans-BoldItalic": "DejaVuSans-BoldOblique.ttf",
    },
    {  # macOS
        FONT: "Arial.ttf",
        BOLD_FONT: "Arial Bold.ttf",
        "DiarySans-Italic": "Arial Italic.ttf",
        "DiarySans-BoldItalic": "Arial Bold Italic.ttf",
    },
    {  # Windows
        FONT: "arial.ttf",
        BOLD_FONT: "arialbd.ttf",
        "DiarySans-Italic": "ariali.ttf",
        "DiarySans-BoldItalic": "arialbi.ttf",
    },
)
"""The wider families a computer may have, each as its four faces' files, the first found used: DejaVu
Sans (Bitstream Vera's own letters, the same shapes and widths) on Linux, Arial on macOS and Windows.
Each has Greek, Cyrillic and the Latin letters of Central and Eastern Europe, which Vera lacks."""
WIDE_FONT_FOLDERS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
    Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
    Path("/usr/share/fonts/TTF"),  # Arch
    Path("/usr/share/fonts/dejavu"),  # openSUSE
    Path("/usr/local/share/fonts/dejavu"),  # FreeBSD
    Path("/Library/Fonts"),  # macOS: fonts the person installed (DejaVu among them, perhaps)
    Path("/System/Library/Fonts/Supplemental"),  # macOS: Arial
    *([Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"] if os.name == "nt" else []),  # Windows: Arial
)
"""Where a computer keeps a wider font than Vera, if it has one (``_WIDE_FONT_FILES``)."""


def font_files(folders: Sequence[Path] | None = None) -> dict[str, Path]:
    """The report's four font files: a wider family (``_WIDE_FONT_FILES``) from the first of ``folders``
    (``WIDE_FONT_FOLDERS``) that has all four of its faces, else Vera."""
    for folder in WIDE_FONT_FOLDERS if folders is None else folders:
        for family in _WIDE_FONT_FILES:
            wide = {name: folder / file for name, file in family.items()}
            if all(path.is_file() for path in wide.values()):
                return wide
    return _shipped_files()


def _shipped_files() -> dict[str, Path]:
    """Bitstream Vera's four faces, as reportlab ships them."""
    import reportlab

    shipped = Path(reportlab.__file__).parent / "fonts"
    return {name: shipped / file for name, file in _FONT_FILES.items()}


@functools.cache
def _fonts() -> frozenset[int]:
    """Register the report's fonts (``font_files``); the code points they cover.

    Bitstream Vera ships with reportlab, so the report looks the same on every
    machine and needs nothing downloaded. Where the computer has DejaVu Sans
    (Vera's letters, widened to many more scripts: the Latin text looks
    exactly the same), or else Arial, it is used instead: a mattress or a
    note written in Greek or Cyrillic is printed as written, not as question
    marks.
    Embedded (only the letters used), so the text extracts.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        faces = [TTFont(name, str(path)) for name, path in font_files().items()]
    except (TTFError, OSError):  # a computer's font that cannot be read or embedded: the shipped one
        faces = [TTFont(name, str(path)) for name, path in _shipped_files().items()]
    for font in faces:
        pdfmetrics.registerFont(font)
    covered = frozenset(faces[0].face.charToGlyph)
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD_FONT)
    addMapping(FONT, 0, 1, "DiarySans-Italic")
    addMapping(FONT, 1, 1, "DiarySans-BoldItalic")
    return covered


def printable(text: str) -> str:
    """Text the report's font can draw (``drawable``), escaped for reportlab's paragraph markup."""
    return escape(drawable(text))


_RIGHT_TO_LEFT = frozenset({"R", "AL"})  # the bidirectional classes of Hebrew and of Arabic letters


def reading_order(text: str) -> str:
    """``text`` with its right-to-left words (Hebrew, Arabic) laid out as they are read, their Arabic letters
    joined: a PDF draws its characters left to right in the order given, so "מזרן" typed as it is read
    would be printed backwards, and Arabic as separate letters. The line stays left to right (the Unicode
    bidirectional algorithm, by python-bidi; the joining forms by arabic-reshaper). Text without them is
    returned as it is.
    """
    if not any(unicodedata.bidirectional(char) in _RIGHT_TO_LEFT for char in text):
        return text
    from arabic_reshaper import reshape
    from bidi import get_display

    return str(get_display(reshape(text), base_dir="L"))


def drawable(text: str) -> str:
    """Text the report's font can draw, as it is read (``reading_order``), for a chart's strings (no markup).

    A character the font lacks becomes its plain spelling (an arrow "->"), its
    unaccented letter where there is one (ą → a), else '?', instead of an
    empty box.
    """
    covered = _fonts()
    out = []
    for char in reading_order(text):
        if ord(char) in covered or char in "\n\t":
            out.append(char)
            continue
        if char in PLAIN_SPELLINGS:
            out.append(PLAIN_SPELLINGS[char])
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) in covered)
        base = "".join(c for c in base if not unicodedata.combining(c))
        out.append(base or "?")
    return "".join(out)


class Page:
    """Styles and building blocks for the one page: paragraphs, tables, headings."""

    def __init__(self, width: float) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle

        _fonts()
        self.width = width
        base = ParagraphStyle("base", fontName=FONT, fontSize=8, leading=10)
        self.body = base
        self.small = ParagraphStyle(
            "small", parent=base, fontSize=7, leading=8.6, textColor=colors.HexColor(QUIET_TEXT_COLOUR)
        )
        self.cell = ParagraphStyle("cell", parent=base, fontSize=7.4, leading=9)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=BOLD_FONT)
        self.title = ParagraphStyle("title", parent=base, fontName=BOLD_FONT, fontSize=14, leading=17)
        self.meta = ParagraphStyle("meta", parent=base, fontSize=9, leading=12)
        self.heading = ParagraphStyle(
            "heading",
            parent=base,
            fontName=BOLD_FONT,
            fontSize=9.5,
            leading=12,
            spaceBefore=7,
            spaceAfter=2,
        )
        self.alarm = ParagraphStyle("alarm", parent=self.heading, textColor=colors.HexColor("#a4161a"))
        self.bullet_style = ParagraphStyle("bullet", parent=base, leftIndent=9, bulletIndent=0)
        self._table_styles()

    def _table_styles(self) -> None:
        from reportlab.lib import colors
        from reportlab.platypus import TableStyle

        self.grid = TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor(RULE_COLOUR)),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
        self.header_rule = TableStyle(
            [("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor(STRONG_RULE_COLOUR))]
        )

    def text(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        from reportlab.platypus import Paragraph

        return Paragraph(printable(text), style or self.body)

    def bullet(self, text: str) -> Paragraph:
        from reportlab.platypus import Paragraph

        return Paragraph(printable(text), self.bullet_style, bulletText="•")

    def table(
        self,
        rows: list[list[str]],
        widths: list[float],
        styles: Sequence[ParagraphStyle],
        *,
        header: bool = False,
    ) -> Table:
        """A ruled table; ``styles`` gives each column's paragraph style (the header row is bold)."""
        from reportlab.platypus import Table

        cells = [
            [
                self.text(value, self.cell_bold if header and i == 0 else styles[j])
                for j, value in enumerate(row)
            ]
            for i, row in enumerate(rows)
        ]
        made = Table(cells, colWidths=widths, hAlign="LEFT")
        made.setStyle(self.grid)
        if header:
            made.setStyle(self.header_rule)
        return made
