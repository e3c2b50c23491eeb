"""docs/bundle-format.md, "Reading a bundle with the standard age tool", followed step by step as HR IT
would: `hub identity export`, the real `age -d -i` (it asks for the passphrase on a terminal, so it is
driven through a pseudo-terminal), `hub keys --json`, and the doc's own verify script run in a fresh
interpreter with the standard library and `cryptography` only."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from syncing import HUB_PASSPHRASE, enrolled_workspace, make_hub

from desktop.cli import main
from desktop.sync import station

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "bundle-format.md"
pytestmark = pytest.mark.skipif(shutil.which("age") is None, reason="the age tool is installed by scripts/sysdeps.sh")


def age_with_passphrase(argv: list[str], passphrase: str) -> tuple[int, str]:
    """Run age on a pseudo-terminal and type the passphrase when it asks, as a person would."""
    pid, fd = pty.fork()
    if pid == 0:   # the child: become age
        os.execvp(argv[0], argv)
    out, typed = b"", False
    while True:
        ready, _, _ = select.select([fd], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(fd, 1024)
        except OSError:     # the terminal closes when age exits
            break
        if not chunk:
            break
        out += chunk
        if not typed and b"passphrase" in out.lower():
            os.write(fd, passphrase.encode() + b"\n")
            typed = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode(errors="replace")


def doc_script() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### Reading a bundle with the standard `age` tool", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.mark.slow
def test_hr_it_reads_a_bundle_with_age_and_cryptography_as_the_doc_says(tmp_path, capsys, monkeypatch):
    hub = make_hub(tmp_path / "hub")
    ips = enrolled_workspace(tmp_path, hub, "IPS")
    try:
        bundle = station.export_bundle(ips, tmp_path / "out")
        workspace_id = ips.info.workspace_id
    finally:
        ips.close()
    assert hub.import_file(bundle).outcome == "applied"
    hub.close()

    # 1. export the identity (hub passphrase and the new one from the environment, never argv)
    monkeypatch.setenv("EADR_PASSPHRASE", HUB_PASSPHRASE)
    monkeypatch.setenv("EADR_NEW_PASSPHRASE", "identity passphrase 7")
    identity = tmp_path / "identity.age"
    assert main(["hub", "identity", "export", "--hub", str(tmp_path / "hub"), "--out", str(identity)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == str(identity)
    assert "offline" in err and "never on the shared folder" in err
    assert b"AGE-SECRET-KEY" not in identity.read_bytes()       # encrypted, not the bare key
    assert main(["hub", "identity", "export", "--hub", str(tmp_path / "hub"), "--out", str(identity)]) != 0
    assert "already exists" in capsys.readouterr().err

    # 2. decrypt with the real age tool; a wrong passphrase gets nothing
    tar = tmp_path / "bundle.tar"
    code, said = age_with_passphrase(["age", "-d", "-i", str(identity), "-o", str(tmp_path / "no.tar"), str(bundle)],
                                     "not the passphrase")
    assert code != 0 and not (tmp_path / "no.tar").exists(), said
    code, said = age_with_passphrase(["age", "-d", "-i", str(identity), "-o", str(tar), str(bundle)],
                                     "identity passphrase 7")
    assert code == 0, said
    assert tar.read_bytes()[257:262] == b"ustar"

    # 3. the pinned key, as JSON
    assert main(["hub", "keys", "--hub", str(tmp_path / "hub"), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["workspaces"]
    assert [(k["station"], k["workspace_id"]) for k in listed] == [("IPS", workspace_id)]
    assert listed[0]["first_seen"] and listed[0]["last_seen"]
    key = listed[0]["signing_key"]

    # 4. the doc's script, in an interpreter that cannot import EADR Station
    script = tmp_path / "verify_bundle.py"
    script.write_text(doc_script(), encoding="utf-8")
    imports = {line.split()[1].split(".")[0] for line in doc_script().splitlines()
               if line.startswith(("import ", "from "))}
    assert imports <= {"base64", "hashlib", "json", "sys", "tarfile", "cryptography"}

    def verify(path: Path, signing_key: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-I", str(script), str(path), signing_key], capture_output=True,
                              text=True, timeout=60, cwd=tmp_path)

    result = verify(tar, key)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("verified: station bundle 1 from IPS")

    other = make_hub(tmp_path / "other").keys.verify_key      # some other key: refused
    result = verify(tar, other)
    assert result.returncode == 1 and "does not verify" in result.stderr

    data = bytearray(tar.read_bytes())          # one byte of a part changed after signing: refused
    at = data.index(b'"columns"', 2048)
    data[at + 2] ^= 0x20
    (tmp_path / "changed.tar").write_bytes(bytes(data))
    result = verify(tmp_path / "changed.tar", key)
    assert result.returncode == 1 and "does not match its hash" in result.stderr


def test_hub_keys_without_workspaces_says_so(tmp_path, capsys, monkeypatch):
    make_hub(tmp_path / "hub").close()
    monkeypatch.setenv("EADR_PASSPHRASE", HUB_PASSPHRASE)
    assert main(["hub", "keys", "--hub", str(tmp_path / "hub")]) == 0
    assert capsys.readouterr().out.strip() == "no workspace has sent a bundle yet"
