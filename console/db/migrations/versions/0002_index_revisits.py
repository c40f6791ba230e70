"""index calls.revisit_of_id (first-time-fix queries join a call to its revisits)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 03:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calls_revisit_of_id"), ["revisit_of_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calls_revisit_of_id"))
