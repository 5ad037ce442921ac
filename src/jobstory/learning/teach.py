"""Which labelled examples a study's runs learn from: its own, or its whole workspace's.

By default a study learns only from its own researchers' decisions: another study's product
and questions may mean other things by the same words. A team that runs one kind of study
again and again can set `JOBSTORY_LEARN_FROM=workspace` on the server, so every study in a
workspace learns from the decisions made in all of them (each read against that study's own
last good analysis). Decisions themselves stay with their study; only coding is taught.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import select

from jobstory.analysis_runs.results import latest_analysis
from jobstory.learning.events import active, list_decisions
from jobstory.learning.examples import Example, examples_from, learned_coder
from jobstory.learning.nearest import Adjust
from jobstory.store.db import Store
from jobstory.store.tables import Study
from jobstory.synthesis.code import LEARNED
from jobstory.synthesis.embed import Embedder

VARIABLE = "JOBSTORY_LEARN_FROM"
SCOPES = ("study", "workspace")


def learning_scope(environ: Mapping[str, str] = os.environ) -> str:
    """'study' (the default) or 'workspace', from JOBSTORY_LEARN_FROM."""
    value = (environ.get(VARIABLE) or "study").strip().lower()
    if value not in SCOPES:
        raise ValueError(f"{VARIABLE}: 'study' or 'workspace', not {value[:40]!r}")
    return value


def taught_by(store: Store, study_id: int, scope: str) -> list[int]:
    """The studies whose decisions teach this study's coder: itself first, then (with the
    workspace scope) the other studies of its workspace, oldest first."""
    if scope not in SCOPES:
        raise ValueError(f"scope: 'study' or 'workspace', not {scope[:40]!r}")
    if scope == "study":
        return [study_id]
    with store.read() as session:
        workspace = session.scalar(select(Study.workspace_id).where(Study.id == study_id))
        if workspace is None:
            return [study_id]
        others = session.scalars(select(Study.id).where(
            Study.workspace_id == workspace, Study.id != study_id).order_by(Study.id)).all()
    return [study_id, *others]


def study_examples(store: Store, study_id: int, scope: str = "study") -> list[Example]:
    """What the researchers taught the coder: labelled units from the decisions in force in
    each study of the scope, read against the analysis they were made on."""
    examples: list[Example] = []
    for teacher in taught_by(store, study_id, scope):
        corrected = latest_analysis(store, teacher)
        if corrected is not None:
            examples.extend(examples_from(corrected, active(list_decisions(store, teacher))))
    return examples


def study_coder(store: Store, study_id: int, embedder: Embedder,
                scope: str | None = None) -> Adjust | None:
    """The correction a study's researchers taught its coder (None when nothing was taught),
    over the examples of the scope (JOBSTORY_LEARN_FROM when not given)."""
    return learned_coder(study_examples(store, study_id, scope or learning_scope()), embedder)


@contextmanager
def taught(adjust: Adjust | None) -> Iterator[None]:
    """Code within the block as taught (`study_coder`); None codes as fitted. Background runs
    and `jobstory analyze --study` both analyse a study this way."""
    token = LEARNED.set(adjust)
    try:
        yield
    finally:
        LEARNED.reset(token)
