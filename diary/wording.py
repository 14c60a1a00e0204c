"""Small pieces of plain English shared by every message the diary writes."""

from __future__ import annotations


def plural(n: int, word: str, words: str | None = None) -> str:
    """``n`` with its noun: "1 day", "3 days" ("2 logged mornings"; ``words`` for irregular plurals)."""
    return f"{n} {word if n == 1 else (words or word + 's')}"
