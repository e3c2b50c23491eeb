"""HR's recovery slot: the workspace's database key, also wrapped to HR's recovery key.

Once a workspace is enrolled, key.json holds a second slot, `recovery`, next to the
passphrase slot: the 32-byte database key (bound to the workspace ID) encrypted with
age to the hub's recovery X25519 recipient. HR, holding the recovery identity, can
reopen a workspace whose manager has left or forgotten the passphrase and set a new
one. Every field of key.json that this module does not own is preserved as it was.

The hub keeps its recovery identity apart from its other keys, in recovery-key.json,
sealed the way a workspace key is: a random key wrapped by a passphrase (Argon2id +
AES-GCM, keyfile.wrap_key), which then seals the identity with AES-GCM.
"""

from __future__ import annotations

import base64
import json
import secrets
from pathlib import Path

import pyrage
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pyrage import x25519

from desktop.security.keyfile import (
    DEFAULT_PARAMS, KEY_BYTES, Argon2Params, KeyFileError, new_database_key, read_key_file, unwrap_key, wrap_key,
    write_key_file,
)
from desktop.domain.errors import EadrError

SLOT = "recovery"
SLOT_FORMAT = "eadr-station-recovery-slot"
SECRET_FORMAT = "eadr-station-recovery-key"


class RecoveryError(EadrError):
    """The recovery slot or key cannot be used; the message says which and why."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def recovery_slot(key: bytes, workspace_id: str, recipient: str) -> dict:
    try:
        to = x25519.Recipient.from_str(recipient)
    except Exception:
        raise RecoveryError(f"{recipient[:20]}… is not an age X25519 recipient") from None
    plaintext = json.dumps({"workspace_id": workspace_id, "key": _b64(key)}).encode("utf-8")
    return {"format": SLOT_FORMAT, "version": 1, "cipher": "age-x25519", "recipient": recipient,
            "wrapped_key": _b64(pyrage.encrypt(plaintext, [to]))}


def add_recovery_slot(key_file: Path, key: bytes, workspace_id: str, recipient: str) -> None:
    """Add (or replace) the recovery slot; the passphrase slot and unknown fields stay as they are."""
    data = read_key_file(key_file)
    data[SLOT] = recovery_slot(key, workspace_id, recipient)
    write_key_file(key_file, data)


def has_recovery_slot(key_file: Path) -> bool:
    return isinstance(read_key_file(key_file).get(SLOT), dict)


def unwrap_recovery(key_file_data: dict, identity: x25519.Identity, workspace_id: str) -> bytes:
    """The database key from the recovery slot, checked to belong to `workspace_id`."""
    slot = key_file_data.get(SLOT)
    if not isinstance(slot, dict) or slot.get("format") != SLOT_FORMAT:
        raise RecoveryError("this workspace has no recovery slot (it was never enrolled with an HR hub)")
    try:
        plain = json.loads(pyrage.decrypt(_unb64(slot["wrapped_key"]), [identity]))
        key = _unb64(plain["key"])
        owner = plain["workspace_id"]
    except pyrage.DecryptError:
        raise RecoveryError("the recovery slot was made for another hub's recovery key") from None
    except (KeyError, TypeError, ValueError):
        raise RecoveryError("the recovery slot is damaged") from None
    if owner != workspace_id or len(key) != KEY_BYTES:
        raise RecoveryError("the recovery slot belongs to another workspace")
    return key


def reset_passphrase(key_file: Path, key: bytes, workspace_id: str, passphrase: str,
                     params: Argon2Params = DEFAULT_PARAMS) -> None:
    """Replace the passphrase slot, keeping the recovery slot and any other field."""
    data = read_key_file(key_file)
    write_key_file(key_file, {**data, **wrap_key(key, passphrase, workspace_id, params)})


# --- the hub's recovery identity, kept in a file of its own ----------------------------------

def seal_identity(identity: x25519.Identity, passphrase: str, owner_id: str,
                  params: Argon2Params = DEFAULT_PARAMS) -> dict:
    key = new_database_key()
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(key).encrypt(nonce, str(identity).encode("ascii"), owner_id.encode("utf-8"))
    return {"format": SECRET_FORMAT, "version": 1, "owner": owner_id, "recipient": str(identity.to_public()),
            "slot": wrap_key(key, passphrase, owner_id, params), "nonce": _b64(nonce), "identity": _b64(sealed)}


def open_identity(path: Path, passphrase: str) -> x25519.Identity:
    """The recovery identity from recovery-key.json; raises WrongPassphrase or RecoveryError."""
    try:
        data = read_key_file(path)
    except KeyFileError as exc:
        raise RecoveryError(str(exc)) from None
    if data.get("format") != SECRET_FORMAT:
        raise RecoveryError(f"{path} is not an EADR Station recovery key", where=str(path))
    try:
        key = unwrap_key(data["slot"], passphrase, str(data["owner"]))
        plain = AESGCM(key).decrypt(_unb64(data["nonce"]), _unb64(data["identity"]), str(data["owner"]).encode())
        return x25519.Identity.from_str(plain.decode("ascii"))
    except KeyFileError as exc:
        raise RecoveryError(f"{path}: {exc}; use HR's own copy of the recovery key", where=str(path)) from None
    except (KeyError, TypeError, ValueError, InvalidTag):
        raise RecoveryError(f"{path}: key file damaged or not this hub's; use HR's own copy of the recovery key",
                            where=str(path)) \
            from None
