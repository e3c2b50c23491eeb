"""The app's print commands: preview (rendered in the background, then opened: `open_*`), then print or save the EADR record, blank forms, the compliance report,
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
from desktop.ui.errors import show_error
from desktop.ui.operations import Operation


def _file_name(*parts: str) -> str:
    safe = " ".join(p for p in parts if p).replace("/", "-").replace("\\", "-")
    return f"{safe} {date.today().isoformat()}.pdf"


def _preview(parent: QWidget, ws: Workspace, title: str, file_name: str,
             build: Callable[[bool], PdfDocument], offer_private: bool = False,
             first: tuple[PdfDocument, bytes] | None = None) -> PrintPreview:
    """`build(include_private)` makes the document; output is audited when it really happens. `first`: the
    document without private notes, already rendered in the background, shown first."""
    state: dict[str, PdfDocument] = {}
    ready = [first] if first is not None else []

    def render(private: bool) -> bytes:
        if ready and not private:
            state["doc"], data = ready.pop()
            return data
        state["doc"] = build(private)
        return state["doc"].to_bytes()

    dialog = PrintPreview(title, file_name, render, parent, offer_private=offer_private,
                          audit=lambda how: printing.note_output(ws, state["doc"], how))
    return dialog


def _open_when_rendered(parent: QWidget, ws: Workspace, title: str, file_name: str,
                        build: Callable[[bool], PdfDocument], offer_private: bool = False) -> Operation[bytes]:
    """Read the document's data here (the database's thread), render it in the background, then open the
    preview: the window never waits on the drawing of the pages."""
    document = build(False)

    def show(data: bytes) -> None:
        _preview(parent, ws, title, file_name, build, offer_private, first=(document, data)).exec()
    return (Operation(parent, lambda _progress: document.to_bytes())
            .with_progress("Preparing the preview", cancellable=False)
            .success(show)
            .failure(lambda exc: show_error(parent, exc, "Preview not prepared"))
            .run_in_background())


def open_record(parent: QWidget, ws: Workspace, staff: Staff, conversation: Conversation) -> Operation[bytes]:
    """The EADR record's preview, opened once rendered in the background (the Print button)."""
    return _open_when_rendered(parent, ws, *_record_names(staff, conversation),
                               lambda private: printing.record(ws, staff, conversation, private), offer_private=True)


def open_cpd_profile(parent: QWidget, ws: Workspace, staff: Staff) -> Operation[bytes]:
    return _open_when_rendered(parent, ws, *_cpd_profile_names(staff), lambda _private: printing.cpd_profile(ws, staff))


def open_subject_access(parent: QWidget, ws: Workspace, staff: Staff) -> Operation[bytes]:
    return _open_when_rendered(parent, ws, *_subject_access_names(staff),
                               lambda _private: printing.subject_access(ws, staff))


def open_compliance(parent: QWidget, ws: Workspace) -> Operation[bytes]:
    document = printing.compliance(ws)
    return _open_when_rendered(parent, ws, *_compliance_names(ws), lambda _private: document)


def _record_names(staff: Staff, conversation: Conversation) -> tuple[str, str]:
    return (f"Print — {conversation.kind.label} with {staff.display_name}",
            _file_name(conversation.kind.label, staff.first_name, staff.last_name))


def _cpd_profile_names(staff: Staff) -> tuple[str, str]:
    return (f"Print — HCPC CPD profile for {staff.display_name}",
            _file_name("CPD profile", staff.first_name, staff.last_name))


def _subject_access_names(staff: Staff) -> tuple[str, str]:
    return (f"Print — everything held about {staff.display_name} (subject access)",
            _file_name("Subject access", staff.first_name, staff.last_name, staff.assignment_number))


def _compliance_names(ws: Workspace) -> tuple[str, str]:
    return "Print — EADR compliance", _file_name("EADR compliance", ws.info.station_name)


def preview_record(parent: QWidget, ws: Workspace, staff: Staff, conversation: Conversation) -> PrintPreview:
    return _preview(parent, ws, *_record_names(staff, conversation),
                    lambda private: printing.record(ws, staff, conversation, private), offer_private=True)


def preview_preparation_form(parent: QWidget, ws: Workspace, staff: Staff, with_code: bool) -> PrintPreview:
    """Their preparation form; a new one-time code on it replaces any earlier one (the paper is its only copy)."""
    document = printing.preparation_form(ws, staff, with_code)
    return _preview(parent, ws, f"Print — EADR preparation form for {staff.display_name}"
                    + (" (the only copy of the code)" if with_code else ""),
                    _file_name("EADR preparation", staff.first_name, staff.last_name),
                    lambda _private: document)


def preview_cpd_profile(parent: QWidget, ws: Workspace, staff: Staff) -> PrintPreview:
    return _preview(parent, ws, *_cpd_profile_names(staff), lambda _private: printing.cpd_profile(ws, staff))


def preview_subject_access(parent: QWidget, ws: Workspace, staff: Staff) -> PrintPreview:
    """Everything held about `staff` (private notes included: they are entitled to them), on paper or as one PDF."""
    return _preview(parent, ws, *_subject_access_names(staff), lambda _private: printing.subject_access(ws, staff))


def preview_compliance(parent: QWidget, ws: Workspace) -> PrintPreview:
    document = printing.compliance(ws)
    return _preview(parent, ws, *_compliance_names(ws), lambda private: document)


def preview_blank_forms(parent: QWidget, ws: Workspace, people: list[Staff]) -> Operation[bytes] | None:
    """Read the forms' data here, render them in the background (progress, Cancel), then open the preview;
    None if there is no one."""
    if not people:
        QMessageBox.information(parent, "Nothing to print", "No one is due an EADR in that time.")
        return None
    document = printing.blank_forms(ws, people)   # database work stays on this thread

    def rendered(data: bytes) -> None:
        _preview(parent, ws, f"Print — {len(people)} blank EADR form{'s' if len(people) != 1 else ''}",
                 _file_name("Blank EADR forms", ws.info.station_name), lambda private: document,
                 first=(document, data)).exec()
    return (Operation(parent, lambda progress: printing.render_with_progress(document, progress))
            .with_progress("Preparing blank forms")
            .success(rendered)
            .failure(lambda exc: show_error(parent, exc, "Forms not prepared"))
            .run_in_background())


def ask_weeks_and_preview(parent: QWidget, ws: Workspace) -> Operation[bytes] | None:
    """Blank forms for everyone due within the weeks asked; the preview opens once they are rendered."""
    weeks, ok = QInputDialog.getInt(parent, "Blank forms for staff due", "Everyone overdue or due within how many "
                                    "weeks?", 6, 1, 52)
    if not ok:
        return None
    return preview_blank_forms(parent, ws, printing.due_within(ws, weeks))
