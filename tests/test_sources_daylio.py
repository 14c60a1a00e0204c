"""Daylio exports as real phones write them: rows with a stray separator, notes in HTML, the newer scales column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from diary.sources import SourceError, detect_kind, read_bearable, read_daylio
from diary.sources.daylio import apply_daylio_mapping, default_daylio_mapping

D = dt.date
HEADER = "full_date,date,weekday,time,mood,activities,note_title,note\n"
SCALES_HEADER = "full_date,date,weekday,time,mood,activities,scales,note_title,note\n"


def _daylio(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "daylio.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _days(path: Path) -> dict[dt.date, dict[str, object]]:
    export = read_daylio(path)
    return {d.date: dict(d.values) for d in apply_daylio_mapping(export, default_daylio_mapping(export)).days}


# -- a row with more cells than the header ----------------------------------------------


def test_a_row_with_more_cells_than_the_header_is_listed_with_its_line_not_cut(tmp_path: Path) -> None:
    """As a real export had it: a stray empty cell after the activities shifts the title and note one column on."""
    path = _daylio(
        tmp_path,
        HEADER
        + '2022-10-26,October 26,Wednesday,10:00 PM,captivated,board game,,"Sed ut est","Maecenas dictum."\n'
        + '2022-10-26,October 26,Wednesday,8:00 PM,tired,allegro,"Mauris","Quisque dictum."\n',
    )
    export = read_daylio(path)
    unread = [str(f) for f in export.unrecognised]
    assert unread == [
        "line 2: cell 9 'Maecenas dictum.' — 9 cells for 8 columns: which cell belongs to which column cannot be "
        "told (a separator in a cell that is not quoted?); the row is not read"
    ]
    # nothing of it is guessed: not the title taken for the note, nor a board game on the wrong entry
    assert [r.line for r in export.rows] == [3]
    assert _days(path) == {
        D(2022, 10, 26): {"notes": "Mauris\nQuisque dictum."},
        D(2022, 10, 27): {"tags": ("allegro",)},
    }


def test_an_unquoted_comma_in_the_note_is_not_joined_back_by_guess(tmp_path: Path) -> None:
    """Where the separator belongs cannot be told (the title? the note?): the row is listed, not half read."""
    path = _daylio(tmp_path, HEADER + "2024-05-02,May 2,Thursday,21:00,good,work,Walk,Long walk, back fine\n")
    export = read_daylio(path)
    assert not export.rows
    assert [f.where for f in export.unrecognised] == ["line 2"]
    assert export.unrecognised[0].item == "cell 9 'back fine'"


def test_several_cells_beyond_the_header_are_all_named(tmp_path: Path) -> None:
    path = _daylio(tmp_path, HEADER + "2024-05-02,May 2,Thursday,21:00,good,work,Walk,Long, slow, fine,\n")
    assert [f.item for f in read_daylio(path).unrecognised] == ["cells 9–10 'slow | fine'"]


def test_empty_cells_after_the_last_column_lose_nothing_and_are_not_listed(tmp_path: Path) -> None:
    """A spreadsheet pads rows with empty cells: nothing is lost, nothing to list."""
    path = _daylio(tmp_path, HEADER + "2024-05-02,May 2,Thursday,21:00,good,work,Walk,Fine,,\n")
    export = read_daylio(path)
    assert [r.note for r in export.rows] == ["Walk\nFine"] and not export.unrecognised


def test_a_long_bearable_row_is_listed_too_naming_its_file_among_several(tmp_path: Path) -> None:
    """Bearable reads its rows the same way (``csv_rows``): listed with the month's file, the rest read."""
    head = "date,weekday,time of day,category,rating/amount,detail,notes\n"
    good = '"1st Mar 2021","Monday","am","Symptom","2","Back (lower) pain (Moderate)",""\n'
    long = '"2nd Mar 2021","Tuesday","am","Factors","","Coffee","", "stray"\n'
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "march.csv").write_text(head + good + long)
    (folder / "april.csv").write_text(head + good.replace("Mar", "Apr"))
    export = read_bearable(folder)
    assert [f.where for f in export.unrecognised] == ["march.csv, line 3"]
    assert "8 cells for 7 columns" in str(export.unrecognised[0])
    assert len(export.rows) == 2


# -- notes written as HTML ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("Who knows.<br><br>Am I [[virtual]]?", "Who knows.\n\nAm I [[virtual]]?"),
        ("Never mind<b>d</b>.", "Never mindd."),
        ("one<br/>two<BR />three", "one\ntwo\nthree"),
        ("<p>Tom &amp; Anna</p><p>it&#39;s&nbsp;fine</p>", "Tom & Anna\nit's fine"),
        ('<div>back <i class="x">sore</i></div><div>slept badly</div>', "back sore\nslept badly"),
        # a comment is dropped; a "<" that starts no tag, and one left open at the end, stay text
        ("<p>I <3 my bed<!-- draft --></p>a < b<br>2 <", "I <3 my bed\na < b\n2 <"),
        ("<ul><li>ibuprofen</li><li>walk &gt; 20 min</li></ul>", "ibuprofen\nwalk > 20 min"),
        # text that merely holds "<" or "&" is not HTML: left as written
        ("pain < yesterday & better", "pain < yesterday & better"),
        ("x<y and z>w &amp;", "x<y and z>w &amp;"),
    ],
)
def test_notes_written_as_html_become_plain_text(written: str, plain: str, tmp_path: Path) -> None:
    quoted = written.replace('"', '""')
    path = _daylio(tmp_path, HEADER + f'2026-03-30,March 30,Monday,08:00,ok,"","","{quoted}"\n')
    assert [r.note for r in read_daylio(path).rows] == [plain]


def test_a_title_written_as_html_becomes_plain_text_too(tmp_path: Path) -> None:
    path = _daylio(
        tmp_path, HEADER + '2026-03-30,March 30,Monday,08:00,ok,"","<b>Bad</b> night","slept 4 h"\n'
    )
    assert [r.note for r in read_daylio(path).rows] == ["Bad night\nslept 4 h"]


# -- the scales column -------------------------------------------------------------------


def test_scales_are_listed_with_their_lines_counted_by_scale(tmp_path: Path) -> None:
    path = _daylio(
        tmp_path,
        SCALES_HEADER
        + '2026-04-12,April 12,Sunday,12:00,rested,"","Sleep Quality: 8/10 points | Sleep Time: 8:00","",""\n'
        + '2026-04-02,April 2,Thursday,13:00,ok,"work","","",""\n'
        + '2026-04-02,April 2,Thursday,10:00,ok,"","Sleep Quality: 6/10 points","",""\n'
        + '2026-03-31,March 31,Tuesday,08:50,tired,"","Sleep Quality: 4/10 points","",""\n',
    )
    export = read_daylio(path)
    left = [str(f) for f in apply_daylio_mapping(export, default_daylio_mapping(export)).not_imported]
    assert not any("column 'scales'" in f for f in left)
    why = "the diary has no column for Daylio's scales"
    scales = [f for f in left if why in f]
    assert scales == [
        f"lines 2, 4 and 5: scales 'Sleep Quality' (3 entries) — {why}",
        f"line 2: scales 'Sleep Time' (1 entry) — {why}",
    ]


def test_a_long_export_lists_each_scale_once_naming_its_first_lines(tmp_path: Path) -> None:
    rows = "".join(
        f'2026-01-{day:02},x,y,08:00,ok,"","Sleep Quality: {day % 10}/10 points","",""\n'
        for day in range(1, 31)
    )
    export = read_daylio(_daylio(tmp_path, SCALES_HEADER + rows))
    left = [str(f) for f in apply_daylio_mapping(export, default_daylio_mapping(export)).not_imported]
    scales = [f for f in left if "scales" in f]
    assert scales == [
        "lines 2, 3, 4, 5, 6 and 25 more: scales 'Sleep Quality' (30 entries) — "
        "the diary has no column for Daylio's scales"
    ]


def test_entries_that_differ_only_in_their_scales_are_both_kept(tmp_path: Path) -> None:
    path = _daylio(
        tmp_path,
        SCALES_HEADER
        + '2026-04-02,April 2,Thursday,10:00,ok,"","Sleep Quality: 6/10 points","",""\n'
        + '2026-04-02,April 2,Thursday,10:00,ok,"","Sleep Quality: 7/10 points","",""\n',
    )
    assert len(read_daylio(path).rows) == 2


def test_a_daylio_export_that_lost_its_mood_column_is_named_as_daylio_s_and_what_it_lacks() -> None:
    """Not "header 'full_date' is not a diary column" six times: the Daylio reader names the missing column."""
    data = b"full_date,date,weekday,time,activities,note\n2021-05-02,May 2,Sunday,07:00,walk,\n"
    assert detect_kind(data, name="export.csv") == "daylio"
    with pytest.raises(SourceError, match="mood"):
        read_daylio(data, name="export.csv")


def test_a_note_too_long_for_the_diary_is_left_out_quoted_short_and_the_day_keeps_its_tags(
    tmp_path: Path,
) -> None:
    """A 2,100-character note: listed on one line of the preview (cut to 60 characters), never half kept; the
    same row's activities still become the next morning's tags, and a short note on another day goes in."""
    long_note = "slept badly, " * 161 + "end"
    path = _daylio(
        tmp_path,
        HEADER
        + f'2024-05-01,May 1,Wednesday,08:00,good,walk,,"{long_note}"\n'
        + "2024-05-02,May 2,Thursday,08:00,good,swim,,short\n",
    )
    export = read_daylio(path)
    result = apply_daylio_mapping(export, default_daylio_mapping(export))
    assert [str(f) for f in result.unrecognised] == [
        f"2024-05-01 (line 2): notes {long_note[:59]}… — is {len(long_note)} characters long; allowed: text of at "
        "most 2000 characters"
    ]
    assert {d.date: dict(d.values) for d in result.days} == {
        D(2024, 5, 2): {"tags": ("walk",), "notes": "short"},
        D(2024, 5, 3): {"tags": ("swim",)},
    }
