import json
from datetime import date

import pytest

from desktop.domain.conversation import (
    DevelopmentItem, Kind, Objective, Outcome, RecordLocked, SignOff, Status, Wellbeing, WellbeingAction,
)
from desktop.domain.staff import Staff
from desktop.store.audit import entries

TODAY = date(2026, 11, 23)


@pytest.fixture
def repo(workspace):
    return workspace.conversations()


@pytest.fixture
def person(workspace):
    return workspace.staff().add(Staff("12345678", "Siân", "Evans", start_date=date(2015, 4, 1)))


def signed(c, on=TODAY):
    return c.with_changes(signoff=SignOff("Siân Evans", True, "Fair", on, False, "Jo Taylor", on))


def test_a_new_conversation_is_planned_and_starts_on_first_edit(repo, person):
    c = repo.start(person.id)
    assert c.status is Status.PLANNED and c.signoff.manager_name == "Jo Taylor"
    c = repo.save(c.with_changes(summary="Talked"))
    assert c.status is Status.IN_PROGRESS
    assert repo.open_for(person.id).id == c.id
    assert entries(repo.db, limit=1)[0].summary == "Started EADR"


def test_everything_round_trips_exactly(repo, person):
    c = repo.start(person.id).with_changes(
        wellbeing=Wellbeing(held_on=TODAY, held_by="Wellbeing lead", topics=("Mental health",),
                            actions=(WellbeingAction("OH referral", True), WellbeingAction("Rota chat"))),
        private_notes="Nights are hard.", values={"Care": "Stayed late with Mrs Ó Súilleabháin"},
        objectives=(Objective("Mentor a student", "Two placements", date(2027, 6, 1), "Priority A"),),
        development=(DevelopmentItem("ILS", "Clinical skills and practice", "Course", "Study time", TODAY),),
        current_section="talent")
    saved = repo.save(c)
    again = repo.get(saved.id)
    assert again == saved
    assert again.current_section == "talent" and again.wellbeing.actions[0].share_with_hr


def test_private_notes_are_kept_apart_from_the_shareable_content(repo, person, workspace):
    c = repo.save(repo.start(person.id).with_changes(private_notes="Husband is unwell", summary="Good talk"))
    content, notes = workspace.db.execute("SELECT content, private_notes FROM conversations WHERE id = ?",
                                          [c.id]).fetchone()
    assert "Husband" not in content and notes == "Husband is unwell"
    assert json.loads(content)["summary"] == "Good talk"


def test_signing_locks_the_record_and_reopening_needs_a_reason(repo, person):
    c = repo.save(repo.start(person.id).with_changes(summary="x"))
    done = repo.sign(signed(c))
    assert done.status is Status.SIGNED_OFF and done.quality_score is not None
    with pytest.raises(RecordLocked):
        repo.save(done.with_changes(summary="changed afterwards"))
    with pytest.raises(ValueError, match="reason"):
        repo.reopen(done.id, " ")
    reopened = repo.reopen(done.id, "Staff member asked to correct a date")
    assert reopened.status is Status.IN_PROGRESS and not reopened.signoff.staff_signed
    assert entries(repo.db, limit=1)[0].summary == "Reopened: Staff member asked to correct a date"


def test_one_signature_is_not_sign_off(repo, person):
    c = repo.save(repo.start(person.id).with_changes(summary="x"))
    half = repo.sign(c.with_changes(signoff=SignOff("Siân Evans", True, "", TODAY, False, "Jo Taylor", None)))
    assert half.status is Status.IN_PROGRESS and half.signoff.staff_signed


def test_next_eadr_carries_last_years_objectives_forward_for_review(repo, person):
    first = repo.save(repo.start(person.id).with_changes(objectives=(
        Objective("Mentor a student", "Two placements", date(2026, 6, 1)), Objective("Audit IPC"))))
    first = repo.sign(signed(first, date(2025, 11, 1)))
    second = repo.start(person.id)
    assert [o.title for o in second.review_objectives] == ["Mentor a student", "Audit IPC"]
    assert all(o.carried_from in {x.id for x in first.objectives} for o in second.review_objectives)
    assert repo.last_signed_eadr_dates() == {person.id: date(2025, 11, 1)}
    reviewed = repo.save(second.with_changes(objectives=(
        second.objectives[0].__class__(**{**second.objectives[0].__dict__, "outcome": Outcome.MET}),)))
    assert reviewed.review_objectives[0].outcome is Outcome.MET


def test_removing_an_item_leaves_a_tombstone_for_sync(repo, person, workspace):
    c = repo.save(repo.start(person.id).with_changes(development=(DevelopmentItem("A"), DevelopmentItem("B"))))
    gone = c.development[0].id
    c = repo.save(c.with_changes(development=c.development[1:]))
    assert [d.need for d in repo.get(c.id).development] == ["B"]
    assert workspace.db.execute("SELECT entity FROM tombstones WHERE id = ?", [gone]).fetchone()[0] == \
        "development_items"


def test_lighter_conversations(repo, person):
    check_in = repo.start(person.id, Kind.WELLBEING)
    assert check_in.objectives == () and len(check_in.sections) == 2
    assert entries(repo.db, limit=1)[0].summary == "Started wellbeing check-in"


def test_discarding_a_planned_record_is_audited_against_its_person(repo, person, workspace):
    c = repo.start(person.id)
    repo.discard(c.id)
    row = workspace.db.execute("SELECT staff_id, summary FROM audit_log WHERE action = 'discard'").fetchone()
    assert row[0] == person.id and "Discarded a planned EADR" in row[1]
