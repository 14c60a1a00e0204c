"""The note under a new morning while a trial runs: what was copied from the day before, never the trial's plan."""

from __future__ import annotations

import datetime as dt

from diary.entry import Entry
from diary.views.form import new_day_note

DAY = dt.date(2025, 8, 5)


def test_a_new_mornings_note_does_not_say_the_trials_planned_bed_was_copied() -> None:
    before = Entry(date=DAY - dt.timedelta(days=1), pain=3, mattress="Spring", position="back")
    assert new_day_note(DAY, before).endswith("bed and position are copied from Mon 4 Aug 2025.")
    # a switch night of a mattress trial: the form holds the planned mattress, not yesterday's
    planned = new_day_note(DAY, before, planned=("mattress",))
    assert "bed" not in planned and planned.endswith("Last night's position is copied from Mon 4 Aug 2025.")
    only_bed = Entry(date=DAY - dt.timedelta(days=1), pain=3, mattress="Spring")
    assert new_day_note(DAY, only_bed, planned=("mattress",)) == "New entry: only the morning pain is needed."
    assert "position" not in new_day_note(DAY, before, planned=("position",))
