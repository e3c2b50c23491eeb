from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

from desktop.domain.conversation import Kind
from desktop.store.audit import entries
from desktop.ui import print_actions
from desktop.ui.dialogs.print_preview import PrintPreview
from tests.gui.test_conversation import fresh_person


def test_print_button_previews_the_record_and_prints_through_qt(unlocked, tmp_path, monkeypatch):
    shell = unlocked.shell
    person = fresh_person(shell)
    page = shell.open_record(person, shell.workspace.conversations().last_signed(person.id).id)
    shown = []
    monkeypatch.setattr(PrintPreview, "exec", lambda self: shown.append(self) or 0)
    page.print_button.click()
    preview = shown[0]
    pages = preview.document.pageCount()
    assert pages >= 2 and preview.pages.text() == f"{pages} pages"
    assert preview.private.isVisible() is False or preview.private.isChecked() is False
    preview.private.setChecked(True)          # re-rendered with the confidential page
    assert preview.document.pageCount() == pages + 1
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_(printer)
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
    saved = preview.save_as(tmp_path / "saved.pdf")
    assert saved and saved.read_bytes() == preview.pdf_bytes
    summaries = [e.summary for e in entries(shell.workspace.db, limit=2)]
    assert summaries[0].startswith("Saved as PDF: saved.pdf")
    assert "with private wellbeing notes" in summaries[0] and summaries[1].startswith("Printed ")


def test_batch_of_blank_forms_renders_off_the_gui_thread_with_progress(unlocked, monkeypatch, qtbot):
    ws = unlocked.shell.workspace
    people = [p for p in ws.staff().all() if p.is_active][:4]
    monkeypatch.setattr(PrintPreview, "exec", lambda self: 0)
    preview = print_actions.preview_blank_forms(unlocked, ws, people)
    assert preview is not None and preview.document.pageCount() >= 8
    assert "4 blank EADR forms" in preview.windowTitle()


def test_cancelling_a_batch_prints_nothing(unlocked, monkeypatch):
    ws = unlocked.shell.workspace
    people = [p for p in ws.staff().all() if p.is_active][:4]
    from desktop.ui import tasks
    original = tasks._Worker._progress
    monkeypatch.setattr(tasks._Worker, "_progress",
                        lambda self, done, total: (setattr(self, "cancelled", True), original(self, done, total))[1])
    assert print_actions.preview_blank_forms(unlocked, ws, people) is None


def test_compliance_report_from_the_file_menu(unlocked, monkeypatch):
    shown = []
    monkeypatch.setattr(PrintPreview, "exec", lambda self: shown.append(self) or 0)
    unlocked.compliance_action.trigger()
    assert shown and shown[0].document.pageCount() >= 1
    assert Path(shown[0]._file_name).name.startswith("EADR compliance Ipswich Ambulance Station")


def test_blank_form_for_one_person_from_their_details(unlocked, monkeypatch):
    team = unlocked.shell.team
    person = fresh_person(unlocked.shell)
    team.select(person.id)
    shown = []
    monkeypatch.setattr(PrintPreview, "exec", lambda self: shown.append(self) or 0)
    team.panel.blank_form_requested.emit(person)
    assert shown and "1 blank EADR form" in shown[0].windowTitle()
    assert unlocked.shell.workspace.conversations().open_for(person.id).kind is Kind.EADR


def test_subject_access_export_from_a_persons_details(unlocked, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    person = fresh_person(unlocked.shell)
    unlocked.shell.team.select(person.id)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "out"))
    unlocked.shell.team.panel.subject_access_requested.emit(person)
    files = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert files == [".json", ".pdf"]
    assert "Subject access export saved" in unlocked.statusBar().currentMessage()
