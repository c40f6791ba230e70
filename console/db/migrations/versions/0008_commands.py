"""command_results: each client command id with its result, for idempotent retries

Revision ID: 0008_commands
Revises: 0007_retention
Create Date: 2026-11-29 18:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_commands"
down_revision = "0007_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "command_results",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=48), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_command_results_created_at", "command_results", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_command_results_created_at", table_name="command_results")
    op.drop_table("command_results")
