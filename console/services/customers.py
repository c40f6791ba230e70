"""Adding a customer on their own (an import from spreadsheets), audited like every write."""

from __future__ import annotations

from sqlalchemy import select

from console.db.engine import Database
from console.db.models import Customer
from console.errors import InvalidInput
from console.services import validate
from console.services.actors import Actor
from console.services.journal import Journal


def create_customer(db: Database, *, actor: Actor, name: str, phone: str, address: str,
                    lat: float, lon: float, district: str = "") -> int:
    """A new customer; a phone already on file is refused (one customer per phone)."""
    label = validate.text("name", name, max_len=120)
    tel = validate.phone(phone)
    addr = validate.text("address", address)
    area = validate.text("district", district, max_len=64, allow_empty=True)
    lat_f, lon_f = validate.coordinate(lat, lon)
    with db.transaction() as session:
        if session.execute(select(Customer.id).where(Customer.phone == tel)).first():
            raise InvalidInput(f"a customer with phone {tel} already exists", field="phone")
        journal = Journal(session, actor, db.now())
        customer = Customer(name=label, phone=tel, address=addr, district=area, lat=lat_f,
                            lon=lon_f, created_at=journal.at)
        session.add(customer)
        session.flush()
        journal.audit("create_customer", "customer", customer.id, None,
                      {"name": label, "source": "import"})
        return customer.id
