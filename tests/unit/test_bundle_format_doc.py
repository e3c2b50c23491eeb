"""docs/bundle-format.md promises HR IT can read a bundle with pyrage and cryptography alone:
run its standalone reader, in a fresh interpreter that cannot import EADR Station."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from syncing import enrolled_workspace, make_hub

from desktop.sync import station

ROOT = Path(__file__).parents[2]
READER = ROOT / "docs" / "examples" / "read_bundle.py"


def _run(*args: str) -> subprocess.CompletedProcess:
    # -I: isolated mode, so the project folder is not on sys.path and `desktop` cannot be imported.
    return subprocess.run([sys.executable, "-I", str(READER), *args], capture_output=True, text=True, timeout=60,
                          cwd=READER.parent)


def test_the_documented_reader_reads_a_real_bundle(tmp_path):
    hub = make_hub(tmp_path / "hub")
    ips = enrolled_workspace(tmp_path, hub, "IPS")
    try:
        path = station.export_bundle(ips, tmp_path / "out")
        staff = ips.staff().count()
        sender = station.prepare_export(ips).manifest["sender"]["signing_key"]
    finally:
        ips.close()
    identity = tmp_path / "hub-identity.txt"
    identity.write_text(f"# the hub's age identity\n{hub.keys.identity}\n")
    hub.close()

    result = _run(str(path), str(identity), sender)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "station bundle 1 from IPS"
    assert f"staff\t{staff}" in lines

    flipped = bytearray(path.read_bytes())
    flipped[-40] ^= 0xFF
    path.write_bytes(bytes(flipped))
    result = _run(str(path), str(identity), sender)
    assert result.returncode == 1 and "does not verify" in result.stderr


def test_the_reader_uses_nothing_but_pyrage_and_cryptography():
    imports = {line.split()[1].split(".")[0] for line in READER.read_text().splitlines()
               if line.startswith(("import ", "from "))}
    assert imports <= {"base64", "hashlib", "io", "json", "sys", "tarfile", "pyrage", "cryptography"}
