"""A planned self-experiment: two conditions of one factor, in randomised pairs of periods.

A trial compares condition A with condition B a night at a time (DESIGN
"Self-experiments"). Its schedule is ``pairs`` pairs of periods, each period
``block`` consecutive nights; within each pair the order A→B or B→A is drawn
at random from the kept ``seed``, so the same plan always gives the same
calendar. The first ``washout`` nights of every period are adaptation: shown,
and left out of the result. Nights are dated by their morning, like entries.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from .. import clock
from ..entry import Entry, parse_value
from ..entry.fields import FIELD_BY_NAME, PILLOWS, TAG_RULE, is_tag, match_mattress, tidy_tag
from ..wording import day_label, plural
from .limits import (
    DEFAULT_PAIRS,
    MIN_PAIRS,
    TrialError,
    TrialRecordError,
    check_ahead,
    check_dates,
    check_design,
    check_seed,
)

Condition = Literal["a", "b"]
Status = Literal["planned", "running", "finished", "ended_early", "cancelled"]

MIN_USED_SHARE = 0.6  # fewer of the planned counted nights logged: not enough nights to judge
MIN_CONDITION_NIGHTS = MIN_PAIRS  # and this many counted nights of each (every plan has them: a night a pair)
TRIAL_POSITIONS = ("back", "side", "stomach")
_TRUE_WORDS = {"true": "true", "yes": "true", "1": "true", "with": "true"}
_FALSE_WORDS = {"false": "false", "no": "false", "0": "false", "without": "false"}
BOOL_FACTORS = ("legs_elevated", "warm_bath")
TAG_KIND = "tag:<label>"
"""The kind of factor that is one of the person's own tags; its factor id names the tag (``tag_factor``)."""
FACTOR_KINDS = ("mattress", "position", "pillow", *BOOL_FACTORS, TAG_KIND)


@dataclass(frozen=True)
class Night:
    """One night of the schedule, dated by the morning it ends on."""

    date: dt.date
    condition: Condition
    value: str  # the diary value this condition means ("Foam 2025", "stomach", "true")
    washout: bool
    pair: int  # 1-based
    period: int  # 1-based, over the whole trial
    night: int  # 1-based within the period

    def to_json(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "condition": self.condition,
            "value": self.value,
            "washout": self.washout,
        }


@dataclass(frozen=True)
class Trial:
    """A saved plan; its schedule is drawn from it (``schedule``), never stored apart from it."""

    id: str
    factor: str
    a: str
    b: str
    pairs: int
    block: int
    washout: int
    seed: int
    start: dt.date
    created_at: dt.datetime
    ended_on: dt.date | None = None  # ended early: the last morning that counts
    cancelled: bool = False

    @property
    def yes_no(self) -> bool:
        """A trial of with against without (a warm bath, legs raised, a tag), its conditions kept as true/false."""
        return self.factor in BOOL_FACTORS or tag_of(self.factor) is not None

    @property
    def nights_planned(self) -> int:
        return 2 * self.pairs * self.block

    @property
    def counted_nights(self) -> int:
        """The plan's nights that count (not adaptation), over the whole plan, whenever it is ended."""
        return 2 * self.pairs * (self.block - self.washout)

    @property
    def nights_needed(self) -> tuple[int, int]:
        """The counted nights a result needs: in all (60 % of the plan's, rounded up), and of each condition.

        Every plan has at least ``MIN_CONDITION_NIGHTS`` of each (a counted night in each period of at
        least two pairs), so a plan logged in full is always judged.
        """
        return nights_needed(self.counted_nights)

    @property
    def end(self) -> dt.date:
        """The morning of the last planned night."""
        return self.start + dt.timedelta(days=self.nights_planned - 1)

    @property
    def last_counted(self) -> dt.date:
        """The last morning that belongs to the result: the end, or the day it was ended early."""
        return min(self.end, self.ended_on) if self.ended_on else self.end

    def condition_value(self, condition: Condition) -> str:
        return self.a if condition == "a" else self.b

    def drawn_ahead_of(self, morning: dt.date) -> bool:
        """Whether the night ending on ``morning`` was still to come when the plan was drawn.

        A plan dated back (DESIGN allows it while nothing since is logged) has nights slept before it
        existed: they cannot have followed it, so their plan is never filled in as if they had; what was
        slept is logged, and a night that differs shows as off the plan. A morning on the day the plan was
        drawn ended a night slept before it.
        """
        return morning > self.created_at.date()

    def status(self, logged: Iterable[dt.date], today: dt.date) -> Status:
        """Where the trial stands: finished once its last morning or a later one is logged, or it was ended
        once its nights were over.

        Until then it runs, its last morning past or not: a plan dated back is
        logged a morning at a time, and an answer from part of its nights
        would be the peeking the trial guards against. A morning after the
        last is logged only once the trial is behind the person (its last one
        forgotten). Ended before its last morning, it ended early, and its
        result says so.
        """
        if self.cancelled:
            return "cancelled"
        if self.ended_on is not None:
            return "finished" if self.ended_on >= self.end else "ended_early"
        if any(day >= self.end for day in logged):
            return "finished"
        return "planned" if today < self.start else "running"

    def to_record(self) -> dict[str, object]:
        """The fields storage keeps (the schedule is drawn again from them)."""
        return {
            "id": self.id,
            "factor": self.factor,
            "a": self.a,
            "b": self.b,
            "pairs": self.pairs,
            "block": self.block,
            "washout": self.washout,
            "seed": self.seed,
            "start": self.start.isoformat(),
            "created_at": self.created_at.isoformat(),
            "ended_on": self.ended_on.isoformat() if self.ended_on else None,
            "cancelled": self.cancelled,
        }

    @classmethod
    def from_record(cls, record: dict[str, object]) -> Trial:
        """The trial a record keeps (``TrialRecordError`` naming what is missing or not valid)."""
        try:
            trial = cls._from_record(record)
            # As a plan is checked when it is made: a kept value no plan can have would break every page
            # that shows the trial, and every command (an unknown factor, "belly", a condition twice).
            if check_factor(trial.factor) != trial.factor:
                raise TrialError(f"the factor {trial.factor!r} is not written as a plan writes it")
            if check_conditions(trial.factor, trial.a, trial.b) != (trial.a, trial.b):
                raise TrialError(
                    f"the conditions {trial.a!r} and {trial.b!r} are not written as a plan writes them"
                )
            check_design(trial.factor, trial.pairs, trial.block, trial.washout)
            check_dates(trial.start, trial.nights_planned)  # a schedule that could not be drawn, or logged
            check_seed(trial.seed)
            return trial
        except KeyError as exc:
            reason = f"has no {exc.args[0]}"
        except (ValueError, TypeError) as exc:
            reason = f"holds a value that is not valid ({exc})"
        except TrialError as exc:
            reason = f"holds a plan no trial can have ({exc})"
        raise TrialRecordError(f"its trial {str(record.get('id', ''))!r} {reason}")

    @classmethod
    def _from_record(cls, record: dict[str, object]) -> Trial:
        ended = record.get("ended_on")
        cancelled = record.get("cancelled", False)
        if not isinstance(cancelled, bool):
            raise ValueError(f"cancelled is {cancelled!r}, not true or false")
        return cls(
            id=str(record["id"]),
            factor=str(record["factor"]),
            a=str(record["a"]),
            b=str(record["b"]),
            pairs=int(str(record["pairs"])),
            block=int(str(record["block"])),
            washout=int(str(record["washout"])),
            seed=int(str(record["seed"])),
            start=dt.date.fromisoformat(str(record["start"])),
            created_at=dt.datetime.fromisoformat(str(record["created_at"])),
            ended_on=dt.date.fromisoformat(str(ended)) if ended else None,
            cancelled=cancelled,
        )


# -- what a factor's conditions mean ------------------------------------------------


def default_block(factor: str) -> int:
    """A week per period for a mattress (the body adapts), three nights for anything else."""
    return 7 if factor == "mattress" else 3


def default_washout(factor: str) -> int:
    """Two adaptation nights for a mattress, none otherwise."""
    return 2 if factor == "mattress" else 0


def tag_of(factor: str) -> str | None:
    """The label of a ``tag:<label>`` factor, else ``None``."""
    return factor.partition(":")[2] if factor.startswith("tag:") else None


def tag_factor(typed: str) -> str:
    """The factor id of a trial of a tag as typed, tidied as the Log page tidies a tag: "New Pillow " is
    ``tag:new-pillow``; nothing typed yet is ``tag:?``.

    ``tag:?``, and what cannot be made a label (only signs or emoji), are refused by ``check_factor``, which
    says what a tag may hold.
    """
    return f"tag:{tidy_tag(typed) or typed.strip().lower() or '?'}"


def typed_exactly(factor: str) -> str:
    """``factor`` as typed on the command line, where a tag is taken only as the label it is (as ``add
    --tags`` takes it): "tag:New Pillow" is refused, naming the label it could be, never saved as another.
    """
    typed = factor.strip()[4:].strip() if factor.strip().startswith("tag:") else None
    if typed is None or typed in ("", "?") or is_tag(typed):
        return factor
    tidied = tidy_tag(typed)
    hint = f" (try 'tag:{tidied}')" if tidied else ""
    raise TrialError(f"The tag '{typed}' is not a label{hint}: use {TAG_RULE}.")


def condition_choices(factor: str) -> tuple[str, ...]:
    """The values a trial of a position or a pillow picks its conditions from; none for any other factor."""
    return {"position": TRIAL_POSITIONS, "pillow": PILLOWS}.get(factor, ())


def default_conditions(factor: str, known: Sequence[str] = ()) -> tuple[str, str]:
    """The conditions A and B a plan starts from, before the person changes them.

    A mattress: the first two of ``known`` (the diary's mattresses, most recently slept on first: the
    current one against the one before; either left empty when it has fewer); a position or pillow: the first and last choice;
    a tag: with and without it; anything else: yes and no.
    """
    if factor == "mattress":
        return (known[0] if known else "", known[1] if len(known) > 1 else "")
    choices = condition_choices(factor)
    if choices:
        return choices[0], choices[-1]
    if factor.startswith("tag:"):
        return "with", "without"
    return "true", "false"


def check_factor(factor: str) -> str:
    """The factor id as stored, or ``TrialError`` naming what is allowed."""
    factor = factor.strip()
    if factor in ("mattress", "position", "pillow", *BOOL_FACTORS):
        return factor
    if factor.startswith("tag:"):
        typed = factor[4:].strip()
        label = tidy_tag(typed) if typed != "?" else None
        if label is not None:
            return f"tag:{label}"
        if typed in ("", "?"):  # nothing typed yet (``tag_factor``)
            raise TrialError(f"Type the tag the trial compares with and without (a label of {TAG_RULE}).")
        raise TrialError(f"The tag '{typed}' cannot be made a label: use {TAG_RULE}.")
    raise TrialError(
        f"A trial cannot compare '{factor}': the factor must be one of {', '.join(FACTOR_KINDS)}."
    )


def _condition(factor: str, text: str, side: str) -> str:
    value = text.strip()
    if not value:
        raise TrialError(f"Condition {side.upper()} is empty: name what the nights of {side.upper()} are.")
    if factor == "mattress":  # by the diary's own rule for the column: every night logs the name as planned
        try:
            return str(parse_value(FIELD_BY_NAME["mattress"], value))
        except ValueError as problem:
            raise TrialError(f"The mattress name for {side.upper()} {problem}.") from None
    choices = condition_choices(factor)
    if choices:
        if value.lower() not in choices:
            raise TrialError(
                f"Condition {side.upper()} '{value}' is not a {factor} a trial can compare: "
                f"use one of {', '.join(choices)}."
            )
        return value.lower()
    word = value.lower()
    if word in _TRUE_WORDS:
        return "true"
    if word in _FALSE_WORDS:
        return "false"
    allowed = "with or without" if factor.startswith("tag:") else "true or false (yes/no)"
    raise TrialError(f"Condition {side.upper()} '{value}' for {factor} must be {allowed}.")


def check_conditions(factor: str, a: str, b: str) -> tuple[str, str]:
    """The two conditions as stored; they must differ."""
    a_value, b_value = _condition(factor, a, "a"), _condition(factor, b, "b")
    if a_value.casefold() == b_value.casefold():
        same = " and ".join(f"'{text}'" for text in dict.fromkeys((a.strip(), b.strip())))  # as typed
        raise TrialError(
            f"Conditions A and B are one and the same ({same}): a trial compares two different ones."
        )
    return a_value, b_value


def new_mattresses(factor: str, a: str, b: str, known: Iterable[str]) -> list[str]:
    """Mattress names of the plan that the diary has never logged (accepted as new, and said so)."""
    if factor != "mattress":
        return []
    seen = {name.casefold() for name in known}
    return [name for name in (a, b) if name.casefold() not in seen]


def entry_value(factor: str, entry: Entry) -> str | None:
    """What a logged night says about the trial's factor, in the plan's terms (``None``: not recorded)."""
    label = tag_of(factor)
    if label is not None:
        return "true" if label in entry.tags else "false"
    value = getattr(entry, factor)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def follows_plan(factor: str, planned: str, logged: str | None) -> bool | None:
    """Whether a logged night matches its plan (``None``: the factor was not recorded that night)."""
    if logged is None:
        return None
    if factor == "mattress":
        return logged.strip().casefold() == planned.strip().casefold()
    return logged == planned


# -- drawing the schedule -----------------------------------------------------------


def nights_needed(counted: int) -> tuple[int, int]:
    """Of a plan's ``counted`` nights, how many a result needs logged: in all, and of each condition."""
    return math.ceil(MIN_USED_SHARE * counted - 1e-9), MIN_CONDITION_NIGHTS


def used_per_condition(used: Iterable[Night]) -> tuple[int, int]:
    """How many of ``used`` (the planned nights of the counted mornings logged) were A nights, and B nights."""
    conditions = [n.condition for n in used]
    return conditions.count("a"), conditions.count("b")


def orders(pairs: int, seed: int) -> tuple[tuple[Condition, Condition], ...]:
    """The order of each pair, drawn from ``seed`` (``random.Random``: the same seed, the same orders)."""
    rng = random.Random(seed)
    return tuple(("a", "b") if rng.random() < 0.5 else ("b", "a") for _ in range(pairs))


def schedule(trial: Trial, flips: Sequence[bool] | None = None) -> list[Night]:
    """Every planned night in date order; ``flips`` swaps the drawn order of chosen pairs (the randomisation test)."""
    drawn = orders(trial.pairs, trial.seed)
    nights: list[Night] = []
    day = trial.start
    for pair, order in enumerate(drawn, start=1):
        if flips is not None and flips[pair - 1]:
            order = (order[1], order[0])
        for half, condition in enumerate(order):
            period = 2 * (pair - 1) + half + 1
            for night in range(1, trial.block + 1):
                nights.append(
                    Night(
                        day,
                        condition,
                        trial.condition_value(condition),
                        night <= trial.washout,
                        pair,
                        period,
                        night,
                    )
                )
                day += dt.timedelta(days=1)
    return nights


def night_on(trial: Trial, day: dt.date) -> Night | None:
    """The planned night that ends on the morning of ``day``, if the trial has one."""
    offset = (day - trial.start).days
    if not 0 <= offset < trial.nights_planned:
        return None
    return schedule(trial)[offset]


def new_trial(
    factor: str,
    a: str,
    b: str,
    *,
    pairs: int = DEFAULT_PAIRS,
    block: int | None = None,
    washout: int | None = None,
    start: dt.date,
    seed: int | None = None,
    trial_id: str | None = None,
    now: dt.datetime | None = None,
) -> Trial:
    """A checked plan (not yet saved): defaults filled in, a seed drawn when none is given."""
    factor = check_factor(factor)
    a_value, b_value = check_conditions(factor, a, b)
    block = default_block(factor) if block is None else block
    if washout is None:  # the default adaptation, but always shorter than the periods (1 = night by night)
        washout = min(default_washout(factor), max(block - 1, 0))
    check_design(factor, pairs, block, washout)
    check_dates(start, 2 * pairs * block)
    if seed is not None:
        check_seed(seed)
    stamp = now or clock.now()
    return Trial(
        id=trial_id or stamp.strftime("trial-%Y%m%d-%H%M%S"),
        factor=factor,
        a=a_value,
        b=b_value,
        pairs=pairs,
        block=block,
        washout=washout,
        seed=secrets.randbelow(2**31) if seed is None else seed,
        start=start,
        created_at=stamp,
    )


def check_start(trial: Trial, logged: Sequence[dt.date], today: dt.date) -> None:
    """A schedule is drawn before any of its mornings is logged: no start on or before a logged morning.

    A start in the past is allowed only while nothing is logged since (DESIGN), even a plan whose
    every night is over (a trial kept on paper, logged afterwards: ``PlanPreview`` says so); a start
    today only while this morning is not logged yet. Nor may it start more than ``MAX_DAYS_AHEAD`` days ahead.
    """
    check_ahead(trial.start, today)
    after = [day for day in logged if day >= trial.start]
    if after:
        earliest = max(after) + dt.timedelta(days=1)
        when = f"start on {day_label(earliest)} or later"
        if earliest < today:
            tomorrow = day_label(today + dt.timedelta(days=1))
            when = f"start after your last logged morning, that is on {day_label(earliest)} or later ({tomorrow} for a first night tonight)"
        raise TrialError(
            f"The trial cannot start on {day_label(trial.start)}: the diary already has "
            f"{plural(len(after), 'morning')} logged from then on (the first on {day_label(min(after))}). "
            f"A schedule must be drawn before its mornings are logged, so that the order is truly random; {when}."
        )


def in_diary_spelling(trial: Trial, known: Iterable[str]) -> Trial:
    """A mattress trial with its conditions spelt as the diary spells them ("old" → "Old"), from ``known`` names.

    One mattress spelt two ways would count as two in the analysis, and the
    Log page would fill in a spelling the diary does not use.
    """
    if trial.factor != "mattress":
        return trial
    names = list(known)
    return replace(trial, a=match_mattress(trial.a, names), b=match_mattress(trial.b, names))


def ended_early(trial: Trial, day: dt.date) -> Trial:
    """The trial ended early: mornings after ``day`` no longer count."""
    return replace(trial, ended_on=max(trial.start - dt.timedelta(days=1), min(day, trial.end)))


def cancelled(trial: Trial, day: dt.date) -> Trial:
    """The trial was cancelled on ``day``: it gives no result, and its nights after ``day`` were never lived."""
    return replace(ended_early(trial, day), cancelled=True)
