"""The background-operation builder: outcomes on the GUI thread, failures through the one error dialog, and
the progress dialog's own Cancel button ending in "Cancelled", never in a failure."""

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QProgressDialog, QPushButton

from desktop.domain.errors import Cancelled, EadrError
from desktop.ui.operations import Operation, running_operations


@pytest.fixture
def parent(qtbot):
    window = QMainWindow()
    window.setCentralWidget(QLabel("Station"))
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_result_arrives_on_the_gui_thread_and_the_work_ran_on_another(parent, qtbot):
    gui = threading.get_ident()
    seen: dict[str, int] = {}

    def work(_progress) -> int:
        seen["work"] = threading.get_ident()
        return 42

    def done(result: int) -> None:
        seen["result"], seen["success"] = result, threading.get_ident()
    op = Operation(parent, work).success(done).run_in_background()
    qtbot.waitUntil(lambda: "success" in seen, timeout=10000)
    assert seen == {"work": seen["work"], "result": 42, "success": gui} and seen["work"] != gui
    assert not op.running and op not in running_operations()


def test_a_failure_is_shown_through_the_one_error_dialog_with_where_and_hint(parent, qtbot, monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a: shown.append((title, text)))
    succeeded: list[object] = []

    def work(_progress):
        raise EadrError("The roster has no Assignment number column", where="roster.csv, row 1",
                        hint="Export the roster from ESR again with that column ticked.")
    Operation(parent, work).success(succeeded.append).run_in_background()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    title, text = shown[0]
    assert "The roster has no Assignment number column" in text and "roster.csv, row 1" in text
    assert "Export the roster from ESR again" in text
    assert not succeeded


def test_an_unexpected_failure_is_logged_and_names_the_log_file(parent, qtbot, monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.detailedText())))
    finished: list[bool] = []

    def work(_progress):
        raise KeyError("sequence")
    Operation(parent, work).finally_(lambda: finished.append(True)).run_in_background()
    qtbot.waitUntil(lambda: bool(finished), timeout=10000)
    text, details = shown[0]
    assert "unexpected problem" in text and "KeyError" in text and "log file" in text
    assert "Traceback" in details and "in work" in details


def test_a_failure_handler_gets_the_exception_instead_of_the_dialog(parent, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail("the dialog was shown"))
    failures: list[Exception] = []

    def work(_progress):
        raise OSError(28, "No space left on device")
    Operation(parent, work).failure(failures.append).run_in_background()
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert isinstance(failures[0], OSError) and failures[0].errno == 28


def test_pressing_the_progress_dialogs_cancel_says_cancelled_and_is_not_a_failure(parent, qtbot, monkeypatch):
    """The person presses the real Cancel button; the work stops at its next step and nothing fails."""
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: warnings.append(box.text()))
    outcome: list[str] = []
    steps: list[int] = []
    pressed = threading.Event()

    def work(progress) -> str:
        for step in range(1000):
            steps.append(step)
            if step == 1:
                pressed.wait(20)   # a person takes a moment to reach for Cancel
            if not progress(step, 1000):
                raise Cancelled()
        return "finished"

    def press_cancel() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QProgressDialog) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, press_cancel)
            return
        assert dialog.labelText().startswith("Exporting")
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        pressed.set()
    QTimer.singleShot(0, press_cancel)
    (Operation(parent, work).with_progress("Exporting the team")
     .success(lambda result: outcome.append(result))
     .failure(lambda exc: outcome.append(f"failed: {exc}"))
     .finally_(lambda: outcome.append("ended"))
     .run_in_background())
    qtbot.waitUntil(lambda: "ended" in outcome, timeout=20000)
    assert outcome == ["ended"] and not warnings
    assert parent.statusBar().currentMessage().startswith("Cancelled")
    assert len(steps) < 1000
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_the_progress_dialog_counts_what_the_work_reports(parent, qtbot):
    """Slow work shows its progress dialog, which counts up as the work reports, and goes when it ends."""
    labels: list[str] = []
    release = threading.Event()

    def work(progress) -> int:
        progress(3, 10)
        release.wait(20)
        return 10

    def look() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QProgressDialog) and w.isVisible()), None)
        if dialog is None or "of" not in dialog.labelText():
            QTimer.singleShot(20, look)
            return
        labels.append(dialog.labelText())
        release.set()
    QTimer.singleShot(0, look)
    done: list[int] = []
    Operation(parent, work).with_progress("Checking forms").success(done.append).run_in_background()
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    assert labels == ["Checking forms (3 of 10)"] and done == [10]
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_waiting_for_the_work_before_closing_what_it_reads(parent, qtbot):
    release = threading.Event()
    results: list[str] = []
    op = Operation(parent, lambda _p: release.wait(20) and "read").success(results.append).run_in_background()
    assert not op.wait(0.05) and op.running
    release.set()
    assert op.wait(10)
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert results == ["read"]
