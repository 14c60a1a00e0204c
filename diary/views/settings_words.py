"""Every fixed phrase of the Settings page, defined once and testable without Streamlit.

The emergency number's label and example are the Log page's (``log_words``),
its help and the sentence about the number in use are ``diary.safety``'s, and
the phone's sign-in words are ``diary.dashboard.phone``'s: each is said the same way
wherever it is asked.
"""

from __future__ import annotations

from pathlib import Path

SAVE = "Save settings"
WHERE_KEPT = "Where things are kept"


def where_kept(diary: str, settings_file: Path) -> str:
    """The diary (its own description of its file) and the settings file, as a Markdown list."""
    return (
        f"- The diary: {diary}\n- These settings: {settings_file} (kept apart from the diary, never exported)"
    )


def phone_address(url: str) -> str:
    """The address a phone opens, in Markdown (as code, so that it is copied whole)."""
    return f"Address: `{url}`"
