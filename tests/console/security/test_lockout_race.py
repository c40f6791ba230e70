"""Parallel wrong passwords against one account (the hub's PostgreSQL writer pool signs in on
several threads at once): the count of failures must not be lost between threads, or more
than five passwords get tried and the account may never lock."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from console.db.engine import Database
from console.db.models import AuditRecord, User
from console.services import signin
from console.services.accounts import create_user
from console.services.actors import SYSTEM

USERNAME, PASSWORD = "ann", "lantern-harbour"


def _attempt(db: Database, barrier: threading.Barrier, password: str) -> str:
    """One sign-in released together with the others; the reason it was refused."""
    barrier.wait(timeout=30)
    try:
        signin.sign_in(db, USERNAME, password, hub_id="h", client="race")
    except signin.SignInRefused as exc:
        return exc.reason
    return "signed in"


@pytest.mark.parametrize("threads", [4, 8])
def test_parallel_wrong_passwords_lock_after_exactly_five(db: Database, threads: int) -> None:
    uid = create_user(db, actor=SYSTEM, username=USERNAME, display_name="Ann",
                      role="dispatcher", password=PASSWORD)
    rounds = 2 if threads == 4 else 1  # 8 attempts in all, in bursts of ``threads``
    reasons: list[str] = []
    with ThreadPoolExecutor(threads) as pool:
        for _ in range(rounds):
            barrier = threading.Barrier(threads)
            burst = [pool.submit(_attempt, db, barrier, "guess-guess") for _ in range(threads)]
            reasons += [f.result(60) for f in burst]

    wrong = [r for r in reasons if not r.startswith("this account is locked")]
    assert len(wrong) == signin.MAX_FAILURES, reasons
    assert all(r.startswith("wrong username or password") for r in wrong)
    assert sum("locked after 5" in r for r in wrong) == 1  # the fifth says it locked
    with db.reading() as s:
        user = s.get(User, uid)
        assert user is not None and user.failed_logins == signin.MAX_FAILURES
        assert user.locked_until is not None
        audits = s.execute(select(AuditRecord.action, AuditRecord.after)
                           .where(AuditRecord.entity_id == uid)).all()
    assert [a for a, _ in audits].count("lockout") == 1
    failed = [after["reason"] for a, after in audits if a == "sign_in_failed"]
    assert failed.count("wrong password") == signin.MAX_FAILURES
    assert failed.count("locked") == len(reasons) - signin.MAX_FAILURES

    with pytest.raises(signin.SignInRefused, match="locked after 5"):
        signin.sign_in(db, USERNAME, PASSWORD, hub_id="h", client="after")
