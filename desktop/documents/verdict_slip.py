"""The slip handed over with a signed EADR: a one-time code to give their view of the conversation later.

The code exists nowhere else (the workspace keeps only its hash): this PDF is the only copy.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from desktop.documents.base import PdfDocument
from desktop.documents.eadr_blank import qr_code
from desktop.documents.parts import esc, para
from desktop.domain.form_codes import view_payload
from desktop.domain.verdict import MIN_SHOWN, QUESTIONS


def qr_payload(code: str) -> str:
    return view_payload(code)   # short and upper-case: a large code that survives a photocopier


class VerdictSlip(PdfDocument):
    def __init__(self, station: str, trust: str, name: str, about: str, code: str):
        super().__init__(station, trust)
        self.name, self.about, self.code = name, about, code

    @property
    def title(self) -> str:
        return "Your view of your EADR"

    def story(self) -> list[Flowable]:
        s = self.styles
        code_text = Paragraph(f"<b>{esc(self.code)}</b>", ParagraphStyle("Code", parent=s["Body"], fontSize=20,
                                                                         leading=26))
        card = Table([[[code_text, Spacer(1, 3 * mm), para("Your one-time code. It works once.", s, "Small")],
                       qr_code(qr_payload(self.code))]], colWidths=[120 * mm, 40 * mm])
        card.setStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BOX", (0, 0), (-1, -1), 0.8, "#005EB8"),
                       ("LEFTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 8),
                       ("BOTTOMPADDING", (0, 0), (-1, -1), 8)])
        questions = "".join(f"<br/>• {esc(q.text)}" for q in QUESTIONS)
        return [Paragraph(f"{esc(self.name)}, how was your conversation?", s["Title"]),
                Paragraph(f"{esc(self.about)}. We would like to know how it went for you: four short questions, "
                          f"each answered from <i>strongly disagree</i> to <i>strongly agree</i>, and a comment if "
                          f"you wish.{questions}", s["Body"]),
                Spacer(1, 4 * mm), card, Spacer(1, 4 * mm),
                Paragraph("<b>How to answer.</b> On the station PC, on the EADR Station lock screen, choose "
                          "<i>Use a code…</i> and type the code. No passphrase is needed and "
                          "nothing else can be seen from there. It takes about a minute.", s["Body"]),
                Spacer(1, 2 * mm),
                Paragraph(f"<b>Who sees what.</b> Your manager never sees your answers: they are added into the "
                          f"station's totals, shown to your manager only across at least {MIN_SHOWN} people and "
                          "sent to HR as totals. A comment is locked so that only HR's appraisal team can read it, "
                          "without your name. Keep this slip private; once used, the code no longer works.",
                          s["Body"])]
