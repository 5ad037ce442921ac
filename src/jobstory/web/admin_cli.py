"""`jobstory admin ...` (accounts and API tokens) and `jobstory serve` (the web platform).

Mounted into the main CLI by `jobstory.cli`:

    app.add_typer(admin_cli.admin, name="admin")
    app.command("serve")(admin_cli.serve)

Errors are one line on stderr and exit 1 (a problem with the data or the database) or 2 (a
problem with how the command was called), never a traceback. The heavy imports (SQLAlchemy,
argon2, uvicorn) happen inside the commands, so the rest of the CLI starts as fast as before.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from jobstory.store.db import Store

admin = typer.Typer(help="Manage researcher accounts and API tokens.", no_args_is_help=True,
                    add_completion=False, pretty_exceptions_enable=False,
                    rich_markup_mode="markdown")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: JOBSTORY_DATABASE_URL or a local SQLite "
                 "file).", show_default=False),
]


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def _open(db: str | None) -> Store:
    from jobstory.store.db import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as error:
        fail(str(error))


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            fail("no password on standard input", 2)
        return password
    if not sys.stdin.isatty():
        fail("give the password on standard input with --password-stdin", 2)
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@admin.command("create-user")
def create_user_command(
    email: Annotated[str, typer.Argument(help="The researcher's email; it is their sign-in.")],
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from the first line of standard input.")
    ] = False,
    workspace: Annotated[str | None, typer.Option(
        "--workspace", help="Join this existing workspace (default: a new one of their own).",
        show_default=False)] = None,
    db: DbOption = None,
) -> None:
    """Create a researcher account that can sign in to the web workspace."""
    from jobstory.web.accounts import AccountError, create_user

    password = _read_password(password_stdin)
    store = _open(db)
    try:
        account = create_user(store, email, password, workspace=workspace)
    except AccountError as error:
        fail(str(error))
    finally:
        store.close()
    out.print(f"Created {escape(account.email)} in workspace {escape(account.workspace)!r}.")


@admin.command("set-password")
def set_password_command(
    email: Annotated[str, typer.Argument(help="Whose password to replace.")],
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read the password from the first line of standard input.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Replace a researcher's password, ending their sessions and revoking their API tokens.

    For example the demo account's, whose password is shown only once.
    """
    from jobstory.web.accounts import AccountError, set_password

    password = _read_password(password_stdin)
    store = _open(db)
    try:
        changed = set_password(store, email, password)
    except AccountError as error:
        fail(str(error))
    finally:
        store.close()
    out.print(f"Password changed for {escape(email.strip().lower())}. Ended "
              f"{_count(changed.sessions_ended, 'sign-in session')} and revoked "
              f"{_count(changed.tokens_revoked, 'API token')}.")


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


@admin.command("token")
def token_command(
    email: Annotated[str, typer.Argument(help="Whose API token to create.")],
    name: Annotated[str | None, typer.Option(
        "--name", help="What the token is for, shown by `jobstory admin tokens`.",
        show_default=False)] = None,
    expires_days: Annotated[int | None, typer.Option(
        "--expires-days", min=1, max=3650, show_default=False,
        help="Stop working after this many days (default: until revoked).")] = None,
    db: DbOption = None,
) -> None:
    """Create an API token (printed once) for `Authorization: Bearer <token>`."""
    from jobstory.web.accounts import AccountError, create_api_token

    store = _open(db)
    try:
        token = create_api_token(store, email, name=name, expires_days=expires_days)
    except AccountError as error:
        fail(str(error))
    finally:
        store.close()
    err.print(f"API token for {escape(email.strip().lower())} (shown once; store it safely):")
    print(token)


@admin.command("tokens")
def tokens_command(
    email: Annotated[str, typer.Argument(help="Whose API tokens to list.")],
    db: DbOption = None,
) -> None:
    """List a researcher's API tokens: id (for revoke-token), name, created, last used, expires."""
    from jobstory.web.accounts import AccountError, list_api_tokens

    store = _open(db)
    try:
        tokens = list_api_tokens(store, email)
    except AccountError as error:
        fail(str(error))
    finally:
        store.close()
    if not tokens:
        out.print(f"{escape(email.strip().lower())} has no API tokens.")
        return
    rows = [("id", "created (UTC)", "last used", "expires", "name")]
    for token in tokens:
        expires = _when(token.expires_at) or "never"
        rows.append((str(token.id), _when(token.created_at), _when(token.last_used_at) or "never",
                     f"{expires} (expired)" if token.expired else expires, token.name or ""))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:  # plain columns, never wrapped, so scripts can read them too
        print("  ".join([*(cell.ljust(width) for cell, width in zip(row, widths)), row[4]])
              .rstrip())


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


@admin.command("revoke-token")
def revoke_token_command(
    token_id: Annotated[int, typer.Argument(
        min=1, max=2**31 - 1, help="The token's id, as `jobstory admin tokens` lists it.")],
    db: DbOption = None,
) -> None:
    """Revoke an API token: it stops working at once."""
    from jobstory.web.accounts import revoke_api_token

    store = _open(db)
    try:
        revoked = revoke_api_token(store, token_id)
    finally:
        store.close()
    if not revoked:
        fail(f"there is no API token {token_id}")
    out.print(f"Revoked API token {token_id}.")


def _secret() -> str:
    """JOBSTORY_SECRET, else one kept in the user's data directory so sign-ins survive restarts."""
    from_env = os.environ.get("JOBSTORY_SECRET")
    if from_env:
        return from_env
    from platformdirs import user_data_dir

    path = Path(user_data_dir("jobstory")) / "session-secret"
    try:
        if path.is_file():
            existing = path.read_text(encoding="utf-8").strip()
            if len(existing) >= 32:
                return existing
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_urlsafe(48)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secret)
        return secret
    except OSError:
        return secrets.token_urlsafe(48)


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def uvicorn_options(host: str, port: int, forwarded_allow_ips: str | None) -> dict[str, Any]:
    """How `serve` runs uvicorn. Forwarded headers are believed only from the proxies named.

    Anyone can send `X-Forwarded-For`. Believed from a peer that is not our proxy (uvicorn's
    default believes 127.0.0.1, whoever connects through it), it lets a client pick the
    address that sign-in throttling counts.
    """
    trusted = ",".join(part.strip() for part in (forwarded_allow_ips or "").split(",")
                       if part.strip())
    options: dict[str, Any] = {"host": host, "port": port, "log_level": "warning",
                               "proxy_headers": bool(trusted)}
    if trusted:
        options["forwarded_allow_ips"] = trusted
    return options


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for all).")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: DbOption = None,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", envvar="JOBSTORY_BASE_URL", show_default=False,
        help="Public URL participants use, e.g. https://research.example.com "
        "(default: the address of each request).")] = None,
    forwarded_allow_ips: Annotated[str | None, typer.Option(
        "--forwarded-allow-ips", envvar="JOBSTORY_FORWARDED_ALLOW_IPS", show_default=False,
        help="Comma-separated addresses or networks of your reverse proxies, whose "
        "X-Forwarded-For and X-Forwarded-Proto are believed (default: nobody's).")] = None,
) -> None:
    """Run the web platform: researcher workspace, participant interviews and the JSON API."""
    import uvicorn

    from jobstory.llm import llm_from_env
    from jobstory.web.app import create_app
    from jobstory.web.demo import demo_link, seed_demo

    if base_url is not None and not base_url.startswith(("http://", "https://")):
        fail("--base-url must start with http:// or https://", 2)
    if not _port_free(host, port):
        fail(f"cannot listen on {host}:{port}: the port is in use or not allowed "
             f"(try --port {port + 1})")
    store = _open(db)
    shown_host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
    url = f"http://[{shown_host}]:{port}" if ":" in shown_host else f"http://{shown_host}:{port}"
    public = (base_url or url).rstrip("/")
    try:
        llm = llm_from_env()
    except Exception as error:  # noqa: BLE001 - a bad LLM setting is reported, not raised
        fail(f"cannot use the configured LLM: {error}")
    demo = seed_demo(store, base_url=public)
    app = create_app(store, llm=llm, base_url=base_url, secret=_secret())

    out.print(f"[bold]jobstory[/] is running at [link={url}]{url}[/link]  (database: "
              f"{escape(store.url)})")
    if demo is not None:
        out.print(f"Sign in as [bold]{demo.email}[/] with password [bold]{escape(demo.password)}"
                  "[/] (shown only this once).")
        out.print(f"Try a participant link: {escape(demo.participant_link)}")
    else:
        out.print("Sign in with your account. Create one with `jobstory admin create-user EMAIL "
                  "--password-stdin`, or set the demo's with `jobstory admin set-password "
                  "demo@example.com --password-stdin`.")
        link = demo_link(store, base_url=public)
        if link:
            out.print(f"A demo participant link: {escape(link)}")
    if app.state.smtp_url:
        out.print("Invitations can be emailed (JOBSTORY_SMTP_URL is set).")
    out.print("Press Ctrl+C to stop.")
    try:
        uvicorn.run(app, **uvicorn_options(host, port, forwarded_allow_ips))
    finally:
        store.close()
