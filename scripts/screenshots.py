"""Save PNGs of every screen at 1366x768 (offscreen), to look at them as a user would.

    .venv/bin/python scripts/screenshots.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.demo.build import build_demo  # noqa: E402
from desktop.security.keyfile import Argon2Params  # noqa: E402
from desktop.ui.app import make_app  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402

SIZE = (1366, 768)


LONG = ("Siân said the run of nights since October has left her exhausted, and that Łukasz and Nguyễn Thị Lan "
        "have been covering for each other without being asked. ") * 3


def conversation_shots(w: MainWindow, shot) -> None:
    """Every section empty, then full with long text and accented names, then signed off."""
    from datetime import date

    from desktop.domain.conversation import Kind
    team = w.shell.team
    history = team.conversations
    person = next(p for p in team.repo.all() if p.is_active and history.last_signed(p.id or "")
                  and history.open_for(p.id or "") is None)
    page = w.shell.open_conversation(person, Kind.EADR)
    for i, section in enumerate(page.sections):
        page.steps.setCurrentRow(i)
        shot(w, f"20-eadr-{i + 1}-{section.section.value}-empty")
    wb, values, perf, talent, dev, sign = page.sections
    wb.held_on.setText("23/11/2026")
    for box in wb.topics[:4]:
        box.setChecked(True)
    wb.notes.setPlainText(LONG)
    wb.actions.add_new().text.setText("Referral to occupational health for sleep support, agreed by Siân")
    wb.actions.editors[0].share.setChecked(True)
    wb.next_review.setText("23/05/2027")
    for edit in values.fields.values():
        edit.setPlainText(LONG[:240])
    for review in perf.reviews:
        review.outcome.setCurrentIndex(1)
        review.evidence.setPlainText("Feedback from two students and the university link lecturer.")
    editor = perf.objectives.add_new()
    editor.title_edit.setPlainText("Lead the station's end-of-life care improvement work with the hospice team")
    editor.measure.setText("Audit of ReSPECT form use shows 90% completion")
    editor.target.setText("30/09/2027")
    editor.priority.setCurrentIndex(2)
    talent.aspirations.setPlainText(LONG[:300])
    talent.impact.setCurrentIndex(3)
    talent.growth.setCurrentIndex(2)
    talent.readiness.setCurrentIndex(2)
    talent.leadership.setCurrentIndex(1)
    item = dev.items.add_new()
    item.need.setPlainText("Confidence leading difficult conversations with families")
    item.category.setCurrentIndex(3)
    item.action.setText("Trust's compassionate conversations workshop")
    item.target.setText("31/03/2027")
    sign.summary.setPlainText(LONG[:400])
    sign.staff_comments.setPlainText("I felt listened to. Diolch.")
    for i, section in enumerate(page.sections):
        page.steps.setCurrentRow(i)
        shot(w, f"21-eadr-{i + 1}-{section.section.value}-full")
    sign.staff_name.setText(f"{person.first_name} {person.last_name}")
    sign.agreed.setChecked(True)
    sign.staff_sign_button.click()

    def confirm() -> None:  # the manager's signature asks first; answer as the manager would
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, confirm)
            return
        shot(box, "21b-eadr-confirm-manager-signature")
        next(b for b in box.buttons() if "lock" in b.text()).click()
    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, confirm)
    sign.manager_sign_button.click()
    page.steps.setCurrentRow(len(page.sections) - 1)
    shot(w, "22-eadr-signed-off")
    page.steps.setCurrentRow(0)
    shot(w, "23-eadr-signed-off-wellbeing")
    page.leave()
    shot(w, "24-team-after-sign-off")
    del date


def learning_shots(w: MainWindow, shot) -> None:
    """The team's CPD and training, one person's log, training and HCPC profile, and quick capture."""
    shell = w.shell
    shell.show_page(shell.sync)
    shot(w, "29-sync")
    shell.show_page(shell.overview)
    shot(w, "30-cpd-training-team")
    team = shell.team
    person = next(p for p in team.repo.all() if p.is_active and p.hcpc_number)
    page = shell.open_learning(person)
    shot(w, "31-cpd-log")
    page.log.waiting_only.setChecked(True)
    shot(w, "32-cpd-log-waiting")
    page.log.waiting_only.setChecked(False)
    page.log.new_entry()
    page.log.editor.title.setText("Siân's paediatric sepsis study day with Łukasz and Nguyễn")
    page.log.editor.what.setPlainText(LONG[:400])
    page.log.save()
    shot(w, "33-cpd-entry-saved")
    page.tabs.setCurrentIndex(1)
    shot(w, "34-training")
    page.tabs.setCurrentIndex(2)
    shot(w, "35-hcpc-profile")
    page.profile.summary.setPlainText(LONG * 2)
    page.profile.verticalScrollBar().setValue(page.profile.verticalScrollBar().maximum())
    shot(w, "36-hcpc-profile-checks")
    page.leave()
    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, lambda: (shot_dialog(w), None))

    def shot_dialog(window) -> None:
        from PySide6.QtWidgets import QApplication
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            dialog.title.setText("Read the new JRCALC sepsis guidance")
            shot(dialog, "37-quick-capture")
            dialog.reject()
    w.quick_capture()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    tmp = Path(tempfile.mkdtemp(prefix="eadr-shots-"))
    os.environ["EADR_DATA_DIR"] = str(tmp / "data")
    build_demo(tmp / "demo", staff=40, params=Argon2Params(1, 8192, 1)).close()

    def window_for(folder: Path) -> MainWindow:
        w = MainWindow(folder, folder)
        w.resize(*SIZE)
        w.show()
        app.processEvents()
        return w

    def shot(w, name: str) -> None:
        for _ in range(3):  # let posted layout requests settle, as the running event loop would
            app.processEvents()
        w.grab().save(str(out / f"{name}.png"))

    welcome = window_for(tmp / "new")
    shot(welcome, "01-welcome")
    welcome.welcome.passphrase.setText("short")
    welcome.welcome.try_create()
    shot(welcome, "02-welcome-errors")
    welcome.close()

    w = window_for(tmp / "demo")
    shot(w, "03-unlock")
    w.unlock.passphrase.setText("wrong")
    w.unlock.try_unlock()
    w.unlock.finish_unlocking()
    shot(w, "04-unlock-wrong")
    w.unlock.passphrase.setText("demo")
    w.unlock.try_unlock()
    w.unlock.finish_unlocking()
    shot(w, "04b-home")
    w.shell.show_page(w.shell.team)
    team = w.shell.team
    team.table.selectRow(3)
    shot(w, "05-team")
    team.search.setText("sian")
    shot(w, "06-team-search")
    team.search.setText("zzzz")
    shot(w, "07-team-no-match")
    team.search.clear()
    team.start_add()
    team.panel.inputs["first_name"].setText("Nguyễn Thị")
    team.panel.save_button.click()
    shot(w, "08-add-errors")
    team.panel.revert_button.click()
    w.shell.nav.setCurrentRow(2)
    shot(w, "09-sync")
    w.shell.nav.setCurrentRow(3)
    shot(w, "09-audit")
    w.shell.nav.setCurrentRow(0)
    conversation_shots(w, shot)
    learning_shots(w, shot)
    w.close()

    empty_folder = tmp / "empty"
    from desktop.security.unlock import create_workspace
    create_workspace(empty_folder, "correct horse battery", "Bury St Edmunds", "Sam Rivers",
                     params=Argon2Params(1, 8192, 1)).close()
    e = window_for(empty_folder)
    e.unlock.passphrase.setText("correct horse battery")
    e.unlock.try_unlock()
    e.unlock.finish_unlocking()
    shot(e, "10-home-empty")
    e.shell.show_page(e.shell.team)
    shot(e, "10-team-empty")
    e.shell.show_page(e.shell.overview)
    shot(e, "11-cpd-training-empty")
    e.close()

    build_demo(tmp / "busy", staff=300, params=Argon2Params(1, 8192, 1)).close()
    b = window_for(tmp / "busy")
    b.unlock.passphrase.setText("demo")
    b.unlock.try_unlock()
    b.unlock.finish_unlocking()
    shot(b, "12-home-busy-300")
    b.close()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots-local"))
