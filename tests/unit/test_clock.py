"""A shared PC's clock goes wrong: backups, sequences and timestamps do not depend on it moving forward, and
the app and the CLI say when it reads earlier than the workspace has already seen."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from desktop.cli import main
from desktop.domain import clock
from desktop.domain.staff import Staff
from desktop.security.unlock import unlock_workspace
from desktop.store import audit
from desktop.store.backups import KEEP_NEWEST, latest_good, list_backups
from tests.conftest import PASSPHRASE
from tests.fake_clock import FakeClock

START = datetime(2026, 11, 28, 9, 0)
WARNING = ("The PC's clock says 28/11/2025, earlier than this workspace's last use on 28/11/2026; "
           "check the date and time")


def test_the_warning_says_both_dates_and_allows_a_day():
    seen = datetime(2026, 11, 28, 9, 0).astimezone()
    assert clock.clock_warning(seen, seen.replace(year=2025)) == WARNING
    assert clock.clock_warning(seen, seen - timedelta(hours=23)) is None   # time zones, a PC a few hours out
    assert clock.clock_warning(seen, seen + timedelta(days=400)) is None   # forward is not "earlier"
    assert clock.clock_warning(None, seen) is None


def test_timestamps_and_today_come_from_the_one_clock(workspace, monkeypatch):
    fake = FakeClock(monkeypatch, START.replace(year=2031))
    workspace.staff().add(Staff("00123456", "Siân", "Evans"))
    assert audit.entries(workspace.db, limit=1)[0].at.startswith("2031-11-28T09:00:00")
    assert clock.today() == date(2031, 11, 28)
    fake.set(START)
    assert workspace.clock_warning() == ("The PC's clock says 28/11/2026, earlier than this workspace's last use "
                                         "on 28/11/2031; check the date and time")


def _take(ws, fake: FakeClock, days: int, taken: list) -> None:
    """One automatic backup a day (each after an edit), checking after each that the newest are all kept."""
    for _ in range(days):
        ws.staff().add(Staff(f"{len(taken) + 10_000_000}", "Siân", "Evans"))
        taken.append(ws.take_backup("auto"))
        there = [b.path for b in list_backups(ws.folder)]
        assert there[0] == taken[-1], "the backup just taken is not listed as the newest"
        assert set(taken[-KEEP_NEWEST:]) <= set(there), "rotation deleted one of the newest backups"
        fake.advance(days=1)


def test_clock_set_back_a_year_never_rotates_away_the_newest_backups(workspace, monkeypatch):
    fake = FakeClock(monkeypatch, START)
    taken: list = []
    _take(workspace, fake, 40, taken)
    fake.set(START.replace(year=2025))
    _take(workspace, fake, 20, taken)
    kept = list_backups(workspace.folder)
    since_back = [b for b in kept if b.taken_at.year == 2025]
    assert len(since_back) >= 12, "the days since the clock went back were not kept as days of their own"
    assert latest_good(workspace.folder, workspace.database_key).path == taken[-1]
    assert workspace.clock_warning() is not None


def test_clock_forward_then_back(workspace, monkeypatch):
    fake = FakeClock(monkeypatch, START)
    taken: list = []
    _take(workspace, fake, 5, taken)
    fake.set(START.replace(year=2027))
    _take(workspace, fake, 1, taken)
    fake.set(START + timedelta(days=5))
    _take(workspace, fake, 15, taken)
    assert list_backups(workspace.folder)[0].path == taken[-1]
    assert {b.path for b in list_backups(workspace.folder)} >= set(taken[-12:])
    assert workspace.clock_warning().startswith("The PC's clock says 18/12/2026, earlier than this workspace's "
                                                 "last use on 28/11/2027")


def test_the_cli_warns_on_stderr_and_still_works(tmp_path, monkeypatch, capsys):
    from desktop.security.unlock import create_workspace
    from tests.conftest import FAST
    fake = FakeClock(monkeypatch, START)
    create_workspace(tmp_path / "ws", PASSPHRASE, "Ipswich", "Jo Taylor", params=FAST).close()
    monkeypatch.setenv("EADR_PASSPHRASE", PASSPHRASE)
    assert main(["staff", "list", "--workspace", str(tmp_path / "ws")]) == 0
    assert capsys.readouterr().err == ""
    fake.set(START.replace(year=2025))
    assert main(["backup", "create", "--workspace", str(tmp_path / "ws")]) == 0
    out, err = capsys.readouterr()
    assert err == f"{tmp_path / 'ws'}: warning: {WARNING}\n"
    assert out.strip() == str(list_backups(tmp_path / "ws")[0].path)
    with unlock_workspace(tmp_path / "ws", PASSPHRASE) as ws:   # the work went ahead, stamped as the PC says
        assert audit.entries(ws.db, limit=1)[0].at.startswith("2025-11-28")


def test_due_dates_default_to_the_clock(demo_folder, monkeypatch):
    from desktop.documents.printing import due_within
    fake = FakeClock(monkeypatch, datetime(2026, 11, 23, 9, 0))
    with unlock_workspace(demo_folder, "demo") as ws:
        now_due = {p.id for p in due_within(ws, 4)}
        assert now_due == {p.id for p in due_within(ws, 4, today=date(2026, 11, 23))}
        fake.set(datetime(2027, 11, 23, 9, 0))
        later = {p.id for p in due_within(ws, 4)}
        assert later == {p.id for p in due_within(ws, 4, today=date(2027, 11, 23))} and later != now_due


@pytest.mark.parametrize("jump", [timedelta(days=-365), timedelta(days=365)])
def test_bundle_sequences_keep_counting_whatever_the_clock(tmp_path, monkeypatch, jump):
    from syncing import enrolled_workspace, make_hub

    from desktop.store import sync_state
    from desktop.sync import station
    fake = FakeClock(monkeypatch, START)
    hub = make_hub(tmp_path / "hub")
    ws = enrolled_workspace(tmp_path, hub, "IPS", staff=4)
    try:
        first = station.export_bundle(ws, tmp_path / "out")
        assert hub.import_file(first).outcome == "applied"
        fake.advance(days=jump.days)
        ws.staff().add(Staff("00999999", "Łukasz", "Nowak"))
        second = station.export_bundle(ws, tmp_path / "out")
        fake.set(START + timedelta(hours=1))
        ws.staff().add(Staff("00888888", "Nguyễn", "Lan"))
        third = station.export_bundle(ws, tmp_path / "out")
        assert [hub.import_file(p).outcome for p in (second, third)] == ["applied", "applied"]
        assert sync_state.last_bundle_seq(ws.db) == 3
        held = {r[0] for r in hub.store.db.execute("SELECT assignment_number FROM staff")}
        assert {"00999999", "00888888"} <= held
    finally:
        ws.close()
        hub.close()
