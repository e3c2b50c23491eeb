"""Facts about each staff member for the team table, computed in one pass of queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from desktop.domain.compliance import TeamFigures, counts
from desktop.domain.dates import financial_year_start
from desktop.domain.due import next_eadr_due
from desktop.domain.staff import Staff
from desktop.domain.training import Course, summarise
from desktop.domain.team import StaffFacts
from desktop.store.workspace import Workspace


def prior_appraisal(person: Staff, earlier: dict[str, date]) -> date | None:
    """The latest appraisal before this app: from the person's details (ESR or typed in) or an EADR signed at
    another station that HR sent when they moved here."""
    dates = [d for d in (person.prior_appraisal, earlier.get(person.assignment_number)) if d is not None]
    return max(dates, default=None)


def team_facts(ws: Workspace, people: Iterable[Staff], today: date,
               courses: list[Course] | None = None) -> dict[str, StaffFacts]:
    """EADR due dates, open conversations, CPD hours and training for `people`."""
    people = list(people)
    only = [p.id or "" for p in people] if len(people) < 50 else None
    conversations = ws.conversations()
    profile = ws.profile()
    last = conversations.last_signed_eadr_dates()
    earlier = conversations.earlier_eadr_dates()
    open_ = conversations.open_statuses()
    hours = ws.cpd().team_hours(financial_year_start(today), only)
    training = ws.training()
    courses = courses if courses is not None else training.courses()
    latest = training.latest(only)
    facts = {}
    cutoffs: dict = {}
    for person in people:
        assert person.id is not None
        cpd_hours, waiting = hours.get(person.id, (0.0, 0))
        facts[person.id] = StaffFacts(
            due=next_eadr_due(last.get(person.id), person.start_date, today, profile.eadr_interval_months,
                              profile.due_soon_days, prior_appraisal(person, earlier), person.next_appraisal),
            last_eadr=last.get(person.id), open_conversation=open_.get(person.id),
            cpd_hours=cpd_hours, cpd_waiting=waiting,
            training=summarise(courses, person.role, latest.get(person.id, {}), today, cutoffs))
    return facts


def compliance_figures(people: Iterable[Staff], facts: dict[str, StaffFacts], today: date) -> TeamFigures:
    """The team's appraisal and training compliance by desktop.domain.compliance, the rule HR's hub uses."""
    figures = TeamFigures()
    for person in people:
        fact = facts.get(person.id or "")
        if fact is not None and counts(person.start_date, today, person.leaving_date, person.is_active):
            figures.add(fact.due, fact.training)
    return figures


def team_compliance(ws: Workspace, today: date) -> TeamFigures:
    """The figures for the whole team as the station shows them (Home, team page)."""
    people = [p for p in ws.staff().all() if p.is_active]
    return compliance_figures(people, team_facts(ws, people, today), today)
