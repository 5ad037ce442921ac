"""Untrusted text shown as typed: on a page and in Markdown, never as markup or reordered.

What people write is stored verbatim; this module is how it is *shown*. Two dangers:
- Bidirectional formatting characters (U+202A-U+202E, U+2066-U+2069) are invisible and make
  a browser or a Markdown viewer draw the following characters in another order: a participant
  who types a right-to-left override makes the rest of their answer read backwards, and a
  quote can be made to seem to say something else ("Trojan Source"). They are shown as visible
  marks (`[U+202E]`) instead, as code review tools do; the stored text keeps them. A form that
  shows such text for editing shows the marks too, so saving it keeps the marks: an invisible
  reordering does not survive a researcher's edit unseen.
- Markdown: a participant's line must not become raw HTML, a heading, a link or a fake
  `**Moderator:**` turn. Special characters are backslash-escaped (CommonMark renders `\\<` as
  `<`), which keeps the raw file readable, unlike entities (`&lt;`).
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

#: What starts Markdown (CommonMark and GitHub's) anywhere in a line: emphasis, code, links,
#: raw HTML, entities, tables, strikethrough, and the backslash itself.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
#: What starts a block at the beginning of a line: headings, lists, quotes, setext underlines.
_MD_BLOCK = re.compile(r"^([#+=-])", re.MULTILINE)
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)", re.MULTILINE)


def visible_controls(text: str) -> str:
    """`text` with each bidirectional formatting character written as `[U+XXXX]`."""
    return _BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def finalize(value: Any) -> Any:
    """Jinja's `finalize` for every environment that renders untrusted text: plain strings
    get their bidirectional controls made visible before autoescaping; Markup (already built
    by code, escaped where it holds data) is left alone."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible_controls(value)
    return value


def markdown_text(text: Any, *, one_line: bool = False) -> str:
    """`text` as literal Markdown: it renders as the characters typed, never as HTML or markup.

    Every line is stripped and blank lines dropped, so a turn stays one paragraph (lines end
    in hard breaks) and no indented code block starts; `one_line` joins everything into one
    line (a table cell, a heading, a list item).
    """
    text = visible_controls("" if text is None else str(text))
    if one_line:
        lines = [" ".join(text.split())]
    else:
        lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n")
                 .split("\n")]
    escaped = _MD_INLINE.sub(r"\\\1", "\n".join(line for line in lines if line))
    escaped = _MD_ORDERED.sub(r"\1\\\2", _MD_BLOCK.sub(r"\\\1", escaped))
    return escaped.replace("\n", "  \n")
