"""retention: when a customer was anonymised, and the indexes retention deletes by

The retention policy itself lives in ``settings`` rows (``retention.*``): a center that never
changes it keeps the defaults declared in console.services.retention.

Revision ID: 0007_retention
Revises: 0006_auth
Create Date: 2026-11-29 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_retention"
down_revision = "0006_auth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_position_fixes_fixed_at", "position_fixes", ["fixed_at"])
    op.create_index("ix_audit_records_action_at", "audit_records", ["action", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_records_action_at", "audit_records")
    op.drop_index("ix_position_fixes_fixed_at", "position_fixes")
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("anonymised_at")
