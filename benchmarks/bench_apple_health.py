"""Peak memory and time for reading a large Apple Health export.

Generates an ``export.xml`` of about ``--mb`` megabytes (default 500) in a
temporary folder, shaped like a real one: the malformed document type
declaration of iOS 16 exports, a few years of heart-rate, step and energy
records, and each night's sleep from a watch (stages), a phone (in bed) and a
sleep app (overlapping). Then reads it with ``diary.sources.read_apple_health``
and prints the file size, the nights found, the time taken, the process's peak
resident memory (``ru_maxrss``) and, with ``--tracemalloc``, Python's own peak
allocation during the read.

Run: ``python benchmarks/bench_apple_health.py --mb 50`` (``--zip`` to read it
from inside an ``export.zip``; ``--keep DIR`` to keep the generated file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diary.sources import read_apple_health  # noqa: E402

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 12 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  dateIssued       CDATA #REQUIRED

]>
<HealthData locale="en_GB">
 <ExportDate value="2025-01-01 09:00:00 +0000"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1980-01-01" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexMale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet"/>
"""
WATCH = 'sourceName="Sam’s Apple Watch" sourceVersion="10.2" device="&lt;&lt;HKDevice: 0x283a1c0f0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:10.2&gt;"'
ZONE = '\n  <MetadataEntry key="HKTimeZone" value="Europe/London"/>\n </Record>\n'
STAMP = "%Y-%m-%d %H:%M:%S +0000"


def _sleep(value: str, start: dt.datetime, end: dt.datetime, source: str = WATCH, zone: bool = True) -> str:
    tail = ">" + ZONE if zone else "/>\n"
    return (
        f' <Record type="HKCategoryTypeIdentifierSleepAnalysis" {source} '
        f'creationDate="{end:{STAMP}}" startDate="{start:{STAMP}}" endDate="{end:{STAMP}}" '
        f'value="HKCategoryValueSleepAnalysis{value}"{tail}'
    )


def night_records(morning: dt.date) -> str:
    """One night: phone in bed, a sleep app's overlapping sleep, and the watch's stages."""
    bed = dt.datetime.combine(morning - dt.timedelta(days=1), dt.time(23, 10))
    parts = [
        _sleep(
            "InBed",
            bed,
            bed + dt.timedelta(hours=7, minutes=50),
            'sourceName="Sam’s iPhone" sourceVersion="17.2"',
        ),
        _sleep(
            "AsleepUnspecified",
            bed + dt.timedelta(minutes=12),
            bed + dt.timedelta(hours=7, minutes=40),
            'sourceName="AutoSleep" sourceVersion="6.9"',
            zone=False,
        ),
    ]
    at = bed + dt.timedelta(minutes=18)
    for stage, minutes in [
        ("AsleepCore", 95),
        ("AsleepDeep", 40),
        ("Awake", 6),
        ("AsleepCore", 100),
        ("AsleepREM", 45),
        ("Awake", 4),
        ("AsleepCore", 115),
    ]:
        parts.append(_sleep(stage, at, at + dt.timedelta(minutes=minutes)))
        at += dt.timedelta(minutes=minutes)
    return "".join(parts)


def day_records(day: dt.date, per_day: int) -> str:
    """Heart rate, steps and energy through the day: what makes real exports large."""
    kinds = [
        ("HKQuantityTypeIdentifierHeartRate", "count/min", "61"),
        ("HKQuantityTypeIdentifierStepCount", "count", "112"),
        ("HKQuantityTypeIdentifierActiveEnergyBurned", "kcal", "0.843"),
    ]
    start = dt.datetime.combine(day, dt.time(7, 0))
    lines = []
    for i in range(per_day):
        kind, unit, value = kinds[i % 3]
        at = start + dt.timedelta(seconds=50 * i)
        end = at + dt.timedelta(seconds=40)
        meta = (
            '>\n  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n </Record>\n'
            if i % 3 == 0
            else "/>\n"
        )
        lines.append(
            f' <Record type="{kind}" {WATCH} unit="{unit}" creationDate="{end:{STAMP}}" '
            f'startDate="{at:{STAMP}}" endDate="{end:{STAMP}}" value="{value}"{meta}'
        )
    return "".join(lines)


def generate(path: Path, megabytes: float) -> int:
    """Write an export of about ``megabytes`` MB; the number of nights in it."""
    target = int(megabytes * 1024 * 1024)
    day = dt.date(2015, 1, 1)
    nights = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER)
        written = len(HEADER)
        while written < target:
            chunk = night_records(day) + day_records(day, 900)
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
            nights += 1
            day += dt.timedelta(days=1)
        out.write("</HealthData>\n")
    return nights


def max_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB elsewhere


def stdin_import(source: Path, folder: Path) -> None:
    """``pain-diary import - --dry-run`` fed the export on standard input: its time and peak resident memory."""
    command = [sys.executable, "-m", "diary.cli", "--data", str(folder / "bench.sqlite3"), "import", "-"]
    started = time.perf_counter()
    with source.open("rb") as handle:
        done = subprocess.run([*command, "--dry-run"], stdin=handle, capture_output=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(f"import from standard input failed: {done.stderr.decode(errors='replace').strip()}")
        return
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    print(f"import - --dry-run from standard input: {seconds:.1f} s, peak resident memory {peak_mb:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--mb", type=float, default=500, help="size of the generated export.xml in MB (default 500)"
    )
    parser.add_argument("--zip", action="store_true", help="read it from inside an export.zip")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also measure Python's peak allocation (slower)"
    )
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    parser.add_argument(
        "--stdin",
        action="store_true",
        help="also time `pain-diary import - --dry-run` with the file on standard input (its peak memory)",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="apple-health-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        xml = folder / "export.xml"
        started = time.perf_counter()
        nights = generate(xml, args.mb)
        print(
            f"generated {xml.stat().st_size / 2**20:.0f} MB, {nights} nights, in {time.perf_counter() - started:.1f} s"
        )
        source = xml
        if args.zip:
            source = folder / "export.zip"
            with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(xml, "apple_health_export/export.xml")
            print(f"zipped to {source.stat().st_size / 2**20:.0f} MB")
        gc.collect()
        rss_before = max_rss_mb()
        started = time.perf_counter()
        result = read_apple_health(source)
        seconds = time.perf_counter() - started
        rss_after = max_rss_mb()
        print(
            f"read {len(result.days)} nights in {seconds:.1f} s ({xml.stat().st_size / 2**20 / seconds:.0f} MB/s)"
        )
        print(
            f"peak resident memory (ru_maxrss): {rss_after:.0f} MB (was {rss_before:.0f} MB before reading)"
        )
        if args.stdin:
            stdin_import(source, folder)
        if args.tracemalloc:
            del result
            gc.collect()
            tracemalloc.start()
            started = time.perf_counter()
            read_apple_health(source)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"peak Python allocation while reading (tracemalloc): {peak / 2**20:.1f} MB ({time.perf_counter() - started:.1f} s traced)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
