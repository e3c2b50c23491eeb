"""The workspace key file: a random 256-bit database key wrapped with a passphrase.

The database key never depends on the passphrase, so changing a passphrase (or
adding a recovery slot later) rewraps 32 bytes instead of re-encrypting the
database. Wrapping: Argon2id derives a key-encryption key from the passphrase and
a random salt; AES-256-GCM seals the database key under it, with the workspace ID
as associated data so a key file cannot be swapped between workspaces.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.store.files import write_atomic

KEY_BYTES = 32
FORMAT = "eadr-station-keyfile"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Argon2Params:
    """Argon2id cost. Defaults follow RFC 9106's second recommended option,
    lightened to keep unlocking on a 2-core station PC well under half a second."""

    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 2


DEFAULT_PARAMS = Argon2Params()


class KeyFileError(Exception):
    """The key file is missing, damaged or of an unknown format."""


class WrongPassphrase(Exception):
    """The passphrase does not open this workspace."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def derive_kek(passphrase: str, salt: bytes, params: Argon2Params) -> bytes:
    return hash_secret_raw(
        secret=passphrase.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def wrap_key(key: bytes, passphrase: str, workspace_id: str,
             params: Argon2Params = DEFAULT_PARAMS) -> dict:
    """The JSON-ready key slot for `key` under `passphrase`."""
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    kek = derive_kek(passphrase, salt, params)
    sealed = AESGCM(kek).encrypt(nonce, key, workspace_id.encode("utf-8"))
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "workspace_id": workspace_id,
        "kdf": {"name": "argon2id", "salt": _b64(salt), **asdict(params)},
        "cipher": {"name": "aes-256-gcm", "nonce": _b64(nonce)},
        "wrapped_key": _b64(sealed),
    }


def unwrap_key(slot: dict, passphrase: str) -> bytes:
    """The database key, or WrongPassphrase; KeyFileError if the slot is malformed."""
    try:
        if slot.get("format") != FORMAT or slot.get("version") != FORMAT_VERSION:
            raise KeyFileError("the key file is not an EADR Station key file of a known version")
        kdf = slot["kdf"]
        if kdf["name"] != "argon2id" or slot["cipher"]["name"] != "aes-256-gcm":
            raise KeyFileError("the key file uses an unknown algorithm")
        params = Argon2Params(int(kdf["time_cost"]), int(kdf["memory_kib"]), int(kdf["parallelism"]))
        salt, nonce = _unb64(kdf["salt"]), _unb64(slot["cipher"]["nonce"])
        sealed = _unb64(slot["wrapped_key"])
        aad = str(slot["workspace_id"]).encode("utf-8")
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyFileError(f"the key file is damaged ({exc.__class__.__name__})") from None
    kek = derive_kek(passphrase, salt, params)
    try:
        key = AESGCM(kek).decrypt(nonce, sealed, aad)
    except InvalidTag:
        raise WrongPassphrase("That passphrase does not open this workspace.") from None
    if len(key) != KEY_BYTES:
        raise KeyFileError("the key file holds a key of the wrong length")
    return key


def read_key_file(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyFileError(f"{path} is missing; restore the workspace folder from a backup") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KeyFileError(f"{path} cannot be read ({exc.__class__.__name__}); "
                           "restore it from a backup") from None
    if not isinstance(data, dict):
        raise KeyFileError(f"{path} is not a key file")
    return data


def write_key_file(path: Path, data: dict) -> None:
    """Write atomically (temporary file, fsync, rename, folder fsync): a crash leaves the old key file
    or the new one, never half of either."""
    write_atomic(path, json.dumps(data, indent=2).encode("utf-8"))
