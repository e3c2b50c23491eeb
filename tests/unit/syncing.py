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


def station_records(workspace: Workspace) -> dict[tuple[str, str], tuple]:
    """Every shareable record at the station, as it travels (redacted), keyed by (part, id)."""
    from desktop.domain.bundle_schema import PARTS
    from desktop.store.sync_state import read_outgoing
    everything = read_outgoing(workspace.db, since=0)
    return {(p.name, row[0]): tuple(row) for p in PARTS if p.stamped for row in everything.parts[p.name]}


def hub_records(hub: Hub, workspace_id: str) -> dict[tuple[str, str], tuple]:
    """What HR holds (and counts) from one workspace, in the same shape as station_records."""
    from desktop.domain.bundle_schema import PARTS
    db = hub.store.db
    return {(p.name, row[0]): tuple(row) for p in PARTS if p.stamped
            for row in db.execute(f"SELECT {', '.join(p.names)} FROM {p.name} WHERE workspace_id = ?",
                                  [workspace_id]).fetchall()}


def disagreements(workspace: Workspace, hub: Hub) -> list[tuple[str, str]]:
    """(part, id) of every shareable record the station and HR do not hold identically."""
    here, there = station_records(workspace), hub_records(hub, workspace.info.workspace_id)
    return sorted(k for k in here.keys() | there.keys() if here.get(k) != there.get(k))


def hub_mentions(hub: Hub, text: str) -> list[str]:
    """Tables of the hub's database in which `text` appears anywhere (private notes must appear in none)."""
    db = hub.store.db
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                       "'sqlite_%'")]
    return [t for t in tables if any(text in str(value) for row in db.execute(f"SELECT * FROM {t}") for value in row)]


def enrol(workspace: Workspace, hub: Hub, code: str, passphrase: str) -> None:
    """Join an already open workspace (whose passphrase is `passphrase`) to `hub` as station `code`."""
    enrolment = hub.enrolment_file(code, workspace.folder.parent / f"{code}-enrolment.json", f"{code} station")
    key = unwrap_key(read_key_file(workspace.folder / KEY_FILE), passphrase)
    station.enrol(workspace, enrolment, key)


def round_trip(workspace: Workspace, hub: Hub, folder: Path) -> tuple[Path, Path, str, str]:
    """Station bundle to the hub, the hub's reference bundle back: (bundle, reference, hub's import line,
    station's import line)."""
    bundle = station.export_bundle(workspace, folder)
    imported = hub.import_file(bundle)
    assert imported.outcome == "applied", imported.line()
    reference = hub.reference_bundle(station.enrolment(workspace)["station"], folder)
    outcome = station.import_reference(workspace, reference)
    assert outcome.outcome == "applied", outcome.line()
    return bundle, reference, imported.line(), outcome.line()
