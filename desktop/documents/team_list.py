"""The team list: who is on the station's roster, for the manager's own reference."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.documents.base import PdfDocument
from desktop.documents.parts import BANDED
from desktop.domain.dates import uk
from desktop.domain.staff import Staff


class TeamList(PdfDocument):
    landscape = True

    def __init__(self, people: Sequence[Staff], station: str, trust: str = "",
                 printed_on: date | None = None):
        super().__init__(station, trust, printed_on)
        self.people = list(people)

    @property
    def title(self) -> str:
        return "Team list"

    def story(self) -> list[Flowable]:
        s = self.styles
        active = [p for p in self.people if p.is_active]
        leavers = len(self.people) - len(active)
        intro = (f"{len(active)} active staff"
                 + (f" and {leavers} leaver{'s' if leavers != 1 else ''}" if leavers else "")
                 + f" at {self.station} on {uk(self.printed_on)}.")
        story: list[Flowable] = [Paragraph(f"Team list — {self.station}", s["Title"]),
                                 Paragraph(intro, s["Body"]), Spacer(0, 4 * mm)]
        if not self.people:
            story.append(Paragraph("No staff yet. Import a roster or add people on the Team page.", s["Body"]))
            return story
        head = ["Name", "Assignment no.", "Job title", "Band", "HCPC", "Start date", "Status"]
        rows = [[Paragraph(h, s["CellHead"]) for h in head]]
        for p in self.people:
            status = p.status.label + (f" ({uk(p.leaving_date)})" if p.leaving_date else "")
            rows.append([Paragraph(text, s["Cell"]) for text in (
                _escape(f"{p.last_name}, {p.preferred_name or p.first_name}"), p.assignment_number,
                _escape(p.job_title), p.band or "—", p.hcpc_number or "—", uk(p.start_date), status)])
        table = Table(rows, repeatRows=1, colWidths=[62 * mm, 30 * mm, 70 * mm, 20 * mm, 24 * mm,
                                                     25 * mm, 36 * mm])
        table.setStyle(TableStyle(BANDED))
        story.append(table)
        return story


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
