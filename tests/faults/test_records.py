"""The audit trail and the backups stay true when people share names and clocks go wrong.

Retention with a namesake: deleting a leaver through the CLI rewrites only the entries about that person
(found by their record); a colleague with the same name loses no word. Clock faults: see test_clock below.
"""

from __future__ import annotations

from datetime import date
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
