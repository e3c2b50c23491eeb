"""Preview a PDF (QtPdf), print it through Qt's print dialog, or save it as a PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QVBoxLayout,
)

from desktop.documents.base import write_pdf
from desktop.documents.print_jobs import PrintFailed, PrintJob, cups_lp, page_ranges_text, page_sequence, send_to_cups
from desktop.ui.widgets.forms import write_failure_text

# Beyond this a page image of A4 takes over half a gigabyte; 600 dpi is print quality for these forms.
MAX_RENDER_DPI = 600


class PrintPreview(QDialog):
    """`render(include_private)` gives the PDF; a private-notes tick re-renders when offered."""

    def __init__(self, title: str, file_name: str, render: Callable[[bool], bytes], parent=None,
                 offer_private: bool = False, audit: Callable[[str], None] | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        # A page's width at a readable size, but never beyond the screen (1024×768, or 150% scaling on a laptop).
        screen = (parent.screen() if parent is not None else None) or QApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        self.resize(min(900, room.width() - 40) if room else 900, min(720, room.height() - 40) if room else 720)
        self._render = render
        self._file_name = file_name
        self._audit = audit or (lambda what: None)
        self.pdf_bytes = b""
        self.last_job: str | None = None          # the CUPS job id of the last print, when it went through CUPS
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.private = QCheckBox("&Include private wellbeing notes (printed on pages marked Confidential)")
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
        self.status = QLabel()
        self.status.setAccessibleName("Print status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton("&Print…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton("&Save as PDF…", QDialogButtonBox.ButtonRole.ActionRole)
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

    # --- the buttons: slots take no arguments, because clicked(bool) would fill the first one ----------
    def save_as(self) -> Path | None:
        """Save as PDF…: ask where, then save."""
        chosen, _ = QFileDialog.getSaveFileName(self, "Save as PDF", str(Path.home() / self._file_name),
                                                "PDF (*.pdf)")
        return self.save_to(Path(chosen)) if chosen else None

    def print_(self) -> bool:
        """Print…: the system print dialog (printer, copies, page range), then print what was chosen."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._file_name)
        count = max(1, self.document.pageCount())
        printer.setFromTo(1, count)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"Print {self._file_name.removesuffix('.pdf')}")
        dialog.setOptions(QPrintDialog.PrintDialogOption.PrintToFile | QPrintDialog.PrintDialogOption.PrintPageRange
                          | QPrintDialog.PrintDialogOption.PrintCollateCopies
                          | QPrintDialog.PrintDialogOption.PrintShowPageSize)
        dialog.setMinMax(1, count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.print_to(dialog.printer())

    # --- the work, with its arguments --------------------------------------------------------------
    def save_to(self, path: Path) -> Path | None:
        """Write the previewed PDF to `path`; a clear message and None if it cannot be written."""
        try:
            write_pdf(path, self.pdf_bytes)
        except OSError as exc:
            QMessageBox.warning(self, "Not saved", write_failure_text(path, exc))
            return None
        self._audit(f"Saved as PDF: {path.name}")
        self.status.setText(f"Saved as {path}.")
        return path

    def print_to(self, printer: QPrinter) -> bool:
        """Print with the choices already in `printer`: through CUPS where the system has it, else page by page.

        A real printer on a CUPS system gets the PDF itself (`lp`), so text stays text and the job stays
        small; Windows, and a printer set to write a PDF file, get pages painted at printer resolution.
        """
        self.last_job = None
        job = job_from(printer, self._file_name)
        sequence = page_sequence(self.document.pageCount(), job.ranges, 1, True)
        if not sequence:
            QMessageBox.warning(self, "Not printed", f"Pages {page_ranges_text(job.ranges)} are not in this "
                                f"{self.document.pageCount()}-page document. Choose pages from 1 to "
                                f"{self.document.pageCount()}.")
            return False
        lp = cups_lp()
        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if lp is not None and not to_file and job.printer:
                self.last_job = send_to_cups(job, self.pdf_bytes, lp)
            else:
                self.paint_pages(printer)
        except (PrintFailed, OSError) as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "Not printed", str(exc))
            return False
        QApplication.restoreOverrideCursor()
        what = f"{len(sequence)} page{'s' if len(sequence) != 1 else ''}" + (
            f", {job.copies} copies" if job.copies > 1 else "")
        self._audit(f"Printed {what} to {printer.outputFileName()}" if to_file
                    else f"Printed {what} on {job.printer}")
        self.status.setText(f"Printed {what} to {printer.outputFileName()}." if to_file
                            else f"Sent {what} to the printer “{job.printer}”.")
        return True

    def paint_pages(self, printer: QPrinter) -> None:
        """Draw the chosen PDF pages, rendered at the printer's resolution (up to 600 dpi), onto its pages.

        Copies are painted here only when the printer cannot make them itself (a PDF file, for one).
        """
        job = job_from(printer, self._file_name)
        copies = 1 if printer.supportsMultipleCopies() else job.copies
        sequence = page_sequence(self.document.pageCount(), job.ranges, copies, job.collate)
        painter = QPainter()
        if not painter.begin(printer):
            if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
                raise OSError(0, f"{printer.outputFileName()} could not be written. Choose another folder or "
                                 "file name; nothing was printed.")
            raise OSError(0, f"The printer “{printer.printerName()}” could not be started. Check it is switched "
                             "on and connected, or choose another printer; nothing was printed.")
        try:
            dpi = min(printer.resolution(), MAX_RENDER_DPI)
            for n, index in enumerate(sequence):
                if n:
                    printer.newPage()
                points = self.document.pagePointSize(index)
                size = QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
                image = self.document.render(index, size)
                target = painter.viewport()
                scale = min(target.width() / size.width(), target.height() / size.height())
                painter.drawImage(QRectF(0, 0, size.width() * scale, size.height() * scale), image)
        finally:
            painter.end()


def job_from(printer: QPrinter, title: str = "") -> PrintJob:
    """The print dialog's choices, read back from the printer it filled in."""
    ranges: tuple[tuple[int, int], ...] = ()
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        ranges = tuple((r.from_, r.to) for r in printer.pageRanges().toRangeList())
    duplex = {QPrinter.DuplexMode.DuplexNone: "none", QPrinter.DuplexMode.DuplexLongSide: "long",
              QPrinter.DuplexMode.DuplexShortSide: "short", QPrinter.DuplexMode.DuplexAuto: "long"}
    return PrintJob(printer.printerName(), title or printer.docName(), max(1, printer.copyCount()), ranges,
                    printer.collateCopies(), duplex.get(printer.duplex()),
                    False if printer.colorMode() == QPrinter.ColorMode.GrayScale else None)
