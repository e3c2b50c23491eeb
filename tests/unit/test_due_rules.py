"""When the next EADR is due, from what is on record: the app's signed EADRs, the last appraisal before the
app and ESR's next appraisal date. One rule for the team table, Home and the compliance report."""

from __future__ import annotations

from datetime import date

from desktop.documents.compliance import ComplianceLine, ComplianceReport
from desktop.domain.due import DueState, next_eadr_due

TODAY = date(2026, 11, 23)


def test_the_later_of_the_app_and_the_appraisal_before_it_counts():
    assert next_eadr_due(date(2024, 5, 1), None, TODAY, prior_appraisal=date(2026, 2, 1)).on == date(2027, 2, 1)
    assert next_eadr_due(date(2026, 3, 1), None, TODAY, prior_appraisal=date(2024, 2, 1)).on == date(2027, 3, 1)
    overdue = next_eadr_due(None, date(2010, 1, 1), TODAY, prior_appraisal=date(2025, 6, 1))
    assert overdue.state is DueState.OVERDUE and overdue.text() == "Overdue · 01/06/2026" and not overdue.in_date


def test_esr_next_appraisal_date_stands_until_an_eadr_is_signed_here():
    given = next_eadr_due(None, date(2010, 1, 1), TODAY, prior_appraisal=date(2026, 1, 10),
                          next_appraisal=date(2027, 4, 30))
    assert (given.on, given.state) == (date(2027, 4, 30), DueState.UPCOMING)
    signed_since = next_eadr_due(date(2026, 9, 1), None, TODAY, prior_appraisal=date(2026, 1, 10),
                                 next_appraisal=date(2027, 4, 30))
    assert signed_since.on == date(2027, 9, 1)


def test_no_appraisal_on_record_is_not_overdue_and_a_starter_sees_their_first_due_date():
    long_serving = next_eadr_due(None, date(2012, 5, 1), TODAY)
    assert long_serving.text() == "No EADR recorded" and long_serving.state is DueState.UNKNOWN
    assert not long_serving.in_date
    starter = next_eadr_due(None, date(2026, 3, 14), TODAY)
    assert starter.text() == "First EADR due 14/03/2027" and starter.first and starter.in_date
    soon = next_eadr_due(None, date(2025, 12, 1), TODAY)
    assert soon.text() == "First EADR due soon · 01/12/2026" and soon.in_date
    assert next_eadr_due(None, None, TODAY).text() == "No EADR recorded"


def test_the_compliance_report_counts_in_date_as_home_does(tmp_path):
    lines = [ComplianceLine("A", "1", "Paramedic", None, next_eadr_due(None, date(2026, 3, 14), TODAY)),
             ComplianceLine("B", "2", "Paramedic", None, next_eadr_due(None, date(2012, 5, 1), TODAY)),
             ComplianceLine("C", "3", "Paramedic", date(2025, 1, 1), next_eadr_due(date(2025, 1, 1), None, TODAY))]
    from tests.unit.test_documents import pdf_text
    report = ComplianceReport(lines, "Ipswich", printed_on=TODAY)
    (tmp_path / "c.pdf").write_bytes(report.to_bytes())
    text = " ".join(pdf_text(tmp_path / "c.pdf").split())
    assert "In date: 1 (33%)" in text and "Overdue: 1" in text and "No EADR recorded: 1" in text
    assert "First EADR due 14/03/2027" in text


def test_appraisals_before_this_app_come_from_the_details_or_hr_for_staff_who_moved(workspace):
    from desktop.domain.staff import Staff
    from desktop.store.team import team_facts
    with workspace.db.atomic():
        moved, typed, none = workspace.staff().insert_many([
            Staff(assignment_number="70000001", first_name="Siân", last_name="Evans", start_date=date(2011, 1, 1)),
            Staff(assignment_number="70000002", first_name="Tomás", last_name="Ruiz", start_date=date(2011, 1, 1),
                  prior_appraisal=date(2026, 2, 3)),
            Staff(assignment_number="70000003", first_name="Ellis", last_name="Grey", start_date=date(2011, 1, 1))])
        workspace.db.execute("INSERT INTO previous_eadrs (id, assignment_number, station, signed_on, received_at) "
                             "VALUES ('x1', '70000001', 'Norwich', '2026-05-06', '2026-06-01T10:00:00')")
    facts = team_facts(workspace, [moved, typed, none], TODAY)
    assert facts[moved.id].due.on == date(2027, 5, 6)
    assert facts[typed.id].due.on == date(2027, 2, 3)
    assert facts[none.id].due.text() == "No EADR recorded"


def test_blank_forms_for_staff_due_include_those_with_no_eadr_recorded(workspace):
    from desktop.documents import printing
    from desktop.domain.staff import Staff
    with workspace.db.atomic():
        unknown, starter = workspace.staff().insert_many([
            Staff(assignment_number="70000003", first_name="Ellis", last_name="Grey", start_date=date(2011, 1, 1)),
            Staff(assignment_number="70000004", first_name="Nia", last_name="Pryce", start_date=TODAY)])
    assert [p.id for p in printing.due_within(workspace, 6, TODAY)] == [unknown.id]


def test_in_date_from_due_date_agrees_with_the_rule_for_every_case():
    """Home's monthly chart counts with due_date/in_date_on (worked out once per person); it must say exactly
    what next_eadr_due(...).in_date says on the same day, in every branch of the rule."""
    from itertools import product

    from desktop.domain.due import due_date, in_date_on
    dates = (None, date(2024, 2, 29), date(2025, 11, 30), date(2025, 12, 1), date(2026, 3, 14))
    days = (date(2025, 11, 30), date(2026, 2, 28), date(2026, 11, 30), date(2026, 12, 1), date(2027, 3, 14))
    checked = 0
    for last, start, prior, given, day in product(dates, dates, dates, dates, days):
        for interval in (12, 24):
            expected = next_eadr_due(last, start, day, interval, 0, prior, given)
            on, first = due_date(last, start, interval, prior, given)
            assert in_date_on(on, day) == expected.in_date, (last, start, prior, given, day, interval)
            if expected.on is not None:
                assert (on, first) == (expected.on, expected.first)
            checked += 1
    assert checked == 5 ** 5 * 2
