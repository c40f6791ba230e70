"""pins: a dispatcher pins a call to its technicians (which, who, when), kept for every plan

Revision ID: 0010_pins
Revises: 0009_training
Create Date: 2026-11-30 02:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_pins"
down_revision = "0009_training"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pinned_technicians", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("pinned_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("pinned_by", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("pinned_by")
        batch_op.drop_column("pinned_at")
        batch_op.drop_column("pinned_technicians")
