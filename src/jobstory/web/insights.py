"""The insights chat over a study's latest analysis: `POST /api/studies/{id}/insights/ask`.

Answers come from `jobstory.delivery.ask`: counts computed, quotes verbatim with a link to
their place in the transcript, "I found nothing on that in these interviews" when nothing
speaks to the question. The searchable index of a study is built once per analysis (its
MiniLM vectors come from the embedding cache) and kept for the next question.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from jobstory.web.accounts import Account
from jobstory.web.api import ERRORS, _study
from jobstory.web.auth import api_user
from jobstory.web.deps import RowId
from jobstory.web.problems import Problem

router = APIRouter(prefix="/api", tags=["insights"])

#: Studies whose index stays in memory (each holds a vector per segment).
CACHED_STUDIES = 8


class AskIn(BaseModel):
    question: str = Field(min_length=1, max_length=500,
                          description="A question in plain English, e.g. \"who worried "
                                      "about moving their data?\"")


def transcript_link(study_id: int) -> Any:
    """A quote's place: a stored interview's transcript page, highlighted at the quote (the
    Analysis page's own links); a file's quote, its source and span on the Analysis page."""
    from jobstory.web.analysis_pages import quote_link

    def link(source: str, start: int, end: int) -> str:
        return (quote_link(study_id, {"source": source, "start": start, "end": end})
                or f"/studies/{study_id}/analysis#{source}:{start}-{end}")
    return link


class _Indexes:
    """Built indexes by (study, analysis digest), the few most recently used."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[int, str], Any] = OrderedDict()

    def get(self, store: Any, study_id: int) -> Any:
        from jobstory.delivery.analysis_source import (
            AnalysisSourceError,
            study_analysis,
            study_fields,
        )
        from jobstory.delivery.ask.index import build_index
        from jobstory.synthesis.embed import default_embedder

        try:
            analysis = study_analysis(store, study_id)
        except AnalysisSourceError:
            raise Problem(409, "this study has no finished analysis yet; run one from its "
                          "Analysis page or POST /api/studies/{id}/analysis") from None
        digest = hashlib.sha256(json.dumps(analysis, sort_keys=True, default=str)
                                .encode()).hexdigest()
        key = (study_id, digest)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            index = build_index(analysis, default_embedder(),
                                fields=study_fields(store, study_id))
            self._items[key] = index
            while len(self._items) > CACHED_STUDIES:
                self._items.popitem(last=False)
            return index


_indexes = _Indexes()


@router.post("/studies/{study_id}/insights/ask", responses={
    **ERRORS, 409: {"description": "The study has no finished analysis yet"}},
    summary="Ask the study's interviews a question: an answer with computed counts and "
            "verbatim quotes linked to their place")
def ask_study(study_id: RowId, body: AskIn, request: Request,
              account: Account = Depends(api_user)) -> dict[str, Any]:
    from jobstory.delivery.ask import ask

    study = _study(request, account, study_id)
    index = _indexes.get(request.app.state.store, study.id)
    answer = ask(index, body.question, llm=request.app.state.llm,
                 link=transcript_link(study.id))
    return {"study_id": study.id, **answer.as_json(),
            "run": (index.analysis.get("run") or {}).get("id")}
