"""Store tables for API authentication: hashed bearer tokens for write access.

Kept apart from the data-package tables of :mod:`shekara.kb.tables` because they are not
derived from a Table Schema: nobody transcribes tokens. ``build_metadata`` calls
:func:`add_auth_tables` so the Alembic comparison test (migrated database vs metadata)
covers them; migration ``0003`` creates them.

Only a SHA-256 hash of each token is stored. Tokens are 256-bit random strings, so a
plain hash is enough (no password-style key stretching is needed), and a lookup by hash
never compares secrets character by character.

Example:
    >>> md = sa.MetaData()
    >>> add_auth_tables(md)
    >>> sorted(c.name for c in md.tables[API_TOKENS].columns)
    ['created_at', 'name', 'revoked_at', 'token_hash', 'token_id']
"""

from __future__ import annotations

import sqlalchemy as sa

#: Name of the token table.
API_TOKENS = "api_tokens"


def add_auth_tables(md: sa.MetaData) -> None:
    """Add the ``api_tokens`` table to *md* (no-op when it is already there)."""
    sa.Table(
        API_TOKENS,
        md,
        sa.Column("token_id", sa.Integer, primary_key=True, autoincrement=True),
        # who writes with this token: recorded as the actor of the audit log
        sa.Column("name", sa.String(200), nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        keep_existing=True,
    )
