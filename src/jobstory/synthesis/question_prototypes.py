"""What switch-interview questions look like, phase by phase: the prototypes an imported
transcript's questions are compared with (`questions.py`).

Each is (phase, force asked about, prototype question), written for switch interviews in
general, not for any one trade or data set: a question takes the phase and force of the
prototype it most resembles, when it resembles one clearly enough.
"""

from __future__ import annotations

__all__ = ["FOLLOW_UP", "PROTOTYPES", "STORY_PROBE"]

#: A generic follow-up ("And?", "Go on"): more of the exchange before it.
FOLLOW_UP = "follow_up"
#: A follow-up that asks what happened or how it felt: it follows an episode. Asked after a
#: background question or one about what they liked of the old way, it follows a story the
#: participant began unprompted ("...and then the boiler went on Christmas Eve." - "What
#: happened then?"): their struggling moment.
STORY_PROBE = "story_probe"

PROTOTYPES: tuple[tuple[str, str | None, str], ...] = (
    ("background", None, "Could you tell me a little about yourself and what you do?"),
    ("background", None, "Tell me about your business and your role there."),
    ("background", None, "What does a normal week look like for you?"),
    ("background", "habit", "How did you handle this before?"),
    ("background", "habit", "What were you using before, and how did it work?"),
    ("background", None, "Is there anything else you would like to add?"),
    ("background", None, "How long have you been doing this?"),
    ("background", "habit", "How did you keep track of it all?"),
    ("background", None, "Could you start by telling me a bit about the company?"),
    ("background", "habit", "How did you manage that before you started using it?"),
    ("background", "habit", "How did things run day to day before you had it?"),
    ("first_thought", "push", "When did you first think something needed to change?"),
    ("first_thought", "push", "When did you first start to feel the old way was not working?"),
    ("first_thought", "push", "What made you start thinking about a different way?"),
    ("first_thought", "push", "When did that start to change?"),
    ("struggling_moment", "push", "Take me to the last time it really went wrong."),
    ("struggling_moment", "push", "Can you tell me about a specific time it let you down?"),
    ("struggling_moment", "push", "What happened the day it stopped being good enough?"),
    ("struggling_moment", "push", "Was there a moment when it all came to a head?"),
    ("struggling_moment", "push", "Walk me through that day: where were you, what happened?"),
    ("struggling_moment", "push", "What was frustrating about the way you did it?"),
    ("struggling_moment", "push", "Was there a particular time that stood out?"),
    ("struggling_moment", "push", "Was there a moment when it stopped being okay?"),
    ("struggling_moment", "push", "Had something like that happened to you before?"),
    ("passive_looking", None, "Had you noticed other ways of doing it before then?"),
    ("passive_looking", None, "How did you first hear about it?"),
    ("passive_looking", None, "How did it come into the picture?"),
    ("active_looking", None, "What options did you consider?"),
    ("active_looking", None, "What alternatives did you look at or try?"),
    ("active_looking", None, "So what did you do about it?"),
    ("active_looking", None, "How did you go about finding something new?"),
    ("active_looking", None, "What did you look at?"),
    ("active_looking", None, "What else did you try before this?"),
    ("active_looking", None, "Did you consider just carrying on as you were?"),
    ("active_looking", None, "When did you start looking for something else?"),
    ("active_looking", None, "How did you compare the options?"),
    ("deciding", "pull", "What made you choose it in the end?"),
    ("deciding", "pull", "What was it that appealed to you?"),
    ("deciding", "pull", "What tipped it?"),
    ("deciding", "pull", "What did you hope it would do for you?"),
    ("deciding", "pull", "What made you pick this one over the others?"),
    ("deciding", "pull", "What made it stand out?"),
    ("deciding", "pull", "What could it do that the other options couldn't?"),
    ("deciding", None,
     "If you had to sum up in one sentence what you were trying to get done, what would it be?"),
    ("deciding", "anxiety", "Was there anything that nearly stopped you?"),
    ("deciding", "anxiety", "Did you have any worries or hesitations about switching?"),
    ("deciding", "anxiety", "What concerned you about making the change?"),
    ("deciding", "habit", "Was there anything you liked about the old way?"),
    ("deciding", "habit", "What kept you doing it the old way for so long?"),
    ("deciding", "habit", "Were there any old habits that were hard to break?"),
    ("deciding", "habit", "Was anything hard to change or to let go of?"),
    ("first_use", None, "What was the first week like?"),
    ("first_use", None, "Tell me about the first time you used it."),
    ("first_use", None, "How did getting started go?"),
    ("first_use", None, "When did you first see it working?"),
    ("first_use", None, "Can you tell me about the first time it made a real difference?"),
    ("first_use", None, "What was the first thing you used it for?"),
    ("first_use", None, "How did everyone else get on with it at first?"),
    ("first_use", None, "How long did it take to get used to it?"),
    ("first_use", None, "Was it awkward to begin with?"),
    ("what_changed", None, "What has changed since then?"),
    ("what_changed", None, "What has changed the most since you started using it?"),
    ("what_changed", None, "What difference has it made?"),
    ("what_changed", None, "How are things now, compared with before?"),
    ("what_changed", None, "How is it different from how you did it before?"),
    ("what_changed", None, "Has it done what you hoped?"),
    ("what_changed", None, "And since then, how has it been?"),
    (STORY_PROBE, None, "What happened next?"),
    (STORY_PROBE, None, "What were the consequences?"),
    (STORY_PROBE, None, "What did it cost you?"),
    (STORY_PROBE, None, "How did that affect you?"),
    (STORY_PROBE, None, "Why did that matter so much to you?"),
    (STORY_PROBE, None, "What changed?"),
    (FOLLOW_UP, None, "And then what?"),
    (STORY_PROBE, None, "How did that feel?"),
    (STORY_PROBE, None, "What was that like for you?"),
    (STORY_PROBE, None, "What did you do?"),
    (STORY_PROBE, None, "How did you handle it?"),  # "... before?" is background by its words
    (STORY_PROBE, None, "What did you find out?"),
    (STORY_PROBE, None, "How did it turn out in the end?"),
    (FOLLOW_UP, None, "Can you say more about that?"),
    (FOLLOW_UP, None, "Anything else?"),  # more of what was just asked, unlike "... to add?"
    (FOLLOW_UP, None, "Why was that?"),
    # getting past a worry or a habit is more of it, not a story of its own
    (FOLLOW_UP, None, "How did you get past that?"),
    (STORY_PROBE, None, "How did people react?"),
    (STORY_PROBE, None, "How did the others take it when they heard?"),
    (STORY_PROBE, None, "What did they say?"),
    # "Tell me about Rhian.": more of whatever was being told (a name reads as "it")
    (STORY_PROBE, None, "Tell me about it."),
)
