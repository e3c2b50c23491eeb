"""Every print preview, opened and used the way a person does: menus, buttons, Print… and Save as PDF….

The system's modal dialogs are answered automatically: the save dialog returns a file in tmp_path,
the print dialog chooses "print to a PDF file" (the real CUPS queue has its own test, test_cups_print).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFileDialog, QInputDialog, QMenu, QMessageBox, QWidget

from desktop.domain.conversation import Kind
from desktop.store.audit import entries
from desktop.ui.dialogs.print_preview import PrintPreview
from tests.gui.test_conversation import fresh_person

# --- pressing what a person presses ------------------------------------------------------------------


def click(qtbot, widget: QWidget, pos: QPoint | None = None) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos if pos is not None else widget.rect().center())


def choose_from_menu(qtbot, menu: QMenu, text: str, open_menu) -> None:
    """Open `menu` with `open_menu()` (a click on its button or menu bar title) and click the item `text`.

    A push button's menu runs its own event loop, so the item is clicked from a timer once the menu is up.
    """
    action = next((a for a in menu.actions() if a.text() == text), None)
    assert action is not None, f"no '{text}' in the menu: {[a.text() for a in menu.actions()]}"
    assert action.isEnabled(), f"'{text}' is disabled"
    chosen: list[bool] = []

    def pick() -> None:
        if QApplication.activePopupWidget() is not menu:
            QTimer.singleShot(10, pick)
            return
        chosen.append(True)
        click(qtbot, menu, menu.actionGeometry(action).center())

    QTimer.singleShot(0, pick)
    open_menu()
    qtbot.waitUntil(lambda: bool(chosen), timeout=5000)


def choose_from_menu_bar(qtbot, window, title: str, text: str) -> None:
    bar = window.menuBar()
    menu = next(a.menu() for a in bar.actions() if a.text() == title)
    choose_from_menu(qtbot, menu, text, lambda: click(qtbot, bar, bar.actionGeometry(menu.menuAction()).center()))


def capture_previews(monkeypatch) -> list[PrintPreview]:
    """The preview a command opens, kept instead of run modally (the test then shows it and uses it)."""
    shown: list[PrintPreview] = []
    monkeypatch.setattr(PrintPreview, "exec", lambda self: shown.append(self) or 0)
    return shown


def shown_preview(qtbot, shown: list[PrintPreview]) -> PrintPreview:
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)   # a batch is rendered in the background first
    assert len(shown) == 1, f"{len(shown)} previews opened"
    preview = shown[0]
    preview.show()
    qtbot.waitExposed(preview)
    return preview


def answer_print_dialog(monkeypatch, choose) -> list[QPrintDialog]:
    """The system print dialog, answered by `choose(printer)` and OK; keeps the dialogs it was asked to show."""
    asked: list[QPrintDialog] = []

    def exec_(dialog: QPrintDialog) -> int:
        asked.append(dialog)
        choose(dialog.printer())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return asked


def to_pdf_file(path: Path, first: int = 0, last: int = 0, copies: int = 1):
    """What a person picks to print to a file: PDF output, maybe a page range and copies."""
    def choose(printer: QPrinter) -> None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setResolution(150)            # a quick render: the pages are images either way
        printer.setCopyCount(copies)
        if first:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(first, last)
    return choose


def pdf_text(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is missing: `make test` installs it")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def save_and_print(qtbot, monkeypatch, preview: PrintPreview, tmp_path: Path, words: list[str]) -> None:
    """Save as PDF… and Print… on the preview, as clicked; the saved file reads back with `words`."""
    saved = tmp_path / "saved.pdf"
    offered: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, caption, start, filters: offered.append(start) or (str(saved), filters))
    click(qtbot, preview.save_button)
    assert offered and offered[0].endswith(".pdf")
    assert saved.read_bytes() == preview.pdf_bytes and saved.read_bytes().startswith(b"%PDF")
    text = " ".join(pdf_text(saved).split())
    for word in words:
        assert word in text, f"'{word}' not in the saved PDF"
    printed = tmp_path / "printed.pdf"
    asked = answer_print_dialog(monkeypatch, to_pdf_file(printed))
    click(qtbot, preview.print_button)
    assert len(asked) == 1
    assert pdf_pages(printed) == preview.document.pageCount()
    assert preview.status.text() == f"Printed {preview.document.pageCount()} page" \
        f"{'s' if preview.document.pageCount() != 1 else ''} to {printed}."


def open_person(qtbot, shell, person) -> None:
    """Find the person by typing their assignment number in the team search and click their row."""
    team = shell.team
    team.search.clear()
    qtbot.keyClicks(team.search, person.assignment_number)
    qtbot.waitUntil(lambda: team.table.model().rowCount() == 1)
    index = team.table.model().index(0, 0)
    click(qtbot, team.table.viewport(), team.table.visualRect(index).center())
    qtbot.waitUntil(lambda: team.panel.staff is not None and team.panel.staff.id == person.id)


def open_signed_record(qtbot, shell, person):
    """The person's last signed EADR, opened from the Conversations list on their details."""
    open_person(qtbot, shell, person)
    history = shell.team.panel.history
    signed = shell.workspace.conversations().last_signed(person.id).id
    row = next(i for i in range(history.count()) if history.item(i).data(Qt.ItemDataRole.UserRole) == signed)
    click(qtbot, history.viewport(), history.visualItemRect(history.item(row)).center())
    qtbot.keyClick(history, Qt.Key.Key_Return)
    page = shell.conversation
    assert page is not None and page.conversation.id == signed
    return page


# --- the six previews ----------------------------------------------------------------------------------


def test_completed_record_prints_and_saves_from_its_print_button(unlocked, qtbot, tmp_path, monkeypatch):
    shell = unlocked.shell
    person = fresh_person(shell)
    page = open_signed_record(qtbot, shell, person)
    shown = capture_previews(monkeypatch)
    click(qtbot, page.print_button)
    preview = shown_preview(qtbot, shown)
    pages = preview.document.pageCount()
    assert pages >= 2 and preview.pages.text() == f"{pages} pages"
    assert preview.private.isVisible() and not preview.private.isChecked()
    click(qtbot, preview.private)              # re-rendered with the confidential page
    assert preview.private.isChecked() and preview.document.pageCount() == pages + 1
    save_and_print(qtbot, monkeypatch, preview, tmp_path,
                   [f"{person.first_name} {person.last_name}", "1. Check-in and wellbeing", "Confidential"])
    summaries = [e.summary for e in entries(shell.workspace.db, limit=2)]
    assert summaries[0].startswith(f"Printed {pages + 1} pages to {tmp_path / 'printed.pdf'}")
    assert summaries[1].startswith("Saved as PDF: saved.pdf")
    assert "with private wellbeing notes" in summaries[0] and "with private wellbeing notes" in summaries[1]


def test_blank_form_for_one_person_from_their_details_menu(unlocked, qtbot, tmp_path, monkeypatch):
    shell = unlocked.shell
    person = fresh_person(shell)
    open_person(qtbot, shell, person)
    shown = capture_previews(monkeypatch)
    panel = shell.team.panel
    choose_from_menu(qtbot, panel.other_button.menu(), "Print a blank EADR form for a paper conversation",
                     lambda: click(qtbot, panel.other_button))
    preview = shown_preview(qtbot, shown)
    assert "1 blank EADR form" in preview.windowTitle()
    assert shell.workspace.conversations().open_for(person.id) is None   # only a preview: no record yet
    save_and_print(qtbot, monkeypatch, preview, tmp_path, [person.last_name])
    conversation = shell.workspace.conversations().open_for(person.id)   # on paper now: stored, with its ID
    assert conversation is not None and conversation.kind is Kind.EADR
    assert conversation.id in " ".join(pdf_text(tmp_path / "saved.pdf").split())


def test_a_blank_form_previewed_but_not_printed_leaves_no_record(unlocked, qtbot, tmp_path, monkeypatch):
    shell = unlocked.shell
    person = fresh_person(shell)
    open_person(qtbot, shell, person)
    shown = capture_previews(monkeypatch)
    panel = shell.team.panel
    before = len(shell.workspace.conversations().history(person.id))
    choose_from_menu(qtbot, panel.other_button.menu(), "Print a blank EADR form for a paper conversation",
                     lambda: click(qtbot, panel.other_button))
    preview = shown_preview(qtbot, shown)
    click(qtbot, preview.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close))
    assert shell.workspace.conversations().open_for(person.id) is None
    assert len(shell.workspace.conversations().history(person.id)) == before


def test_batch_of_blank_forms_from_the_file_menu(unlocked, qtbot, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: asked.append(a) or (6, True))
    shown = capture_previews(monkeypatch)
    choose_from_menu_bar(qtbot, unlocked, "&File", "Print &blank forms for staff due…")
    assert asked, "the weeks were not asked"
    preview = shown_preview(qtbot, shown)
    assert "blank EADR forms" in preview.windowTitle() and preview.document.pageCount() >= 4
    save_and_print(qtbot, monkeypatch, preview, tmp_path, ["Ipswich Ambulance Station"])


def test_cancelling_a_batch_prints_nothing(unlocked, qtbot, monkeypatch):
    """Cancel on the batch's progress dialog: no preview, the status bar says Cancelled, no error."""
    import threading

    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from desktop.documents import printing
    pressed = threading.Event()
    real_render = printing.render_with_progress

    def render_at_human_speed(document, progress):
        """The real rendering, waiting at its first form until the person has pressed Cancel."""
        def held(done: int, total: int) -> bool:
            pressed.wait(20)
            return progress(done, total)
        return real_render(document, held)
    monkeypatch.setattr(printing, "render_with_progress", render_at_human_speed)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (6, True))
    shown = capture_previews(monkeypatch)

    def press_cancel() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QProgressDialog) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(50, press_cancel)
            return
        click(qtbot, dialog.findChild(QPushButton))
        pressed.set()
    QTimer.singleShot(0, press_cancel)
    choose_from_menu_bar(qtbot, unlocked, "&File", "Print &blank forms for staff due…")
    qtbot.waitUntil(lambda: unlocked.statusBar().currentMessage().startswith("Cancelled"), timeout=20000)
    assert shown == [] and warnings == []


def test_compliance_report_from_the_file_menu(unlocked, qtbot, tmp_path, monkeypatch):
    shown = capture_previews(monkeypatch)
    choose_from_menu_bar(qtbot, unlocked, "&File", "Print EADR &compliance report…")
    preview = shown_preview(qtbot, shown)
    assert Path(preview._file_name).name.startswith("EADR compliance Ipswich Ambulance Station")
    someone = next(p for p in unlocked.shell.workspace.staff().all() if p.is_active)
    save_and_print(qtbot, monkeypatch, preview, tmp_path, [someone.last_name, someone.assignment_number])


def test_cpd_profile_from_the_hcpc_profile_tab(unlocked, qtbot, tmp_path, monkeypatch):
    shell = unlocked.shell
    person = next(p for p in shell.workspace.staff().all() if p.is_active and p.hcpc_number)
    open_person(qtbot, shell, person)
    click(qtbot, shell.team.panel.learning_button)
    learning = shell.learning
    assert learning is not None and learning.staff.id == person.id
    tabs = learning.tabs.tabBar()
    click(qtbot, tabs, tabs.tabRect(learning.tabs.indexOf(learning.profile)).center())
    assert learning.tabs.currentWidget() is learning.profile
    shown = capture_previews(monkeypatch)
    click(qtbot, learning.profile.print_button)
    preview = shown_preview(qtbot, shown)
    save_and_print(qtbot, monkeypatch, preview, tmp_path, [person.last_name, person.hcpc_number])


def test_subject_access_report_prints_from_a_persons_details(unlocked, qtbot, tmp_path, monkeypatch):
    shell = unlocked.shell
    person = fresh_person(shell)
    open_person(qtbot, shell, person)
    shown = capture_previews(monkeypatch)
    panel = shell.team.panel
    choose_from_menu(qtbot, panel.other_button.menu(), "Print everything held about them (subject access)…",
                     lambda: click(qtbot, panel.other_button))
    preview = shown_preview(qtbot, shown)
    assert "subject access" in preview.windowTitle()
    save_and_print(qtbot, monkeypatch, preview, tmp_path,
                   [f"Records held about {person.first_name} {person.last_name}", person.assignment_number])
    summaries = [e.summary for e in entries(shell.workspace.db, limit=2)]
    assert all("subject access report" in s and person.assignment_number in s for s in summaries)


def test_subject_access_export_from_a_persons_details(unlocked, qtbot, tmp_path, monkeypatch):
    shell = unlocked.shell
    person = fresh_person(shell)
    open_person(qtbot, shell, person)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "out"))
    panel = shell.team.panel
    choose_from_menu(qtbot, panel.other_button.menu(), "Export everything held about them (subject access)…",
                     lambda: click(qtbot, panel.other_button))
    files = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert files == [".json", ".pdf"]
    assert "Subject access export saved" in unlocked.statusBar().currentMessage()


# --- what the print dialog chose ----------------------------------------------------------------------


def test_page_range_and_copies_chosen_in_the_print_dialog_are_printed(unlocked, qtbot, tmp_path, monkeypatch):
    shell = unlocked.shell
    page = open_signed_record(qtbot, shell, fresh_person(shell))
    shown = capture_previews(monkeypatch)
    click(qtbot, page.print_button)
    preview = shown_preview(qtbot, shown)
    assert preview.document.pageCount() >= 2
    asked = answer_print_dialog(monkeypatch, to_pdf_file(tmp_path / "p2.pdf", 2, 2, copies=3))
    click(qtbot, preview.print_button)
    dialog = asked[0]
    assert dialog.testOption(QPrintDialog.PrintDialogOption.PrintPageRange)
    assert (dialog.minPage(), dialog.maxPage()) == (1, preview.document.pageCount())
    assert pdf_pages(tmp_path / "p2.pdf") == 3              # page 2, three copies
    assert entries(shell.workspace.db, limit=1)[0].summary.startswith("Printed 1 page, 3 copies")


def test_cancelling_the_print_dialog_prints_nothing(unlocked, qtbot, tmp_path, monkeypatch):
    shell = unlocked.shell
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    shown = capture_previews(monkeypatch)
    choose_from_menu_bar(qtbot, unlocked, "&File", "Print EADR &compliance report…")
    preview = shown_preview(qtbot, shown)
    before = entries(shell.workspace.db, limit=1)
    click(qtbot, preview.print_button)
    assert entries(shell.workspace.db, limit=1) == before and preview.status.text() == ""


def test_an_unwritable_pdf_says_so_and_is_not_audited(unlocked, qtbot, tmp_path, monkeypatch):
    shell = unlocked.shell
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    shown = capture_previews(monkeypatch)
    choose_from_menu_bar(qtbot, unlocked, "&File", "Print EADR &compliance report…")
    preview = shown_preview(qtbot, shown)
    before = entries(shell.workspace.db, limit=1)
    answer_print_dialog(monkeypatch, to_pdf_file(tmp_path / "missing" / "folder" / "x.pdf"))
    click(qtbot, preview.print_button)
    assert warnings and str(tmp_path / "missing" / "folder" / "x.pdf") in warnings[0]
    assert entries(shell.workspace.db, limit=1) == before


def test_preview_fits_a_small_screen_with_its_buttons_in_view(unlocked, qtbot, monkeypatch):
    unlocked.resize(1024, 768)
    shown = capture_previews(monkeypatch)
    choose_from_menu_bar(qtbot, unlocked, "&File", "Print EADR &compliance report…")
    preview = shown_preview(qtbot, shown)
    room = preview.screen().availableGeometry()
    assert preview.width() <= room.width() and preview.height() <= room.height()
    for button in (preview.print_button, preview.save_button):
        assert button.isVisible() and preview.rect().contains(button.geometry().translated(
            button.parentWidget().mapTo(preview, QPoint(0, 0))))
    assert [preview.print_button.text(), preview.save_button.text()] == ["&Print…", "&Save as PDF…"]


def test_alt_s_saves_and_alt_p_prints(unlocked, qtbot, tmp_path, monkeypatch):
    shown = capture_previews(monkeypatch)
    choose_from_menu_bar(qtbot, unlocked, "&File", "Print EADR &compliance report…")
    preview = shown_preview(qtbot, shown)
    preview.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is preview)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "keys.pdf"), a[-1]))
    qtbot.keyClick(preview, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil((tmp_path / "keys.pdf").exists)          # a mnemonic animates the click first
    assert (tmp_path / "keys.pdf").read_bytes() == preview.pdf_bytes
    asked = answer_print_dialog(monkeypatch, to_pdf_file(tmp_path / "keys-printed.pdf"))
    qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert len(asked) == 1 and pdf_pages(tmp_path / "keys-printed.pdf") == preview.document.pageCount()
