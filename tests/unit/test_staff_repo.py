from datetime import date

import pytest

from desktop.domain.staff import Role, Staff, StaffStatus, StaffValidationError
from desktop.store.audit import entries
from desktop.store.changes import current_seq
from desktop.store.staff_repo import DuplicateAssignment


def _person(**overrides) -> Staff:
    values = dict(assignment_number="12345678", first_name="Siân", last_name="O'Brien",
                  job_title="Paramedic", role=Role.PARAMEDIC, band="Band 6", hcpc_number="pa 12345",
                  email="sian.obrien@nhs.net", start_date=date(2015, 4, 1))
    values.update(overrides)
    return Staff(**values)


def test_add_stores_identity_timestamps_and_change_sequence(workspace):
    repo = workspace.staff()
    before = current_seq(workspace.db)
    stored = repo.add(_person())
    assert len(stored.id) == 36 and stored.created_at and stored.updated_at
    assert stored.change_seq > before
    assert stored.hcpc_number == "PA12345"  # tidied
    assert repo.get(stored.id) == stored
    assert entries(workspace.db, limit=1)[0].summary == "Added Siân O'Brien (12345678)"


def test_update_records_changed_fields_and_bumps_sequence(workspace):
    repo = workspace.staff()
    stored = repo.add(_person())
    changed = repo.update(stored.with_changes(band="Band 7", job_title="Specialist Paramedic"))
    assert changed.band == "Band 7" and changed.change_seq > stored.change_seq
    assert "job title, band" in entries(workspace.db, limit=1)[0].summary
    # Saving without changes writes nothing.
    seq = current_seq(workspace.db)
    assert repo.update(changed) == changed
    assert current_seq(workspace.db) == seq


def test_duplicate_assignment_number_is_refused_with_the_holder_named(workspace):
    repo = workspace.staff()
    repo.add(_person())
    with pytest.raises(DuplicateAssignment, match="already belongs to Siân O'Brien"):
        repo.add(_person(first_name="Łukasz", last_name="Nowak"))
    assert repo.count() == 1


@pytest.mark.parametrize("overrides, field", [
    (dict(first_name="  "), "first_name"),
    (dict(last_name="x" * 101), "last_name"),
    (dict(assignment_number="12 34"), "assignment_number"),
    (dict(email="not-an-email"), "email"),
    (dict(band="Band 12"), "band"),
    (dict(hcpc_number="XY123"), "hcpc_number"),
])
def test_invalid_fields_are_named_and_nothing_is_written(workspace, overrides, field):
    with pytest.raises(StaffValidationError) as caught:
        workspace.staff().add(_person(**overrides))
    assert field in caught.value.problems
    assert workspace.staff().count() == 0


def test_marking_a_leaver_keeps_the_record_and_can_be_undone(workspace):
    repo = workspace.staff()
    stored = repo.add(_person())
    leaver = repo.mark_leaver(stored.id, date(2026, 10, 31))
    assert leaver.status is StaffStatus.LEAVER and leaver.leaving_date == date(2026, 10, 31)
    assert repo.count() == 1 and repo.count(StaffStatus.ACTIVE) == 0
    assert "Marked as leaver on 31/10/2026" in entries(workspace.db, limit=1)[0].summary
    back = repo.reinstate(stored.id)
    assert back.is_active and back.leaving_date is None


def test_leaving_before_starting_is_refused(workspace):
    stored = workspace.staff().add(_person())
    with pytest.raises(StaffValidationError, match="before the start date"):
        workspace.staff().mark_leaver(stored.id, date(2010, 1, 1))


def test_unicode_and_long_text_round_trip(workspace):
    long_title = "Specialist Paramedic (Urgent & Emergency Care) – " + "ä" * 140
    stored = workspace.staff().add(_person(first_name="Nguyễn Thị", last_name="Đặng-Ó Súilleabháin",
                                           job_title=long_title))
    again = workspace.staff().get(stored.id)
    assert again.first_name == "Nguyễn Thị" and again.last_name == "Đặng-Ó Súilleabháin"
    assert again.job_title == long_title
