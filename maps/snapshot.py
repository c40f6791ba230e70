"""Saves a picture of the live map with demo data (docs, visual review).

python -m maps.snapshot docs/map-night.png --night
python -m maps.snapshot docs/map-day.png --day --heat
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from maps import demo


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m maps.snapshot", description=__doc__)
    parser.add_argument("output", type=Path)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--night", dest="night", action="store_true", default=True)
    mode.add_argument("--day", dest="night", action="store_false")
    parser.add_argument("--technicians", type=int, default=200)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--heat", action="store_true")
    parser.add_argument("--territories", action="store_true")
    parser.add_argument("--size", default="1280x860")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from maps.view import MapView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    view = MapView(tiles_url="none", night=args.night)
    width, height = (int(v) for v in args.size.split("x"))
    view.resize(width, height)

    def populate() -> None:
        techs, calls = demo.night(args.technicians, args.calls)
        for tech in techs:
            view.upsert_technician(tech)
        for call, at_risk in calls:
            view.upsert_call(call, sla_at_risk=at_risk)
        view.set_layer_visible("heat", args.heat)
        view.set_layer_visible("territories", args.territories)
        view.highlight("technician", techs[0].id)
        view.flush()
        QTimer.singleShot(1200, save)  # let the canvases and the pulse settle

    def save() -> None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        view.grab().save(str(args.output))
        app.quit()

    view.page_ready.connect(populate)
    view.show()
    app.exec()
    return 0 if args.output.is_file() else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
