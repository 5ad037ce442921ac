"""The English word lists and patterns that `specificity` weighs: times, money, numbers,
people and roles, places, alternatives, past-tense events, hedges, fillers, generic and
hypothetical talk, evasions, and the function words that tell English from other languages.

Patterns run on lower-cased text unless they look for capitals (`CAPITALISED`). They are
generic English, written for switch interviews in any trade.
"""

from __future__ import annotations

import re

_MONTHS = (
    r"january|february|march|april|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
_UNITS = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|months?|years?"
    r"|yrs?)"
)
_NUMWORD = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty"
    r"|ninety|half|dozen"
)

TIME = re.compile(
    r"\b(?:"
    rf"(?:{_MONTHS})\b(?!\s+(?:be|have|not|want|need|take|help|ask|say|get|go))"
    rf"|(?:in|since|by|of|last|early|late|mid|until|till|end of|start of)[ -]may\b"
    rf"|{_DAYS}"
    r"|yesterday|tonight|last night|this morning"
    r"|(?:last|this|that|the following|the previous|next)\s+"
    r"(?:week|weekend|month|year|summer|winter|spring|autumn|fall|quarter|night|morning"
    r"|afternoon|evening|christmas|easter|term|semester|season|sprint)"
    r"|(?:that|one|the)\s+(?:morning|afternoon|evening|night|weekend)"
    rf"|(?:\d+|a|an|one|{_NUMWORD}|few|couple(?: of)?)\s+{_UNITS}\s+"
    r"(?:ago|later|before|after|earlier|in)\b"
    r"|(?:19|20)\d\d\b|'\d\d\b"
    r"|\d{1,2}(?::\d\d)?\s?(?:am|pm)\b|\d{1,2}:\d\d\b"
    r"|(?:on|by|until|till|before|after|since)\s+the\s+\d{1,2}(?:st|nd|rd|th)\b"
    r"|q[1-4]\b|year[- ]end|mid[- ]year|end of (?:the )?(?:month|quarter|year)"
    r"|christmas|xmas|new year'?s?|black friday|cyber monday|thanksgiving|easter|halloween"
    r"|ramadan|diwali|hanukkah|boxing day"
    r"|midnight|at noon|till noon|lunch ?break|over lunch|at lunch|at dinner|after dinner"
    r"|day (?:one|\d+)|(?:first|second|third|1st|2nd|3rd) (?:day|week|month)"
    r"|the (?:day|night|week|morning|evening) (?:before|after|of|our|my|we|i|the|she|he|they)"
    r")",
)

CURRENCY = re.compile(
    r"[$£€¥₹]\s?\d|\d\s?(?:k\b|dollars?|bucks|quid|pounds?|euros?|usd|gbp|eur|cents?|c\b)"
    r"|\d+(?:\.\d+)?\s?%|\b(?:per|a|each)\s+(?:seat|user|month|year|week)\b",
)
DIGITS = re.compile(r"(?<![\w.])[$£€]?\d[\d,.:/]*(?:st|nd|rd|th|k|kg|km|am|pm)?\b")
HYPERBOLE = re.compile(
    r"\b(?:a |like a |like )?(?:million|billion|zillion|gazillion|bazillion)\b"
    r"|\blike a (?:hundred|thousand)\b|\btoo many to count\b|\b(?:100|110|1000)\s?%|\b24/7\b"
    r"|\b(?:loads|tons|heaps) of\b|\b\d+x\b",
)
VAGUE_QUANT = re.compile(
    r"\b(?:one|two|three|a few|a couple) or (?:two|three|four|so)\b|\ba couple\b|\ba few\b",
)
NUMWORDS = re.compile(rf"\b(?:{_NUMWORD}|hundred|thousand)\b(?=\s+[a-z])")

_ROLE = (
    r"accountants?|bookkeepers?|boss|manager|co-?founders?|founders?|partners?|wife|husband"
    r"|son|daughter|kids?|mum|mom|mother|dad|father|parents|sister|brother|friends?|neighbou?r"
    r"|colleagues?|co-?workers?|ceo|cto|cfo|coo|vp|director|lead|designers?|developers?"
    r"|engineers?|devs|reps?|salesperson|sales ?(?:guy|rep|lead|person)|clients?|customers?"
    r"|landlord|doctor|physio|therapist|lawyer|intern|assistant|roommate|flatmate|housemate"
    r"|girlfriend|boyfriend|fianc[eé]e?|cousin|uncle|aunt|grandma|grandpa|nan|coach|trainer"
    r"|teacher|investors?|board|buyer|vendor|broker|cleaner|nanny|admin|pm|ops lead"
    r"|office manager|head of \w+|finance (?:guy|person|team|lead)|payroll (?:person|guy|lady)"
    r"|hire|employees?|staff|new hire|guy|lady|woman|man|someone from \w+|person"
)
PEOPLE = re.compile(
    r"\b(?:my|our|his|her|their|the|a|an|one|two|three|\d+|new|old|top|biggest|best)\s+"
    r"(?:[a-z-]+\s+)?"
    rf"(?:{_ROLE})\b",
)
# A question like "Who else was involved?" is answered by "just me" as well as by a name.
SELF = re.compile(r"\b(?:just|only) me\b|\bme and\b|\band me\b|\bmyself\b|^\s*me\b")

PLACE = re.compile(
    r"\b(?:at|in|on|from|into|outside|inside|by)\s+(?:the|my|our|a|an|his|her|their)\s+"
    r"(?:[a-z-]+\s+)?"
    r"(?:office|home|house|flat|desk|kitchen|table|gym|library|store|shop|airport|hotel|lobby"
    r"|conference|booth|station|bus|train|car|park|school|bank|branch|cafe|café|canteen|bbq"
    r"|party|wedding|garage|basement|living room|bedroom|couch|sofa|doorstep|street"
    r"|flight|plane|meeting|retro|standup|stand-up|channel|call|webinar|demo|podcast|dinner"
    r"|lunch|co-?working space|coworking|warehouse|studio|clinic|hospital|phone|laptop"
    r"|whatsapp|group chat)\b"
    r"|\bat (?:home|work|school|the gym|lunch)\b",
)

ALT_WORDS = re.compile(
    r"\b(?:spreadsheets?|excel|google (?:sheets?|docs?|doc)|sheets|word docs?|in word\b"
    r"|pen and paper|paper (?:notebook|calendar|forms?|diary)|notebook|whiteboard|post-?its?"
    r"|sticky notes|email threads|by hand|manually|a csv|the csv|free trial|trials?|demos?)\b",
)
ALT_VERBS = re.compile(
    r"\b(?:tried|trialled|trialed|switched|moved|migrated|used|using|compared|vs\.?|versus"
    r"|instead of|went with|signed up|downloaded|installed|booked|demoed|shortlist(?:ed)?"
    r"|looked at|over to|off of|ported)\b",
)

_IRREGULAR_PAST = (
    "went came got sent told said found took saw made did left lost paid bought sat stood ran "
    "wrote spent kept began broke brought caught chose drove fell forgot gave heard held hurt "
    "led met quit rang rode sold spoke stuck threw woke won built burnt burned cost hit shut "
    "flew grew dropped fought sang slept swam taught tore wore blew drew dug fed froze hung "
    "lent meant rose sank shook stole struck swore swung bit"
)
IRREGULAR = frozenset(_IRREGULAR_PAST.split())
# Words ending in -ed that describe a state or a mind (or are no verb), not something that
# happened.
STATE_ED = frozenset(
    """
    bored tired interested stressed frustrated annoyed overwhelmed confused limited dated
    outdated involved based related supposed used concerned worried excited scared surprised
    pleased satisfied dissatisfied motivated organized organised complicated sophisticated
    advanced detailed experienced needed seemed looked liked loved hated wanted wished hoped
    imagined pictured guessed figured started noticed appealed appeared considered preferred
    tended assumed expected believed enjoyed weighed mattered speed indeed hundred embed
    proceed exceed succeed united unlimited automated connected integrated dedicated biased
    centred centered focused focussed informed reasoned seasoned talked
    """.split()
)
# A past form right after one of these is a state ("was limited", "got bored") or a habit or
# hypothesis ("I'd see ads", "would have looked"), not an event.
STATE_BEFORE = frozenset(
    "was were is are be been being get got getting feel felt feels seem seemed seems so very "
    "too more less really pretty bit quite kinda would could might should i'd we'd you'd "
    "they'd he'd she'd it'd would've could've have has had having not never always just".split()
)
WORD = re.compile(r"[a-z][a-z'-]*")

INSTANCE = re.compile(
    r"\b(?:for example|for instance|e\.g\.|one time|this one time|once when|the time (?:when|we|i)"
    r"|last time|that time|the first time|that day|that was the|that's when|that was when)\b",
)

HEDGES = re.compile(
    r"\b(?:i guess|i suppose|i think|i'd say|i would say|maybe|probably|perhaps|possibly"
    r"|kind of|kinda|sort of|sorta|somewhat|more or less|pretty much|basically|in a way"
    r"|i don'?t (?:really )?know|i dunno|dunno|idk|not (?:really |entirely )?sure|hard to say"
    r"|hard to (?:pinpoint|remember|put)|can'?t (?:really )?(?:remember|recall|say)"
    r"|don'?t (?:really )?(?:remember|recall)|if that makes sense|i mean|i imagine|i figured"
    r"|or something|or whatever|something like that|sometime|at some point|over time"
    r"|eventually|a while ago|for a (?:long )?while|for ages|here and there|along the way"
    r"|in general|generally(?: speaking)?|overall|all in all|as such|to be honest|honestly"
    r"|tbh|i'?d have to think)\b",
)
FILLER = re.compile(
    r"\b(?:you know(?: what i mean| how it is)?|the usual(?: stuff)?|as you do|that kind of thing"
    r"|that sort of thing|and stuff|and all that|all that stuff|and whatnot|etc\.?|the works"
    r"|stuff like that|things like that|and so on|blah|all of it|all of that|everything"
    r"|one of those things|like most people|like anything|like everyone|as always"
    r"|the whole thing|the normal|standard stuff|normal stuff|nothing (?:major|unusual|special"
    r"|dramatic|crazy|fancy|out of the ordinary))\b",
)
GENERIC = re.compile(
    r"\b(?:convenien(?:t|ce)|easy|easier|easiest|ease|better|best|efficien(?:t|cy)|inefficient"
    r"|simple|simpler|simplify|smooth(?:er|ly)?|nice|good|great|fine|okay|ok|annoying|annoyance"
    r"|frustrating|frustration|clunky|slow|modern|intuitive|user[- ]friendly|seamless|stuff"
    r"|things?|everything|anything|something|everyone|everybody|usually|always|often|normally"
    r"|typically|mostly|mainly|a lot|lots|various|different|whatever|improvement|hassle|pain"
    r"|mess|messy|productivity|visibility|collaboration|transparency|features|experience"
    r"|solution|process|quality|variety|flexib(?:le|ility)|robust|professional|motivating|fun"
    r"|boring|comfortable|familiar|stressful|stress|hard|harder|difficult|issues?|problems?"
    r"|outdated|dated|limited|clean|cool|headache|chore|options|needs|fit|vibe|general"
    r"|obvious|smart(?:er)?|solid|safe|worth it|risky|risk)\b",
)
HYPOTHETICAL = re.compile(
    r"\b(?:would|could|might|i'?d|we'?d|it'?d|you'?d|if i|if we|if it|wish|hopefully"
    r"|it would be nice)\b",
)
EVASION = re.compile(
    r"\b(?:i'?d rather not|rather not (?:say|get into|talk)|prefer not|no idea|no comment"
    r"|not (?:really )?sure|nothing (?:really|much|major|in particular|i can think of|to add)"
    r"|can'?t think of|not much|nah|n/a|no clue|who knows|not telling"
    r"|don'?t want to (?:say|talk|get into))\b"
    r"|^\W*(?:no|nope|nothing|none|pass|skip|idk|dunno|meh|fine|ok|okay|yes|yeah|sure)\W*$",
)
GENERIC_YOU = re.compile(r"\b(?:you|your|one's)\b")

ENGLISH = re.compile(
    r"\b(?:the|a|an|and|or|but|i|we|it|was|were|is|are|to|of|in|on|at|for|with|my|our|that"
    r"|this|they|he|she|you|me|had|have|just|so|not|no|be|been|did|do|what|when|then|like)\b",
)
# Function words of other languages an answer may come in (French, German, Spanish,
# Italian, Portuguese, Dutch, Scandinavian, Russian). Two or more, outnumbering the English
# ones, mark an answer the English word lists cannot judge.
FOREIGN = re.compile(
    r"\b(?:de|la|le|les|des|et|est|une|pour|avec|dans|que|qui|pas|nous|je|und|der|die|das"
    r"|ist|nicht|ich|wir|mit|ein|eine|zu|auf|el|los|las|y|es|por|para|con|una|muy|pero|il"
    r"|di|che|non|per|sono|ho|não|uma|com|het|een|niet|ik|og|och|att|är|jag|det|не|и|в|на"
    r"|что|я|это)\b",
)
OPENERS = frozenset(".!?\n\r\"“(:;-—–•*")
CAPITALISED = re.compile(r"\b[A-Z][\w'&.-]*[\w]|\b[A-Z]\b")
NOT_NAMES = frozenset(
    """
    i i'm i'd i've i'll ok okay so very really not no all the and lol tbh idk omg fomo btw
    imo imho asap etc yes never everything any much huge way hr crm ci cd seo ui ux dx saas
    erp ai app it's its im
    """.split()
)
MONTH_DAY_WORD = re.compile(rf"^(?:{_MONTHS}|may|{_DAYS})$", re.IGNORECASE)
