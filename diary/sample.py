"""A realistic sample diary with known effects, for trying the app and testing the analysis.

The person in the sample sleeps on a soft old mattress, switches to a
medium-firm foam mattress half-way, takes an eight-night trip on a firm hotel bed
(tagged ``travel``), and skips about one day in twelve. Morning pain is

    baseline + trend·day + Σ effect·factor + AR(1) noise,

rounded and kept within 0–10. ``TRUE_EFFECTS`` lists every factor's real effect
in pain points (0 where a factor does nothing); the noise is autocorrelated
from day to day (φ = 0.6). A painkiller is taken mostly after a bad day, so it
goes with worse mornings although it helps: the analysis must not read it as a
cause. The committed ``sample_data/diary.csv`` is ``generate_sample()`` with
the default settings.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .entry import Entry, parse_entry
from .entry.fields import EXERTION, STRESS

# numpy is imported by the functions that draw the sample, not here: every page's sidebar
# reads SAMPLE_START and SAMPLE_DAYS, and the first page drawn should not wait for numpy.
if TYPE_CHECKING:
    import numpy as np

    from .storage import Diary
    from .storage.merge import ImportResult

SAMPLE_SEED = 20250405
SAMPLE_START = dt.date(2025, 4, 1)
SAMPLE_DAYS = 183

TRUE_EFFECTS: dict[str, float] = {
    "position:stomach": 1.5,
    "position:side": 0.0,
    "position:mixed": 0.0,
    # relative to medium-firm, the most frequent firmness (medium never occurs)
    "firmness:soft": 1.5,
    "firmness:firm": 0.0,
    "exertion": 0.5,  # per step: rest, light, moderate, heavy
    "lifting": 0.7,
    "sitting_hours": 0.15,  # per hour
    "sleep_hours": -0.3,  # per hour
    "stress": 0.3,  # per step: none, mild, moderate, high
    "alcohol": 0.0,
    "late_meal": 0.0,
    "warm_bath": -0.6,
    "cold_exposure": 0.0,
    "legs_elevated": 0.0,
    "exercise:stretching": -0.5,
    "exercise:walking": 0.0,
    "painkiller": -0.8,
}
"""The real effect of each factor on morning pain, in points (the sample's ground truth)."""

NO_EFFECTS: dict[str, float] = dict.fromkeys(TRUE_EFFECTS, 0.0)

_NOTES = (
    "Stiff getting out of bed, eased after a shower.",
    'Ached "like a belt" across the lower back, better by lunch.',
    "Long drive yesterday, 3 hours; back felt tight.",
    "Slept badly, neighbours' party; woke at 3.",
    "Helped a friend move boxes. Regretting it.",
    "Felt good after the evening walk.",
    "Pain 6/10 on waking, down to 2 by 9:00.",
)


@dataclass(frozen=True)
class SampleSpec:
    """How to generate a diary: its span, its true effects and its noise."""

    start: dt.date = SAMPLE_START
    days: int = SAMPLE_DAYS
    seed: int = SAMPLE_SEED
    effects: Mapping[str, float] = field(default_factory=lambda: dict(TRUE_EFFECTS))
    baseline: float = 3.6
    trend_per_day: float = -0.003
    ar_phi: float = 0.6
    noise_sd: float = 0.9
    missing_share: float = 0.08
    switch_day: int | None = None  # day of the mattress switch; default half-way
    # Back on the old mattress for a week to confirm the difference (days since the start).
    confirm_week: tuple[int, int] | None = (150, 156)
    red_flag_days: tuple[int, ...] = (49,)


def _hhmm(minutes: float) -> str:
    minutes = round(minutes) % 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _pick(rng: np.random.Generator, options: tuple[str, ...], weights: tuple[float, ...]) -> str:
    import numpy as np

    return str(rng.choice(options, p=np.asarray(weights) / sum(weights)))


@dataclass(frozen=True)
class _Day:
    """What the person did the day before and how they slept: the factors of one morning.

    Every value is drawn in a fixed order from the one generator, so the same
    seed gives the same diary; the order of the draws is part of the sample.
    """

    position: str
    legs_elevated: bool
    exertion: str
    lifting: bool
    sitting: float
    exercise: list[str]
    alcohol: bool
    late_meal: bool
    warm_bath: bool
    cold: bool
    stress: str
    painkiller: bool
    bed: float  # minutes after midnight, the evening before (may pass 24 h)
    wake: float  # minutes after midnight
    latency: int
    awakenings: int
    awake_minutes: int

    @property
    def slept_h(self) -> float:
        in_bed_h = ((self.wake - self.bed) % 1440) / 60
        return max(in_bed_h - (self.latency + self.awake_minutes) / 60, 0.0)


def _ar1_noise(spec: SampleSpec, rng: np.random.Generator) -> np.ndarray:
    """Day-to-day noise with autocorrelation ``ar_phi``, started from its stationary spread."""
    import numpy as np

    noise = np.empty(spec.days)
    state = rng.normal(0, spec.noise_sd / np.sqrt(1 - spec.ar_phi**2))
    for i in range(spec.days):
        state = spec.ar_phi * state + rng.normal(0, spec.noise_sd) if i else state
        noise[i] = state
    return noise


def _trip_days(spec: SampleSpec) -> set[int]:
    """Days (since the start) of the eight-night trips on a hotel bed."""
    return {day for first in range(spec.days // 3 - 20, spec.days, 150) for day in range(first, first + 8)}


def _bed(spec: SampleSpec, i: int, switch: int, travelling: bool) -> tuple[str, str]:
    """The mattress slept on before morning ``i``, and its firmness."""
    if travelling:
        return "Hotel bed", "firm"
    if i < switch or (spec.confirm_week and spec.confirm_week[0] <= i < spec.confirm_week[1]):
        return "Old mattress", "soft"
    return "Foam 2025", "medium-firm"


def _draw_day(rng: np.random.Generator, day: dt.date, previous_pain: float) -> _Day:
    """The factors of the morning of ``day``: the night before it and the day before that."""
    import numpy as np

    yesterday_weekend = (day - dt.timedelta(days=1)).weekday() >= 5
    position = _pick(rng, ("back", "side", "stomach", "mixed"), (0.33, 0.45, 0.17, 0.05))
    legs_elevated = bool(position == "back" and rng.random() < 0.15)
    exertion = _pick(rng, EXERTION, (0.25, 0.4, 0.25, 0.1))
    lifting = bool(rng.random() < (0.55 if exertion == "heavy" else 0.05))
    sitting = float(np.clip(rng.normal(3.0 if yesterday_weekend else 7.0, 1.5), 0.5, 14))
    sitting = round(sitting * 2) / 2
    exercise = [
        kind
        for kind, share in (("stretching", 0.3), ("walking", 0.4), ("yoga", 0.05), ("swimming", 0.05))
        if rng.random() < share
    ]
    alcohol = bool(rng.random() < (0.4 if yesterday_weekend else 0.12))
    late_meal = bool(rng.random() < 0.15)
    warm_bath = bool(rng.random() < 0.18)
    cold = bool(rng.random() < 0.05)
    stress = _pick(rng, STRESS, (0.3, 0.4, 0.2, 0.1))
    painkiller = bool(rng.random() < (0.6 if previous_pain >= 6 else 0.06))
    bed = rng.normal(23 * 60 + (30 if yesterday_weekend else 0), 35)
    wake = rng.normal((8 * 60) if day.weekday() >= 5 else (6 * 60 + 45), 20)
    latency = int(np.clip(rng.gamma(2.0, 8.0), 0, 120))
    awakenings = int(rng.poisson(1.2))
    awake_minutes = int(sum(rng.integers(2, 15) for _ in range(awakenings)))
    return _Day(
        position=position,
        legs_elevated=legs_elevated,
        exertion=exertion,
        lifting=lifting,
        sitting=sitting,
        exercise=exercise,
        alcohol=alcohol,
        late_meal=late_meal,
        warm_bath=warm_bath,
        cold=cold,
        stress=stress,
        painkiller=painkiller,
        bed=bed,
        wake=wake,
        latency=latency,
        awakenings=awakenings,
        awake_minutes=awake_minutes,
    )


def _latent_pain(spec: SampleSpec, eff: Mapping[str, float], i: int, firmness: str, d: _Day) -> float:
    """The model's morning pain before noise and rounding: baseline, trend and every factor's effect."""
    # One expression, summed left to right: the order of the terms is part of the sample's values.
    return (
        spec.baseline
        + spec.trend_per_day * i
        + eff["position:stomach"] * (d.position == "stomach")
        + eff["position:side"] * (d.position == "side")
        + eff["position:mixed"] * (d.position == "mixed")
        + eff["firmness:soft"] * (firmness == "soft")
        + eff["firmness:firm"] * (firmness == "firm")
        + eff["exertion"] * EXERTION.index(d.exertion)
        + eff["lifting"] * d.lifting
        + eff["sitting_hours"] * (d.sitting - 5)
        + eff["sleep_hours"] * (d.slept_h - 7)
        + eff["stress"] * STRESS.index(d.stress)
        + eff["alcohol"] * d.alcohol
        + eff["late_meal"] * d.late_meal
        + eff["warm_bath"] * d.warm_bath
        + eff["cold_exposure"] * d.cold
        + eff["legs_elevated"] * d.legs_elevated
        + eff["exercise:stretching"] * ("stretching" in d.exercise)
        + eff["exercise:walking"] * ("walking" in d.exercise)
        + eff["painkiller"] * d.painkiller
    )


def _morning(rng: np.random.Generator, day: dt.date, pain: int) -> dict[str, object]:
    """How long the pain lasted, where it was, and when the entry was saved (drawn for logged days)."""
    import numpy as np

    minutes = 0 if pain == 0 else int(np.clip(round(rng.lognormal(np.log(4 + pain * 6), 0.35)), 1, 600))
    areas = ["lower_back"] if pain else []
    if pain and rng.random() < 0.25:
        areas.append("kidney_area")
    if pain >= 6 and rng.random() < 0.3:
        areas.append("leg")
    logged = dt.datetime.combine(
        day + dt.timedelta(days=1 if rng.random() < 0.05 else 0),
        dt.time(7, 0),
        tzinfo=dt.timezone(dt.timedelta(hours=2)),
    ) + dt.timedelta(minutes=int(rng.integers(0, 90)))
    return {"pain_minutes": minutes, "pain_areas": areas, "logged_at": logged}


def _entry(
    rng: np.random.Generator,
    spec: SampleSpec,
    i: int,
    pain: int,
    bed: tuple[str, str],
    d: _Day,
    travelling: bool,
) -> Entry:
    """The logged entry of morning ``i``; its remaining values are drawn here, in column order."""
    import numpy as np

    day = spec.start + dt.timedelta(days=i)
    morning = _morning(rng, day, pain)
    mattress, firmness = bed
    return parse_entry(
        {
            "date": day,
            "pain": pain,
            "pain_minutes": morning["pain_minutes"],
            "pain_areas": morning["pain_areas"],
            "numbness": bool(pain >= 6 and rng.random() < 0.2),
            "night_wakings": int(rng.poisson(max(pain - 4, 0) * 0.4)),
            "mattress": mattress,
            "firmness": firmness,
            "position": d.position,
            "legs_elevated": d.legs_elevated,
            "pillow": "medium",
            "bedtime": _hhmm(d.bed),
            "wake_time": _hhmm(d.wake),
            "sleep_latency_min": d.latency,
            "awakenings": d.awakenings,
            "awake_minutes": d.awake_minutes,
            "sleep_quality": int(np.clip(round(4 - 0.35 * (pain - 3) + rng.normal(0, 0.6)), 1, 5)),
            "exertion": d.exertion,
            "lifting": d.lifting,
            "sitting_hours": d.sitting,
            "exercise": d.exercise,
            "alcohol": d.alcohol,
            "late_meal": d.late_meal,
            "warm_bath": d.warm_bath,
            "cold_exposure": d.cold,
            "stress": d.stress,
            "painkiller": d.painkiller,
            "weight_kg": round(82 - i * 0.004 + rng.normal(0, 0.3), 1) if day.weekday() == 0 else None,
            "red_flags": ["fever", "urinary"] if i in spec.red_flag_days else [],
            "tags": ["travel"] if travelling else [],
            "notes": str(rng.choice(_NOTES)) if rng.random() < 0.12 else None,
            "logged_at": morning["logged_at"],
        },
        check_future=False,
    )


def generate_sample(spec: SampleSpec | None = None) -> list[Entry]:
    """The sample diary for ``spec`` (the default sample when omitted); same spec, same diary."""
    import numpy as np

    spec = spec or SampleSpec()
    rng = np.random.default_rng(spec.seed)
    eff = {name: spec.effects.get(name, 0.0) for name in TRUE_EFFECTS}
    switch = spec.switch_day if spec.switch_day is not None else int(spec.days * 0.45)
    trips = _trip_days(spec)
    noise = _ar1_noise(spec, rng)

    entries: list[Entry] = []
    previous_pain: float = spec.baseline
    for i in range(spec.days):
        day = spec.start + dt.timedelta(days=i)
        travelling = i in trips
        bed = _bed(spec, i, switch, travelling)
        drawn = _draw_day(rng, day, previous_pain)
        pain = int(np.clip(round(_latent_pain(spec, eff, i, bed[1], drawn) + noise[i]), 0, 10))
        previous_pain = pain
        if rng.random() < spec.missing_share and i not in spec.red_flag_days:
            continue  # a morning that was not logged
        entries.append(_entry(rng, spec, i, pain, bed, drawn, travelling))
    return entries


@functools.cache
def _default_sample() -> dict[dt.date, Entry]:
    """The default sample by date, generated once per process (entries are immutable; never change the dict)."""
    return {e.date: e for e in generate_sample()}


def sample_entries() -> list[Entry]:
    """The default sample diary (the content of ``sample_data/diary.csv``)."""
    return list(_default_sample().values())


def load_sample(diary: Diary) -> ImportResult:
    """Merge the sample diary into ``diary`` (all or nothing).

    Days of the person's own on the sample's dates are never replaced: a
    ``DiaryError`` says so and how to try the sample in a diary of its own
    (the usual conflict message would offer to replace them).
    """
    from .errors import DiaryError
    from .storage.merge import ImportConflict

    try:
        return diary.import_entries(sample_entries())
    except ImportConflict as exc:
        days = [c.date for c in exc.plan.conflicts]
        raise DiaryError(sample_conflict_message(days)) from None


def sample_conflict_message(days: list[dt.date]) -> str:
    """Why the sample was not loaded: ``days`` of the person's own fall on its dates."""
    from .wording import day_label, from_to, plural

    when = day_label(days[0]) if len(days) == 1 else from_to(min(days), max(days))
    return (
        f"The sample diary was not loaded: your diary has {plural(len(days), 'day')} of its own on the sample's "
        f"dates ({when}), and the sample never replaces them. To try the sample, "
        "load it into a new, empty diary (on the command line: pain-diary --data sample.sqlite3 sample)."
    )


def sample_days(diary: Diary) -> list[dt.date]:
    """Dates whose entry is still exactly the sample's (the ones ``remove_sample`` would delete)."""
    sample = _default_sample()
    found = diary.entries(min(sample), max(sample))
    return [e.date for e in found if e.date in sample and e.same_values(sample[e.date])]


def remove_sample(diary: Diary) -> int:
    """Delete the sample's entries again; days the person edited or logged themselves stay."""
    return diary.delete_many(sample_days(diary))
