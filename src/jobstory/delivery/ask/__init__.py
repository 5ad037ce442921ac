"""The insights chat: plain-English questions answered from a study's analysis.

    index = build_index(analysis, default_embedder())
    answer = ask(index, "who worried about moving their data?")

Embedded by default (intent parsing, semantic and lexical retrieval over coded segments and
timelines, templates); counts are computed, quotes are participants' own words checked
against their source. With an LLM, `ask(..., llm=...)` may phrase the answer from the
retrieved quotes only, and each quote it cites is verified verbatim (see `phrase`).
"""

from __future__ import annotations

from typing import Any

from jobstory.delivery.ask.answer import NOTHING, Answer, Link, Quote, default_link, \
    template_answer
from jobstory.delivery.ask.index import StudyIndex, build_index
from jobstory.delivery.ask.intent import Intent, parse

#: Longer questions are cut here: a question is a sentence, not a document.
MAX_QUESTION_CHARS = 500


def ask(index: StudyIndex, question: str, *, llm: Any = None,
        link: Link = default_link) -> Answer:
    """Answer `question` from `index`; phrased by `llm` when one is given and its answer
    passes the checks in `phrase`, else by the templates."""
    question = " ".join(str(question).split())[:MAX_QUESTION_CHARS]
    intent = parse(question, aliases=index.aliases, fields=index.fields,
                   participants=index.participants)
    answer = template_answer(index, question, intent, link)
    if llm is not None and answer.found:
        from jobstory.delivery.ask.phrase import phrase_answer

        answer = phrase_answer(llm, index, answer)
    return answer


__all__ = ["MAX_QUESTION_CHARS", "NOTHING", "Answer", "Intent", "Quote", "StudyIndex", "ask",
           "build_index", "default_link", "parse"]
