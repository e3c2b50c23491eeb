"""First run: create my workspace, or look around the demo first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.security.strength import assess
from desktop.store.folder import WorkspaceError
from desktop.ui.widgets.card import centre_card
from desktop.ui.widgets.forms import FieldError, add_field
from desktop.ui.widgets.strength import StrengthMeter


class WelcomePage(QWidget):
    created = Signal(object)          # an unlocked Workspace
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder: Path | None = None

        card = QFrame()
        card.setObjectName("card")
        card.setFixedWidth(580)
        layout = QVBoxLayout(card)
        title = QLabel("Welcome to EADR Station")
        title.setObjectName("cardTitle")
        intro = QLabel("Your team's appraisals, CPD and training records, kept encrypted on this PC "
                       "and sent to HR when you choose. Create your workspace to begin.")
        intro.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(intro)

        form = QFormLayout()
        self.manager = QLineEdit()
        self.manager.setMaxLength(100)
        self.station = QLineEdit()
        self.station.setMaxLength(100)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = {
            "manager": add_field(form, "Your &name", self.manager, "Shown on records you sign"),
            "station": add_field(form, "S&tation", self.station, "For example: Ipswich Ambulance Station"),
            "passphrase": add_field(form, "&Passphrase", self.passphrase,
                                    "At least 10 characters; a few unrelated words work well"),
            "confirm": add_field(form, "&Confirm passphrase", self.confirm, "Type the passphrase again"),
        }
        self.strength_meter = StrengthMeter(self.passphrase, form, self)
        self.meter, self.strength = self.strength_meter.bar, self.strength_meter.hint
        layout.addLayout(form)
        warning = QLabel("There is no way to recover a forgotten passphrase until this workspace is "
                         "enrolled with HR, so keep it somewhere safe.")
        warning.setWordWrap(True)
        warning.setObjectName("hint")
        layout.addWidget(warning)
        self.form_error = FieldError()
        layout.addWidget(self.form_error)

        buttons = QHBoxLayout()
        self.create_button = QPushButton("Create my workspace")
        self.create_button.setDefault(True)
        self.demo_button = QPushButton("Look around the demo first")
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        layout.addLayout(buttons)

        centre_card(self, card)

        self.create_button.clicked.connect(self.try_create)
        self.demo_button.clicked.connect(self.demo_requested)
        self.confirm.returnPressed.connect(self.try_create)

    def show_for(self, folder: Path) -> None:
        self.folder = folder
        self.manager.setFocus()

    def try_create(self) -> None:
        for error in (*self.errors.values(), self.form_error):
            error.clear_error()
        problems: dict[str, str] = {}
        if not self.manager.text().strip():
            problems["manager"] = "Type your name."
        if not self.station.text().strip():
            problems["station"] = "Type your station's name."
        strength = assess(self.passphrase.text())
        if not strength.acceptable:
            problems["passphrase"] = f"{strength.label}: see the hint below."
        elif self.passphrase.text() != self.confirm.text():
            problems["confirm"] = "The two passphrases are different. Type it again."
        if problems:
            for key, text in problems.items():
                self.errors[key].show_error(text)
            {"manager": self.manager, "station": self.station, "passphrase": self.passphrase,
             "confirm": self.confirm}[next(iter(problems))].setFocus()
            return
        assert self.folder is not None
        from desktop.security.unlock import create_workspace  # heavy; only needed now
        try:
            workspace = create_workspace(self.folder, self.passphrase.text(), self.station.text(),
                                         self.manager.text())
        except (WorkspaceError, OSError) as exc:
            self.form_error.show_error(f"The workspace could not be created: {exc}")
            return
        self.passphrase.clear()
        self.confirm.clear()
        self.created.emit(workspace)
