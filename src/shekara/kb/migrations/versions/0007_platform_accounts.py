"""platform accounts: a status column (self-registered accounts wait for approval)

Revision ID: 0005_platform_accounts
Revises: 0004_platform
Create Date: 2026-12-01 17:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_platform_accounts"
down_revision = "0004_platform"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # every account made before this revision was made by an administrator: active
    with op.batch_alter_table("pf_users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), server_default="active", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("pf_users", schema=None) as batch_op:
        batch_op.drop_column("status")
