"""Apple Health: nights reconciled across sources, local time, DST, zips, broken exports."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from diary.sources import SourceError, night_sentence, read_apple_health, read_source
from diary.sources.apple_health import scan_export
from diary.sources.apple_sleep import SleepRecord, records_to_nights
from diary.sources.nights import nights_result

FIXTURE = Path(__file__).parent / "fixtures" / "sources" / "apple_health_export.xml"
T = dt.time
BERLIN = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture(scope="module")
def result():
    return read_apple_health(FIXTURE)


def test_the_fixture_is_broken_the_way_ios_16_exports_are() -> None:
    import xml.etree.ElementTree as ET

    with pytest.raises(ET.ParseError):
        ET.parse(FIXTURE)


def test_overlapping_sources_are_reconciled_not_added_up(result) -> None:
    # Watch stages 23:55–06:55 with two Awake periods, AutoSleep 23:50–06:50, iPhone in bed from 23:40.
    night = result.day(dt.date(2024, 1, 14))
    assert night is not None
    assert dict(night.values) == {
        "bedtime": T(23, 40),
        "wake_time": T(6, 55),
        "sleep_latency_min": 15,
        "awake_minutes": 15,
        "awakenings": 2,
    }
    assert night.device == "your watch"
    assert night_sentence(night.values, night.device) == (
        "From your watch: in bed 23:40–06:55, fell asleep in 15 min, awake 15 min in the night (2 times)"
    )


def test_a_night_across_the_clock_change_keeps_its_local_times(result) -> None:
    night = result.day(dt.date(2024, 3, 31))
    assert night is not None
    # in bed 23:30 CET, asleep 23:50 CET to 07:00 CEST: no Awake records, so no awakenings count
    assert dict(night.values) == {
        "bedtime": T(23, 30),
        "wake_time": T(7, 0),
        "sleep_latency_min": 20,
        "awake_minutes": 0,
    }


def test_hk_time_zone_gives_the_local_time_and_the_morning(result) -> None:
    # Written with Berlin offsets (05:10–13:00 +0100), slept in New York (23:10–07:00 local)
    night = result.day(dt.date(2024, 2, 10))
    assert night is not None
    assert night.values["bedtime"] == T(23, 10)
    assert night.values["wake_time"] == T(7, 0)
    assert night.values["sleep_latency_min"] == 20
    assert night.device == "Apple Health (Sleep Cycle)"


def test_only_three_mornings_and_everything_else_is_listed(result) -> None:
    assert [d.date for d in result.days] == [dt.date(2024, 1, 14), dt.date(2024, 2, 10), dt.date(2024, 3, 31)]
    unknown = [str(f) for f in result.unrecognised]
    assert unknown == [
        "sleep record 12: value HKCategoryValueSleepAnalysisSnoozing — is not a sleep state the diary knows (InBed, Asleep…, Awake)"
    ]
    left = " | ".join(str(f) for f in result.not_imported)
    assert "a nap (under 3 hours" in left and "14:00–14:40" in left
    assert "1 duplicate sleep record" in left
    for other in (
        "StepCount",
        "HeartRate",
        "BloodPressure",
        "BloodPressureSystolic",
        "ActivitySummary",
        "Workout",
    ):
        assert f"{other} (1 entry)" in left
    assert "BloodPressureDiastolic" not in left  # records inside a correlation are not counted twice


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "inner",
    [
        "apple_health_export/export.xml",
        "apple_health_export/Export.xml",
        "apple_health_export/exportación.xml",
        "apple_health_export/导出.xml",
        "apple_health_export/書き出し.xml",
    ],
)
def test_the_zip_is_read_whatever_the_export_is_called(inner: str, result, tmp_path: Path) -> None:
    """Translated names too, beside years of workout routes (which sort before 导出.xml)."""
    routes = {f"apple_health_export/workout-routes/route_{n:04d}.gpx": b"<gpx/>" for n in range(400)}
    data = _zip(
        {
            "apple_health_export/export_cda.xml": b'<?xml version="1.0"?><ClinicalDocument/>',
            **routes,
            inner: FIXTURE.read_bytes(),
        }
    )
    path = tmp_path / "export.zip"
    path.write_bytes(data)
    from_path = read_source(path)
    assert from_path.kind == "apple-health" and from_path.name == "export.zip"
    assert from_path.days == result.days
    assert read_source(io.BytesIO(data), name="export.zip").days == result.days  # an upload


def test_a_zip_without_an_export_is_a_named_error() -> None:
    with pytest.raises(SourceError, match=r"export\.zip .*holds no Apple Health export\.xml"):
        read_apple_health(_zip({"notes.txt": b"hello"}), name="export.zip")


@pytest.mark.parametrize(
    "method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_LZMA, zipfile.ZIP_BZIP2, zipfile.ZIP_STORED]
)
def test_a_zip_whose_export_is_damaged_names_it_and_says_to_download_it_again(method: int) -> None:
    """Packed data that does not unpack (or fails its check) is a named refusal, whatever the packing: zlib's
    and LZMA's own errors reached the person as "unexpected error"."""
    member = "apple_health_export/export.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr(member, FIXTURE.read_bytes() * 4)
    damaged = bytearray(buffer.getvalue())
    start = 30 + len(member.encode()) + 16  # past the member's local header, into its packed data
    damaged[start : start + 8] = bytes(b ^ 0x55 for b in damaged[start : start + 8])
    with pytest.raises(SourceError) as refused:
        read_source(bytes(damaged), name="export.zip")
    message = str(refused.value)
    assert message.startswith(f"export.zip cannot be read: {member} inside it is damaged")
    assert "download or export it again" in message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<?xml version="1.0"?>\n<HealthData locale="en_US">\n <Record type="HKCategory',
            r"broken at line 3.*cut short",
        ),
        (b'<?xml version="1.0"?><Workbook/>', r"not an Apple Health export \(it starts with <Workbook>\)"),
        (b"", r"broken at line 1"),
        (b"date,pain\n2024-01-14,5\n", r"it is not XML, as an Apple Health export is"),
        (b'{"sleep": [{"day": "2024-01-14"}]}', r"it is not XML, as an Apple Health export is"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", r"it is not XML, as an Apple Health export is"),
    ],
)
def test_bad_files_get_a_named_error(data: bytes, message: str) -> None:
    with pytest.raises(
        SourceError, match=r"^export\.xml cannot be read as an Apple Health export.*" + message
    ):
        read_apple_health(data, name="export.xml")


def _record(
    state: str, start: str, end: str, source: str = "Watch", zone: str | None = None, n: int = 1
) -> SleepRecord:
    stamp = "%Y-%m-%d %H:%M %z"
    return SleepRecord(
        n,
        state,
        dt.datetime.strptime(start, stamp),
        dt.datetime.strptime(end, stamp),
        source,
        "Watch" in source,
        zone,
    )


def test_two_plain_sources_are_not_added_up() -> None:
    records = [
        _record("asleep", "2024-05-01 23:00 +0200", "2024-05-02 07:00 +0200", "Watch"),
        _record("asleep", "2024-05-01 23:05 +0200", "2024-05-02 06:55 +0200", "Phone app"),
    ]
    nights, _, _ = records_to_nights(records)
    assert len(nights) == 1
    night = nights[0]
    assert night.asleep_min == 480  # one source's eight hours, not fifteen
    assert (night.bedtime.time(), night.wake.time(), night.latency_min, night.awake_min) == (
        T(23, 0),
        T(7, 0),
        None,
        None,  # one plain block a night says nothing about waking
    )


def test_one_unbroken_stage_or_awake_record_does_say_how_long_it_lay_awake() -> None:
    staged = [
        _record("core", "2024-05-01 23:00 +0200", "2024-05-02 03:00 +0200", "Watch"),
        _record("deep", "2024-05-02 03:00 +0200", "2024-05-02 07:00 +0200", "Watch"),
    ]
    with_awake = [
        _record("asleep", "2024-05-01 23:00 +0200", "2024-05-02 03:00 +0200", "Phone app"),
        _record("awake", "2024-05-02 03:00 +0200", "2024-05-02 03:20 +0200", "Phone app"),
        _record("asleep", "2024-05-02 03:20 +0200", "2024-05-02 07:00 +0200", "Phone app"),
    ]
    assert records_to_nights(staged)[0][0].awake_min == 0
    night = records_to_nights(with_awake)[0][0]
    assert (night.awake_min, night.awakenings) == (20, 1)


def test_a_watch_without_in_bed_records_goes_to_bed_where_its_awake_run_into_sleep_began() -> None:
    """watchOS 9 and later: Awake from going to bed until asleep, stages, no InBed record."""
    records = [
        _record("awake", "2024-05-01 23:00 +0200", "2024-05-01 23:22 +0200", "Watch"),
        _record("core", "2024-05-01 23:22 +0200", "2024-05-02 03:00 +0200", "Watch"),
        _record("awake", "2024-05-02 03:00 +0200", "2024-05-02 03:10 +0200", "Watch"),
        _record("deep", "2024-05-02 03:10 +0200", "2024-05-02 06:30 +0200", "Watch"),
    ]
    night = records_to_nights(records)[0][0]
    assert (night.bedtime.time(), night.latency_min, night.awake_min, night.awakenings) == (
        T(23, 0),
        22,
        10,
        1,
    )
    apart = [_record("awake", "2024-05-01 22:30 +0200", "2024-05-01 22:50 +0200", "Watch"), *records[1:]]
    night = records_to_nights(apart)[0][0]  # awake, then half an hour unrecorded: not known to be in bed
    assert (night.bedtime.time(), night.latency_min) == (T(23, 22), None)


def test_a_source_that_slept_much_longer_wins_over_detail() -> None:
    records = [
        _record("core", "2024-05-01 23:00 +0200", "2024-05-02 01:00 +0200", "Watch"),  # battery ran out
        _record("asleep", "2024-05-01 23:10 +0200", "2024-05-02 07:00 +0200", "Phone app"),
    ]
    nights, _, _ = records_to_nights(records)
    assert nights[0].wake.time() == T(7, 0) and nights[0].device == "Apple Health (Phone app)"


def test_gaps_between_sleep_count_as_awake_but_awakenings_only_with_awake_records() -> None:
    records = [
        _record("in_bed", "2024-05-01 22:30 +0200", "2024-05-02 07:30 +0200", "Phone"),
        _record("asleep", "2024-05-01 23:00 +0200", "2024-05-02 03:00 +0200", "Phone"),
        _record("asleep", "2024-05-02 03:40 +0200", "2024-05-02 07:00 +0200", "Phone"),
    ]
    night = records_to_nights(records)[0][0]
    assert (night.latency_min, night.awake_min, night.awakenings) == (30, 40, None)


def test_a_doze_before_bed_is_not_the_start_of_the_night() -> None:
    """The watch's doze on the sofa (21:05–21:30), then in bed at 22:50 and asleep 23:10–06:45."""
    records = [
        _record("core", "2024-05-01 21:05 +0200", "2024-05-01 21:30 +0200", "Watch"),
        _record("in_bed", "2024-05-01 22:50 +0200", "2024-05-02 07:00 +0200", "iPhone"),
        _record("core", "2024-05-01 23:10 +0200", "2024-05-02 06:45 +0200", "Watch"),
    ]
    nights, _, dozes = records_to_nights(records)
    night = nights[0]
    assert (night.bedtime.time(), night.wake.time(), night.latency_min, night.awake_min) == (
        T(22, 50),
        T(6, 45),
        20,
        0,
    )
    assert [(d.item, d.reason.split(";")[0]) for d in dozes] == [
        ("sleep Wed 1 May 2024, 21:05–21:30", "a doze before going to bed")
    ]
    # asleep shortly before the in-bed record (the phone put down late): still the night
    records[0] = _record("core", "2024-05-01 22:35 +0200", "2024-05-01 22:45 +0200", "Watch")
    nights, _, dozes = records_to_nights(records)
    assert nights[0].bedtime.time() == T(22, 35) and not dozes


def test_an_evening_doze_without_in_bed_records_is_not_the_start_of_the_night() -> None:
    """Asleep 18:00–19:30 in the evening, then 21:15–06:00, and no in-bed record: in bed at 21:15, not 18:00."""
    records = [
        _record("core", "2024-05-01 18:00 +0200", "2024-05-01 19:30 +0200", "Watch"),
        _record("core", "2024-05-01 21:15 +0200", "2024-05-02 06:00 +0200", "Watch"),
    ]
    nights, _, dozes = records_to_nights(records)
    assert [(n.bedtime.time(), n.wake.time(), n.awake_min) for n in nights] == [(T(21, 15), T(6, 0), 0)]
    assert [(d.item, d.reason) for d in dozes] == [
        (
            "sleep Wed 1 May 2024, 18:00–19:30",
            "a doze before going to bed; the night is counted from when the night's sleep began",
        )
    ]
    # woken at 23:00 with pain and asleep again at 23:45: one night, from 21:15
    records = [
        _record("core", "2024-05-01 21:15 +0200", "2024-05-01 23:00 +0200", "Watch"),
        _record("core", "2024-05-01 23:45 +0200", "2024-05-02 06:00 +0200", "Watch"),
    ]
    nights, _, dozes = records_to_nights(records)
    assert [(n.bedtime.time(), n.awake_min) for n in nights] == [(T(21, 15), 45)] and not dozes
    # a half-hour doze on the sofa ending after ten, asleep in bed at 23:50: the night starts at 23:50
    records = [
        _record("core", "2024-05-01 21:40 +0200", "2024-05-01 22:10 +0200", "Watch"),
        _record("core", "2024-05-01 23:50 +0200", "2024-05-02 06:50 +0200", "Watch"),
    ]
    nights, _, dozes = records_to_nights(records)
    assert [(n.bedtime.time(), n.awake_min) for n in nights] == [(T(23, 50), 0)]
    assert [d.item for d in dozes] == ["sleep Wed 1 May 2024, 21:40–22:10"]


def test_in_bed_only_nights_give_bed_times_without_latency() -> None:
    nights, _, _ = records_to_nights(
        [_record("in_bed", "2024-05-01 23:20 +0200", "2024-05-02 06:40 +0200", "iPhone")]
    )
    night = nights[0]
    values = night.values()
    assert values == {"bedtime": T(23, 20), "wake_time": T(6, 40)}


def test_a_short_time_in_bed_without_sleep_is_listed_not_taken_as_the_night() -> None:
    """The phone's twenty minutes in bed after the alarm, the only record of a morning: lying down, not a night."""
    nights, _, left_out = records_to_nights(
        [
            _record("in_bed", "2024-05-02 07:30 +0200", "2024-05-02 07:50 +0200", "iPhone"),
            _record(
                "in_bed", "2024-05-02 23:30 +0200", "2024-05-03 00:25 +0200", "iPhone"
            ),  # 55 min: still short
            _record(
                "in_bed", "2024-05-04 01:00 +0200", "2024-05-04 02:00 +0200", "iPhone"
            ),  # an hour: a night
        ]
    )
    assert [(n.bedtime.time(), n.wake.time()) for n in nights] == [(T(1, 0), T(2, 0))]
    assert [f.item for f in left_out] == [
        "in bed Thu 2 May 2024, 07:30–07:50",
        "in bed Thu 2 May 2024, 23:30–00:25",
    ]
    assert all("no sleep recorded" in f.reason for f in left_out)
    # Sleep recorded makes it a night however short: a night of pain may be one hour of sleep.
    nights, _, left_out = records_to_nights(
        [_record("asleep", "2024-05-02 05:40 +0200", "2024-05-02 06:10 +0200", "Watch")]
    )
    assert len(nights) == 1 and not left_out


def test_an_unknown_time_zone_is_listed_and_the_written_offset_used() -> None:
    nights, findings, _ = records_to_nights(
        [_record("asleep", "2024-05-01 23:00 +0200", "2024-05-02 07:00 +0200", zone="Mars/Olympus")]
    )
    assert nights[0].bedtime.time() == T(23, 0)
    assert [f.item for f in findings] == ["Mars/Olympus"]


def test_memory_stays_bounded_while_streaming() -> None:
    """A file ten times larger costs no more memory at the peak: records are cleared as they are read."""

    def export(n: int) -> bytes:
        record = (
            b' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" '
            b'creationDate="2024-01-14 07:01:00 +0100" startDate="2024-01-14 07:00:00 +0100" '
            b'endDate="2024-01-14 07:00:00 +0100" value="58"><MetadataEntry key="k" value="v"/></Record>\n'
        )
        return b'<?xml version="1.0"?>\n<HealthData locale="en">\n' + record * n + b"</HealthData>\n"

    def peak(n: int) -> int:
        data = export(n)
        tracemalloc.start()
        scan_export(io.BytesIO(data), "export.xml")
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(5_000), peak(50_000)  # 1.3 MB and 13 MB of XML
    assert large < small + 200_000, (small, large)


def test_the_hour_the_clocks_go_back_is_measured_between_instants() -> None:
    """Berlin, 27 Oct 2024: in bed 02:45 summer time, asleep from 02:15 winter time (half an hour later)."""
    records = [
        _record("in_bed", "2024-10-27 02:45 +0200", "2024-10-27 07:00 +0100", "iPhone", "Europe/Berlin"),
        _record("core", "2024-10-27 02:15 +0100", "2024-10-27 06:50 +0100", "Watch", "Europe/Berlin"),
    ]
    night = records_to_nights(records)[0][0]
    assert (night.bedtime.time(), night.wake.time(), night.latency_min) == (T(2, 45), T(6, 50), 30)
    assert night.asleep_min == 275


def test_a_night_across_time_zones_gives_its_bedtime_on_the_clock_it_ended_on() -> None:
    """03:00-11:00 UTC, begun in New York and ended in Berlin: 8 hours in bed, not 22:00 to 12:00."""
    records = [
        _record("core", "2026-11-15 22:00 -0500", "2026-11-16 03:00 -0500", "Watch", "America/New_York", n=1),
        _record("core", "2026-11-16 09:00 +0100", "2026-11-16 12:00 +0100", "Watch", "Europe/Berlin", n=2),
    ]
    result = nights_result("apple-health", "export.xml", records_to_nights(records)[0])
    night = result.day(dt.date(2026, 11, 16))
    assert night is not None
    assert (night.values["bedtime"], night.values["wake_time"]) == (T(4, 0), T(12, 0))


def test_lying_awake_in_the_small_hours_keeps_the_final_waking_as_the_wake_time() -> None:
    """Asleep 23:00–02:00, awake two and a half hours, asleep 04:30–07:00: one night, woken at 07:00."""
    records = [
        _record("core", "2024-07-01 23:00 +0200", "2024-07-02 02:00 +0200", "Watch", n=1),
        _record("core", "2024-07-02 04:30 +0200", "2024-07-02 07:00 +0200", "Watch", n=2),
    ]
    result = nights_result("apple-health", "export.xml", records_to_nights(records)[0])
    night = result.day(dt.date(2024, 7, 2))
    assert night is not None
    assert (night.values["bedtime"], night.values["wake_time"], night.values["awake_minutes"]) == (
        T(23, 0),
        T(7, 0),
        150,
    )
    assert not result.not_imported


def test_a_nap_is_never_the_night_even_when_it_is_the_only_sleep_that_day() -> None:
    """A nap 14:00–14:50 and a doze 20:30–21:20 on 2 May, then the night 23:30–06:20 ending on 3 May."""
    records = [
        _record("core", "2024-05-02 14:00 +0200", "2024-05-02 14:50 +0200", "Watch", n=1),
        _record("core", "2024-05-02 20:30 +0200", "2024-05-02 21:20 +0200", "Watch", n=2),
        _record("core", "2024-05-02 23:30 +0200", "2024-05-03 06:20 +0200", "Watch", n=3),
    ]
    result = nights_result("apple-health", "export.xml", records_to_nights(records)[0])
    assert [d.date for d in result.days] == [dt.date(2024, 5, 3)]
    naps = [str(f) for f in result.not_imported]
    assert len(naps) == 2 and all("a nap (under 3 hours, ending after 12:00), not a night" in n for n in naps)
    # a long sleep after a night shift is that day's night
    shift = [_record("core", "2024-05-02 08:30 +0200", "2024-05-02 15:30 +0200", "Watch")]
    result = nights_result("apple-health", "export.xml", records_to_nights(shift)[0])
    assert [(d.date, d.values["wake_time"]) for d in result.days] == [(dt.date(2024, 5, 2), T(15, 30))]


_PARTIAL = """<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_US">
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="iPhone" startDate="2024-03-07 00:20:00 -0500"
  endDate="2024-03-07 07:30:00 -0500" value="HKCategoryValueSleepAnalysisInBed"/>
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Apple Watch" startDate="{first}"
  endDate="2024-03-07 03:00:00 -0500" value="HKCategoryValueSleepAnalysisAsleepCore"/>
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Apple Watch" startDate="2024-03-07 03:00:00 -0500"
  endDate="2024-03-07 04:00:00 -0500" value="HKCategoryValueSleepAnalysisAsleep{middle}"/>
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Apple Watch" startDate="2024-03-07 04:00:00 -0500"
  endDate="2024-03-07 07:20:00 -0500" value="HKCategoryValueSleepAnalysisAsleepCore"/>
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Apple Watch" startDate="2024-03-08 23:00:00 -0500"
  endDate="2024-03-09 07:00:00 -0500" value="HKCategoryValueSleepAnalysisAsleepCore"/>
</HealthData>
"""


@pytest.mark.parametrize(
    ("first", "middle", "unread"),
    [
        (
            "2024-03-07T00:40",
            "Deep",
            "sleep record 2",
        ),  # its start unreadable: where the sleep began is unknown
        ("2024-03-07 00:40:00 -0500", "Light", "sleep record 3"),  # a state the diary does not know
    ],
)
def test_a_night_with_a_record_that_cannot_be_read_is_listed_not_worked_out_around_it(
    first: str, middle: str, unread: str
) -> None:
    """Without the unreadable record, the night's first sleep (or an hour in it) would be counted as
    time to fall asleep or awake time."""
    xml = _PARTIAL.format(first=first, middle=middle).encode()
    result = read_apple_health(xml, name="export.xml")
    assert [d.date for d in result.days] == [dt.date(2024, 3, 9)]  # the other night is imported
    assert [f.where for f in result.unrecognised] == [unread]
    (kept,) = [f for f in result.not_imported if unread in f.reason]
    assert kept.reason.startswith(f"a part of this night could not be read ({unread}, listed)")
