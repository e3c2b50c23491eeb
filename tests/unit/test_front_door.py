"""The store's two front doors (issue 18): the UI asks `Workspace` (station) and `Hub` (HR) and nothing
behind them. These check that what the pages and the hub window ask of them gives the store's own answers,
and that the hub's rule about evidence conflicts lives behind the door, not in a window."""

from __future__ import annotations

from datetime import date

import pytest
from syncing import AS_OF, enrolled_workspace, make_hub

from desktop.domain.staff import Staff
from desktop.hub import reports
from desktop.hub.service import HubError, keep_refused
from desktop.store import audit, retention, sync_state
from desktop.store.team import team_facts
from desktop.sync import station


@pytest.fixture
def hub(tmp_path):
    h = make_hub(tmp_path / "hub")
    yield h
    h.close()


def test_the_hub_window_gets_reports_and_import_figures_from_the_hub(tmp_path, hub):
    ws = enrolled_workspace(tmp_path, hub, "IPS", staff=5, seed=3)
    hub.import_file(station.export_bundle(ws, tmp_path / "out"))
    ws.close()
    assert hub.report("compliance", AS_OF) == reports.compliance(hub, AS_OF)
    assert hub.report("dip", AS_OF, seed=7, per_station=2) == reports.dip_sample(hub, AS_OF, 7, 2)
    assert [code for code, _ in hub.stations()] == ["IPS"] and len(hub.workspaces()) == 1
    assert [b["station"] for b in hub.bundles()] == ["IPS"]
    assert hub.conflicts() == [] and hub.quarantined() == []


def test_a_conflict_is_resolved_once_through_the_hub_and_an_evidence_file_only_as_held(tmp_path, hub):
    ips = enrolled_workspace(tmp_path, hub, "IPS", staff=4, seed=1)
    col = enrolled_workspace(tmp_path, hub, "COL", staff=3, seed=2)
    moved = ips.db.execute("SELECT assignment_number FROM staff LIMIT 1").fetchone()[0]
    col.db.execute("UPDATE staff SET assignment_number = ? WHERE rowid = 1", [moved])   # the same person at COL
    for ws in (ips, col):
        hub.import_file(station.export_bundle(ws, tmp_path / "out"))
        ws.close()
    [conflict] = hub.conflicts()
    assert hub.resolve_conflict(conflict["id"], "other")["other_station"] == "COL"
    assert hub.conflicts() == []
    with pytest.raises(HubError, match=f"no open conflict {conflict['id']}"):
        hub.resolve_conflict(conflict["id"], "held")            # resolved already: said, and nothing changes
    hub.store.add_conflict("cpd_evidence", "ev-1", ("ev-1", "IPS"), ("ev-1", "COL", "ws-col"), "bundle-x")
    [evidence] = hub.conflicts()
    with pytest.raises(HubError, match="keep the version held"):
        hub.resolve_conflict(evidence["id"], "other")
    assert hub.conflicts() == [evidence]                        # still open
    assert keep_refused("cpd_evidence", "held") is None and keep_refused("staff", "other") is None
    hub.resolve_conflict(evidence["id"], "held")
    assert hub.conflicts() == []


def test_what_the_pages_ask_the_workspace_is_the_stores_answer(workspace):
    person = workspace.staff().add(Staff("12345678", "Ffion", "Jones"))
    today = date(2026, 11, 23)
    assert workspace.team_facts([person], today) == team_facts(workspace, [person], today)
    assert workspace.home_summary([person], workspace.team_facts([person], today), today).glance is not None
    assert workspace.team_learning(today).active_staff == 1
    workspace.record_audit("print", "staff", person.id, "Printed: 360 feedback report")
    assert workspace.audit_entries(limit=1) == audit.entries(workspace.db, limit=1)
    assert workspace.audit_entries(limit=1)[0].summary == "Printed: 360 feedback report"
    assert workspace.bundles_waiting() == sync_state.waiting(workspace.db)
    assert workspace.bundle_outbox() == [] and workspace.bundle_history() == []
    assert not workspace.resending_after_restore()
    workspace.set_retention_years(retention.retention_years(workspace.db) + 1)
    assert workspace.retention_years() == retention.retention_years(workspace.db)
    held = len(workspace.backups())
    workspace.take_backup()
    assert len(workspace.backups()) == held + 1


def test_a_failed_autosave_names_the_workspace_folder_from_its_repository(workspace):
    """The EADR page holds a repository, not the workspace; its disk-full message names the folder."""
    assert workspace.conversations().folder().resolve() == workspace.folder.resolve()
