"""Cooperation platform: accounts, sessions, audit, requests, projects, documents (2026-12-01)."""

from __future__ import annotations

import sqlalchemy as sa

from shekara.kb.migrations import columns as col

_USER = "pf_users.user_id"
_ORG = "pf_organisations.org_id"
_PROJECT = "pf_projects.project_id"


def _tables() -> col.Tables:
    return [
        col.keyed(
            "pf_audit",
            col.serial("audit_id"),
            *col.moment("at", required=True),
            *col.integer("actor_user_id"),
            *col.string(200, "actor", required=True),
            *col.string(60, "action", required=True),
            *col.string(30, "object_kind", required=True),
            *col.string(60, "object_id", required=True),
            *col.text("detail", required=True),
            indexed=("action",),
        ),
        col.keyed(
            "pf_organisations",
            col.serial("org_id"),
            *col.string(300, "name", required=True),
            *col.string(20, "kind", required=True),
            *col.string(2, "country", required=True),
            *col.string(20, "region_id"),
            *col.moment("created_at", required=True),
            sa.UniqueConstraint("name"),
        ),
        col.keyed(
            "pf_users",
            col.serial("user_id"),
            *col.string(100, "username", required=True),
            *col.string(200, "display_name", "password_hash", required=True),
            *col.string(20, "role", required=True),
            *col.integer("org_id"),
            *col.string(2, "country"),
            *col.string(20, "region_id"),
            *col.counter("failed_logins"),
            *col.moment("locked_until"),
            *col.moment("created_at", required=True),
            *col.refs(org_id=_ORG),
            sa.UniqueConstraint("username"),
            indexed=("org_id",),
        ),
        col.keyed(
            "pf_documents",
            col.serial("document_id"),
            *col.string(20, "owner_kind", required=True),
            *col.integer("owner_id", required=True),
            *col.string(200, "filename", required=True),
            *col.string(100, "media_type", required=True),
            *col.integer("size", required=True),
            *col.string(64, "sha256", required=True),
            sa.Column("content", sa.LargeBinary(), nullable=False),
            *col.integer("uploaded_by", required=True),
            *col.moment("uploaded_at", required=True),
            *col.refs(uploaded_by=_USER),
            indexed=("uploaded_by",),
            lookups={"ix_pf_documents_owner": ("owner_kind", "owner_id")},
        ),
        col.keyed(
            "pf_projects",
            col.serial("project_id"),
            *col.string(300, "title", required=True),
            *col.text("summary", required=True),
            *col.string(40, "theme", required=True),
            *col.string(20, "status", required=True),
            *col.string(400, "regions", required=True),
            *col.string(40, "pair_id"),
            sa.Column("budget", sa.Numeric(precision=18, scale=2), nullable=True),
            *col.string(3, "currency"),
            *col.string(200, "funding_source", required=True),
            *col.day("start_date", "end_date"),
            *col.integer("lead_org_id", "created_by", required=True),
            *col.moment("created_at", "updated_at", required=True),
            *col.refs(created_by=_USER, lead_org_id=_ORG),
            indexed=("created_by", "lead_org_id", "status"),
        ),
        col.keyed(
            "pf_requests",
            col.serial("request_id"),
            *col.string(300, "title", required=True),
            *col.text("description", required=True),
            *col.string(40, "theme", required=True),
            *col.string(400, "regions", required=True),
            *col.string(40, "pair_id"),
            *col.string(20, "status", required=True),
            *col.string(2, "language", required=True),
            *col.integer("author_id", "org_id", required=True),
            *col.integer("assigned_org_id"),
            *col.moment("created_at", "updated_at", required=True),
            *col.refs(assigned_org_id=_ORG, author_id=_USER, org_id=_ORG),
            indexed=("assigned_org_id", "author_id", "org_id", "status"),
        ),
        col.NewTable(
            "pf_sessions",
            [
                *col.string(64, "session_hash", required=True),
                *col.integer("user_id", required=True),
                *col.string(64, "csrf_token", required=True),
                *col.moment("created_at", "expires_at", required=True),
                *col.refs(user_id=_USER),
            ],
            ("session_hash",),
            indexed=("user_id",),
        ),
        col.NewTable(
            "pf_project_links",
            [
                *col.integer("project_id", required=True),
                *col.string(20, "kind", required=True),
                *col.string(120, "ref_id", required=True),
                *col.refs(project_id=_PROJECT),
            ],
            ("project_id", "kind", "ref_id"),
        ),
        col.NewTable(
            "pf_project_outputs",
            [
                col.serial("output_id"),
                *col.integer("project_id", required=True),
                *col.string(300, "name", required=True),
                *col.string(40, "unit", required=True),
                *col.number("target", "achieved"),
                *col.refs(project_id=_PROJECT),
            ],
            ("output_id",),
            indexed=("project_id",),
        ),
        col.NewTable(
            "pf_project_partners",
            [
                *col.integer("project_id", "org_id", required=True),
                *col.refs(org_id=_ORG, project_id=_PROJECT),
            ],
            ("project_id", "org_id"),
        ),
        col.NewTable(
            "pf_project_reports",
            [
                col.serial("report_id"),
                *col.integer("project_id", "author_id", required=True),
                *col.string(40, "period", required=True),
                *col.text("text", required=True),
                *col.moment("created_at", required=True),
                *col.refs(author_id=_USER, project_id=_PROJECT),
            ],
            ("report_id",),
            indexed=("author_id", "project_id"),
        ),
        col.keyed(
            "pf_request_events",
            col.serial("event_id"),
            *col.integer("request_id", "actor_id", required=True),
            *col.string(20, "from_status"),
            *col.string(20, "to_status", required=True),
            *col.text("comment", required=True),
            *col.moment("at", required=True),
            *col.refs(actor_id=_USER, request_id="pf_requests.request_id"),
            indexed=("actor_id", "request_id"),
        ),
    ]


revision, down_revision = "0004_platform", "0004_crossings"
upgrade, downgrade = col.creating(_tables)
