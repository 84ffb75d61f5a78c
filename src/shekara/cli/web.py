"""CLI commands of the web face: ``shekara serve`` and ``shekara users``.

The lead registers them in :mod:`shekara.cli`::

    app.command("serve")(serve_cmd)
    app.add_typer(users_app, name="users")
"""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
import typer

from shekara.cli import common
from shekara.cli.admin_words import emit_listing
from shekara.cli.common import FormatOpt, LangOpt, command_group, engine, fail
from shekara.cli.option_help import arg, opt
from shekara.cli.telling import count
from shekara.output import table_text

users_app = command_group("API tokens for writing through the web API (only a hash is stored).")


def _check_host(host: str) -> None:
    """Refuse a --host that is no address or host name before uvicorn fails on it."""
    import ipaddress
    import re
    import socket

    try:
        ipaddress.ip_address(host)
        return
    except ValueError:
        pass
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})", host):
        raise typer.BadParameter(
            f"{host!r} is not an address or host name (e.g. 127.0.0.1, ::1, localhost)",
            param_hint="--host",
        )
    try:
        socket.getaddrinfo(host, None)
    except OSError as exc:
        raise typer.BadParameter(f"cannot resolve {host!r} ({exc})", param_hint="--host") from None


def serve_cmd(
    host: Annotated[str, opt("--host")] = "127.0.0.1",
    port: Annotated[int, opt("--port", min=1, max=65535)] = 8000,
    workers: Annotated[int, opt("--workers", key="serve --workers", min=1, max=64)] = 1,
    lang: LangOpt = "en",
) -> None:
    """Serve the JSON API (/api, /openapi.json, /docs) and the dashboard with uvicorn.

    Uses the store of SHEKARA_DATABASE_URL (default var/shekara.sqlite); build it first
    with 'shekara db build'. Nothing is fetched from the network: the Swagger UI, the
    scripts and the map are served from the package.
    """
    import uvicorn

    from shekara.kb.store import make_engine, read_meta, redact
    from shekara.paths import default_database_url
    from shekara.web.serving import server_options

    common.lang_of(lang)
    _check_host(host)
    url = default_database_url()
    probe = make_engine(url)
    try:
        built = bool(read_meta(probe))
    except sa.exc.SQLAlchemyError:
        built = False
    finally:
        probe.dispose()
    if not built:
        raise fail(f"no store at {redact(url)}: run 'shekara db build' first")
    address = f"http://{host}:{port}/"
    typer.echo(
        table_text(
            "Shekara on {address} (API docs at /docs) — store {url}",
            address=address,
            url=redact(url),
        )
    )
    uvicorn.run(
        "shekara.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,
        **server_options(),  # header-read and keep-alive timeouts
    )


@users_app.command("add-token")
def add_token_cmd(
    name: Annotated[str, arg("users add-token name")],
    lang: LangOpt = "en",
) -> None:
    """Create an API token for NAME and print it once; only its SHA-256 hash is stored.

    Send it as 'Authorization: Bearer <token>' to POST /api/indicators/import. A name
    may hold several tokens; 'shekara users revoke NAME' disables all of them.
    """
    from shekara.web.auth import TokenNameError, add_token

    common.lang_of(lang)
    try:
        token = add_token(engine(), name)
    except TokenNameError as exc:
        raise typer.BadParameter(str(exc)) from None
    typer.echo(token)
    typer.echo(
        table_text(
            "Token for {name} created. It is shown only this once: keep it secret.",
            name=repr(name.strip()),
        ),
        err=True,
    )


@users_app.command("list")
def list_tokens_cmd(fmt: FormatOpt = "table", lang: LangOpt = "en") -> None:
    """List the API tokens' names, creation and revocation times (never the tokens)."""
    from shekara.web.auth import list_tokens

    common.format_and_lang(fmt, lang)
    rows = [
        {
            "token_id": t.token_id,
            "name": t.name,
            "created_at": t.created_at,
            "revoked_at": t.revoked_at,
        }
        for t in list_tokens(engine())
    ]
    emit_listing(rows, fmt, empty="No API tokens.", stamps=("created_at", "revoked_at"))


@users_app.command("revoke")
def revoke_cmd(
    name: Annotated[str, arg("users revoke name")],
    lang: LangOpt = "en",
) -> None:
    """Revoke every active API token of NAME (they get 403 from then on)."""
    from shekara.web.auth import revoke_tokens

    common.lang_of(lang)
    n = revoke_tokens(engine(), name)
    if n == 0:
        raise fail(f"no active token for {name!r}")
    typer.echo(table_text("Revoked {n} token(s) of {name}.", n=count(n), name=repr(name)))
