"""LLM-assisted synthesis: an optional enhancer that phrases and proposes, never counts.

With an LLM configured (`JOBSTORY_LLM_*`, see `jobstory.llm`), `assist_analysis` asks it to
(a) read each counted participant's switch timeline as quotes, (b) name each theme and each
situation, (c) word each job story, and (d) word the executive summary and the takeaways. Then, for
every reply:

- every quote it cites is checked against that participant's own turns (for a story: its
  members' turns) by `jobstory.synthesis.citations.verify_quote`; a quote not found is
  dropped and reported in the run's `warnings`; a part whose quotes all fail is not shown;
- a story wording with no verified quote, or with a part that shares no word with the
  quotes behind it, is not used, nor is such a theme name; a summary or takeaway sentence
  with a number that is not in the computed facts, or a quote that is not verbatim, is not
  used (the computed one stands);
- counts are never taken from it: the report shows the counts code computed.

Everything it made is kept beside the computed result (`assisted` in `analysis.json`, a
`worded` field on stories and takeaways, a `named` field on themes), and `methods.llm`
lists, for each text, the model, the endpoint host, the prompt version and the cache key.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jobstory.llm import LLM
from jobstory.synthesis.assist import prompts
from jobstory.synthesis.assist.engine import (
    DEFAULT_CONCURRENCY,
    ResponseCache,
    Task,
    deadline_from_env,
    default_cache_dir,
    endpoint_host,
    run_tasks,
)
from jobstory.synthesis.citations import Citation, Passage, verify_quote
from jobstory.synthesis.results import has_quantity
from jobstory.synthesis.sources import Parsed

MAX_PARTICIPANT_CHARS = 30_000  # of answers sent per participant
_NUMBER = re.compile(
    r"\d+(?:[.,]\d+)*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|half|twice|double)\b", re.I)
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{3,})[\"\u201d]")
_CONTENT = re.compile(r"[a-z][a-z'\u2019-]{3,}")
FORCES = ("push", "pull", "anxiety", "habit")


def participant_passages(parsed: Sequence[Parsed]) -> dict[str, list[Passage]]:
    """Each participant's own turns, the only text their quotes may come from."""
    out: dict[str, list[Passage]] = defaultdict(list)
    for item in sorted(parsed, key=lambda p: p.source.id):
        for u in item.utterances:
            if u.role == "participant" and u.participant:
                out[u.participant].append(Passage(u.source_id, u.start, u.end, u.text))
    return dict(out)


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


class _Run:
    """What one assisted run keeps: warnings and the methods record."""

    def __init__(self, llm: LLM) -> None:
        self.llm = llm
        self.warnings: list[dict[str, Any]] = []
        self.methods: list[dict[str, Any]] = []

    def warn(self, where: str, message: str) -> None:
        self.warnings.append({"source": where, "line": None, "message": message})

    def made(self, text: str, outcome: Any) -> None:
        self.methods.append({"text": text, "model": self.llm.config.model,
                             "endpoint_host": endpoint_host(self.llm),
                             "prompt_version": outcome.task.prompt_version,
                             "cache_key": outcome.cache_key})

    def cite(self, claim: str, passages: Sequence[Passage], where: str, who: str
             ) -> dict[str, Any] | None:
        found: Citation | None = verify_quote(claim, passages)
        if found is None:
            self.warn(where, f"LLM quote dropped, not in {who}'s own words: "
                             f"\u201c{_short(claim)}\u201d")
            return None
        return {"text": found.text, "source": found.source, "start": found.start,
                "end": found.end, "participant": who}


def _answers(analysis: dict[str, Any], person: str) -> list[dict[str, str]]:
    """The participant's answers, question by question, for the prompt."""
    grouped: dict[str, dict[str, Any]] = {}
    for seg in analysis.get("segments") or []:
        if seg["participant"] != person:
            continue
        key = seg.get("exchange") or seg["id"]
        entry = grouped.setdefault(key, {"question": seg.get("question_text") or "",
                                         "answer": []})
        entry["answer"].append(seg["text"])
    out, size = [], 0
    for entry in grouped.values():
        answer = " ".join(entry["answer"])
        size += len(answer)
        if size > MAX_PARTICIPANT_CHARS:
            break
        out.append({"question": entry["question"], "answer": answer})
    return out


def _timeline_tasks(analysis: dict[str, Any]) -> list[Task[Any]]:
    return [Task(f"timeline: {p['id']}", prompts.TIMELINE_VERSION, prompts.TIMELINE_SYSTEM,
                 prompts.user_message({"participant": p["id"],
                                       "answers": _answers(analysis, p["id"])}),
                 prompts.TimelineReply)
            for p in analysis.get("participants") or [] if _answers(analysis, p["id"])]


def _story_tasks(analysis: dict[str, Any]) -> list[Task[Any]]:
    tasks = []
    for story in analysis.get("job_stories") or []:
        quotes = [{"participant": q["participant"], "quote": q["text"]}
                  for part in ("situation", "motivation", "outcome")
                  for q in story[part].get("quotes") or []]
        tasks.append(Task(f"story: {story['id']}", prompts.STORY_VERSION, prompts.STORY_SYSTEM,
                          prompts.user_message({"participants": story["participants"],
                                                "quotes": quotes}),
                          prompts.StoryReply, max_tokens=600))
    return tasks


def _theme_tasks(analysis: dict[str, Any]) -> list[Task[Any]]:
    return [Task(f"theme: {theme['id']}", prompts.THEME_VERSION, prompts.THEME_SYSTEM,
                 prompts.user_message({"family": theme["family"],
                                       "quotes": [q["text"] for q in theme["quotes"]]}),
                 prompts.ThemeReply, max_tokens=200)
            for theme in analysis.get("themes") or [] if theme.get("quotes")]


def _apply_theme(run: _Run, outcome: Any, theme: dict[str, Any],
                 passages: dict[str, list[Passage]]) -> dict[str, Any] | None:
    """The LLM's name for a theme, kept when the quote it gives for it is one of the theme's
    members' own words and the name shares a word with the theme's quotes."""
    reply = outcome.value
    where = f"llm theme: {theme['id']}"
    cited = None
    for person in theme["participants"]:
        found = verify_quote(reply.quote, passages.get(person, []))
        if found is not None:
            cited = {"text": found.text, "source": found.source, "start": found.start,
                     "end": found.end, "participant": person}
            break
    if cited is None:
        run.warn(where, f"LLM quote dropped, not in the words of this theme's people: "
                        f"\u201c{_short(reply.quote)}\u201d")
        return None
    if not _grounded(reply.name, [*theme["quotes"], cited]):
        run.warn(where, "LLM theme name not used: it shares no word with the theme's quotes")
        return None
    run.made(f"theme: {theme['id']}", outcome)
    return {"name": reply.name, "quote": cited}


def _summary_facts(analysis: dict[str, Any]) -> dict[str, Any]:
    return {"participants": len(analysis.get("participants") or []),
            "summary": [s["text"] for s in analysis.get("executive_summary") or []],
            "takeaways": [{"rank": t["rank"], "tier": t["tier"], "text": t["text"],
                           "people": t["participant_count"],
                           "quotes": [q["text"] for q in t["quotes"]]}
                          for t in (analysis.get("takeaways") or {}).get("items") or []]}


def _grounded(text: str | None, quotes: Sequence[dict[str, Any]]) -> bool:
    """Whether a worded part shares at least one content word with its quotes."""
    if not text:
        return True
    said = set(_CONTENT.findall(" ".join(q["text"] for q in quotes).lower()))
    return bool(set(_CONTENT.findall(text.lower())) & said)


def _numbers(text: str) -> set[str]:
    return {n.lower().replace(",", "") for n in _NUMBER.findall(text)}


def _apply_timeline(run: _Run, outcome: Any, person: str, passages: Sequence[Passage]
                    ) -> dict[str, Any] | None:
    reply = outcome.value
    where = f"llm timeline: {person}"
    record: dict[str, Any] = {"participant": person}
    moment = reply.struggling_moment and run.cite(reply.struggling_moment, passages, where,
                                                  person)
    record["struggling_moment"] = moment or None
    record["alternatives"] = [{"kind": a.kind, **c} for a in reply.alternatives
                              if (c := run.cite(a.quote, passages, where, person))]
    for force in FORCES:
        record[force] = [c for claim in getattr(reply, force)
                         if (c := run.cite(claim, passages, where, person))]
    results = []
    for claim in reply.results:
        cited = run.cite(claim, passages, where, person)
        if cited and has_quantity(cited["text"]):
            results.append(cited)
        elif cited:
            run.warn(where, f"LLM result dropped, no number in it: \u201c{_short(claim)}\u201d")
    record["results"] = results
    if not any(record[k] for k in record if k != "participant"):
        return None
    run.made(f"timeline: {person}", outcome)
    return record


def _apply_story(run: _Run, outcome: Any, story: dict[str, Any],
                 passages: dict[str, list[Passage]]) -> dict[str, Any] | None:
    reply = outcome.value
    where = f"llm story: {story['id']}"
    members = [(person, p) for person in story["participants"]
               for p in passages.get(person, [])]
    quotes = []
    for claim in reply.quotes:
        found = verify_quote(claim, [p for _, p in members])
        if found is None:
            run.warn(where, f"LLM quote dropped, not in the words of this story's people: "
                            f"\u201c{_short(claim)}\u201d")
            continue
        person = next(who for who, p in members if p.source == found.source
                      and p.start <= found.start and found.end <= p.end)
        quotes.append({"text": found.text, "source": found.source, "start": found.start,
                       "end": found.end, "participant": person})
    parts = {"situation": reply.situation, "motivation": reply.motivation,
             "outcome": reply.outcome}
    if not quotes:
        run.warn(where, "LLM wording not used: none of its quotes was found")
        return None
    loose = [name for name, text in parts.items() if not _grounded(text, quotes)]
    if loose or not _grounded(reply.title, quotes):
        run.warn(where, "LLM wording not used: "
                        f"{', '.join(loose) or 'title'} shares no word with its quotes")
        return None
    text = f"When {parts['situation']}, I want to {parts['motivation'] or '(not stated)'}, " \
           f"so I can {parts['outcome'] or '(not stated)'}."
    run.made(f"story: {story['id']}", outcome)
    return {"title": reply.title, "text": text, **parts, "quotes": quotes}


def _sentence_ok(run: _Run, text: str, allowed: set[str], passages: list[Passage],
                 where: str) -> bool:
    extra = _numbers(text) - allowed
    if extra:
        run.warn(where, f"LLM sentence not used, numbers not in the facts "
                        f"({', '.join(sorted(extra))}): \u201c{_short(text)}\u201d")
        return False
    for claim in _QUOTED.findall(text):
        if len(claim.split()) >= 3 and verify_quote(claim, passages) is None:
            run.warn(where, f"LLM quote dropped, not in any participant's words: "
                            f"\u201c{_short(claim)}\u201d")
            return False
    return True


def _apply_summary(run: _Run, outcome: Any, analysis: dict[str, Any],
                   passages: dict[str, list[Passage]]) -> tuple[list[str] | None, dict[int, str]]:
    reply = outcome.value
    facts = _summary_facts(analysis)
    allowed = _numbers(prompts.user_message(facts))
    everyone = [p for person in sorted(passages) for p in passages[person]]
    sentences = [s for s in reply.summary
                 if _sentence_ok(run, s, allowed, everyone, "llm summary")]
    summary = sentences if len(sentences) >= min(3, len(reply.summary)) else None
    if summary is None:
        run.warn("llm summary", "LLM summary not used: too few of its sentences passed the "
                                "checks; the computed summary stands")
    ranks = {t["rank"] for t in facts["takeaways"]}
    worded = {t.rank: t.text for t in reply.takeaways
              if t.rank in ranks and _sentence_ok(run, t.text, allowed, everyone,
                                                  f"llm takeaway {t.rank}")}
    if summary is not None or worded:
        run.made("summary and takeaways", outcome)
    return summary, worded


def assist_analysis(analysis: dict[str, Any], passages: dict[str, list[Passage]], llm: LLM,
                    *, cache_dir: Path | None = None, progress: Any = None,
                    deadline: float | None = None,
                    concurrency: int = DEFAULT_CONCURRENCY) -> dict[str, Any]:
    """The analysis with the LLM's verified contributions added (a new dict)."""
    run = _Run(llm)
    budget = deadline or deadline_from_env()
    cache = ResponseCache(cache_dir or default_cache_dir())
    report = progress or (lambda *_: None)
    tasks = _timeline_tasks(analysis) + _story_tasks(analysis) + _theme_tasks(analysis)
    outcomes, tally = run_tasks(llm, tasks, cache=cache, progress=report,
                                deadline=budget,
                                concurrency=concurrency)
    out = dict(analysis)
    timelines = []
    story_by_id = {s["id"]: s for s in analysis.get("job_stories") or []}
    theme_by_id = {t["id"]: t for t in analysis.get("themes") or []}
    worded_stories: dict[str, dict[str, Any]] = {}
    named_themes: dict[str, dict[str, Any]] = {}
    for outcome in outcomes:
        kind, _, name = outcome.task.name.partition(": ")
        if outcome.value is None:
            run.warn(f"llm {kind}: {name}", f"LLM gave no usable answer ({outcome.problem}); "
                                            "the computed result stands")
            continue
        if kind == "timeline":
            record = _apply_timeline(run, outcome, name, passages.get(name, []))
            if record:
                timelines.append(record)
        elif kind == "story":
            story = _apply_story(run, outcome, story_by_id[name], passages)
            if story:
                worded_stories[name] = story
        else:
            theme = _apply_theme(run, outcome, theme_by_id[name], passages)
            if theme:
                named_themes[name] = theme
    out["job_stories"] = [{**s, "worded": worded_stories[s["id"]]} if s["id"] in worded_stories
                          else s for s in analysis.get("job_stories") or []]
    out["themes"] = [{**t, "named": named_themes[t["id"]]} if t["id"] in named_themes else t
                     for t in analysis.get("themes") or []]
    summary_task = Task("summary and takeaways", prompts.SUMMARY_VERSION,
                        prompts.SUMMARY_SYSTEM, prompts.user_message(_summary_facts(out)),
                        prompts.SummaryReply)
    (summary_outcome,), more = run_tasks(llm, [summary_task], cache=cache, progress=report,
                                         deadline=budget,
                                         concurrency=1)
    summary, worded = None, {}
    if summary_outcome.value is None:
        run.warn("llm summary", f"LLM gave no usable answer ({summary_outcome.problem}); the "
                                "computed summary stands")
    else:
        summary, worded = _apply_summary(run, summary_outcome, out, passages)
    if worded:
        items = [{**t, "worded": worded[t["rank"]]} if t["rank"] in worded else t
                 for t in out["takeaways"]["items"]]
        out["takeaways"] = {**out["takeaways"], "items": items}
    out["assisted"] = {"model": llm.config.model, "endpoint_host": endpoint_host(llm),
                       "summary": summary, "timelines": timelines}
    out["methods"] = {**out.get("methods", {}), "llm": run.methods}
    out["warnings"] = list(out.get("warnings") or []) + run.warnings
    report(f"llm: {tally.calls + more.calls} calls, {tally.tokens + more.tokens} tokens, "
           f"{tally.cached + more.cached} from cache", 1, 1)
    return out


__all__ = ["assist_analysis", "participant_passages"]
