"""Splitting participant speech into units with exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobstory.synthesis.ingest import read_paths
from jobstory.synthesis.ingest.common import Piece, build_utterances
from jobstory.synthesis.segment import (
    about_the_interview,
    is_filler,
    restarts,
    segment,
    split_units,
    substantive,
)
from jobstory.synthesis.sources import Parsed, Source, Utterance

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "transcripts"


def units(text: str) -> list[str]:
    spans = split_units(text)
    assert spans == sorted(spans)
    return [text[a:b] for a, b in spans]


def one_answer(text: str, *, source_id: str = "s.txt") -> Parsed:
    source = Source(id=source_id, path=source_id, format="text", text=text)
    return Parsed(
        source=source,
        utterances=[
            Utterance(source_id, "", "participant", "s", 0, len(text), text, None, None, 1)
        ],
    )


def test_sentences_abbreviations_and_numbers() -> None:
    text = (
        "We used Excel, e.g. for invoices. Dr. Patel said 3.5 percent was fine! "
        "Then we moved to the U.S. in 2019. It cost $4.50 a month, i.e. nothing. "
        "Was it worth it? Yes, absolutely."
    )
    assert units(text) == [
        "We used Excel, e.g. for invoices.",
        "Dr. Patel said 3.5 percent was fine!",
        "Then we moved to the U.S. in 2019.",
        "It cost $4.50 a month, i.e. nothing.",
        "Was it worth it?",
    ]  # "Yes, absolutely." is filler only


def test_ellipsis_quotes_and_lists() -> None:
    assert units("I was like... we need help. And then… Nothing happened.") == [
        "I was like... we need help.",
        "And then…",
        "Nothing happened.",
    ]
    assert units('She asked "why?" and I had no answer. "No way!" Then she left.') == [
        'She asked "why?" and I had no answer.',
        '"No way!"',
        "Then she left.",
    ]
    assert units("Three things:\n1. Invoices were late\n2. Receipts got lost\n- and tax") == [
        "Three things:",
        "Invoices were late",
        "Receipts got lost",
        "and tax",
    ]
    assert units("First paragraph here\n\nSecond paragraph here") == [
        "First paragraph here",
        "Second paragraph here",
    ]
    # A wrapped line is not a break.
    assert units("The spreadsheet\njust broke. Again.") == [
        "The spreadsheet\njust broke.",
        "Again.",
    ]


def test_emoji_and_non_english() -> None:
    assert units("It broke 😡. Then I cried 😭 and switched 🙂") == [
        "It broke 😡.",
        "Then I cried 😭 and switched 🙂",
    ]
    assert units("👍") == []
    assert units("Es war schwierig. Wir haben gewechselt, z.B. im März. Danke!") == [
        "Es war schwierig.",
        "Wir haben gewechselt, z.B. im März.",
        "Danke!",
    ]
    assert units("我们以前用表格。后来会计辞职了！怎么办？") == [
        "我们以前用表格。",
        "后来会计辞职了！",
        "怎么办？",
    ]
    assert units("Nous avons changé d'outil. ¿Por qué? Porque el contador se fue.") == [
        "Nous avons changé d'outil.",
        "¿Por qué?",
        "Porque el contador se fue.",
    ]


def test_fillers_dropped() -> None:
    for filler in ("Yeah.", "Um, right.", "Mhm", "Mm-hmm.", "Uh huh", "Okay, thanks!", "Hmmm...",
                   "You know.", "Yeah, yeah, sure.", "Bye!"):
        assert is_filler(filler), filler
        assert units(filler) == []
    for content in ("No idea.", "Not really.", "Excel.", "Two weeks.", "42"):
        assert not is_filler(content), content
    assert units("Yeah. Um. We lost the receipts. Right.") == ["We lost the receipts."]


def test_talk_about_the_interview_says_nothing_of_the_persons_own() -> None:
    for talk in ("I think I understand what you are asking.", "I don't have any questions so far.",
                 "Sounds good, I don't think I have any questions.", "Oh, that's a good question.",
                 "I hope that answers your question.", "No, that's all I have.",
                 "Thank you, that's about it!", "Does that make sense?",
                 "No, I have nothing else to add."):
        assert about_the_interview(talk), talk
        assert not substantive(talk), talk
    for said in ("I hope it helps someone before their own Paul.",
                 "And I had the completion statement and nothing else.",
                 "Clients ask me questions about every invoice.",
                 "We had no questions about the price.",
                 "The question was whether we could afford another forty pounds a month on it."):
        assert not about_the_interview(said), said
        assert substantive(said), said


def test_long_sentences_split_at_clauses_only_when_both_sides_are_meaningful() -> None:
    left = "we had a shared spreadsheet for every single job and every crew and all of the hours"
    right = "one person sorted a single column and every amount ended up against the wrong client"
    long = f"{left} and it worked fine for years, but {right} that Friday."
    assert len(long.split()) > 40
    assert units(long) == [f"{left} and it worked fine for years,", f"but {right} that Friday."]
    # A boundary that would leave a stub is not used.
    stub = "Yes but " + " ".join(["we kept every receipt in the glovebox of the van"] * 5) + "."
    assert units(stub) == [stub]
    dash = f"{left} and the accountant quit — {right} in the same week; it was awful for all of us."
    parts = units(dash)
    assert len(parts) >= 2 and all(len(p.split()) >= 6 for p in parts)
    assert all(len(p.split()) <= 40 for p in parts)


def test_ten_thousand_character_answers() -> None:
    sentence = "The accountant quit in March and the tax deadline was six weeks away. "
    text = sentence * (10_000 // len(sentence) + 1)
    assert len(text) > 10_000
    segments = segment([one_answer(text)])
    assert len(segments) == text.count(".")
    for s in segments:
        assert text[s.start : s.end] == s.text
    # Unpunctuated speech-to-text is cut into chunks of at most 60 words.
    words = ("so we had this spreadsheet and it broke and nobody knew " * 200).strip()
    parts = units(words)
    assert len(parts) > 10
    assert all(len(p.split()) <= 60 for p in parts)
    assert " ".join(parts).split() == words.split()


def test_offsets_exact_with_crlf_and_base_offset() -> None:
    text = (
        "Interviewer: Why?\r\nParticipant: We lost 6 years.\r\nDr. Lee helped.\r\n\r\n"
        "Anyway, yeah.\r\n"
    )
    source = Source("x/p.txt", "x/p.txt", "text", text)
    start = text.index("We lost")
    pieces = [Piece("Interviewer", 13, 17), Piece("Participant", start, len(text))]
    parsed = build_utterances(source, pieces, interviewer=None)
    segments = segment([parsed])
    assert [s.text for s in segments] == ["We lost 6 years.", "Dr. Lee helped."]
    for s in segments:
        assert text[s.start : s.end] == s.text
        assert s.id == f"x/p.txt#{s.start}-{s.end}"
        assert s.participant == "x/p"
        assert s.question_text == "Why?"


def test_interviewer_and_structured_answers_are_never_segments(tmp_path: Path) -> None:
    rows = ["participant,question,answer"]
    for i in range(6):
        rows.append(f"p{i},How stressful? (1-5),{i % 5 + 1}")
        rows.append(f"p{i},Used before?,{'Paper' if i % 2 else 'Excel'}")
        rows.append(f"p{i},What happened?,The spreadsheet broke in week {i}.")
    (tmp_path / "s.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text(
        "Moderator: What happened? Tell me everything.\nDana: Marcus quit.\n", encoding="utf-8"
    )
    parsed, errors = read_paths([tmp_path])
    assert errors == []
    segments = segment(parsed)
    assert [s.text for s in segments] == [
        *(f"The spreadsheet broke in week {i}." for i in range(6)),
        "Marcus quit.",
    ]
    assert {s.question_id for s in segments[:6]} == {"what-happened"}


def test_examples_segments_exact_and_deterministic() -> None:
    parsed, errors = read_paths([EXAMPLES])
    assert errors == []
    segments = segment(parsed)
    assert segments == segment(list(reversed(parsed)))
    texts = {p.source.id: p.source.text for p in parsed}
    participant_spans = {
        p.source.id: [(u.start, u.end) for u in p.utterances if u.role == "participant"]
        for p in parsed
    }
    assert len({s.id for s in segments}) == len(segments)
    for s in segments:
        assert texts[s.source_id][s.start : s.end] == s.text
        assert s.text == s.text.strip() and not is_filler(s.text)
        assert any(a <= s.start and s.end <= b for a, b in participant_spans[s.source_id])
        assert len(s.text.split()) <= 60
    per_source = {sid: sum(s.source_id == sid for s in segments) for sid in texts}
    assert all(n >= 10 for n in per_source.values()), per_source


@pytest.mark.parametrize(("text", "starts_over"), [
    ("People missed the support act, which, the support act were not happy.", True),
    ("The bank staff get a message, the bank staff press yes.", True),
    ("I had to ring them and I had to wait.", False),  # function words repeat in any sentence
    ("Day after day the rota broke.", False),
    ("Every month-end took me two full days.", False),
])
def test_a_unit_that_starts_a_phrase_over_is_told_apart(text: str, starts_over: bool) -> None:
    assert restarts(text) is starts_over
