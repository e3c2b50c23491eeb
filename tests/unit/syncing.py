"""Helpers for the sync tests: a hub, enrolled demo workspaces, bundles in a temporary folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.demo.build import build_demo
from desktop.hub.service import Hub
from desktop.security.keyfile import Argon2Params, read_key_file, unwrap_key
from desktop.store.info import DEMO_PASSPHRASE, KEY_FILE
from desktop.store.workspace import Workspace
from desktop.sync import station

FAST = Argon2Params(time_cost=1, memory_kib=8192, parallelism=1)
AS_OF = date(2026, 11, 23)
HUB_PASSPHRASE = "hub passphrase for tests"


def make_hub(folder: Path) -> Hub:
    return Hub.create(folder, HUB_PASSPHRASE, params=FAST)


def enrolled_workspace(tmp: Path, hub: Hub, code: str, staff: int = 6, seed: int = 2026) -> Workspace:
    """A demo workspace (passphrase 'demo') joined to `hub` as station `code`."""
    folder = tmp / f"ws-{code}-{seed}"
    workspace = build_demo(folder, staff=staff, seed=seed, as_of=AS_OF, params=FAST)
    enrolment = hub.enrolment_file(code, tmp / f"{code}-{seed}-enrolment.json", f"{code} station")
    key = unwrap_key(read_key_file(folder / KEY_FILE), DEMO_PASSPHRASE)
    station.enrol(workspace, enrolment, key)
    return workspace


def hub_state(hub: Hub) -> tuple:
    """Everything an import could change, to prove a refused bundle changed nothing."""
    db = hub.store.db
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                       "'sqlite_%' AND name NOT IN ('audit_log', '_sqlite_migrations') ORDER BY name")]
    return tuple((t, db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables) + \
        tuple(db.execute("SELECT id, last_sequence, last_change_seq FROM workspaces ORDER BY id").fetchall())
