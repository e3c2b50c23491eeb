"""What to print, gathered from a workspace: the EADR record, blank forms, the compliance report,
the HCPC CPD profile, everything held about a person (subject access).

Every print is audited. Blank forms reuse the person's open conversation, or plan one,
so the record ID on the paper is the record it will be typed into.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from desktop.domain import clock
from desktop.documents.compliance import ComplianceLine, ComplianceReport
from desktop.documents.cpd_profile import CpdProfileDocument, ProfileContext
from desktop.documents.eadr_blank import BlankEadrForms, BlankForm
from desktop.documents.eadr_prepare import PreparationForm, PreparationFormData
from desktop.documents.eadr_record import EadrRecord, RecordContext
from desktop.documents.subject_access import SubjectAccessReport
from desktop.documents.subject_access import report as subject_access_report
from desktop.domain.conversation import Conversation, Kind, Status
from desktop.domain.errors import EadrError
from desktop.domain.errors import Cancelled
from desktop.domain.hcpc import suggested_profile
from desktop.domain.staff import Staff
from desktop.store import audit
from desktop.store.team import team_facts
from desktop.store.workspace import Workspace


class NothingToPrint(EadrError):
    """The request names no record; the message says why."""


def _previous_signed(ws: Workspace, conversation: Conversation) -> date | None:
    """The EADR before this one, which opens the period this one covers."""
    signed = [line.on for line in ws.conversations().history(conversation.staff_id)
              if line.kind is Kind.EADR and line.status is Status.SIGNED_OFF and line.id != conversation.id
              and line.on and (conversation.held_on is None or line.on < conversation.held_on)]
    return max(signed) if signed else None


def record(ws: Workspace, staff: Staff, conversation: Conversation | None = None,
           include_private: bool = False) -> EadrRecord:
    """The record of `conversation`, or of the person's open conversation, else their last signed EADR."""
    repo = ws.conversations()
    conversation = conversation or repo.open_for(staff.id or "") or repo.last_signed(staff.id or "")
    if conversation is None:
        raise NothingToPrint(f"{staff.display_name} ({staff.assignment_number}) has no EADR recorded; "
                             "print a blank form instead (--blank)")
    prepared = ws.preparations().for_conversation(conversation.id or "") or (
        None if conversation.read_only else ws.preparations().current(staff.id or ""))
    context = RecordContext(staff, ws.info.station_name, ws.profile(), _previous_signed(ws, conversation),
                            prepared.preparation if prepared else None)
    return EadrRecord(conversation, context, include_private)


def preparation_form(ws: Workspace, staff: Staff, with_code: bool = True) -> PreparationForm:
    """Their preparation form, pre-filled; with a new one-time code to prepare on the station PC instead."""
    from desktop.security.preparation import code_for
    from desktop.security.feedback360 import format_code
    last = ws.conversations().last_signed(staff.id or "")
    record_id = ws.preparations().ensure(staff.id or "").id
    code, until = code_for(ws, staff) if with_code else ("", None)
    return PreparationForm(PreparationFormData(staff, record_id, ws.manager_name,
                                               [o.title for o in last.new_objectives] if last else [],
                                               last.held_on if last else None, format_code(code) if code else "",
                                               until), ws.info.station_name, ws.profile())


def blank_forms(ws: Workspace, people: list[Staff]) -> BlankEadrForms:
    """Pre-filled blank forms; each person's open EADR is reused, or a planned one is made ready. Those new ones
    are stored only when the forms are really printed or saved (note_output): a preview closed without printing,
    or a batch cancelled, leaves no record behind."""
    repo = ws.conversations()
    facts = team_facts(ws, people, clock.today())
    forms = []
    planned: list[Conversation] = []
    for person in people:
        open_ = repo.open_for(person.id or "")
        if open_ is not None and open_.kind is Kind.EADR:
            conversation = open_
        else:
            conversation = repo.plan(person.id or "")
            planned.append(conversation)
        fact = facts[person.id or ""]
        forms.append(BlankForm(person, conversation, fact.due, fact.last_eadr))
    document = BlankEadrForms(forms, ws.info.station_name, ws.profile())
    document.not_yet_stored = planned
    return document


def due_within(ws: Workspace, weeks: int, today: date | None = None) -> list[Staff]:
    """Active staff whose EADR is overdue or due in the next `weeks` weeks, soonest first, after anyone with
    no EADR recorded (they need one, and the app cannot say since when)."""
    today = today or clock.today()
    people = [p for p in ws.staff().all() if p.is_active]
    facts = team_facts(ws, people, today)
    limit = today + timedelta(weeks=weeks)
    due = [p for p in people if (facts[p.id or ""].due.on or date.min) <= limit]
    return sorted(due, key=lambda p: (facts[p.id or ""].due.on or date.min, p.sort_name))


def compliance(ws: Workspace) -> ComplianceReport:
    people = [p for p in ws.staff().all() if p.is_active]
    facts = team_facts(ws, people, clock.today())
    lines = [ComplianceLine(f"{p.last_name}, {p.preferred_name or p.first_name}", p.assignment_number, p.role.label,
                            facts[p.id or ""].last_eadr, facts[p.id or ""].due) for p in people]
    return ComplianceReport(lines, ws.info.station_name, ws.profile().short_name)


def cpd_profile(ws: Workspace, staff: Staff, today: date | None = None) -> CpdProfileDocument:
    """The person's saved HCPC profile draft, or a first draft: the last two years' reflected activities."""
    repo = ws.cpd()
    entries = repo.entries(staff.id or "")
    profile = repo.profile(staff.id or "") or suggested_profile(staff.id or "", entries, today or clock.today())
    return CpdProfileDocument(profile, entries, ProfileContext(staff, ws.info.station_name, ws.profile().trust))


def subject_access(ws: Workspace, staff: Staff) -> SubjectAccessReport:
    """Everything held about `staff`, private notes included, to print or save as one PDF."""
    return subject_access_report(ws, staff)


def describe(document: object) -> str:
    """Words for the audit log: what was printed, and whether private notes were in it."""
    if isinstance(document, EadrRecord):
        person = document.ctx.staff
        return (f"{document.c.kind.label} record for {person.display_name} ({person.assignment_number})"
                + (", with private wellbeing notes" if document.include_private else ""))
    if isinstance(document, CpdProfileDocument):
        return f"HCPC CPD profile for {document.person.display_name} ({document.person.assignment_number})"
    if isinstance(document, SubjectAccessReport):
        return (f"subject access report (everything held) for {document.staff.display_name} "
                f"({document.staff.assignment_number}), with private wellbeing notes")
    if isinstance(document, PreparationForm):
        person = document.form.staff
        return (f"EADR preparation form for {person.display_name} ({person.assignment_number})"
                + (", with a one-time code" if document.form.code else ""))
    if isinstance(document, BlankEadrForms):
        n = len(document.forms)
        return f"{n} blank EADR form{'s' if n != 1 else ''}"
    return "the EADR compliance report"


def note_output(ws: Workspace, document: object, how: str) -> None:
    """Audit a print or a saved PDF once it has really happened: `how` is 'Printed' or 'Saved as PDF'."""
    entity, entity_id = "document", document.c.id if isinstance(document, EadrRecord) else None
    staff_id = None   # whom it is about, so retention can later find the entry by record
    if isinstance(document, SubjectAccessReport):
        entity, entity_id = "staff", document.staff.id
    if isinstance(document, CpdProfileDocument):
        staff_id = document.person.id
    if isinstance(document, PreparationForm):
        staff_id = document.form.staff.id
    with ws.db.atomic():
        audit.record(ws.db, ws.manager_name, "print", entity, entity_id, f"{how}: {describe(document)}",
                     staff_id=staff_id)
        if isinstance(document, BlankEadrForms):   # each form's record ID is now on paper: store and audit it
            repo = ws.conversations()
            for planned in document.not_yet_stored:
                repo.keep(planned)
            document.not_yet_stored = []
            for form in document.forms:
                audit.record(ws.db, ws.manager_name, "print", "conversation", form.conversation.id,
                             f"{how}: blank {form.conversation.kind.noun} form for {form.staff.display_name} "
                             f"({form.staff.assignment_number})")


def render_with_progress(document: BlankEadrForms, progress: Callable[[int, int], bool]) -> bytes:
    """Render a batch, calling `progress(done, total)` per form; it returns False to cancel."""
    total, seen = len(document.forms), set()

    def on_mark(marks: dict) -> None:
        group = marks.get("group")
        if group is not None and group not in seen:
            seen.add(group)
            if not progress(len(seen) - 1, total):
                raise Cancelled()

    data = document.to_bytes(on_mark=on_mark)
    progress(total, total)
    return data
