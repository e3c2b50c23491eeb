"""The app's print commands: preview, then print or save the EADR record, blank forms, the compliance report,
the CPD profile and a subject access report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from desktop.documents import printing
from desktop.documents.base import PdfDocument
from desktop.domain.conversation import Conversation
from desktop.domain.staff import Staff
from desktop.store.workspace import Workspace
from desktop.ui.dialogs.print_preview import PrintPreview
from desktop.ui.tasks import TaskFailed, run_with_progress


def _file_name(*parts: str) -> str:
    safe = " ".join(p for p in parts if p).replace("/", "-").replace("\\", "-")
    return f"{safe} {date.today().isoformat()}.pdf"


def _preview(parent: QWidget, ws: Workspace, title: str, file_name: str,
             build: Callable[[bool], PdfDocument], offer_private: bool = False,
             rendered: bytes | None = None) -> PrintPreview:
    """`build(include_private)` makes the document; output is audited when it really happens."""
    state: dict[str, PdfDocument] = {}

    def render(private: bool) -> bytes:
        state["doc"] = build(private)
        return rendered if rendered is not None else state["doc"].to_bytes()

    dialog = PrintPreview(title, file_name, render, parent, offer_private=offer_private,
                          audit=lambda how: printing.note_output(ws, state["doc"], how))
    return dialog


def preview_record(parent: QWidget, ws: Workspace, staff: Staff, conversation: Conversation) -> PrintPreview:
    return _preview(parent, ws, f"Print — {conversation.kind.label} with {staff.display_name}",
                    _file_name(conversation.kind.label, staff.first_name, staff.last_name),
                    lambda private: printing.record(ws, staff, conversation, private), offer_private=True)


def preview_preparation_form(parent: QWidget, ws: Workspace, staff: Staff, with_code: bool) -> PrintPreview:
    """Their preparation form; a new one-time code on it replaces any earlier one (the paper is its only copy)."""
    document = printing.preparation_form(ws, staff, with_code)
    return _preview(parent, ws, f"Print — EADR preparation form for {staff.display_name}"
                    + (" (the only copy of the code)" if with_code else ""),
                    _file_name("EADR preparation", staff.first_name, staff.last_name),
                    lambda _private: document)


def preview_cpd_profile(parent: QWidget, ws: Workspace, staff: Staff) -> PrintPreview:
    return _preview(parent, ws, f"Print — HCPC CPD profile for {staff.display_name}",
                    _file_name("CPD profile", staff.first_name, staff.last_name),
                    lambda _private: printing.cpd_profile(ws, staff))


def preview_subject_access(parent: QWidget, ws: Workspace, staff: Staff) -> PrintPreview:
    """Everything held about `staff` (private notes included: they are entitled to them), on paper or as one PDF."""
    return _preview(parent, ws, f"Print — everything held about {staff.display_name} (subject access)",
                    _file_name("Subject access", staff.first_name, staff.last_name, staff.assignment_number),
                    lambda _private: printing.subject_access(ws, staff))


def preview_compliance(parent: QWidget, ws: Workspace) -> PrintPreview:
    document = printing.compliance(ws)
    return _preview(parent, ws, "Print — EADR compliance", _file_name("EADR compliance", ws.info.station_name),
                    lambda private: document)


def preview_blank_forms(parent: QWidget, ws: Workspace, people: list[Staff]) -> PrintPreview | None:
    """Render in the background with progress and Cancel; None if cancelled or there is no one."""
    if not people:
        QMessageBox.information(parent, "Nothing to print", "No one is due an EADR in that time.")
        return None
    document = printing.blank_forms(ws, people)   # database work stays on this thread
    try:
        data = run_with_progress(parent, "Preparing blank forms",
                                 lambda progress: printing.render_with_progress(document, progress))
    except TaskFailed as exc:
        QMessageBox.warning(parent, "Forms not prepared", f"The forms could not be prepared: {exc}")
        return None
    if data is None:
        return None
    return _preview(parent, ws, f"Print — {len(people)} blank EADR form{'s' if len(people) != 1 else ''}",
                    _file_name("Blank EADR forms", ws.info.station_name), lambda private: document, rendered=data)


def ask_weeks_and_preview(parent: QWidget, ws: Workspace) -> PrintPreview | None:
    weeks, ok = QInputDialog.getInt(parent, "Blank forms for staff due", "Everyone overdue or due within how many "
                                    "weeks?", 6, 1, 52)
    if not ok:
        return None
    return preview_blank_forms(parent, ws, printing.due_within(ws, weeks))
