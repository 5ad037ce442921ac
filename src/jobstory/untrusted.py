"""Text from outside that the store must be able to keep: refused at the edge, not in a driver.

PostgreSQL cannot store U+0000 in a text column, and neither engine can encode a lone surrogate
(JSON's "\\ud800" decodes to one): both used to fail deep inside the driver as a 500, after the
participant's page had already promised to resend the answer forever. The other C0 controls
(all but tab, newline and carriage return) store fine but no person types them, and they break
terminals and exports, so they are refused too. Checking here, the same on every engine, means
SQLite does not quietly accept what PostgreSQL would reject.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


class UnsafeText(ValueError):
    """Text with a character the store cannot keep; the message names where and which."""

    def __init__(self, where: str, char: str) -> None:
        kind = "an invalid character" if "\ud800" <= char <= "\udfff" else "a control character"
        super().__init__(f"{where} contains {kind} (U+{ord(char):04X}) that cannot be saved; "
                         "remove it and try again")
        self.where = where


def unsafe_char(text: str) -> str | None:
    """The first character of `text` that the store cannot keep, or None."""
    found = _UNSTORABLE.search(text)
    return found.group() if found else None


def check_text(text: str | None, where: str) -> None:
    """Raise UnsafeText if `text` holds a character the store cannot keep."""
    if text is not None and (char := unsafe_char(text)) is not None:
        raise UnsafeText(where, char)


def check_tree(value: Any, where: str) -> None:
    """`check_text` on every string in a JSON-like value, keys included (e.g. a guide)."""
    if isinstance(value, str):
        check_text(value, where)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            check_text(str(key), where)
            check_tree(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_tree(item, f"{where}[{index}]")
