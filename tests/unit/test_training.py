"""Training catalogue, expiry and status: in date, expiring within 60 days, expired, never done."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.staff import Role, Staff
from desktop.domain.training import Course, TrainingState, course_status, summarise
from desktop.store.training_repo import default_catalogue
from tests.conftest import AS_OF

YEARLY = Course("IG", "Information governance", 12, id="c1")
ONCE = Course("OMT", "Oliver McGowan training", None, id="c2")
DRIVING = Course("DRIVING", "Driving", 36, frozenset({Role.PARAMEDIC}), id="c3")


@pytest.mark.parametrize("completed, state, text", [
    (None, TrainingState.NEVER, "Never done"),
    (date(2025, 11, 22), TrainingState.EXPIRED, "Expired 22/11/2026"),
    (date(2025, 11, 23), TrainingState.EXPIRING, "Expires 23/11/2026"),
    (date(2026, 1, 22), TrainingState.EXPIRING, "Expires 22/01/2027"),   # the 60th day
    (date(2026, 1, 23), TrainingState.IN_DATE, "In date until 23/01/2027"),
])
def test_status_boundaries(completed, state, text):
    status = course_status(YEARLY, completed, AS_OF)
    assert (status.state, status.text()) == (state, text)


def test_one_off_courses_never_expire_and_roles_decide_what_applies():
    assert course_status(ONCE, date(2015, 1, 1), AS_OF).text() == "Done 01/01/2015"
    summary = summarise([YEARLY, ONCE, DRIVING], Role.CALL_HANDLER, {"c1": "2025-01-01"}, AS_OF)
    assert summary.required == 2 and summary.text() == "1 expired · 1 never done"
    assert summarise([YEARLY], Role.PARAMEDIC, {"c1": "2026-06-01"}, AS_OF).text() == "All 1 in date"


def test_default_catalogue_is_seeded_and_completions_expire_by_renewal(workspace):
    repo = workspace.training()
    courses = repo.courses()
    assert len(courses) == len(default_catalogue()) == 24
    with workspace.db.atomic():
        [person] = workspace.staff().insert_many([Staff(assignment_number="90000001", first_name="Siân",
                                                        last_name="Evans", job_title="Paramedic")])
    ig = next(c for c in courses if c.code == "IG")
    repo.record(person.id, ig, date(2025, 10, 1), AS_OF)
    repo.record(person.id, ig, date(2026, 10, 1), AS_OF)      # renewed: the latest counts
    statuses = {s.course.code: s for s in repo.status_for(person.id, person.role, AS_OF)}
    assert statuses["IG"].expires_on == date(2027, 10, 1) and statuses["IG"].state is TrainingState.IN_DATE
    assert statuses["FIRE"].state is TrainingState.NEVER
    assert [h[1] for h in repo.history(person.id, ig.id)] == [date(2026, 10, 1), date(2025, 10, 1)]
    with pytest.raises(ValueError, match="in the future"):
        repo.record(person.id, ig, date(2027, 1, 1), AS_OF)


def test_a_new_catalogue_keeps_records_of_courses_by_code(workspace):
    repo = workspace.training()
    courses = repo.courses()
    with workspace.db.atomic():
        [person] = workspace.staff().insert_many([Staff(assignment_number="90000001", first_name="A", last_name="B")])
    fire = next(c for c in courses if c.code == "FIRE")
    repo.record(person.id, fire, date(2026, 1, 1), AS_OF)
    repo.replace_catalogue([Course("FIRE", "Fire safety (revised)", 12), Course("NEW", "New course", 24)],
                           source="HR's reference bundle")
    codes = {c.code: c for c in repo.courses()}
    assert set(codes) == {"FIRE", "NEW"} and codes["FIRE"].id == fire.id
    assert repo.latest()[person.id] == {fire.id: "2026-01-01"}


def test_team_cutoffs_agree_with_the_status_of_every_date():
    """The team table compares stored dates with per-course cut-offs; they must give the same answer as
    working out each expiry, month ends and leap days included."""
    from datetime import timedelta
    from desktop.domain.training import Cutoffs
    for today in (date(2026, 2, 28), date(2024, 2, 29), date(2026, 3, 31), AS_OF, date(2026, 12, 31)):
        for months in (1, 12, 24, 36):
            course = Course("X", "X", months, id="x")
            cut = Cutoffs.of(course, today)
            for back in range(0, 40 * 31):
                done = today - timedelta(days=back)
                assert cut.state(done.isoformat()) is course_status(course, done, today).state, (today, months, done)
    once = Cutoffs.of(ONCE, AS_OF)
    assert once.state("2015-01-01") is TrainingState.IN_DATE and once.state(None) is TrainingState.NEVER


def test_a_role_from_a_newer_catalogue_does_not_stop_the_team_opening(workspace):
    repo = workspace.training()
    repo.courses()
    workspace.db.execute("UPDATE training_courses SET applies_to = '[\"paramedic\", \"hart_operative\"]' "
                         "WHERE code = 'DRIVING'")
    driving = next(c for c in repo.courses() if c.code == "DRIVING")
    assert driving.applies_to == frozenset({Role.PARAMEDIC, Role.OTHER})


def _required(courses, role: Role) -> dict[str, str]:
    """Subject → the level a role must hold, from the course titles' codes (e.g. RESUS-3)."""
    return {c.code.rsplit("-", 1)[0]: c.code.rsplit("-", 1)[1] for c in courses
            if c.applies(role) and c.code.rsplit("-", 1)[-1].isdigit()}


def test_the_default_matrix_asks_a_call_handler_for_less_than_a_paramedic(workspace):
    courses = workspace.training().courses()
    handler, paramedic, pts = (_required(courses, r) for r in (Role.CALL_HANDLER, Role.PARAMEDIC, Role.PTS))
    assert paramedic["RESUS"] == "3" and paramedic["SAFE-ADULTS"] == "3" and paramedic["SAFE-CHILDREN"] == "3"
    assert handler["RESUS"] == "1" and handler["SAFE-ADULTS"] == "2" and handler["SAFE-CHILDREN"] == "2"
    assert pts["RESUS"] == "2" and pts["MH"] == "2"
    assert handler["OLIVER-MCGOWAN"] == "1" and paramedic["OLIVER-MCGOWAN"] == "2"
    codes = {r: {c.code for c in courses if c.applies(r)} for r in (Role.CALL_HANDLER, Role.PARAMEDIC)}
    assert "DRIVING" not in codes[Role.CALL_HANDLER] and "DRIVING" in codes[Role.PARAMEDIC]
    # Every role holds each subject at one level only, and the CSTF core applies to everyone.
    for role in Role:
        held = [c.code.rsplit("-", 1)[0] for c in courses if c.applies(role) and c.code[-1].isdigit()]
        assert len(held) == len(set(held)), role
        assert {"EDHR", "HSW", "CONFLICT", "FIRE", "IG", "PREVENT"} <= {c.code for c in courses if c.applies(role)}


def test_compliance_counts_only_what_the_role_requires(workspace):
    """Both hold every course a paramedic needs; the call handler is in date with nothing missing,
    because resuscitation and safeguarding level 3 are not asked of them."""
    repo = workspace.training()
    courses = repo.courses()
    done = {c.id: "2026-10-01" for c in courses if c.applies(Role.PARAMEDIC)}
    paramedic = summarise(courses, Role.PARAMEDIC, done, AS_OF)
    handler = summarise(courses, Role.CALL_HANDLER, done, AS_OF)
    assert paramedic.text() == f"All {paramedic.required} in date"
    assert handler.required < paramedic.required
    # The call handler's own levels (IPC 1, moving and handling 1, safeguarding adults and children 2,
    # resuscitation 1, Oliver McGowan tier 1) are not in the paramedic's set; nothing level 3 is asked.
    assert handler.text() == "6 never done"
    assert not {c.code for c in courses if c.applies(Role.CALL_HANDLER)} & {"RESUS-3", "SAFE-ADULTS-3",
                                                                               "SAFE-CHILDREN-3"}


def test_the_matrix_cites_its_sources():
    import json

    from desktop.paths import resource_path
    data = json.loads(resource_path("training", "ambulance.json").read_text(encoding="utf-8"))
    titles = " ".join(s["title"] for s in data["sources"])
    assert "Core Skills Training Framework" in titles and "Health and Care Act 2022" in titles
    assert "set by each trust" in data["refresher_note"]


def test_a_workspace_on_an_older_default_moves_to_the_matrix_but_hr_catalogues_stay(workspace):
    from desktop.store import sync_state
    from desktop.store.training_repo import DEFAULT_VERSION
    repo = workspace.training()
    repo.courses()
    workspace.db.execute("UPDATE training_courses SET applies_to = '[]' WHERE code = 'RESUS-3'")
    workspace.db.execute("DELETE FROM settings WHERE key = ?", [DEFAULT_VERSION])   # seeded by an older version
    resus = next(c for c in repo.courses() if c.code == "RESUS-3")
    assert not resus.applies(Role.CALL_HANDLER)
    sync_state.put(workspace.db, sync_state.REFERENCE_VERSION, "3")                  # HR's catalogue in force
    workspace.db.execute("UPDATE training_courses SET applies_to = '[]' WHERE code = 'RESUS-3'")
    workspace.db.execute("DELETE FROM settings WHERE key = ?", [DEFAULT_VERSION])
    assert next(c for c in repo.courses() if c.code == "RESUS-3").applies(Role.CALL_HANDLER)
