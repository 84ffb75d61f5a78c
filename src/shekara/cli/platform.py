"""``shekara platform``: the administrator's commands of the cooperation platform.

Organisations and accounts, password reset and unlock. A password is read hidden from
the terminal (asked twice) or, with ``--password-stdin``, from the first line of
standard input; it is never an argument (arguments end up in shell histories and ``ps``).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from shekara.cli.admin_words import emit_listing, password_prompt, platform_word
from shekara.cli.common import (
    FormatOpt,
    LangOpt,
    RegionOpt,
    command_group,
    engine,
    fail,
    format_and_lang,
    lang_of,
)
from shekara.cli.option_help import arg, opt
from shekara.cli.telling import count
from shekara.output import table_text

platform_app = command_group(
    "Cooperation platform: organisations, accounts, password reset, unlock, sessions."
)
StdinOpt = Annotated[bool, opt("--password-stdin")]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return password_prompt()


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
    name: Annotated[str, arg("name")],
    kind: Annotated[str, opt("--kind")],
    country: Annotated[str, opt("--country")],
    region: RegionOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Add an organisation of either side."""
    from shekara.platform.accounts import SYSTEM, create_org

    lang_of(lang)
    org_id = _run(create_org, name, kind, country.upper(), region, actor=SYSTEM)
    typer.echo(table_text("Organisation {org_id} created.", org_id=org_id))


@platform_app.command("add-user")
def add_user_cmd(
    username: Annotated[str, arg("username")],
    role: Annotated[str, opt("--role")],
    display_name: Annotated[str | None, opt("--name")] = None,
    org: Annotated[int | None, opt("--org")] = None,
    region: RegionOpt = None,
    password_stdin: StdinOpt = False,
    lang: LangOpt = "en",
) -> None:
    """Create an account. Its API tokens ('shekara users add-token USERNAME') act with its role."""
    from shekara.platform.accounts import SYSTEM, User, create_user

    lang_of(lang)
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
    told = {"user": repr(user.username), "role": platform_word(user.role)}
    typer.echo(table_text("User {user} ({role}) created.", **told))


@platform_app.command("reset-password")
def reset_password_cmd(
    username: Annotated[str, arg("platform reset-password username")],
    password_stdin: StdinOpt = False,
    lang: LangOpt = "en",
) -> None:
    """Set a new password; the account is unlocked and its sessions end."""
    from shekara.platform.accounts import SYSTEM, set_password

    lang_of(lang)
    _run(set_password, username, _password(password_stdin), actor=SYSTEM)
    typer.echo(
        table_text("Password of {user} reset; its sessions are closed.", user=repr(username))
    )


@platform_app.command("unlock")
def unlock_cmd(
    username: Annotated[str, arg("platform unlock username")], lang: LangOpt = "en"
) -> None:
    """Unlock an account locked after repeated failed logins."""
    from shekara.platform.accounts import SYSTEM, unlock

    lang_of(lang)
    _run(unlock, username, actor=SYSTEM)
    typer.echo(table_text("Account {user} unlocked.", user=repr(username)))


@platform_app.command("purge-sessions")
def purge_sessions_cmd(lang: LangOpt = "en") -> None:
    """Delete the expired sessions (every login also sweeps them away)."""
    from shekara.platform.accounts import purge

    lang_of(lang)
    n = _run(purge)
    assert isinstance(n, int)
    typer.echo(table_text("{n} expired session(s) deleted.", n=count(n)))


def _listing(fn: object, fmt: str, lang: str, times: tuple[str, ...], empty: str) -> None:
    """Print the rows of a listing service as a table, CSV or JSON (times as ISO 8601; in a
    kk/ru table or CSV roles, kinds and statuses in words, times as a reader writes them)."""
    format_and_lang(fmt, lang)
    rows = _run(fn)
    assert isinstance(rows, list)
    emit_listing(rows, fmt, empty=empty, stamps=times, words=("role", "kind", "status"))


@platform_app.command("users")
def users_cmd(fmt: FormatOpt = "table", lang: LangOpt = "en") -> None:
    """List the accounts (never their password hashes)."""
    from shekara.platform.accounts import list_users

    _listing(list_users, fmt, lang, ("created_at", "locked_until"), "No accounts.")


@platform_app.command("orgs")
def orgs_cmd(fmt: FormatOpt = "table", lang: LangOpt = "en") -> None:
    """List the organisations."""
    from shekara.platform.accounts import list_orgs

    _listing(list_orgs, fmt, lang, ("created_at",), "No organisations.")
