"""Shapes of real exports seen in the wild, each in a small file of made-up values."""

from __future__ import annotations

import datetime as dt

from diary.sources import read_source

T = dt.time


def test_the_first_apple_health_exports_name_the_source_and_write_times_without_separators() -> None:
    """iOS 8 wrote ``source="…"`` and ``startDate="20150615232000-0700"``; later exports ``sourceName`` and
    ``2015-06-15 23:20:00 -0700``."""
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_US">
 <ExportDate value="20150616071916-0700"/>
 <Record type="HKQuantityTypeIdentifierStepCount" source="iPhone" unit="count"
  startDate="20150615113000-0700" endDate="20150615114000-0700" value="120"/>
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" source="Sleep Cycle"
  startDate="20150615232000-0700" endDate="20150616064500-0700" value="0"/>
 <Record type="HKCategoryTypeIdentifierSleepAnalysis" source="Sleep Cycle"
  startDate="20150615234500-0700" endDate="20150616063000-0700" value="1"/>
</HealthData>
"""
    result = read_source(xml, name="export.xml")
    assert result.kind == "apple-health" and not result.unrecognised
    night = result.day(dt.date(2015, 6, 16))
    assert night is not None and night.device == "Apple Health (Sleep Cycle)"
    assert dict(night.values) == {
        "bedtime": T(23, 20),
        "wake_time": T(6, 30),
        "sleep_latency_min": 25,
        "awake_minutes": 0,
    }
