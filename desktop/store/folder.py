"""A workspace folder before it is unlocked: what the welcome and lock screens ask of it (is it a workspace,
whose, is another window using it). The light half of the store's front door for the UI (the other is
store/workspace.py, for an unlocked workspace): importing it loads no database code, so the lock screen
shows before SQLCipher and sqlite-utils are loaded (tests/e2e/test_processes.py)."""

from __future__ import annotations

from desktop.store.files import disk_full, is_disk_full  # noqa: F401 (re-exported: the UI and CLI import the store only here and in workspace)
from desktop.store.info import (  # noqa: F401 (re-exported, as above)
    DB_FILE, DEMO_PASSPHRASE, KEY_FILE, WorkspaceError, WorkspaceInfo, is_workspace, read_info,
)
from desktop.store.instance_lock import InstanceLock, WorkspaceInUse, default_wait  # noqa: F401 (as above)


def __getattr__(name: str):
    """The driver's OperationalError only when asked for, so importing this module loads no database code."""
    if name == "OperationalError":
        from desktop.store.driver import OperationalError
        return OperationalError
    raise AttributeError(name)
