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


def test_what_a_workspace_takes_from_hrs_roster():
    from desktop.store.sync_state import roster_for

    def row(number: str, owner: str | None, record_id: str = "") -> dict:
        return {"assignment_number": number, "first_name": "Jo", "last_name": number, "workspace_id": owner,
                "id": record_id or f"id-{number}"}

    roster = [row("1", "me"), row("2", "me"), row("3", "colleague"), row("4", "elsewhere"), row("5", "me"),
              row("6", None)]
    # 1 is here already; 5 was deleted here under retention (its id is tombstoned); 2 is mine and missing.
    chosen, colleagues, not_added = roster_for(roster, "me", {"colleague"}, {"1"}, {"id-1", "id-5"})
    assert [(record_id, p["assignment_number"]) for record_id, p in chosen] == [("id-2", "2")]
    assert colleagues == 1 and not_added == ["4 Jo 4", "6 Jo 6"]
    # Alone at the station, people HR moved there (or a roster that names no workspace) are added, new ids.
    chosen, colleagues, not_added = roster_for(roster[3:4] + roster[5:], "me", set(), set(), set())
    assert [p["assignment_number"] for _, p in chosen] == ["4", "6"] and not_added == [] and colleagues == 0
    assert all(record_id not in ("id-4", "id-6") for record_id, _ in chosen)
