"""Who is who across a corpus: interviewer labels, participants' names, and the research team's
own people recognised from the whole set of files (`read_paths` -> `resolve_corpus`).

The transcripts are ILLUSTRATIVE, written here for each rule.
"""

from __future__ import annotations

from pathlib import Path

from jobstory.synthesis.ingest import read_paths
from jobstory.synthesis.ingest.speakers import corpus_interviewers
from jobstory.synthesis.sources import Parsed


def write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def read(folder: Path, **options) -> dict[str, Parsed]:
    parsed, errors = read_paths([folder], **options)
    assert errors == []
    return {p.source.id: p for p in parsed}


def roles(item: Parsed) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for u in item.utterances:
        found.setdefault(u.role, set()).add(u.speaker)
    return found


def participant_ids(item: Parsed) -> set[str]:
    return {u.participant for u in item.utterances if u.participant}


def named(folder: Path, files: dict[str, str]) -> dict[str, set[str]]:
    """The participants each of `files`, written to `folder`, is read as naming."""
    write(folder, files)
    return {name: participant_ids(item) for name, item in read(folder).items()}


def test_ai_and_assistant_labels_are_the_interviewer_even_in_one_file(tmp_path: Path) -> None:
    write(tmp_path, {
        "bot-01.txt": (
            "Assistant: Hi, thanks for joining. Could you tell me about your work?\n"
            "User: I run a small plumbing business with two vans.\n"
            "AI: When did you first think the old way was not working?\n"
            "User: Last winter a boiler job went missing from the diary.\n"
            "AI: What happened then?\n"
            "User: The customer rang me furious at seven in the morning. Was that my fault?\n"
            "AI: Mm, I see.\n"
        ),
        "bot-02.vtt": (
            "WEBVTT\n\n"
            "00:00:01.000 --> 00:00:04.000\n<v AI>What tools do you use for bookings?</v>\n\n"
            "00:00:04.000 --> 00:00:09.000\n<v User>A paper diary and my phone, mostly.</v>\n\n"
            "00:00:09.000 --> 00:00:12.000\n<v Assistant>Why paper?</v>\n\n"
            "00:00:12.000 --> 00:00:16.000\n<v User>Habit. Do you use one?</v>\n"
        ),
    })
    files = read(tmp_path)
    for item in files.values():
        found = roles(item)
        assert found["interviewer"] >= {"AI", "Assistant"}
        assert found["participant"] == {"User"}
        ids = participant_ids(item)
        assert ids and not ids & {"AI", "Assistant", "ai", "assistant"}
    assert participant_ids(files["bot-01.txt"]) == {"bot-01"}
    assert participant_ids(files["bot-02.vtt"]) == {"bot-02"}
    first = [u for u in files["bot-01.txt"].utterances if u.role == "participant"]
    assert first[0].question_text == "Hi, thanks for joining. Could you tell me about your work?"


def test_an_observer_or_note_taker_who_asks_a_question_is_the_research_team(
        tmp_path: Path) -> None:
    write(tmp_path, {
        "pair.txt": (
            "Interviewer: How do you book the van in for its service?\n"
            "Nadia: I ring the garage and hope they pick up.\n"
            "Observer: Sorry, which garage is that?\n"
            "Nadia: The one by the ring road.\n"
            "Interviewer: What went wrong last time?\n"
            "Nadia: They booked it for the wrong week.\n"
            "Note-taker: Can I just check the dates?\n"
            "Nadia: The fourth, not the fourteenth.\n"
        ),
    })
    found = roles(read(tmp_path)["pair.txt"])
    assert found == {"interviewer": {"Interviewer", "Observer", "Note-taker"},
                     "participant": {"Nadia"}}


def test_a_generic_participant_takes_the_name_the_file_gives_them(tmp_path: Path) -> None:
    write(tmp_path, {
        "intro.txt": (
            "Interviewer: Thanks for making time. Who am I talking to?\n"
            "User: Hi, my name is Bogdan and I run a bakery on the high street.\n"
            "Interviewer: How do you take orders today?\n"
            "User: Mostly by phone, written on a pad by the till.\n"
        ),
        "header.txt": (
            "[Participant: Aoife Brennan, owner]\n"
            "Recorded on a Tuesday.\n\n"
            "Q: How do you schedule the team?\n"
            "A: A whiteboard in the back office, rewritten every Sunday night.\n"
            "Q: What goes wrong with it?\n"
            "A: Someone rubs out a shift and nobody notices until they don't turn up.\n"
        ),
        "greeted.txt": (
            "Interviewer: Welcome, Kwame. Tell me about the repair shop.\n"
            "Participant: Thanks. I'm Kwame, I fix phones and laptops in the market.\n"
            "Interviewer: How do you track repairs?\n"
            "Participant: Paper tickets stapled to each phone.\n"
        ),
        "not-greeted.txt": (
            "Interviewer: Welcome. Tell me about the repair shop.\n"
            "Participant: Thanks. I'm Kwame, I fix phones and laptops in the market.\n"
            "Interviewer: How do you track repairs?\n"
            "Participant: Paper tickets stapled to each phone.\n"
        ),
        # a header line that says who is who, not who the person is
        "legend.txt": (
            "# Speakers: Assistant / AI = AI interviewer; User = participant.\n\n"
            "AI: Welcome, Clive. Could you introduce yourself?\n"
            "User: Hi, I'm Clive, I drive my granddaughter to school.\n"
            "AI: How do you keep track of the pick-ups?\n"
            "User: A calendar on the fridge.\n"
        ),
        # a first answer that opens with the name, which the interviewer uses later
        "opens.txt": (
            "Moderator: Thanks for joining. Who are you and what do you coach?\n"
            "Respondent: Tomasz. I coach boxing fitness on an industrial estate.\n"
            "Moderator: Did anything go wrong in the first weeks, Tomasz?\n"
            "Respondent: The older members hated the app.\n"
        ),
        # the header without its brackets reads like a turn, but nobody says it again
        "header-line.txt": (
            "Participant: Ewan, head groundsman, golf club\n\n"
            "Q: How do you plan the mowing?\n"
            "A: A chart on the shed wall, redone every Monday.\n"
            "Q: What goes wrong with it?\n"
            "A: Rain moves everything and the chart never catches up.\n"
        ),
        "sure.txt": (
            "Moderator: Who are you and what do you coach?\n"
            "Respondent: Sure. I coach boxing fitness on an industrial estate.\n"
            "Moderator: Sure, and what went wrong in the first weeks?\n"
            "Respondent: The older members hated the app.\n"
        ),
        # a title naming whom the call was with, as a line or as a field
        "call.txt": (
            "Call with Marta Kowalska (Kowalska Tiling) - Otter.ai\n\n"
            "Speaker 1  0:03\nThanks for this. How do you book jobs in?\n\n"
            "Speaker 2  0:09\nA diary in the van, and my sister rings people back.\n\n"
            "Speaker 1  0:20\nWhat goes wrong with it?\n\n"
            "Speaker 2  0:24\nThe diary gets wet and the dates run.\n"
        ),
        "notes.txt": (
            "Notes: interview with Idris Mensah, Mensah Electrical, 4 March 2025\n\n"
            "Q: How do you book jobs in?\n\n"
            "A: A diary in the van, and my sister rings people back.\n\n"
            "Q: What goes wrong with it?\n\n"
            "A: The diary gets wet and the dates run.\n"
        ),
        "tired.txt": (
            "Interviewer: You sound tired. Long week? How are things at the garage?\n"
            "User: I'm tired, honestly. Behind on every invoice.\n"
            "Interviewer: How far behind?\n"
            "User: Three weeks of jobs not billed.\n"
        ),
    })
    files = read(tmp_path)
    assert participant_ids(files["intro.txt"]) == {"Bogdan"}
    assert participant_ids(files["header.txt"]) == {"Aoife Brennan"}
    assert participant_ids(files["greeted.txt"]) == {"Kwame"}
    # "I'm Kwame" alone could be anything; the interviewer never called them Kwame.
    assert participant_ids(files["not-greeted.txt"]) == {"not-greeted"}
    # "I'm tired" is no name, even when the interviewer says "tired" too.
    assert participant_ids(files["tired.txt"]) == {"tired"}
    assert participant_ids(files["legend.txt"]) == {"Clive"}
    assert participant_ids(files["opens.txt"]) == {"Tomasz"}
    assert participant_ids(files["sure.txt"]) == {"sure"}  # "Sure" is a word, not a name
    assert roles(files["header.txt"]) == {"interviewer": {"Q"}, "participant": {"A"}}
    assert participant_ids(files["header-line.txt"]) == {"Ewan"}
    assert roles(files["header-line.txt"]) == {"interviewer": {"Q"}, "participant": {"A"}}
    assert participant_ids(files["call.txt"]) == {"Marta Kowalska"}
    assert participant_ids(files["notes.txt"]) == {"Idris Mensah"}
    assert roles(files["notes.txt"]) == {"interviewer": {"Q"}, "participant": {"A"}}


def test_a_block_of_header_fields_is_no_speaker(tmp_path: Path) -> None:
    """Notes-style transcripts open with "- Field: value" lines, which read like labels; a
    label that never speaks again with a short value is a field, as is the interviewer's
    label with only a name. The conversation starts at the first question or sentence."""
    write(tmp_path, {
        "notes.md": (
            "# Interview with Rosa\n\n"
            "- Date: 3 March 2026\n"
            "- Interviewer: Dana Ortiz\n"
            "- Participant: retired teacher\n\n"
            "**Interviewer:** How did you keep track of your bills?\n\n"
            "**Rosa:** A notebook on the fridge, a line for every bill.\n\n"
            "**Interviewer:** What happened that made you look for something else?\n\n"
            "**Rosa:** The water bill came out before my pension landed.\n"
        ),
        # a first answer that is short and unpunctuated is still an answer: its label speaks
        # again
        "short.txt": (
            "Rosa: hi there\n"
            "Interviewer: What do you use for bills?\n"
            "Rosa: A notebook\n"
            "Interviewer: Why change?\n"
            "Rosa: A fee I never saw coming.\n"
        ),
    })
    files = read(tmp_path)
    notes = files["notes.md"]
    assert participant_ids(notes) == {"Rosa"}
    assert roles(notes) == {"interviewer": {"Interviewer"}, "participant": {"Rosa"}}
    assert notes.utterances[0].text.startswith("How did you keep track")
    assert [u.text for u in files["short.txt"].utterances][0] == "hi there"


def test_a_legend_of_initials_says_who_is_who_and_a_dated_field_is_header(
        tmp_path: Path) -> None:
    """Notes typed with initials say who each is in a legend under the header ("DA = Daniel
    Achebe (interviewer), OP = Owen Pritchard (participant)"): the participant takes the
    name, the interviewer is whoever the legend says, and a "Date:" field however long is no
    speaker. A name typed in capitals reads as a name is written."""
    write(tmp_path, {
        "initials.txt": (
            "Date: 22 January 2026, in person, in the students' union meeting room\n"
            "DA = Daniel Achebe (interviewer), OP = Owen Pritchard (participant)\n\n"
            "DA: Can you tell me who you are?\n\n"
            "OP: I coordinate the volunteers at the student pantry.\n\n"
            "DA: What happened the week it went wrong?\n\n"
            "OP: Three people bailed on the Friday shift.\n"
        ),
        "capitals.srt": (
            "1\n00:00:01,000 --> 00:00:04,000\nPRIYA NAIR: So, Gloria, what do you do?\n\n"
            "2\n00:00:05,000 --> 00:00:09,000\nGLORIA CASTELLANO: I run the Saturday pantry.\n\n"
            "3\n00:00:10,000 --> 00:00:13,000\nPRIYA NAIR: What went wrong last month?\n\n"
            "4\n00:00:14,000 --> 00:00:19,000\nGLORIA CASTELLANO: Nobody turned up to open.\n"
        ),
        "hyphen.srt": (
            "1\n00:00:01,000 --> 00:00:04,000\nPRIYA NAIR: So, Renata, what do you do?\n\n"
            "2\n00:00:05,000 --> 00:00:09,000\nRENATA VIEIRA-HOLM: I shoot weddings.\n\n"
            "3\n00:00:10,000 --> 00:00:13,000\nPRIYA NAIR: What went wrong last year?\n\n"
            "4\n00:00:14,000 --> 00:00:19,000\nRENATA VIEIRA-HOLM: Albums sat for months.\n"
        ),
    })
    files = read(tmp_path)
    notes = files["initials.txt"]
    assert participant_ids(notes) == {"Owen Pritchard"}
    assert roles(notes) == {"interviewer": {"DA"}, "participant": {"OP"}}
    assert notes.utterances[0].text == "Can you tell me who you are?"
    assert participant_ids(files["capitals.srt"]) == {"Gloria Castellano"}
    # each part of a double-barrelled name is a name
    assert participant_ids(files["hyphen.srt"]) == {"Renata Vieira-Holm"}


def test_a_legend_of_numbered_speakers_names_them_and_capitals_keep_a_surnames_particle(
        tmp_path: Path) -> None:
    """A legend line of numbered speakers ("Speaker 1 = Sam Okafor (interviewer), Speaker 2 =
    Marcus Delaney") names each: the participant is Marcus, not the file. A name typed in
    capitals keeps its surname's particle in lower case, as the name is written ("PIETER VAN
    RENSBURG" is Pieter van Rensburg, not Pieter Van Rensburg)."""
    write(tmp_path, {
        "numbered.txt": (
            "Speaker 1 = Sam Okafor (interviewer), Speaker 2 = Marcus Delaney\n\n"
            "Speaker 1: Appreciate you taking the time. Give me the quick version.\n\n"
            "Speaker 2: We wrap vans, seven of us.\n\n"
            "Speaker 1: What went wrong with approvals?\n\n"
            "Speaker 2: Customers okayed whatever screenshot they had.\n"
        ),
        "particle.txt": (
            "INTERVIEWER\nPieter, thanks for agreeing to talk. Tell me about the business.\n\n"
            "PIETER VAN RENSBURG\nWe make shopfront signs, eight of us.\n\n"
            "INTERVIEWER\nWhat went wrong with quoting?\n\n"
            "PIETER VAN RENSBURG\nI priced every job by eye.\n"
        ),
    })
    files = read(tmp_path)
    assert participant_ids(files["numbered.txt"]) == {"Marcus Delaney"}
    assert roles(files["numbered.txt"]) == {"interviewer": {"Speaker 1"},
                                            "participant": {"Speaker 2"}}
    assert participant_ids(files["particle.txt"]) == {"Pieter van Rensburg"}


def test_a_legend_by_role_or_by_name_in_a_notes_field_says_who_is_who(tmp_path: Path) -> None:
    """Typed notes say who each label is in a field of their header, by role or by name ("-
    **Convention:** Q = interviewer, C = Callum. Lines in brackets are the note-taker's."):
    that field is header, not a speaker, and the participant takes the name."""
    write(tmp_path, {
        "notes.md": (
            "# Switch interview - notes\n\n"
            "- **Interviewer:** Gemma Arkwright\n"
            "- **Date:** 2024-06-20, phone call, not recorded\n"
            "- **Convention:** Q = interviewer, C = Callum. C lines are as close to verbatim "
            "as typing allowed. Lines in [square brackets] are the note-taker's.\n\n---\n\n"
            "Q: How was brew planning done before?\n\n"
            "C: A paper diary on the desk, in pen and pencil.\n\n"
            "Q: So where did it fall over?\n\n"
            "C: The canning line got booked six weeks out and the beer wasn't ready.\n"
        ),
        "roles.txt": (
            "I = Interviewer; R = Respondent\n\n"
            "I: What went wrong with the old way?\n\nR: We lost kegs every month.\n\n"
            "I: And then?\n\nR: We wrote them off and paid the deposits again.\n"
        ),
    })
    files = read(tmp_path)
    notes = files["notes.md"]
    assert participant_ids(notes) == {"Callum"}
    assert roles(notes) == {"interviewer": {"Q"}, "participant": {"C"}}
    assert notes.utterances[0].text == "How was brew planning done before?"
    assert roles(files["roles.txt"]) == {"interviewer": {"I"}, "participant": {"R"}}


def test_attendees_named_with_their_roles_say_who_interviewed(tmp_path: Path) -> None:
    """A header listing who was there with their roles in brackets ("Attendees: Marcus Ogilvy
    (interviewer), Gemma Hartley (participant)") says who is who, even where the interviewer
    asks nothing in so many words: an opening without a question mark, then "Mm." and "Go
    on." leave nothing to tell the two apart by."""
    write(tmp_path, {
        "story.txt": (
            "INTERVIEW TRANSCRIPT\nDate: 2024-03-14\n"
            "Attendees: Marcus Ogilvy (interviewer), Gemma Hartley (participant)\n"
            "------------------------------------------------------------\n\n"
            "Marcus Ogilvy: Thanks for doing this, Gemma. Just tell me the story of how you "
            "ended up using the new invoicing tool, from wherever you'd like to start.\n\n"
            "Gemma Hartley: Okay. For eleven years every job went into a red notebook, and I "
            "crossed a line off when I sent the invoice, not when we got paid.\n\n"
            "Marcus Ogilvy: Mm.\n\n"
            "Gemma Hartley: Then I found three invoices that had never been paid.\n\n"
            "Marcus Ogilvy: Go on.\n\n"
            "Gemma Hartley: So I chased them, and that was when I thought, this can't go on.\n"
        ),
    })
    story = read(tmp_path)["story.txt"]
    assert roles(story) == {"interviewer": {"Marcus Ogilvy"}, "participant": {"Gemma Hartley"}}
    assert participant_ids(story) == {"Gemma Hartley"}


def test_people_listed_with_the_labels_their_lines_carry_name_those_labels(
        tmp_path: Path) -> None:
    """"Participants: Declan Furlong (P), Owen Thackeray (I)" over "P:" and "I:" lines says who
    speaks as each label, where the greeting gives a first name alone."""
    write(tmp_path, {"notes.txt": (
        "Participants: Declan Furlong (P), Owen Thackeray (I)\n\n"
        "I: Declan, cheers for this. Tell me about the bakery.\n\n"
        "P: We do wholesale to about forty cafes.\n\n"
        "I: What went wrong with the deliveries?\n\n"
        "P: Every week some cafe said they were short.\n")})
    notes = read(tmp_path)["notes.txt"]
    assert roles(notes) == {"interviewer": {"I"}, "participant": {"P"}}
    assert participant_ids(notes) == {"Declan Furlong"}


def test_a_self_introduction_in_a_lower_case_transcript_names_the_participant(
        tmp_path: Path) -> None:
    """Speech recognition may leave a transcript all in lower case, so no name is capitalised:
    "i'm nadia by the way nadia kowalczyk" still names her (neither word is English), as does
    a first name the interviewer says too; "i'm gonna" or "i'm tired" names nobody."""
    turn = "Speaker {n}  0:{s:02d}\n{text}\n\n"

    def otter(*texts: str) -> str:
        return "".join(turn.format(n=1 + k % 2, s=k, text=t) for k, t in enumerate(texts))

    found = named(tmp_path, {
        "full.txt": otter(
            "okay so we're recording. could you tell me a bit about your house",
            "yeah sure so i'm nadia by the way nadia kowalczyk. there's me my partner and "
            "our two boys and food is mostly me",
            "and how did you plan the week before",
            "a note on my phone with the meals at the top and the list underneath"),
        "first.txt": otter(
            "thanks for doing this tomasz. what do you cook in a normal week",
            "i'm tomasz and i cook most nights, pasta mostly",
            "and how did you plan it",
            "i didn't really, whatever was in the freezer"),
        "gonna.txt": otter(
            "so tell me how food works in your house",
            "i'm gonna be honest it's chaos, i'm tired all the time",
            "and how did you plan the week",
            "a list on the fridge that nobody reads"),
    })
    assert found["full.txt"] == {"Nadia Kowalczyk"}
    assert found["first.txt"] == {"Tomasz"}
    assert found["gonna.txt"] == {"gonna"}  # the file's name, as for any unnamed participant


def test_two_files_whose_participants_share_a_name_are_two_people(tmp_path: Path) -> None:
    body = (
        "Interviewer: Could you introduce yourself?\n"
        "Participant: Sure, my name is Maria and I run {business}.\n"
        "Interviewer: What made you look for something new?\n"
        "Participant: {why}\n"
    )
    write(tmp_path, {
        "cafe.txt": body.format(business="a cafe", why="The card reader died on a Saturday."),
        "salon.txt": body.format(business="a salon", why="Double bookings every week."),
    })
    files = read(tmp_path)
    cafe, salon = participant_ids(files["cafe.txt"]), participant_ids(files["salon.txt"])
    assert len(cafe) == len(salon) == 1
    assert cafe != salon
    assert all("Maria" in pid for pid in cafe | salon)


def sam_corpus() -> dict[str, str]:
    """Sam, of the research team, interviews a different named customer in each file."""
    return {
        "01-dana.txt": (
            "Sam: How do you keep track of deliveries?\n"
            "Dana: A spreadsheet my brother built years ago.\n"
            "Sam: What happened the last time it failed you?\n"
            "Dana: It overwrote a whole week of orders and I only found out at the market.\n"
        ),
        "02-luis.txt": (
            "Sam: Tell me about your landscaping crews.\n"
            "Luis: Three crews, twelve people in summer.\n"
            "Sam: How do you schedule them?\n"
            "Luis: Group texts every night, and someone always misses one.\n"
        ),
        "03-priya.txt": (
            "Sam: What does a normal Monday look like?\n"
            "Priya: Chasing invoices from the weekend classes.\n"
            "Sam: Why chasing?\n"
            "Priya: Because half the students pay cash and I lose the notes.\n"
        ),
        # Sam asks nothing with a question mark here, and Mo asks Sam things back: read alone,
        # this file would take Mo for the interviewer.
        "04-mo.txt": (
            "Sam: Go back to the day the van broke down.\n"
            "Mo: Do you mean the first time or the second time?\n"
            "Sam: The second one, with the wedding order.\n"
            "Mo: Right. Do you want all of it? The cake was in the back and the phone was dead.\n"
            "Sam: All of it, please.\n"
            "Mo: I walked two miles to a petrol station to ring the bride.\n"
        ),
    }


def test_a_named_interviewer_across_the_corpus_interviews_in_every_file(tmp_path: Path) -> None:
    write(tmp_path, sam_corpus())
    files = read(tmp_path)
    for source_id, item in files.items():
        found = roles(item)
        assert found["interviewer"] == {"Sam"}, source_id
        assert "Sam" not in participant_ids(item), source_id
    assert participant_ids(files["04-mo.txt"]) == {"Mo"}
    answers = [u for u in files["04-mo.txt"].utterances if u.role == "participant"]
    assert answers[0].question_text == "Go back to the day the van broke down."


def test_corpus_interviewers_need_three_files_of_fresh_faces_and_a_name() -> None:
    files = [["Sam", "Dana"], ["Sam", "Luis"], ["Priya", "Sam"], ["Mo", "Sam"]]
    assert corpus_interviewers(files) == {"sam"}
    assert corpus_interviewers(files[:2]) == set(), "two files do not make a team member"
    # The same two people in every file: nobody is the one meeting new people.
    assert corpus_interviewers([["Sam", "Dana"]] * 4) == set()
    # A generic label opposite many named people is never taken for the team's interviewer.
    assert corpus_interviewers([["User", n] for n in ("Dana", "Luis", "Priya")]) == set()


def test_a_generic_participant_greeted_by_name_takes_that_name(tmp_path: Path) -> None:
    """An Otter export labels everyone "Speaker N"; the interviewer opens "So, Theo, thanks for
    doing this": the participant is Theo. A greeting word is no name ("Hello, and welcome.")."""
    write(tmp_path, {
        "otter.txt": (
            "Speaker 1  0:03\nOkay, I think it's recording. So, Theo, thanks for doing this. "
            "How did money work in the flat?\n\n"
            "Speaker 2  0:22\nI paid the bills and everyone paid me back, in theory.\n\n"
            "Speaker 1  0:41\nHow did that go?\n\n"
            "Speaker 2  0:45\nBadly. I was chasing people for paper towel money.\n"
        ),
        "plain.txt": (
            "Speaker 1  0:03\nHello, and welcome. How did money work in the flat?\n\n"
            "Speaker 2  0:22\nI paid the bills and everyone paid me back.\n\n"
            "Speaker 1  0:41\nHow did that go?\n\n"
            "Speaker 2  0:45\nBadly.\n"
        ),
    })
    # captions with no names at all, the full name set off after the thanks
    write(tmp_path, {"captions.srt": "".join(
        f"{k}\n00:00:{k:02d},000 --> 00:00:{k:02d},900\n{cue}\n\n" for k, cue in enumerate([
            "Thanks for joining, Fiona MacLeish. Can you hear me all right?",
            "Aye, loud and clear.", "What happened with the hall bookings?",
            "Two groups turned up for the same room on a Tuesday night."], start=1))})
    # ... or with no question at all: whoever greets someone by name is the interviewer
    write(tmp_path, {"greeting.srt": "".join(
        f"{k}\n00:00:{k:02d},000 --> 00:00:{k:02d},900\n{cue}\n\n" for k, cue in enumerate([
            "Good to finally meet you, Fergus McAllister. Thanks for giving up a Sunday.",
            "Not at all. Sunday's the one day I'm not at the band hall.",
            "What went missing?", "The contest parts, all of them, a week before.",
            "How did you find out?", "The librarian rang me on the Thursday."], start=1))})
    # ... or before it, opening a sentence ("Great, thanks" names nobody)
    for name, opening in (("lead.srt", "Okay, we're recording now. Greg Tanaka, thanks for "
                           "sitting down with me."),
                          ("word.srt", "Okay, we're recording now. Great, thanks for sitting "
                           "down with me."),
                          ("over.srt", "Okay, we're recording now. Great, thanks Ruth."),
                          # a first name that is a word, with a surname that is none, and a
                          # surname that is a word, set off by the thanks after it
                          ("tom.srt", "Okay, we're recording. Tom Kowalczyk, thanks for "
                           "doing this."),
                          ("wayne.srt", "Okay, recording's on. Wayne Pitcher, cheers for "
                           "jumping on."),
                          ("ethan.srt", "Ethan Castellanos, hi, good to meet you."),
                          # asked after by name
                          ("daniel.srt", "Hey, is this Daniel Achterberg? Great, thanks for "
                           "making the time."),
                          ("day.srt", "Is that Tuesday? Great, thanks for making the time.")):
        write(tmp_path, {name: "".join(
            f"{k}\n00:00:{k:02d},000 --> 00:00:{k:02d},900\nSpeaker {2 - k % 2}: {cue}\n\n"
            for k, cue in enumerate([
                opening, "Happy to. I've got an hour before I open.",
                "How did library invoices work?",
                "Slowly. Each branch wanted its own copy."], start=1))})
    files = read(tmp_path)
    assert participant_ids(files["otter.txt"]) == {"Theo"}
    assert participant_ids(files["plain.txt"]) == {"plain"}
    assert participant_ids(files["captions.srt"]) == {"Fiona MacLeish"}
    assert participant_ids(files["lead.srt"]) == {"Greg Tanaka"}
    assert participant_ids(files["word.srt"]) == {"word"}
    assert participant_ids(files["over.srt"]) == {"Ruth"}
    assert participant_ids(files["tom.srt"]) == {"Tom Kowalczyk"}
    assert participant_ids(files["wayne.srt"]) == {"Wayne Pitcher"}
    assert participant_ids(files["ethan.srt"]) == {"Ethan Castellanos"}
    assert participant_ids(files["daniel.srt"]) == {"Daniel Achterberg"}
    assert participant_ids(files["day.srt"]) == {"day"}
    assert participant_ids(files["greeting.srt"]) == {"Fergus McAllister"}
    assert roles(files["greeting.srt"])["participant"] == {"Speaker 2"}


def test_a_participant_greeted_or_announced_in_full_takes_that_name_and_a_day_is_nobody(
        tmp_path: Path) -> None:
    """An AI moderator greets the participant by full name ("Hello Rebecca Hollis, and thank
    you") or in their language ("Kia ora Aroha"); "it's Monday now" names a day, not who is
    speaking. An interviewer who says whom the interview is with names them, not the town
    ending the sentence ("..., Clifton, Bristol.")."""
    write(tmp_path, {
        "ai.txt": (
            "AI: Hello Rebecca Hollis, and thank you for joining me. Before we start, how has "
            "your week been?\n"
            "User: Long. But it's Monday now, salon's closed, so I'm all yours.\n"
            "AI: Thank you. What was happening on that Monday when things went wrong?\n"
            "User: Two stylists argued about their commission on payday.\n"
        ),
        "qa.txt": (
            "Q: Okay, that's recording. So this is the interview with Sunita Mistry, who owns "
            "Glow Room in Clifton, Bristol. Can you tell me about the salon?\n"
            "A: Five therapists plus me, skin is our big thing.\n"
            "Q: And how were your therapists paid?\n"
            "A: Commission on a spreadsheet, which never matched the till.\n"
        ),
        "kia-ora.txt": (
            "AI: Kia ora Aroha, and thank you for joining. Could you tell me about your centre?\n"
            "User: Kia ora. We're licensed for twenty-eight tamariki in Rotorua.\n"
            "AI: What happened the day the invoice was disputed?\n"
            "User: A parent said we'd charged for funded hours.\n"
        ),
    })
    files = read(tmp_path)
    assert participant_ids(files["kia-ora.txt"]) == {"Aroha"}
    assert participant_ids(files["ai.txt"]) == {"Rebecca Hollis"}
    assert participant_ids(files["qa.txt"]) == {"Sunita Mistry"}


def test_a_name_alone_above_a_moderated_export_names_the_respondent_in_full(
        tmp_path: Path) -> None:
    """"Respondent: Bronwyn Hale" heads an export whose turns say "Respondent:" too: the name
    alone is hers, in full, however she introduces herself later ("I'm Bronwyn") and though
    "Hale" is also a word."""
    write(tmp_path, {"moderated.txt": (
        "Respondent: Bronwyn Hale\n\n"
        "Moderator: Kia ora and thanks for joining. How are you today?\n\n"
        "Respondent: Good, thanks. Sun's out.\n\n"
        "Moderator: Could you tell me about yourself?\n\n"
        "Respondent: I'm Bronwyn, I run a small practice with Tania.\n\n"
        "Moderator: Thank you for your time, Bronwyn. What went wrong last March?\n\n"
        "Respondent: Half the receipts never arrived before the deadline.\n")})
    assert participant_ids(read(tmp_path)["moderated.txt"]) == {"Bronwyn Hale"}


def test_q_dot_and_a_dot_are_labels_and_a_date_field_is_nobody(tmp_path: Path) -> None:
    """"Q." and "A." open the turns of a transcript whose header names the participant
    ("Interview 7 - Tom Ashworth, Ashworth's Nursery") and dates it: the date is a header
    field, not a participant called "Date"."""
    write(tmp_path, {"qa.txt": (
        "Interview 7 \u2014 Tom Ashworth, Ashworth's Nursery\n"
        "Date: 3 June 2024\n\n"
        "Q. How's things up in the valley?\n\n"
        "A. Always raining. We're planting up the baskets.\n\n"
        "Q. How did the rota work before?\n\n"
        "A. On the staffroom wall. Swaps went on post-it notes.\n\n"
        "Q. What went wrong at Christmas?\n\n"
        "A. Six of us on Saturday and two on Sunday.\n")})
    item = read(tmp_path)["qa.txt"]
    assert participant_ids(item) == {"Tom Ashworth"}
    assert roles(item)["interviewer"] == {"Q"}


def test_a_file_of_header_only_is_skipped_with_a_reason(tmp_path: Path) -> None:
    """A date and a legend with no conversation under them is nobody's interview: the file is
    skipped, saying why, rather than read as a participant called "Date"."""
    write(tmp_path, {
        "header.txt": ("Date: 3 March 2026, in person\n"
                       "DA = Dana Ortiz (interviewer), OP = Owen Park (participant)\n"),
        "talk.txt": "Dana: What do you use for bills?\nOwen: A notebook on the fridge.\n",
    })
    parsed, errors = read_paths([tmp_path])
    assert [p.source.id for p in parsed] == ["talk.txt"]
    assert [(e.source_id, e.message) for e in errors] == [
        ("header.txt", "only a header (a date, who is who), no conversation after it")]


def test_a_meeting_tools_header_block_is_no_speaker_and_its_title_names_the_participant(
        tmp_path: Path) -> None:
    """A Fireflies-style export opens with fields ("Title:", "Date:", "Duration:",
    "Participants:", "Organizer:") and a "Transcript" heading; typed notes with "- **Notes:**"
    among their fields; a plain transcript with a title line ("Interview 10 - Claire
    Dunmore, welfare officer") and "I:" / "R:" turns."""
    write(tmp_path, {
        "fireflies.txt": (
            "Title: Kitbag switch interview \u2013 Lee Garside (Oakmere Cricket Club)\n"
            "Date: Wed, 19 Mar 2025 13:00 GMT\nDuration: 13 mins\n"
            "Participants: Nadia Bashir, Lee Garside\nOrganizer: Nadia Bashir\n\nTranscript\n\n"
            "Nadia Bashir (00:02): Thanks for joining. What's your role?\n\n"
            "Lee Garside (00:07): I captain the third eleven.\n\n"
            "Nadia Bashir (00:37): How does selection work?\n\n"
            "Lee Garside (00:41): A poll on a Monday that nobody answers.\n"),
        "notes.md": (
            "## Interview with Hamid Qureshi\n\n- **Role:** Club welfare officer\n"
            "- **Interviewer:** Holly Tranter\n- **Date:** 25 March 2025 (video call)\n"
            "- **Notes:** written up from the recording; lightly cleaned for readability.\n\n"
            "**Q:** Hamid, where do the consent forms live?\n\n"
            "**A:** In a box file in my car boot.\n\n**Q:** And when it rains?\n\n"
            "**A:** They go soft and nobody can read the numbers.\n"),
        "titled.txt": (
            "Interview 10 \u2014 Claire Dunmore, welfare officer, Stourleigh RFC, 14 March 2025\n\n"
            "I: Thanks for joining. Tell me about your role.\n\n"
            "R: I'm the club welfare officer.\n\nI: Where were the medical forms?\n\n"
            "R: In a folder in the clubhouse, which was locked on Sundays.\n"),
    })
    files = read(tmp_path)
    assert participant_ids(files["fireflies.txt"]) == {"Lee Garside"}
    assert files["fireflies.txt"].utterances[0].text == "Thanks for joining. What's your role?"
    assert participant_ids(files["notes.md"]) == {"Hamid Qureshi"}
    assert roles(files["notes.md"]) == {"interviewer": {"Q"}, "participant": {"A"}}
    assert participant_ids(files["titled.txt"]) == {"Claire Dunmore"}


def test_one_english_word_with_a_colon_inside_an_answer_is_no_speaker(tmp_path: Path) -> None:
    """"Better: ..." and "Annoying: ..." open sentences of the answer in a Rev-style export; a
    role said once ("Observer:") is still a speaker."""
    write(tmp_path, {"rev.txt": (
        "Interviewer (00:00:03):\nThanks for joining, Ade. What's your role?\n\n"
        "Ade Olawale (00:00:13):\nI coach the under-sixteens.\n\n"
        "Interviewer (00:10:30):\nWhat's better now, and what still annoys you?\n\n"
        "Ade Olawale (00:10:36):\nBetter: no forfeits since March. Annoying: the parents "
        "answer for the lads.\n\nObserver (00:11:02):\nSorry, since which March?\n\n"
        "Ade Olawale (00:11:05):\nLast year's.\n")})
    rev = read(tmp_path)["rev.txt"]
    assert roles(rev) == {"interviewer": {"Interviewer", "Observer"},
                          "participant": {"Ade Olawale"}}
    assert "Better: no forfeits since March." in [u.text for u in rev.utterances][3]


def test_a_participant_known_by_a_first_name_takes_the_full_name_the_file_gives(
        tmp_path: Path) -> None:
    """"Marta:" in notes whose front matter says "participant: Marta Kowalczyk", and "Speaker
    2" who says "I'm Priya Venkataraman" when the interviewer calls her Priya, are those
    people in full, as other files may name them; "I'm Sam Monday to Friday" names no Monday."""
    assert named(tmp_path, {
        "notes.md": (
            "---\ntitle: \"Switch interview: Elmfield Dental\"\ndate: 2025-03-12\n"
            "participant: Marta Kowalczyk\n---\n\n"
            "**Interviewer:** Tell me about the lab work.\n\n"
            "**Marta:** The crowns came back late, twice in one week.\n\n"
            "**Interviewer:** What happened then?\n\n"
            "**Marta:** We turned a patient away in the chair.\n"),
        "call.txt": (
            "Speaker 1: Hi Priya, thanks for joining. Could you say your name and role?\n"
            "Speaker 2: Hiya. I'm Priya Venkataraman, the hygienist at Harbourside.\n"
            "Speaker 1: What went wrong before?\n"
            "Speaker 2: Patients didn't turn up and my afternoon sat empty.\n"),
        "sam.txt": (
            "Interviewer: Hi Sam, thanks for joining. Who are you?\n"
            "Customer: I'm Sam Monday to Friday, and a parent at weekends.\n"
            "Interviewer: What went wrong before?\n"
            "Customer: The rota lived in my head.\n"),
    }) == {"notes.md": {"Marta Kowalczyk"}, "call.txt": {"Priya Venkataraman"}, "sam.txt": {"Sam"}}


def test_a_first_name_label_takes_the_full_name_said_anywhere_in_the_file(
        tmp_path: Path) -> None:
    """"Priya:" throughout and "This is the interview with Priya Raman" once; "KELLY:" and
    "So, Kelly Brannigan, Brannigan Office Cleaning, Glasgow": those people in full (not the
    town both of them say)."""
    assert named(tmp_path, {
        "otter.txt": (
            "Jon Baxter  0:01\nOkay. Recording. This is the interview with Priya Raman, "
            "ClearDay Cleaning, Bristol. Priya, tell me about the business.\n\n"
            "Priya  0:08\nSo ClearDay, we're in Bristol, I started it in 2017.\n\n"
            "Jon Baxter  0:38\nKeys?\n\n"
            "Priya  0:41\nThat's the whole story really. We hold keys for nearly every site.\n"),
        "caps.txt": (
            "DAN: Right. So, Kelly Brannigan, Brannigan Office Cleaning, Glasgow. Right?\n"
            "KELLY: You've got it. It's Glasgow, yes.\n"
            "DAN: What went wrong before?\n"
            "KELLY: Cleaners rang in sick at five in the morning.\n"),
        # a message read out ("Jonah I'm outside") gives no surname; "O'Neill" is one
        "message.txt": (
            "Kate: Kia ora Jonah, thanks for making the time.\n"
            "Jonah: No worries. I'm in the car.\n"
            "Kate: What went wrong?\n"
            "Jonah: She texted me, \"Jonah I'm outside, are you running late?\"\n"),
        "oneill.txt": (
            "Sam: This is the interview with Aoife O'Neill. Aoife, tell me about the studio.\n"
            "Aoife: Two chairs and a waiting list.\n"
            "Sam: What went wrong?\n"
            "Aoife: A client's consent form went missing.\n"),
    }) == {"otter.txt": {"Priya Raman"}, "caps.txt": {"Kelly Brannigan"},
           "message.txt": {"Jonah"}, "oneill.txt": {"Aoife O'Neill"}}


def test_front_matter_is_a_header_whatever_its_fields(tmp_path: Path) -> None:
    """Front matter with an "interviewer:" field and fields never seen ("mode:", "company:")
    is the header: it names the "Respondent", and none of its fields speaks."""
    write(tmp_path, {"notes.md": (
        "---\ntitle: \"Switch interview: Siobhan Keane (Keane Clean)\"\n"
        "participant: Siobhan Keane\ncompany: Keane Clean Ltd\nlocation: Liverpool\n"
        "interviewer: AI Interviewer (Listenwell)\nmode: voice, auto-transcribed\n---\n\n"
        "# Switch interview: Siobhan Keane\n\n"
        "### AI Interviewer\n\nCould you describe your business and your role?\n\n"
        "### Respondent\n\nI own Keane Clean, twenty-seven cleaners.\n\n"
        "### AI Interviewer\n\nWhen did you first feel it had to change?\n\n"
        "### Respondent\n\nIt was the gym, the bad reviews in the spring.\n")})
    notes = read(tmp_path)["notes.md"]
    assert participant_ids(notes) == {"Siobhan Keane"}
    assert roles(notes) == {"interviewer": {"AI Interviewer"}, "participant": {"Respondent"}}


def test_a_participant_greeted_by_a_first_name_takes_the_full_name_they_give(
        tmp_path: Path) -> None:
    """"Speaker 2", greeted "Thanks for joining, Alison", who then says "Alison Thwaite, I run
    Hollybank", is Alison Thwaite; front matter that quotes the name ("participant: \"Duncan
    McAllister\"") names him in full, capital inside and all, not the organisation its title
    names."""
    assert named(tmp_path, {
        "rev.txt": (
            "Speaker 1 (00:00):\nThanks for joining, Alison. Could you say your name and role?\n\n"
            "Speaker 2 (00:09):\nYes, sorry. Alison Thwaite, I run Hollybank Organics.\n\n"
            "Speaker 1 (00:20):\nWhat went wrong before?\n\n"
            "Speaker 2 (00:24):\nThe skips never reached the packing shed in time.\n"),
        "notes.md": (
            "---\ntitle: \"Switch interview 07: Glenmorrow Growers\"\n"
            "participant: \"Duncan McAllister\"\norganisation: \"Glenmorrow Growers\"\n---\n\n"
            "### Interviewer\n\nHow did you run things before?\n\n"
            "### Participant\n\nA printed route sheet and a lot of phone calls.\n"),
    }) == {"rev.txt": {"Alison Thwaite"}, "notes.md": {"Duncan McAllister"}}


def test_front_matter_with_nothing_after_it_is_an_error_naming_the_file(tmp_path: Path) -> None:
    """A file that is only its header ("---", "title: x", "---") holds no conversation: a
    one-line error, not a participant whose answer is "title: x"; a conversation between two
    rules is still read."""
    write(tmp_path, {"header.md": "---\ntitle: Switch interview\ndate: 2024-05-09\n---\n",
                     "ruled.md": "---\nInterviewer: How did it go?\nAna: Badly.\n---\n"})
    parsed, errors = read_paths(sorted(tmp_path.iterdir()))
    assert [str(e) for e in errors] == [
        "header.md:1: only front matter (a header between '---' lines), no conversation after it"]
    assert [participant_ids(p) for p in parsed] == [{"Ana"}]



def test_subtitle_dialogue_dashes_mark_the_turns_and_a_self_introduction_names_them(
        tmp_path: Path) -> None:
    """SubRip with no names, only the dash that opens a new speaker's line: two people
    taking turns; asked who they are, "I'm Tom Ashworth" names him in full; a line without a
    dash goes on with the speaker before."""
    cue = "{n}\n00:00:{s:02d},000 --> 00:00:{e:02d},000\n{text}\n"
    lines = ["- Okay, we're recording. Can you say who you are and what you do?",
             "- Yeah. I'm Tom Ashworth, I own a barn near Settle.",
             "We do about forty-five weddings a year.",
             "- How were bookings handled before?",
             "- A paper diary and a Google Calendar, and they never matched.",
             "- What happened?",
             "- We sold the same Saturday twice."]
    srt = "\n".join(cue.format(n=k + 1, s=2 * k, e=2 * k + 1, text=t) for k, t in enumerate(lines))
    write(tmp_path, {"barn.srt": srt})
    barn = read(tmp_path)["barn.srt"]
    assert participant_ids(barn) == {"Tom Ashworth"}
    assert [(u.role, u.text) for u in barn.utterances][:3] == [
        ("interviewer", lines[0][2:]), ("participant", lines[1][2:]),
        ("participant", lines[2])]


def test_header_fields_that_read_like_a_question_or_run_on_are_still_the_header(
        tmp_path: Path) -> None:
    """"- **Topic:** how Ardlow Mill came to use Venuely" and a rule under it, and
    "Speakers: Claire Dunmore, Marcus Okafor" with "Transcript exported from Descript" under
    it, are header, not people."""
    assert named(tmp_path, {
        "notes.md": ("- **Participant:** Fiona Gallacher, events manager\n"
                     "- **Date:** 12 March 2025\n"
                     "- **Topic:** how Ardlow Mill came to use Venuely\n\n---\n\n"
                     "**Q:** Could you tell me about the mill?\n\n"
                     "**A:** We do sixty weddings a year and the diary lived downstairs.\n\n"
                     "**Q:** What went wrong?\n\n"
                     "**A:** We sold midsummer twice.\n"),
        "descript.txt": ("Venuely switch interview: Thistledown House\n"
                         "Recorded: 27 March 2025\n"
                         "Speakers: Claire Dunmore, Marcus Okafor\n"
                         "Transcript exported from Descript\n\n"
                         "Claire Dunmore (00:00:01):\nHow did an enquiry become a booking?\n\n"
                         "Marcus Okafor (00:00:31):\nThrough a shared Gmail, and it leaked.\n\n"
                         "Claire Dunmore (00:02:13):\nWhere did it break down?\n\n"
                         "Marcus Okafor (00:02:20):\nWhen two calendars disagreed.\n"),
    }) == {"notes.md": {"Fiona Gallacher"}, "descript.txt": {"Marcus Okafor"}}


def test_a_field_run_on_under_another_is_still_the_header(tmp_path: Path) -> None:
    """"Duration: 00:09:55" with "Transcribed by: ..." on the line under it, over a
    transcription service's "Name  00:00:01" turns, is header: nobody called "Duration"."""
    service = ("Customer interview\n"
               "Date: 10 June 2025\n"
               "Participants: Interviewer, Maria Kowalczyk\n"
               "Duration: 00:09:55\n"
               "Transcribed by: ClearScribe automatic transcription, speaker labels checked "
               "by hand\n\n"
               "Interviewer  00:00:01\nHi Maria, thanks for joining.\n\n"
               "Maria Kowalczyk  00:00:06\nYes, I have a gap until two, a cockapoo cancelled.\n\n"
               "Interviewer  00:00:15\nWhat happened the last time it went wrong?\n\n"
               "Maria Kowalczyk  00:00:20\nFive no-shows in one day, and no deposits.\n")
    assert named(tmp_path, {"service.txt": service}) == {"service.txt": {"Maria Kowalczyk"}}


def test_one_unknown_speaker_over_every_turn_is_told_apart_by_who_asks(tmp_path: Path) -> None:
    """Otter writes "Unknown Speaker" over each paragraph it could not attribute: the
    questions are the interviewer's, never the participant's answers."""
    otter = ("Unknown Speaker  0:02\nSo, tell me about the shop.\n\n"
             "Unknown Speaker  0:05\nI run Freewheel in Leeds with my brother.\n\n"
             "Unknown Speaker  0:20\nWhat was the worst moment?\n\n"
             "Unknown Speaker  0:24\nA woman came in shouting because nobody had called her.\n")
    write(tmp_path, {"freewheel.txt": otter})
    shop = read(tmp_path)["freewheel.txt"]
    assert [(u.role, u.text) for u in shop.utterances] == [
        ("interviewer", "So, tell me about the shop."),
        ("participant", "I run Freewheel in Leeds with my brother."),
        ("interviewer", "What was the worst moment?"),
        ("participant", "A woman came in shouting because nobody had called her.")]
    assert participant_ids(shop) == {"freewheel"}
    # someone talking alone under that label stays one participant
    alone = ("Unknown Speaker  0:02\nI run the shop. What a year it was.\n\n"
             "Unknown Speaker  0:09\nThe phones never stopped.\n")
    # "Participant" over every turn says who spoke: their own questions stay theirs
    asking = otter.replace("Unknown Speaker", "Participant")
    write(tmp_path, {"alone.txt": alone, "asking.txt": asking})
    files = read(tmp_path)
    assert {u.role for u in files["alone.txt"].utterances} == {"participant"}
    assert {u.role for u in files["asking.txt"].utterances} == {"participant"}


def test_a_full_name_introduced_unasked_names_the_participant(tmp_path: Path) -> None:
    """Speakers "A" and "B" from a speech-to-text service: "I'm Declan Moore, I own Spokes"
    names B, neither word being an English one; "I'm Head Mechanic here" names nobody."""
    turns = [("A", "Thanks for doing this. Could you tell me a bit about the shop?"),
             ("B", "Yeah, I'm Declan Moore, I own Spokes on Main Street."),
             ("A", "What happened the last time it went wrong?"),
             ("B", "We double-booked eleven services on the Saturday.")]
    utterances = ",".join(
        f'{{"speaker": "{s}", "start": {i * 1000}, "end": {i * 1000 + 900}, "text": "{t}"}}'
        for i, (s, t) in enumerate(turns))
    role = utterances.replace("I'm Declan Moore, I own Spokes", "I'm Head Mechanic here")
    assert named(tmp_path, {"spokes.json": f'{{"utterances": [{utterances}]}}',
                            "role.json": f'{{"utterances": [{role}]}}'}) == {
        "spokes.json": {"Declan Moore"}, "role.json": {"role"}}


def test_a_header_listing_the_people_present_is_header(tmp_path: Path) -> None:
    """"Attendees: Joe Hartley (Spokewise, interviewer); Hannah Oyelaran (workshop manager)"
    and the field after it are the header, not two more participants."""
    meet = ("Spokewise customer research: switch interview 09\n"
            "Date: Wednesday 06 November 2024, 14:00-14:11 (GMT)\n"
            "Attendees: Joe Hartley (Spokewise, interviewer); Hannah Oyelaran (workshop "
            "manager, Rye Lane Bikes)\n"
            "Recording: yes, consent given. Transcript lightly cleaned (fillers trimmed).\n\n"
            "Interviewer: Thanks for doing this, Hannah. Tell me about the shop.\n\n"
            "Hannah Oyelaran: It's under the arches, four mechanics and me.\n\n"
            "Interviewer: How did you keep customers in the loop?\n\n"
            "Hannah Oyelaran: The shop phone and WhatsApp, in theory.\n")
    assert named(tmp_path, {"meet.txt": meet}) == {"meet.txt": {"Hannah Oyelaran"}}


def test_captions_without_speaker_names_give_the_questions_to_the_interviewer(tmp_path: Path):
    """Captions exported with no speaker names: the cues that ask are the interviewer's, so the
    questions are never read as the participant's answers; an opening note in the brackets
    captions keep for what is not speech says whom the conversation was with."""
    cues = ["[Interview with Kwame Asante-Boateng, Larchfield Pharmacy]",
            "Can you hear me okay, Kwame?", "Yes, loud and clear.",
            "What was the owings book like?", "We wrote every owing in it by hand.",
            "What went wrong with it?", "A patient came back three times for one inhaler.",
            "And what did you do?", "What I did was ring the wholesaler every morning."]
    write(tmp_path, {"call.srt": "".join(
        f"{k}\n00:00:{k:02d},000 --> 00:00:{k:02d},900\n{cue}\n\n"
        for k, cue in enumerate(cues, start=1))})
    call = read(tmp_path)["call.srt"]
    asked = [u.text for u in call.utterances if u.role == "interviewer"]
    assert asked == [c for c in cues[1:] if c.endswith("?")]
    assert participant_ids(call) == {"Kwame Asante-Boateng"}
    # a cue that opens like a question but ends as a statement is an answer
    assert "What I did was ring the wholesaler every morning." in {
        u.text for u in call.utterances if u.role == "participant"}
