"""A paper form's record opens from its QR code read by a USB barcode scanner (which types the code's text,
then Enter, in one fast burst) or from its record ID typed by hand: in the team search, or anywhere with
Find by record ID or scan (Ctrl+Shift+F). The team page and the opened record are always the same person."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.documents.eadr_blank import qr_payload
from desktop.domain.conversation import Kind
from desktop.ui.dialogs.find_record import FindRecordDialog
from tests.gui.conftest import choose_menu, click, go_to_page, press_keys


def scan(qtbot, widget, text: str) -> None:
    """What a USB scanner sends: every character as a key press, at once, then Enter."""
    widget.setFocus()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def someone_with_an_open_eadr(window, skip: int = 0):
    """An active person, not the one on the first row, with a planned EADR as a printed blank form leaves."""
    ws = window.workspace
    repo = ws.conversations()
    people = [p for p in ws.staff().all() if p.is_active]
    person = [p for p in people if repo.open_for(p.id) is None][3 + skip]
    return person, repo.keep(repo.plan(person.id, Kind.EADR))


def test_a_scan_in_the_team_search_opens_that_persons_record(unlocked, qtbot):
    shell = unlocked.shell
    team = shell.team
    qtbot.mouseClick(team.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=team.table.visualRect(team.model.index(0, 0)).center())
    first = team.panel.staff
    person, conversation = someone_with_an_open_eadr(unlocked)
    assert first.id != person.id
    scan(qtbot, team.search, qr_payload(conversation))
    page = shell.conversation
    assert page is not None and page.staff.id == person.id and page.conversation.id == conversation.id
    assert shell.pages.currentWidget() is page
    # Behind the record, the team page has moved to the same person, with the search cleared.
    assert team.panel.staff.id == person.id and team.highlighted().id == person.id
    assert team.search.text() == ""
    qtbot.keyClick(page, Qt.Key.Key_Escape)   # back to the team: still the same person
    qtbot.waitUntil(lambda: shell.conversation is None, timeout=3000)
    assert team.highlighted().id == person.id and team.panel.staff.id == person.id


def test_the_id_typed_by_hand_opens_it_and_a_search_by_assignment_number_does_not(unlocked, qtbot):
    shell = unlocked.shell
    team = shell.team
    person, conversation = someone_with_an_open_eadr(unlocked)
    scan(qtbot, team.search, person.assignment_number)   # eight digits: a search for the person, not a record
    assert shell.conversation is None and team.model.rowCount() == 1
    scan(qtbot, team.search, f"Record {conversation.id[:8]}")
    assert shell.conversation is not None and shell.conversation.conversation.id == conversation.id


def test_an_unknown_scan_or_a_leavers_form_says_why_and_opens_nothing(unlocked, qtbot):
    team = unlocked.shell.team
    scan(qtbot, team.search, "EADR-STATION:00000000-1111-4222-8333-444444444444:EADR form 1.0")
    assert unlocked.shell.conversation is None
    assert team.empty_label.isVisible() and "No record with the ID 00000000-1111" in team.empty_label.text()
    person, conversation = someone_with_an_open_eadr(unlocked)
    unlocked.workspace.staff().mark_leaver(person.id, date(2026, 11, 1))
    scan(qtbot, team.search, f"EADR:{conversation.id}")   # the scan replaces the selected text
    assert unlocked.shell.conversation is None
    assert f"{person.display_name} left the station on 01/11/2026" in team.empty_label.text()


def test_ctrl_shift_f_from_another_page_finds_by_scan(unlocked, qtbot, modal):
    shell = unlocked.shell
    go_to_page(qtbot, shell, "CPD & training")
    person, conversation = someone_with_an_open_eadr(unlocked)
    messages: list[str] = []

    def answer(dialog: FindRecordDialog) -> None:
        scan(qtbot, dialog.code, "O'Brien")               # not an ID: said in place, nothing opens
        messages.append(dialog.error.text())
        assert dialog.isVisible() and dialog.code.selectedText() == "O'Brien"
        scan(qtbot, dialog.code, qr_payload(conversation))   # replaces the selected text, then Enter opens it
    modal.when(FindRecordDialog, answer)
    press_keys(qtbot, unlocked, "Ctrl+Shift+F")
    qtbot.waitUntil(lambda: shell.conversation is not None, timeout=5000)
    assert "That is not a record ID" in messages[0]
    assert shell.conversation.staff.id == person.id and shell.team.panel.staff.id == person.id


def test_the_menu_item_and_its_open_button(unlocked, qtbot, modal):
    shell = unlocked.shell
    person, conversation = someone_with_an_open_eadr(unlocked, skip=1)

    def answer(dialog: FindRecordDialog) -> None:
        dialog.code.setFocus()
        qtbot.keyClicks(dialog.code, conversation.id[:8].upper())
        click(qtbot, dialog.open_button)
    modal.when(FindRecordDialog, answer)
    choose_menu(qtbot, unlocked, "Staff", "Find by record ID or scan…")
    qtbot.waitUntil(lambda: shell.conversation is not None, timeout=5000)
    assert shell.conversation.conversation.id == conversation.id
    assert QApplication.activeModalWidget() is None
