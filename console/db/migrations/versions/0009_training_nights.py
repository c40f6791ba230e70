"""training nights: each demo night's trainee, duration and score beside the engine's

Revision ID: 0009_training
Revises: 0008_commands
Create Date: 2026-11-29 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_training"
down_revision = "0008_commands"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "training_nights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("night_key", sa.String(length=64), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("trainee_name", sa.String(length=120), nullable=False),
        sa.Column("trainer_name", sa.String(length=120), nullable=False),
        sa.Column("scenario", sa.String(length=64), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("speed", sa.Float(), nullable=False),
        sa.Column("engine", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("wall_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wall_ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wall_seconds", sa.Float(), nullable=False),
        sa.Column("sim_seconds", sa.Float(), nullable=False),
        sa.Column("injections", sa.JSON(), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("mean_min", sa.Float(), nullable=True),
        sa.Column("p90_min", sa.Float(), nullable=True),
        sa.Column("sla_met", sa.Integer(), nullable=False),
        sa.Column("sla_decided", sa.Integer(), nullable=False),
        sa.Column("travel_km", sa.Float(), nullable=False),
        sa.Column("engine_mean_min", sa.Float(), nullable=True),
        sa.Column("engine_p90_min", sa.Float(), nullable=True),
        sa.Column("engine_sla_met", sa.Integer(), nullable=True),
        sa.Column("engine_sla_decided", sa.Integer(), nullable=True),
        sa.Column("engine_travel_km", sa.Float(), nullable=True),
        sa.Column("recorded_by", sa.String(length=160), nullable=False),
        sa.ForeignKeyConstraint(["trainee_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("night_key"),
    )
    op.create_index(
        "ix_training_nights_trainee_ended", "training_nights", ["trainee_id", "wall_ended_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_training_nights_trainee_ended", table_name="training_nights")
    op.drop_table("training_nights")
