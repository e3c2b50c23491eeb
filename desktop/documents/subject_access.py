"""Everything held about one staff member, for a subject access request: JSON and a PDF.

Includes private wellbeing notes (the person is entitled to them), so every page of
the PDF is marked Confidential. Both files are written atomically and together; the export is audited once they are on disk.
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph

from desktop.domain import clock
from desktop.documents.base import PageMark, PdfDocument
from desktop.documents.eadr_record import EadrRecord, RecordContext
from desktop.documents.feedback360 import report_story, round_summary
from desktop.documents.parts import details, esc, grid, para
from desktop.domain.checkin import PLAN_AREAS, Checkin, WellbeingPlan
from desktop.domain.dates import uk, uk_timestamp
from desktop.domain.leadership import build_report, dimension
from desktop.domain.preparation import PREPARED_SECTIONS, Preparation
from desktop.domain.staff import Staff
from desktop.security.feedback360 import report_items, round_state
from desktop.store import audit
from desktop.store.audit import AuditEntry
from desktop.store.files import failure, write_all
from desktop.store.workspace import Workspace

FORMAT = "eadr-station-subject-access"


def _plain(value: object) -> object:
    """Dataclasses, enums and dates as JSON-ready values (ISO dates in files)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _audit_about(ws: Workspace, ids: set[str]) -> list[AuditEntry]:
    rows = ws.db.execute("SELECT at, actor, action, entity, entity_id, summary FROM audit_log "
                         "ORDER BY rowid").fetchall()
    return [AuditEntry(*r) for r in rows if r[4] in ids]


class SubjectAccessReport(PdfDocument):
    def __init__(self, ws: Workspace, staff: Staff, records: list[EadrRecord], entries: list[AuditEntry],
                 checkins: list[Checkin] | None = None, plan: WellbeingPlan | None = None,
                 views: dict[str, date] | None = None, preparing: Preparation | None = None):
        super().__init__(ws.info.station_name, ws.profile().short_name)
        self.staff, self.records, self.entries = staff, records, entries
        self.checkins, self.plan, self.views = checkins or [], plan, views or {}
        self.preparing = preparing   # their preparation for an EADR not yet opened (the others print with theirs)
        repo = ws.leadership()
        self.self_assessment = repo.self_assessment(staff.id or "")
        self.rounds = repo.rounds_for(staff.id or "")
        self.values = ws.profile().values

    def leadership_story(self) -> list[Flowable]:
        """Their self-assessment, and each 360 round as the workspace keeps it: dates, responses per group, and
        once HR has returned them the merged results. Nothing per rater exists here to print."""
        s = self.styles
        if self.self_assessment is None and not self.rounds:
            return []
        story: list[Flowable] = [PageBreak(), Paragraph("Leadership self-assessment and 360 feedback", s["Heading"])]
        a = self.self_assessment
        if a is not None:
            story.append(para("Self-assessment against the Healthcare Leadership Model"
                              + (f", {uk(date.fromisoformat(a.assessed_on))}." if a.assessed_on else "."), s, "Body"))
            story.append(grid(("Dimension", "Level", "To develop", "Reflection"),
                              [(dimension(d.key).name, d.level.label if d.level else "Not placed",
                                "Yes" if d.develop else "", d.reflection) for d in a.dimensions],
                              (45 * mm, 25 * mm, 20 * mm, 90 * mm), s))
        for row in self.rounds:
            state = round_state(row)
            if row.results is None:
                story.append(para(round_summary(row.opened_on, row.closed_on, row.responses or {})
                                  + f" {state[:1].upper()}{state[1:]}.", s, "Body"))
                continue
            story.append(Paragraph(f"360 feedback round closed {uk(row.closed_on)}", s["Heading"]))
            story += report_story(s, row.opened_on, row.closed_on or row.opened_on, row.responses or {},
                                  build_report(row.results, report_items(row.results, self.values)))
        return story

    @property
    def title(self) -> str:
        return "Subject access: all records held"

    def story(self) -> list[Flowable]:
        s, p = self.styles, self.staff
        story: list[Flowable] = [
            PageMark(confidential=True),
            Paragraph(esc(f"Records held about {p.first_name} {p.last_name}"), s["Title"]),
            para(f"Everything this station's EADR Station workspace holds about you on {uk(self.printed_on)}, "
                 "including private wellbeing notes. A machine-readable copy (JSON) comes with this document.",
                 s, "Body"),
            details([("Name", f"{p.first_name} {p.last_name}"), ("Preferred name", p.preferred_name),
                     ("Assignment number", p.assignment_number), ("Job title", p.job_title),
                     ("Band", p.band or ""), ("HCPC registration", p.hcpc_number), ("Email", p.email),
                     ("Start date", uk(p.start_date, "")), ("Status", p.status.label),
                     ("Leaving date", uk(p.leaving_date, ""))], (32 * mm, 58 * mm, 32 * mm, 58 * mm), s),
            Paragraph("Conversations", s["Heading"]),
            grid(("Kind", "Status", "Date", "Record"),
                 [(r.c.kind.label, r.c.status.label, uk(r.c.held_on, ""), r.c.id or "") for r in self.records],
                 (40 * mm, 30 * mm, 25 * mm, 85 * mm), s, "No conversations recorded."),
            *self._checkins(),
            Paragraph("Activity recorded about you", s["Heading"]),
            grid(("When", "Who", "What"), [(uk_timestamp(e.at), e.actor, e.summary) for e in self.entries],
                 (32 * mm, 35 * mm, 113 * mm), s),
        ]
        if self.preparing is not None and not self.preparing.is_empty:
            words = [(heading, text) for section in PREPARED_SECTIONS
                     for heading, text in self.preparing.for_section(section)]
            story += [Paragraph("Your preparation for your next EADR", s["Heading"]),
                      grid(("From your preparation", "In your own words"), words, (45 * mm, 135 * mm), s)]
        story += self.leadership_story()
        for record in self.records:
            story += [PageBreak(), *record.story()]
        return story

    def _checkins(self) -> list[Flowable]:
        """Check-ins and their actions, the wellbeing plan (private notes included), and that a view of a
        conversation was given (the station never holds the answers)."""
        s = self.styles
        today = self.printed_on
        out: list[Flowable] = [
            Paragraph("Check-ins and their actions", s["Heading"]),
            grid(("Date", "Kind", "Notes and actions"),
                 [(uk(c.held_on), c.kind.label, "\n".join([c.notes, *(f"• {a.words(today)}" for a in c.actions)]
                                                          + (["Wellbeing plan reviewed"] if c.plan_reviewed else [])))
                  for c in self.checkins], (25 * mm, 35 * mm, 120 * mm), s, "No check-ins recorded."),
            Paragraph("Wellbeing plan", s["Heading"])]
        if self.plan is None or self.plan.is_empty:
            out.append(para("No wellbeing plan recorded.", s, "Body"))
        else:
            rows = [(label, self.plan.areas.get(key, "")) for key, label in PLAN_AREAS]
            rows += [("Private notes", self.plan.private_notes), ("Review by", uk(self.plan.review_by, "")),
                     ("Last reviewed", uk(self.plan.reviewed_on, ""))]
            out.append(grid(("Part", "Recorded"), rows, (60 * mm, 120 * mm), s))
        if self.views:
            out += [Paragraph("Your view of your conversations", s["Heading"]),
                    para("You gave your view of these conversations. Your answers were added into the station's "
                         "totals without your name, so the station does not hold them: "
                         + "; ".join(f"{uk(d)} (record {cid})" for cid, d in sorted(self.views.items(),
                                                                                  key=lambda x: x[1])) + ".",
                         s, "Body")]
        return out


def report(ws: Workspace, staff: Staff) -> SubjectAccessReport:
    """The PDF part of a subject access export: every conversation (private notes included) and the audit trail."""
    repo = ws.conversations()
    conversations = [c for c in (repo.get(line.id) for line in repo.history(staff.id or "")) if c is not None]
    profile = ws.profile()
    preparations = ws.preparations()

    def words(c):
        stored = preparations.for_conversation(c.id or "")
        return stored.preparation if stored else None
    records = [EadrRecord(c, RecordContext(staff, ws.info.station_name, profile, their_words=words(c)),
                          include_private=True) for c in conversations]
    ids = {staff.id or ""} | {c.id or "" for c in conversations}
    pending = next((p.preparation for p in reversed(preparations.all_for(staff.id or ""))
                    if p.conversation_id is None), None)
    checkins = ws.checkins()
    return SubjectAccessReport(ws, staff, records, _audit_about(ws, ids), checkins.for_staff(staff.id or ""),
                               checkins.plan(staff.id or ""), ws.verdicts().given_for([c.id or "" for c in conversations]),
                               pending)


def _leadership(ws: Workspace, staff: Staff) -> dict:
    """Their own self-assessment and what their 360 rounds kept: merged group means and shuffled comments.
    Nothing identifies a rater, so nothing of a rater's is here (see docs/feedback-360.md)."""
    repo = ws.leadership()
    rounds = [{"opened_on": r.opened_on.isoformat(), "closes_on": r.closes_on.isoformat(),
               "closed_on": r.closed_on.isoformat() if r.closed_on else None, "invited": r.invited,
               "responses": r.responses, "results": _plain(r.results) if r.results else None}
              for r in repo.rounds_for(staff.id or "")]
    return {"self_assessment": _plain(repo.self_assessment(staff.id or "")), "feedback_rounds": rounds}


def _paper_copies(ws: Workspace, conversations: list, stem: str) -> list[tuple[dict, str, bytes]]:
    """The scanned paper forms kept with their conversations: each as its own PDF beside the export."""
    out = []
    for c in conversations:
        for copy in ws.paper().for_conversation(c.id or ""):
            name = f"{stem}-paper-copy-{len(out) + 1}.pdf"
            out.append(({"file": name, "conversation_id": c.id, "scanned_on": copy.created_at.date().isoformat(),
                         "pages": copy.pages, "sha256": copy.sha256, "from": copy.file_name},
                        name, ws.paper().content(copy.id)))
    return out


def export(ws: Workspace, staff: Staff, folder: Path) -> tuple[Path, Path]:
    """Write `<folder>/subject-access-<assignment>-<date>.json` and `.pdf`; returns both paths."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise failure(folder / f"subject-access-{staff.assignment_number}", exc) from None
    document = report(ws, staff)
    conversations = [record.c for record in document.records]
    entries = document.entries
    stem = f"subject-access-{staff.assignment_number}-{clock.today().isoformat()}"
    data = {"format": FORMAT, "version": 1, "exported_on": clock.today().isoformat(),
            "station": ws.info.station_name, "staff": _plain(staff),
            "conversations": [_plain(c) for c in conversations], "audit": [_plain(e) for e in entries],
            "leadership": _leadership(ws, staff),
            "checkins": [_plain(c) for c in document.checkins], "wellbeing_plan": _plain(document.plan),
            "views_of_conversations": [{"conversation_id": cid, "given_on": d.isoformat(),
                                        "answers": "not held: counted into the station's totals without a name"}
                                       for cid, d in sorted(document.views.items())],
            # Their own preparation for each EADR (and any not yet attached to one), in their words.
            "preparations": [{"conversation_id": p.conversation_id, "finished": p.finished, "updated_at": p.updated_at,
                              "preparation": json.loads(p.preparation.to_json())}
                             for p in ws.preparations().all_for(staff.id or "")]}
    paper = _paper_copies(ws, conversations, stem)
    data["paper_copies"] = [meta for meta, _name, _content in paper]
    pdf = document.to_bytes()
    # Both files are staged and synced before either takes its real name: a full disk, a read-only
    # folder or a crash never leaves a lone or half-written file; the audit follows what reached the disk.
    json_path, pdf_path, *_copies = write_all([(folder / f"{stem}.json",
                                      json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")),
                                     (folder / f"{stem}.pdf", pdf),
                                     *((folder / name, content) for _meta, name, content in paper)])
    with ws.db.atomic():
        audit.record(ws.db, ws.manager_name, "export", "staff", staff.id,
                     f"Subject access export for {staff.display_name} ({staff.assignment_number}): "
                     f"{len(conversations)} conversations, to {folder}")
    return json_path, pdf_path
