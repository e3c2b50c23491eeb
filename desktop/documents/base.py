"""A template-method base for every PDF: fonts, styles, page furniture and "Page x of y".

Subclasses supply a title and a story; the base lays out A4 pages with the
trust/station header and a footer naming the document, print date and page.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from desktop.domain import clock
from desktop import __version__
from desktop.documents.fonts import BOLD, REGULAR, register_fonts
from desktop.domain.dates import uk
from desktop.store.files import write_atomic

NHS_BLUE = colors.HexColor("#005EB8")
DARK_GREY = colors.HexColor("#425563")
PALE_GREY = colors.HexColor("#E8EDEE")
CONFIDENTIAL_RED = colors.HexColor("#8A1538")


def stylesheet() -> StyleSheet1:
    register_fonts()
    sheet = StyleSheet1()
    sheet.add(ParagraphStyle("Body", fontName=REGULAR, fontSize=9.5, leading=12.5, alignment=TA_LEFT))
    sheet.add(ParagraphStyle("Small", parent=sheet["Body"], fontSize=8, leading=10))
    sheet.add(ParagraphStyle("Cell", parent=sheet["Body"], fontSize=8.5, leading=10.5))
    sheet.add(ParagraphStyle("CellHead", parent=sheet["Cell"], fontName=BOLD, textColor=colors.white))
    sheet.add(ParagraphStyle("CellLabel", parent=sheet["Cell"], fontName=BOLD))
    sheet.add(ParagraphStyle("Title", fontName=BOLD, fontSize=16, leading=20, textColor=NHS_BLUE,
                             spaceAfter=4 * mm))
    sheet.add(ParagraphStyle("Heading", fontName=BOLD, fontSize=11.5, leading=15, textColor=NHS_BLUE,
                             spaceBefore=4 * mm, spaceAfter=2 * mm))
    return sheet


class PageMark(Flowable):
    """An invisible flowable that sets marks on the page it lands on and the pages after:
    `PageMark(confidential=True)`, `PageMark(group=record_id, footer="Record …")`."""

    def __init__(self, **marks: object):
        super().__init__()
        self.marks = marks

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        if canvas._on_mark is not None:
            canvas._on_mark(self.marks)   # progress reporting; may raise Cancelled
        canvas._marks.update(self.marks)
        if self.marks.get("group") is not None:
            canvas._page_marks = dict(canvas._marks)   # a new form decides its own first page
        else:
            canvas._page_marks.update(self.marks)


class _NumberedCanvas(Canvas):
    """Defers page output until the totals are known, for "Page x of y" (per form in a batch)."""

    def __init__(self, *args, furniture=None, on_mark=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._furniture = furniture
        self._on_mark = on_mark
        self._marks: dict[str, object] = {}        # in force from here on
        self._page_marks: dict[str, object] = {}   # what this page shows

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        state = dict(self.__dict__)
        state["_page_marks"] = dict(self._page_marks)
        self._pages.append(state)
        self._page_marks = dict(self._marks)
        self._startPage()

    def save(self) -> None:
        groups = [state["_page_marks"].get("group") for state in self._pages]
        totals = {g: groups.count(g) for g in set(groups)}
        seen: dict[object, int] = {}
        for state, group in zip(self._pages, groups):
            self.__dict__.update(state)
            seen[group] = seen.get(group, 0) + 1
            if self._furniture:
                self._furniture(self, seen[group], totals[group], state["_page_marks"])
            super().showPage()
        super().save()


class PdfDocument(ABC):
    """Render with `to_bytes()` or `save(path)`; subclasses fill in `title` and `story()`."""

    landscape: bool = False
    # Page streams are left uncompressed: it saves a sixth of the render time, and a
    # 4-page record is still about 100 KB. Fonts are subset and compressed regardless.
    compress_pages: int = 0
    form_version = f"EADR Station {__version__}"
    bottom_margin: float = 16 * mm   # forms that carry a code on every page make room for it

    def __init__(self, station: str, trust: str = "", printed_on: date | None = None):
        self.station = station
        self.trust = trust
        self.printed_on = printed_on or clock.today()
        self.styles = stylesheet()

    @property
    @abstractmethod
    def title(self) -> str: ...

    @abstractmethod
    def story(self) -> list[Flowable]: ...

    def footer_note(self) -> str:
        """Extra words for the footer, such as a record ID (a PageMark's `footer` overrides it)."""
        return ""

    @property
    def pagesize(self) -> tuple[float, float]:
        return landscape(A4) if self.landscape else A4

    def _furniture(self, canvas: Canvas, page: int, total: int, marks: dict[str, object]) -> None:
        width, height = self.pagesize
        confidential = bool(marks.get("confidential"))
        canvas.saveState()
        canvas.setFillColor(CONFIDENTIAL_RED if confidential else NHS_BLUE)
        canvas.rect(0, height - 14 * mm, width, 14 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(BOLD, 11)
        title = f"CONFIDENTIAL · {self.title}" if confidential else self.title
        canvas.drawString(15 * mm, height - 9 * mm, title)
        canvas.setFont(REGULAR, 9)
        header_right = " · ".join(p for p in (self.trust, self.station) if p)
        canvas.drawRightString(width - 15 * mm, height - 9 * mm, header_right)
        canvas.setFillColor(CONFIDENTIAL_RED if confidential else DARK_GREY)
        canvas.setFont(REGULAR, 7.5)
        note = str(marks.get("footer") or self.footer_note())
        left = " · ".join(p for p in ("CONFIDENTIAL" if confidential else "", note,
                                      self.form_version, f"Printed {uk(self.printed_on)}") if p)
        canvas.drawString(15 * mm, 9 * mm, left)
        canvas.drawRightString(width - 15 * mm, 9 * mm, f"Page {page} of {total}")
        canvas.restoreState()

    def to_bytes(self, on_mark: Callable[[dict], None] | None = None) -> bytes:
        """The PDF. `on_mark` hears each PageMark as it is laid out (progress for long batches)."""
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer, pagesize=self.pagesize, title=self.title, author=self.station,
            creator=self.form_version, leftMargin=15 * mm, rightMargin=15 * mm,
            topMargin=22 * mm, bottomMargin=self.bottom_margin, pageCompression=self.compress_pages,
        )
        doc.build(self.story(), canvasmaker=lambda *a, **k: _NumberedCanvas(*a, furniture=self._furniture,
                                                                           on_mark=on_mark, **k))
        return buffer.getvalue()

    def save(self, path: Path) -> Path:
        return write_pdf(Path(path), self.to_bytes())


def write_pdf(path: Path, data: bytes) -> Path:
    """Write a file atomically (PDF or JSON): a crash, a full disk or a read-only folder never leaves half a
    file under the real name, and the error (store.files.WriteFailed) names the file and what to do."""
    return write_atomic(Path(path), data)
