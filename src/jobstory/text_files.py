"""Bytes of a file people made, as text: UTF-8, else Windows-1252, never binary.

Transcripts, survey exports and participant lists saved from Word or Excel on Windows are often
Windows-1252 ("café" as the byte 0xe9). Refusing them leaves the person with nothing; reading
them as Windows-1252 gets every character right, so every reader of people's files decodes
through here and says when it fell back. Binary data (NUL and other control characters, or a
byte Windows-1252 leaves undefined) is refused, naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: C0 controls no text file holds (tab, newline, form feed and carriage return aside).
_BINARY = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


class NotText(ValueError):
    """The bytes are neither UTF-8 nor Windows-1252 text."""

    def __init__(self, line: int, byte: int, offset: int) -> None:
        super().__init__(f"not UTF-8 text (byte 0x{byte:02x} at offset {offset})")
        self.line = line


@dataclass(frozen=True)
class Decoded:
    """The text (a byte-order mark dropped) and, when it was read as Windows-1252, the line
    of its first byte that is not UTF-8 (None for UTF-8)."""

    text: str
    windows_1252_line: int | None = None

    def note(self) -> str | None:
        """What to tell the person when the file was not UTF-8."""
        if self.windows_1252_line is None:
            return None
        return "not UTF-8: read as Windows-1252; save it as UTF-8 to be sure"


def decode_text(data: bytes) -> Decoded:
    """`data` as text; raises NotText for binary data."""
    try:
        return Decoded(data.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        refused = NotText(line, data[exc.start], exc.start)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise refused from None
    if _BINARY.search(text):
        raise refused
    return Decoded(text, line)
