"""Training completions from an ESR/OLM learning export: reading, course matching, the preview, the rule
that a later completion is never lowered, and one audited transaction."""

from datetime import date
from pathlib import Path

import pytest

from desktop.store.audit import entries
from desktop.sync.roster import RosterFileError
from desktop.sync.roster import apply_plan as apply_roster
from desktop.sync.roster import plan_import as plan_roster
from desktop.sync.training_import import (
    IGNORE, MatchedBy, Outcome, apply_plan, fold, plain_title, plan_import,
)

TODAY = date(2026, 11, 23)
ROSTER = (
    "Assignment Number,First Name,Last Name,Position,Band\n"
    "11111111,Siân,ap Rhys,Paramedic,Band 6\n"
    "22222222,Łukasz,Wójcik,Emergency Medical Technician,Band 5\n"
    "33333333,Nguyễn,Thị Lan,Emergency Care Assistant,Band 3\n"
    "44444444,Aoife,O'Brien,Clinical Team Leader,Band 7\n"
)
HEADER = "Assignment Number,Full Name,Competence Name,Achieved Date,Expiry Date\n"
ROWS = (
    "11111111,Siân ap Rhys,NHS|CSTF|Fire Safety - 2 Years|,31/03/2026,31/03/2028\n"
    "22222222,Łukasz Wójcik,NHS|CSTF|Information Governance and Data Security - 1 Year|,2026-03-31,\n"
    "33333333,Nguyễn Thị Lan,NHS|CSTF|Safeguarding Adults - Level 2 - 3 Years|,31-Mar-2026,\n"
    "44444444,Aoife O'Brien,NHS|CSTF|Conflict Resolution - 3 Years|,14/02/2025,14/02/2028\n"
)


def write(tmp_path: Path, text: str, name: str = "olm.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def team(workspace, tmp_path):
    repo = workspace.staff()
    apply_roster(plan_roster(write(tmp_path, ROSTER, "roster.csv"), repo), repo)
    return workspace


def plan(ws, path, choices=None):
    return plan_import(path, ws.training(), ws.staff(), TODAY, choices)


def latest(ws, number: str, code: str):
    person = ws.staff().by_assignment(number)
    course = next(c for c in ws.training().courses() if c.code == code)
    history = ws.training().history(person.id, course.id)
    return history[0][1:] if history else None


def test_esr_names_fold_to_the_catalogue_title():
    assert fold("NHS|CSTF|Fire Safety - 2 Years|") == "nhs cstf fire safety 2 years"
    assert plain_title("NHS|CSTF|Fire Safety - 2 Years|") == "fire safety"
    assert plain_title("NHS|MAND|Safeguarding Adults - Level 3 - 3 Years|") == "safeguarding adults level 3"
    assert plain_title("Moving and handling level 2") == "moving and handling level 2"


def test_preview_matches_names_and_dates_in_every_esr_format(team, tmp_path):
    p = plan(team, write(tmp_path, HEADER + ROWS))
    outcomes = {r.assignment_number: r for r in p.rows}
    assert outcomes["11111111"].outcome is Outcome.ADD and outcomes["11111111"].course.code == "FIRE"
    assert outcomes["11111111"].expires_on == date(2028, 3, 31)
    assert outcomes["22222222"].course.code == "IG" and outcomes["22222222"].completed_on == date(2026, 3, 31)
    assert outcomes["22222222"].expires_on == date(2027, 3, 31)   # no expiry given: the course's renewal
    assert outcomes["33333333"].course.code == "SAFE-ADULTS-2"
    assert outcomes["33333333"].completed_on == date(2026, 3, 31)
    assert outcomes["33333333"].name == "Nguyễn Thị Lan"
    # 'Conflict Resolution' is not the catalogue's title: the manager must choose.
    conflict = outcomes["44444444"]
    assert conflict.outcome is Outcome.REFUSED and "not matched to a course" in conflict.reason
    assert [n.name for n in p.unmapped] == ["NHS|CSTF|Conflict Resolution - 3 Years|"]
    assert p.names[fold("NHS|CSTF|Fire Safety - 2 Years|")].matched_by is MatchedBy.NAME
    assert latest(team, "11111111", "FIRE") is None   # planning writes nothing


def test_a_choice_is_used_and_remembered_for_the_next_file(team, tmp_path):
    path = write(tmp_path, HEADER + ROWS)
    p = plan(team, path)
    p.choose("NHS|CSTF|Conflict Resolution - 3 Years|", "CONFLICT")
    assert p.count(Outcome.ADD) == 4 and not p.unmapped
    apply_plan(p, team.training())
    assert latest(team, "44444444", "CONFLICT") == (date(2025, 2, 14), date(2028, 2, 14))
    again = plan(team, path)
    assert again.names[fold("NHS|CSTF|Conflict Resolution - 3 Years|")].matched_by is MatchedBy.REMEMBERED
    assert again.count(Outcome.UNCHANGED) == 4 and again.changes == 0


def test_an_ignored_course_is_remembered_and_never_written(team, tmp_path):
    path = write(tmp_path, HEADER + "11111111,Siân ap Rhys,Fire Warden Refresher,01/06/2026,\n")
    p = plan(team, path, {"Fire Warden Refresher": IGNORE})
    assert p.rows[0].outcome is Outcome.IGNORED
    apply_plan(p, team.training())
    assert plan(team, path).rows[0].outcome is Outcome.IGNORED


def test_a_later_completion_already_held_is_never_lowered(team, tmp_path):
    newer = "11111111,Siân ap Rhys,Fire safety,01/09/2026,\n"
    apply_plan(plan(team, write(tmp_path, HEADER + newer)), team.training())
    older = plan(team, write(tmp_path, HEADER + "11111111,Siân ap Rhys,Fire safety,31/03/2026,31/03/2028\n"))
    row = older.rows[0]
    assert row.outcome is Outcome.UNCHANGED and "later completion (01/09/2026) is already held" in row.reason
    apply_plan(older, team.training())
    assert latest(team, "11111111", "FIRE") == (date(2026, 9, 1), date(2028, 9, 1))


def test_a_later_completion_updates_and_a_corrected_expiry_updates_the_held_record(team, tmp_path):
    apply_plan(plan(team, write(tmp_path, HEADER + "11111111,Siân,Fire safety,31/03/2025,\n")), team.training())
    later = plan(team, write(tmp_path, HEADER + "11111111,Siân,Fire safety,31/03/2026,\n"))
    assert later.rows[0].outcome is Outcome.UPDATE and later.rows[0].reason == "completed 31/03/2025 → 31/03/2026"
    apply_plan(later, team.training())
    fixed = plan(team, write(tmp_path, HEADER + "11111111,Siân,Fire safety,31/03/2026,30/06/2028\n"))
    assert fixed.rows[0].outcome is Outcome.UPDATE and "expiry 31/03/2028 → 30/06/2028" in fixed.rows[0].reason
    apply_plan(fixed, team.training())
    person = team.staff().by_assignment("11111111")
    course = next(c for c in team.training().courses() if c.code == "FIRE")
    assert [h[1:] for h in team.training().history(person.id, course.id)] == [
        (date(2026, 3, 31), date(2028, 6, 30)), (date(2025, 3, 31), date(2027, 3, 31))]


def test_the_latest_of_several_rows_for_one_course_wins(team, tmp_path):
    rows = ("11111111,Siân,Fire safety,31/03/2024,\n11111111,Siân,Fire safety,31/03/2026,\n"
            "11111111,Siân,Fire safety,31/03/2025,\n")
    p = plan(team, write(tmp_path, HEADER + rows))
    assert [r.outcome for r in p.rows] == [Outcome.UNCHANGED, Outcome.ADD, Outcome.UNCHANGED]
    assert p.rows[0].reason == "row 3 of this file has a later completion (31/03/2026)"


def test_bad_rows_are_refused_naming_the_field(team, tmp_path):
    rows = ("99999999,Nobody,Fire safety,31/03/2026,\n"
            "11111111,Siân,Fire safety,31/02/2026,\n"
            "22222222,Łukasz,Fire safety,next Tuesday,\n"
            "33333333,Nguyễn,Fire safety,31/03/2026,2025-01-01\n"
            '44444444,Aoife,"=HYPERLINK(""http://x"",""Fire safety"")",31/03/2026,\n'
            "11111111,Siân,Fire safety,01/01/2027,\n"
            "22222222,Łukasz,Fire safety\n")
    p = plan(team, write(tmp_path, HEADER + rows))
    reasons = {r.row: r.reason for r in p.refused}
    assert len(reasons) == 7
    assert reasons[2].startswith("Assignment number: no one with 99999999")
    assert reasons[3].startswith("Completion date '31/02/2026' is not a real date")
    assert reasons[4].startswith("Completion date 'next Tuesday' is not a date")
    assert reasons[5] == "Expiry date 01/01/2025 is before the completion date 31/03/2026"
    assert reasons[6].startswith("Course or competence name starts with '='")
    assert reasons[7] == "Completion date 01/01/2027 is in the future"
    assert "cut short" in reasons[8]


def test_a_leaver_is_refused(team, tmp_path):
    person = team.staff().by_assignment("22222222")
    team.staff().mark_leaver(person.id, date(2026, 10, 1))
    p = plan(team, write(tmp_path, HEADER + "22222222,Łukasz,Fire safety,31/03/2026,\n"))
    assert p.rows[0].outcome is Outcome.REFUSED and "has left the station" in p.rows[0].reason


def test_files_that_cannot_be_used_say_what_to_do(team, tmp_path):
    with pytest.raises(RosterFileError, match="no column for Course or competence name or Completion date"):
        plan(team, write(tmp_path, "Assignment Number,Name\n11111111,Siân\n"))
    with pytest.raises(RosterFileError, match="not a CSV text file"):
        plan(team, _binary(tmp_path))
    broken = b"\xff\xfe" + "Assignment Number,Course,Completed\n".encode("utf-16-le")[:-1]
    with pytest.raises(RosterFileError, match="marked as UTF-16 text but is not valid"):
        plan(team, write_bytes(tmp_path, broken))


def test_excel_files_in_other_encodings_and_header_spellings_are_read(team, tmp_path):
    text = "Assignment No;Course Title;Date Completed;Valid Until\r\n11111111;FIRE;31/03/2026;30/04/2028\r\n"
    p = plan(team, write(tmp_path, text, encoding="utf-16"))
    assert p.columns == {"assignment_number": "Assignment No", "course": "Course Title",
                         "completed_on": "Date Completed", "expires_on": "Valid Until"}
    assert p.rows[0].outcome is Outcome.ADD and p.rows[0].expires_on == date(2028, 4, 30)


def test_apply_is_one_audited_transaction(team, tmp_path):
    p = plan(team, write(tmp_path, HEADER + ROWS), {"NHS|CSTF|Conflict Resolution - 3 Years|": "CONFLICT"})
    apply_plan(p, team.training())
    entry = entries(team.db, limit=1)[0]
    assert entry.action == "import" and entry.entity == "training_record"
    assert entry.summary == "Training completions olm.csv: 4 added, 0 updated, 0 unchanged, 0 ignored, 0 refused"


def test_a_failed_write_leaves_nothing(team, tmp_path, monkeypatch):
    p = plan(team, write(tmp_path, HEADER + ROWS), {"NHS|CSTF|Conflict Resolution - 3 Years|": "CONFLICT"})
    import desktop.store.training_repo as repo_module

    def fail(*args, **kwargs):
        raise RuntimeError("disk went away")
    monkeypatch.setattr(repo_module.audit, "record", fail)
    with pytest.raises(RuntimeError):
        apply_plan(p, team.training())
    assert latest(team, "11111111", "FIRE") is None
    assert team.training().course_names() == {}


def _binary(tmp_path: Path) -> Path:
    return write_bytes(tmp_path, b"PK\x03\x04\x00\x00binary")


def write_bytes(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    return path
