"""Word documents (.docx): their text, read as a plain-text transcript.

Teams, Google Meet (as a downloaded Doc), Otter and Zoom all export transcripts as Word
documents. The document's paragraphs, in order, become one line each, and a table's rows one
line each with the cells separated by tabs (a transcript laid out as a table reads as a
tab-separated name column, see ingest/text.py); a line break inside a paragraph stays a line
break. The source's text is that plain text (format "docx", which analysis.json carries, as
it does every text that is not a file's own), so every quote is a verbatim slice of it and its
line is the paragraph's. Headers, footers, comments and images are not speech.

A .docx is a zip of XML parts; before python-docx opens it the archive is bounded (how many
parts, how large unpacked), so a small file cannot unpack into gigabytes, and its XML is read
without resolving entities (python-docx's parser).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from jobstory.synthesis.ingest.common import ParseError

EXTENSIONS = {".docx": "docx"}
#: More parts or more unpacked bytes than any transcript needs: a zip bomb, not a document.
MAX_PARTS = 2_000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024


def is_word(suffix: str) -> bool:
    return suffix.lower() in EXTENSIONS


def read(path: str | Path) -> str:
    """The document's text, a line per paragraph or table row; ParseError when it is not a
    readable Word document."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
                raise ParseError(None, f"not read: a Word document of more than {MAX_PARTS} "
                                 f"parts or {MAX_UNPACKED_BYTES >> 20} MiB unpacked")
    except (zipfile.BadZipFile, EOFError):
        raise ParseError(None, "not a Word document (.docx): the file is not a zip "
                               "archive") from None
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        reason = error.args[0] if error.args else type(error).__name__
        raise ParseError(None, f"not a Word document (.docx): {reason}") from None
    except SyntaxError as error:  # lxml's XMLSyntaxError
        raise ParseError(None, f"not a Word document (.docx): damaged XML ({error})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines += ["\t".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return "\n".join(lines) + "\n"
