"""The side guide: prompts for the current theme, grouped by the four compassionate behaviours."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.domain.conversation import Section
from desktop.domain.trust import TrustProfile


class GuidePanel(QScrollArea):
    def __init__(self, profile: TrustProfile, parent=None):
        super().__init__(parent)
        self.profile = profile
        self.setWidgetResizable(True)
        self.setObjectName("guide")
        self.setAccessibleName("Conversation guide")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setObjectName("guideText")
        self.body.setTextFormat(self.body.textFormat().RichText)
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.setWidget(holder)

    def show_section(self, section: Section) -> None:
        parts = [f"<h3>Guide: {section.label.lower()}</h3>",
                 "<p><i>Listen with fascination, understand, empathise, then help. "
                 "A conversation, not an interrogation.</i></p>"]
        for behaviour, prompts in self.profile.prompts_for(section.value):
            parts.append(f"<p><b>{behaviour}</b></p><ul>")
            parts.extend(f"<li>{_escape(p)}</li>" for p in prompts)
            parts.append("</ul>")
        self.body.setText("".join(parts))
        self.body.setAccessibleDescription(self.body.text())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
