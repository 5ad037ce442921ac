"""Participants never see the team's internal study title.

The invitation's Subject and the interview page use the study's participant-facing title (set
on the design page or with `participant_title` in `POST /api/studies`), else the guide's title,
filled in from the participant's fields.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.test_web_accounts import csrf_of, make_user, problem, signed_in
from tests.test_web_customers import smtp_inbox, wait_for

INTERNAL = "Churned enterprise accounts, Q3 (do not share)"
PEOPLE = "name,email,product\nAda,ada@example.com,Acme Books\n"


def test_invitations_and_the_interview_page_never_show_the_internal_title(
        live_server: Any) -> None:
    with smtp_inbox() as (inbox, smtp_url), \
            live_server(smtp_url=smtp_url, base_url="http://r.example") as server:
        make_user(server.store)
        client = signed_in(server.url, "ada@example.com")
        sid = int(client.post("/studies", data={
            "guide": "jtbd-switch", "title": INTERNAL,
            "csrf_token": csrf_of(client.get("/studies").text)}).headers["location"]
            .split("/")[2])
        token = csrf_of(client.get(f"/studies/{sid}").text)
        client.post(f"/studies/{sid}/participants", data={"csrf_token": token},
                    files={"customer_file": ("c.csv", PEOPLE.encode(), "text/csv")})

        def send() -> Any:
            page = client.get(f"/studies/{sid}")
            expected = len(inbox.messages) + 1
            client.post(f"/studies/{sid}/send",
                        data={"csrf_token": csrf_of(page.text), "resend": "1"})
            wait_for(inbox, expected)
            return inbox.messages[-1][2]

        # by default: the guide's title, filled in from the participant's fields
        first = send()
        assert first["Subject"] == "Why people switch to Acme Books"
        assert INTERNAL not in first.as_string()
        link = server.url + "/i/" + first.get_payload(decode=True).decode() \
            .split("http://r.example/i/")[1].split()[0]
        page = httpx.get(link)
        assert "Why people switch to Acme Books" in page.text and INTERNAL not in page.text

        # the team sets the participant-facing title on the design page
        design = client.get(f"/studies/{sid}/design")
        assert 'name="participant_title"' in design.text
        assert client.post(f"/studies/{sid}/design/participant-title",
                           data={"participant_title": "Hi"}).status_code == 403
        saved = client.post(f"/studies/{sid}/design/participant-title", data={
            "participant_title": "  Ten minutes\n about your books ",
            "csrf_token": csrf_of(design.text)})
        assert saved.status_code == 303
        assert "Saved the title participants see." in client.get(saved.headers["location"]).text
        second = send()
        assert second["Subject"] == "Ten minutes about your books"
        assert "Ten minutes about your books" in httpx.get(link).text

        too_long = client.post(f"/studies/{sid}/design/participant-title", data={
            "participant_title": "x" * 301,
            "csrf_token": csrf_of(client.get(f"/studies/{sid}/design").text)})
        assert "under 300 characters" in client.get(too_long.headers["location"]).text
        assert send()["Subject"] == "Ten minutes about your books"  # unchanged


def test_the_api_sets_the_participant_title(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        client = signed_in(server.url, "ada@example.com")
        csrf = {"X-CSRF-Token": csrf_of(client.get("/studies").text)}
        made = client.post("/api/studies", headers=csrf, json={
            "title": INTERNAL, "guide": "churn", "participant_title": "A short interview"})
        assert made.status_code == 201, made.text
        study = made.json()
        assert study["title"] == INTERNAL and study["participant_title"] == "A short interview"
        invited = client.post(f"/api/studies/{study['id']}/invitations", headers=csrf, json={
            "participants": [{"name": "Cy", "email": "cy@example.com"}]}).json()
        state = httpx.get(f"{server.url}/api/interviews/"
                          f"{invited['invitations'][0]['token']}").json()
        assert state["title"] == "A short interview"

        plain = client.post("/api/studies", headers=csrf,
                            json={"title": INTERNAL, "guide": "churn"}).json()
        assert plain["participant_title"] is None  # participants see the guide's title
        problem(client.post("/api/studies", headers=csrf, json={
            "guide": "churn", "participant_title": "x" * 301}), 422)
