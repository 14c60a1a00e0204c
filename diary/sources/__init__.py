"""Other apps' exports: wearables' nights and other diaries' days, read into diary values.

Reading never changes the diary. The steps an import takes::

    export = open_export(path_or_bytes_or_upload)        # kind recognised from the content
    mapping = export.default_mapping()                   # Bearable/Daylio; None for wearables
    result = export.result(mapping)                      # SourceResult: values by date + what was not imported
    plan = plan_merge(diary_entries, result, replace={"sleep times"}, pain={...})
    plan.writes                                          # the entries to save, all or nothing
    plan.aside                                           # nights without a morning entry: keep them
    night_sentence(day.values, day.device)               # "From your watch: in bed 23:40–06:55, …"
    kept_night(diary, day)                               # a night kept aside, offered when its morning is logged

Kinds: ``apple-health`` (export.zip / export.xml, streamed), ``fitbit``
(Google Takeout sleep-*.json or UserSleeps_*.csv with UserSleepStages_*.csv, a folder or zip of them), ``oura`` (sleep CSV,
sleepmodel.csv, JSON), ``bearable`` (CSV, with a mapping), ``daylio`` (CSV,
with a mapping). Every failure to read a file is a ``SourceError`` naming the
file and what is wrong; anything in a file that is not understood is listed in
``SourceResult.unrecognised``, never guessed.
"""

from ..entry.fields import tidy_tag
from .apple_health import read_apple_health
from .bearable import BearableExport, read_bearable
from .bearable_mapping import DEFAULT_SCALE, PAIN_SLOTS, BearableMapping
from .common import (
    KIND_LABELS,
    KINDS,
    SLEEP_KINDS,
    Finding,
    Kind,
    MappingError,
    SourceDay,
    SourceError,
    SourceResult,
    first_named,
)
from .daylio import DaylioExport, DaylioMapping, read_daylio
from .fitbit import read_fitbit
from .inputs import SourceInput
from .kept import NIGHT_COLUMNS, KeptNight, forget_kept_night, kept_night, kept_nights, use_kept_night
from .merge import FIELD_KINDS, REPLACEABLE, FieldChange, MergePlan, apply_plan, field_kind, plan_merge
from .nights import night_sentence
from .oura import read_oura
from .reading import DIARY_CSV, Export, detect_kind, open_export, parse_kind, read_source

__all__ = [
    "DEFAULT_SCALE",
    "DIARY_CSV",
    "FIELD_KINDS",
    "KINDS",
    "KIND_LABELS",
    "NIGHT_COLUMNS",
    "PAIN_SLOTS",
    "REPLACEABLE",
    "SLEEP_KINDS",
    "BearableExport",
    "BearableMapping",
    "DaylioExport",
    "DaylioMapping",
    "Export",
    "FieldChange",
    "Finding",
    "KeptNight",
    "Kind",
    "MappingError",
    "MergePlan",
    "SourceDay",
    "SourceError",
    "SourceInput",
    "SourceResult",
    "apply_plan",
    "detect_kind",
    "field_kind",
    "first_named",
    "forget_kept_night",
    "kept_night",
    "kept_nights",
    "night_sentence",
    "open_export",
    "parse_kind",
    "plan_merge",
    "read_apple_health",
    "read_bearable",
    "read_daylio",
    "read_fitbit",
    "read_oura",
    "read_source",
    "tidy_tag",
    "use_kept_night",
]
