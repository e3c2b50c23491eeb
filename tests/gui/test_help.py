"""Help where a newcomer looks: F1 on each page opens the guide there, the Help menu by keyboard and mouse,
searching the guide, the keyboard shortcuts read from the app, and links that all lead somewhere."""

from __future__ import annotations

import importlib

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QListWidget, QTextBrowser

from desktop.documents.help_index import HelpIndex, parse_link
from desktop.ui.help.context import TOPICS
from desktop.ui.help.shortcuts import described
from desktop.ui.help.window import HelpWindow
from tests.gui.modal import answer_next


def press_f1(qtbot, window, widget=None) -> HelpWindow:
    """Back in the main window, F1 on `widget` (or whatever has the focus there), as a person presses it."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    if widget is not None:
        widget.setFocus()
    focused = window.focusWidget() or window
    qtbot.keyClick(focused, Qt.Key.Key_F1)
    viewer = window.guide.viewer
    assert viewer is not None and viewer.isVisible()
    return viewer


def heading_in_view(viewer: HelpWindow) -> str:
    """The heading the guide scrolled to, if it is on screen."""
    cursor = viewer.text.textCursor()
    rect = viewer.text.cursorRect(cursor)
    assert viewer.text.viewport().rect().contains(rect.center()), "the section is not scrolled into view"
    return cursor.block().text()


def click_tab(qtbot, tabs, index: int) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


@pytest.fixture
def guide() -> HelpIndex:
    return HelpIndex.load()


def test_f1_on_the_unlock_screen_opens_the_guide_at_unlocking(window, qtbot):
    window.unlock.passphrase.setFocus()
    viewer = press_f1(qtbot, window)
    assert viewer.place == "getting-started#unlocking"
    assert heading_in_view(viewer) == "Unlocking"
    assert "unlock screen" in viewer.text.toPlainText()


def test_f1_on_the_first_start_opens_the_guide_at_the_first_time(qtbot, tmp_path):
    from desktop.ui.main_window import MainWindow
    window = MainWindow(tmp_path / "new", tmp_path / "new")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.stack.currentWidget() is window.welcome
    viewer = press_f1(qtbot, window, window.welcome.manager)
    assert viewer.place == "getting-started#the-first-time"
    assert heading_in_view(viewer) == "The first time"


def test_f1_on_each_main_page_opens_its_topic(unlocked, qtbot):
    shell = unlocked.shell
    nav = shell.nav
    expected = ["home", "team", "cpd-log#the-cpd-training-page", "sync", "records-and-audit#the-audit-log"]
    nav.setCurrentRow(0)
    for row, topic in enumerate(expected):
        if row:
            unlocked.activateWindow()
            nav.setFocus()
            qtbot.keyClick(nav, Qt.Key.Key_Down)   # the page list, by keyboard
        assert nav.currentRow() == row
        shell.focus_current()
        viewer = press_f1(qtbot, unlocked)
        assert viewer.place == topic, shell.pages.currentWidget()
        assert viewer.index.resolve(topic)[0].title in viewer.windowTitle()
        viewer = press_f1(qtbot, unlocked, nav)   # the page list itself answers for the page it shows
        assert viewer.place == topic


def test_f1_in_a_persons_details_and_then_the_team_table(unlocked, qtbot):
    team = unlocked.shell.team
    team.table.setFocus()
    qtbot.keyClick(team.table, Qt.Key.Key_Down)
    assert press_f1(qtbot, unlocked, team.table).place == "team"
    viewer = press_f1(qtbot, unlocked, team.panel.inputs["first_name"])
    assert viewer.place == "team#a-persons-details"
    assert heading_in_view(viewer) == "A person's details"
    unlocked.activateWindow()
    qtbot.mouseClick(team.add_button, Qt.MouseButton.LeftButton)
    assert team.panel.is_new
    assert press_f1(qtbot, unlocked, team.panel.inputs["assignment_number"]).place == "team#adding-people"


def test_f1_in_a_conversation_opens_the_section_in_view(unlocked, qtbot):
    shell = unlocked.shell
    team = shell.team
    team.table.setFocus()
    qtbot.keyClick(team.table, Qt.Key.Key_Down)
    answer_next(qtbot, "Start new EADR")             # nothing open: the app asks which conversation to start
    qtbot.keyClick(team.table, Qt.Key.Key_Return)   # Start / Resume EADR
    page = shell.conversation
    assert page is not None
    page.steps.setCurrentRow(0)
    viewer = press_f1(qtbot, unlocked, page.steps)
    assert viewer.place == "conversation#check-in-and-wellbeing"
    assert heading_in_view(viewer) == "Check-in and wellbeing"
    unlocked.activateWindow()
    page.steps.setFocus()
    qtbot.keyClick(page.steps, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.steps, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert page.current_section.section.value == "performance"
    viewer = press_f1(qtbot, unlocked, page.current_section.findChildren(QLineEdit)[0] if page.current_section.findChildren(QLineEdit) else page.steps)
    assert viewer.place == "conversation#performance"
    assert heading_in_view(viewer) == "Performance"
    page.steps.setCurrentRow(page.steps.count() - 1)
    assert press_f1(qtbot, unlocked, page.signoff_section.summary).place == "sign-off-and-printing#signing-off"


def test_f1_on_a_persons_cpd_log_training_and_hcpc_profile(unlocked, qtbot):
    shell = unlocked.shell
    team = shell.team
    team.table.setFocus()
    qtbot.keyClick(team.table, Qt.Key.Key_Down)
    qtbot.mouseClick(team.panel.learning_button, Qt.MouseButton.LeftButton)
    page = shell.learning
    assert page is not None
    for index, topic in ((0, "cpd-log"), (1, "training"), (2, "hcpc-profile")):
        unlocked.activateWindow()
        click_tab(qtbot, page.tabs, index)
        assert press_f1(qtbot, unlocked, page.tabs.currentWidget()).place == topic


def test_f1_in_a_modal_dialog_opens_the_guide_beside_it_at_the_dialogs_topic(unlocked, qtbot):
    seen = {}

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F1)
        helpers = dialog.findChildren(HelpWindow)
        seen["place"] = helpers[0].place if helpers else None
        # a child of the modal dialog, so the dialog does not block it (it would block any other window)
        seen["usable"] = bool(helpers) and helpers[0].isVisible() and helpers[0].parentWidget() is dialog
        dialog.reject()

    QTimer.singleShot(0, in_dialog)
    qtbot.keyClick(unlocked, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)   # Quick CPD capture
    assert seen == {"place": "cpd-log#quick-capture", "usable": True}


def test_help_menu_user_guide_by_keyboard_and_by_mouse(unlocked, qtbot):
    shell = unlocked.shell
    shell.show_page(shell.home)
    shell.focus_current()
    qtbot.keyClick(unlocked, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    menu = QApplication.activePopupWidget()
    assert menu is unlocked.guide.menu
    assert [a.text() for a in menu.actions() if a.text()] == [
        "&User guide", "&Keyboard shortcuts", "&What is a compassionate EADR conversation?", "&About EADR Station"]
    assert unlocked.guide.guide_action.shortcut() == QKeySequence(Qt.Key.Key_F1)
    qtbot.keyClick(menu, Qt.Key.Key_U)
    viewer = unlocked.guide.viewer
    assert viewer is not None and viewer.isVisible() and viewer.place == "home"
    viewer.close()

    bar = unlocked.menuBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(unlocked.guide.menu.menuAction()).center())
    menu = QApplication.activePopupWidget()
    assert menu is unlocked.guide.menu
    action = unlocked.guide.compassion_action
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    assert viewer.isVisible() and viewer.place == "compassionate-conversations"
    text = viewer.text.toPlainText()
    for words in ("Attending", "Understanding", "Empathising", "Helping", "Autonomy", "Belonging", "Competence"):
        assert words in text


def test_searching_the_guide_filters_topics_and_highlights_the_words(unlocked, qtbot, guide):
    viewer = unlocked.guide.open("home")
    qtbot.waitUntil(viewer.isActiveWindow)
    qtbot.keyClick(viewer, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)   # to the search box
    assert viewer.focusWidget() is viewer.search
    qtbot.keyClicks(viewer.search, "roster")
    shown = viewer.matching_topics()
    assert shown == [h.topic.id for h in guide.search("roster")]
    assert shown[0] == "team" and "backups" not in shown
    assert "topics mention “roster”" in viewer.result.text()
    qtbot.keyClick(viewer.search, Qt.Key.Key_Return)   # the best match
    assert viewer.place == "team"
    marked = viewer.highlighted()
    assert marked and {m.lower() for m in marked} == {"roster"}
    assert len(marked) == viewer.text.toPlainText().lower().count("roster")

    viewer.search.setFocus()
    viewer.search.selectAll()
    qtbot.keyClicks(viewer.search, "zebra crossing")
    assert viewer.matching_topics() == []
    assert "No topic mentions" in viewer.result.text()
    qtbot.keyClick(viewer.search, Qt.Key.Key_Escape)   # clears the search first
    assert viewer.search.text() == "" and len(viewer.matching_topics()) == len(guide.topics)
    assert viewer.isVisible()
    qtbot.keyClick(viewer.search, Qt.Key.Key_Down)     # into the topics, by keyboard
    assert viewer.focusWidget() is viewer.topics
    qtbot.keyClick(viewer.topics, Qt.Key.Key_Down)
    assert viewer.place == viewer.matching_topics()[viewer.topics.currentRow()]
    qtbot.keyClick(viewer.topics, Qt.Key.Key_Escape)   # then Esc closes the guide
    assert not viewer.isVisible()


def test_keyboard_shortcuts_lists_the_real_ones_and_leads_to_the_guide(unlocked, qtbot):
    seen = {}

    def read_and_go_on() -> None:
        dialog = QApplication.activeModalWidget()
        seen["rows"] = dialog.rows()
        seen["all"] = dialog.all_keys.toPlainText()
        qtbot.mouseClick(dialog.guide_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, read_and_go_on)
    bar = unlocked.menuBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(unlocked.guide.menu.menuAction()).center())
    menu = QApplication.activePopupWidget()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(unlocked.guide.shortcuts_action).center())
    rows = seen["rows"]
    assert ("Ctrl+K", "Quick CPD capture", "Staff menu") in rows
    assert ("Ctrl+L", "Lock now", "Workspace menu") in rows
    assert ("F1", "User guide", "Help menu") in rows
    # the team page is showing: its person's Ctrl+S is listed, a conversation's Ctrl+PgDown is not
    assert ("Ctrl+S", "Save the person's details", "The team and roster import") in rows
    assert not any(keys == "Ctrl+PgDown" for keys, _, _ in rows)
    assert "Ctrl+PgDown" in seen["all"] and "In a conversation" in seen["all"]   # the static list, page by page
    viewer = unlocked.guide.viewer
    assert viewer.isVisible() and viewer.place == "keyboard-shortcuts"


def test_every_shortcut_in_the_app_is_described_and_in_the_guides_list(unlocked, qtbot, guide):
    """The guide's static list cannot drift from the app: open every page that has shortcuts and check."""
    listed = guide.get("keyboard-shortcuts").text
    shell = unlocked.shell
    seen: set[tuple[str, str]] = set()

    def check() -> None:
        for top in QApplication.topLevelWidgets():
            for shortcut in top.findChildren(QShortcut):
                keys = shortcut.key().toString(QKeySequence.SequenceFormat.PortableText)
                owner = type(shortcut.parent()).__name__
                seen.add((owner, keys))
                assert described(shortcut), f"{owner}'s {keys} has no words in desktop/ui/help/shortcuts.py"
                assert keys in listed, f"{keys} ({owner}) is missing from 14-keyboard-shortcuts.md"
        for action in unlocked.findChildren(type(unlocked.guide.guide_action)):
            for sequence in action.shortcuts():
                keys = sequence.toString(QKeySequence.SequenceFormat.PortableText)
                if keys:
                    assert keys in listed, f"{action.text()} ({keys}) is missing from 14-keyboard-shortcuts.md"

    check()
    team = shell.team
    team.table.setFocus()
    qtbot.keyClick(team.table, Qt.Key.Key_Down)
    answer_next(qtbot, "Start new EADR")
    qtbot.keyClick(team.table, Qt.Key.Key_Return)
    check()
    shell.conversation.leave()
    qtbot.mouseClick(team.panel.learning_button, Qt.MouseButton.LeftButton)
    check()
    unlocked.guide.open("home")
    check()
    assert {("ConversationPage", "Ctrl+PgDown"), ("LearningPage", "Esc"), ("StaffPanel", "Ctrl+S"),
            ("HelpWindow", "Alt+Left")} <= seen


def test_every_link_in_the_guide_window_leads_to_a_topic_and_back_and_forward_work(unlocked, qtbot, guide):
    viewer = unlocked.guide.open("getting-started")
    checked = 0
    for topic in guide.topics:
        viewer.show_topic(topic.id)
        block = viewer.text.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fmt = it.fragment().charFormat()
                if fmt.isAnchor():
                    link = parse_link("", fmt.anchorHref(), topic.id)
                    assert not link.external and guide.resolve(
                        f"{link.topic}#{link.anchor}" if link.anchor else link.topic), f"{topic.id}: {fmt.anchorHref()}"
                    checked += 1
                if fmt.isImageFormat():   # a picture that did not load is drawn as a tiny placeholder
                    assert fmt.toImageFormat().width() > 200, f"{topic.id}: {fmt.toImageFormat().name()}"
                it += 1
            block = block.next()
    assert checked >= 15

    viewer.show_topic("getting-started")
    qtbot.waitUntil(viewer.isActiveWindow)
    cursor = viewer.text.document().find("Sync with HR")
    assert not cursor.isNull() and cursor.charFormat().isAnchor()
    middle = QTextCursor(viewer.text.document())
    middle.setPosition(cursor.selectionStart() + 2)
    viewer.text.setTextCursor(middle)
    viewer.text.ensureCursorVisible()
    point: QPoint = viewer.text.cursorRect(middle).center()
    qtbot.mouseClick(viewer.text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert viewer.place == "sync"
    qtbot.keyClick(viewer.text, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert viewer.place == "getting-started"
    assert viewer.forward.isEnabled()
    qtbot.mouseClick(viewer.forward, Qt.MouseButton.LeftButton)
    assert viewer.place == "sync"


def test_a_click_on_a_picture_shows_it_at_full_size(unlocked, qtbot):
    from desktop.ui.help.window import PictureWindow
    viewer = unlocked.guide.open("home")
    qtbot.waitUntil(viewer.isActiveWindow)
    document = viewer.text.document()
    block = document.begin()
    while block.isValid() and not block.begin().fragment().charFormat().isImageFormat():
        block = block.next()
    assert block.isValid(), "Home shows a picture"
    fmt = block.begin().fragment().charFormat().toImageFormat()
    assert 200 < fmt.width() < 900   # fitted to the text, smaller than the real picture
    start = QTextCursor(block)
    viewer.text.setTextCursor(start)
    viewer.text.ensureCursorVisible()
    top_left = viewer.text.cursorRect(start).topLeft()
    qtbot.mouseClick(viewer.text.viewport(), Qt.MouseButton.LeftButton, pos=top_left + QPoint(int(fmt.width() / 2), 20))
    shown = viewer.findChildren(PictureWindow)
    assert len(shown) == 1 and shown[0].isVisible()
    label = shown[0].findChild(QLabel)
    assert label.pixmap().width() == 900
    qtbot.keyClick(shown[0], Qt.Key.Key_Escape)
    assert not shown[0].isVisible()


def test_the_help_window_names_every_control_for_a_screen_reader(unlocked):
    viewer = unlocked.guide.open("home")
    controls = [w for kind in (QAbstractButton, QLineEdit, QListWidget, QTextBrowser) for w in viewer.findChildren(kind)]
    assert len(controls) >= 6
    for widget in controls:
        if widget.isVisible():
            assert widget.accessibleName(), f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()}"


def test_every_page_and_dialog_named_for_f1_is_a_real_class_with_a_real_topic(guide):
    for name, rule in TOPICS.items():
        module, _, cls = name.rpartition(".")
        assert hasattr(importlib.import_module(module), cls), name
        if isinstance(rule, str):
            assert guide.resolve(rule) is not None, f"{name} -> {rule}"


def test_about_names_the_version(unlocked, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop import __version__
    said = {}
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: said.update(title=title, text=text))
    bar = unlocked.menuBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(unlocked.guide.menu.menuAction()).center())
    menu = QApplication.activePopupWidget()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(unlocked.guide.about_action).center())
    assert said["title"] == "About EADR Station" and __version__ in said["text"]


def test_a_missing_guide_is_named_and_changes_nothing(unlocked, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    import desktop.documents.help_index as help_index
    monkeypatch.setattr(help_index, "help_folder", lambda: tmp_path / "no-help-here")
    said = {}
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.update(title=title, text=text))
    unlocked.activateWindow()
    qtbot.waitUntil(unlocked.isActiveWindow)
    qtbot.keyClick(unlocked.shell.team.table, Qt.Key.Key_F1)
    assert said["title"] == "User guide not found"
    assert "no-help-here" in said["text"] and "Reinstall" in said["text"]
    assert unlocked.guide.viewer is None and unlocked.workspace is not None
