"""The questions asked before a conversation record is made or thrown away, so none is made by accident."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.domain.conversation import Kind
from desktop.domain.staff import Staff

START_TITLE = "Start a conversation?"
DISCARD_TITLE = "Discard this conversation?"


def ask_which_conversation(parent: QWidget | None, staff: Staff, due_text: str = "") -> Kind | None:
    """Which conversation to start with `staff`, or None for Cancel. Nothing is created before the answer."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(START_TITLE)
    box.setText(f"{staff.display_name} has no conversation open. Start one now?")
    box.setInformativeText((f"Next EADR: {due_text}. " if due_text else "")
                           + "A new record is only made when you choose one of these.")
    buttons = {}
    for kind, label in ((Kind.EADR, "Start new &EADR"), (Kind.INTERIM, "Start &interim review"),
                        (Kind.WELLBEING, "Start &wellbeing check-in")):
        buttons[box.addButton(label, QMessageBox.ButtonRole.AcceptRole)] = kind
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(next(iter(buttons)))
    box.setEscapeButton(cancel)
    box.exec()
    _back_to(parent)
    return buttons.get(box.clickedButton())


def _back_to(parent: QWidget | None) -> None:
    """Keys go to the window again once the question closes (not every window system hands focus back)."""
    if parent is not None:
        parent.window().activateWindow()


def confirm_discard(parent: QWidget | None, staff: Staff, kind: Kind, conversation_id: str,
                    printed: str | None) -> bool:
    """True to discard a planned conversation. `printed`: when its blank form was printed, if ever; then the
    question says so, because the record ID is on that paper. No is the default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if printed else QMessageBox.Icon.Question)
    box.setWindowTitle(DISCARD_TITLE)
    box.setText(f"Discard the planned {kind.noun} with {staff.display_name}? Nothing has been recorded in it yet.")
    if printed:
        box.setInformativeText(
            f"A blank form for this {kind.noun} was printed ({printed}) and carries its record ID "
            f"{conversation_id}. If that paper is used, its ID will not match any record: destroy the printed "
            "form, or keep this conversation.")
    else:
        box.setInformativeText("The discard is noted in the audit log.")
    yes = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    no = box.addButton("&Keep it", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    _back_to(parent)
    return box.clickedButton() is yes
