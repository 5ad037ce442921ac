"""A demo workspace for a first `jobstory serve`: one user, one study, three participants.

Seeded only into a database without users, so it never touches a real installation. The
password is generated and returned once (the caller prints it); only its hash is stored.
One participant has finished an interview and one is midway, so the dashboard and the
transcript view have something to show; the third has a fresh link to try. An analysis run
is queued at once, so the Analysis tab shows job stories within a minute of starting.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update

from jobstory.analysis_runs.queue import request_run
from jobstory.domain import Guide, Participant, Question, QuestionKind
from jobstory.guides import load_guide
from jobstory.interview.session import InterviewService
from jobstory.store.db import Store
from jobstory.store.tables import Invitation, ParticipantRow, Study, User
from jobstory.web.accounts import AccountError, create_user, user_count
from jobstory.web.customers import import_rows, link, parse_items
from jobstory.web.studies import create_study

log = logging.getLogger("jobstory.demo")
DEMO_EMAIL = "demo@example.com"
DEMO_GUIDE = "jtbd-switch"
DEMO_PEOPLE = [
    {"name": "Maya Chen", "email": "maya.chen@example.com", "external_id": "C-1042",
     "product": "Ledgerly", "plan": "Team"},
    {"name": "Tomás Okafor", "email": "tomas.okafor@example.com", "external_id": "C-1077",
     "product": "Ledgerly", "plan": "Starter"},
    {"name": "Sara Lindqvist", "email": "sara.lindqvist@example.com", "external_id": "C-1103",
     "product": "Ledgerly", "plan": "Team"},
]

# Concrete, past-tense answers by question id, the kind a good switch interview draws out;
# the second of each pair answers a follow-up.
_STORY: dict[str, tuple[str, str]] = {
    "first-thought": (
        "It was the last Friday of March. I spent until 11pm reconciling invoices in three "
        "spreadsheets because a client had paid twice and nobody noticed for six weeks.",
        "My partner asked why I was still at the laptop at eleven. I had no good answer.",
    ),
    "push": (
        "Every month-end took me two full days. I copied numbers from the bank export into our "
        "sheet by hand, and at least once a quarter Jonas in finance caught a mistake.",
        "In February I typed 1,200 instead of 12,000 and we chased a client for a week.",
    ),
    "passive-looking": (
        "My colleague Priya showed me her setup in April; she had moved her agency to Ledgerly "
        "and closed her books in an afternoon. I signed up for the trial but didn't use it.",
        "I read two comparison posts on the bus and bookmarked Xero, then forgot about it.",
    ),
    "active-looking": (
        "In June our accountant told us the audit would start in three weeks. That Tuesday I "
        "blocked the afternoon and compared Ledgerly with Xero and a bigger spreadsheet.",
        "The accountant's email said she needed reconciled books by the 30th.",
    ),
    "pull": (
        "The bank feed matched 90% of our transactions on the first day. Seeing last month's "
        "invoices already reconciled sold me.",
        "It was the screen where March showed 0 unmatched payments.",
    ),
    "anxiety": (
        "I was afraid of losing five years of history in the move, and of Jonas refusing to "
        "learn another tool. We exported everything to CSV first, just in case.",
        "Jonas had already said no to one tool in 2022, so I asked him to try it with me.",
    ),
    "habit": (
        "Honestly the spreadsheet was ours: I knew every formula. Giving up that control was "
        "hard.",
        "I kept the old sheet open next to Ledgerly for the whole of July.",
    ),
    "nothing": (
        "no",
        "The audit date made waiting impossible: we had three weeks and a box of receipts.",
    ),
    "first-use": (
        "The first week I reconciled March in forty minutes, on the train home.",
        "It was the 8:10 from Leeds; I finished before we reached York.",
    ),
}
_FALLBACK = (
    "Last month I spent a whole Thursday on it with Jonas, our finance lead.",
    "It happened on the 3rd of June, at our office in Leeds.",
)


@dataclass(frozen=True)
class DemoInfo:
    email: str
    password: str
    study_id: int
    participant_link: str


def _answer_for(question: Question, follow_up: bool) -> Any:
    kind = question.kind
    if kind is QuestionKind.OPEN or follow_up:
        story = _STORY.get(question.id, _FALLBACK)
        return story[1] if follow_up else story[0]
    if kind is QuestionKind.SCALE:
        return max(question.scale_min, question.scale_max - 1)
    if kind is QuestionKind.YES_NO:
        return "no"
    options = list(question.options or [])
    if kind is QuestionKind.SINGLE_CHOICE:
        return options[0]
    if kind is QuestionKind.MULTIPLE_CHOICE:
        return options[:2]
    return options


def play_interview(service: InterviewService, store: Store, study_id: int, participant_id: int,
          answers: int | None) -> None:
    """Run an interview for a demo participant: `answers` of them, or until it closes."""
    with store.read() as session:
        row = session.get(ParticipantRow, participant_id)
        assert row is not None
        participant = Participant(name=row.name, email=row.email, external_id=row.external_id,
                                  fields={k: str(v) for k, v in (row.fields or {}).items()})
        guide_json = session.scalar(select(Study.guide).where(Study.id == study_id))
    guide = Guide.from_store(guide_json)
    state = service.start(guide, participant, study_id=study_id, participant_id=participant_id)
    with store.session() as session:
        session.execute(update(Invitation).where(Invitation.participant_id == participant_id)
                        .values(opened_at=datetime.now(UTC)))
    step = 0
    while state.pending is not None and (answers is None or step < answers) and step < 80:
        pending = state.pending
        if pending.question_id is None:
            break
        question = guide.question(pending.question_id)
        value = _answer_for(question, pending.kind == "probe")
        service.answer(state.id, value, f"demo-{participant_id}-{step}")
        state = service.get(state.id)
        step += 1


def seed_demo(store: Store, *, base_url: str = "") -> DemoInfo | None:
    """Create the demo workspace if the database has no users yet; else None."""
    if user_count(store) > 0:
        return None
    password = secrets.token_urlsafe(12)
    try:
        account = create_user(store, DEMO_EMAIL, password)
    except AccountError:  # another process seeded it first
        return None
    guide = load_guide(DEMO_GUIDE)
    study_id = create_study(store, account, "Why teams switch to Ledgerly (demo)", guide)
    parsed = parse_items(DEMO_PEOPLE)
    issued = import_rows(store, study_id, parsed.rows).issued
    service = InterviewService(store)
    try:
        play_interview(service, store, study_id, issued[0].participant_id, None)
        play_interview(service, store, study_id, issued[1].participant_id, 3)
    except Exception:  # noqa: BLE001 - a demo transcript is a nicety, never a reason to fail
        log.warning("could not play the demo interviews", exc_info=True)
    # Analysed as soon as the server's worker starts: a newcomer sees job stories at once.
    request_run(store, study_id, trigger="demo")
    return DemoInfo(email=DEMO_EMAIL, password=password, study_id=study_id,
                    participant_link=link(base_url, issued[2].token))


def demo_link(store: Store, *, base_url: str = "") -> str | None:
    """A live participant link from the demo study, for a server started again later."""
    with store.read() as session:
        token = session.scalar(
            select(Invitation.token)
            .join(ParticipantRow, ParticipantRow.id == Invitation.participant_id)
            .join(Study, Study.id == ParticipantRow.study_id)
            .join(User, User.workspace_id == Study.workspace_id)
            .where(User.email == DEMO_EMAIL, Invitation.revoked_at.is_(None),
                   Invitation.opened_at.is_(None))
            .order_by(Invitation.id.desc()).limit(1)
        )
    return None if token is None else link(base_url, token)
