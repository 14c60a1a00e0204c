"""The one-page doctor report: read back with pypdf and checked against the diary's own data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image as PILImage

import diary.analysis as analysis_module
from diary.analysis import analyze
from diary.csv.format import write_diary_csv
from diary.entry import Entry, parse_entry
from diary.entry.frame import entries_frame
from diary.errors import DiaryError
from diary.safety import FlaggedDay
from diary.sample import SampleSpec, generate_sample
from diary.views.report import (
    build_report,
    name_list,
    preview_png,
    red_flag_lines,
    report_content,
    report_range,
)
from diary.views.report import page as report_page
from diary.views.report.chart import DATE_LABEL_GAP, SWITCH_LABEL_GAP, date_ticks, label_rows, trend_drawing
from diary.wording import day_label

if TYPE_CHECKING:
    from diary.trials.result import TrialResult, Verdict
    from diary.views.report import ReportContent

ROOT = Path(__file__).resolve().parent.parent
SYSTEM_FONT_FOLDERS = report_page.WIDE_FONT_FOLDERS  # as found at import, before conftest.py sets them aside
EXE = shutil.which("pain-diary", path=str(Path(sys.executable).parent)) or "pain-diary"
GENERATED = dt.date(2025, 10, 2)


def read_pdf(pdf: bytes) -> tuple[pypdf.PdfReader, str]:
    """The PDF and its page text with whitespace collapsed (table cells wrap onto several lines)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return reader, " ".join(reader.pages[0].extract_text().split())


def one_decimal(value: float) -> str:
    """How the report writes a mean or median, computed here without the report's helpers."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %"


def entry(day: dt.date, pain: int, **values: object) -> Entry:
    return parse_entry({"date": day.isoformat(), "pain": pain, **values}, today=GENERATED)


@pytest.fixture(scope="module")
def sample_report(sample: list[Entry]) -> tuple[pypdf.PdfReader, str]:
    return read_pdf(build_report(sample, today=GENERATED))


def test_sample_report_is_one_a4_page_with_a_chart(sample_report: tuple[pypdf.PdfReader, str]) -> None:
    reader, _ = sample_report
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert not reader.pages[0].images  # the chart is vector graphics, sharp in print: no picture of it


def test_the_chart_is_real_pdf_text(sample_report: tuple[pypdf.PdfReader, str]) -> None:
    """Its axis title, dates, legend and switch label are text in the PDF: they can be searched and copied."""
    _, text = sample_report
    chart = text[text.index("Morning pain over time") : text.index("Morning pain 0–10: each logged morning")]
    assert "Morning pain (0–10)" in chart  # the y axis' title, upright
    assert "0 2 4 6 8 10" in chart
    # The sample runs from 1 April to 30 September 2025: a tick on the 1st of each month, the year on the first.
    assert "Apr 2025 May Jun Jul Aug Sep" in chart
    assert "Each morning" in chart and "7-day mean" in chart
    # The switch's mark label, as the Trends page writes it (the font has no arrow: "->").
    assert "Old mattress -> Foam 2025" in chart


def test_header_states_range_days_generated_and_not_a_diagnosis(
    sample: list[Entry], sample_report: tuple[pypdf.PdfReader, str]
) -> None:
    reader, text = sample_report
    first, last = sample[0].date, sample[-1].date
    assert f"{day_label(first)} to {day_label(last)}" in text
    assert f"{len(sample)} of {(last - first).days + 1} days logged" in text
    assert f"generated {day_label(GENERATED)}" in text
    assert 'Patient-kept diary, not a diagnosis; its "you" is the patient.' in text
    assert reader.metadata is not None
    assert reader.metadata.title == f"Pain and sleep diary report {first} to {last}"


def test_summary_numbers_match_the_data(
    sample: list[Entry], sample_report: tuple[pypdf.PdfReader, str]
) -> None:
    _, text = sample_report
    pains = [e.pain for e in sample]
    minutes = [e.pain_minutes for e in sample if e.pain_minutes is not None]
    wakings = [e.night_wakings for e in sample if e.night_wakings is not None]
    sleep = [e.sleep_hours for e in sample if e.sleep_hours is not None]
    efficiency = [e.sleep_efficiency for e in sample if e.sleep_efficiency is not None]
    severe = sum(p >= 7 for p in pains)
    long = sum(m > 30 for m in minutes)
    woken = sum(w > 0 for w in wakings)

    assert (
        f"mean {one_decimal(statistics.mean(pains))}, median {one_decimal(statistics.median(pains))}" in text
    )
    assert f"{severe} of {len(pains)} ({percent(severe, len(pains))})" in text
    assert f"median {one_decimal(statistics.median(minutes))} min" in text
    assert f"over 30 min on {long} of {len(minutes)} ({percent(long, len(minutes))})" in text
    assert f"{woken} of {len(wakings)} nights ({percent(woken, len(wakings))})" in text
    assert f"mean {statistics.mean(sleep):.1f} h a night" in text
    assert f"mean {statistics.mean(efficiency):.0f} %" in text
    assert "Consensus Sleep Diary" in text
    assert "total sleep ÷ time in bed × 100" in text


def test_red_flags_patterns_switches_and_factors_are_on_the_page(
    sample: list[Entry], sample_report: tuple[pypdf.PdfReader, str]
) -> None:
    _, text = sample_report
    flagged = [e for e in sample if e.red_flags]
    assert flagged, "the sample has a red-flag morning"
    for day in flagged:
        assert f"{day_label(day.date)} see a doctor the same day fever with back pain" in text
    assert "Patterns worth a doctor's visit" in text
    # The switch in one short sentence (the font has no arrow: "->"), the full one on the Factors page.
    assert "Mon 23 Jun 2025, Mattress: Old mattress -> Foam 2025: no clear difference" in text
    # The sample's strongest true effect (stomach sleeping, +1.5) is in the factor table, with its interval.
    assert "sleeping on your stomach (vs back)" in text  # what each level is compared with, as DESIGN asks
    assert "Checked and found unclear" in text
    assert "regression with AR(1) errors" in text
    assert "painkillers left out" in text  # taken because of pain: never a cause, never "adjusted for"
    assert "fair" not in text


def test_every_red_flag_tier_is_listed_by_date() -> None:
    start = dt.date(2025, 3, 1)
    days = [entry(start + dt.timedelta(days=i), 3 + i % 4) for i in range(20)]
    days[4] = entry(days[4].date, 8, red_flags="leg_weakness;fever")
    days[11] = entry(days[11].date, 6, red_flags="nausea")
    _, text = read_pdf(build_report(days, today=GENERATED))
    # A morning of both tiers: each symptom under the tier it called for, never fever under "emergency".
    assert (
        f"{day_label(days[4].date)} emergency: call emergency services new weakness in a leg. "
        "Also fever with back pain (see a doctor the same day)"
    ) in text
    assert f"{day_label(days[11].date)} see a doctor the same day nausea or vomiting" in text
    assert "No red-flag symptoms" not in text


def test_no_red_flags_is_said_plainly() -> None:
    days = [entry(dt.date(2025, 3, 1) + dt.timedelta(days=i), 2) for i in range(3)]
    reader, text = read_pdf(build_report(days, today=GENERATED))
    assert "No red-flag symptoms were logged in this range." in text
    assert len(reader.pages) == 1 and "Each morning 7-day mean" in text  # a short diary still gets its chart


def test_too_few_days_gives_no_effects_but_says_why() -> None:
    days = [entry(dt.date(2025, 3, 1) + dt.timedelta(days=i), i % 5, position="stomach") for i in range(6)]
    _, text = read_pdf(build_report(days, today=GENERATED))
    assert "6 of 6 days logged" in text
    assert "Change in morning pain" not in text  # no factor table from six days
    _, one = read_pdf(build_report(days[:1], today=GENERATED))
    assert "1 of 1 day logged" in one


def test_range_is_inclusive_and_counts_calendar_days(sample: list[Entry]) -> None:
    start, end = dt.date(2025, 5, 20), dt.date(2025, 6, 18)
    inside = [e for e in sample if start <= e.date <= end]
    _, text = read_pdf(build_report(sample, start, end, today=GENERATED))
    assert f"{day_label(start)} to {day_label(end)}" in text
    assert f"{len(inside)} of 30 days logged" in text
    assert "Tue 20 May 2025 see a doctor the same day" in text  # the red flag on the first day of the range


def test_a_later_lag_the_diary_supports_is_on_the_report() -> None:
    """Exertion acting two days later (seed 1): the report names it as ``analyze --json`` lists it."""
    from tests import situations

    frame = situations.exertion_lag(1, effect=0.7).frame
    result = analyze(frame)
    (two,) = [g for g in result.lags if g.lag == 2]
    assert two.clear and two.estimate is not None
    _, text = read_pdf(build_report(frame, today=GENERATED))
    flat = " ".join(text.split())
    assert f"exertion 2 days before: {two.estimate:+.1f} points per step" in flat
    _, quiet = read_pdf(build_report(situations.exertion_lag(1, effect=0.0).frame, today=GENERATED))
    assert "days before judged together" not in " ".join(quiet.split())


def test_empty_range_is_a_clear_error_not_an_empty_report(sample: list[Entry]) -> None:
    with pytest.raises(
        DiaryError, match=r"no entries from Mon 1 Jan 2024 to Tue 31 Dec 2024.*nothing to report"
    ):
        build_report(sample, dt.date(2024, 1, 1), dt.date(2024, 12, 31), today=GENERATED)
    with pytest.raises(DiaryError, match="no entries yet"):
        build_report([], today=GENERATED)
    with pytest.raises(DiaryError, match=r"starts \(Sun 1 Jun 2025\) after it ends"):
        build_report(sample, dt.date(2025, 6, 1), dt.date(2025, 5, 1), today=GENERATED)
    with pytest.raises(DiaryError, match="after today"):
        build_report(sample, dt.date(2025, 10, 3), today=GENERATED)


def test_range_reaching_past_today_ends_today(sample: list[Entry]) -> None:
    start, end, chosen = report_range(sample, dt.date(2025, 9, 1), dt.date(2026, 3, 1), today=GENERATED)
    assert (start, end) == (dt.date(2025, 9, 1), GENERATED)
    assert [d.date() for d in chosen["date"]] == [e.date for e in sample if e.date >= start]


@pytest.mark.slow
def test_ten_year_diary_still_fits_one_page() -> None:
    flag_days = tuple(range(30, 3650, 150))
    entries = generate_sample(
        SampleSpec(start=dt.date(2015, 1, 1), days=3650, seed=7, red_flag_days=flag_days, missing_share=0.05)
    )
    flagged = [e for e in entries if e.red_flags]
    assert len(flagged) == len(flag_days) > 8
    reader, text = read_pdf(build_report(entries, today=GENERATED))
    assert len(reader.pages) == 1
    assert "Weekly mean 4-week mean" in text  # the chart, a point per week
    assert "Jan 2016" in text and "Jan 2024" in text  # and a tick each year, month and year
    assert f"{len(entries)} of 3650 days logged" in text
    # Ten years' lists would shrink the page's print below 6 points: the compact ones are shown instead.
    from diary.views.report.text import COMPACT

    assert f"and {len(flagged) - COMPACT.red_flags} more red-flag mornings, listed in the diary CSV" in text
    assert (
        f"In all, {len(flagged)} red-flag mornings from {day_label(flagged[0].date)} to {day_label(flagged[-1].date)}"
        in text
    )
    assert (
        f"{day_label(flagged[-1].date)} see a doctor the same day" in text
    )  # the most recent are listed by date


def test_long_red_flag_lists_keep_emergencies_and_the_most_recent() -> None:
    base = dt.date(2025, 1, 1)
    flagged = [FlaggedDay(base + dt.timedelta(days=i), ("fever",)) for i in range(12)]
    flagged[0] = FlaggedDay(base, ("saddle_numbness", "fever"))  # the oldest is an emergency
    listed, rest = red_flag_lines(flagged, limit=4)
    # the emergency first, then the newest: read from the top, the most urgent and the latest come first
    assert [d.date for d in listed] == [base, *(base + dt.timedelta(days=i) for i in (11, 10, 9))]
    assert rest.startswith("and 8 more red-flag mornings, listed in the diary CSV")
    assert (
        "In all, 12 red-flag mornings from Wed 1 Jan 2025 to Sun 12 Jan 2025 (1 of the emergency tier)"
        in rest
    )
    assert "fever with back pain on 12" in rest
    assert "numbness between the legs or around the bottom (saddle area) on 1" in rest
    assert red_flag_lines(flagged[:4], limit=4) == ([flagged[0], *flagged[3:0:-1]], "")
    # More emergency mornings than rows: every one is listed all the same (a count in small print would bury
    # them), and so is the latest morning, of the other tier; the other tier's older mornings are counted.
    many = [FlaggedDay(base + dt.timedelta(days=i), ("leg_weakness",)) for i in range(6)]
    older = FlaggedDay(base + dt.timedelta(days=20), ("fever",))
    latest = FlaggedDay(base + dt.timedelta(days=30), ("fever",))
    listed, rest = red_flag_lines([*many, older, latest], limit=4)
    assert listed == [*reversed(many), latest]
    assert rest.startswith("and 1 more red-flag morning, listed in the diary CSV")
    assert red_flag_lines([*many, latest], limit=4) == ([*reversed(many), latest], "")  # none left to count


def test_a_page_too_full_to_read_shows_shorter_lists_rather_than_tiny_print() -> None:
    """A year with a red-flag morning in four (many symptoms each) and a dozen long-named mattresses would
    shrink to 5-point print: the lists are shortened instead, and what they leave out is counted."""
    from diary.views.report.layout import (
        FOOTER_MM,
        MARGIN_MM,
        SMALLEST_SCALE,
        _story,
        fitted_story,
        render_report,
    )
    from diary.views.report.page import MM, Page
    from diary.views.report.text import COMPACT, EMERGENCY_ROWS, Limits

    heavy = crowded_year(ending_in_long_pain=False)
    content = report_content(heavy, today=GENERATED)
    page = Page(210 * MM - 2 * MARGIN_MM * MM)
    height = 297 * MM - 2 * MARGIN_MM * MM - FOOTER_MM * MM

    def needed(limits: Limits) -> float:
        story = _story(page, content, limits)
        return sum(p.wrap(page.width, height)[1] + p.getSpaceBefore() + p.getSpaceAfter() for p in story)

    assert needed(Limits()) * SMALLEST_SCALE > height  # the usual lists would shrink the print too far
    assert needed(COMPACT) < needed(Limits())
    assert len(fitted_story(page, content, height)) == len(_story(page, content, COMPACT))
    _, text = read_pdf(render_report(content))
    listed, _ = red_flag_lines(content.red_flags, COMPACT.red_flags)
    assert f"and {sum(1 for e in heavy if e.red_flags) - len(listed)} more red-flag mornings" in text
    # every emergency morning on the page: as a row, or named by date under the rows (never only counted)
    emergency = [d for d in content.red_flags if d.tier == "emergency"]
    assert len(emergency) > EMERGENCY_ROWS and all(d in listed for d in emergency[-EMERGENCY_ROWS:])
    assert all(day_label(d.date) in text for d in emergency)
    # The sample fits at its own size: its lists stay whole.
    sample_content = report_content(generate_sample(), today=GENERATED)
    assert len(fitted_story(page, sample_content, height)) == len(_story(page, sample_content, Limits()))


def test_name_lists_count_what_they_leave_out() -> None:
    assert name_list(["a", "b"], limit=3) == "a, b"
    assert name_list(list("abcde"), limit=3) == "a, b, c and 2 more"
    assert name_list(list("abcd"), limit=3) == "a, b, c, d"  # "and 1 more" would hide it for no room saved
    assert name_list(["a x", "b y", "c z"], limit=1, sep="; ") == "a x and 2 more"


def test_same_diary_same_bytes(sample: list[Entry]) -> None:
    first = build_report(sample[:40], today=GENERATED)
    assert build_report(sample[:40], today=GENERATED) == first


def names_in_other_scripts(first: str) -> list[Entry]:
    """28 days: the first 14 on a mattress named ``first`` (two weeks: a switch, not a visit), then "New & firm"."""
    start = dt.date(2025, 3, 1)
    return [
        entry(start + dt.timedelta(days=i), 4 if i < 14 else 2, mattress=first if i < 14 else "New & firm")
        for i in range(28)
    ]


def test_text_outside_the_font_is_kept_readable() -> None:
    _, text = read_pdf(build_report(names_in_other_scripts("Łóżko ą 🙂 <old>"), today=GENERATED))
    assert "Łózko a ? <old>" in text  # ż → z, 🙂 → ?, markup kept as text
    assert "New & firm" in text


def test_right_to_left_names_are_laid_out_as_they_are_read() -> None:
    """A PDF draws characters left to right as given: Hebrew and Arabic are put in the order read on paper."""
    assert report_page.reading_order("Foam 2025 → Łóżko") == "Foam 2025 → Łóżko"  # nothing to do
    assert report_page.reading_order("Mattress: מזרן ישן → Foam") == "Mattress: ןשי ןרזמ → Foam"
    arabic = report_page.reading_order("سرير قديم")
    assert all(
        unicodedata.name(c).endswith(("FORM", "SPACE")) for c in arabic
    )  # letters joined (their forms)
    assert unicodedata.normalize("NFKC", arabic)[::-1] == "سرير قديم"  # and right to left
    # Without a font for them (the shipped one), they are still '?', not a failure.
    _, text = read_pdf(build_report(names_in_other_scripts("מזרן"), today=GENERATED))
    assert "???? -> New & firm" in text


def test_a_computer_with_dejavu_sans_prints_greek_and_cyrillic_as_written(tmp_path: Path) -> None:
    """Made in a process of its own: the tests' reports use the shipped font (conftest.py), and a font's
    name, once used, keeps its letters for the process."""
    found = next((f for f in SYSTEM_FONT_FOLDERS if (f / "DejaVuSans.ttf").is_file()), None)
    if found is None:
        pytest.skip("this computer has no DejaVu Sans")
    folder = tmp_path / "fonts"
    folder.mkdir()
    for file in (
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique.ttf",
    ):
        (folder / file).write_bytes((found / file).read_bytes())
    missing = tmp_path / "none"
    code = textwrap.dedent(
        f"""
        import datetime as dt, io, pathlib, pypdf
        from diary.entry import parse_entry
        from diary.views.report import build_report, page
        page.WIDE_FONT_FOLDERS = (pathlib.Path({str(missing)!r}), pathlib.Path({str(folder)!r}))
        assert page.font_files()[page.FONT].name == "DejaVuSans.ttf"
        days = [
            parse_entry({{"date": (dt.date(2025, 3, 1) + dt.timedelta(days=i)).isoformat(), "pain": 4 if i < 14 else 2,
                         "mattress": "Łóżko Матрас Στρώμα 🙂" if i < 14 else "New & firm"}}, today=dt.date(2025, 4, 1))
            for i in range(28)
        ]
        text = " ".join(pypdf.PdfReader(io.BytesIO(build_report(days))).pages[0].extract_text().split())
        print(text)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    assert "Łóżko Матрас Στρώμα ?" in text  # only the emoji is beyond the font
    assert "Łóżko Матрас Στρώμα ? → New & firm" in text  # the chart's switch label, its arrow drawn


def test_the_report_takes_dejavu_sans_only_with_all_four_of_its_faces(tmp_path: Path) -> None:
    found = next((f for f in SYSTEM_FONT_FOLDERS if (f / "DejaVuSans.ttf").is_file()), None)
    folder = tmp_path / "fonts"
    folder.mkdir()
    faces = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf")
    for file in faces:
        (folder / file).write_bytes(b"" if found is None else (found / file).read_bytes())
    assert report_page.font_files([tmp_path / "none", folder])[report_page.FONT] == folder / faces[0]
    (folder / faces[-1]).unlink()
    assert report_page.font_files([folder])[report_page.FONT].name == "Vera.ttf"
    assert report_page.font_files([])[report_page.BOLD_FONT].name == "VeraBd.ttf"


@pytest.mark.parametrize(
    "faces",
    [
        ("Arial.ttf", "Arial Bold.ttf", "Arial Italic.ttf", "Arial Bold Italic.ttf"),  # macOS
        ("arial.ttf", "arialbd.ttf", "ariali.ttf", "arialbi.ttf"),  # Windows
    ],
)
def test_without_dejavu_sans_the_report_takes_arial_where_the_computer_has_it(
    tmp_path: Path, faces: tuple[str, ...]
) -> None:
    for file in faces:
        (tmp_path / file).write_bytes(b"")
    found = report_page.font_files([tmp_path])
    assert [found[name].name for name in (report_page.FONT, report_page.BOLD_FONT)] == list(faces[:2])
    (tmp_path / faces[2]).unlink()  # one face missing: the family is not used
    assert report_page.font_files([tmp_path])[report_page.FONT].name == "Vera.ttf"


def test_a_computer_s_font_that_cannot_be_read_leaves_the_report_in_the_shipped_font(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    for file in ("Arial.ttf", "Arial Bold.ttf", "Arial Italic.ttf", "Arial Bold Italic.ttf"):
        (folder / file).write_bytes(b"not a font at all")
    code = textwrap.dedent(
        f"""
        import datetime as dt, io, pathlib, pypdf
        from diary.entry import parse_entry
        from diary.views.report import build_report, page
        page.WIDE_FONT_FOLDERS = (pathlib.Path({str(folder)!r}),)
        assert page.font_files()[page.FONT].name == "Arial.ttf"
        days = [
            parse_entry({{"date": (dt.date(2025, 3, 1) + dt.timedelta(days=i)).isoformat(), "pain": 3,
                         "mattress": "Old futon"}}, today=dt.date(2025, 4, 1))
            for i in range(14)
        ]
        pdf = pypdf.PdfReader(io.BytesIO(build_report(days)))
        fonts = {{str(f["/BaseFont"]) for f in pdf.pages[0]["/Resources"]["/Font"].values()}}
        assert any("BitstreamVera" in name for name in fonts) and not any("Arial" in n for n in fonts), fonts
        assert "14 of 14 days logged" in pdf.pages[0].extract_text()
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr.decode()


def test_pain_the_same_every_morning_is_the_reason_given_for_no_factor_checked() -> None:
    days = [entry(dt.date(2025, 6, 1) + dt.timedelta(days=i), 4, alcohol=i % 4 == 0) for i in range(40)]
    _, text = read_pdf(build_report(days, today=GENERATED))
    assert "Not checked: Your pain was 4 on every day compared" in text
    listed = text[text.index("Not enough days to check:") :]  # the factors never recorded at all
    assert "alcohol" not in listed  # logged on 10 evenings: days were not what it lacked


def test_preview_is_a_png_of_the_page(sample: list[Entry]) -> None:
    png = preview_png(build_report(sample[:20], today=GENERATED), width_px=400)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_preview_is_light_and_the_pdf_keeps_its_sharp_chart(sample: list[Entry]) -> None:
    pdf = build_report(sample, today=GENERATED)
    png = preview_png(pdf)
    assert len(png) < 200_000  # a full-colour page at this size is about 300 KB
    image = PILImage.open(io.BytesIO(png))
    assert image.width == 900
    assert abs(image.height - 900 * 842 / 595) <= 1  # the whole A4 page
    # The chart's colours are in the preview (it is drawn), and the PDF keeps it as vectors, not a picture.
    colours = {
        cast(tuple[int, int, int], colour) for _, colour in image.convert("RGB").getcolors(1 << 20) or []
    }
    line = (0x00, 0x72, 0xB2)  # LINE_COLOUR: the 7-day mean (the preview's 256 colours come close to it)
    assert any(max(abs(a - b) for a, b in zip(colour, line, strict=True)) <= 4 for colour in colours)
    assert not pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images


def test_an_analysis_already_made_is_used_when_it_covers_the_report(
    sample: list[Entry], monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = analyze(entries_frame(sample), "pain")
    fresh = build_report(sample, today=GENERATED)

    def not_again(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the analysis was run again")

    with monkeypatch.context() as patched:
        patched.setattr(analysis_module, "analyze", not_again)
        reused = build_report(sample, today=GENERATED, analysis=whole)
    assert read_pdf(reused)[1] == read_pdf(fresh)[1]

    # A narrower range is analysed on its own days: the whole diary's analysis is not used.
    start = sample[40].date
    narrower = build_report(sample, start, today=GENERATED, analysis=whole)
    assert read_pdf(narrower)[1] == read_pdf(build_report(sample, start, today=GENERATED))[1]
    assert read_pdf(narrower)[1] != read_pdf(fresh)[1]


# -- pain-diary report ----------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "PAIN_DIARY_DATA"}
    return subprocess.run([EXE, *args], capture_output=True, env=env, timeout=120)


@pytest.fixture
def diary_csv(tmp_path: Path, sample: list[Entry]) -> Path:
    path = tmp_path / "diary.csv"
    path.write_text(write_diary_csv(sample), encoding="utf-8")
    return path


def test_cli_writes_a_one_page_report_for_a_range(
    diary_csv: Path, tmp_path: Path, sample: list[Entry]
) -> None:
    out = tmp_path / "report.pdf"
    result = run_cli(
        "report", "-o", str(out), "--from", "2025-05-01", "--to", "2025-06-30", "--data", str(diary_csv)
    )
    assert result.returncode == 0, result.stderr.decode()
    assert f"Wrote the report to {out}" in result.stderr.decode()
    reader, text = read_pdf(out.read_bytes())
    assert len(reader.pages) == 1
    inside = [e for e in sample if dt.date(2025, 5, 1) <= e.date <= dt.date(2025, 6, 30)]
    assert "Thu 1 May 2025 to Mon 30 Jun 2025" in text
    assert f"{len(inside)} of 61 days logged" in text


def test_cli_empty_range_fails_clearly_and_writes_nothing(diary_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = run_cli(
        "report", "-o", str(out), "--from", "2020-01-01", "--to", "2020-02-01", "--data", str(diary_csv)
    )
    assert result.returncode == 1
    assert "no entries from Wed 1 Jan 2020 to Sat 1 Feb 2020" in result.stderr.decode()
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("report",),  # -o is required
        ("report", "-o", "diary.csv"),  # never a PDF over a CSV by a slip
        ("report", "-o", "r.pdf", "--from", "2025-13-01"),
    ],
)
def test_cli_bad_usage_exits_2(args: tuple[str, ...], diary_csv: Path, tmp_path: Path) -> None:
    before = diary_csv.read_bytes()
    result = subprocess.run(
        [EXE, *args, "--data", str(diary_csv)], capture_output=True, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 2
    assert diary_csv.read_bytes() == before
    assert not (tmp_path / "r.pdf").exists()


def test_streams_are_binary_even_when_reportlab_was_set_to_ascii85(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF needs no 7-bit safety: the report writes binary streams whatever reportlab was set to before."""
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "useA85", 1)
    pdf = build_report([parse_entry({"date": dt.date(2025, 3, d), "pain": d % 8}) for d in range(1, 29)])
    assert b"/ASCII85Decode" not in pdf and b"/FlateDecode" in pdf
    assert "morning" in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().lower()


# -- the chart ---------------------------------------------------------------------------


def chart_strings(days: list[Entry], start: dt.date, end: dt.date) -> list[str]:
    """The words the report's chart draws for ``days`` from ``start`` to ``end``, in drawing order."""
    from reportlab.graphics.shapes import String

    content = report_content(days, start, end, today=GENERATED)
    drawing = trend_drawing(content.pain_trend, content.analysis.switches, start, end, width=520)
    return [shape.text for shape in _walk(drawing) if isinstance(shape, String)]


def _walk(group: object) -> list[object]:
    """Every shape in a drawing or group, groups included, depth first."""
    shapes: list[object] = []
    for shape in getattr(group, "contents", []):
        shapes.append(shape)
        shapes.extend(_walk(shape))
    return shapes


def date_labels(strings: list[str]) -> list[str]:
    """The x axis' labels among a chart's words: they name a month."""
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return [s for s in strings if any(m in s.split() for m in months)]


@pytest.mark.parametrize("days", [1, 2])
def test_a_range_of_a_day_or_two_draws_each_date_once(days: int) -> None:
    start = dt.date(2025, 3, 5)
    logged = [entry(start + dt.timedelta(days=i), 4 + i) for i in range(days)]
    end = logged[-1].date
    labels = date_labels(chart_strings(logged, start, end))
    assert labels == ["5 Mar 2025", "6 Mar"][:days]  # no tick repeated under one date
    _, text = read_pdf(build_report(logged, today=GENERATED))
    assert "5 Mar 2025" in text


def test_a_range_over_thirteen_months_is_drawn_by_week_with_month_ticks() -> None:
    start = dt.date(2024, 3, 1)
    days = [entry(start + dt.timedelta(days=i), i % 9) for i in range(0, 430, 2)]
    end = days[-1].date
    content = report_content(days, today=GENERATED)
    assert content.pain_trend.resolution == "week"
    assert content.pain_trend.points["n"].max() > 1  # a week's mean, not a morning
    strings = chart_strings(days, start, end)
    assert "Weekly mean" in strings and "4-week mean" in strings
    labels = date_labels(strings)
    assert 4 <= len(labels) <= 10 and len(set(labels)) == len(labels)
    assert labels[0].endswith("2024") and any(label.endswith("2025") for label in labels)
    _, text = read_pdf(build_report(days, today=GENERATED))
    assert "drawn by week for a range this long" in text


def test_switches_are_labelled_and_a_short_range_gets_day_month_ticks(sample: list[Entry]) -> None:
    start, end = dt.date(2025, 6, 5), dt.date(2025, 7, 4)  # the sample's switch is on 23 June
    strings = chart_strings(sample, start, end)
    assert "Old mattress -> Foam 2025" in strings
    labels = date_labels(strings)
    assert labels == ["9 Jun 2025", "16 Jun", "23 Jun", "30 Jun"]  # Mondays
    assert len(set(labels)) == len(labels)


def test_switch_labels_take_the_first_row_where_they_clear_the_others() -> None:
    full, short = (100.0, 200.0), (100.0, 140.0)
    # Four long labels at one place: three rows, then the fourth's short spelling clears none either.
    assert label_rows([[full, short]] * 3) == [(0, 0), (0, 1), (0, 2)]
    assert label_rows([[(0.0, 150.0), (0.0, 50.0)]] * 3 + [[(160.0, 300.0), (160.0, 190.0)]]) == [
        (0, 0),
        (0, 1),
        (0, 2),
        (0, 0),  # 10 points after the first row's label: room enough, row 0 again
    ]
    # Only the short spelling fits beside the three rows' labels.
    crowded = [[(0.0, 150.0)], [(0.0, 150.0)], [(0.0, 150.0)], [(120.0, 260.0), (155.0, 200.0)]]
    assert label_rows(crowded)[-1] == (1, 0)
    # Nothing fits: the short spelling, on the row it overlaps least.
    packed = [[(0.0, 300.0)], [(0.0, 300.0)], [(0.0, 100.0)], [(50.0, 200.0), (150.0, 190.0)]]
    assert label_rows(packed)[-1] == (1, 2)


def test_switches_close_together_on_a_long_range_keep_their_labels_apart() -> None:
    """A new mattress about every eight months over five years of a ten-year diary: every label drawn, none
    over another."""
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    start = dt.date(2015, 9, 1)
    names = ["Old mattress", *(f"Mattress {year}" for year in range(2019, 2026))]
    days = []
    for i in range(0, 3650, 3):
        stage = min(max(0, (i - 1800) // 240 + 1), len(names) - 1)
        days.append(entry(start + dt.timedelta(days=i), (i // 3) % 7 + 1, mattress=names[stage]))
    content = report_content(days, start, days[-1].date, today=GENERATED)
    assert len(content.analysis.switches) == 7
    drawing = trend_drawing(content.pain_trend, content.analysis.switches, start, days[-1].date, width=520)
    labels = [s for s in _walk(drawing) if isinstance(s, String) and "Mattress 20" in s.text]
    assert len(labels) == 7  # one per switch, in full or as the new mattress' name
    assert any(label.text.startswith("Mattress 20") for label in labels)  # some had to be short
    for one in labels:
        for other in labels:
            if one is other or one.y != other.y:
                continue
            one_right = one.x + stringWidth(one.text, one.fontName, one.fontSize)
            other_right = other.x + stringWidth(other.text, other.fontName, other.fontSize)
            assert one_right + SWITCH_LABEL_GAP <= other.x or other_right + SWITCH_LABEL_GAP <= one.x, (
                one.text,
                other.text,
            )


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    days=st.one_of(st.integers(0, 70), st.integers(0, 15_000)),
    room=st.floats(300, 800),
)
def test_date_ticks_are_a_handful_of_distinct_dates_inside_the_range(
    start: dt.date, days: int, room: float
) -> None:
    end = start + dt.timedelta(days=days)
    ticks = date_ticks(start, end, room)
    dates = [day for day, _ in ticks]
    labels = [label for _, label in ticks]
    assert 1 <= len(ticks) <= 10
    assert all(start <= day <= end for day in dates) and dates == sorted(set(dates))
    assert len(set(labels)) == len(labels)
    assert str(dates[0].year) in labels[0]  # the first label says the year


@pytest.mark.parametrize("days", [14, 60, 365, 730, 3650])
def test_date_labels_leave_their_gap_between_neighbours(days: int) -> None:
    """On every width of chart from narrow to wide, two neighbouring date labels keep ``DATE_LABEL_GAP`` apart."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from diary.views.report.chart import FONT, LABEL_SIZE
    from diary.views.report.page import drawable

    drawable("")  # the report's fonts registered, as making a report does first (a test run alone has none)
    start = dt.date(2025, 1, 1)
    end = start + dt.timedelta(days=days)
    for room in range(300, 800, 10):
        ticks = date_ticks(start, end, room)
        widest = max(stringWidth(label, FONT, LABEL_SIZE) for _, label in ticks)
        for (a, _), (b, _) in itertools.pairwise(ticks):
            assert room * (b - a).days / days >= widest + DATE_LABEL_GAP, (room, ticks)


def test_making_a_report_loads_no_chart_engine(tmp_path: Path) -> None:
    """The chart is reportlab's own drawing: neither vl-convert nor Altair is imported to make a report."""
    code = textwrap.dedent(
        """
        import datetime as dt, sys
        from diary.sample import SampleSpec, generate_sample
        from diary.views.report import build_report, preview_png
        entries = generate_sample(SampleSpec(start=dt.date(2025, 1, 1), days=90, seed=1))
        preview_png(build_report(entries, today=dt.date(2025, 4, 1)))
        print("loaded:" + ",".join(m for m in ("vl_convert", "altair", "reportlab") if m in sys.modules))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "loaded:reportlab"


def test_a_short_diary_never_reads_as_checked_and_clear() -> None:
    """Two mornings with no minutes or wakings: no pattern is 'none found', and no efficiency is 100 %."""
    days = [
        entry(GENERATED - dt.timedelta(days=n), 4, bedtime="23:00", wake_time="07:00", mattress="Foam")
        for n in (1, 2)
    ]
    _, text = read_pdf(build_report(days, today=GENERATED))
    assert "None found" not in text
    assert "Not enough recent days recorded to check any yet" in text
    assert "100 %" not in text


def test_patterns_say_which_checks_the_days_allowed(sample: list[Entry]) -> None:
    from diary.analysis.patterns import judge_patterns, no_patterns

    found, unchecked = judge_patterns(entries_frame(sample))
    assert {"long_morning_pain", "night_waking", "not_easing"}.isdisjoint(unchecked)  # six months recorded
    assert no_patterns([]).startswith("None found (checked: morning pain over 30 minutes")
    frame = entries_frame([entry(GENERATED - dt.timedelta(days=n), 3, pain_minutes=5) for n in range(10)])
    found, unchecked = judge_patterns(frame)
    assert found == [] and "long_morning_pain" not in unchecked and "not_easing" in unchecked
    assert no_patterns(unchecked) == (
        "None found (checked: morning pain over 30 minutes on most recent days). Not enough recent days "
        "recorded to check waking from pain, pain not easing over weeks, the inflammatory pattern."
    )


# -- what a crowded page keeps, and how it words it ----------------------------------------


def page_frame() -> tuple[float, float]:
    """The width and height of the report's frame on A4, as ``render_report`` lays it out."""
    from diary.views.report.layout import FOOTER_MM, MARGIN_MM
    from diary.views.report.page import MM

    return 210 * MM - 2 * MARGIN_MM * MM, 297 * MM - 2 * MARGIN_MM * MM - FOOTER_MM * MM


def page_scale(content: ReportContent) -> float:
    """How far the page is shrunk to fit (1: not at all), from the story the report lays out."""
    from diary.views.report.layout import fitted_story, story_height
    from diary.views.report.page import Page

    width, height = page_frame()
    page = Page(width)
    return min(1.0, height / story_height(page, fitted_story(page, content, height), height))


def crowded_year(*, ending_in_long_pain: bool = True) -> list[Entry]:
    """A year with a red-flag morning in four (many symptoms each), a dozen long-named mattresses, and (unless
    not ``ending_in_long_pain``) its last six weeks in long morning pain that wakes the night and does not
    ease: a page full to the brim."""
    import dataclasses
    import random

    rng = random.Random(3)
    urgent = ["chest_pressure", "saddle_numbness", "bladder_bowel", "leg_weakness"]
    today = ["fever", "urinary", "nausea", "dizziness", "worsening_numbness", "weight_loss"]
    names = [f"Mattress {k} with a long-winded-name-that-has-no-spaces-in-it-at-all" for k in range(12)]
    year = generate_sample(SampleSpec(start=dt.date(2025, 1, 1), days=365, seed=5))
    heavy = []
    for i, e in enumerate(year):
        flags = rng.sample(today, rng.randint(1, 6)) + (
            rng.sample(urgent, rng.randint(1, 4)) if i % 8 == 0 else []
        )
        late = ending_in_long_pain and i >= len(year) - 42
        heavy.append(
            dataclasses.replace(
                e,
                red_flags=tuple(flags) if i % 4 == 0 else (),
                mattress=names[(i // 30) % 12],
                pain=max(e.pain, 6) if late else e.pain,
                pain_minutes=50 if late else e.pain_minutes,
                night_wakings=2 if late else e.night_wakings,
            )
        )
    return heavy


def test_every_pattern_worth_a_visit_is_on_a_page_too_full_for_its_lists() -> None:
    """The lists are shortened to fit, the patterns never: every one's sentence is on the page."""
    from diary.views.report.layout import SMALLEST_SCALE, _story
    from diary.views.report.page import Page
    from diary.views.report.text import Limits

    content = report_content(crowded_year(), today=GENERATED)
    patterns = content.analysis.patterns
    assert len(patterns) >= 3
    width, height = page_frame()
    page = Page(width)
    parts = _story(page, content, Limits())
    needed = sum(p.wrap(width, height)[1] + p.getSpaceBefore() + p.getSpaceAfter() for p in parts)
    assert needed * SMALLEST_SCALE > height  # too full for its lists at their usual length
    reader, text = read_pdf(build_report(crowded_year(), today=GENERATED))
    assert len(reader.pages) == 1
    for pattern in patterns:
        assert " ".join(pattern.sentence.split()) in text
    assert "and 1 more." not in text and "and 2 more." not in text


def test_the_other_lists_are_shortened_before_the_red_flags() -> None:
    """Where the other lists shortened make room enough, the red flags keep all their rows."""
    from diary.views.report.layout import SMALLEST_SCALE, _story, fitted_story, story_height
    from diary.views.report.page import Page
    from diary.views.report.text import COMPACT, FITTING_ORDER, ROOMY, SHORTER, Limits

    assert (ROOMY, Limits(), SHORTER, COMPACT) == FITTING_ORDER
    assert ROOMY.red_flags > SHORTER.red_flags == Limits().red_flags > COMPACT.red_flags
    content = report_content(crowded_year(), today=GENERATED)
    assert len(content.red_flags) > ROOMY.red_flags
    width, _ = page_frame()
    page = Page(width)
    heights = [story_height(page, _story(page, content, limits), 1000) for limits in FITTING_ORDER]
    # ROOMY and COMPACT change only the other tier's rows: this year's emergency mornings fill them all
    assert heights[0] >= heights[1] > heights[2] >= heights[3]
    room = heights[2] * SMALLEST_SCALE  # room for the shorter lists, not for all of them
    assert story_height(page, fitted_story(page, content, room), room) == heights[2]


def mattress_every_60_days(years: int) -> list[Entry]:
    """``years`` of mornings, the mattress changed every 60 days between "Old sofa" and "Foam"."""
    import dataclasses

    days = generate_sample(
        SampleSpec(start=dt.date(2016, 12, 1), days=365 * years, seed=2, red_flag_days=(), confirm_week=None)
    )
    return [dataclasses.replace(e, mattress=("Old sofa", "Foam")[i // 60 % 2]) for i, e in enumerate(days)]


@pytest.mark.slow
def test_switches_are_a_short_sentence_each_the_most_recent_first_and_the_rest_counted() -> None:
    """Ten years on two mattresses, swapped every 60 days: 60 switches, one pooled comparison. It took a third
    of the page listing every date, began with the oldest switch, and shrank the page to 0.77."""
    import re

    entries = mattress_every_60_days(10)
    content = report_content(entries, today=GENERATED)
    switches = content.analysis.switches
    assert len(switches) > 50 and max(len(s.sentence) for s in switches) > 2000
    reader, text = read_pdf(build_report(entries, today=GENERATED))
    assert len(reader.pages) == 1
    section = text[text.index("Each switch below") : text.index("What goes with worse or better mornings")]
    latest = max(switches, key=lambda s: s.date)
    assert section.index(day_label(latest.date)) < 300  # the first listed is the most recent
    assert day_label(min(s.date for s in switches)) not in section  # not the oldest
    assert re.search(r"\(all \d+ switches between these two, pooled\)", section)
    more = re.search(r"and (\d+) earlier switches, marked on the chart", section)
    assert more is not None
    listed = section.count("Mattress: ")
    assert listed + int(more.group(1)) == len(switches)
    assert len(section) < 300 * listed + 400  # a short sentence each
    assert page_scale(content) >= 0.85


def long_named_switches() -> list[Entry]:
    """300 days on four mattresses with 80-character names, a switch about every two months."""
    import dataclasses

    names = [
        "Ä" * 80,
        "X" * 80,
        "The Very Long Memory-Foam Hybrid Pocket-Spring Orthopaedic Deluxe Mattress 2023!",
    ]
    names.append("W" * 40 + " " + "W" * 39)
    days = generate_sample(SampleSpec(start=dt.date(2025, 1, 1), days=300, seed=3))
    return [dataclasses.replace(e, mattress=names[i // 60 % 4]) for i, e in enumerate(days)]


def test_long_mattress_names_are_cut_to_fit_inside_the_chart_never_over_another_label() -> None:
    """80-character names: each label inside the plotting area, cut with an ellipsis, none over another
    (a label wider than the chart used to start left of its edge)."""
    from reportlab.graphics.shapes import Line, String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from diary.views.report.chart import LEFT, RIGHT

    days = long_named_switches()
    start, end = days[0].date, days[-1].date
    switches = report_content(days, today=GENERATED).analysis.switches
    assert len(switches) >= 4
    width = 520.0
    drawing = trend_drawing(
        report_content(days, today=GENERATED).pain_trend, switches, start, end, width=width
    )
    (rules,) = [
        group
        for group in drawing.contents
        if any(isinstance(s, Line) and s.strokeDashArray for s in getattr(group, "contents", []))
    ]
    labels = [s for s in _walk(rules) if isinstance(s, String)]
    assert labels
    spans = [(s.x, s.x + stringWidth(s.text, s.fontName, s.fontSize), s.y) for s in labels]
    for left, right, _ in spans:
        assert left >= LEFT and right <= width - RIGHT  # inside the plotting area, never past the chart
    for (a_left, a_right, a_y), (b_left, b_right, b_y) in itertools.combinations(spans, 2):
        assert a_y != b_y or a_right + SWITCH_LABEL_GAP <= b_left or b_right + SWITCH_LABEL_GAP <= a_left
    assert any(s.text.endswith("…") for s in labels)  # cut, with an ellipsis
    reader, _ = read_pdf(build_report(days, today=GENERATED))
    assert len(reader.pages) == 1


def test_a_label_with_no_room_on_any_row_is_left_out() -> None:
    packed = [[(0.0, 300.0)], [(0.0, 300.0)], [(0.0, 250.0)], [(50.0, 200.0), (150.0, 190.0)]]
    assert label_rows(packed)[-1] is None  # it used to go over the label it overlapped least


def finished(
    trial_id: str, start: dt.date, verdict: Verdict, sentence: str, *, factor: str = "pillow"
) -> TrialResult:
    """A finished trial's result (no nights: the report shows its plan, dates and sentence)."""
    from diary.trials import new_trial
    from diary.trials.result import TrialResult

    a, b = {"pillow": ("low", "high"), "position": ("back", "side")}[factor]
    trial = new_trial(factor, a, b, pairs=2, block=3, washout=1, start=start, seed=1, trial_id=trial_id)
    return TrialResult(trial, "finished", [], None, verdict, sentence)


def test_trials_judged_first_the_rest_counted_and_none_judged_past_the_range(sample: list[Entry]) -> None:
    """Seven finished trials: the two shown are judged ones, the others counted; a trial still going on the
    report's last day is left out (its answer rests on mornings after it)."""
    trials = [
        finished("unjudged", dt.date(2025, 9, 1), "not_enough_nights", "Not enough nights to judge: few.")
    ]
    trials += [
        finished(
            f"t{k}", dt.date(2025, 4, 1) + dt.timedelta(days=20 * k), "no_clear_difference", f"Answer {k}."
        )
        for k in range(6)
    ]
    past_end = finished("late", dt.date(2025, 8, 25), "b_better", "Answer late.")
    end = dt.date(2025, 8, 31)
    content = report_content(sample, None, end, today=GENERATED, trials=[past_end, *trials])
    assert [r.trial.id for r in content.trials] == ["t5", "t4", "t3", "t2", "t1", "t0"]
    later = report_content(sample, today=GENERATED, trials=[past_end, *trials])
    assert [r.trial.id for r in later.trials][:2] == ["late", "t5"] and later.trials[
        -1
    ].trial.id == "unjudged"
    reader, text = read_pdf(build_report(sample, None, end, today=GENERATED, trials=[past_end, *trials]))
    assert len(reader.pages) == 1
    assert "Answer 5." in text and "Answer 4." in text and "Answer 3." not in text
    assert "and 4 more trials: see the Experiments page." in text
    assert "Answer late." not in text
    _, whole = read_pdf(build_report(sample, today=GENERATED, trials=[past_end, *trials]))
    assert "Answer late." in whole and "Not enough nights to judge" not in whole
    assert "and 6 more trials: see the Experiments page." in whole


def test_factors_are_links_not_proof_of_cause_said_by_the_table(
    sample: list[Entry], sample_report: tuple[pypdf.PdfReader, str]
) -> None:
    """As ``pain-diary analyze`` says it, the report says it beside the factor table, in the same words."""
    _, text = sample_report
    caveat = analyze(entries_frame(sample), "pain").summary.rsplit(". ", 1)[-1]
    assert caveat == "These are links in your diary, not proof of cause."
    table = text.index("Change in morning pain (95 % interval)")
    assert table < text.index(caveat) < text.index("Checked and found unclear")
    # The analysis' own words: the report's modules do not spell them out again.
    package = ROOT / "diary" / "views" / "report"
    assert not any("proof of cause" in path.read_text() for path in package.glob("*.py"))


def test_a_range_from_before_the_first_entry_starts_on_the_first_day_logged(sample: list[Entry]) -> None:
    first, last = sample[0].date, sample[-1].date
    start, end, _ = report_range(sample, dt.date(2020, 1, 1), last, today=GENERATED)
    assert (start, end) == (first, last)
    _, text = read_pdf(build_report(sample, dt.date(2020, 1, 1), today=GENERATED))
    assert f"Morning pain and sleep diary: {day_label(first)} to {day_label(last)}" in text
    assert f"{len(sample)} of {(last - first).days + 1} days logged" in text


def many_small_effects() -> list[Entry]:
    """600 days, 14 tags each on 40 % of days: the odd ones go with worse mornings, the even with better."""
    import random

    rnd = random.Random(11)
    tags = [f"t{k}" for k in range(14)]
    days = []
    for i in range(600):
        on = [t for t in tags if rnd.random() < 0.4]
        pain = 2 + sum((0.8 if int(t[1:]) % 2 else -0.8) * (1 + int(t[1:]) / 10) for t in on) * 0.6
        pain += rnd.gauss(0, 0.7)
        days.append(
            entry(
                dt.date(2024, 1, 1) + dt.timedelta(days=i),
                min(10, max(0, round(pain + 2))),
                tags=";".join(on),
                mattress="Bed",
                position="back",
                exertion="light",
            )
        )
    return days


def test_smaller_effects_below_the_table_are_split_into_worse_and_better_with_their_estimates() -> None:
    from diary.views.report.text import MAX_FACTOR_ROWS

    days = many_small_effects()
    content = report_content(days, today=GENERATED)
    supported = [f for f in content.analysis.supported() if f.role == "factor" and f.estimated]
    rest = supported[MAX_FACTOR_ROWS:]
    assert {f.verdict for f in rest} == {"worse", "better"}
    reader, text = read_pdf(build_report(days, today=GENERATED))
    assert len(reader.pages) == 1
    assert "Also supported, with smaller effects" not in text
    worse = text[text.index("Also with worse mornings, smaller effects:") :]
    better = text[text.index("Also with better mornings, smaller effects:") :]
    for effect in rest:
        line = worse if effect.verdict == "worse" else better
        said = line[: line.index(".", line.index(effect.label))]
        assert f"{effect.label} {'+' if effect.verdict == 'worse' else '−'}" in said


def test_a_switchs_line_keeps_the_caveats_of_its_clear_answer() -> None:
    """Ten years' report said "2.2 points less (0.7 to 3.7)" flatly, dropping what the analysis said with it:
    no clear difference once the first week is left out, and one switch alone is weak evidence."""
    from diary.analysis import Switch
    from diary.views.report.text import switch_line

    day = dt.date(2025, 6, 1)
    clear = Switch(day, "mattress", "Old", "Foam", 5.0, 3.0, -2.2, -3.7, -0.7, 60, 60, -1.0, -2.5, 0.4)
    line = switch_line(clear)
    assert line.endswith(
        "less pain (0.7 to 3.7). Leaving out the first week: no clear difference. "
        "One switch is weak evidence on its own."
    ), line
    pooled = dataclasses.replace(clear, pooled=(day, day + dt.timedelta(days=90)), adapted_ci_high=-0.2)
    assert switch_line(pooled).endswith("(all 2 switches between these two, pooled).")  # nothing held back
    unclear = dataclasses.replace(clear, ci_low=-2.0, ci_high=0.5)
    assert "weak evidence" not in switch_line(unclear)  # no answer to hold back
    # numbers that differ from the factor of the same change (listed on the same page): why, in short
    assert "The factor list gives another number" not in switch_line(pooled)
    differs = switch_line(dataclasses.replace(pooled, differs_from_factor=True))
    assert differs.endswith(
        "pooled). The factor list gives another number for the same change: it takes every night and allows "
        "for everything else you logged; this compares only the nights on the two."
    )


def test_a_factor_held_back_only_by_the_many_checked_is_told_apart_from_the_unclear(
    sample: list[Entry],
) -> None:
    """May to mid-August of the sample: a factor whose interval alone leaves out 0 fails the correction for the
    many factors checked. It is named with its numbers and why, not among those with no difference to vouch
    for."""
    from diary.analysis.registry import versus
    from diary.analysis.text import clear_alone
    from diary.views.report.text import effect_text

    start, end = dt.date(2025, 5, 1), dt.date(2025, 8, 15)
    analysis = report_content(sample, start, end, today=GENERATED).analysis
    leaning = [f for f in analysis.unclear() if clear_alone(f, "pain")]
    assert leaning and len(leaning) < len(analysis.unclear())  # both kinds, or the test shows nothing
    _, text = read_pdf(build_report(sample, start, end, today=GENERATED))
    held = text[
        text.index("Not clear enough with this many factors checked at once:") : text.index("Checked and")
    ]
    unclear = text[text.index("Checked and found unclear") :]
    unclear = unclear[: unclear.index(".")]
    for effect in leaning:
        assert f"{effect.label}{versus(effect.id, analysis.references)} {effect_text(effect)}" in held
        assert effect.label not in unclear


def test_a_switch_on_a_trials_nights_names_the_trial_as_the_answer_to_go_by() -> None:
    """A trial of back and side from 1 June: a change of habit compared over those nights says the trial's
    answer (drawn at random) is the one to go by; other switches, and other pairs, say nothing of it."""
    from diary.analysis import Switch
    from diary.views.report.text import switch_line

    trial = finished("t1", dt.date(2025, 6, 1), "b_better", "Side: less pain.", factor="position")
    window = (dt.date(2025, 4, 1), dt.date(2025, 6, 20))
    switch = Switch(dt.date(2025, 6, 4), "position", "back", "side", 5.0, 3.0, -2.0, -3.0, -1.0, 60, 16,
                    window=window, pooled=(dt.date(2025, 6, 4),))  # fmt: skip
    said = " These nights include your trial of the two (Sun 1 Jun 2025 to Thu 12 Jun 2025): its answer below"
    assert said in switch_line(switch, [trial])
    assert "your trial" not in switch_line(switch)  # the page lists no trial
    elsewhere = dataclasses.replace(switch, window=(dt.date(2025, 1, 1), dt.date(2025, 5, 31)))
    assert "your trial" not in switch_line(elsewhere, [trial])  # before it began
    other_pair = dataclasses.replace(switch, to="stomach")
    assert "your trial" not in switch_line(other_pair, [trial])


def test_an_effect_whose_interval_rounds_to_one_figure_gets_the_digits_to_read_as_an_interval() -> None:
    """Ten years' report printed "−0.1 (−0.1 to −0.1) points": an interval that reads as an exact value."""
    from diary.analysis.results import FactorEffect
    from diary.views.report.text import effect_text

    def effect(estimate: float, low: float, high: float) -> FactorEffect:
        return FactorEffect(
            "stress", "stress", 3000, estimate, estimate, low, high, 0.001, 0.002, "better", ""
        )

    assert effect_text(effect(-0.10, -0.14, -0.07)) == "−0.10 (−0.14 to −0.07) points"
    assert effect_text(effect(1.4, 0.8, 2.0)) == "+1.4 (+0.8 to +2.0) points"  # one decimal where it reads


def test_the_charts_caption_names_dashed_lines_only_where_it_draws_some(sample: list[Entry]) -> None:
    """It said "Dashed lines: mattress switches" under a chart without any."""
    switched = report_content(sample, today=GENERATED)
    assert switched.analysis.switches and switched.chart_caption.endswith("Dashed lines: mattress switches.")
    first_weeks = report_content(sample[:40], today=GENERATED)
    assert not first_weeks.analysis.switches and "Dashed" not in first_weeks.chart_caption


def test_the_charts_caption_words_each_kind_of_switch_as_the_trends_page_does(sample: list[Entry]) -> None:
    """The report said "changes of sleep position" where Trends says "changes in your usual sleep position"."""
    from diary.wording import SWITCH_KINDS

    half = len(sample) // 2
    moved = [dataclasses.replace(e, position="stomach" if i < half else "back") for i, e in enumerate(sample)]
    caption = report_content(moved, today=GENERATED).chart_caption
    kinds = f"{SWITCH_KINDS['mattress'].several} and {SWITCH_KINDS['position'].several}"
    assert caption.endswith(f"Dashed lines: {kinds}.")
