"""Every page, person tab, conversation section and dialog of the app, opened as a person would reach them,
for the tests that walk them all (accessible names, fitting small screens)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QApplication, QComboBox, QHeaderView, QLabel, QLineEdit,
    QPlainTextEdit, QTextEdit, QWidget,
)

from desktop.domain.conversation import Kind

INTERACTIVE = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)

ROSTER = ("Assignment Number,First Name,Last Name,Position,Band\n"
          "77700001,Gwenllian,Llwyd,Paramedic,Band 6\n"
          "77700002,Zoë,Fernández,Paramedic,Band 99\n")


def interactive(root: QWidget) -> list[QWidget]:
    """The controls a person can reach in `root`: shown, and not the inner parts of another control."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QHeaderView) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
            continue   # a combo's or spin box's own line edit: the control itself carries the name
        found.append(widget)
    return found


def spoken_name(widget: QWidget, root: QWidget) -> str:
    """What a screen reader announces: the accessible name, else the text or the buddy label Qt gives it.
    (A combo box's value is not its name: on Linux Qt reports the value as the name, so it needs its own.)"""
    if widget.accessibleName():
        return widget.accessibleName()
    if not isinstance(widget, QComboBox):
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is not None and interface.text(QAccessible.Text.Name).strip():
            return interface.text(QAccessible.Text.Name).strip()
    for label in root.findChildren(QLabel):
        if label.buddy() is widget and label.text():
            return label.text().replace("&", "").strip()
    return ""


def shell_pages(window) -> Iterator[tuple[str, QWidget]]:
    """Each page of the navigation, reached through it."""
    shell = window.shell
    for row, (title, _name) in enumerate(shell._NAV):
        shell.nav.setCurrentRow(row)
        QApplication.processEvents()
        yield title, shell.pages.currentWidget()


def paramedic(shell):
    return next(p for p in shell.team.repo.all() if p.is_active and p.hcpc_number)


def person_tabs(window) -> Iterator[tuple[str, QWidget]]:
    shell = window.shell
    page = shell.open_learning(paramedic(shell))
    try:
        for index in range(page.tabs.count()):
            page.tabs.setCurrentIndex(index)
            QApplication.processEvents()
            yield f"person: {page.tabs.tabText(index).replace('&', '')}", page
    finally:
        page.leave()


def conversation_sections(window) -> Iterator[tuple[str, QWidget]]:
    """Each section of an open EADR, with every repeating list given two items (names must tell them apart)."""
    shell = window.shell
    page = shell.open_conversation(paramedic(shell), Kind.EADR)
    try:
        from desktop.ui.conversation.editors import RepeatingList
        for row, section in enumerate(page.sections):
            page.steps.setCurrentRow(row)
            QApplication.processEvents()
            for repeating in section.findChildren(RepeatingList):
                while repeating.add_button.isVisible() and len(repeating.editors) < 2:
                    QTest.mouseClick(repeating.add_button, Qt.MouseButton.LeftButton)
            QApplication.processEvents()
            yield f"section: {page.steps.item(row).text()}", section
    finally:
        page.leave()


@contextmanager
def shown(dialog: QWidget) -> Iterator[QWidget]:
    dialog.show()
    QApplication.processEvents()
    try:
        yield dialog
    finally:
        dialog.close()
        dialog.deleteLater()


def dialogs(window, tmp_path: Path) -> Iterator[tuple[str, Callable[[], QWidget]]]:
    """Each dialog, built as the app builds it (label, factory); the caller shows and closes it."""
    from desktop.store.backups import list_backups
    from desktop.ui import print_actions
    from desktop.ui.cpd.quick_capture import QuickCaptureDialog
    from desktop.ui.dialogs.leaver import LeaverDialog
    from desktop.ui.dialogs.passphrase import ChangePassphraseDialog
    from desktop.ui.dialogs.restore import RestoreDialog
    from desktop.ui.dialogs.retention import RetentionDialog
    from desktop.ui.dialogs.roster_import import RosterImportDialog
    ws = window.workspace
    person = paramedic(window.shell)
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    ws.take_backup("manual")
    people = [p for p in ws.staff().all() if p.is_active]
    yield "roster import", lambda: RosterImportDialog(roster, ws.staff(), window)
    yield "leaver", lambda: LeaverDialog(person, window)
    yield "passphrase", lambda: ChangePassphraseDialog(ws, window)
    yield "retention", lambda: RetentionDialog(ws, window)
    yield "restore", lambda: RestoreDialog(list_backups(ws.folder), window)
    yield "print preview", lambda: print_actions.preview_compliance(window, ws)
    yield "quick capture", lambda: QuickCaptureDialog(ws.cpd(), people, person, window)
    from desktop.domain import clock
    from desktop.ui.dialogs.find_record import FindRecordDialog
    from desktop.ui.dialogs.training_import import TrainingImportDialog
    export = tmp_path / "olm.csv"
    export.write_text("Assignment Number,Full Name,Competence Name,Achieved Date,Expiry Date\n"
                      f"{people[0].assignment_number},x,NHS|CSTF|Fire Safety - 2 Years|,31/03/2026,\n"
                      f"{people[1].assignment_number},x,NHS|CSTF|Preventing Radicalisation - Basic Prevent "
                      "Awareness - 3 Years|,31/03/2026,\n99999999,x,Fire safety,31/03/2026,\n", encoding="utf-8")
    yield "training import", lambda: TrainingImportDialog(export, ws, clock.today(), window)
    yield "find by record", lambda: FindRecordDialog(ws, window)
    yield "scanned forms", lambda: scanned_forms_dialog(window, tmp_path, people)


def scanned_forms_dialog(window, tmp_path: Path, people):
    """File → Open scanned forms…'s dialog for a scan of one printed form and a page without a code."""
    from PIL import Image, ImageDraw

    from desktop.documents import printing, scans
    from desktop.ui.dialogs.scanned_forms import ScannedFormsDialog
    ws = window.workspace
    document = printing.blank_forms(ws, people[:1])
    (tmp_path / "scan.pdf").write_bytes(document.to_bytes())
    printing.note_output(ws, document, "Printed")
    page = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(page).rectangle((100, 100, 1100, 300), fill=40)   # writing, but no code
    page.save(tmp_path / "torn.png")
    found, parts = scans.match(ws, scans.read_scans([tmp_path / "scan.pdf", tmp_path / "torn.png"]))
    return ScannedFormsDialog(found, parts, people, window)
