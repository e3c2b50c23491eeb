"""Where the application keeps data, logs and its bundled resources.

Kept free of Qt so the CLI and tests can use it; `EADR_DATA_DIR` and
`EADR_LOG_DIR` let tests keep everything off the real user folders.
"""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

_APP_DIR_NAME = "EADR Station"
_APP_SLUG = "eadr-station"


def _platform_data_root() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / _APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / _APP_DIR_NAME
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / _APP_SLUG


def data_dir() -> Path:
    """The folder that holds workspaces unless one is named explicitly."""
    override = os.environ.get("EADR_DATA_DIR")
    return Path(override) if override else _platform_data_root()


def default_workspace_dir() -> Path:
    return data_dir() / "workspace"


def demo_workspace_dir() -> Path:
    return data_dir() / "demo-workspace"


def log_dir() -> Path:
    override = os.environ.get("EADR_LOG_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / _APP_DIR_NAME / "Logs"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / _APP_DIR_NAME
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / _APP_SLUG / "logs"


def _resource_root() -> Path:
    """The folder holding `resources/` and `db/`, in the order the app may be running:
    a PyInstaller build (build.spec copies them to sys._MEIPASS), an installed wheel (setup.py
    puts them in the package as desktop/_bundled/, found through importlib.resources), or a
    checkout (and an editable install), where they sit beside the package."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    bundled = Path(str(resources.files("desktop").joinpath("_bundled")))
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """A file under `resources/` whether running from source or a PyInstaller build."""
    return _resource_root().joinpath("resources", *parts)


def migrations_dir() -> Path:
    """The `db/` folder of plain-SQL migrations, from source or a frozen build."""
    return _resource_root() / "db"
