"""Counts in words: "1 participant", "3 participants", "2 people". One wording for every
page, report and answer, so the same count never reads two ways."""

from __future__ import annotations

from typing import Any


def plural(count: Any, word: str, many: str | None = None) -> str:
    """`count` with `word`, or with `many` (default `word` + "s") unless it is exactly 1."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
