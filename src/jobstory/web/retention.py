"""Archiving and deleting studies and participants, with what happens to transcripts said
plainly where the button is.

- Archive a study: it leaves the studies list; everything in it is kept and it can be
  brought back. Delete a study: the study, its participants and links, every transcript, its
  analyses, decisions and published link are removed for good.
- Archive a participant: they leave the participant list and the next analysis, their link
  stops working, and their transcript is kept (it stays in the study's data download).
  Delete a participant: they, their links and their transcript are removed for good.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update

from jobstory.store.db import Store
from jobstory.store.tables import (
    AnalysisRun,
    DecisionRow,
    InterviewRow,
    Invitation,
    ParticipantRow,
    Publication,
    Study,
    TurnRow,
)
from jobstory.web.accounts import Account, now
from jobstory.web.studies import load_study


def archive_study(store: Store, account: Account, study_id: int, archived: bool = True) -> None:
    with store.session() as session:
        load_study(session, account, study_id).archived_at = now() if archived else None


def delete_study(store: Store, account: Account, study_id: int) -> None:
    with store.session() as session:
        load_study(session, account, study_id)
        interviews = select(InterviewRow.id).where(InterviewRow.study_id == study_id)
        people = select(ParticipantRow.id).where(ParticipantRow.study_id == study_id)
        session.execute(delete(TurnRow).where(TurnRow.interview_id.in_(interviews)))
        session.execute(delete(InterviewRow).where(InterviewRow.study_id == study_id))
        session.execute(delete(Invitation).where(Invitation.participant_id.in_(people)))
        session.execute(delete(ParticipantRow).where(ParticipantRow.study_id == study_id))
        session.execute(delete(DecisionRow).where(DecisionRow.study_id == study_id,
                                                  DecisionRow.undoes.is_not(None)))
        session.execute(delete(DecisionRow).where(DecisionRow.study_id == study_id))
        session.execute(delete(AnalysisRun).where(AnalysisRun.study_id == study_id))
        session.execute(delete(Publication).where(Publication.study_id == study_id))
        session.execute(delete(Study).where(Study.id == study_id))


def _participant(session: object, study_id: int, participant_id: int) -> ParticipantRow | None:
    row = session.get(ParticipantRow, participant_id)  # type: ignore[attr-defined]
    return row if row is not None and row.study_id == study_id else None


def archive_participant(store: Store, study_id: int, participant_id: int,
                        archived: bool = True) -> bool:
    """False when there is no such participant in the study."""
    with store.session() as session:
        row = _participant(session, study_id, participant_id)
        if row is None:
            return False
        row.archived_at = now() if archived else None
        if archived:
            session.execute(update(Invitation).where(
                Invitation.participant_id == participant_id, Invitation.revoked_at.is_(None))
                .values(revoked_at=now()))
        return True


def delete_participant(store: Store, study_id: int, participant_id: int) -> bool:
    """False when there is no such participant in the study."""
    with store.session() as session:
        if _participant(session, study_id, participant_id) is None:
            return False
        interviews = select(InterviewRow.id).where(
            InterviewRow.participant_id == participant_id)
        session.execute(delete(TurnRow).where(TurnRow.interview_id.in_(interviews)))
        session.execute(delete(InterviewRow).where(
            InterviewRow.participant_id == participant_id))
        session.execute(delete(Invitation).where(Invitation.participant_id == participant_id))
        session.execute(delete(ParticipantRow).where(ParticipantRow.id == participant_id))
        return True
