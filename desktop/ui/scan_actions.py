"""File → Open scanned forms…: a scanner's PDF or images in, each form kept with its record and typed up."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from desktop.documents import scans
from desktop.domain.conversation import Conversation, Kind
from desktop.domain.staff import Staff
from desktop.ui.dialogs.scanned_forms import ScannedFormsDialog
from desktop.ui.errors import show_error
from desktop.ui.operations import Operation

if TYPE_CHECKING:
    from desktop.store.workspace import Workspace
    from desktop.ui.shell import Shell

LAST_FOLDER_SETTING = "scan_folder"


def choose_files(parent: QWidget, ws: Workspace) -> list[Path]:
    start = ws.setting(LAST_FOLDER_SETTING) or str(Path.home())
    paths, _ = QFileDialog.getOpenFileNames(parent, "Open scanned forms", start, scans.FILE_FILTER)
    if paths:
        ws.set_setting(LAST_FOLDER_SETTING, str(Path(paths[0]).parent))
    return [Path(p) for p in paths]


def _not_opened(parent: QWidget, exc: Exception) -> None:
    """A bad file is the person's file, not a fault: said plainly, and nothing was kept."""
    if not isinstance(exc, scans.ScanError):
        show_error(parent, exc, "Scanned forms not opened")
        return
    QMessageBox.warning(parent, "Scanned forms not opened",
                        f"{exc.message}\n\n{exc.hint or ''}\n\nNothing was kept.".replace("\n\n\n", "\n"))


def keep_all(ws: Workspace, found: list[scans.FoundForm],
             matched: list[tuple[scans.ScannedPage, str]], order: dict[int, int]) -> list[tuple[Staff, Conversation]]:
    """Keep each form's pages (and those matched by hand) with its record; the records, in order, to type up.
    A page matched to a person goes to their open conversation, or a new EADR if none is open."""
    plan: dict[str, tuple[Staff, Conversation, list[scans.ScannedPage], list[bool]]] = {
        f.conversation.id or "": (f.staff, f.conversation, list(f.form.pages), [False]) for f in found}
    conversations = ws.conversations()
    for page, target in matched:
        kind, ident = target.split(":", 1)
        if kind == "staff":
            person = ws.staff().get(ident)
            if person is None:
                continue
            conversation = conversations.open_for(ident) or conversations.start(ident, Kind.EADR)
            ident = conversation.id or ""
            plan.setdefault(ident, (person, conversation, [], [False]))
        plan[ident][2].append(page)
        plan[ident][3][0] = True
    out = []
    for record_id, (person, conversation, pages, by_hand) in plan.items():
        pages.sort(key=lambda p: order.get(id(p), 0))
        scans.keep(ws, record_id, pages, matched_by_hand=by_hand[0])
        out.append((person, conversation))
    return out


def open_scanned_forms(parent: QWidget, ws: Workspace, shell: Shell) -> Operation[list[scans.ScannedPage]] | None:
    """Every page is read off the GUI thread; the matching dialog and the typing-up follow on it."""
    paths = choose_files(parent, ws)
    if not paths:
        return None
    names = paths[0].name if len(paths) == 1 else f"{len(paths)} files"
    return (Operation(parent, lambda progress: scans.read_scans(paths, progress))
            .with_progress(f"Reading the scanned forms in {names}")
            .success(lambda pages: review(parent, ws, shell, paths, pages))
            .failure(lambda exc: _not_opened(parent, exc))
            .run_in_background())


def review(parent: QWidget, ws: Workspace, shell: Shell, paths: list[Path],
           pages: list[scans.ScannedPage]) -> ScannedFormsDialog | None:
    found, parts = scans.match(ws, pages)
    if not found and not parts.unmatched:
        QMessageBox.information(parent, "No forms found",
                                f"No form was found in {', '.join(p.name for p in paths)}: "
                                f"{len(parts.blank)} blank page(s), {len(parts.slips)} code slip(s). "
                                "Nothing was kept.")
        return None
    people = sorted((p for p in ws.staff().all() if p.is_active), key=lambda p: (p.last_name, p.first_name))
    dialog = ScannedFormsDialog(found, parts, people, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return dialog
    order = {id(page): n for n, page in enumerate(pages)}
    forms = keep_all(ws, found, dialog.assignments(), order)
    left = len(parts.unmatched) - len(dialog.assignments())
    shell.saved.emit(f"Kept {len(forms)} scanned form{'s' if len(forms) != 1 else ''} with their records"
                     + (f"; {left} page{'s' if left != 1 else ''} left out" if left else ""))
    shell.transcribe(forms)
    return dialog
