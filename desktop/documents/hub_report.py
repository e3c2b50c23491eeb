"""An HR hub report on paper: its figures in words, then the table, as the window shows them."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.documents.base import PdfDocument
from desktop.documents.parts import BANDED
from desktop.domain.dates import uk

WIDTH = 267 * mm   # landscape A4 less the margins


def heading(header: str) -> str:
    """A column name as people read it: appraisal_compliance_pct → Appraisal compliance %."""
    text = header.replace("_pct", " %").replace("_12m", " (12 months)").replace("_avg", " (average)")
    text = text.replace("_", " ").capitalize()
    return text.replace("Tna ", "TNA ").replace("Esr", "ESR").replace("Hr ", "HR ")


def cell(value: object, header: str) -> str:
    """A figure as the window shows it: UK dates, thousands separators, percentages with one decimal."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}%" if header.endswith("_pct") else f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if not header.endswith(("_number", "sequence")) else str(value)
    text = str(value)
    if header.endswith(("_date", "_on")) and len(text) == 10:
        try:
            return uk(date.fromisoformat(text))
        except ValueError:
            return text
    return text


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class HubReportPdf(PdfDocument):
    landscape = True

    def __init__(self, title: str, words: str, headers: list[str], rows: list[list], trust: str,
                 as_of: date):
        super().__init__("HR hub", trust, None)
        self._title, self.words, self.headers, self.rows, self.as_of = title, words, headers, rows, as_of

    @property
    def title(self) -> str:
        return self._title

    def story(self) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = [Paragraph(_escape(f"{self._title} — as at {uk(self.as_of)}"), s["Title"]),
                                 Paragraph(_escape(self.words), s["Body"]), Spacer(0, 4 * mm)]
        if not self.rows:
            story.append(Paragraph("No rows: nothing to report yet.", s["Body"]))
            return story
        data = [[Paragraph(_escape(heading(h)), s["CellHead"]) for h in self.headers]]
        data += [[Paragraph(_escape(cell(v, h)), s["Cell"]) for v, h in zip(row, self.headers)] for row in self.rows]
        table = Table(data, repeatRows=1, colWidths=[WIDTH / len(self.headers)] * len(self.headers))
        table.setStyle(TableStyle(BANDED))
        story.append(table)
        return story
