"""CPD and training in the app: quick capture by keyboard, the log with evidence, training, the HCPC
profile builder, the team view and the team page's columns."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.cpd import MAX_EVIDENCE_BYTES
from desktop.domain.training import TrainingState
from tests.gui.conftest import type_text


def column(team, title: str) -> int:
    return [team.model.headerData(c, Qt.Orientation.Horizontal) for c in range(team.model.columnCount())].index(title)


def paramedic(shell):
    return next(p for p in shell.team.repo.all() if p.is_active and p.hcpc_number)


def test_team_columns_show_cpd_hours_and_training_in_words(unlocked):
    team = unlocked.shell.team
    hours, training = column(team, "CPD h"), column(team, "Training")
    texts = [team.model.index(r, training).data() for r in range(team.model.rowCount())]
    assert any(t.startswith("All ") and t.endswith(" in date") for t in texts)
    flagged = [r for r, t in enumerate(texts) if "expired" in t or "never done" in t]
    assert flagged, "the demo has some training out of date"
    assert team.model.index(flagged[0], training).data(Qt.ItemDataRole.ForegroundRole) is not None
    row = 0
    person = team.model.object_at(row)
    facts = team.model.facts[person.id]
    assert team.model.index(row, hours).data() == f"{facts.cpd_hours:g}"


def test_quick_capture_from_anywhere_by_keyboard_is_waiting_for_reflection(unlocked, qtbot):
    shell = unlocked.shell
    person = paramedic(shell)
    shell.team.select(person.id)
    done = {}

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        done["person"] = dialog.person.currentText()
        type_text(dialog.title, "Read Łukasz's sepsis audit")
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill)
    qtbot.keyClick(unlocked, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert person.assignment_number in done["person"]
    waiting = unlocked.workspace.cpd().waiting_for_reflection(person.id)
    assert [e.title for e in waiting if e.start_date == date.today()] == ["Read Łukasz's sepsis audit"]
    assert "CPD captured" in unlocked.statusBar().currentMessage()


def test_cpd_log_entry_with_evidence_and_a_clear_size_limit(unlocked, qtbot, tmp_path, monkeypatch):
    shell = unlocked.shell
    page = shell.open_learning(paramedic(shell))
    log = page.log
    before = log.model.total
    log.new_entry()
    type_text(log.editor.title, "Siân's paediatric sepsis day")
    log.editor.hours.setValue(6.5)
    type_text(log.editor.what, "Learned the new screening tool")
    assert log.save()
    assert log.model.total == before + 1
    saved = log.editor.current
    assert saved.title == "Siân's paediatric sepsis day" and not saved.waiting_for_reflection
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(b"%PDF-1.4 certificate")
    assert log.add_evidence_file(certificate)
    assert "certificate.pdf" in log.editor.files.item(0).text() and "SHA-256" in log.editor.files.item(0).text()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warnings.append(text))
    huge = tmp_path / "scan.tiff"
    huge.write_bytes(b"\0" * (MAX_EVIDENCE_BYTES + 1))
    assert not log.add_evidence_file(huge)
    assert "scan.tiff is 10.0 MB; evidence files can be up to 10.0 MB" in warnings[0]
    assert log.editor.files.count() == 1


def test_a_blank_title_is_refused_inline_and_nothing_saved(unlocked):
    shell = unlocked.shell
    log = shell.open_learning(paramedic(shell)).log
    before = log.model.total
    log.new_entry()
    assert not log.save()
    assert log.editor.errors["title"].isVisibleTo(log.editor) and "title" in log.editor.errors["title"].text()
    assert log.model.total == before


def test_recording_training_changes_the_status(unlocked, qtbot):
    shell = unlocked.shell
    person = paramedic(shell)
    tab = shell.open_learning(person, "training").training
    never_or_expired = [s for s in tab.model.objects if s.state is not TrainingState.IN_DATE]
    course = (never_or_expired or tab.model.objects)[0].course
    assert tab.record((course, date.today()))
    status = next(s for s in tab.model.objects if s.course.code == course.code)
    assert status.state is TrainingState.IN_DATE and status.completed_on == date.today()


def test_hcpc_profile_counts_words_checks_and_saves_its_draft(unlocked, qtbot):
    shell = unlocked.shell
    person = paramedic(shell)
    profile = shell.open_learning(person, "profile").profile
    type_text(profile.summary, "I work on a double-crewed ambulance in Ipswich ")
    assert profile.summary_count.text() == "8 of about 500 words"
    assert "activities selected" in profile.checks.text() and ("✓" in profile.checks.text())
    qtbot.waitUntil(lambda: profile.state_label.text() == "Draft saved", timeout=4000)
    stored = unlocked.workspace.cpd().profile(person.id)
    assert stored.summary.startswith("I work on a double-crewed")


def test_an_unsaved_cpd_entry_survives_a_lock(unlocked, qtbot):
    shell = unlocked.shell
    person = paramedic(shell)
    log = shell.open_learning(person).log
    log.new_entry()
    type_text(log.editor.title, "Half-typed entry about Nguyễn")
    unlocked.lock_action.trigger()
    assert unlocked.shell is None
    unlocked.unlock.passphrase.setText("demo")
    unlocked.unlock.try_unlock()
    qtbot.waitUntil(lambda: not unlocked.unlock.busy, timeout=30000)
    again = unlocked.shell.learning
    assert again is not None and again.staff.id == person.id
    assert again.log.editor.title.text() == "Half-typed entry about Nguyễn" and again.log.is_dirty()


def test_team_view_lists_training_to_act_on_and_opens_the_person(unlocked, qtbot):
    shell = unlocked.shell
    shell.show_page(shell.overview)
    overview = shell.overview
    assert "this financial year" in overview.hours.text()
    assert overview.action.rowCount() > 0 and overview.waiting.rowCount() > 0
    overview.action_table.setFocus()
    overview.action_table.setCurrentIndex(overview.action.index(0, 0))
    person = overview.action.object_at(0)[0]
    qtbot.keyClick(overview.action_table, Qt.Key.Key_Return)
    assert shell.learning is not None and shell.learning.staff.id == person.id
    assert shell.learning.tabs.currentWidget() is shell.learning.training
    qtbot.keyClick(shell.learning, Qt.Key.Key_Escape)
    assert shell.learning is None and shell.pages.currentWidget() is overview


def test_tab_follows_reading_order_through_the_cpd_log(unlocked, qtbot):
    shell = unlocked.shell
    log = shell.open_learning(paramedic(shell)).log
    log.search.setFocus()
    expected = [log.type_filter, log.new_button, log.waiting_only, log.table, log.editor.title, log.editor.start,
                log.editor.end, log.editor.kind, log.editor.hours]
    seen = []
    for _ in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == expected


def test_a_cpd_entry_saves_itself_as_typed_and_the_status_bar_agrees(unlocked, qtbot):
    """Press New entry, type a title: about a second later it is stored, without pressing Save; the form and
    the status bar say "Unsaved changes…" together, then saved together."""
    shell = unlocked.shell
    person = paramedic(shell)
    log = shell.open_learning(person).log
    before = log.model.total
    qtbot.mouseClick(log.new_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(log.editor.title, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(log.editor.title, "Manual handling refresher")
    assert log.state_label.text() == "Unsaved changes…" and unlocked.saved_label.text() == "Unsaved changes…"
    titles = lambda: [e.title for e in unlocked.workspace.cpd().entries(person.id)]  # noqa: E731
    assert "Manual handling refresher" not in titles()
    qtbot.waitUntil(lambda: "Manual handling refresher" in titles(), timeout=5000)
    assert log.state_label.text().startswith("Saved") and unlocked.saved_label.text().startswith("All changes saved")
    assert log.model.total == before + 1 and log.editor.title.hasFocus()
    # Typing on updates the same entry (no second copy), and the cursor stays at the end of the title.
    qtbot.keyClicks(log.editor.title, " (online)")
    assert log.editor.title.cursorPosition() == len(log.editor.title.text())
    qtbot.waitUntil(lambda: "Manual handling refresher (online)" in titles(), timeout=5000)
    assert "Manual handling refresher" not in titles() and log.model.total == before + 1
    assert log.editor.title.text() == "Manual handling refresher (online)"


def test_removing_an_evidence_file_can_be_undone_until_the_entry_is_left(unlocked, qtbot):
    shell = unlocked.shell
    person = paramedic(shell)
    cpd = unlocked.workspace.cpd()
    entry = cpd.entries(person.id)[0]
    evidence = cpd.add_evidence(entry.id, "certificate.pdf", b"%PDF-1.4 certificate")
    page = shell.open_learning(person, entry_id=entry.id)
    editor = page.log.editor
    stored = lambda: [e.id for e in cpd.get(entry.id).evidence]  # noqa: E731
    files = lambda: [editor.files.item(i).text() for i in range(editor.files.count())]  # noqa: E731
    assert any("certificate.pdf" in f for f in files())
    editor.files.setCurrentRow([i for i, f in enumerate(files()) if "certificate.pdf" in f][0])
    qtbot.mouseClick(editor.remove_file, Qt.MouseButton.LeftButton)
    assert not any("certificate.pdf" in f for f in files())
    assert editor.undo_remove.isVisibleTo(editor) and "certificate.pdf" in editor.removing_label.text()
    assert evidence.id in stored()                        # not gone yet
    assert unlocked.saved_label.text() == "Unsaved changes…" and "not saved" in page.log.state_label.text()
    qtbot.mouseClick(editor.undo_remove, Qt.MouseButton.LeftButton)
    assert any("certificate.pdf" in f for f in files()) and not editor.undo_remove.isVisibleTo(editor)
    assert unlocked.saved_label.text().startswith("All changes saved")

    editor.files.setCurrentRow([i for i, f in enumerate(files()) if "certificate.pdf" in f][0])
    qtbot.mouseClick(editor.remove_file, Qt.MouseButton.LeftButton)
    assert evidence.id in stored()
    qtbot.mouseClick(page.back, Qt.MouseButton.LeftButton)   # leaving the entry carries the removal out
    assert shell.learning is None
    assert evidence.id not in stored()
    assert unlocked.saved_label.text().startswith("All changes saved")


def test_moving_to_another_entry_saves_the_one_left_and_the_highlight_follows(unlocked, qtbot):
    """Type into one entry, press Down in the table: the change is saved and the form and the highlighted
    row both show the next entry."""
    shell = unlocked.shell
    person = paramedic(shell)
    log = shell.open_learning(person).log
    cpd = unlocked.workspace.cpd()
    qtbot.mouseClick(log.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=log.table.visualRect(log.model.index(0, 0)).center())
    first = log.editor.current
    qtbot.mouseClick(log.editor.provider, Qt.MouseButton.LeftButton)
    log.editor.provider.end(False)
    qtbot.keyClicks(log.editor.provider, " (in person)")
    assert log.is_dirty()
    log.table.setFocus()
    qtbot.keyClick(log.table, Qt.Key.Key_Down)
    assert cpd.get(first.id).provider.endswith(" (in person)")
    shown = log.editor.current
    assert shown.id != first.id
    assert log.model.object_at(log.table.currentIndex().row()).id == shown.id
    assert [log.model.object_at(i.row()).id for i in log.table.selectionModel().selectedRows()] == [shown.id]
    assert log.editor.title.text() == shown.title
