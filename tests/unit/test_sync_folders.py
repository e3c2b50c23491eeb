"""Sync through a shared folder: the station's outbox and inbox (desktop/sync/folders.py) and HR's watcher
(desktop/hub/watch.py, `eadr-station hub watch`), end to end with a real hub and real bundles."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.hub.service import Hub
from desktop.hub.watch import Watcher, is_partial
from desktop.store import sync_state
from desktop.sync import folders, station
from tests.unit.syncing import HUB_PASSPHRASE, disagreements, enrolled_workspace, make_hub


def write_into_outbox(workspace) -> Path | None:
    """What the app's automatic sync does on its worker and GUI threads, in one go."""
    chosen = folders.get(workspace)
    if not folders.reachable(chosen.outbox) or not folders.needs_bundle(workspace.db):
        return None
    return station.export_bundle(workspace, chosen.outbox)


def apply_from_inbox(workspace) -> station.ImportOutcome | None:
    chosen = folders.get(workspace)
    code = station.enrolment(workspace)["station"]
    path = folders.newest_reference(chosen.inbox, code, folders.reference_version(workspace.db),
                                    folders.refused(workspace))
    return None if path is None else station.import_reference(workspace, path, path.read_bytes())


@pytest.fixture()
def setup(tmp_path):
    hub = make_hub(tmp_path / "hub")
    shared = tmp_path / "shared"
    shared.mkdir()
    yield hub, shared, tmp_path
    hub.close()


def test_a_station_and_the_hub_sync_through_a_shared_folder_with_no_export_or_import_by_hand(setup):
    hub, shared, tmp = setup
    ws = enrolled_workspace(tmp, hub, "NORTH")
    folders.save(ws, folders.suggested(shared, "north"))
    (shared / "NORTH").mkdir()
    assert folders.get(ws).outbox == shared / "NORTH" and folders.get(ws).shared
    bundle = write_into_outbox(ws)
    assert bundle is not None and bundle.parent == shared / "NORTH"
    assert write_into_outbox(ws) is None   # nothing new since: no second bundle
    watcher = Watcher(hub, [shared])
    assert watcher.look() == []            # first look: only noted, in case it is still being copied
    events = watcher.look()
    assert [e.outcome for e in events] == ["imported", "reference"]
    assert not bundle.exists()
    filed = shared / "NORTH" / "imported" / bundle.name
    assert filed.is_file()
    assert (filed.parent / (bundle.name + ".txt")).read_text().startswith("imported: ")
    assert disagreements(ws, hub) == []    # HR's figures hold everything the station has
    assert sum(sync_state.waiting(ws.db).values()) > 0
    outcome = apply_from_inbox(ws)
    assert outcome is not None and outcome.outcome == "applied"
    assert apply_from_inbox(ws) is None    # the same reply is not applied twice
    # HR's catalogue arrived with the reply: the station's copy goes back once, and then all is quiet.
    for _round in range(3):
        if write_into_outbox(ws) is None:
            break
        watcher.look()
        assert [e.outcome for e in watcher.look()] == ["imported", "reference"]
        assert apply_from_inbox(ws).outcome == "applied"
    assert sum(sync_state.waiting(ws.db).values()) == 0 and not folders.needs_bundle(ws.db)
    assert watcher.look() == [] and watcher.look() == []   # nothing new, nothing filed twice
    ws.close()


def test_files_still_being_written_are_left_until_they_are_complete(setup):
    hub, shared, tmp = setup
    ws = enrolled_workspace(tmp, hub, "EAST")
    folders.save(ws, shared)
    source = write_into_outbox(ws)
    data = source.read_bytes()
    source.unlink()
    for name in (f".{source.name}.partial", f"{source.name}.tmp", f"~${source.name}", f".~lock.{source.name}#"):
        (shared / name).write_bytes(data)
        assert is_partial(name)
    half = shared / source.name
    half.write_bytes(data[: len(data) // 2])   # a sync client half way through copying it
    watcher = Watcher(hub, [shared])
    assert watcher.look() == []
    half.write_bytes(data[: 3 * len(data) // 4])   # still growing at the next look
    assert watcher.look() == []
    with half.open("ab") as out:
        out.write(data[3 * len(data) // 4:])
    os.utime(half)
    assert watcher.look() == []            # complete now, but seen at this size only once
    assert [e.outcome for e in watcher.look()] == ["imported", "reference"]
    assert sorted(p.name for p in shared.iterdir() if p.is_file() and is_partial(p.name)) == sorted(
        [f".{source.name}.partial", f"{source.name}.tmp", f"~${source.name}", f".~lock.{source.name}#"])
    assert disagreements(ws, hub) == []
    ws.close()


def test_a_folder_that_goes_away_is_waited_for_and_taken_up_again(setup, tmp_path):
    hub, shared, tmp = setup
    ws = enrolled_workspace(tmp, hub, "WEST")
    station_folder = shared / "WEST"
    folders.save(ws, station_folder)
    assert write_into_outbox(ws) is None   # the folder is not there (a network drive not connected)
    assert not folders.reachable(station_folder)
    assert "Waiting for the sync folder" in folders.waiting_text(station_folder)
    station_folder.mkdir()
    bundle = write_into_outbox(ws)
    assert bundle is not None
    aside = tmp_path / "unplugged"
    shutil.move(shared, aside)             # the drive goes away with the bundle on it
    watcher = Watcher(hub, [shared])
    events = watcher.look()
    assert [e.outcome for e in events] == ["waiting"] and "cannot be reached" in events[0].reason
    shutil.move(aside, shared)             # and comes back
    watcher.look()
    assert [e.outcome for e in watcher.look()] == ["imported", "reference"]
    assert apply_from_inbox(ws).outcome == "applied"
    ws.close()


def test_two_stations_writing_at_once_are_both_imported_and_each_gets_its_own_reply(setup):
    hub, shared, tmp = setup
    north = enrolled_workspace(tmp, hub, "NORTH", seed=1)
    south = enrolled_workspace(tmp, hub, "SOUTH", seed=2)
    for ws, code in ((north, "NORTH"), (south, "SOUTH")):
        (shared / code).mkdir()
        folders.save(ws, shared / code)
        write_into_outbox(ws)
    watcher = Watcher(hub, [shared])
    watcher.look()
    events = watcher.look()
    assert sorted(e.outcome for e in events) == ["imported", "imported", "reference", "reference"]
    for ws, code in ((north, "NORTH"), (south, "SOUTH")):
        assert disagreements(ws, hub) == []
        assert [p.name for p in (shared / code).glob("*-reference-*")] == [f"{code}-reference-000001.eadr-bundle"]
        assert apply_from_inbox(ws).outcome == "applied"
        ws.close()


def test_duplicates_and_refused_files_are_filed_with_their_reason(setup):
    hub, shared, tmp = setup
    ws = enrolled_workspace(tmp, hub, "NORTH")
    folders.save(ws, shared)
    bundle = write_into_outbox(ws)
    copy = shared / f"again-{bundle.name}"
    shutil.copy(bundle, copy)              # the same bundle twice (a sync client's conflict copy)
    (shared / "NORTH-broken.eadr-bundle").write_bytes(b"not a bundle at all")
    watcher = Watcher(hub, [shared])
    watcher.look()
    outcomes = sorted(e.outcome for e in watcher.look())
    assert outcomes == ["duplicate", "imported", "reference", "rejected"]
    assert (shared / "duplicate" / f"{copy.name}.txt").read_text().startswith("duplicate: already imported")
    reason = (shared / "rejected" / "NORTH-broken.eadr-bundle.txt").read_text()
    assert reason.startswith("rejected: ") and reason.count("\n") == 1
    assert sorted(p.name for p in shared.iterdir() if p.is_file()) == ["NORTH-reference-000001.eadr-bundle"]
    ws.close()


def test_a_watcher_stopped_between_import_and_filing_files_the_bundle_as_imported_not_twice(setup):
    hub, shared, tmp = setup
    ws = enrolled_workspace(tmp, hub, "NORTH")
    folders.save(ws, shared)
    bundle = write_into_outbox(ws)
    assert hub.import_files([bundle])[0].outcome == "applied"   # imported, then the watcher was killed
    before = hub.store.db.execute("SELECT count(*) FROM bundles").fetchone()[0]
    watcher = Watcher(hub, [shared])
    watcher.look()
    assert [e.outcome for e in watcher.look()] == ["imported", "reference"]
    assert hub.store.db.execute("SELECT count(*) FROM bundles").fetchone()[0] == before
    assert "imported earlier" in (shared / "imported" / f"{bundle.name}.txt").read_text()
    assert apply_from_inbox(ws).outcome == "applied"
    ws.close()


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "desktop", *args]


def test_hub_watch_killed_mid_run_and_restarted_imports_every_file_once(setup):
    hub, shared, tmp = setup
    workspaces = [enrolled_workspace(tmp, hub, code, seed=n) for n, code in enumerate(("NORTH", "SOUTH"))]
    hub_folder = hub.folder
    hub.close()
    env = os.environ | {"EADR_PASSPHRASE": HUB_PASSPHRASE}
    first = workspaces[0]
    folders.save(first, shared)
    written = [write_into_outbox(first)]
    watcher = subprocess.Popen(_cli("hub", "watch", "--hub", str(hub_folder), str(shared), "--interval", "0.2"),
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (shared / "imported" / written[0].name).exists():
            assert watcher.poll() is None, watcher.stderr.read()
            assert time.monotonic() < deadline, "the watcher did not import the first bundle"
            time.sleep(0.1)
        # More arrives while it runs; it is killed at once, without a chance to tidy up.
        second = workspaces[1]
        folders.save(second, shared)
        written.append(write_into_outbox(second))
    finally:
        watcher.send_signal(signal.SIGKILL)
        watcher.wait()
    done = subprocess.run(_cli("hub", "watch", "--hub", str(hub_folder), str(shared), "--interval", "0.2",
                               "--once"), env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (shared / "imported").glob("*.eadr-bundle")) == sorted(p.name for p in written)
    assert not list(shared.glob("NORTH-0*")) and not list(shared.glob("SOUTH-0*"))
    assert not (shared / "duplicate").exists() and not (shared / "rejected").exists()
    with Hub.open(hub_folder, HUB_PASSPHRASE) as reopened:
        assert reopened.store.db.execute("SELECT count(*) FROM bundles").fetchone()[0] == 2
        for ws in workspaces:
            assert disagreements(ws, reopened) == []
    for ws in workspaces:
        assert apply_from_inbox(ws).outcome == "applied"
        ws.close()


def test_ctrl_c_stops_the_watcher_cleanly(setup):
    hub, shared, _tmp = setup
    hub_folder = hub.folder
    hub.close()
    env = os.environ | {"EADR_PASSPHRASE": HUB_PASSPHRASE}
    watcher = subprocess.Popen(_cli("hub", "watch", "--hub", str(hub_folder), str(shared), "--interval", "0.2"),
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert watcher.stdout.readline().startswith("Watching ")
    watcher.send_signal(signal.SIGINT)
    out, err = watcher.communicate(timeout=60)
    assert watcher.returncode == 0 and "Stopped watching" in err
    with Hub.open(hub_folder, HUB_PASSPHRASE, wait=0):   # its lock was let go
        pass


def test_the_sync_folder_from_the_command_line_at_enrolment_and_after(tmp_path, capsys, monkeypatch, demo_folder):
    import json

    from desktop.cli import main
    hub = make_hub(tmp_path / "hub")
    enrolment = hub.enrolment_file("IPS", tmp_path / "ips.json")
    hub.close()
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setenv("EADR_PASSPHRASE", "demo")

    def run(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--workspace", str(demo_folder)])
        out, err = capsys.readouterr()
        return code, out, err
    code, _out, err = run("sync", "folder", "set", str(shared))
    assert code == 1 and "has not joined an HR hub" in err   # not joined yet: said, nothing set
    assert run("enrol", "--enrolment", str(enrolment), "--sync-folder", str(shared))[0] == 0
    assert (shared / "IPS").is_dir()
    code, out, _ = run("sync", "folder", "show", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["outbox"] == str(shared / "IPS") and shown["inbox"] == str(shared / "IPS")
    assert shown["reachable"] and shown["state"].startswith("Connected.")
    code, out, _ = run("sync", "folder", "set", str(tmp_path / "drive" / "out"), "--inbox", str(tmp_path / "in"))
    assert code == 0 and "Waiting for the sync folder" in out
    code, out, _ = run("sync", "folder", "show")
    assert out.splitlines()[:2] == [f"Outbox: {tmp_path / 'drive' / 'out'}", f"Inbox: {tmp_path / 'in'}"]
    assert run("sync", "folder", "clear")[0] == 0
    assert run("sync", "folder", "show")[1].startswith("No sync folder set")
