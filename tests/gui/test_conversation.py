from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from desktop.domain.conversation import Kind, Section, Status
from desktop.ui.conversation.sections import SignOffSection, WellbeingSection
from tests.gui.conftest import type_text
from tests.gui.modal import answer_next, press_in_next


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


def test_sign_in_person_then_read_only_then_reopen_with_a_reason(unlocked, monkeypatch):
    shell = unlocked.shell
    person = fresh_person(shell)
    page = shell.open_conversation(person, Kind.EADR)
    sign = page.signoff_section
    page.steps.setCurrentRow(len(page.sections) - 1)
    sign.staff_sign_button.click()
    assert "types their name" in sign.sign_error.text()
    sign.staff_name.setText(f"{person.first_name} {person.last_name}")
    sign.agreed.setChecked(True)
    sign.staff_comments.setPlainText("Diolch")
    sign.staff_sign_button.click()
    assert page.conversation.status is Status.IN_PROGRESS and page.conversation.signoff.staff_signed
    sign.manager_sign_button.click()
    assert page.conversation.status is Status.SIGNED_OFF
    assert page.banner.isVisible() and "read-only" in page.banner_text.text()
    assert page.sections[0].notes.isReadOnly() and not sign.staff_sign_button.isVisible()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Wrong date recorded", True))
    page.reopen_button.click()
    assert page.conversation.status is Status.IN_PROGRESS and not page.sections[0].notes.isReadOnly()
    assert not page.conversation.signoff.staff_signed


def test_signed_on_paper_with_a_date(unlocked):
    shell = unlocked.shell
    person = fresh_person(shell)
    page = shell.open_conversation(person, Kind.WELLBEING)
    assert [s.section for s in page.sections] == [Section.WELLBEING, Section.SIGNOFF]
    sign = page.signoff_section
    page.steps.setCurrentRow(1)
    sign.on_paper.setChecked(True)
    assert not sign.staff_name.isVisible() and sign.paper_date.isVisible()
    sign.paper_date.setText("20/11/2026")
    sign.staff_sign_button.click()
    sign.manager_sign_button.click()
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


def test_a_whole_eadr_with_the_keyboard_alone(unlocked, qtbot):
    """From the team table to sign-off using only key presses, then check what was stored."""
    from PySide6.QtTest import QTest
    shell = unlocked.shell
    team = shell.team
    person = fresh_person(shell)

    from PySide6.QtWidgets import QApplication

    def key(k, modifier=Qt.KeyboardModifier.NoModifier):
        QTest.keyClick(_focus(), k, modifier)
        QApplication.processEvents()  # as the running event loop does between real key presses

    def type_(text):
        type_text(_focus(), text)
        QApplication.processEvents()

    def tab_to(widget, limit=60):
        for _ in range(limit):
            if _focus() is widget:
                return
            key(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached {widget.accessibleName() or widget}")

    team.table.setFocus()
    row = team.model.row_of_id(person.id)
    key(Qt.Key.Key_Home)
    for _ in range(row):
        key(Qt.Key.Key_Down)
    asked: list = []
    press_in_next(Qt.Key.Key_Return, asked)   # nothing open: Enter again chooses the default, a new EADR
    key(Qt.Key.Key_Return)
    assert asked == ["Start a conversation?"]
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
    key(Qt.Key.Key_Space)
    type_("Occupational health referral")           # focus moved into the new action
    tab_to(wb.actions.editors[0].share)
    key(Qt.Key.Key_Space)
    tab_to(page.next)
    key(Qt.Key.Key_Space)

    tab_to(values.fields["Care"])
    type_("Stayed with a frightened patient's wife.")
    key(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)   # Ctrl+PgDown: next section
    assert page.current_section is perf

    for review in perf.reviews:
        tab_to(review.outcome)
        key(Qt.Key.Key_Down)
    tab_to(perf.objectives.add_button)
    key(Qt.Key.Key_Space)
    type_("Mentor a student paramedic")
    tab_to(perf.objectives.editors[0].measure)
    type_("Two placements with good feedback")
    tab_to(perf.objectives.editors[0].target)
    type_("30/06/2027")
    tab_to(perf.objectives.editors[0].priority)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)

    tab_to(talent.aspirations)
    type_("Specialist paramedic in urgent care")
    tab_to(talent.readiness)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)

    tab_to(dev.items.add_button)
    key(Qt.Key.Key_Space)
    type_("ILS instructor course")
    tab_to(dev.items.editors[0].category)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(page.current_section, SignOffSection)

    tab_to(sign.summary)
    type_("A good year; mentoring next.")
    tab_to(sign.staff_comments)
    type_("I felt listened to.")
    tab_to(sign.staff_name)
    type_(f"{person.first_name} {person.last_name}")
    tab_to(sign.agreed)
    key(Qt.Key.Key_Space)
    tab_to(sign.staff_sign_button)
    key(Qt.Key.Key_Space)
    tab_to(sign.manager_sign_button)
    key(Qt.Key.Key_Space)

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
    assert stored.development[0].need == "ILS instructor course"
    assert stored.summary == "A good year; mentoring next."
    assert stored.signoff.staff_comments == "I felt listened to." and stored.quality_score == 100
    key(Qt.Key.Key_Escape)                     # back to the team, still without a mouse
    assert shell.conversation is None


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
