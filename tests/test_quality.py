"""Static checks run with the suite, so one test command is the whole of CI: ruff, mypy
(strict on console/, relaxed on ui/, maps/, reports/), the import-linter contracts, no import
cycles between modules, and the core importing with Qt absent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", "console", "ui", "maps", "reports", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_console() -> None:
    result = _run(str(BIN / "mypy"), "console")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_on_the_qt_layers() -> None:
    result = _run(str(BIN / "mypy"), "ui", "maps", "reports")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_import_cycles_between_modules() -> None:
    """grimp (import-linter's graph) over all four packages, counting imports made only for
    type checking too: a module that needs a name from a module importing it gets the name
    from a third module (ui.shell.window_base, ui.shell.roles, console.hub.connection.Hub)."""
    import grimp

    graph = grimp.build_graph("console", "ui", "maps", "reports")
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None and imported != module:
                cycles.append(" -> ".join((module, *back)))
    assert not cycles, "import cycles:\n" + "\n".join(cycles[:20])


def test_import_contracts_hold() -> None:
    result = _run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr


BLOCK_QT = """
import importlib, pkgutil, sys
class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'qasync', 'ui', 'maps', 'reports'):
            raise ImportError(f'{name} is blocked: console must work without Qt')
        return None
sys.meta_path.insert(0, NoQt())
import console
for mod in pkgutil.walk_packages(console.__path__, 'console.'):
    if '.migrations.' in mod.name:
        continue
    importlib.import_module(mod.name)
print('ok')
"""


def test_core_imports_without_qt() -> None:
    result = _run(sys.executable, "-c", BLOCK_QT)
    assert result.returncode == 0 and "ok" in result.stdout, result.stdout + result.stderr
