"""A full backup: the whole diary CSV and everything kept with it (trials, nights waiting for their morning).

One ZIP file holding ``diary.csv`` (the diary CSV, notes included) and
``records.json`` (the records of ``Diary.all_records``). Importing it (the
Import page, ``pain-diary import``) merges by date like any diary CSV, all or
nothing, and restores the records in the same write.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import clock
from ..csv.format import MAX_CSV_BYTES, read_diary_csv, write_diary_csv
from ..entry import Entry
from ..errors import DiaryError
from ..storage.base import (
    NIGHT_KIND,
    TRIAL_KIND,
    NewerRecords,
    read_records_json,
    records_json,
    records_to_put,
)
from ..wording import NOTHING_IMPORTED_CLAUSE, day_label, nights_waiting, plural

if TYPE_CHECKING:
    from ..storage import Diary
    from ..storage.base import CheckRecords, Record
    from ..trials.plan import Trial

DIARY_MEMBER = "diary.csv"
RECORDS_MEMBER = "records.json"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Backup:
    """What a full backup holds."""

    entries: list[Entry]
    records: Mapping[str, Mapping[str, Record]] = field(default_factory=dict)

    def describe(self) -> str:
        trials = len(self.records.get(TRIAL_KIND, {}))
        nights = len(self.records.get(NIGHT_KIND, {}))
        extra = [plural(trials, "trial")] if trials else []
        if nights:
            extra.append(nights_waiting(nights))
        return ", with " + " and ".join(extra) if extra else ""


def restore_checks(today: dt.date | None = None) -> dict[str, CheckRecords]:
    """The rules a backup's records must keep once restored, checked inside the import's write (one trial at a time)."""
    from ..trials.store import restored_trial_rules

    return {TRIAL_KIND: restored_trial_rules(today or clock.today())}


def restore_refusal(
    diary: Diary, backup: Backup, *, replace: bool = False, today: dt.date | None = None
) -> str | None:
    """Why importing ``backup`` would be refused by ``restore_checks`` (two trials running at once), or None.

    The check the import makes inside its write, made on the diary as it is now
    and nothing written: a preview (``--dry-run``, the Import page) says it first.
    """
    from ..trials.limits import TrialError

    logged = sorted({*diary.dates(), *(e.date for e in backup.entries)})
    for kind, check in restore_checks(today).items():
        current = diary.records(kind)
        kept = {**current, **records_to_put(current, backup.records.get(kind, {}), replace=replace)}
        try:
            check(kept, logged)
        except TrialError as exc:
            return str(exc)
    return None


def trials_kept_differently(diary: Diary, backup: Backup, *, replace: bool, done: bool = False) -> str:
    """A sentence on the trials the backup and the diary both keep, but differently (one was ended early or
    cancelled since the backup, say): which stays, and what ``replace`` would do; "" when none differ.

    ``done``: said after the import, of what it did.
    """
    from ..trials.plan import Trial

    current = diary.records(TRIAL_KIND)
    differ = [
        (Trial.from_record(current[key]), Trial.from_record(body))
        for key, body in backup.records.get(TRIAL_KIND, {}).items()
        if key in current and current[key] != body
    ]
    if not differ:
        return ""
    described = "; ".join(
        f"{ours.factor}: {ours.a} or {ours.b}, {_differences(ours, theirs)}" for ours, theirs in differ
    )
    what = plural(len(differ), "trial")
    if replace:
        verb = "was" if done else "is"
        return f"The backup's copy of {what} the diary keeps differently {verb} taken ({described})."
    stays = "stayed" if done else "stays"
    return (
        f"{what[:1].upper()}{what[1:]} the diary keeps differently from the backup {stays} as the diary has "
        f"{'it' if len(differ) == 1 else 'them'} ({described}); replacing conflicts takes the backup's."
    )


def _differences(ours: Trial, theirs: Trial) -> str:
    """How one trial stands in the diary and in the backup: "ended early on …" in one, "not ended" in the other."""
    mine, yours = _trial_state(ours), _trial_state(theirs)
    if mine == yours:
        return "planned differently in each"
    return f"{mine} in the diary, {yours} in the backup"


def _trial_state(trial: Trial) -> str:
    """How a kept trial stands, as far as its record says: cancelled, ended early (when), or not ended."""
    if trial.cancelled:
        return "cancelled"
    if trial.ended_on is not None:
        return f"ended early on {day_label(trial.ended_on)}"
    return "not ended"


def backup_filename(today: dt.date | None = None) -> str:
    """The name of a full backup: the date it was made, so several backups sort by age."""
    return f"pain-diary-backup-{(today or clock.today()).isoformat()}.zip"


def check_backup(diary: Diary) -> None:
    """``DiaryFileError`` naming a kept trial that cannot be read, which a backup could not restore."""
    from ..trials.store import all_trials

    all_trials(diary)


def full_backup(diary: Diary) -> bytes:
    """The whole diary as a ZIP: its CSV (notes included) and everything kept with it.

    ``check_backup`` first: a backup that could not be restored would be no backup.
    """
    check_backup(diary)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DIARY_MEMBER, write_diary_csv(diary.entries()))
        archive.writestr(RECORDS_MEMBER, records_json(diary.all_records()))
    return out.getvalue()


def is_backup(data: bytes) -> bool:
    """Whether ``data`` is a ZIP holding a diary CSV (a full backup) rather than another app's export."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return DIARY_MEMBER in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_backup(data: bytes, *, name: str = "The backup") -> Backup:
    """The entries and records of a full backup; ``CSVRejected`` or ``DiaryError`` says what is wrong."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = _member(archive, DIARY_MEMBER, name)
            entries = read_diary_csv(text, source=f"{name} (diary.csv)")
            records = _records(archive, name)
    except (zipfile.BadZipFile, KeyError, EOFError, zlib.error) as exc:
        raise DiaryError(
            f"{name} is not a full backup of this diary ({exc}); {NOTHING_IMPORTED_CLAUSE}."
        ) from None
    except (RuntimeError, NotImplementedError):  # a password, or a compression Python's zipfile cannot undo
        raise DiaryError(
            f"{name} cannot be read: it is encrypted or compressed in a way the diary does not know. "
            "A full backup is a plain ZIP, as the Export page or `pain-diary backup` makes it; "
            f"{NOTHING_IMPORTED_CLAUSE}."
        ) from None
    return Backup(entries, records)


def _member(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    """One file of the backup, read no further than ``MAX_CSV_BYTES`` whatever its header says of its size
    (a ZIP's sizes are only its writer's word): a larger one is refused, naming the limit."""
    with archive.open(member) as stream:
        data = stream.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise DiaryError(
            f"{name}: its {member} is larger than {MAX_CSV_BYTES // 1024 // 1024} MB, more than any "
            f"diary holds; {NOTHING_IMPORTED_CLAUSE}."
        )
    return data


def _records(archive: zipfile.ZipFile, name: str) -> dict[str, dict[str, Record]]:
    if RECORDS_MEMBER not in archive.namelist():
        return {}
    try:
        records = read_records_json(
            _member(archive, RECORDS_MEMBER, name), "not the records of this diary's backup format"
        )
        _check_trials(records)
    except NewerRecords as exc:
        raise DiaryError(
            f"{name}: its records.json cannot be read ({exc}: update the app); {NOTHING_IMPORTED_CLAUSE}."
        ) from None
    except (ValueError, UnicodeDecodeError, AttributeError, RecursionError) as exc:
        raise DiaryError(
            f"{name}: its records.json cannot be read ({exc}); {NOTHING_IMPORTED_CLAUSE}."
        ) from None
    return records


def _check_trials(records: Mapping[str, Mapping[str, Record]]) -> None:
    """Every trial the backup keeps can be read as one (``ValueError`` naming the first that cannot)."""
    from ..trials.limits import TrialRecordError
    from ..trials.plan import Trial

    for record in records.get(TRIAL_KIND, {}).values():
        try:
            Trial.from_record(record)
        except TrialRecordError as exc:
            raise ValueError(exc.reason) from None
