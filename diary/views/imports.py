"""What the Import page and ``pain-diary import --dry-run`` show of another app's export: tables and text.

Every section of the preview (new days, values added, conflicts by field kind,
nights kept aside, what was not understood, what is not imported) is one list
of rows here, with its title and its explanation; the page shows each as a
table, the command line prints it as text. Both say exactly the same.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Mapping, Sequence

from ..entry import format_value
from ..entry.fields import FIELD_BY_NAME
from ..exchange.diary_csv import IN_THE_DIARY, IN_THE_FILE, problem_rows
from ..exchange.importing import KIND_NAMES, SourcePreview
from ..sources import FieldChange, Finding
from ..sources.merge import NOTES_AT_MOST, NOTES_SEPARATOR, field_kind
from ..wording import day_label
from .import_words import NEW_DAYS

Row = dict[str, str]

SECTIONS: dict[str, tuple[str, str]] = {
    "mapping": ("How the file is read", "Change any of it before importing; the preview follows."),
    "tags": (
        "Tags",
        "Each factor or activity imported, and the tag it becomes. Labels that become the same tag count "
        "as one: to keep them apart, leave one out, or (on the command line) give it a tag of its own with "
        "--tag LABEL=TAG.",
    ),
    "new": (NEW_DAYS, "Dates not in the diary yet, each with a pain value: added as new entries."),
    "gains": (
        "Values added to days in the diary",
        "Only what those days lack: a value you typed is never changed here. Tags are added, notes appended.",
    ),
    "conflicts": (
        "Values that differ from the diary",
        "The diary keeps its own value unless you choose to replace that kind of value with the file's.",
    ),
    "kept_differs": (
        "Sleep that differs from a night kept aside",
        "An earlier import kept these nights aside until their mornings came. This file brings those mornings "
        "with sleep values of its own: the new day keeps the file's, and the night kept aside goes once the "
        "day is saved.",
    ),
    "nights": (
        "Nights kept aside",
        "Sleep whose morning has no entry yet. Kept with the diary (and in a full backup); when you log "
        "that morning, the Log page offers it, and a morning added otherwise takes the times it lacks.",
    ),
    "problems": (
        "Cannot go into the diary as it is",
        "Nothing can be imported while these remain: change the mapping to leave them out.",
    ),
    "unrecognised": ("Not understood", "Parts of the file the diary could not read: listed, never guessed."),
    "not_imported": (
        "Not imported",
        "Understood, but with no place in the diary, or left out by the mapping.",
    ),
}
"""Each section's title and what it means, for the page and the command line alike."""


def section_title(key: str, count: int, title: str | None = None) -> str:
    """A section's title with its number of rows: "New days (3)" (``title`` instead of the section's own)."""
    return f"{title or SECTIONS[key][0]} ({count})"


SLEEP_TIMES_NOTE = (
    "Minutes to fall asleep go with the bedtime they count from: where the bedtimes differ, they are "
    "listed here even where one side has none."
)
"""Said under the conflicts of sleep times only."""


def conflicts_note(kind: str) -> str:
    """What one kind's conflicts mean: the section's sentence, and for sleep times how their minutes go."""
    note = SECTIONS["conflicts"][1]
    return f"{note} {SLEEP_TIMES_NOTE}" if kind == field_kind("bedtime") else note


def conflicts_title(kind: str) -> str:
    """The title of one kind of conflicting value: "Values that differ from the diary: sleep times"."""
    return f"{SECTIONS['conflicts'][0]}: {kind}"


def _cell(column: str, value: object) -> str:
    return format_value(FIELD_BY_NAME[column], value)


def new_day_rows(preview: SourcePreview) -> list[Row]:
    """One row per new day: its date and every value it will hold (the columns any new day has)."""
    entries = preview.plan.new
    shown = [
        name
        for name in FIELD_BY_NAME
        if name not in ("date", "logged_at") and any(getattr(e, name) not in (None, ()) for e in entries)
    ]
    return [{"Date": day_label(e.date), **{c: _cell(c, getattr(e, c)) for c in shown}} for e in entries]


def gain_rows(preview: SourcePreview) -> list[Row]:
    """One row per value added: the date, the column, what the diary holds and what is added, and from where."""
    rows: list[Row] = []
    for change in preview.plan.gains:
        diary, added = change.cells()
        if change.column == "notes" and diary:
            added = f"(appended){NOTES_SEPARATOR}{added}"
        night = preview.from_kept.get(change.date)
        rows.append(
            {
                "Date": day_label(change.date),
                "Column": change.column,
                "From": f"the night kept aside ({night.device})" if night is not None else "the file",
                IN_THE_DIARY: diary,
                "Added": added,
            }
        )
    return rows


def conflict_kinds(preview: SourcePreview) -> dict[str, tuple[FieldChange, ...]]:
    """The conflicts grouped by field kind ("sleep times", "pain", …), in the order they first occur."""
    return preview.plan.conflicts_by_kind()


def conflict_rows(preview: SourcePreview, changes: Iterable[FieldChange]) -> list[Row]:
    """The diary's value and the file's side by side, and which one the diary will hold."""
    rows: list[Row] = []
    for change in changes:
        diary, file = change.cells()
        rows.append(
            {
                "Date": day_label(change.date),
                "Column": change.column,
                "After the import": "the file's" if preview.plan.is_replaced(change) else "the diary's",
                IN_THE_DIARY: diary,
                IN_THE_FILE: file,
            }
        )
    return rows


def kept_differs_rows(preview: SourcePreview) -> list[Row]:
    """Each sleep value of a new day that differs from the night kept aside for it, and which one the day keeps."""
    rows: list[Row] = []
    for differs in preview.kept_differs:
        kept, file = differs.change.cells()
        rows.append(
            {
                "Date": day_label(differs.change.date),
                "Column": differs.change.column,
                "After the import": "the file's",
                "Kept aside": f"{kept} ({differs.device})",
                IN_THE_FILE: file,
            }
        )
    return rows


def night_rows(preview: SourcePreview) -> list[Row]:
    """Each night to keep aside: its morning, what the wearable said, where from, and what happens to it."""
    return [
        {
            "Morning": day_label(aside.night.date),
            "Status": aside.status,
            "From": aside.night.where,
            "What it said": aside.night.sentence(),
        }
        for aside in preview.nights
    ]


def finding_rows(findings: Iterable[Finding]) -> list[Row]:
    return [{"Where": f.where, "What": f.item, "Why": f.reason} for f in findings]


NO_PAIN = (
    "no entry for this morning in the diary and no pain value: give one to add the day, or import this file "
    "again once the morning is in the diary (an export of the next month, say, holds it)"
)
"""Why a diary app's day not in the diary is not imported (importing again later adds what it holds: a monthly
export's last evening counts for the next month's first morning)."""
TO_COME = "its morning has not come yet (what is logged in a day counts for the next morning)"
"""Why a day of the file after today is not imported: the mapping dated it to a morning still ahead."""
NOTES_TOO_LONG = (
    f"the day's notes would then be longer than the {NOTES_AT_MOST} characters the diary keeps: copy what "
    "matters into them by hand"
)
"""Why notes the file would append to a day in the diary are not imported (the rest of the day's values are)."""


def _day_row(day: dt.date, where: str, values: Mapping[str, object], why: str) -> Row:
    what = ", ".join(f"{c} {_cell(c, v)}".strip() for c, v in values.items())
    return {
        "Where": f"{day_label(day)} ({where})" if where else day_label(day),
        "What": " ".join(what.split())[:80],
        "Why": why,
    }


def not_imported_rows(preview: SourcePreview) -> list[Row]:
    """What is left out: the file's own list, days of a diary app not in the diary without a pain value or
    whose morning has not come yet, and notes that would not fit beside a day's own."""
    rows = finding_rows(preview.result.not_imported)
    rows += [_day_row(day, where, values, NO_PAIN) for day, where, values in preview.left_out]
    rows += [_day_row(d.date, d.where, d.values, TO_COME) for d in preview.plan.to_come]
    rows += [_day_row(c.date, "", {c.column: c.file}, NOTES_TOO_LONG) for c in preview.plan.notes_too_long]
    return rows


def tag_rows(preview: SourcePreview) -> list[Row]:
    """Each tag the mapping gives, with the file's labels that become it; several labels for one tag said so."""
    tags = preview.mapping.tags if preview.mapping is not None else {}
    labels: dict[str, list[str]] = {}
    for label, tag in tags.items():
        labels.setdefault(tag, []).append(label)
    rows: list[Row] = []
    for tag, named in sorted(labels.items()):
        note = f"{len(named)} labels become this one tag" if len(named) > 1 else ""
        rows.append({"Tag": tag, "From the file": "; ".join(sorted(named)), "Note": note})
    return rows


def mapping_rows(preview: SourcePreview) -> list[Row]:
    mapping = preview.mapping
    return [{"What": what, "How": how} for what, how in (mapping.describe() if mapping else [])]


# -- as text, for the command line -----------------------------------------------------------


def _clip(text: str, width: int) -> str:
    flat = text.replace("\n", " ⏎ ")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


CELL_WIDTH = 44
"""Characters a cell of the text preview shows, but in its last column, unless every row is asked for."""


def _table(rows: Sequence[Row], limit: int | None) -> list[str]:
    """Rows as aligned text: the first ``limit`` of them with every column but the last (the longest: a reason, a
    sentence) clipped to ``CELL_WIDTH``; every row and every cell whole when ``limit`` is None (``--all``)."""
    if not rows:
        return []
    columns = list(rows[0])
    shown = rows if limit is None else rows[:limit]
    cap = sys.maxsize if limit is None else CELL_WIDTH
    widths = [min(cap, max(len(c), *(len(_clip(r[c], cap)) for r in shown))) for c in columns[:-1]]

    def line(values: Sequence[str]) -> str:
        cells = [_clip(v, w).ljust(w) for v, w in zip(values, widths, strict=False)]
        return ("  " + "  ".join([*cells, values[-1].replace("\n", " ⏎ ")])).rstrip()

    out = [line(columns)] + [line([r[c] for c in columns]) for r in shown]
    if limit is not None and len(rows) > limit:
        out.append(f"  … and {len(rows) - limit} more (--all shows every row)")
    return out


def _section(
    key: str, rows: Sequence[Row], limit: int | None, title: str | None = None, note: str | None = None
) -> list[str]:
    if not rows:
        return []
    return ["", f"{section_title(key, len(rows), title)}: {note or SECTIONS[key][1]}", *_table(rows, limit)]


def render_preview(preview: SourcePreview, *, limit: int | None = 20) -> str:
    """The whole preview as text: the headline, the mapping, then every section that has rows (the first
    ``limit`` rows of each, cells clipped; None: every row, every cell whole)."""
    lines = [preview.headline()]
    lines += _section("mapping", mapping_rows(preview), limit)
    lines += _section("tags", tag_rows(preview), limit)
    lines += _section("problems", problem_rows(preview.plan.problems), limit)
    lines += _section("new", new_day_rows(preview), limit)
    lines += _section("gains", gain_rows(preview), limit)
    for kind, changes in conflict_kinds(preview).items():
        lines += _section(
            "conflicts", conflict_rows(preview, changes), limit, conflicts_title(kind), conflicts_note(kind)
        )
        if kind not in preview.plan.replace:
            lines.append(
                f"  The diary keeps its {kind}; --replace {kind.replace(' ', '-')} takes the file's."
            )
    lines += _section("kept_differs", kept_differs_rows(preview), limit)
    lines += _section("nights", night_rows(preview), limit)
    lines += _section("unrecognised", finding_rows(preview.result.unrecognised), limit)
    lines += _section("not_imported", not_imported_rows(preview), limit)
    return "\n".join(lines) + "\n"


def kind_heading(kind: str) -> str:
    """ "Recognised: an Apple Health export"."""
    return f"Recognised: {KIND_NAMES[kind]}"
