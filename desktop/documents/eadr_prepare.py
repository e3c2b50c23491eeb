"""The printed preparation form: the staff member's own reflections before their EADR, by hand.

Pre-filled with their details and last year's objectives, it carries its record ID on every page and as a QR
code (as the blank EADR form does), and, when printed with one, the one-time code that opens the same form
on the station PC (the lock screen's *Use a code…*).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop.documents.base import PageMark, PdfDocument
from desktop.documents.eadr_blank import qr_code
from desktop.documents.parts import WritingSpace, details, esc, grid, para
from desktop.domain.dates import uk
from desktop.domain.form_codes import preparation_payload
from desktop.domain.staff import Staff
from desktop.domain.trust import TrustProfile

FORM_VERSION = "EADR preparation form 1.0"


@dataclass(frozen=True)
class PreparationFormData:
    staff: Staff
    record_id: str                   # their preparation's record ID
    manager: str
    objectives: Sequence[str] = ()   # last year's, from their last signed EADR
    last_eadr: date | None = None
    code: str = ""                   # formatted one-time code, or blank
    code_until: date | None = None


def qr_payload(record_id: str) -> str:
    return preparation_payload(record_id)   # short: a large code at level H that survives a photocopier


class PreparationForm(PdfDocument):
    def __init__(self, form: PreparationFormData, station: str, profile: TrustProfile,
                 printed_on: date | None = None):
        super().__init__(station, profile.short_name, printed_on)
        self.form = form
        self.profile = profile
        self.form_version = FORM_VERSION

    @property
    def title(self) -> str:
        return "Preparing for your EADR"

    def footer_note(self) -> str:
        return f"Record {self.form.record_id}"

    def story(self) -> list[Flowable]:
        s, f, person = self.styles, self.form, self.form.staff
        full = 180 * mm
        name = f"{person.first_name} {person.last_name}"
        header = Table([[
            [Paragraph(esc(f"Preparing for your EADR — {name}"), s["Title"]),
             para("Your own words, for the conversation with your manager. Write as much or as little as you "
                  "like and bring this form to your EADR. It stays between you and your manager: it is not sent "
                  "to HR.", s, "Small")],
            [qr_code(qr_payload(f.record_id)), para(f"Record {f.record_id[:8]}…", s, "Small")]]],
            colWidths=(full - 38 * mm, 38 * mm))
        story: list[Flowable] = [
            PageMark(group=f.record_id, footer=f"Record {f.record_id}"), header,
            details([("Staff member", name), ("Assignment number", person.assignment_number),
                     ("Job title", person.job_title), ("Band", person.band or ""), ("Manager", f.manager),
                     ("Station", self.station), ("Last EADR", uk(f.last_eadr, "none recorded")),
                     ("Date of your EADR", "____ / ____ / ________")],
                    (32 * mm, 58 * mm, 32 * mm, 58 * mm), s)]
        if f.code:
            box = Table([[Paragraph(f"<b>Prefer to type it?</b> On the station PC, choose <b>Use a code…</b> on the lock "
                               f"screen and type <b>{esc(f.code)}</b>. It opens only your preparation, works until "
                               f"{uk(f.code_until)}, and stops working once you press Finished. Keep it to "
                               "yourself.", s["Body"])]], colWidths=[full])
            box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, (0, 0, 0)),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 5),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
            story += [Spacer(0, 3 * mm), box]
        story += [Paragraph("1. How you are", s["Heading"]),
                  para("Your wellbeing, in your own words: sleep, shifts, home, health, anything you want your "
                       "manager to know.", s, "Small"),
                  WritingSpace(5),
                  CondPageBreak(70 * mm), Paragraph("2. Our values", s["Heading"]),
                  para("For each value, an example from your year: a job, a moment, something you did.", s, "Small"),
                  Spacer(0, 2 * mm)]
        for value in self.profile.values:
            story.append(KeepTogether([Paragraph(f"<b>{esc(value.name)}</b>" + (
                f" — {esc(value.description)}" if value.description else ""), s["Small"]), WritingSpace(2)]))
        story += [CondPageBreak(70 * mm), Paragraph("3. Last year's objectives: how did they go?", s["Heading"]),
                  grid(("Objective", "How it went, in your words"), [(title, "\n\n\n\n") for title in f.objectives],
                       (70 * mm, 110 * mm), s, "No objectives from an earlier signed EADR."),
                  CondPageBreak(60 * mm), Paragraph("4. What you want to develop", s["Heading"]),
                  para("Skills, courses, experience, or support you would like this year.", s, "Small"),
                  WritingSpace(4),
                  CondPageBreak(60 * mm), Paragraph("5. Your career hopes", s["Heading"]),
                  para("Where you would like to be in two or three years, in this role or another.", s, "Small"),
                  WritingSpace(4)]
        return story
