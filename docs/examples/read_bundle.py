"""Read an EADR Station bundle with `cryptography` and `pyrage` alone (see docs/bundle-format.md).

    python read_bundle.py BUNDLE AGE_IDENTITY_FILE SENDER_ED25519_PUBLIC_KEY_BASE64

Prints the manifest's sender and sequence, then each part's record count. Exits 1 if
anything does not verify. Uses no EADR Station code.
"""

import base64
import hashlib
import io
import json
import sys
import tarfile

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyrage import x25519


def read_bundle(data: bytes, identity: str, sender_key_b64: str) -> tuple[dict, dict]:
    archive = pyrage.decrypt(data, [x25519.Identity.from_str(identity)])        # 1. decrypt (age)
    entries = {}
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:          # 2. plain tar, read in memory
        for member in tar:
            if not member.isreg() or member.name.startswith("/") or ".." in member.name.split("/"):
                raise ValueError(f"unsafe entry {member.name!r}")
            entries[member.name] = tar.extractfile(member).read()
    manifest_bytes = entries.pop("manifest.json")
    signature = entries.pop("manifest.sig")
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(sender_key_b64))
    key.verify(signature, manifest_bytes)                                      # 3. raises InvalidSignature
    manifest = json.loads(manifest_bytes)
    if manifest["format"] != "eadr-station-bundle" or manifest["format_version"] not in (1, 2):
        raise ValueError("unknown format or version")
    listed = {e["path"]: e for e in manifest["entries"]}
    if set(listed) != set(entries):
        raise ValueError("entries do not match the manifest")
    for name, blob in entries.items():                                         # 4. every hash
        if hashlib.sha256(blob).hexdigest() != listed[name]["sha256"]:
            raise ValueError(f"{name}: SHA-256 mismatch")
    parts = {}
    for name, blob in entries.items():                                         # 5. columns + rows
        if name.startswith("parts/"):
            part = json.loads(blob)
            parts[name[len("parts/"):-len(".json")]] = [dict(zip(part["columns"], row)) for row in part["rows"]]
    return manifest, parts


def main(argv: list[str]) -> int:
    bundle, identity_file, sender_key = argv[1:4]
    with open(bundle, "rb") as fh, open(identity_file, encoding="ascii") as idf:
        identity = next(line.strip() for line in idf if line.startswith("AGE-SECRET-KEY-"))
        try:
            manifest, parts = read_bundle(fh.read(), identity, sender_key)
        except Exception as exc:  # a reader for people: one line, no traceback
            print(f"{bundle}: does not verify ({exc.__class__.__name__}: {exc})", file=sys.stderr)
            return 1
    sender = manifest["sender"]
    print(f"{manifest['kind']} bundle {manifest['sequence']} from {sender.get('station', sender['id'])}")
    for name, rows in sorted(parts.items()):
        print(f"{name}\t{len(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
