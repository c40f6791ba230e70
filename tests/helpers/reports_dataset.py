"""A small, exact call-center week written through the real services with a settable clock.

Week 2026-W47 in Asia/Shanghai (Mon 2026-11-16 00:00 local = 2026-11-15 16:00 UTC) holds
calls at both week boundaries, the 22:00 night boundary, a late arrival, a crew of two, a
reassignment, a failure with its revisit, a failure without one, a cancellation and open
calls. W46 has one call (the comparison week), W49 exactly one call, W30 none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from console.db.engine import Database
from console.db.models import Setting
from console.services import (
    advance_status,
    assign_call,
    cancel_call,
    complete_call,
    create_call,
    fail_call,
    reassign_call,
)
from console.services.accounts import create_technician
from console.services.actors import Actor
from console.services.costs import add_cost_entry
from console.services.technicians import set_technician_status

TZ = ZoneInfo("Asia/Shanghai")
ACTOR = Actor("user", 1, "Supervisor 主管", "supervisor")
W47_MONDAY = date(2026, 11, 16)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def local(day: date, hhmm: str, tz: ZoneInfo = TZ, *, fold: int = 0) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=tz).replace(fold=fold)


@dataclass
class Built:
    techs: dict[str, int] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)


class Writer:
    """Drives the services at chosen local times."""

    def __init__(self, db: Database) -> None:
        self.db, self.clock = db, Clock()
        db.clock = self.clock
        self.built = Built()
        self._phones = 0

    def at(self, when: datetime) -> None:
        self.clock.now = when.astimezone(UTC)

    def tech(self, key: str, name: str, shifts: list[tuple[int, str, str]]) -> int:
        view, _token = create_technician(
            self.db,
            actor=ACTOR,
            name=name,
            phone=f"+86 139 0000 {len(self.built.techs):04d}",
            skills=[
                "plumbing",
                "locksmith",
                "electrical",
                "heating",
                "appliance",
                "glazing",
                "pest",
            ],
            home_base="徐汇区 Xuhui",
            home_lat=31.19,
            home_lon=121.43,
            shifts=shifts,
        )
        set_technician_status(self.db, actor=ACTOR, technician_id=view.id, status="available")
        self.built.techs[key] = view.id
        return view.id

    def call(
        self,
        key: str,
        when: datetime,
        category: str,
        priority: str,
        channel: str,
        customer: str,
        address: str,
        **kw: object,
    ) -> int:
        self.at(when)
        self._phones += 1
        view = create_call(
            self.db,
            actor=ACTOR,
            customer_name=customer,
            phone=f"+86 138 {self._phones:04d} 0000",
            address=address,
            lat=31.2,
            lon=121.45,
            category=category,
            priority=priority,
            channel=channel,
            **kw,
        )  # type: ignore[arg-type]
        self.built.calls[key] = view.id
        return view.id

    def step(self, when: datetime, fn: object, **kw: object) -> None:
        self.at(when)
        fn(self.db, actor=ACTOR, **kw)  # type: ignore[operator]

    def run(self, call_id: int, tech: int, assign: datetime, on_site: datetime) -> None:
        """Assign, accept, drive and arrive."""
        self.step(assign, assign_call, call_id=call_id, technician_id=tech)
        self.step(assign + timedelta(minutes=1), advance_status, call_id=call_id, to="accepted")
        self.step(assign + timedelta(minutes=2), advance_status, call_id=call_id, to="en_route")
        self.step(on_site, advance_status, call_id=call_id, to="on_site")

    def cost(
        self, call_id: int, kind: str, amount: float, quantity: float = 0.0, tech: int | None = None
    ) -> None:
        add_cost_entry(
            self.db,
            actor=ACTOR,
            call_id=call_id,
            kind=kind,
            amount=amount,
            quantity=quantity,
            technician_id=tech,
        )


def _day(n: int) -> date:
    return W47_MONDAY + timedelta(days=n)


def build(db: Database) -> Built:
    w = Writer(db)
    with db.transaction() as s:
        s.add(Setting(key="center_name", value="浦江夜间服务中心 Pujiang Night Center"))
    t1 = w.tech("t1", "王师傅", [(d, "22:00", "06:00") for d in range(5)])  # 40 h
    t2 = w.tech("t2", "Li Na", [(d, "08:00", "16:00") for d in range(7)])  # 56 h
    t3 = w.tech("t3", "张伟", [(0, "18:00", "02:00"), (2, "09:00", "17:00")])  # 16 h
    w.tech("t4", "Idle Ivan", [(5, "00:00", "00:00")])  # 24 h, no jobs

    # Previous week: one call, completed, rated 1.
    c = w.call(
        "prev",
        local(_day(-1), "23:59:59"),
        "lockout",
        "emergency",
        "phone",
        "周先生",
        "上海市黄浦区南京东路 1 号",
    )
    w.run(c, t1, local(_day(0), "00:05"), local(_day(0), "00:30"))
    w.step(
        local(_day(0), "01:00"),
        complete_call,
        call_id=c,
        price_charged=100.0,
        rating=1,
        feedback="rude",
    )

    # Monday 00:00:00 exactly: in the week, still assigned (open).
    c = w.call(
        "c0",
        local(_day(0), "00:00"),
        "broken_window",
        "normal",
        "web",
        "刘女士",
        "上海市静安区愚园路 12 弄 3 号",
    )
    w.step(
        local(_day(0), "00:30"),
        assign_call,
        call_id=c,
        technician_id=t2,
        override_reason="only glazier",
    )
    # 1. Night burst pipe, within SLA, full costs.
    c = w.call(
        "c1",
        local(_day(0), "23:10"),
        "burst_pipe",
        "emergency",
        "phone",
        "陈小姐",
        "上海市徐汇区漕溪北路 88 号 1201 室",
    )
    w.run(c, t1, local(_day(0), "23:15"), local(_day(0), "23:50"))
    w.step(
        local(_day(1), "00:40"),
        complete_call,
        call_id=c,
        price_charged=380.0,
        rating=5,
        parts=[{"name": "PVC pipe", "amount": 45.5}],
    )
    w.cost(c, "travel", 30.0, 12.3, t1)
    w.cost(c, "labor", 80.0, 60, t1)
    w.cost(c, "platform_fee", 15.0)
    # 2. Night lockout, late (110 min against 90), rated 2.
    c = w.call(
        "c2",
        local(_day(1), "02:30"),
        "lockout",
        "urgent",
        "app",
        "John Smith",
        "Flat 5, 200 Huaihai Road",
    )
    w.run(c, t1, local(_day(1), "02:35"), local(_day(1), "04:20"))
    w.step(
        local(_day(1), "04:50"),
        complete_call,
        call_id=c,
        price_charged=200.0,
        rating=2,
        feedback="Arrived late, 等了很久",
    )
    w.cost(c, "travel", 20.0, 8.0, t1)
    # 3. Day leak fails (needs a part) -> revisit 4, completed next day.
    c = w.call(
        "c3",
        local(_day(1), "10:00"),
        "leak",
        "normal",
        "web",
        "Ada <&> Lovelace",
        "上海市长宁区延安西路 500 号",
    )
    w.run(c, t2, local(_day(1), "10:05"), local(_day(1), "11:00"))
    w.step(local(_day(1), "11:30"), fail_call, call_id=c, reason="needs part")
    revisit = c + 1
    w.built.calls["c4"] = revisit
    w.run(revisit, t2, local(_day(2), "09:00"), local(_day(2), "10:00"))
    w.step(local(_day(2), "11:00"), complete_call, call_id=revisit, price_charged=150.0, rating=4)
    # 5. Crew of two, revenue split.
    c = w.call(
        "c5",
        local(_day(2), "15:00"),
        "power_outage",
        "emergency",
        "partner_api",
        "赵六",
        "上海市浦东新区世纪大道 100 号",
        crew_size=2,
    )
    w.step(local(_day(2), "15:05"), assign_call, call_id=c, technician_id=t2)
    w.step(local(_day(2), "15:06"), assign_call, call_id=c, technician_id=t3)
    w.step(local(_day(2), "15:07"), advance_status, call_id=c, to="accepted")
    w.step(local(_day(2), "15:08"), advance_status, call_id=c, to="en_route")
    w.step(local(_day(2), "15:40"), advance_status, call_id=c, to="on_site")
    w.step(
        local(_day(2), "17:40"),
        complete_call,
        call_id=c,
        price_charged=500.0,
        rating=3,
        feedback="OK but messy",
    )
    w.cost(c, "travel", 10.0, 5.0, t2)
    w.cost(c, "travel", 12.0, 6.0, t3)
    # 6. Cancelled one minute before night.
    c = w.call(
        "c6",
        local(_day(3), "21:59"),
        "appliance_repair",
        "normal",
        "mini_program",
        "孙七",
        "上海市普陀区长寿路 9 号",
    )
    w.step(local(_day(3), "22:10"), cancel_call, call_id=c, reason="customer fixed it")
    # 7. Exactly 22:00: reassigned T1 -> T3, completed, no rating.
    c = w.call(
        "c7",
        local(_day(3), "22:00"),
        "no_heating",
        "urgent",
        "phone",
        "周八",
        "上海市虹口区四川北路 77 号",
    )
    w.step(local(_day(3), "22:05"), assign_call, call_id=c, technician_id=t1)
    w.step(local(_day(3), "22:20"), reassign_call, call_id=c, technician_id=t3)
    w.step(local(_day(3), "22:21"), advance_status, call_id=c, to="accepted")
    w.step(local(_day(3), "22:22"), advance_status, call_id=c, to="en_route")
    w.step(local(_day(3), "23:00"), advance_status, call_id=c, to="on_site")
    w.step(local(_day(3), "23:30"), complete_call, call_id=c, price_charged=120.0)
    # 11. Night electrical fault: on site exactly at its deadline (met), fails, no revisit.
    c = w.call(
        "c11",
        local(_day(4), "03:00"),
        "electrical_fault",
        "urgent",
        "phone",
        "吴九",
        "上海市杨浦区国定路 3 号",
    )
    w.run(c, t1, local(_day(4), "03:05"), local(_day(4), "04:30"))
    w.step(
        local(_day(4), "04:45"),
        fail_call,
        call_id=c,
        reason="mains fault, utility job",
        revisit=False,
    )
    # 8. Sunday 23:59:59: in the week, open. Next Monday 00:00:00: not in the week.
    w.call(
        "c8",
        local(_day(6), "23:59:59"),
        "blocked_drain",
        "normal",
        "phone",
        "郑十",
        "上海市闵行区莘庄 8 号",
    )
    w.call(
        "next", local(_day(7), "00:00"), "pests", "normal", "phone", "Next Week", "1 Somewhere Road"
    )
    # W49 (2026-11-30..12-06): exactly one call, completed.
    c = w.call(
        "only",
        local(date(2026, 12, 2), "03:00"),
        "leak",
        "urgent",
        "app",
        "单一",
        "上海市徐汇区 1 号",
    )
    w.run(c, t1, local(date(2026, 12, 2), "03:10"), local(date(2026, 12, 2), "04:00"))
    w.step(
        local(date(2026, 12, 2), "05:00"), complete_call, call_id=c, price_charged=99.99, rating=4
    )
    w.at(datetime(2026, 12, 10, tzinfo=UTC))
    return w.built
