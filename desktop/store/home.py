"""The home page's data: to-do lines that open the right place, and the team-at-a-glance figures.

Built from the same `StaffFacts` the team table uses, so unlocking computes them once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from datetime import date, timedelta

from desktop.domain.conversation import Status
from desktop.domain.dates import financial_year_start, uk, uk_timestamp
from desktop.domain.due import DueState, add_months, due_date, in_date_on
from desktop.domain.home import Glance, HomeSummary, MonthFigure, Target, Reminder, ReminderKind, month_starts
from desktop.domain.staff import Staff
from desktop.domain.training import TrainingState
from desktop.store import sync_state
from desktop.store.team import StaffFacts, compliance_figures, prior_appraisal
from desktop.store.workspace import Workspace

REVIEW_SOON_DAYS = 30


def _month_end(start: date, today: date) -> date:
    return min(add_months(start, 1) - timedelta(days=1), today)


def _compliance(people: list[Staff], history: dict[str, list[date]], earlier: dict[str, date], interval: int,
                today: date) -> list[MonthFigure]:
    """% of today's active staff whose EADR was in date at each month end, by the same rule as the team page
    (`next_eadr_due` and `Due.in_date`, through its `due_date` and `in_date_on`): what was known then, signed
    EADRs up to that day included. A person's due date only changes when an EADR was signed or their earlier
    appraisal came in, so it is worked out once per change, not once per month (7,000 staff × 12 months)."""
    starts = month_starts(today)
    ends = [_month_end(start, today) for start in starts]
    counted, in_date = [0] * len(ends), [0] * len(ends)
    for person in people:
        dates = history.get(person.id or "")
        prior_any = prior_appraisal(person, earlier)
        known: tuple | None = None
        on: date | None = None
        for i, end in enumerate(ends):
            if person.start_date and person.start_date > end:
                continue
            counted[i] += 1
            last = dates[bisect_right(dates, end) - 1] if dates and dates[0] <= end else None
            prior = prior_any if prior_any and prior_any <= end else None
            if known != (last, prior):
                known = (last, prior)
                on = due_date(last, person.start_date, interval, prior, person.next_appraisal)[0]
            if in_date_on(on, end):
                in_date[i] += 1
    return [MonthFigure(start, round(100 * n / c, 1) if c else 0.0) for start, n, c in zip(starts, in_date, counted)]


def _sync_reminders(ws: Workspace) -> list[Reminder]:
    """Records HR has not yet acknowledged, and when it last did (or how to join its hub)."""
    if sync_state.get(ws.db, sync_state.ENROLMENT) is None:
        return [Reminder(ReminderKind.SYNC, "Not joined to HR's hub yet: ask HR for an enrolment file", None, Target.SYNC)]
    waiting = sum(sync_state.waiting(ws.db).values())
    if not waiting:
        return []
    at = sync_state.last_acknowledged_at(ws.db)
    last = f"HR last acknowledged {uk_timestamp(at)[:10]}" if at else "HR has not acknowledged any yet"
    return [Reminder(ReminderKind.SYNC, f"{waiting:,} records not yet acknowledged by HR; {last}", None, Target.SYNC)]


def _action_reminders(ws: Workspace, active: list[Staff], today: date) -> list[Reminder]:
    """Open actions from check-ins, soonest due first; overdue ones say so in words."""
    names = {p.id: p.display_name for p in active}
    return [Reminder(ReminderKind.CHECKIN_ACTION, f"{names[a.staff_id]}: {a.reminder(today)}", a.staff_id, Target.PERSON,
                     a.due_on) for a in ws.checkins().open_actions() if a.staff_id in names]


HR_REVIEW_DAYS = 30


def _review_reminders(ws: Workspace, people: list[Staff], today: date) -> list[Reminder]:
    """HR's dip-sample reviews received in the last 30 days: each opens the person, whose record shows
    HR's comment."""
    names = {p.id: p.display_name for p in people}
    since = (today - timedelta(days=HR_REVIEW_DAYS)).isoformat()
    out = []
    for r in sync_state.hr_reviews_since(ws.db, since):
        yours = f"{r['station_score']}%" if r["station_score"] is not None else "not scored"
        out.append(Reminder(ReminderKind.HR_REVIEW, f"{names.get(r['staff_id'], 'A former colleague')}: HR reviewed "
                            f"their signed EADR ({r['period']}): HR {r['score']}%, your checklist {yours}"
                            + (" — with a comment" if r["comment"] else ""), r["staff_id"], Target.PERSON))
    return out


def clock_reminder(ws: Workspace) -> Reminder | None:
    """The PC's clock reading earlier than the workspace has seen, as a plain first to-do line: dates on new
    records, reminders and due dates all follow it (the status bar says it too)."""
    warning = ws.clock_warning()
    if warning is None:
        return None
    return Reminder(ReminderKind.CLOCK, f"{warning}.", None, Target.CLOCK)


def home_summary(ws: Workspace, people: list[Staff], facts: dict[str, StaffFacts], today: date) -> HomeSummary:
    active = [p for p in people if p.is_active]
    conversations = ws.conversations()
    reviews = conversations.wellbeing_reviews()
    reminders: list[Reminder] = []
    training: Counter[TrainingState] = Counter()
    for person in active:
        fact = facts.get(person.id or "")
        if fact is None:
            continue
        name, pid = person.display_name, person.id
        if fact.due.state is DueState.OVERDUE:
            reminders.append(Reminder(ReminderKind.EADR_OVERDUE, f"{name}: EADR overdue since {uk(fact.due.on)}", pid,
                              Target.CONVERSATION, fact.due.on))
        elif fact.due.state is DueState.DUE_SOON:
            what = "first EADR" if fact.due.first else "EADR"
            reminders.append(Reminder(ReminderKind.EADR_DUE, f"{name}: {what} due {uk(fact.due.on)}", pid,
                              Target.CONVERSATION, fact.due.on))
        elif fact.due.state is DueState.UNKNOWN:
            reminders.append(Reminder(ReminderKind.NO_RECORD, f"{name}: no EADR recorded; add their last appraisal "
                                      "in their details, or start one", pid, Target.PERSON))
        if fact.open_conversation:
            kind, status = fact.open_conversation
            if status is Status.AWAITING_SIGNOFF:
                reminders.append(Reminder(ReminderKind.SIGN_OFF, f"{name}: {kind.noun} waiting for sign-off", pid,
                                  Target.CONVERSATION))
            elif status is Status.IN_PROGRESS:
                reminders.append(Reminder(ReminderKind.IN_PROGRESS, f"{name}: {kind.noun} in progress", pid,
                                  Target.CONVERSATION))
        review = reviews.get(pid or "")
        if review and review <= today + timedelta(days=REVIEW_SOON_DAYS):
            when = f"overdue since {uk(review)}" if review < today else f"due {uk(review)}"
            reminders.append(Reminder(ReminderKind.WELLBEING_REVIEW, f"{name}: wellbeing review {when}", pid,
                              Target.PERSON, review))
        if fact.training is not None:
            training.update(fact.training.counts)
            if fact.training.worst in (TrainingState.EXPIRED, TrainingState.NEVER, TrainingState.EXPIRING):
                reminders.append(Reminder(ReminderKind.TRAINING, f"{name}: training {fact.training.text()}", pid,
                                  Target.TRAINING))
        if fact.cpd_waiting:
            n = fact.cpd_waiting
            reminders.append(Reminder(ReminderKind.REFLECTION, f"{name}: {n} CPD entr{'ies' if n != 1 else 'y'} waiting for "
                                                   "reflection", pid, Target.CPD))
    reminders += _action_reminders(ws, active, today)
    reminders += _sync_reminders(ws)
    reminders += _review_reminders(ws, people, today)
    clock_line = clock_reminder(ws)
    if clock_line is not None:
        reminders.append(clock_line)
    order = list(ReminderKind)
    reminders.sort(key=lambda t: (order.index(t.kind), t.on or date.max, t.text))
    since = financial_year_start(today)
    figures = compliance_figures(active, facts, today)   # the rule HR's hub uses too
    held = conversations.wellbeing_held_by_month(month_starts(today)[0])
    glance = Glance(
        active_staff=figures.staff, in_date_now=figures.appraisal_in_date,
        compliance_months=_compliance(active, conversations.signed_eadr_history(), conversations.earlier_eadr_dates(),
                                      ws.profile().eadr_interval_months, today),
        wellbeing_months=[MonthFigure(m, held.get(m.isoformat()[:7], 0)) for m in month_starts(today)],
        cpd_hours=ws.cpd().hours_by_type(since), cpd_since=since, training=dict(training))
    return HomeSummary(reminders, glance)
