"""Simulated diaries for the situations that fool a naive analysis, each with its truth.

Every diary is six months of mornings with autocorrelated noise (AR(1), φ = 0.6)
and a few everyday factors drawn at random, plus one situation:

- ``recovery``: pain eases by itself over months, and the mattress switch does
  nothing. The curve depends on the seed: easing from the start, or building
  to its worst on the day of the switch (people buy a mattress when it is at
  its worst) and easing over the months after, with a kink or smoothly.
- ``weekday``: work days mean more sitting the day before *and* more pain; the
  sitting itself does nothing.
- ``pills``: a painkiller is taken because of the morning's pain (the column
  covers the last 24 hours, so it holds this morning's pill); it does nothing
  for the pain logged on waking.
- ``exertion_lag``: exertion acts two days later only; busy days come in runs.
- ``trip``: one mattress switch and an eight-night trip on a firm hotel bed.
- ``switch_back``: one mattress switch and, weeks later, a week back on the old one.
- ``stress_ends``: pain eases by itself as in ``recovery``, and months of high
  stress end on the day the curve turns; the stress does nothing.

``Simulated.truth`` holds the real effect of every factor the diary holds, in
pain points keyed by the analysis' factor ids; ``lags`` the real effect of
exertion 1, 2 and 3 days before the morning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from diary.entry import parse_entry
from diary.entry.frame import entries_frame

START = dt.date(2024, 3, 4)  # a Monday
DAYS = 180
EXERTION = ("rest", "light", "moderate", "heavy")
STRESS = ("none", "mild", "moderate", "high")
EVERYDAY_EFFECTS: dict[str, float] = {
    "position:stomach": 1.5,
    "position:side": 0.0,
    "exertion": 0.5,  # per step, the day before
    "stress": 0.3,  # per step
    "sitting_hours": 0.0,
    "lifting": 0.7,
    "warm_bath": -0.6,
    "alcohol": 0.0,
}
OLD, NEW = ("Old mattress", "soft"), ("New mattress", "medium")


@dataclass
class Simulated:
    """A simulated diary and what is really going on in it."""

    frame: pd.DataFrame
    truth: dict[str, float]
    lags: dict[int, float] = field(default_factory=lambda: {1: 0.0, 2: 0.0, 3: 0.0})
    switch: dt.date | None = None  # the mattress switch, when there is one


def ar1_noise(rng: np.random.Generator, days: int, phi: float = 0.6, sd: float = 0.9) -> np.ndarray:
    """Day-to-day noise that carries over (AR(1)), started from its stationary spread."""
    u = np.empty(days)
    u[0] = rng.normal(0, sd / np.sqrt(1 - phi**2))
    for t in range(1, days):
        u[t] = phi * u[t - 1] + rng.normal(0, sd)
    return u


def _everyday(rng: np.random.Generator, days: int) -> dict[str, np.ndarray]:
    """The factors drawn at random every day, in a fixed order (same seed, same diary)."""
    return {
        "position": rng.choice(["back", "side", "stomach"], days, p=[0.45, 0.35, 0.2]),
        "exertion": rng.integers(0, 4, days),
        "stress": rng.integers(0, 4, days),
        "sitting_hours": rng.uniform(2, 10, days).round(1),
        "lifting": rng.random(days) < 0.2,
        "warm_bath": rng.random(days) < 0.3,
        "alcohol": rng.random(days) < 0.25,
    }


def _everyday_pain(x: dict[str, np.ndarray], effects: dict[str, float]) -> np.ndarray:
    return (
        effects["position:stomach"] * (x["position"] == "stomach")
        + effects["position:side"] * (x["position"] == "side")
        + effects["exertion"] * x["exertion"]
        + effects["stress"] * x["stress"]
        + effects["sitting_hours"] * (x["sitting_hours"] - 6)
        + effects["lifting"] * x["lifting"]
        + effects["warm_bath"] * x["warm_bath"]
        + effects["alcohol"] * x["alcohol"]
    )


def _frame(
    x: dict[str, Any],
    latent: np.ndarray,
    rng: np.random.Generator,
    beds: list[tuple[str, str]],
    skipped_share: float = 0.05,
) -> pd.DataFrame:
    """The logged mornings (about one in twenty skipped at random, or ``skipped_share``) as the analysis reads them."""
    pain = np.clip(np.round(latent), 0, 10).astype(int)
    skipped = rng.random(len(pain)) < skipped_share
    rows = []
    for i in np.flatnonzero(~skipped):
        row: dict[str, Any] = {
            "date": (START + dt.timedelta(days=int(i))).isoformat(),
            "pain": int(pain[i]),
            "mattress": beds[i][0],
            "firmness": beds[i][1],
            "position": str(x["position"][i]),
            "exertion": EXERTION[int(x["exertion"][i])],
            "stress": STRESS[int(x["stress"][i])],
            "sitting_hours": float(x["sitting_hours"][i]),
            "lifting": bool(x["lifting"][i]),
            "warm_bath": bool(x["warm_bath"][i]),
            "alcohol": bool(x["alcohol"][i]),
        }
        if "painkiller" in x:
            row["painkiller"] = bool(x["painkiller"][i])
        if "tags" in x and x["tags"][i]:
            row["tags"] = x["tags"][i]
        rows.append(row)
    return entries_frame([parse_entry(r, check_future=False) for r in rows])


def _beds(
    days: int, switch: int, old_again: range = range(0), hotel: range = range(0)
) -> list[tuple[str, str]]:
    beds = []
    for i in range(days):
        if i in hotel:
            beds.append(("Hotel bed", "firm"))
        elif i < switch or i in old_again:
            beds.append(OLD)
        else:
            beds.append(NEW)
    return beds


def recovery_curve(shape: int, day: np.ndarray, switch: int) -> np.ndarray:
    """How much worse than usual pain is on each day, by itself: 0 eases from the start, 1 and 2 peak at the switch.

    1: builds over three weeks to its worst on the day of the switch, then eases over
    months (people buy a mattress when it is at its worst); 2: the same, smoothly.
    """
    if shape == 0:
        return 4.0 * np.exp(-day / 40)
    if shape == 1:
        rising = np.clip((day - (switch - 21)) / 21, 0, 1)
        return 3.5 * rising * np.exp(-np.maximum(day - switch, 0) / 50)
    width = np.where(day < switch, 18.0, 60.0)
    return 3.5 * np.exp(-(((day - switch) / width) ** 2))


def recovery(seed: int, mattress_effect: float = 0.0) -> Simulated:
    """Pain easing by itself over months; a switch from a soft to a medium mattress (``recovery_curve``, seed % 3)."""
    rng = np.random.default_rng(seed)
    x = _everyday(rng, DAYS)
    day = np.arange(DAYS)
    switch = int(rng.integers(40, 101))
    curve = recovery_curve(seed % 3, day, switch)
    soft = day < switch
    latent = 2.5 + curve + _everyday_pain(x, EVERYDAY_EFFECTS) + mattress_effect * soft + ar1_noise(rng, DAYS)
    frame = _frame(x, latent, rng, _beds(DAYS, switch))
    truth = {**EVERYDAY_EFFECTS, "firmness:soft": mattress_effect}
    return Simulated(frame, truth, switch=START + dt.timedelta(days=switch))


def stress_ends(seed: int) -> Simulated:
    """Pain easing by itself (``recovery_curve``, seed % 3); stress high every day until the turn, none after.

    A scale that changed once, as a mattress does: its step looks like the curve's.
    """
    rng = np.random.default_rng(seed)
    x = _everyday(rng, DAYS)
    day = np.arange(DAYS)
    turn = int(rng.integers(40, 101))
    x["stress"] = np.where(day < turn, 3, 0)
    effects = {**EVERYDAY_EFFECTS, "stress": 0.0}
    latent = 2.5 + recovery_curve(seed % 3, day, turn) + _everyday_pain(x, effects) + ar1_noise(rng, DAYS)
    frame = _frame(x, latent, rng, [NEW] * DAYS)
    return Simulated(frame, effects, switch=START + dt.timedelta(days=turn))


def steady(seed: int) -> Simulated:
    """Pain with no trend at all; a switch from a soft to a medium mattress that does nothing."""
    rng = np.random.default_rng(seed)
    x = _everyday(rng, DAYS)
    switch = int(rng.integers(40, 101))
    latent = 2.5 + _everyday_pain(x, EVERYDAY_EFFECTS) + ar1_noise(rng, DAYS)
    frame = _frame(x, latent, rng, _beds(DAYS, switch))
    return Simulated(
        frame, {**EVERYDAY_EFFECTS, "firmness:soft": 0.0}, switch=START + dt.timedelta(days=switch)
    )


def weekday(seed: int) -> Simulated:
    """Work days (Monday to Friday) mean more sitting and more pain the next morning; sitting does nothing."""
    rng = np.random.default_rng(seed)
    x = _everyday(rng, DAYS)
    dates = [START + dt.timedelta(days=i) for i in range(DAYS)]
    worked = np.array([(d - dt.timedelta(days=1)).weekday() < 5 for d in dates])
    x["sitting_hours"] = np.clip(
        np.where(worked, rng.normal(8, 1.5, DAYS), rng.normal(3, 1.2, DAYS)), 0, 14
    ).round(1)
    latent = 2.5 + 1.2 * worked + _everyday_pain(x, EVERYDAY_EFFECTS) + ar1_noise(rng, DAYS)
    return Simulated(_frame(x, latent, rng, [NEW] * DAYS), dict(EVERYDAY_EFFECTS))


def pills(seed: int) -> Simulated:
    """A painkiller taken because of the morning's pain (pain 5 or more: 7 times in 10); it changes nothing logged."""
    rng = np.random.default_rng(seed)
    x = _everyday(rng, DAYS)
    effects = {**EVERYDAY_EFFECTS, "exertion": 0.7}
    latent = 3.0 + _everyday_pain(x, effects) + ar1_noise(rng, DAYS)
    x["painkiller"] = rng.random(DAYS) < np.where(np.round(latent) >= 5, 0.7, 0.05)
    return Simulated(_frame(x, latent, rng, [NEW] * DAYS), effects)


def exertion_lag(seed: int, effect: float = 0.5, *, lasting: float = 0.6, skipped: float = 0.05) -> Simulated:
    """Exertion acts two days later only (lag 2); busy days come in runs, so lags 1 and 3 go with it.

    ``lasting``: how often a day's exertion is the day before's again; ``skipped``: the share of mornings
    not logged (each leaves exertion unknown for the day before it: lag 2 of the next morning, lag 3 of
    the one after).
    """
    rng = np.random.default_rng(seed)
    x = _everyday(rng, DAYS + 2)
    steps = np.empty(DAYS + 2, dtype=int)
    steps[0] = rng.integers(0, 4)
    for t in range(1, DAYS + 2):  # a busy spell tends to last: the same step again (6 times in 10)
        steps[t] = steps[t - 1] if rng.random() < lasting else rng.integers(0, 4)
    x["exertion"] = steps
    x = {k: v[2:] for k, v in x.items()}
    latent = 2.5 + _everyday_pain(x, {**EVERYDAY_EFFECTS, "exertion": 0.0}) + effect * steps[1:-1]
    latent = latent + ar1_noise(rng, DAYS)
    # Row D's exertion is the day before D (lag 1); steps[1:-1] is the day before that (lag 2).
    truth = {**EVERYDAY_EFFECTS, "exertion": 0.0}
    frame = _frame(x, latent, rng, [NEW] * DAYS, skipped)
    return Simulated(frame, truth, lags={1: 0.0, 2: effect, 3: 0.0})


def trip(seed: int, mattress_effect: float = 1.2) -> Simulated:
    """One switch from a soft to a medium mattress, and an eight-night trip on a firm hotel bed before it."""
    rng = np.random.default_rng(seed)
    x: dict[str, Any] = _everyday(rng, DAYS)  # and a list of tags
    switch = 100
    hotel = range(40, 48)
    beds = _beds(DAYS, switch, hotel=hotel)
    x["tags"] = [("travel",) if i in hotel else () for i in range(DAYS)]
    soft = np.array([b == OLD for b in beds])
    latent = 2.5 + _everyday_pain(x, EVERYDAY_EFFECTS) + mattress_effect * soft + ar1_noise(rng, DAYS)
    truth = {**EVERYDAY_EFFECTS, "firmness:soft": mattress_effect}
    return Simulated(_frame(x, latent, rng, beds), truth, switch=START + dt.timedelta(days=switch))


def switch_back(seed: int, mattress_effect: float = 1.2, *, recovering: bool = False) -> Simulated:
    """One switch from a soft to a medium mattress at day 80, and a week back on the soft one at day 140.

    ``recovering``: pain also eases by itself over the months (as in ``recovery``).
    """
    rng = np.random.default_rng(seed)
    x = _everyday(rng, DAYS)
    switch, back = 80, range(140, 147)
    beds = _beds(DAYS, switch, old_again=back)
    soft = np.array([b == OLD for b in beds])
    curve = 3.0 * np.exp(-np.arange(DAYS) / 50) if recovering else 0.0
    latent = 2.5 + curve + _everyday_pain(x, EVERYDAY_EFFECTS) + mattress_effect * soft + ar1_noise(rng, DAYS)
    truth = {**EVERYDAY_EFFECTS, "firmness:soft": mattress_effect}
    return Simulated(_frame(x, latent, rng, beds), truth, switch=START + dt.timedelta(days=switch))


SITUATIONS: dict[str, Callable[[int], Simulated]] = {
    "recovery": recovery,
    "weekday": weekday,
    "pills": pills,
    "exertion_lag": exertion_lag,
    "trip": trip,
    "switch_back": switch_back,
}
