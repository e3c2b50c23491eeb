"""The completed EADR record, for signing or for the staff member's own file.

Private wellbeing notes are printed only when asked for, on pages marked Confidential.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from desktop.documents.base import PageMark, PdfDocument
from desktop.documents.parts import details, esc, grid, para
from desktop.domain.conversation import (
    GROWTH_CHOICES, GROWTH_QUESTION, IMPACT_CHOICES, IMPACT_QUESTION, READINESS_CHOICES, READINESS_QUESTION,
    Conversation, Kind, PayProgression, Section, talent_label,
)
from desktop.domain.dates import uk
from desktop.domain.preparation import Preparation
from desktop.domain.quality import checklist
from desktop.domain.staff import Staff
from desktop.domain.trust import TrustProfile

FORM_VERSION = "EADR form 1.0"
_INTEREST = {"": "Not discussed", "yes": "Yes", "maybe": "Maybe later", "no": "No"}


@dataclass(frozen=True)
class RecordContext:
    """Who and where, for the header block."""

    staff: Staff
    station: str
    profile: TrustProfile
    period_start: date | None = None   # the previous signed EADR, if any
    their_words: Preparation | None = None   # the staff member's own preparation, printed beside each section


class EadrRecord(PdfDocument):
    def __init__(self, conversation: Conversation, context: RecordContext, include_private: bool = False,
                 printed_on: date | None = None):
        super().__init__(context.station, context.profile.short_name, printed_on)
        self.c = conversation
        self.ctx = context
        self.include_private = include_private
        self.form_version = FORM_VERSION

    @property
    def title(self) -> str:
        return f"{self.c.kind.label} record"

    def footer_note(self) -> str:
        return f"Record {self.c.id}"

    def story(self) -> list[Flowable]:
        s, c, ctx = self.styles, self.c, self.ctx
        person = ctx.staff
        full = 180 * mm
        story: list[Flowable] = [
            Paragraph(esc(f"{c.kind.label} — {person.first_name} {person.last_name}"), s["Title"]),
            details([("Staff member", f"{person.first_name} {person.last_name}"),
                     ("Assignment number", person.assignment_number),
                     ("Job title", person.job_title), ("Band", person.band or ""),
                     ("Manager", c.signoff.manager_name), ("Station", ctx.station),
                     ("Period", f"{uk(ctx.period_start, 'start of employment')} to {uk(c.held_on, 'not yet held')}"),
                     ("Status", c.status.label)],
                    (32 * mm, 58 * mm, 32 * mm, 58 * mm), s),
        ]
        number = 0
        for section in c.sections:
            if section is Section.SIGNOFF:
                continue
            number += 1
            story.append(CondPageBreak(40 * mm))
            story.append(Paragraph(f"{number}. {esc(section.label)}", s["Heading"]))
            story.extend(getattr(self, f"_{section.value}")(full))
            story.extend(self._their_words(section))
        story.append(CondPageBreak(60 * mm))
        story.append(Paragraph(f"{number + 1}. Summary and comments", s["Heading"]))
        story.append(para(c.summary or "No summary recorded.", s, "Body"))
        story.append(Spacer(0, 2 * mm))
        story.append(Paragraph("<b>The staff member's comments</b>", s["Body"]))
        story.append(para(c.signoff.staff_comments or "None recorded.", s, "Body"))
        story.append(KeepTogether([Paragraph("Quality checklist", s["Heading"]),
                                   grid(("Item", "Done?", "Note"),
                                        [(i.label, "Yes" if i.met else "Not yet", "" if i.met else i.hint)
                                         for i in checklist(c)], (85 * mm, 20 * mm, 75 * mm), s),
                                   para(f"Quality score {c.quality_score if c.quality_score is not None else 0}%."
                                        " Guidance for a good conversation, not a gate.", s, "Small")]))
        if c.kind is Kind.EADR and c.pay != PayProgression():
            story.append(Paragraph("<b>Pay progression (Agenda for Change)</b>", s["Body"]))
            story.append(para(c.pay.outcome.label + (f": {c.pay.reason}" if c.pay.reason else "") + ".", s, "Body"))
        story.append(KeepTogether([Paragraph("Signatures", s["Heading"]), self._signatures(full)]))
        if self.include_private and c.private_notes.strip():
            story += [PageBreak(), PageMark(confidential=True),
                      Paragraph("Private wellbeing notes — confidential", s["Heading"]),
                      para("Kept between the staff member and the manager. Not shared with HR. "
                           "Store this page securely and shred it when no longer needed.", s, "Small"),
                      Spacer(0, 3 * mm), para(c.private_notes, s, "Body")]
        return story

    # --- sections -----------------------------------------------------------------
    def _their_words(self, section: Section) -> list[Flowable]:
        """Both voices on paper: the staff member's own preparation for this section, headed as theirs."""
        words = self.ctx.their_words.for_section(section) if self.ctx.their_words else []
        if not words:
            return []
        name = self.ctx.staff.first_name
        return [Spacer(0, 2 * mm),
                grid(("From their preparation", f"In {name}'s own words"), words, (45 * mm, 135 * mm), self.styles)]

    def _wellbeing(self, full: float) -> list[Flowable]:
        s, w = self.styles, self.c.wellbeing
        parts: list[Flowable] = [details(
            [("Held on", uk(w.held_on, "")), ("Held by", w.held_by or self.c.signoff.manager_name),
             ("Topics discussed", ", ".join(w.topics) or "None recorded"), ("Next review", uk(w.next_review, ""))],
            (32 * mm, 58 * mm, 32 * mm, 58 * mm), s), Spacer(0, 2 * mm)]
        parts.append(grid(("Agreed action", "Shared with HR"),
                          [(a.text, "Yes, with agreement" if a.share_with_hr else "No") for a in w.actions],
                          (140 * mm, 40 * mm), s, "No actions agreed."))
        note = ("Private notes are printed on the last page, marked Confidential."
                if self.include_private and self.c.private_notes.strip()
                else "Private wellbeing notes are kept in the workspace and are not printed here.")
        parts.append(para(note, s, "Small"))
        return parts

    def _values(self, full: float) -> list[Flowable]:
        rows = [(v.name, self.c.values.get(v.name, "")) for v in self.ctx.profile.values]
        rows += [(k, v) for k, v in self.c.values.items() if k not in {v.name for v in self.ctx.profile.values}]
        return [grid(("Value", "Example or reflection"), rows, (35 * mm, 145 * mm), self.styles)]

    def _performance(self, full: float) -> list[Flowable]:
        s = self.styles
        return [
            Paragraph("<b>Last year's objectives</b>", s["Body"]),
            grid(("Objective", "Outcome", "Evidence"),
                 [(o.title, o.outcome.label, o.evidence) for o in self.c.review_objectives],
                 (75 * mm, 30 * mm, 75 * mm), s, "No objectives carried forward."),
            Spacer(0, 3 * mm), Paragraph("<b>New objectives</b>", s["Body"]),
            grid(("Objective", "Measure", "Target date", "Trust priority"),
                 [(o.title, o.measure, uk(o.target_date, ""), o.priority) for o in self.c.new_objectives],
                 (60 * mm, 50 * mm, 22 * mm, 48 * mm), s, "No new objectives."),
        ]

    def _talent(self, full: float) -> list[Flowable]:
        t = self.c.talent
        return [details([("Aspirations", t.aspirations),
                         (READINESS_QUESTION, talent_label(READINESS_CHOICES, t.readiness.value)),
                         (IMPACT_QUESTION, talent_label(IMPACT_CHOICES, t.impact)),
                         (GROWTH_QUESTION, talent_label(GROWTH_CHOICES, t.growth)),
                         ("Leadership development", _INTEREST.get(t.leadership_interest, "")
                          + (f": {t.leadership_notes}" if t.leadership_notes else "")),
                         ("Mobility", t.mobility),
                         ("HR talent pool", "Agreed to be put forward" if t.talent_pool_consent else "Not agreed")],
                        (32 * mm, 58 * mm, 32 * mm, 58 * mm), self.styles)]

    def _development(self, full: float) -> list[Flowable]:
        return [grid(("Need", "TNA category", "Action", "Support", "Target", "Status"),
                     [(d.need, d.tna_category, d.action, d.support, uk(d.target_date, ""), d.status.label)
                      for d in self.c.development],
                     (38 * mm, 32 * mm, 36 * mm, 28 * mm, 23 * mm, 23 * mm), self.styles, "No development needs.")]

    def _signatures(self, full: float) -> Flowable:
        so = self.c.signoff
        if so.staff_signed:
            staff = (f"Signed {'on paper ' if so.on_paper else ''}on {uk(so.staff_signed_on)}"
                     + ("" if so.on_paper else f" as “{so.staff_name}”, agreeing this is a fair record"))
        else:
            staff = "Signature: ______________________   Date: ____________"
        manager = (f"Signed on {uk(so.manager_signed_on)} as “{so.manager_name}”" if so.manager_signed
                   else "Signature: ______________________   Date: ____________")
        person = self.ctx.staff
        return grid(("", "Name", "Signature"),
                    [("Staff member", f"{person.first_name} {person.last_name}", staff),
                     ("Manager", so.manager_name, manager)], (32 * mm, 50 * mm, 98 * mm), self.styles)


def record_for(conversation: Conversation, staff: Staff, station: str, profile: TrustProfile,
               previous_signed: date | None, include_private: bool = False,
               printed_on: date | None = None) -> EadrRecord:
    """The record document for any conversation kind (interim reviews print their own sections)."""
    assert conversation.kind in tuple(Kind)
    return EadrRecord(conversation, RecordContext(staff, station, profile, previous_signed), include_private,
                      printed_on)
