"""The person's settings (e.g. the emergency number), kept beside, not inside, the diary.

Stored as a small JSON file in the user's config folder, or where
``PAIN_DIARY_SETTINGS`` points. A missing file means the defaults.

The emergency number has no default: numbers differ by country, and a wrong
one in an emergency is worse than none. It is ``None`` until the person gives
one (the Log page asks on first use); advice then says to call their local
emergency number.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import platformdirs

from .errors import DiaryError
from .storage import DATA_FOLDER
from .storage.files import atomic_write, write_failure
from .wording import NOTHING_SAVED

ENV_VAR = "PAIN_DIARY_SETTINGS"
_PHONE = re.compile(r"(?=[^0-9]*[0-9])[0-9+*#][0-9 +*#-]{0,19}")  # with at least one digit to dial


@dataclass(frozen=True)
class Settings:
    emergency_number: str | None = None
    """The number red-flag advice names; ``None`` while the person has not given one."""

    @property
    def has_emergency_number(self) -> bool:
        return self.emergency_number is not None


def config_folder() -> Path:
    """The user's config folder for the diary: its settings, and the phone's certificate and key."""
    return platformdirs.user_config_path(DATA_FOLDER, appauthor=False)


def settings_path() -> Path:
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return config_folder() / "settings.json"


def check_emergency_number(text: str | None) -> str:
    """A phone number as typed (digits, spaces, + * # -), or ``DiaryError`` saying what is allowed."""
    number = (text or "").strip()
    allowed = (
        "up to 20 characters: digits 0-9 (at least one), spaces, +, *, # or - (for example 112, 911 or 999)"
    )
    if not number:
        raise DiaryError(
            f"The emergency number is empty; type the number you call in an emergency: {allowed}."
        )
    if not _PHONE.fullmatch(number):
        raise DiaryError(f"The emergency number {text!r} is not a phone number; allowed: {allowed}.")
    return number


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings; defaults for anything missing or unreadable (a bad number counts as not set)."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return Settings()
    settings = Settings()
    number = data.get("emergency_number") if isinstance(data, dict) else None
    if isinstance(number, str):
        with contextlib.suppress(DiaryError):
            settings = replace(settings, emergency_number=check_emergency_number(number))
    return settings


class SettingsNotSaved(DiaryError):
    """The settings file could not be written; the settings saved before are unchanged."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        super().__init__(
            f"{NOTHING_SAVED} to the settings file {path}: {reason}. "
            "The settings saved before are unchanged; try again once that is fixed."
        )


def save_settings(settings: Settings, path: Path | None = None) -> Settings:
    """Validate and save the settings (owner-only file, replaced atomically, all or nothing)."""
    checked = replace(settings, emergency_number=check_emergency_number(settings.emergency_number))
    where = path or settings_path()
    try:
        atomic_write(where, json.dumps(asdict(checked), indent=2).encode("utf-8"))
    except OSError as exc:
        raise SettingsNotSaved(where, write_failure(exc)) from None
    return checked
