"""The wheel is a complete install: built from this checkout, installed into a fresh virtual environment
and run from outside the checkout, `eadr-station self-test` passes, reading resources/ and db/ from the
installed package (importlib.resources), not from the checkout.

The new environment gets the app from the wheel only; its dependencies (PySide6 and the rest) are borrowed
from the test's own environment through a path file, so the test needs no network and no large installs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, **kw)


def test_the_installed_wheel_passes_its_self_test_outside_the_checkout(tmp_path):
    built = _run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-w", str(tmp_path / "dist")],
                 cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next((tmp_path / "dist").glob("eadr_station-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("desktop/_bundled/db/001_initial.sql", "desktop/_bundled/resources/fonts/",
                   "desktop/cli/main.py"):
        assert any(name.startswith(needed) for name in names), f"{wheel.name} lacks {needed}"

    target = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    installed = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                      str(wheel)], cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]
    fresh_site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           cwd=tmp_path).stdout.strip())
    # Dependencies only: a plain path (no .pth processing there, so this checkout's editable finder stays out).
    (fresh_site / "zz_borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    where = _run([str(python), "-c", "import desktop, desktop.paths as p; print(desktop.__file__); "
                  "print(p.migrations_dir()); print(p.resource_path('fonts'))"], cwd=tmp_path)
    assert where.returncode == 0, where.stderr[-3000:]
    for line in where.stdout.split():
        assert Path(line).is_relative_to(fresh_site) and Path(line).exists(), where.stdout

    result = _run([str(target / "bin" / "eadr-station"), "self-test"], cwd=tmp_path)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "self-test passed" in result.stdout
    version = _run([str(target / "bin" / "eadr-station"), "--version"], cwd=tmp_path)
    assert version.returncode == 0 and "EADR Station" in version.stdout
