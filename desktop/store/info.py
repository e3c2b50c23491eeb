"""What can be known about a workspace folder before it is unlocked.

Kept light (no SQLite, no crypto) so the unlock screen appears quickly; the rest
of the store is imported once the user unlocks.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from desktop.domain.errors import EadrError

DB_FILE = "eadr.db"
KEY_FILE = "key.json"
INFO_FILE = "workspace.json"
BACKUP_DIR = "backups"
INFO_FORMAT = "eadr-station-workspace"
DEMO_PASSPHRASE = "demo"


class WorkspaceError(EadrError):
    """The folder is not a usable workspace; the message says why and what to do."""


@dataclass(frozen=True)
class WorkspaceInfo:
    """What may be read before unlocking. Holds nothing personal."""

    workspace_id: str
    station_name: str
    station_code: str = ""
    demo: bool = False
    format: str = INFO_FORMAT
    version: int = 1


def is_workspace(folder: Path) -> bool:
    return (folder / INFO_FILE).is_file()


def read_info(folder: Path) -> WorkspaceInfo:
    path = folder / INFO_FILE
    if not folder.is_dir():
        raise WorkspaceError(f"{folder} does not exist; create a workspace or choose another folder", where=str(folder))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != INFO_FORMAT:
            raise ValueError("unknown format")
        return WorkspaceInfo(**{k: data[k] for k in WorkspaceInfo.__dataclass_fields__ if k in data})
    except FileNotFoundError:
        raise WorkspaceError(f"{folder} is not an EADR Station workspace (no {INFO_FILE})", where=str(folder)) from None
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise WorkspaceError(f"{path} is damaged ({exc}); restore the workspace from a backup",
                             where=str(path)) from None


def write_info(folder: Path, info: WorkspaceInfo) -> None:
    tmp = folder / (INFO_FILE + ".tmp")
    tmp.write_text(json.dumps(asdict(info), indent=2), encoding="utf-8")
    os.replace(tmp, folder / INFO_FILE)
