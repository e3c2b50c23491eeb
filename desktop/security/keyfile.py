"""The workspace key file: a random 256-bit database key wrapped with a passphrase.

The database key never depends on the passphrase, so changing a passphrase (or
adding a recovery slot later) rewraps 32 bytes instead of re-encrypting the
database. Wrapping: Argon2id derives a key-encryption key from the passphrase and
a random salt; AES-256-GCM seals the database key under it, with the workspace ID
as associated data so a key file cannot be swapped between workspaces.

A key file is not trusted blindly: its Argon2 costs, salt, nonce and sealed key length are checked
against sane bounds before any key derivation (a hostile file could otherwise ask for terabytes of
memory or hours of work). A failed AES-GCM tag alone cannot tell a wrong passphrase from a damaged
sealed key, so each slot also carries `check`: 16 bytes of HMAC-SHA256 under the derived key. It
matches -> the passphrase is right and the sealed key is damaged (or the file was edited); it differs
-> wrong passphrase. It reveals nothing an attacker holding the file cannot already test with the tag.
Key files written before `check` existed stay readable (a tag failure then reads as a wrong
passphrase, as before).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.store.files import write_atomic
from desktop.domain.errors import EadrError

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

# Sane bounds for a key file's parameters; anything outside is a damaged (or hostile) file.
MEMORY_KIB = (8 * 1024, 4 * 1024 * 1024)       # 8 MiB .. 4 GiB
TIME_COST = (1, 50)
PARALLELISM = (1, 16)
NONCE_BYTES = 12
SALT_BYTES = (16, 1024)
SEALED_BYTES = KEY_BYTES + 16                  # the key and AES-GCM's tag
CHECK_BYTES = 16
DAMAGED = "key file damaged or not this workspace's"


class KeyFileError(EadrError):
    """The key file is missing, damaged or of an unknown format."""


class WrongPassphrase(EadrError):
    """The passphrase does not open this workspace."""


def _check_value(kek: bytes, workspace_id: str) -> bytes:
    return hmac.new(kek, b"eadr-station key check\0" + workspace_id.encode("utf-8"), hashlib.sha256).digest()[
        :CHECK_BYTES]


def checked_params(kdf: dict) -> Argon2Params:
    """The slot's Argon2 costs, refused (KeyFileError) when outside sane bounds, before any work is done."""
    values = {}
    for name, (low, high) in (("time_cost", TIME_COST), ("memory_kib", MEMORY_KIB),
                              ("parallelism", PARALLELISM)):
        value = kdf[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise KeyFileError(f"{DAMAGED} (Argon2 {name.replace('_', ' ')} {value!r} is outside {low}..{high})")
        values[name] = value
    if values["memory_kib"] < 8 * values["parallelism"]:
        raise KeyFileError(f"{DAMAGED} (Argon2 memory too small for its parallelism)")
    return Argon2Params(values["time_cost"], values["memory_kib"], values["parallelism"])


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
    check = _check_value(kek, workspace_id)
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "workspace_id": workspace_id,
        "kdf": {"name": "argon2id", "salt": _b64(salt), **asdict(params)},
        "cipher": {"name": "aes-256-gcm", "nonce": _b64(nonce)},
        "wrapped_key": _b64(sealed),
        "check": _b64(check),
    }


def unwrap_key(slot: dict, passphrase: str, workspace_id: str | None = None) -> bytes:
    """The database key, or WrongPassphrase; KeyFileError if the slot is malformed, its parameters are out of
    bounds, its sealed key is damaged, or (given `workspace_id`) it belongs to another workspace."""
    try:
        if slot.get("format") != FORMAT or slot.get("version") != FORMAT_VERSION:
            raise KeyFileError("the key file is not an EADR Station key file of a known version")
        kdf = slot["kdf"]
        if kdf["name"] != "argon2id" or slot["cipher"]["name"] != "aes-256-gcm":
            raise KeyFileError("the key file uses an unknown algorithm")
        params = checked_params(kdf)
        salt, nonce = _unb64(kdf["salt"]), _unb64(slot["cipher"]["nonce"])
        sealed = _unb64(slot["wrapped_key"])
        owner = slot["workspace_id"]
        check = _unb64(slot["check"]) if "check" in slot else None
        if not isinstance(owner, str):
            raise TypeError("workspace_id")
        aad = owner.encode("utf-8")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KeyFileError(f"{DAMAGED} ({exc.__class__.__name__})") from None
    if not SALT_BYTES[0] <= len(salt) <= SALT_BYTES[1]:
        raise KeyFileError(f"{DAMAGED} (a salt of {len(salt)} bytes)")
    if len(nonce) != NONCE_BYTES:
        raise KeyFileError(f"{DAMAGED} (a nonce of {len(nonce)} bytes)")
    if len(sealed) != SEALED_BYTES:
        raise KeyFileError(f"{DAMAGED} (a sealed key of {len(sealed)} bytes)")
    if check is not None and len(check) != CHECK_BYTES:
        raise KeyFileError(f"{DAMAGED} (a check value of {len(check)} bytes)")
    if workspace_id is not None and owner != workspace_id:
        raise KeyFileError(f"{DAMAGED} (it was made for {owner[:36]!r})")
    kek = derive_kek(passphrase, salt, params)
    if check is not None and not hmac.compare_digest(check, _check_value(kek, owner)):
        raise WrongPassphrase("That passphrase does not open this workspace.")
    try:
        key = AESGCM(kek).decrypt(nonce, sealed, aad)
    except InvalidTag:
        if check is not None:   # the passphrase is right, so the sealed key (or its workspace ID) was changed
            raise KeyFileError(f"{DAMAGED} (the sealed key does not verify)") from None
        raise WrongPassphrase("That passphrase does not open this workspace.") from None
    return key


def open_key_file(path: Path, passphrase: str, owner_id: str, what: str = "workspace") -> bytes:
    """The key in the key file at `path`, which must belong to `owner_id` (the workspace or hub ID).
    WrongPassphrase, or KeyFileError naming the file and what to do."""
    try:
        return unwrap_key(read_key_file(path), passphrase, owner_id)
    except KeyFileError as exc:
        text = str(exc)
        if text.startswith(str(path)):
            raise
        text = text.replace("this workspace's", f"this {what}'s")
        also = ", or ask HR to reopen it with the recovery key" if what == "workspace" else ""
        raise KeyFileError(f"{path}: {text}. Put back this {what}'s own {path.name} (from a copy of the {what} "
                           f"folder){also}; nothing was changed", where=str(path)) from None


def read_key_file(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeyFileError(f"{path} is missing; restore the workspace folder from a backup", where=str(path)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KeyFileError(f"{path} cannot be read ({exc.__class__.__name__}); "
                           "restore it from a backup", where=str(path)) from None
    if not isinstance(data, dict):
        raise KeyFileError(f"{path} is not a key file", where=str(path))
    return data


def write_key_file(path: Path, data: dict) -> None:
    """Write atomically (temporary file, fsync, rename, folder fsync): a crash leaves the old key file
    or the new one, never half of either."""
    write_atomic(path, json.dumps(data, indent=2).encode("utf-8"))
