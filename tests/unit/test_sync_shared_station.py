"""Several workspaces at one station (issue 13.2): two managers enrolled under the same station code go
through a full round trip, and HR's roster never copies one manager's team into the other's."""

from __future__ import annotations

from pathlib import Path

import pytest
from syncing import AS_OF, disagreements, enrolled_workspace, make_hub

from desktop.hub import reports
from desktop.sync import station


@pytest.fixture
def hub(tmp_path: Path):
    h = make_hub(tmp_path / "hub")
    yield h
    h.close()


def _compliance(hub) -> dict[str, dict]:
    table = reports.compliance(hub, AS_OF)
    return {r[0]: dict(zip(table.headers, r)) for r in table.rows}


def _people(ws) -> set[str]:
    return {r[0] for r in ws.db.execute("SELECT assignment_number FROM staff")}


def test_two_managers_at_one_station_keep_their_own_teams_through_a_round_trip(tmp_path, hub):
    first = enrolled_workspace(tmp_path, hub, "IPS", staff=6, seed=2026)
    second = enrolled_workspace(tmp_path, hub, "IPS", staff=5, seed=7)
    elsewhere = enrolled_workspace(tmp_path, hub, "COL", staff=3, seed=5)
    out = tmp_path / "out"
    try:
        teams = {first.info.workspace_id: _people(first), second.info.workspace_id: _people(second)}
        assert not teams[first.info.workspace_id] & teams[second.info.workspace_id]
        for ws in (first, second, elsewhere):
            assert hub.import_file(station.export_bundle(ws, out)).outcome == "applied"
        before = _compliance(hub)
        assert before["IPS"]["active_staff"] == sum(
            ws.db.execute("SELECT count(*) FROM staff WHERE status = 'active'").fetchone()[0]
            for ws in (first, second))
        # HR moves someone from Colchester to Ipswich: new at the station, but whose team?
        mover = next(s for s in elsewhere.staff().all() if s.status.value == "active")
        hub.store.db.execute("UPDATE staff SET station = 'IPS' WHERE id = ?", [mover.id])
        moved = _compliance(hub)

        reference = hub.reference_bundle("IPS", tmp_path / "ref")      # one file, for both workspaces
        for ws in (first, second):
            outcome = station.import_reference(ws, reference)
            assert outcome.outcome == "applied", outcome.line()
            assert _people(ws) == teams[ws.info.workspace_id], "HR's roster copied people across"
            assert "0 staff added" in outcome.detail
            assert "people in other managers' workspaces at this station left to them" in outcome.detail
            assert "1 new at the station but not added" in outcome.detail and mover.assignment_number \
                in outcome.detail
        for ws in (first, second):
            result = hub.import_file(station.export_bundle(ws, out))
            assert result.outcome == "applied" and result.conflicts == 0, result.line()
            assert disagreements(ws, hub) == []
        assert hub.store.conflicts() == []
        after = _compliance(hub)
        assert after == moved
        assert after["IPS"]["active_staff"] == before["IPS"]["active_staff"] + 1      # the mover, once
        assert hub.store.db.execute("SELECT count(*) FROM staff WHERE station = 'IPS'").fetchone()[0] == \
            sum(len(t) for t in teams.values()) + 1
    finally:
        for ws in (first, second, elsewhere):
            ws.close()


def test_a_workspace_alone_at_its_station_still_takes_people_hr_moves_there(tmp_path, hub):
    ips = enrolled_workspace(tmp_path, hub, "IPS", staff=4, seed=2026)
    col = enrolled_workspace(tmp_path, hub, "COL", staff=3, seed=5)
    out = tmp_path / "out"
    try:
        for ws in (ips, col):
            assert hub.import_file(station.export_bundle(ws, out)).outcome == "applied"
        mover = next(s for s in col.staff().all() if s.status.value == "active")
        hub.store.db.execute("UPDATE staff SET station = 'IPS' WHERE id = ?", [mover.id])
        outcome = station.import_reference(ips, hub.reference_bundle("IPS", tmp_path / "ref"))
        assert outcome.outcome == "applied" and "1 staff added" in outcome.detail
        added = ips.staff().by_assignment(mover.assignment_number)
        assert added is not None and added.id != mover.id      # a new record here; HR flags the move
    finally:
        ips.close()
        col.close()
