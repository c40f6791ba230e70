"""The simulated night's people and credentials, created through the account services the
way an administrator would: technicians (with field-app tokens), intake channels (tokens)
and console users (the simulator's own dispatcher, and the trainee in demo mode)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from console.db.engine import Database
from console.domain import Channel, Role, TechnicianView
from console.services.accounts import create_channel, create_technician, create_user
from console.services.actors import Actor
from console.sim.plan import NightPlan

SETUP = Actor("system", None, "simulator setup")
SIM_USER = "sim-dispatcher"
TRAINEE_USER = "trainee"

_CHANNEL_NAMES = {
    Channel.APP: "Customer app (demo)",
    Channel.MINI_PROGRAM: "WeChat mini-program (demo)",
    Channel.WEB: "Web form (demo)",
    Channel.PARTNER_API: "Partner API (demo)",
}


@dataclass(slots=True)
class Accounts:
    technicians: list[tuple[TechnicianView, str]] = field(default_factory=list)
    channels: dict[str, str] = field(default_factory=dict)  # kind -> token
    sim_user: tuple[str, str] = ("", "")
    trainee: tuple[str, str] = ("", "")


def _secret(seed: int, who: str) -> str:
    """Demo credentials derived from the seed: only ever used on a throwaway demo database."""
    return hashlib.sha256(f"ndc-sim:{seed}:{who}".encode()).hexdigest()[:24]


def create_accounts(db: Database, plan: NightPlan, *, trainee: bool = False) -> Accounts:
    acc = Accounts()
    for t in plan.technicians:
        view, token = create_technician(
            db,
            actor=SETUP,
            name=t.name,
            phone=t.phone,
            skills=list(t.skills),
            home_base=t.home_base,
            home_lat=t.home[0],
            home_lon=t.home[1],
            shifts=[t.shift_window],
            token=_secret(plan.seed, f"tech:{t.index}"),
        )
        acc.technicians.append((view, token))
    for kind, name in _CHANNEL_NAMES.items():
        _id, token = create_channel(
            db, actor=SETUP, name=name, kind=kind, token=_secret(plan.seed, f"channel:{kind.value}")
        )
        acc.channels[kind.value] = token
    password = _secret(plan.seed, "sim-user")
    create_user(
        db,
        actor=SETUP,
        username=SIM_USER,
        display_name="Simulator 模拟调度",
        role=Role.DISPATCHER,
        password=password,
    )
    acc.sim_user = (SIM_USER, password)
    if trainee:
        create_user(
            db,
            actor=SETUP,
            username=TRAINEE_USER,
            display_name="Trainee 学员",
            role=Role.DISPATCHER,
            password=TRAINEE_USER,
        )
        acc.trainee = (TRAINEE_USER, TRAINEE_USER)
    return acc
