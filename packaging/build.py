"""One command builds the installable desktop app: ``python packaging/build.py``.

Runs PyInstaller with ``night-dispatch-console.spec`` (one folder with Python, Qt and
QtWebEngine inside), then on Linux packs that folder with the icon, the .desktop entry and
``install.sh`` into ``packaging/dist/night-dispatch-console-VERSION-linux-ARCH.tar.gz``.
On Windows the same spec gives ``packaging\\dist\\night-dispatch-console\\`` (wrap it with
an installer such as Inno Setup if wanted). Prints the time each step took.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME = "night-dispatch-console"


def version() -> str:
    sys.path.insert(0, str(HERE.parent))
    from console import __version__

    return __version__


def pyinstaller(dist: Path, work: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(HERE / f"{NAME}.spec")],
        check=True,
    )
    return dist / NAME


def pack_linux(app: Path, dist: Path, compress: bool) -> Path:
    for extra in (f"{NAME}.png", f"{NAME}.desktop", "install.sh"):
        shutil.copy2(HERE / extra, dist / extra)
    arch = platform.machine() or "x86_64"
    out = dist / f"{NAME}-{version()}-linux-{arch}.tar{'.gz' if compress else ''}"
    with tarfile.open(out, "w:gz" if compress else "w", **({"compresslevel": 1} if compress
                                                           else {})) as tar:
        for item in (app, *(dist / e for e in (f"{NAME}.png", f"{NAME}.desktop", "install.sh"))):
            tar.add(item, arcname=f"{NAME}/{item.name}" if item != app else f"{NAME}/{NAME}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=HERE / "dist")
    parser.add_argument("--work", type=Path, default=HERE / "build")
    parser.add_argument("--no-archive", action="store_true", help="stop after the folder")
    parser.add_argument("--no-compress", action="store_true", help="plain .tar (faster)")
    args = parser.parse_args(argv)
    start = time.monotonic()
    app = pyinstaller(args.dist, args.work)
    built = time.monotonic()
    print(f"built {app} in {built - start:.0f} s", flush=True)
    if sys.platform.startswith("linux") and not args.no_archive:
        archive = pack_linux(app, args.dist, compress=not args.no_compress)
        size = archive.stat().st_size / 2**20
        print(f"packed {archive} ({size:.0f} MB) in {time.monotonic() - built:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
