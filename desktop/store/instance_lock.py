"""One writer per workspace (or hub): an OS file lock that the system releases if the process dies,
so a crash or a PC switched off at the wall never leaves a workspace locked out.

The lock file also says who holds it (host, user, process, since when, which command), so a second
command or window can wait a few seconds for a short command to finish and otherwise tell the user
exactly who has it open, rather than failing on "database is locked" mid-task.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import sys
import time
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from desktop.domain.errors import EadrError

LOCK_FILE = "workspace.lock"
HUB_LOCK_FILE = "hub.lock"
DEFAULT_WAIT_S = 5.0


class WorkspaceInUse(EadrError):
    """Another copy of EADR Station has this workspace (or hub) open; the message says who."""


def default_wait() -> float:
    """Seconds a command waits for the lock: EADR_LOCK_WAIT_S, else a few seconds."""
    try:
        return max(0.0, float(os.environ.get("EADR_LOCK_WAIT_S", DEFAULT_WAIT_S)))
    except ValueError:
        return DEFAULT_WAIT_S


def _command() -> str:
    """What the holder is doing, as the user would recognise it: a command line, or the app's window."""
    words = [a for a in sys.argv[1:3] if not a.startswith("-")]
    if not words or words[0] == "gui":
        return "the EADR Station window"
    return " ".join(["eadr-station", *words])[:80]


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:   # no user name in this environment: the lock still works
        return "unknown user"


def describe_holder(text: str) -> str:
    """'eadr-station hub import (process 123 of jo on STATION-PC since 28/11/2026 17:02)' from the lock file."""
    try:
        held = json.loads(text)
        since = datetime.fromisoformat(held["since"]).strftime("%d/%m/%Y %H:%M:%S")
        return (f"{held['command']} (process {held['pid']} of {held['user']} on {held['host']} since {since})")
    except (ValueError, KeyError, TypeError):
        return text.strip()[:200] or "another program"


class InstanceLock:
    def __init__(self, folder: Path, name: str = LOCK_FILE, what: str = "workspace"):
        self.path = Path(folder) / name
        self.what = what
        self._fh = None

    def _try(self, fh) -> bool:
        try:
            if sys.platform == "win32":
                import msvcrt
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def acquire(self, wait: float = 0.0, command: str | None = None) -> InstanceLock:
        """Take the lock, waiting up to `wait` seconds for a holder to finish; WorkspaceInUse says who holds it."""
        fh = open(self.path, "a+")
        try:
            deadline = time.monotonic() + wait
            while not self._try(fh):
                if time.monotonic() >= deadline:
                    try:
                        fh.seek(0)
                        holder = describe_holder(fh.read())
                    except OSError:   # Windows keeps a locked byte range unreadable to others
                        holder = "another program"
                    fh.close()
                    waited = f" (waited {wait:g} seconds)" if wait else ""
                    if self.what == "workspace":
                        raise WorkspaceInUse(
                            f"This workspace is already open in another EADR Station window or command: {holder}"
                            f"{waited}. Switch to that window or let the command finish, then try again; nothing "
                            "was changed.") from None
                    raise WorkspaceInUse(f"This {self.what} is in use by {holder}{waited}. Let it finish (or close "
                                         "that window), then try again; nothing was changed.") from None
                time.sleep(0.1)
            fh.seek(0)
            fh.truncate()
            fh.write(json.dumps({"host": socket.gethostname(), "user": _user(), "pid": os.getpid(),
                                 "since": datetime.now().astimezone().isoformat(timespec="seconds"),
                                 "command": command or _command()}))
            fh.flush()
        except BaseException:   # a full disk while writing who holds it: the file must not stay open
            with suppress(OSError):   # flushing what could not be written fails again; it is closed all the same
                fh.close()
            raise
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()   # closing drops the lock
            self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None
