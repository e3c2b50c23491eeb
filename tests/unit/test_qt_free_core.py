"""The core (everything outside desktop/ui/) must import with PySide6 unavailable."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]

SCRIPT = r"""
import importlib, importlib.abc, pkgutil, sys

class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError(f"{name} is blocked: the core must not need Qt")
        return None

sys.meta_path.insert(0, BlockQt())
import desktop
names = [m.name for m in pkgutil.walk_packages(desktop.__path__, "desktop.")
         if not m.name.startswith("desktop.ui")]
for name in names:
    importlib.import_module(name)
assert not any(k.startswith("PySide6") for k in sys.modules)
print(len(names))
"""


def test_core_imports_without_pyside6():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 20  # every core module was imported, not a handful


def test_the_blocker_really_blocks():
    """The check above means something only if importing desktop.ui fails under it."""
    script = SCRIPT.replace('if not m.name.startswith("desktop.ui")', "")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                            timeout=120)
    assert result.returncode != 0 and "is blocked" in result.stderr
