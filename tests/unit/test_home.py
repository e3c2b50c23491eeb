"""Home's to-do lines and team-at-a-glance figures, from a workspace built by hand."""

from __future__ import annotations

from datetime import date

from desktop.domain.conversation import Kind
from desktop.domain.cpd import ActivityType, CpdEntry
from desktop.domain.home import Target, ReminderKind, month_starts
from desktop.domain.staff import Staff
from desktop.domain.training import TrainingState
from desktop.store.home import home_summary
from desktop.store.team import team_facts
from tests.conftest import AS_OF


def test_month_starts_cross_the_year():
    assert month_starts(date(2026, 2, 14), 3) == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


def test_one_cut_off_per_month_agrees_with_adding_months_to_every_date():
    from datetime import timedelta
    from desktop.domain.due import add_months, earliest_base
    for end in (date(2026, 3, 31), date(2026, 2, 28), date(2024, 2, 29), AS_OF, date(2026, 12, 31)):
        for months in (1, 6, 12):
            cut = earliest_base(end, months)
            for back in range(-10, 800):
                base = end - timedelta(days=back)
                assert (add_months(base, months) >= end) == (base >= cut), (end, months, base)


def test_reminders_say_what_needs_doing_and_where_it_opens(workspace):
    staff = workspace.staff()
    with workspace.db.atomic():
        overdue, soon, learner, unknown = staff.insert_many([
            Staff(assignment_number="90000001", first_name="Siân", last_name="O'Brien", job_title="Paramedic",
                  start_date=date(2020, 1, 6), prior_appraisal=date(2025, 1, 6)),
            Staff(assignment_number="90000002", first_name="Łukasz", last_name="Nowak", job_title="Paramedic",
                  start_date=date(2025, 12, 10)),
            Staff(assignment_number="90000003", first_name="Thảo", last_name="Nguyễn", job_title="Paramedic",
                  start_date=date(2026, 6, 1)),
            Staff(assignment_number="90000004", first_name="Ellis", last_name="Grey", job_title="Paramedic",
                  start_date=date(2012, 5, 1)),   # no appraisal on record: not "overdue since 2013"
        ])
    conversations = workspace.conversations()
    started = conversations.start(learner.id, Kind.WELLBEING)
    conversations.save(started.with_changes(summary="Started"))
    workspace.cpd().save(CpdEntry(staff_id=learner.id, title="Read JRCALC", start_date=AS_OF,
                                  activity_type=ActivityType.SELF_DIRECTED, hours=1, quick_capture=True), AS_OF)
    ig = next(c for c in workspace.training().courses() if c.code == "IG")
    workspace.training().record(overdue.id, ig, date(2025, 1, 1), AS_OF)
    people = staff.all()
    summary = home_summary(workspace, people, team_facts(workspace, people, AS_OF), AS_OF)
    lines = {(t.kind, t.staff_id): t for t in summary.reminders}
    assert lines[(ReminderKind.EADR_OVERDUE, overdue.id)].text == "Siân O'Brien: EADR overdue since 06/01/2026"
    assert lines[(ReminderKind.EADR_OVERDUE, overdue.id)].target is Target.CONVERSATION
    assert lines[(ReminderKind.EADR_DUE, soon.id)].text == "Łukasz Nowak: first EADR due 10/12/2026"
    assert lines[(ReminderKind.NO_RECORD, unknown.id)].target is Target.PERSON
    assert (ReminderKind.EADR_OVERDUE, unknown.id) not in lines
    assert lines[(ReminderKind.IN_PROGRESS, learner.id)].text == "Thảo Nguyễn: wellbeing check-in in progress"
    assert lines[(ReminderKind.REFLECTION, learner.id)].target is Target.CPD
    assert "1 expired" in lines[(ReminderKind.TRAINING, overdue.id)].text
    assert lines[(ReminderKind.SYNC, None)].text.startswith("Not joined to HR's hub yet")
    kinds = [t.kind for t in summary.reminders]
    assert kinds.index(ReminderKind.EADR_OVERDUE) < kinds.index(ReminderKind.EADR_DUE) < kinds.index(ReminderKind.SYNC)
    glance = summary.glance
    # the two starters are in date (not yet due); overdue and no record are not
    assert glance.active_staff == 4 and glance.in_date_now == 2 and glance.compliance_now == 50
    assert len(glance.compliance_months) == 12 and glance.compliance_months[-1].value == 50.0
    assert glance.cpd_hours == {ActivityType.SELF_DIRECTED: 1.0}
    required = sum(c.applies(p.role) for c in workspace.training().courses() for p in people)
    assert glance.training[TrainingState.EXPIRED] == 1 and sum(glance.training.values()) == required


def test_an_empty_workspace_has_nothing_to_do_but_join_hr(workspace):
    summary = home_summary(workspace, [], {}, AS_OF)
    assert summary.glance.active_staff == 0 and summary.glance.compliance_now is None
    assert [t.kind for t in summary.reminders] == [ReminderKind.SYNC]
