"""``shekara platform``: the administrator's commands of the cooperation platform.

Organisations and accounts, password reset and unlock. A password is read hidden from
the terminal (asked twice) or, with ``--password-stdin``, from the first line of
standard input; it is never an argument (arguments end up in shell histories and ``ps``).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from shekara.cli.common import (
    FormatOpt,
    RegionOpt,
    check_format,
    command_group,
    emit_rows,
    engine,
    fail,
)

platform_app = command_group(
    "Cooperation platform: organisations, accounts, password reset, unlock, sessions."
)
StdinOpt = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _run(fn: object, *args: object, **kwargs: object) -> object:
    from shekara.platform.db import ensure_platform
    from shekara.platform.errors import PlatformError

    eng = engine()
    ensure_platform(eng)
    try:
        return fn(eng, *args, **kwargs)  # type: ignore[operator]
    except PlatformError as exc:
        raise fail(str(exc)) from None


@platform_app.command("add-org")
def add_org_cmd(
    name: Annotated[str, typer.Argument(help="Name of the organisation.")],
    kind: Annotated[
        str, typer.Option("--kind", help="state_body, akimat, business, ngo or university.")
    ],
    country: Annotated[str, typer.Option("--country", help="KZ or RU.")],
    region: RegionOpt = None,
) -> None:
    """Add an organisation of either side."""
    from shekara.platform.accounts import SYSTEM, create_org

    org_id = _run(create_org, name, kind, country.upper(), region, actor=SYSTEM)
    typer.echo(f"Organisation {org_id} created.")


@platform_app.command("add-user")
def add_user_cmd(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[
        str, typer.Option("--role", help="reader, participant, official, moderator or admin.")
    ],
    display_name: Annotated[
        str | None, typer.Option("--name", help="Name shown to others.")
    ] = None,
    org: Annotated[
        int | None, typer.Option("--org", help="Organisation id (participants, officials).")
    ] = None,
    region: RegionOpt = None,
    password_stdin: StdinOpt = False,
) -> None:
    """Create an account. Its API tokens ('shekara users add-token USERNAME') act with its role."""
    from shekara.platform.accounts import SYSTEM, User, create_user

    password = _password(password_stdin)
    user = _run(
        create_user,
        username,
        display_name or username,
        password,
        role,
        org_id=org,
        region_id=region,
        actor=SYSTEM,
    )
    assert isinstance(user, User)
    typer.echo(f"User {user.username!r} ({user.role}) created.")


@platform_app.command("reset-password")
def reset_password_cmd(
    username: Annotated[str, typer.Argument(help="Whose password to set.")],
    password_stdin: StdinOpt = False,
) -> None:
    """Set a new password; the account is unlocked and its sessions end."""
    from shekara.platform.accounts import SYSTEM, set_password

    _run(set_password, username, _password(password_stdin), actor=SYSTEM)
    typer.echo(f"Password of {username!r} reset; its sessions are closed.")


@platform_app.command("unlock")
def unlock_cmd(username: Annotated[str, typer.Argument(help="Account to unlock.")]) -> None:
    """Unlock an account locked after repeated failed logins."""
    from shekara.platform.accounts import SYSTEM, unlock

    _run(unlock, username, actor=SYSTEM)
    typer.echo(f"Account {username!r} unlocked.")


@platform_app.command("purge-sessions")
def purge_sessions_cmd() -> None:
    """Delete the expired sessions (every login also sweeps them away)."""
    from shekara.platform.accounts import purge

    n = _run(purge)
    typer.echo(f"{n} expired session(s) deleted.")


def _listing(fn: object, fmt: str, times: tuple[str, ...], empty: str) -> None:
    """Print the rows of a listing service as a table, CSV or JSON (times as ISO 8601)."""
    check_format(fmt)
    rows = _run(fn)
    assert isinstance(rows, list)
    emit_rows(rows, fmt, empty=empty, stamps=times)


@platform_app.command("users")
def users_cmd(fmt: FormatOpt = "table") -> None:
    """List the accounts (never their password hashes)."""
    from shekara.platform.accounts import list_users

    _listing(list_users, fmt, ("created_at", "locked_until"), "No accounts.")


@platform_app.command("orgs")
def orgs_cmd(fmt: FormatOpt = "table") -> None:
    """List the organisations."""
    from shekara.platform.accounts import list_orgs

    _listing(list_orgs, fmt, ("created_at",), "No organisations.")
