"""Preview a PDF (QtPdf), print it through Qt's print dialog, or save it as a PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QVBoxLayout,
)

from desktop.documents.base import write_pdf
from desktop.ui.widgets.forms import write_failure_text


class PrintPreview(QDialog):
    """`render(include_private)` gives the PDF; a private-notes tick re-renders when offered."""

    def __init__(self, title: str, file_name: str, render: Callable[[bool], bytes], parent=None,
                 offer_private: bool = False, audit: Callable[[str], None] | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 720)
        self._render = render
        self._file_name = file_name
        self._audit = audit or (lambda what: None)
        self.pdf_bytes = b""
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.private = QCheckBox("Include private wellbeing notes (printed on pages marked Confidential)")
        self.private.setVisible(offer_private)
        self.private.setAccessibleName("Include private wellbeing notes")
        self.pages = QLabel()
        bar.addWidget(self.private)
        bar.addStretch(1)
        bar.addWidget(self.pages)
        layout.addLayout(bar)
        self.view = QPdfView(self)
        self.view.setAccessibleName("Print preview")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton("Print…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton("Save as PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.save_as)
        layout.addWidget(buttons)
        self.private.toggled.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.pdf_bytes = self._render(self.private.isChecked())
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(self.pdf_bytes))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        count = self.document.pageCount()
        self.pages.setText(f"{count} page{'s' if count != 1 else ''}")

    def save_as(self, path: Path | None = None) -> Path | None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save as PDF", str(Path.home() / self._file_name),
                                                    "PDF (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            write_pdf(path, self.pdf_bytes)
        except OSError as exc:
            QMessageBox.warning(self, "Not saved", write_failure_text(path, exc))
            return None
        self._audit(f"Saved as PDF: {path.name}")
        return path

    def print_(self, printer: QPrinter | None = None) -> bool:
        """Through the system print dialog unless a printer is given (tests print to a PDF file)."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(self._file_name)
            if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
                return False
        self.paint_pages(printer)
        self._audit(f"Printed {self.document.pageCount()} pages")
        return True

    def paint_pages(self, printer: QPrinter) -> None:
        """Draw each PDF page, rendered at the printer's resolution, onto the printer's pages."""
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("the printer could not be started")
        try:
            dpi = printer.resolution()
            for index in range(self.document.pageCount()):
                if index:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                size = QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
                image = self.document.render(index, size)
                target = painter.viewport()
                scale = min(target.width() / size.width(), target.height() / size.height())
                painter.drawImage(QRectF(0, 0, size.width() * scale, size.height() * scale), image)
        finally:
            painter.end()


