from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel

from desktop.domain.conversation import Kind, Section, Status
from desktop.ui.conversation.sections import SignOffSection, WellbeingSection
from tests.gui.conftest import type_text
from tests.gui.modal import answer_next


def fresh_person(shell):
    """An active person with a signed EADR behind them and nothing open."""
    team = shell.team
    return next(p for p in team.repo.all() if p.is_active and team.conversations.last_signed(p.id)
                and team.conversations.open_for(p.id) is None)


def test_start_from_the_team_page_in_a_calm_order_with_a_guide(unlocked, qtbot):
    shell = unlocked.shell
    person = fresh_person(shell)
    shell.team.select(person.id)
    assert shell.team.panel.eadr_button.text() == "Start a conversation…"   # nothing open: it asks first
    answer_next(qtbot, "Start new EADR")
    qtbot.mouseClick(shell.team.panel.eadr_button, Qt.MouseButton.LeftButton)
    page = shell.conversation
    assert page is not None and page.staff.id == person.id
    assert [page.steps.item(i).text() for i in range(page.steps.count())] == [
        "1. Check-in and wellbeing", "2. Values", "3. Performance", "4. Talent", "5. Development plan",
        "6. Summary and sign-off"]
    text = page.guide.body.text()
    for behaviour in ("Attending", "Understanding", "Empathising", "Helping"):
        assert behaviour in text
    wellbeing = page.sections[0]
    assert isinstance(wellbeing, WellbeingSection)
    assert "never sent to HR" in wellbeing.findChild(type(page.title), "privacyNotice").text()
    # last year's objectives are there to review
    assert page.sections[2].reviews


def test_autosave_after_typing_and_on_change_of_section(unlocked, qtbot):
    shell = unlocked.shell
    person = fresh_person(shell)
    page = shell.open_conversation(person, Kind.EADR)
    notes = page.sections[0].notes
    type_text(notes, "Siân is tired after nights")
    assert page.saved_label.text() == "Unsaved changes…"
    qtbot.waitUntil(lambda: page.saved_label.text().startswith("Saved"), timeout=2000)
    stored = shell.workspace.conversations().open_for(person.id)
    assert stored.private_notes == "Siân is tired after nights" and stored.status is Status.IN_PROGRESS
    type_text(page.sections[1].fields["Care"], "Stayed with a patient")
    page.steps.setCurrentRow(2)  # a change of section saves at once, before the timer
    stored = shell.workspace.conversations().open_for(person.id)
    assert stored.values == {"Care": "Stayed with a patient"} and stored.current_section == "performance"


def test_resuming_opens_the_same_record_where_it_was_left(unlocked):
    shell = unlocked.shell
    person = fresh_person(shell)
    page = shell.open_conversation(person, Kind.EADR)
    page.sections[3].aspirations.setPlainText("Specialist paramedic")
    page.steps.setCurrentRow(3)
    first_id = page.conversation.id
    page.leave()
    assert shell.conversation is None
    facts = shell.team.model.facts[person.id]
    assert facts.open_conversation == (Kind.EADR, Status.IN_PROGRESS)
    shell.team.select(person.id)
    assert shell.team.panel.eadr_button.text() == "Resume EADR"
    shell.team.panel.eadr_button.click()
    again = shell.conversation
    assert again.conversation.id == first_id and again.steps.currentRow() == 3
    assert again.sections[3].aspirations.text() == "Specialist paramedic"


def scroll_to(widget):
    """Scroll the section so `widget` is on screen, as a person scrolls before clicking."""
    from PySide6.QtWidgets import QApplication, QScrollArea
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget)
        QApplication.processEvents()


def click(widget):
    """A left click where a person clicks: a button's middle, a tick box's box."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPushButton
    assert widget.isVisible() and widget.isEnabled(), widget.text()
    scroll_to(widget)
    at = widget.rect().center() if isinstance(widget, QPushButton) else QPoint(8, widget.height() // 2)
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def click_in_next_dialog(button_text):
    """When the next modal dialog opens, click its button with this text; returns the dialog's words."""
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPushButton
    seen = []

    def press():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, press)
            return
        seen.append(" ".join(label.text() for label in box.findChildren(QLabel)))
        button = next(b for b in box.findChildren(QPushButton) if b.text().replace("&", "") == button_text)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, press)
    return seen


def test_sign_in_person_then_read_only_then_reopen_with_a_reason(unlocked, monkeypatch):
    shell = unlocked.shell
    person = fresh_person(shell)
    page = shell.open_conversation(person, Kind.EADR)
    sign = page.signoff_section
    page.steps.setCurrentRow(len(page.sections) - 1)
    click(sign.staff_sign_button)
    assert "types their name" in sign.sign_error.text()
    sign.staff_name.setText(f"{person.first_name} {person.last_name}")
    click(sign.agreed)
    type_text(sign.staff_comments, "Diolch")
    click(sign.staff_sign_button)
    assert page.conversation.status is Status.IN_PROGRESS and page.conversation.signoff.staff_signed
    today = date.today().strftime("%d/%m/%Y")
    expected = f"Signed by {person.first_name} {person.last_name} on {today} — waiting for your signature"
    assert expected in sign.state.text()
    assert page.status_label.text() == "Status: Waiting for your signature"
    assert unlocked.statusBar().currentMessage().startswith(f"✔ {expected}")

    words = click_in_next_dialog("Not yet")       # the manager's signature asks first; No changes nothing
    click(sign.manager_sign_button)
    assert "read-only" in words[0]
    assert page.conversation.status is Status.IN_PROGRESS and not page.conversation.signoff.manager_signed
    click_in_next_dialog("Sign and lock")
    click(sign.manager_sign_button)
    assert page.conversation.status is Status.SIGNED_OFF
    assert page.banner.isVisible() and "read-only" in page.banner_text.text()
    assert page.sections[0].notes.isReadOnly() and not sign.staff_sign_button.isVisible()
    impact = page.sections[3].impact.buttons   # the agreed answer stays legible; the others cannot be chosen
    assert impact[0].isChecked() and impact[0].isEnabled() and not any(b.isEnabled() for b in impact[1:])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Wrong date recorded", True))
    click(page.reopen_button)
    assert page.conversation.status is Status.IN_PROGRESS and not page.sections[0].notes.isReadOnly()
    assert not page.conversation.signoff.staff_signed


def test_the_manager_signature_defaults_to_no(unlocked):
    """Enter in the confirmation is the safe answer: nothing is signed."""
    shell = unlocked.shell
    page = shell.open_conversation(fresh_person(shell), Kind.WELLBEING)
    page.steps.setCurrentRow(1)
    sign = page.signoff_section
    answer_next_dialog((Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))
    click(sign.manager_sign_button)
    assert not page.conversation.signoff.manager_signed


def test_signed_on_paper_with_a_date(unlocked):
    shell = unlocked.shell
    person = fresh_person(shell)
    page = shell.open_conversation(person, Kind.WELLBEING)
    assert [s.section for s in page.sections] == [Section.WELLBEING, Section.SIGNOFF]
    sign = page.signoff_section
    page.steps.setCurrentRow(1)
    click(sign.on_paper)
    assert not sign.staff_name.isVisible() and sign.paper_date.isVisible()
    type_text(sign.paper_date, "20/11/2026")
    click(sign.staff_sign_button)
    assert "Signed on paper on 20/11/2026 — waiting for your signature" in sign.state.text()
    click_in_next_dialog("Sign and lock")
    click(sign.manager_sign_button)
    c = page.conversation
    assert c.status is Status.SIGNED_OFF and c.signoff.on_paper and c.signoff.staff_signed_on == date(2026, 11, 20)


def test_interim_review_reuses_the_same_parts(unlocked):
    shell = unlocked.shell
    page = shell.open_conversation(fresh_person(shell), Kind.INTERIM)
    assert [s.section for s in page.sections] == [Section.WELLBEING, Section.PERFORMANCE, Section.DEVELOPMENT,
                                                  Section.SIGNOFF]
    assert page.title.text().startswith("Interim review with")


def _focus():
    from PySide6.QtWidgets import QApplication
    return QApplication.focusWidget()


def answer_next_dialog(*keys):
    """When the next modal dialog opens, press `keys` in it, as a person at the keyboard would."""
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    seen = []

    def press():
        box = QApplication.activeModalWidget()
        if box is None or not box.isActiveWindow():  # a window manager activates a new dialog; offscreen has none
            if box is not None:
                box.activateWindow()
            QTimer.singleShot(10, press)
            return
        seen.append(box.findChild(QLabel, "qt_msgbox_label").text() if box.findChild(QLabel, "qt_msgbox_label")
                    else box.windowTitle())
        for k, modifier in keys:
            QTest.keyClick(box.focusWidget() or box, k, modifier)
    QTimer.singleShot(0, press)
    return seen


# Every navigation key press in the keyboard-only EADR below is counted (Tab, arrows, Space and Enter
# on controls, shortcuts); the characters typed into fields are not. A person needed about 114.
MAX_NAVIGATION_KEYS = 80


def test_a_whole_eadr_with_the_keyboard_alone(unlocked, qtbot):
    """From the team search to a signed record using only key presses, counting them."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    shell = unlocked.shell
    team = shell.team
    person = fresh_person(shell)
    presses = []
    no = Qt.KeyboardModifier.NoModifier
    ctrl = Qt.KeyboardModifier.ControlModifier

    def key(k, modifier=no):
        presses.append((k, modifier))
        if _focus() is None:         # after a dialog closes, a window manager gives the window back its focus
            unlocked.activateWindow()
            QApplication.processEvents()
        QTest.keyClick(_focus() or unlocked, k, modifier)
        QApplication.processEvents()  # as the running event loop does between real key presses

    def type_(text):
        type_text(_focus(), text)
        QApplication.processEvents()

    def tab_to(widget, limit=12):
        for _ in range(limit):
            if _focus() is widget:
                return
            key(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached {widget.accessibleName() or widget}; at {_focus()}")

    key(Qt.Key.Key_F, ctrl)                          # Find: the team search
    assert _focus() is team.search
    type_(person.assignment_number)
    key(Qt.Key.Key_Down)                             # Down goes to the results
    assert _focus() is team.table
    asked = answer_next_dialog((Qt.Key.Key_Return, no))   # nothing open: Enter chooses the default, a new EADR
    presses.append((Qt.Key.Key_Return, no))
    key(Qt.Key.Key_Return)                           # Enter opens the person highlighted
    assert len(asked) == 1 and asked[0].endswith("Start one now?")   # nothing open: it asked first
    page = shell.conversation
    assert page is not None and page.staff.id == person.id
    wb, values, perf, talent, dev, sign = page.sections

    tab_to(wb.held_on)
    type_("23/11/2026")
    tab_to(wb.topics[1])
    key(Qt.Key.Key_Space)
    tab_to(wb.notes)
    type_("Nights are hard; Łukasz has been covering.")
    tab_to(wb.actions.add_button)
    key(Qt.Key.Key_Return)                           # Enter presses the focused button
    type_("Occupational health referral")           # focus moved into the new action
    tab_to(wb.actions.editors[0].share)
    key(Qt.Key.Key_Space)
    key(Qt.Key.Key_PageDown, ctrl)                   # Ctrl+PgDown: next section, first field focused

    assert page.current_section is values and _focus() is values.fields["Care"]
    type_("Stayed with a frightened patient's wife.")
    key(Qt.Key.Key_PageDown, ctrl)
    assert page.current_section is perf

    for review in perf.reviews:
        tab_to(review.outcome)
        key(Qt.Key.Key_Down)
    tab_to(perf.objectives.add_button)
    key(Qt.Key.Key_Return)
    type_("Mentor a student paramedic")
    tab_to(perf.objectives.editors[0].measure)
    type_("Two placements with good feedback")
    tab_to(perf.objectives.editors[0].target)
    type_("30/06/2027")
    tab_to(perf.objectives.editors[0].priority)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_PageDown, ctrl)

    assert _focus() is talent.aspirations
    type_("Specialist paramedic in urgent care")
    tab_to(talent.impact.buttons[0])
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Down)                             # impact: doing the role well
    tab_to(talent.readiness.buttons[0], limit=3)
    key(Qt.Key.Key_Down)                             # ready now
    key(Qt.Key.Key_PageDown, ctrl)

    tab_to(dev.items.add_button)
    key(Qt.Key.Key_Return)
    type_("ILS instructor course")
    tab_to(dev.items.editors[0].category)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_PageDown, ctrl)
    assert isinstance(page.current_section, SignOffSection)

    assert _focus() is sign.summary
    type_("A good year; mentoring next.")
    tab_to(sign.staff_comments)
    type_("I felt listened to.")
    tab_to(sign.staff_name)
    type_(f"{person.first_name} {person.last_name}")
    tab_to(sign.agreed)
    key(Qt.Key.Key_Space)
    tab_to(sign.staff_sign_button)
    key(Qt.Key.Key_Return)
    assert "waiting for your signature" in sign.state.text()
    assert _focus() is sign.manager_name                # the manager signs next
    tab_to(sign.manager_sign_button)
    answer_next_dialog((Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier))
    key(Qt.Key.Key_Return)
    presses.append("Alt+S in the confirmation")

    stored = shell.workspace.conversations().get(page.conversation.id)
    assert stored.status is Status.SIGNED_OFF
    assert stored.wellbeing.held_on == date(2026, 11, 23)
    assert stored.wellbeing.topics == (shell.workspace.profile().wellbeing_topics[1],)
    assert stored.private_notes == "Nights are hard; Łukasz has been covering."
    assert stored.wellbeing.actions[0].text == "Occupational health referral"
    assert stored.wellbeing.actions[0].share_with_hr
    assert stored.values["Care"] == "Stayed with a frightened patient's wife."
    assert all(o.outcome.value == "met" for o in stored.review_objectives)
    new = stored.new_objectives[0]
    assert (new.title, new.measure, new.target_date) == ("Mentor a student paramedic",
                                                         "Two placements with good feedback", date(2027, 6, 30))
    assert new.priority == shell.workspace.profile().strategic_priorities[0]
    assert stored.talent.aspirations == "Specialist paramedic in urgent care"
    assert (stored.talent.impact, stored.talent.readiness.value) == ("moderate", "ready_now")
    assert stored.development[0].need == "ILS instructor course"
    assert stored.summary == "A good year; mentoring next."
    assert stored.signoff.staff_comments == "I felt listened to." and stored.quality_score == 100
    key(Qt.Key.Key_Escape)                     # back to the team, still without a mouse
    assert shell.conversation is None
    print(f"navigation key presses for a whole EADR: {len(presses)}")
    assert len(presses) <= MAX_NAVIGATION_KEYS, len(presses)


def test_earlier_conversations_are_listed_and_open_read_only(unlocked):
    shell = unlocked.shell
    person = fresh_person(shell)
    shell.team.select(person.id)
    history = shell.team.panel.history
    assert history.count() >= 1 and history.item(0).text().startswith("EADR · signed ")
    assert "quality" in history.item(0).text()
    shell.team.panel.history.itemActivated.emit(history.item(0))
    page = shell.conversation
    assert page.conversation.status is Status.SIGNED_OFF and page.banner.isVisible()
    assert page.sections[0].notes.isReadOnly()


def test_closing_the_window_saves_the_open_conversation_first(unlocked):
    shell = unlocked.shell
    person = fresh_person(shell)
    page = shell.open_conversation(person, Kind.EADR)
    type_text(page.sections[0].notes, "typed just before closing")
    conversation_id = page.conversation.id
    folder = unlocked.workspace.folder
    unlocked.close()
    from desktop.security.unlock import unlock_workspace
    with unlock_workspace(folder, "demo") as ws:
        assert ws.conversations().get(conversation_id).private_notes == "typed just before closing"


def test_opening_a_new_eadr_does_not_start_it_until_something_is_typed(unlocked):
    shell = unlocked.shell
    person = fresh_person(shell)
    page = shell.open_conversation(person, Kind.EADR)
    page.steps.setCurrentRow(2)
    assert shell.workspace.conversations().get(page.conversation.id).status is Status.PLANNED
    type_text(page.sections[2].objectives.add_new().measure, "x")
    page.steps.setCurrentRow(3)
    assert shell.workspace.conversations().get(page.conversation.id).status is Status.IN_PROGRESS


def test_a_recorded_staff_signature_is_not_re_dated_by_pressing_again(unlocked, monkeypatch):
    """After the staff member signs, Record staff signature rests and says why; pressing it the next day
    changes nothing. Changing the typed name (the existing way to redo it) brings it back."""
    from datetime import timedelta

    from PySide6.QtTest import QTest

    from desktop.domain import clock
    from tests.fake_clock import FakeClock
    fake = FakeClock(monkeypatch, clock.now())
    signed_day = clock.today()
    shell = unlocked.shell
    person = fresh_person(shell)
    page = shell.open_conversation(person, Kind.EADR)
    sign = page.signoff_section
    page.steps.setCurrentRow(len(page.sections) - 1)
    name = f"{person.first_name} {person.last_name}"
    type_text(sign.staff_name, name)
    click(sign.agreed)
    assert sign.staff_sign_button.isEnabled()
    click(sign.staff_sign_button)
    assert page.conversation.signoff.staff_signed_on == signed_day
    button = sign.staff_sign_button
    assert not button.isEnabled()
    assert f"Already signed by {name} on {signed_day:%d/%m/%Y}" in button.toolTip()
    assert "change the typed name" in button.toolTip()

    fake.advance(days=1)
    scroll_to(button)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert page.conversation.signoff.staff_signed_on == signed_day
    assert shell.workspace.conversations().open_for(person.id).signoff.staff_signed_on == signed_day

    sign.staff_name.setFocus()
    QTest.keyClick(sign.staff_name, Qt.Key.Key_Backspace)   # a different name: the signature no longer stands
    assert button.isEnabled() and "today's date" in button.toolTip()
    type_text(sign.staff_name, name[-1])
    assert not button.isEnabled()
    assert signed_day + timedelta(days=1) == clock.today()
