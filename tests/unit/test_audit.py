"""The audit log names whom each entry is about: their name while their records are kept, their assignment
number once retention has deleted them (and never their name again)."""

from datetime import date

from desktop.security.unlock import unlock_workspace
from desktop.store.audit import entries
from desktop.store.retention import delete_person
from tests.conftest import AS_OF


def test_entries_name_their_person_and_only_the_assignment_number_after_deletion(demo_folder):
    ws = unlock_workspace(demo_folder, "demo")
    try:
        people = [p for p in ws.staff().all() if p.is_active and ws.cpd().entries(p.id)]
        leaver, other = people[0], people[1]
        cpd = ws.cpd()
        entry = cpd.entries(leaver.id)[0]
        evidence = cpd.add_evidence(entry.id, "certificate.pdf", b"%PDF-1.4 made up")
        cpd.remove_evidence(evidence.id)              # deleted records still name their person
        other_entry = cpd.entries(other.id)[0]
        cpd.delete(other_entry.id)
        about = {(e.action, e.entity, e.entity_id): e.person for e in entries(ws.db)}
        assert about[("create", "cpd_evidence", evidence.id)] == leaver.display_name
        assert about[("delete", "cpd_evidence", evidence.id)] == leaver.display_name
        assert about[("delete", "cpd_entry", other_entry.id)] == other.display_name
        assert about[("unlock", "workspace", ws.info.workspace_id)] == ""   # about no one

        ws.staff().mark_leaver(leaver.id, date(2018, 6, 30))
        delete_person(ws.db, "Jo Taylor", ws.staff().get(leaver.id), AS_OF)
        after = entries(ws.db)
        theirs = [e for e in after if e.entity_id in (leaver.id, evidence.id)]
        assert len(theirs) >= 4   # created, evidence added and removed, marked a leaver, deleted
        assert {e.person for e in theirs} == {f"Assignment number {leaver.assignment_number}"}
        assert all(leaver.display_name not in e.person + e.summary for e in after)
        assert any(e.person == other.display_name for e in after)
    finally:
        ws.close()


def test_the_migration_fills_in_the_person_of_entries_made_before_it(demo_folder):
    """Entries written before the column existed are linked to their person by the migration itself."""
    from pathlib import Path

    from desktop.store.migrations import split_statements
    ws = unlock_workspace(demo_folder, "demo")
    try:
        ws.db.execute("UPDATE audit_log SET staff_id = NULL, assignment_number = NULL")
        sql = (Path(__file__).parents[2] / "db" / "007_audit_person.sql").read_text()
        for statement in split_statements(sql):
            if statement.startswith("UPDATE"):
                ws.db.execute(statement)
        person = next(p for p in ws.staff().all() if ws.cpd().entries(p.id))
        mine = [e for e in entries(ws.db) if e.entity_id in {person.id, *(c.id for c in ws.cpd().entries(person.id))}]
        assert mine and {e.person for e in mine} == {person.display_name}
    finally:
        ws.close()
