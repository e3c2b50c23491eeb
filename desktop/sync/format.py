"""The bundle format: a signed manifest and its parts in a tar archive, encrypted with age.

Layout (docs/bundle-format.md is the full description for HR IT):

    file      = age ciphertext (X25519 recipients) of a POSIX tar archive, uncompressed
    archive   = manifest.json, manifest.sig, parts/<name>.json ..., evidence/<record id> ...
    signature = Ed25519 over the exact bytes of manifest.json, by the sender's signing key
    manifest  = who sent it, to whom, its sequence, and the SHA-256 and size of every other entry

age authenticates nothing about the sender, so the signature is inside the encryption:
only the recipient can read who signed, and nobody can swap the manifest without the
sender's key. Every entry is hashed in the manifest, so the signature covers the lot.
Nothing here touches a database; station.py and the hub supply rows and keys.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import io
import re
import tarfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.errors import EadrError
from desktop.domain.errors import Cancelled as Cancelled  # re-exported: station and the GUI catch it
from desktop.store.files import write_atomic

import orjson
import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from pyrage import x25519

FORMAT = "eadr-station-bundle"
FORMAT_VERSION = 2          # the envelope: archive layout, manifest fields, signature (2: station bundles declare an epoch)
SCHEMA_VERSION = 1          # the parts: which tables and columns travel (desktop/domain/bundle_schema.py)
SUFFIX = ".eadr-bundle"
MAX_BUNDLE_BYTES = 2 * 1024 ** 3    # refused before decrypting anything bigger
MAX_ENTRIES = 200_000
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
_ENTRY = re.compile(r"^(parts/[a-z][a-z0-9_]{0,63}\.json|evidence/[A-Za-z0-9_-]{1,64})$")

Progress = Callable[[int, int], bool]


class BundleRejected(EadrError):
    """A bundle that must not be applied; the message is the reason, for one line of output."""


@dataclass
class SigningKeys:
    """An Ed25519 key pair for signing, and an age X25519 identity for receiving."""

    signing: Ed25519PrivateKey
    identity: x25519.Identity

    @classmethod
    def generate(cls) -> SigningKeys:
        return cls(Ed25519PrivateKey.generate(), x25519.Identity.generate())

    def to_dict(self) -> dict[str, str]:
        raw = self.signing.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return {"ed25519_private": b64(raw), "age_identity": str(self.identity)}

    @classmethod
    def from_dict(cls, data: dict) -> SigningKeys:
        return cls(Ed25519PrivateKey.from_private_bytes(unb64(data["ed25519_private"])),
                   x25519.Identity.from_str(data["age_identity"]))

    @property
    def verify_key(self) -> str:
        return public_key_text(self.signing.public_key())

    @property
    def recipient(self) -> str:
        return str(self.identity.to_public())


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def public_key_text(key: Ed25519PublicKey) -> str:
    return b64(key.public_bytes(Encoding.Raw, PublicFormat.Raw))


def load_verify_key(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(unb64(text))


def load_recipient(text: str) -> x25519.Recipient:
    return x25519.Recipient.from_str(text)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_bundle_id() -> str:
    return str(uuid.uuid4())


# --- writing ---------------------------------------------------------------------------

ENCODE_CHUNK_ROWS = 20_000   # orjson holds the GIL while it writes: a chunk at a time lets the GUI thread run


def encode_part(columns: Iterable[str], rows: Iterable[Iterable[object]]) -> bytes:
    """A part is one JSON object: column names once, then each row as a list in that order. Rows the
    database gives as tuples go to orjson as they are (it writes a tuple as a list): no copy of each row.
    Written in chunks of rows joined into the same bytes one `orjson.dumps` of the whole would give."""
    listed = [r if type(r) is tuple or type(r) is list else list(r) for r in rows]
    chunks = [orjson.dumps(listed[i:i + ENCODE_CHUNK_ROWS])[1:-1] for i in range(0, len(listed), ENCODE_CHUNK_ROWS)]
    return b"".join((b'{"columns":', orjson.dumps(list(columns)), b',"rows":[', b",".join(chunks), b"]}"))


class _Source:
    """What pyrage reads from, a chunk per call: each call is Python, so the worker thread lets go of the GIL
    between chunks and the GUI thread keeps running while a large bundle is encrypted or decrypted."""

    def __init__(self, data: bytes):
        self._buffer = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._buffer.read(size)


class _Sink:
    """What pyrage writes to, a chunk per call (see _Source)."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()

    def write(self, data: bytes) -> int:
        return self.buffer.write(data)

    def flush(self) -> None:
        """Nothing to push: the chunks are already in memory (pyrage calls flush on any file it is given)."""


def _encrypt(data: bytes, recipients: list) -> bytes:
    sink = _Sink()
    pyrage.encrypt_io(_Source(data), sink, recipients)
    return sink.buffer.getvalue()


def _decrypt(data: bytes, identities: list) -> bytes:
    sink = _Sink()
    pyrage.decrypt_io(_Source(data), sink, identities)
    return sink.buffer.getvalue()


@dataclass
class Contents:
    """What goes in a bundle before it is sealed: the manifest's own fields and the entries."""

    manifest: dict
    entries: dict[str, bytes] = field(default_factory=dict)


def _tar(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o600
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def seal(contents: Contents, signer: Ed25519PrivateKey, recipients: list[str],
         progress: Progress | None = None) -> bytes:
    """Hash every entry into the manifest, sign it, archive, encrypt. Returns the file's bytes."""
    for name in contents.entries:
        if not _ENTRY.match(name):
            raise ValueError(f"not a bundle entry name: {name}")
    total = len(contents.entries) + 2
    manifest = dict(contents.manifest)
    manifest["entries"] = [{"path": name, "sha256": sha256(data), "bytes": len(data)}
                           for name, data in contents.entries.items()]
    manifest_bytes = orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    signature = signer.sign(manifest_bytes)
    archive = _tar([(MANIFEST, manifest_bytes), (SIGNATURE, signature), *contents.entries.items()])
    if progress is not None and not progress(total - 1, total):
        raise Cancelled()
    sealed = _encrypt(archive, [load_recipient(r) for r in recipients])
    if progress is not None and not progress(total, total):
        raise Cancelled()
    return sealed


def write_atomically(data: bytes, target: Path) -> Path:
    """Written atomically (store.files), then read back and compared, so a bad stick is caught now."""
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)
    if target.read_bytes() != data:     # compared as they are: hashing both would read each twice over
        target.unlink(missing_ok=True)
        raise OSError(f"{target}: the bundle read back differently from what was written; "
                      "try another folder or USB stick")
    return target


# --- reading ---------------------------------------------------------------------------

@dataclass
class Opened:
    """A bundle whose signature and hashes all check out."""

    manifest: dict
    entries: dict[str, bytes]

    def part(self, name: str) -> tuple[list[str], list[list]]:
        """(columns, rows) of parts/<name>.json; ([], []) if the bundle has no such part."""
        data = self.entries.get(f"parts/{name}.json")
        if data is None:
            return [], []
        try:
            value = _loads_without_collecting(data)
            columns, rows = value["columns"], value["rows"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            raise BundleRejected(f"part {name} is not a columns-and-rows JSON object") from None
        if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns) or not isinstance(rows, list):
            raise BundleRejected(f"part {name} is not a columns-and-rows JSON object")
        return columns, rows


def _loads_without_collecting(data: bytes) -> object:
    """orjson.loads with the cyclic garbage collector paused: a part of a million rows makes millions of
    lists, and each collection the allocations set off walks them all while orjson holds the GIL (a trust's
    CPD part: 6 s with collections, under 2 s without, and no cycles to collect in plain JSON anyway)."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return orjson.loads(data)
    finally:
        if paused:
            gc.enable()


def read_archive(archive: bytes) -> tuple[bytes, bytes, dict[str, bytes]]:
    """manifest bytes, signature, other entries. Refuses anything but plain files with safe names."""
    entries: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
            for count, member in enumerate(tar, start=1):
                if count > MAX_ENTRIES:
                    raise BundleRejected(f"more than {MAX_ENTRIES} entries")
                name = member.name
                if (name.startswith(("/", "\\")) or ".." in name.split("/") or "\\" in name
                        or ":" in name or "\x00" in name):
                    raise BundleRejected(f"archive entry {name!r} has a path that leaves the bundle")
                if not member.isreg():
                    raise BundleRejected(f"archive entry {name!r} is not a plain file")
                if name not in (MANIFEST, SIGNATURE) and not _ENTRY.match(name):
                    raise BundleRejected(f"archive entry {name!r} is not part of the bundle format")
                if name in entries:
                    raise BundleRejected(f"archive entry {name!r} appears twice")
                handle = tar.extractfile(member)
                data = handle.read() if handle else b""
                if len(data) != member.size:
                    raise BundleRejected("the archive is truncated")
                entries[name] = data
    except (tarfile.TarError, EOFError, ValueError, UnicodeDecodeError, OverflowError) as exc:
        raise BundleRejected(f"the archive inside is damaged ({exc.__class__.__name__})") from None
    if MANIFEST not in entries or SIGNATURE not in entries:
        raise BundleRejected("no signed manifest inside")
    return entries.pop(MANIFEST), entries.pop(SIGNATURE), entries


def decrypt(data: bytes, identities: list[x25519.Identity], max_bytes: int = MAX_BUNDLE_BYTES) -> bytes:
    if len(data) > max_bytes:
        raise BundleRejected(f"oversized: {len(data):,} bytes is more than the {max_bytes:,} allowed")
    if not data.startswith(b"age-encryption.org/v1\n"):
        raise BundleRejected("not an EADR bundle (no age encryption header)")
    try:
        return _decrypt(data, identities)
    except pyrage.DecryptError as exc:
        if "No matching keys" in str(exc):
            raise BundleRejected("encrypted for another recipient (not this hub or workspace)") from None
        raise BundleRejected("damaged or truncated: decryption failed") from None
    except OSError:   # decrypt_io reports a stream that ends early, or fails its checks, as an I/O error
        raise BundleRejected("damaged or truncated: decryption failed") from None
    except Exception as exc:  # pyrage raises plain errors for some malformed headers
        raise BundleRejected(f"damaged: cannot be decrypted ({exc.__class__.__name__})") from None


def parse_manifest(manifest_bytes: bytes, kind: str) -> dict:
    """The manifest, with its format, version and kind checked before anything else is trusted."""
    try:
        manifest = orjson.loads(manifest_bytes)
    except orjson.JSONDecodeError:
        raise BundleRejected("the manifest is not JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleRejected("not an EADR Station bundle manifest")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
        raise BundleRejected(f"format version {version} is not supported (this version reads {FORMAT_VERSION}); "
                             "update EADR Station")
    schema = manifest.get("schema_version")
    if not isinstance(schema, int) or schema > SCHEMA_VERSION or schema < 1:
        raise BundleRejected(f"schema version {schema} is not supported (this version reads {SCHEMA_VERSION})")
    if manifest.get("kind") != kind:
        raise BundleRejected(f"a {manifest.get('kind')} bundle, not a {kind} bundle")
    for key, kind_of in (("bundle_id", str), ("sequence", int), ("sender", dict), ("entries", list)):
        if not isinstance(manifest.get(key), kind_of) or isinstance(manifest.get(key), bool):
            raise BundleRejected(f"the manifest's {key} is missing or malformed")
    sender = manifest["sender"]
    if not isinstance(sender.get("id"), str) or not isinstance(sender.get("signing_key"), str):
        raise BundleRejected("the manifest does not say who sent it")
    if kind == "station":
        manifest_epoch(manifest)
    return manifest


def manifest_epoch(manifest: dict) -> tuple[str, int]:
    """A station bundle's sync epoch (id, number). Format 1 had none: it is epoch 0 with id ""."""
    if manifest.get("format_version") == 1:
        return "", 0
    value = manifest.get("epoch")
    if not isinstance(value, dict) or not isinstance(value.get("id"), str) or len(value["id"]) > 64 \
            or not isinstance(value.get("number"), int) or isinstance(value.get("number"), bool) \
            or not 0 <= value["number"] < 2 ** 62:
        raise BundleRejected("the manifest's epoch is missing or malformed")
    return value["id"], value["number"]


def verify(manifest_bytes: bytes, signature: bytes, verify_key: str) -> None:
    try:
        load_verify_key(verify_key).verify(signature, manifest_bytes)
    except (InvalidSignature, ValueError):
        raise BundleRejected("the signature does not match the sender's key") from None


def check_entries(manifest: dict, entries: dict[str, bytes]) -> None:
    listed: dict[str, dict] = {}
    for entry in manifest["entries"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise BundleRejected("the manifest's entry list is malformed")
        listed[entry["path"]] = entry
    if set(listed) != set(entries):
        missing = sorted(set(listed) - set(entries))
        extra = sorted(set(entries) - set(listed))
        raise BundleRejected(f"entries do not match the manifest (missing {missing[:3]}, unlisted {extra[:3]})")
    for name, data in entries.items():
        if listed[name].get("sha256") != sha256(data) or listed[name].get("bytes") != len(data):
            raise BundleRejected(f"{name} does not match its SHA-256 in the manifest")


def open_bundle(data: bytes, identities: list[x25519.Identity], kind: str,
                sender_key: Callable[[dict], str], max_bytes: int = MAX_BUNDLE_BYTES) -> Opened:
    """Decrypt, check format and version, verify the signature, check every hash.

    `sender_key(manifest)` returns the Ed25519 key the sender must have signed with, or
    raises BundleRejected (an unknown sender)."""
    manifest_bytes, signature, entries = read_archive(decrypt(data, identities, max_bytes))
    manifest = parse_manifest(manifest_bytes, kind)
    verify(manifest_bytes, signature, sender_key(manifest))
    check_entries(manifest, entries)
    return Opened(manifest, entries)
