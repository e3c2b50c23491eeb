"""HR sees that 360 rounds took place (dates, counts per group) and, trust-wide, dimension averages by role
group only where at least 10 leaders contribute; never a rating, comment or anything per rater."""

from __future__ import annotations

import json
from datetime import timedelta

from syncing import enrolled_workspace, make_hub, round_trip

import pytest

from desktop.domain import clock
from desktop.domain.leadership import HUB_MIN_CONTRIBUTORS, RaterGroup, Response
from desktop.domain.staff import Role, Staff
from desktop.hub import reports
from desktop.security.feedback360 import Feedback360, open_session
from desktop.sync import station

SECRET = "Talks over people in the morning huddle"


def _round(ws, leader, peer_score: int, close: bool = True) -> str:
    service = Feedback360(ws.folder, ws.leadership())
    round_id, invitations = service.open_round(leader.id, leader.display_name, leader.job_title,
                                               ws.profile().values, clock.today() + timedelta(days=7),
                                               {RaterGroup.SELF: 1, RaterGroup.PEER: 3, RaterGroup.OTHER: 1})
    for invitation in invitations:
        session = open_session(ws.folder, invitation.code)
        score = {RaterGroup.SELF: 5, RaterGroup.PEER: peer_score, RaterGroup.OTHER: 1}[invitation.group]
        session.submit(Response(session.group, {i.key: score for i in session.items}, {"less": SECRET}))
    if close:
        service.close_round(round_id)
    return round_id


def _leaders(ws, count: int) -> list[Staff]:
    repo = ws.staff()
    return [repo.add(Staff(f"9{n:07d}", "Lead", f"Number {n}", job_title="Clinical Team Leader",
                           role=Role.MANAGER)) for n in range(count)]


@pytest.mark.slow
def test_bundles_carry_that_a_round_took_place_and_the_hub_reports_only_large_groups(tmp_path):
    hub = make_hub(tmp_path / "hub")
    ws = enrolled_workspace(tmp_path, hub, "IPS")
    try:
        leaders = _leaders(ws, HUB_MIN_CONTRIBUTORS)
        open_id = _round(ws, leaders[0], 4, close=False)
        for n, leader in enumerate(leaders[1:]):
            _round(ws, leader, 3 + n % 2)
        path = station.export_bundle(ws, tmp_path / "out")
        assert hub.import_file(path).outcome == "applied"
        db = hub.store.db
        rows = db.execute("SELECT f.id, f.opened_on, f.closed_on, f.invited, f.responses, r.dimension_means "
                          "FROM feedback_rounds f LEFT JOIN feedback_results r ON r.round_id = f.id").fetchall()
        assert len(rows) == HUB_MIN_CONTRIBUTORS
        held = {r[0]: r for r in rows}
        assert held[open_id][2] is None and held[open_id][4] is None and held[open_id][5] is None
        closed = next(r for r in rows if r[0] != open_id)
        assert json.loads(closed[4]) == {"self": 1, "line_manager": 0, "peer": 3, "direct_report": 0, "other": 1}
        # Until the station has the results back, HR holds the merged (shuffled, unattributed) comments to
        # return; once the station's next bundle says they arrived, only the dimension means stay.
        round_trip(ws, hub, tmp_path / "back")
        round_trip(ws, hub, tmp_path / "confirm")
    finally:
        ws.close()
    summary = json.loads(closed[5])
    assert summary["raters"] == 3 and set(summary["means"]) == {
        "inspiring_shared_purpose", "leading_with_care", "evaluating_information", "connecting_our_service",
        "sharing_the_vision", "engaging_the_team", "holding_to_account", "developing_capability",
        "influencing_for_results"}
    # Nothing of anyone's answers reached HR: no comment, no self rating, no lone "other" rater's 1s.
    everything = repr([db.execute(f"SELECT * FROM [{t}]").fetchall() for (t,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()])
    assert SECRET not in everything and "tally" not in everything
    assert all(v in (3.0, 4.0) for r in rows if r[5] for v in json.loads(r[5])["means"].values())

    # Nine closed rounds of managers: fewer than 10 contribute, so no average is shown.
    table = reports.leadership(hub, clock.today())
    manager_rows = [r for r in table.as_dicts() if r["role_group"] == "manager"]
    assert manager_rows[0]["leaders_with_360"] == HUB_MIN_CONTRIBUTORS
    assert all(r["average"] is None and "fewer than 10" in r["note"] for r in manager_rows)
    hub.close()


@pytest.mark.slow
def test_ten_contributing_leaders_give_an_average(tmp_path):
    hub = make_hub(tmp_path / "hub")
    ws = enrolled_workspace(tmp_path, hub, "IPS")
    try:
        for n, leader in enumerate(_leaders(ws, HUB_MIN_CONTRIBUTORS)):
            _round(ws, leader, 3 + n % 2)
        path = station.export_bundle(ws, tmp_path / "out")
    finally:
        ws.close()
    assert "merged for 10 rounds" in hub.import_file(path).line()
    table = reports.build(hub, "leadership", clock.today())
    row = next(r for r in table.as_dicts() if r["role_group"] == "manager" and r["dimension"] == "Leading with care")
    assert row["leaders_contributing"] == HUB_MIN_CONTRIBUTORS and row["average"] == 3.5
    assert next(r for r in table.as_dicts() if r["role_group"] == "ALL")["leaders_with_360"] >= 10
    hub.close()
