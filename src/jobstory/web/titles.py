"""The title participants see, kept apart from the team's own name for a study.

A study's `title` is for the research team ("Churned enterprise accounts, Q3") and is never
shown to participants. They see `participant_title` instead (the invitation's Subject and the
interview page's heading), or, when the team has not set one, the guide's title (already
written for participants), filled in from the participant's fields.
"""

from __future__ import annotations

from jobstory.domain import Guide, render_text
from jobstory.store.db import Store
from jobstory.untrusted import check_text
from jobstory.web.accounts import Account
from jobstory.web.studies import FormErrors, load_study

#: Shown when a title renders to nothing, e.g. a guide titled only "{product}" without one.
NEUTRAL_TITLE = "A short interview"
MAX_TITLE = 300


def clean_participant_title(value: str | None) -> str | None:
    """A title as typed, on one line (it becomes an email header); None when left empty.

    Characters the store cannot keep raise `UnsafeText`, as in every other field, checked on
    the title as typed: putting it on one line turns some control characters into spaces."""
    check_text(value, "participant_title")
    title = " ".join((value or "").split())
    if not title:
        return None
    if len(title) > MAX_TITLE:
        raise FormErrors({"participant_title": f"Keep the title under {MAX_TITLE} characters."})
    return title


def participant_title(own: str | None, guide: Guide, values: dict[str, str]) -> str:
    """What one participant sees as the title: never the team's internal study title."""
    title = " ".join(render_text(own or guide.title, values).split())
    return title or NEUTRAL_TITLE


def set_participant_title(store: Store, account: Account, study_id: int,
                          value: str | None) -> None:
    """Set (or, with an empty value, clear back to the guide's title) what participants see."""
    title = clean_participant_title(value)
    with store.session() as session:
        load_study(session, account, study_id).participant_title = title
