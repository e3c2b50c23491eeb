"""The HCPC CPD profile as the HCPC asks for it at audit: summary of practice, the list of
activities, the personal statement against standards 3 and 4, explained gaps, and an evidence
index that ties each evidence file (by its SHA-256) to the activity it supports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from desktop.documents.base import PdfDocument
from desktop.documents.parts import details, esc, grid, para
from desktop.domain.cpd import CpdEntry, hours_text
from desktop.domain.dates import uk
from desktop.domain.hcpc import CpdProfile, check, gaps, word_count
from desktop.domain.staff import Staff

_NOTHING = "Not written yet."


@dataclass(frozen=True)
class ProfileContext:
    staff: Staff
    station: str
    trust: str


class CpdProfileDocument(PdfDocument):
    def __init__(self, profile: CpdProfile, entries: list[CpdEntry], context: ProfileContext,
                 printed_on: date | None = None):
        super().__init__(context.station, context.trust, printed_on)
        self.profile = profile
        self.entries = entries
        by_id = {e.id: e for e in entries}
        self.selected = [by_id[i] for i in profile.selected if i in by_id]
        self.person = context.staff

    @property
    def title(self) -> str:
        return "HCPC CPD profile"

    def footer_note(self) -> str:
        return f"{self.person.first_name} {self.person.last_name} · HCPC {self.person.hcpc_number or 'number not recorded'}"

    def _evidence_refs(self) -> dict[str, list[str]]:
        """Activity id → evidence references (E1, E2…) in the order the index lists them."""
        refs: dict[str, list[str]] = {}
        n = 0
        for entry in self.selected:
            for _ in entry.evidence:
                n += 1
                refs.setdefault(entry.id or "", []).append(f"E{n}")
        return refs

    def story(self) -> list[Flowable]:
        s, p, person = self.styles, self.profile, self.person
        refs = self._evidence_refs()
        story: list[Flowable] = [
            Paragraph(esc(f"CPD profile — {person.first_name} {person.last_name}"), s["Title"]),
            details([("Registrant", f"{person.first_name} {person.last_name}"),
                     ("HCPC number", person.hcpc_number or "Not recorded"),
                     ("Job title", person.job_title or person.role.label),
                     ("Profile period", f"{uk(p.window_start)} to {uk(p.window_end)}"),
                     ("Activities listed", str(len(self.selected))),
                     ("Hours of those activities", hours_text(sum(e.hours for e in self.selected)))],
                    (32 * mm, 58 * mm, 40 * mm, 50 * mm), s),
            Paragraph("1. Summary of recent work", s["Heading"]),
            para(f"{word_count(p.summary):,} words.", s, "Small"), Spacer(0, 1.5 * mm),
            para(p.summary.strip() or _NOTHING, s, "Body"),
            CondPageBreak(50 * mm),
            Paragraph("2. List of CPD activities", s["Heading"]),
            grid(("#", "Date", "Type", "Activity", "Hrs", "Evidence"),
                 [(str(i), e.dates_text(uk), e.activity_type.label, e.title, hours_text(e.hours),
                   ", ".join(refs.get(e.id or "", [])) or (e.evidence_note or "—"))
                  for i, e in enumerate(self.selected, start=1)],
                 (9 * mm, 24 * mm, 31 * mm, 66 * mm, 14 * mm, 36 * mm), s, "No activities selected yet."),
            CondPageBreak(50 * mm),
            Paragraph("3. Personal statement: how my CPD meets standards 3 and 4", s["Heading"]),
            para(f"{word_count(p.statement):,} words. Standard 3: CPD has contributed to the quality of my "
                 "practice and service delivery. Standard 4: CPD benefits the service user.", s, "Small"),
            Spacer(0, 1.5 * mm), para(p.statement.strip() or _NOTHING, s, "Body"),
        ]
        found_gaps = gaps(self.entries, p.window_start, p.window_end)
        if found_gaps:
            story += [CondPageBreak(40 * mm), Paragraph("Gaps of three months or more", s["Heading"]),
                      grid(("Period", "Explanation"),
                           [(g.text(), p.gap_notes.get(g.key, "").strip() or "Not explained yet")
                            for g in found_gaps], (50 * mm, 130 * mm), s, "")]
        story += [CondPageBreak(60 * mm), Paragraph("4. The activities and what I learned", s["Heading"])]
        for i, e in enumerate(self.selected, start=1):
            story.append(KeepTogether([
                Paragraph(esc(f"{i}. {e.title}"), s["CellLabel"]),
                para(" · ".join(x for x in (e.dates_text(uk), e.activity_type.label, f"{hours_text(e.hours)} hours",
                                             e.provider) if x), s, "Small"),
                Spacer(0, 1 * mm)]))
            for label, text in (("What happened", e.reflection_what), ("So what: what it meant for my practice",
                                                                     e.reflection_so_what),
                                ("Now what: what I do differently", e.reflection_now_what),
                                ("Benefit to service users", e.service_user_benefit)):
                if text.strip():
                    story += [para(label, s, "CellLabel"), para(text.strip(), s, "Body")]
            story.append(Spacer(0, 3 * mm))
        index = [(ref, f"Activity {n}", ev.file_name, ev.size_text(), ev.sha256[:16] + "…")
                 for n, e in enumerate(self.selected, start=1)
                 for ref, ev in zip(refs.get(e.id or "", []), e.evidence)]
        story += [CondPageBreak(50 * mm), Paragraph("5. Evidence index", s["Heading"]),
                  para("Each file is kept in the staff member's portable CPD file; the SHA-256 shows it has not "
                       "changed since it was added.", s, "Small"), Spacer(0, 1.5 * mm),
                  grid(("Ref", "Supports", "File", "Size", "SHA-256 (first 16)"), index,
                       (12 * mm, 24 * mm, 76 * mm, 20 * mm, 48 * mm), s,
                       "No evidence files; evidence notes are listed with each activity.")]
        outstanding = [c.text for c in check(p, self.entries) if not c.ok]
        if outstanding:
            story.append(KeepTogether([Paragraph("Still to do before sending", s["Heading"])]
                                      + [para(f"• {text}", s, "Body") for text in outstanding]))
        return story
