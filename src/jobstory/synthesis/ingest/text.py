"""Plain-text and Markdown transcripts.

- "Name: text" lines name the speaker (also "**Name:** text", "- Name: text",
  "Name [00:01:02]: text"). Lines without a label continue the previous speaker's turn,
  across blank lines too, so one utterance may span newlines verbatim.
- Timestamps are optional: "[00:01:02] Name: text", "00:01:02 Name: text", "Name: [00:01:02]
  text", a line holding only a timestamp, or a header line followed by that speaker's text:
  "Name  0:02" (Otter), "[Name] 10:02:15" (Zoom's cloud recordings), "Name [00:00:03]",
  "Name (00:00:03)", "Name - 0:02", "Name | 0:02", a name in bold ("**Name** (00:00:03)"),
  and the time first, "00:00:03 Name" or "[00:00:03] Name", where the same name heads two
  turns or more. A timestamp, or a time range on a line of its own ("0:0:5.120 -->
  0:0:9.800", Teams), ends the current utterance (it is not speech).
- Where a name heads two turns or more, also a numbered turn ("12. Name: text"), a
  tab-separated first column ("Name<TAB>0:03<TAB>text", a table pasted as text), and the
  name then a time then the words on one line ("Dana  0:03  text", "Dana Smith 00:01:02
  text", Otter and Zoom exports). The last is taken only for a name of a speaker's form
  ("Dana", "Interviewer"; not "at" or "Yes") heading at least as many lines as "Name:"
  labels do, so "Monday 10:00 was the deadline" inside an answer stays words.
- A file with no such labels may name each speaker alone on the line that opens a paragraph
  ("Interviewer" or "**Interviewer**", the question on the next line, a blank line, "Mark",
  the next line his words). That reading is taken only when it is plainly the file's
  layout: two or more such names, each opening at least two paragraphs, together opening
  most of them, and none ending like a sentence ("Yes.").
- A Markdown heading naming a speaker ("### Dana", "## **Dana**", "### Dana (00:01:02)",
  "### Dana 00:01:02"), with that speaker's paragraphs below it up to the next heading. A
  heading is a speaker's when it is followed by words (not a "Name:" label or another
  heading), its name has a speaker's form ("Dana", "Interviewer"; not "Interview notes"),
  and the same name heads two such headings or more; or the name heads one, and takes turns
  with the others at its level: between two of those, right after an interviewer's heading
  (a label like "Interviewer", or a name given as `interviewer`), or an interviewer's
  right before another name's. A heading above their level among the speakers' turns
  ("## Participant 2" over "### Quotes") makes them a document's sections instead. So a
  title before the conversation ("# Interview Notes") or a notes template is no speaker.
- Other lines starting with "#" followed by a space (Markdown headings, comments) and rules
  ("---", "***") are skipped.
- A Markdown table with a column for the speaker and one for the words ("| Speaker | Time |
  Text |", Notion and Confluence notes) is a turn per row; the lines before it are its
  preamble.
- If the file has speaker labels, unlabelled lines before the first label are a preamble and
  skipped. A file with no labels at all is one participant's words.
"""

from __future__ import annotations

import re
from collections import Counter

from jobstory.synthesis.ingest.common import (
    TIMESTAMP,
    ParseError,
    Piece,
    build_utterances,
    iter_lines,
    label_at,
    turn_columns,
)
from jobstory.synthesis.ingest.speakers import (
    accepted_labels,
    is_generic_label,
    is_interviewer_label,
    looks_like_name,
    normalize,
    one_word,
    parse_interviewer_arg,
)
from jobstory.synthesis.sources import Parsed, Source

_TS = rf"(?:\[{TIMESTAMP}\]|\({TIMESTAMP}\))"
_LEADING_TS = re.compile(rf"[ \t]*{_TS}[ \t]*")
_BARE_TS = re.compile(rf"[ \t]*{TIMESTAMP}[ \t]+(?:[-|\u2013][ \t]+)?")
#: A cue's time range on a line of its own, as Teams writes it in a Word transcript:
#: "0:0:5.120 --> 0:0:9.800" (hours, minutes and seconds of one or two digits).
_RANGE_TIME = r"\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?"
_ONLY_TS = re.compile(
    rf"[ \t]*(?:{_TS}|{TIMESTAMP}|{_RANGE_TIME}[ \t]*-->[ \t]*{_RANGE_TIME})[ \t]*$")
#: A time on a speaker's header line: "0:02", "10:02:15 AM", "[00:00:03]", "(00:00:03)".
_HEADER_TIME = rf"(?:{TIMESTAMP}(?:[ \t]*[AaPp]\.?[Mm]\.?)?|\[{TIMESTAMP}\]|\({TIMESTAMP}\))"
#: Between a header's name and its time: spaces, perhaps around a dash, bar or dot.
_HEADER_GAP = r"[ \t]+(?:[-|\u2013\u2014\u00b7][ \t]+)?"
_HEADER = re.compile(
    rf"[ \t]*(?:\[(?P<bracketed>[^\W\d_][^:\r\n\]]{{0,40}}?)\]|"
    rf"(?P<bold>\*\*)?(?P<name>[^\W\d_][^:*\r\n]{{0,40}}?)(?(bold)\*\*))"
    rf"{_HEADER_GAP}{_HEADER_TIME}[ \t]*$")
#: The time first: "00:00:03 Sarah Jones", "[00:00:03] Sarah Jones". A speaker only where the
#: same name heads two turns or more, since "10:30 Board Meeting" may be words.
_TIME_FIRST_HEADER = re.compile(
    rf"[ \t]*{_HEADER_TIME}{_HEADER_GAP}(?P<name>[^\W\d_][^:\r\n]{{0,40}}?)[ \t]*$")
#: A numbered turn: "12. Dana: text", "3) Q: text".
_NUMBERED = re.compile(r"[ \t]*\d{1,4}[.)][ \t]+")
#: A speaker in a tab-separated first column, perhaps a time in the next: "Name<TAB>0:03<TAB>
#: words" (a table pasted as text). Like a time-first header, only where the name recurs.
_TAB_LABEL = re.compile(
    rf" *(?P<name>[^\W\d_][^\t:\r\n]{{0,40}}?) *\t[ \t]*(?:{_HEADER_TIME}[ \t]*\t[ \t]*)?(?=\S)")
#: A name, a time, then the words on one line: "Dana  0:03  text" (Otter, Zoom). Like a
#: time-first header, only where the name recurs, since "Monday 10:00 was the deadline" is
#: words.
_INLINE = re.compile(
    rf"[ \t]*(?P<bold>\*\*)?(?P<name>[^\W\d_][^:*\r\n]{{0,40}}?)(?(bold)\*\*)"
    rf"{_HEADER_GAP}{_HEADER_TIME}[ \t]+(?:[-|\u2013\u2014][ \t]+)?(?=\S)")
#: Words that put a time in a sentence ("Monday 10:00 was the deadline", "At 9:15 we open"):
#: a line they open is no speaker's, however often.
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today tonight tomorrow
    yesterday at by from until till before after around about since between starting
    ending due approx approximately""".split()
)
#: A Markdown heading that may name a speaker: "### Dana", "## **Dana**", "### Dana
#: (00:01:02)", "### Dana 00:01:02".
_HEADING = re.compile(
    rf"[ \t]*#{{1,6}}[ \t]+(?:\*\*)?(?P<name>[^\W\d_][^:*#\r\n]{{0,40}}?)"
    rf"(?:\*\*)?(?:{_HEADER_GAP}{_HEADER_TIME})?(?:\*\*)?[ \t]*:?[ \t]*#*[ \t]*$")
_HASHES = re.compile(r"[ \t]*(#+)[ \t]")
_SKIP = re.compile(r"[ \t]*(?:#+(?:[ \t].*)?|-{3,}|\*{3,}|_{3,}|={3,})[ \t]*$")


def _classify(text: str, start: int, end: int) -> tuple[str, str | None, int, int]:
    """(kind, label candidate, where the words start if it is a label, where they start if
    it is not) for one line."""
    if start == end or text[start:end].isspace():
        return "blank", None, end, end
    if _SKIP.match(text, start, end) or _ONLY_TS.match(text, start, end):
        return "skip", None, end, end
    header = _HEADER.match(text, start, end)
    if header:
        name = " ".join((header.group("bracketed") or header.group("name")).split())
        if looks_like_name(name):
            return "header", name, end, start
    lead = _LEADING_TS.match(text, start, end)
    for recurring in (_TIME_FIRST_HEADER.match(text, start, end),
                      _TAB_LABEL.match(text, start, end)):
        if recurring and looks_like_name(name := " ".join(recurring.group("name").split())):
            words = end if recurring.re is _TIME_FIRST_HEADER else recurring.end()
            return "recurring", name, words, lead.end() if lead else start
    numbered = _NUMBERED.match(text, start, end)
    hit = label_at(text, numbered.end(), end) if numbered else None
    if hit:  # "12. Dana: ..."; "1. Speed: it's quicker" in a list of answers is words
        return "recurring", hit[0], hit[1], start
    plain = start
    if lead:
        start = lead.end()
    else:  # "00:00:05 Marta Ruiz: ..." (a bare time is words unless a label follows it)
        bare = _BARE_TS.match(text, start, end)
        if bare and label_at(text, bare.end(), end):
            start = bare.end()
    hit = label_at(text, start, end)
    if hit:
        after = _LEADING_TS.match(text, hit[1], end)
        return "label", hit[0], after.end() if after else hit[1], start
    inline = _INLINE.match(text, start, end) if start == plain else None
    if inline and looks_like_name(name := " ".join(inline.group("name").split())) and \
            name.split()[0].casefold() not in _TIME_WORDS:
        return "inline", name, inline.end(), start
    return "line", None, start, start


_SENTENCE_END = re.compile(r"[.!?,;:]\s*$")
_BOLD = re.compile(r"^(?:\*\*|__)(.+)(?:\*\*|__)$")  # "**Mark Patel**": Markdown bold
#: One line read: (end, kind, label candidate, where its words start as a label, and if not).
Row = tuple[int, str, str | None, int, int]


def _recurring_speakers(names: list[str]) -> set[str]:
    """The names that are speakers by their form ("Mark", "Interviewer"; not "Yes"), each
    judged once, and that head two turns or more."""
    counts = Counter(names)
    return {name for name in accepted_labels(set(counts)) if counts[name] >= 2}


def _names_alone(text: str, rows: list[Row], starts: list[int]) -> list[Row]:
    """`rows` with each line that names a speaker alone at a paragraph's start read as a
    header, when the file is laid out that way (see the module docstring); else as given."""
    timed = [bool(_ONLY_TS.match(text, start, row[0])) for start, row in zip(starts, rows)]
    openers: list[int] = []  # rows that open a paragraph: after a blank line, a time, a rule
    names: dict[int, str] = {}
    words_of_a_name: set[int] = set()  # the line a name heads opens no paragraph of its own
    before = "blank"
    for i, row in enumerate(rows):
        if row[1] == "line" and before in ("blank", "skip") and i not in words_of_a_name:
            openers.append(i)
            said = _BOLD.sub(r"\1", " ".join(text[starts[i]:row[0]].split()))
            after = i + 1  # the words, perhaps after a line that holds only a time
            while after < len(rows) and timed[after]:
                after += 1
            if after < len(rows) and rows[after][1] == "line" and looks_like_name(said) and \
                    not _SENTENCE_END.search(said):
                names[i] = said
                words_of_a_name.add(after)
        before = row[1]
    speakers = _recurring_speakers(list(names.values()))
    opened = sum(1 for name in names.values() if name in speakers)
    if len(speakers) < 2 or 2 * opened <= len(openers):
        return rows
    return [(row[0], "header", names[i], row[0], starts[i]) if names.get(i) in speakers else row
            for i, row in enumerate(rows)]


def _recurring_labels(rows: list[Row]) -> list[Row]:
    """Time-first headers ("00:00:03 Sarah Jones"), tab-separated names and numbered turns
    whose name is a speaker's (:func:`_recurring_speakers`) as labels, and names then a time
    then words ("Dana 0:03 text") too where they head at least as many lines as "Name:"
    labels; the others as the words they are."""
    speakers = _recurring_speakers([name for _, kind, name, _, _ in rows
                                    if kind == "recurring" and name is not None])
    inline = _recurring_speakers([name for _, kind, name, _, _ in rows
                                  if kind == "inline" and name is not None])
    labels = accepted_labels(name for _, kind, name, _, _ in rows
                             if kind in ("label", "header") and name is not None)
    if sum(1 for row in rows if row[1] == "inline" and row[2] in inline) < \
            sum(1 for row in rows if row[1] in ("label", "header") and row[2] in labels):
        inline = set()
    return [row if row[1] not in ("recurring", "inline") else
            (row[0], "label", row[2], row[3], row[4])
            if row[2] in (speakers if row[1] == "recurring" else inline) else
            (row[0], "line", None, row[4], row[4]) for row in rows]


def _heading_speakers(text: str, rows: list[Row], starts: list[int],
                      interviewer: str | None) -> list[Row]:
    """`rows` with each Markdown heading that names a speaker read as a header (see the
    module docstring); the other headings stay skipped."""
    headings: list[tuple[int, int, str | None]] = []  # row, level, name if it may be a speaker
    for i, (row, start) in enumerate(zip(rows, starts)):
        hashes = _HASHES.match(text, start, row[0]) if row[1] == "skip" else None
        if hashes is None:
            continue
        heading = _HEADING.match(text, start, row[0])
        name = " ".join(heading.group("name").split()) if heading else ""
        after = i + 1  # the words below, perhaps after a blank line or a line of a time
        while after < len(rows) and (rows[after][1] == "blank" or
                                     _ONLY_TS.match(text, starts[after], rows[after][0])):
            after += 1
        said = after < len(rows) and rows[after][1] == "line"
        headings.append((i, len(hashes.group(1)),
                         name if said and looks_like_name(name) else None))
    speakers = _recurring_speakers([name for _, _, name in headings if name is not None])
    named = {i: name for i, _, name in headings if name in speakers}
    asking = parse_interviewer_arg(interviewer)

    def asks(name: str | None) -> bool:
        return name is not None and (is_interviewer_label(name) or normalize(name) in asking)

    # A name heading once takes turns with the others: between two recurring speakers, just
    # after an interviewer's heading, or an interviewer's just before another name's.
    ends = (-1, 0, None)
    for (_, before, first), (i, level, name), (_, later, then) in \
            zip([ends, *headings], headings, [*headings[1:], ends]):
        if name is None or name in speakers or not accepted_labels([name]):
            continue
        first = first if before == level else None
        then = then if later == level else None
        if (first in speakers and then in speakers) or asks(first) or \
                (asks(name) and then is not None):
            named[i] = name
    if not named:
        return rows
    # A heading above the speakers' level among their turns ("## Participant 2" over
    # "### Quotes") makes them the sections of a document of notes, not a conversation.
    first, last = min(named), max(named)
    inside = [level for i, level, _ in headings if first <= i <= last]
    if min(inside) < min(level for i, level, _ in headings if i in named):
        return rows
    return [(row[0], "header", named[i], row[0], starts[i]) if i in named else row
            for i, row in enumerate(rows)]


def _words_with_a_colon(rows: list[Row], labels: set[str]) -> set[str]:
    """Labels that are one English word said once after the conversation has begun (two
    speakers have spoken who speak again): "Better: no forfeits since March" inside an answer
    is the words it is, not a speaker. Above the conversation such a label heads a header
    field (`speakers.header_turns`); a role ("Observer:") is a speaker wherever it stands."""
    counts = Counter(name for _, _, name, _, _ in rows if name in labels)
    spoken: set[str] = set()
    found = set()
    for _, _, name, _, _ in rows:
        if name not in labels:
            continue
        if len(spoken) >= 2 and counts[name] == 1 and one_word(name) and \
                not is_interviewer_label(name) and not is_generic_label(name):
            found.add(name)
        if counts[name] >= 2:
            spoken.add(name)
    return found


#: YAML front matter: a "---" first line, "key: value" lines, and a closing "---" with the
#: file going on after it (a whole conversation between two rules is no front matter).
#: A Markdown table's cells: "|" not escaped ("\\|" is a pipe inside a cell).
_CELL_EDGE = re.compile(r"(?<!\\)\|")
_TABLE_RULE = re.compile(r"[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?::?-{3,}:?[ \t]*)?$")


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) of each cell of a table row, inside its outer pipes."""
    edges = [m.start() for m in _CELL_EDGE.finditer(text, start, end)]
    if len(edges) < 2:
        return []
    return [(a + 1, b) for a, b in zip(edges, edges[1:])]


def _table_pieces(text: str, lines: list[tuple[int, int, int]]) -> list[Piece] | None:
    """A turn per row of the first Markdown table whose header names a speaker column and a
    words column ("| Speaker | Time | Text |"), or None when the file has no such table or
    fewer than two speakers in it."""
    for at, (_, start, end) in enumerate(lines[:-1]):
        header = [text[a:b].strip().strip("*_").strip() for a, b in _cells(text, start, end)]
        columns = turn_columns(header)
        _, rule_start, rule_end = lines[at + 1]
        if columns is None or not _TABLE_RULE.match(text, rule_start, rule_end):
            continue
        who, said = columns
        pieces = []
        for _, row_start, row_end in lines[at + 2:]:
            cells = _cells(text, row_start, row_end)
            if len(cells) != len(header):
                break  # the table ends
            name = " ".join(text[slice(*cells[who])].strip().strip("*_").split())
            if name:
                pieces.append(Piece(name, *cells[said]))
        return pieces if len({p.speaker for p in pieces}) >= 2 else None
    return None


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?:[ \t]*[\w\"'-][^\n]*\n|[ \t]*\r?\n){0,40}?"
                           r"---[ \t]*\r?\n(?=[\s\S]*\S)")
#: Front matter and nothing after it: YAML's lower-case keys ("title: x"), not speakers.
_ONLY_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?:[ \t]*[a-z_][\w-]*:[^\n]*\n|"
                                r"[ \t]*-[^\n]*\n|[ \t]*\r?\n){1,40}?---[ \t]*(?:\r?\n\s*)?\Z")


def parse(source_id: str, path: str, text: str, *, interviewer: str | None = None,
          fmt: str = "text") -> Parsed:
    """The turns of `text`; `fmt` names where it came from ("docx": a Word document's text)."""
    source = Source(id=source_id, path=path, format=fmt, text=text)
    if _ONLY_FRONT_MATTER.match(text):
        raise ParseError(1, "only front matter (a header between '---' lines), no conversation "
                            "after it")
    # A Markdown file's front matter ("---", "participant: Siobhan Keane", "interviewer: ...",
    # "---") is its header whatever its fields are: read for a name, never as turns.
    front = _FRONT_MATTER.match(text)
    lines = [line for line in iter_lines(text) if not front or line[1] >= front.end()]
    table = _table_pieces(text, lines)
    if table:
        return build_utterances(source, table, interviewer=interviewer)
    rows = _recurring_labels([(end, *_classify(text, start, end)) for _, start, end in lines])
    rows = _heading_speakers(text, rows, [start for _, start, _ in lines], interviewer)
    labels = accepted_labels(name for _, kind, name, _, _ in rows if name is not None)
    if not labels:
        rows = _names_alone(text, rows, [start for _, start, _ in lines])
        labels = accepted_labels(name for _, kind, name, _, _ in rows if name is not None)
    labels -= _words_with_a_colon(rows, labels)
    labelled = False
    speaker = ""
    pieces: list[Piece] = []
    # Each line is a piece; merge_pieces joins a speaker's lines when only whitespace lies
    # between them, so a label, heading or timestamp always starts a new utterance.
    for end, kind, name, words, plain in rows:
        if kind in ("blank", "skip"):
            continue
        if name is not None and name in labels:
            labelled, speaker = True, name
            pieces.append(Piece(speaker, words, end))
        elif not labels or labelled:  # else: a preamble before the first speaker
            pieces.append(Piece(speaker, plain, end))
    if not pieces:
        raise ParseError(1, "no speech found: expected lines like 'Name: what they said'")
    return build_utterances(source, pieces, interviewer=interviewer)
