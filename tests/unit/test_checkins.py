"""Check-ins, their actions and the wellbeing plan: stored, on Home, as evidence, in subject access, never in a
bundle, and deleted with a leaver after retention."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta

import pytest
from syncing import AS_OF

from desktop.domain.checkin import (
    Checkin, CheckinAction, CheckinInvalid, CheckinKind, Evidence, WellbeingPlan, evidence_window,
)
from desktop.domain.home import ReminderKind
from desktop.security.unlock import unlock_workspace
from desktop.store.home import home_summary
from desktop.store.retention import delete_person
from desktop.store.sync_state import read_outgoing
from desktop.store.team import team_facts

PRIVATE = "Caring for a parent with dementia"
NOTE = "Struggling after the RTC on the A12"


@pytest.fixture
def ws(demo_folder):
    workspace = unlock_workspace(demo_folder, "demo")
    yield workspace
    if workspace.is_open:
        workspace.close()


def _log(ws, person, held_on=AS_OF, due=AS_OF - timedelta(days=2)) -> Checkin:
    repo = ws.checkins()
    repo.save_plan(WellbeingPlan(person.id, {"keeps_well": "Walks"}, PRIVATE, AS_OF), AS_OF)
    return repo.add(Checkin(person.id, held_on, CheckinKind.WELLBEING, NOTE,
                            (CheckinAction("Refer to occupational health", "Manager", due),
                             CheckinAction("Try the peer support group", "Staff member")), True).checked(AS_OF))


def test_a_checkin_is_checked_before_it_is_kept():
    with pytest.raises(CheckinInvalid, match="in the future"):
        Checkin("s", AS_OF + timedelta(days=1), CheckinKind.ONE_TO_ONE).checked(AS_OF)
    with pytest.raises(CheckinInvalid, match="Action 1 has no owner"):
        Checkin("s", AS_OF, CheckinKind.ONE_TO_ONE, actions=(CheckinAction("Do it", " "),)).checked(AS_OF)
    tidy = Checkin("s", AS_OF, CheckinKind.ONE_TO_ONE, "  ok ", (CheckinAction(" Do   it ", "Manager"),)).checked(AS_OF)
    assert tidy.notes == "ok" and tidy.actions[0].action == "Do it"


def test_actions_reach_home_overdue_in_words_and_leave_when_done(ws):
    person = next(p for p in ws.staff().all() if p.is_active)
    checkin = _log(ws, person)
    people = ws.staff().all()
    summary = home_summary(ws, people, team_facts(ws, people, AS_OF), AS_OF)
    lines = [r.text for r in summary.reminders if r.kind is ReminderKind.CHECKIN_ACTION]
    assert f"{person.display_name}: action overdue since {(AS_OF - timedelta(days=2)):%d/%m/%Y}: Refer to " \
           "occupational health (Manager)" in lines
    assert f"{person.display_name}: action no due date: Try the peer support group (Staff member)" in lines
    ws.checkins().mark_done(checkin.actions[0].id, AS_OF)
    assert [a.action for a in ws.checkins().open_actions()] == ["Try the peer support group"]
    assert ws.checkins().plan(person.id).reviewed_on == AS_OF


def test_evidence_is_what_happened_since_the_eadr_before():
    assert evidence_window([date(2024, 5, 1), date(2025, 5, 1)], None) == (date(2025, 5, 1), None)
    assert evidence_window([date(2024, 5, 1), date(2025, 5, 1)], date(2025, 5, 1)) == (date(2024, 5, 1),
                                                                                      date(2025, 5, 1))
    older = Checkin("s", date(2025, 6, 1), CheckinKind.SUPERVISION, "Good", (CheckinAction("Shadow HART", "Both"),))
    newer = Checkin("s", date(2025, 9, 1), CheckinKind.ONE_TO_ONE)
    lines = Evidence(None, (older, newer)).up_to(date(2025, 7, 1)).lines(AS_OF)
    assert lines == ["01/06/2025 Supervision: Good", "    • Shadow HART — Both"]


def test_subject_access_holds_all_of_it_and_no_bundle_carries_any(ws, tmp_path):
    from desktop.documents.subject_access import export
    person = next(p for p in ws.staff().all() if p.is_active)
    _log(ws, person)
    json_path, pdf_path = export(ws, person, tmp_path / "sar")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["checkins"][0]["notes"] == NOTE
    assert [a["action"] for a in data["checkins"][0]["actions"]] == ["Refer to occupational health",
                                                                     "Try the peer support group"]
    assert data["wellbeing_plan"]["private_notes"] == PRIVATE
    text = " ".join(subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True).stdout.split())
    assert NOTE in text and PRIVATE in text and "Refer to occupational health" in text
    everything = repr(read_outgoing(ws.db, since=0).parts)
    assert NOTE not in everything and PRIVATE not in everything and "occupational health" not in everything


def test_subject_access_says_a_view_was_given_but_holds_no_answers(ws, tmp_path):
    from desktop.documents.subject_access import export
    from desktop.domain.conversation import Kind
    from desktop.security.verdict import About, VerdictBox, open_verdict_with_code
    person, conversation = next((p, c) for p in ws.staff().all()
                                if (c := ws.conversations().last_signed(p.id, Kind.EADR)) is not None)
    box = VerdictBox(ws.folder, ws.verdicts(), None)
    code = box.issue_code(conversation.id, person.id, About("Sam", "EADR", "", "Jo"))
    open_verdict_with_code(ws.folder, code).submit({"job": "agree", "objectives": "agree", "valued": "disagree",
                                                    "wellbeing": "neither"})
    box.fold(AS_OF)
    json_path, _ = export(ws, person, tmp_path / "sar")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    [view] = data["views_of_conversations"]
    assert view["conversation_id"] == conversation.id and "not held" in view["answers"]
    assert "disagree" not in json_path.read_text(encoding="utf-8")


def test_retention_deletes_checkins_actions_and_the_plan_with_the_leaver(ws):
    person = next(p for p in ws.staff().all() if p.is_active)
    _log(ws, person, held_on=date(2018, 3, 1), due=date(2018, 4, 1))
    ws.staff().mark_leaver(person.id, date(2018, 6, 30))
    delete_person(ws.db, "Jo Taylor", ws.staff().get(person.id), AS_OF)
    for table in ("checkins", "checkin_actions", "wellbeing_plans"):
        assert ws.db.execute(f"SELECT count(*) FROM {table} WHERE staff_id = ?", [person.id]).fetchone()[0] == 0
