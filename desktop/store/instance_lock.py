"""One copy of the app per workspace: an OS file lock that the system releases if the process dies,
so a crash or a PC switched off at the wall never leaves a workspace locked out."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

LOCK_FILE = "workspace.lock"


class WorkspaceInUse(Exception):
    """Another copy of EADR Station has this workspace open."""


class InstanceLock:
    def __init__(self, folder: Path):
        self.path = Path(folder) / LOCK_FILE
        self._fh = None

    def acquire(self) -> InstanceLock:
        fh = open(self.path, "a+")
        try:
            if sys.platform == "win32":
                import msvcrt
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip() or "another program"
            fh.close()
            raise WorkspaceInUse(f"This workspace is already open in another EADR Station window ({holder}). "
                                 "Switch to that window, or close it and try again.") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"process {os.getpid()} on {socket.gethostname()}")
        fh.flush()
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()   # closing drops the lock
            self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None
