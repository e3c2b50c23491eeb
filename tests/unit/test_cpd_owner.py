"""A portable CPD file goes only into its own person's log: a different name or HCPC number is refused,
naming both people and the file, and nothing is written."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.domain.cpd import ActivityType, CpdEntry
from desktop.domain.staff import Staff
from desktop.sync.cpd_portable import (
    FileOwner, OwnerMismatch, different_person, export_portable, file_owner, import_portable,
)
from tests.conftest import AS_OF, PASSPHRASE


@pytest.fixture
def two_paramedics(workspace):
    with workspace.db.atomic():
        return workspace.staff().insert_many([
            Staff(assignment_number="90000011", first_name="Siân", last_name="O'Brien", hcpc_number="PA12345"),
            Staff(assignment_number="90000012", first_name="Tomás", last_name="Ruiz", hcpc_number="PA67890")])


def exported(workspace, person, tmp_path, n=3):
    repo = workspace.cpd()
    for i in range(n):
        repo.save(CpdEntry(staff_id=person.id, title=f"Study day {i}", start_date=date(2026, 3, 1 + i),
                           activity_type=ActivityType.FORMAL_EDUCATION, hours=2, reflection_what="Learnt"), AS_OF)
    return export_portable(repo, person, tmp_path / "siân-cpd.zip")


def test_a_different_persons_file_is_refused_with_both_names(workspace, two_paramedics, tmp_path):
    siân, tomás = two_paramedics
    path = exported(workspace, siân, tmp_path)
    assert file_owner(path) == FileOwner("Siân", "O'Brien", "PA12345")
    with pytest.raises(OwnerMismatch) as caught:
        import_portable(workspace.cpd(), tomás, path, AS_OF)
    message = str(caught.value)
    assert "siân-cpd.zip" in message and "Siân O'Brien (HCPC PA12345)" in message
    assert "Tomás Ruiz (HCPC PA67890)" in message and "nothing was imported" in message
    assert workspace.cpd().entries(tomás.id) == []
    # confirmed (say, the same person under a new name), it goes in and the audit notes whose file it was
    outcome = import_portable(workspace.cpd(), tomás, path, AS_OF, other_person_confirmed=True)
    assert outcome.refused and outcome.added == 0   # these entries are Siân's in this workspace already


def test_same_person_matches_ignoring_case_accents_and_spacing_but_not_another_hcpc():
    person = Staff(assignment_number="1", first_name="Siân", last_name="O'Brien", hcpc_number="PA12345")
    assert not different_person(FileOwner("sian", "o'brien ", "pa 12345"), person)
    assert not different_person(FileOwner("Siân", "O'Brien", ""), person)       # no number in the file
    assert different_person(FileOwner("Siân", "O'Brien", "PA99999"), person)    # same name, another register entry
    assert different_person(FileOwner("Siân", "Evans", "PA12345"), person)      # another name


def test_cli_refuses_in_one_line_naming_both_people_and_the_file(workspace, two_paramedics, tmp_path, capsys,
                                                                 monkeypatch):
    from desktop.cli import main
    siân, tomás = two_paramedics
    path = exported(workspace, siân, tmp_path)
    folder = workspace.folder
    workspace.close()
    monkeypatch.setenv("EADR_PASSPHRASE", PASSPHRASE)
    code = main(["cpd", "import", str(path), "--staff", tomás.assignment_number, "--workspace", str(folder)])
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 1 and len(lines) == 1, err
    assert "siân-cpd.zip" in lines[0] and "Siân O'Brien" in lines[0] and "Tomás Ruiz" in lines[0]
    code = main(["cpd", "import", str(path), "--staff", tomás.assignment_number, "--workspace", str(folder),
                 "--same-person-confirmed", "--json"])
    out, err = capsys.readouterr()
    assert json.loads(out)["added"] == 0 and "refused" in out

