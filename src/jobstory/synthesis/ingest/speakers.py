"""Who is who: speaker labels, the interviewer, and participant ids.

Speaker labels ("Dana: ...", "<v Dana>...", "Q: ...")
    A line prefix counts as a speaker label when it looks like a name (1-4 words starting with
    a letter, no sentence punctuation) and either appears at least twice in the file as a
    label, is an interviewer/generic word below, or has every word capitalised ("Bob",
    "Priya Raman") and is not a discourse word ("Honestly:", "Note:", "So:"). So "The thing
    is: ..." or "It broke: twice" inside an answer is not taken for a speaker.

The interviewer
    1. `interviewer="Priya, Sam"` (case-insensitive, comma list) names them. If none of those
       names speaks in a file, the file falls back to the rules below (one study can mix
       interviewers).
    2. Otherwise speakers labelled AI, Assistant, Bot, Interviewer, Moderator (or
       Co-interviewer, Co-moderator), Researcher, Host, Facilitator, Observer, Note-taker, Int,
       Q or I (optionally numbered: "Interviewer 2"; "AI interviewer") are the research team:
       interviewers. A file may use several such labels ("Assistant", then "AI").
    3. Otherwise, with two or more speakers, the one speaker whose turns (runs of consecutive
       utterances) are most often questions - ending in "?" or opening with a question word
       ("how", "what", "tell me", "walk me", "can you", ...) - is the interviewer, if at least
       a fifth of their turns are questions. Ties go to the speaker with more question turns,
       then to whoever spoke first.
    4. A single-speaker file, or one where nobody asks anything, is all participant. A file
       whose every turn carries one label saying its speaker was not identified ("Unknown
       Speaker", as Otter writes it) is two people when some turns ask and some answer: the
       questions are the interviewer's (`one_label_told_apart`).
    Across a corpus (`corpus_interviewers`), a named label that speaks in at least three files
    and in most of the conversations it appears in opposite a different person (the research
    team's "Sam" talking to a new customer each time) is an interviewer in every file, even
    where rule 3 alone would not have found it. A generic label is never one.

Participant ids
    A participant id must tell people apart across files. A generic label (Participant,
    Customer, User, Interviewee, Respondent, Client, Guest, Speaker, Unknown (Speaker), P, A, R,
    with an optional number: "Speaker 2", "P1") or no label at all takes the name the file gives the
    person (`name_in_file`): a header line before the conversation ("[Participant: Aoife
    Brennan, owner]"), a self-introduction ("My name is Bogdan", or "I'm Kwame" when the
    interviewer also calls them Kwame), or the name the interviewer greets them by as the
    interview opens ("So, Theo, thanks for doing this"). Without one it becomes the source id
    without its extension ("acme-interview-03", or "batch-2/acme-03" for a file in a
    subfolder). If a file holds several generic participants, each gets "<that> (<label>)".
    Any other label is the name as written ("Dana Whitfield"; one typed in capitals, "GLORIA
    CASTELLANO", as a name is written). A legend in the header, "PN = Priya Nair
    (interviewer), MR = Marcus Reid (participant)", names each label and says which are the
    research team. No participant is ever named after an interviewer label. A name found in a
    file that another file's participant also has is suffixed with the file ("Sam
    (interview-04)"): two files are never one person by accident.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from jobstory.synthesis.segment import is_filler

INTERVIEWER_LABEL = re.compile(
    r"^(?:(?:ai|bot|chat ?bot)(?:[ -](?:interviewer|moderator|researcher|assistant))?|assistant|"
    r"(?:co-?)?(?:interviewer|moderator)|researcher|host|facilitator|observer|note-? ?taker|"
    r"int|q|i)(?:\s*[-_#]?\s*\d+)?$",
    re.IGNORECASE,
)
# Numbered ("Speaker 2", "P3") or lettered ("Speaker B", "Participant C") as services and
# note-takers tell people apart.
GENERIC_LABEL = re.compile(
    r"^(?:participant|customer|user|interviewee|respondent|client|guest|(?:unknown )?speaker|"
    r"unknown|p|a|r)(?:\s*[-_#]?\s*\d+|[\s_#-]+[a-z])?$",
    re.IGNORECASE,
)
# A name: starts with a letter; words of letters, digits, apostrophes, dots, hyphens, or a
# parenthesised note ("Interviewer (Anna)"); at most four words, 40 characters.
_NAME = re.compile(r"^[^\W\d_][\w'’.\-]*(?: (?:[\w'’.\-]+|\([^()]{1,30}\))){0,3}$")
# Words that start a spoken or written sentence with a colon ("Honestly: ...").
_DISCOURSE_WORDS = frozenset(
    """so well now note honestly basically anyway okay ok yes no yeah example update edit ps
    summary result problem answer question reason issue context background because and but
    also plus first second third finally then""".split()
)
_PAREN = re.compile(r"\s*\([^()]*\)")
_QUESTION_START = re.compile(
    r"^(?:(?:so|and|okay|ok|right|great|thanks|cool)[,.!]?\s+)*"
    r"(?:how|what|why|when|where|who|which|whose|tell me|walk me|talk me|take me|describe|"
    # prompts: "Paint me a picture of the first month.", "Talk about the first weeks."
    r"paint me|run me through|fill me in|talk (?:about|through)|"
    r"can you|could you|would you|do you|did you|does|have you|had you|were you|was it|"
    r"was there|is there|is it|are you)\b",
    re.IGNORECASE,
)


def normalize(label: str) -> str:
    return " ".join(label.split()).casefold()


def _bare(label: str) -> str:
    return _PAREN.sub("", label).strip()


def is_interviewer_label(label: str) -> bool:
    return bool(INTERVIEWER_LABEL.match(_bare(label)))


def is_generic_label(label: str | None) -> bool:
    return not label or bool(GENERIC_LABEL.match(_bare(label)))


def looks_like_name(candidate: str) -> bool:
    return len(candidate) <= 40 and bool(_NAME.match(candidate))


def accepted_labels(candidates: Iterable[str]) -> set[str]:
    """Which label candidates of one file are speakers (see the module docstring)."""
    counts = Counter(candidates)
    return {
        c
        for c, n in counts.items()
        if n >= 2 or is_interviewer_label(c) or is_generic_label(c) or _title_case_name(c)
    }


#: Lower-case words inside a surname: "Pieter van Wyk", "Maria da Silva", "Ahmed bin Zayed".
NAME_PARTICLES = frozenset("""van von der den de da das dos di du del della la le ter ten bin
binti al el y""".split())


def _title_case_name(label: str) -> bool:
    """Every word capitalised, but for a surname's particles between the first and last
    ("Pieter van Wyk"); not one discourse word ("Honestly")."""
    words = _bare(label).split()
    return (
        bool(words)
        and all(w[:1].isupper() or (0 < k < len(words) - 1 and w in NAME_PARTICLES)
                for k, w in enumerate(words))
        and not (len(words) == 1 and words[0].casefold() in _DISCOURSE_WORDS)
    )


def is_question(text: str) -> bool:
    return _ends_asking(text) or bool(_QUESTION_START.match(text.lstrip()))


def parse_interviewer_arg(interviewer: str | None) -> set[str]:
    if not interviewer:
        return set()
    return {normalize(name) for name in interviewer.split(",") if name.strip()}


def find_interviewers(
    turns: Sequence[tuple[str, str]], interviewer: str | None = None
) -> set[str]:
    """The interviewer speakers among `turns` ((speaker, text) in order; speaker "" = none)."""
    order: list[str] = []
    for speaker, _ in turns:
        if speaker not in order:
            order.append(speaker)
    named = parse_interviewer_arg(interviewer)
    if named:
        matched = {s for s in order if s and normalize(s) in named}
        if matched:
            return matched
    labelled = {s for s in order if s and is_interviewer_label(s)}
    if labelled:
        return labelled
    if len(order) < 2:
        return set()
    # Runs of consecutive utterances by one speaker are one turn.
    asked: Counter[str] = Counter()
    total: Counter[str] = Counter()
    previous = None
    run: list[str] = []
    for speaker, text in [*turns, (None, "")]:
        if speaker != previous and previous is not None:
            total[previous] += 1
            asked[previous] += is_question(" ".join(run))
            run = []
        previous = speaker
        run.append(text)
    best = max(
        order,
        key=lambda s: (asked[s] / total[s] if total[s] else 0.0, asked[s], -order.index(s)),
    )
    if not best or total[best] == 0 or asked[best] / total[best] < 0.2:
        return set()
    return {best}


#: A label that says only that the speaker was not identified ("Unknown Speaker", "Speaker"),
#: unlike "Participant" or "User", which say who spoke.
_UNATTRIBUTED = re.compile(r"^(?:unknown(?: speaker)?|speaker|unidentified(?: speaker)?)$",
                           re.IGNORECASE)


def one_label_told_apart(turns: Sequence[tuple[str, str]], *, captions: bool = False
                         ) -> list[str] | None:
    """Labels for the turns of a file that gives every turn the same label saying only that
    its speaker was not identified, as Otter.ai writes "Unknown Speaker" over each paragraph
    it could not attribute, or (`captions`: subtitles without speaker names, as captioning
    exports them) no label at all: the questions are one person's ("<label> 1") and the rest
    another's ("<label> 2"), so the interviewer's questions are never read as the
    participant's answers. An unlabelled cue is a question only when it ends on a question
    mark (a cue is a fragment: "What I did was ..." opens an answer), or opens the file
    greeting someone by name ("Good to finally meet you, Fergus McAllister."). None when the
    file has other labels (every turn "Participant:" is the participant's), or fewer than two
    questions and two answers (someone talking alone)."""
    labels = {label for label, _ in turns}
    if len(labels) != 1:
        return None
    label = next(iter(labels))
    unlabelled = captions and not label.strip()
    if not unlabelled and not _UNATTRIBUTED.match(_bare(label)):
        return None
    asked = [_ends_asking(text) if unlabelled else is_question(text) for _, text in turns]
    if unlabelled and turns and greeted_name(turns[0][1][:_GREETING_CHARS]):
        asked[0] = True  # "Good to finally meet you, Fergus McAllister.": whoever greets
    if sum(asked) < 2 or len(asked) - sum(asked) < 2:
        return None
    label = "Speaker" if unlabelled else label
    return [f"{label} 1" if question else f"{label} 2" for question in asked]


def _ends_asking(text: str) -> bool:
    return text.rstrip().rstrip("\"'”’)").endswith("?")


def participant_ids(
    speakers: Sequence[str], interviewers: set[str], base: str, named: str | None = None,
    names: dict[str, str] | None = None,
) -> dict[str, str]:
    """Map each participant speaker label ("" = unlabelled) to a participant id. `named` is
    the name the file gives its one generic participant, if any; `names` the names a legend
    gives labels ("MR" -> "Marcus Reid"). A name typed in capitals ("GLORIA CASTELLANO")
    reads as a name is written."""
    names = names or {}
    participants = [s for s in dict.fromkeys(speakers) if s not in interviewers]
    generic = [s for s in participants if is_generic_label(s) and s not in names]
    ids: dict[str, str] = {}
    for speaker in participants:
        if speaker in generic:
            if len(generic) == 1:
                ids[speaker] = named or base
            else:
                ids[speaker] = f"{base} ({speaker or 'unlabelled'})"
        elif named and len(participants) == 1 and _first_name_of(speaker, named):
            ids[speaker] = named  # "Marta:" in a file that names her Marta Kowalczyk
        else:
            ids[speaker] = _as_written(names.get(speaker, speaker))
    return ids


def _first_name_of(label: str, name: str) -> bool:
    """Whether a one-word label is the first name of a fuller `name` ("Marta", "Marta
    Kowalczyk")."""
    words = name.split()
    return len(words) > 1 and " " not in label.strip() and \
        words[0].casefold() == label.strip().casefold()


_NAME_PART = re.compile(r"[^\W\d_]+")


def _as_written(name: str) -> str:
    """A name typed in capitals as a name is written ("GLORIA CASTELLANO" -> "Gloria
    Castellano", "VIEIRA-HOLM" -> "Vieira-Holm", each part of a double-barrelled name a name);
    a surname's particles between the first word and the last in lower case ("PIETER VAN
    RENSBURG" -> "Pieter van Rensburg"); initials and names already cased stay as they are."""
    words = name.split()
    particle = [0 < k < len(words) - 1 and w.casefold() in NAME_PARTICLES
                for k, w in enumerate(words)]
    if not words or name != name.upper() or any(
            len(w.strip(".-'’")) < 3 for w, p in zip(words, particle) if not p):
        return name
    return " ".join(w.lower() if p else
                    _NAME_PART.sub(lambda part: part[0][:1] + part[0][1:].lower(), w)
                    for w, p in zip(words, particle))


#: A capitalised word of a name, with a capital inside where names have one: "McAllister",
#: "O'Brien", "LeBlanc".
_NAME_WORD = r"[A-Z][a-z\u00C0-\u024F'’-]+(?:[A-Z][a-z\u00C0-\u024F'’-]+)?"
_HEADER_NAME = re.compile(
    rf"(?:participant|interviewee|respondent|customer|user)(?: name)?\s*[:=](?:\*\*|__)?\s*"
    rf"[\"'\u201c]?"
    rf"(?P<name>(?-i:{_NAME_WORD}(?: {_NAME_WORD}){{0,2}}))",  # a name is capitalised
    re.IGNORECASE,
)
#: A title naming whom the conversation was with: "Call with Marek Nowicki (Nowicki Heating) -
#: Otter.ai", "Notes: interview with Colin Brabazon, Brabazon Boilers, 11 June 2024",
#: "Interview 10 - Claire Dunmore, welfare officer", "Switch interview: Lee Garside".
_WITH_NAME = re.compile(
    rf"\b(?:interview|call|chat|conversation|session|meeting)(?:\s+(?:no\.?\s*)?\d+)?"
    rf"(?:\s+with|\s*[:\u2013\u2014]|\s+-)\s+"
    rf"(?P<name>(?-i:{_NAME_WORD}(?: {_NAME_WORD}){{0,2}}))", re.IGNORECASE)
_MY_NAME = re.compile(rf"\b(?:[Mm]y) name(?:'s| is)\s+(?P<name>{_NAME_WORD}(?: {_NAME_WORD})?)")
_I_AM = re.compile(rf"\b(?:I'm|I am|I’m|this is|it's|it’s)\s+(?P<name>{_NAME_WORD})\b"
                   rf"(?:\s+(?P<surname>{_NAME_WORD})\b)?")
#: A first answer that opens with a name: "Tomasz. I coach boxing fitness", "Helo! Ffion
#: here, I teach Zumba".
_OPENS_WITH_NAME = re.compile(
    rf"^\W*(?:[A-Za-z]+[!,.]\s+)?(?P<name>{_NAME_WORD})(?:\s+here\b|\s*[.,!]|\s+[-\u2013\u2014])")
_GREETING = r"(?:hi|hiya|hello|hey|thanks|thank you|cheers|welcome|" \
    r"good (?:morning|afternoon|evening)|morning|g'day|kia ora)"
_NAMED = rf"{_NAME_WORD}(?: {_NAME_WORD})?"
#: The interviewer greeting the participant by name as the interview opens: "So, Theo, thanks
#: for doing this", "Thanks for joining, Ana.", "Hi Marcus!", "Hello Rebecca Hollis, and thank
#: you", "Kia ora Aroha, and thank you", "Thanks for joining, Fiona MacLeish.", "Greg Tanaka,
#: thanks for sitting down with me.", "Hey, is this Daniel Achterberg?" (a name set off as a
#: vocative or asked after, never an English word; the full name where it is given).
_GREETED = re.compile(rf"(?:\b{_GREETING}\b,?\s+(?-i:(?P<full>{_NAMED}))|"
                      rf"\b(?:is (?:this|that)|am i (?:speaking|talking) (?:to|with))\s+"
                      rf"(?-i:(?P<asked>{_NAMED}))(?=\s*\?)|"
                      rf",\s+(?-i:(?P<name>{_NAMED}))|"
                      rf"(?:^|(?<=[.!?])\s+)(?!{_GREETING}\b)(?-i:(?P<lead>{_NAMED}))"
                      rf"(?=,\s+(?:thanks|thank you|cheers|welcome|hi|hello|hey|"
                      rf"(?:great|good|lovely|nice) to)\b))"
                      rf"(?=\s*[,.!?])", re.IGNORECASE)
#: A turn that is a full name and nothing else: "Bronwyn Hale".
_NAME_ALONE = re.compile(rf"^\s*(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{1,2}})\s*$")
#: How much of the interviewer's first words is read for that greeting.
_GREETING_CHARS = 300
#: The interviewer asks who someone is: "can you say who you are", "your name for the
#: recording", "introduce yourself".
_ASKS_NAME = re.compile(r"\bwho you are\b|\byour (?:full )?name\b|\bintroduce yourself\b",
                        re.IGNORECASE)
#: A header field's value is at most this many words ("practice manager, dental surgery").
_FIELD_WORDS = 8
#: Only the first few answers are searched for a self-introduction.
_INTRO_TURNS = 4


#: "PN = Priya Nair (interviewer), MR = Marcus Reid (participant)", "Q = interviewer, C =
#: Callum", "Speaker 1 = Sam Okafor (interviewer)": a notes header saying who each label in
#: the file is, by name, by role or both.
_LEGEND = re.compile(
    r"(?P<label>\b[A-Z][A-Za-z.]{0,15}(?:[ _-]?\d{1,2})?)\s*=\s*"
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}|(?i:interviewer|moderator|participant|"
    r"respondent|interviewee|researcher|facilitator))(?:\s*\((?P<role>[^()\n]{1,40})\))?")
_LEGEND_LINE = re.compile(rf"^\W*(?:{_LEGEND.pattern}[\s,;]*(?:and\s+)?)+\W*$")
#: A header field that opens with such a legend ("- **Convention:** Q = interviewer, C =
#: Callum. Lines in brackets are the note-taker's."), whatever follows it.
_ENTRY = re.sub(r"\(\?P<\w+>", "(?:", _LEGEND.pattern)
_LEGEND_OPENS = re.compile(rf"^\W*{_ENTRY}\s*[,;]\s*{_ENTRY}")
#: A header field's label before its value: "- **Convention:**", "Key:".
_FIELD_LABEL = re.compile(r"^\W*[A-Za-z][\w ]{0,30}?\W*:\W*")
_ROLE_WORDS = frozenset({"interviewee", "researcher", "facilitator"})
_SENTENCE_AFTER = re.compile(r"(?<=\w{2})\.(?:\s.*)?$")
_TEAM_ROLE = re.compile(r"\b(?:interview\w*|moderat\w*|research\w*|facilitat\w*|host|"
                        r"observ\w*|note-? ?tak\w*)\b", re.IGNORECASE)
#: A header field whose value opens with a date ("22 January 2026, in person, students'
#: union meeting room"): a field whatever its length.
_DATE_VALUE = re.compile(
    r"^\W*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\d{4}-\d\d-\d\d|"
    r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|may|"
    r"jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,4}\b)", re.IGNORECASE)


#: "Attendees: Marcus Ogilvy (interviewer), Gemma Hartley (participant)": a name with its role
#: in brackets, in a header that lists who was there.
_ROLE_NOTED = re.compile(
    rf"(?<![\w'’])(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{0,3}})\s*\((?P<role>[^()\n]{{1,40}})\)")
#: A label in brackets after a name: the label that person's lines carry ("(P)", "(I)").
_LABEL_NOTED = re.compile(r"[A-Z]{1,3}\d{0,2}")
#: Roles that say someone was interviewed, not of the research team.
_INTERVIEWED_ROLE = re.compile(r"\b(?:participant|interviewee|respondent|customer|user)\b",
                               re.IGNORECASE)


def legend(header: str) -> dict[str, tuple[str | None, bool | None]]:
    """Who each label is, from a header line such as "PN = Priya Nair (interviewer), MR =
    Marcus Reid (participant)" or "Q = interviewer, C = Callum": label -> (name, whether they
    are of the research team); None where the legend does not say. A name with its role in
    brackets ("Attendees: Marcus Ogilvy (interviewer), Gemma Hartley (participant)") says the
    same of the label that is that name, and a name with a label in brackets ("Participants:
    Declan Furlong (P), Owen Thackeray (I)") of that label; a role that says neither
    ("(workshop manager)") says nothing."""
    found: dict[str, tuple[str | None, bool | None]] = {}
    for line in header.splitlines():
        value = _FIELD_LABEL.sub("", line, count=1)
        for m in _ROLE_NOTED.finditer(value):
            if _INTERVIEWED_ROLE.search(m.group("role")):
                found[m.group("name")] = (m.group("name"), False)
            elif _TEAM_ROLE.search(m.group("role")):
                found[m.group("name")] = (m.group("name"), True)
            elif _LABEL_NOTED.fullmatch(label := m.group("role").strip()):
                # "Declan Furlong (P), Owen Thackeray (I)": the label each speaks under
                found[label] = (m.group("name"), True if is_interviewer_label(label) else
                                False if is_generic_label(label) else None)
        if not (_LEGEND_LINE.match(line) or _LEGEND_OPENS.match(value)):
            continue
        for m in _LEGEND.finditer(value):
            # "C = Callum. C lines are ...": the name ends where its sentence does ("J. Smith"
            # keeps its initial)
            name, role = _SENTENCE_AFTER.sub("", m.group("name")), m.group("role")
            if is_interviewer_label(name) or is_generic_label(name) or \
                    name.casefold() in _ROLE_WORDS:
                name, role = None, m.group("name")
            found[m.group("label")] = (name, bool(_TEAM_ROLE.search(role)) if role else None)
    return found


#: A field line run on under another field, its label of a few words not read as a speaker:
#: "Transcribed by: ClearScribe automatic transcription, speaker labels checked by hand".
_FIELD_LINE = re.compile(r"^[A-Z][a-z]+(?: [a-z]+){0,2}:[ \t]+\S")
#: A line of a word or two ("Transcript", "Full transcript:"), a heading over what follows.
_HEADING_LINE = re.compile(r"^[ \t#*]*[A-Za-z]+(?: [A-Za-z]+)?[ \t*]*:?[ \t*]*$")


def _field_value(value: str) -> str:
    """A header field's value without the legend lines, or the heading over the conversation
    ("Organizer: Nadia Bashir" then "Transcript"), run on after it."""
    first, *rest = value.split("\n")
    told = [line for line in rest if line.strip()]
    if told and _HEADING_LINE.match(told[-1]):
        told = told[:-1]  # the heading over the conversation
    return first if all(_LEGEND_LINE.match(line) for line in told) else value


_RULE = re.compile(r"-{3,}|\*{3,}|_{3,}|={3,}")


def _names_listed(value: str) -> bool:
    """Whether a header field's value lists the people present, each a capitalised name with
    perhaps a note ("Joe Hartley (Spokewise, interviewer); Hannah Oyelaran (workshop
    manager)"): who was there, not an answer."""
    people = [p.strip() for p in re.split(r"[;,]|\band\b", _PAREN.sub("", value)) if p.strip()]
    return len(people) >= 2 and all(
        re.fullmatch(rf"{_NAME_WORD}(?: {_NAME_WORD}){{1,2}}", p) for p in people)


#: A turn wholly in the brackets captions keep for what is not speech: "[Interview with Kwame
#: Asante-Boateng, Larchfield Pharmacy]" opening a caption file says whom it was with.
_BRACKETED = re.compile(r"\[[^\]]*\]")


def header_turns(turns: Sequence[tuple[str, str]]) -> int:
    """How many of a file's first turns are its header read as turns: one-line fields before the
    conversation, "Participant: Morag, practice manager", "- Date: 3 March 2026",
    "**Interviewer:** Dana Ortiz". A field is a line under a label that never speaks again:
    one naming the participant (or whom the conversation was with: "Notes: interview with
    Colin Brabazon, ..."), one listing the people present ("Attendees: Joe Hartley
    (interviewer); Hannah Oyelaran"), or one too short to be an answer and not ended like a
    sentence, or one opening with a date; or an interviewer label followed by a name only. A
    legend of who is who run on under a field ("DA = Daniel Achebe (interviewer)") is part
    of the header. A question, a sentence or a turn over several lines is the conversation;
    so are the last two turns unless a date or a legend says they are header (a short line
    may be a short conversation's). `name_in_file` reads a participant's name from the
    header."""
    uses = Counter(label for label, _ in turns)
    count = 0
    for k, (label, words) in enumerate(turns):
        value = _field_value(words.strip()) if label else words.strip()
        # a rule closing the header ("---") and a short unlabelled line under the last field
        # ("Transcript exported from Descript") belong to the header
        lines = [line.strip() for line in value.splitlines()
                 if line.strip() and not _RULE.fullmatch(line.strip())]
        if len(lines) > 1 and all(len(line.split()) <= _FIELD_WORDS and
                                  not line.endswith((".", "!", "?", "…")) or
                                  _FIELD_LINE.match(line) for line in lines[1:]) and \
                len(lines[0].split()) <= _FIELD_WORDS and not lines[0].endswith(
                    (".", "!", "?", "…")):
            value = lines[0]
        elif len(lines) == 1:
            value = lines[0]
        # "Topic: how Ardlow Mill came to use Venuely" is a field, not a question asked
        topic = uses[label] == 1 and one_word(label) and not value.endswith("?")
        if not value or "\n" in value or (is_question(value) and not topic):
            break
        # a date or a legend is a header wherever it stands; a short line without a full stop
        # only before the last two turns, which may be a short conversation's
        plainly = uses[label] == 1 and (_DATE_VALUE.match(value) is not None or
                                        value != words.strip() or
                                        _LEGEND_OPENS.match(value) is not None) or \
            k == 0 and _BRACKETED.fullmatch(value) is not None and \
            _WITH_NAME.search(value) is not None  # a caption's note of whom it was with
        field = uses[label] == 1 and (_HEADER_NAME.match(f"{label}: {value}") is not None or
                                      _WITH_NAME.search(value) is not None or
                                      one_word(label) or _names_listed(value) or (
            len(value.split()) <= _FIELD_WORDS and not value.endswith((".", "!", "?", "…"))))
        named = is_interviewer_label(label) and looks_like_name(value) and \
            _title_case_name(value)
        if not (plainly or ((field or named) and k < len(turns) - 2)):
            break
        count += 1
    return count


def name_in_file(preamble: str, answers: Sequence[str], interviewer_words: str) -> str | None:
    """The name a file gives its participant: a header line in the `preamble` (text before
    the conversation: "Participant: X", "Call with X"), "my name is X" in one of their first
    answers, or "I'm X" there, or a first answer that opens with a name that is no English
    word ("Tomasz. I coach ..."), when the interviewer also says X (so "I'm British" or "I'm
    Fine" never becomes a name; "I'm Priya Venkataraman" gives her full name when the
    interviewer says Priya and the second word is no English word), or "I'm X Y" unasked when
    neither word is an English one ("I'm Declan Moore, I own Spokes"); else the name the
    interviewer greets them by as the interview opens ("So, Theo, thanks for doing this")."""
    header = _HEADER_NAME.search(preamble) or _WITH_NAME.search(preamble)
    # "# Speakers: ... User = participant." says who is who, not who the person is
    if header and not is_interviewer_label(header.group("name")) and \
            not is_generic_label(header.group("name")):
        return header.group("name")
    # "Respondent: Bronwyn Hale" over an export whose turns carry the same label: the first
    # "answer" is their name alone, which a later "I'm Bronwyn" only shortens (a capitalised
    # word after a first name that is no English word, alone on its line, is a surname even
    # when it is also a word: "Hale")
    alone = _NAME_ALONE.match(answers[0]) if answers else None
    if alone and not _is_word(alone.group("name").split()[0]) and \
            not is_interviewer_label(alone.group("name")):
        return alone.group("name")
    for turn, answer in enumerate(answers[:_INTRO_TURNS]):
        mine = _MY_NAME.search(answer)
        if mine:
            return mine.group("name")
        # (the name the interviewer must say too, the name it gives): "I'm Priya
        # Venkataraman" names her in full when the interviewer calls her Priya
        hits = [(hit.group("name"), f"{hit.group('name')} {hit.group('surname')}"
                 if hit.group("surname") and _is_surname(hit.group("surname"))
                 else hit.group("name")) for hit in _I_AM.finditer(answer)]
        opening = _OPENS_WITH_NAME.match(answer) if turn == 0 else None
        if opening and not _is_word(opening.group("name")) and \
                not is_filler(opening.group("name")):  # "Sure. I run", "Hi. Yes so" name nobody
            hits.append((opening.group("name"), opening.group("name")))
        asked = _ASKS_NAME.search(interviewer_words[:_GREETING_CHARS]) is not None
        for name, full in hits:
            # asked who they are, "I'm Tom Ashworth" names him in full without the
            # interviewer saying it; so does "I'm Declan Moore, I own ..." unasked, when
            # neither word is an English one ("I'm Head Chef", "I'm Sam Monday to Friday")
            said = re.search(rf"\b{re.escape(name)}\b", interviewer_words) or (
                full != name and (asked or _introduced(answer, full)))
            if said and not is_interviewer_label(name) and not is_generic_label(name) and \
                    not _is_calendar(name):  # "it's Monday now": a day, not who
                # "so it's Brennan Window and Gutter" after "Kylie Brennan, thanks heaps":
                # the part of the name greeted in full stands for it
                greeted = greeted_name(interviewer_words[:_GREETING_CHARS])
                return greeted if greeted and set(full.split()) < set(greeted.split()) \
                    else full
    opening = interviewer_words[:_GREETING_CHARS]
    # "So this is the interview with Sunita Mistry, who owns Glow Room in Clifton, Bristol."
    announced = _WITH_NAME.search(opening)
    if announced and not is_interviewer_label(announced.group("name")) and \
            not is_generic_label(announced.group("name")):
        return announced.group("name")
    return greeted_name(opening) or _said_in_lower_case(answers[:_INTRO_TURNS],
                                                        interviewer_words)


def _greets(name: str | None, *, set_off: bool = False) -> bool:
    """Whether a greeting's `name` is a person's: a first name that is no English word, or one
    that is ("Tom", "Heather") followed by a surname that is none ("Tom Kowalczyk"). Set off
    by the thanks after it ("Wayne Pitcher, cheers for jumping on"), a surname may be a word."""
    words = (name or "").split()
    if not words or is_interviewer_label(name) or _is_calendar(words[0]):
        return False
    if set_off and not _is_word(words[0]):
        return not any(_CONTRACTION.match(w) or _is_calendar(w) for w in words[1:])
    return (not _is_word(words[0]) or len(words) > 1) and all(map(_is_surname, words[1:]))


def greeted_name(opening: str) -> str | None:
    """The name someone is greeted by in `opening` ("So, Theo, thanks for doing this.",
    "Hello Rebecca Hollis, and ...", "Good to finally meet you, Fergus McAllister."): the first
    greeting, passing over a word that opens a sentence as a name would ("Great, thanks
    Marcus."); None when nobody is greeted by name."""
    greeted = next((m for m in _GREETED.finditer(opening)
                    if not m.group("lead") or _greets(m.group("lead"), set_off=True)), None)
    name = greeted and (greeted.group("full") or greeted.group("asked") or
                        greeted.group("name") or greeted.group("lead"))
    return name if name and _greets(name, set_off=bool(greeted.group("lead"))) else None


#: "i'm nadia by the way nadia kowalczyk": a self-introduction in a transcript with no
#: capitals (speech recognition that leaves text in lower case), where no name is capitalised.
_I_AM_LOWER = re.compile(r"\b(?:i'm|i’m|i am|my name's|my name is)\s+(?P<name>[a-z][a-z'’-]+)")


def _no_word(word: str) -> bool:
    """Whether a lower-case word may be a name: no English word (the dictionary has no "and",
    "the" or "by", so no stop word either) and no filler."""
    return _is_surname(word) and word not in ENGLISH_STOP_WORDS and not is_filler(word)


def _said_in_lower_case(answers: Sequence[str], interviewer_words: str) -> str | None:
    """The name someone gives in answers written all in lower case: "i'm X" where X is no
    English word, given in full ("nadia kowalczyk", neither an English word) or said by the
    interviewer too; written as a name is ("Nadia Kowalczyk")."""
    if not answers or any(c.isupper() for answer in answers for c in answer):
        return None
    for answer in answers:
        for hit in _I_AM_LOWER.finditer(answer):
            name = hit.group("name")
            if not _no_word(name):
                continue
            surnames = [m.group(1) for m in re.finditer(
                rf"\b{re.escape(name)}\s+([a-z][a-z'’-]+)", answer) if _no_word(m.group(1))]
            if surnames:
                return f"{name.capitalize()} {surnames[0].capitalize()}"
            if re.search(rf"\b{re.escape(name)}\b", interviewer_words, re.IGNORECASE):
                return name.capitalize()
    return None


def _introduced(answer: str, full: str) -> bool:
    """Whether `answer` says "I'm <full>" (or "I am"), a first name and a surname neither of
    which is an English word: a person introducing themselves, not a company ("this is ...")
    or a role ("I'm Practice Manager")."""
    first = full.split()[0]
    return not _is_word(first) and re.search(
        rf"\b(?:I'm|I am|I’m)\s+{re.escape(full)}\b", answer) is not None


def full_name_in(text: str, label: str) -> str | None:
    """The full name a file gives a participant labelled by a first name only ("Priya",
    "KELLY"): that first name followed by a surname anywhere in it ("This is the interview
    with Priya Raman", "So, Kelly Brannigan, Brannigan Office Cleaning"); the surname said
    most often wins, and none that is an English word or a day ("Priya Monday")."""
    first = label.strip()
    if not first or " " in first or not first.isalpha() or _is_word(first) or \
            is_generic_label(first) or is_interviewer_label(first):
        return None
    said = Counter(m.group("surname") for m in re.finditer(
        rf"\b(?i:{re.escape(first)})\s+(?P<surname>{_NAME_WORD})\b", text)
        if _is_surname(m.group("surname")) and m.group("surname").casefold() != first.casefold())
    if not said:
        return None
    surname = max(said, key=lambda name: (said[name], name))
    return f"{first[:1].upper()}{first[1:].lower()} {surname}"


def one_word(label: str) -> bool:
    """Whether a label is a single English word ("Notes:", "Duration:", "Better:"): used once,
    it heads a field of a header or a sentence, and names nobody."""
    words = _bare(label).split()
    return len(words) == 1 and _is_word(words[0])


#: A contraction ("I'm", "It's", "We'd"): never a surname, as "O'Brien" may be.
_CONTRACTION = re.compile(r"^\w+['’](?:m|s|re|ve|ll|d|t)$", re.IGNORECASE)


def _is_surname(word: str) -> bool:
    """Whether a capitalised word after a first name may be a surname: no English word, no
    contraction ("Jonah I'm outside", a message read out) and no day, month or holiday ("I'm
    Sam Monday to Friday")."""
    return not _is_word(word) and not _CONTRACTION.match(word) and not _is_calendar(word)


def _is_calendar(word: str) -> bool:
    """Whether `word` is a day, a month or a holiday."""
    from jobstory.synthesis.phrases import CALENDAR

    return word.casefold() in CALENDAR


def _is_word(word: str) -> bool:
    """Whether `word` is an English word (lemminflect's dictionary): "Sure", "Yes", "Well"."""
    from lemminflect import getAllLemmas

    return bool(getAllLemmas(word.lower()))


def corpus_interviewers(files: Sequence[Sequence[str]]) -> set[str]:
    """Named labels that interview across a corpus: `files` lists each file's speaker labels
    in order of appearance. A label counts when it speaks in at least three files and, in
    most of them, opposite someone it did not face in the other files."""
    partners: dict[str, list[frozenset[str]]] = {}
    for speakers in files:
        labels = {s for s in speakers if s}
        for label in labels:
            partners.setdefault(normalize(label), []).append(
                frozenset(normalize(o) for o in labels - {label}))
    found = set()
    for label, met in partners.items():
        if len(met) < 3 or is_generic_label(label):
            continue
        seen: Counter[str] = Counter(p for others in met for p in others)
        fresh = sum(1 for others in met if others and all(seen[p] == 1 for p in others))
        if fresh > len(met) / 2:
            found.add(label)
    return found
