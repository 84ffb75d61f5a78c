"""Self-registration: an account that waits for a moderator's approval.

Anyone may ask for an account (the pages rate-limit the form per client address). The
account is created ``pending``: it cannot log in — even with the right password — until a
moderator or an administrator approves it (``account.approve`` in the rule table). A
registrant who names an organisation asks to be its participant; the approver confirms the
membership (or changes the role on the administrator's page); without an organisation the
account is a reader. A refused registration is deleted (it has written nothing).

Example:
    >>> import tempfile, pathlib
    >>> from shekara.platform.db import platform_engine
    >>> from shekara.platform.accounts import SYSTEM, login
    >>> from shekara.platform.errors import PlatformError
    >>> e = platform_engine(f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'p.sqlite'}")
    >>> u = register(e, "dana", "Dana", "a long password", None)
    >>> u.role, [p["username"] for p in pending(e)]
    ('reader', ['dana'])
    >>> try:
    ...     login(e, "dana", "a long password")
    ... except PlatformError as exc:
    ...     exc.code, exc.field
    ('PF403', 'pending')
    >>> approve(e, "dana", actor=SYSTEM)
    >>> login(e, "dana", "a long password").user.username
    'dana'
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from shekara.platform.accounts import ANONYMOUS, User, audit, create_user, get_user
from shekara.platform.db import table
from shekara.platform.errors import PlatformError
from shekara.platform.tables import USERS


def register(
    engine: Engine, username: str, display_name: str, password: str, org_id: int | None
) -> User:
    """A pending account: a participant of *org_id*, or a reader without one."""
    role = "participant" if org_id is not None else "reader"
    return create_user(
        engine,
        username,
        display_name,
        password,
        role,
        org_id=org_id,
        actor=ANONYMOUS,
        status="pending",
    )


def pending(engine: Engine) -> list[dict[str, Any]]:
    """Accounts waiting for approval, oldest first (without their hashes)."""
    t = table(USERS)
    cols = [c for c in t.c if c.name != "password_hash"]
    with engine.connect() as conn:
        rows = conn.execute(sa.select(*cols).where(t.c.status == "pending").order_by(t.c.user_id))
        return [dict(r._mapping) for r in rows]


def _pending_user(engine: Engine, username: str) -> User:
    user = get_user(engine, username=username)
    if username not in {p["username"] for p in pending(engine)}:
        raise PlatformError("PF409", f"the account {username!r} is not waiting for approval")
    return user


def approve(engine: Engine, username: str, *, actor: User) -> None:
    """Let a pending account log in."""
    user = _pending_user(engine, username)
    t = table(USERS)
    with engine.begin() as conn:
        conn.execute(t.update().where(t.c.user_id == user.user_id).values(status="active"))
        audit(conn, actor, "user.approve", "user", user.user_id)


def reject(engine: Engine, username: str, *, actor: User) -> None:
    """Delete a pending account (it has no session and wrote nothing)."""
    user = _pending_user(engine, username)
    t = table(USERS)
    with engine.begin() as conn:
        conn.execute(t.delete().where(t.c.user_id == user.user_id))
        audit(conn, actor, "user.reject", "user", user.user_id, username=username)
