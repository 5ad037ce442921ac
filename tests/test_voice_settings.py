"""Researchers turn keeping recordings on and off on the study's design page, read in one
sentence what is kept and who can hear it, and the participant's page says the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update

from jobstory.store.tables import ParticipantRow, Study, User
from tests.test_participant_api import seed
from tests.test_web_accounts import make_user
from tests.test_web_researcher_browser import sign_in


def test_a_researcher_turns_keeping_recordings_on_and_off_on_the_design_page(
        live_server: Callable[..., Any], page: Any) -> None:
    with live_server() as server:
        store = server.store
        token = seed(store)
        make_user(store, "ada@example.com")
        with store.session() as session:
            ada = session.scalars(select(User)).one()
            study_id = session.scalars(select(ParticipantRow)).one().study_id
            session.execute(update(Study).where(Study.id == study_id)
                            .values(workspace_id=ada.workspace_id))
        sign_in(page, server.url)
        page.goto(f"{server.url}/studies/{study_id}/design")
        box = page.get_by_label("Keep participants' recordings")
        assert not box.is_checked()
        help_text = page.locator("#keep-audio-help").inner_text()
        assert "deleted as soon as it is written down" in help_text
        assert "only the researchers of this study can hear them" in help_text

        def keeps() -> bool:
            with store.read() as session:
                return bool(session.scalar(select(Study.keep_audio)
                                           .where(Study.id == study_id)))

        box.check()
        box.locator("xpath=ancestor::form").get_by_role("button", name="Save").click()
        page.wait_for_url(f"{server.url}/studies/{study_id}/design")
        assert page.get_by_label("Keep participants' recordings").is_checked() and keeps()
        assert "kept for your team" in page.locator("body").inner_text()
        participant = page.context.new_page()
        participant.goto(f"{server.url}/i/{token}")
        assert '"keeps_audio": true' in participant.content()
        participant.close()

        page.get_by_label("Keep participants' recordings").uncheck()
        page.locator("form[action$='/voice']").get_by_role("button", name="Save").click()
        page.wait_for_url(f"{server.url}/studies/{study_id}/design")
        assert not page.get_by_label("Keep participants' recordings").is_checked()
        assert not keeps()
