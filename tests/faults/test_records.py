"""The audit trail, the backups and HR's spreadsheets stay true when people share names and clocks go wrong.

Retention with a namesake: deleting a leaver through the CLI rewrites only the entries about that person
(found by their record); a colleague with the same name loses no word. Clock faults: daily backups while the
PC's date jumps back a year (or forward and back), then the backup offered as the latest good one is
restored: every record edited and backed up since must survive, and the newest backups must still be there.
The .xlsx report: every assignment number and accented name a station sent reads back exactly.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from desktop.domain.staff import Staff, StaffStatus
from tests.faults.harness import FAST, integrity, run_cli


def _station_with_namesakes(folder: Path) -> None:
    from desktop.security.unlock import create_workspace
    from desktop.store import audit
    with create_workspace(folder, "demo", "Ipswich Ambulance Station", "Jo Taylor", params=FAST) as ws:
        repo = ws.staff()
        people = [repo.add(Staff("00123456", "Ann", "Lee", status=StaffStatus.LEAVER,
                                 leaving_date=date(2018, 6, 30))),
                  repo.add(Staff("00999999", "Ann", "Lee")), repo.add(Staff("00555555", "Ann", "Leeds")),
                  repo.add(Staff("00777777", "Mary-Ann", "Lee"))]
        for person in people:
            repo.update(person.with_changes(email=f"{person.assignment_number}@nhs.net"))
        with ws.db.atomic():
            for person in people:   # an older entry without a staff id
                audit.record(ws.db, "Jo Taylor", "print", "document", None,
                             f"Printed: HCPC CPD profile for {person.display_name} ({person.assignment_number})")


def _audit(folder: Path) -> dict[str, tuple[str | None, str]]:
    from desktop.store.database import connect_encrypted
    from tests.faults.harness import key_for
    conn = connect_encrypted(folder / "eadr.db", key_for(folder))
    try:
        return {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, staff_id, summary FROM audit_log")}
    finally:
        conn.close()


def test_retention_with_a_namesake(tmp_path, faults):
    ws = tmp_path / "ws"
    _station_with_namesakes(ws)
    before = _audit(ws)
    gone = {entry_id for entry_id, (_staff, text) in before.items() if "(00123456)" in text}
    gone_staff = {before[e][0] for e in gone} - {None}
    theirs = {e for e, (staff, _text) in before.items() if staff in gone_staff} | gone

    done = run_cli(tmp_path, "retention", "delete", "--staff", "00123456", "--workspace", ws)
    after = _audit(ws) if done.returncode == 0 else {}
    changed = [e for e, (_staff, text) in before.items() if e not in theirs and after.get(e, (0, ""))[1] != text]
    faults.tried("retention with a namesake", len(changed))

    assert done.returncode == 0, done.stderr
    assert changed == [] and integrity(ws) == "ok"
    assert len(theirs) == 3 and all("Ann Lee" not in after[e][1] and "00123456" in after[e][1] for e in theirs)
    assert sum("Ann Lee (00999999)" in text for _staff, text in after.values()) == 3
    assert sum("Mary-Ann Lee (00777777)" in text for _staff, text in after.values()) == 3


# --- clocks: backups taken while the PC's date jumps, then the latest good backup restored --------------

def _daily_backups(ws, fake, days: int, taken: list[Path]) -> None:
    """An edit and an automatic backup each day, as the app's timer and closing make them."""
    for _ in range(days):
        ws.staff().add(Staff(f"{20_000_000 + len(taken)}", "Siân", f"Evans {len(taken)}"))
        taken.append(ws.take_backup("auto"))
        fake.advance(days=1)


def _restore_latest(tmp_path: Path, ws: Path, taken: list[Path]) -> tuple[int, str]:
    """Records lost by restoring the backup the app and CLI offer as the latest good one (an edit made and
    backed up since the clock jumped would be lost if an older backup looked newer), plus any of the newest
    three backups rotated away."""
    from desktop.store.backups import KEEP_NEWEST, latest_good
    from tests.faults.harness import key_for, lost, snapshot
    before = snapshot(ws)
    good = latest_good(ws, key_for(ws))
    done = run_cli(tmp_path, "backup", "restore", good.path if good else "none", "--workspace", ws)
    after = snapshot(ws) if done.returncode == 0 else {}
    return lost(before, after) + sum(not p.exists() for p in taken[-KEEP_NEWEST:]), done.stderr


def _workspace(folder: Path):
    from desktop.security.unlock import create_workspace
    return create_workspace(folder, "demo", "Ipswich Ambulance Station", "Jo Taylor", params=FAST)


def test_clock_back_a_year_during_backups(tmp_path, faults, monkeypatch):
    from desktop.domain import clock
    from tests.fake_clock import FakeClock
    real = clock.now()
    fake = FakeClock(monkeypatch, real - timedelta(days=30))
    taken: list[Path] = []
    with _workspace(tmp_path / "ws") as ws:
        _daily_backups(ws, fake, 30, taken)
        fake.set(fake.at.replace(year=fake.at.year - 1))
        _daily_backups(ws, fake, 14, taken)
    count, err = _restore_latest(tmp_path, tmp_path / "ws", taken)
    faults.tried("clock back a year during backups", count)
    assert count == 0, err
    assert integrity(tmp_path / "ws") == "ok"


def test_clock_forward_then_back(tmp_path, faults, monkeypatch):
    from desktop.domain import clock
    from tests.fake_clock import FakeClock
    real = clock.now()
    fake = FakeClock(monkeypatch, real - timedelta(days=20))
    taken: list[Path] = []
    with _workspace(tmp_path / "ws") as ws:
        _daily_backups(ws, fake, 5, taken)
        fake.set(real + timedelta(days=365))
        _daily_backups(ws, fake, 2, taken)
        fake.set(real - timedelta(days=14))
        _daily_backups(ws, fake, 13, taken)
    count, err = _restore_latest(tmp_path, tmp_path / "ws", taken)
    monkeypatch.undo()
    listed = run_cli(tmp_path, "staff", "list", "--workspace", tmp_path / "ws")   # the PC's real clock now
    faults.tried("clock forward then back", count)
    assert count == 0, err
    assert listed.returncode == 0 and "Evans 19" in listed.stdout
    assert listed.stderr == (f"{tmp_path / 'ws'}: warning: The PC's clock says {real:%d/%m/%Y}, earlier than this "
                             f"workspace's last use on {real + timedelta(days=366):%d/%m/%Y}; check the date "
                             "and time\n")


# --- HR's .xlsx: what the station sent is what HR's spreadsheet shows ---------------------------------------

def test_hub_report_as_xlsx_keeps_leading_zeros_accents_and_text(tmp_path, faults):
    import openpyxl

    from tests.unit.syncing import HUB_PASSPHRASE, enrolled_workspace, make_hub
    hub = make_hub(tmp_path / "hub")
    ws = enrolled_workspace(tmp_path, hub, "IPS", staff=6)
    from desktop.sync import station
    sent: dict[str, str] = {}
    try:
        signed = [r[0] for r in ws.db.execute("SELECT DISTINCT staff_id FROM conversations "
                                              "WHERE kind = 'eadr' AND status = 'signed_off'")]
        repo = ws.staff()
        names = [("Siân", "O'Brien"), ("Łukasz", "Nowak"), ("Nguyễn", "Thị Lan"), ("Zoë", "Ní Bhriain")]
        for i, (staff_id, (first, last)) in enumerate(zip(signed, names, strict=False)):
            number = f"{i:08d}"
            repo.update(repo.get(staff_id).with_changes(assignment_number=number, first_name=first, last_name=last,
                                                        preferred_name=""))
            sent[number] = f"{first} {last}"
        hub.import_file(station.export_bundle(ws, tmp_path / "out"))
    finally:
        ws.close()
        hub.close()
    out = tmp_path / "esr.xlsx"
    done = run_cli(tmp_path, "hub", "report", "esr", "--hub", tmp_path / "hub", "--out", out,
                   passphrase=HUB_PASSPHRASE)
    shown: dict[str, str] = {}
    if done.returncode == 0:
        sheet = openpyxl.load_workbook(out).active
        for row in sheet.iter_rows(min_row=2, values_only=True):
            shown[row[0]] = row[2]
    faults.tried("hub report as .xlsx (leading zeros, accents)", sum(shown.get(n) != name for n, name in sent.items()))
    assert done.returncode == 0, done.stderr
    assert {n: shown.get(n) for n in sent} == sent and len(sent) == 4
