"""One command builds the installable desktop app: ``python packaging/build.py``.

Runs PyInstaller with ``night-dispatch-console.spec`` (one folder with Python, Qt and
QtWebEngine inside), then on Linux packs that folder as a Debian package
``packaging/dist/night-dispatch-console_VERSION_ARCH.deb`` (app in /opt, launcher in /usr/bin,
menu entry and icon in /usr/share; ``apt install ./FILE.deb`` pulls the xcb libraries Qt
needs), or with ``--format tar`` as a tarball with the icon, the .desktop entry and
``install.sh`` for distributions without dpkg.
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


DEB_ARCH = {"x86_64": "amd64", "aarch64": "arm64"}
# Qt's xcb platform plugin refuses to load without these on Debian and Ubuntu (DESIGN.md).
DEB_DEPENDS = "libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxkbcommon-x11-0, libegl1"


def pack_deb(app: Path, dist: Path, compress: bool) -> Path:
    """A .deb built with dpkg-deb from a staging tree: what an administrator installs."""
    arch = DEB_ARCH.get(platform.machine(), platform.machine())
    root = dist / "deb-root"
    shutil.rmtree(root, ignore_errors=True)
    opt = root / "opt" / NAME
    shutil.copytree(app, opt, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / NAME).symlink_to(f"/opt/{NAME}/{NAME}")
    icons = root / "usr/share/icons/hicolor/256x256/apps"
    icons.mkdir(parents=True)
    shutil.copy2(HERE / f"{NAME}.png", icons / f"{NAME}.png")
    apps = root / "usr/share/applications"
    apps.mkdir(parents=True)
    shutil.copy2(HERE / f"{NAME}.desktop", apps / f"{NAME}.desktop")
    size_kb = sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) // 1024
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(
        f"Package: {NAME}\nVersion: {version()}\nArchitecture: {arch}\n"
        f"Maintainer: Night Dispatch Console developers <dev@night-dispatch.invalid>\n"
        f"Installed-Size: {size_kb}\nDepends: {DEB_DEPENDS}\nSection: misc\n"
        f"Priority: optional\nDescription: Night Dispatch Console\n"
        f" Live map and dispatch for 24-hour home-service call centers.\n"
    )
    out = dist / f"{NAME}_{version()}_{arch}.deb"
    level = ["-Zgzip", "-z1"] if compress else ["-Znone"]
    subprocess.run(["dpkg-deb", "--root-owner-group", *level, "--build", str(root), str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(root)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=HERE / "dist")
    parser.add_argument("--work", type=Path, default=HERE / "build")
    parser.add_argument("--no-archive", action="store_true", help="stop after the folder")
    parser.add_argument("--no-compress", action="store_true", help="no compression (faster)")
    parser.add_argument("--format", choices=("deb", "tar"),
                        default="deb" if shutil.which("dpkg-deb") else "tar",
                        help="Linux package: .deb (default where dpkg-deb exists) or .tar.gz")
    args = parser.parse_args(argv)
    start = time.monotonic()
    app = pyinstaller(args.dist, args.work)
    built = time.monotonic()
    print(f"built {app} in {built - start:.0f} s", flush=True)
    if sys.platform.startswith("linux") and not args.no_archive:
        pack = pack_deb if args.format == "deb" else pack_linux
        archive = pack(app, args.dist, compress=not args.no_compress)
        size = archive.stat().st_size / 2**20
        print(f"packed {archive} ({size:.0f} MB) in {time.monotonic() - built:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
