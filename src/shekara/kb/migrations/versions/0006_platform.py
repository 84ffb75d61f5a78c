"""cooperation platform: accounts, sessions, audit, requests, projects, documents

Revision ID: 0004_platform
Revises: 0003
Create Date: 2026-12-01 14:15:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_platform"
down_revision = "0004_crossings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pf_audit",
        sa.Column("audit_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("object_kind", sa.String(length=30), nullable=False),
        sa.Column("object_id", sa.String(length=60), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("audit_id"),
    )
    with op.batch_alter_table("pf_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pf_audit_action"), ["action"], unique=False)

    op.create_table(
        "pf_organisations",
        sa.Column("org_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region_id", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("org_id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "pf_users",
        sa.Column("user_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("region_id", sa.String(length=20), nullable=True),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["pf_organisations.org_id"],
        ),
        sa.PrimaryKeyConstraint("user_id"),
        sa.UniqueConstraint("username"),
    )
    with op.batch_alter_table("pf_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pf_users_org_id"), ["org_id"], unique=False)

    op.create_table(
        "pf_documents",
        sa.Column("document_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_kind", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["pf_users.user_id"],
        ),
        sa.PrimaryKeyConstraint("document_id"),
    )
    with op.batch_alter_table("pf_documents", schema=None) as batch_op:
        batch_op.create_index("ix_pf_documents_owner", ["owner_kind", "owner_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pf_documents_uploaded_by"), ["uploaded_by"], unique=False
        )

    op.create_table(
        "pf_projects",
        sa.Column("project_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("theme", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("regions", sa.String(length=400), nullable=False),
        sa.Column("pair_id", sa.String(length=40), nullable=True),
        sa.Column("budget", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("funding_source", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("lead_org_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["pf_users.user_id"],
        ),
        sa.ForeignKeyConstraint(
            ["lead_org_id"],
            ["pf_organisations.org_id"],
        ),
        sa.PrimaryKeyConstraint("project_id"),
    )
    with op.batch_alter_table("pf_projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pf_projects_created_by"), ["created_by"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pf_projects_lead_org_id"), ["lead_org_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pf_projects_status"), ["status"], unique=False)

    op.create_table(
        "pf_requests",
        sa.Column("request_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("theme", sa.String(length=40), nullable=False),
        sa.Column("regions", sa.String(length=400), nullable=False),
        sa.Column("pair_id", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("assigned_org_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_org_id"],
            ["pf_organisations.org_id"],
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["pf_users.user_id"],
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["pf_organisations.org_id"],
        ),
        sa.PrimaryKeyConstraint("request_id"),
    )
    with op.batch_alter_table("pf_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pf_requests_assigned_org_id"), ["assigned_org_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pf_requests_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pf_requests_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pf_requests_status"), ["status"], unique=False)

    op.create_table(
        "pf_sessions",
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["pf_users.user_id"],
        ),
        sa.PrimaryKeyConstraint("session_hash"),
    )
    with op.batch_alter_table("pf_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pf_sessions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "pf_project_links",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ref_id", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["pf_projects.project_id"],
        ),
        sa.PrimaryKeyConstraint("project_id", "kind", "ref_id"),
    )
    op.create_table(
        "pf_project_outputs",
        sa.Column("output_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("achieved", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["pf_projects.project_id"],
        ),
        sa.PrimaryKeyConstraint("output_id"),
    )
    with op.batch_alter_table("pf_project_outputs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pf_project_outputs_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "pf_project_partners",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["pf_organisations.org_id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["pf_projects.project_id"],
        ),
        sa.PrimaryKeyConstraint("project_id", "org_id"),
    )
    op.create_table(
        "pf_project_reports",
        sa.Column("report_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["pf_users.user_id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["pf_projects.project_id"],
        ),
        sa.PrimaryKeyConstraint("report_id"),
    )
    with op.batch_alter_table("pf_project_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pf_project_reports_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pf_project_reports_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "pf_request_events",
        sa.Column("event_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["pf_users.user_id"],
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["pf_requests.request_id"],
        ),
        sa.PrimaryKeyConstraint("event_id"),
    )
    with op.batch_alter_table("pf_request_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pf_request_events_actor_id"), ["actor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pf_request_events_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pf_request_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pf_request_events_request_id"))
        batch_op.drop_index(batch_op.f("ix_pf_request_events_actor_id"))

    op.drop_table("pf_request_events")
    with op.batch_alter_table("pf_project_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pf_project_reports_project_id"))
        batch_op.drop_index(batch_op.f("ix_pf_project_reports_author_id"))

    op.drop_table("pf_project_reports")
    op.drop_table("pf_project_partners")
    with op.batch_alter_table("pf_project_outputs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pf_project_outputs_project_id"))

    op.drop_table("pf_project_outputs")
    op.drop_table("pf_project_links")
    with op.batch_alter_table("pf_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pf_sessions_user_id"))

    op.drop_table("pf_sessions")
    with op.batch_alter_table("pf_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pf_requests_status"))
        batch_op.drop_index(batch_op.f("ix_pf_requests_org_id"))
        batch_op.drop_index(batch_op.f("ix_pf_requests_author_id"))
        batch_op.drop_index(batch_op.f("ix_pf_requests_assigned_org_id"))

    op.drop_table("pf_requests")
    with op.batch_alter_table("pf_projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pf_projects_status"))
        batch_op.drop_index(batch_op.f("ix_pf_projects_lead_org_id"))
        batch_op.drop_index(batch_op.f("ix_pf_projects_created_by"))

    op.drop_table("pf_projects")
    with op.batch_alter_table("pf_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pf_documents_uploaded_by"))
        batch_op.drop_index("ix_pf_documents_owner")

    op.drop_table("pf_documents")
    with op.batch_alter_table("pf_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pf_users_org_id"))

    op.drop_table("pf_users")
    op.drop_table("pf_organisations")
    with op.batch_alter_table("pf_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pf_audit_action"))

    op.drop_table("pf_audit")
