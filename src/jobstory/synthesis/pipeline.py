"""The analysis pipeline, read like a researcher:

ingest (speakers across the corpus) -> exchanges (question + whole answer, the question
classified by timeline phase and force) -> segment -> embed -> code (with the question as
context) -> a switch timeline per participant -> situations shared by people -> job stories
from those people's timelines; themes per code family for exploration -> report.

Each step is a plain function over the previous step's output, so any one can be swapped (a
different embedder, an LLM second opinion on codes) without touching the others — the way
BERTopic composes its steps. Everything is sorted and seeded: the same inputs give a
byte-identical `analysis.json`.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from jobstory import __version__
from jobstory.llm import LLM
from jobstory.synthesis.code import CodeContext, Coding, code_units
from jobstory.synthesis.embed import Embedder, default_embedder
from jobstory.synthesis.ingest import read_paths
from jobstory.synthesis.ingest.transcript_json import RENDERED_FORMATS
from jobstory.synthesis.exchanges import Exchange, build_exchanges, exchange_of
from jobstory.synthesis.grammar import has_verb, word_spans
from jobstory.synthesis.jobstories import build_job_stories
from jobstory.synthesis.questions import classify
from jobstory.synthesis.report_sections import add_report_sections
from jobstory.synthesis.situations import find_situations
from jobstory.synthesis.timelines import build_timelines, context_codes, timeline_record
from jobstory.synthesis.quality import GATE, conversations, gate, interview_quality
from jobstory.synthesis.segment import restarts, segment
from jobstory.synthesis.sources import IngestError, Parsed, Segment
from jobstory.synthesis.structured import summarise
from jobstory.synthesis.takeaways import MIN_QUOTE_WORDS
from jobstory.synthesis.themes import find_themes, quote, theme_records

FORCES = ("push", "pull", "anxiety", "habit")
SCHEMA = 1

Progress = Callable[[str, int, int], None]


def _quiet(_step: str, _done: int, _total: int) -> None:
    """The default progress callback: say nothing."""


@dataclass(frozen=True)
class Inputs:
    parsed: list[Parsed]
    errors: list[IngestError]


def previous_themes(out: Path) -> dict[str, list[str]]:
    """Theme id -> member segment ids from an earlier analysis in `out`, to keep ids stable."""
    path = out / "analysis.json"
    try:
        earlier = json.loads(path.read_text(encoding="utf-8"))
        members: dict[str, list[str]] = defaultdict(list)
        for segment_record in earlier.get("segments", []):
            for theme_id in segment_record.get("themes", []):
                members[theme_id].append(segment_record["id"])
        return dict(members)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _contexts(segments: Sequence[Segment], exchanges: Sequence[Exchange],
              exchange_index: Sequence[int]) -> list[CodeContext]:
    """What each unit answered: its exchange's question, phase and force, and what the
    interviewer asked next (a new question, not an answer that went on after "Mm.")."""
    after = {(e.source_id, e.participant, e.ordinal): e for e in exchanges}
    contexts = []
    for seg, k in zip(segments, exchange_index):
        if k < 0:
            contexts.append(CodeContext(question_text=seg.question_text))
            continue
        exchange = exchanges[k]
        following = after.get((exchange.source_id, exchange.participant, exchange.ordinal + 1))
        asked_next = None if following is None or following.continued else following.question
        contexts.append(CodeContext(question_text=exchange.question or seg.question_text,
                                    phase=exchange.phase or None, force=exchange.force,
                                    next_question=asked_next))
    return contexts


def _speakers(parsed: Sequence[Parsed]) -> list[dict[str, Any]]:
    """Per file, who was read as interviewer and who as participant (so a reader can check)."""
    out = []
    for item in parsed:
        interviewers = sorted({u.speaker for u in item.utterances if u.role == "interviewer"})
        people = sorted({(u.speaker, u.participant) for u in item.utterances
                         if u.role == "participant" and u.participant})
        out.append({"source": item.source.id, "interviewers": interviewers,
                    "participants": [{"label": label, "id": pid} for label, pid in people]})
    return out


def _structured(parsed: Sequence[Parsed]) -> list[dict[str, Any]]:
    questions: dict[str, dict[str, Any]] = {}
    answers: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for item in parsed:
        known = item.questions
        for answer in item.structured:
            question = questions.setdefault(answer.question_id, {
                "id": answer.question_id, "text": answer.question_text, "kind": answer.kind})
            for key in ("options", "min", "max", "labels"):
                if key in known.get(answer.question_id, {}) and key not in question:
                    question[key] = known[answer.question_id][key]
            answers[answer.question_id].append((answer.participant, answer.value))
    return [summarise(questions[qid], answers[qid]) for qid in sorted(questions)]


#: Quotes shown for each force, each from another participant.
FORCE_QUOTES = 3


def clearest(force: str, segments: Sequence[Segment], codings: Sequence[Coding],
             limit: int = FORCE_QUOTES) -> list[int]:
    """The clearest examples of a force, one per participant: of the units coded with it that
    say something on their own (a verb, `MIN_QUOTE_WORDS` words), those the coder gave it most
    surely, a sentence said whole before the tail of one ("and there'd been a mug of coffee
    over it") and before one that starts over. Every sentence of a
    struggling moment is read as push ("January, two years ago.", "He was polite about it."),
    and the most typical of a theme is often such a sentence, so the theme's centre is no
    example of the force."""
    told = [i for i, coding in enumerate(codings) if force in coding.codes
            and len(segments[i].text.split()) >= MIN_QUOTE_WORDS
            and has_verb(word_spans(segments[i].text))]
    told.sort(key=lambda i: (restarts(segments[i].text), segments[i].text[:1].islower(),
                             -round(codings[i].scores.get(force, 0.0), 3),
                             segments[i].source_id, segments[i].start))
    chosen: dict[str, int] = {}  # participant -> their clearest unit, in order of clarity
    for i in told:
        chosen.setdefault(segments[i].participant, i)
    return list(chosen.values())[:limit]


def _forces(theme_list: Sequence[dict[str, Any]], segments: Sequence[Segment],
            codings: Sequence[Coding]) -> dict[str, Any]:
    forces = {}
    for force in FORCES:
        people = sorted({seg.participant for seg, coding in zip(segments, codings)
                         if force in coding.codes})
        mine = [t for t in theme_list if t["family"] == force]
        forces[force] = {
            "participants": people,
            "participant_count": len(people),
            "themes": [t["id"] for t in mine],
            "quotes": [quote(segments[i]) for i in clearest(force, segments, codings)],
        }
    return forces


def analyse(
    inputs: Inputs,
    *,
    paths: Sequence[str],
    interviewer: str | None = None,
    embedder: Embedder | None = None,
    previous: dict[str, list[str]] | None = None,
    progress: Progress = _quiet,
    seed: int = 0,
    include_low_quality: bool = False,
    goal: str | None = None,
    title: str | None = None,
    llm: LLM | None = None,
    llm_cache: Path | None = None,
) -> dict[str, Any]:
    """Turn parsed sources into the analysis dict that `analysis.json` holds.

    Interviews scoring under the quality gate are listed with their scores but their
    participants' words are left out of everything counted, unless `include_low_quality`.
    With an `llm`, its verified wording and timeline readings are added beside the computed
    ones (`jobstory.synthesis.assist`); without one the output is byte-for-byte the same."""
    parsed = sorted(inputs.parsed, key=lambda p: p.source.id)
    progress("segmenting", 0, 1)
    segments = sorted(segment(parsed), key=lambda s: (s.source_id, s.start, s.end))
    progress("segmenting", 1, 1)
    texts = [s.text for s in segments]
    progress("model", 0, 1)  # the first run on a machine derives the int8 graph (seconds)
    encoder = embedder or default_embedder()
    progress("model", 1, 1)
    vectors = np.zeros((0, encoder.dimension), dtype=np.float32)
    if texts:
        chunks = []
        step = 2048
        progress("embedding", 0, len(texts))  # says how much is to come before any of it
        for start in range(0, len(texts), step):
            chunks.append(encoder.encode(texts[start:start + step]))
            progress("embedding", min(start + step, len(texts)), len(texts))
        vectors = np.vstack(chunks)
    progress("coding", 0, 1)
    exchanges = classify(build_exchanges(parsed), encoder.encode,
                         {p.source.id: p.questions for p in parsed if p.questions})
    exchange_index = exchange_of(segments, exchanges)
    codings = (code_units(texts, _contexts(segments, exchanges, exchange_index),
                          embedder=encoder, vectors=vectors) if texts else [])
    codings = context_codes(segments, codings, exchanges, exchange_index)
    interviews = conversations(parsed)
    quality = interview_quality(segments, exchange_index, exchanges, interviews)
    left_out = gate(quality, include_low_quality=include_low_quality)
    if left_out:
        keep = [i for i, seg in enumerate(segments) if seg.participant not in left_out]
        segments, texts = [segments[i] for i in keep], [texts[i] for i in keep]
        codings, vectors = [codings[i] for i in keep], vectors[keep]
        exchange_index = [exchange_index[i] for i in keep]
    progress("coding", 1, 1)
    progress("themes", 0, 1)
    participants = sorted({s.participant for s in segments} |
                          {a.participant for p in parsed for a in p.structured})
    themes, outliers = find_themes(segments, vectors, codings, previous, seed=seed)
    records = theme_records(themes, segments, len(participants))
    progress("themes", 1, 1)
    progress("stories", 0, 1)
    timelines = build_timelines(segments, codings, exchanges, exchange_index)
    situations = find_situations(timelines, segments, codings, vectors, interviews)
    stories = build_job_stories(situations, timelines, segments, codings, vectors,
                                encoder.encode)
    progress("stories", 1, 1)
    membership: dict[int, list[str]] = defaultdict(list)
    for theme in themes:
        for index in theme.members:
            membership[index].append(theme.id)
    words: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    sources_of: dict[str, set[str]] = defaultdict(set)
    for seg in segments:
        words[seg.participant] += len(seg.text.split())
        counts[seg.participant] += 1
        sources_of[seg.participant].add(seg.source_id)
    for item in parsed:
        for answer in item.structured:
            sources_of[answer.participant].add(item.source.id)
    errors = [{"source": e.source_id, "line": e.line, "message": e.message}
              for e in sorted(inputs.errors, key=lambda e: (e.source_id, e.line or 0))]
    analysis = {
        "jobstory": {"version": __version__, "schema": SCHEMA},
        "inputs": {"paths": list(paths), "interviewer": interviewer},
        "summary": {
            "sources": len(parsed), "participants": len(participants), "segments": len(segments),
            "coded_segments": sum(1 for c in codings if c.codes), "themes": len(records),
            "job_stories": len(stories), "errors": len(errors),
        },
        "sources": [{
            "id": p.source.id, "path": p.source.path, "format": p.source.format,
            "sha256": hashlib.sha256(p.source.text.encode("utf-8")).hexdigest(),
            "participants": sorted({u.participant for u in p.utterances if u.participant} |
                                   {a.participant for a in p.structured}),
            # Offsets into a file index its text; a rendering of turns is not on disk, so it
            # travels here for the quotes to stay checkable.
            **({"text": p.source.text} if p.source.format in RENDERED_FORMATS else {}),
        } for p in parsed],
        "participants": [{"id": person, "sources": sorted(sources_of[person]),
                          "segments": counts[person], "words": words[person]}
                         for person in participants],
        "segments": [{
            "id": seg.id, "source": seg.source_id, "start": seg.start, "end": seg.end,
            "participant": seg.participant, "text": seg.text, "question_id": seg.question_id,
            "question_text": seg.question_text,
            "exchange": exchanges[k].id if k >= 0 else None,
            "phase": exchanges[k].phase if k >= 0 else None,
            "force": exchanges[k].force if k >= 0 else None,
            "codes": list(coding.codes),
            "scores": coding.scores, "themes": membership.get(index, []),
        } for index, (seg, coding, k) in enumerate(zip(segments, codings, exchange_index))],
        "themes": records,
        "job_stories": stories,
        "timelines": [timeline_record(timelines[p], segments) for p in sorted(timelines)],
        "speakers": _speakers(parsed),
        "forces": _forces(records, segments, codings),
        "structured": _structured(parsed),
        "quality": [{**record, "included": record["participant"] not in left_out}
                    for record in quality],
        "quality_gate": {"minimum": GATE, "include_low_quality": include_low_quality,
                         "left_out": sorted(left_out)},
        "outliers": [quote(segments[i]) for i in outliers],
        "errors": errors,
        "methods": {
            "embedder": encoder.name,
            "clustering": "per code family: see jobstory.synthesis.cluster",
            "coding": "embedded JTBD coder: prototypes + lexical and question-context cues; "
                      "a unit answering a question about a force carries that force",
            "situations": "participants' struggling moments grouped by shared distinctive "
                          "words: see jobstory.synthesis.situations",
        },
    }
    analysis = add_report_sections(analysis, goal=goal, title=title, vectors=vectors)
    if llm is not None:
        from jobstory.synthesis.assist import assist_analysis, participant_passages

        analysis = assist_analysis(analysis, participant_passages(parsed), llm,
                                   cache_dir=llm_cache, progress=progress)
    return analysis


def read_inputs(paths: Sequence[Path], *, interviewer: str | None = None,
                csv_columns: tuple[str, str, str] = ("participant", "question", "answer"),
                out: Path | None = None) -> Inputs:
    parsed, errors = read_paths(list(paths), interviewer=interviewer, csv_columns=csv_columns,
                                exclude=[out] if out is not None else [])
    return Inputs(parsed, errors)
