from console.db.engine import Database
from console.services.accounts import create_technician
from console.services.actors import SYSTEM


def test_migrated_database_accepts_a_technician(db: Database) -> None:
    view, token = create_technician(
        db, actor=SYSTEM, name="王师傅", phone="13800000001", skills=["plumbing"],
        home_base="Xuhui", home_lat=31.19, home_lon=121.43, shifts=[(0, "20:00", "06:00")],
    )
    assert view.id == 1 and token
