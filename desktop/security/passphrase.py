"""Changing a workspace's passphrase.

The database key never changes, so a new passphrase only rewraps those 32 bytes: the key file is
rewritten atomically (temporary file, fsync, rename), keeping every other field in it as it was
(a recovery slot for HR, for one). A crash at any moment leaves the old key file or the new one.
"""

from __future__ import annotations

from desktop.security.keyfile import DEFAULT_PARAMS, Argon2Params, read_key_file, unwrap_key, wrap_key, write_key_file
from desktop.security.strength import assess
from desktop.store import audit
from desktop.store.info import KEY_FILE
from desktop.store.workspace import Workspace
from desktop.domain.errors import EadrError

# The fields of the passphrase slot; anything else at the top of key.json belongs to someone else.
SLOT_FIELDS = ("format", "version", "workspace_id", "kdf", "cipher", "wrapped_key")


class PassphraseRefused(EadrError, ValueError):
    """The new passphrase cannot be used; the message says why. Nothing was changed."""


def check_new(current: str, new: str) -> None:
    """Raise PassphraseRefused unless `new` is strong enough and differs from `current`."""
    strength = assess(new)
    if not strength.acceptable:
        raise PassphraseRefused(f"{strength.label}. {strength.hint}")
    if new == current:
        raise PassphraseRefused("The new passphrase is the same as the current one.")


def change_passphrase(workspace: Workspace, current: str, new: str, params: Argon2Params = DEFAULT_PARAMS) -> None:
    """Rewrap the workspace key under `new`. WrongPassphrase if `current` is wrong; PassphraseRefused if `new`
    is too weak; WriteFailed if the key file cannot be written. In each case nothing changes."""
    path = workspace.folder / KEY_FILE
    data = read_key_file(path)
    key = unwrap_key(data, current, workspace.info.workspace_id)
    if not workspace.uses_key(key):
        raise PassphraseRefused(f"{path} does not belong to the open workspace; nothing was changed.")
    check_new(current, new)
    updated = {**data, **wrap_key(key, new, workspace.info.workspace_id, params)}
    # The audit entry and the file stand or fall together: a failed write rolls the entry back.
    with workspace.db.atomic():
        audit.record(workspace.db, workspace.manager_name, "passphrase", "workspace", workspace.info.workspace_id,
                     "Passphrase changed")
        write_key_file(path, updated)
