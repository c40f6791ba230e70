"""SQLAlchemy 2 typed models of a 24-hour home-service call center.

Times are stored as UTC (naive in SQLite, aware in PostgreSQL) and always come back as aware
UTC datetimes through :class:`UTCDateTime`. Money is stored in integer cents, never floats.
Rows that dispatchers race on (calls, technicians) carry a ``version`` for optimistic
concurrency.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always UTC-aware in Python, whatever the database keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[str]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Failed sign-ins since the last good one; at the limit the account locks until
    #: ``locked_until`` (console.services.signin).
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"User(id={self.id!r}, username={self.username!r}, role={self.role!r})"


class UserSession(Base):
    """One console sign-in, kept server-side: the token's hash (never the token), and when
    the person was at a desk, which the weekly report's staffing figures read.

    Open while ``ended_at`` is None. ``last_seen_at`` moves on connect, disconnect and a
    periodic touch, so a desk whose connection dropped without a sign-out is counted up to
    its last sign of life. ``end_reason`` is one of signout, revoked, expired, dropped.
    """

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user_started", "user_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(String(16))  # the role when signing in
    kind: Mapped[str] = mapped_column(String(16), default="console")
    hub_id: Mapped[str | None] = mapped_column(String(64))
    client: Mapped[str | None] = mapped_column(String(160))  # peer address, app version
    started_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(16))
    ended_by: Mapped[str | None] = mapped_column(String(160))  # who revoked it

    def __repr__(self) -> str:
        return f"UserSession(id={self.id!r}, user_id={self.user_id!r}, ended={self.end_reason!r})"


class IntakeChannel(Base):
    """A source of new calls (customer app, mini-program, web form, partner API)."""

    __tablename__ = "intake_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"IntakeChannel(id={self.id!r}, name={self.name!r}, kind={self.kind!r})"


class Technician(Base):
    __tablename__ = "technicians"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(32))
    skills: Mapped[list[str]] = mapped_column(default=list)
    home_base: Mapped[str] = mapped_column(String(200))
    home_lat: Mapped[float] = mapped_column(Float)
    home_lon: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="off_duty")
    last_lat: Mapped[float | None] = mapped_column(Float)
    last_lon: Mapped[float | None] = mapped_column(Float)
    last_fix_at: Mapped[datetime | None]
    last_heading: Mapped[float | None] = mapped_column(Float)
    last_speed_kmh: Mapped[float | None] = mapped_column(Float)
    token_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    shifts: Mapped[list[ShiftWindow]] = relationship(
        back_populates="technician", cascade="all, delete-orphan", order_by="ShiftWindow.weekday"
    )
    assignments: Mapped[list[Assignment]] = relationship(back_populates="technician")

    def __repr__(self) -> str:
        return f"Technician(id={self.id!r}, name={self.name!r}, status={self.status!r})"


class ShiftWindow(Base):
    """A weekly shift; ``end`` earlier than ``start`` means it crosses midnight."""

    __tablename__ = "shift_windows"

    id: Mapped[int] = mapped_column(primary_key=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(Integer)
    start: Mapped[time] = mapped_column(Time)
    end: Mapped[time] = mapped_column(Time)

    technician: Mapped[Technician] = relationship(back_populates="shifts")

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def __repr__(self) -> str:
        return f"ShiftWindow(tech={self.technician_id!r}, {self.weekday} {self.start}-{self.end})"


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(32), unique=True)
    address: Mapped[str] = mapped_column(String(300))
    district: Mapped[str] = mapped_column(String(64), default="")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime]
    #: When retention replaced the name and phone and cut the address to the district.
    anonymised_at: Mapped[datetime | None]

    calls: Mapped[list[Call]] = relationship(back_populates="customer", order_by="Call.created_at")

    def __repr__(self) -> str:
        return f"Customer(id={self.id!r}, name={self.name!r}, phone={self.phone!r})"


class Call(Base):
    """A customer's request and the job that answers it; one row, one lifecycle."""

    __tablename__ = "calls"
    __table_args__ = (
        UniqueConstraint("channel", "idempotency_key", name="uq_calls_channel_idem"),
        Index("ix_calls_status", "status"),
        Index("ix_calls_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    address: Mapped[str] = mapped_column(String(300))
    district: Mapped[str] = mapped_column(String(64), default="")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    category: Mapped[str] = mapped_column(String(32))
    required_skills: Mapped[list[str]] = mapped_column(default=list)
    priority: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    idempotency_key: Mapped[str | None] = mapped_column(String(128))
    crew_size: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default="new")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    sla_deadline: Mapped[datetime]
    assigned_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    en_route_at: Mapped[datetime | None]
    on_site_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    price_quoted_cents: Mapped[int | None] = mapped_column(Integer)
    price_charged_cents: Mapped[int | None] = mapped_column(Integer)
    rating: Mapped[int | None] = mapped_column(Integer)
    feedback: Mapped[str | None] = mapped_column(Text)
    revisit_of_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: A dispatcher's pin (console.services.pins): the technicians it keeps the call with.
    #: It holds only while they are exactly the call's technicians, so a reassignment ends
    #: it without another write; on the call row, which every call change locks first.
    pinned_technicians: Mapped[list[int] | None] = mapped_column(JSON)
    pinned_at: Mapped[datetime | None]
    pinned_by: Mapped[str | None] = mapped_column(String(120))

    customer: Mapped[Customer] = relationship(back_populates="calls")
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="call", order_by="Assignment.id"
    )
    cost_entries: Mapped[list[CostEntry]] = relationship(back_populates="call")
    call_notes: Mapped[list[CallNote]] = relationship(back_populates="call", order_by="CallNote.id")

    def __repr__(self) -> str:
        return f"Call(id={self.id!r}, category={self.category!r}, status={self.status!r})"


class Assignment(Base):
    """Who was sent to which call, kept as history: reassignment ends a row, never edits it."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_active", "call_id", "active"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id"), index=True)
    assigned_by: Mapped[str] = mapped_column(String(120))
    assigned_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(32))
    override_reason: Mapped[str | None] = mapped_column(Text)

    call: Mapped[Call] = relationship(back_populates="assignments")
    technician: Mapped[Technician] = relationship(back_populates="assignments")

    def __repr__(self) -> str:
        return (
            f"Assignment(id={self.id!r}, call={self.call_id!r}, tech={self.technician_id!r}, "
            f"active={self.active!r})"
        )


class CostEntry(Base):
    __tablename__ = "cost_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    technician_id: Mapped[int | None] = mapped_column(ForeignKey("technicians.id"))
    kind: Mapped[str] = mapped_column(String(16))
    quantity: Mapped[float] = mapped_column(Float, default=0.0)
    amount_cents: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]

    call: Mapped[Call] = relationship(back_populates="cost_entries")

    def __repr__(self) -> str:
        return f"CostEntry(id={self.id!r}, call={self.call_id!r}, kind={self.kind!r})"


class CallNote(Base):
    __tablename__ = "call_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    author: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]

    call: Mapped[Call] = relationship(back_populates="call_notes")


class PositionFix(Base):
    """Track history, written in batches by the hub (the latest fix lives on Technician)."""

    __tablename__ = "position_fixes"
    __table_args__ = (
        Index("ix_fixes_tech_time", "technician_id", "fixed_at"),
        Index("ix_position_fixes_fixed_at", "fixed_at"),  # retention deletes by age
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("technicians.id"))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    heading_deg: Mapped[float | None] = mapped_column(Float)
    speed_kmh: Mapped[float | None] = mapped_column(Float)
    fixed_at: Mapped[datetime]


class AuditRecord(Base):
    """Who did what, when, with the row before and after."""

    __tablename__ = "audit_records"
    __table_args__ = (Index("ix_audit_records_action_at", "action", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(160))
    action: Mapped[str] = mapped_column(String(48))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    reason: Mapped[str | None] = mapped_column(Text)


class Event(Base):
    """The append-only event log; ``seq`` is global and gap-free (see console.events)."""

    __tablename__ = "events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    type: Mapped[str] = mapped_column(String(48))
    call_id: Mapped[int | None] = mapped_column(Integer)
    technician_id: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]]


class EventCounter(Base):
    """One row holding the last sequence number; updating it serialises event writers, so
    sequence numbers are gap-free and commit in order."""

    __tablename__ = "event_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Setting(Base):
    """Center-wide settings kept in the shared database (time zone, center name)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DispatchPolicy(Base):
    """Who dispatches a new call, by local time window and category: ``manual`` (the
    recommendations only), ``suggest`` (the plan is shown, a person accepts) or ``auto``
    (the hub assigns the plan's choice after ``hold_seconds`` unless a dispatcher is
    first). ``category`` None covers every category; a category's own row wins."""

    __tablename__ = "dispatch_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str | None] = mapped_column(String(32))
    start: Mapped[time] = mapped_column(Time)
    end: Mapped[time] = mapped_column(Time)  # before start: the window crosses midnight
    mode: Mapped[str] = mapped_column(String(16))
    hold_seconds: Mapped[int] = mapped_column(Integer, default=60)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime]

    def __repr__(self) -> str:
        return (
            f"<DispatchPolicy #{self.id} {self.category or '*'} "
            f"{self.start:%H:%M}-{self.end:%H:%M} {self.mode} hold {self.hold_seconds}s>"
        )
class ApiKey(Base):
    """An integration's key for the HTTP API; only a hash of the secret is kept.

    Each key owns an intake channel (``channel_id``), so HTTP intake shares the websocket
    intake's idempotency scope and "only calls this channel created" rules.
    """

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(255), unique=True)
    scopes: Mapped[list[str]] = mapped_column(default=list)
    channel_id: Mapped[int] = mapped_column(ForeignKey("intake_channels.id"))
    rate_per_s: Mapped[float] = mapped_column(Float, default=20.0)
    burst: Mapped[int] = mapped_column(Integer, default=40)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(160))
    revoked_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"ApiKey(id={self.id!r}, name={self.name!r}, scopes={self.scopes!r})"


class WebhookSubscription(Base):
    """Where to POST which events, signed with ``secret``; status kept per subscription."""

    __tablename__ = "webhook_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    event_types: Mapped[list[str]] = mapped_column(default=list)
    secret: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(160))
    from_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None]
    failures: Mapped[int] = mapped_column(Integer, default=0)
    delivered: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"WebhookSubscription(id={self.id!r}, url={self.url!r})"


class WebhookDelivery(Base):
    """One event owed to one subscription: durable, so a restart resumes the retries."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "event_seq", name="uq_delivery_sub_seq"),
        Index("ix_delivery_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    event_seq: Mapped[int] = mapped_column(Integer)
    event_type: Mapped[str] = mapped_column(String(48))
    payload: Mapped[dict[str, Any]]
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending, delivered, dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"WebhookDelivery(id={self.id!r}, seq={self.event_seq!r}, state={self.state!r})"


class CommandResult(Base):
    """What became of one client command id (console.hub.commands): written in the same
    transaction as the command's effect, so a repeat of the id, on any hub of this database,
    is answered from here instead of being done twice.

    ``key`` is the client's id scoped to who sent it (``console:7:<id>``), so one sender can
    never read another's answers. ``status`` is applied or refused; ``result`` the ``ok``
    answer's result (JSON text), or the refusal's wire form. An applied row whose result is
    still None lost its hub between the commit and the answer: ``subject`` (``call:12``)
    lets a repeat answer with that row's state. Rows older than the retention window are
    purged.
    """

    __tablename__ = "command_results"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str | None] = mapped_column(String(48))
    result: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(index=True)

    def __repr__(self) -> str:
        return f"CommandResult(key={self.key!r}, type={self.type!r}, status={self.status!r})"
class TrainingNight(Base):
    """One demo night a trainee dispatched, kept in the shared database apart from live data
    (no call, event or cost row refers to it): who, which night, how long, and the score
    next to the engine's on the same calls. The demo's own database is thrown away; this is
    what remains. ``status`` is ``scored`` or ``abandoned`` (closed within a few minutes:
    kept, never scored). ``night_key`` is made by the demo once per night, so a resend or a
    second desk closing the same night records it once.
    """

    __tablename__ = "training_nights"
    __table_args__ = (Index("ix_training_nights_trainee_ended", "trainee_id", "wall_ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    night_key: Mapped[str] = mapped_column(String(64), unique=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    trainee_name: Mapped[str] = mapped_column(String(120))
    trainer_name: Mapped[str] = mapped_column(String(120), default="")
    scenario: Mapped[str] = mapped_column(String(64))
    seed: Mapped[int] = mapped_column(Integer)
    speed: Mapped[float] = mapped_column(Float)
    engine: Mapped[str] = mapped_column(String(16), default="recommend")
    status: Mapped[str] = mapped_column(String(16))
    wall_started_at: Mapped[datetime]
    wall_ended_at: Mapped[datetime]
    wall_seconds: Mapped[float] = mapped_column(Float)
    sim_seconds: Mapped[float] = mapped_column(Float)
    injections: Mapped[list[str]] = mapped_column(default=list)
    calls: Mapped[int] = mapped_column(Integer, default=0)
    mean_min: Mapped[float | None] = mapped_column(Float)
    p90_min: Mapped[float | None] = mapped_column(Float)
    sla_met: Mapped[int] = mapped_column(Integer, default=0)
    sla_decided: Mapped[int] = mapped_column(Integer, default=0)
    travel_km: Mapped[float] = mapped_column(Float, default=0.0)
    engine_mean_min: Mapped[float | None] = mapped_column(Float)
    engine_p90_min: Mapped[float | None] = mapped_column(Float)
    engine_sla_met: Mapped[int | None] = mapped_column(Integer)
    engine_sla_decided: Mapped[int | None] = mapped_column(Integer)
    engine_travel_km: Mapped[float | None] = mapped_column(Float)
    recorded_by: Mapped[str] = mapped_column(String(160))

    def __repr__(self) -> str:
        return (
            f"TrainingNight(id={self.id!r}, trainee={self.trainee_name!r}, "
            f"scenario={self.scenario!r}, status={self.status!r})"
        )
