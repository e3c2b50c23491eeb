"""A restore never hides later edits from HR (issue 13.1): each restore starts a new sync epoch that the
bundles declare, the hub orders records by (epoch, change_seq), and the first bundle of the new epoch
carries everything, so HR ends up holding exactly what the station holds."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from syncing import AS_OF, disagreements, enrolled_workspace, hub_mentions, make_hub

from desktop.domain.cpd import CpdEntry
from desktop.domain.staff import Staff
from desktop.hub import reports
from desktop.security.keyfile import read_key_file, unwrap_key
from desktop.security.unlock import restore_and_unlock
from desktop.store import sync_state
from desktop.store.info import DEMO_PASSPHRASE, KEY_FILE
from desktop.store.workspace import Workspace
from desktop.sync import station


@pytest.fixture
def hub(tmp_path: Path):
    h = make_hub(tmp_path / "hub")
    yield h
    h.close()


def _key(folder: Path) -> bytes:
    return unwrap_key(read_key_file(folder / KEY_FILE), DEMO_PASSPHRASE)


def _station_figures(ws: Workspace) -> tuple[int, int]:
    """(active staff, active staff with an EADR signed in the 12 months to AS_OF), from the station's own data."""
    active = ws.db.execute("SELECT count(*) FROM staff WHERE status = 'active'").fetchone()[0]
    appraised = ws.db.execute(
        "SELECT count(DISTINCT c.staff_id) FROM conversations c JOIN staff s ON s.id = c.staff_id WHERE "
        "s.status = 'active' AND c.kind = 'eadr' AND c.status = 'signed_off' AND "
        "coalesce(c.manager_signed_on, c.staff_signed_on) > '2025-11-23' AND "
        "coalesce(c.manager_signed_on, c.staff_signed_on) <= '2026-11-23'").fetchone()[0]
    return active, appraised


def _hub_figures(hub, station_code: str) -> tuple[int, int]:
    table = reports.compliance(hub, AS_OF)
    row = next(dict(zip(table.headers, r)) for r in table.rows if r[0] == station_code)
    return row["active_staff"], row["appraised_12m"]


def test_edits_after_a_restore_reach_hr_and_hr_matches_the_station(tmp_path, hub):
    ws = enrolled_workspace(tmp_path, hub, "IPS")
    folder, key, out = ws.folder, _key(ws.folder), tmp_path / "out"
    try:
        assert hub.import_file(station.export_bundle(ws, out)).outcome == "applied"
        backup = ws.take_backup("manual")
        first, second = sorted(ws.staff().all(), key=lambda s: s.assignment_number)[:2]
        # After the backup: an edit and a new person, both sent to HR and acknowledged.
        for n in range(20):
            ws.staff().update(replace(first, job_title=f"Paramedic Team Leader ({n})"))
        newcomer = ws.staff().add(Staff("99000001", "Ada", "Lovelace", job_title="Paramedic"))
        assert hub.import_file(station.export_bundle(ws, out)).outcome == "applied"
        assert station.import_reference(ws, hub.reference_bundle("IPS", tmp_path / "ref")).outcome == "applied"
        lost_stick = station.export_bundle(ws, tmp_path / "stick")       # written, never imported (yet)

        ws.close_and_restore(backup)                                       # the app's restore
        ws = Workspace.open(folder, key)
        assert sync_state.epoch(ws.db)[1] == 1 and sync_state.acknowledged_seq(ws.db) == 0
        assert sync_state.outbox(ws.db) == []
        # Edits after the restore: their change numbers are below those HR saw before it.
        ws.staff().update(replace(second, email="second@nhs.example"))
        ws.staff().update(replace(first, preferred_name="Sam"))
        talk = ws.conversations().start(second.id)
        ws.conversations().save(talk.with_changes(summary="Agreed a plan", private_notes="PRIVATE-AFTER-RESTORE"))
        cpd = ws.cpd().save(CpdEntry(staff_id=second.id, title="Sepsis study day", start_date=date(2026, 11, 20),
                                     hours=6.0), AS_OF)
        hub_seq = hub.store.db.execute("SELECT change_seq FROM staff WHERE id = ?", [first.id]).fetchone()[0]
        assert ws.staff().get(first.id).change_seq < hub_seq      # what the old change_seq guard dropped

        bundle = station.export_bundle(ws, out)
        assert "-e1-000001-" in bundle.name
        result = hub.import_file(bundle)
        assert result.outcome == "applied", result.line()
        assert result.restored_epoch == 1 and "restored a backup" in result.line()
        assert disagreements(ws, hub) == []
        held = dict(hub.store.db.execute("SELECT id, preferred_name || '|' || job_title || '|' || email FROM staff"))
        assert held[first.id] == f"Sam|{first.job_title}|{first.email}"
        assert held[second.id].endswith("|second@nhs.example")
        assert hub.store.has_record("cpd_entries", cpd.id, ws.info.workspace_id)
        assert hub.store.has_record("conversations", talk.id, ws.info.workspace_id)
        assert hub_mentions(hub, "PRIVATE-AFTER-RESTORE") == [] and hub_mentions(hub, "Agreed a plan")
        # What the restore took away is out of HR's figures, but kept aside with the reason.
        assert newcomer.id not in held
        aside = {(q["record_id"], q["reason"].split(":")[0]) for q in hub.store.quarantined()}
        assert (newcomer.id, "withdrawn") in aside and (first.id, "replaced") in aside
        assert _hub_figures(hub, "IPS") == _station_figures(ws)

        # The bundle written before the restore turns up later: refused, nothing changes.
        late = hub.import_file(lost_stick)
        assert late.outcome == "rejected" and "before IPS restored a backup" in late.reason
        assert disagreements(ws, hub) == []

        # HR's acknowledgement now counts in the new epoch, and later edits keep flowing.
        assert station.import_reference(ws, hub.reference_bundle("IPS", tmp_path / "ref")).outcome == "applied"
        assert sync_state.acknowledged_seq(ws.db) > 0
        ws.staff().update(replace(ws.staff().get(second.id), job_title="Specialist Paramedic"))
        assert hub.import_file(station.export_bundle(ws, out)).outcome == "applied"
        assert disagreements(ws, hub) == []
        assert _hub_figures(hub, "IPS") == _station_figures(ws)
    finally:
        ws.close()


def test_restoring_the_same_backup_twice_starts_two_epochs(tmp_path, hub):
    """The command line's restore (restore_and_unlock) bumps the epoch past the database it replaces."""
    ws = enrolled_workspace(tmp_path, hub, "IPS")
    folder, out = ws.folder, tmp_path / "out"
    backup = ws.take_backup("manual")
    person = ws.staff().all()[0]
    try:
        for number, title in ((1, "Paramedic A"), (2, "Paramedic B")):
            ws.staff().update(replace(ws.staff().get(person.id), job_title=f"before restore {number}"))
            assert hub.import_file(station.export_bundle(ws, out)).outcome == "applied"
            ws.close()
            ws, _ = restore_and_unlock(folder, DEMO_PASSPHRASE, backup)
            assert sync_state.epoch(ws.db)[1] == number
            ws.staff().update(replace(ws.staff().get(person.id), job_title=title))
            result = hub.import_file(station.export_bundle(ws, out))
            assert result.outcome == "applied", result.line()
            assert disagreements(ws, hub) == []
        assert hub.store.db.execute("SELECT job_title FROM staff WHERE id = ?", [person.id]).fetchone()[0] \
            == "Paramedic B"
    finally:
        ws.close()


def test_two_copies_claiming_one_epoch_are_refused_then_healed_by_the_next_reference(tmp_path, hub):
    """A copy of the workspace folder restored separately claims the same epoch number: HR refuses it
    with a reason, and the next reference bundle moves that copy to a newer epoch, which HR accepts."""
    ws = enrolled_workspace(tmp_path, hub, "IPS")
    folder, key, out = ws.folder, _key(ws.folder), tmp_path / "out"
    backup = ws.take_backup("manual")
    ws.close()
    copy = tmp_path / "copy-of-workspace"
    shutil.copytree(folder, copy)
    a, _ = restore_and_unlock(folder, DEMO_PASSPHRASE, backup)
    b, _ = restore_and_unlock(copy, DEMO_PASSPHRASE, copy / "backups" / backup.name)
    try:
        assert sync_state.epoch(a.db)[1] == sync_state.epoch(b.db)[1] == 1
        assert sync_state.epoch(a.db)[0] != sync_state.epoch(b.db)[0]
        assert hub.import_file(station.export_bundle(a, out)).outcome == "applied"
        person = b.staff().all()[0]
        b.staff().update(replace(person, job_title="Changed in the copy"))
        refused = hub.import_file(station.export_bundle(b, out))
        assert refused.outcome == "rejected" and "different epoch 1" in refused.reason
        outcome = station.import_reference(b, hub.reference_bundle("IPS", tmp_path / "ref"))
        assert outcome.outcome == "applied" and "sync epoch 2 started" in outcome.detail
        result = hub.import_file(station.export_bundle(b, out))
        assert result.outcome == "applied", result.line()
        assert disagreements(b, hub) == []
    finally:
        a.close()
        b.close()
    assert key


def test_the_hub_still_reads_format_1_bundles_as_epoch_0(tmp_path, hub):
    ws = enrolled_workspace(tmp_path, hub, "IPS")
    try:
        prepared = station.prepare_export(ws)
        prepared.manifest["format_version"] = 1
        del prepared.manifest["epoch"]
        path = station.seal_export(prepared, tmp_path / "out")
        station.finish_export(ws, prepared, path)
        result = hub.import_file(path)
        assert result.outcome == "applied", result.line()
        pinned = hub.store.workspace(ws.info.workspace_id)
        assert (pinned.epoch, pinned.epoch_id, pinned.last_sequence) == (0, "", 1)
        ws.staff().update(replace(ws.staff().all()[0], job_title="Paramedic Practitioner"))
        assert hub.import_file(station.export_bundle(ws, tmp_path / "out")).outcome == "applied"
        assert disagreements(ws, hub) == []
    finally:
        ws.close()
