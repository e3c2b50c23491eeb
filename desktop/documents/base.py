"""A template-method base for every PDF: fonts, styles, page furniture and "Page x of y".

Subclasses supply a title and a story; the base lays out A4 pages with the
trust/station header and a footer naming the document, print date and page.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from desktop import __version__
from desktop.documents.fonts import BOLD, REGULAR, register_fonts
from desktop.domain.dates import uk

NHS_BLUE = colors.HexColor("#005EB8")
DARK_GREY = colors.HexColor("#425563")
PALE_GREY = colors.HexColor("#E8EDEE")


def stylesheet() -> StyleSheet1:
    register_fonts()
    sheet = StyleSheet1()
    sheet.add(ParagraphStyle("Body", fontName=REGULAR, fontSize=9.5, leading=12.5, alignment=TA_LEFT))
    sheet.add(ParagraphStyle("Small", parent=sheet["Body"], fontSize=8, leading=10))
    sheet.add(ParagraphStyle("Cell", parent=sheet["Body"], fontSize=8.5, leading=10.5))
    sheet.add(ParagraphStyle("CellHead", parent=sheet["Cell"], fontName=BOLD, textColor=colors.white))
    sheet.add(ParagraphStyle("Title", fontName=BOLD, fontSize=16, leading=20, textColor=NHS_BLUE,
                             spaceAfter=4 * mm))
    sheet.add(ParagraphStyle("Heading", fontName=BOLD, fontSize=11.5, leading=15, textColor=NHS_BLUE,
                             spaceBefore=4 * mm, spaceAfter=2 * mm))
    return sheet


class _NumberedCanvas(Canvas):
    """Defers page output until the total is known, for "Page x of y"."""

    def __init__(self, *args, furniture=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._furniture = furniture

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            if self._furniture:
                self._furniture(self, self._pageNumber, total)
            super().showPage()
        super().save()


class PdfDocument(ABC):
    """Render with `to_bytes()` or `save(path)`; subclasses fill in `title` and `story()`."""

    landscape: bool = False
    form_version = f"EADR Station {__version__}"

    def __init__(self, station: str, trust: str = "", printed_on: date | None = None):
        self.station = station
        self.trust = trust
        self.printed_on = printed_on or date.today()
        self.styles = stylesheet()

    @property
    @abstractmethod
    def title(self) -> str: ...

    @abstractmethod
    def story(self) -> list[Flowable]: ...

    def footer_note(self) -> str:
        """Extra words for the footer, such as a record ID."""
        return ""

    @property
    def pagesize(self) -> tuple[float, float]:
        return landscape(A4) if self.landscape else A4

    def _furniture(self, canvas: Canvas, page: int, total: int) -> None:
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFillColor(NHS_BLUE)
        canvas.rect(0, height - 14 * mm, width, 14 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(BOLD, 11)
        canvas.drawString(15 * mm, height - 9 * mm, self.title)
        canvas.setFont(REGULAR, 9)
        header_right = " · ".join(p for p in (self.trust, self.station) if p)
        canvas.drawRightString(width - 15 * mm, height - 9 * mm, header_right)
        canvas.setFillColor(DARK_GREY)
        canvas.setFont(REGULAR, 7.5)
        left = " · ".join(p for p in (self.footer_note(), self.form_version,
                                      f"Printed {uk(self.printed_on)}") if p)
        canvas.drawString(15 * mm, 9 * mm, left)
        canvas.drawRightString(width - 15 * mm, 9 * mm, f"Page {page} of {total}")
        canvas.restoreState()

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer, pagesize=self.pagesize, title=self.title, author=self.station,
            creator=self.form_version, leftMargin=15 * mm, rightMargin=15 * mm,
            topMargin=22 * mm, bottomMargin=16 * mm,
        )
        doc.build(self.story(), canvasmaker=lambda *a, **k: _NumberedCanvas(*a, furniture=self._furniture, **k))
        return buffer.getvalue()

    def save(self, path: Path) -> Path:
        """Write atomically so a failed render never leaves half a PDF under the real name."""
        data = self.to_bytes()
        path = Path(path)
        tmp = path.with_suffix(path.suffix + ".partial")
        tmp.write_bytes(data)
        tmp.replace(path)
        return path
