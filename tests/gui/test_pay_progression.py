"""Pay progression in the EADR sign-off: confirmed, or not yet with a reason that signing asks for."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.conversation import Kind, PayStep, Status
from tests.gui.conftest import type_text
from tests.gui.test_conversation import click, click_in_next_dialog, fresh_person


def test_not_yet_needs_a_reason_before_the_manager_signs(unlocked, qtbot):
    shell = unlocked.shell
    person = fresh_person(shell)
    page = shell.open_conversation(person, Kind.EADR)
    sign = page.signoff_section
    page.steps.setCurrentRow(len(page.sections) - 1)
    assert sign.pay_box.isVisible() and not sign.pay_reason.isVisible()
    assert sign.pay_step.accessibleName() == "Pay step"
    sign.pay_step.setFocus()
    qtbot.keyClick(sign.pay_step, Qt.Key.Key_Down)
    qtbot.keyClick(sign.pay_step, Qt.Key.Key_Down)            # Pay step due: not yet confirmed
    assert sign.pay_step.currentText() == PayStep.NOT_YET.label and sign.pay_reason.isVisible()
    sign.staff_name.setText(f"{person.first_name} {person.last_name}")
    click(sign.agreed)
    type_text(sign.staff_comments, "Fair.")
    click(sign.staff_sign_button)
    sign.manager_name.setText("Alex Manager")
    click(sign.manager_sign_button)                           # refused before any question: no reason yet
    assert "Give the reason" in sign.sign_error.text() and "Give the reason" in sign.pay_reason_error.text()
    assert not page.conversation.signoff.manager_signed
    sign.pay_reason.setFocus()
    type_text(sign.pay_reason, "Statutory training to finish by 31/01/2027")
    sign.grab().save("/tmp/h13/pay_progression.png")
    click_in_next_dialog("Sign and lock")
    click(sign.manager_sign_button)
    assert page.conversation.status is Status.SIGNED_OFF
    stored = shell.workspace.conversations().get(page.conversation.id)
    assert (stored.pay.outcome, stored.pay.reason) == (PayStep.NOT_YET, "Statutory training to finish by 31/01/2027")


def test_an_interim_review_asks_nothing_about_pay(unlocked):
    shell = unlocked.shell
    page = shell.open_conversation(fresh_person(shell), Kind.INTERIM)
    page.steps.setCurrentRow(len(page.sections) - 1)
    assert not page.signoff_section.pay_box.isVisible()
