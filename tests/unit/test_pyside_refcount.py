"""PySide6 6.12.0 on CPython 3.11 takes a reference from None on every Qt call that
returns None, and aborts ("Fatal Python error: none_dealloc"). We pin 6.11.x; this
test fails loudly if a bad combination ever comes back."""

import subprocess
import sys

SCRIPT = r"""
import sys
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
obj = QObject()
label = QLabel()
before = sys.getrefcount(None)
for i in range(200_000):
    obj.setObjectName("x")
    label.setText("y")
after = sys.getrefcount(None)
# None is immortal from 3.12; on 3.11 its count must not have fallen by the loop count.
assert after >= before - 1000, (before, after)
print("ok")
"""


def test_none_returning_qt_calls_do_not_steal_references():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
