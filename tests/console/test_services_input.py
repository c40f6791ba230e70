"""Bad input to every service is answered with a code and a readable reason, and nothing is
written: no row, no audit record, no event, no counter bump."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from console.db.engine import Database
from console.domain import CallStatus
from console.errors import DispatchError
from console.services import (
    add_cost_entry,
    add_note,
    advance_status,
    assign_call,
    cancel_call,
    complete_call,
    fail_call,
    rate_call,
    reassign_call,
    set_technician_status,
    unassign_call,
)
from console.services.accounts import create_technician, create_user
from tests.helpers.services_kit import DISPATCHER, counts, drive, make_call, make_tech

Case = tuple[str, Callable[[], object], str, str]


def _cases(db: Database, new: int, assigned: int, done: int, tech: int) -> list[Case]:
    a = DISPATCHER

    def call(**kw: object) -> Callable[[], object]:
        return lambda: make_call(db, **kw)

    return [
        ("unknown call", lambda: assign_call(db, actor=a, call_id=999_999, technician_id=tech),
         "not_found", "call 999999 does not exist"),
        ("call id not a number", lambda: cancel_call(db, actor=a, call_id="7"),  # type: ignore[arg-type]
         "invalid", "call_id must be a whole number"),
        ("unknown technician", lambda: assign_call(db, actor=a, call_id=new, technician_id=4242),
         "not_found", "technician 4242 does not exist"),
        ("wrong state", lambda: advance_status(db, actor=a, call_id=new, to="on_site"),
         "illegal_transition", f"call {new} is new; it cannot go to on_site"),
        ("advance to an outcome", lambda: advance_status(db, actor=a, call_id=new, to="completed"),
         "invalid", "advance_status goes to accepted, en_route or on_site"),
        ("unknown step", lambda: advance_status(db, actor=a, call_id=new, to="flying"),
         "invalid", "to 'flying' is not one of"),
        ("negative price", lambda: complete_call(db, actor=a, call_id=done, price_charged=-5),
         "invalid", "price_charged must not be negative, got -5"),
        ("rating 7 on completion", lambda: complete_call(db, actor=a, call_id=done, rating=7),
         "invalid", "rating must be between 1 and 5, got 7"),
        ("rating 7", lambda: rate_call(db, actor=a, call_id=done, rating=7),
         "invalid", "rating must be between 1 and 5, got 7"),
        ("rating an open call", lambda: rate_call(db, actor=a, call_id=new, rating=5),
         "illegal_transition", "only a completed call can be rated"),
        ("part without amount", lambda: complete_call(db, actor=a, call_id=done,
                                                       parts=[{"name": "valve"}]),
         "invalid", "part 'valve' needs an amount"),
        ("empty phone", call(phone="  "), "invalid", "phone must not be empty"),
        ("phone not a number", call(phone="call me"), "invalid", "is not a phone number"),
        ("empty name", call(customer_name=""), "invalid", "customer_name must not be empty"),
        ("latitude out of range", call(lat=95.0), "invalid", "lat 95.0 is outside -90.0..90.0"),
        ("longitude not finite", call(lon=math.nan), "invalid", "lon must be a finite number"),
        ("coordinate as text", call(lat="31.2"), "invalid", "lat must be a finite number"),
        ("unknown category", call(category="roof"), "invalid", "category 'roof' is not one of"),
        ("unknown priority", call(priority="whenever"), "invalid",
         "priority 'whenever' is not one of"),
        ("unknown channel", call(channel="fax"), "invalid", "channel 'fax' is not one of"),
        ("crew size 0", call(crew_size=0), "invalid", "crew_size must be between 1 and 4, got 0"),
        ("negative quote", call(price_quoted=-1.0), "invalid", "price_quoted must not be negative"),
        ("failure without reason", lambda: fail_call(db, actor=a, call_id=assigned, reason=" "),
         "invalid", "reason must not be empty"),
        ("empty note", lambda: add_note(db, actor=a, call_id=new, text=""),
         "invalid", "text must not be empty"),
        ("note on unknown call", lambda: add_note(db, actor=a, call_id=999_999, text="hi"),
         "not_found", "call 999999 does not exist"),
        ("unassign a stranger", lambda: unassign_call(db, actor=a, call_id=assigned,
                                                       technician_id=4242),
         "invalid", f"technician 4242 is not on call {assigned}"),
        ("reassign to the same technician", lambda: reassign_call(db, actor=a, call_id=assigned,
                                                                   technician_id=tech),
         "invalid", f"is already on call {assigned}"),
        ("negative cost", lambda: add_cost_entry(db, actor=a, call_id=done, kind="parts",
                                                 amount=-3),
         "invalid", "amount must not be negative"),
        ("unknown cost kind", lambda: add_cost_entry(db, actor=a, call_id=done, kind="bribe",
                                                     amount=3),
         "invalid", "kind 'bribe' is not one of"),
        ("negative km", lambda: add_cost_entry(db, actor=a, call_id=done, kind="travel",
                                               amount=3, quantity=-1),
         "invalid", "quantity must be a number of at least 0"),
        ("cost on unknown call", lambda: add_cost_entry(db, actor=a, call_id=999_999,
                                                        kind="travel", amount=3),
         "not_found", "call 999999 does not exist"),
        ("unknown technician status", lambda: set_technician_status(
            db, actor=a, technician_id=tech, status="sleeping"),
         "invalid", "status 'sleeping' is not one of"),
        ("job status set by hand", lambda: set_technician_status(
            db, actor=a, technician_id=tech, status="on_site"),
         "invalid", "follows from a job step"),
        ("status of unknown technician", lambda: set_technician_status(
            db, actor=a, technician_id=4242, status="available"),
         "not_found", "technician 4242 does not exist"),
        ("technician without skills", lambda: create_technician(
            db, actor=a, name="Ben Lee", phone="13800000009", skills=[], home_base="Pudong",
            home_lat=31.22, home_lon=121.54),
         "invalid", "a technician needs at least one skill"),
        ("technician off the map", lambda: create_technician(
            db, actor=a, name="Ben Lee", phone="13800000009", skills=["plumbing"],
            home_base="Pudong", home_lat=31.22, home_lon=200.0),
         "invalid", "lon 200.0 is outside"),
        ("unknown role", lambda: create_user(db, actor=a, username="x", display_name="X",
                                             role="boss", password="secret"),
         "invalid", "role 'boss' is not one of"),
    ]


def test_bad_input_gets_a_clear_error_and_writes_nothing(db: Database) -> None:
    tech = make_tech(db)
    new = make_call(db).id
    assigned = make_call(db, phone="13900000002").id
    drive(db, assigned, CallStatus.ACCEPTED, tech)
    done = make_call(db, phone="13900000003").id
    drive(db, done, CallStatus.ON_SITE, tech)
    for name, action, code, fragment in _cases(db, new, assigned, done, tech):
        before = counts(db)
        with pytest.raises(DispatchError) as info:
            action()
        err = info.value
        assert err.code == code, f"{name}: {err.code} {err.message!r}"
        assert fragment in err.message, f"{name}: {err.message!r}"
        assert err.to_wire()["code"] == code and err.to_wire()["reason"] == err.message
        assert counts(db) == before, f"{name} wrote something"
