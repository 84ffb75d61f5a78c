"""Bearer tokens for the API's write endpoints.

``shekara users add-token NAME`` creates a token, prints it once and stores only its
SHA-256 hash with the name. A write request sends ``Authorization: Bearer <token>``;
the name becomes the actor of the audit-log entry. Reads need no token.

* no or malformed ``Authorization`` header → 401 (with ``WWW-Authenticate: Bearer``);
* a token that is unknown or revoked → 403;
* a store that cannot be read now (locked by another process) → 503 with ``Retry-After``,
  never a 403 for a valid token.

Example:
    >>> import tempfile, pathlib
    >>> from shekara.kb.store import build, make_engine
    >>> url = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'kb.sqlite'}"
    >>> _ = build(url)
    >>> engine = make_engine(url)
    >>> token = add_token(engine, "analyst")
    >>> token.startswith(TOKEN_PREFIX), check_token(engine, token)
    (True, 'analyst')
    >>> revoke_tokens(engine, "analyst"), check_token(engine, token)
    (1, None)
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Engine

from shekara.kb.auth_tables import API_TOKENS, add_auth_tables
from shekara.kb.store import migrate
from shekara.kb.tables import metadata
from shekara.web.problems import ProblemError

TOKEN_PREFIX = "shk_"
MAX_NAME = 200


class TokenNameError(ValueError):
    """The token name is empty, too long or has control characters."""


@dataclass(frozen=True)
class TokenInfo:
    """A stored token, without its secret."""

    token_id: int
    name: str
    created_at: datetime
    revoked_at: datetime | None


@lru_cache(maxsize=1)
def tokens_table() -> sa.Table:
    """The ``api_tokens`` table (from the store metadata once ``build_metadata`` adds it)."""
    md = metadata()
    if API_TOKENS in md.tables:
        return md.tables[API_TOKENS]
    own = sa.MetaData()
    add_auth_tables(own)
    return own.tables[API_TOKENS]


def hash_token(token: str) -> str:
    """Hex SHA-256 of the token text.

    >>> hash_token("shk_x")[:12]
    'b06c0860ca1f'
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise TokenNameError(f"a token name must be 1–{MAX_NAME} printable characters")
    return name


def ensure_token_table(engine: Engine) -> None:
    """Bring an older store up to the migration that adds the token table."""
    if not sa.inspect(engine).has_table(API_TOKENS):
        with engine.begin() as conn:
            migrate(conn)


def add_token(engine: Engine, name: str) -> str:
    """Create a token for *name*; return it (it is not stored, only its hash)."""
    name = check_name(name)
    ensure_token_table(engine)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(
            tokens_table().insert(),
            {"name": name, "token_hash": hash_token(token), "created_at": datetime.now(UTC)},
        )
    return token


def revoke_tokens(engine: Engine, name: str) -> int:
    """Revoke every active token of *name*; return how many."""
    ensure_token_table(engine)
    t = tokens_table()
    with engine.begin() as conn:
        res = conn.execute(
            t.update()
            .where(t.c.name == name, t.c.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
    return int(res.rowcount)


def list_tokens(engine: Engine) -> list[TokenInfo]:
    """All tokens (active and revoked), oldest first."""
    if not sa.inspect(engine).has_table(API_TOKENS):
        return []
    t = tokens_table()
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t).order_by(t.c.token_id))
        return [TokenInfo(r.token_id, r.name, r.created_at, r.revoked_at) for r in rows]


def check_token(engine: Engine, token: str) -> str | None:
    """The name behind an active *token*, or ``None``."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    t = tokens_table()
    try:
        with engine.connect() as conn:
            row = conn.execute(
                sa.select(t.c.name).where(
                    t.c.token_hash == hash_token(token), t.c.revoked_at.is_(None)
                )
            ).first()
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):
        # a store built before 0003 has no token table: no token is valid. Anything else
        # (locked, unreachable) is not an answer about the token: it propagates (503).
        if sa.inspect(engine).has_table(API_TOKENS):
            raise
        return None
    return None if row is None else str(row.name)


_bearer = HTTPBearer(
    auto_error=False,
    description="Token from `shekara users add-token NAME`, sent as `Authorization: Bearer …`.",
)


def require_writer(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """FastAPI dependency: the name of the token's holder, or a 401/403 problem."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ProblemError(
            401,
            "unauthenticated",
            "this endpoint writes to the store: send 'Authorization: Bearer <token>' "
            "(create one with 'shekara users add-token NAME')",
            headers={"WWW-Authenticate": "Bearer"},
        )
    engine: Engine = request.app.state.shekara.engine
    name = check_token(engine, credentials.credentials)
    if name is None:
        raise ProblemError(403, "forbidden", "the token is unknown or revoked")
    return name


Writer = Annotated[str, Depends(require_writer)]
