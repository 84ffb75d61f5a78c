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


def add_platform_tables(md: sa.MetaData) -> None:
    """Add the platform tables to *md* (no-op when they are already there)."""
    if ORGS in md.tables:
        return
    sa.Table(
        ORGS,
        md,
        _id("org_id"),
        sa.Column("name", sa.String(300), nullable=False, unique=True),
        # state_body | akimat | business | ngo | university
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("region_id", sa.String(20), nullable=True),
        sa.Column("created_at", _TS, nullable=False),
    )
    sa.Table(
        USERS,
        md,
        _id("user_id"),
        sa.Column("username", sa.String(100), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        # argon2id encoded hash (algorithm, parameters, salt and digest in one string)
        sa.Column("password_hash", sa.String(200), nullable=False),
        # reader | participant | official | moderator | admin
        sa.Column("role", sa.String(20), nullable=False),
        _fk("org_id", f"{ORGS}.org_id", nullable=True),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("region_id", sa.String(20), nullable=True),
        sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", _TS, nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        # active | pending (self-registered, waiting for a moderator's approval)
        sa.Column("status", sa.String(20), nullable=False, server_default="active"),
    )
    sa.Table(
        SESSIONS,
        md,
        # SHA-256 of the cookie value: a stolen database gives no usable session
        sa.Column("session_hash", sa.String(64), primary_key=True),
        _fk("user_id", f"{USERS}.user_id"),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
    )
    sa.Table(
        AUDIT,
        md,
        _id("audit_id"),
        sa.Column("at", _TS, nullable=False),
        sa.Column("actor_user_id", sa.Integer, nullable=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(60), nullable=False, index=True),
        sa.Column("object_kind", sa.String(30), nullable=False),
        sa.Column("object_id", sa.String(60), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    sa.Table(
        REQUESTS,
        md,
        _id("request_id"),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("theme", sa.String(40), nullable=False),
        # knowledge-base ids, '|'-separated (no foreign key: see the module docstring)
        sa.Column("regions", sa.String(400), nullable=False),
        sa.Column("pair_id", sa.String(40), nullable=True),
        # draft | submitted | accepted | in_work | resolved | declined
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("language", sa.String(2), nullable=False),
        _fk("author_id", f"{USERS}.user_id"),
        _fk("org_id", f"{ORGS}.org_id"),
        _fk("assigned_org_id", f"{ORGS}.org_id", nullable=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
    )
    sa.Table(
        REQUEST_EVENTS,
        md,
        _id("event_id"),
        _fk("request_id", f"{REQUESTS}.request_id"),
        _fk("actor_id", f"{USERS}.user_id"),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("at", _TS, nullable=False),
    )
    sa.Table(
        PROJECTS,
        md,
        _id("project_id"),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("theme", sa.String(40), nullable=False),
        # planned | running | completed | cancelled
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("regions", sa.String(400), nullable=False),
        sa.Column("pair_id", sa.String(40), nullable=True),
        sa.Column("budget", sa.Numeric(18, 2), nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("funding_source", sa.String(200), nullable=False),
        sa.Column("start_date", sa.Date, nullable=True),
        sa.Column("end_date", sa.Date, nullable=True),
        _fk("lead_org_id", f"{ORGS}.org_id"),
        _fk("created_by", f"{USERS}.user_id"),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
    )
    sa.Table(
        PARTNERS,
        md,
        sa.Column(
            "project_id", sa.Integer, sa.ForeignKey(f"{PROJECTS}.project_id"), primary_key=True
        ),
        sa.Column("org_id", sa.Integer, sa.ForeignKey(f"{ORGS}.org_id"), primary_key=True),
    )
    sa.Table(
        LINKS,
        md,
        sa.Column(
            "project_id", sa.Integer, sa.ForeignKey(f"{PROJECTS}.project_id"), primary_key=True
        ),
        # agreement | event: the id of a row of agreements.csv / events.csv
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("ref_id", sa.String(120), primary_key=True),
    )
    sa.Table(
        OUTPUTS,
        md,
        _id("output_id"),
        _fk("project_id", f"{PROJECTS}.project_id"),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("target", sa.Float, nullable=True),
        sa.Column("achieved", sa.Float, nullable=True),
    )
    sa.Table(
        REPORTS,
        md,
        _id("report_id"),
        _fk("project_id", f"{PROJECTS}.project_id"),
        _fk("author_id", f"{USERS}.user_id"),
        sa.Column("period", sa.String(40), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
    )
    sa.Table(
        DOCUMENTS,
        md,
        _id("document_id"),
        # request | project
        sa.Column("owner_kind", sa.String(20), nullable=False),
        sa.Column("owner_id", sa.Integer, nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        _fk("uploaded_by", f"{USERS}.user_id"),
        sa.Column("uploaded_at", _TS, nullable=False),
        sa.Index("ix_pf_documents_owner", "owner_kind", "owner_id"),
    )
