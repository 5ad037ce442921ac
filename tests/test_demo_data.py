"""The demo study reads like real (if illustrative) research: people answer differently, what
they tick agrees with what they say, no one says the same sentence twice, and the analysis of
it still finds job stories."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select

from jobstory.analysis_runs.results import raw_analysis
from jobstory.analysis_runs.worker import AnalysisWorker
from jobstory.interview.session import InterviewService
from jobstory.store.db import Store
from jobstory.store.tables import InterviewRow
from jobstory.guides import load_guide
from jobstory.web.accounts import authenticate
from jobstory.web.customer_lists import parse_items
from jobstory.web.customers import import_rows
from jobstory.web.demo import COMPLETED, DEMO_EMAIL, demo_link, seed_demo
from jobstory.web.studies import create_study
from tests.analysis_support import fast_embedder


def _interviews(store: Store) -> list[Any]:
    service = InterviewService(store)
    with store.read() as session:
        ids = session.scalars(select(InterviewRow.id).order_by(InterviewRow.id)).all()
    return [service.get(i).interview for i in ids]


def test_demo_answers_vary_agree_and_never_repeat(store: Store) -> None:
    info = seed_demo(store)
    assert info is not None
    done = [i for i in _interviews(store) if i.status == "completed"]
    assert len(done) == COMPLETED
    values: list[dict[str, Any]] = []
    for interview in done:
        said = Counter(t.text for t in interview.turns if t.role == "participant")
        assert [text for text, n in said.items() if n > 1] == [], interview.participant.name
        probes = [t for t in interview.turns if t.kind == "probe"]
        assert probes, "the demo shows follow-up questions"
        values.append({t.question_id: t.value for t in interview.turns
                       if t.role == "participant" and t.value is not None})
    for answers in values:
        # whoever considered doing nothing ticked "the old way", and only they did
        old_way = "Keep doing it the old way" in answers["alternatives"]
        assert old_way == (answers["nothing"] == "yes"), answers
    assert len({a["heard"] for a in values}) >= 3
    assert len({a["severity"] for a in values}) >= 3
    assert len({a["ranking"][0] for a in values}) >= 3
    assert len({a["nothing"] for a in values}) == 2
    assert len({tuple(a["alternatives"]) for a in values}) >= 4


def test_the_demo_analysis_still_finds_job_stories(store: Store) -> None:
    info = seed_demo(store)
    assert info is not None
    AnalysisWorker(store, embedder=fast_embedder, quiet=0).step()
    analysis = raw_analysis(store, info.study_id)
    assert analysis is not None
    assert analysis["summary"]["participants"] == COMPLETED
    assert analysis["title"] == "Why teams switch to Ledgerly (demo)"  # heads its report
    assert analysis["summary"]["job_stories"] >= 2


def test_the_demo_link_on_restart_is_never_a_participant_the_researcher_added(
        store: Store) -> None:
    info = seed_demo(store)
    assert info is not None
    first = demo_link(store)
    assert first is not None and first.endswith(info.participant_link.rsplit("/", 1)[-1])
    account = authenticate(store, DEMO_EMAIL, info.password)
    assert account is not None
    own = create_study(store, account, "Our own study", load_guide("onboarding"))
    added = import_rows(store, own, parse_items(
        [{"name": "Real Customer", "email": "real@example.org"}]).rows).issued
    assert demo_link(store) == first  # still the demo's own person, not the one just added
    assert not demo_link(store).endswith(added[0].token)
