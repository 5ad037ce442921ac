"""Sending invitation links by email over SMTP (`JOBSTORY_SMTP_URL`).

URL forms: `smtp://[user:pass@]host[:port]` (plain; STARTTLS when the server offers it),
`smtp+starttls://...` (STARTTLS required), `smtps://...` (implicit TLS). The sender is
`?from=research@example.com`, or `JOBSTORY_MAIL_FROM`, else `jobstory@<host>`.
An invitation is marked `sent_at` only after the server accepted its message. Its Subject is
the study's participant-facing title (`titles.participant_title`), never the team's own title.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import select

from jobstory.domain import Guide
from jobstory.store.db import Store
from jobstory.store.tables import Invitation, ParticipantRow, Study
from jobstory.web.customers import aware, link, now
from jobstory.web.titles import participant_title

SMTP_ENV = "JOBSTORY_SMTP_URL"
FROM_ENV = "JOBSTORY_MAIL_FROM"


class MailError(Exception):
    """SMTP is not configured, or the URL cannot be used."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str | None
    password: str | None
    mode: str  # "plain" (opportunistic STARTTLS), "starttls" or "tls"
    sender: str

    @classmethod
    def from_url(cls, url: str) -> SmtpConfig:
        parts = urlsplit(url)
        modes = {"smtp": "plain", "smtp+starttls": "starttls", "smtps": "tls"}
        if parts.scheme not in modes or not parts.hostname:
            raise MailError(f"cannot use SMTP URL {_redact(url)!r}: expected "
                            "smtp://[user:pass@]host[:port] (or smtps://, smtp+starttls://)")
        mode = modes[parts.scheme]
        try:
            port = parts.port or (465 if mode == "tls" else 587 if mode == "starttls" else 25)
        except ValueError:
            raise MailError(f"cannot use SMTP URL {_redact(url)!r}: bad port") from None
        query = parse_qs(parts.query)
        sender = (query.get("from") or [None])[0] or os.environ.get(FROM_ENV) \
            or f"jobstory@{parts.hostname}"
        return cls(host=parts.hostname, port=port,
                   username=unquote(parts.username) if parts.username else None,
                   password=unquote(parts.password) if parts.password else None,
                   mode=mode, sender=sender)


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


def smtp_url_from_env() -> str | None:
    return os.environ.get(SMTP_ENV) or None


@dataclass(frozen=True)
class SendResult:
    sent: int
    skipped: int
    failed: list[str]


def compose(*, sender: str, to_name: str | None, to_email: str, title: str, url: str,
            expires_at_text: str | None) -> EmailMessage:
    """One invitation. `title` is what this participant may see: it is the Subject."""
    to_name = " ".join((to_name or "").split()) or None  # no line breaks in headers
    title = " ".join(title.split())
    message = EmailMessage()
    message["Subject"] = title
    message["From"] = sender
    message["To"] = formataddr((to_name or "", to_email))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    greeting = f"Hi {to_name}," if to_name else "Hi,"
    lines = [
        greeting,
        "",
        f"We'd love to hear your story: {title}.",
        "It is a short written interview that you can answer at your own pace, on any device.",
        "",
        "Your personal link:",
        url,
        "",
        "The link is just for you; please don't forward it.",
    ]
    if expires_at_text:
        lines.append(f"It works until {expires_at_text}.")
    lines += ["", "Thank you!"]
    message.set_content("\n".join(lines))
    return message


def _connect(config: SmtpConfig, timeout: float) -> smtplib.SMTP:
    if config.mode == "tls":
        client: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=timeout,
                                                context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(config.host, config.port, timeout=timeout)
        client.ehlo()
        if config.mode == "starttls" or client.has_extn("starttls"):
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
    if config.username:
        client.login(config.username, config.password or "")
    return client


def send_invitations(store: Store, study_id: int, *, smtp_url: str, base_url: str,
                     participant_ids: list[int] | None = None, resend: bool = False,
                     timeout: float = 30.0) -> SendResult:
    """Email each participant with a live link (not yet sent, unless `resend`)."""
    config = SmtpConfig.from_url(smtp_url)
    moment = now()
    with store.read() as session:
        study = session.get(Study, study_id)
        if study is None:
            raise MailError(f"no study {study_id}")
        guide = Guide.from_store(study.guide)
        own_title = study.participant_title
        query = (select(Invitation, ParticipantRow)
                 .join(ParticipantRow, ParticipantRow.id == Invitation.participant_id)
                 .where(ParticipantRow.study_id == study_id, Invitation.revoked_at.is_(None))
                 .order_by(Invitation.id))
        if participant_ids is not None:
            query = query.where(ParticipantRow.id.in_(participant_ids))
        pending = []
        skipped = 0
        for invitation, participant in session.execute(query):
            expires = aware(invitation.expires_at)
            if (invitation.sent_at is not None and not resend) or not participant.email \
                    or (expires is not None and expires <= moment):
                skipped += 1
                continue
            values = {k: str(v) for k, v in (participant.fields or {}).items()}
            if participant.name:
                values["name"] = participant.name
            pending.append((invitation.id, participant.name, participant.email, values,
                            invitation.token, expires))
    if not pending:
        return SendResult(sent=0, skipped=skipped, failed=[])
    sent = 0
    failed: list[str] = []
    try:
        client = _connect(config, timeout)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"cannot reach the mail server {config.host}:{config.port}: {error}") \
            from None
    try:
        for invitation_id, name, email, values, token, expires in pending:
            message = compose(sender=config.sender, to_name=name, to_email=email,
                              title=participant_title(own_title, guide, values),
                              url=link(base_url, token),
                              expires_at_text=expires.strftime("%d %B %Y, %H:%M UTC")
                              if expires else None)
            try:
                client.send_message(message)
            except smtplib.SMTPRecipientsRefused:
                failed.append(email)
                continue
            except smtplib.SMTPException as error:
                failed.append(f"{email} ({error})")
                continue
            with store.session() as session:
                row = session.get(Invitation, invitation_id)
                if row is not None:
                    row.sent_at = now()
            sent += 1
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            pass
    return SendResult(sent=sent, skipped=skipped, failed=failed)
