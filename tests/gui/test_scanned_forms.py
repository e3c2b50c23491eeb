"""File → Open scanned forms…: a night's paper forms, scanned, each typed up beside its record."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.documents import printing
from desktop.store.info import DB_FILE
from desktop.ui.dialogs.scanned_forms import ScannedFormsDialog
from tests.gui.conftest import choose_menu, click, press_keys, unlock_by_keys
from tests.scan_helpers import scan_to_pdf, scanned_pages


@pytest.fixture
def night_scan(unlocked, tmp_path):
    """Three people's blank forms, printed, filled in, photocopied and scanned into one PDF; the code at the foot
    of the second form's second page (page 6) is torn off."""
    ws = unlocked.workspace
    document = printing.blank_forms(ws, printing.due_within(ws, 52)[:3])
    data = document.to_bytes()
    printing.note_output(ws, document, "Printed")
    images = scanned_pages(data)
    torn = images[5].copy()
    torn.paste(255, (torn.width - 500, torn.height - 500, torn.width, torn.height))
    images[5] = torn
    return document, scan_to_pdf(images, tmp_path / "night shift.pdf")


def _answer_file_dialog(monkeypatch, *paths):
    asked = []

    def answer(parent, caption, folder, filters):
        asked.append((caption, filters))
        return [str(p) for p in paths], filters
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(answer))
    return asked


def test_a_scanned_pile_opens_each_record_beside_its_scan(qtbot, unlocked, night_scan, monkeypatch, modal,
                                                          demo_folder):
    window = unlocked
    document, scan = night_scan
    first, second, third = (f.conversation.id for f in document.forms)
    asked = _answer_file_dialog(monkeypatch, scan)
    seen = {}

    def match_the_torn_page(dialog: ScannedFormsDialog) -> None:
        seen["forms"] = [dialog.forms.item(i).text() for i in range(dialog.forms.count())]
        seen["unmatched"] = [p.label for p in dialog.parts.unmatched]
        [choice] = dialog.choices
        choice.setFocus()
        qtbot.keyClick(choice, Qt.Key.Key_Down)   # the first form above…
        qtbot.keyClick(choice, Qt.Key.Key_Down)   # …the second: page 6 sits between its pages 5 and 7
        assert choice.currentText().startswith(document.forms[1].staff.display_name + "'s form above")
        click(qtbot, dialog.keep_button)
    modal.when(ScannedFormsDialog, match_the_torn_page)

    press_keys(qtbot, window, "Ctrl+Shift+O")   # File → Open scanned forms…
    qtbot.waitUntil(lambda: window.shell.conversation is not None, timeout=20000)
    assert asked and "*.pdf" in asked[0][1] and "*.tiff" in asked[0][1]
    assert seen["unmatched"] == ["night shift.pdf, page 6"]
    assert seen["forms"][1].endswith("night shift.pdf pages 5, 7–8")

    page = window.shell.conversation
    assert page.conversation.id == first and page.staff.id == document.forms[0].staff.id
    assert page.viewer.isVisible() and not page.guide.isVisible()
    assert page.viewer.where.text() == "Page 1 of 4" and page.next_form_button.text() == "Next form ▶ (2 more)"

    # Typing up: the keyboard stays in the fields while the scan turns and zooms.
    field = page.sections[0].first_field()
    field.setFocus()
    press_keys(qtbot, window, "Alt+PgDown")
    assert page.viewer.where.text() == "Page 2 of 4" and field.hasFocus()
    width = page.viewer.page.pixmap().width()
    press_keys(qtbot, window, "Ctrl+=")
    assert page.viewer.page.pixmap().width() > width * 1.2
    press_keys(qtbot, window, "Ctrl+0")
    assert page.viewer.page.pixmap().width() == width
    press_keys(qtbot, window, "Alt+PgUp")
    assert page.viewer.where.text() == "Page 1 of 4"
    held_by = page.sections[0].held_by
    held_by.setFocus()
    qtbot.keyClicks(held_by, "Jo Taylor, night shift")

    press_keys(qtbot, window, "Ctrl+Shift+PgDown")   # saved, and the next form opens beside its scan
    qtbot.waitUntil(lambda: window.shell.conversation is not None
                    and window.shell.conversation.conversation.id == second, timeout=5000)
    page = window.shell.conversation
    assert page.viewer.where.text() == "Page 1 of 4" and page.next_form_button.text() == "Next form ▶ (1 more)"
    assert "(matched by hand)" in page.viewer.details.text()

    ws = window.workspace
    assert ws.conversations().get(first).wellbeing.held_by == "Jo Taylor, night shift"
    for record, pages, by_hand in ((first, 4, False), (second, 4, True), (third, 4, False)):
        [kept] = ws.paper().for_conversation(record)
        content = ws.paper().content(kept.id)
        assert kept.pages == pages and kept.matched_by_hand is by_hand
        assert kept.sha256 == hashlib.sha256(content).hexdigest()
    ws.db.execute("PRAGMA wal_checkpoint(FULL)")
    raw = b"".join(p.read_bytes() for p in demo_folder.iterdir() if p.name.startswith(DB_FILE))
    assert content[300:364] not in raw and b"%PDF" not in raw   # kept encrypted, no plaintext copy anywhere
    assert not list(demo_folder.rglob("*.pdf"))


def test_signed_on_paper_points_to_the_kept_scan(qtbot, unlocked, night_scan, monkeypatch, modal):
    window = unlocked
    document, scan = night_scan
    _answer_file_dialog(monkeypatch, scan)
    modal.press(ScannedFormsDialog, "Keep with the records and type up")
    choose_menu(qtbot, window, "File", "Open scanned forms…")
    qtbot.waitUntil(lambda: window.shell.conversation is not None, timeout=20000)
    page = window.shell.conversation
    click(qtbot, page.paper_button)   # hide the scan: the guide comes back
    assert not page.viewer.isVisible() and page.guide.isVisible()
    page.steps.setFocus()
    qtbot.keyClick(page.steps, Qt.Key.Key_End)   # the sign-off section
    signoff = page.signoff_section
    assert page.current_section is signoff
    click(qtbot, signoff.on_paper)
    assert signoff.paper_copy.isVisible() and signoff.view_paper_button.isVisible()
    assert signoff.paper_copy_text.text().startswith("4 pages scanned ")
    assert "from night shift.pdf" in signoff.paper_copy_text.text()
    click(qtbot, signoff.view_paper_button)
    assert page.viewer.isVisible() and page.viewer.where.text() == "Page 1 of 4"


def test_a_bad_file_is_named_and_nothing_is_kept(qtbot, unlocked, night_scan, monkeypatch, modal, tmp_path):
    window = unlocked
    _, scan = night_scan
    torn = tmp_path / "torn.pdf"
    torn.write_bytes(scan.read_bytes()[:6000])
    _answer_file_dialog(monkeypatch, scan, torn)
    said = []

    def read_and_close(box: QMessageBox) -> None:
        said.append((box.windowTitle(), box.text()))
        box.accept()
    modal.when(QMessageBox, read_and_close)
    before = window.workspace.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    press_keys(qtbot, window, "Ctrl+Shift+O")
    qtbot.waitUntil(lambda: bool(said), timeout=20000)
    title, text = said[0]
    assert title == "Scanned forms not opened"
    assert "torn.pdf is not a readable PDF" in text and "Nothing was kept." in text
    assert window.shell.conversation is None
    assert window.workspace.db.execute("SELECT count(*) FROM paper_copies").fetchone()[0] == 0
    assert window.workspace.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_locking_mid_way_returns_to_the_same_scan_page_and_the_forms_still_to_type(qtbot, unlocked, night_scan,
                                                                                    monkeypatch, modal):
    window = unlocked
    document, scan = night_scan
    _answer_file_dialog(monkeypatch, scan)
    modal.press(ScannedFormsDialog, "Keep with the records and type up")
    press_keys(qtbot, window, "Ctrl+Shift+O")
    qtbot.waitUntil(lambda: window.shell.conversation is not None, timeout=20000)
    page = window.shell.conversation
    page.steps.setFocus()
    press_keys(qtbot, window, "Alt+PgDown")
    press_keys(qtbot, window, "Alt+PgDown")
    assert page.viewer.where.text() == "Page 3 of 4"
    press_keys(qtbot, window, "Ctrl+L")
    assert window.shell is None or window.shell.conversation is None
    unlock_by_keys(qtbot, window)
    qtbot.waitUntil(lambda: window.shell is not None and window.shell.conversation is not None, timeout=5000)
    page = window.shell.conversation
    assert page.conversation.id == document.forms[0].conversation.id
    assert page.viewer.isVisible() and page.viewer.where.text() == "Page 3 of 4"
    assert page.next_form_button.text() == "Next form ▶ (2 more)"
    click(qtbot, page.next_form_button)
    assert window.shell.conversation.conversation.id == document.forms[1].conversation.id
