"""Two commands or windows on one workspace or hub at once: the second waits a few seconds and then says
who holds it (command, process, user, host, since when), or goes ahead safely; two `hub import`s started
together leave the hub exactly as one after the other would; a multi-file import reports every file.

Real processes started together, real OS locks; no timing is asserted.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.faults.harness import ROOT, build_demo_workspace, child_env, copy_of, lost, run_cli, snapshot
from tests.unit.syncing import HUB_PASSPHRASE, enrolled_workspace, make_hub

HOLD = ("import sys, time; from pathlib import Path; from desktop.store.instance_lock import InstanceLock; "
        "lock = InstanceLock(Path(sys.argv[1]), sys.argv[2], sys.argv[3]).acquire(command='eadr-station gui'); "
        "print('held', flush=True); time.sleep(float(sys.argv[4]))")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_demo_workspace(tmp_path_factory.mktemp("concurrency") / "demo", staff=6)


@pytest.fixture(scope="module")
def hub_with_bundles(tmp_path_factory) -> tuple[Path, list[Path]]:
    """A hub (closed) and one bundle from each of three stations, not yet imported."""
    from desktop.sync import station
    root = tmp_path_factory.mktemp("hub")
    hub = make_hub(root / "hub")
    bundles = []
    for code, seed in (("IPS", 1), ("COL", 2), ("BSE", 3)):
        workspace = enrolled_workspace(root, hub, code, staff=5, seed=seed)
        bundles.append(station.export_bundle(workspace, root / f"out-{code}"))
        workspace.close()
    hub.close()
    return root / "hub", bundles


class Holder:
    """Another process holding a workspace's or hub's lock, as an open window does."""

    def __init__(self, folder: Path, name: str = "workspace.lock", what: str = "workspace", seconds: float = 60):
        self.proc = subprocess.Popen([sys.executable, "-c", HOLD, str(folder), name, what, str(seconds)], cwd=ROOT,
                                     stdout=subprocess.PIPE, text=True, env=child_env(folder.parent))
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "held"

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=30)
        if self.proc.stdout:
            self.proc.stdout.close()


def _hub_state(folder: Path) -> dict:
    """Everything an import changes, read without the lock: rows of every table but the audit log's times."""
    from desktop.hub.service import Hub
    with Hub.open(folder, HUB_PASSPHRASE, exclusive=False) as hub:
        db = hub.store.db
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                           "'sqlite_%' ORDER BY name")]
        state = {}
        for table in tables:
            columns = [r[1] for r in db.execute(f"PRAGMA table_info([{table}])")
                       if not any(w in r[1] for w in ("_at", "imported", "received", "time"))]
            if table == "audit_log":
                columns = [c for c in columns if c in ("action",)]
            state[table] = sorted(map(repr, db.execute(f"SELECT {', '.join(columns)} FROM [{table}]").fetchall()))
        return state


def _together(tmp_path: Path, commands: list[list[object]], **extra: str) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen([sys.executable, "-m", "desktop", *map(str, c)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              env=child_env(tmp_path / f"p{i}", HUB_PASSPHRASE, EADR_LOCK_WAIT_S="60", **extra))
             for i, c in enumerate(commands)]
    done = []
    for proc, command in zip(procs, commands):
        out, err = proc.communicate(timeout=240)
        done.append(subprocess.CompletedProcess(command, proc.returncode, out, err))
    return done


@pytest.mark.parametrize("which", ["the same bundle", "bundles from two stations", "three bundles, three processes"])
def test_hub_imports_started_together_equal_one_after_the_other(hub_with_bundles, tmp_path, faults, which):
    hub, bundles = hub_with_bundles
    chosen = {"the same bundle": [bundles[0], bundles[0]], "bundles from two stations": bundles[:2],
              "three bundles, three processes": bundles}[which]
    together, one_by_one = shutil.copytree(hub, tmp_path / "together"), shutil.copytree(hub, tmp_path / "sequential")
    runs = _together(tmp_path, [["hub", "import", "--hub", together, "--json", b] for b in chosen])
    for b in chosen:
        assert run_cli(tmp_path, "hub", "import", "--hub", one_by_one, b, passphrase=HUB_PASSPHRASE).returncode == 0
    same = _hub_state(together) == _hub_state(one_by_one)
    faults.tried(f"two or more hub imports at once: {which}", 0 if same else 1)
    for run in runs:
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    outcomes = sorted(json.loads(r.stdout)["files"][0]["outcome"] for r in runs)
    if which == "the same bundle":
        assert outcomes == ["applied", "duplicate"], outcomes
    else:
        assert outcomes == ["applied"] * len(chosen), outcomes
    assert same, "imports run together left a different hub from imports run one after the other"


RACE = Path(__file__).with_name("race_child.py")


def _racer(tmp_path: Path, name: str, go: Path, *args: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(RACE), str(go), "--", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=child_env(tmp_path / name, HUB_PASSPHRASE, EADR_LOCK_WAIT_S="120"))


def _next_mark(proc: subprocess.Popen) -> str:
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() in ("INSIDE", "LOCKED-OUT"):
            return line.strip()
    raise AssertionError(f"the child ended without reaching its critical section: {proc.stderr.read()[-2000:]}")


@pytest.mark.parametrize("same", [True, False], ids=["same bundle", "two stations"])
def test_a_second_hub_import_cannot_enter_while_the_first_is_inside(hub_with_bundles, tmp_path, faults, same):
    """The first import is held inside its critical section; the second must be locked out there, not meet
    it (without the hub's lock both would check 'already imported?' before either applied)."""
    hub, bundles = hub_with_bundles
    together, one_by_one = shutil.copytree(hub, tmp_path / "together"), shutil.copytree(hub, tmp_path / "sequential")
    chosen = [bundles[0], bundles[0] if same else bundles[1]]
    go = tmp_path / "go"
    first = _racer(tmp_path, "a", go, "hub", "import", "--hub", together, "--json", chosen[0])
    second = None
    try:
        assert _next_mark(first) == "INSIDE"
        second = _racer(tmp_path, "b", go, "hub", "import", "--hub", together, "--json", chosen[1])
        met = _next_mark(second)
        go.touch()
        if met == "LOCKED-OUT" and not same:
            assert _next_mark(second) == "INSIDE"
        outs = [p.communicate(timeout=240) for p in (first, second)]
    finally:
        go.touch()
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    for b in chosen:
        run_cli(tmp_path, "hub", "import", "--hub", one_by_one, b, passphrase=HUB_PASSPHRASE)
    same_hub = _hub_state(together) == _hub_state(one_by_one)
    faults.tried(f"second hub import held at the lock while the first is inside ({'same bundle' if same else 'two stations'})",
                 0 if same_hub and met == "LOCKED-OUT" else 1)
    assert met == "LOCKED-OUT", "the second import entered the critical section while the first was inside it"
    assert first.returncode == 0 and second.returncode == 0, outs
    outcomes = sorted(json.loads(out)["files"][0]["outcome"] for out, _err in outs)
    assert outcomes == (["applied", "duplicate"] if same else ["applied", "applied"]), outcomes
    assert same_hub


def test_hub_import_while_the_hub_is_open_says_who_has_it(hub_with_bundles, tmp_path, faults):
    hub, bundles = hub_with_bundles
    copy = shutil.copytree(hub, tmp_path / "hub")
    before = _hub_state(copy)
    holder = Holder(copy, "hub.lock", "hub")
    try:
        result = run_cli(tmp_path, "hub", "import", "--hub", copy, bundles[0], passphrase=HUB_PASSPHRASE,
                         EADR_LOCK_WAIT_S="1")
        report = run_cli(tmp_path, "hub", "conflicts", "--hub", copy, passphrase=HUB_PASSPHRASE,
                         EADR_LOCK_WAIT_S="1")
    finally:
        holder.stop()
    after = _hub_state(copy)
    faults.tried("hub import while another process holds the hub", 0 if after == before else 1)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    message = result.stderr
    assert f"process {holder.proc.pid}" in message and socket.gethostname() in message and "eadr-station gui" in \
        message and "since" in message, message
    assert report.returncode == 0, "a read-only command should go ahead beside the holder"
    assert after == before


def test_a_write_command_while_the_workspace_is_open_says_who_has_it(template, tmp_path, faults):
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    roster = tmp_path / "roster.csv"
    roster.write_text("Assignment Number,First Name,Last Name\n80000001,Ada,Lovelace\n", encoding="utf-8")
    holder = Holder(ws)
    try:
        refused = run_cli(tmp_path, "roster", "import", roster, "--workspace", ws, EADR_LOCK_WAIT_S="1")
        listed = run_cli(tmp_path, "staff", "list", "--workspace", ws, EADR_LOCK_WAIT_S="1")
    finally:
        holder.stop()
    after = snapshot(ws)
    faults.tried("roster import while another window holds the workspace", lost(before, after))
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert f"process {holder.proc.pid}" in refused.stderr and "eadr-station gui" in refused.stderr, refused.stderr
    assert "nothing was changed" in refused.stderr
    assert listed.returncode == 0 and "Lovelace" not in listed.stdout, "reading should go ahead beside the holder"
    assert lost(before, after) == 0 and not [k for k in after if k not in before and k[0] == "staff"]


def test_two_roster_imports_at_once_both_land(template, tmp_path, faults):
    """The second waits for the first (no 'database is locked'), and both rosters are in afterwards."""
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    files = []
    for n in range(2):
        path = tmp_path / f"roster-{n}.csv"
        rows = "".join(f"8{n}00000{i},Person{i},Batch{n}\n" for i in range(5))
        path.write_text("Assignment Number,First Name,Last Name\n" + rows, encoding="utf-8")
        files.append(path)
    runs = _together(tmp_path, [["roster", "import", f, "--workspace", ws] for f in files],
                     EADR_PASSPHRASE="demo")
    after = snapshot(ws)
    faults.tried("two roster imports on one workspace at once", lost(before, after))
    for run in runs:
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    listed = json.loads(run_cli(tmp_path, "staff", "list", "--workspace", ws, "--json").stdout)
    assert sum(1 for p in listed if p["last_name"].startswith("Batch")) == 10
    assert lost(before, after) == 0


def test_the_app_refused_by_a_running_command_names_it(template, tmp_path, faults, qtbot):
    from desktop.ui.main_window import MainWindow
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    holder = Holder(ws)
    try:
        window = MainWindow(ws, ws)
        qtbot.addWidget(window)
        window.show()
        shown = window.unlock.error.text()
        can_type = window.unlock.passphrase.isEnabled()
        window.close()
    finally:
        holder.stop()
    after = snapshot(ws)
    faults.tried("the app opened on a workspace another process holds", lost(before, after))
    assert f"process {holder.proc.pid}" in shown and "eadr-station gui" in shown, shown
    assert not can_type


def test_the_app_opens_the_workspace_once_the_command_holding_it_ends(template, tmp_path, faults, qtbot):
    from desktop.ui.main_window import MainWindow
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    holder = Holder(ws)
    window = MainWindow(ws, ws)
    qtbot.addWidget(window)
    window.show()
    try:
        refused = not window.unlock.passphrase.isEnabled()
    finally:
        holder.stop()
    qtbot.waitUntil(lambda: window.unlock.passphrase.isEnabled(), timeout=10_000)
    notice = window.unlock.notice.text()
    window.unlock.passphrase.setText("demo")
    qtbot.keyClick(window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.unlock.busy, timeout=30000)
    opened = window.shell is not None
    window.close()
    after = snapshot(ws)
    faults.tried("the app waits for a command holding the workspace, then opens it", lost(before, after))
    assert refused and opened and "has finished" in notice, notice
    assert lost(before, after) == 0


def test_multi_file_hub_import_reports_every_file_when_one_fails(hub_with_bundles, tmp_path, faults, capsys,
                                                                monkeypatch):
    """An unexpected error on file 3 of 4 still prints files 1, 2 and 4, and exits 1."""
    from desktop import cli
    from desktop.hub import service
    hub, bundles = hub_with_bundles
    copy = shutil.copytree(hub, tmp_path / "hub")
    missing = tmp_path / "not-there.bundle"
    real = service.apply_bundle
    calls = []

    def failing(store, workspace, *rest):
        calls.append(workspace.station)
        if workspace.station == "COL":
            raise KeyError("a malformed record")   # as an unforeseen bug would
        return real(store, workspace, *rest)
    monkeypatch.setattr(service, "apply_bundle", failing)
    monkeypatch.setenv("EADR_PASSPHRASE", HUB_PASSPHRASE)
    files = [bundles[0], missing, bundles[1], bundles[2]]
    code = cli.main(["hub", "import", "--hub", str(copy), *map(str, files)])
    out, err = capsys.readouterr()
    monkeypatch.undo()
    state = _hub_state(copy)
    faults.tried("multi-file hub import with an unexpected error on file 3", 0)
    assert code == 1 and "Traceback" not in err
    lines = (out + err).strip().splitlines()
    assert len(lines) == 4, lines
    for f in files:
        assert any(line.startswith(str(f)) for line in lines), (f, lines)
    assert f"{bundles[0]}: applied" in out and f"{bundles[2]}: applied" in out
    assert f"{bundles[1]}: rejected: unexpected error (KeyError" in err and "nothing from this file was stored" in err
    stations = {r for r in state.get("workspaces", [])}
    assert not any("'COL'" in s for s in stations), "the failed file left part of itself in the hub"
    assert os.path.exists(copy / "hub.lock")


def test_a_second_hub_window_says_who_has_the_hub(hub_with_bundles, tmp_path, faults, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.hub import window
    hub, _bundles = hub_with_bundles
    copy = shutil.copytree(hub, tmp_path / "hub")
    before = _hub_state(copy)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    monkeypatch.setenv("EADR_PASSPHRASE", HUB_PASSPHRASE)
    monkeypatch.setenv("EADR_LOCK_WAIT_S", "0.5")
    holder = Holder(copy, "hub.lock", "hub")
    try:
        code = window.run_hub_gui(copy)
    finally:
        holder.stop()
    after = _hub_state(copy)
    faults.tried("a second hub window while another has the hub", 0 if after == before else 1)
    assert code == 1 and len(shown) == 1, shown
    assert f"process {holder.proc.pid}" in shown[0] and "eadr-station gui" in shown[0], shown
    assert after == before


WRITER = ("import sys, time; from pathlib import Path; from tests.faults.harness import key_for; "
          "from desktop.store.database import connect_encrypted; "
          "conn = connect_encrypted(Path(sys.argv[1]) / 'eadr.db', key_for(Path(sys.argv[1]))); "
          "conn.isolation_level = None; conn.execute('PRAGMA journal_mode=WAL'); conn.execute('BEGIN IMMEDIATE'); "
          "print('held', flush=True); time.sleep(60)")


def test_a_reading_command_behind_a_long_writer_says_busy(template, tmp_path, faults):
    """A read-only command goes ahead without the workspace lock, but its one audit write can still meet a
    writer that holds SQLite's lock longer than its busy timeout: one line saying so, not a traceback."""
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(ws)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env=child_env(tmp_path))
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "held"
        result = run_cli(tmp_path, "staff", "list", "--workspace", ws)
    finally:
        writer.kill()
        writer.wait(timeout=30)
        if writer.stdout:
            writer.stdout.close()
    after = snapshot(ws)
    faults.tried("a reading command behind a writer holding SQLite's lock", lost(before, after))
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, \
        result.stderr
    assert "busy" in result.stderr and str(ws) in result.stderr and "nothing was changed" in result.stderr
    assert lost(before, after) == 0
