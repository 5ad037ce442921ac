"""Transcripts exported one utterance per record (speech-to-text JSON, turn-per-row CSV) are
read as the conversations they are. The exports below are illustrative, written for these
tests in the shapes the services document."""

from __future__ import annotations

import json
from pathlib import Path

from jobstory.synthesis.ingest import read_paths
from jobstory.synthesis.ingest.speakers import is_generic_label
from jobstory.synthesis.ingest.transcript_json import RENDERED_FORMATS
from tests.test_ingest import assert_exact, said, write

LETTERED = {"id": "t-1", "status": "completed", "utterances": [
    {"speaker": "A", "start": 400, "end": 5200,
     "text": "Thanks for making the time, Marcus. How did booking the microscope work before?"},
    {"speaker": "B", "start": 5600, "end": 9100,
     "text": "A paper sheet on the door, and two people would turn up for the same slot."},
    {"speaker": "B", "start": 9200, "end": 11000, "text": "Every single week."},
    {"speaker": "A", "start": 11500, "end": 13000, "text": "What did you do about it?"},
    {"speaker": "B", "start": 13400, "end": 17000,
     "text": "I refereed, mostly. Nobody could prove who had booked first."},
]}


def _json(tmp_path: Path, name: str, data: object) -> Path:
    return write(tmp_path, name, json.dumps(data, indent=2))


def test_a_lettered_speech_to_text_export_is_a_conversation_with_a_named_participant(
        tmp_path: Path) -> None:
    parsed, errors = read_paths([_json(tmp_path, "interview_01.json", LETTERED)])
    assert errors == []
    (item,) = parsed
    assert item.source.format == "utterances" and "utterances" in RENDERED_FORMATS
    assert_exact(item)
    assert {u.speaker for u in item.utterances if u.role == "interviewer"} == {"Speaker A"}
    # The interviewer's greeting names the speaker the service knew only as "B".
    assert {u.participant for u in item.utterances if u.role == "participant"} == {"Marcus"}
    # A speaker's consecutive records are one turn; the question is the interviewer's.
    answers = [u for u in item.utterances if u.role == "participant"]
    assert answers[0].text == ("A paper sheet on the door, and two people would turn up for "
                               "the same slot. Every single week.")
    assert answers[0].question_text.endswith("How did booking the microscope work before?")


def test_numbered_speakers_under_results_and_monologue_elements_are_read(
        tmp_path: Path) -> None:
    under_results = {"results": {"utterances": [
        {"speaker": 0, "transcript": "So, Priya, what made you start looking?"},
        {"speaker": 1, "transcript": "The freezer failed and nobody knew whose boxes were in it."},
    ]}}
    monologues = {"monologues": [
        {"speaker": 0, "elements": [{"type": "text", "value": "What"},
                                    {"type": "punct", "value": " "},
                                    {"type": "text", "value": "happened?"}]},
        {"speaker": 1, "elements": [{"type": "text", "value": "We"},
                                    {"type": "punct", "value": " "},
                                    {"type": "text", "value": "lost"},
                                    {"type": "punct", "value": " "},
                                    {"type": "text", "value": "samples."}]},
    ]}
    parsed, errors = read_paths([_json(tmp_path, "a.json", under_results),
                                 _json(tmp_path, "b.json", monologues)])
    assert errors == []
    first, second = parsed
    assert said(first, "participant") == [
        ("Speaker 1", "The freezer failed and nobody knew whose boxes were in it.")]
    assert said(second) == [("Speaker 0", "What happened?"), ("Speaker 1", "We lost samples.")]
    for item in parsed:
        assert_exact(item)


def test_words_and_paragraphs_deep_in_a_services_nesting_are_read(tmp_path: Path) -> None:
    """Deepgram's shape: "results" > "channels" > "alternatives", whose "transcript" is the
    whole call with no speaker, then diarised "words" and "paragraphs" of "sentences"."""
    spoken = [(0, "What", "What"), (0, "happened?", "happened?"), (1, "The", "The"),
              (1, "freezer", "freezer"), (1, "failed.", "failed.")]
    words = {"results": {"channels": [{"alternatives": [{
        "transcript": "what happened the freezer failed", "confidence": 0.98,
        "words": [{"word": w.lower(), "punctuated_word": p, "speaker": who, "start": i * 0.5}
                  for i, (who, w, p) in enumerate(spoken)]}]}]}}
    paragraphs = {"results": {"channels": [{"alternatives": [{"paragraphs": {"paragraphs": [
        {"speaker": 0, "sentences": [{"text": "Tell me about the freezer."}]},
        {"speaker": 1, "sentences": [{"text": "It failed."}, {"text": "Nobody knew."}]},
    ]}}]}]}}
    parsed, errors = read_paths([_json(tmp_path, "words.json", words),
                                 _json(tmp_path, "paragraphs.json", paragraphs)])
    assert errors == []
    read = {item.source.id: item for item in parsed}
    by_words, by_paragraphs = read["words.json"], read["paragraphs.json"]
    assert said(by_words) == [("Speaker 0", "What happened?"),
                              ("Speaker 1", "The freezer failed.")]
    assert said(by_paragraphs) == [("Speaker 0", "Tell me about the freezer."),
                                   ("Speaker 1", "It failed. Nobody knew.")]
    for item in parsed:
        assert_exact(item)
    # nested past the search's depth, or a list with no speaker anywhere: still refused
    deep: object = {"utterances": [{"speaker": "A", "text": "Hello"}]}
    for _ in range(12):
        deep = {"wrapper": deep}
    _, errors = read_paths([_json(tmp_path, "deep.json", deep)])
    assert errors and "'utterances' or 'segments'" in errors[0].message
    for scalar in (None, 3, "text"):  # a JSON file that is one value holds no utterances
        _, errors = read_paths([_json(tmp_path, "scalar.json", scalar)])
        assert errors and "'utterances' or 'segments'" in errors[0].message, scalar


def test_the_same_letter_in_two_files_is_two_people(tmp_path: Path) -> None:
    ungreeted = {"utterances": [
        {"speaker": "A", "text": "How did you keep track of the samples?"},
        {"speaker": "B", "text": "In my head, which was the problem."},
        {"speaker": "A", "text": "Why was that a problem?"},
        {"speaker": "B", "text": "I went on holiday and nobody could find anything."},
    ]}
    parsed, errors = read_paths([_json(tmp_path, "one.json", ungreeted),
                                 _json(tmp_path, "two.json", ungreeted)])
    assert errors == []
    people = [{u.participant for u in p.utterances if u.role == "participant"} for p in parsed]
    assert people[0] and people[1] and not people[0] & people[1]


def test_utterances_without_speakers_are_refused_with_why(tmp_path: Path) -> None:
    whisper = {"text": "hello there", "segments": [{"start": 0.0, "text": " hello there"}]}
    parsed, errors = read_paths([_json(tmp_path, "w.json", whisper)])
    assert parsed == []
    assert errors[0].message.startswith("the utterances name no speaker")
    _, errors = read_paths([_json(tmp_path, "s.json", [{"role": "system", "content": "Be kind."}])])
    assert errors[0].message.startswith("only a chat's instructions to its AI moderator")
    _, errors = read_paths([_json(tmp_path, "x.json", {"rows": [1, 2]})])
    assert "'utterances' or 'segments'" in errors[0].message


def test_a_turn_per_row_csv_is_one_conversation(tmp_path: Path) -> None:
    content = ("speaker,start_time,end_time,text\n"
               'Jonah Whitfield,00:00:02,00:00:09,"Thanks for doing this, Helen. What do you do?"\n'
               'Helen Kowalczyk,00:00:10,00:00:20,"I run the lab, which means, well, everything."\n'
               "Helen Kowalczyk,00:00:21,00:00:25,Ordering too.\n"
               'Jonah Whitfield,00:00:26,00:00:30,"How did you find the samples, before?"\n'
               'Helen Kowalczyk,00:00:31,00:00:40,"I asked whoever was around, and hoped."\n')
    parsed, errors = read_paths([write(tmp_path, "interview_02.csv", content)])
    assert errors == []
    (item,) = parsed
    assert item.source.format == "utterances"
    assert_exact(item)
    assert said(item, "participant") == [
        ("Helen Kowalczyk", "I run the lab, which means, well, everything. Ordering too."),
        ("Helen Kowalczyk", "I asked whoever was around, and hoped."),
    ]
    assert {u.speaker for u in item.utterances if u.role == "interviewer"} == {"Jonah Whitfield"}


def test_a_short_row_is_damage_named_by_its_line_and_the_rest_is_read(tmp_path: Path) -> None:
    content = ("Speaker;Text\n"
               "Interviewer;What went wrong?\n"
               "Dana\n"
               "Dana;The sheet was out of date and we lost a week.\n")
    parsed, errors = read_paths([write(tmp_path, "turns.csv", content)])
    assert said(parsed[0], "participant") == [
        ("Dana", "The sheet was out of date and we lost a week.")]
    assert [(e.source_id, e.line) for e in errors] == [("turns.csv", 3)]
    assert errors[0].message.startswith("expected at least 2 columns, found 1")


def test_a_survey_with_a_text_column_stays_a_survey(tmp_path: Path) -> None:
    survey = "participant,question,answer,text\np1,Why?,Because,extra\n"
    parsed, errors = read_paths([write(tmp_path, "s.csv", survey)])
    assert errors == [] and parsed[0].source.format == "csv"


def test_lettered_and_numbered_labels_are_generic_but_a_pair_of_letters_is_not() -> None:
    assert all(map(is_generic_label, ("Speaker B", "speaker_c", "Participant D", "Speaker 2",
                                      "SPEAKER_00", "P3")))
    assert not any(map(is_generic_label, ("AB", "Speaker Bob", "Bea")))


def test_a_chat_export_of_roles_reads_the_assistant_as_interviewer_and_skips_its_instructions(
        tmp_path: Path) -> None:
    chat = [{"role": "system", "content": "You are a friendly interviewer."},
            {"role": "assistant", "content": "Thanks for joining. How did you take orders?"},
            {"role": "user", "content": "On paper, and we lost some every week."}]
    rows = ("role,content\nsystem,Be kind.\nassistant,What happened then?\n"
            'user,"We lost the order, again."\n')
    parsed, errors = read_paths([_json(tmp_path, "chat_a.json", chat),
                                 write(tmp_path, "chat_b.csv", rows)])
    assert errors == []
    for item in parsed:
        assert_exact(item)
        assert "friendly interviewer" not in item.source.text and "Be kind" not in item.source.text
        assert {u.speaker for u in item.utterances if u.role == "interviewer"} == {"assistant"}
    assert said(parsed[0], "participant") == [("user", "On paper, and we lost some every week.")]
    assert said(parsed[1], "participant") == [("user", "We lost the order, again.")]


def test_an_ai_moderated_export_of_messages_names_the_user_as_its_participant(
        tmp_path: Path) -> None:
    export = {"study": "Ordering, spring wave", "moderator": "AI moderator",
              "participant": {"name": "Dana Okafor", "role": "Head receptionist"},
              "messages": [
                  {"role": "assistant", "content": "Hi Dana. How did you take orders before?",
                   "timestamp": "2024-03-14T10:02:03Z"},
                  {"role": "user", "content": "On paper, and we lost some every week.",
                   "timestamp": "2024-03-14T10:02:20Z"}]}
    unnamed = {"conversation": export["messages"]}
    parsed, errors = read_paths([_json(tmp_path, "a.json", export),
                                 _json(tmp_path, "b.json", unnamed)])
    assert errors == []
    for item in parsed:
        assert_exact(item)
        assert {u.speaker for u in item.utterances if u.role == "interviewer"} == {"assistant"}
    assert said(parsed[0], "participant") == [("Dana Okafor",
                                               "On paper, and we lost some every week.")]
    assert said(parsed[1], "participant") == [("user", "On paper, and we lost some every week.")]


def test_a_transcript_one_object_down_names_its_respondent(tmp_path: Path) -> None:
    export = {"interview": {
        "id": "int-0412", "respondent": {"first_name": "Sunil", "last_name": "Varma"},
        "transcript": [
            {"speaker": "AI Interviewer", "text": "Thanks, Sunil. How did you send quotes?"},
            {"speaker": "Respondent", "text": "From the van, at night, if I remembered."}]}}
    parsed, errors = read_paths([_json(tmp_path, "nested.json", export)])
    assert errors == []
    assert_exact(parsed[0])
    assert said(parsed[0], "participant") == [("Sunil Varma",
                                               "From the van, at night, if I remembered.")]
    assert {u.speaker for u in parsed[0].utterances if u.role == "interviewer"} == {
        "AI Interviewer"}


def test_turns_one_object_down_are_an_export_not_jobstorys_own(tmp_path: Path) -> None:
    # a "turns" list at the top is jobstory's own export; under "interview" it is another
    # tool's, with its own speaker names
    export = {"interview": {
        "respondent": {"first_name": "Joanne", "last_name": "Mulcahy"},
        "turns": [
            {"speaker": "moderator", "text": "Thank you, Joanne. How did you collect subs?",
             "t": 4},
            {"speaker": "respondent", "text": "Cash in a tin, and a spreadsheet that never "
                                              "added up.", "t": 9}]}}
    parsed, errors = read_paths([_json(tmp_path, "turns.json", export)])
    assert errors == []
    assert_exact(parsed[0])
    assert said(parsed[0], "participant") == [
        ("Joanne Mulcahy", "Cash in a tin, and a spreadsheet that never added up.")]
    assert {u.speaker for u in parsed[0].utterances if u.role == "interviewer"} == {"moderator"}


def test_turns_at_the_top_told_by_speaker_not_role_are_another_tools_export(
        tmp_path: Path) -> None:
    # jobstory's own "turns" carry a role; turns that name their speaker are another tool's
    # transcript, and its "meta" names the participant
    export = {"meta": {"participant": "Marcus Oyelaran", "interviewer": "Maya Goldfarb"},
              "turns": [
                  {"speaker": "Maya Goldfarb", "text": "Hi Marcus. What's your role?"},
                  {"speaker": "Marcus Oyelaran", "text": "I run the swim programme."},
                  {"speaker": "Maya Goldfarb", "text": "What went wrong last term?"},
                  {"speaker": "Marcus Oyelaran", "text": "Forty make-up lessons got lost."}]}
    parsed, errors = read_paths([_json(tmp_path, "turns.json", export)])
    assert errors == []
    assert_exact(parsed[0])
    assert said(parsed[0], "participant") == [
        ("Marcus Oyelaran", "I run the swim programme."),
        ("Marcus Oyelaran", "Forty make-up lessons got lost.")]
    assert {u.speaker for u in parsed[0].utterances if u.role == "interviewer"} == {
        "Maya Goldfarb"}


def test_a_chat_names_its_respondent_one_object_down_beside_its_messages(
        tmp_path: Path) -> None:
    """{"interview": {"respondent": {"name": ...}}, "messages": [...]}: the respondent named
    beside the messages, not "Hi" from the first answer's greeting."""
    export = {"interview": {"tool": "Listenwell", "respondent": {"name": "Lorraine Okafor",
                                                                  "role": "Owner"}},
              "messages": [
                  {"role": "assistant", "content": "Hi Lorraine, thank you. Tell me about "
                                                   "your business?"},
                  {"role": "user", "content": "Hi. Yes so I run a cleaning company."}]}
    parsed, errors = read_paths([_json(tmp_path, "chat.json", export)])
    assert errors == []
    assert said(parsed[0], "participant") == [
        ("Lorraine Okafor", "Hi. Yes so I run a cleaning company.")]
    export["interview"].pop("respondent")
    parsed, _ = read_paths([_json(tmp_path, "unnamed.json", export)])
    assert {u.participant for u in parsed[0].utterances if u.role == "participant"} == {
        "Lorraine"}  # as the moderator greets her


def test_a_respondent_named_deeper_in_their_record_is_named_in_full(tmp_path: Path) -> None:
    """{"respondent": {"profile": {"display_name": "Beth L.", "contact": {"full_name": ...}}}}:
    the full name wins over the shortened one, and their company's name is nobody's."""
    export = {"respondent": {"id": "resp_0417", "company": {"name": "Orchard Lane Boxes"},
                             "profile": {"display_name": "Beth L.",
                                         "contact": {"full_name": "Beth Llewellyn"}}},
              "messages": [
                  {"role": "assistant", "content": "Hello Beth. How did customers pay?"},
                  {"role": "user", "content": "Bank transfer, and I chased every one."}]}
    parsed, errors = read_paths([_json(tmp_path, "deep.json", export)])
    assert errors == []
    assert said(parsed[0], "participant") == [
        ("Beth Llewellyn", "Bank transfer, and I chased every one.")]
    export["respondent"]["profile"].pop("contact")
    parsed, _ = read_paths([_json(tmp_path, "short.json", export)])
    assert {u.participant for u in parsed[0].utterances if u.role == "participant"} == {
        "Beth L."}


def test_a_chat_whose_messages_have_a_sender_names_its_respondent(tmp_path: Path) -> None:
    export = {"session": {"respondent_name": "Bethan Rhys-Morgan", "messages": [
        {"sender": "ai", "text": "Thank you for joining. How were treatment plans agreed?"},
        {"sender": "respondent", "text": "Verbally, in the chair, and nobody wrote them down."}]}}
    parsed, errors = read_paths([_json(tmp_path, "chat.json", export)])
    assert errors == []
    assert_exact(parsed[0])
    assert said(parsed[0], "participant") == [
        ("Bethan Rhys-Morgan", "Verbally, in the chair, and nobody wrote them down.")]
    assert {u.speaker for u in parsed[0].utterances if u.role == "interviewer"} == {"ai"}


def test_a_chat_that_names_its_participant_in_its_metadata_names_them(tmp_path: Path) -> None:
    export = {"metadata": {"participant_display_name": "Rhiannon Pryce"}, "messages": [
        {"role": "assistant", "content": "Could you tell me about your pharmacy?"},
        {"role": "user", "content": "I'm Rhiannon, I manage a pharmacy in a small town."}]}
    parsed, errors = read_paths([_json(tmp_path, "chat.json", export)])
    assert errors == []
    assert said(parsed[0], "participant") == [
        ("Rhiannon Pryce", "I'm Rhiannon, I manage a pharmacy in a small town.")]


def test_speakers_told_apart_by_letter_take_the_name_the_export_gives_its_participant(
        tmp_path: Path) -> None:
    # "Heather, thank you" greets her by a name that is also a word, so only the export's
    # metadata says who B is
    export = {"metadata": {"participant": "Heather Lindqvist", "recorded": "2024-05-21"},
              "utterances": [
                  {"speaker": "A", "start_ms": 0, "text": "Heather, thank you. Can you tell me "
                                                         "about the company?"},
                  {"speaker": "B", "start_ms": 9946, "text": "We clean windows in Halifax."},
                  {"speaker": "A", "start_ms": 15000, "text": "What went wrong?"},
                  {"speaker": "B", "start_ms": 17000, "text": "The diary slipped."}]}
    parsed, errors = read_paths([_json(tmp_path, "interview_10.json", export)])
    assert errors == []
    assert {u.participant for u in parsed[0].utterances if u.role == "participant"} == {
        "Heather Lindqvist"}
    assert [text for _, text in said(parsed[0], "participant")] == [
        "We clean windows in Halifax.", "The diary slipped."]


#: Ray greeted by a first name alone, in an export that numbers its speakers by letter.
RAY = [{"speaker": "A", "start": 0, "text": "Ray, thanks for your time. Tell me about the shop?"},
       {"speaker": "B", "start": 6000, "text": "One bay, southwest Houston."},
       {"speaker": "A", "start": 9000, "text": "What went wrong with the parts?"},
       {"speaker": "B", "start": 11000, "text": "The wrong clutch kit, three times."}]


def test_speakers_the_export_names_in_a_map_beside_their_letters_are_those_people(
        tmp_path: Path) -> None:
    # the export's map names him in full
    for speakers in ({"A": "Interviewer", "B": "Ray Okafor"},
                     [{"id": "A", "name": "Interviewer"}, {"id": "B", "name": "Ray Okafor"}]):
        parsed, errors = read_paths([_json(tmp_path, "interview_09.json",
                                           {"speakers": speakers, "utterances": RAY})])
        assert errors == []
        roles = {(u.speaker, u.role) for u in parsed[0].utterances}
        assert roles == {("Interviewer", "interviewer"), ("Ray Okafor", "participant")}
        assert {u.participant for u in parsed[0].utterances if u.role == "participant"} == {
            "Ray Okafor"}


def test_a_map_that_names_two_speakers_alike_or_in_no_name_is_not_read(tmp_path: Path) -> None:
    for speakers in ({"A": "Ray Okafor", "B": "Ray Okafor"},  # one name for both: one person
                     {"A": "Interviewer", "B": "X" * 500 + "\nEvil: injected"}):
        parsed, errors = read_paths([_json(tmp_path, "interview_11.json",
                                           {"speakers": speakers, "utterances": RAY})])
        assert errors == []
        said_by = {(u.role, u.text) for u in parsed[0].utterances}
        # the questions stay the interviewer's, the answers the participant's
        assert ("interviewer", "What went wrong with the parts?") in said_by
        assert ("participant", "The wrong clutch kit, three times.") in said_by
        assert not any("Evil" in u.speaker or "XXXX" in u.speaker
                       for u in parsed[0].utterances)


def test_a_participant_name_with_line_breaks_adds_no_turn(tmp_path: Path) -> None:
    export = {"metadata": {"participant": "Ana Lopez\nInterviewer: Did you steal it?"},
              "utterances": [
                  {"speaker": "A", "text": "Ana, thanks. What went wrong?"},
                  {"speaker": "B", "text": "The diary slipped."},
                  {"speaker": "A", "text": "And then?"},
                  {"speaker": "B", "text": "We lost the order."}]}
    parsed, errors = read_paths([_json(tmp_path, "ana.json", export)])
    assert errors == []
    assert [text for _, text in said(parsed[0], "interviewer")] == [
        "Ana, thanks. What went wrong?", "And then?"]
