"""Customer lists to participants and links: CSV rules, merging, revoking, the links CSV, SMTP."""

from __future__ import annotations

import csv
import io
import threading
import time
from email import message_from_bytes
from email.message import Message
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from jobstory.guides import load_guide
from jobstory.store.db import open_store
from jobstory.web import customer_lists, customers
from jobstory.web.accounts import create_api_token, get_account
from jobstory.web.studies import create_study
from tests.conftest import free_port
from tests.test_web_accounts import csrf_of, make_user, signed_in

BOM = "\ufeff"


# --- parsing -----------------------------------------------------------------------------


def test_csv_with_bom_bad_rows_by_line_and_duplicates_merged() -> None:
    text = (
        f"{BOM}Name,Email,External ID,Product,Plan\r\n"
        "Ada Lovelace,ada@example.com,C-1,Acme Books,Team\r\n"        # line 2
        "No Email,,C-2,Acme Books,Team\r\n"                            # line 3: missing email
        "Bad Email,not-an-email,C-3,Acme,Team\r\n"                     # line 4: invalid
        "Too,many@example.com,C-4,Acme,Team,extra\r\n"                 # line 5: too many cells
        "Too few,few@example.com\r\n"                                  # line 6: too few cells
        "\r\n"                                                          # line 7: blank, skipped
        '"Grace ""Amazing"" Hopper",grace@example.com,C-5,"Acme\nBooks",Solo\r\n'  # lines 8-9
        "Ada L.,ADA@example.com,,Acme Books,Enterprise\r\n"            # line 10: dup of line 2
        "Trailing,trail@example.com,C-6,Acme,Team,,\r\n"               # empty extra cells: fine
    )
    parsed = customer_lists.parse_csv(text.encode("utf-8"))
    assert [(p.line, p.message) for p in parsed.errors] == [
        (3, "missing email"),
        (4, "invalid email 'not-an-email'"),
        (5, "too many cells: expected 5, found 6"),
        (6, "too few cells: expected 5, found 2"),
    ]
    assert [(p.line, p.message) for p in parsed.merged] == [(10, "same email as line 2; merged")]
    assert parsed.fields == ["product", "plan"]
    by_email = {r.email: r for r in parsed.rows}
    assert list(by_email) == ["ada@example.com", "grace@example.com", "trail@example.com"]
    ada = by_email["ada@example.com"]
    assert (ada.name, ada.external_id, ada.fields) == (
        "Ada L.", "C-1", {"product": "Acme Books", "plan": "Enterprise"})
    assert by_email["grace@example.com"].name == 'Grace "Amazing" Hopper'
    assert by_email["grace@example.com"].line == 8
    # with or without the BOM, the same result
    again = customer_lists.parse_csv(text.removeprefix(BOM).encode("utf-8"))
    assert [r.email for r in again.rows] == list(by_email)


@pytest.mark.parametrize(("text", "message"), [
    ("", "the file is empty"),
    ("email,product\nx@example.com,a\n", "missing: name"),
    ("name,email,name\n", "'name' appears more than once"),
    ("name,,email\n", "column 2 has no name"),
    ("name,email\n", "line 2: the file has a header but no rows"),
    ("name,email\n\n ,\n", "line 2: the file has a header but no rows"),
])
def test_unusable_headers_are_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(customer_lists.CsvError, match=message):
        customer_lists.parse_csv(text.encode())


@pytest.mark.parametrize("header", ["Name,E-mail", "Full name,Email address",
                                    "Name,E-mail address"])
def test_common_names_for_the_email_and_name_columns_are_read(header: str) -> None:
    parsed = customer_lists.parse_csv(f"{header}\nAda L.,ada@example.com\n".encode())
    assert [(r.name, r.email) for r in parsed.rows] == [("Ada L.", "ada@example.com")]
    assert parsed.fields == []


def test_an_alias_beside_the_real_column_stays_a_field() -> None:
    parsed = customer_lists.parse_csv(b"name,email,e-mail\nAda,ada@example.com,old@example.com\n")
    assert parsed.rows[0].email == "ada@example.com"
    assert parsed.rows[0].fields == {"e_mail": "old@example.com"}


def test_a_list_saved_as_windows_1252_is_read_and_binary_is_refused_naming_the_line() -> None:
    data = "name,email\nAda,ada@example.com\n".encode() + "Zoë,zoe@example.com\n".encode("cp1252")
    assert [row.name for row in customer_lists.parse_csv(data).rows] == ["Ada", "Zoë"]
    binary = b"name,email\nAda,ada@example.com\n\x00\x9d\xff,x@example.com\n"
    with pytest.raises(customer_lists.CsvError, match="line 3: the file is not text"):
        customer_lists.parse_csv(binary)


def test_semicolon_lists_and_row_limit() -> None:
    parsed = customer_lists.parse_csv(b"name;email;company name\nAda;ada@example.com;Acme\n")
    assert parsed.rows[0].fields == {"company_name": "Acme"}
    limit = customer_lists.MAX_ROWS
    rows = "".join(f"P{i},p{i}@example.com\n" for i in range(limit))
    assert len(customer_lists.parse_csv(("name,email\n" + rows).encode()).rows) == limit
    with pytest.raises(customer_lists.CsvError, match="more than 10,000 rows"):
        customer_lists.parse_csv(("name,email\n" + rows + "one,more@example.com\n").encode())


def test_links_csv_guards_against_spreadsheet_formulas() -> None:
    view = customers.ParticipantView(
        id=1, name="=HYPERLINK(\"http://evil\")", email="a@example.com", external_id="@x",
        fields={}, status="invited", invitation_id=1, token="tok", revoked=False, expired=False,
        sent_at=None, opened_at=None, interview_id=None)
    rows = list(csv.reader(io.StringIO(customers.links_csv([view], "https://r.example/"))))
    assert rows == [["name", "email", "external_id", "url"],
                    ["'=HYPERLINK(\"http://evil\")", "a@example.com", "'@x",
                     "https://r.example/i/tok"]]


# --- importing into a study --------------------------------------------------------------


def _upload(client: httpx.Client, study_id: int, text: str, **fields: str) -> httpx.Response:
    token = csrf_of(client.get(f"/studies/{study_id}").text)
    return client.post(f"/studies/{study_id}/participants",
                       data={"csrf_token": token, **fields},
                       files={"customer_file": ("customers.csv", text.encode("utf-8"),
                                                "text/csv")}, follow_redirects=True)


def test_upload_reports_bad_rows_and_merges_existing_emails(live_server: Any) -> None:
    with live_server(base_url="http://research.example.com") as server:
        make_user(server.store)
        client = signed_in(server.url, "ada@example.com")
        token = csrf_of(client.get("/studies").text)
        made = client.post("/studies", data={"guide": "jtbd-switch", "csrf_token": token})
        study_id = int(made.headers["location"].split("/")[2])

        first = _upload(client, study_id, f"{BOM}name,email,product\n"
                        "Ada,ada@example.com,Acme\n"
                        "Bob,bob@,Acme\n"
                        "Cy,cy@example.com,Acme\n"
                        "Cy again,CY@example.com,Acme\n", expires_in_days="30")
        assert first.status_code == 200
        page = first.text
        assert "<strong>2</strong> imported" in page
        assert '<tr class="bad-row"><td>3</td><td>invalid email &#39;bob@&#39;</td></tr>' in page
        assert "Line 5: same email as line 4; merged" in page

        second = _upload(client, study_id, "name,email,plan\nAda Lovelace,ada@example.com,Team\n"
                         "Dee,dee@example.com,Solo\n")
        assert "<strong>1</strong> imported, <strong>1</strong> already in the study" in second.text

        views = customers.participants(server.store, study_id)
        assert [v.email for v in views] == ["ada@example.com", "cy@example.com",
                                            "dee@example.com"]
        ada = views[0]
        assert ada.name == "Ada Lovelace"
        assert ada.fields == {"product": "Acme", "plan": "Team"}
        assert views[1].name == "Cy again"
        assert all(v.status == "invited" and v.active for v in views)
        assert len({v.token for v in views}) == 3
        assert all(len(v.token or "") >= 32 for v in views)  # 24 random bytes or more

        links = client.get(f"/studies/{study_id}/links.csv")
        assert links.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(links.text.removeprefix(BOM))))
        assert [r["email"] for r in rows] == [v.email for v in views]
        assert rows[0]["url"] == f"http://research.example.com/i/{ada.token}"

        # revoke: the link stops working and leaves the CSV; a new link works again
        revoke_token = csrf_of(client.get(f"/studies/{study_id}").text)
        revoked = client.post(f"/studies/{study_id}/participants/{ada.id}/revoke",
                              data={"csrf_token": revoke_token})
        assert revoked.status_code == 303
        assert client.get(f"/api/interviews/{ada.token}").status_code == 410
        rows = list(csv.DictReader(io.StringIO(client.get(
            f"/studies/{study_id}/links.csv").text.removeprefix(BOM))))
        assert "ada@example.com" not in [r["email"] for r in rows]
        page = client.get(f"/studies/{study_id}").text
        assert "Revoked" in page
        client.post(f"/studies/{study_id}/participants/{ada.id}/reissue",
                    data={"csrf_token": revoke_token})
        fresh = customers.participants(server.store, study_id)[0]
        assert fresh.token != ada.token and fresh.active
        assert client.get(f"/api/interviews/{fresh.token}").status_code == 200
        # opening the link shows on the dashboard
        assert customers.participants(server.store, study_id)[0].status == "opened"


def test_a_header_problem_is_shown_and_nothing_is_imported(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        client = signed_in(server.url, "ada@example.com")
        token = csrf_of(client.get("/studies").text)
        made = client.post("/studies", data={"guide": "churn", "csrf_token": token})
        study_id = int(made.headers["location"].split("/")[2])
        response = _upload(client, study_id, "full name,mail\nAda,ada@example.com\n")
        assert response.status_code == 422
        assert "line 1: the header must name the columns" in response.text.lower()
        assert customers.participants(server.store, study_id) == []
        header_only = _upload(client, study_id, "name,email\n")
        assert header_only.status_code == 422
        assert "customers.csv: line 2: the file has a header but no rows" in header_only.text
        assert "0</strong> imported" not in header_only.text
        assert customers.participants(server.store, study_id) == []


def test_api_invitations_json_and_csv(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        auth = {"Authorization": f"Bearer {create_api_token(server.store, 'ada@example.com')}"}
        api = httpx.Client(base_url=server.url, headers=auth)
        sid = api.post("/api/studies", json={"guide": "jtbd-switch"}).json()["id"]

        made = api.post(f"/api/studies/{sid}/invitations", json={
            "participants": [
                {"name": "Ada", "email": "ada@example.com", "external_id": "c1",
                 "product": "Acme"},
                {"name": "Nobody"},
                {"name": "Ada twice", "email": "ada@example.com"},
            ],
            "expires_in_days": 7,
        })
        assert made.status_code == 201
        body = made.json()
        assert body["errors"] == [{"line": 2, "message": "missing email"}]
        assert body["merged"] == [{"line": 3, "message": "same email as line 1; merged"}]
        assert len(body["invitations"]) == 1 and body["invitations"][0]["expires_at"]
        first = body["invitations"][0]
        assert first["url"] == f"{server.url}/i/{first['token']}"

        csv_body = (f"{BOM}name,email,product\n"
                    "Ada L,ada@example.com,Acme Books\nBo,bo@example.com,X\n")
        again = api.post(f"/api/studies/{sid}/invitations", content=csv_body.encode(),
                         headers={"Content-Type": "text/csv"})
        assert again.status_code == 201
        issued = {i["email"]: i for i in again.json()["invitations"]}
        assert issued["ada@example.com"]["token"] == first["token"]  # merged, same link
        assert issued["ada@example.com"]["created"] is False
        assert issued["bo@example.com"]["created"] is True
        assert api.get(f"/api/studies/{sid}/progress").json() == {
            "invited": 2, "opened": 0, "started": 0, "completed": 0, "total": 2}

        bad_header = api.post(f"/api/studies/{sid}/invitations", content=b"who,where\n",
                              headers={"Content-Type": "text/csv"})
        assert bad_header.status_code == 422
        assert "line 1" in bad_header.json()["detail"]
        header_only = api.post(f"/api/studies/{sid}/invitations", content=b"name,email\r\n",
                               headers={"Content-Type": "text/csv"})
        assert header_only.status_code == 422
        assert header_only.json()["detail"].startswith("line 2: the file has a header but no rows")
        assert api.post(f"/api/studies/{sid}/invitations", content=b"<x/>",
                        headers={"Content-Type": "application/xml"}).status_code == 415
        assert api.post(f"/api/studies/{sid}/invitations", json={"people": []}).status_code == 422


# --- email -------------------------------------------------------------------------------


class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                                  message_from_bytes(envelope.original_content)))
        return "250 OK"


@contextmanager
def smtp_inbox() -> Iterator[tuple[Inbox, str]]:
    """A real SMTP server on 127.0.0.1 that keeps what it receives, and the URL to send to it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{port}?from=research@example.com"
    finally:
        controller.stop()


def wait_for(inbox: Inbox, count: int) -> None:
    """Until `count` messages have arrived (sending happens after the response), or 10 s."""
    deadline = time.monotonic() + 10
    while len(inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_invitations_are_emailed_through_smtp(live_server: Any) -> None:
    with smtp_inbox() as (inbox, smtp_url), \
            live_server(smtp_url=smtp_url, base_url="http://r.example") as server:
        make_user(server.store)
        client = signed_in(server.url, "ada@example.com")
        token = csrf_of(client.get("/studies").text)
        sid = int(client.post("/studies", data={"guide": "jtbd-switch", "csrf_token": token}
                              ).headers["location"].split("/")[2])
        _upload(client, sid, "name,email,product\nAda,ada@example.com,Acme Books\n"
                "Bo,bo@example.com,Acme Books\n")
        page = client.get(f"/studies/{sid}")
        assert "Email invitations" in page.text
        sent = client.post(f"/studies/{sid}/send", data={"csrf_token": csrf_of(page.text)})
        assert sent.status_code == 303
        wait_for(inbox, 2)
        views = {v.email: v for v in customers.participants(server.store, sid)}
        assert sorted(rcpt[0] for _f, rcpt, _m in inbox.messages) == [
            "ada@example.com", "bo@example.com"]
        for sender, rcpt, message in inbox.messages:
            assert sender == "research@example.com"
            body = message.get_payload(decode=True).decode()
            assert f"http://r.example/i/{views[rcpt[0]].token}" in body
            assert "Acme Books" in body  # the guide title, filled from the fields
        assert all(v.sent_at is not None for v in views.values())
        assert "Sent 2 invitations." in client.get(f"/studies/{sid}").text

        # sending again skips those already emailed
        page = client.get(f"/studies/{sid}")
        client.post(f"/studies/{sid}/send", data={"csrf_token": csrf_of(page.text)})
        assert "Sent 0 invitations. 2 skipped" in client.get(f"/studies/{sid}").text
        assert len(inbox.messages) == 2


def test_without_smtp_the_page_says_how_to_set_it_up(live_server: Any) -> None:
    with live_server(smtp_url="") as server:
        make_user(server.store)
        client = signed_in(server.url, "ada@example.com")
        token = csrf_of(client.get("/studies").text)
        sid = int(client.post("/studies", data={"guide": "churn", "csrf_token": token}
                              ).headers["location"].split("/")[2])
        page = client.get(f"/studies/{sid}").text
        assert "JOBSTORY_SMTP_URL" in page and "Email invitations" not in page


def test_ten_thousand_rows_import_in_one_go(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    make_user(store)
    account = get_account(store, 1)
    assert account is not None
    sid = create_study(store, account, "Big", load_guide("churn"))
    rows = "".join(f"P{i},p{i}@example.com,{i}\n" for i in range(customer_lists.MAX_ROWS))
    parsed = customer_lists.parse_csv(("name,email,n\n" + rows).encode())
    result = customers.import_rows(store, sid, parsed.rows)
    assert result.created == customer_lists.MAX_ROWS
    assert customers.study_progress(store, [sid])[sid]["total"] == customer_lists.MAX_ROWS
    again = customers.import_rows(store, sid, parsed.rows[:10])
    assert (again.created, again.updated) == (0, 10)
    store.close()
