"""A blank EADR form, pre-filled with the staff member's details, for a conversation held on paper.

The record ID and form version are printed on every page, and every page carries the record's QR code
(large and at the highest error correction, so a photocopy scanned at 150 dpi still reads), so a scanned
stack of forms can be split and matched to its records page by page when it is typed up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.units import mm
from reportlab.lib.styles import StyleSheet1
from reportlab.platypus import (
    CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle,
)

from desktop.documents.base import DARK_GREY, PageMark, PdfDocument
from desktop.documents.fonts import REGULAR
from desktop.documents.eadr_record import FORM_VERSION
from desktop.documents.parts import WritingSpace, details, esc, grid, para, tick_boxes
from desktop.domain.conversation import (
    GROWTH_CHOICES, GROWTH_QUESTION, IMPACT_CHOICES, IMPACT_QUESTION, READINESS_CHOICES, READINESS_QUESTION,
    TALENT_INTRO, Conversation, TalentChoice,
)
from desktop.domain.dates import uk
from desktop.domain.due import Due
from desktop.domain.form_codes import record_payload
from desktop.domain.staff import Staff
from desktop.domain.trust import TrustProfile


@dataclass(frozen=True)
class BlankForm:
    """One person's form: their planned conversation (for its ID) and what to review."""

    staff: Staff
    conversation: Conversation
    due: Due | None = None
    last_eadr: date | None = None


# 30 mm for a 41-character code (33 modules plus a 2-module margin): modules of 0.81 mm, five pixels each in a
# 150 dpi scan, enough to survive a photocopy's blur. The code carries only the record ID (see form_codes).
QR_SIZE = 30 * mm


class QrCode(Flowable):
    """A QR code drawn as one filled path (a graphics Drawing of every module is several times slower).
    Level H: a third of the modules can be lost to blur, toner specks or a fold and it still reads."""

    def __init__(self, payload: str, size: float = QR_SIZE, border: int = 2):
        super().__init__()
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.H)
        code.addData(payload)
        code.make()
        self.modules = code.modules
        self.size, self.border = size, border

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.modules)
        unit = self.size / (count + 2 * self.border)
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            y = self.size - (r + self.border + 1) * unit
            c = 0
            while c < count:   # one rectangle per run of dark modules in a row
                if row[c]:
                    start = c
                    while c < count and row[c]:
                        c += 1
                    path.rect((start + self.border) * unit, y, (c - start) * unit, unit)
                else:
                    c += 1
        self.canv.setFillColorRGB(0, 0, 0)
        self.canv.drawPath(path, stroke=0, fill=1)


def talent_question(question: str, choices: tuple[TalentChoice, ...], styles: StyleSheet1,
                    width: float) -> KeepTogether:
    """A talent question as the screen asks it: its answers as boxes to tick, each with its one-line meaning
    ("Not talked about yet" is simply no tick on paper)."""
    answers = [c for c in choices if c.value]
    cells = [[para(f"☐ {c.label}", styles, "CellLabel"), para(c.description, styles, "Small")] for c in answers]
    table = Table([cells], colWidths=[width / len(cells)] * len(cells))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return KeepTogether([para(f"{question}:", styles, "Body"), table])


def qr_code(payload: str, size: float = QR_SIZE) -> QrCode:
    return QrCode(payload, size)


def qr_payload(conversation: Conversation) -> str:
    return record_payload(conversation.id)


class BlankEadrForms(PdfDocument):
    """One or many blank forms in one PDF; each form numbers its own pages, and each page carries its form's
    QR code in the bottom right-hand corner (so pages scanned in any order still find their record)."""

    bottom_margin = 16 * mm + QR_SIZE

    def __init__(self, forms: Sequence[BlankForm], station: str, profile: TrustProfile,
                 printed_on: date | None = None):
        super().__init__(station, profile.short_name, printed_on)
        self.forms = list(forms)
        self.profile = profile
        self.not_yet_stored: list = []   # planned conversations whose IDs are on these forms, stored once printed
        self.form_version = FORM_VERSION

    @property
    def title(self) -> str:
        return "EADR conversation form"

    def _furniture(self, canvas, page: int, total: int, marks: dict[str, object]) -> None:
        super()._furniture(canvas, page, total, marks)
        payload = marks.get("qr")
        if isinstance(payload, str):
            width, _ = self.pagesize
            qr_code(payload).drawOn(canvas, width - 15 * mm - QR_SIZE + 2 * mm, 12 * mm)
            canvas.saveState()
            canvas.setFont(REGULAR, 7.5)
            canvas.setFillColor(DARK_GREY)
            canvas.drawRightString(width - 15 * mm - QR_SIZE, 14 * mm, "Scan this page: File → Open scanned forms")
            canvas.restoreState()

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        for index, form in enumerate(self.forms):
            if index:
                story.append(PageBreak())
            story.extend(self.form_story(form))
        return story

    def form_story(self, form: BlankForm) -> list[Flowable]:
        s, p, person, c = self.styles, self.profile, form.staff, form.conversation
        full = 180 * mm
        header = [Paragraph(esc(f"EADR — {person.first_name} {person.last_name}"), s["Title"]),
                  para("Write clearly; this form is typed up into the record named by the code at the foot of "
                       "each page. Private wellbeing notes are not written here.", s, "Small"), Spacer(0, 2 * mm)]
        story: list[Flowable] = [
            PageMark(group=c.id, footer=f"Record {c.id}", qr=qr_payload(c)), *header,
            details([("Staff member", f"{person.first_name} {person.last_name}"),
                     ("Assignment number", person.assignment_number), ("Job title", person.job_title),
                     ("Band", person.band or ""), ("Manager", c.signoff.manager_name), ("Station", self.station),
                     ("Last EADR", uk(form.last_eadr, "none recorded")),
                     ("Due", form.due.text() if form.due else "—"),
                     ("Date held", "____ / ____ / ________"), ("Held by", " ")],
                    (32 * mm, 58 * mm, 32 * mm, 58 * mm), s),
            Paragraph("1. Check-in and wellbeing", s["Heading"]),
            para("Topics discussed (tick):", s, "Small"), tick_boxes(p.wellbeing_topics, s, 3, full),
            WritingSpace(3, "Agreed actions (tick “share with HR” only if the staff member agrees)"),
            tick_boxes(["Share these actions with HR", "Next wellbeing review: ____ / ____ / ______"], s, 2, full),
            CondPageBreak(80 * mm), Paragraph("2. Values", s["Heading"]),
        ]
        for value in p.values:
            story.append(KeepTogether([para(f"{value.name} — {value.description}", s, "Small"),
                                       WritingSpace(2)]))
        story += [CondPageBreak(90 * mm), Paragraph("3. Performance", s["Heading"]),
                  Paragraph("<b>Last year's objectives</b>", s["Body"]),
                  grid(("Objective", "Outcome (met / partly / not met)", "Evidence"),
                       [(o.title, "", "\n\n\n") for o in c.review_objectives], (70 * mm, 40 * mm, 70 * mm), s,
                       "No objectives to review."),
                  Spacer(0, 3 * mm), Paragraph("<b>New objectives</b> (specific, measurable, dated, linked to a "
                                               "trust priority)", s["Body"]),
                  grid(("Objective", "Measure", "Target date", "Trust priority"), [("\n\n\n", "", "", "")] * 3,
                       (60 * mm, 50 * mm, 25 * mm, 45 * mm), s),
                  para("Trust priorities: " + "; ".join(f"{i}. {x}" for i, x in
                                                        enumerate(p.strategic_priorities, 1)), s, "Small"),
                  CondPageBreak(70 * mm), Paragraph("4. Talent", s["Heading"]),
                  WritingSpace(3, "Aspirations"),
                  Paragraph("<b>Agreed together</b> (tick one answer to each)", s["Body"]),
                  para(TALENT_INTRO, s, "Small"), Spacer(0, 2 * mm),
                  *(talent_question(question, choices, s, full) for question, choices in (
                      (IMPACT_QUESTION, IMPACT_CHOICES), (GROWTH_QUESTION, GROWTH_CHOICES),
                      (READINESS_QUESTION, READINESS_CHOICES))),
                  KeepTogether([para("Interest in leadership development:", s, "Body"),
                                tick_boxes(["Yes", "Maybe later", "No"], s, 3, full)]),
                  WritingSpace(1, "Mobility"),
                  CondPageBreak(70 * mm), Paragraph("5. Development plan", s["Heading"]),
                  grid(("Need", "TNA category", "Action and support", "Target date"), [("\n\n\n", "", "", "")] * 3,
                       (55 * mm, 40 * mm, 60 * mm, 25 * mm), s),
                  CondPageBreak(90 * mm), Paragraph("6. Summary and comments", s["Heading"]),
                  WritingSpace(4, "Summary agreed together"),
                  WritingSpace(3, "The staff member's comments"),
                  KeepTogether([Paragraph("Signatures", s["Heading"]),
                                para("I agree this is a fair record of our conversation.", s, "Small"),
                                grid(("", "Name", "Signature", "Date"),
                                     [("Staff member", f"{person.first_name} {person.last_name}", "\n\n", ""),
                                      ("Manager", c.signoff.manager_name, "\n\n", "")],
                                     (30 * mm, 50 * mm, 65 * mm, 35 * mm), s)])]
        return story
