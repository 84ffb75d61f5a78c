"""Store tables of the cooperation platform: accounts, sessions, requests, projects, documents.

The platform's records are written by people through the web app, not transcribed from a
source, so — like the API tokens — they live beside the data-package tables rather than in
a Table Schema. :func:`add_platform_tables` is called by ``build_metadata`` so the Alembic
comparison test covers them; migration ``0004_platform`` creates them; a rebuild of the
store keeps their rows (:data:`PLATFORM_TABLES`, parents before children).

Links to the knowledge base (regions, pairs, agreements, events) are stored by id only,
without a foreign key: the package tables are dropped and reloaded by every rebuild, and a
link must survive that. The pages resolve them against the store, with their sources.

Example:
    >>> md = sa.MetaData()
    >>> add_platform_tables(md)
    >>> [t for t in PLATFORM_TABLES if t not in md.tables]
    []
"""

from __future__ import annotations

import sqlalchemy as sa

ORGS = "pf_organisations"
USERS = "pf_users"
SESSIONS = "pf_sessions"
AUDIT = "pf_audit"
REQUESTS = "pf_requests"
REQUEST_EVENTS = "pf_request_events"
PROJECTS = "pf_projects"
PARTNERS = "pf_project_partners"
LINKS = "pf_project_links"
OUTPUTS = "pf_project_outputs"
REPORTS = "pf_project_reports"
DOCUMENTS = "pf_documents"

#: Every platform table, parents before children (the order rows are restored in).
PLATFORM_TABLES: tuple[str, ...] = (
    ORGS,
    USERS,
    SESSIONS,
    AUDIT,
    REQUESTS,
    REQUEST_EVENTS,
    PROJECTS,
    PARTNERS,
    LINKS,
    OUTPUTS,
    REPORTS,
    DOCUMENTS,
)

_TS = sa.DateTime(timezone=True)


def _id(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, primary_key=True, autoincrement=True)


def _fk(name: str, target: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey(target), nullable=nullable, index=True)


def _at(name: str, *, nullable: bool = False) -> sa.Column[object]:
    """A moment (timezone-aware timestamp)."""
    return sa.Column(name, _TS, nullable=nullable)


def _str(
    name: str,
    length: int,
    *,
    nullable: bool = False,
    unique: bool = False,
    index: bool = False,
    primary_key: bool = False,
) -> sa.Column[str]:
    """A bounded string column."""
    return sa.Column(
        name,
        sa.String(length),
        nullable=nullable,
        unique=unique,
        index=index,
        primary_key=primary_key,
    )


def _text(name: str) -> sa.Column[str]:
    """A required free-text column."""
    return sa.Column(name, sa.Text, nullable=False)


def _stamps() -> tuple[sa.Column[object], sa.Column[object]]:
    """``created_at`` and ``updated_at`` of a record people edit."""
    return _at("created_at"), _at("updated_at")


def _key_ref(name: str, target: str) -> sa.Column[int]:
    """A foreign key that is also part of the primary key (link tables)."""
    return sa.Column(name, sa.Integer, sa.ForeignKey(target), primary_key=True)


def add_platform_tables(md: sa.MetaData) -> None:
    """Add the platform tables to *md* (no-op when they are already there)."""
    if ORGS in md.tables:
        return
    sa.Table(
        ORGS,
        md,
        _id("org_id"),
        _str("name", 300, unique=True),
        # state_body | akimat | business | ngo | university
        _str("kind", 20),
        _str("country", 2),
        _str("region_id", 20, nullable=True),
        _at("created_at"),
    )
    sa.Table(
        USERS,
        md,
        _id("user_id"),
        _str("username", 100, unique=True),
        _str("display_name", 200),
        # argon2id encoded hash (algorithm, parameters, salt and digest in one string)
        _str("password_hash", 200),
        # reader | participant | official | moderator | admin
        _str("role", 20),
        _fk("org_id", f"{ORGS}.org_id", nullable=True),
        _str("country", 2, nullable=True),
        _str("region_id", 20, nullable=True),
        sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
        _at("locked_until", nullable=True),
        _at("created_at"),
        # active | pending (self-registered, waiting for a moderator's approval)
        sa.Column("status", sa.String(20), nullable=False, server_default="active"),
    )
    sa.Table(
        SESSIONS,
        md,
        # SHA-256 of the cookie value: a stolen database gives no usable session
        _str("session_hash", 64, primary_key=True),
        _fk("user_id", f"{USERS}.user_id"),
        _str("csrf_token", 64),
        _at("created_at"),
        _at("expires_at"),
    )
    sa.Table(
        AUDIT,
        md,
        _id("audit_id"),
        _at("at"),
        sa.Column("actor_user_id", sa.Integer, nullable=True),
        _str("actor", 200),
        _str("action", 60, index=True),
        _str("object_kind", 30),
        _str("object_id", 60),
        _text("detail"),
    )
    sa.Table(
        REQUESTS,
        md,
        _id("request_id"),
        _str("title", 300),
        _text("description"),
        _str("theme", 40),
        # knowledge-base ids, '|'-separated (no foreign key: see the module docstring)
        _str("regions", 400),
        _str("pair_id", 40, nullable=True),
        # draft | submitted | accepted | in_work | resolved | declined
        _str("status", 20, index=True),
        _str("language", 2),
        _fk("author_id", f"{USERS}.user_id"),
        _fk("org_id", f"{ORGS}.org_id"),
        _fk("assigned_org_id", f"{ORGS}.org_id", nullable=True),
        *_stamps(),
    )
    sa.Table(
        REQUEST_EVENTS,
        md,
        _id("event_id"),
        _fk("request_id", f"{REQUESTS}.request_id"),
        _fk("actor_id", f"{USERS}.user_id"),
        _str("from_status", 20, nullable=True),
        _str("to_status", 20),
        _text("comment"),
        _at("at"),
    )
    sa.Table(
        PROJECTS,
        md,
        _id("project_id"),
        _str("title", 300),
        _text("summary"),
        _str("theme", 40),
        # planned | running | completed | cancelled
        _str("status", 20, index=True),
        _str("regions", 400),
        _str("pair_id", 40, nullable=True),
        sa.Column("budget", sa.Numeric(18, 2), nullable=True),
        _str("currency", 3, nullable=True),
        _str("funding_source", 200),
        sa.Column("start_date", sa.Date, nullable=True),
        sa.Column("end_date", sa.Date, nullable=True),
        _fk("lead_org_id", f"{ORGS}.org_id"),
        _fk("created_by", f"{USERS}.user_id"),
        *_stamps(),
    )
    sa.Table(
        PARTNERS,
        md,
        _key_ref("project_id", f"{PROJECTS}.project_id"),
        _key_ref("org_id", f"{ORGS}.org_id"),
    )
    sa.Table(
        LINKS,
        md,
        _key_ref("project_id", f"{PROJECTS}.project_id"),
        # agreement | event: the id of a row of agreements.csv / events.csv
        _str("kind", 20, primary_key=True),
        _str("ref_id", 120, primary_key=True),
    )
    sa.Table(
        OUTPUTS,
        md,
        _id("output_id"),
        _fk("project_id", f"{PROJECTS}.project_id"),
        _str("name", 300),
        _str("unit", 40),
        sa.Column("target", sa.Float, nullable=True),
        sa.Column("achieved", sa.Float, nullable=True),
    )
    sa.Table(
        REPORTS,
        md,
        _id("report_id"),
        _fk("project_id", f"{PROJECTS}.project_id"),
        _fk("author_id", f"{USERS}.user_id"),
        _str("period", 40),
        _text("text"),
        _at("created_at"),
    )
    sa.Table(
        DOCUMENTS,
        md,
        _id("document_id"),
        # request | project
        _str("owner_kind", 20),
        sa.Column("owner_id", sa.Integer, nullable=False),
        _str("filename", 200),
        _str("media_type", 100),
        sa.Column("size", sa.Integer, nullable=False),
        _str("sha256", 64),
        sa.Column("content", sa.LargeBinary, nullable=False),
        _fk("uploaded_by", f"{USERS}.user_id"),
        _at("uploaded_at"),
        sa.Index("ix_pf_documents_owner", "owner_kind", "owner_id"),
    )
