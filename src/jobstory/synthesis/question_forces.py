"""The words that name the force an interview question asks about, whatever it resembles.

`questions.classify` reads a question by its likeness to prototype questions
(`question_prototypes.py`); a question that names a force ("Any hesitation?", "What drew you
to it?", "Was staying put ever tempting?") asks about that force, even when it is too short to
match a prototype or its topic words resemble another stage's. Each pattern carries the
examples it was written for.
"""

from __future__ import annotations

import re

__all__ = ["FORCE_WORDS"]

#: Words that name the force a question asks about outright, whatever else it resembles:
#: "Any hesitation?" asks about anxiety even when it is too short to match a prototype.
FORCE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # (not "that fear", "this worry": a worry just told of, asked about again, is more of the
    # story it was told in; "Was there a moment when that fear became real?")
    ("anxiety", re.compile(
        r"(?:(?<!that )(?<!this )(?<!those )(?<!these )|"
        r"(?!(?:fears?|worry|worries|concerns?|doubts?|risks?|hesitations?)\b))"
        r"\b(?:worr\w*|concern\w*|nervous|nerves|nerve-?wracking|reservations?|qualms|uneas\w*|"
        r"second thoughts|cold feet|misgivings|kept you up at night|"
        r"apprehensi\w*|hesita\w*|afraid|frightened|scared|wary|fear\w*|doubt\w*|risk\w*|"
        r"nearly stop\w*|almost stop\w*|put you off|held you back|holding you back)\b", re.I)),
    ("habit", re.compile(
        r"\b(?:you (?:\w+ly |still )?miss(?:ed)?|yourself (?:still )?missing|reluctant|give up|"
        r"let go|"
        r"kept you(?! up)|"
        # "And staying as you were, was that on the table?", "Was staying put ever tempting?":
        # the pull of the way they had
        r"stay(?:ing)? (?:as you were|put|where you were)|carr(?:y|ying) on as (?:you were|"
        r"before)|"
        # "Was sticking with Facebook ever an option?"
        r"(?:stick|sticking|stay|staying) with\b[^?]*\b(?:an option|on the table|tempting)|"
        r"attached|"
        # "What made you keep the book as long as you did?", "Anything keeping you on the
        # diary?", "Anything about the forms you wanted to keep?": what held them to it
        r"made you (?:keep|stay|stick)|keeping you (?:on|with|using)|want(?:ed)? "
        r"to keep|as long as you did|"
        # "Is that why you kept the paper diary?", "Why did you stick with the cards?"
        r"why (?:did )?you (?:still )?(?:kept|keep|stuck|stick|stayed|stay) (?:with |to |on )?"
        r"(?:the|your|those|that|using|doing)\b|"
        # "Was there anything about the old way you liked?"
        r"(?:old|previous|former)\b[^?]*\byou (?:liked|loved|enjoyed|valued|appreciated)|"
        r"liked? about (?:the|your) (?:old|previous)|anything (?:that )?you liked about|"
        r"want(?:ed)? to lose|habits?|hard to (?:change|break|stop|drop)|(?:kept|keep) doing|"
        # "Was there anything about the old way you found yourself missing or continuing to
        # do?": what they missed of it, or went on doing
        r"(?:old|previous|former)\b[^?]*\b(?:miss(?:ed|ing)?|continu\w* to)|"
        r"continu\w* to (?:do|use) (?:the|your) (?:old|previous)|"
        # "Are there any ways you still work the way you did before, or things from the old
        # system that you've held on to?"
        r"h[eo]ld(?:ing)? on to|hang(?:ing)? on to|"
        # "Are there parts of the old approach that you've kept?", "Any parts of the old system
        # you still use?": what of the old way they kept
        r"(?:parts?|bits?|pieces?|anything|things?)\s+(?:of|from)\s+(?:the|your)\s+"
        r"(?:old|previous|former)\b|keep from (?:the|your) (?:old|previous|former)\b|"
        r"still\s+(?:\w+\s+){0,3}(?:the way you (?:did|used to)|(?:the|your) old)|"
        # "Do you still go by feel at all?", "Is the notebook still around?", "Is it still
        # there?": what of the old way goes on (not "Is the problem still there?")
        r"(?:do|did|does) you still (?:\w+ )?(?:go by|use|keep|do|write|check|rely on|"
        r"work (?:from|off|with)|have (?:the|your|that|a))|"
        r"is (?:it|that|this|the|your)\b(?!\s+(?:problem|issue|frustration|trouble))"
        r"(?:\s+[\w'-]+){0,3}\s+still (?:around|there|up|in use|going|on the wall))\b",
        re.I)),
    ("pull", re.compile(
        r"\b(?:appeal\w*|attract\w*|"
        # (not "when it tipped over from uncomfortable to something had to change": the first
        # thought)
        r"tipped(?![^?]*\b(?:had|needed) to (?:change|give)\b)|sold you|drew you|"
        r"draw(?:s|ing)? you|"
        r"pull(?:ed|s)? you|convinc\w*|"
        # "What about Tallyhome caught your attention?", "What was it about it that
        # interested you?", "What was it about the shot list that caught you?" (not "What
        # caught you out?", a mishap)
        r"caught (?:your (?:eye|attention)|you(?!\s+out))|grabbed (?:you|your attention)|"
        r"interest(?:ed)? you|"
        r"made you (?:pick|choose|go (?:with|for)|decide on)|"
        # "How did you end up choosing Chairside?", "How did you end up with it?"
        r"how did you (?:end|wind) up (?:at|with|on|using|choosing|picking|going with)|"
        r"won (?:out|you (?:over|round|around)|because))\b|"
        # "What made you look at Classmate?": what drew them to the one they chose
        r"\bmade you (?:(?:actually|finally|really)\s+)?(?:look at|try|sign up (?:for|to|with)) "
        r"(?:it|(?-i:[A-Z])\w+)|"
        # "What did you want?", "What did you need from it?": what they wanted of a new way,
        # however briefly asked (not "what did you want to say?", nor what others want)
        r"\bwhat did you (?:really\s+)?(?:want|need)(?:\s+instead|\s+(?:from|out of)"
        r"(?:\s+[\w'-]+){1,3}|\s+(?:it|them|one)\s+to do(?: for you)?|\s+to (?:happen|change)"
        r"(?:\s+instead)?)?\s*\?|"
        # "What were you looking for?", "What were you looking for in a new system?"
        r"^\W*(?:(?:and|so)\W+)?what were you (?:really\s+|actually\s+)?looking for"
        r"(?:\s+in\s+(?:a|an|the)\s+(?:[\w'-]+\s+){0,2}[\w'-]+)?\s*\?\s*$|"
        # "What were you hoping a new way would do?": what they hoped it would do for them
        r"\bwhat\s+(?:were|was|did)\s+you\s+(?:\w+\s+)?hop(?:e|ed|ing)\b[^?]*\b(?:would|could|"
        r"might|will)\s+(?:do|give|change|fix|solve|bring|help|make)\b|"
        # "What did it have that the others didn't?": what set it apart
        r"\bthat (?:the )?others?\b[^?]*\b(?:didn't|couldn't|don't|can't|wouldn't|did not|"
        r"could not)\b|"
        # "Why Shelfwise over the rest?" (read "Why it over the rest?"): why the one chosen
        r"^\W*(?:(?:and|so)\W+)?why\b[^?]*\bover (?:the )?(?:rest|others|other ones|"
        r"alternatives)\b(?!\s+of\b)", re.I)),
)
