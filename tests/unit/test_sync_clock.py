"""A station PC's clock set back: bundles keep the order they were written and applied in, Home's "HR last
acknowledged" comes from the last bundle applied, and bundle names and CPD imports read the one clock."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from syncing import enrolled_workspace, make_hub

from desktop.domain import clock
from desktop.domain.cpd import CpdEntry
from desktop.domain.staff import Staff
from desktop.store import sync_state
from desktop.sync import station
from desktop.sync.cpd_portable import export_portable, import_portable
from tests.fake_clock import FakeClock

START = datetime(2026, 11, 28, 9, 0)


@pytest.fixture
def hub(tmp_path: Path):
    h = make_hub(tmp_path / "hub")
    yield h
    h.close()


def test_a_clock_set_back_keeps_the_newest_bundle_on_top_and_the_last_acknowledgement(tmp_path, hub,
                                                                                      monkeypatch):
    fake = FakeClock(monkeypatch, START)
    ips = enrolled_workspace(tmp_path, hub, "IPS")
    try:
        first = station.export_bundle(ips, tmp_path / "out")
        assert "-20261128-090000-" in first.name            # the bundle's name carries the one clock's time
        hub.import_file(first)
        fake.advance(hours=1)
        assert station.import_reference(ips, hub.reference_bundle("IPS", tmp_path / "ref1")).outcome == "applied"
        assert sync_state.last_acknowledged_at(ips.db).startswith("2026-11-28T10:00")

        fake.set(START.replace(year=2025))                    # someone "fixes" the PC's date a year back
        ips.staff().add(Staff("00999001", "Siân", "Evans"))
        second = station.export_bundle(ips, tmp_path / "out")
        assert "-20251128-090000-" in second.name
        newest = sync_state.history(ips.db)[0]
        assert newest.direction == "out" and newest.file == str(second)   # listed first though stamped earlier
        hub.import_file(second)
        fake.advance(hours=2)
        assert station.import_reference(ips, hub.reference_bundle("IPS", tmp_path / "ref2")).outcome == "applied"
        history = sync_state.history(ips.db)
        assert [(b.direction, b.at[:13]) for b in history[:2]] == [("in", "2025-11-28T11"), ("out", "2025-11-28T09")]
        # Home's "HR last acknowledged" is the bundle applied last, not the one with the latest stamp.
        assert sync_state.last_acknowledged_at(ips.db).startswith("2025-11-28T11:00")
    finally:
        ips.close()


def test_a_portable_cpd_import_judges_future_dates_by_the_one_clock(workspace, tmp_path, monkeypatch):
    repo = workspace.cpd()
    with workspace.db.atomic():
        [siân] = workspace.staff().insert_many([Staff("90000001", "Siân", "O'Brien", hcpc_number="PA12345")])
    repo.save(CpdEntry(staff_id=siân.id, title="Sepsis study day", start_date=date(2026, 6, 1), hours=7,
                       reflection_what="What"), date(2026, 6, 1))
    path = export_portable(repo, siân, tmp_path / "siân-cpd.zip")
    with workspace.db.atomic():
        [newcomer] = workspace.staff().insert_many([siân.with_changes(id=None, assignment_number="90000002")])
    FakeClock(monkeypatch, datetime(2026, 5, 1, 9, 0))         # the PC thinks it is before the study day
    assert clock.today() == date(2026, 5, 1)
    outcome = import_portable(repo, newcomer, path)
    assert outcome.added == 0 and "in the future" in str(outcome.refused[0]["reason"])
