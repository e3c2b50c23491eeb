"""The team page always shows one person: the highlighted row, the details panel and what Enter or the
Start button opens are the same person after every action a manager takes. Nothing is created by opening."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.domain.conversation import Kind, Status
from desktop.domain.staff import Role
from tests.gui.conftest import type_text
from tests.gui.modal import answer_next


def click_row(qtbot, team, row: int) -> None:
    index = team.model.index(row, 0)
    team.table.scrollTo(index)
    qtbot.mouseClick(team.table.viewport(), Qt.MouseButton.LeftButton, pos=team.table.visualRect(index).center())


def click_header(qtbot, team, title: str) -> None:
    header = team.table.horizontalHeader()
    column = [team.model.headerData(c, Qt.Orientation.Horizontal) for c in range(team.model.columnCount())].index(
        title)
    x = header.sectionPosition(column) - header.offset() + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def one_person(team):
    """The panel's person, checked to be the highlighted row's person (or both nobody)."""
    shown = team.panel.staff
    highlighted = team.highlighted()
    assert (shown.id if shown else None) == (highlighted.id if highlighted else None), (
        f"panel shows {shown and shown.display_name}, row highlights {highlighted and highlighted.display_name}")
    return shown


def enter_names(qtbot, team) -> str:
    """Press Enter in the table; the question that follows (nothing open) names who would be opened."""
    seen: list = []
    answer_next(qtbot, "Cancel", seen)
    team.table.setFocus()
    qtbot.keyClick(team.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    return seen[2]


def nobody_open(team):
    return [r for r in range(team.model.rowCount())
            if team.conversations.open_for(team.model.object_at(r).id) is None]


def test_sorting_by_clicking_headers_keeps_the_person_and_enter_opens_them(unlocked, qtbot):
    shell = unlocked.shell
    team = shell.team
    row = nobody_open(team)[3]
    click_row(qtbot, team, row)
    chosen = one_person(team)
    for title in ("Band", "Next EADR", "Name", "Name", "Role"):
        click_header(qtbot, team, title)
        assert one_person(team).id == chosen.id
    assert team.table.horizontalHeader().sortIndicatorSection() == 2
    assert chosen.display_name in enter_names(qtbot, team)
    # and the conversation that opens is theirs
    answer_next(qtbot, "Start new EADR")
    qtbot.keyClick(team.table, Qt.Key.Key_Return)
    assert shell.conversation is not None and shell.conversation.staff.id == chosen.id
    shell.conversation.leave()
    assert one_person(team).id == chosen.id   # refreshed on return, still them
    assert team.panel.eadr_button.text() == "Resume EADR"
    qtbot.mouseClick(team.panel.eadr_button, Qt.MouseButton.LeftButton)   # resumes without asking
    assert shell.conversation.staff.id == chosen.id and shell.conversation.conversation.status is Status.PLANNED


def test_filters_keep_or_drop_the_person(unlocked, qtbot):
    team = unlocked.shell.team
    paramedic = next(r for r in nobody_open(team) if team.model.object_at(r).role is Role.PARAMEDIC)
    click_row(qtbot, team, paramedic)
    chosen = one_person(team)
    team.role_filter.setFocus()
    for _ in range(len(Role) + 1):
        if team.role_filter.currentData() == Role.PARAMEDIC.value:
            break
        qtbot.keyClick(team.role_filter, Qt.Key.Key_Down)
        if team.role_filter.currentData() is not None and team.role_filter.currentData() != Role.PARAMEDIC.value:
            assert one_person(team) is None   # not in the list, not in the panel
    assert one_person(team) is None   # left on an earlier role, so no one was re-chosen behind the scenes
    click_row(qtbot, team, team.model.row_of_id(chosen.id))
    assert one_person(team).id == chosen.id
    qtbot.keyClick(team.role_filter, Qt.Key.Key_Down)   # the next role: they leave the list and the panel
    assert team.model.row_of_id(chosen.id) == -1
    assert one_person(team) is None and team.panel.heading.text() == "No one selected"
    assert team.panel.leadership_button.isHidden() and team.panel.learning_button.isHidden()   # nothing to open
    qtbot.keyClick(team.role_filter, Qt.Key.Key_Home)   # All roles
    click_row(qtbot, team, team.model.row_of_id(chosen.id))
    assert not team.panel.leadership_button.isHidden() and not team.panel.learning_button.isHidden()
    team.status_filter.setFocus()
    qtbot.keyClick(team.status_filter, Qt.Key.Key_End)   # Everyone: they stay
    assert one_person(team).id == chosen.id
    qtbot.keyClick(team.status_filter, Qt.Key.Key_Up)   # Leavers: they go
    assert one_person(team) is None


def test_searching_keeps_or_drops_the_person_and_enter_opens_the_one_shown(unlocked, qtbot):
    team = unlocked.shell.team
    rows = nobody_open(team)
    first, second = team.model.object_at(rows[0]), team.model.object_at(rows[5])
    click_row(qtbot, team, rows[0])
    assert one_person(team).id == first.id
    qtbot.keyClicks(team.search, first.assignment_number[:6])
    assert one_person(team).id == first.id
    team.search.clear()
    assert one_person(team).id == first.id
    qtbot.keyClicks(team.search, second.assignment_number)
    assert team.model.rowCount() == 1 and one_person(team) is None   # the first person left with the search
    click_row(qtbot, team, 0)
    assert one_person(team).id == second.id
    assert second.display_name in enter_names(qtbot, team)
    qtbot.keyClick(team.search, Qt.Key.Key_Escape)
    assert team.model.rowCount() > 1 and one_person(team).id == second.id


def test_adding_a_person_highlights_them_even_under_a_filter(unlocked, qtbot, monkeypatch):
    team = unlocked.shell.team
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Cancel)
    team.role_filter.setCurrentIndex(team.role_filter.findData(Role.PARAMEDIC.value))
    qtbot.keyClicks(team.search, "zz")
    qtbot.mouseClick(team.add_button, Qt.MouseButton.LeftButton)
    panel = team.panel
    type_text(panel.inputs["first_name"], "Nia")
    type_text(panel.inputs["last_name"], "Pryce")
    qtbot.keyClicks(panel.inputs["assignment_number"], "31415927")
    panel.role.setFocus()
    qtbot.keyClick(panel.role, Qt.Key.Key_Home)
    for _ in range(len(Role)):
        if Role(panel.role.currentData()) is Role.ECA:
            break
        qtbot.keyClick(panel.role, Qt.Key.Key_Down)
    assert Role(panel.role.currentData()) is Role.ECA
    qtbot.keyClick(panel.inputs["first_name"], Qt.Key.Key_Return)
    added = team.repo.by_assignment("31415927")
    assert added is not None and asked == []   # no "unsaved changes?" about the person just saved
    assert one_person(team).id == added.id and team.search.text() == ""
    assert team.role_filter.currentData() is None   # the filter that would hide them was lifted
    assert "Nia Pryce" in enter_names(qtbot, team)


def test_roster_import_and_returning_to_the_page_refresh_the_person_shown(unlocked, qtbot, tmp_path, monkeypatch):
    shell = unlocked.shell
    team = shell.team
    row = nobody_open(team)[2]
    click_row(qtbot, team, row)
    chosen = one_person(team)
    roster = Path(tmp_path / "roster.csv")
    roster.write_text("Assignment Number,First Name,Last Name,Position\n"
                      f"{chosen.assignment_number},{chosen.first_name},{chosen.last_name},Station Lead Paramedic\n"
                      "77700001,Aaron,Aardvark,Paramedic\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(roster), ""))
    answer_next(qtbot, "Import 2 changes")
    qtbot.mouseClick(team.import_button, Qt.MouseButton.LeftButton)
    assert team.repo.by_assignment("77700001") is not None
    shown = one_person(team)
    assert shown.id == chosen.id and shown.job_title == "Station Lead Paramedic"
    assert team.panel.inputs["job_title"].text() == "Station Lead Paramedic"
    # away to Home and back: still the same person
    nav = shell.nav
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(0)).center())
    assert shell.pages.currentWidget() is shell.home
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(1)).center())
    assert one_person(team).id == chosen.id
    assert chosen.display_name in enter_names(qtbot, team)


def test_opening_someone_asks_first_and_cancel_creates_nothing(unlocked, qtbot):
    shell = unlocked.shell
    team = shell.team
    row = nobody_open(team)[0]
    person = team.model.object_at(row)
    click_row(qtbot, team, row)
    before = len(team.conversations.history(person.id))
    seen: list = []
    answer_next(qtbot, "Cancel", seen)
    qtbot.mouseClick(team.panel.eadr_button, Qt.MouseButton.LeftButton)
    assert seen[0] == "Start a conversation?"
    assert ["Start new EADR", "Start interim review", "Start wellbeing check-in", "Cancel"] == seen[-2]
    assert shell.conversation is None and team.conversations.open_for(person.id) is None
    assert len(team.conversations.history(person.id)) == before
    # double-click asks too; choosing a wellbeing check-in starts exactly that
    answer_next(qtbot, "Start wellbeing check-in")
    index = team.model.index(team.table.currentIndex().row(), 0)
    qtbot.mouseDClick(team.table.viewport(), Qt.MouseButton.LeftButton, pos=team.table.visualRect(index).center())
    assert shell.conversation is not None and shell.conversation.conversation.kind is Kind.WELLBEING
    assert shell.conversation.staff.id == person.id


def test_a_planned_conversation_can_be_discarded_and_is_audited(unlocked, qtbot):
    shell = unlocked.shell
    team = shell.team
    row = nobody_open(team)[1]
    person = team.model.object_at(row)
    click_row(qtbot, team, row)
    answer_next(qtbot, "Start new EADR")
    qtbot.mouseClick(team.panel.eadr_button, Qt.MouseButton.LeftButton)
    planned = shell.conversation.conversation
    shell.conversation.leave()
    assert one_person(team).id == person.id
    assert team.panel.discard_button.isVisible() and team.panel.discard_button.text() == "&Discard planned EADR…"
    seen: list = []
    answer_next(qtbot, "Keep it", seen)   # the safe answer is the default
    qtbot.mouseClick(team.panel.discard_button, Qt.MouseButton.LeftButton)
    assert ("default", "Keep it") in seen and team.conversations.get(planned.id) is not None
    answer_next(qtbot, "Discard")
    qtbot.mouseClick(team.panel.discard_button, Qt.MouseButton.LeftButton)
    assert team.conversations.get(planned.id) is None and team.conversations.open_for(person.id) is None
    assert not team.panel.discard_button.isVisible() and team.panel.eadr_button.text() == "Start a conversation…"
    tombstone = shell.workspace.db.execute("SELECT entity FROM tombstones WHERE id = ?", [planned.id]).fetchone()
    assert tombstone == ("conversations",)
    from desktop.store import audit
    latest = audit.entries(shell.workspace.db, 1)[0]
    assert latest.action == "discard" and latest.entity_id == planned.id
    assert unlocked.statusBar().currentMessage().startswith("Discarded the planned EADR with")


def test_discarding_after_the_blank_form_was_printed_names_the_paper(unlocked, qtbot):
    from desktop.documents import printing
    shell = unlocked.shell
    team = shell.team
    row = nobody_open(team)[4]
    person = team.model.object_at(row)
    document = printing.blank_forms(shell.workspace, [person])   # what the print preview prepares
    printing.note_output(shell.workspace, document, "Printed")   # ...and notes once it has printed
    form_id = document.forms[0].conversation.id
    team.reload()
    click_row(qtbot, team, team.model.row_of_id(person.id))
    seen: list = []
    answer_next(qtbot, "Discard", seen)
    qtbot.mouseClick(team.panel.discard_button, Qt.MouseButton.LeftButton)
    words = " ".join(str(s) for s in seen)
    assert "blank form" in words and "was printed" in words and form_id in words
    assert team.conversations.get(form_id) is None


def test_an_edit_that_the_filter_would_hide_keeps_the_person_in_view(unlocked, qtbot):
    team = unlocked.shell.team
    team.role_filter.setCurrentIndex(team.role_filter.findData(Role.PARAMEDIC.value))
    click_header(qtbot, team, "Band")
    click_row(qtbot, team, 2)
    chosen = one_person(team)
    panel = team.panel
    panel.role.setFocus()
    qtbot.keyClick(panel.role, Qt.Key.Key_Home)
    for _ in range(len(Role)):
        if Role(panel.role.currentData()) is Role.ECA:
            break
        qtbot.keyClick(panel.role, Qt.Key.Key_Down)
    qtbot.keyClick(panel.inputs["job_title"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert team.repo.get(chosen.id).role is Role.ECA
    shown = one_person(team)
    assert shown.id == chosen.id and shown.role is Role.ECA and team.role_filter.currentData() is None
    assert chosen.display_name in enter_names(qtbot, team)
