"""Minting credentials from the command line: a new field-app token for a technician.

The token is printed once and only its hash is stored; issuing a new one revokes the old.
"""

from __future__ import annotations

from console.db.engine import Database
from console.db.models import Technician
from console.errors import NotFound
from console.services.accounts import hash_token, new_token
from console.services.actors import Actor
from console.services.journal import Journal


def rotate_technician_token(db: Database, *, actor: Actor, technician_id: int) -> str:
    """Give a technician a new field-app token (the old one stops working)."""
    token = new_token()
    with db.transaction() as session:
        tech = session.get(Technician, technician_id)
        if tech is None or not tech.active:
            raise NotFound(
                f"technician {technician_id} does not exist", technician_id=technician_id
            )
        tech.token_hash = hash_token(token)
        Journal(session, actor, db.now()).audit(
            "issue_token", "technician", tech.id, None, {"token": "reissued"}
        )
    return token
