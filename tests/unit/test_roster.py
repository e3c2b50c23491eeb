from datetime import date
from pathlib import Path

import pytest

from desktop.domain.staff import Role
from desktop.store.audit import entries
from desktop.sync.roster import Outcome, RosterFileError, apply_plan, plan_import

HEADER = "Assignment Number,First Name,Last Name,Position,Band,Email,Start Date\n"
ROWS = (
    "11111111,Siân,ap Rhys,Paramedic,Band 6,sian.aprhys@nhs.net,01/04/2015\n"
    "22222222,Łukasz,Wójcik,Emergency Medical Technician,5,lukasz.wojcik@nhs.net,2019-09-02\n"
    "33333333,Nguyễn,Thị Lan,Emergency Care Assistant,AfC Band 3,,23-Nov-2020\n"
    '44444444,Aoife,"O\'Brien",Clinical Team Leader,Band 7,aoife.obrien@nhs.net,\n'
)


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_plan_then_apply_adds_everyone_with_roles_and_dates(workspace, tmp_path):
    path = write(tmp_path, HEADER + ROWS)
    repo = workspace.staff()
    plan = plan_import(path, repo)
    assert [r.outcome for r in plan.rows] == [Outcome.ADD] * 4
    assert repo.count() == 0  # planning writes nothing
    apply_plan(plan, repo)
    people = repo.by_assignments()
    assert people["11111111"].first_name == "Siân" and people["11111111"].role is Role.PARAMEDIC
    assert people["22222222"].band == "Band 5" and people["22222222"].start_date == date(2019, 9, 2)
    assert people["33333333"].start_date == date(2020, 11, 23) and people["33333333"].role is Role.ECA
    assert people["44444444"].last_name == "O'Brien" and people["44444444"].role is Role.MANAGER
    assert entries(workspace.db, limit=1)[0].summary == "Roster roster.csv: 4 added, 0 updated, 0 unchanged, 0 refused"


def test_second_import_is_unchanged_and_changes_are_described(workspace, tmp_path):
    repo = workspace.staff()
    apply_plan(plan_import(write(tmp_path, HEADER + ROWS), repo), repo)
    again = plan_import(write(tmp_path, HEADER + ROWS), repo)
    assert again.count(Outcome.UNCHANGED) == 4 and again.changes == 0
    changed = ROWS.replace("Paramedic,Band 6", "Specialist Paramedic,Band 7")
    plan = plan_import(write(tmp_path, HEADER + changed), repo)
    update = [r for r in plan.rows if r.outcome is Outcome.UPDATE]
    assert len(update) == 1
    assert "Job title: Paramedic → Specialist Paramedic" in update[0].reason
    assert "Band: Band 6 → Band 7" in update[0].reason
    apply_plan(plan, repo)
    assert repo.by_assignment("11111111").role is Role.SPECIALIST_PARAMEDIC


def test_columns_missing_from_the_file_keep_stored_values(workspace, tmp_path):
    repo = workspace.staff()
    apply_plan(plan_import(write(tmp_path, HEADER + ROWS), repo), repo)
    slim = "Assignment No;Forename;Surname\n11111111;Siân;ap Rhys\n"
    plan = plan_import(write(tmp_path, slim), repo)
    assert plan.rows[0].outcome is Outcome.UNCHANGED
    assert repo.by_assignment("11111111").email == "sian.aprhys@nhs.net"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_excel_encodings(workspace, tmp_path, encoding):
    text = HEADER + "11111111,Siân,O'Brien,Paramedic,Band 6,,01/04/2015\n"
    plan = plan_import(write(tmp_path, text, encoding), workspace.staff())
    assert plan.rows[0].staff.first_name == "Siân"
    assert plan.rows[0].staff.last_name == "O'Brien"


def test_loose_headers_and_semicolons(workspace, tmp_path):
    text = ("ESR Assignment Number;Forenames;Surname;Position Title;Pay Grade;E-mail Address;Hire Date\n"
            "55555555;Rhys;Llwyd;Paramedic;6;rhys.llwyd@nhs.net;2018-01-15\n")
    plan = plan_import(write(tmp_path, text), workspace.staff())
    person = plan.rows[0].staff
    assert (person.first_name, person.band, person.email) == ("Rhys", "Band 6", "rhys.llwyd@nhs.net")


def test_refused_rows_are_named_and_do_not_block_the_rest(workspace, tmp_path):
    text = HEADER + ROWS + (
        ",No,Number,Paramedic,Band 6,,\n"
        "66666666,Bad,Band,Paramedic,Band 12,,\n"
        "77777777,Bad,Date,Paramedic,Band 6,,31/02/2020\n"
        "11111111,Twice,Listed,Paramedic,Band 6,,\n"
        "88888888,Bad,Email,Paramedic,Band 6,not-an-email,\n"
        "99999999,,,Paramedic,Band 6,,\n"
        "\n"
    )
    repo = workspace.staff()
    plan = apply_plan(plan_import(write(tmp_path, text), repo), repo)
    refused = {r.row: r.reason for r in plan.refused}
    assert set(refused) == {6, 7, 8, 9, 10, 11}
    assert "no assignment number" in refused[6]
    assert "'Band 12' is not an Agenda for Change band" in refused[7]
    assert "'31/02/2020' is not a real date" in refused[8]
    assert "already on row 2" in refused[9]
    assert "Email 'not-an-email'" in refused[10]
    assert "First name is required" in refused[11]
    assert repo.count() == 4
    assert plan.to_json()["refused"][0] == {"row": 6, "assignment_number": "", "reason": refused[6]}


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b"Name,Job\nSian,Paramedic\n", "no column for Assignment number"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV text file"),
    (b"Assignment Number,First Name,Last Name\n1234\x81\x8d,Si\x81n,X\n", "text encoding"),
])
def test_broken_files_change_nothing(workspace, tmp_path, content, message):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(RosterFileError, match=message) as caught:
        plan_import(path, workspace.staff())
    assert "broken.csv" in str(caught.value)
    assert workspace.staff().count() == 0


def test_truncated_file_refuses_only_the_cut_row(workspace, tmp_path):
    text = (HEADER + ROWS)[:-40]   # the last row is cut off mid-way
    repo = workspace.staff()
    plan = apply_plan(plan_import(write(tmp_path, text), repo), repo)
    assert plan.count(Outcome.ADD) == 3 and len(plan.refused) == 1
    assert "cut short" in plan.refused[0].reason and plan.refused[0].row == 5
    assert repo.count() == 3


def test_missing_file_and_folder(workspace, tmp_path):
    with pytest.raises(RosterFileError, match="no such file"):
        plan_import(tmp_path / "nope.csv", workspace.staff())
    with pytest.raises(RosterFileError, match="is a folder"):
        plan_import(tmp_path, workspace.staff())


def test_a_comma_outside_quotes_is_refused_not_misfiled(workspace, tmp_path):
    text = HEADER + "12121212,Aoife,O'Brien, Jr,Paramedic,Band 6,,\n"
    plan = plan_import(write(tmp_path, text), workspace.staff())
    assert plan.rows[0].outcome is Outcome.REFUSED and "not inside quotes" in plan.rows[0].reason


def test_esr_appraisal_columns_are_read_loosely_in_iso_or_uk_dates(workspace, tmp_path):
    path = write(tmp_path, "Assignment No.,Forename,Surname,Start Date,LAST APPRAISAL DATE,Next Appraisal Date\n"
                           "11111111,Siân,ap Rhys,01/04/2015,2025-10-14,14/10/2026\n"
                           "22222222,Łukasz,Wójcik,2019-09-02,,\n"
                           "33333333,Nia,Pryce,2019-09-02,31/02/2025,\n")
    repo = workspace.staff()
    plan = plan_import(path, repo)
    assert plan.columns["prior_appraisal"] == "LAST APPRAISAL DATE"
    assert plan.columns["next_appraisal"] == "Next Appraisal Date"
    refused = plan.refused[0]
    assert refused.row == 4 and "Last appraisal before this app" in refused.reason and "not a real date" in refused.reason
    apply_plan(plan, repo)
    people = repo.by_assignments()
    assert people["11111111"].prior_appraisal == date(2025, 10, 14)
    assert people["11111111"].next_appraisal == date(2026, 10, 14)
    assert people["22222222"].prior_appraisal is None
    # "Appraisal Date" alone is the last appraisal too; a blank cell keeps what the app holds
    again = write(tmp_path, "Assignment Number,First Name,Last Name,Appraisal Date\n"
                            "11111111,Siân,ap Rhys,\n22222222,Łukasz,Wójcik,03/03/2026\n", name="again.csv")
    plan = plan_import(again, repo)
    assert plan.columns["prior_appraisal"] == "Appraisal Date"
    assert [r.outcome for r in plan.rows] == [Outcome.UNCHANGED, Outcome.UPDATE]
    assert "Last appraisal before this app: blank → 03/03/2026" in plan.rows[1].reason
    apply_plan(plan, repo)
    assert repo.by_assignment("11111111").prior_appraisal == date(2025, 10, 14)
    assert repo.by_assignment("22222222").prior_appraisal == date(2026, 3, 3)
