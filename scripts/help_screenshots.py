"""The user guide's pictures: the real app on a fresh demo workspace, offscreen, saved into resources/help/images/.

    make help-screenshots
    .venv/bin/python scripts/help_screenshots.py [OUT_DIR]

Each picture is scaled to at most 900 pixels wide and saved as a 256-colour PNG, so the guide stays small
(tests/unit/test_help_index.py keeps all of them under about 1.5 MB). Run it again after a screen changes,
look at the pictures, and commit them with the change.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

SCREEN = (1366, 768)      # a station's screen; Qt's offscreen platform would otherwise pretend to be 800×800


def _offscreen_screen() -> None:
    """Offscreen, on one screen of SCREEN's size, so windows sized to the screen come out as on a station PC."""
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") != "offscreen":
        return   # a real display, or a configuration chosen by the caller
    width, height = SCREEN
    config = Path(tempfile.gettempdir()) / f"eadr-help-offscreen-{width}x{height}.json"
    config.write_text(json.dumps({"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
                                  "screens": [{"name": "station", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


_offscreen_screen()

from PIL import Image  # noqa: E402  (reportlab's dependency)
from PySide6.QtCore import QBuffer, QEventLoop, QIODevice  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop.demo.build import build_demo  # noqa: E402
from desktop.domain.conversation import Kind  # noqa: E402
from desktop.domain.dates import uk  # noqa: E402
from desktop.security.keyfile import Argon2Params  # noqa: E402
from desktop.ui.app import make_app  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WINDOW = (1180, 740)     # shown at 900 wide: about three quarters of real size, still readable
MAX_WIDTH = 900
COLOURS = 256


def save_png(widget: QWidget, path: Path) -> int:
    """Grab `widget`, scale it to MAX_WIDTH at most, reduce it to a palette and write it; returns bytes."""
    app = QApplication.instance()
    for _ in range(4):   # let posted layouts and paints settle, as the running event loop would
        app.processEvents()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    image = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    if image.width > MAX_WIDTH:
        image = image.resize((MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)), Image.Resampling.LANCZOS)
    image = image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)
    return path.stat().st_size


def roster_csv(folder: Path, people) -> Path:
    """An ESR-style export: two people unchanged, one with a new job title, a new starter and a bad row."""
    a, b, c = people[:3]
    lines = ["Assignment Number,First Name,Last Name,Job Title,Start Date"]
    lines += [f"{p.assignment_number},{p.first_name},{p.last_name},{p.job_title},{uk(p.start_date) if p.start_date else ''}"
              for p in (a, b)]
    lines.append(f"{c.assignment_number},{c.first_name},{c.last_name},Specialist Paramedic,"
                 f"{uk(c.start_date) if c.start_date else ''}")
    lines.append(f"88000123,Ffion,Pritchard,Paramedic,{uk(date.today() - timedelta(days=20))}")
    lines.append("88000124,Oskar,,Emergency Care Assistant,01/09/2026")
    path = folder / "esr-roster.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main(out: Path) -> None:
    app = make_app()
    tmp = Path(tempfile.mkdtemp(prefix="eadr-help-shots-"))
    os.environ["EADR_DATA_DIR"] = str(tmp / "data")
    enrol_demo(tmp, build_demo(tmp / "demo", staff=40, params=Argon2Params(1, 8192, 1)))
    sizes: dict[str, int] = {}

    def shot(widget: QWidget, name: str) -> None:
        sizes[name] = save_png(widget, out / f"{name}.png")

    w = MainWindow(tmp / "demo", tmp / "demo")
    w.resize(*WINDOW)
    w.show()
    shot(w, "unlock")
    w.unlock.passphrase.setText("demo")
    w.unlock.try_unlock()
    shell = w.shell
    assert shell is not None and w.workspace is not None
    shot(w, "home")

    shell.show_page(shell.team)
    team = shell.team
    history = team.conversations
    people = [p for p in team.repo.all() if p.is_active]
    person = next(p for p in people if p.hcpc_number and history.last_signed(p.id or "")
                  and history.open_for(p.id or "") is None)
    team.select(person.id or "")
    shot(w, "team")

    def roster(dialog) -> None:
        dialog.show_filter.setCurrentIndex(0)   # every row, not only the refused one
        shot(dialog, "roster-import")
    shots_of_dialog(lambda: team.import_roster(roster_csv(tmp, people)), roster)

    page = shell.open_conversation(person, Kind.EADR)
    assert page is not None
    wellbeing, _values, performance, _talent, _development, signoff = page.sections
    wellbeing.held_on.setText(uk(date.today()))
    for box in wellbeing.topics[:3]:
        box.setChecked(True)
    wellbeing.notes.setPlainText("Finding the run of nights hard since October; sleeping badly. Family well. "
                                 "Would like to try a later start on the second night.")
    action = wellbeing.actions.add_new()
    action.text.setText("Referral to occupational health for sleep support")
    action.share.setChecked(True)
    wellbeing.next_review.setText(uk(date.today() + timedelta(days=180)))
    page.steps.setCurrentRow(0)
    shot(w, "eadr-wellbeing")
    for review in performance.reviews:
        review.outcome.setCurrentIndex(1)
        review.evidence.setPlainText("Feedback from two students and the practice educator.")
    objective = performance.objectives.add_new()
    objective.title_edit.setPlainText("Mentor a newly qualified paramedic through their first year")
    objective.measure.setText("Preceptorship signed off; monthly reviews recorded")
    objective.target.setText(uk(date.today() + timedelta(days=300)))
    objective.priority.setCurrentIndex(1)
    page.steps.setCurrentRow(2)
    shot(w, "eadr-performance")
    signoff.summary.setPlainText("A good year: strong feedback from students. Nights are taking a toll; "
                                 "occupational health referral agreed, and a later start to try.")
    page.steps.setCurrentRow(len(page.sections) - 1)
    scroller = page.stack.currentWidget()
    for _ in range(4):
        app.processEvents()
    scroller.verticalScrollBar().setValue(scroller.verticalScrollBar().maximum())
    shot(w, "eadr-signoff")
    page.save_now()

    from desktop.ui import print_actions
    preview = print_actions.preview_record(shell, w.workspace, person, page.conversation)
    preview.resize(900, 700)
    preview.show()
    shot(preview, "print-preview")
    preview.close()
    page.leave()

    learning = shell.open_learning(person)
    assert learning is not None
    shot(w, "cpd-log")
    learning.tabs.setCurrentIndex(1)
    shot(w, "training")
    learning.tabs.setCurrentIndex(2)
    shot(w, "hcpc-profile")
    learning.leave()

    def capture(dialog) -> None:
        dialog.title.setText("Read the new JRCALC sepsis guidance")
        shot(dialog, "quick-capture")
    shots_of_dialog(lambda: w.quick_capture(), capture)

    shell.show_page(shell.overview)
    shot(w, "cpd-training-page")
    shell.show_page(shell.sync)
    writing = shell.sync.export_to(tmp / "usb")   # one bundle in the outbox and the history
    while writing is not None and writing.running:   # written in the background
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    shot(w, "sync")
    shell.show_page(shell.audit)
    shot(w, "audit")
    w.close()

    total = sum(sizes.values())
    for name, size in sizes.items():
        print(f"{name:20} {size / 1024:6.0f} KB")
    print(f"{len(sizes)} pictures, {total / 1024:.0f} KB, in {out}")


def enrol_demo(tmp: Path, workspace) -> None:
    """Join the demo to a made-up HR hub, as HR's enrolment file would, so the Sync page has something to show."""
    from desktop.hub.service import Hub
    from desktop.security.keyfile import read_key_file, unwrap_key
    from desktop.store.info import DEMO_PASSPHRASE, KEY_FILE
    from desktop.sync import station
    hub = Hub.create(tmp / "hub", "hub passphrase for the pictures", params=Argon2Params(1, 8192, 1))
    enrolment = hub.enrolment_file("IPS", tmp / "IPS-enrolment.json", workspace.info.station_name)
    station.enrol(workspace, enrolment, unwrap_key(read_key_file(workspace.folder / KEY_FILE), DEMO_PASSPHRASE))
    workspace.close()
    hub.close()
    (tmp / "usb").mkdir()


def shots_of_dialog(open_modal: Callable[[], object], take: Callable[[QWidget], None]) -> None:
    """Open a modal dialog, photograph it once it is up, then cancel it."""
    from PySide6.QtCore import QTimer

    def when_up() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, when_up)
            return
        take(dialog)
        dialog.reject()
    QTimer.singleShot(0, when_up)
    open_modal()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "help" / "images")
