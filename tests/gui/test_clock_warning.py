"""The PC's clock reads a year earlier than the workspace's last use: the status bar says so, and work goes on."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from tests.fake_clock import FakeClock


def test_status_bar_warns_when_the_clock_has_gone_back(window, qtbot, monkeypatch, tmp_path):
    from desktop.domain import clock
    seen = clock.now()
    FakeClock(monkeypatch, datetime(seen.year - 1, seen.month, seen.day, 9, 0))
    qtbot.keyClicks(window.unlock.passphrase, "demo")
    qtbot.keyClick(window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.unlock.busy, timeout=30000)
    qtbot.waitUntil(lambda: window.shell is not None)
    label = window.clock_label
    assert label.isVisible() and label.accessibleName() == "Clock warning"
    assert label.text() == (f"⚠ The PC's clock says {seen.day:02d}/{seen.month:02d}/{seen.year - 1}, earlier than "
                            f"this workspace's last use on {seen:%d/%m/%Y}; check the date and time")
    window.grab().save(str(tmp_path / "clock.png"))
    window.lock()
    assert not label.isVisible()


def test_no_warning_when_the_clock_is_right(unlocked):
    assert not unlocked.clock_label.isVisible()
