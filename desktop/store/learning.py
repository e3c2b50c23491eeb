"""The team's learning at a glance: CPD hours by type this year, entries waiting for reflection,
and training status per course, with the people whose training needs action."""

from __future__ import annotations

from collections import Counter
from datetime import date

from desktop.domain.dates import financial_year_start
from desktop.domain.staff import Staff
from desktop.domain.training import STATE_ORDER, CourseStatus, Cutoffs, TrainingState, course_status
from desktop.domain.learning import CourseLine, TeamLearning
from desktop.store.workspace import Workspace


def team_learning(ws: Workspace, today: date, people: list[Staff] | None = None) -> TeamLearning:
    """For active staff: one pass over the latest completions, two small CPD queries."""
    active = [p for p in (people if people is not None else ws.staff().all()) if p.is_active]
    by_id = {p.id: p for p in active}
    cpd = ws.cpd()
    since = financial_year_start(today)
    waiting = [(by_id[e.staff_id], e) for e in cpd.waiting_for_reflection() if e.staff_id in by_id]
    training = ws.training()
    courses = training.courses()
    latest = training.latest()
    counts = {c.id: Counter() for c in courses}
    cutoffs = {c.id: Cutoffs.of(c, today) for c in courses}
    needing: list[tuple[Staff, CourseStatus]] = []
    for person in active:
        mine = latest.get(person.id or "", {})
        for course in courses:
            if not course.applies(person.role):
                continue
            done = mine.get(course.id or "")
            state = cutoffs[course.id].state(done)
            counts[course.id][state] += 1
            if state is not TrainingState.IN_DATE:   # the words and dates only for the lines shown
                needing.append((person, course_status(course, date.fromisoformat(done) if done else None, today)))
    needing.sort(key=lambda pair: (STATE_ORDER.index(pair[1].state), pair[1].expires_on or date.min,
                                   pair[0].sort_name))
    return TeamLearning(since, cpd.hours_by_type(since), waiting,
                        [CourseLine(c, counts[c.id]) for c in courses], needing, len(active))
