"""What a unit's place in a switch story says about the forces it carries.

The coder (:mod:`jobstory.synthesis.code`) reads each unit with its question; these rules
stand over its model where the story itself decides. A researcher reads "I liked that
spreadsheet" as attachment to the old way when it is told before the new way was known of,
and "What got me was the scan at the pub door" as what drew them when told while weighing the
new way; the words alone, or the question alone, do not say which. Each rule is a pure
function of a unit's text and its place (the phase, and the force its question asks about),
with the words English says it in; every one was measured on the labelled switch interviews
(`benchmarks/README.md`) and reads only what the story's stage makes unambiguous.
"""

from __future__ import annotations

import re

from jobstory.synthesis.coding_cues import CodeContext
from jobstory.synthesis.grammar import ALL_BASES, IRREGULAR, dictionary_base

__all__ = ["AFTER_SWITCH", "BEFORE_AWARE", "STRUGGLE_PHASES", "WEIGHING", "drew_them",
           "kept_up", "liked_before", "loath_to_switch", "long_done", "sold_them", "wished",
           "worried"]

#: Timeline phases before someone knows of a new way: nothing in them is its pull. An answer
#: about how things were done, or about the struggle, that reads like a feature ("the invoice
#: goes to accounts, accounts pay it") describes the old way.
BEFORE_AWARE = frozenset({"background", "first_thought", "struggling_moment"})


#: Timeline phases in which someone weighs a new way. What they say they wanted there, unless
#: asked about a worry or a habit, is what drew them: "I just wanted to be able to open the job
#: and show them", told while looking, is the pull of a way that would let them.
WEIGHING = frozenset({"passive_looking", "active_looking", "deciding"})
_WISH = re.compile(
    r"\b(?:i|we)(?:'d| would)?\s+(?:(?:really|just|only|also|always|honestly)\s+)*"
    r"(?:want|wanted|wish|wished|hoped|was hoping|were hoping|would like|'d like) to\b|"
    r"\b(?:what|all) (?:i|we) (?:really |just )?(?:wanted|was after|were after)\b",
    re.IGNORECASE)


#: "What got me was that the scan happens at the pub door", "What got my attention was she
#: said it sends a nudge itself", "That's what caught my ear": the participant's own frame for
#: what drew them, told while weighing a new way, as is "the difference with Pawtrack was that
#: you never send the code". (Told of the struggle, "what really got me" is what upset them:
#: the story's push, which the coder reads without this.)
_DREW_ME = re.compile(
    r"\b(?:what|the (?:thing|bit|part) (?:that )?)\s*(?:(?:really|first|honestly)\s+)?"
    r"(?:got|grabbed|caught) (?:me\b|my (?:attention|eye|ear|interest)\b)|"
    r"\bthe (?:(?:big|biggest|main|real|key)\s+)?difference (?:with|is|was)\b", re.IGNORECASE)


def _unasked(context: CodeContext) -> bool:
    """Not asked about a worry or the old way."""
    return context.force in (None, "pull")


def _weighing_unasked(context: CodeContext) -> bool:
    """Told while weighing a new way, and not asked about a worry or the old way."""
    return context.phase in WEIGHING and _unasked(context)


def wished(text: str, context: CodeContext) -> bool:
    """Whether `text` says what someone wanted, told while weighing a new way (`_WISH`)."""
    return _weighing_unasked(context) and _WISH.search(text) is not None


def drew_them(text: str, context: CodeContext) -> bool:
    """Whether `text` says what "got" someone, told while weighing a new way (`_DREW_ME`)."""
    return _weighing_unasked(context) and _DREW_ME.search(text) is not None


#: "What sold me was the slots being sized by the job", "What won me over was that I could
#: see the whole day on my phone", "What pulled me was one number a month", "The theft
#: replacement was the bit that settled it", "What caught me with Stablebook was ...", "What I
#: liked right away was ...": said only of a new way someone already knew of,
#: so what drew them whatever phase the story was read as being in. (An interviewer who only says
#: "Mm." and "Go on." leaves the whole story in the phase of the opening question.)
_SOLD_ME = re.compile(
    r"\b(?:what|the (?:thing|bit|part|one thing) (?:that )?)\s*(?:(?:really|finally|first|"
    r"actually)\s+)?(?:sold me|won me (?:over|round|around)|pulled me(?: in)?|"
    r"(?:settled|clinched|sealed) it)\b|"
    # "What caught me with Stablebook was ...", "What I liked right away was that each job has
    # a status": a new way named, or liked at first sight
    r"\bwhat (?:(?:really|first)\s+)?(?:caught|grabbed|struck) me (?:with|about) "
    r"(?-i:[A-Z])\w+|"
    r"\bwhat (?:i|we) (?:liked|loved) (?:right away|straight away|immediately|instantly|"
    r"straight off|from the start)\b", re.IGNORECASE)


def sold_them(text: str, context: CodeContext) -> bool:
    """Whether `text` says what won someone over (`_SOLD_ME`), not asked about a worry or an
    attachment to the old way (asked what went wrong, "what sold me" still names what drew
    them: an interview read as still in the struggle may have moved on)."""
    return context.force not in ("anxiety", "habit") and _SOLD_ME.search(text) is not None


#: Phases told from after the switch.
AFTER_SWITCH = frozenset({"first_use", "what_changed"})
#: "Dawn still prints the day list", "I still keep the cancellation book", "even now I ring
#: them": a way of the old days kept up today, said in the present by someone (not "the
#: patients still didn't come", "I still have to ring them", "it's still there", "it still
#: annoys me").
_STILL = re.compile(
    r"\b(?P<now>even now)\b|"
    r"\b(?P<before>[\w'’]+)\s+still\s+"
    r"(?:(?:sometimes|always|usually|often|just|really|occasionally|also)\s+)*(?P<next>[\w'’]+)",
    re.IGNORECASE)
#: Words before "still" that make what follows a state or the past: "was still", "it's still".
_NOT_SOMEONE = frozenset("""was were had did could would couldn't wouldn't is are am be been
it it's that's there's they're we're he's she's i'm you're can will may might should must
that this which you""".split())
_NOT_KEPT = re.compile(
    r"^(?:can't|cannot|couldn't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|won't|"
    r"wouldn't|hasn't|haven't|not|no|never|nothing|annoy\w*|bug\w*|frustrat\w*|hat(?:e[sd]?|ing)|"
    r"irritat\w*|drives?|grates?|struggl\w*|worr\w*|fret\w*)$", re.IGNORECASE)
#: Verbs that say how things are, not what someone keeps doing.
_STATES = frozenset("""be is are am have has get gets need needs happen happens want wants think
thinks feel feels seem seems work works run runs exist exists stand stands remain remains
stay stays live lives go goes come comes say says""".split())
#: Words that set what is kept beside the new way, wherever in the story it is told.
_BESIDE_NEW = re.compile(r"\b(?:even now|these days|nowadays|even though|although|as well|"
                         r"alongside|in parallel|anyway)\b", re.IGNORECASE)


#: What someone liked about a way of theirs, told with their struggle (the first thought that
#: it had to change, the moment it broke): "I kind of loved the dots, honestly, anyone could
#: learn it", "to be fair, I liked that spreadsheet, I'd built it myself", "I did like those
#: calls, it was the only time I spoke to all of them", "part of me liked
#: being the one person who could find anything". Nothing then can be a new way's pull, and
#: the coder reads it as more of the struggle: it is attachment to the old way (habit). A thing
#: or a role named ("the dots", "that spreadsheet", "being the one"), not a taste ("I like
#: things to add up"). Not in a plain background answer, unless said in the past
#: (`_LIKED_THEN`): an interview that is no switch story (how someone uses AI in their work)
#: is all background, and what they like there is today's.
_FONDLY = ("really|actually|kind of|kinda|quite|honestly|always|genuinely|sort of|secretly|"
           "also|just")
_LIKED_OLD = re.compile(
    rf"\b(?:i|we|part of me)\s+(?:(?:{_FONDLY}|did|do)\s+)*(?:liked|loved|like|love|enjoyed)\s+"
    r"(?:the|that|those|our|my|having|being)\b|"
    # "I'm very fond of it, my predecessor made it"
    r"\b(?:i|we)(?:'m| am| was| were|'re| are)\s+(?:(?:very|really|quite|so|rather)\s+)?fond of\b",
    re.IGNORECASE)


#: The phases that tell the struggle with the old way.
STRUGGLE_PHASES = frozenset({"first_thought", "struggling_moment"})


#: What someone liked, said in the past of a way they had: "I loved WhatsApp, honestly,
#: everybody already had it", "I loved that whiteboard", "I liked it that way", "I was quite
#: proud of it", "I was rather proud that I never lost one". Told to a background question,
#: the past tense sets it in the days before (today's liking is in the present); told with
#: the struggle, it is as much attachment to the way. Only a thing of theirs, a name or "it
#: that way": a liking for doing something ("I loved teaching") is as often the person's own
#: history, and "I loved the ability to ..." as often what a new way gave them.
_LIKED_THEN = re.compile(
    rf"\b(?:i|we|part of me)\s+(?:(?:{_FONDLY})\s+)*(?:liked|loved)\s+"
    r"(?:that|those|our|my|it that way|it(?=\s*[,.;!])|(?-i:[A-Z]))|"
    r"\b(?:i|we) (?:was|were) (?:(?:\w+ly|really|quite|very|so|a bit|rather|pretty|kind of|"
    r"kinda|sort of)\s+)*proud (?:of|that)\b", re.IGNORECASE)


def liked_before(text: str, phase: str | None) -> bool:
    """Whether `text` tells what someone liked about a way of theirs, told with their struggle
    with it (`_LIKED_OLD`), or in the past to a background question (`_LIKED_THEN`)."""
    return (phase in STRUGGLE_PHASES and (_LIKED_OLD.search(text) or _LIKED_THEN.search(text))
            is not None) or (phase == "background" and _LIKED_THEN.search(text) is not None)


#: A worry told in so many words: "I was honestly quite worried some of the dads would think I
#: was bossy", "I kept thinking, what if the tags fall off", "I kept waking up at four thinking
#: a hold had expired", "I was convinced the form had stopped feeding into it", "half expecting
#: a couple to ring up furious", "I had this horrible feeling the code would be wrong", "that
#: thought does keep me up the odd night". Told of
#: the first weeks with a new way, the story around it reads as what changed, and the coder's
#: plain reading of it as the struggle; said like this, once a new way is known of, it is a
#: worry about it (before that, a fear is the struggle's, as `SAID_ANYWHERE` has it).
_WORRIED = re.compile(
    r"\b(?:i|we)(?:'m| am| was| were| got)?\s+(?:(?:really|honestly|quite|a bit|so|genuinely|"
    r"properly|a little|terribly)\s+)*(?:worried|scared|nervous|afraid|terrified|anxious|"
    r"frightened|wary)\b|"
    # "that thought does keep me up the odd night"
    r"\b(?:keeps?|kept)\s+me\s+(?:up|awake)\b|"
    r"\bwhat if\b|\bkept (?:thinking|waking|checking|expecting|worrying)\b(?![ ,]+about\b)"
    r"(?=[ ,]+\w)|\bhalf expect\w*|\b(?:i|we) (?:was|were) convinced\b|"
    r"\b(?:didn't|did not) (?:quite |really |fully )?trust\b|"
    r"\b(?:horrible|awful|sick|nagging) feeling\b", re.IGNORECASE)


def worried(text: str, phase: str | None) -> bool:
    """Whether `text` tells a worry in so many words once a new way was known of (`_WORRIED`)."""
    return phase in WEIGHING | AFTER_SWITCH and _WORRIED.search(text) is not None


#: Told of the first weeks with a new way, the old way kept up then: "For about a month I was
#: still writing everyone in the paper register as well", "I still printed the registers out",
#: "the staff kept writing doses on the paper form".
_KEPT_THEN = re.compile(
    r"\b(?P<they>[\w'’]+)\s+(?:was|were)\s+still\s+(?P<doing>[a-z]+ing)\b|"
    r"\b(?P<who>[\w'’]+)\s+still\s+(?P<did>[a-z]+)\b|"
    r"\b(?:kept|carried on|went on)\s+(?P<kept>[a-z]+ing)\b", re.IGNORECASE)
#: Told of the first weeks with a new way, the old way run beside it: "We ran the Google
#: Calendar alongside for about a month", "I kept the Google Docs for a while as backup", "I'd
#: update the spreadsheet as well, just in case", "for about two weeks I did both", "for about
#: four months we were running two systems", a parallel count, the new checked against the
#: old ("out of habit" is `_OUT_OF_HABIT`'s, wherever after the switch it is told).
_RUN_BESIDE = re.compile(
    r"\b(?:alongside|in parallel|just in case|as (?:a )?back-?up)\b|"
    # "I did that parallel count for three months", "I also ran my old spreadsheet that
    # quarter, side by side", "I checked it against the paper anyway"
    r"\bparallel (?:counts?|runs?|running|systems?|books?|records?)\b|"
    r"\b(?:ran|run|running|kept|keeping)\b[^.;]{0,40}\bside by side\b|"
    r"\b(?:check|checked|checking)\s+(?:it|them|everything|each \w+|\w+)\s+against\s+"
    r"(?:the|my|our)\s+(?:old|paper|spreadsheet|book|diary|sheet|notebook|whiteboard|"
    r"cards?|list)\b|"
    r"\b(?:running|ran|run|kept|keeping)\s+(?:\w+\s+)?(?:two|both)\s+(?:systems|ways|sets|"
    r"versions|diaries|calendars|trackers)\b|"
    r"\b(?:i|we|they|she|he)\s+(?:\w+\s+)?(?:ran|kept|had|used|did)\s+(?:them\s+)?both\b",
    re.IGNORECASE)
#: Told of the first weeks with a new way, the old thing kept on for a time or beside it: "I kept
#: the paper diary at reception for a while", "Luc kept the whiteboard going as well until
#: about May", "we left the old regulars on the diary for a bit", "Phil wanted to keep the
#: duplicate book going".
_KEPT_THING = re.compile(r"\b(?:kept|keep|keeping|left) (?:the|my|our|a|an|his|her|their|that|"
                         r"those|this|all the) ", re.IGNORECASE)
_FOR_A_TIME = re.compile(
    r"\bfor (?:a while|a bit|(?:about |the first |a few |another |the whole |a couple of )*"
    r"(?:\w+ )?(?:weeks?|months?|days?|term|season|year))\b|\buntil\b", re.IGNORECASE)
#: Words before "was still" that make it a thing's state, not someone's doing.
_THINGS = frozenset("it that this there which what".split())
#: What "kept doing" needs to be the old way's, not a teething trouble ("they kept asking me
#: where things were"): said beside the new way, of the old one, or as a habit in other words
#: ("out of pure reflex", "how she'd always done it", "instead of pulling the approved file",
#: "double work", "in case the app lost something").
_OF_THE_OLD = re.compile(rf"{_BESIDE_NEW.pattern}|\b(?:old|habits?|reflex|instinct|"
                         rf"muscle memory|always|instead of|double|in case)\b|"
                         # "because I didn't quite trust the tablet": the new way not yet
                         # trusted, the old one kept
                         r"\b(?:didn't|did not)\s+(?:quite\s+|really\s+|fully\s+)?trust\b",
                         re.IGNORECASE)


#: "I still went through the inbox every Sunday": going through something is checking it.
_GOING_OVER = re.compile(r"\s+(?:through|over|round)\b", re.IGNORECASE)
#: "I kept writing every payment into the green book, even after we'd started on Plotkeeper":
#: something done on after the switch, by the sentence's own words.
_KEPT_DOING = re.compile(r"\b(?:kept|carried on|went on)\s+[a-z]+ing\b", re.IGNORECASE)
_SAID_AFTER = re.compile(
    r"\b(?:after|once|since)\s+(?:we|i)(?:'d|\s+had)?\s+(?:switched|changed over|"
    r"moved (?:over|across)|gone live|went live|started (?:on|with|using)\b)", re.IGNORECASE)


def _kept_then(text: str) -> bool:
    """Whether `text` says someone went on doing something the old way, in the past
    (`_KEPT_THEN`; not a state: "it was still working", "we kept getting errors"; "kept doing"
    only beside the new way or of the old one; "still had" only beside the new way: "I still
    had people posting in the group as well")."""
    for found in _KEPT_THEN.finditer(text):
        if found.group("kept") and not _OF_THE_OLD.search(text):
            continue
        doing = found.group("doing") or found.group("kept")
        if doing:
            base = dictionary_base(doing.lower(), ("VBG",))
            who = (found.group("they") or "").lower()
        else:
            word = found.group("did").lower()
            base = IRREGULAR.get(word) or dictionary_base(word, ("VBD",))
            who = found.group("who").lower()
            if who in _NOT_SOMEONE:
                continue
        going_over = base == "go" and _GOING_OVER.match(text, found.end())
        if base and who not in _THINGS and not _NOT_KEPT.match(base) and (
                base not in _STATES or base == "have" and _BESIDE_NEW.search(text)
                or going_over):
            return True
    return False


def _kept_in_first_weeks(text: str) -> bool:
    """Whether `text`, told of the first weeks with a new way, says the old way went on then:
    still done or kept doing (`_kept_then`), run beside the new (`_RUN_BESIDE`), or the old
    thing kept on for a time or beside it (`_KEPT_THING`)."""
    return _kept_then(text) or _RUN_BESIDE.search(text) is not None or (
        _KEPT_THING.search(text) is not None and
        (_OF_THE_OLD.search(text) is not None or _FOR_A_TIME.search(text) is not None))


#: A time that is the new way's first weeks, named in the sentence itself: "for the first
#: month", "that whole first spring", "the first couple of weeks", "that first fortnight"; or
#: a time after the switch in so many words: "for about a month after we switched", "even
#: after we'd started on Plotkeeper", "once we'd gone live".
_FIRST_WEEKS = re.compile(
    r"\b(?:the|that|those|our|my|its|their)\s+(?:very\s+|whole\s+|entire\s+)?first\s+"
    r"(?:few\s+|couple(?:\s+of)?\s+|two\s+|three\s+|four\s+|six\s+)?"
    r"(?:days|weeks?|fortnight|months?|term|season|spring|summer|autumn|fall|winter|"
    rf"quarter)\b|{_SAID_AFTER.pattern}", re.IGNORECASE)


def _kept_through_first_weeks(text: str) -> bool:
    """Whether `text` says the old way went on (`_kept_in_first_weeks`, or an old thing kept on)
    in a time it names as the new way's first weeks (`_FIRST_WEEKS`), whatever the question:
    "Honestly we kept the chalkboard in the potting shed through that whole first spring",
    told to "Who else had a say?", is set in the first weeks by its own words."""
    return _FIRST_WEEKS.search(text) is not None and (
        _kept_in_first_weeks(text) or _KEPT_THING.search(text) is not None or
        _SAID_AFTER.search(text) is not None and _KEPT_DOING.search(text) is not None)


#: Putting the switch off, while weighing it: "I still held off for a few weeks", "I still sat
#: on it a couple of weeks", "I dragged it out", "we kept putting it off", "I was the last
#: holdout" (not "ordering double and sitting on it", stock held); a new way heard of and put
#: aside: "I just sort of filed it away", "I sort of bookmarked it mentally", "I kind of
#: parked it", "It sat in my drawer".
_PUT_OFF = re.compile(r"\b(?:held off|holding off|hold off|"
                      r"filed it away|shelved it|bookmarked it|"
                      r"parked it\b(?!\s+(?:outside|in|at|on|by|round|behind|there)\b)|"
                      r"put it (?:aside|to one side|"
                      r"on the back burner)|^\W*it sat (?:in|on) (?:my|our|the|a)|"
                      r"(?:i|we|she|he|they)\s+(?:\w+\s+){0,5}?(?:sat|was sitting|were sitting)"
                      r" on it|dragg(?:ed|ing) (?:it out|(?:my|our|their|his|her) feet)|"
                      r"put(?:ting)? it off|the last holdout)\b", re.IGNORECASE)
#: Loath to let the old way go: "Part of me didn't want to let go of the binder", "I wasn't
#: ready to give up the diary" (not "didn't want to lose bookings", which may be the push).
_LOATH = re.compile(r"\b(?:didn't|did not|don't|do not|wasn't|was not|weren't|were not)\s+"
                    r"(?:really\s+|quite\s+)?(?:want(?:ing)?|ready|keen|willing)\s+to\s+"
                    r"(?:let (?:go|it go)|give (?:up|it up)|part with|get rid)\b",
                    re.IGNORECASE)


def loath_to_switch(text: str, phase: str | None) -> bool:
    """Whether `text` tells someone putting the switch off while weighing it (`_PUT_OFF`),
    or loath to let the old way go once a new one was in view or the struggle had begun
    (`_LOATH`): the hold of the old way (habit), whatever the question asked."""
    return phase in WEIGHING and _PUT_OFF.search(text) is not None or (
        phase not in (None, "background") and _LOATH.search(text) is not None)


#: The way as it has long been done: "I have done it like this for eleven years", "Dad ran it
#: like that for twenty years", "we've done it this way for twenty years", "that's how I'd
#: always done it", "I'd done it that way since I qualified", "same as always", "the way Ria had
#: done it": the hold of a way by how long it has been theirs, or their predecessor's (not "we
#: did it that way once"), wherever in the story it is told.
_LONG_DONE = re.compile(
    r"\b(?:done|did|run|ran|kept|do)\s+(?:it|things|them|that|this|the \w+)\s+"
    r"(?:like (?:this|that)|this way|that way|the same way)\b"
    r"(?=[^.;!?]*\b(?:for (?:\d+|[a-z]+(?:[- ][a-z]+)?) years|always|since|years)\b)|"
    r"\b(?:the way|how) (?:i|we|they|he|she)(?:'ve|'d|\s+have|\s+had)?\s+always\s+"
    r"(?:done|did|run|ran)\s+(?:it|things)\b|"
    r"\b(?:always|for (?:\d+|[a-z]+(?:[- ][a-z]+)?) years)\b[^.;!?]{0,20}\b(?:done|did|run|ran) "
    r"(?:it|things) (?:like (?:this|that)|this way|that way)\b|"
    # "I still rang Gerry on the Tuesday night, same as always", "I printed the registers
    # anyway, like always", "exactly like before": done as it always was
    r"\b(?:i|we)\b[^.;!?]{0,80}\b(?:(?:exactly |just )?like (?:before|always)|"
    r"same as (?:always|before|ever))(?=\s*(?:[,.;!?]|$))|"
    # "the way I always had", "kept it in a red folder, the way Ria had done it": as they, or
    # whoever had it before them, had always done it
    r"\b(?:the way|as) (?:i|we|he|she|they|(?-i:[A-Z])[a-z]+)(?:(?:'d|\s+had)(?:\s+always)?\s+"
    r"(?:had it|done it|did it|had them|done them|had|done)|"
    r"\s+(?:always\s+)?had (?:it|them)(?=\s*[,.;!?]|$))\b|"
    r"\bthe way (?:i|we) (?:had )?always (?:had|did|done)\b", re.IGNORECASE)


def long_done(text: str) -> bool:
    """Whether `text` tells the way as it has long been done (`_LONG_DONE`): habit."""
    return _LONG_DONE.search(text) is not None


#: "I still, out of habit, ring the stragglers", "out of sheer habit": the old way's hold
#: named as such; "I went straight back to my old ways", "so I went back to buying the monthly
#: pass": the old way returned to.
_OUT_OF_HABIT = re.compile(
    r"\bout of (?:pure |sheer |old |force of )?habit\b|"
    r"\b(?:went|go|going|gone|slipped|fell|drifted)\s+(?:straight\s+|right\s+)?back\s+(?:in)?to\s+"
    r"(?:(?:my|our|the|his|her|their)\s+old\b|(?:buying|using|doing|taking|writing|driving)\b)",
    re.IGNORECASE)


#: "I miss the kiln room being mine", "we do miss having it all in one book": the old way
#: missed, once a new one is known of.
_MISSED = re.compile(r"\b(?:i|we)\s+(?:(?:do|still|really|honestly|sometimes)\s+)*miss\s+"
                     r"(?:the|my|our|that|having|being|how|writing|doing)\b"
                     # not a deadline missed less often now
                     r"(?![^.;,]*\b(?:less|fewer|any ?more|now)\b)", re.IGNORECASE)


def kept_up(text: str, phase: str | None) -> bool:
    """Whether `text` tells of a way of the old days kept up: today ("even now", or someone who
    "still" does something, in the present, told once a new way was known of, while weighing
    it or after the switch, or beside the new way: "even though it's on the screen"), or in the
    first weeks with the new way, told of them (`_kept_then`), run beside it then
    (`_RUN_BESIDE`: "we ran the old calendar alongside") or kept on for a time (`_KEPT_THING`:
    "I kept the paper diary at reception for a while"), or in a time the sentence itself names
    as the first weeks (`_kept_through_first_weeks`), or done "out of habit", missed, or done
    in parallel once a new way was known of. Before a new way is known of,
    "still" in the present is the story's own ("so I still ring round")."""
    if phase == "first_use" and _kept_in_first_weeks(text):
        return True
    if phase not in (None, "background") and _kept_through_first_weeks(text):
        return True
    if phase in AFTER_SWITCH | WEIGHING and (
            _OUT_OF_HABIT.search(text) or _MISSED.search(text) or
            _RUN_BESIDE.search(text) and _kept_then(text)):
        return True  # "Fiona still wrote in it every Saturday, in parallel"
    if phase not in AFTER_SWITCH | WEIGHING and not _BESIDE_NEW.search(text):
        return False
    for found in _STILL.finditer(text):
        if found.group("now"):
            return True
        word = found.group("next").lower()
        if found.group("before").lower() not in _NOT_SOMEONE and not _NOT_KEPT.match(word) \
                and word not in _STATES and word not in IRREGULAR and (
                    word in ALL_BASES or dictionary_base(word, ("VB", "VBP", "VBZ"))):
            return True
    return False
