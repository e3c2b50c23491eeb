"""A key file is not trusted blindly.

Key derivation parameters outside sane bounds are refused as a damaged key file before any Argon2 work
(a hostile file could ask for terabytes of memory); a damaged sealed key, or a key file copied from
another workspace, says "key file damaged or not this workspace's", never "wrong passphrase"; the same
holds for the hub's key file and its recovery key. Nothing in the workspace changes.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.security import keyfile
from desktop.security.keyfile import KeyFileError, WrongPassphrase, unwrap_key, wrap_key
from tests.faults.harness import FAST, build_demo_workspace, copy_of, lost, run_cli, snapshot

DAMAGED = "key file damaged or not this workspace's"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_demo_workspace(tmp_path_factory.mktemp("keyfile") / "demo")


@pytest.fixture(scope="module")
def other(tmp_path_factory) -> Path:
    return build_demo_workspace(tmp_path_factory.mktemp("keyfile-other") / "demo", staff=3)


def _b64(n: int) -> str:
    return base64.b64encode(b"\1" * n).decode()


# name -> how the key file's slot is spoiled
BOUNDS = {
    "Argon2 memory of 8 TiB": lambda s: s["kdf"].update(memory_kib=8 * 2 ** 30),
    "Argon2 memory of 1 MiB": lambda s: s["kdf"].update(memory_kib=1024),
    "Argon2 time cost of 0": lambda s: s["kdf"].update(time_cost=0),
    "Argon2 time cost of 10 000": lambda s: s["kdf"].update(time_cost=10_000),
    "Argon2 parallelism of 0": lambda s: s["kdf"].update(parallelism=0),
    "Argon2 parallelism of 255": lambda s: s["kdf"].update(parallelism=255),
    "Argon2 time cost as text": lambda s: s["kdf"].update(time_cost="3"),
    "Argon2 time cost as true": lambda s: s["kdf"].update(time_cost=True),
    "Argon2 memory missing": lambda s: s["kdf"].pop("memory_kib"),
    "a salt of 8 bytes": lambda s: s["kdf"].update(salt=_b64(8)),
    "a salt of 1 MB": lambda s: s["kdf"].update(salt=_b64(1 << 20)),
    "a nonce of 8 bytes": lambda s: s["cipher"].update(nonce=_b64(8)),
    "a nonce of 16 bytes": lambda s: s["cipher"].update(nonce=_b64(16)),
    "a sealed key of 40 bytes": lambda s: s.update(wrapped_key=_b64(40)),
    "a sealed key of 4 KB": lambda s: s.update(wrapped_key=_b64(4096)),
    "a check value of 3 bytes": lambda s: s.update(check=_b64(3)),
    "a sealed key that is not base64": lambda s: s.update(wrapped_key="not*base64"),
    "a workspace ID that is a number": lambda s: s.update(workspace_id=7),
}


def _spoil(folder: Path, how) -> None:
    path = folder / "key.json"
    data = json.loads(path.read_text())
    how(data)
    path.write_text(json.dumps(data))


def _one_line(stderr: str) -> str:
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    return stderr


@pytest.mark.parametrize("spoiled", list(BOUNDS))
def test_parameters_out_of_bounds_are_refused_before_any_argon2_work(template, tmp_path, faults, monkeypatch,
                                                                     spoiled):
    ws = copy_of(template, tmp_path / "ws")
    good = (ws / "key.json").read_bytes()
    before = snapshot(ws)
    _spoil(ws, BOUNDS[spoiled])
    slot = json.loads((ws / "key.json").read_text())
    derived: list[object] = []
    monkeypatch.setattr(keyfile, "derive_kek", lambda *a: derived.append(a) or b"\0" * 32)
    with pytest.raises(KeyFileError) as refused:
        unwrap_key(slot, "demo", slot.get("workspace_id") if isinstance(slot.get("workspace_id"), str) else None)
    monkeypatch.undo()
    result = run_cli(tmp_path, "staff", "list", "--workspace", ws)
    (ws / "key.json").write_bytes(good)
    after = snapshot(ws)
    faults.tried(f"key file with {spoiled}", lost(before, after))
    assert derived == [], "Argon2 ran on a key file that should have been refused first"
    assert DAMAGED in str(refused.value)
    assert result.returncode == 1
    message = _one_line(result.stderr)
    assert str(ws / "key.json") in message and DAMAGED in message and "wrong passphrase" not in message.lower()
    assert lost(before, after) == 0


def test_test_parameters_are_within_bounds():
    """The fast test parameters and the defaults both pass the checks (they would be refused otherwise)."""
    for params in (FAST, keyfile.DEFAULT_PARAMS):
        slot = wrap_key(b"k" * 32, "pass", "ws-1", params)
        assert unwrap_key(slot, "pass", "ws-1") == b"k" * 32


def test_a_damaged_sealed_key_is_not_a_wrong_passphrase(template, tmp_path, faults):
    ws = copy_of(template, tmp_path / "ws")
    good = (ws / "key.json").read_bytes()
    before = snapshot(ws)

    def flip(slot: dict) -> None:
        sealed = bytearray(base64.b64decode(slot["wrapped_key"]))
        sealed[5] ^= 0x40
        slot["wrapped_key"] = base64.b64encode(bytes(sealed)).decode()
    _spoil(ws, flip)
    damaged = run_cli(tmp_path, "staff", "list", "--workspace", ws)
    wrong = run_cli(tmp_path, "staff", "list", "--workspace", ws, passphrase="not the passphrase")
    (ws / "key.json").write_bytes(good)
    after = snapshot(ws)
    faults.tried("key file with a flipped bit in the sealed key", lost(before, after))
    assert damaged.returncode == 1 and wrong.returncode == 1
    message = _one_line(damaged.stderr)
    assert DAMAGED in message and "wrong passphrase" not in message.lower(), message
    assert "wrong passphrase" in _one_line(wrong.stderr), "a wrong passphrase must still be called one"
    assert lost(before, after) == 0


def test_a_key_file_from_another_workspace(template, other, tmp_path, faults, qtbot):
    from desktop.ui.main_window import MainWindow
    ws = copy_of(template, tmp_path / "ws")
    good = (ws / "key.json").read_bytes()
    before = snapshot(ws)
    shutil.copy(other / "key.json", ws / "key.json")   # both have the passphrase 'demo'
    result = run_cli(tmp_path, "staff", "list", "--workspace", ws)
    window = MainWindow(ws, ws)
    qtbot.addWidget(window)
    window.show()
    window.unlock.passphrase.setText("demo")
    window.unlock.try_unlock()
    qtbot.waitUntil(lambda: not window.unlock.busy, timeout=30000)
    shown = window.unlock.error.text()
    opened = window.shell is not None
    window.close()
    (ws / "key.json").write_bytes(good)
    after = snapshot(ws)
    faults.tried("key file copied from another workspace (CLI and app)", lost(before, after))
    assert result.returncode == 1
    message = _one_line(result.stderr)
    assert DAMAGED in message and "wrong passphrase" not in message.lower(), message
    assert not opened and DAMAGED in shown and "passphrase does not open" not in shown, shown
    assert lost(before, after) == 0


def test_an_old_key_file_without_a_check_value_still_opens(template, tmp_path, faults):
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    _spoil(ws, lambda s: s.pop("check"))
    result = run_cli(tmp_path, "staff", "list", "--workspace", ws)
    wrong = run_cli(tmp_path, "staff", "list", "--workspace", ws, passphrase="nope nope")
    after = snapshot(ws)
    faults.tried("key file written before check values (still opens)", lost(before, after))
    assert result.returncode == 0, result.stderr
    assert wrong.returncode == 1 and "wrong passphrase" in wrong.stderr
    assert lost(before, after) == 0


@pytest.fixture(scope="module")
def hubs(tmp_path_factory) -> tuple[Path, Path]:
    from desktop.hub.service import Hub
    root = tmp_path_factory.mktemp("hubs")
    for name in ("hub", "other"):
        Hub.create(root / name, "hub passphrase", params=FAST).close()
    return root / "hub", root / "other"


@pytest.mark.parametrize("spoil", ["memory of 8 TiB", "flipped sealed key", "another hub's key file"])
def test_the_hubs_key_file_is_checked_the_same_way(hubs, tmp_path, faults, spoil):
    hub, other = hubs
    copy = shutil.copytree(hub, tmp_path / "hub")
    hashes = {p.name: p.read_bytes() for p in copy.iterdir() if p.is_file()}
    if spoil == "another hub's key file":
        shutil.copy(other / "key.json", copy / "key.json")
    elif spoil == "memory of 8 TiB":
        _spoil(copy, lambda s: s["kdf"].update(memory_kib=8 * 2 ** 30))
    else:
        def flip(slot: dict) -> None:
            sealed = bytearray(base64.b64decode(slot["wrapped_key"]))
            sealed[0] ^= 1
            slot["wrapped_key"] = base64.b64encode(bytes(sealed)).decode()
        _spoil(copy, flip)
    result = run_cli(tmp_path, "hub", "conflicts", "--hub", copy, passphrase="hub passphrase")
    unchanged = all((copy / name).read_bytes() == data for name, data in hashes.items() if name != "key.json")
    faults.tried(f"hub key file: {spoil}", 0 if unchanged else 1)
    assert result.returncode == 1
    message = _one_line(result.stderr)
    assert "key file damaged or not this hub's" in message and "wrong passphrase" not in message.lower(), message
    assert unchanged


def test_the_hubs_recovery_key_with_a_damaged_slot(hubs, tmp_path, faults):
    from desktop.security.recovery import RecoveryError, open_identity
    hub, _other = hubs
    path = tmp_path / "recovery-key.json"
    data = json.loads((hub / "recovery-key.json").read_text())
    data["slot"]["kdf"]["parallelism"] = 1000
    path.write_text(json.dumps(data))
    with pytest.raises(RecoveryError) as refused:
        open_identity(path, "hub passphrase")
    data = json.loads((hub / "recovery-key.json").read_text())
    data["owner"] = "someone else"
    path.write_text(json.dumps(data))
    with pytest.raises(RecoveryError) as foreign:
        open_identity(path, "hub passphrase")
    with pytest.raises(WrongPassphrase):
        open_identity(hub / "recovery-key.json", "not the hub passphrase")
    faults.tried("hub recovery key with out-of-bounds parameters or another owner", 0)
    assert str(path) in str(refused.value) and "damaged or not this" in str(refused.value)
    assert "damaged or not this" in str(foreign.value)


_values = st.one_of(st.none(), st.booleans(), st.integers(-2 ** 70, 2 ** 70), st.text(max_size=40),
                    st.binary(max_size=80).map(lambda b: base64.b64encode(b).decode()),
                    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


@settings(max_examples=300, deadline=None)
@given(changes=st.lists(st.tuples(st.sampled_from(["kdf.time_cost", "kdf.memory_kib", "kdf.parallelism", "kdf.salt",
                                                   "kdf.name", "cipher.nonce", "cipher.name", "wrapped_key", "check",
                                                   "workspace_id", "format", "version", "kdf", "cipher"]),
                                  _values), min_size=1, max_size=4))
def test_any_spoiled_key_slot_is_refused_or_opened_never_a_traceback(changes):
    """Random values in any field of a slot: KeyFileError or WrongPassphrase (or the key, if the change was
    harmless), and Argon2 is never asked for costs outside the bounds."""
    slot = json.loads(json.dumps(_SLOT))
    for where, value in changes:
        parts = where.split(".")
        target = slot
        for part in parts[:-1]:
            target = target[part] if isinstance(target.get(part), dict) else target.setdefault(part, {})
            if not isinstance(target, dict):
                break
        else:
            target[parts[-1]] = value
    asked: list[tuple] = []
    real = keyfile.derive_kek

    def bounded(passphrase, salt, params):
        asked.append((params.time_cost, params.memory_kib, params.parallelism, len(salt)))
        assert keyfile.TIME_COST[0] <= params.time_cost <= keyfile.TIME_COST[1]
        assert keyfile.MEMORY_KIB[0] <= params.memory_kib <= keyfile.MEMORY_KIB[1]
        assert keyfile.PARALLELISM[0] <= params.parallelism <= keyfile.PARALLELISM[1]
        if params.memory_kib > FAST.memory_kib or params.time_cost > 3:
            return b"\0" * 32    # within bounds but slow: the result is what a wrong passphrase gives
        return real(passphrase, salt, params)
    keyfile.derive_kek = bounded
    try:
        try:
            unwrap_key(slot, "demo", "ws-fuzz")
        except (KeyFileError, WrongPassphrase):
            pass
    finally:
        keyfile.derive_kek = real


_SLOT = wrap_key(b"k" * 32, "demo", "ws-fuzz", FAST)


def test_spoiled_key_slot_fuzz_is_a_counted_scenario(faults):
    faults.tried("key file slots with random values in any field (Hypothesis, 300)", 0)
