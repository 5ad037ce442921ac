"""English grammar for job-story wording: the small vocabulary and the normalisation steps
that the phrase readers (`phrases.py` and its kin) apply to a participant's verbatim span.

- vocabulary: irregular pasts, the verbs a job is made of, pronouns, prepositions;
- normalisation: word spans with their offsets, a past verb made present with agreement
  ("our accountant quit" -> "our accountant quits"; "had been paid" stays a participle),
  whether words hold a verb. Trimming a span to its clause is in `spans.py`.

A fixed table and a few rules, no tagger: every change is one the reader can check against
the quote beside it. Verbs outside the table ("I invoiced", "we printed", "I list") are read
from lemminflect's dictionary of English verb forms (shipped in its PyPI package, version
pinned), so a study in another trade is normalised as well as the trades the table was
written from.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllInflections, getAllLemmas

# --------------------------------------------------------------------------------------------
# vocabulary

# Irregular past -> base. Verbs whose past equals the base (quit, put...) map to themselves.
IRREGULAR = {
    "became": "become", "began": "begin", "bought": "buy", "broke": "break", "brought": "bring",
    "built": "build", "came": "come", "caught": "catch", "chose": "choose", "cost": "cost",
    "cut": "cut", "did": "do", "drove": "drive", "fell": "fall", "felt": "feel",
    "found": "find", "forgot": "forget", "gave": "give", "went": "go", "got": "get",
    "grew": "grow", "had": "have", "heard": "hear", "hit": "hit", "hurt": "hurt",
    "kept": "keep", "knew": "know", "left": "leave", "let": "let", "lost": "lose",
    "made": "make", "meant": "mean", "met": "meet", "paid": "pay", "put": "put",
    "quit": "quit", "ran": "run", "said": "say", "sat": "sit", "saw": "see", "sent": "send",
    "set": "set", "shut": "shut", "sold": "sell", "spent": "spend", "stood": "stand",
    "took": "take", "taught": "teach", "told": "tell", "thought": "think", "threw": "throw",
    "understood": "understand", "woke": "wake", "won": "win", "wrote": "write",
    "rang": "ring", "ate": "eat", "drank": "drink", "spoke": "speak", "slept": "sleep",
    "dealt": "deal", "fed": "feed", "fought": "fight", "led": "lead", "held": "hold",
    "stuck": "stick", "shot": "shoot", "hung": "hang", "forgave": "forgive", "rode": "ride",
    "lent": "lend", "bent": "bend", "swore": "swear", "tore": "tear", "wore": "wear",
    "sought": "seek", "shook": "shake", "hid": "hide", "stole": "steal", "froze": "freeze",
}
BASE_VERBS = frozenset(
    """
    add agree announce apply approve arrive ask book break call cancel change charge chase check
    close collapse complain crash cross decide decline delay double drop email end expire fail
    file finish fire fix grow happen hire increase introduce invite join jump land launch lock
    log look lose manage merge miss move need notice open order pass pause phone plan post
    promote quit raise reach realise realize receive record refuse release remove renew report
    request resign retire return sign slip split start stop struggle submit switch take
    tell travel try turn update upgrade use visit wait want work worry
    feel know keep save spend sleep focus see find enjoy trust answer plan track ship
    relax rest cook eat train run build sell grow earn afford avoid prep
    """.split()
)
ALL_BASES = BASE_VERBS | frozenset(IRREGULAR.values()) | {"fall", "go", "get", "come"}
_PAST_AUX = {  # past auxiliary -> (first person singular, third singular, plural)
    "was": ("am", "is", "are"),
    "were": ("am", "is", "are"),
    "wasn't": ("am not", "isn't", "aren't"),
    "weren't": ("am not", "isn't", "aren't"),
    "had": ("have", "has", "have"),
    "hadn't": ("haven't", "hasn't", "haven't"),
    "did": ("do", "does", "do"),
    "didn't": ("don't", "doesn't", "don't"),
    "couldn't": ("can't", "can't", "can't"),
    "could": ("can", "can", "can"),
}
#: Subjects that take a plural verb, counts among them: "all three had been vaccinated"
_PLURAL_PRONOUNS = frozenset({"we", "you", "they", "these", "those", "both", "people", "staff",
                              "two", "three", "four", "five", "six", "seven", "eight", "nine",
                              "ten", "dozens", "hundreds", "several", "many", "few"})
_SINGULAR_3 = frozenset(
    {"he", "she", "it", "this", "that", "who", "what", "which", "someone", "somebody",
     "everyone", "everybody", "nobody", "everything", "nothing", "something", "one"}
)
_SKIP_BEFORE_VERB = frozenset(
    {"just", "suddenly", "really", "finally", "also", "never", "always", "then", "all",
     "actually", "basically", "literally", "only", "even", "first", "already", "still",
     "eventually", "kind", "sort", "of", "once", "often", "sometimes", "usually", "ever",
     "nearly", "almost", "both"}
)
_POSSESSIVE_PRONOUNS = frozenset({"ours", "yours", "theirs", "hers", "his", "its", "mine"})
PREPOSITIONS = frozenset(
    {"without", "with", "to", "for", "of", "in", "on", "at", "by", "from", "about", "into",
     "and", "or", "but", "so", "because", "if", "like", "not", "no", "than", "then", "that"}
)
SUBJECT_PRONOUNS = frozenset(
    {"i", "we", "they", "he", "she", "you", "i'm", "we're", "they're", "i'd", "we'd", "i've",
     "we've", "i'll", "we'll", "there's", "that's", "it's"}
)
NOT_NOUNS = frozenset(
    {"to", "and", "or", "but", "a", "an", "the", "my", "our", "your", "their", "his", "her",
     "in", "on", "at", "for", "with", "of", "from", "by", "about", "into", "so", "if", "when",
     "like", "because", "not", "no", "very", "too"}
)
DISCOURSE_VERBS = frozenset(  # "I have to say...", "I'd like to think..." are not jobs
    {"say", "admit", "mention", "think", "point", "stress", "clarify", "repeat", "confess"}
)

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?|\d+(?:[.,:]\d+)*%?")
MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
)
WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
#: Nouns of a time: a clause of its own can follow one ("the day the letter came home"), and
#: "at the moment" or "at this time" says when, not what.
TIME_NOUNS = frozenset("day morning afternoon evening night week month time moment minute "
                       "second year weekend".split())


def word_spans(text: str, start: int = 0) -> list[tuple[str, int, int]]:
    return [(m.group(0), start + m.start(), start + m.end()) for m in _WORD.finditer(text)]


#: Words typed in a chat without their apostrophe, read as written out: "im stood there" is
#: "i'm stood there".
TYPED_CONTRACTIONS = {"im": "i'm", "ive": "i've", "dont": "don't", "didnt": "didn't",
                      "doesnt": "doesn't", "cant": "can't", "couldnt": "couldn't",
                      "wouldnt": "wouldn't", "shouldnt": "shouldn't", "wasnt": "wasn't",
                      "werent": "weren't", "isnt": "isn't", "arent": "aren't", "havent": "haven't",
                      "hasnt": "hasn't", "hadnt": "hadn't", "thats": "that's"}
#: Those of them that negate, as a regex fragment for the patterns that look for "n't".
TYPED_NEGATION = "(?:" + "|".join(t for t in TYPED_CONTRACTIONS if t.endswith("nt")) + ")"


def lowered(word: str) -> str:
    """The word in lower case, with a straight apostrophe, a contraction typed without one
    written out."""
    low = word.lower().replace("\u2019", "'")
    return TYPED_CONTRACTIONS.get(low, low)


# --------------------------------------------------------------------------------------------
# normalisation


@lru_cache(maxsize=8192)
def only_an_adverb(word: str) -> bool:
    """Whether the dictionary knows a lower-case word only as an adverb ("honestly",
    "properly"): it says how something was said or done, never what about."""
    return set(getAllLemmas(word)) == {"ADV"}


@lru_cache(maxsize=8192)
def only_an_adjective(word: str) -> bool:
    """Whether the dictionary knows a lower-case word as an adjective and not as a verb
    ("massive", "huge"; not "needed" or "amazing")."""
    lemmas = getAllLemmas(word)
    return "ADJ" in lemmas and "VERB" not in lemmas


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """The dictionary form of a lower-case word, read as a verb where it can be one
    ("worrying", "worried" -> worry), else as a noun ("questions" -> question) or an
    adjective; the word itself when the dictionary does not know it."""
    lemmas = getAllLemmas(word)
    for pos in ("VERB", "NOUN", "ADJ"):
        if lemmas.get(pos):
            return sorted(lemmas[pos])[0]
    return word


@lru_cache(maxsize=8192)
def plural_noun(word: str) -> bool:
    """Whether the dictionary knows a lower-case word as a noun's plural ("deliveries",
    "drivers"): a capitalised one opening a sentence names things, not a person."""
    nouns = getAllLemmas(word, upos="NOUN").get("NOUN", ())
    return bool(nouns) and word not in nouns and word.endswith("s")


@lru_cache(maxsize=8192)
def dictionary_base(word: str, forms: tuple[str, ...]) -> str | None:
    """The base of `word` when the dictionary lists it as one of `forms` (Penn tags: "VBD"
    past, "VBN" participle, "VBG" -ing, "VBP" present) of a verb, and not as a verb's base
    itself ("need" ends in -ed but is no past; "feed" is no past of "fee")."""
    lemmas = getAllLemmas(word, upos="VERB").get("VERB", ())
    if not lemmas or ("VBD" in forms and word in lemmas):
        return None
    for lemma in sorted(lemmas):
        inflected = getAllInflections(lemma, upos="VERB")
        if any(word in inflected.get(form, ()) for form in forms):
            return lemma
    return None


def is_base_verb(word: str) -> bool:
    """Whether `word` is a verb's base form: in the table, else in the dictionary. Only where
    the words before it say a verb stands there ("I list ..."): most English nouns are also
    verbs."""
    return word in ALL_BASES or dictionary_base(word, ("VB", "VBP")) == word


def regular_base(word: str) -> str | None:
    """'hired' -> 'hire', 'stopped' -> 'stop', 'tried' -> 'try', only for the table's verbs
    (many -ed words are adjectives too: "more organised")."""
    if not word.endswith("ed") or len(word) < 4:
        return None
    stem = word[:-2]
    candidates = [stem, word[:-1]]
    if word.endswith("ied"):
        candidates.append(word[:-3] + "y")
    if len(stem) >= 2 and stem[-1] == stem[-2]:
        candidates.append(stem[:-1])
    for candidate in candidates:
        if candidate in BASE_VERBS:
            return candidate
    return None


def past_base(word: str) -> str | None:
    """The base of a past form where the words before it say a verb stands there (right after
    "I", "we", "they"): the table's, else the dictionary's ("invoiced" -> "invoice")."""
    return IRREGULAR.get(word) or regular_base(word) or (
        dictionary_base(word, ("VBD", "VBN")) if word.endswith("ed") else None)


def third_singular(base: str) -> str:
    if base in ("have",):
        return "has"
    if base in ("do", "go"):
        return base + "es"
    if re.search(r"(?:s|x|z|ch|sh)$", base):
        return base + "es"
    if re.search(r"[^aeiou]y$", base):
        return base[:-1] + "ies"
    return base + "s"


def agreeing(subject: str, verb: str, *, noun: bool = False) -> str:
    """`verb` as it agrees with `subject` (one word): a base form after a singular third
    person takes its -s ("the website know" -> "knows"), "be" becomes "is" or "are";
    anything else stays as said. With `noun`, the subject is known to head a noun phrase,
    so a word that can be a verb too ("the work") counts by its number."""
    low = lowered(verb)
    person = _number(lowered(subject), noun)
    if low == "be" and person is not None:
        return ("am", "is", "are")[person]
    if low in ALL_BASES and person == 1:
        return third_singular(low)
    return verb


def _person(subject: str | None) -> int | None:
    """0 = I, 1 = third singular, 2 = plural/you; None when there is no clear subject."""
    if subject is None:
        return None
    if subject == "i":
        return 0
    if subject in _PLURAL_PRONOUNS:
        return 2
    if subject in _SINGULAR_3:
        return 1
    if subject in NOT_NOUNS or subject in _POSSESSIVE_PRONOUNS or not subject.isalpha():
        return None
    if is_finite(subject) or subject in ALL_BASES or subject.endswith("ing"):
        return None
    if subject.endswith("s") and not subject.endswith(("ss", "us", "is")):
        return 2
    return 1


def is_finite(low: str) -> bool:
    """A word that is plainly a finite verb form (past, third singular, auxiliary)."""
    return bool(
        low in IRREGULAR
        or low in _PAST_AUX
        or low in ("is", "are", "am", "has", "does", "goes", "gets", "says")
        or regular_base(low)
        or (low.endswith("s") and (low[:-1] in ALL_BASES or low[:-2] in ALL_BASES))
        or (low.endswith("ies") and low[:-3] + "y" in ALL_BASES)
    )


def _aux_had(tokens: list[tuple[str, int, int]], index: int) -> bool:
    """'had' as an auxiliary ('had to', 'had gone') rather than a main verb ('had a baby'),
    which would change meaning in the present ('have a baby')."""
    if index + 1 >= len(tokens):
        return False
    nxt = lowered(tokens[index + 1][0])
    if nxt in _SKIP_BEFORE_VERB and index + 2 < len(tokens):
        nxt = lowered(tokens[index + 2][0])
    return nxt == "to" or nxt.endswith(("ed", "en")) or nxt in IRREGULAR or nxt in (
        "been", "done", "gone", "got", "had", "made", "left", "lost", "quit", "put", "set"
    )


_RELATIVE = frozenset({"that", "which", "who"})
#: "I recently started": an adverb between subject and verb leaves the subject in charge.
_ADVERB = re.compile(r"^[a-z]{3,}ly$")
#: After these a past form is a participle ("had been paid", "was told"): never a verb to move.
_PARTICIPLE_AFTER = frozenset("""be been being is are am was were has have had having get gets got
getting""".split())


_PERSONAL = frozenset({"i", "we", "you", "they", "he", "she", "it"})
#: Pronouns for anyone: like a personal pronoun, never described by an -ed adjective after it.
_SOMEONE = frozenset({"someone", "somebody", "everyone", "everybody", "nobody", "anyone",
                      "anybody"})
#: Participles that are no verb's base form: after "'d" they make "had", not "would".
_PARTICIPLES = frozenset("""been gone done seen taken given written known spoken broken chosen
driven forgotten eaten fallen shown grown thrown stolen""".split())


def is_participle(low: str) -> bool:
    """A past participle ("seen", "sent", "written"), so "have seen" is a perfect."""
    return low in _PARTICIPLES or bool(past_base(low) and low.endswith("ed")) or (
        low in IRREGULAR and low not in ALL_BASES)


#: Words after a past form that open the phrase of a participle describing the noun before it
#: ("the time spent on admin", "the parcel sent by courier").
_PARTICIPLE_PHRASE_OPENERS = frozenset(
    "for on by in to at from with into over through during under".split())
#: Words that start another clause or phrase: a past form after one has a subject of its own.
_CLAUSE_JOINERS = frozenset("""and or but so because when while that which who whom if then as
until till before after since once unless although though where""".split())
#: Words that open a noun phrase and nothing else: the word after one is a noun ("the
#: reports", though "reports" reads as a verb too).
ONLY_DETERMINERS = frozenset("a an the my our your their his its".split())
#: ... and words that may open one: "her" is an object too, "this" and "those" pronouns.
_NOUN_PHRASE_OPENERS = (ONLY_DETERMINERS - {"its"}) | frozenset("her this these those".split())
#: The most words a participle's phrase may hold before the verb it leaves to its noun.
_PARTICIPLE_PHRASE_WORDS = 5


def _reduced_relative(text: str, tokens: list[tuple[str, int, int]], index: int) -> int | None:
    """The index of the clause's verb when the past form at `index` only describes the noun
    before it: "the figures needed for the audit went missing" is about figures that went
    missing, not figures that needed something, so "needed" stays and "went" takes the
    figures' number. It is so when a preposition follows the past form and, after at most one
    short noun phrase, with no comma or word that opens a clause between, another past form
    follows a noun. None otherwise ("the client called in a panic")."""
    after = index + 1
    if after >= len(tokens) or lowered(tokens[after][0]) not in _PARTICIPLE_PHRASE_OPENERS:
        return None
    openers = 0
    for j in range(after + 1, min(len(tokens), after + 2 + _PARTICIPLE_PHRASE_WORDS)):
        low = lowered(tokens[j][0])
        if "," in text[tokens[j - 1][2]:tokens[j][1]] or low in _CLAUSE_JOINERS:
            return None
        openers += low in _NOUN_PHRASE_OPENERS
        if openers > 1:
            return None
        before = lowered(tokens[j - 1][0])
        past = low in _PAST_AUX or IRREGULAR.get(low) or regular_base(low)
        if past and j > after + 1 and before not in _PERSONAL and \
                _person(before) is not None and before not in _PARTICIPLE_PHRASE_OPENERS:
            return j
    return None


#: Words after which a clause starts, besides the joiners: time words and "until".
_OPENERS = frozenset("after before since until till once whenever".split())
_DETERMINERS = _NOUN_PHRASE_OPENERS | frozenset("its that every each".split())


def _determined(tokens: list[tuple[str, int, int]], index: int) -> bool:
    """Whether the word at `index` is a noun by where it stands: the head of a noun phrase that
    opens a clause, after a determiner or a possessive with at most two words between ("the
    order", "our fruit order", "a partner's laptop"). Such a word is the subject even when it
    can be a verb too ("order", "email"), and the -ed form after it is its verb."""
    if not _plain_word(lowered(tokens[index][0])):
        return False
    start = None
    for at in range(index - 1, max(-1, index - 4), -1):
        word = lowered(tokens[at][0])
        if word in _DETERMINERS:
            return _opens_clause(tokens, at)
        if word.endswith("'s") and word[:-2] not in _PERSONAL:
            start = at  # "Tom's van": the phrase may start here, or at a determiner before
        elif not _plain_word(word):
            break
    return start is not None and _opens_clause(tokens, start)


def _opens_clause(tokens: list[tuple[str, int, int]], index: int) -> bool:
    """Whether a noun phrase starting at `index` is a clause's subject by where it stands:
    first, or after a word that opens a clause ("after the bank feed broke"), never after a
    verb ("get the car insured": its object)."""
    if index == 0:
        return True
    before = lowered(tokens[index - 1][0])
    return before in _CLAUSE_JOINERS or before in _OPENERS


def _plain_word(word: str) -> bool:
    """A word that may be a noun or a noun's modifier: no pronoun, function word or verb form."""
    return word.isalpha() and word not in NOT_NOUNS and word not in _PERSONAL and \
        word not in _CLAUSE_JOINERS and not is_finite(word)


def _number(subject: str | None, named: bool) -> int | None:
    """:func:`_person`, or for a word that is a noun by where it stands, its number."""
    person = _person(subject)
    if person is not None or not named or subject is None or not subject.isalpha():
        return person
    return 2 if subject.endswith("s") and not subject.endswith(("ss", "us", "is")) else 1


def presentify(text: str) -> str:
    """Past verbs directly after their subject become present, with agreement; a past form
    that only describes the noun before it (:func:`_reduced_relative`) stays as it is."""
    tokens = word_spans(text)
    if not tokens:
        return text
    out: list[str] = []
    last = 0
    subject: str | None = None
    previous: str | None = None
    heads: dict[int, str] = {}  # a verb's index -> its subject, across a participle's phrase
    for index, (word, start, end) in enumerate(tokens):
        low = lowered(word)
        if start < last:  # taken into the word before ("could not" -> "cannot")
            continue
        following = lowered(tokens[index + 1][0]) if index + 1 < len(tokens) else ""
        if low[:-2] in _PERSONAL and low.endswith("'d") and is_participle(following):
            # "we'd lost track" is "we had lost track": "we've lost track"
            out.append(text[last:start])
            out.append(word[:-2] + ("'s" if low[:-2] in ("he", "she", "it") else "'ve"))
            last = end
            previous = low
            continue
        replacement: str | None = None
        candidate = previous
        back = index - 1
        while (candidate in _SKIP_BEFORE_VERB or _ADVERB.match(candidate or "")) and back > 0:
            back -= 1
            candidate = lowered(tokens[back][0])
        named = back >= 0 and candidate == lowered(tokens[back][0]) and _determined(tokens, back)
        if candidate == "and" and subject is not None:
            candidate = subject
        candidate = heads.get(index, candidate)
        if (IRREGULAR.get(low) or regular_base(low) or (named and past_base(low))) and \
                candidate not in _PERSONAL and \
                _number(candidate, named) is not None and \
                not ({previous, candidate} & _PARTICIPLE_AFTER):
            verb = _reduced_relative(text, tokens, index)
            if verb is not None:
                heads[verb] = candidate
                previous = low
                continue
        # "has been (substantially) increased": a participle, whatever adverb stands between
        causative = back >= 1 and (  # "have it matched", "got them", "get the project started"
            candidate in _PERSONAL and lowered(tokens[back - 1][0]) in _PARTICIPLE_AFTER
            or _object_of_causative(tokens, back))
        person = None if {previous, candidate} & _PARTICIPLE_AFTER or causative else \
            _number(candidate, named)
        if person is not None and candidate in _RELATIVE and back > 0:
            # "ideas that were brainstormed": the relative takes its noun's number
            antecedent = _person(lowered(tokens[back - 1][0]))
            person = person if antecedent in (None, 0) else antecedent
        if person is not None and low == "used" and following == "to" and \
                index + 2 < len(tokens) and lowered(tokens[index + 2][0]).isalpha():
            # "I used to ring round" is how it went, told in the present as the rest is: "I
            # ring round" (not "I use to ring round")
            verb = lowered(tokens[index + 2][0])
            replacement = _PAST_AUX["was"][person] if verb == "be" else \
                third_singular(verb) if person == 1 else verb
            end = tokens[index + 2][2]
            subject = candidate
        elif person is not None:
            if low in ("had", "hadn't") and not _aux_had(tokens, index):
                replacement = None
            elif low in _PAST_AUX:
                replacement = _PAST_AUX[low][person]
                if low in ("was", "were") and person == 0:
                    replacement = "am"
            else:
                base = past_base(low) if candidate in _PERSONAL | _SOMEONE or named else \
                    IRREGULAR.get(low) or regular_base(low)
                if base is not None:
                    replacement = third_singular(base) if person == 1 else base
            if replacement is not None:
                subject = candidate
        if replacement == "can" and following == "not":
            replacement, end = "cannot", tokens[index + 1][2]
        if replacement is not None and replacement != low:
            if word[:1].isupper():
                replacement = replacement[:1].upper() + replacement[1:]
            out.append(text[last:start])
            out.append(replacement)
            last = end
        previous = low
    out.append(text[last:])
    return "".join(out)


#: "get the project started", "had my knee done": after these a noun phrase is the object and
#: the -ed form after it a participle.
_CAUSATIVE = frozenset("get gets got getting have has had having".split())


def _object_of_causative(tokens: list[tuple[str, int, int]], index: int) -> bool:
    """Whether the noun phrase ending at `index` (up to three words: determiners, possessives
    and plain words) directly follows "get" or "have": "get (the) project", "had my van"."""
    for at in range(index, max(-1, index - 3), -1):
        word = lowered(tokens[at][0])
        if not (word in _DETERMINERS or _plain_word(word) or word.endswith("'s")):
            return False
        if at > 0 and lowered(tokens[at - 1][0]) in _CAUSATIVE:
            return True
    return False


def has_verb(words: list[tuple[str, int, int]]) -> bool:
    for word, _, _ in words:
        low = lowered(word)
        if (
            is_finite(low)
            or low in ALL_BASES
            or (low.endswith("ed") and len(low) > 4)
            or low in ("get", "go", "have", "do", "be")
            or low.endswith(("'m", "'re", "n't", "'s"))
            or (low.endswith("ing") and len(low) > 5)
        ):
            return True
    return False
