"""Helpers for the fault suite: real processes, real files, and a count of every record lost.

A scenario snapshots the workspace before the fault (every row of every table), causes the fault
with a real process or a real filesystem, then reopens the workspace exactly as the fault left it and
counts rows that are missing or changed: those are records lost.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from desktop.security.keyfile import Argon2Params

ROOT = Path(__file__).parents[2]
CHILD = Path(__file__).with_name("pause_child.py")
FAST = Argon2Params(time_cost=1, memory_kib=8192, parallelism=1)
CHILD_TIMEOUT_S = 120

Snapshot = dict[tuple[str, int], tuple]


def build_demo_workspace(folder: Path, staff: int = 12) -> Path:
    """A demo workspace (passphrase 'demo') closed as the app closes it: with an on-close backup."""
    from desktop.demo.build import build_demo
    workspace = build_demo(folder, staff=staff, as_of=date(2026, 11, 23), params=FAST)
    workspace.take_backup("on-close")
    workspace.close()
    return folder


def copy_of(template: Path, folder: Path) -> Path:
    shutil.copytree(template, folder)
    return folder


def key_for(folder: Path, passphrase: str = "demo") -> bytes:
    from desktop.security.keyfile import read_key_file, unwrap_key
    from desktop.store.info import KEY_FILE
    return unwrap_key(read_key_file(folder / KEY_FILE), passphrase)


def snapshot(folder: Path, passphrase: str = "demo") -> Snapshot:
    """Every row of every table, read without writing anything (no unlock audit entry).
    Left out: the change counter, the last-backup marker and unlock entries, which opening and backing up
    legitimately change."""
    from desktop.store.database import connect_encrypted
    from desktop.store.info import DB_FILE
    conn = connect_encrypted(folder / DB_FILE, key_for(folder, passphrase))
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%' AND name != 'counters'")]
        rows: Snapshot = {}
        for table in tables:
            for row in conn.execute(f"SELECT rowid, * FROM [{table}]"):
                if table == "settings" and row[1] == "last_backup_seq":
                    continue
                if table == "audit_log" and row[4] == "unlock":
                    continue
                rows[(table, row[0])] = tuple(row[1:])
        return rows
    finally:
        conn.close()


def lost(before: Snapshot, after: Snapshot) -> int:
    """Records that were there before the fault and are missing or different after it."""
    return sum(1 for k, row in before.items() if after.get(k) != row)


def added(before: Snapshot, after: Snapshot) -> list[tuple[str, int]]:
    return [k for k in after if k not in before]


def integrity(folder: Path, passphrase: str = "demo") -> str:
    from desktop.store.database import connect_encrypted
    from desktop.store.info import DB_FILE
    conn = connect_encrypted(folder / DB_FILE, key_for(folder, passphrase))
    try:
        return "\n".join(r[0] for r in conn.execute("PRAGMA integrity_check").fetchall())
    finally:
        conn.close()


def file_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def child_env(tmp_path: Path, passphrase: str | None = "demo", **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EADR_")}
    env.update(EADR_DATA_DIR=str(tmp_path / "data"), EADR_LOG_DIR=str(tmp_path / "logs"),
               QT_QPA_PLATFORM="offscreen", PYTHONUTF8="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    if passphrase is not None:
        env["EADR_PASSPHRASE"] = passphrase
    env.update(extra)
    return env


def run_cli(tmp_path: Path, *args: object, passphrase: str | None = "demo", **extra: str):
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, env=child_env(tmp_path, passphrase, **extra), timeout=CHILD_TIMEOUT_S)


def kill_at(tmp_path: Path, point: str, suffix: str, *args: object, passphrase: str = "demo",
            **extra: str) -> None:
    """Run the command in pause_child.py, SIGKILL it at `point` of writing the file ending `suffix`."""
    proc = subprocess.Popen([sys.executable, str(CHILD), point, suffix, "--", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=child_env(tmp_path, passphrase, **extra))
    try:
        assert proc.stdout is not None
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if line.strip() == "PAUSED":
                proc.kill()
                break
        code = proc.wait(timeout=CHILD_TIMEOUT_S)
        stderr = proc.stderr.read() if proc.stderr else ""
        assert code == -9, f"the child was not killed at {point} of *{suffix} (exit {code}):\n{''.join(seen)}" \
                           f"{stderr[-3000:]}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def kill_when_file_grows(tmp_path: Path, pattern: Path, *args: object, min_bytes: int = 1) -> int:
    """Run the command and SIGKILL it as soon as a file matching `pattern` (a glob) has `min_bytes`:
    a kill in the middle of a write the app does through SQLite, which Python cannot pause.
    Returns the size the file had at the kill."""
    proc = subprocess.Popen([sys.executable, "-m", "desktop", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=child_env(tmp_path))
    size = 0
    try:
        deadline = time.monotonic() + CHILD_TIMEOUT_S
        while proc.poll() is None and time.monotonic() < deadline:
            sizes = [p.stat().st_size for p in pattern.parent.glob(pattern.name) if p.exists()]
            if sizes and max(sizes) >= min_bytes:
                proc.kill()
                size = max(sizes)
                break
            time.sleep(0.0005)
        code = proc.wait(timeout=CHILD_TIMEOUT_S)
        stderr = proc.stderr.read() if proc.stderr else ""
        assert code == -9, f"the command finished before its file was seen growing (exit {code}): {stderr[-2000:]}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        if proc.stderr is not None:
            proc.stderr.close()
    return size


def pdf_is_complete(path: Path) -> bool:
    """A whole PDF: the header, a cross-reference table where startxref says, and the end-of-file mark."""
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or not data.rstrip().endswith(b"%%EOF"):
        return False
    tail = data[-1024:]
    at = tail.rfind(b"startxref")
    if at < 0:
        return False
    offset = int(tail[at + len("startxref"):].split()[0])
    return data[offset:offset + 4] == b"xref"


def mount_available() -> str | None:
    """None if this process can mount a tmpfs, else why not (the scenarios that need one are skipped)."""
    if sys.platform != "linux":
        return "tmpfs mounts need Linux"
    if os.geteuid() != 0:
        return "mounting a small tmpfs needs root"
    if shutil.which("mount") is None:
        return "no mount command"
    return None


@contextmanager
def tmpfs(where: Path, size: str = "300k"):
    """A small real filesystem at `where` (created), unmounted afterwards."""
    why = mount_available()
    if why:
        pytest.skip(why)
    where.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def remount_read_only(where: Path, read_only: bool = True) -> None:
    mode = "ro" if read_only else "rw"
    result = subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot remount {where} {mode}: {result.stderr.strip()}")


def fill(where: Path, leave_bytes: int) -> Path:
    """Fill the filesystem at `where` until about `leave_bytes` are free."""
    stat = os.statvfs(where)
    free = stat.f_bavail * stat.f_frsize
    filler = where / "filler.bin"
    with open(filler, "wb") as fh:
        fh.write(b"\0" * max(0, free - leave_bytes))
    return filler


def free_bytes(where: Path) -> int:
    stat = os.statvfs(where)
    return stat.f_bavail * stat.f_frsize
