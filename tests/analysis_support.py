"""Shared by the analysis tests: a study with completed interviews, and a fast embedder."""

from __future__ import annotations

from typing import Any

from jobstory.interview.session import InterviewService
from jobstory.store.db import Store
from jobstory.web.accounts import Account
from jobstory.web.customer_lists import parse_items
from jobstory.web.customers import import_rows
from jobstory.web.demo import DEMO_GUIDE, play_interview
from jobstory.guides import load_guide
from jobstory.web.studies import create_study
from tests.test_cluster import HashingEmbedder
from jobstory.web.accounts import create_user
from tests.test_web_accounts import PASSWORD

PEOPLE = [{"name": f"Person {n}", "email": f"p{n}@example.com"} for n in range(1, 7)]


def study_with_interviews(store: Store, completed: int = 3, *, account: Account | None = None,
                          people: list[dict[str, Any]] | None = None) -> tuple[Account, int,
                                                                                list[int]]:
    """(account, study id, participant ids): `completed` of them finished their interview."""
    account = account or create_user(store, "ada@example.com", PASSWORD)
    study_id = create_study(store, account, "Switching study", load_guide(DEMO_GUIDE))
    issued = import_rows(store, study_id, parse_items(PEOPLE if people is None else people).rows).issued
    service = InterviewService(store)
    for invitation in issued[:completed]:
        play_interview(service, store, study_id, invitation.participant_id, None)
    return account, study_id, [i.participant_id for i in issued]


def fast_embedder() -> HashingEmbedder:
    return HashingEmbedder()
