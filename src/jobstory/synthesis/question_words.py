"""The words that say outright what an interview question asks, whatever it resembles.

`questions.classify` reads a question by its likeness to prototype questions
(`question_prototypes.py`); the phrasings here win over that likeness: a question that words
its place in the timeline ("Before Ledgerly, how did you ...", "Tell me about going live")
asks about that, however the encoder weighs its topic words (the force a question names,
"Any hesitation?", is `question_forces.py`'s). Each pattern carries the examples it was
written for.
"""

from __future__ import annotations

import re

from jobstory.synthesis.question_prototypes import FOLLOW_UP, STORY_PROBE

__all__ = ["GREETING", "PHASE_WORDS", "PLEASANTRY"]

#: "Congratulations on the wedding!", "Good luck with the move.": a pleasantry that asks
#: nothing; what is said back is small talk, not more of the stage told before it (nor, short
#: as it is, a back-channel inside the answer: `exchanges.py`).
PLEASANTRY = re.compile(
    r"^(?![^?]*\?)\W*(?:(?:oh|ah|well|wow)\W+)?(?:congratulations|congrats|"
    r"happy (?:birthday|anniversary|holidays|new year)|(?:the best of |best of |good )luck|"
    r"enjoy (?:the|your)|have (?:a|an) (?:lovely|great|good|nice|wonderful)|"
    # "Thank you so much for sharing your story so openly today ... I really appreciate your
    # time.": the close
    r"[^?]*\b(?:thank(?:s| you)(?: so much| very much)? for (?:your time|sharing your|"
    r"talking (?:to|with) (?:me|us)|taking part|being part)|appreciate your time))\b",
    re.IGNORECASE)

#: "Thanks for joining, Gareth. How are things?", "How's Salthill today?", "How's your week
#: going?", "How are things in Saskatoon?", "How's Asheville treating you?" (read with its names
#: as "it"), "Where are you today?", "Before we begin, how is your day going?", "First, how are
#: you today?", "how has your day been so far?": a greeting, small talk (not "How are things
#: now?", what changed).
_OPENS = r"(?:^|[.!?]\s+)(?:[^.!?,]{1,30},\s*)?"
GREETING = re.compile(
    rf"{_OPENS}how(?:'s| are| is) (?:it|things|life) treating you\s*\?\s*$|"
    rf"{_OPENS}where are you (?:today|calling from|joining from|based|this morning)"
    r"\s*\?\s*$|"
    rf"{_OPENS}how(?:'s| are| is| has| have) (?:things|you|it going|everything|"
    r"it(?= today| this morning| this afternoon)|"  # a place read as "it"
    r"your (?:week|day|morning|afternoon|evening|weekend))"
    r"(?: (?:doing|going|been)(?: so far)?)?(?: (?:in|at|(?:over|out|up|down) in) it)?"  # a place
    r"(?: today| this morning| this afternoon)?\s*\?\s*$", re.IGNORECASE)

#: A participle of doing in a question about how something was done.
_DONE = r"(?:done|run|put|made|kept|sent|handled|\w+ed)"
#: A question about the time before, not one comparing it with now ("before you changed
#: anything" is the time before the change), nor a day told of ("You drove three hours the
#: day before her event. How did she respond?").
_BEFORE = (r"^(?!.*\b(?:differ\w*|compar\w*|(?<!before you )(?<!before we )chang\w*|new|now)\b)"
           r"(?=[^?]*\b(?<!day )(?<!night )(?<!morning )(?<!evening )"
           r"(?:before|originally|back then|in those days|at that point|pre-\w+)\b)")

#: Trying or weighing a way, and other ways ("other tools", "a different app").
_TRIED = r"(?:try|tried|trial\w*|test\w*|look(?:ed)? at|consider\w*)"
_OTHER_WAYS = (r"(?:other|else|different)\s+(?:[\w-]+\s+)?(?:tools?|apps?|options?|approaches|"
               r"systems?|software|products?|services?|solutions?|platforms?)")

#: Words that say what a question asks about in the timeline, whatever topic words it repeats
#: (an AI moderator's long questions repeat the study's topic, which would otherwise decide the
#: phase): the closing question ("Is there anything else about your work with it you think we
#: should know?") asks for nothing in the timeline, and a question about what has changed
#: since they started, or up to now ("What's changed?"), asks for what changed; a bare "What
#: changed?" asks what happened next. Each says the force it asks about, as a prototype does.
PHASE_WORDS: tuple[tuple[str, str | None, re.Pattern[str]], ...] = (
    # "So then active looking.", "Now, first use?": an interviewer trained in switch
    # interviews signposts the stage by its name
    ("active_looking", None, re.compile(
        r"^\W*(?:(?:so|and|ok|okay|right|now)\W+)*(?:then\s+)?(?:the\s+)?"
        r"active(?:ly)?\s+(?:looking|search(?:ing)?)\b", re.IGNORECASE)),
    ("passive_looking", None, re.compile(
        r"^\W*(?:(?:so|and|ok|okay|right|now)\W+)*(?:then\s+)?(?:the\s+)?"
        r"passive(?:ly)?\s+looking\b", re.IGNORECASE)),
    ("first_use", None, re.compile(
        r"^\W*(?:(?:so|and|ok|okay|right|now)\W+)*(?:then\s+)?(?:the\s+)?first\s+use\b",
        re.IGNORECASE)),
    ("background", None, PLEASANTRY),
    ("background", None, GREETING),
    ("background", None, re.compile(
        r"\banything else\b.*\b(?:add|know|share|tell (?:us|me)|mention|"
        r"cover(?:ed)?|missed|say|hear|understand)\b|"
        # "... or anything about your experience we haven't touched on?": the closing question
        r"\b(?:haven't|have not|didn't|did not) (?:yet )?(?:touched on|covered|talked about|"
        r"asked (?:you )?about|discussed|got to)\b|"
        # "Where would you like to begin?", "Start wherever feels natural.": the opening
        r"\b(?:where|how) (?:would|do) you (?:like|want) to (?:begin|start)\b|"
        r"\bstart (?:wherever|anywhere)\b|"
        # "First, though, tell me about you and Prairie Lantern.": who they are (the encoder
        # hears "tell me about you and it" as "Tell me about it.", a probe of the story)
        r"\b(?:tell|talk) (?:me|us) (?:a (?:bit|little) )?(?:more )?about (?:yourself|you)\b"
        r"(?=\s*(?:and\b|[.?!,]|$))|"
        # "Let me zoom out for a second. What's the practice like?": who they are, apart from
        # the story
        r"\b(?:zoom|step|pull) (?:out|back)\b(?![^?]*\b(?:now|since|today)\b)|"
        r"\blet(?:'s| us| me) back up\b|"
        # "How long has Northern Lights been around?": the business, not the switch
        r"\bhow long (?:has|have) (?:it|you|they|the \w+) been (?:around|trading|open|"
        r"in business)\b|"
        # "And what's your day to day like?": their work as it is (not "a typical bad day",
        # nor "What's it like now, day to day?", what changed)
        r"^(?!.*\b(?:bad|worst|hard|tough|difficult|busiest|now|different|before)\b).*"
        r"\b(?:what(?:'s| is)|tell me about|describe) your (?:day[- ]to[- ]day|"
        r"(?:typical|normal|usual|average) (?:day|week))\b|"
        # "To kick off, what does your business look like these days?": who they are, today
        # (not what changed, which asks how things look now against before)
        r"\bwhat does your (?:business|company|firm|shop|practice|work|job|role|team|"
        r"organi[sz]ation|service|scheme|studio|clinic)\b[^?]*\blook like\b"
        r"(?![^?]*\b(?:since|after|before|compared?|different)\b)|"
        # "what is Holt Floral, and how did it get started?", "how did you get into it?", "how
        # long have you had it?": how the business began (not "how did you start using it")
        r"\bhow did (?:it|the (?!search|switch|change|move|hunt)\w+) (?:get started|start|begin|"
        r"come about|get going)\b(?!\s+(?:using|with|on|to|looking|thinking)\b)|"
        r"\bhow did you get into (?:it|this|that|the \w+)\b|"
        r"\bhow long have you (?:had|run|owned|been running|been doing)\b|"
        # "tell me about the practice and what you do there", "and what your week looks like"
        r"\bwhat you do(?: there| here| day to day)?\s*\?\s*$|"
        r"\bwhat your (?:week|work|job|role|day)s? (?:looks?|is) like\b"
        r"(?![^?]*\b(?:since|after|before|compared?|different|now)\b)", re.IGNORECASE)),
    # "And the to-do app, how did that work day to day?", "What did a typical week's messages
    # look like?": how a way worked, asked in the past (not "how did that work out" or "how
    # did it work in practice", how it went, nor how it worked at first or since)
    ("background", "habit", re.compile(
        r"^\W*(?:(?:and|so)\W+)?(?:[^?,]{1,40},\s*)?how (?:well )?did (?:that|it|this|they|"
        r"the [\w-]+(?: [\w-]+)?) (?:actually |really |normally |usually )?work\b"
        r"(?!\s+out\b)(?![^?]*\b(?:now|since|after|first|new|in practice)\b)|"
        # "How did those late changes get to Ronan?": how things reached people, in the past
        r"^\W*(?:(?:and|so)\W+)?how did (?:the|those|these|that|your)(?: [\w-]+){1,3} "
        r"(?:get|go|make it|find their way) to\b(?![^?]*\b(?:now|since|after|first|new)\b)|"
        r"\bwhat did (?:a|your) (?:typical|normal|usual|average) (?:day|week)\b",
        re.IGNORECASE)),
    # "Before that Saturday, had you been noticing other ways people handle bookings?", "When
    # did you come across Quillbeam?": hearing of other ways, whatever else the question says
    # of the day it happened or of noticing
    ("passive_looking", None, re.compile(
        r"\b(?:notic\w*|spott\w*|come across|came across|heard? (?:of|about)|aware of|seen)\b"
        r"[^?]*\b(?:(?:other|different) (?:ways?|options?|tools?|apps?|systems?)|alternatives?)\b|"
        r"\bon (?:your|the) radar\b|"
        # "Before Harrington, had you been keeping an eye out for anything to fix that?", "Had
        # you been looking at tools before that?", "were you already thinking about other
        # setups?": an eye on other ways before the struggle drove them to look (not "Had
        # something like that happened before?", nor thinking about changing, the first thought)
        r"\b(?:had|were) you (?:\w+\s+){0,2}?(?:been\s+)?(?:looking (?:at|for|around)|"
        r"keeping an eye out|eyeing|thinking about|wondering|considering|reading (?:up )?"
        r"(?:on|about)|researching|browsing)\b[^?]*\b(?:"
        r"anything to (?:fix|solve|help)|other (?:\w+\s+)?(?:ways?|setups?|tools?|options?|"
        r"systems?|apps?|software)|tools?|apps?|software|a better way|alternatives?|"
        r"something better)\b|"
        r"^\W*(?:and\s+)?(?:when|where|how) did you (?:first\s+)?(?:come|came) across\b|"
        # "How did you find out about Hearthlist?" (a name: "how you found out about it" may
        # be the trouble)
        r"\b(?:find|found) out about (?-i:[A-Z])|"
        # "Were you aware of software that did claims at that stage?"
        r"\b(?:aware of|heard? (?:of|about)|come across|came across)\s+(?:any\s+|other\s+)?"
        r"(?:software|apps?|tools?|systems?|products?|platforms?|services?)\b|"
        # "When did software come into it?", "Where does Kitbag come in?"
        r"\b(?:when|where) (?:did|does|do) (?:(?:the |an? |any )?(?:software|apps?|tools?|"
        r"systems?|products?|platforms?)|it) (?:first )?(?:come|came) (?:into|in)\b",
        re.IGNORECASE)),
    # "After that, how did you start looking for a different way?": looking, not the thought
    # (not "what it actually looks like", "it started looking like a mess"); "What did the
    # looking involve?", "How did your search go?": the looking named as a thing done (not
    # "the search bar")
    ("active_looking", None, re.compile(
        r"(?:\b(?:start\w*|began|begin)\s+(?:actually\s+|properly\s+|"
        r"really\s+)?|\bactually\s+)look(?:ing|ed)?\b(?!\s+like\b)|"
        r"\b(?:the|your)\s+(?:looking|search(?:ing)?)\b"
        r"(?!\s+(?:bar|box|button|field|function|engine|results?)\b)|"
        # "When did you actually start comparing things?", "What got you from bookmarking to
        # actually trying things?", "Did you go looking for a fix after that?", "Did you go
        # hunting for something better?": trying and weighing ways (not "how does it compare
        # now?", what changed)
        r"\b(?:start\w*|began|begin|into|actually)\s+(?:actually\s+|properly\s+|really\s+)?"
        r"(?:compar\w*|try|trying|tried|trials?)\b(?![^?]*\b(?:now|today|these days|since)\b)|"
        r"\bdid you (?:\w+ly\s+)?(?:go|start|begin) (?:looking|hunting|searching|shopping)\b|"
        # "So was it after that meeting that you went looking for something better?", "After
        # the WhatsApp group, where did you look?", "try to fix the spreadsheet, or look
        # outside?": looking named as a thing done
        r"\b(?:went|gone) (?:looking|hunting|searching|shopping)\b|"
        r"\bwhere did you (?:\w+\s+)?look\b(?!\s+(?:it|them|that)\s+up\b)|"
        r"\blook(?:ed|ing)? (?:outside|elsewhere|further afield)\b|"
        # "When did browsing become real shopping?", "How did those stack up against each
        # other?"
        r"\b(?:real|proper|serious)\s+(?:shopping|searching|search)\b|"
        r"\bstack(?:ed|s)? up\b|\bagainst each other\b|\bcontenders?\b|\bshort-?list\w*\b",
        re.IGNORECASE)),
    # "Besides the spreadsheet, did you try any other tools or approaches?", "Were there other
    # apps you considered?": the other ways they tried or weighed
    ("active_looking", None, re.compile(
        rf"\b{_TRIED}\b[^?]*\b{_OTHER_WAYS}\b|\b{_OTHER_WAYS}\b[^?]*\b{_TRIED}\b",
        re.IGNORECASE)),
    # "Talk me through setting it up.", "How did you go about setting it up?": the first use
    # "Tell me about going live.", "Tell me about actually switching over. How did that go?",
    # "How did rollout go?", "How was the move itself?", "Was there a moment you felt it was
    # working?" (which the encoder hears as "a moment when it stopped being okay")
    ("first_use", None, re.compile(
        r"\b(?:felt|saw|knew|realised|realized|noticed|could see)\s+(?:that\s+)?(?:it|this)"
        r"\s+(?:was|were)\s+(?:really\s+|actually\s+)?working\b|"
        r"\bhow (?:was|did) (?:the |your )?(?:move|switch|roll-?out|migration|transition)"
        r"(?: itself)?(?: go)?\s*\?|"
        # "What was the rollout like across two shops?", "Tell me about the rollout.", "Walk me
        # through the first month or so.", "Paint me a picture of the first month."
        r"\bwhat was (?:the |your )?(?:move|switch|roll-?out|migration|transition|changeover)"
        r"\b[^?]*\blike\b|"
        r"\b(?:tell me|talk me through|talk|walk me through) (?:about )?(?:the|your) "
        r"(?:roll-?out|migration|changeover|switch-?over)\b|"
        r"\b(?:walk|talk|take) me through (?:the|your|those) first (?:few )?"
        r"(?:days?|weeks?|months?)\b|"
        r"\bpicture of (?:the|your|those) first (?:few )?(?:days?|weeks?|months?)\b|"
        r"^\W*(?:(?:and|so)\W+)?(?:the|those) early (?:days|weeks|months)\b|"
        r"^\W*(?:(?:and|so)\W+)?(?:paint|walk|talk|take) me (?:through )?(?:the|your|those) "
        r"first (?:few |couple of )?(?:days|weeks|months?)\b|"
        r"\bsetting (?:(?:it|them|things|everything) )?up\b|"
        # "And once it was switched on?"
        r"\bonce (?:it|we|you|they) (?:was|were|had|'d) (?:\w+\s+)?(?:switched on|live|"
        r"up and running)\b|"
        r"\bonce you(?:'d)? (?:\w+ly\s+)?(?:started|began) (?:using|on)\b|"
        r"\bonce you(?:'d)? (?:flipped|switched|moved|changed|swapped|went) (?:over|across)\b|"
        r"\b(?:that|the|your) first (?:few )?(?:season|month|term|year|weeks?)s? "
        r"(?:on|with|using) (?:it|them)\b|"
        # "Term one with it, how was that?"
        r"\b(?:term|week|month|season|year|day) one (?:on|with|using) (?:it|them)\b|"
        r"\bset (?:it|them|things|everything) up\b|\b(?:go|going|went) live\b|"
        r"\bswitch(?:ing)?[ -]?over\b|\bchange-?over\b|\bcut(?:ting)?[ -]?over\b",
        re.IGNORECASE)),
    # "What do you remember from the demo?", "What did you see in the demo that mattered?":
    # what they saw of a new way while weighing it, what drew them
    ("active_looking", "pull", re.compile(
        r"\b(?:demos?|demonstrations?|free trial|trial (?:run|period|version)|"
        r"(?:in|during|on) (?:the|a|your) trial)\b",
        re.IGNORECASE)),
    # "Before Ledgerly, how did the practice handle it?": a question put in the time before,
    # whatever it goes on to say of the switch
    ("background", "habit", re.compile(
        r"^\W*(?:(?:and|so|okay|ok|right)\W+)?before\b[^,?]{1,40},\s*(?:how|what)\b",
        re.IGNORECASE)),
    # "How were you running things before you moved to it?", "How was it done originally?",
    # "Tell me how the report got put together back then": how it was done, the old way's
    # routine, however the encoder weighs "moved to it" (not "how is it different from
    # before?", which asks what changed, nor "How were things between you before?" or "Had it
    # happened before, and did you know how it worked?", which ask how it went)
    ("background", "habit", re.compile(
        rf"{_BEFORE}[^?]*\bhow\s+(?:(?:did|do|would)\s+\w+\s+(?!(?:feel|felt|go|react|respond|"
        r"take|cope)\b)\w+|(?:were|was)\s+(?:you|they|we|he|she)\s+\w+ing|"
        # "how were the rotas done", "how were bookings and guest details kept", "how the
        # monthly report actually got put together"
        rf"(?:was|were)\s+(?:[\w'-]+\s+){{0,4}}?{_DONE}|"
        rf"(?:the|your|it|things|that)\s+(?:[\w'-]+\s+){{0,3}}?(?:was|were|got)\s+"
        rf"(?:\w+\s+)?{_DONE})\b",
        re.IGNORECASE)),
    # "Tell me about how Sunday used to come together": the old way's routine (not "How long
    # did it take to get used to it?")
    ("background", "habit", re.compile(
        r"\b(?:how|what)\b[^?]*(?<!get )(?<!got )(?<!getting )(?<!be )(?<!been )\bused to "
        r"(?!it\b|them\b|that\b)", re.IGNORECASE)),
    # "Could you tell me more about what the welfare role involved before you started using
    # Kitbag?": the time before, however the question ends
    ("background", None, re.compile(
        rf"{_BEFORE}[^?]*\b(?:how\b(?! long| soon| many| much| often)|"
        r"tell me (?:more |a bit |a little )?about\b|what\b[^?]*\binvolv\w*|"
        # "What was it like planning the brewing before Kegstone?", "What did planning look
        # like before you changed anything?"
        r"what (?:was|were) (?:it|things|life|work)\b[^?]*\blike\b|"
        r"what did (?:the |your )?\w+ look like\b)",
        re.IGNORECASE)),
    # "So what would you do with that?": what they would do, as they did then, with what was
    # just told: more of that story, not a step towards looking; "How long had it been like
    # that?": how long the way just told had gone on (not "And since then, how has it been?")
    (FOLLOW_UP, None, re.compile(
        r"^\W*(?:(?:and|so|okay|ok|right)\W+)?what would you (?:\w+ly )?do (?:with|about) "
        r"(?:that|it|them|those|this)\s*\?|"
        r"\bhow long had (?:it|that|this|things|they) been\b", re.IGNORECASE)),
    # "How did you resolve those concerns?", "So what did you do with that worry?": how they
    # dealt with the worry just told (not "when that fear became real", more of its story)
    ("deciding", "anxiety", re.compile(
        r"\b(?:resolv\w*|handl\w*|deal\w* with|do (?:with|about)|get (?:past|over|through|round|"
        r"around)|overc[oa]me|address\w*|settl\w*|put\w* to rest)\b[^?]*\b(?:that|this|those|"
        r"these) (?:fears?|worry|worries|concerns?|doubts?|hesitations?)\b", re.IGNORECASE)),
    # "What was the effect on the practice?", "How did that affect the team?", "What happened
    # when it didn't add up?", "And what happened with Paige?", "Was there a particular
    # case?": the consequences of, or an episode in, the story being told, whatever a later
    # stage's question they resemble; "What did you think it should have been?": what they
    # made of what happened, against what should have (not "What did you hope it would do for
    # you?"); "How much of your week was that taking?": what the way being told cost them (not
    # "How long did it take to get used to it?")
    # "How long would one take?": how long the way being told took, each time (not "How long
    # did it take to get used to it?")
    (STORY_PROBE, None, re.compile(
        r"\bhow long would (?:one|it|that|each|a|an|the|they)\b[^?]*\btake\b|"
        r"\bhow much\b[^?]*\b(?:(?:was|were) (?:that|it|this|they)|were you)\s+(?:\w+\s+)?"
        r"(?:tak|spend|cost|eat|los)ing\b|"
        r"\bwhat (?:did|do) you (?:think|reckon|feel|expect)\b[^?]*\bshould(?:n't)? have "
        r"(?:been|cost|come|taken|charged|paid|happened)\b|"
        r"\bwhat (?:was|were) the (?:effects?|impacts?|knock-on|consequences?)\b|"
        r"\bhow did (?:that|it|this|they) (?:affect|impact)\b|"
        r"\b(?:did|does) (?:that|it|this) have (?:a|any) (?:cost|impact|effect)\b|"
        r"^\W*(?:(?:and|so)\W+)?what happened (?:when|with|to)\b|"
        # "So what happened on the Saturday?", "What happened that night?" (not "on the first
        # day", the first use)
        r"^\W*(?:(?:and|so|okay|ok|right)\W+)?what happened (?:on|that|during) (?:the |that )?"
        r"(?!first\b)(?:\w+\s+)?(?:day|night|morning|afternoon|evening|weekend|monday|"
        r"tuesday|wednesday|thursday|friday|saturday|sunday)\s*\?|"
        r"^\W*(?:(?:and|so)\W+)?(?:was|is) there a (?:particular|specific) "
        r"(?:case|example|incident|occasion|instance)\s*\?\s*$|"
        # "Could you take me back to one specific claim that really stands out in your
        # memory, and walk me through what happened?": an episode of the story being told
        r"\bwalk me through what happened\b|"
        # "Would you be comfortable telling me what happened there?"
        r"\b(?:tell|telling|talk|talking|walk|walking) (?:me|us) (?:through )?what happened"
        r"(?:\s+(?:there|then|next|that (?:day|time|night|week)))?\s*\?|"
        r"\btake me back to (?:a|one|the) (?:specific|particular)\b|"
        r"\b(?:give|tell) me an example\b|"
        # "How long did it take?": how long what was just told took (not "How long did it
        # take to get used to it?", which names what it asks about)
        r"^\W*(?:(?:and|so|okay|ok|right)\W+)?how long did (?:it|that|this|they) take"
        r"(?: you)?\s*\?\s*$|"
        # "What did you know about that at the time?", "How did you feel at the time?": the
        # time of the story being told
        r"\bat the time\s*\?\s*$", re.IGNORECASE)),
    # "Walk me through the day you decided something had to change": the first thought that
    # the old way could not go on, not the choice of a new one
    ("first_thought", "push", re.compile(
        r"\b(?:decided|decide|realised|realized|knew|felt|thought)\b[^?]*"
        r"\b(?:had to|needed to|need to|must|should|would have to|have to|got to)\s+"
        r"change\b|"
        r"\benough was enough\b|\bsomething (?:had|needed) to (?:change|give)\b|"
        # "What was the thing that made you change how the studio handles drawings?" (not "made
        # you change to Drafthouse", the choice)
        r"\bmade you (?:want to )?(?:change|rethink)\b(?!\s+(?:to|over)\b)|"
        # "When did that start to feel like a real problem?", "the first time it bit you"
        r"\b(?:became|become|becoming|start\w* to (?:feel|seem|look|be)(?: like)?|turned into|"
        r"first (?:feel|felt|seem|seemed)(?: like)?)"
        r"\s+(?:a |an )?(?:real |big |proper |serious )?(?:problem|issue|headache)\b|"
        r"\bfirst time (?:it|that|this) (?:bit|hurt|went wrong|caught)\b|"
        # "Where would you say that story starts?": where their story begins
        r"\bstory\b[^?]*\b(?:starts?|begins?|began|came about)\b|"
        # "Could you take me back to the very beginning of that story?"
        r"\b(?:beginning|start) of (?:that|the|this|your) story\b|"
        # "What made you go looking for something like Tempoly in the first place?", "What first
        # got you looking?": what set them off, not how they looked (nor "What got you looking
        # seriously?", the step from hearing of a way to weighing it)
        r"\bwhat (?:first (?:made|got|led|prompted) (?:you|them) (?:to )?(?:go |start |begin )?"
        r"(?:looking|searching|to look|to search)\b|(?:made|got|led|prompted) (?:you|them) (?:to )?"
        r"(?:go |start |begin )?(?:looking|searching|to look|to search)\b[^?]*\b(?:in the first "
        r"place|originally|to begin with)\b)", re.IGNORECASE)),
    # "Was there a moment you decided?": the decision, whatever "a moment" shares with the
    # struggling-moment questions
    ("deciding", None, re.compile(
        r"\b(?:you|we)\s+(?:finally\s+)?(?:decided|chose|made (?:the|your|a) "
        r"(?:decision|choice)|made up your mind)\b|\bdeciding moment\b|"
        # "How did you put the case to Imran, and what helped him say yes?"
        # (not "was the July clash the thing that made you decide?", what tipped them)
        # "How did Frank come around?", "So how did Mike come round?": someone else won over
        r"\bhow did (?:\w+) (?:come|came) (?:a)?round\b|"
        r"\b(?:helped|made|got)\s+(?:you|him|her|them|the\s+\w+)\s+(?:to\s+)?(?:say yes|"
        r"agree|sign off)\b|\b(?:put|make|made|making)\s+(?:the|your|a)\s+case\b|"
        # "What got you over the line?", "Who had a say in it?": the decision and who made it
        r"\bover the line\b|\bwho (?:else )?(?:had|got) (?:a|the final) say\b",
        re.IGNORECASE)),
    # "What changed after you switched?": after the switch, whatever "switching" shares with
    # the worry questions (not "what changed after you told him?", a turn in the story)
    ("what_changed", None, re.compile(
        r"\b(?:changed|different)\b[^?]*\bsince (?:you|we|then)\b|"
        r"\b(?:changed|different)\b[^?]*\bafter (?:you|we) (?:\w+ )?"
        r"(?:switch|mov|start|swapp|adopt|began|sign\w* up)\w*|"
        r"\bwhat(?:'s| has| have)\s+changed\b|"
        r"\bwhat(?:'s| is)\s+(?:(?:actually|really|most)\s+)?different\b|"
        # "And where are you now with it?" (not "Where are you today?", where they sit)
        r"\bwhere are (?:you|we) (?:now |today )?with (?:it|that|this|them|the \w+)\b|"
        r"\bwhere are (?:you|we) at (?:now|today|these days)\b|"
        # "And where are you now?": where the story has got to (alone, "Where are you now?"
        # may ask where they sit)
        r"^\W*(?:and|so)\W+where are (?:you|we|things) now\s*\?\s*$|"
        r"\bwhere are things (?:now|today|at)\b|"
        # "Fast forward to today. What does an event season feel like now?"
        r"\bfast[- ]?forward(?:ing)? to (?:today|now)\b|"
        r"\b(?:feel|feels|look|looks|work|works|run|runs) like (?:now|today|these days)\s*\?|"
        # "What's the day like now?", "What are mornings like these days?"
        r"\bwhat(?:'s| is| are) (?:the |your |a )?(?:[\w-]+ ){0,2}like (?:now|today|these days)"
        r"\s*\?|"
        # "And these days, how does it feel?": today
        r"^\W*(?:(?:and|so)\W+)?(?:these days|nowadays),?\s+(?:how|what)\b|"
        r"^\W*(?:(?:and|so)\W+)?(?:these days|nowadays)\s*\?\s*$|"
        # "When you compare how claims work today with the paper sheets, what feels most
        # different?": today against before
        r"\bwhat (?:feels|seems|looks)\s+(?:most\s+|really\s+)?different\b|"
        r"\bcompar\w*\b[^?]*\b(?:today|now|these days)\b", re.IGNORECASE)),
    # "What would you tell another coordinator?", "Would you recommend it?": looking back on
    # the whole switch from where they are now, not more of the exchange before
    ("what_changed", None, re.compile(
        r"\bwhat would you (?:tell|say to|advise|recommend)\b|\bwould you recommend\b|"
        # "Last one. Advice for a studio your size that's on the fence?"
        r"(?:^|[.!?]\s+)(?:any )?advice for\b|"
        # "Is there anything you'd say to another maker about this?"
        r"\banything (?:you'd|you would) (?:tell|say to|advise|recommend)\b|"
        r"\bif you were advising\b|\basked (?:you|your advice)\b[^?]*\bwhat would you say\b|"
        # "Is anything still frustrating?", "Anything still not working?": about today
        r"\b(?:is|are|anything|something)\s+(?:that(?:'s| is)\s+)?still\s+(?:\w+\s+)?"
        r"(?:frustrat\w*|annoy\w*|bother\w*|not work\w*|(?:a )?problems?|wrong|hard|"
        r"not right)\b|"
        r"\bstill\s+(?:frustrat|annoy|bother)\w*\s+you\b|"
        # "Anything you'd change?", "Is there anything you would change about it?": today's
        # way, looked back on
        r"^\W*(?:(?:and|so)\W+)?(?:is there )?anything (?:you'd|you would) change\b|"
        # "What's still annoying?", "What's better?": today, against before
        r"\bwhat(?:'s| is)\s+still\b|"
        r"^\W*(?:(?:and|so)\W+)?what(?:'s| is)\s+(?:better|easier|worse)(?:\s+now)?\s*\?\s*$",
        re.IGNORECASE)),
    # "So tell me about the time you didn't get away with it.", "Take me to the day it all
    # came out": an episode of the story being told (not "the first time you used it", the
    # first use, nor a time named by what they did then, which the patterns above read)
    # "Is there a time that really sticks with you?", "Was there one that was worse than the
    # others?": an episode of that story
    (STORY_PROBE, None, re.compile(
        r"\b(?:tell me (?:more )?about|talk me through|walk me through|take me (?:back )?to)\s+"
        r"(?:the|that)\s+(?!first\b)(?:\w+\s+)?(?:time|day|night|week|morning|moment|"
        r"occasion)\b|"
        r"\b(?:is|was) there (?:a|one|any)\s+(?:\w+\s+){0,4}?(?:that|which)\s+(?:really\s+)?"
        r"(?:(?:sticks?|stuck)\s+(?:out|with you|in your (?:mind|memory|head))|"
        r"(?:stands?|stood)\s+out)\b|"
        # "Is there one job in particular you still think about?"
        r"\b(?:is|was) there (?:a|one|any)\s+(?:\w+\s+){0,4}?(?:(?:that|which)\s+)?you\s+"
        r"(?:still\s+)?(?:think about|remember|look back on)\b|"
        r"\b(?:is|was) there (?:a|one|any)\s+(?:\w+\s+){0,4}?(?:that|which)\s+sums? "
        r"(?:it|that|things) up\b|"
        r"\bworse than (?:the )?(?:others|rest|usual)\b|"
        # "So where did that catch you out?"
        r"\b(?:catch|catches|caught) you out\b|"
        # "Walk me through an event where that gap really showed.", "Take me to a night where
        # that bit you." (not "Walk me through a normal week")
        r"\b(?:walk|take) me (?:back )?(?:through|to) (?:a|an|one) "
        r"(?!specific\b|particular\b)(?:\w+\s+){1,2}?"
        r"(?:where|when)\b", re.IGNORECASE)),
    # "If you summarised what you were trying to achieve, what would it be?": the job in
    # their words, whatever "switching" shares with the worry questions
    ("deciding", None, re.compile(
        r"\b(?:sum(?:med)?\s+(?:it\s+)?up|summari[sz]\w*|in (?:a|one) "
        r"sentence)\b", re.IGNORECASE)),
    # "Were there other frustrations with the old way?": what bothered them, not what they
    # liked, whatever "the old way" shares with the habit question; "Worst moment?", "Was that
    # the first time it had caused a real problem?": the struggle
    ("struggling_moment", "push", re.compile(
        # "Was there an episode where it came apart?"
        r"\b(?:is|was) there an? (?:episode|incident|occasion|moment|night|day|time) "
        r"(?:where|when) (?:it|things|that|everything) (?:came apart|fell apart|went wrong|"
        r"broke down|went badly)\b|"
        r"^\W*(?:and\s+)?(?:the\s+|your\s+)?(?:worst|hardest|lowest)\s+(?:moment|bit|part|"
        r"day|week|time|point)s?\b|"
        # "What do you think was really at the root of the order going missing?": what
        # caused what went wrong
        r"\b(?:at the (?:root|heart|bottom) of|root cause)\b|"
        r"\bcaus(?:e|ed|ing) (?:a |any |the )?(?:real |big |proper |serious )?(?:problem|issue|"
        r"trouble|headache)s?\b|"
        r"^(?=.*\b(?:frustrat\w*|bother\w*|annoy\w*|problems?|difficult\w*|went wrong|"
        r"what\b[^?]*\b(?:wasn't|weren't|was not|were not|didn't|did not) work\w*|"
        r"got to you|fail(?:ed|ures?|ing)?|mess(?:ed)? up|mistakes?))"
        r"(?=.*\b(?:old|before|previous\w*|used to)\b)", re.IGNORECASE)),
    # "When did you first think it wasn't working?", "What was the first sign it might not be
    # working?", "When did it stop working fine?", "... it wasn't quite working?": the encoder
    # reads past the negation to "When did you first see it working?"
    ("first_thought", "push", re.compile(
        r"^(?=.*\b(?:when|start\w*|first\s+(?:think|thought|feel|felt|"
        r"realis\w*|realiz\w*|notic\w*|sens\w*|signs?|hint))\b).*\b"
        r"(?:wasn't|weren't|isn't|not|stop(?:ped|s)?|no longer)\s+"
        r"(?:going to\s+|(?:really|quite|fully|properly|always)\s+)?(?:be\s+)?"
        r"(?:work\w*|enough|hold\w*|cop\w*|keep\w* up|good enough)\b",
        re.IGNORECASE)),
)
