"""Organisations, user accounts, login with lock-out, sessions and the audit log.

Example:
    >>> import tempfile, pathlib
    >>> from shekara.platform.db import platform_engine
    >>> engine = platform_engine(f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'p.sqlite'}")
    >>> org = create_org(engine, "Akimat of Pavlodar", "akimat", "KZ", "KZ-55", actor=SYSTEM)
    >>> u = create_user(engine, "aigerim", "Aigerim", "a long password", "participant",
    ...                 org_id=org, actor=SYSTEM)
    >>> login(engine, "aigerim", "a long password").user.country
    'KZ'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from shekara.platform import security
from shekara.platform.db import new_id, table
from shekara.platform.errors import PlatformError
from shekara.platform.rules import ACCOUNT_ROLES, COUNTRIES, ORG_KINDS
from shekara.platform.tables import AUDIT, ORGS, SESSIONS, USERS

MAX_FAILURES = 5
LOCK_MINUTES = 15


@dataclass(frozen=True)
class User:
    """An account as the services see it (never with its password hash)."""

    user_id: int
    username: str
    display_name: str
    role: str
    org_id: int | None
    country: str | None
    region_id: str | None


#: The actor of writes made by the command line (``shekara platform …``).
SYSTEM = User(0, "system", "system", "admin", None, None, None)
#: The visitor without an account.
ANONYMOUS = User(-1, "anonymous", "anonymous", "anonymous", None, None, None)


@dataclass(frozen=True)
class Session:
    """A logged-in session: the cookie value (only returned at login) and its CSRF token."""

    session_id: str
    csrf_token: str
    user: User


def utc(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes: they are UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def now() -> datetime:
    return datetime.now(UTC)


def audit(
    conn: Connection, actor: User, action: str, kind: str, object_id: object, /, **detail: Any
) -> None:
    """Record one write (in the same transaction as the write itself)."""
    conn.execute(
        table(AUDIT).insert(),
        {
            "at": now(),
            "actor_user_id": actor.user_id if actor.user_id > 0 else None,
            "actor": actor.username,
            "action": action,
            "object_kind": kind,
            "object_id": str(object_id),
            "detail": json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True),
        },
    )


def _text(value: str, name: str, limit: int) -> str:
    value = value.strip()
    if not value or len(value) > limit or not value.isprintable():
        raise PlatformError("PF400", f"{name} must be 1–{limit} printable characters", field=name)
    return value


def create_org(
    engine: Engine, name: str, kind: str, country: str, region_id: str | None, *, actor: User
) -> int:
    """Add an organisation of either side; return its id."""
    name = _text(name, "name", 300)
    if kind not in ORG_KINDS:
        raise PlatformError("PF400", f"kind must be one of {', '.join(ORG_KINDS)}", field="kind")
    if country not in COUNTRIES:
        raise PlatformError("PF400", "country must be KZ or RU", field="country")
    t = table(ORGS)
    with engine.begin() as conn:
        if conn.execute(sa.select(t.c.org_id).where(t.c.name == name)).first():
            raise PlatformError("PF409", f"an organisation {name!r} exists", field="name")
        org_id = new_id(
            conn.execute(
                t.insert().values(
                    name=name, kind=kind, country=country, region_id=region_id, created_at=now()
                )
            )
        )
        audit(conn, actor, "org.create", "organisation", org_id, name=name, kind=kind)
    return int(org_id)


def _user(row: Any) -> User:
    return User(
        row.user_id,
        row.username,
        row.display_name,
        row.role,
        row.org_id,
        row.country,
        row.region_id,
    )


def _org_country(conn: Connection, org_id: int | None) -> tuple[str | None, str | None]:
    if org_id is None:
        return None, None
    t = table(ORGS)
    row = conn.execute(sa.select(t.c.country, t.c.region_id).where(t.c.org_id == org_id)).first()
    if row is None:
        raise PlatformError("PF400", f"no organisation {org_id}", field="org_id")
    return row.country, row.region_id


def _check_password(password: str) -> None:
    try:
        security.check_password_policy(password)
    except security.PasswordPolicyError as exc:
        raise PlatformError("PF400", str(exc), field="password") from None


def _membership(
    conn: Connection, role: str, org_id: int | None, region_id: str | None
) -> tuple[str | None, str | None]:
    """(country, region) of an account of *role* in organisation *org_id*, checked."""
    if role not in ACCOUNT_ROLES:
        raise PlatformError(
            "PF400", f"role must be one of {', '.join(ACCOUNT_ROLES)}", field="role"
        )
    if role in ("participant", "official") and org_id is None:
        raise PlatformError("PF400", f"a {role} belongs to an organisation", field="org_id")
    country, org_region = _org_country(conn, org_id)
    region = region_id or org_region
    if role == "official" and not region:
        raise PlatformError("PF400", "an official needs a region", field="region_id")
    return country, region


def create_user(
    engine: Engine,
    username: str,
    display_name: str,
    password: str,
    role: str,
    *,
    org_id: int | None = None,
    region_id: str | None = None,
    actor: User,
    status: str = "active",
) -> User:
    """Add an account. Participants and officials belong to an organisation; an official
    also to the region of that organisation (or *region_id*). A *status* of ``pending``
    (self-registration) cannot log in before a moderator approves it."""
    username = _text(username, "username", 100)
    display_name = _text(display_name, "display_name", 200)
    _check_password(password)
    t = table(USERS)
    with engine.begin() as conn:
        country, region = _membership(conn, role, org_id, region_id)
        if conn.execute(sa.select(t.c.user_id).where(t.c.username == username)).first():
            raise PlatformError("PF409", f"a user {username!r} exists", field="username")
        values = {
            "username": username,
            "display_name": display_name,
            "password_hash": security.hash_password(password),
            "role": role,
            "org_id": org_id,
            "country": country,
            "region_id": region,
            "failed_logins": 0,
            "created_at": now(),
            "status": status,
        }
        user_id = new_id(conn.execute(t.insert().values(**values)))
        audit(conn, actor, "user.create", "user", user_id, username=username, role=role,
              status=status)  # fmt: skip
        return _user(conn.execute(sa.select(t).where(t.c.user_id == user_id)).one())


def get_user(engine: Engine, *, user_id: int | None = None, username: str | None = None) -> User:
    t = table(USERS)
    cond = t.c.user_id == user_id if user_id is not None else t.c.username == username
    with engine.connect() as conn:
        row = conn.execute(sa.select(t).where(cond)).first()
    if row is None:
        raise PlatformError("PF404", f"no user {username or user_id!r}")
    return _user(row)


def login(engine: Engine, username: str, password: str) -> Session:
    """Check the password and open a new session (a new id every time).

    Wrong password → PF401 and one more failure; the :data:`MAX_FAILURES`-th failure locks
    the account for :data:`LOCK_MINUTES` minutes (PF423), even for the right password.
    """
    t = table(USERS)
    refusal: PlatformError | None = None
    # the failure count and the audit entry are committed even when the login is refused
    with engine.begin() as conn:
        row = conn.execute(sa.select(t).where(t.c.username == username[:100])).first()
        if row is None:
            security.verify_password(security.DUMMY_HASH, password)  # same time as a real user
            raise PlatformError("PF401", "wrong user name or password")
        locked = utc(row.locked_until)
        if locked is not None and locked > now():
            audit(conn, _user(row), "login.locked", "user", row.user_id)
            refusal = PlatformError(
                "PF423", "the account is locked after repeated failures; ask an administrator"
            )
        elif not security.verify_password(row.password_hash, password):
            failures = row.failed_logins + 1
            lock = now() + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
            conn.execute(
                t.update()
                .where(t.c.user_id == row.user_id)
                .values(failed_logins=0 if lock else failures, locked_until=lock)
            )
            audit(conn, _user(row), "login.failed", "user", row.user_id, locked=lock is not None)
            refusal = PlatformError("PF401", "wrong user name or password")
        elif row.status != "active":  # the right password, but not yet approved
            audit(conn, _user(row), "login.pending", "user", row.user_id)
            refusal = PlatformError(
                "PF403", "the account waits for a moderator's approval", field="pending"
            )
        else:
            session = _open_session(conn, row)
    if refusal is not None:
        raise refusal
    return session


def _open_session(conn: Connection, row: Any) -> Session:
    t = table(USERS)
    conn.execute(
        t.update().where(t.c.user_id == row.user_id).values(failed_logins=0, locked_until=None)
    )
    purge_sessions(conn)  # every login sweeps the expired sessions away
    user = _user(row)
    session = Session(security.new_secret(), security.new_secret(), user)
    conn.execute(
        table(SESSIONS).insert(),
        {
            "session_hash": security.digest(session.session_id),
            "user_id": user.user_id,
            "csrf_token": session.csrf_token,
            "created_at": now(),
            "expires_at": now() + timedelta(seconds=security.SESSION_TTL_S),
        },
    )
    audit(conn, user, "login", "user", user.user_id)
    return session


def session_user(engine: Engine, session_id: str | None) -> tuple[User, str] | None:
    """(user, CSRF token) of a live session, or ``None``."""
    if not session_id or len(session_id) > 100:
        return None
    s, u = table(SESSIONS), table(USERS)
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(u, s.c.csrf_token, s.c.expires_at)
            .join(s, s.c.user_id == u.c.user_id)
            .where(s.c.session_hash == security.digest(session_id))
        ).first()
    if row is None:
        return None
    expires = utc(row.expires_at)
    if expires is None or expires <= now():
        return None
    return _user(row), str(row.csrf_token)


def logout(engine: Engine, session_id: str) -> None:
    s = table(SESSIONS)
    with engine.begin() as conn:
        conn.execute(s.delete().where(s.c.session_hash == security.digest(session_id)))


def set_password(engine: Engine, username: str, password: str, *, actor: User) -> None:
    """Administrator's password reset: new hash, unlocked, every session of the user ended."""
    _check_password(password)
    user = get_user(engine, username=username)
    t = table(USERS)
    with engine.begin() as conn:
        conn.execute(
            t.update()
            .where(t.c.user_id == user.user_id)
            .values(
                password_hash=security.hash_password(password), failed_logins=0, locked_until=None
            )
        )
        conn.execute(table(SESSIONS).delete().where(table(SESSIONS).c.user_id == user.user_id))
        audit(conn, actor, "user.reset_password", "user", user.user_id)


def change_password(
    engine: Engine, user: User, current: str, new: str, *, keep_session: str | None
) -> None:
    """The user's own password change: the current password first; every other session of
    the user ends (the one making the change, *keep_session*, stays)."""
    _check_password(new)
    t, s = table(USERS), table(SESSIONS)
    with engine.begin() as conn:
        row = conn.execute(sa.select(t).where(t.c.user_id == user.user_id)).first()
        if row is None:
            raise PlatformError("PF404", "no such user")
        if not security.verify_password(row.password_hash, current):
            audit(conn, user, "user.change_password.failed", "user", user.user_id)
            raise PlatformError("PF400", "the current password is wrong", field="current")
        conn.execute(
            t.update()
            .where(t.c.user_id == user.user_id)
            .values(password_hash=security.hash_password(new))
        )
        others = s.c.user_id == user.user_id
        if keep_session:
            others = sa.and_(others, s.c.session_hash != security.digest(keep_session))
        conn.execute(s.delete().where(others))
        audit(conn, user, "user.change_password", "user", user.user_id)


def set_role(engine: Engine, username: str, role: str, org_id: int | None, *, actor: User) -> None:
    """An administrator's change of an account's role (and organisation); its sessions end,
    so the new rights apply from the next login."""
    user = get_user(engine, username=username)
    if user.user_id == actor.user_id and role != user.role:
        raise PlatformError("PF409", "you cannot change your own role", field="role")
    t = table(USERS)
    with engine.begin() as conn:
        country, region = _membership(conn, role, org_id, None)
        conn.execute(
            t.update()
            .where(t.c.user_id == user.user_id)
            .values(role=role, org_id=org_id, country=country, region_id=region)
        )
        conn.execute(table(SESSIONS).delete().where(table(SESSIONS).c.user_id == user.user_id))
        audit(conn, actor, "user.role", "user", user.user_id, frm=user.role, to=role)


def purge_sessions(conn: Connection) -> int:
    """Delete the expired sessions; return how many."""
    s = table(SESSIONS)
    return int(conn.execute(s.delete().where(s.c.expires_at <= now())).rowcount or 0)


def purge(engine: Engine) -> int:
    """Delete the expired sessions of the store; return how many (``purge-sessions``)."""
    with engine.begin() as conn:
        return purge_sessions(conn)


def unlock(engine: Engine, username: str, *, actor: User) -> None:
    user = get_user(engine, username=username)
    t = table(USERS)
    with engine.begin() as conn:
        conn.execute(
            t.update().where(t.c.user_id == user.user_id).values(failed_logins=0, locked_until=None)
        )
        audit(conn, actor, "user.unlock", "user", user.user_id)


def list_users(engine: Engine) -> list[dict[str, Any]]:
    """Accounts without their hashes, for the administrator."""
    t = table(USERS)
    cols = [c for c in t.c if c.name != "password_hash"]
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(*cols).order_by(t.c.user_id))]


def list_orgs(engine: Engine) -> list[dict[str, Any]]:
    t = table(ORGS)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(t).order_by(t.c.name))]


def audit_log(engine: Engine, limit: int = 200) -> list[dict[str, Any]]:
    """The newest *limit* audit entries, newest first (administrators)."""
    t = table(AUDIT)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t).order_by(t.c.audit_id.desc()).limit(limit))
        return [dict(r._mapping) for r in rows]
