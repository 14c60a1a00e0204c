"""Patterns worth a doctor's visit (DESIGN "Safety"), each stated with its numbers.

Judged over the most recent days of the diary: morning pain lasting over
``LONG_PAIN_MINUTES`` on most of the last two weeks, pain waking the person in
the night, pain not easing over six weeks, and the inflammatory pattern (long
morning stiffness, night waking, easing with movement rather than rest).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..wording import day_label, plural
from .results import Pattern

LONG_PAIN_MINUTES = 30  # morning pain lasting longer than this is worth noticing
RECENT_DAYS = 14  # long morning pain and night waking are judged over the last two weeks
MIN_RECENT_MORNINGS = 7  # fewer mornings with the minutes recorded in them: not judged
MIN_NIGHTS_WOKEN = 3  # nights woken by pain in the last two weeks that make a pattern
EASING_DAYS = 42  # "not easing" is judged over six weeks …
MIN_EASING_MORNINGS = 28  # … with at least this many mornings logged in them
MIN_EASING_WEEKS = 5  # … falling into at least this many weeks
NOT_EASING_PAIN = 4  # a mean at least this high …
EASING_PER_WEEK = -0.15  # … that falls by less than this many points a week is not easing
INFLAMMATORY_DAYS = 28  # the inflammatory pattern is judged over four weeks …
MIN_INFLAMMATORY_MORNINGS = 10  # … with at least this many mornings logged,
MIN_INFLAMMATORY_RECORDS = 7  # this many with the minutes and the night wakings recorded,
MIN_ACTIVE_OR_RESTING = 3  # and this many active days and days of rest
STIFF_MINUTES = LONG_PAIN_MINUTES  # long stiffness: a typical morning's pain lasts longer than this
WOKEN_SHARE = 0.25  # night waking: on at least this share of nights

PATTERNS_HEADING = "Patterns worth a doctor's visit"
PATTERN_LABEL = "Worth a doctor's visit"
"""Before one pattern's sentence, where it stands on its own (the Factors page's warnings)."""
CHECK_NAMES = {
    "long_morning_pain": f"morning pain over {LONG_PAIN_MINUTES} minutes on most recent days",
    "night_waking": "waking from pain",
    "not_easing": "pain not easing over weeks",
    "inflammatory": "the inflammatory pattern",
}
"""Each pattern the diary looks for, as the report names the checks it made and could not make."""


def no_patterns(unchecked: Sequence[str] = ()) -> str:
    """Where no pattern was found: the checks made, and those the recent days hold too little for."""
    made = [name for check, name in CHECK_NAMES.items() if check not in unchecked]
    missing = [CHECK_NAMES[check] for check in unchecked]
    if not made:
        return f"Not enough recent days recorded to check any yet ({', '.join(missing)})."
    text = f"None found (checked: {', '.join(made)})."
    if missing:
        text += f" Not enough recent days recorded to check {', '.join(missing)}."
    return text


class _TooFew(Exception):
    """A check the most recent days hold too little for: neither found nor ruled out."""


def judge_patterns(frame: pd.DataFrame, until: dt.date | None = None) -> tuple[list[Pattern], list[str]]:
    """The Safety patterns found, each with its numbers, over the most recent days of the diary (up to
    ``until``); and the checks (``CHECK_NAMES``) those days hold too little for."""
    if frame.empty:
        return [], list(CHECK_NAMES)
    data = frame.set_index("date").sort_index()
    end = pd.Timestamp(until) if until else data.index[-1]
    found: list[Pattern] = []
    unchecked: list[str] = []
    for check, judge in (
        ("long_morning_pain", _long_morning_pain),
        ("night_waking", _night_waking),
        ("not_easing", _not_easing),
        ("inflammatory", _inflammatory),
    ):
        try:
            pattern = judge(data, end)
        except _TooFew:
            unchecked.append(check)
            continue
        if pattern is not None:
            found.append(pattern)
    return found, unchecked


def find_patterns(frame: pd.DataFrame, until: dt.date | None = None) -> list[Pattern]:
    """The Safety patterns found (``judge_patterns``)."""
    return judge_patterns(frame, until)[0]


def _last(data: pd.DataFrame, end: pd.Timestamp, days: int) -> pd.DataFrame:
    return data.loc[end - pd.Timedelta(days=days - 1) : end]


def _long_morning_pain(data: pd.DataFrame, end: pd.Timestamp) -> Pattern | None:
    minutes = _last(data, end, RECENT_DAYS)["pain_minutes"].dropna()
    if len(minutes) < MIN_RECENT_MORNINGS:
        raise _TooFew
    long_days = int((minutes > LONG_PAIN_MINUTES).sum())
    if long_days <= len(minutes) / 2:
        return None
    return Pattern(
        "long_morning_pain",
        f"Morning pain lasted more than {LONG_PAIN_MINUTES} minutes after getting up on {long_days} of the "
        f"{len(minutes)} mornings logged in the {RECENT_DAYS} days up to {day_label(end.date())}. Morning stiffness "
        "that lasts this long on most days is worth showing a doctor.",
        {"days_over_30_min": long_days, "days_logged": len(minutes)},
    )


def _night_waking(data: pd.DataFrame, end: pd.Timestamp) -> Pattern | None:
    wakings = _last(data, end, RECENT_DAYS)["night_wakings"].dropna()
    woken = int((wakings > 0).sum())
    if woken < MIN_NIGHTS_WOKEN:
        if len(wakings) < MIN_RECENT_MORNINGS:
            raise _TooFew
        return None
    return Pattern(
        "night_waking",
        f"Pain woke you in the night on {woken} of the {len(wakings)} nights logged in the {RECENT_DAYS} days "
        f"up to {day_label(end.date())} ({int(wakings.sum())} times in all). Pain that wakes you at night is "
        "worth mentioning to a doctor.",
        {"nights_woken": woken, "nights_logged": len(wakings), "times": int(wakings.sum())},
    )


def _not_easing(data: pd.DataFrame, end: pd.Timestamp) -> Pattern | None:
    pain = _last(data, end, EASING_DAYS)["pain"].dropna().astype(float)
    dates = pd.DatetimeIndex(pain.index)
    if len(pain) < MIN_EASING_MORNINGS or (data.index[-1] - data.index[0]).days < EASING_DAYS - 1:
        raise _TooFew
    weekly = pain.groupby((end - dates).days // 7).mean().sort_index(ascending=False)
    slope = np.polyfit((dates - end).days.to_numpy(dtype=float), pain.to_numpy(), 1)[0] * 7
    if len(weekly) < MIN_EASING_WEEKS:
        raise _TooFew
    if pain.mean() < NOT_EASING_PAIN or slope <= EASING_PER_WEEK:
        return None
    weeks = ", ".join(f"{v:.1f}" for v in weekly)
    return Pattern(
        "not_easing",
        f"Morning pain has averaged {pain.mean():.1f} over the {EASING_DAYS // 7} weeks up to {day_label(end.date())} "
        f"(week by week: {weeks}) and is not easing. Pain that does not ease over weeks is "
        "worth a doctor's visit.",
        {"mean": round(float(pain.mean()), 2), "change_per_week": round(float(slope), 3)},
    )


def _inflammatory(data: pd.DataFrame, end: pd.Timestamp) -> Pattern | None:
    last = _last(data, end, INFLAMMATORY_DAYS)
    if len(last) < MIN_INFLAMMATORY_MORNINGS:
        raise _TooFew
    stiffness = last["pain_minutes"].dropna()
    nights = last["night_wakings"].dropna()
    moved = last["exercise"].map(lambda v: bool(v) if isinstance(v, tuple) else False)
    active = last["exertion"].isin(["moderate", "heavy"]) | moved
    rest = (last["exertion"] == "rest") & ~active
    if (
        min(len(stiffness), len(nights)) < MIN_INFLAMMATORY_RECORDS
        or min(active.sum(), rest.sum()) < MIN_ACTIVE_OR_RESTING
    ):
        raise _TooFew
    pain = last["pain"].astype(float)
    median_minutes = float(stiffness.median())
    woken_share = float((nights > 0).mean())
    after_active, after_rest = float(pain[active].mean()), float(pain[rest].mean())
    if median_minutes <= STIFF_MINUTES or woken_share < WOKEN_SHARE or after_active >= after_rest:
        return None
    return Pattern(
        "inflammatory",
        f"Over the {plural(len(last), 'morning')} logged in the {INFLAMMATORY_DAYS // 7} weeks up to "
        f"{day_label(end.date())}: morning stiffness lasting {median_minutes:.0f} "
        f"minutes on a typical day, pain waking you on {woken_share:.0%} of nights, and "
        f"mornings after active days no worse than after rest (pain {after_active:.1f} after "
        f"{plural(int(active.sum()), 'active day')}, {after_rest:.1f} after "
        f"{plural(int(rest.sum()), 'day')} of rest). Long morning stiffness, night waking and easing with movement "
        "rather than rest together are the inflammatory back pain pattern, which a doctor "
        "should look at.",
        {
            "median_minutes": median_minutes,
            "share_nights_woken": round(woken_share, 3),
            "pain_after_active": round(after_active, 2),
            "pain_after_rest": round(after_rest, 2),
        },
    )
