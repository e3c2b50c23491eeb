"""Retention of leavers' records: the rule, the review list, and a deletion that removes everything of the
person's, leaves tombstones and an audit entry without their name, and touches nothing else."""

from datetime import date

import pytest

from desktop.domain.retention import (
    NotPastRetention, RetentionPeriodInvalid, check_deletable, past_retention, retention_ends,
)
from desktop.domain.staff import Staff, StaffStatus
from desktop.security.unlock import unlock_workspace
from desktop.store.audit import entries
from desktop.store.retention import (
    RetentionError, delete_person, past_retention_list, records_of, retention_years, set_retention_years,
)
from tests.conftest import AS_OF

OWNED = ("conversations", "objectives", "development_items", "cpd_entries", "cpd_evidence",
         "cpd_development_links", "training_records", "cpd_profiles")


def test_rule_six_years_after_leaving_and_never_before():
    leaver = Staff("12345678", "Siân", "Evans", status=StaffStatus.LEAVER, leaving_date=date(2019, 3, 31))
    assert retention_ends(date(2019, 3, 31), 6) == date(2025, 3, 31)
    assert retention_ends(date(2020, 2, 29), 6) == date(2026, 2, 28)
    assert past_retention(leaver, 6, date(2025, 3, 30)) is None
    assert past_retention(leaver, 6, date(2025, 3, 31)).since == date(2025, 3, 31)
    assert "31/03/2025" in past_retention(leaver, 6, date(2026, 1, 1)).describe()
    with pytest.raises(NotPastRetention, match="kept until 31/03/2025"):
        check_deletable(leaver, 6, date(2025, 3, 30))
    with pytest.raises(NotPastRetention, match="not a leaver"):
        check_deletable(Staff("1", "A", "B"), 6, date(2099, 1, 1))
    with pytest.raises(NotPastRetention, match="no leaving date"):
        check_deletable(Staff("1", "A", "B", status=StaffStatus.LEAVER), 6, date(2099, 1, 1))


@pytest.fixture
def station(demo_folder):
    """The demo with two leavers: one who left in 2018 (past retention) and one in 2022 (not yet)."""
    ws = unlock_workspace(demo_folder, "demo")
    people = [p for p in ws.staff().all() if p.is_active and (p.start_date is None or p.start_date < date(2018, 1, 1))]
    cpd = ws.cpd()
    old = next(p for p in people if cpd.entries(p.id) and ws.conversations().history(p.id)
               and ws.db.execute("SELECT 1 FROM development_items WHERE staff_id = ?", [p.id]).fetchone())
    recent = next(p for p in people if p.id != old.id)
    ws.staff().mark_leaver(old.id, date(2018, 6, 30))
    ws.staff().mark_leaver(recent.id, date(2022, 6, 30))
    # Make sure every kind of record the person can have exists: evidence, a link, a CPD profile.
    for person in (old, recent):
        entry = cpd.entries(person.id)[0]
        cpd.add_evidence(entry.id, "certificate.pdf", b"%PDF-1.4 made up")
        item = ws.db.execute("SELECT id FROM development_items WHERE staff_id = ?", [person.id]).fetchone()
        if item:
            cpd.save(entry.with_changes(development_links=(item[0],)), AS_OF)
        from desktop.domain.hcpc import CpdProfile
        cpd.save_profile(CpdProfile(person.id, date(2024, 9, 1), date(2026, 8, 31), "Summary", "Statement",
                                    (entry.id,), {}))
    yield ws, ws.staff().get(old.id), ws.staff().get(recent.id)
    if ws.db.conn is not None:
        ws.close()


def _all_rows(ws):
    return {t: set(ws.db.execute(f"SELECT rowid, * FROM [{t}]").fetchall()) for t in ws.db.table_names()}


def test_review_list_shows_only_leavers_past_retention(station):
    ws, old, recent = station
    assert retention_years(ws.db) == 6
    listed = past_retention_list(ws.db, AS_OF)
    assert [d.staff.assignment_number for d in listed] == [old.assignment_number]
    assert listed[0].since == date(2024, 6, 30)
    set_retention_years(ws.db, "Jo Taylor", 4)
    assert {d.staff.assignment_number for d in past_retention_list(ws.db, AS_OF)} == {old.assignment_number,
                                                                                      recent.assignment_number}
    assert any(e.summary == "Leavers' records are now kept for 4 years after leaving" for e in entries(ws.db, 3))
    with pytest.raises(RetentionPeriodInvalid):
        set_retention_years(ws.db, "Jo Taylor", 0)
    assert retention_years(ws.db) == 4


def _redacted(value, person):
    """An earlier audit row's value as it should read once `person` is deleted."""
    if not isinstance(value, str):
        return value
    stand_in = f"assignment number {person.assignment_number}"
    for name in (person.display_name, f"{person.first_name} {person.last_name}"):
        value = value.replace(f"{name} ({person.assignment_number})", stand_in)
    return value.replace(person.display_name, stand_in).replace(f"{person.first_name} {person.last_name}", stand_in)


def test_deletion_removes_everything_of_theirs_and_nothing_else(station):
    ws, old, recent = station
    owned = records_of(ws.db, old.id)
    assert set(OWNED) <= set(owned), f"the fixture lacks some kinds of record: {set(OWNED) - set(owned)}"
    ids_owned = {t: {r[0] for r in ws.db.execute(f"SELECT id FROM [{t}] WHERE rowid IN "
                                                  f"({', '.join(map(str, rows))})").fetchall()}
                 for t, rows in owned.items() if t != "cpd_development_links"}
    before = _all_rows(ws)

    deleted = delete_person(ws.db, "Jo Taylor", old, AS_OF)

    after = _all_rows(ws)
    assert deleted.counts == {t: len(rows) for t, rows in owned.items()}
    for table, rows in before.items():
        mine = set(owned.get(table, []))
        kept_before = {r for r in rows if r[0] not in mine}
        if table == "counters":   # the change sequence moves on: that is how sync sees the deletion
            continue
        if table == "audit_log":   # every earlier entry stays; only the deleted person's name is replaced
            assert {tuple(_redacted(v, old) for v in r) for r in kept_before} <= after[table]
            continue
        if table == "tombstones":
            assert kept_before <= after[table], f"{table}: earlier rows changed"
            continue
        assert after[table] == kept_before, f"{table}: something other than the leaver's records changed"
    assert ws.staff().get(old.id) is None and ws.staff().get(recent.id) == recent
    for table in OWNED:
        column = "cpd_entry_id" if table in ("cpd_evidence", "cpd_development_links") else "staff_id"
        assert not ws.db.execute(f"SELECT 1 FROM [{table}] WHERE [{column}] IN "
                                 f"(SELECT ? UNION SELECT id FROM cpd_entries WHERE staff_id = ?)",
                                 [old.id, old.id]).fetchone()
    # One tombstone per deleted record, named by table, so sync can pass every deletion on.
    stones = {(r[0], r[1]) for r in ws.db.execute("SELECT id, entity FROM tombstones").fetchall()}
    for table, ids in ids_owned.items():
        assert {(i, table) for i in ids} <= stones, f"missing tombstones for {table}"
    assert ws.db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert ws.integrity_ok()
    # The audit entry names the assignment number only: no name, nothing about health.
    entry = entries(ws.db, limit=1)[0]
    assert entry.action == "delete" and old.assignment_number in entry.summary
    for word in (old.first_name, old.last_name, "wellbeing", "private"):
        assert word not in entry.summary
    # Nor do the earlier entries ("Added Siân Evans (…)") name them any more.
    assert not [e.summary for e in entries(ws.db) if f"{old.first_name} {old.last_name}" in e.summary
                or old.display_name in e.summary]
    assert [d.staff.id for d in past_retention_list(ws.db, AS_OF)] == []


def test_not_yet_past_retention_is_refused_and_nothing_changes(station):
    ws, old, recent = station
    before = _all_rows(ws)
    with pytest.raises(NotPastRetention, match="must be kept until 30/06/2028"):
        delete_person(ws.db, "Jo Taylor", recent, AS_OF)
    active = next(p for p in ws.staff().all() if p.is_active)
    with pytest.raises(NotPastRetention, match="not a leaver"):
        delete_person(ws.db, "Jo Taylor", active, AS_OF)
    assert _all_rows(ws) == before


def test_a_failure_part_way_deletes_nothing(station, monkeypatch):
    import desktop.store.retention as retention
    ws, old, _recent = station
    before = _all_rows(ws)
    calls = []

    def failing(db, record_id, table):
        calls.append(table)
        if len(calls) > 5:
            raise RuntimeError("power cut")
        original(db, record_id, table)
    original = retention.tombstone
    monkeypatch.setattr(retention, "tombstone", failing)
    with pytest.raises(RuntimeError):
        delete_person(ws.db, "Jo Taylor", old, AS_OF)
    assert _all_rows(ws) == before


def test_records_of_other_staff_pointing_in_are_refused(station):
    ws, old, recent = station
    their_objective = ws.db.execute("SELECT id FROM objectives WHERE staff_id = ?", [old.id]).fetchone()
    other_objective = ws.db.execute("SELECT id FROM objectives WHERE staff_id = ?", [recent.id]).fetchone()
    if not (their_objective and other_objective):
        pytest.skip("the demo gave these two no objectives")
    with ws.db.atomic():
        ws.db.execute("UPDATE objectives SET carried_from = ? WHERE id = ?", [their_objective[0], other_objective[0]])
    before = _all_rows(ws)
    with pytest.raises(RetentionError, match="other staff"):
        delete_person(ws.db, "Jo Taylor", old, AS_OF)
    assert _all_rows(ws) == before


def test_cli_retention_list_and_delete(demo_folder, capsys, monkeypatch):
    import json

    from desktop.cli import main
    with unlock_workspace(demo_folder, "demo") as ws:
        people = [p for p in ws.staff().all() if p.start_date and p.start_date < date(2015, 1, 1)]
        gone, staying = people[0], people[1]
        ws.staff().mark_leaver(gone.id, date(2015, 6, 30))
        ws.staff().mark_leaver(staying.id, date.today().replace(year=date.today().year - 1))
    monkeypatch.setenv("EADR_PASSPHRASE", "demo")
    args = ["--workspace", str(demo_folder)]
    assert main(["retention", "list", *args, "--json"]) == 0
    listed = json.loads(capsys.readouterr()[0])
    assert listed["retention_years"] == 6
    assert [r["assignment_number"] for r in listed["past_retention"]] == [gone.assignment_number]
    assert listed["past_retention"][0]["past_retention_since"] == "2021-06-30"

    assert main(["retention", "delete", "--staff", staying.assignment_number, *args]) == 1
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "not deleted" in err and "must be kept until" in err
    assert main(["retention", "delete", "--staff", "00000000", *args]) == 1
    capsys.readouterr()

    assert main(["retention", "delete", "--staff", gone.assignment_number, *args, "--json"]) == 0
    result = json.loads(capsys.readouterr()[0])
    assert result["deleted"] == gone.assignment_number and result["by_table"]["staff"] == 1
    assert result["records"] > 1
    assert main(["retention", "list", *args]) == 0
    out, _ = capsys.readouterr()
    assert "0 past that" in out and gone.last_name not in out
    with unlock_workspace(demo_folder, "demo") as ws:
        assert ws.staff().by_assignment(gone.assignment_number) is None
        assert ws.staff().by_assignment(staying.assignment_number) is not None
        assert ws.staff().count() == 39


def _namesakes(ws):
    """Two people called Ann Lee (one a leaver past retention) and an Ann Leeds, each with audit entries
    that name them, plus an older entry of each kind without a staff id."""
    from desktop.store import audit
    repo = ws.staff()
    gone = repo.add(Staff("00123456", "Ann", "Lee", status=StaffStatus.LEAVER, leaving_date=date(2018, 6, 30)))
    namesake = repo.add(Staff("00999999", "Ann", "Lee"))
    leeds = repo.add(Staff("00555555", "Ann", "Leeds"))
    for person in (gone, namesake, leeds):
        repo.update(person.with_changes(email=f"{person.assignment_number}@nhs.net"))
    with ws.db.atomic():   # entries from before the audit log kept a staff id
        for person in (gone, namesake, leeds):
            audit.record(ws.db, "Jo Taylor", "print", "document", None,
                         f"Printed: HCPC CPD profile for {person.display_name} ({person.assignment_number})")
        audit.record(ws.db, "Jo Taylor", "print", "document", None,
                     "Printed: Team list naming Ann Lee and Ann Leeds")
    return repo.get(gone.id), namesake, leeds


def test_deleting_a_leaver_leaves_a_namesakes_audit_entries_word_for_word(workspace):
    gone, namesake, leeds = _namesakes(workspace)
    db = workspace.db
    before = dict(db.execute("SELECT id, summary FROM audit_log").fetchall())
    theirs = {r[0] for r in db.execute("SELECT id FROM audit_log WHERE staff_id = ? OR summary LIKE ?",
                                        [gone.id, "%(00123456)%"]).fetchall()}
    assert len(theirs) == 3   # added, changed, printed

    delete_person(db, "Jo Taylor", gone, AS_OF)

    after = dict(db.execute("SELECT id, summary FROM audit_log").fetchall())
    for entry_id, summary in before.items():
        if entry_id in theirs:
            assert "Ann Lee" not in after[entry_id] and "00123456" in after[entry_id], after[entry_id]
        else:
            assert after[entry_id] == summary   # the other Ann Lee, Ann Leeds, the team list: every word
    assert any("Ann Lee (00999999)" in s for s in after.values())
    assert any("Ann Leeds (00555555)" in s for s in after.values())
    shown = {e.summary: e.person for e in entries(db)}
    assert "Printed: HCPC CPD profile for assignment number 00123456" in shown
    assert shown["Printed: HCPC CPD profile for Ann Lee (00999999)"] == ""   # no record link, left as written
