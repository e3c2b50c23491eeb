"""The team's EADR compliance for the station notice board: dates and states only, no wellbeing detail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop.documents.base import PdfDocument
from desktop.documents.parts import esc, grid, para
from desktop.domain.dates import uk
from desktop.domain.due import Due, DueState


@dataclass(frozen=True)
class ComplianceLine:
    name: str
    assignment_number: str
    role: str
    last_eadr: date | None
    due: Due


class ComplianceReport(PdfDocument):
    landscape = True

    def __init__(self, lines: Sequence[ComplianceLine], station: str, trust: str = "",
                 printed_on: date | None = None):
        super().__init__(station, trust, printed_on)
        self.lines = sorted(lines, key=lambda line: line.name.casefold())

    @property
    def title(self) -> str:
        return "EADR compliance"

    def story(self) -> list[Flowable]:
        s, lines = self.styles, self.lines
        count = {state: sum(1 for x in lines if x.due.state is state) for state in DueState}
        in_date = sum(1 for x in lines if x.due.in_date)   # the same count as Home's
        rate = f"{round(100 * in_date / len(lines))}%" if lines else "—"
        story: list[Flowable] = [
            Paragraph(esc(f"EADR compliance — {self.station}"), s["Title"]),
            para(f"{len(lines)} active staff on {uk(self.printed_on)}. In date: {in_date} ({rate}). "
                 f"Due within 30 days: {count[DueState.DUE_SOON]}. Overdue: {count[DueState.OVERDUE]}. "
                 f"No EADR recorded: {count[DueState.UNKNOWN]}.", s, "Body"),
            para("This sheet shows appraisal dates only; no conversation content is printed.", s, "Small"),
            Paragraph("Overdue", s["Heading"]),
        ]
        overdue = sorted((x for x in lines if x.due.state is DueState.OVERDUE), key=lambda x: x.due.on or date.min)
        story.append(grid(("Name", "Assignment", "Role", "Last EADR", "Was due", "Days overdue"),
                          [(x.name, x.assignment_number, x.role, uk(x.last_eadr, "none"), uk(x.due.on),
                            str((self.printed_on - x.due.on).days) if x.due.on else "") for x in overdue],
                          (70 * mm, 30 * mm, 55 * mm, 30 * mm, 30 * mm, 30 * mm), s, "Nobody is overdue."))
        story += [Spacer(0, 4 * mm), Paragraph("Everyone", s["Heading"]),
                  grid(("Name", "Assignment", "Role", "Last EADR", "Next EADR"),
                       [(x.name, x.assignment_number, x.role, uk(x.last_eadr, "none"), x.due.text()) for x in lines],
                       (75 * mm, 30 * mm, 60 * mm, 35 * mm, 65 * mm), s, "No active staff.")]
        return story
