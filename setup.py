"""Ship resources/ and db/ inside the wheel, as desktop/_bundled/{resources,db}.

Everything else about the package is in pyproject.toml. In a checkout (and an editable install) the
app reads the two folders where they are; an installed wheel finds them through importlib.resources
(desktop/paths.py); the PyInstaller build copies them itself (build.spec).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("resources", "db")


class BuildWithData(build_py):
    """build_py, plus the two data folders copied into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return   # an editable install reads them from the checkout
        target = Path(self.build_lib) / "desktop" / "_bundled"
        for name in BUNDLED:
            shutil.copytree(ROOT / name, target / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithData})
